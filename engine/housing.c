/* housing.c: see housing.h.  The module runs when the scenario has a
 * `housing` section.  Stocks are on 1 January, flows during the year.
 * GPL-3.0-or-later. */
#include "housing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "scenario_read.h"
#include "table.h"
#include "budget.h"
#include "hh_common.h"
#include "module.h"
#include "output.h"

double ps_housing_renovated(double stock, int start, int end, int year)
{
    if (end < start || year < start || year > end)
        return 0.0;
    return stock / (double)(end - start + 1);
}

void ps_housing_units(double prev_occ, double units, double demand, double turnover,
                      double *occupied, double *vacated, double *allocated)
{
    *occupied = fmax(0.0, fmin(units, demand));
    *vacated = prev_occ * turnover;
    *allocated = fmax(0.0, *occupied - (prev_occ - *vacated));
}

/* ---------------------------------------------------------------- parameters */

static const ps_param_def PARAMS[] = {
    {"housing", "section", 0, NULL, NULL, 0, 0, NULL,
     "basic housing security (基本住房保障); the module runs when this section is present "
     "(it needs the assistance section)"},
    /* public rental housing: demand */
    {"housing.low_income_need", "series", 0, "0.3", "share of low-income households", 0, 1,
     "assumption: no local figure on the housing of 低保 households; try 0.1-0.6",
     "low-income (低保) households eligible for public rental housing or a rental subsidy"},
    {"housing.low_income_household_size", "number", 0, "2.44", "persons per household", 1, 10,
     "2020 census, Feidong: 804,667 persons in 329,719 family households "
     "(data/raw/census2020_profile_*); used when the households section is absent",
     "persons per low-income household (else households.average_size)"},
    {"housing.graduate_share", "series", 0, "0.3", "share of net migrants aged 21-24", 0, 1,
     "assumption: no local figure; try 0.1-0.6",
     "new college graduates among the net migrants aged 21-24"},
    {"housing.graduate_years", "integer", 0, "3", "years", 1, 10,
     "assumption: policy rental housing for graduates in their first years of work; try 2-5",
     "years after arrival during which a graduate is eligible"},
    {"housing.graduate_need", "series", 0, "0.2", "share of eligible graduates", 0, 1,
     "assumption: no local figure; try 0.1-0.4",
     "eligible graduates who apply (one person a household)"},
    {"housing.non_hukou_base", "number", 0, "155713", "persons", 0, 1e8,
     "2020 census, Feidong: residents registered in another county of Anhui (127,389) or "
     "another province (28,324) (data/raw/census2020_profile_*)",
     "non-hukou residents in the base year"},
    {"housing.settle_rate", "series", 0, "0.05", "share per year", 0, 1,
     "assumption: non-hukou residents who settle (take local hukou) or leave each year; "
     "try 0.02-0.1",
     "yearly exit from the non-hukou stock (net migrants enter it)"},
    {"housing.working_share", "series", 0, "0.7", "share of non-hukou residents", 0, 1,
     "assumption: migrants are mostly of working age; try 0.6-0.85",
     "non-hukou residents who work"},
    {"housing.worker_need", "series", 0, "0.05", "share of non-hukou workers", 0, 1,
     "assumption: no local figure; try 0.02-0.1",
     "non-hukou workers applying for public or policy rental housing"},
    {"housing.worker_household_size", "number", 0, "1.5", "persons per household", 1, 10,
     "assumption: single workers and young families; try 1.2-2.5",
     "persons per applying non-hukou worker household"},
    {"housing.subsidy_share", "series", 0, "0.3", "share of eligible households", 0, 1,
     "assumption: the plan asks for units and rental subsidies together (实物保障和租赁补贴并举); "
     "try 0.2-0.6",
     "eligible households served by a rental subsidy instead of a unit"},
    /* public rental housing: supply and cost */
    {"housing.units", "series", 1, NULL, "units", 0, 1e8, NULL,
     "public rental units (公租房) available on 1 January, a path"},
    {"housing.turnover", "series", 0, "0.08", "share of occupied units per year", 0, 1,
     "assumption: exits under the plan's exit mechanism (退出机制); try 0.05-0.15",
     "occupied units vacated in the year"},
    {"housing.unit_area", "number", 0, "45", "m2 per unit", 10, 200,
     "assumption: public rental units are small (mostly about 40 m2, at most 60); try 35-60",
     "floor area of a new public rental unit"},
    {"housing.build_cost", "series", 0, "3000", "yuan per m2", 0, 1e6,
     "assumption: no local figure; try 2,000-4,500", "construction cost of public rental units"},
    {"housing.operating_cost", "series", 0, "1200", "yuan per unit per year", 0, 1e7,
     "assumption: management and maintenance net of rents; try 600-2,400",
     "operating cost of a public rental unit"},
    {"housing.rent_subsidy", "series", 0, "300", "yuan per household per month", 0, 1e6,
     "assumption: no local figure; try 150-600", "rental subsidy per household"},
    {"housing.rental_county_share", "series", 0, "0.6", "share of the cost", 0, 1,
     "assumption: central and provincial subsidies for 保障性安居工程 pay the rest; try 0.4-0.9",
     "county's share of public rental housing costs"},
    /* old-community renovation */
    {"housing.old_stock", "number", 0, "9000", "units", 0, 1e8,
     "assumption: no Feidong count of pre-2000 units fit for renovation; try 5,000-15,000",
     "units in communities built before end-2000 still to renovate in old_start"},
    {"housing.old_unit_area", "number", 0, "70", "m2 per unit", 10, 300,
     "assumption: try 55-85", "floor area of an old-community unit"},
    {"housing.old_start", "integer", 0, "2020", "year", 1990, 2300,
     "the plan's three-year programme (七.1), started 2020", "first year of renovation"},
    {"housing.old_end", "integer", 0, "2022", "year", 1990, 2300,
     "the plan (七.1): pre-2000 communities fit for renovation done by 2022 (到2022年...应改尽改)",
     "last year of renovation"},
    {"housing.old_cost", "series", 0, "400", "yuan per m2", 0, 1e6,
     "assumption: basic renovation (pipes, roofs, façades); try 200-800",
     "renovation cost per square metre"},
    {"housing.old_share_central", "number", 0, "0.3", "share of the cost", 0, 1,
     "assumption: central subsidies for 城镇老旧小区改造; try 0.2-0.4",
     "central government's share of renovation cost"},
    {"housing.old_share_provincial", "number", 0, "0.1", "share of the cost", 0, 1,
     "assumption: try 0-0.2", "provincial share of renovation cost"},
    {"housing.old_share_municipal", "number", 0, "0.1", "share of the cost", 0, 1,
     "assumption: Hefei's share; try 0-0.2", "municipal share of renovation cost"},
    {"housing.old_share_residents", "number", 0, "0.1", "share of the cost", 0, 1,
     "assumption: the plan's cost sharing by government, residents and society; try 0-0.2",
     "residents' and social investors' share (the county pays what is left)"},
    /* rural dilapidated housing */
    {"housing.rural_share", "series", 0, "0.32", "share of households", 0, 1,
     "2020 census, Feidong: rural residents 283,272 of 884,792 (data/raw/census2020_profile_*)",
     "rural households as a share of households"},
    {"housing.dilapidated_rate", "number", 0, "0.01", "share of rural households", 0, 1,
     "assumption: no local figure; try 0.003-0.03",
     "rural households in dilapidated houses (危房) in the base year"},
    {"housing.dilapidated_new", "series", 0, "0.002", "share of rural households per year",
     0, 1, "assumption: houses ageing into danger; try 0.001-0.005",
     "rural houses newly assessed dilapidated each year"},
    {"housing.rural_renovation_rate", "series", 0, "0.5", "share of the backlog per year", 0,
     1, "assumption: try 0.3-1", "dilapidated rural houses renovated each year"},
    {"housing.rural_subsidy", "series", 0, "20000", "yuan per house", 0, 1e8,
     "assumption: no local figure; try 15,000-35,000", "public subsidy per renovated rural house"},
    {"housing.rural_share_central", "number", 0, "0.6", "share of the subsidy", 0, 1,
     "assumption: central 农村危房改造补助资金 with provincial top-ups; try 0.4-0.8",
     "central and provincial share of the rural subsidy (the county pays the rest)"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- columns */

enum {
    U_DEMAND, U_DEM_LOW, U_DEM_GRAD, U_DEM_WORKER, U_SUBSIDY_HH, U_UNIT_DEMAND, U_UNITS,
    U_BUILT, U_VACATED, U_ALLOCATED, U_OCCUPIED, U_GAP, U_LOW_INCOME_HH, U_GRADUATES,
    U_NON_HUKOU, U_OLD_RENOVATED, U_OLD_REMAINING, U_RURAL_HH, U_RURAL_BACKLOG,
    U_RURAL_RENOVATED, U_RENTAL_COST, U_BUILD_COST, U_OPERATING_COST, U_SUBSIDY_COST,
    U_OLD_COST, U_RURAL_COST, U_COST, U_COST_COUNTY, U_OLD_CENTRAL, U_OLD_PROVINCIAL,
    U_OLD_MUNICIPAL, U_OLD_RESIDENTS, U_OLD_COUNTY, U_NCOL
};

static const ps_column_def COLS[U_NCOL + 1] = {
    {"demand", "公租房及租赁补贴需求户数", "Households eligible for public rental housing or a subsidy", "households", PS_KIND_STOCK, 1},
    {"demand_low_income", "其中：低收入（低保）家庭", "of which low-income (dibao) households", "households", PS_KIND_STOCK, 0},
    {"demand_graduates", "其中：新就业大学生", "of which new graduates", "households", PS_KIND_STOCK, 0},
    {"demand_non_hukou", "其中：非户籍务工人员", "of which non-hukou workers", "households", PS_KIND_STOCK, 0},
    {"subsidy_households", "租赁补贴户数", "Households receiving a rental subsidy", "households", PS_KIND_STOCK, 0},
    {"unit_demand", "公租房需求套数", "Public rental units needed", "dwellings", PS_KIND_STOCK, 0},
    {"units", "公租房套数", "Public rental units", "dwellings", PS_KIND_STOCK, 1},
    {"units_built", "新建公租房", "Units built", "dwellings", PS_KIND_FLOW, 0},
    {"units_vacated", "腾退公租房", "Units vacated", "dwellings", PS_KIND_FLOW, 0},
    {"units_allocated", "新配租公租房", "Units newly allocated", "dwellings", PS_KIND_FLOW, 0},
    {"units_occupied", "在租公租房", "Units occupied", "dwellings", PS_KIND_STOCK, 0},
    {"gap", "公租房缺口", "Gap (units needed minus units)", "dwellings", PS_KIND_STOCK, 1},
    {"low_income_households", "低保家庭户数", "Low-income (dibao) households", "households", PS_KIND_STOCK, 0},
    {"eligible_graduates", "符合条件的新就业大学生", "Eligible new graduates", "persons", PS_KIND_STOCK, 0},
    {"non_hukou_residents", "非户籍常住人口", "Non-hukou residents", "persons", PS_KIND_STOCK, 0},
    {"old_renovated", "老旧小区改造套数", "Old-community units renovated", "dwellings", PS_KIND_FLOW, 0},
    {"old_remaining", "待改造老旧小区套数", "Old-community units still to renovate", "dwellings", PS_KIND_STOCK, 0},
    {"rural_households", "农村家庭户", "Rural households", "households", PS_KIND_STOCK, 0},
    {"rural_dilapidated", "农村危房存量", "Dilapidated rural houses", "dwellings", PS_KIND_STOCK, 0},
    {"rural_renovated", "农村危房改造", "Rural houses renovated", "dwellings", PS_KIND_FLOW, 0},
    {"rental_cost", "公租房及租赁补贴支出", "Public rental housing and subsidies", "yuan", PS_KIND_FLOW, 0},
    {"rental_build_cost", "公租房建设支出", "Public rental construction", "yuan", PS_KIND_FLOW, 0},
    {"rental_operating_cost", "公租房运营支出", "Public rental operation", "yuan", PS_KIND_FLOW, 0},
    {"rent_subsidy_cost", "租赁补贴支出", "Rental subsidies", "yuan", PS_KIND_FLOW, 0},
    {"old_community_cost", "老旧小区改造投入", "Old-community renovation (all payers)", "yuan", PS_KIND_FLOW, 0},
    {"rural_cost", "农村危房改造补助", "Rural dilapidated housing subsidies", "yuan", PS_KIND_FLOW, 0},
    {"cost", "住房保障支出合计（不含居民出资）", "Housing security cost (public)", "yuan", PS_KIND_FLOW, 1},
    {"cost_county", "其中县级承担", "of which the county pays", "yuan", PS_KIND_FLOW, 1},
    {"old_cost_central", "老旧小区改造：中央", "Old communities: central", "yuan", PS_KIND_FLOW, 0},
    {"old_cost_provincial", "老旧小区改造：省级", "Old communities: provincial", "yuan", PS_KIND_FLOW, 0},
    {"old_cost_municipal", "老旧小区改造：市级", "Old communities: municipal", "yuan", PS_KIND_FLOW, 0},
    {"old_cost_residents", "老旧小区改造：居民及社会", "Old communities: residents and investors", "yuan", PS_KIND_FLOW, 0},
    {"old_cost_county", "老旧小区改造：县级", "Old communities: county", "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_table_def TABLE = {"housing.csv", NULL, COLS};

typedef struct {
    int active, base, grad_years;
    double hh_size, non_hukou_base, worker_size, unit_area, old_stock, old_area;
    double sh_central, sh_prov, sh_muni, sh_res, dil_rate, rural_central;
    int old_start, old_end;
    const ps_series *low_need, *grad_share, *grad_need, *settle, *work_share, *worker_need,
        *sub_share, *units, *turnover, *build_cost, *op_cost, *rent_sub, *rental_county,
        *old_cost, *rural_share, *dil_new, *rural_rate, *rural_sub;
    double *arrivals; /* graduates arriving by year (ny) */
    double non_hukou, backlog, arrivals_before;
    ps_table *tab;
    /* The other modules' columns ho_step reads (OTHER), found once a
     * projection (issue 18; run.h: valid until the next projection). */
    int col_projection;
    const double *col[3];
    int stride[3];
} housing;

enum { O_RECIPIENTS, O_AVG_SIZE, O_HOUSEHOLDS };
static const char *const OTHER[3] = {"assistance.recipients", "households.average_size",
                                     "households.households"};

static void ho_destroy(void *self)
{
    housing *h = self;
    if (h) {
        ps_table_free(h->tab);
        free(h->arrivals);
    }
    free(h);
}

static int num(ps_scenario *sc, const char *key, double *out, ps_err *err)
{
    return ps_scenario_number(sc, key, out, err);
}

static int ho_reset(void *self, ps_run *run, ps_err *err)
{
    housing *h = self;
    (void)run;
    (void)err;
    if (h->active) {
        ps_table_clear(h->tab);
        h->non_hukou = h->non_hukou_base;
        h->backlog = NAN;
    }
    return PS_OK;
}

static int ho_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    int on, rc = ps_hh_state_new(sc, "housing", sizeof(housing), self, &on, err);
    housing *h = *self;
    if (rc || !on)
        return rc;
    h->active = 1;
    h->base = ps_run_base_year(run);
    int ny = ps_run_end_year(run) - h->base + 1;
    if (!ps_read_has_table(sc, "assistance"))
        return ps_err_set(err, PS_EINPUT, "%s: the housing section needs the assistance "
                          "section (low-income households)", sc->path);
    double gy, os, oe;
    if (num(sc, "housing.low_income_household_size", &h->hh_size, err) ||
        num(sc, "housing.graduate_years", &gy, err) ||
        num(sc, "housing.non_hukou_base", &h->non_hukou_base, err) ||
        num(sc, "housing.worker_household_size", &h->worker_size, err) ||
        num(sc, "housing.unit_area", &h->unit_area, err) ||
        num(sc, "housing.old_stock", &h->old_stock, err) ||
        num(sc, "housing.old_unit_area", &h->old_area, err) ||
        num(sc, "housing.old_start", &os, err) || num(sc, "housing.old_end", &oe, err) ||
        num(sc, "housing.old_share_central", &h->sh_central, err) ||
        num(sc, "housing.old_share_provincial", &h->sh_prov, err) ||
        num(sc, "housing.old_share_municipal", &h->sh_muni, err) ||
        num(sc, "housing.old_share_residents", &h->sh_res, err) ||
        num(sc, "housing.dilapidated_rate", &h->dil_rate, err) ||
        num(sc, "housing.rural_share_central", &h->rural_central, err))
        return err->code;
    h->grad_years = (int)gy;
    h->old_start = (int)os;
    h->old_end = (int)oe;
    if (h->old_end < h->old_start) {
        char where[1200];
        if (!ps_scenario_where(sc, "housing.old_end", where, sizeof where))
            snprintf(where, sizeof where, "%s", sc->path);
        return ps_err_set(err, PS_EINPUT, "%s: 'housing.old_end' %d is before old_start %d",
                          where, h->old_end, h->old_start);
    }
    double sum = h->sh_central + h->sh_prov + h->sh_muni + h->sh_res;
    if (sum > 1 + 1e-9) {
        char where[1200];
        if (!ps_scenario_where(sc, "housing.old_share_residents", where, sizeof where))
            snprintf(where, sizeof where, "%s", sc->path);
        return ps_err_set(err, PS_EINPUT,
                          "%s: 'housing.old_share_*': central + provincial + municipal + "
                          "residents is %.10g, above 1 (the county pays the rest)",
                          where, sum);
    }
    h->low_need = ps_scenario_series(sc, "housing.low_income_need");
    h->grad_share = ps_scenario_series(sc, "housing.graduate_share");
    h->grad_need = ps_scenario_series(sc, "housing.graduate_need");
    h->settle = ps_scenario_series(sc, "housing.settle_rate");
    h->work_share = ps_scenario_series(sc, "housing.working_share");
    h->worker_need = ps_scenario_series(sc, "housing.worker_need");
    h->sub_share = ps_scenario_series(sc, "housing.subsidy_share");
    h->units = ps_scenario_series(sc, "housing.units");
    h->turnover = ps_scenario_series(sc, "housing.turnover");
    h->build_cost = ps_scenario_series(sc, "housing.build_cost");
    h->op_cost = ps_scenario_series(sc, "housing.operating_cost");
    h->rent_sub = ps_scenario_series(sc, "housing.rent_subsidy");
    h->rental_county = ps_scenario_series(sc, "housing.rental_county_share");
    h->old_cost = ps_scenario_series(sc, "housing.old_cost");
    h->rural_share = ps_scenario_series(sc, "housing.rural_share");
    h->dil_new = ps_scenario_series(sc, "housing.dilapidated_new");
    h->rural_rate = ps_scenario_series(sc, "housing.rural_renovation_rate");
    h->rural_sub = ps_scenario_series(sc, "housing.rural_subsidy");
    h->arrivals = calloc((size_t)ny, sizeof *h->arrivals);
    if (!h->arrivals)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    if (!(h->tab = ps_table_new(&TABLE, h->base, ny, 1, err)))
        return err->code;
    return ho_reset(h, run, err);
}

/* A value of another module's column OTHER[k] in `year`, or NaN. */
static double other(housing *h, ps_run *run, int k, int year)
{
    int proj = ps_run_projection(run);
    if (h->col_projection != proj) {
        for (int j = 0; j < 3; j++)
            h->col[j] = NULL;
        h->col_projection = proj;
    }
    if (!h->col[k] && !(h->col[k] = ps_run_column(run, OTHER[k], &h->stride[k])))
        return NAN;
    return h->col[k][(size_t)(year - ps_run_base_year(run)) * (size_t)h->stride[k]];
}

static int ho_step(void *self, ps_run *run, int year, ps_err *err)
{
    housing *h = self;
    if (!h->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    int i = year - h->base;
    double *r = ps_table_row(h->tab, year, 0), *prev = i > 0 ? ps_table_row(h->tab, year - 1, 0) : NULL;
    const ps_pop *p = ps_run_pop(run, year);
    const ps_pop_year *yin = ps_run_year_inputs(run, year);
    const ps_pop_flows *fl = ps_run_flows(run, year);
    if (!p || !yin)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double low_need, gshare, gneed, settle, wshare, wneed, sshare, units, turnover, bcost,
        opcost, rsub, rcounty, ocost, rshare, dnew, rrate, rursub;
    if (ps_series_at(sc, h->low_need, year, &low_need, err) ||
        ps_series_at(sc, h->grad_share, year, &gshare, err) ||
        ps_series_at(sc, h->grad_need, year, &gneed, err) ||
        ps_series_at(sc, h->settle, year, &settle, err) ||
        ps_series_at(sc, h->work_share, year, &wshare, err) ||
        ps_series_at(sc, h->worker_need, year, &wneed, err) ||
        ps_series_at(sc, h->sub_share, year, &sshare, err) ||
        ps_series_at(sc, h->units, year, &units, err) ||
        ps_series_at(sc, h->turnover, year, &turnover, err) ||
        ps_series_at(sc, h->build_cost, year, &bcost, err) ||
        ps_series_at(sc, h->op_cost, year, &opcost, err) ||
        ps_series_at(sc, h->rent_sub, year, &rsub, err) ||
        ps_series_at(sc, h->rental_county, year, &rcounty, err) ||
        ps_series_at(sc, h->old_cost, year, &ocost, err) ||
        ps_series_at(sc, h->rural_share, year, &rshare, err) ||
        ps_series_at(sc, h->dil_new, year, &dnew, err) ||
        ps_series_at(sc, h->rural_rate, year, &rrate, err) ||
        ps_series_at(sc, h->rural_sub, year, &rursub, err))
        return err->code;

    /* Low-income households: the assistance module's recipients. */
    double rec = other(h, run, O_RECIPIENTS, year);
    double size = other(h, run, O_AVG_SIZE, year);
    if (!isfinite(size))
        size = h->hh_size;
    if (!isfinite(rec))
        return ps_err_set(err, PS_EINTERNAL, "assistance.recipients of %d not available", year);
    r[U_LOW_INCOME_HH] = rec / size;
    r[U_DEM_LOW] = r[U_LOW_INCOME_HH] * low_need;

    /* New graduates: net migrants aged 21-24 of the year; eligible are
     * those who arrived in the last grad_years years (in the base year,
     * that many years at the base year's inflow). */
    double arr = 0.0;
    for (int s = 0; s < PS_NSEX; s++)
        for (int a = 21; a <= 24; a++)
            arr += fmax(0.0, yin->mig[s][a]);
    double len = ps_run_step_length(run, year); /* < 1 after a census base date */
    h->arrivals[i] = arr * gshare * len;
    if (i == 0)
        h->arrivals_before = arr * gshare; /* a full year's, before the base year */
    /* Those who arrived in the grad_years years before 1 January (steps
     * may be shorter than a year after a census base date); before the
     * base year at the base year's yearly rate. */
    double elig = 0.0, need = h->grad_years;
    for (int j = i - 1; j >= 0 && need > 0; j--) {
        double lj = ps_run_step_length(run, h->base + j);
        double part = lj <= need ? 1.0 : need / lj;
        elig += h->arrivals[j] * part;
        need -= lj * part;
    }
    elig += h->arrivals_before * fmax(0.0, need);
    r[U_GRADUATES] = elig;
    r[U_DEM_GRAD] = elig * gneed;

    /* Non-hukou residents: the stock on 1 January, then this year's flows. */
    r[U_NON_HUKOU] = h->non_hukou;
    r[U_DEM_WORKER] = h->non_hukou * wshare * wneed / h->worker_size;
    double netmig = fl ? fl->net_migration[0] + fl->net_migration[1] : 0.0;
    h->non_hukou = fmax(0.0, h->non_hukou * (1 - settle * len) + netmig);

    r[U_DEMAND] = r[U_DEM_LOW] + r[U_DEM_GRAD] + r[U_DEM_WORKER];
    r[U_SUBSIDY_HH] = r[U_DEMAND] * sshare;
    r[U_UNIT_DEMAND] = r[U_DEMAND] - r[U_SUBSIDY_HH];
    r[U_UNITS] = units;
    r[U_BUILT] = prev ? fmax(0.0, units - prev[U_UNITS]) : 0.0;
    double prev_occ = prev ? prev[U_OCCUPIED] : fmin(units, r[U_UNIT_DEMAND]);
    ps_housing_units(prev_occ, units, r[U_UNIT_DEMAND], turnover, &r[U_OCCUPIED],
                     &r[U_VACATED], &r[U_ALLOCATED]);
    r[U_GAP] = r[U_UNIT_DEMAND] - units;
    r[U_BUILD_COST] = r[U_BUILT] * h->unit_area * bcost;
    r[U_OPERATING_COST] = units * opcost;
    r[U_SUBSIDY_COST] = r[U_SUBSIDY_HH] * rsub * 12.0;
    r[U_RENTAL_COST] = r[U_BUILD_COST] + r[U_OPERATING_COST] + r[U_SUBSIDY_COST];

    /* Old communities. */
    r[U_OLD_RENOVATED] = ps_housing_renovated(h->old_stock, h->old_start, h->old_end, year);
    double done = 0.0;
    for (int y = h->old_start; y < year && y <= h->old_end; y++)
        done += ps_housing_renovated(h->old_stock, h->old_start, h->old_end, y);
    r[U_OLD_REMAINING] = fmax(0.0, h->old_stock - done);
    r[U_OLD_COST] = r[U_OLD_RENOVATED] * h->old_area * ocost;
    r[U_OLD_CENTRAL] = r[U_OLD_COST] * h->sh_central;
    r[U_OLD_PROVINCIAL] = r[U_OLD_COST] * h->sh_prov;
    r[U_OLD_MUNICIPAL] = r[U_OLD_COST] * h->sh_muni;
    r[U_OLD_RESIDENTS] = r[U_OLD_COST] * h->sh_res;
    r[U_OLD_COUNTY] = r[U_OLD_COST] - r[U_OLD_CENTRAL] - r[U_OLD_PROVINCIAL] -
                      r[U_OLD_MUNICIPAL] - r[U_OLD_RESIDENTS];

    /* Rural dilapidated houses. */
    double hh = other(h, run, O_HOUSEHOLDS, year);
    if (!isfinite(hh))
        hh = ps_pop_sum(p, 0, PS_AGE_OPEN) / h->hh_size;
    r[U_RURAL_HH] = hh * rshare;
    if (isnan(h->backlog))
        h->backlog = r[U_RURAL_HH] * h->dil_rate;
    r[U_RURAL_BACKLOG] = h->backlog;
    r[U_RURAL_RENOVATED] = h->backlog * rrate;
    h->backlog += r[U_RURAL_HH] * dnew - r[U_RURAL_RENOVATED];
    r[U_RURAL_COST] = r[U_RURAL_RENOVATED] * rursub;

    r[U_COST] = r[U_RENTAL_COST] + r[U_OLD_COST] - r[U_OLD_RESIDENTS] + r[U_RURAL_COST];
    r[U_COST_COUNTY] = r[U_RENTAL_COST] * rcounty + r[U_OLD_COUNTY] +
                       r[U_RURAL_COST] * (1 - h->rural_central);

    /* The county budget ledger (budget.h), programme "housing": public
     * rental housing (higher governments' part booked as central), old
     * communities by payer (residents and investors as individual), rural
     * houses (central and provincial part booked as central). */
    static const char *const KR[3] = {"housing.rental_county_share", NULL, NULL};
    static const char *const KO[3] = {"housing.old_share_central", "housing.old_share_provincial",
                                      "housing.old_share_municipal"};
    static const char *const KU[3] = {"housing.rural_share_central", NULL, NULL};
    double gov = 1 - h->sh_res; /* the governments' part of renovation */
    ps_budget_label(run, "housing", "住房保障（公租房、租赁补贴、老旧小区与农村危房改造）",
                    "Housing security (public rental, rent subsidies, old-community and rural renovation)");
    if (ps_budget_add_split(run, "housing", year, r[U_RENTAL_COST], 1 - rcounty, 0, 0, KR,
                            err) ||
        ps_budget_add_split(run, "housing", year, r[U_OLD_COST] - r[U_OLD_RESIDENTS],
                            gov > 0 ? h->sh_central / gov : 0, gov > 0 ? h->sh_prov / gov : 0,
                            gov > 0 ? h->sh_muni / gov : 0,
                            KO, err) ||
        ps_budget_add(run, "housing", PS_PAYER_INDIVIDUAL, year, r[U_OLD_RESIDENTS], err) ||
        ps_budget_add_split(run, "housing", year, r[U_RURAL_COST], h->rural_central, 0, 0, KU,
                            err))
        return err->code;
    ps_budget_drivers(run, "housing", year, ps_pop_sum(p, 0, PS_AGE_OPEN),
                      r[U_DEMAND] + r[U_OLD_RENOVATED] + r[U_RURAL_RENOVATED]);
    return PS_OK;
}

static int ho_tables(void *self, const ps_table **out, int max)
{
    housing *x = self;
    return ps_hh_one_table(x->active ? x->tab : NULL, out, max);
}

static double old_left(const housing *h, int year)
{
    double left = h->old_stock;
    for (int y = h->old_start; y <= year && y <= h->old_end; y++)
        left -= ps_housing_renovated(h->old_stock, h->old_start, h->old_end, y);
    return fmax(0.0, left);
}

static int ho_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    housing *h = self;
    static const int years[] = {2025, 2030, 2035};
    (void)run;
    if (!h->active)
        return PS_OK;
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k];
        if (!ps_hh_has_year(h->tab, y))
            continue;
        const double *r = ps_table_row(h->tab, y, 0);
        ps_summary_num(s, y, "rental_housing_demand_{year}", r[U_DEMAND], "households",
                       "{year}年公租房及租赁补贴需求户数",
                       "Households eligible for public rental housing or a subsidy in {year}");
        ps_summary_num(s, y, "rental_housing_gap_{year}", r[U_GAP], "dwellings",
                       "{year}年公租房缺口（需求减供给）",
                       "Public rental units missing in {year} (needed minus available)");
        ps_summary_headline(s);
        ps_summary_num(s, y, "housing_cost_{year}", r[U_COST], "yuan",
                       "{year}年住房保障公共支出", "Public housing security cost in {year}");
        ps_summary_num(s, y, "housing_cost_county_{year}", r[U_COST_COUNTY], "yuan",
                       "{year}年住房保障县级支出", "Housing security cost to the county in {year}");
    }
    /* The plan: pre-2000 communities renovated by 2022. */
    if (ps_hh_has_year(h->tab, 2022)) {
        double left = old_left(h, 2022);
        ps_summary_num(s, 0, "old_communities_left_end_2022", left, "dwellings",
                       "2022年底待改造老旧小区套数", "Old-community units left at end-2022");
        ps_summary_text(s, 0, "old_communities_plan_met_2022",
                        left <= 1e-6 * (1 + h->old_stock) ? "yes" : "no", "-",
                        "老旧小区2022年应改尽改目标是否达到",
                        "Old communities renovated by 2022 as the plan asks");
        ps_summary_headline(s);
    }
    return ps_summary_error(s, err);
}

static int ho_headline(void *self, ps_run *run, ps_headline *hl, ps_err *err)
{
    housing *h = self;
    char zh[640], en[640], a[64], b[64], c[64], d[64];
    (void)run;
    if (!h->active)
        return PS_OK;
    int base = ps_table_base(h->tab), last = base + ps_table_nyears(h->tab) - 1;
    int y = 2025 <= last ? 2025 : last;
    const double *r = ps_table_row(h->tab, y, 0);
    double gap = r[U_GAP];
    snprintf(zh, sizeof zh,
             "住房保障：%d年约%s户符合公租房或租赁补贴条件，%s（需求减供给）；当年住房保障县级支出%s。",
             y, ps_words_count(a, r[U_DEMAND]),
             gap > 0.5 ? (snprintf(b, sizeof b, "公租房缺口%s套", ps_words_count(c, gap)), b)
                       : (snprintf(b, sizeof b, "公租房富余%s套", ps_words_count(c, -gap)), b),
             ps_words_money(d, r[U_COST_COUNTY], 0));
    snprintf(en, sizeof en,
             "Housing: about %s households eligible for public rental housing or a rental "
             "subsidy in %d; %s %s units (needed minus available); the county pays %s for "
             "housing security that year.",
             ps_words_count(a, r[U_DEMAND]), y, gap > 0.5 ? "a shortage of" : "a surplus of",
             ps_words_count(c, fabs(gap)), ps_words_money(d, r[U_COST_COUNTY], 1));
    ps_headline_add(hl, 400, zh, en);
    if (2022 >= base && 2022 <= last) {
        int met = old_left(h, 2022) <= 1e-6 * (1 + h->old_stock);
        snprintf(zh, sizeof zh, "老旧小区改造：规划要求2022年前对2000年底前建成的老旧小区应改尽改，按设定进度%s。",
                 met ? "2022年完成" : "2022年未完成");
        snprintf(en, sizeof en,
                 "Old communities: the plan asks for every community built before 2001 to be "
                 "renovated by 2022; on the schedule given this is %s.",
                 met ? "done in 2022" : "not done by 2022");
        ps_headline_add(hl, 300, zh, en);
    }
    return ps_headline_error(hl, err);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_housing_module = {
    .name = "housing",
    .label_zh = "基本住房保障",
    .label_en = "Basic housing security",
    .declares = DECLARES,
    .params = PARAMS,
    .create = ho_create,
    .step = ho_step,
    .tables = ho_tables,
    .reset = ho_reset,
    .summarize = ho_summarize,
    .headline = ho_headline,
    .destroy = ho_destroy,
};
