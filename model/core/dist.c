/* cylch — probability distributions of uncertain inputs (see cylch/dist.h).
 *
 * Text is parsed into a cylch_dist that keeps the parameters as written.
 * Everything numeric goes through resolve(), which turns a distribution and
 * the reported value c into one of six concrete shapes (a point, flat,
 * triangular, scaled beta, normal, lognormal); sampling, moments and
 * quantiles are written once per shape. Nothing here allocates.
 */
#include "cylch/core/dist.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "cylch/io/lang.h"
#include "cylch/io/limits.h"

/* ---- the families of the text forms ------------------------------------ */

enum { ARG_MEAN = 1, ARG_SD = 2, ARG_REL = 4, ARG_A = 8, ARG_B = 16 };
#define NO_KIND ((cylch_dist_kind)-1)

typedef struct family {
    const char *name;
    int npos;                     /* numbers taken by the positional form */
    const char *pos_names;        /* as shown in messages */
    cylch_dist_kind pos_kind;
    cylch_dist_kind mean_sd_kind; /* (mean=,sd=), or NO_KIND */
    cylch_dist_kind sd_kind;      /* centred (sd=), or NO_KIND */
    cylch_dist_kind rel_kind;     /* centred (rel=), or NO_KIND */
    const char *forms;            /* the forms allowed everywhere */
    const char *centred_forms;    /* the forms allowed in [uncertainty] only */
} family;

static const family families[] = {
    {"uniform", 2, "a,b", CYLCH_DIST_UNIFORM, NO_KIND, NO_KIND, CYLCH_DIST_UNIFORM_REL,
     "uniform(a,b)", "uniform(rel=...)"},
    {"triangular", 3, "min,mode,max", CYLCH_DIST_TRIANGULAR, NO_KIND, NO_KIND,
     CYLCH_DIST_TRIANGULAR_REL, "triangular(min,mode,max)", "triangular(rel=...)"},
    {"pert", 3, "min,mode,max", CYLCH_DIST_PERT, NO_KIND, NO_KIND, NO_KIND,
     "pert(min,mode,max)", NULL},
    {"normal", 2, "mean,sd", CYLCH_DIST_NORMAL, CYLCH_DIST_NORMAL, CYLCH_DIST_NORMAL_SD,
     CYLCH_DIST_NORMAL_REL, N_("normal(mean,sd) or normal(mean=...,sd=...)"),
     N_("normal(sd=...) or normal(rel=...)")},
    {"lognormal", 2, "mean,sd", CYLCH_DIST_LOGNORMAL, CYLCH_DIST_LOGNORMAL, NO_KIND,
     CYLCH_DIST_LOGNORMAL_REL, N_("lognormal(mean,sd) or lognormal(mean=...,sd=...)"),
     "lognormal(rel=...)"},
    {"beta", 2, "a,b", CYLCH_DIST_BETA, CYLCH_DIST_BETA_MEAN_SD, CYLCH_DIST_BETA_SD,
     NO_KIND, N_("beta(a,b) or beta(mean=...,sd=...)"), "beta(sd=...)"},
};
enum { NFAMILIES = sizeof families / sizeof families[0] };

int cylch_dist_is_centred(const cylch_dist *d)
{
    switch (d->kind) {
    case CYLCH_DIST_BETA_SD:
    case CYLCH_DIST_NORMAL_SD:
    case CYLCH_DIST_NORMAL_REL:
    case CYLCH_DIST_LOGNORMAL_REL:
    case CYLCH_DIST_UNIFORM_REL:
    case CYLCH_DIST_TRIANGULAR_REL:
        return 1;
    default:
        return 0;
    }
}

int cylch_dist_is_fixed(const cylch_dist *d)
{
    return d->kind == CYLCH_DIST_FIXED;
}

/* ---- formatting -------------------------------------------------------- */

/* The shortest of %.15g, %.16g, %.17g that reads back as x. */
static void fmt_num(char *buf, size_t len, double x)
{
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        double back;
        snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (prec == 17 || (cylch_parse_double(tmp, &back) && back == x))
            break;
    }
    snprintf(buf, len, "%s", tmp);
}

/* beta(a,b) whose two numbers also read as a mean and an sd, with both shapes below 1:
 * beta(0.53,0.05) is almost always meant as beta(mean=0.53,sd=0.05), and as shapes it
 * piles the share up at 0 and 1 (mean 0.91), where the multiplier may have no finite
 * answer. Written so by name (beta(a=0.53,b=0.05)) it is taken as shapes. */
static int beta_looks_like_mean_sd(double a, double b)
{
    return a > 0 && a < 1 && b > 0 && b < 1 && b * b < a * (1 - a);
}

void cylch_dist_format(const cylch_dist *d, char *buf, size_t len)
{
    char a[40], b[40], c[40];
    if (!buf || len == 0)
        return;
    fmt_num(a, sizeof a, d->p[0]);
    fmt_num(b, sizeof b, d->p[1]);
    fmt_num(c, sizeof c, d->p[2]);
    switch (d->kind) {
    case CYLCH_DIST_FIXED: snprintf(buf, len, "%s", a); break;
    case CYLCH_DIST_UNIFORM: snprintf(buf, len, "uniform(%s,%s)", a, b); break;
    case CYLCH_DIST_TRIANGULAR: snprintf(buf, len, "triangular(%s,%s,%s)", a, b, c); break;
    case CYLCH_DIST_PERT: snprintf(buf, len, "pert(%s,%s,%s)", a, b, c); break;
    case CYLCH_DIST_NORMAL: snprintf(buf, len, "normal(%s,%s)", a, b); break;
    case CYLCH_DIST_LOGNORMAL: snprintf(buf, len, "lognormal(%s,%s)", a, b); break;
    case CYLCH_DIST_BETA:
        snprintf(buf, len, beta_looks_like_mean_sd(d->p[0], d->p[1]) ? "beta(a=%s,b=%s)" : "beta(%s,%s)", a, b);
        break;
    case CYLCH_DIST_BETA_MEAN_SD: snprintf(buf, len, "beta(mean=%s,sd=%s)", a, b); break;
    case CYLCH_DIST_BETA_SD: snprintf(buf, len, "beta(sd=%s)", a); break;
    case CYLCH_DIST_NORMAL_SD: snprintf(buf, len, "normal(sd=%s)", a); break;
    case CYLCH_DIST_NORMAL_REL: snprintf(buf, len, "normal(rel=%s)", a); break;
    case CYLCH_DIST_LOGNORMAL_REL: snprintf(buf, len, "lognormal(rel=%s)", a); break;
    case CYLCH_DIST_UNIFORM_REL: snprintf(buf, len, "uniform(rel=%s)", a); break;
    case CYLCH_DIST_TRIANGULAR_REL: snprintf(buf, len, "triangular(rel=%s)", a); break;
    default: snprintf(buf, len, "(unknown distribution)"); break;
    }
}

