/* run.c: see run.h.  GPL-3.0-or-later. */
#include "run.h"
#include "records.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "declared.h"
#include "lua_view.h"
#include "module.h"
#include "output.h"
#include "population_io.h"
#include "fundcheck.h"
#include "table.h"

#define IDENTITY_TOL 1e-9

struct ps_run {
    ps_scenario *sc;
    int base, end, ny, cur;
    int known;              /* years whose stock is known: pop[0..known-1] */
    ps_pop_schedules sched;
    int has_imp_age;
    double imp_age[PS_NSEX][PS_NAGE]; /* improvement by sex and age, if given */
    double imp_cum[PS_NSEX][PS_NAGE]; /* (1 - rate)^(t - base) for the year resolved last */
    ps_pop *pop;            /* ny stocks */
    ps_pop_flows *flows;    /* ny - 1 flows */
    ps_year_params *par;    /* ny */
    ps_pop_year *yin;       /* ny */
    int nmod;
    const ps_module *const *mods; /* NULL-terminated, modules.c's list or a test's */
    void **mstate;
    /* Which modules others read (stochastic draws leave out the rest when
     * their results are not asked for): see ps_run_set_skip. */
    unsigned char *read_by_other; /* nmod: read from outside any module (hooks) */
    unsigned char *edge;          /* nmod x nmod: [a * nmod + b] module a read b
                                     (1: a value, 2: its state) */
    unsigned char *skip;          /* nmod, or NULL */
    int tracking;                 /* creating modules or projecting */
    int in_module;                /* module being created or stepped, or -1 */
    int skipped_read;             /* a left-out module that was read, or -1 */
    const ps_series *s_tfr, *s_srb, *s_improvement, *s_mig_total;
    int projections;        /* times ps_run_project has started */
    int draw_only;          /* a stochastic worker's run: see ps_run_set_draw_only */
    const double *mort_dev; /* a draw's log-mortality deviation by year */
    int nev, evcap;         /* events.csv rows of this projection */
    struct run_event *ev;
    double frac0;           /* length of the base year's step (population.base_date) */
    /* inputs by year (a table without a year column has one year) */
    ps_year_table mort_t, fert_t, migc_t;
};

/* The fertility schedule of `year` into the kernel's schedules. */
static void set_asfr(ps_run *run, int year)
{
    double tmp[PS_NSEX][PS_NAGE];
    ps_year_table_at(&run->fert_t, year, tmp);
    run->sched.asfr_sum = 0;
    for (int a = 0; a < PS_NAGE; a++) {
        run->sched.asfr[a] = tmp[0][a];
        run->sched.asfr_sum += tmp[0][a];
    }
}

struct run_event {
    int year;
    char *source, *key, *old_value, *new_value, *note;
};

