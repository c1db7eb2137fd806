/* test_medical.c: the employee and resident medical insurance funds
 * (engine/medical.c) against hand calculations, the fund identity, the
 * outpatient reform's shift from accounts to the pool, the baseline's
 * figures and bad inputs.  GPL-3.0-or-later. */
#include "testutil.h"

#include "medical.h"
#include "run.h"
#include "scenario.h"

#define BASELINE "scenarios/feidong_baseline.lua"

/* Two cells: 100 contributors (men aged 40) and 50 retirees (men aged 70);
 * costs only in those cells. */
static void emp_case(ps_med_emp_in *in, ps_med_curve *c, int reformed)
{
    memset(in, 0, sizeof *in);
    memset(c, 0, sizeof *c);
    in->contributors[PS_MALE][40] = 100;
    in->retirees[PS_MALE][70] = 50;
    c->inpatient[PS_MALE][40] = 1000;
    c->outpatient[PS_MALE][40] = 2000;
    c->inpatient[PS_MALE][70] = 4000;
    c->outpatient[PS_MALE][70] = 3000;
    in->cost = c;
    in->base = 50000;
    in->employer_rate = 0.06;
    in->employee_rate = 0.02;
    in->reformed = reformed;
    in->ia_employer_share = 0.3;
    in->retiree_ia_credit = 600;
    in->inpatient_rate = 0.8;
    in->outpatient_rate = 0.5;
    in->outpatient_pool_share = reformed ? 0.4 : 0.1;
    in->interest_rate = 0.02;
    in->fund_prev = 1e6;
    in->ia_prev = 2e5;
}

/* Before the reform:
 *   employer = 0.06 x 50,000 x 100 = 300,000; employee = 0.02 x 50,000 x 100 = 100,000;
 *   to IAs 0.3 x 300,000 = 90,000, so the pool gets 210,000;
 *   retiree credit 600 x 50 = 30,000; IA income 100,000 + 90,000 + 30,000 = 220,000;
 *   inpatient (100 x 1,000 + 50 x 4,000) x 0.8 = 240,000;
 *   outpatient (100 x 2,000 + 50 x 3,000) x 0.5 = 175,000: pool 10% = 17,500, IAs 157,500;
 *   IA: 200,000 + 2% 4,000 + 220,000 = 424,000 available, 157,500 spent -> 266,500;
 *   expenditure 240,000 + 17,500 + 30,000 = 287,500; interest 0.02 x 1e6 = 20,000;
 *   fund 1,000,000 + 20,000 + 210,000 - 287,500 = 942,500;
 *   months 942,500 / (287,500 / 12) = 39.339130434782609. */
static void test_employee_before_reform(void **state)
{
    (void)state;
    ps_med_emp_in in;
    ps_med_curve c;
    ps_med_emp_out o;
    emp_case(&in, &c, 0);
    ps_med_employee_year(&in, &o);
    assert_rel_close(o.insured, 150, TU_RTOL);
    assert_rel_close(o.employer_contrib, 300000, TU_RTOL);
    assert_rel_close(o.income_total, 210000, TU_RTOL);
    assert_rel_close(o.ia_income, 220000, TU_RTOL);
    assert_rel_close(o.inpatient, 240000, TU_RTOL);
    assert_rel_close(o.outpatient_pool, 17500, TU_RTOL);
    assert_rel_close(o.outpatient_ia, 157500, TU_RTOL);
    assert_rel_close(o.ia_balance, 266500, TU_RTOL);
    assert_rel_close(o.expenditure, 287500, TU_RTOL);
    assert_rel_close(o.interest, 20000, TU_RTOL);
    assert_rel_close(o.fund, 942500, TU_RTOL);
    assert_rel_close(o.months_held, 39.339130434782609, TU_RTOL);
}

