/* The allocator hook and the library's allocation wrappers. */
#include "yigongti/alloc.h"

#include "alloc_internal.h"
#include "error_internal.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *default_malloc(size_t size, void *ud) { (void)ud; return malloc(size); }
static void *default_realloc(void *p, size_t size, void *ud) { (void)ud; return realloc(p, size); }
static void default_free(void *p, void *ud) { (void)ud; free(p); }

static ygt_malloc_fn hook_malloc = default_malloc;
static ygt_realloc_fn hook_realloc = default_realloc;
static ygt_free_fn hook_free = default_free;
static void *hook_user_data;

/* Live blocks from the current allocator: a block must be freed by the
 * allocator that made it, so the hook may only change while this is 0. */
static atomic_size_t live_blocks;

int ygt_set_allocator(ygt_malloc_fn malloc_fn, ygt_realloc_fn realloc_fn,
                      ygt_free_fn free_fn, void *user_data) {
  int given = (malloc_fn != NULL) + (realloc_fn != NULL) + (free_fn != NULL);
  if (given != 0 && given != 3)
    return ygt__error(YGT_EINVAL, "ygt_set_allocator: give all three functions or none");
  size_t live = atomic_load(&live_blocks);
  if (live != 0)
    return ygt__error(YGT_ESTATE, "ygt_set_allocator: %zu blocks from the current allocator are still live", live);
  hook_malloc = malloc_fn ? malloc_fn : default_malloc;
  hook_realloc = realloc_fn ? realloc_fn : default_realloc;
  hook_free = free_fn ? free_fn : default_free;
  hook_user_data = malloc_fn ? user_data : NULL;
  return YGT_OK;
}

size_t ygt_allocated_blocks(void) { return atomic_load(&live_blocks); }

static void *out_of_memory(size_t size) {
  ygt__error(YGT_ENOMEM, "out of memory (allocating %zu bytes)", size);
  return NULL;
}

void *ygt__malloc(size_t size) {
  if (size == 0) size = 1;
  void *p = hook_malloc(size, hook_user_data);
  if (!p) return out_of_memory(size);
  atomic_fetch_add(&live_blocks, 1);
  return p;
}

void *ygt__calloc(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size) return out_of_memory(SIZE_MAX);
  size_t bytes = count * size;
  void *p = ygt__malloc(bytes);
  if (p) memset(p, 0, bytes != 0 ? bytes : 1);
  return p;
}

void *ygt__realloc(void *ptr, size_t size) {
  if (!ptr) return ygt__malloc(size);
  if (size == 0) size = 1;
  void *p = hook_realloc(ptr, size, hook_user_data);
  return p ? p : out_of_memory(size);
}

void ygt__free(void *ptr) {
  if (!ptr) return;
  hook_free(ptr, hook_user_data);
  atomic_fetch_sub(&live_blocks, 1);
}

char *ygt__strndup(const char *s, size_t len) {
  char *p = ygt__malloc(len + 1);
  if (!p) return NULL;
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *ygt__strdup(const char *s) { return ygt__strndup(s, strlen(s)); }

int ygt__grow(void **items, size_t *cap, size_t need, size_t elem_size) {
  if (need <= *cap) return YGT_OK;
  size_t new_cap = *cap ? *cap : 8;
  while (new_cap < need) {
    if (new_cap > SIZE_MAX / 2) { new_cap = need; break; }
    new_cap *= 2;
  }
  if (elem_size != 0 && new_cap > SIZE_MAX / elem_size) {
    out_of_memory(SIZE_MAX);
    return YGT_ENOMEM;
  }
  void *p = ygt__realloc(*items, new_cap * elem_size);
  if (!p) return YGT_ENOMEM;
  *items = p;
  *cap = new_cap;
  return YGT_OK;
}
