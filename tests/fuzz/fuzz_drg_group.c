/* Fuzz target: grouping with the tiny pack of batches whose columns are
 * fuzzed (attached zero-copy): sexes, ages, weights, stays out of range,
 * code ids out of the dictionaries, negative values.  The first byte gives
 * the options; then each row reads its fields from the input.  Batch and
 * traced grouping must agree. */
#include "fuzz_util.h"
#include "yigongti.h"

#define MAXROWS 64
#define MAXCODES 8
static ygt_drg_pack *pack;
static long base_blocks;

static int32_t code_id(fuzz_reader *r, int32_t n) {
  uint32_t k = fuzz_u8(r);
  if (k < 200) return (int32_t)(k % (uint32_t)(n + 4)) - 2; /* -2 .. n + 1 */
  return fuzz_i32(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!pack) {
    if (ygt_drg_pack_load(&pack, SOURCE_ROOT "/tests/data/drg/tiny") != YGT_OK) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  fuzz_reader rd = {data, size};
  int options = (int)fuzz_u8(&rd) & 15;
  if (options & 8) options = (int)fuzz_u8(&rd) - 128; /* also nonsense options */
  const ygt_codes *dx = ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS);
  const ygt_codes *proc = ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE);
  int32_t ndx = (int32_t)ygt_codes_count(dx), nproc = (int32_t)ygt_codes_count(proc);
  static const int INTCOLS[6] = {YGT_CASE_SEX, YGT_CASE_AGE_YEARS, YGT_CASE_AGE_DAYS, YGT_CASE_BIRTH_WEIGHT_G,
                                 YGT_CASE_LOS_DAYS, YGT_CASE_LEAVING_TYPE};
  static int32_t ints[6][MAXROWS], pdx[MAXROWS], sdx[MAXROWS * MAXCODES], procs[MAXROWS * MAXCODES];
  static int64_t sdx_off[MAXROWS + 1], proc_off[MAXROWS + 1];
  size_t n = 0;
  while (rd.n && n < MAXROWS) {
    for (int k = 0; k < 6; k++) ints[k][n] = (fuzz_u8(&rd) & 1) ? YGT_CASES_NA : fuzz_i32(&rd);
    pdx[n] = code_id(&rd, ndx);
    uint32_t counts = fuzz_u8(&rd);
    sdx_off[n + 1] = sdx_off[n];
    for (uint32_t i = 0; i < (counts & 7); i++) sdx[sdx_off[n + 1]++] = code_id(&rd, ndx);
    proc_off[n + 1] = proc_off[n];
    for (uint32_t i = 0; i < (counts >> 4 & 7); i++) procs[proc_off[n + 1]++] = code_id(&rd, nproc);
    n++;
  }
  ygt_cases *c;
  if (ygt_cases_new(&c, dx, proc, 0)) __builtin_trap();
  int rc = 0;
  for (int k = 0; k < 6 && !rc; k++) rc = ygt_cases_attach_int32(c, INTCOLS[k], ints[k], n);
  if (!rc) rc = ygt_cases_attach_int32(c, YGT_CASE_PDX, pdx, n);
  if (!rc) rc = ygt_cases_attach_list(c, YGT_CASE_SDX, sdx_off, sdx, n);
  if (!rc) rc = ygt_cases_attach_list(c, YGT_CASE_PROCS, proc_off, procs, n);
  if (!rc) rc = ygt_cases_attach_int32(c, YGT_CASE_PDX, pdx, n + 1); /* must be refused */
  if (!rc) __builtin_trap();
  if (ygt_cases_count(c) == n) {
    static int32_t mdc[MAXROWS], adrg[MAXROWS], drg[MAXROWS], status[MAXROWS];
    static uint32_t flags[MAXROWS];
    if (ygt_drg_group(pack, c, 0, n, options, mdc, adrg, drg, status, flags) == YGT_OK) {
      ygt_drg_trace *t;
      if (ygt_drg_trace_new(&t)) __builtin_trap();
      for (size_t r = 0; r < n; r++) {
        int32_t d, s;
        if (ygt_drg_group_traced(pack, c, r, options, t, NULL, NULL, &d, &s, NULL) != YGT_OK) __builtin_trap();
        if (d != drg[r] || s != status[r]) __builtin_trap();
        if (d >= 0 && !ygt_drg_pack_drg_code(pack, d)) __builtin_trap();
        if (!ygt_drg_status_name(s)) __builtin_trap();
      }
      ygt_drg_trace_free(t);
    }
    ygt_drg_group(pack, c, n, 1, options, mdc, NULL, NULL, NULL, NULL); /* out of range */
  }
  ygt_cases_free(c);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
