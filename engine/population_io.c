/* population_io.c: see population_io.h.  GPL-3.0-or-later. */
#include "population_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"

int ps_sex_from_name(const char *s)
{
    if (strcasecmp(s, "male") == 0)
        return PS_MALE;
    if (strcasecmp(s, "female") == 0)
        return PS_FEMALE;
    return -1;
}

const char *ps_sex_name(int sex) { return sex == PS_MALE ? "male" : "female"; }

/* Reads the sex and age of a row; checks the pair was not seen before. */
static int sex_age(const ps_csv *csv, int r, int cs, int ca, char seen[PS_NSEX][PS_NAGE],
                   int *sex, int *age, ps_err *err)
{
    *sex = ps_sex_from_name(ps_csv_field(csv, r, cs));
    if (*sex < 0)
        return ps_err_set(err, PS_EINPUT,
                          "%s:%d: column 'sex': '%s' is not a sex (use male or female)",
                          ps_csv_name(csv), ps_csv_line(csv, r), ps_csv_field(csv, r, cs));
    if (ps_csv_int(csv, r, ca, 0, PS_AGE_OPEN, age, err))
        return err->code;
    if (seen[*sex][*age])
        return ps_err_set(err, PS_EINPUT, "%s:%d: column 'age': %s age %d appears twice",
                          ps_csv_name(csv), ps_csv_line(csv, r), ps_sex_name(*sex), *age);
    seen[*sex][*age] = 1;
    return PS_OK;
}

static int require_all(const ps_csv *csv, char seen[PS_NSEX][PS_NAGE], ps_err *err)
{
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            if (!seen[x][a])
                return ps_err_set(err, PS_EINPUT,
                                  "%s: no row for %s age %d (ages 0..100 of both sexes are needed)",
                                  ps_csv_name(csv), ps_sex_name(x), a);
    return PS_OK;
}

int ps_read_sex_age_table(const char *path, const char *col, double lo, double hi,
                          int require_every_cell, double out[PS_NSEX][PS_NAGE], ps_err *err)
{
    char seen[PS_NSEX][PS_NAGE] = {{0}};
    ps_csv *csv = ps_csv_read(path, err);
    int cs, ca, cv, sex, age, rc = PS_OK;
    if (!csv)
        return err->code;
    memset(out, 0, sizeof(double) * PS_NSEX * PS_NAGE);
    if ((cs = ps_csv_require_col(csv, "sex", err)) < 0 ||
        (ca = ps_csv_require_col(csv, "age", err)) < 0 ||
        (cv = ps_csv_require_col(csv, col, err)) < 0) {
        rc = err->code;
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        double v;
        if ((rc = sex_age(csv, r, cs, ca, seen, &sex, &age, err)) ||
            (rc = ps_csv_number(csv, r, cv, &v, err)))
            goto done;
        if (v < lo || v > hi) {
            if (lo == 0 && v < 0)
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is negative", path,
                                ps_csv_line(csv, r), col, ps_csv_field(csv, r, cv));
            else
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is outside [%g, %g]",
                                path, ps_csv_line(csv, r), col, ps_csv_field(csv, r, cv), lo, hi);
            goto done;
        }
        out[sex][age] = v;
    }
    if (require_every_cell)
        rc = require_all(csv, seen, err);
done:
    ps_csv_free(csv);
    return rc;
}

int ps_read_base_population(const char *path, ps_pop *out, ps_err *err)
{
    return ps_read_sex_age_table(path, "population", 0, HUGE_VAL, 1, out->p, err);
}

