/* compare.c: see compare.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibrate.h"
#include "csv.h"
#include "decision.h"
#include "declared.h"
#include "manifest.h"
#include "module.h"
#include "output.h"
#include "table.h"
#include "report.h"
#include "run.h"
#include "scenario.h"
#include "towns_chart.h"
#include "workbook.h"

const int ps_compare_years[4] = {2025, 2030, 2035, 2050};

/* Headline series of demography.csv; every fund's balance, income,
 * expenditure and insured (fund_columns); every custom indicator. */
static const char *const DEMO[] = {"population",  "births",      "deaths",
                                   "old_age_dependency", "total_dependency", "tfr",
                                   "age_0",       "age_1",       "age_2",
                                   "age_65_plus", "age_80_plus", "median_age", NULL};

/* The table of module m with its fund balance, as the module declares it
 * (a table with one row a year whose headline column is of kind
 * PS_KIND_FUND, the balance draws count depletion on): its file, and in
 * cols its income_total, expenditure, balance and insured (in the file's
 * order when collected); NULL if the module declares no fund. */
static const char *fund_columns(const ps_module *m, const char *cols[5])
{
    const ps_table_def *tab;
    const ps_column_def *c = ps_module_fund(m, &tab);
    if (!c)
        return NULL;
    cols[0] = "income_total";
    cols[1] = "expenditure";
    cols[2] = c->key;
    cols[3] = "insured";
    cols[4] = NULL;
    return tab->file;
}

/* The county budget's answers (budget_totals.csv), compared first: what
 * the county itself pays is the question a finance bureau brings. */
static const char *const BUDGET[] = {"county",
                                     "county_share_revenue",
                                     "county_real",
                                     "county_resident_pension",
                                     "county_resident_medical",
                                     "county_medical_assistance",
                                     "county_land_guarantee",
                                     "county_social_assistance",
                                     "county_childcare",
                                     "county_elderly_care",
                                     "county_county_employer",
                                     "county_other",
                                     NULL};

typedef struct {
    int s, year;
    double v;
    char ind[112];
} point;

typedef struct {
    int n, cap;
    point *p;
} points;

static int add_point(points *ps, int s, const char *ind, int year, double v)
{
    if (ps->n == ps->cap) {
        int cap = ps->cap ? 2 * ps->cap : 1024;
        point *p = realloc(ps->p, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        ps->p = p;
        ps->cap = cap;
    }
    point *q = &ps->p[ps->n++];
    q->s = s;
    q->year = year;
    q->v = v;
    snprintf(q->ind, sizeof q->ind, "%s", ind);
    return 0;
}

/* Adds the columns of dir/file (all but year if cols is NULL), named
 * prefix + column. */
static int collect(points *ps, int s, const char *dir, const char *file, const char *prefix,
                   const char *const *cols, ps_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (access(path, R_OK))
        return PS_OK;
    ps_csv *t = ps_csv_read(path, err);
    if (!t)
        return err->code;
    int yc = ps_csv_col(t, "year"), rc = PS_OK;
    for (int c = 0; yc >= 0 && c < ps_csv_ncols(t) && !rc; c++) {
        const char *h = ps_csv_header(t, c);
        int want = c != yc;
        if (cols) {
            want = 0;
            for (int k = 0; cols[k]; k++)
                want |= strcmp(cols[k], h) == 0;
        }
        if (!want)
            continue;
        char ind[112];
        snprintf(ind, sizeof ind, "%s%s", prefix, h);
        for (int r = 0; r < ps_csv_nrows(t) && !rc; r++) {
            const char *f = ps_csv_field(t, r, c);
            char *end;
            double v = *f ? strtod(f, &end) : NAN;
            if (!*f || *end || !isfinite(v))
                continue;
            if (add_point(ps, s, ind, atoi(ps_csv_field(t, r, yc)), v))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
    }
    ps_csv_free(t);
    return rc;
}

/* Display columns of the UTF-8 character at s (a Chinese character is
 * two columns wide) and its length in bytes in *len. */
static int char_cols(const unsigned char *s, int *len)
{
    *len = *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
    for (int k = 1; k < *len; k++)
        if ((s[k] & 0xC0) != 0x80) {
            *len = 1;
            break;
        }
    return *len >= 3 ? 2 : 1;
}

/* A scenario in words for chart legends: its description (the decision
 * table's column header), its name with spaces for underscores if it has
 * none, without a closing full stop, shortened to at most `cols` display
 * columns (at a space when there is one in the last third, else between
 * characters) with "..." after it. */
void ps_compare_legend(const char *desc, const char *name, int cols, char *out, size_t n)
{
    char text[512];
    snprintf(text, sizeof text, "%s", desc && *desc ? desc : name);
    if (!(desc && *desc))
        for (char *p = text; *p; p++)
            *p = *p == '_' ? ' ' : *p;
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len > 0 && text[len - 1] == '.')
        len--;
    else if (len >= 3 && strncmp(text + len - 3, "。", 3) == 0)
        len -= 3;
    text[len] = '\0';
    int total = 0, cl;
    for (size_t i = 0; i < len; i += (size_t)cl)
        total += char_cols((const unsigned char *)text + i, &cl);
    if (total <= cols) {
        snprintf(out, n, "%s", text);
        return;
    }
    /* The longest start of at most cols - 3 columns, ending at a word if
     * one ends in its last third. */
    size_t cut = 0, space = 0;
    int used = 0, space_used = 0;
    while (cut < len) {
        int w = char_cols((const unsigned char *)text + cut, &cl);
        if (used + w > cols - 3)
            break;
        used += w;
        cut += (size_t)cl;
        if (text[cut] == ' ') {
            space = cut;
            space_used = used;
        }
    }
    if (space > 0 && 3 * space_used >= 2 * used)
        cut = space;
    while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ',' || text[cut - 1] == ';'))
        cut--;
    snprintf(out, n, "%.*s...", (int)cut, text);
}

