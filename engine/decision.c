/* decision.c: see decision.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "decision.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "csv.h"
#include "declared.h"
#include "output.h"
#include "render.h"
#include "summary.h"
#include "table.h"

/* ------------------------------------------------------------ words */

static const struct {
    const char *key, *zh, *en;
} SECTIONS[] = {
    {"county_budget", "县级财政：本县预算须支付的（本报告所列项目，逐项）",
     "County budget: what the county's own budget pays, programme by programme"},
    {"pooled_funds", "统筹基金（全国或省级统筹）：压力指标，不是县级负债",
     "Pooled funds (national or provincial): pressure indicators, not county liabilities"},
    {"funds", "其他社会保险基金", "Other social-insurance funds"},
    {"gaps", "服务缺口（负数为富余）", "Service gaps (negative: a surplus)"},
    {"plan", "规划目标", "The plan's targets"},
    {NULL, NULL, NULL}};

static int section_rank(const char *s)
{
    for (int i = 0; SECTIONS[i].key; i++)
        if (strcmp(SECTIONS[i].key, s) == 0)
            return i;
    return 99;
}

const char *ps_decision_section(const char *section, int lang)
{
    int i = section_rank(section);
    return i < 99 ? (lang ? SECTIONS[i].en : SECTIONS[i].zh) : "";
}

/* ------------------------------------------------------------ numbers */

/* |v| rounded to `decimals` with thousands separators, sign kept. */
static const char *grouped(char *buf, size_t n, double v, int decimals, int plus)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const char *dot = strchr(digits, '.');
    size_t ilen = dot ? (size_t)(dot - digits) : strlen(digits), j = 0;
    int zero = strspn(digits, "0.") == strlen(digits);
    if (zero) {
        snprintf(buf, n, "0");
        return buf;
    }
    if (!zero && (v < 0 || plus) && j + 1 < n)
        buf[j++] = v < 0 ? '-' : '+';
    for (size_t i = 0; i < ilen && j + 2 < n; i++) {
        buf[j++] = digits[i];
        if ((ilen - i - 1) % 3 == 0 && i + 1 < ilen)
            buf[j++] = ',';
    }
    for (const char *p = dot; p && *p && j + 1 < n; p++)
        buf[j++] = *p;
    buf[j] = '\0';
    return buf;
}

static int number(const char *s, double *v)
{
    char *end;
    if (!s || !*s)
        return 0;
    *v = strtod(s, &end);
    return !*end && isfinite(*v);
}

static int is_money(const char *unit) { return strcmp(unit, "yuan") == 0; }
static int is_share(const char *unit) { return strcmp(unit, "share") == 0; }
static int is_year(const char *unit) { return strcmp(unit, "year") == 0; }

const char *ps_decision_unit(const char *unit, int lang)
{
    if (is_money(unit))
        return lang ? "10,000 yuan" : "万元";
    if (is_share(unit))
        return "%";
    if (is_year(unit) || strcmp(unit, "-") == 0)
        return "";
    return ps_unit_label(unit, lang);
}

/* v in the shown unit, rounded for reading, signed if plus. */
static const char *show(char *buf, size_t n, double v, const char *unit, int plus)
{
    if (is_year(unit)) {
        snprintf(buf, n, plus ? "%+.0f" : "%.0f", v);
        if (plus && v == 0)
            snprintf(buf, n, "0");
        return buf;
    }
    if (is_share(unit)) {
        char g[64];
        snprintf(buf, n, "%s", grouped(g, sizeof g, 100 * v, 1, plus));
        return buf;
    }
    if (is_money(unit))
        v /= 1e4;
    return grouped(buf, n, v, fabs(v) >= 100 ? 0 : fabs(v) >= 1 ? 1 : 2, plus);
}

const char *ps_decision_value(char *buf, size_t n, const char *value, const char *unit,
                              int lang)
{
    double v;
    if (!value || !*value)
        snprintf(buf, n, "-");
    else if (strcmp(value, "none") == 0)
        snprintf(buf, n, "%s", lang ? "stays positive" : "预测期内不为负");
    else if (strcmp(value, "yes") == 0)
        snprintf(buf, n, "%s", lang ? "yes" : "是");
    else if (strcmp(value, "no") == 0)
        snprintf(buf, n, "%s", lang ? "no" : "否");
    else if (number(value, &v))
        show(buf, n, v, unit, 0);
    else
        snprintf(buf, n, "%s", value);
    return buf;
}

