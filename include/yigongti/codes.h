/**
 * @file codes.h
 * @brief Code dictionaries (ICD-10 医保版 diagnoses, ICD-9-CM-3 医保版
 *        procedures) and code sets over them.
 *
 * A dictionary interns every code to a dense integer id (0, 1, 2, ... in the
 * order codes were added); every other module of the library works on ids
 * and meets strings only at the edges.  A code set is a set of ids of one
 * dictionary with constant-time membership.
 *
 * @par Canonical form of a code
 * Lookups normalise their input first, so " i63.900 ", "Ｉ６３．９００" and
 * "I63.900" find the same code:
 * - surrounding white space (ASCII and the ideographic space U+3000) is
 *   dropped, and so is white space inside the code;
 * - full-width ASCII forms (U+FF01 to U+FF5E) become ASCII, and the dagger
 *   U+2020 becomes '+';
 * - letters become upper case, except the extension marker: an 'x' or 'X'
 *   that is not the first character of the code or of its asterisk part is
 *   lower case ("K35.800X001" becomes "K35.800x001", while "X59.900" keeps
 *   its chapter letter);
 * - a dagger/asterisk code keeps both parts joined by '+' and ends in '*'
 *   ("A01.002 † G01" becomes "A01.002+G01*").
 * Nothing else is changed: no dot is inserted and no digit is padded.
 *
 * @par Threads
 * Adding codes or marking grey codes modifies a dictionary; once nobody
 * modifies it, a dictionary is immutable and may be read by any number of
 * threads.  Code sets are the same: build them, then share them.
 */
#ifndef YIGONGTI_CODES_H
#define YIGONGTI_CODES_H

#include <yigongti/common.h>

YGT_BEGIN_DECLS

/** @brief A dictionary of codes of one kind. */
typedef struct ygt_codes ygt_codes;

/** @brief A set of code ids of one dictionary. */
typedef struct ygt_codeset ygt_codeset;

/** @brief What a dictionary holds. */
typedef enum ygt_code_kind {
  YGT_CODE_DIAGNOSIS = 1, /**< ICD-10 diagnoses (医保版). */
  YGT_CODE_PROCEDURE = 2  /**< ICD-9-CM-3 procedures (医保版). */
} ygt_code_kind;

/** @brief Largest length in bytes of a canonical code, without the NUL. */
#define YGT_CODE_MAX 63

/**
 * @brief The largest code length, for bindings that cannot read macros.
 * @return #YGT_CODE_MAX.
 */
YGT_API int ygt_code_max_length(void);

/**
 * @brief Write the canonical form of a code (see the file description).
 * @param[out] out Receives the NUL-terminated canonical code; may be NULL when @p cap is 0.
 * @param cap Size of @p out in bytes.
 * @param[in] code The code as written; not NULL.
 * @return The length of the canonical code (without the NUL) on success;
 *         #YGT_EINVAL if @p code is NULL, empty after trimming, longer than
 *         #YGT_CODE_MAX or contains characters that cannot be in a code;
 *         #YGT_EBUFSIZE if @p cap is too small.
 */
YGT_API int ygt_code_normalize(char *out, size_t cap, const char *code);

/**
 * @brief Create an empty dictionary.
 * @param[out] out Receives the new dictionary; set to NULL on failure.
 * @param kind A #ygt_code_kind.
 * @return #YGT_OK; #YGT_EINVAL for a bad kind or NULL @p out; #YGT_ENOMEM.
 */
YGT_API int ygt_codes_new(ygt_codes **out, int kind);

/**
 * @brief Load a dictionary from a code list.
 *
 * A UTF-8 TSV (or CSV when the name ends in .csv) with a header row.  The
 * code column is named `code`, `dx_code` or `proc_code`; the `name` column is
 * required; an optional `grey` column holds 1 for grey codes (灰码) and 0 or
 * empty otherwise.  Codes are normalised; a code given twice, an invalid code
 * or an empty name is an error naming the line.
 * @param[out] out Receives the dictionary; set to NULL on failure.
 * @param kind A #ygt_code_kind.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE; #YGT_EEXISTS (duplicate code);
 *         #YGT_EINVAL; #YGT_ELIMIT (more than 2^31 - 1 codes); #YGT_ENOMEM.
 */
YGT_API int ygt_codes_load(ygt_codes **out, int kind, const char *path);

/**
 * @brief Load a dictionary from a code list through a compiled cache file.
 *
 * Gives the same dictionary as ygt_codes_load() (codes, names, grey flags,
 * ids), faster when `cache_path` holds a cache made from the list as it is
 * now: the cache records the list's size, modification time and content
 * hash, the kind, its format, this build's layout and byte order, and a
 * checksum of its contents, and is used only when all of them agree.  Any
 * other cache is ignored: the list is read as by ygt_codes_load() and the
 * cache written anew (a temporary file beside it, renamed over it); a cache
 * that cannot be written is skipped silently.  See
 * doc/formats/drg-pack-cache.md.
 * @param[out] out Receives the dictionary; set to NULL on failure.
 * @param kind A #ygt_code_kind.
 * @param[in] path The code list; not NULL.
 * @param[in] cache_path The cache file to read and (re)write; not NULL.
 * @return As ygt_codes_load(); a bad cache is never an error.
 */
