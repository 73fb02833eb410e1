/* cylch — comparing scenarios draw by draw with common random numbers
 * (see include/cylch/compare.h for the quantities and the pairing). */
#include "cylch/uncertainty/compare.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/io/csvio.h"
#include "cylch/io/format.h"
#include "cylch/io/json.h"
#include "cylch/io/lang.h"
#include "cylch/io/results.h"
#include "cylch/uncertainty/stats.h"

void cylch_compare_quantity_name(int q, char *buf, size_t len)
{
    if (q >= 0 && q < CYLCH_NHEAD)
        cylch_headline_name(q, buf, len);
    else if (q >= CYLCH_NHEAD && q < CYLCH_COMPARE_NQ)
        snprintf(buf, len, "%s.local_value", cylch_source_name(q - CYLCH_NHEAD));
    else
        snprintf(buf, len, "?");
}

void cylch_compare_quantity_label(int q, size_t K, char *buf, size_t len)
{
    if (q >= 0 && q < CYLCH_NHEAD)
        cylch_headline_label(q, K, buf, len);
    else if (q >= CYLCH_NHEAD && q < CYLCH_COMPARE_NQ)
        snprintf(buf, len, "Local circulation set going by %s, all rounds",
                 cylch_source_words(q - CYLCH_NHEAD));
    else
        snprintf(buf, len, "?");
}

const char *cylch_compare_quantity_unit(int q)
{
    if (q >= 0 && q < CYLCH_NHEAD)
        return cylch_headline_unit(q);
    return q >= CYLCH_NHEAD && q < CYLCH_COMPARE_NQ ? "£ a year" : "?";
}

double cylch_compare_delta(double other, double base)
{
    const double d = other - base, m = fmax(fabs(other), fabs(base));
    double ulp;
    if (!isfinite(d) || m == 0.0)
        return d;
    /* The spacing of doubles at m (2^(e − 52) for m in [2^e, 2^(e+1))); at least the
     * smallest subnormal, where ldexp underflows. */
    ulp = fmax(ldexp(DBL_EPSILON, ilogb(m)), DBL_TRUE_MIN);
    return fabs(d) <= CYLCH_COMPARE_ULPS * ulp ? 0.0 : d;
}

/* V = LM∞ · injection, £/year; 0 when the source brings no money. */
static double local_value(double lm_inf, double injection)
{
    return injection > 0.0 ? lm_inf * injection : 0.0;
}

/* Injection of each source from member values (n × CYLCH_NCOLS), £/year. */
/* 1 if a column that makes up an injection is drawn in the Monte Carlo. */
static int money_uncertain(const cylch_scenario *s)
{
    static const int cols[] = {CYLCH_COL_GRANT, CYLCH_COL_LOAN, CYLCH_COL_TRADE_LOCAL,
                               CYLCH_COL_TRADE_EXTERNAL};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        if (s->has_unc[cols[i]] && !cylch_dist_is_fixed(&s->unc[cols[i]]))
            return 1;
    return s->has_income && !cylch_dist_is_fixed(&s->income);   /* §8.6: a scale moves income */
}

int cylch_compare_moved_source(const cylch_network *base, const cylch_network *other)
{
    /* The columns of money from outside and the source each belongs to. Local sales
     * (trade_local) are local money re-routed: a policy that also brings money from
     * outside is valued by that money alone, since counting its local sales would credit
     * it with spending that circulated locally anyway (displacement). A policy that moves
     * no money from outside is valued by the members' whole income. */
    static const int col[] = {CYLCH_COL_GRANT, CYLCH_COL_LOAN, CYLCH_COL_TRADE_EXTERNAL};
    static const int src[] = {CYLCH_SRC_GRANT, CYLCH_SRC_LOAN, CYLCH_SRC_TRADE};
    int moved[3] = {0, 0, 0}, n = 0, which = CYLCH_SRC_INCOME;
    /* Every member of one network against the same member (or nothing) in the other. */
    for (int pass = 0; pass < 2; pass++) {
        const cylch_network *a = pass ? other : base, *b = pass ? base : other;
        for (size_t j = 0; j < a->n; j++) {
            long k = cylch_network_find(b, a->m[j].id);
            for (int c = 0; c < 3; c++)
                if (k < 0 ? a->m[j].v[col[c]] != 0.0 : a->m[j].v[col[c]] != b->m[k].v[col[c]])
                    moved[c] = 1;
        }
    }
    for (int c = 0; c < 3; c++)
        if (moved[c]) {
            n++;
            which = src[c];
        }
    return n > 1 ? CYLCH_SRC_EXTERNAL : which;
}

const char *cylch_compare_money_name(int source)
{
    switch (source) {
    case CYLCH_SRC_GRANT: return "grant";
    case CYLCH_SRC_LOAN: return "loan";
    case CYLCH_SRC_TRADE: return "trade";
    case CYLCH_SRC_EXTERNAL: return "outside";
    default: return "all";
    }
}

static void scenario_clear(cylch_compare_scenario *sc)
{
    cylch_mc_free(sc->mc);
    free(sc->value);
    cylch_run_free(sc->run);
    memset(sc, 0, sizeof *sc);
}

void cylch_compare_free(cylch_compare *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nscen; i++)
        scenario_clear(&c->sc[i]);
    free(c->sc);
    free(c->diff);
    free(c);
}

