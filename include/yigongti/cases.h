/**
 * @file cases.h
 * @brief A columnar batch of cases (病案): one array per field, code lists
 *        as offsets + values, the input of the groupers and payment rules.
 *
 * A batch is bound to a diagnosis and a procedure dictionary (see codes.h):
 * code columns hold ids of those dictionaries.  Every column is optional: a
 * column that was never set reads as "missing" in every row (#YGT_CASES_NA
 * for numbers, "" for strings, #YGT_CASES_NO_CODE for the principal
 * diagnosis, an empty list for code lists).
 *
 * Column layouts (the same as Arrow's):
 * - integer columns: one @c int32_t per row, #YGT_CASES_NA when missing;
 * - string columns (case id, department): one string per row;
 * - #YGT_CASE_PDX: one diagnosis id per row; #YGT_CASES_NO_CODE (-1) means
 *   no principal diagnosis, any other negative id an unknown code;
 * - code lists (#YGT_CASE_SDX, #YGT_CASE_PROCS): @c offsets of @c n + 1
 *   int64 entries and @c values of int32 ids; row i holds
 *   values[offsets[i]] .. values[offsets[i+1] - 1].  The first procedure is
 *   the principal procedure.  Negative ids are unknown codes.
 *
 * Rows are added with ygt_cases_append() and filled with the setters, read
 * from a TSV/CSV file with ygt_cases_load(), or whole columns are attached
 * from caller-owned arrays without copying (ygt_cases_attach_int32(),
 * ygt_cases_attach_list()).
 *
 * Every row carries a status (a set of #ygt_case_row_flag bits), the input
 * line it came from and a message for its first problem: a malformed field
 * or an unknown code is recorded on its row and never stops the other rows.
 *
 * @par Threads
 * A batch is mutable and belongs to one thread at a time; once nobody
 * modifies it, any number of threads may read (group) it.
 */
#ifndef YIGONGTI_CASES_H
#define YIGONGTI_CASES_H

#include <yigongti/common.h>
#include <yigongti/codes.h>
#include <yigongti/model.h>

YGT_BEGIN_DECLS

/** @brief A batch of cases in columns. */
typedef struct ygt_cases ygt_cases;

/** @brief Value of a missing integer field (INT32_MIN). */
#define YGT_CASES_NA (-2147483647 - 1)

/** @brief Principal-diagnosis id of a case without one. */
#define YGT_CASES_NO_CODE (-1)

/**
 * @brief The columns of a batch.  Values are ABI; new columns are appended
 *        (the settlement columns, from #YGT_CASE_INSTITUTION_CODE on, carry
 *        what payment rules need: institution, insurance type, dates, money).
 */