/* After the reform (pool share 40%): the pool keeps all 300,000 of the
 * employer part; IA income 100,000 + 30,000 = 130,000; pooled outpatient
 * 0.4 x 175,000 = 70,000, IAs 105,000; expenditure 240,000 + 70,000 +
 * 30,000 = 340,000; fund 1,000,000 + 20,000 + 300,000 - 340,000 = 980,000;
 * IA 200,000 + 4,000 + 130,000 - 105,000 = 229,000.  The reform moves
 * 52,500 of outpatient spending from the accounts to the pool. */
static void test_reform_shifts_outpatient_to_pool(void **state)
{
    (void)state;
    ps_med_emp_in in;
    ps_med_curve c;
    ps_med_emp_out pre, post;
    emp_case(&in, &c, 0);
    ps_med_employee_year(&in, &pre);
    emp_case(&in, &c, 1);
    ps_med_employee_year(&in, &post);
    assert_rel_close(post.income_total, 300000, TU_RTOL);
    assert_rel_close(post.ia_income, 130000, TU_RTOL);
    assert_rel_close(post.outpatient_pool, 70000, TU_RTOL);
    assert_rel_close(post.outpatient_ia, 105000, TU_RTOL);
    assert_rel_close(post.expenditure, 340000, TU_RTOL);
    assert_rel_close(post.fund, 980000, TU_RTOL);
    assert_rel_close(post.ia_balance, 229000, TU_RTOL);
    assert_rel_close(post.outpatient_pool - pre.outpatient_pool, 52500, TU_RTOL);
    assert_rel_close(pre.outpatient_ia - post.outpatient_ia, 52500, TU_RTOL);
    /* Inpatient spending does not depend on the reform. */
    assert_true(post.inpatient == pre.inpatient);
}

/* Accounts run dry: no balance and no inflow, so the 157,500 the IAs owe
 * is out of pocket and the IA stays at 0. */
static void test_empty_accounts_leave_cost_out_of_pocket(void **state)
{
    (void)state;
    ps_med_emp_in in;
    ps_med_curve c;
    ps_med_emp_out o;
    emp_case(&in, &c, 0);
    in.ia_prev = 0;
    in.employee_rate = 0;
    in.ia_employer_share = 0;
    in.retiree_ia_credit = 0;
    ps_med_employee_year(&in, &o);
    assert_rel_close(o.outpatient_ia, 0, TU_RTOL);
    assert_rel_close(o.out_of_pocket_unfunded, 157500, TU_RTOL);
    assert_rel_close(o.ia_balance, 0, TU_RTOL);
}

/* Retirees who still pay: payers = 100 + 0.1 x 50 = 105, employer part
 * 0.06 x 50,000 x 105 = 315,000. */
static void test_paying_retirees(void **state)
{
    (void)state;
    ps_med_emp_in in;
    ps_med_curve c;
    ps_med_emp_out o;
    emp_case(&in, &c, 1);
    in.retiree_paying_share = 0.1;
    ps_med_employee_year(&in, &o);
    assert_rel_close(o.employer_contrib, 315000, TU_RTOL);
    assert_rel_close(o.employee_contrib, 105000, TU_RTOL);
}

/* Resident: 1,000 persons, 200 of them in the employee scheme, rate 0.9 ->
 * 720 participants; income 720 x (400 + 700) = 792,000; spending 720 x
 * (500 x 0.6 + 300 x 0.4) = 720 x 420 = 302,400; interest 0.02 x 100,000 =
 * 2,000; fund 100,000 + 2,000 + 792,000 - 302,400 = 591,600. */
