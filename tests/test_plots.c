/* Tests for model/plots.c and model/report.c: the plots of the toy town (no
 * draws) and of Bro Ffestiniog (300 draws) are drawn by gnuplot without a
 * warning, as 1200×800 PNGs and SVGs; their data files hold the model's
 * numbers (checked against the toy town's oracle and against conservation:
 * every £1 leaks out in the end); the report embeds every image as a data
 * URI that decodes back to the file, shows the headline with its range, and
 * escapes every user string; without gnuplot on PATH the scripts and data
 * are written, the status says so, and `gnuplot *.gp` in the folder later
 * draws them all; a failing script is reported, not fatal.
 * Run from the project root (scenarios/, plots/, data/ and tests/oracles/ are relative). */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cylch/io/error.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/io/format.h"
#include "cylch/io/results.h"
#include "cylch/present/files.h"
#include "cylch/present/plots.h"
#include "cylch/present/report.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/stats.h"
#include "cylch/present/summary.h"
#include "testutil.h"

#define SCRIPTS "plots"

/* ------------------------------------------------------------ a run, as main() holds it */

typedef struct fixture {
    cylch_scenario *s;
    cylch_network *net;
    cylch_result *r;
    cylch_mc *mc;
    cylch_stats_summary *stats;
    cylch_notes notes;
    cylch_plots_run run;
    char dir[64];
} fixture;

/* Load a scenario and work out its point estimate and, with draws > 0, its
 * Monte Carlo summaries (as tests/test_model.c's run_point, plus the draws). */
static void load(fixture *fx, const char *path, unsigned long draws)
{
    cylch_error err;
    cylch_model *m = NULL;
    double *vals = NULL;
    cylch_place p;
    memset(fx, 0, sizeof *fx);
    cylch_error_clear(&err);
    if (cylch_scenario_load(path, &fx->s, &err) || cylch_network_load(fx->s->network, &fx->net, &err) ||
        cylch_scenario_apply(fx->s, fx->net, &fx->notes, &err))
        fail_msg("%s: %s", path, err.msg);
    fx->s->draws = draws;
    m = cylch_model_new(fx->net);
    fx->r = cylch_result_new(fx->net->n, fx->s->rounds);
    vals = cylch_network_values(fx->net);
    assert_non_null(m);
    assert_non_null(fx->r);
    assert_non_null(vals);
    cylch_scenario_place_point(fx->s, &p);
    if (cylch_model_build(m, vals, &p, &err) || cylch_model_result(m, fx->r, &err))
        fail_msg("%s: %s", path, err.msg);
    if (draws > 0) {
        fx->stats = calloc(CYLCH_NHEAD, sizeof *fx->stats);
        assert_non_null(fx->stats);
        if (cylch_mc_new(fx->s, fx->net, 0, &fx->mc, &err) ||
            cylch_mc_run(fx->mc, fx->s, fx->net, 0, NULL, NULL, NULL, &err) ||
            cylch_mc_summarise(fx->mc, fx->stats, &err))
            fail_msg("%s: %s", path, err.msg);
        assert_int_equal(fx->mc->done, draws);
    }
    fx->run.s = fx->s;
    fx->run.net = fx->net;
    fx->run.r = fx->r;
    fx->run.mc = fx->mc;
    fx->run.stats = fx->stats;
    fx->run.notes = &fx->notes;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/cylch-test-plots-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    free(vals);
    cylch_model_free(m);
}

/* Remove a folder of plain files. */
static void rm_flat(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    if (!d)
        return;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    closedir(d);
    rmdir(dir);
}

static void unload(fixture *fx)
{
    rm_flat(fx->dir);
    cylch_notes_clear(&fx->notes);
    cylch_mc_free(fx->mc);
    free(fx->stats);
    cylch_result_free(fx->r);
    cylch_network_free(fx->net);
    cylch_scenario_free(fx->s);
}

/* ------------------------------------------------------------ file checks */

static char *read_in(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return tu_read_file(p);
}

static int exists_in(const char *dir, const char *name)
{
    char p[512];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
}

/* NAME.png is a PNG of 1200×800 (signature and IHDR). */
static void check_png(const char *dir, const char *name)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char h[24];
    char p[512];
    FILE *f;
    unsigned long w, ht;
    snprintf(p, sizeof p, "%s/%s.png", dir, name);
    f = fopen(p, "rb");
    if (!f)
        fail_msg("%s was not made", p);
    assert_int_equal(fread(h, 1, sizeof h, f), sizeof h);
    fclose(f);
    if (memcmp(h, sig, 8) != 0 || memcmp(h + 12, "IHDR", 4) != 0)
        fail_msg("%s is not a PNG", p);
    w = (unsigned long)h[16] << 24 | (unsigned long)h[17] << 16 | (unsigned long)h[18] << 8 | h[19];
    ht = (unsigned long)h[20] << 24 | (unsigned long)h[21] << 16 | (unsigned long)h[22] << 8 | h[23];
    if (w != 1200 || ht != 800)
        fail_msg("%s is %lu×%lu, expected 1200×800", p, w, ht);
}

/* NAME.svg is a whole 1200×800 SVG document. */
static void check_svg(const char *dir, const char *name)
{
    char file[80];
    char *t;
    snprintf(file, sizeof file, "%s.svg", name);
    t = read_in(dir, file);
    if (!t)
        fail_msg("%s/%s was not made", dir, file);
    if (!strstr(t, "<svg") || !strstr(t, "width=\"1200\"") || !strstr(t, "height=\"800\"") ||
        !strstr(t, "</svg>"))
        fail_msg("%s/%s is not a whole 1200×800 SVG", dir, file);
    free(t);
}

