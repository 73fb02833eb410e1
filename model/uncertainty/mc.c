/* cylch — parallel, reproducible Monte Carlo draws of the network model. */
#define _DEFAULT_SOURCE   /* madvise's MADV_HUGEPAGE (Linux) */
#include "cylch/uncertainty/mc.h"
#include "cylch/io/lang.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "cylch/uncertainty/rng.h"

/* The store of the kept values, n bytes. A large one is aligned to 2 MB and,
 * where the system offers it (Linux's transparent huge pages), backed by huge
 * pages: filling it and reading its columns then take a page fault and a TLB
 * entry per 2 MB rather than per 4 kB. Freed by free(). */
static void *store_alloc(size_t n)
{
    void *p = NULL;
    if (n < ((size_t)4 << 20))
        return malloc(n ? n : 1);
    if (posix_memalign(&p, (size_t)2 << 20, n))
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, n, MADV_HUGEPAGE);
#endif
    return p;
}

void cylch_mc_free(cylch_mc *mc)
{
    if (!mc)
        return;
    for (size_t i = 0; mc->param && i < mc->nparams; i++)
        cylch_dist_sampler_clear(&mc->param[i].smp);
    cylch_dist_sampler_clear(&mc->znorm);
    free(mc->param);
    free(mc->money);
    free(mc->put);
    free(mc->base);
    free(mc->split);
    free(mc->head);
    free(mc->inputs);
    free(mc->inj);
    free(mc);
}

/* DESIGN §8.6: member j's scale (its income drawn around T) and the sticks of
 * its split of spending, appended at param[*np]. Returns 1 if any was added,
 * 0 if none, −1 on error (err set). */
static int add_money_params(cylch_mc *mc, const cylch_scenario *s, const cylch_network *net,
                            size_t j, size_t *np, cylch_error *err)
{
    const cylch_member *mb = &net->m[j];
    double T = cylch_member_income(mb);
    int added = 0;
    if (s->has_income && !cylch_dist_is_fixed(&s->income) && T > 0.0) {
        cylch_mc_param *q = &mc->param[(*np)++];
        snprintf(q->name, sizeof q->name, "member.%s.income", mb->id);
        q->role = CYLCH_MC_SCALE;
        q->index = -1;
        q->member = j;
        q->dist = &s->income;
        q->range = CYLCH_RANGE_NONNEG;
        q->centre = T;
        q->point = cylch_dist_point(q->dist, T);
        q->stream = cylch_rng_stream_id(q->name);
        q->rho = s->income_rho;
        q->common_stream = cylch_rng_stream_id("common.income");
        added = 1;
    }
    if (s->split_sd > 0.0) {
        cylch_split *sp = &mc->split[j];
        cylch_error e;
        cylch_error_clear(&e);
        if (cylch_split_init(sp, mb->v, s->split_sd, &e)) {
            cylch_error_set(err, CYLCH_EINPUT, "split in [uncertainty] for '%s': %s", mb->id, e.msg);
            return -1;
        }
        for (int k = 0; k + 1 < sp->np; k++) {
            cylch_mc_param *q = &mc->param[(*np)++];
            snprintf(q->name, sizeof q->name, "member.%s.split.%s", mb->id,
                     cylch_part_name(sp->part[k]));
            q->role = CYLCH_MC_SPLIT;
            q->index = k;
            q->member = j;
            q->own.kind = CYLCH_DIST_BETA;
            q->own.p[0] = sp->a[k];
            q->own.p[1] = sp->b[k];
            q->dist = &q->own;
            q->range = CYLCH_RANGE_SHARE;
            q->centre = 0.0;
            q->point = cylch_dist_point(q->dist, 0.0);
            q->stream = cylch_rng_stream_id(q->name);
            added = 1;
        }
    }
    return added;
}

