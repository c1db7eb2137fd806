/* work_injury.c: see work_injury.h and docs/medical.md.
 *
 * Timing as in unemployment.c.  Long-term recipients at the start are the
 * steady state of the base year's injuries (ps_injury_long_term_steady),
 * and one-off costs and pensions are shares of the contribution base (a
 * disability allowance is 75%..90% of the person's own wage for grades 1-4,
 * 工伤保险条例 Art.35).
 * GPL-3.0-or-later. */
#include "work_injury.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "medical.h"
#include "output.h"
#include "scenario_read.h"
#include "unemployment.h"

void ps_injury_year(const ps_injury_in *in, ps_injury_out *o)
{
    memset(o, 0, sizeof *o);
    o->injuries = in->insured * in->per_1000 / 1000.0;
    o->new_long_term = o->injuries * in->long_term_share;
    o->long_term = in->long_term_prev * (1.0 - in->long_term_exit) + o->new_long_term;
    o->income_total = in->rate * in->base * in->insured;
    o->one_off = o->injuries * in->claim_cost;
    o->pensions = o->long_term * in->long_term_benefit;
    o->expenditure = o->one_off + o->pensions;
    o->interest = in->interest_rate * in->fund_prev;
    o->fund = in->fund_prev + o->interest + o->income_total - o->expenditure;
}

double ps_injury_long_term_steady(double injuries, double share, double exit_rate)
{
    return exit_rate > 0 ? injuries * share / exit_rate : 0.0;
}

/* ---------------------------------------------------------------- parameters */

#define K "work_injury."
#define RULES "data/rules/china_rules_parameters.csv: "

