/* cylch — shared helpers of the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * A target feeds bytes to one reader; whatever the reader accepts is then
 * computed, and every number it produces must be finite: a NaN or an infinity
 * in a result is a finding, reported by abort() with what was not finite, as
 * a crash, a hang (libFuzzer's -timeout) or an allocation above -rss_limit_mb
 * are. Input that is refused must be refused with a message (a non-empty
 * cylch_error naming the file).
 */
#ifndef CYLCH_FUZZ_H
#define CYLCH_FUZZ_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cylch/core/dist.h"
#include "cylch/core/model.h"
#include "cylch/io/error.h"

/* The repository, for the fixed inputs a target needs (set by the Makefile). */
#ifndef CYLCH_SOURCE_DIR
#define CYLCH_SOURCE_DIR "."
#endif

#define FUZZ_FAIL(...)                                                        \
    do {                                                                      \
        fprintf(stderr, "cylch fuzz finding: " __VA_ARGS__);                  \
        fputc('\n', stderr);                                                  \
        abort();                                                              \
    } while (0)

static inline void fuzz_finite(double v, const char *what, long i)
{
    if (!isfinite(v))
        FUZZ_FAIL("%s [%ld] is %g, not a finite number", what, i, v);
}

/* A refusal must carry a message that names the file it came from. */
static inline void fuzz_refused(int rc, const cylch_error *err, const char *file)
{
    if (rc == CYLCH_ENOMEM)
        return;
    if (rc != CYLCH_EINPUT && rc != CYLCH_EMODEL)
        FUZZ_FAIL("refused with status %d (%s), expected bad input: %s", rc, cylch_strerror(rc),
                  err->msg);
    if (!err->msg[0])
        FUZZ_FAIL("refused with no message");
    if (file && !strstr(err->msg, file))
        FUZZ_FAIL("the message does not name %s: %s", file, err->msg);
}

/* Every number of a result is finite where its source has money in it. */
static inline void fuzz_check_result(const cylch_result *r)
{
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *q = &r->src[s];
        fuzz_finite(q->injection, "injection", s);
        if (!(q->injection > 0))
            continue;
        for (size_t k = 0; k < r->K; k++)
            fuzz_finite(q->rounds[k], "round", (long)k);
        fuzz_finite(q->lm3, "lm3", s);
        fuzz_finite(q->lmk, "lmk", s);
        fuzz_finite(q->lm_inf, "lm_inf", s);
        fuzz_finite(q->lm_inf_type1, "lm_inf_type1", s);
        fuzz_finite(q->local_wages, "local_wages", s);
        fuzz_finite(q->jobs, "jobs", s);
        for (size_t k = 0; k < r->K * CYLCH_NLEAK; k++)
            fuzz_finite(q->leak[k], "leak", (long)k);
        for (int d = 0; d < CYLCH_NLEAK; d++)
            fuzz_finite(q->leak_total[d], "leak_total", d);
    }
    for (size_t j = 0; j < r->n; j++) {
        fuzz_finite(r->member_multiplier[j], "member_multiplier", (long)j);
        fuzz_finite(r->member_round2_share[j], "member_round2_share", (long)j);
        fuzz_finite(r->member_income[j], "member_income", (long)j);
        fuzz_finite(r->member_jobs[j], "member_jobs", (long)j);
    }
}

/* A distribution the checker accepted: its summaries, quantiles and draws are
 * finite and its draws lie in the range. */
static inline void fuzz_check_dist(const cylch_dist *d, cylch_dist_range range, double c,
                                   gsl_rng *rng)
{
    static const double ps[] = {1e-6, 0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1 - 1e-6};
    double lo = range == CYLCH_RANGE_ANY ? -INFINITY : 0, hi = range == CYLCH_RANGE_SHARE ? 1 : INFINITY;
    fuzz_finite(cylch_dist_point(d, c), "dist point", d->kind);
    fuzz_finite(cylch_dist_mean(d, c), "dist mean", d->kind);
    fuzz_finite(cylch_dist_var(d, c), "dist var", d->kind);
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++)
        fuzz_finite(cylch_dist_quantile(d, c, ps[i]), "dist quantile", (long)i);
    for (int i = 0; i < 8; i++) {
        double x = cylch_dist_sample_in(d, range, c, rng);
        fuzz_finite(x, "dist sample", i);
        if (x < lo || x > hi)
            FUZZ_FAIL("a draw %g lies outside its range", x);
    }
}

#endif /* CYLCH_FUZZ_H */
