/* towns_chart.h: the township layer's charts and report section (issue 15,
 * docs/towns.md), planned from a results folder's towns.csv and
 * town_services.csv:
 *   towns_population, towns_age_60_plus: small multiples, one panel per
 *     town, each on its own scale, with the change over the horizon;
 *   towns_gap_<service>: the towns ranked by their gap (demand minus supply;
 *     negative: surplus) in the chart year (parameters.csv towns.chart_year,
 *     else 2035), for each service with a supply by town.
 * GPL-3.0-or-later. */
#ifndef PS_TOWNS_CHART_H
#define PS_TOWNS_CHART_H

#include <stdio.h>

#include "ps_error.h"
#include "render.h"

/* Adds the towns' charts to r if dir has towns.csv (else nothing). */
int ps_render_plan_towns(ps_render *r, const char *dir, ps_err *err);

/* The report's towns section (HTML, into f) if dir has towns.csv: the
 * method, and a table by town of the population in the base and chart
 * years and each service's gap in the chart year with the nearest town
 * with a surplus.  Returns 1 if written, 0 if dir has no towns. */
int ps_towns_report_html(FILE *f, const char *dir, int lang);

/* `compare` by town: reads <dir>/<names[s]>/towns.csv and
 * town_services.csv for each of the ns scenarios and writes
 * dir/town_differences.csv (town,year,indicator, the first scenario's
 * value, then each other's value and difference), for the years 2025,
 * 2030, 2035 and 2050 inside the horizon; nothing if the first scenario
 * has no towns. */
int ps_towns_compare(const char *dir, char names[][128], int ns, ps_err *err);

/* Adds to a comparison's charts the towns ranked by their difference from
 * the first scenario (population, each gap) in 2035, read from
 * dir/town_differences.csv, for each scenario and indicator where a town
 * differs.  words[k]: scenario k in words (its description), for the
 * axis; names[k] finds its columns. */
int ps_towns_compare_charts(ps_render *r, const char *dir, char names[][128],
                            char words[][512], int ns, ps_err *err);

#endif
