/* cylch — fuzz target: the regional readers (cylch io --regions, --map).
 *
 * Input: the bytes of a regional figures file (region, industry, measure,
 * value), then optionally a NUL byte and the bytes of an industry-to-group map
 * (industry, group). Both are written to a private folder and read for the
 * fixed table tests/data/regional/table3.csv (industries a, b, c; households),
 * area "R" against nation "N", once for each measure. Figures that read are
 * regionalised by every method (SLQ, CILQ, FLQ, AFLQ), the regional table is
 * solved, and every local share, quotient file cell and multiplier must be
 * finite; a refusal must name the file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_matrix.h>

#include "cylch/core/iotable.h"
#include "cylch/core/regional.h"
#include "fuzz.h"

static char dir[4096], regions_path[4200], map_path[4200];
static cylch_iotable *table;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    cylch_error err;
    (void)argc;
    (void)argv;
    cylch_gsl_quiet();
    cylch_error_clear(&err);
    if (cylch_iotable_read(CYLCH_SOURCE_DIR "/tests/data/regional/table3.csv", &table, &err)) {
        fprintf(stderr, "fuzz_regional: %s\n", err.msg);
        exit(1);
    }
    snprintf(dir, sizeof dir, "%s/cylch-fuzz-regional.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(regions_path, sizeof regions_path, "%s/regions.csv", dir);
    snprintf(map_path, sizeof map_path, "%s/map.csv", dir);
    return 0;
}

static void put(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* The quotients file must hold no "nan" or "inf" (a share with no value is
 * written as a number or left empty, never as a non-number). */
static void check_quotients(const cylch_regional *rg, cylch_lq_method m, double delta)
{
    char *buf = NULL;
    size_t len = 0;
    cylch_error err;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    cylch_error_clear(&err);
    if (cylch_regional_write_quotients(f, table, rg, m, delta, &err) != CYLCH_OK)
        FUZZ_FAIL("writing the quotients failed: %s", err.msg);
    fclose(f);
    if (buf && (strstr(buf, "nan") || strstr(buf, "inf")))
        FUZZ_FAIL("quotients.csv holds a non-finite number:\n%s", buf);
    free(buf);
}

/* Regionalise by every method and solve: every number finite. */
static void check_regional(const cylch_regional *rg)
{
    const double delta = 0.25;
    double lambda = cylch_regional_lambda(rg, delta);
    size_t n = table->n;
    gsl_matrix *share = gsl_matrix_alloc(n, n);
    fuzz_finite(lambda, "lambda", 0);
    for (size_t i = 0; i < n; i++)
        fuzz_finite(rg->slq[i], "slq", (long)i);
    for (int m = 0; m < CYLCH_LQ_NMETHODS && share; m++) {
        cylch_iotable *rt = NULL;
        cylch_io_result *r = NULL;
        cylch_error err;
        int rc;
        cylch_regional_shares(rg, (cylch_lq_method)m, lambda, share);
        for (size_t i = 0; i < n; i++) {
            fuzz_finite(cylch_regional_household_share(rg, (cylch_lq_method)m, lambda, i),
                        "household share", (long)i);
            for (size_t j = 0; j < n; j++) {
                double s = gsl_matrix_get(share, i, j);
                fuzz_finite(s, "local share", (long)(i * n + j));
                if (s < 0.0 || s > 1.0)
                    FUZZ_FAIL("local share [%zu][%zu] is %g, outside 0 to 1", i, j, s);
            }
        }
        check_quotients(rg, (cylch_lq_method)m, delta);
        cylch_error_clear(&err);
        if ((rc = cylch_regional_table(table, rg, (cylch_lq_method)m, delta, &rt, &err)) != CYLCH_OK) {
            fuzz_refused(rc, &err, NULL);
            continue;
        }
        if ((rc = cylch_iotable_solve(rt, &r, &err)) == CYLCH_OK) {
            for (int type = 0; type < 2; type++)
                for (int mm = 0; mm < CYLCH_IO_NMEASURES; mm++)
                    for (size_t j = 0; j < cylch_io_result_n(r); j++) {
                        double v;
                        if (cylch_io_result_get(r, (cylch_io_type)type, (cylch_io_measure)mm, j, &v))
                            fuzz_finite(v, cylch_io_measure_name((cylch_io_type)type,
                                                                 (cylch_io_measure)mm), (long)j);
                    }
        } else {
            fuzz_refused(rc, &err, NULL);
        }
        cylch_io_result_free(r);
        cylch_iotable_free(rt);
    }
    gsl_matrix_free(share);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t n1 = nul ? (size_t)(nul - data) : size;

    put(regions_path, data, n1);
    if (nul)
        put(map_path, nul + 1, size - n1 - 1);
    for (int measure = 0; measure < CYLCH_LQ_NMEASURES; measure++) {
        cylch_regional *rg = NULL;
        cylch_error err;
        int rc;
        cylch_error_clear(&err);
        rc = cylch_regional_read(regions_path, nul ? map_path : NULL, table, "R", "N",
                                 (cylch_lq_measure)measure, &rg, &err);
        if (rc)
            fuzz_refused(rc, &err, dir);
        else
            check_regional(rg);
        cylch_regional_free(rg);
    }
    return 0;
}
