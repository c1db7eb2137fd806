/* test_decision_programmes.c: the decision table lists each programme a
 * module adds to the county budget ledger (budget.csv; lumped in
 * budget_totals.csv's county_other) as its own row, "of which", right
 * under the lumped row, labelled as the module named it (ps_budget_label,
 * read back from summary.csv); and its gap rows are those the modules
 * mark as headline answers.  Two small results folders are written
 * here; every expected figure is summed by hand below.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include <sys/stat.h>

#include "csv.h"
#include "decision.h"
#include "output.h"
#include "table.h"

static void put(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const ps_column_def TOTALS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"county", "县级财政支出", "County's own cost", "yuan", PS_KIND_FLOW, 0},
    {"county_childcare", "县级支出：托育", "County: childcare", "yuan", PS_KIND_FLOW, 0},
    {"county_other", "县级支出：其他模块登记的项目", "County: programmes other modules add", "yuan",
     PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

/* Scenario folder dir/name: its horizon 2020-2022 (summary.csv), the
 * budget totals and the ledger. */
static void scenario(const char *dir, const char *name, const char *summary_extra,
                     const char *totals, const char *ledger)
{
    char sub[4096], text[4096];
    ps_err err;
    snprintf(sub, sizeof sub, "%s/%s", dir, name);
    assert_int_equal(mkdir(sub, 0777), 0);
    snprintf(text, sizeof text,
             "key,value,label_zh,label_en,unit,headline\n"
             "base_year,2020,基年,Base year,year,0\n"
             "end_year,2022,末年,Last year,year,0\n%s",
             summary_extra);
    put(sub, "summary.csv", text);
    put(sub, "budget_totals.csv", totals);
    put(sub, "budget.csv", ledger);
    assert_int_equal(ps_columns_register(sub, "budget_totals.csv", TOTALS, &err), PS_OK);
}

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
    if (r < 0)
        fail_msg("decision.csv has no row %s", key);
    assert_true(c >= 0);
    return ps_csv_field(t, r, c);
}

static void test_programme_rows(void **state)
{
    (void)state;
    char dir[] = "/tmp/ps_test_decision_prog_XXXXXX", path[4096];
    ps_err err;
    assert_non_null(mkdtemp(dir));
    /* a: housing pays the county 10, 20, 30 in 2020-2022 (the centre's
     * share and 2023, outside the horizon, are not counted): 60; x_prog
     * 1 + 2 + 3 = 6 (no label anywhere: its name in words); zero_prog
     * nothing (left out); childcare has its own column (no second row).
     * county_other = housing + x_prog = 11, 22, 33. */
    scenario(dir, "a",
             "budget_county_housing_2021,20,2021年县级支出：住房保障（测试）,"
             "\"County's cost in 2021: Housing (test, a)\",yuan,0\n"
             "w_gap_2022,5,2022年乙缺口,Gap w in 2022,slots,1\n"
             "q_gap_2022,6,2022年丙缺口,Gap q in 2022,slots,0\n",
             "year,county,county_childcare,county_other\n"
             "2020,16,5,11\n2021,27,5,22\n2022,38,5,33\n",
             "year,programme,payer,nominal,real\n"
             "2020,childcare,county,5,5\n2020,housing,central,100,100\n"
             "2020,housing,county,10,10\n2020,x_prog,county,1,1\n2020,zero_prog,county,0,0\n"
             "2021,childcare,county,5,5\n2021,housing,central,100,100\n"
             "2021,housing,county,20,20\n2021,x_prog,county,2,2\n2021,zero_prog,county,0,0\n"
             "2022,childcare,county,5,5\n2022,housing,central,100,100\n"
             "2022,housing,county,30,30\n2022,x_prog,county,3,3\n2022,zero_prog,county,0,0\n"
             "2023,housing,county,1000,1000\n");
    /* b: housing 15 a year (45), no x_prog, and b_only 7 in 2021: its row
     * joins the others under county_other, a's cell empty. */
    scenario(dir, "b", "",
             "year,county,county_childcare,county_other\n"
             "2020,20,5,15\n2021,27,5,22\n2022,20,5,15\n",
             "year,programme,payer,nominal,real\n"
             "2020,childcare,county,5,5\n2020,housing,county,15,15\n"
             "2021,childcare,county,5,5\n2021,housing,county,15,15\n2021,b_only,county,7,7\n"
             "2022,childcare,county,5,5\n2022,housing,county,15,15\n");
    char names[2][128] = {"a", "b"};
    assert_int_equal(ps_decision_write(dir, names, 2, &err), PS_OK);
    snprintf(path, sizeof path, "%s/decision.csv", dir);
    ps_csv *t = ps_csv_read(path, &err);
    assert_non_null(t);
    /* The lumped row stays (its keys are read by users' scripts). */
    assert_string_equal(cell(t, "budget.county_other.total", "a"), "66");
    assert_string_equal(cell(t, "budget.county_other.total", "b"), "52");
    /* Each programme: its county cost over 2020-2022. */
    assert_string_equal(cell(t, "budget.county_housing.total", "a"), "60");
    assert_string_equal(cell(t, "budget.county_housing.total", "b"), "45");
    assert_string_equal(cell(t, "budget.county_housing.total", "b_minus_a"), "-15");
    assert_string_equal(cell(t, "budget.county_housing.total", "section"), "county_budget");
    assert_string_equal(cell(t, "budget.county_housing.total", "unit"), "yuan");
    assert_string_equal(cell(t, "budget.county_x_prog.total", "a"), "6");
    assert_string_equal(cell(t, "budget.county_x_prog.total", "b"), "");
    assert_string_equal(cell(t, "budget.county_b_only.total", "b"), "7");
    assert_string_equal(cell(t, "budget.county_b_only.total", "a"), "");
    assert_int_equal(row_of(t, "budget.county_zero_prog.total"), -1);
    /* The label the module gave (summary.csv), else the name in words. */
    assert_string_equal(cell(t, "budget.county_housing.total", "label_zh"),
                        "其中：住房保障（测试），2020-2022年合计");
    assert_string_equal(cell(t, "budget.county_housing.total", "label_en"),
                        "of which: Housing (test, a), total 2020-2022");
    assert_string_equal(cell(t, "budget.county_x_prog.total", "label_en"),
                        "of which: x prog, total 2020-2022");
    /* childcare: one row, from its own column. */
    int n = 0;
    for (int r = 0; r < ps_csv_nrows(t); r++)
        n += strcmp(ps_csv_field(t, r, ps_csv_col(t, "key")), "budget.county_childcare.total") == 0;
    assert_int_equal(n, 1);
    /* Right under the lumped row, a's first, then b's own. */
    int o = row_of(t, "budget.county_other.total");
    assert_int_equal(row_of(t, "budget.county_housing.total"), o + 1);
    assert_int_equal(row_of(t, "budget.county_x_prog.total"), o + 2);
    assert_int_equal(row_of(t, "budget.county_b_only.total"), o + 3);
    /* Gaps: the rows their module marks as headline answers (headline
     * column), not every key with "gap" in it. */
    assert_string_equal(cell(t, "summary.w_gap_2022", "a"), "5");
    assert_int_equal(row_of(t, "summary.q_gap_2022"), -1);
    ps_csv_free(t);
    ps_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_programme_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
