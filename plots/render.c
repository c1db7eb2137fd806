/* render.c: see render.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "render.h"

#include "budget_chart.h"
#include "towns_chart.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "declared.h"
#include "households_chart.h"
#include "table.h"
#include "tasks.h"

/* ------------------------------------------------------------ words */

typedef struct {
    const char *key, *zh, *en;
} word;

/* Words not tied to any declared column or module: axis titles, titles of
 * charts that draw several columns, legend words of fan charts, the age
 * groups summed here from population.csv.  A column's label and unit and a
 * module's name come from the module's own declarations (declared.h,
 * columns.csv), never from this list. */
static const word WORDS[] = {
    /* axes and units */
    {"@year", "年份", "Year"},
    {"@persons", "人", "persons"},
    {"@yuan", "元", "yuan"},
    {"@age", "年龄（岁）", "Age (years)"},
    {"@male", "男", "Male"},
    {"@female", "女", "Female"},
    {"@count", "数量", "Number"},
    {"@value", "数值", "Value"},
    {"@depleted", "基金耗尽", "fund depleted"},
    {"@pyramid", "人口金字塔", "Population pyramid"},
    {"@population", "总人口", "Population"},
    {"@age_groups", "分年龄段人口", "Population by age group"},
    {"@dependency", "抚养比", "Dependency ratios"},
    {"@ratio_pct", "比率", "Ratio"},
    {"@flows", "出生、死亡与净迁移", "Births, deaths and net migration"},
    {"@elderly", "老年人口（养老服务需求）", "Older people (elderly care demand)"},
    {"@children", "托育与学前年龄儿童", "Children of childcare and kindergarten age"},
    {"@key_years", "关键年份分年龄段人口", "Population by age group in key years"},
    {"@fund", "收入、支出与累计结余", "income, expenditure and fund balance"},
    {"@fund_people", "参保、缴费与待遇领取人数", "insured, contributors and beneficiaries"},
    {"@money", "金额", "Amount"},
    {"@wan_yuan", "万元", "10,000 yuan"},
    {"@event", "规则触发", "rule"},
    {"@indicator", "自定义指标", "Custom indicator"},
    /* age groups summed from population.csv (no column of their own) */
    {"0_14", "0-14岁", "0-14"},
    {"15_64", "15-64岁", "15-64"},
    {"65_plus", "65岁及以上", "65+"},
    {"budget_totals", "县级财政：各项目合计", "County budget: programme totals"},
    {"@childcare_slots", "托育服务：托位需求与供给", "Childcare: places demanded and supplied"},
    {"@eldercare_beds", "养老服务：床位需求与供给", "Elderly care: beds needed and supplied"},
    {"@eldercare_people", "养老服务：失能老人与助餐服务对象", "Elderly care: dependent older people and meal-service users"},
    {"@assistance_people", "最低生活保障：保障人数", "Social assistance: recipients"},
    {"@spending", "支出", "Spending"},
    {"@slots", "托位", "Places"},
    {"@beds", "床位", "Beds"},
    {"@slot_unit", "个", "places"},
    {"@bed_unit", "张", "beds"},
    /* stochastic runs */
    {"@draws_title", "%s：%ld次随机模拟的分布", "%s: distribution over %ld draws"},
    {"@band95", "95%区间（2.5%–97.5%）", "95% range (2.5–97.5%)"},
    {"@band80", "80%区间（10%–90%）", "80% range (10–90%)"},
    {"@band50", "50%区间（25%–75%）", "50% range (25–75%)"},
    {"@median", "中位数", "Median"},
    {"@actual", "实际数", "actual"},
    {"@central", "确定性预测", "Central projection"},
    {"@p50_mark", "耗尽概率过半：%d年", "P(depleted) ≥ 50%%: %d"},
    {"@depletion_prob", "各基金累计耗尽概率", "Probability that each fund is depleted by each year"},
    {"@probability", "概率", "Probability"},
    {NULL, NULL, NULL}};

const char *ps_render_word(const char *key, int lang)
{
    int en = lang == PS_LANG_EN;
    for (const word *w = WORDS; w->key; w++)
        if (strcmp(w->key, key) == 0)
            return en ? w->en : w->zh;
    /* A module's name, then a column's label, as the modules declare them. */
    const char *m = ps_module_label(key, en);
    if (m)
        return m;
    const char *h = ps_households_word(key, lang);
    if (h)
        return h;
    const ps_column_def *d = ps_declared_any(key);
    return d ? (en ? d->label_en : d->label_zh) : NULL;
}

static const char *W(const char *key, int lang)
{
    const char *w = ps_render_word(key, lang);
    return w ? w : key;
}

/* ------------------------------------------------------------ the list */

enum { KIND_PYRAMID = -1, KIND_FAN = -2 };

typedef struct job {
    int kind; /* PS_CHART_*, KIND_PYRAMID or KIND_FAN */
    int section;
    char name[96];
    char *title, *xlabel, *ylabel, *unit, *mark_label;
    int n, ns, from_zero;
    double mark_x, ymin, ymax;
    double *x, *y;        /* x[n], y[ns * n] */
    char **labels;        /* ns */
    char **cats;          /* n, bars only, or NULL */
    /* pyramid */
    char *label_a, *label_b, *male, *female;
    int nage;
    double *pyr;          /* 4 * nage: male_a, female_a, male_b, female_b */
    int has_b;
    /* fan: nb bands, lo then hi of each (2 * nb * n) */
    int nb;
    double *bands;
    char **band_labels;
    /* custom: drawn by its own function */
    ps_render_draw_fn draw;
    void *data;
    void (*free_data)(void *);
} job;

struct ps_render {
    int lang;
    int n, cap;
    job *jobs;
    /* While a run's charts are planned: its backtest.csv (or NULL) and the
     * module whose table is being charted, so that actual figures are
     * drawn as points over their series (records.h). */
    const ps_csv *backtest;
    const char *module;
    /* Also: the folder's columns.csv (labels of the series) and events.csv
     * (what rules changed, marked on the charts of parameters whose key
     * starts with event_prefix), or NULL. */
    const ps_columns *cols;
    const ps_csv *events;
    const char *event_prefix;
};

ps_render *ps_render_new(int lang)
{
    ps_render *r = calloc(1, sizeof *r);
    if (r)
        r->lang = lang == PS_LANG_EN ? PS_LANG_EN : PS_LANG_ZH;
    return r;
}

int ps_render_lang(const ps_render *r) { return r->lang; }
int ps_render_count(const ps_render *r) { return r ? r->n : 0; }
const char *ps_render_name(const ps_render *r, int i) { return r->jobs[i].name; }
const char *ps_render_title(const ps_render *r, int i) { return r->jobs[i].title; }
int ps_render_section(const ps_render *r, int i) { return r->jobs[i].section; }

static void job_free(job *j)
{
    if (j->free_data)
        j->free_data(j->data);
    free(j->title);
    free(j->xlabel);
    free(j->ylabel);
    free(j->unit);
    free(j->mark_label);
    free(j->x);
    free(j->y);
    if (j->labels)
        for (int k = 0; k < j->ns; k++)
            free(j->labels[k]);
    free(j->labels);
    if (j->cats)
        for (int i = 0; i < j->n; i++)
            free(j->cats[i]);
    free(j->cats);
    free(j->label_a);
    free(j->label_b);
    free(j->male);
    free(j->female);
    free(j->pyr);
    free(j->bands);
    if (j->band_labels)
        for (int b = 0; b < j->nb; b++)
            free(j->band_labels[b]);
    free(j->band_labels);
}

