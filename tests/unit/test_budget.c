/* test_budget.c: the county budget ledger (issue 12) by hand: the
 * arithmetic pieces (share checks, the split, present values, the fiscal
 * gap, the LMDI decomposition) and the module in a run over a small
 * population whose base-year stock is 100 persons in every sex and age
 * cell, so that every ledger row is count x rate x share by hand.
 * Run from the repository root (make test-unit does).  GPL-3.0-or-later. */
#include "testutil.h"

#include <limits.h>

#include "budget.h"
#include "run.h"
#include "scenario.h"

/* ------------------------------------------------------------ arithmetic */

static void test_split_and_shares(void **state)
{
    (void)state;
    double out[PS_NPAYER];
    /* 1,000 at 0.6 / 0.2 / 0.1: 600, 200, 100 and the county 100. */
    ps_budget_split(1000, 0.6, 0.2, 0.1, out);
    assert_rel_close(out[PS_PAYER_CENTRAL], 600, TU_RTOL);
    assert_rel_close(out[PS_PAYER_PROVINCIAL], 200, TU_RTOL);
    assert_rel_close(out[PS_PAYER_MUNICIPAL], 100, TU_RTOL);
    assert_rel_close(out[PS_PAYER_COUNTY], 100, 1e-12);
    assert_true(out[PS_PAYER_FUND] == 0 && out[PS_PAYER_INDIVIDUAL] == 0 &&
                out[PS_PAYER_EMPLOYER] == 0);
    /* A zero central share: the county takes the centre's part. */
    ps_budget_split(1000, 0, 0.2, 0.1, out);
    assert_true(out[PS_PAYER_CENTRAL] == 0);
    assert_rel_close(out[PS_PAYER_COUNTY], 700, 1e-12);

    const char *keys[3] = {"budget.x.central", "budget.x.provincial", "budget.x.municipal"};
    ps_err err = {0};
    double ok[3] = {0.6, 0.3, 0.1}; /* exactly 1: the county pays nothing, allowed */
    assert_int_equal(ps_budget_check_shares(ok, keys, 2030, &err), PS_OK);
    double neg[3] = {0.6, -0.1, 0.1};
    assert_int_equal(ps_budget_check_shares(neg, keys, 2030, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "'budget.x.provincial' is -0.1", "2030", "negative");
    double over[3] = {0.9, 0.2, 0};
    assert_int_equal(ps_budget_check_shares(over, keys, 2031, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "'budget.x.central' + 'budget.x.provincial'", "1.1", "2031",
               "above 1");
    /* The payers' names, both ways. */
    assert_string_equal(ps_budget_payer_name(PS_PAYER_COUNTY), "county");
    assert_int_equal(ps_budget_payer_index("employer"), PS_PAYER_EMPLOYER);
    assert_int_equal(ps_budget_payer_index("city"), -1);
    assert_null(ps_budget_payer_name(PS_NPAYER));
}

/* PV of 100, 100, 100 at 10%: 100 + 90.909090... + 82.644628... =
 * 273.553719...; (100 + 100/1.1 + 100/1.21).  The fiscal gap of a cost of 5,
 * 10, 20 against revenue of 100 a year at 0%: 35 / 300. */
static void test_pv_and_gap(void **state)
{
    (void)state;
    double x[3] = {100, 100, 100};
    assert_rel_close(ps_budget_pv(x, 3, 0.1), 100 + 100 / 1.1 + 100 / 1.21, 1e-14);
    assert_rel_close(ps_budget_pv(x, 3, 0.0), 300, TU_RTOL);
    double c[3] = {5, 10, 20}, r[3] = {100, 100, 100}, z[3] = {0, 0, 0};
    assert_rel_close(ps_budget_fiscal_gap(c, r, 3, 0.0), 35.0 / 300.0, TU_RTOL);
    /* at 10%: (5 + 10/1.1 + 20/1.21) / 273.5537... */
    assert_rel_close(ps_budget_fiscal_gap(c, r, 3, 0.1),
                     (5 + 10 / 1.1 + 20 / 1.21) / (100 + 100 / 1.1 + 100 / 1.21), 1e-14);
    assert_true(isnan(ps_budget_fiscal_gap(c, z, 3, 0.1)));
}

/* LMDI: C = 2 x 3 = 6 -> 4 x 3 = 12: L = 6 / ln 2, the first factor
 * explains 6 / ln 2 x ln 2 = 6, the second 0.  C = 2 x 5 -> 3 x 4: the parts
 * are L(12, 10) ln 1.5 and L(12, 10) ln 0.8, L(12, 10) = 2 / ln 1.2, adding to 2. */
static void test_lmdi(void **state)
{
    (void)state;
    double part[2];
    double a0[2] = {2, 3}, a1[2] = {4, 3};
    assert_int_equal(ps_budget_lmdi(a0, a1, 2, part), 0);
    assert_rel_close(part[0], 6.0, 1e-14);
    assert_true(part[1] == 0.0);
    double b0[2] = {2, 5}, b1[2] = {3, 4};
    assert_int_equal(ps_budget_lmdi(b0, b1, 2, part), 0);
    double L = 2.0 / log(1.2);
    assert_rel_close(part[0], L * log(1.5), 1e-14);
    assert_rel_close(part[1], L * log(0.8), 1e-14);
    assert_rel_close(part[0] + part[1], 2.0, 1e-13);
    /* no change: L(6, 6) = 6, every part 0 */
    assert_int_equal(ps_budget_lmdi(a0, a0, 2, part), 0);
    assert_true(part[0] == 0 && part[1] == 0);
    /* a zero factor cannot be decomposed */
    double z[2] = {0, 3};
    part[0] = 42;
    assert_int_equal(ps_budget_lmdi(z, a1, 2, part), -1);
    assert_true(part[0] == 42);
}

/* ------------------------------------------------------------ the module in a run */

/* 100 persons in every cell: 202 cells = 20,200 residents; 600 children
 * aged 0-2; 8,200 aged 60+ (41 ages x 200); 4,200 aged 80+ (21 x 200). */
static char *flat_population(void)
{
    tu_str b = {0};
    tu_str_add(&b, "sex,age,population\n");
    for (int x = 0; x < 2; x++)
        for (int a = 0; a <= 100; a++)
            tu_str_add(&b, "%s,%d,100\n", x ? "female" : "male", a);
    char *p = tu_write_temp(b.s);
    free(b.s);
    return p;
}

static char *scenario_file(const char *pop, const char *budget_body)
{
    char root[PATH_MAX];
    assert_non_null(getcwd(root, sizeof root));
    tu_str b = {0};
    tu_str_add(&b,
               "return { name = 't', base_year = 2025, end_year = 2027,\n"
               "  population = { base = '%s',\n"
               "    mortality = '%s/data/feidong/mortality_2020.csv',\n"
               "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2 },\n"
               "  budget = {\n%s\n  },\n}\n",
               pop, root, root, budget_body);
    char *path = tu_write_temp(b.s);
    free(b.s);
    return path;
}

static int run_file(const char *path, ps_scenario **sc, ps_run **run, ps_err *err)
{
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    *run = NULL;
    *sc = ps_scenario_load(path, &lim, NULL, err);
    if (!*sc)
        return err->code;
    *run = ps_run_new(*sc, err);
    if (!*run)
        return err->code;
    return ps_run_project(*run, err);
}

static double cellv(ps_run *run, const char *p, int payer)
{
    return ps_budget_cell(run, p, payer, 2025);
}

static double total_of(ps_run *run, const char *p, int year)
{
    double t = 0;
    for (int k = 0; k < PS_NPAYER; k++)
        t += ps_budget_cell(run, p, k, year);
    return t;
}

static double ind(ps_run *run, const char *name, int year)
{
    double v = NAN;
    assert_true(ps_run_indicator(run, name, year, &v));
    return v;
}

#define BODY                                                                               \
    "    childcare = { take_up = 0.9, central = 0.9, provincial = 0.05, municipal = 0.025 },\n" \
    "    elderly_care = { voucher_start = 2025 },\n"                                           \
    "    county_employer = { staff = 50 },\n"

/* Only the budget section: the other modules are off, so every programme
 * comes from the budget's own keys and the flat population (2025 stock). */
static void test_ledger_by_hand(void **state)
{
    (void)state;
    char *pop = flat_population(), *path = scenario_file(pop, BODY);
    ps_scenario *sc;
    ps_run *run;
    ps_err err = {0};
    assert_int_equal(run_file(path, &sc, &run, &err), PS_OK);

    /* childcare: 600 children x 3,600 x take-up 0.9 = 1,944,000; central
     * 0.9 -> 1,749,600, provincial 0.05 -> 97,200, municipal 0.025 ->
     * 48,600, county the remaining 48,600.  No childcare module: no slots. */
    assert_rel_close(total_of(run, "childcare", 2025), 600 * 3600 * 0.9, 1e-12);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_CENTRAL), 1749600, 1e-12);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_PROVINCIAL), 97200, 1e-12);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_MUNICIPAL), 48600, 1e-12);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_COUNTY), 48600, 1e-9);

    /* resident medical (no medical_resident module): insured 20,200 x 0.75 =
     * 15,150; subsidy 15,150 x 700 = 10,605,000 = 0.6 central 6,363,000 +
     * 0.2 provincial 2,121,000 + 0.1 municipal 1,060,500 + county 1,060,500;
     * premiums 15,150 x 400 = 6,060,000 paid by individuals. */
    double gov = 0;
    for (int k = PS_PAYER_CENTRAL; k <= PS_PAYER_COUNTY; k++)
        gov += cellv(run, "resident_medical", k);
    assert_rel_close(gov, 15150.0 * 700.0, 1e-12);
    assert_rel_close(cellv(run, "resident_medical", PS_PAYER_CENTRAL), 6363000, 1e-12);
    assert_rel_close(cellv(run, "resident_medical", PS_PAYER_COUNTY), 1060500, 1e-9);
    assert_rel_close(cellv(run, "resident_medical", PS_PAYER_INDIVIDUAL), 6060000, 1e-12);

    /* social assistance: no assistance module, so extreme poverty only:
     * 20,200 x 0.005 = 101 persons x 1.3 x 593.9 x 12 = 935,748.84; the
     * county pays 1 - 0.6 - 0.15 - 0.1 = 0.15 of it = 140,362.326. */
    assert_rel_close(total_of(run, "social_assistance", 2025), 935748.84, 1e-12);
    assert_rel_close(cellv(run, "social_assistance", PS_PAYER_COUNTY), 140362.326, 1e-9);

    /* medical assistance: premiums 400 x 101 = 40,400 plus co-payments
     * 101 x 600 = 60,600: 101,000; county 1 - 0.5 - 0.2 - 0.1 = 0.2: 20,200. */
    assert_rel_close(total_of(run, "medical_assistance", 2025), 101000, 1e-12);
    assert_rel_close(cellv(run, "medical_assistance", PS_PAYER_COUNTY), 20200, 1e-9);

    /* elderly care: no eldercare module, so 8,200 x 0.05 = 410 disabled,
     * x take-up 0.2 = 82 users x 800 x 12 = 787,200 (central 0.9: 708,480);
     * allowances 4,200 x 600 = 2,520,000 (province 0.2, city 0.1, county
     * 0.7 = 1,764,000).  County: 787,200 x 0.025 + 1,764,000 = 1,783,680. */
    assert_rel_close(total_of(run, "elderly_care", 2025), 787200 + 2520000, 1e-12);
    assert_rel_close(cellv(run, "elderly_care", PS_PAYER_CENTRAL), 708480, 1e-12);
    assert_rel_close(cellv(run, "elderly_care", PS_PAYER_COUNTY), 1783680, 1e-9);

    /* county as employer: 50 staff x 100,000 x (0.16 + 0.08 + 0.06) = 1,500,000. */
    assert_rel_close(cellv(run, "county_employer", PS_PAYER_COUNTY), 1.5e6, 1e-12);

    /* programmes whose modules are off cost nothing */
    assert_true(total_of(run, "resident_pension", 2025) == 0);
    assert_true(total_of(run, "land_guarantee", 2025) == 0);

    /* the county total and its share of revenue: revenue 6.386e9 in 2023
     * grown 3% a year to 2025 = 6.386e9 x 1.03^2 */
    double county = 48600 + 1060500 + 140362.326 + 20200 + 1783680 + 1.5e6;
    assert_rel_close(ind(run, "budget.county", 2025), county, 1e-9);
    assert_rel_close(ind(run, "budget.revenue", 2025), 6.386e9 * 1.03 * 1.03, 1e-12);
    assert_rel_close(ind(run, "budget.county_share_revenue", 2025),
                     county / (6.386e9 * 1.03 * 1.03), 1e-9);
    assert_rel_close(ind(run, "budget.county_childcare", 2025), 48600, 1e-9);
    /* prices: index 1 in the base year, 1.01 in 2026 (1% inflation) */
    assert_rel_close(ind(run, "budget.price_index", 2026), 1.01, TU_RTOL);
    assert_rel_close(ind(run, "budget.county_real", 2026), ind(run, "budget.county", 2026) / 1.01,
                     1e-12);

    /* every programme's payers sum to the independently computed totals
     * in every year: childcare is children 0-2 x 3,600 x 0.9 each year */
    for (int y = 2025; y <= 2027; y++) {
        const ps_pop *P = ps_run_pop(run, y);
        double kids = ps_pop_sum(P, 0, 2);
        assert_rel_close(total_of(run, "childcare", y), kids * 3600 * 0.9, 1e-12);
        double ins = ps_pop_sum(P, 0, PS_AGE_OPEN) * 0.75;
        assert_rel_close(total_of(run, "resident_medical", y), ins * (700 + 400), 1e-12);
    }

    /* The contribution API: a module adds its lines; they add up and count. */
    assert_int_equal(ps_budget_add(run, "housing", PS_PAYER_COUNTY, 2026, 1000, &err), PS_OK);
    assert_int_equal(ps_budget_add(run, "housing", PS_PAYER_COUNTY, 2026, 234, &err), PS_OK);
    const char *hk[3] = {"housing.central", "housing.provincial", "housing.municipal"};
    assert_int_equal(ps_budget_add_split(run, "housing", 2026, 100, 0.5, 0.25, 0, hk, &err),
                     PS_OK);
    assert_rel_close(ps_budget_cell(run, "housing", PS_PAYER_COUNTY, 2026), 1259, TU_RTOL);
    assert_rel_close(ps_budget_cell(run, "housing", PS_PAYER_CENTRAL, 2026), 50, TU_RTOL);
    assert_rel_close(ind(run, "budget.county_housing", 2026), 1259, TU_RTOL);
    assert_int_equal(ps_budget_add_split(run, "housing", 2026, 100, 0.8, 0.25, 0, hk, &err),
                     PS_EINPUT);
    assert_err(&err, PS_EINPUT, "'housing.central' + 'housing.provincial'", "2026");
    assert_int_equal(ps_budget_add(run, "bad name", PS_PAYER_COUNTY, 2026, 1, &err),
                     PS_EINTERNAL);
    assert_int_equal(ps_budget_add(run, "housing", PS_PAYER_COUNTY, 2040, 1, &err),
                     PS_EINTERNAL);
    assert_int_equal(ps_budget_add(run, "housing", PS_PAYER_COUNTY, 2026, NAN, &err),
                     PS_EINTERNAL);
    assert_true(isnan(ps_budget_cell(run, "nothing", PS_PAYER_COUNTY, 2026)));

    /* A second projection (a stochastic draw) starts from an empty ledger. */
    assert_int_equal(ps_run_project(run, &err), PS_OK);
    assert_true(isnan(ps_budget_cell(run, "housing", PS_PAYER_COUNTY, 2026)) ||
                ps_budget_cell(run, "housing", PS_PAYER_COUNTY, 2026) == 0);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_CENTRAL), 1749600, 1e-12);

    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(path);
    tu_temp_free(pop);
}

