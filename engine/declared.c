/* declared.c: see declared.h.  GPL-3.0-or-later. */
#include "declared.h"

#include <string.h>

const ps_module *ps_module_find(const char *name)
{
    for (int m = 0; name && ps_modules[m]; m++)
        if (strcmp(ps_modules[m]->name, name) == 0)
            return ps_modules[m];
    return NULL;
}

const char *ps_module_label(const char *name, int lang)
{
    const ps_module *m = ps_module_find(name);
    if (!m)
        return NULL;
    const char *l = lang ? m->label_en : m->label_zh;
    return l && *l ? l : NULL;
}

int ps_module_table_defs(const ps_module *m, void *self, const ps_table_def **out, int max)
{
    int n = 0;
    for (int k = 0; m->declares && m->declares[k] && n < max; k++)
        out[n++] = m->declares[k];
    if (self && m->tables) {
        const ps_table *t[PS_MODULE_MAX_TABLES];
        int nt = m->tables(self, t, PS_MODULE_MAX_TABLES);
        for (int k = 0; k < nt && n < max; k++) {
            const ps_table_def *d = ps_table_get_def(t[k]);
            int seen = 0;
            for (int j = 0; j < n && !seen; j++)
                seen = out[j] == d || strcmp(out[j]->file, d->file) == 0;
            if (!seen)
                out[n++] = d;
        }
    }
    return n;
}

static const ps_column_def *find_in(const ps_column_def *defs, const char *column)
{
    for (const ps_column_def *d = defs; d && d->key; d++)
        if (strcmp(d->key, column) == 0)
            return d;
    return NULL;
}

const ps_column_def *ps_declared_column(const char *file, const char *column)
{
    for (int m = 0; file && column && ps_modules[m]; m++)
        for (int k = 0; ps_modules[m]->declares && ps_modules[m]->declares[k]; k++) {
            const ps_table_def *t = ps_modules[m]->declares[k];
            if (strcmp(t->file, file))
                continue;
            const ps_column_def *d = find_in(t->columns, column);
            if (!d)
                d = find_in(t->groups, column);
            if (d)
                return d;
        }
    return NULL;
}

const ps_column_def *ps_declared_indicator(const char *module, const char *column)
{
    const ps_module *m = ps_module_find(module);
    for (int k = 0; m && column && m->declares && m->declares[k]; k++)
        if (!m->declares[k]->groups) {
            const ps_column_def *d = find_in(m->declares[k]->columns, column);
            if (d)
                return d;
        }
    return NULL;
}

const ps_column_def *ps_declared_any(const char *column)
{
    for (int m = 0; column && ps_modules[m]; m++)
        for (int k = 0; ps_modules[m]->declares && ps_modules[m]->declares[k]; k++) {
            const ps_column_def *d = find_in(ps_modules[m]->declares[k]->columns, column);
            if (d)
                return d;
        }
    return NULL;
}