void ps_render_free(ps_render *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n; i++)
        job_free(&r->jobs[i]);
    free(r->jobs);
    free(r);
}

static char *sdup(const char *s) { return strdup(s ? s : ""); }

static job *new_job(ps_render *r, const char *name, ps_err *err)
{
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-')) {
            ps_err_set(err, PS_EINTERNAL, "chart name '%s' has a character other than a-z0-9_-",
                       name);
            return NULL;
        }
    if (!*name || strlen(name) >= sizeof r->jobs[0].name) {
        ps_err_set(err, PS_EINTERNAL, "chart name '%s' is empty or too long", name);
        return NULL;
    }
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->jobs[i].name, name) == 0) {
            ps_err_set(err, PS_EINTERNAL, "two charts named '%s'", name);
            return NULL;
        }
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        job *j = realloc(r->jobs, (size_t)cap * sizeof *j);
        if (!j) {
            ps_err_set(err, PS_EINTERNAL, "out of memory");
            return NULL;
        }
        r->jobs = j;
        r->cap = cap;
    }
    job *j = &r->jobs[r->n];
    memset(j, 0, sizeof *j);
    snprintf(j->name, sizeof j->name, "%s", name);
    return j;
}

int ps_render_add(ps_render *r, int kind, const char *name, const ps_chart *c,
                  const char *const *cat_labels, ps_err *err)
{
    if (!c || c->n < 1 || c->ns < 1 || !c->x || !c->s)
        return ps_err_set(err, PS_EINTERNAL, "chart '%s': no data", name);
    job *j = new_job(r, name, err);
    if (!j)
        return err->code;
    j->kind = kind;
    j->title = sdup(c->title);
    j->xlabel = sdup(c->xlabel);
    j->ylabel = sdup(c->ylabel);
    j->unit = sdup(c->unit);
    j->mark_label = c->mark_label ? sdup(c->mark_label) : NULL;
    j->mark_x = c->mark_x;
    j->from_zero = c->from_zero;
    j->ymin = c->ymin;
    j->ymax = c->ymax;
    j->n = c->n;
    j->ns = c->ns;
    j->x = malloc(sizeof(double) * (size_t)c->n);
    j->y = malloc(sizeof(double) * (size_t)(c->n * c->ns));
    j->labels = calloc((size_t)c->ns, sizeof(char *));
    if (cat_labels)
        j->cats = calloc((size_t)c->n, sizeof(char *));
    int bad = !j->title || !j->xlabel || !j->ylabel || !j->unit || !j->x || !j->y ||
              !j->labels || (cat_labels && !j->cats);
    if (!bad) {
        memcpy(j->x, c->x, sizeof(double) * (size_t)c->n);
        for (int k = 0; k < c->ns; k++) {
            memcpy(j->y + k * c->n, c->s[k].y, sizeof(double) * (size_t)c->n);
            bad |= !(j->labels[k] = sdup(c->s[k].label));
        }
        for (int i = 0; cat_labels && i < c->n; i++)
            bad |= !(j->cats[i] = sdup(cat_labels[i]));
    }
    r->n++;
    return bad ? ps_err_set(err, PS_EINTERNAL, "out of memory") : PS_OK;
}

int ps_render_add_pyramid(ps_render *r, const char *name, const ps_pyramid *c, ps_err *err)
{
    if (!c || c->nage < 2 || !c->male_a || !c->female_a)
        return ps_err_set(err, PS_EINTERNAL, "pyramid '%s': no data", name);
    job *j = new_job(r, name, err);
    if (!j)
        return err->code;
    j->kind = KIND_PYRAMID;
    j->title = sdup(c->title);
    j->xlabel = sdup(c->xlabel);
    j->ylabel = sdup(c->ylabel);
    j->label_a = sdup(c->label_a);
    j->label_b = sdup(c->label_b);
    j->male = sdup(c->male_label);
    j->female = sdup(c->female_label);
    j->nage = c->nage;
    j->has_b = c->male_b && c->female_b;
    j->pyr = calloc(4 * (size_t)c->nage, sizeof(double));
    r->n++;
    if (!j->title || !j->xlabel || !j->ylabel || !j->label_a || !j->label_b || !j->male ||
        !j->female || !j->pyr)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    size_t sz = sizeof(double) * (size_t)c->nage;
    memcpy(j->pyr, c->male_a, sz);
    memcpy(j->pyr + c->nage, c->female_a, sz);
    if (j->has_b) {
        memcpy(j->pyr + 2 * c->nage, c->male_b, sz);
        memcpy(j->pyr + 3 * c->nage, c->female_b, sz);
    }
    return PS_OK;
}

int ps_render_add_custom(ps_render *r, const char *name, const char *title,
                         ps_render_draw_fn draw, void *data, void (*free_data)(void *),
                         ps_err *err)
{
    job *j = new_job(r, name, err);
    if (!j || !(j->title = sdup(title))) {
        if (free_data)
            free_data(data);
        return j ? ps_err_set(err, PS_EINTERNAL, "out of memory") : err->code;
    }
    j->kind = PS_CHART_LINE;
    j->draw = draw;
    j->data = data;
    j->free_data = free_data;
    r->n++;
    return PS_OK;
}

int ps_render_add_fan(ps_render *r, const char *name, const ps_fan *f, ps_err *err)
{
    const ps_chart *c = f ? &f->base : NULL;
    if (!c || c->n < 2 || c->ns < 1 || c->ns > 2 || !c->x || !c->s || f->nb < 1 || f->nb > 8 ||
        !f->lo || !f->hi)
        return ps_err_set(err, PS_EINTERNAL, "fan '%s': no data", name);
    int rc = ps_render_add(r, PS_CHART_LINE, name, c, NULL, err);
    if (rc)
        return rc;
    job *j = &r->jobs[r->n - 1];
    j->kind = KIND_FAN;
    j->nb = f->nb;
    size_t n = (size_t)c->n;
    j->bands = malloc(sizeof(double) * 2 * (size_t)f->nb * n);
    j->band_labels = calloc((size_t)f->nb, sizeof(char *));
    if (!j->bands || !j->band_labels)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int b = 0; b < f->nb; b++) {
        if (!f->lo[b] || !f->hi[b])
            return ps_err_set(err, PS_EINTERNAL, "fan '%s': band %d has no values", name, b);
        memcpy(j->bands + (size_t)(2 * b) * n, f->lo[b], sizeof(double) * n);
        memcpy(j->bands + (size_t)(2 * b + 1) * n, f->hi[b], sizeof(double) * n);
        if (!(j->band_labels[b] = sdup(f->band_labels ? f->band_labels[b] : "")))
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    return PS_OK;
}

