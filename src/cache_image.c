/* Compiled caches: a pack or a dictionary as one image of sections, and the
 * object bound to such an image (cache_internal.h).  A section is a count, the element
 * size and whether the array exists, then the elements, padded to 8 bytes.
 * The writer and the reader walk the same list (walk()), so they cannot
 * disagree about the order or the lengths. */
#include <string.h>

#include "alloc_internal.h"
#include "codes_internal.h"
#include "cache_internal.h"

typedef struct section {
  uint64_t count;
  uint32_t elem, present;
} section;

/* A struct written whole (record()): where it is and where its copy went. */
typedef struct recorded {
  const char *obj;
  size_t size, off;
} recorded;

/* One walker for both directions: writing appends to buf (or only measures
 * when buf is NULL); reading checks each section against what the pack's
 * counts say and points the array into the block. */
typedef struct walker {
  int reading, bad;
  unsigned char *buf;
  size_t len, cap;
  recorded rec[3];    /* the pack and its two dictionaries */
  int nrec;
} walker;

/* Writing: the pointer at slot, if it is a field of a struct written whole,
 * is zeroed in that copy, so that the image holds no addresses and the same
 * pack always gives the same bytes. */
static void forget(walker *w, const void *slot) {
  const char *s = slot;
  for (int i = 0; w->buf && i < w->nrec; i++)
    if (s >= w->rec[i].obj && s < w->rec[i].obj + w->rec[i].size)
      memset(w->buf + w->rec[i].off + (size_t)(s - w->rec[i].obj), 0, sizeof(void *));
}

static size_t padded(size_t n) { return (n + 7) & ~(size_t)7; }

static void put(walker *w, const void *src, size_t n) {
  if (w->buf && n) memcpy(w->buf + w->len, src, n);
  if (w->buf && padded(n) > n) memset(w->buf + w->len + n, 0, padded(n) - n);
  w->len += padded(n);
}

/* Reading: the section at w->len must be of `count` elements of `elem`
 * bytes, their data there when present; returns the data or NULL. */
static void *take(walker *w, size_t count, size_t elem, int *present) {
  section s;
  if (w->bad || w->cap - w->len < sizeof s) { w->bad = 1; return NULL; }
  memcpy(&s, w->buf + w->len, sizeof s);
  w->len += sizeof s;
  size_t n = s.present ? count : 0;
  if (s.elem != elem || s.count != count || s.present > 1 || n > (w->cap - w->len) / elem ||
      padded(n * elem) > w->cap - w->len) {
    w->bad = 1;
    return NULL;
  }
  void *data = w->buf + w->len;
  w->len += padded(n * elem);
  *present = (int)s.present;
  return data;
}

/* Writes or reads one array of `count` elements at *ptr. */
static void array(walker *w, void *ptr, size_t count, size_t elem) {
  void **slot = ptr;
  if (w->reading) {
    int present = 0;
    void *data = take(w, count, elem, &present);
    *slot = present ? data : NULL;
    return;
  }
  section s = {count, (uint32_t)elem, *slot != NULL};
  forget(w, slot);
  put(w, &s, sizeof s);
  put(w, *slot, *slot ? count * elem : 0);
}

/* Structs whose pointers are meaningless in the image: reading copies the
 * scalars out, every pointer is then set by array(). */
static void record(walker *w, void *obj, size_t size) {
  if (!w->reading) {
    w->rec[w->nrec++] = (recorded){obj, size, w->len + sizeof(section)};
    array(w, &obj, 1, size);
    return;
  }
  int present = 0;
  void *data = take(w, 1, size, &present);
  if (data) memcpy(obj, data, size);
}

static void walk_codes(walker *w, ygt_codes *c) {
  record(w, c, sizeof *c);
  if (w->bad) return;
  size_t n = c->count;
  array(w, &c->code_off, n, sizeof *c->code_off);
  array(w, &c->name_off, n, sizeof *c->name_off);
  array(w, &c->hash, n, sizeof *c->hash);
  array(w, &c->code_len, n, sizeof *c->code_len);
  array(w, &c->grey, n, sizeof *c->grey);
  array(w, &c->sorted, n, sizeof *c->sorted);
  array(w, &c->pool, c->pool_len, 1);
  array(w, &c->slots, c->nslots, sizeof *c->slots);
  c->cap = c->count;
  c->pool_cap = c->pool_len;
  c->borrowed = 1;
}

/* The order arrays were sorted before the QY groups (one ADRG and one DRG an
 * MDC) were appended. */
static void walk_groups(walker *w, ygt_drg_pack *p) {
  array(w, &p->str, p->str_len, 1);
  array(w, &p->mdc, p->nmdc, sizeof *p->mdc);
  array(w, &p->mdc_order, p->nmdc, sizeof *p->mdc_order);
  array(w, &p->adrg, p->nadrg, sizeof *p->adrg);
  array(w, &p->adrg_order, p->nadrg - p->nmdc, sizeof *p->adrg_order);
  array(w, &p->drg, p->ndrg, sizeof *p->drg);
  array(w, &p->drg_order, p->ndrg - p->nmdc, sizeof *p->drg_order);
  array(w, &p->nodes, p->nnodes, sizeof *p->nodes);
  array(w, &p->ints, p->nints, sizeof *p->ints);
  for (int i = 0; i < 3; i++) array(w, &p->by_code[i], p->by_code_n[i], sizeof *p->by_code[i]);
}

