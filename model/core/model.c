/* cylch — the coefficient matrix A, its solves, and the quantities of DESIGN §3.
 *
 * Every quantity is a linear functional of (I − A)⁻¹ f, so cylch solves the
 * transposed system (I − A)ᵀ y = b once per functional b (ones, households,
 * jobs, each leakage destination) and takes y · f for every source f: a few
 * solves serve all five sources.
 */
#include "cylch/core/model.h"
#include "cylch/io/lang.h"
#include "cylch/core/economy.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "cylch/io/text.h"

#include <klu.h>

static const char *const source_names[CYLCH_NSRC] = {"grant", "loan", "trade", "external", "income"};
static const char *const leak_names[CYLCH_NLEAK] = {
    "non_local_staff", "non_local_suppliers", "households_outside", "businesses_outside", "other"
};
static const char *const q_names[CYLCH_NQ] = {"lm3", "lmk", "lm_inf", "lm_inf_type1", "local_wages", "jobs"};

const char *cylch_source_name(int s) { return (s >= 0 && s < CYLCH_NSRC) ? source_names[s] : "?"; }
const char *cylch_leak_name(int d) { return (d >= 0 && d < CYLCH_NLEAK) ? leak_names[d] : "?"; }
const char *cylch_q_name(int q) { return (q >= 0 && q < CYLCH_NQ) ? q_names[q] : "?"; }

void cylch_headline_name(int h, char *buf, size_t len)
{
    if (h == CYLCH_HEAD_R2GL)
        snprintf(buf, len, "round2_local_share_grant_loan");
    else
        snprintf(buf, len, "%s.%s", source_names[h / CYLCH_NQ], q_names[h % CYLCH_NQ]);
}

/* What "every £1" is of, per source, in the words of the compare summary. */
static const char *const source_words[CYLCH_NSRC] = {
    "grant", "loans and investment", "sales to customers outside the place",
    "money from outside (grant, loans and sales outside)",
    "the members' income (the part the model does not generate itself)"
};

const char *cylch_source_words(int s) { return (s >= 0 && s < CYLCH_NSRC) ? source_words[s] : "?"; }

void cylch_headline_label(int h, size_t K, char *buf, size_t len)
{
    const char *of = h >= 0 && h < CYLCH_NHEAD - 1 ? source_words[h / CYLCH_NQ] : "?";
    if (h == CYLCH_HEAD_R2GL) {
        snprintf(buf, len, "Share of grant and loan money spent locally in round 2");
        return;
    }
    switch (h >= 0 && h < CYLCH_NHEAD ? h % CYLCH_NQ : -1) {
    case CYLCH_Q_LM3:
        snprintf(buf, len, "Local circulation per £1 of %s, LM3 (three rounds)", of);
        break;
    case CYLCH_Q_LMK:
        snprintf(buf, len, "Local circulation per £1 of %s, LMk for the scenario's rounds (k = %zu)", of, K);
        break;
    case CYLCH_Q_LM_INF:
        snprintf(buf, len, "Local circulation per £1 of %s, over time (every round)", of);
        break;
    case CYLCH_Q_LM_INF_TYPE1:
        snprintf(buf, len, "Local circulation per £1 of %s, over time, households' re-spending left out "
                 "(Type I)", of);
        break;
    case CYLCH_Q_LOCAL_WAGES:
        snprintf(buf, len, "Local wages supported by %s", of);
        break;
    case CYLCH_Q_JOBS:
        snprintf(buf, len, "Jobs supported by %s", of);
        break;
    default:
        snprintf(buf, len, "?");
    }
}

const char *cylch_headline_unit(int h)
{
    if (h == CYLCH_HEAD_R2GL)
        return "share";
    switch (h >= 0 && h < CYLCH_NHEAD ? h % CYLCH_NQ : -1) {
    case CYLCH_Q_LOCAL_WAGES: return "£ a year";
    case CYLCH_Q_JOBS: return "FTE";
    case -1: return "?";
    default: return "£ per £1";
    }
}

/* functionals: ones, households, jobs, leak by destination, members' ones,
 * and (Type I) the households row */
enum { NB = 3 + CYLCH_NLEAK + 3, Y_MEMBERS = 3 + CYLCH_NLEAK, Y_INCOME1 = 4 + CYLCH_NLEAK,
       Y_MEMBER_JOBS = 5 + CYLCH_NLEAK };

/* [economy]: the products of a purchase pattern kept per delta (econ_patterns) */
enum { PAT_U, PAT_Z1, PAT_ZJ, PAT_WAGE, PAT_RCS, PAT_SUM, NPAT };

struct cylch_model {
    size_t n, na, H, B;
    size_t nb;             /* other local businesses: 1 (B), or the [economy]'s industries */
    const cylch_economy *econ;   /* NULL without [economy] (owned by the network) */
    cylch_economy_draw *ed;      /* this workspace's regional coefficients */
    long *industry;        /* per member: its industry in econ, or -1 */
    /* [economy] solves by the Schur complement of the industry block (solve_econ):
     * T = (I − r)ᵀ is the economy's (u = T⁻¹ w, z1 = T⁻¹ 1, zj = T⁻¹ jobs per draw,
     * cylch_economy_draw_set); S, S1 the small member-and-H systems (Type II,
     * Type I), factorised per build. */
    double *zb, *S, *S1, *rs;
    double *du, *d1, *dj, *dz;   /* per member and H: Σ_k A[B+k][j] times u, z1, zj, a z */
    /* A member's industry entries are vb_j × its pattern p_j (its industry's regional
     * column, normalised, or the whole economy's), H's are vH × households' split:
     * per delta, each pattern's products with u, z1, zj, the wages per £, r's column
     * sums and 1 (econ_patterns), so that the couplings above cost O(1) a build. */
    double *pat;           /* (n + 1) × NPAT */
    double pat_delta;      /* the delta they are for (NAN: none) */
    double *vb;            /* per member, and H's at n: the total its industry entries share */
    double wscale;         /* business_local_wage_share × net_wage_share of the build */
    int s_factored;
    /* A in compressed columns; the pattern is fixed by the network's trade links. */
    size_t *colptr, *rowidx, nnz;
    double *val;
    size_t ntrade;
    size_t *trade_buyer;   /* per trade link, with its amount */
    double *trade_amount;
    size_t *trade_pos;     /* position of the link's coefficient in val */
    double *bought;        /* per member: £ bought from members (reported trade) */
    double *scale;         /* per member: scale of its trade in this build (1 unless capped) */
    double *tfac;          /* per member: factor on the trade it buys (§8.6 draws; 1 otherwise) */
    double *T;             /* per member: income in this build */
    double *D;             /* per member: max(income, costs), the coefficients' denominator */
    unsigned char *inconsistent; /* per member: modelled local sales above income (§8.1) */
    unsigned char *hcapped;      /* per member: households' spending with it capped (§8.8) */
    double *sold;                /* per member: its sales to other members at baseline, £/year */
    size_t ninconsistent;
    char **ids;            /* member ids, for messages */
    double *leak;          /* CYLCH_NLEAK × na leakage shares */
    double *e;             /* jobs per £ received */
    double *f;             /* CYLCH_NSRC × na injections */
    double *colsum;
    /* dense path: (I − A)ᵀ and its Type I block, LU factorised */
    int dense;
    gsl_matrix *M, *M1;
    gsl_permutation *perm, *perm1;
    gsl_vector *b, *x, *b1, *x1;
    int factored;
    int fast;              /* draws: LU without pivoting on plain arrays (see factor_fast) */
    double *F;             /* fast path: (I − A)ᵀ with H moved last, factorised in place */
    /* fast path: where each entry of A lands in F, and the pattern of F's LU factors
     * (fixed by the network's trade links; see fast_symbolic) */
    uint16_t *fscat;       /* per entry k of A: its place in F */
    uint16_t *lptr, *lrow; /* per pivot k: the rows i > k of L's column k, ascending */
    uint16_t *rptr, *rcol; /* per row i: the columns j < i of L's row i, ascending */
    uint16_t *uptr, *ucol; /* per row i: the columns j > i of U's row i, ascending */
    /* sparse path (KLU): I − A and its Type I block */
    struct sparse_sys *sp, *sp1;
    /* functionals y_b = (I − A)⁻ᵀ b, and work vectors */
    double *y;             /* NB × na */
    double *y1;            /* (I − A1)⁻ᵀ 1 over the agents without H (H entry 0) */
    double *g, *gn, *G3, *GK, *work, *work2;
};

size_t cylch_model_agents(const cylch_model *m) { return m->na; }

/* ---- the sparse path: KLU (SuiteSparse) --------------------------------- */

/* One sparse system M = I − A (or its Type I block, H left out) in compressed
 * columns for KLU, and where each coefficient of A lands in it. The pattern
 * is fixed by the network, so it is analysed once; each build refactorises. */
typedef struct sparse_sys {
    int n;
    int *Mp, *Mi;
    double *Mx;
    size_t *apos;          /* per entry k of A: its position in Mx (SIZE_MAX: left out) */
    int *dpos;             /* per column: the diagonal's position in Mx */
    klu_symbolic *sym;
    klu_numeric *num;
    klu_common common;
} sparse_sys;

static void sparse_free(sparse_sys *q)
{
    if (!q)
        return;
    if (q->num)
        klu_free_numeric(&q->num, &q->common);
    if (q->sym)
        klu_free_symbolic(&q->sym, &q->common);
    free(q->Mp);
    free(q->Mi);
    free(q->Mx);
    free(q->apos);
    free(q->dpos);
    free(q);
}

