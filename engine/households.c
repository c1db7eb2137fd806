/* households.c: see households.h.  The module runs when the scenario has a
 * `households` section and writes households.csv, one row a year (stocks
 * on 1 January).  The headship and living-alone rates of year t are the
 * file's times prod_{y=base}^{t-1} (1 + trend(y)).  GPL-3.0-or-later. */
#include "households.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "scenario_read.h"
#include "table.h"
#include "csv.h"
#include "hh_common.h"
#include "module.h"
#include "output.h"
#include "population_io.h"

/* ---------------------------------------------------------------- reader */

int ps_households_read_rates(const char *path, ps_hh_rates *r, ps_err *err)
{
    static const char *const NAMES[4] = {"headship", "collective", "alone", "couple_only"};
    char seen[PS_NSEX][PS_NAGE] = {{0}};
    ps_csv *csv = ps_csv_read(path, err);
    int cs, cf, ct, c[4], rc = PS_OK;
    if (!csv)
        return err->code;
    memset(r, 0, sizeof *r);
    if ((cs = ps_csv_require_col(csv, "sex", err)) < 0 ||
        (cf = ps_csv_require_col(csv, "age_from", err)) < 0 ||
        (ct = ps_csv_require_col(csv, "age_to", err)) < 0) {
        rc = err->code;
        goto done;
    }
    for (int k = 0; k < 4; k++)
        if ((c[k] = ps_csv_require_col(csv, NAMES[k], err)) < 0) {
            rc = err->code;
            goto done;
        }
    for (int row = 0; row < ps_csv_nrows(csv); row++) {
        const char *sx = ps_csv_field(csv, row, cs);
        int line = ps_csv_line(csv, row), s, lo, hi;
        double v[4];
        if (strcmp(sx, "male") == 0)
            s = PS_MALE;
        else if (strcmp(sx, "female") == 0)
            s = PS_FEMALE;
        else {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'sex': '%s' is not male or female",
                            path, line, sx);
            goto done;
        }
        if ((rc = ps_csv_int(csv, row, cf, 0, PS_AGE_OPEN, &lo, err)) ||
            (rc = ps_csv_int(csv, row, ct, 0, PS_AGE_OPEN, &hi, err)))
            goto done;
        if (hi < lo) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'age_to': %d is below age_from %d",
                            path, line, hi, lo);
            goto done;
        }
        for (int k = 0; k < 4; k++) {
            if ((rc = ps_csv_number(csv, row, c[k], &v[k], err)))
                goto done;
            if (!(v[k] >= 0 && v[k] <= 1)) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is %s", path, line,
                                NAMES[k], ps_csv_field(csv, row, c[k]),
                                v[k] < 0 ? "negative" : "outside [0, 1]");
                goto done;
            }
        }
        if (v[2] > v[0]) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'alone': %s is above headship %s (a person living "
                            "alone heads a household)",
                            path, line, ps_csv_field(csv, row, c[2]),
                            ps_csv_field(csv, row, c[0]));
            goto done;
        }
        if (v[2] + v[3] > 1 + 1e-12) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'couple_only': alone + couple_only "
                            "is %.10g, above 1", path, line, v[2] + v[3]);
            goto done;
        }
        if (v[3] > 0 && lo < PS_HH_ELDERLY_AGE) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'couple_only': must be 0 below age %d (the band "
                            "starts at %d)", path, line, PS_HH_ELDERLY_AGE, lo);
            goto done;
        }
        for (int a = lo; a <= hi; a++) {
            if (seen[s][a]) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: %s age %d is in two bands", path, line,
                                sx, a);
                goto done;
            }
            seen[s][a] = 1;
            r->headship[s][a] = v[0];
            r->collective[s][a] = v[1];
            r->alone[s][a] = v[2];
            r->couple_only[s][a] = v[3];
        }
    }
    for (int s = 0; s < PS_NSEX; s++)
        for (int a = 0; a < PS_NAGE; a++)
            if (!seen[s][a]) {
                rc = ps_err_set(err, PS_EINPUT, "%s: no rates for %s age %d (ages 0..100 of "
                                "both sexes are needed)", path, ps_sex_name(s), a);
                goto done;
            }
done:
    ps_csv_free(csv);
    return rc;
}

/* ---------------------------------------------------------------- arithmetic */

int ps_households_size_classes(double multi, double persons, double out[4],
                               double *persons_5plus)
{
    if (multi <= 0) {
        out[0] = out[1] = out[2] = out[3] = 0;
        *persons_5plus = 0;
        return persons <= 1e-9 * (1 + fabs(persons)) ? PS_OK : PS_EINPUT;
    }
    double m = persons / multi;
    if (m < 2 - 1e-12)
        return PS_EINPUT;
    double lam = m > 2 ? m - 2 : 0, e = exp(-lam);
    double p2 = e, p3 = e * lam, p4 = e * lam * lam / 2;
    out[0] = multi * p2;
    out[1] = multi * p3;
    out[2] = multi * p4;
    out[3] = multi - out[0] - out[1] - out[2];
    if (out[3] < 0)
        out[3] = 0;
    *persons_5plus = persons - 2 * out[0] - 3 * out[1] - 4 * out[2];
    return PS_OK;
}