YGT_API int ygt_codes_load_cached(ygt_codes **out, int kind, const char *path, const char *cache_path);

/**
 * @brief Mark the codes listed in a file as grey codes (灰码: kept in the
 *        list but not to be used as a principal diagnosis for settlement).
 *
 * Same table format as ygt_codes_load(); only the code column is read.  All
 * codes are checked before any is marked, so a failure changes nothing.
 * @param[in,out] codes The dictionary; not NULL.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE; #YGT_ENOTFOUND for a code that is
 *         not in the dictionary (naming the line); #YGT_ENOMEM.
 */
YGT_API int ygt_codes_load_grey(ygt_codes *codes, const char *path);

/**
 * @brief Free a dictionary.  Code sets made over it must be freed first.
 * @param codes The dictionary, or NULL (nothing happens).
 */
YGT_API void ygt_codes_free(ygt_codes *codes);

/**
 * @brief Add one code.
 * @param[in,out] codes The dictionary; not NULL.
 * @param[in] code The code (normalised before it is stored); not NULL.
 * @param[in] name Its name (copied); NULL stores "".
 * @param[out] id Receives the new id; may be NULL.
 * @return #YGT_OK; #YGT_EINVAL for an invalid code; #YGT_EEXISTS if the code
 *         is already there; #YGT_ELIMIT; #YGT_ENOMEM.
 */
YGT_API int ygt_codes_add(ygt_codes *codes, const char *code, const char *name, int32_t *id);

/**
 * @brief Mark or unmark a code as grey.
 * @param[in,out] codes The dictionary; not NULL.
 * @param id A code id.
 * @param grey Non-zero to mark, 0 to unmark.
 * @return #YGT_OK; #YGT_ERANGE for an id outside the dictionary.
 */
YGT_API int ygt_codes_set_grey(ygt_codes *codes, int32_t id, int grey);

/**
 * @brief The kind of a dictionary.
 * @param[in] codes The dictionary; not NULL.
 * @return A #ygt_code_kind.
 */
YGT_API int ygt_codes_kind(const ygt_codes *codes);

/**
 * @brief Number of codes; ids run from 0 to this number minus one.
 * @param[in] codes The dictionary; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_codes_count(const ygt_codes *codes);

/**
 * @brief Id of a code, after normalising it.  Records no error: an unknown
 *        code is an expected answer, not a failure.
 * @param[in] codes The dictionary; not NULL.
 * @param[in] code The code as written; NULL is treated as unknown.
 * @return The id (>= 0), or #YGT_ENOTFOUND for an unknown or invalid code.
 */
YGT_API int32_t ygt_codes_id(const ygt_codes *codes, const char *code);

/**
 * @brief Like ygt_codes_id() for a code that is not NUL-terminated.
 * @param[in] codes The dictionary; not NULL.
 * @param[in] code The first byte of the code; may be NULL when @p len is 0.
 * @param len Its length in bytes.
 * @return The id (>= 0), or #YGT_ENOTFOUND.
 */
YGT_API int32_t ygt_codes_id_n(const ygt_codes *codes, const char *code, size_t len);

/**
 * @brief Ids of many codes at once (for columns of case data).
 * @param[in] codes The dictionary; not NULL.
 * @param[in] code_list @p n codes; NULL entries are unknown.
 * @param n Number of codes.
 * @param[out] ids Receives @p n ids, #YGT_ENOTFOUND for unknown codes; not NULL.
 * @return The number of unknown codes (>= 0); #YGT_EINVAL for NULL arguments.
 */
YGT_API int64_t ygt_codes_ids(const ygt_codes *codes, const char *const *code_list, size_t n,
                              int32_t *ids);

/**
 * @brief The canonical code of an id.
 * @param[in] codes The dictionary; not NULL.
 * @param id A code id.
 * @return The code, owned by the dictionary and valid while it lives; NULL
 *         for an id outside the dictionary.
 */
YGT_API const char *ygt_codes_code(const ygt_codes *codes, int32_t id);

/**
 * @brief The name of an id.
 * @param[in] codes The dictionary; not NULL.
 * @param id A code id.
 * @return The name (UTF-8), owned by the dictionary; NULL for an id outside it.
 */
YGT_API const char *ygt_codes_name(const ygt_codes *codes, int32_t id);

/**
 * @brief Whether a code is grey (灰码).
 * @param[in] codes The dictionary; not NULL.
 * @param id A code id.
 * @return 1 if grey, 0 if not, #YGT_ERANGE for an id outside the dictionary.
 */
YGT_API int ygt_codes_is_grey(const ygt_codes *codes, int32_t id);

