/* towns.c: see towns.h and docs/towns.md.  Writes towns.csv (a row per year
 * and town) and town_services.csv (a row per year, town and service).
 *
 * Timing: the step of year t computes the towns' stocks on 1 January of
 * t + 1 and the flows of t -> t + 1 (the base year's stocks in the base
 * year's step), then the services of year t from the stocks of t, as the
 * service modules do.  GPL-3.0-or-later. */
#include "towns.h"

#include <limits.h>
#include <math.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>


#include "childcare.h"
#include "csv.h"
#include "eldercare.h"
#include "module.h"
#include "output.h"
#include "population_io.h"
#include "scenario_read.h"
#include "summary.h"
#include "table.h"

/* ---------------------------------------------------------------- columns */

enum { T_POP, T_BIRTHS, T_DEATHS, T_NETMIG, T_AGE_0_2, T_AGE_60, T_AGE_80, T_NCOL };

static const ps_column_def TOWN_GROUPS[] = {
    {"town", "乡镇", "Town", "-", PS_KIND_KEY, 0}, {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_column_def TOWN_COLS[T_NCOL + 1] = {
    {"population", "常住人口", "Resident population", "persons", PS_KIND_STOCK, 1},
    {"births", "出生人数", "Births", "persons per year", PS_KIND_FLOW, 0},
    {"deaths", "死亡人数", "Deaths", "persons per year", PS_KIND_FLOW, 0},
    {"net_migration", "净迁入人数（县外和乡镇间）", "Net migration (from outside and between towns)",
     "persons per year", PS_KIND_FLOW, 0},
    {"age_0_2", "0-2岁人口", "Children aged 0-2", "persons", PS_KIND_STOCK, 1},
    {"age_60_plus", "60岁及以上人口", "People aged 60 and over", "persons", PS_KIND_STOCK, 1},
    {"age_80_plus", "80岁及以上人口", "People aged 80 and over", "persons", PS_KIND_STOCK, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_table_def TOWN_TABLE = {"towns.csv", TOWN_GROUPS, TOWN_COLS};

enum { S_DEMAND, S_SUPPLY, S_GAP, S_NVAL };

/* town_services.csv, written by hand (it has a text column). */
static const ps_column_def SERVICE_COLS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"town", "乡镇", "Town", "-", PS_KIND_KEY, 0},
    {"service", "服务", "Service", "-", PS_KIND_KEY, 0},
    {"demand", "需求", "Demand", "service units", PS_KIND_STOCK, 1},
    {"supply", "供给", "Supply", "service units", PS_KIND_STOCK, 1},
    {"gap", "缺口（需求减供给，负数为富余）", "Gap (demand minus supply; negative: surplus)",
     "service units", PS_KIND_STOCK, 1},
    {"nearest_surplus_town", "最近的富余乡镇", "Nearest town with a surplus", "-", PS_KIND_TEXT, 0},
    {"nearest_surplus", "该乡镇的富余量", "That town's surplus", "service units", PS_KIND_STOCK, 0},
    {"distance_km", "距离", "Distance", "km", PS_KIND_STOCK, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

enum { SV_CHILDCARE, SV_BEDS, SV_MEALS, SV_STATIONS, SV_N };

static const struct {
    const char *key, *zh, *en, *unit_zh, *unit_en, *module;
} SERVICES[SV_N] = {
    {"childcare_slots", "托位", "childcare places", "个", "places", "childcare"},
    {"beds", "养老床位", "care beds", "张", "beds", "eldercare"},
    {"meal_users", "老年助餐服务", "meal-service users", "人", "users", "eldercare"},
    {"home_care_stations", "居家养老服务站", "home-care stations", "个", "stations", "towns"},
};

static int service_index(const char *name)
{
    for (int k = 0; k < SV_N; k++)
        if (strcmp(SERVICES[k].key, name) == 0)
            return k;
    return -1;
}

/* ---------------------------------------------------------------- parameters */

static const ps_param_def PARAMS[] = {
    {"towns", "section", 0, NULL, NULL, 0, 0, NULL,
     "the township layer (docs/towns.md); the module runs when this section is present"},
    {"towns.file", "file", 1, NULL, "persons", 0, 0, NULL,
     "CSV town,population[,population_previous][,external_share]: every town of the county "
     "in the base year (and at the previous census)"},
    {"towns.previous_year", "integer", 0, NULL, "year", 1900, 2300, NULL,
     "year of the population_previous column (the earlier census)"},
    {"towns.trend_damping", "number", 0, "0.85", "factor per year", 0, 1,
     "assumption: the 2010-2020 change in a town's share slows by 15% a year (1: the trend "
     "goes on undamped; 0: shares frozen at the base year); try 0.7-0.95",
     "share-trend method: the yearly change of log shares is multiplied by this each year"},
    {"towns.ages", "file", 0, NULL, "persons", 0, 0, NULL,
     "CSV town,sex,age,population: age structure of every town in the base year (turns on the "
     "multiregional cohort-component method)"},
    {"towns.vital", "file", 0, NULL, "persons per year", 0, 0, NULL,
     "CSV town,births,deaths: births and deaths by town in the base year (fertility and "
     "mortality relative to the county)"},
    {"towns.migration", "file", 0, NULL, "share per year", 0, 0, NULL,
     "CSV from,to,rate: share of a town's residents moving to another town each year "
     "(cohort method only)"},
    {"towns.supply", "file", 0, NULL, NULL, 0, 0, NULL,
     "CSV town,service,supply[,year]: supply of childcare_slots, beds, meal_users or "
     "home_care_stations by town (a path when years are given); a service listed here has 0 "
     "in towns not listed"},
    {"towns.distances", "file", 0, NULL, "km", 0, 0, NULL,
     "CSV from,to,km: distances between towns (either direction), to name the nearest town "
     "with a surplus"},
    {"towns.station_catchment", "series", 0, "1500", "people aged 60+ per station", 1, 1e6,
     "assumption: one home-care station per community of about 6,000-8,000 residents, a "
     "fifth of them 60+; try 1,000-3,000",
     "people aged 60+ that one home-care station (居家养老服务站) serves"},
    {"towns.policies", "table", 0, NULL, NULL, 0, 0, NULL,
     "policies by town: {town=, service=, from=, add=} adds supply from a year; {town=, "
     "year=, move_in=, origin=} moves residents into a town (from origin, or from the other "
     "towns in proportion)"},
    {"towns.chart_year", "integer", 0, "2035", "year", 1900, 2300,
     "the plan's horizon of 2035 (远景目标)", "year of the ranked chart of gaps by town"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- state */

typedef struct {
    int n, *years;
    double *v;
} supply_path;

enum { POL_SUPPLY, POL_MOVE };

typedef struct {
    int kind, town, svc, year, origin; /* origin -1: the other towns in proportion */
    double amount;
    char where[256];
} policy;

typedef struct {
    int active, cohort, base, ny, n, has_prev, prev_year, chart_year;
    int have_cc, cc_basis, have_el;
    char (*name)[PS_TOWN_NAME];
    double *pop0, *prev, *share0, *share1, *ext, *bf, *df;
    double *mig;      /* n x n rates from -> to (cohort) */
    double *dist;     /* n x n km, NaN unknown */
    double phi;
    supply_path *supply;   /* n x SV_N, n == 0: not given */
    int has_supply[SV_N];
    int npol;
    policy *pol;
    double *shift;    /* share mode: shares moved by resettlements so far */
    ps_pop *tp;       /* ny x n stocks */
    ps_pop *work, *delta; /* n each */
    ps_pop_year yin;  /* one town's inputs */
    ps_table *tab;              /* towns.csv */
    double (*row)[T_NCOL];      /* ny x n */
    double (*svc)[SV_N][S_NVAL]; /* ny x n */
    int (*near)[SV_N];           /* ny x n: nearest surplus town or -1 */
    double *svc_base_share;     /* n x SV_N: base-year share of demand (for county supply) */
    double rate[PS_NAGE];
    const ps_series *prop[PS_CHILDCARE_NAGE], *standard, *meal60, *meal80, *catchment;
    double max_sum_error;      /* largest |sum of towns - county| / county over years */
    double *trend;             /* share mode: (ny + 1) x n trend shares by year, */
    unsigned char *trend_ok;   /* computed once for every projection (issue 18) */
} towns;

static void tw_destroy(void *self)
{
    towns *t = self;
    if (!t)
        return;
    if (t->supply)
        for (int i = 0; i < t->n * SV_N; i++) {
            free(t->supply[i].years);
            free(t->supply[i].v);
        }
    free(t->supply);
    free(t->name);
    free(t->pop0);
    free(t->prev);
    free(t->share0);
    free(t->share1);
    free(t->ext);
    free(t->bf);
    free(t->df);
    free(t->mig);
    free(t->dist);
    free(t->pol);
    free(t->shift);
    free(t->tp);
    free(t->work);
    free(t->delta);
    free(t->row);
    free(t->svc);
    free(t->near);
    free(t->svc_base_share);
    free(t->trend);
    free(t->trend_ok);
    ps_table_free(t->tab);
    free(t);
}

/* ---------------------------------------------------------------- pure pieces */

void ps_towns_share_trend(int n, const double *s1, const double *s2, int y1, int y2, int t,
                          double phi, double *out)
{
    double d;
    if (t <= y2) {
        d = t - y2;
    } else {
        d = 0.0;
        double p = 1.0;
        for (int k = 0; k < t - y2; k++) {
            p *= phi;
            d += p;
        }
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        double g = s1[i] > 0 && s2[i] > 0 ? log(s2[i] / s1[i]) / (y2 - y1) : 0.0;
        out[i] = s2[i] * exp(g * d);
        sum += out[i];
    }
    for (int i = 0; i < n; i++)
        out[i] = sum > 0 ? out[i] / sum : 0.0;
}

double ps_towns_rake(int n, ps_pop *tw, const ps_pop *county)
{
    double worst = 0.0, total[PS_TOWNS_MAX], all = 0.0;
    for (int i = 0; i < n; i++) {
        total[i] = ps_pop_sum(&tw[i], 0, PS_AGE_OPEN);
        all += total[i];
    }
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double sum = 0.0, c = county->p[x][a];
            for (int i = 0; i < n; i++)
                sum += tw[i].p[x][a];
            if (sum > 0) {
                double f = c / sum;
                if (fabs(f - 1.0) > worst)
                    worst = fabs(f - 1.0);
                for (int i = 0; i < n; i++)
                    tw[i].p[x][a] *= f;
            } else if (c > 0) {
                worst = 1.0;
                for (int i = 0; i < n; i++)
                    tw[i].p[x][a] = all > 0 ? c * total[i] / all : c / n;
            }
        }
    return worst;
}

static double path_at(const supply_path *p, int year)
{
    if (p->n == 0)
        return 0.0;
    if (year <= p->years[0])
        return p->v[0];
    for (int k = 1; k < p->n; k++)
        if (year <= p->years[k])
            return p->v[k - 1] + (p->v[k] - p->v[k - 1]) * (year - p->years[k - 1]) /
                                     (double)(p->years[k] - p->years[k - 1]);
    return p->v[p->n - 1];
}

/* ---------------------------------------------------------------- readers */

static int town_of(const towns *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->name[i], name) == 0)
            return i;
    return -1;
}

/* A non-negative number from a field. */
static int count_field(const ps_csv *csv, int r, int c, double *out, ps_err *err)
{
    if (ps_csv_number(csv, r, c, out, err))
        return err->code;
    if (*out < 0)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is negative", ps_csv_name(csv),
                          ps_csv_line(csv, r), ps_csv_header(csv, c), ps_csv_field(csv, r, c));
    return PS_OK;
}

/* The town named in field (r, c), or an error naming the file, line and column. */
static int town_field(const towns *t, const ps_csv *csv, int r, int c, int *out, ps_err *err)
{
    const char *s = ps_csv_field(csv, r, c);
    *out = town_of(t, s);
    if (*out < 0)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': '%s' is not a town of towns.file",
                          ps_csv_name(csv), ps_csv_line(csv, r), ps_csv_header(csv, c), s);
    return PS_OK;
}

static int read_towns_file(towns *t, const char *path, double county, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int ct, cp, cprev, cext, rc = PS_OK;
    double sum = 0.0, sum_prev = 0.0, sum_ext = 0.0;
    if (!csv)
        return err->code;
    if ((ct = ps_csv_require_col(csv, "town", err)) < 0 ||
        (cp = ps_csv_require_col(csv, "population", err)) < 0) {
        rc = err->code;
        goto done;
    }
    cprev = ps_csv_col(csv, "population_previous");
    cext = ps_csv_col(csv, "external_share");
    t->n = ps_csv_nrows(csv);
    if (t->n < 1 || t->n > PS_TOWNS_MAX) {
        rc = ps_err_set(err, PS_EINPUT, "%s: %d towns (1 to %d are allowed)", path, t->n,
                        PS_TOWNS_MAX);
        goto done;
    }
    t->has_prev = cprev >= 0;
    t->name = calloc((size_t)t->n, sizeof *t->name);
    t->pop0 = calloc((size_t)t->n, sizeof(double));
    t->prev = calloc((size_t)t->n, sizeof(double));
    t->share0 = calloc((size_t)t->n, sizeof(double));
    t->share1 = calloc((size_t)t->n, sizeof(double));
    t->ext = calloc((size_t)t->n, sizeof(double));
    t->bf = calloc((size_t)t->n, sizeof(double));
    t->df = calloc((size_t)t->n, sizeof(double));
    t->shift = calloc((size_t)t->n, sizeof(double));
    if (!t->name || !t->pop0 || !t->prev || !t->share0 || !t->share1 || !t->ext || !t->bf ||
        !t->df || !t->shift) {
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto done;
    }
    for (int r = 0; r < t->n; r++) {
        const char *name = ps_csv_field(csv, r, ct);
        if (!*name || strlen(name) >= PS_TOWN_NAME) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'town': a name of 1 to %d bytes is needed", path,
                            ps_csv_line(csv, r), PS_TOWN_NAME - 1);
            goto done;
        }
        for (int i = 0; i < r; i++)
            if (strcmp(t->name[i], name) == 0) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'town': '%s' appears twice", path,
                                ps_csv_line(csv, r), name);
                goto done;
            }
        snprintf(t->name[r], PS_TOWN_NAME, "%s", name);
        if ((rc = count_field(csv, r, cp, &t->pop0[r], err)))
            goto done;
        sum += t->pop0[r];
        /* Shares summing to more than the county: the line that passes it. */
        if (sum > county * (1 + 1e-9) + 0.5) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'population': the towns so far sum to %.0f, more "
                            "than the county's %.0f in the base year (population.base)",
                            path, ps_csv_line(csv, r), sum, county);
            goto done;
        }
        if (cprev >= 0) {
            if ((rc = count_field(csv, r, cprev, &t->prev[r], err)))
                goto done;
            sum_prev += t->prev[r];
        }
        if (cext >= 0) {
            if ((rc = count_field(csv, r, cext, &t->ext[r], err)))
                goto done;
            if (t->ext[r] > 1) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'external_share': %s is above 1",
                                path, ps_csv_line(csv, r), ps_csv_field(csv, r, cext));
                goto done;
            }
            sum_ext += t->ext[r];
        }
    }
    if (sum < county * 0.99) {
        rc = ps_err_set(err, PS_EINPUT,
                        "%s: column 'population': the towns sum to %.0f, less than 99%% of the "
                        "county's %.0f in the base year: towns must cover the county",
                        path, sum, county);
        goto done;
    }
    if (cprev >= 0 && !(sum_prev > 0)) {
        rc = ps_err_set(err, PS_EINPUT, "%s: column 'population_previous': every value is 0",
                        path);
        goto done;
    }
    if (cext >= 0 && fabs(sum_ext - 1.0) > 1e-6) {
        rc = ps_err_set(err, PS_EINPUT, "%s: column 'external_share': the shares sum to %.10g, "
                        "not 1", path, sum_ext);
        goto done;
    }
    for (int i = 0; i < t->n; i++) {
        t->share0[i] = t->pop0[i] / sum;
        t->share1[i] = cprev >= 0 ? t->prev[i] / sum_prev : t->share0[i];
        if (cext < 0)
            t->ext[i] = t->share0[i];
        t->bf[i] = t->df[i] = 1.0;
    }
