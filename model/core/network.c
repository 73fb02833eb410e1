/* cylch — loading and checking a network folder (enterprises.csv, trade.csv, or the
 * same tables as workbooks: enterprises.xlsx, trade.xlsx). */
#include "cylch/core/network.h"
#include "cylch/core/economy.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cylch/io/csvio.h"
#include "cylch/io/lang.h"
#include "cylch/io/sheet.h"
#include "cylch/io/limits.h"
#include "cylch/io/text.h"
#include "cylch/io/xlsx.h"

static const char *const col_names[CYLCH_NCOLS] = {
    "employees_fte", "grant", "loan", "trade_local", "trade_external", "wages",
    "wages_local_share", "purchases", "purchases_local_share", "other_costs",
    "other_local_share"
};

/* What each column holds, for messages (the same words as `cylch new`'s template). */
static const char *const col_meaning[CYLCH_NCOLS] = {
    N_("staff, full-time equivalent"), N_("grants received, £ a year"), N_("loans or investment received, £ a year"),
    N_("sales to customers in the area, £ a year"), N_("sales to customers outside the area, £ a year"),
    N_("the wage bill, £ a year"), N_("the share of the wage bill paid to staff living in the area"),
    N_("goods and services bought, £ a year"), N_("the share of purchases bought from suppliers in the area"),
    N_("rent, energy and other costs, £ a year"), N_("the share of other costs paid in the area")
};

const char *cylch_col_name(int col)
{
    return (col >= 0 && col < CYLCH_NCOLS) ? col_names[col] : "?";
}

int cylch_col_find(const char *name)
{
    for (int c = 0; c < CYLCH_NCOLS; c++)
        if (strcmp(col_names[c], name) == 0)
            return c;
    return -1;
}

int cylch_col_is_share(int col)
{
    return col == CYLCH_COL_WAGES_LOCAL_SHARE || col == CYLCH_COL_PURCHASES_LOCAL_SHARE ||
           col == CYLCH_COL_OTHER_LOCAL_SHARE;
}

int cylch_col_is_optional(int col)
{
    return col == CYLCH_COL_OTHER_COSTS || col == CYLCH_COL_OTHER_LOCAL_SHARE;
}

double cylch_member_income(const cylch_member *m)
{
    return m->v[CYLCH_COL_GRANT] + m->v[CYLCH_COL_LOAN] + m->v[CYLCH_COL_TRADE_LOCAL] +
           m->v[CYLCH_COL_TRADE_EXTERNAL];
}

double cylch_member_local_spend(const cylch_member *m)
{
    return m->v[CYLCH_COL_WAGES] * m->v[CYLCH_COL_WAGES_LOCAL_SHARE] +
           m->v[CYLCH_COL_PURCHASES] * m->v[CYLCH_COL_PURCHASES_LOCAL_SHARE] +
           m->v[CYLCH_COL_OTHER_COSTS] * m->v[CYLCH_COL_OTHER_LOCAL_SHARE];
}

double cylch_network_trade_bought(const cylch_network *net, size_t j)
{
    double s = 0.0;
    for (size_t t = 0; t < net->ntrade; t++)
        if (net->trade[t].buyer == j)
            s += net->trade[t].amount;
    return s;
}

long cylch_network_find(const cylch_network *net, const char *id)
{
    for (size_t i = 0; i < net->n; i++)
        if (strcmp(net->m[i].id, id) == 0)
            return (long)i;
    return -1;
}

static void member_clear(const cylch_network *net, cylch_member *m)
{
    free(m->id);
    free(m->name);
    cylch_text_list_free(m->extra, net->nextra);
    m->id = m->name = NULL;
    m->extra = NULL;
}

const char *cylch_network_industry(const cylch_network *net, size_t i)
{
    if (!net || i >= net->n || !net->m[i].extra)
        return NULL;
    for (size_t e = 0; e < net->nextra; e++)
        if (strcasecmp(net->extra_name[e], "industry") == 0)
            return net->m[i].extra[e] && *net->m[i].extra[e] ? net->m[i].extra[e] : NULL;
    return NULL;
}

const char *cylch_network_source(const cylch_network *net, size_t i)
{
    if (!net || i >= net->n || net->source_col < 0 || !net->m[i].extra)
        return NULL;
    return net->m[i].extra[net->source_col];
}

void cylch_network_free(cylch_network *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->n; i++)
        member_clear(net, &net->m[i]);
    free(net->m);
    free(net->trade);
    cylch_text_list_free(net->extra_name, net->nextra);
    free(net->read_note[0]);
    free(net->read_note[1]);
    free(net->read_text[0]);
    free(net->read_text[1]);
    cylch_economy_release(net->economy);
    free(net->dir);
    free(net->enterprises_path);
    free(net->trade_path);
    free(net);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

cylch_network *cylch_network_copy(const cylch_network *net)
{
    cylch_network *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->dir = dup_or_null(net->dir);
    c->enterprises_path = dup_or_null(net->enterprises_path);
    c->trade_path = dup_or_null(net->trade_path);
    c->m = calloc(net->n ? net->n : 1, sizeof *c->m);
    c->trade = calloc(net->ntrade ? net->ntrade : 1, sizeof *c->trade);
    if (!c->m || !c->trade || (net->dir && !c->dir) ||
        (net->enterprises_path && !c->enterprises_path) || (net->trade_path && !c->trade_path)) {
        cylch_network_free(c);
        return NULL;
    }
    c->source_col = net->source_col;
    if (net->nextra) {
        if (!(c->extra_name = calloc(net->nextra, sizeof *c->extra_name))) {
            cylch_network_free(c);
            return NULL;
        }
        c->nextra = net->nextra;
        for (size_t e = 0; e < net->nextra; e++)
            if (!(c->extra_name[e] = strdup(net->extra_name[e]))) {
                cylch_network_free(c);
                return NULL;
            }
    }
    for (int k = 0; k < 2; k++)
        if ((net->read_note[k] && !(c->read_note[k] = strdup(net->read_note[k]))) ||
            (net->read_text[k] && !(c->read_text[k] = strdup(net->read_text[k])))) {
            cylch_network_free(c);
            return NULL;
        }
    for (size_t i = 0; i < net->n; i++) {
        int bad = 0;
        c->m[i] = net->m[i];
        c->m[i].extra = NULL;
        c->m[i].id = strdup(net->m[i].id);
        c->m[i].name = strdup(net->m[i].name);
        c->n = i + 1;
        if (net->m[i].extra && (c->m[i].extra = calloc(net->nextra, sizeof *c->m[i].extra)))
            for (size_t e = 0; e < net->nextra; e++)
                bad |= net->m[i].extra[e] && !(c->m[i].extra[e] = strdup(net->m[i].extra[e]));
        if (!c->m[i].id || !c->m[i].name || bad || (net->m[i].extra && !c->m[i].extra)) {
            cylch_network_free(c);
            return NULL;
        }
    }
    c->n = net->n;
    if ((c->economy = net->economy))
        c->economy->refs++;
    if (net->ntrade)    /* memcpy from NULL is undefined even for 0 bytes */
        memcpy(c->trade, net->trade, net->ntrade * sizeof *c->trade);
    c->ntrade = net->ntrade;
    return c;
}

