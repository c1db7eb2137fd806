/* sweep_chart.c: see sweep_chart.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "sweep_chart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "charts.h"
#include "csv.h"
#include "render.h"
#include "table.h"
#include "tasks.h"

#define MAXP 16

/* One chart: an answer and its rows of tornado.csv. */
typedef struct {
    char answer[128];
    const char *label, *unit; /* tornado.csv's label (in the language) and unit, or NULL */
    int n;
    const char *param[MAXP];
    char range[MAXP][96];
    double at_low[MAXP], at_high[MAXP], centre;
    unsigned char low_capped[MAXP], high_capped[MAXP], centre_capped;
} answer_chart;

typedef struct {
    const char *dir;
    int lang, formats, fmt[3], nfmt;
    int end_year;
    answer_chart *a;
    int na;
} sweep_ctx;

/* A number, or the end of the horizon for "none" (never depleted within
 * it); 0 if the text is neither. */
static int value(const char *s, int end_year, double *v, unsigned char *capped)
{
    char *end;
    *capped = 0;
    if (strcmp(s, "none") == 0 && end_year > 0) {
        *v = end_year;
        *capped = 1;
        return 1;
    }
    *v = strtod(s, &end);
    return *s && !*end && isfinite(*v);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a > b && strcmp(s + a - b, suffix) == 0;
}

/* Title words and unit of an answer key, for a tornado.csv written before
 * it carried each answer's declared labels and unit (label_zh, label_en,
 * unit from summary.csv); newer folders never use this. */
static void describe(const char *answer, int lang, char *subject, size_t n, const char **unit,
                     int *years)
{
    int en = lang == PS_LANG_EN;
    char module[128];
    const char *w;
    *unit = "";
    *years = 0;
    size_t len = strlen(answer);
    const char *us = strrchr(answer, '_');
    int year = us && strlen(us + 1) == 4 ? atoi(us + 1) : 0;
    if (ends_with(answer, "_depletion_year")) {
        snprintf(module, sizeof module, "%.*s", (int)(len - 15), answer);
        w = ps_render_word(module, lang);
        snprintf(subject, n, en ? "%s: depletion year" : "%s：基金耗尽年份", w ? w : module);
        *years = 1;
    } else if (ends_with(answer, "_subsidy_needed_total")) {
        snprintf(module, sizeof module, "%.*s", (int)(len - 21), answer);
        w = ps_render_word(module, lang);
        snprintf(subject, n, en ? "%s: subsidy needed, whole projection" : "%s：预测期所需财政补贴合计",
                 w ? w : module);
        *unit = en ? "yuan" : "元";
    } else if (year > 1900 && strncmp(answer, "population_", 11) == 0) {
        snprintf(subject, n, en ? "Population in %d" : "%d年总人口", year);
        *unit = en ? "persons" : "人";
    } else if (year > 1900 && strncmp(answer, "childcare_gap_", 14) == 0) {
        snprintf(subject, n, en ? "Childcare places: demand minus supply in %d"
                                : "%d年托位缺口（需求减供给）", year);
        *unit = en ? "places" : "个";
    } else if (year > 1900 && strncmp(answer, "nursing_bed_gap_", 16) == 0) {
        snprintf(subject, n, en ? "Nursing beds: need minus supply in %d"
                                : "%d年护理型床位缺口（需求减供给）", year);
        *unit = en ? "beds" : "张";
    } else if (year > 1900 && strncmp(answer, "bed_gap_", 8) == 0) {
        snprintf(subject, n, en ? "Elderly-care beds: need minus supply in %d"
                                : "%d年养老床位缺口（需求减供给）", year);
        *unit = en ? "beds" : "张";
    } else {
        snprintf(subject, n, "%s", answer);
    }
}

static int draw_task(void *vctx, int k, ps_err *err)
{
    const sweep_ctx *c = vctx;
    const answer_chart *a = &c->a[k / c->nfmt];
    int f = c->fmt[k % c->nfmt], en = c->lang == PS_LANG_EN, years;
    char subject[256], title[512], note[512], path[4096];
    const char *unit, *labels[MAXP], *ranges[MAXP];
    if (a->label && *a->label) {
        /* The answer's label and unit as its module declares them (summary.csv). */
        snprintf(subject, sizeof subject, "%s", a->label);
        years = a->unit && strcmp(a->unit, "year") == 0;
        unit = years ? "" : ps_unit_label(a->unit ? a->unit : "-", c->lang);
    } else {
        describe(a->answer, c->lang, subject, sizeof subject, &unit, &years);
    }
    snprintf(title, sizeof title, en ? "Sensitivity: %s" : "敏感性分析：%s", subject);
    int capped = a->centre_capped;
    for (int i = 0; i < a->n; i++) {
        labels[i] = a->param[i];
        ranges[i] = a->range[i];
        capped |= a->low_capped[i] | a->high_capped[i];
    }
    note[0] = '\0';
    if (capped)
        snprintf(note, sizeof note,
                 en ? "none: the fund lasts beyond the projection's end (%d); drawn at %d."
                    : "不耗尽：预测期（至%d年）内基金不耗尽，画在%d年处。",
                 c->end_year, c->end_year);
    ps_tornado t = {title,
                    years ? (en ? "Year" : "年份") : a->label && *a->label ? (en ? "Value" : "数值") : subject,
                    unit,
                    c->lang,
                    a->n,
                    labels,
                    ranges,
                    a->at_low,
                    a->at_high,
                    a->low_capped,
                    a->high_capped,
                    a->centre,
                    a->centre_capped,
                    en ? "scenario" : "情景本身",
                    en ? "low value" : "参数取低值",
                    en ? "high value" : "参数取高值",
                    en ? "none" : "不耗尽",
                    note,
                    years};
    snprintf(path, sizeof path, "%s/plots/tornado_%s.%s", c->dir, a->answer, ps_plot_ext(f));
    ps_plot *p = ps_plot_open(path, f, PS_CHART_W, PS_CHART_H, err);
    if (!p)
        return err->code;
    int rc = ps_chart_tornado(p, &t, err);
    ps_err e2;
    int rc2 = ps_plot_close(p, &e2);
    if (!rc && rc2)
        *err = e2;
    return rc ? rc : rc2;
}

