/* DRG rule expressions: compiling the pack's expression language (see
 * doc/formats/drg-pack.md) into nodes at load time, and evaluating them. */
#include "drg_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "lex_internal.h"

enum { MAX_DEPTH = 64 };

typedef struct parser {
  ygt_drg_pack *p;
  const ygt_table *t;
  int col, scope, depth;
  int32_t mdc, adrg;
  const char *s;
  size_t pos;
} parser;

static const char *const flag_words[] = {"TRUE", "FALSE", "MCC", "CC", "HAS_PROC", "HAS_SDX", NULL};
static const uint8_t flag_ops[] = {OP_TRUE, OP_FALSE, OP_MCC, OP_CC, OP_HAS_PROC, OP_HAS_SDX};
static const char *const sel_words[] = {"pdx", "anydx", "sdx", "proc1", "anyproc", "dept", NULL};
static const char *const set_words[] = {"MDC", "SS_VALID", "PDX", "SDX", "PPROC", "SPROC", "DEPT", NULL};
static const char *const var_words[] = {"AGE", "AGE_DAYS", "WEIGHT", "LOS", "SEX", "LEAVING", "SITES", NULL};

static int fail(parser *ps, const char *fmt, ...) YGT_PRINTF(2, 3);

static int fail(parser *ps, const char *fmt, ...) {
  char text[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  return ygt__table_error(ps->t, ps->col, YGT_EPARSE, "expression '%.200s': at character %zu: %s",
                          ps->s, ps->pos + 1, text);
}

static void skip_space(parser *ps) {
  while (ps->s[ps->pos] == ' ' || ps->s[ps->pos] == '\t') ps->pos++;
}

/* Reads a word into w (at most cap - 1 bytes); returns its length, 0 if none. */
static size_t read_word(parser *ps, char *w, size_t cap) {
  skip_space(ps);
  size_t n = ygt__lex_copy_word(ps->s + ps->pos, 0, w, cap);
  ps->pos += n;
  return n;
}

static int peek_word(parser *ps, const char *word) {
  skip_space(ps);
  return ygt__lex_is_word(ps->s + ps->pos, word);
}

static int accept(parser *ps, char ch) {
  skip_space(ps);
  if (ps->s[ps->pos] != ch) return 0;
  ps->pos++;
  return 1;
}

static int lookup(const char *const *words, const char *w) {
  for (int i = 0; words[i]; i++)
    if (strcmp(words[i], w) == 0) return i;
  return -1;
}

static int read_int(parser *ps, int32_t *out) {
  skip_space(ps);
  const char *start = ps->s + ps->pos;
  size_t n = (start[0] == '-');
  while (start[n] >= '0' && start[n] <= '9') n++;
  if (n == 0 || (n == 1 && start[0] == '-')) return fail(ps, "expected an integer");
  char buf[24];
  int64_t v;
  if (n >= sizeof buf) return fail(ps, "integer too long");
  memcpy(buf, start, n);
  buf[n] = '\0';
  if (ygt__parse_int64(buf, &v) || v < INT32_MIN || v > INT32_MAX)
    return fail(ps, "integer out of range: %s", buf);
  ps->pos += n;
  *out = (int32_t)v;
  return YGT_OK;
}

static int32_t add_node(parser *ps, uint8_t op, int32_t a, int32_t b) {
  ygt_drg_pack *p = ps->p;
  if (p->nnodes >= INT32_MAX) return ygt__error(YGT_ELIMIT, "too many expression nodes");
  if (ygt__grow((void **)&p->nodes, &p->nodes_cap, p->nnodes + 1, sizeof *p->nodes)) return YGT_ENOMEM;
  drg_node *n = &p->nodes[p->nnodes];
  memset(n, 0, sizeof *n);
  n->op = op;
  n->a = a;
  n->b = b;
  return (int32_t)p->nnodes++;
}

static int32_t parse_expr(parser *ps);

/* set = NAME [ "[" tag "]" ], checked against the selector and the scope. */
static int32_t parse_set(parser *ps, int sel) {
  char w[32];
  if (!read_word(ps, w, sizeof w)) return fail(ps, "expected a set name after 'in'");
  int role = lookup(set_words, w);
  if (role < 0) return fail(ps, "unknown set '%s'", w);
  int32_t tag = 0;
  if (ps->s[ps->pos] == '[') {
    ps->pos++;
    int rc = read_int(ps, &tag);
    if (rc) return rc;
    if (tag < 1 || tag > 99) return fail(ps, "tag %d outside 1..99", tag);
    if (!accept(ps, ']')) return fail(ps, "expected ']'");
    if (role < ROLE_PDX) return fail(ps, "set %s takes no tag", w);
  }
  int dx_set = role == ROLE_MDC || role == ROLE_PDX || role == ROLE_SDX;
  int proc_set = role == ROLE_SS_VALID || role == ROLE_PPROC || role == ROLE_SPROC;
  int sel_dx = sel <= SEL_SDX, sel_proc = sel == SEL_PROC1 || sel == SEL_ANYPROC;
  if ((sel_dx && !dx_set) || (sel_proc && !proc_set) || (sel == SEL_DEPT && role != ROLE_DEPT))
    return fail(ps, "selector %s cannot be tested against set %s", sel_words[sel], w);
  if (ps->scope == SCOPE_MDC && role >= ROLE_PDX)
    return fail(ps, "set %s belongs to an ADRG and cannot be used in an MDC rule", w);
  int32_t owner = role == ROLE_MDC ? ps->mdc : role == ROLE_SS_VALID ? 0 : ps->adrg;
  int32_t node = add_node(ps, OP_MEMBER, owner, role | tag << 8);
  if (node >= 0) ps->p->nodes[node].sel = (uint8_t)sel;
  return node;
}

static int32_t parse_inlist(parser *ps, int var) {
  if (!accept(ps, '(')) return fail(ps, "expected '(' after 'in'");
  ygt_drg_pack *p = ps->p;
  size_t first = p->nints;
  do {
    int32_t v;
    int rc = read_int(ps, &v);
    if (rc) return rc;
    if (ygt__grow((void **)&p->ints, &p->ints_cap, p->nints + 1, sizeof *p->ints)) return YGT_ENOMEM;
    p->ints[p->nints++] = v;
  } while (accept(ps, ','));
  if (!accept(ps, ')')) return fail(ps, "expected ',' or ')' in a value list");
  int32_t node = add_node(ps, OP_IN, (int32_t)first, (int32_t)(p->nints - first));
  if (node >= 0) p->nodes[node].var = (uint8_t)var;
  return node;
}

static int read_op(parser *ps) {
  static const char *const ops[] = {"<=", ">=", "==", "!=", "<", ">"};
  static const uint8_t cmp[] = {CMP_LE, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_GT};
  skip_space(ps);
  for (int i = 0; i < 6; i++) {
    size_t n = strlen(ops[i]);
    if (strncmp(ps->s + ps->pos, ops[i], n) == 0) {
      ps->pos += n;
      return cmp[i];
    }
  }
  return -1;
}

static int32_t parse_var(parser *ps, int var) {
  if (peek_word(ps, "in")) {
    ps->pos += 2;
    return parse_inlist(ps, var);
  }
  int cmp = read_op(ps);
  if (cmp < 0) return fail(ps, "expected a comparison or 'in' after %s", var_words[var]);
  int32_t value;
  int rc = read_int(ps, &value);
  if (rc) return rc;
  int32_t node = add_node(ps, OP_CMP, value, 0);
  if (node >= 0) {
    ps->p->nodes[node].var = (uint8_t)var;
    ps->p->nodes[node].cmp = (uint8_t)cmp;
  }
  return node;
}

static int32_t parse_atom(parser *ps) {
  char w[32];
  size_t at = ps->pos;
  if (!read_word(ps, w, sizeof w)) return fail(ps, "expected a condition");
  int i;
  if ((i = lookup(flag_words, w)) >= 0) return add_node(ps, flag_ops[i], 0, 0);
  if ((i = lookup(var_words, w)) >= 0) return parse_var(ps, i);
  if ((i = lookup(sel_words, w)) < 0) {
    ps->pos = at;
    skip_space(ps);
    return fail(ps, "unknown word '%s'", w);
  }
  if (!peek_word(ps, "in")) return fail(ps, "expected 'in' after %s", w);
  ps->pos += 2;
  return parse_set(ps, i);
}

static int32_t parse_unary(parser *ps) {
  if (++ps->depth > MAX_DEPTH) return fail(ps, "nested more than %d levels", MAX_DEPTH);
  int32_t r;
  if (peek_word(ps, "not")) {
    ps->pos += 3;
    r = parse_unary(ps);
    if (r >= 0) r = add_node(ps, OP_NOT, r, 0);
  } else if (accept(ps, '(')) {
    r = parse_expr(ps);
    if (r >= 0 && !accept(ps, ')')) r = fail(ps, "expected ')'");
  } else {
    r = parse_atom(ps);
  }
  ps->depth--;
  return r;
}

/* One level of a left-associative chain: conj joined by "or", or unary
 * joined by "and". */
static int32_t parse_chain(parser *ps, const char *word, uint8_t op, int32_t (*sub)(parser *)) {
  int32_t left = sub(ps);
  while (left >= 0 && peek_word(ps, word)) {
    ps->pos += strlen(word);
    int32_t right = sub(ps);
    if (right < 0) return right;
    left = add_node(ps, op, left, right);
  }
  return left;
}

static int32_t parse_conj(parser *ps) { return parse_chain(ps, "and", OP_AND, parse_unary); }

static int32_t parse_expr(parser *ps) { return parse_chain(ps, "or", OP_OR, parse_conj); }

int ygt__drg_compile(ygt_drg_pack *p, const ygt_table *t, int col, int scope, int32_t owner_mdc,
                     int32_t owner_adrg, drg_expr *out) {
  parser ps = {p, t, col, scope, 0, owner_mdc, owner_adrg, ygt__table_field(t, col), 0};
  size_t first = p->nnodes;
  if (!ps.s[0]) return ygt__table_error(t, col, YGT_EPARSE, "empty expression");
  int32_t root = parse_expr(&ps);
  if (root >= 0) {
    skip_space(&ps);
    if (ps.s[ps.pos]) root = fail(&ps, "unexpected text '%.40s'", ps.s + ps.pos);
  }
  if (root < 0) {
    p->nnodes = first;
    return root;
  }
  out->root = root;
  out->first = (int32_t)first;
  out->end = (int32_t)p->nnodes;
  out->line = t->line;
  return ygt__drg_str(p, ps.s, &out->text);
}

/* ---- evaluation ---- */

int ygt__drg_severity(const ygt_drg_pack *p, const drg_case *c) {
  int32_t table = ((uint32_t)c->pdx < (uint32_t)p->dx_known) ? p->cce[c->pdx] : -1;
  int sev = 0;
  for (size_t i = 0; i < c->nsdx; i++) {
    int32_t id = c->sdx[i];
    if ((uint32_t)id >= (uint32_t)p->dx_known) continue;
    if (p->mcc[id] >= 0 && p->mcc[id] != table) sev |= 1;
    if (p->cc[id] >= 0 && p->cc[id] != table) sev |= 2;
  }
  return sev;
}

static int32_t sites(const ygt_drg_pack *p, const drg_case *c) {
  uint32_t bits = 0;
  if ((uint32_t)c->pdx < (uint32_t)p->dx_known && p->site[c->pdx]) bits |= 1u << (p->site[c->pdx] - 1);
  for (size_t i = 0; i < c->nsdx; i++) {
    int32_t id = c->sdx[i];
    if ((uint32_t)id < (uint32_t)p->dx_known && p->site[id]) bits |= 1u << (p->site[id] - 1);
  }
  int32_t n = 0;
  for (; bits; bits &= bits - 1) n++;
  return n;
}

static int any_in(const ygt_drg_pack *p, int32_t set, const int32_t *ids, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (drg_has(p, set, ids[i])) return 1;
  return 0;
}

static int member(const ygt_drg_pack *p, const drg_node *n, drg_case *c) {
  switch (n->sel) {
  case SEL_PDX: return drg_has(p, n->a, c->pdx);
  case SEL_ANYDX: return drg_has(p, n->a, c->pdx) || any_in(p, n->a, c->sdx, c->nsdx);
  case SEL_SDX: return any_in(p, n->a, c->sdx, c->nsdx);
  case SEL_PROC1: return c->nproc > 0 && drg_has(p, n->a, c->proc[0]);
  case SEL_ANYPROC: return any_in(p, n->a, c->proc, c->nproc);
  default:
    if (c->dept_id == -2) c->dept_id = ygt__drg_dept_id(p, c->dept);
    return drg_has(p, n->a, c->dept_id);
  }
}

static int32_t var_value(const ygt_drg_pack *p, int var, drg_case *c) {
  if (var == VAR_SITES && c->var[VAR_SITES] == DRG_SITES_UNSET) c->var[VAR_SITES] = sites(p, c);
  return c->var[var];
}

static int compare(int cmp, int32_t x, int32_t v) {
  switch (cmp) {
  case CMP_LT: return x < v;
  case CMP_LE: return x <= v;
  case CMP_GT: return x > v;
  case CMP_GE: return x >= v;
  case CMP_EQ: return x == v;
  default: return x != v;
  }
}

int ygt__drg_eval(const ygt_drg_pack *p, int32_t i, drg_case *c) {
  const drg_node *n = &p->nodes[i];
  switch (n->op) {
  case OP_TRUE: return 1;
  case OP_FALSE: return 0;
  case OP_AND: return ygt__drg_eval(p, n->a, c) && ygt__drg_eval(p, n->b, c);
  case OP_OR: return ygt__drg_eval(p, n->a, c) || ygt__drg_eval(p, n->b, c);
  case OP_NOT: return !ygt__drg_eval(p, n->a, c);
  case OP_MCC:
  case OP_CC:
    if (c->sev < 0) c->sev = ygt__drg_severity(p, c);
    return (c->sev & (n->op == OP_MCC ? 1 : 2)) != 0;
  case OP_HAS_PROC: return c->nproc > 0;
  case OP_HAS_SDX: return c->nsdx > 0;
  case OP_MEMBER: return member(p, n, c);
  default: break;
  }
  int32_t x = var_value(p, n->var, c);
  if (x == YGT_CASES_NA) return 0; /* any comparison with a missing value is false */
  if (n->op == OP_CMP) return compare(n->cmp, x, n->a);
  for (int32_t k = 0; k < n->b; k++)
    if (p->ints[n->a + k] == x) return 1;
  return 0;
}
