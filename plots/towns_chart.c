/* towns_chart.c: see towns_chart.h.  GPL-3.0-or-later. */
#include "towns_chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <plplot.h>

#include "compare.h"
#include "csv.h"
#include "output.h"
#include "table.h"

#define NAME 64
#define MAXT 200

static const struct {
    const char *key, *zh, *en, *unit_zh, *unit_en;
} SVC[] = {
    {"childcare_slots", "托位", "childcare places", "个", "places"},
    {"beds", "养老床位", "care beds", "张", "beds"},
    {"meal_users", "老年助餐服务", "meal-service users", "人", "users"},
    {"home_care_stations", "居家养老服务站", "home-care stations", "个", "stations"},
};
#define NSVC ((int)(sizeof SVC / sizeof SVC[0]))

/* ------------------------------------------------------------ reading */

typedef struct {
    int n, ny, base;
    char name[MAXT][NAME];
    double *pop, *p60; /* [town * ny + year - base] */
} towns_data;

static void td_free(towns_data *d)
{
    free(d->pop);
    free(d->p60);
}

static int town_ix(towns_data *d, const char *name, int add)
{
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->name[i], name) == 0)
            return i;
    if (!add || d->n == MAXT)
        return -1;
    snprintf(d->name[d->n], NAME, "%s", name);
    return d->n++;
}

static int read_towns(const char *dir, towns_data *d, ps_err *err)
{
    char path[4200];
    memset(d, 0, sizeof *d);
    snprintf(path, sizeof path, "%s/towns.csv", dir);
    ps_csv *t = ps_csv_read(path, err);
    if (!t)
        return err->code;
    int cy = ps_csv_col(t, "year"), ct = ps_csv_col(t, "town"), cp = ps_csv_col(t, "population"),
        c60 = ps_csv_col(t, "age_60_plus"), rc = PS_OK, last = 0;
    if (cy < 0 || ct < 0 || cp < 0 || c60 < 0 || ps_csv_nrows(t) == 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: not a towns table", path);
        goto done;
    }
    d->base = atoi(ps_csv_field(t, 0, cy));
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        int y = atoi(ps_csv_field(t, r, cy));
        last = y > last ? y : last;
        town_ix(d, ps_csv_field(t, r, ct), 1);
    }
    d->ny = last - d->base + 1;
    if (d->ny < 1 || d->ny > 400 || d->n < 1) {
        rc = ps_err_set(err, PS_EINPUT, "%s: no years or no towns", path);
        goto done;
    }
    d->pop = malloc(sizeof(double) * (size_t)(d->n * d->ny));
    d->p60 = malloc(sizeof(double) * (size_t)(d->n * d->ny));
    if (!d->pop || !d->p60) {
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto done;
    }
    for (int k = 0; k < d->n * d->ny; k++)
        d->pop[k] = d->p60[k] = NAN;
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        int y = atoi(ps_csv_field(t, r, cy)) - d->base, i = town_ix(d, ps_csv_field(t, r, ct), 0);
        if (y < 0 || y >= d->ny || i < 0)
            continue;
        d->pop[i * d->ny + y] = strtod(ps_csv_field(t, r, cp), NULL);
        d->p60[i * d->ny + y] = strtod(ps_csv_field(t, r, c60), NULL);
    }
done:
    ps_csv_free(t);
    return rc;
}

/* towns.chart_year from parameters.csv, else 2035; inside the horizon. */
static int chart_year(const char *dir, const towns_data *d)
{
    char path[4200];
    ps_err e;
    int y = 2035;
    snprintf(path, sizeof path, "%s/parameters.csv", dir);
    ps_csv *t = access(path, R_OK) == 0 ? ps_csv_read(path, &e) : NULL;
    if (t) {
        int ck = ps_csv_col(t, "key"), cv = ps_csv_col(t, "value");
        for (int r = 0; ck >= 0 && cv >= 0 && r < ps_csv_nrows(t); r++)
            if (strcmp(ps_csv_field(t, r, ck), "towns.chart_year") == 0)
                y = atoi(ps_csv_field(t, r, cv));
        ps_csv_free(t);
    }
    if (y > d->base + d->ny - 1)
        y = d->base + d->ny - 1;
    if (y < d->base)
        y = d->base;
    return y;
}

/* Gap, supply presence and nearest surplus of every town for one service
 * and year from town_services.csv. */