typedef enum ygt_case_column {
  YGT_CASE_CASE_ID = 0,        /**< String: case identifier. */
  YGT_CASE_SEX = 1,            /**< Integer: 1 male, 2 female. */
  YGT_CASE_AGE_YEARS = 2,      /**< Integer: age in whole years. */
  YGT_CASE_AGE_DAYS = 3,       /**< Integer: age in days. */
  YGT_CASE_BIRTH_WEIGHT_G = 4, /**< Integer: birth weight in grams (0: no usable weight). */
  YGT_CASE_DEPT = 5,           /**< String: department code. */
  YGT_CASE_LOS_DAYS = 6,       /**< Integer: length of stay in days. */
  YGT_CASE_LEAVING_TYPE = 7,   /**< Integer: 离院方式 code. */
  YGT_CASE_PDX = 8,            /**< Code: principal diagnosis id. */
  YGT_CASE_SDX = 9,            /**< Code list: secondary diagnosis ids, in order. */
  YGT_CASE_PROCS = 10,         /**< Code list: procedure ids, the principal procedure first. */
  YGT_CASE_INSTITUTION_CODE = 11, /**< String: code of the treating institution (as in the community model). */
  YGT_CASE_INSTITUTION = 12,   /**< Integer: index of the institution in a model (see ygt_cases_resolve_institutions()). */
  YGT_CASE_INSURANCE = 13,     /**< Integer: insurance type, a #ygt_insurance value (0 employee, 1 resident). */
  YGT_CASE_ADMIT_DATE = 14,    /**< Integer: admission date as YYYYMMDD. */
  YGT_CASE_DISCHARGE_DATE = 15,/**< Integer: discharge date as YYYYMMDD. */
  YGT_CASE_ICU_HOURS = 16,     /**< Integer: hours in intensive care. */
  YGT_CASE_DAY_SURGERY = 17,   /**< Integer: 1 for a day-surgery stay (日间手术), 0 otherwise. */
  YGT_CASE_TOTAL_COST = 18,    /**< Int64: total cost of the stay in fen. */
  YGT_CASE_SELF_PAID = 19,     /**< Int64: fully self-paid items (全自费) in fen. */
  YGT_CASE_FIRST_SELF_PAID = 20, /**< Int64: first self-paid part (先自付) in fen. */
  YGT_CASE_DEDUCTIBLE = 21,    /**< Int64: deductible (起付线) paid by the patient, in fen. */
  YGT_CASE_COINSURANCE = 22,   /**< Int64: the patient's co-insurance (共付) in fen. */
  YGT_CASE_FUND_PAID = 23,     /**< Int64: what the fund paid for the stay, in fen. */
  YGT_CASE_VENT_HOURS = 24,    /**< Integer: hours of invasive ventilation (呼吸机使用时长, whole hours). */
  YGT_CASE_PERSONAL_ACCOUNT = 25, /**< Int64: paid from the personal account (个人账户), in fen. */
  YGT_CASE_TRANSFER_TO = 26,   /**< String: code of the receiving institution when 离院方式 is 2 or 3 (拟接收机构代码). */
  YGT_CASE_ADMIT_WEIGHT_G = 27, /**< Integer: a newborn's admission weight in grams (新生儿入院体重). */
  YGT_CASE_COMA_BEFORE_MIN = 28, /**< Integer: minutes of coma before admission (颅脑损伤患者入院前昏迷时长). */
  YGT_CASE_COMA_AFTER_MIN = 29, /**< Integer: minutes of coma after admission (颅脑损伤患者入院后昏迷时长). */
  YGT_CASE_ADM_COND = 30,      /**< String: 入院病情 per diagnosis, parallel to #YGT_CASE_PDX then #YGT_CASE_SDX:
                                    one digit per diagnosis, '|'-separated ("1|4|4"): 1 有, 2 临床未确定,
                                    3 情况不明, 4 无; "" when not given.  Stored only (no engine reads it). */
  YGT_CASE_LEVEL = 31          /**< Integer: the level of the treating institution as the file gives it
                                    (医保结算等级, a #ygt_hospital_level); checked against the model by
                                    ygt_cases_resolve_institutions(). */
} ygt_case_column;

/** @brief The storage type of a column. */
typedef enum ygt_case_column_type {
  YGT_CASE_TYPE_INT32 = 1,    /**< One int32 per row. */
  YGT_CASE_TYPE_STRING = 2,   /**< One UTF-8 string per row. */
  YGT_CASE_TYPE_CODE = 3,     /**< One code id per row. */
  YGT_CASE_TYPE_CODE_LIST = 4, /**< A list of code ids per row. */
  YGT_CASE_TYPE_INT64 = 5      /**< One int64 per row (money in fen), #YGT_CASES_NA64 when missing. */
} ygt_case_column_type;

/** @brief Bits of a row's status. */
typedef enum ygt_case_row_flag {
  YGT_CASE_ROW_MALFORMED = 1,    /**< A field could not be read (it was left missing). */
  YGT_CASE_ROW_UNKNOWN_PDX = 2,  /**< The principal diagnosis is not in the dictionary. */
  YGT_CASE_ROW_UNKNOWN_SDX = 4,  /**< A secondary diagnosis is not in the dictionary. */
  YGT_CASE_ROW_UNKNOWN_PROC = 8, /**< A procedure is not in the dictionary. */
  YGT_CASE_ROW_UNKNOWN_INSTITUTION = 16, /**< The institution code is not in the model (ygt_cases_resolve_institutions()). */
  YGT_CASE_ROW_LEVEL_MISMATCH = 32 /**< The file's #YGT_CASE_LEVEL is not the model's level of the institution (ygt_cases_resolve_institutions()). */
} ygt_case_row_flag;

/**
 * @brief #YGT_CASES_NA, for bindings that cannot read macros.
 * @return INT32_MIN.
 */
YGT_API int32_t ygt_cases_na(void);