/* Every plot in want[] drawn (PNG, SVG, gnuplot silent), the others skipped. */
static void check_drawn(const fixture *fx, const cylch_plots_status *st, const int *want)
{
    size_t n = 0;
    assert_int_equal(st->gnuplot_found, 1);
    assert_int_equal(st->failed, 0);
    assert_string_equal(st->message, "");
    for (int p = 0; p < CYLCH_NPLOT; p++) {
        const char *name = cylch_plots_name(p);
        char gp[64];
        if (!want[p]) {
            assert_int_equal(st->plot[p].state, CYLCH_PLOT_SKIPPED);
            continue;
        }
        n++;
        if (st->plot[p].log_len != 0)
            fail_msg("gnuplot wrote to standard error for %s:\n%s", name, st->plot[p].log);
        assert_int_equal(st->plot[p].exit_status, 0);
        assert_int_equal(st->plot[p].state, CYLCH_PLOT_DRAWN);
        check_png(fx->dir, name);
        check_svg(fx->dir, name);
        snprintf(gp, sizeof gp, "%s.gp", name);
        assert_true(exists_in(fx->dir, gp));
    }
    assert_int_equal(st->drawn, n);
    assert_int_equal(st->written, n);
}

/* ------------------------------------------------------------ the plots' data files */

#define MAXF 16
typedef struct tsv {
    size_t n;
    size_t nf[256];
    char *f[256][MAXF];
    char *text;
} tsv;

/* Read block `block` (blocks are separated by blank lines) of a gnuplot data
 * file: '#' lines skipped, fields split at tabs, quotes removed. */
static void tsv_read(const char *dir, const char *name, int block, tsv *t)
{
    char *p, *line;
    int b = 0, data_in_block = 0;
    memset(t, 0, sizeof *t);
    t->text = read_in(dir, name);
    if (!t->text)
        fail_msg("%s/%s was not written", dir, name);
    for (p = t->text; *p; p = line) {
        char *eol = strchr(p, '\n');
        line = eol ? eol + 1 : p + strlen(p);
        if (eol)
            *eol = '\0';
        if (*p == '\0') {
            if (data_in_block)
                b++;
            data_in_block = 0;
            continue;
        }
        if (*p == '#')
            continue;
        data_in_block = 1;
        if (b != block)
            continue;
        assert_true(t->n < 256);
        for (char *q = p; q && t->nf[t->n] < MAXF;) {
            char *tab = strchr(q, '\t');
            if (tab)
                *tab = '\0';
            if (*q == '"') {
                q++;
                if (*q && q[strlen(q) - 1] == '"')
                    q[strlen(q) - 1] = '\0';
            }
            t->f[t->n][t->nf[t->n]++] = q;
            q = tab ? tab + 1 : NULL;
        }
        t->n++;
    }
}

static double tsv_num(const tsv *t, size_t i, size_t j)
{
    double v;
    assert_true(i < t->n);
    assert_true(j < t->nf[i]);
    if (!cylch_parse_double(t->f[i][j], &v))
        fail_msg("'%s' (row %zu, field %zu) is not a number", t->f[i][j], i, j);
    return v;
}

static const char *tsv_str(const tsv *t, size_t i, size_t j)
{
    assert_true(i < t->n);
    assert_true(j < t->nf[i]);
    return t->f[i][j];
}

static void tsv_free(tsv *t)
{
    free(t->text);
}

/* rounds.dat: each bar is the round's money per £1 (r_k / 1ᵀf), and it splits
 * exactly into what is passed on and the leaks by destination. Returns rows. */
static size_t check_rounds_dat(const fixture *fx)
{
    tsv t;
    const cylch_result *r = fx->r;
    tsv_read(fx->dir, "rounds.dat", 0, &t);
    for (size_t i = 0; i < t.n; i++) {
        double got = tsv_num(&t, i, 3), sum = tsv_num(&t, i, 4);
        size_t k = (size_t)tsv_num(&t, i, 2);
        const char *src = tsv_str(&t, i, 1);
        int s = strcmp(src, "Grant") == 0 ? CYLCH_SRC_GRANT : strcmp(src, "Loan") == 0 ? CYLCH_SRC_LOAN
              : strcmp(src, "Outside trade") == 0 ? CYLCH_SRC_TRADE : CYLCH_SRC_INCOME;
        for (size_t j = 5; j < 5 + CYLCH_NLEAK; j++)
            sum += tsv_num(&t, i, j);
        TU_ASSERT_NEAR(sum, got, 1e-12);
        assert_true(k >= 1 && k <= r->K);
        TU_ASSERT_CLOSE(got, r->src[s].rounds[k - 1] / r->src[s].injection, 1e-14);
        if (k == 1)
            TU_ASSERT_CLOSE(got, 1.0, 1e-15);
        /* What is passed on is the next round's money. */
        if (k < r->K)
            TU_ASSERT_NEAR(tsv_num(&t, i, 4), r->src[s].rounds[k] / r->src[s].injection, 1e-12);
    }
    tsv_free(&t);
    return t.n;
}

