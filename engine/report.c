/* report.c: see report.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "budget.h"
#include "csv.h"
#include "decision.h"
#include "module.h"
#include "output.h"
#include "summary.h"
#include "table.h"
#include "tasks.h"
#include "grid.h"
#include "towns_chart.h"
#include "workbook.h"

/* ------------------------------------------------------------ words */

static const char *T(int lang, const char *zh, const char *en) { return lang ? en : zh; }

/* ------------------------------------------------------------ helpers */

static void html_esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* Numbers for people: integers with thousands separators above 100,
 * four significant digits below. */
static const char *fmt_value(char *buf, size_t n, const char *s)
{
    char *end;
    double v = *s ? strtod(s, &end) : NAN;
    if (!*s || *end || !isfinite(v)) {
        snprintf(buf, n, "%s", s);
        return buf;
    }
    if (fabs(v) >= 100 && fabs(v) < 1e15) {
        char digits[64];
        snprintf(digits, sizeof digits, "%.0f", fabs(v));
        size_t len = strlen(digits), j = 0;
        if (v < 0 && j + 1 < n)
            buf[j++] = '-';
        for (size_t i = 0; i < len && j + 2 < n; i++) {
            buf[j++] = digits[i];
            if ((len - i - 1) % 3 == 0 && i + 1 < len)
                buf[j++] = ',';
        }
        buf[j] = '\0';
    } else {
        snprintf(buf, n, "%.4g", v);
    }
    return buf;
}

static ps_csv *read_opt(const char *dir, const char *name)
{
    char path[4096];
    ps_err e;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, R_OK))
        return NULL;
    return ps_csv_read(path, &e);
}

static const char *lookup(const ps_csv *t, const char *key)
{
    if (!t)
        return NULL;
    int kc = ps_csv_col(t, "key"), vc = ps_csv_col(t, "value");
    for (int i = 0; kc >= 0 && vc >= 0 && i < ps_csv_nrows(t); i++)
        if (strcmp(ps_csv_field(t, i, kc), key) == 0)
            return ps_csv_field(t, i, vc);
    return NULL;
}

/* Summary rows of the draws: shown in the risk section instead. */
static int stochastic_key(const char *k)
{
    return strstr(k, "_depletion_probability_by_") || strncmp(k, "stochastic_", 11) == 0;
}

/* The summary rows shown first: those the modules mark as headline
 * answers (ps_summary_headline, summary.csv's `headline` column); in a
 * folder written before that column, the key patterns of then
 * (summary.h). */
static int headline_row(const ps_csv *t, int r, int kc)
{
    return ps_summary_csv_headline(t, r, kc);
}

/* ------------------------------------------------------------ tables */

