/* demography.c: the demographic indicators of MODEL.md section 1, one row a
 * year, as the first module (it reads the population like any other).
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "output.h"

/* Columns of demography.csv, in order.  Flows (births .. cdr, clamped) are
 * those of the year t -> t+1 and are empty in the last row. */
enum {
    D_POPULATION, D_MALE, D_FEMALE, D_BIRTHS, D_DEATHS, D_NET_MIGRATION, D_TFR,
    D_E0_MALE, D_E0_FEMALE, D_E60_MALE, D_E60_FEMALE, D_CBR, D_CDR, D_OLD_AGE_DEP,
    D_TOTAL_DEP, D_MEDIAN_AGE, D_AGE_0, D_AGE_1, D_AGE_2, D_AGE_3_5, D_AGE_60P,
    D_AGE_65P, D_AGE_80P, D_CLAMPED, D_NCOL
};

static const ps_column_def COLS[D_NCOL + 1] = {
    {"population", "1月1日总人口", "Population on 1 January", "persons", PS_KIND_STOCK, 1},
    {"male", "男性人口", "Men", "persons", PS_KIND_STOCK, 0},
    {"female", "女性人口", "Women", "persons", PS_KIND_STOCK, 0},
    {"births", "出生人数（当年至次年）", "Births (year to next)", "persons", PS_KIND_FLOW, 1},
    {"deaths", "死亡人数（当年至次年）", "Deaths (year to next)", "persons", PS_KIND_FLOW, 1},
    {"net_migration", "净迁入人数（当年至次年）", "Net migration (year to next)", "persons", PS_KIND_FLOW, 1},
    {"tfr", "总和生育率", "Total fertility rate", "children per woman", PS_KIND_RATE, 1},
    {"e0_male", "男性出生时预期寿命", "Life expectancy at birth, men", "years", PS_KIND_RATE, 1},
    {"e0_female", "女性出生时预期寿命", "Life expectancy at birth, women", "years", PS_KIND_RATE, 1},
    {"e60_male", "男性60岁预期寿命", "Life expectancy at 60, men", "years", PS_KIND_RATE, 0},
    {"e60_female", "女性60岁预期寿命", "Life expectancy at 60, women", "years", PS_KIND_RATE, 0},
    {"cbr", "粗出生率", "Crude birth rate", "per 1,000", PS_KIND_RATE, 0},
    {"cdr", "粗死亡率", "Crude death rate", "per 1,000", PS_KIND_RATE, 0},
    {"old_age_dependency", "老年抚养比（65+/15-64）", "Old-age dependency (65+ per 15-64)", "ratio", PS_KIND_RATE, 1},
    {"total_dependency", "总抚养比", "Total dependency ((0-14 + 65+) per 15-64)", "ratio", PS_KIND_RATE, 1},
    {"median_age", "年龄中位数", "Median age", "years of age", PS_KIND_RATE, 1},
    {"age_0", "0岁人口", "Aged 0", "persons", PS_KIND_STOCK, 1},
    {"age_1", "1岁人口", "Aged 1", "persons", PS_KIND_STOCK, 1},
    {"age_2", "2岁人口", "Aged 2", "persons", PS_KIND_STOCK, 1},
    {"age_3_5", "3-5岁人口", "Aged 3-5", "persons", PS_KIND_STOCK, 0},
    {"age_60_plus", "60岁及以上人口", "Aged 60 and over", "persons", PS_KIND_STOCK, 1},
    {"age_65_plus", "65岁及以上人口", "Aged 65 and over", "persons", PS_KIND_STOCK, 1},
    {"age_80_plus", "80岁及以上人口", "Aged 80 and over", "persons", PS_KIND_STOCK, 1},
    {"clamped", "因负值截断的人数", "Persons clamped at zero (negative stocks avoided)", "persons", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_table_def TABLE = {"demography.csv", NULL, COLS};

typedef struct {
    int base, ny;
    ps_table *tab; /* demography.csv, one row a year */
} demog;

static int demog_create(ps_run *run, void **self, ps_err *err)
{
    demog *d = calloc(1, sizeof *d);
    if (!d)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    d->base = ps_run_base_year(run);
    d->ny = ps_run_end_year(run) - d->base + 1;
    if (!(d->tab = ps_table_new(&TABLE, d->base, d->ny, 1, err))) {
        free(d);
        return err->code;
    }
    *self = d;
    return PS_OK;
}

static int demog_step(void *self, ps_run *run, int year, ps_err *err)
{
    demog *d = self;
    double *r = ps_table_row(d->tab, year, 0);
    const ps_pop *p = ps_run_pop(run, year);
    const ps_year_params *yp = ps_run_params(run, year);
    if (!p || !yp || !r)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    /* ps_pop_sum over every age is the sum of the two sexes' (issue 18:
     * each sum once) */
    double male = ps_pop_sum_sex(p, PS_MALE, 0, PS_AGE_OPEN);
    double female = ps_pop_sum_sex(p, PS_FEMALE, 0, PS_AGE_OPEN);
    double n = male + female;
    double young = ps_pop_sum(p, 0, 14), work = ps_pop_sum(p, 15, 64);
    double old = ps_pop_sum(p, 65, PS_AGE_OPEN);
    r[D_POPULATION] = n;
    r[D_MALE] = male;
    r[D_FEMALE] = female;
    r[D_TFR] = yp->tfr;
    r[D_E0_MALE] = yp->e[PS_MALE][0];
    r[D_E0_FEMALE] = yp->e[PS_FEMALE][0];
    r[D_E60_MALE] = yp->e[PS_MALE][60];
    r[D_E60_FEMALE] = yp->e[PS_FEMALE][60];
    r[D_OLD_AGE_DEP] = work > 0 ? old / work : NAN;
    r[D_TOTAL_DEP] = work > 0 ? (young + old) / work : NAN;
    r[D_MEDIAN_AGE] = ps_pop_median_age(p);
    r[D_AGE_0] = ps_pop_sum(p, 0, 0);
    r[D_AGE_1] = ps_pop_sum(p, 1, 1);
    r[D_AGE_2] = ps_pop_sum(p, 2, 2);
    r[D_AGE_3_5] = ps_pop_sum(p, 3, 5);
    r[D_AGE_60P] = ps_pop_sum(p, 60, PS_AGE_OPEN);
    r[D_AGE_65P] = old;
    r[D_AGE_80P] = ps_pop_sum(p, 80, PS_AGE_OPEN);
    const ps_pop_flows *f = ps_run_flows(run, year);
    if (f) {
        double next = ps_pop_sum(ps_run_pop(run, year + 1), 0, PS_AGE_OPEN);
        /* rates per year: a base year that starts on population.base_date
         * has a shorter step, whose flows are scaled up to a year */
        double mid = (n + next) / 2.0 * ps_run_step_length(run, year);
        r[D_BIRTHS] = f->births[PS_MALE] + f->births[PS_FEMALE];
        r[D_DEATHS] = f->deaths[PS_MALE] + f->deaths[PS_FEMALE];
        r[D_NET_MIGRATION] = f->net_migration[PS_MALE] + f->net_migration[PS_FEMALE];
        r[D_CBR] = mid > 0 ? r[D_BIRTHS] / mid * 1000.0 : NAN;
        r[D_CDR] = mid > 0 ? r[D_DEATHS] / mid * 1000.0 : NAN;
        r[D_CLAMPED] = f->clamped;
    }
    return PS_OK;
}

/* The run writes demography.csv from the table, registers its columns and
 * answers state.get and stochastic series from it (module.h). */
static int demog_tables(void *self, const ps_table **out, int max)
{
    demog *d = self;
    if (max < 1)
        return 0;
    out[0] = d->tab;
    return 1;
}

/* Headline figures in the plan's years that fall within the horizon. */
/* summary.csv rows: population, aged 65+ and old-age dependency in the key
 * years (labels and units declared here, keys unchanged). */
static int demog_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    demog *d = self;
    static const int years[] = {2025, 2030, 2035, 2050, 2100};
    (void)run;
    (void)err;
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        const double *r = ps_table_row_const(d->tab, years[k], 0);
        int y = years[k];
        if (!r)
            continue;
        ps_summary_num(s, y, "population_{year}", r[D_POPULATION], "persons",
                       "{year}年1月1日总人口", "Population on 1 January {year}");
        ps_summary_headline(s);
        ps_summary_num(s, y, "age_65_plus_{year}", r[D_AGE_65P], "persons",
                       "{year}年65岁及以上人口", "People aged 65 and over in {year}");
        ps_summary_num(s, y, "old_age_dependency_{year}", r[D_OLD_AGE_DEP], "ratio",
                       "{year}年老年抚养比（65岁及以上/15-64岁）",
                       "Old-age dependency in {year} (65+ per 15-64)");
    }
    return PS_OK;
}

static int demog_reset(void *self, ps_run *run, ps_err *err)
{
    demog *d = self;
    (void)run;
    (void)err;
    ps_table_clear(d->tab);
    return PS_OK;
}

static void demog_destroy(void *self)
{
    demog *d = self;
    if (d)
        ps_table_free(d->tab);
    free(d);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_demography_module = {
    .name = "demography",
    .label_zh = "人口",
    .label_en = "Population",
    .declares = DECLARES,
    .params = NULL,
    .create = demog_create,
    .step = demog_step,
    .tables = demog_tables,
    .reset = demog_reset,
    .summarize = demog_summarize,
    .destroy = demog_destroy,
};