done:
    ps_csv_free(csv);
    return rc;
}

/* towns.ages: every town's base-year stock, raked to the county's. */
static int read_ages(towns *t, const char *path, const ps_pop *county, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int ct, cs, ca, cp, rc = PS_OK;
    if (!csv)
        return err->code;
    if ((ct = ps_csv_require_col(csv, "town", err)) < 0 ||
        (cs = ps_csv_require_col(csv, "sex", err)) < 0 ||
        (ca = ps_csv_require_col(csv, "age", err)) < 0 ||
        (cp = ps_csv_require_col(csv, "population", err)) < 0) {
        rc = err->code;
        goto done;
    }
    ps_pop *p = t->tp; /* the base year's stocks */
    memset(p, 0, (size_t)t->n * sizeof *p);
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        int i, a, x;
        double v;
        if ((rc = town_field(t, csv, r, ct, &i, err)) ||
            (rc = ps_csv_int(csv, r, ca, 0, PS_AGE_OPEN, &a, err)) ||
            (rc = count_field(csv, r, cp, &v, err)))
            goto done;
        if ((x = ps_sex_from_name(ps_csv_field(csv, r, cs))) < 0) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'sex': '%s' is not male or female",
                            path, ps_csv_line(csv, r), ps_csv_field(csv, r, cs));
            goto done;
        }
        p[i].p[x][a] += v;
    }
    for (int i = 0; i < t->n; i++) {
        double s = ps_pop_sum(&p[i], 0, PS_AGE_OPEN);
        if (fabs(s - t->pop0[i]) > 0.01 * t->pop0[i] + 1.0) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: town '%s': the ages sum to %.0f, but towns.file has %.0f "
                            "(more than 1%% apart)",
                            path, t->name[i], s, t->pop0[i]);
            goto done;
        }
    }
    ps_towns_rake(t->n, p, county);
