/* cylch — regionalising a national input-output table by location quotients:
 * reading the regional figures (and the industry-to-group map), SLQ, CILQ,
 * FLQ and AFLQ, the regional table, and writing the quotients. Definitions
 * in include/cylch/core/regional.h (docs/model.md, 'Regionalisation'). */
#include "cylch/core/regional.h"
#include "cylch/io/lang.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/io/csvio.h"
#include "cylch/io/limits.h"
#include "cylch/io/text.h"

static const char *const method_names[CYLCH_LQ_NMETHODS] = {"slq", "cilq", "flq", "aflq"};
static const char *const measure_names[CYLCH_LQ_NMEASURES] = {"employment", "gva"};

const char *cylch_lq_method_name(cylch_lq_method m)
{
    return (int)m >= 0 && m < CYLCH_LQ_NMETHODS ? method_names[m] : "";
}

const char *cylch_lq_measure_name(cylch_lq_measure m)
{
    return (int)m >= 0 && m < CYLCH_LQ_NMEASURES ? measure_names[m] : "";
}

int cylch_lq_method_parse(const char *s, cylch_lq_method *m)
{
    for (int k = 0; k < CYLCH_LQ_NMETHODS; k++)
        if (strcmp(s, method_names[k]) == 0) {
            *m = (cylch_lq_method)k;
            return 1;
        }
    return 0;
}

int cylch_lq_measure_parse(const char *s, cylch_lq_measure *m)
{
    for (int k = 0; k < CYLCH_LQ_NMEASURES; k++)
        if (strcmp(s, measure_names[k]) == 0) {
            *m = (cylch_lq_measure)k;
            return 1;
        }
    return 0;
}

int cylch_lq_delta_check(double delta, const char *where, cylch_error *err)
{
    if (isfinite(delta) && delta >= 0.0 && delta < 1.0)
        return CYLCH_OK;
    return cylch_error_set(err, CYLCH_EINPUT,
                           "%s: delta is %g; Flegg's delta must be at least 0 and below 1 "
                           "(0.1 to 0.4 is usual; 0 makes FLQ equal to CILQ)", where, delta);
}

/* ---------------------------------------------------------------- reading */

void cylch_regional_free(cylch_regional *rg)
{
    if (!rg)
        return;
    cylch_text_list_free(rg->group, rg->ngroups);
    free(rg->group_of);
    free(rg->re);
    free(rg->ne);
    free(rg->slq);
    free(rg->area);
    free(rg->national);
    free(rg);
}

static long find_name(char *const *names, size_t n, const char *s)
{
    for (size_t k = 0; k < n; k++)
        if (cylch_text_is(s, names[k]))
            return (long)k;
    return -1;
}

static int need_column(const cylch_csv_table *csv, const char *name, long *col, cylch_error *err)
{
    *col = cylch_csv_column(csv, name);
    if (*col < 0)
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, csv->header.line,
                              "the header has no '%s' column; it needs region, industry, measure "
                              "and value (e.g. data/regions/employment-2019.csv)", name);
    return CYLCH_OK;
}

/* Read the map: every industry of t gets a group; groups are collected in
 * first-seen order. */
