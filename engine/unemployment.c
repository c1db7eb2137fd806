/* unemployment.c: see unemployment.h and docs/medical.md.
 *
 * Timing as in medical.c: persons are the mean of the stocks on 1 January
 * of the year and the next (person-years lived), the base is the pension
 * module's contribution base of the year unless the scenario gives one,
 * fund(t) = fund(t-1) + interest(t) + income(t) - expenditure(t), the
 * opening fund opening_months of the base year's expenditure.
 * GPL-3.0-or-later. */
#include "unemployment.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "medical.h"
#include "output.h"
#include "scenario_read.h"

double ps_si_insured(const double persons[PS_NSEX][PS_NAGE], int lo, int hi, double coverage)
{
    double n = 0.0;
    for (int s = 0; s < PS_NSEX; s++)
        for (int a = lo < 0 ? 0 : lo; a <= hi && a < PS_NAGE; a++)
            n += persons[s][a];
    return n * coverage;
}

void ps_unemp_year(const ps_unemp_in *in, ps_unemp_out *o)
{
    memset(o, 0, sizeof *o);
    o->claimants = in->insured * in->unemployment_rate * in->take_up;
    o->benefit = in->benefit_share * in->min_wage * 12.0;
    o->income_total = in->rate * in->base * in->insured;
    o->benefits = o->claimants * o->benefit;
    o->other = in->other_share * o->income_total;
    o->expenditure = o->benefits + o->other;
    o->interest = in->interest_rate * in->fund_prev;
    o->fund = in->fund_prev + o->interest + o->income_total - o->expenditure;
}

/* ---------------------------------------------------------------- parameters */

#define K "unemployment."
#define RULES "data/rules/china_rules_parameters.csv: "