static void test_resident_year(void **state)
{
    (void)state;
    static double persons[PS_NSEX][PS_NAGE], emp[PS_NSEX][PS_NAGE];
    ps_med_res_in in;
    ps_med_curve c;
    ps_med_res_out o;
    memset(&in, 0, sizeof in);
    memset(&c, 0, sizeof c);
    persons[PS_FEMALE][33] = 1000;
    emp[PS_FEMALE][33] = 200;
    emp[PS_MALE][50] = 10; /* more insured than persons: floored at 0 */
    ps_med_resident_participants(persons, emp, 0.9, in.participants);
    assert_rel_close(in.participants[PS_FEMALE][33], 720, TU_RTOL);
    assert_rel_close(in.participants[PS_MALE][50], 0, TU_RTOL);
    c.inpatient[PS_FEMALE][33] = 500;
    c.outpatient[PS_FEMALE][33] = 300;
    in.cost = &c;
    in.premium = 400;
    in.subsidy = 700;
    in.inpatient_rate = 0.6;
    in.outpatient_rate = 0.4;
    in.interest_rate = 0.02;
    in.fund_prev = 100000;
    ps_med_resident_year(&in, &o);
    assert_rel_close(o.premium_income, 288000, TU_RTOL);
    assert_rel_close(o.subsidy_income, 504000, TU_RTOL);
    assert_rel_close(o.expenditure, 302400, TU_RTOL);
    assert_rel_close(o.fund, 591600, TU_RTOL);
    assert_rel_close(o.months_held, 591600 / (302400 / 12.0), TU_RTOL);
}

/* The participants' floor at 0 is written out (no libm call per cell); it
 * gives what fmax(persons - insured, 0) x rate gives, bit for bit, also
 * for a difference of -0 (+0 out), an equal pair, a NaN (0 out: fmax
 * returns the number), infinities and the smallest subnormal. */
static void test_participants_as_fmax(void **state)
{
    (void)state;
    static double persons[PS_NSEX][PS_NAGE], emp[PS_NSEX][PS_NAGE], out[PS_NSEX][PS_NAGE];
    const double cases[][2] = {{1000, 200},  {10, 10},      {0, 10},         {-0.0, 0.0},
                               {0.0, -0.0},  {-0.0, -0.0},  {NAN, 5},        {5, NAN},
                               {INFINITY, 1}, {1, INFINITY}, {4.9e-324, 0},  {0, 4.9e-324},
                               {1e300, -1e300}, {123.456, 123.455}};
    int nc = (int)(sizeof cases / sizeof cases[0]);
    for (int k = 0; k < nc; k++) {
        persons[k % PS_NSEX][k] = cases[k][0];
        emp[k % PS_NSEX][k] = cases[k][1];
    }
    for (int r = 0; r < 3; r++) {
        double rate = r == 0 ? 0.9 : r == 1 ? 1.0 : 0.0;
        ps_med_resident_participants(persons, emp, rate, out);
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double want = fmax(persons[x][a] - emp[x][a], 0.0) * rate;
                if (memcmp(&want, &out[x][a], sizeof want) != 0)
                    fail_msg("sex %d age %d: %.17g - %.17g: %.17g, fmax gives %.17g", x, a,
                             persons[x][a], emp[x][a], out[x][a], want);
            }
    }
    assert_true(signbit(out[3 % PS_NSEX][3]) == 0); /* -0 - 0: +0 */
}

/* K(2020) for a 2024 curve at 10% a year = 1.1^-4 = 0.68301345536506; one
 * step with wages 100 -> 105 and 2% excess: 1 x 1.05 x 1.02 = 1.071. */
static void test_cost_index(void **state)
{
    (void)state;
    assert_rel_close(ps_med_cost_index_base(2020, 2024, 0.1), 0.68301345536506, 1e-12);
    assert_rel_close(ps_med_cost_index_base(2024, 2024, 0.1), 1, TU_RTOL);
    assert_rel_close(ps_med_cost_index_next(1, 100, 105, 0.02), 1.071, TU_RTOL);
}

static void test_identity_check(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    assert_int_equal(ps_sifund_check("x", 2030, 100, 2, 50, 30, 122, &err), PS_OK);
    assert_int_equal(ps_sifund_check("medical_employee", 2030, 100, 2, 50, 30, 123, &err),
                     PS_EINTERNAL);
    assert_err(&err, PS_EINTERNAL, "medical_employee 2030", "identity");
}

/* ------------------------------------------------------------ bad curves */

