/* test_decision.c: the comparison's decision table (decision.h): values
 * for reading, and decision.csv built from two small results folders
 * written here, with every expected figure worked out by hand below.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include <sys/stat.h>

#include "csv.h"
#include "decision.h"
#include "output.h"
#include "table.h"

/* ------------------------------------------------------------ values */

static void test_values(void **state)
{
    (void)state;
    char b[128];
    /* Money in 万元: 12,345,678 yuan = 1,234.5678万元 -> 1,235; below 100万元
     * one decimal (123,456 yuan = 12.3456 -> 12.3). */
    assert_string_equal(ps_decision_value(b, sizeof b, "12345678", "yuan", 0), "1,235");
    assert_string_equal(ps_decision_value(b, sizeof b, "123456", "yuan", 1), "12.3");
    assert_string_equal(ps_decision_value(b, sizeof b, "-4699099741.2", "yuan", 0), "-469,910");
    assert_string_equal(ps_decision_unit("yuan", 0), "万元");
    assert_string_equal(ps_decision_unit("yuan", 1), "10,000 yuan");
    /* Shares as percentages with one decimal; years as written. */
    assert_string_equal(ps_decision_value(b, sizeof b, "0.0574603", "share", 0), "5.7");
    assert_string_equal(ps_decision_unit("share", 1), "%");
    assert_string_equal(ps_decision_value(b, sizeof b, "2033", "year", 0), "2033");
    assert_string_equal(ps_decision_unit("year", 0), "");
    /* Counts rounded: -599.8 places -> -600. */
    assert_string_equal(ps_decision_value(b, sizeof b, "-599.82", "slots", 0), "-600");
    /* Words. */
    assert_string_equal(ps_decision_value(b, sizeof b, "none", "year", 0), "预测期内不为负");
    assert_string_equal(ps_decision_value(b, sizeof b, "none", "year", 1), "stays positive");
    assert_string_equal(ps_decision_value(b, sizeof b, "yes", "-", 0), "是");
    assert_string_equal(ps_decision_value(b, sizeof b, "", "yuan", 0), "-");
    /* Differences signed; zero is 0 (not +0.00); none is empty. */
    assert_string_equal(ps_decision_diff(b, sizeof b, "24079000", "yuan", 0), "+2,408");
    assert_string_equal(ps_decision_diff(b, sizeof b, "-0.000001", "yuan", 0), "0");
    assert_string_equal(ps_decision_diff(b, sizeof b, "-3", "year", 0), "-3");
    assert_string_equal(ps_decision_diff(b, sizeof b, "0.0027749", "share", 1), "+0.3");
    assert_string_equal(ps_decision_diff(b, sizeof b, "", "yuan", 0), "");
    /* Sections. */
    assert_true(strstr(ps_decision_section("pooled_funds", 1), "not county liabilities"));
    assert_string_equal(ps_decision_section("nonsense", 0), "");
}

/* ------------------------------------------------------------ decision.csv */

