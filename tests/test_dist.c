/* cylch — tests of the distributions (model/dist.c).
 *
 * Sample moments of every form against analytic values (200,000 draws, fixed
 * seed, within 4 standard errors; the variance's standard error from the
 * fourth central moment), quantiles against values computed independently
 * with mpmath (30 digits), every parse error with its message, the range
 * checks and their messages, centred forms, formatting and round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <time.h>

#include "cylch/core/dist.h"
#include "cylch/io/error.h"
#include "cylch/uncertainty/rng.h"

static cylch_dist parse_ok(const char *text, int centred)
{
    cylch_dist d;
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_dist_parse(text, centred, &d, &err) != CYLCH_OK)
        fail_msg("'%s' did not parse: %s", text, err.msg);
    return d;
}

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fmax(fabs(want), 1e-300)))
        fail_msg("got %.17g, want %.17g (relative tolerance %g)", got, want, rel);
}

/* ---- moments ------------------------------------------------------------ */

/* Fourth central moment / sd^4 (the kurtosis) of the shapes used. */
static double kurt_beta(double a, double b)
{
    double n = a + b;
    return 3 + 6 * ((a - b) * (a - b) * (n + 1) - a * b * (n + 2)) / (a * b * (n + 2) * (n + 3));
}

static double kurt_lognormal(double mean, double sd)
{
    double w = 1 + (sd / mean) * (sd / mean);   /* exp(sigma^2) */
    return w * w * w * w + 2 * w * w * w + 3 * w * w - 3;
}

typedef struct moment_case {
    const char *text;
    int centred;
    double c;
    double mean, var, kurt;   /* analytic, by hand */
    double lo, hi;            /* every draw must lie in [lo, hi] */
} moment_case;

static void check_moments(const moment_case *m, gsl_rng *r)
{
    const int n = 200000;
    cylch_dist d = parse_ok(m->text, m->centred);
    cylch_error err;
    double sum = 0, ss = 0, lo = INFINITY, hi = -INFINITY, mean, var, se_mean, se_var;

    assert_int_equal(cylch_dist_check(&d, CYLCH_RANGE_ANY, m->c, &err), CYLCH_OK);
    /* analytic moments of the module against the hand values */
    assert_close(cylch_dist_mean(&d, m->c), m->mean, 1e-12);
    if (m->var == 0)
        assert_true(cylch_dist_var(&d, m->c) == 0);
    else
        assert_close(cylch_dist_var(&d, m->c), m->var, 1e-12);

    cylch_rng_seek(r, 20240611, cylch_rng_stream_id(m->text), (uint64_t)(m->c * 1000));
    for (int i = 0; i < n; i++) {
        double x = cylch_dist_sample(&d, m->c, r);
        double dx = x - m->mean;   /* shifted sums: no cancellation */
        sum += dx;
        ss += dx * dx;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    if (!(lo >= m->lo && hi <= m->hi))
        fail_msg("%s: draws in [%.17g, %.17g], outside [%g, %g]", m->text, lo, hi, m->lo, m->hi);
    mean = m->mean + sum / n;
    var = (ss - sum * sum / n) / (n - 1);
    if (m->var == 0) {
        assert_true(lo == m->mean && hi == m->mean);
        return;
    }
    se_mean = sqrt(m->var / n);
    /* Var(s^2) = (mu4 - sigma^4 (n - 3)/(n - 1)) / n */
    se_var = m->var * sqrt((m->kurt - (n - 3.0) / (n - 1.0)) / n);
    if (fabs(mean - m->mean) > 4 * se_mean)
        fail_msg("%s: sample mean %.8g, want %.8g +- 4 x %.3g", m->text, mean, m->mean, se_mean);
    if (fabs(var - m->var) > 4 * se_var)
        fail_msg("%s: sample variance %.8g, want %.8g +- 4 x %.3g", m->text, var, m->var, se_var);
    /* the tests must have power: the band is narrow compared with the values */
    assert_true(se_mean < 0.01 * sqrt(m->var));
}

static void test_moments(void **state)
{
    const double k_pert = kurt_beta(2, 4), k_b614 = kurt_beta(6, 14);
    const double k_ln = kurt_lognormal(10, 5);
    const double bms_a = 0.05 * (0.05 * 0.95 / 0.04 - 1), bms_b = 0.95 * (0.05 * 0.95 / 0.04 - 1);
    const moment_case cases[] = {
        {"2.385", 0, 0, 2.385, 0, 0, 2.385, 2.385},
        {"uniform(2,6)", 0, 0, 4, 16.0 / 12, 1.8, 2, 6},
        {"triangular(1,2,5)", 0, 0, 8.0 / 3, 13.0 / 18, 2.4, 1, 5},
        {"triangular(0,0,1)", 0, 0, 1.0 / 3, 1.0 / 18, 2.4, 0, 1},
        {"triangular(0,1,1)", 0, 0, 2.0 / 3, 1.0 / 18, 2.4, 0, 1},
        /* pert(10,12.5,20) = 10 + 10 Beta(2, 4) */
        {"pert(10,12.5,20)", 0, 0, 80.0 / 6, 800.0 / 252, k_pert, 10, 20},
        {"normal(10,2)", 0, 0, 10, 4, 3, -INFINITY, INFINITY},
        {"normal(mean=-3,sd=0.5)", 0, 0, -3, 0.25, 3, -INFINITY, INFINITY},
        {"lognormal(10,5)", 0, 0, 10, 25, k_ln, 0, INFINITY},
        {"beta(2,5)", 0, 0, 2.0 / 7, 10.0 / 392, kurt_beta(2, 5), 0, 1},
        {"beta(0.5,0.5)", 0, 0, 0.5, 0.125, 1.5, 0, 1},
        /* k = 0.21/0.01 - 1 = 20: Beta(6, 14) */
        {"beta(mean=0.3,sd=0.1)", 0, 0, 0.3, 0.01, k_b614, 0, 1},
        /* very skewed, U-shaped: a = 0.009375, b = 0.178125 */
        {"beta(mean=0.05,sd=0.2)", 0, 0, 0.05, 0.04, kurt_beta(bms_a, bms_b), 0, 1},
        /* centred forms */
        {"beta(sd=0.1)", 1, 0.3, 0.3, 0.01, k_b614, 0, 1},
        {"normal(sd=0.05)", 1, 0.6, 0.6, 0.0025, 3, -INFINITY, INFINITY},
        {"normal(rel=0.1)", 1, 50, 50, 25, 3, -INFINITY, INFINITY},
        {"normal(rel=0.1)", 1, -50, -50, 25, 3, -INFINITY, INFINITY},
        {"lognormal(rel=0.5)", 1, 10, 10, 25, k_ln, 0, INFINITY},
        {"lognormal(rel=0.5)", 1, 0, 0, 0, 0, 0, 0},
        {"uniform(rel=0.2)", 1, 10, 10, 16.0 / 12, 1.8, 8, 12},
        {"triangular(rel=0.5)", 1, 4, 4, 2.0 / 3, 2.4, 2, 6},
        {"triangular(rel=0)", 1, 4, 4, 0, 0, 4, 4},
    };
    gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
    (void)state;
    assert_non_null(r);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_moments(&cases[i], r);
    gsl_rng_free(r);
}

/* ---- quantiles ---------------------------------------------------------- */

typedef struct quantile_case {
    const char *text;
    int centred;
    double c;
    double q[3];   /* at p = 0.05, 0.5, 0.95 */
} quantile_case;

static void test_quantiles(void **state)
{
    /* hand values; beta and lognormal ones from mpmath at 30 digits */
    const quantile_case cases[] = {
        {"uniform(2,6)", 0, 0, {2.2, 4, 5.8}},
        /* 1 + sqrt(0.2), 5 - sqrt(6), 5 - sqrt(0.6) */
        {"triangular(1,2,5)", 0, 0, {1.4472135954999579, 2.5505102572168219, 4.2254033307585166}},
        {"triangular(rel=0.5)", 1, 4, {2 + sqrt(0.4), 4, 6 - sqrt(0.4)}},
        {"pert(10,12.5,20)", 0, 0, {10.764403914123289, 13.138101704556974, 16.574083180011387}},
        {"normal(10,2)", 0, 0, {10 - 2 * 1.6448536269514727, 10, 10 + 2 * 1.6448536269514727}},
        {"normal(rel=0.1)", 1, 50, {50 - 5 * 1.6448536269514727, 50, 50 + 5 * 1.6448536269514727}},
        {"lognormal(10,5)", 0, 0, {4.1124385145138836, 8.9442719099991588, 19.453178380092209}},
        {"lognormal(rel=0.5)", 1, 10, {4.1124385145138836, 8.9442719099991588, 19.453178380092209}},
        {"beta(2,5)", 0, 0, {0.06284989170835438, 0.26444998329565996, 0.58180340925202591}},
        {"beta(0.5,0.5)", 0, 0, {0.0061558297024311369, 0.5, 0.99384417029756886}},
        {"beta(mean=0.3,sd=0.1)", 0, 0, {0.14746956555924103, 0.29322017994366456, 0.47579711042141016}},
        {"beta(sd=0.1)", 1, 0.3, {0.14746956555924103, 0.29322017994366456, 0.47579711042141016}},
        /* gsl_cdf_beta_Pinv returns NaN for these: the bisection fallback */
        {"beta(mean=0.05,sd=0.2)", 0, 0, {3.0715313846e-137, 1.42567857768e-30, 0.468705716092}},
        {"beta(mean=0.999,sd=0.0005)", 0, 0, {0.998061611375, 0.999081933009, 0.999658563105}},
        {"beta(mean=0.3,sd=0.45)", 0, 0, {6.76772102168e-104, 6.76772102168e-14, 1}},
        {"uniform(rel=0.2)", 1, 10, {8.2, 10, 11.8}},
        {"normal(sd=0.05)", 1, 0.6, {0.6 - 0.05 * 1.6448536269514727, 0.6,
                                     0.6 + 0.05 * 1.6448536269514727}},
        {"7.5", 0, 0, {7.5, 7.5, 7.5}},
    };
    const double ps[3] = {0.05, 0.5, 0.95};
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d = parse_ok(cases[i].text, cases[i].centred);
        for (int j = 0; j < 3; j++) {
            double q = cylch_dist_quantile(&d, cases[i].c, ps[j]);
            if (!(fabs(q - cases[i].q[j]) <= 1e-9 * fabs(cases[i].q[j])))
                fail_msg("%s at p=%g: %.17g, want %.17g", cases[i].text, ps[j], q, cases[i].q[j]);
        }
    }
}

