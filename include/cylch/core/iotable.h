/* cylch — input-output tables: Type I and Type II Leontief multipliers.
 *
 * `cylch io TABLE.csv` (DESIGN.md §4, §5). A table is a wide CSV: the first
 * column labels the rows, then one column per industry, then optional
 * `households` (household consumption) and `final_demand` columns, then
 * `total_output`. Rows: one per industry, in the same order and with the same
 * labels as the industry columns, then optional `households` (labour income),
 * `gva` and `employment` rows. Money is in any one currency unit (the Scottish
 * table uses £ million); employment in any head count (FTE, thousands).
 *
 * With Z the industry flows (Z[i][j] sales of industry i to industry j), x
 * total output, w the households row, c the households column, y household
 * income (the households row's total_output cell, or else the row's sum):
 *   Type I   A = Z diag(x)^-1, L = (I - A)^-1;
 *   Type II  A2 = [[A, c/y], [w diag(x)^-1, w_H/y]], L2 = (I - A2)^-1
 *            (households closed into the model, the last row and column).
 * For industry j and a coefficient row k (income w/x, GVA gva/x, employment
 * emp/x; for Type II extended by the households entry: w_H/y for income,
 * 0 for GVA and employment):
 *   output multiplier  sum_i L[i][j]  (Type II: the industry rows i only),
 *   effect             k . L e_j     (per unit of final demand for j),
 *   multiplier         effect / k_j  (no value when k_j = 0).
 * An industry with zero output has no coefficients, effects of 0 and
 * multipliers of 1. These are the definitions of the Scottish Government's
 * published Type I and Type II multipliers (Miller & Blair 2009, ch. 6);
 * its files write 0 where cylch has no value, and for the multipliers of a
 * zero-output industry.
 *
 * All multipliers come from one LU factorisation per type of (I - A)^T and
 * four solves (L^T 1, L^T k); the full inverse is formed only when asked for.
 */
#ifndef CYLCH_IOTABLE_H
#define CYLCH_IOTABLE_H

#include <stddef.h>
#include <stdio.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "cylch/io/csvio.h"
#include "cylch/io/error.h"

/* An input-output table as read from its CSV file. All fields are owned by
 * the table; read them freely, do not modify them. */
typedef struct cylch_iotable {
    char *path;          /* the file name, as given (used in messages) */
    size_t n;            /* number of industries, >= 1 */
    char **name;         /* n industry labels (trimmed), in file order */
    long *line;          /* n: the file line of each industry row */
    gsl_matrix *z;       /* n x n flows: z[i][j] = sales of industry i to j, >= 0 */
    gsl_vector *x;       /* n total outputs, >= 0 */
    gsl_vector *final_demand; /* n, or NULL without a final_demand column */
    gsl_vector *hh_cons; /* n household consumption, or NULL without a households column */
    gsl_vector *hh_wages;/* n labour income paid by each industry, or NULL without a households row */
    double hh_self;      /* households row x households column cell (0 when empty) */
    double hh_income;    /* household income y > 0 (meaningful when hh_wages != NULL) */
    gsl_vector *gva;     /* n gross value added, or NULL without a gva row */
    gsl_vector *employment; /* n employment, >= 0, or NULL without an employment row */
} cylch_iotable;

/* Read the IO table at path (the layout above). On success *out owns a new
 * table (free with cylch_iotable_free). Errors: CYLCH_EIO if the file cannot
 * be read; CYLCH_EINPUT, naming file:line, the column and the row, if it is
 * empty or malformed CSV, has no total_output column or no industry columns,
 * a row whose label does not match its column, a missing or unknown row, a
 * row with too few or too many cells, text, NaN or Inf where a number
 * belongs, a negative flow, output, household income or employment, zero
 * household income with a households row, or a zero-output industry that
 * buys or sells anything; CYLCH_ENOMEM. An empty cell is 0, except the
 * total_output of an industry, which must be given; in the gva and employment
 * rows only the industry cells are used (the others may be empty). */
int cylch_iotable_read(const char *path, cylch_iotable **out, cylch_error *err);

/* As cylch_iotable_read, from a CSV table already read (csv->path is used in
 * messages). csv stays owned by the caller. */
int cylch_iotable_from_csv(const cylch_csv_table *csv, cylch_iotable **out,
                           cylch_error *err);

/* Free a table; NULL is allowed. */
void cylch_iotable_free(cylch_iotable *t);

/* The seven measures reported per industry and type, in the column order of
 * the published multipliers (type1_output_m, type1_income_e, ...). */
