#define _POSIX_C_SOURCE 200809L /* open flags, fstat, strnlen */
/* Every JSON text the library parses comes through here: capped before
 * jansson sees it, since jansson allocates outside the allocator hook
 * (doc/conventions.md, "JSON and the allocator"). */
#include <jansson.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"

static int parse(json_t **root, const char *text, size_t len, const char *source) {
  json_error_t err;
  *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
  return *root ? 0 : ygt__error_at(YGT_EPARSE, source, err.line, err.column, "", "%s", err.text);
}

int ygt__json_parse_piece(struct json_t **root, const char *text, size_t len, const char *source, int line0) {
  if (len > YGT__JSON_MAX)
    return ygt__error_at(YGT_ELIMIT, source, line0, 0, "", "JSON record is larger than the limit of %zu bytes",
                         (size_t)YGT__JSON_MAX);
  json_error_t err;
  *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
  return *root ? 0 : ygt__error_at(YGT_EPARSE, source, line0 + err.line - 1, err.column, "", "%s", err.text);
}

int ygt__json_parse(struct json_t **root, const char *text, const char *source) {
  size_t len = strnlen(text, YGT__JSON_MAX + 1);
  if (len > YGT__JSON_MAX)
    return ygt__error_at(YGT_ELIMIT, source, 0, 0, "", "JSON text is larger than the limit of %zu bytes",
                         (size_t)YGT__JSON_MAX);
  return parse(root, text, len, source);
}

int ygt__json_read(struct json_t **root, const char *path) {
  char *buf = NULL;
  size_t len = 0;
  int rc = ygt__file_read(path, YGT__JSON_MAX, &buf, &len);
  if (rc) return rc;
  if (memchr(buf, '\0', len)) rc = ygt__error_at(YGT_EPARSE, path, 0, 0, "", "NUL byte in JSON");
  else rc = parse(root, buf, len, path);
  ygt__free(buf);
  return rc;
}
