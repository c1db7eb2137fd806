/* stochastic.h: N draws of the whole model (MODEL.md section 6).
 *
 * Each draw varies the uncertain inputs: the mortality index (a random walk
 * on log q around the scenario's path), the TFR (a bounded AR(1) around the
 * scenario's path), net migration, and any other numeric parameter the
 * scenario lists (wage growth, fund returns...).  Draw d's random numbers
 * come from the stream (seed, d) alone (rng.h), and the results are
 * accumulated with integer counts and fixed-point sums, which do not depend
 * on the order of addition: the output is bit-identical for any number of
 * threads or MPI ranks.  Memory does not grow with N: each series keeps a
 * histogram whose bins are set from a pilot of the first draws.
 * GPL-3.0-or-later. */
#ifndef PS_STOCHASTIC_H
#define PS_STOCHASTIC_H

#include <signal.h>
#include <stdint.h>

#include "ps_error.h"
#include "sandbox.h"

typedef struct ps_stoch_opts {
    const char *scenario;
    const char *scripts_dir;
    ps_limits lim;
    long draws;                 /* N >= 1 */
    uint64_t seed;
    int threads;                /* >= 1 */
    int progress;               /* draw a progress bar on stderr */
    volatile sig_atomic_t *stop;/* set (by a signal handler) to stop early */
    int rank, nranks;           /* MPI: this process's share of the draws */
    /* optional: numeric keys every draw's scenario holds (the central run's
     * declared calibrations, calibrate.h: solved with the same modules,
     * ps_calibrate_declared_with) */
    const struct ps_calib_fixed *fixed;
    int nfixed;
    /* optional: the modules of every run (NULL-terminated, as for
     * ps_run_new_with); NULL: the shipped list ps_modules */
    const struct ps_module *const *modules;
} ps_stoch_opts;

typedef struct ps_stoch ps_stoch;

/* Runs this process's share of the draws.  With nranks > 1 the caller
 * merges the results of every rank with ps_stoch_merge before writing. */
ps_stoch *ps_stoch_run(const ps_stoch_opts *o, ps_err *err);
void ps_stoch_free(ps_stoch *st);

/* Adds `other`'s counts into st (same scenario, same bins). */
int ps_stoch_merge(ps_stoch *st, const ps_stoch *other, ps_err *err);

/* Flat buffers for sending one process's results to another (MPI). */
size_t ps_stoch_buffer_size(const ps_stoch *st);
void ps_stoch_to_buffer(const ps_stoch *st, uint64_t *buf);
int ps_stoch_add_buffer(ps_stoch *st, const uint64_t *buf, ps_err *err);

/* quantiles.csv, depletion.csv and stochastic rows appended to summary.csv
 * in dir.  A fund in depletion.csv is named by its module: the series of
 * the module's headline column of kind PS_KIND_FUND (table.h), whatever
 * its key. */
int ps_stoch_write(const ps_stoch *st, const char *dir, ps_err *err);

long ps_stoch_draws_done(const ps_stoch *st);

#endif
