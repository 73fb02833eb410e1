/* Tests for model/io/dtoa.c, the shortest round-trip formatter: over millions
 * of doubles (random bit patterns across every exponent, random values in
 * [0, 1) and of money size, every power of two, subnormals, decimals half way
 * between two 17-digit neighbours, exact binary ties), each string must read
 * back with strtod to the same bits, no string one digit shorter may read
 * back, and when printf's correctly rounded string of the same length reads
 * back the digits must be the same (the closest). Layout checked on values
 * worked out by hand. The table of powers of five is checked against its
 * generator when python3 is present. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cylch/io/dtoa.h"

static uint64_t xs_state = 0x9E3779B97F4A7C15ull;

static uint64_t xs(void)
{
    /* xorshift64*: a fixed, reproducible stream of bit patterns. */
    xs_state ^= xs_state >> 12;
    xs_state ^= xs_state << 25;
    xs_state ^= xs_state >> 27;
    return xs_state * 0x2545F4914F6CDD1Dull;
}

static double from_bits(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

static uint64_t to_bits(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

static long checked, shortness_checked, closeness_checked;

/* The significant digits of a decimal string (no sign, point or exponent, no leading zeros). */
static int sig_digits(const char *s, char *d)
{
    int n = 0, started = 0;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s < '0' || *s > '9')
            continue;
        if (*s != '0')
            started = 1;
        if (started)
            d[n++] = *s;
    }
    /* Trailing zeros of an integer written out in full are not significant. */
    while (n > 1 && d[n - 1] == '0')
        n--;
    d[n] = '\0';
    return n;
}

static int reads_back(const char *s, double v)
{
    return to_bits(strtod(s, NULL)) == to_bits(v);
}

/* Add delta (-1 or +1) to the last mantissa digit of printf's "%.*e" string s. */
static void nudge(char *s, int delta)
{
    char *e = strchr(s, 'e');
    char *p = e - 1;
    if (delta > 0) {
        while (p >= s && (*p == '9' || *p == '.')) {
            if (*p == '9')
                *p = '0';
            p--;
        }
        if (p >= s && *p >= '0' && *p <= '8')
            (*p)++;
    } else {
        while (p >= s && (*p == '0' || *p == '.')) {
            if (*p == '0')
                *p = '9';
            p--;
        }
        if (p >= s && *p >= '1' && *p <= '9')
            (*p)--;
    }
}

/* Check one finite value; `deep` adds the shortness and closeness checks (slower). */
static void check(double v, int deep)
{
    char buf[CYLCH_DTOA_MAX], d[32], ref[64], rd[32];
    size_t len = cylch_dtoa(v, buf);
    checked++;
    if (len != strlen(buf) || len >= CYLCH_DTOA_MAX)
        fail_msg("length %zu for %a ('%s')", len, v, buf);
    if (!reads_back(buf, v))
        fail_msg("%a (%.17g) written as '%s', which reads back as %.17g", v, v, buf, strtod(buf, NULL));
    if (!deep || v == 0.0)
        return;
    int n = sig_digits(buf, d);
    if (n > 1) {
        /* No (n-1)-digit decimal reads back: try the rounded one and both neighbours. */
        static const int deltas[3] = {0, -1, 1};
        for (int t = 0; t < 3; t++) {
            snprintf(ref, sizeof ref, "%.*e", n - 2, v);
            if (deltas[t])
                nudge(ref, deltas[t]);
            if (reads_back(ref, v))
                fail_msg("%a written as '%s' (%d digits) but '%s' reads back too", v, buf, n, ref);
        }
        shortness_checked++;
    }
    snprintf(ref, sizeof ref, "%.*e", n - 1, v);
    if (reads_back(ref, v)) {
        sig_digits(ref, rd);
        if (strcmp(rd, d) != 0)
            fail_msg("%a written as '%s'; the closest %d digits are '%s'", v, buf, n, ref);
        closeness_checked++;
    }
}

