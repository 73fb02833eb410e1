/* Tests of the input-output table module (model/iotable.c): the Scottish
 * Government's published 2019 multipliers, Beutel's Table 15.4, Miller and
 * Blair's two-sector closed forms, zero-output industries, quoted labels
 * through the writers, and every kind of bad table. Expected numbers are read
 * from tests/oracles/ and data/, never copied here. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_blas.h>

#include "cylch/io/csvio.h"
#include "cylch/io/error.h"
#include "cylch/core/iotable.h"

#define SCOTLAND "data/scotland-2019/io-table.csv"
#define PUBLISHED "data/scotland-2019/published-multipliers.csv"
#define BEUTEL "tests/oracles/io/beutel-15-4.csv"
#define BEUTEL_EXPECTED "tests/oracles/io/beutel-15-4.expected.csv"
#define ORACLES_README "tests/oracles/README.md"
#define IO_DATA "tests/data/io/"

/* ------------------------------------------------------------- helpers */

static cylch_iotable *read_ok(const char *path)
{
    cylch_iotable *t = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    int rc = cylch_iotable_read(path, &t, &err);
    if (rc != CYLCH_OK)
        fail_msg("%s: %s", path, err.msg);
    assert_non_null(t);
    return t;
}

static cylch_io_result *solve_ok(const cylch_iotable *t)
{
    cylch_io_result *r = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    int rc = cylch_iotable_solve(t, &r, &err);
    if (rc != CYLCH_OK)
        fail_msg("%s: %s", t->path, err.msg);
    assert_non_null(r);
    return r;
}

static cylch_csv_table *csv_ok(const char *path)
{
    cylch_csv_table *c = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_csv_read(path, &c, &err) != CYLCH_OK)
        fail_msg("%s", err.msg);
    return c;
}

static double get_value(const cylch_io_result *r, cylch_io_type type, cylch_io_measure m, size_t j)
{
    double v = NAN;
    if (!cylch_io_result_get(r, type, m, j, &v))
        fail_msg("measure %s of industry %zu has no value", cylch_io_measure_name(type, m), j);
    return v;
}

/* The measure whose column name is name, or -1 (type in *type). */
static int measure_of(const char *name, cylch_io_type *type)
{
    for (int k = 0; k < 2; k++)
        for (int m = 0; m < CYLCH_IO_NMEASURES; m++)
            if (strcmp(cylch_io_measure_name((cylch_io_type)k, (cylch_io_measure)m), name) == 0) {
                *type = (cylch_io_type)k;
                return m;
            }
    return -1;
}

static int is_multiplier(int m)
{
    return m == CYLCH_IO_INCOME_M || m == CYLCH_IO_EMPLOYMENT_M || m == CYLCH_IO_GVA_M;
}

/* The row of the table behind a multiplier measure (NULL for output). */
static const gsl_vector *direct_row(const cylch_iotable *t, int m)
{
    switch (m) {
    case CYLCH_IO_INCOME_E: case CYLCH_IO_INCOME_M: return t->hh_wages;
    case CYLCH_IO_EMPLOYMENT_E: case CYLCH_IO_EMPLOYMENT_M: return t->employment;
    case CYLCH_IO_GVA_E: case CYLCH_IO_GVA_M: return t->gva;
    default: return NULL;
    }
}

/* Write with a writer into memory, then parse it back as CSV. */
typedef int (*writer_fn)(FILE *f, const cylch_iotable *t, const cylch_io_result *r,
                         int type, cylch_error *err);

static int write_mult(FILE *f, const cylch_iotable *t, const cylch_io_result *r, int type,
                      cylch_error *err)
{
    (void)type;
    return cylch_io_write_multipliers(f, t, r, err);
}

static int write_leon(FILE *f, const cylch_iotable *t, const cylch_io_result *r, int type,
                      cylch_error *err)
{
    return cylch_io_write_leontief(f, t, r, (cylch_io_type)type, err);
}

static cylch_csv_table *write_and_parse(writer_fn w, const cylch_iotable *t,
                                        const cylch_io_result *r, int type, char **text)
{
    char *buf = NULL;
    size_t len = 0;
    cylch_error err;
    cylch_csv_table *c = NULL;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cylch_error_clear(&err);
    int rc = w(f, t, r, type, &err);
    if (rc != CYLCH_OK)
        fail_msg("writer: %s", err.msg);
    assert_int_equal(fclose(f), 0);
    if (cylch_csv_parse("written.csv", buf, len, &c, &err) != CYLCH_OK)
        fail_msg("reading back: %s", err.msg);
    if (text)
        *text = buf;
    else
        free(buf);
    return c;
}

/* A cell of a written file that holds a number. */
static double num(const cylch_csv_row *row, size_t j)
{
    double v;
    if (!cylch_parse_double(cylch_csv_get(row, j), &v))
        fail_msg("line %ld column %zu: '%s' is not a number", row->line, j, cylch_csv_get(row, j));
    return v;
}