/* ---- parameter checks (shared by parse and check) ----------------------- */

/* Beta shapes from a mean m in (0,1) and an sd s with s^2 < m(1-m). */
static void beta_shapes(double m, double s, double *a, double *b)
{
    double k = m * (1 - m) / (s * s) - 1;
    *a = m * k;
    *b = (1 - m) * k;
}

/* The largest sd of a beta with mean c in (0, 1) whose shapes are both >= 1:
 * a = c k >= 1 and b = (1 - c) k >= 1 with k = c(1 - c)/s^2 - 1. */
static double beta_sd_cap(double c)
{
    double kmin = fmax(1 / c, 1 / (1 - c));
    return sqrt(c * (1 - c) / (1 + kmin));
}

double cylch_dist_sd_capped(const cylch_dist *d, double c)
{
    if (d->kind != CYLCH_DIST_BETA_SD || !(c > 0 && c < 1) || !(d->p[0] > beta_sd_cap(c)))
        return NAN;
    return beta_sd_cap(c);
}

static int validate(const cylch_dist *d, cylch_error *err)
{
    char t[CYLCH_DIST_TEXT_MAX];
    const double *p = d->p;
    int np = 0;

    switch (d->kind) {
    case CYLCH_DIST_FIXED: case CYLCH_DIST_BETA_SD: case CYLCH_DIST_NORMAL_SD:
    case CYLCH_DIST_NORMAL_REL: case CYLCH_DIST_LOGNORMAL_REL:
    case CYLCH_DIST_UNIFORM_REL: case CYLCH_DIST_TRIANGULAR_REL:
        np = 1; break;
    case CYLCH_DIST_UNIFORM: case CYLCH_DIST_NORMAL: case CYLCH_DIST_LOGNORMAL:
    case CYLCH_DIST_BETA: case CYLCH_DIST_BETA_MEAN_SD:
        np = 2; break;
    case CYLCH_DIST_TRIANGULAR: case CYLCH_DIST_PERT:
        np = 3; break;
    default:
        return cylch_error_set(err, CYLCH_EINPUT, "unknown kind of distribution (%d)",
                               (int)d->kind);
    }
    /* resolve() validates on every sample and passes no err: no text then. */
    t[0] = '\0';
    if (err)
        cylch_dist_format(d, t, sizeof t);
    /* Every parameter at most CYLCH_VALUE_MAX and every spread bounded, so that
     * every moment, quantile and draw derived from them is a finite number. */
    for (int i = 0; i < np; i++) {
        if (!isfinite(p[i]))
            return cylch_error_set(err, CYLCH_EINPUT, "%s: parameter %d is not a finite number",
                                   t, i + 1);
        if (fabs(p[i]) > CYLCH_VALUE_MAX)
            return cylch_error_set(err, CYLCH_EINPUT, "%s: parameter %d is %g; cylch takes numbers "
                                   "of up to %s", t, i + 1, p[i], _(CYLCH_VALUE_MAX_TEXT));
    }
    if ((d->kind == CYLCH_DIST_NORMAL_REL || d->kind == CYLCH_DIST_LOGNORMAL_REL ||
         d->kind == CYLCH_DIST_UNIFORM_REL || d->kind == CYLCH_DIST_TRIANGULAR_REL) &&
        p[0] > CYLCH_DIST_REL_MAX)
        return cylch_error_set(err, CYLCH_EINPUT, "%s: a relative spread of %g is more than cylch "
                               "can compute with; it must be at most %g (rel=1 is 100%%)", t, p[0],
                               CYLCH_DIST_REL_MAX);
    if (d->kind == CYLCH_DIST_LOGNORMAL && p[0] > 0 && p[1] > CYLCH_DIST_REL_MAX * p[0])
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%s: an sd of %g is more than %g times the mean %g, more than cylch "
                               "can compute with", t, p[1], CYLCH_DIST_REL_MAX, p[0]);

    switch (d->kind) {
    case CYLCH_DIST_UNIFORM:
        if (p[0] > p[1])
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: the lower end %g is above the upper end %g", t, p[0], p[1]);
        break;
    case CYLCH_DIST_TRIANGULAR:
    case CYLCH_DIST_PERT:
        if (p[0] > p[2])
            return cylch_error_set(err, CYLCH_EINPUT, "%s: min %g is above max %g", t, p[0], p[2]);
        if (p[0] == p[2])
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: min and max are both %g; for a fixed value write just %g",
                                   t, p[0], p[0]);
        if (p[1] < p[0] || p[1] > p[2])
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: the mode (most likely value) %g is outside min %g to max %g",
                                   t, p[1], p[0], p[2]);
        break;
    case CYLCH_DIST_NORMAL:
        if (p[1] < 0)
            return cylch_error_set(err, CYLCH_EINPUT, "%s: the sd %g is negative", t, p[1]);
        break;
    case CYLCH_DIST_LOGNORMAL:
        if (p[0] <= 0)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: a lognormal needs a mean above 0, not %g "
                                   "(it describes positive quantities)", t, p[0]);
        if (p[1] < 0)
            return cylch_error_set(err, CYLCH_EINPUT, "%s: the sd %g is negative", t, p[1]);
        break;
    case CYLCH_DIST_BETA:
        if (p[0] <= 0 || p[1] <= 0)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: both shape numbers of a beta must be above 0", t);
        break;
    case CYLCH_DIST_BETA_MEAN_SD:
        if (p[0] <= 0 || p[0] >= 1)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: the mean of a beta must lie strictly between 0 and 1, not %g",
                                   t, p[0]);
        if (p[1] <= 0)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: the sd must be above 0 (for a fixed share write just %g)",
                                   t, p[0]);
        if (p[1] * p[1] >= p[0] * (1 - p[0]))
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: an sd of %g is too large for a mean of %g "
                                   "(it must be below %.3g)",
                                   t, p[1], p[0], sqrt(p[0] * (1 - p[0])));
        break;
    case CYLCH_DIST_BETA_SD:
        if (p[0] <= 0)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: the sd must be above 0 (for no uncertainty leave the column "
                                   "out of [uncertainty])", t);
        if (p[0] >= 0.5)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: an sd of %g is too large for any share (it must be below 0.5)",
                                   t, p[0]);
        break;
    case CYLCH_DIST_NORMAL_SD:
        if (p[0] < 0)
            return cylch_error_set(err, CYLCH_EINPUT, "%s: the sd %g is negative", t, p[0]);
        break;
    case CYLCH_DIST_NORMAL_REL: case CYLCH_DIST_LOGNORMAL_REL:
    case CYLCH_DIST_UNIFORM_REL: case CYLCH_DIST_TRIANGULAR_REL:
        if (p[0] < 0)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: the relative spread %g is negative", t, p[0]);
        break;
    default:
        break;
    }
    return CYLCH_OK;
}

