/* Fuzz target: loading a code list (and the same file as a grey list), then
 * looking every loaded code up again. */
#include "fuzz.h"
#include "yigongti.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_file(data, size, ".tsv");
  if (!path) return 0;
  ygt_codes *c;
  if (ygt_codes_load(&c, YGT_CODE_PROCEDURE, path) == YGT_OK) {
    for (int32_t id = 0; id < (int32_t)ygt_codes_count(c); id++)
      if (ygt_codes_id(c, ygt_codes_code(c, id)) != id) __builtin_trap();
    ygt_codes_load_grey(c, path);
    ygt_codes_free(c);
  }
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
