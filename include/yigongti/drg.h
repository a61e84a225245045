/**
 * @file drg.h
 * @brief CHS-DRG grouping: rule packs loaded from tables, grouping of case
 *        batches, and a trace of every decision.
 *
 * A grouper version (CHS-DRG 1.1, a city's refinement, CHS-DRG 2.0) is a
 * rule pack: a directory of tab-separated tables (MDCs with their entry
 * rules, ADRGs with entry conditions and try order, DRG split rules, CC/MCC
 * and exclusion tables, code dictionaries and optional code maps).  The
 * format and its expression language are described in doc/formats/drg-pack.md.
 *
 * Grouping follows the CHS-DRG algorithm: validation, the MDCs in check
 * order (pre-MDCs first) with fall-through when an entered MDC yields no
 * ADRG, the ADRGs of an MDC in try order with the optional ambiguous-group
 * (QY) check, CC/MCC with exclusion tables, and the DRG split rules in order.
 *
 * Results are ids into the pack: MDC, ADRG and DRG ids (-1 for none) whose
 * codes and names the pack gives, plus a #ygt_drg_status per case.
 *
 * @par Threads
 * A loaded pack is immutable: any number of threads may group with it at
 * once.  A trace belongs to one thread at a time.
 */
#ifndef YIGONGTI_DRG_H
#define YIGONGTI_DRG_H

#include <yigongti/common.h>
#include <yigongti/codes.h>
#include <yigongti/cases.h>

YGT_BEGIN_DECLS

/** @brief A loaded rule pack (immutable). */
typedef struct ygt_drg_pack ygt_drg_pack;

/** @brief The decision steps of one grouped case. */
typedef struct ygt_drg_trace ygt_drg_trace;

/**
 * @brief Result status of a case.  Values are ABI.  0 is success; 20-29 are
 *        the cases OpenDRG reports as 无法入组 (FAIL), 40-49 as
 *        信息校验不通过 (CHECK_FAILED), 60-61 the code-translation failures.
 */
typedef enum ygt_drg_status {
  YGT_DRG_OK = 0,                /**< Grouped (分组成功). */
  YGT_DRG_QY = 1,                /**< Ambiguous case (歧义病案): MDC set, ADRG "QY", DRG "<letter>QY". */
  YGT_DRG_NO_MDC = 20,           /**< The principal diagnosis enters no MDC. */
  YGT_DRG_NO_ADRG = 21,          /**< MDCs were entered but none gave an ADRG. */
  YGT_DRG_UNKNOWN_PDX = 22,      /**< Not grouped, and the principal diagnosis is unknown to the pack. */
  YGT_DRG_NO_DRG = 23,           /**< An ADRG matched but none of its DRG rules (not in CHS-DRG 1.1). */
  YGT_DRG_NO_PERIOD = 24,        /**< Versions side by side (drg_versions.h): no discharge date, or one in no period. */
  YGT_DRG_INVALID_SEX = 40,      /**< Sex missing or not 1/2. */
  YGT_DRG_MISSING_AGE = 41,      /**< Age in years missing. */
  YGT_DRG_MISSING_AGE_DAYS = 42, /**< Age 0 years and age in days missing. */
  YGT_DRG_MISSING_WEIGHT = 43,   /**< Age 28 days or less and birth weight missing. */
  YGT_DRG_MISSING_PDX = 44,      /**< No principal diagnosis. */
  YGT_DRG_INVALID_AGE = 45,      /**< Age in years or days negative. */
  YGT_DRG_INVALID_WEIGHT = 46,   /**< Birth weight negative. */
  YGT_DRG_DX_UNMAPPED = 60,      /**< With #YGT_DRG_MAP_CODES: a diagnosis is not in the diagnosis map. */
  YGT_DRG_PROC_UNMAPPED = 61     /**< With #YGT_DRG_MAP_CODES: a procedure is not in the procedure map. */
} ygt_drg_status;

