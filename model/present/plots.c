/* cylch — the plots of a run: data files for gnuplot, the scripts copied
 * beside them, and gnuplot run once per plot with its standard error kept. */
#include "cylch/present/plots.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cylch/io/csvio.h"
#include "cylch/io/lang.h"
#include "cylch/io/format.h"
#include "cylch/io/results.h"
#include "cylch/io/text.h"
#include "cylch/present/files.h"
#include "cylch/present/summary.h"

#ifndef CYLCH_VERSION
#define CYLCH_VERSION "0.0.0"
#endif

static const char *const plot_names[CYLCH_NPLOT] = {
    "rounds", "sources", "distribution", "leakage", "members", "network", "convergence"
};

/* The titles in English (gettext msgids: report.c shows them translated). */
static const char *const plot_titles[CYLCH_NPLOT] = {
    N_("What happens to each £1, round by round"),
    N_("Grant, loan and trade money side by side"),
    N_("How sure are we? The headline multiplier over all the draws"),
    N_("Where the money goes when it leaves the area"),
    N_("Each member's multiplier and the share it spends locally"),
    N_("Members' trade with each other"),
    N_("Have there been enough draws?")
};

const char *cylch_plots_name(int p) { return (p >= 0 && p < CYLCH_NPLOT) ? plot_names[p] : "?"; }
const char *cylch_plots_title(int p) { return (p >= 0 && p < CYLCH_NPLOT) ? plot_titles[p] : "?"; }

/* Labels of the sources in the plots (gettext msgids: written translated). */
static const char *const source_label[CYLCH_NSRC] = {
    N_("Grant"), N_("Loan"), N_("Outside trade"), N_("All from outside"), N_("All income")
};
/* "£1 of grant": what the headline multiplier is per. */
static const char *const source_per[CYLCH_NSRC] = {
    N_("£1 of grant"), N_("£1 of loan"), N_("£1 of outside trade"), N_("£1 from outside"),
    N_("£1 of income")
};

/* The words inside the plots: each script reads them from words.gnuplot, written
 * beside it in the language of the run (gnuplot variables, double-quoted so that \n
 * breaks a line). Those with % are formats for gnuplot's sprintf (C's conversions,
 * in the order given). */