/* What differs, for pairing_note: in English (local 0) or the run's language (1). */
static void pairing_what(const cylch_scenario *base, const cylch_scenario *s, int local, char *what,
                         size_t size)
{
#define TR(x) (local ? _(x) : (x))
    size_t n = 0;
    what[0] = '\0';
    for (int c = 0; c < CYLCH_NCOLS; c++) {
        char a[CYLCH_DIST_TEXT_MAX], b[CYLCH_DIST_TEXT_MAX];
        /* §8.6: `<column>.correlation` moves every member's draw of the column (its
         * common factor), so it counts only where the column is drawn */
        double ra = base->has_unc[c] ? base->unc_rho[c] : 0.0, rb = s->has_unc[c] ? s->unc_rho[c] : 0.0;
        snprintf(a, sizeof a, "%s", TR(N_("none")));
        snprintf(b, sizeof b, "%s", TR(N_("none")));
        if (base->has_unc[c])
            cylch_dist_format(&base->unc[c], a, sizeof a);
        if (s->has_unc[c])
            cylch_dist_format(&s->unc[c], b, sizeof b);
        if (strcmp(a, b) != 0 && n < size)
            n += (size_t)snprintf(what + n, size - n, TR(N_("%s%s (base: %s; here: %s)")), n ? ", " : "",
                                  cylch_col_name(c), a, b);
        else if (ra != rb && n < size)
            n += (size_t)snprintf(what + n, size - n, TR(N_("%s%s.correlation (base: %g; here: %g)")),
                                  n ? ", " : "", cylch_col_name(c), ra, rb);
    }
    {
        /* §8.6: income drawn as a scale, and the split of spending */
        char a[CYLCH_DIST_TEXT_MAX + 64], b[CYLCH_DIST_TEXT_MAX + 64];
        snprintf(a, sizeof a, "%s", TR(N_("none")));
        snprintf(b, sizeof b, "%s", TR(N_("none")));
        if (base->has_income)
            cylch_dist_format(&base->income, a, sizeof a);
        if (s->has_income)
            cylch_dist_format(&s->income, b, sizeof b);
        double ra = base->has_income ? base->income_rho : 0.0, rb = s->has_income ? s->income_rho : 0.0;
        if ((strcmp(a, b) != 0 || ra != rb) && n < size)
            n += (size_t)snprintf(what + n, size - n, TR(N_("%sincome (base: %s, correlation %g; "
                                  "here: %s, correlation %g)")), n ? ", " : "", a, ra, b, rb);
        if (base->split_sd != s->split_sd && n < size)
            n += (size_t)snprintf(what + n, size - n, TR(N_("%ssplit (base: sd %g; here: sd %g)")),
                                  n ? ", " : "", base->split_sd, s->split_sd);
    }
    for (int p = 0; p < CYLCH_NPLACE; p++)
        if (cylch_dist_is_fixed(&base->place[p]) != cylch_dist_is_fixed(&s->place[p]) && n < size)
            n += (size_t)snprintf(what + n, size - n, TR(N_("%s%s (%s in the base, %s here)")),
                                  n ? ", " : "", cylch_place_name(p),
                                  cylch_dist_is_fixed(&base->place[p]) ? TR(N_("fixed")) : TR(N_("uncertain")),
                                  cylch_dist_is_fixed(&s->place[p]) ? TR(N_("fixed")) : TR(N_("uncertain")));
#undef TR
}

/* A note when s's uncertain inputs differ in kind from the base's: any line of
 * [uncertainty] that shapes the draws (a column's distribution given in one and
 * not the other or written differently, a column's `.correlation` where the
 * column is drawn, `income` and `income.correlation`, `split`), or a place value
 * fixed in one and drawn in the other. Then its draws do not pair with the
 * base's and the ranges of the differences are wider than the policy makes
 * them. (A place value drawn in both but differently is a policy, e.g. a
 * buy-local campaign's household_member_share, and keeps the pairing: both
 * take the same uniform.) */