/* ---- parsing ----------------------------------------------------------- */

typedef struct span {
    const char *s;
    size_t n;
} span;

static span trim(const char *s, size_t n)
{
    span r;
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    r.s = s;
    r.n = n;
    return r;
}

static int span_is(span a, const char *word)
{
    size_t n = strlen(word);
    if (a.n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a.s[i]) != word[i])
            return 0;
    return 1;
}

/* Texts quoted in messages are cut to keep a message to one readable line. */
#define QUOTE_MAX 120
#define Q(sp) (int)((sp).n < QUOTE_MAX ? (sp).n : QUOTE_MAX), (sp).s

static int parse_number(span whole, span v, double *out, cylch_error *err)
{
    char buf[128];
    if (v.n < sizeof buf) {
        memcpy(buf, v.s, v.n);
        buf[v.n] = '\0';
        if (cylch_parse_double(buf, out))
            return CYLCH_OK;
    }
    return cylch_error_set(err, CYLCH_EINPUT, "%.*s: '%.*s' is not a number%s", Q(whole), Q(v),
                           memchr(v.s, '%', v.n) ? _(" (write shares as decimals, e.g. 0.25)") : "");
}

static int forms_error(span whole, const family *f, int centred, const char *why,
                       cylch_error *err)
{
    if (centred && f->centred_forms)
        return cylch_error_set(err, CYLCH_EINPUT, "%.*s: %swrite %s, or in [uncertainty] %s",
                               Q(whole), why, _(f->forms), _(f->centred_forms));
    return cylch_error_set(err, CYLCH_EINPUT, "%.*s: %swrite %s", Q(whole), why, _(f->forms));
}

int cylch_dist_parse(const char *text, int centred, cylch_dist *d, cylch_error *err)
{
    static const char *const arg_names[] = {"mean", "sd", "rel", "a", "b"};
    span whole, name, inner;
    const char *open, *close;
    const family *f = NULL;
    cylch_dist out = {CYLCH_DIST_FIXED, {0, 0, 0}};
    double pos[3] = {0, 0, 0}, named[5] = {0, 0, 0, 0, 0};
    int npos = 0, nargs = 0, mask = 0, rc;

    if (!text)
        text = "";
    whole = trim(text, strlen(text));
    if (whole.n == 0)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "no value given: write a number such as 0.35 or a distribution "
                               "such as triangular(0.2,0.3,0.5)");

    open = memchr(whole.s, '(', whole.n);
    if (!open) {
        if (!cylch_parse_double(text, &out.p[0]))
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "'%.*s' is neither a number nor a distribution: write numbers "
                                   "plainly (1500, 0.35; no %%, pound signs or thousands commas) "
                                   "and distributions as name(numbers), e.g. triangular(0.2,0.3,0.5)",
                                   Q(whole));
        *d = out;
        return CYLCH_OK;
    }

    name = trim(whole.s, (size_t)(open - whole.s));
    for (int i = 0; i < NFAMILIES; i++)
        if (span_is(name, families[i].name))
            f = &families[i];
    if (!f) {
        if (name.n == 0)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%.*s: no distribution name before '('; the distributions are "
                                   "uniform, triangular, pert, normal, lognormal and beta", Q(whole));
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%.*s: unknown distribution '%.*s'; the distributions are uniform, "
                               "triangular, pert, normal, lognormal and beta", Q(whole), Q(name));
    }

    /* The text must end with the ')' that closes the '(' after the name. */
    close = whole.s + whole.n - 1;
    if (*close != ')') {
        const char *first = memchr(open, ')', (size_t)(whole.s + whole.n - open));
        span rest;
        if (!first)
            return cylch_error_set(err, CYLCH_EINPUT, "%.*s: missing ')' at the end", Q(whole));
        rest = trim(first + 1, (size_t)(whole.s + whole.n - first - 1));
        return cylch_error_set(err, CYLCH_EINPUT, "%.*s: unexpected text '%.*s' after ')'",
                               Q(whole), Q(rest));
    }
    if (memchr(open + 1, '(', (size_t)(close - open - 1))
        || memchr(open + 1, ')', (size_t)(close - open - 1)))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%.*s: the brackets do not match; write %s",
                               Q(whole), f->forms);

    /* Arguments: count first, so that "too many" is reported as such. */
    inner = trim(open + 1, (size_t)(close - open - 1));
    if (inner.n > 0) {
        nargs = 1;
        for (size_t i = 0; i < inner.n; i++)
            nargs += inner.s[i] == ',';
    }
    if (nargs > 3)
        return forms_error(whole, f, centred, _("too many numbers; "), err);

    for (int k = 0; k < nargs; k++) {
        const char *end = memchr(inner.s, ',', inner.n);
        size_t len = end ? (size_t)(end - inner.s) : inner.n;
        span a = trim(inner.s, len);
        const char *eq = memchr(a.s, '=', a.n);
        if (a.n == 0)
            return cylch_error_set(err, CYLCH_EINPUT, "%.*s: number %d is missing", Q(whole), k + 1);
        if (eq) {
            span key = trim(a.s, (size_t)(eq - a.s));
            span val = trim(eq + 1, a.n - (size_t)(eq - a.s) - 1);
            int which = -1;
            /* a= and b= name a beta's shapes; other families keep mean=, sd= and rel=. */
            for (int j = 0; j < (f->pos_kind == CYLCH_DIST_BETA ? 5 : 3); j++)
                if (span_is(key, arg_names[j]))
                    which = j;
            if (which < 0 && f->pos_kind == CYLCH_DIST_BETA)
                return cylch_error_set(err, CYLCH_EINPUT,
                                       "%.*s: unknown name '%.*s'; the names are mean=, sd=, a= and b=",
                                       Q(whole), Q(key));
            if (which < 0)
                return cylch_error_set(err, CYLCH_EINPUT,
                                       "%.*s: unknown name '%.*s'; the names are mean=, sd= and rel=",
                                       Q(whole), Q(key));
            if (mask & (1 << which))
                return cylch_error_set(err, CYLCH_EINPUT, "%.*s: %s= is given twice", Q(whole),
                                       arg_names[which]);
            if (val.n == 0)
                return cylch_error_set(err, CYLCH_EINPUT, "%.*s: %s= has no number", Q(whole),
                                       arg_names[which]);
            if ((rc = parse_number(whole, val, &named[which], err)) != CYLCH_OK)
                return rc;
            mask |= 1 << which;
        } else {
            if ((rc = parse_number(whole, a, &pos[npos], err)) != CYLCH_OK)
                return rc;
            npos++;
        }
        if (end) {
            inner.n -= len + 1;
            inner.s = end + 1;
        }
    }

    if (npos > 0 && mask != 0)
        return forms_error(whole, f, centred, _("give the numbers all by name or none by name; "),
                           err);
    if (mask == 0) {
        if (npos != f->npos) {
            char why[160];
            if (npos == 0)
                snprintf(why, sizeof why, _("%s needs %d numbers (%s), but none were given; "),
                         f->name, f->npos, f->pos_names);
            else
                snprintf(why, sizeof why, npos == 1 ? _("%s needs %d numbers (%s), but %d was given; ")
                                                    : _("%s needs %d numbers (%s), but %d were given; "),
                         f->name, f->npos, f->pos_names, npos);
            return forms_error(whole, f, centred, why, err);
        }
        out.kind = f->pos_kind;
        memcpy(out.p, pos, sizeof pos);
        if (out.kind == CYLCH_DIST_BETA && beta_looks_like_mean_sd(pos[0], pos[1])) {
            char m[40], sd[40];
            fmt_num(m, sizeof m, pos[0]);
            fmt_num(sd, sizeof sd, pos[1]);
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%.*s: did you mean beta(mean=%s,sd=%s)? beta(a,b) takes two shape "
                                   "numbers, and shapes both below 1 pile the values up at 0 and 1 "
                                   "(mean %.2g); for those shapes on purpose write beta(a=%s,b=%s)",
                                   Q(whole), m, sd, pos[0] / (pos[0] + pos[1]), m, sd);
        }
    } else if (mask == (ARG_A | ARG_B)) {
        out.kind = CYLCH_DIST_BETA;
        out.p[0] = named[3];
        out.p[1] = named[4];
    } else {
        cylch_dist_kind kind = NO_KIND;
        if (mask == (ARG_MEAN | ARG_SD))
            kind = f->mean_sd_kind;
        else if (mask == ARG_SD)
            kind = f->sd_kind;
        else if (mask == ARG_REL)
            kind = f->rel_kind;
        if (kind == NO_KIND)
            return forms_error(whole, f, centred, "", err);
        out.kind = kind;
        if (mask == ARG_REL)
            out.p[0] = named[2];
        else if (mask == ARG_SD)
            out.p[0] = named[1];
        else {
            out.p[0] = named[0];
            out.p[1] = named[1];
        }
        if (cylch_dist_is_centred(&out) && !centred)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%.*s is centred on each member's reported value, so it can only "
                                   "be used in [uncertainty]; here write %s",
                                   Q(whole), f->forms);
    }

    if ((rc = validate(&out, err)) != CYLCH_OK)
        return rc;
    *d = out;
    return CYLCH_OK;
}