/* fmin(x, y) as glibc gives it (x < y ? x : y; a NaN argument yields the
 * other), without a call per age of every year of every draw (issue 18). */
static inline double min_of(double x, double y)
{
    if (isnan(y))
        return x;
    if (isnan(x))
        return y;
    return x < y ? x : y;
}

int ps_households_compute(const ps_pop *p, const ps_hh_rates *r, double head_factor,
                          double alone_factor, ps_hh_year *o, ps_err *err)
{
    memset(o, 0, sizeof *o);
    for (int s = 0; s < PS_NSEX; s++)
        for (int a = 0; a < PS_NAGE; a++) {
            double n = p->p[s][a], fam = n * (1 - r->collective[s][a]);
            double h = min_of(1.0, r->headship[s][a] * head_factor);
            double al = min_of(h, r->alone[s][a] * alone_factor);
            o->population += n;
            o->household_population += fam;
            o->households += fam * h;
            o->size[0] += fam * al;
            if (a >= PS_HH_ELDERLY_AGE) {
                o->elderly += fam;
                o->elderly_alone += fam * al;
                o->elderly_couple_only += fam * min_of(r->couple_only[s][a], 1 - al) / 2;
            }
        }
    o->collective = o->population - o->household_population;
    o->average_size = o->households > 0 ? o->household_population / o->households : NAN;
    o->empty_nest_elderly = o->elderly_alone + 2 * o->elderly_couple_only;
    if (ps_households_size_classes(o->households - o->size[0],
                                   o->household_population - o->size[0], o->size + 1,
                                   &o->persons_5plus))
        return ps_err_set(err, PS_EINPUT,
                          "the headship rates give %.0f households for %.0f persons in family "
                          "households, of which %.0f live alone: households of two or more "
                          "would hold fewer than 2 persons (lower households.headship_trend "
                          "or the rates)",
                          o->households, o->household_population, o->size[0]);
    return PS_OK;
}

/* ---------------------------------------------------------------- parameters */

