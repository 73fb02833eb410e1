/* cylch — `cylch explain`: the coefficient matrix, the injections, each round
 * of spending and the Leontief limit in plain fixed-width tables (see
 * include/cylch/explain.h). Not a hot path: it favours clarity, and solves
 * (I − A) x = f densely with GSL's LU. */
#include "cylch/present/explain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "cylch/core/model.h"

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

typedef struct explain_ctx {
    FILE *f;
    size_t n, na, H, B;
    const cylch_network *net;
    int lw;      /* width of the row labels */
    int cw;      /* width of the number columns */
    gsl_matrix *A;
} explain_ctx;

static const char *agent_id(const explain_ctx *c, size_t i)
{
    return i < c->n ? c->net->m[i].id : i == c->H ? "H" : "B";
}

static void row_label(const explain_ctx *c, const char *label)
{
    fprintf(c->f, "  %-*s", c->lw, label);
}

/* A header row: the label column's title, then one title per column. */
static void header(const explain_ctx *c, const char *corner, size_t ncols,
                   const char *(*title)(const explain_ctx *, size_t, char *, size_t))
{
    char buf[64];
    row_label(c, corner);
    for (size_t j = 0; j < ncols; j++)
        fprintf(c->f, " %*s", c->cw, title(c, j, buf, sizeof buf));
    fputc('\n', c->f);
}

static const char *agent_title(const explain_ctx *c, size_t j, char *buf, size_t len)
{
    snprintf(buf, len, "%s", agent_id(c, j));
    return buf;
}

static const char *source_title(const explain_ctx *c, size_t j, char *buf, size_t len)
{
    (void)c;
    snprintf(buf, len, "%s", cylch_source_name((int)j));
    return buf;
}

static const char *round_title(const explain_ctx *c, size_t j, char *buf, size_t len)
{
    (void)c;
    snprintf(buf, len, "round %zu", j + 1);
    return buf;
}

static void money_cell(const explain_ctx *c, double v)
{
    char b[96];
    money(v, b, sizeof b);
    fprintf(c->f, " %*s", c->cw, b);
}

static void share_cell(const explain_ctx *c, double v)
{
    fprintf(c->f, " %*.6f", c->cw, v);
}

/* x = (I − A)⁻¹ f, or with households outside the model (type1: row and
 * column H of A set to zero, x_H = 0). */
static int leontief(const explain_ctx *c, const double *f, int type1, double *x, cylch_error *err)
{
    const size_t na = c->na;
    gsl_matrix *M = gsl_matrix_alloc(na, na);
    gsl_permutation *p = gsl_permutation_alloc(na);
    gsl_vector *b = gsl_vector_alloc(na), *xv = gsl_vector_alloc(na);
    int sign, rc = CYLCH_OK;
    if (!M || !p || !b || !xv) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < na; j++) {
            double a = gsl_matrix_get(c->A, i, j);
            if (type1 && (i == c->H || j == c->H))
                a = 0.0;
            gsl_matrix_set(M, i, j, (i == j ? 1.0 : 0.0) - a);
        }
        gsl_vector_set(b, i, type1 && i == c->H ? 0.0 : f[i]);
    }
    if (gsl_linalg_LU_decomp(M, p, &sign) != GSL_SUCCESS || gsl_linalg_LU_solve(M, p, b, xv) != GSL_SUCCESS) {
        rc = cylch_error_set(err, CYLCH_EINTERNAL, "solving (I - A) x = f failed");
        goto done;
    }
    for (size_t i = 0; i < na; i++)
        x[i] = gsl_vector_get(xv, i);
done:
    if (M) gsl_matrix_free(M);
    if (p) gsl_permutation_free(p);
    if (b) gsl_vector_free(b);
    if (xv) gsl_vector_free(xv);
    return rc;
}

static const char *const source_title_words[CYLCH_NSRC] = {
    "Grant money", "Loan and investment money", "Trade from outside (trade_external)",
    "Money from outside (grant + loan + trade_external)", "The members' income from outside the network's own circle (DESIGN 8.1)"
};

