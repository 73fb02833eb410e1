/* cylch — the local economy of a scenario from a regionalised input-output
 * table: loading it once, and the coefficients of one draw. Definitions in
 * include/cylch/core/economy.h. */
#include "cylch/core/economy.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cylch_economy_spec_free(cylch_economy_spec *spec)
{
    if (!spec)
        return;
    free(spec->table);
    free(spec->regions);
    free(spec->area);
    free(spec->national);
    free(spec->measure);
    free(spec->map);
    free(spec->method);
    free(spec);
}

void cylch_economy_release(cylch_economy *e)
{
    if (!e || --e->refs > 0)
        return;
    cylch_iotable_free(e->table);
    cylch_regional_free(e->rg);
    free(e->a);
    free(e->hh);
    free(e->wage);
    free(e->jobs);
    free(e->gva);
    free(e->x);
    free(e->q0);
    if (e->code)
        for (size_t i = 0; i < e->n; i++)
            free(e->code[i]);
    free(e->code);
    free(e);
}

/* "Accommodation Services (I55)" -> "I55"; a label without a final
 * parenthesis is its own code. */
static char *code_of(const char *label)
{
    size_t len = strlen(label);
    const char *open = strrchr(label, '(');
    if (len > 2 && label[len - 1] == ')' && open)
        return strndup(open + 1, (size_t)(label + len - 1 - (open + 1)));
    return strdup(label);
}

long cylch_economy_find(const cylch_economy *e, const char *industry)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(industry, e->table->name[i]) == 0 || strcmp(industry, e->code[i]) == 0)
            return (long)i;
    return -1;
}

static int need(const char *v, long section_line, const char *path, const char *key,
                const char *example, cylch_error *err)
{
    if (v)
        return CYLCH_OK;
    return cylch_error_at(err, CYLCH_EINPUT, path, section_line,
                          "[economy] needs %s (e.g. %s = %s)", key, key, example);
}

/* A file named by key of [economy] (on line of the scenario path) must open. */
static int readable(const char *file, const char *key, long line, const char *path, cylch_error *err)
{
    FILE *f = fopen(file, "rb");
    if (f) {
        fclose(f);
        return CYLCH_OK;
    }
    return cylch_error_at(err, CYLCH_EINPUT, path, line,
                          "%s = %s in [economy]: cannot open the file (%s); a path in [economy] is "
                          "relative to the folder of the file that names it (the current folder "
                          "for --set)", key, file, strerror(errno));
}

int cylch_economy_load(const cylch_economy_spec *spec, const char *path, cylch_economy **out,
                       cylch_error *err)
{
    cylch_economy *e = NULL;
    cylch_lq_measure measure;
    size_t n;
    int rc;

    *out = NULL;
    if ((rc = need(spec->table, spec->section_line, path, "table", "../data/uk-2019/io-table.csv", err)) ||
        (rc = need(spec->regions, spec->section_line, path, "regions",
                   "../data/regions/employment-2019.csv", err)) ||
        (rc = need(spec->area, spec->section_line, path, "area", "Gwynedd", err)) ||
        (rc = need(spec->national, spec->section_line, path, "national",
                   "United Kingdom less Extra-Regio", err)) ||
        (rc = need(spec->measure, spec->section_line, path, "measure", "gva", err)) ||
        (rc = need(spec->method, spec->section_line, path, "method", "flq", err)))
        return rc;
    if (!cylch_lq_measure_parse(spec->measure, &measure))
        return cylch_error_at(err, CYLCH_EINPUT, path, spec->measure_line,
                              "measure '%s' in [economy] is not known; use employment or gva",
                              spec->measure);
    e = calloc(1, sizeof *e);
    if (!e)
        goto nomem;
    e->refs = 1;
    e->unit = spec->unit > 0.0 ? spec->unit : 1e6;
    if (!cylch_lq_method_parse(spec->method, &e->method)) {
        rc = cylch_error_at(err, CYLCH_EINPUT, path, spec->method_line,
                            "method '%s' in [economy] is not known; use slq, cilq, flq or aflq",
                            spec->method);
        goto fail;
    }
    if ((e->method == CYLCH_LQ_FLQ || e->method == CYLCH_LQ_AFLQ) && !spec->has_delta) {
        rc = cylch_error_at(err, CYLCH_EINPUT, path, spec->method_line,
                            "method %s needs delta in [economy] (a number or a distribution, "
                            "0 <= delta < 1; see docs/model.md for the value the Scotland check "
                            "supports)", spec->method);
        goto fail;
    }
    if ((rc = readable(spec->table, "table", spec->table_line, path, err)) ||
        (rc = readable(spec->regions, "regions", spec->regions_line, path, err)) ||
        (spec->map && (rc = readable(spec->map, "map", spec->map_line, path, err))) ||
        (rc = cylch_iotable_read(spec->table, &e->table, err)) ||
        (rc = cylch_regional_read(spec->regions, spec->map, e->table, spec->area, spec->national,
                                  measure, &e->rg, err)))
        goto fail;
    if (!e->table->hh_wages || !e->table->employment || !e->table->gva) {
        rc = cylch_error_at(err, CYLCH_EINPUT, spec->table, 0,
                            "an [economy] table needs households, gva and employment rows (the "
                            "industries' wages, GVA and jobs)");
        goto fail;
    }
    if (!e->table->hh_cons) {
        rc = cylch_error_at(err, CYLCH_EINPUT, spec->table, 0,
                            "an [economy] table needs a households column (how households split "
                            "their spending over industries)");
        goto fail;
    }
    n = e->n = e->table->n;
    e->a = calloc(n * n, sizeof *e->a);
    e->hh = calloc(n, sizeof *e->hh);
    e->wage = calloc(n, sizeof *e->wage);
    e->jobs = calloc(n, sizeof *e->jobs);
    e->gva = calloc(n, sizeof *e->gva);
    e->x = calloc(n, sizeof *e->x);
    e->code = calloc(n, sizeof *e->code);
    e->q0 = calloc(n * n, sizeof *e->q0);
    if (!e->a || !e->hh || !e->wage || !e->jobs || !e->gva || !e->x || !e->code || !e->q0)
        goto nomem;
    /* Q_ik is linear in lambda* (FLQ, AFLQ) or free of it: keep it at lambda* = 1
     * so that a draw's coefficients are one multiplication and a min each. */
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            e->q0[i * n + k] = cylch_regional_quotient(e->rg, e->method, 1.0, i, k);
    for (size_t j = 0; j < n; j++) {
        double xj = gsl_vector_get(e->table->x, j);
        if (!(e->code[j] = code_of(e->table->name[j])))
            goto nomem;
        e->x[j] = xj;
        e->hh[j] = gsl_vector_get(e->table->hh_cons, j);
        if (xj <= 0.0)
            continue;
        for (size_t i = 0; i < n; i++)
            e->a[i * n + j] = gsl_matrix_get(e->table->z, i, j) / xj;
        e->wage[j] = gsl_vector_get(e->table->hh_wages, j) / xj;
        /* Per £: the table's figures are per money unit (e.g. £ million). */
        e->jobs[j] = gsl_vector_get(e->table->employment, j) / (xj * e->unit);
        e->gva[j] = gsl_vector_get(e->table->gva, j) / xj;
    }
    *out = e;
    return CYLCH_OK;
nomem:
    rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory loading the [economy] of %s", path);
fail:
    cylch_economy_release(e);
    return rc;
}