typedef struct {
    int have;              /* rows found */
    int has_supply;
    double gap[MAXT];
    char near[MAXT][NAME];
} svc_year;

static int read_services(const char *dir, const towns_data *d, int year, svc_year s[NSVC],
                         ps_err *err)
{
    char path[4200];
    memset(s, 0, sizeof(svc_year) * NSVC);
    for (int k = 0; k < NSVC; k++)
        for (int i = 0; i < MAXT; i++)
            s[k].gap[i] = NAN;
    snprintf(path, sizeof path, "%s/town_services.csv", dir);
    if (access(path, R_OK))
        return PS_OK;
    ps_csv *t = ps_csv_read(path, err);
    if (!t)
        return err->code;
    int cy = ps_csv_col(t, "year"), ct = ps_csv_col(t, "town"), cs = ps_csv_col(t, "service"),
        cg = ps_csv_col(t, "gap"), csup = ps_csv_col(t, "supply"),
        cn = ps_csv_col(t, "nearest_surplus_town");
    for (int r = 0; cy >= 0 && ct >= 0 && cs >= 0 && cg >= 0 && csup >= 0 && r < ps_csv_nrows(t);
         r++) {
        if (atoi(ps_csv_field(t, r, cy)) != year)
            continue;
        int i = town_ix((towns_data *)d, ps_csv_field(t, r, ct), 0);
        for (int k = 0; k < NSVC && i >= 0; k++)
            if (strcmp(SVC[k].key, ps_csv_field(t, r, cs)) == 0) {
                s[k].have++;
                if (*ps_csv_field(t, r, csup)) {
                    s[k].has_supply = 1;
                    s[k].gap[i] = strtod(ps_csv_field(t, r, cg), NULL);
                }
                if (cn >= 0)
                    snprintf(s[k].near[i], NAME, "%s", ps_csv_field(t, r, cn));
            }
    }
    ps_csv_free(t);
    return PS_OK;
}

/* ------------------------------------------------------------ small multiples */

typedef struct {
    char title[256], subtitle[128];
    int n, ny, base;
    double scale;
    char (*name)[NAME];
    double *v; /* n * ny */
} multiples;

static void multiples_free(void *p)
{
    multiples *m = p;
    if (m) {
        free(m->name);
        free(m->v);
    }
    free(m);
}

static int draw_multiples(const void *data, ps_plot *p, int lang, ps_err *err)
{
    const multiples *m = data;
    (void)lang;
    ps_plot_page(p);
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plcol0(PS_COL_FG);
    plschr(0, 1.4);
    plptex(0.5, 0.955, 1, 0, 0.5, m->title);
    plschr(0, 0.9);
    plptex(0.5, 0.915, 1, 0, 0.5, m->subtitle);
    int cols = m->n > 12 ? 5 : m->n > 6 ? 4 : m->n > 2 ? 3 : m->n;
    int rows = (m->n + cols - 1) / cols;
    double x0 = 0.04, x1 = 0.99, y0 = 0.04, y1 = 0.88;
    double cw = (x1 - x0) / cols, ch = (y1 - y0) / rows;
    double xt = m->ny <= 45 ? 10.0 : m->ny <= 90 ? 20.0 : 50.0;
    PLFLT x[400], y[400];
    for (int k = 0; k < m->ny && k < 400; k++)
        x[k] = m->base + k;
    for (int i = 0; i < m->n; i++) {
        int r = i / cols, c = i % cols;
        double vx0 = x0 + c * cw + 0.045, vx1 = x0 + (c + 1) * cw - 0.012;
        double vy1 = y1 - r * ch - 0.045, vy0 = y1 - (r + 1) * ch + 0.035;
        double hi = 0, first = NAN, last = NAN;
        for (int k = 0; k < m->ny; k++) {
            double v = m->v[i * m->ny + k];
            if (!isfinite(v))
                continue;
            hi = fmax(hi, v);
            if (isnan(first))
                first = v;
            last = v;
        }
        hi = hi > 0 ? hi * 1.12 / m->scale : 1.0;
        plvpor(vx0, vx1, vy0, vy1);
        plwind(m->base, m->base + m->ny - 1, 0, hi);
        plschr(0, 0.55);
        plcol0(PS_COL_GRID);
        plwidth(1.0);
        plbox("g", xt, 1, "g", 0, 1);
        plcol0(PS_COL_FG);
        plbox("bcnst", xt, 1, "bcnstv", 0, 1);
        int nk = 0;
        for (int k = 0; k < m->ny && k < 400; k++)
            if (isfinite(m->v[i * m->ny + k])) {
                x[nk] = m->base + k;
                y[nk++] = m->v[i * m->ny + k] / m->scale;
            }
        plcol0(PS_COL_PAL);
        plwidth(3.5);
        if (nk > 1)
            plline(nk, x, y);
        plwidth(2.0);
        char label[160];
        if (first > 0)
            snprintf(label, sizeof label, "%s %+.0f%%", m->name[i], (last / first - 1) * 100);
        else
            snprintf(label, sizeof label, "%s", m->name[i]);
        plcol0(PS_COL_FG);
        plschr(0, 0.75);
        plmtex("t", 0.7, 0.5, 0.5, label);
    }
    return ps_plot_status(err);
}

