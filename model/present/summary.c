/* cylch — the plain-English summary of a run. */
#include "cylch/present/summary.h"

#include <math.h>
#include <string.h>

#include "cylch/io/format.h"
#include "cylch/io/lang.h"
#include "cylch/io/results.h"
#include "cylch/present/files.h"

/* TRANSLATORS: each follows "Every £1" ("Every £1 of grant to the network is worth …"). */
static const char *const source_phrase[CYLCH_NSRC] = {
    N_("of grant to the network"), N_("of loan or investment"), N_("of trade with customers from outside"),
    N_("coming in from outside (grant, loan and outside trade together)"),
    N_("of all income (the members' income, less the sales the network itself generates)")
};

const char *cylch_summary_source_phrase(int s)
{
    return _(source_phrase[s]);
}


void cylch_summary_multiplier(const cylch_result *r, const cylch_summary_mc *mc, int h,
                              char *buf, size_t len)
{
    char a[32], b[32], c[32];
    cylch_format_money(cylch_result_headline(r, h), a, sizeof a);
    if (mc && mc->head && isfinite(mc->head[h].p5)) {
        cylch_format_money(mc->head[h].p5, b, sizeof b);
        cylch_format_money(mc->head[h].p95, c, sizeof c);
        snprintf(buf, len, _("%s (90%% range %s to %s)"), a, b, c);
    } else {
        snprintf(buf, len, "%s", a);
    }
}

void cylch_summary_write(FILE *f, const cylch_scenario *s, const cylch_network *net,
                         const cylch_result *r, const cylch_summary_mc *mc)
{
    char m1[96], m2[96], p[32], w[32], t[32], ft[32];
    double fte = 0.0;
    const cylch_source_result *inc = &r->src[CYLCH_SRC_INCOME];
    double leak_all = 0.0;
    static const char *const leak_words[CYLCH_NLEAK] = {
        N_("wages of staff living outside the area"), N_("purchases from suppliers outside the area"),
        N_("households spending outside the area"), N_("other local businesses' own spending outside the area"),
        N_("members' tax, surpluses and other costs outside the area")
    };

    for (size_t i = 0; i < net->n; i++)
        fte += net->m[i].v[CYLCH_COL_FTE];
    cylch_format_fte(fte, ft, sizeof ft);
    fprintf(f, _("%s: %zu member enterprises, %s FTE staff, income %s a year.\n"),
            s->name, net->n, ft, (cylch_format_money(inc->member_turnover, t, sizeof t), t));
    if (mc && mc->draws)
        fprintf(f, _("Figures are the reported accounts' values; ranges are 90%% ranges over %zu "
                     "Monte Carlo draws (seed %llu).\n"), mc->draws, (unsigned long long)s->seed);
    fputc('\n', f);
    for (int src = 0; src < CYLCH_NSRC; src++) {
        const cylch_source_result *sr = &r->src[src];
        if (!(sr->injection > 0.0) || src == CYLCH_SRC_EXTERNAL)
            continue;
        cylch_format_money(r->K >= 2 ? sr->rounds[1] / sr->injection : NAN, p, sizeof p);
        if (mc && mc->head) {
            char lo[32], hi[32], lo3[32], hi3[32];
            const cylch_stats_summary *a = &mc->head[CYLCH_HEAD(src, CYLCH_Q_LM_INF)];
            const cylch_stats_summary *b = &mc->head[CYLCH_HEAD(src, CYLCH_Q_LM3)];
            cylch_format_money(sr->lm_inf, m1, sizeof m1);
            cylch_format_money(sr->lm3, m2, sizeof m2);
            cylch_format_money(a->p5, lo, sizeof lo);
            cylch_format_money(a->p95, hi, sizeof hi);
            cylch_format_money(b->p5, lo3, sizeof lo3);
            cylch_format_money(b->p95, hi3, sizeof hi3);
            fprintf(f, _("Every £1 %s is worth %s to the local economy over time (90%% range %s to %s), "
                         "%s within three rounds of spending (%s to %s); %s of it is spent locally at once.\n"),
                    cylch_summary_source_phrase(src), m1, lo, hi, m2, lo3, hi3, p);
        } else {
            cylch_format_money(sr->lm_inf, m1, sizeof m1);
            cylch_format_money(sr->lm3, m2, sizeof m2);
            fprintf(f, _("Every £1 %s is worth %s to the local economy over time (%s within three rounds "
                         "of spending); %s of it is spent locally at once.\n"),
                    cylch_summary_source_phrase(src), m1, m2, p);
        }
    }
    if (isfinite(r->round2_local_share_grant_loan)) {
        cylch_summary_multiplier(r, mc, CYLCH_HEAD_R2GL, m1, sizeof m1);
        fprintf(f, _("Of every £1 received as a grant or loan, %s is spent locally straight away "
                     "(wages of staff living locally and local purchases).\n"), m1);
    }
    {
        /* DESIGN §8.3: the input-output figures, named as published tables name them */
        int hs = cylch_result_headline_index(r) / CYLCH_NQ;
        const cylch_source_result *sr = &r->src[hs];
        if (isfinite(sr->output_type1) && isfinite(sr->output_type2))
            fprintf(f, _("As published input-output tables count it (business output only), every £1 %s "
                         "gives output multipliers of %.2f, Type I (businesses only), and %.2f, Type II "
                         "(with households' spending); households' income %s per £1, Type I, and %s, "
                         "Type II.\n"), cylch_summary_source_phrase(hs), sr->output_type1, sr->output_type2,
                    (cylch_format_money(sr->income_type1, m1, sizeof m1), m1),
                    (cylch_format_money(sr->income_type2, m2, sizeof m2), m2));
    }
    cylch_format_money(inc->local_wages, w, sizeof w);
    cylch_format_fte(inc->jobs, ft, sizeof ft);
    fputc('\n', f);
    if (net && net->economy)
        /* [economy]: the table's employment row counts jobs by head, not FTE. */
        fprintf(f, _("The members' income (less the sales the network itself generates) supports %s a year of "
                     "local households' income (wages and what local businesses pay) and %s jobs: the members' "
                     "FTE, and the jobs its local spending supports in other local businesses as the "
                     "input-output table counts them (by head).\n"), w, ft);
    else
        fprintf(f, _("The members' income (less the sales the network itself generates) supports %s a year of "
                     "local households' income (wages and what local businesses pay) and %s FTE jobs, counting "
                     "the jobs its local spending supports in other local businesses.\n"), w, ft);
    for (int d = 0; d < CYLCH_NLEAK; d++)
        leak_all += inc->leak_total[d];
    if (leak_all > 0.0) {
        fputs(_("Where the money leaves the area in the end (all rounds):"), f);
        for (int d = 0; d < CYLCH_NLEAK; d++)
            fprintf(f, "%s %s %.0f%%", d ? ";" : "", _(leak_words[d]), 100.0 * inc->leak_total[d] / leak_all);
        fprintf(f, ".\n");
    }
}
