/**
 * @file model.h
 * @brief The community model: institutions, communities, grids and
 *        family-doctor teams of one locality.
 *
 * A model is assembled with a #ygt_model_builder (or loaded from a bundle
 * directory, see doc/formats/model.md), validated as a whole by
 * ygt_model_build() / ygt_model_load(), and immutable afterwards: any number
 * of threads may query one model at once.
 *
 * Everything inside a model is addressed by a dense index: institutions,
 * communities, grids and teams are numbered 0 .. count-1 in the order they
 * were added (file order for a loaded bundle).  Codes (strings) are only
 * used at the edges: ygt_model_institution_find() and friends turn a code
 * into an index.
 *
 * Index-returning functions return an @c int32_t that is the index (>= 0) or
 * a negative #ygt_error_code; accessors of numbers return the value or a
 * negative code; accessors of strings return NULL for a bad index.  "None"
 * (no parent, no comprehensive community, no township) is #YGT_ENOTFOUND.
 * Every negative return records its details in ygt_error_last().
 *
 * List queries share one shape: `int f(int32_t *out, size_t cap,
 * size_t *count, const ygt_model *m, ...)`.  @c *count receives the number
 * of results; with @p out NULL that is all they do (a size query).  With
 * @p out not NULL and @p cap smaller than the number of results they return
 * #YGT_EBUFSIZE and leave @p out unwritten.  Results are in index order
 * unless the function says otherwise.
 */
#ifndef YIGONGTI_MODEL_H
#define YIGONGTI_MODEL_H

#include <yigongti/common.h>

YGT_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/** @name Enumerations and their names
 *  Every enumeration has a file name (ASCII, used in bundles and bindings),
 *  a Chinese label, and a parser that accepts either.  The @c _name and
 *  @c _label functions return NULL for values out of range, so bindings can
 *  list the values by counting up from 0 until NULL.
 *  @{ */

/** @brief Tier of an institution, from primary care up.  The order is meaningful (ranking). */
typedef enum ygt_tier {
  YGT_TIER_VILLAGE = 0,     /**< Village clinic 村卫生室 or community health station 社区卫生服务站 ("village"). */
  YGT_TIER_TOWNSHIP = 1,    /**< Township health centre 乡镇卫生院 or community health service centre ("township"). */
  YGT_TIER_COUNTY = 2,      /**< County (or urban district) hospital 县级 ("county"). */
  YGT_TIER_CITY = 3,        /**< City (prefecture) hospital 市级 ("city"). */
  YGT_TIER_PROVINCE = 4,    /**< Provincial hospital 省级 ("province"). */
  YGT_TIER_OUT_OF_AREA = 5  /**< Outside the province 省外 ("out_of_area"). */
} ygt_tier;

/** @brief Kind of an institution. */
typedef enum ygt_institution_kind {
  YGT_KIND_GENERAL_HOSPITAL = 0,   /**< General hospital 综合医院 ("general_hospital"). */
  YGT_KIND_TCM_HOSPITAL = 1,       /**< Traditional Chinese medicine hospital 中医医院 ("tcm_hospital"). */
  YGT_KIND_MATERNAL_CHILD = 2,     /**< Maternal and child health hospital 妇幼保健院 ("maternal_child"). */
  YGT_KIND_SPECIALTY_HOSPITAL = 3, /**< Other specialty hospital 专科医院 ("specialty_hospital"). */
  YGT_KIND_CENTRAL_TOWNSHIP = 4,   /**< Central township health centre 中心卫生院 ("central_township"). */
  YGT_KIND_TOWNSHIP = 5,           /**< Township health centre 乡镇卫生院 ("township"). */
  YGT_KIND_COMMUNITY_CENTRE = 6,   /**< Community health service centre 社区卫生服务中心 ("community_centre"). */
  YGT_KIND_COMMUNITY_STATION = 7,  /**< Community health service station 社区卫生服务站 ("community_station"). */
  YGT_KIND_VILLAGE_CLINIC = 8,     /**< Village clinic 村卫生室 ("village_clinic"). */
  YGT_KIND_PRIVATE = 9,            /**< Private (民营) institution of any tier ("private"). */
  YGT_KIND_PUBLIC_HEALTH = 10      /**< Public-health institution (CDC ...) 公共卫生机构 ("public_health"). */
} ygt_institution_kind;

