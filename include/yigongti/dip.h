/**
 * @file dip.h
 * @brief DIP (按病种分值付费, Diagnosis-Intervention Packet): catalogue,
 *        matching of cases to groups, and case scores.
 *
 * A catalogue (doc/formats/dip-catalogue.md) lists core groups (a principal
 * diagnosis set and a procedure combination), comprehensive groups (a
 * diagnosis category and a procedure type), DIP 3.0 pre-groups (先期分组: a
 * procedure combination anywhere in the case, optionally for listed
 * diagnoses), their scores (RW) and standard costs, 基层病种 flags, the
 * procedure types and the auxiliary adjustment tables; for DIP 3.0 also
 * subdivisions of core groups (辅助分型) and the principal diagnoses and
 * procedures that are not grouped.  Matching tries the pre-groups in file
 * order, then the not-grouped lists, then the core combinations (and their
 * subdivisions), then the comprehensive group, else the case is unmatched
 * (special review).  Scores may come from a separate table keyed by group
 * code (ygt_dip_catalog_load_scored()).
 *
 * An engine joins a catalogue, a parameter set (settle.h) and a community
 * model (hospital levels); ygt_dip_score() then scores rows of a batch:
 * case score = RW × auxiliary × level × deviation × assessment × support
 * coefficient, in integer score units, added to an accumulator.
 *
 * @par Threads
 * Catalogues and engines are immutable and may be shared between threads.
 */
#ifndef YIGONGTI_DIP_H
#define YIGONGTI_DIP_H

#include <yigongti/common.h>
#include <yigongti/codes.h>
#include <yigongti/cases.h>
#include <yigongti/model.h>
#include <yigongti/settle.h>

YGT_BEGIN_DECLS

/** @brief A DIP catalogue (immutable). */
typedef struct ygt_dip_catalog ygt_dip_catalog;
/** @brief A catalogue, a parameter set and a model joined for scoring (immutable). */
typedef struct ygt_dip_engine ygt_dip_engine;

/** @brief Kind of a group. */
typedef enum ygt_dip_kind {
  YGT_DIP_CORE = 1,          /**< 核心病种: diagnosis + procedure combination. */
  YGT_DIP_COMPREHENSIVE = 2, /**< 综合病种: diagnosis category + procedure type. */
  YGT_DIP_PREGROUP = 3,      /**< 先期分组 (DIP 3.0): a procedure combination anywhere in the case, any or listed diagnoses, conditions on case fields; tried first. */
  YGT_DIP_SUBDIVISION = 4    /**< 辅助分型 (DIP 3.0): a core group refined by diagnoses, procedures or conditions (burns, tumours, tuberculosis). */
} ygt_dip_kind;

/** @brief Procedure type of a comprehensive group or of a procedure. */
typedef enum ygt_dip_proc_type {
  YGT_DIP_CONSERVATIVE = 0, /**< 保守治疗 ("conservative"). */
  YGT_DIP_DIAGNOSTIC = 1,   /**< 诊断性操作 ("diagnostic"). */
  YGT_DIP_THERAPEUTIC = 2,  /**< 治疗性操作 ("therapeutic"). */
  YGT_DIP_SURGICAL = 3      /**< 相关手术 ("surgical"). */
} ygt_dip_proc_type;

/**
 * @brief File name of a procedure type ("conservative", ...).
 * @param type A #ygt_dip_proc_type.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_dip_proc_type_name(int type);

/**
 * @brief Load a catalogue from a TSV/CSV file.
 * @param[out] out Receives the catalogue; set to NULL on failure.
 * @param[in] dx Diagnosis dictionary; must outlive the catalogue; not NULL.
 * @param[in] proc Procedure dictionary; must outlive the catalogue; not NULL.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (malformed field, missing score);
 *         #YGT_ENOTFOUND (a code not in the dictionary); #YGT_EEXISTS
 *         (duplicate group); #YGT_ERANGE (score or coefficient out of
 *         range); #YGT_EVALIDATE (overlapping combinations or bands, no
 *         groups); #YGT_ELIMIT; #YGT_ENOMEM.  Errors name file, line, field.
 */