/* (I - A) L - I for the type's coefficient matrix built here from the table. */
static double residual(const cylch_iotable *t, const gsl_matrix *l, int type2)
{
    size_t n = t->n, m = l->size1;
    gsl_matrix *ia = gsl_matrix_calloc(m, m), *prod = gsl_matrix_alloc(m, m);
    double worst = 0.0;
    for (size_t j = 0; j < n; j++) {
        double x = gsl_vector_get(t->x, j);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(ia, i, j, x == 0.0 ? 0.0 : -gsl_matrix_get(t->z, i, j) / x);
        if (type2) {
            gsl_matrix_set(ia, n, j, x == 0.0 ? 0.0 : -gsl_vector_get(t->hh_wages, j) / x);
            gsl_matrix_set(ia, j, n, -gsl_vector_get(t->hh_cons, j) / t->hh_income);
        }
    }
    if (type2)
        gsl_matrix_set(ia, n, n, -t->hh_self / t->hh_income);
    for (size_t i = 0; i < m; i++)
        gsl_matrix_set(ia, i, i, 1.0 + gsl_matrix_get(ia, i, i));
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, ia, l, 0.0, prod);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            worst = fmax(worst, fabs(gsl_matrix_get(prod, i, j) - (i == j)));
    gsl_matrix_free(ia);
    gsl_matrix_free(prod);
    return worst;
}

/* --------------------------------------------- Scotland 2019 (published) */

/* Compare one published cell with cylch's value. Published files write 0 for
 * a multiplier that has no value (Imputed rent has no wages and no jobs), and
 * 0 for the multipliers of the zero-output industry (Tobacco), where cylch
 * reports 1 (DESIGN.md §4). Counts both cases. */
static void compare_cell(const cylch_iotable *t, const cylch_io_result *r, size_t j,
                         cylch_io_type type, int m, const char *cell, double tol,
                         int *n_novalue, int *n_zero_output, double *worst)
{
    double ours, pub;
    int has = cylch_io_result_get(r, type, (cylch_io_measure)m, j, &ours);
    int pub_empty = cell[0] == '\0';
    if (!pub_empty && !cylch_parse_double(cell, &pub))
        fail_msg("published %s for '%s' is '%s'", cylch_io_measure_name(type, (cylch_io_measure)m),
                 t->name[j], cell);
    if (!has) {
        /* Only a multiplier whose direct coefficient is zero may lack a value. */
        const gsl_vector *row = direct_row(t, m);
        assert_true(is_multiplier(m));
        assert_non_null(row);
        assert_true(gsl_vector_get(row, j) == 0.0 && gsl_vector_get(t->x, j) > 0.0);
        assert_true(pub_empty || pub == 0.0);
        (*n_novalue)++;
        return;
    }
    assert_true(isfinite(ours));
    if (gsl_vector_get(t->x, j) == 0.0 && is_multiplier(m)) {
        assert_true(ours == 1.0);
        assert_true(pub_empty || pub == 0.0);
        (*n_zero_output)++;
        return;
    }
    assert_false(pub_empty);
    if (fabs(ours - pub) > tol)
        fail_msg("%s for '%s': cylch %.10g, published %.10g",
                 cylch_io_measure_name(type, (cylch_io_measure)m), t->name[j], ours, pub);
    *worst = fmax(*worst, fabs(ours - pub));
}

static void test_scotland_published(void **state)
{
    (void)state;
    cylch_iotable *t = read_ok(SCOTLAND);
    cylch_io_result *r = solve_ok(t);
    cylch_csv_table *pub = csv_ok(PUBLISHED);
    int n_novalue = 0, n_zero_output = 0, expect_novalue = 0, n_zero = 0, cells = 0;
    double worst = 0.0;

    assert_int_equal(t->n, 98);
    assert_int_equal(pub->nrows, t->n);
    assert_int_equal(pub->header.n, 1 + 2 * CYLCH_IO_NMEASURES);
    assert_true(cylch_io_result_has_type2(r));
    for (size_t i = 0; i < pub->nrows; i++) {
        const cylch_csv_row *row = &pub->row[i];
        assert_string_equal(cylch_csv_get(row, 0), t->name[i]);
        for (size_t c = 1; c < pub->header.n; c++) {
            cylch_io_type type = CYLCH_IO_TYPE1;
            int m = measure_of(pub->header.field[c], &type);
            if (m < 0)
                fail_msg("published column '%s' is not a cylch measure", pub->header.field[c]);
            compare_cell(t, r, i, type, m, cylch_csv_get(row, c), 1e-5,
                         &n_novalue, &n_zero_output, &worst);
            cells++;
        }
    }
    assert_int_equal(cells, 98 * 14);
    /* Each industry with output but no wages, jobs or GVA lacks 2 multipliers (Type I, II). */
    for (size_t j = 0; j < t->n; j++) {
        if (gsl_vector_get(t->x, j) == 0.0) {
            n_zero++;
            continue;
        }
        expect_novalue += 2 * ((gsl_vector_get(t->hh_wages, j) == 0.0) +
                               (gsl_vector_get(t->employment, j) == 0.0) +
                               (gsl_vector_get(t->gva, j) == 0.0));
    }
    assert_int_equal(n_zero, 1);               /* Tobacco */
    assert_int_equal(expect_novalue, 4);       /* Imputed rent: wages and jobs */
    assert_int_equal(n_novalue, expect_novalue);
    assert_int_equal(n_zero_output, 6 * n_zero);
    /* The README says recomputation reproduces the published values within 2.3e-6. */
    print_message("Scotland 2019: largest difference from the published values %.3g\n", worst);
    assert_true(worst < 2.5e-6);
    cylch_csv_table_free(pub);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
}