static int pairing_note(const char *path, const cylch_scenario *base, const cylch_scenario *s,
                        cylch_notes *notes, cylch_error *err)
{
    static const char *const fmt =
        N_("warning: %s does not draw the same uncertain inputs as the base, %s: %s; its draws are not "
           "paired with the base's, so the ranges of its differences are wider than the policy alone "
           "makes them. Write `base = %s` in its [scenario] to inherit the base's [place] and "
           "[uncertainty]");
    char what[512], what_text[1024], *line = NULL, *text = NULL;
    size_t len;
    int rc = CYLCH_OK;
    pairing_what(base, s, 0, what, sizeof what);
    if (!what[0])
        return CYLCH_OK;
    pairing_what(base, s, 1, what_text, sizeof what_text);
    len = strlen(_(fmt)) + strlen(fmt) + 2 * (strlen(path) + 2 * strlen(base->path)) + sizeof what_text;
    if (!(line = malloc(len)) || !(text = malloc(len)))
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    else {
        snprintf(line, len, fmt, path, base->path, what, base->path);
        snprintf(text, len, _(fmt), path, base->path, what_text, base->path);
        if (cylch_notes_add_text(notes, line, text))
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    free(line);
    free(text);
    return rc;
}

/* Load, edit and solve one scenario at its point values. base is NULL for the base. */
static int load_one(const char *path, const cylch_compare_options *opt,
                    const cylch_compare_scenario *base, cylch_compare_scenario *sc, cylch_error *err)
{
    cylch_run_options ro = {0, 0, 0, 0, 0, NULL};
    int rc;

    if (!base && opt) {
        ro.have_draws = opt->have_draws;
        ro.draws = opt->draws;
        ro.have_seed = opt->have_seed;
        ro.seed = opt->seed;
    }
    if ((rc = cylch_run_load(path, &ro, &sc->run, err)))
        return rc;
    sc->s = sc->run->s;
    sc->notes = &sc->run->notes;
    if (base) {
        /* Paired draws need the same seed and number of draws in every scenario. */
        if (sc->s->seed != base->s->seed && !(opt && opt->have_seed)) {
            if (cylch_notes_addf(sc->notes, err, "%s: seed %llu replaced by %llu, the base's, so that the "
                                 "draws pair up", path, (unsigned long long)sc->s->seed,
                                 (unsigned long long)base->s->seed))
                return CYLCH_ENOMEM;
        }
        if (sc->s->draws != base->s->draws && !(opt && opt->have_draws)) {
            if (cylch_notes_addf(sc->notes, err, "%s: draws = %lu replaced by %lu, the base's", path,
                                 sc->s->draws, base->s->draws))
                return CYLCH_ENOMEM;
        }
        sc->s->seed = base->s->seed;
        sc->s->draws = base->s->draws;
        if ((rc = pairing_note(path, base->s, sc->s, sc->notes, err)))
            return rc;
    }
    rc = cylch_run_solve(sc->run, err);
    sc->net = sc->run->net;
    sc->point = sc->run->point;
    if (rc)
        return rc;
    sc->cost = cylch_scenario_cost(sc->s, sc->net);
    for (int h = 0; h < CYLCH_NHEAD; h++)
        sc->point_q[h] = cylch_result_headline(sc->point, h);
    for (int s = 0; s < CYLCH_NSRC; s++)
        sc->point_q[CYLCH_COMPARE_VALUE(s)] =
            local_value(sc->point->src[s].lm_inf, sc->point->src[s].injection);
    return CYLCH_OK;
}

/* Point differences (and, with draws, the per-draw ones) of every other scenario. */
static int fill_diffs(cylch_compare *c, cylch_error *err)
{
    const size_t N = c->sc[0].mc ? c->draws : 0;
    double *d = NULL;
    int rc = CYLCH_OK;
    if (N) {
        d = malloc(N * sizeof *d);
        if (!d) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto done;
        }
    }
    for (size_t o = 1; o < c->nscen; o++)
        for (int q = 0; q < CYLCH_COMPARE_NQ; q++) {
            cylch_compare_diff *df = &c->diff[(o - 1) * CYLCH_COMPARE_NQ + (size_t)q];
            double b = c->sc[0].point_q[q], x = c->sc[o].point_q[q];
            size_t gt = 0, lt = 0;
            int finite = 1;
            cylch_stats_summary st;
            df->valid = isfinite(b) && isfinite(x);
            df->base_point = b;
            df->other_point = x;
            df->point_diff = df->valid ? cylch_compare_delta(x, b) : NAN;
            df->mean = df->sd = df->p5 = df->p50 = df->p95 = NAN;
            df->p_greater = df->p_less = NAN;
            if (!df->valid || !N)
                continue;
            for (size_t k = 0; k < N; k++) {
                d[k] = cylch_compare_delta(cylch_compare_draw(c, o, q, k), cylch_compare_draw(c, 0, q, k));
                if (!isfinite(d[k]))
                    finite = 0;
                else if (d[k] > 0.0)
                    gt++;
                else if (d[k] < 0.0)
                    lt++;
            }
            if (!finite) {
                df->valid = 0;
                df->point_diff = NAN;
                continue;
            }
            if ((rc = cylch_stats_summarise_inplace(d, N, &st, err)))
                goto done;
            df->mean = st.mean;
            df->sd = st.sd;
            df->p5 = st.p5;
            df->p50 = st.p50;
            df->p95 = st.p95;
            df->p_greater = (double)gt / (double)N;
            df->p_less = (double)lt / (double)N;
        }
done:
    free(d);
    return rc;
}

int cylch_compare_new(const char *const *paths, size_t n, const cylch_compare_options *opt,
                      cylch_compare **out, cylch_error *err)
{
    cylch_compare *c;
    int rc = CYLCH_OK;

    *out = NULL;
    if (!paths || n < 2)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "a comparison needs a base scenario and at least one other");
    c = calloc(1, sizeof *c);
    if (!c || !(c->sc = calloc(n, sizeof *c->sc)) ||
        !(c->diff = calloc((n - 1) * CYLCH_COMPARE_NQ, sizeof *c->diff))) {
        cylch_compare_free(c);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    c->nscen = n;
    for (size_t i = 0; i < n && rc == CYLCH_OK; i++)
        rc = load_one(paths[i], opt, i ? &c->sc[0] : NULL, &c->sc[i], err);
    if (rc) {
        cylch_compare_free(c);
        return rc;
    }
    c->sc[0].moved = CYLCH_SRC_INCOME;
    for (size_t i = 1; i < n; i++)
        c->sc[i].moved = cylch_compare_moved_source(c->sc[0].net, c->sc[i].net);
    c->draws = c->sc[0].s->draws;
    c->seed = c->sc[0].s->seed;
    c->headline = cylch_result_headline_index(c->sc[0].point);
    if ((rc = fill_diffs(c, err))) {
        cylch_compare_free(c);
        return rc;
    }
    *out = c;
    return CYLCH_OK;
}

typedef struct progress_wrap {
    const cylch_compare_options *opt;
    size_t i, n;
} progress_wrap;

static void progress_cb(void *ctx, size_t done, size_t total)
{
    progress_wrap *w = ctx;
    w->opt->progress(w->opt->progress_ctx, w->i, w->n, done, total);
}

/* Local value of every source in every draw: LM∞ of the draw times its injection. */
static int draw_values(cylch_compare_scenario *sc, size_t N, cylch_error *err)
{
    const cylch_mc *mc = sc->mc;
    double inj[CYLCH_NSRC];
    sc->value = malloc((N ? N : 1) * CYLCH_NSRC * sizeof *sc->value);
    if (!sc->value)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (int s = 0; s < CYLCH_NSRC; s++)
        inj[s] = sc->point->src[s].injection;
    for (size_t k = 0; k < N; k++) {
        const double *h = mc->head + k * CYLCH_NHEAD;
        if (mc->inj)   /* money is drawn: the draw's own injections (income's exogenous part, §8.1) */
            memcpy(inj, mc->inj + k * CYLCH_NSRC, sizeof inj);
        for (int s = 0; s < CYLCH_NSRC; s++)
            sc->value[k * CYLCH_NSRC + (size_t)s] = local_value(h[CYLCH_HEAD(s, CYLCH_Q_LM_INF)], inj[s]);
    }
    return CYLCH_OK;
}

