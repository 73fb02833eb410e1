/* cylch — results as a workbook: one sheet per CSV table of a results folder,
 * numbers formatted for people, read back from the CSVs just written. */
#include "cylch/present/workbook.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <time.h>

#include <xlsxwriter.h>

#include "cylch/io/csvio.h"
#include "cylch/io/lang.h"
#include "cylch/io/xlsx.h"
#include "cylch/present/report.h"

/* What a column holds, and so how its numbers are shown. */
typedef enum wb_kind {
    WB_AUTO = 0,     /* a number when the cell reads as one, else text; Excel's General format */
    WB_TEXT,         /* always text: ids, names, codes */
    WB_GBP,          /* £ (a year): £1,234,567 */
    WB_GBP_PENCE,    /* £ per £1 of cost, or a multiplier rounded for people: £2.72 */
    WB_MULT,         /* a multiplier, £ per £1: 2.723 */
    WB_SHARE,        /* a share 0-1 shown as %: 98.2% */
    WB_PERCENT,      /* a figure already in percent: 98.2% */
    WB_FTE,          /* full-time equivalent jobs: 1,234.5 */
    WB_COUNT,        /* a whole number: 1,234 */
    WB_BY_QUANTITY,  /* the kind of the quantity named in the row's "quantity" cell */
    WB_BY_UNIT,      /* the kind of the unit named in the row's "Unit" cell */
    WB_NKIND
} wb_kind;

/* Excel number format and the unit a header names for each kind of number. */
static const struct {
    const char *format;
    const char *unit;
} kind_info[WB_NKIND] = {
    [WB_AUTO] = {"General", NULL},
    [WB_TEXT] = {"@", NULL},
    [WB_GBP] = {"\"£\"#,##0;-\"£\"#,##0", "£"},
    [WB_GBP_PENCE] = {"\"£\"#,##0.00;-\"£\"#,##0.00", "£"},
    [WB_MULT] = {"0.000", N_("£ per £1")},
    [WB_SHARE] = {"0.0%", "%"},
    [WB_PERCENT] = {"0.0\"%\"", "%"},
    [WB_FTE] = {"#,##0.0", N_("FTE")},
    [WB_COUNT] = {"#,##0", NULL},
    [WB_BY_QUANTITY] = {"General", NULL},
    [WB_BY_UNIT] = {"General", NULL},
};

/* The columns cylch writes: readable names with their units, and their kinds.
 * file NULL: a column of that name in any table. The first match wins. */