/* The written multipliers.csv has exactly the published header and industry
 * names (quoted commas included), the same numbers, and empty cells for the
 * multipliers without a value. */
static void test_scotland_writer(void **state)
{
    (void)state;
    cylch_iotable *t = read_ok(SCOTLAND);
    cylch_io_result *r = solve_ok(t);
    cylch_csv_table *pub = csv_ok(PUBLISHED);
    char *text = NULL;
    cylch_csv_table *w = write_and_parse(write_mult, t, r, 0, &text);
    int commas = 0, empties = 0;

    /* Every cell is a label, an empty cell or a finite number (num() is strict). */
    assert_int_equal(w->header.n, pub->header.n);
    for (size_t c = 0; c < pub->header.n; c++)
        assert_string_equal(w->header.field[c], pub->header.field[c]);
    assert_int_equal(w->nrows, pub->nrows);
    for (size_t i = 0; i < w->nrows; i++) {
        const cylch_csv_row *row = &w->row[i];
        assert_int_equal(row->n, pub->header.n);
        assert_string_equal(cylch_csv_get(row, 0), cylch_csv_get(&pub->row[i], 0));
        commas += strchr(cylch_csv_get(row, 0), ',') != NULL;
        for (size_t c = 1; c < row->n; c++) {
            cylch_io_type type = CYLCH_IO_TYPE1;
            int m = measure_of(w->header.field[c], &type);
            double v;
            assert_true(m >= 0);
            if (!cylch_io_result_get(r, type, (cylch_io_measure)m, i, &v)) {
                assert_string_equal(cylch_csv_get(row, c), "");
                empties++;
                continue;
            }
            assert_true(num(row, c) == v); /* written to round-trip exactly */
            if (!(gsl_vector_get(t->x, i) == 0.0 && is_multiplier(m)))
                assert_true(fabs(v - num(&pub->row[i], c)) <= 1e-5);
        }
    }
    assert_true(commas >= 10);
    assert_int_equal(empties, 4);
    free(text);
    cylch_csv_table_free(w);
    cylch_csv_table_free(pub);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
}

/* The inverses: residual (I - A) L - I, agreement of the solved multipliers
 * with the column sums of the full inverse, and leontief.csv. */
static void test_scotland_leontief(void **state)
{
    (void)state;
    cylch_iotable *t = read_ok(SCOTLAND);
    cylch_io_result *r = solve_ok(t);
    size_t n = t->n;
    cylch_error err;
    cylch_error_clear(&err);
    for (int type = 0; type < 2; type++) {
        size_t m = type ? n + 1 : n;
        gsl_matrix *l = gsl_matrix_alloc(m, m);
        cylch_csv_table *w;
        assert_int_equal(cylch_io_result_leontief(r, (cylch_io_type)type, l, &err), CYLCH_OK);
        assert_true(residual(t, l, type) < 1e-12);
        for (size_t j = 0; j < n; j++) {
            double s = 0.0, inc = 0.0;
            for (size_t i = 0; i < n; i++) {
                s += gsl_matrix_get(l, i, j);
                inc += gsl_vector_get(t->hh_wages, i) /
                       (gsl_vector_get(t->x, i) == 0.0 ? 1.0 : gsl_vector_get(t->x, i)) *
                       gsl_matrix_get(l, i, j);
                assert_true(gsl_matrix_get(l, i, j) >= (i == j) - 1e-12);
            }
            assert_true(fabs(s - get_value(r, (cylch_io_type)type, CYLCH_IO_OUTPUT_M, j)) < 1e-12);
            if (type == 1) /* the households row of L2 is the income effect */
                inc = gsl_matrix_get(l, n, j);
            assert_true(fabs(inc - get_value(r, (cylch_io_type)type, CYLCH_IO_INCOME_E, j)) < 1e-12);
        }
        w = write_and_parse(write_leon, t, r, type, NULL);
        assert_int_equal(w->header.n, m + 1);
        assert_int_equal(w->nrows, m);
        assert_string_equal(w->header.field[0], "industry");
        for (size_t i = 0; i < m; i++) {
            const char *name = i < n ? t->name[i] : "households";
            assert_string_equal(w->header.field[i + 1], name);
            assert_string_equal(cylch_csv_get(&w->row[i], 0), name);
            for (size_t j = 0; j < m; j++)
                assert_true(fabs(num(&w->row[i], j + 1) - gsl_matrix_get(l, i, j)) <= 1e-13);
        }
        cylch_csv_table_free(w);
        gsl_matrix_free(l);
    }
    cylch_io_result_free(r);
    cylch_iotable_free(t);
}

/* ------------------------------------------------------- Beutel 15.4 */

