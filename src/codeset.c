/* Code sets: bitsets over the ids of one dictionary, built from
 * specification strings (exact codes, prefixes, ranges, exclusions). */
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "codes_internal.h"
#include "error_internal.h"

static size_t nwords(size_t nbits) { return (nbits + 63) / 64; }

int ygt_codeset_new(ygt_codeset **out, const ygt_codes *codes) {
  if (!out || !codes) return ygt__error(YGT_EINVAL, "ygt_codeset_new: NULL argument");
  *out = NULL;
  ygt_codeset *s = ygt__calloc(1, sizeof *s);
  if (!s) return YGT_ENOMEM;
  s->codes = codes;
  s->nbits = codes->count;
  s->words = ygt__calloc(nwords(s->nbits) ? nwords(s->nbits) : 1, sizeof *s->words);
  if (!s->words) { ygt__free(s); return YGT_ENOMEM; }
  *out = s;
  return YGT_OK;
}

void ygt_codeset_free(ygt_codeset *s) {
  if (!s) return;
  ygt__free(s->words);
  ygt__free(s);
}

static void set_bit(ygt_codeset *s, int32_t id) { s->words[id >> 6] |= (uint64_t)1 << (id & 63); }

int ygt_codeset_has(const ygt_codeset *s, int32_t id) { return ygt__codeset_has(s, id); }

void ygt_codeset_has_many(const ygt_codeset *s, const int32_t *ids, size_t n, uint8_t *member) {
  for (size_t i = 0; i < n; i++) member[i] = (uint8_t)ygt_codeset_has(s, ids[i]);
}

int ygt_codeset_add_id(ygt_codeset *s, int32_t id) {
  if (id < 0 || (size_t)id >= s->nbits)
    return ygt__error(YGT_ERANGE, "code id %d outside the set's dictionary (%zu codes)", (int)id, s->nbits);
  set_bit(s, id);
  return YGT_OK;
}

static int same_dictionary(const ygt_codeset *a, const ygt_codeset *b) {
  if (a->codes != b->codes) return ygt__error(YGT_EINVAL, "code sets over different dictionaries");
  return 0;
}

/* Both sets were made over the same dictionary, possibly at different sizes. */
static size_t common_words(const ygt_codeset *a, const ygt_codeset *b) {
  size_t na = nwords(a->nbits), nb = nwords(b->nbits);
  return na < nb ? na : nb;
}

int ygt_codeset_union(ygt_codeset *s, const ygt_codeset *other) {
  if (same_dictionary(s, other)) return YGT_EINVAL;
  size_t n = common_words(s, other);
  for (size_t i = 0; i < n; i++) s->words[i] |= other->words[i];
  /* other may be larger: keep s within its own bits */
  if (s->nbits % 64 && n == nwords(s->nbits))
    s->words[n - 1] &= ((uint64_t)1 << (s->nbits % 64)) - 1;
  return YGT_OK;
}

int ygt_codeset_subtract(ygt_codeset *s, const ygt_codeset *other) {
  if (same_dictionary(s, other)) return YGT_EINVAL;
  size_t n = common_words(s, other);
  for (size_t i = 0; i < n; i++) s->words[i] &= ~other->words[i];
  return YGT_OK;
}

size_t ygt_codeset_count(const ygt_codeset *s) {
  size_t n = 0;
  for (size_t i = 0; i < nwords(s->nbits); i++) n += (size_t)__builtin_popcountll(s->words[i]);
  return n;
}

size_t ygt_codeset_ids(const ygt_codeset *s, int32_t *ids, size_t cap) {
  size_t n = 0;
  for (size_t id = 0; id < s->nbits; id++)
    if (ygt_codeset_has(s, (int32_t)id)) {
      if (n < cap) ids[n] = (int32_t)id;
      n++;
    }
  return n;
}

const ygt_codes *ygt_codeset_codes(const ygt_codeset *s) { return s->codes; }

/* ---- specification strings ---- */

typedef struct spec_item {
  const char *text; /* the item as written (for errors) */
  size_t len;
  size_t offset;    /* byte offset in the spec */
} spec_item;

/* Length of a separator at s: ASCII , ; and white space, or the UTF-8 of
 * "，" (U+FF0C), "；" (U+FF1B), "、" (U+3001); 0 if none. */