static const ps_param_def PARAMS[] = {
    {"households", "section", 0, NULL, NULL, 0, 0, NULL,
     "households (家庭户) from headship rates; the module runs when this section is present"},
    {"households.rates", "file", 1, NULL, NULL, 0, 0, NULL,
     "CSV sex,age_from,age_to,headship,collective,alone,couple_only: rates by sex and age "
     "(data/households/rates_2020.csv: Feidong 2020 census totals, age shapes assumed)"},
    {"households.headship_trend", "series", 0, "0.006", "relative change per year", -0.1,
     0.1,
     "derived: Feidong's 2010 census population at the 2020 rates gives 303,385 households "
     "against 285,800 counted, so the rates rose 0.60% a year net of age structure 2010-2020 "
     "(data/households/derive_households.py); ASSUMPTION that this continues; try 0-0.015",
     "relative change of every headship rate per year after the base year"},
    {"households.alone_trend", "series", 0, "0.02", "relative change per year", -0.1, 0.1,
     "assumption: living alone grows faster than headship (Feidong one-person households "
     "51,427 in 2010, 89,064 in 2020, +5.6% a year); try 0-0.04",
     "relative change of every living-alone rate per year after the base year"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- columns */

enum {
    H_HOUSEHOLDS, H_AVG, H_ONE, H_ELD_ALONE, H_ELD_COUPLE, H_EMPTY_NEST, H_EMPTY_SHARE,
    H_TWO, H_THREE, H_FOUR, H_FIVE, H_FIVE_PERSONS, H_POP, H_HH_POP, H_COLLECTIVE,
    H_ELDERLY, H_HEAD_FACTOR, H_NCOL
};

static const ps_column_def COLS[H_NCOL + 1] = {
    {"households", "家庭户数", "Households", "households", PS_KIND_STOCK, 1},
    {"average_size", "平均家庭户规模", "Average household size", "persons per household", PS_KIND_RATE, 1},
    {"one_person", "一人户", "One-person households", "households", PS_KIND_STOCK, 1},
    {"elderly_alone", "65岁及以上独居老人", "People 65+ living alone", "persons", PS_KIND_STOCK, 1},
    {"elderly_couple_only", "65岁及以上老年夫妇户", "Couple-only households, both 65+", "households", PS_KIND_STOCK, 0},
    {"empty_nest_elderly", "空巢老人（独居与夫妇同住）", "Empty-nest people 65+ (alone or couple only)", "persons", PS_KIND_STOCK, 1},
    {"empty_nest_share", "空巢老人占家庭户65岁及以上人口比例", "Empty-nest share of people 65+ in households", "share", PS_KIND_RATE, 0},
    {"two_person", "二人户", "Two-person households", "households", PS_KIND_STOCK, 0},
    {"three_person", "三人户", "Three-person households", "households", PS_KIND_STOCK, 0},
    {"four_person", "四人户", "Four-person households", "households", PS_KIND_STOCK, 0},
    {"five_plus", "五人及以上户", "Households of five or more", "households", PS_KIND_STOCK, 0},
    {"five_plus_persons", "五人及以上户人口", "Persons in households of five or more", "persons", PS_KIND_STOCK, 0},
    {"population", "常住人口", "Population", "persons", PS_KIND_STOCK, 0},
    {"household_population", "家庭户人口", "Population in family households", "persons", PS_KIND_STOCK, 0},
    {"collective_population", "集体户人口（集体宿舍、机构）", "Population in collective quarters", "persons", PS_KIND_STOCK, 0},
    {"elderly_in_households", "家庭户中65岁及以上人口", "People 65+ in family households", "persons", PS_KIND_STOCK, 0},
    {"headship_factor", "户主率变动系数", "Headship trend factor", "ratio", PS_KIND_RATE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_table_def TABLE = {"households.csv", NULL, COLS};

typedef struct {
    int active;
    ps_hh_rates rates;
    const ps_series *trend, *alone_trend;
    double head_factor, alone_factor; /* the trend factors of year factor_year */
    int factor_year;
    /* The year eldercare has asked for before this module steps it
     * (ps_households_empty_nest), kept for hh_step: the same population
     * and factors give the same figures (issue 18). */
    int have_year;
    ps_hh_year have;
    ps_table *tab;
} households;

static void hh_destroy(void *self)
{
    households *h = self;
    if (h)
        ps_table_free(h->tab);
    free(h);
}

static int hh_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    int on, rc = ps_hh_state_new(sc, "households", sizeof(households), self, &on, err);
    households *h = *self;
    if (rc || !on)
        return rc;
    h->active = 1;
    char *path = ps_scenario_string(sc, "households.rates");
    rc = path ? ps_households_read_rates(path, &h->rates, err)
                  : ps_err_set(err, PS_EINPUT, "households: 'households.rates' not set");
    free(path);
    if (rc)
        return rc;
    h->trend = ps_scenario_series(sc, "households.headship_trend");
    h->alone_trend = ps_scenario_series(sc, "households.alone_trend");
    h->head_factor = h->alone_factor = 1.0;
    h->factor_year = ps_run_base_year(run);
    h->have_year = INT_MIN;
    h->tab = ps_table_new(&TABLE, ps_run_base_year(run),
                          ps_run_end_year(run) - ps_run_base_year(run) + 1, 1, err);
    return h->tab ? PS_OK : err->code;
}

static int hh_reset(void *self, ps_run *run, ps_err *err)
{
    households *h = self;
    (void)run;
    (void)err;
    if (h->active) {
        ps_table_clear(h->tab);
        h->head_factor = h->alone_factor = 1.0;
        h->factor_year = ps_table_base(h->tab);
        h->have_year = INT_MIN;
    }
    return PS_OK;
}

static int hh_step(void *self, ps_run *run, int year, ps_err *err)
{
    households *h = self;
    if (!h->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    const ps_pop *p = ps_run_pop(run, year);
    double trend, atrend;
    ps_hh_year y;
    if (!p)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    if (ps_series_at(sc, h->trend, year, &trend, err) ||
        ps_series_at(sc, h->alone_trend, year, &atrend, err))
        return err->code;
    if (h->have_year == year)
        y = h->have;
    else if (ps_households_compute(p, &h->rates, h->head_factor, h->alone_factor, &y, err))
        return err->code;
    double *r = ps_table_row(h->tab, year, 0);
    r[H_HOUSEHOLDS] = y.households;
    r[H_AVG] = y.average_size;
    r[H_ONE] = y.size[0];
    r[H_ELD_ALONE] = y.elderly_alone;
    r[H_ELD_COUPLE] = y.elderly_couple_only;
    r[H_EMPTY_NEST] = y.empty_nest_elderly;
    r[H_EMPTY_SHARE] = y.elderly > 0 ? y.empty_nest_elderly / y.elderly : NAN;
    r[H_TWO] = y.size[1];
    r[H_THREE] = y.size[2];
    r[H_FOUR] = y.size[3];
    r[H_FIVE] = y.size[4];
    r[H_FIVE_PERSONS] = y.persons_5plus;
    r[H_POP] = y.population;
    r[H_HH_POP] = y.household_population;
    r[H_COLLECTIVE] = y.collective;
    r[H_ELDERLY] = y.elderly;
    r[H_HEAD_FACTOR] = h->head_factor;
    /* The step to the next 1 January may be shorter than a year (a census
     * base date): the trends compound over its length. */
    double len = ps_run_step_length(run, year);
    h->head_factor *= len == 1.0 ? 1 + trend : pow(1 + trend, len);
    h->alone_factor *= len == 1.0 ? 1 + atrend : pow(1 + atrend, len);
    h->factor_year = year + 1;
    return PS_OK;
}

int ps_households_empty_nest(ps_run *run, int year, double *alone, double *couples,
                             ps_err *err)
{
    households *h = ps_run_module_state(run, "households");
    if (!h || !h->active)
        return ps_err_set(err, PS_EINTERNAL, "no households section to read %d from", year);
    if (ps_hh_has_year(h->tab, year)) {
        const double *r = ps_table_row(h->tab, year, 0);
        if (!isnan(r[H_ELD_ALONE])) { /* the module has stepped `year` */
            *alone = r[H_ELD_ALONE];
            *couples = r[H_ELD_COUPLE];
            return PS_OK;
        }
    }
    const ps_pop *p = ps_run_pop(run, year);
    ps_hh_year y;
    if (year != h->factor_year || !p)
        return ps_err_set(err, PS_EINTERNAL, "households of %d are not available yet", year);
    if (ps_households_compute(p, &h->rates, h->head_factor, h->alone_factor, &y, err))
        return err->code;
    h->have = y;
    h->have_year = year;
    *alone = y.elderly_alone;
    *couples = y.elderly_couple_only;
    return PS_OK;
}

static int hh_tables(void *self, const ps_table **out, int max)
{
    households *x = self;
    return ps_hh_one_table(x->active ? x->tab : NULL, out, max);
}

static int hh_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    households *h = self;
    static const int years[] = {2025, 2030, 2035};
    (void)run;
    if (!h->active)
        return PS_OK;
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k];
        if (!ps_hh_has_year(h->tab, y))
            continue;
        const double *r = ps_table_row(h->tab, y, 0);
        ps_summary_num(s, y, "households_{year}", r[H_HOUSEHOLDS], "households",
                       "{year}年家庭户数", "Households in {year}");
        ps_summary_num(s, y, "average_household_size_{year}", r[H_AVG], "persons per household",
                       "{year}年平均家庭户规模", "Average household size in {year}");
        ps_summary_num(s, y, "elderly_alone_{year}", r[H_ELD_ALONE], "persons",
                       "{year}年65岁及以上独居老人", "People 65+ living alone in {year}");
        ps_summary_num(s, y, "empty_nest_elderly_{year}", r[H_EMPTY_NEST], "persons",
                       "{year}年65岁及以上空巢老人", "Empty-nest people 65+ in {year}");
    }
    return ps_summary_error(s, err);
}

static int hh_headline(void *self, ps_run *run, ps_headline *hl, ps_err *err)
{
    households *h = self;
    char zh[512], en[512], a[64], b[64], c[64], d[64];
    (void)run;
    if (!h->active)
        return PS_OK;
    int base = ps_table_base(h->tab), y = 2035;
    if (y >= base + ps_table_nyears(h->tab))
        y = base + ps_table_nyears(h->tab) - 1;
    const double *r0 = ps_table_row(h->tab, base, 0), *r = ps_table_row(h->tab, y, 0);
    snprintf(zh, sizeof zh,
             "家庭户：%d年%s户，平均每户%.2f人（%d年%s户、%.2f人）；65岁及以上空巢老人%s人，其中独居%s人。",
             y, ps_words_count(a, r[H_HOUSEHOLDS]), r[H_AVG], base,
             ps_words_count(b, r0[H_HOUSEHOLDS]), r0[H_AVG], ps_words_count(c, r[H_EMPTY_NEST]),
             ps_words_count(d, r[H_ELD_ALONE]));
    snprintf(en, sizeof en,
             "Households: %s in %d, %.2f persons each (%s and %.2f in %d); %s people 65+ live "
             "alone or as a couple only, %s of them alone.",
             ps_words_count(a, r[H_HOUSEHOLDS]), y, r[H_AVG], ps_words_count(b, r0[H_HOUSEHOLDS]),
             r0[H_AVG], base, ps_words_count(c, r[H_EMPTY_NEST]), ps_words_count(d, r[H_ELD_ALONE]));
    ps_headline_add(hl, 600, zh, en);
    return ps_headline_error(hl, err);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_households_module = {
    .name = "households",
    .label_zh = "家庭户",
    .label_en = "Households",
    .declares = DECLARES,
    .params = PARAMS,
    .create = hh_create,
    .step = hh_step,
    .tables = hh_tables,
    .reset = hh_reset,
    .summarize = hh_summarize,
    .headline = hh_headline,
    .destroy = hh_destroy,
};
