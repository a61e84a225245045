/* Standalone driver: runs a fuzz target over every file of the corpus
 * directories (or files) given as arguments, so that the corpora run as
 * regression tests under any compiler in `meson test`. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "%s: cannot open\n", path); return 1; }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
  fclose(f);
  LLVMFuzzerTestOneInput(buf, got);
  free(buf);
  return 0;
}

static int run_path(const char *path, int *count) {
  struct stat st;
  if (stat(path, &st) != 0) { fprintf(stderr, "%s: not found\n", path); return 1; }
  if (!S_ISDIR(st.st_mode)) { (*count)++; return run_file(path); }
  DIR *d = opendir(path);
  if (!d) return 1;
  int bad = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    char child[4096];
    snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    bad |= run_path(child, count);
  }
  closedir(d);
  return bad;
}

int main(int argc, char **argv) {
  int count = 0, bad = 0;
  for (int i = 1; i < argc; i++) bad |= run_path(argv[i], &count);
  printf("replayed %d inputs\n", count);
  return bad || count == 0;
}
