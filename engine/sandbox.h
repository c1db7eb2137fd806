/* sandbox.h: a Lua 5.4 state in which scenario scripts run.
 *
 * Built from an allow list (Redis's Lua embedding is the model): scripts see
 * only named safe globals; no io, os.execute, package, debug, dofile,
 * loadfile, string.dump or binary chunks; `require` loads text modules only
 * from the scripts/ library and the scenario's own folder; every file gets
 * its own global table, and reading or writing an undeclared global is an
 * error.  An instruction budget (a count hook that keeps firing once
 * tripped, so a script-level pcall cannot swallow it) and a memory limit
 * (a counting allocator) stop runaway scripts.
 *
 * One sandbox per run; a sandbox is used by one thread at a time.
 * GPL-3.0-or-later. */
#ifndef PS_SANDBOX_H
#define PS_SANDBOX_H

#include <signal.h>
#include <stddef.h>

#include "ps_error.h"

struct lua_State;

typedef struct ps_limits {
    long long max_instructions; /* per sandbox, over its whole life */
    size_t max_memory;          /* bytes */
} ps_limits;

#define PS_DEFAULT_MAX_INSTRUCTIONS 500000000LL
#define PS_MIN_MAX_INSTRUCTIONS 10000LL
#define PS_DEFAULT_MAX_MEMORY ((size_t)512 << 20)
/* Wall-clock bound of one call of the scenario from C (a hook, a
 * function of a year, loading), a backstop behind the instruction count. */
#define PS_MAX_SECONDS_PER_CALL 120.0

/* The process's stop flag (set by main's SIGINT/SIGTERM handler): when it
 * is non-zero every running script stops with PS_ESTOPPED.  Signals are
 * process-wide, so is this; set it once before any sandbox runs. */
void ps_sandbox_set_stop_flag(volatile sig_atomic_t *flag);

/* What counts as work (the "instructions" of the limit): every Lua
 * instruction in every coroutine (a coroutine is charged a full hook
 * period when created, since a fresh thread starts a fresh count), every
 * 64 bytes a script allocates, and for the library functions that work in
 * C (pattern matching, table.move/sort/unpack, string.rep...) a bound of
 * their work computed from their arguments before they run.  Finalizers
 * (__gc) are refused, so no script code runs outside the hook. */

typedef struct ps_sandbox ps_sandbox;

/* Creates a sandbox.  scripts_dir is the library folder `require` may read
 * (may be NULL).  Returns NULL with err set on failure. */
ps_sandbox *ps_sandbox_new(const ps_limits *lim, const char *scripts_dir, ps_err *err);
void ps_sandbox_free(ps_sandbox *sb); /* NULL is a no-op */

struct lua_State *ps_sandbox_lua(ps_sandbox *sb);

/* Calls the function under it on the stack with nargs arguments (like
 * lua_pcall), with a traceback handler.  On error the message (with a
 * short traceback) goes into err, with PS_ELIMIT when a limit was hit and
 * PS_EINPUT otherwise, and nothing is left on the stack. */
int ps_sandbox_call(ps_sandbox *sb, int nargs, int nresults, ps_err *err);

/* Loads a scenario or module file as text in a fresh sandboxed global
 * table and pushes the chunk (not yet run).  The folder of `path` is added
 * to the folders `require` searches. */
int ps_sandbox_loadfile(ps_sandbox *sb, const char *path, ps_err *err);

/* Pushes a fresh sandboxed global table (what every file gets). */
void ps_sandbox_push_env(ps_sandbox *sb);

/* Pushes the string library without metering, for the trusted loader. */
void ps_sandbox_push_trusted_string(ps_sandbox *sb);

/* Runs fn(L, ud) inside a protected call (any Lua error, limit included,
 * becomes err); fn returns a PS_ code and sets err itself. */
int ps_sandbox_protect(ps_sandbox *sb, int (*fn)(struct lua_State *L, void *ud, ps_err *err),
                       void *ud, ps_err *err);

/* Instructions used so far (in units of the hook's granularity). */
long long ps_sandbox_instructions(const ps_sandbox *sb);
size_t ps_sandbox_memory(const ps_sandbox *sb);

#endif
