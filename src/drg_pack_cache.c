/* DRG rule packs through a compiled cache (ygt_drg_pack_load_cached, see
 * doc/formats/drg-pack-cache.md): a cache that matches the pack directory
 * as it is now is read in one block; anything else is ignored, the text is
 * parsed and the cache rewritten. */
#include <string.h>

#include "alloc_internal.h"
#include "cache_internal.h"
#include "error_internal.h"

ygt_drg_pack *ygt__drg_cache_read(const char *path, const ygt__cache_header *now) {
  size_t len = 0;
  void *block = ygt__cache_read(path, now, &len);
  ygt_drg_pack *p = block ? ygt__drg_cache_bind(block, len) : NULL;
  if (block && !p) ygt__free(block);
  return p;
}

static void write_cache(const char *path, ygt__cache_header *h, const ygt_drg_pack *p) {
  size_t len = 0;
  void *image = ygt__drg_cache_image(p, &len);
  if (!image) return;
  ygt__cache_write(path, h, image, len);
  ygt__free(image);
}

/* The cache is written only when the directory did not change while the
 * text was read (the same description before and after). */
int ygt_drg_pack_load_cached(ygt_drg_pack **out, const char *dir, const char *cache_path) {
  if (out) *out = NULL;
  if (!out || !dir || !cache_path) return ygt__error(YGT_EINVAL, "ygt_drg_pack_load_cached: NULL argument");
  ygt__cache_header before, after;
  int described = ygt__drg_cache_describe(dir, &before) == 0;
  if (described && (*out = ygt__drg_cache_read(cache_path, &before))) return YGT_OK;
  int rc = ygt_drg_pack_load(out, dir);
  if (!rc && described && ygt__drg_cache_describe(dir, &after) == 0 && memcmp(&before, &after, sizeof before) == 0)
    write_cache(cache_path, &before, *out);
  return rc;
}

int ygt_drg_pack_cached(const ygt_drg_pack *pack) { return pack && pack->image != NULL; }