static void test_beutel(void **state)
{
    (void)state;
    cylch_iotable *t = read_ok(BEUTEL);
    cylch_io_result *r = solve_ok(t);
    cylch_csv_table *e = csv_ok(BEUTEL_EXPECTED);
    gsl_matrix *l = gsl_matrix_alloc(t->n, t->n);
    long c_diag = cylch_csv_column(e, "leontief_diag");
    long c_gva = cylch_csv_column(e, "type1_gva_e");
    long c_emp = cylch_csv_column(e, "type1_employment_e");
    const double tol = 5e-5 + 1e-12;
    int checked = 0;
    cylch_error err;
    cylch_error_clear(&err);

    assert_true(c_diag > 0 && c_gva > 0 && c_emp > 0);
    assert_int_equal(t->n, 6);
    assert_int_equal(e->nrows, t->n);
    assert_int_equal(cylch_io_result_leontief(r, CYLCH_IO_TYPE1, l, &err), CYLCH_OK);
    for (size_t i = 0; i < e->nrows; i++) {
        const cylch_csv_row *row = &e->row[i];
        const char *d = cylch_csv_get(row, (size_t)c_diag);
        assert_string_equal(cylch_csv_get(row, 0), t->name[i]);
        if (d[0]) {
            assert_true(fabs(gsl_matrix_get(l, i, i) - num(row, (size_t)c_diag)) <= tol);
            checked++;
        }
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_GVA_E, i) - num(row, (size_t)c_gva)) <= tol);
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_EMPLOYMENT_E, i) -
                         num(row, (size_t)c_emp)) <= tol);
        checked += 2;
    }
    assert_int_equal(checked, 3 + 2 * 6);
    /* The households row's total_output cell is empty: income is the row's sum. */
    {
        double s = t->hh_self;
        for (size_t j = 0; j < t->n; j++)
            s += gsl_vector_get(t->hh_wages, j);
        assert_true(t->hh_income == s);
    }
    gsl_matrix_free(l);
    cylch_csv_table_free(e);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
}

/* ------------------------------------------- Miller and Blair closed forms */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    return buf;
}

/* The text just after the first anchor found from s on. */
static const char *after(const char *s, const char *anchor)
{
    const char *p = strstr(s, anchor);
    if (!p)
        fail_msg("%s: cannot find '%s'", ORACLES_README, anchor);
    return p + strlen(anchor);
}

/* Parse the next count plain decimal numbers from s (anything else between
 * them, e.g. commas, brackets, '…', '/', is skipped); returns the text after. */
static const char *numbers(const char *s, size_t count, double *out)
{
    for (size_t k = 0; k < count; k++) {
        char *end;
        while (*s && !(*s >= '0' && *s <= '9'))
            s++;
        if (!*s)
            fail_msg("%s: ran out of numbers", ORACLES_README);
        out[k] = strtod(s, &end);
        s = end;
    }
    return s;
}

static void test_miller_blair(void **state)
{
    (void)state;
    char *md = slurp(ORACLES_README);
    const char *p = after(md, "Miller and Blair's two-sector example");
    double z[4], x[2], a[4], linv[4], mult[2], fd[2], need[2], a2[9], l2[10], ratio[2];
    cylch_iotable *t = read_ok(IO_DATA "miller-blair.csv");
    cylch_io_result *r = solve_ok(t);
    gsl_matrix *l = gsl_matrix_alloc(2, 2), *ll = gsl_matrix_alloc(3, 3);
    cylch_error err;
    cylch_error_clear(&err);

    numbers(after(p, "Z = [["), 4, z);
    numbers(after(p, "x = ("), 2, x);
    p = numbers(after(p, "A = [["), 4, a);
    p = numbers(after(p, "[["), 4, linv);            /* truncated to 6 places */
    numbers(after(p, "Type I output multipliers"), 2, mult);
    numbers(after(p, "new final demand ("), 2, fd);
    numbers(after(p, "needs output ("), 2, need);
    p = after(p, "closed for households");
    numbers(after(p, "A = [["), 9, a2);
    p = numbers(after(p, "(1/"), 10, l2);             /* denominator, then 9 entries */
    numbers(after(p, "Type I income multiplier ="), 2, ratio);

    /* The fixture is the README's table. */
    assert_int_equal(t->n, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_true(gsl_vector_get(t->x, i) == x[i]);
        for (size_t j = 0; j < 2; j++) {
            assert_true(gsl_matrix_get(t->z, i, j) == z[2 * i + j]);
            assert_true(fabs(gsl_matrix_get(t->z, i, j) / x[j] - a[2 * i + j]) < 1e-15);
            assert_true(fabs(a2[3 * i + j] - a[2 * i + j]) < 1e-15);
        }
        assert_true(fabs(gsl_vector_get(t->hh_wages, i) / x[i] - a2[6 + i]) < 1e-15);
        assert_true(fabs(gsl_vector_get(t->hh_cons, i) / t->hh_income - a2[3 * i + 2]) < 1e-15);
    }
    assert_true(fabs(t->hh_self / t->hh_income - a2[8]) < 1e-15);
    /* The households row's total_output cell (not its sum) is the income. */
    assert_true(t->hh_income == 1000.0);

    /* Type I. */
    assert_int_equal(cylch_io_result_leontief(r, CYLCH_IO_TYPE1, l, &err), CYLCH_OK);
    for (size_t i = 0; i < 2; i++) {
        double out = 0.0;
        for (size_t j = 0; j < 2; j++) {
            assert_true(fabs(gsl_matrix_get(l, i, j) - linv[2 * i + j]) < 1e-6);
            out += gsl_matrix_get(l, i, j) * fd[j];
        }
        assert_true(fabs(out - need[i]) <= 0.005 + 1e-9);
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, i) - mult[i]) <= 5e-7 + 1e-12);
    }
    assert_true(residual(t, l, 0) < 1e-14);

    /* Type II: the inverse is (1/4703) [[6420, ...]] with households last. */
    assert_int_equal(cylch_io_result_leontief(r, CYLCH_IO_TYPE2, ll, &err), CYLCH_OK);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            assert_true(fabs(gsl_matrix_get(ll, i, j) - l2[1 + 3 * i + j] / l2[0]) < 1e-12);
    for (size_t j = 0; j < 2; j++) {
        double i1 = get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_INCOME_M, j);
        double i2 = get_value(r, CYLCH_IO_TYPE2, CYLCH_IO_INCOME_M, j);
        /* Output multipliers sum the industry rows only; the income effect is the households row. */
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE2, CYLCH_IO_OUTPUT_M, j) -
                         (l2[1 + j] + l2[4 + j]) / l2[0]) < 1e-12);
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE2, CYLCH_IO_INCOME_E, j) - l2[7 + j] / l2[0]) < 1e-12);
        assert_true(fabs(i2 / i1 - ratio[0] / ratio[1]) < 1e-12);
        assert_true(fabs(i2 * a2[6 + j] - get_value(r, CYLCH_IO_TYPE2, CYLCH_IO_INCOME_E, j)) < 1e-12);
        /* No gva or employment rows: no such measures. */
        {
            double v;
            assert_false(cylch_io_result_get(r, CYLCH_IO_TYPE1, CYLCH_IO_GVA_E, j, &v));
            assert_false(cylch_io_result_get(r, CYLCH_IO_TYPE2, CYLCH_IO_EMPLOYMENT_M, j, &v));
        }
    }
    assert_true(residual(t, ll, 1) < 1e-14);

    gsl_matrix_free(l);
    gsl_matrix_free(ll);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
    free(md);
}

