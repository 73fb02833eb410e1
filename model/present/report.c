/* cylch — report.html: a self-contained, printable page about a run, with the
 * plots embedded as base64 data: URIs and every user string HTML-escaped. */
#include "cylch/present/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cylch/core/dist.h"
#include "cylch/io/format.h"
#include "cylch/io/lang.h"
#include "cylch/io/results.h"
#include "cylch/io/text.h"
#include "cylch/present/files.h"
#include "cylch/present/industries.h"
#include "cylch/core/economy.h"
#include "cylch/present/summary.h"

#ifndef CYLCH_VERSION
#define CYLCH_VERSION "0.0.0"
#endif

/* ------------------------------------------------------------ text helpers */

/* s HTML-escaped (n bytes of it): & < > " ' become entities. */
static void esc_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        switch (s[i]) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(s[i], f);
        }
    }
}

static void esc(FILE *f, const char *s)
{
    esc_n(f, s ? s : "", (size_t)-1);
}

/* "<tag>s</tag>" with s HTML-escaped, into buf (cut short, whole characters, with
 * "…" when it does not fit): a user's text inside a translated sentence. tag is a
 * plain element name ("code", "b"). */
static const char *tagged_html(const char *tag, const char *s, char *buf, size_t len)
{
    size_t n, close = strlen(tag) + 3 + sizeof "…";
    int cut = 0;
    buf[0] = '\0';
    if (len < 2 * close + 8)
        return buf;
    n = (size_t)snprintf(buf, len, "<%s>", tag);
    for (const char *p = s ? s : ""; *p; p++) {
        const char *e;
        char one[2] = {*p, '\0'};
        switch (*p) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&#39;"; break;
        default: e = one;
        }
        if (n + strlen(e) + close + 1 > len) {
            while (((unsigned char)buf[n - 1] & 0xC0) == 0x80)
                n--;   /* never half a UTF-8 character */
            if ((unsigned char)buf[n - 1] >= 0xC0)
                n--;
            cut = 1;
            break;
        }
        memcpy(buf + n, e, strlen(e) + 1);
        n += strlen(e);
    }
    snprintf(buf + n, len - n, "%s</%s>", cut ? "…" : "", tag);
    return buf;
}

static const char *code_html(const char *s, char *buf, size_t len)
{
    return tagged_html("code", s, buf, len);
}

/* open, then text (a translated message, which may hold inline markup such as
 * <b> or <code>, so it is not escaped), then close. */
static void el(FILE *f, const char *open, const char *text, const char *close)
{
    fputs(open, f);
    fputs(text, f);
    fputs(close, f);
}

/* £ for people ("£2.72", "98p", "£1.73M"); "no value" when not finite. */
static const char *money(double v, char *buf, size_t len)
{
    cylch_format_money(v, buf, len);
    return buf;
}

/* A number with up to 4 significant digits, "no value" when not finite. */
static const char *num(double v, char *buf, size_t len)
{
    if (isfinite(v))
        snprintf(buf, len, "%.3g", v);
    else
        snprintf(buf, len, "%s", _("no value"));
    return buf;
}


/* " (90% range £a–£b)" for headline entry h, "" without draws. */
static const char *range_of(const cylch_plots_run *run, int h, char *buf, size_t len)
{
    char a[32], b[32];
    buf[0] = '\0';
    if (cylch_plots_run_has_draws(run) && isfinite(run->stats[h].p5) && isfinite(run->stats[h].p95))
        snprintf(buf, len, _(" (90%% range %s–%s)"), money(run->stats[h].p5, a, sizeof a),
                 money(run->stats[h].p95, b, sizeof b));
    return buf;
}

/* FTE for people, by the rule the terminal uses too (cylch_format_fte). */
static const char *fte_text(double v, char *buf, size_t len)
{
    cylch_format_fte(v, buf, len);
    return buf;
}

/* ", 90% range £a–£b" for headline entry h, "" without draws. */
static const char *range_in(const cylch_plots_run *run, int h, char *buf, size_t len)
{
    char a[32], b[32];
    buf[0] = '\0';
    if (cylch_plots_run_has_draws(run) && isfinite(run->stats[h].p5) && isfinite(run->stats[h].p95))
        snprintf(buf, len, _(", 90%% range %s–%s"), money(run->stats[h].p5, a, sizeof a),
                 money(run->stats[h].p95, b, sizeof b));
    return buf;
}

/* " (90% range a–b FTE)" for jobs. */
static const char *jobs_range(const cylch_plots_run *run, int h, char *buf, size_t len)
{
    char a[32], b[32];
    buf[0] = '\0';
    if (cylch_plots_run_has_draws(run) && isfinite(run->stats[h].p5) && isfinite(run->stats[h].p95))
        snprintf(buf, len, _(" (90%% range %s–%s FTE)"), fte_text(run->stats[h].p5, a, sizeof a),
                 fte_text(run->stats[h].p95, b, sizeof b));
    return buf;
}

static const char *const source_title[CYLCH_NSRC] = {
    N_("Grant"), N_("Loan or investment"), N_("Trade with customers from outside"), N_("All money from outside"),
    N_("All income (the members' income, less the sales the network itself generates)")
};
static const char *const leak_words[CYLCH_NLEAK] = {
    N_("Wages of staff living outside"), N_("Suppliers outside the area"), N_("Households spending outside"),
    N_("Other local businesses' own spending outside"), N_("Members' tax, surpluses and other costs outside")
};

/* Plain-English meaning of each place parameter (cylch_place_param order). */
static const char *const place_words[CYLCH_NPLACE] = {
    N_("Share of a member's gross wage bill that reaches its staff's households"),
    N_("Share of each £1 of household spending made in the area"),
    N_("Share of households' local spending that goes to member enterprises"),
    N_("Other local businesses: pay to staff living in the area, per £1 of takings"),
    N_("Other local businesses: purchases from other firms in the area, per £1 of takings"),
    N_("Other local businesses: full-time-equivalent jobs per £1M of takings"),
    N_("Flegg's delta: how much smaller the area's local purchases are than its industries' "
       "presence suggests ([economy])")
};

/* Plain-English meaning of an enterprises.csv column. */
static const char *col_words(const char *key)
{
    static const struct { const char *k, *w; } t[] = {
        {"employees_fte", N_("staff, full-time equivalent")},
        {"grant", N_("grant income, £ a year")},
        {"loan", N_("loan and investment income, £ a year")},
        {"trade_local", N_("sales to customers in the area, £ a year")},
        {"trade_external", N_("sales to customers outside the area, £ a year")},
        {"wages", N_("wage bill, £ a year")},
        {"wages_local_share", N_("share of the wage bill paid to staff living in the area")},
        {"purchases", N_("goods and services bought, £ a year")},
        {"purchases_local_share", N_("share of purchases bought in the area")},
        {"other_costs", N_("rent, interest, tax, surplus and other costs, £ a year")},
        {"other_local_share", N_("share of other costs paid in the area")},
        {"members", N_("which members the change applies to")},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].k, key) == 0)
            return _(t[i].w);
    return "";
}

/* ------------------------------------------------------------ images */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(FILE *f, const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        fputc(b64[v >> 18 & 63], f);
        fputc(b64[v >> 12 & 63], f);
        fputc(b64[v >> 6 & 63], f);
        fputc(b64[v & 63], f);
    }
    if (n - i == 1) {
        unsigned v = (unsigned)p[i] << 16;
        fputc(b64[v >> 18 & 63], f);
        fputc(b64[v >> 12 & 63], f);
        fputs("==", f);
    } else if (n - i == 2) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
        fputc(b64[v >> 18 & 63], f);
        fputc(b64[v >> 12 & 63], f);
        fputc(b64[v >> 6 & 63], f);
        fputc('=', f);
    }
}