static const struct {
    const char *var, *text;
} plot_words[] = {
    /* rounds.gp */
    {"w_rounds_title", N_("What happens to each £1, round by round (%s)")},
    {"w_rounds_y", N_("£ per £1 that came in")},
    {"w_rounds_x", N_("Round of spending: 1 the money arrives, 2 the members spend it, "
                      "3 their staff and suppliers re-spend it")},
    {"w_rounds_round", N_("Round %d")},
    {"w_rounds_other", N_("leaked: members' tax, surplus, other costs")},
    {"w_rounds_businesses", N_("leaked: other local businesses' own")},
    {"w_rounds_households", N_("leaked: households spending outside")},
    {"w_rounds_suppliers", N_("leaked: suppliers outside")},
    {"w_rounds_staff", N_("leaked: staff living outside")},
    {"w_rounds_kept", N_("kept: re-spent locally next round")},
    /* sources.gp */
    {"w_sources_title", N_("What each £1 is worth to the local economy, by where it comes from (%s)\n%s")},
    {"w_sources_draws", N_("bars: best estimate; whiskers: 90%% range over %d draws")},
    {"w_sources_nodraws", N_("best estimate (no Monte Carlo draws, so no ranges)")},
    {"w_per_pound", N_("£ of local economic activity per £1")},
    {"w_sources_itself", N_("the £1 itself")},
    {"w_lm3", N_("within three rounds of spending (LM3)")},
    {"w_lminf", N_("over time (the Leontief limit)")},
    /* distribution.gp */
    {"w_dist_title", N_("How sure are we? Every %s is worth %s\n(%s, %d Monte Carlo draws%s)")},
    {"w_dist_flat", N_(": every draw gives the same answer")},
    {"w_dist_x", N_("£ of local economic activity per %s, over time")},
    /* xgettext:no-c-format */
    {"w_dist_y", N_("% of the draws")},
    {"w_dist_bars", N_("share of the draws in each range of values")},
    {"w_dist_range", N_("90%% range: £%.2f to £%.2f")},
    {"w_dist_mean", N_("mean of the draws: £%.2f")},
    {"w_dist_point", N_("every input at its reported value: £%.2f")},
    /* leakage.gp */
    {"w_leak_title", N_("Where the money goes when it leaves the area (%s)\nevery £1 leaks out in the end: "
                        "where each 100p goes, over all rounds of spending")},
    {"w_leak_y", N_("pence of each £1")},
    {"w_leak_staff", N_("wages of staff living outside")},
    {"w_leak_suppliers", N_("suppliers outside the area")},
    {"w_leak_households", N_("households spending outside")},
    {"w_leak_businesses", N_("other local businesses' own leakage")},
    {"w_leak_other", N_("members' tax, surplus, other costs")},
    /* members.gp */
    {"w_members_title", N_("Each member's multiplier and how much it spends locally at once (%s)")},
    {"w_members_mult", N_("Multiplier: £ per £1 of income, over time")},
    {"w_members_y", N_("members, largest multiplier at the top")},
    {"w_members_local", N_("Spent locally at once, per £1")},
    /* network.gp */
    {"w_network_title", N_("Members' trade with each other (%s): %s a year in %d links\neach cell: what the "
                           "buyer (column) pays the seller (row)")},
    {"w_a_year", N_("£ a year")},
    {"w_network_buyers", N_("buyers, in the order of enterprises.csv")},
    {"w_network_sellers", N_("sellers, in the order of enterprises.csv")},
    /* convergence.gp */
    {"w_conv_title", N_("Have there been enough draws? The running mean settles as draws are added (%s)")},
    {"w_conv_x", N_("Monte Carlo draws so far (log scale)")},
    {"w_conv_y", N_("£ per %s, over time")},
    /* xgettext:no-c-format */
    {"w_conv_band", N_("95% band of the mean")},
    {"w_conv_mean", N_("running mean")},
    {"w_conv_final", N_("final mean: £%.3f")},
    /* industries.gp */
    {"w_ind_title", N_("Where the money goes in the local economy: turnover per £1, by industry")},
    {"w_ind_x", N_("pence of local turnover per £1")},
    /* compare-distributions.gp and compare-differences.gp */
    {"w_cmp_title", N_("The scenarios compared over the same %d Monte Carlo draws")},
    {"w_cmp_mult", N_("Headline multiplier, £ per £1")},
    {"w_cmp_density", N_("density of the draws")},
    {"w_cmp_local", N_("Local circulation, £ a year")},
    {"w_cmp_million", N_("£ million a year")},
    {"w_diff_title", N_("Difference from %s in the same draw (%d paired Monte Carlo draws)")},
    {"w_diff_local_x", N_("change, £ thousand a year")},
    {"w_diff_always", N_(" (always %+.0f%s)")},
    {"w_diff_unchanged", N_(" (multiplier unchanged)")},
    {"w_diff_mult_always", N_(" (multiplier always %+.1fp)")},
    {"w_diff_no_local", N_("no scenario's local circulation\nvaries across the draws")},
    {"w_diff_mult", N_("Headline multiplier, pence per £1")},
    {"w_diff_mult_x", N_("change, pence per £1")},
    {"w_diff_no_mult", N_("the multiplier is the same\nin every draw for every scenario")},
    /* sobol.gp */
    {"w_sobol_title", N_("Which inputs explain the uncertainty of %s?\nshare of its variance, with 95%% "
                         "intervals (Sobol' indices)")},
    {"w_sobol_diff_local", N_("the difference in local circulation")},
    {"w_sobol_diff_mult", N_("the difference in the headline multiplier")},
    {"w_sobol_mult", N_("the headline multiplier")},
    {"w_sobol_x", N_("share of its variance")},
    {"w_sobol_s1", N_("alone (first order, S1)")},
    {"w_sobol_st", N_("with interactions (total, ST)")},
    /* xgettext:no-c-format */
    {"w_sobol_ci", N_("95% interval")},
    /* tornado.gp */
    {"w_tornado_title", N_("What moves the headline multiplier (£%.2f with every input at its point "
                           "value)\neach input alone from its 5th to its 95th percentile")},
    {"w_tornado_x", N_("£ of local economic activity per £1, over time")},
    {"w_tornado_low", N_("input at its 5th percentile")},
    {"w_tornado_high", N_("input at its 95th percentile")},
    {"w_tornado_point", N_("every input at its point value")},
};

/* ------------------------------------------------------------ small helpers */

/* A text field for a tab-separated gnuplot data file, in double quotes:
 * control characters (tabs, newlines) become spaces and a straight double
 * quote, which would end gnuplot's quoted field, becomes ” (U+201D). */
static void put_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"')
            fputs("\xe2\x80\x9d", f);
        else if (c < 0x20 || c == 0x7f)
            fputc(' ', f);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* Names longer than this many characters are shortened on axes ("…"). */
#define SHORT_NAME 30

/* As put_text, cut to at most max characters (UTF-8 code points), the last
 * of them "…" when cut, so that long names fit on an axis. */
static void put_short_text(FILE *f, const char *s, size_t max)
{
    size_t chars = 0, cut = 0;
    for (const char *p = s; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == max)
            cut = (size_t)(p - s);   /* where the max-th character starts */
    if (chars <= max) {
        put_text(f, s);
        return;
    }
    char *t = malloc(cut + 4);
    if (!t) {
        put_text(f, s);
        return;
    }
    memcpy(t, s, cut);
    memcpy(t + cut, "\xe2\x80\xa6", 4);   /* … and the terminating NUL */
    put_text(f, t);
    free(t);
}