done:
    ps_csv_free(csv);
    return rc;
}

/* towns.vital: births and deaths relative to the county's rates. */
static int read_vital(towns *t, const char *path, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int ct, cb, cd, rc = PS_OK;
    double b[PS_TOWNS_MAX] = {0}, d[PS_TOWNS_MAX] = {0}, sb = 0, sd = 0, sp = 0;
    char seen[PS_TOWNS_MAX] = {0};
    if (!csv)
        return err->code;
    if ((ct = ps_csv_require_col(csv, "town", err)) < 0 ||
        (cb = ps_csv_require_col(csv, "births", err)) < 0 ||
        (cd = ps_csv_require_col(csv, "deaths", err)) < 0) {
        rc = err->code;
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        int i;
        if ((rc = town_field(t, csv, r, ct, &i, err)) ||
            (rc = count_field(csv, r, cb, &b[i], err)) ||
            (rc = count_field(csv, r, cd, &d[i], err)))
            goto done;
        if (seen[i]) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'town': '%s' appears twice", path,
                            ps_csv_line(csv, r), t->name[i]);
            goto done;
        }
        seen[i] = 1;
    }
    for (int i = 0; i < t->n; i++) {
        if (!seen[i]) {
            rc = ps_err_set(err, PS_EINPUT, "%s: town '%s' of towns.file has no row", path,
                            t->name[i]);
            goto done;
        }
        sb += b[i];
        sd += d[i];
        sp += t->pop0[i];
    }
    /* Crude rates relative to the towns' average: the factors a town's
     * age-specific rates get (its age structure is not known to the file). */
    for (int i = 0; i < t->n; i++) {
        t->bf[i] = sb > 0 && t->pop0[i] > 0 ? (b[i] / t->pop0[i]) / (sb / sp) : 1.0;
        t->df[i] = sd > 0 && t->pop0[i] > 0 ? (d[i] / t->pop0[i]) / (sd / sp) : 1.0;
    }
done:
    ps_csv_free(csv);
    return rc;
}

/* A CSV from,to,<col> between towns: towns.migration (col "rate", added
 * to t->mig, a town's rates out summing to at most 1) or towns.distances
 * (col "km", either direction). */
static int read_pairs(towns *t, const char *path, const char *col, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int cf, cto, cv, rc = PS_OK, migration = strcmp(col, "rate") == 0;
    if (!csv)
        return err->code;
    if ((cf = ps_csv_require_col(csv, "from", err)) < 0 ||
        (cto = ps_csv_require_col(csv, "to", err)) < 0 ||
        (cv = ps_csv_require_col(csv, col, err)) < 0) {
        rc = err->code;
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        int i, j;
        double v;
        if ((rc = town_field(t, csv, r, cf, &i, err)) || (rc = town_field(t, csv, r, cto, &j, err)) ||
            (rc = count_field(csv, r, cv, &v, err)))
            goto done;
        if (!migration) {
            t->dist[i * t->n + j] = t->dist[j * t->n + i] = v;
            continue;
        }
        if (i == j) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'to': a town cannot move to itself",
                            path, ps_csv_line(csv, r));
            goto done;
        }
        t->mig[i * t->n + j] += v;
        double out = 0.0;
        for (int k = 0; k < t->n; k++)
            out += t->mig[i * t->n + k];
        if (out > 1.0) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'rate': the rates out of '%s' sum to %g, above 1",
                            path, ps_csv_line(csv, r), t->name[i], out);
            goto done;
        }
    }
done:
    ps_csv_free(csv);
    return rc;
}

static int read_supply(towns *t, const char *path, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int ct, cs, cv, cy, rc = PS_OK;
    if (!csv)
        return err->code;
    if ((ct = ps_csv_require_col(csv, "town", err)) < 0 ||
        (cs = ps_csv_require_col(csv, "service", err)) < 0 ||
        (cv = ps_csv_require_col(csv, "supply", err)) < 0) {
        rc = err->code;
        goto done;
    }
    cy = ps_csv_col(csv, "year");
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        int i, k, y = 0;
        double v;
        if ((rc = town_field(t, csv, r, ct, &i, err)))
            goto done;
        if ((k = service_index(ps_csv_field(csv, r, cs))) < 0) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'service': '%s' is not childcare_slots, beds, "
                            "meal_users or home_care_stations",
                            path, ps_csv_line(csv, r), ps_csv_field(csv, r, cs));
            goto done;
        }
        if ((rc = count_field(csv, r, cv, &v, err)) ||
            (cy >= 0 && (rc = ps_csv_int(csv, r, cy, 1900, 2300, &y, err))))
            goto done;
        supply_path *p = &t->supply[i * SV_N + k];
        if (p->n > 0 && (cy < 0 || y <= p->years[p->n - 1])) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column '%s': %s of '%s' is given again (years must "
                            "increase)",
                            path, ps_csv_line(csv, r), cy < 0 ? "service" : "year",
                            SERVICES[k].key, t->name[i]);
            goto done;
        }
        int *ny = realloc(p->years, (size_t)(p->n + 1) * sizeof *ny);
        if (ny)
            p->years = ny;
        double *nv = realloc(p->v, (size_t)(p->n + 1) * sizeof *nv);
        if (nv)
            p->v = nv;
        if (!ny || !nv) {
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            goto done;
        }
        p->years[p->n] = y;
        p->v[p->n++] = v;
        t->has_supply[k] = 1;
    }
done:
    ps_csv_free(csv);
    return rc;
}

/* towns.policies[k].FIELD as a number into *out: 1 if it is one.  A string
 * that reads whole as a number ("100") is one too, as Lua's own conversion
 * took it before the typed readers (scenarios written then stay valid). */
