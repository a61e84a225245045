/* Internal: every allocation of the library goes through these wrappers so
 * that the caller's allocator hook (include/yigongti/alloc.h) sees it.  On
 * failure they record YGT_ENOMEM in the error channel and return NULL. */
#ifndef YGT_ALLOC_INTERNAL_H
#define YGT_ALLOC_INTERNAL_H

#include <stddef.h>

void *ygt__malloc(size_t size);
void *ygt__calloc(size_t count, size_t size);
void *ygt__realloc(void *ptr, size_t size);
void ygt__free(void *ptr);
char *ygt__strdup(const char *s);
char *ygt__strndup(const char *s, size_t len);

/* Make room for at least `need` elements of `elem_size` bytes in the array
 * *items of capacity *cap, growing geometrically.  Returns 0 or YGT_ENOMEM;
 * on failure *items and *cap are unchanged. */
int ygt__grow(void **items, size_t *cap, size_t need, size_t elem_size);

/* Faults in the pages of a block about to be written whole (a file's bytes,
 * a cached image): one call instead of a page fault a page, which is dear
 * on virtual machines.  A hint only; blocks under 64 KiB are left alone. */
void ygt__populate(void *block, size_t len);

#endif