const char *ps_decision_diff(char *buf, size_t n, const char *diff, const char *unit, int lang)
{
    double v;
    (void)lang;
    if (!number(diff, &v)) {
        snprintf(buf, n, "%s", "");
        return buf;
    }
    return show(buf, n, v, unit, 1);
}

/* ------------------------------------------------------------ the rows */

typedef struct {
    char section[24], key[160], zh[512], en[512], unit[48];
    char v[PS_COMPARE_MAX][40];
    int drop_zero; /* left out if zero (or empty) in every scenario */
    int part;      /* a programme lumped in county_other: listed right under it */
} drow;

typedef struct {
    int n, cap;
    drow *r;
} dtab;

static drow *row(dtab *t, const char *section, const char *key, const char *zh, const char *en,
                 const char *unit)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->r[i].key, key) == 0)
            return &t->r[i];
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        drow *r = realloc(t->r, (size_t)cap * sizeof *r);
        if (!r)
            return NULL;
        t->r = r;
        t->cap = cap;
    }
    drow *r = &t->r[t->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->section, sizeof r->section, "%s", section);
    snprintf(r->key, sizeof r->key, "%s", key);
    snprintf(r->zh, sizeof r->zh, "%s", zh);
    snprintf(r->en, sizeof r->en, "%s", en);
    snprintf(r->unit, sizeof r->unit, "%s", unit);
    return r;
}

static int set_num(dtab *t, int s, const char *section, const char *key, const char *zh,
                   const char *en, const char *unit, double v)
{
    drow *r = row(t, section, key, zh, en, unit);
    if (!r)
        return -1;
    if (isfinite(v))
        ps_fmt(r->v[s], v);
    return 0;
}

static int set_text(dtab *t, int s, const char *section, const char *key, const char *zh,
                    const char *en, const char *unit, const char *v)
{
    drow *r = row(t, section, key, zh, en, unit);
    if (!r)
        return -1;
    snprintf(r->v[s], sizeof r->v[s], "%s", v);
    return 0;
}

/* ------------------------------------------------------------ reading */

static ps_csv *read_opt(const char *dir, const char *name)
{
    char path[4600];
    ps_err e;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, R_OK))
        return NULL;
    return ps_csv_read(path, &e);
}

static const char *lookup(const ps_csv *t, const char *key)
{
    int kc = t ? ps_csv_col(t, "key") : -1, vc = t ? ps_csv_col(t, "value") : -1;
    for (int i = 0; kc >= 0 && vc >= 0 && i < ps_csv_nrows(t); i++)
        if (strcmp(ps_csv_field(t, i, kc), key) == 0)
            return ps_csv_field(t, i, vc);
    return NULL;
}

/* Column c of t in year y (NaN if none). */
static double at(const ps_csv *t, int c, int y)
{
    int yc = ps_csv_col(t, "year");
    double v;
    for (int r = 0; yc >= 0 && c >= 0 && r < ps_csv_nrows(t); r++)
        if (atoi(ps_csv_field(t, r, yc)) == y)
            return number(ps_csv_field(t, r, c), &v) ? v : NAN;
    return NAN;
}

/* Sum of column c over the years y0..y1 (NaN if a year is missing). */
static double sum(const ps_csv *t, int c, int y0, int y1)
{
    double s = 0;
    for (int y = y0; y <= y1; y++)
        s += at(t, c, y);
    return s;
}

/* One row a year, years increasing. */
static int yearly(const ps_csv *t)
{
    int yc = t ? ps_csv_col(t, "year") : -1;
    if (yc < 0 || ps_csv_nrows(t) < 1)
        return 0;
    for (int r = 1; r < ps_csv_nrows(t); r++)
        if (atoi(ps_csv_field(t, r, yc)) <= atoi(ps_csv_field(t, r - 1, yc)))
            return 0;
    return 1;
}

/* A label a bureau head can read: no snake_case word. */
static int readable(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p == '_' && p > s && isalnum((unsigned char)p[-1]) && isalnum((unsigned char)p[1]))
            return 0;
    return *s != '\0';
}

/* ------------------------------------------------------------ one scenario */

