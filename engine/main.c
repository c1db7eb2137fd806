/* main.c: the policysim command line.  The only place that prints to the
 * user and decides the exit status.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <signal.h>

#include "calibrate.h"
#include "charts.h"
#include "compare.h"
#include "decision.h"
#include "county.h"
#include "manifest.h"
#include "output.h"
#include "report.h"
#include "run.h"
#include "scenario.h"
#include "stochastic.h"
#include "sweep.h"
#include "sweep_chart.h"
#include "xlsx.h"
#ifdef PS_MPI
#include "mpi/stochastic_mpi.h"
#endif

#ifndef PS_VERSION
#define PS_VERSION "0.1.0"
#endif

static const char USAGE[] =
    "Usage: policysim COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  run SCENARIO     project the scenario and write its results\n"
    "  check SCENARIO   load and validate the scenario and its data; run nothing\n"
    "  params SCENARIO  print every parameter with its value and where it was set\n"
    "  calibrate SCENARIO --param KEY --indicator NAME --year Y --target V\n"
    "                   [--range LO:HI]  find the value of a numeric parameter\n"
    "                   that makes an indicator meet a target in a year\n"
    "  compare A.lua B.lua [...]\n"
    "                   run each scenario and compare them (overlay charts,\n"
    "                   comparison.csv, differences.csv, report; default --out\n"
    "                   out/compare/)\n"
    "  sweep SCENARIO --vary KEY=LOW:HIGH[:STEPS] [--vary ...]\n"
    "                   run the scenario with each parameter varied in turn:\n"
    "                   sweep.csv and a tornado table and chart of the headline answers\n"
    "  init DIR --census FILE [--area CODE] [--name NAME] [--base-date YYYY-MM-DD]\n"
    "                   [--shape FILE]  a county project from its census table\n"
    "                   (docs/county.md)\n"
    "  template BOOK.xlsx [--actuals FILE] [--records FILE] [--base-year Y]\n"
    "                   the county data template as a workbook (README zh/en,\n"
    "                   actuals, records), filled with the rows of the given tables\n"
    "  keys             list every scenario key (Markdown), with defaults and sources\n"
    "  help             show this help\n"
    "  version          show the version\n"
    "\n"
    "Options:\n"
    "  --out DIR               results folder (default out/<scenario name>/)\n"
    "  --force                 let --out replace a folder that does not hold\n"
    "                          policysim results (its contents are deleted)\n"
    "  --scripts DIR           the Lua library scenarios may require\n"
    "                          (default: scripts/ beside the program's bin/)\n"
    "  --max-instructions N    stop a scenario script after N Lua instructions\n"
    "                          (default 500000000)\n"
    "  --max-memory MB         stop a scenario script above MB MiB (default 512)\n"
    "  --draws N               also run N stochastic draws: quantiles.csv, depletion.csv\n"
    "  --seed S                seed of the draws (default 1); results depend on\n"
    "                          (seed, draw) only, not on --threads\n"
    "  --threads T             threads for the draws (default: the number of cores)\n"
    "  --plots FORMATS         chart files to write: png, svg, pdf, or a list such\n"
    "                          as png,svg (default png); report.html and report.pdf\n"
    "                          are always written\n"
    "  --lang zh|en            language of charts and reports (default zh)\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -h, --help              show this help\n"
    "  --version               show the version\n"
    "\n"
    "Exit status: 0 success, 64 usage error, 65 bad scenario or input data\n"
    "(or a script over its limits), 74 cannot write results, 70 internal error,\n"
    "130 stopped by Ctrl-C, 143 stopped by SIGTERM.\n"
    "Results are written to a temporary folder and moved into place only when\n"
    "complete: a failed run leaves no results folder behind.\n";

typedef struct {
    const char *cmd, *scenario, *out, *scripts;
    const char *param, *indicator, *year, *target, *range;
    const char *census, *area, *name, *base_date, *shape; /* init */
    const char *actuals, *records, *base_year;            /* template */
    long draws, threads;
    unsigned long long seed;
    int rank, nranks;        /* MPI; 0 and 1 without it */
    int nvary;
    const char *vary[PS_SWEEP_MAX_VARS];
    ps_limits lim;
    int quiet, force;
    int formats, lang;
    int nextra;
    const char *extra[PS_COMPARE_MAX];
    const ps_calib_fixed *fixed; /* the scenario's declared calibrations, solved */
    int nfixed;
} options;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("policysim: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'policysim --help'.\n", stderr);
    return 64;
}

