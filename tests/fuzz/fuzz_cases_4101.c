/* Fuzz target: the settlement-list (4101) JSON reader and the built-in
 * column maps, over the tiny pack's dictionaries.  The first byte chooses:
 * 0-2 a table (TSV) read through the built-in map 4101, hqms or zh; any
 * other value the 4101 JSON reader.  A failed load adds nothing; a row with
 * a problem has a message; nothing leaks. */
#include "fuzz_util.h"
#include "yigongti.h"

static ygt_drg_pack *pack;
static long base_blocks;

static void read_back(const ygt_cases *c) {
  for (size_t r = 0; r < ygt_cases_count(c); r++) {
    int32_t v;
    int64_t v64;
    for (int col = 0; col < ygt_cases_column_count(); col++) {
      int type = ygt_cases_column_type(col);
      if (type == YGT_CASE_TYPE_STRING) ygt_cases_get_string(c, r, col);
      else if (type == YGT_CASE_TYPE_INT64) ygt_cases_get_int64(c, r, col, &v64);
      else if (type != YGT_CASE_TYPE_CODE_LIST) ygt_cases_get_int(c, r, col, &v);
    }
    if (ygt_cases_row_flags(c, r) && !ygt_cases_row_message(c, r)[0]) __builtin_trap();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!pack) {
    if (ygt_drg_pack_load(&pack, SOURCE_ROOT "/tests/data/drg/tiny") != YGT_OK) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  if (!size) return 0;
  int map = data[0] < 3 ? data[0] : -1;
  const char *path = fuzz_write_file(data + 1, size - 1, map >= 0 ? ".tsv" : ".json");
  if (!path) return 0;
  ygt_cases *c;
  if (ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS), ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE),
                    0))
    __builtin_trap();
  if (map >= 0 && ygt_cases_map_builtin(c, ygt_cases_map_builtin_name(map))) __builtin_trap();
  int rc = map >= 0 ? ygt_cases_load(c, path) : ygt_cases_load_4101(c, path);
  if (rc != YGT_OK && ygt_cases_count(c) != 0) __builtin_trap(); /* a failed load adds nothing */
  if (rc == YGT_OK) read_back(c);
  ygt_cases_free(c);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
