/* The spelling table of labels.c, for the library's own loaders. */
#ifndef YGT_LABELS_INTERNAL_H
#define YGT_LABELS_INTERNAL_H

#include "yigongti/labels.h"

/* ygt_label_parse() without recording an error: YGT_OK, YGT_ENOTFOUND or
 * YGT_EINVAL.  For readers that report the failure with their own place
 * (file, line, field). */
int ygt__label_find(int set, const char *text, int *out);

#endif