int cylch_id_valid(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* ------------------------------------------------------------- reading */

/* What reading a file normalised, gathered cell by cell and said once. */
typedef struct read_tally {
    char synonyms[512];     /* "'FTE' as employees_fte, …" */
    char synonyms_text[512];/* the same in the run's language */
    size_t nsynonyms;
    size_t ncase;           /* headers matched only by ignoring case, blanks, £ or % */
    size_t money;           /* cells with £ or thousands separators */
    size_t percent;         /* cells written as percentages */
    size_t dash;            /* cells "-" read as 0 */
    size_t blank;           /* blank cells taken as 0 */
    char blank_cols[256];   /* their columns */
    size_t lowered;         /* ids lower-cased */
    char extra[256];        /* extra columns kept */
    int source_kept;
    size_t totals;          /* totals rows ("Total") skipped */
    char totals_lines[64];  /* their lines */
    double *scale;          /* per header column: 1, or 1000 for "Grant (£000)", 1e6 for "(£m)" */
    size_t percent_by_heading; /* plain numbers read as percentages under a % heading */
    size_t noheading;       /* columns without a heading, ignored */
    char scaled[256];       /* those headers, for the note */
    char scaled_text[256];  /* the same in the run's language */
} read_tally;

/* Units of thousands or millions of pounds at the end of a heading, as accounts write
 * them ("Grant (£000)", "Wages £k", "Sales (£'000s)", "Turnover, £ millions"). */
static const struct {
    const char *unit;
    double scale;
} header_units[] = {
    {"£ thousands", 1e3}, {"£thousands", 1e3}, {"thousands", 1e3}, {"£'000s", 1e3}, {"£\u2019000s", 1e3},
    {"£'000", 1e3}, {"£\u2019000", 1e3}, {"£000s", 1e3}, {"£000", 1e3}, {"£ 000s", 1e3}, {"£ 000", 1e3},
    {"'000s", 1e3}, {"\u2019000s", 1e3}, {"'000", 1e3}, {"\u2019000", 1e3}, {"000s", 1e3}, {"£k", 1e3},
    {"£ k", 1e3}, {"£ millions", 1e6}, {"£millions", 1e6}, {"millions", 1e6}, {"£mn", 1e6},
    {"£ m", 1e6}, {"£m", 1e6},
};

/* The key of heading h (cylch_sheet_key) once a unit of thousands or millions of
 * pounds at its end is taken off; *scale is 1000 or 1e6 for such a unit, else 1. */
static void header_key(const char *h, char *key, size_t n, double *scale)
{
    char low[256];
    size_t len = 0;
    *scale = 1.0;
    for (const char *p = h; *p && len + 1 < sizeof low; p++)
        low[len++] = (char)tolower((unsigned char)*p);
    low[len] = '\0';
    while (len && (isspace((unsigned char)low[len - 1]) || low[len - 1] == ')' || low[len - 1] == ']'))
        low[--len] = '\0';
    for (size_t u = 0; u < sizeof header_units / sizeof *header_units; u++) {
        size_t ul = strlen(header_units[u].unit);
        char before;
        if (ul >= len || strcmp(low + len - ul, header_units[u].unit) != 0)
            continue;
        before = low[len - ul - 1];
        if (before != ' ' && before != '(' && before != '[' && before != ',' && before != '-' &&
            before != '_' && before != '/')
            continue;
        {
            char head[256];
            size_t hl = len - ul;
            while (hl && strchr(" ,-([/_", h[hl - 1]))
                hl--;
            snprintf(head, sizeof head, "%.*s", (int)hl, h);
            *scale = header_units[u].scale;
            cylch_sheet_key(head, key, n);
            return;
        }
    }
    cylch_sheet_key(h, key, n);
}

static void list_add(char *list, size_t n, const char *item)
{
    size_t len = strlen(list), il = strlen(item);
    for (const char *p = list; (p = strstr(p, item)); p++)
        if ((p == list || p[-1] == ' ') && (p[il] == ',' || !p[il]))
            return;   /* already listed */
    if (len + strlen(item) + 3 < n)
        snprintf(list + len, n - len, "%s%s", len ? ", " : "", item);
}

/* 1 when s holds nothing but blanks. */
static int blank(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return !*s;
}

/* A header key (cylch_sheet_key) and the column it means. */
typedef struct synonym {
    const char *key, *name;
} synonym;

/* Names people give enterprises.csv's columns (keys as cylch_sheet_key makes them). */
static const synonym ent_synonyms[] = {
    {"member_id", "id"}, {"code", "id"}, {"ref", "id"},
    {"member", "name"}, {"enterprise", "name"}, {"organisation", "name"},
    {"organization", "name"}, {"business", "name"}, {"member_name", "name"}, {"enw", "name"},
    {"fte", "employees_fte"}, {"employees", "employees_fte"}, {"staff_fte", "employees_fte"},
    {"jobs_fte", "employees_fte"}, {"staff", "employees_fte"}, {"fte_staff", "employees_fte"},
    {"grants", "grant"}, {"grant_income", "grant"}, {"grant_funding", "grant"},
    {"loans", "loan"}, {"loan_income", "loan"}, {"loan_finance", "loan"},
    {"local_trade", "trade_local"}, {"local_sales", "trade_local"}, {"sales_local", "trade_local"},
    {"trade_income_local", "trade_local"},
    {"external_trade", "trade_external"}, {"external_sales", "trade_external"},
    {"sales_external", "trade_external"}, {"non_local_sales", "trade_external"},
    {"trade_non_local", "trade_external"},
    {"wage_bill", "wages"}, {"salaries", "wages"}, {"staff_costs", "wages"}, {"wage", "wages"},
    {"wages_local", "wages_local_share"}, {"local_wages_share", "wages_local_share"},
    {"wages_local_pct", "wages_local_share"}, {"local_wage_share", "wages_local_share"},
    {"share_of_wages_local", "wages_local_share"},
    {"purchase", "purchases"}, {"supplies", "purchases"}, {"suppliers", "purchases"},
    {"purchases_local", "purchases_local_share"}, {"local_purchases_share", "purchases_local_share"},
    {"local_purchase_share", "purchases_local_share"},
    {"share_of_purchases_local", "purchases_local_share"},
    {"other", "other_costs"}, {"other_cost", "other_costs"}, {"overheads", "other_costs"},
    {"other_local", "other_local_share"}, {"local_other_share", "other_local_share"},
    {"other_costs_local_share", "other_local_share"},
};

/* Headers of a column that holds where a member's figures came from. */
static const char *const source_keys[] = {
    "source", "sources", "notes", "note", "comments", "comment", "source_of_figures", "ffynhonnell",
};

static const synonym trade_synonyms[] = {
    {"from", "buyer"}, {"customer", "buyer"}, {"purchaser", "buyer"}, {"bought_by", "buyer"},
    {"buyer_id", "buyer"},
    {"to", "seller"}, {"supplier", "seller"}, {"vendor", "seller"}, {"sold_by", "seller"},
    {"seller_id", "seller"},
    {"value", "amount"}, {"spend", "amount"}, {"amount_a_year", "amount"}, {"annual_amount", "amount"},
    {"trade", "amount"},
};

/* An error in a table: "FILE:LINE: …" for a CSV file; for a sheet of a workbook the
 * cell ("FILE, sheet 'S', cell D7: …", col from 0 in the table) or, with col < 0, the
 * row ("…, row 7: …"; line 0: the sheet). */
static int table_error(cylch_error *err, int status, const cylch_csv_table *t, long line, long col,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int table_error(cylch_error *err, int status, const cylch_csv_table *t, long line, long col,
                       const char *fmt, ...)
{
    char msg[CYLCH_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);   /* translated: xgettext knows table_error */
    va_end(ap);
    if (!t->sheet)
        return cylch_error_at(err, status, t->path, line, "%s", msg);
    if (line > 0 && col >= 0) {
        char ref[24];
        cylch_xlsx_cell_name((uint32_t)(line - 1), (uint32_t)(t->col0 + col), ref, sizeof ref);
        return cylch_error_set(err, status, "%s, sheet '%s', cell %s: %s", t->path, t->sheet, ref, msg);
    }
    if (line > 0)
        return cylch_error_set(err, status, "%s, sheet '%s', row %ld: %s", t->path, t->sheet, line, msg);
    return cylch_error_set(err, status, "%s, sheet '%s': %s", t->path, t->sheet, msg);
}

/* Map each header of t to one of names[0..nnames) (idx[k] its column, -1 when
 * absent) through the synonyms; other headers are extras (extra[j] = 1). A
 * header near a known name that is missing is an error (a typo must not become
 * an unused column), as is one column named twice. */
static int map_header(const cylch_csv_table *t, const char *const *names, size_t nnames,
                      const synonym *syn, size_t nsyn, long *idx, int *extra, read_tally *tally,
                      cylch_error *err)
{
    for (size_t k = 0; k < nnames; k++)
        idx[k] = -1;
    for (size_t j = 0; j < t->header.n; j++) {
        char key[128];
        const char *h = t->header.field[j];
        const char *name = NULL;
        int via_syn = 0;
        double scale;
        extra[j] = 0;
        if (blank(h)) {         /* a column without a heading: a spreadsheet's stray commas */
            tally->noheading++;
            continue;
        }
        header_key(h, key, sizeof key, &scale);
        for (size_t k = 0; k < nnames && !name; k++)
            if (strcmp(key, names[k]) == 0)
                name = names[k];
        for (size_t s = 0; s < nsyn && !name; s++)
            if (strcmp(key, syn[s].key) == 0) {
                name = syn[s].name;
                via_syn = 1;
            }
        if (!name) {
            extra[j] = 1;
            continue;
        }
        if (scale > 1.0 && tally->scale) {
            char item[160];
            tally->scale[j] = scale;
            snprintf(item, sizeof item, "'%.60s' in £%s", h, scale > 1e3 ? "M" : "000s");
            list_add(tally->scaled, sizeof tally->scaled, item);
            /* TRANSLATORS: a heading read in thousands or millions of pounds: 'Grant (£000)' in £000s. */
            snprintf(item, sizeof item, _("'%.60s' in £%s"), h, scale > 1e3 ? "M" : "000s");
            list_add(tally->scaled_text, sizeof tally->scaled_text, item);
        }
        for (size_t k = 0; k < nnames; k++) {
            if (strcmp(names[k], name) != 0)
                continue;
            if (idx[k] >= 0)
                return table_error(err, CYLCH_EINPUT, t, t->header.line, (long)j,
                                      "columns %ld ('%s') and %zu ('%s') both mean %s; keep one",
                                      idx[k] + 1, t->header.field[idx[k]], j + 1, h, name);
            idx[k] = (long)j;
        }
        if (via_syn) {
            char item[160];
            snprintf(item, sizeof item, "'%.60s' as %s", h, name);
            list_add(tally->synonyms, sizeof tally->synonyms, item);
            /* TRANSLATORS: a spreadsheet's header read as one of cylch's column names,
             * e.g. 'FTE' as employees_fte (both stay as written). */
            snprintf(item, sizeof item, _("'%.60s' as %s"), h, name);
            list_add(tally->synonyms_text, sizeof tally->synonyms_text, item);
            tally->nsynonyms++;
        } else if (strcmp(h, name) != 0 && scale == 1.0) {
            tally->ncase++;
        }
    }
    /* An extra column close to a missing known one is most likely a typo. */
    for (size_t j = 0; j < t->header.n; j++) {
        char key[128];
        double scale;
        if (!extra[j])
            continue;
        header_key(t->header.field[j], key, sizeof key, &scale);
        for (size_t k = 0; k < nnames; k++)
            if (idx[k] < 0 && strlen(names[k]) > 3 && cylch_sheet_distance(key, names[k], 2) <= 2)
                return table_error(err, CYLCH_EINPUT, t, t->header.line, (long)j,
                                      "column %zu is '%s': did you mean '%s'? Rename it (cylch keeps "
                                      "columns it does not know, such as notes, but this one looks "
                                      "like a misspelt %s)", j + 1, t->header.field[j], names[k], names[k]);
    }
    return CYLCH_OK;
}

/* Read one numeric cell; the message names file, line, column and member.
 * blank_ok: a blank cell is 0 (counted in the tally). */
static int read_number(const cylch_csv_table *t, const cylch_csv_row *r, long col,
                       const char *colname, const char *who, cylch_cell_kind kind, int blank_ok,
                       double *out, read_tally *tally, cylch_error *err)
{
    const char *s = cylch_csv_get(r, (size_t)col);
    char why[320];
    unsigned what = 0;
    switch (cylch_sheet_number(s, kind, out, &what, why, sizeof why)) {
    case CYLCH_CELL_OK:
        if (tally->scale && tally->scale[col] > 1.0)
            *out *= tally->scale[col];
        if (what & (CYLCH_NORM_CURRENCY | CYLCH_NORM_THOUSANDS))
            tally->money++;
        if (what & CYLCH_NORM_PERCENT)
            tally->percent++;
        if (what & CYLCH_NORM_DASH)
            tally->dash++;
        return CYLCH_OK;
    case CYLCH_CELL_BLANK:
        if (blank_ok) {
            *out = 0.0;
            tally->blank++;
            list_add(tally->blank_cols, sizeof tally->blank_cols, colname);
            return CYLCH_OK;
        }
        return table_error(err, CYLCH_EINPUT, t, r->line, col,
                              "%s for '%s' (column %ld) is empty; %s", colname, who, col + 1,
                              kind == CYLCH_CELL_SHARE ? _("enter the share kept local (0 to 1, or a "
                              "percentage such as 53%)") : _("enter the figure (0 if there is none)"));
    default:
        return table_error(err, CYLCH_EINPUT, t, r->line, col,
                              "%s for '%s' (column %ld) is '%s'; %s", colname, who, col + 1, s, why);
    }
}

/* An id as typed, lower-cased and trimmed; counted in the tally when changed. */
static char *clean_id(const char *s, read_tally *tally)
{
    size_t a = 0, b = strlen(s);
    char *id;
    int changed = 0;
    while (a < b && isspace((unsigned char)s[a]))
        a++;
    while (b > a && isspace((unsigned char)s[b - 1]))
        b--;
    if (!(id = malloc(b - a + 1)))
        return NULL;
    for (size_t i = a; i < b; i++) {
        id[i - a] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
        changed |= id[i - a] != s[i];
    }
    id[b - a] = '\0';
    if (changed)
        tally->lowered++;
    return id;
}

/* A message of tally_note: as written (cy 0, the English of the results files) or in
 * the run's language (cy 1, for people). */
static const char *say(int cy, const char *s) __attribute__((format_arg(2)));
static const char *say(int cy, const char *s)
{
    return cy ? _(s) : s;
}

/* The one line saying what reading path normalised, or NULL when nothing was: in
 * English (cy 0) or in the run's language (cy 1). English adds an "s" to the
 * plural nouns (the %s after each); a language whose nouns stay singular after a
 * number, as Welsh's do, leaves that argument out with %.0s. */
static char *tally_note(const cylch_csv_table *t, const read_tally *tl, int cy)
{
    char buf[2048];
    size_t n = 0;
    int parts = 0;
#define PART(...) do { \
        n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, "%s", parts++ ? "; " : ""); \
        n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, __VA_ARGS__); \
    } while (0)
