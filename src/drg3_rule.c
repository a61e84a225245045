/* The CHS-DRG 3.0 rule language (doc/formats/drg3-workbook.md): a
 * recursive-descent parser that compiles a rule into d3_node trees. */
#include "drg3_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "lex_internal.h"
#include "table_internal.h"

enum { MAX_DEPTH = 64, WORD_MAX = 64 };

typedef struct parser {
  ygt_drg3 *g;
  const char *s;
  size_t pos;
  int depth;
  d3_perr *err;
  int code;           /* the first failure's code, 0 while none */
} parser;

static const char *const subj_words[] = {"ZYZD", "QTZD", "ZYSS", "QTSS", NULL};
static const char *const var_words[] = {"NL", "XSRTL", "XSRTZ", "XB", NULL};

/* Full-width and mathematical spellings the workbook may use, and theirs. */
static const char *const aliases[][2] = {
  {"\xef\xbc\x88", "("}, {"\xef\xbc\x89", ")"}, {"\xef\xbc\x8c", ","}, {"\xef\xbc\x9c", "<"},
  {"\xef\xbc\x9e", ">"}, {"\xef\xbc\x9d", "="}, {"\xe2\x89\xa5", ">="}, {"\xe2\x89\xa4", "<="},
};

static int32_t fail(parser *ps, const char *fmt, ...) YGT_PRINTF(2, 3);

static int32_t fail(parser *ps, const char *fmt, ...) {
  if (ps->code) return ps->code; /* keep the innermost message */
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
  va_end(ap);
  ps->err->pos = ps->pos;
  ps->code = YGT_EPARSE;
  return YGT_EPARSE;
}

/* Out of memory or nodes: an error of its own, not a parse error. */
static int32_t fail_hard(parser *ps, int code) {
  ps->code = code;
  ps->err->pos = ps->pos;
  snprintf(ps->err->msg, sizeof ps->err->msg, "%s", ygt_error_last()->message);
  return code;
}

static void skip_space(parser *ps) {
  for (;;) {
    char ch = ps->s[ps->pos];
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') ps->pos++;
    else if (strncmp(ps->s + ps->pos, "\xe3\x80\x80", 3) == 0) ps->pos += 3; /* U+3000 */
    else return;
  }
}

/* Accepts an ASCII token or one of its full-width spellings. */
static int accept(parser *ps, const char *tok) {
  skip_space(ps);
  const char *at = ps->s + ps->pos;
  size_t n = strlen(tok);
  if (strncmp(at, tok, n) == 0) {
    ps->pos += n;
    return 1;
  }
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
    size_t k = strlen(aliases[i][0]);
    if (strcmp(aliases[i][1], tok) == 0 && strncmp(at, aliases[i][0], k) == 0) {
      ps->pos += k;
      return 1;
    }
  }
  return 0;
}

/* Reads a word (letters, digits, '_') into w; returns its length, 0 if none. */
static size_t read_word(parser *ps, char *w) {
  skip_space(ps);
  size_t n = ygt__lex_copy_word(ps->s + ps->pos, 1, w, WORD_MAX);
  ps->pos += n;
  return n;
}

/* Consumes `word` when it comes next as a whole word. */
static int peek_word(parser *ps, const char *word) {
  skip_space(ps);
  if (!ygt__lex_is_word(ps->s + ps->pos, word)) return 0;
  ps->pos += strlen(word);
  return 1;
}

static int lookup(const char *const *words, const char *w) {
  for (int i = 0; words[i]; i++)
    if (strcmp(words[i], w) == 0) return i;
  return -1;
}

static int32_t add_node(parser *ps, uint8_t op, int32_t a, int32_t b) {
  ygt_drg3 *g = ps->g;
  if (g->nnodes >= INT32_MAX) return fail_hard(ps, ygt__error(YGT_ELIMIT, "too many rule nodes"));
  if (ygt__grow((void **)&g->nodes, &g->nodes_cap, g->nnodes + 1, sizeof *g->nodes))
    return fail_hard(ps, YGT_ENOMEM);
  g->nodes[g->nnodes] = (d3_node){op, 0, 0, 0, a, b};
  return (int32_t)g->nnodes++;
}

static int32_t add_node2(parser *ps, uint8_t op, uint8_t subj, uint8_t cmp, int32_t a, int32_t b) {
  int32_t i = add_node(ps, op, a, b);
  if (i >= 0) {
    ps->g->nodes[i].subj = subj;
    ps->g->nodes[i].cmp = cmp;
  }
  return i;
}

int32_t ygt__drg3_set_find(const ygt_drg3 *g, const char *name) {
  for (size_t i = 0; i < g->nsets; i++)
    if (strcmp(g->sets[i].name, name) == 0) return (int32_t)i;
  return -1;
}

