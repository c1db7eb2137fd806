/* stochastic.c: see stochastic.h.  GPL-3.0-or-later. */
#include "stochastic.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>

#include "calibrate.h"
#include "declared.h"
#include "module.h"
#include "output.h"
#include "scenario_read.h"
#include "summary.h"
#include "table.h"
#include "rng.h"
#include "run.h"
#include "scenario.h"

#define NBINS 1024        /* histogram bins per series (plus 2 overflow bins) */
#define BLOCK 8           /* draws handed out at a time */
#define MAX_PERTURB 32
#define MAX_SERIES_NAMES 256
#define MAX_FUNDS 16

typedef __int128 i128;

/* ---------------------------------------------------------------- specification */

typedef struct {
    char key[128];
    double sd, ar, lo, hi;
} perturb_spec;

typedef struct {
    double mort_sd;
    int nper;
    perturb_spec per[MAX_PERTURB];
    int pilot;
} spec;

static int read_spec(ps_scenario *sc, spec *sp, ps_err *err)
{
    double pilot;
    memset(sp, 0, sizeof *sp);
    /* TFR and net migration always vary; their processes are keys. */
    perturb_spec *tf = &sp->per[sp->nper++], *m = &sp->per[sp->nper++], *p;
    snprintf(tf->key, sizeof tf->key, "population.tfr");
    snprintf(m->key, sizeof m->key, "population.net_migration.total");
    m->lo = -HUGE_VAL;
    m->hi = HUGE_VAL;
    if (ps_scenario_number(sc, "stochastic.mortality_sd", &sp->mort_sd, err) ||
        ps_scenario_number(sc, "stochastic.pilot", &pilot, err) ||
        ps_scenario_number(sc, "stochastic.tfr_sd", &tf->sd, err) ||
        ps_scenario_number(sc, "stochastic.tfr_ar", &tf->ar, err) ||
        ps_scenario_number(sc, "stochastic.tfr_min", &tf->lo, err) ||
        ps_scenario_number(sc, "stochastic.tfr_max", &tf->hi, err) ||
        ps_scenario_number(sc, "stochastic.migration_sd", &m->sd, err) ||
        ps_scenario_number(sc, "stochastic.migration_ar", &m->ar, err))
        return err->code;
    sp->pilot = (int)pilot;
    if (!(tf->lo < tf->hi))
        return ps_err_set(err, PS_EINPUT, "%s: stochastic.tfr_min must be below tfr_max",
                          sc->path);
    /* stochastic.perturb = { ["key"] = { sd =, ar =, lo =, hi = } }: other
     * parameters (wage growth, fund returns), in the order of their names. */
    char **names;
    int n;
    if (ps_read_keys(sc, &names, &n, 1 << 20, err, "stochastic.perturb"))
        return err->code == PS_EINPUT
                   ? ps_err_set(err, PS_EINPUT, "stochastic.perturb: keys must be "
                                "parameter names (at most %d)", MAX_PERTURB - 2)
                   : err->code;
    if (n > MAX_PERTURB - 2) {
        ps_read_keys_free(names, n);
        return ps_err_set(err, PS_EINPUT, "stochastic.perturb: keys must be "
                          "parameter names (at most %d)", MAX_PERTURB - 2);
    }
    int rc = PS_OK;
    for (int i = 0; i < n && !rc; i++) {
        const ps_series *s = ps_scenario_series(sc, names[i]);
        if (!s) {
            rc = ps_err_set(err, PS_EINPUT,
                            "stochastic.perturb: '%s' is not a numeric parameter", names[i]);
            break;
        }
        p = &sp->per[sp->nper++];
        snprintf(p->key, sizeof p->key, "%s", names[i]);
        p->lo = -HUGE_VAL;
        p->hi = HUGE_VAL;
        if (!ps_read_has_table(sc, "stochastic.perturb[\"%s\"]", names[i])) {
            rc = ps_err_set(err, PS_EINPUT,
                            "stochastic.perturb['%s'] must be { sd = ..., ar = ... }", names[i]);
            break;
        }
        static const char *const fields[] = {"sd", "ar", "lo", "hi"};
        double *dst[] = {&p->sd, &p->ar, &p->lo, &p->hi};
        for (int f = 0; f < 4 && !rc; f++) {
            int set, kind;
            if ((rc = ps_read_kind(sc, &kind, err, "stochastic.perturb[\"%s\"].%s", names[i],
                                   fields[f])))
                break;
            if (kind != PS_V_NUMBER && kind != PS_V_NIL)
                rc = ps_err_set(err, PS_EINPUT, "stochastic.perturb['%s'].%s must be a number",
                                names[i], fields[f]);
            else
                rc = ps_read_number(sc, -HUGE_VAL, HUGE_VAL, dst[f], &set, err,
                                    "stochastic.perturb[\"%s\"].%s", names[i], fields[f]);
        }
        if (!rc && (!(p->sd >= 0) || !(p->ar > -1 && p->ar < 1) || !(p->lo < p->hi)))
            rc = ps_err_set(err, PS_EINPUT,
                            "stochastic.perturb['%s']: need sd >= 0, -1 < ar < 1, lo < hi",
                            names[i]);
    }
    ps_read_keys_free(names, n);
    return rc;
}

/* ---------------------------------------------------------------- accumulators */