cylch_economy_draw *cylch_economy_draw_new(const cylch_economy *e)
{
    cylch_economy_draw *d = calloc(1, sizeof *d);
    size_t n = e->n;
    if (!d)
        return NULL;
    d->delta = NAN;
    d->r = calloc(n * n, sizeof *d->r);
    d->col_share = calloc(n * n, sizeof *d->col_share);
    d->hh_share = calloc(n, sizeof *d->hh_share);
    d->avg_share = calloc(n, sizeof *d->avg_share);
    if (!d->r || !d->col_share || !d->hh_share || !d->avg_share) {
        cylch_economy_draw_free(d);
        return NULL;
    }
    return d;
}

void cylch_economy_draw_free(cylch_economy_draw *d)
{
    if (!d)
        return;
    free(d->r);
    free(d->col_share);
    free(d->hh_share);
    free(d->avg_share);
    free(d);
}

void cylch_economy_draw_set(const cylch_economy *e, cylch_economy_draw *d, double delta)
{
    const size_t n = e->n;
    double lambda, hsum = 0.0, asum = 0.0;
    if (e->method == CYLCH_LQ_SLQ || e->method == CYLCH_LQ_CILQ)
        delta = 0.0;   /* unused: one computation whatever the scenario's delta */
    if (d->delta == delta)
        return;
    lambda = cylch_regional_lambda(e->rg, delta);
    for (size_t i = 0; i < n; i++) {
        double q = cylch_regional_household_share(e->rg, e->method, lambda, i);
        /* An industry that pays no wages and employs no one (owner-occupiers'
         * imputed rent) takes no cash from households. */
        d->hh_share[i] = e->wage[i] == 0.0 && e->jobs[i] == 0.0 ? 0.0 : e->hh[i] * q;
        hsum += d->hh_share[i];
        d->avg_share[i] = 0.0;
    }
    for (size_t i = 0; i < n; i++)
        d->hh_share[i] = hsum > 0.0 ? d->hh_share[i] / hsum : 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            double a = e->a[i * n + k];
            double q = e->q0[i * n + k], r;
            if (e->method == CYLCH_LQ_FLQ || e->method == CYLCH_LQ_AFLQ)
                q *= lambda;   /* inf stays inf: lambda* > 0 */
            r = a == 0.0 ? 0.0 : a * fmin(1.0, q);
            d->r[i * n + k] = r;
            d->avg_share[i] += r * e->x[k];
        }
    for (size_t i = 0; i < n; i++)
        asum += d->avg_share[i];
    for (size_t i = 0; i < n; i++)
        d->avg_share[i] = asum > 0.0 ? d->avg_share[i] / asum : 0.0;
    for (size_t k = 0; k < n; k++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += d->r[i * n + k];
        for (size_t i = 0; i < n; i++)
            d->col_share[i * n + k] = s > 0.0 ? d->r[i * n + k] / s : d->avg_share[i];
    }
    d->delta = delta;
}
