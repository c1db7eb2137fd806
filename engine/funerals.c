/* funerals.c: see funerals.h.  The module runs when the scenario has a
 * `funerals` section and writes funerals.csv (one row a year) and
 * funerals_townships.csv (one row a township).  GPL-3.0-or-later. */
#include "funerals.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "scenario_read.h"
#include "table.h"
#include "csv.h"
#include "budget.h"
#include "hh_common.h"
#include "module.h"
#include "output.h"
#include "towns.h"

/* ---------------------------------------------------------------- reader */

static int is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

/* A blank field is NaN; else a number >= 0. */
static int opt_number(const ps_csv *csv, int row, int col, double *out, ps_err *err)
{
    if (col < 0 || !*ps_csv_field(csv, row, col)) {
        *out = NAN;
        return PS_OK;
    }
    if (ps_csv_number(csv, row, col, out, err))
        return err->code;
    if (*out < 0)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is negative",
                          ps_csv_name(csv), ps_csv_line(csv, row), ps_csv_header(csv, col),
                          ps_csv_field(csv, row, col));
    return PS_OK;
}

int ps_funerals_read_townships(const char *path, ps_townships *t, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int ci, cn, cp, cc, rc = PS_OK;
    double total = 0.0;
    if (!csv)
        return err->code;
    memset(t, 0, sizeof *t);
    if ((ci = ps_csv_require_col(csv, "id", err)) < 0 ||
        (cn = ps_csv_require_col(csv, "name", err)) < 0 ||
        (cp = ps_csv_require_col(csv, "population_2020", err)) < 0 ||
        (cc = ps_csv_require_col(csv, "cemeteries", err)) < 0) {
        rc = err->code;
        goto done;
    }
    int ccap = ps_csv_col(csv, "capacity"), cused = ps_csv_col(csv, "used");
    if (ps_csv_nrows(csv) == 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: no townships", path);
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        int k = t->n, line = ps_csv_line(csv, r);
        const char *id = ps_csv_field(csv, r, ci);
        if (k == PS_FUNERALS_MAX_TOWNS) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: more than %d townships", path, line,
                            PS_FUNERALS_MAX_TOWNS);
            goto done;
        }
        if (!is_identifier(id) || strlen(id) >= PS_FUNERALS_NAME) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'id': '%s' is not a name (letters, digits, _; under "
                            "%d characters)", path, line, id, PS_FUNERALS_NAME);
            goto done;
        }
        for (int j = 0; j < k; j++)
            if (strcmp(t->id[j], id) == 0) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'id': '%s' appears twice", path,
                                line, id);
                goto done;
            }
        if ((rc = ps_csv_number(csv, r, cp, &t->population[k], err)))
            goto done;
        if (!(t->population[k] >= 0)) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'population_2020': %s is negative",
                            path, line, ps_csv_field(csv, r, cp));
            goto done;
        }
        if ((rc = ps_csv_int(csv, r, cc, 0, 100, &t->cemeteries[k], err)) ||
            (rc = opt_number(csv, r, ccap, &t->capacity[k], err)) ||
            (rc = opt_number(csv, r, cused, &t->used[k], err)))
            goto done;
        if (!isnan(t->capacity[k]) && !isnan(t->used[k]) && t->used[k] > t->capacity[k]) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'used': %s is above capacity %s",
                            path, line, ps_csv_field(csv, r, cused),
                            ps_csv_field(csv, r, ccap));
            goto done;
        }
        snprintf(t->id[k], sizeof t->id[k], "%s", id);
        snprintf(t->name[k], sizeof t->name[k], "%s", ps_csv_field(csv, r, cn));
        total += t->population[k];
        t->n++;
    }
    if (!(total > 0))
        rc = ps_err_set(err, PS_EINPUT, "%s: column 'population_2020': the townships hold no "
                        "population", path);
done:
    ps_csv_free(csv);
    return rc;
}

/* ---------------------------------------------------------------- arithmetic */

void ps_funerals_split(double deaths, double cremation_rate, double eco_share,
                       double plots_per_death, ps_funeral_split *o)
{
    o->cremations = deaths * cremation_rate;
    o->body_burials = deaths - o->cremations;
    o->eco_burials = o->cremations * eco_share;
    o->cemetery_burials = deaths - o->eco_burials;
    o->plots = o->cemetery_burials * plots_per_death;
}