/* ---- concrete shapes --------------------------------------------------- */

typedef enum shape { S_POINT, S_FLAT, S_TRI, S_BETA, S_NORMAL, S_LOGNORMAL } shape;

/* S_POINT x[0]; S_FLAT [x0, x1]; S_TRI min x0, mode x1, max x2 (x0 < x2);
 * S_BETA x2 + x3 Beta(x0, x1); S_NORMAL mean x0, sd x1 > 0;
 * S_LOGNORMAL zeta x0, sigma x1 > 0, mean x2, sd x3. */
typedef struct concrete {
    shape s;
    double x[4];
} concrete;

static void set_lognormal(concrete *k, double mean, double sd)
{
    if (sd == 0 || mean == 0) {
        k->s = S_POINT;
        k->x[0] = mean;
        return;
    }
    {
        double s2 = log1p((sd / mean) * (sd / mean));
        k->s = S_LOGNORMAL;
        k->x[0] = log(mean) - s2 / 2;
        k->x[1] = sqrt(s2);
        k->x[2] = mean;
        k->x[3] = sd;
    }
}

static void set_tri(concrete *k, double a, double m, double b)
{
    if (!(a < b)) {
        k->s = S_POINT;
        k->x[0] = m;
        return;
    }
    k->s = S_TRI;
    k->x[0] = a;
    k->x[1] = m;
    k->x[2] = b;
}

static void set_normal(concrete *k, double mean, double sd)
{
    k->s = sd > 0 ? S_NORMAL : S_POINT;
    k->x[0] = mean;
    k->x[1] = sd;
}

static void set_beta(concrete *k, double a, double b, double lo, double width)
{
    k->s = S_BETA;
    k->x[0] = a;
    k->x[1] = b;
    k->x[2] = lo;
    k->x[3] = width;
}

/* The concrete shape of d centred on c; 0 if the combination is impossible
 * (parameters broken, or a centred form that cannot sit on c). */
static int resolve(const cylch_dist *d, double c, concrete *k)
{
    const double *p = d->p;
    double h;
    if (validate(d, NULL) != CYLCH_OK)
        return 0;
    if (cylch_dist_is_centred(d) && !isfinite(c))
        return 0;
    memset(k, 0, sizeof *k);
    switch (d->kind) {
    case CYLCH_DIST_FIXED:
        k->s = S_POINT;
        k->x[0] = p[0];
        return 1;
    case CYLCH_DIST_UNIFORM:
        k->s = S_FLAT;
        k->x[0] = p[0];
        k->x[1] = p[1];
        return 1;
    case CYLCH_DIST_TRIANGULAR:
        set_tri(k, p[0], p[1], p[2]);
        return 1;
    case CYLCH_DIST_PERT: {
        double w = p[2] - p[0];
        set_beta(k, 1 + 4 * (p[1] - p[0]) / w, 1 + 4 * (p[2] - p[1]) / w, p[0], w);
        return 1;
    }
    case CYLCH_DIST_NORMAL:
        set_normal(k, p[0], p[1]);
        return 1;
    case CYLCH_DIST_LOGNORMAL:
        set_lognormal(k, p[0], p[1]);
        return 1;
    case CYLCH_DIST_BETA:
        set_beta(k, p[0], p[1], 0, 1);
        return 1;
    case CYLCH_DIST_BETA_MEAN_SD:
    case CYLCH_DIST_BETA_SD: {
        double m = d->kind == CYLCH_DIST_BETA_SD ? c : p[0];
        double s = d->kind == CYLCH_DIST_BETA_SD ? p[0] : p[1];
        double a, b;
        if (d->kind == CYLCH_DIST_BETA_SD) {
            /* DESIGN §8.7: a reported 0 or 1 is fixed; the sd is capped so that
             * both shapes stay >= 1 (no pile of draws at 0 or 1). */
            if (!(c > 0 && c < 1)) {
                if (!(c >= 0 && c <= 1))
                    return 0;
                k->s = S_POINT;
                k->x[0] = c;
                return 1;
            }
            if (s > beta_sd_cap(c))
                s = beta_sd_cap(c);
        }
        if (!(m > 0 && m < 1 && s * s < m * (1 - m)))
            return 0;
        beta_shapes(m, s, &a, &b);
        set_beta(k, a, b, 0, 1);
        return 1;
    }
    case CYLCH_DIST_NORMAL_SD:
        set_normal(k, c, p[0]);
        return 1;
    case CYLCH_DIST_NORMAL_REL:
        set_normal(k, c, p[0] * fabs(c));
        return 1;
    case CYLCH_DIST_LOGNORMAL_REL:
        if (c < 0)
            return 0;
        set_lognormal(k, c, p[0] * c);
        return 1;
    case CYLCH_DIST_UNIFORM_REL:
        h = p[0] * fabs(c);
        k->s = S_FLAT;
        k->x[0] = c - h;
        k->x[1] = c + h;
        return 1;
    case CYLCH_DIST_TRIANGULAR_REL:
        h = p[0] * fabs(c);
        set_tri(k, c - h, c, c + h);
        return 1;
    default:
        return 0;
    }
}

