/* cylch — the local economy of a scenario from a regionalised input-output
 * table: the `[economy]` section (docs/model.md, "Regionalisation").
 *
 * With [economy], the single agent B of other local businesses becomes the
 * industries of a national table made local by location quotients
 * (cylch/core/regional.h). For a draw with Flegg's delta d (lambda* from d),
 * the model's agents are the members, H, then the table's industries, and:
 *   - member j's local spending outside the network (what B received) goes to
 *     industry i in proportion to r_is, the regional coefficients of its
 *     industry s's column (member data sets how much; the table, where); a
 *     member without an industry, or whose industry buys nothing locally,
 *     uses the whole local economy's purchases sum_s r_is x_s;
 *   - households' local spending outside the members (what B received) goes
 *     to industry i in proportion to c_i min(1, Q_iH) (households' column
 *     made local), leaving out industries that pay no wages and employ no one
 *     (owner-occupiers' imputed rent is not cash spending);
 *   - industry k re-spends A[i][k] = r_ik with industry i, pays local wages
 *     A[H][k] = (w_k / x_k) * business_local_wage_share * net_wage_share,
 *     and supports emp_k / x_k jobs and gva_k / x_k GVA per £ of output
 *     (the table's money unit converted to £).
 * business_local_supply_share and jobs_per_million are not used.
 */
#ifndef CYLCH_ECONOMY_H
#define CYLCH_ECONOMY_H

#include <stddef.h>

#include "cylch/core/iotable.h"
#include "cylch/core/regional.h"
#include "cylch/io/error.h"

/* The [economy] section as written (strings owned; paths already resolved
 * against the folder of the file that names them). line: of each key in the
 * scenario file, 0 when absent or given by --set. */
typedef struct cylch_economy_spec {
    char *table, *regions, *area, *national, *measure, *map, *method;
    long table_line, regions_line, area_line, national_line, measure_line, map_line,
        method_line, delta_line;
    int has_delta;      /* delta was given (in the file or by --set) */
    double unit;        /* £ per money unit of the table (default 1e6: £ million) */
    long unit_line;
    long section_line;
} cylch_economy_spec;

void cylch_economy_spec_free(cylch_economy_spec *spec);

/* The local economy, loaded once and shared (read-only) by every model. */
typedef struct cylch_economy {
    int refs;               /* owners (networks); free when it falls to 0 */
    size_t n;               /* industries */
    cylch_iotable *table;   /* the national table */
    cylch_regional *rg;     /* the regional figures */
    cylch_lq_method method;
    double unit;            /* £ per money unit of the table */
    double *a;              /* n x n national coefficients, row-major a[i*n + j] */
    double *hh;             /* n: national household consumption c_i */
    double *wage, *jobs, *gva; /* n: per £ of output (jobs: the table's employment unit) */
    char **code;            /* n: short labels ("I56"), owned */
    double *x;              /* n: national output, weights of the average pattern */
    double *q0;             /* n x n: the quotient without lambda* (Q_ik / lambda* for FLQ
                             * and AFLQ; Q_ik for SLQ and CILQ; +inf allowed), row-major */
} cylch_economy;

/* Load the table and regional figures a spec names. path is the scenario
 * file (for messages). Errors: CYLCH_EINPUT naming the scenario's line (a
 * missing key, an unknown method or measure) or the data file's, CYLCH_EIO,
 * CYLCH_ENOMEM. */
int cylch_economy_load(const cylch_economy_spec *spec, const char *path, cylch_economy **out,
                       cylch_error *err);

/* Drop one reference; frees at 0. NULL allowed. */
void cylch_economy_release(cylch_economy *e);

/* The industry of a label or code ("I56" matches "... (I56)"), or -1. */
long cylch_economy_find(const cylch_economy *e, const char *industry);

/* Per-draw coefficients for a given delta (workspace owned by the caller). */
typedef struct cylch_economy_draw {
    double delta;           /* the delta they were computed for (NAN: none yet) */
    double *r;              /* n x n regional coefficients r_ik, row-major */
    double *hh_share;       /* n: households' local spending split, sums to 1 (or all 0) */
    double *col_share;      /* n x n: column s normalised: r_is / sum_i r_is (avg where 0) */
    double *avg_share;      /* n: the whole local economy's purchase pattern */
} cylch_economy_draw;

/* Allocate a draw workspace for e (NULL when out of memory). */
cylch_economy_draw *cylch_economy_draw_new(const cylch_economy *e);
void cylch_economy_draw_free(cylch_economy_draw *d);

/* Fill d for delta (0 <= delta < 1; recomputed only when delta changed). */
void cylch_economy_draw_set(const cylch_economy *e, cylch_economy_draw *d, double delta);

#endif /* CYLCH_ECONOMY_H */