int cylch_compare_run(cylch_compare *c, const cylch_compare_options *opt, cylch_error *err)
{
    const size_t N = c->draws;
    int rc;
    if (N == 0)
        return fill_diffs(c, err);
    for (size_t i = 0; i < c->nscen; i++) {
        cylch_compare_scenario *sc = &c->sc[i];
        progress_wrap w = {opt, i, c->nscen};
        cylch_mc_free(sc->mc);
        sc->mc = NULL;
        free(sc->value);
        sc->value = NULL;
        if ((rc = cylch_mc_new(sc->s, sc->net, money_uncertain(sc->s), &sc->mc, err)))
            return rc;
        rc = cylch_mc_run(sc->mc, sc->s, sc->net, opt ? opt->threads : 0,
                          opt && opt->progress ? progress_cb : NULL, &w, opt ? opt->stop : NULL, err);
        if (rc) {
            char what[600];
            snprintf(what, sizeof what, _("scenario %s (%s)"), sc->s->name, sc->s->path);
            return rc == CYLCH_EINTERRUPTED ? rc : cylch_error_prefix(err, rc, what);
        }
        if ((rc = draw_values(sc, N, err)))
            return rc;
    }
    if ((rc = fill_diffs(c, err)))
        return rc;
    c->have_diff = 1;
    return CYLCH_OK;
}

double cylch_compare_draw(const cylch_compare *c, size_t i, int q, size_t k)
{
    const cylch_compare_scenario *sc = &c->sc[i];
    if (!sc->mc || k >= c->draws)
        return NAN;
    if (q < CYLCH_NHEAD)
        return sc->mc->head[k * CYLCH_NHEAD + (size_t)q];
    return sc->value[k * CYLCH_NSRC + (size_t)(q - CYLCH_NHEAD)];
}

const cylch_compare_diff *cylch_compare_get(const cylch_compare *c, size_t o, int q)
{
    if (o < 1 || o >= c->nscen || q < 0 || q >= CYLCH_COMPARE_NQ)
        return NULL;
    return &c->diff[(o - 1) * CYLCH_COMPARE_NQ + (size_t)q];
}

/* ---------------------------------------------------------------- writers */

static size_t ranked(const cylch_compare *c, size_t *order, cylch_compare_per_pound *pp);

/* "per_pound": the ranking of cost.csv, best first. Returns −1 when out of memory. */
static int write_json_per_pound(cylch_json *j, const cylch_compare *c)
{
    size_t *order = calloc(c->nscen, sizeof *order), n;
    cylch_compare_per_pound *pp = calloc(c->nscen, sizeof *pp);
    if (!order || !pp) {
        free(order);
        free(pp);
        return -1;
    }
    n = ranked(c, order, pp);
    cylch_json_begin_array(j, "per_pound");
    for (size_t i = 0; i < n; i++) {
        const cylch_compare_per_pound *p = &pp[order[i]];
        const cylch_scenario *s = c->sc[order[i]].s;
        cylch_json_begin_object(j, NULL);
        cylch_json_uint(j, "rank", i + 1);
        cylch_json_str(j, "scenario", s->name);
        if (s->description)
            cylch_json_str(j, "description", s->description);
        else
            cylch_json_null(j, "description");
        cylch_json_str(j, "money_moved", cylch_compare_money_name(p->source));
        cylch_json_num(j, "cost", p->dcost);
        cylch_json_num(j, "change", p->dvalue);
        cylch_json_num(j, "per_pound", p->point);
        cylch_json_num(j, "per_pound_p5", p->p5);
        cylch_json_num(j, "per_pound_p95", p->p95);
        cylch_json_num(j, "p_per_pound_above_1", p->p_above_1);
        cylch_json_end_object(j);
    }
    cylch_json_end_array(j);
    free(order);
    free(pp);
    return 0;
}

int cylch_compare_write_json(FILE *f, const cylch_compare *c, const char *version)
{
    cylch_json j;
    char name[96];
    const size_t N = c->sc[0].mc ? c->draws : 0;
    double *x = NULL;

    if (N && !(x = malloc(N * sizeof *x)))
        return -1;
    cylch_json_init(&j, f);
    cylch_json_begin_object(&j, NULL);
    if (version)
        cylch_json_str(&j, "cylch_version", version);
    cylch_json_str(&j, "base", c->sc[0].s->name);
    cylch_json_uint(&j, "draws", N);
    cylch_json_uint(&j, "seed", c->seed);
    cylch_headline_name(c->headline, name, sizeof name);
    cylch_json_str(&j, "headline", name);
    cylch_json_begin_array(&j, "scenarios");
    for (size_t i = 0; i < c->nscen; i++) {
        const cylch_compare_scenario *sc = &c->sc[i];
        cylch_json_begin_object(&j, NULL);
        cylch_json_str(&j, "name", sc->s->name);
        cylch_json_str(&j, "file", sc->s->path);
        if (sc->s->description)
            cylch_json_str(&j, "description", sc->s->description);
        else
            cylch_json_null(&j, "description");
        cylch_json_str(&j, "network", sc->s->network);
        cylch_json_uint(&j, "members", sc->net->n);
        cylch_json_num(&j, "cost", sc->cost);
        cylch_json_str(&j, "money_moved", cylch_compare_money_name(sc->moved));
        cylch_json_begin_array(&j, "notes");
        for (size_t k = 0; k < sc->notes->n; k++)
            cylch_json_str(&j, NULL, sc->notes->line[k]);
        cylch_json_end_array(&j);
        cylch_json_begin_object(&j, "point");
        for (int q = 0; q < CYLCH_COMPARE_NQ; q++) {
            cylch_compare_quantity_name(q, name, sizeof name);
            cylch_json_num(&j, name, sc->point_q[q]);
        }
        cylch_json_end_object(&j);
        if (N) {
            cylch_json_begin_object(&j, "mc");
            for (int q = 0; q < CYLCH_COMPARE_NQ; q++) {
                cylch_stats_summary st;
                int ok = 1;
                cylch_compare_quantity_name(q, name, sizeof name);
                for (size_t k = 0; k < N && ok; k++)
                    ok = isfinite(x[k] = cylch_compare_draw(c, i, q, k));
                if (!ok || cylch_stats_summarise_inplace(x, N, &st, NULL) != CYLCH_OK) {
                    cylch_json_null(&j, name);
                    continue;
                }
                cylch_json_begin_object(&j, name);
                cylch_json_num(&j, "mean", st.mean);
                cylch_json_num(&j, "sd", st.sd);
                cylch_json_num(&j, "p5", st.p5);
                cylch_json_num(&j, "p50", st.p50);
                cylch_json_num(&j, "p95", st.p95);
                cylch_json_end_object(&j);
            }
            cylch_json_end_object(&j);
        }
        cylch_json_end_object(&j);
    }
    cylch_json_end_array(&j);
    cylch_json_begin_array(&j, "differences");
    for (size_t o = 1; o < c->nscen; o++) {
        cylch_json_begin_object(&j, NULL);
        cylch_json_str(&j, "scenario", c->sc[o].s->name);
        cylch_json_str(&j, "base", c->sc[0].s->name);
        cylch_json_begin_object(&j, "quantities");
        for (int q = 0; q < CYLCH_COMPARE_NQ; q++) {
            const cylch_compare_diff *df = cylch_compare_get(c, o, q);
            cylch_compare_quantity_name(q, name, sizeof name);
            if (!df->valid) {
                cylch_json_null(&j, name);
                continue;
            }
            cylch_json_begin_object(&j, name);
            cylch_json_num(&j, "base_point", df->base_point);
            cylch_json_num(&j, "other_point", df->other_point);
            cylch_json_num(&j, "point_diff", df->point_diff);
            cylch_json_num(&j, "mean_diff", df->mean);
            cylch_json_num(&j, "sd_diff", df->sd);
            cylch_json_num(&j, "p5_diff", df->p5);
            cylch_json_num(&j, "p50_diff", df->p50);
            cylch_json_num(&j, "p95_diff", df->p95);
            cylch_json_num(&j, "p_other_greater", df->p_greater);
            cylch_json_num(&j, "p_other_less", df->p_less);
            cylch_json_end_object(&j);
        }
        cylch_json_end_object(&j);
        cylch_json_end_object(&j);
    }
    cylch_json_end_array(&j);
    if (write_json_per_pound(&j, c)) {
        free(x);
        return -1;
    }
    cylch_json_end_object(&j);
    fputc('\n', f);
    free(x);
    return ferror(f) ? -1 : 0;
}