static double tri_quantile(const concrete *k, double u)
{
    double a = k->x[0], m = k->x[1], b = k->x[2];
    if (u < (m - a) / (b - a))
        return a + sqrt(u * (b - a) * (m - a));
    return b - sqrt((1 - u) * (b - a) * (b - m));
}

static double concrete_mean(const concrete *k)
{
    const double *x = k->x;
    switch (k->s) {
    case S_POINT: return x[0];
    case S_FLAT: return (x[0] + x[1]) / 2;
    case S_TRI: return (x[0] + x[1] + x[2]) / 3;
    case S_BETA: return x[2] + x[3] * x[0] / (x[0] + x[1]);
    case S_NORMAL: return x[0];
    case S_LOGNORMAL: return x[2];
    }
    return NAN;
}

static double concrete_var(const concrete *k)
{
    const double *x = k->x;
    switch (k->s) {
    case S_POINT: return 0;
    case S_FLAT: return (x[1] - x[0]) * (x[1] - x[0]) / 12;
    case S_TRI:
        return (x[0] * x[0] + x[1] * x[1] + x[2] * x[2] - x[0] * x[1] - x[0] * x[2] - x[1] * x[2])
               / 18;
    case S_BETA: {
        double n = x[0] + x[1];
        return x[3] * x[3] * x[0] * x[1] / (n * n * (n + 1));
    }
    case S_NORMAL: return x[1] * x[1];
    case S_LOGNORMAL: return x[3] * x[3];
    }
    return NAN;
}

/* ---- inverse CDF ------------------------------------------------------- */

/* Beta(a, b) density and d(log density)/dx at x in (0, 1). */
static double beta_pdf(double x, double a, double b, double lnB)
{
    return exp((a - 1) * log(x) + (b - 1) * log1p(-x) - lnB);
}

/* The regularised incomplete beta I_x(a, b); NaN when GSL cannot give it. */
static double beta_cdf(double x, double a, double b)
{
    gsl_sf_result res;
    int st;
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    /* An underflow inside (a term below the smallest double) leaves the value right. */
    st = gsl_sf_beta_inc_e(a, b, x, &res);
    if ((st != GSL_SUCCESS && st != GSL_EUNDRFLW) || !(res.val >= 0 && res.val <= 1))
        return NAN;
    return res.val;
}

/* The Beta(a, b) quantile, starting from guess g (any value; NaN: none).
 * Newton steps on I_x(a, b) = p kept inside a bracket [lo, hi] that shrinks
 * at every step, with a bisection whenever Newton leaves it; bisection is on
 * the doubles' bit patterns (non-negative doubles are ordered as their bits),
 * so the bracket reaches adjacent doubles at any scale within 64 halvings and
 * the loop (at most 200 steps) always ends: no parameter makes it hang
 * (gsl_cdf_beta_Pinv can loop for ever on very narrow betas). Where GSL cannot
 * evaluate I_x (extremely narrow betas, a + b above 1e7), a normal
 * approximation with the beta's mean and sd is used, whose error there is
 * below 1e-4 of the sd. */
static double beta_quantile_from(double p, double a, double b, double g)
{
    const double lnB = gsl_sf_lnbeta(a, b);
    double lo = 0, hi = 1, x, last_step = INFINITY;
    int last_newton = 0;
    if (!(p > 0))
        return 0;
    if (!(p < 1))
        return 1;
    if (p > 0.5) {
        /* The upper half through the mirror Beta(b, a) at 1 − p (exact in doubles), so
         * that the tail keeps its precision: I_x(a, b) = 1 − I_{1−x}(b, a). */
        return 1 - beta_quantile_from(1 - p, b, a, 1 - g);
    }
    if (a + b > 1e7) {
        double m = a / (a + b), s = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        x = m + s * gsl_cdf_ugaussian_Pinv(p);
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }
    x = (g > 0 && g < 1) ? g : a / (a + b);
    for (int it = 0; it < 200; it++) {
        double F = beta_cdf(x, a, b), f, nx;
        int newton = 1;
        if (isnan(F))
            break;
        if (F < p)
            lo = x;
        else if (F > p)
            hi = x;
        else
            return x;
        f = beta_pdf(x, a, b, lnB);
        nx = (f > 0 && isfinite(f)) ? x - (F - p) / f : NAN;
        if (nx == x)
            return x;   /* F is within rounding of p: the step is below the spacing of doubles */
        if (!(nx > lo && nx < hi)) {
            /* bisect the bracket on the doubles' bit patterns */
            uint64_t l, h, mid;
            memcpy(&l, &lo, sizeof l);
            memcpy(&h, &hi, sizeof h);
            if (h - l <= 1)
                return F < p ? hi : x;
            mid = l + (h - l) / 2;
            memcpy(&nx, &mid, sizeof nx);
            newton = 0;
        }
        if (fabs(nx - x) <= 4 * DBL_EPSILON * nx)
            return nx;
        /* Once Newton converges quadratically (this step far below the last one),
         * its next error is about step² |f'/2f|: when that is below a rounding of
         * nx, nx is the answer (saves the confirming step, a third of the work). */
        if (newton && last_newton && fabs(nx - x) < 1e-4 * last_step &&
            (nx - x) * (nx - x) * fabs((a - 1) / nx - (b - 1) / (1 - nx)) <= DBL_EPSILON * nx)
            return nx;
        last_newton = newton;
        last_step = fabs(nx - x);
        x = nx;
    }
    {
        /* GSL failed to evaluate I_x: fall back to the normal approximation in the bracket. */
        double m = a / (a + b), s = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        x = m + s * gsl_cdf_ugaussian_Pinv(p);
        return x < lo ? lo : x > hi ? hi : x;
    }
}

static double beta_quantile(double p, double a, double b)
{
    return beta_quantile_from(p, a, b, NAN);
}

static double concrete_quantile(const concrete *k, double p)
{
    const double *x = k->x;
    switch (k->s) {
    case S_POINT: return x[0];
    case S_FLAT: return gsl_cdf_flat_Pinv(p, x[0], x[1]);
    case S_TRI: return tri_quantile(k, p);
    case S_BETA: return x[2] + x[3] * beta_quantile(p, x[0], x[1]);
    case S_NORMAL: return x[0] + gsl_cdf_gaussian_Pinv(p, x[1]);
    case S_LOGNORMAL: return gsl_cdf_lognormal_Pinv(p, x[0], x[1]);
    }
    return NAN;
}

