/* Shared by the fuzz targets: the libFuzzer entry point and a helper that
 * writes an input to a file, for loaders that read paths (removed at exit). */
#ifndef YGT_FUZZ_H
#define YGT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the per-process scratch files go: /dev/shm (memory) when it is
 * writable, since writing and truncating a file per input on a disk file
 * system costs more than most loaders do with it; /tmp otherwise. */
static inline const char *fuzz_tmp_root(void) {
  static const char *root;
  if (!root) root = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  return root;
}

/* Records a scratch file or directory of this process (path), so that it is
 * removed at exit, files before the directory they are in; NULL removes
 * them all. */
static inline void fuzz_scratch(const char *path);
static inline void fuzz_scratch_cleanup(void) { fuzz_scratch(NULL); }
static inline void fuzz_scratch(const char *path) {
  static char made[32][160];
  static int n;
  if (!path) {
    while (n > 0) remove(made[--n]);
    return;
  }
  for (int i = 0; i < n; i++)
    if (strcmp(made[i], path) == 0) return;
  if (n == 0) atexit(fuzz_scratch_cleanup);
  if (n < 32 && strlen(path) < sizeof made[0]) strcpy(made[n++], path);
}

/* Writes data to a per-process file with the given suffix; returns its path
 * (a static buffer) or NULL. */
static inline const char *fuzz_write_file(const uint8_t *data, size_t size, const char *suffix) {
  static char path[128];
  snprintf(path, sizeof path, "%s/ygt-fuzz-%d%s", fuzz_tmp_root(), (int)getpid(), suffix);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  fuzz_scratch(path);
  size_t written = fwrite(data, 1, size, f);
  fclose(f);
  return written == size ? path : NULL;
}

#endif