static int parse_count(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v <= 0)
        return -1;
    *out = v;
    return 0;
}

/* Folder of the scripts library: --scripts, else the first scripts/ holding
 * policysim/ found going up from the binary's folder (bin/../scripts for
 * an installed or built tree, build/san/bin/../../../scripts for the
 * sanitizer build), else ./scripts. */
static void default_scripts(char *buf, size_t n)
{
    char dir[PATH_MAX], probe[PATH_MAX + 64];
    ssize_t len = readlink("/proc/self/exe", dir, sizeof dir - 1);
    struct stat st;
    if (len > 0) {
        dir[len] = '\0';
        for (int up = 0; up < 5; up++) {
            char *slash = strrchr(dir, '/');
            if (!slash || slash == dir)
                break;
            *slash = '\0';
            snprintf(probe, sizeof probe, "%s/scripts/policysim", dir);
            if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode)) {
                snprintf(buf, n, "%s/scripts", dir);
                return;
            }
        }
    }
    snprintf(buf, n, "scripts");
}

static volatile sig_atomic_t stop_requested;
static int stop_status(void);

static int report(int code, const ps_err *err)
{
    const char *kind = code == PS_EINTERNAL ? "internal error: " : "";
    if (code == PS_ESTOPPED || stop_requested) {
        fprintf(stderr, "policysim: %s\n",
                code == PS_ESTOPPED ? err->msg : "stopped; nothing written");
        return stop_status();
    }
    fprintf(stderr, "policysim: %s%s\n", kind, err->msg);
    return ps_err_exit_status(code);
}

/* Ctrl-C and SIGTERM: stop_requested holds the signal number, set by the
 * handler; the engine stops at its next check (draws, scenario scripts,
 * between the steps of a run) and removes what it had begun to write. */

static void on_stop_signal(int sig)
{
    stop_requested = sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A closed pipe or a file-size limit is a write error, not a death. */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
}

/* The exit status of a stopped run: as a shell reports the signal. */
static int stop_status(void)
{
    return 128 + (stop_requested ? (int)stop_requested : SIGINT);
}

static int stopped(ps_err *err)
{
    if (!stop_requested)
        return 0;
    ps_err_set(err, PS_ESTOPPED, "stopped by %s; nothing written",
               stop_requested == SIGTERM ? "SIGTERM" : "Ctrl-C");
    return PS_ESTOPPED;
}

/* The stochastic draws of `run --draws N`: this process's share (all of
 * them without MPI), then, under MPI, every rank's results merged on rank
 * 0.  Every rank reaches the exchange, failed or not, so none waits for
 * ever.  Returns NULL with err set on failure (on every rank). */
static ps_stoch *run_draws(const options *o, ps_err *err)
{
    ps_stoch_opts so = {0};
    so.scenario = o->scenario;
    so.scripts_dir = o->scripts;
    so.lim = o->lim;
    so.draws = o->draws;
    so.seed = o->seed ? o->seed : 1;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    so.threads = (int)(o->threads ? o->threads : ncpu > 0 ? ncpu : 1);
    so.progress = !o->quiet && o->rank == 0 && isatty(STDERR_FILENO);
    so.stop = &stop_requested;
    so.rank = o->rank;
    so.nranks = o->nranks > 0 ? o->nranks : 1;
    so.fixed = o->fixed;
    so.nfixed = o->nfixed;
    ps_stoch *st = ps_stoch_run(&so, err);
#ifdef PS_MPI
    if (so.nranks > 1 && ps_mpi_exchange(st, o->rank, so.nranks, err)) {
        ps_stoch_free(st);
        st = NULL;
    }
#endif
    return st;
}

/* At most 10 of the headline sentences, in their order: up to 3 of each
 * kind (funds, subsidies, plan checks, gaps, budget...), then the next ones
 * in order until 10; the report has them all. */