/* ---- prepared samplers -------------------------------------------------- */

/* The exact quantiles and densities the tables (cylch_qtable) are built from. */

/* Unit Beta(a, b): ctx = {a, b, ln B(a, b)}. The upper side through the
 * mirror Beta(b, a), so that the tail keeps its precision. */
static double qf_beta_quantile(const void *ctx, double p, int upper, double guess)
{
    const double *x = ctx;
    if (upper)
        return 1 - beta_quantile_from(p, x[1], x[0], 1 - guess);
    return beta_quantile_from(p, x[0], x[1], guess);
}

static void qf_beta_density(const void *ctx, double q, double *f, double *dlogf)
{
    const double *x = ctx;
    *f = beta_pdf(q, x[0], x[1], x[2]);
    *dlogf = (x[0] - 1) / q - (x[1] - 1) / (1 - q);
}

/* The standard normal (ctx unused). */
static double qf_normal_quantile(const void *ctx, double p, int upper, double guess)
{
    (void)ctx;
    (void)guess;
    return upper ? -gsl_cdf_ugaussian_Pinv(p) : gsl_cdf_ugaussian_Pinv(p);
}

static void qf_normal_density(const void *ctx, double z, double *f, double *dlogf)
{
    (void)ctx;
    *f = exp(-0.5 * z * z) / 2.5066282746310002;
    *dlogf = -z;
}

/* Lognormal with log-mean zeta and log-sd sigma: ctx = {zeta, sigma}. */
static double qf_lognormal_quantile(const void *ctx, double p, int upper, double guess)
{
    const double *x = ctx;
    (void)guess;
    return exp(x[0] + x[1] * (upper ? -gsl_cdf_ugaussian_Pinv(p) : gsl_cdf_ugaussian_Pinv(p)));
}

static void qf_lognormal_density(const void *ctx, double q, double *f, double *dlogf)
{
    const double *x = ctx;
    double z = (log(q) - x[0]) / x[1];
    *f = exp(-0.5 * z * z) / (2.5066282746310002 * x[1] * q);
    *dlogf = -(1 + z / x[1]) / q;
}

/* The probabilities of the range's ends, for sampling truncated to it. */
static void truncation(cylch_dist_sampler *s)
{
    s->ulo = 0;
    s->uhi = 1;
    if (s->shape == S_NORMAL) {
        if (isfinite(s->lo))
            s->ulo = gsl_cdf_gaussian_P(s->lo - s->x[0], s->x[1]);
        if (isfinite(s->hi))
            s->uhi = 1 - gsl_cdf_gaussian_Q(s->hi - s->x[0], s->x[1]);
    } else if (s->shape == S_LOGNORMAL && isfinite(s->hi)) {
        s->uhi = 1 - gsl_cdf_lognormal_Q(s->hi, s->x[0], s->x[1]);
    }
}

int cylch_dist_sampler_prepare(cylch_dist_sampler *s, const cylch_dist *d, cylch_dist_range range,
                               double c, cylch_error *err)
{
    concrete k;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = cylch_dist_check(d, range, c, err)) != CYLCH_OK)
        return rc;
    if (!resolve(d, c, &k))
        return cylch_error_set(err, CYLCH_EINPUT, "impossible distribution");
    s->shape = (int)k.s;
    memcpy(s->x, k.x, sizeof s->x);
    s->lo = range == CYLCH_RANGE_ANY ? -INFINITY : 0;
    s->hi = range == CYLCH_RANGE_SHARE ? 1 : INFINITY;
    truncation(s);
    return CYLCH_OK;
}

int cylch_dist_sampler_tabulate(cylch_dist_sampler *s, cylch_error *err)
{
    double *x = s->x;
    if (s->tabulated)
        return CYLCH_OK;
    s->tabulated = 1;
    switch ((shape)s->shape) {
    case S_BETA: {
        double ctx[3] = {x[0], x[1], gsl_sf_lnbeta(x[0], x[1])};
        cylch_qfun fn = {qf_beta_quantile, qf_beta_density, ctx, 1.0};
        return cylch_qtable_init(&s->qt, &fn, err);
    }
    case S_NORMAL: {
        cylch_qfun fn = {qf_normal_quantile, qf_normal_density, NULL, 1.0};
        return cylch_qtable_init(&s->qt, &fn, err);
    }
    case S_LOGNORMAL: {
        cylch_qfun fn = {qf_lognormal_quantile, qf_lognormal_density, x, x[2]};
        return cylch_qtable_init(&s->qt, &fn, err);
    }
    default:
        return CYLCH_OK;
    }
}

int cylch_dist_sampler_init(cylch_dist_sampler *s, const cylch_dist *d, cylch_dist_range range,
                            double c, cylch_error *err)
{
    int rc = cylch_dist_sampler_prepare(s, d, range, c, err);
    return rc ? rc : cylch_dist_sampler_tabulate(s, err);
}

void cylch_dist_sampler_clear(cylch_dist_sampler *s)
{
    if (!s)
        return;
    if (s->shared)
        memset(&s->qt, 0, sizeof s->qt);
    else
        cylch_qtable_clear(&s->qt);
    s->tabulated = 0;
    s->shared = 0;
}

/* How many of x[] the table of a shape depends on (−1: the shape has none). */
static int table_params(int k)
{
    switch ((shape)k) {
    case S_BETA: return 2;        /* the unit beta; x[2], x[3] place it */
    case S_NORMAL: return 0;      /* the standard normal */
    case S_LOGNORMAL: return 3;   /* zeta, sigma and the scale of the tolerance */
    default: return -1;
    }
}

int cylch_dist_sampler_table_cmp(const cylch_dist_sampler *a, const cylch_dist_sampler *b)
{
    int np = table_params(a->shape);
    if (a->shape != b->shape)
        return a->shape < b->shape ? -1 : 1;
    if (np < 0)
        return a == b ? 0 : a < b ? -1 : 1;
    for (int i = 0; i < np; i++)
        if (a->x[i] != b->x[i])
            return a->x[i] < b->x[i] ? -1 : 1;
    return 0;
}

void cylch_dist_sampler_share(cylch_dist_sampler *s, const cylch_dist_sampler *from)
{
    cylch_dist_sampler_clear(s);
    s->qt = from->qt;
    s->tabulated = 1;
    s->shared = 1;
}

