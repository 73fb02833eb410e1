/* cylch — `cylch explain`: the coefficient matrix, the injections, each round
 * of spending and the Leontief limit in plain fixed-width tables (see
 * include/cylch/present/explain.h). Not a hot path: it favours clarity. In two
 * steps: cylch_explain_new works every number out (A, f, the rounds, the
 * Leontief inverses of (I − A) by GSL's LU), then the printers lay them out —
 * each table wrapped into groups of columns that fit in CYLCH_EXPLAIN_WIDTH —
 * and the CSV writers write the same numbers in full precision. */
#include "cylch/present/explain.h"
#include "cylch/core/economy.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>

#include "cylch/core/model.h"
#include "cylch/io/csvio.h"
#include "cylch/io/lang.h"

struct cylch_explain {
    const cylch_run *run;   /* borrowed */
    size_t n, na, H, B, K;  /* members, agents (members, H, B), H's and B's index, rounds */
    int any;                /* 1 when some source is shown */
    int shown[CYLCH_NSRC];  /* 1: the source is explained round by round */
    double inj[CYLCH_NSRC]; /* 1ᵀ f per source, £/year */
    double *f;              /* CYLCH_NSRC × na: the injection vectors */
    double *v;              /* CYLCH_NSRC × (K + 1) × na: A^k f, what each agent receives in round k + 1 */
    gsl_matrix *A;          /* na × na */
    gsl_matrix *L;          /* (I − A)⁻¹ */
    gsl_matrix *L1;         /* the Type I inverse: row and column H of A set to zero */
};

int cylch_explain_source_find(const char *name)
{
    if (!name)
        return -2;
    if (strcmp(name, "all") == 0)
        return CYLCH_EXPLAIN_ALL;
    for (int s = 0; s < CYLCH_NSRC; s++)
        if (strcmp(name, cylch_source_name(s)) == 0)
            return s;
    return -2;
}

/* ------------------------------------------------------------ the numbers */

static const char *agent_id(const cylch_explain *e, size_t i)
{
    if (i < e->n)
        return e->run->net->m[i].id;
    if (i == e->H)
        return "H";
    return e->run->net->economy ? e->run->net->economy->code[i - e->B] : "B";
}

/* (I − A)⁻¹, or with households outside the model (type1: row and column H of
 * A set to zero, which leaves H's own row and column of the inverse a unit vector). */
static int leontief_inverse(const cylch_explain *e, int type1, gsl_matrix **out, cylch_error *err)
{
    const size_t na = e->na;
    gsl_matrix *M = gsl_matrix_alloc(na, na), *inv = gsl_matrix_alloc(na, na);
    gsl_permutation *p = gsl_permutation_alloc(na);
    int sign, rc = CYLCH_OK;
    if (!M || !p || !inv) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < na; j++) {
            double a = gsl_matrix_get(e->A, i, j);
            if (type1 && (i == e->H || j == e->H))
                a = 0.0;
            gsl_matrix_set(M, i, j, (i == j ? 1.0 : 0.0) - a);
        }
    if (gsl_linalg_LU_decomp(M, p, &sign) != GSL_SUCCESS || gsl_linalg_LU_invert(M, p, inv) != GSL_SUCCESS) {
        rc = cylch_error_set(err, CYLCH_EINTERNAL, "inverting I - A failed");
        goto done;
    }
    *out = inv;
    inv = NULL;
done:
    if (M) gsl_matrix_free(M);
    if (inv) gsl_matrix_free(inv);
    if (p) gsl_permutation_free(p);
    return rc;
}

/* x = L f (L: na × na, f and x: na). */
static void apply(const gsl_matrix *L, const double *f, double *x, size_t na)
{
    for (size_t i = 0; i < na; i++) {
        double acc = 0.0;
        for (size_t j = 0; j < na; j++)
            acc += gsl_matrix_get(L, i, j) * f[j];
        x[i] = acc;
    }
}

/* The rounds of source s: v_0 = f, v_k = A v_{k−1}. */
static void rounds_of(cylch_explain *e, int s)
{
    const size_t na = e->na;
    double *v = e->v + (size_t)s * (e->K + 1) * na;
    memcpy(v, e->f + (size_t)s * na, na * sizeof *v);
    for (size_t k = 1; k <= e->K; k++)
        for (size_t i = 0; i < na; i++) {
            double acc = 0.0;
            for (size_t j = 0; j < na; j++)
                acc += gsl_matrix_get(e->A, i, j) * v[(k - 1) * na + j];
            v[k * na + i] = acc;
        }
}

