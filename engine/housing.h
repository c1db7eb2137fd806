/* housing.h: basic housing security (基本住房保障, the plan's section 七),
 * issue 16.  Three parts, one row a year in housing.csv:
 *
 * Public rental housing (公租房) and rental subsidies.  Eligible households
 * (demand) come from three groups: low-income households, the assistance
 * module's recipients over the household size (households module, or a
 * key) times the share needing housing; new graduates, the net migrants
 * aged 21-24 of the last `graduate_years` years times the graduate share
 * and the share applying (one person a household); non-hukou workers, a
 * stock N(t+1) = N(t) (1 - settle_rate) + net migration(t) from the 2020
 * census count, times the working share, the share applying, over their
 * household size.  A share of the eligible is served by a rental subsidy
 * (租赁补贴), the rest need a unit.  Supply: the stock of units (a path);
 * built = its increase; vacated = occupied units of last year times the
 * turnover rate; the gap = units needed - units.
 *
 * Old-community renovation (老旧小区改造): the pre-2000 stock (units)
 * renovated in equal parts over a schedule, cost per square metre, shares
 * paid by central, provincial and municipal governments and residents,
 * the county the rest.
 *
 * Rural dilapidated housing (农村危房改造): rural households (households
 * times the rural share), a backlog B(base) = rural households x the
 * dilapidated rate; each year a share of the backlog is renovated and new
 * cases arrive at a rate; a subsidy per renovated house.
 *
 * The module is ps_housing_module (modules.c).  GPL-3.0-or-later. */
#ifndef PS_HOUSING_H
#define PS_HOUSING_H

/* Old-community renovation in `year`: stock / (end - start + 1) units in
 * each year of [start, end], else 0. */
double ps_housing_renovated(double stock, int start, int end, int year);

/* Units vacated and allocated in a year: occupied last year prev_occ of
 * prev_units, this year's units and unit demand, the turnover rate.
 * Sets *occupied = min(units, demand), *vacated = prev_occ x turnover and
 * *allocated = the households newly housed (occupied - prev_occ + vacated,
 * not below 0). */
void ps_housing_units(double prev_occ, double units, double demand, double turnover,
                      double *occupied, double *vacated, double *allocated);

#endif