#define S(k) ((k) == 1 ? "" : "s")
    n = (size_t)snprintf(buf, sizeof buf, say(cy, N_("%s: read as a spreadsheet export: ")), t->path);
    if (t->delim == ';')
        PART("%s", say(cy, N_("separated by semicolons")));
    else if (t->delim == '\t')
        PART("%s", say(cy, N_("separated by tabs")));
    if (tl->ncase)
        /* TRANSLATORS: the %s after "header" is the English plural "s" (or nothing). */
        PART(say(cy, N_("%zu header%s matched ignoring case, blanks, £ and %%")), tl->ncase, S(tl->ncase));
    if (tl->nsynonyms)
        PART("%s", cy ? tl->synonyms_text : tl->synonyms);
    if (tl->scaled[0])
        PART(say(cy, N_("%s (each figure multiplied by %s)")), cy ? tl->scaled_text : tl->scaled,
             strstr(tl->scaled, "in £M") ? (strstr(tl->scaled, "in £000s") ? say(cy, N_("1,000 or 1,000,000"))
                                                                          : "1,000,000")
                                        : "1,000");
    if (tl->money)
        PART(say(cy, N_("£ signs and thousands separators removed in %zu cell%s")), tl->money, S(tl->money));
    if (tl->percent)
        PART(say(cy, N_("%zu percentage%s read as %s (53%% = 0.53)")), tl->percent, S(tl->percent),
             tl->percent == 1 ? say(cy, N_("a share")) : say(cy, N_("shares")));
    if (tl->percent_by_heading)
        PART(say(cy, N_("%zu plain number%s under a heading with %% read as percentages (90 = 90%% = 0.9)")),
             tl->percent_by_heading, S(tl->percent_by_heading));
    if (tl->dash)
        PART(say(cy, N_("%zu cell%s '-' read as 0")), tl->dash, S(tl->dash));
    if (tl->blank)
        /* TRANSLATORS: the last %s lists the columns, e.g. (loan, other_costs). */
        PART(say(cy, N_("%zu blank cell%s taken as 0 (%s)")), tl->blank, S(tl->blank), tl->blank_cols);
    if (tl->lowered)
        PART(say(cy, N_("%zu id%s lower-cased")), tl->lowered, S(tl->lowered));
    if (tl->extra[0])
        /* TRANSLATORS: "column(s) 'notes', 'source' kept" and one of the two phrases below. */
        PART(say(cy, N_("column%s %s kept%s")), strchr(tl->extra, ',') ? "s" : "", tl->extra,
             tl->source_kept ? say(cy, N_(" (the sources go into the report's member table)"))
                             : say(cy, N_(" but not used")));
    if (tl->totals)
        /* TRANSLATORS: the second and third %s are English plural "s"; the last lists lines. */
        PART(say(cy, N_("%zu totals row%s skipped (line%s %s: the members' sums; cylch adds them up itself)")),
             tl->totals, S(tl->totals), S(tl->totals), tl->totals_lines);
    if (tl->noheading)
        PART(say(cy, N_("%zu column%s without a heading ignored")), tl->noheading, S(tl->noheading));
    if (t->blank_rows)
        PART(say(cy, N_("%zu blank row%s ignored")), t->blank_rows, S(t->blank_rows));
    if (t->comment_rows)
        PART(say(cy, N_("%zu comment row%s ('#') skipped")), t->comment_rows, S(t->comment_rows));
