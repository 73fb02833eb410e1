/* cylch — Monte Carlo under uncertainty (DESIGN.md §6).
 *
 * Each draw samples every uncertain parameter (the [place] distributions and
 * the [uncertainty] distributions around each member's reported values),
 * rebuilds A and computes the headline quantities of §3. Draw k's random
 * numbers come from streams keyed by (seed, parameter name, k) alone
 * (cylch_rng), so results are bit-identical whatever the number of threads,
 * and two scenarios with the same seed draw the same values for every
 * parameter they share (common random numbers for paired comparison).
 * Draws run in parallel with OpenMP; each thread has its own workspace made
 * before the loop, and nothing is allocated per draw.
 */
#ifndef CYLCH_MC_H
#define CYLCH_MC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "cylch/core/dist.h"
#include "cylch/io/error.h"
#include "cylch/core/model.h"
#include "cylch/core/money.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"

/* What a member's parameter is (DESIGN §8.6 adds the money ones). */
enum {
    CYLCH_MC_COLUMN = 0,   /* column `index` of member `member` */
    CYLCH_MC_SCALE,        /* the member's income, drawn around it (£/year): its scale */
    CYLCH_MC_SPLIT         /* stick `index` of the member's split of spending (cylch/core/money.h) */
};

/* One uncertain parameter. */
typedef struct cylch_mc_param {
    char name[160];        /* "place.household_local_spend", "member.siop.wages_local_share",
                              "member.siop.income" or "member.siop.split.wages" */
    int is_place;          /* 1: place parameter `index`; 0: a member's (see role) */
    int role;              /* CYLCH_MC_COLUMN, _SCALE or _SPLIT (members only) */
    int index;
    size_t member;
    const cylch_dist *dist;
    double centre;         /* the reported value (centred forms) */
    double point;          /* the value used in the point estimate */
    cylch_dist_range range;
    uint64_t stream;       /* cylch_rng_stream_id(name) */
    cylch_dist_sampler smp; /* inverse CDF of dist around centre, truncated to range */
    /* DESIGN §8.8: for a member's purchases_local_share when it buys from members,
     * the draw is of the local share of its purchases from non-members, and the
     * member-to-member trade (hard data, a share b of its purchases) is kept:
     * value = b + (1 − b) × draw. b = 0 otherwise (the draw is the value). */
    double kept_share;
    double rho;            /* §8.6: correlation of its column's common factor (0: none) */
    uint64_t common_stream;/* the column's common factor: stream "common.<column>" */
    size_t common;         /* its index in cylch_mc.common (rho > 0 only) */
    double wc, wo;         /* √ρ and √(1 − ρ): z = wc z_common + wo z_own */
    int closed;            /* ρ > 0 and its value is in closed form in z (no table:
                              cylch_dist_sampler_closed_at_z) */
    cylch_dist own;        /* dist rescaled to the non-member share (dist points here) */
} cylch_mc_param;

/* A member whose money is drawn (§8.6): its parameters by role. */
typedef struct cylch_mc_money {
    size_t member;
    size_t scale;                  /* its income parameter, when has_scale */
    int has_scale;
    int nstick;                    /* its split's sticks (0: no split drawn) */
    size_t stick[CYLCH_NPARTS - 1];/* the parameter of stick k */
    double centre;                 /* its reported income T (the scale is drawn / T) */
} cylch_mc_money;

/* A place or column parameter and where its value goes. */
typedef struct cylch_mc_put {
    size_t param;
    size_t dest;           /* the place value's index, or member × CYLCH_NCOLS + column */
    int is_place;
    double kept_share;     /* as cylch_mc_param's */
} cylch_mc_put;

