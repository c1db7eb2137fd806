/* fundcheck.c: see fundcheck.h.  GPL-3.0-or-later. */
#include "fundcheck.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "table.h"

#define FUND_TOL 1e-9

static int check_file(const char *dir, const char *file, ps_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    ps_csv *t = ps_csv_read(path, err);
    if (!t)
        return err->code;
    int cy = ps_csv_col(t, "year"), cf = ps_csv_col(t, "fund"), ci = ps_csv_col(t, "interest"),
        cin = ps_csv_col(t, "income_total"), cx = ps_csv_col(t, "expenditure"), rc = PS_OK;
    if (cy < 0 || cf < 0 || ci < 0 || cin < 0 || cx < 0) {
        ps_csv_free(t);
        return PS_OK;
    }
    for (int r = 1; r < ps_csv_nrows(t) && !rc; r++) {
        const char *s[5] = {ps_csv_field(t, r - 1, cf), ps_csv_field(t, r, cf),
                            ps_csv_field(t, r, ci), ps_csv_field(t, r, cin),
                            ps_csv_field(t, r, cx)};
        double v[5];
        int ok = 1;
        for (int k = 0; k < 5 && ok; k++) {
            char *end;
            v[k] = strtod(s[k], &end);
            ok = *s[k] && !*end && isfinite(v[k]);
        }
        if (!ok || atoi(ps_csv_field(t, r, cy)) != atoi(ps_csv_field(t, r - 1, cy)) + 1)
            continue; /* empty cells, or not one row a year */
        double built = v[0] + v[2] + v[3] - v[4];
        double scale = fabs(v[1]) + fabs(v[0]) + fabs(v[3]) + fabs(v[4]) + 1.0;
        if (!(fabs(v[1] - built) <= FUND_TOL * scale))
            rc = ps_err_set(err, PS_EINTERNAL,
                            "%s: fund identity violated in %s: the balance carried is %.17g, "
                            "the previous balance plus the flows written (interest + "
                            "income_total - expenditure) is %.17g",
                            file, ps_csv_field(t, r, cy), v[1], built);
    }
    ps_csv_free(t);
    return rc;
}

int ps_fund_check_dir(const char *dir, ps_err *err)
{
    ps_columns *c = ps_columns_read(dir);
    int rc = PS_OK;
    for (int i = 0; i < ps_columns_count(c) && !rc; i++) {
        const ps_column_def *d = ps_columns_def(c, i);
        if (strcmp(d->key, "fund") == 0 && d->kind == PS_KIND_FUND)
            rc = check_file(dir, ps_columns_file(c, i), err);
    }
    ps_columns_free(c);
    return rc;
}