/* A number, or an empty field when it is not finite. */

int cylch_compare_write_csv(FILE *f, const cylch_compare *c)
{
    static const char *const cols[] = {
        "scenario", "quantity", "base_point", "other_point", "point_diff", "mean_diff", "sd_diff",
        "p5_diff", "p50_diff", "p95_diff", "p_other_greater", "p_other_less", "measure", "unit"
    };
    int bad = 0;
    char name[96], label[192];
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        bad |= cylch_csv_put(f, cols[i], i == 0);
    bad |= cylch_csv_end(f);
    for (size_t o = 1; o < c->nscen; o++)
        for (int q = 0; q < CYLCH_COMPARE_NQ; q++) {
            const cylch_compare_diff *df = cylch_compare_get(c, o, q);
            cylch_compare_quantity_name(q, name, sizeof name);
            bad |= cylch_csv_put(f, c->sc[o].s->name, 1);
            bad |= cylch_csv_put(f, name, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->base_point, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->other_point, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->point_diff, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->mean, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->sd, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->p5, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->p50, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->p95, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->p_greater, 0);
            bad |= cylch_csv_put_num_or_empty(f, df->p_less, 0);
            cylch_compare_quantity_label(q, c->sc[0].point->K, label, sizeof label);
            bad |= cylch_csv_put(f, label, 0);
            bad |= cylch_csv_put(f, cylch_compare_quantity_unit(q), 0);
            bad |= cylch_csv_end(f);
        }
    return bad || ferror(f) ? -1 : 0;
}

/* How compare-rounded.csv writes a unit: the unit shown, decimals, and the factor. */
static void rounded_unit(const char *unit, const char **shown, int *decimals, double *scale)
{
    *shown = unit;
    *scale = 1.0;
    if (!strcmp(unit, "£ a year"))
        *decimals = 0;
    else if (!strcmp(unit, "FTE"))
        *decimals = 1;
    else if (!strcmp(unit, "share")) {
        *shown = "%";
        *decimals = 1;
        *scale = 100.0;
    } else
        *decimals = 3;   /* £ per £1: to a tenth of a penny, as the terminal's "+0.2p" */
}

int cylch_compare_write_rounded_csv(FILE *f, const cylch_compare *c)
{
    static const char *const cols[] = {
        "Scenario", "Measure", "Unit", "Base", "This scenario", "Change", "Average change over the draws",
        "90% range of the change from", "90% range of the change to", "Draws higher than the base (%)",
        "Draws lower than the base (%)"
    };
    const size_t K = c->sc[0].point->K;
    int bad = 0;
    char label[192];
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        bad |= cylch_csv_put(f, cols[i], i == 0);
    bad |= cylch_csv_end(f);
    for (size_t o = 1; o < c->nscen; o++)
        for (int q = 0; q < CYLCH_COMPARE_NQ; q++) {
            const cylch_compare_diff *df = cylch_compare_get(c, o, q);
            const char *unit;
            int dec;
            double sc;
            if (!df->valid || (q < CYLCH_NHEAD - 1 && q % CYLCH_NQ == CYLCH_Q_LMK && K == 3))
                continue;   /* no value; LMk is LM3 */
            rounded_unit(cylch_compare_quantity_unit(q), &unit, &dec, &sc);
            cylch_compare_quantity_label(q, K, label, sizeof label);
            bad |= cylch_csv_put(f, c->sc[o].s->name, 1) | cylch_csv_put(f, label, 0) |
                   cylch_csv_put(f, unit, 0) | cylch_csv_put_fixed(f, sc * df->base_point, dec, 0) |
                   cylch_csv_put_fixed(f, sc * df->other_point, dec, 0) |
                   cylch_csv_put_fixed(f, sc * df->point_diff, dec, 0) |
                   cylch_csv_put_fixed(f, sc * df->mean, dec, 0) | cylch_csv_put_fixed(f, sc * df->p5, dec, 0) |
                   cylch_csv_put_fixed(f, sc * df->p95, dec, 0) |
                   cylch_csv_put_fixed(f, 100.0 * df->p_greater, 1, 0) |
                   cylch_csv_put_fixed(f, 100.0 * df->p_less, 1, 0) | cylch_csv_end(f);
        }
    return bad || ferror(f) ? -1 : 0;
}

