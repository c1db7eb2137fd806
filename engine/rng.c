/* rng.c: see rng.h.  GPL-3.0-or-later. */
#include "rng.h"

#include <string.h>

typedef struct {
    uint64_t s[4];
} xoshiro_state;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next64(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void x_set(void *state, unsigned long seed)
{
    xoshiro_state *st = state;
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64(&x);
}

static unsigned long x_get(void *state) { return (unsigned long)(next64(state) >> 32); }

static double x_get_double(void *state) { return (double)(next64(state) >> 11) * 0x1.0p-53; }

static const gsl_rng_type XOSHIRO = {
    "xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state), x_set, x_get, x_get_double,
};

const gsl_rng_type *ps_rng_xoshiro256 = &XOSHIRO;

uint64_t ps_rng_key(uint64_t seed, uint64_t draw)
{
    uint64_t a = seed, b = draw ^ 0x6a09e667f3bcc909ULL;
    uint64_t h = splitmix64(&a);
    return h ^ splitmix64(&b) * 0x9e3779b97f4a7c15ULL;
}

void ps_rng_seed_draw(gsl_rng *r, uint64_t seed, uint64_t draw)
{
    /* unsigned long is 64 bits on the platforms we build for (LP64). */
    _Static_assert(sizeof(unsigned long) == 8, "LP64 needed for 64-bit seeds");
    gsl_rng_set(r, (unsigned long)ps_rng_key(seed, draw));
}

gsl_rng *ps_rng_for_draw(uint64_t seed, uint64_t draw)
{
    gsl_rng *r = gsl_rng_alloc(ps_rng_xoshiro256);
    if (r)
        ps_rng_seed_draw(r, seed, draw);
    return r;
}
