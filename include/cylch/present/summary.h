/* cylch — the plain-English summary printed after a run, for a treasurer or a
 * policy officer: "Every £1 of grant to the network is worth £1.66 to the local
 * economy over time (…)". Every number traces to DESIGN.md §3. */
#ifndef CYLCH_SUMMARY_H
#define CYLCH_SUMMARY_H

#include <stdio.h>
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/stats.h"

/* Optional Monte Carlo ranges: per headline entry (CYLCH_HEAD), NULL when no draws. */
typedef struct cylch_summary_mc {
    size_t draws;
    const cylch_stats_summary *head;   /* CYLCH_NHEAD entries */
} cylch_summary_mc;


/* Write the summary of a run to f. mc may be NULL. */
void cylch_summary_write(FILE *f, const cylch_scenario *s, const cylch_network *net,
                         const cylch_result *r, const cylch_summary_mc *mc);

/* "£1.66" or "£1.66 (90% range £1.55–£1.78)" for headline entry h, into buf. */
void cylch_summary_multiplier(const cylch_result *r, const cylch_summary_mc *mc, int h,
                              char *buf, size_t len);

/* How a sentence names the money of source s (a cylch_source): "of grant to the
 * network", …, "of the members' income". Never NULL for 0 <= s < CYLCH_NSRC. */
const char *cylch_summary_source_phrase(int s);

#endif /* CYLCH_SUMMARY_H */
