/* Tests of `cylch explain` (model/explain.c): the printed toy-town tables,
 * parsed back from the text alone, equal the hand calculation of
 * data/toy-town/README.md and the oracle tests/oracles/toy-town/expected.json:
 * every entry of A, the column sums, each round's flows per agent, the round
 * totals, LM_k and the Leontief limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/present/explain.h"
#include "cylch/core/model.h"
#include "cylch/core/run.h"
#include "testutil.h"

/* The explanation of scenarios/toy-town.ini for source (and rounds) as text. */
static char *explain_text(int source, size_t rounds, int *rc_out)
{
    cylch_error err;
    cylch_run *run = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    int rc;
    cylch_error_clear(&err);
    if (cylch_run_new("scenarios/toy-town.ini", NULL, &run, &err))
        fail_msg("loading toy town: %s", err.msg);
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    rc = cylch_explain_write(f, run, source, rounds, &err);
    fclose(f);
    if (rc_out)
        *rc_out = rc;
    else if (rc)
        fail_msg("explain: %s", err.msg);
    cylch_run_free(run);
    return buf;
}

/* The line of text that starts (after blanks) with prefix, searching from
 * from; NULL when none. */
static const char *find_line(const char *from, const char *prefix)
{
    const char *p = from;
    while (p && *p) {
        const char *q = p;
        while (*q == ' ')
            q++;
        if (strncmp(q, prefix, strlen(prefix)) == 0)
            return p;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NULL;
}

/* The last n numbers of the line at p (commas in numbers ignored); returns how
 * many numbers the line had at its end. */
static int line_numbers(const char *p, double *out, int n)
{
    char line[1024], *tok, *save = NULL;
    double v[64];
    int nv = 0;
    size_t k = 0;
    while (p[k] && p[k] != '\n' && k < sizeof line - 1) {
        line[k] = p[k];
        k++;
    }
    line[k] = '\0';
    for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char clean[128], *end;
        size_t c = 0;
        for (const char *t = tok; *t && c < sizeof clean - 1; t++)
            if (*t != ',')
                clean[c++] = *t;
        clean[c] = '\0';
        double x = strtod(clean, &end);
        if (end == clean || *end) {
            nv = 0; /* only the numbers after the last word count */
            continue;
        }
        if (nv < 64)
            v[nv++] = x;
    }
    if (nv < n)
        return nv;
    for (int i = 0; i < n; i++)
        out[i] = v[nv - n + i];
    return nv;
}

/* Hand values of data/toy-town/README.md §2 (rows caffi, siop, ynni, H, B). */
static const double A_hand[5][5] = {
    {0, 0.02, 0.005, 0.05 * 62000.0 / 168000.0, 0},
    {0.05, 0, 0.02, 0.05 * 75000.0 / 168000.0, 0},
    {0, 0, 0, 0.05 * 31000.0 / 168000.0, 0},
    {0.45, 0.24, 0.10, 0, 0.2},
    {0.17, 0.22, 0.14, 0.45, 0.15},
};
static const char *const agents[5] = {"caffi", "siop", "ynni", "H", "B"};