/* A string for a gnuplot script, in single quotes (a quote is doubled). */
static void put_gp_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'')
            fputs("''", f);
        else if (c < 0x20 || c == 0x7f)
            fputc(' ', f);
        else
            fputc(c, f);
    }
    fputc('\'', f);
}

/* A string for a gnuplot script in double quotes, where \n breaks a line: a
 * newline is written \n, a backslash or double quote is escaped, other control
 * characters become spaces. */
static void put_gp_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            fputs("\\n", f);
        else if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c < 0x20 || c == 0x7f)
            fputc(' ', f);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* words.gnuplot: the words of every plot in the language of the run. */
static int w_words(FILE *f, const void *ctx, cylch_error *err)
{
    (void)ctx;
    (void)err;
    fprintf(f, "# The words of cylch's plots, in the language of the run (written by cylch %s).\n",
            CYLCH_VERSION);
    for (size_t i = 0; i < sizeof plot_words / sizeof *plot_words; i++) {
        fprintf(f, "%s = ", plot_words[i].var);
        put_gp_text(f, _(plot_words[i].text));
        fputc('\n', f);
    }
    return 0;
}

static int write_words(const char *dir, cylch_error *err)
{
    return cylch_file_write(dir, NULL, "words.gnuplot", w_words, NULL, err);
}

/* Money in few characters for a heat-map cell: "£800", "£1.5k", "£12k", "£2.3M". */
static void short_money(double v, char *buf, size_t len)
{
    if (v < 999.5)
        snprintf(buf, len, "£%.0f", v);
    else if (v < 9950.0)
        snprintf(buf, len, fmod(v, 1000.0) < 50.0 || fmod(v, 1000.0) >= 950.0 ? "£%.0fk" : "£%.1fk",
                 v / 1000.0);
    else if (v < 999500.0)
        snprintf(buf, len, "£%.0fk", v / 1000.0);
    else
        snprintf(buf, len, "£%.1fM", v / 1e6);
}

/* A number as every file of cylch writes it (cylch_csv_put_num: the shortest
 * decimal that reads back exactly); 0 for a non-finite one (never written by
 * the callers, which skip sources without money, but never a NaN either). */
static void put_num(FILE *f, double v)
{
    cylch_csv_put_num(f, isfinite(v) ? v : 0.0, 1);
}

int cylch_plots_run_has_draws(const cylch_plots_run *run)
{
    return run->mc && run->mc->done > 0 && run->stats;
}

/* The sources shown side by side: grant, loan and outside trade that have
 * money; all income when none has. Returns how many, into src[]. */
static int shown_sources(const cylch_result *r, int *src)
{
    int n = 0;
    for (int s = CYLCH_SRC_GRANT; s <= CYLCH_SRC_TRADE; s++)
        if (r->src[s].injection > 0.0)
            src[n++] = s;
    if (n == 0)
        src[n++] = CYLCH_SRC_INCOME;
    return n;
}

/* ------------------------------------------------------------ data files */

/* rounds.dat, block 0: one row per source and round; x position, source,
 * round, then per £1 of the source: the money received locally in the round
 * (r_k / 1ᵀf), the part passed on to the next round locally, and the leaks by
 * destination (they sum to the round's money), and the round's money as text.
 * Block 1: one label per source above its bars. */
static void write_rounds(FILE *f, const cylch_result *r)
{
    int src[CYLCH_NSRC], ns = shown_sources(r, src);
    char lab[32];
    fprintf(f, "# cylch: each £1 of money from each source, round by round (per £1 that came in)\n");
    fprintf(f, "# x\tsource\tround\treceived\tpassed_on\tnon_local_staff\tnon_local_suppliers"
               "\thouseholds_outside\tbusinesses_outside\tother\treceived_text\n");
    for (int g = 0; g < ns; g++) {
        const cylch_source_result *sr = &r->src[src[g]];
        double inj = sr->injection;
        for (size_t k = 0; k < r->K; k++) {
            const double *l = sr->leak + k * CYLCH_NLEAK;
            double got = sr->rounds[k] / inj, leaked = 0.0;
            for (int d = 0; d < CYLCH_NLEAK; d++)
                leaked += l[d] / inj;
            fprintf(f, "%zu\t", (size_t)g * (r->K + 1) + k + 1);
            put_text(f, _(source_label[src[g]]));
            fprintf(f, "\t%zu\t", k + 1);
            put_num(f, got);
            fputc('\t', f);
            /* What is not leaked stays to be re-spent: r_{k+1} (also after round K). */
            put_num(f, fmax(got - leaked, 0.0));
            for (int d = 0; d < CYLCH_NLEAK; d++) {
                fputc('\t', f);
                put_num(f, l[d] / inj);
            }
            cylch_format_money(got, lab, sizeof lab);
            fputc('\t', f);
            put_text(f, lab);
            fputc('\n', f);
        }
    }
    fprintf(f, "\n\n# x\tsource\tmultiplier_text (one per source, centred over its bars)\n");
    for (int g = 0; g < ns; g++) {
        char m[32], text[160];
        cylch_format_money(r->src[src[g]].lm_inf, m, sizeof m);
        snprintf(text, sizeof text, _("worth %s over time"), m);
        put_num(f, (double)g * (double)(r->K + 1) + 0.5 * (double)(r->K + 1));
        fputc('\t', f);
        put_text(f, _(source_label[src[g]]));
        fputc('\t', f);
        put_text(f, text);
        fputc('\n', f);
    }
}