int ps_render_draw(const ps_render *r, int i, ps_plot *p, ps_err *err)
{
    if (i < 0 || i >= r->n)
        return ps_err_set(err, PS_EINTERNAL, "no chart %d", i);
    const job *j = &r->jobs[i];
    if (j->draw)
        return j->draw(j->data, p, r->lang, err);
    if (j->kind == KIND_FAN) {
        ps_chart_series s[2];
        int ns = j->ns < 2 ? j->ns : 2;
        const double *lo[8], *hi[8];
        for (int k = 0; k < ns; k++) {
            s[k].label = j->labels[k];
            s[k].y = j->y + k * j->n;
        }
        for (int b = 0; b < j->nb; b++) {
            lo[b] = j->bands + (size_t)(2 * b) * (size_t)j->n;
            hi[b] = j->bands + (size_t)(2 * b + 1) * (size_t)j->n;
        }
        ps_fan f = {{j->title, j->xlabel, j->ylabel, j->unit, r->lang, j->n, j->x, ns, s,
                     j->mark_x, j->mark_label, j->from_zero, j->ymin, j->ymax},
                    j->nb, lo, hi, (const char *const *)j->band_labels};
        return ps_chart_fan(p, &f, err);
    }
    if (j->kind == KIND_PYRAMID) {
        ps_pyramid py = {j->title, j->label_a, j->label_b, j->male, j->female, j->xlabel,
                         j->ylabel, j->nage, j->pyr, j->pyr + j->nage,
                         j->has_b ? j->pyr + 2 * j->nage : NULL,
                         j->has_b ? j->pyr + 3 * j->nage : NULL};
        return ps_chart_pyramid(p, &py, err);
    }
    ps_chart_series s[16];
    int ns = j->ns < 16 ? j->ns : 16;
    for (int k = 0; k < ns; k++) {
        s[k].label = j->labels[k];
        s[k].y = j->y + k * j->n;
    }
    ps_chart c = {j->title, j->xlabel, j->ylabel, j->unit, r->lang, j->n, j->x, ns, s,
                  j->mark_x, j->mark_label, j->from_zero, j->ymin, j->ymax};
    switch (j->kind) {
    case PS_CHART_AREA: return ps_chart_area(p, &c, err);
    case PS_CHART_BAR: return ps_chart_bar(p, &c, (const char *const *)j->cats, err);
    default: return ps_chart_line(p, &c, err);
    }
}

int ps_render_file(const ps_render *r, int i, const char *path, int format, ps_err *err)
{
    ps_plot *p = ps_plot_open(path, format, PS_CHART_W, PS_CHART_H, err);
    if (!p)
        return err->code;
    int rc = ps_render_draw(r, i, p, err);
    ps_err e2;
    int rc2 = ps_plot_close(p, &e2);
    if (rc)
        return ps_err_prefix(err, "%s: ", path);
    if (rc2) {
        *err = e2; /* names the file already */
        return rc2;
    }
    return PS_OK;
}

typedef struct {
    const ps_render *r;
    const char *outdir;
    int fmt[3], nfmt;
} write_ctx;

static int write_task(void *ctx, int k, ps_err *err)
{
    const write_ctx *w = ctx;
    int i = k / w->nfmt, f = w->fmt[k % w->nfmt];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", w->outdir, w->r->jobs[i].name, ps_plot_ext(f));
    return ps_render_file(w->r, i, path, f, err);
}

int ps_render_write(const ps_render *r, const char *outdir, int formats, ps_err *err)
{
    if (mkdir(outdir, 0777) && errno != EEXIST)
        return ps_err_set(err, PS_EIO, "%s: cannot create the folder: %s", outdir,
                          strerror(errno));
    write_ctx w = {r, outdir, {0}, 0};
    for (int f = PS_FMT_PNG; f <= PS_FMT_PDF; f <<= 1)
        if (formats & f)
            w.fmt[w.nfmt++] = f;
    if (!w.nfmt)
        return PS_OK;
    return ps_tasks_run(r->n * w.nfmt, write_task, &w, err);
}

/* ------------------------------------------------------------ reading results */

static int exists(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, R_OK) == 0;
}

static ps_csv *read_csv(const char *dir, const char *name, ps_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ps_csv_read(path, err);
}

/* Column `name` as numbers (NaN where empty or not a number); NULL if absent. */
static double *column(const ps_csv *t, const char *name)
{
    int c = ps_csv_col(t, name);
    if (c < 0)
        return NULL;
    int n = ps_csv_nrows(t);
    double *v = malloc(sizeof(double) * (size_t)(n ? n : 1));
    if (!v)
        return NULL;
    for (int i = 0; i < n; i++) {
        const char *s = ps_csv_field(t, i, c);
        char *end;
        v[i] = *s ? strtod(s, &end) : NAN;
        if (*s && (*end || !isfinite(v[i])))
            v[i] = NAN;
    }
    return v;
}

static const char *summary_value(const ps_csv *sum, const char *key)
{
    if (!sum)
        return NULL;
    int kc = ps_csv_col(sum, "key"), vc = ps_csv_col(sum, "value");
    if (kc < 0 || vc < 0)
        return NULL;
    for (int i = 0; i < ps_csv_nrows(sum); i++)
        if (strcmp(ps_csv_field(sum, i, kc), key) == 0)
            return ps_csv_field(sum, i, vc);
    return NULL;
}