/* Read dir/name whole (caller frees); NULL with *n = 0 when it is missing. */
static unsigned char *slurp(const char *dir, const char *name, size_t *n, int *eno)
{
    char *path = cylch_path_join(dir, name);
    FILE *in;
    unsigned char *buf = NULL;
    struct stat sb;
    *n = 0;
    *eno = 0;
    if (!path) {
        *eno = ENOMEM;
        return NULL;
    }
    in = fopen(path, "rb");
    free(path);
    if (!in) {
        *eno = errno;
        return NULL;
    }
    if (fstat(fileno(in), &sb) == 0 && sb.st_size > 0 && (buf = malloc((size_t)sb.st_size))) {
        *n = fread(buf, 1, (size_t)sb.st_size, in);
        if (*n != (size_t)sb.st_size) {
            free(buf);
            buf = NULL;
            *n = 0;
            *eno = EIO;
        }
    } else {
        *eno = sb.st_size > 0 ? ENOMEM : EIO;
    }
    fclose(in);
    return buf;
}

static const char *const plot_caption[CYLCH_NPLOT] = {
    /* rounds */
    N_("Each bar is the money received in the area in one round of spending, per £1 that came in. "
    "The green part is re-spent locally and becomes the next round; the rest leaks out of the "
    "area, coloured by where it goes. Adding up the rounds gives the multiplier."),
    /* sources */
    /* xgettext:no-c-format */
    N_("How many pounds of local economic activity each £1 brings, by where it comes from: within "
    "three rounds of spending (LM3) and over time (every round, the Leontief limit). Whiskers show "
    "the 90% range of the Monte Carlo draws."),
    /* distribution */
    N_("The multiplier over time (LM∞) of the headline money in each Monte Carlo draw. Nine draws in ten lie in the shaded range; "
    "the black line is their mean and the dashed line the answer with every input at its reported "
    "value."),
    /* leakage */
    N_("Every £1 leaves the area in the end. Each bar splits the 100p by where it goes, over all rounds "
    "of spending."),
    /* members */
    N_("Each member's own multiplier (what £1 of its income is worth locally, over time) and the pence "
    "of each £1 of its income it spends in the area straight away: wages of staff living locally, "
    "local purchases and other local costs."),
    /* network */
    N_("Trade between members, £ a year: the cell in a buyer's column and a seller's row is what the "
    "buyer pays the seller."),
    /* convergence */
    /* xgettext:no-c-format */
    N_("The mean of the multiplier over time (LM∞) of the headline money as draws are added, with its 95% band. A narrow, flat band "
    "at the end means more draws would not change the answer.")
};

/* An SVG larger than this (a heat map of a big network, drawn cell by cell)
 * is embedded as its PNG instead, to keep the report small enough to mail. */
#define SVG_MAX_BYTES (2u << 20)

/* One <figure> with the image name.svg (or name.png) read from dir (SVG
 * preferred: it prints sharply), its title and caption. */
static int write_figure_named(FILE *f, const char *dir, const char *base, const char *title,
                              const char *caption, int number, cylch_error *err)
{
    char name[160];
    const char *mime = "image/svg+xml";
    size_t n;
    int eno;
    unsigned char *img;
    snprintf(name, sizeof name, "%s.svg", base);
    img = slurp(dir, name, &n, &eno);
    if (img && n > SVG_MAX_BYTES) {
        free(img);
        img = NULL;
    }
    if (!img) {
        mime = "image/png";
        snprintf(name, sizeof name, "%s.png", base);
        img = slurp(dir, name, &n, &eno);
    }
    if (!img)
        return cylch_error_set(err, eno == ENOMEM ? CYLCH_ENOMEM : CYLCH_EIO,
                               "cannot read the plot %s/%s for the report: %s", dir, name,
                               cylch_errno_text(eno ? eno : EIO));
    fputs("<figure id=\"plot-", f);
    esc(f, base);
    fputs("\">\n<img alt=\"", f);
    esc(f, title);
    fprintf(f, "\" src=\"data:%s;base64,", mime);
    base64(f, img, n);
    fputs("\">\n<figcaption><b>", f);
    fprintf(f, _("Figure %d."), number);
    fputc(' ', f);
    esc(f, title);
    fputs(".</b> ", f);
    esc(f, caption);
    fputs("</figcaption>\n</figure>\n", f);
    free(img);
    return CYLCH_OK;
}

/* One <figure> with plot p read from dir. */
static int write_figure(FILE *f, const char *dir, int p, int number, cylch_error *err)
{
    return write_figure_named(f, dir, cylch_plots_name(p), _(cylch_plots_title(p)), _(plot_caption[p]),
                              number, err);
}

/* ------------------------------------------------------------ the scenario's assumptions */

/* A growing string. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *q;
        while (cap < b->n + n + 1)
            cap *= 2;
        if (!(q = realloc(b->p, cap))) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_clear(sbuf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

static const char *sb_str(const sbuf *b)
{
    return b->p && b->n ? b->p : "";
}

static const char *trim_left(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

static const char *trim_right(const char *s, const char *end)
{
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    return end;
}

enum { SEC_NONE, SEC_SCENARIO, SEC_PLACE, SEC_UNCERTAINTY, SEC_CHANGE, SEC_OTHER };

typedef struct assume_state {
    FILE *f;
    const cylch_scenario *s;
    int sec;
    int table_open;
    int keys;           /* keys seen in this section */
    sbuf intro, pending, about;
} assume_state;

