/* cylch — a counter-based random number generator for reproducible parallel draws.
 *
 * Philox4x64-10 (Salmon et al. 2011, "Parallel random numbers: as easy as
 * 1, 2, 3"; Random123, Debian librandom123-dev) wrapped as a gsl_rng_type so
 * that GSL's distributions can use it. A stream is named by three 64-bit
 * numbers (seed, stream, draw): the numbers it yields depend on those alone,
 * never on thread scheduling, and there are no 32-bit seed collisions.
 * cylch gives each uncertain parameter its own stream (cylch_rng_stream_id of
 * its name), so two scenarios with the same seed draw the same values for a
 * parameter they share: common random numbers for paired comparison.
 */
#ifndef CYLCH_RNG_H
#define CYLCH_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The generator type: gsl_rng_alloc(cylch_rng_philox). gsl_rng_set(r, s)
 * positions it at (seed s, stream 0, draw 0). gsl_rng_get returns 32-bit
 * values (max 2^32 - 1); gsl_rng_uniform returns 53-bit doubles in [0, 1). */
extern const gsl_rng_type *cylch_rng_philox;

/* Position r (which must be of type cylch_rng_philox) at the start of the
 * stream (seed, stream, draw). Cheap: no allocation, safe to call per draw. */
void cylch_rng_seek(gsl_rng *r, uint64_t seed, uint64_t stream, uint64_t draw);

/* A stable 64-bit stream id for a parameter name (FNV-1a, then mixed):
 * the same name always gives the same id, on every machine. */
uint64_t cylch_rng_stream_id(const char *name);

#endif /* CYLCH_RNG_H */
