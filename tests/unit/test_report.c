/* test_report.c: report.html, report.pdf, results.xlsx and results.sqlite
 * from a small results folder written here (3 years, ages 0..2, one fund
 * that runs out in 2021).  GPL-3.0-or-later. */
#include "testutil.h"

#include <fcntl.h>

#include "render.h"
#include "report.h"
#include "workbook.h"

static void put(const char *dir, const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    s[n] = '\0';
    *len = (size_t)n;
    return s;
}

static char *make_results(void)
{
    char *dir = tu_make_temp_dir();
    tu_str pop = {0};
    tu_str_add(&pop, "year,sex,age,population\n");
    for (int y = 2020; y <= 2022; y++)
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < 3; a++)
                tu_str_add(&pop, "%d,%s,%d,%g\n", y, s ? "female" : "male", a,
                           100.0 + 10 * a + y - 2020 + s);
    put(dir, "population.csv", pop.s);
    free(pop.s);
    put(dir, "demography.csv",
        "year,population,births,deaths,net_migration,old_age_dependency,total_dependency,age_0\n"
        "2020,663,100,20,5,0.2,0.5,201\n2021,669,98,21,5,0.21,0.5,203\n2022,675,,,,0.22,0.5,205\n");
    put(dir, "summary.csv", "key,value\nscenario,tiny <test>\nbase_year,2020\nend_year,2022\n"
                            "pension_employee_depletion_year,2021\npopulation_2025,12345.6\n");
    put(dir, "pension_employee.csv",
        "year,insured,contributors,beneficiaries,income_total,expenditure,interest,fund\n"
        "2020,50,40,10,1000000,900000,0,100000\n2021,51,40,11,1000000,1200000,0,-100000\n"
        "2022,52,40,12,1000000,1300000,0,-400000\n");
    put(dir, "parameters.csv", "key,value,unit,set_in,source\npopulation.tfr,1.2,,s.lua:3,scenario\n");
    put(dir, "manifest.json", "{\"files\": [{\"sha256\": \"ab\"}]}\n");
    return dir;
}

