/* eldercare.c: see eldercare.h.  The module runs when the scenario has an
 * `eldercare` section and writes eldercare.csv, one row a year.
 *
 * Stocks are on 1 January of the year.  The disability rate of age a in
 * year t is rate[a] * scale(t) * prod_{y=base}^{t-1} (1 + trend(y)) (capped
 * at 1): the trend is a relative change per year, 0 by default.
 * GPL-3.0-or-later. */
#include "eldercare.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "csv.h"
#include "households.h"
#include "module.h"
#include "output.h"
#include "scenario_read.h"

/* ---------------------------------------------------------------- readers */

static int out_of_range(const ps_csv *csv, int r, int col, double lo, double hi, ps_err *err)
{
    const char *name = ps_csv_header(csv, col), *text = ps_csv_field(csv, r, col);
    double v = strtod(text, NULL);
    if (lo == 0 && v < 0)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is negative", ps_csv_name(csv),
                          ps_csv_line(csv, r), name, text);
    return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is outside [%g, %g]",
                      ps_csv_name(csv), ps_csv_line(csv, r), name, text, lo, hi);
}

/* A number in [lo, hi] from a field. */
static int field_in(const ps_csv *csv, int r, int col, double lo, double hi, double *out,
                    ps_err *err)
{
    if (ps_csv_number(csv, r, col, out, err))
        return err->code;
    if (!(*out >= lo && *out <= hi))
        return out_of_range(csv, r, col, lo, hi, err);
    return PS_OK;
}

int ps_eldercare_read_disability(const char *path, double rate[PS_NAGE], ps_err *err)
{
    char seen[PS_NAGE] = {0};
    ps_csv *csv = ps_csv_read(path, err);
    int cf, ct, cr, rc = PS_OK;
    if (!csv)
        return err->code;
    memset(rate, 0, sizeof(double) * PS_NAGE);
    if ((cf = ps_csv_require_col(csv, "age_from", err)) < 0 ||
        (ct = ps_csv_require_col(csv, "age_to", err)) < 0 ||
        (cr = ps_csv_require_col(csv, "rate", err)) < 0) {
        rc = err->code;
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        int lo, hi;
        double v;
        if ((rc = ps_csv_int(csv, r, cf, 0, PS_AGE_OPEN, &lo, err)) ||
            (rc = ps_csv_int(csv, r, ct, 0, PS_AGE_OPEN, &hi, err)) ||
            (rc = field_in(csv, r, cr, 0, 1, &v, err)))
            goto done;
        if (hi < lo) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'age_to': %d is below age_from %d",
                            path, ps_csv_line(csv, r), hi, lo);
            goto done;
        }
        for (int a = lo; a <= hi; a++) {
            if (seen[a]) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: age %d is in two bands", path,
                                ps_csv_line(csv, r), a);
                goto done;
            }
            seen[a] = 1;
            rate[a] = v;
        }
    }
    for (int a = 60; a <= PS_AGE_OPEN; a++)
        if (!seen[a]) {
            rc = ps_err_set(err, PS_EINPUT, "%s: no rate for age %d (ages 60..100 are needed)",
                            path, a);
            goto done;
        }
done:
    ps_csv_free(csv);
    return rc;
}

static int is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