/**
 * @brief Number of columns this version of the library knows.
 * @return The count; columns are numbered from 0.
 */
YGT_API int ygt_cases_column_count(void);

/**
 * @brief The name of a column, as used in table headers ("sex", "pdx", ...).
 * @param column A #ygt_case_column.
 * @return A static string; NULL for an unknown column.
 */
YGT_API const char *ygt_cases_column_name(int column);

/**
 * @brief The storage type of a column.
 * @param column A #ygt_case_column.
 * @return A #ygt_case_column_type; #YGT_EINVAL for an unknown column.
 */
YGT_API int ygt_cases_column_type(int column);

/**
 * @brief Create an empty batch.
 * @param[out] out Receives the batch; set to NULL on failure.
 * @param[in] dx Diagnosis dictionary of the code ids; must outlive the batch; not NULL.
 * @param[in] proc Procedure dictionary of the code ids; must outlive the batch; not NULL.
 * @param capacity Rows to reserve room for (0 is allowed).
 * @return #YGT_OK; #YGT_EINVAL for NULL arguments or dictionaries of the
 *         wrong kind; #YGT_ENOMEM.
 */
YGT_API int ygt_cases_new(ygt_cases **out, const ygt_codes *dx, const ygt_codes *proc,
                          size_t capacity);

/**
 * @brief Free a batch (attached arrays stay the caller's).
 * @param cases The batch, or NULL (nothing happens).
 */
YGT_API void ygt_cases_free(ygt_cases *cases);

/**
 * @brief Number of rows.
 * @param[in] cases The batch; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_cases_count(const ygt_cases *cases);

/**
 * @brief The dictionary of a code column's ids.
 * @param[in] cases The batch; not NULL.
 * @param kind #YGT_CODE_DIAGNOSIS or #YGT_CODE_PROCEDURE.
 * @return The dictionary given to ygt_cases_new(); NULL for another kind.
 */
YGT_API const ygt_codes *ygt_cases_codes(const ygt_cases *cases, int kind);

/**
 * @brief Append an empty row (every field missing).
 * @param[in,out] cases The batch; not NULL.
 * @param[out] row Receives the new row's index; may be NULL.
 * @return #YGT_OK; #YGT_ESTATE if a column is attached; #YGT_ELIMIT past
 *         2^31 - 1 rows; #YGT_ENOMEM.
 */
YGT_API int ygt_cases_append(ygt_cases *cases, size_t *row);

/**
 * @brief Set an integer field.
 * @param[in,out] cases The batch; not NULL.
 * @param row A row index.
 * @param column An integer column (or #YGT_CASE_PDX, taking an id).
 * @param value The value; #YGT_CASES_NA makes it missing.
 * @return #YGT_OK; #YGT_ERANGE for a bad row; #YGT_EINVAL for a column of
 *         another type; #YGT_ESTATE if the column is attached; #YGT_ENOMEM.
 */
YGT_API int ygt_cases_set_int(ygt_cases *cases, size_t row, int column, int32_t value);

/**
 * @brief Set a string field (copied).
 * @param[in,out] cases The batch; not NULL.
 * @param row A row index.
 * @param column A string column.
 * @param[in] value The string; NULL makes it "".
 * @return #YGT_OK; #YGT_ERANGE; #YGT_EINVAL; #YGT_ENOMEM.
 */
YGT_API int ygt_cases_set_string(ygt_cases *cases, size_t row, int column, const char *value);

/**
 * @brief Set the principal diagnosis from a code, looked up in the batch's
 *        dictionary.  An unknown code is stored as an unknown id and flags
 *        the row (#YGT_CASE_ROW_UNKNOWN_PDX); NULL or "" means no diagnosis.
 * @param[in,out] cases The batch; not NULL.
 * @param row A row index.
 * @param column #YGT_CASE_PDX.
 * @param[in] code The code; may be NULL.
 * @return #YGT_OK (also for unknown codes); #YGT_ERANGE; #YGT_EINVAL;
 *         #YGT_ESTATE; #YGT_ENOMEM.
 */
YGT_API int ygt_cases_set_code(ygt_cases *cases, size_t row, int column, const char *code);

