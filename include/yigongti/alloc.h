/**
 * @file alloc.h
 * @brief Allocator hook: route every allocation of the library through the
 *        caller's functions.
 */
#ifndef YIGONGTI_ALLOC_H
#define YIGONGTI_ALLOC_H

#include <yigongti/common.h>

YGT_BEGIN_DECLS

/**
 * @brief Allocate @p size bytes, like malloc(); return NULL on failure.
 * @param size Number of bytes, never 0.
 * @param user_data The pointer given to ygt_set_allocator().
 */
typedef void *(*ygt_malloc_fn)(size_t size, void *user_data);

/**
 * @brief Resize a block, like realloc(); return NULL on failure and leave @p ptr intact.
 * @param ptr A block from this allocator, or NULL.
 * @param size New size in bytes, never 0.
 * @param user_data The pointer given to ygt_set_allocator().
 */
typedef void *(*ygt_realloc_fn)(void *ptr, size_t size, void *user_data);

/**
 * @brief Release a block from this allocator; @p ptr is never NULL.
 * @param ptr The block.
 * @param user_data The pointer given to ygt_set_allocator().
 */
typedef void (*ygt_free_fn)(void *ptr, void *user_data);

/**
 * @brief Replace the allocator used by the whole library.
 *
 * Set it once, before the first object is created: blocks must be freed by
 * the allocator that made them, so the call fails while any block from the
 * current allocator is still live.  The functions must be thread-safe if the
 * library is used from several threads.
 *
 * @param malloc_fn  Allocation function, or NULL to restore the C library's allocator.
 * @param realloc_fn Reallocation function; NULL only together with @p malloc_fn NULL.
 * @param free_fn    Release function; NULL only together with @p malloc_fn NULL.
 * @param user_data  Passed unchanged to the three functions; may be NULL.
 * @return #YGT_OK; #YGT_EINVAL if only some of the functions are NULL;
 *         #YGT_ESTATE if blocks from the current allocator are still live.
 */
YGT_API int ygt_set_allocator(ygt_malloc_fn malloc_fn, ygt_realloc_fn realloc_fn,
                              ygt_free_fn free_fn, void *user_data);

/**
 * @brief Number of blocks the library currently holds from its allocator.
 *
 * Meant for leak checks in tests and for deciding whether
 * ygt_set_allocator() may be called.
 * @return The count of live blocks (0 when every object has been freed).
 */
YGT_API size_t ygt_allocated_blocks(void);

YGT_END_DECLS

#endif /* YIGONGTI_ALLOC_H */