/* leakage.dat: every £1 leaks out in the end, so each row sums to 100p. */
static void check_leakage_dat(const fixture *fx)
{
    tsv t;
    tsv_read(fx->dir, "leakage.dat", 0, &t);
    assert_true(t.n >= 2);
    for (size_t i = 0; i < t.n; i++) {
        double sum = 0.0;
        for (size_t j = 1; j < 1 + CYLCH_NLEAK; j++) {
            assert_true(tsv_num(&t, i, j) >= 0.0);
            sum += tsv_num(&t, i, j);
        }
        TU_ASSERT_CLOSE(sum, 100.0, 1e-9);
    }
    assert_string_equal(tsv_str(&t, t.n - 1, 0), "All income");
    tsv_free(&t);
}

/* members.dat: every member once, sorted by multiplier (largest first), with
 * its own multiplier and round-2 share. */
static void check_members_dat(const fixture *fx)
{
    tsv t;
    tsv_read(fx->dir, "members.dat", 0, &t);
    assert_int_equal(t.n, fx->net->n);
    for (size_t i = 0; i < t.n; i++) {
        double m = tsv_num(&t, i, 2);
        size_t j;
        assert_int_equal((size_t)tsv_num(&t, i, 0), i);
        if (i > 0)
            assert_true(m <= tsv_num(&t, i - 1, 2));
        for (j = 0; j < fx->net->n; j++)
            if (fx->r->member_multiplier[j] == m)
                break;
        assert_true(j < fx->net->n);
        TU_ASSERT_CLOSE(tsv_num(&t, i, 3), 100.0 * fx->r->member_round2_share[j], 1e-14);
        TU_ASSERT_CLOSE(tsv_num(&t, i, 4), fx->r->member_income[j], 1e-15);
    }
    tsv_free(&t);
}

/* network.dat: the matrix (row seller, column buyer) sums to all the trade. */
static void check_network_dat(const fixture *fx, double total)
{
    tsv t;
    double sum = 0.0;
    tsv_read(fx->dir, "network.dat", 0, &t);
    assert_int_equal(t.n, fx->net->n + 1);
    for (size_t i = 1; i < t.n; i++) {
        assert_int_equal(t.nf[i], fx->net->n + 1);
        for (size_t j = 1; j < t.nf[i]; j++)
            sum += tsv_num(&t, i, j);
    }
    TU_ASSERT_CLOSE(sum, total, 1e-12);
    tsv_free(&t);
}

/* ------------------------------------------------------------ report checks */

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static int b64val(char c)
{
    const char *tab = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(tab, c) : NULL;
    return p ? (int)(p - tab) : -1;
}

/* Decode the base64 text at p (up to a quote) into a new buffer. */
static unsigned char *unbase64(const char *p, size_t *n)
{
    size_t len = strcspn(p, "\""), k = 0;
    unsigned char *out = malloc(len / 4 * 3 + 3);
    unsigned v = 0;
    int bits = 0;
    assert_non_null(out);
    if (len % 4 != 0)
        fail_msg("base64 text of %zu characters: not a multiple of 4", len);
    for (size_t i = 0; i < len && p[i] != '='; i++) {
        int c = b64val(p[i]);
        if (c < 0)
            fail_msg("not base64: '%c'", p[i]);
        v = v << 6 | (unsigned)c;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[k++] = (unsigned char)(v >> bits & 0xff);
        }
    }
    *n = k;
    return out;
}

/* The report embeds plot name as a data URI that decodes to NAME.ext
 * (ext "svg" or "png"). */
