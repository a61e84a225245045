/* Fuzz target: the community-model bundle loader.  The first byte chooses
 * which file of a small valid bundle the rest of the input replaces
 * (model.json, institutions.tsv, grids.tsv or teams.tsv). */
#include "fuzz_util.h"
#include "yigongti.h"

static const char *const NAMES[4] = {"model.json", "institutions.tsv", "grids.tsv", "teams.tsv"};

static const char *const SEED[4] = {
  ("{\"format\":\"yigongti.model\",\"version\":1,\"locality\":{\"code\":\"1\",\"name\":\"x\"},"
  "\"tables\":{\"institutions\":\"institutions.tsv\",\"grids\":\"grids.tsv\",\"teams\":\"teams.tsv\"},"
  "\"communities\":[{\"code\":\"C1\",\"name\":\"c\",\"kind\":\"comprehensive\",\"lead\":\"H1\","
  "\"members\":[\"T1\"],\"with_children\":true},"
  "{\"code\":\"S1\",\"name\":\"s\",\"kind\":\"specialty\",\"lead\":\"H2\",\"linked\":[\"T1\"]}]}"),
  ("code\tname\ttier\tkind\tlevel\tbeds\tdesignations\tparent\n"
  "H1\th\tcounty\tgeneral_hospital\t2A\t500\tchest_pain;stroke\t\n"
  "H2\tm\tcounty\tmaternal_child\t2B\t100\tcritical_maternal\t\n"
  "T1\tt\ttownship\tcentral_township\t1\t50\t\t\n"
  "V1\tv\tvillage\tvillage_clinic\tunrated\t0\t\tT1\n"),
  ("code\tname\tcommunity\ttownship\tpopulation\temployee_insured\tresident_insured\n"
  "G1\tg\tC1\tT1\t1000\t200\t700\n"),
  ("code\tname\tinstitution\tsigned\nF1\tf\tT1\t300\n"),
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *dir = fuzz_dir("model");
  /* Only the files that differ from the previous run are written. */
  static int last = -2;
  int which = size ? data[0] % 4 : -1;
  for (int i = 0; i < 4; i++) {
    if (i == which) fuzz_put(dir, NAMES[i], data + 1, size - 1);
    else if (last == -2 || i == last) fuzz_put(dir, NAMES[i], SEED[i], strlen(SEED[i]));
  }
  last = which;
  ygt_model *m;
  if (ygt_model_load(&m, dir) == YGT_OK) {
    for (int32_t i = 0; i < (int32_t)ygt_model_institution_count(m); i++) {
      ygt_model_community_of(m, i);
      ygt_model_township_of(m, i);
    }
    ygt_model_free(m);
  }
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