typedef struct cylch_mc {
    size_t nparams;
    cylch_mc_param *param;
    /* DESIGN §8.6: members whose money is drawn (a scale, a split, or an income
     * column). For them each evaluation starts from their reported values (base)
     * and completes the row with cylch_money_apply. */
    size_t nmoney;
    cylch_mc_money *money; /* each one's member and parameters */
    /* The place and column parameters, each with where its value goes (a compact
     * list for the draw loop, which then need not visit every cylch_mc_param). */
    size_t nput;
    cylch_mc_put *put;
    double *base;          /* n × CYLCH_NCOLS reported values */
    cylch_split *split;    /* per member (np = 0: no split drawn) */
    /* §8.6's Gaussian copula: the distinct common streams (one per correlated
     * column, and the income's), whose normal score each draw computes once, and
     * the standard normal quantile, tabulated (cylch_dist_sampler of normal(0, 1)). */
    size_t ncommon;
    uint64_t common[CYLCH_NCOLS + 1];
    cylch_dist_sampler znorm;
    size_t draws;
    uint64_t seed;
    size_t rounds;
    double *head;          /* draws × CYLCH_NHEAD headline values, draw-major */
    double *inputs;        /* draws × nparams sampled inputs, when kept (else NULL) */
    double *inj;           /* draws × CYLCH_NSRC injections 1ᵀf of each source (the income
                              source's exogenous part, §8.1), kept with the inputs (else NULL) */
    size_t done;           /* draws completed (all of them unless interrupted) */
    unsigned threads;      /* threads the run used; the statistics and writers use as many */
} cylch_mc;

/* Progress report, called from one thread only, about ten times a second. */
typedef void (*cylch_mc_progress_fn)(void *ctx, size_t done, size_t total);

/* List the uncertain parameters of s over net (after the scenario's changes),
 * prepare each one's sampler (cylch_dist_sampler) and allocate the per-draw
 * store for s->draws draws (and inputs when keep_inputs). Draw k's value of
 * parameter i is the quantile of cylch_rng_u01(seed, stream_i, k): one uniform
 * per variate (DESIGN §8.5). Errors: CYLCH_ENOMEM, CYLCH_EINPUT (a
 * distribution impossible for a member's value, named). */
int cylch_mc_new(const cylch_scenario *s, const cylch_network *net, int keep_inputs,
                 cylch_mc **out, cylch_error *err);
void cylch_mc_free(cylch_mc *mc);

/* Run the draws on `threads` threads (0: OpenMP's default). stop, when not NULL,
 * is polled: once non-zero the run stops and returns CYLCH_EINTERRUPTED.
 * Errors: CYLCH_EMODEL naming the first failing draw (e.g. a draw in which a
 * member re-spends all it receives locally), CYLCH_ENOMEM. */
int cylch_mc_run(cylch_mc *mc, const cylch_scenario *s, const cylch_network *net,
                 unsigned threads, cylch_mc_progress_fn progress, void *progress_ctx,
                 volatile sig_atomic_t *stop, cylch_error *err);

/* The value a draw of q stands for: kept_share + (1 − kept_share) × draw
 * (the draw itself when kept_share is 0). */
double cylch_mc_param_value(const cylch_mc_param *q, double draw);

/* The uniform of parameter q in draw k: cylch_rng_u01 of its own stream, or
 * with a column correlation ρ > 0 (DESIGN §8.6) Φ(√ρ z_c + √(1 − ρ) z_q), z_c
 * the normal score of the column's common stream and z_q its own (normal
 * scores from mc->znorm, Φ by cylch_dist_phi). */
double cylch_mc_uniform(const cylch_mc *mc, const cylch_mc_param *q, uint64_t k);

/* Parameter q's value in draw k, bit for bit as cylch_mc_run draws it (before
 * cylch_mc_param_value): the sampler's quantile of cylch_mc_uniform, or with
 * ρ > 0 the sampler's value at the normal score √ρ z_c + √(1 − ρ) z_q
 * (cylch_dist_sampler_at_z: a lognormal income is exp(μ + σz), no Φ). Call it
 * after cylch_mc_run (the tables built) to get the run's bits. */
double cylch_mc_draw(const cylch_mc *mc, const cylch_mc_param *q, uint64_t k);

/* Evaluate the headline quantities for one set of parameter values u (nparams
 * values, in mc->param order, each as drawn: see kept_share) in workspace m with member values vals and place
 * p (both overwritten where parameters apply). Used by sensitivity analysis. */
int cylch_mc_eval(const cylch_mc *mc, cylch_model *m, double *vals, cylch_place *p,
                  const double *u, double *head, cylch_error *err);




#include "cylch/uncertainty/stats.h"

/* Summaries of each headline quantity over the draws: out[CYLCH_NHEAD].
 * A quantity with no value (its injection is zero) gets NaN fields, which
 * the writers show as null / empty. Errors: CYLCH_ENOMEM. */
int cylch_mc_summarise(const cylch_mc *mc, cylch_stats_summary *out, cylch_error *err);

/* The draws of headline entry h into x[draws] (draw order). */
void cylch_mc_column(const cylch_mc *mc, int h, double *x);
#endif /* CYLCH_MC_H */
