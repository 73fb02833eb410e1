/* cylch — input-output tables: reading the wide CSV, Type I and Type II
 * Leontief multipliers and effects, and writing multipliers.csv and
 * leontief.csv. Definitions in include/cylch/iotable.h. */
#include "cylch/core/iotable.h"
#include "cylch/io/lang.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>

#include "cylch/io/limits.h"
#include "cylch/io/text.h"

#define NTYPES 2
#define HOUSEHOLDS "households"

struct cylch_io_result {
    size_t n;
    int has_type2;
    double *value;          /* [type][measure][j], NTYPES * CYLCH_IO_NMEASURES * n */
    unsigned char *has;     /* same layout: 1 where value holds a value */
    gsl_matrix *lu[NTYPES]; /* LU factors of (I - A)^T; lu[1] NULL without Type II */
    gsl_permutation *perm[NTYPES];
};

static const char *const measure_names[NTYPES][CYLCH_IO_NMEASURES] = {
    {"type1_output_m", "type1_income_e", "type1_employment_e", "type1_gva_e",
     "type1_income_m", "type1_employment_m", "type1_gva_m"},
    {"type2_output_m", "type2_income_e", "type2_employment_e", "type2_gva_e",
     "type2_income_m", "type2_employment_m", "type2_gva_m"},
};

/* ---------------------------------------------------------------- reading */

/* Whether a cell must hold a number, and which signs it may have. */
enum cell_rule { CELL_REQUIRED_NONNEG, CELL_NONNEG, CELL_ANY };

/* Parse the cell in column col of row. An empty cell is 0 unless the rule
 * requires a value. Returns CYLCH_OK and stores the value, or CYLCH_EINPUT
 * with a message naming file, line, column and row. */
static int get_cell(const cylch_csv_table *csv, const cylch_csv_row *row, size_t col,
                    enum cell_rule rule, double *v, cylch_error *err)
{
    const char *s = cylch_csv_get(row, col);
    const char *colname = csv->header.field[col];
    const char *rowname = cylch_csv_get(row, 0);
    if (cylch_text_blank(s)) {
        if (rule == CELL_REQUIRED_NONNEG)
            return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                                  "column '%s' of row '%s' is empty; it needs a number",
                                  colname, rowname);
        *v = 0.0;
        return CYLCH_OK;
    }
    if (!cylch_parse_double(s, v))
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                              "column '%s' of row '%s' holds '%s', which is not a finite number",
                              colname, rowname, s);
    if (rule != CELL_ANY && *v < 0.0)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                              "column '%s' of row '%s' is %g; it cannot be negative",
                              colname, rowname, *v);
    if (fabs(*v) > CYLCH_VALUE_MAX)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                              "column '%s' of row '%s' is %g; cylch takes numbers of up to %s",
                              colname, rowname, *v, _(CYLCH_VALUE_MAX_TEXT));
    return CYLCH_OK;
}

static int is_special_column(const char *h)
{
    return strcmp(h, HOUSEHOLDS) == 0 || strcmp(h, "final_demand") == 0 ||
           strcmp(h, "total_output") == 0;
}

void cylch_iotable_free(cylch_iotable *t)
{
    if (!t)
        return;
    cylch_text_list_free(t->name, t->n);
    free(t->line);
    free(t->path);
    gsl_matrix_free(t->z);
    gsl_vector_free(t->x);
    gsl_vector_free(t->final_demand);
    gsl_vector_free(t->hh_cons);
    gsl_vector_free(t->hh_wages);
    gsl_vector_free(t->gva);
    gsl_vector_free(t->employment);
    free(t);
}

/* Read the header: the industry columns (1..n) and where the households,
 * final_demand and total_output columns are (-1 when absent). */