static void test_layout(void **state)
{
    static const struct { double v; const char *s; } cases[] = {
        {0.0, "0"}, {-0.0, "-0"}, {1.0, "1"}, {-2.5, "-2.5"}, {0.1, "0.1"}, {0.3, "0.3"},
        {2.385, "2.385"}, {1250000.0, "1250000"}, {123.456, "123.456"},
        {0.00012, "0.00012"}, {1e-5, "0.00001"}, {1.5e-6, "1.5e-06"}, {1e16, "10000000000000000"},
        {1e17, "1e+17"}, {1.25e17, "1.25e+17"}, {9007199254740993.0, "9007199254740992"},
        {1.0 / 3.0, "0.3333333333333333"}, {2.0 / 3.0, "0.6666666666666666"},
        {5e-324, "5e-324"}, {DBL_MIN, "2.2250738585072014e-308"},
        {DBL_MAX, "1.7976931348623157e+308"}, {-DBL_MAX, "-1.7976931348623157e+308"},
        {1e23, "1e+23"}, {9.5, "9.5"}, {0.1 + 0.2, "0.30000000000000004"},
        {2.4598301234567891, "2.459830123456789"}, {100.0, "100"}, {1e-300, "1e-300"},
    };
    char buf[CYLCH_DTOA_MAX];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cylch_dtoa(cases[i].v, buf);
        if (strcmp(buf, cases[i].s) != 0)
            fail_msg("%.17g: '%s', expected '%s'", cases[i].v, buf, cases[i].s);
    }
    cylch_dtoa(NAN, buf);
    assert_string_equal(buf, "nan");
    cylch_dtoa(INFINITY, buf);
    assert_string_equal(buf, "inf");
    cylch_dtoa(-INFINITY, buf);
    assert_string_equal(buf, "-inf");
}

/* Random bit patterns: every exponent, normal and subnormal, both signs. */
static void test_random_bits(void **state)
{
    (void)state;
    for (long i = 0; i < 2000000; i++) {
        double v = from_bits(xs());
        if (!isfinite(v))
            continue;
        check(v, i % 16 == 0);
    }
}

/* Values of the size cylch writes: multipliers in [0, 4), shares in [0, 1), money. */
static void test_random_values(void **state)
{
    (void)state;
    for (long i = 0; i < 600000; i++) {
        double u = (double)(xs() >> 11) * 0x1p-53;
        check(u, i % 16 == 0);
        check(4.0 * u, i % 16 == 1);
        check(2e6 * u, i % 16 == 2);
        check(-u * 1e-3, i % 16 == 3);
    }
}

static void test_powers_of_two_and_subnormals(void **state)
{
    (void)state;
    for (int e = -1074; e <= 1023; e++) {
        double p = ldexp(1.0, e);
        check(p, 1);
        check(-p, 1);
        check(nextafter(p, 0.0), 1);
        check(nextafter(p, INFINITY), 1);
    }
    /* Every subnormal mantissa bit pattern class: small ones, the largest, random ones. */
    for (uint64_t m = 1; m < 5000; m++)
        check(from_bits(m), 1);
    check(from_bits((1ull << 52) - 1), 1);
    for (long i = 0; i < 500000; i++)
        check(from_bits(xs() & ((1ull << 52) - 1)), i % 4 == 0);
}

/* Decimals half way between two 17-digit neighbours, and their double neighbours;
 * exact binary ties (integers beyond 2^53, halves); decimal ties like x.5 that are exact. */
static void test_halfway(void **state)
{
    char s[64];
    (void)state;
    for (long i = 0; i < 400000; i++) {
        uint64_t m = 10000000000000000ull + xs() % 90000000000000000ull;
        int e = (int)(xs() % 600) - 300;
        snprintf(s, sizeof s, "%llu5e%d", (unsigned long long)m, e);
        double v = strtod(s, NULL);
        if (!isfinite(v) || v == 0.0)
            continue;
        check(v, i % 4 == 0);
        check(nextafter(v, 0.0), i % 4 == 1);
        check(nextafter(v, INFINITY), i % 4 == 2);
    }
    for (long i = 0; i < 200000; i++) {
        double big = ldexp((double)((xs() >> 11) | (1ull << 52)), (int)(xs() % 20));
        check(big, 1);
        double half = (double)(xs() % 1000000) + 0.5;
        check(half, 1);
        check(half / 1024.0, 1);
    }
}

static void test_table_matches_generator(void **state)
{
    (void)state;
    if (system("command -v python3 >/dev/null 2>&1") != 0)
        skip();
    int rc = system("python3 model/io/gen-dtoa-tables.py | cmp -s - model/io/dtoa_tables.h");
    if (rc != 0)
        fail_msg("model/io/dtoa_tables.h differs from model/io/gen-dtoa-tables.py's output");
}

static void test_counts(void **state)
{
    (void)state;
    print_message("checked %ld doubles (%ld for shortness, %ld for closeness)\n", checked,
                  shortness_checked, closeness_checked);
    assert_true(checked > 5000000);
    assert_true(shortness_checked > 500000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_random_values),
        cmocka_unit_test(test_powers_of_two_and_subnormals),
        cmocka_unit_test(test_halfway),
        cmocka_unit_test(test_table_matches_generator),
        cmocka_unit_test(test_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
