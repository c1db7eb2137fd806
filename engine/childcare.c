/* childcare.c: see childcare.h.  The module runs when the scenario has a
 * `childcare` section and writes childcare.csv, one row a year.
 *
 * Timing: children are those on 1 January of the year (ps_run_pop), the
 * standard uses the total population on that date, and supply is the stock
 * of slots during the year: supply(base) = childcare.supply_base, then
 * supply(t) = supply(t-1) * (1 - closure_rate(t)) + additions(t), where
 * additions(t) = new_institutions(t) * institution_size(t) + other_additions(t).
 * GPL-3.0-or-later. */
#include "childcare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "module.h"
#include "output.h"
#include "scenario_read.h"

/* ---------------------------------------------------------------- arithmetic */

double ps_childcare_standard_demand(double population, double per_1000)
{
    return population * per_1000 / 1000.0;
}

double ps_childcare_enrolment_demand(const double children[PS_CHILDCARE_NAGE],
                                     const double propensity[PS_CHILDCARE_NAGE],
                                     double enrolled[PS_CHILDCARE_NAGE])
{
    double sum = 0.0;
    for (int a = 0; a < PS_CHILDCARE_NAGE; a++) {
        double e = children[a] * propensity[a];
        if (enrolled)
            enrolled[a] = e;
        sum += e;
    }
    return sum;
}

double ps_childcare_carers(const double enrolled[PS_CHILDCARE_NAGE],
                           const double ratio[PS_CHILDCARE_NAGE])
{
    double c = 0.0;
    for (int a = 0; a < PS_CHILDCARE_NAGE; a++)
        c += enrolled[a] / ratio[a];
    return c;
}

double ps_childcare_supply_next(double prev, double additions, double closure_rate,
                                double *closures)
{
    double closed = prev * closure_rate;
    if (closures)
        *closures = closed;
    return prev - closed + additions;
}

/* ---------------------------------------------------------------- parameters */

