/* pension_resident.h: the urban-rural resident basic pension (城乡居民基本
 * 养老保险, MODEL.md section 3) and the land-expropriated farmers' old-age
 * guarantee (被征地农民养老保障), two modules in pension_resident.c.
 *
 * Each is active when the scenario has its section (`pension_resident`,
 * `land_guarantee`); it then writes pension_resident.csv or
 * land_guarantee.csv, one row a year.  The resident pension reads the
 * employee scheme's contributors and retirees (pension_employee.h) to leave
 * them out of its own population.
 * GPL-3.0-or-later. */
#ifndef PS_PENSION_RESIDENT_H
#define PS_PENSION_RESIDENT_H

#include "module.h"
#include "ps_error.h"

extern const ps_module ps_pension_resident_module;
extern const ps_module ps_land_guarantee_module;

/* Contribution grades (缴费档次): CSV grade,amount,share,subsidy with
 * amounts (yuan/year) > 0 and increasing, shares in [0,1] summing to 1
 * (within 1e-6), subsidies >= 0.  Writes the share-weighted mean amount
 * and subsidy per participant.  Errors name file, line and column. */
int ps_pr_read_grades(const char *path, double *mean_amount, double *mean_subsidy,
                      ps_err *err);

#endif