typedef struct {
    double lo, width;       /* bins: [lo + k*width, lo + (k+1)*width) */
    int scale_exp;          /* fixed point: value * 2^scale_exp */
} bins;

typedef struct {
    uint32_t *count;        /* nser x (NBINS + 2): under, bins, over */
    uint64_t *n;            /* nser: values seen (not NaN) */
    i128 *sum;              /* nser */
    double *min, *max;      /* nser */
    uint64_t *dep;          /* nfund x (ny + 1): depletion year, or never */
} acc;

struct ps_stoch {
    const ps_module *const *mods; /* the modules of every run, nmod of them */
    int nmod;
    int base, ny;
    int nser, nnames;
    char *names[MAX_SERIES_NAMES]; /* series = name x year */
    int nfund;
    int fund_name[MAX_FUNDS];      /* index into names of each fund balance */
    char *fund_label[MAX_FUNDS];
    /* 1: not a fund but a margin (<module>.risk_margin, the county budget's
     * room below a share of revenue): counted the same way (the first
     * year below 0), reported as the probability of exceeding the share. */
    unsigned char fund_exceed[MAX_FUNDS];
    bins *bin;                     /* nser */
    acc a;
    long draws, done;
    uint64_t seed;
};

static int acc_alloc(acc *a, int nser, int nfund, int ny)
{
    memset(a, 0, sizeof *a);
    a->count = calloc((size_t)nser * (NBINS + 2), sizeof *a->count);
    a->n = calloc((size_t)nser, sizeof *a->n);
    a->sum = calloc((size_t)nser, sizeof *a->sum);
    a->min = malloc((size_t)nser * sizeof *a->min);
    a->max = malloc((size_t)nser * sizeof *a->max);
    a->dep = calloc((size_t)(nfund ? nfund : 1) * (size_t)(ny + 1), sizeof *a->dep);
    if (!a->count || !a->n || !a->sum || !a->min || !a->max || !a->dep)
        return -1;
    for (int s = 0; s < nser; s++) {
        a->min[s] = HUGE_VAL;
        a->max[s] = -HUGE_VAL;
    }
    return 0;
}

static void acc_free(acc *a)
{
    free(a->count);
    free(a->n);
    free(a->sum);
    free(a->min);
    free(a->max);
    free(a->dep);
    memset(a, 0, sizeof *a);
}

/* Adds one draw: row holds nser values (NaN: none), dep the depletion year
 * index of each fund (ny: never). */
static void acc_add(acc *a, const ps_stoch *st, const double *row, const int *dep)
{
    for (int s = 0; s < st->nser; s++) {
        double v = row[s];
        if (isnan(v))
            continue;
        const bins *b = &st->bin[s];
        double k = floor((v - b->lo) / b->width);
        int idx = k < 0 ? 0 : k >= NBINS ? NBINS + 1 : (int)k + 1;
        a->count[(size_t)s * (NBINS + 2) + (size_t)idx]++;
        a->n[s]++;
        a->sum[s] += (i128)ldexp(v, b->scale_exp);
        if (v < a->min[s])
            a->min[s] = v;
        if (v > a->max[s])
            a->max[s] = v;
    }
    for (int f = 0; f < st->nfund; f++)
        a->dep[(size_t)f * (size_t)(st->ny + 1) + (size_t)dep[f]]++;
}

static void acc_merge(acc *into, const acc *from, const ps_stoch *st)
{
    for (size_t k = 0; k < (size_t)st->nser * (NBINS + 2); k++)
        into->count[k] += from->count[k];
    for (int s = 0; s < st->nser; s++) {
        into->n[s] += from->n[s];
        into->sum[s] += from->sum[s];
        if (from->min[s] < into->min[s])
            into->min[s] = from->min[s];
        if (from->max[s] > into->max[s])
            into->max[s] = from->max[s];
    }
    for (size_t k = 0; k < (size_t)st->nfund * (size_t)(st->ny + 1); k++)
        into->dep[k] += from->dep[k];
}

/* The p-quantile (type 7: position p*(n-1)) from the histogram, values
 * spread evenly within a bin. */
static double acc_quantile(const acc *a, const ps_stoch *st, int s, double p)
{
    uint64_t n = a->n[s];
    if (n == 0)
        return NAN;
    if (a->min[s] == a->max[s])
        return a->min[s];
    double pos = p * (double)(n - 1);
    const uint32_t *c = &a->count[(size_t)s * (NBINS + 2)];
    const bins *b = &st->bin[s];
    double cum = 0;
    for (int k = 0; k < NBINS + 2; k++) {
        if (!c[k])
            continue;
        if (cum + c[k] > pos) {
            double left, right;
            if (k == 0) {
                left = a->min[s];
                right = b->lo;
            } else if (k == NBINS + 1) {
                left = b->lo + NBINS * b->width;
                right = a->max[s];
            } else {
                left = b->lo + (k - 1) * b->width;
                right = left + b->width;
            }
            if (left < a->min[s])
                left = a->min[s];
            if (right > a->max[s])
                right = a->max[s];
            double frac = (pos - cum + 0.5) / c[k];
            return left + (right - left) * (frac > 1 ? 1 : frac);
        }
        cum += c[k];
    }
    return a->max[s];
}

/* ---------------------------------------------------------------- one worker */

