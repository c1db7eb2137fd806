/* test_schema_module.c: a module defined here, in the test, added to a
 * module list (ps_run_new_with, ps_stoch_opts.modules,
 * ps_sweep_spec.modules) with no other file touched, is found with its
 * labels and units in every output: its CSV, columns.csv, summary.csv,
 * headline.csv, state.get, the workbook, the SQLite database and the
 * report; in stochastic draws (quantiles.csv, depletion.csv, the fan chart
 * and the report's risk table, named in words); and in a sweep (sweep.csv,
 * tornado.csv with labels and units); and in a calibration the scenario
 * declares (solved with the run's modules); and in a comparison
 * (comparison.csv, differences.csv).  GPL-3.0-or-later. */
#include "testutil.h"

#include <zlib.h>

#include <sqlite3.h>

#include "calibrate.h"
#include "compare.h"
#include "csv.h"
#include "module.h"
#include "output.h"
#include "population.h"
#include "render.h"
#include "report.h"
#include "run.h"
#include "stochastic.h"
#include "sweep.h"
#include "table.h"

/* ================================================================ the module */

/* tidal.csv, a small fund beside the population:
 *   tide_level(t) = t - 2000 + 0.25 metres, tide_range = 2 x level;
 *   insured(t) = population(t) / 1000 (so it varies between draws);
 *   income_total 5 yuan, expenditure 15 yuan, interest 0 a year, and the
 *   balance fund(t) = 100 - 10 (t - 2019): 90 in 2020, 0 in 2029, -10 in
 *   2030, so the fund is depleted (first negative) in 2030 in every draw.
 * Headline columns (drawn by default in stochastic runs): tide_level,
 * insured, fund; tide_range is not. */