static void check_embedded_as(const fixture *fx, const char *html, const char *name, const char *ext)
{
    char id[64], file[64], path[512], uri[64];
    const char *fig, *src;
    unsigned char *img, *disk;
    size_t n;
    long len;
    FILE *f;
    snprintf(id, sizeof id, "id=\"plot-%s\"", name);
    fig = strstr(html, id);
    if (!fig)
        fail_msg("the report has no figure for %s", name);
    snprintf(uri, sizeof uri, "src=\"data:image/%s;base64,", strcmp(ext, "svg") == 0 ? "svg+xml" : ext);
    src = strstr(fig, "src=\"data:image/");
    assert_non_null(src);
    if (strncmp(src, uri, strlen(uri)) != 0)
        fail_msg("%s is embedded as %.30s, expected %s", name, src, uri);
    img = unbase64(src + strlen(uri), &n);
    snprintf(file, sizeof file, "%s.%s", name, ext);
    snprintf(path, sizeof path, "%s/%s", fx->dir, file);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    disk = malloc((size_t)len + 1);
    assert_non_null(disk);
    assert_int_equal(fread(disk, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    assert_int_equal(n, (size_t)len);
    assert_memory_equal(img, disk, n);
    free(img);
    free(disk);
}

static void check_embedded(const fixture *fx, const char *html, const char *name)
{
    check_embedded_as(fx, html, name, "svg");
}

/* No NaN or infinity in the report's text (the images' base64 left out). */
static void check_no_nan(const char *html)
{
    char *t = strdup(html), *p;
    assert_non_null(t);
    for (p = t; (p = strstr(p, "base64,"));) {
        p += 7;
        while (*p && *p != '"')
            *p++ = ' ';
    }
    for (p = t; *p; p++) {
        static const char *const bad[] = {"nan", "inf"};
        for (int b = 0; b < 2; b++)
            if (strncasecmp(p, bad[b], 3) == 0 && (p == t || !isalpha((unsigned char)p[-1])) &&
                !isalpha((unsigned char)p[3]))
                fail_msg("the report shows '%.12s'", p);
    }
    free(t);
}

static char *write_report(const fixture *fx, const cylch_plots_status *st)
{
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_report_write(fx->dir, &fx->run, st, &err))
        fail_msg("%s", err.msg);
    return read_in(fx->dir, "report.html");
}

/* ------------------------------------------------------------ tests */

static void test_toy_town_point(void **state)
{
    (void)state;
    fixture fx;
    cylch_plots_status st;
    cylch_error err;
    char *json, *html, *vals;
    double total = 0.0;
    static const int want[CYLCH_NPLOT] = {
        [CYLCH_PLOT_ROUNDS] = 1, [CYLCH_PLOT_SOURCES] = 1, [CYLCH_PLOT_LEAKAGE] = 1,
        [CYLCH_PLOT_MEMBERS] = 1, [CYLCH_PLOT_NETWORK] = 1
    };
    load(&fx, "scenarios/toy-town.ini", 0);
    cylch_error_clear(&err);
    if (cylch_plots_write(fx.dir, SCRIPTS, &fx.run, 1, &st, &err))
        fail_msg("%s", err.msg);
    check_drawn(&fx, &st, want);
    assert_false(exists_in(fx.dir, "distribution.png"));

    /* The numbers drawn are the oracle's: grant round 2 = 26650 / 70000. */
    json = tu_read_file("tests/oracles/toy-town/expected.json");
    assert_non_null(json);
    assert_int_equal(check_rounds_dat(&fx), 3 * 3);   /* grant, loan, outside trade × 3 rounds */
    {
        tsv t;
        tsv_read(fx.dir, "rounds.dat", 0, &t);
        TU_ASSERT_CLOSE(tsv_num(&t, 1, 3), tu_json_num(json, "by_source.grant.rounds[1]") /
                        tu_json_num(json, "by_source.grant.injection"), 1e-12);
        TU_ASSERT_CLOSE(tsv_num(&t, 5, 3), tu_json_num(json, "by_source.loan.rounds[2]") /
                        tu_json_num(json, "by_source.loan.injection"), 1e-12);
        tsv_free(&t);
        tsv_read(fx.dir, "rounds.dat", 1, &t);   /* a label per source */
        assert_int_equal(t.n, 3);
        assert_string_equal(tsv_str(&t, 0, 1), "Grant");
        assert_string_equal(tsv_str(&t, 0, 2), "worth £1.66 over time");
        tsv_free(&t);
        tsv_read(fx.dir, "sources.dat", 0, &t);
        assert_int_equal(t.n, 4);
        TU_ASSERT_CLOSE(tsv_num(&t, 0, 4), tu_json_num(json, "by_source.grant.lm_inf"), 1e-12);
        TU_ASSERT_CLOSE(tsv_num(&t, 2, 1), tu_json_num(json, "by_source.trade.lm3"), 1e-12);
        /* Without draws the range is the point itself. */
        assert_true(tsv_num(&t, 0, 5) == tsv_num(&t, 0, 4) && tsv_num(&t, 0, 6) == tsv_num(&t, 0, 4));
        tsv_free(&t);
    }
    check_leakage_dat(&fx);
    check_members_dat(&fx);
    for (size_t k = 0; k < fx.net->ntrade; k++)
        total += fx.net->trade[k].amount;
    TU_ASSERT_CLOSE(total, 12000.0, 1e-15);
    check_network_dat(&fx, total);
    {
        tsv t;   /* siop (row 2) sells 5000 to caffi (column 1) */
        tsv_read(fx.dir, "network.dat", 0, &t);
        assert_string_equal(tsv_str(&t, 2, 0), "Siop y Pentref");
        TU_ASSERT_CLOSE(tsv_num(&t, 2, 1), 5000.0, 1e-15);
        tsv_free(&t);
    }
    vals = read_in(fx.dir, "run-values.gnuplot");
    assert_non_null(vals);
    assert_non_null(strstr(vals, "scenario = 'toy-town'"));
    assert_non_null(strstr(vals, "draws = 0\n"));
    assert_non_null(strstr(vals, "head_text = '£1.66'"));
    {
        double v;
        char *p = strstr(vals, "head_point = "), *e;
        assert_non_null(p);
        e = strchr(p, '\n');
        *e = '\0';
        assert_true(cylch_parse_double(p + strlen("head_point = "), &v));
        TU_ASSERT_CLOSE(v, tu_json_num(json, "by_source.grant.lm_inf"), 1e-15);
    }

    html = write_report(&fx, &st);
    assert_non_null(html);
    assert_int_equal(count(html, "src=\"data:image/svg+xml;base64,"), 5);
    for (int p = 0; p < CYLCH_NPLOT; p++)
        if (want[p])
            check_embedded(&fx, html, cylch_plots_name(p));
    assert_non_null(strstr(html, "Every £1 of grant to the network is worth <strong>£1.55</strong> to the "
                                 "local economy within three rounds of spending (LM3), and <strong>£1.66</strong> "
                                 "over time (LM∞)."));
    assert_non_null(strstr(html, "£1.66 over time; 38p of it is spent in the area at once."));
    assert_non_null(strstr(html, "no Monte Carlo draws"));
    assert_non_null(strstr(html, "Caffi Cymunedol"));
    assert_non_null(strstr(html, "@page { size: A4"));
    assert_non_null(strstr(html, "cylch run scenarios/toy-town.ini --draws 0 --seed 1"));
    assert_non_null(strstr(html, "household_local_spend"));
    check_no_nan(html);
    free(html);

    /* A plot without its SVG is embedded as its PNG. */
    {
        char p[512];
        snprintf(p, sizeof p, "%s/network.svg", fx.dir);
        assert_int_equal(unlink(p), 0);
        html = write_report(&fx, &st);
        check_embedded_as(&fx, html, "network", "png");
        check_embedded(&fx, html, "rounds");
        free(html);
    }
    free(vals);
    free(json);
    unload(&fx);
}

static void test_bro_ffestiniog_draws(void **state)
{
    (void)state;
    fixture fx;
    cylch_plots_status st;
    cylch_error err;
    char *html, a[32], b[32], c[32], sentence[256];
    int h;
    static const int want[CYLCH_NPLOT] = {1, 1, 1, 1, 1, 1, 1};
    load(&fx, "scenarios/bro-ffestiniog.ini", 300);
    h = cylch_result_headline_index(fx.r);
    assert_int_equal(h, CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF));
    cylch_error_clear(&err);
    if (cylch_plots_write(fx.dir, SCRIPTS, &fx.run, 1, &st, &err))
        fail_msg("%s", err.msg);
    check_drawn(&fx, &st, want);
    assert_int_equal(check_rounds_dat(&fx), 3 * 3);
    check_leakage_dat(&fx);
    check_members_dat(&fx);
    check_network_dat(&fx, 45300.0);
    {
        tsv t;
        double pct = 0.0;
        /* The histogram covers every draw: its percentages sum to 100. */
        tsv_read(fx.dir, "distribution.dat", 0, &t);
        assert_true(t.n >= CYLCH_STATS_BINS_MIN && t.n <= CYLCH_STATS_BINS_MAX);
        for (size_t i = 0; i < t.n; i++) {
            pct += tsv_num(&t, i, 3);
            TU_ASSERT_CLOSE(tsv_num(&t, i, 0), 0.5 * (tsv_num(&t, i, 1) + tsv_num(&t, i, 2)), 1e-14);
            if (i > 0)
                TU_ASSERT_CLOSE(tsv_num(&t, i, 1), tsv_num(&t, i - 1, 2), 1e-15);
        }
        TU_ASSERT_CLOSE(pct, 100.0, 1e-9);
        assert_true(tsv_num(&t, 0, 1) <= fx.stats[h].min && tsv_num(&t, t.n - 1, 2) >= fx.stats[h].max);
        tsv_free(&t);
        /* The running mean ends at the mean of all the draws. */
        tsv_read(fx.dir, "convergence.dat", 0, &t);
        assert_true(t.n >= 10);
        TU_ASSERT_CLOSE(tsv_num(&t, t.n - 1, 0), 300.0, 1e-15);
        TU_ASSERT_CLOSE(tsv_num(&t, t.n - 1, 1), fx.stats[h].mean, 1e-12);
        assert_true(tsv_num(&t, t.n - 1, 2) < fx.stats[h].mean && tsv_num(&t, t.n - 1, 3) > fx.stats[h].mean);
        tsv_free(&t);
        /* The whiskers are the 90% range of the draws. */
        tsv_read(fx.dir, "sources.dat", 0, &t);
        assert_string_equal(tsv_str(&t, 0, 0), "Grant");
        TU_ASSERT_CLOSE(tsv_num(&t, 0, 5), fx.stats[h].p5, 1e-15);
        TU_ASSERT_CLOSE(tsv_num(&t, 0, 6), fx.stats[h].p95, 1e-15);
        assert_true(tsv_num(&t, 0, 5) < tsv_num(&t, 0, 4) && tsv_num(&t, 0, 4) < tsv_num(&t, 0, 6));
        tsv_free(&t);
    }

    html = write_report(&fx, &st);
    assert_non_null(html);
    assert_int_equal(count(html, "src=\"data:image/svg+xml;base64,"), CYLCH_NPLOT);
    for (int p = 0; p < CYLCH_NPLOT; p++)
        check_embedded(&fx, html, cylch_plots_name(p));
    cylch_format_money(fx.r->src[CYLCH_SRC_GRANT].lm_inf, a, sizeof a);
    cylch_format_money(fx.stats[h].p5, b, sizeof b);
    cylch_format_money(fx.stats[h].p95, c, sizeof c);
    snprintf(sentence, sizeof sentence, "and <strong>%s</strong> over time (LM∞, 90%% range %s–%s).", a, b, c);
    if (!strstr(html, sentence))
        fail_msg("the report lacks \"%s\"", sentence);
    {
        int h3 = CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM3);
        cylch_format_money(fx.r->src[CYLCH_SRC_GRANT].lm3, a, sizeof a);
        cylch_format_money(fx.stats[h3].p5, b, sizeof b);
        cylch_format_money(fx.stats[h3].p95, c, sizeof c);
    }
    snprintf(sentence, sizeof sentence, "Every £1 of grant to the network is worth <strong>%s</strong> to the "
             "local economy within three rounds of spending (LM3, 90%% range %s–%s), and ", a, b, c);
    if (!strstr(html, sentence))
        fail_msg("the report lacks \"%s\"", sentence);
    assert_non_null(strstr(html, "of each £1 of grant and loan together, spent in the area at once") ||
                    strstr(html, "Of each £1 of grant and loan together, spent in the area at once"));
    assert_non_null(strstr(html, "nine in ten of 300 Monte Carlo draws"));
    assert_non_null(strstr(html, "beta(mean=0.53,sd=0.05)"));
    assert_non_null(strstr(html, "Ysgol y Moelwyn / Canolfan Hamdden"));
    assert_non_null(strstr(html, "cylch run scenarios/bro-ffestiniog.ini --draws 300 --seed 2018"));
    check_no_nan(html);
    free(html);
    unload(&fx);
}

