/* Fuzz target: the CHS-DRG rule-pack loader.  The first byte chooses which
 * file of the small valid pack tests/data/drg/tiny the rest of the input
 * replaces; a pack that loads groups a few fixed cases (with a trace). */
#include "fuzz_util.h"
#include "yigongti.h"

#define NFILES 14
static const char *const NAMES[NFILES] = {
  "mdc.tsv", "mdc_dx.tsv", "adrg.tsv", "adrg_codes.tsv", "drg.tsv", "cc.tsv", "mcc.tsv",
  "cce.tsv", "ss_valid.tsv", "dx_codes.tsv", "proc_codes.tsv", "pack.tsv", "dx_map.tsv", "proc_map.tsv"};

static char *base[NFILES];

static void group_some(const ygt_drg_pack *pack) {
  ygt_cases *c;
  if (ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS), ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE),
                    0))
    return;
  static const char *const pdx[] = {"A00.000", "N40.000", "P07.000", "Z00.000", "B20.000", "S06.000"};
  for (int i = 0; i < 6; i++) {
    size_t r;
    if (ygt_cases_append(c, &r)) break;
    ygt_cases_set_int(c, r, YGT_CASE_SEX, 1 + (i & 1));
    ygt_cases_set_int(c, r, YGT_CASE_AGE_YEARS, i == 2 ? 0 : 40);
    ygt_cases_set_int(c, r, YGT_CASE_AGE_DAYS, i == 2 ? 3 : YGT_CASES_NA);
    ygt_cases_set_int(c, r, YGT_CASE_BIRTH_WEIGHT_G, 1200);
    ygt_cases_set_int(c, r, YGT_CASE_LOS_DAYS, 3 + 30 * i);
    ygt_cases_set_int(c, r, YGT_CASE_LEAVING_TYPE, 1 + i % 5);
    ygt_cases_set_string(c, r, YGT_CASE_DEPT, "0301");
    ygt_cases_set_code(c, r, YGT_CASE_PDX, pdx[i]);
    ygt_cases_add_code(c, r, YGT_CASE_SDX, "E10.000");
    ygt_cases_add_code(c, r, YGT_CASE_SDX, "S27.000");
    ygt_cases_add_code(c, r, YGT_CASE_PROCS, "45.0000");
  }
  size_t n = ygt_cases_count(c);
  int32_t mdc[6], adrg[6], drg[6], status[6];
  uint32_t flags[6];
  for (int opt = 0; opt < 8; opt++) ygt_drg_group(pack, c, 0, n, opt, mdc, adrg, drg, status, flags);
  ygt_drg_trace *t;
  if (!ygt_drg_trace_new(&t)) {
    for (size_t r = 0; r < n; r++) {
      ygt_drg_group_traced(pack, c, r, 0, t, NULL, NULL, NULL, NULL, NULL);
      for (size_t i = 0; i < ygt_drg_trace_count(t); i++)
        if (!ygt_drg_trace_line(t, i)) __builtin_trap();
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
  /* Only the files that differ from the previous run are written. */
  static int last = -2;
  const char *dir = fuzz_dir("drgpack");
  int which = size ? data[0] % NFILES : -1;
  for (int i = 0; i < NFILES; i++) {
    if (i == which) fuzz_put(dir, NAMES[i], data + 1, size - 1);
    else if (last == -2 || i == last) fuzz_put(dir, NAMES[i], base[i], strlen(base[i]));
  }
  last = which;
  ygt_drg_pack *pack;
  if (ygt_drg_pack_load(&pack, dir) == YGT_OK) {
    for (int level = 0; level < 3; level++) {
      size_t n = level == 0 ? ygt_drg_pack_mdc_count(pack)
               : level == 1 ? ygt_drg_pack_adrg_count(pack) : ygt_drg_pack_drg_count(pack);
      for (int32_t id = 0; id < (int32_t)n; id++) {
        const char *code = level == 0 ? ygt_drg_pack_mdc_code(pack, id)
                         : level == 1 ? ygt_drg_pack_adrg_code(pack, id) : ygt_drg_pack_drg_code(pack, id);
        if (!code) __builtin_trap();
        if (ygt_drg_pack_find(pack, level + 1, code) < 0) __builtin_trap();
      }
    }
    group_some(pack);
    ygt_drg_pack_free(pack);
  }
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
