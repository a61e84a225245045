/**
 * @file error.h
 * @brief Error codes and the per-thread error channel.
 *
 * Every fallible function returns an @c int: 0 (#YGT_OK) on success or a
 * negative #ygt_error_code.  The code says what kind of failure it was; the
 * details (a message, and for input files the source, line, column and
 * field) are kept per thread and read with ygt_error_last().  A call that
 * fails leaves every object the caller owns as it was before the call.
 */
#ifndef YIGONGTI_ERROR_H
#define YIGONGTI_ERROR_H

#include <yigongti/common.h>

YGT_BEGIN_DECLS

/**
 * @brief Error codes.  The numeric values are part of the ABI and never change;
 *        new codes are only ever appended with new values.
 */
typedef enum ygt_error_code {
  YGT_OK = 0,            /**< Success. */
  YGT_ENOMEM = -1,       /**< An allocation failed. */
  YGT_EINVAL = -2,       /**< An argument is invalid (NULL where not allowed, unknown option, bad size). */
  YGT_EIO = -3,          /**< A file could not be opened, read or written. */
  YGT_EPARSE = -4,       /**< Input is malformed (syntax, column count, number format); see source/line/column. */
  YGT_EVALIDATE = -5,    /**< Input is well-formed but breaks a rule of the domain (e.g. two leads). */
  YGT_ENOTFOUND = -6,    /**< A referenced code, id or name does not exist. */
  YGT_EEXISTS = -7,      /**< A code, id or name is defined twice. */
  YGT_ERANGE = -8,       /**< A value lies outside its allowed range. */
  YGT_EOVERFLOW = -9,    /**< An arithmetic result (e.g. a money total) does not fit its type. */
  YGT_ELIMIT = -10,      /**< A documented maximum (rows, codes per case, batch size) was exceeded. */
  YGT_ESTATE = -11,      /**< The call is not allowed in the object's or library's current state. */
  YGT_EUNSUPPORTED = -12,/**< A format version or feature is not supported by this build. */
  YGT_EBUFSIZE = -13,    /**< A caller-supplied output buffer is too small. */
  YGT_EINTERNAL = -14,   /**< An internal invariant failed; please report it. */
  YGT_EACCOUNTS = -15    /**< A result's accounts do not balance (ygt_year_check()); the message names the account and the amounts. */
} ygt_error_code;

/**
 * @brief Details of the most recent failure on the calling thread.
 *
 * Owned by the library, one per thread; read it, never free or modify it.
 * Its contents stay valid until the next failing libyigongti call on the same
 * thread.  Fields are only ever appended (see doc/abi.md).
 */
typedef struct ygt_error {
  int code;            /**< The #ygt_error_code of the failure, #YGT_OK if none. */
  const char *message; /**< Human-readable message; never NULL ("" if none). */
  const char *source;  /**< Input file or stream name for parse/validation errors; never NULL ("" if none). */
  int line;            /**< 1-based line in @c source, 0 if not applicable. */
  int column;          /**< 1-based column (field index or byte), 0 if not applicable. */
  const char *field;   /**< Name of the offending field, column or JSON path; never NULL ("" if none). */
} ygt_error;

/**
 * @brief The most recent failure on the calling thread.
 *
 * Successful calls do not reset it; read it right after a call returned a
 * negative code.  Safe to call from any thread at any time.
 * @return A pointer to the calling thread's error record; never NULL.  Before
 *         any failure (or after ygt_error_clear()) its code is #YGT_OK and its
 *         strings are empty.
 */
YGT_API const ygt_error *ygt_error_last(void);

/**
 * @brief Reset the calling thread's error record to #YGT_OK with empty strings.
 */
YGT_API void ygt_error_clear(void);

/**
 * @brief A fixed description of an error code; needs no state.
 * @param code An #ygt_error_code value (any int is accepted).
 * @return A static string, never NULL; "unknown error code" for values that
 *         are not error codes.
 */
YGT_API const char *ygt_strerror(int code);

/**
 * @brief The symbolic name of an error code, e.g. "YGT_ENOMEM".
 *
 * Bindings use it to name exceptions and Lua error codes.
 * @param code An #ygt_error_code value (any int is accepted).
 * @return A static string, never NULL; "YGT_EUNKNOWN" for unknown values.
 */
YGT_API const char *ygt_error_name(int code);

/**
 * @brief The name of @p names closest to @p word, for "did you mean" hints.
 *
 * Closeness is the edit distance (insertions, deletions, substitutions and
 * swaps of adjacent bytes); a name qualifies when its distance is at most a
 * third of the longer length, and at least 1 for short names.  Every table
 * reader of the library and the Python binding's readers use it, so that the
 * hints are the same everywhere.
 * @param[in] word The unknown word; NULL or "" gives -1.
 * @param[in] names The known names; entries may be NULL (skipped).  Borrowed.
 * @param n Number of entries of @p names.
 * @return The index of the closest qualifying name (the first of equals), or
 *         -1 when none is close enough.
 */
YGT_API int ygt_closest_name(const char *word, const char *const *names, size_t n);

YGT_END_DECLS

#endif /* YIGONGTI_ERROR_H */