static void test_matrix(void **state)
{
    char *t = explain_text(CYLCH_SRC_GRANT, 0, NULL);
    const char *sec = find_line(t, "2. The coefficient matrix A"), *p;
    double row[5];
    const double colsum[5] = {0.67, 0.48, 0.265, 0.5, 0.35};
    (void)state;
    assert_non_null(sec);
    p = find_line(sec, "A[i][j]  "); /* the table header, not the sentence "A[i][j] = ..." */
    assert_non_null(p);
    /* The header names the agents in order. */
    {
        const char *q = p;
        for (int j = 0; j < 5; j++) {
            q = strstr(q, agents[j]);
            assert_non_null(q);
        }
    }
    for (int i = 0; i < 5; i++) {
        p = strchr(p, '\n') + 1;
        assert_true(find_line(p, agents[i]) == p);
        assert_int_equal(line_numbers(p, row, 5), 5);
        for (int j = 0; j < 5; j++)
            TU_ASSERT_NEAR(row[j], A_hand[i][j], 5e-7 + 1e-12);
    }
    p = find_line(p, "column sum");
    assert_non_null(p);
    assert_int_equal(line_numbers(p, row, 5), 5);
    for (int j = 0; j < 5; j++)
        TU_ASSERT_NEAR(row[j], colsum[j], 5e-7 + 1e-12);
    p = find_line(p, "leaks 1-colsum");
    assert_non_null(p);
    line_numbers(p, row, 5);
    for (int j = 0; j < 5; j++)
        TU_ASSERT_NEAR(row[j], 1.0 - colsum[j], 5e-7 + 1e-12);
    /* Leakage by destination: the caffi's non-local staff 50,000 × 0.1 / 100,000. */
    p = find_line(p, "non_local_staff");
    assert_non_null(p);
    line_numbers(p, row, 5);
    TU_ASSERT_NEAR(row[0], 0.05, 5e-7);
    TU_ASSERT_NEAR(row[2], 0.10, 5e-7);
    free(t);
}

static void test_grant_rounds(void **state)
{
    char *t = explain_text(CYLCH_SRC_GRANT, 0, NULL);
    char *json = tu_read_file("tests/oracles/toy-town/expected.json");
    const char *sec, *p;
    double v[3];
    /* README §3: round 1 is f_grant, round 2 the vector A f. */
    const double r1[5] = {20000, 0, 50000, 0, 0}, r2[5] = {250, 2000, 0, 14000, 10400};
    /* README §5: x = (I − A)⁻¹ f_grant, and Type I. */
    const double x2[5] = {20661.90, 2474.02, 50180.76, 19591.66, 23409.84};
    const double x1[5] = {20290.29, 2014.51, 50000, 0, 12814.76};
    (void)state;
    assert_non_null(json);
    sec = find_line(t, "4. Grant money");
    assert_non_null(sec);
    p = find_line(sec, "agent");
    assert_non_null(p);
    for (int i = 0; i < 5; i++) {
        p = strchr(p, '\n') + 1;
        assert_true(find_line(p, agents[i]) == p);
        assert_int_equal(line_numbers(p, v, 3), 3);
        TU_ASSERT_NEAR(v[0], r1[i], 0.005);
        TU_ASSERT_NEAR(v[1], r2[i], 0.005);
    }
    p = find_line(p, "r_k (total)");
    assert_non_null(p);
    line_numbers(p, v, 3);
    for (int k = 0; k < 3; k++) {
        char path[64];
        snprintf(path, sizeof path, "by_source.grant.rounds[%d]", k);
        TU_ASSERT_NEAR(v[k], tu_json_num(json, path), 0.005);
    }
    /* Leaked in round k = r_k − r_(k+1): 70,000 − 26,650 and 26,650 − 11,767.50. */
    p = find_line(p, "leaked");
    line_numbers(p, v, 3);
    TU_ASSERT_NEAR(v[0], 43350.0, 0.005);
    TU_ASSERT_NEAR(v[1], 14882.5, 0.005);
    p = find_line(p, "LM_k");
    line_numbers(p, v, 3);
    TU_ASSERT_NEAR(v[0], 1.0, 5e-7);
    TU_ASSERT_NEAR(v[2], tu_json_num(json, "by_source.grant.lm3"), 5e-7);
    p = find_line(p, "agent");
    for (int i = 0; i < 5; i++) {
        p = strchr(p, '\n') + 1;
        assert_int_equal(line_numbers(p, v, 2), 2);
        TU_ASSERT_NEAR(v[0], x2[i], 0.006);
        TU_ASSERT_NEAR(v[1], x1[i], 0.006);
    }
    p = find_line(p, "total 1'x");
    line_numbers(p, v, 2);
    TU_ASSERT_NEAR(v[0], tu_json_num(json, "by_source.grant.lm_inf") * 70000.0, 0.005);
    TU_ASSERT_NEAR(v[1], tu_json_num(json, "by_source.grant.lm_inf_type1") * 70000.0, 0.005);
    p = find_line(p, "LM_inf = ");
    assert_non_null(p);
    {
        double lm = strtod(strstr(p, " = 1.") + 3, NULL);
        TU_ASSERT_NEAR(lm, tu_json_num(json, "by_source.grant.lm_inf"), 5e-7);
    }
    free(json);
    free(t);
}