int cylch_compare_write_draws_csv(FILE *f, const cylch_compare *c)
{
    static const char *const suffix[4] = {"multiplier", "local_value", "multiplier_diff",
                                          "local_value_diff"};
    const int qv = CYLCH_COMPARE_VALUE(CYLCH_SRC_INCOME);
    const size_t N = c->sc[0].mc ? c->draws : 0;
    int bad = cylch_csv_put(f, "draw", 1);
    char name[600];
    for (size_t i = 0; i < c->nscen; i++)
        for (int k = 0; k < 4; k++) {
            snprintf(name, sizeof name, "%s.%s", c->sc[i].s->name, suffix[k]);
            bad |= cylch_csv_put(f, name, 0);
        }
    bad |= cylch_csv_end(f);
    for (size_t k = 0; k < N; k++) {
        double bm = cylch_compare_draw(c, 0, c->headline, k), bv = cylch_compare_draw(c, 0, qv, k);
        snprintf(name, sizeof name, "%zu", k + 1);
        bad |= cylch_csv_put(f, name, 1);
        for (size_t i = 0; i < c->nscen; i++) {
            double m = cylch_compare_draw(c, i, c->headline, k), v = cylch_compare_draw(c, i, qv, k);
            bad |= cylch_csv_put_num_or_empty(f, m, 0);
            bad |= cylch_csv_put_num_or_empty(f, v, 0);
            bad |= cylch_csv_put_num_or_empty(f, cylch_compare_delta(m, bm), 0);
            bad |= cylch_csv_put_num_or_empty(f, cylch_compare_delta(v, bv), 0);
        }
        bad |= cylch_csv_end(f);
    }
    return bad || ferror(f) ? -1 : 0;
}

/* ---------------------------------------------------------------- summary */

/* £ with an explicit sign for a change: "+£1,234", "−£5.20M", "£0". */
static void signed_money(double v, char *buf, size_t len)
{
    char a[48];
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", _("no value"));
        return;
    }
    if (v == 0.0) {
        snprintf(buf, len, "£0");
        return;
    }
    cylch_format_money(fabs(v), a, sizeof a);
    snprintf(buf, len, "%s%s", v < 0 ? "\u2212" : "+", a);
}

/* A multiplier: "£2.72". */
static void multiplier_text(double v, char *buf, size_t len)
{
    if (isfinite(v))
        snprintf(buf, len, "£%.2f", v);
    else
        snprintf(buf, len, "%s", _("no value"));
}

/* A change in a multiplier, in pence per £1: "+1.7p", "−12p", "+£1.05", "0p". */
static void multiplier_change(double d, char *buf, size_t len)
{
    const char *sign = d < 0 ? "\u2212" : d > 0 ? "+" : "";
    double a = fabs(d);
    if (!isfinite(d))
        snprintf(buf, len, "%s", _("no value"));
    else if (a >= 1.0)
        snprintf(buf, len, "%s£%.2f", sign, a);
    else if (a * 100.0 < 9.95)
        snprintf(buf, len, "%s%.1fp", a * 100.0 < 0.05 ? "" : sign, a * 100.0);
    else
        snprintf(buf, len, "%s%.0fp", sign, a * 100.0);
}

/* "of grant": what "every £1" is of, in the run's language. */
static const char *source_words(int s)
{
    static const char *const w[CYLCH_NSRC] = {
        N_("of grant"), N_("of loan or investment"), N_("of trade with customers from outside"),
        N_("of money coming in from outside"), N_("of the members' income")
    };
    return (s >= 0 && s < CYLCH_NSRC) ? _(w[s]) : _("of money");
}

/* "grant money": what sets money circulating, for a source a policy moves. */
static const char *source_subject(int s)
{
    static const char *const w[CYLCH_NSRC] = {
        N_("grant money"), N_("loan or investment money"), N_("trade with customers from outside"),
        N_("money coming in from outside"), N_("the members' income")
    };
    return (s >= 0 && s < CYLCH_NSRC) ? _(w[s]) : _("money");
}

/* "90% range −£a to −£b; lower in 97% of draws" for a £ difference. */
static void range_text(const cylch_compare_diff *df, int money, char *buf, size_t len)
{
    char a[48], b[48];
    if (!isfinite(df->p5)) {
        buf[0] = '\0';
        return;
    }
    if (money) {
        signed_money(df->p5, a, sizeof a);
        signed_money(df->p95, b, sizeof b);
    } else {
        multiplier_change(df->p5, a, sizeof a);
        multiplier_change(df->p95, b, sizeof b);
    }
    if (df->p_less > 0.5)
        snprintf(buf, len, _(" (90%% range %s to %s; lower in %.0f%% of draws)"), a, b, 100.0 * df->p_less);
    else if (df->p_greater > 0.5)
        snprintf(buf, len, _(" (90%% range %s to %s; higher in %.0f%% of draws)"), a, b,
                 100.0 * df->p_greater);
    else
        snprintf(buf, len, _(" (90%% range %s to %s; higher in %.0f%% of draws, lower in %.0f%%)"), a, b,
                 100.0 * df->p_greater, 100.0 * df->p_less);
}