/** @brief Hospital level (医院等级); drives payment coefficients.  Ordered from lowest. */
typedef enum ygt_hospital_level {
  YGT_LEVEL_UNRATED = 0, /**< 未定级 ("unrated"). */
  YGT_LEVEL_1 = 1,       /**< 一级 ("1"). */
  YGT_LEVEL_2 = 2,       /**< 二级, grade not given ("2"). */
  YGT_LEVEL_2B = 3,      /**< 二级乙等 ("2B"). */
  YGT_LEVEL_2A = 4,      /**< 二级甲等 ("2A"). */
  YGT_LEVEL_3 = 5,       /**< 三级, grade not given ("3"). */
  YGT_LEVEL_3B = 6,      /**< 三级乙等 ("3B"). */
  YGT_LEVEL_3A = 7       /**< 三级甲等 ("3A"). */
} ygt_hospital_level;

/** @brief Designations of an institution.  A set of them is a bit mask with bit (1 << value). */
typedef enum ygt_designation {
  YGT_DESIGNATION_CHEST_PAIN = 0,       /**< Chest pain centre 胸痛中心 ("chest_pain"). */
  YGT_DESIGNATION_STROKE = 1,           /**< Stroke centre 卒中中心 ("stroke"). */
  YGT_DESIGNATION_TRAUMA = 2,           /**< Trauma centre 创伤中心 ("trauma"). */
  YGT_DESIGNATION_CRITICAL_MATERNAL = 3,/**< Critical maternal care centre 危重孕产妇救治中心 ("critical_maternal"). */
  YGT_DESIGNATION_CRITICAL_CHILD = 4,   /**< Critical child and newborn care centre 危重儿童和新生儿救治中心 ("critical_child"). */
  YGT_DESIGNATION_LAB = 5,              /**< Shared clinical laboratory 临床检验中心 ("lab"). */
  YGT_DESIGNATION_IMAGING = 6,          /**< Shared imaging centre 医学影像中心 ("imaging"). */
  YGT_DESIGNATION_ECG = 7,              /**< Shared ECG diagnosis centre 心电诊断中心 ("ecg"). */
  YGT_DESIGNATION_PATHOLOGY = 8,        /**< Shared pathology centre 病理诊断中心 ("pathology"). */
  YGT_DESIGNATION_STERILISATION = 9     /**< Shared sterilisation supply centre 消毒供应中心 ("sterilisation"). */
} ygt_designation;

/** @brief Kind of a community.  Comprehensive, urban group and 1+N form the
 *         "comprehensive class" (see ygt_community_kind_is_comprehensive()). */
typedef enum ygt_community_kind {
  YGT_COMMUNITY_COMPREHENSIVE = 0,      /**< County (or district) comprehensive community 综合医共体 ("comprehensive"). */
  YGT_COMMUNITY_SPECIALTY = 1,          /**< Specialty community 专科医共体 ("specialty"). */
  YGT_COMMUNITY_URBAN_GROUP = 2,        /**< Urban medical group 城市医疗集团 led by a tertiary hospital ("urban_group"). */
  YGT_COMMUNITY_SPECIALTY_ALLIANCE = 3, /**< Specialty alliance 专科联盟 ("specialty_alliance"). */
  YGT_COMMUNITY_ONE_PLUS_N = 4          /**< "1+N" group 总医院: one lead, every local institution a member ("one_plus_n"). */
} ygt_community_kind;

/** @brief Role of an institution in a community. */
typedef enum ygt_member_role {
  YGT_ROLE_LEAD = 0,   /**< The lead institution 牵头单位; exactly one per community ("lead"). */
  YGT_ROLE_MEMBER = 1, /**< Full member 成员单位 ("member"). */
  YGT_ROLE_LINKED = 2  /**< Linked or collaborating institution 医联/协作单位; not counted as belonging ("linked"). */
} ygt_member_role;

/** @brief Insurance type of insured residents. */
typedef enum ygt_insurance {
  YGT_INSURANCE_EMPLOYEE = 0, /**< Employee basic medical insurance 职工医保 ("employee"). */
  YGT_INSURANCE_RESIDENT = 1  /**< Resident basic medical insurance 居民医保 ("resident"). */
} ygt_insurance;

/**
 * @brief File name of a tier, e.g. "county".
 * @param tier A #ygt_tier value.
 * @return A static string, or NULL when @p tier is out of range.
 */