int ps_read_mortality(const char *path, int closed, double q[PS_NSEX][PS_NAGE], ps_err *err)
{
    char seen[PS_NSEX][PS_NAGE] = {{0}};
    ps_csv *csv = ps_csv_read(path, err);
    int cs, ca, sex, age, rc = PS_OK;
    if (!csv)
        return err->code;
    int cq = ps_csv_col(csv, "qx"), cm = ps_csv_col(csv, "mx");
    if ((cs = ps_csv_require_col(csv, "sex", err)) < 0 ||
        (ca = ps_csv_require_col(csv, "age", err)) < 0) {
        rc = err->code;
        goto done;
    }
    if (cq < 0 && cm < 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: missing column 'qx' or 'mx' (one is needed)", path);
        goto done;
    }
    if (cq >= 0 && cm >= 0) {
        rc = ps_err_set(err, PS_EINPUT,
                        "%s: has both 'qx' and 'mx' columns; keep the one the scenario means",
                        path);
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        double v;
        int c = cq >= 0 ? cq : cm;
        if ((rc = sex_age(csv, r, cs, ca, seen, &sex, &age, err)) ||
            (rc = ps_csv_number(csv, r, c, &v, err)))
            goto done;
        double hi = cq >= 0 ? 1.0 : 2.0;
        if (v < 0 || v > hi) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is outside [0, %g]", path,
                            ps_csv_line(csv, r), cq >= 0 ? "qx" : "mx",
                            ps_csv_field(csv, r, c), hi);
            goto done;
        }
        q[sex][age] = cq >= 0 ? v : v / (1.0 + v / 2.0);
    }
    if ((rc = require_all(csv, seen, err)))
        goto done;
    for (int x = 0; x < PS_NSEX; x++) {
        if (closed)
            q[x][PS_AGE_OPEN] = 1.0;
        if (!(q[x][PS_AGE_OPEN] > 0.0)) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: %s mortality at the open age 100 is 0: nobody would ever die",
                            path, ps_sex_name(x));
            goto done;
        }
    }
done:
    ps_csv_free(csv);
    return rc;
}

int ps_read_fertility(const char *path, double asfr[PS_NAGE], double *sum, ps_err *err)
{
    char seen[PS_NAGE] = {0};
    ps_csv *csv = ps_csv_read(path, err);
    int ca, cf, age, rc = PS_OK;
    if (!csv)
        return err->code;
    memset(asfr, 0, PS_NAGE * sizeof *asfr);
    *sum = 0.0;
    if ((ca = ps_csv_require_col(csv, "age", err)) < 0 ||
        (cf = ps_csv_require_col(csv, "asfr", err)) < 0) {
        rc = err->code;
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        double v;
        if ((rc = ps_csv_int(csv, r, ca, PS_FERT_MIN, PS_FERT_MAX, &age, err)) ||
            (rc = ps_csv_number(csv, r, cf, &v, err)))
            goto done;
        if (seen[age]) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'age': age %d appears twice", path,
                            ps_csv_line(csv, r), age);
            goto done;
        }
        seen[age] = 1;
        if (v < 0 || v > 1) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'asfr': %s is outside [0, 1]", path,
                            ps_csv_line(csv, r), ps_csv_field(csv, r, cf));
            goto done;
        }
        asfr[age] = v;
        *sum += v;
    }
    if (!(*sum > 0))
        rc = ps_err_set(err, PS_EINPUT, "%s: the fertility rates sum to 0", path);
done:
    ps_csv_free(csv);
    return rc;
}

int ps_read_migration_distribution(const char *path, double share[PS_NSEX][PS_NAGE],
                                   ps_err *err)
{
    double sum = 0.0;
    if (ps_read_sex_age_table(path, "share", 0, HUGE_VAL, 0, share, err))
        return err->code;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            sum += share[x][a];
    if (!(sum > 0))
        return ps_err_set(err, PS_EINPUT, "%s: the shares sum to 0", path);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            share[x][a] /= sum;
    return PS_OK;
}

/* ---------------------------------------------------------------- inputs by year */

void ps_year_table_free(ps_year_table *t)
{
    free(t->years);
    free(t->v);
    t->years = NULL;
    t->v = NULL;
    t->ny = 0;
}

