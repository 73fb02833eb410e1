/* cylch — fuzz target: an input-output table (cylch io).
 *
 * Input: the bytes of a wide CSV table. A table that reads is solved, and
 * every multiplier and effect it reports must be finite. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/core/iotable.h"
#include "cylch/io/csvio.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cylch_gsl_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cylch_csv_table *csv = NULL;
    cylch_iotable *t = NULL;
    cylch_io_result *r = NULL;
    cylch_error err;
    int rc;

    cylch_error_clear(&err);
    rc = cylch_csv_parse("fuzz.csv", (const char *)data, size, &csv, &err);
    if (rc == CYLCH_OK)
        rc = cylch_iotable_from_csv(csv, &t, &err);
    if (rc) {
        fuzz_refused(rc, &err, "fuzz.csv");
        goto done;
    }
    rc = cylch_iotable_solve(t, &r, &err);
    if (rc) {
        fuzz_refused(rc, &err, NULL);
        goto done;
    }
    for (int type = 0; type < 2; type++)
        for (int mm = 0; mm < CYLCH_IO_NMEASURES; mm++)
            for (size_t j = 0; j < cylch_io_result_n(r); j++) {
                double v;
                if (cylch_io_result_get(r, (cylch_io_type)type, (cylch_io_measure)mm, j, &v))
                    fuzz_finite(v, cylch_io_measure_name((cylch_io_type)type, (cylch_io_measure)mm),
                                (long)j);
            }
done:
    cylch_io_result_free(r);
    cylch_iotable_free(t);
    cylch_csv_table_free(csv);
    return 0;
}