static void expect_curve_error(const char *text, const char *needle1, const char *needle2)
{
    char *path = tu_write_temp(text);
    ps_err err;
    ps_med_curve c;
    ps_err_clear(&err);
    assert_int_equal(ps_med_read_curve(path, &c, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, needle1, needle2);
    assert_non_null(strstr(err.msg, "ps_unit_"));
    tu_temp_free(path);
}

static void test_bad_curves(void **state)
{
    (void)state;
    /* a value that is not a number, on line 3 */
    expect_curve_error("sex,age,inpatient,outpatient\nmale,0,10,20\nmale,1,ten,20\n", ":3:",
                       "inpatient");
    /* a negative cost */
    expect_curve_error("sex,age,inpatient,outpatient\nmale,0,-10,20\n", ":2:", "inpatient");
    /* a missing column */
    expect_curve_error("sex,age,inpatient\nmale,0,10\n", "outpatient", "");
    /* cells missing (only one row) */
    expect_curve_error("sex,age,inpatient,outpatient\nmale,0,10,20\n", "no row for male age 1",
                       "");
}

/* The shipped curves read, cover every cell and rise from 40 to 80. */
static void test_shipped_curves(void **state)
{
    (void)state;
    ps_err err;
    ps_med_curve c;
    ps_err_clear(&err);
    assert_int_equal(ps_med_read_curve("data/medical/cost_employee.csv", &c, &err), PS_OK);
    assert_true(c.inpatient[PS_MALE][80] > 2 * c.inpatient[PS_MALE][40]);
    assert_int_equal(ps_med_read_curve("data/medical/cost_resident.csv", &c, &err), PS_OK);
    assert_true(c.outpatient[PS_FEMALE][80] > c.outpatient[PS_FEMALE][40]);
}

/* ------------------------------------------------------------ the baseline */

/* The baseline: the employee scheme's insured in 2025 is the pension's
 * calibrated 81,000; every year satisfies the identity; the 2024 cover
 * ratios are the calibrated national ones (1.3116 and 1.0487). */
static void test_baseline(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    ps_scenario *sc = ps_scenario_load(BASELINE, NULL, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new(sc, &err);
    if (!run || ps_run_project(run, &err))
        fail_msg("%s", err.msg);
    double v, prev[2] = {NAN, NAN};
    assert_true(ps_run_indicator(run, "medical_employee.insured", 2025, &v));
    assert_rel_close(v, 81000, 1e-6);
    assert_true(ps_run_indicator(run, "medical_employee.cover_ratio", 2024, &v));
    assert_rel_close(v, 1.3116, 1e-6);
    assert_true(ps_run_indicator(run, "medical_resident.cover_ratio", 2024, &v));
    assert_rel_close(v, 1.0487, 1e-6);
    static const char *const mods[2] = {"medical_employee", "medical_resident"};
    for (int y = ps_run_base_year(run); y <= ps_run_end_year(run); y++)
        for (int m = 0; m < 2; m++) {
            char k[4][64];
            double x[4];
            static const char *const cols[4] = {"fund", "interest", "income_total",
                                                "expenditure"};
            for (int c = 0; c < 4; c++) {
                snprintf(k[c], sizeof k[c], "%s.%s", mods[m], cols[c]);
                assert_true(ps_run_indicator(run, k[c], y, &x[c]));
            }
            if (y > ps_run_base_year(run))
                assert_rel_close(x[0], prev[m] + x[1] + x[2] - x[3], 1e-9);
            prev[m] = x[0];
        }
    ps_run_free(run);
    ps_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_employee_before_reform),
        cmocka_unit_test(test_reform_shifts_outpatient_to_pool),
        cmocka_unit_test(test_empty_accounts_leave_cost_out_of_pocket),
        cmocka_unit_test(test_paying_retirees),
        cmocka_unit_test(test_resident_year),
        cmocka_unit_test(test_participants_as_fmax),
        cmocka_unit_test(test_cost_index),
        cmocka_unit_test(test_identity_check),
        cmocka_unit_test(test_bad_curves),
        cmocka_unit_test(test_shipped_curves),
        cmocka_unit_test(test_baseline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
