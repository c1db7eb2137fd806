/* assistance.c: see assistance.h.  The module runs when the scenario has
 * an `assistance` section and writes assistance.csv, one row a year.
 *
 * Recipients are a stock: population on 1 January times the group rates.
 * Exits (income rising above the line) are a flow, replaced by entries at
 * the same rates; they matter for the phase-out cost only.  Spending is per
 * calendar year at the year's standard.
 * GPL-3.0-or-later. */
#include "assistance.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "csv.h"
#include "module.h"
#include "output.h"
#include "scenario_read.h"

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

int ps_assistance_read_groups(const char *path, ps_assist_groups *g, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    int cg, ca, cf, ct, cr, rc = PS_OK;
    char seen[2][PS_NAGE] = {{0}};
    if (!csv)
        return err->code;
    memset(g, 0, sizeof *g);
    if ((cg = ps_csv_require_col(csv, "group", err)) < 0 ||
        (ca = ps_csv_require_col(csv, "area", err)) < 0 ||
        (cf = ps_csv_require_col(csv, "age_from", err)) < 0 ||
        (ct = ps_csv_require_col(csv, "age_to", err)) < 0 ||
        (cr = ps_csv_require_col(csv, "rate", err)) < 0) {
        rc = err->code;
        goto done;
    }
    if (ps_csv_nrows(csv) == 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: no groups", path);
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        const char *name = ps_csv_field(csv, r, cg), *area = ps_csv_field(csv, r, ca);
        int k = g->n, line = ps_csv_line(csv, r);
        if (k == PS_ASSIST_MAX_GROUPS) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: more than %d groups", path, line,
                            PS_ASSIST_MAX_GROUPS);
            goto done;
        }
        if (!is_identifier(name) || strlen(name) >= PS_ASSIST_NAME) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'group': '%s' is not a name (letters, digits, _; "
                            "under %d characters)",
                            path, line, name, PS_ASSIST_NAME);
            goto done;
        }
        for (int j = 0; j < k; j++)
            if (strcmp(g->name[j], name) == 0) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'group': '%s' appears twice",
                                path, line, name);
                goto done;
            }
        if (strcmp(area, "urban") == 0)
            g->area[k] = PS_AREA_URBAN;
        else if (strcmp(area, "rural") == 0)
            g->area[k] = PS_AREA_RURAL;
        else {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'area': '%s' is not an area (use urban or rural)", path,
                            line, area);
            goto done;
        }
        if ((rc = ps_csv_int(csv, r, cf, 0, PS_AGE_OPEN, &g->age_from[k], err)) ||
            (rc = ps_csv_int(csv, r, ct, 0, PS_AGE_OPEN, &g->age_to[k], err)) ||
            (rc = ps_csv_number(csv, r, cr, &g->rate[k], err)))
            goto done;
        if (!(g->rate[k] >= 0 && g->rate[k] <= 1)) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'rate': %s is %s", path, line,
                            ps_csv_field(csv, r, cr),
                            g->rate[k] < 0 ? "negative" : "outside [0, 1]");
            goto done;
        }
        if (g->age_to[k] < g->age_from[k]) {
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'age_to': %d is below age_from %d",
                            path, line, g->age_to[k], g->age_from[k]);
            goto done;
        }
        for (int a = g->age_from[k]; a <= g->age_to[k]; a++) {
            if (seen[g->area[k]][a]) {
                rc = ps_err_set(err, PS_EINPUT, "%s:%d: %s age %d is in two groups", path, line,
                                area, a);
                goto done;
            }
            seen[g->area[k]][a] = 1;
        }
        snprintf(g->name[k], sizeof g->name[k], "%s", name);
        g->n++;
    }
done:
    ps_csv_free(csv);
    return rc;
}

/* ---------------------------------------------------------------- arithmetic */

double ps_assistance_group_recipients(const ps_pop *p, const ps_assist_groups *g, int k,
                                      double urban_share)
{
    double share = g->area[k] == PS_AREA_URBAN ? urban_share : 1.0 - urban_share;
    return ps_pop_sum(p, g->age_from[k], g->age_to[k]) * share * g->rate[k];
}

