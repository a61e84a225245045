/* Code dictionaries: interning codes to dense ids, lookups, names, grey flags. */
#include <string.h>

#include "alloc_internal.h"
#include "codes_internal.h"
#include "error_internal.h"

int ygt_codes_new(ygt_codes **out, int kind) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_codes_new: out is NULL");
  *out = NULL;
  if (kind != YGT_CODE_DIAGNOSIS && kind != YGT_CODE_PROCEDURE)
    return ygt__error(YGT_EINVAL, "ygt_codes_new: unknown code kind %d", kind);
  ygt_codes *c = ygt__calloc(1, sizeof *c);
  if (!c) return YGT_ENOMEM;
  c->kind = kind;
  *out = c;
  return YGT_OK;
}

void ygt_codes_free(ygt_codes *c) {
  if (!c) return;
  if (c->borrowed) { ygt__free(c); return; }
  ygt__free(c->code_off);
  ygt__free(c->name_off);
  ygt__free(c->hash);
  ygt__free(c->code_len);
  ygt__free(c->grey);
  ygt__free(c->sorted);
  ygt__free(c->pool);
  ygt__free(c->slots);
  ygt__free(c);
}

int32_t ygt__codes_find(const ygt_codes *c, const char *canon, size_t len, uint32_t h) {
  if (c->nslots == 0) return YGT_ENOTFOUND;
  size_t mask = c->nslots - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    int32_t id = c->slots[i];
    if (id < 0) return YGT_ENOTFOUND;
    if (c->hash[id] == h && c->code_len[id] == len && memcmp(ygt__code_at(c, id), canon, len) == 0)
      return id;
  }
}

static void slots_insert(int32_t *slots, size_t nslots, uint32_t h, int32_t id) {
  size_t mask = nslots - 1, i = h & mask;
  while (slots[i] >= 0) i = (i + 1) & mask;
  slots[i] = id;
}

/* Keeps the table at most half full so that probes stay short. */
static int ensure_slots(ygt_codes *c, size_t need) {
  if (need * 2 <= c->nslots) return 0;
  size_t n = c->nslots ? c->nslots : 64;
  while (n < need * 2) n *= 2;
  int32_t *slots = ygt__malloc(n * sizeof *slots);
  if (!slots) return YGT_ENOMEM;
  ygt__populate(slots, n * sizeof *slots); /* written whole: one call, not a fault a page */
  memset(slots, 0xFF, n * sizeof *slots);
  for (size_t id = 0; id < c->count; id++) slots_insert(slots, n, c->hash[id], (int32_t)id);
  ygt__free(c->slots);
  c->slots = slots;
  c->nslots = n;
  return 0;
}

/* Grows every per-id array to hold `need` codes; all-or-nothing is not
 * needed: spare capacity is harmless. */
static int ensure_ids(ygt_codes *c, size_t need) {
  if (need <= c->cap) return 0;
  size_t cap = c->cap;
  size_t caps[6] = {cap, cap, cap, cap, cap, cap};
  if (ygt__grow((void **)&c->code_off, &caps[0], need, sizeof *c->code_off) ||
      ygt__grow((void **)&c->code_len, &caps[5], need, sizeof *c->code_len) ||
      ygt__grow((void **)&c->name_off, &caps[1], need, sizeof *c->name_off) ||
      ygt__grow((void **)&c->hash, &caps[2], need, sizeof *c->hash) ||
      ygt__grow((void **)&c->grey, &caps[3], need, sizeof *c->grey) ||
      ygt__grow((void **)&c->sorted, &caps[4], need, sizeof *c->sorted))
    return YGT_ENOMEM;
  size_t min = caps[0];
  for (int i = 1; i < 6; i++) min = caps[i] < min ? caps[i] : min;
  c->cap = min;
  return 0;
}

static int pool_put(ygt_codes *c, const char *s, size_t len, uint32_t *off) {
  if (c->pool_len + len + 1 > UINT32_MAX)
    return ygt__error(YGT_ELIMIT, "code dictionary text exceeds 4 GiB");
  if (ygt__grow((void **)&c->pool, &c->pool_cap, c->pool_len + len + 1, 1)) return YGT_ENOMEM;
  memcpy(c->pool + c->pool_len, s, len);
  c->pool[c->pool_len + len] = '\0';
  *off = (uint32_t)c->pool_len;
  c->pool_len += len + 1;
  return 0;
}

int ygt__codes_reserve(ygt_codes *c, size_t codes, size_t text) {
  int rc;
  if ((rc = ensure_ids(c, codes)) || (rc = ensure_slots(c, codes)) ||
      (rc = ygt__grow((void **)&c->pool, &c->pool_cap, text, 1)))
    return rc;
  ygt__populate(c->pool + c->pool_len, c->pool_cap - c->pool_len);
  ygt__populate(c->name_off, c->cap * sizeof *c->name_off);
  ygt__populate(c->code_off, c->cap * sizeof *c->code_off);
  ygt__populate(c->hash, c->cap * sizeof *c->hash);
  return 0;
}

