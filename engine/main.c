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

#include "calibrate.h"
#include "manifest.h"
#include "output.h"
#include "run.h"
#include "scenario.h"

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
    "  keys             list every scenario key (Markdown), with defaults and sources\n"
    "  help             show this help\n"
    "  version          show the version\n"
    "\n"
    "Options:\n"
    "  --out DIR               results folder (default out/<scenario name>/)\n"
    "  --scripts DIR           the Lua library scenarios may require\n"
    "                          (default: scripts/ beside the program's bin/)\n"
    "  --max-instructions N    stop a scenario script after N Lua instructions\n"
    "                          (default 500000000)\n"
    "  --max-memory MB         stop a scenario script above MB MiB (default 512)\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -h, --help              show this help\n"
    "  --version               show the version\n"
    "\n"
    "Exit status: 0 success, 64 usage error, 65 bad scenario or input data\n"
    "(or a script over its limits), 74 cannot write results, 70 internal error.\n"
    "Results are written to a temporary folder and moved into place only when\n"
    "complete: a failed run leaves no results folder behind.\n";

typedef struct {
    const char *cmd, *scenario, *out, *scripts;
    const char *param, *indicator, *year, *target, *range;
    ps_limits lim;
    int quiet;
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

/* Folder of the scripts library: --scripts, else <dir of the binary>/../scripts. */
static void default_scripts(char *buf, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, n, "%s/../scripts", exe);
            return;
        }
    }
    snprintf(buf, n, "scripts");
}

static int report(int code, const ps_err *err)
{
    const char *kind = code == PS_EINTERNAL ? "internal error: " : "";
    fprintf(stderr, "policysim: %s%s\n", kind, err->msg);
    return ps_err_exit_status(code);
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
    ps_run *run = ps_run_new(sc, &err);
    if (!run)
        return report(err.code, &err);
    int rc = ps_run_project(run, &err);
    if (!rc)
        rc = ps_outdir_begin(out, tmp, sizeof tmp, &err);
    if (!rc)
        rc = ps_run_write(run, tmp, &err);
    if (!rc)
        rc = ps_manifest_write(sc, tmp, PS_VERSION, &err);
    if (!rc)
        rc = ps_outdir_commit(tmp, out, &err);
    else if (tmp[0])
        ps_outdir_abort(tmp);
    ps_run_free(run);
    if (rc)
        return report(rc, &err);
    if (!o->quiet)
        printf("policysim: %s: %d-%d projected; results in %s/\n", sc->name, sc->base_year,
               sc->end_year, out);
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

int main(int argc, char **argv)
{
    options o = {0};
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
            else if (strcmp(name, "--param") == 0)
                o.param = val;
            else if (strcmp(name, "--indicator") == 0)
                o.indicator = val;
            else if (strcmp(name, "--year") == 0)
                o.year = val;
            else if (strcmp(name, "--target") == 0)
                o.target = val;
            else if (strcmp(name, "--range") == 0)
                o.range = val;
            else if (strcmp(name, "--max-instructions") == 0) {
                if (parse_count(val, &o.lim.max_instructions))
                    return usage_error("--max-instructions: '%s' is not a positive number", val);
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
    if (strcmp(o.cmd, "run") && strcmp(o.cmd, "check") && strcmp(o.cmd, "params") &&
        strcmp(o.cmd, "calibrate"))
        return usage_error("unknown command '%s'", o.cmd);
    if (!o.scripts) {
        default_scripts(scripts, sizeof scripts);
        o.scripts = scripts;
    }
    if (!o.scenario)
        return usage_error("'%s' needs a scenario file", o.cmd);

    ps_err err;
    ps_err_clear(&err);
    if (strcmp(o.cmd, "calibrate") == 0)
        return cmd_calibrate(&o);
    ps_scenario *sc = ps_scenario_load(o.scenario, &o.lim, o.scripts, &err);
    if (!sc)
        return report(err.code, &err);
    int status = 0;
    if (strcmp(o.cmd, "run") == 0) {
        status = cmd_run(&o, sc);
    } else if (strcmp(o.cmd, "check") == 0) {
        /* Reading the data files is part of checking. */
        ps_run *run = ps_run_new(sc, &err);
        if (!run)
            status = report(err.code, &err);
        else if (!o.quiet)
            printf("policysim: %s: OK (%d-%d, %d file%s)\n", sc->name, sc->base_year,
                   sc->end_year, sc->nfiles, sc->nfiles == 1 ? "" : "s");
        ps_run_free(run);
    } else {
        if (ps_scenario_write_params(sc, stdout, &err))
            status = report(err.code, &err);
    }
    ps_scenario_free(sc);
    return status;
}