static const ps_column_def TIDAL_COLUMNS[] = {
    {"tide_level", "潮位", "Tide level", "metres", PS_KIND_STOCK, 1},
    {"tide_range", "潮差", "Tide range", "metres", PS_KIND_RATE, 0},
    {"insured", "防潮保险参保人数（每千居民一人）", "Insured against floods (one per 1,000 residents)", "persons",
     PS_KIND_STOCK, 1},
    {"interest", "防潮基金利息", "Tidal fund interest", "yuan", PS_KIND_FLOW, 0},
    {"income_total", "防潮基金收入", "Tidal fund income", "yuan", PS_KIND_FLOW, 0},
    {"expenditure", "防潮基金支出", "Tidal fund spending", "yuan", PS_KIND_FLOW, 0},
    {"fund", "防潮基金累计结余", "Tidal fund balance", "yuan", PS_KIND_FUND, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};
enum { T_LEVEL, T_RANGE, T_INSURED, T_INTEREST, T_INCOME, T_EXPENDITURE, T_FUND };
static const ps_table_def TIDAL = {"tidal.csv", NULL, TIDAL_COLUMNS};
static const ps_table_def *const TIDAL_DECLARES[] = {&TIDAL, NULL};

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
    (void)err;
    double *r = ps_table_row(s->t, year, 0);
    r[T_LEVEL] = year - 2000 + 0.25;
    r[T_RANGE] = 2 * r[T_LEVEL];
    r[T_INSURED] = ps_pop_sum(ps_run_pop(run, year), 0, PS_NAGE - 1) / 1000;
    r[T_INTEREST] = 0;
    r[T_INCOME] = 5;
    r[T_EXPENDITURE] = 15;
    r[T_FUND] = 100 - 10.0 * (year - 2019);
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
    double v = 0, w = 0;
    (void)run;
    (void)err;
    ps_table_value(s->t, "tide_level", 2030, 0, &v);
    ps_table_value(s->t, "insured", 2035, 0, &w);
    ps_summary_num(sum, 2030, "tidal_level_{year}", v, "metres", "{year}年潮位",
                   "Tide level in {year}");
    ps_summary_headline(sum);
    ps_summary_num(sum, 2035, "tidal_insured_{year}", w, "persons", "{year}年防潮保险参保人数",
                   "Insured against floods in {year}");
    ps_summary_headline(sum);
    return ps_summary_num(sum, 0, "tidal_depletion_year", 2030, "year", "防潮基金耗尽年份",
                          "Year the tidal fund is depleted");
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

/* Everything the presenters know of it is here: its name in words, its
 * declared table, its callbacks. */
static const ps_module TIDAL_MODULE = {
    .name = "tidal",
    .label_zh = "潮汐防护",
    .label_en = "Tidal defences",
    .declares = TIDAL_DECLARES,
    .create = td_create,
    .step = td_step,
    .tables = td_tables,
    .summarize = td_summarize,
    .headline = td_headline,
    .destroy = td_destroy,
};

/* levees.csv, a second module whose fund balance is not called "fund":
 * it is a fund because its module declares it so (kind PS_KIND_FUND, a
 * headline), not by its name.  reserve(t) = 130 - 10 (t - 2020): 0 in
 * 2033, -10 in 2034, so it is first negative (depleted) in 2034 in every
 * draw. */
static const ps_column_def LEVEE_COLUMNS[] = {
    {"reserve", "堤防维护储备金结余", "Levee upkeep reserve", "yuan", PS_KIND_FUND, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def LEVEES = {"levees.csv", NULL, LEVEE_COLUMNS};
static const ps_table_def *const LEVEE_DECLARES[] = {&LEVEES, NULL};

static int lv_create(ps_run *run, void **self, ps_err *err)
{
    int base = ps_run_base_year(run), ny = ps_run_end_year(run) - base + 1;
    ps_table *t = ps_table_new(&LEVEES, base, ny, 1, err);
    *self = t;
    return t ? PS_OK : err->code;
}

static int lv_step(void *self, ps_run *run, int year, ps_err *err)
{
    (void)run;
    (void)err;
    ps_table_row(self, year, 0)[0] = 130 - 10.0 * (year - 2020);
    return PS_OK;
}

static int lv_tables(void *self, const ps_table **out, int max)
{
    if (max < 1)
        return 0;
    out[0] = self;
    return 1;
}

static void lv_destroy(void *self) { ps_table_free(self); }

static const ps_module LEVEE_MODULE = {
    .name = "levees",
    .label_zh = "堤防",
    .label_en = "Levees",
    .declares = LEVEE_DECLARES,
    .create = lv_create,
    .step = lv_step,
    .tables = lv_tables,
    .destroy = lv_destroy,
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

/* ================================================================ the tests */

/* A scenario of the population only (the baseline's data files), written
 * to a temporary file (tu_temp_free removes it). */
static char *tidal_scenario_with(const char *extra)
{
    char cwd[1024], text[8192];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_true(strlen(cwd) < 1000);
    snprintf(text, sizeof text,
             "return { name = 'tidal_test', base_year = 2020, end_year = 2035,\n"
             "  population = { base = '%s/data/feidong/population_2020.csv',\n"
             "    mortality = '%s/data/feidong/mortality_2020.csv',\n"
             "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2, srb = 1.11,\n"
             "    mortality_improvement = 0.01, net_migration = { total = 1500,\n"
             "      distribution = '%s/data/feidong/migration_distribution.csv' } }%s }\n",
             cwd, cwd, cwd, cwd, extra);
    return tu_write_temp(text);
}

static char *tidal_scenario(void) { return tidal_scenario_with(""); }

/* The module list of these tests: the population and the modules above.
 * Nothing else names them: no file of the engine is touched. */
static const ps_module *const MODS[] = {&ps_demography_module, &TIDAL_MODULE, &LEVEE_MODULE,
                                        NULL};

/* The central projection of the scenario at path written into dir. */
static ps_run *central_run(const char *path, const char *dir, ps_scenario **sc)
{
    ps_err err;
    ps_err_clear(&err);
    *sc = ps_scenario_load(path, NULL, "scripts", &err);
    if (!*sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new_with(*sc, MODS, &err);
    if (!run)
        fail_msg("%s", err.msg);
    if (ps_run_project(run, &err) || (dir && ps_run_write(run, dir, &err)))
        fail_msg("%s", err.msg);
    return run;
}

static void test_a_test_module_appears_in_every_output(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    char *scen = tidal_scenario();
    ps_scenario *sc;
    ps_run *run = central_run(scen, NULL, &sc);
    tu_temp_free(scen);
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
    const char *head = "year,tide_level,tide_range,insured,interest,income_total,expenditure,"
                       "fund\n2020,20.25,40.5,";
    assert_true(strncmp(csv, head, strlen(head)) == 0);
    char *reg = slurp(dir, "columns.csv", NULL);
    assert_non_null(strstr(reg, "tidal.csv,year,年份,Year,year,key\n"));
    assert_non_null(strstr(reg, "tidal.csv,tide_level,潮位,Tide level,metres,stock\n"));
    assert_non_null(strstr(reg, "tidal.csv,tide_range,潮差,Tide range,metres,rate\n"));
    assert_non_null(strstr(reg, "tidal.csv,fund,防潮基金累计结余,Tidal fund balance,yuan,fund\n"));
    /* summary.csv and headline.csv. */
    char *sum = slurp(dir, "summary.csv", NULL);
    assert_non_null(strstr(sum, "tidal_level_2030,30.25,2030年潮位,Tide level in 2030,metres,1\n"));
    char *hl = slurp(dir, "headline.csv", NULL);
    assert_non_null(strstr(hl, "the tide stands at 30.25 metres"));
    /* The report: the sentence first, the module's table under its name in
     * words (not its key), each column with label and unit. */
    char *html = slurp(dir, "report.html", NULL);
    assert_non_null(html);
    char *first = strstr(html, "<h2"), *second = first ? strstr(first + 3, "<h2") : NULL;
    char *sentence = strstr(html, "the tide stands at 30.25 metres");
    assert_true(first && second && sentence && sentence > first && sentence < second);
    assert_non_null(strstr(html, "<h3>Tidal defences (tidal.csv)</h3>"));
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

/* Stochastic draws (ps_stoch_opts.modules) on one thread and on two: the
 * module's headline columns in quantiles.csv, its fund in depletion.csv
 * and the stochastic summary rows, the same bytes for both thread counts,
 * and its name in words in the fan chart's title and the report. */
static void test_the_test_module_in_stochastic_draws(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    char *scen = tidal_scenario();
    char d1[] = "/tmp/ps_test_schema_draws1_XXXXXX", d2[] = "/tmp/ps_test_schema_draws2_XXXXXX";
    assert_non_null(mkdtemp(d1));
    assert_non_null(mkdtemp(d2));
    ps_scenario *sc;
    ps_run *run = central_run(scen, d1, &sc);
    ps_stoch_opts o = {0};
    o.scenario = scen;
    o.scripts_dir = "scripts";
    o.lim.max_instructions = PS_DEFAULT_MAX_INSTRUCTIONS;
    o.lim.max_memory = PS_DEFAULT_MAX_MEMORY;
    o.draws = 24; /* 3 blocks of 8: the two threads share them */
    o.seed = 7;
    o.nranks = 1;
    o.modules = MODS;
    for (int threads = 1; threads <= 2; threads++) {
        o.threads = threads;
        ps_stoch *st = ps_stoch_run(&o, &err);
        if (!st)
            fail_msg("threads %d: %s", threads, err.msg);
        if (ps_stoch_write(st, threads == 1 ? d1 : d2, &err))
            fail_msg("%s", err.msg);
        ps_stoch_free(st);
    }
    char *q1 = slurp(d1, "quantiles.csv", NULL), *q2 = slurp(d2, "quantiles.csv", NULL);
    char *p1 = slurp(d1, "depletion.csv", NULL), *p2 = slurp(d2, "depletion.csv", NULL);
    assert_non_null(q1);
    assert_non_null(q2);
    assert_non_null(p1);
    assert_non_null(p2);
    assert_string_equal(q1, q2);
    assert_string_equal(p1, p2);
    /* Columns the same in every draw: every quantile and the mean are the
     * value itself (30.25 is exact in the fixed-point sum). */
    assert_non_null(strstr(q1, "\n2030,tidal.tide_level,30.25,30.25,30.25,30.25,30.25,30.25,"
                               "30.25,30.25\n"));
    assert_non_null(strstr(q1, "\n2030,tidal.fund,-10,-10,-10,-10,-10,-10,-10,-10\n"));
    /* Not a headline column: not drawn by default. */
    assert_null(strstr(q1, "tidal.tide_range"));
    /* insured = population / 1000 varies with the draws: the 2.5% quantile
     * below the 97.5% one in 2035, the median near the central run's. */
    const char *rowhead = "\n2035,tidal.insured,";
    char *row = strstr(q1, rowhead);
    assert_non_null(row);
    double qv[8];
    assert_int_equal(sscanf(row + strlen(rowhead), "%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &qv[0], &qv[1], &qv[2],
                            &qv[3], &qv[4], &qv[5], &qv[6], &qv[7]),
                     8);
    assert_true(qv[1] < qv[7]);
    double central;
    assert_int_equal(ps_run_indicator(run, "tidal.insured", 2035, &central), 1);
    assert_true(qv[1] < central && central < qv[7]);
    /* The fund is depleted in 2030 in every draw. */
    assert_non_null(strstr(p1, "\ntidal,2029,0,0\n"));
    assert_non_null(strstr(p1, "\ntidal,2030,1,1\n"));
    assert_non_null(strstr(p1, "\ntidal,none,0,\n"));
    /* The levees' reserve, a fund by its declared kind (its key is not
     * "fund"), named by its module: depleted in 2034 in every draw. */
    assert_non_null(strstr(q1, "\n2034,levees.reserve,-10,-10,"));
    assert_non_null(strstr(p1, "\nlevees,2033,0,0\n"));
    assert_non_null(strstr(p1, "\nlevees,2034,1,1\n"));
    assert_non_null(strstr(p1, "\nlevees,none,0,\n"));
    char *sum = slurp(d1, "summary.csv", NULL);
    assert_non_null(strstr(sum, "\ntidal_depletion_probability_by_2030,1,"));
    assert_non_null(strstr(sum, "\nlevees_depletion_probability_by_2035,1,"));
    assert_non_null(strstr(sum, "\nlevees_depletion_probability_by_2030,0,"));
    /* columns.csv: the module's own columns with labels and units (from the
     * central run) and the files of the draws. */
    char *reg = slurp(d1, "columns.csv", NULL);
    assert_non_null(strstr(reg, "tidal.csv,insured,防潮保险参保人数（每千居民一人）,"
                                "\"Insured against floods (one per 1,000 residents)\",persons,stock\n"));
    assert_non_null(strstr(reg, "\nquantiles.csv,indicator,"));
    assert_non_null(strstr(reg, "\ndepletion.csv,fund,"));
    /* The charts: the module's insured get a fan chart (its fund, the same
     * in every draw, gets none) titled with the module's name and the
     * column's label in words, in both languages. */
    for (int lang = PS_LANG_ZH; lang <= PS_LANG_EN; lang++) {
        ps_render *r = ps_render_new(lang);
        assert_non_null(r);
        if (ps_render_plan_run(r, d1, &err))
            fail_msg("%s", err.msg);
        int fan = -1;
        for (int i = 0; i < ps_render_count(r); i++) {
            const char *t = ps_render_title(r, i);
            assert_null(strstr(t, "tidal")); /* no key in any title */
            if (strcmp(ps_render_name(r, i), "fan_tidal_insured") == 0)
                fan = i;
        }
        assert_true(fan >= 0);
        assert_non_null(strstr(ps_render_title(r, fan),
                               lang ? "Tidal defences: Insured against floods"
                                    : "潮汐防护：防潮保险参保人数"));
        ps_render_free(r);
    }
    /* The report's risk table names the fund in words: 100% by 2030, the
     * median depletion year 2030. */
    if (ps_report_run(d1, 0, PS_LANG_EN, &err))
        fail_msg("%s", err.msg);
    char *html = slurp(d1, "report.html", NULL);
    char *risk = strstr(html, "<tr><td>Tidal defences</td><td class=\"n\">100.0%</td>");
    assert_non_null(risk);
    assert_non_null(strstr(risk, "<td class=\"n\">2030</td>"));
    risk = strstr(html, "<tr><td>Levees</td><td class=\"n\">0.0%</td>");
    assert_non_null(risk);
    assert_non_null(strstr(risk, "<td class=\"n\">2034</td>"));
    free(html);
    /* A fund's fan chart is chosen by its module's declaration (its
     * headline column of kind fund), not by the key "fund": the levees'
     * reserve, spread by hand around its median (p2_5 = p50 - 30, ...,
     * p97_5 = p50 + 30: the fan chart needs a spread, which the reserve,
     * the same in every draw, lacks), gets its fan chart, titled in
     * words. */
    {
        char path[512];
        snprintf(path, sizeof path, "%s/quantiles.csv", d1);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        char *line = q1;
        while (line && *line) {
            char *nl = strchr(line, '\n');
            int len = nl ? (int)(nl - line) : (int)strlen(line);
            const char *comma = strchr(line, ',');
            if (comma && comma - line < len && strncmp(comma, ",levees.reserve,", 16) == 0) {
                double m = 130 - 10.0 * (atoi(line) - 2020);
                fprintf(f, "%d,levees.reserve,%g,%g,%g,%g,%g,%g,%g,%g\n", atoi(line), m, m - 30, m - 20,
                        m - 10, m, m + 10, m + 20, m + 30);
            } else {
                fprintf(f, "%.*s\n", len, line);
            }
            line = nl ? nl + 1 : NULL;
        }
        assert_int_equal(fclose(f), 0);
        for (int lang = PS_LANG_ZH; lang <= PS_LANG_EN; lang++) {
            ps_render *r = ps_render_new(lang);
            assert_non_null(r);
            if (ps_render_plan_run(r, d1, &err))
                fail_msg("%s", err.msg);
            int fan = -1;
            for (int i = 0; i < ps_render_count(r); i++)
                if (strcmp(ps_render_name(r, i), "fan_levees_reserve") == 0)
                    fan = i;
            assert_true(fan >= 0);
            assert_non_null(strstr(ps_render_title(r, fan), lang ? "Levees" : "堤防"));
            ps_render_free(r);
        }
    }
    free(reg);
    free(sum);
    free(q1);
    free(q2);
    free(p1);
    free(p2);
    ps_run_free(run);
    ps_scenario_free(sc);
    ps_remove_tree(d1);
    ps_remove_tree(d2);
    tu_temp_free(scen);
}

/* A sweep (ps_sweep_spec.modules) of the TFR: every summary row of the
 * module in sweep.csv, its headline rows in tornado.csv with their labels
 * and units; the tide does not move with the TFR, the insured do. */
static void test_the_test_module_in_a_sweep(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    char *scen = tidal_scenario();
    char dir[] = "/tmp/ps_test_schema_sweep_XXXXXX";
    assert_non_null(mkdtemp(dir));
    ps_sweep_spec sp = {0};
    sp.scenario = scen;
    sp.scripts_dir = "scripts";
    sp.lim.max_instructions = PS_DEFAULT_MAX_INSTRUCTIONS;
    sp.lim.max_memory = PS_DEFAULT_MAX_MEMORY;
    sp.nvar = 1;
    if (ps_sweep_parse_var("population.tfr=1:1.6:2", &sp.var[0], &err))
        fail_msg("%s", err.msg);
    sp.threads = 2;
    sp.nranks = 1;
    sp.modules = MODS;
    if (ps_sweep_run(&sp, dir, &err))
        fail_msg("%s", err.msg);
    char *sw = slurp(dir, "sweep.csv", NULL), *tor = slurp(dir, "tornado.csv", NULL);
    char *reg = slurp(dir, "columns.csv", NULL);
    assert_non_null(sw);
    assert_non_null(tor);
    assert_non_null(reg);
    assert_non_null(strstr(sw, "\n(scenario),,tidal_level_2030,30.25\n"));
    assert_non_null(strstr(sw, "\npopulation.tfr,1,tidal_level_2030,30.25\n"));
    assert_non_null(strstr(sw, "\npopulation.tfr,1.6,tidal_depletion_year,2030\n"));
    assert_non_null(strstr(tor, "\ntidal_level_2030,population.tfr,1,1.6,30.25,30.25,30.25,0,"
                                "2030年潮位,Tide level in 2030,metres\n"));
    /* insured in 2035: more births with the higher TFR (children born
     * from 2021 are in the 2035 population). */
    const char *whead = "\ntidal_insured_2035,population.tfr,1,1.6,";
    char *w = strstr(tor, whead);
    assert_non_null(w);
    double lo, hi, base, swing;
    assert_int_equal(sscanf(w + strlen(whead), "%lf,%lf,%lf,%lf,", &lo, &hi, &base, &swing), 4);
    assert_true(lo < base && base < hi);
    assert_true(swing == hi - lo);
    assert_non_null(strstr(w, ",2035年防潮保险参保人数,Insured against floods in 2035,persons\n"));
    /* Not a headline row: in sweep.csv only. */
    assert_null(strstr(tor, "tidal_depletion_year"));
    assert_non_null(strstr(reg, "\ntornado.csv,label_en,"));
    free(sw);
    free(tor);
    free(reg);
    ps_remove_tree(dir);
    tu_temp_free(scen);
}

/* The test scenario with a declared calibration of the TFR aimed at the
 * test module's insured in 2035: *target is the central run of `plain`'s
 * figure plus 10 (10,000 more residents), which a TFR above the scenario's
 * 1.2 reaches.  `before` is put ahead of the calibrations (a description). */
static char *calibrated_scenario(const char *plain, const char *before, double *target)
{
    ps_scenario *sc;
    ps_run *run = central_run(plain, NULL, &sc);
    double central;
    assert_int_equal(ps_run_indicator(run, "tidal.insured", 2035, &central), 1);
    ps_run_free(run);
    ps_scenario_free(sc);
    *target = central + 10;
    char extra[512];
    snprintf(extra, sizeof extra,
             "%s,\n  calibrations = { { param = 'population.tfr', indicator = 'tidal.insured',\n"
             "    year = 2035, target = %.17g, range = { 0.8, 2.0 } } }",
             before, *target);
    return tidal_scenario_with(extra);
}

/* A calibration the scenario declares, aimed at the test module's
 * indicator: solved with the run's module list (ps_calibrate_declared_with,
 * and in a sweep with ps_sweep_spec.modules), while the shipped list has no
 * such indicator.  The target is the central run's insured in 2035 plus 10
 * (10,000 more residents): a TFR above the scenario's 1.2 reaches it, and
 * every point of a sweep of the mortality improvement meets it. */
static void test_a_declared_calibration_runs_the_run_modules(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    char *plain = tidal_scenario();
    double target;
    char *scen = calibrated_scenario(plain, "", &target);
    tu_temp_free(plain);
    ps_scenario *sc;
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    ps_calib_fixed sol[PS_CALIB_MAX];
    double got[PS_CALIB_MAX];
    int n = -1;
    /* The shipped modules: no such indicator. */
    sc = ps_scenario_load(scen, &lim, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    assert_int_not_equal(ps_calibrate_declared(sc, scen, &lim, "scripts", NULL, 0, sol, got, &n,
                                               &err),
                         PS_OK);
    assert_non_null(strstr(err.msg, "no indicator 'tidal.insured'"));
    ps_scenario_free(sc);
    /* The run's modules: solved, the TFR above 1.2, the target met. */
    ps_err_clear(&err);
    sc = ps_scenario_load(scen, &lim, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    if (ps_calibrate_declared_with(sc, scen, &lim, "scripts", MODS, NULL, 0, sol, got, &n, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(n, 1);
    assert_string_equal(sol[0].key, "population.tfr");
    assert_true(sol[0].value > 1.2 && sol[0].value < 2.0);
    assert_true(fabs(got[0] - target) <= 1e-9 * target);
    ps_scenario_free(sc);
    /* A sweep with the test's modules solves it at every point. */
    char dir[] = "/tmp/ps_test_schema_calib_XXXXXX";
    assert_non_null(mkdtemp(dir));
    ps_sweep_spec sp = {0};
    sp.scenario = scen;
    sp.scripts_dir = "scripts";
    sp.lim = lim;
    sp.nvar = 1;
    if (ps_sweep_parse_var("population.mortality_improvement=0.005:0.015:2", &sp.var[0], &err))
        fail_msg("%s", err.msg);
    sp.threads = 2;
    sp.nranks = 1;
    sp.modules = MODS;
    if (ps_sweep_run(&sp, dir, &err))
        fail_msg("%s", err.msg);
    char *sw = slurp(dir, "sweep.csv", NULL);
    assert_non_null(sw);
    int rows = 0;
    for (char *p = strstr(sw, ",tidal_insured_2035,"); p; p = strstr(p + 1, ",tidal_insured_2035,")) {
        double v = strtod(p + strlen(",tidal_insured_2035,"), NULL);
        assert_true(fabs(v - target) <= 1e-6 * target);
        rows++;
    }
    assert_int_equal(rows, 3); /* the scenario and the two points */
    free(sw);
    ps_remove_tree(dir);
    tu_temp_free(scen);
}

/* A comparison (ps_compare_spec.modules) of two scenarios run with the
 * test's modules: each module's fund, found by its declaration (the
 * levees' balance is called "reserve"), with its income, expenditure and
 * insured where the table has them, in comparison.csv and differences.csv;
 * columns that are not the fund's are not compared.  The second scenario
 * declares a calibration (the TFR that gives the central run's insured in
 * 2035 plus 10): compare solves it as `run` does, with the same modules. */
static void test_the_test_modules_in_a_comparison(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    char *a = tidal_scenario();
    double target;
    char *b = calibrated_scenario(a, ", description = 'More children.'", &target);
    char dir[] = "/tmp/ps_test_schema_compare_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[4096];
    snprintf(out, sizeof out, "%s/out", dir);
    const char *paths[] = {a, b};
    ps_compare_spec sp = {0};
    sp.n = 2;
    sp.scenarios = paths;
    sp.out = out;
    sp.scripts_dir = "scripts";
    sp.lim.max_instructions = PS_DEFAULT_MAX_INSTRUCTIONS;
    sp.lim.max_memory = PS_DEFAULT_MAX_MEMORY;
    sp.lang = PS_LANG_EN;
    sp.modules = MODS;
    if (ps_compare(&sp, &err))
        fail_msg("%s", err.msg);
    char *cmp = slurp(out, "comparison.csv", NULL);
    assert_non_null(cmp);
    /* tidal.fund = 100 - 10 (t - 2019), levees.reserve = 130 - 10 (t - 2020). */
    assert_non_null(strstr(cmp, "\ntidal_test,2030,tidal.fund,-10\n"));
    assert_non_null(strstr(cmp, "\ntidal_test,2030,tidal.income_total,5\n"));
    assert_non_null(strstr(cmp, "\ntidal_test,2030,tidal.expenditure,15\n"));
    assert_non_null(strstr(cmp, ",2030,tidal.insured,"));
    assert_non_null(strstr(cmp, "\ntidal_test,2034,levees.reserve,-10\n"));
    assert_null(strstr(cmp, "tidal.tide_level"));
    assert_null(strstr(cmp, "tidal.interest"));
    /* The calibrated scenario (its folder tidal_test_2) meets its target. */
    const char *ins = "\ntidal_test_2,2035,tidal.insured,";
    char *row = strstr(cmp, ins);
    assert_non_null(row);
    double v = strtod(row + strlen(ins), NULL);
    assert_true(fabs(v - target) <= 1e-6 * target);
    char *dif = slurp(out, "differences.csv", NULL);
    assert_non_null(dif);
    assert_non_null(strstr(dif, "\nlevees.reserve,2030,"));
    /* The decision table finds each fund by its declaration too: the
     * levees' reserve (130 - 10 (t - 2020): first negative in 2034, -20 in
     * 2035, the same in both scenarios) is a fund row named by its
     * module's and its column's labels, beside the tidal fund
     * (100 - 10 (t - 2019) = -60 in 2035). */
    char *dec = slurp(out, "decision.csv", NULL);
    assert_non_null(dec);
    assert_non_null(strstr(dec, "\nfunds,levees.depletion_year,堤防：累计结余首次为负的年份,"
                                "Levees: first year the balance is negative,year,2034,2034,"));
    assert_non_null(strstr(dec, "\nfunds,levees.reserve.2035,堤防：2035年堤防维护储备金结余,"
                                "\"Levees: Levee upkeep reserve, 2035\",yuan,-20,-20,"));
    assert_non_null(strstr(dec, "\nfunds,tidal.fund.2035,"));
    assert_non_null(strstr(dec, "\"Tidal defences: Tidal fund balance, 2035\",yuan,-60,"));
    free(dec);
    free(cmp);
    free(dif);
    ps_remove_tree(dir);
    tu_temp_free(a);
    tu_temp_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_test_module_appears_in_every_output),
        cmocka_unit_test(test_the_test_module_in_stochastic_draws),
        cmocka_unit_test(test_the_test_module_in_a_sweep),
        cmocka_unit_test(test_a_declared_calibration_runs_the_run_modules),
        cmocka_unit_test(test_the_test_modules_in_a_comparison),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
