/* cylch — comparing scenarios with common random numbers (DESIGN.md §1, "policy
 * officers comparing scenarios": the difference between two scenarios with
 * its uncertainty, not two separate numbers).
 *
 * A comparison has a base scenario and one or more others. Each is loaded,
 * edited and solved exactly as `cylch run` does (scenario → network → changes
 * → point estimate → Monte Carlo), but every scenario uses the base's seed and
 * number of draws. The Monte Carlo keys each parameter's random stream by its
 * name ("place.household_local_spend", "member.gisda.wages_local_share") and
 * the draw index, so draw k of every scenario uses the same values for every
 * parameter the scenarios share: the differences are paired draw by draw, and
 * their spread shows the uncertainty of the difference itself, which is far
 * narrower than that of either scenario when the same unknowns drive both.
 *
 * Quantities compared (CYLCH_COMPARE_NQ of them, index q):
 *   q < CYLCH_NHEAD           the headline entries of model.h (grant.lm3, …,
 *                             round2_local_share_grant_loan);
 *   q = CYLCH_COMPARE_VALUE(s) the local economic value of source s,
 *                             V_s = 1ᵀ (I − A)⁻¹ f_s = LM∞_s · 1ᵀ f_s, £/year:
 *                             all the local spending that the money of source s
 *                             sets circulating, round 1 included (0 when the
 *                             source brings no money). Named "grant.local_value".
 * Per other scenario o and quantity q, over draws k = 1..N:
 *   d_k = δ(x_{o,k}, x_{base,k}); point difference = δ(x_o, x_base) at the
 *   point values; mean, sd, p5, p50, p95 of d (percentiles as stats.h);
 *   P(other > base) = #{k : d_k > 0} / N and P(other < base) = #{k : d_k < 0} / N.
 *   δ(x, b) = x − b, except that a difference of rounding alone is exactly 0:
 *   when |x − b| ≤ CYLCH_COMPARE_ULPS units in the last place of max(|x|, |b|)
 *   (cylch_compare_delta). Two scenarios that compute the same quantity by
 *   different floating-point paths (a grant cut with `scale = income` leaves the
 *   grant multiplier as it was, to the last few binary digits) then differ by
 *   exactly 0 in every draw, so the mean, sd, percentiles and both probabilities
 *   are 0; a real change of 1e-12 relative or more is kept.
 * A quantity without a value in some draw of either scenario (a source with no
 * money: its multipliers are NaN) has no difference: written as null / empty.
 */
#ifndef CYLCH_COMPARE_H
#define CYLCH_COMPARE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cylch/io/error.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/run.h"
#include "cylch/core/scenario.h"

#define CYLCH_COMPARE_NQ (CYLCH_NHEAD + CYLCH_NSRC)
#define CYLCH_COMPARE_VALUE(s) (CYLCH_NHEAD + (s))
/* Units in the last place within which a difference is rounding (cylch_compare_delta).
 * Differences of rounding seen across the scenario library are at most 10 ulp (a no-op
 * change to every member of Bro Ffestiniog, with and without [economy]); 64 ulp is
 * 1.4e-14 relative, far below any change a scenario makes on purpose. */
#define CYLCH_COMPARE_ULPS 64

/* other − base, or exactly 0 when |other − base| ≤ CYLCH_COMPARE_ULPS units in the
 * last place of max(|other|, |base|) (the spacing of doubles there: 2^(e − 52) for a
 * value in [2^e, 2^(e+1))). NaN or infinite when either is. */
double cylch_compare_delta(double other, double base);

/* The name of quantity q: a headline name ("grant.lm_inf") or "grant.local_value". */
void cylch_compare_quantity_name(int q, char *buf, size_t len);

/* Its readable name in English (cylch_headline_label; "Local circulation set going
 * by grant, all rounds" for grant.local_value), K the rounds of LMk. */
void cylch_compare_quantity_label(int q, size_t K, char *buf, size_t len);

/* Its unit: "£ per £1", "£ a year", "FTE" or "share" (cylch_headline_unit). */
const char *cylch_compare_quantity_unit(int q);

typedef struct cylch_compare_options {
    int have_draws;            /* 1: draws replaces the base scenario's draws */
    unsigned long draws;
    int have_seed;             /* 1: seed replaces the base scenario's seed */
    uint64_t seed;
    unsigned threads;          /* Monte Carlo threads, 0: OpenMP's default */
    /* Progress of each scenario's draws (may be NULL); scenario is 0 for the base. */
    void (*progress)(void *ctx, size_t scenario, size_t nscenarios, size_t done, size_t total);
    void *progress_ctx;
    volatile sig_atomic_t *stop; /* polled; once non-zero the run stops (CYLCH_EINTERRUPTED) */
} cylch_compare_options;