/** @brief Classes of statuses, as OpenDRG reports them. */
typedef enum ygt_drg_class {
  YGT_DRG_CLASS_SUCCESS = 0,      /**< 分组成功. */
  YGT_DRG_CLASS_QY = 1,           /**< 歧义病案. */
  YGT_DRG_CLASS_FAIL = 2,         /**< 无法入组. */
  YGT_DRG_CLASS_CHECK_FAILED = 3, /**< 信息校验不通过. */
  YGT_DRG_CLASS_UNMAPPED = 4      /**< 诊断/手术操作不能转换为分组器支持的编码. */
} ygt_drg_class;

/** @brief Bits of a case's flags (what was noticed while grouping it). */
typedef enum ygt_drg_flag {
  YGT_DRG_FLAG_UNKNOWN_PDX = 1,  /**< The principal diagnosis is unknown to the pack. */
  YGT_DRG_FLAG_UNKNOWN_SDX = 2,  /**< A secondary diagnosis is unknown to the pack (it matches nothing). */
  YGT_DRG_FLAG_UNKNOWN_PROC = 4, /**< A procedure is unknown to the pack (it matches nothing). */
  YGT_DRG_FLAG_MAPPED = 8        /**< A code was translated by the code maps. */
} ygt_drg_flag;

/** @brief Grouping options, OR-ed together. */
typedef enum ygt_drg_option {
  YGT_DRG_MAP_CODES = 1, /**< Translate codes through dx_map/proc_map first (the pack must have them). */
  YGT_DRG_QY_ON = 2,     /**< Run the ambiguous-group check in every MDC, whatever qy_enabled says. */
  YGT_DRG_QY_OFF = 4     /**< Never run the ambiguous-group check. */
} ygt_drg_option;

/** @brief What a trace step records; see ygt_drg_trace_step(). */
typedef enum ygt_drg_step_kind {
  YGT_DRG_STEP_MAP = 1,           /**< code: the id before translation, value: the id after; object: 1 diagnosis, 2 procedure. */
  YGT_DRG_STEP_VALIDATE = 2,      /**< value: the validation status (0 passed). */
  YGT_DRG_STEP_MDC = 3,           /**< object: MDC id, value: 1 entered, 0 not. */
  YGT_DRG_STEP_QY = 4,            /**< object: MDC id, value: 1 ambiguous, 0 not. */
  YGT_DRG_STEP_ADRG = 5,          /**< object: ADRG id, value: 1 matched, 0 not. */
  YGT_DRG_STEP_MDC_LEFT = 6,      /**< object: MDC id left without an ADRG (fall-through). */
  YGT_DRG_STEP_MCC = 7,           /**< code: secondary diagnosis that is an MCC, value: its exclusion table. */
  YGT_DRG_STEP_CC = 8,            /**< code: secondary diagnosis that is a CC, value: its exclusion table. */
  YGT_DRG_STEP_MCC_EXCLUDED = 9,  /**< code: MCC ignored, value: the table it shares with the principal diagnosis. */
  YGT_DRG_STEP_CC_EXCLUDED = 10,  /**< code: CC ignored, value: the shared table. */
  YGT_DRG_STEP_DRG = 11,          /**< object: DRG id, value: 1 rule true, 0 false. */
  YGT_DRG_STEP_RESULT = 12        /**< value: the final #ygt_drg_status; object: DRG id or -1. */
} ygt_drg_step_kind;

/**
 * @brief Load a rule pack from a directory.
 *
 * Reads mdc.tsv, mdc_dx.tsv, adrg.tsv, adrg_codes.tsv, drg.tsv, cc.tsv,
 * mcc.tsv, cce.tsv, ss_valid.tsv, dx_codes.tsv and proc_codes.tsv, and when
 * present pack.tsv, dx_map.tsv and proc_map.tsv (see doc/formats/drg-pack.md).
 * Expressions are compiled at load time.
 * @param[out] out Receives the pack; set to NULL on failure.
 * @param[in] dir The directory; not NULL.
 * @return #YGT_OK; #YGT_EINVAL (NULL argument); #YGT_EIO (a required file
 *         is missing); #YGT_EPARSE (malformed table, number or expression);
 *         #YGT_ERANGE (a number outside its range, e.g. a tag over 99);
 *         #YGT_ENOTFOUND (an MDC,
 *         ADRG or code that is not defined); #YGT_EEXISTS (an MDC, ADRG,
 *         DRG, try order or code row defined twice); #YGT_EVALIDATE (a rule
 *         that breaks the format, e.g. an ADRG without DRGs); #YGT_ELIMIT;
 *         #YGT_ENOMEM.  The error names the file, line and field.  Nothing
 *         is allocated after a failure.
 */