typedef struct {
    ps_scenario *sc;
    ps_run *run;
    gsl_rng *rng;
    double *mort;             /* ny */
    double *shock;            /* nper x ny */
    const ps_series *target[MAX_PERTURB];
    double *row;              /* nser */
    int *dep;                 /* nfund */
    unsigned char *skip;      /* modules left out of the draws (or NULL) */
    int nmod;                 /* modules in the run */
} worker;

static void worker_free(worker *w)
{
    if (!w)
        return;
    ps_run_free(w->run);
    ps_scenario_free(w->sc);
    if (w->rng)
        gsl_rng_free(w->rng);
    free(w->mort);
    free(w->shock);
    free(w->row);
    free(w->dep);
    free(w->skip);
    memset(w, 0, sizeof *w);
}

static int worker_init(worker *w, const ps_stoch_opts *o, const ps_stoch *st, const spec *sp,
                       int ny, ps_err *err)
{
    memset(w, 0, sizeof *w);
    if (!(w->sc = ps_scenario_load(o->scenario, &o->lim, o->scripts_dir, err)))
        return err->code;
    for (int i = 0; i < o->nfixed; i++)
        if (ps_scenario_set_const(w->sc, o->fixed[i].key, o->fixed[i].value, err))
            return err->code;
    if (!(w->run = ps_run_new_with(w->sc, st->mods, err)))
        return err->code;
    w->nmod = st->nmod;
    ps_run_set_draw_only(w->run, 1);
    w->rng = gsl_rng_alloc(ps_rng_xoshiro256);
    w->mort = calloc((size_t)ny, sizeof *w->mort);
    w->shock = calloc((size_t)(sp->nper * ny), sizeof *w->shock);
    if (!w->rng || !w->mort || !w->shock)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int i = 0; i < sp->nper; i++) {
        w->target[i] = ps_scenario_series(w->sc, sp->per[i].key);
        ps_series_set_shock(w->target[i], w->shock + (size_t)i * (size_t)ny,
                            w->sc->base_year, ny, sp->per[i].lo, sp->per[i].hi);
    }
    ps_run_set_mortality_shock(w->run, w->mort);
    return PS_OK;
}

/* Draw d: the shocks from stream (seed, d), a projection, the row. */
static int worker_draw(worker *w, const ps_stoch *st, const spec *sp, long d, ps_err *err)
{
    int ny = st->ny;
    ps_rng_seed_draw(w->rng, st->seed, (uint64_t)d);
    /* Mortality: a random walk on log q from the base year. */
    w->mort[0] = 0;
    for (int i = 1; i < ny; i++)
        w->mort[i] = w->mort[i - 1] + gsl_ran_gaussian_ziggurat(w->rng, sp->mort_sd);
    /* Each perturbed parameter: an AR(1) deviation starting at 0. */
    for (int k = 0; k < sp->nper; k++) {
        double *u = w->shock + (size_t)k * (size_t)ny, prev = 0;
        u[0] = 0;
        for (int i = 1; i < ny; i++) {
            prev = sp->per[k].ar * prev + gsl_ran_gaussian_ziggurat(w->rng, sp->per[k].sd);
            u[i] = prev;
        }
    }
    for (;;) {
        /* declared calibrations marked draws = true, solved in this draw */
        int rc = ps_calibrate_declared_in_run(w->run, w->sc, err) || ps_run_project(w->run, err);
        int m = ps_run_skipped_read(w->run);
        if (m < 0) {
            if (rc)
                return ps_err_prefix(err, "draw %ld: ", d);
            break;
        }
        /* A module left out was read after all (by a module or a scenario
         * function that reads it only in some draws; the projection may
         * have failed on its missing values): step it from now on, and
         * project this draw again. */
        int nmod = w->nmod;
        for (int k = 0; k < nmod; k++)
            w->skip[k] = !w->skip[k] || k == m; /* now: needed */
        ps_run_needed_modules(w->run, w->skip);  /* with those that feed it */
        for (int k = 0; k < nmod; k++)
            w->skip[k] = !w->skip[k];
        if (ps_run_set_skip(w->run, w->skip))
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    for (int n = 0; n < st->nnames; n++) {
        double *dst = w->row + (size_t)n * (size_t)ny;
        int stride;
        const double *col = ps_run_column(w->run, st->names[n], &stride);
        for (int i = 0; i < ny; i++) {
            double v;
            if (col)
                dst[i] = col[(size_t)i * (size_t)stride];
            else
                dst[i] = ps_run_indicator(w->run, st->names[n], st->base + i, &v) ? v : NAN;
        }
    }
    for (int f = 0; f < st->nfund; f++) {
        const double *fund = w->row + (size_t)st->fund_name[f] * (size_t)ny;
        int y = 0;
        while (y < ny && !(fund[y] < 0))
            y++;
        w->dep[f] = y;
    }
    return PS_OK;
}

/* ---------------------------------------------------------------- threads */

typedef struct {
    const ps_stoch_opts *o;
    const spec *sp;
    ps_stoch *st;
    pthread_mutex_t mu;
    long next_block, first, last; /* draws [first, last) of this phase */
    int pilot;                     /* 1: store rows in pilot_rows */
    double *pilot_rows;
    int failed;
    ps_err err;
    long done, total;
    double t0;
} shared;

typedef struct {
    shared *sh;
    worker w;
    acc a;
    int report;     /* draw the progress bar */
} thread_ctx;

/* Blocks of BLOCK draws; with MPI, block b belongs to rank b % nranks. */
static int next_block(shared *sh, long *from, long *to)
{
    const ps_stoch_opts *o = sh->o;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        long b = sh->next_block++;
        int stop = sh->failed || (o->stop && *o->stop);
        pthread_mutex_unlock(&sh->mu);
        long start = b * BLOCK;
        if (stop || start >= sh->last)
            return 0;
        if (start + BLOCK <= sh->first)
            continue;
        if (o->nranks > 1 && b % o->nranks != o->rank)
            continue;
        *from = start < sh->first ? sh->first : start;
        *to = start + BLOCK > sh->last ? sh->last : start + BLOCK;
        return 1;
    }
}

