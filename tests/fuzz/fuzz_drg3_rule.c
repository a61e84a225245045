/* Fuzz target: the CHS-DRG 3.0 rule compiler and evaluator, through the
 * loader.  The first byte chooses where the rest of the input goes in the
 * synthetic workbook (tests/data/drg3/synthetic): the rule of MDCH, of ADRG
 * HC4 or of DRG HC43 (tabs and line breaks become spaces).  Sets the rule
 * names are empty when the 集合 sheet lacks them.  The six sheets are handed
 * to the loader in memory (ygt__drg3_load_texts: the same table reader and
 * sheet loaders as ygt_drg3_load).  A configuration that loads groups cases;
 * the batch and row-by-row results must agree. */
#include "fuzz_util.h"
#include "yigongti.h"
#include "drg3_internal.h"

static const char *const NAMES[6] = {"mdc.tsv", "adrg.tsv", "drg.tsv", "sets.tsv", "cc.tsv", "exclusion.tsv"};
/* Sheet, start of the line replaced, its replacement: prefix, rule, suffix. */
static const struct {
  int file;
  const char *key, *prefix, *suffix;
} SLOTS[3] = {
  {0, "MDCH\t", "MDCH\tH\t", "\t\t5"},
  {1, "HC4\t", "HC4\tC\t", "\tMDCH\t13"},
  {2, "HC43\t", "HC43\tC3\t", "\tHC4\t5"},
};

static char *base[6];

static void group_some(const ygt_drg3 *g) {
  ygt_cases *c;
  if (ygt_cases_new(&c, ygt_drg3_codes(g, YGT_CODE_DIAGNOSIS), ygt_drg3_codes(g, YGT_CODE_PROCEDURE), 0)) return;
  static const char *const pdx[] = {"K80.101", "K81.000", "K82.900", "P07.000", "S06.000", "A00.000"};
  static const char *const procs[] = {"51.2300", "17.4100", "51.3600", "51.3700", "50.5100", "99.9900"};
  for (int i = 0; i < 12; i++) {
    size_t r;
    if (ygt_cases_append(c, &r)) break;
    ygt_cases_set_int(c, r, YGT_CASE_SEX, 1 + i % 2);
    ygt_cases_set_int(c, r, YGT_CASE_AGE_YEARS, i == 3 ? 0 : i == 5 ? YGT_CASES_NA : 7 * i);
    ygt_cases_set_int(c, r, YGT_CASE_AGE_DAYS, i == 3 ? 20 : YGT_CASES_NA);
    ygt_cases_set_int(c, r, YGT_CASE_BIRTH_WEIGHT_G, i == 3 ? 900 : YGT_CASES_NA);
    ygt_cases_set_code(c, r, YGT_CASE_PDX, i == 11 ? NULL : pdx[i % 6]);
    if (i & 1) ygt_cases_add_code(c, r, YGT_CASE_SDX, "I50.900");
    if (i & 2) ygt_cases_add_code(c, r, YGT_CASE_SDX, "J96.000"), ygt_cases_add_code(c, r, YGT_CASE_SDX, "S32.000");
    for (int k = 0; k < i % 4; k++) ygt_cases_add_code(c, r, YGT_CASE_PROCS, procs[(i + k) % 6]);
  }
  size_t n = ygt_cases_count(c);
  int32_t drg[12], status[12];
  if (ygt_drg3_group(g, c, 0, n, 0, NULL, NULL, drg, status, NULL) == YGT_OK)
    for (size_t r = 0; r < n; r++) {
      int32_t d, s;
      if (ygt_drg3_group(g, c, r, 1, 0, NULL, NULL, &d, &s, NULL) || d != drg[r] || s != status[r])
        __builtin_trap(); /* batch and single rows agree */
    }
  ygt_cases_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!base[0])
    for (int i = 0; i < 6; i++) {
      char path[512];
      snprintf(path, sizeof path, "%s/tests/data/drg3/synthetic/%s", SOURCE_ROOT, NAMES[i]);
      if (!(base[i] = fuzz_slurp(path))) __builtin_trap();
    }
  if (!size) return 0;
  int slot = data[0] % 3;
  char *rule = fuzz_text(data + 1, size - 1);
  for (char *p = rule; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r') *p = ' ';
  char *sheet = fuzz_replace_line(base[SLOTS[slot].file], SLOTS[slot].key, SLOTS[slot].prefix, rule, SLOTS[slot].suffix);
  free(rule);
  /* The sheets in memory, through the loader's own reading of each: the
   * workbook's files written and read back per input cost more than the rule. */
  ygt__drg3_text texts[YGT_DRG3_FILES] = {{NULL, NULL, 0}};
  for (int i = 0; i < 6; i++) {
    const char *text = i == SLOTS[slot].file ? sheet : base[i];
    texts[i] = (ygt__drg3_text){NAMES[i], text, strlen(text)};
  }
  ygt_drg3 *g;
  if (ygt__drg3_load_texts(&g, texts, YGT_DRG3_MISSING_SETS_EMPTY) == YGT_OK) {
    group_some(g);
    ygt_drg3_free(g);
  }
  free(sheet);
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