static int read_header(const cylch_csv_table *csv, size_t *n, long *c_hh, long *c_fd,
                       long *c_to, cylch_error *err)
{
    const cylch_csv_row *h = &csv->header;
    size_t j, count;
    *c_hh = *c_fd = *c_to = -1;
    /* Count the industries first: their number bounds the work and the memory
     * (an n x n matrix), so it is checked before anything else. */
    for (count = 0; count + 1 < h->n && !is_special_column(h->field[count + 1]); count++)
        ;
    if (count > CYLCH_IO_INDUSTRIES_MAX)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, h->line,
                              "the header names %zu industry columns; cylch takes tables of up to "
                              "%d industries", count, CYLCH_IO_INDUSTRIES_MAX);
    if (count > csv->nrows)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path,
                              csv->nrows ? csv->row[csv->nrows - 1].line : h->line,
                              "the table ends after %zu industry rows but has %zu industry columns; "
                              "the row for '%s' is missing", csv->nrows, count,
                              h->field[csv->nrows + 1]);
    for (j = 1; j < h->n && !is_special_column(h->field[j]); j++) {
        if (h->field[j][0] == '\0')
            return cylch_error_at(err, CYLCH_EINPUT, csv->path, h->line,
                                  "column %zu of the header has no name; each industry column needs one",
                                  j + 1);
        for (size_t k = 1; k < j; k++)
            if (strcmp(h->field[k], h->field[j]) == 0)
                return cylch_error_at(err, CYLCH_EINPUT, csv->path, h->line,
                                      "industry column '%s' appears twice", h->field[j]);
    }
    *n = j - 1;
    for (; j < h->n; j++) {
        long *slot = strcmp(h->field[j], HOUSEHOLDS) == 0 ? c_hh
                   : strcmp(h->field[j], "final_demand") == 0 ? c_fd
                   : strcmp(h->field[j], "total_output") == 0 ? c_to : NULL;
        if (!slot)
            return cylch_error_at(err, CYLCH_EINPUT, csv->path, h->line,
                                  "column '%s' comes after the industry columns; only households, "
                                  "final_demand and total_output may follow them", h->field[j]);
        if (*slot >= 0)
            return cylch_error_at(err, CYLCH_EINPUT, csv->path, h->line,
                                  "column '%s' appears twice", h->field[j]);
        *slot = (long)j;
    }
    if (*c_to < 0)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, h->line,
                              "the table has no total_output column; it must follow the industry "
                              "columns (and the optional households and final_demand columns)");
    if (*n == 0)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, h->line,
                              "the table has no industry columns: after the row-label column "
                              "come one column per industry, then total_output");
    return CYLCH_OK;
}

/* Allocate a vector of n zeros into *v. */
static int new_vector(gsl_vector **v, size_t n)
{
    *v = gsl_vector_calloc(n);
    return *v ? CYLCH_OK : CYLCH_ENOMEM;
}

/* An industry with no output can have no inputs, sales, wages, value added
 * or jobs: report the first cell that says otherwise. */
static int check_zero_output(const cylch_iotable *t, const cylch_csv_table *csv,
                             const long extra_line[3], cylch_error *err)
{
    for (size_t j = 0; j < t->n; j++) {
        const char *what = NULL, *where = NULL;
        long line = 0;
        double v = 0.0;
        if (gsl_vector_get(t->x, j) != 0.0)
            continue;
        for (size_t i = 0; i < t->n && !what; i++) {
            if ((v = gsl_matrix_get(t->z, i, j)) != 0.0) {
                what = t->name[i]; where = t->name[j]; line = t->line[i];
            } else if ((v = gsl_matrix_get(t->z, j, i)) != 0.0) {
                what = t->name[j]; where = t->name[i]; line = t->line[j];
            }
        }
        if (!what && t->hh_cons && (v = gsl_vector_get(t->hh_cons, j)) != 0.0) {
            what = t->name[j]; where = HOUSEHOLDS; line = t->line[j];
        }
        if (!what && t->final_demand && (v = gsl_vector_get(t->final_demand, j)) != 0.0) {
            what = t->name[j]; where = "final_demand"; line = t->line[j];
        }
        if (!what && t->hh_wages && (v = gsl_vector_get(t->hh_wages, j)) != 0.0) {
            what = HOUSEHOLDS; where = t->name[j]; line = extra_line[0];
        }
        if (!what && t->gva && (v = gsl_vector_get(t->gva, j)) != 0.0) {
            what = "gva"; where = t->name[j]; line = extra_line[1];
        }
        if (!what && t->employment && (v = gsl_vector_get(t->employment, j)) != 0.0) {
            what = "employment"; where = t->name[j]; line = extra_line[2];
        }
        if (what)
            return cylch_error_at(err, CYLCH_EINPUT, csv->path, line,
                                  "'%s' has a total_output of 0, but column '%s' of row '%s' is %g; "
                                  "an industry with no output can neither buy, sell, pay wages, "
                                  "add value nor employ", t->name[j], where, what, v);
    }
    return CYLCH_OK;
}