#undef S
#undef PART
    if (!parts)
        return NULL;
    return strdup(buf);
}

/* Row r against the header: as many cells, or more cells that are all blank (a
 * spreadsheet's stray commas), or fewer where the missing ones are under blank headings. */
static int row_fits(const cylch_csv_table *t, const cylch_csv_row *r)
{
    for (size_t j = t->header.n; j < r->n; j++)
        if (!blank(r->field[j]))
            return 0;
    for (size_t j = r->n; j < t->header.n; j++)
        if (!blank(t->header.field[j]))
            return 0;
    return 1;
}

/* Labels a spreadsheet gives a totals row (keys as cylch_sheet_key makes them;
 * "cyfanswm" is Welsh for total). */
static const char *const totals_keys[] = {
    "total", "totals", "grand_total", "sub_total", "subtotal", "sum", "network_total", "cyfanswm",
};

/* The label of row r when it is a totals row ("Total" in the id column, or in the
 * name column beside a blank id), else NULL. */
static const char *totals_label(const cylch_csv_row *r, long id_col, long name_col)
{
    const char *label = cylch_csv_get(r, (size_t)id_col), *p = label;
    char key[64];
    size_t n;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p && name_col >= 0)
        label = cylch_csv_get(r, (size_t)name_col);
    cylch_sheet_key(label, key, sizeof key);
    n = strlen(key);
    while (n && key[n - 1] == ':')
        key[--n] = '\0';
    for (size_t k = 0; k < sizeof totals_keys / sizeof *totals_keys; k++)
        if (strcmp(key, totals_keys[k]) == 0)
            return label;
    return NULL;
}