/* A network whose names and scenario hold characters that mean something to
 * HTML, gnuplot and CSV, Welsh letters, and no grant or loan money. */
static const char awkward_enterprises[] =
    "id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,purchases,"
    "purchases_local_share\n"
    "siop,\"Caffi & Siop <Ŵyn> \"\"Y Bont\"\"\",2,0,0,50000,30000,30000,0.8,20000,0.5\n"
    "ynni,Canolfan 'Ysbryd' Ŷ_{x}^2 @ Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch,3,0,0,"
    "40000,60000,50000,0.9,30000,0.3\n"
    "gwaith,\"Gwaith\tâ Thab\",1,0,0,10000,5000,8000,0.95,4000,0.6\n";
static const char awkward_trade[] = "buyer,seller,amount\nsiop,ynni,2000\nynni,siop,3500\ngwaith,siop,900\n";
static const char awkward_scenario[] =
    "; A test town: <script>alert(\"x\")</script> & more.\n"
    "[scenario]\nname = Tref <Prawf> & 'dyfyniad'\nnetwork = .\ndraws = 0\nseed = 7\nrounds = 4\n\n"
    "[place]\n; Households spend 60p of each £1 <b>locally</b>.\n"
    "household_local_spend = uniform(0.5,0.7)\nhousehold_member_share = 0.05\n"
    "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.1\n"
    "jobs_per_million = 10 ; jobs <i>per</i> £1M\n";