/* Where the households, final_demand and total_output columns are (-1 when absent). */
typedef struct io_cols {
    long hh, fd, to;
} io_cols;

/* The rows that may follow the industry rows, each at most once. */
static const char *const extra_names[3] = {HOUSEHOLDS, "gva", "employment"};

/* A table of n industries named by the header, with room for its figures; NULL
 * when out of memory. */
static cylch_iotable *table_new(const cylch_csv_table *csv, size_t n, const io_cols *c)
{
    cylch_iotable *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->n = n;
    t->path = strdup(csv->path);
    t->name = calloc(n, sizeof *t->name);
    t->line = calloc(n, sizeof *t->line);
    t->z = gsl_matrix_calloc(n, n);
    if (!t->path || !t->name || !t->line || !t->z || new_vector(&t->x, n) ||
        (c->fd >= 0 && new_vector(&t->final_demand, n)) ||
        (c->hh >= 0 && new_vector(&t->hh_cons, n))) {
        cylch_iotable_free(t);
        return NULL;
    }
    for (size_t j = 0; j < n; j++)
        if (!(t->name[j] = strdup(csv->header.field[j + 1]))) {
            cylch_iotable_free(t);
            return NULL;
        }
    return t;
}

/* Industry row r: labelled as its column; its purchases from every industry (a row
 * of z), households' purchases, final demand and total output. */
static int read_industry_row(cylch_iotable *t, const cylch_csv_table *csv, size_t r,
                             const io_cols *c, cylch_error *err)
{
    const cylch_csv_row *row = &csv->row[r];
    const char *label = cylch_csv_get(row, 0);
    double v;
    int rc;
    if (!cylch_text_is(label, t->name[r]))
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                              "row %zu is labelled '%s' but industry column %zu is '%s'; the "
                              "industry rows must have the labels and order of the industry columns",
                              r + 1, label, r + 1, t->name[r]);
    t->line[r] = row->line;
    for (size_t j = 0; j < t->n; j++) {
        if ((rc = get_cell(csv, row, j + 1, CELL_NONNEG, &v, err)) != CYLCH_OK)
            return rc;
        gsl_matrix_set(t->z, r, j, v);
    }
    if (c->hh >= 0) {
        if ((rc = get_cell(csv, row, (size_t)c->hh, CELL_NONNEG, &v, err)) != CYLCH_OK)
            return rc;
        gsl_vector_set(t->hh_cons, r, v);
    }
    if (c->fd >= 0) {
        if ((rc = get_cell(csv, row, (size_t)c->fd, CELL_ANY, &v, err)) != CYLCH_OK)
            return rc;
        gsl_vector_set(t->final_demand, r, v);
    }
    if ((rc = get_cell(csv, row, (size_t)c->to, CELL_REQUIRED_NONNEG, &v, err)) != CYLCH_OK)
        return rc;
    gsl_vector_set(t->x, r, v);
    return CYLCH_OK;
}

/* A row after the industry rows: households (wages, and household income), gva or
 * employment, each at most once (extra_line[k]: the line of the one read, 0 before). */
