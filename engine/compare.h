/* compare.h: `policysim compare A.lua B.lua [...]`: runs each scenario
 * and puts them side by side.
 *
 * The comparison folder holds one subfolder per scenario (its full
 * results: tables, parameters, manifest), comparison.csv in long form
 * (scenario,year,indicator,value) for every headline series,
 * differences.csv (each scenario against the first in 2025, 2030, 2035
 * and 2050: indicator,year,first's value, then per other scenario its
 * value and the difference), overlay charts in plots/, report.html,
 * report.pdf and results.xlsx.  Written to a temporary folder and renamed
 * at the end, like a run.  GPL-3.0-or-later. */
#ifndef PS_COMPARE_H
#define PS_COMPARE_H

#include <stddef.h>

#include "ps_error.h"
#include "sandbox.h"

#define PS_COMPARE_MAX 16

typedef struct ps_compare_spec {
    int n;                         /* scenarios, 2..PS_COMPARE_MAX */
    const char *const *scenarios;  /* paths of the scenario files */
    const char *out;               /* results folder */
    const char *scripts_dir;
    ps_limits lim;
    int formats;                   /* PS_FMT_* of the charts */
    int lang;                      /* PS_LANG_* */
    const char *version;           /* engine version for the manifests */
    /* optional: the modules of every scenario's run (NULL-terminated, as
     * for ps_run_new_with); NULL: the shipped list ps_modules */
    const struct ps_module *const *modules;
} ps_compare_spec;

/* Years of differences.csv (those inside every scenario's horizon). */
extern const int ps_compare_years[4];

int ps_compare(const ps_compare_spec *sp, ps_err *err);

/* A scenario in the overlay charts' legends: its description (as in the
 * decision table), or its name with spaces for underscores if it has
 * none, without a closing full stop, shortened to at most `cols` display
 * columns (a Chinese character counts two) with "..." after it, at the
 * end of a word when one ends in the last third.  The files keep the
 * scenario's name. */
void ps_compare_legend(const char *desc, const char *name, int cols, char *out, size_t n);
/* What the legends allow: PLplot lays such entries out one under another
 * (one legend column), and 64 columns fit the page's width. */
#define PS_COMPARE_LEGEND_COLS 64

#endif
