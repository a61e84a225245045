/* Referral routing on a seed bundle: where should each patient go, and what
 * will it cost them?  Usage: referral BUNDLE_DIR ICD10_TSV
 *   build/examples/referral examples/data/ninghai ../shared/data/icd/icd10_yibao_v2.0.tsv */
#include <stdio.h>

#include <yigongti.h>

static void show(const ygt_model *m, const ygt_referral_rules *r, const char *what, const ygt_referral_decision *d) {
  printf("%s\n  -> %s (%s)", what, ygt_route_name(d->route), ygt_referral_state_name(d->state));
  for (int i = 0; i < d->ndestinations && i < 3; i++)
    printf("%s%s", i ? ", " : " to ", ygt_model_institution_name(m, d->destinations[i]));
  printf("\n  ratio %.2f, deductible %.2f yuan, fund %.2f, patient %.2f yuan\n  rules:", d->ratio,
         (double)d->deductible_fen / 100, (double)d->fund_fen / 100, (double)d->patient_fen / 100);
  for (int i = 0; i < d->ntrace; i++) printf(" %s", ygt_referral_rules_rule_id(r, d->trace[i]));
  printf("\n");
}

static int decide(const ygt_model *m, const ygt_codes *dx, const ygt_referral_rules *r, ygt_referral_request *q,
                  const char *inst, const char *code, const ygt_episode *ep, ygt_referral_decision *d) {
  int32_t id = ygt_codes_id(dx, code);
  q->institution = ygt_model_institution_find(m, inst);
  q->diagnoses = &id;
  q->ndiagnoses = 1;
  ygt_referral_decision_init(d);
  int rc = ygt_referral_decide(d, r, q, ep);
  if (rc < 0) fprintf(stderr, "%s\n", ygt_error_last()->message);
  return rc;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s BUNDLE_DIR ICD10_TSV\n", argv[0]);
    return 2;
  }
  ygt_codes *dx = NULL;
  ygt_model *m = NULL;
  ygt_referral_rules *r = NULL;
  ygt_episode *ep = NULL;
  if (ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, argv[2]) || ygt_model_load(&m, argv[1]) ||
      ygt_referral_rules_load(&r, m, dx, argv[1]) || ygt_episode_new(&ep)) {
    fprintf(stderr, "%s\n", ygt_error_last()->message);
    return 1;
  }
  ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
  ygt_referral_decision d;
  const char *township = ygt_model_institution_code(m, ygt_model_grid_township(m, 0));
  const char *lead = ygt_model_institution_code(m, ygt_model_community_lead(m, ygt_model_grid_community(m, 0)));
  q.grid = 0;
  q.setting = YGT_SETTING_INPATIENT;
  q.cost_fen = 1500000; /* 15,000 yuan */
  /* 1. pneumonia, admitted at the township of the first grid */
  if (decide(m, dx, r, &q, township, "J18.900", ep, &d) == 0) show(m, r, "pneumonia at the township", &d);
  ygt_episode_record(ep, r, &d);
  /* 2. the patient has an acute stroke: referred up, deductible topped up inside the community */
  if (decide(m, dx, r, &q, township, "I63.900", ep, &d) == 0) show(m, r, "acute stroke at the township", &d);
  ygt_episode_record(ep, r, &d);
  /* 3. recovery: back down to the grid's township */
  q.phase = YGT_PHASE_RECOVERY;
  if (decide(m, dx, r, &q, lead, "I63.900", ep, &d) == 0) show(m, r, "stroke recovery at the lead hospital", &d);
  ygt_episode_record(ep, r, &d);
  printf("deductible paid in the episode: %.2f yuan\n", (double)ygt_episode_paid_fen(ep) / 100);
  ygt_episode_free(ep);
  ygt_referral_rules_free(r);
  ygt_model_free(m);
  ygt_codes_free(dx);
  return 0;
}
