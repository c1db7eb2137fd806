/* hh_common.c: see hh_common.h.  GPL-3.0-or-later. */
#include "hh_common.h"

#include <stdlib.h>

#include "scenario_read.h"

int ps_hh_state_new(ps_scenario *sc, const char *section, size_t size, void **self, int *on,
                    ps_err *err)
{
    *on = 0;
    if (!(*self = calloc(1, size)))
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *on = ps_read_has_table(sc, "%s", section);
    return PS_OK;
}

int ps_hh_one_table(const ps_table *tab, const ps_table **out, int max)
{
    if (!tab || max < 1)
        return 0;
    out[0] = tab;
    return 1;
}

int ps_hh_has_year(const ps_table *tab, int year)
{
    int base = ps_table_base(tab);
    return year >= base && year < base + ps_table_nyears(tab);
}
