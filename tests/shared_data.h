/* Tests that read the shared data (../shared/data beside the checkout, not part
 * of a clone).  A case calls SKIP_WITHOUT_SHARED(path) before using a file of
 * it: when the file is missing the case is skipped and the file remembered, and
 * main returns shared_data_exit(failures), which turns a run whose only shortfall
 * is missing data into exit status 77 (meson's SKIP) naming every missing file
 * -- never a silent pass.  A file that is present but fails to load fails. */
#ifndef YGT_SHARED_DATA_H
#define YGT_SHARED_DATA_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#define SHARED_ICD10 SHARED_DATA_DIR "/icd/icd10_yibao_v2.0.tsv"
#define SHARED_ICD9 SHARED_DATA_DIR "/icd/icd9cm3_yibao_v2.0.tsv"

typedef struct shared_missing {
  char path[8][512];
  int npaths, ncases;
} shared_missing;

/* One record per test program (a function-local static, so that programs that
 * include this header without using it get no unused-variable warning). */
static inline shared_missing *shared_missing_record(void) {
  static shared_missing record;
  return &record;
}

/* 1 when `path` is readable; else remembers it (once) and returns 0. */
static inline int shared_data_have(const char *path) {
  if (access(path, R_OK) == 0) return 1;
  shared_missing *m = shared_missing_record();
  m->ncases++;
  for (int i = 0; i < m->npaths; i++)
    if (strcmp(m->path[i], path) == 0) return 0;
  if (m->npaths < 8) snprintf(m->path[m->npaths++], sizeof m->path[0], "%s", path);
  return 0;
}

#define SKIP_WITHOUT_SHARED(path) \
  do {                            \
    if (!shared_data_have(path)) skip(); \
  } while (0)

/* The exit status of a test program: its failures, else 77 when a case was
 * skipped for missing shared data. */
static inline int shared_data_exit(int failures) {
  shared_missing *m = shared_missing_record();
  if (failures || m->npaths == 0) return failures;
  printf("SKIP: %d case(s) need shared data that is missing (every other case passed):\n", m->ncases);
  for (int i = 0; i < m->npaths; i++) printf("  missing %s\n", m->path[i]);
  return 77;
}

#endif