static void cleanup(const char *dir)
{
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_report_run(void **state)
{
    (void)state;
    ps_err err;
    char *dir = make_results();
    int rc = ps_report_run(dir, PS_FMT_PNG, PS_LANG_EN, &err);
    if (rc)
        fail_msg("%s", err.msg);
    size_t n;
    char *html = slurp(dir, "report.html", &n);
    /* The charts inline, the headline row, escaped text, the parameters. */
    assert_non_null(strstr(html, "<svg"));
    assert_null(strstr(html, "<?xml"));
    assert_non_null(strstr(html, "pension_employee_depletion_year</td><td class=\"n\">2021<"));
    assert_non_null(strstr(html, "tiny &lt;test&gt;"));
    assert_non_null(strstr(html, "12,346")); /* 12345.6 for people */
    assert_non_null(strstr(html, "population.tfr"));
    assert_non_null(strstr(html, "chart-fund_pension_employee"));
    assert_null(strstr(html, "src=\"http"));
    /* Chart ids are per chart: cairo's glyph ids do not collide. */
    assert_non_null(strstr(html, "id=\"c0-"));
    assert_non_null(strstr(html, "id=\"c1-"));
    free(html);
    char *pdf = slurp(dir, "report.pdf", &n);
    assert_true(n > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    free(pdf);
    char *xlsx = slurp(dir, "results.xlsx", &n);
    assert_memory_equal(xlsx, "PK\x03\x04", 4);
    free(xlsx);
    char *db = slurp(dir, "results.sqlite", &n);
    assert_memory_equal(db, "SQLite format 3", 15);
    free(db);
    char path[4200];
    snprintf(path, sizeof path, "%s/plots/fund_pension_employee.png", dir);
    assert_int_equal(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/plots/pyramid_2020_2022.png", dir);
    assert_int_equal(access(path, R_OK), 0);
    /* No temporary SVG is left beside the report. */
    snprintf(path, sizeof path, "%s/.report-population.svg", dir);
    assert_int_equal(access(path, F_OK), -1);
    cleanup(dir);
    free(dir);
}

/* A run with draws: quantiles.csv and depletion.csv give fan charts, the
 * depletion chart and the risk section.  The fund's probability of
 * depletion is 0 by 2020, 0.5 by 2021 and 0.9 by 2022 (the last year), so
 * the median depletion year is 2021 (first year at 50% or more) and the
 * probability by the end 90.0%; 2030 is beyond the projection ("–"). */
static void test_report_risk(void **state)
{
    (void)state;
    ps_err err;
    char *dir = make_results();
    tu_str q = {0};
    tu_str_add(&q, "year,indicator,mean,p2_5,p10,p25,p50,p75,p90,p97_5\n");
    for (int y = 2020; y <= 2022; y++) {
        double c = 663 + 6 * (y - 2020), w = 4.0 * (y - 2020);
        tu_str_add(&q, "%d,demography.population,%g,%g,%g,%g,%g,%g,%g,%g\n", y, c, c - w,
                   c - 0.7 * w, c - 0.4 * w, c, c + 0.4 * w, c + 0.7 * w, c + w);
        double f = 100000 - 250000.0 * (y - 2020), fw = 50000.0 * (y - 2020);
        tu_str_add(&q, "%d,pension_employee.fund,%g,%g,%g,%g,%g,%g,%g,%g\n", y, f, f - fw,
                   f - 0.7 * fw, f - 0.4 * fw, f, f + 0.4 * fw, f + 0.7 * fw, f + fw);
        /* A series no draw moves: no fan chart. */
        tu_str_add(&q, "%d,pension_employee.insured,50,50,50,50,50,50,50,50\n", y);
    }
    put(dir, "quantiles.csv", q.s);
    free(q.s);
    put(dir, "depletion.csv", "fund,year,share_depleting_in_year,probability_depleted_by_year\n"
                              "pension_employee,2020,0,0\npension_employee,2021,0.5,0.5\n"
                              "pension_employee,2022,0.4,0.9\npension_employee,none,0.1,\n");
    put(dir, "summary.csv", "key,value\nscenario,tiny\nbase_year,2020\nend_year,2022\n"
                            "pension_employee_depletion_year,2021\nstochastic_draws,40\n"
                            "stochastic_seed,7\n"
                            "pension_employee_depletion_probability_by_2022,0.9\n");
    put(dir, "parameters.csv", "key,value,unit,set_in,source\npopulation.tfr,1.2,,s.lua:3,scenario\n"
                               "stochastic.tfr_sd,0.06,children per woman,default,assumption: x\n"
                               "stochastic.migration_sd,2000,persons per year,default,assumption: y\n");
    int rc = ps_report_run(dir, PS_FMT_PNG, PS_LANG_EN, &err);
    if (rc)
        fail_msg("%s", err.msg);
    size_t n;
    char *html = slurp(dir, "report.html", &n);
    assert_non_null(strstr(html, "<h2 id=\"risk\">"));
    assert_non_null(strstr(html, "Draws: <b>40</b>, seed <b>7</b>"));
    assert_non_null(strstr(html, "<td class=\"n\">&ndash;</td>")); /* 2030: beyond */
    assert_non_null(strstr(html, "<td class=\"n\">90.0%</td><td class=\"n\">2021</td>"));
    assert_non_null(strstr(html, "standard deviation 0.06"));
    assert_non_null(strstr(html, "stochastic.migration_sd"));
    assert_non_null(strstr(html, "chart-fan_demography_population"));
    assert_non_null(strstr(html, "chart-fan_pension_employee_fund"));
    assert_non_null(strstr(html, "chart-depletion_probability"));
    assert_null(strstr(html, "chart-fan_pension_employee_insured"));
    /* The risk section comes before the other charts; its summary rows
     * are not repeated among the headline answers. */
    assert_true(strstr(html, "id=\"risk\"") < strstr(html, "id=\"charts\""));
    assert_true(strstr(html, "chart-fan_demography_population") < strstr(html, "id=\"charts\""));
    assert_null(strstr(html, "<td>pension_employee_depletion_probability_by_2022</td>"));
    free(html);
    static const char *const PNG[3] = {"fan_demography_population", "fan_pension_employee_fund",
                                       "depletion_probability"};
    for (int k = 0; k < 3; k++) {
        char name[128];
        snprintf(name, sizeof name, "plots/%s.png", PNG[k]);
        char *png = slurp(dir, name, &n);
        assert_true(n > 10000);
        assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
        /* IHDR: 1280 x 800. */
        assert_memory_equal(png + 16, "\0\0\x05\x00\0\0\x03\x20", 8);
        free(png);
    }
    cleanup(dir);
    free(dir);
}

static void test_missing_population(void **state)
{
    (void)state;
    ps_err err;
    char *dir = make_results();
    char path[4200];
    snprintf(path, sizeof path, "%s/population.csv", dir);
    unlink(path);
    assert_int_equal(ps_report_run(dir, PS_FMT_PNG, PS_LANG_ZH, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "population.csv");
    cleanup(dir);
    free(dir);
}

/* The county budget's tables (report.html and report.pdf) list the
 * programmes the ledger declares, not a list kept in report.c: here the
 * budget has a programme no shipped build has, "ferries", with a column
 * of its own in budget_totals.csv (county_ferries, declared in
 * columns.csv as "County: ferries"), and "lighthouses", added by a module
 * through the ledger (no column of its own: in county_other) and named in
 * summary.csv as ps_budget_label names it.  Both are in the page's table
 * and the PDF's, in words; the columns that are not programmes
 * (county_real, risk_margin) are not.  Two years, 2020 and 2021: the
 * ferries' county cost is 30,000 and 50,000 yuan (3.0 and 5.0 万元
 * on the PDF), the lighthouses' 70,000 yuan in 2021 (7.0 万元). */
static char *make_budget_results(void)
{
    char *dir = make_results();
    put(dir, "budget.csv",
        "year,programme,payer,nominal,real\n"
        "2020,resident_pension,county,100000,100000\n2020,ferries,county,30000,30000\n"
        "2020,lighthouses,county,60000,60000\n"
        "2021,resident_pension,county,110000,110000\n2021,ferries,county,50000,50000\n"
        "2021,lighthouses,county,70000,70000\n");
    put(dir, "budget_totals.csv",
        "year,county,county_real,county_share_revenue,revenue,central,provincial,municipal,"
        "risk_margin,county_resident_pension,county_ferries,county_other\n"
        "2020,190000,190000,0.019,10000000,1,2,3,410000,100000,30000,60000\n"
        "2021,230000,230000,0.023,10000000,1,2,3,370000,110000,50000,70000\n");
    put(dir, "columns.csv",
        "file,column,label_zh,label_en,unit,kind\n"
        "budget_totals.csv,year,年份,Year,year,key\n"
        "budget_totals.csv,county,县级财政支出,County's own cost,yuan,flow\n"
        "budget_totals.csv,county_real,县级财政支出（基年价）,Cost in base-year prices,yuan,flow\n"
        "budget_totals.csv,county_share_revenue,县级支出占收入比例,County's cost as a share of "
        "revenue,share,rate\n"
        "budget_totals.csv,revenue,县一般公共预算收入,County revenue,yuan,flow\n"
        "budget_totals.csv,central,中央财政支出,Paid by the central budget,yuan,flow\n"
        "budget_totals.csv,provincial,省级财政支出,Paid by the province,yuan,flow\n"
        "budget_totals.csv,municipal,市级财政支出,Paid by the city,yuan,flow\n"
        "budget_totals.csv,risk_margin,风险余量,Margin below the risk line,yuan,flow\n"
        "budget_totals.csv,county_resident_pension,县级支出：城乡居民基本养老保险,County: resident "
        "pension,yuan,flow\n"
        "budget_totals.csv,county_ferries,县级支出：渡船,County: ferries,yuan,flow\n"
        "budget_totals.csv,county_other,县级支出：其他模块登记的项目,County: programmes other "
        "modules add,yuan,flow\n");
    put(dir, "summary.csv",
        "key,value,label_zh,label_en,unit\nscenario,tiny,情景,Scenario,-\n"
        "base_year,2020,基年,Base year,year\nend_year,2021,末年,End year,year\n"
        "budget_county_lighthouses_2021,70000,2021年县级支出：灯塔,County's cost in 2021: "
        "Lighthouses,yuan\n");
    return dir;
}

/* pdftotext -layout of dir/report.pdf (poppler-utils, a test package). */
static char *pdf_text(const char *dir)
{
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s/report.pdf' '%s/report.txt'", dir, dir);
    assert_int_equal(system(cmd), 0);
    size_t n;
    return slurp(dir, "report.txt", &n);
}

static void test_budget_rows_declared(void **state)
{
    (void)state;
    ps_err err;
    char *dir = make_budget_results();
    if (ps_report_run(dir, 0, PS_LANG_EN, &err))
        fail_msg("%s", err.msg);
    size_t n;
    char *html = slurp(dir, "report.html", &n);
    char *sec = strstr(html, "<h2 id=\"budget\">");
    assert_non_null(sec);
    char *end = strstr(sec + 4, "<h2");
    if (end)
        *end = '\0';
    assert_non_null(strstr(sec, "title=\"county_resident_pension\">County: resident pension<"));
    assert_non_null(strstr(sec, "title=\"county_ferries\">County: ferries<"));
    assert_non_null(strstr(sec, "title=\"county_other\">"));
    assert_non_null(strstr(sec, "title=\"central\">"));
    assert_non_null(strstr(sec, "title=\"lighthouses\">Lighthouses<"));
    assert_null(strstr(sec, "title=\"county_real\""));
    assert_null(strstr(sec, "title=\"risk_margin\""));
    /* The page's order: the totals, the payers, then the programmes. */
    assert_true(strstr(sec, "title=\"municipal\"") < strstr(sec, "title=\"county_ferries\""));
    assert_true(strstr(sec, "title=\"county_ferries\"") < strstr(sec, "title=\"county_other\""));
    free(html);
    char *txt = pdf_text(dir);
    /* The PDF's rows: each programme, in words, with its 万元. */
    char *fe = strstr(txt, "County: ferries");
    char *lh = strstr(txt, "of which: Lighthouses");
    assert_non_null(fe);
    assert_non_null(lh);
    assert_non_null(strstr(txt, "County: resident pension"));
    assert_null(strstr(txt, "base-year prices"));
    assert_null(strstr(txt, "Margin below the risk line"));
    char *eol = strchr(fe, '\n');
    assert_non_null(eol);
    *eol = '\0';
    if (!strstr(fe, " 3.0 ") || strcmp(eol - 4, " 5.0"))
        fail_msg("the ferries' row is not 3.0 and 5.0: '%s'", fe);
    eol = strchr(lh, '\n');
    assert_non_null(eol);
    *eol = '\0';
    if (strcmp(eol - 4, " 7.0"))
        fail_msg("the lighthouses' row does not end in 7.0: '%s'", lh);
    free(txt);
    cleanup(dir);
    free(dir);
}

static void test_units(void **state)
{
    (void)state;
    assert_string_equal(ps_column_unit("births", 1), "persons");
    assert_string_equal(ps_column_unit("age_65_plus", 0), "人");
    assert_string_equal(ps_column_unit("income_total", 1), "yuan");
    assert_string_equal(ps_column_unit("nothing_known", 1), "");
}

int main(void)
{
    int fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
        dup2(fd, 0);
        close(fd);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_run),
        cmocka_unit_test(test_report_risk),
        cmocka_unit_test(test_missing_population),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_budget_rows_declared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
