/* hh_common.h: what the households, housing and funerals modules (issue
 * 16) share in reading their sections and giving their tables, so that
 * each says it once.  GPL-3.0-or-later. */
#ifndef PS_HH_COMMON_H
#define PS_HH_COMMON_H

#include <stddef.h>

#include "ps_error.h"
#include "scenario.h"
#include "table.h"

/* A module's create: allocates its zeroed state of `size` bytes into
 * *self (the run frees it with the module's destroy even on error) and
 * sets *on to whether the scenario has the module's `section` (a table):
 * when 0 the module stays off.  Returns PS_OK or PS_EINTERNAL (out of
 * memory). */
int ps_hh_state_new(ps_scenario *sc, const char *section, size_t size, void **self, int *on,
                    ps_err *err);

/* A module's `tables` callback for its one table: tab (NULL when the
 * module is off) into out[0]; returns how many (0 or 1). */
int ps_hh_one_table(const ps_table *tab, const ps_table **out, int max);

/* Whether `year` is one of the table's years. */
int ps_hh_has_year(const ps_table *tab, int year);

#endif
