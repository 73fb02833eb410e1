/* cylch — the command line's regional options of `cylch io` (docs/model.md, 'Regionalisation'):
 * checking them, regionalising the table, and writing the regional files. */
#ifndef CYLCH_CLI_IO_REGIONAL_H
#define CYLCH_CLI_IO_REGIONAL_H

#include "cylch/core/iotable.h"
#include "cylch/core/regional.h"
#include "cylch/io/error.h"
#include "cylch/io/results.h"

/* The options as given (NULL when absent). */
typedef struct cli_io_regional_opts {
    const char *regions, *area, *national, *measure, *map, *method, *delta;
} cli_io_regional_opts;

/* What regionalising produced; cli_io_regional_clear frees it. */
typedef struct cli_io_regional {
    cylch_regional *rg;
    cylch_iotable *table;   /* the regional table (owned) */
    cylch_lq_method method;
    double delta;
} cli_io_regional;

/* Whether any regional option was given. */
int cli_io_regional_wanted(const cli_io_regional_opts *o);

/* Check the options and regionalise t. CYLCH_EINPUT with a message for
 * a missing or bad option (exit 2), or the errors of cylch_regional_read. */
int cli_io_regionalise(const cli_io_regional_opts *o, const cylch_iotable *t,
                       cli_io_regional *out, cylch_error *err);

/* Write quotients.csv, local-shares.csv, coefficients.csv and
 * regionalisation.json into the results folder being written. */
int cli_io_regional_write(cylch_outdir *od, const cylch_iotable *t, const cli_io_regional *r,
                          cylch_error *err);

void cli_io_regional_clear(cli_io_regional *r);

#endif