double cylch_dist_sampler_quantile(const cylch_dist_sampler *s, double u)
{
    const double *x = s->x;
    double v;
    switch ((shape)s->shape) {
    case S_POINT:
        v = x[0];
        break;
    case S_FLAT:
        v = x[0] + u * (x[1] - x[0]);
        break;
    case S_TRI: {
        concrete k = {S_TRI, {x[0], x[1], x[2], 0}};
        v = tri_quantile(&k, u);
        break;
    }
    case S_NORMAL:
    case S_LOGNORMAL:
        if (!(s->uhi > s->ulo)) {
            v = s->shape == S_NORMAL ? x[0] : exp(x[0]);  /* nothing left inside the range */
            break;
        }
        if (s->ulo > 0 || s->uhi < 1)
            u = s->ulo + u * (s->uhi - s->ulo);
        v = cylch_qtable_eval(&s->qt, u);
        if (s->shape == S_NORMAL) {
            if (isnan(v))
                v = gsl_cdf_ugaussian_Pinv(u);
            v = x[1] * v + x[0];
        } else if (isnan(v)) {
            v = exp(x[1] * gsl_cdf_ugaussian_Pinv(u) + x[0]);
        }
        break;
    case S_BETA: {
        double q = cylch_qtable_eval(&s->qt, u);
        if (isnan(q))
            q = beta_quantile(u, x[0], x[1]);
        q = q < 0 ? 0 : q > 1 ? 1 : q;
        v = x[2] + x[3] * q;
        break;
    }
    default:
        return NAN;
    }
    if (!(v >= s->lo))
        v = s->lo;   /* a degenerate truncation (the precondition broken) */
    if (v > s->hi)
        v = s->hi;
    return v;
}

double cylch_dist_phi(double z)
{
    static const double rsqrt2 = 0.70710678118654752440;
    /* erfc keeps the lower tail's relative precision; the upper side is 1 − Q(z) */
    double u = z < 0 ? 0.5 * erfc(-z * rsqrt2) : 1.0 - 0.5 * erfc(z * rsqrt2);
    if (!(u > 0.0))
        u = 0x1p-60;
    if (!(u < 1.0))
        u = 1.0 - 0x1p-53;
    return u;
}

int cylch_dist_sampler_closed_at_z(const cylch_dist_sampler *s)
{
    return (s->shape == S_NORMAL || s->shape == S_LOGNORMAL) && s->ulo == 0 && s->uhi == 1;
}

double cylch_dist_sampler_at_z(const cylch_dist_sampler *s, double z)
{
    double v;
    if (!cylch_dist_sampler_closed_at_z(s))
        return cylch_dist_sampler_quantile(s, cylch_dist_phi(z));
    /* Q(Φ(z)) in closed form: no Φ, no table */
    v = s->x[1] * z + s->x[0];
    if (s->shape == S_LOGNORMAL)
        v = exp(v);
    if (!(v >= s->lo))
        v = s->lo;
    if (v > s->hi)
        v = s->hi;
    return v;
}

/* An untruncated normal: its table is the standard normal quantile, used as is
 * (the Gaussian copula's normal scores, mc.c). */
static int plain_normal(const cylch_dist_sampler *s)
{
    return s->shape == S_NORMAL && s->ulo == 0 && s->uhi == 1;
}

void cylch_dist_sampler_find4(const cylch_dist_sampler *s, const double u[4], cylch_dist_pending4 *p)
{
    const int table = (s->shape == S_BETA || plain_normal(s)) && !cylch_qtable_empty(&s->qt);
    for (int r = 0; r < 4; r++) {
        p->u[r] = u[r];
        p->cell[r] = table ? cylch_qtable_find(&s->qt, u[r], &p->s[r]) : NULL;
#ifdef __GNUC__
        if (p->cell[r])
            __builtin_prefetch(p->cell[r]);
#endif
    }
}

void cylch_dist_sampler_finish4(const cylch_dist_sampler *s, const cylch_dist_pending4 *p, double out[4])
{
    if (plain_normal(s)) {
        /* As cylch_dist_sampler_quantile's normal, term for term. */
        for (int r = 0; r < 4; r++) {
            double v = p->cell[r] ? cylch_qtable_poly(p->cell[r], p->s[r]) : NAN;
            if (isnan(v))
                v = gsl_cdf_ugaussian_Pinv(p->u[r]);
            v = s->x[1] * v + s->x[0];
            if (!(v >= s->lo))
                v = s->lo;
            if (v > s->hi)
                v = s->hi;
            out[r] = v;
        }
        return;
    }
    if (s->shape != S_BETA) {
        for (int r = 0; r < 4; r++)
            out[r] = cylch_dist_sampler_quantile(s, p->u[r]);
        return;
    }
    /* As cylch_dist_sampler_quantile's beta, term for term. */
    for (int r = 0; r < 4; r++) {
        double v = p->cell[r] ? cylch_qtable_poly(p->cell[r], p->s[r]) : NAN;
        if (isnan(v))
            v = beta_quantile(p->u[r], s->x[0], s->x[1]);
        v = v < 0 ? 0 : v > 1 ? 1 : v;
        v = s->x[2] + s->x[3] * v;
        if (!(v >= s->lo))
            v = s->lo;
        if (v > s->hi)
            v = s->hi;
        out[r] = v;
    }
}

/* ---- range checks ------------------------------------------------------ */

/* "about 16%" or "about 1 in 34000". */
static void fmt_fraction(char *buf, size_t len, double f)
{
    if (f >= 0.1) {
        snprintf(buf, len, _("about %.0f%%"), 100 * f);
    } else if (f >= 0.01) {
        snprintf(buf, len, _("about %.2g%%"), 100 * f);
    } else {
        double n = 1 / f, scale = pow(10, floor(log10(n)) - 1);
        snprintf(buf, len, _("about 1 in %.0f"), floor(n / scale + 0.5) * scale);
    }
}

/* What to use instead: a beta (share) or a lognormal (non-negative) with the
 * same mean and sd, in the same centred or uncentred form, if there is one. */
static void fmt_suggestion(char *buf, size_t len, const cylch_dist *d, cylch_dist_range range,
                           double c, double mean, double sd)
{
    int centred = cylch_dist_is_centred(d);
    if (range == CYLCH_RANGE_SHARE) {
        if (mean > 0 && mean < 1 && sd > 0 && sd * sd < mean * (1 - mean)) {
            if (centred)
                snprintf(buf, len, _("; use beta(sd=%.3g) instead, which stays between 0 and 1"), sd);
            else
                snprintf(buf, len,
                         _("; use beta(mean=%.3g,sd=%.3g) instead, which stays between 0 and 1"),
                         mean, sd);
        } else {
            snprintf(buf, len, _("; use a narrower beta(...) instead, which stays between 0 and 1"));
        }
    } else {
        if (mean > 0 && sd > 0) {
            if (centred)
                snprintf(buf, len, _("; use lognormal(rel=%.3g) instead, which cannot go below 0"),
                         sd / c);
            else
                snprintf(buf, len, _("; use lognormal(%.3g,%.3g) instead, which cannot go below 0"),
                         mean, sd);
        } else {
            snprintf(buf, len, _("; use a distribution that stays at or above 0"));
        }
    }
}

