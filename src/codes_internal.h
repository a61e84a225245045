/* Internal layout of code dictionaries and sets (include/yigongti/codes.h). */
#ifndef YGT_CODES_INTERNAL_H
#define YGT_CODES_INTERNAL_H

#include <stdint.h>

#include "yigongti/codes.h"

struct ygt_codes {
  int kind;
  size_t count, cap;
  uint32_t *code_off;  /* per id: offset of the canonical code in pool */
  uint32_t *name_off;  /* per id: offset of the name in pool */
  uint32_t *hash;      /* per id: hash of the code (speeds up probing) */
  uint8_t *code_len;   /* per id: length of the code (<= YGT_CODE_MAX) */
  uint8_t *grey;       /* per id: 1 for grey codes */
  int32_t *sorted;     /* ids in increasing code order */
  char *pool;          /* NUL-terminated codes and names */
  size_t pool_len, pool_cap;
  int32_t *slots;      /* open-addressing hash table of ids, -1 = empty */
  size_t nslots;       /* a power of two, at least twice count */
  int borrowed;        /* the arrays belong to a cached pack's image (never freed here) */
};

struct ygt_codeset {
  const ygt_codes *codes;
  size_t nbits;        /* the dictionary's count when the set was made */
  uint64_t *words;
};

/* Canonical form of a code of `len` bytes into out (cap >= YGT_CODE_MAX + 1).
 * Returns its length or YGT_EINVAL; records no error (hot path). */
int ygt__code_canon(char *out, const char *code, size_t len);

/* Hash of a canonical code. */
uint32_t ygt__code_hash(const char *code, size_t len);

/* Id of a canonical code, or YGT_ENOTFOUND. */
int32_t ygt__codes_find(const ygt_codes *codes, const char *canon, size_t len, uint32_t h);

/* Appends a canonical code without updating the sorted index (the loader
 * sorts once at the end with ygt__codes_sort).  Returns the id or a negative
 * code: YGT_EEXISTS, YGT_ELIMIT, YGT_ENOMEM (error recorded except EEXISTS). */
int32_t ygt__codes_append(ygt_codes *codes, const char *canon, size_t len, const char *name);

/* Makes room for `codes` codes and `text` bytes of codes and names at once:
 * a loader that knows its input's size avoids growing (copying and faulting
 * in) every array many times.  Returns 0 or YGT_ENOMEM. */
int ygt__codes_reserve(ygt_codes *codes, size_t codes_n, size_t text);

/* Rebuilds the sorted index; returns 0 or YGT_ENOMEM. */
int ygt__codes_sort(ygt_codes *codes);

/* Range of positions in codes->sorted whose code starts with prefix. */
void ygt__codes_prefix_range(const ygt_codes *codes, const char *prefix, size_t *first, size_t *end);

/* Membership, inline: hot loops (DIP matching, referral rules) test sets
 * per case without a call through the PLT. */
static inline int ygt__codeset_has(const ygt_codeset *s, int32_t id) {
  return id >= 0 && (size_t)id < s->nbits && ((s->words[id >> 6] >> (id & 63)) & 1);
}

static inline const char *ygt__code_at(const ygt_codes *codes, int32_t id) {
  return codes->pool + codes->code_off[id];
}

#endif