static const struct wb_column {
    const char *file, *column, *label;
    wb_kind kind;
} columns[] = {
    {NULL, "source", N_("Money (where it comes from)"), WB_TEXT},
    {NULL, "money", N_("Money, in words"), WB_TEXT},
    {NULL, "id", N_("Member id"), WB_TEXT},
    {NULL, "name", N_("Name"), WB_TEXT},
    {NULL, "scenario", N_("Scenario"), WB_TEXT},
    {NULL, "description", N_("Description"), WB_TEXT},
    {NULL, "quantity", N_("Quantity"), WB_TEXT},
    {NULL, "round", N_("Round"), WB_AUTO},
    {NULL, "code", N_("Code"), WB_TEXT},   /* industry codes such as "01" stay as written */
    {NULL, "industry", N_("Industry"), WB_TEXT},
    {"rounds.csv", "received_locally", N_("Received locally (£ a year)"), WB_GBP},
    {"rounds.csv", "cumulative", N_("Received locally so far (£ a year)"), WB_GBP},
    {"rounds.csv", "multiplier_so_far", N_("Multiplier so far (£ per £1)"), WB_MULT},
    {"rounds.csv", "leaked", N_("Leaked this round (£ a year)"), WB_GBP},
    {"members.csv", "income", N_("Income (£ a year)"), WB_GBP},
    {"members.csv", "employees_fte", N_("Staff (FTE)"), WB_FTE},
    {"members.csv", "multiplier", N_("Multiplier of its income (£ per £1)"), WB_MULT},
    /* xgettext:no-c-format */
    {"members.csv", "round2_local_share", N_("Spent locally in round 2 (% of income)"), WB_SHARE},
    {"leakage.csv", "non_local_staff", N_("Staff living outside (£ a year)"), WB_GBP},
    {"leakage.csv", "non_local_suppliers", N_("Suppliers outside (£ a year)"), WB_GBP},
    {"leakage.csv", "households_outside", N_("Households spending outside (£ a year)"), WB_GBP},
    {"leakage.csv", "businesses_outside", N_("Other local businesses' own leakage (£ a year)"), WB_GBP},
    {"leakage.csv", "other", N_("Tax, surplus and other costs outside (£ a year)"), WB_GBP},
    {"leakage.csv", "total", N_("Total leaked (£ a year)"), WB_GBP},
    {"histogram.csv", "bin_low", N_("Multiplier from (£ per £1)"), WB_MULT},
    {"histogram.csv", "bin_high", N_("Multiplier to (£ per £1)"), WB_MULT},
    {"histogram.csv", "count", N_("Draws"), WB_COUNT},
    {"histogram.csv", "share", N_("Share of draws (%)"), WB_SHARE},
    {"convergence.csv", "draws", N_("Draws"), WB_COUNT},
    {"convergence.csv", "mean", N_("Mean multiplier so far (£ per £1)"), WB_MULT},
    /* xgettext:no-c-format */
    {"convergence.csv", "low95", N_("95% interval of the mean, low (£ per £1)"), WB_MULT},
    /* xgettext:no-c-format */
    {"convergence.csv", "high95", N_("95% interval of the mean, high (£ per £1)"), WB_MULT},
    {"compare.csv", "base_point", N_("Base, at the reported values (unit of the quantity)"), WB_BY_QUANTITY},
    {"compare.csv", "other_point", N_("This scenario, at the reported values"), WB_BY_QUANTITY},
    {"compare.csv", "point_diff", N_("Difference at the reported values"), WB_BY_QUANTITY},
    {"compare.csv", "mean_diff", N_("Difference, mean of the draws"), WB_BY_QUANTITY},
    {"compare.csv", "sd_diff", N_("Difference, standard deviation"), WB_BY_QUANTITY},
    {"compare.csv", "p5_diff", N_("Difference, 5th percentile"), WB_BY_QUANTITY},
    {"compare.csv", "p50_diff", N_("Difference, median"), WB_BY_QUANTITY},
    {"compare.csv", "p95_diff", N_("Difference, 95th percentile"), WB_BY_QUANTITY},
    {"compare.csv", "p_other_greater", N_("Draws higher than the base (%)"), WB_SHARE},
    {"compare.csv", "p_other_less", N_("Draws lower than the base (%)"), WB_SHARE},
    {"compare.csv", "measure", N_("Measure"), WB_TEXT},
    {"compare.csv", "unit", N_("Unit"), WB_TEXT},
    {"cost.csv", "rank", N_("Rank"), WB_COUNT},
    {"cost.csv", "cost_gbp_a_year", N_("Cost (£ a year of public money)"), WB_GBP},
    {"cost.csv", "change_in_local_circulation_gbp_a_year", N_("Change in local circulation (£ a year)"), WB_GBP},
    {"cost.csv", "per_pound_point", N_("Local circulation per £1 of cost, at the reported values (£)"),
     WB_GBP_PENCE},
    {"cost.csv", "per_pound_p5", N_("Per £1 of cost, 5th percentile (£)"), WB_GBP_PENCE},
    {"cost.csv", "per_pound_p95", N_("Per £1 of cost, 95th percentile (£)"), WB_GBP_PENCE},
    {"cost.csv", "p_per_pound_above_1", N_("Chance of more than £1 per £1 of cost (%)"), WB_SHARE},
    {"cost.csv", "money_moved", N_("Money the policy moves (its multiplier is used)"), WB_TEXT},
    {"industries.csv", "local_output", N_("Local output (£ a year)"), WB_GBP},
    {"industries.csv", "local_wages", N_("Local wages (£ a year)"), WB_GBP},
    {"industries.csv", "jobs", N_("Jobs (FTE)"), WB_FTE},
    {"industries.csv", "gva", N_("Gross value added (£ a year)"), WB_GBP},
    /* summary-rounded.csv has readable names already; the row's unit says the kind. */
    {"summary-rounded.csv", "Figure", NULL, WB_TEXT},
    {"summary-rounded.csv", "Money", NULL, WB_TEXT},
    {"summary-rounded.csv", "Unit", NULL, WB_TEXT},
    {"summary-rounded.csv", NULL, NULL, WB_BY_UNIT},   /* every other column */
};

/* Sheet names (at most 31 characters) and what each holds, for the About sheet; a
 * table not listed is named after its file. */