static int read_extra_row(cylch_iotable *t, const cylch_csv_table *csv, const cylch_csv_row *row,
                          const io_cols *c, long extra_line[3], cylch_error *err)
{
    const char *label = cylch_csv_get(row, 0);
    size_t k, n = t->n;
    gsl_vector **dest;
    double v, sum = 0.0, total = 0.0;
    int rc;
    for (k = 0; k < 3 && !cylch_text_is(label, extra_names[k]); k++)
        ;
    if (k == 3)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                              "row '%s' follows the %zu industry rows; only households, gva "
                              "and employment rows may follow them", label, n);
    if (extra_line[k])
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                              "a second '%s' row (the first is on line %ld)",
                              extra_names[k], extra_line[k]);
    extra_line[k] = row->line;
    dest = k == 0 ? &t->hh_wages : k == 1 ? &t->gva : &t->employment;
    if (new_vector(dest, n))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", csv->path);
    for (size_t j = 0; j < n; j++) {
        if ((rc = get_cell(csv, row, j + 1, k == 1 ? CELL_ANY : CELL_NONNEG, &v, err)))
            return rc;
        gsl_vector_set(*dest, j, v);
        sum += v;
    }
    /* The other cells matter only for households; elsewhere they may
     * be empty or numbers, but not text. */
    if (c->hh >= 0) {
        if ((rc = get_cell(csv, row, (size_t)c->hh, k == 0 ? CELL_NONNEG : CELL_ANY, &v, err)))
            return rc;
        if (k == 0)
            t->hh_self = v;
        sum += v;
    }
    if (c->fd >= 0) {
        if ((rc = get_cell(csv, row, (size_t)c->fd, CELL_ANY, &v, err)))
            return rc;
        sum += v;
    }
    if ((rc = get_cell(csv, row, (size_t)c->to, k == 0 ? CELL_NONNEG : CELL_ANY, &total, err)))
        return rc;
    if (k == 0) {
        /* Household income: the total_output cell when given, else the row's sum. */
        t->hh_income = cylch_text_blank(cylch_csv_get(row, (size_t)c->to)) ? sum : total;
        if (!(t->hh_income > 0.0) && c->hh >= 0)
            return cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                                  "household income (column total_output of row 'households', "
                                  "or else the row's sum) is %g; it must be above 0 to share "
                                  "out household spending", t->hh_income);
    }
    return CYLCH_OK;
}

