/* test_summary_headline.c: summary.csv's `headline` column (summary.h).
 * The flag a module sets with ps_summary_headline is written as 1/0 at the
 * end of each row; the report of a run and the comparison's report show
 * the rows so marked first; a summary.csv written before the column
 * existed (five columns, or key,value) still works: its rows are picked by
 * the key patterns of then.  The comparison leaves out rows whose value is
 * a text (a method's name), not a number, year or yes/no.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "csv.h"
#include "render.h"
#include "report.h"
#include "summary.h"

static void put(const char *dir, const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *dir, const char *name)
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
    return s;
}

static void cleanup(const char *dir)
{
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static ps_csv *read_in(const char *dir, const char *name)
{
    char path[4200];
    ps_err err;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ps_csv *t = ps_csv_read(path, &err);
    if (!t)
        fail_msg("%s", err.msg);
    return t;
}

/* ------------------------------------------------------------ the column */

static void test_column(void **state)
{
    (void)state;
    ps_err err;
    ps_summary *s = ps_summary_new();
    /* A gap the module does not mark, a population it marks: the flag,
     * not the key, decides. */
    ps_summary_num(s, 2025, "x_gap_{year}", 3, "slots", "{year}年缺口", "Gap in {year}");
    ps_summary_num(s, 2025, "population_{year}", 10, "persons", "{year}年人口",
                   "Population in {year}");
    ps_summary_headline(s);
    ps_summary_text(s, 0, "towns_method", "share_trend", "-", "方法", "Method");
    assert_int_equal(ps_summary_error(s, &err), PS_OK);
    assert_int_equal(ps_summary_is_headline(s, 0), 0);
    assert_int_equal(ps_summary_is_headline(s, 1), 1);
    char *dir = tu_make_temp_dir();
    assert_int_equal(ps_summary_write_csv(s, dir, &err), PS_OK);
    char *text = slurp(dir, "summary.csv");
    assert_string_equal(text, "key,value,label_zh,label_en,unit,headline\n"
                              "x_gap_2025,3,2025年缺口,Gap in 2025,slots,0\n"
                              "population_2025,10,2025年人口,Population in 2025,persons,1\n"
                              "towns_method,share_trend,方法,Method,-,0\n");
    free(text);
    /* The draws' rows appended carry their own flag. */
    ps_summary *more = ps_summary_new();
    ps_summary_num(more, 0, "stochastic_draws", 4, "-", "模拟次数", "Draws");
    assert_int_equal(ps_summary_append_csv(more, dir, &err), PS_OK);
    ps_summary_free(more);
    ps_csv *t = read_in(dir, "summary.csv");
    assert_int_equal(ps_csv_ncols(t), 6);
    assert_int_equal(ps_csv_nrows(t), 4);
    assert_string_equal(ps_csv_field(t, 3, 5), "0");
    int kc = ps_csv_col(t, "key");
    assert_int_equal(ps_summary_csv_headline(t, 0, kc), 0); /* x_gap: not marked */
    assert_int_equal(ps_summary_csv_headline(t, 1, kc), 1);
    assert_int_equal(ps_summary_csv_headline(t, 2, kc), 0);
    ps_csv_free(t);
    /* columns.csv declares the new column. */
    text = slurp(dir, "columns.csv");
    assert_non_null(strstr(text, "\nsummary.csv,headline,"));
    free(text);
    /* A summary.csv from before the column: the key patterns of then. */
    put(dir, "summary.csv", "key,value,label_zh,label_en,unit\n"
                            "x_gap_2025,3,2025年缺口,Gap in 2025,slots\n"
                            "population_2025,10,2025年人口,Population in 2025,persons\n"
                            "a_plan_met_2025,yes,达到,Met,-\n");
    t = read_in(dir, "summary.csv");
    kc = ps_csv_col(t, "key");
    assert_int_equal(ps_summary_csv_headline(t, 0, kc), 1);
    assert_int_equal(ps_summary_csv_headline(t, 1, kc), 0);
    assert_int_equal(ps_summary_csv_headline(t, 2, kc), 1);
    ps_csv_free(t);
    ps_summary_free(s);
    cleanup(dir);
    free(dir);
}

/* ------------------------------------------------------------ the reports */

/* The files a run's report needs (3 years, ages 0..2). */
static void run_files(const char *dir)
{
    tu_str pop = {0};
    tu_str_add(&pop, "year,sex,age,population\n");
    for (int y = 2020; y <= 2022; y++)
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < 3; a++)
                tu_str_add(&pop, "%d,%s,%d,%g\n", y, s ? "female" : "male", a, 100.0 + a + s);
    put(dir, "population.csv", pop.s);
    free(pop.s);
    put(dir, "demography.csv", "year,population,births,deaths,net_migration,old_age_dependency,"
                               "total_dependency,age_0\n"
                               "2020,603,100,20,5,0.2,0.5,201\n2021,603,98,21,5,0.21,0.5,201\n"
                               "2022,603,,,,0.22,0.5,201\n");
}

/* The text of html between the first occurrence of `from` and the next
 * `to` after it (a new string). */
static char *between(const char *html, const char *from, const char *to)
{
    const char *a = strstr(html, from);
    assert_non_null(a);
    const char *b = strstr(a + strlen(from), to);
    assert_non_null(b);
    return strndup(a, (size_t)(b - a));
}