static void print_headline(const ps_headline *h, int lang)
{
    enum { MAX = 10, PER_KIND = 3 };
    int n = ps_headline_count(h), pick[256] = {0}, npick = 0, per[16] = {0};
    for (int i = 0; i < n && i < 256 && npick < MAX; i++) {
        int kind = ps_headline_order(h, i) / 100;
        kind = kind < 0 ? 0 : kind > 15 ? 15 : kind;
        if (per[kind] < PER_KIND) {
            per[kind]++;
            pick[i] = 1;
            npick++;
        }
    }
    for (int i = 0; i < n && i < 256 && npick < MAX; i++)
        if (!pick[i]) {
            pick[i] = 1;
            npick++;
        }
    for (int i = 0; i < n && i < 256; i++)
        if (pick[i])
            printf("%s\n", ps_headline_text(h, i, lang));
    if (n > npick)
        printf(lang ? "(%d more answers in the report)\n" : "（另有%d条结论见报告）\n", n - npick);
}

static int cmd_run(const options *o, ps_scenario *sc)
{
    ps_err err;
    ps_err_clear(&err);
    char out[4096], tmp[4200] = "";
    if (o->out)
        snprintf(out, sizeof out, "%s", o->out);
    else
        snprintf(out, sizeof out, "out/%s", sc->name);
    /* The draws first: under MPI every rank takes part, and only rank 0
     * goes on to the central projection and the files. */
    ps_stoch *st = NULL;
    if (o->draws > 0 && !(st = run_draws(o, &err)))
        return o->rank == 0 ? report(err.code, &err) : ps_err_exit_status(err.code);
    if (o->rank != 0) {
        ps_stoch_free(st);
        return 0;
    }
    ps_run *run = ps_run_new(sc, &err);
    int rc = run ? ps_run_project(run, &err) : err.code;
    if (!rc)
        rc = stopped(&err) ? err.code : ps_outdir_prepare(out, o->force, tmp, sizeof tmp, &err);
    if (!rc)
        rc = ps_run_write(run, tmp, &err);
    if (!rc)
        rc = ps_manifest_write(sc, tmp, PS_VERSION, &err);
    if (!rc && st)
        rc = ps_stoch_write(st, tmp, &err);
    if (!rc)
        rc = stopped(&err) ? err.code : ps_report_run(tmp, o->formats, o->lang, &err);
    if (!rc)
        rc = stopped(&err) ? err.code : ps_outdir_commit_flags(tmp, out, o->force, &err);
    if (rc && tmp[0]) {
        ps_err_name_final(&err, tmp, out);
        ps_outdir_abort(tmp); /* a no-op if commit already removed it */
    }
    /* The headline answers, printed after the results are in place. */
    ps_headline *h = !rc && !o->quiet ? ps_headline_new() : NULL;
    if (h && ps_run_headline(run, h, &err) == PS_OK)
        print_headline(h, o->lang);
    ps_headline_free(h);
    ps_run_free(run);
    ps_stoch_free(st);
    if (rc)
        return report(rc, &err);
    if (!o->quiet)
        printf("policysim: %s: %d-%d projected; results in %s/\n", sc->name, sc->base_year,
               sc->end_year, out);
    return 0;
}

static int cmd_compare(const options *o)
{
    const char *paths[PS_COMPARE_MAX];
    ps_err err;
    ps_err_clear(&err);
    if (o->nextra < 1)
        return usage_error("%s needs two or more scenario files", "compare");
    paths[0] = o->scenario;
    for (int i = 0; i < o->nextra; i++)
        paths[i + 1] = o->extra[i];
    ps_compare_spec sp = {o->nextra + 1, paths, o->out ? o->out : "out/compare", o->scripts,
                          o->lim, o->formats, o->lang, PS_VERSION, NULL};
    if (ps_compare(&sp, &err))
        return report(err.code, &err);
    if (!o->quiet) { /* the county's cost in each scenario (decision.h), then where */
        char brief[4096];
        ps_decision_brief(sp.out, o->lang, brief, sizeof brief);
        fputs(brief, stdout);
        printf("policysim: %d scenarios compared; results in %s/\n", sp.n, sp.out);
    }
    return 0;
}

