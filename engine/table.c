/* table.c: see table.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "declared.h"
#include "output.h"

/* ------------------------------------------------------------ words */

const ps_column_def ps_year_column = {"year", "年份", "Year", "year", PS_KIND_KEY, 0};

static const char *const KIND_NAMES[] = {"key", "text", "stock", "flow", "fund", "rate", "price"};

const char *ps_kind_name(ps_kind k)
{
    return (unsigned)k < sizeof KIND_NAMES / sizeof *KIND_NAMES ? KIND_NAMES[k] : "text";
}

int ps_kind_parse(const char *s)
{
    for (int k = 0; k < (int)(sizeof KIND_NAMES / sizeof *KIND_NAMES); k++)
        if (strcmp(KIND_NAMES[k], s) == 0)
            return k;
    return -1;
}

static const struct {
    const char *en, *zh;
} UNITS[] = {
    {"-", ""},
    {"year", "年份"},
    {"years", "年"},
    {"years of age", "岁"},
    {"months", "月"},
    {"persons", "人"},
    {"persons per year", "人/年"},
    {"slots", "个（托位）"},
    {"beds", "张（床位）"},
    {"institutions", "个（机构）"},
    {"carers", "人（照护人员）"},
    {"cases", "人次"},
    {"households", "户"},
    {"yuan", "元"},
    {"10k yuan", "万元"},
    {"yuan per year", "元/年"},
    {"yuan per person", "元/人"},
    {"yuan per person per year", "元/人·年"},
    {"yuan per person per month", "元/人·月"},
    {"yuan per slot", "元/托位"},
    {"yuan per slot per year", "元/托位·年"},
    {"yuan per bed", "元/床"},
    {"yuan per bed per year", "元/床·年"},
    {"ratio", "比值"},
    {"share", "比例"},
    {"per 1,000", "‰"},
    {"slots per 1,000 residents", "个/千人"},
    {"beds per 1,000 older people", "张/千名老年人"},
    {"children per woman", "个/每名妇女"},
    {"probability", "概率"},
    {"percent", "%"},
    {"km", "公里"},
    {"service units", "（按服务计）"},
    {"households", "户"},
    {"persons per household", "人/户"},
    {"dwellings", "套"},
    {"plots", "穴（墓位）"},
    {"cemeteries", "座（公墓）"},
    {"townships", "个（乡镇）"},
    {NULL, NULL}};

const char *ps_unit_label(const char *unit, int lang)
{
    if (!unit)
        return "";
    if (strcmp(unit, "-") == 0)
        return "";
    if (lang)
        return unit;
    for (int i = 0; UNITS[i].en; i++)
        if (strcmp(UNITS[i].en, unit) == 0)
            return UNITS[i].zh;
    return unit;
}

int ps_column_count(const ps_column_def *defs)
{
    int n = 0;
    while (defs && defs[n].key)
        n++;
    return n;
}

/* A declaration a presenter can use: key, both labels and the unit set. */
static int check_def(const char *file, const ps_column_def *d, ps_err *err)
{
    if (!d->label_zh || !*d->label_zh || !d->label_en || !*d->label_en || !d->unit ||
        !*d->unit)
        return ps_err_set(err, PS_EINTERNAL,
                          "%s: column '%s' is declared without a %s (table.h: labels and "
                          "unit are never empty; \"-\" for no unit)",
                          file, d->key,
                          !d->label_zh || !*d->label_zh   ? "Chinese label"
                          : !d->label_en || !*d->label_en ? "English label"
                                                          : "unit");
    if ((unsigned)d->kind > PS_KIND_PRICE)
        return ps_err_set(err, PS_EINTERNAL, "%s: column '%s' has an unknown kind", file, d->key);
    return PS_OK;
}

/* ------------------------------------------------------------ the table */

struct ps_table {
    const ps_table_def *def;
    int base, ny, ng, nc, nk; /* nk: group key columns */
    char **labels;            /* ng * nk, NULL when unset */
    double *v;                /* ny * ng * nc */
};