static void write_paragraphs(FILE *f, const char *cls, const char *text)
{
    if (!*text)
        return;
    fprintf(f, "<p class=\"%s\">", cls);
    for (const char *p = text; *p;) {
        const char *e = strstr(p, "\n\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        esc_n(f, p, n);
        if (!e)
            break;
        fprintf(f, "</p>\n<p class=\"%s\">", cls);
        p = e + 2;
    }
    fputs("</p>\n", f);
}

static void open_table(assume_state *a)
{
    FILE *f = a->f;
    if (a->table_open)
        return;
    write_paragraphs(f, "note", sb_str(&a->intro));
    el(f, "<table class=\"assume\"><thead><tr><th>", _("What"), "</th>");
    el(f, "<th>", _("As written"), "</th>");
    if (a->sec == SEC_PLACE) {
        el(f, "<th class=\"n\">", _("Best estimate"), "</th>");
        /* xgettext:no-c-format */
        el(f, "<th class=\"n\">", _("90% of draws"), "</th>");
    }
    fputs("</tr></thead>\n", f);
    a->table_open = 1;
}

/* The best estimate and 90% range cells of place parameter p. */
static void place_cells(FILE *f, const cylch_dist *d)
{
    char b1[32], b2[32], b3[32];
    fprintf(f, "<td class=\"n\">%s</td><td class=\"n\">", num(cylch_dist_point(d, 0.0), b1, sizeof b1));
    if (cylch_dist_is_fixed(d))
        fputs(_("fixed"), f);
    else
        fprintf(f, "%s–%s", num(cylch_dist_quantile(d, 0.0, 0.05), b2, sizeof b2),
                num(cylch_dist_quantile(d, 0.0, 0.95), b3, sizeof b3));
    fputs("</td>", f);
}

/* Close the section being written: its table, and comments after its last key. */
static void section_end(assume_state *a)
{
    FILE *f = a->f;
    if (a->sec == SEC_PLACE) {
        /* Parameters the file leaves out take their defaults: show them too. */
        for (int p = 0; p < CYLCH_NPLACE; p++)
            if (a->s->place_line[p] == 0 &&
                /* delta belongs to [economy]; with it, B's supply share and jobs are unused */
                (a->s->economy ? p != CYLCH_P_BUSINESS_LOCAL_SUPPLY_SHARE &&
                                     p != CYLCH_P_JOBS_PER_MILLION && p != CYLCH_P_ECONOMY_DELTA
                               : p != CYLCH_P_ECONOMY_DELTA)) {
                char text[CYLCH_DIST_TEXT_MAX];
                open_table(a);
                cylch_dist_format(&a->s->place[p], text, sizeof text);
                fprintf(f, "<tbody><tr class=\"key\"><td><code>%s</code><br><span class=\"what\">",
                        cylch_place_name(p));
                esc(f, _(place_words[p]));
                fputs("</span></td><td>", f);
                esc(f, text);
                fputc(' ', f);
                el(f, "", _("(not in the file: cylch's default)"), "</td>");
                place_cells(f, &a->s->place[p]);
                fputs("</tr></tbody>\n", f);
            }
    }
    if (a->sec == SEC_PLACE || a->sec == SEC_UNCERTAINTY || a->sec == SEC_CHANGE) {
        if (!a->table_open)
            write_paragraphs(f, "note", sb_str(&a->intro));
        if (a->table_open)
            fputs("</table>\n", f);
        write_paragraphs(f, "note", sb_str(&a->pending));
    }
    a->table_open = 0;
    a->keys = 0;
    sb_clear(&a->intro);
    sb_clear(&a->pending);
}

static void section_begin(assume_state *a, const char *name, size_t n)
{
    FILE *f = a->f;
    section_end(a);
    if (n == 8 && memcmp(name, "scenario", 8) == 0) {
        a->sec = SEC_SCENARIO;
    } else if (n == 5 && memcmp(name, "place", 5) == 0) {
        a->sec = SEC_PLACE;
        el(f, "<h3>", _("The place"), "</h3>\n");
        el(f, "<p>", _("How money behaves once it is in the area: what households and other local "
                       "businesses do with it. A distribution is a range of plausible values; the best "
                       "estimate uses its most likely value."), "</p>\n");
    } else if (n == 11 && memcmp(name, "uncertainty", 11) == 0) {
        a->sec = SEC_UNCERTAINTY;
        el(f, "<h3>", _("Uncertainty about the members' figures"), "</h3>\n");
        el(f, "<p>", _("A range around the value each member reported, for each column named (sd: "
                       "standard deviation, in the column's units)."), "</p>\n");
    } else if (n >= 6 && memcmp(name, "change", 6) == 0) {
        a->sec = SEC_CHANGE;
        el(f, "<h3>", _("A change to the network:"), " ");
        esc_n(f, name + 6, n - 6);
        el(f, "</h3>\n<p>", _("Applied to the members' figures before the run (<code>*k</code> multiplies, "
                               "<code>+d</code> adds, a plain number replaces)."), "</p>\n");
    } else {
        a->sec = SEC_OTHER;
    }
}

/* One key = value line of a shown section. */
static void key_line(assume_state *a, const char *k, size_t kn, const char *v, size_t vn,
                     const char *inl, size_t inln)
{
    FILE *f = a->f;
    char key[64];
    if (a->sec != SEC_PLACE && a->sec != SEC_UNCERTAINTY && a->sec != SEC_CHANGE)
        return;
    snprintf(key, sizeof key, "%.*s", (int)(kn < 63 ? kn : 63), k);
    open_table(a);
    /* One <tbody> per key, so that a key and its reasoning stay on one page. */
    fputs("<tbody><tr class=\"key\"><td><code>", f);
    esc(f, key);
    fputs("</code>", f);
    if (a->sec == SEC_PLACE) {
        int p = cylch_place_find(key);
        if (p >= 0) {
            fputs("<br><span class=\"what\">", f);
            esc(f, _(place_words[p]));
            fputs("</span>", f);
        }
        fputs("</td><td><code>", f);
        esc_n(f, v, vn);
        fputs("</code></td>", f);
        if (p >= 0) {
            place_cells(f, &a->s->place[p]);
        } else {
            fputs("<td></td><td></td>", f);
        }
    } else {
        const char *w = col_words(key);
        if (*w) {
            fputs("<br><span class=\"what\">", f);
            esc(f, w);
            fputs("</span>", f);
        }
        fputs("</td><td><code>", f);
        esc_n(f, v, vn);
        fputs("</code></td>", f);
    }
    fputs("</tr>\n", f);
    if (a->pending.n || inln) {
        fprintf(f, "<tr class=\"why\"><td colspan=\"%d\">", a->sec == SEC_PLACE ? 4 : 2);
        esc(f, sb_str(&a->pending));
        if (inln) {
            if (a->pending.n)
                fputc(' ', f);
            esc_n(f, inl, inln);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n", f);
    sb_clear(&a->pending);
}

/* The [place], [uncertainty] and [change] sections of the scenario's text,
 * each key with the comments above it (where the scenario gives its
 * sources). The comments before the first section describe the scenario. */
static int write_assumptions(FILE *f, const cylch_scenario *s, cylch_error *err)
{
    assume_state a;
    const char *text = s->text ? s->text : "", *line = text;
    int blank_before = 0, oom;
    memset(&a, 0, sizeof a);
    a.f = f;
    a.s = s;
    a.sec = SEC_NONE;
    while (*line) {
        const char *eol = strchr(line, '\n'), *end = eol ? eol : line + strlen(line);
        const char *b = trim_left(line, end), *e = trim_right(b, end);
        if (b == e) {
            /* A blank line after comments and before any key: those comments are about the
             * section (or, before any section, the scenario) rather than the next key. */
            if (a.pending.n && a.keys == 0) {
                sbuf *to = a.sec == SEC_NONE ? &a.about : &a.intro;
                if (to->n)
                    sb_add(to, "\n\n", 2);
                sb_add(to, a.pending.p, a.pending.n);
                sb_clear(&a.pending);
            } else if (a.pending.n) {
                blank_before = 1;
            }
        } else if (*b == ';' || *b == '#') {
            const char *c = trim_left(b + 1, e);
            if (a.pending.n)
                sb_add(&a.pending, blank_before ? "\n\n" : " ", blank_before ? 2 : 1);
            sb_add(&a.pending, c, (size_t)(e - c));
            blank_before = 0;
        } else if (*b == '[') {
            const char *close = memchr(b, ']', (size_t)(e - b));
            const char *nb = b + 1, *ne = close ? close : e;
            if (a.sec == SEC_NONE && a.pending.n) {
                if (a.about.n)
                    sb_add(&a.about, "\n\n", 2);
                sb_add(&a.about, a.pending.p, a.pending.n);
                sb_clear(&a.pending);
                write_paragraphs(f, "about", sb_str(&a.about));
            } else if (a.sec == SEC_NONE) {
                write_paragraphs(f, "about", sb_str(&a.about));
            }
            section_begin(&a, nb, (size_t)(ne - nb));
            blank_before = 0;
        } else {
            const char *eq = memchr(b, '=', (size_t)(e - b));
            const char *kb = b, *ke = eq ? trim_right(b, eq) : e;
            const char *vb = eq ? trim_left(eq + 1, e) : e, *ve = e, *ib = NULL, *ie = NULL;
            /* An inline comment: ';' after a blank, as libinih reads it. */
            for (const char *p = vb; p < ve; p++)
                if (*p == ';' && p > vb && (p[-1] == ' ' || p[-1] == '\t')) {
                    ib = trim_left(p + 1, e);
                    ie = e;
                    ve = trim_right(vb, p);
                    break;
                }
            key_line(&a, kb, (size_t)(ke - kb), vb, (size_t)(ve - vb), ib, ib ? (size_t)(ie - ib) : 0);
            if (a.sec == SEC_SCENARIO || a.sec == SEC_OTHER)
                sb_clear(&a.pending);
            a.keys++;
            blank_before = 0;
        }
        line = eol ? eol + 1 : end;
    }
    if (a.sec == SEC_NONE)
        write_paragraphs(f, "about", sb_str(&a.about));
    section_end(&a);
    oom = a.intro.oom || a.pending.oom || a.about.oom;
    free(a.intro.p);
    free(a.pending.p);
    free(a.about.p);
    return oom ? cylch_error_set(err, CYLCH_ENOMEM, "out of memory") : CYLCH_OK;
}

/* ------------------------------------------------------------ the page */

static const char css[] =
    "@page { size: A4; margin: 15mm 14mm 16mm; }\n"
    "html { background: #fff; }\n"
    "body { font-family: 'DejaVu Sans', 'Noto Sans', 'Liberation Sans', Arial, sans-serif;\n"
    "  font-size: 10.5pt; line-height: 1.45; color: #222; max-width: 182mm; margin: 0 auto;\n"
    "  padding: 10mm 6mm; }\n"
    "h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 2mm; color: #003a5c; }\n"
    "h2 { font-size: 14pt; color: #003a5c; border-bottom: 2px solid #0072B2; padding-bottom: 1mm;\n"
    "  margin: 9mm 0 3mm; break-after: avoid; page-break-after: avoid; }\n"
    "h3 { font-size: 11.5pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }\n"
    "p { margin: 0 0 2.5mm; }\n"
    ".sub { color: #555; }\n"
    ".headline { font-size: 14pt; line-height: 1.35; background: #eef6fb; border-left: 6px solid #0072B2;\n"
    "  padding: 3mm 4mm; margin: 4mm 0; break-inside: avoid; }\n"
    ".headline strong { color: #003a5c; }\n"
    "ul.sentences li { margin-bottom: 1.5mm; }\n"
    "figure { margin: 5mm 0 7mm; break-inside: avoid; page-break-inside: avoid; }\n"
    "figure img { display: block; width: 100%; height: auto; border: 1px solid #e2e2e2; }\n"
    "figcaption { font-size: 9.5pt; color: #444; margin-top: 1.5mm; }\n"
    "table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0 4mm; }\n"
    "thead { display: table-header-group; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "th { text-align: left; vertical-align: bottom; border-bottom: 1.5px solid #555; padding: 1mm 1.5mm; }\n"
    "td { vertical-align: top; border-bottom: 1px solid #ddd; padding: 1mm 1.5mm; }\n"
    "th.n { text-align: right; }\n"
    "td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
    "tr.total td { font-weight: bold; border-top: 1.5px solid #555; }\n"
    "table.quote td:first-child { width: 62%; }\n"
    "table.assume tbody { break-inside: avoid; page-break-inside: avoid; }\n"
    "table.assume tr.key td { border-bottom: none; padding-bottom: 0.5mm; }\n"
    "table.assume tr.why td { font-size: 8.5pt; color: #333; padding: 0 1.5mm 2mm 6mm; }\n"
    "table.assume td:first-child { width: 45%; }\n"
    "table.assume .what { font-size: 8.5pt; color: #555; }\n"
    "code, pre { font-family: 'DejaVu Sans Mono', 'Noto Sans Mono', monospace; font-size: 8.5pt; }\n"
    "pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; border: 1px solid #e2e2e2;\n"
    "  padding: 3mm; }\n"
    "pre.cmd { font-size: 9.5pt; }\n"
    ".note, .about { color: #333; }\n"
    ".missing { color: #a04000; font-weight: bold; }\n"
    ".warn { background: #fff4e0; border-left: 6px solid #E69F00; padding: 2mm 4mm; }\n"
    "section.plots, section.appendix { break-before: page; page-break-before: always; }\n"
    "#reproduce { break-inside: avoid; page-break-inside: avoid; }\n"
    "@media print {\n"
    "  body { padding: 0; max-width: none; font-size: 10pt; }\n"
    "  a { color: inherit; }\n"
    "  /* Two figures to an A4 page: 1200×800 images 150 mm wide are 100 mm tall. */\n"
    "  figure img { width: 150mm; margin: 0 auto; }\n"
    "  figure { margin: 3mm 0 5mm; }\n"
    "}\n";

/* Shell-quote path for the "reproduce" command when it needs it. */
static void shell_word(FILE *f, const char *s)
{
    int plain = *s != '\0';
    for (const char *p = s; *p; p++)
        if (!(strchr("-_./+,:@%", *p) || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z') || (unsigned char)*p >= 0x80))
            plain = 0;
    if (plain) {
        esc(f, s);
        return;
    }
    fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else
            esc_n(f, p, 1);
    }
    fputc('\'', f);
}

/* One row of the figures to quote: what (a translated message, inline markup
 * allowed) and its value with an optional range. */
static void quote_row(FILE *f, const char *what, const char *value, const char *range)
{
    el(f, "<tr><td>", what, "</td>");
    fprintf(f, "<td class=\"n\">%s%s</td></tr>\n", value, range ? range : "");
}

static void write_headline(FILE *f, const cylch_plots_run *run)
{
    const cylch_result *r = run->r;
    const cylch_network *net = run->net;
    int h = cylch_result_headline_index(r), hs = h / CYLCH_NQ;
    char a[32], b[32], c[32], rg[96], rg2[96], what[512];
    double fte = 0.0, wages = 0.0, wages_local = 0.0, purch = 0.0, purch_local = 0.0;

    el(f, "<section id=\"headline\">\n<h2>", _("The case in numbers"), "</h2>\n");
    /* LM3, the figure funders know, leads; the Leontief limit ("over time") stands beside it. */
    fputs("<p class=\"headline\">", f);
    fprintf(f, _("Every £1 %s is worth <strong>%s</strong> to the local economy within three rounds of "
                 "spending (LM3%s), and <strong>%s</strong> over time (LM∞%s)."),
            cylch_summary_source_phrase(hs), money(r->src[hs].lm3, a, sizeof a),
            range_in(run, CYLCH_HEAD(hs, CYLCH_Q_LM3), rg, sizeof rg),
            money(cylch_result_headline(r, h), b, sizeof b), range_in(run, h, rg2, sizeof rg2));
    fputs("</p>\n<ul class=\"sentences\">\n", f);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        if (!(sr->injection > 0.0) || s == CYLCH_SRC_EXTERNAL)
            continue;
        fputs("<li>", f);
        fprintf(f, _("Every £1 %s is worth %s within three rounds of spending%s, and %s over time%s; %s of "
                     "it is spent in the area at once."),
                cylch_summary_source_phrase(s), money(sr->lm3, a, sizeof a),
                range_of(run, CYLCH_HEAD(s, CYLCH_Q_LM3), rg, sizeof rg),
                money(sr->lm_inf, b, sizeof b), range_of(run, CYLCH_HEAD(s, CYLCH_Q_LM_INF), rg2, sizeof rg2),
                money(r->K >= 2 ? sr->rounds[1] / sr->injection : NAN, c, sizeof c));
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);

    /* The seed-style figures. */
    for (size_t i = 0; i < net->n; i++) {
        const double *v = net->m[i].v;
        fte += v[CYLCH_COL_FTE];
        wages += v[CYLCH_COL_WAGES];
        wages_local += v[CYLCH_COL_WAGES] * v[CYLCH_COL_WAGES_LOCAL_SHARE];
        purch += v[CYLCH_COL_PURCHASES];
        purch_local += v[CYLCH_COL_PURCHASES] * v[CYLCH_COL_PURCHASES_LOCAL_SHARE];
    }
    el(f, "<h3>", _("Figures to quote"), "</h3>\n<table class=\"quote\"><tbody>\n");
    for (int s = CYLCH_SRC_GRANT; s <= CYLCH_SRC_LOAN; s++)
        if (r->src[s].injection > 0.0 && r->K >= 2) {
            snprintf(what, sizeof what, _("Of each £1 %s, spent in the area at once (wages of local staff, "
                                          "local purchases and costs)"), cylch_summary_source_phrase(s));
            quote_row(f, what, money(r->src[s].rounds[1] / r->src[s].injection, a, sizeof a), NULL);
        }
    if (isfinite(r->round2_local_share_grant_loan))
        quote_row(f, _("Of each £1 of grant and loan together, spent in the area at once"),
                  money(r->round2_local_share_grant_loan, a, sizeof a),
                  range_of(run, CYLCH_HEAD_R2GL, rg, sizeof rg));
    if (wages > 0.0)
        quote_row(f, _("Of each £1 of the members' wage bill, paid to staff living in the area"),
                  money(wages_local / wages, a, sizeof a), NULL);
    {
        const cylch_dist *d = &run->s->place[CYLCH_P_HOUSEHOLD_LOCAL_SPEND];
        double hl = cylch_dist_point(d, 0.0);
        rg[0] = '\0';
        if (!cylch_dist_is_fixed(d))
            snprintf(rg, sizeof rg, _(" (90%% range %s–%s)"), money(cylch_dist_quantile(d, 0.0, 0.05), a, sizeof a),
                     money(cylch_dist_quantile(d, 0.0, 0.95), b, sizeof b));
        quote_row(f, _("Of each £1 of pay, spent in the area by staff's households "
                       "(<code>household_local_spend</code>, an assumption of the scenario)"),
                  money(hl, a, sizeof a), rg);
    }
    if (purch > 0.0)
        quote_row(f, _("Of each £1 the members spend on goods and services, bought in the area"),
                  money(purch_local / purch, a, sizeof a), NULL);
    snprintf(what, sizeof what, _("Local households' income supported each year by all the members' income "
                                  "(%s a year)"), money(r->src[CYLCH_SRC_INCOME].injection, b, sizeof b));
    quote_row(f, what, money(r->src[CYLCH_SRC_INCOME].local_wages, a, sizeof a),
              range_of(run, CYLCH_HEAD(CYLCH_SRC_INCOME, CYLCH_Q_LOCAL_WAGES), rg, sizeof rg));
    snprintf(what, sizeof what, _("Jobs supported in the area, full-time equivalent: the members' own %s and "
                                  "those their local spending supports in other local businesses"),
             fte_text(fte, a, sizeof a));
    snprintf(c, sizeof c, _("%s FTE"), fte_text(r->src[CYLCH_SRC_INCOME].jobs, b, sizeof b));
    quote_row(f, what, c, jobs_range(run, CYLCH_HEAD(CYLCH_SRC_INCOME, CYLCH_Q_JOBS), rg, sizeof rg));
    snprintf(what, sizeof what, _("Counting only the members' spending, not households' re-spending (the "
                                  "cautious Type I figure: businesses only), every £1 %s is worth"), cylch_summary_source_phrase(hs));
    quote_row(f, what, money(r->src[hs].lm_inf_type1, a, sizeof a),
              range_of(run, CYLCH_HEAD(hs, CYLCH_Q_LM_INF_TYPE1), rg, sizeof rg));
    if (isfinite(r->src[hs].output_type2)) {
        snprintf(c, sizeof c, _("%.2f and %.2f"), r->src[hs].output_type1, r->src[hs].output_type2);
        quote_row(f, _("As published input-output tables count it (business output only), the output multiplier: "
                       "Type I (businesses only) and Type II (with households' spending)"), c, NULL);
    }
    fputs("</tbody></table>\n<p class=\"note\">", f);
    if (cylch_plots_run_has_draws(run))
        fprintf(f, _("Figures are worked out with every input at its reported or most likely value; a 90%% "
                     "range is where nine in ten of %zu Monte Carlo draws fell (see the method below)."),
                run->mc->done);
    else
        fputs(_("This run made no Monte Carlo draws, so the figures have no ranges: set <code>draws</code> "
                "in the scenario, or run with <code>--draws 20000</code>."), f);
    fputs("</p>\n</section>\n", f);
}

/* With [economy] and single_agent: the single agent's figure beside it, the
 * paired difference, and why (cylch/present/industries.h). */
static void write_single_agent(FILE *f, const cylch_plots_run *run)
{
    const cylch_industries_single *sg = &run->industries->single;
    const double *e = sg->point[1], *b = sg->point[0];
    char path[4200], x[32], y[32], d[32], lo[32], hi[32], r1[32], r2[32], w1[32], w2[32];
    if (!sg->have)
        return;
    code_html(sg->path, path, sizeof path);
    money(e[CYLCH_SINGLE_LM_INF], x, sizeof x);
    money(b[CYLCH_SINGLE_LM_INF], y, sizeof y);
    fputs("<p>", f);
    if (sg->draws > 0 && isfinite(sg->diff[CYLCH_SINGLE_LM_INF][1])) {
        snprintf(d, sizeof d, "%+.1fp", 100 * sg->diff[CYLCH_SINGLE_LM_INF][1]);
        snprintf(lo, sizeof lo, "%+.1fp", 100 * sg->diff[CYLCH_SINGLE_LM_INF][0]);
        snprintf(hi, sizeof hi, "%+.1fp", 100 * sg->diff[CYLCH_SINGLE_LM_INF][2]);
        fprintf(f, _("<b>Beside the single agent.</b> %s, the same network with one agent B for other local "
                     "businesses, was worked out with the same %zu draws, each input the two share drawn the "
                     "same in each draw. Every £1 %s is worth %s over time (LM∞) with the industries, against %s "
                     "with the single agent B; draw by draw the difference is %s (%s to %s in nine draws out of "
                     "ten)."),
                path, sg->draws, cylch_summary_source_phrase(sg->source), x, y, d, lo, hi);
    } else {
        snprintf(d, sizeof d, "%+.1fp", 100 * (e[CYLCH_SINGLE_LM_INF] - b[CYLCH_SINGLE_LM_INF]));
        fprintf(f, _("<b>Beside the single agent.</b> With every input at its reported value, every £1 %s is "
                     "worth %s over time (LM∞) with the industries, against %s with the single agent B of %s: "
                     "a difference of %s."),
                cylch_summary_source_phrase(sg->source), x, y, path, d);
    }
    snprintf(r1, sizeof r1, "%.1fp", 100 * sg->respend[1]);
    snprintf(r2, sizeof r2, "%.1fp", 100 * sg->respend[0]);
    snprintf(w1, sizeof w1, "%.1fp", 100 * sg->wages[1]);
    snprintf(w2, sizeof w2, "%.1fp", 100 * sg->wages[0]);
    fputc(' ', f);
    fprintf(f, _("Why: of each £1 they receive from this money, the industries re-spend %s with other local "
                 "businesses and pay %s in local wages (averaged over the industries by what each receives); "
                 "the single agent B re-spends %s and pays %s. What stays in the area from each later round "
                 "is what differs."),
            r1, w1, r2, w2);
    fputs("</p>\n", f);
}

/* With [economy]: where the money goes by industry (the headline source),
 * the plot when it was drawn, the top 15 in a table, and how this differs from
 * the single agent B. */
static int write_industries(FILE *f, const char *dir, const cylch_plots_run *run, int number,
                            cylch_error *err)
{
    const cylch_industries *ind = run->industries;
    int s = cylch_result_headline_index(run->r) / CYLCH_NQ;
    double inj = ind->injection[s], tot[CYLCH_IND_NQ] = {0};
    size_t order[16], top = 0;
    char path[4200], a[32], b[32];
    struct stat st;
    int rc = CYLCH_OK;
    for (size_t k = 0; k < ind->n; k++)
        for (int q = 0; q < CYLCH_IND_NQ; q++)
            tot[q] += cylch_industries_get(ind, s, k, q);
    /* The 15 largest by local turnover. */
    for (size_t k = 0; k < ind->n; k++) {
        double v = cylch_industries_get(ind, s, k, CYLCH_IND_OUTPUT);
        size_t p = top < 15 ? top++ : 15;
        if (p == 15 && !(v > cylch_industries_get(ind, s, order[14], CYLCH_IND_OUTPUT)))
            continue;
        if (p == 15)
            p = 14;
        while (p > 0 && cylch_industries_get(ind, s, order[p - 1], CYLCH_IND_OUTPUT) < v) {
            order[p] = order[p - 1];
            p--;
        }
        order[p] = k;
    }
    el(f, "<section id=\"industries\">\n<h2>", _("Where the money goes in the local economy, by industry"),
       "</h2>\n<p>");
    {
        char area[1024], table[4200];
        fprintf(f, _("This scenario puts the network inside the local economy of %s: instead of one agent for "
                     "all other local businesses, with three guessed numbers, the money members and households "
                     "spend locally outside the network goes to the industries of a national input-output table "
                     "(%s) made local by %s location quotients. Each industry then re-spends what it buys locally "
                     "by its own column of the regional table, pays wages to local households and supports jobs "
                     "and value added by its own coefficients. Per £1 of the headline money (%s), at the reported "
                     "values, the local economy's industries turn over %s in all, pay %s in local wages, and "
                     "support %.1f jobs per £1M."),
                tagged_html("b", run->s->economy->area, area, sizeof area),
                code_html(run->s->economy->table, table, sizeof table),
                cylch_lq_method_name(run->net->economy->method), _(source_title[s]),
                money(tot[CYLCH_IND_OUTPUT] / inj, a, sizeof a), money(tot[CYLCH_IND_WAGES] / inj, b, sizeof b),
                1e6 * tot[CYLCH_IND_JOBS] / inj);
    }
    fputs("</p>\n", f);
    snprintf(path, sizeof path, "%s/industries.png", dir);
    if (stat(path, &st) == 0)
        rc = write_figure_named(f, dir, "industries", _("Where the money goes, by industry"),
                                _("Local turnover of each industry per £1 of the headline source, the 15 "
                                  "largest and the rest together, in pence. Data: industries.dat; all "
                                  "industries and sources: industries.csv."), number, err);
    el(f, "<table>\n<thead><tr><th>", _("industry"), "</th>");
    el(f, "<th>", _("local turnover per £1"), "</th>");
    el(f, "<th>", _("local wages per £1"), "</th>");
    el(f, "<th>", _("jobs per £1M"), "</th>");
    el(f, "<th>", _("GVA per £1"), "</th></tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < top; r++) {
        size_t k = order[r];
        fputs("<tr><td>", f);
        esc(f, ind->name[k]);
        fprintf(f, "</td><td>%.1fp</td><td>%.1fp</td><td>%.2f</td><td>%.1fp</td></tr>\n",
                100 * cylch_industries_get(ind, s, k, CYLCH_IND_OUTPUT) / inj,
                100 * cylch_industries_get(ind, s, k, CYLCH_IND_WAGES) / inj,
                1e6 * cylch_industries_get(ind, s, k, CYLCH_IND_JOBS) / inj,
                100 * cylch_industries_get(ind, s, k, CYLCH_IND_GVA) / inj);
    }
    el(f, "</tbody>\n</table>\n<p>",
       _("<b>How this differs from the single-agent model.</b> Without <code>[economy]</code>, cylch sends the "
         "same local spending to one agent B that re-spends a guessed share locally "
         "(<code>business_local_supply_share</code>) and pays a guessed share as local wages. Here the "
         "re-spending rests on published data: each industry's national purchases, cut back by how present "
         "the supplying industries are in the area and, with FLQ, by the area's size (a small area buys little "
         "of its inputs locally). Jobs come from the table's employment row (jobs, not full-time equivalents). "
         "Industries absent from the area buy nothing there. The multiplier changes by what this does to the "
         "second and later rounds; the first round, the members' own spending, is unchanged."),
       "</p>\n");
    write_single_agent(f, run);
    fputs("</section>\n", f);
    return rc;
}

static void write_members_table(FILE *f, const cylch_plots_run *run)
{
    const cylch_network *net = run->net;
    const cylch_result *r = run->r;
    double tot_inc = 0.0, tot_gl = 0.0, tot_fte = 0.0;
    char a[32], b[32], c[32], d[32], e[32];
    int has_src = net->source_col >= 0;
    el(f, "<section id=\"members\">\n<h2>", _("The members"), "</h2>\n");
    el(f, "<p>", _("Each member's figures as used in this run (after any changes the scenario makes), its own "
                   "multiplier and the pence of each £1 of its income it spends in the area at once."), "</p>\n");
    el(f, "<table class=\"members\"><thead><tr><th>", _("Member"), "</th>");
    el(f, "<th class=\"n\">", _("Income<br>£ a year"), "</th>");
    el(f, "<th class=\"n\">", _("of which grant<br>and loan"), "</th>");
    el(f, "<th class=\"n\">", _("Staff<br>FTE"), "</th>");
    el(f, "<th class=\"n\">", _("Wages to<br>local staff"), "</th>");
    el(f, "<th class=\"n\">", _("Purchases<br>bought locally"), "</th>");
    el(f, "<th class=\"n\">", _("Spent locally<br>at once, per £1"), "</th>");
    el(f, "<th class=\"n\">", _("Multiplier<br>£ per £1"), "</th>");
    if (has_src)
        el(f, "<th>", _("Source of the figures"), "</th>");
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < net->n; i++) {
        const double *v = net->m[i].v;
        double gl = v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN];
        tot_inc += r->member_income[i];
        tot_gl += gl;
        tot_fte += v[CYLCH_COL_FTE];
        fputs("<tr><td>", f);
        esc(f, net->m[i].name);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                   "<td class=\"n\">%.0f%%</td><td class=\"n\">%.0f%%</td><td class=\"n\">%s</td>"
                   "<td class=\"n\">%s</td>",
                money(r->member_income[i], a, sizeof a), gl > 0 ? money(gl, b, sizeof b) : "–",
                fte_text(v[CYLCH_COL_FTE], e, sizeof e), 100.0 * v[CYLCH_COL_WAGES_LOCAL_SHARE],
                100.0 * v[CYLCH_COL_PURCHASES_LOCAL_SHARE], money(r->member_round2_share[i], c, sizeof c),
                money(r->member_multiplier[i], d, sizeof d));
        if (has_src) {
            const char *src = cylch_network_source(net, i);
            fputs("<td class=\"src\">", f);
            esc(f, src ? src : (net->m[i].line ? "–" : _("added by the scenario")));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("<tr class=\"total\"><td>", f);
    fprintf(f, _("All %zu members"), net->n);
    fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
               "<td class=\"n\">%s</td><td></td><td></td><td class=\"n\">%s</td><td class=\"n\">%s</td>%s</tr>\n",
            money(tot_inc, a, sizeof a), money(tot_gl, b, sizeof b), fte_text(tot_fte, e, sizeof e),
            money(r->K >= 2 ? r->src[CYLCH_SRC_INCOME].rounds[1] / r->src[CYLCH_SRC_INCOME].injection : NAN,
                  c, sizeof c),
            money(r->src[CYLCH_SRC_INCOME].lm_inf, d, sizeof d), has_src ? "<td></td>" : "");
    fputs("</tbody></table>\n</section>\n", f);
}

static void write_rounds_tables(FILE *f, const cylch_plots_run *run)
{
    const cylch_result *r = run->r;
    char a[32];
    el(f, "<section id=\"rounds\">\n<h2>", _("Round by round, and where it leaks"), "</h2>\n");
    el(f, "<p>", _("Money received in the area in each round of spending, per £1 that came in, and the "
                   "multiplier so far (the rounds added up)."), "</p>\n");
    el(f, "<table><thead><tr><th>", _("Money"), "</th>");
    for (size_t k = 0; k < r->K; k++) {
        fputs("<th class=\"n\">", f);
        fprintf(f, _("Round %zu"), k + 1);
        fputs("</th>", f);
    }
    el(f, "<th class=\"n\">", _("Multiplier after<br>these rounds"), "</th>");
    el(f, "<th class=\"n\">", _("Over time<br>(all rounds)"), "</th></tr></thead><tbody>\n");
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        if (!(sr->injection > 0.0))
            continue;
        el(f, "<tr><td>", _(source_title[s]), "</td>");
        for (size_t k = 0; k < r->K; k++)
            fprintf(f, "<td class=\"n\">%s</td>", money(sr->rounds[k] / sr->injection, a, sizeof a));
        fprintf(f, "<td class=\"n\">%s</td>", money(sr->lmk, a, sizeof a));
        fprintf(f, "<td class=\"n\">%s</td></tr>\n", money(sr->lm_inf, a, sizeof a));
    }
    el(f, "</tbody></table>\n<p>", _("Where each £1 leaves the area in the end, over all rounds (pence per £1; "
                                     "every £1 leaks out in the end, so each row adds up to £1)."), "</p>\n");
    el(f, "<table><thead><tr><th>", _("Money"), "</th>");
    for (int d = 0; d < CYLCH_NLEAK; d++)
        el(f, "<th class=\"n\">", _(leak_words[d]), "</th>");
    fputs("</tr></thead><tbody>\n", f);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        if (!(sr->injection > 0.0))
            continue;
        el(f, "<tr><td>", _(source_title[s]), "</td>");
        for (int d = 0; d < CYLCH_NLEAK; d++)
            fprintf(f, "<td class=\"n\">%s</td>", money(sr->leak_total[d] / sr->injection, a, sizeof a));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* The note on the method: paragraphs of one section. */
static void write_method(FILE *f)
{
    el(f, "<section id=\"method\">\n<h2>", _("How cylch works it out"), "</h2>\n");
    el(f, "<p>", _("Money that comes into the network (a grant, a loan, a sale to a customer from outside) is "
                   "spent by the member that receives it: on wages, on goods and services, on rent and other "
                   "costs. Whatever is spent with people and businesses in the area is received again locally "
                   "and spent again; whatever is spent outside the area has left for good. cylch follows each "
                   "£1 through these rounds of spending, using the members' accounts and a table of who spends "
                   "how much with whom (an input-output model of the members, local households and other local "
                   "businesses)."), "</p>\n");
    el(f, "<p>", _("<b>Three rounds, or over time.</b> LM3, the local multiplier 3 of the New Economics "
                   "Foundation, adds up the first three rounds: the £1 itself, what the members spend in the "
                   "area, and what their local staff and suppliers re-spend in the area. Spending goes on after "
                   "the third round, each round smaller than the last; adding up every round gives the figure "
                   "“over time”, which input-output economics calls the Leontief limit. It is always a little "
                   "larger than LM3."), "</p>\n");
    el(f, "<p>", _("<b>Type I and Type II.</b> The main figures (Type II) count households as part of the local "
                   "economy: staff spend their pay in local shops, and that spending goes round again. The Type I "
                   "figure leaves households out, as if wages left the area at once; it is the cautious lower "
                   "figure common in published input-output studies."), "</p>\n");
    /* xgettext:no-c-format */
    el(f, "<p>", _("<b>What the ranges add.</b> Several inputs are estimates rather than accounts: how much of "
                   "their pay households spend locally, how local a supplier really is. The scenario gives a "
                   "range of plausible values for each; cylch draws thousands of combinations of them (a Monte "
                   "Carlo simulation) and works the answer out for each. The 90% range is where nine in ten of "
                   "those answers fall: it shows how much the conclusion depends on the estimates. The members' "
                   "money figures are taken as reported unless the scenario draws them too: a member's income "
                   "with its costs moving with it, and how its spending divides between wages, purchases and "
                   "other costs."), "</p>\n</section>\n");
}

/* What the figures are and are not: a funding panel must not read gross local
 * circulation as the difference the money makes. The words are shared with the
 * workbooks' About sheet (present/workbook.c): given here in English, translated
 * where they are shown. */
const char *cylch_report_caveats_title(void)
{
    return N_("What these figures are, and what they are not");
}

const char *cylch_report_caveats(void)
{
    return N_("These figures measure <b>gross local circulation</b>: how many times the money that reaches "
              "the members goes round the local economy before it leaks away. They are not the "
              "<b>additional impact</b> of a grant or a policy, which would also have to allow for what "
              "would have happened anyway. Three things are left out. <b>Additionality</b>: some of the "
              "activity would happen without this money, paid for in another way. <b>Displacement</b>: some "
              "of the members' trade may be taken from other local businesses rather than being new to the "
              "area. <b>Deadweight</b>: some of the outcome would have come about without the grant or the "
              "policy at all. An appraisal of additional impact (such as the Treasury's Green Book asks "
              "for) takes these away, so the additional local impact is usually smaller than the figures "
              "here.");
}

static void write_caveats(FILE *f)
{
    el(f, "<section id=\"caveats\">\n<h2>", _(cylch_report_caveats_title()), "</h2>\n");
    el(f, "<p>", _(cylch_report_caveats()), "</p>\n</section>\n");
}

time_t cylch_report_run_time(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    if (sde && *sde) {
        char *end;
        long long v;
        errno = 0;
        v = strtoll(sde, &end, 10);
        if (!*end && errno == 0 && v >= 0)
            t = (time_t)v;
    }
    return t;
}

/* The date of the run, "30 November 2026" (UTC): cylch_report_run_time's. */
static const char *run_date(char *buf, size_t len)
{
    static const char *const month[12] = {
        N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
        N_("August"), N_("September"), N_("October"), N_("November"), N_("December")
    };
    time_t t = cylch_report_run_time();
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(buf, len, "%s", _("an unknown date"));
        return buf;
    }
    snprintf(buf, len, "%d %s %d", tm.tm_mday, _(month[tm.tm_mon]), tm.tm_year + 1900);
    return buf;
}

/* The head of every page cylch writes, up to and including <body>: the title (escaped,
 * may be NULL) then suffix, the style sheet and extra_css (may be NULL). */
static void page_head(FILE *f, const char *title, const char *suffix, const char *extra_css)
{
    /* TRANSLATORS: the language code of the page (BCP 47): "cy" for Welsh. */
    el(f, "<!DOCTYPE html>\n<html lang=\"", _("en"), "\">\n<head>\n<meta charset=\"utf-8\">\n");
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    if (title)
        esc(f, title);
    fputs(suffix, f);
    fputs("</title>\n<style>\n", f);
    fputs(css, f);
    if (extra_css)
        fputs(extra_css, f);
    fputs("</style>\n</head>\n<body>\n", f);
}

/* What a run's report.html is written from. */
typedef struct report_ctx {
    const char *dir;
    const cylch_plots_run *run;
    const cylch_plots_status *plots;
} report_ctx;

static int w_report(FILE *f, const void *ctx, cylch_error *err);

int cylch_report_write(const char *dir, const cylch_plots_run *run, const cylch_plots_status *plots,
                       cylch_error *err)
{
    const report_ctx ctx = {dir, run, plots};
    if (!dir || !run || !run->s || !run->net || !run->r)
        return cylch_error_set(err, CYLCH_EINPUT, "cylch_report_write: missing argument");
    return cylch_file_write(dir, NULL, "report.html", w_report, &ctx, err);
}

static int w_report(FILE *f, const void *ctxp, cylch_error *err)
{
    const report_ctx *ctx = ctxp;
    const char *dir = ctx->dir;
    const cylch_plots_run *run = ctx->run;
    const cylch_plots_status *plots = ctx->plots;
    const cylch_scenario *s = run->s;
    const cylch_network *net = run->net;
    char a[32], b[32], date[64], code[4200];
    const char *title;
    int rc = CYLCH_OK, figures = 0;
    double fte = 0.0;

    for (size_t i = 0; i < net->n; i++)
        fte += net->m[i].v[CYLCH_COL_FTE];

    /* The title is what the scenario is about (its description); the slug only when there is none. */
    title = s->description && *s->description ? s->description : s->name;
    page_head(f, title, _(" — what the money does locally (cylch report)"), NULL);
    fputs("<header>\n<h1>", f);
    esc(f, title);
    fputs("</h1>\n<p class=\"sub\">", f);
    fprintf(f, _("%zu member enterprises, %s full-time-equivalent staff, income %s a year. How much of the "
                 "money reaching them circulates in the local economy, through wages and local trade, before "
                 "it leaks away."),
            net->n, fte_text(fte, b, sizeof b), money(run->r->src[CYLCH_SRC_INCOME].injection, a, sizeof a));
    fputs("</p>\n<p class=\"sub\" id=\"facts\">", f);
    fprintf(f, _("Scenario %s"), code_html(s->name, code, sizeof code));
    fputs(" · ", f);
    if (s->accounts_year) {
        fputs(_("Members' accounts for"), f);
        fputc(' ', f);
        esc(f, s->accounts_year);
    } else {
        el(f, "<span class=\"missing\">", _("Accounts year not given"), "</span> ");
        fputs(_("(set <code>accounts_year</code> in the scenario)"), f);
    }
    fputs(" · ", f);
    fprintf(f, _("Run on %s"), run_date(date, sizeof date));
    fprintf(f, " · cylch %s</p>\n</header>\n", CYLCH_VERSION);
    write_headline(f, run);
    write_caveats(f);

    el(f, "<section class=\"plots\" id=\"plots\">\n<h2>", _("The pictures"), "</h2>\n");
    if (!plots) {
        el(f, "<p class=\"warn\">", _("The plots were not made for this run (<code>--no-plots</code>)."),
           "</p>\n");
    } else {
        if (plots->message[0]) {
            fputs("<p class=\"warn\">", f);
            esc(f, plots->message);
            fputs("</p>\n", f);
        }
        for (int p = 0; p < CYLCH_NPLOT && rc == CYLCH_OK; p++)
            if (plots->plot[p].state == CYLCH_PLOT_DRAWN)
                rc = write_figure(f, dir, p, ++figures, err);
        if (rc == CYLCH_OK && figures == 0)
            el(f, "<p>", _("No plot was drawn. The data and gnuplot script of each plot are in the folder that "
                           "holds this report; to draw them, run <code>gnuplot *.gp</code> in it."), "</p>\n");
    }
    fputs("</section>\n", f);
    if (rc)
        goto done;

    write_members_table(f, run);
    if (run->industries && (rc = write_industries(f, dir, run, ++figures, err)))
        goto done;
    write_rounds_tables(f, run);

    el(f, "<section id=\"assumptions\">\n<h2>", _("Assumptions and their sources"), "</h2>\n<p>");
    fprintf(f, _("As written in the scenario file %s, with the comments that give each figure's source. The "
                 "whole file is reproduced at the end of this report."), code_html(s->path, code, sizeof code));
    fputs("</p>\n", f);
    if ((rc = write_assumptions(f, s, err)))
        goto done;
    if (run->notes && run->notes->n) {
        el(f, "<h3>", _("Notes and warnings"), "</h3>\n<ul>\n");
        for (size_t i = 0; i < run->notes->n; i++) {
            fputs("<li>", f);
            esc(f, run->notes->text[i]);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    fputs("</section>\n", f);

    write_method(f);

    el(f, "<section id=\"reproduce\">\n<h2>", _("How to reproduce this run"), "</h2>\n<pre class=\"cmd\">cylch run ");
    shell_word(f, s->path);
    fprintf(f, " --draws %zu --seed %llu</pre>\n", cylch_plots_run_has_draws(run) ? run->mc->done : (size_t)0,
            (unsigned long long)s->seed);
    fputs("<p>", f);
    fprintf(f, _("cylch %s; seed %llu; %zu Monte Carlo draws; %lu rounds of spending for LM-k; network folder "
                 "%s."), CYLCH_VERSION, (unsigned long long)s->seed,
            cylch_plots_run_has_draws(run) ? run->mc->done : (size_t)0, s->rounds,
            code_html(s->network, code, sizeof code));
    fputc(' ', f);
    el(f, "", _("The same version, scenario, data and seed give the same numbers, whatever the number of "
                "threads. The results folder holds every number in this report (summary.json, rounds.csv, "
                "members.csv, leakage.csv, and with draws draws.csv) and, for each plot, its data and gnuplot "
                "script: to restyle a plot, edit its script (or style.gp for all of them) and run "
                "<code>gnuplot *.gp</code> in the folder."), "</p>\n</section>\n");

    el(f, "<section class=\"appendix\" id=\"scenario-file\">\n<h2>", _("Appendix: the scenario file"),
       "</h2>\n<pre>");
    esc(f, s->text);
    fputs("</pre>\n</section>\n</body>\n</html>\n", f);

done:
    return rc;
}

/* What a page of cylch compare or sensitivity is written from. */
typedef struct page_ctx {
    const char *dir, *title, *text;
    size_t nfig;
    const char *const *fig_names, *const *fig_titles, *const *fig_captions;
    const char *appendix_title, *appendix_text;
} page_ctx;

static int w_page(FILE *f, const void *ctx, cylch_error *err);

int cylch_report_page(const char *dir, const char *title, const char *text, size_t nfig,
                      const char *const *fig_names, const char *const *fig_titles,
                      const char *const *fig_captions, const char *appendix_title,
                      const char *appendix_text, cylch_error *err)
{
    const page_ctx ctx = {dir, title, text, nfig, fig_names, fig_titles, fig_captions, appendix_title,
                          appendix_text};
    if (!dir || !title || !text)
        return cylch_error_set(err, CYLCH_EINPUT, "cylch_report_page: missing argument");
    return cylch_file_write(dir, NULL, "report.html", w_page, &ctx, err);
}

static int w_page(FILE *f, const void *ctxp, cylch_error *err)
{
    const page_ctx *c = ctxp;
    const char *dir = c->dir, *title = c->title, *text = c->text;
    size_t nfig = c->nfig;
    const char *const *fig_names = c->fig_names, *const *fig_titles = c->fig_titles,
                      *const *fig_captions = c->fig_captions;
    const char *appendix_title = c->appendix_title, *appendix_text = c->appendix_text;
    int rc = CYLCH_OK;

    page_head(f, title, _(" (cylch report)"), NULL);
    fputs("<header>\n<h1>", f);
    esc(f, title);
    fputs("</h1>\n<p class=\"sub\">", f);
    fprintf(f, _("Worked out by cylch %s."), CYLCH_VERSION);
    fputs("</p>\n</header>\n<section id=\"summary\">\n", f);
    write_paragraphs(f, "lead", text);
    fputs("</section>\n", f);
    if (nfig) {
        el(f, "<section class=\"plots\" id=\"plots\">\n<h2>", _("The pictures"), "</h2>\n");
        for (size_t i = 0; i < nfig && rc == CYLCH_OK; i++)
            rc = write_figure_named(f, dir, fig_names[i], fig_titles[i], fig_captions[i], (int)i + 1, err);
        fputs("</section>\n", f);
    }
    if (rc == CYLCH_OK && appendix_text) {
        fputs("<section class=\"appendix\" id=\"appendix\">\n<h2>", f);
        esc(f, appendix_title ? appendix_title : _("Appendix"));
        fputs("</h2>\n<pre>", f);
        esc(f, appendix_text);
        fputs("</pre>\n</section>\n", f);
    }
    fputs("</body>\n</html>\n", f);
    return rc;
}

/* The text between the end of the opening tag `open` and `close` in html, or NULL. */
static const char *between(const char *html, size_t n, const char *open, const char *close,
                           size_t *len)
{
    const char *a = NULL, *b;
    for (size_t i = 0; i + strlen(open) <= n; i++)
        if (memcmp(html + i, open, strlen(open)) == 0) {
            a = memchr(html + i, '>', n - i);
            break;
        }
    if (!a)
        return NULL;
    a++;
    for (b = a; b + strlen(close) <= html + n; b++)
        if (memcmp(b, close, strlen(close)) == 0) {
            *len = (size_t)(b - a);
            return a;
        }
    return NULL;
}

int cylch_report_combine(const char *const *dirs, size_t n, FILE *out, cylch_error *err)
{
    unsigned char **page;
    size_t *len;
    int rc = CYLCH_OK;
    if (n == 0)
        return cylch_error_set(err, CYLCH_EINPUT, "no results folders to combine");
    page = calloc(n, sizeof *page);
    len = calloc(n, sizeof *len);
    if (!page || !len) {
        free(page);
        free(len);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n && rc == CYLCH_OK; i++) {
        int eno;
        size_t bl;
        page[i] = slurp(dirs[i], "report.html", &len[i], &eno);
        if (!page[i])
            rc = cylch_error_set(err, eno == ENOMEM ? CYLCH_ENOMEM : CYLCH_EINPUT,
                                 "%s/report.html: cannot read it (%s); give folders written by cylch run, "
                                 "compare or sensitivity", dirs[i], cylch_errno_text(eno ? eno : EIO));
        else if (!between((const char *)page[i], len[i], "<body", "</body>", &bl))
            rc = cylch_error_set(err, CYLCH_EINPUT, "%s/report.html is not a cylch report (no <body>)",
                                 dirs[i]);
    }
    if (rc == CYLCH_OK) {
        page_head(out, NULL, _("cylch report"),
                  ".part { break-before: page; page-break-before: always; }\n"
                  ".part:first-of-type { break-before: auto; page-break-before: auto; }\n");
        for (size_t i = 0; i < n; i++) {
            size_t bl = 0;
            const char *body = between((const char *)page[i], len[i], "<body", "</body>", &bl);
            fputs("<div class=\"part\" id=\"part-", out);
            fprintf(out, "%zu\">\n", i + 1);
            fwrite(body, 1, bl, out);
            fputs("</div>\n", out);
        }
        fputs("</body>\n</html>\n", out);
        if (ferror(out))
            rc = cylch_error_set(err, CYLCH_EIO, "writing the combined report failed");
    }
    for (size_t i = 0; i < n; i++)
        free(page[i]);
    free(page);
    free(len);
    return rc;
}