static int read_map(const char *map_path, const cylch_iotable *t, cylch_regional *rg,
                    cylch_error *err)
{
    cylch_csv_table *csv = NULL;
    long c_ind, c_grp;
    long *line_of = NULL;
    int rc = cylch_csv_read(map_path, &csv, err);
    if (rc != CYLCH_OK)
        return rc;
    c_ind = cylch_csv_column(csv, "industry");
    c_grp = cylch_csv_column(csv, "group");
    if (c_grp < 0)
        c_grp = cylch_csv_column(csv, "gva_industry");
    if (c_ind < 0 || c_grp < 0) {
        rc = cylch_error_at(err, CYLCH_EINPUT, csv->path, csv->header.line,
                            "the map needs an 'industry' column (the table's labels) and a 'group' "
                            "(or 'gva_industry') column (the regions file's labels)");
        goto done;
    }
    line_of = calloc(t->n, sizeof *line_of);
    rg->group = calloc(t->n, sizeof *rg->group);
    if (!line_of || !rg->group)
        goto nomem;
    for (size_t r = 0; r < csv->nrows; r++) {
        const cylch_csv_row *row = &csv->row[r];
        const char *ind = cylch_csv_get(row, (size_t)c_ind), *grp = cylch_csv_get(row, (size_t)c_grp);
        long i = find_name(t->name, t->n, ind), g;
        if (i < 0) {
            rc = cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                                "industry '%s' is not an industry of %s; the map's industry column "
                                "must hold the table's row labels", ind, t->path);
            goto done;
        }
        if (line_of[i]) {
            rc = cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                                "industry '%s' is mapped twice (also on line %ld); give each "
                                "industry one group", t->name[i], line_of[i]);
            goto done;
        }
        while (isspace((unsigned char)*grp))
            grp++;
        if (!*grp) {
            rc = cylch_error_at(err, CYLCH_EINPUT, csv->path, row->line,
                                "the map leaves industry '%s' without a group; fill in its '%s' "
                                "cell with a group of the regions file", t->name[i],
                                csv->header.field[c_grp]);
            goto done;
        }
        line_of[i] = row->line;
        g = find_name(rg->group, rg->ngroups, grp);
        if (g < 0) {
            if (!(rg->group[rg->ngroups] = cylch_text_trimmed(grp)))
                goto nomem;
            g = (long)rg->ngroups++;
        }
        rg->group_of[i] = (size_t)g;
    }
    for (size_t i = 0; i < t->n; i++)
        if (!line_of[i]) {
            rc = cylch_error_at(err, CYLCH_EINPUT, csv->path, csv->nrows ? csv->row[csv->nrows - 1].line : 1,
                                "the map leaves industry '%s' without a group: add a row for it",
                                t->name[i]);
            goto done;
        }
    goto done;
nomem:
    rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", map_path);
done:
    free(line_of);
    cylch_csv_table_free(csv);
    return rc;
}

/* The groups of rg: the map's (read_map), or without a map each industry of t its own
 * (out of memory named as reading regions_path). */
