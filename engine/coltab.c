/* coltab.c: see coltab.h.  GPL-3.0-or-later. */
#include "coltab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

int ps_coltab_init(ps_coltab *t, const ps_coldef *cols, int ncol, int base, int ny,
                   ps_err *err)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncol = ncol;
    t->base = base;
    t->ny = ny;
    t->v = malloc((size_t)ny * (size_t)ncol * sizeof *t->v);
    if (!t->v)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    ps_coltab_clear(t);
    return PS_OK;
}

void ps_coltab_free(ps_coltab *t)
{
    free(t->v);
    t->v = NULL;
}

void ps_coltab_clear(ps_coltab *t)
{
    for (size_t i = 0; i < (size_t)t->ny * (size_t)t->ncol; i++)
        t->v[i] = NAN;
}

int ps_coltab_find(const ps_coltab *t, const char *key)
{
    for (int k = 0; k < t->ncol; k++)
        if (strcmp(t->cols[k].key, key) == 0)
            return k;
    return -1;
}

int ps_coltab_indicator(const ps_coltab *t, const char *name, int year, double *out)
{
    int k = t->v ? ps_coltab_find(t, name) : -1, i = year - t->base;
    if (k < 0 || i < 0 || i >= t->ny)
        return 0;
    double v = t->v[(size_t)i * (size_t)t->ncol + (size_t)k];
    if (isnan(v))
        return 0;
    *out = v;
    return 1;
}

const double *ps_coltab_column(const ps_coltab *t, const char *name, int *stride)
{
    int k = t->v ? ps_coltab_find(t, name) : -1;
    if (k < 0)
        return NULL;
    *stride = t->ncol;
    return t->v + k;
}

int ps_coltab_write(const ps_coltab *t, const char *dir, const char *file, ps_err *err)
{
    FILE *f = ps_open_out(dir, file, err);
    if (!f)
        return err->code;
    fputs("year", f);
    for (int k = 0; k < t->ncol; k++)
        fprintf(f, ",%s", t->cols[k].key);
    fputc('\n', f);
    for (int i = 0; i < t->ny; i++) {
        fprintf(f, "%d", t->base + i);
        for (int k = 0; k < t->ncol; k++)
            ps_put(f, t->v[(size_t)i * (size_t)t->ncol + (size_t)k], 0);
        fputc('\n', f);
    }
    return ps_close_out(f, dir, file, err);
}
