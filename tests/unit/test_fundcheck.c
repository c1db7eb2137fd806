/* test_fundcheck.c: the fund identity on the files written catches a flow
 * written wrong.  GPL-3.0-or-later. */
#include "testutil.h"

#include "fundcheck.h"
#include "output.h"
#include "table.h"

static const ps_column_def FUND_COLUMNS[] = {
    {"interest", "利息", "Interest", "yuan", PS_KIND_FLOW, 0},
    {"income_total", "收入", "Income", "yuan", PS_KIND_FLOW, 0},
    {"expenditure", "支出", "Expenditure", "yuan", PS_KIND_FLOW, 0},
    {"fund", "结余", "Balance", "yuan", PS_KIND_FUND, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def FUND = {"toyfund.csv", NULL, FUND_COLUMNS};

/* A fund of 1,000.5 in 2020; each year interest 2% of the balance, income
 * 300.25, expenditure 410.75.  By hand: 2021: 1000.5 + 20.01 + 300.25 -
 * 410.75 = 910.01.  `wrong` adds 1 yuan to the expenditure written in 2022
 * but not to the balance carried. */
static int write_fund(const char *dir, int wrong, ps_err *err)
{
    ps_table *t = ps_table_new(&FUND, 2020, 4, 1, err);
    if (!t)
        return err->code;
    double fund = 1000.5;
    ps_table_row(t, 2020, 0)[3] = fund;
    for (int y = 2021; y <= 2023; y++) {
        double *r = ps_table_row(t, y, 0);
        r[0] = 0.02 * fund;
        r[1] = 300.25;
        r[2] = 410.75;
        fund = fund + r[0] + r[1] - r[2];
        r[3] = fund;
        if (wrong && y == 2022)
            r[2] += 1.0;
    }
    assert_rel_close(ps_table_row(t, 2021, 0)[3], 910.01, 1e-15);
    int rc = ps_table_write_csv(t, dir, err);
    ps_table_free(t);
    return rc;
}

static void test_identity_holds_and_fails(void **state)
{
    (void)state;
    ps_err err;
    char dir[] = "/tmp/ps_test_fundcheck_XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(write_fund(dir, 0, &err), PS_OK);
    assert_int_equal(ps_fund_check_dir(dir, &err), PS_OK);
    assert_int_equal(write_fund(dir, 1, &err), PS_OK);
    assert_int_equal(ps_fund_check_dir(dir, &err), PS_EINTERNAL);
    assert_err(&err, PS_EINTERNAL, "toyfund.csv", "in 2022", "fund identity violated");
    /* A folder without funds (or without columns.csv) has nothing to check. */
    ps_remove_tree(dir);
    char empty[] = "/tmp/ps_test_fundcheck_XXXXXX";
    assert_non_null(mkdtemp(empty));
    assert_int_equal(ps_fund_check_dir(empty, &err), PS_OK);
    ps_remove_tree(empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_holds_and_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
