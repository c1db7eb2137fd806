/* fundcheck.h: the fund identity checked on the files written, not inside
 * the module that computed them: for every table of a results folder whose
 * columns.csv declares a `fund` column of kind fund beside interest,
 * income_total and expenditure, the balance carried must equal the
 * previous balance plus the flows as written,
 *   fund[t] = fund[t-1] + interest[t] + income_total[t] - expenditure[t],
 * so a flow written wrong (or a balance carried wrong) fails the run.
 * GPL-3.0-or-later. */
#ifndef PS_FUNDCHECK_H
#define PS_FUNDCHECK_H

#include "ps_error.h"

/* PS_OK, or PS_EINTERNAL naming the file, the year and both amounts. */
int ps_fund_check_dir(const char *dir, ps_err *err);

#endif
