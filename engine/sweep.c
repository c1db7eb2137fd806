/* sweep.c: see sweep.h.  GPL-3.0-or-later. */
#include "sweep.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "module.h"
#include "output.h"
#include "table.h"
#include "run.h"
#include "scenario.h"
#include "summary.h"

int ps_sweep_parse_var(const char *text, ps_sweep_var *v, ps_err *err)
{
    const char *eq = strchr(text, '=');
    char *end;
    memset(v, 0, sizeof *v);
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof v->key)
        return ps_err_set(err, PS_EUSAGE, "--vary '%s': expected KEY=LOW:HIGH[:STEPS]", text);
    memcpy(v->key, text, (size_t)(eq - text));
    v->lo = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != ':')
        return ps_err_set(err, PS_EUSAGE, "--vary '%s': expected KEY=LOW:HIGH[:STEPS]", text);
    const char *h = end + 1;
    v->hi = strtod(h, &end);
    if (end == h)
        return ps_err_set(err, PS_EUSAGE, "--vary '%s': expected KEY=LOW:HIGH[:STEPS]", text);
    v->steps = 5;
    if (*end == ':') {
        const char *st = end + 1;
        long n = strtol(st, &end, 10);
        if (end == st || *end || n < 2 || n > 101)
            return ps_err_set(err, PS_EUSAGE, "--vary '%s': STEPS must be 2..101", text);
        v->steps = (int)n;
    } else if (*end) {
        return ps_err_set(err, PS_EUSAGE, "--vary '%s': expected KEY=LOW:HIGH[:STEPS]", text);
    }
    if (!(v->lo < v->hi))
        return ps_err_set(err, PS_EUSAGE, "--vary '%s': LOW must be below HIGH", text);
    return PS_OK;
}

/* ---------------------------------------------------------------- trials */

typedef struct {
    int var;           /* -1: the scenario as it is */
    double value;
    char *summary;     /* "key,value\n" rows, owned */
    ps_summary *sum;   /* the scenario's own trial (var -1): its rows with labels and
                          headline flags, owned; NULL for the others */
    int rc;
    ps_err err;
} trial;

typedef struct {
    const ps_sweep_spec *sp;
    trial *t;
    int n, next;
    pthread_mutex_t mu;
} pool;

struct ps_sweep {
    ps_sweep_spec sp;
    trial *t;
    int n;
};

static void run_trial(const ps_sweep_spec *sp, trial *t)
{
    ps_scenario *sc = ps_scenario_load(sp->scenario, &sp->lim, sp->scripts_dir, &t->err);
    ps_run *run = NULL;
    size_t len = 0;
    FILE *f = NULL;
    t->rc = sc ? PS_OK : t->err.code;
    if (!t->rc && t->var >= 0)
        t->rc = ps_scenario_set_const(sc, sp->var[t->var].key, t->value, &t->err);
    if (!t->rc) { /* the scenario's declared calibrations, solved at this point */
        ps_calib_fixed fx = {t->var >= 0 ? sp->var[t->var].key : NULL, t->value}, sol[PS_CALIB_MAX];
        double got[PS_CALIB_MAX];
        int nsol;
        t->rc = ps_calibrate_declared_with(sc, sp->scenario, &sp->lim, sp->scripts_dir,
                                           sp->modules, &fx, t->var >= 0, sol, got, &nsol,
                                           &t->err);
    }
    const ps_module *const *mods = sp->modules ? sp->modules : ps_modules;
    if (!t->rc && !(run = ps_run_new_with(sc, mods, &t->err)))
        t->rc = t->err.code;
    if (!t->rc)
        t->rc = ps_run_project(run, &t->err);
    if (!t->rc && !(f = open_memstream(&t->summary, &len)))
        t->rc = ps_err_set(&t->err, PS_EINTERNAL, "out of memory");
    ps_summary *sum = NULL;
    if (!t->rc && !(sum = ps_summary_new()))
        t->rc = ps_err_set(&t->err, PS_EINTERNAL, "out of memory");
    if (!t->rc)
        t->rc = ps_run_summarize(run, sum, &t->err);
    if (!t->rc)
        ps_summary_write_pairs(sum, f);
    if (f)
        fclose(f);
    if (!t->rc && t->var < 0)
        t->sum = sum;
    else
        ps_summary_free(sum);
    ps_run_free(run);
    ps_scenario_free(sc);
}

static void *pool_main(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        int i = p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->n)
            return NULL;
        int nr = p->sp->nranks > 1 ? p->sp->nranks : 1;
        if (i % nr == p->sp->rank)
            run_trial(p->sp, &p->t[i]);
    }
}