void cylch_compare_summary(FILE *f, const cylch_compare *c)
{
    const cylch_compare_scenario *base = &c->sc[0];
    const int qv = CYLCH_COMPARE_VALUE(CYLCH_SRC_INCOME);
    const int qg = CYLCH_COMPARE_VALUE(CYLCH_SRC_GRANT);
    char a[64], b[64], d[64], r[256], who[600];

    cylch_format_money(base->point_q[qv], a, sizeof a);
    if (base->s->description)
        fprintf(f, _("Base: %s (%s). "), base->s->description, base->s->name);
    else
        fprintf(f, _("Base: %s. "), base->s->name);
    fprintf(f, _("The members' income sets %s a year circulating in the local economy (all rounds of "
                 "local spending, round 1 included).\n"), a);
    if (c->sc[0].mc && c->draws)
        fprintf(f, _("Each scenario was run with the same %zu Monte Carlo draws (seed %llu), paired draw by "
                     "draw; ranges are 90%% ranges of the differences.\n"), c->draws,
                (unsigned long long)c->seed);
    else
        fprintf(f, "%s", _("Point estimates only (no Monte Carlo draws): no ranges.\n"));
    for (size_t o = 1; o < c->nscen; o++) {
        const cylch_compare_scenario *sc = &c->sc[o];
        /* The multiplier of the money the policy moves (trade for procurement, grant for a
         * grant); the base's headline one when it moves no money from outside. */
        const int moves = sc->moved != CYLCH_SRC_INCOME;
        const int hs = moves ? sc->moved : c->headline / CYLCH_NQ;
        const cylch_compare_diff *dv = cylch_compare_get(c, o, qv);
        const cylch_compare_diff *dm =
            cylch_compare_get(c, o, moves ? CYLCH_HEAD(sc->moved, CYLCH_Q_LM_INF) : c->headline);
        const cylch_compare_diff *dg = cylch_compare_get(c, o, moves ? CYLCH_COMPARE_VALUE(sc->moved) : qg);
        fputc('\n', f);
        if (sc->s->description)
            snprintf(who, sizeof who, "%s (%s)", sc->s->description, sc->s->name);
        else
            snprintf(who, sizeof who, _("Scenario %s"), sc->s->name);
        range_text(dv, 1, r, sizeof r);
        if (dv->point_diff == 0.0 && (!isfinite(dv->p5) || (dv->p5 == 0.0 && dv->p95 == 0.0))) {
            fprintf(f, _("%s leaves local circulation unchanged.\n"), who);
        } else {
            signed_money(dv->point_diff, d, sizeof d);
            cylch_format_money(dv->other_point, b, sizeof b);
            fprintf(f, _("%s changes local circulation by %s a year%s: %s instead of %s.\n"), who, d, r, b, a);
        }
        if (dm->valid) {
            char m0[32], m1[32];
            multiplier_text(dm->base_point, m0, sizeof m0);
            multiplier_text(dm->other_point, m1, sizeof m1);
            multiplier_change(dm->point_diff, d, sizeof d);
            range_text(dm, 0, r, sizeof r);
            if (fabs(dm->point_diff) < 5e-4 &&
                (!isfinite(dm->p5) || (fabs(dm->p5) < 5e-4 && fabs(dm->p95) < 5e-4)))
                fprintf(f, _("  Every £1 %s is still worth %s to the local economy (a change of less "
                             "than 0.05p).\n"), source_words(hs), m1);
            else
                fprintf(f, _("  Every £1 %s is worth %s to the local economy instead of %s: %s%s.\n"),
                        source_words(hs), m1, m0, d, r);
        } else {
            fprintf(f, _("  The headline multiplier (every £1 %s) has no value in this scenario.\n"),
                    source_words(hs));
        }
        if (dg->valid && (dg->base_point > 0.0 || dg->other_point > 0.0) && dg->point_diff != 0.0) {
            signed_money(dg->point_diff, d, sizeof d);
            range_text(dg, 1, r, sizeof r);
            fprintf(f, _("  What %s sets circulating locally changes by %s a year%s.\n"),
                    source_subject(moves ? sc->moved : CYLCH_SRC_GRANT), d, r);
        }
        for (size_t k = 0; k < sc->notes->n; k++)
            if (strncmp(sc->notes->line[k], "warning: ", 9) == 0) {
                /* the note for people, without its "warning: " (in any language) */
                const char *t = sc->notes->text[k], *colon = strstr(t, ": ");
                fprintf(f, _("  Warning: %s.\n"), colon ? colon + 2 : t);
            }
    }
}

/* Display columns of UTF-8 text (bytes that do not continue a character). */
static size_t utf8_cols(const char *t)
{
    size_t n = 0;
    for (; *t; t++)
        n += ((unsigned char)*t & 0xC0) != 0x80;
    return n;
}

void cylch_compare_per_pound_get(const cylch_compare *c, size_t o, cylch_compare_per_pound *out)
{
    const cylch_compare_diff *d;
    size_t above = 0;
    int q;
    memset(out, 0, sizeof *out);
    out->point = out->p5 = out->p95 = out->p_above_1 = NAN;
    out->source = CYLCH_SRC_INCOME;
    if (o == 0 || o >= c->nscen)
        return;
    out->source = c->sc[o].moved;
    q = CYLCH_COMPARE_VALUE(out->source);
    out->dcost = c->sc[o].cost - c->sc[0].cost;
    d = cylch_compare_get(c, o, q);
    if (out->dcost == 0.0 || !d || !d->valid)
        return;
    out->valid = 1;
    out->dvalue = d->point_diff;
    out->point = d->point_diff / out->dcost;
    if (!c->have_diff || c->draws == 0)
        return;
    /* Dividing by a negative Δcost (a saving) swaps the ends of the range. */
    out->p5 = (out->dcost > 0 ? d->p5 : d->p95) / out->dcost;
    out->p95 = (out->dcost > 0 ? d->p95 : d->p5) / out->dcost;
    for (size_t k = 0; k < c->draws; k++)
        above += cylch_compare_delta(cylch_compare_draw(c, o, q, k), cylch_compare_draw(c, 0, q, k)) /
                 out->dcost > 1.0;
    out->p_above_1 = (double)above / (double)c->draws;
}

