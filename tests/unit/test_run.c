/* test_run.c: a run is an object: many runs live in one process, one per
 * thread, each with its own scenario and Lua state, and give exactly the
 * results of a run alone.  GPL-3.0-or-later. */
#include "testutil.h"

#include <pthread.h>

#include "module.h"
#include "run.h"
#include "scenario.h"
#include "table.h"

#define BASELINE "scenarios/feidong_baseline.lua"
#define NTHREADS 4

typedef struct {
    const char *scenario;
    double tfr_override;   /* < 0: none */
    double pop_end;        /* OUT: total population in the last year */
    double cell;           /* OUT: women aged 30 in the last year */
    int rc;                /* OUT */
    char msg[PS_ERR_MAX];  /* OUT */
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    ps_err err;
    ps_err_clear(&err);
    ps_scenario *sc = ps_scenario_load(j->scenario, NULL, "scripts", &err);
    ps_run *run = NULL;
    j->rc = sc ? PS_OK : err.code;
    if (!j->rc && j->tfr_override >= 0)
        j->rc = ps_scenario_set_const(sc, "population.tfr", j->tfr_override, &err);
    if (!j->rc && !(run = ps_run_new(sc, &err)))
        j->rc = err.code;
    if (!j->rc)
        j->rc = ps_run_project(run, &err);
    if (!j->rc) {
        const ps_pop *p = ps_run_pop(run, ps_run_end_year(run));
        j->pop_end = ps_pop_sum(p, 0, PS_AGE_OPEN);
        j->cell = p->p[PS_FEMALE][30];
    }
    snprintf(j->msg, sizeof j->msg, "%s", err.msg);
    ps_run_free(run);
    ps_scenario_free(sc);
    return NULL;
}

/* Threads running the same scenario, and others running a different one at
 * the same time, each get the single-threaded answer bit for bit. */
static void test_runs_in_threads_match_a_run_alone(void **state)
{
    (void)state;
    job alone = {BASELINE, -1, 0, 0, 0, ""}, alone2 = {BASELINE, 1.7, 0, 0, 0, ""};
    run_job(&alone);
    run_job(&alone2);
    assert_int_equal(alone.rc, PS_OK);
    assert_int_equal(alone2.rc, PS_OK);
    /* The two scenarios differ, so a mix-up between threads would show. */
    assert_true(alone2.pop_end > alone.pop_end);

    job jobs[NTHREADS];
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i] = (job){BASELINE, i % 2 ? 1.7 : -1, 0, 0, 0, ""};
        assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < NTHREADS; i++) {
        const job *ref = i % 2 ? &alone2 : &alone;
        if (jobs[i].rc)
            fail_msg("thread %d: %s", i, jobs[i].msg);
        assert_true(jobs[i].pop_end == ref->pop_end); /* exact, not close */
        assert_true(jobs[i].cell == ref->cell);
    }
}

/* Projecting the same run object twice gives the same numbers (a run can be
 * reused, as stochastic draws will). */
static void test_projecting_twice_is_idempotent(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc = ps_scenario_load(BASELINE, NULL, "scripts", &err);
    assert_non_null(sc);
    ps_run *run = ps_run_new(sc, &err);
    assert_non_null(run);
    assert_int_equal(ps_run_project(run, &err), PS_OK);
    double first = ps_pop_sum(ps_run_pop(run, 2050), 0, PS_AGE_OPEN);
    double dep;
    assert_true(ps_run_indicator(run, "old_age_dependency", 2040, &dep));
    assert_int_equal(ps_run_project(run, &err), PS_OK);
    double again = ps_pop_sum(ps_run_pop(run, 2050), 0, PS_AGE_OPEN), dep2;
    assert_true(ps_run_indicator(run, "demography.old_age_dependency", 2040, &dep2));
    assert_true(first == again);
    assert_true(dep == dep2);
    ps_run_free(run);
    ps_scenario_free(sc);
}

/* Every cell of every module's tables, in module and table order, copied
 * into buf (NULL: only counted); returns the number of doubles. */