static void progress_bar(long done, long total, double t0)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double el = ts.tv_sec + ts.tv_nsec * 1e-9 - t0;
    int width = 40, fill = total ? (int)(width * done / total) : width;
    fprintf(stderr, "\r[%.*s%*s] %ld/%ld draws, %.1f s", fill,
            "========================================", width - fill, "", done, total, el);
    fflush(stderr);
}

static void *thread_main(void *arg)
{
    thread_ctx *t = arg;
    shared *sh = t->sh;
    ps_stoch *st = sh->st;
    long from, to;
    ps_err err;
    while (next_block(sh, &from, &to)) {
        for (long d = from; d < to; d++) {
            if (worker_draw(&t->w, st, sh->sp, d, &err)) {
                pthread_mutex_lock(&sh->mu);
                if (!sh->failed)
                    sh->err = err;
                sh->failed = 1;
                pthread_mutex_unlock(&sh->mu);
                return NULL;
            }
            if (sh->pilot)
                memcpy(sh->pilot_rows + (size_t)d * (size_t)st->nser, t->w.row,
                       (size_t)st->nser * sizeof(double));
            else
                acc_add(&t->a, st, t->w.row, t->w.dep);
            pthread_mutex_lock(&sh->mu);
            sh->done++;
            pthread_mutex_unlock(&sh->mu);
        }
        if (t->report) { /* thread 0, on a terminal: redraw between blocks */
            pthread_mutex_lock(&sh->mu);
            long done = sh->done;
            pthread_mutex_unlock(&sh->mu);
            progress_bar(done, sh->total, sh->t0);
        }
    }
    return NULL;
}