/**
 * @brief Append a code to a code list of the last row.  An unknown code is
 *        kept in its place as an unknown id and flags the row.
 * @param[in,out] cases The batch; not NULL.
 * @param row The last row's index (lists are filled row by row).
 * @param column #YGT_CASE_SDX or #YGT_CASE_PROCS.
 * @param[in] code The code; not NULL.
 * @return #YGT_OK (also for unknown codes); #YGT_ERANGE if @p row is not the
 *         last row; #YGT_EINVAL; #YGT_ESTATE if attached; #YGT_ENOMEM.
 */
YGT_API int ygt_cases_add_code(ygt_cases *cases, size_t row, int column, const char *code);

/**
 * @brief Append a code id to a code list of the last row.
 * @param[in,out] cases The batch; not NULL.
 * @param row The last row's index.
 * @param column #YGT_CASE_SDX or #YGT_CASE_PROCS.
 * @param id A code id (negative: unknown code, flags the row).
 * @return As ygt_cases_add_code().
 */
YGT_API int ygt_cases_add_code_id(ygt_cases *cases, size_t row, int column, int32_t id);

/**
 * @brief Use a caller-owned array as an integer or code column (zero copy).
 *
 * The first attached column of an empty batch sets its row count; later
 * ones must have the same count.  A batch with an attached column takes no
 * more rows and attached columns cannot be set.
 * @param[in,out] cases The batch; not NULL.
 * @param column An integer column or #YGT_CASE_PDX.
 * @param[in] values @p n values; must stay valid and unchanged while the
 *        batch uses them; not NULL unless @p n is 0.
 * @param n Number of rows.
 * @return #YGT_OK; #YGT_EINVAL for a column of another type or NULL
 *         @p values; #YGT_ESTATE if @p n differs from the row count.
 */
YGT_API int ygt_cases_attach_int32(ygt_cases *cases, int column, const int32_t *values, size_t n);

/**
 * @brief Use caller-owned offsets and values as a code list column (zero copy).
 * @param[in,out] cases The batch; not NULL.
 * @param column #YGT_CASE_SDX or #YGT_CASE_PROCS.
 * @param[in] offsets @p n + 1 non-decreasing, non-negative offsets; kept
 *        while the batch lives; not NULL.
 * @param[in] values Ids (at least offsets[n] of them); kept while the batch
 *        lives; may be NULL only when offsets[n] is 0.
 * @param n Number of rows.
 * @return #YGT_OK; #YGT_EINVAL (wrong column, NULL, decreasing or negative
 *         offsets, naming the row); #YGT_ESTATE if @p n differs from the
 *         row count.
 */
YGT_API int ygt_cases_attach_list(ygt_cases *cases, int column, const int64_t *offsets,
                                  const int32_t *values, size_t n);

/**
 * @brief Append the rows of a TSV or CSV file (".csv" is CSV).
 *
 * Header names are the column names (ygt_cases_column_name()) with two
 * exceptions: the procedures come as `pproc` (the principal procedure) and
 * `other_procs`; `sdx` and `other_procs` are `|`-separated.  Only `pdx` is
 * required; columns that are absent stay missing.  The table is strict: a
 * column the loader does not read is #YGT_EPARSE naming it and the closest
 * known name ("did you mean `sdx`?") unless ygt_cases_allow_columns() names
 * it; a repeated column name, a byte that is not UTF-8 (with a hint when the
 * file looks like GBK) and a case_id given twice in the file are errors
 * naming the file, line and field.  Numbers that cannot be read, negative
 * amounts, unknown codes and other-procedures without a principal procedure
 * are recorded on the row (flags, line, message) and do not stop the load.
 * Values may be written as exports write them (doc/formats/exports.md):
 * full-width digits, dates such as "2024/1/10", "2024年1月10日" or
 * "2024-01-10 08:30:00", durations "天/时/分" ("1/13/24") in #YGT_CASE_ICU_HOURS,
 * #YGT_CASE_VENT_HOURS and the coma columns.  With a column map
 * (ygt_cases_map_columns(), ygt_cases_map_builtin()) several columns may give
 * `sdx` and `other_procs`.
 * @param[in,out] cases The batch; not NULL.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (no header, `pdx` column missing,
 *         unknown or repeated column, invalid UTF-8, unterminated CSV quote);
 *         #YGT_EEXISTS (a case_id twice); #YGT_ESTATE if a column is attached;
 *         #YGT_ENOMEM.  On failure the rows added by this call are removed.
 */