static int cmd_sweep(const options *o)
{
    ps_sweep_spec sp = {0};
    ps_err err;
    char out[4096], tmp[4200] = "";
    ps_err_clear(&err);
    if (o->nvary == 0)
        return usage_error("%s needs at least one --vary KEY=LOW:HIGH[:STEPS]", "sweep");
    for (int i = 0; i < o->nvary; i++)
        if (ps_sweep_parse_var(o->vary[i], &sp.var[i], &err))
            return usage_error("%s", err.msg);
    sp.nvar = o->nvary;
    sp.scenario = o->scenario;
    sp.scripts_dir = o->scripts;
    sp.lim = o->lim;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    sp.threads = (int)(o->threads ? o->threads : ncpu > 0 ? ncpu : 1);
    /* Check the scenario and the keys before running anything. */
    ps_scenario *sc = ps_scenario_load(o->scenario, &o->lim, o->scripts, &err);
    if (!sc)
        return report(err.code, &err);
    for (int i = 0; i < sp.nvar; i++)
        if (!ps_scenario_series(sc, sp.var[i].key)) {
            ps_scenario_free(sc);
            return usage_error("--vary: '%s' is not a numeric parameter (see policysim keys)",
                               sp.var[i].key);
        }
    if (o->out)
        snprintf(out, sizeof out, "%s", o->out);
    else
        snprintf(out, sizeof out, "out/%s-sweep", sc->name);
    ps_scenario_free(sc);
    /* The trials first: under MPI each rank runs its share and rank 0
     * collects the summaries, then writes. */
    sp.rank = o->rank;
    sp.nranks = o->nranks > 0 ? o->nranks : 1;
    ps_sweep *sw = ps_sweep_compute(&sp, &err);
#ifdef PS_MPI
    if (sp.nranks > 1 && ps_mpi_sweep_exchange(sw, sp.rank, sp.nranks, &err)) {
        ps_sweep_free(sw);
        sw = NULL;
    }
#endif
    if (!sw)
        return o->rank == 0 ? report(err.code, &err) : ps_err_exit_status(err.code);
    if (o->rank != 0) {
        ps_sweep_free(sw);
        return 0;
    }
    int rc = stopped(&err) ? err.code : ps_outdir_prepare(out, o->force, tmp, sizeof tmp, &err);
    if (!rc)
        rc = ps_sweep_write(sw, tmp, &err);
    ps_sweep_free(sw);
    if (!rc)
        rc = stopped(&err) ? err.code : ps_plots_sweep(tmp, o->formats, o->lang, &err);
    if (!rc)
        rc = stopped(&err) ? err.code : ps_outdir_commit_flags(tmp, out, o->force, &err);
    if (rc && tmp[0]) {
        ps_err_name_final(&err, tmp, out);
        ps_outdir_abort(tmp); /* a no-op if commit already removed it */
    }
    if (rc)
        return report(rc, &err);
    if (!o->quiet)
        printf("policysim: sweep of %d parameter%s; results in %s/\n", sp.nvar,
               sp.nvar == 1 ? "" : "s", out);
    return 0;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    if (!s || !*s)
        return -1;
    *out = strtod(s, &end);
    return *end ? -1 : 0;
}