static void walk_sets(walker *w, ygt_drg_pack *p) {
  size_t nd = (size_t)p->dx_known;
  array(w, &p->sets, p->nsets, sizeof *p->sets);
  array(w, &p->words, p->nwords, sizeof *p->words);
  array(w, &p->keys, p->nkeys, sizeof *p->keys);
  array(w, &p->depts, p->ndepts, sizeof *p->depts);
  array(w, &p->cce, nd, sizeof *p->cce);
  array(w, &p->cc, nd, sizeof *p->cc);
  array(w, &p->mcc, nd, sizeof *p->mcc);
  array(w, &p->site, nd, sizeof *p->site);
  array(w, &p->dx_map, p->dx->count, sizeof *p->dx_map);
  array(w, &p->proc_map, p->proc->count, sizeof *p->proc_map);
}

/* dx and proc: where the dictionaries' structs are (reading overwrites the
 * pack's meaningless pointers to them). */
static void walk(walker *w, ygt_drg_pack *p, ygt_codes *dx, ygt_codes *proc) {
  record(w, p, sizeof *p);
  forget(w, &p->dx);
  forget(w, &p->proc);
  forget(w, &p->image);
  p->dx = dx;
  p->proc = proc;
  if (w->bad || p->nadrg < p->nmdc || p->ndrg < p->nmdc || p->dx_known < 0) { w->bad = 1; return; }
  walk_codes(w, dx);
  walk_codes(w, proc);
  if (w->bad || (size_t)p->dx_known > p->dx->count) { w->bad = 1; return; }
  walk_groups(w, p);
  walk_sets(w, p);
}

/* Walks copies: writing marks the dictionaries' copies as borrowed. */
static void write_image(walker *w, const ygt_drg_pack *p) {
  ygt_drg_pack copy;
  ygt_codes dx, proc;
  memcpy(&copy, p, sizeof copy); /* memcpy copies the padding too (zero: the structs are calloc'd) */
  memcpy(&dx, p->dx, sizeof dx);
  memcpy(&proc, p->proc, sizeof proc);
  walk(w, &copy, &dx, &proc);
}

void *ygt__drg_cache_image(const ygt_drg_pack *p, size_t *len) {
  walker w = {0};
  write_image(&w, p); /* measures */
  if (!(w.buf = ygt__malloc(w.len ? w.len : 1))) return NULL;
  *len = w.len;
  w.len = 0;
  w.nrec = 0;
  write_image(&w, p);
  return w.buf;
}

/* The pack and its dictionaries are allocated apart from the block; their
 * arrays point into it and the pack frees it (ygt_drg_pack_free). */
ygt_drg_pack *ygt__drg_cache_bind(void *block, size_t len) {
  ygt_drg_pack *p = ygt__calloc(1, sizeof *p);
  ygt_codes *dx = ygt__calloc(1, sizeof *dx), *proc = ygt__calloc(1, sizeof *proc);
  walker w = {.reading = 1, .buf = block, .cap = len};
  if (p && dx && proc) walk(&w, p, dx, proc);
  if (p && dx && proc && !w.bad && w.len == len) {
    p->image = block;
    return p;
  }
  ygt__free(p);
  ygt__free(dx);
  ygt__free(proc);
  return NULL;
}

void *ygt__codes_cache_image(const ygt_codes *c, size_t *len) {
  walker w = {0};
  for (int pass = 0; pass < 2; pass++) {
    ygt_codes copy;
    memcpy(&copy, c, sizeof copy);
    w.len = 0, w.nrec = 0;
    if (pass && !(w.buf = ygt__malloc(*len ? *len : 1))) return NULL;
    walk_codes(&w, &copy);
    *len = w.len;
  }
  return w.buf;
}

/* A dictionary stays one that codes can be added to: its arrays are its own
 * allocations, copied out of the image (and faulted in at once). */
static int own(void *slot, size_t bytes) {
  void **p = slot;
  void *copy = ygt__malloc(bytes ? bytes : 1);
  if (!copy) { *p = NULL; return -1; } /* freeable: never left pointing into the image */
  ygt__populate(copy, bytes);
  if (bytes) memcpy(copy, *p, bytes);
  *p = copy;
  return 0;
}

/* Every array is tried (`|`, not `||`): each ends as a copy or NULL. */
static int own_all(ygt_codes *c) {
  size_t n = c->count;
  c->borrowed = 0;
  return own(&c->code_off, n * sizeof *c->code_off) | own(&c->name_off, n * sizeof *c->name_off) |
         own(&c->hash, n * sizeof *c->hash) | own(&c->code_len, n) | own(&c->grey, n) |
         own(&c->sorted, n * sizeof *c->sorted) | own(&c->pool, c->pool_len) |
         own(&c->slots, c->nslots * sizeof *c->slots);
}

ygt_codes *ygt__codes_cache_bind(const void *block, size_t len) {
  ygt_codes *c = ygt__calloc(1, sizeof *c);
  walker w = {.reading = 1, .buf = (unsigned char *)block, .cap = len};
  if (c) walk_codes(&w, c);
  if (!c || w.bad || w.len != len || c->nslots < 2 * c->count || (c->nslots & (c->nslots - 1))) {
    ygt__free(c);
    return NULL;
  }
  if (own_all(c)) { ygt_codes_free(c); return NULL; }
  return c;
}