YGT_API int ygt_cases_load(ygt_cases *cases, const char *path);

/**
 * @brief Columns that ygt_cases_load() accepts without reading them.
 *
 * A user's own columns (`expected_drg`, a ward, a remark) are an error by
 * default, because a misspelt column the loader would silently ignore
 * changes results.  Name the extra columns here to keep them in the file.
 * @param[in,out] cases The batch; not NULL.
 * @param[in] names Comma-separated column names, "*" for any column, NULL or
 *        "" for none (the default).  Copied.
 * @return #YGT_OK; #YGT_EINVAL for a NULL batch; #YGT_ENOMEM (the previous
 *         setting is kept).
 */
YGT_API int ygt_cases_allow_columns(ygt_cases *cases, const char *names);

/**
 * @brief A column map for ygt_cases_load(): the file's own header names
 *        (Chinese headers, a vendor's names) for the case-file columns.
 *
 * The map is a table (doc/formats/tables.md) with columns `column` (a header
 * name as the file writes it) and `field` (the case-file column it stands
 * for: `sex`, `pdx`, `total_cost`, ...).  A loaded file's mapped headers are
 * read as their fields; messages then name the field.  A header that maps to
 * a field the file also has under its own name is a repeated column.
 * `examples/data/maps/homepage-zh.tsv` is an illustrative map of Chinese
 * headers.
 * @param[in,out] cases The batch; not NULL.
 * @param[in] path The map file, or NULL to remove the map.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (no `column` / `field` column, an
 *         empty column, a field that is not a case-file column, named with
 *         the closest one, no row); #YGT_EEXISTS (a column mapped twice);
 *         #YGT_EINVAL for a NULL batch; #YGT_ENOMEM.  On failure the
 *         previous map is kept.
 */
YGT_API int ygt_cases_map_columns(ygt_cases *cases, const char *path);

/**
 * @brief Use a built-in column map for ygt_cases_load() (doc/formats/exports.md).
 *
 * `4101`: the field names of the national settlement list (医疗保障基金结算清单,
 * interface 4101 `setlinfo`) as a table's headers; `hqms`: the 病案首页
 * pinyin ids (卫统 N041 / HQMS: XB, NL, JBDM, JBDM1 .. JBDM15, SSJCZBM1 ...);
 * `zh`: Chinese headers (性别, 主要诊断编码, 其他诊断编码1 ...).  Several
 * columns may stand for `sdx` and `other_procs` (read in column order) and
 * for `transfer_to` (the first non-empty one is read); columns a map knows
 * but no engine reads (a name, 入院病情) are accepted.  The map replaces one
 * set by ygt_cases_map_columns().
 * @param[in,out] cases The batch; not NULL.
 * @param[in] name "4101", "hqms" or "zh"; not NULL.
 * @return #YGT_OK; #YGT_ENOTFOUND for another name (naming the closest);
 *         #YGT_EINVAL for NULL; #YGT_ENOMEM (the previous map is kept).
 */
YGT_API int ygt_cases_map_builtin(ygt_cases *cases, const char *name);

/**
 * @brief The name of the i-th built-in column map (ygt_cases_map_builtin()).
 * @param i 0, 1, ...
 * @return A static string; NULL past the last map.
 */
YGT_API const char *ygt_cases_map_builtin_name(int i);

/**
 * @brief Append the records of a settlement-list upload (医疗保障基金结算清单,
 *        interface 4101 / 4101A) in JSON: one record object or an array of them.
 *
 * A record is an object with `setlinfo` (required) and the lists `diseinfo`,
 * `oprninfo`, `icuinfo`, `payinfo`, `iteminfo`, `opspdiseinfo`; the request
 * envelope `{"infno": "4101", "input": {...}}` is accepted as one record.
 * Field names and how each becomes a case column are in
 * doc/formats/exports.md: the principal diagnosis is the `diseinfo` entry
 * with `maindiag_flag` 1, the others follow in order; the principal
 * procedure has `main_oprn_flag` 1 (else the first); ICU stays add up;
 * the total cost is `medfee_sumamt` or the sum of `iteminfo` amounts.  Keys
 * are strict: an unknown key is #YGT_EPARSE naming the file, the record,
 * its JSON path and the closest known key.  A value that cannot be read is
 * recorded on its row (flags, line, message) as ygt_cases_load() does, the
 * row's line being the line where its record starts.  Each record may be
 * up to 1 MiB of JSON (doc/limits.md); the file up to the table limit.
 * @param[in,out] cases The batch; not NULL.
 * @param[in] path The JSON file; not NULL.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (not JSON, not a record or an
 *         array of records, an unknown key, a value of the wrong JSON type);
 *         #YGT_ELIMIT (a record over 1 MiB, nesting deeper than allowed);
 *         #YGT_EEXISTS (a setl_id twice); #YGT_ESTATE if a column is attached;
 *         #YGT_ENOMEM.  On failure the rows added by this call are removed.
 */