static int cmd_calibrate(const options *o)
{
    ps_calib_spec sp = {0};
    ps_calib_result res;
    ps_err err;
    double y;
    char *colon;
    ps_err_clear(&err);
    if (!o->param || !o->indicator || !o->year || !o->target)
        return usage_error("%s needs --param, --indicator, --year and --target", "calibrate");
    if (parse_double(o->year, &y) || y != (int)y)
        return usage_error("--year: '%s' is not a year", o->year);
    if (parse_double(o->target, &sp.target))
        return usage_error("--target: '%s' is not a number", o->target);
    const ps_param_def *d = NULL;
    for (const ps_param_def *c = ps_scenario_core_schema(); c->key; c++)
        if (strcmp(c->key, o->param) == 0)
            d = c;
    sp.lo = d ? d->lo : -1e6;
    sp.hi = d ? d->hi : 1e6;
    if (o->range) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", o->range);
        if (!(colon = strchr(buf, ':')))
            return usage_error("--range: '%s' is not LO:HI", o->range);
        *colon = '\0';
        if (parse_double(buf, &sp.lo) || parse_double(colon + 1, &sp.hi))
            return usage_error("--range: '%s' is not LO:HI", o->range);
    } else if (!d) {
        return usage_error("calibrate: give --range LO:HI for '%s'", o->param);
    }
    sp.scenario = o->scenario;
    sp.scripts_dir = o->scripts;
    sp.lim = o->lim;
    sp.param = o->param;
    sp.indicator = o->indicator;
    sp.year = (int)y;
    if (ps_calibrate(&sp, &res, &err))
        return report(err.code, &err);
    char b1[32], b2[32];
    printf("%s = %s gives %s = %s in %d (target %s, %d runs)\n", o->param, ps_fmt(b1, res.value),
           o->indicator, ps_fmt(b2, res.achieved), sp.year, o->target, res.iterations);
    return 0;
}

/* `policysim init DIR --census FILE ...`: a county project (county.h).
 * The default schedules come from data/ beside the scripts library. */
static int cmd_init(const options *o)
{
    char scripts[PATH_MAX + 16], data[PATH_MAX + 32];
    ps_init_spec sp = {0};
    ps_init_result res;
    ps_err err;
    ps_err_clear(&err);
    if (!o->scenario)
        return usage_error("%s needs a folder: policysim init DIR --census FILE", "init");
    if (!o->census)
        return usage_error("%s needs --census FILE (a CSV or .xlsx table age,male,female)",
                           "init");
    if (o->scripts)
        snprintf(scripts, sizeof scripts, "%s", o->scripts);
    else
        default_scripts(scripts, sizeof scripts);
    snprintf(data, sizeof data, "%s/../data", scripts);
    sp.dir = o->scenario;
    sp.census = o->census;
    sp.area = o->area;
    sp.name = o->name;
    sp.base_date = o->base_date;
    sp.shape = o->shape;
    sp.data_dir = data;
    if (ps_init_county(&sp, &res, &err))
        return report(err.code, &err);
    if (!o->quiet)
        printf("policysim: %s: %d age groups, %.0f residents graduated to single years; "
               "project in %s/ (run: policysim run %s/scenario.lua)\n",
               res.name, res.ngroups, res.total[0] + res.total[1], o->scenario, o->scenario);
    return 0;
}

/* `policysim template BOOK.xlsx [--actuals FILE] [--records FILE]
 * [--base-year Y]`: the county data template as a workbook, filled with
 * the rows of the given tables (county.h). */
static int cmd_template(const options *o)
{
    ps_err err;
    ps_err_clear(&err);
    long long by = 2020;
    if (!o->scenario || !ps_is_xlsx_path(o->scenario))
        return usage_error("%s needs the workbook to write: policysim template BOOK.xlsx "
                           "[--actuals FILE] [--records FILE] [--base-year Y]", "template");
    if (o->base_year && (parse_count(o->base_year, &by) || by < 1800 || by > 2300))
        return usage_error("--base-year: '%s' is not a year", o->base_year);
    if (ps_template_write_xlsx_from(o->scenario, (int)by, o->actuals, o->records, &err))
        return report(err.code, &err);
    if (!o->quiet)
        printf("policysim: data template written to %s\n", o->scenario);
    return 0;
}

