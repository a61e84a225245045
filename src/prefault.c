/* First-touch page faults in one call: on this project's reference machine (a
 * paravirtualised guest) a fault taken one page at a time is dear, so large
 * arrays about to be written are populated by the kernel in one madvise. */
#define _DEFAULT_SOURCE /* madvise */
#include "prefault_internal.h"

#include <stdint.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

void ygt__prefault(void *base, size_t from, size_t to) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uintptr_t a = ((uintptr_t)base + from + page - 1) / page * page, b = ((uintptr_t)base + to) / page * page;
  if (b > a) (void)madvise((void *)a, b - a, MADV_POPULATE_WRITE); /* a hint: a failure faults as before */
#else
  (void)base, (void)from, (void)to;
#endif
}