YGT_API const char *ygt_tier_name(int tier);
/**
 * @brief Chinese label of a tier, e.g. "县级".
 * @param tier A #ygt_tier value.
 * @return A static UTF-8 string, or NULL when @p tier is out of range.
 */
YGT_API const char *ygt_tier_label(int tier);
/**
 * @brief Parse a tier from its file name or its Chinese label.
 * @param[out] out Receives the #ygt_tier value; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_tier_from_name(int *out, const char *name);

/**
 * @brief File name of an institution kind, e.g. "tcm_hospital".
 * @param kind A #ygt_institution_kind value.
 * @return A static string, or NULL when @p kind is out of range.
 */
YGT_API const char *ygt_institution_kind_name(int kind);
/**
 * @brief Chinese label of an institution kind, e.g. "中医医院".
 * @param kind A #ygt_institution_kind value.
 * @return A static UTF-8 string, or NULL when @p kind is out of range.
 */
YGT_API const char *ygt_institution_kind_label(int kind);
/**
 * @brief Parse an institution kind from its file name or Chinese label.
 * @param[out] out Receives the #ygt_institution_kind value; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_institution_kind_from_name(int *out, const char *name);

/**
 * @brief File name of a hospital level, e.g. "3A".
 * @param level A #ygt_hospital_level value.
 * @return A static string, or NULL when @p level is out of range.
 */
YGT_API const char *ygt_hospital_level_name(int level);
/**
 * @brief Chinese label of a hospital level, e.g. "三级甲等".
 * @param level A #ygt_hospital_level value.
 * @return A static UTF-8 string, or NULL when @p level is out of range.
 */
YGT_API const char *ygt_hospital_level_label(int level);
/**
 * @brief Parse a hospital level from its file name ("3A") or Chinese label ("三级甲等").
 * @param[out] out Receives the #ygt_hospital_level value; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_hospital_level_from_name(int *out, const char *name);

/**
 * @brief File name of a designation, e.g. "stroke".
 * @param designation A #ygt_designation value (a bit number, not a mask).
 * @return A static string, or NULL when @p designation is out of range.
 */
YGT_API const char *ygt_designation_name(int designation);
/**
 * @brief Chinese label of a designation, e.g. "卒中中心".
 * @param designation A #ygt_designation value.
 * @return A static UTF-8 string, or NULL when @p designation is out of range.
 */
YGT_API const char *ygt_designation_label(int designation);
/**
 * @brief Parse a designation from its file name or Chinese label.
 * @param[out] out Receives the #ygt_designation value; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_designation_from_name(int *out, const char *name);

/**
 * @brief File name of a community kind, e.g. "one_plus_n".
 * @param kind A #ygt_community_kind value.
 * @return A static string, or NULL when @p kind is out of range.
 */
YGT_API const char *ygt_community_kind_name(int kind);
/**
 * @brief Chinese label of a community kind, e.g. "专科医共体".
 * @param kind A #ygt_community_kind value.
 * @return A static UTF-8 string, or NULL when @p kind is out of range.
 */
YGT_API const char *ygt_community_kind_label(int kind);
/**
 * @brief Parse a community kind from its file name or Chinese label.
 * @param[out] out Receives the #ygt_community_kind value; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_community_kind_from_name(int *out, const char *name);
/**
 * @brief Whether a community kind is of the comprehensive class.
 *
 * Comprehensive, urban group and 1+N communities take responsibility for the
 * whole care of their members' residents; an institution is lead or member
 * of at most one community of this class.  Specialty communities and
 * specialty alliances are not of the class.
 * @param kind A #ygt_community_kind value.
 * @return 1 or 0; #YGT_EINVAL when @p kind is out of range.
 */
YGT_API int ygt_community_kind_is_comprehensive(int kind);

/**
 * @brief File name of a member role, e.g. "linked".
 * @param role A #ygt_member_role value.
 * @return A static string, or NULL when @p role is out of range.
 */
YGT_API const char *ygt_member_role_name(int role);
/**
 * @brief Chinese label of a member role, e.g. "牵头单位".
 * @param role A #ygt_member_role value.
 * @return A static UTF-8 string, or NULL when @p role is out of range.
 */
