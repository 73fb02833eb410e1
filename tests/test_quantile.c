/* cylch — tests of the tabulated quantile functions (model/core/quantile.c) and
 * of the samplers built on them (cylch_dist_sampler, model/core/dist.c).
 *
 * The tables are checked against GSL's own inverse CDFs (gsl_cdf_beta_Pinv,
 * gsl_cdf_ugaussian_Pinv, gsl_cdf_lognormal_Pinv, gsl_cdf_gamma_Pinv: codes
 * independent of cylch's) at 40,000 random uniforms per distribution and in
 * every binade of both tails, down to u = 2^-54 (the smallest uniform
 * cylch_rng_u01 gives): the quantile must agree within 1e-9 of max(scale, |x|),
 * and where the table answers (not the exact fallback) within 1e-10 of the
 * exact quantile it was built from. A gamma, which cylch's distributions do
 * not have, is tabulated through the same interface: any distribution with a
 * quantile and a density can be.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "cylch/core/dist.h"
#include "cylch/core/quantile.h"
#include "cylch/io/error.h"

/* A fixed-seed xorshift64 uniform in (0, 1), as cylch_rng_u01 makes them. */
static double next_u(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return ((double)(*x >> 11) + 0.5) / 9007199254740992.0;
}

/* The uniforms to check at: random ones, then 8 points in every binade of u and
 * of 1 − u from 1/2 down to 2^-54, and u = 1/2. */
static size_t test_points(double *u, size_t nrandom)
{
    uint64_t x = 0x2385F00DULL;
    size_t n = 0;
    for (size_t i = 0; i < nrandom; i++)
        u[n++] = next_u(&x);
    for (int k = 1; k <= 54; k++)
        for (int i = 0; i < 8; i++) {
            double v = ldexp(1.0 + i / 8.0, -k - 1);
            u[n++] = v;
            u[n++] = 1.0 - v;
        }
    u[n++] = 0.5;
    return n;
}

enum { NRANDOM = 40000, NPOINTS = NRANDOM + 54 * 16 + 1 };

typedef struct dcase {
    const char *text;
    int centred;
    double c;
    cylch_dist_range range;
} dcase;

/* GSL's quantile of the same distribution as the sampler of case k at u, and
 * the scale of its values. */
static double gsl_quantile(const cylch_dist *d, const dcase *k, double u, double *scale)
{
    const double *x = d->p;
    *scale = 1;
    switch (d->kind) {
    case CYLCH_DIST_BETA_SD: case CYLCH_DIST_BETA_MEAN_SD: {
        double m = d->kind == CYLCH_DIST_BETA_SD ? k->c : x[0];
        double s = d->kind == CYLCH_DIST_BETA_SD ? x[0] : x[1], n;
        if (isfinite(cylch_dist_sd_capped(d, k->c)))
            s = cylch_dist_sd_capped(d, k->c);
        n = m * (1 - m) / (s * s) - 1;
        return u <= 0.5 ? gsl_cdf_beta_Pinv(u, m * n, (1 - m) * n)
                        : gsl_cdf_beta_Qinv(1 - u, m * n, (1 - m) * n);
    }
    case CYLCH_DIST_BETA:
        return u <= 0.5 ? gsl_cdf_beta_Pinv(u, x[0], x[1]) : gsl_cdf_beta_Qinv(1 - u, x[0], x[1]);
    case CYLCH_DIST_PERT: {
        double w = x[2] - x[0], a = 1 + 4 * (x[1] - x[0]) / w, b = 1 + 4 * (x[2] - x[1]) / w;
        *scale = fmax(fabs(x[0]), fabs(x[2]));
        return x[0] + w * (u <= 0.5 ? gsl_cdf_beta_Pinv(u, a, b) : gsl_cdf_beta_Qinv(1 - u, a, b));
    }
    case CYLCH_DIST_NORMAL:
        *scale = x[1];
        return x[0] + (u <= 0.5 ? gsl_cdf_gaussian_Pinv(u, x[1]) : gsl_cdf_gaussian_Qinv(1 - u, x[1]));
    case CYLCH_DIST_LOGNORMAL: {
        double s2 = log1p((x[1] / x[0]) * (x[1] / x[0])), zeta = log(x[0]) - s2 / 2;
        *scale = x[0];
        return u <= 0.5 ? gsl_cdf_lognormal_Pinv(u, zeta, sqrt(s2))
                        : gsl_cdf_lognormal_Qinv(1 - u, zeta, sqrt(s2));
    }
    default:
        return NAN;
    }
}