/* One scenario of a comparison. */
typedef struct cylch_compare_scenario {
    cylch_run *run;            /* owns what the next four point to */
    cylch_scenario *s;         /* draws and seed set to the comparison's */
    cylch_network *net;        /* after the scenario's edits */
    cylch_notes *notes;        /* clamps, and a seed or draws replaced by the base's */
    cylch_result *point;       /* the point estimate */
    double point_q[CYLCH_COMPARE_NQ]; /* point value of each quantity */
    cylch_mc *mc;              /* the draws (mc->head), NULL before cylch_compare_run */
    double *value;             /* draws × CYLCH_NSRC local value per draw, £/year */
    double cost;               /* cylch_scenario_cost: £ a year of public money */
    int moved;                 /* the source whose money it moves against the base
                                  (cylch_compare_moved_source); CYLCH_SRC_INCOME for the base */
} cylch_compare_scenario;



/* Differences of one other scenario from the base, for one quantity. */
typedef struct cylch_compare_diff {
    int valid;                 /* 0: no value (NaN in a scenario); the rest is NaN */
    double base_point, other_point, point_diff;
    double mean, sd, p5, p50, p95;   /* of the per-draw differences (NaN without draws) */
    double p_greater, p_less;  /* shares of draws with other > base, other < base */
} cylch_compare_diff;

typedef struct cylch_compare {
    size_t nscen;              /* the base and the others */
    cylch_compare_scenario *sc;/* sc[0] is the base */
    size_t draws;
    uint64_t seed;
    int headline;              /* the base's headline multiplier (cylch_result_headline_index) */
    int have_diff;             /* 1 once cylch_compare_run has filled diff */
    cylch_compare_diff *diff;  /* (nscen − 1) × CYLCH_COMPARE_NQ: diff[(o − 1) · NQ + q] */
} cylch_compare;

/* Load the base (paths[0]) and the others (paths[1..n−1], n >= 2), apply each
 * one's edits and work out its point estimate — everything that can fail on
 * bad input, before any long run. The options' draws and seed replace the
 * base's; every other scenario is given the base's draws and seed (a note says
 * so where its file differs). Point differences are filled at once.
 * On success *out owns a new comparison (cylch_compare_free).
 * Errors: those of cylch_scenario_load, cylch_network_load and
 * cylch_scenario_apply (naming the scenario file), CYLCH_EINPUT for fewer than
 * two paths, CYLCH_ENOMEM. */
int cylch_compare_new(const char *const *paths, size_t n, const cylch_compare_options *opt,
                      cylch_compare **out, cylch_error *err);

/* Run every scenario's Monte Carlo (draws as set by cylch_compare_new; none
 * when draws = 0) and compute the paired differences. Results are
 * bit-identical whatever the number of threads.
 * Errors: those of cylch_mc_run (prefixed with the scenario's name),
 * CYLCH_EINTERRUPTED, CYLCH_ENOMEM. */
int cylch_compare_run(cylch_compare *c, const cylch_compare_options *opt, cylch_error *err);

void cylch_compare_free(cylch_compare *c);

/* Quantity q of scenario i in draw k (k < c->draws, after cylch_compare_run). */
double cylch_compare_draw(const cylch_compare *c, size_t i, int q, size_t k);

/* The difference of scenario o (1..nscen−1) from the base for quantity q. */
const cylch_compare_diff *cylch_compare_get(const cylch_compare *c, size_t o, int q);

/* compare.json: version (may be NULL), base, draws, seed, headline; per scenario
 * its name, file, description, network, members, cost, money_moved, notes, point values and, with
 * draws, mean/p5/p50/p95 of each quantity; per other scenario its differences
 * (base_point, other_point, point_diff, mean_diff, sd_diff, p5_diff, p50_diff,
 * p95_diff, p_other_greater, p_other_less); "per_pound": the scenarios with a cost,
 * ranked as cost.csv (rank, scenario, description, money_moved, cost, change,
 * per_pound, per_pound_p5, per_pound_p95, p_per_pound_above_1). Returns 0, or −1 on
 * a write error. */
int cylch_compare_write_json(FILE *f, const cylch_compare *c, const char *version);

/* compare.csv: one row per other scenario and quantity: scenario, quantity,
 * base_point, other_point, point_diff, mean_diff, sd_diff, p5_diff, p50_diff,
 * p95_diff, p_other_greater, p_other_less (empty where there is no value), then
 * measure and unit (cylch_compare_quantity_label and _unit). Every number in full
 * (cylch_dtoa); differences of rounding alone are 0 (cylch_compare_delta). */
int cylch_compare_write_csv(FILE *f, const cylch_compare *c);