int cylch_mc_new(const cylch_scenario *s, const cylch_network *net, int keep_inputs,
                 cylch_mc **out, cylch_error *err)
{
    cylch_mc *mc = calloc(1, sizeof *mc);
    size_t cap = CYLCH_NPLACE + (CYLCH_NCOLS + CYLCH_NPARTS) * net->n, np = 0;
    *out = NULL;
    if (!mc || !(mc->param = calloc(cap ? cap : 1, sizeof *mc->param)) ||
        !(mc->money = calloc(net->n + 1, sizeof *mc->money)) ||
        !(mc->put = calloc(cap ? cap : 1, sizeof *mc->put)) ||
        !(mc->split = calloc(net->n + 1, sizeof *mc->split)) ||
        !(mc->base = cylch_network_values(net)))
        goto nomem;
    for (int p = 0; p < CYLCH_NPLACE; p++) {
        cylch_mc_param *q;
        if (cylch_dist_is_fixed(&s->place[p]))
            continue;
        q = &mc->param[np++];
        snprintf(q->name, sizeof q->name, "place.%s", cylch_place_name(p));
        q->is_place = 1;
        q->index = p;
        q->dist = &s->place[p];
        q->range = p == CYLCH_P_JOBS_PER_MILLION ? CYLCH_RANGE_NONNEG : CYLCH_RANGE_SHARE;
        q->centre = 0.0;
        q->point = cylch_dist_point(q->dist, 0.0);
        q->stream = cylch_rng_stream_id(q->name);
    }
    /* Member by member, column by column: the order of draws.csv inputs. */
    for (size_t j = 0; j < net->n; j++) {
        int money = 0;
        size_t first = np;
        for (int c = 0; c < CYLCH_NCOLS; c++) {
            cylch_mc_param *q;
            double v = net->m[j].v[c];
            if (!s->has_unc[c] || cylch_dist_is_fixed(&s->unc[c]))
                continue;
            /* A column of zeros stays zero under a relative distribution: no parameter. */
            if (cylch_dist_is_centred(&s->unc[c]) && v == 0.0)
                continue;
            q = &mc->param[np++];
            snprintf(q->name, sizeof q->name, "member.%s.%s", net->m[j].id, cylch_col_name(c));
            q->is_place = 0;
            q->index = c;
            q->member = j;
            q->dist = &s->unc[c];
            q->range = cylch_col_is_share(c) ? CYLCH_RANGE_SHARE : CYLCH_RANGE_NONNEG;
            q->centre = v;
            q->kept_share = 0.0;
            if (c == CYLCH_COL_PURCHASES_LOCAL_SHARE && cylch_dist_is_centred(q->dist)) {
                double P = net->m[j].v[CYLCH_COL_PURCHASES], bought = cylch_network_trade_bought(net, j);
                if (bought > 0.0 && P > 0.0 && bought < P) {
                    double b = bought / P;
                    q->kept_share = b;
                    q->own = *q->dist;
                    /* the same spread of the total share, on the non-member part */
                    if (q->own.kind == CYLCH_DIST_BETA_SD || q->own.kind == CYLCH_DIST_NORMAL_SD)
                        q->own.p[0] /= 1.0 - b;
                    else if (v > b)   /* rel forms: the same width in £ of purchases */
                        q->own.p[0] *= v / (v - b);
                    q->dist = &q->own;
                    q->centre = v > b ? (v - b) / (1.0 - b) : 0.0;
                }
            }
            q->point = cylch_dist_point(q->dist, q->centre);
            q->stream = cylch_rng_stream_id(q->name);
            q->rho = s->unc_rho[c];
            {
                char cname[96];
                snprintf(cname, sizeof cname, "common.%s", cylch_col_name(c));
                q->common_stream = cylch_rng_stream_id(cname);
            }
            /* §8.6: an income column drawn moves the member's costs with its income */
            money |= c == CYLCH_COL_GRANT || c == CYLCH_COL_LOAN || c == CYLCH_COL_TRADE_LOCAL ||
                     c == CYLCH_COL_TRADE_EXTERNAL;
        }
        money |= add_money_params(mc, s, net, j, &np, err);
        if (money < 0) {
            cylch_mc_free(mc);
            return CYLCH_EINPUT;
        }
        if (money) {
            cylch_mc_money *mm = &mc->money[mc->nmoney++];
            mm->member = j;
            for (size_t i = first; i < np; i++) {
                const cylch_mc_param *q = &mc->param[i];
                if (q->role == CYLCH_MC_SCALE) {
                    mm->scale = i;
                    mm->has_scale = 1;
                    mm->centre = q->centre;
                } else if (q->role == CYLCH_MC_SPLIT) {
                    mm->stick[q->index] = i;
                    mm->nstick = q->index + 1 > mm->nstick ? q->index + 1 : mm->nstick;
                }
            }
        }
    }
    mc->nparams = np;
    for (size_t i = 0; i < np; i++) {
        const cylch_mc_param *q = &mc->param[i];
        if (q->is_place || q->role == CYLCH_MC_COLUMN)
            mc->put[mc->nput++] = (cylch_mc_put){
                i, q->is_place ? (size_t)q->index : q->member * CYLCH_NCOLS + (size_t)q->index,
                q->is_place, q->kept_share};
    }
    for (size_t i = 0; i < np; i++) {
        cylch_mc_param *q = &mc->param[i];
        if (q->rho > 0.0) {
            size_t c = 0;
            while (c < mc->ncommon && mc->common[c] != q->common_stream)
                c++;
            if (c == mc->ncommon)
                mc->common[mc->ncommon++] = q->common_stream;
            q->common = c;
            q->wc = sqrt(q->rho);
            q->wo = sqrt(1.0 - q->rho);
        }
        /* the tables are built by cylch_mc_run, on the run's threads */
        int rc = cylch_dist_sampler_prepare(&q->smp, q->dist, q->range, q->centre, err);
        if (rc) {
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err->msg);
            cylch_error_set(err, rc, "%s: %s", q->name, why);
            cylch_mc_free(mc);
            return rc;
        }
        q->closed = q->rho > 0.0 && cylch_dist_sampler_closed_at_z(&q->smp);
    }
    if (mc->ncommon) {
        const cylch_dist unit = {CYLCH_DIST_NORMAL, {0.0, 1.0, 0.0}};
        int rc = cylch_dist_sampler_init(&mc->znorm, &unit, CYLCH_RANGE_ANY, 0.0, err);
        if (rc) {
            cylch_mc_free(mc);
            return rc;
        }
    }
    mc->draws = s->draws;
    mc->seed = s->seed;
    mc->rounds = s->rounds;
    if (mc->draws) {
        /* Touched page by page by the threads that fill it, in cylch_mc_run. */
        mc->head = store_alloc(mc->draws * CYLCH_NHEAD * sizeof *mc->head);
        if (!mc->head)
            goto nomem;
        if (keep_inputs && np) {
            mc->inputs = malloc(mc->draws * np * sizeof *mc->inputs);
            if (!mc->inputs)
                goto nomem;
        }
        if (keep_inputs) {
            mc->inj = malloc(mc->draws * CYLCH_NSRC * sizeof *mc->inj);
            if (!mc->inj)
                goto nomem;
        }
    }
    *out = mc;
    return CYLCH_OK;