static int run_phase(shared *sh, thread_ctx *tc, int nthreads, long first, long last, int pilot)
{
    pthread_t th[64];
    int started = 0;
    sh->first = first;
    sh->last = last;
    sh->pilot = pilot;
    sh->next_block = first / BLOCK;
    for (int i = 1; i < nthreads; i++)
        if (pthread_create(&th[i], NULL, thread_main, &tc[i]) == 0)
            started = i;
        else
            break;
    tc[0].report = sh->o->progress;
    thread_main(&tc[0]);
    for (int i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    return sh->failed;
}

/* ---------------------------------------------------------------- set-up */

static int add_name(ps_stoch *st, const char *name)
{
    for (int i = 0; i < st->nnames; i++)
        if (strcmp(st->names[i], name) == 0)
            return 0;
    if (st->nnames == MAX_SERIES_NAMES)
        return -1;
    st->names[st->nnames] = strdup(name);
    return st->names[st->nnames] ? (st->nnames++, 0) : -1;
}

/* The index in st->mods of the module whose fund balance series `name`
 * (module.column) is: the column is the fund the module declares
 * (ps_module_fund, declared.h: its first headline column of kind
 * PS_KIND_FUND in its tables with one row a year), and no earlier series
 * is the module's fund already; -1 otherwise. */
static int declared_fund(const ps_stoch *st, const char *name)
{
    const char *dot = strchr(name, '.');
    for (int m = 0; dot && m < st->nmod; m++) {
        const ps_module *mod = st->mods[m];
        if (strncmp(name, mod->name, (size_t)(dot - name)) || mod->name[dot - name])
            continue;
        for (int f = 0; f < st->nfund; f++)
            if (!st->fund_exceed[f] && strcmp(st->fund_label[f], mod->name) == 0)
                return -1;
        const ps_column_def *c = ps_module_fund(mod, NULL);
        return c && strcmp(c->key, dot + 1) == 0 ? m : -1;
    }
    return -1;
}

/* Which series this run has: the scenario's list, or every default name
 * the central projection gives a value for. */
static int choose_series(ps_stoch *st, worker *w, ps_err *err)
{
    ps_scenario *sc = w->sc;
    char name[256];
    double v;
    int kind, nind;
    if (ps_read_kind(sc, &kind, err, "stochastic.indicators"))
        return err->code;
    if (kind == PS_V_TABLE) {
        if (ps_read_len(sc, &nind, err, "stochastic.indicators"))
            return err->code;
        for (int i = 1; i <= nind; i++) {
            char *s = NULL;
            int k, known = 0;
            if (ps_read_kind(sc, &k, err, "stochastic.indicators[%d]", i) ||
                (k == PS_V_STRING && ps_read_string(sc, &s, NULL, err, "stochastic.indicators[%d]", i)))
                return err->code;
            for (int y = st->base; s && y < st->base + st->ny && !known; y++)
                known = ps_run_indicator(w->run, s, y, &v);
            if (!s || !known) {
                ps_err_set(err, PS_EINPUT, "stochastic.indicators[%d]: '%s' is not a result "
                           "of this scenario", i, s ? s : "(not a string)");
                free(s);
                return err->code;
            }
            add_name(st, s);
            free(s);
        }
    } else {
        /* The headline columns every module declares (declared.h) of its
         * tables with one row a year, those this run has a value for. */
        for (int m = 0; m < st->nmod; m++) {
            const ps_table_def *defs[PS_MODULE_MAX_TABLES];
            int nd = ps_module_table_defs(st->mods[m], NULL, defs, PS_MODULE_MAX_TABLES);
            for (int k = 0; k < nd; k++)
                for (const ps_column_def *c = defs[k]->columns; !defs[k]->groups && c->key; c++) {
                    if (!c->headline)
                        continue;
                    snprintf(name, sizeof name, "%s.%s", st->mods[m]->name, c->key);
                    for (int y = st->base; y < st->base + st->ny; y++)
                        if (ps_run_indicator(w->run, name, y, &v)) {
                            add_name(st, name);
                            break;
                        }
                }
        }
    }
    /* Funds: the balance each module puts forward, as it declares it (the
     * first chosen series of the module whose column is a headline of kind
     * PS_KIND_FUND), named by its module; and the county budget's margin
     * below its risk line (<module>.risk_margin). */
    for (int i = 0; i < st->nnames && st->nfund < MAX_FUNDS; i++) {
        size_t len = strlen(st->names[i]);
        int m = declared_fund(st, st->names[i]);
        if (m >= 0) {
            st->fund_name[st->nfund] = i;
            st->fund_exceed[st->nfund] = 0;
            st->fund_label[st->nfund] = strdup(st->mods[m]->name);
            st->nfund++;
        } else if (len > 12 && strcmp(st->names[i] + len - 12, ".risk_margin") == 0) {
            st->fund_name[st->nfund] = i;
            st->fund_exceed[st->nfund] = 1;
            st->fund_label[st->nfund] = strndup(st->names[i], len - 12);
            st->nfund++;
        }
    }
    st->nser = st->nnames * st->ny;
    return PS_OK;
}

/* Whether the scenario solves a declared calibration again in every draw
 * (its indicator is read between projections, where reads are not noted). */
static int calibrates_in_draws(ps_scenario *sc)
{
    ps_err err;
    int found = 0, len;
    if (!ps_read_has_table(sc, "calibrations") || ps_read_len(sc, &len, &err, "calibrations"))
        return 0;
    for (int k = 1; k <= len && !found; k++) {
        int set;
        if (ps_read_has_table(sc, "calibrations[%d]", k) &&
            ps_read_bool(sc, &found, &set, &err, "calibrations[%d].draws", k))
            found = 0;
    }
    return found;
}

/* The modules a draw can leave out: those whose results no chosen series
 * needs, directly or through the modules, hooks and scenario functions
 * that read them in the central projection (ps_run_needed_modules; a
 * module read later after all is stepped again: worker_draw).  The chosen
 * series come out the same to the last bit; only the time changes.  NULL
 * (none left out) with POLICYSIM_DRAWS_ALL_MODULES set in the environment
 * (for comparing), when a series name has no module part, or when draws
 * solve calibrations again. */
static unsigned char *draw_skip(const ps_stoch *st, ps_run *central)
{
    int nmod = st->nmod;
    const char *all = getenv("POLICYSIM_DRAWS_ALL_MODULES");
    if ((all && *all && strcmp(all, "0") != 0) || calibrates_in_draws(ps_run_scenario(central)))
        return NULL;
    unsigned char *need = calloc((size_t)nmod + 1, 1);
    if (!need)
        return NULL;
    for (int n = 0; n < st->nnames; n++) {
        const char *dot = strchr(st->names[n], '.');
        if (!dot) {
            free(need);
            return NULL;
        }
        for (int m = 0; m < nmod; m++)
            if (strncmp(st->names[n], st->mods[m]->name, (size_t)(dot - st->names[n])) == 0 &&
                st->mods[m]->name[dot - st->names[n]] == '\0')
                need[m] = 1;
    }
    ps_run_needed_modules(central, need);
    for (int m = 0; m < nmod; m++)
        need[m] = !need[m]; /* now: skip */
    return need;
}

/* Bins of each series from the pilot's range, widened by half of it on
 * each side (values outside fall in the two overflow bins, whose edges are
 * the exact minimum and maximum). */
static void set_bins(ps_stoch *st, const double *rows, long npilot)
{
    for (int s = 0; s < st->nser; s++) {
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (long d = 0; d < npilot; d++) {
            double v = rows[(size_t)d * (size_t)st->nser + (size_t)s];
            if (isnan(v))
                continue;
            if (v < lo)
                lo = v;
            if (v > hi)
                hi = v;
        }
        if (lo > hi)
            lo = hi = 0;
        double r = hi - lo, mag = fmax(fabs(lo), fabs(hi));
        if (r <= 1e-12 * fmax(mag, 1.0))
            r = fmax(mag * 1e-6, 1e-9);
        st->bin[s].lo = lo - 0.5 * r;
        st->bin[s].width = 2.0 * r / NBINS;
        /* Fixed point: the pilot's largest magnitude maps to about 2^60, so a
         * sum of 2^60 draws of values 2^6 times larger still fits. */
        int e;
        frexp(fmax(mag, 1e-300), &e);
        st->bin[s].scale_exp = 60 - e;
    }
}

ps_stoch *ps_stoch_run(const ps_stoch_opts *o, ps_err *err)
{
    ps_stoch *st = calloc(1, sizeof *st);
    thread_ctx *tc = NULL;
    double *pilot_rows = NULL;
    spec sp;
    int nth = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t0 = ts.tv_sec + ts.tv_nsec * 1e-9;
    if (!st || !(tc = calloc((size_t)nth, sizeof *tc))) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto fail;
    }
    if (o->draws < 1) {
        ps_err_set(err, PS_EUSAGE, "--draws must be at least 1");
        goto fail;
    }
    st->draws = o->draws;
    st->seed = o->seed;
    st->mods = o->modules ? o->modules : ps_modules;
    while (st->mods[st->nmod])
        st->nmod++;
    {
        ps_scenario *sc = ps_scenario_load(o->scenario, &o->lim, o->scripts_dir, err);
        if (!sc)
            goto fail;
        st->base = sc->base_year;
        st->ny = sc->end_year - sc->base_year + 1;
        int rc = read_spec(sc, &sp, err);
        ps_scenario_free(sc);
        if (rc)
            goto fail;
    }
    for (int i = 0; i < nth; i++)
        if (worker_init(&tc[i].w, o, st, &sp, st->ny, err))
            goto fail;
    /* Thread 0's run, unshocked (the central projection), tells which
     * series this scenario has. */
    ps_run_set_mortality_shock(tc[0].w.run, NULL);
    for (int k = 0; k < sp.nper; k++)
        ps_series_set_shock(tc[0].w.target[k], NULL, 0, 0, 0, 0);
    int rc0 = ps_run_project(tc[0].w.run, err) || choose_series(st, &tc[0].w, err);
    ps_run_set_mortality_shock(tc[0].w.run, tc[0].w.mort);
    for (int k = 0; k < sp.nper; k++)
        ps_series_set_shock(tc[0].w.target[k], tc[0].w.shock + (size_t)k * (size_t)st->ny,
                            st->base, st->ny, sp.per[k].lo, sp.per[k].hi);
    if (rc0)
        goto fail;
    {
        unsigned char *skip = draw_skip(st, tc[0].w.run);
        int nmod = st->nmod;
        for (int i = 1; i < nth; i++)
            ps_run_copy_reads(tc[i].w.run, tc[0].w.run);
        for (int i = 0; skip && i < nth; i++)
            if (!(tc[i].w.skip = malloc((size_t)nmod + 1)) ||
                ps_run_set_skip(tc[i].w.run, skip)) {
                free(skip);
                ps_err_set(err, PS_EINTERNAL, "out of memory");
                goto fail;
            } else {
                memcpy(tc[i].w.skip, skip, (size_t)nmod);
            }
        free(skip);
    }
    st->bin = calloc((size_t)st->nser, sizeof *st->bin);
    if (!st->bin || acc_alloc(&st->a, st->nser, st->nfund, st->ny)) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto fail;
    }
    for (int i = 0; i < nth; i++) {
        tc[i].w.row = malloc((size_t)st->nser * sizeof(double));
        tc[i].w.dep = calloc((size_t)(st->nfund ? st->nfund : 1), sizeof(int));
        if (!tc[i].w.row || !tc[i].w.dep) {
            ps_err_set(err, PS_EINTERNAL, "out of memory");
            goto fail;
        }
    }

    /* Phase 1: the pilot (every rank computes all of it: it sets the bins). */
    long npilot = sp.pilot < 10 ? 10 : sp.pilot;
    if (npilot > o->draws)
        npilot = o->draws;
    pilot_rows = malloc((size_t)npilot * (size_t)st->nser * sizeof(double));
    if (!pilot_rows) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto fail;
    }
    shared sh = {.o = o, .sp = &sp, .st = st, .pilot_rows = pilot_rows,
                 .total = o->draws, .t0 = t0};
    ps_stoch_opts pilot_o = *o;
    pilot_o.nranks = 1;
    pilot_o.rank = 0;
    sh.o = &pilot_o;
    pthread_mutex_init(&sh.mu, NULL);
    for (int i = 0; i < nth; i++)
        tc[i].sh = &sh;
    if (run_phase(&sh, tc, nth, 0, npilot, 1)) {
        *err = sh.err;
        pthread_mutex_destroy(&sh.mu);
        goto fail;
    }
    set_bins(st, pilot_rows, npilot);
    for (int i = 0; i < nth; i++)
        if (acc_alloc(&tc[i].a, st->nser, st->nfund, st->ny)) {
            ps_err_set(err, PS_EINTERNAL, "out of memory");
            pthread_mutex_destroy(&sh.mu);
            goto fail;
        }
    /* The pilot's draws count once, with the rank that owns their block. */
    for (long d = 0; d < npilot; d++) {
        if (o->nranks > 1 && (d / BLOCK) % o->nranks != o->rank)
            continue;
        const double *row = pilot_rows + (size_t)d * (size_t)st->nser;
        int dep[MAX_FUNDS];
        for (int f = 0; f < st->nfund; f++) {
            const double *fund = row + (size_t)st->fund_name[f] * (size_t)st->ny;
            int y = 0;
            while (y < st->ny && !(fund[y] < 0))
                y++;
            dep[f] = y;
        }
        acc_add(&tc[0].a, st, row, dep);
    }
    free(pilot_rows);
    pilot_rows = NULL;

    /* Phase 2: the rest. */
    sh.o = o;
    if (run_phase(&sh, tc, nth, npilot, o->draws, 0)) {
        *err = sh.err;
        pthread_mutex_destroy(&sh.mu);
        goto fail;
    }
    pthread_mutex_destroy(&sh.mu);
    if (o->progress)
        fputc('\n', stderr);
    if (o->stop && *o->stop) {
        ps_err_set(err, PS_ESTOPPED, "stopped after %ld of %ld draws; nothing written",
                   sh.done, o->draws);
        goto fail;
    }
    for (int i = 0; i < nth; i++)
        acc_merge(&st->a, &tc[i].a, st);
    st->done = o->draws;
    for (int i = 0; i < nth; i++) {
        acc_free(&tc[i].a);
        worker_free(&tc[i].w);
    }
    free(tc);
    return st;