/* £ for a message, to the penny only when there are pennies: "£70,000", "£12.50". */
static void money_words(double v, char *buf, size_t len)
{
    char digits[48], out[64];
    size_t n, k = 0, lead;
    const char *dot;
    snprintf(digits, sizeof digits, v == floor(v) ? "%.0f" : "%.2f", fabs(v));
    dot = strchr(digits, '.');
    n = dot ? (size_t)(dot - digits) : strlen(digits);
    lead = n % 3 ? n % 3 : 3;
    for (size_t i = 0; i < n && k + 2 < sizeof out; i++) {
        if (i && i >= lead && (i - lead) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
    snprintf(buf, len, "%s£%s%s", v < 0 ? "-" : "", out, dot ? dot : "");
}

/* A row labelled as a totals row is skipped when every money figure it gives is the
 * sum of the members above it (all of them, or those since the last totals row), to
 * a spreadsheet's display rounding (£0.50 a figure); otherwise it is an error, since
 * read as a member it would count the network twice. */
static int check_totals_row(const cylch_csv_table *t, const cylch_csv_row *r, const long *idx,
                            const double *scale, const char *label, const double *all, size_t nall,
                            const double *since, size_t nsince, cylch_error *err)
{
    static const int money[] = {
        CYLCH_COL_GRANT, CYLCH_COL_LOAN, CYLCH_COL_TRADE_LOCAL, CYLCH_COL_TRADE_EXTERNAL,
        CYLCH_COL_WAGES, CYLCH_COL_PURCHASES, CYLCH_COL_OTHER_COSTS
    };
    int ok_all = 1, ok_since = nsince > 0, bad = -1;
    const char *bad_cell = "";
    for (size_t k = 0; k < sizeof money / sizeof *money; k++) {
        int c = money[k];
        const char *cell;
        unsigned what = 0;
        double v = NAN;
        cylch_cell_status st;
        if (idx[c + 2] < 0)
            continue;
        cell = cylch_csv_get(r, (size_t)idx[c + 2]);
        if ((st = cylch_sheet_number(cell, CYLCH_CELL_MONEY, &v, &what, NULL, 0)) == CYLCH_CELL_BLANK)
            continue;
        if (st != CYLCH_CELL_OK)
            v = NAN;
        else if (scale[idx[c + 2]] > 1.0)
            v *= scale[idx[c + 2]];
        if (!(fabs(v - all[c]) <= 0.5 * (double)(nall + 1) + 1e-9 * fabs(all[c]))) {
            ok_all = 0;
            if (bad < 0) {
                bad = c;
                bad_cell = cell;
            }
        }
        if (!(fabs(v - since[c]) <= 0.5 * (double)(nsince + 1) + 1e-9 * fabs(since[c])))
            ok_since = 0;
    }
    if (ok_all || ok_since)
        return CYLCH_OK;
    {
        char sum[128];
        money_words(all[bad], sum, sizeof sum);
        return table_error(err, CYLCH_EINPUT, t, r->line, idx[bad + 2],
                              "'%s' looks like a totals row, but its %s (column %ld) is '%s', not "
                              "%s, the sum of the %zu member%s above it; cylch adds the members up "
                              "itself, so delete this row (if '%s' is a member, give it another id)",
                              label, col_names[bad], idx[bad + 2] + 1, bad_cell, sum, nall,
                              nall == 1 ? "" : "s", label);
    }
}

static int load_enterprises(cylch_network *net, const cylch_csv_table *t, cylch_error *err)
{
    const char *names[CYLCH_NCOLS + 2];
    long idx[CYLCH_NCOLS + 2], id_col, name_col;
    int *extra = NULL;
    read_tally tally;
    double sum_all[CYLCH_NCOLS] = {0}, sum_since[CYLCH_NCOLS] = {0};
    int pct_col[CYLCH_NCOLS] = {0};
    size_t since_n = 0;
    int rc;

    memset(&tally, 0, sizeof tally);
    net->source_col = -1;
    names[0] = "id";
    names[1] = "name";
    for (int c = 0; c < CYLCH_NCOLS; c++)
        names[c + 2] = col_names[c];
    if (!(extra = calloc(t->header.n + 1, sizeof *extra)) ||
        !(tally.scale = calloc(t->header.n + 1, sizeof *tally.scale))) {
        free(extra);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    if ((rc = map_header(t, names, CYLCH_NCOLS + 2, ent_synonyms,
                         sizeof ent_synonyms / sizeof *ent_synonyms, idx, extra, &tally, err)))
        goto cleanup;
    id_col = idx[0];
    name_col = idx[1];
    /* A share column headed with % ("Wages local %") whose plain numbers are all
     * percentages (at least one above 1, none between 0 and 1, none above 100): read
     * them as percentages. A mixed column keeps each cell's own reading (and 53 is
     * refused with "did you mean 53%?"). */
    for (int c = 0; c < CYLCH_NCOLS; c++) {
        long j = idx[c + 2];
        int above = 0, fraction = 0, over = 0;
        if (j < 0 || !cylch_col_is_share(c) || !strchr(t->header.field[j], '%'))
            continue;
        for (size_t i = 0; i < t->nrows; i++) {
            const char *cell = t->row[i].n > (size_t)j ? cylch_csv_get(&t->row[i], (size_t)j) : "";
            double v;
            unsigned what = 0;
            if (strchr(cell, '%') || totals_label(&t->row[i], id_col, name_col) ||
                cylch_sheet_number(cell, CYLCH_CELL_COUNT, &v, &what, NULL, 0) != CYLCH_CELL_OK)
                continue;
            above |= v > 1.0 && v <= 100.0;
            fraction |= v > 0.0 && v < 1.0;
            over |= v > 100.0 || v < 0.0;
        }
        pct_col[c] = above && !fraction && !over;
    }
    /* Thousands of pounds are for money: not ids, names, staff or shares. */
    for (int k = 0; k < CYLCH_NCOLS + 2; k++)
        if (idx[k] >= 0 && tally.scale[idx[k]] > 1.0 &&
            (k < 2 || k - 2 == CYLCH_COL_FTE || cylch_col_is_share(k - 2))) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line,
                                "column %ld is '%s', in thousands or millions of pounds, but %s is %s; "
                                "take the unit out of the heading", idx[k] + 1,
                                t->header.field[idx[k]], names[k],
                                k < 2 ? _("not money") : k - 2 == CYLCH_COL_FTE ? _("staff, not money")
                                : _("a share, not money"));
            goto cleanup;
        }
    if (id_col < 0) {
        rc = table_error(err, CYLCH_EINPUT, t, t->header.line, -1,
                            "missing column 'id' (a short lower-case name for each member, e.g. caffi); "
                            "the first row must name the columns");
        goto cleanup;
    }
    for (int c = 0; c < CYLCH_NCOLS; c++)
        if (idx[c + 2] < 0 && !cylch_col_is_optional(c)) {
            /* Name the headings cylch did not recognise: one of them is likely the column. */
            char unknown[512] = "";
            size_t nunknown = 0;
            for (size_t j = 0; j < t->header.n; j++) {
                char key[128], item[160];
                int known = 0;
                if (!extra[j])
                    continue;
                cylch_sheet_key(t->header.field[j], key, sizeof key);
                for (size_t k = 0; k < sizeof source_keys / sizeof *source_keys; k++)
                    known |= strcmp(key, source_keys[k]) == 0;
                if (known || strcmp(key, "industry") == 0)
                    continue;
                snprintf(item, sizeof item, _("'%.100s' (column %zu)"), t->header.field[j], j + 1);
                list_add(unknown, sizeof unknown, item);
                nunknown++;
            }
            if (nunknown == 1)
                rc = table_error(err, CYLCH_EINPUT, t, t->header.line, -1,
                                 "missing column '%s' (%s); cylch does not know the heading %s: "
                                 "if that column holds it, rename it %s", col_names[c],
                                 _(col_meaning[c]), unknown, col_names[c]);
            else if (nunknown)
                rc = table_error(err, CYLCH_EINPUT, t, t->header.line, -1,
                                 "missing column '%s' (%s); cylch does not know the headings %s: "
                                 "if one of them holds it, rename that one %s", col_names[c],
                                 _(col_meaning[c]), unknown, col_names[c]);
            else
                rc = table_error(err, CYLCH_EINPUT, t, t->header.line, -1,
                                    "missing column '%s' (%s); add it, headed %s", col_names[c],
                                    _(col_meaning[c]), col_names[c]);
            goto cleanup;
        }
    /* The extra columns, kept as written; the first source-like one holds sources. */
    for (size_t j = 0; j < t->header.n; j++)
        if (extra[j])
            net->nextra++;
    if (net->nextra && !(net->extra_name = calloc(net->nextra, sizeof *net->extra_name))) {
        net->nextra = 0;
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t j = 0, e = 0; j < t->header.n; j++) {
        char key[128];
        if (!extra[j])
            continue;
        if (!(net->extra_name[e] = strdup(t->header.field[j]))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto cleanup;
        }
        cylch_sheet_key(t->header.field[j], key, sizeof key);
        for (size_t s = 0; s < sizeof source_keys / sizeof *source_keys; s++)
            if (net->source_col < 0 && strcmp(key, source_keys[s]) == 0) {
                net->source_col = (long)e;
                tally.source_kept = 1;
            }
        /* `industry` is read by a scenario's [economy] (cylch_network_industry): not a
         * column "kept but not used". */
        if (strcmp(key, "industry") != 0) {
            char item[140];
            snprintf(item, sizeof item, "'%.120s'", t->header.field[j]);
            list_add(tally.extra, sizeof tally.extra, item);
        }
        e++;
    }
    if (t->nrows == 0) {
        rc = table_error(err, CYLCH_EINPUT, t, 0, -1,
                            "no members: the file has a header but no rows");
        goto cleanup;
    }
    if (t->nrows > CYLCH_MEMBERS_MAX) {
        rc = table_error(err, CYLCH_EINPUT, t, t->row[CYLCH_MEMBERS_MAX].line, -1,
                            "the file has %zu members; cylch takes networks of up to %d members",
                            t->nrows, CYLCH_MEMBERS_MAX);
        goto cleanup;
    }
    net->m = calloc(t->nrows, sizeof *net->m);
    if (!net->m) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        const cylch_csv_row *r = &t->row[i];
        size_t k = net->n;      /* this member's index: totals rows are not members */
        cylch_member *m = &net->m[k];
        const char *label;
        char *id;
        if (!row_fits(t, r)) {
            rc = table_error(err, CYLCH_EINPUT, t, r->line, -1,
                                "this row has %zu fields but the header has %zu", r->n, t->header.n);
            goto cleanup;
        }
        if ((label = totals_label(r, id_col, name_col))) {
            char ln[24];
            if ((rc = check_totals_row(t, r, idx, tally.scale, label, sum_all, net->n, sum_since, net->n - since_n,
                                       err)))
                goto cleanup;
            tally.totals++;
            snprintf(ln, sizeof ln, "%ld", r->line);
            list_add(tally.totals_lines, sizeof tally.totals_lines, ln);
            memset(sum_since, 0, sizeof sum_since);
            since_n = net->n;
            continue;
        }
        if (!(id = clean_id(cylch_csv_get(r, (size_t)id_col), &tally))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto cleanup;
        }
        m->id = id;
        net->n = k + 1;
        if (!cylch_id_valid(id)) {
            rc = table_error(err, CYLCH_EINPUT, t, r->line, id_col,
                                "id '%s' (column %ld) is not a valid id; use lower-case letters, "
                                "digits, '_' and '-' only", cylch_csv_get(r, (size_t)id_col), id_col + 1);
            goto cleanup;
        }
        if (cylch_network_find(net, id) != (long)k) {
            rc = table_error(err, CYLCH_EINPUT, t, r->line, id_col,
                                "id '%s' is used twice (first on line %ld)", id,
                                net->m[cylch_network_find(net, id)].line);
            goto cleanup;
        }
        m->name = strdup(name_col >= 0 && *cylch_csv_get(r, (size_t)name_col)
                             ? cylch_csv_get(r, (size_t)name_col) : id);
        m->line = r->line;
        if (!m->name || (net->nextra && !(m->extra = calloc(net->nextra, sizeof *m->extra)))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0, e = 0; j < t->header.n; j++)
            if (extra[j]) {
                const char *cell = cylch_csv_get(r, j);
                if (*cell && !(m->extra[e] = strdup(cell))) {
                    rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
                    goto cleanup;
                }
                e++;
            }
        /* Money before its share (the enum's order), so a share's blank can
         * depend on its amount: a blank local share of nothing is 0. */
        for (int c = 0; c < CYLCH_NCOLS; c++) {
            int blank_ok;
            cylch_cell_kind kind = cylch_col_is_share(c) ? CYLCH_CELL_SHARE
                                   : c == CYLCH_COL_FTE ? CYLCH_CELL_COUNT : CYLCH_CELL_MONEY;
            m->v[c] = 0.0;
            if (idx[c + 2] < 0)
                continue;
            switch (c) {
            case CYLCH_COL_GRANT: case CYLCH_COL_LOAN: case CYLCH_COL_TRADE_LOCAL:
            case CYLCH_COL_TRADE_EXTERNAL: case CYLCH_COL_OTHER_COSTS: case CYLCH_COL_OTHER_LOCAL_SHARE:
                blank_ok = 1;
                break;
            case CYLCH_COL_WAGES_LOCAL_SHARE:
                blank_ok = m->v[CYLCH_COL_WAGES] == 0.0 && idx[CYLCH_COL_WAGES + 2] >= 0;
                break;
            case CYLCH_COL_PURCHASES_LOCAL_SHARE:
                blank_ok = m->v[CYLCH_COL_PURCHASES] == 0.0 && idx[CYLCH_COL_PURCHASES + 2] >= 0;
                break;
            default:
                blank_ok = 0;
            }
            /* Under a heading that says % ("Wages local %"), a plain number is a percentage. */
            if (pct_col[c] && !strchr(cylch_csv_get(r, (size_t)idx[c + 2]), '%')) {
                double v = 0.0;
                if ((rc = read_number(t, r, idx[c + 2], col_names[c], id, CYLCH_CELL_COUNT, blank_ok, &v,
                                      &tally, err)))
                    goto cleanup;
                if (*cylch_csv_get(r, (size_t)idx[c + 2]) && v != 0.0)
                    tally.percent_by_heading++;
                m->v[c] = v / 100.0;
            } else if ((rc = read_number(t, r, idx[c + 2], col_names[c], id, kind, blank_ok, &m->v[c],
                                         &tally, err))) {
                goto cleanup;
            }
            sum_all[c] += m->v[c];
            sum_since[c] += m->v[c];
        }
    }
    if (net->n == 0) {
        rc = table_error(err, CYLCH_EINPUT, t, 0, -1,
                            "no members: the file has a header and a totals row but no members");
        goto cleanup;
    }
    free(net->read_note[0]);
    free(net->read_text[0]);
    net->read_note[0] = tally_note(t, &tally, 0);
    net->read_text[0] = tally_note(t, &tally, 1);
cleanup:
    free(extra);
    free(tally.scale);
    return rc;
}

