/* The shipped sample data honour the published facts (SEED-FACTS.md) and the
 * network loader's column handling: columns in any order, Welsh names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "cylch/core/model.h"
#include "cylch/core/scenario.h"
#include "testutil.h"

static void test_bro_ffestiniog_calibration(void **state)
{
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_model *m;
    cylch_result *r;
    cylch_place p;
    cylch_error err;
    double fte = 0, wages = 0, purch = 0, purch_local = 0, trading = 0, income = 0, *vals;
    (void)state;
    if (cylch_scenario_load("scenarios/bro-ffestiniog.ini", &s, &err) ||
        cylch_network_load(s->network, &net, &err) || cylch_scenario_apply(s, net, NULL, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(net->n, 13);
    for (size_t j = 0; j < net->n; j++) {
        const double *v = net->m[j].v;
        fte += v[CYLCH_COL_FTE];
        wages += v[CYLCH_COL_WAGES];
        purch += v[CYLCH_COL_PURCHASES];
        purch_local += v[CYLCH_COL_PURCHASES] * v[CYLCH_COL_PURCHASES_LOCAL_SHARE];
        trading += v[CYLCH_COL_TRADE_LOCAL] + v[CYLCH_COL_TRADE_EXTERNAL];
        income += cylch_member_income(&net->m[j]);
    }
    assert_true(fte >= 148 && fte <= 152);                        /* about 150 people */
    TU_ASSERT_CLOSE(wages, 1.5e6, 0.01);                          /* £1.5M of wages */
    assert_true(purch_local / purch >= 0.45 && purch_local / purch <= 0.49); /* nearly half local */
    assert_true(trading / income > 0.6);                          /* mostly trading income */
    cylch_scenario_place_point(s, &p);
    TU_ASSERT_NEAR(p.v[CYLCH_P_HOUSEHOLD_LOCAL_SPEND], 0.53, 1e-12); /* 53% of pay spent locally */
    m = cylch_model_new(net);
    r = cylch_result_new(net->n, 3);
    vals = cylch_network_values(net);
    assert_int_equal(cylch_model_build(m, vals, &p, &err), CYLCH_OK);
    assert_int_equal(cylch_model_result(m, r, &err), CYLCH_OK);
    TU_ASSERT_NEAR(r->round2_local_share_grant_loan, 0.98, 0.005); /* 98p of each £1 */
    /* DESIGN §8.1: modelled member turnover is the reported £2,476,000 and the members'
     * modelled jobs the reported 150 FTE (0.1 had £2,535,641 and 153.6 FTE). */
    TU_ASSERT_CLOSE(income, 2476000.0, 1e-15);
    TU_ASSERT_CLOSE(fte, 150.0, 1e-15);
    TU_ASSERT_CLOSE(r->src[CYLCH_SRC_INCOME].member_turnover, 2476000.0, 1e-9);
    {
        double mj = 0;
        for (size_t j = 0; j < net->n; j++)
            mj += r->member_jobs[j];
        TU_ASSERT_CLOSE(mj, 150.0, 1e-9);
        /* the members' modelled jobs from the Leontief solve: Σ_m e_m [(I − A)⁻¹ f]_m */
        TU_ASSERT_CLOSE(r->src[CYLCH_SRC_INCOME].member_jobs, 150.0, 1e-9);
    }
    free(vals);
    cylch_result_free(r);
    cylch_model_free(m);
    cylch_network_free(net);
    cylch_scenario_free(s);
}

/* The toy town's copy in data/ is the oracle's. */
static void test_toy_town_copy(void **state)
{
    char *a = tu_read_file("data/toy-town/enterprises.csv"), *b = tu_read_file("tests/oracles/toy-town/enterprises.csv");
    char *c = tu_read_file("data/toy-town/trade.csv"), *d = tu_read_file("tests/oracles/toy-town/trade.csv");
    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    assert_string_equal(c, d);
    free(a); free(b); free(c); free(d);
}

/* Columns in any order, optional columns left out, a name with Welsh letters. */
static void test_columns_any_order(void **state)
{
    char dir[] = "/tmp/cylch-test-XXXXXX";
    char path[300];
    FILE *f;
    cylch_network *net = NULL;
    cylch_error err;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/enterprises.csv", dir);
    f = fopen(path, "w");
    fputs("name,wages_local_share,id,grant,loan,trade_local,trade_external,wages,purchases,"
          "purchases_local_share,employees_fte\r\n\"Ŵyn a'r Ddôl\",0.9,wyn,100,0,50,0,60,20,0.5,2\r\n", f);
    fclose(f);
    assert_int_equal(cylch_network_load(dir, &net, &err), CYLCH_OK);
    assert_int_equal(net->n, 1);
    assert_string_equal(net->m[0].name, "Ŵyn a'r Ddôl");
    assert_true(net->m[0].v[CYLCH_COL_WAGES_LOCAL_SHARE] == 0.9);
    assert_true(net->m[0].v[CYLCH_COL_OTHER_COSTS] == 0.0);
    assert_null(net->trade_path);
    cylch_network_free(net);
    remove(path);
    rmdir(dir);
}

/* A change that would push a share past 1 is clamped, and the clamp is reported. */
static void test_change_clamp_reported(void **state)
{
    static const char text[] =
        "[scenario]\nname = c\nnetwork = .\n[place]\nhousehold_local_spend = 0.5\n"
        "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.1\njobs_per_million = 5\n"
        "[change \"hire local\"]\nmembers = caffi siop\nwages_local_share = +0.15\ngrant = *0.5\n";
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_notes notes = {0, NULL, NULL};
    cylch_error err;
    (void)state;
    assert_int_equal(cylch_scenario_parse("c.ini", "tests/oracles/toy-town", text, &s, &err), CYLCH_OK);
    assert_int_equal(cylch_network_load(s->network, &net, &err), CYLCH_OK);
    assert_int_equal(cylch_scenario_apply(s, net, &notes, &err), CYLCH_OK);
    TU_ASSERT_CLOSE(net->m[0].v[CYLCH_COL_WAGES_LOCAL_SHARE], 1.0, 0);  /* 0.9 + 0.15 clamped */
    TU_ASSERT_CLOSE(net->m[1].v[CYLCH_COL_WAGES_LOCAL_SHARE], 0.95, 1e-15);
    TU_ASSERT_CLOSE(net->m[0].v[CYLCH_COL_GRANT], 10000, 0);
    TU_ASSERT_CLOSE(net->m[2].v[CYLCH_COL_GRANT], 50000, 0);           /* ynni not chosen */
    /* The clamp, the deficit note, then the warnings that net_wage_share and
     * household_member_share take their defaults. */
    assert_int_equal(notes.n, 4);
    assert_non_null(strstr(notes.line[2], "warning: c.ini does not set net_wage_share"));
    assert_non_null(strstr(notes.line[3], "warning: c.ini does not set household_member_share"));
    assert_non_null(strstr(notes.line[0], "c.ini:11:"));
    assert_non_null(strstr(notes.line[0], "wages_local_share for 'caffi' 1.05; kept at 1"));
    /* caffi now spends £98,000 on £90,000 of income: a deficit note (DESIGN §8.2) */
    assert_non_null(strstr(notes.line[1], "'caffi' spends £98000 a year on £90000 of income"));
    cylch_notes_clear(&notes);
    cylch_network_free(net);
    cylch_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bro_ffestiniog_calibration),
        cmocka_unit_test(test_toy_town_copy),
        cmocka_unit_test(test_columns_any_order),
        cmocka_unit_test(test_change_clamp_reported),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("data", tests, NULL, NULL);
}