static int check_table_def(const ps_table_def *def, ps_err *err)
{
    if (!def || !def->file || !def->columns)
        return ps_err_set(err, PS_EINTERNAL, "a table definition needs a file and columns");
    const ps_column_def *arrays[2] = {def->groups, def->columns};
    for (int a = 0; a < 2; a++)
        for (const ps_column_def *d = arrays[a]; d && d->key; d++) {
            if (check_def(def->file, d, err))
                return err->code;
            if (strcmp(d->key, "year") == 0)
                return ps_err_set(err, PS_EINTERNAL,
                                  "%s: 'year' is every table's first column; do not declare it",
                                  def->file);
            /* Every key once among groups and columns. */
            for (int b = 0; b <= a; b++)
                for (const ps_column_def *e = arrays[b]; e && e->key && e != d; e++)
                    if (strcmp(e->key, d->key) == 0)
                        return ps_err_set(err, PS_EINTERNAL, "%s: column '%s' declared twice",
                                          def->file, d->key);
        }
    return PS_OK;
}

ps_table *ps_table_new(const ps_table_def *def, int base_year, int nyears, int ngroups,
                       ps_err *err)
{
    if (check_table_def(def, err))
        return NULL;
    int nk = ps_column_count(def->groups);
    if (nyears < 1 || ngroups < 1 || (nk == 0 && ngroups != 1)) {
        ps_err_set(err, PS_EINTERNAL, "%s: a table of %d years and %d groups (%d group columns)",
                   def->file, nyears, ngroups, nk);
        return NULL;
    }
    ps_table *t = calloc(1, sizeof *t);
    if (!t) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    t->def = def;
    t->base = base_year;
    t->ny = nyears;
    t->ng = ngroups;
    t->nk = nk;
    t->nc = ps_column_count(def->columns);
    size_t ncell = (size_t)nyears * (size_t)ngroups * (size_t)(t->nc ? t->nc : 1);
    t->v = malloc(ncell * sizeof *t->v);
    t->labels = nk ? calloc((size_t)ngroups * (size_t)nk, sizeof *t->labels) : NULL;
    if (!t->v || (nk && !t->labels)) {
        ps_table_free(t);
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    ps_table_clear(t);
    return t;
}

void ps_table_free(ps_table *t)
{
    if (!t)
        return;
    if (t->labels)
        for (int i = 0; i < t->ng * t->nk; i++)
            free(t->labels[i]);
    free(t->labels);
    free(t->v);
    free(t);
}

int ps_table_set_group(ps_table *t, int g, const char *const *labels, ps_err *err)
{
    if (g < 0 || g >= t->ng || !t->nk)
        return ps_err_set(err, PS_EINTERNAL, "%s: no group %d", t->def->file, g);
    for (int k = 0; k < t->nk; k++) {
        char *s = strdup(labels[k] ? labels[k] : "");
        if (!s)
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
        free(t->labels[g * t->nk + k]);
        t->labels[g * t->nk + k] = s;
    }
    return PS_OK;
}

void ps_table_clear(ps_table *t)
{
    size_t n = (size_t)t->ny * (size_t)t->ng * (size_t)t->nc;
    for (size_t i = 0; i < n; i++)
        t->v[i] = NAN;
}

const ps_table_def *ps_table_get_def(const ps_table *t) { return t->def; }
int ps_table_base(const ps_table *t) { return t->base; }
int ps_table_nyears(const ps_table *t) { return t->ny; }
int ps_table_ngroups(const ps_table *t) { return t->ng; }
int ps_table_ncols(const ps_table *t) { return t->nc; }

const char *ps_table_group_label(const ps_table *t, int g, int k)
{
    if (g < 0 || g >= t->ng || k < 0 || k >= t->nk)
        return "";
    const char *s = t->labels[g * t->nk + k];
    return s ? s : "";
}

double *ps_table_row(ps_table *t, int year, int group)
{
    int i = year - t->base;
    if (i < 0 || i >= t->ny || group < 0 || group >= t->ng)
        return NULL;
    return t->v + ((size_t)i * (size_t)t->ng + (size_t)group) * (size_t)t->nc;
}

const double *ps_table_row_const(const ps_table *t, int year, int group)
{
    return ps_table_row((ps_table *)t, year, group);
}

int ps_table_col(const ps_table *t, const char *key)
{
    for (int c = 0; c < t->nc; c++)
        if (t->def->columns[c].key[0] == key[0] && strcmp(t->def->columns[c].key, key) == 0)
            return c;
    return -1;
}

const double *ps_table_series(const ps_table *t, const char *key, int group, int *stride)
{
    int c = ps_table_col(t, key);
    if (c < 0 || group < 0 || group >= t->ng)
        return NULL;
    *stride = t->ng * t->nc;
    return t->v + (size_t)group * (size_t)t->nc + (size_t)c;
}

int ps_table_value(const ps_table *t, const char *key, int year, int group, double *out)
{
    int c = ps_table_col(t, key);
    const double *r = c < 0 ? NULL : ps_table_row_const(t, year, group);
    if (!r || isnan(r[c]))
        return 0;
    *out = r[c];
    return 1;
}

void ps_put_text(FILE *f, const char *s, int first)
{
    if (!first)
        fputc(',', f);
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n") && s[0] != '#' && s[0] != ' ') {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int ps_table_write_csv(const ps_table *t, const char *dir, ps_err *err)
{
    const ps_table_def *d = t->def;
    FILE *f = ps_open_out(dir, d->file, err);
    if (!f)
        return err->code;
    fputs("year", f);
    for (int k = 0; k < t->nk; k++)
        ps_put_text(f, d->groups[k].key, 0);
    for (int c = 0; c < t->nc; c++)
        ps_put_text(f, d->columns[c].key, 0);
    fputc('\n', f);
    for (int i = 0; i < t->ny; i++)
        for (int g = 0; g < t->ng; g++) {
            const double *r = t->v + ((size_t)i * (size_t)t->ng + (size_t)g) * (size_t)t->nc;
            fprintf(f, "%d", t->base + i);
            for (int k = 0; k < t->nk; k++)
                ps_put_text(f, ps_table_group_label(t, g, k), 0);
            for (int c = 0; c < t->nc; c++)
                ps_put(f, r[c], 0);
            fputc('\n', f);
        }
    if (ps_close_out(f, dir, d->file, err))
        return err->code;
    return ps_columns_register_table(dir, d, err);
}

/* ------------------------------------------------------------ columns.csv */

#define COLUMNS_FILE "columns.csv"

static const ps_column_def COLUMNS_COLUMNS[] = {
    {"file", "文件", "File", "-", PS_KIND_KEY, 0},
    {"column", "列名", "Column", "-", PS_KIND_KEY, 0},
    {"label_zh", "中文名称", "Chinese label", "-", PS_KIND_TEXT, 0},
    {"label_en", "英文名称", "English label", "-", PS_KIND_TEXT, 0},
    {"unit", "单位", "Unit", "-", PS_KIND_TEXT, 0},
    {"kind", "类型", "Kind", "-", PS_KIND_TEXT, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static void put_def(FILE *f, const char *file, const ps_column_def *d)
{
    ps_put_text(f, file, 1);
    ps_put_text(f, d->key, 0);
    ps_put_text(f, d->label_zh, 0);
    ps_put_text(f, d->label_en, 0);
    ps_put_text(f, d->unit, 0);
    ps_put_text(f, ps_kind_name(d->kind), 0);
    fputc('\n', f);
}

/* Rewrites dir/columns.csv: the rows already there for other files, then
 * `file`'s rows (the arrays in order), then columns.csv's own rows last. */
static int register_rows(const char *dir, const char *file, const ps_column_def *const *arrays,
                         int narrays, ps_err *err)
{
    for (int a = 0; a < narrays; a++)
        for (const ps_column_def *d = arrays[a]; d && d->key; d++)
            if (check_def(file, d, err))
                return err->code;
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, COLUMNS_FILE);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, COLUMNS_FILE);
    ps_csv *old = NULL;
    if (access(path, F_OK) == 0 && !(old = ps_csv_read(path, err)))
        return ps_err_prefix(err, "reading the column register: ");
    FILE *f = fopen(tmp, "w");
    if (!f) {
        ps_csv_free(old);
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", tmp, strerror(errno));
    }
    fputs("file,column,label_zh,label_en,unit,kind\n", f);
    if (old && ps_csv_ncols(old) == 6)
        for (int r = 0; r < ps_csv_nrows(old); r++) {
            const char *ff = ps_csv_field(old, r, 0);
            if (strcmp(ff, file) == 0 || strcmp(ff, COLUMNS_FILE) == 0)
                continue;
            for (int c = 0; c < 6; c++)
                ps_put_text(f, ps_csv_field(old, r, c), c == 0);
            fputc('\n', f);
        }
    ps_csv_free(old);
    if (strcmp(file, COLUMNS_FILE) != 0)
        for (int a = 0; a < narrays; a++)
            for (const ps_column_def *d = arrays[a]; d && d->key; d++)
                put_def(f, file, d);
    for (const ps_column_def *d = COLUMNS_COLUMNS; d->key; d++)
        put_def(f, COLUMNS_FILE, d);
    int bad = ferror(f);
    if (fclose(f) || bad) {
        unlink(tmp);
        return ps_err_set(err, PS_EIO, "%s: write failed (disk full?)", tmp);
    }
    if (rename(tmp, path)) {
        unlink(tmp);
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return PS_OK;
}

int ps_columns_register(const char *dir, const char *file, const ps_column_def *defs,
                        ps_err *err)
{
    const ps_column_def *arrays[1] = {defs};
    return register_rows(dir, file, arrays, 1, err);
}

int ps_columns_register_table(const char *dir, const ps_table_def *def, ps_err *err)
{
    static const ps_column_def year[2] = {
        {"year", "年份", "Year", "year", PS_KIND_KEY, 0}, {NULL, NULL, NULL, NULL, 0, 0}};
    const ps_column_def *arrays[3] = {year, def->groups, def->columns};
    return register_rows(dir, def->file, arrays, 3, err);
}

/* ------------------------------------------------------------ reading it back */

struct ps_columns {
    ps_csv *csv;
    int n;
    char **file;         /* n, borrowed from csv */
    ps_column_def *defs; /* n, strings borrowed from csv */
};

ps_columns *ps_columns_read(const char *dir)
{
    char path[4096];
    ps_err e;
    snprintf(path, sizeof path, "%s/%s", dir, COLUMNS_FILE);
    if (access(path, R_OK))
        return NULL;
    ps_csv *t = ps_csv_read(path, &e);
    if (!t)
        return NULL;
    int cf = ps_csv_col(t, "file"), cc = ps_csv_col(t, "column"), cz = ps_csv_col(t, "label_zh"),
        ce = ps_csv_col(t, "label_en"), cu = ps_csv_col(t, "unit"), ck = ps_csv_col(t, "kind");
    ps_columns *c = calloc(1, sizeof *c);
    int n = ps_csv_nrows(t);
    if (!c || cf < 0 || cc < 0 || cz < 0 || ce < 0 || cu < 0 || ck < 0) {
        free(c);
        ps_csv_free(t);
        return NULL;
    }
    c->csv = t;
    c->file = calloc((size_t)n + 1, sizeof *c->file);
    c->defs = calloc((size_t)n + 1, sizeof *c->defs);
    if (!c->file || !c->defs) {
        ps_columns_free(c);
        return NULL;
    }
    for (int r = 0; r < n; r++) {
        int k = ps_kind_parse(ps_csv_field(t, r, ck));
        c->file[r] = (char *)ps_csv_field(t, r, cf);
        c->defs[r].key = ps_csv_field(t, r, cc);
        c->defs[r].label_zh = ps_csv_field(t, r, cz);
        c->defs[r].label_en = ps_csv_field(t, r, ce);
        c->defs[r].unit = ps_csv_field(t, r, cu);
        c->defs[r].kind = k < 0 ? PS_KIND_TEXT : (ps_kind)k;
        /* columns.csv has no headline column (its header stays as users
         * know it): the flag comes from the module's declaration in
         * memory, 0 for columns no shipped module declares statically. */
        const ps_column_def *d = ps_declared_column(c->file[r], c->defs[r].key);
        c->defs[r].headline = d ? d->headline : 0;
    }
    c->n = n;
    return c;
}

void ps_columns_free(ps_columns *c)
{
    if (!c)
        return;
    ps_csv_free(c->csv);
    free(c->file);
    free(c->defs);
    free(c);
}

const ps_column_def *ps_columns_find(const ps_columns *c, const char *file, const char *column)
{
    for (int i = 0; c && i < c->n; i++)
        if (strcmp(c->defs[i].key, column) == 0 && strcmp(c->file[i], file) == 0)
            return &c->defs[i];
    return NULL;
}

int ps_columns_count(const ps_columns *c) { return c ? c->n : 0; }
const char *ps_columns_file(const ps_columns *c, int i) { return c->file[i]; }
const ps_column_def *ps_columns_def(const ps_columns *c, int i) { return &c->defs[i]; }

const char *ps_columns_label(const ps_columns *c, const char *file, const char *column, int lang)
{
    const ps_column_def *d = ps_columns_find(c, file, column);
    if (!d)
        return column;
    return lang ? d->label_en : d->label_zh;
}

const char *ps_columns_unit(const ps_columns *c, const char *file, const char *column, int lang)
{
    const ps_column_def *d = ps_columns_find(c, file, column);
    return d ? ps_unit_label(d->unit, lang) : "";
}