static const ps_param_def PARAMS[] = {
    {"childcare", "section", 0, NULL, NULL, 0, 0, NULL,
     "childcare (托育) slots for children under 3; the module runs when this section is present"},
    {"childcare.propensity_0", "series", 0, "0.03", "share of children aged 0", 0, 1,
     "assumption: age shape chosen so that ages 0-2 together enrol about 12%, the national "
     "2025 rate (china_rules_parameters.csv, childcare enrolment rate); try 0.01-0.06",
     "enrolment propensity of children aged 0 (under 1): share who use a slot"},
    {"childcare.propensity_1", "series", 0, "0.12", "share of children aged 1", 0, 1,
     "assumption: as propensity_0 (national average about 12%); try 0.08-0.25",
     "enrolment propensity of children aged 1"},
    {"childcare.propensity_2", "series", 0, "0.21", "share of children aged 2", 0, 1,
     "assumption: as propensity_0 (national average about 12%); try 0.15-0.40",
     "enrolment propensity of children aged 2"},
    {"childcare.standard_per_1000", "series", 0, "4.5", "slots per 1,000 residents", 0, 100,
     "china_rules_parameters.csv childcare: 14th FYP target 4.5 places per 1,000 by 2025",
     "planning standard: slots per 1,000 residents (the second demand measure)"},
    {"childcare.supply_base", "number", 1, NULL, "slots", 0, 1e9, NULL,
     "slots in the base year (no local figure: calibrate, see docs/services.md)"},
    {"childcare.new_institutions", "series", 0, "1", "institutions per year", 0, 1000,
     "the plan: at least one public inclusive (普惠) institution a year (issue 6, MODEL.md 5)",
     "public inclusive institutions opened in the year (years after the base year)"},
    {"childcare.institution_size", "series", 0, "150", "slots per institution", 0, 100000,
     "assumption: a mid-sized county institution (the 2019 standard caps classes at 10/15/20 "
     "children); try 60-300",
     "slots of each new public inclusive institution"},
    {"childcare.other_additions", "series", 0, "0", "slots per year", 0, 1e7,
     "assumption: none unless the scenario says so",
     "slots added by other providers (private, employer, kindergarten classes) in the year"},
    {"childcare.closure_rate", "series", 0, "0", "share of last year's slots", 0, 1,
     "assumption: no closures; try 0-0.05 (about half of national places were empty in 2025, "
     "china_rules_parameters.csv note)",
     "share of the previous year's slots that close in the year"},
    {"childcare.ratio_0", "series", 0, "3", "children per carer", 0.1, 100,
     "china_rules_parameters.csv childcare: 托育机构设置标准 (2019) 乳儿班 1:3",
     "children per carer, under 1"},
    {"childcare.ratio_1", "series", 0, "5", "children per carer", 0.1, 100,
     "china_rules_parameters.csv childcare: 托育机构设置标准 (2019) 托小班 1:5",
     "children per carer, aged 1-2"},
    {"childcare.ratio_2", "series", 0, "7", "children per carer", 0.1, 100,
     "china_rules_parameters.csv childcare: 托育机构设置标准 (2019) 托大班 1:7",
     "children per carer, aged 2-3"},
    {"childcare.construction_cost", "series", 0, "30000", "yuan per new slot", 0, 1e8,
     "assumption: building and fitting out one place; try 10,000-60,000",
     "construction cost per new slot"},
    {"childcare.operating_cost", "series", 0, "22800", "yuan per slot per year", 0, 1e8,
     "assumption: the national average fee of about 1,900 yuan a month in 2025 "
     "(china_rules_parameters.csv childcare note) x 12, taken as the cost of a place; "
     "try 15,000-32,400 (the 2020 fee, 2,700 a month)",
     "operating cost per slot per year"},
    {"childcare.gap_basis", "string", 0, "max", NULL, 0, 0,
     "assumption: a planner provides for the larger of the two demands",
     "demand the gap is measured against: max, standard or enrolment"},
    {"childcare.plan_year", "integer", 0, "2025", "year", 1900, 2300,
     "the plan's target year (issue 6)", "year of the plan's slot target (summary rows)"},
    {"childcare.plan_target", "number", 0, NULL, "slots", 0, 1e9, NULL,
     "the plan's slot target in plan_year (summary: childcare_target_YEAR, plan_met)"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- state */

/* childcare.csv: one row a year, in this order (the enum indexes it). */
enum {
    C_CHILDREN_0, C_CHILDREN_1, C_CHILDREN_2, C_CHILDREN_0_2, C_POPULATION,
    C_DEMAND_ENROLMENT, C_DEMAND_STANDARD, C_STANDARD, C_SUPPLY, C_ADDITIONS, C_CLOSURES,
    C_SLOTS_PER_1000, C_GAP_ENROLMENT, C_GAP_STANDARD, C_GAP, C_CARERS, C_CARERS_CAP,
    C_CONSTRUCTION, C_OPERATING, C_GAP_COST, C_COST, C_NCOL
};

static const ps_column_def COLUMNS[C_NCOL + 1] = {
    {"children_0", "0岁儿童", "Children aged 0", "persons", PS_KIND_STOCK, 0},
    {"children_1", "1岁儿童", "Children aged 1", "persons", PS_KIND_STOCK, 0},
    {"children_2", "2岁儿童", "Children aged 2", "persons", PS_KIND_STOCK, 0},
    {"children_0_2", "0-2岁儿童", "Children aged 0-2", "persons", PS_KIND_STOCK, 0},
    {"population", "常住人口", "Residents", "persons", PS_KIND_STOCK, 0},
    {"demand_enrolment", "托位需求（按入托意愿）", "Places demanded (take-up)", "slots",
     PS_KIND_STOCK, 1},
    {"demand_standard", "托位需求（按每千人标准）", "Places demanded (planning standard)",
     "slots", PS_KIND_STOCK, 1},
    {"standard_per_1000", "规划标准（每千人托位）", "Planning standard (places per 1,000)",
     "slots per 1,000 residents", PS_KIND_RATE, 0},
    {"supply", "托位供给", "Places supplied", "slots", PS_KIND_STOCK, 1},
    {"additions", "新增托位", "Places added", "slots", PS_KIND_FLOW, 0},
    {"closures", "关闭托位", "Places closed", "slots", PS_KIND_FLOW, 0},
    {"slots_per_1000", "每千人托位数", "Places per 1,000 residents",
     "slots per 1,000 residents", PS_KIND_RATE, 0},
    {"gap_enrolment", "托位缺口（按入托意愿）", "Gap in places (take-up)", "slots",
     PS_KIND_STOCK, 0},
    {"gap_standard", "托位缺口（按每千人标准）", "Gap in places (planning standard)", "slots",
     PS_KIND_STOCK, 0},
    {"gap", "托位缺口（需求减供给）", "Gap in places (demand minus supply)", "slots",
     PS_KIND_STOCK, 1},
    {"carers_needed", "所需保育人员", "Carers needed", "carers", PS_KIND_STOCK, 0},
    {"carers_at_capacity", "满员时所需保育人员", "Carers needed with every place filled",
     "carers", PS_KIND_STOCK, 0},
    {"construction_cost", "新增托位建设费用", "Construction of new places", "yuan",
     PS_KIND_FLOW, 0},
    {"operating_cost", "托位运营费用", "Operating the places", "yuan", PS_KIND_FLOW, 0},
    {"gap_closing_cost", "补齐缺口的建设费用", "Building the missing places", "yuan",
     PS_KIND_FLOW, 0},
    {"cost", "托育费用合计", "Childcare cost, total", "yuan", PS_KIND_FLOW, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_table_def TABLE = {"childcare.csv", NULL, COLUMNS};

enum { BASIS_MAX, BASIS_STANDARD, BASIS_ENROLMENT };

typedef struct {
    int active, base, ny, basis, plan_year, has_target;
    double supply_base, plan_target;
    const ps_series *prop[PS_CHILDCARE_NAGE], *ratio[PS_CHILDCARE_NAGE];
    const ps_series *standard, *new_inst, *inst_size, *other, *closure, *build, *operate;
    ps_table *tab;
} childcare;

/* A "number" or "integer" key: its value, or the default, range-checked
 * (the loader has checked the type). */
static int number_key(ps_scenario *sc, const char *key, int *set, double *out, ps_err *err)
{
    return ps_scenario_number_opt(sc, key, set, out, err);
}

static void cc_destroy(void *self)
{
    childcare *c = self;
    if (c)
        ps_table_free(c->tab);
    free(c);
}

static int cc_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    childcare *c = calloc(1, sizeof *c);
    if (!c)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = c;
    if (!ps_read_has_table(sc, "childcare"))
        return PS_OK; /* no section: the module is off */
    c->active = 1;
    c->base = ps_run_base_year(run);
    c->ny = ps_run_end_year(run) - c->base + 1;
    if (!(c->tab = ps_table_new(&TABLE, c->base, c->ny, 1, err)))
        return err->code;
    static const char *const pk[] = {"childcare.propensity_0", "childcare.propensity_1",
                                     "childcare.propensity_2"};
    static const char *const rk[] = {"childcare.ratio_0", "childcare.ratio_1",
                                     "childcare.ratio_2"};
    for (int a = 0; a < PS_CHILDCARE_NAGE; a++) {
        c->prop[a] = ps_scenario_series(sc, pk[a]);
        c->ratio[a] = ps_scenario_series(sc, rk[a]);
    }
    c->standard = ps_scenario_series(sc, "childcare.standard_per_1000");
    c->new_inst = ps_scenario_series(sc, "childcare.new_institutions");
    c->inst_size = ps_scenario_series(sc, "childcare.institution_size");
    c->other = ps_scenario_series(sc, "childcare.other_additions");
    c->closure = ps_scenario_series(sc, "childcare.closure_rate");
    c->build = ps_scenario_series(sc, "childcare.construction_cost");
    c->operate = ps_scenario_series(sc, "childcare.operating_cost");
    int set;
    double py;
    if (number_key(sc, "childcare.supply_base", &set, &c->supply_base, err) ||
        number_key(sc, "childcare.plan_target", &c->has_target, &c->plan_target, err) ||
        number_key(sc, "childcare.plan_year", &set, &py, err))
        return err->code;
    c->plan_year = (int)py;
    char *basis = ps_scenario_string(sc, "childcare.gap_basis");
    c->basis = BASIS_MAX;
    if (basis && strcmp(basis, "standard") == 0)
        c->basis = BASIS_STANDARD;
    else if (basis && strcmp(basis, "enrolment") == 0)
        c->basis = BASIS_ENROLMENT;
    else if (basis && strcmp(basis, "max") != 0) {
        char where[1200];
        if (!ps_scenario_where(sc, "childcare.gap_basis", where, sizeof where))
            snprintf(where, sizeof where, "%s", sc->path);
        ps_err_set(err, PS_EINPUT,
                   "%s: 'childcare.gap_basis' is '%s': use 'max', 'standard' or 'enrolment'",
                   where, basis);
        free(basis);
        return err->code;
    }
    free(basis);
    return PS_OK;
}

/* A new draw (issue 18): the results back to NaN; the keys stay. */
static int cc_reset(void *self, ps_run *run, ps_err *err)
{
    childcare *c = self;
    (void)run;
    (void)err;
    if (c->active)
        ps_table_clear(c->tab);
    return PS_OK;
}

static int cc_step(void *self, ps_run *run, int year, ps_err *err)
{
    childcare *c = self;
    if (!c->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    int i = year - c->base;
    double *r = ps_table_row(c->tab, year, 0);
    const ps_pop *p = ps_run_pop(run, year);
    if (!p)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double children[PS_CHILDCARE_NAGE], prop[PS_CHILDCARE_NAGE], ratio[PS_CHILDCARE_NAGE];
    double enrolled[PS_CHILDCARE_NAGE], per1000, ninst, size, other, closure, build, operate;
    for (int a = 0; a < PS_CHILDCARE_NAGE; a++) {
        children[a] = ps_pop_sum(p, a, a);
        if (ps_series_at(sc, c->prop[a], year, &prop[a], err) ||
            ps_series_at(sc, c->ratio[a], year, &ratio[a], err))
            return err->code;
    }
    if (ps_series_at(sc, c->standard, year, &per1000, err) ||
        ps_series_at(sc, c->new_inst, year, &ninst, err) ||
        ps_series_at(sc, c->inst_size, year, &size, err) ||
        ps_series_at(sc, c->other, year, &other, err) ||
        ps_series_at(sc, c->closure, year, &closure, err) ||
        ps_series_at(sc, c->build, year, &build, err) ||
        ps_series_at(sc, c->operate, year, &operate, err))
        return err->code;
    double pop = ps_pop_sum(p, 0, PS_AGE_OPEN);
    r[C_CHILDREN_0] = children[0];
    r[C_CHILDREN_1] = children[1];
    r[C_CHILDREN_2] = children[2];
    r[C_CHILDREN_0_2] = children[0] + children[1] + children[2];
    r[C_POPULATION] = pop;
    r[C_DEMAND_ENROLMENT] = ps_childcare_enrolment_demand(children, prop, enrolled);
    r[C_STANDARD] = per1000;
    r[C_DEMAND_STANDARD] = ps_childcare_standard_demand(pop, per1000);
    if (i == 0) {
        r[C_ADDITIONS] = 0.0;
        r[C_CLOSURES] = 0.0;
        r[C_SUPPLY] = c->supply_base;
    } else {
        r[C_ADDITIONS] = ninst * size + other;
        r[C_SUPPLY] = ps_childcare_supply_next(ps_table_row(c->tab, year - 1, 0)[C_SUPPLY], r[C_ADDITIONS], closure,
                                               &r[C_CLOSURES]);
    }
    r[C_SLOTS_PER_1000] = pop > 0 ? r[C_SUPPLY] / pop * 1000.0 : NAN;
    r[C_GAP_ENROLMENT] = r[C_DEMAND_ENROLMENT] - r[C_SUPPLY];
    r[C_GAP_STANDARD] = r[C_DEMAND_STANDARD] - r[C_SUPPLY];
    r[C_GAP] = c->basis == BASIS_STANDARD    ? r[C_GAP_STANDARD]
               : c->basis == BASIS_ENROLMENT ? r[C_GAP_ENROLMENT]
                                             : fmax(r[C_GAP_STANDARD], r[C_GAP_ENROLMENT]);
    r[C_CARERS] = ps_childcare_carers(enrolled, ratio);
    /* Every slot filled with the enrolment demand's age mix. */
    r[C_CARERS_CAP] = r[C_DEMAND_ENROLMENT] > 0
                          ? r[C_SUPPLY] * r[C_CARERS] / r[C_DEMAND_ENROLMENT]
                          : NAN;
    r[C_CONSTRUCTION] = r[C_ADDITIONS] * build;
    r[C_OPERATING] = r[C_SUPPLY] * operate;
    r[C_GAP_COST] = fmax(r[C_GAP], 0.0) * build;
    r[C_COST] = r[C_CONSTRUCTION] + r[C_OPERATING];
    return PS_OK;
}

static int cc_tables(void *self, const ps_table **out, int max)
{
    childcare *c = self;
    if (!c->active || max < 1)
        return 0;
    out[0] = c->tab;
    return 1;
}

/* The summary years: the plan's year, 2030 and 2035, those projected. */
static int summary_years(const childcare *c, int years[3])
{
    int cand[3] = {c->plan_year, 2030, 2035}, n = 0;
    for (int k = 0; k < 3; k++) {
        int i = cand[k] - c->base;
        if (i >= 0 && i < c->ny && !(k > 0 && cand[k] == c->plan_year))
            years[n++] = cand[k];
    }
    return n;
}

static int cc_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    childcare *c = self;
    int years[3];
    (void)run;
    (void)err;
    if (!c->active)
        return PS_OK;
    int n = summary_years(c, years);
    for (int k = 0; k < n; k++) {
        int y = years[k];
        const double *r = ps_table_row(c->tab, y, 0);
        ps_summary_num(s, y, "childcare_slots_{year}", r[C_SUPPLY], "slots",
                       "{year}年托位供给", "Childcare places supplied in {year}");
        ps_summary_num(s, y, "childcare_demand_enrolment_{year}", r[C_DEMAND_ENROLMENT], "slots",
                       "{year}年托位需求（按入托意愿）", "Childcare places demanded in {year} (take-up)");
        ps_summary_num(s, y, "childcare_demand_standard_{year}", r[C_DEMAND_STANDARD], "slots",
                       "{year}年托位需求（按每千人标准）",
                       "Childcare places demanded in {year} (planning standard)");
        ps_summary_num(s, y, "childcare_gap_{year}", r[C_GAP], "slots",
                       "{year}年托位缺口（负数为富余）",
                       "Childcare gap in {year} (negative: a surplus)");
        ps_summary_headline(s);
        ps_summary_num(s, y, "childcare_carers_needed_{year}", r[C_CARERS], "carers",
                       "{year}年所需保育人员", "Childcare carers needed in {year}");
        ps_summary_num(s, y, "childcare_cost_{year}", r[C_COST], "yuan", "{year}年托育费用",
                       "Childcare cost in {year}");
        ps_summary_text(s, y, "childcare_standard_met_{year}",
                        r[C_SUPPLY] >= r[C_DEMAND_STANDARD] ? "yes" : "no", "-",
                        "{year}年是否达到每千人托位标准",
                        "Planning standard of places per 1,000 met in {year}");
        ps_summary_headline(s);
        if (k == 0 && y == c->plan_year && c->has_target) {
            ps_summary_num(s, y, "childcare_target_{year}", c->plan_target, "slots",
                           "{year}年规划托位目标", "The plan's childcare places target for {year}");
            ps_summary_headline(s);
            /* "About" the target: met once supply rounds to it or above. */
            ps_summary_text(s, y, "childcare_plan_met_{year}",
                            r[C_SUPPLY] + 0.5 >= c->plan_target ? "yes" : "no", "-",
                            "{year}年是否达到规划托位目标",
                            "The plan's childcare places target met in {year}");
            ps_summary_headline(s);
        }
    }
    return PS_OK;
}

/* Headline: the plan's check in its year, then the gap (or surplus) in
 * the last summary year. */
static int cc_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    childcare *c = self;
    int years[3];
    char zh[512], en[512], a[64], b[64], m[64], m2[64];
    (void)run;
    (void)err;
    if (!c->active)
        return PS_OK;
    int n = summary_years(c, years);
    if (n == 0)
        return PS_OK;
    const double *r = ps_table_row(c->tab, years[0], 0);
    if (years[0] == c->plan_year && c->has_target) {
        int met = r[C_SUPPLY] + 0.5 >= c->plan_target;
        snprintf(zh, sizeof zh, "托育：%d年托位供给%s个，规划目标%s个，%s。", c->plan_year,
                 ps_words_count(a, r[C_SUPPLY]), ps_words_count(b, c->plan_target),
                 met ? "达到目标" : "未达到目标");
        snprintf(en, sizeof en, "Childcare: %s places in %d against the plan's target of %s: %s.",
                 ps_words_count(a, r[C_SUPPLY]), c->plan_year, ps_words_count(b, c->plan_target),
                 met ? "target met" : "target missed");
        ps_headline_add(h, 300, zh, en);
    }
    int y = years[n - 1];
    r = ps_table_row(c->tab, y, 0);
    double gap = r[C_GAP];
    if (gap > 0.5) {
        snprintf(zh, sizeof zh,
                 "托育：%d年托位缺口%s个（需求减供给），补齐缺口的建设费用约%s，当年托育运营与建设费用%s。",
                 y, ps_words_count(a, gap), ps_words_money(m, r[C_GAP_COST], 0),
                 ps_words_money(m2, r[C_COST], 0));
        snprintf(en, sizeof en,
                 "Childcare: a gap of %s places in %d (demand minus supply); building them would "
                 "cost about %s; running and building places costs %s that year.",
                 ps_words_count(a, gap), y, ps_words_money(m, r[C_GAP_COST], 1),
                 ps_words_money(m2, r[C_COST], 1));
    } else {
        snprintf(zh, sizeof zh, "托育：%d年托位富余%s个（供给超过需求），当年托育运营与建设费用%s。", y,
                 ps_words_count(a, -gap), ps_words_money(m2, r[C_COST], 0));
        snprintf(en, sizeof en,
                 "Childcare: a surplus of %s places in %d (supply above demand); running and "
                 "building places costs %s that year.",
                 ps_words_count(a, -gap), y, ps_words_money(m2, r[C_COST], 1));
    }
    return ps_headline_add(h, 400, zh, en);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_childcare_module = {
    .name = "childcare",
    .label_zh = "托育服务",
    .label_en = "Childcare",
    .declares = DECLARES,
    .params = PARAMS,
    .create = cc_create,
    .reset = cc_reset,
    .step = cc_step,
    .tables = cc_tables,
    .summarize = cc_summarize,
    .headline = cc_headline,
    .destroy = cc_destroy,
};