/* --source all: every source's round totals equal the oracle's; and more rounds. */
static void test_all_sources(void **state)
{
    static const char *const titles[CYLCH_NSRC] = {"Grant money", "Loan and", "Trade from outside",
                                                   "Money from outside", "The members' income from outside"};
    char *t = explain_text(CYLCH_EXPLAIN_ALL, 0, NULL);
    char *t20 = explain_text(CYLCH_SRC_GRANT, 20, NULL);
    char *json = tu_read_file("tests/oracles/toy-town/expected.json");
    const char *p;
    double v[20];
    (void)state;
    assert_non_null(json);
    /* Every source, income as DESIGN.md §8.1 (exogenous income only). */
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const char *sec = strstr(t, titles[s]);
        assert_non_null(sec);
        p = find_line(sec, "r_k (total)");
        assert_non_null(p);
        assert_int_equal(line_numbers(p, v, 3), 3);
        for (int k = 0; k < 3; k++) {
            char path[64];
            snprintf(path, sizeof path, "by_source.%s.rounds[%d]", cylch_source_name(s), k);
            TU_ASSERT_NEAR(v[k], tu_json_num(json, path), 0.005);
        }
    }
    /* 20 rounds: LM_20 = 1.661688 to six places (README §5 table). The rounds come in
     * groups of columns no wider than 100: LM_k is the row of each group, in order. */
    {
        int got = 0;
        p = find_line(t20, "4. Grant money");
        while ((p = find_line(p, "LM_k ")) && got < 20) {
            double row[20];
            int nv = line_numbers(p, row, 1);
            if (nv > 0 && got + nv <= 20 && strstr(p, "LM_k =") != p + strspn(p, " "))
                got += line_numbers(p, v + got, nv) >= nv ? nv : 0;
            p = strchr(p, '\n');
        }
        assert_int_equal(got, 20);
        /* and no line of the text is wider than 100 columns (£ is one column) */
        for (const char *l = t20; *l;) {
            const char *end = strchr(l, '\n');
            size_t cols = 0;
            for (const char *c = l; c < (end ? end : l + strlen(l)); c++)
                cols += ((unsigned char)*c & 0xC0) != 0x80;
            if (cols > CYLCH_EXPLAIN_WIDTH)
                fail_msg("a line of %zu columns: %.*s", cols, (int)((end ? end : l + strlen(l)) - l), l);
            l = end ? end + 1 : l + strlen(l);
        }
    }
    TU_ASSERT_NEAR(v[3], 1.615196, 5e-7);
    TU_ASSERT_NEAR(v[4], 1.642857, 5e-7);
    TU_ASSERT_NEAR(v[19], 1.661688, 1e-6);
    free(json);
    free(t20);
    free(t);
}

static void test_errors(void **state)
{
    int rc;
    char *t;
    (void)state;
    assert_int_equal(cylch_explain_source_find("grant"), CYLCH_SRC_GRANT);
    assert_int_equal(cylch_explain_source_find("income"), CYLCH_SRC_INCOME);
    assert_int_equal(cylch_explain_source_find("all"), CYLCH_EXPLAIN_ALL);
    assert_int_equal(cylch_explain_source_find("grants"), -2);
    t = explain_text(CYLCH_SRC_GRANT, 1001, &rc);
    assert_int_equal(rc, CYLCH_EINPUT);
    free(t);
    t = explain_text(17, 0, &rc);
    assert_int_equal(rc, CYLCH_EINPUT);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
        cmocka_unit_test(test_grant_rounds),
        cmocka_unit_test(test_all_sources),
        cmocka_unit_test(test_errors),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