/* The end of the horizon, from sweep.csv's rows of the scenario itself. */
static int end_year_of(const char *dir)
{
    char path[4096];
    ps_err e;
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    ps_csv *t = ps_csv_read(path, &e);
    int y = 0;
    if (!t)
        return 0;
    int ck = ps_csv_col(t, "key"), cr = ps_csv_col(t, "result");
    for (int i = 0; ck >= 0 && cr >= 0 && i < ps_csv_nrows(t); i++)
        if (strcmp(ps_csv_field(t, i, ck), "end_year") == 0) {
            y = atoi(ps_csv_field(t, i, cr));
            break;
        }
    ps_csv_free(t);
    return y;
}

int ps_plots_sweep(const char *dir, int formats, int lang, ps_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/plots", dir);
    if (mkdir(path, 0777) && errno != EEXIST)
        return ps_err_set(err, PS_EIO, "%s: cannot create: %s", path, strerror(errno));
    snprintf(path, sizeof path, "%s/tornado.csv", dir);
    ps_csv *t = ps_csv_read(path, err);
    if (!t)
        return err->code;
    int ca = ps_csv_require_col(t, "answer", err), cp = ps_csv_require_col(t, "parameter", err),
        cl = ps_csv_require_col(t, "at_low", err), ch = ps_csv_require_col(t, "at_high", err),
        cs = ps_csv_require_col(t, "scenario", err), clo = ps_csv_require_col(t, "low", err),
        chi = ps_csv_require_col(t, "high", err);
    int rc = ca < 0 || cp < 0 || cl < 0 || ch < 0 || cs < 0 || clo < 0 || chi < 0 ? err->code
                                                                                  : PS_OK;
    /* Labels and unit: columns added later, absent from older folders. */
    int clab = ps_csv_col(t, lang == PS_LANG_EN ? "label_en" : "label_zh"),
        cunit = ps_csv_col(t, "unit");
    sweep_ctx c = {dir, lang, formats, {0}, 0, end_year_of(dir), NULL, 0};
    for (int f = PS_FMT_PNG; f <= PS_FMT_PDF; f <<= 1)
        if (formats & f)
            c.fmt[c.nfmt++] = f;
    if (!rc && !(c.a = calloc((size_t)ps_csv_nrows(t) + 1, sizeof *c.a)))
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    /* Rows of one answer are consecutive. */
    for (int r = 0; !rc && r < ps_csv_nrows(t);) {
        const char *answer = ps_csv_field(t, r, ca);
        answer_chart *a = &c.a[c.na];
        memset(a, 0, sizeof *a);
        snprintf(a->answer, sizeof a->answer, "%s", answer);
        a->label = clab >= 0 ? ps_csv_field(t, r, clab) : NULL;
        a->unit = cunit >= 0 ? ps_csv_field(t, r, cunit) : NULL;
        int ok = 1, any_number = 0;
        for (; r < ps_csv_nrows(t) && strcmp(ps_csv_field(t, r, ca), answer) == 0; r++) {
            if (a->n == MAXP)
                continue;
            int i = a->n;
            ok &= value(ps_csv_field(t, r, cl), c.end_year, &a->at_low[i], &a->low_capped[i]);
            ok &= value(ps_csv_field(t, r, ch), c.end_year, &a->at_high[i], &a->high_capped[i]);
            ok &= value(ps_csv_field(t, r, cs), c.end_year, &a->centre, &a->centre_capped);
            any_number |= !a->low_capped[i] || !a->high_capped[i] || !a->centre_capped;
            a->param[i] = ps_csv_field(t, r, cp);
            snprintf(a->range[i], sizeof a->range[i], "%s – %s", ps_csv_field(t, r, clo),
                     ps_csv_field(t, r, chi));
            a->n++;
        }
        /* An answer that is "none" in every run (a fund that lasts
         * whatever the parameters) has nothing to draw; tornado.csv says
         * so.  Names go into file names: keep them plain. */
        int plain = 1;
        for (const char *s = a->answer; *s; s++)
            plain &= (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_';
        if (ok && any_number && plain && a->n > 0)
            c.na++;
    }
    if (!rc && c.nfmt)
        rc = ps_tasks_run(c.na * c.nfmt, draw_task, &c, err);
    free(c.a);
    ps_csv_free(t);
    return rc;
}