YGT_API int ygt_cases_load_4101(ygt_cases *cases, const char *path);

/**
 * @brief An integer field (or the id of #YGT_CASE_PDX).
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @param column An integer column or #YGT_CASE_PDX.
 * @param[out] value Receives the value (#YGT_CASES_NA when missing); not NULL.
 * @return #YGT_OK; #YGT_ERANGE for a bad row; #YGT_EINVAL for another column type.
 */
YGT_API int ygt_cases_get_int(const ygt_cases *cases, size_t row, int column, int32_t *value);

/**
 * @brief A string field.
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @param column A string column.
 * @return The string, owned by the batch until it changes or is freed; ""
 *         when missing; NULL for a bad row or column.
 */
YGT_API const char *ygt_cases_get_string(const ygt_cases *cases, size_t row, int column);

/**
 * @brief The code ids of a code list field.
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @param column #YGT_CASE_SDX or #YGT_CASE_PROCS.
 * @param[out] ids Receives a pointer to the ids (owned by the batch or the
 *        attached array; valid until the batch changes); not NULL.
 * @param[out] n Receives the number of ids; not NULL.
 * @return #YGT_OK; #YGT_ERANGE; #YGT_EINVAL.
 */
YGT_API int ygt_cases_get_codes(const ygt_cases *cases, size_t row, int column,
                                const int32_t **ids, size_t *n);

/**
 * @brief The status of a row: #ygt_case_row_flag bits, 0 when clean.
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @return The flags; #YGT_ERANGE for a bad row.
 */
YGT_API int ygt_cases_row_flags(const ygt_cases *cases, size_t row);

/**
 * @brief The input line a row was read from.
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @return The 1-based line; 0 for rows not read from a file; #YGT_ERANGE.
 */
YGT_API int ygt_cases_row_line(const ygt_cases *cases, size_t row);

/**
 * @brief A description of the first problem of a row, naming the field
 *        and the value ("" for a clean row).
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @return The message, owned by the batch; NULL for a bad row.
 */
YGT_API const char *ygt_cases_row_message(const ygt_cases *cases, size_t row);

/**
 * @brief Number of rows whose status is not 0.
 * @param[in] cases The batch; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_cases_problem_count(const ygt_cases *cases);

/**
 * @brief The strings of a string column for rows @p first .. @p first + @p n - 1 in one call (a binding
 *        reads a column per call instead of a field per call): each string followed by its NUL, one after
 *        the other, "" for a missing one.
 * @param[out] buf Receives the strings; may be NULL when @p cap is 0.
 * @param cap Size of @p buf in bytes.
 * @param[out] size Receives the bytes the strings take, NULs included (also when @p cap is too small);
 *        may be NULL.
 * @param[in] cases The batch; not NULL.
 * @param column A string column (#YGT_CASE_CASE_ID, #YGT_CASE_DEPT, #YGT_CASE_INSTITUTION_CODE).
 * @param first The first row.
 * @param n The number of rows.
 * @return #YGT_OK; #YGT_EBUFSIZE when @p cap is smaller than the size (@p buf unwritten); #YGT_ERANGE for
 *         rows outside the batch; #YGT_EINVAL for NULL or a column that is not a string column.
 * @since 0.2
 */
YGT_API int ygt_cases_get_strings(char *buf, size_t cap, size_t *size, const ygt_cases *cases, int column,
                                  size_t first, size_t n);