int cylch_dist_check(const cylch_dist *d, cylch_dist_range range, double c, cylch_error *err)
{
    char t[CYLCH_DIST_TEXT_MAX], what[CYLCH_DIST_TEXT_MAX + 64], hint[160];
    const char *must;
    concrete k;
    int rc, centred = cylch_dist_is_centred(d);
    double below = 0, above = 0, lo, hi;

    if ((rc = validate(d, err)) != CYLCH_OK)
        return rc;
    cylch_dist_format(d, t, sizeof t);
    if (centred && !isfinite(c))
        return cylch_error_set(err, CYLCH_EINPUT, "%s: the reported value is not a number", t);
    if (d->kind == CYLCH_DIST_BETA_SD && !(c >= 0 && c <= 1))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%s cannot be centred on a reported value of %g: a share lies "
                               "between 0 and 1", t, c);
    if (d->kind == CYLCH_DIST_LOGNORMAL_REL && c < 0)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%s cannot be centred on a reported value of %g: a lognormal "
                               "describes positive quantities", t, c);
    if (!resolve(d, c, &k))
        return cylch_error_set(err, CYLCH_EINPUT, "%s: impossible distribution", t);
    if (range == CYLCH_RANGE_ANY)
        return CYLCH_OK;

    if (centred)
        snprintf(what, sizeof what, _("%s around a reported value of %g"), t, c);
    else
        snprintf(what, sizeof what, "%s", t);
    must = range == CYLCH_RANGE_SHARE ? _("a share must stay between 0 and 1")
                                      : _("this quantity cannot be negative");

    switch (k.s) {
    case S_POINT:
        lo = hi = k.x[0];
        if (lo < 0 || (range == CYLCH_RANGE_SHARE && hi > 1)) {
            if (d->kind == CYLCH_DIST_FIXED)
                return cylch_error_set(err, CYLCH_EINPUT, "%g is %s, but %s", lo,
                                       lo < 0 ? _("below 0") : _("above 1"), must);
            return cylch_error_set(err, CYLCH_EINPUT, "%s is %g, but %s", what, lo, must);
        }
        return CYLCH_OK;
    case S_FLAT: lo = k.x[0]; hi = k.x[1]; break;
    case S_TRI: lo = k.x[0]; hi = k.x[2]; break;
    case S_BETA: lo = k.x[2]; hi = k.x[2] + k.x[3]; break;
    case S_NORMAL:
        below = gsl_cdf_gaussian_P(-k.x[0], k.x[1]);
        above = range == CYLCH_RANGE_SHARE ? gsl_cdf_gaussian_Q(1 - k.x[0], k.x[1]) : 0;
        lo = -INFINITY;
        hi = INFINITY;
        break;
    case S_LOGNORMAL:
        above = range == CYLCH_RANGE_SHARE ? gsl_cdf_lognormal_Q(1, k.x[0], k.x[1]) : 0;
        lo = 0;
        hi = INFINITY;
        break;
    default:
        return cylch_error_set(err, CYLCH_EINPUT, "%s: impossible distribution", t);
    }

    fmt_suggestion(hint, sizeof hint, d, range, c, concrete_mean(&k), sqrt(concrete_var(&k)));
    if (k.s == S_NORMAL || k.s == S_LOGNORMAL) {
        if (below + above > CYLCH_DIST_TAIL_MAX) {
            char frac[48];
            const char *where = below > 10 * above   ? _("below 0")
                                : above > 10 * below ? _("above 1")
                                                     : _("outside 0 to 1");
            fmt_fraction(frac, sizeof frac, below + above);
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s puts %s of its draws %s, but %s (cylch allows at most 1 in "
                                   "a million draws %s)%s", what, frac, where, must,
                                   range == CYLCH_RANGE_SHARE ? _("outside 0 to 1") : _("below 0"), hint);
        }
        return CYLCH_OK;
    }
    if (lo < 0)
        return cylch_error_set(err, CYLCH_EINPUT, "%s reaches below 0 (down to %g), but %s%s",
                               what, lo, must, hint);
    if (range == CYLCH_RANGE_SHARE && hi > 1)
        return cylch_error_set(err, CYLCH_EINPUT, "%s reaches above 1 (up to %g), but %s%s",
                               what, hi, must, hint);
    return CYLCH_OK;
}

/* ---- sampling and summaries -------------------------------------------- */

/* A uniform in (0, 1) from r: the next 53-bit value moved half a step up (the
 * largest one would round to 1: kept below). */
static double u01(const gsl_rng *r)
{
    double u = gsl_rng_uniform(r) + 0x1p-54;
    return u < 1.0 ? u : 1.0 - 0x1p-53;
}

double cylch_dist_sample(const cylch_dist *d, double c, const gsl_rng *r)
{
    concrete k;
    if (!resolve(d, c, &k))
        return NAN;
    if (k.s == S_POINT)
        return k.x[0];
    return concrete_quantile(&k, u01(r));
}

double cylch_dist_sample_in(const cylch_dist *d, cylch_dist_range range, double c,
                            const gsl_rng *r)
{
    cylch_dist_sampler smp;
    double x;
    concrete k;
    if (!resolve(d, c, &k))
        return NAN;
    if (k.s == S_POINT) {
        double lo = range == CYLCH_RANGE_ANY ? -INFINITY : 0;
        double hi = range == CYLCH_RANGE_SHARE ? 1 : INFINITY;
        return k.x[0] < lo ? lo : k.x[0] > hi ? hi : k.x[0];
    }
    /* An exact sampler without a table: the same inversion, one uniform. */
    memset(&smp, 0, sizeof smp);
    smp.shape = (int)k.s;
    memcpy(smp.x, k.x, sizeof smp.x);
    smp.lo = range == CYLCH_RANGE_ANY ? -INFINITY : 0;
    smp.hi = range == CYLCH_RANGE_SHARE ? 1 : INFINITY;
    truncation(&smp);
    x = cylch_dist_sampler_quantile(&smp, u01(r));
    return x;
}

double cylch_dist_point(const cylch_dist *d, double c)
{
    if (d->kind == CYLCH_DIST_FIXED)
        return d->p[0];
    if (cylch_dist_is_centred(d))
        return c;
    if (d->kind == CYLCH_DIST_TRIANGULAR || d->kind == CYLCH_DIST_PERT)
        return d->p[1];
    return cylch_dist_mean(d, c);
}

double cylch_dist_mean(const cylch_dist *d, double c)
{
    concrete k;
    return resolve(d, c, &k) ? concrete_mean(&k) : NAN;
}

double cylch_dist_var(const cylch_dist *d, double c)
{
    concrete k;
    return resolve(d, c, &k) ? concrete_var(&k) : NAN;
}

double cylch_dist_quantile(const cylch_dist *d, double c, double p)
{
    concrete k;
    if (!(p >= 0 && p <= 1) || !resolve(d, c, &k))
        return NAN;
    return concrete_quantile(&k, p);
}
