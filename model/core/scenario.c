/* cylch — reading scenario files with libinih and applying their changes. */
#include "cylch/core/scenario.h"
#include "cylch/core/money.h"
#include "cylch/core/model.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "cylch/io/lang.h"
#include "cylch/io/sheet.h"
#include "cylch/io/limits.h"
#include "cylch/io/text.h"

static const char *const place_names[CYLCH_NPLACE] = {
    "net_wage_share", "household_local_spend", "household_member_share",
    "business_local_wage_share", "business_local_supply_share", "jobs_per_million",
    "economy_delta"
};

const char *cylch_place_name(int p)
{
    return (p >= 0 && p < CYLCH_NPLACE) ? place_names[p] : "?";
}

int cylch_place_find(const char *name)
{
    for (int p = 0; p < CYLCH_NPLACE; p++)
        if (strcmp(place_names[p], name) == 0)
            return p;
    return -1;
}

/* Parser state shared by the line reader and the key handler. */
typedef struct parse_ctx {
    cylch_scenario *s;
    const char *name;       /* file name for messages */
    const char *text;       /* reader position in the text */
    long line;              /* line of the text being handled */
    long section_line;      /* line of the last [section] header */
    int at_line_start;
    cylch_error *err;
    int failed;             /* the handler set err */
    long seen_scenario[9];  /* line of each [scenario] key in this text, 0 when unset */
    /* Layering (base = …, --set): what this text itself set, and how much came before it. */
    long place_here[CYLCH_NPLACE];
    long unc_here[CYLCH_NCOLS];
    long rho_here[CYLCH_NCOLS];
    long income_here, income_rho_here, split_here;
    long remove_here;
    long econ_here[10];     /* [economy]'s keys, in econ_keys' order */
    size_t nchanges_before, nnew_before, ntrade_before;
    /* Section headers too long for libinih (which keeps 50 bytes of one), handed to
     * it as "[@k]" and looked up here, so a label of any length is kept whole. */
    char **long_sec;
    size_t nlong;
    int nomem;
    int set_mode;           /* --set: a key replaces what the scenario said, in any section */
} parse_ctx;

static const char *const scenario_keys[] = {"name", "network", "draws", "seed", "rounds", "description",
                                            "base", "cost", "accounts_year"};

static int fail(struct parse_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int section_known(const char *section);

/* Check a "[section]" line when the reader starts it (libinih calls the handler
 * only for keys, so an empty section would pass unseen): it must be one of
 * cylch's sections. Returns 1 if fine (or not a section line: libinih then
 * judges it), 0 after fail(). */
static int check_section_line(struct parse_ctx *c, const char *p, size_t n)
{
    const char *close;
    char *name;
    size_t len;
    int known;
    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    if (n == 0 || *p != '[')
        return 1;
    c->section_line = c->line;
    close = memchr(p, ']', n);
    if (!close)
        return 1;
    len = (size_t)(close - p - 1);
    if (!(name = malloc(len + 1)))
        return fail(c, "out of memory%s", "");
    memcpy(name, p + 1, len);
    name[len] = '\0';
    known = section_known(name);
    if (!known)
        fail(c, "unknown section [%.200s]; the sections are [scenario], [place], [uncertainty], "
                "[change \"label\"], [member \"id\"], [remove] and [trade \"buyer seller\"]",
             name);
    free(name);
    return known;
}

/* An fgets over the text that counts lines, so messages can name them
 * (Debian's libinih does not pass line numbers to the handler). A line ends
 * with LF, CRLF or a lone CR; libinih gets each line with one LF at its end.
 * libinih asks for the rest of a long line in more calls; only the first of
 * them starts a line. Returns NULL (the end) after a failed section check. */
static char *reader(char *str, int num, void *stream)
{
    parse_ctx *c = stream;
    int n = 0;
    if (*c->text == '\0' || c->failed)
        return NULL;
    if (c->at_line_start) {
        size_t len = 0;
        /* The line's length (without strlen over the rest of the text, which would
         * make reading a file of many lines quadratic). */
        while (c->text[len] && c->text[len] != '\n' && c->text[len] != '\r')
            len++;
        c->line++;
        c->at_line_start = 0;
        if (len > (size_t)CYLCH_LINE_MAX) {
            fail(c, "this line is %zu characters long; cylch reads lines of up to %s", len,
                    _(CYLCH_LINE_MAX_TEXT));
            return NULL;
        }
        if (!check_section_line(c, c->text, len))
            return NULL;
    }
    while (n < num - 1 && *c->text) {
        char ch = *c->text++;
        if (ch == '\r') {
            if (*c->text == '\n')
                c->text++;
            ch = '\n';
        }
        str[n++] = ch;
        if (ch == '\n') {
            c->at_line_start = 1;
            break;
        }
    }
    str[n] = '\0';
    {
        char *p = str, *close;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '[' && (close = strrchr(p, ']')) && close - p - 1 > 40) {
            char **nl = realloc(c->long_sec, (c->nlong + 1) * sizeof *nl);
            char *sec = NULL;
            if (nl) {
                c->long_sec = nl;
                sec = malloc((size_t)(close - p));
            }
            if (!sec) {
                c->nomem = 1;
                return str;
            }
            memcpy(sec, p + 1, (size_t)(close - p - 1));
            sec[close - p - 1] = '\0';
            c->long_sec[c->nlong] = sec;
            snprintf(str, (size_t)num, "[@%zu]\n", c->nlong++);
        }
    }
    return str;
}

/* Record an input error at the current line; returns 0, inih's "stop". fmt is
 * translated (xgettext knows fail as a keyword, see the Makefile). */