/* The system for m's pattern, without agent `skip` (SIZE_MAX: none). */
static sparse_sys *sparse_new(const cylch_model *m, size_t skip)
{
    const size_t na = m->na;
    sparse_sys *q = calloc(1, sizeof *q);
    size_t nz = 0;
    int *map = NULL;       /* agent → index in the system, −1 when left out */
    if (!q)
        return NULL;
    klu_defaults(&q->common);
    q->n = (int)(skip < na ? na - 1 : na);
    q->Mp = calloc((size_t)q->n + 1, sizeof *q->Mp);
    q->Mi = calloc(m->nnz + na, sizeof *q->Mi);
    q->Mx = calloc(m->nnz + na, sizeof *q->Mx);
    q->apos = calloc(m->nnz + 1, sizeof *q->apos);
    q->dpos = calloc((size_t)q->n + 1, sizeof *q->dpos);
    map = malloc(na * sizeof *map);
    if (!q->Mp || !q->Mi || !q->Mx || !q->apos || !q->dpos || !map)
        goto fail;
    for (size_t i = 0, c = 0; i < na; i++)
        map[i] = i == skip ? -1 : (int)c++;
    for (size_t k = 0; k < m->nnz; k++)
        q->apos[k] = SIZE_MAX;
    for (size_t j = 0; j < na; j++) {
        int cj = map[j];
        size_t start = nz;
        if (cj < 0)
            continue;
        q->Mp[cj] = (int)nz;
        /* the diagonal, then A's rows in this column (sorted, merged with the diagonal) */
        q->Mi[nz++] = cj;
        for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++) {
            int ci = map[m->rowidx[k]];
            size_t t;
            if (ci < 0)
                continue;
            for (t = start; t < nz && q->Mi[t] != ci; t++)
                ;
            if (t == nz)
                q->Mi[nz++] = ci;
        }
        /* sort the column's rows (insertion sort: a few entries) */
        for (size_t a = start + 1; a < nz; a++)
            for (size_t b = a; b > start && q->Mi[b - 1] > q->Mi[b]; b--) {
                int tmp = q->Mi[b];
                q->Mi[b] = q->Mi[b - 1];
                q->Mi[b - 1] = tmp;
            }
        for (size_t t = start; t < nz; t++)
            if (q->Mi[t] == cj)
                q->dpos[cj] = (int)t;
        for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++) {
            int ci = map[m->rowidx[k]];
            if (ci < 0)
                continue;
            for (size_t t = start; t < nz; t++)
                if (q->Mi[t] == ci)
                    q->apos[k] = t;
        }
    }
    q->Mp[q->n] = (int)nz;
    q->sym = klu_analyze(q->n, q->Mp, q->Mi, &q->common);
    if (!q->sym)
        goto fail;
    free(map);
    return q;
fail:
    free(map);
    sparse_free(q);
    return NULL;
}

/* Fill M = I − A from m's values and factorise (KLU's refactorisation with the
 * first build's pivots after the first: I − A is diagonally dominant by
 * columns, so the pivots stay good). Returns 0, or −1 when KLU fails or the
 * reciprocal condition number is below 1e-13 (near singular). */
static int sparse_factor(const cylch_model *m, sparse_sys *q)
{
    memset(q->Mx, 0, (size_t)q->Mp[q->n] * sizeof *q->Mx);
    for (int c = 0; c < q->n; c++)
        q->Mx[q->dpos[c]] = 1.0;
    for (size_t k = 0; k < m->nnz; k++)
        if (q->apos[k] != SIZE_MAX)
            q->Mx[q->apos[k]] -= m->val[k];
    if (!q->num) {
        q->num = klu_factor(q->Mp, q->Mi, q->Mx, q->sym, &q->common);
        if (!q->num)
            return -1;
    } else if (!klu_refactor(q->Mp, q->Mi, q->Mx, q->sym, q->num, &q->common)) {
        return -1;
    }
    if (!klu_rcond(q->sym, q->num, &q->common) || !(q->common.rcond >= 1e-13))
        return -1;
    return 0;
}

/* The agent with the largest column sum, for messages. */
static void largest_column(const cylch_model *m, char *buf, size_t len)
{
    size_t best = 0;
    for (size_t j = 1; j < m->na; j++)
        if (m->colsum[j] > m->colsum[best])
            best = j;
    if (best < m->n)
        snprintf(buf, len, _("'%s', which re-spends %.6g of every £1 it receives locally"), m->ids[best],
                 m->colsum[best]);
    else
        snprintf(buf, len, _("%s, which re-spend %.6g of every £1 they receive locally"),
                 best == m->H ? _("local households (H)") : _("other local businesses (B)"), m->colsum[best]);
}

void cylch_model_free(cylch_model *m)
{
    if (!m)
        return;
    free(m->colptr);
    free(m->rowidx);
    free(m->val);
    free(m->trade_buyer);
    free(m->trade_amount);
    free(m->trade_pos);
    free(m->bought);
    free(m->scale);
    free(m->tfac);
    free(m->T);
    free(m->D);
    free(m->inconsistent);
    free(m->hcapped);
    free(m->sold);
    cylch_text_list_free(m->ids, m->n);
    free(m->leak);
    free(m->e);
    free(m->f);
    free(m->colsum);
    if (m->M) gsl_matrix_free(m->M);
    if (m->M1) gsl_matrix_free(m->M1);
    if (m->perm) gsl_permutation_free(m->perm);
    if (m->perm1) gsl_permutation_free(m->perm1);
    if (m->b) gsl_vector_free(m->b);
    if (m->x) gsl_vector_free(m->x);
    if (m->b1) gsl_vector_free(m->b1);
    if (m->x1) gsl_vector_free(m->x1);
    free(m->F);
    free(m->fscat);
    free(m->lptr);
    free(m->lrow);
    free(m->rptr);
    free(m->rcol);
    free(m->uptr);
    free(m->ucol);
    sparse_free(m->sp);
    sparse_free(m->sp1);
    free(m->y);
    free(m->y1);
    free(m->g);
    free(m->gn);
    free(m->G3);
    free(m->GK);
    free(m->work);
    free(m->work2);
    cylch_economy_draw_free(m->ed);
    free(m->industry);
    free(m->zb);
    free(m->du);
    free(m->pat);
    free(m->vb);
    free(m->S);
    free(m->S1);
    free(m->rs);
    free(m);
}

static int fast_symbolic(cylch_model *m);

