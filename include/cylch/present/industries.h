/* cylch — results by industry of a scenario with [economy] (docs/model.md,
 * "Regionalisation"): for each source of money, the local turnover (output),
 * local wages, jobs and GVA it supports in each industry of the local economy,
 * at the point values. With x = (I − A)⁻¹ f the turnover of every agent:
 *   output_k = x_k (£/year), wages_k = A[H][k] x_k (£/year, paid to local
 *   households), jobs_k = (emp_k / output_k) x_k, gva_k = (gva_k / output_k) x_k.
 */
#ifndef CYLCH_PRESENT_INDUSTRIES_H
#define CYLCH_PRESENT_INDUSTRIES_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/io/error.h"
#include "cylch/io/json.h"

enum { CYLCH_IND_OUTPUT = 0, CYLCH_IND_WAGES, CYLCH_IND_JOBS, CYLCH_IND_GVA, CYLCH_IND_NQ };

/* The single agent B beside the [economy] (docs/model.md, "Regionalisation"):
 * the scenario that [economy]'s single_agent names (the same network with the
 * single agent B: what this [economy] replaces) worked out with this run's seed
 * and draws, so that every input the two share is drawn the same in each draw
 * (paired; cylch/uncertainty/mc.h). Figures of the headline source; index 0 is
 * the single agent, 1 the [economy]. */
enum { CYLCH_SINGLE_LM_INF = 0, CYLCH_SINGLE_LM3, CYLCH_SINGLE_WAGES, CYLCH_SINGLE_JOBS,
       CYLCH_SINGLE_NQ };
typedef struct cylch_industries_single {
    int have;                      /* 1: worked out */
    char *path;                    /* the single-agent scenario (owned) */
    int source;                    /* the headline source (CYLCH_SRC_*) */
    double point[2][CYLCH_SINGLE_NQ];    /* at the point values */
    size_t draws;                  /* paired draws (0: no Monte Carlo) */
    double range[2][CYLCH_SINGLE_NQ][3]; /* 5th, 50th and 95th percentiles over the draws */
    double diff[CYLCH_SINGLE_NQ][3];     /* of [economy] − single agent, draw by draw */
    /* Why (at the point values), per £1 that other local businesses receive
     * from the headline source: what they re-spend with local businesses (B's
     * business_local_supply_share; the industries' local purchases weighted by
     * their turnover) and pay as local wages. */
    double respend[2], wages[2];
} cylch_industries_single;

typedef struct cylch_industries {
    size_t n;                      /* industries */
    const char *const *name;       /* labels (borrowed from the economy's table) */
    const char *const *code;
    double *v;                     /* [source][industry][quantity], CYLCH_NSRC x n x CYLCH_IND_NQ */
    double injection[CYLCH_NSRC];  /* 1ᵀ f per source, £/year */
    cylch_industries_single single;  /* have = 0 until cylch_industries_single_agent */
} cylch_industries;

/* Compute from m, just built at the point values for net (which has an
 * economy). *out owns a new object (cylch_industries_free). Errors:
 * CYLCH_EINPUT (no economy), CYLCH_ENOMEM, the solver's. */
int cylch_industries_compute(cylch_model *m, const cylch_network *net, cylch_industries **out,
                             cylch_error *err);
void cylch_industries_free(cylch_industries *ind);

/* Work out ind->single when s's [economy] names single_agent: load that
 * scenario (cylch_run_new) with s's seed and, when mc has draws, as many
 * draws, run them on threads (stop polled as cylch_mc_run does), and compare
 * with r (s's point result), m (s's model built at the point values, as
 * cylch_industries_compute had it) and mc. Nothing when s has no
 * single_agent. Errors: those of loading or running the single-agent
 * scenario (prefixed with 'single_agent = PATH in [economy] of SCENARIO');
 * CYLCH_EINPUT at s's single_agent line if it has an [economy] itself or is
 * about another network; CYLCH_ENOMEM. */
int cylch_industries_single_agent(cylch_industries *ind, const cylch_scenario *s,
                                  const cylch_result *r, const cylch_model *m, const cylch_mc *mc,
                                  unsigned threads, volatile sig_atomic_t *stop, cylch_error *err);

/* The terminal's lines about ind->single (nothing when not worked out). */
void cylch_industries_write_single(FILE *f, const cylch_industries *ind);

/* Value q of industry k for source s. */
double cylch_industries_get(const cylch_industries *ind, int s, size_t k, int q);

/* The "industries" object of summary.json: per source, each industry's
 * code, name, local_output, local_wages, jobs and gva (largest output first;
 * industries with no output left out); with the single agent worked out,
 * "single_agent": its scenario, source, and per figure (lm_inf, lm3,
 * local_wages, jobs) the point and percentiles of both and of the paired
 * difference, and per_pound_received (respent_locally, local_wages) of each. */
void cylch_json_industries(cylch_json *j, const char *key, const cylch_industries *ind);

/* industries.csv: source, code, industry, local_output, local_wages, jobs, gva
 * (£/year; jobs in the table's unit), every industry. Returns 0 or -1. */
int cylch_write_industries_csv(FILE *f, const cylch_industries *ind);

/* industries.dat for plots/industries.gp: the 15 industries with the largest
 * local output for source s, then "all other industries", as
 * rank, code, name, pence of each £1 of s. Returns 0 or -1. */
int cylch_write_industries_dat(FILE *f, const cylch_industries *ind, int s);

#endif /* CYLCH_PRESENT_INDUSTRIES_H */
