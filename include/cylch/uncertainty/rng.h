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
 *
 * Layout: key = {seed, stream}, counter = {draw, block, 0, 0}. Block b of a
 * stream is Philox4x64-10(counter {draw, b, 0, 0}, key {seed, stream}): four
 * 64-bit words, consumed in order. A stream holds 2^64 blocks.
 */
#ifndef CYLCH_RNG_H
#define CYLCH_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The generator type: gsl_rng_alloc(cylch_rng_philox), name "philox4x64-10".
 * gsl_rng_set(r, s) positions it at (seed s, stream 0, draw 0).
 * gsl_rng_get returns 32-bit values in [0, 2^32 - 1]: each 64-bit word gives
 * its low half, then its high half. gsl_rng_uniform returns a 53-bit double
 * k / 2^53 in [0, 1) from the top 53 bits of the next whole word (a word half
 * used by gsl_rng_get is skipped). gsl_rng_uniform_pos never returns 0.
 * The state is plain data: gsl_rng_clone and gsl_rng_memcpy copy a position. */
extern const gsl_rng_type *cylch_rng_philox;

/* Position r (which must be of type cylch_rng_philox) at the start of the
 * stream (seed, stream, draw). Cheap: no allocation and no Philox call (the
 * first block is computed at the first draw), safe to call per draw. The
 * position afterwards does not depend on anything r was used for before. */
void cylch_rng_seek(gsl_rng *r, uint64_t seed, uint64_t stream, uint64_t draw);

/* The uniform of one variate (DESIGN §8.5): word w = draw mod 4 of the Philox
 * block Philox4x64-10(counter {⌊draw / 4⌋, 0, 0, 1}, key {seed, stream}), as
 * (⌊w / 2^11⌋ + 1/2) / 2^53 rounded to a double (at and above 1/2 the half
 * step is a tie, rounded to even), in (0, 1): never 0, and the one word that
 * would round to 1 gives 1 − 2^-53, so every quantile is finite. One block serves four consecutive draws of a stream, and each
 * variate still depends on (seed, stream, draw) alone; the counter's last word
 * 1 keeps these blocks apart from cylch_rng_seek's (whose last word is 0). No
 * allocation. */
double cylch_rng_u01(uint64_t seed, uint64_t stream, uint64_t draw);

/* The uniforms of draws 4q, 4q + 1, 4q + 2, 4q + 3 of a stream at once (one
 * Philox block): u[i] = cylch_rng_u01(seed, stream, 4q + i). */
void cylch_rng_u01x4(uint64_t seed, uint64_t stream, uint64_t q, double u[4]);

/* A stable 64-bit stream id for a parameter name: FNV-1a 64 of its bytes
 * (offset basis 0xcbf29ce484222325, prime 0x100000001b3), then the splitmix64
 * finaliser (Steele, Lea & Flood 2014) so that similar names give unrelated
 * ids. The same name always gives the same id, on every machine. NULL is
 * treated as "". */
uint64_t cylch_rng_stream_id(const char *name);

/* The bare block function: out = Philox4x64-10(ctr, key). Exposed for the
 * known-answer tests against Random123's published vectors. */
void cylch_rng_philox_block(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4]);

#endif /* CYLCH_RNG_H */