static int budget_rows(dtab *t, int s, const char *sub, const ps_columns *decl, int y0, int y1)
{
    ps_csv *b = read_opt(sub, "budget_totals.csv");
    if (!b || !yearly(b)) {
        ps_csv_free(b);
        return 0;
    }
    static const char *const F = "budget_totals.csv";
    int rc = 0;
    char key[160], zh[512], en[512];
    for (int c = 0; c < ps_csv_ncols(b) && !rc; c++) {
        const char *h = ps_csv_header(b, c);
        const ps_column_def *d = ps_columns_find(decl, F, h);
        if (!d || strncmp(h, "county", 6) != 0 || strcmp(h, "county_real") == 0)
            continue;
        if (strcmp(h, "county_share_revenue") == 0) {
            snprintf(key, sizeof key, "budget.%s.%d", h, y1);
            snprintf(zh, sizeof zh, "%d年%s", y1, d->label_zh);
            snprintf(en, sizeof en, "%s, %d", d->label_en, y1);
            rc = set_num(t, s, "county_budget", key, zh, en, d->unit, at(b, c, y1));
            continue;
        }
        snprintf(key, sizeof key, "budget.%s.total", h);
        snprintf(zh, sizeof zh, "%s，%d-%d年合计", d->label_zh, y0, y1);
        snprintf(en, sizeof en, "%s, total %d-%d", d->label_en, y0, y1);
        rc = set_num(t, s, "county_budget", key, zh, en, d->unit, sum(b, c, y0, y1));
        if (!rc && strcmp(h, "county") != 0) /* a programme the county does not pay for */
            row(t, "", key, "", "", "")->drop_zero = 1;
        if (!rc && strcmp(h, "county") == 0) {
            snprintf(key, sizeof key, "budget.%s.%d", h, y1);
            snprintf(zh, sizeof zh, "%d年%s", y1, d->label_zh);
            snprintf(en, sizeof en, "%s, %d", d->label_en, y1);
            rc = set_num(t, s, "county_budget", key, zh, en, d->unit, at(b, c, y1));
        }
    }
    ps_csv_free(b);
    return rc;
}