/* The index of a set name, added on first use, its kind fixed by the subjects. */
static int32_t use_set(parser *ps, const char *name, int subj) {
  ygt_drg3 *g = ps->g;
  int kind = (subj & D3_DX) ? YGT_CODE_DIAGNOSIS : YGT_CODE_PROCEDURE;
  int32_t i = ygt__drg3_set_find(g, name);
  if (i < 0) {
    if (ygt__grow((void **)&g->sets, &g->sets_cap, g->nsets + 1, sizeof *g->sets)) return fail_hard(ps, YGT_ENOMEM);
    char *copy = ygt__strdup(name);
    if (!copy) return fail_hard(ps, YGT_ENOMEM);
    g->sets[g->nsets] = (d3_set){copy, kind, 0, 0, 0, 0};
    return (int32_t)g->nsets++;
  }
  if (g->sets[i].kind != kind)
    return fail(ps, "set %s holds %s and cannot be tested against %s", name,
                kind == YGT_CODE_DIAGNOSIS ? "procedures" : "diagnoses",
                kind == YGT_CODE_DIAGNOSIS ? "diagnoses" : "procedures");
  return i;
}

/* subject = ZYZD | QTZD | ZYSS | QTSS, as a D3_* bit. */
static int read_subject(parser *ps) {
  char w[WORD_MAX];
  size_t at = (skip_space(ps), ps->pos);
  if (!read_word(ps, w)) return fail(ps, "expected ZYZD, QTZD, ZYSS or QTSS");
  int i = lookup(subj_words, w);
  if (i < 0) {
    ps->pos = at;
    return fail(ps, "'%s' is not ZYZD, QTZD, ZYSS or QTSS", w);
  }
  return 1 << i;
}

/* "{" subject { "," subject } "}" after the "{"; diagnoses and procedures never mix. */
static int read_subjects(parser *ps) {
  int mask = 0;
  do {
    int bit = read_subject(ps);
    if (bit < 0) return bit;
    mask |= bit;
  } while (accept(ps, ","));
  if (!accept(ps, "}")) return fail(ps, "expected ',' or '}' in a list of variables");
  if ((mask & D3_DX) && (mask & D3_PROC)) return fail(ps, "a list of variables mixes diagnoses and procedures");
  return mask;
}

/* One set name on the right of "in": a code set, or MCC / CC. */
static int32_t member_node(parser *ps, const char *name, int subj) {
  int sev = strcmp(name, "MCC") == 0 ? D3_SEV_MCC : strcmp(name, "CC") == 0 ? D3_SEV_CC : 0;
  if (sev && subj != D3_QTZD) return fail(ps, "%s applies to QTZD (other diagnoses) only", name);
  if (sev) return add_node(ps, D3_SEV, sev, 0);
  int32_t set = use_set(ps, name, subj);
  return set < 0 ? set : add_node2(ps, D3_IN, (uint8_t)subj, 0, set, 0);
}

static int32_t read_member(parser *ps, int subj) {
  char w[WORD_MAX];
  size_t at = (skip_space(ps), ps->pos);
  if (!read_word(ps, w)) return fail(ps, "expected a set name");
  if (w[0] >= '0' && w[0] <= '9') {
    ps->pos = at;
    return fail(ps, "expected a set name, not '%s'", w);
  }
  int32_t r = member_node(ps, w, subj);
  if (r == YGT_EPARSE && ps->err->pos > at) ps->err->pos = at; /* point at the name */
  return r;
}

/* The right of "in": NAME, or "{" NAME { "," NAME } "}" meaning any of them. */
static int32_t parse_sets(parser *ps, int subj) {
  if (!accept(ps, "{")) return read_member(ps, subj);
  int32_t left = read_member(ps, subj);
  while (left >= 0 && accept(ps, ",")) {
    int32_t right = read_member(ps, subj);
    left = right < 0 ? right : add_node(ps, D3_OR, left, right);
  }
  if (left >= 0 && !accept(ps, "}")) return fail(ps, "expected ',' or '}' in a list of sets");
  return left;
}

/* subjects ("in" | "not in") sets. */
static int32_t parse_in(parser *ps, int subj) {
  int neg = peek_word(ps, "not");
  if (!peek_word(ps, "in")) return fail(ps, neg ? "expected 'in' after 'not'" : "expected 'in' or 'not in'");
  int32_t r = parse_sets(ps, subj);
  return (r >= 0 && neg) ? add_node(ps, D3_NOT, r, 0) : r;
}

static int read_cmp(parser *ps) {
  static const char *const ops[] = {"<=", ">=", "<", ">", "="};
  static const uint8_t cmp[] = {D3_LE, D3_GE, D3_LT, D3_GT, D3_EQ};
  for (int i = 0; i < 5; i++)
    if (accept(ps, ops[i])) return cmp[i];
  return fail(ps, "expected =, <, <=, > or >=");
}

static int read_int(parser *ps, int32_t *out) {
  skip_space(ps);
  const char *s = ps->s + ps->pos;
  size_t n = 0;
  int64_t v = 0;
  while (s[n] >= '0' && s[n] <= '9') {
    v = v * 10 + (s[n++] - '0');
    if (v > INT32_MAX) return fail(ps, "number too large");
  }
  if (n == 0) return fail(ps, "expected a number");
  ps->pos += n;
  *out = (int32_t)v;
  return 0;
}