static int fail(parse_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parse_ctx *c, const char *fmt, ...)
{
    char msg[CYLCH_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    cylch_error_at(c->err, CYLCH_EINPUT, c->name, c->line, "%s", msg);
    c->failed = 1;
    return 0;
}

/* "KIND \"label\"" -> label (a new string), or NULL if the section is not of that kind. */
static char *section_label(const char *section, const char *kind)
{
    const char *p;
    size_t n, kl = strlen(kind);
    char *l;
    if (strncmp(section, kind, kl) != 0 || !isspace((unsigned char)section[kl]))
        return NULL;
    p = section + kl;
    while (isspace((unsigned char)*p))
        p++;
    n = strlen(p);
    if (n < 2 || p[0] != '"' || p[n - 1] != '"')
        return NULL;
    l = malloc(n - 1);
    if (l) {
        memcpy(l, p + 1, n - 2);
        l[n - 2] = '\0';
    }
    return l;
}

/* Is key set for the first time in [section]? first: the line where it was set
 * before, 0 when it was not. Returns 1, or 0 after fail(). */
static int first_time(parse_ctx *c, long first, const char *key, const char *section)
{
    if (first)
        return fail(c, "'%s' is set twice in [%s] (first on line %ld)", key, section, first);
    return 1;
}

/* cost = £ a year of public money ("50000", "£50,000"), in a change optionally
 * "… per member" (per_member may be NULL where that is not allowed). */
static int parse_cost(parse_ctx *c, const char *where, const char *value, double *cost, int *per_member)
{
    char buf[256], why[320];
    unsigned what;
    char *pm;
    snprintf(buf, sizeof buf, "%s", value);
    if (per_member)
        *per_member = 0;
    if ((pm = strstr(buf, "per member")) != NULL) {
        if (!per_member)
            return fail(c, "cost = '%s' in %s: 'per member' belongs in a [change], which says which "
                           "members", value, where);
        *pm = '\0';
        *per_member = 1;
    }
    if (cylch_sheet_number(buf, CYLCH_CELL_MONEY, cost, &what, why, sizeof why) != CYLCH_CELL_OK ||
        *cost < 0.0)
        return fail(c, "cost = '%s' in %s: the cost of the policy is £ a year of public money, 0 or "
                       "more (e.g. cost = 50000, cost = £50,000%s)", value, where,
                    per_member ? _(" or cost = 2000 per member") : "");
    return 1;
}

/* accounts_year = 2023, 2023-24, 2023/24 or 2023-2024: the year of the accounts the
 * members' figures come from, kept as written (trimmed) for the report. The
 * second year of a financial year must follow the first. */
static int parse_accounts_year(parse_ctx *c, const char *value)
{
    char *v = cylch_text_trimmed(value);
    const char *p;
    long y1 = 0, y2 = -1;
    size_t n = 0;
    int ok = 1;
    if (!v)
        return fail(c, "out of memory%s", "");
    for (p = v; isdigit((unsigned char)*p) && n < 5; p++, n++)
        y1 = y1 * 10 + (*p - '0');
    ok = n == 4 && y1 >= 1900 && y1 <= 2199;
    if (ok && (*p == '-' || *p == '/')) {
        p++;
        y2 = 0;
        for (n = 0; isdigit((unsigned char)*p) && n < 5; p++, n++)
            y2 = y2 * 10 + (*p - '0');
        if (n == 2)
            ok = y2 == (y1 + 1) % 100;
        else if (n == 4)
            ok = y2 == y1 + 1;
        else
            ok = 0;
    }
    if (!ok || *p) {
        int r = fail(c, "accounts_year = '%s' is not a year; write the year of the members' accounts "
                        "the figures come from, e.g. accounts_year = 2023, or a financial year such as "
                        "accounts_year = 2023-24", v);
        free(v);
        return r;
    }
    free(c->s->accounts_year);
    c->s->accounts_year = v;
    return 1;
}

static int handle_scenario(parse_ctx *c, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    size_t k;
    for (k = 0; k < sizeof scenario_keys / sizeof *scenario_keys; k++)
        if (strcmp(key, scenario_keys[k]) == 0)
            break;
    if (k == sizeof scenario_keys / sizeof *scenario_keys)
        return fail(c, "unknown key '%s' in [scenario]; the keys are name, network, draws, seed, "
                       "rounds, description, base, cost and accounts_year", key);
    if (!first_time(c, c->seen_scenario[k], key, "scenario"))
        return 0;
    c->seen_scenario[k] = c->line;
    if (k == 6)
        return 1;   /* base = …: read before the rest of the file (scenario_base) */
    if (k == 7)
        return parse_cost(c, "[scenario]", value, &s->cost, NULL);
    if (k == 8)
        return parse_accounts_year(c, value);
    if (k == 0 || k == 1 || k == 5) {
        char *v = cylch_text_trimmed(value);
        if (!v)
            return fail(c, "out of memory%s", "");
        if (k == 0) {
            free(s->name);
            s->name = v;
        } else if (k == 1) {
            free(s->network);
            s->network = v;
        } else {
            free(s->description);
            s->description = v;
        }
        if (k != 5 && *v == '\0')
            return fail(c, "'%s' is empty", key);
        return 1;
    }
    if (k == 2) {
        unsigned long d;
        if (!cylch_parse_ulong(value, 0, CYLCH_DRAWS_MAX, &d))
            return fail(c, "draws = '%s' is not a whole number between 0 and 10000000",
                        value);
        s->draws = d;
    } else if (k == 3) {
        char *end;
        unsigned long long v;
        const char *p = value;
        while (isspace((unsigned char)*p))
            p++;
        errno = 0;
        v = strtoull(p, &end, 10);
        while (isspace((unsigned char)*end))
            end++;
        if (!isdigit((unsigned char)*p) || *end || errno == ERANGE)
            return fail(c, "seed = '%s' is not a whole number between 0 and 18446744073709551615",
                        value);
        s->seed = (uint64_t)v;
    } else {
        unsigned long r;
        if (!cylch_parse_ulong(value, 1, 1000, &r))
            return fail(c, "rounds = '%s' is not a whole number between 1 and 1000", value);
        s->rounds = r;
    }
    return 1;
}

static int parse_dist(parse_ctx *c, const char *section, const char *key, const char *value,
                      int centred, cylch_dist_range range, cylch_dist *d)
{
    cylch_error e;
    cylch_error_clear(&e);
    if (cylch_dist_parse(value, centred, d, &e) != CYLCH_OK)
        return fail(c, "%s in [%s]: %s", key, section, e.msg);
    if (!centred || !cylch_dist_is_centred(d)) {
        if (cylch_dist_check(d, range, 0.0, &e) != CYLCH_OK)
            return fail(c, "%s in [%s]: %s", key, section, e.msg);
    }
    return 1;
}

static int handle_place(parse_ctx *c, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    int p = cylch_place_find(key);
    if (p < 0 || p == CYLCH_P_ECONOMY_DELTA)
        return fail(c, "unknown key '%s' in [place]; the keys are net_wage_share, household_local_spend, "
                       "household_member_share, business_local_wage_share, "
                       "business_local_supply_share and jobs_per_million", key);
    if (!first_time(c, c->place_here[p], key, "place"))
        return 0;
    s->place_line[p] = c->place_here[p] = c->line;
    return parse_dist(c, "place", key, value, 0,
                      p == CYLCH_P_JOBS_PER_MILLION ? CYLCH_RANGE_NONNEG : CYLCH_RANGE_SHARE,
                      &s->place[p]);
}

/* `split = dirichlet(sd=s)` (DESIGN §8.6): blanks allowed, names not case-sensitive;
 * 0 < s < 0.5. Returns 1 and sets *sd, or 0. */
static int parse_dirichlet(const char *value, double *sd)
{
    char buf[128], *w = buf;
    size_t n;
    double v;
    for (const char *p = value; *p && w < buf + sizeof buf - 1; p++)
        if (!isspace((unsigned char)*p))
            *w++ = (char)tolower((unsigned char)*p);
    *w = '\0';
    n = strlen(buf);
    if (strncmp(buf, "dirichlet(sd=", 13) != 0 || n < 15 || buf[n - 1] != ')')
        return 0;
    buf[n - 1] = '\0';
    if (!cylch_parse_double(buf + 13, &v) || !(v > 0.0 && v < 0.5))
        return 0;
    *sd = v;
    return 1;
}

static int handle_money_uncertainty(parse_ctx *c, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    if (strcmp(key, "split") == 0) {
        double sd;
        if (!first_time(c, c->split_here, key, "uncertainty"))
            return 0;
        if (!parse_dirichlet(value, &sd))
            return fail(c, "split = '%s' in [uncertainty]: write dirichlet(sd=s), s the standard "
                           "deviation of the largest part of each member's spending (wages, purchases, "
                           "other costs, surplus), between 0 and 0.5, e.g. split = dirichlet(sd=0.03)",
                        value);
        s->split_sd = sd;
        s->split_line = c->split_here = c->line;
        return 1;
    }
    /* income */
    if (!first_time(c, c->income_here, key, "uncertainty"))
        return 0;
    if (!parse_dist(c, "uncertainty", key, value, 1, CYLCH_RANGE_NONNEG, &s->income))
        return 0;
    if (!cylch_dist_is_centred(&s->income) || s->income.kind == CYLCH_DIST_BETA_SD)
        return fail(c, "income = '%s' in [uncertainty]: each member's income is drawn around its "
                       "own reported income, so write a form centred on it such as "
                       "lognormal(rel=0.1) (10%% either way) or normal(rel=0.05)", value);
    s->has_income = 1;
    s->income_line = c->income_here = c->line;
    return 1;
}

static int handle_uncertainty(parse_ctx *c, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    int col = cylch_col_find(key);
    const char *dot = strchr(key, '.');
    if (strcmp(key, "income") == 0 || strcmp(key, "split") == 0)
        return handle_money_uncertainty(c, key, value);
    if (dot && strcmp(dot, ".correlation") == 0) {
        char name[64];
        char *end = NULL;
        double rho;
        long *here;
        snprintf(name, sizeof name, "%.*s", (int)(dot - key), key);
        col = cylch_col_find(name);
        if (strcmp(name, "income") != 0 && (col < 0 || !cylch_col_is_share(col)))
            return fail(c, "'%s' in [uncertainty]: a correlation is for a share column or income, "
                           "e.g. purchases_local_share.correlation = 0.5", key);
        here = col >= 0 ? &c->rho_here[col] : &c->income_rho_here;
        if (!first_time(c, *here, key, "uncertainty"))
            return 0;
        rho = strtod(value, &end);
        while (end && *end && isspace((unsigned char)*end))
            end++;
        if (end == value || !end || *end || !(rho >= 0.0 && rho <= 1.0))
            return fail(c, "%s = '%s' in [uncertainty]: a correlation is a number from 0 "
                           "(independent) to 1 (all members move together)", key, value);
        *here = c->line;
        if (col >= 0) {
            s->unc_rho[col] = rho;
            s->unc_rho_line[col] = c->line;
        } else {
            s->income_rho = rho;
            s->income_rho_line = c->line;
        }
        return 1;
    }
    if (col < 0)
        return fail(c, "unknown key '%s' in [uncertainty]; use a column of enterprises.csv such as "
                       "wages_local_share, or income (each member's income, costs moving with it) or "
                       "split (how each member's spending divides)", key);
    if (!first_time(c, c->unc_here[col], key, "uncertainty"))
        return 0;
    s->has_unc[col] = 1;
    s->unc_line[col] = c->unc_here[col] = c->line;
    if (!parse_dist(c, "uncertainty", key, value, 1,
                    cylch_col_is_share(col) ? CYLCH_RANGE_SHARE : CYLCH_RANGE_NONNEG, &s->unc[col]))
        return 0;
    /* One range for every member (pert(0.8,0.9,1)) would replace each member's reported
     * value in the draws but not at the point, so the 90% range could miss the figure. */
    if (!cylch_dist_is_centred(&s->unc[col]) && !cylch_dist_is_fixed(&s->unc[col])) {
        if (cylch_col_is_share(col))
            return fail(c, "%s = '%s' in [uncertainty]: this draws every member's %s from the same "
                           "range, whatever each one reported, while the figures use the reported "
                           "values, so the 90%% ranges would not be around them; write a spread around "
                           "each member's own share, such as beta(sd=0.05) or triangular(rel=0.1)",
                        key, value, key);
        return fail(c, "%s = '%s' in [uncertainty]: this draws every member's %s from the same range, "
                       "whatever each one reported, while the figures use the reported values, so the "
                       "90%% ranges would not be around them; write a spread around each member's own "
                       "figure, such as lognormal(rel=0.1) (10%% either way) or normal(rel=0.05)",
                    key, value, key);
    }
    return 1;
}

/* The ids in value, separated by blanks, commas or tabs, appended to (*ids)[0..*n).
 * An id listed twice is refused when twice names the section (e.g. "[remove]"),
 * kept when it is NULL. Returns 1, or 0 after fail(). */
static int parse_id_list(parse_ctx *c, const char *value, const char *twice, char ***ids, size_t *n)
{
    char *list = cylch_text_trimmed(value), *tok, *save = NULL;
    int ok = 1;
    if (!list)
        return fail(c, "out of memory%s", "");
    for (tok = strtok_r(list, " ,\t", &save); tok && ok; tok = strtok_r(NULL, " ,\t", &save)) {
        char **nv;
        for (size_t k = 0; twice && k < *n && ok; k++)
            if (strcmp((*ids)[k], tok) == 0)
                ok = fail(c, "'%s' is listed twice in %s", tok, twice);
        if (!ok)
            break;
        if ((nv = realloc(*ids, (*n + 1) * sizeof *nv)))
            *ids = nv;
        if (!nv || !(nv[*n] = strdup(tok)))
            ok = fail(c, "out of memory%s", "");
        else
            (*n)++;
    }
    free(list);
    return ok;
}

static int handle_change(parse_ctx *c, cylch_change *ch, const char *key, const char *value)
{
    int col;
    const char *p = value;
    cylch_change_op op;
    cylch_change_op *ops;

    if (strcmp(key, "cost") == 0) {
        char where[64];
        snprintf(where, sizeof where, "[change \"%.40s\"]", ch->label);
        return parse_cost(c, where, value, &ch->cost, &ch->cost_per_member);
    }
    if (strcmp(key, "members") == 0) {
        if (c->set_mode) {
            cylch_text_list_free(ch->members, ch->nmembers);
            ch->members = NULL;
            ch->nmembers = 0;
            ch->all = 0;
            ch->members_line = 0;
        }
        if (ch->members_line)
            return fail(c, "'members' is set twice in [change \"%s\"]", ch->label);
        ch->members_line = c->line;
        if (cylch_text_is(value, "all")) {
            ch->all = 1;
            return 1;
        }
        if (!parse_id_list(c, value, NULL, &ch->members, &ch->nmembers))
            return 0;
        if (ch->nmembers == 0)
            return fail(c, "'members' in [change \"%s\"] is empty; write 'all' or a list of ids",
                        ch->label);
        return 1;
    }
    if (strcmp(key, "scale") == 0) {
        char *v = cylch_text_trimmed(value);
        int ok;
        if (!v)
            return fail(c, "out of memory%s", "");
        if (ch->scale_line && !c->set_mode) {
            free(v);
            return fail(c, "'scale' is set twice in [change \"%s\"]", ch->label);
        }
        ok = strcmp(v, "income") == 0 || strcmp(v, "none") == 0;
        if (ok)
            ch->scale_income = strcmp(v, "income") == 0;
        free(v);
        if (!ok)
            return fail(c, "scale = '%s' in [change \"%s\"]: write 'scale = income' (the member's "
                           "staff and costs move with its income) or 'scale = none'", value, ch->label);
        ch->scale_line = c->line;
        return 1;
    }
    col = cylch_col_find(key);
    if (col < 0)
        return fail(c, "unknown key '%s' in [change \"%s\"]; use 'members' or a column of "
                       "enterprises.csv such as grant or purchases_local_share", key, ch->label);
    for (size_t k = 0; k < ch->nops; k++)
        if (ch->ops[k].col == col) {
            if (!c->set_mode)
                return fail(c, "'%s' is changed twice in [change \"%s\"]", key, ch->label);
            memmove(ch->ops + k, ch->ops + k + 1, (ch->nops - k - 1) * sizeof *ch->ops);
            ch->nops--;
            break;
        }
    while (isspace((unsigned char)*p))
        p++;
    op.col = col;
    op.line = c->line;
    if (*p == '*') {
        op.op = '*';
        p++;
    } else if (*p == '+' || *p == '-') {
        /* "+0.1" and "-0.05" add to the reported value; a plain number replaces it. */
        op.op = '+';
    } else {
        op.op = '=';
    }
    if (!cylch_parse_double(p, &op.value))
        return fail(c, "%s = '%s' is not a change cylch understands; write *k to multiply, +d or -d "
                       "to add, or a number to replace (e.g. grant = *0.8)", key, value);
    if (fabs(op.value) > CYLCH_VALUE_MAX)
        return fail(c, "%s = '%.40s': %g is larger than cylch takes; numbers go up to %s",
                       key, value, op.value, _(CYLCH_VALUE_MAX_TEXT));
    ops = realloc(ch->ops, (ch->nops + 1) * sizeof *ops);
    if (!ops)
        return fail(c, "out of memory%s", "");
    ch->ops = ops;
    ch->ops[ch->nops++] = op;
    return 1;
}

/* A value "*k", "+d", "-d" or "v" into op and value; 0 when it does not parse. */
static int parse_op(const char *value, char *op, double *v)
{
    const char *p = value;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '*') {
        *op = '*';
        p++;
    } else if (*p == '+' || *p == '-') {
        *op = '+';
    } else {
        *op = '=';
    }
    return cylch_parse_double(p, v);
}