static int fund_rows(dtab *t, int s, const char *sub, const ps_columns *decl, int y0, int y1)
{
    int rc = 0;
    for (int i = 0; i < ps_columns_count(decl) && !rc; i++) {
        const ps_column_def *d = ps_columns_def(decl, i);
        const char *file = ps_columns_file(decl, i);
        if (d->kind != PS_KIND_FUND)
            continue;
        /* The balance the module of <module>.csv puts forward, as it
         * declares it (declared.h ps_module_fund), whatever its key. */
        char mod[128], nzh[256], nen[256], key[160], zh[512], en[512];
        snprintf(mod, sizeof mod, "%.*s", (int)(strlen(file) > 4 ? strlen(file) - 4 : 0), file);
        const ps_table_def *tab;
        const ps_column_def *fund_def = ps_module_fund(ps_module_find(mod), &tab);
        if (!fund_def || strcmp(tab->file, file) != 0 || strcmp(fund_def->key, d->key) != 0)
            continue;
        ps_csv *f = read_opt(sub, file);
        int fc = f ? ps_csv_col(f, d->key) : -1;
        if (fc < 0 || !yearly(f)) {
            ps_csv_free(f);
            continue;
        }
        const char *wz = ps_render_word(mod, 0), *we = ps_render_word(mod, 1);
        /* Who holds the fund, as its module declares (module.h `holder`):
         * a pooled fund is a pressure indicator, not a county liability. */
        const char *section = "funds";
        int holder = ps_module_holder(mod);
        if (holder == PS_HOLDER_NATIONAL || holder == PS_HOLDER_PROVINCE) {
            int national = holder == PS_HOLDER_NATIONAL;
            section = "pooled_funds";
            snprintf(nzh, sizeof nzh, "%s（%s统筹）", wz ? wz : mod, national ? "全国" : "省级");
            snprintf(nen, sizeof nen, "%s (pooled %s)", we ? we : mod,
                     national ? "nationally" : "by the province");
        } else {
            int own = holder == PS_HOLDER_COUNTY;
            snprintf(nzh, sizeof nzh, "%s%s", wz ? wz : mod, own ? "（县级基金）" : "");
            snprintf(nen, sizeof nen, "%s%s", we ? we : mod, own ? " (a county fund)" : "");
        }
        for (char *p = nzh; *p; p++)
            *p = *p == '_' ? ' ' : *p;
        for (char *p = nen; *p; p++)
            *p = *p == '_' ? ' ' : *p;
        /* The first year the balance is negative. */
        int dep = 0;
        for (int y = y0; y <= y1 && !dep; y++)
            if (at(f, fc, y) < 0)
                dep = y;
        char yv[16];
        snprintf(yv, sizeof yv, "%d", dep);
        snprintf(key, sizeof key, "%s.depletion_year", mod);
        snprintf(zh, sizeof zh, "%s：累计结余首次为负的年份", nzh);
        snprintf(en, sizeof en, "%s: first year the balance is negative", nen);
        rc = set_text(t, s, section, key, zh, en, "year", dep ? yv : "none");
        /* What keeps it from going negative, and what budgets pay. */
        static const char *const FLOWS[] = {"subsidy_needed", "fiscal_total", NULL};
        for (int k = 0; FLOWS[k] && !rc; k++) {
            const ps_column_def *fd = ps_columns_find(decl, file, FLOWS[k]);
            int c = ps_csv_col(f, FLOWS[k]);
            if (!fd || c < 0)
                continue;
            snprintf(key, sizeof key, "%s.%s.total", mod, FLOWS[k]);
            snprintf(zh, sizeof zh, "%s：%s，%d-%d年合计", nzh, fd->label_zh, y0, y1);
            snprintf(en, sizeof en, "%s: %s, total %d-%d", nen, fd->label_en, y0, y1);
            rc = set_num(t, s, section, key, zh, en, fd->unit, sum(f, c, y0, y1));
        }
        if (!rc) {
            snprintf(key, sizeof key, "%s.%s.%d", mod, d->key, y1);
            snprintf(zh, sizeof zh, "%s：%d年%s", nzh, y1, d->label_zh);
            snprintf(en, sizeof en, "%s: %s, %d", nen, d->label_en, y1);
            rc = set_num(t, s, section, key, zh, en, d->unit, at(f, fc, y1));
        }
        ps_csv_free(f);
    }
    return rc;
}

/* src into dst (n bytes), cut at a character if too long. */
static void copy(char *dst, size_t n, const char *src)
{
    size_t k = strlen(src);
    if (k >= n) {
        k = n - 1;
        while (k > 0 && ((unsigned char)src[k] & 0xC0) == 0x80)
            k--;
    }
    memcpy(dst, src, k);
    dst[k] = '\0';
}

int ps_decision_programme_label(const ps_csv *sum, const char *prog, char *zh, size_t nz,
                                char *en, size_t ne)
{
    int kc = sum ? ps_csv_col(sum, "key") : -1, zc = sum ? ps_csv_col(sum, "label_zh") : -1,
        ec = sum ? ps_csv_col(sum, "label_en") : -1;
    char pre[160];
    snprintf(pre, sizeof pre, "budget_county_%.127s_", prog);
    size_t pl = strlen(pre);
    for (int r = 0; kc >= 0 && zc >= 0 && ec >= 0 && r < ps_csv_nrows(sum); r++) {
        const char *k = ps_csv_field(sum, r, kc);
        if (strncmp(k, pre, pl) || strlen(k) != pl + 4 || strspn(k + pl, "0123456789") != 4)
            continue;
        const char *lz = strstr(ps_csv_field(sum, r, zc), "县级支出：");
        const char *le = strstr(ps_csv_field(sum, r, ec), ": ");
        if (!lz || !le || !readable(lz + strlen("县级支出：")) || !readable(le + 2))
            break;
        copy(zh, nz, lz + strlen("县级支出："));
        copy(en, ne, le + 2);
        return 1;
    }
    const char *wz = ps_module_label(prog, 0), *we = ps_module_label(prog, 1);
    copy(zh, nz, wz ? wz : prog);
    copy(en, ne, we ? we : prog);
    for (char *p = zh; *p; p++)
        *p = *p == '_' ? ' ' : *p;
    for (char *p = en; *p; p++)
        *p = *p == '_' ? ' ' : *p;
    return *zh && *en;
}

