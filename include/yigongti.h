/**
 * @file yigongti.h
 * @brief Umbrella header of libyigongti: include this one file.
 *
 * It includes every module header and declares nothing itself.
 */
#ifndef YIGONGTI_H
#define YIGONGTI_H

#include <yigongti/common.h>
#include <yigongti/version.h>
#include <yigongti/error.h>
#include <yigongti/alloc.h>
#include <yigongti/files.h>
#include <yigongti/codes.h>
#include <yigongti/cases.h>
#include <yigongti/drg.h>
#include <yigongti/drg3.h>
#include <yigongti/drg_versions.h>
#include <yigongti/model.h>
#include <yigongti/labels.h>
#include <yigongti/referral.h>
#include <yigongti/settle.h>
#include <yigongti/dip.h>
#include <yigongti/score.h>
#include <yigongti/budget.h>
#include <yigongti/drgpay.h>
#include <yigongti/points.h>
#include <yigongti/capitation.h>
#include <yigongti/perdiem.h>
#include <yigongti/workload.h>
#include <yigongti/scheme.h>
#include <yigongti/county.h>
#include <yigongti/county_settings.h>
#include <yigongti/targets.h>
#include <yigongti/year.h>
#include <yigongti/calibrate.h>

#endif /* YIGONGTI_H */