static int add_multiples(ps_render *r, const towns_data *d, const char *name, const double *v,
                         const char *what_zh, const char *what_en, ps_err *err)
{
    int lang = ps_render_lang(r);
    multiples *m = calloc(1, sizeof *m);
    if (!m)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    m->n = d->n;
    m->ny = d->ny;
    m->base = d->base;
    m->name = malloc(sizeof *m->name * (size_t)d->n);
    m->v = malloc(sizeof(double) * (size_t)(d->n * d->ny));
    if (!m->name || !m->v) {
        multiples_free(m);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    memcpy(m->name, d->name, sizeof *m->name * (size_t)d->n);
    memcpy(m->v, v, sizeof(double) * (size_t)(d->n * d->ny));
    double hi = 0;
    for (int k = 0; k < d->n * d->ny; k++)
        if (isfinite(v[k]))
            hi = fmax(hi, v[k]);
    int end = d->base + d->ny - 1;
    if (lang == 0) {
        m->scale = hi >= 1e5 ? 1e4 : 1;
        snprintf(m->title, sizeof m->title, "各乡镇%s，%d-%d年", what_zh, d->base, end);
        snprintf(m->subtitle, sizeof m->subtitle, "单位：%s；每个乡镇纵轴刻度不同；百分比为%d-%d年的变化",
                 m->scale > 1 ? "万人" : "人", d->base, end);
    } else {
        m->scale = hi >= 1e4 ? 1e3 : 1;
        snprintf(m->title, sizeof m->title, "%s by town, %d-%d", what_en, d->base, end);
        snprintf(m->subtitle, sizeof m->subtitle,
                 "%s; each town on its own scale; per cent: change %d-%d",
                 m->scale > 1 ? "thousand persons" : "persons", d->base, end);
    }
    return ps_render_add_custom(r, name, m->title, draw_multiples, m, multiples_free, err);
}

/* ------------------------------------------------------------ ranked bars */

typedef struct {
    char title[256], subtitle[256], xlabel[256], note[256];
    int n;
    char name[MAXT][NAME];
    double v[MAXT];
} ranked;

/* Sets the text size to chr, or smaller if `text` would be wider than
 * frac of the page, and the text colour. */
static void fit_chr(const char *text, double chr, double frac)
{
    PLFLT xmin, xmax, ymin, ymax, def, ht;
    plgspa(&xmin, &xmax, &ymin, &ymax);
    plschr(0, chr);
    double w = ps_plot_text_mm(text); /* (draws nothing, in a clear colour) */
    if (w < 0) { /* the driver cannot tell: from the character height */
        plgchr(&def, &ht);
        w = 0;
        for (const unsigned char *c = (const unsigned char *)text; *c; c++)
            w += (*c & 0xC0) == 0x80 ? 0 : ht * (*c >= 0xE0 ? 1.1 : *c >= 0xC0 ? 0.7 : 0.62);
    }
    double avail = frac * (xmax - xmin);
    if (w > avail && avail > 0)
        plschr(0, chr * avail / w);
    plcol0(PS_COL_FG);
}

/* Title (and the compared scenarios under it) at the top, the note at the
 * bottom, each inside the page; the bars between. */
static int draw_ranked(const void *data, ps_plot *p, int lang, ps_err *err)
{
    const ranked *b = data;
    (void)lang;
    ps_plot_page(p);
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plcol0(PS_COL_FG);
    fit_chr(b->title, 1.4, 0.94);
    plptex(0.5, 0.955, 1, 0, 0.5, b->title);
    if (b->subtitle[0]) {
        fit_chr(b->subtitle, 0.9, 0.94);
        plptex(0.5, 0.915, 1, 0, 0.5, b->subtitle);
    }
    fit_chr(b->note, 0.8, 0.94);
    plptex(0.5, 0.03, 1, 0, 0.5, b->note);
    double lo = 0, hi = 0;
    for (int i = 0; i < b->n; i++) {
        lo = fmin(lo, b->v[i]);
        hi = fmax(hi, b->v[i]);
    }
    if (hi - lo <= 0)
        hi = lo + 1;
    double pad = (hi - lo) * 0.15; /* room for the number beside the longest bar */
    lo = lo < 0 ? lo - pad : lo;
    hi = hi > 0 ? hi + pad : hi;
    plvpor(0.17, 0.96, 0.14, b->subtitle[0] ? 0.88 : 0.9);
    plwind(lo, hi, -0.5, b->n - 0.5);
    plschr(0, 0.8);
    plcol0(PS_COL_GRID);
    plwidth(1.0);
    plbox("g", 0, 0, "", 0, 0);
    double chr = b->n > 16 ? 0.75 * 16.0 / b->n + 0.2 : 0.95;
    for (int i = 0; i < b->n; i++) {
        double yc = b->n - 1 - i, v = b->v[i];
        PLFLT bx[4] = {0, v, v, 0}, by[4] = {yc - 0.38, yc - 0.38, yc + 0.38, yc + 0.38};
        plcol0(v > 0 ? PS_COL_PAL + 1 : PS_COL_PAL);
        plfill(4, bx, by);
        char num[64];
        double rv = round(v);
        snprintf(num, sizeof num, "%.0f", rv == 0 ? 0.0 : rv); /* no "-0" */
        plcol0(PS_COL_FG);
        plschr(0, chr * 0.8);
        plptex(v, yc - 0.15, 1, 0, v >= 0 ? -0.08 : 1.08, num);
        plschr(0, chr);
        plmtex("lv", 0.6, (yc + 0.5) / b->n, 1.0, b->name[i]);
    }
    PLFLT zx[2] = {0, 0}, zy[2] = {-0.5, b->n - 0.5};
    plcol0(PS_COL_FG);
    plwidth(2.0);
    plline(2, zx, zy);
    plschr(0, 0.8);
    plbox("bcnst", 0, 0, "bc", 0, 0);
    plschr(0, 1.0);
    plmtex("b", 2.3, 0.5, 0.5, b->xlabel);
    return ps_plot_status(err);
}

static int cmp_desc(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return (*x < *y) - (*x > *y);
}

static int add_ranked(ps_render *r, const towns_data *d, const svc_year *s, int k, int year,
                      ps_err *err)
{
    int lang = ps_render_lang(r);
    ranked *b = calloc(1, sizeof *b);
    if (!b)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    /* Sort (gap, index) pairs by gap, largest first. */
    double pair[MAXT][2];
    int n = 0;
    for (int i = 0; i < d->n; i++)
        if (isfinite(s->gap[i])) {
            pair[n][0] = s->gap[i];
            pair[n++][1] = i;
        }
    qsort(pair, (size_t)n, sizeof pair[0], cmp_desc);
    b->n = n;
    for (int j = 0; j < n; j++) {
        b->v[j] = pair[j][0];
        snprintf(b->name[j], NAME, "%s", d->name[(int)pair[j][1]]);
    }
    if (lang == 0) {
        snprintf(b->title, sizeof b->title, "%d年各乡镇%s缺口（需求减供给）", year, SVC[k].zh);
        snprintf(b->xlabel, sizeof b->xlabel, "缺口（%s）", SVC[k].unit_zh);
        snprintf(b->note, sizeof b->note, "正数（橙色）为短缺，负数（蓝色）为富余");
    } else {
        snprintf(b->title, sizeof b->title, "Gap in %s by town, %d (demand minus supply)",
                 SVC[k].en, year);
        snprintf(b->xlabel, sizeof b->xlabel, "Gap (%s)", SVC[k].unit_en);
        snprintf(b->note, sizeof b->note, "Positive (orange): short; negative (blue): surplus");
    }
    char name[96];
    snprintf(name, sizeof name, "towns_gap_%s", SVC[k].key);
    return ps_render_add_custom(r, name, b->title, draw_ranked, b, free, err);
}

int ps_render_plan_towns(ps_render *r, const char *dir, ps_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/towns.csv", dir);
    if (access(path, R_OK))
        return PS_OK;
    towns_data d;
    svc_year *s = NULL;
    int rc = read_towns(dir, &d, err);
    if (!rc && d.ny > 1)
        rc = add_multiples(r, &d, "towns_population", d.pop, "常住人口", "Resident population", err);
    if (!rc && d.ny > 1)
        rc = add_multiples(r, &d, "towns_age_60_plus", d.p60, "60岁及以上人口",
                           "People aged 60 and over", err);
    if (!rc && !(s = malloc(sizeof *s * NSVC)))
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    int year = rc ? 0 : chart_year(dir, &d);
    if (!rc)
        rc = read_services(dir, &d, year, s, err);
    for (int k = 0; k < NSVC && !rc; k++)
        if (s[k].has_supply)
            rc = add_ranked(r, &d, &s[k], k, year, err);
    free(s);
    td_free(&d);
    return rc;
}

/* ------------------------------------------------------------ report */

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        default: fputc(*s, f);
        }
}