/* Each programme another module adds to the budget ledger (budget.csv:
 * those without a column of their own in budget_totals.csv, lumped there
 * as county_other), its county cost over the horizon as a row of its own
 * (budget.county_<programme>.total, "of which"), under the lumped row,
 * which stays: decision.csv's rows are never taken away. */
static int programme_rows(dtab *t, int s, const char *sub, const ps_csv *sum, int y0, int y1)
{
    ps_csv *b = read_opt(sub, "budget.csv"), *tot = read_opt(sub, "budget_totals.csv");
    int yc = b ? ps_csv_col(b, "year") : -1, pc = b ? ps_csv_col(b, "programme") : -1,
        wc = b ? ps_csv_col(b, "payer") : -1, nc = b ? ps_csv_col(b, "nominal") : -1;
    int rc = 0;
    if (yc < 0 || pc < 0 || wc < 0 || nc < 0 || !tot || ps_csv_col(tot, "county_other") < 0) {
        ps_csv_free(b);
        ps_csv_free(tot);
        return 0;
    }
    /* The programmes in the ledger's order, each once. */
    char seen[64][128];
    int np = 0;
    for (int r = 0; r < ps_csv_nrows(b) && np < 64; r++) {
        const char *p = ps_csv_field(b, r, pc);
        char col[160];
        snprintf(col, sizeof col, "county_%s", p);
        int dup = ps_csv_col(tot, col) >= 0 || !*p || strlen(p) >= sizeof seen[0];
        for (int k = 0; k < np && !dup; k++)
            dup = strcmp(seen[k], p) == 0;
        if (!dup)
            snprintf(seen[np++], sizeof seen[0], "%s", p);
    }
    for (int k = 0; k < np && !rc; k++) {
        double total = 0, v;
        for (int r = 0; r < ps_csv_nrows(b); r++) {
            int y = atoi(ps_csv_field(b, r, yc));
            if (y >= y0 && y <= y1 && strcmp(ps_csv_field(b, r, pc), seen[k]) == 0 &&
                strcmp(ps_csv_field(b, r, wc), "county") == 0 && number(ps_csv_field(b, r, nc), &v))
                total += v;
        }
        char key[160], lz[401], le[401], zh[512], en[512];
        if (!ps_decision_programme_label(sum, seen[k], lz, sizeof lz, le, sizeof le))
            continue;
        snprintf(key, sizeof key, "budget.county_%.127s.total", seen[k]);
        snprintf(zh, sizeof zh, "其中：%.400s，%d-%d年合计", lz, y0, y1);
        snprintf(en, sizeof en, "of which: %.400s, total %d-%d", le, y0, y1);
        rc = set_num(t, s, "county_budget", key, zh, en, "yuan", total);
        if (!rc) {
            drow *r = row(t, "", key, "", "", "");
            r->drop_zero = 1;
            r->part = 1;
        }
    }
    ps_csv_free(b);
    ps_csv_free(tot);
    return rc;
}

/* The county budget's answers over the whole horizon (summary.csv), when
 * every scenario has the same horizon (else they would not compare). */
static int budget_summary_rows(dtab *t, int s, const ps_csv *sum)
{
    static const char *const KEYS[] = {"budget_county_pv", "budget_fiscal_gap", NULL};
    int kc = ps_csv_col(sum, "key"), vc = ps_csv_col(sum, "value");
    int zc = ps_csv_col(sum, "label_zh"), ec = ps_csv_col(sum, "label_en"),
        uc = ps_csv_col(sum, "unit");
    int rc = 0;
    for (int r = 0; kc >= 0 && vc >= 0 && zc >= 0 && ec >= 0 && uc >= 0 &&
                    r < ps_csv_nrows(sum) && !rc;
         r++) {
        const char *k = ps_csv_field(sum, r, kc), *lz = ps_csv_field(sum, r, zc),
                   *le = ps_csv_field(sum, r, ec);
        int want = 0;
        for (int i = 0; KEYS[i]; i++)
            want |= strcmp(KEYS[i], k) == 0;
        double x;
        if (!want || !readable(lz) || !readable(le) || !number(ps_csv_field(sum, r, vc), &x))
            continue;
        char key[160];
        snprintf(key, sizeof key, "summary.%s", k);
        rc = set_num(t, s, "county_budget", key, lz, le, ps_csv_field(sum, r, uc), x);
    }
    return rc;
}