static size_t separator_len(const char *s) {
  if (*s == ',' || *s == ';' || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') return 1;
  if (strncmp(s, "\xEF\xBC\x8C", 3) == 0 || strncmp(s, "\xEF\xBC\x9B", 3) == 0 ||
      strncmp(s, "\xE3\x80\x81", 3) == 0)
    return 3;
  return 0;
}

static int item_error(const spec_item *it, int code, const char *what) {
  char field[YGT_CODE_MAX * 2 + 2];
  snprintf(field, sizeof field, "%.*s", (int)(it->len < sizeof field - 1 ? it->len : sizeof field - 1), it->text);
  return ygt__error_at(code, "code set", 0, (int)it->offset + 1, field, "%s", what);
}

/* Canonical form of part of an item (a prefix or a range end). */
static int canon_part(const spec_item *it, const char *p, size_t len, char *out) {
  int n = ygt__code_canon(out, p, len);
  if (n < 0) return item_error(it, YGT_EPARSE, "not a valid code, prefix or range");
  return n;
}

static void mark_prefix(ygt_codeset *s, const char *prefix) {
  size_t first, end;
  ygt__codes_prefix_range(s->codes, prefix, &first, &end);
  for (size_t i = first; i < end; i++)
    if ((size_t)s->codes->sorted[i] < s->nbits) set_bit(s, s->codes->sorted[i]);
}

static void mark_range(ygt_codeset *s, const char *lo, const char *hi) {
  const ygt_codes *c = s->codes;
  size_t first, end, hlen = strlen(hi);
  ygt__codes_prefix_range(c, lo, &first, &end);
  for (size_t i = first; i < c->count; i++) {
    int32_t id = c->sorted[i];
    if (strncmp(ygt__code_at(c, id), hi, hlen) > 0) break;
    if ((size_t)id < s->nbits) set_bit(s, id);
  }
}

static int mark_exact(ygt_codeset *s, const spec_item *it, const char *p, size_t len) {
  char canon[YGT_CODE_MAX + 1];
  int n = canon_part(it, p, len, canon);
  if (n < 0) return n;
  int32_t id = ygt__codes_find(s->codes, canon, (size_t)n, ygt__code_hash(canon, (size_t)n));
  if (id < 0 || (size_t)id >= s->nbits) return item_error(it, YGT_ENOTFOUND, "code is not in the dictionary");
  set_bit(s, id);
  return 0;
}

/* Marks the codes an item (without its '!') names in s. */
static int mark_item(ygt_codeset *s, const spec_item *it, const char *p, size_t len) {
  char a[YGT_CODE_MAX + 1], b[YGT_CODE_MAX + 1];
  const char *dash = memchr(p, '-', len);
  int is_prefix = len > 1 && p[len - 1] == '*' && !memchr(p, '+', len);
  if (dash) {
    if (canon_part(it, p, (size_t)(dash - p), a) < 0 ||
        canon_part(it, dash + 1, len - (size_t)(dash - p) - 1, b) < 0)
      return YGT_EPARSE;
    if (strcmp(a, b) > 0) return item_error(it, YGT_EPARSE, "range runs backwards");
    mark_range(s, a, b);
    return 0;
  }
  if (is_prefix) {
    if (canon_part(it, p, len - 1, a) < 0) return YGT_EPARSE;
    mark_prefix(s, a);
    return 0;
  }
  return mark_exact(s, it, p, len);
}

/* Splits spec into items and marks inclusions in inc, exclusions in exc. */
static int apply_spec(ygt_codeset *inc, ygt_codeset *exc, const char *spec) {
  size_t i = 0;
  while (spec[i]) {
    size_t sep = separator_len(spec + i);
    if (sep) { i += sep; continue; }
    spec_item it = {spec + i, 0, i};
    while (spec[i + it.len] && !separator_len(spec + i + it.len)) it.len++;
    i += it.len;
    int neg = it.text[0] == '!';
    if (neg && it.len == 1) return item_error(&it, YGT_EPARSE, "'!' without a code");
    int rc = mark_item(neg ? exc : inc, &it, it.text + neg, it.len - (size_t)neg);
    if (rc) return rc;
  }
  return 0;
}

int ygt_codeset_add_spec(ygt_codeset *s, const char *spec) {
  if (!s || !spec) return ygt__error(YGT_EINVAL, "ygt_codeset_add_spec: NULL argument");
  ygt_codeset *inc = NULL, *exc = NULL;
  int rc = ygt_codeset_new(&inc, s->codes);
  if (!rc) rc = ygt_codeset_new(&exc, s->codes);
  if (!rc) rc = apply_spec(inc, exc, spec);
  if (!rc) {
    ygt_codeset_union(s, inc);
    ygt_codeset_subtract(s, exc);
  }
  ygt_codeset_free(inc);
  ygt_codeset_free(exc);
  return rc;
}

int ygt_codeset_parse(ygt_codeset **out, const ygt_codes *codes, const char *spec) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_codeset_parse: out is NULL");
  *out = NULL;
  ygt_codeset *s;
  int rc = ygt_codeset_new(&s, codes);
  if (rc) return rc;
  if ((rc = ygt_codeset_add_spec(s, spec))) { ygt_codeset_free(s); return rc; }
  *out = s;
  return YGT_OK;
}