void cylch_explain_free(cylch_explain *e)
{
    if (!e)
        return;
    free(e->f);
    free(e->v);
    if (e->A) gsl_matrix_free(e->A);
    if (e->L) gsl_matrix_free(e->L);
    if (e->L1) gsl_matrix_free(e->L1);
    free(e);
}

int cylch_explain_new(const cylch_run *run, int source, size_t rounds, cylch_explain **out, cylch_error *err)
{
    const cylch_model *m = run->model;
    size_t K = rounds ? rounds : run->s->rounds;
    cylch_explain *e;
    int rc;

    *out = NULL;
    if (run->net->economy && run->net->economy->n > CYLCH_EXPLAIN_MAX_INDUSTRIES)
        /* 105 industries do not fit on a page: say where the industry block is. */
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%s has an [economy] of %zu industries (%zu agents in all), too many to "
                               "show step by step (up to %d are shown); its industry block is in "
                               "`cylch io %s` with the same [economy] options (quotients.csv, "
                               "coefficients.csv), and the run's industries.csv has each industry's "
                               "share; remove [economy] to explain the members with a single agent B",
                               run->s->path, run->net->economy->n,
                               run->net->n + 1 + run->net->economy->n, CYLCH_EXPLAIN_MAX_INDUSTRIES,
                               run->s->economy->table);
    if (K < 1 || K > 1000)
        return cylch_error_set(err, CYLCH_EINPUT, "rounds must be between 1 and 1000 (got %zu)", K);
    if (source != CYLCH_EXPLAIN_ALL && (source < 0 || source >= CYLCH_NSRC))
        return cylch_error_set(err, CYLCH_EINPUT, "unknown source; use grant, loan, trade, external, "
                                                  "income or all");
    if (!(e = calloc(1, sizeof *e)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    e->run = run;
    e->n = run->net->n;
    e->na = cylch_model_agents(m);
    e->H = e->n;
    e->B = e->n + 1;
    e->K = K;
    if (!(e->f = calloc(CYLCH_NSRC * e->na, sizeof *e->f)) ||
        !(e->v = calloc(CYLCH_NSRC * (K + 1) * e->na, sizeof *e->v)) ||
        !(e->A = gsl_matrix_alloc(e->na, e->na))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < e->na; i++)
        for (size_t j = 0; j < e->na; j++)
            gsl_matrix_set(e->A, i, j, cylch_model_a(m, i, j));
    for (int s = 0; s < CYLCH_NSRC; s++) {
        for (size_t i = 0; i < e->na; i++) {
            e->f[(size_t)s * e->na + i] = cylch_model_injection(m, s, i);
            e->inj[s] += e->f[(size_t)s * e->na + i];
        }
        e->shown[s] = (source == CYLCH_EXPLAIN_ALL || source == s) && e->inj[s] > 0.0;
        e->any |= e->shown[s];
    }
    if (source != CYLCH_EXPLAIN_ALL && !e->shown[source]) {
        rc = cylch_error_set(err, CYLCH_EINPUT, "no %s money comes into %s, so there is nothing to "
                             "follow; try --source income", cylch_source_name(source), run->s->name);
        goto fail;
    }
    if ((rc = leontief_inverse(e, 0, &e->L, err)) || (rc = leontief_inverse(e, 1, &e->L1, err)))
        goto fail;
    for (int s = 0; s < CYLCH_NSRC; s++)
        if (e->shown[s])
            rounds_of(e, s);
    *out = e;
    return CYLCH_OK;
fail:
    cylch_explain_free(e);
    return rc;
}

/* ------------------------------------------------------------ tables in text */

/* £ with two decimals and thousands separators: "1,234,567.89", "-12.50". */
static void money(double v, char *buf, size_t len)
{
    char digits[64], out[96];
    double a = fabs(v);
    size_t n, o = 0, lead;
    if (!isfinite(v)) {
        snprintf(buf, len, "-");
        return;
    }
    snprintf(digits, sizeof digits, "%.2f", a);
    n = strchr(digits, '.') - digits;
    if (v < 0 && a >= 0.005)
        out[o++] = '-';
    lead = n % 3 ? n % 3 : 3;
    for (size_t i = 0; i < n; i++) {
        if (i && (i - lead) % 3 == 0 && i >= lead)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, sizeof out - o, "%s", digits + n);
    snprintf(buf, len, "%s", out);
}

/* Columns a person sees in s: UTF-8 code points (Welsh words carry ŵ, â, ô …, two bytes each). */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* s padded with spaces to w columns, on the right (left-aligned) or on the left (right-aligned),
 * as printf's %-*s and %*s do for ASCII. */
static void put_padded(FILE *f, const char *s, size_t w, int right_aligned)
{
    size_t n = text_width(s);
    if (right_aligned)
        for (; n < w; n++)
            fputc(' ', f);
    fputs(s, f);
    if (!right_aligned)
        for (; n < w; n++)
            fputc(' ', f);
}

typedef enum cell_kind { CELL_MONEY, CELL_SHARE } cell_kind;

/* A table to print: a corner title, column titles, and rows of a label and
 * numbers of one kind. Cells are formatted when printed. */
typedef struct text_table {
    const char *corner;
    size_t ncols, nrows, cap;
    char **title;        /* ncols */
    char **label;        /* nrows */
    cell_kind *kind;     /* nrows */
    double *v;           /* cap × ncols */
} text_table;

static void table_clear(text_table *t)
{
    for (size_t j = 0; t->title && j < t->ncols; j++)
        free(t->title[j]);
    for (size_t i = 0; t->label && i < t->nrows; i++)
        free(t->label[i]);
    free(t->title);
    free(t->label);
    free(t->kind);
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* A table of ncols columns titled by title(j) and room for nrows rows. */
static int table_init(text_table *t, const char *corner, size_t ncols, size_t nrows,
                      void (*title)(const cylch_explain *, size_t, char *, size_t), const cylch_explain *e)
{
    char buf[128];
    memset(t, 0, sizeof *t);
    t->corner = corner;
    t->cap = nrows;
    if (!(t->title = calloc(ncols, sizeof *t->title)) || !(t->label = calloc(nrows, sizeof *t->label)) ||
        !(t->kind = calloc(nrows, sizeof *t->kind)) || !(t->v = calloc(nrows * ncols, sizeof *t->v))) {
        table_clear(t);
        return -1;
    }
    for (; t->ncols < ncols; t->ncols++) {
        title(e, t->ncols, buf, sizeof buf);
        if (!(t->title[t->ncols] = strdup(buf))) {
            table_clear(t);
            return -1;
        }
    }
    return 0;
}

/* Add a row; its cells are filled through the returned pointer (NULL: out of memory). */
static double *table_row(text_table *t, const char *label, cell_kind kind)
{
    if (t->nrows >= t->cap || !(t->label[t->nrows] = strdup(label)))
        return NULL;
    t->kind[t->nrows] = kind;
    return t->v + t->nrows++ * t->ncols;
}

static void cell_text(const text_table *t, size_t i, size_t j, char *buf, size_t len)
{
    double x = t->v[i * t->ncols + j];
    if (t->kind[i] == CELL_MONEY)
        money(x, buf, len);
    else
        snprintf(buf, len, "%.6f", x);
}

/* Print t in groups of columns, each as wide as its title or its widest cell,
 * so that no line is wider than width (a column wider than that alone gets a
 * group of its own). Each group repeats the row labels; when there are several,
 * a line says which columns follow. */
static int table_print(FILE *f, const text_table *t, int width)
{
    size_t lw = text_width(t->corner), *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);
    char buf[128];
    if (!w)
        return -1;
    for (size_t i = 0; i < t->nrows; i++)
        if (text_width(t->label[i]) > lw)
            lw = text_width(t->label[i]);
    for (size_t j = 0; j < t->ncols; j++) {
        w[j] = text_width(t->title[j]);
        for (size_t i = 0; i < t->nrows; i++) {
            cell_text(t, i, j, buf, sizeof buf);
            if (strlen(buf) > w[j])
                w[j] = strlen(buf);
        }
    }
    for (size_t j0 = 0; j0 < t->ncols;) {
        size_t j1 = j0, used = 2 + lw;
        while (j1 < t->ncols && (j1 == j0 || used + 2 + w[j1] <= (size_t)width))
            used += 2 + w[j1++];
        if (j0 > 0)
            fputc('\n', f);
        if (j0 > 0 || j1 < t->ncols)
            fprintf(f, _("  (columns %zu to %zu of %zu)\n"), j0 + 1, j1, t->ncols);
        fputs("  ", f);
        put_padded(f, t->corner, lw, 0);
        for (size_t j = j0; j < j1; j++) {
            fputs("  ", f);
            put_padded(f, t->title[j], w[j], 1);
        }
        fputc('\n', f);
        for (size_t i = 0; i < t->nrows; i++) {
            fputs("  ", f);
            put_padded(f, t->label[i], lw, 0);
            for (size_t j = j0; j < j1; j++) {
                cell_text(t, i, j, buf, sizeof buf);
                fprintf(f, "  %*s", (int)w[j], buf);
            }
            fputc('\n', f);
        }
        j0 = j1;
    }
    free(w);
    return 0;
}

static void agent_title(const cylch_explain *e, size_t j, char *buf, size_t len)
{
    snprintf(buf, len, "%s", agent_id(e, j));
}

/* The sources as column titles: their names (grant, loan, …), in the run's language. */
static const char *const source_cols[CYLCH_NSRC] = {
    N_("grant"), N_("loan"), N_("trade"), N_("external"), N_("income")
};

static void source_title(const cylch_explain *e, size_t j, char *buf, size_t len)
{
    (void)e;
    snprintf(buf, len, "%s", j < CYLCH_NSRC ? _(source_cols[j]) : "?");
}

/* Where money leaks, as row labels: leakage.csv's column names in English (a student
 * matches them to the file); words in another language. */
static const char *const leak_rows[CYLCH_NLEAK] = {
    /* TRANSLATORS: a row of cylch explain's tables; the English is the column name
     * in leakage.csv. The wages of members' staff living outside the area. */
    N_("non_local_staff"),
    /* TRANSLATORS: members' purchases from suppliers outside the area (leakage.csv's column). */
    N_("non_local_suppliers"),
    /* TRANSLATORS: households' spending outside the area (leakage.csv's column). */
    N_("households_outside"),
    /* TRANSLATORS: other local businesses' own leakage (leakage.csv's column). */
    N_("businesses_outside"),
    /* TRANSLATORS: members' tax, surplus and other costs outside the area (leakage.csv's column). */
    N_("other"),
};

static const char *leak_row(int d)
{
    _Static_assert(sizeof leak_rows / sizeof *leak_rows == CYLCH_NLEAK, "a label for each destination");
    assert(strcmp(leak_rows[d], cylch_leak_name(d)) == 0);
    return _(cylch_leak_name(d));
}

static void round_title(const cylch_explain *e, size_t j, char *buf, size_t len)
{
    (void)e;
    snprintf(buf, len, _("round %zu"), j + 1);
}

static void limit_title(const cylch_explain *e, size_t j, char *buf, size_t len)
{
    (void)e;
    snprintf(buf, len, "%s", j == 0 ? _("x (Type II)") : _("x (Type I)"));
}

/* Print a filled table and free it; -1 when out of memory. */
static int table_done(FILE *f, text_table *t, int ok)
{
    int rc = ok ? table_print(f, t, CYLCH_EXPLAIN_WIDTH) : -1;
    table_clear(t);
    return rc;
}

/* 1. The agents and the place. */
static void print_agents(FILE *f, const cylch_explain *e)
{
    const cylch_network *net = e->run->net;
    const cylch_place *place = &e->run->place;
    int lw = 6, cw = 10;
    char b[96];
    for (size_t k = 0; net->economy && k < net->economy->n; k++)
        if ((int)strlen(net->economy->code[k]) > lw)
            lw = (int)strlen(net->economy->code[k]);
    for (size_t j = 0; j < e->n; j++) {
        if ((int)strlen(net->m[j].id) > lw)
            lw = (int)strlen(net->m[j].id);
        money(cylch_member_income(&net->m[j]), b, sizeof b);
        if ((int)strlen(b) > cw)
            cw = (int)strlen(b);
    }
    if ((int)text_width(_("agent")) > lw)
        lw = (int)text_width(_("agent"));
    if ((int)text_width(_("income T")) > cw)
        cw = (int)text_width(_("income T"));
    fputs(_("\n1. The agents\n\n"), f);
    fputs("  ", f);
    put_padded(f, _("agent"), (size_t)lw, 0);
    fputs("  ", f);
    put_padded(f, _("income T"), (size_t)cw, 1);
    fprintf(f, "  %s\n", _("name"));
    for (size_t j = 0; j < e->n; j++) {
        money(cylch_member_income(&net->m[j]), b, sizeof b);
        fprintf(f, "  %-*s  %*s  %s\n", lw, net->m[j].id, cw, b, net->m[j].name);
    }
    fprintf(f, "  %-*s  %*s  %s\n", lw, "H", cw, "", _("local households (staff living here, and everyone "
                                                        "else)"));
    if (!net->economy)
        fprintf(f, "  %-*s  %*s  %s\n", lw, "B", cw, "", _("other local businesses (not members)"));
    for (size_t k = 0; net->economy && k < net->economy->n; k++) {
        fprintf(f, "  %-*s  %*s  ", lw, net->economy->code[k], cw, "");
        fprintf(f, _("%s (other local businesses of this industry)\n"), net->economy->table->name[k]);
    }
    fputs(_("\nPlace parameters:\n"), f);
    for (int p = 0; p < CYLCH_NPLACE; p++)
        if (p != CYLCH_P_ECONOMY_DELTA &&
            !(net->economy && (p == CYLCH_P_BUSINESS_LOCAL_SUPPLY_SHARE || p == CYLCH_P_JOBS_PER_MILLION)))
            fprintf(f, "  %-*s %g\n", 28, cylch_place_name(p), place->v[p]);
    if (net->economy) {
        const cylch_economy *ec = net->economy;
        fprintf(f, _("\n[economy]: %s made local to %s against %s by %s location quotients"),
                e->run->s->economy->table, ec->rg->area, ec->rg->national, cylch_lq_method_name(ec->method));
        if (ec->method == CYLCH_LQ_FLQ || ec->method == CYLCH_LQ_AFLQ)
            fprintf(f, ", delta %g (lambda* %.6f)", place->v[CYLCH_P_ECONOMY_DELTA],
                    cylch_regional_lambda(ec->rg, place->v[CYLCH_P_ECONOMY_DELTA]));
        if (lw < 8)
            lw = 8;
        const char *title[3] = {"SLQ", _("wages per £1"), _("jobs per £1M")};
        int cw3[3];
        if ((int)text_width(_("industry")) > lw)
            lw = (int)text_width(_("industry"));
        /* Each column as wide as the numbers (14) or its title, counted in the columns a person
         * sees ("£" is two bytes). */
        fputs(".\n  ", f);
        put_padded(f, _("industry"), (size_t)lw, 0);
        for (int c = 0; c < 3; c++) {
            cw3[c] = text_width(title[c]) > 14 ? (int)text_width(title[c]) : 14;
            fputs("  ", f);
            put_padded(f, title[c], (size_t)cw3[c], 1);
        }
        fputc('\n', f);
        for (size_t k = 0; k < ec->n; k++)
            fprintf(f, "  %-*s  %*.6f  %*.6f  %*.6f\n", lw, ec->code[k], cw3[0], ec->rg->slq[k], cw3[1],
                    ec->wage[k], cw3[2], ec->jobs[k] * 1e6);
    }
}

/* 2. The coefficient matrix, its column sums and leakage. */
static int print_matrix(FILE *f, const cylch_explain *e)
{
    const cylch_model *m = e->run->model;
    text_table t;
    double *r, *cs, *lk;
    int ok = 1;
    fputs(_("\n2. The coefficient matrix A\n"
               "A[i][j] = £ that agent j (column) spends with local agent i (row) per £1 it receives.\n"
               "Member column j: A[H][j] = wages x wages_local_share x net_wage_share / T_j;\n"
               "A[i][j] = trade (j buys from i) / T_j; A[B][j] = (purchases x purchases_local_share\n"
               "- bought from members + other_costs x other_local_share) / T_j.\n"
               "Column H: household_local_spend split between members (by their local sales) and B;\n"
               "column B: business_local_wage_share x net_wage_share to H,\n"
               "business_local_supply_share to B.\n"), f);
    if (e->run->net->economy)
        fputs(_("With [economy], B is the industries: what a member spends with B goes to industry i in\n"
                   "proportion to its industry's regional column r_i,s (the whole local economy's purchases\n"
                   "for a member without one); households' share for B goes by their column made local;\n"
                   "industry k's column: A[H][k] = its wages per £1 x business_local_wage_share x\n"
                   "net_wage_share, A[i][k] = r_ik = a_ik x min(1, Q_ik), its regional coefficients.\n"), f);
    fputc('\n', f);
    if (table_init(&t, "A[i][j]", e->na, e->na + 2 + CYLCH_NLEAK, agent_title, e))
        return -1;
    for (size_t i = 0; i < e->na && ok; i++)
        if ((ok = (r = table_row(&t, agent_id(e, i), CELL_SHARE)) != NULL))
            for (size_t j = 0; j < e->na; j++)
                r[j] = gsl_matrix_get(e->A, i, j);
    cs = ok ? table_row(&t, _("column sum"), CELL_SHARE) : NULL;
    lk = cs ? table_row(&t, _("leaks 1-colsum"), CELL_SHARE) : NULL;
    ok = lk != NULL;
    for (size_t j = 0; j < e->na && ok; j++) {
        for (size_t i = 0; i < e->na; i++)
            cs[j] += gsl_matrix_get(e->A, i, j);
        lk[j] = 1.0 - cs[j];
    }
    for (int d = 0; d < CYLCH_NLEAK && ok; d++) {
        char lab[64];
        snprintf(lab, sizeof lab, "  %s", leak_row(d));
        if ((ok = (r = table_row(&t, lab, CELL_SHARE)) != NULL))
            for (size_t j = 0; j < e->na; j++)
                r[j] = cylch_model_leak_share(m, d, j);
    }
    if (table_done(f, &t, ok))
        return -1;
    fputs(_("A member's column sum is its round-2 local share: the pence of each £1 it spends locally.\n"), f);
    return 0;
}

/* 3. The injection vectors. */
static int print_injections(FILE *f, const cylch_explain *e)
{
    text_table t;
    double *r;
    int ok = 1;
    fputs(_("\n3. Money coming in: the injection vectors f\n\n"), f);
    if (table_init(&t, _("agent"), CYLCH_NSRC, e->na + 1, source_title, e))
        return -1;
    for (size_t i = 0; i < e->na && ok; i++)
        if ((ok = (r = table_row(&t, agent_id(e, i), CELL_MONEY)) != NULL))
            for (int s = 0; s < CYLCH_NSRC; s++)
                r[s] = e->f[(size_t)s * e->na + i];
    if (ok && (ok = (r = table_row(&t, _("total 1'f"), CELL_MONEY)) != NULL))
        for (int s = 0; s < CYLCH_NSRC; s++)
            r[s] = e->inj[s];
    return table_done(f, &t, ok);
}

static const char *const source_title_words[CYLCH_NSRC] = {
    N_("Grant money"), N_("Loan and investment money"), N_("Trade from outside (trade_external)"),
    N_("Money from outside (grant + loan + trade_external)"),
    N_("The members' income from outside the network's own circle (DESIGN 8.1)")
};

/* Section 4 for one source: the rounds, their leakage and LM_k. */
static int print_rounds(FILE *f, const cylch_explain *e, int s, int section)
{
    const cylch_model *m = e->run->model;
    const size_t na = e->na, K = e->K;
    const double *v = e->v + (size_t)s * (K + 1) * na;
    text_table t;
    double *r, *tot, *leak, cum = 0.0;
    int ok = 1;

    fprintf(f, _("\n%d. %s ('%s'), round by round\n"), section, _(source_title_words[s]), cylch_source_name(s));
    fputs(_("Round 1 is the money coming in, f. Round k is what each agent receives in round k,\n"
               "A^(k-1) f: what the agents of round k-1 spent locally (row i of A times the money\n"
               "each column received). r_k is the round's total; what an agent does not spend\n"
               "locally leaks: leaked in round k = r_k - r_(k+1).\n\n"), f);
    if (table_init(&t, _("agent"), K, na + 3 + CYLCH_NLEAK, round_title, e))
        return -1;
    for (size_t i = 0; i < na && ok; i++)
        if ((ok = (r = table_row(&t, agent_id(e, i), CELL_MONEY)) != NULL))
            for (size_t k = 0; k < K; k++)
                r[k] = v[k * na + i];
    tot = ok ? table_row(&t, _("r_k (total)"), CELL_MONEY) : NULL;
    leak = tot ? table_row(&t, _("leaked"), CELL_MONEY) : NULL;
    ok = leak != NULL;
    for (size_t k = 0; k < K && ok; k++) {
        double next = 0.0;
        for (size_t i = 0; i < na; i++) {
            tot[k] += v[k * na + i];
            next += v[(k + 1) * na + i];
        }
        leak[k] = tot[k] - next;
    }
    for (int d = 0; d < CYLCH_NLEAK && ok; d++) {
        char lab[64];
        snprintf(lab, sizeof lab, "  %s", leak_row(d));
        if ((ok = (r = table_row(&t, lab, CELL_MONEY)) != NULL))
            for (size_t k = 0; k < K; k++) {
                r[k] = 0.0;
                for (size_t j = 0; j < na; j++)
                    r[k] += cylch_model_leak_share(m, d, j) * v[k * na + j];
            }
    }
    if (ok && (ok = (r = table_row(&t, "LM_k", CELL_SHARE)) != NULL))
        for (size_t k = 0; k < K; k++) {
            cum += tot[k];
            r[k] = cum / e->inj[s];
        }
    if (ok && K >= 3) {
        double lm3 = (tot[0] + tot[1] + tot[2]) / e->inj[s];
        if (table_done(f, &t, ok))
            return -1;
        fprintf(f, "LM_k = (r_1 + ... + r_k) / r_1. LM3 = %.6f.\n", lm3);
        return 0;
    }
    if (table_done(f, &t, ok))
        return -1;
    fprintf(f, "LM_k = (r_1 + ... + r_k) / r_1.\n");
    return 0;
}

/* Section 4, continued: every round together, x = (I − A)⁻¹ f. */
static int print_limit(FILE *f, const cylch_explain *e, int s)
{
    const size_t na = e->na;
    const double *fs = e->f + (size_t)s * na;
    double *x = calloc(na, sizeof *x), *x1 = calloc(na, sizeof *x1), *r, sx = 0.0, sx1 = 0.0;
    char a[96], b[96];
    text_table t;
    int ok = x && x1;
    if (ok) {
        apply(e->L, fs, x, na);
        apply(e->L1, fs, x1, na);
        x1[e->H] = 0.0; /* Type I: households are outside, so nothing reaches them */
        for (size_t i = 0; i < na; i++) {
            sx += x[i];
            sx1 += x1[i];
        }
    }
    fputs(_("\nAll rounds together (the Leontief limit): x = f + A f + A^2 f + ... = (I - A)^-1 f\n\n"), f);
    if (!ok || table_init(&t, _("agent"), 2, na + 1, limit_title, e)) {
        free(x);
        free(x1);
        return -1;
    }
    for (size_t i = 0; i < na && ok; i++)
        if ((ok = (r = table_row(&t, agent_id(e, i), CELL_MONEY)) != NULL)) {
            r[0] = x[i];
            r[1] = x1[i];
        }
    if (ok && (ok = (r = table_row(&t, _("total 1'x"), CELL_MONEY)) != NULL)) {
        r[0] = sx;
        r[1] = sx1;
    }
    if (table_done(f, &t, ok)) {
        free(x);
        free(x1);
        return -1;
    }
    money(sx, a, sizeof a);
    money(e->inj[s], b, sizeof b);
    fprintf(f, _("LM_inf = 1'x / 1'f = %s / %s = %.6f\n"
                 "  (Type II: households re-spend their income)\n"), a, b, sx / e->inj[s]);
    money(sx1, a, sizeof a);
    fprintf(f, _("LM_inf Type I = %s / %s = %.6f\n"
                 "  (households outside the model: row and column H of A set to 0)\n"), a, b, sx1 / e->inj[s]);
    money(x[e->H], a, sizeof a);
    fprintf(f, _("Local wages generated x_H = %s a year.\n"), a);
    free(x);
    free(x1);
    return 0;
}

int cylch_explain_print(FILE *f, const cylch_explain *e, cylch_error *err)
{
    int section = 4;
    fprintf(f, _("cylch explain: %s (%s), every input at its point value\n"), e->run->s->name, e->run->s->path);
    if (e->run->net->economy)
        fprintf(f, _("Money in £ a year. Agents: the members in file order, then H (local households)\n"
                   "and the %zu industries of the [economy] (other local businesses, one agent per\n"
                   "industry); whatever leaves the place has leaked.\n"), e->run->net->economy->n);
    else
        fputs(_("Money in £ a year. Agents: the members in file order, then H (local households)\n"
                   "and B (other local businesses); whatever leaves the place has leaked.\n"), f);
    print_agents(f, e);
    if (print_matrix(f, e) || print_injections(f, e))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (int s = 0; s < CYLCH_NSRC; s++)
        if (e->shown[s] && (print_rounds(f, e, s, section++) || print_limit(f, e, s)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    if (!e->any)
        fputs(_("\nNo money comes into the network from any source.\n"), f);
    if (ferror(f))
        return cylch_error_set(err, CYLCH_EIO, "could not write the explanation");
    return CYLCH_OK;
}

int cylch_explain_write(FILE *f, const cylch_run *run, int source, size_t rounds, cylch_error *err)
{
    cylch_explain *e = NULL;
    int rc = cylch_explain_new(run, source, rounds, &e, err);
    if (rc == CYLCH_OK)
        rc = cylch_explain_print(f, e, err);
    cylch_explain_free(e);
    return rc;
}

/* ------------------------------------------------------------ CSV files */

/* A header row: "agent", then the agents' ids. */
static int agents_header(FILE *f, const cylch_explain *e, const char *corner)
{
    int bad = cylch_csv_put(f, corner, 1);
    for (size_t j = 0; j < e->na; j++)
        bad |= cylch_csv_put(f, agent_id(e, j), 0);
    return bad | cylch_csv_end(f);
}

/* An agents × agents matrix, rows and columns headed by the agents' ids. */
static int write_matrix(FILE *f, const cylch_explain *e, const gsl_matrix *M)
{
    int bad = agents_header(f, e, "agent");
    for (size_t i = 0; i < e->na && !bad; i++) {
        bad |= cylch_csv_put(f, agent_id(e, i), 1);
        for (size_t j = 0; j < e->na; j++)
            bad |= cylch_csv_put_num(f, gsl_matrix_get(M, i, j), 0);
        bad |= cylch_csv_end(f);
    }
    return bad || ferror(f) ? -1 : 0;
}

static int w_a(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_explain *e = ctx;
    (void)err;
    return write_matrix(f, e, e->A);
}

static int w_leontief(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_explain *e = ctx;
    (void)err;
    return write_matrix(f, e, e->L);
}

static int w_injections(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_explain *e = ctx;
    int bad = cylch_csv_put(f, "agent", 1);
    (void)err;
    for (int s = 0; s < CYLCH_NSRC; s++)
        bad |= cylch_csv_put(f, cylch_source_name(s), 0);
    bad |= cylch_csv_end(f);
    for (size_t i = 0; i < e->na && !bad; i++) {
        bad |= cylch_csv_put(f, agent_id(e, i), 1);
        for (int s = 0; s < CYLCH_NSRC; s++)
            bad |= cylch_csv_put_num(f, e->f[(size_t)s * e->na + i], 0);
        bad |= cylch_csv_end(f);
    }
    return bad || ferror(f) ? -1 : 0;
}

static int w_rounds(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_explain *e = ctx;
    const size_t na = e->na;
    double *x = malloc(na * sizeof *x);
    char name[32];
    int bad = !x;
    (void)err;
    bad |= cylch_csv_put(f, "source", 1) || cylch_csv_put(f, "agent", 0);
    for (size_t k = 1; k <= e->K; k++) {
        snprintf(name, sizeof name, "round_%zu", k);
        bad |= cylch_csv_put(f, name, 0);
    }
    bad |= cylch_csv_put(f, "all_rounds", 0) || cylch_csv_end(f);
    for (int s = 0; s < CYLCH_NSRC && !bad; s++) {
        const double *v = e->v + (size_t)s * (e->K + 1) * na;
        if (!e->shown[s])
            continue;
        apply(e->L, e->f + (size_t)s * na, x, na);
        for (size_t i = 0; i < na && !bad; i++) {
            bad |= cylch_csv_put(f, cylch_source_name(s), 1) || cylch_csv_put(f, agent_id(e, i), 0);
            for (size_t k = 0; k < e->K; k++)
                bad |= cylch_csv_put_num(f, v[k * na + i], 0);
            bad |= cylch_csv_put_num(f, x[i], 0) || cylch_csv_end(f);
        }
    }
    free(x);
    return bad || ferror(f) ? -1 : 0;
}

const cylch_file_spec cylch_explain_files[] = {
    {"A.csv", w_a, 0},
    {"leontief.csv", w_leontief, 0},
    {"injections.csv", w_injections, 0},
    {"rounds.csv", w_rounds, 0},
};
const size_t cylch_explain_nfiles = sizeof cylch_explain_files / sizeof cylch_explain_files[0];