/* Gaps and plan checks from summary.csv, in 2025, 2030 and the last year:
 * the rows their modules mark as headline answers (summary.csv's headline
 * column; in a folder written before it, every row), sorted into gaps and
 * plan checks by their keys. */
static int summary_rows(dtab *t, int s, const ps_csv *sum, const ps_columns *decl, int y1)
{
    int kc = ps_csv_col(sum, "key"), vc = ps_csv_col(sum, "value");
    int zc = ps_csv_col(sum, "label_zh"), ec = ps_csv_col(sum, "label_en"),
        uc = ps_csv_col(sum, "unit");
    int rc = 0;
    for (int r = 0; kc >= 0 && vc >= 0 && r < ps_csv_nrows(sum) && !rc; r++) {
        const char *k = ps_csv_field(sum, r, kc);
        size_t len = strlen(k);
        int gap = strstr(k, "gap") && !strstr(k, "fiscal"), met = strstr(k, "_met_") != NULL;
        if ((!gap && !met) || len < 6 || k[len - 5] != '_' || !ps_summary_csv_headline(sum, r, kc))
            continue;
        int y = atoi(k + len - 4);
        if (y != 2025 && y != 2030 && y != y1)
            continue;
        if (y > y1)
            continue;
        char key[160], zh[512], en[512], unit[48];
        const char *lz = zc >= 0 ? ps_csv_field(sum, r, zc) : "",
                   *le = ec >= 0 ? ps_csv_field(sum, r, ec) : "";
        snprintf(unit, sizeof unit, "%s", uc >= 0 ? ps_csv_field(sum, r, uc) : "-");
        if (readable(lz) && readable(le) && strcmp(lz, k) && strcmp(le, k)) {
            snprintf(zh, sizeof zh, "%s", lz);
            snprintf(en, sizeof en, "%s", le);
        } else {
            /* The row's label is still its key: the declared column. */
            char base[160];
            snprintf(base, sizeof base, "%.*s", (int)(len - 5), k);
            const ps_column_def *d = NULL;
            for (int i = 0; i < ps_columns_count(decl) && !d; i++)
                if (strcmp(ps_columns_def(decl, i)->key, base) == 0)
                    d = ps_columns_def(decl, i);
            if (!d || !readable(d->label_zh) || !readable(d->label_en))
                continue;
            snprintf(zh, sizeof zh, "%d年%s", y, d->label_zh);
            snprintf(en, sizeof en, "%s, %d", d->label_en, y);
            snprintf(unit, sizeof unit, "%s", d->unit);
        }
        snprintf(key, sizeof key, "summary.%s", k);
        const char *v = ps_csv_field(sum, r, vc);
        double x;
        rc = number(v, &x) ? set_num(t, s, gap ? "gaps" : "plan", key, zh, en, unit, x)
                           : set_text(t, s, gap ? "gaps" : "plan", key, zh, en, unit, v);
    }
    return rc;
}

/* ------------------------------------------------------------ the file */

static int is_zero(const char *v)
{
    double x;
    return !*v || (number(v, &x) && fabs(x) < 0.5);
}