/* Other scenarios with a cost, best first (ties in file order); returns how many. */
static size_t ranked(const cylch_compare *c, size_t *order, cylch_compare_per_pound *pp)
{
    size_t n = 0;
    for (size_t o = 1; o < c->nscen; o++) {
        cylch_compare_per_pound_get(c, o, &pp[o]);
        if (pp[o].valid)
            order[n++] = o;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && pp[order[j]].point > pp[order[j - 1]].point; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return n;
}

static void pounds_pence(double v, char *buf, size_t len)
{
    if (!isfinite(v))
        snprintf(buf, len, "–");
    else
        snprintf(buf, len, "%s£%.2f", v < 0 ? "−" : "", fabs(v));
}

void cylch_compare_write_ranking(FILE *f, const cylch_compare *c)
{
    size_t *order = calloc(c->nscen, sizeof *order), n;
    cylch_compare_per_pound *pp = calloc(c->nscen, sizeof *pp);
    if (!order || !pp) {
        free(order);
        free(pp);
        return;
    }
    n = ranked(c, order, pp);
    if (n) {
        /* The money column's words, in the order of the sources (cylch_compare_money_name). */
        static const char *const money_words[CYLCH_NSRC] = {
            N_("grant"), N_("loan"), N_("trade"), N_("outside"), N_("all")
        };
        const char *head[8] = {_("rank"), _("scenario"), _("cost"), _("change"), _("per £1"),
                               _("90% range"), _("P(> £1)"), _("money")};
        fputs(_("Local circulation per £1 of the policy's cost, best first (cost: £ a year of public "
                "money, as the scenario's `cost` says; change: in what the money the policy moves sets "
                "circulating locally, £ a year, all rounds; money: which money that is, from the "
                "columns the policy changes: grant, loan, trade (trade_external, e.g. a council "
                "buying from members), outside (more than one of these), or all (the policy moves "
                "no money from outside: the members' whole income)):\n\n"), f);
        /* %-*s pads by bytes: widen by the bytes that £, − and Welsh letters take beyond one column. */
#define W(n, s) (int)((n) + strlen(s) - utf8_cols(s)), (s)
        fprintf(f, "%-*s %-*s %*s %*s %*s %*s %*s  %s\n", W(4, head[0]), W(28, head[1]), W(12, head[2]),
                W(14, head[3]), W(10 - (int)(strlen("per £1") - utf8_cols("per £1")), head[4]), W(21, head[5]),
                W(9 - (int)(strlen("P(> £1)") - utf8_cols("P(> £1)")), head[6]), head[7]);
#undef W
        for (size_t i = 0; i < n; i++) {
            const cylch_compare_per_pound *p = &pp[order[i]];
            char cost[32], chg[32], pt[32], lo[32], hi[32], range[80], prob[16];
            cylch_format_money(p->dcost, cost, sizeof cost);
            signed_money(p->dvalue, chg, sizeof chg);
            pounds_pence(p->point, pt, sizeof pt);
            pounds_pence(p->p5, lo, sizeof lo);
            pounds_pence(p->p95, hi, sizeof hi);
            if (isfinite(p->p5))
                snprintf(range, sizeof range, _("%s to %s"), lo, hi);
            else
                snprintf(range, sizeof range, "%s", _("no draws"));
            if (isfinite(p->p_above_1))
                snprintf(prob, sizeof prob, "%.0f%%", 100.0 * p->p_above_1);
            else
                snprintf(prob, sizeof prob, "–");
            /* %-*s pads by bytes: widen by the bytes that £ and − take beyond one column. */
            fprintf(f, "%-4zu %-28.28s %*s %*s %*s %*s %*s  %s\n", i + 1, c->sc[order[i]].s->name,
                    12 + (int)(strlen(cost) - utf8_cols(cost)), cost,
                    14 + (int)(strlen(chg) - utf8_cols(chg)), chg,
                    10 + (int)(strlen(pt) - utf8_cols(pt)), pt,
                    21 + (int)(strlen(range) - utf8_cols(range)), range,
                    9 + (int)(strlen(prob) - utf8_cols(prob)), prob,
                    p->source >= 0 && p->source < CYLCH_NSRC ? _(money_words[p->source])
                                                             : cylch_compare_money_name(p->source));
        }
    }
    free(order);
    free(pp);
}

int cylch_compare_write_cost_csv(FILE *f, const cylch_compare *c)
{
    size_t *order = calloc(c->nscen, sizeof *order), n;
    cylch_compare_per_pound *pp = calloc(c->nscen, sizeof *pp);
    int bad = 0;
    if (!order || !pp) {
        free(order);
        free(pp);
        return -1;
    }
    n = ranked(c, order, pp);
    bad |= fputs("rank,scenario,description,cost_gbp_a_year,change_in_local_circulation_gbp_a_year,"
                 "per_pound_point,per_pound_p5,per_pound_p95,p_per_pound_above_1,money_moved\n", f) == EOF;
    for (size_t i = 0; i < n && !bad; i++) {
        const cylch_compare_per_pound *p = &pp[order[i]];
        const cylch_scenario *s = c->sc[order[i]].s;
        char rank[32];
        snprintf(rank, sizeof rank, "%zu", i + 1);
        bad |= cylch_csv_put(f, rank, 1) || cylch_csv_put(f, s->name, 0) ||
               cylch_csv_put(f, s->description ? s->description : "", 0) ||
               cylch_csv_put_num(f, p->dcost, 0) || cylch_csv_put_num(f, p->dvalue, 0) ||
               cylch_csv_put_num(f, p->point, 0);
        if (isfinite(p->p5))
            bad |= cylch_csv_put_num(f, p->p5, 0) || cylch_csv_put_num(f, p->p95, 0) ||
                   cylch_csv_put_num(f, p->p_above_1, 0);
        else
            bad |= cylch_csv_put(f, "", 0) || cylch_csv_put(f, "", 0) || cylch_csv_put(f, "", 0);
        bad |= cylch_csv_put(f, cylch_compare_money_name(p->source), 0) || cylch_csv_end(f);
    }
    free(order);
    free(pp);
    return bad ? -1 : 0;
}