static int policy_amount(ps_scenario *sc, int kind, double *out, ps_err *err, int k,
                         const char *field)
{
    if (kind == PS_V_NUMBER)
        return !ps_read_number(sc, -HUGE_VAL, HUGE_VAL, out, NULL, err, "towns.policies[%d].%s",
                               k, field);
    char *s = NULL, *end;
    if (kind != PS_V_STRING ||
        ps_read_string(sc, &s, NULL, err, "towns.policies[%d].%s", k, field) || !s)
        return 0;
    double v = strtod(s, &end);
    while (end != s && isspace((unsigned char)*end))
        end++;
    int ok = end != s && *end == '\0';
    free(s);
    if (ok)
        *out = v;
    return ok;
}

/* towns.policies[k]: one policy (the kinds of its fields in ty). */
static int read_policy(towns *t, ps_scenario *sc, int k, policy *p, ps_err *err)
{
    static const char *const fields[] = {"town", "service", "from", "add", "year", "move_in",
                                         "origin"};
    enum { F_TOWN, F_SERVICE, F_FROM, F_ADD, F_YEAR, F_MOVE_IN, F_ORIGIN };
    int ty[7], rc = PS_OK;
    for (int f = 0; f < 7; f++)
        if (ps_read_kind(sc, &ty[f], err, "towns.policies[%d].%s", k, fields[f]))
            return err->code;
    char *town = NULL, *str = NULL;
    long long iy;
    double amount;
    if (ty[F_TOWN] == PS_V_STRING &&
        ps_read_string(sc, &town, NULL, err, "towns.policies[%d].town", k))
        return err->code;
    p->town = town ? town_of(t, town) : -1;
    p->origin = -1;
    /* A whole number (a Lua integer) in the field f, into iy. */
#define WHOLE(f)                                                                               \
    (ty[f] == PS_V_NUMBER && !ps_read_integer(sc, LLONG_MIN, LLONG_MAX, &iy, NULL, err,         \
                                              "towns.policies[%d].%s", k, fields[f]))
#define NUMBER(f) policy_amount(sc, ty[f], &amount, err, k, fields[f])
    if (!town)
        rc = ps_err_set(err, PS_EINPUT, "%s: 'town' (a name of towns.file) is missing",
                        p->where);
    else if (p->town < 0)
        rc = ps_err_set(err, PS_EINPUT, "%s: 'town': '%s' is not a town of towns.file",
                        p->where, town);
    else if (ty[F_SERVICE] == PS_V_STRING) {
        p->kind = POL_SUPPLY;
        if (ps_read_string(sc, &str, NULL, err, "towns.policies[%d].service", k))
            rc = err->code;
        else if ((p->svc = service_index(str)) < 0)
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: 'service': '%s' is not childcare_slots, beds, meal_users "
                            "or home_care_stations",
                            p->where, str);
        else if (!WHOLE(F_FROM) || !NUMBER(F_ADD))
            rc = ps_err_set(err, PS_EINPUT, "%s: a supply policy needs 'from' (a year) and "
                            "'add' (a number)", p->where);
        else {
            p->year = (int)iy;
            p->amount = amount;
            if (!isfinite(p->amount))
                rc = ps_err_set(err, PS_EINPUT, "%s: 'add' is not a finite number", p->where);
        }
    } else if (ty[F_MOVE_IN] != PS_V_NIL) {
        p->kind = POL_MOVE;
        if (!WHOLE(F_YEAR) || !NUMBER(F_MOVE_IN) || !(amount >= 0) || !isfinite(amount))
            rc = ps_err_set(err, PS_EINPUT, "%s: a resettlement needs 'year' (a year) and "
                            "'move_in' (persons, 0 or more)", p->where);
        else {
            p->year = (int)iy;
            p->amount = amount;
            if (ty[F_ORIGIN] == PS_V_STRING) {
                if (ps_read_string(sc, &str, NULL, err, "towns.policies[%d].origin", k))
                    rc = err->code;
                else if ((p->origin = town_of(t, str)) < 0 || p->origin == p->town)
                    rc = ps_err_set(err, PS_EINPUT,
                                    "%s: 'origin': '%s' is not another town of towns.file",
                                    p->where, str);
            } else if (ty[F_ORIGIN] != PS_V_NIL) {
                rc = ps_err_set(err, PS_EINPUT, "%s: 'origin' must be a town's name", p->where);
            }
        }
    } else {
        rc = ps_err_set(err, PS_EINPUT, "%s: give either service/from/add or "
                        "year/move_in", p->where);
    }
#undef WHOLE
#undef NUMBER
    free(town);
    free(str);
    return rc;
}