/* An empty total_output cell in the households row: income is the row's sum. */
static void test_household_income_row_sum(void **state)
{
    (void)state;
    static const char csv[] =
        "row,A,B,households,final_demand,total_output\n"
        "A,150,500,50,300,1000\n"
        "B,200,100,400,1300,2000\n"
        "households,300,500,50,7,\n";
    cylch_csv_table *c = NULL;
    cylch_iotable *t = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_csv_parse("mem.csv", csv, sizeof csv - 1, &c, &err), CYLCH_OK);
    assert_int_equal(cylch_iotable_from_csv(c, &t, &err), CYLCH_OK);
    assert_true(t->hh_income == 300.0 + 500.0 + 50.0 + 7.0);
    assert_true(t->hh_self == 50.0);
    cylch_iotable_free(t);
    cylch_csv_table_free(c);
}

/* ------------------------------------------------- zero output, labels */

static void test_zero_output(void **state)
{
    (void)state;
    cylch_iotable *t = read_ok(IO_DATA "zero-output.csv");
    cylch_io_result *r = solve_ok(t);
    size_t z = 1;
    assert_int_equal(t->n, 3);
    assert_string_equal(t->name[0], "Farming, fishing");
    assert_string_equal(t->name[2], "Shops, caf\xc3\xa9s and \"bars\"");
    assert_true(gsl_vector_get(t->x, z) == 0.0);
    assert_true(cylch_io_result_has_type2(r));
    for (int type = 0; type < 2; type++) {
        cylch_io_type ty = (cylch_io_type)type;
        assert_true(get_value(r, ty, CYLCH_IO_OUTPUT_M, z) == 1.0);
        assert_true(get_value(r, ty, CYLCH_IO_INCOME_E, z) == 0.0);
        assert_true(get_value(r, ty, CYLCH_IO_GVA_E, z) == 0.0);
        assert_true(get_value(r, ty, CYLCH_IO_EMPLOYMENT_E, z) == 0.0);
        assert_true(get_value(r, ty, CYLCH_IO_INCOME_M, z) == 1.0);
        assert_true(get_value(r, ty, CYLCH_IO_GVA_M, z) == 1.0);
        assert_true(get_value(r, ty, CYLCH_IO_EMPLOYMENT_M, z) == 1.0);
        /* The other industries neither buy from nor sell to it. */
        for (size_t j = 0; j < 3; j += 2)
            assert_true(get_value(r, ty, CYLCH_IO_OUTPUT_M, j) > 1.0);
    }
    /* Hand calculation, Type I: A = [[0.1, 0, 0.1], [0, 0, 0], [0.15, 0, 0.125]];
     * on {0, 2}: det = 0.9 * 0.875 - 0.1 * 0.15 = 0.7725, L = [[0.875, 0.1], [0.15, 0.9]] / det. */
    {
        double det = 0.9 * 0.875 - 0.1 * 0.15;
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, 0) - (0.875 + 0.15) / det) < 1e-14);
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, 2) - (0.1 + 0.9) / det) < 1e-14);
        /* income effect of industry 0: 0.3 * 0.875/det + 0.3 * 0.15/det */
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_INCOME_E, 0) -
                         (0.3 * 0.875 + 0.3 * 0.15) / det) < 1e-14);
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_INCOME_M, 0) -
                         (0.3 * 0.875 + 0.3 * 0.15) / det / 0.3) < 1e-14);
        assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_EMPLOYMENT_E, 2) -
                         (0.025 * 0.1 + 0.03 * 0.9) / det) < 1e-14);
    }
    cylch_io_result_free(r);
    cylch_iotable_free(t);
}