static void events_clear(ps_run *run)
{
    for (int i = 0; i < run->nev; i++) {
        struct run_event *e = &run->ev[i];
        free(e->source);
        free(e->key);
        free(e->old_value);
        free(e->new_value);
        free(e->note);
    }
    run->nev = 0;
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

int ps_run_event(ps_run *run, int year, const char *source, const char *key,
                 const char *old_value, const char *new_value, const char *note)
{
    if (run->nev == run->evcap) {
        int cap = run->evcap ? 2 * run->evcap : 16;
        struct run_event *ev = realloc(run->ev, (size_t)cap * sizeof *ev);
        if (!ev)
            return PS_EINTERNAL;
        run->ev = ev;
        run->evcap = cap;
    }
    struct run_event *e = &run->ev[run->nev];
    e->year = year;
    e->source = dup_or_empty(source);
    e->key = dup_or_empty(key);
    e->old_value = dup_or_empty(old_value);
    e->new_value = dup_or_empty(new_value);
    e->note = dup_or_empty(note);
    if (!e->source || !e->key || !e->old_value || !e->new_value || !e->note) {
        free(e->source);
        free(e->key);
        free(e->old_value);
        free(e->new_value);
        free(e->note);
        return PS_EINTERNAL;
    }
    run->nev++;
    return PS_OK;
}

int ps_run_event_count(const ps_run *run) { return run->nev; }


static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* population.base_date "YYYY-MM-DD" within base_year: the base population
 * is the stock on that date, carried to 1 January of base_year + 1 by a
 * step of (days to that 1 January) / (days in the year).  Unset: 1. */
static int read_base_date(ps_scenario *sc, double *frac, ps_err *err)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char *d = ps_scenario_string(sc, "population.base_date"), where[1200], tail;
    int y, m, day;
    *frac = 1.0;
    if (!d)
        return PS_OK;
    if (!ps_scenario_where(sc, "population.base_date", where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    int ok = sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3 && m >= 1 && m <= 12 &&
             day >= 1 && day <= mdays[m - 1] + (m == 2 && is_leap(y));
    if (!ok) {
        ps_err_set(err, PS_EINPUT, "%s: 'population.base_date' is '%s', not a date YYYY-MM-DD",
                   where, d);
        free(d);
        return PS_EINPUT;
    }
    free(d);
    if (y != sc->base_year)
        return ps_err_set(err, PS_EINPUT,
                          "%s: 'population.base_date' is in %d, not in base_year %d (the base "
                          "population is carried from that date to 1 January %d)",
                          where, y, sc->base_year, sc->base_year + 1);
    int doy = day - 1, ndays = 365 + is_leap(y);
    for (int k = 0; k < m - 1; k++)
        doy += mdays[k] + (k == 1 && is_leap(y));
    *frac = (double)(ndays - doy) / ndays;
    return PS_OK;
}

static int run_event_sink(void *ctx, int year, const char *source, const char *key,
                          const char *old_value, const char *new_value, const char *note)
{
    return ps_run_event(ctx, year, source, key, old_value, new_value, note);
}

ps_run *ps_run_new(ps_scenario *sc, ps_err *err)
{
    return ps_run_new_with(sc, ps_modules, err);
}

ps_run *ps_run_new_with(ps_scenario *sc, const ps_module *const *mods, ps_err *err)
{
    ps_run *run = calloc(1, sizeof *run);
    if (!run) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    run->sc = sc;
    run->mods = mods;
    ps_module_declare(mods); /* a list other than ps_modules: its names and columns in words */
    run->base = sc->base_year;
    run->end = sc->end_year;
    run->ny = sc->end_year - sc->base_year + 1;
    run->cur = run->base;
    run->s_tfr = ps_scenario_series(sc, "population.tfr");
    run->s_srb = ps_scenario_series(sc, "population.srb");
    run->s_improvement = ps_scenario_series(sc, "population.mortality_improvement");
    run->s_mig_total = ps_scenario_series(sc, "population.net_migration.total");
    run->pop = calloc((size_t)run->ny, sizeof *run->pop);
    run->flows = calloc((size_t)run->ny, sizeof *run->flows);
    run->par = calloc((size_t)run->ny, sizeof *run->par);
    run->yin = calloc((size_t)run->ny, sizeof *run->yin);
    for (run->nmod = 0; run->mods[run->nmod]; run->nmod++)
        ;
    run->mstate = calloc((size_t)run->nmod + 1, sizeof *run->mstate);
    run->read_by_other = calloc((size_t)run->nmod + 1, 1);
    run->edge = calloc((size_t)run->nmod * (size_t)run->nmod + 1, 1);
    run->in_module = -1;
    run->skipped_read = -1;
    if (!run->pop || !run->flows || !run->par || !run->yin || !run->mstate) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto fail;
    }
    if (read_base_date(sc, &run->frac0, err) ||
        ps_read_base_population(sc->pop_base, &run->pop[0], err) ||
        ps_read_mortality_table(sc->pop_mortality, sc->mortality_closed, &run->mort_t, err) ||
        ps_read_fertility_table(sc->pop_fertility, &run->fert_t, err))
        goto fail;
    ps_year_table_at(&run->mort_t, run->base, run->sched.q_base);
    set_asfr(run, run->base);
    char *migc = ps_scenario_string(sc, "population.net_migration.by_age");
    if (migc) {
        int rc = ps_read_migration_counts(migc, &run->migc_t, err);
        free(migc);
        if (rc)
            goto fail;
    }
    if (sc->pop_mig_dist &&
        ps_read_migration_distribution(sc->pop_mig_dist, run->sched.mig_share, err))
        goto fail;
    if (sc->pop_imp_age) {
        if (ps_read_sex_age_table(sc->pop_imp_age, "rate", -0.2, 0.2, 1, run->imp_age, err))
            goto fail;
        run->has_imp_age = 1;
    }
    run->known = 1;
    sc->on_event = run_event_sink;
    sc->event_ctx = run;
    if (ps_lua_view_install(run, err))
        goto fail;
    if (!run->read_by_other || !run->edge) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto fail;
    }
    run->tracking = 1;
    for (int m = 0; m < run->nmod; m++) {
        run->in_module = m;
        if (run->mods[m]->create(run, &run->mstate[m], err)) {
            ps_err_prefix(err, "module %s: ", run->mods[m]->name);
            goto fail;
        }
    }
    run->tracking = 0;
    run->in_module = -1;
    return run;
fail:
    ps_run_free(run);
    return NULL;
}