/* sources.dat: per source, LM3 and LM∞ (£ per £1) with their 90% ranges
 * (p5, p95 of the draws; the point itself without draws). */
static void write_sources(FILE *f, const cylch_plots_run *run)
{
    const cylch_result *r = run->r;
    int src[CYLCH_NSRC + 1], ns = shown_sources(r, src);
    if (src[0] != CYLCH_SRC_INCOME)
        src[ns++] = CYLCH_SRC_INCOME;
    fprintf(f, "# cylch: £ of local economic activity per £1 of each source; ranges are 90%% of the draws\n");
    fprintf(f, "# source\tlm3\tlm3_p5\tlm3_p95\tlm_inf\tlm_inf_p5\tlm_inf_p95\n");
    for (int g = 0; g < ns; g++) {
        int s = src[g];
        int q[2] = {CYLCH_Q_LM3, CYLCH_Q_LM_INF};
        put_text(f, _(source_label[s]));
        for (int i = 0; i < 2; i++) {
            int h = CYLCH_HEAD(s, q[i]);
            double v = cylch_result_headline(r, h), lo = v, hi = v;
            if (cylch_plots_run_has_draws(run) && isfinite(run->stats[h].p5)) {
                lo = run->stats[h].p5;
                hi = run->stats[h].p95;
            }
            fputc('\t', f);
            put_num(f, v);
            fputc('\t', f);
            put_num(f, lo);
            fputc('\t', f);
            put_num(f, hi);
        }
        fputc('\n', f);
    }
}

/* distribution.dat: the histogram of headline entry h over the draws: bin
 * centre, low and high edge (£ per £1), percent of the draws. */
static int write_distribution(FILE *f, const cylch_plots_run *run, int h, cylch_error *err)
{
    const cylch_mc *mc = run->mc;
    double *x = malloc(mc->done * sizeof *x);
    cylch_stats_hist *hist = NULL;
    int rc;
    if (!x)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    cylch_mc_column(mc, h, x);
    rc = cylch_stats_hist_new(x, mc->done, 0, x, &hist, err);
    if (rc == CYLCH_OK) {
        fprintf(f, "# cylch: histogram of the headline multiplier over %zu draws\n", mc->done);
        fprintf(f, "# centre\tlow\thigh\tpercent_of_draws\n");
        for (size_t b = 0; b < hist->bins; b++) {
            put_num(f, 0.5 * (hist->edges[b] + hist->edges[b + 1]));
            fputc('\t', f);
            put_num(f, hist->edges[b]);
            fputc('\t', f);
            put_num(f, hist->edges[b + 1]);
            fputc('\t', f);
            put_num(f, 100.0 * (double)hist->counts[b] / (double)mc->done);
            fputc('\n', f);
        }
    }
    cylch_stats_hist_free(hist);
    free(x);
    return rc;
}

/* convergence.dat: running mean of headline entry h and its 95% band at
 * log-spaced numbers of draws. */
static int write_convergence(FILE *f, const cylch_plots_run *run, int h, cylch_error *err)
{
    enum { NPOINTS = 200 };
    const cylch_mc *mc = run->mc;
    size_t cp[NPOINTS], nc;
    double mean[NPOINTS], lo[NPOINTS], hi[NPOINTS];
    double *x = malloc(mc->done * sizeof *x);
    int rc;
    if (!x)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    cylch_mc_column(mc, h, x);
    nc = cylch_stats_checkpoints(mc->done, NPOINTS, cp);
    rc = cylch_stats_running(x, mc->done, cp, nc, mean, lo, hi, err);
    if (rc == CYLCH_OK) {
        fprintf(f, "# cylch: running mean of the headline multiplier and its 95%% band\n");
        fprintf(f, "# draws\tmean\tlow95\thigh95\n");
        for (size_t c = 0; c < nc; c++) {
            fprintf(f, "%zu\t", cp[c]);
            put_num(f, mean[c]);
            fputc('\t', f);
            put_num(f, lo[c]);
            fputc('\t', f);
            put_num(f, hi[c]);
            fputc('\n', f);
        }
    }
    free(x);
    return rc;
}

/* leakage.dat: per source, pence of each £1 that leave to each destination
 * over all rounds (they sum to 100: every £1 leaks in the end). */