static int run_one(const ps_compare_spec *sp, int i, const char *tmp, char *name, size_t nn,
                   char *words, size_t wn, ps_err *err)
{
    ps_scenario *sc = ps_scenario_load(sp->scenarios[i], &sp->lim, sp->scripts_dir, err);
    if (!sc)
        return err->code;
    char sub[4200];
    snprintf(name, nn, "%s", sc->name);
    snprintf(sub, sizeof sub, "%.4000s/%.127s", tmp, name);
    /* Two scenarios with one name get distinct folders. */
    for (int k = 2; access(sub, F_OK) == 0; k++) {
        snprintf(name, nn, "%.60s_%d", sc->name, k);
        snprintf(sub, sizeof sub, "%.4000s/%.127s", tmp, name);
    }
    ps_compare_legend(sc->description, name, (int)wn, words, wn); /* whole */
    int rc = PS_OK;
    if (strchr(name, '/') || name[0] == '.' || !name[0])
        rc = ps_err_set(err, PS_EINPUT, "%s: scenario name '%s' cannot name a folder",
                        sp->scenarios[i], name);
    else if (mkdir(sub, 0777))
        rc = ps_err_set(err, PS_EIO, "%s: cannot create the folder: %s", sub, strerror(errno));
    /* The scenario's declared calibrations first, as `run` solves them
     * (with the same modules). */
    ps_calib_fixed sol[PS_CALIB_MAX];
    double got[PS_CALIB_MAX];
    int nsol = 0;
    if (!rc)
        rc = ps_calibrate_declared_with(sc, sp->scenarios[i], &sp->lim, sp->scripts_dir,
                                        sp->modules, NULL, 0, sol, got, &nsol, err);
    ps_run *run = rc ? NULL : ps_run_new_with(sc, sp->modules ? sp->modules : ps_modules, err);
    if (!rc && !run)
        rc = err->code;
    if (!rc)
        rc = ps_run_project(run, err);
    if (!rc)
        rc = ps_run_write(run, sub, err);
    if (!rc)
        rc = ps_manifest_write(sc, sub, sp->version ? sp->version : "", err);
    ps_run_free(run);
    ps_scenario_free(sc);
    if (rc)
        ps_err_prefix(err, "%s: ", sp->scenarios[i]);
    return rc;
}