/* towns.policies, a Lua list of tables. */
static int read_policies(towns *t, ps_scenario *sc, ps_err *err)
{
    char where[1200];
    int n, rc = PS_OK;
    if (!ps_scenario_where(sc, "towns.policies", where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    if (!ps_read_has_table(sc, "towns.policies"))
        return PS_OK;
    if (ps_read_len(sc, &n, err, "towns.policies"))
        return err->code;
    t->pol = calloc((size_t)n + 1, sizeof *t->pol);
    if (!t->pol)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int k = 1; k <= n && !rc; k++) {
        policy *p = &t->pol[t->npol];
        snprintf(p->where, sizeof p->where, "%.200s: towns.policies[%d]", where, k);
        if (!ps_read_has_table(sc, "towns.policies[%d]", k))
            rc = ps_err_set(err, PS_EINPUT, "%s: must be a table {town = ..., ...}", p->where);
        else if (!(rc = read_policy(t, sc, k, p, err)))
            t->npol++;
    }
    return rc;
}

/* ---------------------------------------------------------------- create */

static int tw_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    towns *t = calloc(1, sizeof *t);
    if (!t)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = t;
    if (!ps_read_has_table(sc, "towns"))
        return PS_OK;
    t->active = 1;
    t->base = ps_run_base_year(run);
    t->ny = ps_run_end_year(run) - t->base + 1;
    const ps_pop *county = ps_run_pop(run, t->base);
    if (!county)
        return ps_err_set(err, PS_EINTERNAL, "towns: no base population");
    char *file = ps_scenario_string(sc, "towns.file");
    int rc = file ? read_towns_file(t, file, ps_pop_sum(county, 0, PS_AGE_OPEN), err)
                  : ps_err_set(err, PS_EINPUT, "%s: towns.file is not set", sc->path);
    free(file);
    if (rc)
        return rc;
    int n = t->n, set;
    double v;
    if (ps_scenario_number_opt(sc, "towns.previous_year", &set, &v, err))
        return err->code;
    if (t->has_prev && !set)
        return ps_err_set(err, PS_EINPUT, "%s: towns.file has population_previous: set "
                          "towns.previous_year (the year of that census)", sc->path);
    t->prev_year = set ? (int)v : t->base - 10;
    if (t->has_prev && t->prev_year >= t->base)
        return ps_err_set(err, PS_EINPUT, "%s: towns.previous_year %d must be before the base "
                          "year %d", sc->path, t->prev_year, t->base);
    if (ps_scenario_number(sc, "towns.trend_damping", &t->phi, err) ||
        ps_scenario_number(sc, "towns.chart_year", &v, err))
        return err->code;
    t->chart_year = (int)v;
    if (!(t->tab = ps_table_new(&TOWN_TABLE, t->base, t->ny, n, err)))
        return err->code;
    for (int i = 0; i < n; i++) {
        const char *lab[1] = {t->name[i]};
        if (ps_table_set_group(t->tab, i, lab, err))
            return err->code;
    }
    t->tp = calloc((size_t)t->ny * (size_t)n, sizeof *t->tp);
    t->work = calloc((size_t)n, sizeof *t->work);
    t->delta = calloc((size_t)n, sizeof *t->delta);
    t->row = malloc((size_t)t->ny * (size_t)n * sizeof *t->row);
    t->svc = malloc((size_t)t->ny * (size_t)n * sizeof *t->svc);
    t->near = malloc((size_t)t->ny * (size_t)n * sizeof *t->near);
    t->mig = calloc((size_t)n * (size_t)n, sizeof(double));
    t->dist = malloc((size_t)n * (size_t)n * sizeof(double));
    t->supply = calloc((size_t)n * SV_N, sizeof *t->supply);
    t->svc_base_share = calloc((size_t)n * SV_N, sizeof(double));
    if (!t->tp || !t->work || !t->delta || !t->row || !t->svc || !t->near || !t->mig ||
        !t->dist || !t->supply || !t->svc_base_share)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int k = 0; k < t->ny * n; k++) {
        for (int c = 0; c < T_NCOL; c++)
            t->row[k][c] = NAN;
        for (int s = 0; s < SV_N; s++) {
            t->svc[k][s][S_DEMAND] = t->svc[k][s][S_SUPPLY] = t->svc[k][s][S_GAP] = NAN;
            t->near[k][s] = -1;
        }
    }
    for (int k = 0; k < n * n; k++)
        t->dist[k] = NAN;
    static const char *const files[] = {"towns.ages", "towns.vital", "towns.migration",
                                        "towns.distances", "towns.supply"};
    for (int f = 0; f < 5 && !rc; f++) {
        char *p = ps_scenario_string(sc, files[f]);
        if (!p)
            continue;
        if (f == 0) {
            t->cohort = 1;
            rc = read_ages(t, p, county, err);
        } else if (f == 1) {
            rc = read_vital(t, p, err);
        } else if (f == 2) {
            rc = t->cohort ? read_pairs(t, p, "rate", err)
                           : ps_err_set(err, PS_EINPUT, "%s: towns.migration needs towns.ages "
                                        "(moves between towns are by age)", sc->path);
        } else if (f == 3) {
            rc = read_pairs(t, p, "km", err);
        } else {
            rc = read_supply(t, p, err);
        }
        free(p);
    }
    if (rc || read_policies(t, sc, err))
        return err->code;
    /* The services' inputs, from the service modules' own keys. */
    if (ps_read_has_table(sc, "childcare")) {
        static const char *const pk[] = {"childcare.propensity_0", "childcare.propensity_1",
                                         "childcare.propensity_2"};
        t->have_cc = 1;
        for (int a = 0; a < PS_CHILDCARE_NAGE; a++)
            t->prop[a] = ps_scenario_series(sc, pk[a]);
        t->standard = ps_scenario_series(sc, "childcare.standard_per_1000");
        char *basis = ps_scenario_string(sc, "childcare.gap_basis");
        t->cc_basis = !basis || strcmp(basis, "max") == 0 ? 0 : strcmp(basis, "standard") == 0 ? 1 : 2;
        free(basis);
    }
    if (ps_read_has_table(sc, "eldercare")) {
        char *dis = ps_scenario_string(sc, "eldercare.disability");
        rc = dis ? ps_eldercare_read_disability(dis, t->rate, err) : PS_OK;
        free(dis);
        if (rc)
            return rc;
        t->have_el = 1;
        t->meal60 = ps_scenario_series(sc, "eldercare.meal_rate_60_79");
        t->meal80 = ps_scenario_series(sc, "eldercare.meal_rate_80");
    }
    t->catchment = ps_scenario_series(sc, "towns.station_catchment");
    /* A supply policy needs a demand to set it against, and a supply to add to. */
    for (int k = 0; k < t->npol; k++) {
        const policy *p = &t->pol[k];
        if (p->kind != POL_SUPPLY)
            continue;
        if ((p->svc == SV_CHILDCARE && !t->have_cc) ||
            ((p->svc == SV_BEDS || p->svc == SV_MEALS) && !t->have_el))
            return ps_err_set(err, PS_EINPUT, "%s: '%s' needs the %s section", p->where,
                              SERVICES[p->svc].key, SERVICES[p->svc].module);
        if ((p->svc == SV_MEALS || p->svc == SV_STATIONS) && !t->has_supply[p->svc])
            return ps_err_set(err, PS_EINPUT, "%s: '%s' has no supply by town to add to "
                              "(towns.supply)", p->where, SERVICES[p->svc].key);
    }
    return PS_OK;
}

/* ---------------------------------------------------------------- step */

/* Share mode: the towns' shares in `year`, resettlements included. */
static int shares_at(towns *t, int year, double *s, ps_err *err)
{
    int iy = year - t->base;
    if (t->has_prev && iy >= 0 && iy <= t->ny) {
        /* a function of the year and the files only: kept */
        if (!t->trend) {
            t->trend = malloc((size_t)(t->ny + 1) * (size_t)t->n * sizeof *t->trend);
            t->trend_ok = calloc((size_t)t->ny + 1, 1);
            if (!t->trend || !t->trend_ok)
                return ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
        double *tr = t->trend + (size_t)iy * (size_t)t->n;
        if (!t->trend_ok[iy]) {
            ps_towns_share_trend(t->n, t->share1, t->share0, t->prev_year, t->base, year, t->phi,
                                 tr);
            t->trend_ok[iy] = 1;
        }
        memcpy(s, tr, (size_t)t->n * sizeof *s);
    } else if (t->has_prev)
        ps_towns_share_trend(t->n, t->share1, t->share0, t->prev_year, t->base, year, t->phi, s);
    else
        memcpy(s, t->share0, (size_t)t->n * sizeof *s);
    for (int i = 0; i < t->n; i++) {
        s[i] += t->shift[i];
        if (s[i] < -1e-12)
            return ps_err_set(err, PS_EINPUT, "towns: resettlements leave '%s' with a negative "
                              "population in %d", t->name[i], year);
        if (s[i] < 0)
            s[i] = 0;
    }
    return PS_OK;
}

/* Share mode: a resettlement in `year` moves shares for the years after. */
static int share_moves(towns *t, int year, const double *s_next, double county_next,
                       ps_err *err)
{
    for (int k = 0; k < t->npol; k++) {
        const policy *p = &t->pol[k];
        if (p->kind != POL_MOVE || p->year != year || county_next <= 0)
            continue;
        double d = p->amount / county_next;
        if (p->origin >= 0) {
            if (s_next[p->origin] - d < -1e-12)
                return ps_err_set(err, PS_EINPUT, "%s: '%s' has fewer than %g residents in %d",
                                  p->where, t->name[p->origin], p->amount, year + 1);
            t->shift[p->origin] -= d;
        } else {
            double rest = 1.0 - s_next[p->town];
            if (rest < d)
                return ps_err_set(err, PS_EINPUT, "%s: the other towns have fewer than %g "
                                  "residents in %d", p->where, p->amount, year + 1);
            for (int j = 0; j < t->n; j++)
                if (j != p->town)
                    t->shift[j] -= d * s_next[j] / rest;
        }
        t->shift[p->town] += d;
    }
    return PS_OK;
}

static void fill_from_shares(int n, ps_pop *out, const double *s, const ps_pop *county)
{
    /* both sexes as one run of cells (an even count), so that it vectorises */
    const double *c = &county->p[0][0];
    for (int i = 0; i < n; i++) {
        double *o = &out[i].p[0][0];
        for (int k = 0; k < PS_NSEX * PS_NAGE; k++)
            o[k] = s[i] * c[k];
    }
}

/* Cohort mode: the share f of town `from`'s stock after the year's own
 * flows (t->work) moves to town `to`, at every age (t->delta). */
static void move_fraction(towns *t, int from, int to, double f)
{
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double v = t->work[from].p[x][a] * f;
            t->delta[from].p[x][a] -= v;
            t->delta[to].p[x][a] += v;
        }
}