void ps_run_free(ps_run *run)
{
    if (!run)
        return;
    ps_lua_view_detach(run);
    if (run->mstate)
        for (int m = 0; m < run->nmod; m++)
            if (run->mstate[m])
                run->mods[m]->destroy(run->mstate[m]);
    free(run->mstate);
    if (run->sc && run->sc->event_ctx == run) {
        run->sc->on_event = NULL;
        run->sc->event_ctx = NULL;
    }
    free(run->read_by_other);
    free(run->edge);
    free(run->skip);
    events_clear(run);
    free(run->ev);
    free(run->pop);
    free(run->flows);
    free(run->par);
    free(run->yin);
    ps_year_table_free(&run->mort_t);
    ps_year_table_free(&run->fert_t);
    ps_year_table_free(&run->migc_t);
    free(run);
}

static int run_hook(ps_run *run, int ref, const char *which, int year, ps_err *err)
{
    if (ps_lua_view_call_hook(run, ref, year, err))
        return ps_err_prefix(err, "hooks.%s in %d: ", which, year);
    return PS_OK;
}

/* Resolves the year's demographic parameters and the kernel's inputs. */
static int resolve_year(ps_run *run, int i, ps_err *err)
{
    ps_scenario *sc = run->sc;
    ps_year_params *p = &run->par[i];
    int year = run->base + i;
    if (ps_series_at(sc, run->s_tfr, year, &p->tfr, err) ||
        ps_series_at(sc, run->s_srb, year, &p->srb, err) ||
        ps_series_at(sc, run->s_improvement, year, &p->improvement, err) ||
        ps_series_at(sc, run->s_mig_total, year, &p->mig_total, err))
        return err->code;
    /* q(t) = q(base) * prod_{y=base}^{t-1} (1 - improvement(y)): for a
     * constant rate this is MODEL.md's (1 - rate)^(t - base). */
    p->q_factor = i == 0 ? 1.0 : run->par[i - 1].q_factor * (1.0 - run->par[i - 1].improvement);
    /* tables by year: the year's mortality and fertility schedule */
    if (run->mort_t.ny > 1)
        ps_year_table_at(&run->mort_t, year, run->sched.q_base);
    if (run->fert_t.ny > 1)
        set_asfr(run, year);
    ps_pop_year_make(&run->sched, p->q_factor, p->tfr, p->srb, p->mig_total, &run->yin[i]);
    if (run->has_imp_age)
        /* Years are resolved in order, so (1 - rate)^(t - base) is carried
         * forward by one multiplication a year rather than a pow() per cell. */
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                run->imp_cum[x][a] = i == 0 ? 1.0 : run->imp_cum[x][a] * (1.0 - run->imp_age[x][a]);
                double q = run->yin[i].q[x][a] * run->imp_cum[x][a];
                run->yin[i].q[x][a] = q > 1.0 ? 1.0 : q;
            }
    if (run->mort_dev && run->mort_dev[i] != 0.0) {
        double m = exp(run->mort_dev[i]);
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double q = run->yin[i].q[x][a] * m;
                run->yin[i].q[x][a] = q > 1.0 ? 1.0 : q;
            }
    }
    if (run->migc_t.ny > 0) { /* signed counts by age, added to total x distribution */
        double m[PS_NSEX][PS_NAGE];
        ps_year_table_at(&run->migc_t, year, m);
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++)
                run->yin[i].mig[x][a] += m[x][a];
    }
    for (int x = 0; x < PS_NSEX; x++)
        ps_life_expectancy(run->yin[i].q[x], p->e[x]);
    return PS_OK;
}

