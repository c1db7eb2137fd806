/* budget_chart.h: the county budget's charts (issue 12), planned from a
 * results folder's budget.csv and budget_totals.csv: the county's cost by
 * programme (stacked), the shares of the levels of government in the
 * public cost (stacked, per cent), and the county's cost as a share of its
 * revenue.  GPL-3.0-or-later. */
#ifndef PS_BUDGET_CHART_H
#define PS_BUDGET_CHART_H

#include "ps_error.h"
#include "render.h"

/* Adds the budget charts to r if dir has budget.csv (else nothing). */
int ps_render_plan_budget(ps_render *r, const char *dir, ps_err *err);

#endif