static int read_groups(const char *regions_path, const char *map_path, const cylch_iotable *t,
                       cylch_regional *rg, cylch_error *err)
{
    if (map_path)
        return read_map(map_path, t, rg, err);
    if (!(rg->group = calloc(t->n, sizeof *rg->group)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", regions_path);
    for (size_t i = 0; i < t->n; i++) {
        if (!(rg->group[i] = cylch_text_trimmed(t->name[i])))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", regions_path);
        rg->group_of[i] = i;
    }
    rg->ngroups = t->n;
    return CYLCH_OK;
}

/* Where the figures file's columns are, and the line of each group's figure
 * for the area (seen[0]) and the nation (seen[1]), 0 while there is none. */
typedef struct figures {
    const cylch_csv_table *csv;
    long c_reg, c_ind, c_mea, c_val;
    long *seen[2];
    size_t count[2];
} figures;

/* One row of the figures file: used when its region is the area or the nation and
 * its measure the one asked; its value added to the group's figure of each side. */
static int read_figure(cylch_regional *rg, figures *fg, const cylch_csv_row *row, const char *mname,
                       const char *map_path, const cylch_iotable *t, cylch_error *err)
{
    const char *path = fg->csv->path;
    const char *reg = cylch_csv_get(row, (size_t)fg->c_reg), *ind = cylch_csv_get(row, (size_t)fg->c_ind);
    const char *val = cylch_csv_get(row, (size_t)fg->c_val);
    int is[2] = {cylch_text_is(reg, rg->area), cylch_text_is(reg, rg->national)};
    long g;
    double v;
    if ((!is[0] && !is[1]) || !cylch_text_is(cylch_csv_get(row, (size_t)fg->c_mea), mname))
        return CYLCH_OK;
    g = find_name(rg->group, rg->ngroups, ind);
    if (g < 0)
        return cylch_error_at(err, CYLCH_EINPUT, path, row->line,
                              "industry '%s' (region '%s', %s) is not %s %s; the labels must match "
                              "exactly", ind, reg, mname,
                              map_path ? _("a group of the map") : _("an industry of"),
                              map_path ? map_path : t->path);
    while (isspace((unsigned char)*val))
        val++;
    if (!*val)
        return cylch_error_at(err, CYLCH_EINPUT, path, row->line,
                              "the %s of '%s' in '%s' is missing; give a number (0 if there is none)",
                              mname, ind, reg);
    if (!cylch_parse_double(val, &v))
        return cylch_error_at(err, CYLCH_EINPUT, path, row->line,
                              "the %s of '%s' in '%s' is '%s', which is not a number", mname, ind,
                              reg, val);
    if (v < 0.0)
        return cylch_error_at(err, CYLCH_EINPUT, path, row->line,
                              "the %s of '%s' in '%s' is %g; it cannot be negative", mname, ind,
                              reg, v);
    if (v > CYLCH_VALUE_MAX)
        return cylch_error_at(err, CYLCH_EINPUT, path, row->line,
                              "the %s of '%s' in '%s' is %g; cylch takes figures of up to %s",
                              mname, ind, reg, v, _(CYLCH_VALUE_MAX_TEXT));
    /* The same name for area and nation is allowed (every SLQ is then 1). */
    for (int side = 0; side < 2; side++) {
        if (!is[side])
            continue;
        if (fg->seen[side][g])
            return cylch_error_at(err, CYLCH_EINPUT, path, row->line,
                                  "the %s of '%s' in '%s' is given twice (also on line %ld)",
                                  mname, ind, reg, fg->seen[side][g]);
        fg->seen[side][g] = row->line;
        (side == 0 ? rg->re : rg->ne)[g] = v;
        *(side == 0 ? &rg->tre : &rg->tne) += v;
        fg->count[side]++;
    }
    return CYLCH_OK;
}

/* The area (side 0) or the nation (1) has a figure for every group used and a
 * total above 0; an unknown one is named with the regions that have the measure. */
static int check_side(const cylch_regional *rg, const figures *fg, int side, const char *mname,
                      const char *map_path, const cylch_iotable *t,
                      const cylch_regional_origin *origin, cylch_error *err)
{
    const cylch_csv_table *csv = fg->csv;
    const char *who = side == 0 ? rg->area : rg->national;
    double total = side == 0 ? rg->tre : rg->tne;
    if (fg->count[side] == 0) {
        /* List the regions that do have this measure, to help with spelling. */
        char list[600] = "";
        size_t len = 0;
        for (size_t r = 0; r < csv->nrows && len < sizeof list - 80; r++) {
            const char *reg = cylch_csv_get(&csv->row[r], (size_t)fg->c_reg);
            int dup = 0;
            if (!cylch_text_is(cylch_csv_get(&csv->row[r], (size_t)fg->c_mea), mname))
                continue;
            for (size_t q = 0; q < r && !dup; q++)
                dup = cylch_text_is(cylch_csv_get(&csv->row[q], (size_t)fg->c_mea), mname) &&
                      strcmp(cylch_csv_get(&csv->row[q], (size_t)fg->c_reg), reg) == 0;
            if (!dup)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", len ? ", " : "", reg);
        }
        if (origin && origin->file)
            return cylch_error_at(err, CYLCH_EINPUT, origin->file,
                                  side == 0 ? origin->area_line : origin->national_line,
                                  "%s '%s' %s is not a region of %s (no row has it with measure "
                                  "'%s'); regions with it: %s", side == 0 ? "area" : "national",
                                  who, origin->where ? origin->where : "", csv->path, mname,
                                  len ? list : _("none"));
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, 0,
                              "unknown %s '%s': no row has that region with measure '%s'; "
                              "regions with it: %s", side == 0 ? _("area") : _("nation"), who, mname,
                              len ? list : _("none"));
    }
    for (size_t i = 0; i < t->n; i++)
        if (!fg->seen[side][rg->group_of[i]])
            return cylch_error_at(err, CYLCH_EINPUT, csv->path, 0,
                                  "no %s figure for '%s' in '%s'; every %s of %s needs one "
                                  "(0 if there is none)", mname, rg->group[rg->group_of[i]], who,
                                  map_path ? _("group of the map") : _("industry"),
                                  map_path ? map_path : t->path);
    if (!(total > 0.0))
        return cylch_error_at(err, CYLCH_EINPUT, csv->path, 0,
                              "the %s of '%s' adds up to %g; location quotients need a total above 0",
                              mname, who, total);
    return CYLCH_OK;
}

/* Each industry's SLQ, (re/TRE) / (ne/TNE) of its group (1 where the nation has none
 * of it, 0 where the area has none). Figures so small beside the others that the
 * area's share of the nation (TRE/TNE, in FLQ's lambda) or an SLQ is not a finite
 * number are refused, naming the figure. */
static int compute_slq(cylch_regional *rg, const figures *fg, const char *mname, cylch_error *err)
{
    if (!isfinite(rg->tre / rg->tne))
        return cylch_error_at(err, CYLCH_EINPUT, fg->csv->path, 0,
                              "the %s of '%s' adds up to %g and that of '%s' to %g: too small beside "
                              "the area's for location quotients (the ratio is not a finite number); "
                              "give both in the same units", mname, rg->national, rg->tne, rg->area,
                              rg->tre);
    for (size_t i = 0; i < rg->n; i++) {
        size_t g = rg->group_of[i];
        rg->slq[i] = rg->ne[g] == 0.0 ? 1.0
                   : rg->re[g] == 0.0 ? 0.0
                   : (rg->re[g] / rg->tre) / (rg->ne[g] / rg->tne);
        if (!isfinite(rg->slq[i]))
            return cylch_error_at(err, CYLCH_EINPUT, fg->csv->path, fg->seen[1][g],
                                  "the %s of '%s' in '%s' is %g: too small beside its figure in '%s' "
                                  "(%g) for a location quotient (not a finite number); give both in the "
                                  "same units", mname, rg->group[g], rg->national, rg->ne[g], rg->area,
                                  rg->re[g]);
    }
    return CYLCH_OK;
}

int cylch_regional_read(const char *regions_path, const char *map_path,
                        const cylch_iotable *t, const char *area, const char *national,
                        cylch_lq_measure measure, cylch_regional **out, cylch_error *err)
{
    return cylch_regional_read_from(regions_path, map_path, t, area, national, measure, NULL, out,
                                    err);
}

int cylch_regional_read_from(const char *regions_path, const char *map_path,
                             const cylch_iotable *t, const char *area, const char *national,
                             cylch_lq_measure measure, const cylch_regional_origin *origin,
                             cylch_regional **out, cylch_error *err)
{
    cylch_regional *rg = NULL;
    cylch_csv_table *csv = NULL;
    figures fg = {0};
    const char *mname = cylch_lq_measure_name(measure);
    int rc;

    *out = NULL;
    rg = calloc(1, sizeof *rg);
    if (!rg)
        goto nomem;
    rg->n = t->n;
    rg->measure = measure;
    rg->group_of = calloc(t->n, sizeof *rg->group_of);
    rg->area = cylch_text_trimmed(area);
    rg->national = cylch_text_trimmed(national);
    if (!rg->group_of || !rg->area || !rg->national)
        goto nomem;
    if ((rc = read_groups(regions_path, map_path, t, rg, err)) != CYLCH_OK)
        goto done;
    rg->re = calloc(rg->ngroups, sizeof *rg->re);
    rg->ne = calloc(rg->ngroups, sizeof *rg->ne);
    rg->slq = calloc(t->n, sizeof *rg->slq);
    fg.seen[0] = calloc(rg->ngroups, sizeof *fg.seen[0]);
    fg.seen[1] = calloc(rg->ngroups, sizeof *fg.seen[1]);
    if (!rg->re || !rg->ne || !rg->slq || !fg.seen[0] || !fg.seen[1])
        goto nomem;

    if ((rc = cylch_csv_read(regions_path, &csv, err)) != CYLCH_OK)
        goto done;
    fg.csv = csv;
    if ((rc = need_column(csv, "region", &fg.c_reg, err)) || (rc = need_column(csv, "industry", &fg.c_ind, err)) ||
        (rc = need_column(csv, "measure", &fg.c_mea, err)) || (rc = need_column(csv, "value", &fg.c_val, err)))
        goto done;
    for (size_t r = 0; r < csv->nrows; r++)
        if ((rc = read_figure(rg, &fg, &csv->row[r], mname, map_path, t, err)) != CYLCH_OK)
            goto done;
    for (int side = 0; side < 2; side++)
        if ((rc = check_side(rg, &fg, side, mname, map_path, t, origin, err)) != CYLCH_OK)
            goto done;
    if ((rc = compute_slq(rg, &fg, mname, err)) != CYLCH_OK)
        goto done;
    *out = rg;
    rg = NULL;
    rc = CYLCH_OK;
    goto done;
nomem:
    rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", regions_path);
done:
    free(fg.seen[0]);
    free(fg.seen[1]);
    cylch_csv_table_free(csv);
    cylch_regional_free(rg);
    return rc;
}

/* ---------------------------------------------------------------- quotients */

double cylch_regional_lambda(const cylch_regional *rg, double delta)
{
    return pow(log2(1.0 + rg->tre / rg->tne), delta);
}

double cylch_regional_quotient(const cylch_regional *rg, cylch_lq_method m, double lambda,
                               size_t i, size_t j)
{
    double si = rg->slq[i], sj = rg->slq[j], q;
    if (m == CYLCH_LQ_SLQ || i == j)
        q = si;
    else if (si == 0.0)
        q = 0.0;
    else if (sj == 0.0)
        return INFINITY;
    else
        q = si / sj;
    if (m == CYLCH_LQ_SLQ || m == CYLCH_LQ_CILQ)
        return q;
    q *= lambda;
    if (m == CYLCH_LQ_AFLQ && sj > 1.0)
        q *= log2(1.0 + sj);
    return q;
}

double cylch_regional_household_share(const cylch_regional *rg, cylch_lq_method m,
                                      double lambda, size_t i)
{
    double q = rg->slq[i];
    if (m == CYLCH_LQ_FLQ || m == CYLCH_LQ_AFLQ)
        q *= lambda;
    return fmin(1.0, q);
}

void cylch_regional_shares(const cylch_regional *rg, cylch_lq_method m, double lambda,
                           gsl_matrix *share)
{
    for (size_t i = 0; i < rg->n; i++)
        for (size_t j = 0; j < rg->n; j++)
            gsl_matrix_set(share, i, j, fmin(1.0, cylch_regional_quotient(rg, m, lambda, i, j)));
}

/* A deep copy of a vector, or NULL for NULL; *bad set when out of memory. */
static gsl_vector *vcopy(const gsl_vector *v, int *bad)
{
    gsl_vector *c;
    if (!v)
        return NULL;
    c = gsl_vector_alloc(v->size);
    if (!c) {
        *bad = 1;
        return NULL;
    }
    gsl_vector_memcpy(c, v);
    return c;
}

int cylch_regional_table(const cylch_iotable *t, const cylch_regional *rg, cylch_lq_method m,
                         double delta, cylch_iotable **out, cylch_error *err)
{
    cylch_iotable *r = NULL;
    size_t n = t->n;
    double lambda;
    int bad = 0, rc;

    *out = NULL;
    if (rg->n != n)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "the regional figures are for %zu industries but %s has %zu",
                               rg->n, t->path, n);
    if ((rc = cylch_lq_delta_check(delta, _("regionalising"), err)) != CYLCH_OK)
        return rc;
    lambda = cylch_regional_lambda(rg, delta);
    r = calloc(1, sizeof *r);
    if (!r)
        goto nomem;
    r->n = n;
    r->path = strdup(t->path);
    r->name = calloc(n, sizeof *r->name);
    r->line = calloc(n, sizeof *r->line);
    r->z = gsl_matrix_alloc(n, n);
    if (!r->path || !r->name || !r->line || !r->z)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        if (!(r->name[i] = strdup(t->name[i])))
            goto nomem;
        r->line[i] = t->line[i];
    }
    r->x = vcopy(t->x, &bad);
    r->final_demand = vcopy(t->final_demand, &bad);
    r->hh_cons = vcopy(t->hh_cons, &bad);
    r->hh_wages = vcopy(t->hh_wages, &bad);
    r->gva = vcopy(t->gva, &bad);
    r->employment = vcopy(t->employment, &bad);
    if (bad)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(r->z, i, j, gsl_matrix_get(t->z, i, j) *
                                       fmin(1.0, cylch_regional_quotient(rg, m, lambda, i, j)));
    if (r->hh_cons)
        for (size_t i = 0; i < n; i++)
            gsl_vector_set(r->hh_cons, i, gsl_vector_get(t->hh_cons, i) *
                                          cylch_regional_household_share(rg, m, lambda, i));
    r->hh_self = t->hh_self *
                 ((m == CYLCH_LQ_FLQ || m == CYLCH_LQ_AFLQ) ? fmin(1.0, lambda) : 1.0);
    r->hh_income = t->hh_income;
    *out = r;
    return CYLCH_OK;
