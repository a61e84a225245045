/* Internal: the one place where the library opens input files and resolves
 * the paths that bundle files name (doc/limits.md, "Files and paths").
 *
 * Only regular files are read: a directory, FIFO, device (/dev/zero) or
 * socket is refused before any byte is read, so nothing blocks or reads
 * without end.  Every file is read (whole, or a table through a window)
 * under a size cap checked before reading (and again while reading, should
 * the file grow). */
#ifndef YGT_FILE_INTERNAL_H
#define YGT_FILE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t */

/* Size caps (doc/limits.md).  JSON files are parameters, a few kB each; the
 * cap also bounds what the JSON parser allocates outside the allocator hook
 * (doc/conventions.md, "JSON and the allocator"). */
#define YGT__TABLE_MAX ((size_t)4 << 30)  /* 4 GiB */
#define YGT__JSON_MAX ((size_t)1 << 20)   /* 1 MiB */

/* Reads the regular file at path whole into a NUL-terminated buffer from
 * ygt__malloc (*out, owned by the caller; *len excludes the NUL).  Errors
 * name the file: YGT_EIO (cannot open, read error, a directory, FIFO or
 * device), YGT_ELIMIT (larger than max bytes), YGT_ENOMEM. */
int ygt__file_read(const char *path, size_t max, char **out, size_t *len);

/* The two steps of ygt__file_read(), for a reader that streams (table.c):
 * open the regular file at path no larger than max bytes (a descriptor, its
 * size in *size, or the error as above), then read once into buf[n..cap-1)
 * (bytes read, 0 at its end, or YGT_EIO naming the file). */
int ygt__file_open(const char *path, size_t max, size_t *size);
ssize_t ygt__file_read_some(int fd, const char *path, char *buf, size_t n, size_t cap);

/* Resolves `rel`, a path written at `field` of the bundle file `source`,
 * against `dir` (the directory of that file; "" for the current one) into out[cap].  A path must be
 * relative and stay inside dir: absolute paths and ".." components are
 * YGT_EVALIDATE naming source and field, unless the host allowed outside
 * paths with ygt_set_outside_paths().  Too long: YGT_ELIMIT. */
int ygt__bundle_path(char *out, size_t cap, const char *dir, const char *rel, const char *source,
                     const char *field);

/* Parses JSON text (src/json_read.c): refused above YGT__JSON_MAX bytes
 * (YGT_ELIMIT) before the parser sees it; YGT_EPARSE with source, line and
 * column; duplicate keys refused.  *root is the caller's (json_decref). */
struct json_t;
int ygt__json_parse(struct json_t **root, const char *text, const char *source);

/* Parses len bytes of one JSON value cut from a larger file (json_split.c)
 * under the same cap; line0 is the file's line where the text starts, so
 * that errors name the file's own line. */
int ygt__json_parse_piece(struct json_t **root, const char *text, size_t len, const char *source, int line0);

/* Calls each(ctx, text, len, line, index) for each element of a top-level
 * JSON array in buf (or once for a text that is not an array), without
 * parsing them: a file of records may be far larger than the JSON cap while
 * each record stays under it.  Strings and nesting are followed only to find
 * the elements' ends; each element is parsed by the callback.  Returns 0,
 * the callback's first non-zero code, or YGT_EPARSE naming source and line
 * (an unterminated array, text after it). */
typedef int (*ygt__json_each_fn)(void *ctx, const char *text, size_t len, int line, size_t index);
int ygt__json_split(const char *buf, size_t len, const char *source, ygt__json_each_fn each, void *ctx);

/* Reads and parses the JSON file at path under the same cap; errors name it. */
int ygt__json_read(struct json_t **root, const char *path);

#endif
