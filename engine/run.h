/* run.h: one projection run, an object with no global state.
 *
 * A run borrows a loaded scenario, reads its data files, projects the
 * population from base_year to end_year and lets every module (module.h)
 * compute its results year by year from the population.  Many runs can
 * live in one process, one per thread, each with its own scenario (and so
 * its own Lua state).
 * GPL-3.0-or-later. */
#ifndef PS_RUN_H
#define PS_RUN_H

#include <stdio.h>

#include "population.h"
#include "ps_error.h"
#include "scenario.h"
#include "summary.h"

typedef struct ps_run ps_run;

/* Per-year demographic parameters as resolved for the run. */
typedef struct ps_year_params {
    double tfr, srb, improvement, mig_total;
    double q_factor;                   /* prod of (1 - improvement) so far */
    double e[PS_NSEX][PS_NAGE];        /* life expectancy from the year's q */
} ps_year_params;

/* Reads the scenario's files.  The run borrows sc, which must outlive it. */
ps_run *ps_run_new(ps_scenario *sc, ps_err *err);
void ps_run_free(ps_run *run); /* NULL is a no-op */

/* The same with another list of modules (NULL-terminated, module.h) in
 * place of modules.c's: for tests of a module defined elsewhere. */
struct ps_module;
ps_run *ps_run_new_with(ps_scenario *sc, const struct ps_module *const *mods, ps_err *err);

/* A stochastic draw's mortality: q(t) is multiplied by exp(dev[t - base])
 * (capped at 1) in every year; NULL: none.  dev is not owned. */
void ps_run_set_mortality_shock(ps_run *run, const double *dev);

/* Projects every year and runs the modules.  Checks the accounting identity
 * at every step (PS_EINTERNAL if it fails). */
int ps_run_project(ps_run *run, ps_err *err);

/* The rows of summary.csv ("key,value", no header) into f. */
int ps_run_summary(ps_run *run, FILE *f, ps_err *err);
/* The rows of summary.csv with labels and units, added to s. */
int ps_run_summarize(ps_run *run, ps_summary *s, ps_err *err);
/* Every module's headline sentences, added to h. */
int ps_run_headline(ps_run *run, ps_headline *h, ps_err *err);

/* Logs what a rule or hook did during the projection: `source` is
 * "file:line" of the script, `key` what changed (a parameter key or a
 * rule's name), old and new the values as text (NULL or "" when none),
 * note a few words.  Strings are copied; events.csv
 * (year,source,key,old,new,note) lists them in the order logged.  The log
 * starts empty at each projection.  PS_EINTERNAL if out of memory. */
int ps_run_event(ps_run *run, int year, const char *source, const char *key,
                 const char *old_value, const char *new_value, const char *note);
int ps_run_event_count(const ps_run *run);

/* Writes every result file into the existing folder dir: population.csv,
 * each module's tables and files, summary.csv, headline.csv, events.csv,
 * all registered in columns.csv. */
int ps_run_write(ps_run *run, const char *dir, ps_err *err);

ps_scenario *ps_run_scenario(const ps_run *run);
int ps_run_base_year(const ps_run *run);
int ps_run_end_year(const ps_run *run);
/* How many projections of this run have started (1 during the first): a
 * hook that keeps state of its own resets it when this changes, so that a
 * draw never depends on the draws before it. */
int ps_run_projection(const ps_run *run);
/* A stochastic worker's run (issue 18): its files, summary and headline
 * are never made, only the columns and indicators its draws read, so a
 * module may leave out results that only those show (never a value another
 * module, a hook or a scenario function can read).  Off by default. */
void ps_run_set_draw_only(ps_run *run, int on);
int ps_run_draw_only(const ps_run *run);
/* The year being computed (during project), or the end year after it. */
int ps_run_current_year(const ps_run *run);
/* Length in years of the step from `year` to `year` + 1: 1, except the
 * base year's with population.base_date (its stock is on that date). */
double ps_run_step_length(const ps_run *run, int year);
/* Stock on 1 January of `year` (base..end), or NULL outside / not yet computed.
 * With population.base_date, the base year's stock is on that date. */
const ps_pop *ps_run_pop(const ps_run *run, int year);
/* Flows of year -> year+1 (base..end-1), or NULL. */
const ps_pop_flows *ps_run_flows(const ps_run *run, int year);
const ps_year_params *ps_run_params(const ps_run *run, int year);
/* The year's inputs to the kernel (q, f, srb, migrants). */
const ps_pop_year *ps_run_year_inputs(const ps_run *run, int year);

/* The state of the module named `name` in this run (for a module that
 * reads another's detailed results through that module's header), or NULL. */
void *ps_run_module_state(ps_run *run, const char *name);

/* The whole series of an indicator, if its module offers it (module.h,
 * `column`): the base year's value, later years `*stride` apart.  NULL
 * otherwise (use ps_run_indicator).  Valid until the next projection. */
const double *ps_run_column(ps_run *run, const char *name, int *stride);

/* Looks up a module's value for a year by "module.indicator" (for the
 * state view of scenario functions); returns 0 if unknown. */
int ps_run_indicator(ps_run *run, const char *name, int year, double *out);

/* For stochastic draws, which need only the series they are asked for:
 * the run notes which module reads which (through ps_run_module_state,
 * ps_run_column and ps_run_indicator) and which are read from outside any
 * module (hooks) while modules are created or a projection runs.
 * ps_run_needed_modules: need[m] (one flag per entry of ps_modules, set by
 * the caller for the modules whose series are asked for) gains the modules
 * read from outside and, repeatedly, those a needed module read and those
 * that took a needed module's state (and so may write into it).
 * ps_run_set_skip: projections leave out (neither restart nor step) the
 * modules with skip[m] != 0 (copied; NULL: none); returns -1 if out of
 * memory.  ps_run_skipped_read: a left-out module that was read during the
 * last projection (its results were then stale: project again without
 * leaving it out), or -1. */
void ps_run_needed_modules(const ps_run *run, unsigned char *need);
/* Adds what src noted (who read whom) to dst (a run of the same scenario:
 * the central projection's reads for every worker of the draws). */
void ps_run_copy_reads(ps_run *dst, const ps_run *src);
int ps_run_set_skip(ps_run *run, const unsigned char *skip);
int ps_run_skipped_read(const ps_run *run);

#endif