cylch_model *cylch_model_new(const cylch_network *net)
{
    cylch_model *m = calloc(1, sizeof *m);
    const cylch_economy *econ = net->economy;
    size_t n = net->n, nb = econ ? econ->n : 1, na = n + 1 + nb, pos;
    if (!m)
        return NULL;
    m->n = n;
    m->na = na;
    m->H = n;
    m->B = n + 1;
    m->nb = nb;
    m->econ = econ;
    if (econ) {
        if (!(m->industry = calloc(n + 1, sizeof *m->industry)))
            goto fail;
        for (size_t j = 0; j < n; j++)
            m->industry[j] = cylch_network_industry(net, j) ? cylch_economy_find(econ, cylch_network_industry(net, j)) : -1;
        m->zb = malloc(nb * sizeof *m->zb);
        m->S = malloc((n + 1) * (n + 1) * sizeof *m->S);
        m->S1 = malloc((n + 1) * (n + 1) * sizeof *m->S1);
        m->rs = malloc((n + 1) * sizeof *m->rs);
        m->du = malloc(4 * (n + 1) * sizeof *m->du);
        m->pat = malloc(NPAT * (n + 1) * sizeof *m->pat);
        m->vb = calloc(n + 1, sizeof *m->vb);
        if (!m->zb || !m->S || !m->S1 || !m->rs || !m->du || !m->pat || !m->vb)
            goto fail;
        m->pat_delta = NAN;
        m->d1 = m->du + (n + 1);
        m->dj = m->du + 2 * (n + 1);
        m->dz = m->du + 3 * (n + 1);

    }
    /* nnz: per member H, the businesses and its sellers; H column: every member and
     * the businesses; each business column: H and the businesses. */
    m->nnz = n * (1 + nb) + net->ntrade + n + nb + nb * (1 + nb);
    m->colptr = calloc(na + 1, sizeof *m->colptr);
    m->rowidx = calloc(m->nnz, sizeof *m->rowidx);
    m->val = calloc(m->nnz, sizeof *m->val);
    m->ntrade = net->ntrade;
    m->trade_buyer = calloc(net->ntrade + 1, sizeof *m->trade_buyer);
    m->trade_amount = calloc(net->ntrade + 1, sizeof *m->trade_amount);
    m->trade_pos = calloc(net->ntrade + 1, sizeof *m->trade_pos);
    m->leak = calloc(CYLCH_NLEAK * na, sizeof *m->leak);
    m->bought = calloc(n + 1, sizeof *m->bought);
    m->scale = calloc(n + 1, sizeof *m->scale);
    m->tfac = malloc((n + 1) * sizeof *m->tfac);
    m->T = calloc(n + 1, sizeof *m->T);
    m->D = calloc(n + 1, sizeof *m->D);
    m->inconsistent = calloc(n + 1, 1);
    m->hcapped = calloc(n + 1, 1);
    m->sold = calloc(n + 1, sizeof *m->sold);
    m->ids = calloc(n + 1, sizeof *m->ids);
    m->e = calloc(na, sizeof *m->e);
    m->f = calloc(CYLCH_NSRC * na, sizeof *m->f);
    m->colsum = calloc(na, sizeof *m->colsum);
    m->y = calloc(NB * na, sizeof *m->y);
    m->y1 = calloc(na, sizeof *m->y1);
    m->g = calloc(na, sizeof *m->g);
    m->gn = calloc(na, sizeof *m->gn);
    m->G3 = calloc(na, sizeof *m->G3);
    m->GK = calloc(na, sizeof *m->GK);
    m->work = calloc(na, sizeof *m->work);
    m->work2 = calloc(4 * na, sizeof *m->work2);   /* the fast path's four solutions */
    if (!m->colptr || !m->rowidx || !m->val || !m->trade_buyer || !m->trade_amount ||
        !m->trade_pos || !m->leak || !m->e || !m->f || !m->colsum || !m->y || !m->y1 || !m->g ||
        !m->gn || !m->G3 || !m->GK || !m->work || !m->work2 || !m->bought || !m->scale || !m->tfac || !m->T || !m->D ||
        !m->inconsistent || !m->hcapped || !m->sold || !m->ids)
        goto fail;
    for (size_t j = 0; j < n; j++)
        if (!(m->ids[j] = strdup(net->m[j].id)))
            goto fail;
    for (size_t t = 0; t < net->ntrade; t++)
        m->bought[net->trade[t].buyer] += net->trade[t].amount;
    for (size_t j = 0; j <= n; j++)
        m->tfac[j] = 1.0;
    m->dense = na <= CYLCH_MODEL_DENSE_MAX;
    if (m->dense) {
        m->M = gsl_matrix_alloc(na, na);
        m->M1 = gsl_matrix_alloc(na - 1, na - 1);
        m->perm = gsl_permutation_alloc(na);
        m->perm1 = gsl_permutation_alloc(na - 1);
        m->b = gsl_vector_alloc(na);
        m->x = gsl_vector_alloc(na);
        m->b1 = gsl_vector_alloc(na - 1);
        m->x1 = gsl_vector_alloc(na - 1);
        m->F = malloc(na * na * sizeof *m->F);

        if (!m->M || !m->M1 || !m->perm || !m->perm1 || !m->b || !m->x || !m->b1 || !m->x1 ||
            !m->F)
            goto fail;
    }
    /* The sparsity pattern. */
    pos = 0;
    for (size_t j = 0; j < n; j++) {
        m->colptr[j] = pos;
        m->rowidx[pos++] = m->H;
        for (size_t b = 0; b < nb; b++)
            m->rowidx[pos++] = m->B + b;
        for (size_t t = 0; t < net->ntrade; t++)
            if (net->trade[t].buyer == j) {
                m->trade_buyer[t] = j;
                m->trade_amount[t] = net->trade[t].amount;
                m->trade_pos[t] = pos;
                m->rowidx[pos++] = net->trade[t].seller;
            }
    }
    m->colptr[m->H] = pos;
    for (size_t i = 0; i < n; i++)
        m->rowidx[pos++] = i;
    for (size_t b = 0; b < nb; b++)
        m->rowidx[pos++] = m->B + b;
    for (size_t k = 0; k < nb; k++) {
        m->colptr[m->B + k] = pos;
        m->rowidx[pos++] = m->H;
        for (size_t b = 0; b < nb; b++)
            m->rowidx[pos++] = m->B + b;
    }
    m->colptr[na] = pos;
    /* [economy]: the draw writes r straight into the industries' columns (below H's
     * entry, nb + 1 apart); it solves by its own Schur complement, never by KLU */
    if (econ && !(m->ed = cylch_economy_draw_new(econ, m->val + m->colptr[m->B] + 1, nb + 1)))
        goto fail;
    if (m->dense && fast_symbolic(m))
        goto fail;
    if (!m->dense && !econ && (!(m->sp = sparse_new(m, SIZE_MAX)) || !(m->sp1 = sparse_new(m, m->H))))
        goto fail;
    return m;
fail:
    cylch_model_free(m);
    return NULL;
}

double *cylch_network_values(const cylch_network *net)
{
    double *v = malloc((net->n ? net->n : 1) * CYLCH_NCOLS * sizeof *v);
    if (!v)
        return NULL;
    for (size_t j = 0; j < net->n; j++)
        memcpy(v + j * CYLCH_NCOLS, net->m[j].v, CYLCH_NCOLS * sizeof *v);
    return v;
}

static const char *agent_label(const cylch_model *m, size_t i)
{
    if (i == m->H)
        return _("local households (H)");
    if (m->econ && i >= m->B)
        return m->econ->table->name[i - m->B];
    return _("other local businesses (B)");
}

/* [economy]: households' baseline turnover y_H when every member turns over its
 * income T: y = g + A_HI,HI y over H and the industries, with g = A[·][m] T the
 * members' spending. y_H = w · g for w solving (I − A_HI,HI)ᵀ w = e_H: the
 * industry rows give T w_I = c w_H wage, so w_I = c w_H u (u = T⁻¹ wage), and
 * H's row w_H (1 − c Σ_k A[k][H] u_k) = 1 (A[H][H] = 0). */
/* The products of each member's (and H's) pattern of industry purchases with
 * u, z1, zj (the draw's), the wages per £, r's column sums and 1: computed once
 * per delta, O(n nb). */
static void econ_patterns(cylch_model *m)
{
    cylch_economy_draw *ed = m->ed;
    const size_t nb = m->nb;
    if (m->pat_delta == ed->delta)
        return;
    for (size_t j = 0; j <= m->n; j++) {
        long s = j < m->n ? m->industry[j] : -1;
        const double *p = j == m->n ? ed->hh_share : s >= 0 && ed->colsum[s] > 0.0
                                                          ? ed->r + (size_t)s * ed->ld
                                                          : cylch_economy_draw_avg(m->econ, ed);
        const double scale = j < m->n && s >= 0 && ed->colsum[s] > 0.0 ? 1.0 / ed->colsum[s] : 1.0;
        double su = 0.0, s1 = 0.0, sj = 0.0, sw = 0.0, sc = 0.0, sp = 0.0;
        for (size_t k = 0; k < nb; k++) {
            const double pk = p[k] * scale;
            su += pk * ed->u[k];
            s1 += pk * ed->z1[k];
            sj += pk * ed->zj[k];
            sw += pk * m->econ->wage[k];
            sc += pk * ed->colsum[k];
            sp += pk;
        }
        double *out = m->pat + j * NPAT;
        out[PAT_U] = su;
        out[PAT_Z1] = s1;
        out[PAT_ZJ] = sj;
        out[PAT_WAGE] = sw;
        out[PAT_RCS] = sc;
        out[PAT_SUM] = sp;
    }
    m->pat_delta = ed->delta;
}

/* Σ_k A[B+k][j] × (what pattern product q stands for), column j a member or H. */
static inline double pat_dot(const cylch_model *m, size_t j, int q)
{
    return m->vb[j] * m->pat[j * NPAT + q];
}

/* Σ_k A[B+k][j] v_k over the industries' entries of column j (a member or H):
 * they are contiguous (cylch_model_new's pattern: a member's column is H, the
 * industries, its sellers; H's is the members, the industries). */
static inline double ind_dot(const cylch_model *m, size_t j, const double *v)
{
    const double *a = m->val + m->colptr[j] + (j == m->H ? m->n : 1);
    double s = 0.0;
    for (size_t k = 0; k < m->nb; k++)
        s += a[k] * v[k];
    return s;
}

static double econ_baseline_households(cylch_model *m)
{
    const size_t n = m->n;
    double gH = 0.0, gu = 0.0, hu = pat_dot(m, m->H, PAT_U);
    for (size_t j = 0; j < n; j++) {
        gH += m->val[m->colptr[j]] * m->T[j];   /* A[H][j] T_j */
        gu += m->du[j] * m->T[j];
    }
    return (gH + m->wscale * gu) / (1.0 - m->wscale * hu);
}

/* Households' baseline income y_H with every member's turnover at T: the
 * 2 × 2 system of exogenous_income below. */
static double households_baseline(cylch_model *m)
{
    const size_t n = m->n, H = m->H, B = m->B;
    if (m->econ)
        return econ_baseline_households(m);
    double gH = 0.0, gB = 0.0, aHB = m->val[m->colptr[B]], aBB = m->val[m->colptr[B] + 1];
    double aBH = m->val[m->colptr[H] + n];
    for (size_t j = 0; j < n; j++) {
        gH += m->val[m->colptr[j]] * m->T[j];
        gB += m->val[m->colptr[j] + 1] * m->T[j];
    }
    return (gH * (1.0 - aBB) + aHB * gB) / ((1.0 - aBB) - aHB * aBH);
}

/* DESIGN §8.8: households cannot buy more from a member than it reports
 * selling locally to others than members (trade_local less its sales to
 * members at baseline). Where the proportional split would give more, the
 * member's coefficient is capped and the rest goes to other local businesses;
 * households' baseline income grows with that (other businesses pay local
 * wages), so the caps are repeated until nothing moves. */