fail:
    if (tc)
        for (int i = 0; i < nth; i++) {
            acc_free(&tc[i].a);
            worker_free(&tc[i].w);
        }
    free(tc);
    free(pilot_rows);
    ps_stoch_free(st);
    return NULL;
}

void ps_stoch_free(ps_stoch *st)
{
    if (!st)
        return;
    for (int i = 0; i < st->nnames; i++)
        free(st->names[i]);
    for (int f = 0; f < st->nfund; f++)
        free(st->fund_label[f]);
    free(st->bin);
    acc_free(&st->a);
    free(st);
}

long ps_stoch_draws_done(const ps_stoch *st) { return st->done; }

int ps_stoch_merge(ps_stoch *st, const ps_stoch *other, ps_err *err)
{
    if (st->nser != other->nser || st->nfund != other->nfund)
        return ps_err_set(err, PS_EINTERNAL, "merging stochastic results of different runs");
    acc_merge(&st->a, &other->a, st);
    return PS_OK;
}

/* ---------------------------------------------------------------- MPI buffers */

/* Layout: counts (nser*(NBINS+2)), n (nser), sum hi/lo (2*nser), min and max
 * as bit patterns (2*nser), depletion counts. */
size_t ps_stoch_buffer_size(const ps_stoch *st)
{
    return (size_t)st->nser * (NBINS + 2 + 5) + (size_t)st->nfund * (size_t)(st->ny + 1);
}