int ps_funerals_fill(double capacity, double *used, double plots)
{
    int before = *used < capacity;
    *used += plots;
    return before && *used >= capacity;
}

int ps_funerals_fill_year(double capacity, double used, const double *plots, int n, int base)
{
    if (used >= capacity)
        return base;
    for (int i = 0; i < n; i++)
        if (ps_funerals_fill(capacity, &used, plots[i]))
            return base + i;
    return 0;
}

/* ---------------------------------------------------------------- parameters */

static const ps_param_def PARAMS[] = {
    {"funerals", "section", 0, NULL, NULL, 0, 0, NULL,
     "funerals and public cemeteries (殡葬); the module runs when this section is present"},
    {"funerals.townships", "file", 1, NULL, NULL, 0, 0, NULL,
     "CSV id,name,population_2020,cemeteries[,capacity,used]: township-level units and their "
     "public cemeteries (data/funerals/townships.csv)"},
    {"funerals.cremation_rate", "series", 0, "0.95", "share of deaths", 0, 1,
     "assumption: Anhui is a cremation area, body burial the exception; try 0.85-1",
     "deaths cremated"},
    {"funerals.eco_share", "series", 0, "0.2", "share of cremations", 0, 1,
     "assumption: the plan promotes eco-friendly burial (节地生态安葬) to 2025 without a figure; "
     "try 0.1-0.5",
     "cremated remains given an eco burial (no plot)"},
    {"funerals.plots_per_death", "series", 0, "0.6", "plots per burial", 0, 2,
     "assumption: double plots shared by couples; try 0.5-1",
     "new plots needed per burial in a cemetery"},
    {"funerals.public_share", "series", 0, "0.7", "share of plots", 0, 1,
     "assumption: rural residents use the township's public cemetery, town residents partly "
     "operating cemeteries; try 0.5-0.9",
     "plots taken in the township's public cemetery (where it has one)"},
    {"funerals.plots_per_cemetery", "number", 0, "3000", "plots", 1, 1e7,
     "assumption: no local figure; try 1,000-8,000",
     "capacity of a public cemetery (where the township file leaves it blank)"},
    {"funerals.initial_use", "number", 0, "0.3", "share of capacity", 0, 1,
     "assumption: no local figure; try 0-0.6",
     "share of a cemetery's plots taken at the base year (where the file leaves it blank)"},
    {"funerals.expand", "boolean", 0, "true", NULL, 0, 0,
     "assumption: the county builds a new cemetery when one fills",
     "when a township's cemetery fills, a new one of plots_per_cemetery plots is built"},
    {"funerals.plot_cost", "series", 0, "3000", "yuan per plot", 0, 1e7,
     "assumption: land, paths and greening of a public cemetery; try 1,000-6,000",
     "construction cost per plot of a new public cemetery"},
    {"funerals.service_cost", "series", 0, "1500", "yuan per death", 0, 1e7,
     "assumption: basic funeral services free of charge (惠民殡葬: transport, cremation, urn); "
     "try 800-3,000",
     "public cost of the basic funeral services per death"},
    {"funerals.eco_award", "series", 0, "1000", "yuan per eco burial", 0, 1e7,
     "assumption: awards for eco burial; try 500-3,000", "award per eco burial"},
    {"funerals.county_share", "series", 0, "1", "share of the cost", 0, 1,
     "assumption: funeral services are a county responsibility; try 0.7-1",
     "county's share of funeral costs (the rest: higher governments)"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- columns */

enum {
    F_DEATHS, F_CREMATIONS, F_BODY, F_ECO, F_CEMETERY, F_ECO_RATE, F_PLOTS, F_PUBLIC_PLOTS,
    F_OTHER_PLOTS, F_CAPACITY, F_USED, F_REMAINING, F_FULL, F_BUILT, F_PLOTS_PER_1000,
    F_SERVICE_COST, F_ECO_COST, F_BUILD_COST, F_COST, F_COST_COUNTY, F_NCOL
};

static const ps_column_def COLS[F_NCOL + 1] = {
    {"deaths", "死亡人数", "Deaths", "persons", PS_KIND_FLOW, 1},
    {"cremations", "火化", "Cremations", "persons", PS_KIND_FLOW, 0},
    {"body_burials", "遗体安葬", "Body burials", "persons", PS_KIND_FLOW, 0},
    {"eco_burials", "节地生态安葬", "Eco-friendly burials", "persons", PS_KIND_FLOW, 0},
    {"cemetery_burials", "墓地安葬", "Burials in cemeteries", "persons", PS_KIND_FLOW, 0},
    {"eco_burial_rate", "节地生态安葬率", "Eco-burial share of deaths", "share", PS_KIND_RATE, 0},
    {"plots_needed", "新增墓穴需求", "New plots needed", "plots", PS_KIND_FLOW, 1},
    {"public_plots_needed", "公益性公墓墓穴需求", "Plots in public cemeteries", "plots", PS_KIND_FLOW, 0},
    {"other_plots_needed", "经营性公墓等墓穴需求", "Plots elsewhere (operating cemeteries)", "plots", PS_KIND_FLOW, 0},
    {"public_capacity", "公益性公墓容量（年末）", "Public cemetery capacity (end of year)", "plots", PS_KIND_STOCK, 0},
    {"public_used", "公益性公墓已用墓穴（年末）", "Public cemetery plots used (end of year)", "plots", PS_KIND_STOCK, 0},
    {"public_remaining", "公益性公墓剩余墓穴（年末）", "Public cemetery plots left (end of year)", "plots", PS_KIND_STOCK, 1},
    {"townships_full", "首座公墓已满的乡镇数", "Townships whose first cemetery is full", "townships", PS_KIND_STOCK, 0},
    {"cemeteries_built", "新建公益性公墓", "Public cemeteries built", "cemeteries", PS_KIND_FLOW, 0},
    {"plots_per_1000_deaths", "每千死亡人口新增墓穴", "New plots per 1,000 deaths", "per 1,000", PS_KIND_RATE, 0},
    {"service_cost", "基本殡葬服务支出", "Basic funeral services", "yuan", PS_KIND_FLOW, 0},
    {"eco_award_cost", "生态安葬奖补", "Eco-burial awards", "yuan", PS_KIND_FLOW, 0},
    {"cemetery_build_cost", "公墓建设支出", "Cemetery construction", "yuan", PS_KIND_FLOW, 0},
    {"cost", "殡葬支出合计", "Funeral services cost", "yuan", PS_KIND_FLOW, 1},
    {"cost_county", "其中县级承担", "of which the county pays", "yuan", PS_KIND_FLOW, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_table_def TABLE = {"funerals.csv", NULL, COLS};

typedef struct {
    int active, base, ny, expand;
    double per_cemetery, initial_use;
    ps_townships tw;
    double cap0[PS_FUNERALS_MAX_TOWNS], used0[PS_FUNERALS_MAX_TOWNS];
    double cap[PS_FUNERALS_MAX_TOWNS], used[PS_FUNERALS_MAX_TOWNS];
    int fill_year[PS_FUNERALS_MAX_TOWNS], added[PS_FUNERALS_MAX_TOWNS];
    int town[PS_FUNERALS_MAX_TOWNS]; /* index in the towns layer, or -1 */
    int matched;
    char path[1024];
    const ps_series *crem, *eco, *ppd, *pub, *plot_cost, *svc, *award, *county;
    ps_table *tab;
} funerals;

/* The share of the county's deaths in township k in `year`: from the
 * towns layer (towns.h) when the scenario has one and it knows every
 * township of the file by name, else the file's 2020 population shares. */
/* The towns layer's deaths shares of a year, read once for every township
 * (issue 18): n < 0 until read. */
typedef struct {
    int year, n;
    double s[PS_TOWNS_MAX];
} town_shares;

static double town_deaths_share(ps_run *run, town_shares *c, int town, int year)
{
    if (!c)
        return ps_towns_deaths_share(run, town, year);
    if (c->n < 0 || c->year != year) {
        c->year = year;
        c->n = ps_towns_deaths_shares(run, year, c->s, PS_TOWNS_MAX);
    }
    return town < c->n ? c->s[town] : NAN;
}

static double township_share(const funerals *f, ps_run *run, int k, int year, town_shares *now,
                             town_shares *before)
{
    if (f->town[k] >= 0) {
        double s = town_deaths_share(run, now, f->town[k], year);
        if (isfinite(s))
            return s;
        /* The run's last year has no towns flows: the year before's share. */
        s = town_deaths_share(run, before, f->town[k], year - 1);
        if (isfinite(s))
            return s;
    }
    double total = 0.0;
    for (int j = 0; j < f->tw.n; j++)
        total += f->tw.population[j];
    return f->tw.population[k] / total;
}

/* Matches the file's townships to the towns layer by name (once, at the
 * first step: the towns module is created before this one). */
static int match_towns(funerals *f, ps_run *run, ps_err *err)
{
    int found = 0;
    for (int k = 0; k < f->tw.n; k++) {
        f->town[k] = ps_towns_count(run) > 0 ? ps_towns_index(run, f->tw.name[k]) : -1;
        found += f->town[k] >= 0;
    }
    if (found > 0 && found < f->tw.n)
        for (int k = 0; k < f->tw.n; k++)
            if (f->town[k] < 0)
                return ps_err_set(err, PS_EINPUT,
                                  "%s: township '%s' (id %s) is not a town of the towns layer "
                                  "(towns.file): name every township as the towns file does",
                                  f->path, f->tw.name[k], f->tw.id[k]);
    f->matched = 1;
    return PS_OK;
}

static void fu_destroy(void *self)
{
    funerals *f = self;
    if (f)
        ps_table_free(f->tab);
    free(f);
}

static int fu_reset(void *self, ps_run *run, ps_err *err)
{
    funerals *f = self;
    (void)run;
    (void)err;
    if (!f->active)
        return PS_OK;
    ps_table_clear(f->tab);
    for (int k = 0; k < f->tw.n; k++) {
        f->cap[k] = f->cap0[k];
        f->used[k] = f->used0[k];
        f->fill_year[k] = f->cap0[k] > 0 && f->used0[k] >= f->cap0[k] ? f->base : 0;
        f->added[k] = 0;
        f->town[k] = -1;
    }
    f->matched = 0;
    return PS_OK;
}

static int fu_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    int on, rc = ps_hh_state_new(sc, "funerals", sizeof(funerals), self, &on, err);
    funerals *f = *self;
    if (rc || !on)
        return rc;
    f->active = 1;
    f->base = ps_run_base_year(run);
    f->ny = ps_run_end_year(run) - f->base + 1;
    char *path = ps_scenario_string(sc, "funerals.townships");
    if (path)
        snprintf(f->path, sizeof f->path, "%s", path);
    rc = path ? ps_funerals_read_townships(path, &f->tw, err)
                  : ps_err_set(err, PS_EINPUT, "funerals: 'funerals.townships' not set");
    free(path);
    if (rc)
        return rc;
    if (ps_scenario_number(sc, "funerals.plots_per_cemetery", &f->per_cemetery, err) ||
        ps_scenario_number(sc, "funerals.initial_use", &f->initial_use, err))
        return err->code;
    f->expand = ps_scenario_bool(sc, "funerals.expand", 1);
    for (int k = 0; k < f->tw.n; k++) {
        f->cap0[k] = isnan(f->tw.capacity[k]) ? f->tw.cemeteries[k] * f->per_cemetery
                                              : f->tw.capacity[k];
        f->used0[k] = isnan(f->tw.used[k]) ? f->cap0[k] * f->initial_use : f->tw.used[k];
    }
    f->crem = ps_scenario_series(sc, "funerals.cremation_rate");
    f->eco = ps_scenario_series(sc, "funerals.eco_share");
    f->ppd = ps_scenario_series(sc, "funerals.plots_per_death");
    f->pub = ps_scenario_series(sc, "funerals.public_share");
    f->plot_cost = ps_scenario_series(sc, "funerals.plot_cost");
    f->svc = ps_scenario_series(sc, "funerals.service_cost");
    f->award = ps_scenario_series(sc, "funerals.eco_award");
    f->county = ps_scenario_series(sc, "funerals.county_share");
    if (!(f->tab = ps_table_new(&TABLE, f->base, f->ny, 1, err)))
        return err->code;
    return fu_reset(f, run, err);
}

/* The deaths of `year`: the projection's flow from `year` to the next; in
 * the run's last year, which has no step after it, the deaths a step from
 * that year's population with that year's rates gives (the same deaths a
 * run one year longer projects), so the last year's funerals and their
 * cost are not left empty. */
static int year_deaths(ps_run *run, int year, double *deaths)
{
    const ps_pop_flows *fl = ps_run_flows(run, year);
    if (fl) {
        *deaths = fl->deaths[0] + fl->deaths[1];
        return 0;
    }
    const ps_pop *p = ps_run_pop(run, year);
    const ps_pop_year *y = ps_run_year_inputs(run, year);
    if (!p || !y)
        return -1;
    ps_pop next;
    ps_pop_flows f;
    ps_pop_step(p, y, &next, &f);
    *deaths = f.deaths[0] + f.deaths[1];
    return 0;
}

static int fu_step(void *self, ps_run *run, int year, ps_err *err)
{
    funerals *f = self;
    if (!f->active)
        return PS_OK;
    double deaths;
    if (year_deaths(run, year, &deaths))
        return ps_err_set(err, PS_EINTERNAL, "funerals: population of %d not available", year);
    ps_scenario *sc = ps_run_scenario(run);
    if (!f->matched && match_towns(f, run, err))
        return err->code;
    double crem, eco, ppd, pub, pcost, svc, award, county;
    if (ps_series_at(sc, f->crem, year, &crem, err) ||
        ps_series_at(sc, f->eco, year, &eco, err) ||
        ps_series_at(sc, f->ppd, year, &ppd, err) ||
        ps_series_at(sc, f->pub, year, &pub, err) ||
        ps_series_at(sc, f->plot_cost, year, &pcost, err) ||
        ps_series_at(sc, f->svc, year, &svc, err) ||
        ps_series_at(sc, f->award, year, &award, err) ||
        ps_series_at(sc, f->county, year, &county, err))
        return err->code;
    double *r = ps_table_row(f->tab, year, 0);
    ps_funeral_split s;
    r[F_DEATHS] = deaths;
    ps_funerals_split(r[F_DEATHS], crem, eco, ppd, &s);
    r[F_CREMATIONS] = s.cremations;
    r[F_BODY] = s.body_burials;
    r[F_ECO] = s.eco_burials;
    r[F_CEMETERY] = s.cemetery_burials;
    r[F_ECO_RATE] = r[F_DEATHS] > 0 ? s.eco_burials / r[F_DEATHS] : NAN;
    r[F_PLOTS] = s.plots;
    r[F_PLOTS_PER_1000] = r[F_DEATHS] > 0 ? s.plots / r[F_DEATHS] * 1000 : NAN;
    double public_plots = 0.0, cap = 0.0, used = 0.0;
    int full = 0, built = 0;
    town_shares now, before;
    now.n = before.n = -1;
    for (int k = 0; k < f->tw.n; k++) {
        if (f->cap[k] > 0) {
            double d = s.plots * pub * township_share(f, run, k, year, &now, &before);
            public_plots += d;
            if (ps_funerals_fill(f->cap[k], &f->used[k], d)) {
                if (!f->fill_year[k])
                    f->fill_year[k] = year;
                if (f->expand) {
                    /* A new cemetery the year the last one fills; it takes
                     * what did not fit. */
                    f->cap[k] += f->per_cemetery;
                    f->added[k]++;
                    built++;
                }
            }
        }
        cap += f->cap[k];
        used += f->used[k];
        full += f->fill_year[k] != 0;
    }
    r[F_PUBLIC_PLOTS] = public_plots;
    r[F_OTHER_PLOTS] = s.plots - public_plots;
    r[F_CAPACITY] = cap;
    r[F_USED] = used;
    r[F_REMAINING] = cap - used;
    r[F_FULL] = full;
    r[F_BUILT] = built;
    r[F_SERVICE_COST] = r[F_DEATHS] * svc;
    r[F_ECO_COST] = s.eco_burials * award;
    r[F_BUILD_COST] = built * f->per_cemetery * pcost;
    r[F_COST] = r[F_SERVICE_COST] + r[F_ECO_COST] + r[F_BUILD_COST];
    r[F_COST_COUNTY] = r[F_COST] * county;
    /* The county budget ledger (budget.h), programme "funerals": the
     * higher governments' part booked as provincial. */
    static const char *const K[3] = {NULL, "funerals.county_share", NULL};
    ps_budget_label(run, "funerals", "殡葬（惠民殡葬、节地生态安葬奖补、公益性公墓）",
                    "Funerals (basic services, eco-burial awards, public cemeteries)");
    if (ps_budget_add_split(run, "funerals", year, r[F_COST], 0, 1 - county, 0, K, err))
        return err->code;
    ps_budget_drivers(run, "funerals", year, ps_pop_sum(ps_run_pop(run, year), 0, PS_AGE_OPEN),
                      r[F_DEATHS]);
    return PS_OK;
}

static int fu_write(void *self, ps_run *run, const char *dir, ps_err *err)
{
    funerals *f = self;
    char b[32];
    if (!f->active)
        return PS_OK;
    FILE *o = ps_open_out(dir, "funerals_townships.csv", err);
    if (!o)
        return err->code;
    fputs("id,name,share_of_deaths,cemeteries,capacity_base,used_base,fill_year,"
          "cemeteries_added,capacity_end,used_end\n", o);
    for (int k = 0; k < f->tw.n; k++) {
        fprintf(o, "%s,%s,%s,%d,", f->tw.id[k], f->tw.name[k],
                ps_fmt(b, township_share(f, run, k, f->base, NULL, NULL)), f->tw.cemeteries[k]);
        fprintf(o, "%s,", ps_fmt(b, f->cap0[k]));
        fprintf(o, "%s,", ps_fmt(b, f->used0[k]));
        if (f->cap0[k] > 0 && f->fill_year[k])
            fprintf(o, "%d", f->fill_year[k]);
        else if (f->cap0[k] > 0)
            fputs("none", o);
        fprintf(o, ",%d,%s,", f->added[k], ps_fmt(b, f->cap[k]));
        fprintf(o, "%s\n", ps_fmt(b, f->used[k]));
    }
    if (ps_close_out(o, dir, "funerals_townships.csv", err))
        return err->code;
    static const ps_column_def TCOLS[] = {
        {"id", "乡镇代码", "Township id", "-", PS_KIND_KEY, 0},
        {"name", "乡镇", "Township", "-", PS_KIND_TEXT, 0},
        {"share_of_deaths", "占全县死亡比例（基年）", "Share of the county's deaths (base year)",
         "share", PS_KIND_RATE, 0},
        {"cemeteries", "公益性公墓数（基年）", "Public cemeteries (base year)", "cemeteries",
         PS_KIND_STOCK, 0},
        {"capacity_base", "公墓容量（基年）", "Cemetery capacity (base year)", "plots",
         PS_KIND_STOCK, 0},
        {"used_base", "已用墓穴（基年）", "Plots used (base year)", "plots", PS_KIND_STOCK, 0},
        {"fill_year", "首座公墓用满年份", "Year the cemetery fills", "year", PS_KIND_TEXT, 1},
        {"cemeteries_added", "新建公墓数", "Cemeteries added", "cemeteries", PS_KIND_FLOW, 0},
        {"capacity_end", "公墓容量（期末）", "Cemetery capacity (end)", "plots", PS_KIND_STOCK, 0},
        {"used_end", "已用墓穴（期末）", "Plots used (end)", "plots", PS_KIND_STOCK, 0},
        {NULL, NULL, NULL, NULL, 0, 0}};
    return ps_columns_register(dir, "funerals_townships.csv", TCOLS, err);
}

static int fu_tables(void *self, const ps_table **out, int max)
{
    funerals *x = self;
    return ps_hh_one_table(x->active ? x->tab : NULL, out, max);
}

static int fu_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    funerals *u = self;
    static const int years[] = {2025, 2030, 2035};
    char key[96], zh[160], en[200], yb[16];
    (void)run;
    if (!u->active)
        return PS_OK;
    int first = 0, nfull = 0, nwith = 0;
    for (int k = 0; k < u->tw.n; k++) {
        if (u->cap0[k] <= 0)
            continue;
        nwith++;
        if (u->fill_year[k]) {
            nfull++;
            if (!first || u->fill_year[k] < first)
                first = u->fill_year[k];
        }
    }
    snprintf(yb, sizeof yb, "%d", first);
    ps_summary_text(s, 0, "cemetery_first_fill_year", first ? yb : "none", "year",
                    "第一座乡镇公益性公墓用满的年份", "First year a township's public cemetery is full");
    ps_summary_num(s, 0, "townships_with_public_cemetery", nwith, "townships",
                   "有公益性公墓的乡镇数", "Townships with a public cemetery");
    for (int k = 0; k < u->tw.n; k++) {
        if (u->cap0[k] <= 0)
            continue;
        snprintf(key, sizeof key, "cemetery_fill_year_%s", u->tw.id[k]);
        snprintf(zh, sizeof zh, "%s公益性公墓用满年份", u->tw.name[k]);
        snprintf(en, sizeof en, "Year the public cemetery of %s (%s) is full", u->tw.id[k],
                 u->tw.name[k]);
        snprintf(yb, sizeof yb, "%d", u->fill_year[k]);
        ps_summary_text(s, 0, key, u->fill_year[k] ? yb : "none", "year", zh, en);
    }
    ps_summary_num(s, 0, "townships_cemetery_full_by_end", nfull, "townships",
                   "预测期末公墓已满的乡镇数", "Townships whose cemetery is full by the horizon");
    int base = ps_table_base(u->tab), ny = ps_table_nyears(u->tab);
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k];
        if (y < base || y >= base + ny - 1)
            continue;
        const double *r = ps_table_row(u->tab, y, 0);
        ps_summary_num(s, y, "cremations_{year}", r[F_CREMATIONS], "persons", "{year}年火化人数",
                       "Cremations in {year}");
        ps_summary_num(s, y, "eco_burials_{year}", r[F_ECO], "persons",
                       "{year}年节地生态安葬人数", "Eco-friendly burials in {year}");
        ps_summary_num(s, y, "public_plots_left_{year}", r[F_REMAINING], "plots",
                       "{year}年末公益性公墓剩余墓穴", "Public cemetery plots left at end-{year}");
        ps_summary_num(s, y, "funerals_cost_{year}", r[F_COST], "yuan", "{year}年殡葬支出",
                       "Funeral services cost in {year}");
    }
    return ps_summary_error(s, err);
}