/* Cohort mode: stocks of year + 1 from those of year. */
static int cohort_step(towns *t, ps_run *run, int year, double *births, double *deaths,
                       ps_err *err)
{
    int i0 = year - t->base, n = t->n;
    const ps_pop_year *yin = ps_run_year_inputs(run, year);
    const ps_pop *next = ps_run_pop(run, year + 1);
    if (!yin || !next)
        return ps_err_set(err, PS_EINTERNAL, "towns: county inputs of %d not available", year);
    ps_pop *cur = &t->tp[(size_t)i0 * n], *out = &t->tp[(size_t)(i0 + 1) * n];
    for (int i = 0; i < n; i++) {
        ps_pop_flows fl;
        ps_pop_year *y = &t->yin;
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double q = yin->q[x][a] * t->df[i];
                y->q[x][a] = q > 1.0 ? 1.0 : q;
                y->mig[x][a] = yin->mig[x][a] * t->ext[i];
            }
        for (int a = 0; a < PS_NAGE; a++)
            y->f[a] = yin->f[a] * t->bf[i];
        y->srb = yin->srb;
        ps_pop_step(&cur[i], y, &t->work[i], &fl);
        births[i] = fl.births[0] + fl.births[1];
        deaths[i] = fl.deaths[0] + fl.deaths[1];
    }
    /* Moves between towns, from the stocks after the year's own flows. */
    memset(t->delta, 0, (size_t)n * sizeof *t->delta);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (t->mig[i * n + j] > 0)
                move_fraction(t, i, j, t->mig[i * n + j]);
    /* Resettlements: movers with their origin's age structure. */
    for (int k = 0; k < t->npol; k++) {
        const policy *p = &t->pol[k];
        if (p->kind != POL_MOVE || p->year != year)
            continue;
        double from_total = 0.0;
        for (int j = 0; j < n; j++)
            if (p->origin >= 0 ? j == p->origin : j != p->town)
                from_total += ps_pop_sum(&t->work[j], 0, PS_AGE_OPEN);
        if (from_total < p->amount)
            return ps_err_set(err, PS_EINPUT, "%s: the origin has fewer than %g residents in %d",
                              p->where, p->amount, year);
        for (int j = 0; j < n; j++)
            if (p->origin >= 0 ? j == p->origin : j != p->town)
                move_fraction(t, j, p->town, p->amount / from_total);
    }
    for (int i = 0; i < n; i++) {
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double v = t->work[i].p[x][a] + t->delta[i].p[x][a];
                out[i].p[x][a] = v > 0 ? v : 0.0;
            }
    }
    ps_towns_rake(n, out, next);
    return PS_OK;
}

static double town_supply(towns *t, int i, int k, int year, double county_supply)
{
    double s;
    if (t->has_supply[k])
        s = path_at(&t->supply[i * SV_N + k], year);
    else if (!isnan(county_supply))
        s = county_supply * t->svc_base_share[i * SV_N + k];
    else
        return NAN;
    for (int p = 0; p < t->npol; p++)
        if (t->pol[p].kind == POL_SUPPLY && t->pol[p].town == i && t->pol[p].svc == k &&
            year >= t->pol[p].year)
            s += t->pol[p].amount;
    return s;
}

static int services(towns *t, ps_run *run, int year, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    int iy = year - t->base, n = t->n;
    const ps_pop *tp = &t->tp[(size_t)iy * n];
    double (*sv)[SV_N][S_NVAL] = &t->svc[(size_t)iy * n];
    double prop[PS_CHILDCARE_NAGE], per1000 = 0, m60 = 0, m80 = 0, catchment;
    double county[SV_N] = {NAN, NAN, NAN, NAN}, dep[PS_TOWNS_MAX], dep_sum = 0, beds = NAN;
    if (ps_series_at(sc, t->catchment, year, &catchment, err))
        return err->code;
    if (t->have_cc) {
        for (int a = 0; a < PS_CHILDCARE_NAGE; a++)
            if (ps_series_at(sc, t->prop[a], year, &prop[a], err))
                return err->code;
        if (ps_series_at(sc, t->standard, year, &per1000, err))
            return err->code;
        if (!ps_run_indicator(run, "childcare.supply", year, &county[SV_CHILDCARE]))
            county[SV_CHILDCARE] = NAN;
    }
    if (t->have_el) {
        if (ps_series_at(sc, t->meal60, year, &m60, err) ||
            ps_series_at(sc, t->meal80, year, &m80, err))
            return err->code;
        if (!ps_run_indicator(run, "eldercare.beds_supply", year, &county[SV_BEDS]))
            county[SV_BEDS] = NAN;
        if (!ps_run_indicator(run, "eldercare.beds_needed", year, &beds))
            beds = NAN;
        for (int i = 0; i < n; i++)
            dep_sum += dep[i] = ps_eldercare_dependent(&tp[i], t->rate, 1.0);
    }
    for (int i = 0; i < n; i++) {
        const ps_pop *p = &tp[i];
        /* fill_rows has summed these stocks into the row (the same sums) */
        const double *r = t->row[(size_t)iy * n + i];
        double pop = r[T_POP], p60 = r[T_AGE_60];
        if (t->have_cc) {
            double ch[PS_CHILDCARE_NAGE];
            for (int a = 0; a < PS_CHILDCARE_NAGE; a++)
                ch[a] = ps_pop_sum(p, a, a);
            double en = ps_childcare_enrolment_demand(ch, prop, NULL);
            double st = ps_childcare_standard_demand(pop, per1000);
            sv[i][SV_CHILDCARE][S_DEMAND] = t->cc_basis == 1 ? st : t->cc_basis == 2 ? en : fmax(en, st);
        }
        if (t->have_el) {
            /* The county's beds needed, split by dependent elderly (the
             * module's disability rates applied to the town's ages). */
            sv[i][SV_BEDS][S_DEMAND] = dep_sum > 0 && !isnan(beds) ? beds * dep[i] / dep_sum : NAN;
            double p80 = r[T_AGE_80];
            sv[i][SV_MEALS][S_DEMAND] = (p60 - p80) * m60 + p80 * m80;
        }
        sv[i][SV_STATIONS][S_DEMAND] = p60 / catchment;
    }
    if (iy == 0)
        for (int k = 0; k < SV_N; k++) {
            double sum = 0.0;
            for (int i = 0; i < n; i++)
                sum += isnan(sv[i][k][S_DEMAND]) ? 0.0 : sv[i][k][S_DEMAND];
            for (int i = 0; i < n; i++)
                t->svc_base_share[i * SV_N + k] =
                    sum > 0 && !isnan(sv[i][k][S_DEMAND]) ? sv[i][k][S_DEMAND] / sum : 0.0;
        }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < SV_N; k++) {
            if (isnan(sv[i][k][S_DEMAND]))
                continue;
            sv[i][k][S_SUPPLY] = town_supply(t, i, k, year, county[k]);
            sv[i][k][S_GAP] = sv[i][k][S_DEMAND] - sv[i][k][S_SUPPLY];
        }
    /* The nearest town with a surplus: the least distance among the towns
     * with a known distance; without any, the largest surplus. */
    int (*near)[SV_N] = &t->near[(size_t)iy * n];
    for (int k = 0; k < SV_N; k++)
        for (int i = 0; i < n; i++) {
            int by_km = -1, by_size = -1;
            near[i][k] = -1;
            if (!(sv[i][k][S_GAP] > 0))
                continue;
            for (int j = 0; j < n; j++) {
                if (j == i || !(sv[j][k][S_GAP] < 0))
                    continue;
                double d = t->dist[i * n + j];
                if (!isnan(d) && (by_km < 0 || d < t->dist[i * n + by_km]))
                    by_km = j;
                if (by_size < 0 || sv[j][k][S_GAP] < sv[by_size][k][S_GAP])
                    by_size = j;
            }
            near[i][k] = by_km >= 0 ? by_km : by_size;
        }
    return PS_OK;
}

/* The row's stocks; in a draw (ps_run_draw_only) only the population,
 * as the ages are read by the services and the files alone. */
static void fill_rows(towns *t, int iy, int draw_only)
{
    int n = t->n;
    for (int i = 0; i < n; i++) {
        const ps_pop *p = &t->tp[(size_t)iy * n + i];
        double *r = t->row[(size_t)iy * n + i];
        r[T_POP] = ps_pop_sum(p, 0, PS_AGE_OPEN);
        if (draw_only)
            continue;
        r[T_AGE_0_2] = ps_pop_sum(p, 0, 2);
        r[T_AGE_60] = ps_pop_sum(p, 60, PS_AGE_OPEN);
        r[T_AGE_80] = ps_pop_sum(p, 80, PS_AGE_OPEN);
    }
}

