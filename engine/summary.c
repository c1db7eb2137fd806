/* summary.c: see summary.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "table.h"

/* ------------------------------------------------------------ helpers */

/* s with every "{year}" replaced by year (a new string, NULL if out of memory). */
static char *subst_year(const char *s, int year)
{
    char ys[16];
    snprintf(ys, sizeof ys, "%d", year);
    size_t n = strlen(s) + 1, yl = strlen(ys);
    for (const char *p = s; (p = strstr(p, "{year}")); p += 6)
        n += yl;
    char *out = malloc(n), *o = out;
    if (!out)
        return NULL;
    for (const char *p = s; *p;) {
        if (year && strncmp(p, "{year}", 6) == 0) {
            memcpy(o, ys, yl);
            o += yl;
            p += 6;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* ------------------------------------------------------------ summary rows */

typedef struct {
    char *key, *value, *zh, *en, *unit;
    int headline;
} row;

struct ps_summary {
    int n, cap;
    row *rows;
    ps_err err;
};

ps_summary *ps_summary_new(void)
{
    ps_summary *s = calloc(1, sizeof *s);
    if (s)
        ps_err_clear(&s->err);
    return s;
}

void ps_summary_free(ps_summary *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++) {
        free(s->rows[i].key);
        free(s->rows[i].value);
        free(s->rows[i].zh);
        free(s->rows[i].en);
        free(s->rows[i].unit);
    }
    free(s->rows);
    free(s);
}

static int fail(ps_err *sticky, int code, const char *msg, const char *key)
{
    if (!sticky->code)
        ps_err_set(sticky, code, "summary row '%s': %s", key ? key : "?", msg);
    return code;
}

static int add(ps_summary *s, int year, const char *key, const char *value, const char *unit,
               const char *zh, const char *en)
{
    if (!key || !*key || !zh || !*zh || !en || !*en || !unit || !*unit)
        return fail(&s->err, PS_EINTERNAL, "key, both labels and the unit are needed", key);
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 32;
        row *r = realloc(s->rows, (size_t)cap * sizeof *r);
        if (!r)
            return fail(&s->err, PS_EINTERNAL, "out of memory", key);
        s->rows = r;
        s->cap = cap;
    }
    row *r = &s->rows[s->n];
    r->key = subst_year(key, year);
    r->value = strdup(value);
    r->zh = subst_year(zh, year);
    r->en = subst_year(en, year);
    r->unit = strdup(unit);
    if (!r->key || !r->value || !r->zh || !r->en || !r->unit) {
        free(r->key);
        free(r->value);
        free(r->zh);
        free(r->en);
        free(r->unit);
        return fail(&s->err, PS_EINTERNAL, "out of memory", key);
    }
    r->headline = 0;
    s->n++;
    return PS_OK;
}

void ps_summary_headline(ps_summary *s)
{
    if (s && s->n > 0)
        s->rows[s->n - 1].headline = 1;
}

int ps_summary_is_headline(const ps_summary *s, int i) { return s->rows[i].headline; }

int ps_summary_num(ps_summary *s, int year, const char *key, double value, const char *unit,
                   const char *label_zh, const char *label_en)
{
    char b[32];
    return add(s, year, key, ps_fmt(b, value), unit, label_zh, label_en);
}

int ps_summary_text(ps_summary *s, int year, const char *key, const char *text,
                    const char *unit, const char *label_zh, const char *label_en)
{
    return add(s, year, key, text ? text : "", unit, label_zh, label_en);
}

int ps_summary_error(const ps_summary *s, ps_err *err)
{
    if (s->err.code && err)
        *err = s->err;
    return s->err.code;
}

int ps_summary_count(const ps_summary *s) { return s->n; }
const char *ps_summary_key(const ps_summary *s, int i) { return s->rows[i].key; }
const char *ps_summary_value(const ps_summary *s, int i) { return s->rows[i].value; }
const char *ps_summary_label(const ps_summary *s, int i, int lang)
{
    return lang ? s->rows[i].en : s->rows[i].zh;
}
const char *ps_summary_unit(const ps_summary *s, int i) { return s->rows[i].unit; }

const char *ps_summary_get(const ps_summary *s, const char *key)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->rows[i].key, key) == 0)
            return s->rows[i].value;
    return NULL;
}