/* A run projected again starts its modules afresh: reset them, or destroy
 * and re-create those that cannot reset. */
static int restart_modules(ps_run *run, ps_err *err)
{
    for (int m = 0; m < run->nmod; m++) {
        if (run->skip && run->skip[m])
            continue;
        run->in_module = m;
        if (run->mods[m]->reset && run->mstate[m]) {
            if (run->mods[m]->reset(run->mstate[m], run, err))
                return ps_err_prefix(err, "module %s: ", run->mods[m]->name);
            continue;
        }
        if (run->mstate[m])
            run->mods[m]->destroy(run->mstate[m]);
        run->mstate[m] = NULL;
        if (run->mods[m]->create(run, &run->mstate[m], err))
            return ps_err_prefix(err, "module %s: ", run->mods[m]->name);
    }
    return PS_OK;
}

static int project(ps_run *run, ps_err *err);

int ps_run_project(ps_run *run, ps_err *err)
{
    run->tracking = 1;
    run->skipped_read = -1;
    int rc = project(run, err);
    run->tracking = 0;
    run->in_module = -1;
    return rc;
}

static int project(ps_run *run, ps_err *err)
{
    ps_scenario *sc = run->sc;
    /* Hooks' params.set apply to the projection that made them: each
     * projection (draw, sweep point) starts from the scenario's values. */
    ps_scenario_undo_sets(sc);
    if (run->projections++ > 0 && restart_modules(run, err))
        return err->code;
    run->in_module = -1;
    events_clear(run);
    run->known = 1;
    for (int i = 0; i < run->ny; i++) {
        int year = run->base + i;
        run->cur = year;
        sc->current_year = year;
        if (run_hook(run, sc->hook_before, "before_step", year, err) ||
            resolve_year(run, i, err))
            return err->code;
        if (i + 1 < run->ny) {
            if (i == 0 && run->frac0 < 1.0)
                ps_pop_step_frac(&run->pop[0], &run->yin[0], run->frac0, &run->pop[1],
                                 &run->flows[0]);
            else
                ps_pop_step(&run->pop[i], &run->yin[i], &run->pop[i + 1], &run->flows[i]);
            double e = ps_pop_identity_error(&run->pop[i], &run->pop[i + 1], &run->flows[i]);
            if (!(e <= IDENTITY_TOL))
                return ps_err_set(err, PS_EINTERNAL,
                                  "accounting identity violated in %d -> %d: relative error %g",
                                  year, year + 1, e);
            run->known = i + 2;
        }
        for (int m = 0; m < run->nmod; m++) {
            if (run->skip && run->skip[m])
                continue;
            run->in_module = m;
            if (run->mods[m]->step(run->mstate[m], run, year, err))
                return ps_err_prefix(err, "module %s in %d: ", run->mods[m]->name, year);
        }
        run->in_module = -1;
        if (run_hook(run, sc->hook_after, "after_step", year, err))
            return err->code;
    }
    return PS_OK;
}

static const ps_column_def POPULATION_COLUMNS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"sex", "性别", "Sex", "-", PS_KIND_KEY, 0},
    {"age", "年龄（岁，100为100岁及以上）", "Age (years; 100 means 100 and over)", "years of age",
     PS_KIND_KEY, 0},
    {"population", "1月1日人口", "Population on 1 January", "persons", PS_KIND_STOCK, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

static int write_population(ps_run *run, const char *dir, ps_err *err)
{
    FILE *f = ps_open_out(dir, "population.csv", err);
    char b[32];
    if (!f)
        return err->code;
    fputs("year,sex,age,population\n", f);
    for (int i = 0; i < run->ny; i++)
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++)
                fprintf(f, "%d,%s,%d,%s\n", run->base + i, ps_sex_name(x), a,
                        ps_fmt(b, run->pop[i].p[x][a]));
    if (ps_close_out(f, dir, "population.csv", err))
        return err->code;
    return ps_columns_register(dir, "population.csv", POPULATION_COLUMNS, err);
}