static const struct {
    const char *file, *sheet, *what;
} sheets[] = {
    {"summary-rounded.csv", N_("Summary"),
     N_("The headline figures for each source of money, rounded for pasting into a document: at the "
        "reported values and, with draws, their average and 90% range.")},
    {"rounds.csv", N_("Rounds"),
     N_("Each £1 round by round: spent locally, spent locally so far, the multiplier so far, and what "
        "leaked.")},
    {"members.csv", N_("Members"),
     N_("Each member: its income, staff, the multiplier of its income and the share of its income it "
        "spends locally at once.")},
    {"leakage.csv", N_("Leakage"),
     N_("Where each £1 leaks, round by round: staff living outside, suppliers outside, households "
        "spending outside, other local businesses' own leakage, and tax, surplus and other costs.")},
    {"histogram.csv", N_("Histogram"), N_("How the headline multiplier spreads over the Monte Carlo draws.")},
    {"convergence.csv", N_("Convergence"),
     /* xgettext:no-c-format */
     N_("The running mean of the headline multiplier as draws are added, with its 95% interval: "
        "whether there were draws enough.")},
    {"industries.csv", N_("Industries"),
     N_("With an [economy] section: local output, wages, jobs and value added by industry, for each "
        "source of money.")},
    {"compare.csv", N_("Compare"),
     N_("Each scenario's difference from the base, figure by figure: at the reported values and over "
        "the paired draws (mean, sd, 5th, 50th and 95th percentiles, the share of draws higher and "
        "lower).")},
    {"cost.csv", N_("Per £ of cost"),
     N_("The scenarios that say what they cost, ranked by the change in local circulation per £1 of "
        "cost, with its 90% range and the chance it is more than £1.")},
};

/* The units of the workbook, as the About sheet explains them. */
static const char *const unit_notes[][2] = {
    {N_("£ a year"), N_("Pounds a year, for the year of the members' accounts.")},
    {N_("£ per £1"), N_("A multiplier: the pounds that circulate in the local economy for each £1 that "
                        "comes in, the £1 itself included.")},
    {"%", N_("A share, shown as a percentage (the CSV files hold it as a number between 0 and 1, or as "
             "a percentage where the column says %).")},
    {N_("FTE"), N_("Full-time-equivalent jobs (two half-time posts are 1 FTE).")},
    {N_("Precision"), N_("Each number is exactly the number in the CSV file beside this workbook that "
                         "its sheet comes from, every digit of it (a spreadsheet shows 15 significant "
                         "digits; the cell holds the rest). The draws of the Monte Carlo simulation are "
                         "in the CSV files only.")},
};

/* Per-draw data: for programs, not for a workbook; and compare-rounded.csv, compare.csv
 * rounded as text for pasting (its Compare sheet holds the numbers, formatted). */
static const char *const per_draw[] = {"draws.csv", "draws-columns.csv", "compare-draws.csv",
                                       "compare-rounded.csv"};

/* The units of summary-rounded.csv's Unit column. */
static const struct {
    const char *unit;
    wb_kind kind;
} units[] = {
    {"£ a year", WB_GBP}, {"£ per £1", WB_GBP_PENCE}, {"FTE", WB_FTE}, {"%", WB_PERCENT},
};

/* Words of a column or quantity name that say its kind, tried in order. */
static const struct {
    const char *word;
    wb_kind kind;
} words[] = {
    {"lm3", WB_MULT},      {"lmk", WB_MULT},       {"inf", WB_MULT},        {"type1", WB_MULT},
    {"type2", WB_MULT},    {"multiplier", WB_MULT}, {"share", WB_SHARE},    {"fte", WB_FTE},
    {"jobs", WB_FTE},      {"employment", WB_FTE}, {"gbp", WB_GBP},         {"wages", WB_GBP},
    {"income", WB_GBP},    {"output", WB_GBP},     {"gva", WB_GBP},         {"turnover", WB_GBP},
    {"value", WB_GBP},     {"injection", WB_GBP},  {"cost", WB_GBP},
};

int cylch_workbook_has_sheet(const char *name)
{
    size_t n = strlen(name);
    if (n < 4 || strcmp(name + n - 4, ".csv") != 0)
        return 0;
    for (size_t i = 0; i < sizeof per_draw / sizeof *per_draw; i++)
        if (!strcmp(name, per_draw[i]))
            return 0;
    return 1;
}

/* The kind a name's words say ("grant.local_wages" → £, "round2_local_share" → %), or WB_AUTO. */
static wb_kind kind_of_name(const char *name)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", name);
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        size_t len = strlen(words[w].word);
        for (char *p = buf; (p = strstr(p, words[w].word)); p++) {
            /* A whole word: bounded by the name's ends, '_' or '.'. */
            int left = p == buf || p[-1] == '_' || p[-1] == '.';
            int right = p[len] == '\0' || p[len] == '_' || p[len] == '.';
            if (left && right)
                return words[w].kind;
        }
    }
    return WB_AUTO;
}