/* The rows an older folder's reports showed first: key patterns, kept only
 * for summary.csv files without the headline column. */
static int key_was_headline(const char *k)
{
    return strstr(k, "depletion") || strstr(k, "subsidy") || strstr(k, "target") ||
           strstr(k, "_met") || strstr(k, "gap");
}

int ps_summary_csv_headline(const ps_csv *t, int r, int kc)
{
    int hc = ps_csv_col(t, "headline");
    if (hc >= 0)
        return strcmp(ps_csv_field(t, r, hc), "1") == 0;
    return kc >= 0 && key_was_headline(ps_csv_field(t, r, kc));
}

void ps_summary_write_pairs(const ps_summary *s, FILE *f)
{
    for (int i = 0; i < s->n; i++)
        fprintf(f, "%s,%s\n", s->rows[i].key, s->rows[i].value);
}

static const ps_column_def SUMMARY_COLUMNS[] = {
    {"key", "指标键名", "Key", "-", PS_KIND_KEY, 0},
    {"value", "数值", "Value", "-", PS_KIND_TEXT, 0},
    {"label_zh", "中文说明", "Chinese label", "-", PS_KIND_TEXT, 0},
    {"label_en", "英文说明", "English label", "-", PS_KIND_TEXT, 0},
    {"unit", "单位", "Unit", "-", PS_KIND_TEXT, 0},
    {"headline", "是否为主要结论（1是，0否）", "Headline answer (1 yes, 0 no)", "-", PS_KIND_TEXT, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static void write_rows(const ps_summary *s, FILE *f)
{
    for (int i = 0; i < s->n; i++) {
        const row *r = &s->rows[i];
        ps_put_text(f, r->key, 1);
        ps_put_text(f, r->value, 0);
        ps_put_text(f, r->zh, 0);
        ps_put_text(f, r->en, 0);
        ps_put_text(f, r->unit, 0);
        fputs(r->headline ? ",1\n" : ",0\n", f);
    }
}

int ps_summary_write_csv(const ps_summary *s, const char *dir, ps_err *err)
{
    FILE *f = ps_open_out(dir, "summary.csv", err);
    if (!f)
        return err->code;
    fputs("key,value,label_zh,label_en,unit,headline\n", f);
    write_rows(s, f);
    if (ps_close_out(f, dir, "summary.csv", err))
        return err->code;
    return ps_columns_register(dir, "summary.csv", SUMMARY_COLUMNS, err);
}

int ps_summary_append_csv(const ps_summary *s, const char *dir, ps_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *f = fopen(path, "a");
    if (!f)
        return ps_err_set(err, PS_EIO, "%s: cannot append", path);
    write_rows(s, f);
    return ps_close_out(f, dir, "summary.csv", err);
}

/* ------------------------------------------------------------ headline sentences */

typedef struct {
    int order, seq;
    char *zh, *en;
} sentence;

struct ps_headline {
    int n, cap;
    sentence *s;
    ps_err err;
    int holder; /* the current module's declared holder (ps_headline_set_holder) */
};

ps_headline *ps_headline_new(void)
{
    ps_headline *h = calloc(1, sizeof *h);
    if (h)
        ps_err_clear(&h->err);
    return h;
}

void ps_headline_free(ps_headline *h)
{
    if (!h)
        return;
    for (int i = 0; i < h->n; i++) {
        free(h->s[i].zh);
        free(h->s[i].en);
    }
    free(h->s);
    free(h);
}

/* The county budget's answers (500-599) come first: what its own budget
 * must pay is the question a finance bureau brings; then the others by
 * order. */
static int rank(int order)
{
    return order >= 500 && order < 600 ? order - 1000 : order;
}

int ps_headline_add(ps_headline *h, int order, const char *zh, const char *en)
{
    if (!zh || !*zh || !en || !*en)
        return fail(&h->err, PS_EINTERNAL, "a headline sentence needs both languages", "headline");
    if (h->n == h->cap) {
        int cap = h->cap ? 2 * h->cap : 16;
        sentence *s = realloc(h->s, (size_t)cap * sizeof *s);
        if (!s)
            return fail(&h->err, PS_EINTERNAL, "out of memory", "headline");
        h->s = s;
        h->cap = cap;
    }
    sentence *s = &h->s[h->n];
    s->zh = strdup(zh);
    s->en = strdup(en);
    if (!s->zh || !s->en) {
        free(s->zh);
        free(s->en);
        return fail(&h->err, PS_EINTERNAL, "out of memory", "headline");
    }
    s->order = order;
    s->seq = h->n;
    h->n++;
    /* Insertion keeps the list sorted by (rank of order, seq). */
    for (int i = h->n - 1; i > 0 && rank(h->s[i - 1].order) > rank(h->s[i].order); i--) {
        sentence t = h->s[i];
        h->s[i] = h->s[i - 1];
        h->s[i - 1] = t;
    }
    return PS_OK;
}

void ps_headline_set_holder(ps_headline *h, int holder)
{
    if (h)
        h->holder = holder;
}

int ps_headline_error(const ps_headline *h, ps_err *err)
{
    if (h->err.code && err)
        *err = h->err;
    return h->err.code;
}

int ps_headline_count(const ps_headline *h) { return h->n; }
const char *ps_headline_text(const ps_headline *h, int i, int lang)
{
    return lang ? h->s[i].en : h->s[i].zh;
}
int ps_headline_order(const ps_headline *h, int i) { return h->s[i].order; }

static const ps_column_def HEADLINE_COLUMNS[] = {
    {"order", "顺序", "Order", "-", PS_KIND_KEY, 0},
    {"text_zh", "结论（中文）", "Answer in Chinese", "-", PS_KIND_TEXT, 0},
    {"text_en", "结论（英文）", "Answer in English", "-", PS_KIND_TEXT, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

int ps_headline_write_csv(const ps_headline *h, const char *dir, ps_err *err)
{
    FILE *f = ps_open_out(dir, "headline.csv", err);
    if (!f)
        return err->code;
    fputs("order,text_zh,text_en\n", f);
    for (int i = 0; i < h->n; i++) {
        fprintf(f, "%d", h->s[i].order);
        ps_put_text(f, h->s[i].zh, 0);
        ps_put_text(f, h->s[i].en, 0);
        fputc('\n', f);
    }
    if (ps_close_out(f, dir, "headline.csv", err))
        return err->code;
    return ps_columns_register(dir, "headline.csv", HEADLINE_COLUMNS, err);
}

/* ------------------------------------------------------------ fund sentences */

int ps_headline_fund(ps_headline *h, int rank, const char *name_zh, const char *name_en,
                     int holder, const double *fund, int stride, int base, int ny,
                     double subsidy_total)
{
    char zh[1024], en[1024], m[64], who_zh[256] = "", who_en[256] = "", sub_zh[256] = "",
                                  sub_en[256] = "";
    int dep = 0, last = base + ny - 1;
    double end = NAN;
    if (holder == PS_HOLDER_DECLARED)
        holder = h->holder;
    for (int i = 0; i < ny; i++) {
        double v = fund[(size_t)i * (size_t)stride];
        if (!dep && v < 0)
            dep = base + i;
        if (!isnan(v))
            end = v, last = base + i;
    }
    if (holder == PS_HOLDER_NATIONAL || holder == PS_HOLDER_PROVINCE) {
        int nat = holder == PS_HOLDER_NATIONAL;
        snprintf(who_zh, sizeof who_zh, "（%s统筹，基金不由县里持有：此处县级结余是压力指标，不是县级负债）",
                 nat ? "全国" : "省级");
        snprintf(who_en, sizeof who_en,
                 " (pooled %s, so the county does not hold the fund: this balance is a "
                 "pressure indicator, not a county liability)",
                 nat ? "nationally" : "by the province");
    } else if (holder == PS_HOLDER_COUNTY) {
        snprintf(who_zh, sizeof who_zh, "（县级基金）");
        snprintf(who_en, sizeof who_en, " (a county fund)");
    }
    if (isfinite(subsidy_total) && subsidy_total > 0) {
        snprintf(sub_zh, sizeof sub_zh, "为使结余不为负，%d-%d年共需补贴%s。", base, last,
                 ps_words_money(m, subsidy_total, 0));
        snprintf(sub_en, sizeof sub_en, " Keeping it from going negative takes a subsidy of %s over %d-%d.",
                 ps_words_money(m, subsidy_total, 1), base, last);
    }
    if (dep) {
        snprintf(zh, sizeof zh, "%s%s：累计结余在%d年首次为负。%s", name_zh, who_zh, dep, sub_zh);
        snprintf(en, sizeof en, "%s%s: the balance first turns negative in %d.%s", name_en, who_en,
                 dep, sub_en);
    } else {
        char e2[64];
        snprintf(zh, sizeof zh, "%s%s：预测期内累计结余不为负，%d年末为%s。%s", name_zh, who_zh, last,
                 ps_words_money(m, end, 0), sub_zh);
        snprintf(en, sizeof en, "%s%s: the balance stays positive to %d, when it holds %s.%s",
                 name_en, who_en, last, ps_words_money(e2, end, 1), sub_en);
    }
    return ps_headline_add(h, 100 + rank, zh, en);
}

/* ------------------------------------------------------------ numbers in words */

/* |v| rounded to `decimals` with thousands separators, sign kept. */
static const char *grouped(char buf[64], double v, int decimals)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    char *dot = strchr(digits, '.');
    size_t ilen = dot ? (size_t)(dot - digits) : strlen(digits), j = 0;
    int zero = strspn(digits, "0.") == strlen(digits);
    if (v < 0 && !zero)
        buf[j++] = '-';
    for (size_t i = 0; i < ilen && j < 50; i++) {
        buf[j++] = digits[i];
        if ((ilen - i - 1) % 3 == 0 && i + 1 < ilen)
            buf[j++] = ',';
    }
    if (dot)
        for (const char *p = dot; *p && j < 62; p++)
            buf[j++] = *p;
    buf[j] = '\0';
    return buf;
}

const char *ps_words_count(char buf[64], double v)
{
    if (!isfinite(v)) {
        snprintf(buf, 64, "-");
        return buf;
    }
    if (fabs(v) >= 10000)
        v = 10.0 * round(v / 10.0);
    return grouped(buf, v, 0);
}

const char *ps_words_money(char buf[64], double yuan, int lang)
{
    char g[64];
    if (!isfinite(yuan)) {
        snprintf(buf, 64, "-");
        return buf;
    }
    if (!lang) {
        double w = yuan / 1e4;
        snprintf(buf, 64, "%s万元", grouped(g, w, fabs(w) >= 100 ? 0 : 1));
    } else if (fabs(yuan) < 1e4) {
        snprintf(buf, 64, "%s yuan", grouped(g, yuan, 0));
    } else {
        double m = yuan / 1e6;
        snprintf(buf, 64, "%s million yuan", grouped(g, m, fabs(m) >= 100 ? 0 : fabs(m) >= 1 ? 1 : 2));
    }
    return buf;
}

const char *ps_words_pct(char buf[64], double share)
{
    if (!isfinite(share))
        snprintf(buf, 64, "-");
    else
        snprintf(buf, 64, "%.1f%%", 100.0 * share);
    return buf;
}