/* Labels with commas, quotes and UTF-8 come back unchanged from both writers. */
static void test_labels_round_trip(void **state)
{
    (void)state;
    cylch_iotable *t = read_ok(IO_DATA "zero-output.csv");
    cylch_io_result *r = solve_ok(t);
    char *text = NULL;
    cylch_csv_table *m = write_and_parse(write_mult, t, r, 0, &text);
    cylch_csv_table *l = write_and_parse(write_leon, t, r, 0, NULL);
    assert_non_null(strstr(text, "\"Farming, fishing\","));
    assert_non_null(strstr(text, "\"Shops, caf\xc3\xa9s and \"\"bars\"\"\","));
    assert_int_equal(m->nrows, t->n);
    assert_int_equal(l->nrows, t->n);
    for (size_t i = 0; i < t->n; i++) {
        assert_string_equal(cylch_csv_get(&m->row[i], 0), t->name[i]);
        assert_string_equal(cylch_csv_get(&l->row[i], 0), t->name[i]);
        assert_string_equal(l->header.field[i + 1], t->name[i]);
        assert_int_equal(m->row[i].n, 15);
    }
    /* Written tables read back as IO-table headers would: same labels. */
    free(text);
    cylch_csv_table_free(m);
    cylch_csv_table_free(l);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
}

/* Without a households column there is no Type II: empty cells, no inverse. */
static void test_type1_only(void **state)
{
    (void)state;
    static const char csv[] =
        "row,A,B,final_demand,total_output\n"
        "A,20,30,50,100\n"
        "B,10,40,150,200\n"
        "households,40,60,,\n";
    cylch_csv_table *c = NULL, *w;
    cylch_iotable *t = NULL;
    cylch_io_result *r;
    gsl_matrix *l = gsl_matrix_alloc(3, 3);
    FILE *f;
    double v;
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_csv_parse("mem.csv", csv, sizeof csv - 1, &c, &err), CYLCH_OK);
    assert_int_equal(cylch_iotable_from_csv(c, &t, &err), CYLCH_OK);
    r = solve_ok(t);
    assert_false(cylch_io_result_has_type2(r));
    assert_false(cylch_io_result_get(r, CYLCH_IO_TYPE2, CYLCH_IO_OUTPUT_M, 0, &v));
    assert_true(cylch_io_result_get(r, CYLCH_IO_TYPE1, CYLCH_IO_INCOME_M, 0, &v));
    assert_int_equal(cylch_io_result_leontief(r, CYLCH_IO_TYPE2, l, &err), CYLCH_EINPUT);
    f = tmpfile();
    assert_non_null(f);
    assert_int_equal(cylch_io_write_leontief(f, t, r, CYLCH_IO_TYPE2, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "households"));
    fclose(f);
    w = write_and_parse(write_mult, t, r, 0, NULL);
    for (size_t i = 0; i < 2; i++)
        for (size_t k = 1 + CYLCH_IO_NMEASURES; k < 1 + 2 * CYLCH_IO_NMEASURES; k++)
            assert_string_equal(cylch_csv_get(&w->row[i], k), "");
    cylch_csv_table_free(w);
    gsl_matrix_free(l);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
    cylch_csv_table_free(c);
}

/* The closed form of tests/oracles/README.md: A = [[0.2, 0.3], [0.4, 0.1]],
 * f = (1, 0) gives LM∞ = 1ᵀ(I − A)⁻¹f = 2.1666…, the Type I output multiplier
 * of the first industry. (Its rounds 1, 0.6, 0.28 need an agent buying from
 * itself, which the network model does not allow; the network model's own
 * closed forms, LM3 = 1 + p + p² and LM∞ = 1/(1 − p), are in test_model.c.) */
static void test_two_by_two_closed_form(void **state)
{
    static const char csv[] =
        "row,A,B,final_demand,total_output\n"
        "A,0.2,0.3,0.5,1\n"
        "B,0.4,0.1,0.5,1\n";
    cylch_csv_table *c = NULL;
    cylch_iotable *t = NULL;
    cylch_io_result *r;
    double v;
    cylch_error err;
    (void)state;
    cylch_error_clear(&err);
    assert_int_equal(cylch_csv_parse("two.csv", csv, sizeof csv - 1, &c, &err), CYLCH_OK);
    assert_int_equal(cylch_iotable_from_csv(c, &t, &err), CYLCH_OK);
    r = solve_ok(t);
    assert_true(cylch_io_result_get(r, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, 0, &v));
    assert_true(fabs(v - 13.0 / 6.0) <= 1e-12);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
    cylch_csv_table_free(c);
}

