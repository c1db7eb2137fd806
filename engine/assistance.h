/* assistance.h: the minimum living guarantee (最低生活保障, 低保) and
 * temporary assistance (临时救助), MODEL.md section 5: recipients from rates
 * by group, the standard's growth path, the phase-out (渐退) rule and
 * spending.  The module is ps_assistance_module (modules.c); the reader and
 * the arithmetic are exported for the unit tests.  GPL-3.0-or-later. */
#ifndef PS_ASSISTANCE_H
#define PS_ASSISTANCE_H

#include "population.h"
#include "ps_error.h"

#define PS_ASSIST_MAX_GROUPS 16
#define PS_ASSIST_NAME 32

enum { PS_AREA_URBAN = 0, PS_AREA_RURAL = 1 };

/* Recipient groups: an area and an age band, with the share of that
 * population receiving 低保. */
typedef struct ps_assist_groups {
    int n;
    char name[PS_ASSIST_MAX_GROUPS][PS_ASSIST_NAME];
    int area[PS_ASSIST_MAX_GROUPS];
    int age_from[PS_ASSIST_MAX_GROUPS], age_to[PS_ASSIST_MAX_GROUPS];
    double rate[PS_ASSIST_MAX_GROUPS];
} ps_assist_groups;

/* Reads CSV group,area,age_from,age_to,rate (area urban or rural, ages
 * 0..100, rate in [0, 1]; bands of one area must not overlap). */
int ps_assistance_read_groups(const char *path, ps_assist_groups *g, ps_err *err);

/* Recipients of group k: sum over its ages of P[a] * area share * rate,
 * the urban share being urban_share and the rural one 1 - urban_share. */
double ps_assistance_group_recipients(const ps_pop *p, const ps_assist_groups *g, int k,
                                      double urban_share);

/* The phase-out (渐退) rule.  Exits happen evenly over the year; a share of
 * them keeps the benefit for `months` more months (0..12).  Of those
 * months, months - months^2/24 fall in the year of exit and months^2/24 in
 * the next (the integral of min(n, 1 - s) over exit times s in [0, 1],
 * n = months/12).  Returns the person-years in phase-out during a year
 * from this year's and last year's phased-out exits. */
double ps_assistance_phaseout_years(double exits_kept, double exits_kept_last_year,
                                    double months);

/* The standard in year t from a reference-year value and yearly growth
 * rates: s(ref) = s_ref; s(t) = s(t-1) * (1 + growth(t-1)) after it and
 * s(t) = s(t+1) / (1 + growth(t)) before it.  growth[] is indexed from
 * year0; ref and t must lie in year0..year0+n-1. */
double ps_assistance_standard(double s_ref, int ref, const double *growth, int year0, int n,
                              int t);

#endif
