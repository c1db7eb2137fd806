/* sweep_chart.h: the tornado charts of a sweep.  GPL-3.0-or-later. */
#ifndef PS_SWEEP_CHART_H
#define PS_SWEEP_CHART_H

#include "ps_error.h"

/* Reads dir/tornado.csv and draws, for each headline answer whose values
 * are numbers, dir/plots/tornado_<answer>.<ext>: one pair of bars per
 * parameter (the answer at its low and high value), the parameters with
 * the largest swing first.  formats: PS_FMT_* bits; lang: PS_LANG_*. */
int ps_plots_sweep(const char *dir, int formats, int lang, ps_err *err);

#endif
