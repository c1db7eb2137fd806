/* tasks.h: a list of independent tasks run by a few processes.
 *
 * PLplot is not thread-safe (its streams are process-wide state), but a
 * forked process has its own copy of it: the charts of a run are drawn by
 * up to PS_TASKS_MAX processes, this one and forked children, which take
 * task numbers from a pipe one at a time (so a slow task does not hold the
 * others back; give the longest tasks the lowest numbers) and write their
 * files into the same folder.  A child ends with _exit (never exit: its
 * copy of the parent's stdio buffers must not be flushed a second time),
 * its status is checked, and the first failure's message is passed back
 * through a pipe.
 *
 * Tasks run in this process alone when there is one task or one core,
 * when the process has other threads (a forked child would hold only the
 * calling thread: an MPI library's progress thread, say), or when the
 * environment variable PS_CHART_PROCS is 1.  PS_CHART_PROCS=N (1..8) sets
 * the number of processes; default: the number of cores, at most 4.
 * GPL-3.0-or-later. */
#ifndef PS_TASKS_H
#define PS_TASKS_H

#include "ps_error.h"

#define PS_TASKS_MAX 8

/* Runs task k (0..n-1); returns PS_OK or an error code with err set. */
typedef int (*ps_task_fn)(void *ctx, int k, ps_err *err);

/* Runs the n tasks; returns the first error (every child is waited for). */
int ps_tasks_run(int n, ps_task_fn fn, void *ctx, ps_err *err);

/* The number of processes ps_tasks_run would use for n tasks. */
int ps_tasks_procs(int n);

#endif