double ps_assistance_phaseout_years(double exits_kept, double exits_kept_last_year,
                                    double months)
{
    double spill = months * months / 24.0;
    return (exits_kept * (months - spill) + exits_kept_last_year * spill) / 12.0;
}

double ps_assistance_standard(double s_ref, int ref, const double *growth, int year0, int n,
                              int t)
{
    double s = s_ref;
    (void)n;
    for (int y = ref; y < t; y++)
        s *= 1.0 + growth[y - year0];
    for (int y = ref - 1; y >= t; y--)
        s /= 1.0 + growth[y - year0];
    return s;
}

/* ---------------------------------------------------------------- parameters */

static const ps_param_def PARAMS[] = {
    {"assistance", "section", 0, NULL, NULL, 0, 0, NULL,
     "social assistance (低保 and 临时救助); the module runs when this section is present"},
    {"assistance.groups", "file", 1, NULL, NULL, 0, 0, NULL,
     "CSV group,area,age_from,age_to,rate: share of each group's population receiving 低保"},
    {"assistance.urban_share", "series", 0, "0.6798", "share of residents", 0, 1,
     "2020 census, Feidong: urban 601,520 of 884,792 (data/raw/census2020_profile_*.csv)",
     "share of the population living in urban areas"},
    {"assistance.standard_urban", "number", 0, "798.1", "yuan per person per month", 0, 1e6,
     "china_rules_parameters.csv dibao: national average urban standard 2024 "
     "(Hefei/Feidong not found)",
     "urban 低保 standard in standard_year"},
    {"assistance.standard_rural", "number", 0, "593.9", "yuan per person per month", 0, 1e6,
     "china_rules_parameters.csv dibao: national average rural standard 2024 "
     "(Hefei/Feidong not found)",
     "rural 低保 standard in standard_year"},
    {"assistance.standard_year", "integer", 0, "2024", "year", 1900, 2300,
     "year of the national averages (china_rules_parameters.csv dibao)",
     "year in which the standards above apply"},
    {"assistance.standard_growth", "series", 0, "0.04", "per year", -0.5, 1,
     "assumption: the standard follows consumption per head (民发〔2024〕16号 formula, "
     "china_rules_parameters.csv dibao); try 0.02-0.07",
     "growth of both standards from one year to the next"},
    {"assistance.benefit_share", "series", 0, "0.6", "share of the standard", 0, 1,
     "assumption: 低保 pays the gap between income and the standard; try 0.4-0.9",
     "average payment per recipient as a share of the standard"},
    {"assistance.exit_rate", "series", 0, "0.15", "share of recipients per year", 0, 1,
     "assumption: no local figure; try 0.05-0.25",
     "recipients leaving in the year because their income rises above the line"},
    {"assistance.phaseout_share", "series", 0, "0.5", "share of exits", 0, 1,
     "assumption: exits through work that qualify for 渐退; try 0.2-1",
     "share of exits that keep the benefit for a transition (渐退) period"},
    {"assistance.phaseout_months", "series", 0, "6", "months", 0, 12,
     "assumption: a transition of up to 6 months is common in provincial rules (not in "
     "data/rules); try 3-12",
     "length of the phase-out period"},
    {"assistance.phaseout_benefit", "series", 0, "0.5", "share of the payment", 0, 1,
     "assumption: a reduced rate during the transition; try 0.3-1",
     "payment during phase-out as a share of the regular payment"},
    {"assistance.temporary_rate", "series", 0, "5", "cases per 1,000 residents per year", 0,
     1000, "assumption: no local figure; try 2-10", "temporary assistance (临时救助) cases"},
    {"assistance.temporary_amount", "series", 0, "1200", "yuan per case", 0, 1e7,
     "assumption: no local figure; try 800-2,000", "average temporary assistance payment"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- state */

enum {
    A_STD_URBAN, A_STD_RURAL, A_REC_URBAN, A_REC_RURAL, A_RECIPIENTS, A_RATE, A_AVG_PAYMENT,
    A_EXITS, A_EXITS_KEPT, A_PHASEOUT, A_TEMP_CASES, A_REGULAR, A_PHASEOUT_SPEND,
    A_TEMP_SPEND, A_SPENDING, A_NFIXED
};

#define A_NCOL (A_NFIXED + PS_ASSIST_MAX_GROUPS)

static const ps_column_def FIXED[A_NFIXED + 1] = {
    {"standard_urban", "城市低保标准", "Urban dibao standard", "yuan per person per month", PS_KIND_PRICE, 0},
    {"standard_rural", "农村低保标准", "Rural dibao standard", "yuan per person per month", PS_KIND_PRICE, 0},
    {"recipients_urban", "城市低保对象", "Urban recipients", "persons", PS_KIND_STOCK, 1},
    {"recipients_rural", "农村低保对象", "Rural recipients", "persons", PS_KIND_STOCK, 1},
    {"recipients", "低保对象合计", "All recipients", "persons", PS_KIND_STOCK, 1},
    {"recipient_rate", "低保覆盖率", "Recipients per resident", "share", PS_KIND_RATE, 0},
    {"average_payment", "人均低保金", "Average payment", "yuan per person per month", PS_KIND_PRICE, 0},
    {"exits", "退出低保人数", "Exits", "persons", PS_KIND_FLOW, 0},
    {"phaseout_exits", "渐退人数", "Exits phased out", "persons", PS_KIND_FLOW, 0},
    {"phaseout_recipients", "渐退期对象（人年）", "Recipients in phase-out (person-years)", "persons", PS_KIND_STOCK, 0},
    {"temporary_cases", "临时救助人次", "Temporary assistance cases", "cases", PS_KIND_FLOW, 0},
    {"regular_spending", "低保金支出", "Regular payments", "yuan", PS_KIND_FLOW, 0},
    {"phaseout_spending", "渐退期支出", "Phase-out payments", "yuan", PS_KIND_FLOW, 0},
    {"temporary_spending", "临时救助支出", "Temporary assistance", "yuan", PS_KIND_FLOW, 0},
    {"spending", "社会救助支出合计", "Assistance spending, total", "yuan", PS_KIND_FLOW, 1},
    {NULL, NULL, NULL, NULL, 0, 0}};

typedef struct {
    int active, base, ny, ncol, ref, year0, ngrowth;
    double std_urban, std_rural;
    ps_assist_groups g;
    char col[A_NCOL][PS_ASSIST_NAME + 24];
    char lab[A_NCOL][2][PS_ASSIST_NAME + 48]; /* labels of the group columns */
    ps_column_def def[A_NCOL + 1];            /* assistance.csv's columns */
    const ps_series *urban, *growth_s, *bshare, *exit, *pshare, *pmonths, *pbenefit, *trate,
        *tamount;
    double *growth; /* from year0 to the end year or ref, if later */
    int filled;     /* growth[] is known up to this year */
    double prev_months; /* phase-out length of the previous year */
    ps_table_def tdef; /* assistance.csv: FIXED and one column per group (def) */
    ps_table *tab;
} assistance;

static int number_key(ps_scenario *sc, const char *key, double *out, ps_err *err)
{
    return ps_scenario_number(sc, key, out, err);
}

static void as_destroy(void *self)
{
    assistance *a = self;
    if (a) {
        ps_table_free(a->tab);
        free(a->growth);
    }
    free(a);
}

static int as_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    assistance *a = calloc(1, sizeof *a);
    if (!a)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = a;
    if (!ps_read_has_table(sc, "assistance"))
        return PS_OK;
    a->active = 1;
    a->base = ps_run_base_year(run);
    a->ny = ps_run_end_year(run) - a->base + 1;
    char *groups = ps_scenario_string(sc, "assistance.groups");
    int rc = groups ? ps_assistance_read_groups(groups, &a->g, err)
                    : ps_err_set(err, PS_EINPUT, "assistance: 'assistance.groups' not set");
    free(groups);
    if (rc)
        return rc;
    double ref;
    if (number_key(sc, "assistance.standard_urban", &a->std_urban, err) ||
        number_key(sc, "assistance.standard_rural", &a->std_rural, err) ||
        number_key(sc, "assistance.standard_year", &ref, err))
        return err->code;
    a->ref = (int)ref;
    a->year0 = a->ref < a->base ? a->ref : a->base;
    int last = ps_run_end_year(run) > a->ref ? ps_run_end_year(run) : a->ref;
    a->ngrowth = last - a->year0 + 1;
    a->filled = a->year0 - 1;
    a->growth = calloc((size_t)a->ngrowth, sizeof *a->growth);
    if (!a->growth)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    a->ncol = A_NFIXED + a->g.n;
    for (int k = 0; k < A_NFIXED; k++)
        snprintf(a->col[k], sizeof a->col[k], "%s", FIXED[k].key);
    for (int k = 0; k < a->g.n; k++) {
        char name[PS_ASSIST_NAME]; /* a copy: source and target share *a */
        memcpy(name, a->g.name[k], sizeof name);
        snprintf(a->col[A_NFIXED + k], sizeof a->col[0], "group_%s_recipients", name);
        snprintf(a->lab[A_NFIXED + k][0], sizeof a->lab[0][0], "低保对象（%s组）", name);
        snprintf(a->lab[A_NFIXED + k][1], sizeof a->lab[0][0], "Recipients, group %s", name);
    }
    for (int k = 0; k < a->ncol; k++) {
        a->def[k] = k < A_NFIXED ? FIXED[k]
                                 : (ps_column_def){a->col[k], a->lab[k][0], a->lab[k][1],
                                                   "persons", PS_KIND_STOCK, 0};
    }
    a->def[a->ncol] = (ps_column_def){NULL, NULL, NULL, NULL, 0, 0};
    a->tdef = (ps_table_def){"assistance.csv", NULL, a->def};
    if (!(a->tab = ps_table_new(&a->tdef, a->base, a->ny, 1, err)))
        return err->code;
    a->urban = ps_scenario_series(sc, "assistance.urban_share");
    a->growth_s = ps_scenario_series(sc, "assistance.standard_growth");
    a->bshare = ps_scenario_series(sc, "assistance.benefit_share");
    a->exit = ps_scenario_series(sc, "assistance.exit_rate");
    a->pshare = ps_scenario_series(sc, "assistance.phaseout_share");
    a->pmonths = ps_scenario_series(sc, "assistance.phaseout_months");
    a->pbenefit = ps_scenario_series(sc, "assistance.phaseout_benefit");
    a->trate = ps_scenario_series(sc, "assistance.temporary_rate");
    a->tamount = ps_scenario_series(sc, "assistance.temporary_amount");
    return PS_OK;
}

/* A new draw (issue 18): the results and what the steps carry from year to
 * year back to what as_create leaves; the groups and keys stay. */
static int as_reset(void *self, ps_run *run, ps_err *err)
{
    assistance *a = self;
    (void)run;
    (void)err;
    if (!a->active)
        return PS_OK;
    ps_table_clear(a->tab);
    memset(a->growth, 0, (size_t)a->ngrowth * sizeof *a->growth);
    a->filled = a->year0 - 1;
    a->prev_months = 0.0;
    return PS_OK;
}

static int as_step(void *self, ps_run *run, int year, ps_err *err)
{
    assistance *a = self;
    if (!a->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    int i = year - a->base;
    double *r = ps_table_row(a->tab, year, 0);
    const ps_pop *p = ps_run_pop(run, year);
    if (!p)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    /* Growth rates from year0 up to this year, and up to the reference
     * year if it lies ahead (the standard is deflated back from it). */
    int need = year > a->ref - 1 ? year : a->ref - 1;
    for (int y = a->filled + 1; y <= need; y++)
        if (ps_series_at(sc, a->growth_s, y, &a->growth[y - a->year0], err))
            return err->code;
    if (need > a->filled)
        a->filled = need;
    double urban, bshare, exit, pshare, months, pbenefit, trate, tamount;
    if (ps_series_at(sc, a->urban, year, &urban, err) ||
        ps_series_at(sc, a->bshare, year, &bshare, err) ||
        ps_series_at(sc, a->exit, year, &exit, err) ||
        ps_series_at(sc, a->pshare, year, &pshare, err) ||
        ps_series_at(sc, a->pmonths, year, &months, err) ||
        ps_series_at(sc, a->pbenefit, year, &pbenefit, err) ||
        ps_series_at(sc, a->trate, year, &trate, err) ||
        ps_series_at(sc, a->tamount, year, &tamount, err))
        return err->code;
    int nknown = a->filled - a->year0 + 1;
    r[A_STD_URBAN] =
        ps_assistance_standard(a->std_urban, a->ref, a->growth, a->year0, nknown, year);
    r[A_STD_RURAL] =
        ps_assistance_standard(a->std_rural, a->ref, a->growth, a->year0, nknown, year);
    double rec[2] = {0.0, 0.0};
    for (int k = 0; k < a->g.n; k++) {
        double n = ps_assistance_group_recipients(p, &a->g, k, urban);
        r[A_NFIXED + k] = n;
        rec[a->g.area[k]] += n;
    }
    double pop = ps_pop_sum(p, 0, PS_AGE_OPEN);
    r[A_REC_URBAN] = rec[PS_AREA_URBAN];
    r[A_REC_RURAL] = rec[PS_AREA_RURAL];
    r[A_RECIPIENTS] = rec[0] + rec[1];
    r[A_RATE] = pop > 0 ? r[A_RECIPIENTS] / pop : NAN;
    /* Monthly payments; the recipients' average weights the two areas. */
    double pay_u = r[A_STD_URBAN] * bshare, pay_r = r[A_STD_RURAL] * bshare;
    r[A_AVG_PAYMENT] = r[A_RECIPIENTS] > 0
                           ? (rec[0] * pay_u + rec[1] * pay_r) / r[A_RECIPIENTS]
                           : bshare * (urban * r[A_STD_URBAN] + (1 - urban) * r[A_STD_RURAL]);
    r[A_EXITS] = r[A_RECIPIENTS] * exit;
    r[A_EXITS_KEPT] = r[A_EXITS] * pshare;
    /* Last year's phased-out exits spill into this year at last year's
     * length (the length in force when they left). */
    double last_kept = 0.0, last_months = 0.0;
    if (i > 0) {
        last_kept = ps_table_row(a->tab, year - 1, 0)[A_EXITS_KEPT];
        last_months = a->prev_months;
    }
    r[A_PHASEOUT] = ps_assistance_phaseout_years(r[A_EXITS_KEPT], 0.0, months) +
                    ps_assistance_phaseout_years(0.0, last_kept, last_months);
    a->prev_months = months;
    r[A_TEMP_CASES] = pop * trate / 1000.0;
    r[A_REGULAR] = 12.0 * (rec[0] * pay_u + rec[1] * pay_r);
    r[A_PHASEOUT_SPEND] = 12.0 * r[A_PHASEOUT] * r[A_AVG_PAYMENT] * pbenefit;
    r[A_TEMP_SPEND] = r[A_TEMP_CASES] * tamount;
    r[A_SPENDING] = r[A_REGULAR] + r[A_PHASEOUT_SPEND] + r[A_TEMP_SPEND];
    return PS_OK;
}

/* The run writes assistance.csv from the table, registers its columns and
 * answers state.get and stochastic series from it (module.h). */
static int as_tables(void *self, const ps_table **out, int max)
{
    assistance *a = self;
    if (!a->active || max < 1)
        return 0;
    out[0] = a->tab;
    return 1;
}

static int as_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    assistance *a = self;
    static const int years[] = {2025, 2030, 2035};
    (void)run;
    (void)err;
    if (!a->active)
        return PS_OK;
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k];
        const double *r = ps_table_row_const(a->tab, y, 0);
        if (!r)
            continue;
        ps_summary_num(s, y, "dibao_recipients_{year}", r[A_RECIPIENTS], "persons",
                       "{year}年低保对象（城乡合计）",
                       "Minimum living allowance (dibao) recipients in {year}");
        ps_summary_num(s, y, "assistance_spending_{year}", r[A_SPENDING], "yuan",
                       "{year}年社会救助支出合计", "Social assistance spending in {year}");
    }
    return PS_OK;
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def DECL_TABLE = {"assistance.csv", NULL, FIXED};
static const ps_table_def *const DECLARES[] = {&DECL_TABLE, NULL};

const ps_module ps_assistance_module = {
    .name = "assistance",
    .label_zh = "最低生活保障",
    .label_en = "Social assistance (dibao)",
    .declares = DECLARES,
    .params = PARAMS,
    .create = as_create,
    .reset = as_reset,
    .step = as_step,
    .tables = as_tables,
    .summarize = as_summarize,
    .destroy = as_destroy,
};
