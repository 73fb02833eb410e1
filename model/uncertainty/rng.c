/* cylch — Philox4x64-10 as a GSL random number generator (see cylch/rng.h).
 *
 * The state is the Philox key {seed, stream}, the counter {draw, block, 0, 0},
 * the four 64-bit words of the current block and a position in it counted in
 * 32-bit halves (0..8; 8 means "block used up or not yet computed"). Nothing
 * is static but the type description, which is constant.
 */
#include "cylch/uncertainty/rng.h"

#include <assert.h>
#include <stddef.h>

#include <Random123/philox.h>

typedef struct philox_state {
    philox4x64_key_t key;   /* {seed, stream} */
    philox4x64_ctr_t ctr;   /* {draw, next block, 0, 0} */
    uint64_t buf[4];        /* the current block */
    unsigned pos;           /* halves of buf used so far, 0..8 */
} philox_state;

enum { HALVES = 8 };

void cylch_rng_philox_block(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4])
{
    philox4x64_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x64_key_t k = {{key[0], key[1]}};
    philox4x64_ctr_t o = philox4x64_R(10, c, k);
    for (int i = 0; i < 4; i++)
        out[i] = o.v[i];
}

/* Compute the block at the counter, then step the block index. */
static void refill(philox_state *s)
{
    philox4x64_ctr_t o = philox4x64_R(10, s->ctr, s->key);
    for (int i = 0; i < 4; i++)
        s->buf[i] = o.v[i];
    s->ctr.v[1]++;
    s->pos = 0;
}

static void seek_state(philox_state *s, uint64_t seed, uint64_t stream, uint64_t draw)
{
    s->key.v[0] = seed;
    s->key.v[1] = stream;
    s->ctr.v[0] = draw;
    s->ctr.v[1] = 0;
    s->ctr.v[2] = 0;
    s->ctr.v[3] = 0;
    for (int i = 0; i < 4; i++)
        s->buf[i] = 0;
    s->pos = HALVES;
}

static void philox_set(void *vstate, unsigned long seed)
{
    seek_state(vstate, (uint64_t)seed, 0, 0);
}

static unsigned long philox_get(void *vstate)
{
    philox_state *s = vstate;
    uint64_t w;
    if (s->pos >= HALVES)
        refill(s);
    w = s->buf[s->pos / 2];
    w = (s->pos % 2) ? (w >> 32) : (w & 0xffffffffu);
    s->pos++;
    return (unsigned long)w;
}

static double philox_get_double(void *vstate)
{
    philox_state *s = vstate;
    uint64_t w;
    s->pos += s->pos % 2;   /* skip the high half of a word half used by get */
    if (s->pos >= HALVES)
        refill(s);
    w = s->buf[s->pos / 2];
    s->pos += 2;
    return (double)(w >> 11) * 0x1.0p-53;
}

static const gsl_rng_type philox_type = {
    "philox4x64-10",
    0xffffffffUL,
    0,
    sizeof(philox_state),
    philox_set,
    philox_get,
    philox_get_double
};

const gsl_rng_type *cylch_rng_philox = &philox_type;

void cylch_rng_seek(gsl_rng *r, uint64_t seed, uint64_t stream, uint64_t draw)
{
    assert(r && r->type == &philox_type);
    seek_state(r->state, seed, stream, draw);
}

/* The block that holds draws 4q .. 4q + 3 of a stream's variates: counter
 * {q, 0, 0, 1} (the last word 1 keeps it apart from the gsl_rng blocks, whose
 * last word is 0). */
static philox4x64_ctr_t u01_block(uint64_t seed, uint64_t stream, uint64_t q)
{
    philox4x64_ctr_t c = {{q, 0, 0, 1}};
    philox4x64_key_t k = {{seed, stream}};
    return philox4x64_R(10, c, k);
}

/* (⌊w / 2^11⌋ + 1/2) / 2^53 rounded to a double: above 1/2 the half step is a
 * tie between two doubles (rounded to even), and the largest word would round
 * to 1, so it is kept just below. */
static double u01_of(uint64_t w)
{
    double u = ((double)(w >> 11) + 0.5) * 0x1.0p-53;
    return u < 1.0 ? u : 1.0 - 0x1.0p-53;
}

double cylch_rng_u01(uint64_t seed, uint64_t stream, uint64_t draw)
{
    philox4x64_ctr_t o = u01_block(seed, stream, draw >> 2);
    return u01_of(o.v[draw & 3]);
}

void cylch_rng_u01x4(uint64_t seed, uint64_t stream, uint64_t q, double u[4])
{
    philox4x64_ctr_t o = u01_block(seed, stream, q);
    for (int i = 0; i < 4; i++)
        u[i] = u01_of(o.v[i]);
}

uint64_t cylch_rng_stream_id(const char *name)
{
    uint64_t h = 0xcbf29ce484222325u;
    if (name)
        for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
            h ^= *p;
            h *= 0x100000001b3u;
        }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h;
}