static const struct wb_column *column_find(const char *file, const char *column)
{
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
        if ((!columns[i].file || !strcmp(columns[i].file, file)) &&
            (!columns[i].column || !strcmp(columns[i].column, column)))
            return &columns[i];
    return NULL;
}

/* The header of a column: its readable name, or its name made readable with the unit
 * its words say ("local_wages" → "Local wages (£)"). */
static void column_label(const char *file, const char *column, char *buf, size_t len)
{
    const struct wb_column *c = column_find(file, column);
    const char *unit;
    size_t i;
    if (c && c->label) {
        snprintf(buf, len, "%s", _(c->label));
        return;
    }
    if (c) {
        /* summary-rounded.csv's own readable names, in the run's language */
        snprintf(buf, len, "%s", _(column));
        return;
    }
    unit = kind_info[kind_of_name(column)].unit;
    unit = unit ? _(unit) : NULL;
    snprintf(buf, len, "%s", column);
    for (i = 0; buf[i]; i++)
        if (buf[i] == '_' || buf[i] == '.')
            buf[i] = ' ';
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    if (unit && i + strlen(unit) + 4 < len)
        snprintf(buf + i, len - i, " (%s)", unit);
}

static wb_kind column_kind(const char *file, const char *column)
{
    const struct wb_column *c = column_find(file, column);
    return c ? c->kind : kind_of_name(column);
}

static wb_kind unit_kind(const char *unit)
{
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (!strcmp(units[i].unit, unit))
            return units[i].kind;
    return WB_AUTO;
}

/* Characters a person sees in s (UTF-8 code points). */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Characters of an integer part with thousands separators. */
static size_t grouped_width(double a)
{
    char b[64];
    size_t d = (size_t)snprintf(b, sizeof b, "%.0f", floor(a));
    return d + (d - 1) / 3;
}

/* How wide v looks in kind's format (close enough to size a column). */
static size_t number_width(wb_kind kind, double v, const char *text)
{
    double a = fabs(v);
    size_t sign = v < 0;
    char b[64];
    switch (kind) {
    case WB_GBP: return sign + 1 + grouped_width(a + 0.5);
    case WB_GBP_PENCE: return sign + 1 + grouped_width(a) + 3;
    case WB_MULT: return (size_t)snprintf(b, sizeof b, "%.3f", v);
    case WB_SHARE: return (size_t)snprintf(b, sizeof b, "%.1f%%", 100 * v);
    case WB_PERCENT: return (size_t)snprintf(b, sizeof b, "%.1f%%", v);
    case WB_FTE: return sign + grouped_width(a) + 2;
    case WB_COUNT: return sign + grouped_width(a + 0.5);
    default: {
        size_t n = strlen(text);
        return n > 11 ? 11 : n;   /* General shows about 11 characters */
    }
    }
}

/* One sheet's state: the table, each column's kind and width. */
typedef struct wb_sheet {
    cylch_csv_table *t;
    wb_kind *kind;
    double *width;
    char **label;
    long quantity, unit;   /* the columns WB_BY_QUANTITY and WB_BY_UNIT cells look at, or -1 */
    int words;             /* 1: its text cells are words for people (summary-rounded.csv), translated */
} wb_sheet;

/* The text of a cell as shown: v, or for a sheet of words v in the run's language
 * (summary-rounded.csv's figures, money and units; "Local multiplier LMk (k rounds)"
 * carries its k). buf holds a formatted text; the result may be v, _(v) or buf. */
static const char *cell_words(const wb_sheet *s, const char *v, char *buf, size_t len)
{
    static const char lmk[] = "Local multiplier LM";
    const char *t;
    char *end;
    unsigned long k;
    if (!s->words || !*v)
        return v;
    if ((t = _(v)) != v)
        return t;
    if (!strncmp(v, lmk, sizeof lmk - 1)) {
        k = strtoul(v + sizeof lmk - 1, &end, 10);
        snprintf(buf, len, "Local multiplier LM%lu (%lu rounds)", k, k);
        if (end != v + sizeof lmk - 1 && !strcmp(buf, v)) {
            snprintf(buf, len, _("Local multiplier LM%lu (%lu rounds)"), k, k);
            return buf;
        }
    }
    return v;
}