nomem:
    cylch_mc_free(mc);
    return cylch_error_set(err, CYLCH_ENOMEM, "out of memory for %lu draws",
                           (unsigned long)s->draws);
}

double cylch_mc_param_value(const cylch_mc_param *q, double draw)
{
    return q->kept_share > 0.0 ? q->kept_share + (1.0 - q->kept_share) * draw : draw;
}

/* Adds to the message of a failing draw the place parameters it drew ("drawn in this
 * draw: household_local_spend = 1 from beta(a=0.53,b=0.05)"): the model can only say
 * "check the [place] parameters", and the scenario's numbers are not what was drawn.
 * u: the draw's parameter values. Cut at the message's length, never past it. */
static void note_place_draws(const cylch_mc *mc, const double *u, cylch_error *e)
{
    size_t len = strlen(e->msg);
    const char *sep = _(" (drawn in this draw: ");
    for (size_t i = 0; i < mc->nparams; i++) {
        const cylch_mc_param *q = &mc->param[i];
        char d[CYLCH_DIST_TEXT_MAX];
        const char *name = strncmp(q->name, "place.", 6) ? q->name : q->name + 6;
        int n;
        if (!q->is_place)
            continue;
        cylch_dist_format(q->dist, d, sizeof d);
        n = snprintf(e->msg + len, sizeof e->msg - len, _("%s%s = %.6g from %s"), sep, name,
                     cylch_mc_param_value(q, u[i]), d);
        if (n < 0 || (size_t)n + 2 >= sizeof e->msg - len) {
            e->msg[len] = '\0';
            break;
        }
        len += (size_t)n;
        sep = ", ";
    }
    if (*sep == ',')
        snprintf(e->msg + len, sizeof e->msg - len, ")");
}

