/* scenario_read.h: the typed, protected readers through which C reads a
 * scenario.  Modules read the scenario only through these (and the
 * key readers of scenario.h: ps_scenario_number, _string, _bool, _series);
 * they never include lua.h nor touch the Lua stack.
 *
 * A value is named by a path: a scenario key, then fields and indices,
 * given printf-style:
 *
 *     "towns.policies[%d].town"                  (a list's element's field)
 *     "stochastic.perturb[\"%s\"].sd"            (a field whose name has dots)
 *
 * Every reader:
 *  - reads raw (no metamethod of the scenario's tables runs: reading
 *    cannot err, loop or see a different value than the one written),
 *  - runs inside a protected call (an allocation failure is an error
 *    value, never an abort),
 *  - on a wrong value returns PS_EINPUT with one message naming the file
 *    and line where the key was set (or the scenario file), the path and
 *    what was expected: "s.lua:12: 'towns.policies[2].add' must be a
 *    number, got string".
 * A missing part of a path reads as nil.
 *
 * Functions the scenario gives are taken as ps_fn handles and called
 * with ps_fn_call under the sandbox's instruction, memory and time limits
 * (sandbox.h); an error or a limit in the function is an error value.
 *
 * GPL-3.0-or-later. */
#ifndef PS_SCENARIO_READ_H
#define PS_SCENARIO_READ_H

#include "scenario.h"

/* Kinds of value. */
enum {
    PS_V_NIL,
    PS_V_BOOLEAN,
    PS_V_NUMBER, /* integer or float */
    PS_V_STRING,
    PS_V_TABLE,
    PS_V_FUNCTION,
    PS_V_OTHER /* a coroutine or userdata */
};

/* "nil", "boolean", "number", "string", "table", "function", "other value" */
const char *ps_value_kind_name(int kind);

#define PS_PATH_FMT __attribute__((format(printf, 4, 5)))

/* The kind of the value at the path (PS_V_NIL if any part is missing). */
int ps_read_kind(ps_scenario *sc, int *kind, ps_err *err, const char *fmt, ...) PS_PATH_FMT;

/* Whether the value at the path is a table (a section the scenario has):
 * 1 or 0; an internal failure reads as 0 and is reported by the next
 * reader that fails the same way. */
int ps_read_has_table(ps_scenario *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A number in [lo, hi] (NaN is refused).  set == NULL: the value is
 * required; else a nil leaves *out untouched and sets *set = 0. */
int ps_read_number(ps_scenario *sc, double lo, double hi, double *out, int *set, ps_err *err,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* A whole number (a Lua integer, not 2030.0) in [lo, hi]; set as above. */
int ps_read_integer(ps_scenario *sc, long long lo, long long hi, long long *out, int *set,
                    ps_err *err, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* A string, copied into *out (the caller frees it); set as above (nil:
 * *out = NULL). */
int ps_read_string(ps_scenario *sc, char **out, int *set, ps_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A boolean (0 or 1); set as above. */
int ps_read_bool(ps_scenario *sc, int *out, int *set, ps_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The length of a list (the raw border #t); nil has length 0; any other
 * kind is an error. */
int ps_read_len(ps_scenario *sc, int *n, ps_err *err, const char *fmt, ...) PS_PATH_FMT;

/* A list of numbers {v1, ..., vn}, each in [lo, hi], at most max of them:
 * *n is the count.  nil gives *n = 0. */
int ps_read_numbers(ps_scenario *sc, double lo, double hi, double *out, int max, int *n,
                    ps_err *err, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* The keys of a table, sorted (strcmp), at most max: *keys is an array of
 * *n strings the caller frees with ps_read_keys_free.  nil gives no keys.
 * A key that is not a string, or more than max keys, is PS_EINPUT. */
int ps_read_keys(ps_scenario *sc, char ***keys, int *n, int max, ps_err *err, const char *fmt,
                 ...) __attribute__((format(printf, 6, 7)));
void ps_read_keys_free(char **keys, int n);

/* ---------------------------------------------------------------- functions */

/* A function of the scenario, held while the handle lives. */
typedef struct ps_fn {
    int ref; /* 0: none */
} ps_fn;

/* Takes the function at the path (a non-function is PS_EINPUT). */
int ps_read_function(ps_scenario *sc, ps_fn *fn, ps_err *err, const char *fmt, ...) PS_PATH_FMT;
void ps_fn_release(ps_scenario *sc, ps_fn *fn); /* an empty handle is a no-op */

/* An argument of a call. */
enum { PS_ARG_INT, PS_ARG_STRING, PS_ARG_STATE, PS_ARG_NIL };
typedef struct ps_arg {
    int kind;
    long long i;   /* PS_ARG_INT */
    const char *s; /* PS_ARG_STRING */
} ps_arg;

/* Calls fn(args...) under the sandbox's limits.  Its first result's kind
 * goes to *kind and, if a number, its value to *num.  An error in the
 * function (or a limit) returns its code with the script's message (file
 * and line of the script); the caller prefixes what it was calling. */
int ps_fn_call(ps_scenario *sc, const ps_fn *fn, const ps_arg *args, int nargs, int *kind,
               double *num, ps_err *err);

#endif