/* Rows "key,value" of a module not yet converted to `summarize`, labelled
 * with the key (summary.csv's labels are never empty). */
static int legacy_summary(const ps_module *mod, void *self, ps_run *run, ps_summary *s,
                          ps_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    int rc = mod->summary(self, run, f, err);
    if (fclose(f) && !rc)
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (char *line = buf; !rc && line && *line;) {
        char *nl = strchr(line, '\n'), *comma;
        if (nl)
            *nl = '\0';
        if ((comma = strchr(line, ','))) {
            *comma = '\0';
            ps_summary_text(s, 0, line, comma + 1, "-", line, line);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
    return rc ? rc : ps_summary_error(s, err);
}

int ps_run_summarize(ps_run *run, ps_summary *s, ps_err *err)
{
    ps_summary_text(s, 0, "scenario", run->sc->name, "-", "情景名称", "Scenario");
    ps_summary_num(s, 0, "base_year", run->base, "year", "基年", "Base year");
    ps_summary_num(s, 0, "end_year", run->end, "year", "预测末年", "Last year projected");
    if (ps_summary_error(s, err))
        return err->code;
    for (int m = 0; m < run->nmod; m++) {
        const ps_module *mod = run->mods[m];
        int rc = PS_OK;
        if (mod->summarize) {
            rc = mod->summarize(run->mstate[m], run, s, err);
            if (!rc)
                rc = ps_summary_error(s, err);
        } else if (mod->summary)
            rc = legacy_summary(mod, run->mstate[m], run, s, err);
        if (rc)
            return ps_err_prefix(err, "module %s: ", mod->name);
    }
    return PS_OK;
}

int ps_run_summary(ps_run *run, FILE *f, ps_err *err)
{
    ps_summary *s = ps_summary_new();
    if (!s)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    int rc = ps_run_summarize(run, s, err);
    if (!rc)
        ps_summary_write_pairs(s, f);
    ps_summary_free(s);
    return rc;
}

int ps_run_headline(ps_run *run, ps_headline *h, ps_err *err)
{
    for (int m = 0; m < run->nmod; m++) {
        const ps_module *mod = run->mods[m];
        ps_headline_set_holder(h, mod->holder); /* (PS_HOLDER_DECLARED in its sentences) */
        if (mod->headline &&
            (mod->headline(run->mstate[m], run, h, err) || ps_headline_error(h, err)))
            return ps_err_prefix(err, "module %s: ", mod->name);
    }
    return PS_OK;
}

static int write_summary(ps_run *run, const char *dir, ps_err *err)
{
    ps_summary *s = ps_summary_new();
    ps_headline *h = ps_headline_new();
    int rc = !s || !h ? ps_err_set(err, PS_EINTERNAL, "out of memory") : PS_OK;
    if (!rc)
        rc = ps_run_summarize(run, s, err);
    if (!rc)
        rc = ps_summary_write_csv(s, dir, err);
    if (!rc)
        rc = ps_run_headline(run, h, err);
    if (!rc)
        rc = ps_headline_write_csv(h, dir, err);
    ps_summary_free(s);
    ps_headline_free(h);
    return rc;
}

static const ps_column_def EVENT_COLUMNS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"source", "出处（脚本文件:行）", "Source (script file:line)", "-", PS_KIND_KEY, 0},
    {"key", "参数或规则", "Parameter or rule", "-", PS_KIND_KEY, 0},
    {"old", "原值", "Old value", "-", PS_KIND_TEXT, 0},
    {"new", "新值", "New value", "-", PS_KIND_TEXT, 0},
    {"note", "说明", "Note", "-", PS_KIND_TEXT, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static int write_events(ps_run *run, const char *dir, ps_err *err)
{
    FILE *f = ps_open_out(dir, "events.csv", err);
    if (!f)
        return err->code;
    fputs("year,source,key,old,new,note\n", f);
    for (int i = 0; i < run->nev; i++) {
        const struct run_event *e = &run->ev[i];
        fprintf(f, "%d", e->year);
        ps_put_text(f, e->source, 0);
        ps_put_text(f, e->key, 0);
        ps_put_text(f, e->old_value, 0);
        ps_put_text(f, e->new_value, 0);
        ps_put_text(f, e->note, 0);
        fputc('\n', f);
    }
    if (ps_close_out(f, dir, "events.csv", err))
        return err->code;
    return ps_columns_register(dir, "events.csv", EVENT_COLUMNS, err);
}

int ps_run_write(ps_run *run, const char *dir, ps_err *err)
{
    if (write_population(run, dir, err))
        return err->code;
    for (int m = 0; m < run->nmod; m++) {
        const ps_module *mod = run->mods[m];
        const ps_table *tabs[PS_MODULE_MAX_TABLES];
        int nt = mod->tables ? mod->tables(run->mstate[m], tabs, PS_MODULE_MAX_TABLES) : 0;
        for (int k = 0; k < nt; k++)
            if (ps_table_write_csv(tabs[k], dir, err))
                return ps_err_prefix(err, "module %s: ", mod->name);
        if (mod->write && mod->write(run->mstate[m], run, dir, err))
            return ps_err_prefix(err, "module %s: ", mod->name);
    }
    if (ps_backtest_write(run, dir, err))
        return err->code;
    if (write_summary(run, dir, err) || write_events(run, dir, err))
        return err->code;
    /* The funds' identity on the files as written (fundcheck.h). */
    return ps_fund_check_dir(dir, err);
}

void ps_run_set_mortality_shock(ps_run *run, const double *dev) { run->mort_dev = dev; }

ps_scenario *ps_run_scenario(const ps_run *run) { return run->sc; }
double ps_run_step_length(const ps_run *run, int year)
{
    return year == run->base ? run->frac0 : 1.0;
}
int ps_run_base_year(const ps_run *run) { return run->base; }
int ps_run_projection(const ps_run *run)
{
    return run->projections;
}

void ps_run_set_draw_only(ps_run *run, int on) { run->draw_only = on != 0; }
int ps_run_draw_only(const ps_run *run) { return run->draw_only; }

int ps_run_end_year(const ps_run *run) { return run->end; }
int ps_run_current_year(const ps_run *run) { return run->cur; }

const ps_pop *ps_run_pop(const ps_run *run, int year)
{
    int i = year - run->base;
    return i >= 0 && i < run->known ? &run->pop[i] : NULL;
}

const ps_pop_flows *ps_run_flows(const ps_run *run, int year)
{
    int i = year - run->base;
    return i >= 0 && i + 1 < run->known ? &run->flows[i] : NULL;
}

const ps_year_params *ps_run_params(const ps_run *run, int year)
{
    int i = year - run->base;
    return i >= 0 && i < run->ny && year <= run->cur ? &run->par[i] : NULL;
}

const ps_pop_year *ps_run_year_inputs(const ps_run *run, int year)
{
    int i = year - run->base;
    return i >= 0 && i < run->ny && year <= run->cur ? &run->yin[i] : NULL;
}

/* Module m is read (by another module, a hook or a scenario function)
 * while modules are created or a projection runs. */
static void note_read(ps_run *run, int m, int how)
{
    if (!run->tracking || run->in_module == m)
        return;
    if (run->in_module < 0)
        run->read_by_other[m] = 1;
    else
        run->edge[(size_t)run->in_module * (size_t)run->nmod + (size_t)m] |= (unsigned char)how;
    if (run->skip && run->skip[m] && run->skipped_read < 0)
        run->skipped_read = m;
}

void *ps_run_module_state(ps_run *run, const char *name)
{
    for (int m = 0; m < run->nmod; m++) /* the first letter rules out most */
        if (run->mods[m]->name[0] == name[0] && strcmp(run->mods[m]->name, name) == 0) {
            note_read(run, m, 2);
            return run->mstate[m];
        }
    return NULL;
}

void ps_run_copy_reads(ps_run *dst, const ps_run *src)
{
    int n = dst->nmod;
    for (int m = 0; m < n; m++)
        dst->read_by_other[m] |= src->read_by_other[m];
    for (size_t k = 0; k < (size_t)n * (size_t)n; k++)
        dst->edge[k] |= src->edge[k];
}

void ps_run_needed_modules(const ps_run *run, unsigned char *need)
{
    int n = run->nmod, changed = 1;
    for (int m = 0; m < n; m++)
        need[m] = need[m] || run->read_by_other[m];
    while (changed) {
        changed = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                unsigned char e = run->edge[(size_t)a * (size_t)n + (size_t)b];
                /* a read b: b is needed if a is; a took b's state (and may
                 * write into it, as modules add their costs to the budget):
                 * each is needed if the other is. */
                if (e && need[a] && !need[b])
                    need[b] = changed = 1;
                if ((e & 2) && need[b] && !need[a])
                    need[a] = changed = 1;
            }
    }
}

int ps_run_set_skip(ps_run *run, const unsigned char *skip)
{
    if (!skip) {
        free(run->skip);
        run->skip = NULL;
        return 0;
    }
    if (!run->skip && !(run->skip = malloc((size_t)run->nmod + 1)))
        return -1;
    memcpy(run->skip, skip, (size_t)run->nmod);
    return 0;
}

int ps_run_skipped_read(const ps_run *run) { return run->skipped_read; }

/* A column of one of the module's tables with one row a year. */
static const double *table_column(const ps_module *mod, void *self, const char *name,
                                  int *stride)
{
    const ps_table *tabs[PS_MODULE_MAX_TABLES];
    int nt = mod->tables(self, tabs, PS_MODULE_MAX_TABLES);
    for (int k = 0; k < nt; k++) {
        const double *c;
        if (ps_table_ngroups(tabs[k]) == 1 && (c = ps_table_series(tabs[k], name, 0, stride)))
            return c;
    }
    return NULL;
}

static const double *module_column(const ps_module *mod, void *self, const char *name,
                                   int *stride)
{
    if (mod->column)
        return mod->column(self, name, stride);
    if (mod->tables && !mod->indicator)
        return table_column(mod, self, name, stride);
    return NULL;
}

static int module_indicator(const ps_module *mod, void *self, const char *name, int year,
                            double *out)
{
    if (mod->indicator)
        return mod->indicator(self, name, year, out);
    if (!mod->tables)
        return 0;
    const ps_table *tabs[PS_MODULE_MAX_TABLES];
    int nt = mod->tables(self, tabs, PS_MODULE_MAX_TABLES);
    for (int k = 0; k < nt; k++)
        if (ps_table_ngroups(tabs[k]) == 1 && ps_table_col(tabs[k], name) >= 0)
            return ps_table_value(tabs[k], name, year, 0, out);
    return 0;
}

/* Whether "module.indicator" names module mod (len: the part before the
 * dot): the first letter rules out most modules without a string call
 * (modules look indicators up by name every year of every draw). */
static int names_module(const char *name, size_t len, const ps_module *mod)
{
    return mod->name[0] == name[0] && strncmp(name, mod->name, len) == 0 &&
           mod->name[len] == '\0';
}

const double *ps_run_column(ps_run *run, const char *name, int *stride)
{
    const char *dot = strchr(name, '.');
    for (int m = 0; m < run->nmod; m++) {
        const ps_module *mod = run->mods[m];
        const double *c = NULL;
        if (dot && names_module(name, (size_t)(dot - name), mod))
            c = module_column(mod, run->mstate[m], dot + 1, stride);
        else if (!dot)
            c = module_column(mod, run->mstate[m], name, stride);
        if (c) {
            note_read(run, m, 1);
            return c;
        }
    }
    return NULL;
}

int ps_run_indicator(ps_run *run, const char *name, int year, double *out)
{
    const char *dot = strchr(name, '.');
    for (int m = 0; m < run->nmod; m++) {
        const ps_module *mod = run->mods[m];
        if (dot && names_module(name, (size_t)(dot - name), mod)) {
            note_read(run, m, 1); /* even when it has no value that year */
            if (module_indicator(mod, run->mstate[m], dot + 1, year, out))
                return 1;
        } else if (!dot && module_indicator(mod, run->mstate[m], name, year, out)) {
            note_read(run, m, 1);
            return 1;
        }
    }
    return 0;
}