/* The Gaussian copula of DESIGN §8.6: the normal score z = √ρ z_common +
 * √(1 − ρ) z_own of a correlated parameter, still monotone in its own uniform u. */
static double normal_score(const cylch_mc *mc, const cylch_mc_param *q, double zc, double u)
{
    return q->wc * zc + q->wo * cylch_dist_sampler_quantile(&mc->znorm, u);
}

/* Parameter q's value from its own uniform u and its column's common normal score zc. */
static double value_of(const cylch_mc *mc, const cylch_mc_param *q, double zc, double u)
{
    if (q->rho > 0.0)
        return cylch_dist_sampler_at_z(&q->smp, normal_score(mc, q, zc, u));
    return cylch_dist_sampler_quantile(&q->smp, u);
}

static double common_score(const cylch_mc *mc, const cylch_mc_param *q, uint64_t k)
{
    return cylch_dist_sampler_quantile(&mc->znorm, cylch_rng_u01(mc->seed, q->common_stream, k));
}

double cylch_mc_uniform(const cylch_mc *mc, const cylch_mc_param *q, uint64_t k)
{
    double u = cylch_rng_u01(mc->seed, q->stream, k);
    if (q->rho > 0.0)
        u = cylch_dist_phi(normal_score(mc, q, common_score(mc, q, k), u));
    return u;
}

double cylch_mc_draw(const cylch_mc *mc, const cylch_mc_param *q, uint64_t k)
{
    double u = cylch_rng_u01(mc->seed, q->stream, k);
    return value_of(mc, q, q->rho > 0.0 ? common_score(mc, q, k) : 0.0, u);
}

/* Write the parameters' values into vals (raw: x as drawn, converted by
 * cylch_mc_param_value; otherwise x already converted) and complete the rows of
 * members whose money is drawn (§8.6); place parameters into p (may be NULL). */
static void apply_params(const cylch_mc *mc, const double *x, int raw, double *vals, cylch_place *p,
                         double *trade)
{
    for (size_t a = 0; a < mc->nmoney; a++) {
        size_t j = mc->money[a].member;
        memcpy(vals + j * CYLCH_NCOLS, mc->base + j * CYLCH_NCOLS, CYLCH_NCOLS * sizeof *vals);
    }
    for (size_t b = 0; b < mc->nput; b++) {
        const cylch_mc_put *t = &mc->put[b];
        double v = x[t->param];
        if (t->is_place) {
            if (p)
                p->v[t->dest] = v;
        } else {
            vals[t->dest] = raw && t->kept_share > 0.0 ? t->kept_share + (1.0 - t->kept_share) * v : v;
        }
    }
    for (size_t a = 0; a < mc->nmoney; a++) {
        const cylch_mc_money *mm = &mc->money[a];
        size_t j = mm->member;
        double scale = mm->has_scale ? x[mm->scale] / mm->centre : 1.0;
        double stick[CYLCH_NPARTS], share[CYLCH_NPARTS], k;
        for (int i = 0; i < mm->nstick; i++)
            stick[i] = x[mm->stick[i]];
        if (mm->nstick)
            cylch_split_shares(&mc->split[j], stick, share);
        k = cylch_money_apply(mc->base + j * CYLCH_NCOLS, vals + j * CYLCH_NCOLS, scale,
                              mm->nstick ? share : NULL);
        if (trade)
            trade[j] = k;
    }
}