/* Value of `key` in a trial's summary (NaN if absent or not a number). */
static double lookup(const trial *t, const char *key, char *text, size_t tn)
{
    size_t kl = strlen(key);
    text[0] = '\0';
    for (const char *l = t->summary; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len > kl && strncmp(l, key, kl) == 0 && l[kl] == ',') {
            snprintf(text, tn, "%.*s", (int)(len - kl - 1), l + kl + 1);
            char *end;
            double v = strtod(text, &end);
            return end != text && !*end ? v : NAN;
        }
        l = nl ? nl + 1 : l + len;
    }
    return NAN;
}

/* The row of `key` in the scenario's own summary, or -1. */
static int summary_index(const ps_summary *sum, const char *key)
{
    for (int i = 0; sum && i < ps_summary_count(sum); i++)
        if (strcmp(ps_summary_key(sum, i), key) == 0)
            return i;
    return -1;
}

/* Whether `key` is an answer of the tornado: a headline answer, as the
 * module that adds the row declares it (ps_summary_headline, summary.csv's
 * `headline` column), with a unit: a number or a year ("none" included),
 * not a text such as the plan's yes/no checks, which have no swing. */
static int is_headline(const ps_summary *sum, const char *key)
{
    int i = summary_index(sum, key);
    return i >= 0 && ps_summary_is_headline(sum, i) && strcmp(ps_summary_unit(sum, i), "-") != 0;
}