YGT_API int ygt_drg_pack_load(ygt_drg_pack **out, const char *dir);

/**
 * @brief Load a rule pack through a compiled cache file.
 *
 * Gives the same pack as ygt_drg_pack_load(), faster when `cache_path`
 * holds a cache made from the directory as it is now: the cache records the
 * size, modification time and content hash of every file of the pack (and
 * the directory's last part, the pack's default name) and is used only when
 * all of them, its format, this build's layout and byte order and the
 * checksum of its contents agree.  Any other cache (stale, truncated,
 * corrupt, from another machine or version) is ignored: the text is read
 * as by ygt_drg_pack_load() and the cache is written anew, into a temporary
 * file beside `cache_path` that is then renamed over it.  A cache that
 * cannot be written is skipped silently (the pack is still returned).
 * Nothing is ever written into `dir` unless `cache_path` points there.  See
 * doc/formats/drg-pack-cache.md.
 * @param[out] out Receives the pack; set to NULL on failure.
 * @param[in] dir The pack's directory; not NULL.
 * @param[in] cache_path The cache file to read and (re)write; not NULL.
 * @return As ygt_drg_pack_load(); a bad cache is never an error.
 */
YGT_API int ygt_drg_pack_load_cached(ygt_drg_pack **out, const char *dir, const char *cache_path);

/**
 * @brief Whether a pack was read from a compiled cache.
 * @param[in] pack The pack, or NULL (0).
 * @return 1 when ygt_drg_pack_load_cached() used its cache, else 0.
 */
YGT_API int ygt_drg_pack_cached(const ygt_drg_pack *pack);

/**
 * @brief Free a pack.  Batches and traces made with it must not be used afterwards.
 * @param pack The pack, or NULL (nothing happens).
 */
YGT_API void ygt_drg_pack_free(ygt_drg_pack *pack);

/**
 * @brief The pack's name (pack.tsv `name`, else the directory's last part).
 * @param[in] pack The pack; not NULL.
 * @return The name, owned by the pack.
 */
YGT_API const char *ygt_drg_pack_name(const ygt_drg_pack *pack);

/**
 * @brief A dictionary of the pack: the codes of dx_codes.tsv or
 *        proc_codes.tsv, then the codes the tables use that these lists
 *        lack, then the old codes of the code maps.  Batches to group with
 *        this pack must be made over these dictionaries.
 * @param[in] pack The pack; not NULL.
 * @param kind #YGT_CODE_DIAGNOSIS or #YGT_CODE_PROCEDURE.
 * @return The dictionary, owned by the pack; NULL for another kind.
 */
YGT_API const ygt_codes *ygt_drg_pack_codes(const ygt_drg_pack *pack, int kind);

/**
 * @brief Whether the pack has a code map of a kind.
 * @param[in] pack The pack; not NULL.
 * @param kind #YGT_CODE_DIAGNOSIS or #YGT_CODE_PROCEDURE.
 * @return 1 or 0.
 */
YGT_API int ygt_drg_pack_has_map(const ygt_drg_pack *pack, int kind);

