/* funerals.h: funerals and cemeteries (殡葬, the plan's section 六.4),
 * issue 16.  Deaths of the projection's year t (the flow t -> t+1) are
 * cremated at the cremation rate, the rest buried as bodies; of all
 * deaths, the eco-burial share (节地生态安葬: trees, flowers, lawns, walls,
 * sea) of the cremated needs no plot; the others need plots_per_death
 * plots each (couples share double plots).  A share of those plots is
 * in the townships' public cemeteries (公益性公墓), by township in
 * proportion to population; the rest in operating cemeteries or where a
 * township has none.  A township's cemetery fills in the first year
 * whose end-of-year use reaches its capacity; then, if expansion is on, a
 * new cemetery of plots_per_cemetery plots is built that year.
 *
 * Township shares of deaths come from the towns layer (towns.h,
 * ps_towns_deaths_share) when the scenario has one, matched by name; else
 * from the township file's 2020 populations.  The module is ps_funerals_module (modules.c).
 * GPL-3.0-or-later. */
#ifndef PS_FUNERALS_H
#define PS_FUNERALS_H

#include "ps_error.h"

#define PS_FUNERALS_MAX_TOWNS 64
#define PS_FUNERALS_NAME 32

typedef struct ps_townships {
    int n;
    char id[PS_FUNERALS_MAX_TOWNS][PS_FUNERALS_NAME];
    char name[PS_FUNERALS_MAX_TOWNS][64];
    double population[PS_FUNERALS_MAX_TOWNS];
    int cemeteries[PS_FUNERALS_MAX_TOWNS];
    double capacity[PS_FUNERALS_MAX_TOWNS]; /* NaN: cemeteries x plots_per_cemetery */
    double used[PS_FUNERALS_MAX_TOWNS];     /* NaN: capacity x initial_use */
} ps_townships;

/* Reads CSV id,name,population_2020,cemeteries[,capacity,used] (id an
 * identifier, population >= 0 with a positive total, cemeteries an integer
 * 0..100, capacity and used blank or >= 0 with used <= capacity). */
int ps_funerals_read_townships(const char *path, ps_townships *t, ps_err *err);

/* Deaths into funerals. */
typedef struct ps_funeral_split {
    double cremations, body_burials, eco_burials, cemetery_burials, plots;
} ps_funeral_split;
void ps_funerals_split(double deaths, double cremation_rate, double eco_share,
                       double plots_per_death, ps_funeral_split *out);

/* One cemetery (or a township's several) over a year: *used += plots;
 * returns 1 if it reached capacity this year (used < capacity before,
 * >= after). */
int ps_funerals_fill(double capacity, double *used, double plots);

/* The year a cemetery of `capacity` plots, `used` of them taken at the
 * start of year base, fills when plots[i] are placed in year base + i
 * (i < n); 0 if not within the n years.  Already full: base. */
int ps_funerals_fill_year(double capacity, double used, const double *plots, int n, int base);

#endif