typedef enum cylch_io_measure {
    CYLCH_IO_OUTPUT_M = 0,   /* output multiplier: output per unit of final demand */
    CYLCH_IO_INCOME_E,       /* income effect: labour income per unit of final demand */
    CYLCH_IO_EMPLOYMENT_E,   /* employment effect: jobs per unit of final demand */
    CYLCH_IO_GVA_E,          /* GVA effect: value added per unit of final demand */
    CYLCH_IO_INCOME_M,       /* income multiplier: income effect / direct income coefficient */
    CYLCH_IO_EMPLOYMENT_M,   /* employment multiplier */
    CYLCH_IO_GVA_M,          /* GVA multiplier */
    CYLCH_IO_NMEASURES
} cylch_io_measure;

typedef enum cylch_io_type {
    CYLCH_IO_TYPE1 = 0,      /* industry block only; wages leave the system */
    CYLCH_IO_TYPE2 = 1       /* households closed into the model */
} cylch_io_type;

/* The solved model (opaque): multipliers and the LU factorisations. */
typedef struct cylch_io_result cylch_io_result;

/* The coefficient matrix A of a table, a[i][j] = z[i][j] / x[j] (Type I: n x n;
 * Type II with households last: (n+1) x (n+1)), into a new matrix (*out, caller
 * frees); a column of an industry with no output is zero. Errors: CYLCH_EINPUT
 * (Type II without a households row and column), CYLCH_ENOMEM. */
int cylch_iotable_coefficients(const cylch_iotable *t, int type2, gsl_matrix **out,
                               cylch_error *err);

/* Compute every measure of every industry, Type I and (when the table has
 * both a households row and a households column) Type II. On success *out
 * owns a new result (free with cylch_io_result_free); it refers to nothing in
 * t, but the writers need the same t. Errors: CYLCH_EMODEL when a Leontief
 * inverse is not finite or not non-negative (spectral radius of A >= 1; the
 * message names the industry, or households, buying the most per unit of
 * output); CYLCH_EINTERNAL if GSL fails; CYLCH_ENOMEM. */
int cylch_iotable_solve(const cylch_iotable *t, cylch_io_result **out,
                        cylch_error *err);

/* Free a result; NULL is allowed. */
void cylch_io_result_free(cylch_io_result *r);

/* Number of industries of the result. */
size_t cylch_io_result_n(const cylch_io_result *r);

/* 1 when the result has Type II measures (households row and column given). */
int cylch_io_result_has_type2(const cylch_io_result *r);

/* Measure m of industry j (0 <= j < n) of the given type. Returns 1 and
 * stores the value in *v when it has one; returns 0 (and leaves *v alone)
 * when it has none: a multiplier whose direct coefficient is zero, a measure
 * whose row (households, gva, employment) the table lacks, or any Type II
 * measure without Type II. A stored value is always finite. */
int cylch_io_result_get(const cylch_io_result *r, cylch_io_type type,
                        cylch_io_measure m, size_t j, double *v);

/* The column name of a measure in multipliers.csv: "type1_output_m",
 * "type2_gva_m", ...; a static string, never NULL ("" out of range). */
const char *cylch_io_measure_name(cylch_io_type type, cylch_io_measure m);

/* Form the full Leontief inverse of the given type into out, which the caller
 * allocates: n x n for Type I, (n+1) x (n+1) for Type II (households last).
 * out[i][j] is the output of i (income, for the households row) needed per
 * unit of final demand for j. Errors: CYLCH_EINPUT if out has the wrong size
 * or Type II is not available; CYLCH_EINTERNAL if GSL fails. */
int cylch_io_result_leontief(const cylch_io_result *r, cylch_io_type type,
                             gsl_matrix *out, cylch_error *err);

/* Write multipliers.csv to the open stream f: the header
 * industry,type1_output_m,...,type1_gva_m,type2_output_m,...,type2_gva_m
 * (cylch_io_measure_name order), then one row per industry of t (r must be
 * the result of solving t): its label, then each measure; a measure with no
 * value is an empty cell, never NaN. Returns CYLCH_OK, CYLCH_EINPUT if r does
 * not belong to t, or CYLCH_EIO on a write error (err says which). The caller
 * owns f and closes it. */
int cylch_io_write_multipliers(FILE *f, const cylch_iotable *t,
                               const cylch_io_result *r, cylch_error *err);

/* Write leontief.csv (type CYLCH_IO_TYPE1) or its Type II counterpart
 * (CYLCH_IO_TYPE2, with a last row and column `households`) to f: a header
 * `industry` + one column per industry, then one row per industry: its label
 * and row i of the inverse. Each row is one LU solve; the inverse is never
 * held whole. Returns CYLCH_OK, CYLCH_EINPUT (r not from t, or Type II not
 * available), CYLCH_EIO, CYLCH_ENOMEM or CYLCH_EINTERNAL. */
int cylch_io_write_leontief(FILE *f, const cylch_iotable *t,
                            const cylch_io_result *r, cylch_io_type type,
                            cylch_error *err);

#endif /* CYLCH_IOTABLE_H */