void ps_stoch_to_buffer(const ps_stoch *st, uint64_t *buf)
{
    size_t k = 0, ns = (size_t)st->nser;
    for (size_t i = 0; i < ns * (NBINS + 2); i++)
        buf[k++] = st->a.count[i];
    for (size_t s = 0; s < ns; s++) {
        buf[k++] = st->a.n[s];
        unsigned __int128 u = (unsigned __int128)st->a.sum[s];
        buf[k++] = (uint64_t)(u >> 64);
        buf[k++] = (uint64_t)u;
        memcpy(&buf[k++], &st->a.min[s], 8);
        memcpy(&buf[k++], &st->a.max[s], 8);
    }
    for (size_t i = 0; i < (size_t)st->nfund * (size_t)(st->ny + 1); i++)
        buf[k++] = st->a.dep[i];
}

int ps_stoch_add_buffer(ps_stoch *st, const uint64_t *buf, ps_err *err)
{
    acc other;
    size_t k = 0, ns = (size_t)st->nser;
    if (acc_alloc(&other, st->nser, st->nfund, st->ny))
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (size_t i = 0; i < ns * (NBINS + 2); i++)
        other.count[i] = (uint32_t)buf[k++];
    for (size_t s = 0; s < ns; s++) {
        other.n[s] = buf[k++];
        unsigned __int128 u = ((unsigned __int128)buf[k] << 64) | buf[k + 1];
        k += 2;
        other.sum[s] = (i128)u;
        memcpy(&other.min[s], &buf[k++], 8);
        memcpy(&other.max[s], &buf[k++], 8);
    }
    for (size_t i = 0; i < (size_t)st->nfund * (size_t)(st->ny + 1); i++)
        other.dep[i] = buf[k++];
    acc_merge(&st->a, &other, st);
    acc_free(&other);
    return PS_OK;
}

/* ---------------------------------------------------------------- output */

static const double QS[] = {0.025, 0.10, 0.25, 0.50, 0.75, 0.90, 0.975};