static void csv_text(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

ps_sweep *ps_sweep_compute(const ps_sweep_spec *sp, ps_err *err)
{
    int n = 1;
    for (int v = 0; v < sp->nvar; v++)
        n += sp->var[v].steps;
    ps_sweep *sw = calloc(1, sizeof *sw);
    trial *t = calloc((size_t)n, sizeof *t);
    if (!sw || !t) {
        free(sw);
        free(t);
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    sw->sp = *sp;
    sw->t = t;
    sw->n = n;
    int k = 0;
    t[k++].var = -1;
    for (int v = 0; v < sp->nvar; v++)
        for (int s = 0; s < sp->var[v].steps; s++, k++) {
            t[k].var = v;
            t[k].value = sp->var[v].lo +
                         (sp->var[v].hi - sp->var[v].lo) * s / (sp->var[v].steps - 1);
        }
    pool p = {&sw->sp, t, n, 0, PTHREAD_MUTEX_INITIALIZER};
    int nth = sp->threads < 1 ? 1 : sp->threads > 32 ? 32 : sp->threads;
    pthread_t th[32];
    int started = 0;
    for (int i = 1; i < nth; i++)
        if (pthread_create(&th[i], NULL, pool_main, &p) == 0)
            started = i;
    pool_main(&p);
    for (int i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < n; i++)
        if (t[i].rc) {
            *err = t[i].err;
            if (i > 0)
                ps_err_prefix(err, "sweep %s = %g: ", sp->var[t[i].var].key, t[i].value);
            ps_sweep_free(sw);
            return NULL;
        }
    return sw;
}

void ps_sweep_free(ps_sweep *sw)
{
    if (!sw)
        return;
    for (int i = 0; i < sw->n; i++) {
        free(sw->t[i].summary);
        ps_summary_free(sw->t[i].sum);
    }
    free(sw->t);
    free(sw);
}

int ps_sweep_ntrials(const ps_sweep *sw) { return sw->n; }
char **ps_sweep_slot(ps_sweep *sw, int i) { return &sw->t[i].summary; }

int ps_sweep_run(const ps_sweep_spec *sp, const char *dir, ps_err *err)
{
    ps_sweep *sw = ps_sweep_compute(sp, err);
    if (!sw)
        return err->code;
    int rc = ps_sweep_write(sw, dir, err);
    ps_sweep_free(sw);
    return rc;
}

static const ps_column_def SWEEP_COLUMNS[] = {
    {"parameter", "变动的参数", "Parameter varied", "-", PS_KIND_KEY, 0},
    {"value", "参数取值", "Value of the parameter", "as the parameter", PS_KIND_KEY, 0},
    {"key", "结果键名（summary.csv）", "Result key (as in summary.csv)", "-", PS_KIND_KEY, 0},
    {"result", "结果", "Result", "as the result", PS_KIND_TEXT, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_column_def TORNADO_COLUMNS[] = {
    {"answer", "结论键名", "Answer (summary key)", "-", PS_KIND_KEY, 0},
    {"parameter", "变动的参数", "Parameter varied", "-", PS_KIND_KEY, 0},
    {"low", "参数低值", "Low value of the parameter", "as the parameter", PS_KIND_RATE, 0},
    {"high", "参数高值", "High value of the parameter", "as the parameter", PS_KIND_RATE, 0},
    {"at_low", "低值时的结论", "Answer at the low value", "as the answer", PS_KIND_TEXT, 0},
    {"at_high", "高值时的结论", "Answer at the high value", "as the answer", PS_KIND_TEXT, 0},
    {"scenario", "情景本身的结论", "Answer of the scenario as given", "as the answer",
     PS_KIND_TEXT, 0},
    {"swing", "结论的变动幅度", "Swing of the answer (high minus low, absolute)", "as the answer",
     PS_KIND_RATE, 1},
    {"label_zh", "结论（中文）", "Answer in Chinese (summary.csv's label)", "-", PS_KIND_TEXT, 0},
    {"label_en", "结论（英文）", "Answer in English (summary.csv's label)", "-", PS_KIND_TEXT, 0},
    {"unit", "结论的单位", "Unit of the answer", "-", PS_KIND_TEXT, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

int ps_sweep_write(const ps_sweep *sw, const char *dir, ps_err *err)
{
    const ps_sweep_spec *sp = &sw->sp;
    const trial *t = sw->t;
    int n = sw->n, rc = PS_OK;
    FILE *f = NULL;
    if (!rc && !(f = ps_open_out(dir, "sweep.csv", err)))
        rc = err->code;
    char text[256], b[32];
    if (!rc) {
        fputs("parameter,value,key,result\n", f);
        for (int i = 0; i < n; i++)
            for (const char *l = t[i].summary; l && *l;) {
                const char *nl = strchr(l, '\n');
                size_t len = nl ? (size_t)(nl - l) : strlen(l);
                csv_text(f, t[i].var < 0 ? "(scenario)" : sp->var[t[i].var].key);
                fprintf(f, ",%s,%.*s\n", t[i].var < 0 ? "" : ps_fmt(b, t[i].value), (int)len, l);
                l = nl ? nl + 1 : l + len;
            }
        rc = ps_close_out(f, dir, "sweep.csv", err);
        if (!rc)
            rc = ps_columns_register(dir, "sweep.csv", SWEEP_COLUMNS, err);
    }
    if (!rc && !(f = ps_open_out(dir, "tornado.csv", err)))
        rc = err->code;
    if (!rc) {
        fputs("answer,parameter,low,high,at_low,at_high,scenario,swing,label_zh,label_en,unit\n",
              f);
        /* Headline keys from the scenario's own summary. */
        for (const char *l = t[0].summary; l && *l;) {
            const char *nl = strchr(l, '\n');
            size_t len = nl ? (size_t)(nl - l) : strlen(l);
            char key[128];
            const char *comma = memchr(l, ',', len);
            if (comma && (size_t)(comma - l) < sizeof key) {
                snprintf(key, sizeof key, "%.*s", (int)(comma - l), l);
                if (is_headline(t[0].sum, key)) {
                    char base_text[256];
                    lookup(&t[0], key, text, sizeof text);
                    snprintf(base_text, sizeof base_text, "%s", text);
                    for (int v = 0, first = 1; v < sp->nvar; v++) {
                        int lo_i = first, hi_i = first + sp->var[v].steps - 1;
                        char lo_text[256], hi_text[256];
                        double a = lookup(&t[lo_i], key, lo_text, sizeof lo_text);
                        double z = lookup(&t[hi_i], key, hi_text, sizeof hi_text);
                        csv_text(f, key);
                        fputc(',', f);
                        csv_text(f, sp->var[v].key);
                        fprintf(f, ",%s", ps_fmt(b, sp->var[v].lo));
                        fprintf(f, ",%s,", ps_fmt(b, sp->var[v].hi));
                        csv_text(f, lo_text);
                        fputc(',', f);
                        csv_text(f, hi_text);
                        fputc(',', f);
                        csv_text(f, base_text);
                        ps_put(f, isnan(a) || isnan(z) ? NAN : fabs(z - a), 0);
                        /* The answer's labels and unit as its module declares them. */
                        int si = summary_index(t[0].sum, key);
                        ps_put_text(f, si < 0 ? key : ps_summary_label(t[0].sum, si, 0), 0);
                        ps_put_text(f, si < 0 ? key : ps_summary_label(t[0].sum, si, 1), 0);
                        ps_put_text(f, si < 0 ? "-" : ps_summary_unit(t[0].sum, si), 0);
                        fputc('\n', f);
                        first += sp->var[v].steps;
                    }
                }
            }
            l = nl ? nl + 1 : l + len;
        }
        rc = ps_close_out(f, dir, "tornado.csv", err);
        if (!rc)
            rc = ps_columns_register(dir, "tornado.csv", TORNADO_COLUMNS, err);
    }
    return rc;
}
