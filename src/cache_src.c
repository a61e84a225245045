#define _POSIX_C_SOURCE 200809L /* fstat, st_mtim */
/* Compiled caches: what a pack directory or a dictionary's file is now
 * (sizes, mtimes and content hashes), for the cache header. */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache_internal.h"
#include "codes_internal.h"

const char *const ygt__drg_pack_files[CACHE_NFILES] = {
    "pack.tsv", "dx_codes.tsv", "proc_codes.tsv", "mdc.tsv", "mdc_dx.tsv", "adrg.tsv", "adrg_codes.tsv",
    "drg.tsv", "cc.tsv", "mcc.tsv", "cce.tsv", "ss_valid.tsv", "dx_map.tsv", "proc_map.tsv"};

static uint64_t mix(uint64_t h, uint64_t w) {
  h ^= w * 0x9E3779B97F4A7C15u;
  h = (h << 31) | (h >> 33);
  return h * 0xC2B2AE3D27D4EB4Fu;
}

/* Four lanes of eight bytes: the multiplications of a lane overlap with the
 * others', so hashing runs near memory speed. */
uint64_t ygt__hash64(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t lane[4] = {1, 2, 3, 4}, w;
  size_t i = 0;
  for (; i + 32 <= len; i += 32)
    for (int k = 0; k < 4; k++) {
      memcpy(&w, p + i + 8 * k, 8);
      lane[k] = mix(lane[k], w);
    }
  uint64_t h = mix(mix(lane[0], lane[1]), mix(lane[2], lane[3]));
  for (; i < len; i++) h = mix(h, p[i]);
  return mix(h, len);
}

/* Content hash of an open file, read through a small buffer (no big
 * allocation to fault in); the hash of 32 KiB blocks chained. */
static int hash_fd(int fd, uint64_t *out) {
  unsigned char buf[32768];
  uint64_t h = 0;
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) > 0) h = mix(h, ygt__hash64(buf, (size_t)got));
  *out = h;
  return got < 0 ? -1 : 0;
}

/* An absent file is described as absent (optional files may be); one that
 * exists but cannot be read, or is not a regular file, fails. */
static int describe_file(const char *path, ygt__cache_src *s) {
  memset(s, 0, sizeof *s);
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return 0;
  struct stat st;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) { close(fd); return -1; }
  int rc = hash_fd(fd, &s->hash);
  close(fd);
  s->present = 1;
  s->size = (uint64_t)st.st_size;
  s->mtime_s = (int64_t)st.st_mtim.tv_sec;
  s->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
  return rc;
}

/* The last part of the directory's path, as the loader names a pack. */
static void dir_name(const char *dir, char *out, size_t cap) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  size_t start = n;
  while (start > 0 && dir[start - 1] != '/') start--;
  memset(out, 0, cap);
  snprintf(out, cap, "%.*s", (int)(n - start), dir + start);
}

#define OFF(type, field) (uint32_t)offsetof(type, field)

/* Where the fields of the structs copied whole into an image lie: fields
 * reordered at the same sizes make another fingerprint, so an old cache is
 * not misread by a new build. */
static uint32_t field_fingerprint(void) {
  const uint32_t off[] = {
      OFF(drg_mdc, name), OFF(drg_mdc, entry), OFF(drg_mdc, qy_after), OFF(drg_mdc, qy_drg), OFF(drg_mdc, n),
      OFF(drg_adrg, mdc), OFF(drg_adrg, kind), OFF(drg_adrg, entry), OFF(drg_adrg, n), OFF(drg_drg, adrg),
      OFF(drg_drg, rule), OFF(drg_expr, text), OFF(drg_node, a), OFF(drg_set, woff), OFF(drg_key, set),
      OFF(ygt_codes, count), OFF(ygt_codes, pool_len), OFF(ygt_codes, nslots), OFF(ygt_drg_pack, dx_known),
      OFF(ygt_drg_pack, name), OFF(ygt_drg_pack, unlisted_error), OFF(ygt_drg_pack, nmdc),
      OFF(ygt_drg_pack, nadrg), OFF(ygt_drg_pack, ndrg), OFF(ygt_drg_pack, nnodes), OFF(ygt_drg_pack, nints),
      OFF(ygt_drg_pack, nsets), OFF(ygt_drg_pack, nwords), OFF(ygt_drg_pack, nkeys), OFF(ygt_drg_pack, ss_valid),
      OFF(ygt_drg_pack, ndepts), OFF(ygt_drg_pack, site_names), OFF(ygt_drg_pack, nsites),
      OFF(ygt_drg_pack, by_code_n), OFF(ygt_drg_pack, want_map)};
  return (uint32_t)ygt__hash64(off, sizeof off);
}

static void layout(uint32_t *l) {
  const size_t sizes[] = {sizeof(drg_mdc), sizeof(drg_adrg), sizeof(drg_drg), sizeof(drg_node), sizeof(drg_set),
                          sizeof(drg_key), sizeof(drg_expr), sizeof(size_t), sizeof(void *), sizeof(ygt_codes),
                          sizeof(ygt_drg_pack), field_fingerprint()};
  for (int i = 0; i < 12; i++) l[i] = (uint32_t)sizes[i];
}

static void header_init(ygt__cache_header *h, const char *magic) {
  memset(h, 0, sizeof *h);
  memcpy(h->magic, magic, 8);
  h->endian = 0x01020304u;
  h->format = 1;
  layout(h->layout);
}

int ygt__drg_cache_describe(const char *dir, ygt__cache_header *h) {
  header_init(h, "YGTDRGC");
  dir_name(dir, h->name, sizeof h->name);
  for (int i = 0; i < CACHE_NFILES; i++) {
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, ygt__drg_pack_files[i]);
    if (n < 0 || (size_t)n >= sizeof path || describe_file(path, &h->src[i])) return -1;
  }
  return 0;
}

int ygt__codes_cache_describe(const char *path, int kind, ygt__cache_header *h) {
  header_init(h, "YGTCODC");
  snprintf(h->name, sizeof h->name, "%s", kind == YGT_CODE_DIAGNOSIS ? "diagnosis" : "procedure");
  return describe_file(path, &h->src[0]) || !h->src[0].present ? -1 : 0;
}
