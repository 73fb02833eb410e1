/* cylch — results by industry of a scenario with [economy]. Definitions in
 * include/cylch/present/industries.h. */
#include "cylch/present/industries.h"

#include <stdlib.h>
#include <string.h>

#include "cylch/core/economy.h"
#include "cylch/io/csvio.h"

static const char *const q_keys[CYLCH_IND_NQ] = {"local_output", "local_wages", "jobs", "gva"};

void cylch_industries_free(cylch_industries *ind)
{
    if (!ind)
        return;
    free(ind->v);
    free(ind);
}

double cylch_industries_get(const cylch_industries *ind, int s, size_t k, int q)
{
    return ind->v[((size_t)s * ind->n + k) * CYLCH_IND_NQ + (size_t)q];
}

int cylch_industries_compute(cylch_model *m, const cylch_network *net, cylch_industries **out,
                             cylch_error *err)
{
    const cylch_economy *e = net->economy;
    cylch_industries *ind = NULL;
    size_t na = cylch_model_agents(m), B = net->n + 1;
    double *x = NULL;
    int rc = CYLCH_OK;
    *out = NULL;
    if (!e || na != net->n + 1 + e->n)
        return cylch_error_set(err, CYLCH_EINPUT, "results by industry need a scenario with [economy]");
    ind = calloc(1, sizeof *ind);
    x = malloc(na * sizeof *x);
    if (!ind || !x || !(ind->v = calloc(CYLCH_NSRC * e->n * CYLCH_IND_NQ, sizeof *ind->v))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto fail;
    }
    ind->n = e->n;
    ind->name = (const char *const *)e->table->name;
    ind->code = (const char *const *)e->code;
    for (int s = 0; s < CYLCH_NSRC; s++) {
        ind->injection[s] = 0.0;
        for (size_t i = 0; i < na; i++)
            ind->injection[s] += cylch_model_injection(m, s, i);
        if ((rc = cylch_model_turnover(m, s, x, err)))
            goto fail;
        for (size_t k = 0; k < e->n; k++) {
            double *v = ind->v + ((size_t)s * e->n + k) * CYLCH_IND_NQ, xk = x[B + k];
            v[CYLCH_IND_OUTPUT] = xk;
            v[CYLCH_IND_WAGES] = cylch_model_a(m, net->n, B + k) * xk;
            v[CYLCH_IND_JOBS] = e->jobs[k] * xk;
            v[CYLCH_IND_GVA] = e->gva[k] * xk;
        }
    }
    free(x);
    *out = ind;
    return CYLCH_OK;
fail:
    free(x);
    cylch_industries_free(ind);
    return rc;
}

/* Industries by decreasing local output for source s (order[] of n). */
static void rank(const cylch_industries *ind, int s, size_t *order)
{
    for (size_t k = 0; k < ind->n; k++)
        order[k] = k;
    /* Insertion sort: 105 industries, stable (ties keep table order). */
    for (size_t a = 1; a < ind->n; a++) {
        size_t k = order[a], b = a;
        double v = cylch_industries_get(ind, s, k, CYLCH_IND_OUTPUT);
        while (b > 0 && cylch_industries_get(ind, s, order[b - 1], CYLCH_IND_OUTPUT) < v) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = k;
    }
}

void cylch_json_industries(cylch_json *j, const char *key, const cylch_industries *ind)
{
    size_t *order = malloc((ind->n ? ind->n : 1) * sizeof *order);
    cylch_json_begin_object(j, key);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        if (!(ind->injection[s] > 0.0))
            continue;
        cylch_json_begin_array(j, cylch_source_name(s));
        if (order)
            rank(ind, s, order);
        for (size_t r = 0; r < ind->n; r++) {
            size_t k = order ? order[r] : r;
            if (!(cylch_industries_get(ind, s, k, CYLCH_IND_OUTPUT) > 0.0))
                continue;
            cylch_json_begin_object(j, NULL);
            cylch_json_str(j, "code", ind->code[k]);
            cylch_json_str(j, "industry", ind->name[k]);
            for (int q = 0; q < CYLCH_IND_NQ; q++)
                cylch_json_num(j, q_keys[q], cylch_industries_get(ind, s, k, q));
            cylch_json_end_object(j);
        }
        cylch_json_end_array(j);
    }
    cylch_json_end_object(j);
    free(order);
}

int cylch_write_industries_csv(FILE *f, const cylch_industries *ind)
{
    int bad = cylch_csv_put(f, "source", 1) | cylch_csv_put(f, "code", 0) |
              cylch_csv_put(f, "industry", 0);
    for (int q = 0; q < CYLCH_IND_NQ; q++)
        bad |= cylch_csv_put(f, q_keys[q], 0);
    bad |= cylch_csv_end(f);
    for (int s = 0; s < CYLCH_NSRC && !bad; s++) {
        if (!(ind->injection[s] > 0.0))
            continue;
        for (size_t k = 0; k < ind->n; k++) {
            bad |= cylch_csv_put(f, cylch_source_name(s), 1) | cylch_csv_put(f, ind->code[k], 0) |
                   cylch_csv_put(f, ind->name[k], 0);
            for (int q = 0; q < CYLCH_IND_NQ; q++)
                bad |= cylch_csv_put_num(f, cylch_industries_get(ind, s, k, q), 0);
            bad |= cylch_csv_end(f);
        }
    }
    return bad || ferror(f) ? -1 : 0;
}

int cylch_write_industries_dat(FILE *f, const cylch_industries *ind, int s)
{
    size_t *order = malloc((ind->n ? ind->n : 1) * sizeof *order), top;
    double rest = 0.0, inj = ind->injection[s];
    int bad = 0;
    if (!order || !(inj > 0.0)) {
        free(order);
        return -1;
    }
    rank(ind, s, order);
    top = ind->n < 15 ? ind->n : 15;
    fprintf(f, "# rank\tcode\tname\tpence_per_pound (local turnover of each industry per £1 of %s money)\n",
            cylch_source_name(s));
    for (size_t r = 0; r < top; r++) {
        char name[64];
        const char *src = ind->name[order[r]];
        size_t len = strlen(src), o = 0;
        /* Short names, quotes replaced: gnuplot reads them as strings. */
        for (size_t i = 0; i < len && o < 44; i++)
            name[o++] = src[i] == '"' ? '\'' : src[i];
        if (len > 44) {
            memcpy(name + 41, "...", 3);
            o = 44;
        }
        name[o] = '\0';
        fprintf(f, "%zu\t\"%s\"\t\"%s\"\t%.6f\n", r, ind->code[order[r]], name,
                100.0 * cylch_industries_get(ind, s, order[r], CYLCH_IND_OUTPUT) / inj);
    }
    for (size_t r = top; r < ind->n; r++)
        rest += cylch_industries_get(ind, s, order[r], CYLCH_IND_OUTPUT);
    fprintf(f, "%zu\t\"rest\"\t\"all other industries (%zu)\"\t%.6f\n", top, ind->n - top, 100.0 * rest / inj);
    bad = ferror(f);
    free(order);
    return bad ? -1 : 0;
}