int ps_eldercare_read_levels(const char *path, ps_care_levels *lv, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int cl, cs, cb, cn, rc = PS_OK;
    double sum = 0.0;
    if (!csv)
        return err->code;
    memset(lv, 0, sizeof *lv);
    if ((cl = ps_csv_require_col(csv, "level", err)) < 0 ||
        (cs = ps_csv_require_col(csv, "share", err)) < 0 ||
        (cb = ps_csv_require_col(csv, "bed_rate", err)) < 0 ||
        (cn = ps_csv_require_col(csv, "nursing", err)) < 0) {
        rc = err->code;
        goto done;
    }
    if (ps_csv_nrows(csv) == 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: no care levels", path);
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        const char *name = ps_csv_field(csv, r, cl);
        int k = lv->n;
        if (k == PS_ELDERCARE_MAX_LEVELS) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: more than %d care levels", path,
                            ps_csv_line(csv, r), PS_ELDERCARE_MAX_LEVELS);
            goto done;
        }
        if (!is_identifier(name) || strlen(name) >= PS_ELDERCARE_NAME) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'level': '%s' is not a name (letters, digits, _; "
                            "under %d characters)",
                            path, ps_csv_line(csv, r), name, PS_ELDERCARE_NAME);
            goto done;
        }
        for (int j = 0; j < k; j++)
            if (strcmp(lv->name[j], name) == 0) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'level': '%s' appears twice",
                                path, ps_csv_line(csv, r), name);
                goto done;
            }
        int nursing;
        if ((rc = field_in(csv, r, cs, 0, 1, &lv->share[k], err)) ||
            (rc = field_in(csv, r, cb, 0, 1, &lv->bed_rate[k], err)) ||
            (rc = ps_csv_int(csv, r, cn, 0, 1, &nursing, err)))
            goto done;
        snprintf(lv->name[k], sizeof lv->name[k], "%s", name);
        lv->nursing[k] = nursing;
        sum += lv->share[k];
        lv->n++;
    }
    if (fabs(sum - 1.0) > 1e-6)
        rc = ps_err_set(err, PS_EINPUT, "%s: column 'share': the shares sum to %.10g, not 1", path,
                        sum);
done:
    ps_csv_free(csv);
    return rc;
}

/* ---------------------------------------------------------------- arithmetic */

double ps_eldercare_dependent_from(const ps_pop *p, const double rate[PS_NAGE], double scale,
                                   int age_from)
{
    /* ps_pop_sum(p, a, a) and fmin(1.0, r), written out (the same values:
     * r < 1 ? r : 1 is fmin's result, NaN included), as this runs for
     * every town every year of every draw (issue 18). */
    double d = 0.0;
    for (int a = age_from < 60 ? 60 : age_from; a <= PS_AGE_OPEN; a++) {
        double r = rate[a] * scale;
        d += ((p->p[PS_MALE][a] + 0.0) + (p->p[PS_FEMALE][a] + 0.0)) * (r < 1.0 ? r : 1.0);
    }
    return d;
}

double ps_eldercare_dependent(const ps_pop *p, const double rate[PS_NAGE], double scale)
{
    return ps_eldercare_dependent_from(p, rate, scale, 60);
}

void ps_eldercare_home_care(double alone, double couples, double dep65, double visit_rate,
                            double visit_cost, double uptake, double subsidy,
                            ps_eldercare_home *o)
{
    o->alone = alone;
    o->couple_persons = 2.0 * couples;
    o->empty_nest = o->alone + o->couple_persons;
    o->dependent = o->empty_nest * dep65;
    o->visits = o->empty_nest * visit_rate;
    o->users = o->dependent * uptake;
    o->visit_cost = o->visits * visit_cost;
    o->care_cost = 12.0 * o->users * subsidy;
}

double ps_eldercare_beds(double dependent, const ps_care_levels *lv,
                         double beds[PS_ELDERCARE_MAX_LEVELS], double *nursing)
{
    double total = 0.0, nurse = 0.0;
    for (int k = 0; k < lv->n; k++) {
        beds[k] = dependent * lv->share[k] * lv->bed_rate[k];
        total += beds[k];
        if (lv->nursing[k])
            nurse += beds[k];
    }
    if (nursing)
        *nursing = nurse;
    return total;
}

/* ---------------------------------------------------------------- parameters */