/* A line chart of the named columns of t that exist. */
static int add_columns(ps_render *r, int kind, const char *name, const char *title,
                       const char *ylabel, const char *unit, const ps_csv *t,
                       const char *const *cols, int ncols, double scale, double mark,
                       const char *mark_label, ps_err *err)
{
    double *x = column(t, "year");
    double *ys[16] = {0};
    ps_chart_series s[16];
    int ns = 0, rc = PS_OK, colk[16];
    if (!x)
        return PS_OK;
    /* Only tables with one row a year (strictly increasing years) are
     * series; a long table (quantiles by year) is left to its own chart. */
    for (int i = 0; i < ps_csv_nrows(t); i++)
        if (!isfinite(x[i]) || (i && !(x[i] > x[i - 1]))) {
            free(x);
            return PS_OK;
        }
    /* One money convention on every chart: 万元 (the tables keep yuan). */
    if (unit && strcmp(unit, W("@yuan", r->lang)) == 0) {
        scale *= 1e-4;
        unit = W("@wan_yuan", r->lang);
    }
    /* A rule's change to a parameter of this chart, when nothing else is marked. */
    char ev_label[128];
    if (!isfinite(mark) && r->events && r->event_prefix) {
        int ky = ps_csv_col(r->events, "key"), yy = ps_csv_col(r->events, "year");
        size_t pl = strlen(r->event_prefix);
        for (int i = 0; ky >= 0 && yy >= 0 && i < ps_csv_nrows(r->events); i++)
            if (strncmp(ps_csv_field(r->events, i, ky), r->event_prefix, pl) == 0) {
                mark = atof(ps_csv_field(r->events, i, yy));
                snprintf(ev_label, sizeof ev_label, "%s %.0f", W("@event", r->lang), mark);
                mark_label = ev_label;
                break;
            }
    }
    char file[160];
    snprintf(file, sizeof file, "%.150s.csv", r->module ? r->module : "");
    for (int k = 0; k < ncols && ns < 16; k++) {
        double *v = column(t, cols[k]);
        if (!v)
            continue;
        int any = 0;
        for (int i = 0; i < ps_csv_nrows(t); i++) {
            v[i] *= scale;
            any |= isfinite(v[i]);
        }
        if (!any) {
            free(v);
            continue;
        }
        ys[ns] = v;
        const ps_column_def *d = r->cols && r->module ? ps_columns_find(r->cols, file, cols[k]) : NULL;
        if (!d && r->module)
            d = ps_declared_indicator(r->module, cols[k]);
        s[ns].label = d ? (r->lang == PS_LANG_EN ? d->label_en : d->label_zh) : W(cols[k], r->lang);
        s[ns].y = v;
        colk[ns] = k;
        ns++;
    }
    /* Actual figures of the charted columns as points (backtest.csv). */
    const ps_csv *bt = r->backtest;
    int bi = bt ? ps_csv_col(bt, "indicator") : -1, ba = bt ? ps_csv_col(bt, "actual") : -1;
    char labels[16][160];
    for (int k = 0, nv = ns; bt && bi >= 0 && ba >= 0 && r->module && k < nv && ns < 16; k++) {
        const char *col = cols[colk[k]];
        double *v = NULL;
        for (int row = 0; col && row < ps_csv_nrows(bt); row++) {
            const char *ind = ps_csv_field(bt, row, bi);
            size_t ml = strlen(r->module);
            if (strncmp(ind, r->module, ml) || ind[ml] != '.' || strcmp(ind + ml + 1, col))
                continue;
            double y = atof(ps_csv_field(bt, row, 0)), a = atof(ps_csv_field(bt, row, ba));
            for (int i = 0; i < ps_csv_nrows(t); i++)
                if (x[i] == y) {
                    if (!v && (v = malloc((size_t)ps_csv_nrows(t) * sizeof *v)))
                        for (int j = 0; j < ps_csv_nrows(t); j++)
                            v[j] = NAN;
                    if (v)
                        v[i] = a * scale;
                }
        }
        if (v) {
            snprintf(labels[ns], sizeof labels[ns], "%s (%s)", s[k].label, W("@actual", r->lang));
            ys[ns] = v;
            s[ns].label = labels[ns];
            s[ns].y = v;
            ns++;
        }
    }
    if (ns && ps_csv_nrows(t) >= 2) {
        ps_chart c = {title, W("@year", r->lang), ylabel, unit, r->lang, ps_csv_nrows(t), x,
                      ns, s, mark, mark_label, 1, 0, 0};
        rc = ps_render_add(r, kind, name, &c, NULL, err);
    }
    for (int k = 0; k < ns; k++)
        free(ys[k]);
    free(x);
    return rc;
}

/* population.csv -> per year and sex the 101 ages (p[(year-base)*2*101 + sex*101 + age]). */
typedef struct {
    int base, ny, nage;
    double *p;
} pop_table;

