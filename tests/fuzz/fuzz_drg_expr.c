/* Fuzz target: the rule-expression compiler and evaluator of DRG packs,
 * through the loader (the compiler works on a pack being loaded, so the
 * loader is its entry point).  The first byte chooses where the rest of the
 * input goes in the tiny pack: the entry condition of MDCX, of ADRG XU1 or
 * the rule of DRG XU19 (tabs and line breaks become spaces).  A pack that
 * loads groups cases that reach that expression. */
#include "fuzz_util.h"
#include "yigongti.h"

#define NFILES 14
static const char *const NAMES[NFILES] = {
  "mdc.tsv", "mdc_dx.tsv", "adrg.tsv", "adrg_codes.tsv", "drg.tsv", "cc.tsv", "mcc.tsv",
  "cce.tsv", "ss_valid.tsv", "dx_codes.tsv", "proc_codes.tsv", "pack.tsv", "dx_map.tsv", "proc_map.tsv"};
/* File index, the start of the line replaced, its replacement: prefix,
 * the expression, suffix. */
static const struct {
  int file;
  const char *key, *prefix, *suffix;
} SLOTS[3] = {
  {0, "MDCX\t", "MDCX\tother\t8\t", "\t0\t"},
  {2, "XU1\t", "XU1\tMDCX\tother\tmedical\t4\t", ""},
  {4, "XU19\t", "XU19\tXU1\tother\t4\t", ""},
};

static char *base[NFILES];

static void group_some(const ygt_drg_pack *pack) {
  ygt_cases *c;
  if (ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS), ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE),
                    0))
    return;
  static const char *const pdx[] = {"Z00.000", "Z02.000", "Z04.000", "Z03.000", "A00.000"};
  for (int i = 0; i < 10; i++) {
    size_t r;
    if (ygt_cases_append(c, &r)) break;
    ygt_cases_set_int(c, r, YGT_CASE_SEX, i % 3);
    ygt_cases_set_int(c, r, YGT_CASE_AGE_YEARS, i == 3 ? 0 : 7 * i);
    ygt_cases_set_int(c, r, YGT_CASE_AGE_DAYS, i == 3 ? 20 : YGT_CASES_NA);
    ygt_cases_set_int(c, r, YGT_CASE_BIRTH_WEIGHT_G, i == 3 ? 2000 : YGT_CASES_NA);
    ygt_cases_set_int(c, r, YGT_CASE_LOS_DAYS, i == 4 ? YGT_CASES_NA : 2 + 13 * i);
    ygt_cases_set_int(c, r, YGT_CASE_LEAVING_TYPE, 1 + i % 5);
    if (i & 1) ygt_cases_set_string(c, r, YGT_CASE_DEPT, i & 2 ? "0301" : "9999");
    ygt_cases_set_code(c, r, YGT_CASE_PDX, pdx[i % 5]);
    if (i & 2) ygt_cases_add_code(c, r, YGT_CASE_SDX, "I50.000");
    if (i & 4) ygt_cases_add_code(c, r, YGT_CASE_SDX, "S06.000"), ygt_cases_add_code(c, r, YGT_CASE_SDX, "S27.000");
    if (i % 3 == 0) ygt_cases_add_code(c, r, YGT_CASE_PROCS, "45.0000");
    if (i % 4 == 1) ygt_cases_add_code(c, r, YGT_CASE_PROCS, "37.5100");
  }
  size_t n = ygt_cases_count(c);
  int32_t drg[10], status[10];
  ygt_drg_group(pack, c, 0, n, 0, NULL, NULL, drg, status, NULL);
  ygt_drg_trace *t;
  if (!ygt_drg_trace_new(&t)) {
    for (size_t r = 0; r < n; r++) {
      int32_t d, s;
      ygt_drg_group_traced(pack, c, r, 0, t, NULL, NULL, &d, &s, NULL);
      if (d != drg[r] || s != status[r]) __builtin_trap(); /* traced and batch agree */
    }
    ygt_drg_trace_free(t);
  }
  ygt_cases_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!base[0])
    for (int i = 0; i < NFILES; i++) {
      char path[512];
      snprintf(path, sizeof path, "%s/tests/data/drg/tiny/%s", SOURCE_ROOT, NAMES[i]);
      base[i] = fuzz_slurp(path);
      if (!base[i]) __builtin_trap();
    }
  if (!size) return 0;
  int slot = data[0] % 3;
  char *expr = fuzz_text(data + 1, size - 1);
  for (char *p = expr; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r') *p = ' ';
  const char *dir = fuzz_dir("drgexpr");
  static int last = -2; /* only the files that differ from the previous run are written */
  for (int i = 0; i < NFILES; i++) {
    if (i != SLOTS[slot].file && last != -2 && i != last) continue;
    if (i == SLOTS[slot].file) {
      char *text = fuzz_replace_line(base[i], SLOTS[slot].key, SLOTS[slot].prefix, expr, SLOTS[slot].suffix);
      fuzz_put(dir, NAMES[i], text, strlen(text));
      free(text);
    } else {
      fuzz_put(dir, NAMES[i], base[i], strlen(base[i]));
    }
  }
  last = SLOTS[slot].file;
  free(expr);
  ygt_drg_pack *pack;
  if (ygt_drg_pack_load(&pack, dir) == YGT_OK) {
    group_some(pack);
    ygt_drg_pack_free(pack);
  }
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