static void cap_households(cylch_model *m, const double *vals)
{
    const size_t n = m->n, H = m->H;
    size_t cH = m->colptr[H];
    memset(m->hcapped, 0, n);
    memset(m->sold, 0, n * sizeof *m->sold);
    for (size_t t = 0; t < m->ntrade; t++)
        m->sold[m->rowidx[m->trade_pos[t]]] += m->val[m->trade_pos[t]] * m->T[m->trade_buyer[t]];
    for (int it = 0; it < 200; it++) {
        double yH = households_baseline(m), moved = 0.0;
        if (!(yH > 0.0))
            return;
        for (size_t i = 0; i < n; i++) {
            double avail = vals[i * CYLCH_NCOLS + CYLCH_COL_TRADE_LOCAL] - m->sold[i];
            double cap = (avail > 0.0 ? avail : 0.0) / yH;
            if (m->val[cH + i] > cap * (1.0 + 1e-13)) {
                moved += m->val[cH + i] - cap;
                m->val[cH + i] = cap;
                m->hcapped[i] = 1;
            }
        }
        if (!m->econ)
            m->val[cH + n] += moved;
        else   /* [economy]: what households cannot buy from members goes to the industries */
        {
            for (size_t i = 0; i < m->nb; i++)
                m->val[cH + n + i] += moved * m->ed->hh_share[i];
            m->vb[n] += moved;
        }
        if (!(moved > 1e-15))
            return;
    }
}

int cylch_model_member_capped(const cylch_model *m, size_t j)
{
    return j < m->n && m->hcapped[j];
}

/* DESIGN §8.1: the income source injects only the exogenous part of each
 * member's income. With every member's turnover at its reported income T,
 * households' and other businesses' baseline turnover solves
 * y = A_HB,HB y + A_HB,m T (a 2 × 2 system: A[H][H] = A[H][B]'s mirror is 0);
 * then f_m = T_m − Σ_i A[m][i] T_i − A[m][H] y_H (A[m][B] = 0: other businesses
 * do not buy from members in this model). A member whose modelled sales exceed
 * its income is inconsistent data: f_m = 0 and a flag. */
static void exogenous_income(cylch_model *m)
{
    const size_t n = m->n, na = m->na, H = m->H, B = m->B;
    double *f = m->f + CYLCH_SRC_INCOME * na;
    /* [1, −aHB; −aBH, 1 − aBB] [yH; yB] = [gH; gB] (A[H][H] = 0), g the members'
     * spending on H and B at turnover T (money flow = coefficient × turnover) */
    double yH = households_baseline(m);
    for (size_t i = 0; i < n; i++)
        f[i] = m->T[i] - m->val[m->colptr[H] + i] * yH;
    for (size_t t = 0; t < m->ntrade; t++) {
        size_t j = m->trade_buyer[t], i = m->rowidx[m->trade_pos[t]];
        f[i] -= m->val[m->trade_pos[t]] * m->T[j];
    }
    f[H] = f[B] = 0.0;
    m->ninconsistent = 0;
    for (size_t i = 0; i < n; i++) {
        m->inconsistent[i] = f[i] < -1e-9 * m->T[i];
        if (f[i] < 0.0)
            f[i] = 0.0;
        m->ninconsistent += m->inconsistent[i];
    }
}

int cylch_model_member_inconsistent(const cylch_model *m, size_t j)
{
    return j < m->n && m->inconsistent[j];
}

size_t cylch_model_inconsistent(const cylch_model *m, size_t *first)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->inconsistent[i]) {
            if (first)
                *first = i;
            break;
        }
    return m->ninconsistent;
}

int cylch_model_build(cylch_model *m, const double *vals, const cylch_place *p, cylch_error *err)
{
    const size_t n = m->n, na = m->na, H = m->H, B = m->B;
    const double nws = p->v[CYLCH_P_NET_WAGE_SHARE];
    const double hls = p->v[CYLCH_P_HOUSEHOLD_LOCAL_SPEND];
    const double hms = p->v[CYLCH_P_HOUSEHOLD_MEMBER_SHARE];
    const double blws = p->v[CYLCH_P_BUSINESS_LOCAL_WAGE_SHARE];
    const double blss = p->v[CYLCH_P_BUSINESS_LOCAL_SUPPLY_SHARE];
    const double jpm = p->v[CYLCH_P_JOBS_PER_MILLION];
    const size_t nb = m->nb;
    double tl_sum = 0.0;
    const cylch_economy_draw *ed = NULL;

    if (m->econ) {
        /* r and the industry block's vectors, recomputed only when delta changed */
        cylch_economy_draw_set(m->econ, m->ed, p->v[CYLCH_P_ECONOMY_DELTA]);
        ed = m->ed;
    }

    m->factored = 0;
    m->s_factored = 0;
    m->wscale = blws * nws;
    memset(m->f, 0, CYLCH_NSRC * na * sizeof *m->f);
    memset(m->leak, 0, CYLCH_NLEAK * na * sizeof *m->leak);

    for (size_t j = 0; j < n; j++) {
        const double *v = vals + j * CYLCH_NCOLS;
        double T = v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN] + v[CYLCH_COL_TRADE_LOCAL] +
                   v[CYLCH_COL_TRADE_EXTERNAL];
        double wages = v[CYLCH_COL_WAGES], wls = v[CYLCH_COL_WAGES_LOCAL_SHARE];
        double local_purch = v[CYLCH_COL_PURCHASES] * v[CYLCH_COL_PURCHASES_LOCAL_SHARE];
        double bought = m->bought[j] * m->tfac[j];
        double C = wages + v[CYLCH_COL_PURCHASES] + v[CYLCH_COL_OTHER_COSTS];
        /* DESIGN §8.2: a member spending more than its income (from reserves) spends
         * each £1 in proportion to its costs; a surplus leaks as saving. */
        double D = C > T ? C : T;
        size_t c0 = m->colptr[j];
        tl_sum += v[CYLCH_COL_TRADE_LOCAL];
        m->f[CYLCH_SRC_GRANT * na + j] = v[CYLCH_COL_GRANT];
        m->f[CYLCH_SRC_LOAN * na + j] = v[CYLCH_COL_LOAN];
        m->f[CYLCH_SRC_TRADE * na + j] = v[CYLCH_COL_TRADE_EXTERNAL];
        m->f[CYLCH_SRC_EXTERNAL * na + j] = v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN] +
                                           v[CYLCH_COL_TRADE_EXTERNAL];
        m->e[j] = v[CYLCH_COL_FTE] / T;
        /* Trade with members beyond local purchases is scaled down to them. */
        m->scale[j] = bought > local_purch ? local_purch / bought : 1.0;
        m->val[c0] = wages * wls * nws / D;                                     /* A[H][j] */
        {
            double vb = (local_purch - bought * m->scale[j] +
                         v[CYLCH_COL_OTHER_COSTS] * v[CYLCH_COL_OTHER_LOCAL_SHARE]) / D; /* A[B][j] */
            if (vb < 0.0)
                vb = 0.0; /* rounding only: bought·scale <= local_purch */
            if (!ed) {
                m->val[c0 + 1] = vb;
            } else {
                /* Member data sets how much; its industry's regional column, where
                 * (the whole local economy's pattern where that buys nothing locally). */
                long s = m->industry[j];
                m->vb[j] = vb;
                if (s >= 0 && ed->colsum[s] > 0.0) {
                    const double *rs = ed->r + (size_t)s * ed->ld, w = vb / ed->colsum[s];
                    for (size_t i = 0; i < nb; i++)
                        m->val[c0 + 1 + i] = w * rs[i];
                } else {
                    const double *avg = cylch_economy_draw_avg(m->econ, m->ed);
                    for (size_t i = 0; i < nb; i++)
                        m->val[c0 + 1 + i] = vb * avg[i];
                }
            }
        }
        m->T[j] = T;
        m->D[j] = D;
        m->leak[CYLCH_LEAK_STAFF * na + j] = wages * (1.0 - wls) * nws / D;
        m->leak[CYLCH_LEAK_SUPPLIERS * na + j] = v[CYLCH_COL_PURCHASES] *
                                                 (1.0 - v[CYLCH_COL_PURCHASES_LOCAL_SHARE]) / D;
    }
    for (size_t t = 0; t < m->ntrade; t++) {
        size_t j = m->trade_buyer[t];
        m->val[m->trade_pos[t]] = m->trade_amount[t] * m->tfac[j] * m->scale[j] / m->D[j];
    }
    /* Households buy from members in proportion to the members' local sales; where
     * no member sells locally that share of their spending goes to other businesses. */
    {
        size_t c0 = m->colptr[H];
        double vB = hls * (1.0 - hms);
        for (size_t i = 0; i < n; i++)
            m->val[c0 + i] = tl_sum > 0.0
                                 ? hls * hms * vals[i * CYLCH_NCOLS + CYLCH_COL_TRADE_LOCAL] / tl_sum
                                 : 0.0;
        if (tl_sum <= 0.0)
            vB = hls;
        if (!ed)
            m->val[c0 + n] = vB;
        else {
            m->vb[n] = vB;
            for (size_t i = 0; i < nb; i++)
                m->val[c0 + n + i] = vB * ed->hh_share[i];
        }
        m->leak[CYLCH_LEAK_HOUSEHOLDS * na + H] = 1.0 - hls;
    }
    m->e[H] = 0.0;
    if (!ed) {
        m->val[m->colptr[B]] = blws * nws;   /* A[H][B] */
        m->val[m->colptr[B] + 1] = blss;     /* A[B][B] */
        m->e[B] = jpm / 1e6;
    } else {
        /* Industry k: local wages by its compensation coefficient, purchases by r_·k
         * (written into its column by cylch_economy_draw_set, only when delta changed). */
        const cylch_economy *ec = m->econ;
        for (size_t k = 0; k < nb; k++) {
            m->val[m->colptr[B + k]] = ec->wage[k] * blws * nws;
            m->e[B + k] = ec->jobs[k];
        }
    }
    if (ed) {   /* members' columns are final: caps move only H's */
        econ_patterns(m);
        for (size_t j = 0; j < n; j++)
            m->du[j] = pat_dot(m, j, PAT_U);
    }
    cap_households(m, vals);

    /* Column sums; what is not local or already attributed is "other". */
    for (size_t j = 0; j < na; j++) {
        double cs = 0.0, known = 0.0;
        if (ed && j >= B) {   /* an industry: its wages and r's column sum (economy) */
            cs = m->val[m->colptr[j]] + ed->colsum[j - B];
        } else if (ed) {   /* a member or H: its industry entries sum to vb × the pattern's sum */
            size_t k0 = m->colptr[j];
            cs = pat_dot(m, j, PAT_SUM);
            if (j < n) {   /* H, the industries, its sellers */
                cs += m->val[k0];
                for (size_t k = k0 + 1 + nb; k < m->colptr[j + 1]; k++)
                    cs += m->val[k];
            } else {       /* the members, the industries */
                for (size_t k = k0; k < k0 + n; k++)
                    cs += m->val[k];
            }
        } else
            for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++)
                cs += m->val[k];
        m->colsum[j] = cs;
        if (!(cs < 1.0)) {
            if (j < n)
                return cylch_error_set(err, CYLCH_EMODEL,
                                       "'%s' re-spends %.4g of every £1 it receives locally (1 or more): "
                                       "the money would circulate for ever and the multiplier is not "
                                       "finite; check its wages, purchases and local shares",
                                       m->ids[j], cs);
            return cylch_error_set(err, CYLCH_EMODEL,
                                   "%s re-spend %.4g of every £1 they receive locally (1 or more): the "
                                   "multiplier is not finite; check the [place] parameters",
                                   agent_label(m, j), cs);
        }
        if (j >= B) {
            /* DESIGN §8.4: other local businesses' own leakage (imports, non-local
             * staff, profits) is a destination of its own. */
            m->leak[CYLCH_LEAK_BUSINESSES * na + j] = 1.0 - cs;
            continue;
        }
        for (int d = 0; d < CYLCH_LEAK_OTHER; d++)
            known += m->leak[d * na + j];
        m->leak[CYLCH_LEAK_OTHER * na + j] = fmax(1.0 - cs - known, 0.0);
    }
    exogenous_income(m);
    return CYLCH_OK;
}