int cylch_iotable_from_csv(const cylch_csv_table *csv, cylch_iotable **out,
                           cylch_error *err)
{
    cylch_iotable *t = NULL;
    size_t n = 0, ncol = csv->header.n;
    io_cols c;
    long extra_line[3] = {0, 0, 0};
    int rc;

    *out = NULL;
    if ((rc = read_header(csv, &n, &c.hh, &c.fd, &c.to, err)) != CYLCH_OK)
        return rc;
    if (!(t = table_new(csv, n, &c)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", csv->path);
    for (size_t r = 0; r < csv->nrows && rc == CYLCH_OK; r++) {
        const cylch_csv_row *row = &csv->row[r];
        if (row->n != ncol)
            rc = cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                                "row '%s' has %zu cells but the header has %zu columns",
                                cylch_csv_get(row, 0), row->n, ncol);
        else if (r < n)
            rc = read_industry_row(t, csv, r, &c, err);
        else
            rc = read_extra_row(t, csv, row, &c, extra_line, err);
    }
    if (rc == CYLCH_OK && csv->nrows < n)
        rc = cylch_error_at(err, CYLCH_EINPUT, csv->path,
                            csv->nrows ? csv->row[csv->nrows - 1].line : csv->header.line,
                            "the table ends after %zu industry rows but has %zu industry columns; "
                            "the row for '%s' is missing", csv->nrows, n, t->name[csv->nrows]);
    if (rc == CYLCH_OK)
        rc = check_zero_output(t, csv, extra_line, err);
    if (rc != CYLCH_OK) {
        cylch_iotable_free(t);
        return rc;
    }
    *out = t;
    return CYLCH_OK;
}

int cylch_iotable_read(const char *path, cylch_iotable **out, cylch_error *err)
{
    cylch_csv_table *csv = NULL;
    int rc;
    *out = NULL;
    rc = cylch_csv_read(path, &csv, err);
    if (rc == CYLCH_OK)
        rc = cylch_iotable_from_csv(csv, out, err);
    cylch_csv_table_free(csv);
    return rc;
}

/* ---------------------------------------------------------------- solving */

void cylch_io_result_free(cylch_io_result *r)
{
    if (!r)
        return;
    for (int k = 0; k < NTYPES; k++) {
        gsl_matrix_free(r->lu[k]);
        gsl_permutation_free(r->perm[k]);
    }
    free(r->value);
    free(r->has);
    free(r);
}

static size_t slot(size_t n, int type, int m, size_t j)
{
    return ((size_t)type * CYLCH_IO_NMEASURES + (size_t)m) * n + j;
}

/* Fill a with the coefficient matrix of the given type: a[i][j] = flow from
 * i to j per unit of j's output (households last for Type II); a column of a
 * zero-output industry is zero. */
static void fill_coefficients(const cylch_iotable *t, int type, gsl_matrix *a)
{
    size_t n = t->n;
    gsl_matrix_set_zero(a);
    for (size_t j = 0; j < n; j++) {
        double xj = gsl_vector_get(t->x, j);
        if (xj == 0.0)
            continue;
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(a, i, j, gsl_matrix_get(t->z, i, j) / xj);
        if (type == CYLCH_IO_TYPE2)
            gsl_matrix_set(a, n, j, gsl_vector_get(t->hh_wages, j) / xj);
    }
    if (type == CYLCH_IO_TYPE2) {
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(a, i, n, gsl_vector_get(t->hh_cons, i) / t->hh_income);
        gsl_matrix_set(a, n, n, t->hh_self / t->hh_income);
    }
}

int cylch_iotable_coefficients(const cylch_iotable *t, int type2, gsl_matrix **out,
                               cylch_error *err)
{
    size_t m = type2 ? t->n + 1 : t->n;
    *out = NULL;
    if (type2 && !(t->hh_wages && t->hh_cons && t->hh_income > 0.0))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%s has no Type II coefficients: it needs a households row and column",
                               t->path);
    if (!(*out = gsl_matrix_alloc(m, m)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    fill_coefficients(t, type2 ? CYLCH_IO_TYPE2 : CYLCH_IO_TYPE1, *out);
    return CYLCH_OK;
}

/* The error for a table without a finite, non-negative inverse: name the
 * buyer (industry or households) that spends the most inside the table per
 * unit of its own output or income. */
static int no_finite_inverse(const cylch_iotable *t, const gsl_matrix *a, cylch_error *err)
{
    size_t m = a->size2, worst = 0;
    double worst_sum = -1.0;
    for (size_t j = 0; j < m; j++) {
        double s = 0.0;
        for (size_t i = 0; i < m; i++)
            s += gsl_matrix_get(a, i, j);
        if (s > worst_sum) {
            worst_sum = s;
            worst = j;
        }
    }
    return cylch_error_at(err, CYLCH_EMODEL, t->path, 0,
                          "the multipliers are not finite: the industries (and households) in the "
                          "table buy too much from one another; '%s' spends %.4g inside the table "
                          "per unit of its %s, and nothing can leak out if that reaches 1",
                          worst < t->n ? t->name[worst] : HOUSEHOLDS, worst_sum,
                          worst < t->n ? _("output") : _("income"));
}

/* Solve one type: factorise (I - A)^T, then y = L^T k for k = 1 (output
 * multipliers) and each coefficient row; store effects and multipliers. */
static int solve_type(const cylch_iotable *t, cylch_io_result *r, int type,
                      gsl_matrix *a, gsl_vector *k, gsl_vector *y, cylch_error *err)
{
    size_t n = t->n, m = a->size1;
    const gsl_vector *rows[3] = {t->hh_wages, t->employment, t->gva};
    const int effect_of[3] = {CYLCH_IO_INCOME_E, CYLCH_IO_EMPLOYMENT_E, CYLCH_IO_GVA_E};
    gsl_matrix *lu = r->lu[type];
    gsl_permutation *p = r->perm[type];
    int signum, rc;

    fill_coefficients(t, type, a);
    /* lu = (I - A)^T, so that solving with lu gives L^T k, i.e. k . L e_j. */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(lu, i, j, (i == j) - gsl_matrix_get(a, j, i));
    if (gsl_linalg_LU_decomp(lu, p, &signum) != GSL_SUCCESS)
        return cylch_error_set(err, CYLCH_EINTERNAL, "LU factorisation of %s failed", t->path);

    /* A is non-negative, so (I - A)^-1 is finite and non-negative exactly when
     * L^T 1 is positive (Collatz-Wielandt: A^T y = y - 1 < y for a y > 0
     * bounds the spectral radius of A below 1). */
    gsl_vector_set_all(k, 1.0);
    rc = gsl_linalg_LU_solve(lu, p, k, y);
    if (rc == GSL_EDOM || rc == GSL_ESING)
        return no_finite_inverse(t, a, err);
    if (rc != GSL_SUCCESS)
        return cylch_error_set(err, CYLCH_EINTERNAL, "LU solve for %s failed: %s", t->path,
                               gsl_strerror(rc));
    for (size_t j = 0; j < m; j++)
        if (!(gsl_vector_get(y, j) > 0.0) || !isfinite(gsl_vector_get(y, j)))
            return no_finite_inverse(t, a, err);

    /* Output multipliers: the industry rows only (households excluded). */
    if (type == CYLCH_IO_TYPE2) {
        gsl_vector_set(k, n, 0.0);
        if ((rc = gsl_linalg_LU_solve(lu, p, k, y)) != GSL_SUCCESS)
            return cylch_error_set(err, CYLCH_EINTERNAL, "LU solve for %s failed: %s", t->path,
                                   gsl_strerror(rc));
    }
    for (size_t j = 0; j < n; j++) {
        r->value[slot(n, type, CYLCH_IO_OUTPUT_M, j)] = gsl_vector_get(y, j);
        r->has[slot(n, type, CYLCH_IO_OUTPUT_M, j)] = 1;
    }

    for (int q = 0; q < 3; q++) {
        int me = effect_of[q], mm = me + (CYLCH_IO_INCOME_M - CYLCH_IO_INCOME_E);
        if (!rows[q])
            continue;
        for (size_t j = 0; j < n; j++) {
            double xj = gsl_vector_get(t->x, j);
            gsl_vector_set(k, j, xj == 0.0 ? 0.0 : gsl_vector_get(rows[q], j) / xj);
        }
        /* Households' own row entry: income they pay themselves; no GVA or jobs. */
        if (type == CYLCH_IO_TYPE2)
            gsl_vector_set(k, n, q == 0 ? gsl_matrix_get(a, n, n) : 0.0);
        if ((rc = gsl_linalg_LU_solve(lu, p, k, y)) != GSL_SUCCESS)
            return cylch_error_set(err, CYLCH_EINTERNAL, "LU solve for %s failed: %s", t->path,
                                   gsl_strerror(rc));
        for (size_t j = 0; j < n; j++) {
            double e = gsl_vector_get(y, j), direct = gsl_vector_get(k, j);
            if (!isfinite(e))
                return no_finite_inverse(t, a, err);
            r->value[slot(n, type, me, j)] = e;
            r->has[slot(n, type, me, j)] = 1;
            if (gsl_vector_get(t->x, j) == 0.0) {
                /* No output, no coefficients: nothing beyond the direct effect. */
                r->value[slot(n, type, mm, j)] = 1.0;
                r->has[slot(n, type, mm, j)] = 1;
            } else if (direct != 0.0) {
                static const char *const row_names[3] = {HOUSEHOLDS, "employment", "gva"};
                if (!isfinite(e / direct))
                    return cylch_error_at(err, CYLCH_EINPUT, t->path, t->line[j],
                                          "the %s multiplier of '%s' is not a finite number: its "
                                          "direct coefficient (row '%s' over total_output) is %g, "
                                          "too close to 0 to divide by; check that row's value "
                                          "for '%s'", row_names[q], t->name[j], row_names[q],
                                          direct, t->name[j]);
                r->value[slot(n, type, mm, j)] = e / direct;
                r->has[slot(n, type, mm, j)] = 1;
            }
        }
    }
    return CYLCH_OK;
}

int cylch_iotable_solve(const cylch_iotable *t, cylch_io_result **out, cylch_error *err)
{
    cylch_io_result *r = NULL;
    gsl_matrix *a = NULL;
    gsl_vector *k = NULL, *y = NULL;
    size_t n = t->n, nv = NTYPES * CYLCH_IO_NMEASURES * n;
    int rc = CYLCH_OK;

    *out = NULL;
    r = calloc(1, sizeof *r);
    if (!r)
        goto nomem;
    r->n = n;
    r->has_type2 = t->hh_wages && t->hh_cons && t->hh_income > 0.0;
    r->value = calloc(nv, sizeof *r->value);
    r->has = calloc(nv, sizeof *r->has);
    if (!r->value || !r->has)
        goto nomem;
    for (int type = 0; type < NTYPES; type++) {
        size_t m = type == CYLCH_IO_TYPE1 ? n : n + 1;
        if (type == CYLCH_IO_TYPE2 && !r->has_type2)
            break;
        a = gsl_matrix_alloc(m, m);
        k = gsl_vector_alloc(m);
        y = gsl_vector_alloc(m);
        r->lu[type] = gsl_matrix_alloc(m, m);
        r->perm[type] = gsl_permutation_alloc(m);
        if (!a || !k || !y || !r->lu[type] || !r->perm[type])
            goto nomem;
        rc = solve_type(t, r, type, a, k, y, err);
        gsl_matrix_free(a);
        gsl_vector_free(k);
        gsl_vector_free(y);
        a = NULL;
        k = y = NULL;
        if (rc != CYLCH_OK)
            goto fail;
    }
    *out = r;
    return CYLCH_OK;

nomem:
    rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory solving %s", t->path);
fail:
    gsl_matrix_free(a);
    gsl_vector_free(k);
    gsl_vector_free(y);
    cylch_io_result_free(r);
    return rc;
}

size_t cylch_io_result_n(const cylch_io_result *r)
{
    return r->n;
}

int cylch_io_result_has_type2(const cylch_io_result *r)
{
    return r->has_type2;
}

int cylch_io_result_get(const cylch_io_result *r, cylch_io_type type,
                        cylch_io_measure m, size_t j, double *v)
{
    size_t s;
    if ((int)type < 0 || (int)type >= NTYPES || (int)m < 0 || m >= CYLCH_IO_NMEASURES || j >= r->n)
        return 0;
    s = slot(r->n, (int)type, (int)m, j);
    if (!r->has[s])
        return 0;
    *v = r->value[s];
    return 1;
}

const char *cylch_io_measure_name(cylch_io_type type, cylch_io_measure m)
{
    if ((int)type < 0 || (int)type >= NTYPES || (int)m < 0 || m >= CYLCH_IO_NMEASURES)
        return "";
    return measure_names[type][m];
}

/* The factorisation of a type, or an error when the result has none. */
static int factors(const cylch_io_result *r, cylch_io_type type, const gsl_matrix **lu,
                   const gsl_permutation **p, cylch_error *err)
{
    if ((int)type < 0 || (int)type >= NTYPES || !r->lu[type])
        return cylch_error_set(err, CYLCH_EINPUT,
                               "there is no Type II Leontief inverse: the table needs both a "
                               "households row and a households column");
    *lu = r->lu[type];
    *p = r->perm[type];
    return CYLCH_OK;
}

int cylch_io_result_leontief(const cylch_io_result *r, cylch_io_type type,
                             gsl_matrix *out, cylch_error *err)
{
    const gsl_matrix *lu = NULL;
    const gsl_permutation *p = NULL;
    int rc = factors(r, type, &lu, &p, err);
    if (rc != CYLCH_OK)
        return rc;
    if (out->size1 != lu->size1 || out->size2 != lu->size2)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "the Leontief inverse is %zu x %zu, not %zu x %zu",
                               lu->size1, lu->size2, out->size1, out->size2);
    /* The factors are of (I - A)^T: invert, then transpose back. */
    if ((rc = gsl_linalg_LU_invert(lu, p, out)) != GSL_SUCCESS ||
        (rc = gsl_matrix_transpose(out)) != GSL_SUCCESS)
        return cylch_error_set(err, CYLCH_EINTERNAL, "inverting the Leontief matrix failed: %s",
                               gsl_strerror(rc));
    return CYLCH_OK;
}

/* ---------------------------------------------------------------- writing */

static int write_failed(cylch_error *err, const char *what)
{
    return cylch_error_set(err, CYLCH_EIO, "could not write %s: %s", what, cylch_errno_text(errno));
}

static int check_pair(const cylch_iotable *t, const cylch_io_result *r, cylch_error *err)
{
    if (r->n != t->n)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "the result has %zu industries but the table %s has %zu",
                               r->n, t->path, t->n);
    return CYLCH_OK;
}