static const ps_param_def PARAMS[] = {
    {"eldercare", "section", 0, NULL, NULL, 0, 0, NULL,
     "elderly care (养老服务); the module runs when this section is present"},
    {"eldercare.disability", "file", 1, NULL, NULL, 0, 0, NULL,
     "CSV age_from,age_to,rate: share of each age who are dependent (ages 60..100)"},
    {"eldercare.disability_scale", "series", 0, "1", "factor", 0, 5,
     "assumption: the file's rates as they are; 0.454 = basic-ADL only (pooled PADL 14.4% / "
     "any ADL 31.7%, Chen et al. 2023, china_rules_parameters.csv elderly_care)",
     "multiplies every disability rate (definition or local level)"},
    {"eldercare.disability_trend", "series", 0, "0", "relative change per year", -0.2, 0.2,
     "assumption: no trend; try -0.031 (CHNS basic-ADL prevalence 1997-2006, "
     "china_rules_parameters.csv elderly_care)",
     "relative change of the disability rates per year after the base year"},
    {"eldercare.care_levels", "file", 1, NULL, NULL, 0, 0, NULL,
     "CSV level,share,bed_rate,nursing: care levels of the dependent, share needing a bed"},
    {"eldercare.beds_supply", "series", 1, NULL, "beds", 0, 1e8, NULL,
     "care beds available (institutions and community), a path"},
    {"eldercare.nursing_bed_share", "series", 0, "0.55", "share of beds", 0, 1,
     "china_rules_parameters.csv elderly_care: 14th FYP target, nursing-type beds 55% of "
     "institution beds by 2025 (73% by 2030, unverified)",
     "share of the beds supplied that are nursing-type (护理型)"},
    {"eldercare.meal_rate_60_79", "series", 0, "0.02", "share of people 60-79", 0, 1,
     "assumption: no local figure; try 0.01-0.05", "community meal-service users among 60-79"},
    {"eldercare.meal_rate_80", "series", 0, "0.10", "share of people 80+", 0, 1,
     "assumption: no local figure; try 0.05-0.20", "community meal-service users among 80+"},
    {"eldercare.meal_subsidy", "series", 0, "1000", "yuan per user per year", 0, 1e7,
     "assumption: about 3 yuan a meal on 300+ days; try 500-2,000",
     "public subsidy per meal-service user"},
    {"eldercare.low_income_rate", "series", 0, "0.04", "share of people 60+", 0, 1,
     "assumption: near the rural dibao rate (china_rules_parameters.csv dibao, recipients "
     "over census population); try 0.02-0.07",
     "low-income elderly (经济困难老年人) as a share of 60+"},
    {"eldercare.service_subsidy", "series", 0, "50", "yuan per person per month", 0, 1e6,
     "assumption: no local figure; try 30-100",
     "service subsidy per low-income elderly person"},
    {"eldercare.care_subsidy", "series", 0, "100", "yuan per person per month", 0, 1e6,
     "assumption: no local figure; try 50-300",
     "care subsidy per low-income dependent elderly person"},
    {"eldercare.bed_operating_subsidy", "series", 0, "2400", "yuan per bed per year", 0, 1e7,
     "assumption: 200 yuan a month per bed; try 1,200-6,000",
     "public operating subsidy per bed supplied"},
    {"eldercare.bed_construction_cost", "series", 0, "100000", "yuan per new bed", 0, 1e8,
     "assumption: no local figure; try 50,000-150,000",
     "construction cost per bed added to the supply"},
    /* Home-based care of the empty-nest elderly, from the households
     * module (issue 16). */
    {"eldercare.home_care_link", "boolean", 0, "true", NULL, 0, 0,
     "the plan (二.2, 拓展社区居家养老服务): home-based care for the elderly at home; "
     "false gives eldercare.csv and cost as before the link",
     "read the empty-nest elderly (living alone or as a couple only, 65+) from the "
     "households section for home-based care demand; needs a households section"},
    {"eldercare.home_visit_rate", "series", 0, "1", "share of empty-nest people 65+", 0, 1,
     "assumption: every empty-nest older person visited (探访关爱) as a regular service; "
     "try 0.5-1",
     "share of the empty-nest elderly the county visits regularly (探访关爱)"},
    {"eldercare.home_visit_cost", "series", 0, "120", "yuan per person per year", 0, 1e6,
     "assumption: about 10 yuan for a monthly visit bought from a service provider; "
     "try 60-360",
     "public cost of the visits per empty-nest older person visited"},
    {"eldercare.home_care_uptake", "series", 0, "0.5", "share of empty-nest dependent people",
     0, 1,
     "assumption: half of the dependent who live alone or as a couple only take "
     "subsidised home care; try 0.2-1",
     "share of the empty-nest dependent elderly who receive subsidised home-based care "
     "(居家上门照护)"},
    {"eldercare.home_care_subsidy", "series", 0, "200", "yuan per person per month", 0, 1e6,
     "assumption: no local figure; a few hours of home care a month; try 100-600",
     "public subsidy per home-based care user"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- state */

enum {
    E_P60, E_P65, E_P80, E_DEPENDENT, E_DEP_SHARE, E_BEDS, E_BEDS_NURSING, E_SUPPLY,
    E_SUPPLY_NURSING, E_GAP, E_GAP_NURSING, E_BEDS_PER_1000, E_MEAL, E_LOW_INCOME,
    E_LOW_INCOME_DEP, E_SUBSIDY_COST, E_MEAL_COST, E_BED_OPERATING, E_BED_CONSTRUCTION,
    E_COST, E_NFIXED
};

/* Home-based care columns (issue 16), after the level columns, only when
 * the link to the households module is on. */
enum {
    H_DEP65, H_ALONE, H_COUPLE, H_EMPTY_NEST, H_DEPENDENT, H_VISITS, H_USERS, H_VISIT_COST,
    H_CARE_COST, H_NHOME
};

#define E_NCOL (E_NFIXED + 2 * PS_ELDERCARE_MAX_LEVELS + H_NHOME)

static const ps_column_def FIXED[E_NFIXED + 1] = {
    {"pop_60_plus", "60岁及以上人口", "Aged 60 and over", "persons", PS_KIND_STOCK, 0},
    {"pop_65_plus", "65岁及以上人口", "Aged 65 and over", "persons", PS_KIND_STOCK, 0},
    {"pop_80_plus", "80岁及以上人口", "Aged 80 and over", "persons", PS_KIND_STOCK, 0},
    {"dependent", "失能老人", "Dependent older people", "persons", PS_KIND_STOCK, 1},
    {"dependent_share_60_plus", "60岁及以上失能比例", "Share of people 60+ who are dependent", "share", PS_KIND_RATE, 0},
    {"beds_needed", "床位需求", "Beds needed", "beds", PS_KIND_STOCK, 1},
    {"beds_needed_nursing", "护理型床位需求", "Nursing beds needed", "beds", PS_KIND_STOCK, 1},
    {"beds_supply", "床位供给", "Beds supplied", "beds", PS_KIND_STOCK, 1},
    {"nursing_beds_supply", "护理型床位供给", "Nursing beds supplied", "beds", PS_KIND_STOCK, 1},
    {"bed_gap", "床位缺口（需求减供给）", "Gap in beds (needed minus supplied)", "beds", PS_KIND_STOCK, 1},
    {"nursing_bed_gap", "护理型床位缺口", "Gap in nursing beds", "beds", PS_KIND_STOCK, 0},
    {"beds_per_1000_60_plus", "每千名60岁及以上老人床位数", "Beds per 1,000 people aged 60+", "beds per 1,000 older people", PS_KIND_RATE, 0},
    {"meal_users", "助餐服务对象", "Meal-service users", "persons", PS_KIND_STOCK, 1},
    {"low_income_elderly", "低收入老人", "Low-income older people", "persons", PS_KIND_STOCK, 0},
    {"low_income_dependent", "低收入失能老人", "Low-income dependent older people", "persons", PS_KIND_STOCK, 0},
    {"subsidy_cost", "护理与服务补贴支出", "Care and service subsidies", "yuan", PS_KIND_FLOW, 0},
    {"meal_cost", "助餐补贴支出", "Meal subsidies", "yuan", PS_KIND_FLOW, 0},
    {"bed_operating_cost", "床位运营补贴", "Bed operating subsidies", "yuan", PS_KIND_FLOW, 0},
    {"bed_construction_cost", "新增床位建设费用", "Construction of new beds", "yuan", PS_KIND_FLOW, 0},
    {"cost", "养老服务费用合计", "Elderly care cost, total", "yuan", PS_KIND_FLOW, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_column_def HOME[H_NHOME + 1] = {
    {"dependent_share_65_plus", "65岁及以上失能比例", "Share of people 65+ who are dependent", "share", PS_KIND_RATE, 0},
    {"empty_nest_alone", "65岁及以上独居老人（家庭户）", "People 65+ living alone (households)", "persons", PS_KIND_STOCK, 0},
    {"empty_nest_couple", "65岁及以上老年夫妇户人口", "People 65+ in couple-only households", "persons", PS_KIND_STOCK, 0},
    {"empty_nest_elderly", "空巢老人（独居与夫妇同住，65岁及以上）", "Empty-nest people 65+ (alone or couple only)", "persons", PS_KIND_STOCK, 0},
    {"empty_nest_dependent", "空巢失能老人", "Dependent empty-nest people 65+", "persons", PS_KIND_STOCK, 1},
    {"home_visits", "探访关爱对象", "Empty-nest people visited", "persons", PS_KIND_STOCK, 0},
    {"home_care_users", "居家上门照护服务对象", "Home-based care users", "persons", PS_KIND_STOCK, 1},
    {"home_visit_cost", "探访关爱费用", "Visits to the empty-nest elderly", "yuan", PS_KIND_FLOW, 0},
    {"home_care_cost", "居家照护补贴支出", "Home-based care subsidies", "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

typedef struct {
    int active, base, ny, ncol;
    int home, hbase; /* link to households on; first home-care column */
    const ps_series *visit_rate, *visit_cost, *uptake, *home_sub;
    double rate[PS_NAGE];
    ps_care_levels lv;
    char col[E_NCOL][PS_ELDERCARE_NAME + 24];
    char lab[E_NCOL][2][PS_ELDERCARE_NAME + 64]; /* labels of the level columns */
    ps_column_def def[E_NCOL + 1];               /* eldercare.csv's columns */
    const ps_series *scale, *trend, *supply, *nshare, *meal60, *meal80, *meal_sub, *low,
        *svc_sub, *care_sub, *bed_op, *bed_build;
    double trend_factor; /* prod of (1 + trend) up to the year being computed */
    ps_table_def tdef;   /* eldercare.csv: FIXED, the level columns, HOME (def) */
    ps_table *tab;
} eldercare;

static void el_destroy(void *self)
{
    eldercare *e = self;
    if (e)
        ps_table_free(e->tab);
    free(e);
}

static int el_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    eldercare *e = calloc(1, sizeof *e);
    if (!e)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = e;
    if (!ps_read_has_table(sc, "eldercare"))
        return PS_OK;
    e->active = 1;
    e->base = ps_run_base_year(run);
    e->ny = ps_run_end_year(run) - e->base + 1;
    char *dis = ps_scenario_string(sc, "eldercare.disability");
    char *lev = ps_scenario_string(sc, "eldercare.care_levels");
    int rc = !dis || !lev ? ps_err_set(err, PS_EINPUT, "eldercare: files not set")
             : ps_eldercare_read_disability(dis, e->rate, err)
                 ? err->code
                 : ps_eldercare_read_levels(lev, &e->lv, err);
    free(dis);
    free(lev);
    if (rc)
        return rc;
    e->ncol = E_NFIXED + 2 * e->lv.n;
    for (int k = 0; k < E_NFIXED; k++)
        snprintf(e->col[k], sizeof e->col[k], "%s", FIXED[k].key);
    for (int k = 0; k < e->lv.n; k++) {
        char name[PS_ELDERCARE_NAME]; /* a copy: source and target share *e */
        memcpy(name, e->lv.name[k], sizeof name);
        snprintf(e->col[E_NFIXED + k], sizeof e->col[0], "level_%s_dependent", name);
        snprintf(e->col[E_NFIXED + e->lv.n + k], sizeof e->col[0], "level_%s_beds", name);
        int d = E_NFIXED + k, b = E_NFIXED + e->lv.n + k;
        snprintf(e->lab[d][0], sizeof e->lab[0][0], "失能老人（%s级）", name);
        snprintf(e->lab[d][1], sizeof e->lab[0][0], "Dependent older people, level %s", name);
        snprintf(e->lab[b][0], sizeof e->lab[0][0], "床位需求（%s级）", name);
        snprintf(e->lab[b][1], sizeof e->lab[0][0], "Beds needed, level %s", name);
    }
    /* Home-based care from the households module's empty-nest elderly. */
    int hh = ps_read_has_table(sc, "households");
    char where[1200];
    e->hbase = e->ncol;
    e->home = ps_scenario_bool(sc, "eldercare.home_care_link", 1) && hh;
    if (!e->home && !hh && ps_scenario_bool(sc, "eldercare.home_care_link", 1) &&
        ps_scenario_where(sc, "eldercare.home_care_link", where, sizeof where))
        return ps_err_set(err, PS_EINPUT,
                          "%s: 'eldercare.home_care_link' is true but the scenario has no "
                          "households section to read the empty-nest elderly from",
                          where);
    if (e->home) {
        for (int k = 0; k < H_NHOME; k++)
            snprintf(e->col[e->hbase + k], sizeof e->col[0], "%s", HOME[k].key);
        e->ncol += H_NHOME;
        e->visit_rate = ps_scenario_series(sc, "eldercare.home_visit_rate");
        e->visit_cost = ps_scenario_series(sc, "eldercare.home_visit_cost");
        e->uptake = ps_scenario_series(sc, "eldercare.home_care_uptake");
        e->home_sub = ps_scenario_series(sc, "eldercare.home_care_subsidy");
    }
    for (int k = 0; k < e->ncol; k++) {
        int beds = k >= E_NFIXED + e->lv.n;
        e->def[k] = k < E_NFIXED    ? FIXED[k]
                    : k >= e->hbase ? HOME[k - e->hbase]
                                    : (ps_column_def){e->col[k], e->lab[k][0], e->lab[k][1],
                                                      beds ? "beds" : "persons", PS_KIND_STOCK,
                                                      0};
    }
    e->def[e->ncol] = (ps_column_def){NULL, NULL, NULL, NULL, 0, 0};
    e->tdef = (ps_table_def){"eldercare.csv", NULL, e->def};
    if (!(e->tab = ps_table_new(&e->tdef, e->base, e->ny, 1, err)))
        return err->code;
    e->scale = ps_scenario_series(sc, "eldercare.disability_scale");
    e->trend = ps_scenario_series(sc, "eldercare.disability_trend");
    e->supply = ps_scenario_series(sc, "eldercare.beds_supply");
    e->nshare = ps_scenario_series(sc, "eldercare.nursing_bed_share");
    e->meal60 = ps_scenario_series(sc, "eldercare.meal_rate_60_79");
    e->meal80 = ps_scenario_series(sc, "eldercare.meal_rate_80");
    e->meal_sub = ps_scenario_series(sc, "eldercare.meal_subsidy");
    e->low = ps_scenario_series(sc, "eldercare.low_income_rate");
    e->svc_sub = ps_scenario_series(sc, "eldercare.service_subsidy");
    e->care_sub = ps_scenario_series(sc, "eldercare.care_subsidy");
    e->bed_op = ps_scenario_series(sc, "eldercare.bed_operating_subsidy");
    e->bed_build = ps_scenario_series(sc, "eldercare.bed_construction_cost");
    e->trend_factor = 1.0;
    return PS_OK;
}

/* A new draw (issue 18): the results and the trend factor back to what
 * el_create leaves; the rates, levels and keys stay. */
static int el_reset(void *self, ps_run *run, ps_err *err)
{
    eldercare *e = self;
    (void)run;
    (void)err;
    if (e->active) {
        ps_table_clear(e->tab);
        e->trend_factor = 1.0;
    }
    return PS_OK;
}

static int el_step(void *self, ps_run *run, int year, ps_err *err)
{
    eldercare *e = self;
    if (!e->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    int i = year - e->base;
    double *r = ps_table_row(e->tab, year, 0);
    const ps_pop *p = ps_run_pop(run, year);
    if (!p)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double scale, trend, supply, nshare, m60, m80, msub, low, svc, care, bop, bbuild;
    if (ps_series_at(sc, e->scale, year, &scale, err) ||
        ps_series_at(sc, e->trend, year, &trend, err) ||
        ps_series_at(sc, e->supply, year, &supply, err) ||
        ps_series_at(sc, e->nshare, year, &nshare, err) ||
        ps_series_at(sc, e->meal60, year, &m60, err) ||
        ps_series_at(sc, e->meal80, year, &m80, err) ||
        ps_series_at(sc, e->meal_sub, year, &msub, err) ||
        ps_series_at(sc, e->low, year, &low, err) ||
        ps_series_at(sc, e->svc_sub, year, &svc, err) ||
        ps_series_at(sc, e->care_sub, year, &care, err) ||
        ps_series_at(sc, e->bed_op, year, &bop, err) ||
        ps_series_at(sc, e->bed_build, year, &bbuild, err))
        return err->code;
    double beds[PS_ELDERCARE_MAX_LEVELS], nursing;
    r[E_P60] = ps_pop_sum(p, 60, PS_AGE_OPEN);
    r[E_P65] = ps_pop_sum(p, 65, PS_AGE_OPEN);
    r[E_P80] = ps_pop_sum(p, 80, PS_AGE_OPEN);
    r[E_DEPENDENT] = ps_eldercare_dependent(p, e->rate, scale * e->trend_factor);
    r[E_DEP_SHARE] = r[E_P60] > 0 ? r[E_DEPENDENT] / r[E_P60] : NAN;
    r[E_BEDS] = ps_eldercare_beds(r[E_DEPENDENT], &e->lv, beds, &nursing);
    r[E_BEDS_NURSING] = nursing;
    r[E_SUPPLY] = supply;
    r[E_SUPPLY_NURSING] = supply * nshare;
    r[E_GAP] = r[E_BEDS] - supply;
    r[E_GAP_NURSING] = nursing - r[E_SUPPLY_NURSING];
    r[E_BEDS_PER_1000] = r[E_P60] > 0 ? supply / r[E_P60] * 1000.0 : NAN;
    r[E_MEAL] = (r[E_P60] - r[E_P80]) * m60 + r[E_P80] * m80;
    r[E_LOW_INCOME] = r[E_P60] * low;
    r[E_LOW_INCOME_DEP] = r[E_DEPENDENT] * low; /* independence assumed */
    r[E_SUBSIDY_COST] = 12.0 * (r[E_LOW_INCOME] * svc + r[E_LOW_INCOME_DEP] * care);
    r[E_MEAL_COST] = r[E_MEAL] * msub;
    r[E_BED_OPERATING] = supply * bop;
    r[E_BED_CONSTRUCTION] = i == 0 ? 0.0 : fmax(0.0, supply - ps_table_row(e->tab, year - 1, 0)[E_SUPPLY]) * bbuild;
    r[E_COST] = r[E_SUBSIDY_COST] + r[E_MEAL_COST] + r[E_BED_OPERATING] + r[E_BED_CONSTRUCTION];
    if (e->home) {
        /* households.csv's figures of this year (that module steps after
         * this one: budget, between them, reads this cost). */
        double alone, couples, vrate, vcost, uptake, hsub;
        if (ps_households_empty_nest(run, year, &alone, &couples, err) ||
            ps_series_at(sc, e->visit_rate, year, &vrate, err) ||
            ps_series_at(sc, e->visit_cost, year, &vcost, err) ||
            ps_series_at(sc, e->uptake, year, &uptake, err) ||
            ps_series_at(sc, e->home_sub, year, &hsub, err))
            return err->code;
        double *h = r + e->hbase, dep65 = 0.0;
        if (r[E_P65] > 0)
            dep65 = ps_eldercare_dependent_from(p, e->rate, scale * e->trend_factor, 65) /
                    r[E_P65];
        ps_eldercare_home hc;
        ps_eldercare_home_care(alone, couples, dep65, vrate, vcost, uptake, hsub, &hc);
        h[H_DEP65] = r[E_P65] > 0 ? dep65 : NAN;
        h[H_ALONE] = hc.alone;
        h[H_COUPLE] = hc.couple_persons;
        h[H_EMPTY_NEST] = hc.empty_nest;
        h[H_DEPENDENT] = hc.dependent;
        h[H_VISITS] = hc.visits;
        h[H_USERS] = hc.users;
        h[H_VISIT_COST] = hc.visit_cost;
        h[H_CARE_COST] = hc.care_cost;
        r[E_COST] += hc.visit_cost + hc.care_cost;
    }
    for (int k = 0; k < e->lv.n; k++) {
        r[E_NFIXED + k] = r[E_DEPENDENT] * e->lv.share[k];
        r[E_NFIXED + e->lv.n + k] = beds[k];
    }
    e->trend_factor *= 1.0 + trend;
    return PS_OK;
}

/* The run writes eldercare.csv from the table, registers its columns and
 * answers state.get and stochastic series from it (module.h). */
static int el_tables(void *self, const ps_table **out, int max)
{
    eldercare *e = self;
    if (!e->active || max < 1)
        return 0;
    out[0] = e->tab;
    return 1;
}

static int el_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    eldercare *e = self;
    static const int years[] = {2025, 2030, 2035};
    (void)run;
    (void)err;
    if (!e->active)
        return PS_OK;
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k];
        const double *r = ps_table_row_const(e->tab, y, 0);
        if (!r)
            continue;
        ps_summary_num(s, y, "eldercare_dependent_{year}", r[E_DEPENDENT], "persons",
                       "{year}年失能老人", "Dependent older people in {year}");
        ps_summary_num(s, y, "beds_needed_{year}", r[E_BEDS], "beds", "{year}年养老床位需求",
                       "Care beds needed in {year}");
        ps_summary_num(s, y, "beds_supply_{year}", r[E_SUPPLY], "beds", "{year}年养老床位供给",
                       "Care beds supplied in {year}");
        ps_summary_num(s, y, "bed_gap_{year}", r[E_GAP], "beds",
                       "{year}年养老床位缺口（负数为富余）",
                       "Gap in care beds in {year} (negative: a surplus)");
        ps_summary_headline(s);
        ps_summary_num(s, y, "nursing_bed_gap_{year}", r[E_GAP_NURSING], "beds",
                       "{year}年护理型床位缺口（负数为富余）",
                       "Gap in nursing beds in {year} (negative: a surplus)");
        ps_summary_headline(s);
        ps_summary_num(s, y, "eldercare_cost_{year}", r[E_COST], "yuan",
                       "{year}年养老服务费用合计", "Elderly care cost in {year}");
        if (e->home) { /* home-based care of the empty-nest elderly (issue 16) */
            const double *h = r + e->hbase;
            ps_summary_num(s, y, "empty_nest_dependent_{year}", h[H_DEPENDENT], "persons",
                           "{year}年空巢失能老人", "Dependent empty-nest people 65+ in {year}");
            ps_summary_num(s, y, "home_care_users_{year}", h[H_USERS], "persons",
                           "{year}年居家上门照护服务对象", "Home-based care users in {year}");
            ps_summary_num(s, y, "home_care_cost_{year}", h[H_VISIT_COST] + h[H_CARE_COST],
                           "yuan", "{year}年空巢老人探访与居家照护补贴",
                           "Visits and home-based care of the empty-nest elderly in {year}");
        }
    }
    return PS_OK;
}

/* The headline answer of the home-based care link (issue 16). */
static int el_headline(void *self, ps_run *run, ps_headline *hl, ps_err *err)
{
    eldercare *e = self;
    char zh[640], en[640], a[64], b[64], c[64], d[64], m[64];
    (void)run;
    if (!e->active || !e->home)
        return PS_OK;
    int i = 2035 - e->base < e->ny ? 2035 - e->base : e->ny - 1;
    if (i < 0)
        return PS_OK;
    const double *h = ps_table_row_const(e->tab, e->base + i, 0) + e->hbase;
    double money = h[H_VISIT_COST] + h[H_CARE_COST];
    snprintf(zh, sizeof zh,
             "居家养老：%d年65岁及以上空巢老人%s人，其中失能约%s人；上门照护服务对象%s人，"
             "探访关爱%s人，两项补贴%s（已计入养老服务支出）。",
             e->base + i, ps_words_count(a, h[H_EMPTY_NEST]), ps_words_count(b, h[H_DEPENDENT]),
             ps_words_count(c, h[H_USERS]), ps_words_count(d, h[H_VISITS]),
             ps_words_money(m, money, 0));
    snprintf(en, sizeof en,
             "Home-based care: in %d, %s people 65+ live alone or as a couple only, about %s of "
             "them dependent; %s receive home care and %s are visited, at %s a year (part of the "
             "elderly care cost).",
             e->base + i, ps_words_count(a, h[H_EMPTY_NEST]), ps_words_count(b, h[H_DEPENDENT]),
             ps_words_count(c, h[H_USERS]), ps_words_count(d, h[H_VISITS]),
             ps_words_money(m, money, 1));
    ps_headline_add(hl, 410, zh, en);
    return ps_headline_error(hl, err);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def DECL_TABLE = {"eldercare.csv", NULL, FIXED};
/* The home-based care columns, written after the level columns when the
 * link to households is on (issue 16). */
static const ps_table_def DECL_HOME = {"eldercare.csv", NULL, HOME};
static const ps_table_def *const DECLARES[] = {&DECL_TABLE, &DECL_HOME, NULL};

const ps_module ps_eldercare_module = {
    .name = "eldercare",
    .label_zh = "养老服务",
    .label_en = "Elderly care",
    .declares = DECLARES,
    .params = PARAMS,
    .create = el_create,
    .reset = el_reset,
    .step = el_step,
    .tables = el_tables,
    .summarize = el_summarize,
    .headline = el_headline,
    .destroy = el_destroy,
};