static int fu_headline(void *self, ps_run *run, ps_headline *hl, ps_err *err)
{
    funerals *u = self;
    char zh[640], en[640], a[64], b[64], c[64];
    (void)run;
    if (!u->active)
        return PS_OK;
    int first = 0, fk = -1, nwith = 0, by2035 = 0;
    for (int k = 0; k < u->tw.n; k++) {
        if (u->cap0[k] <= 0)
            continue;
        nwith++;
        by2035 += u->fill_year[k] && u->fill_year[k] <= 2035;
        if (u->fill_year[k] && (!first || u->fill_year[k] < first)) {
            first = u->fill_year[k];
            fk = k;
        }
    }
    int base = ps_table_base(u->tab), last = base + ps_table_nyears(u->tab) - 2;
    int y = 2025 <= last ? 2025 : last;
    const double *r = ps_table_row(u->tab, y, 0);
    if (fk >= 0) {
        snprintf(zh, sizeof zh,
                 "殡葬：%d年死亡约%s人，新增墓穴需求%s穴；%s的公益性公墓%d年用满，到2035年%d个乡镇（共%d个有公墓）的公墓用满；当年殡葬支出%s。",
                 y, ps_words_count(a, r[F_DEATHS]), ps_words_count(b, r[F_PLOTS]),
                 u->tw.name[fk], first, by2035, nwith, ps_words_money(c, r[F_COST], 0));
        snprintf(en, sizeof en,
                 "Funerals: about %s deaths in %d needing %s new plots; the public cemetery of "
                 "%s is full in %d, and %d of %d townships' cemeteries by 2035; funeral "
                 "services cost %s that year.",
                 ps_words_count(a, r[F_DEATHS]), y, ps_words_count(b, r[F_PLOTS]),
                 u->tw.id[fk], first, by2035, nwith, ps_words_money(c, r[F_COST], 1));
    } else {
        snprintf(zh, sizeof zh,
                 "殡葬：%d年死亡约%s人，新增墓穴需求%s穴；预测期内各乡镇公益性公墓均未用满；当年殡葬支出%s。",
                 y, ps_words_count(a, r[F_DEATHS]), ps_words_count(b, r[F_PLOTS]),
                 ps_words_money(c, r[F_COST], 0));
        snprintf(en, sizeof en,
                 "Funerals: about %s deaths in %d needing %s new plots; no township's public "
                 "cemetery is full within the horizon; funeral services cost %s that year.",
                 ps_words_count(a, r[F_DEATHS]), y, ps_words_count(b, r[F_PLOTS]),
                 ps_words_money(c, r[F_COST], 1));
    }
    ps_headline_add(hl, 400, zh, en);
    return ps_headline_error(hl, err);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_funerals_module = {
    .name = "funerals",
    .label_zh = "殡葬服务与公益性公墓",
    .label_en = "Funerals and public cemeteries",
    .declares = DECLARES,
    .params = PARAMS,
    .create = fu_create,
    .step = fu_step,
    .tables = fu_tables,
    .write = fu_write,
    .reset = fu_reset,
    .summarize = fu_summarize,
    .headline = fu_headline,
    .destroy = fu_destroy,
};