static int policysim_main(int argc, char **argv, int rank, int nranks)
{
    options o = {0};
    o.rank = rank;
    o.nranks = nranks;
    o.formats = PS_FMT_PNG;
    char scripts[PATH_MAX + 16];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "help") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "version") == 0) {
            printf("policysim %s\n", PS_VERSION);
            return 0;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o.quiet = 1;
            continue;
        }
        if (strcmp(a, "--force") == 0) {
            o.force = PS_OUT_FORCE;
            continue;
        }
        if (strncmp(a, "--", 2) == 0) {
            const char *eq = strchr(a, '=');
            char name[64];
            if (eq) {
                snprintf(name, sizeof name, "%.*s", (int)(eq - a), a);
                val = eq + 1;
            } else {
                snprintf(name, sizeof name, "%s", a);
                if (i + 1 >= argc)
                    return usage_error("option '%s' needs a value", a);
                val = argv[++i];
            }
            if (strcmp(name, "--out") == 0)
                o.out = val;
            else if (strcmp(name, "--scripts") == 0)
                o.scripts = val;
            else if (strcmp(name, "--draws") == 0 || strcmp(name, "--threads") == 0 ||
                     strcmp(name, "--seed") == 0) {
                long long v;
                if (parse_count(val, &v) && !(strcmp(name, "--seed") == 0 && strcmp(val, "0") == 0))
                    return usage_error("'%s' needs a positive whole number", name);
                if (strcmp(name, "--seed") == 0)
                    o.seed = (unsigned long long)(strcmp(val, "0") == 0 ? 0 : v);
                else if (strcmp(name, "--draws") == 0)
                    o.draws = (long)v;
                else
                    o.threads = (long)v;
            } else if (strcmp(name, "--vary") == 0) {
                if (o.nvary == PS_SWEEP_MAX_VARS)
                    return usage_error("at most 16 --vary options (got '%s')", val);
                o.vary[o.nvary++] = val;
            } else if (strcmp(name, "--param") == 0)
                o.param = val;
            else if (strcmp(name, "--indicator") == 0)
                o.indicator = val;
            else if (strcmp(name, "--year") == 0)
                o.year = val;
            else if (strcmp(name, "--target") == 0)
                o.target = val;
            else if (strcmp(name, "--range") == 0)
                o.range = val;
            else if (strcmp(name, "--census") == 0)
                o.census = val;
            else if (strcmp(name, "--area") == 0)
                o.area = val;
            else if (strcmp(name, "--name") == 0)
                o.name = val;
            else if (strcmp(name, "--base-date") == 0)
                o.base_date = val;
            else if (strcmp(name, "--shape") == 0)
                o.shape = val;
            else if (strcmp(name, "--actuals") == 0)
                o.actuals = val;
            else if (strcmp(name, "--records") == 0)
                o.records = val;
            else if (strcmp(name, "--base-year") == 0)
                o.base_year = val;
            else if (strcmp(name, "--plots") == 0) {
                ps_err perr;
                if (ps_plot_parse_formats(val, &o.formats, &perr))
                    return usage_error("%s", perr.msg);
            } else if (strcmp(name, "--lang") == 0) {
                if (strcmp(val, "zh") && strcmp(val, "en"))
                    return usage_error("--lang: '%s' is not zh or en", val);
                o.lang = strcmp(val, "en") == 0 ? PS_LANG_EN : PS_LANG_ZH;
            }
            else if (strcmp(name, "--max-instructions") == 0) {
                if (parse_count(val, &o.lim.max_instructions))
                    return usage_error("--max-instructions: '%s' is not a positive number", val);
                if (o.lim.max_instructions < PS_MIN_MAX_INSTRUCTIONS)
                    return usage_error("--max-instructions: '%s' is below 10000 (the limit is "
                                       "checked every 10000 instructions)", val);
            } else if (strcmp(name, "--max-memory") == 0) {
                long long mb;
                if (parse_count(val, &mb) || mb > 1 << 20)
                    return usage_error("--max-memory: '%s' is not a size in MiB", val);
                o.lim.max_memory = (size_t)mb << 20;
            } else
                return usage_error("unknown option '%s'", name);
            continue;
        }
        if (a[0] == '-' && a[1])
            return usage_error("unknown option '%s'", a);
        if (!o.cmd)
            o.cmd = a;
        else if (!o.scenario)
            o.scenario = a;
        else if (strcmp(o.cmd, "compare") == 0 && o.nextra < PS_COMPARE_MAX - 1)
            o.extra[o.nextra++] = a;
        else
            return usage_error("unexpected argument '%s'", a);
    }
    if (!o.cmd) {
        fputs(USAGE, stderr);
        return 64;
    }
    if (strcmp(o.cmd, "keys") == 0) {
        ps_schema_write_markdown(stdout);
        return 0;
    }
    if (strcmp(o.cmd, "init") == 0)
        return cmd_init(&o);
    if (strcmp(o.cmd, "template") == 0)
        return cmd_template(&o);
    if (strcmp(o.cmd, "run") && strcmp(o.cmd, "check") && strcmp(o.cmd, "params") &&
        strcmp(o.cmd, "calibrate") && strcmp(o.cmd, "sweep") && strcmp(o.cmd, "compare"))
        return usage_error("unknown command '%s'", o.cmd);
    if (!o.scripts) {
        default_scripts(scripts, sizeof scripts);
        o.scripts = scripts;
    }
    if (!o.scenario)
        return usage_error("'%s' needs a scenario file", o.cmd);

    ps_err err;
    ps_err_clear(&err);
    install_signals();
    ps_sandbox_set_stop_flag(&stop_requested);
    if (strcmp(o.cmd, "calibrate") == 0)
        return cmd_calibrate(&o);
    if (strcmp(o.cmd, "sweep") == 0)
        return cmd_sweep(&o);
    if (strcmp(o.cmd, "compare") == 0)
        return cmd_compare(&o);
    ps_scenario *sc = ps_scenario_load(o.scenario, &o.lim, o.scripts, &err);
    if (!sc)
        return report(err.code, &err);
    int status = 0;
    if (strcmp(o.cmd, "run") == 0) {
        /* The scenario's declared calibrations first (issue 13). */
        ps_calib_fixed sol[PS_CALIB_MAX];
        double got[PS_CALIB_MAX];
        int nsol = 0;
        if (ps_calibrate_declared(sc, o.scenario, &o.lim, o.scripts, NULL, 0, sol, got, &nsol,
                                  &err)) {
            status = report(err.code, &err);
            ps_scenario_free(sc);
            return status;
        }
        for (int i = 0; i < nsol && !o.quiet && o.rank == 0; i++) {
            char b1[32], b2[32];
            printf("policysim: calibrated %s = %s (its indicator reaches %s)\n", sol[i].key,
                   ps_fmt(b1, sol[i].value),
                   ps_fmt(b2, got[i]));
        }
        o.fixed = sol;
        o.nfixed = nsol;
        status = cmd_run(&o, sc);
    } else if (strcmp(o.cmd, "check") == 0) {
        /* Checking is running without writing: the data files are read and
         * every year projected, so that check refuses what run refuses
         * (values of functions, hooks, ranges met only in later years). */
        ps_run *run = NULL;
        if (ps_calibrate_declared_check(sc, &err) || !(run = ps_run_new(sc, &err)) ||
            ps_run_project(run, &err))
            status = report(err.code, &err);
        else if (!o.quiet)
            printf("policysim: %s: OK (%d-%d, %d file%s)\n", sc->name, sc->base_year,
                   sc->end_year, sc->nfiles, sc->nfiles == 1 ? "" : "s");
        ps_run_free(run);
    } else {
        /* params shows the values a run uses: declared calibrations solved,
         * each with what it was calibrated to (issue 14). */
        ps_calib_fixed sol[PS_CALIB_MAX];
        double got[PS_CALIB_MAX];
        int nsol = 0;
        if (ps_calibrate_declared(sc, o.scenario, &o.lim, o.scripts, NULL, 0, sol, got, &nsol,
                                  &err) ||
            ps_scenario_write_params(sc, stdout, &err))
            status = report(err.code, &err);
    }
    ps_scenario_free(sc);
    return status;
}

int main(int argc, char **argv)
{
#ifdef PS_MPI
    int rank = 0, nranks = 1;
    if (ps_mpi_init(&argc, &argv, &rank, &nranks)) {
        fputs("policysim: cannot start MPI\n", stderr);
        return 70;
    }
    /* Rank 0 speaks for all: the others' errors reach it in the exchange. */
    if (rank != 0 && (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)))
        return 70;
    int status = policysim_main(argc, argv, rank, nranks);
    ps_mpi_finalize();
    return status;
#else
    return policysim_main(argc, argv, 0, 1);
#endif
}
