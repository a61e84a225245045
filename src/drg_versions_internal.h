/* Layout of ygt_drg_versions (include/yigongti/drg_versions.h). */
#ifndef YGT_DRG_VERSIONS_INTERNAL_H
#define YGT_DRG_VERSIONS_INTERNAL_H

#include "yigongti/drg_versions.h"

typedef struct ygt__drg_period {
  int32_t from, to; /* inclusive YYYYMMDD */
  int line;
  char *grouper;    /* as the table gives it */
  ygt_drg_pack *pack;
  ygt_drg3 *drg3;   /* exactly one of pack and drg3 */
} ygt__drg_period;

struct ygt_drg_versions {
  ygt__drg_period *p; /* sorted by from */
  size_t n, cap;
};

#endif