static const ps_column_def QUANTILE_COLUMNS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"indicator", "指标（模块.列名）", "Indicator (module.column)", "-", PS_KIND_KEY, 0},
    {"mean", "均值", "Mean", "as the indicator", PS_KIND_STOCK, 0},
    {"p2_5", "2.5%分位数", "2.5th percentile", "as the indicator", PS_KIND_STOCK, 0},
    {"p10", "10%分位数", "10th percentile", "as the indicator", PS_KIND_STOCK, 0},
    {"p25", "25%分位数", "25th percentile", "as the indicator", PS_KIND_STOCK, 0},
    {"p50", "中位数", "Median", "as the indicator", PS_KIND_STOCK, 1},
    {"p75", "75%分位数", "75th percentile", "as the indicator", PS_KIND_STOCK, 0},
    {"p90", "90%分位数", "90th percentile", "as the indicator", PS_KIND_STOCK, 0},
    {"p97_5", "97.5%分位数", "97.5th percentile", "as the indicator", PS_KIND_STOCK, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_column_def DEPLETION_COLUMNS[] = {
    {"fund", "基金", "Fund", "-", PS_KIND_KEY, 0},
    {"year", "年份（none：预测期内不耗尽）", "Year (none: not within the horizon)", "year",
     PS_KIND_KEY, 0},
    {"share_depleting_in_year", "当年首次耗尽的模拟比例", "Share of draws first depleted in the year",
     "probability", PS_KIND_RATE, 0},
    {"probability_depleted_by_year", "截至当年已耗尽的概率", "Probability depleted by the year",
     "probability", PS_KIND_RATE, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

int ps_stoch_write(const ps_stoch *st, const char *dir, ps_err *err)
{
    FILE *f = ps_open_out(dir, "quantiles.csv", err);
    if (!f)
        return err->code;
    fputs("year,indicator,mean,p2_5,p10,p25,p50,p75,p90,p97_5\n", f);
    for (int n = 0; n < st->nnames; n++)
        for (int i = 0; i < st->ny; i++) {
            int s = n * st->ny + i;
            if (!st->a.n[s])
                continue;
            double mean = (double)st->a.sum[s] / ldexp(1.0, st->bin[s].scale_exp) /
                          (double)st->a.n[s];
            fprintf(f, "%d,%s", st->base + i, st->names[n]);
            ps_put(f, mean, 0);
            for (size_t q = 0; q < sizeof QS / sizeof QS[0]; q++)
                ps_put(f, acc_quantile(&st->a, st, s, QS[q]), 0);
            fputc('\n', f);
        }
    if (ps_close_out(f, dir, "quantiles.csv", err))
        return err->code;

    if (!(f = ps_open_out(dir, "depletion.csv", err)))
        return err->code;
    fputs("fund,year,share_depleting_in_year,probability_depleted_by_year\n", f);
    for (int k = 0; k < st->nfund; k++) {
        const uint64_t *c = &st->a.dep[(size_t)k * (size_t)(st->ny + 1)];
        uint64_t tot = 0, cum = 0;
        if (st->fund_exceed[k])
            continue; /* not a fund: summary rows only */
        for (int y = 0; y <= st->ny; y++)
            tot += c[y];
        for (int y = 0; y < st->ny; y++) {
            cum += c[y];
            fprintf(f, "%s,%d", st->fund_label[k], st->base + y);
            ps_put(f, tot ? (double)c[y] / tot : NAN, 0);
            ps_put(f, tot ? (double)cum / tot : NAN, 0);
            fputc('\n', f);
        }
        fprintf(f, "%s,none", st->fund_label[k]);
        ps_put(f, tot ? (double)c[st->ny] / tot : NAN, 0);
        fputs(",\n", f);
    }
    if (ps_close_out(f, dir, "depletion.csv", err))
        return err->code;

    if (ps_columns_register(dir, "quantiles.csv", QUANTILE_COLUMNS, err) ||
        ps_columns_register(dir, "depletion.csv", DEPLETION_COLUMNS, err))
        return err->code;

    /* Summary rows, appended to the central run's summary.csv. */
    ps_summary *sum = ps_summary_new();
    if (!sum)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    ps_summary_num(sum, 0, "stochastic_draws", (double)st->done, "-", "随机模拟次数",
                   "Stochastic draws");
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)st->seed);
    ps_summary_text(sum, 0, "stochastic_seed", seed, "-", "随机种子", "Seed of the draws");
    for (int k = 0; k < st->nfund; k++) {
        const uint64_t *c = &st->a.dep[(size_t)k * (size_t)(st->ny + 1)];
        uint64_t tot = 0, cum = 0;
        for (int y = 0; y <= st->ny; y++)
            tot += c[y];
        for (int y = 0; y < st->ny; y++) {
            cum += c[y];
            int year = st->base + y;
            if (year == 2030 || year == 2035 || year == 2050 || year == st->base + st->ny - 1) {
                char key[160];
                if (st->fund_exceed[k]) {
                    snprintf(key, sizeof key, "%s_exceeds_risk_share_probability_by_{year}",
                             st->fund_label[k]);
                    ps_summary_num(sum, year, key, tot ? (double)cum / tot : NAN, "probability",
                                   "{year}年前县级支出至少一年超过收入风险比例的概率",
                                   "Probability the county's cost exceeds the risk share of "
                                   "its revenue in some year by {year}");
                    continue;
                }
                snprintf(key, sizeof key, "%s_depletion_probability_by_{year}", st->fund_label[k]);
                ps_summary_num(sum, year, key, tot ? (double)cum / tot : NAN, "probability",
                               "{year}年前基金耗尽的概率", "Probability the fund is depleted by {year}");
            }
        }
    }
    int rc = ps_summary_error(sum, err);
    if (!rc)
        rc = ps_summary_append_csv(sum, dir, err);
    ps_summary_free(sum);
    return rc;
}