YGT_API const char *ygt_member_role_label(int role);
/**
 * @brief Parse a member role from its file name or Chinese label.
 * @param[out] out Receives the #ygt_member_role value; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_member_role_from_name(int *out, const char *name);

/**
 * @brief File name of an insurance type, "employee" or "resident".
 * @param insurance A #ygt_insurance value.
 * @return A static string, or NULL when @p insurance is out of range.
 */
YGT_API const char *ygt_insurance_name(int insurance);
/**
 * @brief Chinese label of an insurance type, e.g. "职工医保".
 * @param insurance A #ygt_insurance value.
 * @return A static UTF-8 string, or NULL when @p insurance is out of range.
 */
YGT_API const char *ygt_insurance_label(int insurance);
/**
 * @brief Parse an insurance type from its file name or Chinese label.
 * @param[out] out Receives the #ygt_insurance value; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_insurance_from_name(int *out, const char *name);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Building and loading
 *  @{ */

/** @brief An immutable, validated community model; safe to share between threads. */
typedef struct ygt_model ygt_model;

/** @brief A mutable collection of records that ygt_model_build() validates
 *         into a #ygt_model.  One thread at a time. */
typedef struct ygt_model_builder ygt_model_builder;

/**
 * @brief Create an empty builder.
 * @param[out] out Receives the builder, owned by the caller (free it with
 *             ygt_model_builder_free()); set to NULL on failure.
 * @return #YGT_OK; #YGT_EINVAL if @p out is NULL; #YGT_ENOMEM.
 */
YGT_API int ygt_model_builder_new(ygt_model_builder **out);

/**
 * @brief Free a builder and every record it holds.
 * @param b The builder; NULL is accepted and does nothing.
 */
YGT_API void ygt_model_builder_free(ygt_model_builder *b);

/**
 * @brief Set the locality the model describes (e.g. "330226", "宁海县").
 * @param b The builder; must not be NULL.
 * @param[in] code Administrative code, copied; NULL means "".
 * @param[in] name Name, copied; NULL means "".
 * @return #YGT_OK; #YGT_EINVAL if @p b is NULL; #YGT_ENOMEM (the builder is then unchanged).
 */
YGT_API int ygt_model_builder_set_locality(ygt_model_builder *b, const char *code, const char *name);

/**
 * @brief Add an institution.
 *
 * Checks the record on its own here (non-empty code and name, values in
 * range, the kind allowed at the tier); references and uniqueness are
 * checked by ygt_model_build().
 *
 * @param b The builder; must not be NULL.
 * @param[in] code Unique code, copied; must not be NULL or empty.
 * @param[in] name Name, copied; must not be NULL or empty.
 * @param tier A #ygt_tier.
 * @param kind A #ygt_institution_kind allowed at @p tier (village clinics and
 *        community stations at village tier; township centres and community
 *        centres at township tier; hospitals and public-health institutions
 *        at county tier or above; private institutions at any tier).
 * @param level A #ygt_hospital_level.
 * @param beds Number of beds, >= 0.
 * @param designations Mask of #ygt_designation bits (1 << value).
 * @param[in] parent Code of the township-tier institution that runs this one,
 *        copied; required for village tier, optional for township tier (a
 *        branch of a central township centre), NULL or "" otherwise.
 * @return #YGT_OK; #YGT_EINVAL for a NULL builder, a NULL or empty code or
 *         name or an enumeration value out of range; #YGT_ERANGE for negative
 *         beds or unknown designation bits; #YGT_EVALIDATE for a kind not
 *         allowed at the tier, a village without parent, a parent at a tier
 *         that allows none or the institution as its own parent; #YGT_ENOMEM.
 *         On failure the builder is unchanged.
 */
YGT_API int ygt_model_builder_add_institution(ygt_model_builder *b, const char *code, const char *name,
                                              int tier, int kind, int level, int64_t beds,
                                              uint32_t designations, const char *parent);

/**
 * @brief Add a community.  Its lead and members are added with ygt_model_builder_add_member().
 * @param b The builder; must not be NULL.
 * @param[in] code Unique code, copied; must not be NULL or empty.
 * @param[in] name Name, copied; must not be NULL or empty.
 * @param kind A #ygt_community_kind.
 * @return #YGT_OK; #YGT_EINVAL for a NULL builder, a NULL or empty code or
 *         name or a kind out of range; #YGT_ENOMEM.  On failure the builder is unchanged.
 */
