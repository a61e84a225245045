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
#include <yigongti/codes.h>
#include <yigongti/model.h>

#endif /* YIGONGTI_H */