/* The distributions of cylch's scenarios: narrow and wide betas around shares
 * near 0, 1/2 and 1 (capped ones included), pert, normal and lognormal. */
static void test_sampler_tables_vs_gsl(void **state)
{
    static const dcase cases[] = {
        {"beta(sd=0.03)", 1, 0.9, CYLCH_RANGE_SHARE}, {"beta(sd=0.03)", 1, 0.99, CYLCH_RANGE_SHARE},
        {"beta(sd=0.08)", 1, 0.33, CYLCH_RANGE_SHARE}, {"beta(sd=0.01)", 1, 0.03, CYLCH_RANGE_SHARE},
        {"beta(mean=0.53,sd=0.05)", 0, 0, CYLCH_RANGE_SHARE}, {"beta(2,5)", 0, 0, CYLCH_RANGE_SHARE},
        {"beta(1,1)", 0, 0, CYLCH_RANGE_SHARE}, {"beta(1.3,40)", 0, 0, CYLCH_RANGE_SHARE},
        {"pert(0.005,0.015,0.03)", 0, 0, CYLCH_RANGE_SHARE}, {"pert(6,12,18)", 0, 0, CYLCH_RANGE_NONNEG},
        {"pert(0.05,0.1,0.18)", 0, 0, CYLCH_RANGE_SHARE},
        {"normal(2.385,0.7)", 0, 0, CYLCH_RANGE_ANY}, {"lognormal(2.385e5,4e4)", 0, 0, CYLCH_RANGE_NONNEG},
        {"lognormal(1,1.5)", 0, 0, CYLCH_RANGE_NONNEG},
    };
    static double u[NPOINTS];
    size_t n = test_points(u, NRANDOM);
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dist d;
        cylch_dist_sampler smp;
        cylch_error err;
        size_t tabulated = 0;
        double worst = 0, worst_u = NAN;
        if (cylch_dist_parse(cases[i].text, cases[i].centred, &d, &err))
            fail_msg("%s: %s", cases[i].text, err.msg);
        if (cylch_dist_sampler_init(&smp, &d, cases[i].range, cases[i].c, &err))
            fail_msg("%s: %s", cases[i].text, err.msg);
        /* Every binade of both sides is tabulated for these smooth densities. */
        for (int side = 0; side < 2; side++)
            for (int j = 0; j < CYLCH_QTABLE_BINADES; j++)
                if (!smp.qt.shift[side][j])
                    fail_msg("%s: binade %d of side %d not tabulated", cases[i].text, j + 1, side);
        for (size_t k = 0; k < n; k++) {
            double scale, want = gsl_quantile(&d, &cases[i], u[k], &scale);
            double got = cylch_dist_sampler_quantile(&smp, u[k]), e;
            tabulated += !isnan(cylch_qtable_eval(&smp.qt, u[k]));
            if (!isfinite(want))
                continue;   /* beyond GSL's reach (none expected here) */
            e = fabs(got - want) / fmax(scale, fabs(want));
            if (!(e <= 1e-9))
                fail_msg("%s (c %g) at u %.17g: %.17g, GSL %.17g", cases[i].text, cases[i].c, u[k], got,
                         want);
            if (e > worst) {
                worst = e;
                worst_u = u[k];
            }
        }
        /* All random uniforms but about 1 in 65,000 fall inside the table. */
        assert_true(tabulated >= NRANDOM - 10);
        print_message("%-26s c %-5g %6zu cells  largest difference from GSL %.2g (u %.3g)\n",
                      cases[i].text, cases[i].c, smp.qt.ncells, worst, worst_u);
        cylch_dist_sampler_clear(&smp);
    }
}

/* The table alone against the exact quantile it was built from (cylch's beta
 * inversion), at points between the ones the build checked: 1e-10. */
static void test_table_vs_exact(void **state)
{
    static const double shapes[][2] = {{13.365, 21.161}, {99, 1}, {2, 5}, {1.2, 1.2}, {300, 700}, {1, 1}};
    static double u[NPOINTS];
    size_t n = test_points(u, NRANDOM / 4);
    (void)state;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char text[64];
        cylch_dist d;
        cylch_dist_sampler smp;
        cylch_error err;
        snprintf(text, sizeof text, "beta(%g,%g)", shapes[i][0], shapes[i][1]);
        assert_int_equal(cylch_dist_parse(text, 0, &d, &err), CYLCH_OK);
        assert_int_equal(cylch_dist_sampler_init(&smp, &d, CYLCH_RANGE_SHARE, 0, &err), CYLCH_OK);
        for (size_t k = 0; k < n; k++) {
            double t = cylch_qtable_eval(&smp.qt, u[k]), x = cylch_dist_quantile(&d, 0, u[k]);
            if (isnan(t))
                continue;
            if (!(fabs(t - x) <= 1e-10 * fmax(1, fabs(x))))
                fail_msg("%s at u %.17g: table %.17g, exact %.17g", text, u[k], t, x);
        }
        cylch_dist_sampler_clear(&smp);
    }
}