static void write_leakage(FILE *f, const cylch_result *r)
{
    int src[CYLCH_NSRC + 1], ns = shown_sources(r, src);
    if (src[0] != CYLCH_SRC_INCOME)
        src[ns++] = CYLCH_SRC_INCOME;
    fprintf(f, "# cylch: where each £1 leaves the area in the end, pence per £1 of each source\n");
    fprintf(f, "# source\tnon_local_staff\tnon_local_suppliers\thouseholds_outside\tbusinesses_outside\tother\n");
    for (int g = 0; g < ns; g++) {
        const cylch_source_result *sr = &r->src[src[g]];
        put_text(f, _(source_label[src[g]]));
        for (int d = 0; d < CYLCH_NLEAK; d++) {
            fputc('\t', f);
            put_num(f, 100.0 * sr->leak_total[d] / sr->injection);
        }
        fputc('\n', f);
    }
}

/* members.dat: members sorted by multiplier, largest first: rank (0 = top),
 * name, multiplier (£ per £1 of its income), round-2 local share (pence of
 * each £1), income (£/year), staff (FTE). */
static int write_members(FILE *f, const cylch_network *net, const cylch_result *r, cylch_error *err)
{
    size_t n = net->n, *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    /* Insertion sort: stable (equal multipliers keep file order), n is small. */
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i], j = i;
        while (j > 0 && r->member_multiplier[order[j - 1]] < r->member_multiplier[v]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    fprintf(f, "# cylch: members by multiplier, largest first\n");
    fprintf(f, "# rank\tname\tmultiplier\tround2_local_pence\tincome\temployees_fte\tshort_name\n");
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        fprintf(f, "%zu\t", k);
        put_text(f, net->m[i].name);
        fputc('\t', f);
        put_num(f, r->member_multiplier[i]);
        fputc('\t', f);
        put_num(f, 100.0 * r->member_round2_share[i]);
        fputc('\t', f);
        put_num(f, r->member_income[i]);
        fputc('\t', f);
        put_num(f, r->member_jobs[i]);
        fputc('\t', f);
        put_short_text(f, net->m[i].name, SHORT_NAME);
        fputc('\n', f);
    }
    free(order);
    return CYLCH_OK;
}

/* network.dat: the trade matrix, £/year, in gnuplot's "matrix rowheaders
 * columnheaders" layout: row i is the seller, column j the buyer (what j
 * buys from i), members in file order. network-cells.dat: one row per trade
 * link for the labels: buyer index, seller index, amount, amount as text. */
static int write_network(FILE *f, FILE *cells, const cylch_network *net, cylch_error *err)
{
    size_t n = net->n;
    double *t = calloc(n > 0 ? n * n : 1, sizeof *t);
    if (!t)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t k = 0; k < net->ntrade; k++)
        t[net->trade[k].seller * n + net->trade[k].buyer] += net->trade[k].amount;
    put_text(f, "seller \\ buyer");
    for (size_t j = 0; j < n; j++) {
        fputc('\t', f);
        put_short_text(f, net->m[j].name, SHORT_NAME);
    }
    fputc('\n', f);
    for (size_t i = 0; i < n; i++) {
        put_short_text(f, net->m[i].name, SHORT_NAME);
        for (size_t j = 0; j < n; j++) {
            fputc('\t', f);
            put_num(f, t[i * n + j]);
        }
        fputc('\n', f);
    }
    fprintf(cells, "# cylch: trade between members, £/year (buyer and seller are member indices)\n");
    fprintf(cells, "# buyer\tseller\tamount\tamount_text\n");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (t[i * n + j] > 0.0) {
                char lab[32];
                short_money(t[i * n + j], lab, sizeof lab);
                fprintf(cells, "%zu\t%zu\t", j, i);
                put_num(cells, t[i * n + j]);
                fputc('\t', cells);
                put_text(cells, lab);
                fputc('\n', cells);
            }
    free(t);
    return CYLCH_OK;
}

