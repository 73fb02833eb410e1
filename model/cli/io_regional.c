/* cylch — `cylch io --regions …`: options, regionalising, regional files. */
#include "cylch/cli/io_regional.h"
#include "cylch/io/lang.h"

#include <stdio.h>
#include <string.h>

#include "cylch/io/json.h"

int cli_io_regional_wanted(const cli_io_regional_opts *o)
{
    return o->regions || o->area || o->national || o->measure || o->map || o->method || o->delta;
}

int cli_io_regionalise(const cli_io_regional_opts *o, const cylch_iotable *t,
                       cli_io_regional *out, cylch_error *err)
{
    cylch_lq_measure measure;
    int rc;
    memset(out, 0, sizeof *out);
    if (!o->regions)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "--area, --national, --measure, --map, --method and --delta "
                               "regionalise a table and need --regions FILE (e.g. "
                               "data/regions/employment-2019.csv)");
    if (!o->area || !o->national)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "--regions needs --area NAME and --national NAME, regions of %s "
                               "(e.g. --area Scotland --national 'United Kingdom')", o->regions);
    if (!o->measure)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "--measure is missing: give --measure employment or --measure gva "
                               "(what the regions file's figures measure)");
    if (!cylch_lq_measure_parse(o->measure, &measure))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "--measure '%s' is not known: give --measure employment or --measure gva "
                               "(what the regions file's figures measure)", o->measure);
    if (!o->method)
        return cylch_error_set(err, CYLCH_EINPUT, "--method is missing: give --method slq, cilq, flq or aflq");
    if (!cylch_lq_method_parse(o->method, &out->method))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "--method '%s' is not known: give --method slq, cilq, flq or aflq",
                               o->method);
    if (out->method == CYLCH_LQ_FLQ || out->method == CYLCH_LQ_AFLQ) {
        if (!o->delta)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "--method %s needs --delta D, 0 <= D < 1 (0.1 to 0.4 is usual; "
                                   "see docs/model.md for the value the Scotland check supports)",
                                   o->method);
        if (!cylch_parse_double(o->delta, &out->delta))
            return cylch_error_set(err, CYLCH_EINPUT, "--delta '%s' must be a number, 0 <= D < 1",
                                   o->delta);
        if ((rc = cylch_lq_delta_check(out->delta, "--delta", err)) != CYLCH_OK)
            return rc;
    } else if (o->delta) {
        return cylch_error_set(err, CYLCH_EINPUT,
                               "--delta is used by --method flq and aflq only, not by %s", o->method);
    }
    if ((rc = cylch_regional_read(o->regions, o->map, t, o->area, o->national, measure,
                                  &out->rg, err)) != CYLCH_OK)
        return rc;
    return cylch_regional_table(t, out->rg, out->method, out->delta, &out->table, err);
}

/* One regional file, written by cylch_outdir_write. */
typedef struct reg_file {
    const cylch_iotable *t;
    const cli_io_regional *r;
    int which;
} reg_file;

static int write_one(FILE *f, const void *vctx, cylch_error *err)
{
    const reg_file *c = vctx;
    const cylch_iotable *t = c->t;
    const cli_io_regional *r = c->r;
    gsl_matrix *a = NULL;
    int rc = CYLCH_OK;
    if (c->which == 0) {
        rc = cylch_regional_write_quotients(f, t, r->rg, r->method, r->delta, err);
    } else if (c->which == 1) {
        if (!(a = gsl_matrix_alloc(t->n, t->n)))
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        else {
            cylch_regional_shares(r->rg, r->method, cylch_regional_lambda(r->rg, r->delta), a);
            rc = cylch_regional_write_matrix(f, t, a, err);
        }
    } else if (c->which == 2) {
        int type2 = r->table->hh_wages && r->table->hh_cons && r->table->hh_income > 0.0;
        rc = cylch_iotable_coefficients(r->table, type2, &a, err);
        if (rc == CYLCH_OK)
            rc = cylch_regional_write_matrix(f, t, a, err);
    } else {
        cylch_json j;
        cylch_json_init(&j, f);
        cylch_json_begin_object(&j, NULL);
        cylch_json_str(&j, "table", t->path);
        cylch_json_str(&j, "area", r->rg->area);
        cylch_json_str(&j, "national", r->rg->national);
        cylch_json_str(&j, "measure", cylch_lq_measure_name(r->rg->measure));
        cylch_json_str(&j, "method", cylch_lq_method_name(r->method));
        cylch_json_num(&j, "delta", r->delta);
        cylch_json_num(&j, "lambda_star", cylch_regional_lambda(r->rg, r->delta));
        cylch_json_num(&j, "regional_total", r->rg->tre);
        cylch_json_num(&j, "national_total", r->rg->tne);
        cylch_json_uint(&j, "industries", t->n);
        cylch_json_uint(&j, "groups", r->rg->ngroups);
        cylch_json_end_object(&j);
        fputc('\n', f);
    }
    gsl_matrix_free(a);
    return rc;
}

int cli_io_regional_write(cylch_outdir *od, const cylch_iotable *t, const cli_io_regional *r,
                          cylch_error *err)
{
    static const char *const names[] = {"quotients.csv", "local-shares.csv", "coefficients.csv",
                                        "regionalisation.json"};
    for (int k = 0; k < 4; k++) {
        reg_file c = {t, r, k};
        int rc = cylch_outdir_write(od, names[k], write_one, &c, err);
        if (rc != CYLCH_OK)
            return rc;
    }
    return CYLCH_OK;
}

void cli_io_regional_clear(cli_io_regional *r)
{
    cylch_regional_free(r->rg);
    cylch_iotable_free(r->table);
    memset(r, 0, sizeof *r);
}