static void write_text(const char *dir, const char *name, const char *text)
{
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_awkward_names(void **state)
{
    (void)state;
    fixture fx;
    cylch_plots_status st;
    cylch_error err;
    char net[] = "/tmp/cylch-test-net-XXXXXX", path[128], *html, *vals;
    static const int want[CYLCH_NPLOT] = {1, 1, 1, 1, 1, 1, 1};
    tsv t;
    assert_non_null(mkdtemp(net));
    write_text(net, "enterprises.csv", awkward_enterprises);
    write_text(net, "trade.csv", awkward_trade);
    write_text(net, "scenario.ini", awkward_scenario);
    snprintf(path, sizeof path, "%s/scenario.ini", net);
    load(&fx, path, 200);
    cylch_error_clear(&err);
    if (cylch_plots_write(fx.dir, SCRIPTS, &fx.run, 1, &st, &err))
        fail_msg("%s", err.msg);
    check_drawn(&fx, &st, want);   /* gnuplot takes the names without a warning */
    check_rounds_dat(&fx);
    check_leakage_dat(&fx);
    check_members_dat(&fx);
    check_network_dat(&fx, 6400.0);

    /* No grant or loan: only outside trade is drawn round by round, 4 rounds. */
    tsv_read(fx.dir, "rounds.dat", 0, &t);
    assert_int_equal(t.n, 4);
    assert_string_equal(tsv_str(&t, 0, 1), "Outside trade");
    tsv_free(&t);
    /* Names: quotes and tabs made safe for gnuplot; long ones shortened on axes. */
    tsv_read(fx.dir, "members.dat", 0, &t);
    for (size_t i = 0; i < t.n; i++) {
        const char *full = tsv_str(&t, i, 1), *shortn = tsv_str(&t, i, 6);
        size_t chars = 0;
        assert_null(strchr(full, '"'));
        for (const char *p = shortn; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        assert_true(chars <= 30);
        if (strncmp(full, "Canolfan", 8) == 0) {
            assert_string_equal(shortn, "Canolfan 'Ysbryd' Ŷ_{x}^2 @ L…");
            assert_non_null(strstr(full, "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"));
        }
        if (strncmp(full, "Caffi", 5) == 0)
            assert_string_equal(full, "Caffi & Siop <Ŵyn> ”Y Bont”");
        if (strncmp(full, "Gwaith", 6) == 0)
            assert_string_equal(full, "Gwaith â Thab");
    }
    tsv_free(&t);
    vals = read_in(fx.dir, "run-values.gnuplot");
    assert_non_null(vals);
    assert_non_null(strstr(vals, "scenario = 'Tref <Prawf> & ''dyfyniad'''\n"));
    assert_non_null(strstr(vals, "head_per = '£1 from outside'"));

    html = write_report(&fx, &st);
    assert_non_null(html);
    assert_int_equal(count(html, "src=\"data:image/svg+xml;base64,"), CYLCH_NPLOT);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<Ŵyn>"));
    assert_null(strstr(html, "<b>locally"));
    assert_null(strstr(html, "<i>per"));
    assert_non_null(strstr(html, "Caffi &amp; Siop &lt;Ŵyn&gt; &quot;Y Bont&quot;"));
    assert_non_null(strstr(html, "<title>Tref &lt;Prawf&gt; &amp; &#39;dyfyniad&#39;"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert_non_null(strstr(html, "Households spend 60p of each £1 &lt;b&gt;locally&lt;/b&gt;."));
    assert_non_null(strstr(html, "jobs &lt;i&gt;per&lt;/i&gt; £1M"));   /* the inline comment */
    assert_non_null(strstr(html, "Every £1 coming in from outside"));
    /* net_wage_share is not in the file: its default is shown. */
    assert_non_null(strstr(html, "<code>net_wage_share</code>"));
    assert_non_null(strstr(html, "(not in the file: cylch's default)"));
    assert_non_null(strstr(html, "0.51–0.69"));   /* 90% of uniform(0.5,0.7) */
    check_no_nan(html);
    free(html);
    free(vals);
    unload(&fx);
    rm_flat(net);
}

/* Without gnuplot on PATH: scripts and data written, the status says how to
 * draw them later, and doing so (`cd DIR && gnuplot *.gp`, one gnuplot
 * session for every script) draws every plot without a warning. */
static void test_no_gnuplot(void **state)
{
    (void)state;
    fixture fx;
    cylch_plots_status st;
    cylch_error err;
    char empty[] = "/tmp/cylch-test-path-XXXXXX", *path = getenv("PATH"), *saved, *html;
    char cmd[512], *log;
    load(&fx, "scenarios/bro-ffestiniog.ini", 200);
    saved = strdup(path ? path : "/usr/bin:/bin");
    assert_non_null(saved);
    assert_non_null(mkdtemp(empty));
    assert_int_equal(setenv("PATH", empty, 1), 0);
    cylch_error_clear(&err);
    assert_int_equal(cylch_plots_write(fx.dir, SCRIPTS, &fx.run, 1, &st, &err), CYLCH_OK);
    assert_int_equal(setenv("PATH", saved, 1), 0);
    rmdir(empty);
    assert_int_equal(st.gnuplot_found, 0);
    assert_string_equal(st.gnuplot, "");
    assert_int_equal(st.drawn, 0);
    assert_int_equal(st.written, CYLCH_NPLOT);
    assert_non_null(strstr(st.message, "gnuplot not found"));
    assert_non_null(strstr(st.message, "gnuplot *.gp"));
    assert_null(strstr(st.message, fx.dir));   /* it may be a staging folder */
    assert_true(exists_in(fx.dir, "style.gp"));
    assert_true(exists_in(fx.dir, "run-values.gnuplot"));
    assert_true(exists_in(fx.dir, "network-cells.dat"));
    for (int p = 0; p < CYLCH_NPLOT; p++) {
        char gp[64], dat[64], png[64];
        snprintf(gp, sizeof gp, "%s.gp", cylch_plots_name(p));
        snprintf(dat, sizeof dat, "%s.dat", cylch_plots_name(p));
        snprintf(png, sizeof png, "%s.png", cylch_plots_name(p));
        assert_int_equal(st.plot[p].state, CYLCH_PLOT_WRITTEN);
        assert_true(exists_in(fx.dir, gp));
        assert_true(exists_in(fx.dir, dat));
        assert_false(exists_in(fx.dir, png));
    }
    html = write_report(&fx, &st);
    assert_non_null(html);
    assert_int_equal(count(html, "data:image/"), 0);
    assert_non_null(strstr(html, "gnuplot not found on PATH"));
    assert_non_null(strstr(html, "run  gnuplot *.gp  in that folder"));
    check_no_nan(html);
    free(html);

    /* Later, with gnuplot: the promised command draws everything. */
    snprintf(cmd, sizeof cmd, "cd %s && gnuplot *.gp 2> gnuplot-stderr.txt", fx.dir);
    assert_int_equal(system(cmd), 0);
    log = read_in(fx.dir, "gnuplot-stderr.txt");
    assert_non_null(log);
    if (log[0])
        fail_msg("gnuplot *.gp wrote to standard error:\n%s", log);
    free(log);
    for (int p = 0; p < CYLCH_NPLOT; p++) {
        check_png(fx.dir, cylch_plots_name(p));
        check_svg(fx.dir, cylch_plots_name(p));
    }
    free(saved);
    unload(&fx);
}

/* render = 0 (for callers that draw later): data and scripts, no gnuplot, no message. */
static void test_render_off(void **state)
{
    (void)state;
    fixture fx;
    cylch_plots_status st;
    cylch_error err;
    load(&fx, "scenarios/toy-town.ini", 0);
    cylch_error_clear(&err);
    assert_int_equal(cylch_plots_write(fx.dir, SCRIPTS, &fx.run, 0, &st, &err), CYLCH_OK);
    assert_int_equal(st.written, 5);
    assert_int_equal(st.drawn, 0);
    assert_string_equal(st.message, "");
    assert_int_equal(st.plot[CYLCH_PLOT_ROUNDS].state, CYLCH_PLOT_WRITTEN);
    assert_int_equal(st.plot[CYLCH_PLOT_CONVERGENCE].state, CYLCH_PLOT_SKIPPED);
    assert_true(exists_in(fx.dir, "rounds.dat"));
    assert_false(exists_in(fx.dir, "rounds.png"));
    assert_false(exists_in(fx.dir, "convergence.dat"));
    {
        /* --no-plots: the report says the plots were not made. */
        char *html = write_report(&fx, NULL);
        assert_non_null(strstr(html, "--no-plots"));
        assert_int_equal(count(html, "data:image/"), 0);
        free(html);
    }
    unload(&fx);
}

/* A script that gnuplot refuses: that plot fails, is reported with gnuplot's
 * message and leaves no image; the others are drawn; it is not an error. */
static void test_failing_script(void **state)
{
    (void)state;
    fixture fx;
    cylch_plots_status st;
    cylch_error err;
    char scripts[] = "/tmp/cylch-test-scripts-XXXXXX", *html;
    assert_non_null(mkdtemp(scripts));
    for (int p = -1; p < CYLCH_NPLOT; p++) {
        char name[64], *text;
        snprintf(name, sizeof name, "%s.gp", p < 0 ? "style" : cylch_plots_name(p));
        text = read_in(SCRIPTS, name);
        assert_non_null(text);
                /* The PNG is opened before the error: a half image must not be left. */
        write_text(scripts, name, p == CYLCH_PLOT_LEAKAGE ? "load 'style.gp'\nset terminal pngcairo\n"
                   "set output 'leakage.png'\nplot 'leakage.dat' using 2 with nosuchstyle\n" : text);
        free(text);
    }
    load(&fx, "scenarios/toy-town.ini", 0);
    cylch_error_clear(&err);
    assert_int_equal(cylch_plots_write(fx.dir, scripts, &fx.run, 1, &st, &err), CYLCH_OK);
    assert_int_equal(st.failed, 1);
    assert_int_equal(st.drawn, 4);
    assert_int_equal(st.plot[CYLCH_PLOT_LEAKAGE].state, CYLCH_PLOT_FAILED);
    assert_int_not_equal(st.plot[CYLCH_PLOT_LEAKAGE].exit_status, 0);
    assert_true(st.plot[CYLCH_PLOT_LEAKAGE].log_len > 0);
    assert_non_null(strstr(st.message, "could not draw leakage.gp (exit status 1): \"leakage.gp\" line 4: "));
    assert_false(exists_in(fx.dir, "leakage.png"));
    assert_false(exists_in(fx.dir, "leakage.svg"));
    check_png(fx.dir, "rounds");
    html = write_report(&fx, &st);
    assert_int_equal(count(html, "data:image/"), 4);
    assert_null(strstr(html, "id=\"plot-leakage\""));
    assert_non_null(strstr(html, "could not draw leakage.gp"));
    free(html);
    unload(&fx);
    rm_flat(scripts);
}

static void test_missing_scripts(void **state)
{
    (void)state;
    fixture fx;
    cylch_plots_status st;
    cylch_error err;
    load(&fx, "scenarios/toy-town.ini", 0);
    cylch_error_clear(&err);
    assert_int_equal(cylch_plots_write(fx.dir, "/nonexistent/cylch-plots", &fx.run, 1, &st, &err), CYLCH_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/cylch-plots/style.gp"));
    assert_non_null(strstr(err.msg, "CYLCH_PLOTS"));
    cylch_error_clear(&err);
    assert_int_equal(cylch_plots_write(NULL, SCRIPTS, &fx.run, 1, &st, &err), CYLCH_EINPUT);
    cylch_error_clear(&err);
    assert_int_equal(cylch_report_write(fx.dir, NULL, NULL, &err), CYLCH_EINPUT);
    unload(&fx);
}

static void test_find_scripts(void **state)
{
    (void)state;
    char buf[1024];
    cylch_error err;
    const char *old = getenv("CYLCH_PLOTS");
    char *saved = old ? strdup(old) : NULL;
    int rc;
    assert_int_equal(setenv("CYLCH_PLOTS", "plots", 1), 0);
    cylch_error_clear(&err);
    assert_int_equal(cylch_plots_find_scripts(buf, sizeof buf, &err), CYLCH_OK);
    assert_string_equal(buf, "plots");
    assert_int_equal(setenv("CYLCH_PLOTS", "/nonexistent", 1), 0);
    assert_int_equal(cylch_plots_find_scripts(buf, sizeof buf, &err), CYLCH_EIO);
    assert_non_null(strstr(err.msg, "CYLCH_PLOTS is /nonexistent"));
    assert_int_equal(cylch_plots_find_scripts(buf, 0, &err), CYLCH_EINPUT);
    unsetenv("CYLCH_PLOTS");
    /* From the executable: built in the source tree (build/tests/test_plots), the tree's plots/. */
    cylch_error_clear(&err);
    rc = cylch_plots_find_scripts(buf, sizeof buf, &err);
    if (rc == CYLCH_OK) {
        char *style = read_in(buf, "style.gp"), *rounds = read_in(buf, "rounds.gp");
        assert_non_null(style);
        assert_non_null(rounds);
        free(style);
        free(rounds);
    } else {
        assert_int_equal(rc, CYLCH_EIO);
        assert_non_null(strstr(err.msg, "set CYLCH_PLOTS"));
    }
    {
        char exe[1024];
        ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (k > 0) {
            exe[k] = '\0';
            if (strstr(exe, "/build/tests/") || strstr(exe, "/build/san/tests/")) {
                assert_int_equal(rc, CYLCH_OK);
                assert_non_null(strstr(buf, "/plots"));
            }
        }
    }
    if (saved) {
        setenv("CYLCH_PLOTS", saved, 1);
        free(saved);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toy_town_point),
        cmocka_unit_test(test_bro_ffestiniog_draws),
        cmocka_unit_test(test_awkward_names),
        cmocka_unit_test(test_no_gnuplot),
        cmocka_unit_test(test_render_off),
        cmocka_unit_test(test_failing_script),
        cmocka_unit_test(test_missing_scripts),
        cmocka_unit_test(test_find_scripts),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
