/* sweep.h: one-at-a-time parameter sweeps and their tornado table.
 * GPL-3.0-or-later. */
#ifndef PS_SWEEP_H
#define PS_SWEEP_H

#include "ps_error.h"
#include "sandbox.h"

#define PS_SWEEP_MAX_VARS 16

typedef struct ps_sweep_var {
    char key[128];     /* a numeric parameter, e.g. "population.tfr" */
    double lo, hi;
    int steps;         /* values from lo to hi inclusive, >= 2 */
} ps_sweep_var;

typedef struct ps_sweep_spec {
    const char *scenario, *scripts_dir;
    ps_limits lim;
    int nvar;
    ps_sweep_var var[PS_SWEEP_MAX_VARS];
    int threads;
    int rank, nranks;  /* MPI: this process runs trials i with i % nranks == rank */
    /* optional: the modules of every run (NULL-terminated, as for
     * ps_run_new_with); NULL: the shipped list ps_modules */
    const struct ps_module *const *modules;
} ps_sweep_spec;

typedef struct ps_sweep ps_sweep;

/* Parses "key=lo:hi[:steps]" (steps default 5). */
int ps_sweep_parse_var(const char *text, ps_sweep_var *v, ps_err *err);

/* Runs the scenario once as it is and once for every value of every
 * parameter (the others at the scenario's values), over threads, and
 * writes into dir: sweep.csv (parameter,value,key,result: every summary
 * row of every run) and tornado.csv (for each headline answer and
 * parameter: the answer at the lowest and highest value and the
 * scenario's own).  Headline answers: depletion years, subsidy needed,
 * gaps, and the population in the last year. */
int ps_sweep_run(const ps_sweep_spec *spec, const char *dir, ps_err *err);

/* The two halves of ps_sweep_run, for MPI: this process's trials (NULL with
 * err set if one fails), then, once every trial's summary is in place (see
 * ps_sweep_slot), the files. */
ps_sweep *ps_sweep_compute(const ps_sweep_spec *spec, ps_err *err);
int ps_sweep_write(const ps_sweep *sw, const char *dir, ps_err *err);
void ps_sweep_free(ps_sweep *sw);
int ps_sweep_ntrials(const ps_sweep *sw);
/* The summary text ("key,value" rows) of trial i, owned by sw: NULL for a
 * trial another rank ran, until the exchange fills it in. */
char **ps_sweep_slot(ps_sweep *sw, int i);

#endif