static int tw_step(void *self, ps_run *run, int year, ps_err *err)
{
    towns *t = self;
    if (!t->active)
        return PS_OK;
    int iy = year - t->base, n = t->n;
    const ps_pop *cp = ps_run_pop(run, year);
    if (!cp)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double s[PS_TOWNS_MAX], births[PS_TOWNS_MAX], deaths[PS_TOWNS_MAX];
    /* A draw in share mode (issue 18): the births and deaths by town, which
     * funerals reads, come from the shares alone; the stocks by town are
     * read by the files, summary and headline only, and left out. */
    int lite = ps_run_draw_only(run) && !t->cohort;
    if (iy == 0) {
        if (!t->cohort) {
            memset(t->shift, 0, (size_t)n * sizeof *t->shift);
            if (shares_at(t, year, s, err))
                return err->code;
            if (!lite)
                fill_from_shares(n, &t->tp[0], s, cp);
        }
        if (!lite)
            fill_rows(t, 0, ps_run_draw_only(run));
    }
    const ps_pop *next = ps_run_pop(run, year + 1);
    const ps_pop_flows *fl = ps_run_flows(run, year);
    if (next && fl) {
        double B = fl->births[0] + fl->births[1], D = fl->deaths[0] + fl->deaths[1];
        double sb = 0, sd = 0;
        if (t->cohort) {
            if (cohort_step(t, run, year, births, deaths, err))
                return err->code;
        } else {
            double s_next[PS_TOWNS_MAX];
            if (shares_at(t, year, s, err) || shares_at(t, year + 1, s_next, err) ||
                share_moves(t, year, s_next, ps_pop_sum(next, 0, PS_AGE_OPEN), err) ||
                shares_at(t, year + 1, s_next, err))
                return err->code;
            if (!lite)
                fill_from_shares(n, &t->tp[(size_t)(iy + 1) * n], s_next, next);
            for (int i = 0; i < n; i++) {
                births[i] = s[i] * t->bf[i];
                deaths[i] = s[i] * t->df[i];
            }
        }
        for (int i = 0; i < n; i++) {
            sb += births[i];
            sd += deaths[i];
        }
        if (!lite)
            fill_rows(t, iy + 1, ps_run_draw_only(run));
        for (int i = 0; i < n; i++) {
            double *r = t->row[(size_t)iy * n + i];
            r[T_BIRTHS] = sb > 0 ? B * births[i] / sb : 0.0;
            r[T_DEATHS] = sd > 0 ? D * deaths[i] / sd : 0.0;
            r[T_NETMIG] = lite ? NAN
                               : t->row[(size_t)(iy + 1) * n + i][T_POP] - r[T_POP] -
                                     r[T_BIRTHS] + r[T_DEATHS];
        }
    }
    if (lite) /* the shares sum to 1: the stocks by town were not made */
        return PS_OK;
    /* Towns sum to the county: checked every year. */
    double sum = 0.0, c = ps_pop_sum(cp, 0, PS_AGE_OPEN);
    for (int i = 0; i < n; i++)
        sum += t->row[(size_t)iy * n + i][T_POP];
    double e = c > 0 ? fabs(sum - c) / c : fabs(sum);
    if (e > t->max_sum_error)
        t->max_sum_error = e;
    if (!(e <= 1e-9))
        return ps_err_set(err, PS_EINTERNAL, "towns sum to %.17g, the county to %.17g in %d",
                          sum, c, year);
    /* The services by town are read by the files, summary and headline
     * only: a draw leaves them out (issue 18). */
    return ps_run_draw_only(run) ? PS_OK : services(t, run, year, err);
}

/* A new projection of the same run (a stochastic draw, issue 18): what the
 * files and the scenario gave stays (and, with towns.ages, the base year's
 * stocks); the results go back to unknown, as tw_create leaves them.  The
 * stocks of later years are written before they are read. */
static int tw_reset(void *self, ps_run *run, ps_err *err)
{
    towns *t = self;
    (void)run;
    (void)err;
    if (!t->active)
        return PS_OK;
    for (int k = 0; k < t->ny * t->n; k++) {
        for (int c = 0; c < T_NCOL; c++)
            t->row[k][c] = NAN;
        for (int s = 0; s < SV_N; s++) {
            t->svc[k][s][S_DEMAND] = t->svc[k][s][S_SUPPLY] = t->svc[k][s][S_GAP] = NAN;
            t->near[k][s] = -1;
        }
    }
    memset(t->shift, 0, (size_t)t->n * sizeof *t->shift);
    memset(t->svc_base_share, 0, (size_t)t->n * SV_N * sizeof(double));
    t->max_sum_error = 0;
    return PS_OK;
}

/* ---------------------------------------------------------------- write */

static int tw_tables(void *self, const ps_table **out, int max)
{
    towns *t = self;
    if (!t->active || max < 1)
        return 0;
    for (int iy = 0; iy < t->ny; iy++)
        for (int i = 0; i < t->n; i++) {
            double *r = ps_table_row(t->tab, t->base + iy, i);
            memcpy(r, t->row[(size_t)iy * t->n + i], sizeof(double) * T_NCOL);
        }
    out[0] = t->tab;
    return 1;
}

static int tw_write(void *self, ps_run *run, const char *dir, ps_err *err)
{
    towns *t = self;
    (void)run;
    if (!t->active)
        return PS_OK;
    FILE *f = ps_open_out(dir, "town_services.csv", err);
    if (!f)
        return err->code;
    for (int k = 0; SERVICE_COLS[k].key; k++)
        fprintf(f, "%s%s", k ? "," : "", SERVICE_COLS[k].key);
    fputc('\n', f);
    for (int iy = 0; iy < t->ny; iy++)
        for (int i = 0; i < t->n; i++)
            for (int k = 0; k < SV_N; k++) {
                const double *v = t->svc[(size_t)iy * t->n + i][k];
                if (isnan(v[S_DEMAND]))
                    continue;
                int j = t->near[(size_t)iy * t->n + i][k];
                fprintf(f, "%d", t->base + iy);
                ps_put_text(f, t->name[i], 0);
                ps_put_text(f, SERVICES[k].key, 0);
                ps_put(f, v[S_DEMAND], 0);
                ps_put(f, v[S_SUPPLY], 0);
                ps_put(f, v[S_GAP], 0);
                ps_put_text(f, j >= 0 ? t->name[j] : "", 0);
                ps_put(f, j >= 0 ? -t->svc[(size_t)iy * t->n + j][k][S_GAP] : NAN, 0);
                ps_put(f, j >= 0 ? t->dist[i * t->n + j] : NAN, 0);
                fputc('\n', f);
            }
    if (ps_close_out(f, dir, "town_services.csv", err))
        return err->code;
    return ps_columns_register(dir, "town_services.csv", SERVICE_COLS, err);
}

/* The town with the largest gap of service k in year index iy (-1: none),
 * and how many towns are short. */
static int worst_town(const towns *t, int iy, int k, int *nshort)
{
    int best = -1;
    *nshort = 0;
    for (int i = 0; i < t->n; i++) {
        double g = t->svc[(size_t)iy * t->n + i][k][S_GAP];
        if (isnan(g))
            continue;
        if (g > 0.5)
            (*nshort)++;
        if (best < 0 || g > t->svc[(size_t)iy * t->n + best][k][S_GAP])
            best = i;
    }
    return best;
}

/* Summary rows: the town with the largest gap of each service in the
 * chart year, and how closely the towns sum to the county. */