/* A zero central share moves the whole cost to the lower levels: the
 * total stays 1,944,000, the centre pays 0, the province and the city
 * keep their shares (97,200 and 48,600), the county pays 1,798,200. */
static void test_zero_central_share(void **state)
{
    (void)state;
    char *pop = flat_population();
    char *path = scenario_file(pop, "    childcare = { take_up = 0.9, central = 0, "
                                    "provincial = 0.05, municipal = 0.025 },\n");
    ps_scenario *sc;
    ps_run *run;
    ps_err err = {0};
    assert_int_equal(run_file(path, &sc, &run, &err), PS_OK);
    assert_true(cellv(run, "childcare", PS_PAYER_CENTRAL) == 0);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_PROVINCIAL), 97200, 1e-12);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_MUNICIPAL), 48600, 1e-12);
    assert_rel_close(cellv(run, "childcare", PS_PAYER_COUNTY), 1798200, 1e-12);
    assert_rel_close(total_of(run, "childcare", 2025), 1944000, 1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(path);
    tu_temp_free(pop);
}

static void expect_bad(const char *body, const char *n1, const char *n2)
{
    char *pop = flat_population(), *path = scenario_file(pop, body);
    ps_scenario *sc;
    ps_run *run;
    ps_err err = {0};
    assert_int_equal(run_file(path, &sc, &run, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, n1, n2);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(path);
    tu_temp_free(pop);
}

static void test_bad_shares(void **state)
{
    (void)state;
    /* above 1 together, from a path in a later year */
    expect_bad("    social_assistance = { central = { [2025] = 0.6, [2027] = 0.9 } },",
               "'budget.social_assistance.central' + 'budget.social_assistance.provincial'",
               "above 1");
    /* a negative share is out of the key's range */
    expect_bad("    childcare = { municipal = -0.1 },", "'budget.childcare.municipal' is -0.1",
               "outside [0, 1]");
    expect_bad("    first_year = 2040,", "'budget.first_year' 2040", "outside the run");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_and_shares),
        cmocka_unit_test(test_pv_and_gap),
        cmocka_unit_test(test_lmdi),
        cmocka_unit_test(test_ledger_by_hand),
        cmocka_unit_test(test_zero_central_share),
        cmocka_unit_test(test_bad_shares),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