/* A column summing above 1 is allowed while the spectral radius is below 1. */
static void test_colsum_above_one(void **state)
{
    (void)state;
    static const char csv[] =
        "row,A,B,total_output\n"
        "A,60,0,100\n"
        "B,50,0,100\n";
    cylch_csv_table *c = NULL;
    cylch_iotable *t = NULL;
    cylch_io_result *r;
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_csv_parse("mem.csv", csv, sizeof csv - 1, &c, &err), CYLCH_OK);
    assert_int_equal(cylch_iotable_from_csv(c, &t, &err), CYLCH_OK);
    r = solve_ok(t);
    /* L = [[2.5, 0], [1.25, 1]] */
    assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, 0) - 3.75) < 1e-14);
    assert_true(fabs(get_value(r, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, 1) - 1.0) < 1e-14);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
    cylch_csv_table_free(c);
}

/* ------------------------------------------------------------ bad input */

struct bad_case {
    const char *csv;    /* NULL: read the fixture file */
    const char *file;   /* fixture file, or name used in messages */
    int status;
    const char *msg[3]; /* substrings the message must contain */
};

static const struct bad_case bad_cases[] = {
    {NULL, IO_DATA "empty.csv", CYLCH_EINPUT, {IO_DATA "empty.csv: ", "empty", NULL}},
    {NULL, IO_DATA "bad-text.csv", CYLCH_EINPUT,
     {IO_DATA "bad-text.csv:3: ", "column 'Mills' of row 'Mills'", "'ten'"}},
    {NULL, IO_DATA "bad-nan.csv", CYLCH_EINPUT,
     {IO_DATA "bad-nan.csv:2: ", "column 'Mills' of row 'Farms'", "'NaN', which is not a finite number"}},
    {NULL, IO_DATA "bad-negative-output.csv", CYLCH_EINPUT,
     {IO_DATA "bad-negative-output.csv:3: ", "column 'total_output' of row 'Mills'", "negative"}},
    {NULL, IO_DATA "bad-no-total-output.csv", CYLCH_EINPUT,
     {IO_DATA "bad-no-total-output.csv:1: ", "no total_output column", NULL}},
    {NULL, IO_DATA "bad-label-mismatch.csv", CYLCH_EINPUT,
     {IO_DATA "bad-label-mismatch.csv:3: ", "labelled 'Mils'", "column 2 is 'Mills'"}},
    {NULL, IO_DATA "no-such-file.csv", CYLCH_EIO, {IO_DATA "no-such-file.csv: cannot open", NULL, NULL}},
    {"row,A,B,total_output\nA,1,inf,10\nB,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:2: ", "column 'B' of row 'A' holds 'inf'", NULL}},
    {"row,A,B,total_output\nA,1,1e999,10\nB,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:2: ", "'1e999'", NULL}},
    {"row,A,B,total_output\nA,1,-2,10\nB,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:2: ", "column 'B' of row 'A' is -2", "negative"}},
    {"row,A,B,total_output\nA,1,1,\nB,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:2: ", "column 'total_output' of row 'A' is empty", NULL}},
    {"row,total_output\n", "m.csv", CYLCH_EINPUT, {"m.csv:1: ", "no industry columns", NULL}},
    {"row,A,B,total_output\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:1: ", "ends after 0 industry rows", "'A' is missing"}},
    {"row,A,B,total_output\nA,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:2: ", "ends after 1 industry rows", "'B' is missing"}},
    {"row,A,B,total_output\nA,1,1,10\nhouseholds,1,1,\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:3: ", "row 2 is labelled 'households'", "column 2 is 'B'"}},
    {"row,A,A,total_output\nA,1,1,10\nA,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:1: ", "industry column 'A' appears twice", NULL}},
    {"row,A,,total_output\nA,1,1,10\n,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:1: ", "column 3 of the header has no name", NULL}},
    {"row,A,B,total_output,exports\nA,1,1,10,1\nB,1,1,10,1\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:1: ", "column 'exports' comes after the industry columns", NULL}},
    {"row,A,households,B,total_output\nA,1,1,1,10\nB,1,1,1,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:1: ", "column 'B' comes after", NULL}},
    {"row,A,B,total_output,total_output\nA,1,1,10,10\nB,1,1,10,10\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:1: ", "column 'total_output' appears twice", NULL}},
    {"row,A,B,total_output\nA,1,1,10\nB,1,1\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:3: ", "row 'B' has 3 cells but the header has 4 columns", NULL}},
    {"row,A,B,total_output\nA,1,1,10\nB,1,1,10\nimports,1,1,\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:4: ", "row 'imports' follows the 2 industry rows", NULL}},
    {"row,A,B,total_output\nA,1,1,10\nB,1,1,10\ngva,1,1,\ngva,1,1,\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:5: ", "a second 'gva' row (the first is on line 4)", NULL}},
    {"row,A,B,total_output\nA,1,1,10\nB,1,1,10\nemployment,1,-1,\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:4: ", "column 'B' of row 'employment' is -1", NULL}},
    {"row,A,B,total_output\nA,1,1,10\nB,1,1,10\ngva,1,1,lots\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:4: ", "column 'total_output' of row 'gva' holds 'lots'", NULL}},
    {"row,A,B,households,total_output\nA,1,1,3,10\nB,1,1,3,10\nhouseholds,0,0,,\n", "m.csv",
     CYLCH_EINPUT, {"m.csv:4: ", "household income", "is 0"}},
    {"row,A,B,households,total_output\nA,1,1,3,10\nB,1,1,3,10\nhouseholds,1,1,,-5\n", "m.csv",
     CYLCH_EINPUT, {"m.csv:4: ", "column 'total_output' of row 'households' is -5", NULL}},
    {"row,A,B,total_output\nA,1,2,10\nB,0,0,0\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:2: ", "'B' has a total_output of 0, but column 'B' of row 'A' is 2", NULL}},
    {"row,A,B,final_demand,total_output\nA,1,0,5,10\nB,0,0,4,0\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:3: ", "'B' has a total_output of 0, but column 'final_demand' of row 'B' is 4", NULL}},
    {"row,A,B,total_output\nA,1,0,10\nB,0,0,0\nemployment,3,2,\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:4: ", "column 'B' of row 'employment' is 2", NULL}},
    {"row,A,B,total_output\nA,\"1,0\",0,10\nB,0,0,4\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:2: ", "'1,0', which is not a finite number", NULL}},
    {"row,A,B,total_output\nA,\"1,0,0,10\nB,0,0,4\n", "m.csv", CYLCH_EINPUT,
     {"m.csv:", "quoted field is not closed", NULL}},
};

