/* test_pension.c: the employee pension, the resident pension and the land
 * guarantee against hand calculations (derivations in the comments), the
 * 2025 retirement-age rule, and every bad input.
 *
 * Small cases are whole runs: a temporary folder with a population, a
 * mortality table, the pension inputs and a scenario, loaded and projected
 * through the public API, read back through ps_run_indicator and the
 * accessor ps_pension_employee_insured.  GPL-3.0-or-later. */
#include "testutil.h"

#include <lua.h>

#include "pension_employee.h"
#include "pension_resident.h"
#include "run.h"
#include "sandbox.h"
#include "scenario.h"

/* ================================================================ builders */

typedef double (*cell_fn)(int sex, int age);

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void write_table(const char *dir, const char *name, const char *header, cell_fn v)
{
    tu_str b = {0};
    tu_str_add(&b, "%s\n", header);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            tu_str_add(&b, "%s,%d,%.17g\n", x ? "female" : "male", a, v(x, a));
    write_file(dir, name, b.s);
    free(b.s);
}

/* --- the one-cohort case: 1,000 men aged 59 on 1 January 2020, nobody dies */
static double one_cohort_pop(int x, int a) { return x == PS_MALE && a == 59 ? 1000 : 0; }
static double no_deaths(int x, int a) { (void)x; return a == 100 ? 0.5 : 0; }
static double all_one(int x, int a) { (void)x; (void)a; return 1; }

/* --- the stationary case: P[a] = 1000 (1 - q)^a, open group P99 (1-q)/q */
#define STAT_Q 0.02
static double stat_pop(int x, int a)
{
    (void)x;
    double p = 1000 * pow(1 - STAT_Q, a < 100 ? a : 99);
    return a < 100 ? p : p * (1 - STAT_Q) / STAT_Q;
}
static double stat_q(int x, int a) { (void)x; (void)a; return STAT_Q; }
static double emp_08(int x, int a) { (void)x; return a >= 16 && a < 75 ? 0.8 : 0; }

static const char *DIVISOR =
    "age,months\n40,233\n41,230\n42,226\n43,223\n44,220\n45,216\n46,212\n47,208\n48,204\n"
    "49,199\n50,195\n51,190\n52,185\n53,180\n54,175\n55,170\n56,164\n57,158\n58,152\n"
    "59,145\n60,139\n61,132\n62,125\n63,117\n64,109\n65,101\n66,93\n67,84\n68,75\n69,65\n"
    "70,56\n";

/* Writes a case into a fresh folder; `section` is the body of the
 * pension_employee section (file keys are added), `extra` more top-level
 * Lua.  Returns the folder (the caller removes it with rm_case). */
static char *make_case(cell_fn pop, cell_fn q, cell_fn emp, const char *coverage_row_value,
                       int end_year, const char *section, const char *extra)
{
    char *dir = tu_make_temp_dir();
    write_table(dir, "pop.csv", "sex,age,population", pop);
    write_table(dir, "q.csv", "sex,age,qx", q);
    write_table(dir, "emp.csv", "sex,age,employment", emp);
    tu_str c = {0};
    tu_str_add(&c, "sex,age,coverage,retired\n");
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            tu_str_add(&c, "%s,%d,%s\n", x ? "female" : "male", a, coverage_row_value);
    write_file(dir, "cov.csv", c.s);
    free(c.s);
    write_file(dir, "asfr.csv", "age,asfr\n30,0.1\n");
    write_file(dir, "divisor.csv", DIVISOR);
    tu_str s = {0};
    tu_str_add(&s,
               "return {\n  name = 'case', base_year = 2020, end_year = %d,\n"
               "  population = { base = 'pop.csv', mortality = 'q.csv', fertility = 'asfr.csv',"
               " tfr = 0 },\n"
               "  pension_employee = {\n    employment = 'emp.csv', coverage = 'cov.csv',"
               " divisor = 'divisor.csv',\n%s\n  },\n%s\n}\n",
               end_year, section, extra ? extra : "");
    write_file(dir, "scenario.lua", s.s);
    free(s.s);
    return dir;
}