static int read_population(const char *dir, pop_table *pt, ps_err *err)
{
    ps_csv *t = read_csv(dir, "population.csv", err);
    if (!t)
        return err->code;
    int cy = ps_csv_require_col(t, "year", err), cs = cy < 0 ? -1 : ps_csv_require_col(t, "sex", err);
    int ca = cs < 0 ? -1 : ps_csv_require_col(t, "age", err);
    int cp = ca < 0 ? -1 : ps_csv_require_col(t, "population", err);
    int rc = cp < 0 ? err->code : PS_OK;
    int ymin = 1 << 30, ymax = -(1 << 30), amax = 0;
    for (int i = 0; !rc && i < ps_csv_nrows(t); i++) {
        int y, a;
        if ((rc = ps_csv_int(t, i, cy, 1000, 3000, &y, err)) ||
            (rc = ps_csv_int(t, i, ca, 0, 150, &a, err)))
            break;
        ymin = y < ymin ? y : ymin;
        ymax = y > ymax ? y : ymax;
        amax = a > amax ? a : amax;
    }
    if (!rc && ps_csv_nrows(t) == 0)
        rc = ps_err_set(err, PS_EINPUT, "%s/population.csv: no rows", dir);
    if (!rc) {
        pt->base = ymin;
        pt->ny = ymax - ymin + 1;
        pt->nage = amax + 1;
        pt->p = calloc((size_t)pt->ny * 2 * (size_t)pt->nage, sizeof(double));
        if (!pt->p)
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    for (int i = 0; !rc && i < ps_csv_nrows(t); i++) {
        int y, a;
        double v;
        const char *sex = ps_csv_field(t, i, cs);
        ps_csv_int(t, i, cy, 1000, 3000, &y, err);
        ps_csv_int(t, i, ca, 0, 150, &a, err);
        if ((rc = ps_csv_number(t, i, cp, &v, err)))
            break;
        int x = strcmp(sex, "male") == 0 ? 0 : strcmp(sex, "female") == 0 ? 1 : -1;
        if (x < 0) {
            rc = ps_err_set(err, PS_EINPUT, "%s/population.csv:%d: sex '%s'", dir,
                            ps_csv_line(t, i), sex);
            break;
        }
        pt->p[((size_t)(y - ymin) * 2 + (size_t)x) * (size_t)pt->nage + (size_t)a] = v;
    }
    ps_csv_free(t);
    return rc;
}

static const double *pop_at(const pop_table *pt, int year, int sex)
{
    return pt->p + ((size_t)(year - pt->base) * 2 + (size_t)sex) * (size_t)pt->nage;
}

static int add_pyramid(ps_render *r, const pop_table *pt, int ya, int yb, ps_err *err)
{
    char name[64], title[256], la[16], lb[16];
    snprintf(name, sizeof name, "pyramid_%d_%d", ya, yb);
    snprintf(title, sizeof title, "%s %d / %d", W("@pyramid", r->lang), ya, yb);
    snprintf(la, sizeof la, "%d", ya);
    snprintf(lb, sizeof lb, "%d", yb);
    char xl[64];
    snprintf(xl, sizeof xl, "%s", W("@persons", r->lang));
    if (r->lang == PS_LANG_EN)
        snprintf(xl, sizeof xl, "Persons");
    else
        snprintf(xl, sizeof xl, "人数（人）");
    ps_pyramid py = {title, la, lb, W("@male", r->lang), W("@female", r->lang), xl,
                     W("@age", r->lang), pt->nage, pop_at(pt, ya, 0), pop_at(pt, ya, 1),
                     pop_at(pt, yb, 0), pop_at(pt, yb, 1)};
    return ps_render_add_pyramid(r, name, &py, err);
}

static int add_age_groups(ps_render *r, const pop_table *pt, ps_err *err)
{
    int n = pt->ny, rc;
    double *x = malloc(sizeof(double) * (size_t)n), *g = calloc(3 * (size_t)n, sizeof(double));
    if (!x || !g) {
        free(x);
        free(g);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        x[i] = pt->base + i;
        for (int s = 0; s < 2; s++) {
            const double *p = pop_at(pt, pt->base + i, s);
            for (int a = 0; a < pt->nage; a++)
                g[(a < 15 ? 0 : a < 65 ? 1 : 2) * n + i] += p[a];
        }
    }
    ps_chart_series s[3] = {{W("0_14", r->lang), g},
                            {W("15_64", r->lang), g + n},
                            {W("65_plus", r->lang), g + 2 * n}};
    ps_chart c = {W("@age_groups", r->lang), W("@year", r->lang), W("@population", r->lang),
                  W("@persons", r->lang), r->lang, n, x, 3, s, NAN, NULL, 1, 0, 0};
    rc = ps_render_add(r, PS_CHART_AREA, "population_age_groups", &c, NULL, err);

    /* The same groups in key years, as bars. */
    static const int KEY[] = {2025, 2030, 2035, 2050};
    double kx[4], kg[3][4];
    char kl[4][16];
    const char *cats[4];
    int nk = 0;
    for (int k = 0; k < 4; k++) {
        int i = KEY[k] - pt->base;
        if (i < 0 || i >= n)
            continue;
        kx[nk] = KEY[k];
        for (int gi = 0; gi < 3; gi++)
            kg[gi][nk] = g[gi * n + i];
        snprintf(kl[nk], sizeof kl[nk], "%d", KEY[k]);
        cats[nk] = kl[nk];
        nk++;
    }
    if (!rc && nk >= 1) {
        ps_chart_series ks[3] = {{s[0].label, kg[0]}, {s[1].label, kg[1]}, {s[2].label, kg[2]}};
        ps_chart kc = {W("@key_years", r->lang), W("@year", r->lang), W("@population", r->lang),
                       W("@persons", r->lang), r->lang, nk, kx, 3, ks, NAN, NULL, 1, 0, 0};
        rc = ps_render_add(r, PS_CHART_BAR, "population_key_years", &kc, cats, err);
    }
    free(x);
    free(g);
    return rc;
}

static const char *const FUND_COLS[] = {"year", "insured", "contributors", "beneficiaries",
                                        "income_total", "expenditure", "interest", "fund"};

static int is_fund(const ps_csv *t)
{
    for (size_t k = 0; k < sizeof FUND_COLS / sizeof *FUND_COLS; k++)
        if (ps_csv_col(t, FUND_COLS[k]) < 0)
            return 0;
    return 1;
}

static int add_fund(ps_render *r, const char *module, const ps_csv *t, const ps_csv *sum,
                    ps_err *err)
{
    char key[256], title[512], name[128], mark_label[128];
    const char *mod = W(module, r->lang);
    snprintf(key, sizeof key, "%.200s_depletion_year", module);
    const char *dv = summary_value(sum, key);
    double mark = NAN;
    if (dv && *dv) {
        char *end;
        double v = strtod(dv, &end);
        if (!*end && isfinite(v))
            mark = v;
    }
    snprintf(mark_label, sizeof mark_label, "%s %.0f", W("@depleted", r->lang), mark);
    snprintf(title, sizeof title, r->lang == PS_LANG_EN ? "%s: %s" : "%s：%s", mod,
             W("@fund", r->lang));
    snprintf(name, sizeof name, "fund_%.80s", module);
    static const char *const money[] = {"income_total", "expenditure", "fund"};
    int rc = add_columns(r, PS_CHART_LINE, name, title, W("@money", r->lang),
                         W("@yuan", r->lang), t, money, 3, 1.0, mark,
                         isfinite(mark) ? mark_label : NULL, err);
    if (rc)
        return rc;
    snprintf(title, sizeof title, r->lang == PS_LANG_EN ? "%s: %s" : "%s：%s", mod,
             W("@fund_people", r->lang));
    snprintf(name, sizeof name, "people_%.80s", module);
    static const char *const people[] = {"insured", "contributors", "beneficiaries"};
    return add_columns(r, PS_CHART_LINE, name, title, W("@count", r->lang),
                       W("@persons", r->lang), t, people, 3, 1.0, NAN, NULL, err);
}

/* Charts of the service modules: named columns with one unit each.  A
 * table this list does not know gets no chart (its numbers are still in
 * the report's tables and the workbook). */
typedef struct {
    const char *module, *name, *title, *ylabel, *unit;
    const char *cols[6];
} service_chart;

static const service_chart SERVICES[] = {
    {"childcare", "childcare", "@childcare_slots", "@slots", "@slot_unit",
     {"demand_enrolment", "demand_standard", "supply", NULL}},
    {"eldercare", "eldercare_beds", "@eldercare_beds", "@beds", "@bed_unit",
     {"beds_needed", "beds_needed_nursing", "beds_supply", "nursing_beds_supply", NULL}},
    {"eldercare", "eldercare_people", "@eldercare_people", "@count", "@persons",
     {"dependent", "meal_users", NULL}},
    {"assistance", "assistance", "@assistance_people", "@count", "@persons",
     {"recipients_urban", "recipients_rural", "recipients", NULL}},
    {"assistance", "assistance_spending", "assistance", "@spending", "@yuan", {"spending", NULL}},
    {NULL, NULL, NULL, NULL, NULL, {NULL}}};

static int add_generic(ps_render *r, const char *module, const ps_csv *t, ps_err *err)
{
    int lang = r->lang;
    for (const service_chart *c = SERVICES; c->module; c++) {
        if (strcmp(c->module, module))
            continue;
        int nc = 0;
        while (nc < 6 && c->cols[nc])
            nc++;
        int rc = add_columns(r, PS_CHART_LINE, c->name, W(c->title, lang), W(c->ylabel, lang),
                             W(c->unit, lang), t, c->cols, nc, 1.0, NAN, NULL, err);
        if (rc)
            return rc;
    }
    for (const ps_extra_chart *c = ps_households_charts; c->module; c++) {
        if (strcmp(c->module, module))
            continue;
        int nc = 0;
        while (nc < 6 && c->cols[nc])
            nc++;
        int rc = add_columns(r, PS_CHART_LINE, c->name, W(c->title, lang), W(c->ylabel, lang),
                             W(c->unit, lang), t, c->cols, nc, 1.0, NAN, NULL, err);
        if (rc)
            return rc;
    }
    return PS_OK;
}

static int add_indicators(ps_render *r, const ps_csv *t, ps_err *err)
{
    for (int k = 0; k < ps_csv_ncols(t); k++) {
        const char *h = ps_csv_header(t, k);
        char name[128], title[512];
        if (strcmp(h, "year") == 0)
            continue;
        size_t j = 0;
        for (const char *c = h; *c && j + 1 < 60; c++)
            name[j++] = (*c >= 'A' && *c <= 'Z') ? (char)(*c + 32)
                        : ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) ? *c
                                                                                  : '_';
        name[j] = '\0';
        char full[160];
        snprintf(full, sizeof full, "indicator_%s", name);
        snprintf(title, sizeof title, r->lang == PS_LANG_EN ? "%s: %s" : "%s：%s",
                 W("@indicator", r->lang), h);
        const char *cols[1] = {h};
        int rc = add_columns(r, PS_CHART_LINE, full, title, h, "", t, cols, 1, 1.0, NAN, NULL,
                             err);
        if (rc)
            return rc;
    }
    return PS_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_core_file(const char *f)
{
    static const char *const CORE[] = {"population.csv", "demography.csv", "summary.csv",
                                       "parameters.csv", "indicators.csv", "comparison.csv",
                                       "differences.csv", "quantiles.csv", "depletion.csv",
                                       "sweep.csv", NULL};
    for (int i = 0; CORE[i]; i++)
        if (strcmp(CORE[i], f) == 0)
            return 1;
    return 0;
}

/* The module files in dir, sorted, in names[] (caller frees each). */
static int list_module_files(const char *dir, char **names, int max)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d)) && n < max;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0 && !is_core_file(e->d_name))
            if ((names[n] = strdup(e->d_name)))
                n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    return n;
}

