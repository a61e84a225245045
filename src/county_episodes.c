/* Episodes of the synthetic county: a share of the stays of a condition
 * with a continuation (case-mix columns continuation, continuation_share)
 * is followed by a stay of that condition — the recovery or post-operative
 * care the referral rules' down lists send back to primary care — admitted
 * the day the first stay ends.  The two stays are one episode: the second
 * is routed from where the first was treated, and the deductible paid on
 * the first counts for it (连续计算起付线).  Which stays continue is drawn
 * from the case mix alone, so other referral rules keep the same needs. */
#include "county_internal.h"

/* Whether the stay at v continues; its continuation's day when it does
 * (0 when the continuation ends after the year: it is next year's). */
static int32_t continuation_day(const ygt_county *c, size_t r, const cy_need *v, int days) {
  const cy_condition *k = &c->cm->c[v->cond];
  if (k->next < 0 || !(ygt__cy_draw(c, r, v->key, CY_D_CONTINUE) < k->next_share)) return 0;
  int32_t day = v->day + ygt__cy_los(c, &c->cm->c[k->next], r, CY_CONTINUED + v->key);
  return day <= days ? day : 0;
}

/* Sorts the appended continuations v[n0 .. n) in by day; a continuation
 * comes after the drawn needs of its day, its stay always before it. */
static void sort_in(cy_need *v, int n0, int n) {
  for (int i = n0; i < n; i++) {
    cy_need x = v[i];
    int j = i;
    while (j > 0 && (v[j - 1].day > x.day || (v[j - 1].day == x.day && v[j - 1].key > x.key))) v[j] = v[j - 1], j--;
    v[j] = x;
  }
}

/* stay: from the stay's key (its place among the drawn needs) to its place
 * in the merged list, which is before the continuation. */
static void link_stays(cy_need *v, int n) {
  int32_t place[CY_MAX_EVENTS];
  for (int i = 0; i < n; i++) {
    if (v[i].key < CY_CONTINUED) place[v[i].key] = i;
    else v[i].stay = place[v[i].key - CY_CONTINUED];
  }
}

int ygt__cy_continue(const ygt_county *c, size_t r, cy_need *v, int n, int days) {
  int m = n;
  for (int i = 0; i < n; i++) {
    int32_t day = continuation_day(c, r, &v[i], days);
    if (day)
      v[m++] = (cy_need){.cond = c->cm->c[v[i].cond].next, .day = day, .key = CY_CONTINUED + v[i].key, .stay = -1};
  }
  if (m == n) return n;
  sort_in(v, n, m);
  link_stays(v, m);
  return m;
}