/* The kind of cell (row r, column j). */
static wb_kind cell_kind(const wb_sheet *s, size_t r, size_t j)
{
    wb_kind k = s->kind[j];
    if (k == WB_BY_QUANTITY)
        k = s->quantity >= 0 ? kind_of_name(cylch_csv_get(&s->t->row[r], (size_t)s->quantity)) : WB_AUTO;
    else if (k == WB_BY_UNIT)
        k = s->unit >= 0 ? unit_kind(cylch_csv_get(&s->t->row[r], (size_t)s->unit)) : WB_AUTO;
    return k;
}

/* Formats, made once per workbook: [kind] for cells, and the header's. */
typedef struct wb_formats {
    lxw_format *cell[WB_NKIND];
    lxw_format *header;
} wb_formats;

static void formats_make(lxw_workbook *wb, wb_formats *fm)
{
    for (int k = 0; k < WB_NKIND; k++) {
        fm->cell[k] = workbook_add_format(wb);
        if (fm->cell[k])
            format_set_num_format(fm->cell[k], kind_info[k].format);
    }
    fm->header = workbook_add_format(wb);
    if (fm->header) {
        format_set_bold(fm->header);
        format_set_text_wrap(fm->header);
        format_set_align(fm->header, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(fm->header, LXW_BORDER_THIN);
    }
}

static void sheet_clear(wb_sheet *s)
{
    if (s->label)
        for (size_t j = 0; j < s->t->header.n; j++)
            free(s->label[j]);
    free(s->label);
    free(s->kind);
    free(s->width);
    cylch_csv_table_free(s->t);
    memset(s, 0, sizeof *s);
}

/* Reads dir/file and works out its columns' kinds, labels and widths. */
static int sheet_load(wb_sheet *s, const char *dir, const char *shown, const char *file, cylch_error *err)
{
    size_t n = strlen(dir) + strlen(file) + 2, nc;
    char *path = malloc(n);
    int rc;
    memset(s, 0, sizeof *s);
    if (!path)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    snprintf(path, n, "%s/%s", dir, file);
    rc = cylch_csv_read(path, &s->t, err);
    free(path);
    if (rc)
        return cylch_error_set(err, rc, "cannot read %s/%s back for the workbook: %s", shown, file, err->msg);
    nc = s->t->header.n;
    s->kind = calloc(nc ? nc : 1, sizeof *s->kind);
    s->width = calloc(nc ? nc : 1, sizeof *s->width);
    s->label = calloc(nc ? nc : 1, sizeof *s->label);
    if (!s->kind || !s->width || !s->label)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    s->words = !strcmp(file, "summary-rounded.csv");
    s->quantity = cylch_csv_column(s->t, "quantity");
    s->unit = cylch_csv_column(s->t, "Unit");
    for (size_t j = 0; j < nc; j++) {
        char label[256];
        size_t lw, longest = 0, word = 0, w = 0;
        column_label(file, s->t->header.field[j], label, sizeof label);
        if (!(s->label[j] = strdup(label)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        s->kind[j] = column_kind(file, s->t->header.field[j]);
        for (size_t r = 0; r < s->t->nrows; r++) {
            const char *v = cylch_csv_get(&s->t->row[r], j);
            wb_kind k = cell_kind(s, r, j);
            double x;
            char wbuf[160];
            size_t cw = k != WB_TEXT && cylch_parse_double(v, &x) ? number_width(k, x, v)
                                                                 : text_width(cell_words(s, v, wbuf, sizeof wbuf));
            if (cw > w)
                w = cw;
        }
        /* The header wraps: over two lines at most, never splitting a word. */
        lw = text_width(label);
        for (const char *p = label;; p++) {
            if (!*p || *p == ' ') {
                longest = word > longest ? word : longest;
                word = 0;
                if (!*p)
                    break;
            } else {
                word += ((unsigned char)*p & 0xC0) != 0x80;
            }
        }
        if (w < (lw + 1) / 2)
            w = (lw + 1) / 2;
        if (w < longest)
            w = longest;
        s->width[j] = (double)(w > 60 ? 60 : w) + 2.0;
    }
    return CYLCH_OK;
}

/* The doubles written as numbers, sheet by sheet, so that the finished workbook's
 * cells can be made to hold them exactly (io/xlsx.h: the library writes 16 digits). */
typedef struct wb_record {
    cylch_xlsx_numbers *sheet;
    size_t n;
} wb_record;

static void record_clear(wb_record *rec)
{
    for (size_t i = 0; i < rec->n; i++) {
        free((char *)rec->sheet[i].sheet);
        free((cylch_xlsx_cell *)rec->sheet[i].cell);
    }
    free(rec->sheet);
    memset(rec, 0, sizeof *rec);
}

/* Writes one sheet of wb from s, its numbers recorded in rec. Returns 0 or the
 * library's error. */
static lxw_error sheet_write(lxw_workbook *wb, const wb_formats *fm, const char *name, const wb_sheet *s,
                             wb_record *rec)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    const cylch_csv_table *t = s->t;
    size_t nc = t->header.n, lines = 1;
    lxw_error e = LXW_NO_ERROR;
    cylch_xlsx_numbers *nums, *grown;
    cylch_xlsx_cell *cells;
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (!(grown = realloc(rec->sheet, (rec->n + 1) * sizeof *rec->sheet)))
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    rec->sheet = grown;
    nums = &rec->sheet[rec->n];
    memset(nums, 0, sizeof *nums);
    nums->sheet = strdup(name);
    nums->cell = cells = malloc((t->nrows * nc > 0 ? t->nrows * nc : 1) * sizeof *cells);
    rec->n++;
    if (!nums->sheet || !cells)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (size_t j = 0; j < nc && !e; j++) {
        size_t lw = text_width(s->label[j]), per = (size_t)s->width[j] - 1;
        size_t l = per ? (lw + per - 1) / per : 1;
        lines = l > lines ? l : lines;
        e = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, s->width[j], NULL);
        if (!e)
            e = worksheet_write_string(ws, 0, (lxw_col_t)j, s->label[j], fm->header);
    }
    if (!e)
        e = worksheet_set_row(ws, 0, 15.0 * (double)(lines > 4 ? 4 : lines), NULL);
    for (size_t r = 0; r < t->nrows && !e; r++)
        for (size_t j = 0; j < nc && !e; j++) {
            const char *v = cylch_csv_get(&t->row[r], j);
            wb_kind k = cell_kind(s, r, j);
            double x;
            if (!*v)
                continue;
            if (k != WB_TEXT && cylch_parse_double(v, &x)) {
                e = worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)j, x, fm->cell[k]);
                cells[nums->n++] = (cylch_xlsx_cell){(uint32_t)(r + 1), (uint32_t)j, x};
            } else {
                char wbuf[160];
                e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)j,
                                           cell_words(s, v, wbuf, sizeof wbuf), NULL);
            }
        }
    if (!e) {
        worksheet_freeze_panes(ws, 1, 0);
        if (nc > 0)
            e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(nc - 1));
    }
    return e;
}