static int find(const points *ps, int s, const char *ind, int year, double *v)
{
    for (int i = 0; i < ps->n; i++)
        if (ps->p[i].s == s && ps->p[i].year == year && strcmp(ps->p[i].ind, ind) == 0) {
            *v = ps->p[i].v;
            return 1;
        }
    return 0;
}

/* Distinct indicators in order of first appearance. */
static int indicators(const points *ps, const char **out, int max)
{
    int n = 0;
    for (int i = 0; i < ps->n; i++) {
        int seen = 0;
        for (int k = 0; k < n && !seen; k++)
            seen = strcmp(out[k], ps->p[i].ind) == 0;
        if (!seen && n < max)
            out[n++] = ps->p[i].ind;
    }
    return n;
}

static const ps_column_def COMPARISON_COLUMNS[] = {
    {"scenario", "情景", "Scenario", "-", PS_KIND_KEY, 0},
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"indicator", "指标（文件.列名）", "Indicator (file.column)", "-", PS_KIND_KEY, 0},
    {"value", "取值（单位见该指标）", "Value (in the indicator's unit)", "as the indicator",
     PS_KIND_STOCK, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

/* differences.csv's columns: indicator, year, then each scenario's value
 * and its difference to the first. */
static int register_differences(const char *tmp, char names[][128], int ns, ps_err *err)
{
    ps_column_def *d = calloc((size_t)(2 * ns + 2), sizeof *d);
    char(*lab)[3][320] = calloc((size_t)(2 * ns + 2), sizeof *lab);
    int n = 0, rc;
    if (!d || !lab) {
        free(d);
        free(lab);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    d[n++] = (ps_column_def){"indicator", "指标（文件.列名）", "Indicator (file.column)", "-",
                             PS_KIND_KEY, 0};
    d[n++] = (ps_column_def){"year", "年份", "Year", "year", PS_KIND_KEY, 0};
    for (int s = 0; s < ns; s++) {
        snprintf(lab[n][0], sizeof lab[n][0], "%.127s", names[s]);
        snprintf(lab[n][1], sizeof lab[n][1], "情景%.127s的取值", names[s]);
        snprintf(lab[n][2], sizeof lab[n][2], "Value in scenario %.127s", names[s]);
        d[n] = (ps_column_def){lab[n][0], lab[n][1], lab[n][2], "as the indicator",
                               PS_KIND_STOCK, 1};
        n++;
        if (s == 0)
            continue;
        snprintf(lab[n][0], sizeof lab[n][0], "%.127s_minus_%.127s", names[s], names[0]);
        snprintf(lab[n][1], sizeof lab[n][1], "情景%.127s减情景%.127s", names[s], names[0]);
        snprintf(lab[n][2], sizeof lab[n][2], "Scenario %.127s minus scenario %.127s", names[s], names[0]);
        d[n] = (ps_column_def){lab[n][0], lab[n][1], lab[n][2], "as the indicator",
                               PS_KIND_STOCK, 0};
        n++;
    }
    d[n] = (ps_column_def){NULL, NULL, NULL, NULL, 0, 0};
    rc = ps_columns_register(tmp, "differences.csv", d, err);
    free(d);
    free(lab);
    return rc;
}

static int write_tables(const char *tmp, const points *ps, char names[][128], int ns,
                        const char **inds, int ni, ps_err *err)
{
    FILE *f = ps_open_out(tmp, "comparison.csv", err);
    if (!f)
        return err->code;
    fputs("scenario,year,indicator,value\n", f);
    for (int i = 0; i < ps->n; i++) {
        fprintf(f, "%s,%d,%s", names[ps->p[i].s], ps->p[i].year, ps->p[i].ind);
        ps_put(f, ps->p[i].v, 0);
        fputc('\n', f);
    }
    if (ps_close_out(f, tmp, "comparison.csv", err) ||
        ps_columns_register(tmp, "comparison.csv", COMPARISON_COLUMNS, err))
        return err->code;

    if (!(f = ps_open_out(tmp, "differences.csv", err)))
        return err->code;
    fprintf(f, "indicator,year,%s", names[0]);
    for (int s = 1; s < ns; s++)
        fprintf(f, ",%s,%s_minus_%s", names[s], names[s], names[0]);
    fputc('\n', f);
    for (int k = 0; k < ni; k++)
        for (int y = 0; y < 4; y++) {
            double v0, v;
            int yr = ps_compare_years[y];
            if (!find(ps, 0, inds[k], yr, &v0))
                continue;
            fprintf(f, "%s,%d", inds[k], yr);
            ps_put(f, v0, 0);
            for (int s = 1; s < ns; s++) {
                int have = find(ps, s, inds[k], yr, &v);
                ps_put(f, have ? v : NAN, 0);
                ps_put(f, have ? v - v0 : NAN, 0);
            }
            fputc('\n', f);
        }
    if (ps_close_out(f, tmp, "differences.csv", err))
        return err->code;
    return register_differences(tmp, names, ns, err);
}

static int add_charts(ps_render *r, const points *ps, char legends[][128], int ns,
                      const char **inds, int ni, ps_err *err)
{
    int lang = ps_render_lang(r), ymin = 1 << 30, ymax = -(1 << 30);
    for (int i = 0; i < ps->n; i++) {
        ymin = ps->p[i].year < ymin ? ps->p[i].year : ymin;
        ymax = ps->p[i].year > ymax ? ps->p[i].year : ymax;
    }
    int n = ymax - ymin + 1;
    if (n < 2)
        return PS_OK;
    double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)(n * ns));
    if (!x || !y) {
        free(x);
        free(y);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    int rc = PS_OK;
    for (int k = 0; k < ni && !rc; k++) {
        for (int i = 0; i < n; i++)
            x[i] = ymin + i;
        for (int i = 0; i < n * ns; i++)
            y[i] = NAN;
        for (int i = 0; i < ps->n; i++)
            if (strcmp(ps->p[i].ind, inds[k]) == 0)
                y[ps->p[i].s * n + ps->p[i].year - ymin] = ps->p[i].v;
        ps_chart_series s[PS_COMPARE_MAX];
        for (int j = 0; j < ns; j++) {
            s[j].label = legends[j]; /* the description: keys stay in the files */
            s[j].y = y + j * n;
        }
        /* indicator "module.column" or "column": words for both parts. */
        const char *dot = strchr(inds[k], '.');
        const char *col = dot ? dot + 1 : inds[k];
        char mod[112] = "", title[512], cname[160];
        if (dot)
            snprintf(mod, sizeof mod, "%.*s", (int)(dot - inds[k]), inds[k]);
        /* the column's label as its own module declares it (a name such as
         * "deaths" is in more than one module), else any word for it */
        const ps_column_def *dc = ps_declared_indicator(dot ? mod : "demography", col);
        const char *wc = dc ? (lang ? dc->label_en : dc->label_zh) : ps_render_word(col, lang);
        const char *wm = dot ? ps_render_word(mod, lang) : NULL;
        snprintf(title, sizeof title, "%s%s%s", dot ? (wm ? wm : mod) : "",
                 dot ? (lang ? ": " : "：") : "", wc ? wc : col);
        size_t j = 0;
        j += (size_t)snprintf(cname, sizeof cname, "compare_");
        for (const char *c = inds[k]; *c && j + 1 < 100; c++)
            cname[j++] = ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) ? *c
                         : (*c >= 'A' && *c <= 'Z')                            ? (char)(*c + 32)
                                                                                : '_';
        cname[j] = '\0';
        const char *unit = ps_column_unit(col, lang);
        int ratio = strstr(col, "dependency") != NULL;
        if (ratio) {
            for (int i = 0; i < n * ns; i++)
                y[i] *= 100;
            unit = "%";
        }
        ps_chart c = {title, lang ? "Year" : "年份", wc ? wc : col, unit, lang, n, x, ns, s,
                      NAN, NULL, !ratio, 0, 0};
        rc = ps_render_add(r, PS_CHART_LINE, cname, &c, NULL, err);
    }
    free(x);
    free(y);
    return rc;
}

