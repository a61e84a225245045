#define _DEFAULT_SOURCE /* mkstemp */
/* DRG rule packs through a compiled cache (ygt_drg_pack_load_cached, see
 * doc/formats/drg-pack-cache.md): a cache that matches the pack directory
 * as it is now is read in one block; anything else is ignored, the text is
 * parsed and the cache rewritten (temporary file, then rename). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "drg_cache_internal.h"
#include "error_internal.h"

/* Reads exactly n bytes; 0 or -1 (error or a short file). */
static int read_all(int fd, void *buf, size_t n) {
  for (size_t got = 0; got < n;) {
    ssize_t r = read(fd, (char *)buf + got, n - got);
    if (r <= 0) return -1;
    got += (size_t)r;
  }
  return 0;
}

/* The image after a header equal to `now` (but for the image's length and
 * hash), checked against its hash; NULL otherwise. */
static void *read_image(int fd, drg_cache_header *now, size_t *len) {
  struct stat st;
  drg_cache_header h;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < sizeof h || read_all(fd, &h, sizeof h))
    return NULL;
  now->image_len = h.image_len;
  now->image_hash = h.image_hash;
  if (memcmp(&h, now, sizeof h) != 0 || h.image_len != (uint64_t)st.st_size - sizeof h || !h.image_len) return NULL;
  void *block = ygt__malloc((size_t)h.image_len);
  ygt__populate(block, (size_t)h.image_len);
  if (!block || ((uintptr_t)block & 7) || read_all(fd, block, (size_t)h.image_len) ||
      ygt__hash64(block, (size_t)h.image_len) != h.image_hash) {
    ygt__free(block);
    return NULL;
  }
  *len = (size_t)h.image_len;
  return block;
}

ygt_drg_pack *ygt__drg_cache_read(const char *path, const drg_cache_header *now) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return NULL;
  size_t len = 0;
  drg_cache_header want = *now;
  void *block = read_image(fd, &want, &len);
  close(fd);
  ygt_drg_pack *p = block ? ygt__drg_cache_bind(block, len) : NULL;
  if (block && !p) ygt__free(block);
  return p;
}

static int write_all(int fd, const void *buf, size_t n) {
  for (size_t put = 0; put < n;) {
    ssize_t w = write(fd, (const char *)buf + put, n - put);
    if (w <= 0) return -1;
    put += (size_t)w;
  }
  return 0;
}

/* The whole cache into a temporary file beside it, then renamed over it:
 * readers see the old cache or the new one, never a part. */
static int write_file(const char *path, const drg_cache_header *h, const void *image) {
  char tmp[4096];
  int n = snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
  if (n < 0 || (size_t)n >= sizeof tmp) return -1;
  int fd = mkstemp(tmp);
  if (fd < 0) return -1;
  int rc = write_all(fd, h, sizeof *h) || write_all(fd, image, (size_t)h->image_len);
  rc |= close(fd);
  if (!rc) rc = rename(tmp, path);
  if (rc) unlink(tmp);
  return rc ? -1 : 0;
}

static void write_cache(const char *path, drg_cache_header *h, const ygt_drg_pack *p) {
  size_t len = 0;
  void *image = ygt__drg_cache_image(p, &len);
  if (!image) return;
  h->image_len = len;
  h->image_hash = ygt__hash64(image, len);
  (void)write_file(path, h, image);
  ygt__free(image);
}

/* The cache is written only when the directory did not change while the
 * text was read (the same description before and after). */
int ygt_drg_pack_load_cached(ygt_drg_pack **out, const char *dir, const char *cache_path) {
  if (out) *out = NULL;
  if (!out || !dir || !cache_path) return ygt__error(YGT_EINVAL, "ygt_drg_pack_load_cached: NULL argument");
  drg_cache_header before, after;
  int described = ygt__drg_cache_describe(dir, &before) == 0;
  if (described && (*out = ygt__drg_cache_read(cache_path, &before))) return YGT_OK;
  int rc = ygt_drg_pack_load(out, dir);
  if (!rc && described && ygt__drg_cache_describe(dir, &after) == 0 && memcmp(&before, &after, sizeof before) == 0)
    write_cache(cache_path, &before, *out);
  return rc;
}

int ygt_drg_pack_cached(const ygt_drg_pack *pack) { return pack && pack->image != NULL; }