double *cylch_model_trade_factors(cylch_model *m) { return m->tfac; }

double cylch_model_a(const cylch_model *m, size_t i, size_t j)
{
    double a = 0.0;
    for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++)
        if (m->rowidx[k] == i)
            a += m->val[k];
    return a;
}

double cylch_model_injection(const cylch_model *m, int s, size_t i) { return m->f[s * m->na + i]; }
double cylch_model_leak_share(const cylch_model *m, int d, size_t j) { return m->leak[d * m->na + j]; }

void cylch_model_set_fast(cylch_model *m, int fast)
{
    m->fast = fast;
    m->factored = 0;
}

/* Doolittle LU in place of the n × n row-major matrix a, without pivoting. */
static void lu_nopivot(double *a, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        double inv = 1.0 / a[k * n + k];
        for (size_t i = k + 1; i < n; i++) {
            double l = a[i * n + k] * inv;
            a[i * n + k] = l;
            if (l != 0.0)
                for (size_t j = k + 1; j < n; j++)
                    a[i * n + j] -= l * a[k * n + j];
        }
    }
}

/* Solve (LU) x = b in place (x holds b on entry) with the leading n × n block of
 * the factors stored with row stride lda. */
static void lu_solve_nopivot(const double *a, size_t lda, size_t n, double *x)
{
    for (size_t i = 1; i < n; i++) {
        double s = x[i];
        for (size_t j = 0; j < i; j++)
            s -= a[i * lda + j] * x[j];
        x[i] = s;
    }
    for (size_t i = n; i-- > 0;) {
        double s = x[i];
        for (size_t j = i + 1; j < n; j++)
            s -= a[i * lda + j] * x[j];
        x[i] = s / a[i * lda + i];
    }
}

/* Where agent i sits in the fast factorisation: households (H) last, the others in
 * order. */
static inline size_t fast_pos(size_t i, size_t H, size_t na)
{
    return i == H ? na - 1 : (i > H ? i - 1 : i);
}

/* The draw loop's factorisation. (I − A)ᵀ is strictly diagonally dominant by
 * rows, because every column of A sums below 1 (checked by cylch_model_build)
 * and A >= 0: Gaussian elimination then needs no pivoting and is stable
 * (Golub & Van Loan, Theorem 3.4.3), and plain loops on a small matrix avoid
 * the per-call overhead of BLAS that dominates at 15 agents. The agents are
 * ordered with H last (a symmetric permutation keeps the dominance), so the
 * Type I matrix, H's row and column removed, is the leading block, and the
 * leading block of the LU factors is its LU factorisation (Doolittle without
 * pivoting computes the leading block from the leading block alone): one
 * factorisation serves Type I and Type II. Point estimates use GSL's pivoted
 * LU (factor_dense).
 *
 * Without pivoting, which entries of the factors can be non-zero depends on the
 * pattern of A alone (members, H, B and the trade links), not on the draw: it is
 * found once (fast_symbolic, Gaussian elimination on booleans), and each draw's
 * elimination and solves visit those entries only. Every entry left out is an
 * exact zero in Doolittle's elimination on the full matrix, and the entries
 * visited are updated in the same order, so the factors are the full
 * elimination's; at 15 agents and 15 trade links the factors have about 80
 * non-zeros of 225. */
static void factor_fast(cylch_model *m)
{
    const size_t na = m->na;
    double *a = m->F;
    memset(a, 0, na * na * sizeof *a);
    for (size_t i = 0; i < na; i++)
        a[i * na + i] = 1.0;
    for (size_t k = 0; k < m->nnz; k++)
        a[m->fscat[k]] -= m->val[k];
    for (size_t k = 0; k < na; k++) {
        const double inv = 1.0 / a[k * na + k];
        const double *ak = a + k * na;
        for (size_t p = m->lptr[k]; p < m->lptr[k + 1]; p++) {
            double *ai = a + (size_t)m->lrow[p] * na;
            const double l = ai[k] * inv;
            ai[k] = l;
            if (l != 0.0)
                for (size_t q = m->uptr[k]; q < m->uptr[k + 1]; q++)
                    ai[m->ucol[q]] -= l * ak[m->ucol[q]];
        }
    }
    m->factored = 1;
}

/* The pattern of the fast path's factors: F's entries (the diagonal and A's
 * pattern, transposed and permuted by fast_pos), filled in by elimination. */
static int fast_symbolic(cylch_model *m)
{
    const size_t na = m->na, H = m->H;
    unsigned char *P = calloc(na * na, 1);
    size_t nl = 0, nu = 0;
    if (!P || !(m->fscat = malloc((m->nnz ? m->nnz : 1) * sizeof *m->fscat)) ||
        !(m->lptr = malloc((na + 1) * sizeof *m->lptr)) || !(m->rptr = malloc((na + 1) * sizeof *m->rptr)) ||
        !(m->uptr = malloc((na + 1) * sizeof *m->uptr))) {
        free(P);
        return -1;
    }
    for (size_t i = 0; i < na; i++)
        P[i * na + i] = 1;
    for (size_t j = 0; j < na; j++)
        for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++) {
            size_t at = fast_pos(j, H, na) * na + fast_pos(m->rowidx[k], H, na);
            m->fscat[k] = (uint16_t)at;
            P[at] = 1;
        }
    for (size_t k = 0; k < na; k++)
        for (size_t i = k + 1; i < na; i++)
            if (P[i * na + k])
                for (size_t j = k + 1; j < na; j++)
                    P[i * na + j] |= P[k * na + j];
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < na; j++)
            if (P[i * na + j] && j != i)
                j < i ? nl++ : nu++;
    m->lrow = malloc((nl ? nl : 1) * sizeof *m->lrow);
    m->rcol = malloc((nl ? nl : 1) * sizeof *m->rcol);
    m->ucol = malloc((nu ? nu : 1) * sizeof *m->ucol);
    if (!m->lrow || !m->rcol || !m->ucol) {
        free(P);
        return -1;
    }
    nl = nu = 0;
    for (size_t k = 0; k < na; k++) {
        m->lptr[k] = (uint16_t)nl;
        for (size_t i = k + 1; i < na; i++)
            if (P[i * na + k])
                m->lrow[nl++] = (uint16_t)i;
    }
    m->lptr[na] = (uint16_t)nl;
    nl = 0;
    for (size_t i = 0; i < na; i++) {
        m->rptr[i] = (uint16_t)nl;
        m->uptr[i] = (uint16_t)nu;
        for (size_t j = 0; j < na; j++)
            if (P[i * na + j] && j < i)
                m->rcol[nl++] = (uint16_t)j;
            else if (P[i * na + j] && j > i)
                m->ucol[nu++] = (uint16_t)j;
    }
    m->rptr[na] = (uint16_t)nl;
    m->uptr[na] = (uint16_t)nu;
    free(P);
    return 0;
}

