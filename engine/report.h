/* report.h: what a bureau reads: report.html (one self-contained file,
 * charts inline as SVG, no external resource, opens offline), report.pdf
 * (a run: the headline sentences first, then the figures behind them; a
 * comparison: the decision table of decision.csv first, then the key
 * years; then every chart as pages), and the chart files.
 *
 * Everything is read back from the results folder (the CSV files, the
 * parameters and the manifest just written), so a report shows exactly
 * what the files say.  GPL-3.0-or-later. */
#ifndef PS_REPORT_H
#define PS_REPORT_H

#include "ps_error.h"
#include "render.h"

/* Writes dir/report.html and dir/report.pdf with the charts of r (their
 * SVG taken from dir/plots/<name>.svg when present, else drawn here). */
int ps_report_write(const char *dir, const ps_render *r, const char *title, ps_err *err);

/* Everything `policysim run` adds to a results folder after the tables:
 * plots/<chart>.<fmt> for every format in formats, report.html,
 * report.pdf, results.xlsx and results.sqlite.  lang: PS_LANG_ZH/EN. */
int ps_report_run(const char *dir, int formats, int lang, ps_err *err);

#endif