/* ------------------------------------------------------------ stochastic runs */

/* One indicator of quantiles.csv: years and the seven quantiles. */
enum { NQ = 7 };
static const char *const QCOLS[NQ] = {"p2_5", "p10", "p25", "p50", "p75", "p90", "p97_5"};

typedef struct {
    int n;
    double *x, *q[NQ];
} qseries;

static void qseries_free(qseries *s)
{
    free(s->x);
    for (int k = 0; k < NQ; k++)
        free(s->q[k]);
    memset(s, 0, sizeof *s);
}

/* The rows of indicator `ind`, in year order: their number, 0 if absent or
 * malformed, -1 with err set if out of memory. */
static int qseries_read(const ps_csv *t, const char *ind, qseries *s, ps_err *err)
{
    int ci = ps_csv_col(t, "indicator"), cy = ps_csv_col(t, "year"), cq[NQ];
    memset(s, 0, sizeof *s);
    for (int k = 0; k < NQ; k++)
        cq[k] = ps_csv_col(t, QCOLS[k]);
    int n = 0;
    for (int i = 0; i < ps_csv_nrows(t); i++)
        n += strcmp(ps_csv_field(t, i, ci), ind) == 0;
    if (n < 2)
        return 0;
    s->x = malloc(sizeof(double) * (size_t)n);
    for (int k = 0; k < NQ; k++)
        s->q[k] = malloc(sizeof(double) * (size_t)n);
    for (int k = 0; k < NQ; k++)
        if (!s->x || !s->q[k]) {
            qseries_free(s);
            ps_err_set(err, PS_EINTERNAL, "out of memory");
            return -1;
        }
    for (int i = 0; i < ps_csv_nrows(t); i++) {
        if (strcmp(ps_csv_field(t, i, ci), ind))
            continue;
        char *end;
        const char *f = ps_csv_field(t, i, cy);
        double y = strtod(f, &end);
        if (!*f || *end || (s->n && !(y > s->x[s->n - 1]))) {
            qseries_free(s);
            return 0; /* not one row a year: no chart */
        }
        s->x[s->n] = y;
        for (int k = 0; k < NQ; k++) {
            f = ps_csv_field(t, i, cq[k]);
            double v = *f ? strtod(f, &end) : NAN;
            if (!*f || *end || !isfinite(v)) {
                qseries_free(s);
                return 0;
            }
            s->q[k][s->n] = v;
        }
        s->n++;
    }
    return s->n;
}

/* A table of the run (demography.csv or <module>.csv) read once. */
typedef struct {
    char name[128];
    ps_csv *t;
} table_cache;

enum { MAXCACHE = 32 };

static const ps_csv *cached(table_cache *c, const char *dir, const char *module)
{
    char file[160];
    int i;
    for (i = 0; i < MAXCACHE && c[i].name[0]; i++)
        if (strcmp(c[i].name, module) == 0)
            return c[i].t;
    if (i == MAXCACHE)
        return NULL;
    snprintf(c[i].name, sizeof c[i].name, "%s", module);
    snprintf(file, sizeof file, "%s.csv", module);
    ps_err e;
    c[i].t = exists(dir, file) ? read_csv(dir, file, &e) : NULL;
    return c[i].t;
}

/* The deterministic projection's value of module.column in each year of
 * x (NaN where absent); NULL if the table or column is absent. */
static double *central_series(table_cache *cache, const char *dir, const char *ind, const double *x,
                              int n, double scale)
{
    char module[128];
    const char *dot = strchr(ind, '.');
    if (!dot || (size_t)(dot - ind) >= sizeof module)
        return NULL;
    snprintf(module, sizeof module, "%.*s", (int)(dot - ind), ind);
    const ps_csv *t = cached(cache, dir, module);
    if (!t)
        return NULL;
    double *yr = column(t, "year"), *v = column(t, dot + 1);
    double *out = NULL;
    int any = 0;
    if (yr && v && (out = malloc(sizeof(double) * (size_t)n))) {
        for (int i = 0; i < n; i++) {
            out[i] = NAN;
            for (int r = 0; r < ps_csv_nrows(t); r++)
                if (yr[r] == x[i]) {
                    out[i] = v[r] * scale;
                    any |= isfinite(out[i]);
                    break;
                }
        }
    }
    free(yr);
    free(v);
    if (!any) {
        free(out);
        return NULL;
    }
    return out;
}

/* depletion.csv: per fund, the probability of depletion by each year. */
typedef struct {
    char fund[64];
    int n;
    double x[256], p[256];
} depletion;

static int read_depletion(const char *dir, depletion *d, int max)
{
    ps_err e;
    if (!exists(dir, "depletion.csv"))
        return 0;
    ps_csv *t = read_csv(dir, "depletion.csv", &e);
    if (!t)
        return 0;
    int cf = ps_csv_col(t, "fund"), cy = ps_csv_col(t, "year"),
        cp = ps_csv_col(t, "probability_depleted_by_year"), nd = 0;
    for (int i = 0; cf >= 0 && cy >= 0 && cp >= 0 && i < ps_csv_nrows(t); i++) {
        const char *fund = ps_csv_field(t, i, cf), *ys = ps_csv_field(t, i, cy),
                   *ps = ps_csv_field(t, i, cp);
        char *e1, *e2;
        double y = strtod(ys, &e1), pv = strtod(ps, &e2);
        if (!*ys || *e1 || !*ps || *e2 || !isfinite(pv))
            continue; /* the row "none" */
        int k;
        for (k = 0; k < nd; k++)
            if (strcmp(d[k].fund, fund) == 0)
                break;
        if (k == nd) {
            if (nd == max)
                continue;
            memset(&d[nd], 0, sizeof d[nd]);
            snprintf(d[nd].fund, sizeof d[nd].fund, "%s", fund);
            nd++;
        }
        if (d[k].n < 256 && (!d[k].n || y > d[k].x[d[k].n - 1])) {
            d[k].x[d[k].n] = y;
            d[k].p[d[k].n] = pv;
            d[k].n++;
        }
    }
    ps_csv_free(t);
    return nd;
}

/* The first year in which the probability of depletion reaches one half. */
static double half_year(const depletion *d, int nd, const char *fund)
{
    for (int k = 0; k < nd; k++)
        if (strcmp(d[k].fund, fund) == 0)
            for (int i = 0; i < d[k].n; i++)
                if (d[k].p[i] >= 0.5)
                    return d[k].x[i];
    return NAN;
}

