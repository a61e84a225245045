/* Internal: the compiled-pack cache of ygt_drg_pack_load_cached()
 * (doc/formats/drg-pack-cache.md).
 *
 * A cache file is a header (what it was made from) and an image: the pack's
 * arrays one after another, each 8-byte aligned, that a load reads into one
 * block and points the pack's arrays into.  It is native-endian and tied to
 * this build's struct layout, both recorded and checked; a checksum covers
 * the image.  Nothing in a cache is trusted until the header, the checksum
 * and every source file's size, mtime and content hash agree. */
#ifndef YGT_DRG_CACHE_INTERNAL_H
#define YGT_DRG_CACHE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "drg_internal.h"

/* The files a pack is read from, in a fixed order. */
enum { DRG_CACHE_NFILES = 14 };
extern const char *const ygt__drg_cache_files[DRG_CACHE_NFILES];

/* One source file as it was when the pack was read. */
typedef struct drg_cache_src {
  uint64_t size, hash;
  int64_t mtime_s, mtime_ns;
  uint32_t present, pad;
} drg_cache_src;

typedef struct drg_cache_header {
  char magic[8];                 /* "YGTDRGC\0" */
  uint32_t endian;               /* 0x01020304 as written */
  uint32_t format;               /* DRG_CACHE_FORMAT */
  uint32_t layout[12];           /* sizeof of the structs in the image */
  uint64_t image_len, image_hash;
  char dir_name[256];            /* the directory's last part (the default name) */
  drg_cache_src src[DRG_CACHE_NFILES];
} drg_cache_header;

/* Fast 64-bit hash of bytes (not cryptographic: it finds changes, not forgeries). */
uint64_t ygt__hash64(const void *data, size_t len);

/* drg_cache_src.c: the header's description of the pack directory as it is
 * now (sizes, mtimes, content hashes, name, layout).  Returns 0, or -1 when
 * a file cannot be read (no error is recorded: the caller falls back). */
int ygt__drg_cache_describe(const char *dir, drg_cache_header *h);

/* drg_pack_cache.c: the pack of the cache at path when its header matches
 * `now` (but for the image's length and hash) and its image its checksum;
 * NULL for anything else (no error is recorded). */
ygt_drg_pack *ygt__drg_cache_read(const char *path, const drg_cache_header *now);

/* drg_cache_image.c: the pack as an image (malloc'd, *len bytes), and a pack
 * whose arrays point into an image block it takes ownership of (the block
 * is 8-byte aligned, len bytes, checksum already verified).  Bind returns
 * NULL when the image's sections do not fit together. */
void *ygt__drg_cache_image(const ygt_drg_pack *p, size_t *len);
ygt_drg_pack *ygt__drg_cache_bind(void *block, size_t len);

#endif
