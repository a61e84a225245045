/* Internal: the community model's builder records, the immutable model and
 * the functions shared between src/model*.c.
 *
 *   model_enums.c     enumeration names, labels and the kind/tier table
 *   model_builder.c   the builder and its per-record checks
 *   model_build.c     resolving codes to indices and the model's indices
 *   model_validate.c  the rules that involve several records
 *   model_load.c      model.json (jansson) and the bundle directory
 *   model_tables.c    institutions / grids / teams tables
 *   model_query.c     the read-only queries */
#ifndef YGT_MODEL_INTERNAL_H
#define YGT_MODEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "yigongti/model.h"

#define YGT__TIER_COUNT 6
#define YGT__KIND_COUNT 11
#define YGT__LEVEL_COUNT 8
#define YGT__DESIGNATION_COUNT 10
#define YGT__COMMUNITY_KIND_COUNT 5
#define YGT__ROLE_COUNT 3
#define YGT__INSURANCE_COUNT 2
#define YGT__DESIGNATION_MASK ((1u << YGT__DESIGNATION_COUNT) - 1u)

/* Where a record came from, for error messages: a file (index into the
 * builder's sources) with a table line or a JSON path, or the C API
 * (source < 0). */
typedef struct ygt__origin {
  int source;
  int line;
  char *path; /* JSON path such as "communities[1].members[3]", or NULL */
} ygt__origin;

typedef struct mb_inst {
  char *code, *name, *parent; /* parent NULL when none */
  int tier, kind, level;
  int64_t beds;
  uint32_t designations;
  ygt__origin at;
} mb_inst;

typedef struct mb_comm {
  char *code, *name;
  int kind;
  ygt__origin at;
} mb_comm;

typedef struct mb_member {
  char *community, *institution;
  int role;
  ygt__origin at;
} mb_member;

typedef struct mb_grid {
  char *code, *name, *community, *township; /* township NULL when none */
  int64_t population, insured[YGT__INSURANCE_COUNT];
  ygt__origin at;
} mb_grid;

typedef struct mb_team {
  char *code, *name, *institution;
  int64_t signed_residents;
  ygt__origin at;
} mb_team;

struct ygt_model_builder {
  char *locality_code, *locality_name;
  char **sources;
  size_t nsources, csources;
  mb_inst *insts;
  size_t ninsts, cinsts;
  mb_comm *comms;
  size_t ncomms, ccomms;
  mb_member *members;
  size_t nmembers, cmembers;
  mb_grid *grids;
  size_t ngrids, cgrids;
  mb_team *teams;
  size_t nteams, cteams;
};

/* A code → dense index map: entries sorted by code. */
typedef struct ygt__code_entry {
  const char *code;
  int32_t index;
} ygt__code_entry;

typedef struct m_inst {
  char *code, *name;
  int tier, kind, level;
  int64_t beds;
  uint32_t designations;
  int32_t parent;       /* -1: none */
  int32_t comprehensive; /* -1: none */
  size_t first_link, nlinks; /* into ygt_model.links */
} m_inst;

typedef struct m_comm {
  char *code, *name;
  int kind;
  int32_t lead;
  size_t first_member, nmembers; /* into ygt_model.members */
} m_comm;

/* One membership, stored twice: per community (members, sorted by
 * institution) and per institution (links, sorted by community). */
typedef struct m_member {
  int32_t community, institution;
  int role;
  int32_t src; /* index of the builder record, for error messages */
} m_member;

typedef struct m_grid {
  char *code, *name;
  int64_t population, insured[YGT__INSURANCE_COUNT];
  int32_t community, township; /* township -1: none */
} m_grid;

typedef struct m_team {
  char *code, *name;
  int32_t institution;
  int64_t signed_residents;
} m_team;

struct ygt_model {
  char *locality_code, *locality_name;
  m_inst *insts;
  size_t ninsts;
  m_comm *comms;
  size_t ncomms;
  m_member *members, *links;
  size_t nmembers;
  m_grid *grids;
  size_t ngrids;
  m_team *teams;
  size_t nteams;
  ygt__code_entry *inst_index, *comm_index, *grid_index, *team_index;
};

/* Enumerations (model_enums.c).  ygt__enum_parse accepts a name or label
 * and returns 0 or YGT_ENOTFOUND without recording an error. */
typedef enum ygt__enum_id {
  YGT__ENUM_TIER,
  YGT__ENUM_KIND,
  YGT__ENUM_LEVEL,
  YGT__ENUM_DESIGNATION,
  YGT__ENUM_COMMUNITY_KIND,
  YGT__ENUM_ROLE,
  YGT__ENUM_INSURANCE
} ygt__enum_id;

int ygt__enum_parse(ygt__enum_id e, const char *text, int *out);
const char *ygt__enum_name(ygt__enum_id e, int value);
int ygt__enum_count(ygt__enum_id e);
/* Whether institutions of `kind` may sit at `tier` (the kind/tier table). */
int ygt__kind_allowed_at(int kind, int tier);
/* Whether `tier` allows a parent: 2 required, 1 optional, 0 none. */
int ygt__tier_parent_rule(int tier);

/* Builder internals (model_builder.c).  The _at variants record the
 * origin; `at` NULL means the C API. */
int ygt__mb_source(ygt_model_builder *b, const char *name);
int ygt__mb_add_institution(ygt_model_builder *b, const mb_inst *in, const ygt__origin *at);
int ygt__mb_add_community(ygt_model_builder *b, const mb_comm *in, const ygt__origin *at);
int ygt__mb_add_member(ygt_model_builder *b, const mb_member *in, const ygt__origin *at);
int ygt__mb_add_grid(ygt_model_builder *b, const mb_grid *in, const ygt__origin *at);
int ygt__mb_add_team(ygt_model_builder *b, const mb_team *in, const ygt__origin *at);

/* Records an error about a record: "SOURCE:LINE: FIELD: text" for a table
 * row, "SOURCE: PATH.FIELD: text" for JSON, "FIELD: text" for the C API.
 * Returns code. */
int ygt__mb_fail(const ygt_model_builder *b, const ygt__origin *at, const char *field, int code,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Code maps (model_build.c): sort entries by code (then index); the
 * duplicate is the entry of highest index in the first group of equal codes
 * in file order (-1 if none), `first` gets the index it repeats. */
void ygt__code_index_sort(ygt__code_entry *e, size_t n);
int32_t ygt__code_index_duplicate(const ygt__code_entry *e, size_t n, int32_t *first);
int32_t ygt__code_index_find(const ygt__code_entry *e, size_t n, const char *code);

/* The rules that involve several records (model_validate.c); called by
 * ygt_model_build on a model whose records are copied and resolved.  Also
 * fills the derived fields (leads, comprehensive communities). */
int ygt__model_validate(ygt_model *m, const ygt_model_builder *b);

/* Tables of a bundle (model_tables.c). */
int ygt__model_load_institutions(ygt_model_builder *b, const char *path);
int ygt__model_load_grids(ygt_model_builder *b, const char *path);
int ygt__model_load_teams(ygt_model_builder *b, const char *path);

#endif