/* Section 4 for one source. */
static int explain_source(const explain_ctx *c, const cylch_model *m, int s, size_t K, int section,
                          cylch_error *err)
{
    const size_t na = c->na;
    double *v = calloc(na * (K + 1), sizeof *v), *x = calloc(na, sizeof *x), *x1 = calloc(na, sizeof *x1);
    double *f = calloc(na, sizeof *f), *r = calloc(K + 1, sizeof *r), inj = 0.0, sx = 0.0, sx1 = 0.0, cum = 0.0;
    int rc = CYLCH_OK;
    FILE *o = c->f;
    if (!v || !x || !x1 || !f || !r) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < na; i++) {
        f[i] = cylch_model_injection(m, s, i);
        v[i] = f[i];
        inj += f[i];
    }
    /* v_k = A v_{k−1}: what each agent receives in round k + 1. */
    for (size_t k = 1; k <= K; k++)
        for (size_t i = 0; i < na; i++) {
            double acc = 0.0;
            for (size_t j = 0; j < na; j++)
                acc += gsl_matrix_get(c->A, i, j) * v[(k - 1) * na + j];
            v[k * na + i] = acc;
        }
    for (size_t k = 0; k <= K; k++)
        for (size_t i = 0; i < na; i++)
            r[k] += v[k * na + i];

    fprintf(o, "\n%d. %s ('%s'), round by round\n", section, source_title_words[s], cylch_source_name(s));
    fprintf(o, "Round 1 is the money coming in, f. Round k is what each agent receives in round k,\n"
               "A^(k-1) f: what the agents of round k-1 spent locally (row i of A times the money\n"
               "each column received). r_k is the round's total; what an agent does not spend\n"
               "locally leaks: leaked in round k = r_k - r_(k+1).\n\n");
    header(c, "agent", K, round_title);
    for (size_t i = 0; i < na; i++) {
        row_label(c, agent_id(c, i));
        for (size_t k = 0; k < K; k++)
            money_cell(c, v[k * na + i]);
        fputc('\n', o);
    }
    row_label(c, "r_k (total)");
    for (size_t k = 0; k < K; k++)
        money_cell(c, r[k]);
    fputc('\n', o);
    row_label(c, "leaked");
    for (size_t k = 0; k < K; k++)
        money_cell(c, r[k] - r[k + 1]);
    fputc('\n', o);
    for (int d = 0; d < CYLCH_NLEAK; d++) {
        char lab[64];
        snprintf(lab, sizeof lab, "  %s", cylch_leak_name(d));
        row_label(c, lab);
        for (size_t k = 0; k < K; k++) {
            double l = 0.0;
            for (size_t j = 0; j < na; j++)
                l += cylch_model_leak_share(m, d, j) * v[k * na + j];
            money_cell(c, l);
        }
        fputc('\n', o);
    }
    row_label(c, "LM_k");
    for (size_t k = 0; k < K; k++) {
        cum += r[k];
        share_cell(c, cum / inj);
    }
    fputc('\n', o);
    fprintf(o, "LM_k = (r_1 + ... + r_k) / r_1.");
    if (K >= 3)
        fprintf(o, " LM3 = %.6f.", (r[0] + r[1] + r[2]) / inj);
    fputc('\n', o);

    if ((rc = leontief(c, f, 0, x, err)) || (rc = leontief(c, f, 1, x1, err)))
        goto done;
    for (size_t i = 0; i < na; i++) {
        sx += x[i];
        sx1 += x1[i];
    }
    fprintf(o, "\nAll rounds together (the Leontief limit): x = f + A f + A^2 f + ... = (I - A)^-1 f\n\n");
    row_label(c, "agent");
    fprintf(o, " %*s %*s\n", c->cw, "x (Type II)", c->cw, "x (Type I)");
    for (size_t i = 0; i < na; i++) {
        row_label(c, agent_id(c, i));
        money_cell(c, x[i]);
        money_cell(c, x1[i]);
        fputc('\n', o);
    }
    row_label(c, "total 1'x");
    money_cell(c, sx);
    money_cell(c, sx1);
    fputc('\n', o);
    {
        char a[96], b[96];
        money(sx, a, sizeof a);
        money(inj, b, sizeof b);
        fprintf(o, "LM_inf = 1'x / 1'f = %s / %s = %.6f (Type II: households re-spend their income)\n",
                a, b, sx / inj);
        money(sx1, a, sizeof a);
        fprintf(o, "LM_inf Type I = %s / %s = %.6f (households outside the model: row and column H of A "
                   "set to 0)\n", a, b, sx1 / inj);
        money(x[c->H], a, sizeof a);
        fprintf(o, "Local wages generated x_H = %s a year.\n", a);
    }
