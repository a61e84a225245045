/* Cutting a top-level JSON array into its elements without parsing them
 * (file_internal.h): a settlement-list file holds thousands of records, each
 * parsed on its own under the 1 MiB JSON cap (doc/limits.md). */
#include <stddef.h>

#include "error_internal.h"
#include "file_internal.h"

typedef struct cursor {
  const char *s;
  size_t len, i;
  int line;
} cursor;

static void skip_space(cursor *c) {
  for (; c->i < c->len; c->i++) {
    char ch = c->s[c->i];
    if (ch == '\n') c->line++;
    else if (ch != ' ' && ch != '\t' && ch != '\r') return;
  }
}

/* Past a string starting at its opening quote; 0 when it does not end. */
static int skip_string(cursor *c) {
  for (c->i++; c->i < c->len; c->i++) {
    char ch = c->s[c->i];
    if (ch == '\\') c->i++;
    else if (ch == '"') return c->i++, 1;
    else if (ch == '\n') c->line++;
  }
  return 0;
}

/* Past one element: up to the ',' or ']' at the array's own depth. */
static int skip_element(cursor *c) {
  int depth = 0;
  while (c->i < c->len) {
    char ch = c->s[c->i];
    if (ch == '"') { if (!skip_string(c)) return 0; continue; }
    if (depth == 0 && (ch == ',' || ch == ']')) return 1;
    if (ch == '{' || ch == '[') depth++;
    else if (ch == '}' || ch == ']') depth--;
    else if (ch == '\n') c->line++;
    c->i++;
  }
  return 0;
}

static int split_array(cursor *c, const char *source, ygt__json_each_fn each, void *ctx) {
  c->i++;
  skip_space(c);
  if (c->i < c->len && c->s[c->i] == ']') return c->i++, 0;
  for (size_t index = 0;; index++) {
    skip_space(c);
    size_t start = c->i;
    int line = c->line;
    if (!skip_element(c)) return ygt__error_at(YGT_EPARSE, source, line, 0, "", "the array of records does not end");
    size_t end = c->i;
    while (end > start && (c->s[end - 1] == ' ' || c->s[end - 1] == '\n' || c->s[end - 1] == '\r' ||
                           c->s[end - 1] == '\t'))
      end--;
    int rc = each(ctx, c->s + start, end - start, line, index);
    if (rc) return rc;
    if (c->s[c->i++] == ']') return 0;
  }
}

int ygt__json_split(const char *buf, size_t len, const char *source, ygt__json_each_fn each, void *ctx) {
  cursor c = {buf, len, 0, 1};
  skip_space(&c);
  if (c.i >= len || buf[c.i] != '[') return each(ctx, buf + c.i, len - c.i, c.line, 0);
  int rc = split_array(&c, source, each, ctx);
  if (rc) return rc;
  skip_space(&c);
  return c.i < len ? ygt__error_at(YGT_EPARSE, source, c.line, 0, "", "text after the array of records") : 0;
}