int ps_compare(const ps_compare_spec *sp, ps_err *err)
{
    char tmp[4200] = "", names[PS_COMPARE_MAX][128], legends[PS_COMPARE_MAX][128], sub[4400];
    char words[PS_COMPARE_MAX][512]; /* each scenario's description, whole */
    if (sp->n < 2 || sp->n > PS_COMPARE_MAX)
        return ps_err_set(err, PS_EUSAGE, "compare needs 2 to %d scenarios", PS_COMPARE_MAX);
    int rc = ps_outdir_begin(sp->out, tmp, sizeof tmp, err);
    points ps = {0};
    ps_render *r = NULL;
    const ps_module *const *mods = sp->modules ? sp->modules : ps_modules;
    for (int i = 0; i < sp->n && !rc; i++) {
        rc = run_one(sp, i, tmp, names[i], sizeof names[i], words[i], sizeof words[i], err);
        ps_compare_legend(words[i], names[i], PS_COMPARE_LEGEND_COLS, legends[i],
                          sizeof legends[i]);
        snprintf(sub, sizeof sub, "%.4000s/%.127s", tmp, names[i]);
        if (!rc)
            rc = collect(&ps, i, sub, "budget_totals.csv", "budget.", BUDGET, err);
        if (!rc)
            rc = collect(&ps, i, sub, "demography.csv", "", DEMO, err);
        for (int m = 0; mods[m] && !rc; m++) {
            const char *cols[5], *file = fund_columns(mods[m], cols);
            char prefix[128];
            snprintf(prefix, sizeof prefix, "%s.", mods[m]->name);
            if (file)
                rc = collect(&ps, i, sub, file, prefix, cols, err);
        }
        /* Elderly care: its cost, beds and the home-based care of the
         * empty-nest elderly read from households (issue 16). */
        static const char *const ELDER[] = {
            "cost",           "dependent",          "beds_needed",          "bed_gap",
            "meal_users",     "empty_nest_elderly", "empty_nest_dependent", "home_visits",
            "home_care_users", "home_visit_cost",   "home_care_cost",       NULL};
        if (!rc)
            rc = collect(&ps, i, sub, "eldercare.csv", "eldercare.", ELDER, err);
        /* Modules whose every column is compared. */
        static const char *const ALL_COLS[] = {"households", "housing", "funerals", NULL};
        for (int m = 0; ALL_COLS[m] && !rc; m++) {
            char file[128], prefix[128];
            snprintf(file, sizeof file, "%s.csv", ALL_COLS[m]);
            snprintf(prefix, sizeof prefix, "%s.", ALL_COLS[m]);
            rc = collect(&ps, i, sub, file, prefix, NULL, err);
        }
        if (!rc)
            rc = collect(&ps, i, sub, "indicators.csv", "indicators.", NULL, err);
    }
    const char *inds[256];
    int ni = indicators(&ps, inds, 256);
    if (!rc)
        rc = write_tables(tmp, &ps, names, sp->n, inds, ni, err);
    if (!rc) /* the decision table the report opens with (decision.h) */
        rc = ps_decision_write(tmp, names, sp->n, err);
    if (!rc)
        rc = ps_towns_compare(tmp, names, sp->n, err); /* plots/towns_chart.c */
    if (!rc && !(r = ps_render_new(sp->lang)))
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    if (!rc)
        rc = add_charts(r, &ps, legends, sp->n, inds, ni, err);
    if (!rc) /* plots/towns_chart.c */
        rc = ps_towns_compare_charts(r, tmp, names, words, sp->n, err);
    if (!rc) {
        snprintf(sub, sizeof sub, "%.4000s/plots", tmp);
        rc = ps_render_write(r, sub, sp->formats, err);
    }
    if (!rc) {
        /* The scenarios are named in the decision table by their
         * descriptions; the title only counts them. */
        char title[128];
        snprintf(title, sizeof title, sp->lang ? "Scenario comparison (%d scenarios)"
                                               : "情景比较（%d个情景）", sp->n);
        rc = ps_report_write(tmp, r, title, err);
    }
    if (!rc)
        rc = ps_workbook_write(tmp, sp->lang, err);
    ps_render_free(r);
    free(ps.p);
    if (!rc)
        return ps_outdir_commit(tmp, sp->out, err);
    if (tmp[0]) {
        ps_err_name_final(err, tmp, sp->out);
        ps_outdir_abort(tmp);
    }
    return rc;
}
