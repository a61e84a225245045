/* Fuzz target: the case batch file loader, over the tiny pack's
 * dictionaries.  The first byte chooses TSV or CSV; rows that load are
 * grouped and read back. */
#include "fuzz_util.h"
#include "yigongti.h"

static ygt_drg_pack *pack;
static long base_blocks;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!pack) {
    if (ygt_drg_pack_load(&pack, SOURCE_ROOT "/tests/data/drg/tiny") != YGT_OK) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  if (!size) return 0;
  const char *path = fuzz_write_file(data + 1, size - 1, data[0] & 1 ? ".csv" : ".tsv");
  if (!path) return 0;
  ygt_cases *c;
  if (ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS), ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE),
                    0))
    __builtin_trap();
  int rc = ygt_cases_load(c, path);
  size_t n = ygt_cases_count(c);
  if (rc != YGT_OK && n != 0) __builtin_trap(); /* a failed load adds nothing */
  if (rc == YGT_OK) {
    for (size_t r = 0; r < n; r++) {
      int32_t v;
      int64_t v64;
      for (int col = 0; col < ygt_cases_column_count(); col++) {
        int type = ygt_cases_column_type(col);
        if (type == YGT_CASE_TYPE_STRING) ygt_cases_get_string(c, r, col);
        else if (type == YGT_CASE_TYPE_INT64) ygt_cases_get_int64(c, r, col, &v64);
        else if (type == YGT_CASE_TYPE_CODE_LIST) {
          const int32_t *ids;
          size_t k;
          ygt_cases_get_codes(c, r, col, &ids, &k);
        } else ygt_cases_get_int(c, r, col, &v);
      }
      if (ygt_cases_row_flags(c, r) && !ygt_cases_row_message(c, r)) __builtin_trap();
    }
    int32_t *drg = malloc((n ? n : 1) * sizeof *drg);
    ygt_drg_group(pack, c, 0, n, YGT_DRG_MAP_CODES, NULL, NULL, drg, NULL, NULL);
    free(drg);
    /* a second load appends */
    if (ygt_cases_load(c, path) == YGT_OK && ygt_cases_count(c) != 2 * n) __builtin_trap();
  }
  ygt_cases_free(c);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
