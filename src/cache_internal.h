/* Internal: compiled caches of rule packs and code dictionaries
 * (ygt_drg_pack_load_cached, ygt_codes_load_cached; doc/formats/drg-pack-cache.md).
 *
 * A cache file is a header (what it was made from) and an image: the
 * object's arrays one after another, each 8-byte aligned, that a load reads
 * into one block.  It is native-endian and tied to this build's struct
 * layout, both recorded and checked; a checksum covers the image.  Nothing
 * in a cache is trusted until the header, the checksum and every source
 * file's size, mtime and content hash agree. */
#ifndef YGT_CACHE_INTERNAL_H
#define YGT_CACHE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "drg_internal.h"

/* The files a pack is read from, in a fixed order (a dictionary has one). */
enum { CACHE_NFILES = 14 };
extern const char *const ygt__drg_pack_files[CACHE_NFILES];

/* One source file as it was when the object was read. */
typedef struct ygt__cache_src {
  uint64_t size, hash;
  int64_t mtime_s, mtime_ns;
  uint32_t present, pad;
} ygt__cache_src;

typedef struct ygt__cache_header {
  char magic[8];                 /* "YGTDRGC\0" (pack) or "YGTCODC\0" (dictionary) */
  uint32_t endian;               /* 0x01020304 as written */
  uint32_t format;               /* 1 */
  uint32_t layout[12];           /* sizeof of the structs in the image */
  uint64_t image_len, image_hash;
  char name[256];                /* a pack: its directory's last part; a dictionary: its kind */
  ygt__cache_src src[CACHE_NFILES];
} ygt__cache_header;

/* cache_src.c.  A fast 64-bit hash of bytes (not cryptographic: it finds
 * changes, not forgeries).  The header's description of a pack directory or
 * a dictionary's file as it is now (sizes, mtimes, content hashes, name,
 * layout): 0, or -1 when a file cannot be read (no error is recorded: the
 * caller reads the text, which reports it). */
uint64_t ygt__hash64(const void *data, size_t len);
int ygt__drg_cache_describe(const char *dir, ygt__cache_header *h);
int ygt__codes_cache_describe(const char *path, int kind, ygt__cache_header *h);

/* cache_file.c.  The image of the cache at path when its header equals
 * `now` but for the image's length and hash, and the image its checksum: a
 * block of *len bytes (8-byte aligned); NULL for anything else.  Writing:
 * into a temporary file beside path, renamed over it; fails silently. */
void *ygt__cache_read(const char *path, const ygt__cache_header *now, size_t *len);
void ygt__cache_write(const char *path, ygt__cache_header *h, const void *image, size_t len);

/* drg_pack_cache.c: the pack of a matching cache, or NULL. */
ygt_drg_pack *ygt__drg_cache_read(const char *path, const ygt__cache_header *now);

/* cache_image.c: a pack or a dictionary as an image (malloc'd, *len bytes);
 * a pack whose arrays point into an image block it takes ownership of; a
 * dictionary with its own copies of an image's arrays (the block stays the
 * caller's).  Bind returns NULL when the image's sections do not fit. */
void *ygt__drg_cache_image(const ygt_drg_pack *p, size_t *len);
ygt_drg_pack *ygt__drg_cache_bind(void *block, size_t len);
void *ygt__codes_cache_image(const ygt_codes *c, size_t *len);
ygt_codes *ygt__codes_cache_bind(const void *block, size_t len);

#endif
