/* cylch — tests of the Philox4x64-10 generator (model/rng.c).
 *
 * Known answers from Random123's tests/kat_vectors, a cross-check against an
 * independent re-implementation of Philox4x64-10 written from the paper
 * (Salmon et al. 2011, section 3.3) with a portable 64x64 -> 128 multiply,
 * the gsl_rng wrapper's layout, reproducibility, seeking and uniformity.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>

#include "cylch/io/error.h"
#include "cylch/uncertainty/rng.h"

/* ---- an independent Philox4x64-10 ------------------------------------- */

static uint64_t ref_mulhilo(uint64_t a, uint64_t b, uint64_t *hi)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return a * b;
}

static void ref_philox(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4])
{
    uint64_t x[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
    uint64_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        uint64_t hi0, hi1;
        uint64_t lo0 = ref_mulhilo(0xD2E7470EE14C6C93u, x[0], &hi0);
        uint64_t lo1 = ref_mulhilo(0xCA5A826395121157u, x[2], &hi1);
        uint64_t y[4] = {hi1 ^ x[1] ^ k0, lo1, hi0 ^ x[3] ^ k1, lo0};
        memcpy(x, y, sizeof x);
        k0 += 0x9E3779B97F4A7C15u;
        k1 += 0xBB67AE8584CAA73Bu;
    }
    memcpy(out, x, sizeof x);
}

static uint64_t ref_splitmix_final(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t ref_fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h;
}

/* ---- known answers ----------------------------------------------------- */

/* Random123 tests/kat_vectors, "philox4x64 10" lines: ctr[4] key[2] -> out[4]. */
static const uint64_t kat[3][10] = {
    {0, 0, 0, 0, 0, 0,
     0x16554d9eca36314cu, 0xdb20fe9d672d0fdcu, 0xd7e772cee186176bu, 0x7e68b68aec7ba23bu},
    {UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
     0x87b092c3013fe90bu, 0x438c3c67be8d0224u, 0x9cc7d7c69cd777b6u, 0xa09caebf594f0ba0u},
    {0x243f6a8885a308d3u, 0x13198a2e03707344u, 0xa4093822299f31d0u, 0x082efa98ec4e6c89u,
     0x452821e638d01377u, 0xbe5466cf34e90c6cu,
     0xa528f45403e61d95u, 0x38c72dbd566e9788u, 0xa5a1610e72fd18b5u, 0x57bd43b5e52b7fe6u},
};

static void test_kat(void **state)
{
    (void)state;
    for (int t = 0; t < 3; t++) {
        uint64_t out[4], ref[4];
        cylch_rng_philox_block(kat[t], kat[t] + 4, out);
        ref_philox(kat[t], kat[t] + 4, ref);
        for (int i = 0; i < 4; i++) {
            assert_int_equal(out[i], kat[t][6 + i]);
            assert_int_equal(ref[i], kat[t][6 + i]);   /* the reference is right too */
        }
    }
}

/* Random inputs: the library and the independent version agree. */
static void test_matches_reference(void **state)
{
    uint64_t x = 0x0123456789abcdefu;
    (void)state;
    for (int t = 0; t < 1000; t++) {
        uint64_t ctr[4], key[2], out[4], ref[4];
        for (int i = 0; i < 6; i++) {
            x = ref_splitmix_final(x + 0x9E3779B97F4A7C15u);
            if (i < 4)
                ctr[i] = x;
            else
                key[i - 4] = x;
        }
        cylch_rng_philox_block(ctr, key, out);
        ref_philox(ctr, key, ref);
        assert_memory_equal(out, ref, sizeof out);
    }
}

/* ---- the gsl_rng wrapper ------------------------------------------------ */

static void test_type(void **state)
{
    gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
    (void)state;
    assert_non_null(r);
    assert_string_equal(gsl_rng_name(r), "philox4x64-10");
    assert_int_equal(gsl_rng_max(r), 0xffffffffUL);
    assert_int_equal(gsl_rng_min(r), 0);
    gsl_rng_free(r);
}

/* Seed 0, stream 0, draw 0 is the all-zero known answer: get returns the
 * low then the high half of each word; then block 1 follows. */
static void test_layout_get(void **state)
{
    gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
    uint64_t ctr[4] = {0, 1, 0, 0}, key[2] = {0, 0}, b1[4];
    (void)state;
    cylch_rng_seek(r, 0, 0, 0);
    for (int i = 0; i < 4; i++) {
        uint64_t w = kat[0][6 + i];
        assert_int_equal(gsl_rng_get(r), w & 0xffffffffu);
        assert_int_equal(gsl_rng_get(r), w >> 32);
    }
    ref_philox(ctr, key, b1);
    assert_int_equal(gsl_rng_get(r), b1[0] & 0xffffffffu);
    gsl_rng_free(r);
}

/* Key = {seed, stream}, counter = {draw, block, 0, 0}; doubles take the top
 * 53 bits of one word; a half-used word is skipped. */