static size_t tables_copy(ps_run *run, double *buf)
{
    size_t n = 0;
    for (int m = 0; ps_modules[m]; m++) {
        const ps_module *mod = ps_modules[m];
        const ps_table *t[PS_MODULE_MAX_TABLES];
        void *self = ps_run_module_state(run, mod->name);
        int nt = mod->tables && self ? mod->tables(self, t, PS_MODULE_MAX_TABLES) : 0;
        for (int k = 0; k < nt; k++) {
            int base = ps_table_base(t[k]), ny = ps_table_nyears(t[k]);
            int ng = ps_table_ngroups(t[k]), nc = ps_table_ncols(t[k]);
            for (int y = base; y < base + ny; y++)
                for (int g = 0; g < ng; g++) {
                    if (buf)
                        memcpy(buf + n, ps_table_row_const(t[k], y, g), (size_t)nc * sizeof *buf);
                    n += (size_t)nc;
                }
        }
    }
    return n;
}

/* A run projected again after a different projection gives the first
 * results bit for bit, in every table of every module: whatever a module
 * carries from year to year is put back by its `reset` (or by re-creating
 * it), as stochastic draws rely on (issue 18).  The middle projection has
 * a mortality shock, so that state left over from it would show. */
static void test_reprojection_restores_every_module(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc = ps_scenario_load(BASELINE, NULL, "scripts", &err);
    assert_non_null(sc);
    /* Disability falling as in CHNS 1997-2006, so that eldercare carries a
     * trend factor from year to year (the baseline's trend is 0). */
    assert_int_equal(ps_scenario_set_const(sc, "eldercare.disability_trend", -0.031, &err), PS_OK);
    ps_run *run = ps_run_new(sc, &err);
    assert_non_null(run);
    assert_int_equal(ps_run_project(run, &err), PS_OK);
    size_t n = tables_copy(run, NULL);
    assert_true(n > 10000);
    double *first = malloc(n * sizeof *first), *other = malloc(n * sizeof *other);
    assert_non_null(first);
    assert_non_null(other);
    tables_copy(run, first);

    int ny = ps_run_end_year(run) - ps_run_base_year(run) + 1;
    double *dev = calloc((size_t)ny, sizeof *dev);
    assert_non_null(dev);
    for (int i = 1; i < ny; i++)
        dev[i] = 0.02 * i; /* mortality up 2% a year, compounding */
    ps_run_set_mortality_shock(run, dev);
    /* and the assistance standard growing faster (the baseline's 0.04 is a
     * constant, set back exactly below): assistance keeps the growth rates
     * it has read. */
    assert_int_equal(ps_scenario_set_const(sc, "assistance.standard_growth", 0.07, &err), PS_OK);
    if (ps_run_project(run, &err))
        fail_msg("shocked projection: %s", err.msg);
    assert_int_equal(tables_copy(run, NULL), n);
    tables_copy(run, other);
    size_t changed = 0;
    for (size_t i = 0; i < n; i++)
        changed += memcmp(&first[i], &other[i], sizeof *first) != 0;
    assert_true(changed > n / 4); /* the shock reaches most results */

    memset(dev, 0, (size_t)ny * sizeof *dev);
    assert_int_equal(ps_scenario_set_const(sc, "assistance.standard_growth", 0.04, &err), PS_OK);
    if (ps_run_project(run, &err))
        fail_msg("third projection: %s", err.msg);
    assert_int_equal(tables_copy(run, NULL), n);
    tables_copy(run, other);
    size_t differ = 0;
    for (size_t i = 0; i < n; i++)
        differ += memcmp(&first[i], &other[i], sizeof *first) != 0;
    assert_int_equal(differ, 0);
    free(dev);
    free(first);
    free(other);
    ps_run_free(run);
    ps_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_in_threads_match_a_run_alone),
        cmocka_unit_test(test_projecting_twice_is_idempotent),
        cmocka_unit_test(test_reprojection_restores_every_module),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
