/* output.h: results folders written atomically, and numbers written so
 * that they read back exactly.  GPL-3.0-or-later. */
#ifndef PS_OUTPUT_H
#define PS_OUTPUT_H

#include <stdio.h>

#include "ps_error.h"

/* Text that strtod reads back to the same double, the shortest for normal
 * numbers (subnormals may take 15 digits); "nan" never
 * appears: callers write an empty field instead).  buf needs 32 bytes. */
const char *ps_fmt(char buf[32], double v);

/* The same for a message: NaN is spelled out. */
const char *ps_fmt_msg(char buf[32], double v);

/* Writes v (or nothing for NaN) preceded by a comma unless first. */
void ps_put(FILE *f, double v, int first);

/* Creates a temporary folder next to `final` (parents are created) and
 * writes its path to tmp.  Results are written there, then moved into
 * place by ps_outdir_commit, or removed by ps_outdir_abort, so a failed
 * run never leaves a half-written results folder. */
int ps_outdir_begin(const char *final, char *tmp, size_t tmpsz, ps_err *err);
int ps_outdir_commit(const char *tmp, const char *final, ps_err *err);
void ps_outdir_abort(const char *tmp);
/* A failed run's message names files in its temporary folder, which is
 * removed: they are named as they would be in the results folder instead
 * ("out/x/plots/a.svg", not "out/x.tmp-Ab12Cd/plots/a.svg"). */
void ps_err_name_final(ps_err *err, const char *tmp, const char *final);

/* Every folder policysim writes holds this file; a folder without it (and
 * not empty, and not results of an older version with a manifest.json) is
 * never replaced unless PS_OUT_FORCE: --out on a folder of the user's is
 * refused (PS_EUSAGE) instead of emptied.  Temporary folders left by a
 * killed run are removed by the next run into the same place. */
#define PS_OUT_MARKER ".policysim"
#define PS_OUT_FORCE 1
int ps_outdir_prepare(const char *final, int flags, char *tmp, size_t tmpsz, ps_err *err);
int ps_outdir_commit_flags(const char *tmp, const char *final, int flags, ps_err *err);
/* Does dir hold policysim results (or nothing)? */
int ps_outdir_is_ours(const char *dir);

/* Opens dir/name for writing; err names the path on failure. */
FILE *ps_open_out(const char *dir, const char *name, ps_err *err);
/* Closes f, turning a write error (disk full) into PS_EIO. */
int ps_close_out(FILE *f, const char *dir, const char *name, ps_err *err);

/* rm -rf, for our own temporary folders only. */
int ps_remove_tree(const char *path);

#endif