/* Factorise (I − A)ᵀ and its Type I block (H removed) by LU. */
static int factor_dense(cylch_model *m, cylch_error *err)
{
    const size_t na = m->na, H = m->H;
    int sign;
    gsl_matrix_set_identity(m->M);
    gsl_matrix_set_identity(m->M1);
    for (size_t j = 0; j < na; j++)
        for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++) {
            size_t i = m->rowidx[k];
            double a = m->val[k];
            /* (I − A)ᵀ[j][i] = δ − A[i][j] */
            gsl_matrix_set(m->M, j, i, gsl_matrix_get(m->M, j, i) - a);
            if (i != H && j != H) {
                size_t i1 = i > H ? i - 1 : i, j1 = j > H ? j - 1 : j;
                gsl_matrix_set(m->M1, j1, i1, gsl_matrix_get(m->M1, j1, i1) - a);
            }
        }
    if (gsl_linalg_LU_decomp(m->M, m->perm, &sign) != GSL_SUCCESS ||
        gsl_linalg_LU_decomp(m->M1, m->perm1, &sign) != GSL_SUCCESS)
        return cylch_error_set(err, CYLCH_EINTERNAL, "the LU factorisation of (I - A) failed");
    m->factored = 1;
    return CYLCH_OK;
}

/* [economy]: the Schur complements of the member-and-H block, the industry
 * block T = (I − r)ᵀ eliminated (u = T⁻¹ w from cylch_economy_draw_set):
 *   S  = (I − A_ss)ᵀ − c g e_Hᵀ,  g_j = Σ_k A[k][j] u_k,  c = wscale,
 *   S1 = (I − A_mm)ᵀ              (Type I: H removed, so no coupling),
 * with s the members and H, m the members. Both are strictly diagonally dominant
 * by rows (Schur complements of a matrix that is), so LU needs no pivoting.
 * Also the couplings of the headline's industry parts, d1_j = Σ_k A[k][j] z1_k
 * and dj_j (zj). O(n nb + n³) per build. */
static void econ_factor(cylch_model *m)
{
    const size_t n = m->n, ns = n + 1, nb = m->nb, H = m->H;
    memset(m->S, 0, ns * ns * sizeof *m->S);
    memset(m->S1, 0, n * n * sizeof *m->S1);
    m->du[H] = pat_dot(m, H, PAT_U);
    for (size_t j = 0; j < ns; j++) {
        size_t c0 = m->colptr[j];
        m->S[j * ns + j] = 1.0;
        /* (I − A_ss)ᵀ[j][i] = δ_ij − A[i][j] over members and H */
        if (j < n) {
            m->S1[j * n + j] = 1.0;
            m->S[j * ns + H] -= m->val[c0];                        /* A[H][j] */
            for (size_t k = c0 + 1 + nb; k < m->colptr[j + 1]; k++) {   /* its sellers */
                size_t i = m->rowidx[k];
                m->S[j * ns + i] -= m->val[k];
                m->S1[j * n + i] -= m->val[k];
            }
        } else {
            for (size_t i = 0; i < n; i++)
                m->S[H * ns + i] -= m->val[c0 + i];
        }
        m->S[j * ns + H] -= m->wscale * m->du[j];
        m->d1[j] = pat_dot(m, j, PAT_Z1);
        m->dj[j] = pat_dot(m, j, PAT_ZJ);
    }
    lu_nopivot(m->S, ns);
    lu_nopivot(m->S1, n);
    m->s_factored = 1;
}

/* y = (I − A)⁻ᵀ b given z = T⁻¹ b_I and dz_j = Σ_k A[B+k][j] z_k (both NULL:
 * b_I = 0), the industry block eliminated: the small system
 * S y_s = b_s + dz_s, then y_I = z + c y_H u (Type II) or z (Type I, y_H = 0).
 * O(n² + nb) once S is factorised. */
static void schur_solve(cylch_model *m, int type1, const double *b, const double *dz,
                        const double *z, double *y)
{
    const size_t n = m->n, ns = n + 1, nb = m->nb, B = m->B, nsys = type1 ? n : ns;
    const double *u = m->ed->u;
    if (!m->s_factored)
        econ_factor(m);
    for (size_t j = 0; j < nsys; j++)
        m->rs[j] = b[j] + (dz ? dz[j] : 0.0);
    lu_solve_nopivot(type1 ? m->S1 : m->S, nsys, nsys, m->rs);
    for (size_t j = 0; j < nsys; j++)
        y[j] = m->rs[j];
    if (type1)
        y[m->H] = 0.0;
    for (size_t k = 0; k < nb; k++)
        y[B + k] = (z ? z[k] : 0.0) + (type1 ? 0.0 : m->wscale * y[m->H] * u[k]);
}

/* y = (I − A)⁻ᵀ b for any b: z = T⁻¹ b_I by an exact LU of T (the economy
 * draw's, factorised once per delta), then schur_solve. */
static void solve_econ(cylch_model *m, int type1, const double *b, double *y)
{
    memcpy(m->zb, b + m->B, m->nb * sizeof *m->zb);
    cylch_economy_draw_solve(m->econ, m->ed, m->zb);
    for (size_t j = 0; j <= m->n; j++)
        m->dz[j] = ind_dot(m, j, m->zb);
    schur_solve(m, type1, b, m->dz, m->zb, y);
}

/* The headline functionals with [economy]: their industry parts are the draw's
 * z1 = T⁻¹ 1 and zj = T⁻¹ jobs (households' unit vector has none), so no
 * solve with T: O(n nb) per build. */
static void solve_headline_econ(cylch_model *m)
{
    const size_t na = m->na;
    const cylch_economy_draw *ed = m->ed;
    if (!m->s_factored)
        econ_factor(m);
    for (size_t i = 0; i < na; i++)
        m->work[i] = 1.0;
    schur_solve(m, 0, m->work, m->d1, ed->z1, m->y);
    schur_solve(m, 1, m->work, m->d1, ed->z1, m->y1);
    memset(m->work, 0, na * sizeof *m->work);
    m->work[m->H] = 1.0;
    schur_solve(m, 0, m->work, NULL, NULL, m->y + na);
    schur_solve(m, 0, m->e, m->dj, ed->zj, m->y + 2 * na);
}

/* y = (I − A)⁻ᵀ b, or for type1 the same with agent H removed (y[H] = 0).
 * Sparse path: KLU's transposed solve of the factorised I − A. */
static int solve_T(cylch_model *m, int type1, const double *b, double *y, cylch_error *err)
{
    const size_t na = m->na, H = m->H;
    if (m->econ) {
        solve_econ(m, type1, b, y);
        return CYLCH_OK;
    }
    if (m->dense && m->fast) {
        if (!m->factored)
            factor_fast(m);
        /* Type I: the leading block (H, last, left out). */
        for (size_t i = 0; i < na; i++)
            m->work2[fast_pos(i, H, na)] = b[i];
        lu_solve_nopivot(m->F, na, type1 ? na - 1 : na, m->work2);
        for (size_t i = 0; i < na; i++)
            y[i] = (type1 && i == H) ? 0.0 : m->work2[fast_pos(i, H, na)];
        return CYLCH_OK;
    }
    if (m->dense) {
        if (!m->factored) {
            int rc = factor_dense(m, err);
            if (rc)
                return rc;
        }
        if (!type1) {
            for (size_t i = 0; i < na; i++)
                gsl_vector_set(m->b, i, b[i]);
            if (gsl_linalg_LU_solve(m->M, m->perm, m->b, m->x) != GSL_SUCCESS)
                return cylch_error_set(err, CYLCH_EINTERNAL, "solving (I - A) failed");
            for (size_t i = 0; i < na; i++)
                y[i] = gsl_vector_get(m->x, i);
        } else {
            for (size_t i = 0, i1 = 0; i < na; i++)
                if (i != H)
                    gsl_vector_set(m->b1, i1++, b[i]);
            if (gsl_linalg_LU_solve(m->M1, m->perm1, m->b1, m->x1) != GSL_SUCCESS)
                return cylch_error_set(err, CYLCH_EINTERNAL, "solving (I - A) failed");
            for (size_t i = 0, i1 = 0; i < na; i++)
                y[i] = (i == H) ? 0.0 : gsl_vector_get(m->x1, i1++);
        }
        return CYLCH_OK;
    }
    if (!m->factored) {
        if (sparse_factor(m, m->sp) || sparse_factor(m, m->sp1)) {
            char who[200];
            largest_column(m, who, sizeof who);
            return cylch_error_set(err, CYLCH_EMODEL,
                                   "the network's money circulates almost for ever (the system "
                                   "I - A is nearly singular); the agent that keeps most is %s: "
                                   "check its wages, purchases and local shares", who);
        }
        m->factored = 1;
    }
    if (!type1) {
        memcpy(y, b, na * sizeof *y);
        if (!klu_tsolve(m->sp->sym, m->sp->num, (int)na, 1, y, &m->sp->common))
            return cylch_error_set(err, CYLCH_EINTERNAL, "solving (I - A) failed");
    } else {
        size_t i1 = 0;
        for (size_t i = 0; i < na; i++)
            if (i != H)
                m->work2[i1++] = b[i];
        if (!klu_tsolve(m->sp1->sym, m->sp1->num, (int)(na - 1), 1, m->work2, &m->sp1->common))
            return cylch_error_set(err, CYLCH_EINTERNAL, "solving (I - A) failed");
        for (size_t i = 0, k = 0; i < na; i++)
            y[i] = (i == H) ? 0.0 : m->work2[k++];
    }
    return CYLCH_OK;
}