/* Any distribution with a quantile and a density: a gamma, from GSL's. */
static double gamma_quantile(const void *ctx, double p, int upper, double guess)
{
    const double *k = ctx;
    (void)guess;
    return upper ? gsl_cdf_gamma_Qinv(p, k[0], 1) : gsl_cdf_gamma_Pinv(p, k[0], 1);
}

static void gamma_density(const void *ctx, double x, double *f, double *dlogf)
{
    const double *k = ctx;
    *f = gsl_ran_gamma_pdf(x, k[0], 1);
    *dlogf = (k[0] - 1) / x - 1;
}

static void test_gamma_table(void **state)
{
    static const double shapes[] = {2.5, 25, 400};
    static double u[NPOINTS];
    size_t n = test_points(u, NRANDOM / 4);
    (void)state;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        cylch_qtable t;
        cylch_error err;
        cylch_qfun fn = {gamma_quantile, gamma_density, &shapes[i], shapes[i]};
        assert_int_equal(cylch_qtable_init(&t, &fn, &err), CYLCH_OK);
        assert_false(cylch_qtable_empty(&t));
        for (size_t k = 0; k < n; k++) {
            double got = cylch_qtable_eval(&t, u[k]);
            double want = u[k] <= 0.5 ? gsl_cdf_gamma_Pinv(u[k], shapes[i], 1)
                                      : gsl_cdf_gamma_Qinv(1 - u[k], shapes[i], 1);
            double v = u[k] <= 0.5 ? u[k] : 1 - u[k];
            if (isnan(got)) {
                /* only the far tails are left to the exact quantile */
                assert_true(v < ldexp(1, -CYLCH_QTABLE_BINADES - 1));
                continue;
            }
            if (!(fabs(got - want) <= 1e-10 * fmax(shapes[i], fabs(want))))
                fail_msg("gamma(%g) at u %.17g: %.17g, GSL %.17g", shapes[i], u[k], got, want);
        }
        cylch_qtable_clear(&t);
        cylch_qtable_clear(&t);   /* clearing twice is allowed */
    }
}

/* The look-up itself: the binade ends, u = 1/2, and what is not a uniform. */
static void test_lookup_edges(void **state)
{
    cylch_dist d;
    cylch_dist_sampler smp;
    cylch_error err;
    (void)state;
    assert_int_equal(cylch_dist_parse("beta(2,3)", 0, &d, &err), CYLCH_OK);
    assert_int_equal(cylch_dist_sampler_init(&smp, &d, CYLCH_RANGE_SHARE, 0, &err), CYLCH_OK);
    assert_true(isnan(cylch_qtable_eval(&smp.qt, 0.0)));
    assert_true(isnan(cylch_qtable_eval(&smp.qt, 1.0)));
    assert_true(isnan(cylch_qtable_eval(&smp.qt, -0.25)));
    assert_true(isnan(cylch_qtable_eval(&smp.qt, 1.5)));
    assert_true(isnan(cylch_qtable_eval(&smp.qt, NAN)));
    assert_true(isnan(cylch_qtable_eval(&smp.qt, 0x1p-54)));
    /* Continuous across u = 1/2 and every binade boundary (within the tolerance). */
    for (int k = 1; k <= CYLCH_QTABLE_BINADES; k++) {
        double b = ldexp(1, -k), lo = nextafter(b, 0);
        double x0 = cylch_qtable_eval(&smp.qt, lo), x1 = cylch_qtable_eval(&smp.qt, b);
        if (k > 1)
            assert_true(fabs(x1 - x0) <= 1e-10);
        x0 = cylch_qtable_eval(&smp.qt, 1 - b);
        x1 = cylch_qtable_eval(&smp.qt, nextafter(1 - b, 1));
        assert_true(fabs(x1 - x0) <= 1e-10);
    }
    assert_true(fabs(cylch_qtable_eval(&smp.qt, 0.5) - cylch_dist_quantile(&d, 0, 0.5)) <= 1e-12);
    cylch_dist_sampler_clear(&smp);
    cylch_dist_sampler_clear(&smp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sampler_tables_vs_gsl),
        cmocka_unit_test(test_table_vs_exact),
        cmocka_unit_test(test_gamma_table),
        cmocka_unit_test(test_lookup_edges),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
