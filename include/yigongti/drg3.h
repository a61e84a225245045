/**
 * @file drg3.h
 * @brief CHS-DRG 3.0 grouping from the official configuration workbook
 *        (《按病组（DRG）付费3.0版分组方案配置信息》), in its own rule language.
 *
 * The workbook's six sheets — MDC, ADRG, DRG, 集合 (code sets), CC and
 * 排除表 (exclusion tables) — are read as TSV or CSV exports (see
 * doc/formats/drg3-workbook.md).  Its rules (`ZYZD in DI_H00`,
 * `{ZYSS, QTSS} in OP2_AC1`, `QTZD in {MCC, CC} and NL>=70`,
 * `length(OP_IC2 ∩ {ZYSS, QTSS})>=2`, ...) are compiled at load time; a
 * rule that cannot be read is an error naming the file, line, the row's code
 * and the character.
 *
 * Grouping tries the MDCs in `sort` order, the ADRGs of an entered MDC in
 * `sort` order and the DRGs of the ADRG in `sort` order (ties broken by row);
 * the first true rule wins.  Results are ids, statuses and flags as in
 * drg.h, so a batch made over the configuration's dictionaries groups as a
 * 1.1 pack's batch does; ygt_drg3_group_traced() records every decision in
 * a drg.h trace.
 *
 * @par Threads
 * A loaded configuration is immutable: any number of threads may group with it.
 */
#ifndef YIGONGTI_DRG3_H
#define YIGONGTI_DRG3_H

#include <yigongti/common.h>
#include <yigongti/codes.h>
#include <yigongti/cases.h>
#include <yigongti/drg.h>

YGT_BEGIN_DECLS

/** @brief A loaded CHS-DRG 3.0 configuration (immutable). */
typedef struct ygt_drg3 ygt_drg3;

/** @brief The files of a configuration: the workbook's six sheets and the
 *         provenance table, in the order of ygt_drg3_load_files()'s paths. */
typedef enum ygt_drg3_sheet {
  YGT_DRG3_MDC = 0,       /**< MDC sheet: mdc.tsv. */
  YGT_DRG3_ADRG = 1,      /**< ADRG sheet: adrg.tsv. */
  YGT_DRG3_DRG = 2,       /**< DRG sheet: drg.tsv. */
  YGT_DRG3_SETS = 3,      /**< 集合 sheet: sets.tsv. */
  YGT_DRG3_CC = 4,        /**< CC sheet: cc.tsv. */
  YGT_DRG3_EXCLUSION = 5, /**< 排除表 sheet: exclusion.tsv. */
  YGT_DRG3_PROVENANCE = 6, /**< Where the sheets come from: provenance.tsv (key, value). */
  YGT_DRG3_FILES = 7      /**< Number of files. */
} ygt_drg3_sheet;

/** @brief Loading options, OR-ed together. */
typedef enum ygt_drg3_option {
  /** A set that rules name but the 集合 sheet lacks is empty instead of an
   *  error (for partial workbooks such as test samples; see
   *  ygt_drg3_missing_set_count()). */
  YGT_DRG3_MISSING_SETS_EMPTY = 1
} ygt_drg3_option;

/** @brief Flag of a case grouped into a placeholder group (B00/B000 ...):
 *         the workbook's "not groupable inside this MDC". */
#define YGT_DRG3_FLAG_PLACEHOLDER 16

/**
 * @brief Load a configuration from the six sheets.
 * @param[out] out Receives the configuration; set to NULL on failure.
 * @param[in] paths #YGT_DRG3_FILES paths in #ygt_drg3_sheet order; the
 *        MDC, ADRG, DRG and 集合 paths are required; the CC and 排除表
 *        paths may be NULL (no case has a CC or MCC), and so may the
 *        provenance path.  A path ending in ".csv" is read as CSV, any
 *        other as TSV.
 * @param options #ygt_drg3_option bits.
 * @return #YGT_OK; #YGT_EINVAL (NULL argument, unknown option bits);
 *         #YGT_EIO (a file cannot be read); #YGT_EPARSE (malformed table,
 *         unknown, repeated or missing column, a rule that cannot be read
 *         or that uses a set both for diagnoses and procedures, a CC level
 *         other than MCC/CC, an unknown provenance key); #YGT_EINVAL (a
 *         value that cannot be a code); #YGT_ENOTFOUND (a parent, or a set a
 *         rule names, that is not defined); #YGT_EEXISTS (a code defined
 *         twice); #YGT_EVALIDATE (a group without children, a sheet without
 *         rows, a DRG's mdc that is not its ADRG's); #YGT_ELIMIT;
 *         #YGT_ENOMEM.  The error names the file, line and field; a rule's
 *         message names the row's code and the character.  Nothing is
 *         allocated after a failure.
 */
YGT_API int ygt_drg3_load_files(ygt_drg3 **out, const char *const *paths, int options);

/**
 * @brief Load a configuration from a directory holding mdc, adrg, drg,
 *        sets, cc, exclusion and provenance as .tsv or .csv (the last three
 *        optional), as `python3 -m yigongti drg3 import` writes it.
 * @param[out] out Receives the configuration; set to NULL on failure.
 * @param[in] dir The directory; not NULL.
 * @param options #ygt_drg3_option bits.
 * @return As ygt_drg3_load_files().
 */
YGT_API int ygt_drg3_load(ygt_drg3 **out, const char *dir, int options);

/**
 * @brief Free a configuration.  Batches made over its dictionaries must not be used afterwards.
 * @param g The configuration, or NULL (nothing happens).
 */
YGT_API void ygt_drg3_free(ygt_drg3 *g);

