/* cylch — the limits of what cylch accepts (docs/limits.md states them for users).
 *
 * Every input is checked against these before anything is allocated or
 * computed from it, so that no input can make cylch run out of memory, run
 * for ever, or compute an infinity or a NaN: with every number at most
 * CYLCH_VALUE_MAX and at most CYLCH_MEMBERS_MAX members, every sum, product
 * and quotient cylch forms stays far inside the range of a double. Messages
 * that refuse an input name the limit.
 */
#ifndef CYLCH_IO_LIMITS_H
#define CYLCH_IO_LIMITS_H

#include "cylch/io/lang.h"

/* The largest input file (enterprises.csv, trade.csv, a scenario, an
 * input-output table), in bytes: 64 MiB. */
#define CYLCH_FILE_MAX (64L * 1024 * 1024)
/* The limits in words, for messages (marked for translation: pass them through _()). */
#define CYLCH_FILE_MAX_TEXT N_("64 MB")

/* The longest line of a scenario file, in bytes (CSV lines may be as long
 * as the file). */
#define CYLCH_LINE_MAX (1024L * 1024)
#define CYLCH_LINE_MAX_TEXT N_("1 MB (1,048,576 characters)")

/* The largest number cylch reads (money in £ a year, FTE, jobs, a cell of an
 * input-output table, a distribution's parameter), in size: a thousand
 * million million (10^15, about ten times the world's yearly output in £). */
#define CYLCH_VALUE_MAX 1e15
#define CYLCH_VALUE_MAX_TEXT N_("1e15 (a thousand million million)")

/* The most members in a network (after a scenario's changes), and the most
 * trade links between them. */
#define CYLCH_MEMBERS_MAX 10000
#define CYLCH_TRADE_MAX 1000000

/* The most industries in an input-output table. */
#define CYLCH_IO_INDUSTRIES_MAX 2000

/* Distributions: the largest relative spread (rel=), and the largest sd of a
 * lognormal as a multiple of its mean. (Betas of any width are computed: the
 * beta quantile of cylch/core/dist.c is bounded.) */
#define CYLCH_DIST_REL_MAX 100.0

#endif /* CYLCH_IO_LIMITS_H */
