/* Code lists through a compiled cache (ygt_codes_load_cached, see
 * doc/formats/drg-pack-cache.md): a cache that matches the list's file as it
 * is now is read in one block; anything else is ignored, the text is parsed
 * and the cache rewritten. */
#include <string.h>

#include "alloc_internal.h"
#include "cache_internal.h"
#include "codes_internal.h"
#include "error_internal.h"

static ygt_codes *read_cache(const char *path, const ygt__cache_header *now) {
  size_t len = 0;
  void *block = ygt__cache_read(path, now, &len);
  ygt_codes *c = block ? ygt__codes_cache_bind(block, len) : NULL;
  ygt__free(block);
  return c;
}

static void write_cache(const char *path, ygt__cache_header *h, const ygt_codes *c) {
  size_t len = 0;
  void *image = ygt__codes_cache_image(c, &len);
  if (!image) return;
  ygt__cache_write(path, h, image, len);
  ygt__free(image);
}

/* The cache is written only when the file did not change while its text
 * was read (the same description before and after). */
int ygt_codes_load_cached(ygt_codes **out, int kind, const char *path, const char *cache_path) {
  if (out) *out = NULL;
  if (!out || !path || !cache_path) return ygt__error(YGT_EINVAL, "ygt_codes_load_cached: NULL argument");
  ygt__cache_header before, after;
  int described = ygt__codes_cache_describe(path, kind, &before) == 0;
  ygt_codes *c = described ? read_cache(cache_path, &before) : NULL;
  if (c && c->kind == kind) { *out = c; return YGT_OK; }
  ygt_codes_free(c);
  int rc = ygt_codes_load(out, kind, path);
  if (!rc && described && ygt__codes_cache_describe(path, kind, &after) == 0 &&
      memcmp(&before, &after, sizeof before) == 0)
    write_cache(cache_path, &before, *out);
  return rc;
}