void ps_year_table_at(const ps_year_table *t, int year, double out[PS_NSEX][PS_NAGE])
{
    int k = 0;
    if (t->ny == 1 || year <= t->years[0]) {
        memcpy(out, t->v[0], sizeof t->v[0]);
        return;
    }
    if (year >= t->years[t->ny - 1]) {
        memcpy(out, t->v[t->ny - 1], sizeof t->v[0]);
        return;
    }
    while (t->years[k + 1] < year)
        k++;
    double w = (double)(year - t->years[k]) / (t->years[k + 1] - t->years[k]);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            out[x][a] = (1 - w) * t->v[k][x][a] + w * t->v[k + 1][x][a];
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Rows [year,][sex,]age,<value column cv> into t.  cy < 0: one year; cs < 0:
 * no sex column (values in v[y][0]).  Values in [lo, hi]; each cell of a year
 * at most once; with require_all every cell of every year. */
static int year_table(ps_csv *csv, const char *path, int cy, int cs, int ca, int cv,
                      int age_lo, int age_hi, double lo, double hi, int require_all,
                      ps_year_table *t, ps_err *err)
{
    int n = ps_csv_nrows(csv), rc = PS_OK, nsex = cs < 0 ? 1 : PS_NSEX;
    char (*seen)[PS_NSEX][PS_NAGE] = NULL;
    memset(t, 0, sizeof *t);
    t->years = malloc(((size_t)n + 1) * sizeof *t->years);
    if (!t->years)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    if (cy < 0) {
        t->ny = 1;
        t->years[0] = 0;
    } else {
        for (int r = 0; r < n; r++)
            if (ps_csv_int(csv, r, cy, 1800, 2500, &t->years[r], err)) {
                ps_year_table_free(t);
                return err->code;
            }
        qsort(t->years, (size_t)n, sizeof *t->years, cmp_int);
        for (int r = 0; r < n; r++)
            if (t->ny == 0 || t->years[t->ny - 1] != t->years[r])
                t->years[t->ny++] = t->years[r];
        if (t->ny == 0) {
            ps_year_table_free(t);
            return ps_err_set(err, PS_EINPUT, "%s: no rows", path);
        }
    }
    t->v = calloc((size_t)t->ny, sizeof *t->v);
    seen = calloc((size_t)t->ny, sizeof *seen);
    if (!t->v || !seen) {
        free(seen);
        ps_year_table_free(t);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    for (int r = 0; r < n && !rc; r++) {
        int k = 0, sex = 0, age, year = 0;
        double v;
        if (cy >= 0) {
            ps_csv_int(csv, r, cy, 1800, 2500, &year, err);
            int *p = bsearch(&year, t->years, (size_t)t->ny, sizeof *t->years, cmp_int);
            k = (int)(p - t->years);
        }
        if (cs >= 0 && (sex = ps_sex_from_name(ps_csv_field(csv, r, cs))) < 0) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'sex': '%s' is not a sex (use male or female)", path,
                            ps_csv_line(csv, r), ps_csv_field(csv, r, cs));
            break;
        }
        if ((rc = ps_csv_int(csv, r, ca, age_lo, age_hi, &age, err)) ||
            (rc = ps_csv_number(csv, r, cv, &v, err)))
            break;
        if (seen[k][sex][age]) {
            char yb[32] = "";
            if (cy >= 0)
                snprintf(yb, sizeof yb, "year %d ", year);
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: %s%s%sage %d appears twice", path,
                            ps_csv_line(csv, r), yb, cs >= 0 ? ps_sex_name(sex) : "",
                            cs >= 0 ? " " : "", age);
            break;
        }
        seen[k][sex][age] = 1;
        if (!(v >= lo && v <= hi)) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is outside [%g, %g]", path,
                            ps_csv_line(csv, r), ps_csv_header(csv, cv),
                            ps_csv_field(csv, r, cv), lo, hi);
            break;
        }
        t->v[k][sex][age] = v;
    }
    for (int k = 0; !rc && require_all && k < t->ny; k++)
        for (int x = 0; !rc && x < nsex; x++)
            for (int a = age_lo; !rc && a <= age_hi; a++)
                if (!seen[k][x][a]) {
                    char yb[32] = "";
                    if (cy >= 0)
                        snprintf(yb, sizeof yb, "year %d ", t->years[k]);
                    rc = ps_err_set(err, PS_EINPUT, "%s: no row for %s%s%sage %d", path, yb,
                                    cs >= 0 ? ps_sex_name(x) : "", cs >= 0 ? " " : "", a);
                }
    free(seen);
    if (rc)
        ps_year_table_free(t);
    return rc;
}