/* out_j = Σ_i A_ij in_i for the first ncols agents j. */
static void mul_AT_cols(const cylch_model *m, const double *in, double *out, size_t ncols)
{
    for (size_t j = 0; j < ncols; j++) {
        double s = 0.0;
        for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++)
            s += m->val[k] * in[m->rowidx[k]];
        out[j] = s;
    }
}

/* out = Aᵀ in: out_j = Σ_i A_ij in_i (the next round's weights). */
static void mul_AT(const cylch_model *m, const double *in, double *out)
{
    mul_AT_cols(m, in, out, m->na);
}

/* The last round's weights with [economy]: out_j = Σ_i A_ij in_i for the members
 * only, 0 for H and the industries (O(n nb), not O(nb²)): every injection is
 * into members, so no other entry of the last round is ever used. */
static void mul_AT_members(const cylch_model *m, const double *in, double *out)
{
    mul_AT_cols(m, in, out, m->n);
    memset(out + m->n, 0, (m->na - m->n) * sizeof *out);
}

/* The same when in is the column sums (the third round's weights): an
 * industry's column sum is its wages per £ × wscale plus r's column sum, so a
 * member's industry entries give vb_j × (wscale p_jᵀw + p_jᵀ rcs): O(n) for
 * the industries, not O(n nb). */
static void mul_AT_members_colsum(const cylch_model *m, const double *in, double *out)
{
    for (size_t j = 0; j < m->n; j++) {
        size_t k0 = m->colptr[j];
        double s = m->val[k0] * in[m->H] +
                   m->vb[j] * (m->wscale * m->pat[j * NPAT + PAT_WAGE] + m->pat[j * NPAT + PAT_RCS]);
        for (size_t k = k0 + 1 + m->nb; k < m->colptr[j + 1]; k++)
            s += m->val[k] * in[m->rowidx[k]];
        out[j] = s;
    }
    memset(out + m->n, 0, (m->na - m->n) * sizeof *out);
}

/* out = A in (money one round on). */
static void mul_A(const cylch_model *m, const double *in, double *out)
{
    memset(out, 0, m->na * sizeof *out);
    for (size_t j = 0; j < m->na; j++)
        for (size_t k = m->colptr[j]; k < m->colptr[j + 1]; k++)
            out[m->rowidx[k]] += m->val[k] * in[j];
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* The fast path's solve_headline: the four systems of solve_T at once, on the one
 * factorisation, visiting the factors' non-zeros only (fast_symbolic). The forward
 * pass runs for the ones and jobs right-hand sides together (sharing each load of
 * L); households' unit vector, H being last, passes L unchanged; the Type I solution
 * starts from the ones' forward result (its leading part is the leading block's)
 * and runs back through the leading block of U. */
static void solve_headline_fast(cylch_model *m)
{
    const size_t na = m->na, H = m->H, n1 = na - 1;
    const double *a;
    double *o = m->work2, *h = o + na, *e = o + 2 * na, *o1 = o + 3 * na;
    if (!m->factored)
        factor_fast(m);
    a = m->F;
    for (size_t i = 0; i < na; i++) {
        o[i] = 1.0;
        h[i] = 0.0;
        e[fast_pos(i, H, na)] = m->e[i];
    }
    h[n1] = 1.0;
    for (size_t i = 1; i < na; i++) {
        const double *ai = a + i * na;
        double so = o[i], se = e[i];
        for (size_t q = m->rptr[i]; q < m->rptr[i + 1]; q++) {
            const size_t j = m->rcol[q];
            so -= ai[j] * o[j];
            se -= ai[j] * e[j];
        }
        o[i] = so;
        e[i] = se;
    }
    for (size_t i = 0; i < n1; i++)
        o1[i] = o[i];
    /* Back substitution; the Type I one (leading block, i < n1) in the same pass,
     * each sum still in its own order. Column n1 (H), when present, is a row's last. */
    for (size_t i = na; i-- > 0;) {
        const double *ai = a + i * na;
        const size_t q0 = m->uptr[i], q2 = m->uptr[i + 1];
        const size_t q1 = q2 > q0 && m->ucol[q2 - 1] == n1 ? q2 - 1 : q2;
        double so = o[i], sh = h[i], se = e[i], s1 = i < n1 ? o1[i] : 0.0;
        const double d = ai[i];
        for (size_t q = q0; q < q1; q++) {
            const size_t j = m->ucol[q];
            const double u = ai[j];
            so -= u * o[j];
            sh -= u * h[j];
            se -= u * e[j];
            s1 -= u * o1[j];
        }
        if (q1 < q2) {
            const double u = ai[n1];
            so -= u * o[n1];
            sh -= u * h[n1];
            se -= u * e[n1];
        }
        o[i] = so / d;
        h[i] = sh / d;
        e[i] = se / d;
        if (i < n1)
            o1[i] = s1 / d;
    }
    for (size_t i = 0; i < na; i++) {
        const size_t p = fast_pos(i, H, na);
        m->y[i] = o[p];
        m->y[na + i] = h[p];
        m->y[2 * na + i] = e[p];
        m->y1[i] = i == H ? 0.0 : o1[p];
    }
}

/* Solve the three headline functionals (ones, households, jobs) and Type I ones. */
static int solve_headline(cylch_model *m, cylch_error *err)
{
    const size_t na = m->na;
    int rc;
    if (m->econ) {
        solve_headline_econ(m);
        return CYLCH_OK;
    }
    if (m->dense && m->fast) {
        solve_headline_fast(m);
        return CYLCH_OK;
    }
    for (size_t i = 0; i < na; i++)
        m->work[i] = 1.0;
    if ((rc = solve_T(m, 0, m->work, m->y, err)) || (rc = solve_T(m, 1, m->work, m->y1, err)))
        return rc;
    memset(m->work, 0, na * sizeof *m->work);
    m->work[m->H] = 1.0;
    if ((rc = solve_T(m, 0, m->work, m->y + na, err)))
        return rc;
    return solve_T(m, 0, m->e, m->y + 2 * na, err);
}

int cylch_model_headline(cylch_model *m, size_t K, double *h, cylch_error *err)
{
    const size_t na = m->na;
    double gl_inj = 0.0, gl_r2 = 0.0;
    int rc = solve_headline(m, err);
    if (rc)
        return rc;
    /* Round weights: r_k = ((Aᵀ)^(k−1) 1) · f, accumulated to 3 and to K rounds. */
    for (size_t i = 0; i < na; i++) {
        m->g[i] = 1.0;
        m->G3[i] = 0.0;
        m->GK[i] = 0.0;
    }
    for (size_t k = 1; k <= (K > 3 ? K : 3); k++) {
        for (size_t i = 0; i < na; i++) {
            if (k <= 3)
                m->G3[i] += m->g[i];
            if (k <= K && K != 3)
                m->GK[i] += m->g[i];
        }
        if (k == (K > 3 ? K : 3))
            break;   /* the last round's weights are not needed */
        if (k == 1)
            memcpy(m->gn, m->colsum, na * sizeof *m->gn);   /* Aᵀ 1: the column sums, same bits */
        else if (m->econ && k + 1 == (K > 3 ? K : 3))
            (k == 2 ? mul_AT_members_colsum : mul_AT_members)(m, m->g, m->gn);
        else
            mul_AT(m, m->g, m->gn);
        memcpy(m->g, m->gn, na * sizeof *m->g);
    }
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const double *f = m->f + s * na, *y = m->y, *yw = m->y + na, *yj = m->y + 2 * na;
        double inj = 0.0, d3 = 0.0, dk = 0.0, dinf = 0.0, d1 = 0.0, dw = 0.0, dj = 0.0;
        /* Seven sums side by side: each is added in the same order as a dot()
         * of its own (the same bits), but they no longer wait for each other. With
         * K = 3 rounds LMk is LM3 (the same weights, the same sum): six. */
        if (K == 3) {
            for (size_t i = 0; i < na; i++) {
                const double fi = f[i];
                inj += fi;
                d3 += m->G3[i] * fi;
                dinf += y[i] * fi;
                d1 += m->y1[i] * fi;
                dw += yw[i] * fi;
                dj += yj[i] * fi;
            }
            dk = d3;
        } else {
            for (size_t i = 0; i < na; i++) {
                const double fi = f[i];
                inj += fi;
                d3 += m->G3[i] * fi;
                dk += m->GK[i] * fi;
                dinf += y[i] * fi;
                d1 += m->y1[i] * fi;
                dw += yw[i] * fi;
                dj += yj[i] * fi;
            }
        }
        if (inj > 0.0) {
            h[CYLCH_HEAD(s, CYLCH_Q_LM3)] = d3 / inj;
            h[CYLCH_HEAD(s, CYLCH_Q_LMK)] = dk / inj;
            h[CYLCH_HEAD(s, CYLCH_Q_LM_INF)] = dinf / inj;
            h[CYLCH_HEAD(s, CYLCH_Q_LM_INF_TYPE1)] = d1 / inj;
        } else {
            h[CYLCH_HEAD(s, CYLCH_Q_LM3)] = NAN;
            h[CYLCH_HEAD(s, CYLCH_Q_LMK)] = NAN;
            h[CYLCH_HEAD(s, CYLCH_Q_LM_INF)] = NAN;
            h[CYLCH_HEAD(s, CYLCH_Q_LM_INF_TYPE1)] = NAN;
        }
        h[CYLCH_HEAD(s, CYLCH_Q_LOCAL_WAGES)] = dw;
        h[CYLCH_HEAD(s, CYLCH_Q_JOBS)] = dj;
    }
    for (size_t j = 0; j < m->n; j++) {
        double gl = m->f[CYLCH_SRC_GRANT * na + j] + m->f[CYLCH_SRC_LOAN * na + j];
        gl_inj += gl;
        gl_r2 += m->colsum[j] * gl;
    }
    h[CYLCH_HEAD_R2GL] = gl_inj > 0.0 ? gl_r2 / gl_inj : NAN;
    return CYLCH_OK;
}