/* [member "id"]: a new member's name and accounts. */
static int handle_member(parse_ctx *c, char *label, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    cylch_new_member *nm = s->nnew ? &s->new_members[s->nnew - 1] : NULL;
    int col;
    double v;

    if (!nm || s->nnew <= c->nnew_before || nm->line != c->section_line || strcmp(nm->id, label) != 0) {
        cylch_new_member *a;
        long here = c->line;
        for (size_t k = 0; k < s->nnew; k++)
            if (strcmp(s->new_members[k].id, label) == 0) {
                c->line = c->section_line;
                free(label);
                return fail(c, "[member \"%s\"] appears twice (first on line %ld); give each new "
                               "member one section", s->new_members[k].id, s->new_members[k].line);
            }
        if (!cylch_id_valid(label)) {
            int r;
            c->line = c->section_line;
            r = fail(c, "[member \"%s\"]: '%s' is not a valid member id; use lower-case letters, "
                        "digits, '_' and '-' only", label, label);
            free(label);
            return r;
        }
        a = realloc(s->new_members, (s->nnew + 1) * sizeof *a);
        if (!a) {
            free(label);
            return fail(c, "out of memory%s", "");
        }
        s->new_members = a;
        nm = &s->new_members[s->nnew++];
        memset(nm, 0, sizeof *nm);
        nm->id = label;
        nm->line = c->section_line;
        c->line = here;
    } else {
        free(label);
    }
    if (strcmp(key, "name") == 0) {
        if (nm->name)
            return fail(c, "'name' is set twice in [member \"%s\"]", nm->id);
        if (!(nm->name = cylch_text_trimmed(value)))
            return fail(c, "out of memory%s", "");
        if (!*nm->name)
            return fail(c, "'name' in [member \"%s\"] is empty", nm->id);
        return 1;
    }
    col = cylch_col_find(key);
    if (col < 0)
        return fail(c, "unknown key '%s' in [member \"%s\"]; a new member takes 'name' and the columns "
                       "of enterprises.csv: employees_fte, grant, loan, trade_local, trade_external, "
                       "wages, wages_local_share, purchases, purchases_local_share, other_costs, "
                       "other_local_share", key, nm->id);
    if (nm->col_line[col])
        return fail(c, "'%s' is set twice in [member \"%s\"] (first on line %ld)", key, nm->id,
                    nm->col_line[col]);
    if (!cylch_parse_double(value, &v))
        return fail(c, "%s = '%s' in [member \"%s\"] is not a number; a new member's accounts are "
                       "plain numbers (£ a year, FTE, or shares from 0 to 1)", key, value, nm->id);
    if (cylch_col_is_share(col) && !(v >= 0.0 && v <= 1.0))
        return fail(c, "%s = %g in [member \"%s\"]: shares must be between 0 and 1", key, v, nm->id);
    if (v > CYLCH_VALUE_MAX)
        return fail(c, "%s = %g in [member \"%s\"] is larger than cylch takes; numbers go up to %s",
                       key, v, nm->id, _(CYLCH_VALUE_MAX_TEXT));
    if (!cylch_col_is_share(col) && v < 0.0)
        return fail(c, "%s = %g in [member \"%s\"]: %s cannot be negative", key, v, nm->id,
                    col == CYLCH_COL_FTE ? "staff numbers" : "money");
    nm->v[col] = v;
    nm->col_line[col] = c->line;
    return 1;
}

/* [remove]: members = id id … */
static int handle_remove(parse_ctx *c, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    if (strcmp(key, "members") != 0)
        return fail(c, "unknown key '%s' in [remove]; write 'members = ' and the ids of the members "
                       "leaving the network", key);
    if (c->remove_here)
        return fail(c, "'members' is set twice in [remove] (first on line %ld)", c->remove_here);
    s->remove_line = c->remove_here = c->line;
    if (!parse_id_list(c, value, "[remove]", &s->remove, &s->nremove))
        return 0;
    if (s->nremove == 0)
        return fail(c, "'members' in [remove] is empty; list the ids of the members leaving%s", "");
    return 1;
}

/* [trade "buyer seller"] or [trade "all"]: amount = v | +d | -d | *k */
static int handle_trade(parse_ctx *c, char *label, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    cylch_trade_edit e, *a;
    char *save = NULL, *b, *sl, *extra;
    long here = c->line;

    memset(&e, 0, sizeof e);
    e.line = c->line;
    e.section_line = c->section_line;
    if (strcmp(label, "all") != 0) {
        b = strtok_r(label, " ,\t", &save);
        sl = b ? strtok_r(NULL, " ,\t", &save) : NULL;
        extra = sl ? strtok_r(NULL, " ,\t", &save) : NULL;
        if (!b || !sl || extra) {
            c->line = c->section_line;
            free(label);
            return fail(c, "a [trade] section names the buyer then the seller, e.g. "
                           "[trade \"gisda cellb\"], or is [trade \"all\"]%s", "");
        }
        if (!(e.buyer = strdup(b)) || !(e.seller = strdup(sl))) {
            free(e.buyer);
            free(label);
            return fail(c, "out of memory%s", "");
        }
    }
    free(label);
    label = NULL;
    if (strcmp(key, "amount") != 0) {
        fail(c, "unknown key '%s' in [trade \"%s%s%s\"]; the key is 'amount' (£ a year; *k, +d, -d "
                "or a number)", key, e.buyer ? e.buyer : "all", e.buyer ? " " : "",
             e.seller ? e.seller : "");
        goto bad;
    }
    for (size_t k = 0; k < s->ntrade_edits; k++) {
        const cylch_trade_edit *o = &s->trade_edits[k];
        int same = (!o->buyer && !e.buyer) ||
                   (o->buyer && e.buyer && strcmp(o->buyer, e.buyer) == 0 &&
                    strcmp(o->seller, e.seller) == 0);
        if (!same)
            continue;
        if (o->section_line == e.section_line && k >= c->ntrade_before)
            fail(c, "'amount' is set twice in this [trade] section (first on line %ld)", o->line);
        else {
            c->line = e.section_line;
            fail(c, "[trade \"%s%s%s\"] appears twice (first on line %ld)",
                 e.buyer ? e.buyer : "all", e.buyer ? " " : "", e.seller ? e.seller : "",
                 o->section_line);
        }
        goto bad;
    }
    c->line = here;
    if (!parse_op(value, &e.op, &e.value)) {
        fail(c, "amount = '%s' is not a change cylch understands; write a number of £ a year, +d or "
                "-d to add, or *k to multiply (e.g. amount = *1.5)", value);
        goto bad;
    }
    if (fabs(e.value) > CYLCH_VALUE_MAX) {
        fail(c, "amount = '%.40s': %g is larger than cylch takes; numbers go up to %s",
                value, e.value, _(CYLCH_VALUE_MAX_TEXT));
        goto bad;
    }
    if (!e.buyer && e.op != '*') {
        fail(c, "[trade \"all\"] can only multiply every link (amount = *k)%s", "");
        goto bad;
    }
    if (e.op == '=' && e.value < 0.0) {
        fail(c, "amount = %g: a trade amount cannot be negative", e.value);
        goto bad;
    }
    a = realloc(s->trade_edits, (s->ntrade_edits + 1) * sizeof *a);
    if (!a) {
        fail(c, "out of memory%s", "");
        goto bad;
    }
    s->trade_edits = a;
    s->trade_edits[s->ntrade_edits++] = e;
    return 1;
bad:
    free(e.buyer);
    free(e.seller);
    return 0;
}