static void put(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const ps_column_def BUDGET[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"county", "县级财政支出", "County's own cost", "yuan", PS_KIND_FLOW, 0},
    {"county_real", "县级财政支出（基年价）", "County's own cost, base-year prices", "yuan",
     PS_KIND_FLOW, 0},
    {"county_share_revenue", "县级支出占收入比例", "County's cost as a share of revenue", "share",
     PS_KIND_RATE, 0},
    {"county_childcare", "县级支出：托育", "County: childcare", "yuan", PS_KIND_FLOW, 0},
    {"county_county_employer", "县级支出：单位缴费", "County: as employer", "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_column_def PENSION[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 0},
    {"subsidy_needed", "所需补贴", "Subsidy needed", "yuan", PS_KIND_FLOW, 0},
    {"z_gap", "某缺口", "Some gap", "beds", PS_KIND_STOCK, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

/* Scenario folder dir/name with the files a run writes that the decision
 * table reads. */
static void scenario(const char *dir, const char *name, int end, const char *desc,
                     const char *budget, const char *pension)
{
    char sub[4096], text[2048];
    ps_err err;
    snprintf(sub, sizeof sub, "%s/%s", dir, name);
    assert_int_equal(mkdir(sub, 0777), 0);
    snprintf(text, sizeof text,
             "key,value,label_zh,label_en,unit\n"
             "base_year,2020,基年,Base year,year\n"
             "end_year,%d,末年,Last year,year\n"
             "pension_employee_depletion_year,2021,x,x,year\n"
             "x_gap_2022,-5.4,2022年甲缺口,Gap x in 2022,slots\n"
             "y_gap_2022,7,y_gap_2022,y_gap_2022,-\n"
             "z_gap_2022,12,z_gap_2022,z_gap_2022,-\n"
             "x_plan_met_2025,yes,2025年甲目标达到,Target x met in 2025,-\n"
             "x_gap_2019,1,2019年甲缺口,Gap x in 2019,slots\n",
             end);
    put(sub, "summary.csv", text);
    if (desc) {
        snprintf(text, sizeof text, "key,value\nname,%s\ndescription,\"%s\"\n", name, desc);
        put(sub, "parameters.csv", text);
    }
    put(sub, "budget_totals.csv", budget);
    put(sub, "pension_employee.csv", pension);
    assert_int_equal(ps_columns_register(sub, "budget_totals.csv", BUDGET, &err), PS_OK);
    assert_int_equal(ps_columns_register(sub, "pension_employee.csv", PENSION, &err), PS_OK);
}

/* decision.csv's row with key, or -1. */
static int row_of(const ps_csv *t, const char *key)
{
    int kc = ps_csv_col(t, "key");
    for (int r = 0; r < ps_csv_nrows(t); r++)
        if (strcmp(ps_csv_field(t, r, kc), key) == 0)
            return r;
    return -1;
}

static const char *cell(const ps_csv *t, const char *key, const char *col)
{
    int r = row_of(t, key), c = ps_csv_col(t, col);
    assert_true(r >= 0);
    assert_true(c >= 0);
    return ps_csv_field(t, r, c);
}

static void test_write(void **state)
{
    (void)state;
    char dir[] = "/tmp/ps_test_decision_XXXXXX", path[4096];
    ps_err err;
    assert_non_null(mkdtemp(dir));
    /* a: 2020-2022; b: 2020-2023, so the common horizon is 2020-2022 and
     * b's 2023 (a large cost, a negative fund) is outside it. */
    scenario(dir, "a", 2022, "Scenario A, the first", 
             "year,county,county_real,county_share_revenue,county_childcare,county_county_employer\n"
             "2020,100,100,0.01,0,0\n2021,200,190,0.02,0,0\n2022,300,280,0.03,0,0\n",
             "year,fund,subsidy_needed,z_gap\n2020,5,0,1\n2021,-1,1,1\n2022,-2,2,1\n");
    scenario(dir, "b", 2023, NULL,
             "year,county,county_real,county_share_revenue,county_childcare,county_county_employer\n"
             "2020,100,100,0.01,1,0\n2021,200,190,0.02,1,0\n2022,400,380,0.04,1,0\n"
             "2023,1000,900,0.1,1,0\n",
             "year,fund,subsidy_needed,z_gap\n2020,5,0,1\n2021,4,0,1\n2022,3,0,1\n2023,-1,9,1\n");
    char names[2][128] = {"a", "b"};
    assert_int_equal(ps_decision_write(dir, names, 2, &err), PS_OK);
    snprintf(path, sizeof path, "%s/decision.csv", dir);
    ps_csv *t = ps_csv_read(path, &err);
    assert_non_null(t);
    assert_string_equal(ps_csv_header(t, 5), "a");
    assert_string_equal(ps_csv_header(t, 6), "b");
    assert_string_equal(ps_csv_header(t, 7), "b_minus_a");
    /* The county's cost over 2020-2022: a 100+200+300 = 600, b 100+200+400
     * = 700 (its 2023 is outside the common horizon); difference 100. */
    assert_string_equal(cell(t, "budget.county.total", "a"), "600");
    assert_string_equal(cell(t, "budget.county.total", "b"), "700");
    assert_string_equal(cell(t, "budget.county.total", "b_minus_a"), "100");
    assert_string_equal(cell(t, "budget.county.total", "unit"), "yuan");
    assert_string_equal(cell(t, "budget.county.total", "label_zh"), "县级财政支出，2020-2022年合计");
    assert_string_equal(cell(t, "budget.county.2022", "b"), "400");
    assert_string_equal(cell(t, "budget.county_share_revenue.2022", "a"), "0.03");
    /* Childcare costs the county only in b (3 x 1): kept; the county as
     * employer pays nothing in either: left out; county_real is not a
     * programme. */
    assert_string_equal(cell(t, "budget.county_childcare.total", "b"), "3");
    assert_int_equal(row_of(t, "budget.county_county_employer.total"), -1);
    assert_int_equal(row_of(t, "budget.county_real.total"), -1);
    /* The pooled employee pension: a's balance is negative from 2021; b's
     * only in 2023, outside the common horizon. */
    assert_string_equal(cell(t, "pension_employee.depletion_year", "section"), "pooled_funds");
    assert_string_equal(cell(t, "pension_employee.depletion_year", "a"), "2021");
    assert_string_equal(cell(t, "pension_employee.depletion_year", "b"), "none");
    assert_string_equal(cell(t, "pension_employee.depletion_year", "b_minus_a"), "");
    assert_true(strstr(cell(t, "pension_employee.depletion_year", "label_zh"), "全国统筹"));
    assert_string_equal(cell(t, "pension_employee.subsidy_needed.total", "a"), "3");
    assert_string_equal(cell(t, "pension_employee.fund.2022", "b_minus_a"), "5");
    /* Gaps: labelled rows kept; a row labelled only by its key is left out
     * unless its column is declared (then the declared label and unit);
     * years other than 2025, 2030 and the last are left out. */
    assert_string_equal(cell(t, "summary.x_gap_2022", "label_en"), "Gap x in 2022");
    assert_int_equal(row_of(t, "summary.y_gap_2022"), -1);
    assert_string_equal(cell(t, "summary.z_gap_2022", "label_zh"), "2022年某缺口");
    assert_string_equal(cell(t, "summary.z_gap_2022", "unit"), "beds");
    assert_int_equal(row_of(t, "summary.x_gap_2019"), -1);
    assert_int_equal(row_of(t, "summary.x_plan_met_2025"), -1); /* 2025 > the last year */
    /* Sections in order: county budget, pooled funds, gaps. */
    int sc = ps_csv_col(t, "section"), rank = 0;
    const char *order[] = {"county_budget", "pooled_funds", "gaps"};
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        while (rank < 3 && strcmp(ps_csv_field(t, r, sc), order[rank]) != 0)
            rank++;
        assert_true(rank < 3);
    }
    ps_csv_free(t);
    /* The scenario columns are labelled with the description (or the name). */
    ps_columns *decl = ps_columns_read(dir);
    assert_non_null(decl);
    assert_string_equal(ps_columns_label(decl, "decision.csv", "a", 1), "Scenario A, the first");
    assert_string_equal(ps_columns_label(decl, "decision.csv", "b", 0), "b");
    ps_columns_free(decl);
    ps_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