static int tw_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    towns *t = self;
    char zh[256], en[256];
    (void)run;
    if (!t->active)
        return PS_OK;
    ps_summary_num(s, 0, "towns_count", t->n, "-", "乡镇（含园区）个数", "Towns (and zones) in the layer");
    ps_summary_text(s, 0, "towns_method",
                    t->cohort ? "cohort_component" : t->has_prev ? "share_trend" : "fixed_shares",
                    "-", "乡镇人口的推算方法", "Method of the town projection");
    ps_summary_num(s, 0, "towns_sum_max_relative_error", t->max_sum_error, "ratio",
                   "各乡镇合计与全县之差的最大相对值", "Largest relative difference between the towns' sum and the county");
    int iy = t->chart_year - t->base;
    for (int k = 0; k < SV_N && iy >= 0 && iy < t->ny; k++) {
        int nshort, best = worst_town(t, iy, k, &nshort);
        if (best < 0)
            continue;
        snprintf(zh, sizeof zh, "{year}年%s不足的乡镇个数", SERVICES[k].zh);
        snprintf(en, sizeof en, "Towns short of %s in {year}", SERVICES[k].en);
        char key[128];
        snprintf(key, sizeof key, "towns_%s_short_{year}", SERVICES[k].key);
        ps_summary_num(s, t->chart_year, key, nshort, "-", zh, en);
        snprintf(key, sizeof key, "towns_%s_worst_town_{year}", SERVICES[k].key);
        snprintf(zh, sizeof zh, "{year}年%s缺口最大的乡镇", SERVICES[k].zh);
        snprintf(en, sizeof en, "Town with the largest gap in %s in {year}", SERVICES[k].en);
        ps_summary_text(s, t->chart_year, key, t->name[best], "-", zh, en);
        snprintf(key, sizeof key, "towns_%s_largest_gap_{year}", SERVICES[k].key);
        snprintf(zh, sizeof zh, "{year}年乡镇%s的最大缺口", SERVICES[k].zh);
        snprintf(en, sizeof en, "Largest gap in %s of a town in {year}", SERVICES[k].en);
        ps_summary_num(s, t->chart_year, key, t->svc[(size_t)iy * t->n + best][k][S_GAP],
                       k == SV_CHILDCARE ? "slots" : k == SV_BEDS ? "beds" : k == SV_MEALS ? "persons" : "service units",
                       zh, en);
        ps_summary_headline(s);
    }
    return ps_summary_error(s, err);
}

/* One sentence per service with a supply: where the largest gap is in the
 * chart year and the nearest town with room. */
static int tw_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    towns *t = self;
    char zh[512], en[512], a[64], b[64], c[64];
    (void)run;
    int iy = t->active ? t->chart_year - t->base : -1;
    if (iy < 0 || iy >= t->ny)
        return PS_OK;
    for (int k = 0; k < SV_N; k++) {
        int nshort, best = worst_town(t, iy, k, &nshort);
        if (best < 0 || isnan(t->svc[(size_t)iy * t->n + best][k][S_SUPPLY]))
            continue;
        double g = t->svc[(size_t)iy * t->n + best][k][S_GAP];
        if (!(g > 0.5)) {
            snprintf(zh, sizeof zh, "乡镇：%d年各乡镇%s均不短缺。", t->chart_year, SERVICES[k].zh);
            snprintf(en, sizeof en, "Towns: in %d no town is short of %s.", t->chart_year,
                     SERVICES[k].en);
        } else {
            int j = t->near[(size_t)iy * t->n + best][k];
            char nz[256] = "", ne[256] = "";
            if (j >= 0) {
                double d = t->dist[best * t->n + j];
                ps_words_count(b, -t->svc[(size_t)iy * t->n + j][k][S_GAP]);
                if (isnan(d)) {
                    snprintf(nz, sizeof nz, "；富余最多的乡镇为%s（富余%s%s；未输入乡镇间距离）",
                             t->name[j], b, SERVICES[k].unit_zh);
                    snprintf(ne, sizeof ne, "; the town with the most room is %s (%s %s spare; "
                             "no distances between towns were given)", t->name[j], b,
                             SERVICES[k].unit_en);
                } else {
                    snprintf(nz, sizeof nz, "；最近的富余乡镇为%s（相距%s公里，富余%s%s）",
                             t->name[j], ps_words_count(c, d), b, SERVICES[k].unit_zh);
                    snprintf(ne, sizeof ne, "; the nearest town with room is %s (%s km away, "
                             "%s %s spare)", t->name[j], ps_words_count(c, d), b,
                             SERVICES[k].unit_en);
                }
            }
            snprintf(zh, sizeof zh, "乡镇：%d年%d个乡镇%s不足，缺口最大的是%s（%s%s）%s。",
                     t->chart_year, nshort, SERVICES[k].zh, t->name[best], ps_words_count(a, g),
                     SERVICES[k].unit_zh, nz);
            snprintf(en, sizeof en, "Towns: in %d, %d towns are short of %s; the largest gap is "
                     "in %s (%s %s)%s.", t->chart_year, nshort, SERVICES[k].en, t->name[best],
                     ps_words_count(a, g), SERVICES[k].unit_en, ne);
        }
        ps_headline_add(h, 450 + k, zh, en);
    }
    return ps_headline_error(h, err);
}

/* ---------------------------------------------------------------- API */

static towns *layer(ps_run *run)
{
    towns *t = ps_run_module_state(run, "towns");
    return t && t->active ? t : NULL;
}

int ps_towns_count(ps_run *run)
{
    towns *t = layer(run);
    return t ? t->n : 0;
}

const char *ps_towns_name(ps_run *run, int town)
{
    towns *t = layer(run);
    return t && town >= 0 && town < t->n ? t->name[town] : NULL;
}

int ps_towns_index(ps_run *run, const char *name)
{
    towns *t = layer(run);
    return t ? town_of(t, name) : -1;
}

static const double *town_row(ps_run *run, int town, int year)
{
    towns *t = layer(run);
    int iy = t ? year - t->base : -1;
    if (!t || town < 0 || town >= t->n || iy < 0 || iy >= t->ny)
        return NULL;
    return t->row[(size_t)iy * t->n + town];
}

double ps_towns_share(ps_run *run, int town, int year)
{
    const double *r = town_row(run, town, year);
    const ps_pop *c = ps_run_pop(run, year);
    if (!r || !c || isnan(r[T_POP]))
        return NAN;
    double cp = ps_pop_sum(c, 0, PS_AGE_OPEN);
    return cp > 0 ? r[T_POP] / cp : NAN;
}

double ps_towns_deaths_share(ps_run *run, int town, int year)
{
    const double *r = town_row(run, town, year);
    const ps_pop_flows *fl = ps_run_flows(run, year);
    if (!r || !fl || isnan(r[T_DEATHS]))
        return NAN;
    double d = fl->deaths[0] + fl->deaths[1];
    return d > 0 ? r[T_DEATHS] / d : NAN;
}

int ps_towns_deaths_shares(ps_run *run, int year, double *out, int max)
{
    towns *t = layer(run);
    if (!t)
        return 0;
    int n = t->n < max ? t->n : max, iy = year - t->base;
    const ps_pop_flows *fl = ps_run_flows(run, year);
    for (int k = 0; k < n; k++) {
        const double *r = iy >= 0 && iy < t->ny ? t->row[(size_t)iy * t->n + k] : NULL;
        if (!r || !fl || isnan(r[T_DEATHS])) {
            out[k] = NAN;
            continue;
        }
        double d = fl->deaths[0] + fl->deaths[1];
        out[k] = d > 0 ? r[T_DEATHS] / d : NAN;
    }
    return n;
}

const ps_pop *ps_towns_pop(ps_run *run, int town, int year)
{
    towns *t = layer(run);
    const double *r = town_row(run, town, year);
    if (!r || isnan(r[T_POP]))
        return NULL;
    return &t->tp[(size_t)(year - t->base) * t->n + town];
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TOWN_TABLE, NULL};

const ps_module ps_towns_module = {
    .name = "towns",
    .label_zh = "乡镇",
    .label_en = "Towns",
    .declares = DECLARES,
    .params = PARAMS,
    .create = tw_create,
    .step = tw_step,
    .reset = tw_reset,
    .tables = tw_tables,
    .write = tw_write,
    .summarize = tw_summarize,
    .headline = tw_headline,
    .destroy = tw_destroy,
};