int cylch_io_write_multipliers(FILE *f, const cylch_iotable *t,
                               const cylch_io_result *r, cylch_error *err)
{
    int bad, rc = check_pair(t, r, err);
    if (rc != CYLCH_OK)
        return rc;
    bad = cylch_csv_put(f, "industry", 1);
    for (int type = 0; type < NTYPES; type++)
        for (int m = 0; m < CYLCH_IO_NMEASURES; m++)
            bad |= cylch_csv_put(f, measure_names[type][m], 0);
    bad |= cylch_csv_end(f);
    for (size_t j = 0; j < t->n && !bad; j++) {
        bad |= cylch_csv_put(f, t->name[j], 1);
        for (int type = 0; type < NTYPES; type++)
            for (int m = 0; m < CYLCH_IO_NMEASURES; m++) {
                size_t s = slot(r->n, type, m, j);
                bad |= r->has[s] ? cylch_csv_put_num(f, r->value[s], 0) : cylch_csv_put(f, "", 0);
            }
        bad |= cylch_csv_end(f);
    }
    if (bad || ferror(f))
        return write_failed(err, "the multipliers table");
    return CYLCH_OK;
}

int cylch_io_write_leontief(FILE *f, const cylch_iotable *t,
                            const cylch_io_result *r, cylch_io_type type,
                            cylch_error *err)
{
    const gsl_matrix *lu = NULL;
    const gsl_permutation *p = NULL;
    gsl_vector *e = NULL, *row = NULL;
    size_t m;
    int bad, rc = check_pair(t, r, err);
    if (rc == CYLCH_OK)
        rc = factors(r, type, &lu, &p, err);
    if (rc != CYLCH_OK)
        return rc;
    m = lu->size1;
    e = gsl_vector_calloc(m);
    row = gsl_vector_alloc(m);
    if (!e || !row) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory writing the Leontief inverse");
        goto done;
    }
    bad = cylch_csv_put(f, "industry", 1);
    for (size_t j = 0; j < m; j++)
        bad |= cylch_csv_put(f, j < t->n ? t->name[j] : HOUSEHOLDS, 0);
    bad |= cylch_csv_end(f);
    for (size_t i = 0; i < m && !bad; i++) {
        /* Row i of L = (I - A)^-1 is (I - A)^-T e_i: one solve with the factors. */
        gsl_vector_set_basis(e, i);
        if ((rc = gsl_linalg_LU_solve(lu, p, e, row)) != GSL_SUCCESS) {
            rc = cylch_error_set(err, CYLCH_EINTERNAL, "LU solve failed: %s", gsl_strerror(rc));
            goto done;
        }
        bad |= cylch_csv_put(f, i < t->n ? t->name[i] : HOUSEHOLDS, 1);
        for (size_t j = 0; j < m; j++)
            bad |= cylch_csv_put_num(f, gsl_vector_get(row, j), 0);
        bad |= cylch_csv_end(f);
    }
    rc = (bad || ferror(f)) ? write_failed(err, "the Leontief inverse") : CYLCH_OK;
done:
    gsl_vector_free(e);
    gsl_vector_free(row);
    return rc;
}