int32_t ygt__codes_append(ygt_codes *c, const char *canon, size_t len, const char *name) {
  uint32_t h = ygt__code_hash(canon, len);
  if (ygt__codes_find(c, canon, len, h) >= 0) return YGT_EEXISTS;
  if (c->count >= INT32_MAX) return ygt__error(YGT_ELIMIT, "more than %d codes", INT32_MAX);
  uint32_t code_off = 0, name_off = 0;
  int rc;
  if ((rc = ensure_ids(c, c->count + 1)) || (rc = ensure_slots(c, c->count + 1)) ||
      (rc = pool_put(c, canon, len, &code_off)) ||
      (rc = pool_put(c, name ? name : "", name ? strlen(name) : 0, &name_off)))
    return rc;
  int32_t id = (int32_t)c->count++;
  c->code_off[id] = code_off;
  c->name_off[id] = name_off;
  c->hash[id] = h;
  c->code_len[id] = (uint8_t)len;
  c->grey[id] = 0;
  c->sorted[id] = id;
  slots_insert(c->slots, c->nslots, h, id);
  return id;
}

/* Position of the first sorted code not less than key (compared over the
 * first `len` bytes of each code). */
static size_t lower_bound(const ygt_codes *c, const char *key, size_t len, size_t n) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strncmp(ygt__code_at(c, c->sorted[mid]), key, len) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Moves the newest id into place: adding codes one by one keeps the index sorted. */
static void sorted_insert_last(ygt_codes *c) {
  int32_t id = (int32_t)c->count - 1;
  const char *code = ygt__code_at(c, id);
  size_t pos = lower_bound(c, code, strlen(code) + 1, c->count - 1);
  memmove(c->sorted + pos + 1, c->sorted + pos, (c->count - 1 - pos) * sizeof *c->sorted);
  c->sorted[pos] = id;
}

int ygt_codes_add(ygt_codes *c, const char *code, const char *name, int32_t *id) {
  char canon[YGT_CODE_MAX + 1];
  if (!c || !code) return ygt__error(YGT_EINVAL, "ygt_codes_add: NULL argument");
  int n = ygt__code_canon(canon, code, strlen(code));
  if (n < 0) return ygt__error(YGT_EINVAL, "not a valid code: '%.80s'", code);
  int32_t got = ygt__codes_append(c, canon, (size_t)n, name);
  if (got == YGT_EEXISTS) return ygt__error(YGT_EEXISTS, "code %s is already in the dictionary", canon);
  if (got < 0) return got;
  sorted_insert_last(c);
  if (id) *id = got;
  return YGT_OK;
}

int ygt_codes_set_grey(ygt_codes *c, int32_t id, int grey) {
  if (id < 0 || (size_t)id >= c->count)
    return ygt__error(YGT_ERANGE, "code id %d outside the dictionary (%zu codes)", (int)id, c->count);
  c->grey[id] = grey ? 1 : 0;
  return YGT_OK;
}

int ygt_codes_kind(const ygt_codes *c) { return c->kind; }

size_t ygt_codes_count(const ygt_codes *c) { return c->count; }

int32_t ygt_codes_id_n(const ygt_codes *c, const char *code, size_t len) {
  char canon[YGT_CODE_MAX + 1];
  if (!code) return YGT_ENOTFOUND;
  /* Most input is already canonical: a stored code matched byte for byte is
   * the answer, since stored codes are canonical and the form is idempotent. */
  int32_t id = ygt__codes_find(c, code, len, ygt__code_hash(code, len));
  if (id >= 0) return id;
  int n = ygt__code_canon(canon, code, len);
  if (n < 0) return YGT_ENOTFOUND;
  return ygt__codes_find(c, canon, (size_t)n, ygt__code_hash(canon, (size_t)n));
}

int32_t ygt_codes_id(const ygt_codes *c, const char *code) {
  return code ? ygt_codes_id_n(c, code, strlen(code)) : YGT_ENOTFOUND;
}

int64_t ygt_codes_ids(const ygt_codes *c, const char *const *list, size_t n, int32_t *ids) {
  if (!c || (!list && n) || (!ids && n)) return ygt__error(YGT_EINVAL, "ygt_codes_ids: NULL argument");
  int64_t unknown = 0;
  for (size_t i = 0; i < n; i++) {
    ids[i] = ygt_codes_id(c, list[i]);
    unknown += ids[i] < 0;
  }
  return unknown;
}

const char *ygt_codes_code(const ygt_codes *c, int32_t id) {
  return (id >= 0 && (size_t)id < c->count) ? ygt__code_at(c, id) : NULL;
}

const char *ygt_codes_name(const ygt_codes *c, int32_t id) {
  return (id >= 0 && (size_t)id < c->count) ? c->pool + c->name_off[id] : NULL;
}

int ygt_codes_is_grey(const ygt_codes *c, int32_t id) {
  if (id < 0 || (size_t)id >= c->count)
    return ygt__error(YGT_ERANGE, "code id %d outside the dictionary (%zu codes)", (int)id, c->count);
  return c->grey[id];
}

void ygt__codes_prefix_range(const ygt_codes *c, const char *prefix, size_t *first, size_t *end) {
  size_t len = strlen(prefix);
  *first = lower_bound(c, prefix, len, c->count);
  size_t i = *first;
  while (i < c->count && strncmp(ygt__code_at(c, c->sorted[i]), prefix, len) == 0) i++;
  *end = i;
}