/**
 * @brief Create an empty code set over a dictionary.
 *
 * The set sees the codes the dictionary has now; codes added to the
 * dictionary later are never members.
 * @param[out] out Receives the set; set to NULL on failure.
 * @param[in] codes The dictionary, which must outlive the set; not NULL.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ENOMEM.
 */
YGT_API int ygt_codeset_new(ygt_codeset **out, const ygt_codes *codes);

/**
 * @brief Build a code set from a specification string.
 *
 * Items are separated by commas, semicolons, white space or the Chinese
 * separators "，", "；" and "、".  An item is:
 * - a code, e.g. `I63.900` or `A01.002+G01*`: that code exactly (it must be
 *   in the dictionary);
 * - a prefix ending in `*` (and containing no '+'), e.g. `I63*` or `O*`:
 *   every code that starts with it;
 * - a range `FIRST-LAST`, e.g. `I20-I25` or `C00-D48`: every code whose first
 *   characters, as many as FIRST has, are not less than FIRST, and whose first
 *   characters, as many as LAST has, are not greater than LAST;
 * - any of these preceded by `!`: excluded.  Exclusions apply after all
 *   inclusions, whatever their order.
 * Prefixes and ranges are normalised like codes and may match no code.
 * @param[out] out Receives the set; set to NULL on failure.
 * @param[in] codes The dictionary, which must outlive the set; not NULL.
 * @param[in] spec The specification; not NULL; "" gives the empty set.
 * @return #YGT_OK; #YGT_EPARSE for a malformed item (the error's column is
 *         its byte offset + 1 and its field the item); #YGT_ENOTFOUND for an
 *         exact code not in the dictionary; #YGT_ENOMEM.
 */
YGT_API int ygt_codeset_parse(ygt_codeset **out, const ygt_codes *codes, const char *spec);

/**
 * @brief Free a code set.
 * @param set The set, or NULL (nothing happens).
 */
YGT_API void ygt_codeset_free(ygt_codeset *set);

/**
 * @brief Add one id.
 * @param[in,out] set The set; not NULL.
 * @param id A code id of the set's dictionary.
 * @return #YGT_OK; #YGT_ERANGE for an id outside the set's dictionary.
 */
YGT_API int ygt_codeset_add_id(ygt_codeset *set, int32_t id);

/**
 * @brief Add the items of a specification (see ygt_codeset_parse()); `!`
 *        items remove codes.  On failure the set is unchanged.
 * @param[in,out] set The set; not NULL.
 * @param[in] spec The specification; not NULL.
 * @return As ygt_codeset_parse().
 */
YGT_API int ygt_codeset_add_spec(ygt_codeset *set, const char *spec);

/**
 * @brief Add every member of another set over the same dictionary (union).
 * @param[in,out] set The set; not NULL.
 * @param[in] other The other set; not NULL.
 * @return #YGT_OK; #YGT_EINVAL if the sets belong to different dictionaries.
 */
YGT_API int ygt_codeset_union(ygt_codeset *set, const ygt_codeset *other);

/**
 * @brief Remove every member of another set (difference).
 * @param[in,out] set The set; not NULL.
 * @param[in] other The other set; not NULL.
 * @return #YGT_OK; #YGT_EINVAL if the sets belong to different dictionaries.
 */
YGT_API int ygt_codeset_subtract(ygt_codeset *set, const ygt_codeset *other);

/**
 * @brief Whether an id is a member; constant time.
 * @param[in] set The set; not NULL.
 * @param id Any id; negative ids (unknown codes) and ids outside the
 *        dictionary are never members.
 * @return 1 or 0.
 */
YGT_API int ygt_codeset_has(const ygt_codeset *set, int32_t id);

/**
 * @brief Membership of many ids at once (for columns of case data).
 * @param[in] set The set; not NULL.
 * @param[in] ids @p n ids; not NULL unless @p n is 0.
 * @param n Number of ids.
 * @param[out] member Receives @p n bytes, 1 for members and 0 otherwise.
 */
YGT_API void ygt_codeset_has_many(const ygt_codeset *set, const int32_t *ids, size_t n,
                                  uint8_t *member);

/**
 * @brief Number of members.
 * @param[in] set The set; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_codeset_count(const ygt_codeset *set);

/**
 * @brief The members in increasing id order.
 * @param[in] set The set; not NULL.
 * @param[out] ids Receives up to @p cap ids; may be NULL when @p cap is 0.
 * @param cap Capacity of @p ids.
 * @return The number of members (which may exceed @p cap: call again with a
 *         larger buffer).
 */
YGT_API size_t ygt_codeset_ids(const ygt_codeset *set, int32_t *ids, size_t cap);

/**
 * @brief The dictionary a set belongs to.
 * @param[in] set The set; not NULL.
 * @return The dictionary (not owned by the caller).
 */
YGT_API const ygt_codes *ygt_codeset_codes(const ygt_codeset *set);

YGT_END_DECLS

#endif /* YIGONGTI_CODES_H */