/**
 * @brief Number of MDCs; ids run from 0 (mdc.tsv row order).
 * @param[in] pack The pack; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drg_pack_mdc_count(const ygt_drg_pack *pack);

/**
 * @brief Number of ADRGs of the pack's tables; ids 0 .. count - 1 follow
 *        adrg.tsv's row order.  Ids count .. count + MDC count - 1 are the
 *        ambiguous groups ("QY") of the MDCs, in MDC id order.
 * @param[in] pack The pack; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drg_pack_adrg_count(const ygt_drg_pack *pack);

/**
 * @brief Number of DRGs of the pack's tables; ids 0 .. count - 1 follow
 *        drg.tsv's row order.  Ids count .. count + MDC count - 1 are the
 *        ambiguous groups ("<last letter of the MDC>QY") of the MDCs.
 * @param[in] pack The pack; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drg_pack_drg_count(const ygt_drg_pack *pack);

/**
 * @brief The code of an MDC id ("MDCG").
 * @param[in] pack The pack; not NULL.
 * @param id An MDC id, or -1 for "no MDC".
 * @return The code, owned by the pack; for -1 the pack's no-MDC code
 *         ("0000" unless pack.tsv says otherwise); NULL for other ids.
 */
YGT_API const char *ygt_drg_pack_mdc_code(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief The name of an MDC id.
 * @param[in] pack The pack; not NULL.
 * @param id An MDC id.
 * @return The name, owned by the pack; "" for -1; NULL for other ids.
 */
YGT_API const char *ygt_drg_pack_mdc_name(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief The code of an ADRG id ("GZ1").
 * @param[in] pack The pack; not NULL.
 * @param id An ADRG id (including the QY groups), or -1 for "no ADRG".
 * @return The code, owned by the pack; for -1 the no-ADRG code ("00");
 *         NULL for other ids.
 */
YGT_API const char *ygt_drg_pack_adrg_code(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief The name of an ADRG id.
 * @param[in] pack The pack; not NULL.
 * @param id An ADRG id.
 * @return The name, owned by the pack; "" for -1; NULL for other ids.
 */
YGT_API const char *ygt_drg_pack_adrg_name(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief The MDC an ADRG belongs to.
 * @param[in] pack The pack; not NULL.
 * @param id An ADRG id.
 * @return The MDC id; #YGT_ERANGE for a bad ADRG id.
 */
YGT_API int32_t ygt_drg_pack_adrg_mdc(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief The code of a DRG id ("GZ13").
 * @param[in] pack The pack; not NULL.
 * @param id A DRG id (including the QY groups), or -1 for "no DRG".
 * @return The code, owned by the pack; for -1 the no-DRG code ("0000");
 *         NULL for other ids.
 */
YGT_API const char *ygt_drg_pack_drg_code(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief The name of a DRG id.
 * @param[in] pack The pack; not NULL.
 * @param id A DRG id.
 * @return The name, owned by the pack; "" for -1; NULL for other ids.
 */
YGT_API const char *ygt_drg_pack_drg_name(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief The ADRG a DRG belongs to.
 * @param[in] pack The pack; not NULL.
 * @param id A DRG id.
 * @return The ADRG id; #YGT_ERANGE for a bad DRG id.
 */
YGT_API int32_t ygt_drg_pack_drg_adrg(const ygt_drg_pack *pack, int32_t id);

/**
 * @brief Find an MDC, ADRG or DRG by code.
 * @param[in] pack The pack; not NULL.
 * @param level 1 MDC, 2 ADRG, 3 DRG.
 * @param[in] code The code, exactly; NULL is not found.
 * @return The id (>= 0); #YGT_ENOTFOUND; #YGT_EINVAL for a bad level.
 */
YGT_API int32_t ygt_drg_pack_find(const ygt_drg_pack *pack, int level, const char *code);

/**
 * @brief Group rows of a batch.
 *
 * Each output array receives @p n entries for rows @p first ..
 * @p first + @p n - 1; any output may be NULL when not wanted.  Per-case
 * problems (unknown codes, missing fields) are statuses and flags, never a
 * failure of the call.  The pack is only read: threads may group disjoint
 * ranges at once.
 * @param[in] pack The pack; not NULL.
 * @param[in] cases The batch, made over the pack's dictionaries; not NULL.
 * @param first First row.
 * @param n Number of rows.
 * @param options #ygt_drg_option bits.
 * @param[out] mdc MDC ids (-1 none); may be NULL.
 * @param[out] adrg ADRG ids (-1 none); may be NULL.
 * @param[out] drg DRG ids (-1 none); may be NULL.
 * @param[out] status #ygt_drg_status values; may be NULL.
 * @param[out] flags #ygt_drg_flag bits; may be NULL.
 * @return #YGT_OK; #YGT_EINVAL (NULL pack or batch, a batch over other
 *         dictionaries, unknown option bits, #YGT_DRG_MAP_CODES without
 *         maps); #YGT_ERANGE for rows outside the batch; #YGT_ENOMEM.
 */
YGT_API int ygt_drg_group(const ygt_drg_pack *pack, const ygt_cases *cases, size_t first, size_t n,
                          int options, int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status,
                          uint32_t *flags);

/**
 * @brief Group one row and record every decision in a trace.
 * @param[in] pack The pack; not NULL.
 * @param[in] cases The batch; not NULL.
 * @param row The row.
 * @param options #ygt_drg_option bits.
 * @param[in,out] trace Receives the steps (previous steps are dropped); not NULL.
 * @param[out] mdc MDC id; may be NULL.
 * @param[out] adrg ADRG id; may be NULL.
 * @param[out] drg DRG id; may be NULL.
 * @param[out] status The status; may be NULL.
 * @param[out] flags The flags; may be NULL.
 * @return As ygt_drg_group().
 */
YGT_API int ygt_drg_group_traced(const ygt_drg_pack *pack, const ygt_cases *cases, size_t row,
                                 int options, ygt_drg_trace *trace, int32_t *mdc, int32_t *adrg,
                                 int32_t *drg, int32_t *status, uint32_t *flags);

/**
 * @brief The name of a status ("OK", "NO_MDC", ...).
 * @param status A #ygt_drg_status.
 * @return A static string; "UNKNOWN" for other values.
 */
YGT_API const char *ygt_drg_status_name(int status);

/**
 * @brief The class of a status.
 * @param status A #ygt_drg_status.
 * @return A #ygt_drg_class; #YGT_EINVAL for other values.
 */
YGT_API int ygt_drg_status_class(int status);

/**
 * @brief Create an empty trace.
 * @param[out] out Receives the trace; set to NULL on failure.
 * @return #YGT_OK; #YGT_EINVAL for NULL @p out; #YGT_ENOMEM.
 */
YGT_API int ygt_drg_trace_new(ygt_drg_trace **out);

/**
 * @brief Free a trace.
 * @param trace The trace, or NULL (nothing happens).
 */
YGT_API void ygt_drg_trace_free(ygt_drg_trace *trace);

/**
 * @brief Number of steps recorded.
 * @param[in] trace The trace; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drg_trace_count(const ygt_drg_trace *trace);

/**
 * @brief One step as data (see #ygt_drg_step_kind for what the fields hold).
 * @param[in] trace The trace; not NULL.
 * @param i Step index.
 * @param[out] kind A #ygt_drg_step_kind; may be NULL.
 * @param[out] object MDC, ADRG or DRG id, or -1; may be NULL.
 * @param[out] code A code id, or -1; may be NULL.
 * @param[out] value The step's value; may be NULL.
 * @return #YGT_OK; #YGT_ERANGE for a bad index.
 */
YGT_API int ygt_drg_trace_step(const ygt_drg_trace *trace, size_t i, int *kind, int32_t *object,
                               int32_t *code, int32_t *value);

/**
 * @brief One step as a line of text, e.g.
 *        "ADRG GB2 [pdx in PDX and proc1 in PPROC]: true".
 * @param[in] trace The trace; not NULL.
 * @param i Step index.
 * @return The line, owned by the trace until its next use; NULL for a bad index.
 */
YGT_API const char *ygt_drg_trace_line(const ygt_drg_trace *trace, size_t i);

YGT_END_DECLS

#endif /* YIGONGTI_DRG_H */
