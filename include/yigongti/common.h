/**
 * @file common.h
 * @brief Export macro and C++ guards shared by every libyigongti header.
 *
 * Nothing here is called; it only decorates declarations.  Include
 * <yigongti.h> rather than this file.
 */
#ifndef YIGONGTI_COMMON_H
#define YIGONGTI_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @def YGT_API
 * @brief Marks a declaration as part of the public ABI.
 *
 * The library is built with hidden visibility; only declarations carrying
 * this macro (and listed in src/libyigongti.sym) are exported.
 */
#if defined(_WIN32) && defined(YGT_BUILDING_DLL)
#  define YGT_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(YGT_STATIC)
#  define YGT_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define YGT_API __attribute__((visibility("default")))
#else
#  define YGT_API
#endif

/** @cond INTERNAL */
#ifdef __cplusplus
#  define YGT_BEGIN_DECLS extern "C" {
#  define YGT_END_DECLS }
#else
#  define YGT_BEGIN_DECLS
#  define YGT_END_DECLS
#endif
/** @endcond */

#endif /* YIGONGTI_COMMON_H */
