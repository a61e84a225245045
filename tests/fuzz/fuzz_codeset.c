/* Fuzz target: code normalisation and code-set specifications over a small
 * fixed dictionary. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "yigongti.h"

static const char *const CODES[] = {
  "A01.002+G01*", "E11.900", "I10.x00x002", "I20.000", "I21.900", "I63.900",
  "I63.900x001", "O80.000", "X59.900", "17.912A0",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  char canon[YGT_CODE_MAX + 1], again[YGT_CODE_MAX + 1];
  if (ygt_code_normalize(canon, sizeof canon, text) >= 0) {
    /* the canonical form is a fixed point */
    if (ygt_code_normalize(again, sizeof again, canon) < 0 || strcmp(canon, again) != 0) __builtin_trap();
  }
  ygt_codes *c;
  ygt_codes_new(&c, YGT_CODE_DIAGNOSIS);
  for (size_t i = 0; i < sizeof CODES / sizeof CODES[0]; i++) ygt_codes_add(c, CODES[i], "", NULL);
  ygt_codeset *s;
  if (ygt_codeset_parse(&s, c, text) == YGT_OK) {
    if (ygt_codeset_count(s) > ygt_codes_count(c)) __builtin_trap();
    ygt_codeset_free(s);
  }
  ygt_codes_id_n(c, text, size);
  ygt_codes_free(c);
  free(text);
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
