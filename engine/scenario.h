/* scenario.h: a scenario, loaded from Lua, validated, with every numeric
 * parameter as a series: a constant, a dated path or a Lua function of
 * (year, state).
 *
 * A scenario owns its sandboxed Lua state; functions and hooks run in it.
 * One scenario serves one run on one thread at a time.
 * GPL-3.0-or-later. */
#ifndef PS_SCENARIO_H
#define PS_SCENARIO_H

#include <stdio.h>

#include "ps_error.h"
#include "sandbox.h"

enum { PS_SERIES_CONST, PS_SERIES_PATH, PS_SERIES_FUNC };

/* A stochastic draw's deviations of a series, added to its value year by
 * year (see stochastic.h); values == NULL: none. */
typedef struct ps_shock {
    const double *values;  /* n years from base, not owned */
    int base, n;
    double lo, hi;         /* bounds of the shocked value */
} ps_shock;

typedef struct ps_series {
    const char *key;  /* dotted parameter name, static */
    int kind;
    double value;     /* PS_SERIES_CONST */
    int n;            /* PS_SERIES_PATH: points, years increasing */
    int *years;
    double *values;
    int ref;          /* PS_SERIES_FUNC: Lua registry reference */
    double lo, hi;    /* allowed range of every value, inclusive */
    ps_shock shock;   /* set by a stochastic draw, else values == NULL */
} ps_series;

/* One parameter the engine knows: the schema behind validation, `params`
 * and the documentation. */
typedef struct ps_param_def {
    const char *key;      /* "population.tfr" */
    const char *type;     /* section, series, integer, number, string, file,
                             boolean, function, table */
    int required;
    const char *deflt;    /* default as text, NULL if none */
    const char *unit;
    double lo, hi;        /* range for numbers and series */
    const char *source;   /* where the default comes from, or "assumption: ..." */
    const char *doc;      /* one line */
} ps_param_def;

/* The engine's own keys (not the modules'), terminated by a NULL key. */
const ps_param_def *ps_scenario_core_schema(void);

typedef struct ps_scenario {
    ps_sandbox *sb;
    char *path;
    char *name;
    char *description;
    int base_year, end_year;
    int cfg_ref, prov_ref;       /* merged table and provenance, in the registry */
    int nfiles;
    char **files;                /* scenario files read, the main one first */

    int ndefs;
    const ps_param_def **defs;   /* every known key: the core's, then the modules' */
    ps_series *series;           /* parallel to defs; used for type "series" */
    ps_series *saved;            /* parallel to series: a series as it was before a
                                    hook's first params.set in this projection */
    unsigned char *saved_set;    /* saved[i] holds a copy */

    char *pop_base, *pop_mortality, *pop_fertility, *pop_mig_dist, *pop_imp_age;
    int mortality_closed;

    int hook_before, hook_after; /* registry refs or LUA_NOREF */
    int view_ref;                /* the state view passed to functions */
    void *view_box;              /* its link to the run (lua_view.c) */
    int params_ref;              /* the params API passed to hooks */
    int current_year;            /* the year being computed (set by the run) */
    /* Where params.set and params.triggered report what a hook did (the run
     * sets it: ps_run_event); NULL: nowhere.  Returns PS_OK or a code. */
    int (*on_event)(void *ctx, int year, const char *source, const char *key,
                    const char *old_value, const char *new_value, const char *note);
    void *event_ctx;
} ps_scenario;

/* Loads and validates the scenario at `path` (following `extends`).
 * Returns NULL with err set; the message names the file, line and key. */
ps_scenario *ps_scenario_load(const char *path, const ps_limits *lim,
                              const char *scripts_dir, ps_err *err);
void ps_scenario_free(ps_scenario *sc); /* NULL is a no-op */

/* The definition of a key (core or module), or NULL. */
const ps_param_def *ps_scenario_def(const ps_scenario *sc, const char *key);
int ps_scenario_ndefs(const ps_scenario *sc);
const ps_param_def *ps_scenario_def_at(const ps_scenario *sc, int i);

/* The series of a key of type "series" (its default if the scenario does
 * not set it), or NULL for an unknown key.  Owned by the scenario; hooks
 * may replace its content between years (params.set). */
const ps_series *ps_scenario_series(const ps_scenario *sc, const char *key);

/* Undoes every params.set that hooks made during the last projection, so
 * that each projection (a stochastic draw, a sweep point, a calibration
 * step) starts from the scenario's own values whatever ran before it on
 * the same scenario.  The run calls it when a projection starts. */
void ps_scenario_undo_sets(ps_scenario *sc);

/* Replaces a series by a constant (validated against its range). */
int ps_scenario_set_const(ps_scenario *sc, const char *key, double value, ps_err *err);

/* Replaces a numeric key's value with a county record's (records.h): a
 * dated path keeps its other points and gets `value` at `year` (year 0:
 * the whole value); a constant, number or integer becomes `value`.
 * `params` then shows file:line and "record: <source>". */
int ps_scenario_override(ps_scenario *sc, const char *key, int year, double value,
                         const char *file, int line, const char *source, ps_err *err);

/* Marks a key solved by a declared calibration (calibrate.c): its value
 * becomes `value` and `params` shows file:line and `how` (what it was
 * calibrated to) as its source.  The series itself is set by
 * ps_scenario_set_const. */
int ps_scenario_note_calibrated(ps_scenario *sc, const char *key, double value,
                                const char *file, int line, const char *how, ps_err *err);

/* A string or file key's value (files resolved to paths), or NULL if unset.
 * The caller frees it. */
char *ps_scenario_string(ps_scenario *sc, const char *key);

/* A number key's value (its default if unset), range-checked. */
int ps_scenario_number(ps_scenario *sc, const char *key, double *out, ps_err *err);

/* A number key that may be absent: *set is 0 if the scenario does not set
 * it and it has no default (out untouched); a value the scenario sets is
 * range-checked. */
int ps_scenario_number_opt(ps_scenario *sc, const char *key, int *set, double *out,
                           ps_err *err);

/* A boolean key's value, or deflt if unset. */
int ps_scenario_bool(ps_scenario *sc, const char *key, int deflt);

/* Value of a series in `year`.  Functions get (year, state view); a
 * function that fails, returns nil or a non-number, or a value outside the
 * range is an error naming the parameter and the year. */
int ps_series_at(ps_scenario *sc, const ps_series *s, int year, double *out,
                 ps_err *err);

/* Attaches a draw's deviations to a series (values NULL detaches). */
void ps_series_set_shock(const ps_series *s, const double *values, int base, int n, double lo,
                         double hi);

/* Where a key's value came from: "file:line", or NULL for the default. */
const char *ps_scenario_where(ps_scenario *sc, const char *key, char *buf, size_t n);

/* Writes the resolved parameter set, one key a line, with provenance, as
 * CSV (key,value,set_in,source) to f. */
int ps_scenario_write_params(ps_scenario *sc, FILE *f, ps_err *err);

/* Every key (core and modules) as a Markdown table: `policysim keys`. */
void ps_schema_write_markdown(FILE *f);

#endif