cylch_result *cylch_result_new(size_t n, size_t K)
{
    cylch_result *r = calloc(1, sizeof *r);
    int ok;
    if (!r)
        return NULL;
    r->n = n;
    r->K = K;
    ok = 1;
    for (int s = 0; s < CYLCH_NSRC; s++) {
        r->src[s].rounds = calloc(K, sizeof(double));
        r->src[s].leak = calloc(K * CYLCH_NLEAK, sizeof(double));
        ok = ok && r->src[s].rounds && r->src[s].leak;
    }
    r->member_multiplier = calloc(n + 1, sizeof(double));
    r->member_round2_share = calloc(n + 1, sizeof(double));
    r->member_income = calloc(n + 1, sizeof(double));
    r->member_jobs = calloc(n + 1, sizeof(double));
    if (!ok || !r->member_multiplier || !r->member_round2_share || !r->member_income ||
        !r->member_jobs) {
        cylch_result_free(r);
        return NULL;
    }
    return r;
}

void cylch_result_free(cylch_result *r)
{
    if (!r)
        return;
    for (int s = 0; s < CYLCH_NSRC; s++) {
        free(r->src[s].rounds);
        free(r->src[s].leak);
    }
    free(r->member_multiplier);
    free(r->member_round2_share);
    free(r->member_income);
    free(r->member_jobs);
    free(r);
}

int cylch_model_result(cylch_model *m, cylch_result *r, cylch_error *err)
{
    const size_t na = m->na, K = r->K;
    double h[CYLCH_NHEAD];
    double *v = NULL, *vn = NULL;
    int rc = cylch_model_headline(m, K, h, err);
    if (rc)
        return rc;
    /* Leakage functionals: total leakage to d over all rounds is ((I − A)⁻ᵀ L_d) · f. */
    for (int d = 0; d < CYLCH_NLEAK; d++)
        if ((rc = solve_T(m, 0, m->leak + d * na, m->y + (3 + d) * na, err)))
            return rc;
    /* Members' turnover: (I − A)⁻ᵀ 1_members; Type I households' income: (I − A1)⁻ᵀ a_H
     * with a_H the households row of A (their income per £ each agent receives). */
    for (size_t i = 0; i < na; i++)
        m->work[i] = i < m->n ? 1.0 : 0.0;
    if ((rc = solve_T(m, 0, m->work, m->y + Y_MEMBERS * na, err)))
        return rc;
    for (size_t j = 0; j < na; j++)
        m->work[j] = j == m->H ? 0.0 : cylch_model_a(m, m->H, j);
    if ((rc = solve_T(m, 1, m->work, m->y + Y_INCOME1 * na, err)))
        return rc;
    for (size_t i = 0; i < na; i++)
        m->work[i] = i < m->n ? m->e[i] : 0.0;
    if ((rc = solve_T(m, 0, m->work, m->y + Y_MEMBER_JOBS * na, err)))
        return rc;
    v = malloc(na * sizeof *v);
    vn = malloc(na * sizeof *vn);
    if (!v || !vn) {
        free(v);
        free(vn);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    for (int s = 0; s < CYLCH_NSRC; s++) {
        cylch_source_result *sr = &r->src[s];
        const double *f = m->f + s * na;
        sr->injection = 0.0;
        for (size_t i = 0; i < na; i++)
            sr->injection += f[i];
        sr->lm3 = h[CYLCH_HEAD(s, CYLCH_Q_LM3)];
        sr->lmk = h[CYLCH_HEAD(s, CYLCH_Q_LMK)];
        sr->lm_inf = h[CYLCH_HEAD(s, CYLCH_Q_LM_INF)];
        sr->lm_inf_type1 = h[CYLCH_HEAD(s, CYLCH_Q_LM_INF_TYPE1)];
        sr->local_wages = h[CYLCH_HEAD(s, CYLCH_Q_LOCAL_WAGES)];
        sr->jobs = h[CYLCH_HEAD(s, CYLCH_Q_JOBS)];
        /* Rounds forward: v_k = A^(k−1) f, r_k = 1ᵀ v_k, leakage of round k = L_d · v_k. */
        memcpy(v, f, na * sizeof *v);
        for (size_t k = 0; k < K; k++) {
            sr->rounds[k] = 0.0;
            for (size_t i = 0; i < na; i++)
                sr->rounds[k] += v[i];
            for (int d = 0; d < CYLCH_NLEAK; d++)
                sr->leak[k * CYLCH_NLEAK + d] = dot(m->leak + d * na, v, na);
            mul_A(m, v, vn);
            memcpy(v, vn, na * sizeof *v);
        }
        for (int d = 0; d < CYLCH_NLEAK; d++)
            sr->leak_total[d] = dot(m->y + (3 + d) * na, f, na);
        sr->member_turnover = dot(m->y + Y_MEMBERS * na, f, na);
        sr->member_jobs = dot(m->y + Y_MEMBER_JOBS * na, f, na);
        if (sr->injection > 0.0) {
            sr->output_type1 = sr->lm_inf_type1;
            sr->output_type2 = (dot(m->y, f, na) - dot(m->y + na, f, na)) / sr->injection;
            sr->income_type1 = dot(m->y + Y_INCOME1 * na, f, na) / sr->injection;
            sr->income_type2 = sr->local_wages / sr->injection;
        } else {
            sr->output_type1 = sr->output_type2 = sr->income_type1 = sr->income_type2 = NAN;
        }
        sr->lm3_nef = NAN;
    }
    {
        /* NEF's LM3 of the whole income: round 1 = T (Sacks 2002). */
        double r1 = 0.0, r2 = 0.0, r3 = 0.0;
        for (size_t j = 0; j < m->n; j++)
            r1 += m->T[j];
        memset(v, 0, na * sizeof *v);
        for (size_t j = 0; j < m->n; j++)
            v[j] = m->T[j];
        mul_A(m, v, vn);
        for (size_t i = 0; i < na; i++)
            r2 += vn[i];
        mul_A(m, vn, v);
        for (size_t i = 0; i < na; i++)
            r3 += v[i];
        r->src[CYLCH_SRC_INCOME].lm3_nef = r1 > 0.0 ? (r1 + r2 + r3) / r1 : NAN;
    }
    r->round2_local_share_grant_loan = h[CYLCH_HEAD_R2GL];
    for (size_t j = 0; j < m->n; j++) {
        r->member_multiplier[j] = m->y[j];            /* 1ᵀ (I − A)⁻¹ e_j */
        r->member_round2_share[j] = m->colsum[j];
        r->member_income[j] = m->T[j];
        r->member_jobs[j] = m->e[j] * r->member_income[j];
    }
    free(v);
    free(vn);
    return CYLCH_OK;
}

int cylch_model_turnover(cylch_model *m, int s, double *x, cylch_error *err)
{
    const size_t na = m->na;
    double *v = m->work, *vn = m->work2;
    memcpy(v, m->f + (size_t)s * na, na * sizeof *v);
    memcpy(x, v, na * sizeof *x);
    for (long k = 0; k < 1000000; k++) {
        double round = 0.0, total = 0.0;
        mul_A(m, v, vn);
        for (size_t i = 0; i < na; i++) {
            x[i] += vn[i];
            round += vn[i];
            total += x[i];
        }
        memcpy(v, vn, na * sizeof *v);
        if (round <= 1e-15 * total)
            return CYLCH_OK;
    }
    return cylch_error_set(err, CYLCH_EINTERNAL, "the rounds of spending did not die away");
}

int cylch_result_headline_index(const cylch_result *r)
{
    if (r->src[CYLCH_SRC_GRANT].injection > 0.0)
        return CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF);
    if (r->src[CYLCH_SRC_EXTERNAL].injection > 0.0)
        return CYLCH_HEAD(CYLCH_SRC_EXTERNAL, CYLCH_Q_LM_INF);
    return CYLCH_HEAD(CYLCH_SRC_INCOME, CYLCH_Q_LM_INF);
}

int cylch_headline_index(const double *h)
{
    if (isfinite(h[CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF)]))
        return CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF);
    if (isfinite(h[CYLCH_HEAD(CYLCH_SRC_EXTERNAL, CYLCH_Q_LM_INF)]))
        return CYLCH_HEAD(CYLCH_SRC_EXTERNAL, CYLCH_Q_LM_INF);
    return CYLCH_HEAD(CYLCH_SRC_INCOME, CYLCH_Q_LM_INF);
}

double cylch_result_headline(const cylch_result *r, int h)
{
    int s = h / CYLCH_NQ, q = h % CYLCH_NQ;
    if (h == CYLCH_HEAD_R2GL)
        return r->round2_local_share_grant_loan;
    switch (q) {
    case CYLCH_Q_LM3: return r->src[s].lm3;
    case CYLCH_Q_LMK: return r->src[s].lmk;
    case CYLCH_Q_LM_INF: return r->src[s].lm_inf;
    case CYLCH_Q_LM_INF_TYPE1: return r->src[s].lm_inf_type1;
    case CYLCH_Q_LOCAL_WAGES: return r->src[s].local_wages;
    default: return r->src[s].jobs;
    }
}
