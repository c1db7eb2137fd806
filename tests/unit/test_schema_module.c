/* test_schema_module.c: a module defined here, in the test, added to a
 * run's module list (ps_run_new_with) with no other file touched, is found
 * with its labels and units in every output: its CSV, columns.csv,
 * summary.csv, headline.csv, state.get, the workbook, the SQLite database
 * and the report.  GPL-3.0-or-later. */
#include "testutil.h"

#include <zlib.h>

#include <sqlite3.h>

#include "csv.h"
#include "module.h"
#include "output.h"
#include "report.h"
#include "run.h"
#include "table.h"

/* ================================================================ the module */

/* tidal.csv: tide_level(t) = t - 2000 + 0.25 metres, tide_range = 2 x level. */
static const ps_column_def TIDAL_COLUMNS[] = {
    {"tide_level", "潮位", "Tide level", "metres", PS_KIND_STOCK, 1},
    {"tide_range", "潮差", "Tide range", "metres", PS_KIND_RATE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def TIDAL = {"tidal.csv", NULL, TIDAL_COLUMNS};

typedef struct {
    ps_table *t;
} tidal;

static int td_create(ps_run *run, void **self, ps_err *err)
{
    tidal *s = calloc(1, sizeof *s);
    if (!s)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = s;
    int base = ps_run_base_year(run), ny = ps_run_end_year(run) - base + 1;
    return (s->t = ps_table_new(&TIDAL, base, ny, 1, err)) ? PS_OK : err->code;
}

static int td_step(void *self, ps_run *run, int year, ps_err *err)
{
    tidal *s = self;
    (void)run;
    (void)err;
    double *r = ps_table_row(s->t, year, 0);
    r[0] = year - 2000 + 0.25;
    r[1] = 2 * r[0];
    return PS_OK;
}

static int td_tables(void *self, const ps_table **out, int max)
{
    tidal *s = self;
    if (max < 1)
        return 0;
    out[0] = s->t;
    return 1;
}

static int td_summarize(void *self, ps_run *run, ps_summary *sum, ps_err *err)
{
    tidal *s = self;
    double v = 0;
    (void)run;
    (void)err;
    ps_table_value(s->t, "tide_level", 2030, 0, &v);
    return ps_summary_num(sum, 2030, "tidal_level_{year}", v, "metres", "{year}年潮位",
                          "Tide level in {year}");
}

static int td_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    (void)self;
    (void)run;
    (void)err;
    return ps_headline_add(h, 600, "潮汐：2030年潮位30.25米。", "Tides: the tide stands at 30.25 metres in 2030.");
}

static void td_destroy(void *self)
{
    tidal *s = self;
    if (s)
        ps_table_free(s->t);
    free(s);
}

static const ps_module TIDAL_MODULE = {
    .name = "tidal",
    .create = td_create,
    .step = td_step,
    .tables = td_tables,
    .summarize = td_summarize,
    .headline = td_headline,
    .destroy = td_destroy,
};

extern const ps_module ps_demography_module;

/* ================================================================ helpers */

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(f);
    if (s) {
        s[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return s;
}

static uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* The text of `entry` in a zip file (stored or deflated), or NULL. */
static char *zip_entry(const char *zip, size_t len, const char *entry)
{
    const unsigned char *z = (const unsigned char *)zip;
    size_t el = strlen(entry);
    for (size_t i = 0; i + 30 < len; i++) {
        if (le32(z + i) != 0x04034b50)
            continue;
        uint16_t method = le16(z + i + 8), nl = le16(z + i + 26), xl = le16(z + i + 28);
        uint32_t csize = le32(z + i + 18), usize = le32(z + i + 22);
        if (nl != el || memcmp(z + i + 30, entry, el) != 0)
            continue;
        const unsigned char *data = z + i + 30 + nl + xl;
        if (method == 0) {
            char *out = malloc(csize + 1);
            memcpy(out, data, csize);
            out[csize] = '\0';
            return out;
        }
        /* libxlsxwriter writes sizes in a data descriptor: inflate until the stream ends. */
        size_t cap = usize ? usize + 1 : 1 << 22;
        char *out = malloc(cap);
        z_stream s;
        memset(&s, 0, sizeof s);
        if (inflateInit2(&s, -MAX_WBITS) != Z_OK) {
            free(out);
            return NULL;
        }
        s.next_in = (unsigned char *)data;
        s.avail_in = (uInt)(len - (size_t)(data - z));
        s.next_out = (unsigned char *)out;
        s.avail_out = (uInt)(cap - 1);
        int rc = inflate(&s, Z_FINISH);
        size_t n = s.total_out;
        inflateEnd(&s);
        if (rc != Z_STREAM_END) {
            free(out);
            return NULL;
        }
        out[n] = '\0';
        return out;
    }
    return NULL;
}

/* ================================================================ the test */

static void test_a_test_module_appears_in_every_output(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    /* A scenario of the population only (the baseline's data files). */
    char cwd[1024], text[8192];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_true(strlen(cwd) < 1000);
    snprintf(text, sizeof text,
             "return { name = 'tidal_test', base_year = 2020, end_year = 2035,\n"
             "  population = { base = '%s/data/feidong/population_2020.csv',\n"
             "    mortality = '%s/data/feidong/mortality_2020.csv',\n"
             "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2, srb = 1.11,\n"
             "    mortality_improvement = 0.01, net_migration = { total = 1500,\n"
             "      distribution = '%s/data/feidong/migration_distribution.csv' } } }\n",
             cwd, cwd, cwd, cwd);
    char *scen = tu_write_temp(text);
    ps_scenario *sc = ps_scenario_load(scen, NULL, "scripts", &err);
    tu_temp_free(scen);
    if (!sc)
        fail_msg("%s", err.msg);
    const ps_module *mods[] = {&ps_demography_module, &TIDAL_MODULE, NULL};
    ps_run *run = ps_run_new_with(sc, mods, &err);
    if (!run)
        fail_msg("%s", err.msg);
    if (ps_run_project(run, &err))
        fail_msg("%s", err.msg);
    /* state.get / stochastic series: from the declared table, no callback. */
    double v;
    assert_int_equal(ps_run_indicator(run, "tidal.tide_range", 2031, &v), 1);
    assert_true(v == 2 * 31.25);
    int stride;
    const double *col = ps_run_column(run, "tide_level", &stride);
    assert_non_null(col);
    assert_true(col[0] == ps_run_base_year(run) - 2000 + 0.25);

    char dir[] = "/tmp/ps_test_schema_module_XXXXXX";
    assert_non_null(mkdtemp(dir));
    if (ps_run_write(run, dir, &err) || ps_report_run(dir, 0, PS_LANG_EN, &err))
        fail_msg("%s", err.msg);

    /* The CSV and columns.csv. */
    char *csv = slurp(dir, "tidal.csv", NULL);
    assert_non_null(csv);
    assert_true(strncmp(csv, "year,tide_level,tide_range\n2020,20.25,40.5\n", 43) == 0);
    char *reg = slurp(dir, "columns.csv", NULL);
    assert_non_null(strstr(reg, "tidal.csv,year,年份,Year,year,key\n"));
    assert_non_null(strstr(reg, "tidal.csv,tide_level,潮位,Tide level,metres,stock\n"));
    assert_non_null(strstr(reg, "tidal.csv,tide_range,潮差,Tide range,metres,rate\n"));
    /* summary.csv and headline.csv. */
    char *sum = slurp(dir, "summary.csv", NULL);
    assert_non_null(strstr(sum, "tidal_level_2030,30.25,2030年潮位,Tide level in 2030,metres\n"));
    char *hl = slurp(dir, "headline.csv", NULL);
    assert_non_null(strstr(hl, "the tide stands at 30.25 metres"));
    /* The report: the sentence first, the table with label and unit. */
    char *html = slurp(dir, "report.html", NULL);
    assert_non_null(html);
    char *first = strstr(html, "<h2"), *second = first ? strstr(first + 3, "<h2") : NULL;
    char *sentence = strstr(html, "the tide stands at 30.25 metres");
    assert_true(first && second && sentence && sentence > first && sentence < second);
    assert_non_null(strstr(html, "title=\"tide_level\">Tide level<br><small>metres</small>"));
    /* The SQLite database: the table and its declarations. */
    char path[4096];
    snprintf(path, sizeof path, "%s/results.sqlite", dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT (SELECT count(*) FROM tidal), label_en, unit "
                                        "FROM columns WHERE file = 'tidal.csv' AND "
                                        "column = 'tide_range'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), ps_run_end_year(run) - ps_run_base_year(run) + 1);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "Tide range");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "metres");
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* The workbook: a sheet named tidal, the unit in its second row and the
     * label as the column's comment. */
    size_t zlen;
    char *xlsx = slurp(dir, "results.xlsx", &zlen);
    assert_non_null(xlsx);
    char *wbx = zip_entry(xlsx, zlen, "xl/workbook.xml");
    char *strings = zip_entry(xlsx, zlen, "xl/sharedStrings.xml");
    assert_non_null(wbx);
    assert_non_null(strings);
    assert_non_null(strstr(wbx, "name=\"tidal\""));
    assert_non_null(strstr(strings, ">tide_level<"));
    assert_non_null(strstr(strings, ">metres<"));
    int found_label = 0;
    for (int k = 1; k < 64 && !found_label; k++) {
        char name[64];
        snprintf(name, sizeof name, "xl/comments%d.xml", k);
        char *c = zip_entry(xlsx, zlen, name);
        found_label = c && strstr(c, "Tide level");
        free(c);
    }
    assert_true(found_label);
    free(wbx);
    free(strings);
    free(xlsx);
    free(csv);
    free(reg);
    free(sum);
    free(hl);
    free(html);
    ps_remove_tree(dir);
    ps_run_free(run);
    ps_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_test_module_appears_in_every_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
