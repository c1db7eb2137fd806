/* towns.h: the township layer under the county (MODEL.md section 8).
 *
 * The module ps_towns_module (modules.c, after the service modules) runs
 * when the scenario has a `towns` section.  It splits the county's
 * projection into towns that always sum to the county, and sets each town's
 * service demand against its supply (docs/towns.md):
 *
 * - totals only (towns.file `town,population[,population_previous]`): the
 *   share-trend method.  A town's share moves along the log-linear trend of
 *   its shares at the two censuses, the yearly change damped after the base
 *   year, and the shares are normalised to sum to 1; a town's population is
 *   its share of the county's, and it has the county's age structure.
 * - ages by town (towns.ages `town,sex,age,population`): a multiregional
 *   cohort-component step per town with the county's rates (times the
 *   town's fertility and mortality factors from towns.vital), net migrants
 *   from outside split by towns' external shares, moves between towns
 *   (towns.migration `from,to,rate`), then every sex-age cell raked to the
 *   county's.
 *
 * Other modules read the layer through the functions below (for example
 * the funerals module to site cemetery plots): a module that calls them
 * during its step must come after towns in modules.c; after the projection
 * (write, summary) any module may.  GPL-3.0-or-later. */
#ifndef PS_TOWNS_H
#define PS_TOWNS_H

#include "population.h"
#include "run.h"

#define PS_TOWNS_MAX 200   /* towns in one file */
#define PS_TOWN_NAME 64    /* bytes of a town's name, with the NUL */

/* ---------------------------------------------------------------- for other modules */

/* Number of towns of the run (0: no towns layer). */
int ps_towns_count(ps_run *run);
/* Name of town i (0..count-1), or NULL. */
const char *ps_towns_name(ps_run *run, int town);
/* Index of the town named `name`, or -1. */
int ps_towns_index(ps_run *run, const char *name);
/* Town i's share of the county's population on 1 January of `year`
 * (the shares of all towns sum to 1 within 1e-12); NaN if there is no
 * such town or the year is not computed yet. */
double ps_towns_share(ps_run *run, int town, int year);
/* Town i's share of the county's deaths in year -> year+1 (for cemetery
 * plots and funerals; NaN in the last year or when unknown). */
double ps_towns_deaths_share(ps_run *run, int town, int year);
/* ps_towns_deaths_share of towns 0..n-1 into out[] (n = the layer's towns,
 * at most max), with one look-up of the layer; returns n (0 without a
 * towns layer).  For a module that reads every town each year (issue 18). */
int ps_towns_deaths_shares(ps_run *run, int year, double *out, int max);
/* Town i's population by sex and age on 1 January of `year`, or NULL.
 * The towns' cells sum to the county's (ps_run_pop) within 1e-12. */
const ps_pop *ps_towns_pop(ps_run *run, int town, int year);

/* ---------------------------------------------------------------- pure pieces, for the tests */

/* Shares at year t from shares s1 at census year y1 and s2 at y2 (y1 < y2;
 * each set summing to 1): log s_i(t) = log s2_i + g_i D(t), g_i =
 * log(s2_i / s1_i) / (y2 - y1), D(t) = t - y2 for t <= y2 and
 * phi + phi^2 + ... + phi^(t - y2) after (phi in [0, 1]: the damping of the
 * yearly change), then normalised to sum 1.  A town with a zero share at
 * either census keeps g_i = 0.  So t = y1 gives s1 and t = y2 gives s2. */
void ps_towns_share_trend(int n, const double *s1, const double *s2, int y1, int y2, int t,
                          double phi, double *out);

/* Rakes the n towns' cells so that every sex-age cell sums to the
 * county's: each town's cell times county / sum of towns (one margin, so
 * iterative proportional fitting converges in this one pass).  A cell that
 * is empty in every town but not in the county is split by the towns'
 * totals.  Returns the largest relative change made (0: already raked). */
double ps_towns_rake(int n, ps_pop *towns, const ps_pop *county);

#endif