static int add_fan(ps_render *r, const char *dir, const ps_csv *q, table_cache *cache,
                   const char *ind, const char *subject, const char *ylabel, const char *unit,
                   double scale, double mark, long draws, ps_err *err)
{
    int lang = r->lang;
    qseries s;
    int n = qseries_read(q, ind, &s, err);
    if (n < 2)
        return n < 0 ? err->code : PS_OK;
    /* A series no draw moves (nothing in its inputs varies: a spread
     * below a millionth of its size is the histogram's rounding) gets no
     * fan. */
    double spread = 0, size = 0;
    for (int i = 0; i < n; i++) {
        spread = fmax(spread, s.q[6][i] - s.q[0][i]);
        size = fmax(size, fabs(s.q[3][i]));
    }
    if (!(spread > 1e-6 * size)) {
        qseries_free(&s);
        return PS_OK;
    }
    for (int k = 0; k < NQ; k++)
        for (int i = 0; i < n; i++)
            s.q[k][i] *= scale;
    double *central = central_series(cache, dir, ind, s.x, n, scale);
    char title[512], name[128], mark_label[128];
    snprintf(title, sizeof title, W("@draws_title", lang), subject, draws);
    size_t j = 0;
    j += (size_t)snprintf(name, sizeof name, "fan_");
    for (const char *c = ind; *c && j + 1 < 90; c++)
        name[j++] = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ? *c : '_';
    name[j] = '\0';
    snprintf(mark_label, sizeof mark_label, W("@p50_mark", lang), (int)mark);
    ps_chart_series ser[2] = {{W("@median", lang), s.q[3]}, {W("@central", lang), central}};
    const double *lo[3] = {s.q[0], s.q[1], s.q[2]}, *hi[3] = {s.q[6], s.q[5], s.q[4]};
    const char *bl[3] = {W("@band95", lang), W("@band80", lang), W("@band50", lang)};
    ps_fan f = {{title, W("@year", lang), ylabel, unit, lang, n, s.x, central ? 2 : 1, ser,
                 mark, isfinite(mark) ? mark_label : NULL, 0, 0, 0},
                3, lo, hi, bl};
    int rc = ps_render_add_fan(r, name, &f, err);
    if (!rc)
        r->jobs[r->n - 1].section = PS_SECTION_RISK;
    free(central);
    qseries_free(&s);
    return rc;
}