YGT_API int ygt_dip_catalog_load(ygt_dip_catalog **out, const ygt_codes *dx, const ygt_codes *proc,
                                 const char *path);

/**
 * @brief Load a catalogue whose scores and standard costs come from a
 *        separate score table keyed by group code (the DIP 3.0 workbook has
 *        no scores; doc/formats/dip-catalogue.md).
 *
 * The catalogue's `rw` and `std_cost*` fields must then be empty; the score
 * table (columns `group`, `name`, `rw`, `std_cost`, `std_cost_1..3`) must
 * score every group exactly once.
 * @param[out] out Receives the catalogue; set to NULL on failure.
 * @param[in] dx Diagnosis dictionary; must outlive the catalogue; not NULL.
 * @param[in] proc Procedure dictionary; must outlive the catalogue; not NULL.
 * @param[in] path The catalogue; not NULL.
 * @param[in] scores The score table; not NULL.
 * @return As ygt_dip_catalog_load(); also #YGT_ENOTFOUND (a group of the
 *         score table is not in the catalogue), #YGT_EEXISTS (a group scored
 *         twice), #YGT_EPARSE (a group without a score, a score in the
 *         catalogue).  Errors name file, line and field.
 */
YGT_API int ygt_dip_catalog_load_scored(ygt_dip_catalog **out, const ygt_codes *dx, const ygt_codes *proc,
                                        const char *path, const char *scores);

/**
 * @brief Free a catalogue (engines made from it first).
 * @param cat The catalogue, or NULL (nothing happens).
 */
YGT_API void ygt_dip_catalog_free(ygt_dip_catalog *cat);

/**
 * @brief Number of groups; group ids run from 0 in file order.
 * @param[in] cat The catalogue; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_dip_catalog_group_count(const ygt_dip_catalog *cat);

/**
 * @brief Id of a group code.
 * @param[in] cat The catalogue; not NULL.
 * @param[in] code The group code; not NULL.
 * @return The id, or #YGT_ENOTFOUND.
 */
YGT_API int32_t ygt_dip_catalog_group_find(const ygt_dip_catalog *cat, const char *code);

/**
 * @brief Code of a group.
 * @param[in] cat The catalogue; not NULL.
 * @param group A group id.
 * @return A string owned by the catalogue; NULL for a bad id.
 */
YGT_API const char *ygt_dip_group_code(const ygt_dip_catalog *cat, int32_t group);

/**
 * @brief Name of a group.
 * @param[in] cat The catalogue; not NULL.
 * @param group A group id.
 * @return A string owned by the catalogue; NULL for a bad id.
 */
YGT_API const char *ygt_dip_group_name(const ygt_dip_catalog *cat, int32_t group);

/**
 * @brief Kind of a group.
 * @param[in] cat The catalogue; not NULL.
 * @param group A group id.
 * @return A #ygt_dip_kind; #YGT_ERANGE for a bad id.
 */
YGT_API int ygt_dip_group_kind(const ygt_dip_catalog *cat, int32_t group);

/**
 * @brief The core group a subdivision refines.
 * @param[in] cat The catalogue; not NULL.
 * @param group A group id.
 * @return The parent's id; -1 for a group that is not a subdivision;
 *         #YGT_ERANGE for a bad id.
 */
YGT_API int32_t ygt_dip_group_parent(const ygt_dip_catalog *cat, int32_t group);

/**
 * @brief Whether a group is a 基层病种 (same score at every level).
 * @param[in] cat The catalogue; not NULL.
 * @param group A group id.
 * @return 1 or 0; #YGT_ERANGE for a bad id.
 */
YGT_API int ygt_dip_group_grassroots(const ygt_dip_catalog *cat, int32_t group);

/**
 * @brief Score (RW) of a group.
 * @param[out] out Receives the score; not NULL.
 * @param[in] cat The catalogue; not NULL.
 * @param group A group id.
 * @return #YGT_OK; #YGT_ERANGE for a bad id.
 */
YGT_API int ygt_dip_group_rw(double *out, const ygt_dip_catalog *cat, int32_t group);