/* The sheet name of a file: from the table, or the file's name without ".csv". */
static void sheet_name(const char *file, char *buf, size_t len)
{
    size_t n;
    for (size_t i = 0; i < sizeof sheets / sizeof *sheets; i++)
        if (!strcmp(sheets[i].file, file)) {
            snprintf(buf, len, "%s", _(sheets[i].sheet));
            return;
        }
    snprintf(buf, len, "%.27s", file);
    n = strlen(buf);
    if (n >= 4 && !strcmp(buf + n - 4, ".csv"))
        buf[n - 4] = '\0';
    for (char *p = buf; *p; p++)
        if (strchr("[]:*?/\\'", *p))
            *p = '_';
}

/* Text without the <b>…</b> marks of the report's caveats (they hold no other markup). */
static char *without_tags(const char *html)
{
    char *out = malloc(strlen(html) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = html; *p; p++) {
        if (*p == '<') {
            const char *q = strchr(p, '>');
            if (q) {
                p = q;
                continue;
            }
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* The About sheet's state: its next row and the formats it uses. */
typedef struct wb_about {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_format *bold, *wrap, *date, *count;
} wb_about;

/* A row "label | text" (text NULL: the label alone, as a heading); returns the library's error. */
static lxw_error about_row(wb_about *a, const char *label, const char *text)
{
    lxw_error e = worksheet_write_string(a->ws, a->row, 0, label, text ? NULL : a->bold);
    if (!e && text) {
        /* Long text wraps in the 100-wide column: the row is made tall enough for it. */
        size_t lines = (text_width(text) + 94) / 95;
        e = worksheet_write_string(a->ws, a->row, 1, text, a->wrap);
        if (!e && lines > 1)
            e = worksheet_set_row(a->ws, a->row, 15.0 * (double)lines, NULL);
    }
    a->row++;
    return e;
}

/* The About sheet (first in the workbook): what the workbook is, the run, its sheets
 * (those of files that get one, in order), the units and the caveats. */
static lxw_error about_write(lxw_workbook *wb, const cylch_workbook_about *ab, const cylch_file_spec *files,
                             size_t n, unsigned have)
{
    wb_about a = {workbook_add_worksheet(wb, _("About")), 0, workbook_add_format(wb), workbook_add_format(wb),
                  workbook_add_format(wb), workbook_add_format(wb)};
    const cylch_scenario *s0 = ab->s[0];
    int compare = ab->n > 1;
    time_t t = cylch_report_run_time();
    struct tm tm;
    char *caveats;
    lxw_error e;
    if (!a.ws || !a.bold || !a.wrap || !a.date || !a.count)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    format_set_bold(a.bold);
    format_set_text_wrap(a.wrap);
    format_set_align(a.wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(a.date, "d mmmm yyyy");
    format_set_align(a.date, LXW_ALIGN_LEFT);
    format_set_num_format(a.count, "#,##0");
    format_set_align(a.count, LXW_ALIGN_LEFT);
    if ((e = worksheet_set_column(a.ws, 0, 0, 26, NULL)) || (e = worksheet_set_column(a.ws, 1, 1, 100, NULL)))
        return e;
    e = about_row(&a, compare ? _("cylch compare: scenarios side by side, on the same random draws")
                              : _("cylch run: how much of each £1 stays in the local economy"), NULL);
    a.row++;
    if (!e)
        e = about_row(&a, compare ? _("Base scenario") : _("Scenario"), s0->name);
    if (!e)
        e = about_row(&a, _("Description"), s0->description && *s0->description ? s0->description
                                                                               : _("(none given)"));
    if (!e)
        e = about_row(&a, _("Scenario file"), s0->path ? s0->path : "");
    for (size_t i = 1; i < ab->n && !e; i++) {
        const cylch_scenario *si = ab->s[i];
        size_t len = strlen(si->name) + (si->description ? strlen(si->description) : 0) + 8;
        char *line = malloc(len);
        if (!line)
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        snprintf(line, len, "%s%s%s", si->name, si->description && *si->description ? ": " : "",
                 si->description && *si->description ? si->description : "");
        e = about_row(&a, i == 1 ? _("Compared with the base") : "", line);
        free(line);
    }
    if (!e)
        e = about_row(&a, _("Members' accounts for"), s0->accounts_year ? s0->accounts_year
                      : _("not given (set accounts_year in the scenario's [scenario] section)"));
    if (!e) {
        if (gmtime_r(&t, &tm)) {
            lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0};
            e = worksheet_write_string(a.ws, a.row, 0, _("Run on"), NULL);
            if (!e)
                e = worksheet_write_datetime(a.ws, a.row, 1, &dt, a.date);
            a.row++;
        } else {
            e = about_row(&a, _("Run on"), _("an unknown date"));
        }
    }
    if (!e)
        e = about_row(&a, _("cylch version"), CYLCH_VERSION);
    if (!e) {
        e = worksheet_write_string(a.ws, a.row, 0, _("Monte Carlo draws"), NULL);
        if (!e)
            e = worksheet_write_number(a.ws, a.row, 1, (double)ab->draws, a.count);
        a.row++;
    }
    if (!e && ab->draws == 0)
        e = about_row(&a, "", _("No draws: the figures are those at the reported values, without ranges."));
    if (!e) {
        /* A seed beyond 2^53 would not survive as a spreadsheet number: text then. */
        e = worksheet_write_string(a.ws, a.row, 0, _("Seed"), NULL);
        if (!e && ab->seed <= (1ull << 53))
            e = worksheet_write_number(a.ws, a.row, 1, (double)ab->seed, NULL);
        else if (!e) {
            char b[32];
            snprintf(b, sizeof b, "%llu", ab->seed);
            e = worksheet_write_string(a.ws, a.row, 1, b, NULL);
        }
        a.row++;
    }
    a.row++;
    if (!e)
        e = about_row(&a, _("The sheets"), NULL);
    for (size_t i = 0; i < n && !e; i++) {
        char name[64], what[1000];
        const char *w = NULL;
        if ((files[i].needs & have) != files[i].needs || !cylch_workbook_has_sheet(files[i].name))
            continue;
        sheet_name(files[i].name, name, sizeof name);
        for (size_t k = 0; k < sizeof sheets / sizeof *sheets; k++)
            if (!strcmp(sheets[k].file, files[i].name))
                w = sheets[k].what;
        if (w)
            snprintf(what, sizeof what, _("%s From %s."), _(w), files[i].name);
        else
            snprintf(what, sizeof what, _("The table %s."), files[i].name);
        e = about_row(&a, name, what);
    }
    a.row++;
    if (!e)
        e = about_row(&a, _("Units"), NULL);
    for (size_t i = 0; i < sizeof unit_notes / sizeof *unit_notes && !e; i++)
        e = about_row(&a, _(unit_notes[i][0]), _(unit_notes[i][1]));
    a.row++;
    if (!e)
        e = about_row(&a, _(cylch_report_caveats_title()), NULL);
    if (!e) {
        /* The report's own paragraph, in the report's words and language. */
        if (!(caveats = without_tags(_(cylch_report_caveats()))))
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        e = about_row(&a, "", caveats);
        free(caveats);
    }
    return e;
}

/* Writes the workbook through the library to path, then with its numbers made exact
 * (io/xlsx.h) to exact (both temporary names); path is removed, exact is left complete,
 * or on an error neither is left. The message names the workbook as shown. */
static int workbook_write_path(const char *path, const char *exact, const char *dir, const char *shown_dir,
                               const char *shown, const cylch_file_spec *files, size_t n, unsigned have,
                               const cylch_workbook_about *about, cylch_error *err)
{
    wb_record rec = {0};
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_doc_properties props = {.title = _("Results of cylch"), .author = "cylch",
                                .comments = _("Written by cylch from the CSV files beside it")};
    lxw_workbook *wb;
    wb_formats fm;
    lxw_error e = LXW_NO_ERROR;
    int rc = CYLCH_OK, fd;
    /* Make the file first: when it cannot be made the message is cylch's alone
     * (libxlsxwriter would print its own line on standard error). */
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0 || close(fd) != 0)
        return cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", shown, strerror(errno));
    if (!(wb = workbook_new_opt(path, &opt))) {
        remove(path);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory writing %s", shown);
    }
    workbook_set_properties(wb, &props);
    formats_make(wb, &fm);
    if (about && about->n > 0)
        e = about_write(wb, about, files, n, have);
    for (size_t i = 0; i < n && !rc && !e; i++) {
        wb_sheet s;
        char name[64];
        if ((files[i].needs & have) != files[i].needs || !cylch_workbook_has_sheet(files[i].name))
            continue;
        if ((rc = sheet_load(&s, dir, shown_dir, files[i].name, err)) == CYLCH_OK) {
            sheet_name(files[i].name, name, sizeof name);
            e = sheet_write(wb, &fm, name, &s, &rec);
        }
        sheet_clear(&s);
    }
    if (rc) {
        /* The library has no way to give up: close, then remove what it wrote. */
        workbook_close(wb);
        remove(path);
        record_clear(&rec);
        return rc;
    }
    errno = 0;
    if (!e)
        e = workbook_close(wb);
    else
        workbook_close(wb);
    if (e) {
        /* The system's reason when there is one ("Is a directory", "No space left on
         * device"), which says more than the library's. */
        int en = errno;
        remove(path);
        record_clear(&rec);
        if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory writing %s", shown);
        return cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", shown,
                               en ? strerror(en) : lxw_strerror(e));
    }
    /* Each number as the CSV holds it: the shortest decimal that reads back to the double. */
    rc = cylch_xlsx_exact_numbers(path, exact, shown, rec.sheet, rec.n, NULL, err);
    record_clear(&rec);
    remove(path);
    if (rc)
        remove(exact);
    return rc;
}

int cylch_workbook_write(const char *dir, const char *shown, const char *name,
                         const cylch_file_spec *files, size_t n, unsigned have,
                         const cylch_workbook_about *about, cylch_error *err)
{
    const char *sd = shown ? shown : dir;
    size_t pn = strlen(dir) + strlen(name) + 40, sn = strlen(sd) + strlen(name) + 2;
    char *path = malloc(pn), *tmp = malloc(pn), *exact = malloc(pn), *show = malloc(sn);
    int rc;
    if (!path || !tmp || !exact || !show) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    snprintf(path, pn, "%s/%s", dir, name);
    snprintf(tmp, pn, "%s/%s.partial-%ld", dir, name, (long)getpid());
    snprintf(exact, pn, "%s/%s.partial-%ld-exact", dir, name, (long)getpid());
    snprintf(show, sn, "%s/%s", sd, name);
    if ((rc = workbook_write_path(tmp, exact, dir, sd, show, files, n, have, about, err)) == CYLCH_OK &&
        rename(exact, path) != 0) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", show, strerror(errno));
        remove(exact);
    }
done:
    free(path);
    free(tmp);
    free(exact);
    free(show);
    return rc;
}

int cylch_workbook_write_outdir(cylch_outdir *o, const char *name, const cylch_file_spec *files,
                                size_t n, unsigned have, const cylch_workbook_about *about,
                                cylch_error *err)
{
    return cylch_workbook_write(o->stage, o->final, name, files, n, have, about, err);
}