/* 1 if section names one of cylch's sections (as the handler reads them). */
static int section_known(const char *section)
{
    static const char *const labelled[] = {"change", "member", "trade"};
    if (strcmp(section, "scenario") == 0 || strcmp(section, "place") == 0 ||
        strcmp(section, "uncertainty") == 0 || strcmp(section, "remove") == 0 ||
        strcmp(section, "economy") == 0)
        return 1;
    for (size_t k = 0; k < sizeof labelled / sizeof *labelled; k++) {
        char *label = section_label(section, labelled[k]);
        if (label) {
            free(label);
            return 1;
        }
    }
    return 0;
}

/* [economy]'s text keys, in the order of econ_here, and their slots. */
enum { ECON_TABLE = 0, ECON_REGIONS, ECON_MAP, ECON_SINGLE, ECON_NPATHS, ECON_AREA = ECON_NPATHS,
       ECON_NATIONAL, ECON_MEASURE, ECON_METHOD, ECON_NTEXT, ECON_DELTA = ECON_NTEXT, ECON_UNIT,
       ECON_NKEYS };
static const char *const econ_keys[ECON_NKEYS] = {"table", "regions", "map", "single_agent", "area",
                                                  "national", "measure", "method", "delta", "unit"};

static char **econ_slot(cylch_economy_spec *e, int k, long **line)
{
    char **slots[ECON_NTEXT] = {&e->table, &e->regions, &e->map, &e->single_agent, &e->area,
                                &e->national, &e->measure, &e->method};
    long *lines[ECON_NKEYS] = {&e->table_line, &e->regions_line, &e->map_line, &e->single_agent_line,
                               &e->area_line, &e->national_line, &e->measure_line, &e->method_line,
                               &e->delta_line, &e->unit_line};
    *line = lines[k];
    return k < ECON_NTEXT ? slots[k] : NULL;
}

/* [economy]: table, regions, map, single_agent (paths relative to the file that names them),
 * area, national, measure, method, unit (£ per money unit of the table), delta
 * (a number or a distribution in [0, 1)). A key may be given once per text; a
 * scenario on top of a base, or --set, replaces the base's value. */
static int handle_economy(parse_ctx *c, const char *key, const char *value)
{
    cylch_scenario *s = c->s;
    cylch_economy_spec *e = s->economy;
    long *line;
    char **slot;
    int k;
    if (!e) {
        if (!(e = s->economy = calloc(1, sizeof *e)))
            return fail(c, "out of memory%s", "");
        e->section_line = c->set_mode ? 0 : c->section_line;
    }
    for (k = 0; k < ECON_NKEYS; k++)
        if (strcmp(key, econ_keys[k]) == 0)
            break;
    if (k == ECON_NKEYS)
        return fail(c, "unknown key '%s' in [economy]; the keys are table, regions, map, area, national, "
                       "measure, method, delta, unit and single_agent", key);
    if (c->econ_here[k])
        return fail(c, "'%s' is set twice in [economy] (first on line %ld)", key, c->econ_here[k]);
    c->econ_here[k] = c->line;
    slot = econ_slot(e, k, &line);
    /* Messages about a value name the line it was read from (none for --set). */
    *line = c->set_mode ? 0 : c->line;
    if (k == ECON_DELTA) {
        cylch_error de;
        s->place_line[CYLCH_P_ECONOMY_DELTA] = c->line;
        if (!parse_dist(c, "economy", key, value, 0, CYLCH_RANGE_SHARE,
                        &s->place[CYLCH_P_ECONOMY_DELTA]))
            return 0;
        cylch_error_clear(&de);
        if (cylch_dist_point(&s->place[CYLCH_P_ECONOMY_DELTA], 0.0) >= 1.0 ||
            (cylch_dist_is_fixed(&s->place[CYLCH_P_ECONOMY_DELTA]) &&
             cylch_lq_delta_check(s->place[CYLCH_P_ECONOMY_DELTA].p[0], "delta", &de)))
            return fail(c, "delta in [economy] is '%s'; Flegg's delta must be at least 0 and below 1 "
                           "(0.1 to 0.4 is usual)", value);
        e->has_delta = 1;
        return 1;
    }
    if (k == ECON_UNIT) {
        if (!cylch_parse_double(value, &e->unit) || !(e->unit > 0.0))
            return fail(c, "unit in [economy] is '%s'; give the £ per money unit of the table "
                           "(1000000 for a table in £ million)", value);
        return 1;
    }
    free(*slot);
    *slot = strdup(value);   /* paths are resolved after this text is read */
    if (!*slot)
        return fail(c, "out of memory%s", "");
    if (!**slot)
        return fail(c, "'%s' in [economy] is empty", key);
    return 1;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    parse_ctx *c = user;
    cylch_scenario *s = c->s;
    char *label;

    if (section[0] == '@') {
        size_t k = (size_t)strtoul(section + 1, NULL, 10);
        if (k < c->nlong)
            section = c->long_sec[k];
    }

    if (strcmp(section, "scenario") == 0)
        return handle_scenario(c, name, value);
    if (strcmp(section, "place") == 0)
        return handle_place(c, name, value);
    if (strcmp(section, "uncertainty") == 0)
        return handle_uncertainty(c, name, value);
    label = section_label(section, "change");
    if (label) {
        cylch_change *ch = s->nchanges ? &s->changes[s->nchanges - 1] : NULL;
        /* A new [change] section starts when the label differs from the last one's
         * (inih reports keys, not section headers). */
        if (c->set_mode)
            for (size_t k = 0; k < s->nchanges; k++)
                if (strcmp(s->changes[k].label, label) == 0) {
                    free(label);
                    return handle_change(c, &s->changes[k], name, value);
                }
        if (!ch || s->nchanges <= c->nchanges_before || strcmp(ch->label, label) != 0) {
            cylch_change *nc = realloc(s->changes, (s->nchanges + 1) * sizeof *nc);
            if (!nc) {
                free(label);
                return fail(c, "out of memory%s", "");
            }
            s->changes = nc;
            for (size_t k = 0; k < s->nchanges; k++)
                if (strcmp(s->changes[k].label, label) == 0) {
                    int r = k < c->nchanges_before
                            ? fail(c, "[change \"%s\"] is already in the base scenario; give this "
                                      "change another label", label)
                            : fail(c, "[change \"%s\"] appears twice; give each change its own label",
                                   label);
                    free(label);
                    return r;
                }
            ch = &s->changes[s->nchanges++];
            memset(ch, 0, sizeof *ch);
            ch->label = label;
            ch->line = c->line;
        } else {
            free(label);
        }
        return handle_change(c, ch, name, value);
    }
    if ((label = section_label(section, "member")))
        return handle_member(c, label, name, value);
    if ((label = section_label(section, "trade")))
        return handle_trade(c, label, name, value);
    if (strcmp(section, "remove") == 0)
        return handle_remove(c, name, value);
    if (strcmp(section, "economy") == 0)
        return handle_economy(c, name, value);
    c->line = c->section_line ? c->section_line : c->line;
    if (*section == '\0')
        return fail(c, "'%s' is outside any section; put it under [scenario], [place], [uncertainty], "
                       "[change \"label\"], [member \"id\"], [remove] or [trade \"buyer seller\"]",
                    name);
    return fail(c, "unknown section [%s]; the sections are [scenario], [place], [uncertainty], "
                   "[change \"label\"], [member \"id\"], [remove] and [trade \"buyer seller\"]",
                section);
}

