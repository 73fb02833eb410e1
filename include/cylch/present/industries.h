/* cylch — results by industry of a scenario with [economy] (docs/model.md,
 * "Regionalisation"): for each source of money, the local turnover (output),
 * local wages, jobs and GVA it supports in each industry of the local economy,
 * at the point values. With x = (I − A)⁻¹ f the turnover of every agent:
 *   output_k = x_k (£/year), wages_k = A[H][k] x_k (£/year, paid to local
 *   households), jobs_k = (emp_k / output_k) x_k, gva_k = (gva_k / output_k) x_k.
 */
#ifndef CYLCH_PRESENT_INDUSTRIES_H
#define CYLCH_PRESENT_INDUSTRIES_H

#include <stddef.h>
#include <stdio.h>

#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/io/error.h"
#include "cylch/io/json.h"

enum { CYLCH_IND_OUTPUT = 0, CYLCH_IND_WAGES, CYLCH_IND_JOBS, CYLCH_IND_GVA, CYLCH_IND_NQ };

typedef struct cylch_industries {
    size_t n;                      /* industries */
    const char *const *name;       /* labels (borrowed from the economy's table) */
    const char *const *code;
    double *v;                     /* [source][industry][quantity], CYLCH_NSRC x n x CYLCH_IND_NQ */
    double injection[CYLCH_NSRC];  /* 1ᵀ f per source, £/year */
} cylch_industries;

/* Compute from m, just built at the point values for net (which has an
 * economy). *out owns a new object (cylch_industries_free). Errors:
 * CYLCH_EINPUT (no economy), CYLCH_ENOMEM, the solver's. */
int cylch_industries_compute(cylch_model *m, const cylch_network *net, cylch_industries **out,
                             cylch_error *err);
void cylch_industries_free(cylch_industries *ind);

/* Value q of industry k for source s. */
double cylch_industries_get(const cylch_industries *ind, int s, size_t k, int q);

/* The "industries" object of summary.json: per source, each industry's
 * code, name, local_output, local_wages, jobs and gva (largest output first;
 * industries with no output left out). */
void cylch_json_industries(cylch_json *j, const char *key, const cylch_industries *ind);

/* industries.csv: source, code, industry, local_output, local_wages, jobs, gva
 * (£/year; jobs in the table's unit), every industry. Returns 0 or -1. */
int cylch_write_industries_csv(FILE *f, const cylch_industries *ind);

/* industries.dat for plots/industries.gp: the 15 industries with the largest
 * local output for source s, then "all other industries", as
 * rank, code, name, pence of each £1 of s. Returns 0 or -1. */
int cylch_write_industries_dat(FILE *f, const cylch_industries *ind, int s);

#endif /* CYLCH_PRESENT_INDUSTRIES_H */