int ps_decision_write(const char *dir, char names[][128], int ns, ps_err *err)
{
    char sub[4400];
    ps_csv *sums[PS_COMPARE_MAX] = {0};
    ps_columns *decls[PS_COMPARE_MAX] = {0};
    int y0 = -(1 << 30), y1 = 1 << 30, rc = PS_OK, same = 1, e0 = 0, b0 = 0;
    if (ns < 1 || ns > PS_COMPARE_MAX)
        return ps_err_set(err, PS_EINTERNAL, "decision table: %d scenarios", ns);
    for (int s = 0; s < ns; s++) {
        snprintf(sub, sizeof sub, "%.4000s/%.127s", dir, names[s]);
        sums[s] = read_opt(sub, "summary.csv");
        decls[s] = ps_columns_read(sub);
        const char *b = lookup(sums[s], "base_year"), *e = lookup(sums[s], "end_year");
        if (b && e) {
            y0 = atoi(b) > y0 ? atoi(b) : y0;
            y1 = atoi(e) < y1 ? atoi(e) : y1;
            if (s == 0)
                b0 = atoi(b), e0 = atoi(e);
            same &= atoi(b) == b0 && atoi(e) == e0;
        } else {
            same = 0;
        }
    }
    dtab t = {0};
    for (int s = 0; s < ns && !rc && y0 <= y1; s++) {
        snprintf(sub, sizeof sub, "%.4000s/%.127s", dir, names[s]);
        if (budget_rows(&t, s, sub, decls[s], y0, y1) ||
            programme_rows(&t, s, sub, sums[s], y0, y1) ||
            (same && sums[s] && budget_summary_rows(&t, s, sums[s])) ||
            fund_rows(&t, s, sub, decls[s], y0, y1) ||
            (sums[s] && summary_rows(&t, s, sums[s], decls[s], y1)))
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    /* The programmes lumped in county_other right under it (as first met). */
    for (int i = 0, other = -1; i < t.n; i++) {
        if (strcmp(t.r[i].key, "budget.county_other.total") == 0)
            other = i;
        if (t.r[i].part && other >= 0 && i > other + 1) {
            int at = other + 1;
            while (at < i && t.r[at].part)
                at++;
            drow tmp = t.r[i];
            memmove(&t.r[at + 1], &t.r[at], (size_t)(i - at) * sizeof tmp);
            t.r[at] = tmp;
        }
    }
    /* The sections in order, rows within each as first met (stable). */
    for (int i = 1; i < t.n; i++)
        for (int j = i; j > 0 && section_rank(t.r[j - 1].section) > section_rank(t.r[j].section);
             j--) {
            drow tmp = t.r[j];
            t.r[j] = t.r[j - 1];
            t.r[j - 1] = tmp;
        }
    FILE *f = rc ? NULL : ps_open_out(dir, "decision.csv", err);
    if (!rc && !f)
        rc = err->code;
    if (f) {
        fputs("section,key,label_zh,label_en,unit", f);
        for (int s = 0; s < ns; s++)
            fprintf(f, ",%s", names[s]);
        for (int s = 1; s < ns; s++)
            fprintf(f, ",%s_minus_%s", names[s], names[0]);
        fputc('\n', f);
        for (int i = 0; i < t.n; i++) {
            const drow *r = &t.r[i];
            int zero = 1;
            for (int s = 0; s < ns; s++)
                zero &= is_zero(r->v[s]);
            if (r->drop_zero && zero)
                continue;
            ps_put_text(f, r->section, 1);
            ps_put_text(f, r->key, 0);
            ps_put_text(f, r->zh, 0);
            ps_put_text(f, r->en, 0);
            ps_put_text(f, r->unit, 0);
            for (int s = 0; s < ns; s++)
                ps_put_text(f, r->v[s], 0);
            double a, b;
            for (int s = 1; s < ns; s++) {
                char d[32] = "";
                if (number(r->v[s], &a) && number(r->v[0], &b))
                    ps_fmt(d, a - b);
                ps_put_text(f, d, 0);
            }
            fputc('\n', f);
        }
        rc = ps_close_out(f, dir, "decision.csv", err);
    }
    /* columns.csv: the scenario columns labelled with each description. */
    ps_column_def *d = rc ? NULL : calloc((size_t)(2 * ns + 6), sizeof *d);
    char(*lab)[3][400] = rc ? NULL : calloc((size_t)(2 * ns + 6), sizeof *lab);
    if (!rc && (!d || !lab))
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    if (!rc) {
        int n = 0;
        d[n++] = (ps_column_def){"section", "部分", "Section", "-", PS_KIND_KEY, 0};
        d[n++] = (ps_column_def){"key", "结论键名", "Answer key", "-", PS_KIND_KEY, 0};
        d[n++] = (ps_column_def){"label_zh", "结论（中文）", "Answer in Chinese", "-", PS_KIND_TEXT, 0};
        d[n++] = (ps_column_def){"label_en", "结论（英文）", "Answer in English", "-", PS_KIND_TEXT, 0};
        d[n++] = (ps_column_def){"unit", "单位", "Unit", "-", PS_KIND_TEXT, 0};
        for (int s = 0; s < ns; s++) {
            snprintf(sub, sizeof sub, "%.4000s/%.127s", dir, names[s]);
            ps_csv *par = read_opt(sub, "parameters.csv");
            const char *desc = lookup(par, "description");
            char show[400];
            snprintf(show, sizeof show, "%s", desc && *desc ? desc : names[s]);
            if (!(desc && *desc))
                for (char *p = show; *p; p++)
                    *p = *p == '_' ? ' ' : *p;
            snprintf(lab[n][0], sizeof lab[n][0], "%s", names[s]);
            snprintf(lab[n][1], sizeof lab[n][1], "%s", show);
            snprintf(lab[n][2], sizeof lab[n][2], "%s", show);
            d[n] = (ps_column_def){lab[n][0], lab[n][1], lab[n][2], "as the row", PS_KIND_STOCK, 1};
            n++;
            ps_csv_free(par);
        }
        for (int s = 1; s < ns; s++) {
            snprintf(lab[n][0], sizeof lab[n][0], "%.127s_minus_%.127s", names[s], names[0]);
            char show[400]; /* (a copy: source and destination are one array) */
            snprintf(show, sizeof show, "%s", lab[5 + s][1]);
            snprintf(lab[n][1], sizeof lab[n][1], "与第一个情景之差：%.300s", show);
            snprintf(lab[n][2], sizeof lab[n][2], "Difference to the first scenario: %.300s", show);
            d[n] = (ps_column_def){lab[n][0], lab[n][1], lab[n][2], "as the row", PS_KIND_STOCK, 0};
            n++;
        }
        d[n] = (ps_column_def){NULL, NULL, NULL, NULL, 0, 0};
        rc = ps_columns_register(dir, "decision.csv", d, err);
    }
    free(d);
    free(lab);
    free(t.r);
    for (int s = 0; s < ns; s++) {
        ps_csv_free(sums[s]);
        ps_columns_free(decls[s]);
    }
    return rc;
}

/* ------------------------------------------------------------ the terminal */

void ps_decision_brief(const char *dir, int lang, char *buf, size_t n)
{
    size_t j = 0;
    buf[0] = '\0';
    ps_csv *t = read_opt(dir, "decision.csv");
    ps_columns *decl = ps_columns_read(dir);
    int kc = t ? ps_csv_col(t, "key") : -1, lc = t ? ps_csv_col(t, lang ? "label_en" : "label_zh") : -1,
        uc = t ? ps_csv_col(t, "unit") : -1;
    for (int r = 0; kc >= 0 && lc >= 0 && uc >= 0 && r < ps_csv_nrows(t); r++) {
        if (strcmp(ps_csv_field(t, r, kc), "budget.county.total") != 0)
            continue;
        const char *unit = ps_csv_field(t, r, uc);
        j += (size_t)snprintf(buf + j, n - j, "%s%s%s%s\n", ps_csv_field(t, r, lc),
                              lang ? " (" : "（", ps_decision_unit(unit, lang),
                              lang ? "):" : "）：");
        int ns = 0, first = uc + 1;
        for (int c = first; c < ps_csv_ncols(t); c++)
            ns += strstr(ps_csv_header(t, c), "_minus_") == NULL;
        for (int s = 0; s < ns && j < n; s++) {
            char v[64], d[64] = "", name[96];
            const char *h = ps_csv_header(t, first + s);
            const ps_column_def *def = ps_columns_find(decl, "decision.csv", h);
            const char *desc = def ? (lang ? def->label_en : def->label_zh) : h;
            ps_decision_value(v, sizeof v, ps_csv_field(t, r, first + s), unit, lang);
            if (s > 0)
                ps_decision_diff(d, sizeof d, ps_csv_field(t, r, first + ns + s - 1), unit, lang);
            /* The description, shortened for one line (at a character). */
            size_t k = strlen(desc) < 60 ? strlen(desc) : 60;
            while (k > 0 && k < strlen(desc) && ((unsigned char)desc[k] & 0xC0) == 0x80)
                k--;
            snprintf(name, sizeof name, "%.*s%s", (int)k, desc, k < strlen(desc) ? "..." : "");
            j += (size_t)snprintf(buf + j, n - j, "  %d. %s%s%s%s  %s\n", s + 1, v,
                                  *d ? (lang ? " (" : "（") : "", d, *d ? (lang ? ")" : "）") : "",
                                  name);
        }
        break;
    }
    if (j >= n && n > 0)
        buf[n - 1] = '\0';
    ps_csv_free(t);
    ps_columns_free(decl);
}