static void test_quantile_ends(void **state)
{
    cylch_dist tri = parse_ok("triangular(1,2,5)", 0), uni = parse_ok("uniform(2,6)", 0);
    cylch_dist nor = parse_ok("normal(10,2)", 0), pert = parse_ok("pert(10,12.5,20)", 0);
    (void)state;
    assert_true(cylch_dist_quantile(&tri, 0, 0) == 1);
    assert_true(cylch_dist_quantile(&tri, 0, 1) == 5);
    /* the kink of the triangular at F(mode) = 1/4 */
    assert_close(cylch_dist_quantile(&tri, 0, 0.25), 2, 1e-15);
    assert_true(cylch_dist_quantile(&uni, 0, 0) == 2);
    assert_true(cylch_dist_quantile(&uni, 0, 1) == 6);
    assert_true(cylch_dist_quantile(&pert, 0, 0) == 10);
    assert_true(cylch_dist_quantile(&pert, 0, 1) == 20);
    assert_true(isinf(cylch_dist_quantile(&nor, 0, 0)) && cylch_dist_quantile(&nor, 0, 0) < 0);
    assert_true(isinf(cylch_dist_quantile(&nor, 0, 1)) && cylch_dist_quantile(&nor, 0, 1) > 0);
    assert_true(isnan(cylch_dist_quantile(&nor, 0, -0.1)));
    assert_true(isnan(cylch_dist_quantile(&nor, 0, 1.1)));
    assert_true(isnan(cylch_dist_quantile(&nor, 0, NAN)));
}

/* ---- point values, kinds, formatting ------------------------------------ */

static void test_point(void **state)
{
    struct { const char *text; int centred; double c, point; } cases[] = {
        {"2.385", 0, 0, 2.385},
        {"uniform(2,6)", 0, 0, 4},
        {"triangular(1,2,5)", 0, 0, 2},      /* the mode: the user's best guess */
        {"pert(10,12.5,20)", 0, 0, 12.5},
        {"normal(10,2)", 0, 0, 10},
        {"lognormal(10,5)", 0, 0, 10},
        {"beta(2,5)", 0, 0, 2.0 / 7},
        {"beta(mean=0.3,sd=0.1)", 0, 0, 0.3},
        {"beta(sd=0.1)", 1, 0.37, 0.37},
        {"normal(sd=2)", 1, 12.5, 12.5},
        {"normal(rel=0.1)", 1, 12.5, 12.5},
        {"lognormal(rel=0.1)", 1, 12.5, 12.5},
        {"uniform(rel=0.1)", 1, 12.5, 12.5},
        {"triangular(rel=0.1)", 1, 12.5, 12.5},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d = parse_ok(cases[i].text, cases[i].centred);
        assert_close(cylch_dist_point(&d, cases[i].c), cases[i].point, 1e-15);
        assert_int_equal(cylch_dist_is_centred(&d), cases[i].centred);
        assert_int_equal(cylch_dist_is_fixed(&d), i == 0);
    }
}