/* run-values.gnuplot: this run's values that the scripts show in titles and marks. */
static void write_values(FILE *f, const cylch_plots_run *run, int h)
{
    const cylch_result *r = run->r;
    int s = h / CYLCH_NQ;
    double pt = cylch_result_headline(r, h), mean = pt, p5 = pt, p95 = pt;
    double trade = 0.0;
    char a[32], b[32], c[32], text[160];
    if (cylch_plots_run_has_draws(run) && isfinite(run->stats[h].mean)) {
        mean = run->stats[h].mean;
        p5 = run->stats[h].p5;
        p95 = run->stats[h].p95;
    }
    for (size_t k = 0; k < run->net->ntrade; k++)
        trade += run->net->trade[k].amount;
    cylch_format_money(pt, a, sizeof a);
    cylch_format_money(p5, b, sizeof b);
    cylch_format_money(p95, c, sizeof c);
    if (cylch_plots_run_has_draws(run))
        snprintf(text, sizeof text, _("%s (90%% range %s–%s)"), a, b, c);
    else
        snprintf(text, sizeof text, "%s", a);
    fprintf(f, "# This run's values for the plot scripts (written by cylch %s).\n", CYLCH_VERSION);
    fprintf(f, "scenario = ");
    put_gp_string(f, run->s->name);
    fprintf(f, "\ndraws = %zu\n", cylch_plots_run_has_draws(run) ? run->mc->done : (size_t)0);
    fprintf(f, "rounds = %zu\n", r->K);
    fprintf(f, "members = %zu\n", run->net->n);
    fprintf(f, "trade_links = %zu\n", run->net->ntrade);
    fprintf(f, "trade_total = ");
    put_num(f, trade);
    cylch_format_money(trade, a, sizeof a);
    fprintf(f, "\ntrade_total_text = ");
    put_gp_string(f, a);
    fprintf(f, "\n# The headline multiplier: £ of local economic activity per %s, over time.\n",
            source_per[s]);
    fprintf(f, "head_per = ");
    put_gp_string(f, _(source_per[s]));
    fprintf(f, "\nhead_point = ");
    put_num(f, pt);
    fprintf(f, "\nhead_mean = ");
    put_num(f, mean);
    fprintf(f, "\nhead_p5 = ");
    put_num(f, p5);
    fprintf(f, "\nhead_p95 = ");
    put_num(f, p95);
    fprintf(f, "\nhead_text = ");
    put_gp_string(f, text);
    fputc('\n', f);
}

/* ------------------------------------------------------------ scripts */

/* Copies the open file in (ctx) into f. */
static int w_copy(FILE *f, const void *ctx, cylch_error *err)
{
    FILE *in = (FILE *)ctx;
    char buf[8192];
    size_t k;
    (void)err;
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, k, f) != k)
            return -1;
    return ferror(in) ? -1 : 0;
}

static int copy_file(const char *from_dir, const char *to_dir, const char *name, cylch_error *err)
{
    char *src = cylch_path_join(from_dir, name);
    FILE *in;
    int rc;
    if (!src)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    in = fopen(src, "rb");
    if (!in) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot read the plot script %s: %s (set CYLCH_PLOTS "
                             "to the folder holding cylch's plot scripts)", src, cylch_errno_text(errno));
        free(src);
        return rc;
    }
    rc = cylch_file_write(to_dir, NULL, name, w_copy, in, err);
    fclose(in);
    free(src);
    return rc;
}

/* ------------------------------------------------------------ running gnuplot */

/* Look for an executable `prog` in each folder of PATH (unset: the usual
 * system folders; empty: none). 1 and the path in buf when found. */
static int find_program(const char *prog, char *buf, size_t len)
{
    const char *path = getenv("PATH"), *p;
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (p = path; *p;) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0) {
            struct stat sb;
            int w = snprintf(buf, len, "%.*s/%s", (int)n, p, prog);
            if (w > 0 && (size_t)w < len && stat(buf, &sb) == 0 && S_ISREG(sb.st_mode) &&
                access(buf, X_OK) == 0)
                return 1;
        }
        if (!e)
            break;
        p = e + 1;
    }
    buf[0] = '\0';
    return 0;
}

/* Run `gnuplot script` in dir, stdin and stdout on /dev/null, its standard
 * error into log (the first logsize − 1 bytes; *log_len counts all of it).
 * Returns gnuplot's exit status, -1 if it died of a signal or could not be
 * started. Only async-signal-safe calls happen between fork and exec, as the
 * caller may have OpenMP threads. */
