/* cylch — which uncertain inputs drive the results (`cylch sensitivity`).
 *
 * The inputs are the Monte Carlo's uncertain parameters (mc.h: the [place]
 * distributions and the [uncertainty] distributions around each member's
 * reported values), in cylch_mc_new's order; the outputs are the headline
 * quantities of model.h (CYLCH_NHEAD of them). The headline output is the
 * run's headline multiplier (cylch_result_headline_index: LM∞ of grant money when
 * there is any). Three methods:
 *
 *   tornado   one at a time: input i is set to its p_lo and p_hi quantiles
 *             (cylch_dist_quantile, default the 5th and 95th percentiles)
 *             while every other input keeps its point value (cylch_mc_param's
 *             point); swing_i = |y(hi) − y(lo)| of the headline output. Two
 *             model evaluations per input; no randomness.
 *   spearman  the Monte Carlo draws (cylch_mc_run with the inputs kept):
 *             rho_{i,h} = Spearman rank correlation (cylch_stats_spearman) of
 *             input i with headline quantity h over the draws. It catches
 *             monotone effects, with the other inputs varying at the same time.
 *   sobol     variance-based indices (sobol.h, Saltelli 2010 / Jansen 1999):
 *             S1_i, the share of the output's variance due to input i alone,
 *             and ST_i, including its interactions, with percentile-bootstrap
 *             intervals. Uniforms u map to inputs by
 *             x_i = cylch_dist_quantile(dist_i, centre_i, u_i), kept inside the
 *             input's valid range. N (k + 2) model evaluations for k inputs.
 *
 * Inputs are ranked, for the headline output, by swing (tornado), |rho|
 * (spearman) or ST (sobol), largest first; ties keep the inputs' order.
 * Every method's result is bit-identical whatever the number of threads.
 */
#ifndef CYLCH_SENSITIVITY_H
#define CYLCH_SENSITIVITY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cylch/io/error.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/sobol.h"

typedef enum cylch_sens_method {
    CYLCH_SENS_TORNADO = 0,
    CYLCH_SENS_SPEARMAN,
    CYLCH_SENS_SOBOL,
    CYLCH_NSENS
} cylch_sens_method;

/* "tornado", "spearman", "sobol"; and back (−1 when unknown). */
const char *cylch_sens_method_name(int method);
int cylch_sens_method_find(const char *name);

typedef struct cylch_sens_options {
    int method;            /* cylch_sens_method */
    size_t n;              /* spearman: draws (0: the scenario's draws);
                              sobol: base sample size N (0: 1000) */
    int have_seed;         /* 1: seed replaces the scenario's */
    uint64_t seed;
    unsigned threads;      /* 0: OpenMP's default */
    double p_lo, p_hi;     /* tornado percentiles, 0 <= p_lo < p_hi <= 1 (0.05, 0.95) */
    size_t bootstrap;      /* sobol: bootstrap resamples (500) */
    double level;          /* sobol: interval coverage (0.95) */
    cylch_mc_progress_fn progress;   /* spearman's draws (may be NULL) */
    void *progress_ctx;
    volatile sig_atomic_t *stop;     /* spearman: polled, CYLCH_EINTERRUPTED */
} cylch_sens_options;

/* tornado, N = 0, the scenario's seed, default threads, 5%/95%, B = 500, 95%. */
cylch_sens_options cylch_sens_options_default(void);

typedef struct cylch_sens {
    int method;
    char *scenario;        /* the scenario's name */
    uint64_t seed;         /* spearman and sobol */
    size_t n;              /* spearman: draws; sobol: N; tornado: 0 */
    size_t k;              /* inputs */
    char (*name)[160];     /* k parameter names ("place.household_local_spend") */
    char **label;          /* k readable labels ("households' local spending share") */
    double *point;         /* k point values */
    int headline;          /* the headline output (a CYLCH_HEAD index) */
    double base[CYLCH_NHEAD]; /* every output with every input at its point value */
    size_t *rank;          /* k input indices, most important first, for the headline */
    /* tornado */
    double p_lo, p_hi;
    double *x_lo, *x_hi;   /* k: the inputs' p_lo and p_hi quantiles */
    double *y_lo, *y_hi;   /* k × CYLCH_NHEAD outputs with input i at x_lo / x_hi */
    /* spearman */
    double *rho;           /* k × CYLCH_NHEAD; NaN for an output with no value */
    /* sobol: outputs are the headline entries that have a value */
    size_t nout;
    int *out;              /* nout CYLCH_HEAD indices */
    cylch_sobol_result *sobol; /* m = nout outputs, k inputs */
} cylch_sens;

/* Run a sensitivity analysis of scenario s on net (the network after
 * cylch_scenario_apply). Errors: CYLCH_EINPUT (no uncertain inputs; spearman
 * with 0 draws; bad options), CYLCH_EMODEL (a model evaluation with no finite
 * answer, naming the input and value), CYLCH_EINTERRUPTED, CYLCH_ENOMEM, and
 * those of cylch_mc_run and cylch_sobol_run. On success *out is owned by the
 * caller (cylch_sens_free). */
int cylch_sens_run(const cylch_scenario *s, const cylch_network *net, const cylch_sens_options *opt,
                   cylch_sens **out, cylch_error *err);

void cylch_sens_free(cylch_sens *r);

/* sensitivity.csv: one row per output and input: method, output, rank (1 = most
 * important for that output), input, label, point, then the method's columns
 * (tornado: low_input, high_input, output_low, output_high, swing; spearman:
 * spearman; sobol: s1, s1_low, s1_high, st, st_low, st_high); every output
 * with a value. Returns 0, or −1 on a write error. */
int cylch_sens_write_csv(FILE *f, const cylch_sens *r);

/* sensitivity.json: method, scenario, seed, n, headline, base outputs, inputs
 * (name, label, point; tornado low/high quantiles), and per output the ranked
 * inputs with the method's numbers (sobol also the output's mean and variance). */
int cylch_sens_write_json(FILE *f, const cylch_sens *r, const char *version);

/* tornado.csv (plot data for plots/tornado.gp, tornado method only): the
 * headline output, inputs by rank: rank, input, label, low_input, high_input,
 * output_low, output_high, base, swing. */
int cylch_sens_write_tornado_csv(FILE *f, const cylch_sens *r);

/* sobol.csv (plot data for plots/sobol.gp, sobol method only): the headline
 * output, inputs by rank: rank, input, label, s1, s1_low, s1_high, st, st_low,
 * st_high. */
int cylch_sens_write_sobol_csv(FILE *f, const cylch_sens *r);

/* A plain-English paragraph naming the inputs that matter most for the
 * headline output (at most three, and only those that matter at all). */
void cylch_sens_summary(FILE *f, const cylch_sens *r);

#endif /* CYLCH_SENSITIVITY_H */
