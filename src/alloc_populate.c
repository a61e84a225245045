#define _DEFAULT_SOURCE /* madvise */
/* Faulting in a fresh allocation's pages in one call (alloc_internal.h). */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc_internal.h"

/* Only whole pages inside the block, and only a hint: where the call is
 * missing or refused the pages fault in one by one as they are written. */
void ygt__populate(void *block, size_t len) {
#ifdef MADV_POPULATE_WRITE
  if (!block || len < 65536) return;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t from = ((uintptr_t)block + page - 1) & ~(page - 1), to = ((uintptr_t)block + len) & ~(page - 1);
  if (to > from) (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
  (void)block, (void)len;
#endif
}