static char *dir_join(const char *dir, const char *rel)
{
    size_t n;
    char *p;
    size_t dl;
    if (rel[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
        return strdup(rel);
    dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    if (strcmp(rel, ".") == 0 || strcmp(rel, "./") == 0)
        rel = "";
    n = dl + strlen(rel) + 2;
    p = malloc(n);
    if (p)
        snprintf(p, n, "%.*s%s%s", (int)dl, dir, *rel ? "/" : "", rel);
    return p;
}

void cylch_scenario_free(cylch_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nchanges; i++) {
        cylch_change *ch = &s->changes[i];
        free(ch->label);
        cylch_text_list_free(ch->members, ch->nmembers);
        free(ch->ops);
    }
    free(s->changes);
    for (size_t i = 0; i < s->nnew; i++) {
        free(s->new_members[i].id);
        free(s->new_members[i].name);
    }
    free(s->new_members);
    cylch_text_list_free(s->remove, s->nremove);
    for (size_t i = 0; i < s->ntrade_edits; i++) {
        free(s->trade_edits[i].buyer);
        free(s->trade_edits[i].seller);
    }
    free(s->trade_edits);
    cylch_economy_spec_free(s->economy);
    free(s->path);
    free(s->name);
    free(s->description);
    free(s->accounts_year);
    free(s->network);
    free(s->network_written);
    free(s->network_file);
    free(s->network_dir);
    free(s->text);
    free(s);
}

/* How a text is read: a whole scenario, one on top of its base (base = …), or
 * command-line settings on top of a scenario (--set). */
enum { LAYER_NEW = 0, LAYER_BASE, LAYER_SET };

#define BASE_DEPTH_MAX 8

static int scenario_load_depth(const char *path, int depth, cylch_scenario **out, cylch_error *err);

/* The value of `base` in [scenario], and its line; 0 when there is none. */
static int find_base(const char *text, char *value, size_t n, long *line)
{
    const char *p = text;
    int in_scenario = 0;
    long ln = 0;
    while (*p) {
        const char *end = strchr(p, '\n'), *q = p;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        ln++;
        while (q < p + len && (*q == ' ' || *q == '\t'))
            q++;
        if (*q == '[') {
            const char *r = q + 1;
            while (*r == ' ')
                r++;
            in_scenario = strncmp(r, "scenario", 8) == 0 && (r[8] == ']' || r[8] == ' ');
        } else if (in_scenario && strncmp(q, "base", 4) == 0) {
            const char *r = q + 4;
            while (*r == ' ' || *r == '\t')
                r++;
            if (*r == '=') {
                size_t k = 0;
                r++;
                while (*r == ' ' || *r == '\t')
                    r++;
                while (r < p + len && k + 1 < n && *r != '\r' && *r != ';' && *r != '#')
                    value[k++] = *r++;
                while (k && (value[k - 1] == ' ' || value[k - 1] == '\t'))
                    k--;
                value[k] = '\0';
                *line = ln;
                return 1;
            }
        }
        p += len + (end ? 1 : 0);
    }
    return 0;
}

/* Read text (named name, its relative paths against dir) into s, which is either
 * fresh or already holds what the text builds on (its base, or the scenario that
 * --set changes). */
static int scenario_layer(cylch_scenario *s, int mode, const char *name, const char *dir,
                          const char *text, cylch_error *err)
{
    parse_ctx c;
    int r, rc = CYLCH_OK;

    memset(&c, 0, sizeof c);
    c.s = s;
    c.name = name;
    c.text = text;
    c.at_line_start = 1;
    c.err = err;
    c.nchanges_before = s->nchanges;
    c.nnew_before = s->nnew;
    c.ntrade_before = s->ntrade_edits;
    c.set_mode = mode == LAYER_SET;
    /* Strict reading: stop at the first error, no continuation lines (an
     * indented line is an error, not silently part of the previous value),
     * lines of any length, ';' and '#' comments. */
    ini_stop_on_first_error = true;
    ini_allow_multiline = false;
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_allow_no_value = false;
    /* libinih's buffer grows to a whole line: the reader refuses longer ones. */
    ini_max_line = (int)CYLCH_LINE_MAX + 3;
    if ((rc = cylch_text_check(name, text, strlen(text), err)) != CYLCH_OK)
        goto done;
    r = ini_parse_stream(reader, &c, handler, &c);
    cylch_text_list_free(c.long_sec, c.nlong);
    if (c.nomem && r == 0)
        r = -1;
    if (r != 0 || c.failed) {
        if (c.failed)
            rc = CYLCH_EINPUT;
        else if (r > 0)
            rc = cylch_error_at(err, CYLCH_EINPUT, name, c.line,
                                "cannot read this line; expected '[section]' or 'key = value'");
        else
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", name);
        goto done;
    }
    if (!s->name) {
        rc = cylch_error_at(err, CYLCH_EINPUT, name, 0, "[scenario] needs a name (name = ...)%s",
                            mode == LAYER_BASE ? _("; a scenario with a base needs its own name, so "
                            "that its results do not replace the base's") : "");
        goto done;
    }
    if (!s->network) {
        rc = cylch_error_at(err, CYLCH_EINPUT, name, 0,
                            "[scenario] needs the network folder (network = ../data/<name>)");
        goto done;
    }
    /* With [economy] the table's industries replace B's supply share and jobs. */
    if (s->economy)
        for (int p = CYLCH_P_BUSINESS_LOCAL_SUPPLY_SHARE; p <= CYLCH_P_JOBS_PER_MILLION; p++)
            if (!s->place_line[p]) {
                s->place[p].kind = CYLCH_DIST_FIXED;
                s->place[p].p[0] = 0.0;
            }
    for (int p = 0; p < CYLCH_NPLACE; p++)
        if (!s->place_line[p] && p != CYLCH_P_NET_WAGE_SHARE && p != CYLCH_P_HOUSEHOLD_MEMBER_SHARE &&
            p != CYLCH_P_ECONOMY_DELTA &&
            !(s->economy && (p == CYLCH_P_BUSINESS_LOCAL_SUPPLY_SHARE || p == CYLCH_P_JOBS_PER_MILLION))) {
            rc = cylch_error_at(err, CYLCH_EINPUT, name, 0,
                                "[place] needs %s (it has no default)", place_names[p]);
            goto done;
        }
    for (size_t i = 0; i < s->nchanges; i++)
        if (!s->changes[i].all && s->changes[i].nmembers == 0) {
            rc = cylch_error_at(err, CYLCH_EINPUT, name, s->changes[i].line,
                                "[change \"%s\"] needs 'members = all' or a list of member ids",
                                s->changes[i].label);
            goto done;
        }
    for (size_t i = 0; i < s->nnew; i++) {
        const cylch_new_member *nm = &s->new_members[i];
        cylch_member tmp;
        double T, local;
        for (int col = 0; col < CYLCH_NCOLS; col++)
            if (!nm->col_line[col] && !cylch_col_is_optional(col)) {
                rc = cylch_error_at(err, CYLCH_EINPUT, name, nm->line,
                                    "[member \"%s\"] needs %s: a new member takes every column of "
                                    "enterprises.csv (other_costs and other_local_share may be left "
                                    "out)", nm->id, cylch_col_name(col));
                goto done;
            }
        memcpy(tmp.v, nm->v, sizeof tmp.v);
        T = cylch_member_income(&tmp);
        local = cylch_member_local_spend(&tmp);
        if (!(T > 0.0)) {
            rc = cylch_error_at(err, CYLCH_EINPUT, name, nm->line,
                                "[member \"%s\"] has no income (grant, loan, trade_local and "
                                "trade_external are all 0); every member needs some income", nm->id);
            goto done;
        }
        if (local > T * (1 + 1e-12)) {
            rc = cylch_error_at(err, CYLCH_EINPUT, name, nm->line,
                                "[member \"%s\"] spends £%.6g locally but its income is only £%.6g; "
                                "local spending (wages, purchases and other costs kept local) cannot "
                                "exceed income", nm->id, local, T);
            goto done;
        }
    }
    /* A network named here is relative to this file's folder (a base's is already resolved). */
    if (c.seen_scenario[1]) {
        char *net = dir_join(dir, s->network);
        free(s->network_written);
        free(s->network_file);
        free(s->network_dir);
        s->network_written = s->network;
        s->network = net;
        s->network_file = strdup(name);
        s->network_dir = strdup(dir ? dir : ".");
        s->network_line = c.seen_scenario[1];
        if (!net || !s->network_file || !s->network_dir) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto done;
        }
    }
    if (s->economy) {
        /* The table, regions, map and single_agent paths are relative to the file that
         * names them. */
        char **paths[ECON_NPATHS] = {&s->economy->table, &s->economy->regions, &s->economy->map,
                                     &s->economy->single_agent};
        for (int k = 0; k < ECON_NPATHS; k++) {
            char *p;
            if (!*paths[k] || !c.econ_here[k])
                continue;
            if (!(p = dir_join(dir, *paths[k]))) {
                rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
                goto done;
            }
            free(*paths[k]);
            *paths[k] = p;
        }
    }
done:
    return rc;
}

