/* declared.c: see declared.h.  GPL-3.0-or-later. */
#include "declared.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "summary.h"

/* Modules outside ps_modules, declared by the runs that use them: written
 * under the lock, published by the count (entries below it never change). */
#define MAX_EXTRA 64
static const ps_module *extra[MAX_EXTRA];
static atomic_int nextra;
static pthread_mutex_t extra_mu = PTHREAD_MUTEX_INITIALIZER;

/* Known module k: the shipped list, then the declared ones; NULL past the end. */
static const ps_module *known(int k)
{
    static atomic_int nship = -1;
    int ns = atomic_load(&nship);
    if (ns < 0) {
        for (ns = 0; ps_modules[ns]; ns++)
            ;
        atomic_store(&nship, ns);
    }
    if (k < ns)
        return ps_modules[k];
    return k - ns < atomic_load(&nextra) ? extra[k - ns] : NULL;
}

const ps_module *ps_module_find(const char *name)
{
    const ps_module *m;
    for (int k = 0; name && (m = known(k)); k++)
        if (strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

void ps_module_declare(const ps_module *const *mods)
{
    if (!mods || mods == ps_modules)
        return;
    pthread_mutex_lock(&extra_mu);
    for (int i = 0; mods[i]; i++) {
        int n = atomic_load(&nextra);
        if (n < MAX_EXTRA && mods[i]->name && !ps_module_find(mods[i]->name)) {
            extra[n] = mods[i];
            atomic_store(&nextra, n + 1);
        }
    }
    pthread_mutex_unlock(&extra_mu);
}

const char *ps_module_label(const char *name, int lang)
{
    const ps_module *m = ps_module_find(name);
    if (!m)
        return NULL;
    const char *l = lang ? m->label_en : m->label_zh;
    return l && *l ? l : NULL;
}

int ps_module_holder(const char *name)
{
    const ps_module *m = ps_module_find(name);
    return m ? m->holder : PS_HOLDER_UNSTATED;
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
    const ps_module *mod;
    for (int m = 0; file && column && (mod = known(m)); m++)
        for (int k = 0; mod->declares && mod->declares[k]; k++) {
            const ps_table_def *t = mod->declares[k];
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

const ps_column_def *ps_module_fund(const ps_module *m, const ps_table_def **table)
{
    const ps_table_def *defs[PS_MODULE_MAX_TABLES];
    int nd = m ? ps_module_table_defs(m, NULL, defs, PS_MODULE_MAX_TABLES) : 0;
    if (table)
        *table = NULL;
    for (int k = 0; k < nd; k++)
        for (const ps_column_def *c = defs[k]->columns; !defs[k]->groups && c && c->key; c++)
            if (c->kind == PS_KIND_FUND && c->headline) {
                if (table)
                    *table = defs[k];
                return c;
            }
    return NULL;
}

const ps_column_def *ps_declared_any(const char *column)
{
    const ps_module *mod;
    for (int m = 0; column && (mod = known(m)); m++)
        for (int k = 0; mod->declares && mod->declares[k]; k++) {
            const ps_column_def *d = find_in(mod->declares[k]->columns, column);
            if (d)
                return d;
        }
    return NULL;
}