static void rm_case(char *dir)
{
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* Loads and projects the case; returns the run (NULL with err set). */
static ps_run *run_case(const char *dir, ps_scenario **sc, ps_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/scenario.lua", dir);
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    *sc = ps_scenario_load(path, &lim, "scripts", err);
    if (!*sc)
        return NULL;
    ps_run *run = ps_run_new(*sc, err);
    if (run && ps_run_project(run, err)) {
        ps_run_free(run);
        run = NULL;
    }
    if (!run) {
        ps_scenario_free(*sc);
        *sc = NULL;
    }
    return run;
}

static double ind(ps_run *run, const char *name, int year)
{
    double v = NAN;
    if (!ps_run_indicator(run, name, year, &v))
        fail_msg("indicator %s in %d unknown", name, year);
    return v;
}

/* The section of the one-cohort case: everything simple and known. */
#define ONE_COHORT                                                                   \
    "    wage = 120000, wage_growth = 0, base_index = 1, employer_rate = 0.16,\n"    \
    "    employee_rate = 0.08, crediting_rate = 0, indexation = 0.05,\n"             \
    "    transitional_coef = 0.01, contribution_density = 1, career_start_age = 20,\n" \
    "    ia_start_year = 1990, backcast_wage_growth = 0, backcast_crediting_rate = 0,\n" \
    "    base_fund_months = 0, interest_rate = 0, female_cadre_share = 0.3,"

/* ================================================================ formulas */

static void test_formulas(void **state)
{
    (void)state;
    /* 80,000/12 x (1 + 0.8)/2 x 30 x 1% = 6,666.67 x 0.9 x 0.3 = 1,800 */
    assert_rel_close(ps_pe_basic_pension(80000, 0.8, 30), 1800, TU_RTOL);
    /* 80,000/12 x 0.8 x 10 x 1.2% = 640 */
    assert_rel_close(ps_pe_transitional_pension(80000, 0.8, 10, 0.012), 640, TU_RTOL);
    double g0, n, lived;
    /* u = 0.5: half retired on 1 January, the other half within the year
     * (uniformly over its first half): lived = int_0^1 clamp(0.5 + s) ds
     * = (1 - 0.125) = 0.875 */
    ps_pe_retire_shares(0.5, &g0, &n, &lived);
    assert_rel_close(g0, 0.5, TU_RTOL);
    assert_rel_close(n, 0.5, TU_RTOL);
    assert_rel_close(lived, 0.875, TU_RTOL);
    /* u = 0 (age 59 with R = 60): all retire within the year, half a year each */
    ps_pe_retire_shares(0, &g0, &n, &lived);
    assert_rel_close(n, 1, TU_RTOL);
    assert_rel_close(lived, 0.5, TU_RTOL);
    double months[PS_NAGE] = {0};
    months[60] = 139;
    months[61] = 132;
    /* 60 years 3 months: 139 + 0.25 x (132 - 139) = 137.25 */
    assert_rel_close(ps_pe_divisor_at(months, 60, 61, 60.25), 137.25, TU_RTOL);
    assert_true(isnan(ps_pe_divisor_at(months, 60, 61, 62)));
}

/* ================================================================ one cohort */

/* 1,000 men born 1960 (aged 59 on 1 January 2020), statutory age 60 (no
 * retirement_age key: the pre-2025 rule), no deaths.
 *   W(2020) = 120,000 and no back-cast growth, so W(t-1) = 120,000; base
 *   index 1: the base is 120,000 a year.
 *   IA: contributions 8% x 120,000 = 9,600 a year from 1990 (ia_start_year;
 *   age 29 > 20) to 2019 = 30 years at 0%: 288,000 on 1 January 2020; half
 *   a year more before the birthday: + 4,800 = 292,800.
 *   Divisor at 60: 139, IA pension 292,800 / 139 = 2,106.4748...
 *   Basic: 120,000/12 x (1 + 1)/2 x 40 years (60 - 20, density 1) x 1% = 4,000.
 *   Transitional: deemed years 1990 - (1960 + 20) = 10: 10,000 x 1 x 10 x 1% = 1,000.
 *   New pension 7,106.4748 a month.
 *   2020: retire uniformly over the year: contributors 500 person-years,
 *   retirees 500; benefits 500 x 12 x 7,106.47; the IA pays 6 months of
 *   its pension per retiree (12,638.85 < 292,800), so the pool pays
 *   500 x 12 x 5,000 = 30,000,000; employer 16% x 120,000 x 500 = 9,600,000;
 *   fund = 0 + 0 + 9,600,000 - 30,000,000 = -20,400,000.
 *   2021: pensions indexed 5%: 7,461.80; the IA still pays 2,106.47 a month;
 *   the pool pays 1,000 x 12 x (7,106.4748 x 1.05 - 2,106.4748). */
static void test_one_cohort(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(one_cohort_pop, no_deaths, all_one, "1,0", 2021, ONE_COHORT, NULL);
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    double ia_p = 292800.0 / 139.0, np = 4000 + 1000 + ia_p;
    assert_rel_close(ind(run, "pension_employee.avg_new_pension", 2020), np, 1e-12);
    assert_rel_close(ind(run, "pension_employee.contributors", 2020), 500, 1e-12);
    assert_rel_close(ind(run, "pension_employee.retirees", 2020), 500, 1e-12);
    assert_rel_close(ind(run, "pension_employee.new_retirees", 2020), 1000, 1e-12);
    assert_rel_close(ind(run, "pension_employee.benefits_total", 2020), 500 * 12 * np, 1e-12);
    assert_rel_close(ind(run, "pension_employee.benefits_from_ia", 2020), 1000 * 6 * ia_p, 1e-12);
    assert_rel_close(ind(run, "pension_employee.expenditure", 2020), 30e6, 1e-12);
    assert_rel_close(ind(run, "pension_employee.employer_contributions", 2020), 9.6e6, 1e-12);
    assert_rel_close(ind(run, "pension_employee.fund", 2020), -20.4e6, 1e-12);
    assert_rel_close(ind(run, "pension_employee.expenditure", 2021),
                     1000 * 12 * (np * 1.05 - ia_p), 1e-12);
    assert_rel_close(ind(run, "pension_employee.retirees", 2021), 1000, 1e-12);
    assert_rel_close(ind(run, "pension_employee.contributors", 2021), 0, 1e-12);
    /* the accessor gives the same by sex and age */
    double c[PS_NSEX][PS_NAGE], r[PS_NSEX][PS_NAGE];
    assert_int_equal(ps_pension_employee_insured(ps_run_module_state(run, "pension_employee"),
                                                 2020, c, r, &err), PS_OK);
    assert_rel_close(c[PS_MALE][59], 500, 1e-12);
    assert_rel_close(r[PS_MALE][59], 500, 1e-12);
    assert_rel_close(c[PS_FEMALE][59], 0, 1e-12);
    assert_int_equal(ps_pension_employee_insured(ps_run_module_state(run, "pension_employee"),
                                                 2030, c, r, &err), PS_EUSAGE);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

/* Once the account is used up the pool pays the IA pension.  The same
 * cohort with employee_rate = 0.001: balance 30 x 120 + 60 = 3,660 = 139
 * months of its IA pension ip = 3,660 / 139.  2020 pays 6 months (133 ip
 * left); 2021..2031 pay 12 ip each (132 ip), leaving 1 ip for 2032; from
 * 2033 the pool pays all of it.  So benefits_from_ia is 12 ip in 2031,
 * 3,660 - 6 ip - 11 x 12 ip = ip in 2032 and 0 in 2033. */
static void test_ia_exhausted(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(one_cohort_pop, no_deaths, all_one, "1,0", 2033,
                          ONE_COHORT "\n    employee_rate = 0.001,", NULL);
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    double bal = 30 * 120.0 + 60.0, ip = bal / 139.0;
    assert_rel_close(ind(run, "pension_employee.benefits_from_ia", 2031), 1000 * 12 * ip, 1e-9);
    assert_rel_close(ind(run, "pension_employee.benefits_from_ia", 2032),
                     1000 * (bal - 6 * ip - 11 * 12 * ip), 1e-9);
    assert_rel_close(ind(run, "pension_employee.benefits_from_ia", 2033), 0, 1e-9);
    /* the pension itself is paid in full: the pool pays the rest */
    assert_rel_close(ind(run, "pension_employee.benefits_total", 2033),
                     ind(run, "pension_employee.expenditure", 2033), 1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

/* ================================================================ fund identity, rates */

static void check_identity(ps_run *run, const char *m, int y0, int y1)
{
    char k[4][64];
    const char *names[4] = {"fund", "interest", "income_total", "expenditure"};
    for (int y = y0 + 1; y <= y1; y++) {
        double v[4];
        for (int i = 0; i < 4; i++) {
            snprintf(k[i], sizeof k[i], "%s.%s", m, names[i]);
            v[i] = ind(run, k[i], y);
        }
        double prev = ind(run, k[0], y - 1);
        double scale = fabs(v[0]) + fabs(prev) + fabs(v[2]) + fabs(v[3]);
        if (fabs(v[0] - (prev + v[1] + v[2] - v[3])) > 1e-12 * scale)
            fail_msg("%s: fund identity fails in %d", m, y);
    }
}

/* fund[t] = fund[t-1] + interest[t] + income_total[t] - expenditure[t],
 * every year, in all three modules, with interest and subsidies on. */
static void test_fund_identity(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(stat_pop, stat_q, emp_08, "0.5,0.4", 2040,
                          "    interest_rate = 0.031, fiscal_subsidy = 1e6, transfers_in = 2e5,"
                          " transfers_out = 1e5, base_fund_months = 7,",
                          "  pension_resident = { grades = 'grades.csv', local_topup = 17 },\n"
                          "  land_guarantee = { interest_rate = 0.013 },");
    write_file(dir, "grades.csv", "grade,amount,share,subsidy\n1,100,0.7,30\n2,500,0.3,60\n");
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    check_identity(run, "pension_employee", 2020, 2040);
    check_identity(run, "pension_resident", 2020, 2040);
    check_identity(run, "land_guarantee", 2020, 2040);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

/* Employer contributions = rate x base x contributors: halving the rate
 * halves them exactly, and leaves contributors unchanged. */
static void test_contributions_proportional(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc1, *sc2;
    char *d1 = make_case(stat_pop, stat_q, emp_08, "0.5,0.4", 2025, "    employer_rate = 0.16,", NULL);
    char *d2 = make_case(stat_pop, stat_q, emp_08, "0.5,0.4", 2025, "    employer_rate = 0.08,", NULL);
    ps_run *r1 = run_case(d1, &sc1, &err);
    if (!r1)
        fail_msg("%s", err.msg);
    ps_run *r2 = run_case(d2, &sc2, &err);
    if (!r2)
        fail_msg("%s", err.msg);
    for (int y = 2020; y <= 2025; y++) {
        double c1 = ind(r1, "pension_employee.employer_contributions", y);
        double c2 = ind(r2, "pension_employee.employer_contributions", y);
        assert_true(c1 > 0);
        assert_rel_close(c2, c1 / 2, 1e-14);
        /* and = 16% x W(t-1) x 0.8 x contributors */
        assert_rel_close(c1, 0.16 * ind(r1, "pension_employee.contribution_base", y) *
                                 ind(r1, "pension_employee.contributors", y), 1e-14);
    }
    ps_run_free(r1);
    ps_run_free(r2);
    ps_scenario_free(sc1);
    ps_scenario_free(sc2);
    rm_case(d1);
    rm_case(d2);
}

/* A closed stationary population (P[a] proportional to (1 - q)^a, no
 * births, no migration, constant q): ages 10+ keep their numbers for ten
 * years; with employment x coverage = 0.4 = the retired share and fixed
 * retirement ages, base-year retirees P[a] x 0.4 x (share past the age) are
 * exactly what the flows reproduce, so the system dependency ratio is the
 * same every year. */
static void test_stationary_dependency(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(stat_pop, stat_q, emp_08, "0.5,0.4", 2030, "", NULL);
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    double d0 = ind(run, "pension_employee.system_dependency_ratio", 2020);
    assert_true(d0 > 0.1 && d0 < 2);
    for (int y = 2021; y <= 2030; y++)
        assert_rel_close(ind(run, "pension_employee.system_dependency_ratio", y), d0, 1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

/* ================================================================ retirement ages */

/* Calls policysim.retirement.<fn>(args) in a real sandbox. */
static double retirement_call(const char *call)
{
    ps_err err;
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    ps_sandbox *sb = ps_sandbox_new(&lim, "scripts", &err);
    assert_non_null(sb);
    tu_str s = {0};
    tu_str_add(&s, "return require('policysim.retirement').%s\n", call);
    char *path = tu_write_temp(s.s);
    free(s.s);
    if (ps_sandbox_loadfile(sb, path, &err) || ps_sandbox_call(sb, 0, 1, &err))
        fail_msg("%s: %s", call, err.msg);
    lua_State *L = ps_sandbox_lua(sb);
    double v = lua_tonumber(L, -1);
    ps_sandbox_free(sb);
    tu_temp_free(path);
    return v;
}

/* delay = min(cap, ceil(k / step)), k = month of the original retirement
 * counted from 2025-01 = 1. */
static void test_reform_ages(void **state)
{
    (void)state;
    /* man born May 1965: original retirement May 2025 (1965 + 60), k = 5,
     * ceil(5/4) = 2 months: 60 + 2/12 */
    assert_rel_close(retirement_call("reform_2025(1965, 'male', 5)"), 60 + 2.0 / 12, 1e-15);
    /* man born January 1965: k = 1, one month (the published sample) */
    assert_rel_close(retirement_call("reform_2025(1965, 'male', 1)"), 60 + 1.0 / 12, 1e-15);
    /* man born December 1964: k = 0, no delay */
    assert_rel_close(retirement_call("reform_2025(1964, 'male', 12)"), 60, 1e-15);
    /* man born December 1976: k = 144, ceil(144/4) = 36: 63 (sample) */
    assert_rel_close(retirement_call("reform_2025(1976, 'male', 12)"), 63, 1e-15);
    /* woman worker born December 1975: k = 12, ceil(12/2) = 6: 50.5 */
    assert_rel_close(retirement_call("reform_2025(1975, 'female_worker', 12)"), 50.5, 1e-15);
    /* woman worker born 1975, cohort mean: delays 1,1,2,2,...,6,6 = 42
     * months over 12 births: 50 + 42/144 */
    assert_rel_close(retirement_call("reform_2025(1975, 'female_worker')"), 50 + 42.0 / 144,
                     1e-15);
    /* woman worker born December 1984: k = 120, 60 months: 55 (sample) */
    assert_rel_close(retirement_call("reform_2025(1984, 'female_worker', 12)"), 55, 1e-15);
    /* woman cadre born January 1970: 55 years 1 month (sample) */
    assert_rel_close(retirement_call("reform_2025(1970, 'female_cadre', 1)"), 55 + 1.0 / 12,
                     1e-15);
    assert_rel_close(retirement_call("pre_2025(1990, 'female_worker')"), 50, 1e-15);
    assert_rel_close(retirement_call("min_contribution_years(2029)"), 15, 1e-15);
    assert_rel_close(retirement_call("min_contribution_years(2034)"), 17.5, 1e-15);
    assert_rel_close(retirement_call("min_contribution_years(2050)"), 20, 1e-15);
}

/* Through the module: the cohort retiring in 2025 is born 1965; its mean
 * age is 60 + (4 x 1 + 4 x 2 + 4 x 3)/144 = 60 + 24/144. */
static void test_reform_in_module(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(stat_pop, stat_q, emp_08, "0.5,0.4", 2026,
                          "    retirement_age = require('policysim.retirement').reform_2025,",
                          NULL);
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    assert_rel_close(ind(run, "pension_employee.retirement_age_male", 2024), 60, 1e-15);
    assert_rel_close(ind(run, "pension_employee.retirement_age_male", 2025), 60 + 24.0 / 144,
                     1e-14);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

/* ================================================================ bad inputs */

static void expect_case_error(const char *section, const char *divisor, const char *emp_bad,
                              const char *n1, const char *n2)
{
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(stat_pop, stat_q, emp_08, "0.5,0.4", 2022, section, NULL);
    if (divisor)
        write_file(dir, "divisor.csv", divisor);
    if (emp_bad)
        write_file(dir, "emp.csv", emp_bad);
    ps_run *run = run_case(dir, &sc, &err);
    assert_null(run);
    assert_err(&err, PS_EINPUT, n1, n2);
    rm_case(dir);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    /* a negative rate: the key and the scenario line */
    expect_case_error("    employer_rate = -0.1,", NULL, NULL, "pension_employee.employer_rate",
                      "scenario.lua");
    /* a divisor table with a gap (51 missing): file, line 4, column */
    expect_case_error("", "age,months\n49,199\n50,195\n52,185\n", NULL, "divisor.csv:4:",
                      "gap");
    /* a retirement age outside 40..75 */
    expect_case_error("    retirement_age = function(b, g) return 80 end,", NULL, NULL,
                      "pension_employee.retirement_age", "outside 40..75");
    /* a retirement age that is not a number */
    expect_case_error("    retirement_age = function(b, g) return 'sixty' end,", NULL, NULL,
                      "pension_employee.retirement_age", "returned string");
    /* a malformed employment file */
    expect_case_error("", NULL, "sex,age,employment\nmale,30,lots\n", "emp.csv:2:",
                      "column 'employment'");
    /* a share above 1 in coverage via the scale is clamped, but a scale
     * out of its range is an error */
    expect_case_error("    coverage_scale = 7,", NULL, NULL, "pension_employee.coverage_scale",
                      "scenario.lua");
}

static void test_bad_grades(void **state)
{
    (void)state;
    ps_err err;
    double a, s;
    char *p = tu_write_temp("grade,amount,share,subsidy\n1,100,0.5,30\n2,200,0.4,30\n");
    assert_int_not_equal(ps_pr_read_grades(p, &a, &s, &err), PS_OK);
    assert_err(&err, PS_EINPUT, "share", "sums to 0.9");
    tu_temp_free(p);
    p = tu_write_temp("grade,amount,share,subsidy\n1,100,0.5,30\n2,200,0.5,-1\n");
    assert_int_not_equal(ps_pr_read_grades(p, &a, &s, &err), PS_OK);
    assert_err(&err, PS_EINPUT, ":3:", "column 'subsidy'");
    tu_temp_free(p);
    /* good: mean amount 0.7 x 100 + 0.3 x 500 = 220, subsidy 21 + 18 = 39 */
    p = tu_write_temp("# comment\ngrade,amount,share,subsidy\n1,100,0.7,30\n2,500,0.3,60\n");
    assert_int_equal(ps_pr_read_grades(p, &a, &s, &err), PS_OK);
    assert_rel_close(a, 220, TU_RTOL);
    assert_rel_close(s, 39, TU_RTOL);
    tu_temp_free(p);
}

/* ================================================================ accounts (issue 13) */

/* Contribution density: the share of in-service members who pay in a year.
 * Every paid year earns a pension year and its account credit, so density
 * d scales contributors, contributions, years and the account alike.
 * The one-cohort case (test_one_cohort) with density d, cr = 0:
 *   members in service 2020: 1,000 x (1 - 1/2) = 500 person-years;
 *   contributors d x 500; employer 16% x 120,000 x 500 d = 9.6e6 d;
 *   account 8% x 120,000 x 500 d = 4.8e6 d.
 *   Years: from the 20th birthday (mid-1980 on average) to the 60th
 *   (mid-2020): 40 d.  Basic 120,000/12 x 1 x 40 d x 1% = 4,000 d.
 *   Account: 9,600 d a year 1990..2019 = 288,000 d, + 4,800 d in 2020:
 *   292,800 d; IA pension 292,800 d / 139.  Deemed 10 d years: 1,000 d.
 *   So the new pension is d x 7,106.47, and with d = 0.75: 5,329.86.
 *   The account stock: 1 January 2020 1,000 x 288,000 d; 2020 adds
 *   4.8e6 d and pays 6 months of the IA pension to 1,000 retirees; 2021
 *   pays 12 months. */
static void density_case(double d)
{
    ps_err err;
    ps_scenario *sc;
    char sec[1024];
    snprintf(sec, sizeof sec, ONE_COHORT "\n    contribution_density = %.17g,", d);
    char *dir = make_case(one_cohort_pop, no_deaths, all_one, "1,0", 2021, sec, NULL);
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    double ia_p = 292800.0 * d / 139.0, np = 4000 * d + 1000 * d + ia_p;
    assert_rel_close(ind(run, "pension_employee.avg_new_pension", 2020), np, 1e-12);
    assert_rel_close(np, d * (5000 + 292800.0 / 139.0), 1e-12);
    assert_rel_close(ind(run, "pension_employee.members", 2020), 500, 1e-12);
    assert_rel_close(ind(run, "pension_employee.contributors", 2020), 500 * d, 1e-12);
    assert_rel_close(ind(run, "pension_employee.insured", 2020), 1000, 1e-12);
    assert_rel_close(ind(run, "pension_employee.employer_contributions", 2020), 9.6e6 * d,
                     1e-12);
    assert_rel_close(ind(run, "pension_employee.ia_contributions", 2020), 4.8e6 * d, 1e-12);
    assert_rel_close(ind(run, "pension_employee.ia_balance", 2020),
                     1000 * 288000.0 * d + 4.8e6 * d - 1000 * 6 * ia_p, 1e-12);
    assert_rel_close(ind(run, "pension_employee.ia_balance", 2021),
                     1000 * 288000.0 * d + 4.8e6 * d - 1000 * 18 * ia_p, 1e-12);
    assert_rel_close(ind(run, "pension_employee.benefits_from_ia", 2021), 1000 * 12 * ia_p,
                     1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

static void test_density_entitlement(void **state)
{
    (void)state;
    density_case(1);
    density_case(0.75);
}

/* The individual account every year, with deaths, crediting, a density
 * path and members leaving (coverage falls 2020-2025) and joining (it rises
 * after): ia_balance[t] = ia_balance[t-1] + ia_contributions + ia_interest
 * - benefits_from_ia, where benefits_from_ia = ia_pensions + ia_refunds
 * (inheritances and the accounts of members who leave).  The refunds are
 * not negligible: without them the identity fails.  The cash view and the
 * net position are checked against the same columns. */
static void test_account_identity(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(stat_pop, stat_q, emp_08, "0.5,0.4", 2040,
                          "    crediting_rate = 0.03, interest_rate = 0.02,"
                          " contribution_density = { [2020] = 0.7, [2030] = 0.9 },"
                          " coverage_scale = { [2020] = 1, [2025] = 0.6, [2035] = 1.2 },"
                          " fiscal_subsidy = 1e6, transfers_in = 2e5, transfers_out = 1e5,",
                          NULL);
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    int refunds_matter = 0;
    for (int y = 2021; y <= 2040; y++) {
#define V(n) ind(run, "pension_employee." n, y)
        double prev = ind(run, "pension_employee.ia_balance", y - 1);
        double bal = V("ia_balance"), c = V("ia_contributions"), i = V("ia_interest");
        double out = V("benefits_from_ia");
        assert_true(c > 0 && i > 0 && V("ia_refunds") > 0);
        assert_rel_close(out, V("ia_pensions") + V("ia_refunds"), 1e-12);
        double scale = fabs(bal) + fabs(prev) + c + i + out;
        if (fabs(bal - (prev + c + i - out)) > 1e-12 * scale)
            fail_msg("account identity fails in %d: %.12g vs %.12g", y, bal, prev + c + i - out);
        if (fabs(bal - (prev + c + i - V("ia_pensions"))) > 1e-6 * scale)
            refunds_matter++;
        /* cash view: pool + accounts, every contribution against every payment */
        double cprev = ind(run, "pension_employee.cash_fund", y - 1);
        assert_rel_close(V("cash_fund"), V("fund") + bal, 1e-12);
        assert_rel_close(V("cash_fund"),
                         cprev + V("interest") + i + V("cash_income") - V("cash_expenditure"),
                         1e-10);
        assert_rel_close(V("net_position"),
                         V("employer_contributions") + c - V("benefits_total") - V("ia_refunds"),
                         1e-12);
        assert_rel_close(V("contributors"),
                         (y < 2030 ? 0.7 + 0.02 * (y - 2020) : 0.9) * V("members"), 1e-12);
#undef V
    }
    assert_int_equal(refunds_matter, 20);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

/* Base-year retirees: their pension (base_pension, 2,650) is split between
 * the account and the pool.  1,000 men aged 65 on 1 January 2020 (born
 * 1954), retired at 60 (in 2014-2015), nobody dies, cr = 0:
 *   account at retirement: 9,600 a year 1990..2013 (24 years) + half of
 *   2014 = 235,200; IA pension ip = 235,200 / 139 = 1,692.09 a month;
 *   paid for 5.5 years on average by 1 January 2020: left 235,200 - 66 ip
 *   = 73 ip.  In 2020 the account pays 12 ip each, the pool 2,650 - ip.
 * base_retirees = 400 replaces the count (the spread stays), base_fund = 5e6
 * the opening fund: fund 2020 = 5e6 - 400 x 12 x (2,650 - ip). */
static void test_base_retirees(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *sc;
    char *dir = make_case(one_cohort_pop, no_deaths, all_one, "1,1", 2021,
                          ONE_COHORT "\n    base_retirees = 400, base_fund = 5e6,", NULL);
    /* move the cohort to age 65 */
    tu_str b = {0};
    tu_str_add(&b, "sex,age,population\n");
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            tu_str_add(&b, "%s,%d,%d\n", x ? "female" : "male", a,
                       x == PS_MALE && a == 65 ? 1000 : 0);
    write_file(dir, "pop.csv", b.s);
    free(b.s);
    ps_run *run = run_case(dir, &sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    double ip = 235200.0 / 139.0;
    assert_rel_close(ind(run, "pension_employee.retirees", 2020), 400, 1e-12);
    assert_rel_close(ind(run, "pension_employee.benefits_total", 2020), 400 * 12 * 2650.0,
                     1e-12);
    assert_rel_close(ind(run, "pension_employee.ia_pensions", 2020), 400 * 12 * ip, 1e-12);
    assert_rel_close(ind(run, "pension_employee.expenditure", 2020), 400 * 12 * (2650 - ip),
                     1e-12);
    assert_rel_close(ind(run, "pension_employee.fund", 2020), 5e6 - 400 * 12 * (2650 - ip),
                     1e-12);
    assert_rel_close(ind(run, "pension_employee.ia_balance", 2020), 400 * 61 * ip, 1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

/* A number key (not a series) can be set like a series, as calibrate and
 * sweep do: base_fund_months = 3 in the one-cohort case gives an opening
 * fund of 3/12 of 2020's expenditure (30e6); out of range is refused. */
static void test_set_number_key(void **state)
{
    (void)state;
    ps_err err;
    char path[4200];
    char *dir = make_case(one_cohort_pop, no_deaths, all_one, "1,0", 2021, ONE_COHORT, NULL);
    snprintf(path, sizeof path, "%s/scenario.lua", dir);
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    ps_scenario *sc = ps_scenario_load(path, &lim, "scripts", &err);
    assert_non_null(sc);
    assert_int_equal(ps_scenario_set_const(sc, "pension_employee.base_fund_months", 500, &err),
                     PS_EINPUT);
    assert_int_equal(ps_scenario_set_const(sc, "pension_employee.base_fund_months", 3, &err),
                     PS_OK);
    ps_run *run = ps_run_new(sc, &err);
    assert_non_null(run);
    assert_int_equal(ps_run_project(run, &err), PS_OK);
    assert_rel_close(ind(run, "pension_employee.fund", 2020), 3 * 30e6 / 12 + 9.6e6 - 30e6,
                     1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    rm_case(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_one_cohort),
        cmocka_unit_test(test_ia_exhausted),
        cmocka_unit_test(test_fund_identity),
        cmocka_unit_test(test_contributions_proportional),
        cmocka_unit_test(test_stationary_dependency),
        cmocka_unit_test(test_reform_ages),
        cmocka_unit_test(test_reform_in_module),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_bad_grades),
        cmocka_unit_test(test_density_entitlement),
        cmocka_unit_test(test_account_identity),
        cmocka_unit_test(test_base_retirees),
        cmocka_unit_test(test_set_number_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