static int run_gnuplot(const char *gnuplot, const char *dir, const char *script, char *log,
                       size_t logsize, size_t *log_len)
{
    int fds[2], status = 0;
    pid_t pid;
    size_t used = 0;
    *log_len = 0;
    log[0] = '\0';
    if (pipe(fds) != 0) {
        snprintf(log, logsize, "cannot start gnuplot: %s", cylch_errno_text(errno));
        *log_len = strlen(log);
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        snprintf(log, logsize, "cannot start gnuplot: %s", cylch_errno_text(errno));
        *log_len = strlen(log);
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null < 0 || chdir(dir) != 0)
            _exit(126);
        dup2(null, 0);
        dup2(null, 1);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        close(null);
        execl(gnuplot, "gnuplot", script, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    for (;;) {
        char buf[512];
        ssize_t k = read(fds[0], buf, sizeof buf);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        for (ssize_t i = 0; i < k; i++)
            if (used + 1 < logsize)
                log[used++] = buf[i];
        *log_len += (size_t)k;
    }
    log[used] = '\0';
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return -1;
}

/* 1 if dir/name exists and is not empty. */
static int nonempty(const char *dir, const char *name)
{
    char *p = cylch_path_join(dir, name);
    struct stat sb;
    int ok = p && stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
    free(p);
    return ok;
}

static void remove_in(const char *dir, const char *name)
{
    char *p = cylch_path_join(dir, name);
    if (p)
        unlink(p);
    free(p);
}

/* ------------------------------------------------------------ the plots */

/* What a plot's data file is written from. */
typedef struct data_ctx {
    int p, h;
    const char *dir;
    const cylch_plots_run *run;
    FILE *data;                  /* network.dat, while network-cells.dat is written */
} data_ctx;

static int w_network_cells(FILE *cells, const void *ctx, cylch_error *err)
{
    const data_ctx *c = ctx;
    return write_network(c->data, cells, c->run->net, err);
}

static int w_data(FILE *f, const void *ctx, cylch_error *err)
{
    const data_ctx *c = ctx;
    const cylch_plots_run *run = c->run;
    data_ctx cells;
    switch (c->p) {
    case CYLCH_PLOT_ROUNDS: write_rounds(f, run->r); return 0;
    case CYLCH_PLOT_SOURCES: write_sources(f, run); return 0;
    case CYLCH_PLOT_DISTRIBUTION: return write_distribution(f, run, c->h, err);
    case CYLCH_PLOT_LEAKAGE: write_leakage(f, run->r); return 0;
    case CYLCH_PLOT_MEMBERS: return write_members(f, run->net, run->r, err);
    case CYLCH_PLOT_NETWORK:
        cells = *c;
        cells.data = f;
        return cylch_file_write(c->dir, NULL, "network-cells.dat", w_network_cells, &cells, err);
    case CYLCH_PLOT_CONVERGENCE: return write_convergence(f, run, c->h, err);
    default: return 0;
    }
}

/* Write plot p's data file(s). */
static int write_data(int p, const char *dir, const cylch_plots_run *run, int h, cylch_error *err)
{
    const data_ctx c = {p, h, dir, run, NULL};
    char name[64];
    snprintf(name, sizeof name, "%s.dat", plot_names[p]);
    return cylch_file_write(dir, NULL, name, w_data, &c, err);
}

static int w_values(FILE *f, const void *ctx, cylch_error *err)
{
    const data_ctx *c = ctx;
    (void)err;
    write_values(f, c->run, c->h);
    return 0;
}

int cylch_plots_write(const char *dir, const char *scriptdir, const cylch_plots_run *run,
                      int render, cylch_plots_status *st, cylch_error *err)
{
    int h, rc;
    if (!st)
        return cylch_error_set(err, CYLCH_EINPUT, "cylch_plots_write: no status given");
    memset(st, 0, sizeof *st);
    if (!dir || !scriptdir || !run || !run->s || !run->net || !run->r)
        return cylch_error_set(err, CYLCH_EINPUT, "cylch_plots_write: missing argument");
    h = cylch_result_headline_index(run->r);

    if ((rc = copy_file(scriptdir, dir, "style.gp", err)) || (rc = write_words(dir, err)))
        return rc;
    {
        const data_ctx c = {0, h, dir, run, NULL};
        if ((rc = cylch_file_write(dir, NULL, "run-values.gnuplot", w_values, &c, err)))
            return rc;
    }
    for (int p = 0; p < CYLCH_NPLOT; p++) {
        char script[64];
        if ((p == CYLCH_PLOT_DISTRIBUTION || p == CYLCH_PLOT_CONVERGENCE) && !cylch_plots_run_has_draws(run))
            continue;
        snprintf(script, sizeof script, "%s.gp", plot_names[p]);
        if ((rc = copy_file(scriptdir, dir, script, err)) || (rc = write_data(p, dir, run, h, err)))
            return rc;
        st->plot[p].state = CYLCH_PLOT_WRITTEN;
        st->written++;
    }
    if (!render)
        return CYLCH_OK;

    st->gnuplot_found = find_program("gnuplot", st->gnuplot, sizeof st->gnuplot);
    if (!st->gnuplot_found) {
        /* No folder name: dir may be a staging folder that is renamed later. */
        snprintf(st->message, sizeof st->message, "%s",
                 _("gnuplot not found on PATH, so the plots were not drawn; their scripts and data are "
                   "in the results folder: install gnuplot, then run  gnuplot *.gp  in that folder"));
        return CYLCH_OK;
    }
    for (int p = 0; p < CYLCH_NPLOT; p++) {
        char script[64], png[64], svg[64];
        int code;
        if (st->plot[p].state != CYLCH_PLOT_WRITTEN)
            continue;
        snprintf(script, sizeof script, "%s.gp", plot_names[p]);
        snprintf(png, sizeof png, "%s.png", plot_names[p]);
        snprintf(svg, sizeof svg, "%s.svg", plot_names[p]);
        code = run_gnuplot(st->gnuplot, dir, script, st->plot[p].log, sizeof st->plot[p].log,
                           &st->plot[p].log_len);
        st->plot[p].exit_status = code;
        if (code == 0 && nonempty(dir, png) && nonempty(dir, svg)) {
            st->plot[p].state = CYLCH_PLOT_DRAWN;
            st->drawn++;
        } else {
            /* Half an image is worse than none: the report and the user see it failed. */
            remove_in(dir, png);
            remove_in(dir, svg);
            st->plot[p].state = CYLCH_PLOT_FAILED;
            if (st->failed++ == 0) {
                /* gnuplot echoes the failing command, then says '"x.gp" line 4: why'. */
                const char *first = strstr(st->plot[p].log, "\" line ");
                int w;
                if (first)
                    while (first > st->plot[p].log && first[-1] != '\n')
                        first--;
                else
                    first = st->plot[p].log[0] ? st->plot[p].log : "no image was made";
                w = (int)strcspn(first, "\n");
                snprintf(st->message, sizeof st->message, _("gnuplot could not draw %s (exit status %d): %.*s"),
                         script, code, w, first);
            }
        }
    }
    if (st->failed > 1) {
        char first[CYLCH_ERROR_MAX];
        snprintf(first, sizeof first, "%s", st->message);
        snprintf(st->message, sizeof st->message, _("%zu plots failed; the first: %.900s"), st->failed, first);
    }
    return CYLCH_OK;
}

/* ------------------------------------------------------------ finding the scripts */

static int has_scripts(const char *dir)
{
    return nonempty(dir, "style.gp") && nonempty(dir, "rounds.gp");
}

int cylch_plots_find_scripts(char *buf, size_t len, cylch_error *err)
{
    const char *env = getenv("CYLCH_PLOTS");
    char exe[PATH_MAX], looked[CYLCH_ERROR_MAX / 2] = "";
    ssize_t k;
    if (!buf || len == 0)
        return cylch_error_set(err, CYLCH_EINPUT, "cylch_plots_find_scripts: no buffer");
    if (env && *env) {
        if (has_scripts(env) && (size_t)snprintf(buf, len, "%s", env) < len)
            return CYLCH_OK;
        return cylch_error_set(err, CYLCH_EIO, "CYLCH_PLOTS is %s, but that folder does not hold "
                               "cylch's plot scripts (style.gp, rounds.gp, …)", env);
    }
    /* An installed copy: PREFIX/bin/cylch finds PREFIX/share/cylch/plots, whatever PREFIX was,
     * so `make install PREFIX=…` never depends on a path compiled in. Then the source tree:
     * plots/ beside the executable's folder or up to three above it (build/san/tests/). */
    k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        char cand[PATH_MAX + 32];
        char *slash;
        exe[k] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            snprintf(cand, sizeof cand, "%.*s/../share/cylch/plots", (int)(slash - exe), exe);
            if (has_scripts(cand) && (size_t)snprintf(buf, len, "%s", cand) < len)
                return CYLCH_OK;
        }
        for (int up = 0; up < 4; up++) {
            slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            snprintf(cand, sizeof cand, "%s/plots", exe[0] ? exe : "");
            if (has_scripts(cand) && (size_t)snprintf(buf, len, "%s", cand) < len)
                return CYLCH_OK;
            if (up == 0)
                snprintf(looked, sizeof looked, "%.500s", cand);
        }
    }
    return cylch_error_set(err, CYLCH_EIO, "cannot find cylch's plot scripts (looked in "
                           "../share/cylch/plots beside the program, in %s and its parent "
                           "folders); set CYLCH_PLOTS to the folder holding them",
                           looked[0] ? looked : _("the program's folder"));
}