static void test_bad_input(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const struct bad_case *b = &bad_cases[k];
        cylch_iotable sentinel, *t = &sentinel; /* must be reset to NULL */
        cylch_error err;
        int rc;
        cylch_error_clear(&err);
        if (b->csv) {
            cylch_csv_table *c = NULL;
            rc = cylch_csv_parse(b->file, b->csv, strlen(b->csv), &c, &err);
            if (rc == CYLCH_OK)
                rc = cylch_iotable_from_csv(c, &t, &err);
            else
                t = NULL;
            cylch_csv_table_free(c);
        } else {
            rc = cylch_iotable_read(b->file, &t, &err);
        }
        if (rc != b->status)
            fail_msg("case %zu: status %d, expected %d (%s)", k, rc, b->status, err.msg);
        assert_null(t);
        assert_int_equal(err.status, b->status);
        for (int s = 0; s < 3 && b->msg[s]; s++)
            if (!strstr(err.msg, b->msg[s]))
                fail_msg("case %zu: message \"%s\" lacks \"%s\"", k, err.msg, b->msg[s]);
    }
}

/* Tables whose multipliers are not finite stop with CYLCH_EMODEL, naming the
 * industry (or households) buying the most per unit of output. */
static void test_not_finite(void **state)
{
    (void)state;
    static const struct { const char *csv; const char *msg; } cases[] = {
        {"row,A,B,total_output\nA,120,0,100\nB,0,10,100\n", "'A' spends 1.2"},
        {"row,A,B,total_output\nA,100,0,100\nB,0,10,100\n", "'A' spends 1 "},
        {"row,A,B,total_output\nA,50,50,100\nB,50,50,100\n", "spends 1 "},
        {"row,A,B,households,total_output\nA,10,10,90,100\nB,10,10,90,100\n"
         "households,50,50,,100\n", "'households' spends 1.8 inside the table per unit of its income"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cylch_csv_table *c = NULL;
        cylch_iotable *t = NULL;
        cylch_io_result *r = NULL;
        cylch_error err;
        cylch_error_clear(&err);
        assert_int_equal(cylch_csv_parse("m.csv", cases[k].csv, strlen(cases[k].csv), &c, &err),
                         CYLCH_OK);
        assert_int_equal(cylch_iotable_from_csv(c, &t, &err), CYLCH_OK);
        if (cylch_iotable_solve(t, &r, &err) != CYLCH_EMODEL)
            fail_msg("case %zu: not CYLCH_EMODEL (%s)", k, err.msg);
        assert_null(r);
        if (!strstr(err.msg, cases[k].msg) || !strstr(err.msg, "m.csv: "))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", k, err.msg, cases[k].msg);
        cylch_iotable_free(t);
        cylch_csv_table_free(c);
    }
}

/* A writer reports a failing stream as CYLCH_EIO. */
static void test_write_error(void **state)
{
    (void)state;
    cylch_iotable *t = read_ok(IO_DATA "miller-blair.csv");
    cylch_io_result *r = solve_ok(t);
    FILE *f = fopen("/dev/full", "w");
    cylch_error err;
    cylch_error_clear(&err);
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0);
    assert_int_equal(cylch_io_write_multipliers(f, t, r, &err), CYLCH_EIO);
    assert_non_null(strstr(err.msg, "could not write"));
    assert_int_equal(cylch_io_write_leontief(f, t, r, CYLCH_IO_TYPE1, &err), CYLCH_EIO);
    fclose(f);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scotland_published),
        cmocka_unit_test(test_scotland_writer),
        cmocka_unit_test(test_scotland_leontief),
        cmocka_unit_test(test_beutel),
        cmocka_unit_test(test_miller_blair),
        cmocka_unit_test(test_household_income_row_sum),
        cmocka_unit_test(test_zero_output),
        cmocka_unit_test(test_labels_round_trip),
        cmocka_unit_test(test_type1_only),
        cmocka_unit_test(test_two_by_two_closed_form),
        cmocka_unit_test(test_colsum_above_one),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_not_finite),
        cmocka_unit_test(test_write_error),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
