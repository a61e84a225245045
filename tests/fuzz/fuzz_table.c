/* Fuzz target: the TSV/CSV reader and number parsing.  The first byte
 * chooses TSV or CSV; the rest is the table. */
#include <string.h>

#include "fuzz.h"
#include "table_internal.h"
#include "yigongti.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  ygt_table t;
  char sep = (data[0] & 1) ? ',' : '\t';
  if (ygt__table_open_mem(&t, "fuzz", (const char *)data + 1, size - 1, sep)) return 0;
  const char *const cols[] = {"code", "?name", NULL};
  int idx[2];
  ygt__table_columns(&t, cols, idx);
  while (ygt__table_next(&t) == 1) {
    for (size_t i = 0; i < t.nfields; i++) {
      int64_t v;
      double d;
      const char *f = ygt__table_field(&t, (int)i);
      ygt__parse_int64(f, &v);
      ygt__parse_double(f, &d);
      ygt__parse_fen(f, &v);
    }
    ygt__table_error(&t, (int)t.nfields, YGT_EPARSE, "row of %zu fields", t.nfields);
  }
  ygt__table_close(&t);
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
