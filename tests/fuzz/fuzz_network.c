/* cylch — fuzz target: a network folder (enterprises.csv and trade.csv).
 *
 * Input: the bytes of enterprises.csv, then optionally a NUL byte and the
 * bytes of trade.csv. Both are written to a private folder and loaded as a
 * user's network is; a network that loads is built into the model at fixed
 * place parameters and solved, and every number must be finite. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "fuzz.h"

static char dir[4096], ent_path[4200], trade_path[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "%s/cylch-fuzz-network.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(ent_path, sizeof ent_path, "%s/enterprises.csv", dir);
    snprintf(trade_path, sizeof trade_path, "%s/trade.csv", dir);
    cylch_gsl_quiet();
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t n1 = nul ? (size_t)(nul - data) : size;
    cylch_network *net = NULL;
    cylch_model *m = NULL;
    cylch_result *r = NULL;
    double *vals = NULL;
    cylch_error err;
    cylch_place place = {{0.8, 0.5, 0.1, 0.2, 0.15, 10.0}};
    int rc;

    put(ent_path, data, n1);
    if (nul)
        put(trade_path, nul + 1, size - n1 - 1);
    else
        unlink(trade_path);
    cylch_error_clear(&err);
    rc = cylch_network_load(dir, &net, &err);
    if (rc) {
        fuzz_refused(rc, &err, dir);
        return 0;
    }
    if (!(m = cylch_model_new(net)) || !(r = cylch_result_new(net->n, 3)) ||
        !(vals = cylch_network_values(net)))
        goto done;
    rc = cylch_model_build(m, vals, &place, &err);
    if (rc == CYLCH_OK)
        rc = cylch_model_result(m, r, &err);
    if (rc == CYLCH_OK)
        fuzz_check_result(r);
    else
        fuzz_refused(rc, &err, NULL);
done:
    free(vals);
    cylch_result_free(r);
    cylch_model_free(m);
    cylch_network_free(net);
    return 0;
}