static const ps_param_def PARAMS[] = {
    {"work_injury", "section", 0, NULL, NULL, 0, 0, NULL,
     "work-injury insurance 工伤保险 (MODEL.md 4); the module runs when this section is present"},
    {K "coverage", "series", 0, "0.1", "share of persons aged age_min..age_max", 0, 1,
     "assumption: calibrate to the plan's insured target (the Feidong baseline does)",
     "share of persons of working age insured"},
    {K "age_min", "integer", 0, "16", "years", 0, 100, "劳动法 Art.15: minimum working age 16",
     "youngest insured age"},
    {K "age_max", "integer", 0, "59", "years", 0, 100,
     "assumption: 59 (coverage absorbs earlier retirement and older rural workers)",
     "oldest insured age"},
    {K "contribution_base", "series", 0, "0", "yuan/year", 0, 1e8,
     "default 0: the pension module's contribution base (pension_employee.contribution_base)",
     "contribution base per insured; 0 takes the employee pension's"},
    {K "rate", "series", 0, "0.005", "share of base", 0, 0.1,
     "assumption: 0.5%, between the industry classes' base rates 0.2%..1.9% (" RULES
     "人社部发〔2015〕71号, unverified) after the cuts since 2019 (range 0.3%..1%)",
     "employer contribution rate (average over industries)"},
    {K "injury_rate", "series", 0, "4.5", "per 1,000 insured", 0, 1000,
     "assumption: about 4.5 recognised injuries per 1,000 insured a year (national order "
     "of magnitude; range 3..7)", "injuries per 1,000 insured per year"},
    {K "claim_cost", "series", 0, "0.5", "x contribution base", 0, 100,
     "assumption: half a year's base per injury for treatment and one-off lump sums "
     "(range 0.3..1)", "one-off cost per injury as a multiple of the base"},
    {K "long_term_share", "series", 0, "0.03", "share of injuries", 0, 1,
     "assumption: 3% of injuries lead to a disability (grades 1-4) or survivors' pension "
     "(range 0.02..0.06)", "share of injuries that give a long-term benefit"},
    {K "long_term_exit", "series", 0, "0.04", "per year", 0, 1,
     "assumption: 4% of recipients leave each year (death, retirement; range 0.03..0.08)",
     "share of long-term recipients leaving each year"},
    {K "long_term_benefit", "series", 0, "0.7", "x contribution base", 0, 10,
     "工伤保险条例 Art.35: grades 1-4 allowance 90%..75% of own wage; survivors 30%..40% "
     "(assumption: 0.7 on average)", "long-term benefit per recipient per year, x base"},
    {K "interest_rate", "series", 0, "0.02", "per year", -0.5, 1,
     "assumption: 2% (range 1%..3%)", "return on the fund"},
    {K "opening_months", "number", 0, "18", "months", -240, 240,
     "assumption: 18 months of base-year spending (range 9..30)", "fund at the start"},
    {K "plan_year", "integer", 0, "2025", "year", 1900, 2300, "the plan's target year",
     "year of the plan's insured target"},
    {K "plan_target", "number", 0, NULL, "persons", 0, 1e9, NULL,
     "the plan's insured target in plan_year (Feidong: 74,000 in 2025)"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

enum {
    W_INSURED, W_CONTRIBUTORS, W_BENEFICIARIES, W_INCOME, W_EXPENDITURE, W_INTEREST, W_FUND,
    W_MONTHS, W_CURRENT, W_INJURIES, W_NEW_LONG, W_LONG, W_ONE_OFF, W_PENSIONS, W_COVERAGE,
    W_BASE, W_NCOL
};

static const ps_column_def COLS[W_NCOL + 1] = {
    {"insured", "参保人数", "Insured persons", "persons", PS_KIND_STOCK, 1},
    {"contributors", "缴费人数", "Contributors", "persons", PS_KIND_STOCK, 1},
    {"beneficiaries", "待遇领取人数", "Beneficiaries", "persons", PS_KIND_STOCK, 1},
    {"income_total", "基金收入合计", "Fund income, total", "yuan", PS_KIND_FLOW, 1},
    {"expenditure", "基金支出", "Fund expenditure", "yuan", PS_KIND_FLOW, 1},
    {"interest", "利息收入", "Interest earned", "yuan", PS_KIND_FLOW, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 1},
    {"months_held", "可支付月数", "Months of expenditure held", "months", PS_KIND_RATE, 1},
    {"current_balance", "当期结余（收入减支出）", "Current balance (income minus expenditure)", "yuan", PS_KIND_FLOW, 0},
    {"injuries", "工伤人数", "Injuries", "persons", PS_KIND_FLOW, 0},
    {"new_long_term", "新增长期待遇人数", "New long-term beneficiaries", "persons", PS_KIND_FLOW, 0},
    {"long_term", "长期待遇领取人数", "Long-term beneficiaries", "persons", PS_KIND_STOCK, 0},
    {"one_off_benefits", "一次性待遇支出", "One-off benefits paid", "yuan", PS_KIND_FLOW, 0},
    {"long_term_benefits", "长期待遇支出", "Long-term benefits paid", "yuan", PS_KIND_FLOW, 0},
    {"coverage", "参保率", "Coverage (share of persons of working age)", "share", PS_KIND_RATE, 0},
    {"contribution_base", "人均缴费基数", "Contribution base per contributor", "yuan per person per year", PS_KIND_PRICE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def TABLE = {"work_injury.csv", NULL, COLS};

typedef struct {
    int active, base, age_min, age_max, plan_year, has_target;
    double opening_months, plan_target, fund_prev, long_prev;
    const ps_series *cov, *cbase, *rate, *inj, *cost, *share, *exitr, *ben, *r;
    double persons[PS_NSEX][PS_NAGE];
    ps_table *tab; /* the module's results: work_injury.csv */
} injury;

static void wi_destroy(void *self)
{
    injury *w = self;
    if (w)
        ps_table_free(w->tab);
    free(w);
}

static int wi_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    injury *w = calloc(1, sizeof *w);
    if (!w)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = w;
    if (!ps_read_has_table(sc, "work_injury"))
        return PS_OK;
    w->active = 1;
    w->base = ps_run_base_year(run);
    int set;
    double lo, hi, py;
    if (ps_sifund_number(sc, K "age_min", &set, &lo, err) ||
        ps_sifund_number(sc, K "age_max", &set, &hi, err) ||
        ps_sifund_number(sc, K "opening_months", &set, &w->opening_months, err) ||
        ps_sifund_number(sc, K "plan_year", &set, &py, err) ||
        ps_sifund_number(sc, K "plan_target", &w->has_target, &w->plan_target, err))
        return err->code;
    if (lo > hi)
        return ps_err_set(err, PS_EINPUT, "%s: 'work_injury.age_min' (%g) is above age_max (%g)",
                          sc->path, lo, hi);
    w->age_min = (int)lo;
    w->age_max = (int)hi;
    w->plan_year = (int)py;
    w->cov = ps_scenario_series(sc, K "coverage");
    w->cbase = ps_scenario_series(sc, K "contribution_base");
    w->rate = ps_scenario_series(sc, K "rate");
    w->inj = ps_scenario_series(sc, K "injury_rate");
    w->cost = ps_scenario_series(sc, K "claim_cost");
    w->share = ps_scenario_series(sc, K "long_term_share");
    w->exitr = ps_scenario_series(sc, K "long_term_exit");
    w->ben = ps_scenario_series(sc, K "long_term_benefit");
    w->r = ps_scenario_series(sc, K "interest_rate");
    w->tab = ps_table_new(&TABLE, w->base, ps_run_end_year(run) - w->base + 1, 1, err);
    return w->tab ? PS_OK : err->code;
}

/* A new draw (issue 18): the results, the fund and the long-term cases back
 * to what wi_create leaves; the keys stay. */
static int wi_reset(void *self, ps_run *run, ps_err *err)
{
    injury *w = self;
    (void)run;
    (void)err;
    if (!w->active)
        return PS_OK;
    ps_table_clear(w->tab);
    memset(w->persons, 0, sizeof w->persons);
    w->fund_prev = w->long_prev = 0.0;
    return PS_OK;
}

static int wi_step(void *self, ps_run *run, int year, ps_err *err)
{
    injury *w = self;
    if (!w->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    ps_injury_in in;
    double cov = NAN, cost = NAN, ben = NAN;
    int rc = ps_series_at(sc, w->cov, year, &cov, err);
    if (!rc)
        rc = ps_series_at(sc, w->cbase, year, &in.base, err);
    if (!rc)
        rc = ps_series_at(sc, w->rate, year, &in.rate, err);
    if (!rc)
        rc = ps_series_at(sc, w->inj, year, &in.per_1000, err);
    if (!rc)
        rc = ps_series_at(sc, w->cost, year, &cost, err);
    if (!rc)
        rc = ps_series_at(sc, w->share, year, &in.long_term_share, err);
    if (!rc)
        rc = ps_series_at(sc, w->exitr, year, &in.long_term_exit, err);
    if (!rc)
        rc = ps_series_at(sc, w->ben, year, &ben, err);
    if (!rc)
        rc = ps_series_at(sc, w->r, year, &in.interest_rate, err);
    if (!rc && in.base <= 0)
        rc = ps_sifund_pension(run, "work_injury", year, NULL, NULL, NULL, &in.base, NULL, err);
    if (!rc)
        rc = ps_sifund_persons(run, year, w->persons, err);
    if (rc)
        return rc;
    in.insured = ps_si_insured(w->persons, w->age_min, w->age_max, cov);
    in.claim_cost = cost * in.base;
    in.long_term_benefit = ben * in.base;
    ps_injury_out o;
    if (year == w->base) {
        in.long_term_prev = 0.0;
        in.fund_prev = 0.0;
        ps_injury_year(&in, &o);
        w->long_prev = ps_injury_long_term_steady(o.injuries, in.long_term_share,
                                                  in.long_term_exit);
        in.long_term_prev = w->long_prev;
        ps_injury_year(&in, &o);
        w->fund_prev = w->opening_months * o.expenditure / 12.0;
    }
    in.long_term_prev = w->long_prev;
    in.fund_prev = w->fund_prev;
    ps_injury_year(&in, &o);
    if (ps_sifund_check("work_injury", year, in.fund_prev, o.interest, o.income_total,
                        o.expenditure, o.fund, err))
        return err->code;
    w->fund_prev = o.fund;
    w->long_prev = o.long_term;
    double *r = ps_table_row(w->tab, year, 0);
    r[W_INSURED] = in.insured;
    r[W_CONTRIBUTORS] = in.insured;
    r[W_BENEFICIARIES] = o.injuries + o.long_term;
    r[W_INCOME] = o.income_total;
    r[W_EXPENDITURE] = o.expenditure;
    r[W_INTEREST] = o.interest;
    r[W_FUND] = o.fund;
    r[W_MONTHS] = ps_sifund_months(o.fund, o.expenditure);
    r[W_CURRENT] = o.income_total - o.expenditure;
    r[W_INJURIES] = o.injuries;
    r[W_NEW_LONG] = o.new_long_term;
    r[W_LONG] = o.long_term;
    r[W_ONE_OFF] = o.one_off;
    r[W_PENSIONS] = o.pensions;
    r[W_COVERAGE] = cov;
    r[W_BASE] = in.base;
    return PS_OK;
}

/* The run writes the table, registers its columns and answers
 * state.get and stochastic series from it (module.h). */
static int wi_tables(void *self, const ps_table **out, int max)
{
    injury *w = self;
    if (!w->active || max < 1)
        return 0;
    out[0] = w->tab;
    return 1;
}

static int wi_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    injury *w = self;
    (void)run;
    (void)err;
    ps_sitab view = ps_sitab_view(w->tab);
    if (w->active)
        ps_sifund_summarize(s, &view, "work_injury", "工伤保险", "Work-injury insurance", W_INSURED,
                            W_FUND, w->plan_year, w->has_target, w->plan_target);
    return PS_OK;
}

static int wi_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    injury *w = self;
    ps_sitab view = ps_sitab_view(w->tab);
    (void)run;
    (void)err;
    return w->active ? ps_sifund_headline(h, &view, W_FUND, 70, "工伤保险基金",
                                          "Work-injury insurance")
                     : PS_OK;
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_work_injury_module = {
    .name = "work_injury",
    .label_zh = "工伤保险",
    .label_en = "Work-injury insurance",
    .declares = DECLARES,
    .params = PARAMS,
    .create = wi_create,
    .reset = wi_reset,
    .step = wi_step,
    .tables = wi_tables,
    .summarize = wi_summarize,
    .destroy = wi_destroy,
    .headline = wi_headline,
};
