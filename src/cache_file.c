#define _DEFAULT_SOURCE /* mkstemp */
/* Compiled caches: reading a cache file whose header matches, writing one
 * atomically (cache_internal.h). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "cache_internal.h"

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
static void *read_image(int fd, ygt__cache_header *now, size_t *len) {
  struct stat st;
  ygt__cache_header h;
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

void *ygt__cache_read(const char *path, const ygt__cache_header *now, size_t *len) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return NULL;
  ygt__cache_header want = *now;
  void *block = read_image(fd, &want, len);
  close(fd);
  return block;
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
static int write_file(const char *path, const ygt__cache_header *h, const void *image) {
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

void ygt__cache_write(const char *path, ygt__cache_header *h, const void *image, size_t len) {
  h->image_len = len;
  h->image_hash = ygt__hash64(image, len);
  (void)write_file(path, h, image);
}