done:
    free(v);
    free(x);
    free(x1);
    free(f);
    free(r);
    return rc;
}

int cylch_explain_write(FILE *f, const cylch_run *run, int source, size_t rounds, cylch_error *err)
{
    explain_ctx c;
    const cylch_scenario *s = run->s;
    const cylch_network *net = run->net;
    const cylch_model *m = run->model;
    const cylch_place *place = &run->place;
    size_t K = rounds ? rounds : s->rounds;
    int rc = CYLCH_OK, section = 4, any = 0;
    size_t idw = 6;

    memset(&c, 0, sizeof c);
    if (net->economy)
        /* 105 industries do not fit on a page: say where the industry block is. */
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%s has an [economy] of %zu industries (%zu agents in all), too many to "
                               "show step by step; its industry block is in `cylch io %s` with the "
                               "same [economy] options (quotients.csv, coefficients.csv), and the run's "
                               "industries.csv has each industry's share; remove [economy] to explain "
                               "the members with a single agent B", s->path, net->economy->n,
                               net->n + 1 + net->economy->n, s->economy->table);
    if (K < 1 || K > 1000)
        return cylch_error_set(err, CYLCH_EINPUT, "rounds must be between 1 and 1000 (got %zu)", K);
    if (source != CYLCH_EXPLAIN_ALL && (source < 0 || source >= CYLCH_NSRC))
        return cylch_error_set(err, CYLCH_EINPUT, "unknown source; use grant, loan, trade, external, "
                                                  "income or all");
    c.f = f;
    c.net = net;
    c.n = net->n;
    c.na = net->n + 2;
    c.H = net->n;
    c.B = net->n + 1;
    for (size_t j = 0; j < net->n; j++)
        if (strlen(net->m[j].id) > idw)
            idw = strlen(net->m[j].id);
    c.lw = (int)(idw > 22 ? idw : 22);
    c.cw = (int)(idw + 1 > 14 ? idw + 1 : 14);
    if (!(c.A = gsl_matrix_alloc(c.na, c.na))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < c.na; i++)
        for (size_t j = 0; j < c.na; j++)
            gsl_matrix_set(c.A, i, j, cylch_model_a(m, i, j));
    if (source != CYLCH_EXPLAIN_ALL) {
        double inj = 0.0;
        for (size_t i = 0; i < c.na; i++)
            inj += cylch_model_injection(m, source, i);
        if (!(inj > 0.0)) {
            rc = cylch_error_set(err, CYLCH_EINPUT, "no %s money comes into %s, so there is nothing to "
                                 "follow; try --source income", cylch_source_name(source), s->name);
            goto done;
        }
    }

    fprintf(f, "cylch explain: %s (%s), every input at its point value\n", s->name, s->path);
    fprintf(f, "Money in £ a year. Agents: the members in file order, then H (local households)\n"
               "and B (other local businesses); whatever leaves the place has leaked.\n");

    fprintf(f, "\n1. The agents\n\n");
    row_label(&c, "agent");
    fprintf(f, " %*s  %s\n", c.cw, "income T", "name");
    for (size_t j = 0; j < c.n; j++) {
        row_label(&c, net->m[j].id);
        money_cell(&c, cylch_member_income(&net->m[j]));
        fprintf(f, "  %s\n", net->m[j].name);
    }
    row_label(&c, "H");
    fprintf(f, " %*s  %s\n", c.cw, "", "local households (staff living here, and everyone else)");
    row_label(&c, "B");
    fprintf(f, " %*s  %s\n", c.cw, "", "other local businesses (not members)");
    fprintf(f, "\nPlace parameters:\n");
    for (int p = 0; p < CYLCH_NPLACE; p++)
        if (p != CYLCH_P_ECONOMY_DELTA)
            fprintf(f, "  %-*s %g\n", 28, cylch_place_name(p), place->v[p]);

    fprintf(f, "\n2. The coefficient matrix A\n"
               "A[i][j] = £ that agent j (column) spends with local agent i (row) per £1 it receives.\n"
               "Member column j: A[H][j] = wages x wages_local_share x net_wage_share / T_j;\n"
               "A[i][j] = trade (j buys from i) / T_j; A[B][j] = (purchases x purchases_local_share\n"
               "- bought from members + other_costs x other_local_share) / T_j.\n"
               "Column H: household_local_spend split between members (by their local sales) and B;\n"
               "column B: business_local_wage_share x net_wage_share to H, business_local_supply_share to B.\n\n");
    header(&c, "A[i][j]", c.na, agent_title);
    for (size_t i = 0; i < c.na; i++) {
        row_label(&c, agent_id(&c, i));
        for (size_t j = 0; j < c.na; j++)
            share_cell(&c, gsl_matrix_get(c.A, i, j));
        fputc('\n', f);
    }
    row_label(&c, "column sum");
    for (size_t j = 0; j < c.na; j++) {
        double cs = 0.0;
        for (size_t i = 0; i < c.na; i++)
            cs += gsl_matrix_get(c.A, i, j);
        share_cell(&c, cs);
    }
    fputc('\n', f);
    row_label(&c, "leaks 1-colsum");
    for (size_t j = 0; j < c.na; j++) {
        double cs = 0.0;
        for (size_t i = 0; i < c.na; i++)
            cs += gsl_matrix_get(c.A, i, j);
        share_cell(&c, 1.0 - cs);
    }
    fputc('\n', f);
    for (int d = 0; d < CYLCH_NLEAK; d++) {
        char lab[64];
        snprintf(lab, sizeof lab, "  %s", cylch_leak_name(d));
        row_label(&c, lab);
        for (size_t j = 0; j < c.na; j++)
            share_cell(&c, cylch_model_leak_share(m, d, j));
        fputc('\n', f);
    }
    fprintf(f, "A member's column sum is its round-2 local share: the pence of each £1 it spends locally.\n");

    fprintf(f, "\n3. Money coming in: the injection vectors f\n\n");
    header(&c, "agent", CYLCH_NSRC, source_title);
    for (size_t i = 0; i < c.na; i++) {
        row_label(&c, agent_id(&c, i));
        for (int src = 0; src < CYLCH_NSRC; src++)
            money_cell(&c, cylch_model_injection(m, src, i));
        fputc('\n', f);
    }
    row_label(&c, "total 1'f");
    for (int src = 0; src < CYLCH_NSRC; src++) {
        double t = 0.0;
        for (size_t i = 0; i < c.na; i++)
            t += cylch_model_injection(m, src, i);
        money_cell(&c, t);
    }
    fputc('\n', f);

    for (int src = 0; src < CYLCH_NSRC; src++) {
        double inj = 0.0;
        if (source != CYLCH_EXPLAIN_ALL && src != source)
            continue;
        for (size_t i = 0; i < c.na; i++)
            inj += cylch_model_injection(m, src, i);
        if (!(inj > 0.0))
            continue;
        if ((rc = explain_source(&c, m, src, K, section++, err)))
            goto done;
        any = 1;
    }
    if (!any)
        fprintf(f, "\nNo money comes into the network from any source.\n");
    if (ferror(f))
        rc = cylch_error_set(err, CYLCH_EIO, "could not write the explanation");
done:
    if (c.A)
        gsl_matrix_free(c.A);
    return rc;
}
