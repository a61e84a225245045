/* Shared by the fuzz targets: the libFuzzer entry point and a helper that
 * writes an input to a file, for loaders that read paths. */
#ifndef YGT_FUZZ_H
#define YGT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to a per-process file with the given suffix; returns its path
 * (a static buffer) or NULL. */
static inline const char *fuzz_write_file(const uint8_t *data, size_t size, const char *suffix) {
  static char path[128];
  snprintf(path, sizeof path, "/tmp/ygt-fuzz-%d%s", (int)getpid(), suffix);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  size_t written = fwrite(data, 1, size, f);
  fclose(f);
  return written == size ? path : NULL;
}

#endif