nomem:
    cylch_iotable_free(r);
    return cylch_error_set(err, CYLCH_ENOMEM, "out of memory regionalising %s", t->path);
}

/* ---------------------------------------------------------------- writing */

static int write_failed(cylch_error *err, const char *what)
{
    return cylch_error_set(err, CYLCH_EIO, "could not write %s: %s", what, cylch_errno_text(errno));
}

int cylch_regional_write_quotients(FILE *f, const cylch_iotable *t, const cylch_regional *rg,
                                   cylch_lq_method m, double delta, cylch_error *err)
{
    static const char *const head[] = {"industry", "group", "regional", "national", "slq",
                                       "diagonal_quotient", "local_share_households"};
    double lambda = cylch_regional_lambda(rg, delta);
    int bad = 0;
    for (size_t k = 0; k < sizeof head / sizeof *head; k++)
        bad |= cylch_csv_put(f, head[k], k == 0);
    bad |= cylch_csv_end(f);
    for (size_t i = 0; i < t->n && !bad; i++) {
        size_t g = rg->group_of[i];
        bad |= cylch_csv_put(f, t->name[i], 1);
        bad |= cylch_csv_put(f, rg->group[g], 0);
        bad |= cylch_csv_put_num(f, rg->re[g], 0);
        bad |= cylch_csv_put_num(f, rg->ne[g], 0);
        bad |= cylch_csv_put_num(f, rg->slq[i], 0);
        bad |= cylch_csv_put_num(f, cylch_regional_quotient(rg, m, lambda, i, i), 0);
        bad |= cylch_csv_put_num(f, cylch_regional_household_share(rg, m, lambda, i), 0);
        bad |= cylch_csv_end(f);
    }
    return (bad || ferror(f)) ? write_failed(err, "the quotients") : CYLCH_OK;
}

int cylch_regional_write_matrix(FILE *f, const cylch_iotable *t, const gsl_matrix *a,
                                cylch_error *err)
{
    size_t m = a->size1;
    int bad = cylch_csv_put(f, "industry", 1);
    for (size_t j = 0; j < m; j++)
        bad |= cylch_csv_put(f, j < t->n ? t->name[j] : "households", 0);
    bad |= cylch_csv_end(f);
    for (size_t i = 0; i < m && !bad; i++) {
        bad |= cylch_csv_put(f, i < t->n ? t->name[i] : "households", 1);
        for (size_t j = 0; j < a->size2; j++)
            bad |= cylch_csv_put_num(f, gsl_matrix_get(a, i, j), 0);
        bad |= cylch_csv_end(f);
    }
    return (bad || ferror(f)) ? write_failed(err, "a matrix") : CYLCH_OK;
}