/* compare-rounded.csv, compare.csv rounded for pasting into a document, with readable
 * headers: Scenario, Measure, Unit, Base, This scenario, Change, Average change over
 * the draws, 90% range of the change from, 90% range of the change to, Draws higher
 * than the base (%), Draws lower than the base (%) (the last five empty without
 * draws). One row per other scenario and quantity with a value, in compare.csv's
 * order (LMk left out when K is 3: it is LM3). £ a year to the pound, £ per £1 to a
 * tenth of a penny (3 decimals), FTE to one decimal, a share in % to one decimal
 * (unit "%": 98.0), the shares of draws in % to one decimal; each the full number
 * rounded once (cylch_csv_put_fixed), never "-0". Returns 0, or −1 on a write error. */
int cylch_compare_write_rounded_csv(FILE *f, const cylch_compare *c);

/* compare-draws.csv (plot data): draw (1-based), then per scenario i (base
 * first) four columns "<name>.multiplier" (the base's headline multiplier),
 * "<name>.local_value" (income.local_value, £/year), "<name>.multiplier_diff"
 * and "<name>.local_value_diff" (minus the base in the same draw, by
 * cylch_compare_delta; 0 for the base). Nothing but the header without draws. */
int cylch_compare_write_draws_csv(FILE *f, const cylch_compare *c);

/* The plain-English summary: per other scenario, the change in local
 * circulation (income.local_value) with its 90% range and how many draws agree
 * on its direction, the headline multiplier before and after, and the change in
 * grant-funded value where there is grant money. */
void cylch_compare_summary(FILE *f, const cylch_compare *c);

/* Which money a scenario moves, against the base: the sources of money from
 * outside whose columns differ for some member (members matched by id; a member
 * added or removed moves every column it has money in). grant → CYLCH_SRC_GRANT,
 * loan → CYLCH_SRC_LOAN, trade_external → CYLCH_SRC_TRADE (procurement: a
 * council buying from members is trade from outside the network's own circle);
 * more than one of them → CYLCH_SRC_EXTERNAL. Local sales (trade_local) do not count:
 * they are local money re-routed, so a new member with a grant and local sales moves
 * grant money. CYLCH_SRC_INCOME when no money from outside moves (a policy on local
 * shares, wages, trade between members, local sales alone). */
int cylch_compare_moved_source(const cylch_network *base, const cylch_network *other);

/* The money a source stands for in the ranking and cost.csv: "grant", "loan",
 * "trade", "outside" (CYLCH_SRC_EXTERNAL) or "all" (CYLCH_SRC_INCOME). */
const char *cylch_compare_money_name(int source);

/* The change in local circulation per £1 of what a policy costs: for other
 * scenario o, ΔV_s / Δcost with V_s = s.local_value, s = sc[o].moved, the money
 * the policy moves (£ a year that money sets circulating locally, all rounds:
 * procurement is valued with the trade multiplier, a grant with the grant one;
 * a policy that moves no money from outside with the members' whole income) and
 * Δcost = cost_o − cost_base (£ a year of public money, scenario and change
 * `cost`). Per draw k, r_k = (V_{s,o,k} − V_{s,base,k}) / Δcost, so the range is
 * the 5th and 95th percentiles of the paired differences divided by Δcost. */
typedef struct cylch_compare_per_pound {
    int valid;                 /* 0: the scenarios cost the same (no Δcost) */
    int source;                /* s: the source whose local value is counted */
    double dcost;              /* £ a year */
    double dvalue;             /* point ΔV, £ a year */
    double point, p5, p95;     /* £ of local circulation per £1; p5/p95 NaN without draws */
    double p_above_1;          /* share of draws with r_k > 1 (NaN without draws) */
} cylch_compare_per_pound;

/* Per £1 of cost for other scenario o (1..nscen−1); after cylch_compare_run for ranges. */
void cylch_compare_per_pound_get(const cylch_compare *c, size_t o, cylch_compare_per_pound *out);

/* The scenarios with a cost ranked by local circulation per £1 of cost, best
 * first, as a table of plain text (terminal, report appendix). Writes nothing
 * when no scenario's cost differs from the base's. */
void cylch_compare_write_ranking(FILE *f, const cylch_compare *c);

/* cost.csv: rank, scenario, description, cost_gbp_a_year, change_in_local_circulation_gbp_a_year,
 * per_pound_point, per_pound_p5, per_pound_p95, p_per_pound_above_1, money_moved
 * (cylch_compare_money_name), best first; header only
 * when no scenario's cost differs from the base's. Returns 0, or −1 on a write error. */
int cylch_compare_write_cost_csv(FILE *f, const cylch_compare *c);

#endif /* CYLCH_COMPARE_H */