/* highlight: 0 every row; 1 only the headline rows; 2 only the others. */
static void table_all(FILE *f, const ps_csv *t, int highlight)
{
    char b[128];
    fputs("<div class=\"scroll\"><table>\n<tr>", f);
    for (int c = 0; c < ps_csv_ncols(t); c++) {
        fputs("<th>", f);
        html_esc(f, ps_csv_header(t, c));
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        const char *key = ps_csv_field(t, r, 0);
        int hl = highlight && headline_row(t, r, 0);
        if ((highlight == 1 && !hl) || (highlight == 2 && hl) || (highlight && stochastic_key(key)))
            continue;
        fputs("<tr>", f);
        for (int c = 0; c < ps_csv_ncols(t); c++) {
            const char *s = ps_csv_field(t, r, c);
            /* Years stay as they are written: 2038, not 2,038. */
            int raw = c == 0 || strstr(key, "year") || strcmp(ps_csv_header(t, c), "year") == 0;
            fputs(c ? "<td class=\"n\">" : "<td>", f);
            html_esc(f, raw ? s : fmt_value(b, sizeof b, s));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

/* summary.csv as a table for people: label in the language, value, unit
 * (the keys are in the file).  highlight as for table_all. */
static void summary_table(FILE *f, const ps_csv *t, int highlight, int lang)
{
    char b[128];
    int kc = ps_csv_col(t, "key"), vc = ps_csv_col(t, "value");
    int lc = ps_csv_col(t, lang ? "label_en" : "label_zh"), uc = ps_csv_col(t, "unit");
    if (kc < 0 || vc < 0)
        return;
    fprintf(f, "<div class=\"scroll\"><table>\n<tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
            T(lang, "指标", "Indicator"), T(lang, "数值", "Value"), T(lang, "单位", "Unit"));
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        const char *key = ps_csv_field(t, r, kc), *v = ps_csv_field(t, r, vc);
        int hl = headline_row(t, r, kc);
        if ((highlight == 1 && !hl) || (highlight == 2 && hl) || (highlight && stochastic_key(key)))
            continue;
        const char *label = lc >= 0 && *ps_csv_field(t, r, lc) ? ps_csv_field(t, r, lc) : key;
        const char *unit = uc >= 0 ? ps_unit_label(ps_csv_field(t, r, uc), lang) : "";
        fputs("<tr><td>", f);
        html_esc(f, label);
        fputs("</td><td class=\"n\">", f);
        html_esc(f, strstr(key, "year") ? v : fmt_value(b, sizeof b, v));
        fputs("</td><td>", f);
        html_esc(f, unit);
        fputs("</td></tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

/* headline.csv: the sentences in the language, as a list; 0 if none. */
static int headline_list(FILE *f, const char *dir, int lang)
{
    ps_csv *h = read_opt(dir, "headline.csv");
    int tc = h ? ps_csv_col(h, lang ? "text_en" : "text_zh") : -1, n = 0;
    for (int r = 0; tc >= 0 && r < ps_csv_nrows(h); r++) {
        fputs(n++ ? "<li>" : "<ul class=\"headline\">\n<li>", f);
        html_esc(f, ps_csv_field(h, r, tc));
        fputs("</li>\n", f);
    }
    if (n)
        fputs("</ul>\n", f);
    ps_csv_free(h);
    return n;
}

/* events.csv as a short list: what hooks and rules did, with the script
 * line; nothing if the run had none. */
static void events_list(FILE *f, const char *dir, int lang)
{
    ps_csv *e = read_opt(dir, "events.csv");
    int cy = e ? ps_csv_col(e, "year") : -1, cs = e ? ps_csv_col(e, "source") : -1,
        ck = e ? ps_csv_col(e, "key") : -1, co = e ? ps_csv_col(e, "old") : -1,
        cn = e ? ps_csv_col(e, "new") : -1, cnote = e ? ps_csv_col(e, "note") : -1;
    if (cy < 0 || cs < 0 || ck < 0 || co < 0 || cn < 0 || cnote < 0 || ps_csv_nrows(e) == 0) {
        ps_csv_free(e);
        return;
    }
    fprintf(f, "<h2 id=\"events\">%s</h2>\n<p>%s</p>\n<ul>\n",
            T(lang, "规则与政策钩子的作用", "What the rules and hooks did"),
            T(lang, "情景脚本在预测过程中触发的规则和修改的参数（全部见 events.csv）；图中以竖线标出。",
              "Rules the scenario's scripts triggered and parameters they changed during the "
              "projection (all in events.csv); the charts mark them with a vertical line."));
    for (int r = 0; r < ps_csv_nrows(e) && r < 30; r++) {
        fputs("<li>", f);
        html_esc(f, ps_csv_field(e, r, cy));
        fputs(T(lang, "年：", ": "), f);
        fputs("<code>", f);
        html_esc(f, ps_csv_field(e, r, ck));
        fputs("</code> ", f);
        const char *o = ps_csv_field(e, r, co), *n = ps_csv_field(e, r, cn);
        if (*o || *n) {
            html_esc(f, *o ? o : "-");
            fputs(" &rarr; ", f);
            html_esc(f, *n ? n : "-");
            fputs(" ", f);
        }
        fputs("(", f);
        html_esc(f, ps_csv_field(e, r, cnote));
        fputs(T(lang, "；", "; "), f);
        html_esc(f, ps_csv_field(e, r, cs));
        fputs(")</li>\n", f);
    }
    if (ps_csv_nrows(e) > 30)
        fprintf(f, "<li>&hellip; %d</li>\n", ps_csv_nrows(e) - 30);
    fputs("</ul>\n", f);
    ps_csv_free(e);
}

/* ------------------------------------------------------------ the decision table */

/* decision.csv (decision.h) read for display: per row its section, label
 * with the unit, and per scenario the value and, for the second scenario
 * on, the difference to the first; the scenarios' headers are their
 * descriptions as registered in columns.csv. */
typedef struct {
    int nrow, ns;
    char **section;      /* nrow */
    char **label;        /* nrow: label (unit) */
    char **value, **diff; /* nrow * ns */
    char **head;         /* ns */
} decision_view;

static void decision_free(decision_view *d)
{
    for (int i = 0; i < d->nrow; i++) {
        free(d->section[i]);
        free(d->label[i]);
        for (int s = 0; s < d->ns; s++) {
            free(d->value[i * d->ns + s]);
            free(d->diff[i * d->ns + s]);
        }
    }
    for (int s = 0; s < d->ns; s++)
        free(d->head[s]);
    free(d->section);
    free(d->label);
    free(d->value);
    free(d->diff);
    free(d->head);
    memset(d, 0, sizeof *d);
}

/* 0 if dir has no decision.csv (or it cannot be read), -1 out of memory. */
static int decision_read(const char *dir, int lang, decision_view *d)
{
    memset(d, 0, sizeof *d);
    ps_csv *t = read_opt(dir, "decision.csv");
    if (!t)
        return 0;
    int sc = ps_csv_col(t, "section"), lc = ps_csv_col(t, lang ? "label_en" : "label_zh"),
        uc = ps_csv_col(t, "unit"), first = ps_csv_col(t, "unit") + 1, ns = 0;
    for (int c = first; c < ps_csv_ncols(t) && uc >= 0; c++)
        ns += strstr(ps_csv_header(t, c), "_minus_") == NULL;
    if (sc < 0 || lc < 0 || uc < 0 || ns < 1) {
        ps_csv_free(t);
        return 0;
    }
    ps_columns *decl = ps_columns_read(dir);
    int nr = ps_csv_nrows(t), oom = 0;
    d->ns = ns;
    d->nrow = nr;
    d->section = calloc((size_t)nr + 1, sizeof(char *));
    d->label = calloc((size_t)nr + 1, sizeof(char *));
    d->value = calloc((size_t)(nr + 1) * (size_t)ns, sizeof(char *));
    d->diff = calloc((size_t)(nr + 1) * (size_t)ns, sizeof(char *));
    d->head = calloc((size_t)ns, sizeof(char *));
    oom = !d->section || !d->label || !d->value || !d->diff || !d->head;
    if (oom)
        d->nrow = d->ns = 0;
    for (int s = 0; s < ns && !oom; s++) {
        const char *name = ps_csv_header(t, first + s);
        const ps_column_def *def = ps_columns_find(decl, "decision.csv", name);
        oom |= !(d->head[s] = strdup(def ? (lang ? def->label_en : def->label_zh) : name));
    }
    for (int r = 0; r < nr && !oom; r++) {
        char b[1200], v[128];
        const char *unit = ps_csv_field(t, r, uc), *u = ps_decision_unit(unit, lang);
        snprintf(b, sizeof b, "%s%s%s%s", ps_csv_field(t, r, lc), *u ? (lang ? " (" : "（") : "",
                 u, *u ? (lang ? ")" : "）") : "");
        oom |= !(d->section[r] = strdup(ps_csv_field(t, r, sc))) || !(d->label[r] = strdup(b));
        for (int s = 0; s < ns && !oom; s++) {
            ps_decision_value(v, sizeof v, ps_csv_field(t, r, first + s), unit, lang);
            oom |= !(d->value[r * ns + s] = strdup(v));
            v[0] = '\0';
            if (s > 0)
                ps_decision_diff(v, sizeof v, ps_csv_field(t, r, first + ns + s - 1), unit, lang);
            oom |= !(d->diff[r * ns + s] = strdup(v));
        }
    }
    ps_columns_free(decl);
    ps_csv_free(t);
    if (oom) {
        decision_free(d);
        return -1;
    }
    return 1;
}

static const char *decision_note(int lang, int ns)
{
    return ns > 1 ? T(lang, "每列一个情景；括号内为与第一个情景之差。金额单位万元（原始数据以元为单位，见 decision.csv）。",
                      "One column per scenario; in brackets, the difference to the first "
                      "scenario. Money in 10,000 yuan (the files hold yuan: decision.csv).")
                  : "";
}

/* The decision table as HTML: the section headings as rows. */
static void decision_html(FILE *f, const decision_view *d, int lang)
{
    fprintf(f, "<p>%s</p>\n", decision_note(lang, d->ns));
    fputs("<div class=\"scroll\"><table class=\"decision\">\n<tr><th></th>", f);
    for (int s = 0; s < d->ns; s++) {
        fputs("<th class=\"scenario\">", f);
        html_esc(f, d->head[s]);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    const char *prev = "";
    for (int r = 0; r < d->nrow; r++) {
        if (strcmp(prev, d->section[r]) != 0) {
            fprintf(f, "<tr class=\"section\"><th colspan=\"%d\">", d->ns + 1);
            html_esc(f, ps_decision_section(d->section[r], lang));
            fputs("</th></tr>\n", f);
            prev = d->section[r];
        }
        fputs("<tr><td>", f);
        html_esc(f, d->label[r]);
        fputs("</td>", f);
        for (int s = 0; s < d->ns; s++) {
            fputs("<td class=\"n\">", f);
            html_esc(f, d->value[r * d->ns + s]);
            if (*d->diff[r * d->ns + s]) {
                fputs("<br><small>(", f);
                html_esc(f, d->diff[r * d->ns + s]);
                fputs(")</small>", f);
            }
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

/* The decision table on PDF pages (plots/grid.h): wrapped headers, column
 * blocks when the scenarios do not fit side by side. */
static int decision_pdf(ps_plot *p, const char *title, const decision_view *d, int lang,
                        ps_err *err)
{
    int nsec = 0;
    const char *prev = "";
    for (int r = 0; r < d->nrow; r++)
        if (strcmp(prev, d->section[r]) != 0)
            nsec++, prev = d->section[r];
    int nr = d->nrow + nsec, nc = d->ns + 1, k = 0;
    char **cells = calloc((size_t)nr * (size_t)nc + 1, sizeof(char *));
    const char **head = calloc((size_t)nc, sizeof(char *));
    int *heading = calloc((size_t)nr + 1, sizeof(int)), rc = PS_OK;
    if (!cells || !head || !heading) {
        free(cells);
        free(head);
        free(heading);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    head[0] = "";
    for (int s = 0; s < d->ns; s++)
        head[s + 1] = d->head[s];
    prev = "";
    for (int r = 0; r < d->nrow && !rc; r++) {
        if (strcmp(prev, d->section[r]) != 0) {
            heading[k] = 1;
            if (!(cells[(size_t)k * nc] = strdup(ps_decision_section(d->section[r], lang))))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            k++;
            prev = d->section[r];
        }
        if (!rc && !(cells[(size_t)k * nc] = strdup(d->label[r])))
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        for (int s = 0; s < d->ns && !rc; s++) {
            char b[300];
            const char *v = d->value[r * d->ns + s], *df = d->diff[r * d->ns + s];
            if (*df)
                snprintf(b, sizeof b, "%s\n(%s)", v, df);
            else
                snprintf(b, sizeof b, "%s", v);
            if (!(cells[(size_t)k * nc + 1 + s] = strdup(b)))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
        k++;
    }
    if (!rc) {
        ps_grid g = {title, decision_note(lang, d->ns), nc, head, nr,
                     (const char *const *)cells, heading, lang, 1};
        if (ps_chart_grid(p, &g, err) < 0)
            rc = err->code;
    }
    for (int i = 0; i < nr * nc; i++)
        free(cells[i]);
    free(cells);
    free(head);
    free(heading);
    return rc;
}

/* A comparison's headline: each scenario's headline answers side by side,
 * from the summary.csv in each scenario's subfolder (the scenarios are the
 * value columns of differences.csv, in order). */
/* Which folder holds which scenario: its description (the decision
 * table's header) and its name. */
static void scenario_list(FILE *f, const char *dir, const ps_csv *diff, int lang)
{
    ps_columns *decl = ps_columns_read(dir);
    fprintf(f, "<p>%s</p>\n<ol>\n", T(lang, "各情景及其结果文件夹：", "The scenarios and their results folders:"));
    for (int c = 2; c < ps_csv_ncols(diff); c++) {
        const char *h = ps_csv_header(diff, c);
        if (strstr(h, "_minus_"))
            continue;
        const ps_column_def *d = ps_columns_find(decl, "decision.csv", h);
        fputs("<li>", f);
        if (d) {
            html_esc(f, lang ? d->label_en : d->label_zh);
            fputs(" &rarr; ", f);
        }
        fputs("<code>", f);
        html_esc(f, h);
        fputs("/</code></li>\n", f);
    }
    fputs("</ol>\n", f);
    ps_columns_free(decl);
}

/* A summary value the comparison can show: a number, "none", "yes",
 * "no", or nothing (the scenario has no such row). */
static int in_words(const char *v)
{
    char *end;
    if (!v || !*v || strcmp(v, "none") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
        return 1;
    double x = strtod(v, &end);
    (void)x;
    return !*end;
}

static void compare_headline(FILE *f, const char *dir, const ps_csv *diff, int lang)
{
    char path[3072], b[128];
    const char *names[32];
    ps_csv *sums[32];
    int n = 0;
    for (int c = 2; c < ps_csv_ncols(diff) && n < 32; c++) {
        const char *h = ps_csv_header(diff, c);
        if (strstr(h, "_minus_"))
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, h) >= sizeof path)
            continue;
        sums[n] = read_opt(path, "summary.csv");
        if (sums[n])
            names[n++] = h;
    }
    if (n == 0)
        return;
    int kc = ps_csv_col(sums[0], "key"), lc = ps_csv_col(sums[0], lang ? "label_en" : "label_zh"),
        uc = ps_csv_col(sums[0], "unit");
    fprintf(f, "<div class=\"scroll\"><table>\n<tr><th>%s</th>", T(lang, "指标", "Indicator"));
    for (int k = 0; k < n; k++) {
        fputs("<th>", f);
        html_esc(f, names[k]);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (int r = 0; kc >= 0 && r < ps_csv_nrows(sums[0]); r++) {
        const char *key = ps_csv_field(sums[0], r, kc);
        if (!headline_row(sums[0], r, kc) || stochastic_key(key))
            continue;
        /* Numbers, years and what reads as words (none, yes, no) only: a
         * text such as a method's name ("share_trend") is no answer to set
         * side by side. */
        int words = 1;
        for (int k = 0; k < n; k++)
            words &= in_words(lookup(sums[k], key));
        if (!words)
            continue;
        /* The label and unit for reading; the key (as in the files) on hover. */
        const char *unit = uc >= 0 ? ps_csv_field(sums[0], r, uc) : "-";
        const char *label = lc >= 0 && *ps_csv_field(sums[0], r, lc) ? ps_csv_field(sums[0], r, lc)
                                                                    : key;
        const char *u = ps_decision_unit(strstr(key, "year") ? "year" : unit, lang);
        fputs("<tr><td title=\"", f);
        html_esc(f, key);
        fputs("\">", f);
        html_esc(f, label);
        if (*u) {
            fputs(T(lang, "（", " ("), f);
            html_esc(f, u);
            fputs(T(lang, "）", ")"), f);
        }
        fputs("</td>", f);
        for (int k = 0; k < n; k++) {
            const char *v = lookup(sums[k], key);
            fputs("<td class=\"n\">", f);
            if (v)
                html_esc(f, ps_decision_value(b, sizeof b, v, strstr(key, "year") ? "year" : unit,
                                              lang));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
    for (int k = 0; k < n; k++)
        ps_csv_free(sums[k]);
}

/* Rows of t at the key years, the named columns that exist. */
static void table_years(FILE *f, const ps_csv *t, const char *const *cols, int ncols, int lang,
                        const ps_columns *decl, const char *file)
{
    static const int YEARS[] = {2020, 2025, 2030, 2035, 2040, 2050, 2060, 2070, 2100};
    int yc = ps_csv_col(t, "year"), cidx[32], nc = 0;
    char b[128];
    if (yc < 0)
        return;
    for (int k = 0; k < ncols && nc < 32; k++)
        if ((cidx[nc] = ps_csv_col(t, cols[k])) >= 0)
            nc++;
    if (!ncols)
        for (int c = 0; c < ps_csv_ncols(t) && nc < 32; c++)
            if (c != yc)
                cidx[nc++] = c;
    fprintf(f, "<div class=\"scroll\"><table>\n<tr><th>%s</th>", T(lang, "年份", "Year"));
    for (int k = 0; k < nc; k++) {
        const char *h = ps_csv_header(t, cidx[k]);
        const ps_column_def *d = ps_columns_find(decl, file, h);
        const char *u = d ? ps_unit_label(d->unit, lang) : ps_column_unit(h, lang);
        fputs("<th title=\"", f);
        html_esc(f, h);
        fputs("\">", f);
        html_esc(f, d ? (lang ? d->label_en : d->label_zh) : h);
        if (*u) {
            fputs("<br><small>", f);
            html_esc(f, u);
            fputs("</small>", f);
        }
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        int y = atoi(ps_csv_field(t, r, yc)), key = 0;
        for (size_t i = 0; i < sizeof YEARS / sizeof *YEARS; i++)
            key |= YEARS[i] == y;
        if (!key && r != 0 && r != ps_csv_nrows(t) - 1)
            continue;
        fprintf(f, "<tr><td>%d</td>", y);
        for (int k = 0; k < nc; k++) {
            fputs("<td class=\"n\">", f);
            html_esc(f, fmt_value(b, sizeof b, ps_csv_field(t, r, cidx[k])));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

/* The county budget (engine/budget.c, docs/budget.md): what the county
 * itself pays, by programme, in key years; the pooled funds are apart. */

/* The key years of the budget's tables: those of table_years, and the
 * first and last year (y0, y1). */
static int budget_key_year(int y, int y0, int y1)
{
    static const int YEARS[] = {2020, 2025, 2030, 2035, 2040, 2050, 2060, 2070, 2100};
    int key = y == y0 || y == y1;
    for (size_t i = 0; i < sizeof YEARS / sizeof *YEARS; i++)
        key |= YEARS[i] == y;
    return key;
}

/* The rows of the county budget's tables (report.html, report.pdf), as
 * budget_totals.csv's columns, from what the ledger declares: the
 * county's cost, its share of revenue and revenue; what the levels above
 * the county pay (the ledger's payers before the county: central,
 * provincial, municipal); and the county's cost of each programme with a
 * column of its own (county_<programme> for a programme of budget.csv, b),
 * in budget_totals.csv's order, with county_other, the lump of those
 * without one.  A new built-in programme is a row with no change here.
 * pdf: the PDF's order (headings "#county", "#others"; the programmes
 * first, then the totals, then the other payers); else the page's.
 * At most max into rows (pointers into t and static strings); returns how
 * many. */
enum { BUDGET_MAX_ROWS = 16 + PS_BUDGET_MAX_PROGRAMMES };

static int budget_rows(const ps_csv *t, const ps_csv *b, int pdf, const char **rows, int max)
{
    static const char *const TOTALS[] = {"county", "county_share_revenue", "revenue"};
    const char *prog[BUDGET_MAX_ROWS];
    int pc = b ? ps_csv_col(b, "programme") : -1, np = 0, n = 0;
    for (int c = 0; t && c < ps_csv_ncols(t) && np < BUDGET_MAX_ROWS; c++) {
        const char *h = ps_csv_header(t, c);
        int is = strcmp(h, "county_other") == 0;
        for (int r = 0; !is && pc >= 0 && strncmp(h, "county_", 7) == 0 && r < ps_csv_nrows(b); r++)
            is = strcmp(ps_csv_field(b, r, pc), h + 7) == 0;
        if (is)
            prog[np++] = h;
    }
#define ADD(x)                                                                                     \
    do {                                                                                           \
        if (n < max)                                                                               \
            rows[n++] = (x);                                                                       \
    } while (0)
    if (pdf) {
        ADD("#county");
        for (int k = 0; k < np; k++)
            ADD(prog[k]);
    }
    for (size_t k = 0; k < sizeof TOTALS / sizeof *TOTALS; k++)
        ADD(TOTALS[k]);
    if (pdf)
        ADD("#others");
    for (int k = 0; k < PS_PAYER_COUNTY; k++)
        ADD(ps_budget_payer_name(k));
    for (int k = 0; !pdf && k < np; k++)
        ADD(prog[k]);
#undef ADD
    return n;
}

enum { MAX_OTHER = 16 };

/* The programmes other modules add to the budget ledger (lumped in
 * budget_totals.csv's county_other): budget.csv's (b's) programmes with no
 * county_<programme> column in tot, in order of first appearance, at most
 * MAX_OTHER into prog (pointers into b); *y0, *y1 the years of b.  Returns
 * how many (0 if either file lacks its columns). */
static int other_programme_list(const ps_csv *b, const ps_csv *tot, const char **prog, int *y0,
                                int *y1)
{
    int yc = b ? ps_csv_col(b, "year") : -1, pc = b ? ps_csv_col(b, "programme") : -1,
        wc = b ? ps_csv_col(b, "payer") : -1, nc = b ? ps_csv_col(b, "nominal") : -1, np = 0;
    *y0 = 1 << 30;
    *y1 = -(1 << 30);
    for (int r = 0; yc >= 0 && pc >= 0 && wc >= 0 && nc >= 0 && tot && r < ps_csv_nrows(b); r++) {
        const char *p = ps_csv_field(b, r, pc);
        char col[200];
        int y = atoi(ps_csv_field(b, r, yc)), seen = 0;
        *y0 = y < *y0 ? y : *y0;
        *y1 = y > *y1 ? y : *y1;
        snprintf(col, sizeof col, "county_%.150s", p);
        if (!*p || ps_csv_col(tot, col) >= 0)
            continue;
        for (int k = 0; k < np && !seen; k++)
            seen = strcmp(prog[k], p) == 0;
        if (!seen && np < MAX_OTHER)
            prog[np++] = p;
    }
    return np;
}

/* budget.csv's county line of programme prog in year y ("" if none). */
static const char *county_line(const ps_csv *b, const char *prog, int y)
{
    int yc = ps_csv_col(b, "year"), pc = ps_csv_col(b, "programme"),
        wc = ps_csv_col(b, "payer"), nc = ps_csv_col(b, "nominal");
    for (int r = 0; r < ps_csv_nrows(b); r++)
        if (atoi(ps_csv_field(b, r, yc)) == y && strcmp(ps_csv_field(b, r, pc), prog) == 0 &&
            strcmp(ps_csv_field(b, r, wc), "county") == 0)
            return ps_csv_field(b, r, nc);
    return "";
}

/* The programmes other modules add to the budget ledger, one column each:
 * what the county pays for each in the key years (budget.csv's county
 * lines), named as the module names it.  Nothing if there are none. */
static void other_programmes(FILE *f, const char *dir, const ps_csv *b, const ps_csv *tot,
                             int lang)
{
    ps_csv *sum = read_opt(dir, "summary.csv");
    const char *prog[MAX_OTHER];
    int y0, y1, np = other_programme_list(b, tot, prog, &y0, &y1);
    if (np > 0) {
        fprintf(f, "<h3>%s</h3>\n<div class=\"scroll\"><table>\n<tr><th>%s</th>",
                T(lang, "其中：其他模块登记的项目，逐项", "Of which: the programmes other modules add, one by one"),
                T(lang, "年份", "Year"));
        for (int k = 0; k < np; k++) {
            char zh[400], en[400];
            ps_decision_programme_label(sum, prog[k], zh, sizeof zh, en, sizeof en);
            fputs("<th title=\"", f);
            html_esc(f, prog[k]);
            fputs("\">", f);
            html_esc(f, lang ? en : zh);
            fprintf(f, "<br><small>%s</small></th>", ps_unit_label("yuan", lang));
        }
        fputs("</tr>\n", f);
        for (int y = y0; y <= y1; y++) {
            if (!budget_key_year(y, y0, y1))
                continue;
            fprintf(f, "<tr><td>%d</td>", y);
            for (int k = 0; k < np; k++) {
                char b2[128];
                fputs("<td class=\"n\">", f);
                html_esc(f, fmt_value(b2, sizeof b2, county_line(b, prog[k], y)));
                fputs("</td>", f);
            }
            fputs("</tr>\n", f);
        }
        fputs("</table></div>\n", f);
    }
    ps_csv_free(sum);
}

static void budget_section(FILE *f, const char *dir, int lang)
{
    ps_csv *t = read_opt(dir, "budget_totals.csv");
    if (!t)
        return;
    fprintf(f, "<h2 id=\"budget\">%s</h2>\n<p>%s</p>\n",
            T(lang, "县级财政：县本级支出", "County budget: what the county itself pays"),
            T(lang, "县本级为各项目支出的金额（元，当年价）、占一般公共预算收入的比例，以及中央、省、市"
                    "承担的金额；逐年逐项目逐支出主体见 budget.csv，增长因素分解见 "
                    "budget_decomposition.csv。企业职工养老保险全国统筹、医保省级统筹，其缺口与县内净贡献见 "
                    "pools.csv，不是县级财政负债，不计入上述合计。",
              "What the county itself pays for each programme (yuan, current prices), as a "
              "share of its general budget revenue, and what the centre, the province and the "
              "city pay; budget.csv has every year, programme and payer, "
              "budget_decomposition.csv the drivers of growth. The employee pension (pooled "
              "nationally) and medical insurance (pooled provincially) are in pools.csv: their "
              "gaps are not county liabilities and are not in these totals."));
    ps_columns *decl = ps_columns_read(dir);
    ps_csv *b = read_opt(dir, "budget.csv");
    const char *rows[BUDGET_MAX_ROWS];
    table_years(f, t, rows, budget_rows(t, b, 0, rows, BUDGET_MAX_ROWS), lang, decl,
                "budget_totals.csv");
    ps_columns_free(decl);
    other_programmes(f, dir, b, t, lang);
    ps_csv_free(b);
    ps_csv_free(t);
}

/* ------------------------------------------------------------ SVG inline */

/* Copies an SVG file into the page, dropping the XML declaration and
 * giving its ids a per-chart prefix (cairo names glyphs "glyph0-1" in
 * every file; in one page they would collide). */
static int inline_svg(FILE *out, const char *path, int idx, ps_err *err)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return ps_err_set(err, PS_EIO, "%s: cannot read: %s", path, strerror(errno));
    fseek(in, 0, SEEK_END);
    long len = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *s = malloc((size_t)(len > 0 ? len : 0) + 1);
    if (!s || len < 0 || fread(s, 1, (size_t)len, in) != (size_t)len) {
        fclose(in);
        free(s);
        return ps_err_set(err, PS_EIO, "%s: cannot read", path);
    }
    fclose(in);
    s[len] = '\0';
    char *p = strstr(s, "<svg");
    if (!p) {
        free(s);
        return ps_err_set(err, PS_EIO, "%s: the chart is incomplete (not an SVG file): was "
                          "the disk full?", path);
    }
    char pre[32];
    int pl = snprintf(pre, sizeof pre, "c%d-", idx);
    /* The text between two references is written in one piece (a chart
     * is some 200 KB: one fputc a byte was most of the page's time). */
    const char *run = p;
    while (*p) {
        size_t k = *p == 'i' && strncmp(p, "id=\"", 4) == 0       ? 4
                   : *p == 'h' && strncmp(p, "href=\"#", 7) == 0 ? 7
                   : *p == 'u' && strncmp(p, "url(#", 5) == 0     ? 5
                                                                 : 0;
        if (!k) {
            p++;
            continue;
        }
        p += k;
        fwrite(run, 1, (size_t)(p - run), out);
        fwrite(pre, 1, (size_t)pl, out);
        run = p;
    }
    fwrite(run, 1, (size_t)(p - run), out);
    free(s);
    return PS_OK;
}

/* Where the SVG of chart i is: plots/<name>.svg when SVG files are asked
 * for, else a temporary file in dir that the report removes. */
static void svg_path(const char *dir, const ps_render *r, int i, int formats, char *path,
                     size_t n)
{
    if (formats & PS_FMT_SVG)
        snprintf(path, n, "%s/plots/%s.svg", dir, ps_render_name(r, i));
    else
        snprintf(path, n, "%s/.report-%s.svg", dir, ps_render_name(r, i));
}

/* ------------------------------------------------------------ risk */

/* depletion.csv read back: per fund, probability of depletion by year. */
typedef struct {
    char fund[64];
    int n;
    int year[512];
    double p[512];
} fund_risk;

static int read_risk(const char *dir, fund_risk *fr, int max)
{
    ps_csv *t = read_opt(dir, "depletion.csv");
    int nf = 0;
    if (!t)
        return 0;
    int cf = ps_csv_col(t, "fund"), cy = ps_csv_col(t, "year"),
        cp = ps_csv_col(t, "probability_depleted_by_year");
    for (int i = 0; cf >= 0 && cy >= 0 && cp >= 0 && i < ps_csv_nrows(t); i++) {
        const char *f = ps_csv_field(t, i, cf), *ys = ps_csv_field(t, i, cy),
                   *ps = ps_csv_field(t, i, cp);
        char *e1, *e2;
        long y = strtol(ys, &e1, 10);
        double pv = strtod(ps, &e2);
        if (!*ys || *e1 || !*ps || *e2 || !isfinite(pv))
            continue;
        int k;
        for (k = 0; k < nf; k++)
            if (strcmp(fr[k].fund, f) == 0)
                break;
        if (k == nf) {
            if (nf == max)
                continue;
            memset(&fr[nf], 0, sizeof fr[nf]);
            snprintf(fr[nf].fund, sizeof fr[nf].fund, "%s", f);
            nf++;
        }
        if (fr[k].n < 512) {
            fr[k].year[fr[k].n] = (int)y;
            fr[k].p[fr[k].n] = pv;
            fr[k].n++;
        }
    }
    ps_csv_free(t);
    return nf;
}

/* The probability of depletion by `year`: NaN if the year is not in the
 * projection. */
static double risk_by(const fund_risk *f, int year)
{
    for (int i = 0; i < f->n; i++)
        if (f->year[i] == year)
            return f->p[i];
    return NAN;
}

static void put_pct(FILE *f, double p)
{
    if (isfinite(p))
        fprintf(f, "<td class=\"n\">%.1f%%</td>", 100.0 * p);
    else
        fputs("<td class=\"n\">&ndash;</td>", f);
}

/* A sentence on what the draws vary, from the stochastic.* parameters. */
static void risk_varies(FILE *f, const ps_csv *par, int lang)
{
    const char *v[8] = {0};
    static const char *const KEYS[8] = {"stochastic.mortality_sd", "stochastic.tfr_sd",
                                        "stochastic.tfr_ar",       "stochastic.tfr_min",
                                        "stochastic.tfr_max",      "stochastic.migration_sd",
                                        "stochastic.migration_ar", "stochastic.perturb"};
    for (int k = 0; k < 8; k++)
        v[k] = lookup(par, KEYS[k]);
    fprintf(f, "<p>%s</p>\n<ul>\n",
            T(lang, "每次模拟同时改变以下不确定输入（MODEL.md 第6节；参数见下表）：",
              "Each draw varies these uncertain inputs together (MODEL.md section 6; the "
              "parameters are in the table below):"));
    if (v[0]) {
        fputs("<li>", f);
        fputs(T(lang, "死亡率：对数死亡概率随机游走，每年标准差 ",
                "Mortality: a random walk on log q, standard deviation "),
              f);
        html_esc(f, v[0]);
        fputs(T(lang, "。</li>\n", " a year.</li>\n"), f);
    }
    if (v[1]) {
        fputs(T(lang, "<li>总和生育率：围绕情景路径的一阶自回归偏离，标准差 ",
                "<li>Total fertility: an AR(1) deviation from the scenario's path, standard "
                "deviation "),
              f);
        html_esc(f, v[1]);
        if (v[2]) {
            fputs(T(lang, "，持续系数 ", ", persistence "), f);
            html_esc(f, v[2]);
        }
        if (v[3] && v[4]) {
            fputs(T(lang, "，限于 ", ", bounded to "), f);
            html_esc(f, v[3]);
            fputs("&ndash;", f);
            html_esc(f, v[4]);
        }
        fputs(T(lang, "。</li>\n", ".</li>\n"), f);
    }
    if (v[5]) {
        fputs(T(lang, "<li>净迁移：围绕情景总量的一阶自回归偏离，每年标准差 ",
                "<li>Net migration: an AR(1) deviation from the scenario's total, standard "
                "deviation "),
              f);
        html_esc(f, v[5]);
        fputs(T(lang, " 人", " persons a year"), f);
        if (v[6]) {
            fputs(T(lang, "，持续系数 ", ", persistence "), f);
            html_esc(f, v[6]);
        }
        fputs(T(lang, "。</li>\n", ".</li>\n"), f);
    }
    int nother = 0;
    int kc = par ? ps_csv_col(par, "key") : -1;
    for (int i = 0; kc >= 0 && i < ps_csv_nrows(par); i++) {
        const char *k = ps_csv_field(par, i, kc);
        if (strncmp(k, "stochastic.perturb.", 19) == 0 && !strchr(k + 19, '.'))
            continue;
        if (strncmp(k, "stochastic.perturb.", 19) == 0) {
            /* stochastic.perturb.<key>.sd and friends: name the key once. */
            const char *last = strrchr(k, '.');
            if (strcmp(last, ".sd") != 0)
                continue;
            fputs(nother++ ? ", " : T(lang, "<li>其他参数（一阶自回归偏离）：",
                                        "<li>Other parameters (AR(1) deviations): "),
                  f);
            fprintf(f, "<code>%.*s</code>", (int)(last - (k + 19)), k + 19);
        }
    }
    if (nother)
        fputs(T(lang, "。</li>\n", ".</li>\n"), f);
    else if (v[7] && *v[7]) {
        fputs(T(lang, "<li>其他参数：", "<li>Other parameters: "), f);
        html_esc(f, v[7]);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

/* The risk section of a run with --draws: draws and seed, each fund's
 * probability of depletion by 2030, 2035, 2050 and the last year and its
 * median depletion year, what varies, then the fan charts (written by the
 * caller). */
static void risk_section(FILE *f, const char *dir, const ps_csv *sum, const ps_csv *par, int lang)
{
    const char *draws = lookup(sum, "stochastic_draws"), *seed = lookup(sum, "stochastic_seed");
    const char *end = lookup(sum, "end_year");
    int end_year = end ? atoi(end) : 0;
    fprintf(f, "<h2 id=\"risk\">%s</h2>\n", T(lang, "风险：随机模拟", "Risk: stochastic draws"));
    fprintf(f, "<p>%s <b>", T(lang, "随机模拟次数", "Draws:"));
    html_esc(f, draws ? draws : "?");
    fprintf(f, "</b>%s<b>", T(lang, "，随机种子 ", ", seed "));
    html_esc(f, seed ? seed : "?");
    fprintf(f, "</b>%s</p>\n",
            T(lang, "。结果只取决于种子和模拟次数，与线程数无关。下表为各基金在给定年份前耗尽"
                    "（累计结余首次为负）的概率；耗尽年份中位数为概率首次达到50%的年份。",
              ". The results depend on the seed and the number of draws only, not on the "
              "threads. The table gives the probability that each fund is depleted (its "
              "balance first negative) by each year; the median depletion year is the first "
              "year by which the probability reaches 50%."));
    fund_risk *fr = calloc(16, sizeof *fr);
    int nf = fr ? read_risk(dir, fr, 16) : 0;
    if (nf) {
        fprintf(f, "<div class=\"scroll\"><table>\n<tr><th>%s</th>", T(lang, "基金", "Fund"));
        static const int YEARS[3] = {2030, 2035, 2050};
        int shown[3];
        for (int k = 0; k < 3; k++) {
            shown[k] = YEARS[k] != end_year;
            if (shown[k])
                fprintf(f, "<th>%s %d%s</th>", T(lang, "耗尽概率：", "P(depleted) by"), YEARS[k],
                        T(lang, "年前", ""));
        }
        fprintf(f, "<th>%s %d%s</th><th>%s</th><th>%s</th></tr>\n",
                T(lang, "耗尽概率：", "P(depleted) by"), end_year, T(lang, "年前（预测期末）", " (end)"),
                T(lang, "耗尽年份中位数", "Median depletion year"),
                T(lang, "确定性预测的耗尽年份", "Depletion year, central projection"));
        for (int i = 0; i < nf; i++) {
            const char *w = ps_render_word(fr[i].fund, lang);
            fputs("<tr><td>", f);
            html_esc(f, w ? w : fr[i].fund);
            fputs("</td>", f);
            for (int k = 0; k < 3; k++)
                if (shown[k])
                    put_pct(f, risk_by(&fr[i], YEARS[k]));
            put_pct(f, risk_by(&fr[i], end_year));
            int median = 0;
            for (int j = 0; j < fr[i].n && !median; j++)
                if (fr[i].p[j] >= 0.5)
                    median = fr[i].year[j];
            if (median)
                fprintf(f, "<td class=\"n\">%d</td>", median);
            else
                fprintf(f, "<td class=\"n\">%s %d</td>", T(lang, "晚于", "after"), end_year);
            char key[128];
            snprintf(key, sizeof key, "%.64s_depletion_year", fr[i].fund);
            const char *dy = lookup(sum, key);
            fputs("<td class=\"n\">", f);
            html_esc(f, dy ? dy : "");
            fputs("</td></tr>\n", f);
        }
        fputs("</table></div>\n", f);
    }
    free(fr);
    risk_varies(f, par, lang);
    if (par) {
        int kc = ps_csv_col(par, "key");
        fputs("<div class=\"scroll\"><table>\n<tr>", f);
        for (int c = 0; c < ps_csv_ncols(par); c++) {
            fputs("<th>", f);
            html_esc(f, ps_csv_header(par, c));
            fputs("</th>", f);
        }
        fputs("</tr>\n", f);
        for (int r = 0; kc >= 0 && r < ps_csv_nrows(par); r++) {
            if (strncmp(ps_csv_field(par, r, kc), "stochastic.", 11))
                continue;
            fputs("<tr>", f);
            for (int c = 0; c < ps_csv_ncols(par); c++) {
                fputs("<td>", f);
                html_esc(f, ps_csv_field(par, r, c));
                fputs("</td>", f);
            }
            fputs("</tr>\n", f);
        }
        fputs("</table></div>\n", f);
    }
    fprintf(f, "<p>%s</p>\n",
            T(lang, "扇形图：深浅不同的蓝色带为50%、80%和95%区间，黑线为中位数，橙色虚线为确定性预测。"
                    "全部分位数见 quantiles.csv，耗尽概率见 depletion.csv。",
              "Fan charts: the blue bands hold 50%, 80% and 95% of the draws, the black line is "
              "the median and the dashed vermillion line the central projection. Every quantile "
              "is in quantiles.csv, the depletion probabilities in depletion.csv."));
}

/* A series of differences.csv ("module.column", "column" of demography,
 * "budget.column" of budget_totals) in words: the module's name, the
 * column's declared label, the year and the unit as shown (money in 万元);
 * 0 if there are no words for it.  *unit: its unit as declared. */
static int diff_label(const ps_columns *decl, const char *ind, const char *year, int lang,
                      char *label, size_t n, const char **unit)
{
    const char *dot = strchr(ind, '.');
    char mod[128] = "", file[160], col[128];
    if (dot)
        snprintf(mod, sizeof mod, "%.*s", (int)(dot - ind), ind);
    snprintf(col, sizeof col, "%s", dot ? dot + 1 : ind);
    int budget = strcmp(mod, "budget") == 0;
    snprintf(file, sizeof file, "%s.csv", !dot ? "demography" : budget ? "budget_totals" : mod);
    const ps_column_def *d = ps_columns_find(decl, file, col);
    const char *wm = dot && !budget ? ps_render_word(mod, lang) : NULL;
    const char *lab = d ? (lang ? d->label_en : d->label_zh) : ps_render_word(col, lang);
    *unit = d ? d->unit : "-";
    if (!lab || (dot && !budget && !wm && strcmp(mod, "indicators") != 0))
        return 0;
    const char *u = ps_decision_unit(*unit, lang);
    snprintf(label, n, "%s%s%s%s%s%s%s%s", wm ? wm : "", wm ? (lang ? ": " : "：") : "", lab,
             lang ? ", " : "，", year, *u ? (lang ? " (" : "（") : "", u,
             *u ? (lang ? ")" : "）") : "");
    return 1;
}

/* differences.csv for people: every series with a label, its value in
 * each scenario and the difference to the first (the key on hover). */
static void differences_html(FILE *f, const char *dir, const ps_csv *diff, int lang)
{
    int ns = 0, nc0 = ps_csv_ncols(diff);
    for (int c = 2; c < nc0; c++)
        ns += strstr(ps_csv_header(diff, c), "_minus_") == NULL;
    if (ns < 1 || nc0 != 2 + 2 * ns - 1) {
        table_all(f, diff, 0);
        return;
    }
    char sub[4400], label[1200], b[128];
    snprintf(sub, sizeof sub, "%.4000s/%.127s", dir, ps_csv_header(diff, 2));
    ps_columns *decl = ps_columns_read(sub);
    fprintf(f, "<div class=\"scroll\"><table>\n<tr><th>%s</th>", T(lang, "指标", "Indicator"));
    for (int s = 0; s < ns; s++) {
        fputs("<th>", f);
        html_esc(f, ps_csv_header(diff, s == 0 ? 2 : 2 * s + 1));
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (int r = 0; r < ps_csv_nrows(diff); r++) {
        const char *ind = ps_csv_field(diff, r, 0), *unit = "-";
        if (!diff_label(decl, ind, ps_csv_field(diff, r, 1), lang, label, sizeof label, &unit))
            snprintf(label, sizeof label, "%s, %s", ind, ps_csv_field(diff, r, 1));
        fputs("<tr><td title=\"", f);
        html_esc(f, ind);
        fputs("\">", f);
        html_esc(f, label);
        fputs("</td>", f);
        for (int s = 0; s < ns; s++) {
            fputs("<td class=\"n\">", f);
            html_esc(f, ps_decision_value(b, sizeof b, ps_csv_field(diff, r, s == 0 ? 2 : 2 * s + 1),
                                          unit, lang));
            if (s > 0 && *ps_decision_diff(b, sizeof b, ps_csv_field(diff, r, 2 * s + 2), unit, lang)) {
                fputs("<br><small>(", f);
                html_esc(f, b);
                fputs(")</small>", f);
            }
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
    ps_columns_free(decl);
}

/* ------------------------------------------------------------ HTML */

static const char CSS[] =
    "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',"
    "'PingFang SC',sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#111;"
    "line-height:1.45}\n"
    "h1{font-size:1.8em;border-bottom:3px solid #0072B2;padding-bottom:.2em}\n"
    "h2{font-size:1.35em;margin-top:2em;color:#0072B2}\n"
    "table{border-collapse:collapse;margin:.5em 0;font-size:.95em}\n"
    "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}\n"
    "th{background:#eef3f8}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "table.decision th.scenario{max-width:14em;white-space:normal;text-align:center}\n"
    "table.decision tr.section th{background:#dde6ef;text-align:left}\n"
    "h3{font-size:1.1em;margin-top:1.5em}\n"
    ".scroll{overflow-x:auto}figure{margin:1.5em 0;page-break-inside:avoid}\n"
    "figure svg{width:100%;height:auto;border:1px solid #ddd}\n"
    "figcaption{font-weight:bold;margin-bottom:.3em}\n"
    "pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:.85em}\n"
    "nav a{margin-right:1em}\n";

/* Inlines the SVG of every chart of `section`. */
static int html_charts(FILE *f, const char *dir, const ps_render *r, int formats, int section,
                       ps_err *err)
{
    int rc = PS_OK;
    for (int i = 0; i < ps_render_count(r) && !rc; i++) {
        char path[4096];
        if (ps_render_section(r, i) != section)
            continue;
        svg_path(dir, r, i, formats, path, sizeof path);
        fprintf(f, "<figure id=\"chart-%s\"><figcaption>", ps_render_name(r, i));
        html_esc(f, ps_render_title(r, i));
        fputs("</figcaption>\n", f);
        rc = inline_svg(f, path, i, err);
        fputs("</figure>\n", f);
    }
    return rc;
}

/* A small line naming the scenario's file and key (parameters.csv's
 * `name` row: where it was set, without the line number), for whoever
 * looks for the file behind the report. */
static void scenario_file(FILE *f, const ps_csv *par, const char *name, int lang)
{
    int kc = par ? ps_csv_col(par, "key") : -1, sc = par ? ps_csv_col(par, "set_in") : -1;
    char file[1024] = "";
    for (int i = 0; kc >= 0 && sc >= 0 && i < ps_csv_nrows(par); i++)
        if (strcmp(ps_csv_field(par, i, kc), "name") == 0) {
            snprintf(file, sizeof file, "%s", ps_csv_field(par, i, sc));
            char *colon = strrchr(file, ':');
            if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1))
                *colon = '\0';
        }
    if (!name && !*file)
        return;
    fprintf(f, "<p><small>%s", T(lang, "情景文件：", "Scenario file: "));
    html_esc(f, *file ? file : "-");
    if (name) {
        fputs(T(lang, "（情景名：", " (scenario name: "), f);
        html_esc(f, name);
        fputs(T(lang, "）", ")"), f);
    }
    fputs("</small></p>\n", f);
}

static int write_html(const char *dir, const ps_render *r, const char *title, int formats,
                      ps_err *err)
{
    int lang = ps_render_lang(r), rc = PS_OK;
    FILE *f = ps_open_out(dir, "report.html", err);
    if (!f)
        return err->code;
    ps_csv *sum = read_opt(dir, "summary.csv"), *par = read_opt(dir, "parameters.csv");
    ps_csv *dem = read_opt(dir, "demography.csv"), *diff = read_opt(dir, "differences.csv");
    const char *desc = NULL;
    if (par) {
        int vc = ps_csv_col(par, "value"), kc = ps_csv_col(par, "key");
        for (int i = 0; kc >= 0 && vc >= 0 && i < ps_csv_nrows(par); i++)
            if (strcmp(ps_csv_field(par, i, kc), "description") == 0)
                desc = ps_csv_field(par, i, vc);
    }
    /* A run's heading names the scenario by its description (its key,
     * the scenario's name, is the heading's title attribute and a small
     * line after the headline section); without one, by the title. */
    const char *skey = diff ? NULL : lookup(sum, "scenario");
    char head[2048];
    if (skey && desc && *desc) {
        int dl = (int)strlen(desc);
        while (dl > 0 && (desc[dl - 1] == '.' || desc[dl - 1] == ' '))
            dl--;
        snprintf(head, sizeof head, "%s%.*s", T(lang, "政策模拟报告：", "Policy simulation: "), dl,
                 desc);
    } else {
        snprintf(head, sizeof head, "%s", title);
    }
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            lang ? "en" : "zh-CN");
    html_esc(f, head);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1", CSS);
    if (skey && strcmp(head, title) != 0) {
        fputs(" title=\"", f);
        html_esc(f, skey);
        fputs("\"", f);
    }
    fputs(">", f);
    html_esc(f, head);
    fputs("</h1>\n", f);
    if (desc && strcmp(head, title) == 0) {
        fputs("<p>", f);
        html_esc(f, desc);
        fputs("</p>\n", f);
    }
    const char *by = lookup(sum, "base_year"), *ey = lookup(sum, "end_year");
    if (by && ey)
        fprintf(f, "<p>%s %s&ndash;%s</p>\n", T(lang, "预测期", "Projection"), by, ey);
    int risk = 0;
    for (int i = 0; i < ps_render_count(r); i++)
        risk |= ps_render_section(r, i) == PS_SECTION_RISK;
    char qpath[4096];
    snprintf(qpath, sizeof qpath, "%s/quantiles.csv", dir);
    risk |= access(qpath, R_OK) == 0;
    fprintf(f, "<nav><a href=\"#headline\">%s</a>", T(lang, "主要结论", "Headline answers"));
    if (risk)
        fprintf(f, "<a href=\"#risk\">%s</a>", T(lang, "风险", "Risk"));
    ps_csv *bt = read_opt(dir, "backtest.csv");
    if (bt)
        fprintf(f, "<a href=\"#backtest\">%s</a>", T(lang, "回测", "Backtest"));
    fprintf(f, "<a href=\"#charts\">%s</a><a href=\"#tables\">%s</a><a href=\"#assumptions\">%s</a></nav>\n",
            T(lang, "图表", "Charts"), T(lang, "主要数据", "Key tables"),
            T(lang, "参数与来源", "Assumptions and sources"));

    fprintf(f, "<h2 id=\"headline\">%s</h2>\n", T(lang, "主要结论", "Headline answers"));
    if (diff) {
        /* The decision table first: what each scenario makes the county
         * pay, the funds, the gaps, side by side (decision.csv). */
        decision_view dv;
        int have = decision_read(dir, lang, &dv);
        if (have > 0)
            decision_html(f, &dv, lang);
        decision_free(&dv);
        fprintf(f, "<h2 id=\"summary\">%s</h2>\n<p>%s</p>\n",
                T(lang, "各情景的全部主要数值", "Every scenario's headline figures"),
                T(lang, "各情景 summary.csv 中各模块标为主要结论的行（键名见文件）：人口、基金耗尽年份（none 表示预测期内不耗尽）、所需财政补贴、规划目标是否达到、供需缺口、县级财政支出。",
                  "The rows each module marks as headline answers in each scenario's "
                  "summary.csv (keys as in the file): population, depletion years (none: not "
                  "within the horizon), subsidy needed, plan targets met or missed, service "
                  "gaps, the county budget's cost."));
        scenario_list(f, dir, diff, lang);
        compare_headline(f, dir, diff, lang);
        fprintf(f, "<h3>%s</h3>\n<p>%s</p>\n", T(lang, "关键年份的差异", "Differences in key years"),
                T(lang, "各情景的取值，括号内为与第一个情景之差（其他情景减第一个情景）；金额单位万元，原始数据见 differences.csv。",
                  "Each scenario's value and, in brackets, the difference against the first "
                  "(other minus first); money in 10,000 yuan, the raw figures in differences.csv."));
        differences_html(f, dir, diff, lang);
    }
    if (sum && !diff) {
        /* The answers in words first; the numbers behind them follow in
         * their own section, labelled, with units. */
        if (!headline_list(f, dir, lang))
            fprintf(f, "<p>%s</p>\n",
                    T(lang, "本次运行没有可用文字表述的结论，数值见下一节。",
                      "This run has no answer in words; the figures are in the next section."));
        fprintf(f, "<h2 id=\"summary\">%s</h2>\n<p>%s</p>\n",
                T(lang, "结论所依据的数值", "The figures behind the answers"),
                T(lang, "人口、基金耗尽年份（none 表示预测期内不耗尽）、所需财政补贴、规划目标是否达到、供需缺口（负数为富余）、县级财政支出。",
                  "Population, depletion years (none: not within the horizon), subsidy "
                  "needed, plan targets met or missed, service gaps (negative: a surplus), "
                  "and what the county budget pays."));
        scenario_file(f, par, skey, lang);
        summary_table(f, sum, 1, lang);
        fprintf(f, "<h3>%s</h3>\n", T(lang, "关键年份指标", "Indicators in key years"));
        summary_table(f, sum, 2, lang);
        budget_section(f, dir, lang);
        events_list(f, dir, lang);
    }

    if (bt) {
        /* The projection against the county's past figures (records.h). */
        fprintf(f, "<h2 id=\"backtest\">%s</h2>\n<p>%s</p>\n",
                T(lang, "回测：预测与实际数", "Backtest: the projection against actual figures"),
                T(lang, "情景 actuals 文件中的每一个实际数与同年预测数的比较：误差 = 预测数 − 实际数，"
                        "误差百分比 = 误差 / 实际数 × 100。来源见 actuals 文件；标为 TARGET 的是规划目标，"
                        "不是实际数。",
                  "Every figure of the scenario's actuals file against the projection of the "
                  "same year: error = projected - actual, error_pct = 100 x error / actual. "
                  "Sources are in the actuals file; rows whose source says TARGET are plan "
                  "targets, not achieved values."));
        table_all(f, bt, 0);
        ps_csv_free(bt);
    }
    if (risk) {
        risk_section(f, dir, sum, par, lang);
        rc = html_charts(f, dir, r, formats, PS_SECTION_RISK, err);
    }
    if (!rc) {
        fprintf(f, "<h2 id=\"charts\">%s</h2>\n", T(lang, "图表", "Charts"));
        rc = html_charts(f, dir, r, formats, PS_SECTION_MAIN, err);
    }

    if (!rc)
        ps_towns_report_html(f, dir, lang); /* plots/towns_chart.c */
    ps_columns *decl = ps_columns_read(dir);
    if (!rc) {
        fprintf(f, "<h2 id=\"tables\">%s</h2>\n", T(lang, "主要数据", "Key tables"));
        if (dem) {
            static const char *const cols[] = {"population", "births", "deaths", "net_migration",
                                               "tfr", "old_age_dependency", "age_0", "age_1",
                                               "age_2", "age_65_plus", "age_80_plus",
                                               "median_age"};
            fprintf(f, "<h3>%s (demography.csv)</h3>\n", T(lang, "人口", "Population"));
            table_years(f, dem, cols, (int)(sizeof cols / sizeof *cols), lang, decl,
                        "demography.csv");
        }
        /* Every table registered in columns.csv with one row a year (the
         * modules' results, whatever modules the run has), in the order
         * written; the population and the run's own files are elsewhere. */
        static const char *const SKIP[] = {
            "population.csv", "demography.csv", "summary.csv", "headline.csv", "events.csv",
            "columns.csv", "parameters.csv", "quantiles.csv", "depletion.csv",
            "comparison.csv", "differences.csv", "sweep.csv", "tornado.csv", "backtest.csv",
            "budget_totals.csv", NULL};
        const char *seen = "";
        for (int i = 0; i < ps_columns_count(decl); i++) {
            const char *name = ps_columns_file(decl, i);
            int skip = strcmp(name, seen) == 0;
            for (int k = 0; !skip && SKIP[k]; k++)
                skip = strcmp(SKIP[k], name) == 0;
            seen = name;
            if (skip)
                continue;
            ps_csv *t = read_opt(dir, name);
            int yc = t ? ps_csv_col(t, "year") : -1, yearly = yc >= 0;
            for (int row = 1; yearly && row < ps_csv_nrows(t); row++)
                yearly = atoi(ps_csv_field(t, row, yc)) > atoi(ps_csv_field(t, row - 1, yc));
            if (yearly) {
                char mod[128];
                snprintf(mod, sizeof mod, "%.*s", (int)strlen(name) - 4, name);
                const char *w = ps_render_word(mod, lang);
                fputs("<h3>", f);
                html_esc(f, w ? w : mod);
                fputs(" (", f);
                html_esc(f, name);
                fputs(")</h3>\n", f);
                table_years(f, t, NULL, 0, lang, decl, name);
            }
            ps_csv_free(t);
        }
        fprintf(f, "<p>%s</p>\n",
                T(lang, "全部数据见同一文件夹中的 CSV 文件、results.xlsx 和 results.sqlite。",
                  "Every table in full: the CSV files, results.xlsx and results.sqlite in "
                  "this folder."));

        fprintf(f, "<h2 id=\"assumptions\">%s</h2>\n",
                T(lang, "参数与来源", "Assumptions and sources"));
        if (par)
            table_all(f, par, 0);
        char mpath[4096];
        snprintf(mpath, sizeof mpath, "%s/manifest.json", dir);
        FILE *m = fopen(mpath, "rb");
        if (m) {
            char buf[4096];
            size_t n;
            fprintf(f, "<h3>%s (manifest.json)</h3>\n<pre>",
                    T(lang, "输入文件及其 SHA-256", "Input files and their SHA-256"));
            while ((n = fread(buf, 1, sizeof buf - 1, m)) > 0) {
                buf[n] = '\0';
                html_esc(f, buf);
            }
            fclose(m);
            fputs("</pre>\n", f);
        }
        fputs("</body>\n</html>\n", f);
    }
    ps_columns_free(decl);
    ps_csv_free(sum);
    ps_csv_free(par);
    ps_csv_free(dem);
    ps_csv_free(diff);
    if (rc) {
        fclose(f);
        return rc;
    }
    return ps_close_out(f, dir, "report.html", err);
}

/* ------------------------------------------------------------ PDF */

static int pdf_table(ps_plot *p, const char *title, const ps_csv *t, int only_headline,
                     int lang, ps_err *err)
{
    int nc = ps_csv_ncols(t), nr = 0;
    if (nc > 8)
        nc = 8;
    char **cells = calloc((size_t)(ps_csv_nrows(t) + 1) * (size_t)nc, sizeof(char *));
    const char *head[8];
    double widths[8];
    int rc = PS_OK;
    if (!cells)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int c = 0; c < nc; c++) {
        head[c] = ps_csv_header(t, c);
        widths[c] = strcmp(head[c], "indicator") == 0 ? 4.6
                    : strcmp(head[c], "year") == 0   ? 1.0
                    : c == 0                         ? 2.5
                                                     : 1.5;
        if (ps_csv_col(t, "indicator") >= 0 && c >= 2)
            widths[c] = 1.9;
    }
    for (int row = 0; row < ps_csv_nrows(t) && !rc; row++) {
        if (only_headline && (!headline_row(t, row, 0) ||
                              stochastic_key(ps_csv_field(t, row, 0))))
            continue;
        int r = nr++;
        for (int c = 0; c < nc; c++) {
            char b[128];
            const char *s = ps_csv_field(t, row, c);
            int raw = c == 0 || strstr(ps_csv_field(t, row, 0), "year") ||
                      strcmp(ps_csv_header(t, c), "year") == 0;
            if (!(cells[r * nc + c] = strdup(raw ? s : fmt_value(b, sizeof b, s))))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
    }
    for (int done = 0, page = 0; !rc && (done < nr || page == 0); page++) {
        char ttl[512];
        snprintf(ttl, sizeof ttl, "%s%s", title, page ? T(lang, "（续）", " (continued)") : "");
        int k = ps_chart_table(p, ttl, nc, widths, head, nr - done,
                               (const char *const *)cells + (size_t)done * (size_t)nc, err);
        if (k < 0 || (k == 0 && nr > done)) {
            rc = k < 0 ? err->code : ps_err_set(err, PS_EINTERNAL, "table page holds no rows");
            break;
        }
        done += k;
    }
    for (int i = 0; i < nr * nc; i++)
        free(cells[i]);
    free(cells);
    return rc;
}

/* The risk table as a PDF page: each fund's probability of depletion by
 * 2030, 2035, 2050 and the last year, and its median depletion year. */
static int pdf_risk(ps_plot *p, const char *dir, const ps_csv *sum, int lang, ps_err *err)
{
    fund_risk *fr = calloc(16, sizeof *fr);
    if (!fr)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    int nf = read_risk(dir, fr, 16), rc = PS_OK;
    const char *end = lookup(sum, "end_year"), *draws = lookup(sum, "stochastic_draws"),
               *seed = lookup(sum, "stochastic_seed");
    int end_year = end ? atoi(end) : 0;
    if (nf) {
        int years[4] = {2030, 2035, 2050, end_year}, ny = 0, ycols[4];
        for (int k = 0; k < 4; k++)
            if (k == 3 || years[k] != end_year)
                ycols[ny++] = years[k];
        char head_s[6][96], (*cells_s)[96] = calloc((size_t)nf * 6, sizeof *cells_s);
        const char *head[6], **cells = calloc((size_t)nf * 6, sizeof *cells);
        if (!cells_s || !cells) {
            free(cells_s);
            free(cells);
            free(fr);
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
        int nc = ny + 2;
        snprintf(head_s[0], sizeof head_s[0], "%s", T(lang, "基金", "Fund"));
        for (int k = 0; k < ny; k++)
            snprintf(head_s[1 + k], sizeof head_s[1 + k], T(lang, "至%d年", "by %d"), ycols[k]);
        snprintf(head_s[nc - 1], sizeof head_s[nc - 1], "%s", T(lang, "中位耗尽年", "median year"));
        for (int k = 0; k < nc; k++)
            head[k] = head_s[k];
        for (int i = 0; i < nf; i++) {
            const char *w = ps_render_word(fr[i].fund, lang);
            snprintf(cells_s[i * nc], sizeof cells_s[0], "%s", w ? w : fr[i].fund);
            for (int k = 0; k < ny; k++) {
                double v = risk_by(&fr[i], ycols[k]);
                if (isfinite(v))
                    snprintf(cells_s[i * nc + 1 + k], sizeof cells_s[0], "%.1f%%", 100 * v);
                else
                    snprintf(cells_s[i * nc + 1 + k], sizeof cells_s[0], "-");
            }
            int median = 0;
            for (int j = 0; j < fr[i].n && !median; j++)
                if (fr[i].p[j] >= 0.5)
                    median = fr[i].year[j];
            if (median)
                snprintf(cells_s[i * nc + nc - 1], sizeof cells_s[0], "%d", median);
            else
                snprintf(cells_s[i * nc + nc - 1], sizeof cells_s[0], T(lang, "晚于%d年", "after %d"),
                         end_year);
            for (int k = 0; k < nc; k++)
                cells[i * nc + k] = cells_s[i * nc + k];
        }
        double widths[6] = {2.6, 1.2, 1.2, 1.2, 1.2, 1.5};
        widths[nc - 1] = 1.5;
        char ttl[256];
        snprintf(ttl, sizeof ttl, T(lang, "基金耗尽概率（%s次随机模拟，种子 %s）",
                                    "Probability of depletion (%s draws, seed %s)"),
                 draws ? draws : "?", seed ? seed : "?");
        int k = ps_chart_table(p, ttl, nc, widths, head, nf, cells, err);
        if (k < 0)
            rc = err->code;
        free(cells_s);
        free(cells);
    }
    free(fr);
    return rc;
}

/* Frees n strings and the array. */
static void free_cells(char **cells, int n)
{
    for (int i = 0; cells && i < n; i++)
        free(cells[i]);
    free(cells);
}

/* differences.csv's headline series on PDF pages, labelled from the first
 * scenario's columns.csv, with the scenarios' descriptions as headers:
 * each value and, in brackets, its difference to the first (the CSV and
 * the HTML page have every series). */
static int differences_pdf(ps_plot *p, const char *dir, const ps_csv *diff,
                           const decision_view *dv, int lang, ps_err *err)
{
    int ns = 0, nc0 = ps_csv_ncols(diff);
    for (int c = 2; c < nc0; c++)
        ns += strstr(ps_csv_header(diff, c), "_minus_") == NULL;
    if (ns < 1 || ns != dv->ns || nc0 != 2 + 2 * ns - 1)
        return PS_OK;
    char sub[4400];
    snprintf(sub, sizeof sub, "%.4000s/%.127s", dir, ps_csv_header(diff, 2));
    ps_columns *decl = ps_columns_read(sub);
    int nr = ps_csv_nrows(diff), nc = ns + 1, k = 0, rc = PS_OK;
    char **cells = calloc((size_t)nr * (size_t)nc + 1, sizeof(char *));
    const char **head = calloc((size_t)nc, sizeof(char *));
    if (!cells || !head) {
        free(cells);
        free(head);
        ps_columns_free(decl);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    head[0] = "";
    for (int s = 0; s < ns; s++)
        head[s + 1] = dv->head[s];
    for (int r = 0; r < nr && !rc; r++) {
        const char *ind = ps_csv_field(diff, r, 0), *dot = strchr(ind, '.'), *unit;
        char mod[128] = "", col[128], label[1200], v[128], dd[128], cell[300];
        if (dot)
            snprintf(mod, sizeof mod, "%.*s", (int)(dot - ind), ind);
        snprintf(col, sizeof col, "%s", dot ? dot + 1 : ind);
        /* The headline series: the county budget, the funds' balances,
         * the population and the scenario's own indicators. */
        int want = strcmp(mod, "budget") == 0 || strcmp(mod, "indicators") == 0 ||
                   (dot && strcmp(col, "fund") == 0) ||
                   (!dot && (strcmp(col, "population") == 0 || strcmp(col, "births") == 0 ||
                             strcmp(col, "age_65_plus") == 0 ||
                             strcmp(col, "old_age_dependency") == 0));
        if (!want || !diff_label(decl, ind, ps_csv_field(diff, r, 1), lang, label, sizeof label,
                                 &unit))
            continue; /* no words for it: the CSV has it */
        if (!(cells[(size_t)k * nc] = strdup(label)))
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        for (int s = 0; s < ns && !rc; s++) {
            int vc = s == 0 ? 2 : 2 * s + 1, dc = 2 * s + 2;
            ps_decision_value(v, sizeof v, ps_csv_field(diff, r, vc), unit, lang);
            dd[0] = '\0';
            if (s > 0)
                ps_decision_diff(dd, sizeof dd, ps_csv_field(diff, r, dc), unit, lang);
            snprintf(cell, sizeof cell, *dd ? "%s\n(%s)" : "%s", v, dd);
            if (!(cells[(size_t)k * nc + 1 + s] = strdup(cell)))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
        k++;
    }
    if (!rc && k > 0) {
        ps_grid g = {T(lang, "关键年份的数值与差异", "Key years: values and differences"),
                     T(lang, "括号内为与第一个情景之差；全部指标见 differences.csv。",
                       "In brackets, the difference to the first scenario; every series is in "
                       "differences.csv."),
                     nc, head, k, (const char *const *)cells, NULL, lang, 1};
        if (ps_chart_grid(p, &g, err) < 0)
            rc = err->code;
    }
    free_cells(cells, nr * nc);
    free(head);
    ps_columns_free(decl);
    return rc;
}

/* A run's first page: the headline sentences (headline.csv), as in
 * report.html's first section; 0 if there are none. */
static int headline_pdf(ps_plot *p, const char *dir, const ps_csv *sum, const ps_csv *par,
                        int lang, ps_err *err)
{
    ps_csv *h = read_opt(dir, "headline.csv");
    int tc = h ? ps_csv_col(h, lang ? "text_en" : "text_zh") : -1, n = 0, rc = PS_OK;
    int nr = tc >= 0 ? ps_csv_nrows(h) : 0;
    char **cells = nr ? calloc((size_t)nr, sizeof(char *)) : NULL;
    if (nr && !cells)
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int r = 0; r < nr && !rc; r++) {
        char b[2048];
        snprintf(b, sizeof b, "• %s", ps_csv_field(h, r, tc));
        if (!(cells[n++] = strdup(b)))
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    if (!rc && n) {
        /* The scenario named by its description, not its key. */
        char ttl[256], note[1024] = "";
        const char *by = lookup(sum, "base_year"), *ey = lookup(sum, "end_year"),
                   *desc = lookup(par, "description");
        snprintf(ttl, sizeof ttl, "%s", T(lang, "政策模拟报告：主要结论",
                                          "Policy simulation: headline answers"));
        if (by && ey)
            snprintf(note, sizeof note, "%s%s%s %s-%s", desc ? desc : "",
                     desc ? (lang ? " " : "　") : "", T(lang, "预测期", "Projection"), by, ey);
        ps_grid g = {ttl, note, 1, NULL, n, (const char *const *)cells, NULL, lang, 0};
        if (ps_chart_grid(p, &g, err) < 0)
            rc = err->code;
    }
    free_cells(cells, n);
    ps_csv_free(h);
    return rc;
}

/* summary.csv's headline rows, labelled, with values for reading (money
 * in 万元) and units: the figures behind the sentences. */
static int summary_pdf(ps_plot *p, const char *title, const ps_csv *t, int lang, ps_err *err)
{
    int kc = ps_csv_col(t, "key"), vc = ps_csv_col(t, "value"),
        lc = ps_csv_col(t, lang ? "label_en" : "label_zh"), uc = ps_csv_col(t, "unit");
    if (kc < 0 || vc < 0)
        return PS_OK;
    int nr = ps_csv_nrows(t), n = 0, rc = PS_OK;
    char **cells = calloc((size_t)nr * 3 + 1, sizeof(char *));
    if (!cells)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int r = 0; r < nr && !rc; r++) {
        const char *key = ps_csv_field(t, r, kc);
        if (!headline_row(t, r, kc) || stochastic_key(key))
            continue;
        const char *unit = uc >= 0 ? ps_csv_field(t, r, uc) : "-";
        const char *label = lc >= 0 && *ps_csv_field(t, r, lc) ? ps_csv_field(t, r, lc) : key;
        char v[128];
        ps_decision_value(v, sizeof v, ps_csv_field(t, r, vc), strstr(key, "year") ? "year" : unit,
                          lang);
        if (!(cells[n * 3] = strdup(label)) || !(cells[n * 3 + 1] = strdup(v)) ||
            !(cells[n * 3 + 2] = strdup(ps_decision_unit(unit, lang))))
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        n++;
    }
    if (!rc && n) {
        const char *head[3] = {T(lang, "指标", "Indicator"), T(lang, "数值", "Value"),
                               T(lang, "单位", "Unit")};
        char ttl[1024];
        snprintf(ttl, sizeof ttl, "%s%s%s", title, T(lang, "：", ": "),
                 T(lang, "结论所依据的数值", "the figures behind the answers"));
        ps_grid g = {ttl, NULL, 3, head, n, (const char *const *)cells, NULL, lang, 0};
        if (ps_chart_grid(p, &g, err) < 0)
            rc = err->code;
    }
    free_cells(cells, nr * 3);
    return rc;
}

/* The line under the budget pages' title: prices and rounding, and the funds
 * whose modules declare them pooled nationally or by the province
 * (module.h `holder`), named in words: their balances are pressure
 * indicators, not county liabilities. */
static void budget_note(char *buf, size_t n, int lang)
{
    char funds[1024] = "";
    size_t k = 0;
    for (int i = 0; ps_modules[i] && k < sizeof funds; i++) {
        const ps_module *m = ps_modules[i];
        const char *l = lang ? m->label_en : m->label_zh;
        if ((m->holder != PS_HOLDER_NATIONAL && m->holder != PS_HOLDER_PROVINCE) || !l || !*l)
            continue;
        int nat = m->holder == PS_HOLDER_NATIONAL;
        k += (size_t)snprintf(funds + k, sizeof funds - k, "%s%s%s", k ? T(lang, "、", ", ") : "", l,
                              nat ? T(lang, "（全国统筹）", " (pooled nationally)")
                                  : T(lang, "（省级统筹）", " (pooled by the province)"));
    }
    if (k >= sizeof funds)
        funds[sizeof funds - 1] = '\0';
    if (lang)
        snprintf(buf, n,
                 "Current prices, rounded to 10,000 yuan. %s%s balances are pressure "
                 "indicators of pooled funds (national / provincial), not county liabilities, "
                 "and are not in these totals.",
                 *funds ? funds : "The pooled funds'", *funds ? ": their" : "");
    else
        snprintf(buf, n,
                 "当年价，四舍五入到万元。%s的结余是统筹基金（全国/省级）的压力指标，"
                 "不是县级负债，不计入上述合计。",
                 *funds ? funds : "统筹基金");
}

/* The county budget on PDF pages, right after the headline: the county's
 * own cost programme by programme in the key years (budget_totals.csv's
 * columns as in report.html, then each programme other modules add,
 * named as its module names it, from budget.csv's county lines), its
 * total, share of revenue and revenue, and what the centre, province and
 * city pay; money in 万元, labels from the declarations.  Nothing if the
 * run has no budget. */
static int budget_pdf(ps_plot *p, const char *dir, const ps_csv *sum, int lang, ps_err *err)
{
    ps_csv *t = read_opt(dir, "budget_totals.csv");
    int yc = t ? ps_csv_col(t, "year") : -1;
    if (yc < 0 || ps_csv_nrows(t) == 0) {
        ps_csv_free(t);
        return PS_OK;
    }
    ps_csv *b = read_opt(dir, "budget.csv");
    ps_columns *decl = ps_columns_read(dir);
    enum { MAXY = 24 };
    int ty0 = atoi(ps_csv_field(t, 0, yc)), ty1 = atoi(ps_csv_field(t, ps_csv_nrows(t) - 1, yc));
    int yrow[MAXY], ny = 0, rc = PS_OK;
    for (int r = 0; r < ps_csv_nrows(t) && ny < MAXY; r++)
        if (budget_key_year(atoi(ps_csv_field(t, r, yc)), ty0, ty1))
            yrow[ny++] = r;
    const char *prog[MAX_OTHER];
    int by0, by1, np = other_programme_list(b, t, prog, &by0, &by1);
    const char *order[BUDGET_MAX_ROWS];
    int norder = budget_rows(t, b, 1, order, BUDGET_MAX_ROWS);
    int nc = ny + 1, maxr = norder + np, nr = 0;
    char **cells = calloc((size_t)maxr * (size_t)nc, sizeof(char *));
    int *heading = calloc((size_t)maxr, sizeof(int));
    const char **head = calloc((size_t)nc, sizeof(char *));
    char (*years)[16] = calloc((size_t)nc, sizeof *years);
    if (!cells || !heading || !head || !years)
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    /* Rows: the programmes (the lump, then each programme in it), the
     * county's total, its share of revenue, revenue; then the other
     * payers.  A column without a declared label is left out (no key on
     * the page). */
    for (int i = 0; !rc && i < norder; i++) {
        char lab[1200], v[128];
        if (order[i][0] == '#') {
            heading[nr] = 1;
            snprintf(lab, sizeof lab, "%s",
                     strcmp(order[i], "#county") == 0
                         ? T(lang, "县本级支出，逐项目", "What the county itself pays, programme by programme")
                         : T(lang, "中央、省、市财政承担的部分（不计入县本级支出）",
                             "What the centre, the province and the city pay (not in the county's cost)"));
            if (!(cells[(size_t)nr++ * nc] = strdup(lab)))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            continue;
        }
        int c = ps_csv_col(t, order[i]);
        const ps_column_def *d = ps_columns_find(decl, "budget_totals.csv", order[i]);
        if (c < 0 || !d)
            continue;
        /* Money in the first column's header; other units beside the label. */
        const char *u = strcmp(d->unit, "yuan") == 0 ? "" : ps_decision_unit(d->unit, lang);
        snprintf(lab, sizeof lab, "%s%s%s%s", lang ? d->label_en : d->label_zh,
                 *u ? T(lang, "（", " (") : "", u, *u ? T(lang, "）", ")") : "");
        if (!(cells[(size_t)nr * nc] = strdup(lab)))
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        for (int k = 0; k < ny && !rc; k++)
            if (!(cells[(size_t)nr * nc + 1 + k] =
                      strdup(ps_decision_value(v, sizeof v, ps_csv_field(t, yrow[k], c), d->unit, lang))))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        nr++;
        /* Right under the lump: each programme in it, in its module's words. */
        for (int j = 0; !rc && strcmp(order[i], "county_other") == 0 && j < np; j++) {
            char zh[400], en[400];
            ps_decision_programme_label(sum, prog[j], zh, sizeof zh, en, sizeof en);
            snprintf(lab, sizeof lab, "%s%s", T(lang, "其中：", "of which: "), lang ? en : zh);
            if (!(cells[(size_t)nr * nc] = strdup(lab)))
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            for (int k = 0; k < ny && !rc; k++)
                if (!(cells[(size_t)nr * nc + 1 + k] = strdup(ps_decision_value(
                          v, sizeof v, county_line(b, prog[j], atoi(ps_csv_field(t, yrow[k], yc))),
                          "yuan", lang))))
                    rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            nr++;
        }
    }
    if (!rc && nr > 2) {
        char note[2048];
        head[0] = T(lang, "金额单位：万元", "Money: 10,000 yuan");
        for (int k = 0; k < ny; k++) {
            snprintf(years[k + 1], sizeof years[0], "%s", ps_csv_field(t, yrow[k], yc));
            head[k + 1] = years[k + 1];
        }
        budget_note(note, sizeof note, lang);
        ps_grid g = {T(lang, "县级财政：县本级支出", "County budget: what the county itself pays"),
                     note, nc, head, nr, (const char *const *)cells, heading, lang, 0};
        if (ps_chart_grid(p, &g, err) < 0)
            rc = err->code;
    }
    free_cells(cells, maxr * nc);
    free(heading);
    free(head);
    free(years);
    ps_columns_free(decl);
    ps_csv_free(b);
    ps_csv_free(t);
    return rc;
}

static int write_pdf(const char *dir, const ps_render *r, const char *title, ps_err *err)
{
    char path[4096];
    int lang = ps_render_lang(r), rc = PS_OK;
    snprintf(path, sizeof path, "%s/report.pdf", dir);
    /* A4 landscape in points; text sizes scale with the page. */
    ps_plot *p = ps_plot_open(path, PS_FMT_PDF, 842, 595, err);
    if (!p)
        return err->code;
    ps_csv *diff = read_opt(dir, "differences.csv"), *sum = read_opt(dir, "summary.csv");
    char ttl[512];
    snprintf(ttl, sizeof ttl, "%s: %s", title, T(lang, "主要结论", "headline answers"));
    decision_view dv;
    if (diff && decision_read(dir, lang, &dv) > 0) {
        /* A comparison opens with its decision table, then the key years. */
        snprintf(ttl, sizeof ttl, "%s", T(lang, "决策表：各情景的主要结论与差异",
                                          "Decision table: each scenario's headline answers"));
        rc = decision_pdf(p, ttl, &dv, lang, err);
        if (!rc)
            rc = differences_pdf(p, dir, diff, &dv, lang, err);
        decision_free(&dv);
    } else if (diff) {
        rc = pdf_table(p, ttl, diff, 0, lang, err);
    }
    /* A run opens with its answers in words, then the figures behind them. */
    ps_csv *par = read_opt(dir, "parameters.csv");
    if (!rc && sum && !diff)
        rc = headline_pdf(p, dir, sum, par, lang, err);
    ps_csv_free(par);
    if (!rc && sum)
        rc = summary_pdf(p, diff ? title : T(lang, "政策模拟报告", "Policy simulation"), sum, lang,
                         err); /* (a run's title ends in its key: the sentences named it) */
    /* A run's county budget, programme by programme, right after. */
    if (!rc && sum && !diff)
        rc = budget_pdf(p, dir, sum, lang, err);
    if (!rc)
        rc = pdf_risk(p, dir, sum, lang, err);
    ps_csv *bt = read_opt(dir, "backtest.csv");
    if (!rc && bt) {
        snprintf(ttl, sizeof ttl, "%s: %s", title,
                 T(lang, "回测（预测数 − 实际数）", "backtest (projected - actual)"));
        rc = pdf_table(p, ttl, bt, 0, lang, err);
    }
    ps_csv_free(bt);
    /* The risk charts first, as in the HTML page. */
    for (int pass = 0; pass < 2 && !rc; pass++)
        for (int i = 0; i < ps_render_count(r) && !rc; i++)
            if (ps_render_section(r, i) == (pass ? PS_SECTION_MAIN : PS_SECTION_RISK))
                rc = ps_render_draw(r, i, p, err);
    ps_csv_free(diff);
    ps_csv_free(sum);
    ps_err e2;
    if (ps_plot_close(p, &e2) && !rc) {
        *err = e2;
        rc = err->code;
    }
    return rc;
}

/* ------------------------------------------------------------ the whole report */

/* Everything after the tables as one list of tasks for ps_tasks_run:
 * report.pdf, then the workbook, then every chart file and the SVG the
 * HTML page needs (the longest first, for an even share between the
 * processes); the HTML page is assembled afterwards from the SVG files. */
typedef struct {
    const char *dir;
    const ps_render *r;
    const char *title;
    int formats;    /* chart files to keep in plots/ */
    int workbook;   /* also results.xlsx and results.sqlite */
    int lang;
    int nfixed;     /* tasks before the charts */
    int fmt[3], nfmt;
} report_ctx;

enum { TASK_PDF, TASK_XLSX, TASK_SQLITE };

static int report_task(void *vctx, int k, ps_err *err)
{
    const report_ctx *c = vctx;
    char path[4096];
    if (k < c->nfixed) {
        int what = k == 0 ? TASK_PDF : k == 1 ? TASK_XLSX : TASK_SQLITE;
        switch (what) {
        case TASK_PDF: return write_pdf(c->dir, c->r, c->title, err);
        case TASK_XLSX: return ps_workbook_write(c->dir, c->lang, err);
        default: return ps_sqlite_write(c->dir, err);
        }
    }
    k -= c->nfixed;
    /* Every chart in one format, then the next format, then (if SVG files
     * are not asked for) the temporary SVGs of the HTML page: switching
     * PLplot's device between one chart and the next costs time. */
    int nchart = ps_render_count(c->r);
    int i = k % nchart, j = k / nchart;
    if (j < c->nfmt) {
        snprintf(path, sizeof path, "%s/plots/%s.%s", c->dir, ps_render_name(c->r, i),
                 ps_plot_ext(c->fmt[j]));
        return ps_render_file(c->r, i, path, c->fmt[j], err);
    }
    svg_path(c->dir, c->r, i, c->formats, path, sizeof path);
    return ps_render_file(c->r, i, path, PS_FMT_SVG, err);
}

static int report_build(const char *dir, const ps_render *r, const char *title, int formats,
                        int workbook, ps_err *err)
{
    char plots[4096];
    report_ctx c = {dir, r, title, formats, workbook, ps_render_lang(r), workbook ? 3 : 1,
                    {0}, 0};
    for (int f = PS_FMT_PNG; f <= PS_FMT_PDF; f <<= 1)
        if (formats & f)
            c.fmt[c.nfmt++] = f;
    snprintf(plots, sizeof plots, "%s/plots", dir);
    if (c.nfmt && mkdir(plots, 0777) && errno != EEXIST)
        return ps_err_set(err, PS_EIO, "%s: cannot create the folder: %s", plots,
                          strerror(errno));
    int per = c.nfmt + !(formats & PS_FMT_SVG);
    int rc = ps_tasks_run(c.nfixed + ps_render_count(r) * per, report_task, &c, err);
    if (!rc)
        rc = write_html(dir, r, title, formats, err);
    if (!(formats & PS_FMT_SVG))
        for (int i = 0; i < ps_render_count(r); i++) {
            char path[4096];
            svg_path(dir, r, i, formats, path, sizeof path);
            unlink(path);
        }
    return rc;
}

int ps_report_write(const char *dir, const ps_render *r, const char *title, ps_err *err)
{
    /* The chart files are written (ps_render_write) by the caller. */
    int formats = 0;
    char path[4096];
    if (ps_render_count(r) > 0) {
        snprintf(path, sizeof path, "%s/plots/%s.svg", dir, ps_render_name(r, 0));
        if (access(path, R_OK) == 0)
            formats = PS_FMT_SVG;
    }
    return report_build(dir, r, title, formats, 0, err);
}

int ps_report_run(const char *dir, int formats, int lang, ps_err *err)
{
    char title[512];
    ps_render *r = ps_render_new(lang);
    if (!r)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    int rc = ps_render_plan_run(r, dir, err);
    if (!rc) {
        ps_csv *sum = read_opt(dir, "summary.csv");
        const char *name = lookup(sum, "scenario");
        snprintf(title, sizeof title, "%s%s", T(lang, "政策模拟报告：", "Policy simulation: "),
                 name ? name : "");
        ps_csv_free(sum);
        rc = report_build(dir, r, title, formats, 1, err);
    }
    ps_render_free(r);
    return rc;
}