static void test_parse_forms(void **state)
{
    struct { const char *text; int centred; cylch_dist_kind kind; double p[3]; const char *fmt; }
    cases[] = {
        {"0.35", 0, CYLCH_DIST_FIXED, {0.35, 0, 0}, "0.35"},
        {"  -1.5e3\t", 0, CYLCH_DIST_FIXED, {-1500, 0, 0}, "-1500"},
        {"uniform(1,2)", 0, CYLCH_DIST_UNIFORM, {1, 2, 0}, "uniform(1,2)"},
        {"  Triangular ( 1 , 2.5 , 5 ) ", 0, CYLCH_DIST_TRIANGULAR, {1, 2.5, 5}, "triangular(1,2.5,5)"},
        {"PERT(0,1,4)", 0, CYLCH_DIST_PERT, {0, 1, 4}, "pert(0,1,4)"},
        {"normal(10,2)", 0, CYLCH_DIST_NORMAL, {10, 2, 0}, "normal(10,2)"},
        {"normal( sd = 2 , mean = 10 )", 0, CYLCH_DIST_NORMAL, {10, 2, 0}, "normal(10,2)"},
        {"lognormal(mean=10,sd=5)", 0, CYLCH_DIST_LOGNORMAL, {10, 5, 0}, "lognormal(10,5)"},
        {"beta(2,5)", 0, CYLCH_DIST_BETA, {2, 5, 0}, "beta(2,5)"},
        {"beta(0.5,0.5)", 0, CYLCH_DIST_BETA, {0.5, 0.5, 0}, "beta(0.5,0.5)"},
        /* shapes that also read as a mean and an sd: by name only, and written back so */
        {"beta( b = 0.05 , A = 0.53 )", 0, CYLCH_DIST_BETA, {0.53, 0.05, 0}, "beta(a=0.53,b=0.05)"},
        {"beta(a=2,b=5)", 0, CYLCH_DIST_BETA, {2, 5, 0}, "beta(2,5)"},
        {"beta(sd=0.05,mean=0.3)", 0, CYLCH_DIST_BETA_MEAN_SD, {0.3, 0.05, 0},
         "beta(mean=0.3,sd=0.05)"},
        {"beta(sd=0.05)", 1, CYLCH_DIST_BETA_SD, {0.05, 0, 0}, "beta(sd=0.05)"},
        {"normal(sd=2)", 1, CYLCH_DIST_NORMAL_SD, {2, 0, 0}, "normal(sd=2)"},
        {"normal(rel=0.1)", 1, CYLCH_DIST_NORMAL_REL, {0.1, 0, 0}, "normal(rel=0.1)"},
        {"lognormal(rel=0.2)", 1, CYLCH_DIST_LOGNORMAL_REL, {0.2, 0, 0}, "lognormal(rel=0.2)"},
        {"uniform( rel = 0.1 )", 1, CYLCH_DIST_UNIFORM_REL, {0.1, 0, 0}, "uniform(rel=0.1)"},
        {"triangular(REL=0.3)", 1, CYLCH_DIST_TRIANGULAR_REL, {0.3, 0, 0}, "triangular(rel=0.3)"},
        /* uncentred forms are allowed in [uncertainty] too */
        {"normal(1,2)", 1, CYLCH_DIST_NORMAL, {1, 2, 0}, "normal(1,2)"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d = parse_ok(cases[i].text, cases[i].centred), back;
        char buf[CYLCH_DIST_TEXT_MAX];
        assert_int_equal(d.kind, cases[i].kind);
        for (int j = 0; j < 3; j++)
            assert_true(d.p[j] == cases[i].p[j]);
        cylch_dist_format(&d, buf, sizeof buf);
        assert_string_equal(buf, cases[i].fmt);
        back = parse_ok(buf, cases[i].centred);
        assert_int_equal(back.kind, d.kind);
        assert_memory_equal(back.p, d.p, sizeof d.p);
    }
}

static void test_format(void **state)
{
    char buf[CYLCH_DIST_TEXT_MAX], small[6];
    cylch_dist d = {CYLCH_DIST_TRIANGULAR, {0.1 + 0.2, 1.0 / 3, 1e15}}, back;
    cylch_error err;
    (void)state;
    /* the fewest digits that read back exactly */
    cylch_dist_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "triangular(0.30000000000000004,0.3333333333333333,1e+15)");
    assert_int_equal(cylch_dist_parse(buf, 0, &back, &err), CYLCH_OK);
    assert_memory_equal(back.p, d.p, sizeof d.p);
    /* the longest text fits in CYLCH_DIST_TEXT_MAX */
    d.p[0] = -1.2345678901234567e-300;
    d.p[1] = -1.2345678901234566e-300;
    d.p[2] = -1.2345678901234565e-301;
    cylch_dist_format(&d, buf, sizeof buf);
    assert_true(strlen(buf) < sizeof buf - 1);
    assert_int_equal(buf[strlen(buf) - 1], ')');
    /* a short buffer is cut, never overrun */
    cylch_dist_format(&d, small, sizeof small);
    assert_string_equal(small, "trian");
    cylch_dist_format(&d, small, 0);
}

/* ---- parse errors -------------------------------------------------------- */

typedef struct error_case {
    const char *text;
    int centred;
    const char *msg;
} error_case;