/**
 * @brief The status and input line of rows @p first .. @p first + @p n - 1 in one call: what
 *        ygt_cases_row_flags() and ygt_cases_row_line() give for each row.
 * @param[out] flags Receives @p n #ygt_case_row_flag sets; may be NULL.
 * @param[out] lines Receives @p n 1-based lines (0 for rows not read from a file); may be NULL.
 * @param[in] cases The batch; not NULL.
 * @param first The first row.
 * @param n The number of rows.
 * @return #YGT_OK; #YGT_ERANGE for rows outside the batch (nothing written); #YGT_EINVAL for NULL.
 * @since 0.2
 */
YGT_API int ygt_cases_get_rows(int32_t *flags, int32_t *lines, const ygt_cases *cases, size_t first, size_t n);

/** @name Settlement columns: money in fen and institutions
 *  The money fields of a case (total cost and its parts) are int64 fen.  In
 *  files they are written in yuan with at most two decimals ("1234.5") and
 *  converted exactly; dates are "YYYY-MM-DD" or "YYYYMMDD" (and the forms of
 *  doc/formats/exports.md); the insurance
 *  type is "employee"/"resident" (or 职工/居民, or 0/1); the institution is
 *  its code in the community model, header `institution`.
 *  @{ */

/** @brief Value of a missing int64 field (INT64_MIN). */
#define YGT_CASES_NA64 (-9223372036854775807LL - 1)

/**
 * @brief #YGT_CASES_NA64, for bindings that cannot read macros.
 * @return INT64_MIN.
 */
YGT_API int64_t ygt_cases_na64(void);

/**
 * @brief Set an int64 field (an amount in fen).
 * @param[in,out] cases The batch; not NULL.
 * @param row A row index.
 * @param column An int64 column (#YGT_CASE_TOTAL_COST ... #YGT_CASE_FUND_PAID).
 * @param value The value; #YGT_CASES_NA64 makes it missing.
 * @return #YGT_OK; #YGT_ERANGE for a bad row; #YGT_EINVAL for a column of
 *         another type; #YGT_ESTATE if the column is attached; #YGT_ENOMEM.
 */
YGT_API int ygt_cases_set_int64(ygt_cases *cases, size_t row, int column, int64_t value);

/**
 * @brief An int64 field.
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @param column An int64 column.
 * @param[out] value Receives the value (#YGT_CASES_NA64 when missing); not NULL.
 * @return #YGT_OK; #YGT_ERANGE for a bad row; #YGT_EINVAL for another column type.
 */
YGT_API int ygt_cases_get_int64(const ygt_cases *cases, size_t row, int column, int64_t *value);

/**
 * @brief Use a caller-owned array as an int64 column (zero copy); the rules
 *        of ygt_cases_attach_int32() apply.
 * @param[in,out] cases The batch; not NULL.
 * @param column An int64 column.
 * @param[in] values @p n values; must stay valid and unchanged while the
 *        batch uses them; not NULL unless @p n is 0.
 * @param n Number of rows.
 * @return #YGT_OK; #YGT_EINVAL for a column of another type or NULL
 *         @p values; #YGT_ESTATE if @p n differs from the row count.
 */
YGT_API int ygt_cases_attach_int64(ygt_cases *cases, int column, const int64_t *values, size_t n);

/**
 * @brief Fill #YGT_CASE_INSTITUTION from #YGT_CASE_INSTITUTION_CODE by
 *        looking the codes up in a model.
 *
 * A code the model does not know leaves the index missing and flags the
 * row (#YGT_CASE_ROW_UNKNOWN_INSTITUTION) with a message naming the code
 * and the row's input line; an empty code leaves it missing.  When the row
 * gives #YGT_CASE_LEVEL and it is not the model's level of the institution
 * (an ungraded "三级" / "二级" matches the graded levels of its tier), the
 * row is flagged #YGT_CASE_ROW_LEVEL_MISMATCH with a message naming the
 * file, line, field and both levels.  Call it again after adding rows.
 * @param[in,out] cases The batch; not NULL.
 * @param[in] model The model; not NULL; only read during the call.
 * @return The number of rows with an unknown institution code (>= 0);
 *         #YGT_EINVAL for NULL arguments; #YGT_ESTATE if
 *         #YGT_CASE_INSTITUTION is attached; #YGT_ENOMEM.
 */
YGT_API int64_t ygt_cases_resolve_institutions(ygt_cases *cases, const ygt_model *model);

/** @} */

YGT_END_DECLS

#endif /* YIGONGTI_CASES_H */