YGT_API int ygt_model_builder_add_community(ygt_model_builder *b, const char *code, const char *name, int kind);

/**
 * @brief Add an institution to a community with a role.
 *
 * ygt_model_build() checks the rules: both codes exist; an institution
 * appears once per community; every community has exactly one lead, of
 * county tier or above; an institution is lead or member of at most one
 * comprehensive-class community (it may be linked to any number); a 1+N
 * community has every county, township and village institution as lead or
 * member.
 * @param b The builder; must not be NULL.
 * @param[in] community Community code, copied; must not be NULL or empty.
 * @param[in] institution Institution code, copied; must not be NULL or empty.
 * @param role A #ygt_member_role.
 * @return #YGT_OK; #YGT_EINVAL for a NULL builder, a NULL or empty code or a
 *         role out of range; #YGT_ENOMEM.  On failure the builder is unchanged.
 */
YGT_API int ygt_model_builder_add_member(ygt_model_builder *b, const char *community,
                                         const char *institution, int role);

/**
 * @brief Add a grid (网格): an area served by exactly one community.
 *
 * ygt_model_build() checks that the community exists and is of the
 * comprehensive class, and that the township (when given) exists, is of
 * township tier and belongs to that community.
 * @param b The builder; must not be NULL.
 * @param[in] code Unique code, copied; must not be NULL or empty.
 * @param[in] name Name of the area, copied; must not be NULL or empty.
 * @param[in] community Code of the community responsible for it, copied; must not be NULL or empty.
 * @param[in] township Code of its township-tier institution, copied; NULL or "" for none.
 * @param population Resident population, >= 0.
 * @param employee_insured Persons with employee insurance (职工), >= 0.
 * @param resident_insured Persons with resident insurance (居民), >= 0.
 * @return #YGT_OK; #YGT_EINVAL for a NULL builder or a NULL or empty code,
 *         name or community; #YGT_ERANGE for a negative count or one above
 *         2,000,000,000 persons (doc/limits.md); #YGT_ENOMEM.
 *         On failure the builder is unchanged.
 */
YGT_API int ygt_model_builder_add_grid(ygt_model_builder *b, const char *code, const char *name,
                                       const char *community, const char *township, int64_t population,
                                       int64_t employee_insured, int64_t resident_insured);

/**
 * @brief Add a family-doctor team (家庭医生团队).
 *
 * ygt_model_build() checks that the institution exists and is of township
 * or village tier (family doctors are primary care).
 * @param b The builder; must not be NULL.
 * @param[in] code Unique code, copied; must not be NULL or empty.
 * @param[in] name Name, copied; NULL means "".
 * @param[in] institution Code of the institution the team works for, copied; must not be NULL or empty.
 * @param signed_residents Residents under contract (签约居民), >= 0.
 * @return #YGT_OK; #YGT_EINVAL for a NULL builder or a NULL or empty code or
 *         institution; #YGT_ERANGE for a negative count or one above
 *         2,000,000,000 persons (doc/limits.md); #YGT_ENOMEM.  On
 *         failure the builder is unchanged.
 */
YGT_API int ygt_model_builder_add_team(ygt_model_builder *b, const char *code, const char *name,
                                       const char *institution, int64_t signed_residents);

/**
 * @brief Validate the builder's records as a whole and create the model.
 *
 * The builder is not changed and may be freed, extended and built again.
 * The first violated rule is reported; for records that came from a file
 * the message names the file, the line or JSON path, and the offending code.
 * @param[out] out Receives the model, owned by the caller (free it with
 *             ygt_model_free()); set to NULL on failure, and nothing is leaked.
 * @param[in] b The builder; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_EEXISTS for a code
 *         defined twice or an institution listed twice in a community;
 *         #YGT_ENOTFOUND for a reference to an unknown code;
 *         #YGT_EVALIDATE for a broken rule of the domain; #YGT_ENOMEM.
 */
YGT_API int ygt_model_build(ygt_model **out, const ygt_model_builder *b);

/**
 * @brief Load and validate a model bundle (format: doc/formats/model.md).
 * @param[out] out Receives the model, owned by the caller (free it with
 *             ygt_model_free()); set to NULL on failure, and nothing is leaked.
 * @param[in] path A bundle directory holding model.json, or the path of the
 *             JSON file itself; must not be NULL.  Table paths inside it are
 *             relative to the JSON file's directory.
 * @return #YGT_OK; #YGT_EINVAL if a pointer is NULL; #YGT_EIO if a file
 *         cannot be read; #YGT_EPARSE for malformed JSON or tables (with file,
 *         line, column and field); #YGT_EUNSUPPORTED for an unknown format
 *         version; and every code of ygt_model_build().
 */