static void test_run_report(void **state)
{
    (void)state;
    ps_err err;
    char *dir = tu_make_temp_dir();
    run_files(dir);
    put(dir, "summary.csv",
        "key,value,label_zh,label_en,unit,headline\n"
        "scenario,tiny,情景,Scenario,-,0\n"
        "base_year,2020,基年,Base year,year,0\n"
        "end_year,2022,末年,Last year,year,0\n"
        "population_2025,12345,2025年人口,Population in 2025 (marked),persons,1\n"
        "x_gap_2025,3,2025年缺口,Gap in 2025 (not marked),slots,0\n"
        "a_plan_met_2025,yes,2025年达到,Plan met in 2025 (marked),-,1\n");
    if (ps_report_run(dir, PS_FMT_SVG, PS_LANG_EN, &err))
        fail_msg("%s", err.msg);
    char *html = slurp(dir, "report.html");
    char *first = between(html, "<h2 id=\"summary\">", "<h3>");
    char *rest = between(html, "Indicators in key years", "</table>");
    /* The marked rows first, the others in the key years' table. */
    assert_non_null(strstr(first, "Population in 2025 (marked)"));
    assert_non_null(strstr(first, "Plan met in 2025 (marked)"));
    assert_null(strstr(first, "Gap in 2025 (not marked)"));
    assert_non_null(strstr(rest, "Gap in 2025 (not marked)"));
    assert_null(strstr(rest, "(marked)<"));
    free(first);
    free(rest);
    free(html);
    cleanup(dir);
    free(dir);
}

/* A comparison folder: differences.csv naming scenarios a and b, and each
 * one's summary.csv. */
static char *compare_folder(const char *sum_a, const char *sum_b)
{
    char *dir = tu_make_temp_dir();
    char sub[4200];
    put(dir, "differences.csv", "indicator,year,a,b,b_minus_a\n"
                                "demography.population,2020,603,604,1\n");
    snprintf(sub, sizeof sub, "%s/a", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    put(sub, "summary.csv", sum_a);
    snprintf(sub, sizeof sub, "%s/b", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    put(sub, "summary.csv", sum_b);
    return dir;
}

static char *compare_section(const char *dir)
{
    ps_err err;
    ps_render *r = ps_render_new(PS_LANG_EN);
    assert_non_null(r);
    if (ps_report_write(dir, r, "Comparison", &err))
        fail_msg("%s", err.msg);
    ps_render_free(r);
    char *html = slurp(dir, "report.html");
    char *s = between(html, "<h2 id=\"summary\">", "<h3>");
    free(html);
    return s;
}

static void test_compare_report(void **state)
{
    (void)state;
    /* Folders written before the column (five columns; key,value even
     * older): the key patterns pick the rows.  The method's name is a text
     * and is left out; yes/no and "none" are shown in words. */
    static const char OLD[] =
        "key,value,label_zh,label_en,unit\n"
        "base_year,2020,基年,Base year,year\n"
        "population_2025,12345,2025年人口,Population in 2025,persons\n"
        "f_depletion_year,none,某基金耗尽年份,Fund F depletion year,year\n"
        "x_gap_2025,3,2025年缺口,Gap x in 2025,slots\n"
        "a_plan_met_2025,yes,2025年达到,Plan A met in 2025,-\n"
        "towns_method,share_trend,方法,Towns method,-\n";
    char *dir = compare_folder(OLD, "key,value\nbase_year,2020\npopulation_2025,12000\n"
                                    "f_depletion_year,2040\nx_gap_2025,4\n"
                                    "a_plan_met_2025,no\ntowns_method,share_trend\n");
    char *s = compare_section(dir);
    assert_non_null(strstr(s, "title=\"f_depletion_year\""));
    assert_non_null(strstr(s, "stays positive"));
    assert_non_null(strstr(s, "2040"));
    assert_non_null(strstr(s, "title=\"x_gap_2025\""));
    assert_non_null(strstr(s, "title=\"a_plan_met_2025\""));
    assert_null(strstr(s, "title=\"population_2025\"")); /* no pattern */
    assert_null(strstr(s, "towns_method"));               /* a text, and "_met" by accident */
    assert_null(strstr(s, "share_trend"));
    free(s);
    cleanup(dir);
    free(dir);
    /* Folders with the column: the modules' marks decide. */
    static const char NEW[] =
        "key,value,label_zh,label_en,unit,headline\n"
        "base_year,2020,基年,Base year,year,0\n"
        "population_2025,12345,2025年人口,Population in 2025,persons,1\n"
        "f_depletion_year,none,某基金耗尽年份,Fund F depletion year,year,1\n"
        "x_gap_2025,3,2025年缺口,Gap x in 2025,slots,0\n"
        "towns_method,share_trend,方法,Towns method,-,1\n";
    dir = compare_folder(NEW, NEW);
    s = compare_section(dir);
    assert_non_null(strstr(s, "title=\"population_2025\""));
    assert_non_null(strstr(s, "title=\"f_depletion_year\""));
    assert_null(strstr(s, "title=\"x_gap_2025\""));
    assert_null(strstr(s, "towns_method")); /* marked, but a text */
    free(s);
    cleanup(dir);
    free(dir);
}

int main(void)
{
    int fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
        dup2(fd, 0);
        close(fd);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column),
        cmocka_unit_test(test_run_report),
        cmocka_unit_test(test_compare_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