/**
 * @brief A dictionary of the configuration: every code of the sets that
 *        rules use on diagnoses (or procedures), of the CC sheet and of the
 *        exclusion tables.  Batches to group must be made over these.
 * @param[in] g The configuration; not NULL.
 * @param kind #YGT_CODE_DIAGNOSIS or #YGT_CODE_PROCEDURE.
 * @return The dictionary, owned by @p g; NULL for another kind.
 */
YGT_API const ygt_codes *ygt_drg3_codes(const ygt_drg3 *g, int kind);

/**
 * @brief Number of groups of a level; ids run from 0 in row order.
 * @param[in] g The configuration; not NULL.
 * @param level 1 MDC, 2 ADRG, 3 DRG.
 * @return The count; 0 for another level.
 */
YGT_API size_t ygt_drg3_count(const ygt_drg3 *g, int level);

/**
 * @brief The code of a group ("MDCH", "HC4", "HC43").
 * @param[in] g The configuration; not NULL.
 * @param level 1 MDC, 2 ADRG, 3 DRG.
 * @param id The id.
 * @return The code, owned by @p g; NULL for a bad level or id.
 */
YGT_API const char *ygt_drg3_code(const ygt_drg3 *g, int level, int32_t id);

/**
 * @brief The name of a group ("" for QY and placeholder rows).
 * @param[in] g The configuration; not NULL.
 * @param level 1 MDC, 2 ADRG, 3 DRG.
 * @param id The id.
 * @return The name, owned by @p g; NULL for a bad level or id.
 */
YGT_API const char *ygt_drg3_name(const ygt_drg3 *g, int level, int32_t id);

/**
 * @brief Find a group by code.
 * @param[in] g The configuration; not NULL.
 * @param level 1 MDC, 2 ADRG, 3 DRG.
 * @param[in] code The code, exactly; NULL is not found.
 * @return The id (>= 0); #YGT_ENOTFOUND; #YGT_EINVAL for a bad level.
 */
YGT_API int32_t ygt_drg3_find(const ygt_drg3 *g, int level, const char *code);

/**
 * @brief A value of the provenance table.
 * @param[in] g The configuration; not NULL.
 * @param[in] key `name`, `version`, `workbook` (the file name), `sha256`
 *        (of the workbook) or `imported` (date and tool).
 * @return The value, owned by @p g; NULL when absent or for another key.
 */
YGT_API const char *ygt_drg3_provenance(const ygt_drg3 *g, const char *key);

/**
 * @brief Number of sets that rules name and the 集合 sheet does not hold
 *        (only non-zero with #YGT_DRG3_MISSING_SETS_EMPTY).
 * @param[in] g The configuration; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drg3_missing_set_count(const ygt_drg3 *g);

/**
 * @brief Number of compiled rule nodes (a measure of the compiled form).
 * @param[in] g The configuration; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drg3_node_count(const ygt_drg3 *g);

/**
 * @brief Group rows of a batch.
 *
 * Each output array receives @p n entries for rows @p first ..
 * @p first + @p n - 1; any output may be NULL.  Statuses are those of
 * #ygt_drg_status: #YGT_DRG_QY for a QY ADRG ("HQY"), #YGT_DRG_MISSING_PDX,
 * #YGT_DRG_NO_MDC, #YGT_DRG_NO_ADRG, #YGT_DRG_UNKNOWN_PDX, #YGT_DRG_NO_DRG.
 * Flags are #ygt_drg_flag bits plus #YGT_DRG3_FLAG_PLACEHOLDER.
 * @param[in] g The configuration; not NULL.
 * @param[in] cases A batch over ygt_drg3_codes(); not NULL.
 * @param first First row.
 * @param n Number of rows.
 * @param options Must be 0.
 * @param[out] mdc MDC ids (-1 none); may be NULL.
 * @param[out] adrg ADRG ids (-1 none); may be NULL.
 * @param[out] drg DRG ids (-1 none); may be NULL.
 * @param[out] status #ygt_drg_status values; may be NULL.
 * @param[out] flags Flag bits; may be NULL.
 * @return #YGT_OK; #YGT_EINVAL (NULL argument, a batch over other
 *         dictionaries, options not 0); #YGT_ERANGE for rows outside the batch.
 */
YGT_API int ygt_drg3_group(const ygt_drg3 *g, const ygt_cases *cases, size_t first, size_t n,
                           int options, int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status,
                           uint32_t *flags);

/**
 * @brief Group one row and record every decision in a trace (drg.h's
 *        #ygt_drg_trace): each MDC, ADRG and DRG rule tried with its text
 *        and outcome, each other diagnosis of the CC sheet with its
 *        exclusion table, and the result.
 * @param[in] g The configuration; not NULL.
 * @param[in] cases A batch over ygt_drg3_codes(); not NULL.
 * @param row The row.
 * @param[in,out] trace Receives the steps (previous steps are dropped); not NULL.
 * @param[out] mdc MDC id; may be NULL.
 * @param[out] adrg ADRG id; may be NULL.
 * @param[out] drg DRG id; may be NULL.
 * @param[out] status The status; may be NULL.
 * @param[out] flags The flags; may be NULL.
 * @return As ygt_drg3_group(); #YGT_EINVAL for a NULL trace; #YGT_ENOMEM.
 */
YGT_API int ygt_drg3_group_traced(const ygt_drg3 *g, const ygt_cases *cases, size_t row, ygt_drg_trace *trace,
                                  int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status, uint32_t *flags);

YGT_END_DECLS

#endif /* YIGONGTI_DRG3_H */