int cylch_mc_eval(const cylch_mc *mc, cylch_model *m, double *vals, cylch_place *p,
                  const double *u, double *head, cylch_error *err)
{
    int rc;
    apply_params(mc, u, 1, vals, p, cylch_model_trade_factors(m));
    if ((rc = cylch_model_build(m, vals, p, err)))
        return rc;
    return cylch_model_headline(m, mc->rounds, head, err);
}

/* Whether a parameter's draws use its sampler's table: not a normal or
 * lognormal with a common factor, drawn in closed form from its score. */
static int needs_table(const cylch_mc_param *q)
{
    return !q->closed;
}

/* For each parameter that needs a table, the first one (lowest index) whose
 * sampler builds the same table (cylch_dist_sampler_table_cmp); lead[i] == i
 * for the ones that build it and for those that need none. NULL when out of
 * memory. */
typedef struct table_key {
    const cylch_dist_sampler *smp;
    size_t i;
} table_key;

static int table_key_cmp(const void *pa, const void *pb)
{
    const table_key *a = pa, *b = pb;
    int c = cylch_dist_sampler_table_cmp(a->smp, b->smp);
    return c ? c : a->i < b->i ? -1 : a->i > b->i;
}

static size_t *table_leaders(const cylch_mc *mc)
{
    const size_t np = mc->nparams;
    size_t *lead = malloc((np ? np : 1) * sizeof *lead);
    table_key *k = malloc((np ? np : 1) * sizeof *k);
    size_t nk = 0;
    if (!lead || !k) {
        free(lead);
        free(k);
        return NULL;
    }
    for (size_t i = 0; i < np; i++) {
        lead[i] = i;
        if (needs_table(&mc->param[i]))
            k[nk++] = (table_key){&mc->param[i].smp, i};
    }
    qsort(k, nk, sizeof *k, table_key_cmp);
    for (size_t a = 1; a < nk; a++)
        if (cylch_dist_sampler_table_cmp(k[a - 1].smp, k[a].smp) == 0)
            lead[k[a].i] = lead[k[a - 1].i];
    free(k);
    return lead;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int cylch_mc_run(cylch_mc *mc, const cylch_scenario *s, const cylch_network *net,
                 unsigned threads, cylch_mc_progress_fn progress, void *progress_ctx,
                 volatile sig_atomic_t *stop, cylch_error *err)
{
    const size_t draws = mc->draws, np = mc->nparams;
    int nthreads = 1;
    size_t fail_draw = (size_t)-1;
    int fail_status = CYLCH_OK;
    cylch_error fail_err;
    int setup_failed = 0, interrupted = 0;
    size_t done_count = 0;
    double last_report = now_seconds();
    cylch_place base_place;
    size_t *lead;

    cylch_error_clear(&fail_err);
    if (draws == 0)
        return CYLCH_OK;
    if (!(lead = table_leaders(mc)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory for the Monte Carlo workspaces");
    cylch_scenario_place_point(s, &base_place);
#ifdef _OPENMP
    nthreads = threads ? (int)threads : omp_get_max_threads();
#else
    (void)threads;
#endif
    mc->threads = (unsigned)nthreads;

#pragma omp parallel num_threads(nthreads)
    {
        /* The thread's workspace, made once before its draws. */
        cylch_model *m = cylch_model_new(net);
        double *vals = cylch_network_values(net);
        double *u = malloc((np ? np : 1) * sizeof *u);
        double *u4 = malloc(4 * (np ? np : 1) * sizeof *u4);
        cylch_dist_pending4 *pend = malloc((np ? np : 1) * sizeof *pend);
        double zc4[CYLCH_NCOLS + 1][4];
        cylch_place p = base_place;
        cylch_error e;
        size_t my_fail = (size_t)-1;
        int my_status = CYLCH_OK;
        cylch_error my_err;
        int ok = m && vals && u && u4 && pend;
        if (m)
            cylch_model_set_fast(m, 1);
        int master = 0;
#ifdef _OPENMP
        master = omp_get_thread_num() == 0;
#else
        master = 1;
#endif
        cylch_error_clear(&my_err);
        if (!ok) {
#pragma omp atomic write
            setup_failed = 1;
        }
        /* The parameters' quantile tables, side by side (each the same on any
         * thread count: it depends on its distribution alone); parameters with
         * the same distribution share one (the members' shares often do). */
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i < np; i++)
            if (lead[i] == i && needs_table(&mc->param[i]) &&
                cylch_dist_sampler_tabulate(&mc->param[i].smp, &e)) {
#pragma omp atomic write
                setup_failed = 1;
            }
#pragma omp for schedule(static)
        for (size_t i = 0; i < np; i++)
            if (lead[i] != i && !mc->param[i].smp.tabulated)
                cylch_dist_sampler_share(&mc->param[i].smp, &mc->param[lead[i]].smp);
        /* The store is not cleared first: the draws write every value, and its
         * pages (huge ones, see store_alloc) are first touched by the threads
         * that fill them. */
        /* Draws in groups of four, each parameter's four uniforms from one Philox
         * block (cylch_rng_u01x4) and its four quantiles together; every value
         * depends on (seed, parameter, draw) alone, so the groups may run on any
         * thread. */
#pragma omp for schedule(dynamic, 16)
        for (size_t g = 0; g < (draws + 3) / 4; g++) {
            if (setup_failed || (stop && *stop)) {
                if (stop && *stop) {
#pragma omp atomic write
                    interrupted = 1;
                }
                continue;
            }
            /* each common factor's normal scores once, for all its parameters */
            for (size_t c = 0; c < mc->ncommon; c++) {
                cylch_dist_pending4 pc;
                cylch_rng_u01x4(mc->seed, mc->common[c], (uint64_t)g, zc4[c]);
                cylch_dist_sampler_find4(&mc->znorm, zc4[c], &pc);
                cylch_dist_sampler_finish4(&mc->znorm, &pc, zc4[c]);
            }
            /* First every parameter's uniforms and table cells (asked for from
             * memory), then the values: the cells arrive while the other
             * parameters' Philox blocks are computed. A correlated parameter's
             * first cells are of its own normal score (DESIGN §8.6); from the
             * score its value, in closed form or by a second look-up, at Φ(z). */
            for (size_t i = 0; i < np; i++) {
                const cylch_mc_param *q = &mc->param[i];
                double *v = u4 + 4 * i;
                cylch_rng_u01x4(mc->seed, q->stream, (uint64_t)g, v);
                cylch_dist_sampler_find4(q->rho > 0.0 ? &mc->znorm : &q->smp, v, &pend[i]);
            }
            for (size_t i = 0; i < np; i++) {
                const cylch_mc_param *q = &mc->param[i];
                double *v = u4 + 4 * i;
                if (!(q->rho > 0.0))
                    continue;
                cylch_dist_sampler_finish4(&mc->znorm, &pend[i], v);
                for (int r = 0; r < 4; r++)
                    v[r] = q->wc * zc4[q->common][r] + q->wo * v[r];   /* as normal_score */
                if (q->closed)
                    for (int r = 0; r < 4; r++)
                        v[r] = cylch_dist_sampler_at_z(&q->smp, v[r]);
                else {
                    for (int r = 0; r < 4; r++)
                        v[r] = cylch_dist_phi(v[r]);                   /* as at_z */
                    cylch_dist_sampler_find4(&q->smp, v, &pend[i]);
                }
            }
            for (size_t i = 0; i < np; i++)
                if (!mc->param[i].closed)
                    cylch_dist_sampler_finish4(&mc->param[i].smp, &pend[i], u4 + 4 * i);
            for (size_t k = 4 * g; k < 4 * g + 4 && k < draws; k++) {
                int rc;
                for (size_t i = 0; i < np; i++)
                    u[i] = u4[4 * i + (k & 3)];
                if (mc->inputs)
                    for (size_t i = 0; i < np; i++)
                        mc->inputs[k * np + i] = cylch_mc_param_value(&mc->param[i], u[i]);
                rc = cylch_mc_eval(mc, m, vals, &p, u, mc->head + k * CYLCH_NHEAD, &e);
                if (mc->inj)
                    for (int src = 0; src < CYLCH_NSRC; src++) {
                        double sum = 0.0;
                        for (size_t a = 0; a < cylch_model_agents(m); a++)
                            sum += cylch_model_injection(m, src, a);
                        mc->inj[k * CYLCH_NSRC + (size_t)src] = rc ? NAN : sum;
                    }
                if (rc) {
                    /* Keep the first failing draw of this thread; all draws still run, so the
                     * reported draw is the same whatever the thread count. */
                    for (size_t h = 0; h < CYLCH_NHEAD; h++)
                        mc->head[k * CYLCH_NHEAD + h] = NAN;
                    if (k < my_fail) {
                        my_fail = k;
                        my_status = rc;
                        my_err = e;
                        note_place_draws(mc, u, &my_err);
                    }
                }
            }
            if (progress) {
                size_t d;
#pragma omp atomic capture
                d = done_count += 4;
                if (master && (g & 63) == 0) {
                    double t = now_seconds();
                    if (t - last_report >= 0.1) {
                        last_report = t;
                        progress(progress_ctx, d < draws ? d : draws, draws);
                    }
                }
            }
        }
#pragma omp critical(cylch_mc_fail)
        {
            if (my_fail < fail_draw) {
                fail_draw = my_fail;
                fail_status = my_status;
                fail_err = my_err;
            }
        }
        free(pend);
        free(u4);
        free(u);
        free(vals);
        cylch_model_free(m);
    }
    free(lead);
    if (setup_failed)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory for the Monte Carlo workspaces");
    if (interrupted || (stop && *stop))
        return cylch_error_set(err, CYLCH_EINTERRUPTED, "interrupted; the previous results are untouched");
    if (fail_status)
        return cylch_error_set(err, fail_status,
                               "Monte Carlo draw %zu (seed %llu): %s. The uncertainty ranges allow "
                               "values for which the model has no finite answer; narrow them",
                               fail_draw + 1, (unsigned long long)mc->seed, fail_err.msg);
    if (progress)
        progress(progress_ctx, draws, draws);
    mc->done = draws;
    return CYLCH_OK;
}

void cylch_mc_column(const cylch_mc *mc, int h, double *x)
{
    for (size_t k = 0; k < mc->done; k++)
        x[k] = mc->head[k * CYLCH_NHEAD + (size_t)h];
}

int cylch_mc_summarise(const cylch_mc *mc, cylch_stats_summary *out, cylch_error *err)
{
    int nthreads = mc->threads ? (int)mc->threads : 1;
    int status[CYLCH_NHEAD] = {0};
    cylch_error errs[CYLCH_NHEAD];
    int nomem = 0;
    if (nthreads > CYLCH_NHEAD)
        nthreads = CYLCH_NHEAD;
    /* Columns side by side, one working copy per thread: each column's summary is
     * computed serially from its own values, so it is the same on any thread count. */
#pragma omp parallel num_threads(nthreads)
    {
        double *x = malloc((mc->done ? mc->done : 1) * sizeof *x);
        if (!x) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (int h = 0; h < CYLCH_NHEAD; h++) {
            cylch_stats_summary *s = &out[h];
            if (!x)
                continue;
            cylch_mc_column(mc, h, x);
            if (mc->done == 0 || !isfinite(x[0])) {
                s->n = mc->done;
                s->mean = s->sd = s->se = s->p5 = s->p50 = s->p95 = s->min = s->max = NAN;
                continue;
            }
            status[h] = cylch_stats_summarise_inplace(x, mc->done, s, &errs[h]);
        }
        free(x);
    }
    if (nomem)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (int h = 0; h < CYLCH_NHEAD; h++)
        if (status[h]) {
            if (err)
                *err = errs[h];
            return status[h];
        }
    return CYLCH_OK;
}