static void test_parse_errors(void **state)
{
    static const char *const plain =
        "is neither a number nor a distribution: write numbers plainly (1500, 0.35; no %, pound "
        "signs or thousands commas) and distributions as name(numbers), e.g. triangular(0.2,0.3,0.5)";
    static const char *const names =
        "the distributions are uniform, triangular, pert, normal, lognormal and beta";
    static const char *const normal_forms =
        "write normal(mean,sd) or normal(mean=...,sd=...), or in [uncertainty] normal(sd=...) or "
        "normal(rel=...)";
    const error_case cases[] = {
        {"", 1, "no value given: write a number such as 0.35 or a distribution such as "
                "triangular(0.2,0.3,0.5)"},
        {" \t ", 1, "no value given: write a number such as 0.35 or a distribution such as "
                    "triangular(0.2,0.3,0.5)"},
        {"abc", 1, "'abc' @P"},
        {"1,000", 1, "'1,000' @P"},
        {"50%", 1, "'50%' @P"},
        {"nan", 1, "'nan' @P"},
        {"inf", 1, "'inf' @P"},
        {"0.3 0.4", 1, "'0.3 0.4' @P"},
        {"gamma(1,2)", 1, "gamma(1,2): unknown distribution 'gamma'; @N"},
        {"(1,2)", 1, "(1,2): no distribution name before '('; @N"},
        {"normal(1,2", 1, "normal(1,2: missing ')' at the end"},
        {"normal(1,2) x", 1, "normal(1,2) x: unexpected text 'x' after ')'"},
        {"normal(1,2))", 1, "normal(1,2)): the brackets do not match; write normal(mean,sd) or "
                            "normal(mean=...,sd=...)"},
        {"normal(1,(2))", 1, "normal(1,(2)): the brackets do not match; write normal(mean,sd) or "
                             "normal(mean=...,sd=...)"},
        {"normal(1,abc)", 1, "normal(1,abc): 'abc' is not a number"},
        {"normal(1,0x10)", 1, "normal(1,0x10): '0x10' is not a number"},
        {"normal(1,nan)", 1, "normal(1,nan): 'nan' is not a number"},
        {"normal(1e999,1)", 1, "normal(1e999,1): '1e999' is not a number"},
        {"normal(50%,10%)", 1, "normal(50%,10%): '50%' is not a number (write shares as decimals, "
                               "e.g. 0.25)"},
        {"normal(1,)", 1, "normal(1,): number 2 is missing"},
        {"normal(,1)", 1, "normal(,1): number 1 is missing"},
        {"normal()", 1, "normal(): normal needs 2 numbers (mean,sd), but none were given; @F"},
        {"normal(1)", 1, "normal(1): normal needs 2 numbers (mean,sd), but 1 was given; @F"},
        {"triangular(1,2)", 1, "triangular(1,2): triangular needs 3 numbers (min,mode,max), but 2 "
                               "were given; write triangular(min,mode,max), or in [uncertainty] "
                               "triangular(rel=...)"},
        {"triangular(1,2,3,4)", 1, "triangular(1,2,3,4): too many numbers; write "
                                   "triangular(min,mode,max), or in [uncertainty] "
                                   "triangular(rel=...)"},
        {"pert(1,2)", 0, "pert(1,2): pert needs 3 numbers (min,mode,max), but 2 were given; write "
                         "pert(min,mode,max)"},
        {"uniform(1,2,3)", 0, "uniform(1,2,3): uniform needs 2 numbers (a,b), but 3 were given; "
                              "write uniform(a,b)"},
        {"normal(1,sd=2)", 1, "normal(1,sd=2): give the numbers all by name or none by name; @F"},
        {"normal(mu=1,sd=2)", 1, "normal(mu=1,sd=2): unknown name 'mu'; the names are mean=, sd= "
                                 "and rel="},
        {"beta(sd=0.1,sd=0.2)", 1, "beta(sd=0.1,sd=0.2): sd= is given twice"},
        {"beta(sd=)", 1, "beta(sd=): sd= has no number"},
        /* issue 11: beta(0.53,0.05), a mean and an sd written as shapes, used to fail in a
         * Monte Carlo draw without naming the parameter */
        {"beta(0.53,0.05)", 0, "beta(0.53,0.05): did you mean beta(mean=0.53,sd=0.05)? beta(a,b) "
                               "takes two shape numbers, and shapes both below 1 pile the values up "
                               "at 0 and 1 (mean 0.91); for those shapes on purpose write "
                               "beta(a=0.53,b=0.05)"},
        {"beta(a=0.5,sd=0.1)", 0, "beta(a=0.5,sd=0.1): write beta(a,b) or beta(mean=...,sd=...)"},
        {"beta(a=0.5)", 0, "beta(a=0.5): write beta(a,b) or beta(mean=...,sd=...)"},
        {"beta(mu=0.5,sd=0.1)", 0, "beta(mu=0.5,sd=0.1): unknown name 'mu'; the names are mean=, sd=, "
                                   "a= and b="},
        {"uniform(a=0.1,b=0.2)", 0, "uniform(a=0.1,b=0.2): unknown name 'a'; the names are mean=, sd= "
                                    "and rel="},
        {"normal(mean=1)", 1, "normal(mean=1): @F"},
        {"normal(mean=1,rel=0.1)", 1, "normal(mean=1,rel=0.1): @F"},
        {"pert(rel=0.1)", 1, "pert(rel=0.1): write pert(min,mode,max)"},
        {"uniform(sd=0.1)", 1, "uniform(sd=0.1): write uniform(a,b), or in [uncertainty] "
                               "uniform(rel=...)"},
        {"lognormal(sd=0.1)", 1, "lognormal(sd=0.1): write lognormal(mean,sd) or "
                                 "lognormal(mean=...,sd=...), or in [uncertainty] "
                                 "lognormal(rel=...)"},
        {"beta(rel=0.1)", 0, "beta(rel=0.1): write beta(a,b) or beta(mean=...,sd=...)"},
        /* impossible parameters */
        {"triangular(5,1,3)", 0, "triangular(5,1,3): min 5 is above max 3"},
        {"pert(3,3,3)", 0, "pert(3,3,3): min and max are both 3; for a fixed value write just 3"},
        {"triangular(1,7,5)", 0, "triangular(1,7,5): the mode (most likely value) 7 is outside "
                                 "min 1 to max 5"},
        {"pert(1,0.5,5)", 0, "pert(1,0.5,5): the mode (most likely value) 0.5 is outside min 1 to "
                             "max 5"},
        {"uniform(3,1)", 0, "uniform(3,1): the lower end 3 is above the upper end 1"},
        {"normal(1,-2)", 0, "normal(1,-2): the sd -2 is negative"},
        {"lognormal(0,1)", 0, "lognormal(0,1): a lognormal needs a mean above 0, not 0 (it "
                              "describes positive quantities)"},
        {"lognormal(5,-1)", 0, "lognormal(5,-1): the sd -1 is negative"},
        {"beta(0,1)", 0, "beta(0,1): both shape numbers of a beta must be above 0"},
        {"beta(2,-1)", 0, "beta(2,-1): both shape numbers of a beta must be above 0"},
        {"beta(mean=0.9,sd=0.4)", 0, "beta(mean=0.9,sd=0.4): an sd of 0.4 is too large for a mean "
                                     "of 0.9 (it must be below 0.3)"},
        {"beta(mean=0.5,sd=0.5)", 0, "beta(mean=0.5,sd=0.5): an sd of 0.5 is too large for a mean "
                                     "of 0.5 (it must be below 0.5)"},
        {"beta(mean=1,sd=0.1)", 0, "beta(mean=1,sd=0.1): the mean of a beta must lie strictly "
                                   "between 0 and 1, not 1"},
        {"beta(mean=0,sd=0.1)", 0, "beta(mean=0,sd=0.1): the mean of a beta must lie strictly "
                                   "between 0 and 1, not 0"},
        {"beta(mean=0.5,sd=0)", 0, "beta(mean=0.5,sd=0): the sd must be above 0 (for a fixed "
                                   "share write just 0.5)"},
        {"beta(sd=0.6)", 1, "beta(sd=0.6): an sd of 0.6 is too large for any share (it must be "
                            "below 0.5)"},
        {"beta(sd=0)", 1, "beta(sd=0): the sd must be above 0 (for no uncertainty leave the "
                          "column out of [uncertainty])"},
        {"normal(sd=-1)", 1, "normal(sd=-1): the sd -1 is negative"},
        {"normal(rel=-1)", 1, "normal(rel=-1): the relative spread -1 is negative"},
        {"uniform(rel=-0.1)", 1, "uniform(rel=-0.1): the relative spread -0.1 is negative"},
        /* centred forms outside [uncertainty] */
        {"uniform(rel=0.1)", 0, "uniform(rel=0.1) is centred on each member's reported value, so "
                                "it can only be used in [uncertainty]; here write uniform(a,b)"},
        {"normal(sd=0.1)", 0, "normal(sd=0.1) is centred on each member's reported value, so it "
                              "can only be used in [uncertainty]; here write normal(mean,sd) or "
                              "normal(mean=...,sd=...)"},
        {"beta(sd=0.1)", 0, "beta(sd=0.1) is centred on each member's reported value, so it can "
                            "only be used in [uncertainty]; here write beta(a,b) or "
                            "beta(mean=...,sd=...)"},
        {"triangular(rel=0.1)", 0, "triangular(rel=0.1) is centred on each member's reported "
                                   "value, so it can only be used in [uncertainty]; here write "
                                   "triangular(min,mode,max)"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d = {CYLCH_DIST_NORMAL, {7, 8, 9}};
        cylch_error err;
        char want[CYLCH_ERROR_MAX];
        const char *m = cases[i].msg, *mark = strchr(m, '@');
        /* @P, @N, @F stand for the long common endings */
        if (mark && (mark[1] == 'P' || mark[1] == 'N' || mark[1] == 'F'))
            snprintf(want, sizeof want, "%.*s%s", (int)(mark - m), m,
                     mark[1] == 'P' ? plain : mark[1] == 'N' ? names : normal_forms);
        else
            snprintf(want, sizeof want, "%s", m);
        cylch_error_clear(&err);
        if (cylch_dist_parse(cases[i].text, cases[i].centred, &d, &err) != CYLCH_EINPUT)
            fail_msg("'%s' parsed, but should not", cases[i].text);
        assert_int_equal(err.status, CYLCH_EINPUT);
        if (strcmp(err.msg, want) != 0)
            fail_msg("'%s':\n got: %s\nwant: %s", cases[i].text, err.msg, want);
        /* d is left as it was */
        assert_int_equal(d.kind, CYLCH_DIST_NORMAL);
        assert_true(d.p[0] == 7 && d.p[1] == 8 && d.p[2] == 9);
    }
    /* NULL text is "no value" */
    {
        cylch_dist d;
        cylch_error err;
        assert_int_equal(cylch_dist_parse(NULL, 0, &d, &err), CYLCH_EINPUT);
        assert_non_null(strstr(err.msg, "no value given"));
        /* long garbage is quoted, cut short */
        char longtext[600];
        memset(longtext, 'x', sizeof longtext - 1);
        longtext[sizeof longtext - 1] = '\0';
        assert_int_equal(cylch_dist_parse(longtext, 0, &d, &err), CYLCH_EINPUT);
        assert_true(strlen(err.msg) < 400);
    }
}

/* ---- range and centring checks ------------------------------------------ */

typedef struct check_case {
    const char *text;
    cylch_dist_range range;
    double c;
    const char *msg;   /* NULL: must pass */
} check_case;

static void test_check(void **state)
{
    static const char *const share =
        "a share must stay between 0 and 1 (cylch allows at most 1 in a million draws outside 0 "
        "to 1)";
    static const char *const nonneg =
        "this quantity cannot be negative (cylch allows at most 1 in a million draws below 0)";
    char m[24][400];
    int k = 0;
#define M(...) (snprintf(m[k], sizeof m[k], __VA_ARGS__), m[k++])
    const check_case cases[] = {
        /* shares */
        {"0.35", CYLCH_RANGE_SHARE, 0, NULL},
        {"0", CYLCH_RANGE_SHARE, 0, NULL},
        {"1", CYLCH_RANGE_SHARE, 0, NULL},
        {"1.3", CYLCH_RANGE_SHARE, 0, "1.3 is above 1, but a share must stay between 0 and 1"},
        {"-0.1", CYLCH_RANGE_SHARE, 0, "-0.1 is below 0, but a share must stay between 0 and 1"},
        {"uniform(0,1)", CYLCH_RANGE_SHARE, 0, NULL},
        {"uniform(0.5,1.2)", CYLCH_RANGE_SHARE, 0,
         "uniform(0.5,1.2) reaches above 1 (up to 1.2), but a share must stay between 0 and 1; "
         "use beta(mean=0.85,sd=0.202) instead, which stays between 0 and 1"},
        {"uniform(-0.1,0.5)", CYLCH_RANGE_SHARE, 0,
         "uniform(-0.1,0.5) reaches below 0 (down to -0.1), but a share must stay between 0 and 1; "
         "use beta(mean=0.2,sd=0.173) instead, which stays between 0 and 1"},
        {"pert(0,0.5,1.1)", CYLCH_RANGE_SHARE, 0,
         "pert(0,0.5,1.1) reaches above 1 (up to 1.1), but a share must stay between 0 and 1; "
         "use beta(mean=0.517,sd=0.207) instead, which stays between 0 and 1"},
        {"triangular(0,0.2,1)", CYLCH_RANGE_SHARE, 0, NULL},
        {"beta(0.5,0.5)", CYLCH_RANGE_SHARE, 0, NULL},
        /* 2 Phi(-5) = 5.7e-7 of the draws outside: allowed; 2 Phi(-4.762) = 1.92e-6
         * (1 in 521447, mpmath): not */
        {"normal(0.5,0.1)", CYLCH_RANGE_SHARE, 0, NULL},
        {"normal(0.5,0.105)", CYLCH_RANGE_SHARE, 0,
         M("normal(0.5,0.105) puts about 1 in 520000 of its draws outside 0 to 1, but %s; use "
           "beta(mean=0.5,sd=0.105) instead, which stays between 0 and 1", share)},
        {"normal(0.9,0.1)", CYLCH_RANGE_SHARE, 0,
         M("normal(0.9,0.1) puts about 16%% of its draws above 1, but %s; use "
           "beta(mean=0.9,sd=0.1) instead, which stays between 0 and 1", share)},
        {"normal(0.1,0.05)", CYLCH_RANGE_SHARE, 0,
         M("normal(0.1,0.05) puts about 2.3%% of its draws below 0, but %s; use "
           "beta(mean=0.1,sd=0.05) instead, which stays between 0 and 1", share)},
        {"normal(0.5,0.6)", CYLCH_RANGE_SHARE, 0,
         M("normal(0.5,0.6) puts about 40%% of its draws outside 0 to 1, but %s; use a narrower "
           "beta(...) instead, which stays between 0 and 1", share)},
        {"lognormal(0.1,0.02)", CYLCH_RANGE_SHARE, 0, NULL},
        {"lognormal(0.5,0.3)", CYLCH_RANGE_SHARE, 0,
         M("lognormal(0.5,0.3) puts about 6.3%% of its draws above 1, but %s; use "
           "beta(mean=0.5,sd=0.3) instead, which stays between 0 and 1", share)},
        /* money: normal(100,21) has Phi(-4.762) = 9.6e-7 below 0, normal(100,21.5) 1.65e-6 */
        {"-5", CYLCH_RANGE_NONNEG, 0, "-5 is below 0, but this quantity cannot be negative"},
        {"normal(100,21)", CYLCH_RANGE_NONNEG, 0, NULL},
        {"normal(100,21.5)", CYLCH_RANGE_NONNEG, 0,
         M("normal(100,21.5) puts about 1 in 610000 of its draws below 0, but %s; use "
           "lognormal(100,21.5) instead, which cannot go below 0", nonneg)},
        {"normal(100,60)", CYLCH_RANGE_NONNEG, 0,
         M("normal(100,60) puts about 4.8%% of its draws below 0, but %s; use lognormal(100,60) "
           "instead, which cannot go below 0", nonneg)},
        {"normal(-3,1)", CYLCH_RANGE_NONNEG, 0,
         M("normal(-3,1) puts about 100%% of its draws below 0, but %s; use a distribution that "
           "stays at or above 0", nonneg)},
        {"uniform(-5,10)", CYLCH_RANGE_NONNEG, 0,
         "uniform(-5,10) reaches below 0 (down to -5), but this quantity cannot be negative; use "
         "lognormal(2.5,4.33) instead, which cannot go below 0"},
        {"uniform(0,10)", CYLCH_RANGE_NONNEG, 0, NULL},
        {"lognormal(10,50)", CYLCH_RANGE_NONNEG, 0, NULL},
        {"beta(2,5)", CYLCH_RANGE_NONNEG, 0, NULL},
        {"pert(0,5,100)", CYLCH_RANGE_NONNEG, 0, NULL},
        {"normal(-3,1)", CYLCH_RANGE_ANY, 0, NULL},
        {"uniform(-5,10)", CYLCH_RANGE_ANY, 0, NULL},
        /* centred: beta(sd=...) around 0 or 1 is that value (DESIGN §8.7), and an sd
         * too large for the value is capped, not refused; outside 0-1 it is an error */
        {"beta(sd=0.1)", CYLCH_RANGE_SHARE, 0.3, NULL},
        {"beta(sd=0.05)", CYLCH_RANGE_SHARE, 0, NULL},
        {"beta(sd=0.05)", CYLCH_RANGE_SHARE, 1, NULL},
        {"beta(sd=0.05)", CYLCH_RANGE_ANY, 1.2,
         "beta(sd=0.05) cannot be centred on a reported value of 1.2: a share lies between 0 and 1"},
        {"beta(sd=0.3)", CYLCH_RANGE_SHARE, 0.95, NULL},
        {"beta(sd=0.05)", CYLCH_RANGE_SHARE, NAN,
         "beta(sd=0.05): the reported value is not a number"},
        {"normal(sd=0.1)", CYLCH_RANGE_SHARE, 0.95,
         M("normal(sd=0.1) around a reported value of 0.95 puts about 31%% of its draws above 1, "
           "but %s; use beta(sd=0.1) instead, which stays between 0 and 1", share)},
        {"normal(sd=0.01)", CYLCH_RANGE_SHARE, 0.5, NULL},
        {"normal(rel=0.2)", CYLCH_RANGE_NONNEG, 100, NULL},
        {"normal(rel=0.25)", CYLCH_RANGE_NONNEG, 100,
         M("normal(rel=0.25) around a reported value of 100 puts about 1 in 32000 of its draws "
           "below 0, but %s; use lognormal(rel=0.25) instead, which cannot go below 0", nonneg)},
        {"normal(rel=0.25)", CYLCH_RANGE_NONNEG, 0, NULL},   /* sd 0: the number 0 */
        {"uniform(rel=0.1)", CYLCH_RANGE_SHARE, 0.9, NULL},
        {"uniform(rel=0.2)", CYLCH_RANGE_SHARE, 0.9,
         "uniform(rel=0.2) around a reported value of 0.9 reaches above 1 (up to 1.08), but a "
         "share must stay between 0 and 1; use beta(sd=0.104) instead, which stays between 0 and 1"},
        {"triangular(rel=1.5)", CYLCH_RANGE_NONNEG, 10,
         "triangular(rel=1.5) around a reported value of 10 reaches below 0 (down to -5), but "
         "this quantity cannot be negative; use lognormal(rel=0.612) instead, which cannot go "
         "below 0"},
        {"triangular(rel=1)", CYLCH_RANGE_NONNEG, 10, NULL},
        {"lognormal(rel=0.1)", CYLCH_RANGE_NONNEG, 0, NULL},  /* the number 0 */
        {"lognormal(rel=0.1)", CYLCH_RANGE_ANY, -5,
         "lognormal(rel=0.1) cannot be centred on a reported value of -5: a lognormal describes "
         "positive quantities"},
        {"lognormal(rel=0.5)", CYLCH_RANGE_SHARE, 0.5,
         M("lognormal(rel=0.5) around a reported value of 0.5 puts about 4.4%% of its draws above "
           "1, but %s; use beta(sd=0.25) instead, which stays between 0 and 1", share)},
    };
#undef M
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d = parse_ok(cases[i].text, 1);
        cylch_error err;
        int rc;
        cylch_error_clear(&err);
        rc = cylch_dist_check(&d, cases[i].range, cases[i].c, &err);
        if (!cases[i].msg) {
            if (rc != CYLCH_OK)
                fail_msg("%s (c=%g) should pass: %s", cases[i].text, cases[i].c, err.msg);
        } else {
            if (rc != CYLCH_EINPUT)
                fail_msg("%s (c=%g) should fail", cases[i].text, cases[i].c);
            if (strcmp(err.msg, cases[i].msg) != 0)
                fail_msg("%s (c=%g):\n got: %s\nwant: %s", cases[i].text, cases[i].c, err.msg,
                         cases[i].msg);
        }
    }
}

