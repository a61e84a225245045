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
    fuzz_read_back_cases(c);
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
