#define _POSIX_C_SOURCE 200809L /* open flags, fstat, strnlen */
/* Opening input files and resolving bundle paths (see file_internal.h). */
#include "file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "yigongti/files.h"

static atomic_int outside_allowed;

int ygt_set_outside_paths(int allow) { return atomic_exchange(&outside_allowed, allow != 0); }
int ygt_outside_paths(void) { return atomic_load(&outside_allowed); }

/* O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever
 * before fstat could tell what it is. */
int ygt__file_open(const char *path, size_t max, size_t *size) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return ygt__error_at(YGT_EIO, path, 0, 0, "", "cannot open file: %s", strerror(errno));
  struct stat st;
  int rc = fstat(fd, &st) ? ygt__error_at(YGT_EIO, path, 0, 0, "", "cannot stat file: %s", strerror(errno)) : 0;
  if (!rc && S_ISDIR(st.st_mode)) rc = ygt__error_at(YGT_EIO, path, 0, 0, "", "is a directory, not a file");
  else if (!rc && !S_ISREG(st.st_mode))
    rc = ygt__error_at(YGT_EIO, path, 0, 0, "", "not a regular file (a FIFO, device or socket is never read)");
  else if (!rc && (uint64_t)st.st_size > max)
    rc = ygt__error_at(YGT_ELIMIT, path, 0, 0, "", "file of %lld bytes is larger than the limit of %zu bytes",
                       (long long)st.st_size, max);
  if (rc) { close(fd); return rc; }
  *size = (size_t)st.st_size;
  return fd;
}

/* One read into buf[n..cap-1), leaving room for the NUL: bytes read, 0 at
 * end of file, or a negative code naming the file. */
ssize_t ygt__file_read_some(int fd, const char *path, char *buf, size_t n, size_t cap) {
  for (;;) {
    ssize_t got = read(fd, buf + n, cap - n - 1);
    if (got >= 0) return got;
    if (errno != EINTR) return ygt__error_at(YGT_EIO, path, 0, 0, "", "read error: %s", strerror(errno));
  }
}

/* Reads until end of file; the first buffer holds the whole file as fstat
 * saw it, and a file that grew past max since is refused. */
static int read_fd(int fd, const char *path, size_t max, size_t size, char **out, size_t *len) {
  char *buf = NULL;
  size_t cap = 0, n = 0;
  ssize_t got = 1;
  while (got > 0) {
    if (n + 1 >= cap && ygt__grow((void **)&buf, &cap, n + (n ? 65536 : size + 2), 1)) { got = YGT_ENOMEM; break; }
    if (n == 0) ygt__populate(buf, size);
    got = ygt__file_read_some(fd, path, buf, n, cap);
    if (got > 0 && (n += (size_t)got) > max)
      got = ygt__error_at(YGT_ELIMIT, path, 0, 0, "", "file is larger than the limit of %zu bytes", max);
  }
  if (got < 0) { ygt__free(buf); return (int)got; }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return 0;
}

int ygt__file_read(const char *path, size_t max, char **out, size_t *len) {
  size_t size = 0;
  int fd = ygt__file_open(path, max, &size);
  if (fd < 0) return fd;
  int rc = read_fd(fd, path, max, size, out, len);
  close(fd);
  return rc;
}

/* Lexical: a symlink inside the bundle is followed, since whoever wrote the
 * bundle directory put it there; ".." is what a bundle file controls. */
static int has_dotdot(const char *p) {
  while (*p) {
    size_t n = strcspn(p, "/");
    if (n == 2 && p[0] == '.' && p[1] == '.') return 1;
    p += n;
    p += strspn(p, "/");
  }
  return 0;
}

int ygt__bundle_path(char *out, size_t cap, const char *dir, const char *rel, const char *source,
                     const char *field) {
  if (!rel[0]) return ygt__error_at(YGT_EPARSE, source, 0, 0, field, "empty path");
  if ((rel[0] == '/' || has_dotdot(rel)) && !ygt_outside_paths())
    return ygt__error_at(YGT_EVALIDATE, source, 0, 0, field,
                         "path '%.200s' leaves the bundle's directory (absolute or '..'; see ygt_set_outside_paths())",
                         rel);
  int bare = rel[0] == '/' || !dir[0];
  int n = bare ? snprintf(out, cap, "%s", rel) : snprintf(out, cap, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", rel);
  if (n < 0 || (size_t)n >= cap) return ygt__error_at(YGT_ELIMIT, source, 0, 0, field, "path too long");
  return 0;
}