/* cmp number: the tail of a comparison or of length(...). */
static int read_bound(parser *ps, int *cmp, int32_t *value) {
  *cmp = read_cmp(ps);
  return *cmp < 0 ? *cmp : read_int(ps, value);
}

/* length "(" SET "∩" "{" subjects "}" ")" cmp number: how many distinct codes of the subjects are in SET. */
static int32_t parse_length(parser *ps) {
  char w[WORD_MAX];
  int subj, cmp;
  int32_t value, set;
  if (!accept(ps, "(")) return fail(ps, "expected '(' after length");
  size_t at = (skip_space(ps), ps->pos);
  if (!read_word(ps, w)) return fail(ps, "expected a set name");
  if (!accept(ps, "\xe2\x88\xa9")) return fail(ps, "expected '\xe2\x88\xa9' (intersection)");
  if (!accept(ps, "{")) return fail(ps, "expected '{'");
  if ((subj = read_subjects(ps)) < 0) return subj;
  if (!accept(ps, ")")) return fail(ps, "expected ')'");
  if (read_bound(ps, &cmp, &value)) return YGT_EPARSE;
  size_t end = ps->pos;
  ps->pos = at;
  if (strcmp(w, "MCC") == 0 || strcmp(w, "CC") == 0) return fail(ps, "length() takes a code set, not %s", w);
  if ((set = use_set(ps, w, subj)) < 0) return set;
  ps->pos = end;
  return add_node2(ps, D3_COUNT, (uint8_t)subj, (uint8_t)cmp, set, value);
}

static int32_t parse_word_atom(parser *ps) {
  char w[WORD_MAX];
  size_t at = ps->pos;
  int i, cmp;
  int32_t value;
  if (!read_word(ps, w)) return fail(ps, "expected a condition");
  if ((i = lookup(subj_words, w)) >= 0) return parse_in(ps, 1 << i);
  if ((i = lookup(var_words, w)) >= 0) {
    if (read_bound(ps, &cmp, &value)) return YGT_EPARSE;
    return add_node2(ps, D3_CMP, (uint8_t)i, (uint8_t)cmp, value, 0);
  }
  if (strcmp(w, "length") == 0) return parse_length(ps);
  if (strcmp(w, "1") == 0 || strcmp(w, "0") == 0) return add_node(ps, w[0] == '1' ? D3_TRUE : D3_FALSE, 0, 0);
  ps->pos = at;
  if (w[0] >= '0' && w[0] <= '9') return fail(ps, "a constant condition is 1 or 0, not '%s'", w);
  return fail(ps, "unknown word '%s'", w);
}

static int32_t parse_or(parser *ps);

/* unary = "(" expr ")" | "{" subjects "}" in-part | atom */
static int32_t parse_unary(parser *ps) {
  if (++ps->depth > MAX_DEPTH) return fail(ps, "nested more than %d levels", MAX_DEPTH);
  int32_t r;
  if (accept(ps, "(")) {
    r = parse_or(ps);
    if (r >= 0 && !accept(ps, ")")) r = fail(ps, "expected ')'");
  } else if (accept(ps, "{")) {
    int subj = read_subjects(ps);
    r = subj < 0 ? subj : parse_in(ps, subj);
  } else {
    skip_space(ps);
    r = parse_word_atom(ps);
  }
  ps->depth--;
  return r;
}

/* One level of a left-associative chain: unary joined by "and" / "AND", or
 * conj joined by "or" / "OR" (the workbook writes both cases). */
static int32_t parse_chain(parser *ps, const char *word, const char *upper, uint8_t op, int32_t (*sub)(parser *)) {
  int32_t left = sub(ps);
  while (left >= 0 && (peek_word(ps, word) || peek_word(ps, upper))) {
    int32_t right = sub(ps);
    left = right < 0 ? right : add_node(ps, op, left, right);
  }
  return left;
}

static int32_t parse_and(parser *ps) { return parse_chain(ps, "and", "AND", D3_AND, parse_unary); }

static int32_t parse_or(parser *ps) { return parse_chain(ps, "or", "OR", D3_OR, parse_and); }

static int blank(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  return *s == '\0';
}

int ygt__drg3_compile(ygt_drg3 *g, const char *text, d3_rule *out, d3_perr *err) {
  parser ps = {g, text, 0, 0, err, 0};
  size_t first = g->nnodes;
  out->root = -1;
  if (blank(text)) return YGT_OK;
  int32_t root = parse_or(&ps);
  if (root >= 0) {
    skip_space(&ps);
    if (ps.s[ps.pos]) root = fail(&ps, "unexpected '%.20s'", ps.s + ps.pos);
  }
  if (root < 0) {
    g->nnodes = first;
    return ps.code ? ps.code : root;
  }
  out->root = root;
  return YGT_OK;
}

size_t ygt__drg3_column(const char *text, size_t pos) {
  size_t col = 1;
  for (size_t i = 0; i < pos && text[i]; i++)
    if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
  return col;
}