static int add_depletion_chart(ps_render *r, const depletion *d, int nd, ps_err *err)
{
    int lang = r->lang, n = 0;
    if (nd < 1)
        return PS_OK;
    /* Every fund over the same years: the first fund's. */
    n = d[0].n;
    if (n < 2)
        return PS_OK;
    double *y = malloc(sizeof(double) * (size_t)n * (size_t)nd);
    char (*labels)[256] = malloc(sizeof *labels * (size_t)nd);
    ps_chart_series s[16];
    if (!y || !labels) {
        free(y);
        free(labels);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    int ns = 0;
    for (int k = 0; k < nd && ns < 16; k++) {
        double *v = y + (size_t)ns * (size_t)n;
        for (int i = 0; i < n; i++) {
            v[i] = NAN;
            for (int m = 0; m < d[k].n; m++)
                if (d[k].x[m] == d[0].x[i])
                    v[i] = 100.0 * d[k].p[m];
        }
        snprintf(labels[ns], sizeof labels[ns], "%s", W(d[k].fund, lang));
        s[ns].label = labels[ns];
        s[ns].y = v;
        ns++;
    }
    ps_chart c = {W("@depletion_prob", lang), W("@year", lang), W("@probability", lang), "%",
                  lang, n, d[0].x, ns, s, NAN, NULL, 1, 0, 100};
    int rc = ps_render_add(r, PS_CHART_LINE, "depletion_probability", &c, NULL, err);
    if (!rc)
        r->jobs[r->n - 1].section = PS_SECTION_RISK;
    free(y);
    free(labels);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a > b && strcmp(s + a - b, suffix) == 0;
}

/* A stochastic series' words from its module's declarations: the
 * column's label, "module: label" as the subject, the unit in the
 * language, money in 万元 and ratios and shares in percent. */
typedef struct {
    char label[256], subject[512];
    const char *unit;
    double scale;
} fan_words;

static void fan_describe(const ps_render *r, const char *ind, fan_words *fw)
{
    int lang = r->lang, en = lang == PS_LANG_EN;
    const char *dot = strchr(ind, '.');
    char module[128];
    snprintf(module, sizeof module, "%.*s", dot ? (int)(dot - ind) : 0, ind);
    const char *col = dot ? dot + 1 : ind;
    const ps_column_def *d = ps_declared_indicator(module, col);
    snprintf(fw->label, sizeof fw->label, "%s", d ? (en ? d->label_en : d->label_zh) : W(col, lang));
    const char *m = ps_module_label(module, en);
    if (strcmp(module, "demography") == 0 || !*module)
        snprintf(fw->subject, sizeof fw->subject, "%s", fw->label);
    else
        snprintf(fw->subject, sizeof fw->subject, en ? "%s: %s" : "%s：%s", m ? m : module,
                 fw->label);
    fw->scale = 1;
    fw->unit = d ? ps_unit_label(d->unit, en) : "";
    if (d && strcmp(d->unit, "yuan") == 0) {
        fw->scale = 1e-4;
        fw->unit = W("@wan_yuan", lang);
    } else if (d && (strcmp(d->unit, "ratio") == 0 || strcmp(d->unit, "share") == 0)) {
        fw->scale = 100;
        fw->unit = "%";
    }
}

/* The fan charts and the depletion chart of a run with --draws. */
static int add_risk(ps_render *r, const char *dir, const ps_csv *sum, ps_err *err)
{
    int rc = PS_OK;
    ps_csv *q = read_csv(dir, "quantiles.csv", err);
    if (!q)
        return err->code;
    if (ps_csv_col(q, "indicator") < 0 || ps_csv_col(q, "year") < 0) {
        ps_csv_free(q);
        return PS_OK;
    }
    for (int k = 0; k < NQ; k++)
        if (ps_csv_col(q, QCOLS[k]) < 0) {
            ps_csv_free(q);
            return PS_OK;
        }
    const char *dv = summary_value(sum, "stochastic_draws");
    long draws = dv ? atol(dv) : 0;
    depletion *dep = calloc(16, sizeof *dep);
    if (!dep) {
        ps_csv_free(q);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    int nd = read_depletion(dir, dep, 16);
    table_cache cache[MAXCACHE];
    memset(cache, 0, sizeof cache);

    /* The indicators in the file's order (first appearance). */
    int ci = ps_csv_col(q, "indicator"), nind = 0;
    const char *inds[512];
    for (int i = 0; i < ps_csv_nrows(q) && nind < 512; i++) {
        const char *s = ps_csv_field(q, i, ci);
        int seen = 0;
        for (int k = nind - 1; k >= 0 && !seen; k--)
            seen = strcmp(inds[k], s) == 0;
        if (!seen)
            inds[nind++] = s;
    }
    /* Which series get a fan, in this order: a choice of charts, not words
     * (each series' label, unit and module name are declared by its
     * module).  Population, old-age dependency and births; then each
     * fund's balance with the year its depletion becomes likelier than
     * not; then subsidies; then the services; then the insured. */
    static const char *const FIRST[] = {"demography.population", "demography.old_age_dependency",
                                        "demography.births"};
    static const char *const SERVICES_FAN[] = {"childcare.gap", "eldercare.beds_needed",
                                               "assistance.recipients", "budget.county"};
    fan_words fw;
    for (size_t k = 0; k < sizeof FIRST / sizeof *FIRST && !rc; k++) {
        fan_describe(r, FIRST[k], &fw);
        rc = add_fan(r, dir, q, cache, FIRST[k], fw.label, fw.label, fw.unit, fw.scale, NAN,
                     draws, err);
    }
    /* A fund is the balance its module declares (ps_module_fund), whatever
     * its key; subsidies are chosen by their key. */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < nind && !rc; k++) {
            const char *dot = strchr(inds[k], '.');
            if (!dot)
                continue;
            char module[128];
            snprintf(module, sizeof module, "%.*s", (int)(dot - inds[k]), inds[k]);
            if (pass == 0) {
                const ps_column_def *c = ps_module_fund(ps_module_find(module), NULL);
                if (!c || strcmp(c->key, dot + 1) != 0)
                    continue;
            } else if (!ends_with(inds[k], ".subsidy_needed")) {
                continue;
            }
            fan_describe(r, inds[k], &fw);
            rc = add_fan(r, dir, q, cache, inds[k], fw.subject, fw.label, fw.unit, fw.scale,
                         pass == 0 ? half_year(dep, nd, module) : NAN, draws, err);
        }
    for (size_t k = 0; k < sizeof SERVICES_FAN / sizeof *SERVICES_FAN && !rc; k++) {
        fan_describe(r, SERVICES_FAN[k], &fw);
        rc = add_fan(r, dir, q, cache, SERVICES_FAN[k], fw.subject, fw.label, fw.unit, fw.scale,
                     NAN, draws, err);
    }
    for (int k = 0; k < nind && !rc; k++) {
        if (!ends_with(inds[k], ".insured"))
            continue;
        fan_describe(r, inds[k], &fw);
        rc = add_fan(r, dir, q, cache, inds[k], fw.subject, fw.label, fw.unit, fw.scale, NAN,
                     draws, err);
    }
    if (!rc)
        rc = add_depletion_chart(r, dep, nd, err);
    for (int i = 0; i < MAXCACHE; i++)
        ps_csv_free(cache[i].t);
    ps_csv_free(q);
    free(dep);
    return rc;
}

int ps_render_plan_run(ps_render *r, const char *dir, ps_err *err)
{
    int lang = r->lang, rc = PS_OK;
    pop_table pt = {0};
    ps_csv *dem = NULL, *sum = NULL;
    if ((rc = read_population(dir, &pt, err)))
        return rc;
    if (!(dem = read_csv(dir, "demography.csv", err))) {
        free(pt.p);
        return err->code;
    }
    ps_err e2;
    if (exists(dir, "summary.csv"))
        sum = read_csv(dir, "summary.csv", &e2);

    ps_csv *bt = NULL, *ev = NULL;
    if (exists(dir, "backtest.csv"))
        bt = read_csv(dir, "backtest.csv", &e2);
    if (exists(dir, "events.csv"))
        ev = read_csv(dir, "events.csv", &e2);
    ps_columns *cols = ps_columns_read(dir);
    r->backtest = bt;
    r->cols = cols;
    r->events = ev;
    r->event_prefix = "population.";
    r->module = "demography";

    int base = pt.base, end = pt.base + pt.ny - 1;
    if (end > base)
        rc = add_pyramid(r, &pt, base, end, err);
    if (!rc && 2035 > base && 2035 < end)
        rc = add_pyramid(r, &pt, base, 2035, err);
    if (!rc) {
        static const char *const c[] = {"population"};
        rc = add_columns(r, PS_CHART_LINE, "population", W("@population", lang),
                         W("@population", lang), W("@persons", lang), dem, c, 1, 1.0, NAN, NULL,
                         err);
    }
    if (!rc)
        rc = add_age_groups(r, &pt, err);
    if (!rc) {
        static const char *const c[] = {"old_age_dependency", "total_dependency"};
        rc = add_columns(r, PS_CHART_LINE, "dependency", W("@dependency", lang),
                         W("@ratio_pct", lang), "%", dem, c, 2, 100.0, NAN, NULL, err);
    }
    if (!rc) {
        static const char *const c[] = {"births", "deaths", "net_migration"};
        rc = add_columns(r, PS_CHART_LINE, "births_deaths", W("@flows", lang),
                         W("@count", lang), W("@persons", lang), dem, c, 3, 1.0, NAN, NULL, err);
    }
    if (!rc) {
        static const char *const c[] = {"age_0", "age_1", "age_2", "age_3_5"};
        rc = add_columns(r, PS_CHART_LINE, "children", W("@children", lang),
                         W("@count", lang), W("@persons", lang), dem, c, 4, 1.0, NAN, NULL, err);
    }
    if (!rc) {
        static const char *const c[] = {"age_60_plus", "age_65_plus", "age_80_plus"};
        rc = add_columns(r, PS_CHART_LINE, "elderly", W("@elderly", lang), W("@count", lang),
                         W("@persons", lang), dem, c, 3, 1.0, NAN, NULL, err);
    }

    char *files[64];
    int nf = list_module_files(dir, files, 64);
    for (int i = 0; i < nf; i++) {
        char module[256];
        snprintf(module, sizeof module, "%.*s", (int)strlen(files[i]) - 4, files[i]);
        if (!rc) {
            ps_csv *t = read_csv(dir, files[i], err);
            if (!t)
                rc = err->code;
            else if (ps_csv_col(t, "year") >= 0) {
                char prefix[300];
                snprintf(prefix, sizeof prefix, "%s.", module);
                r->event_prefix = prefix;
                r->module = module;
                rc = is_fund(t) ? add_fund(r, module, t, sum, err) : add_generic(r, module, t, err);
            }
            r->module = NULL;
            r->event_prefix = NULL;
            ps_csv_free(t);
        }
        free(files[i]);
    }
    if (!rc)
        rc = ps_render_plan_budget(r, dir, err); /* plots/budget_chart.c */
    if (!rc)
        rc = ps_render_plan_towns(r, dir, err); /* plots/towns_chart.c */
    if (!rc && exists(dir, "indicators.csv")) {
        ps_csv *t = read_csv(dir, "indicators.csv", err);
        rc = t ? add_indicators(r, t, err) : err->code;
        ps_csv_free(t);
    }
    if (!rc && exists(dir, "quantiles.csv"))
        rc = add_risk(r, dir, sum, err);
    r->backtest = NULL;
    r->module = NULL;
    r->cols = NULL;
    r->events = NULL;
    r->event_prefix = NULL;
    ps_columns_free(cols);
    ps_csv_free(ev);
    ps_csv_free(bt);
    ps_csv_free(dem);
    ps_csv_free(sum);
    free(pt.p);
    return rc;
}

int ps_render_run(const char *dir, int formats, int lang, ps_err *err)
{
    char out[4096];
    ps_render *r = ps_render_new(lang);
    if (!r)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    int rc = ps_render_plan_run(r, dir, err);
    snprintf(out, sizeof out, "%s/plots", dir);
    if (!rc)
        rc = ps_render_write(r, out, formats, err);
    ps_render_free(r);
    return rc;
}