/* Order of trade links by buyer, seller, then line. */
static int trade_order(const void *a, const void *b)
{
    const cylch_trade *x = *(const cylch_trade *const *)a, *y = *(const cylch_trade *const *)b;
    if (x->buyer != y->buyer)
        return x->buyer < y->buyer ? -1 : 1;
    if (x->seller != y->seller)
        return x->seller < y->seller ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* A link listed twice is an error at its second line (the earliest such line
 * in the file), found by sorting: n log n, not n² for a long trade.csv. */
static int check_duplicate_trade(const cylch_network *net, const char *path, cylch_error *err)
{
    const cylch_trade **ix;
    const cylch_trade *first = NULL, *dup = NULL;
    if (net->ntrade < 2)
        return CYLCH_OK;
    if (!(ix = malloc(net->ntrade * sizeof *ix)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t k = 0; k < net->ntrade; k++)
        ix[k] = &net->trade[k];
    qsort(ix, net->ntrade, sizeof *ix, trade_order);
    for (size_t k = 1; k < net->ntrade; k++)
        if (ix[k]->buyer == ix[k - 1]->buyer && ix[k]->seller == ix[k - 1]->seller &&
            (!dup || ix[k]->line < dup->line)) {
            dup = ix[k];
            first = ix[k - 1];
            while (k + 1 < net->ntrade && ix[k + 1]->buyer == dup->buyer &&
                   ix[k + 1]->seller == dup->seller)
                k++;
        }
    free(ix);
    if (dup) {
        /* first is the occurrence just before dup in the file order of its pair */
        return cylch_error_at(err, CYLCH_EINPUT, path, dup->line,
                              "'%s' buying from '%s' is listed twice (first on line %ld)",
                              net->m[dup->buyer].id, net->m[dup->seller].id, first->line);
    }
    return CYLCH_OK;
}

static int member_order(const void *a, const void *b)
{
    return strcmp((*(const cylch_member *const *)a)->id, (*(const cylch_member *const *)b)->id);
}

/* The index of the member with this id, from members sorted by id; -1 if none. */
static long find_sorted(const cylch_network *net, cylch_member *const *by_id, const char *id)
{
    size_t lo = 0, hi = net->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(by_id[mid]->id, id);
        if (c == 0)
            return (long)(by_id[mid] - net->m);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int load_trade(cylch_network *net, const cylch_csv_table *t, cylch_error *err)
{
    cylch_member **by_id = NULL;
    static const char *const names[3] = {"buyer", "seller", "amount"};
    long idx[3], cb, cs, ca;
    int *extra;
    read_tally tally;
    int rc;

    memset(&tally, 0, sizeof tally);
    if (!(extra = calloc(t->header.n + 1, sizeof *extra)) ||
        !(tally.scale = calloc(t->header.n + 1, sizeof *tally.scale))) {
        free(extra);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    if ((rc = map_header(t, names, 3, trade_synonyms, sizeof trade_synonyms / sizeof *trade_synonyms,
                         idx, extra, &tally, err)))
        goto cleanup;
    cb = idx[0];
    cs = idx[1];
    ca = idx[2];
    for (int k = 0; k < 2; k++)
        if (idx[k] >= 0 && tally.scale[idx[k]] > 1.0) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line,
                                "column %ld is '%s', in thousands or millions of pounds, but %s is "
                                "a member's id; take the unit out of the heading", idx[k] + 1,
                                t->header.field[idx[k]], names[k]);
            goto cleanup;
        }
    if (cb < 0 || cs < 0 || ca < 0) {
        rc = table_error(err, CYLCH_EINPUT, t, t->header.line, -1,
                            "missing column '%s' (the columns are buyer, seller, amount)",
                            cb < 0 ? "buyer" : cs < 0 ? "seller" : "amount");
        goto cleanup;
    }
    for (size_t j = 0; j < t->header.n; j++)
        if (extra[j]) {
            char item[140];
            snprintf(item, sizeof item, "'%.120s'", t->header.field[j]);
            list_add(tally.extra, sizeof tally.extra, item);
        }
    if (t->nrows > CYLCH_TRADE_MAX) {
        rc = table_error(err, CYLCH_EINPUT, t, t->row[CYLCH_TRADE_MAX].line, -1,
                            "the file has %zu trade links; cylch takes up to %d", t->nrows,
                            CYLCH_TRADE_MAX);
        goto cleanup;
    }
    net->trade = calloc(t->nrows ? t->nrows : 1, sizeof *net->trade);
    if (!net->trade) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* Members sorted by id, so that each link finds its two members in log n. */
    if (!(by_id = malloc(net->n * sizeof *by_id))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < net->n; k++)
        by_id[k] = &net->m[k];
    qsort(by_id, net->n, sizeof *by_id, member_order);
    for (size_t i = 0; i < t->nrows; i++) {
        const cylch_csv_row *r = &t->row[i];
        char *b = NULL, *s = NULL;
        long bi, si;
        cylch_trade *tr = &net->trade[net->ntrade];
        if (!row_fits(t, r)) {
            rc = table_error(err, CYLCH_EINPUT, t, r->line, -1,
                                "this row has %zu fields but the header has %zu", r->n, t->header.n);
            goto cleanup;
        }
        b = clean_id(cylch_csv_get(r, (size_t)cb), &tally);
        s = clean_id(cylch_csv_get(r, (size_t)cs), &tally);
        if (!b || !s) {
            free(b);
            free(s);
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto cleanup;
        }
        bi = find_sorted(net, by_id, b);
        si = find_sorted(net, by_id, s);
        if (bi < 0 || si < 0)
            rc = table_error(err, CYLCH_EINPUT, t, r->line, (bi < 0 ? cb : cs),
                                "%s '%s' (column %ld) is not a member in %s",
                                bi < 0 ? "buyer" : "seller", bi < 0 ? b : s,
                                (bi < 0 ? cb : cs) + 1, net->enterprises_path);
        else if (bi == si)
            rc = table_error(err, CYLCH_EINPUT, t, r->line, cb,
                                "'%s' cannot trade with itself", b);
        else if (!(rc = read_number(t, r, ca, "amount", b, CYLCH_CELL_MONEY, 0, &tr->amount,
                                    &tally, err)) && tr->amount < 0)
            rc = table_error(err, CYLCH_EINPUT, t, r->line, ca,
                                "amount for '%s' buying from '%s' is %g; money cannot be negative",
                                b, s, tr->amount);
        if (!rc && tr->amount > CYLCH_VALUE_MAX)
            rc = table_error(err, CYLCH_EINPUT, t, r->line, ca,
                                "amount for '%s' buying from '%s' is %g; cylch takes amounts of up "
                                "to %s", b, s, tr->amount, _(CYLCH_VALUE_MAX_TEXT));
        free(b);
        free(s);
        if (rc)
            goto cleanup;
        tr->buyer = (size_t)bi;
        tr->seller = (size_t)si;
        tr->line = r->line;
        net->ntrade++;
    }
    if ((rc = check_duplicate_trade(net, t->path, err)))
        goto cleanup;
    free(net->read_note[1]);
    free(net->read_text[1]);
    net->read_note[1] = tally_note(t, &tally, 0);
    net->read_text[1] = tally_note(t, &tally, 1);
cleanup:
    free(by_id);
    free(extra);
    free(tally.scale);
    return rc;
}

/* The checks of one member; bought_by is its purchases from other members. */
static int check_member(const cylch_network *net, size_t i, double bought_by, const char *file,
                        const char *ctx, cylch_error *err)
{
    const cylch_member *m = &net->m[i];
    long line = m->line;
    double T, bought, local_purch, local;
    char a[40], b[40];
    for (int c = 0; c < CYLCH_NCOLS; c++) {
        double v = m->v[c];
        if (cylch_col_is_share(c) && !(v >= 0.0 && v <= 1.0))
            return cylch_error_at(err, CYLCH_EINPUT, file, line,
                                  "%s for '%s' is %g%s; shares must be between 0 and 1",
                                  col_names[c], m->id, v, ctx);
        if (!cylch_col_is_share(c) && !(v >= 0.0))
            return cylch_error_at(err, CYLCH_EINPUT, file, line,
                                  "%s for '%s' is %g%s; %s cannot be negative",
                                  col_names[c], m->id, v, ctx,
                                  c == CYLCH_COL_FTE ? _("staff numbers") : _("money"));
        if (!(v <= CYLCH_VALUE_MAX))
            return cylch_error_at(err, CYLCH_EINPUT, file, line,
                                  "%s for '%s' is %g%s; cylch takes numbers of up to %s",
                                  col_names[c], m->id, v, ctx, _(CYLCH_VALUE_MAX_TEXT));
    }
    T = cylch_member_income(m);
    if (!(T > 0.0))
        return cylch_error_at(err, CYLCH_EINPUT, file, line,
                              "'%s' has no income%s (grant, loan, trade_local and trade_external "
                              "are all 0); every member needs some income", m->id, ctx);
    bought = bought_by;
    local_purch = m->v[CYLCH_COL_PURCHASES] * m->v[CYLCH_COL_PURCHASES_LOCAL_SHARE];
    if (bought > local_purch * (1 + 1e-12) + 1e-9) {
        cylch_text_money(a, sizeof a, bought);
        cylch_text_money(b, sizeof b, local_purch);
        return cylch_error_at(err, CYLCH_EINPUT, net->trade_path ? net->trade_path : file, 0,
                              "'%s' buys £%s from other members, more than its local purchases "
                              "(purchases × purchases_local_share = £%s%s in %s line %ld)",
                              m->id, a, b, ctx, file, line);
    }
    local = cylch_member_local_spend(m);
    if (local > T * (1 + 1e-12)) {
        cylch_text_money(a, sizeof a, local);
        cylch_text_money(b, sizeof b, T);
        return cylch_error_at(err, CYLCH_EINPUT, file, line,
                              "'%s' spends £%s locally%s but its income is only £%s; local "
                              "spending (wages, purchases and other costs kept local) cannot exceed income",
                              m->id, a, ctx, b);
    }
    return CYLCH_OK;
}

int cylch_network_check(const cylch_network *net, const char *context, cylch_error *err)
{
    const char *file = net->enterprises_path ? net->enterprises_path : "network";
    char ctx[256] = "";
    if (context)
        /* TRANSLATORS: added to a message about a member's figures, e.g. " after
         * [change \"grant cut\"] (scenarios/x.ini line 12)". */
        snprintf(ctx, sizeof ctx, _(" after %s"), context);
    if (net->n > CYLCH_MEMBERS_MAX)
        return cylch_error_at(err, CYLCH_EINPUT, file, 0,
                              "the network has %zu members%s; cylch takes networks of up to %d "
                              "members", net->n, ctx, CYLCH_MEMBERS_MAX);
    if (net->ntrade > CYLCH_TRADE_MAX)
        return cylch_error_at(err, CYLCH_EINPUT, file, 0,
                              "the network has %zu trade links%s; cylch takes up to %d",
                              net->ntrade, ctx, CYLCH_TRADE_MAX);
    /* Every amount is finite and at most CYLCH_VALUE_MAX, so that sums over
     * members and links stay finite. */
    for (size_t t = 0; t < net->ntrade; t++) {
        const cylch_trade *tr = &net->trade[t];
        if (!(tr->amount >= 0.0 && tr->amount <= CYLCH_VALUE_MAX))
            return cylch_error_at(err, CYLCH_EINPUT, net->trade_path ? net->trade_path : file,
                                  tr->line, "amount for '%s' buying from '%s' is %g%s; it must be "
                                  "from 0 to %s", net->m[tr->buyer].id,
                                  net->m[tr->seller].id, tr->amount, ctx, _(CYLCH_VALUE_MAX_TEXT));
    }
    /* Each member's purchases from members, in one pass over the links. */
    {
        double *bought_by = calloc(net->n ? net->n : 1, sizeof *bought_by);
        int rc = CYLCH_OK;
        if (!bought_by)
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        for (size_t t = 0; t < net->ntrade; t++)
            if (net->trade[t].buyer < net->n)
                bought_by[net->trade[t].buyer] += net->trade[t].amount;
        for (size_t i = 0; i < net->n && rc == CYLCH_OK; i++)
            rc = check_member(net, i, bought_by[i], file, ctx, err);
        free(bought_by);
        return rc;
    }
}

/* Parse both files from memory into a new network whose paths are as given. */
static int network_from_text(cylch_network *net, const char *ent_name, const char *ent, size_t ent_len,
                             const char *trade_name, const char *trade, size_t trade_len,
                             cylch_error *err)
{
    cylch_csv_table *t = NULL;
    int rc;
    if ((rc = cylch_csv_parse_ex(ent_name, ent, ent_len, CYLCH_CSV_SPREADSHEET, &t, err)))
        return rc;
    rc = load_enterprises(net, t, err);
    cylch_csv_table_free(t);
    t = NULL;
    if (rc == CYLCH_OK && trade) {
        if ((rc = cylch_csv_parse_ex(trade_name, trade, trade_len, CYLCH_CSV_SPREADSHEET, &t, err)))
            return rc;
        rc = load_trade(net, t, err);
        cylch_csv_table_free(t);
    }
    if (rc == CYLCH_OK)
        rc = cylch_network_check(net, NULL, err);
    return rc;
}

int cylch_network_parse(const char *enterprises_name, const char *enterprises, size_t enterprises_len,
                        const char *trade_name, const char *trade, size_t trade_len,
                        cylch_network **out, cylch_error *err)
{
    cylch_network *net;
    int rc;

    *out = NULL;
    if (!(net = calloc(1, sizeof *net)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    net->source_col = -1;
    net->enterprises_path = strdup(enterprises_name ? enterprises_name : "enterprises.csv");
    net->trade_path = trade ? strdup(trade_name ? trade_name : "trade.csv") : NULL;
    if (!net->enterprises_path || (trade && !net->trade_path)) {
        cylch_network_free(net);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    rc = network_from_text(net, net->enterprises_path, enterprises, enterprises_len,
                           net->trade_path, trade, trade_len, err);
    if (rc) {
        cylch_network_free(net);
        return rc;
    }
    *out = net;
    return CYLCH_OK;
}

/* The sheet of workbook x that holds table want ("enterprises" or "trade"): the only
 * sheet, or the one named want (for enterprises also "members"). -1 with err filled
 * when there are several and none has the name. */
static long pick_sheet(const cylch_xlsx *x, const char *path, const char *want, cylch_error *err)
{
    long i;
    char list[400];
    if (cylch_xlsx_nsheets(x) == 1)
        return 0;
    if ((i = cylch_xlsx_find_sheet(x, want)) >= 0)
        return i;
    if (!strcmp(want, "enterprises") && (i = cylch_xlsx_find_sheet(x, "members")) >= 0)
        return i;
    cylch_xlsx_sheet_list(x, list, sizeof list);
    if (!strcmp(want, "trade"))
        cylch_error_set(err, CYLCH_EINPUT, "%s has %zu sheets (%s) and none is named '%s': name the sheet of "
                        "trade between members '%s' (cylch reads the only sheet of a workbook, or the one with "
                        "that name)", path, cylch_xlsx_nsheets(x), list, want, want);
    else
        cylch_error_set(err, CYLCH_EINPUT, "%s has %zu sheets (%s) and none is named '%s': name the sheet of "
                        "members '%s' (cylch reads the only sheet of a workbook, or the one with that name)",
                        path, cylch_xlsx_nsheets(x), list, want, want);
    return -1;
}

/* A table from a workbook: sheet i of x. */
static int read_sheet(cylch_xlsx *x, long i, cylch_csv_table **t, cylch_error *err)
{
    return cylch_xlsx_read_sheet(x, (size_t)i, t, err);
}

/* Workbooks in the folder: enterprises.xlsx in place of enterprises.csv, and the trade
 * between members from trade.csv, trade.xlsx or a sheet named "trade" of
 * enterprises.xlsx. Two files for one table (enterprises.csv and enterprises.xlsx, or
 * two sources of trade) are an error: cylch would not know which is current. When
 * enterprises.xlsx is there, loads the network from the tables (*done = 1); otherwise
 * leaves everything to the CSV reading (*done = 0; trade.xlsx beside enterprises.csv
 * is read there too). net's paths name what was read. */
static int network_workbooks(cylch_network *net, int *done, cylch_error *err)
{
    char *ex = cylch_path_join(net->dir, "enterprises.xlsx"), *tx = cylch_path_join(net->dir, "trade.xlsx");
    cylch_xlsx *book = NULL, *tbook = NULL;
    cylch_csv_table *t = NULL;
    struct stat st;
    int has_ec, has_ex, has_tc, has_tx, rc = CYLCH_OK;
    long ei = -1, ti = -1;

    *done = 0;
    if (!ex || !tx) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto out;
    }
    has_ec = lstat(net->enterprises_path, &st) == 0;
    has_ex = lstat(ex, &st) == 0;
    has_tc = lstat(net->trade_path, &st) == 0;
    has_tx = lstat(tx, &st) == 0;
    if (has_ec && has_ex) {
        rc = cylch_error_set(err, CYLCH_EINPUT, "%s holds both enterprises.csv and enterprises.xlsx: keep one "
                             "of them (cylch would not know which is current)", net->dir);
        goto out;
    }
    if (has_tc && has_tx) {
        rc = cylch_error_set(err, CYLCH_EINPUT, "%s holds both trade.csv and trade.xlsx: keep one of them "
                             "(cylch would not know which is current)", net->dir);
        goto out;
    }
    if (!has_ex && !has_tx)
        goto out;   /* CSV files only */
    if (has_ex) {
        if ((rc = cylch_xlsx_open(ex, NULL, &book, err)))
            goto out;
        if ((ei = pick_sheet(book, ex, "enterprises", err)) < 0) {
            rc = CYLCH_EINPUT;
            goto out;
        }
        if (cylch_xlsx_nsheets(book) > 1 && (ti = cylch_xlsx_find_sheet(book, "trade")) >= 0 &&
            (has_tc || has_tx)) {
            rc = cylch_error_set(err, CYLCH_EINPUT, "%s has a sheet named 'trade' and %s holds %s as well: "
                                 "keep one of them (cylch would not know which is current)", ex, net->dir,
                                 has_tc ? "trade.csv" : "trade.xlsx");
            goto out;
        }
    }
    if (has_tx) {
        if ((rc = cylch_xlsx_open(tx, NULL, &tbook, err)))
            goto out;
        if ((ti = pick_sheet(tbook, tx, "trade", err)) < 0) {
            rc = CYLCH_EINPUT;
            goto out;
        }
    }
    /* The members: from the workbook, or from enterprises.csv as usual. */
    if (book) {
        free(net->enterprises_path);
        if (!(net->enterprises_path = strdup(ex))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = read_sheet(book, ei, &t, err)))
            goto out;
    } else if ((rc = cylch_csv_read_ex(net->enterprises_path, CYLCH_CSV_SPREADSHEET, &t, err))) {
        goto out;
    }
    rc = load_enterprises(net, t, err);
    cylch_csv_table_free(t);
    t = NULL;
    if (rc)
        goto out;
    /* The trade: trade.xlsx, the workbook's 'trade' sheet, or trade.csv. */
    free(net->trade_path);
    net->trade_path = NULL;
    if (ti >= 0) {
        if (!(net->trade_path = strdup(tbook ? tx : ex))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto out;
        }
        rc = read_sheet(tbook ? tbook : book, ti, &t, err);
    } else if (has_tc) {
        if (!(net->trade_path = cylch_path_join(net->dir, "trade.csv"))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto out;
        }
        rc = cylch_csv_read_ex(net->trade_path, CYLCH_CSV_SPREADSHEET, &t, err);
    }
    if (!rc && t)
        rc = load_trade(net, t, err);
    if (!rc)
        rc = cylch_network_check(net, NULL, err);
    *done = 1;
out:
    cylch_csv_table_free(t);
    cylch_xlsx_close(book);
    cylch_xlsx_close(tbook);
    free(ex);
    free(tx);
    return rc;
}

int cylch_network_load(const char *dir, cylch_network **out, cylch_error *err)
{
    cylch_network *net;
    struct stat st;
    char *ent = NULL, *trade = NULL;
    size_t ent_len = 0, trade_len = 0;
    int rc, done_by_workbook = 0;

    *out = NULL;
    net = calloc(1, sizeof *net);
    if (!net)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    net->source_col = -1;
    net->dir = strdup(dir);
    net->enterprises_path = cylch_path_join(dir, "enterprises.csv");
    net->trade_path = cylch_path_join(dir, "trade.csv");
    if (!net->dir || !net->enterprises_path || !net->trade_path) {
        cylch_network_free(net);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    if (stat(dir, &st) == 0 && S_ISREG(st.st_mode)) {
        /* `network = ../data/x/enterprises.csv`: name the folder it is in. */
        char *slash = strrchr(net->dir, '/');
        if (slash)
            *slash = '\0';
        rc = cylch_error_set(err, CYLCH_EINPUT,
                             "%s: this is a file, but `network` names the folder that holds "
                             "enterprises.csv (and trade.csv if members trade with each other); "
                             "give the folder, e.g. network = %s", dir, slash ? net->dir : ".");
        cylch_network_free(net);
        return rc;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = cylch_error_set(err, CYLCH_EINPUT, "%s: the network folder does not exist (`network` in a "
                             "scenario is relative to the folder the scenario file is in)", dir);
        cylch_network_free(net);
        return rc;
    }
    if ((rc = network_workbooks(net, &done_by_workbook, err)) || done_by_workbook)
        goto done;
    if ((rc = cylch_file_read(net->enterprises_path, &ent, &ent_len, err)))
        goto done;
    /* lstat: a link to nowhere is an error (reading it says so), not "no trade". */
    if (lstat(net->trade_path, &st) == 0) {
        if ((rc = cylch_file_read(net->trade_path, &trade, &trade_len, err)))
            goto done;
    } else {
        free(net->trade_path);
        net->trade_path = NULL;
    }
    rc = network_from_text(net, net->enterprises_path, ent, ent_len, net->trade_path, trade, trade_len,
                           err);
done:
    free(ent);
    free(trade);
    if (rc) {
        cylch_network_free(net);
        return rc;
    }
    *out = net;
    return CYLCH_OK;
}

/* ---------------------------------------------------------------- editing */

int cylch_network_add_member(cylch_network *net, const char *id, const char *name,
                             const double v[CYLCH_NCOLS], long line, cylch_error *err)
{
    cylch_member *nm;
    char *nid, *nname;
    if (!id || !cylch_id_valid(id))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "'%s' is not a valid member id; use lower-case letters, digits, "
                               "'_' and '-' only", id ? id : "");
    if (cylch_network_find(net, id) >= 0)
        return cylch_error_set(err, CYLCH_EINPUT, "'%s' is already a member of the network in %s",
                               id, net->dir ? net->dir : _("this network"));
    nid = strdup(id);
    nname = strdup(name && *name ? name : id);
    nm = realloc(net->m, (net->n + 1) * sizeof *nm);
    if (!nid || !nname || !nm) {
        free(nid);
        free(nname);
        if (nm)
            net->m = nm;
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    net->m = nm;
    nm[net->n].id = nid;
    nm[net->n].name = nname;
    memcpy(nm[net->n].v, v, CYLCH_NCOLS * sizeof *v);
    nm[net->n].line = line;
    nm[net->n].extra = NULL;   /* no cells in the extra columns */
    net->n++;
    return CYLCH_OK;
}

void cylch_network_remove_trade(cylch_network *net, size_t t)
{
    if (t >= net->ntrade)
        return;
    memmove(net->trade + t, net->trade + t + 1, (net->ntrade - t - 1) * sizeof *net->trade);
    net->ntrade--;
}

int cylch_network_remove_member(cylch_network *net, size_t j, cylch_error *err)
{
    size_t t = 0;
    if (j >= net->n)
        return cylch_error_set(err, CYLCH_EINPUT, "no member number %zu to remove (the network has %zu)",
                               j + 1, net->n);
    if (net->n == 1)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "'%s' is the network's only member; a network needs at least one",
                               net->m[j].id);
    while (t < net->ntrade) {
        cylch_trade *tr = &net->trade[t];
        if (tr->buyer == j || tr->seller == j) {
            cylch_network_remove_trade(net, t);
            continue;
        }
        if (tr->buyer > j)
            tr->buyer--;
        if (tr->seller > j)
            tr->seller--;
        t++;
    }
    member_clear(net, &net->m[j]);
    memmove(net->m + j, net->m + j + 1, (net->n - j - 1) * sizeof *net->m);
    net->n--;
    return CYLCH_OK;
}

long cylch_network_find_trade(const cylch_network *net, size_t buyer, size_t seller)
{
    for (size_t t = 0; t < net->ntrade; t++)
        if (net->trade[t].buyer == buyer && net->trade[t].seller == seller)
            return (long)t;
    return -1;
}

int cylch_network_add_trade(cylch_network *net, size_t buyer, size_t seller, double amount,
                            long line, cylch_error *err)
{
    cylch_trade *nt;
    if (buyer >= net->n || seller >= net->n)
        return cylch_error_set(err, CYLCH_EINPUT, "a trade link names a member that is not in the network");
    if (buyer == seller)
        return cylch_error_set(err, CYLCH_EINPUT, "'%s' cannot trade with itself", net->m[buyer].id);
    if (cylch_network_find_trade(net, buyer, seller) >= 0)
        return cylch_error_set(err, CYLCH_EINPUT, "'%s' buying from '%s' is already a trade link",
                               net->m[buyer].id, net->m[seller].id);
    if (!(amount >= 0.0) || !isfinite(amount))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "amount for '%s' buying from '%s' is %g; money cannot be negative",
                               net->m[buyer].id, net->m[seller].id, amount);
    nt = realloc(net->trade, (net->ntrade + 1) * sizeof *nt);
    if (!nt)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    net->trade = nt;
    nt[net->ntrade].buyer = buyer;
    nt[net->ntrade].seller = seller;
    nt[net->ntrade].amount = amount;
    nt[net->ntrade].line = line;
    net->ntrade++;
    return CYLCH_OK;
}
