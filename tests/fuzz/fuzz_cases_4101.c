/* Fuzz target: the settlement-list (4101) JSON reader and the built-in
 * column maps, over the tiny pack's dictionaries.  The first byte chooses:
 * 0-2 a table (TSV) read through the built-in map 4101, hqms or zh; any
 * other value the 4101 JSON reader.  A failed load adds nothing; a row with
 * a problem has a message; nothing leaks.  The input is read from memory
 * (cases_text_internal.h: the readers of ygt_cases_load and
 * ygt_cases_load_4101 after their file read), not written to a file and read
 * back per input. */
#include "fuzz_util.h"
#include "yigongti.h"
#include "cases_text_internal.h"

static ygt_drg_pack *pack;
static long base_blocks;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!pack) {
    if (ygt_drg_pack_load(&pack, SOURCE_ROOT "/tests/data/drg/tiny") != YGT_OK) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  if (!size) return 0;
  int map = data[0] < 3 ? data[0] : -1;
  const char *text = (const char *)data + 1, *source = map >= 0 ? "input.tsv" : "input.json";
  ygt_cases *c;
  if (ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS), ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE),
                    0))
    __builtin_trap();
  if (map >= 0 && ygt_cases_map_builtin(c, ygt_cases_map_builtin_name(map))) __builtin_trap();
  int rc = map >= 0 ? ygt__cases_load_text(c, source, text, size - 1)
                    : ygt__cases_load_4101_text(c, source, text, size - 1);
  if (rc != YGT_OK && ygt_cases_count(c) != 0) __builtin_trap(); /* a failed load adds nothing */
  if (rc == YGT_OK) fuzz_read_back_cases(c);
  ygt_cases_free(c);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
