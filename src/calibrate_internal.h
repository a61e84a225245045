/* Internal: calibration (include/yigongti/calibrate.h).
 *   calibrate_eval.c  the targets' figures under a set of settings
 *   calibrate.c       the iterations, the secant steps and the result */
#ifndef YGT_CALIBRATE_INTERNAL_H
#define YGT_CALIBRATE_INTERNAL_H

#include "yigongti/calibrate.h"

/* Fills sim[i] for every target (NaN when its year has no value). */
int ygt__calibrate_eval(const ygt_calibration_inputs *in, const ygt_county_settings *s, double *sim);

#endif