static int scenario_parse_depth(const char *name, const char *dir, const char *text, int depth,
                                cylch_scenario **out, cylch_error *err)
{
    cylch_scenario *s = NULL;
    char basev[1024];
    long base_line = 0;
    int rc, mode = LAYER_NEW;

    *out = NULL;
    if (find_base(text, basev, sizeof basev, &base_line)) {
        char *bpath;
        cylch_error e;
        cylch_error_clear(&e);
        if (depth >= BASE_DEPTH_MAX)
            return cylch_error_at(err, CYLCH_EINPUT, name, base_line,
                                  "base = %s: more than %d scenarios on top of each other; does a "
                                  "scenario name itself as its base?", basev, BASE_DEPTH_MAX);
        if (!*basev)
            return cylch_error_at(err, CYLCH_EINPUT, name, base_line,
                                  "base is empty; name the scenario file this one builds on");
        if (!(bpath = dir_join(dir, basev)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        rc = scenario_load_depth(bpath, depth + 1, &s, &e);
        if (rc == CYLCH_EIO)
            rc = cylch_error_at(err, CYLCH_EINPUT, name, base_line,
                                "base = %s: cannot open %s (a path in a scenario is relative to the "
                                "folder the scenario file is in, %s)", basev, bpath, dir);
        else if (rc)
            rc = cylch_error_set(err, rc, "%s (the base of %s, line %ld)", e.msg, name, base_line);
        if (rc) {
            free(bpath);
            return rc;
        }
        free(bpath);
        mode = LAYER_BASE;
        {
            /* The report's assumptions show this file, then what it builds on. */
            size_t n = strlen(text) + strlen(s->text) + strlen(s->path) + 64;
            char *t = malloc(n);
            if (!t) {
                cylch_scenario_free(s);
                return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            }
            snprintf(t, n, "%s\n; ---- the base scenario, %s ----\n%s", text, s->path, s->text);
            free(s->text);
            s->text = t;
        }
        free(s->path);
        free(s->name);
        free(s->description);
        s->name = s->description = NULL;
        if (!(s->path = strdup(name))) {
            cylch_scenario_free(s);
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        }
    } else {
        s = calloc(1, sizeof *s);
        if (!s || !(s->path = strdup(name)) || !(s->text = strdup(text))) {
            cylch_scenario_free(s);
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        }
        s->rounds = 3;
        s->draws = 0;
        s->seed = 1;
        s->place[CYLCH_P_NET_WAGE_SHARE].kind = CYLCH_DIST_FIXED;
        s->place[CYLCH_P_NET_WAGE_SHARE].p[0] = 1.0;
        s->place[CYLCH_P_HOUSEHOLD_MEMBER_SHARE].kind = CYLCH_DIST_FIXED;
        s->place[CYLCH_P_HOUSEHOLD_MEMBER_SHARE].p[0] = 0.0;
        s->place[CYLCH_P_ECONOMY_DELTA].kind = CYLCH_DIST_FIXED;
        s->place[CYLCH_P_ECONOMY_DELTA].p[0] = 0.0;
    }
    if ((rc = scenario_layer(s, mode, name, dir, text, err))) {
        cylch_scenario_free(s);
        return rc;
    }
    *out = s;
    return CYLCH_OK;
}

int cylch_scenario_parse(const char *name, const char *dir, const char *text,
                         cylch_scenario **out, cylch_error *err)
{
    return scenario_parse_depth(name, dir, text, 0, out, err);
}

int cylch_scenario_set(cylch_scenario *s, const char *setting, cylch_error *err)
{
    const char *eq = strchr(setting, '='), *dot = NULL;
    char *text;
    size_t n;
    int rc;
    for (const char *p = setting; eq && p < eq; p++)
        if (*p == '.')
            dot = p;
    if (!eq || !dot || dot == setting || dot + 1 == eq)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "--set '%s': write section.key=value, e.g. --set place.household_local_spend=0.6 "
                               "or --set 'change \"grant cut\".grant=*0.7'", setting);
    n = strlen(setting) + 16;
    if (!(text = malloc(n)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    snprintf(text, n, "[%.*s]\n%.*s = %s\n", (int)(dot - setting), setting, (int)(eq - dot - 1), dot + 1,
             eq + 1);
    rc = scenario_layer(s, LAYER_SET, "--set", ".", text, err);
    free(text);
    if (rc == CYLCH_EINPUT) {
        /* "--set:2: …" names no file a person wrote: say which setting it was. */
        char msg[CYLCH_ERROR_MAX];
        const char *m = err ? err->msg : "";
        if (strncmp(m, "--set:2: ", 9) == 0)
            m += 9;
        else if (strncmp(m, "--set:1: ", 9) == 0)
            m += 9;
        snprintf(msg, sizeof msg, "%s", m);
        cylch_error_set(err, CYLCH_EINPUT, "--set '%s': %s", setting, msg);
    }
    return rc;
}

int cylch_scenario_load(const char *path, cylch_scenario **out, cylch_error *err)
{
    return scenario_load_depth(path, 0, out, err);
}

static int scenario_load_depth(const char *path, int depth, cylch_scenario **out, cylch_error *err)
{
    char *buf = NULL, *dir, *slash;
    size_t len = 0;
    int rc;

    *out = NULL;
    if ((rc = cylch_text_read(path, N_("the scenario file"), &buf, &len, err)) != CYLCH_OK)
        return rc;
    if (strlen(buf) != len) {
        rc = cylch_text_check(path, buf, len, err);
        free(buf);
        return rc;
    }
    dir = strdup(path);
    if (!dir) {
        free(buf);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    /* A byte-order mark is skipped by libinih; skip it here too for line counting. */
    rc = scenario_parse_depth(path, dir,
                              (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? buf + 3 : buf,
                              depth, out, err);
    free(dir);
    free(buf);
    return rc;
}

void cylch_scenario_place_point(const cylch_scenario *s, cylch_place *out)
{
    for (int p = 0; p < CYLCH_NPLACE; p++)
        out->v[p] = cylch_dist_point(&s->place[p], 0.0);
}

int cylch_scenario_is_uncertain(const cylch_scenario *s)
{
    for (int p = 0; p < CYLCH_NPLACE; p++)
        if (!cylch_dist_is_fixed(&s->place[p]))
            return 1;
    for (int c = 0; c < CYLCH_NCOLS; c++)
        if (s->has_unc[c] && !cylch_dist_is_fixed(&s->unc[c]))
            return 1;
    return (s->has_income && !cylch_dist_is_fixed(&s->income)) || s->split_sd > 0.0;
}

void cylch_notes_clear(cylch_notes *notes)
{
    if (!notes)
        return;
    cylch_text_list_free(notes->line, notes->n);
    cylch_text_list_free(notes->text, notes->text ? notes->n : 0);
    notes->line = NULL;
    notes->text = NULL;
    notes->n = 0;
}

int cylch_notes_add_text(cylch_notes *notes, const char *line, const char *text)
{
    char **nl, **nt;
    if (!notes)
        return 0;
    if (!(nl = realloc(notes->line, (notes->n + 1) * sizeof *nl)))
        return -1;
    notes->line = nl;
    if (!(nt = realloc(notes->text, (notes->n + 1) * sizeof *nt)))
        return -1;
    notes->text = nt;
    if (!(nl[notes->n] = strdup(line)))
        return -1;
    if (!(nt[notes->n] = strdup(text))) {
        free(nl[notes->n]);
        return -1;
    }
    notes->n++;
    return 0;
}

int cylch_notes_add(cylch_notes *notes, const char *text)
{
    return cylch_notes_add_text(notes, text, text);
}

/* fmt formatted with ap into a new string, or NULL out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    char *s;
    int n;
    va_copy(aq, ap);
    n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0 || !(s = malloc((size_t)n + 1)))
        return NULL;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

int cylch_notes_addf(cylch_notes *notes, cylch_error *err, const char *fmt, ...)
{
    va_list ap;
    char *line, *text = NULL;
    int rc = CYLCH_OK;
    if (!notes)
        return CYLCH_OK;
    va_start(ap, fmt);
    line = vformat(fmt, ap);
    va_end(ap);
    if (line) {
        va_start(ap, fmt);
        text = vformat(_(fmt), ap);
        va_end(ap);
    }
    if (!line || !text || cylch_notes_add_text(notes, line, text))
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    free(line);
    free(text);
    return rc;
}

/* DESIGN §8.1–§8.2: a note for each member spending more than its income, and
 * for each member whose modelled local sales at the point values exceed its
 * reported income (its exogenous income is then 0). */
static int money_notes(const cylch_scenario *s, const cylch_network *net, cylch_notes *notes,
                       cylch_error *err)
{
    cylch_model *m = NULL;
    double *vals = NULL;
    cylch_place p;
    int rc = CYLCH_OK, built;
    for (size_t j = 0; j < net->n; j++) {
        const double *v = net->m[j].v;
        double T = cylch_member_income(&net->m[j]);
        double C = v[CYLCH_COL_WAGES] + v[CYLCH_COL_PURCHASES] + v[CYLCH_COL_OTHER_COSTS];
        if (C > T) {
            if (cylch_notes_addf(notes, err,
                     "'%s' spends £%.0f a year on £%.0f of income (a deficit, from reserves): "
                     "cylch spends each £1 it receives as its costs are split, so it never "
                     "re-spends more than £1", net->m[j].id, C, T))
                return CYLCH_ENOMEM;
        }
    }
    cylch_scenario_place_point(s, &p);
    if (!(m = cylch_model_new(net)) || !(vals = cylch_network_values(net))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    built = cylch_model_build(m, vals, &p, NULL) == CYLCH_OK;
    if (built) {
        for (size_t j = 0; j < net->n; j++)
            if (cylch_model_member_capped(m, j)) {
                if ((rc = cylch_notes_addf(notes, err,
                         "'%s': households' share of spending with members would give it more than "
                         "the £%.0f of local sales it reports beyond its sales to members; it gets "
                         "that much, and the rest of households' spending goes to other local "
                         "businesses", net->m[j].id, net->m[j].v[CYLCH_COL_TRADE_LOCAL])))
                    goto done;
            }
    }
    if (built && cylch_model_inconsistent(m, NULL)) {
        for (size_t j = 0; j < net->n; j++)
            if (cylch_model_member_inconsistent(m, j)) {
                if ((rc = cylch_notes_addf(notes, err,
                         "'%s': the sales that the model itself sends it (from other members and "
                         "local households) are more than its reported income of £%.0f; its "
                         "income from outside the network's circle is taken as 0. Check its "
                         "trade_local and the trade links that buy from it",
                         net->m[j].id, cylch_member_income(&net->m[j]))))
                    goto done;
            }
    }
done:
    free(vals);
    cylch_model_free(m);
    return rc;
}

/* Prefix err's message with "FILE:LINE: what: " (the message is copied first). */
static int prefix_error(cylch_error *err, int rc, const char *file, long line, const char *what)
{
    char msg[CYLCH_ERROR_MAX];
    snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
    return cylch_error_at(err, rc, file, line, "%s: %s", what, msg);
}

/* A trade edit's section as written, for messages: [trade "gisda cellb"] or [trade "all"]. */
static void trade_edit_label(const cylch_trade_edit *e, char *buf, size_t len)
{
    if (e->buyer)
        snprintf(buf, len, "[trade \"%s %s\"]", e->buyer, e->seller);
    else
        snprintf(buf, len, "[trade \"all\"]");
}

/* Resolve a trade edit's member id; an error names the section and whether it left. */
static int trade_member(const cylch_scenario *s, const cylch_network *net, const cylch_trade_edit *e,
                        const char *id, size_t *out, cylch_error *err)
{
    long j = cylch_network_find(net, id);
    char what[300];
    if (j >= 0) {
        *out = (size_t)j;
        return CYLCH_OK;
    }
    trade_edit_label(e, what, sizeof what);
    for (size_t k = 0; k < s->nremove; k++)
        if (strcmp(s->remove[k], id) == 0)
            return cylch_error_at(err, CYLCH_EINPUT, s->path, e->section_line,
                                  "%s: '%s' leaves the network in [remove], so it cannot trade",
                                  what, id);
    return cylch_error_at(err, CYLCH_EINPUT, s->path, e->section_line,
                          "%s: '%s' is not a member of the network in %s (nor a [member] of this "
                          "scenario)", what, id, net->dir);
}

/* One trade edit: set, add to or multiply a link's amount; 0 removes the link. */
static int apply_trade_edit(const cylch_scenario *s, cylch_network *net, const cylch_trade_edit *e,
                            cylch_notes *notes, cylch_error *err)
{
    char what[300];
    size_t b = 0, sl = 0;
    long t;
    double before, v;
    int rc;

    trade_edit_label(e, what, sizeof what);
    if (!e->buyer) {
        double k = e->value;
        if (k < 0.0) {
            if (cylch_notes_addf(notes, err, "%s:%ld: %s would make every trade amount negative; kept at 0",
                     s->path, e->line, what))
                return CYLCH_ENOMEM;
            k = 0.0;
        }
        for (size_t i = 0; i < net->ntrade; i++)
            net->trade[i].amount *= k;
        /* Links multiplied to nothing are gone. */
        for (size_t i = net->ntrade; i-- > 0;)
            if (net->trade[i].amount == 0.0)
                cylch_network_remove_trade(net, i);
        return CYLCH_OK;
    }
    if ((rc = trade_member(s, net, e, e->buyer, &b, err)) ||
        (rc = trade_member(s, net, e, e->seller, &sl, err)))
        return rc;
    if (b == sl)
        return cylch_error_at(err, CYLCH_EINPUT, s->path, e->section_line,
                              "%s: a member cannot trade with itself", what);
    t = cylch_network_find_trade(net, b, sl);
    if (t < 0 && e->op == '*')
        return cylch_error_at(err, CYLCH_EINPUT, s->path, e->line,
                              "%s: '%s' buys nothing from '%s' in %s, so there is no amount to "
                              "multiply; write the amount in £ a year instead", what, e->buyer,
                              e->seller, net->dir);
    before = t >= 0 ? net->trade[t].amount : 0.0;
    v = e->op == '*' ? before * e->value : e->op == '+' ? before + e->value : e->value;
    if (v < 0.0) {
        if (cylch_notes_addf(notes, err, "%s:%ld: %s would make the amount %g; kept at 0 (the link is "
                 "removed)", s->path, e->line, what, v))
            return CYLCH_ENOMEM;
        v = 0.0;
    }
    if (t >= 0) {
        if (v == 0.0)
            cylch_network_remove_trade(net, (size_t)t);
        else
            net->trade[t].amount = v;
        return CYLCH_OK;
    }
    if (v == 0.0)
        return CYLCH_OK;
    if ((rc = cylch_network_add_trade(net, b, sl, v, 0, err)))
        return prefix_error(err, rc, s->path, e->line, what);
    return CYLCH_OK;
}

/* [remove], [member] and [trade], in that order. */
static int apply_structure(const cylch_scenario *s, cylch_network *net, cylch_notes *notes,
                           cylch_error *err)
{
    int rc;
    for (size_t k = 0; k < s->nremove; k++) {
        long j = cylch_network_find(net, s->remove[k]);
        if (j < 0)
            return cylch_error_at(err, CYLCH_EINPUT, s->path, s->remove_line,
                                  "[remove]: '%s' is not a member of the network in %s",
                                  s->remove[k], net->dir);
        if ((rc = cylch_network_remove_member(net, (size_t)j, err)))
            return prefix_error(err, rc, s->path, s->remove_line, "[remove]");
    }
    for (size_t k = 0; k < s->nnew; k++) {
        const cylch_new_member *nm = &s->new_members[k];
        if (cylch_network_find(net, nm->id) >= 0)
            return cylch_error_at(err, CYLCH_EINPUT, s->path, nm->line,
                                  "[member \"%s\"]: '%s' is already a member of the network in %s; "
                                  "use a [change] section to alter its accounts", nm->id, nm->id,
                                  net->dir);
        if ((rc = cylch_network_add_member(net, nm->id, nm->name, nm->v, 0, err))) {
            char what[200];
            snprintf(what, sizeof what, "[member \"%s\"]", nm->id);
            return prefix_error(err, rc, s->path, nm->line, what);
        }
    }
    for (size_t k = 0; k < s->ntrade_edits; k++)
        if ((rc = apply_trade_edit(s, net, &s->trade_edits[k], notes, err)))
            return rc;
    return CYLCH_OK;
}

/* What a person should look at before trusting the figures, as "warning: …" notes:
 * a member whose income is far from its costs (a surplus leaks as saving, a
 * deficit is spent from reserves: either may be a typing slip), and a place value
 * the scenario leaves out, so that a default is used. */
static int consistency_warnings(const cylch_scenario *s, const cylch_network *net, cylch_notes *notes,
                                cylch_error *err)
{
    static const char *const meaning[CYLCH_NPLACE] = {
        N_("all of the wage bill reaches staff's households, as if there were no tax"),
        "", N_("households spend nothing with the members"), "", "", "", ""
    };
    if (!notes)
        return CYLCH_OK;
    for (size_t j = 0; j < net->n; j++) {
        const cylch_member *m = &net->m[j];
        double T = cylch_member_income(m);
        double C = m->v[CYLCH_COL_WAGES] + m->v[CYLCH_COL_PURCHASES] + m->v[CYLCH_COL_OTHER_COSTS];
        double gap = T - C;
        char a[64], b[64];
        /* A deficit has its own note (money_notes); a large surplus is often a slip. */
        if (gap <= 0.25 * T || gap < 10000.0)
            continue;
        snprintf(a, sizeof a, "%.0f", T);
        snprintf(b, sizeof b, "%.0f", C);
        /* (only a surplus gets here: gap > 0.25 T) */
        if (cylch_notes_addf(notes, err,
                 "warning: '%s' (%s line %ld) has income £%s a year but costs (wages, purchases and "
                 "other costs) of £%s: a surplus of £%.0f, %.0f%% of its income. Check the figures: "
                 "a surplus leaves the local economy as saving, so the figures are cautious",
                 m->id, m->line ? (net->enterprises_path ? net->enterprises_path : "enterprises.csv")
                                : s->path, m->line,
                 a, b, fabs(gap), 100.0 * fabs(gap) / T))
            return CYLCH_ENOMEM;
    }
    for (int p = 0; p < CYLCH_NPLACE; p++)
        if (!s->place_line[p] && meaning[p][0]) {
            static const char *const fmt =
                N_("warning: %s does not set %s in [place], so %g is used: %s. Set it if you know better");
            char line[CYLCH_ERROR_MAX], text[CYLCH_ERROR_MAX];
            snprintf(line, sizeof line, fmt, s->path, place_names[p], cylch_dist_point(&s->place[p], 0.0),
                     meaning[p]);
            snprintf(text, sizeof text, _(fmt), s->path, place_names[p], cylch_dist_point(&s->place[p], 0.0),
                     _(meaning[p]));
            if (cylch_notes_add_text(notes, line, text))
                return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        }
    return CYLCH_OK;
}

/* [economy]: load the local economy once (a network copied from one that has
 * it shares it) and check every member's industry against its table. */
static int attach_economy(const cylch_scenario *s, cylch_network *net, cylch_error *err)
{
    int rc;
    if (!s->economy)
        return CYLCH_OK;
    if (!net->economy && (rc = cylch_economy_load(s->economy, s->path, &net->economy, err)))
        return rc;
    for (size_t j = 0; j < net->n; j++) {
        const cylch_member *m = &net->m[j];
        const char *ind = cylch_network_industry(net, j);
        if (ind && cylch_economy_find(net->economy, ind) < 0)
            return cylch_error_at(err, CYLCH_EINPUT, m->line ? net->enterprises_path : s->path,
                                  m->line, "industry '%s' of '%s' is not an industry of %s; give its "
                                  "code (e.g. I56) or its label as in the table", ind, m->id,
                                  s->economy->table);
    }
    return CYLCH_OK;
}

static int check_money_uncertainty(const cylch_scenario *s, const cylch_network *net, cylch_error *err)
{
    static const int costs[] = {CYLCH_COL_WAGES, CYLCH_COL_PURCHASES, CYLCH_COL_OTHER_COSTS};
    if (s->split_sd > 0.0)
        for (size_t c = 0; c < sizeof costs / sizeof *costs; c++)
            if (s->has_unc[costs[c]] && !cylch_dist_is_fixed(&s->unc[costs[c]]))
                return cylch_error_at(err, CYLCH_EINPUT, s->path, s->unc_line[costs[c]],
                                      "%s in [uncertainty]: split (line %ld) already draws each "
                                      "member's wages, purchases and other costs; leave %s out",
                                      cylch_col_name(costs[c]), s->split_line, cylch_col_name(costs[c]));
    for (size_t j = 0; j < net->n; j++) {
        cylch_error e;
        cylch_split sp;
        double T = cylch_member_income(&net->m[j]);
        cylch_error_clear(&e);
        if (s->has_income && cylch_dist_check(&s->income, CYLCH_RANGE_NONNEG, T, &e) != CYLCH_OK)
            return cylch_error_at(err, CYLCH_EINPUT, s->path, s->income_line,
                                  "income in [uncertainty] for '%s' (income £%.0f): %s",
                                  net->m[j].id, T, e.msg);
        if (s->split_sd > 0.0 && cylch_split_init(&sp, net->m[j].v, s->split_sd, &e) != CYLCH_OK)
            return cylch_error_at(err, CYLCH_EINPUT, s->path, s->split_line,
                                  "split in [uncertainty] for '%s': %s", net->m[j].id, e.msg);
    }
    return CYLCH_OK;
}

/* DESIGN §8.6, [change] scale = income: member j's income went from T0 to its
 * present value; its staff and costs, and what it buys from other members, move
 * by the same factor, except the columns the change sets itself. Returns the factor. */
static double scale_with_income(const cylch_change *ch, cylch_network *net, size_t j, double T0)
{
    static const int cols[] = {CYLCH_COL_FTE, CYLCH_COL_WAGES, CYLCH_COL_PURCHASES,
                               CYLCH_COL_OTHER_COSTS};
    cylch_member *m = &net->m[j];
    double T1 = cylch_member_income(m), k;
    int set_purchases = 0;
    if (!(T0 > 0.0) || !(T1 > 0.0) || T1 == T0)
        return 1.0;
    k = T1 / T0;
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
        int named = 0;
        for (size_t o = 0; o < ch->nops; o++)
            named |= ch->ops[o].col == cols[c];
        if (cols[c] == CYLCH_COL_PURCHASES)
            set_purchases = named;
        if (!named)
            m->v[cols[c]] *= k;
    }
    if (!set_purchases)
        for (size_t t = 0; t < net->ntrade; t++)
            if (net->trade[t].buyer == j)
                net->trade[t].amount *= k;
    return k;
}

int cylch_scenario_apply(const cylch_scenario *s, cylch_network *net, cylch_notes *notes,
                         cylch_error *err)
{
    int structural = s->nremove || s->nnew || s->ntrade_edits;
    /* What reading the network's files normalised is said with the run's notes. */
    for (int k = 0; k < 2; k++)
        if (net->read_note[k] &&
            cylch_notes_add_text(notes, net->read_note[k],
                                 net->read_text[k] ? net->read_text[k] : net->read_note[k]))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    if (structural) {
        int rc = apply_structure(s, net, notes, err);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < s->nchanges; i++) {
        const cylch_change *ch = &s->changes[i];
        char context[300];
        int rc;
        size_t nscaled = 0;
        double kmin = 1.0, kmax = 1.0, T0;
        for (size_t k = 0; k < ch->nmembers; k++)
            if (cylch_network_find(net, ch->members[k]) < 0)
                return cylch_error_at(err, CYLCH_EINPUT, s->path, ch->members_line,
                                      "[change \"%s\"]: '%s' is not a member of the network in %s",
                                      ch->label, ch->members[k], net->dir);
        for (size_t j = 0; j < net->n; j++) {
            cylch_member *m = &net->m[j];
            int chosen = ch->all;
            for (size_t k = 0; !chosen && k < ch->nmembers; k++)
                chosen = strcmp(ch->members[k], m->id) == 0;
            if (!chosen)
                continue;
            T0 = cylch_member_income(m);
            for (size_t o = 0; o < ch->nops; o++) {
                const cylch_change_op *op = &ch->ops[o];
                double before = m->v[op->col], v;
                double hi = cylch_col_is_share(op->col) ? 1.0 : INFINITY;
                v = op->op == '*' ? before * op->value : op->op == '+' ? before + op->value : op->value;
                if (v < 0.0 || v > hi) {
                    double cl = v < 0.0 ? 0.0 : hi;
                    if (cylch_notes_addf(notes, err,
                             "%s:%ld: [change \"%s\"] would make %s for '%s' %g; kept at %g, "
                             "the end of its valid range", s->path, op->line, ch->label,
                             cylch_col_name(op->col), m->id, v, cl))
                        return CYLCH_ENOMEM;
                    v = cl;
                }
                m->v[op->col] = v;
            }
            if (ch->scale_income) {
                double k = scale_with_income(ch, net, j, T0);
                if (k != 1.0) {
                    kmin = nscaled == 0 || k < kmin ? k : kmin;
                    kmax = nscaled == 0 || k > kmax ? k : kmax;
                    nscaled++;
                }
            }
        }
        if (nscaled && notes) {
            char by[64];
            if (kmin == kmax)
                snprintf(by, sizeof by, "x%.4g", kmin);
            else
                snprintf(by, sizeof by, "x%.4g to x%.4g", kmin, kmax);
            /* (one member: one factor; several: one factor or a range "x0.819 to x0.9892") */
            if (nscaled == 1 ? cylch_notes_addf(notes, err,
                     "%s:%ld: [change \"%s\"] scale = income: the staff, wages, purchases, other costs "
                     "and purchases from other members of %zu member moved with its income (%s)",
                     s->path, ch->scale_line, ch->label, nscaled, by)
                : kmin == kmax ? cylch_notes_addf(notes, err,
                     "%s:%ld: [change \"%s\"] scale = income: the staff, wages, purchases, other costs "
                     "and purchases from other members of %zu members moved with their income (%s)",
                     s->path, ch->scale_line, ch->label, nscaled, by)
                : cylch_notes_addf(notes, err,
                     "%s:%ld: [change \"%s\"] scale = income: the staff, wages, purchases, other costs "
                     "and purchases from other members of %zu members moved with their income (x%.4g "
                     "to x%.4g)", s->path, ch->scale_line, ch->label, nscaled, kmin, kmax))
                return CYLCH_ENOMEM;
        }
        snprintf(context, sizeof context, _("[change \"%s\"] (%s line %ld)%s"), ch->label, s->path,
                 ch->line, structural ? _(" and the scenario's [member], [remove] and [trade] sections") : "");
        rc = cylch_network_check(net, context, err);
        if (rc)
            return rc;
    }
    if (structural && s->nchanges == 0) {
        char context[300];
        int rc;
        snprintf(context, sizeof context, _("the [member], [remove] and [trade] sections of %s"), s->path);
        if ((rc = cylch_network_check(net, context, err)))
            return rc;
    }
    /* DESIGN §8.6: a member's income drawn around its own, and its split of spending. */
    if ((s->has_income && !cylch_dist_is_fixed(&s->income)) || s->split_sd > 0.0) {
        int rc = check_money_uncertainty(s, net, err);
        if (rc)
            return rc;
    }
    /* Centred distributions must be possible around every member's value. */
    for (int c = 0; c < CYLCH_NCOLS; c++) {
        /* The members whose sd rule §8.7 narrows, listed in one note per column
         * ("id (share) sd x, ..."), so a network with many shares near 0 or 1 gets
         * one line a column instead of one a member. */
        char capped[1024];
        size_t ncapped = 0, used = 0;
        capped[0] = '\0';
        if (!s->has_unc[c])
            continue;
        for (size_t j = 0; j < net->n; j++) {
            cylch_error e;
            cylch_error_clear(&e);
            if (cylch_dist_check(&s->unc[c],
                                 cylch_col_is_share(c) ? CYLCH_RANGE_SHARE : CYLCH_RANGE_NONNEG,
                                 net->m[j].v[c], &e) != CYLCH_OK)
                return cylch_error_at(err, CYLCH_EINPUT, s->path, s->unc_line[c],
                                      "%s in [uncertainty] for '%s' (%s = %g): %s",
                                      cylch_col_name(c), net->m[j].id, cylch_col_name(c),
                                      net->m[j].v[c], e.msg);
            if (notes && isfinite(cylch_dist_sd_capped(&s->unc[c], net->m[j].v[c]))) {
                /* used < sizeof capped - 8 until the list is full, so there is always
                 * room to end it with ", ..." rather than cut a name in half. */
                if (used < sizeof capped) {
                    int w = snprintf(capped + used, sizeof capped - used, "%s'%s' (%g) sd %.3g",
                                     ncapped ? ", " : "", net->m[j].id, net->m[j].v[c],
                                     cylch_dist_sd_capped(&s->unc[c], net->m[j].v[c]));
                    if (w > 0 && used + (size_t)w < sizeof capped - 8) {
                        used += (size_t)w;
                    } else {
                        capped[used] = '\0';
                        strcat(capped, ncapped ? ", ..." : "...");
                        used = sizeof capped;
                    }
                }
                ncapped++;
            }
        }
        if (ncapped) {
            char t[CYLCH_DIST_TEXT_MAX];
            cylch_dist_format(&s->unc[c], t, sizeof t);
            if (cylch_notes_addf(notes, err,
                     "%s: %s is wider than a beta allows around these members' shares, so their "
                     "sd is narrowed to keep draws off 0 and 1 (DESIGN rule 8.7): %s",
                     cylch_col_name(c), t, capped))
                return CYLCH_ENOMEM;
        }
    }
    if (notes) {
        int rc = money_notes(s, net, notes, err);
        if (rc)
            return rc;
    }
    {
        int rc = attach_economy(s, net, err);
        if (rc)
            return rc;
    }
    return consistency_warnings(s, net, notes, err);
}

double cylch_scenario_cost(const cylch_scenario *s, const cylch_network *net)
{
    double cost = s->cost;
    for (size_t i = 0; i < s->nchanges; i++) {
        const cylch_change *ch = &s->changes[i];
        size_t n = ch->all ? (net ? net->n : 0) : ch->nmembers;
        cost += ch->cost_per_member ? ch->cost * (double)n : ch->cost;
    }
    return cost;
}
