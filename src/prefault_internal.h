/* Internal: populate the pages of bytes from .. to - 1 of an array that is
 * about to be written (prefault.c); only a hint, nothing changes if it fails. */
#ifndef YGT_PREFAULT_INTERNAL_H
#define YGT_PREFAULT_INTERNAL_H

#include <stddef.h>

void ygt__prefault(void *base, size_t from, size_t to);

#endif