int cylch_plots_extra(const char *dir, const char *scriptdir, const char *name, int *drawn,
                      char *msg, size_t msglen, cylch_error *err)
{
    char script[128], png[128], svg[128], gnuplot[1024], log[CYLCH_PLOTS_LOG_MAX];
    size_t log_len;
    int rc, st;
    *drawn = 0;
    if (msg && msglen)
        msg[0] = '\0';
    snprintf(script, sizeof script, "%s.gp", name);
    snprintf(png, sizeof png, "%s.png", name);
    snprintf(svg, sizeof svg, "%s.svg", name);
    if ((rc = copy_file(scriptdir, dir, script, err)) || (rc = write_words(dir, err)))
        return rc;
    if (!find_program("gnuplot", gnuplot, sizeof gnuplot)) {
        if (msg)
            snprintf(msg, msglen, _("gnuplot not found, so %s was not drawn"), png);
        return CYLCH_OK;
    }
    st = run_gnuplot(gnuplot, dir, script, log, sizeof log, &log_len);
    if (st != 0 || log_len > 0 || !nonempty(dir, png) || !nonempty(dir, svg)) {
        remove_in(dir, png);
        remove_in(dir, svg);
        if (msg)
            snprintf(msg, msglen, _("gnuplot could not draw %s: %.300s"), png,
                     log[0] ? log : _("no image was written"));
        return CYLCH_OK;
    }
    *drawn = 1;
    return CYLCH_OK;
}