YGT_API int ygt_model_load(ygt_model **out, const char *path);

/**
 * @brief Free a model.
 * @param m The model; NULL is accepted and does nothing.  No other thread may still use it.
 */
YGT_API void ygt_model_free(ygt_model *m);

/**
 * @brief Administrative code of the model's locality.
 * @param[in] m The model.
 * @return A string owned by @p m ("" when not set), or NULL if @p m is NULL.
 */
YGT_API const char *ygt_model_locality_code(const ygt_model *m);

/**
 * @brief Name of the model's locality.
 * @param[in] m The model.
 * @return A string owned by @p m ("" when not set), or NULL if @p m is NULL.
 */
YGT_API const char *ygt_model_locality_name(const ygt_model *m);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Institutions
 *  @{ */

/**
 * @brief Number of institutions.
 * @param[in] m The model; NULL gives 0.
 * @return The count; indices run from 0 to count - 1.
 */
YGT_API size_t ygt_model_institution_count(const ygt_model *m);

/**
 * @brief Index of the institution with a code.
 * @param[in] m The model; must not be NULL.
 * @param[in] code The code; must not be NULL.
 * @return The index; #YGT_ENOTFOUND for an unknown code; #YGT_EINVAL for a NULL pointer.
 */
YGT_API int32_t ygt_model_institution_find(const ygt_model *m, const char *code);

/**
 * @brief Code of an institution.
 * @param[in] m The model.
 * @param i Institution index.
 * @return A string owned by @p m, or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_institution_code(const ygt_model *m, int32_t i);

/**
 * @brief Name of an institution.
 * @param[in] m The model.
 * @param i Institution index.
 * @return A string owned by @p m, or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_institution_name(const ygt_model *m, int32_t i);

/**
 * @brief Tier of an institution.
 * @param[in] m The model.
 * @param i Institution index.
 * @return A #ygt_tier; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int ygt_model_institution_tier(const ygt_model *m, int32_t i);

/**
 * @brief Kind of an institution.
 * @param[in] m The model.
 * @param i Institution index.
 * @return A #ygt_institution_kind; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int ygt_model_institution_kind(const ygt_model *m, int32_t i);

/**
 * @brief Hospital level of an institution.
 * @param[in] m The model.
 * @param i Institution index.
 * @return A #ygt_hospital_level; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int ygt_model_institution_level(const ygt_model *m, int32_t i);

/**
 * @brief Beds of an institution.
 * @param[in] m The model.
 * @param i Institution index.
 * @return The number of beds (>= 0); #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int64_t ygt_model_institution_beds(const ygt_model *m, int32_t i);

/**
 * @brief Designations of an institution.
 * @param[in] m The model.
 * @param i Institution index.
 * @return The mask of #ygt_designation bits (>= 0); #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int ygt_model_institution_designations(const ygt_model *m, int32_t i);

/**
 * @brief The institution that runs this one (a village clinic's township centre,
 *        a branch's central township centre).
 * @param[in] m The model.
 * @param i Institution index.
 * @return The parent's index; #YGT_ENOTFOUND when it has none; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int32_t ygt_model_institution_parent(const ygt_model *m, int32_t i);

/**
 * @brief The township-tier institution responsible for an institution:
 *        itself at township tier, its parent at village tier.
 * @param[in] m The model.
 * @param i Institution index.
 * @return The township's index; #YGT_ENOTFOUND for institutions above
 *         township tier; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int32_t ygt_model_township_of(const ygt_model *m, int32_t i);

/**
 * @brief The comprehensive-class community in which an institution is lead or member.
 * @param[in] m The model.
 * @param i Institution index.
 * @return The community's index; #YGT_ENOTFOUND when it belongs to none;
 *         #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int32_t ygt_model_community_of(const ygt_model *m, int32_t i);

/**
 * @brief Every community an institution takes part in, with any role.
 * @param[out] out Receives community indices in index order; NULL for a size query.
 * @param cap Capacity of @p out in elements.
 * @param[out] count Receives the number of communities; must not be NULL.
 * @param[in] m The model.
 * @param i Institution index.
 * @return #YGT_OK; #YGT_EBUFSIZE if @p cap is too small; #YGT_EINVAL for a
 *         NULL model or count or a bad index.
 */
YGT_API int ygt_model_institution_communities(int32_t *out, size_t cap, size_t *count,
                                              const ygt_model *m, int32_t i);

/**
 * @brief Institutions with a designation, optionally within one community.
 * @param[out] out Receives institution indices; NULL for a size query.
 * @param cap Capacity of @p out in elements.
 * @param[out] count Receives the number of institutions; must not be NULL.
 * @param[in] m The model.
 * @param designation A #ygt_designation.
 * @param community A community index (institutions of any role), or -1 for the whole model.
 * @param ranked 0: index order; non-zero: nearest tier first (village,
 *        township, county ... out of area), then highest level, then index —
 *        the order in which an emergency looks for a designated centre.
 * @return #YGT_OK; #YGT_EBUFSIZE if @p cap is too small; #YGT_EINVAL for a
 *         NULL model or count, a bad designation or community.
 */
YGT_API int ygt_model_centres(int32_t *out, size_t cap, size_t *count, const ygt_model *m,
                              int designation, int32_t community, int ranked);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Communities
 *  @{ */

/**
 * @brief Number of communities.
 * @param[in] m The model; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_model_community_count(const ygt_model *m);

/**
 * @brief Index of the community with a code.
 * @param[in] m The model; must not be NULL.
 * @param[in] code The code; must not be NULL.
 * @return The index; #YGT_ENOTFOUND for an unknown code; #YGT_EINVAL for a NULL pointer.
 */
YGT_API int32_t ygt_model_community_find(const ygt_model *m, const char *code);

/**
 * @brief Code of a community.
 * @param[in] m The model.
 * @param c Community index.
 * @return A string owned by @p m, or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_community_code(const ygt_model *m, int32_t c);

/**
 * @brief Name of a community.
 * @param[in] m The model.
 * @param c Community index.
 * @return A string owned by @p m, or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_community_name(const ygt_model *m, int32_t c);

/**
 * @brief Kind of a community.
 * @param[in] m The model.
 * @param c Community index.
 * @return A #ygt_community_kind; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int ygt_model_community_kind(const ygt_model *m, int32_t c);

/**
 * @brief Lead institution of a community.
 * @param[in] m The model.
 * @param c Community index.
 * @return The institution index; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int32_t ygt_model_community_lead(const ygt_model *m, int32_t c);

/**
 * @brief Institutions of a community, filtered by tier and role.
 * @param[out] out Receives institution indices in index order; NULL for a size query.
 * @param cap Capacity of @p out in elements.
 * @param[out] count Receives the number of institutions; must not be NULL.
 * @param[in] m The model.
 * @param c Community index.
 * @param tier A #ygt_tier, or -1 for every tier.
 * @param role A #ygt_member_role, or -1 for every role (lead, members and linked).
 * @return #YGT_OK; #YGT_EBUFSIZE if @p cap is too small; #YGT_EINVAL for a
 *         NULL model or count, a bad index, tier or role.
 */
YGT_API int ygt_model_community_members(int32_t *out, size_t cap, size_t *count, const ygt_model *m,
                                        int32_t c, int tier, int role);

/**
 * @brief Role of an institution in a community.
 * @param[in] m The model.
 * @param c Community index.
 * @param i Institution index.
 * @return A #ygt_member_role; #YGT_ENOTFOUND if @p i is not in @p c;
 *         #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int ygt_model_member_role(const ygt_model *m, int32_t c, int32_t i);

/**
 * @brief Grids a community is responsible for.
 * @param[out] out Receives grid indices in index order; NULL for a size query.
 * @param cap Capacity of @p out in elements.
 * @param[out] count Receives the number of grids; must not be NULL.
 * @param[in] m The model.
 * @param c Community index.
 * @return #YGT_OK; #YGT_EBUFSIZE if @p cap is too small; #YGT_EINVAL for a
 *         NULL model or count or a bad index.
 */
YGT_API int ygt_model_community_grids(int32_t *out, size_t cap, size_t *count,
                                      const ygt_model *m, int32_t c);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Grids
 *  @{ */

/**
 * @brief Number of grids.
 * @param[in] m The model; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_model_grid_count(const ygt_model *m);

/**
 * @brief Index of the grid with a code.
 * @param[in] m The model; must not be NULL.
 * @param[in] code The code; must not be NULL.
 * @return The index; #YGT_ENOTFOUND for an unknown code; #YGT_EINVAL for a NULL pointer.
 */
YGT_API int32_t ygt_model_grid_find(const ygt_model *m, const char *code);

/**
 * @brief Code of a grid.
 * @param[in] m The model.
 * @param g Grid index.
 * @return A string owned by @p m, or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_grid_code(const ygt_model *m, int32_t g);

/**
 * @brief Name (area) of a grid.
 * @param[in] m The model.
 * @param g Grid index.
 * @return A string owned by @p m, or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_grid_name(const ygt_model *m, int32_t g);

/**
 * @brief Resident population of a grid.
 * @param[in] m The model.
 * @param g Grid index.
 * @return The population (>= 0); #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int64_t ygt_model_grid_population(const ygt_model *m, int32_t g);

/**
 * @brief Insured persons of a grid by insurance type.
 * @param[in] m The model.
 * @param g Grid index.
 * @param insurance A #ygt_insurance.
 * @return The count (>= 0); #YGT_EINVAL for a NULL model, bad index or insurance type.
 */
YGT_API int64_t ygt_model_grid_insured(const ygt_model *m, int32_t g, int insurance);

/**
 * @brief The community responsible for a grid.
 * @param[in] m The model.
 * @param g Grid index.
 * @return The community index; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int32_t ygt_model_grid_community(const ygt_model *m, int32_t g);

/**
 * @brief The township-tier institution of a grid.
 * @param[in] m The model.
 * @param g Grid index.
 * @return The institution index; #YGT_ENOTFOUND when the grid names none;
 *         #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int32_t ygt_model_grid_township(const ygt_model *m, int32_t g);

/**
 * @brief Institutions serving a grid.
 *
 * The lead and members (not linked institutions) of the grid's community.
 * When the grid names a township institution, the township and village tiers
 * are narrowed to that township and the institutions it runs (its branches
 * and their village clinics); higher tiers are the community's.
 * @param[out] out Receives institution indices in index order; NULL for a size query.
 * @param cap Capacity of @p out in elements.
 * @param[out] count Receives the number of institutions; must not be NULL.
 * @param[in] m The model.
 * @param g Grid index.
 * @param tier A #ygt_tier, or -1 for every tier.
 * @return #YGT_OK; #YGT_EBUFSIZE if @p cap is too small; #YGT_EINVAL for a
 *         NULL model or count, a bad index or tier.
 */
YGT_API int ygt_model_grid_institutions(int32_t *out, size_t cap, size_t *count, const ygt_model *m,
                                        int32_t g, int tier);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Family-doctor teams
 *  @{ */

/**
 * @brief Number of family-doctor teams.
 * @param[in] m The model; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_model_team_count(const ygt_model *m);

/**
 * @brief Index of the team with a code.
 * @param[in] m The model; must not be NULL.
 * @param[in] code The code; must not be NULL.
 * @return The index; #YGT_ENOTFOUND for an unknown code; #YGT_EINVAL for a NULL pointer.
 */
YGT_API int32_t ygt_model_team_find(const ygt_model *m, const char *code);

/**
 * @brief Code of a team.
 * @param[in] m The model.
 * @param t Team index.
 * @return A string owned by @p m, or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_team_code(const ygt_model *m, int32_t t);

/**
 * @brief Name of a team.
 * @param[in] m The model.
 * @param t Team index.
 * @return A string owned by @p m ("" when not given), or NULL for a NULL model or bad index.
 */
YGT_API const char *ygt_model_team_name(const ygt_model *m, int32_t t);

/**
 * @brief Institution a team works for.
 * @param[in] m The model.
 * @param t Team index.
 * @return The institution index; #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int32_t ygt_model_team_institution(const ygt_model *m, int32_t t);

/**
 * @brief Residents signed with a team.
 * @param[in] m The model.
 * @param t Team index.
 * @return The count (>= 0); #YGT_EINVAL for a NULL model or bad index.
 */
YGT_API int64_t ygt_model_team_signed(const ygt_model *m, int32_t t);

/** @} */

YGT_END_DECLS

#endif /* YIGONGTI_MODEL_H */