int ps_read_mortality_table(const char *path, int closed, ps_year_table *t, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int cs, ca, rc;
    memset(t, 0, sizeof *t);
    if (!csv)
        return err->code;
    int cq = ps_csv_col(csv, "qx"), cm = ps_csv_col(csv, "mx"), cy = ps_csv_col(csv, "year");
    if ((cs = ps_csv_require_col(csv, "sex", err)) < 0 ||
        (ca = ps_csv_require_col(csv, "age", err)) < 0) {
        rc = err->code;
    } else if (cq < 0 && cm < 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: missing column 'qx' or 'mx' (one is needed)", path);
    } else if (cq >= 0 && cm >= 0) {
        rc = ps_err_set(err, PS_EINPUT,
                        "%s: has both 'qx' and 'mx' columns; keep the one the scenario means",
                        path);
    } else {
        rc = year_table(csv, path, cy, cs, ca, cq >= 0 ? cq : cm, 0, PS_AGE_OPEN, 0,
                        cq >= 0 ? 1.0 : 2.0, 1, t, err);
    }
    for (int k = 0; !rc && k < t->ny; k++)
        for (int x = 0; !rc && x < PS_NSEX; x++) {
            if (cm >= 0)
                for (int a = 0; a < PS_NAGE; a++)
                    t->v[k][x][a] = t->v[k][x][a] / (1.0 + t->v[k][x][a] / 2.0);
            if (closed)
                t->v[k][x][PS_AGE_OPEN] = 1.0;
            if (!(t->v[k][x][PS_AGE_OPEN] > 0.0)) {
                char yb[32] = "";
                if (cy >= 0)
                    snprintf(yb, sizeof yb, " in %d", t->years[k]);
                rc = ps_err_set(err, PS_EINPUT,
                                "%s: %s mortality at the open age 100 is 0%s: nobody would ever "
                                "die",
                                path, ps_sex_name(x), yb);
            }
        }
    if (rc)
        ps_year_table_free(t);
    ps_csv_free(csv);
    return rc;
}

int ps_read_fertility_table(const char *path, ps_year_table *t, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int ca, cf, rc;
    memset(t, 0, sizeof *t);
    if (!csv)
        return err->code;
    if ((ca = ps_csv_require_col(csv, "age", err)) < 0 ||
        (cf = ps_csv_require_col(csv, "asfr", err)) < 0)
        rc = err->code;
    else
        rc = year_table(csv, path, ps_csv_col(csv, "year"), -1, ca, cf, PS_FERT_MIN,
                        PS_FERT_MAX, 0, 1, 0, t, err);
    for (int k = 0; !rc && k < t->ny; k++) {
        double sum = 0;
        for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++)
            sum += t->v[k][0][a];
        if (!(sum > 0)) {
            char yb[32] = "";
            if (t->ny > 1 || ps_csv_col(csv, "year") >= 0)
                snprintf(yb, sizeof yb, " in %d", t->years[k]);
            rc = ps_err_set(err, PS_EINPUT, "%s: the fertility rates sum to 0%s", path, yb);
        }
    }
    if (rc)
        ps_year_table_free(t);
    ps_csv_free(csv);
    return rc;
}

int ps_read_migration_counts(const char *path, ps_year_table *t, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int cy, cs, ca, cn, rc;
    memset(t, 0, sizeof *t);
    if (!csv)
        return err->code;
    if ((cy = ps_csv_require_col(csv, "year", err)) < 0 ||
        (cs = ps_csv_require_col(csv, "sex", err)) < 0 ||
        (ca = ps_csv_require_col(csv, "age", err)) < 0 ||
        (cn = ps_csv_require_col(csv, "net", err)) < 0)
        rc = err->code;
    else
        rc = year_table(csv, path, cy, cs, ca, cn, 0, PS_AGE_OPEN, -1e9, 1e9, 0, t, err);
    ps_csv_free(csv);
    return rc;
}