int ps_towns_report_html(FILE *f, const char *dir, int lang)
{
    char path[4200];
    ps_err e;
    towns_data d;
    snprintf(path, sizeof path, "%s/towns.csv", dir);
    if (access(path, R_OK) || read_towns(dir, &d, &e))
        return 0;
    svc_year *s = malloc(sizeof *s * NSVC);
    int year = chart_year(dir, &d);
    if (!s || read_services(dir, &d, year, s, &e)) {
        free(s);
        td_free(&d);
        return 0;
    }
    int iy = year - d.base;
    fprintf(f, "<h2 id=\"towns\">%s</h2>\n", lang ? "Towns" : "乡镇");
    fprintf(f, "<p>%s</p>\n",
            lang ? "The county split into its towns, which sum to the county every year "
                   "(docs/towns.md). A town's gap is its demand minus its supply (negative: a "
                   "surplus); where it is short, the nearest town with a surplus of the same "
                   "service is named (without distances between towns: the largest surplus)."
                 : "全县按乡镇分解，各乡镇每年合计等于全县（见 docs/towns.md）。缺口为需求减供给"
                   "（负数为富余）；短缺的乡镇列出最近的同类服务富余乡镇（未输入乡镇间距离时为富余最多的乡镇）。");
    fprintf(f, "<table>\n<tr><th>%s</th><th>%d</th><th>%d</th><th>%s</th>", lang ? "Town" : "乡镇",
            d.base, year, lang ? "Change" : "变化");
    for (int k = 0; k < NSVC; k++)
        if (s[k].has_supply)
            fprintf(f, "<th>%s %d</th><th>%s</th>", lang ? SVC[k].en : SVC[k].zh, year,
                    lang ? "Nearest surplus" : "最近的富余乡镇");
    fputs("</tr>\n", f);
    for (int i = 0; i < d.n; i++) {
        double p0 = d.pop[i * d.ny], p1 = d.pop[i * d.ny + iy];
        fputs("<tr><td>", f);
        html_text(f, d.name[i]);
        fprintf(f, "</td><td>%.0f</td><td>%.0f</td><td>%+.1f%%</td>", p0, p1,
                p0 > 0 ? (p1 / p0 - 1) * 100 : 0.0);
        for (int k = 0; k < NSVC; k++) {
            if (!s[k].has_supply)
                continue;
            if (isfinite(s[k].gap[i]))
                fprintf(f, "<td>%.0f</td><td>", s[k].gap[i]);
            else
                fputs("<td></td><td>", f);
            html_text(f, s[k].near[i]);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    free(s);
    td_free(&d);
    return 1;
}

/* ------------------------------------------------------------ compare */

static int register_differences(const char *dir, char names[][128], int ns, ps_err *err)
{
    ps_column_def *d = calloc((size_t)(2 * ns + 3), sizeof *d);
    char(*lab)[3][320] = calloc((size_t)(2 * ns + 3), sizeof *lab);
    int n = 0, rc;
    if (!d || !lab) {
        free(d);
        free(lab);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    d[n++] = (ps_column_def){"town", "乡镇", "Town", "-", PS_KIND_KEY, 0};
    d[n++] = (ps_column_def){"year", "年份", "Year", "year", PS_KIND_KEY, 0};
    d[n++] = (ps_column_def){"indicator", "指标（人口或某项服务的缺口）",
                             "Indicator (population or a service's gap)", "-", PS_KIND_KEY, 0};
    for (int k = 0; k < ns; k++) {
        snprintf(lab[n][0], sizeof lab[n][0], "%.127s", names[k]);
        snprintf(lab[n][1], sizeof lab[n][1], "情景%.127s的取值", names[k]);
        snprintf(lab[n][2], sizeof lab[n][2], "Value in scenario %.127s", names[k]);
        d[n] = (ps_column_def){lab[n][0], lab[n][1], lab[n][2], "as the indicator",
                               PS_KIND_STOCK, 1};
        n++;
        if (k == 0)
            continue;
        snprintf(lab[n][0], sizeof lab[n][0], "%.127s_minus_%.127s", names[k], names[0]);
        snprintf(lab[n][1], sizeof lab[n][1], "情景%.127s减情景%.127s", names[k], names[0]);
        snprintf(lab[n][2], sizeof lab[n][2], "Scenario %.127s minus scenario %.127s", names[k],
                 names[0]);
        d[n] = (ps_column_def){lab[n][0], lab[n][1], lab[n][2], "as the indicator",
                               PS_KIND_STOCK, 0};
        n++;
    }
    d[n] = (ps_column_def){NULL, NULL, NULL, NULL, 0, 0};
    rc = ps_columns_register(dir, "town_differences.csv", d, err);
    free(d);
    free(lab);
    return rc;
}

int ps_towns_compare(const char *dir, char names[][128], int ns, ps_err *err)
{
    static const int YEARS[4] = {2025, 2030, 2035, 2050};
    char path[4400];
    towns_data *d = calloc((size_t)ns, sizeof *d);
    svc_year(*s)[4][NSVC] = calloc((size_t)ns, sizeof *s);
    int rc = PS_OK, nd = 0;
    if (!d || !s) {
        free(d);
        free(s);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    for (nd = 0; nd < ns && !rc; nd++) {
        char sub[4300];
        snprintf(sub, sizeof sub, "%.4000s/%.127s", dir, names[nd]);
        snprintf(path, sizeof path, "%s/towns.csv", sub);
        if (access(path, R_OK)) {
            memset(&d[nd], 0, sizeof d[nd]);
            continue;
        }
        if ((rc = read_towns(sub, &d[nd], err)))
            break;
        for (int y = 0; y < 4 && !rc; y++)
            rc = read_services(sub, &d[nd], YEARS[y], s[nd][y], err);
    }
    if (!rc && d[0].n > 0) {
        FILE *f = ps_open_out(dir, "town_differences.csv", err);
        if (!f)
            rc = err->code;
        else {
            fprintf(f, "town,year,indicator,%s", names[0]);
            for (int k = 1; k < ns; k++)
                fprintf(f, ",%s,%s_minus_%s", names[k], names[k], names[0]);
            fputc('\n', f);
            for (int i = 0; i < d[0].n; i++)
                for (int y = 0; y < 4; y++) {
                    int iy = YEARS[y] - d[0].base;
                    if (iy < 0 || iy >= d[0].ny)
                        continue;
                    for (int q = -1; q < NSVC; q++) {
                        if (q >= 0 && !s[0][y][q].has_supply)
                            continue;
                        double v0 = q < 0 ? d[0].pop[i * d[0].ny + iy] : s[0][y][q].gap[i];
                        ps_put_text(f, d[0].name[i], 1);
                        fprintf(f, ",%d,%s%s", YEARS[y], q < 0 ? "population" : "gap_",
                                q < 0 ? "" : SVC[q].key);
                        ps_put(f, v0, 0);
                        for (int k = 1; k < ns; k++) {
                            int j = -1;
                            for (int t = 0; t < d[k].n; t++)
                                if (strcmp(d[k].name[t], d[0].name[i]) == 0)
                                    j = t;
                            int jy = YEARS[y] - d[k].base;
                            double v = NAN;
                            if (j >= 0 && jy >= 0 && jy < d[k].ny)
                                v = q < 0 ? d[k].pop[j * d[k].ny + jy] : s[k][y][q].gap[j];
                            ps_put(f, v, 0);
                            ps_put(f, v - v0, 0);
                        }
                        fputc('\n', f);
                    }
                }
            rc = ps_close_out(f, dir, "town_differences.csv", err);
            if (!rc)
                rc = register_differences(dir, names, ns, err);
        }
    }
    for (int k = 0; k < nd && k < ns; k++)
        td_free(&d[k]);
    free(d);
    free(s);
    return rc;
}

/* Compare: one ranked chart per other scenario and indicator (population
 * and each gap) of its difference from the first scenario by town, in
 * 2035 (or the last of the compare years present), when any town differs. */
int ps_towns_compare_charts(ps_render *r, const char *dir, char names[][128],
                            char words[][512], int ns, ps_err *err)
{
    char path[4200];
    ps_err e;
    snprintf(path, sizeof path, "%s/town_differences.csv", dir);
    if (access(path, R_OK))
        return PS_OK;
    ps_csv *t = ps_csv_read(path, &e);
    if (!t)
        return PS_OK;
    int lang = ps_render_lang(r), rc = PS_OK, year = 0;
    for (int row = 0; row < ps_csv_nrows(t); row++) {
        int y = atoi(ps_csv_field(t, row, 1));
        if (y <= 2035 && y > year)
            year = y;
    }
    for (int k = 1; k < ns && !rc; k++)
        for (int q = -1; q < NSVC && !rc; q++) {
            char ind[64], col[300];
            snprintf(ind, sizeof ind, "%s%s", q < 0 ? "population" : "gap_", q < 0 ? "" : SVC[q].key);
            snprintf(col, sizeof col, "%.127s_minus_%.127s", names[k], names[0]);
            int c = ps_csv_col(t, col);
            ranked *b = c < 0 ? NULL : calloc(1, sizeof *b);
            if (!b)
                continue;
            double pair[MAXT][2];
            int any = 0;
            for (int row = 0; row < ps_csv_nrows(t) && b->n < MAXT; row++) {
                if (atoi(ps_csv_field(t, row, 1)) != year ||
                    strcmp(ps_csv_field(t, row, 2), ind) != 0 || !*ps_csv_field(t, row, c))
                    continue;
                pair[b->n][0] = strtod(ps_csv_field(t, row, c), NULL);
                pair[b->n][1] = row;
                any |= fabs(pair[b->n][0]) > 1e-6;
                b->n++;
            }
            if (!any) {
                free(b);
                continue;
            }
            qsort(pair, (size_t)b->n, sizeof pair[0], cmp_desc);
            for (int j = 0; j < b->n; j++) {
                b->v[j] = pair[j][0];
                snprintf(b->name[j], NAME, "%s", ps_csv_field(t, (int)pair[j][1], 0));
            }
            const char *wz = q < 0 ? "常住人口" : SVC[q].zh, *we = q < 0 ? "population" : SVC[q].en;
            /* The two scenarios by their descriptions, under the title. */
            char wk[120], w0[120];
            ps_compare_legend(words[k], names[k], 56, wk, sizeof wk);
            ps_compare_legend(words[0], names[0], 56, w0, sizeof w0);
            if (lang == 0) {
                snprintf(b->title, sizeof b->title, "%d年各乡镇%s%s的差异", year, wz,
                         q < 0 ? "" : "缺口");
                snprintf(b->subtitle, sizeof b->subtitle, "%s 减 %s", wk, w0);
                snprintf(b->xlabel, sizeof b->xlabel, "差异（%s）", q < 0 ? "人" : SVC[q].unit_zh);
                snprintf(b->note, sizeof b->note, "正数（橙色）：该情景更多");
            } else {
                snprintf(b->title, sizeof b->title, "Difference in %s%s by town, %d",
                         q < 0 ? "" : "the gap in ", we, year);
                snprintf(b->subtitle, sizeof b->subtitle, "%s minus %s", wk, w0);
                snprintf(b->xlabel, sizeof b->xlabel, "Difference (%s)",
                         q < 0 ? "persons" : SVC[q].unit_en);
                snprintf(b->note, sizeof b->note, "Positive (orange): more in that scenario");
            }
            char name[96];
            snprintf(name, sizeof name, "compare_towns_%s_%d", ind, k);
            rc = ps_render_add_custom(r, name, b->title, draw_ranked, b, free, err);
        }
    ps_csv_free(t);
    return rc;
}
