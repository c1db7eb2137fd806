/* rng.h: random streams that depend on (seed, draw index) alone.
 *
 * GSL's generators take a 32-bit effective seed, so 100,000 draws seeded
 * with hashes of (seed, draw) would share streams by the birthday paradox.
 * We give GSL one more generator type instead: xoshiro256** (Blackman and
 * Vigna, 2018), seeded through splitmix64 from a 64-bit key, and use GSL's
 * distributions on it.  GPL-3.0-or-later. */
#ifndef PS_RNG_H
#define PS_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* The GSL generator type (32-bit outputs, doubles with 53 random bits). */
extern const gsl_rng_type *ps_rng_xoshiro256;

/* 64-bit key of one draw's stream: a hash of the run seed and the index. */
uint64_t ps_rng_key(uint64_t seed, uint64_t draw);

/* Allocates a generator positioned at the start of (seed, draw)'s stream. */
gsl_rng *ps_rng_for_draw(uint64_t seed, uint64_t draw);

/* Re-positions r (of type ps_rng_xoshiro256) at (seed, draw)'s stream. */
void ps_rng_seed_draw(gsl_rng *r, uint64_t seed, uint64_t draw);

#endif