static void test_layout_double(void **state)
{
    const uint64_t seed = 20240611, stream = 0xfeedbeefcafe1234u, draw = 77;
    uint64_t key[2] = {seed, stream}, blk[2][4];
    gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
    (void)state;
    for (uint64_t b = 0; b < 2; b++) {
        uint64_t ctr[4] = {draw, b, 0, 0};
        ref_philox(ctr, key, blk[b]);
    }
    cylch_rng_seek(r, seed, stream, draw);
    for (int i = 0; i < 8; i++) {
        double u = gsl_rng_uniform(r);
        assert_true(u == (double)(blk[i / 4][i % 4] >> 11) / 9007199254740992.0);
    }
    /* mixing: one 32-bit get uses word 0's low half, the double takes word 1 */
    cylch_rng_seek(r, seed, stream, draw);
    assert_int_equal(gsl_rng_get(r), blk[0][0] & 0xffffffffu);
    assert_true(gsl_rng_uniform(r) == (double)(blk[0][1] >> 11) / 9007199254740992.0);
    assert_int_equal(gsl_rng_get(r), blk[0][2] & 0xffffffffu);
    assert_int_equal(gsl_rng_get(r), blk[0][2] >> 32);
    gsl_rng_free(r);
}

/* gsl_rng_set(r, s) is (seed s, stream 0, draw 0). */
static void test_gsl_set(void **state)
{
    gsl_rng *a = gsl_rng_alloc(cylch_rng_philox), *b = gsl_rng_alloc(cylch_rng_philox);
    (void)state;
    gsl_rng_set(a, 987654321UL);
    cylch_rng_seek(b, 987654321u, 0, 0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static int same_prefix(gsl_rng *a, gsl_rng *b, int n)
{
    int same = 0;
    for (int i = 0; i < n; i++)
        same += gsl_rng_get(a) == gsl_rng_get(b);
    return same;
}

static void test_reproducible_and_distinct(void **state)
{
    gsl_rng *a = gsl_rng_alloc(cylch_rng_philox), *b = gsl_rng_alloc(cylch_rng_philox);
    (void)state;
    cylch_rng_seek(a, 42, 7, 1000);
    cylch_rng_seek(b, 42, 7, 1000);
    assert_int_equal(same_prefix(a, b, 1000), 1000);

    /* changing any one of seed, stream, draw changes (nearly) every value */
    cylch_rng_seek(a, 42, 7, 1000);
    cylch_rng_seek(b, 42, 7, 1001);
    assert_true(same_prefix(a, b, 1000) <= 1);
    cylch_rng_seek(a, 42, 7, 1000);
    cylch_rng_seek(b, 42, 8, 1000);
    assert_true(same_prefix(a, b, 1000) <= 1);
    cylch_rng_seek(a, 42, 7, 1000);
    cylch_rng_seek(b, 43, 7, 1000);
    assert_true(same_prefix(a, b, 1000) <= 1);
    /* draw and stream are not interchangeable */
    cylch_rng_seek(a, 42, 7, 1000);
    cylch_rng_seek(b, 42, 1000, 7);
    assert_true(same_prefix(a, b, 1000) <= 1);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Where a seek lands does not depend on what the generator did before. */
static void test_seek_history_free(void **state)
{
    gsl_rng *fresh = gsl_rng_alloc(cylch_rng_philox), *used = gsl_rng_alloc(cylch_rng_philox);
    double want[40];
    (void)state;
    cylch_rng_seek(fresh, 5, 6, 7);
    for (int i = 0; i < 40; i++)
        want[i] = gsl_rng_uniform(fresh);

    for (int k = 0; k < 17; k++) {
        cylch_rng_seek(used, 99, (uint64_t)k, 3);
        for (int j = 0; j < k; j++)   /* leave it mid-block, mid-word */
            (void)gsl_rng_get(used);
        (void)gsl_rng_uniform(used);
        for (int j = 0; j < 2 * k + 1; j++)
            (void)gsl_rng_get(used);
        cylch_rng_seek(used, 5, 6, 7);
        for (int i = 0; i < 40; i++)
            assert_true(gsl_rng_uniform(used) == want[i]);
    }
    gsl_rng_free(fresh);
    gsl_rng_free(used);
}

/* The state is plain data: a clone continues identically. */
static void test_clone(void **state)
{
    gsl_rng *a = gsl_rng_alloc(cylch_rng_philox), *b;
    (void)state;
    cylch_rng_seek(a, 1, 2, 3);
    for (int i = 0; i < 13; i++)
        (void)gsl_rng_get(a);
    b = gsl_rng_clone(a);
    assert_non_null(b);
    assert_int_equal(same_prefix(a, b, 100), 100);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Uniform doubles: in [0, 1), multiples of 2^-53, mean 1/2 and variance 1/12
 * within 4 standard errors; 32-bit values have mean (2^32 - 1)/2. */
static void test_uniform_moments(void **state)
{
    const int n = 200000;
    gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
    double sum = 0, sum2 = 0, lo = 1, hi = 0, isum = 0;
    int low_bits = 0;
    (void)state;
    cylch_rng_seek(r, 31337, cylch_rng_stream_id("test_uniform_moments"), 0);
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r);
        double k = u * 9007199254740992.0;
        assert_true(k == floor(k));
        low_bits += ((uint64_t)k & 1u) != 0;
        sum += u;
        sum2 += (u - 0.5) * (u - 0.5);
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    {
        double mean = sum / n;
        double var = sum2 / n - (mean - 0.5) * (mean - 0.5);
        double se_mean = sqrt(1.0 / 12 / n);
        double se_var = sqrt((1.0 / 80 - 1.0 / 144) / n);   /* (mu4 - sigma^4) / n */
        assert_true(fabs(mean - 0.5) < 4 * se_mean);
        assert_true(fabs(var - 1.0 / 12) < 4 * se_var);
        assert_true(lo >= 0 && lo < 1e-4);
        assert_true(hi < 1 && hi > 1 - 1e-4);
        /* the lowest of the 53 bits is used: about half the values are odd */
        assert_true(fabs(low_bits - n / 2.0) < 4 * sqrt(n / 4.0));
    }
    for (int i = 0; i < n; i++)
        isum += (double)gsl_rng_get(r);
    {
        double m = 4294967295.0 / 2, sd = 4294967296.0 / sqrt(12.0);
        assert_true(fabs(isum / n - m) < 4 * sd / sqrt(n));
    }
    gsl_rng_free(r);
}

/* The variates' uniforms (DESIGN §8.5): word draw mod 4 of the independent
 * Philox at counter {draw / 4, 0, 0, 1}, key {seed, stream}, as (w >> 11 + 1/2)
 * / 2^53; the four of a block at once equal them one by one; none is 0 or 1,
 * and they are not the gsl_rng blocks (counter's last word 0). */
static void test_u01_layout(void **state)
{
    const uint64_t seed = 2018, stream = cylch_rng_stream_id("member.siop.wages_local_share");
    (void)state;
    for (uint64_t draw = 0; draw < 4000; draw += 1 + draw / 3) {
        uint64_t ctr[4] = {draw >> 2, 0, 0, 1}, key[2] = {seed, stream}, out[4], gsl_ctr[4] = {draw, 0, 0, 0};
        uint64_t gsl_out[4];
        double u4[4], want;
        ref_philox(ctr, key, out);
        want = ((double)(out[draw & 3] >> 11) + 0.5) / 9007199254740992.0;
        if (want == 1)
            want = 1 - 0x1p-53;
        assert_true(cylch_rng_u01(seed, stream, draw) == want);
        assert_true(want > 0 && want < 1);
        cylch_rng_u01x4(seed, stream, draw >> 2, u4);
        assert_true(u4[draw & 3] == want);
        for (int i = 0; i < 4; i++)
            assert_true(u4[i] == cylch_rng_u01(seed, stream, (draw & ~(uint64_t)3) + (uint64_t)i));
        ref_philox(gsl_ctr, key, gsl_out);
        assert_true(gsl_out[0] != out[0]);
    }
    /* The largest word, (2^53 − 1/2) / 2^53, rounds to 1 in doubles, which is why
     * cylch_rng_u01 keeps it below (a 2^-53 event: no key to reach it in a test). */
    assert_true(((double)(UINT64_MAX >> 11) + 0.5) / 9007199254740992.0 == 1);
}

/* Stream ids: FNV-1a 64 then the splitmix64 finaliser, stable across machines. */
static void test_stream_id(void **state)
{
    const char *names[] = {"", "a", "wages_local_share", "wages_local_share2",
                           "purchases_local_share", "net_wage_share"};
    (void)state;
    /* published FNV-1a 64 values */
    assert_int_equal(ref_fnv1a(""), 0xcbf29ce484222325u);
    assert_int_equal(ref_fnv1a("a"), 0xaf63dc4c8601ec8cu);
    assert_int_equal(ref_fnv1a("foobar"), 0x85944171f73967e8u);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_int_equal(cylch_rng_stream_id(names[i]),
                         ref_splitmix_final(ref_fnv1a(names[i])));
        for (size_t j = 0; j < i; j++)
            assert_true(cylch_rng_stream_id(names[i]) != cylch_rng_stream_id(names[j]));
    }
    assert_int_equal(cylch_rng_stream_id(NULL), cylch_rng_stream_id(""));
    /* pinned so a change of the mixing shows */
    assert_int_equal(cylch_rng_stream_id("a"), ref_splitmix_final(0xaf63dc4c8601ec8cu));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kat),
        cmocka_unit_test(test_matches_reference),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_layout_get),
        cmocka_unit_test(test_layout_double),
        cmocka_unit_test(test_gsl_set),
        cmocka_unit_test(test_reproducible_and_distinct),
        cmocka_unit_test(test_seek_history_free),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_u01_layout),
        cmocka_unit_test(test_stream_id),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