static const ps_param_def PARAMS[] = {
    {"unemployment", "section", 0, NULL, NULL, 0, 0, NULL,
     "unemployment insurance 失业保险 (MODEL.md 4); the module runs when this section is present"},
    {K "coverage", "series", 0, "0.1", "share of persons aged age_min..age_max", 0, 1,
     "assumption: calibrate to the plan's insured target (the Feidong baseline does: "
     "policysim calibrate ... --param unemployment.coverage)",
     "share of persons of working age insured"},
    {K "age_min", "integer", 0, "16", "years", 0, 100, "劳动法 Art.15: minimum working age 16",
     "youngest insured age"},
    {K "age_max", "integer", 0, "59", "years", 0, 100,
     "assumption: 59, the men's pre-2025 retirement age minus one (women leave earlier; "
     "the coverage absorbs the difference)", "oldest insured age"},
    {K "contribution_base", "series", 0, "0", "yuan/year", 0, 1e8,
     "default 0: the pension module's contribution base (pension_employee.contribution_base)",
     "contribution base per insured; 0 takes the employee pension's"},
    {K "rate", "series", 0, "0.01", "share of base", 0, 1,
     RULES "unemployment insurance total contribution rate 1% (phased reduction since 2017, "
     "extensions unverified)", "employer + employee contribution rate"},
    {K "unemployment_rate", "series", 0, "0.03", "share of insured", 0, 1,
     "assumption: 3% of the insured unemployed on average (registered urban rate about 3%; "
     "range 0.02..0.055)", "share of the insured out of work in the year"},
    {K "take_up", "series", 0, "0.4", "share", 0, 1,
     "assumption: 0.4, so that about 1.2% of the insured draw benefit (national claimants "
     "are about 1% of the insured; range 0.25..0.6)",
     "share of the unemployed insured who draw benefit (eligible, registered)"},
    {K "benefit_share", "series", 0, "0.9", "share of minimum wage", 0, 1,
     RULES "policy target: benefit raised toward 90% of the minimum wage (2017); 失业保险条例 "
     "Art.18 keeps it below the minimum wage", "benefit as a share of the monthly minimum wage"},
    {K "min_wage", "series", 0, "2060", "yuan/month", 0, 1e6,
     RULES "Anhui monthly minimum wage tier 1 from 2023-03-01 (Feidong's tier unverified)",
     "monthly minimum wage"},
    {K "other_share", "series", 0, "0.2", "share of contributions", 0, 5,
     "assumption: 20% of contributions for claimants' medical premiums, training and job "
     "retention refunds 稳岗返还 (range 0..0.6)", "other spending as a share of contributions"},
    {K "interest_rate", "series", 0, "0.02", "per year", -0.5, 1,
     "assumption: 2% (range 1%..3%)", "return on the fund"},
    {K "opening_months", "number", 0, "24", "months", -240, 240,
     "assumption: 24 months of base-year spending (unemployment funds held large balances "
     "before the 2020 relief spending; range 12..48)", "fund at the start"},
    {K "plan_year", "integer", 0, "2025", "year", 1900, 2300, "the plan's target year",
     "year of the plan's insured target"},
    {K "plan_target", "number", 0, NULL, "persons", 0, 1e9, NULL,
     "the plan's insured target in plan_year (Feidong: 62,000 in 2025)"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

enum {
    U_INSURED, U_CONTRIBUTORS, U_BENEFICIARIES, U_INCOME, U_EXPENDITURE, U_INTEREST, U_FUND,
    U_MONTHS, U_CURRENT, U_BENEFIT, U_BENEFITS, U_OTHER, U_MIN_WAGE, U_UNEMP_RATE,
    U_COVERAGE, U_BASE, U_NCOL
};

static const ps_column_def COLS[U_NCOL + 1] = {
    {"insured", "参保人数", "Insured persons", "persons", PS_KIND_STOCK, 1},
    {"contributors", "缴费人数", "Contributors", "persons", PS_KIND_STOCK, 1},
    {"beneficiaries", "待遇领取人数", "Beneficiaries", "persons", PS_KIND_STOCK, 1},
    {"income_total", "基金收入合计", "Fund income, total", "yuan", PS_KIND_FLOW, 1},
    {"expenditure", "基金支出", "Fund expenditure", "yuan", PS_KIND_FLOW, 1},
    {"interest", "利息收入", "Interest earned", "yuan", PS_KIND_FLOW, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 1},
    {"months_held", "可支付月数", "Months of expenditure held", "months", PS_KIND_RATE, 1},
    {"current_balance", "当期结余（收入减支出）", "Current balance (income minus expenditure)", "yuan", PS_KIND_FLOW, 0},
    {"benefit_per_claimant", "人均失业保险金", "Benefit per claimant", "yuan per person per year", PS_KIND_PRICE, 0},
    {"benefits", "失业保险金支出", "Benefits paid", "yuan", PS_KIND_FLOW, 0},
    {"other_spending", "其他支出（稳岗、技能补贴等）", "Other spending (job retention, training)", "yuan", PS_KIND_FLOW, 0},
    {"min_wage", "最低工资标准", "Minimum wage", "yuan per person per month", PS_KIND_PRICE, 0},
    {"unemployment_rate", "参保人员失业率", "Unemployment rate of the insured", "share", PS_KIND_RATE, 0},
    {"coverage", "参保率", "Coverage (share of persons of working age)", "share", PS_KIND_RATE, 0},
    {"contribution_base", "人均缴费基数", "Contribution base per contributor", "yuan per person per year", PS_KIND_PRICE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def TABLE = {"unemployment.csv", NULL, COLS};

typedef struct {
    int active, base, age_min, age_max, plan_year, has_target;
    double opening_months, plan_target, fund_prev;
    const ps_series *cov, *cbase, *rate, *urate, *take, *share, *minw, *other, *r;
    double persons[PS_NSEX][PS_NAGE];
    ps_table *tab; /* the module's results: unemployment.csv */
} unemp;

static void un_destroy(void *self)
{
    unemp *u = self;
    if (u)
        ps_table_free(u->tab);
    free(u);
}

static int un_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    unemp *u = calloc(1, sizeof *u);
    if (!u)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = u;
    if (!ps_read_has_table(sc, "unemployment"))
        return PS_OK;
    u->active = 1;
    u->base = ps_run_base_year(run);
    int set;
    double lo, hi, py;
    if (ps_sifund_number(sc, K "age_min", &set, &lo, err) ||
        ps_sifund_number(sc, K "age_max", &set, &hi, err) ||
        ps_sifund_number(sc, K "opening_months", &set, &u->opening_months, err) ||
        ps_sifund_number(sc, K "plan_year", &set, &py, err) ||
        ps_sifund_number(sc, K "plan_target", &u->has_target, &u->plan_target, err))
        return err->code;
    if (lo > hi)
        return ps_err_set(err, PS_EINPUT, "%s: 'unemployment.age_min' (%g) is above age_max (%g)",
                          sc->path, lo, hi);
    u->age_min = (int)lo;
    u->age_max = (int)hi;
    u->plan_year = (int)py;
    u->cov = ps_scenario_series(sc, K "coverage");
    u->cbase = ps_scenario_series(sc, K "contribution_base");
    u->rate = ps_scenario_series(sc, K "rate");
    u->urate = ps_scenario_series(sc, K "unemployment_rate");
    u->take = ps_scenario_series(sc, K "take_up");
    u->share = ps_scenario_series(sc, K "benefit_share");
    u->minw = ps_scenario_series(sc, K "min_wage");
    u->other = ps_scenario_series(sc, K "other_share");
    u->r = ps_scenario_series(sc, K "interest_rate");
    u->tab = ps_table_new(&TABLE, u->base, ps_run_end_year(run) - u->base + 1, 1, err);
    return u->tab ? PS_OK : err->code;
}

/* A new draw (issue 18): the results and the fund back to what un_create
 * leaves; the keys stay. */
static int un_reset(void *self, ps_run *run, ps_err *err)
{
    unemp *u = self;
    (void)run;
    (void)err;
    if (!u->active)
        return PS_OK;
    ps_table_clear(u->tab);
    memset(u->persons, 0, sizeof u->persons);
    u->fund_prev = 0.0;
    return PS_OK;
}

static int un_step(void *self, ps_run *run, int year, ps_err *err)
{
    unemp *u = self;
    if (!u->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    ps_unemp_in in;
    double cov = NAN;
    int rc = ps_series_at(sc, u->cov, year, &cov, err);
    if (!rc)
        rc = ps_series_at(sc, u->cbase, year, &in.base, err);
    if (!rc)
        rc = ps_series_at(sc, u->rate, year, &in.rate, err);
    if (!rc)
        rc = ps_series_at(sc, u->urate, year, &in.unemployment_rate, err);
    if (!rc)
        rc = ps_series_at(sc, u->take, year, &in.take_up, err);
    if (!rc)
        rc = ps_series_at(sc, u->share, year, &in.benefit_share, err);
    if (!rc)
        rc = ps_series_at(sc, u->minw, year, &in.min_wage, err);
    if (!rc)
        rc = ps_series_at(sc, u->other, year, &in.other_share, err);
    if (!rc)
        rc = ps_series_at(sc, u->r, year, &in.interest_rate, err);
    if (!rc && in.base <= 0)
        rc = ps_sifund_pension(run, "unemployment", year, NULL, NULL, NULL, &in.base, NULL, err);
    if (!rc)
        rc = ps_sifund_persons(run, year, u->persons, err);
    if (rc)
        return rc;
    in.insured = ps_si_insured(u->persons, u->age_min, u->age_max, cov);
    ps_unemp_out o;
    if (year == u->base) {
        in.fund_prev = 0.0;
        ps_unemp_year(&in, &o);
        u->fund_prev = u->opening_months * o.expenditure / 12.0;
    }
    in.fund_prev = u->fund_prev;
    ps_unemp_year(&in, &o);
    if (ps_sifund_check("unemployment", year, in.fund_prev, o.interest, o.income_total,
                        o.expenditure, o.fund, err))
        return err->code;
    u->fund_prev = o.fund;
    double *r = ps_table_row(u->tab, year, 0);
    r[U_INSURED] = in.insured;
    r[U_CONTRIBUTORS] = in.insured;
    r[U_BENEFICIARIES] = o.claimants;
    r[U_INCOME] = o.income_total;
    r[U_EXPENDITURE] = o.expenditure;
    r[U_INTEREST] = o.interest;
    r[U_FUND] = o.fund;
    r[U_MONTHS] = ps_sifund_months(o.fund, o.expenditure);
    r[U_CURRENT] = o.income_total - o.expenditure;
    r[U_BENEFIT] = o.benefit;
    r[U_BENEFITS] = o.benefits;
    r[U_OTHER] = o.other;
    r[U_MIN_WAGE] = in.min_wage;
    r[U_UNEMP_RATE] = in.unemployment_rate;
    r[U_COVERAGE] = cov;
    r[U_BASE] = in.base;
    return PS_OK;
}

/* The run writes the table, registers its columns and answers
 * state.get and stochastic series from it (module.h). */
static int un_tables(void *self, const ps_table **out, int max)
{
    unemp *u = self;
    if (!u->active || max < 1)
        return 0;
    out[0] = u->tab;
    return 1;
}

static int un_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    unemp *u = self;
    (void)run;
    (void)err;
    ps_sitab view = ps_sitab_view(u->tab);
    if (u->active)
        ps_sifund_summarize(s, &view, "unemployment", "失业保险", "Unemployment insurance", U_INSURED,
                            U_FUND, u->plan_year, u->has_target, u->plan_target);
    return PS_OK;
}

static int un_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    unemp *u = self;
    ps_sitab view = ps_sitab_view(u->tab);
    (void)run;
    (void)err;
    return u->active ? ps_sifund_headline(h, &view, U_FUND, 60, "失业保险基金",
                                          "Unemployment insurance")
                     : PS_OK;
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_unemployment_module = {
    .name = "unemployment",
    .label_zh = "失业保险",
    .label_en = "Unemployment insurance",
    .declares = DECLARES,
    .params = PARAMS,
    .create = un_create,
    .reset = un_reset,
    .step = un_step,
    .tables = un_tables,
    .summarize = un_summarize,
    .destroy = un_destroy,
    .headline = un_headline,
};