/**
 * @brief Standard cost of a group at a hospital level (the level's column
 *        where given, else the group's std_cost).
 * @param[out] out Receives the cost in fen; not NULL.
 * @param[in] cat The catalogue; not NULL.
 * @param group A group id.
 * @param level A #ygt_hospital_level.
 * @return #YGT_OK; #YGT_ERANGE for a bad id or level.
 */
YGT_API int ygt_dip_group_std_cost(int64_t *out, const ygt_dip_catalog *cat, int32_t group, int level);

/**
 * @brief Match one case to a group and explain why.
 * @param[out] trace Receives a NUL-terminated explanation (truncated to
 *        @p cap); may be NULL when @p cap is 0.
 * @param cap Size of @p trace.
 * @param[in] cat The catalogue; not NULL.
 * @param[in] cases A batch over the catalogue's dictionaries; not NULL.
 * @param row A row index.
 * @return The group id; #YGT_ENOTFOUND when nothing matched or the
 *         principal diagnosis or procedure is not grouped (special review;
 *         the trace says which); #YGT_ERANGE for a bad row; #YGT_EINVAL.
 */
YGT_API int32_t ygt_dip_match(char *trace, size_t cap, const ygt_dip_catalog *cat, const ygt_cases *cases,
                              size_t row);

/**
 * @brief Join a catalogue, parameters and a model for scoring.
 *
 * Institution codes of the parameters' assessment coefficients and group
 * codes of the support coefficients are resolved here.
 * @param[out] out Receives the engine; set to NULL on failure.
 * @param[in] cat The catalogue; must outlive the engine; not NULL.
 * @param[in] params The parameters; must outlive the engine; not NULL.
 * @param[in] model The model (hospital levels); only read here; not NULL.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ENOTFOUND (an institution or group
 *         code of the parameters is unknown); #YGT_ENOMEM.
 */
YGT_API int ygt_dip_engine_new(ygt_dip_engine **out, const ygt_dip_catalog *cat,
                               const ygt_settle_params *params, const ygt_model *model);

/**
 * @brief Free an engine.
 * @param engine The engine, or NULL (nothing happens).
 */
YGT_API void ygt_dip_engine_free(ygt_dip_engine *engine);

/**
 * @brief Score rows @p begin .. @p end - 1 of a batch.
 *
 * The batch needs #YGT_CASE_INSTITUTION (indices into the engine's model),
 * #YGT_CASE_INSURANCE and #YGT_CASE_TOTAL_COST; the discharge month comes
 * from #YGT_CASE_DISCHARGE_DATE.  The output arrays are indexed by row and
 * hold at least @p end entries; each may be NULL.  A case that cannot be
 * scored gets a status and reason, group -1 when unmatched, and score 0.
 * @param[in,out] acc Receives the totals; may be NULL; its institution
 *        count must be the model's.
 * @param[out] group Receives group ids (-1: none).
 * @param[out] status Receives #ygt_settle_status values.
 * @param[out] reason Receives #ygt_settle_reason values.
 * @param[out] score_units Receives case scores in score units.
 * @param[in] engine The engine; not NULL.
 * @param[in] cases The batch; not NULL.
 * @param begin First row.
 * @param end One past the last row (at most the row count).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW (the
 *         accumulator is then unchanged).
 */
YGT_API int ygt_dip_score(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason,
                          int64_t *score_units, const ygt_dip_engine *engine, const ygt_cases *cases,
                          size_t begin, size_t end);

/**
 * @brief Explain the score of one case: the match, every coefficient and
 *        the threshold that decided the deviation class.
 * @param[out] trace Receives the text (truncated to @p cap); may be NULL when @p cap is 0.
 * @param cap Size of @p trace.
 * @param[in] engine The engine; not NULL.
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @return The length of the full text; #YGT_ERANGE; #YGT_EINVAL.
 */
YGT_API int ygt_dip_explain(char *trace, size_t cap, const ygt_dip_engine *engine, const ygt_cases *cases,
                            size_t row);

YGT_END_DECLS

#endif /* YIGONGTI_DIP_H */