/* A distribution built in code, not parsed, is checked all the same. */
static void test_check_unparsed(void **state)
{
    cylch_error err;
    cylch_dist bad_beta = {CYLCH_DIST_BETA_MEAN_SD, {0.9, 0.4, 0}};
    cylch_dist bad_tri = {CYLCH_DIST_TRIANGULAR, {5, 1, 3}};
    cylch_dist bad_num = {CYLCH_DIST_NORMAL, {NAN, 1, 0}};
    cylch_dist bad_kind = {(cylch_dist_kind)99, {0, 0, 0}};
    (void)state;
    assert_int_equal(cylch_dist_check(&bad_beta, CYLCH_RANGE_SHARE, 0, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "beta(mean=0.9,sd=0.4): an sd of 0.4 is too large for a mean of "
                                 "0.9 (it must be below 0.3)");
    assert_int_equal(cylch_dist_check(&bad_tri, CYLCH_RANGE_ANY, 0, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "triangular(5,1,3): min 5 is above max 3");
    assert_int_equal(cylch_dist_check(&bad_num, CYLCH_RANGE_ANY, 0, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "normal(nan,1): parameter 1 is not a finite number");
    assert_int_equal(cylch_dist_check(&bad_kind, CYLCH_RANGE_ANY, 0, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "unknown kind of distribution (99)");
    /* summaries of impossible distributions are NaN, never garbage */
    assert_true(isnan(cylch_dist_mean(&bad_beta, 0)));
    assert_true(isnan(cylch_dist_var(&bad_tri, 0)));
    assert_true(isnan(cylch_dist_quantile(&bad_num, 0, 0.5)));
    {
        cylch_dist centred = parse_ok("beta(sd=0.1)", 1);
        gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
        assert_true(isnan(cylch_dist_mean(&centred, -0.5)));
        assert_true(isnan(cylch_dist_sample(&centred, 1.5, r)));
        gsl_rng_free(r);
    }
}

/* ---- sampling ------------------------------------------------------------ */

/* Same stream, same values; fixed values use no random numbers. */
static void test_sample_reproducible(void **state)
{
    cylch_dist d = parse_ok("pert(10,12.5,20)", 0), fixed = parse_ok("2.385", 0);
    gsl_rng *a = gsl_rng_alloc(cylch_rng_philox), *b = gsl_rng_alloc(cylch_rng_philox);
    (void)state;
    cylch_rng_seek(a, 1, 2, 3);
    cylch_rng_seek(b, 1, 2, 3);
    for (int i = 0; i < 1000; i++) {
        assert_true(cylch_dist_sample(&fixed, 0, a) == 2.385);
        assert_true(cylch_dist_sample(&d, 0, a) == cylch_dist_sample(&d, 0, b));
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* sample_in truncates (redraws), it does not clamp: for X ~ normal(1,1)
 * kept at or above 0, E[X | X >= 0] = 1 + phi(1)/Phi(1) = 1.28760, whereas
 * clamping would give E[max(X, 0)] = 1.08332. */
static void test_sample_in(void **state)
{
    const int n = 100000;
    const double phi1 = 0.24197072451914337, Phi1 = 0.84134474606854293;
    const double tmean = 1 + phi1 / Phi1;
    cylch_dist d = parse_ok("normal(1,1)", 0), s = parse_ok("normal(0.5,0.3)", 0);
    cylch_dist hopeless = parse_ok("normal(-100,1)", 0);
    gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    (void)state;
    cylch_rng_seek(r, 7, 7, 7);
    for (int i = 0; i < n; i++) {
        double x = cylch_dist_sample_in(&d, CYLCH_RANGE_NONNEG, 0, r);
        assert_true(x >= 0);
        sum += x;
    }
    /* Var(X | X >= 0) = 1 + a l - l^2 with a = -1, l = phi(1)/Phi(1): 0.62977 */
    {
        double ratio = phi1 / Phi1, v = 1 - ratio * (ratio + 1);
        assert_close(v, 0.6297, 1e-3);
        assert_true(fabs(sum / n - tmean) < 4 * sqrt(v / n));
    }
    for (int i = 0; i < n; i++) {
        double x = cylch_dist_sample_in(&s, CYLCH_RANGE_SHARE, 0, r);
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    assert_true(lo >= 0 && lo < 0.01 && hi <= 1 && hi > 0.99);
    /* precondition broken: after 1000 misses, clamped to the range */
    assert_true(cylch_dist_sample_in(&hopeless, CYLCH_RANGE_NONNEG, 0, r) == 0);
    assert_true(cylch_dist_sample_in(&hopeless, CYLCH_RANGE_ANY, 0, r) < -90);
    gsl_rng_free(r);
}


static double scale_of(const cylch_dist *d, double c)
{
    double v = cylch_dist_var(d, c);
    return v > 0 ? sqrt(v) : 1;
}

/* ---- inverse-CDF samplers (DESIGN §8.5) ------------------------------------ */

/* The prepared sampler against GSL's own inverse CDFs (an independent code),
 * to 1e-9 absolute on the unit scale of shares (times the width for pert and
 * the sd for normal and lognormal) over p from 1e-12 to 1 − 1e-12, including
 * the tables' grid ends and outside them; and monotone in p. */
static void test_sampler_vs_gsl(void **state)
{
    static const struct { const char *text; int centred; double c; cylch_dist_range range; } cases[] = {
        {"beta(sd=0.03)", 1, 0.95, CYLCH_RANGE_SHARE}, {"beta(sd=0.03)", 1, 0.98, CYLCH_RANGE_SHARE},
        {"beta(sd=0.08)", 1, 0.3, CYLCH_RANGE_SHARE}, {"beta(sd=0.05)", 1, 0.5, CYLCH_RANGE_SHARE},
        {"beta(sd=0.01)", 1, 0.03, CYLCH_RANGE_SHARE}, {"beta(mean=0.53,sd=0.05)", 0, 0, CYLCH_RANGE_SHARE},
        {"beta(2,5)", 0, 0, CYLCH_RANGE_SHARE}, {"beta(1,1)", 0, 0, CYLCH_RANGE_SHARE},
        {"beta(0.5,0.5)", 0, 0, CYLCH_RANGE_SHARE}, {"beta(0.7,3)", 0, 0, CYLCH_RANGE_SHARE},
        {"pert(0.005,0.015,0.03)", 0, 0, CYLCH_RANGE_SHARE}, {"pert(6,12,18)", 0, 0, CYLCH_RANGE_NONNEG},
        {"pert(0.12,0.2,0.3)", 0, 0, CYLCH_RANGE_SHARE},
        {"normal(sd=0.02)", 1, 0.5, CYLCH_RANGE_SHARE}, {"lognormal(rel=0.1)", 1, 2.385e5, CYLCH_RANGE_NONNEG},
        {"uniform(rel=0.1)", 1, 10, CYLCH_RANGE_NONNEG}, {"triangular(1,2,5)", 0, 0, CYLCH_RANGE_NONNEG},
    };
    static const double ps[] = {1e-12, 1e-10, 1.5e-9, 1e-7, 1e-5, 1e-3, 0.0123, 0.05, 0.1, 0.25, 0.4,
                                0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999, 1 - 1e-5, 1 - 1e-7, 1 - 1.5e-9,
                                1 - 1e-10};
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d = parse_ok(cases[i].text, cases[i].centred);
        cylch_dist_sampler smp;
        cylch_error err;
        double prev = -INFINITY, mean = cylch_dist_mean(&d, cases[i].c);
        double sd = sqrt(cylch_dist_var(&d, cases[i].c));
        if (cylch_dist_sampler_init(&smp, &d, cases[i].range, cases[i].c, &err))
            fail_msg("%s: %s", cases[i].text, err.msg);
        for (size_t j = 0; j < sizeof ps / sizeof ps[0]; j++) {
            double p = ps[j], got = cylch_dist_sampler_quantile(&smp, p), want = NAN, scale = 1;
            const double *x = d.p;
            switch (d.kind) {
            case CYLCH_DIST_BETA_SD: case CYLCH_DIST_BETA_MEAN_SD: {
                double m = d.kind == CYLCH_DIST_BETA_SD ? cases[i].c : x[0];
                double s = d.kind == CYLCH_DIST_BETA_SD ? x[0] : x[1];
                double k;
                if (isfinite(cylch_dist_sd_capped(&d, cases[i].c)))
                    s = cylch_dist_sd_capped(&d, cases[i].c);
                k = m * (1 - m) / (s * s) - 1;
                want = gsl_cdf_beta_Pinv(p, m * k, (1 - m) * k);
                break;
            }
            case CYLCH_DIST_BETA: want = gsl_cdf_beta_Pinv(p, x[0], x[1]); break;
            case CYLCH_DIST_PERT: {
                double w = x[2] - x[0];
                scale = w;
                want = x[0] + w * gsl_cdf_beta_Pinv(p, 1 + 4 * (x[1] - x[0]) / w, 1 + 4 * (x[2] - x[1]) / w);
                break;
            }
            case CYLCH_DIST_NORMAL_SD:
                scale = sd;
                want = cases[i].c + gsl_cdf_gaussian_Pinv(p, x[0]);
                if (want < 0 || want > 1)
                    want = NAN;   /* truncated there: checked below by the CDF */
                break;
            case CYLCH_DIST_LOGNORMAL_REL: {
                double s2 = log1p(x[0] * x[0]);
                scale = sd;
                want = gsl_cdf_lognormal_Pinv(p, log(cases[i].c) - s2 / 2, sqrt(s2));
                break;
            }
            case CYLCH_DIST_UNIFORM_REL:
                want = gsl_cdf_flat_Pinv(p, cases[i].c * 0.9, cases[i].c * 1.1);
                scale = cases[i].c;
                break;
            default:
                /* triangular(1,2,5) by hand: F(x) = (x-1)^2/4 below 2, 1 - (5-x)^2/12 above */
                want = p < 0.25 ? 1 + sqrt(4 * p) : 5 - sqrt(12 * (1 - p));
                break;
            }
            (void)mean;
            if (isfinite(want) && !(fabs(got - want) <= 1e-9 * scale))
                fail_msg("%s (c %g) at p %.3g: %.17g, GSL %.17g", cases[i].text, cases[i].c, p, got, want);
            if (!(got >= prev))
                fail_msg("%s: not monotone at p %.3g", cases[i].text, p);
            prev = got;
        }
        /* Monotone on a fine grid too (the table's joins). */
        prev = -INFINITY;
        for (int j = 1; j < 20000; j++) {
            double got = cylch_dist_sampler_quantile(&smp, j / 20000.0);
            if (!(got >= prev - 1e-12 * scale_of(&d, cases[i].c)))
                fail_msg("%s: not monotone at p %g", cases[i].text, j / 20000.0);
            prev = got;
        }
        cylch_dist_sampler_clear(&smp);
    }
}

/* The Gaussian copula's pieces (DESIGN §8.6): cylch_dist_phi is Φ computed in
 * long double, to 4e-16 (1 + z²) relative on the side that is computed (the
 * lower tail's probability, or the upper's as 1 − Q), down to Φ = 2^-60 where
 * it stops; and cylch_dist_sampler_at_z is the sampler's exact quantile at
 * Φ(z): in closed form for untruncated normal and lognormal (checked against
 * GSL's lognormal Pinv of Φ(z), or Qinv of Q(z) above the median),
 * through Φ for a truncated normal and a beta. */
static void test_copula_pieces(void **state)
{
    static const struct { const char *text; int centred; double c; cylch_dist_range range; } cases[] = {
        {"lognormal(rel=0.1)", 1, 2.385e5, CYLCH_RANGE_NONNEG}, {"normal(rel=0.2)", 1, 1e4, CYLCH_RANGE_ANY},
        {"normal(sd=0.02)", 1, 0.5, CYLCH_RANGE_SHARE}, {"beta(sd=0.08)", 1, 0.3, CYLCH_RANGE_SHARE},
    };
    (void)state;
    for (double z = -37.5; z <= 8.25; z += 1.0 / 64) {
        /* the reference in long double; both sides' error grows as z² ε (the rounded argument) */
        long double tail = 0.5L * erfcl(fabsl((long double)z) / sqrtl(2.0L));
        double got = cylch_dist_phi(z), tol = 4e-16 * (1 + z * z);
        if (z < 0) {
            if (tail >= 0x1p-60L && !(fabsl(got - tail) <= tol * tail))
                fail_msg("phi(%g) = %.17g, long double %.17Lg", z, got, tail);
        } else if (!(fabsl((1 - got) - tail) <= tol * tail + 0x1p-53L))
            fail_msg("phi(%g) = %.17g, 1 - long double Q %.17Lg", z, got, 1 - tail);
        assert_true(got > 0 && got < 1);
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d = parse_ok(cases[i].text, cases[i].centred);
        cylch_dist_sampler smp;
        cylch_error err;
        double sd = sqrt(cylch_dist_var(&d, cases[i].c));
        if (cylch_dist_sampler_prepare(&smp, &d, cases[i].range, cases[i].c, &err))   /* exact quantiles */
            fail_msg("%s: %s", cases[i].text, err.msg);
        assert_int_equal(cylch_dist_sampler_closed_at_z(&smp), i < 2);
        for (double z = -7; z <= 7; z += 0.125) {
            double got = cylch_dist_sampler_at_z(&smp, z), want;
            if (i < 2) {
                double mu = cases[i].c, s2 = log1p(d.p[0] * d.p[0]), m = log(mu) - s2 / 2;
                if (i == 1)
                    want = mu + mu * d.p[0] * z;
                else if (z < 0)
                    want = gsl_cdf_lognormal_Pinv(gsl_cdf_ugaussian_P(z), m, sqrt(s2));
                else
                    want = gsl_cdf_lognormal_Qinv(gsl_cdf_ugaussian_Q(z), m, sqrt(s2));
                if (!(fabs(got - want) <= 1e-9 * sd))
                    fail_msg("%s at z %g: %.17g, want %.17g", cases[i].text, z, got, want);
            } else {
                want = cylch_dist_sampler_quantile(&smp, cylch_dist_phi(z));
                assert_true(got == want);
            }
        }
        cylch_dist_sampler_clear(&smp);
    }
}

/* Every accepted beta ends, however narrow or skewed (gsl_cdf_beta_Pinv can
 * loop for ever on some): quantiles of extreme shapes come back finite and
 * in [0, 1], in bounded time. */
static void test_quantile_terminates(void **state)
{
    static const char *texts[] = {"beta(mean=0.5,sd=1e-6)", "beta(mean=0.5,sd=1e-4)",
                                  "beta(mean=0.999,sd=1e-5)", "beta(mean=1e-6,sd=1e-7)",
                                  "beta(a=1e-3,b=1e-3)", "beta(1e6,1)", "beta(1,1e6)", "beta(3e5,2e5)"};
    clock_t t0 = clock();
    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        cylch_dist d = parse_ok(texts[i], 0);
        cylch_dist_sampler smp;
        cylch_error err;
        double prev = -1;
        assert_int_equal(cylch_dist_sampler_init(&smp, &d, CYLCH_RANGE_SHARE, 0, &err), CYLCH_OK);
        for (int j = 0; j <= 200; j++) {
            double p = j == 0 ? 1e-15 : j == 200 ? 1 - 1e-15 : j / 200.0;
            double q = cylch_dist_quantile(&d, 0, p), s = cylch_dist_sampler_quantile(&smp, p);
            if (!(q >= 0 && q <= 1 && s >= 0 && s <= 1 && s >= prev))
                fail_msg("%s at p %g: quantile %g, sampler %g", texts[i], p, q, s);
            prev = s;
        }
        cylch_dist_sampler_clear(&smp);
    }
    /* generous: a hang would be minutes; all of this takes well under a second */
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 30);
}

/* DESIGN §8.7: a reported 0.99 with sd 0.03 was Beta(9.9, 0.1) in 0.1, with
 * two thirds of its draws above 0.999; now the sd is capped so that both
 * shapes are >= 1 (here b = 1: sd = sqrt(0.99 · 0.01 / 101) = 0.0099), and the
 * share of draws above 0.999 is 1 − F(0.999) = 1 − 0.999^99 = 0.0943 for
 * Beta(99, 1) (F(x) = x^99). A reported 0 or 1 is that value in every draw. */
static void test_beta_near_ends(void **state)
{
    cylch_dist d = parse_ok("beta(sd=0.03)", 1);
    cylch_dist_sampler smp;
    cylch_error err;
    int above = 0;
    const int n = 100000;
    (void)state;
    assert_close(cylch_dist_sd_capped(&d, 0.99), sqrt(0.99 * 0.01 / 101), 1e-14);
    assert_true(isnan(cylch_dist_sd_capped(&d, 0.5)));   /* 0.03 fits around 0.5 */
    assert_close(cylch_dist_mean(&d, 0.99), 0.99, 1e-14);
    assert_close(cylch_dist_var(&d, 0.99), 0.99 * 0.01 / 101, 1e-12);
    assert_int_equal(cylch_dist_sampler_init(&smp, &d, CYLCH_RANGE_SHARE, 0.99, &err), CYLCH_OK);
    for (int k = 0; k < n; k++)
        above += cylch_dist_sampler_quantile(&smp, (k + 0.5) / n) > 0.999;
    /* a stratified sample: the count is n(1 − F(0.999)) to within one */
    assert_true(fabs(above - n * (1 - pow(0.999, 99))) <= 1.0);
    cylch_dist_sampler_clear(&smp);
    for (double c = 0; c <= 1; c += 1) {
        assert_int_equal(cylch_dist_sampler_init(&smp, &d, CYLCH_RANGE_SHARE, c, &err), CYLCH_OK);
        assert_true(cylch_dist_sampler_quantile(&smp, 0.3) == c);
        assert_true(cylch_dist_quantile(&d, c, 0.9) == c);
        cylch_dist_sampler_clear(&smp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_check_unparsed),
        cmocka_unit_test(test_point),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_quantile_ends),
        cmocka_unit_test(test_moments),
        cmocka_unit_test(test_sample_reproducible),
        cmocka_unit_test(test_sample_in),
        cmocka_unit_test(test_sampler_vs_gsl),
        cmocka_unit_test(test_copula_pieces),
        cmocka_unit_test(test_quantile_terminates),
        cmocka_unit_test(test_beta_near_ends),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
