/* pension_resident.c: the urban-rural resident pension and the
 * land-expropriated farmers' guarantee (MODEL.md section 3).
 *
 * Resident pension, year t (person-years lived in the year, as in the
 * employee module):
 *   outside[s][a] = P[s][a] (1 - q/2) - employee contributors - employee
 *                   retirees (never below 0);
 *   participants  = outside x participation, ages 16..59 (the cohort turning
 *                   60 in the year counts half a year each way);
 *   beneficiaries = outside x eligibility, ages 60 and over;
 *   pension       = basic (central minimum + local top-up, both paths,
 *                   paid to every beneficiary) + IA pension, which is the
 *                   cohort's IA balance / divisor at 60 and is paid from the
 *                   account until it is used up, then by local finance.
 * The "fund" is the sum of individual accounts: contributions and
 * subsidies in, IA pensions out, credited interest; the basic pension is
 * financed by the budget in the same year, so it appears on both sides.
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "csv.h"
#include "output.h"
#include "pension_employee.h"
#include "scenario_read.h"
#include "pension_resident.h"

/* ---------------------------------------------------------------- helpers */

static int get_number(ps_scenario *sc, const char *key, double *out, ps_err *err)
{
    return ps_scenario_number(sc, key, out, err);
}

static int section_present(ps_scenario *sc, const char *key)
{
    return ps_read_has_table(sc, "%s", key);
}

static int find_series(ps_scenario *sc, const char *key, const ps_series **out, ps_err *err)
{
    if (!(*out = ps_scenario_series(sc, key)))
        return ps_err_set(err, PS_EINTERNAL, "series '%s' not registered", key);
    return PS_OK;
}

static double eval(ps_scenario *sc, const ps_series *se, int year, ps_err *err, int *rc)
{
    double v = NAN;
    if (!*rc)
        *rc = ps_series_at(sc, se, year, &v, err);
    return v;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

/* fund[t] = fund[t-1] + interest + income - expenditure, as written. */
static int check_identity(double fund, double prev, double interest, double income,
                          double expenditure, const char *what, int year, ps_err *err)
{
    double d = fund - (prev + interest + income - expenditure);
    double sc = fabs(fund) + fabs(prev) + fabs(income) + fabs(expenditure) + 1;
    if (!(fabs(d) <= 1e-9 * sc))
        return ps_err_set(err, PS_EINTERNAL, "%s fund identity violated in %d", what, year);
    return PS_OK;
}

/* ================================================================ resident pension */

enum {
    R_INSURED, R_CONTRIBUTORS, R_BENEFICIARIES, R_INCOME_TOTAL, R_EXPENDITURE, R_INTEREST,
    R_FUND, R_PARTICIPANTS, R_NEW_BENEFICIARIES, R_CONTRIBUTIONS, R_CONTRIBUTION_SUBSIDIES,
    R_BASIC_PENSION_PAID, R_IA_PENSION_PAID, R_IA_PAID_BY_BUDGET, R_BASIC_PENSION,
    R_AVG_PENSION, R_AVG_NEW_IA_PENSION, R_FISCAL_CENTRAL, R_FISCAL_PROVINCE,
    R_FISCAL_COUNTY, R_FISCAL_TOTAL, R_NCOL
};

static const ps_column_def RCOLS[R_NCOL + 1] = {
    {"insured", "参保人数", "Insured persons", "persons", PS_KIND_STOCK, 1},
    {"contributors", "缴费人数", "Contributors", "persons", PS_KIND_STOCK, 1},
    {"beneficiaries", "待遇领取人数", "Beneficiaries", "persons", PS_KIND_STOCK, 1},
    {"income_total", "基金收入合计", "Fund income, total", "yuan", PS_KIND_FLOW, 1},
    {"expenditure", "基金支出", "Fund expenditure", "yuan", PS_KIND_FLOW, 1},
    {"interest", "利息收入", "Interest earned", "yuan", PS_KIND_FLOW, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 1},
    {"participants", "参保人数（16-59岁）", "Participants (aged 16-59)", "persons", PS_KIND_STOCK, 0},
    {"new_beneficiaries", "新增待遇领取人数", "New beneficiaries", "persons", PS_KIND_FLOW, 0},
    {"contributions", "个人缴费", "Personal contributions", "yuan", PS_KIND_FLOW, 0},
    {"contribution_subsidies", "缴费补贴", "Contribution subsidies", "yuan", PS_KIND_FLOW, 0},
    {"basic_pension_paid", "基础养老金支出", "Basic pension paid", "yuan", PS_KIND_FLOW, 0},
    {"ia_pension_paid", "个人账户养老金支出", "Individual-account pension paid", "yuan", PS_KIND_FLOW, 0},
    {"ia_paid_by_budget", "账户耗尽后由财政支付的个人账户养老金", "Individual-account pension paid by the budget after the account runs out", "yuan", PS_KIND_FLOW, 0},
    {"basic_pension", "基础养老金标准（含地方加发）", "Basic pension (with the local top-up)", "yuan per person per month", PS_KIND_PRICE, 0},
    {"avg_pension", "平均养老金", "Average pension", "yuan per person per month", PS_KIND_PRICE, 0},
    {"avg_new_ia_pension", "新领取人员平均个人账户养老金", "Average individual-account pension of new beneficiaries", "yuan per person per month", PS_KIND_PRICE, 0},
    {"fiscal_central", "中央财政负担", "Paid by the central budget", "yuan", PS_KIND_FLOW, 0},
    {"fiscal_province", "省级财政负担", "Paid by the provincial budget", "yuan", PS_KIND_FLOW, 0},
    {"fiscal_county", "县级财政负担", "Paid by the county budget", "yuan", PS_KIND_FLOW, 1},
    {"fiscal_total", "各级财政负担合计", "Paid by all budgets", "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def RTABLE = {"pension_resident.csv", NULL, RCOLS};

#define RK "pension_resident."
#define RULES "data/rules/china_rules_parameters.csv: "

static const ps_param_def RPARAMS[] = {
    {"pension_resident", "section", 0, NULL, NULL, 0, 0, NULL,
     "the urban-rural resident pension (MODEL.md 3); absent: the module is off"},
    {RK "grades", "file", 1, NULL, "yuan/year", 0, 0, NULL,
     "CSV grade,amount,share,subsidy: contribution grades 缴费档次, share of participants "
     "and fiscal subsidy per grade"},
    {RK "participation", "series", 0, "0.8", "share", 0, 1,
     "assumption: 0.8 (the Feidong baseline calibrates it to the plan's 520,000 insured)",
     "share of residents 16-59 outside the employee scheme who contribute"},
    {RK "eligibility", "series", 0, "0.95", "share", 0, 1,
     "assumption: 0.95 of residents 60+ outside the employee scheme draw it (range 0.85..1)",
     "share of residents 60+ outside the employee scheme who draw the pension"},
    {RK "basic_pension", "series", 0, "143", "yuan/month", 0, 1e5,
     RULES "central minimum basic pension 2025: 143", "central minimum basic pension"},
    {RK "local_topup", "series", 0, "0", "yuan/month", 0, 1e5,
     "assumption: none (" RULES "Anhui / Hefei / Feidong top-up: not found)",
     "local top-up of the basic pension"},
    {RK "central_share", "series", 0, "1", "share", 0, 1,
     RULES "central budget funds the full central minimum in central and western regions",
     "share of the central minimum paid by the central budget"},
    {RK "province_share", "series", 0, "0.5", "share", 0, 1,
     "assumption: half of the local cost is provincial (range 0.3..0.7)",
     "share of the local cost (top-up, subsidies, exhausted accounts) paid by the province"},
    {RK "crediting_rate", "series", 0, "0.025", "per year", 0, 1,
     "assumption: 2.5% (one-year deposit rate era and the national fund's returns)",
     "interest credited to individual accounts"},
    {RK "divisor", "number", 0, "139", "months", 1, 1000,
     RULES "resident pension individual-account divisor 139", "IA pension = balance / divisor"},
    {RK "ia_start_year", "integer", 0, "2010", "year", 1990, 2100,
     "assumption: 2010 (new rural pension pilot from 2009, 国发〔2009〕32号)",
     "first year of contributions (for the base-year balances)"},
    {RK "backcast_contribution", "number", 0, "150", "yuan/year", 0, 1e6,
     "assumption: 150 a year contribution + subsidy before the base year (range 100..300)",
     "contribution + subsidy per participant a year before the base year"},
    {RK "base_ia_pension", "number", 0, "10", "yuan/month", 0, 1e5,
     "assumption: 10 yuan/month (early cohorts contributed little; range 0..30)",
     "IA pension of base-year beneficiaries, paid by the budget"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

typedef struct {
    int active, base, ny;
    ps_scenario *sc;
    double mean_amount, mean_subsidy, divisor, back_contrib, base_ia;
    int ia_start;
    const ps_series *s_part, *s_elig, *s_basic, *s_topup, *s_central, *s_prov, *s_cr;
    double bal[PS_NSEX][PS_NAGE];   /* IA per participant of the cohort, 1 January */
    double iapen[PS_NSEX][PS_NAGE]; /* IA pension per beneficiary of the cohort */
    double iarem[PS_NSEX][PS_NAGE]; /* IA left per beneficiary */
    double fund_prev;
    ps_table *tab; /* pension_resident.csv, one row a year */
    double shares[PS_NAGE][3]; /* ps_pe_retire_shares(a + 1 - 60), from the base year's step */
} pr_state;

int ps_pr_read_grades(const char *path, double *mean_amount, double *mean_subsidy,
                      ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    if (!csv)
        return err->code;
    int cg = ps_csv_require_col(csv, "grade", err), ca = -1, cs = -1, cu = -1;
    if (cg >= 0)
        ca = ps_csv_require_col(csv, "amount", err);
    if (ca >= 0)
        cs = ps_csv_require_col(csv, "share", err);
    if (cs >= 0)
        cu = ps_csv_require_col(csv, "subsidy", err);
    if (cu < 0) {
        ps_csv_free(csv);
        return err->code;
    }
    double sum = 0, am = 0, su = 0, prev = 0;
    int rc = PS_OK;
    for (int r = 0; r < ps_csv_nrows(csv) && !rc; r++) {
        double a, s, u;
        int line = ps_csv_line(csv, r);
        if ((rc = ps_csv_number(csv, r, ca, &a, err)) || (rc = ps_csv_number(csv, r, cs, &s, err)) ||
            (rc = ps_csv_number(csv, r, cu, &u, err)))
            break;
        if (!(a > prev))
            rc = ps_err_set(err, PS_EINPUT,
                            "%s:%d: column 'amount': %g must be > 0 and above the previous grade",
                            path, line, a);
        else if (!(s >= 0 && s <= 1))
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'share': %g is not in [0, 1]", path,
                            line, s);
        else if (!(u >= 0))
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: column 'subsidy': %g is negative", path,
                            line, u);
        prev = a;
        sum += s;
        am += s * a;
        su += s * u;
    }
    if (!rc && ps_csv_nrows(csv) == 0)
        rc = ps_err_set(err, PS_EINPUT, "%s: no grades", path);
    if (!rc && fabs(sum - 1) > 1e-6)
        rc = ps_err_set(err, PS_EINPUT, "%s: column 'share' sums to %.10g, not 1", path, sum);
    ps_csv_free(csv);
    if (!rc) {
        *mean_amount = am;
        *mean_subsidy = su;
    }
    return rc;
}

static void pr_destroy(void *self)
{
    pr_state *s = self;
    if (s)
        ps_table_free(s->tab);
    free(s);
}

static int pr_create(ps_run *run, void **self, ps_err *err)
{
    pr_state *s = calloc(1, sizeof *s);
    if (!s)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = s;
    ps_scenario *sc = s->sc = ps_run_scenario(run);
    s->base = ps_run_base_year(run);
    s->ny = ps_run_end_year(run) - s->base + 1;
    if (!(s->active = section_present(sc, "pension_resident")))
        return PS_OK;
    if (!(s->tab = ps_table_new(&RTABLE, s->base, s->ny, 1, err)))
        return err->code;
    char *grades = ps_scenario_string(sc, RK "grades");
    if (!grades)
        return ps_err_set(err, PS_EINPUT, "%s: '%s' is missing", sc->path, RK "grades");
    int rc = ps_pr_read_grades(grades, &s->mean_amount, &s->mean_subsidy, err);
    free(grades);
    double ia_start;
    if (rc || get_number(sc, RK "divisor", &s->divisor, err) ||
        get_number(sc, RK "ia_start_year", &ia_start, err) ||
        get_number(sc, RK "backcast_contribution", &s->back_contrib, err) ||
        get_number(sc, RK "base_ia_pension", &s->base_ia, err) ||
        find_series(sc, RK "participation", &s->s_part, err) ||
        find_series(sc, RK "eligibility", &s->s_elig, err) ||
        find_series(sc, RK "basic_pension", &s->s_basic, err) ||
        find_series(sc, RK "local_topup", &s->s_topup, err) ||
        find_series(sc, RK "central_share", &s->s_central, err) ||
        find_series(sc, RK "province_share", &s->s_prov, err) ||
        find_series(sc, RK "crediting_rate", &s->s_cr, err))
        return err->code;
    s->ia_start = (int)ia_start;
    return PS_OK;
}

/* A new draw (issue 18): the results and the balances carried from year to
 * year back to what pr_create leaves; the grades and keys stay. */
static int pr_reset(void *self, ps_run *run, ps_err *err)
{
    pr_state *s = self;
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    ps_table_clear(s->tab);
    memset(s->bal, 0, sizeof s->bal);
    memset(s->iapen, 0, sizeof s->iapen);
    memset(s->iarem, 0, sizeof s->iarem);
    memset(s->shares, 0, sizeof s->shares);
    s->fund_prev = 0.0;
    return PS_OK;
}

static int pr_step(void *self, ps_run *run, int year, ps_err *err)
{
    pr_state *s = self;
    if (!s->active)
        return PS_OK;
    int i = year - s->base, rc = 0;
    ps_scenario *sc = s->sc;
    const ps_pop *P = ps_run_pop(run, year);
    const ps_pop_year *yin = ps_run_year_inputs(run, year);
    if (!P || !yin)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double part = eval(sc, s->s_part, year, err, &rc);
    double elig = eval(sc, s->s_elig, year, err, &rc);
    double basic = eval(sc, s->s_basic, year, err, &rc);
    double topup = eval(sc, s->s_topup, year, err, &rc);
    double central = eval(sc, s->s_central, year, err, &rc);
    double prov = eval(sc, s->s_prov, year, err, &rc);
    double cr = eval(sc, s->s_cr, year, err, &rc);
    if (rc)
        return rc;
    double ec[PS_NSEX][PS_NAGE], er[PS_NSEX][PS_NAGE];
    void *pe = ps_run_module_state(run, "pension_employee");
    if (ps_pension_employee_active(pe) && ps_pension_employee_insured(pe, year, ec, er, err))
        return err->code;
    if (!ps_pension_employee_active(pe)) {
        memset(ec, 0, sizeof ec);
        memset(er, 0, sizeof er);
    }
    /* IA share of a beneficiary: participants among the eligible */
    double ia_share = elig > 0 ? clamp01(part / elig) : 0;
    double fund_open = 0;
    if (i == 0) {
        /* balances rebuilt from contributions since the scheme began */
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double b = 0;
                for (int y = s->ia_start; y < s->base; y++) {
                    int age = a - (s->base - y); /* completed age on 1 January y */
                    if (age >= 16 && age < 60)
                        b = (b + s->back_contrib) * (1 + cr);
                }
                s->bal[x][a] = a < 60 ? b : 0;
                s->iapen[x][a] = a >= 60 ? s->base_ia : 0;
                s->iarem[x][a] = 0; /* assumption: paid by the budget */
                double outside = P->p[x][a] * (1 - yin->q[x][a] / 2) - ec[x][a] - er[x][a];
                if (a >= 16 && a < 60 && outside > 0)
                    fund_open += outside * part * b;
            }
        s->fund_prev = fund_open;
    }
    if (i == 0) /* the same every year: once a projection (issue 18) */
        for (int a = 16; a < PS_NAGE; a++)
            ps_pe_retire_shares(a + 1 - 60.0, &s->shares[a][0], &s->shares[a][1],
                                &s->shares[a][2]);
    double participants = 0, beneficiaries = 0, newben = 0, contrib = 0, subs = 0;
    double basic_paid = 0, ia_paid = 0, ia_budget = 0, newia_sum = 0;
    double nbal[PS_NSEX][PS_NAGE], niapen[PS_NSEX][PS_NAGE], niarem[PS_NSEX][PS_NAGE];
    memset(nbal, 0, sizeof nbal);
    memset(niapen, 0, sizeof niapen);
    memset(niarem, 0, sizeof niarem);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 16; a < PS_NAGE; a++) {
            int a1 = a < PS_NAGE - 1 ? a + 1 : a;
            double outside = P->p[x][a] * (1 - yin->q[x][a] / 2) - ec[x][a] - er[x][a];
            if (outside < 0)
                outside = 0;
            /* lived = share of the year past 60, for the cohort aged a */
            double g0 = s->shares[a][0], n = s->shares[a][1], lived = s->shares[a][2];
            double pt = outside * part * (1 - lived);
            double bn = outside * elig * lived;
            participants += pt;
            beneficiaries += bn;
            contrib += pt * s->mean_amount;
            subs += pt * s->mean_subsidy;
            double pay = (1 - lived) > 0 ? 1 - lived : 0;
            double bal_at = s->bal[x][a] + pay * (s->mean_amount + s->mean_subsidy);
            if (n > 0) {
                /* the cohort reaches 60 within the year: its pension starts */
                double ip = ia_share * bal_at / s->divisor;
                double months = 12 * (lived - g0) / n;
                double used = ip * months < ia_share * bal_at ? ip * months : ia_share * bal_at;
                niapen[x][a1] = ip;
                niarem[x][a1] = (ia_share * bal_at - used) * (1 + cr);
                newben += outside * elig * n;
                newia_sum += outside * elig * n * ip;
                basic_paid += bn * 12 * (basic + topup);
                ia_paid += bn * 12 * ip;
                ia_budget += bn * 12 * ip - outside * elig * n * used;
            } else if (g0 >= 1) {
                double due = 12 * s->iapen[x][a];
                double from = due < s->iarem[x][a] ? due : s->iarem[x][a];
                basic_paid += bn * 12 * (basic + topup);
                ia_paid += bn * due;
                ia_budget += bn * (due - from);
                if (a1 == a && a == PS_NAGE - 1) {
                    /* open age: average with those arriving from 99 */
                    niapen[x][a] = (niapen[x][a] + s->iapen[x][a]) / (niapen[x][a] > 0 ? 2 : 1);
                    niarem[x][a] = (niarem[x][a] + (s->iarem[x][a] - from) * (1 + cr)) /
                                   (niarem[x][a] > 0 ? 2 : 1);
                } else {
                    niapen[x][a1] = s->iapen[x][a];
                    niarem[x][a1] = (s->iarem[x][a] - from) * (1 + cr);
                }
            }
            if (a < 60)
                nbal[x][a1] = bal_at * (1 + cr);
        }
    memcpy(s->bal, nbal, sizeof nbal);
    memcpy(s->iapen, niapen, sizeof niapen);
    memcpy(s->iarem, niarem, sizeof niarem);

    double central_cost = central * basic * 12 * beneficiaries;
    double local_cost = basic_paid - central_cost + subs + ia_budget;
    double income = contrib + subs + basic_paid + ia_budget;
    double expenditure = basic_paid + ia_paid;
    double interest = s->fund_prev * cr;
    double fund = s->fund_prev + interest + income - expenditure;
    if (check_identity(fund, s->fund_prev, interest, income, expenditure, "resident pension",
                       year, err))
        return err->code;
    double *row = ps_table_row(s->tab, s->base + i, 0);
    row[R_INSURED] = participants + beneficiaries;
    row[R_CONTRIBUTORS] = participants;
    row[R_PARTICIPANTS] = participants;
    row[R_BENEFICIARIES] = beneficiaries;
    row[R_NEW_BENEFICIARIES] = newben;
    row[R_INCOME_TOTAL] = income;
    row[R_EXPENDITURE] = expenditure;
    row[R_INTEREST] = interest;
    row[R_FUND] = fund;
    row[R_CONTRIBUTIONS] = contrib;
    row[R_CONTRIBUTION_SUBSIDIES] = subs;
    row[R_BASIC_PENSION_PAID] = basic_paid;
    row[R_IA_PENSION_PAID] = ia_paid;
    row[R_IA_PAID_BY_BUDGET] = ia_budget;
    row[R_BASIC_PENSION] = basic + topup;
    row[R_AVG_PENSION] = beneficiaries > 0 ? expenditure / beneficiaries / 12 : NAN;
    row[R_AVG_NEW_IA_PENSION] = newben > 0 ? newia_sum / newben : NAN;
    row[R_FISCAL_CENTRAL] = central_cost;
    row[R_FISCAL_PROVINCE] = prov * local_cost;
    row[R_FISCAL_COUNTY] = (1 - prov) * local_cost;
    row[R_FISCAL_TOTAL] = central_cost + local_cost;
    s->fund_prev = fund;
    return PS_OK;
}

/* The run writes the table, registers its columns and answers state.get
 * and stochastic series from it (module.h). */
static int pr_tables(void *self, const ps_table **out, int max)
{
    pr_state *s = self;
    if (!s->active || max < 1)
        return 0;
    out[0] = s->tab;
    return 1;
}

static int pr_summarize(void *self, ps_run *run, ps_summary *sum, ps_err *err)
{
    pr_state *s = self;
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    double fiscal = 0;
    for (int i = 0; i < s->ny; i++)
        fiscal += ps_table_row(s->tab, s->base + i, 0)[R_FISCAL_TOTAL];
    ps_summary_num(sum, 0, "pension_resident_fiscal_cost_total", fiscal, "yuan",
                   "城乡居民养老保险预测期内各级财政负担合计",
                   "Resident pension: paid by all budgets over the projection");
    ps_summary_headline(sum);
    static const int years[] = {2025, 2030, 2035, 2050};
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k], i = y - s->base;
        if (i < 0 || i >= s->ny)
            continue;
        const double *r = ps_table_row_const(s->tab, y, 0);
        ps_summary_num(sum, y, "pension_resident_insured_{year}", r[R_INSURED], "persons",
                       "{year}年城乡居民养老保险参保人数",
                       "Resident pension: insured persons in {year}");
        ps_summary_num(sum, y, "pension_resident_beneficiaries_{year}",
                       r[R_BENEFICIARIES], "persons",
                       "{year}年城乡居民养老保险待遇领取人数",
                       "Resident pension: beneficiaries in {year}");
    }
    return PS_OK;
}

static int pr_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    pr_state *s = self;
    char zh[512], en[512], m1[64], m2[64];
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    double county = 0, all = 0;
    for (int i = 0; i < s->ny; i++) {
        county += ps_table_row(s->tab, s->base + i, 0)[R_FISCAL_COUNTY];
        all += ps_table_row(s->tab, s->base + i, 0)[R_FISCAL_TOTAL];
    }
    int last = s->base + s->ny - 1;
    snprintf(zh, sizeof zh, "城乡居民基本养老保险：%d-%d年各级财政共需负担%s，其中县级财政%s。",
             s->base, last, ps_words_money(m1, all, 0), ps_words_money(m2, county, 0));
    snprintf(en, sizeof en,
             "Urban-rural resident pension: all budgets pay %s over %d-%d, the county's budget "
             "%s of it.",
             ps_words_money(m1, all, 1), s->base, last, ps_words_money(m2, county, 1));
    if (ps_headline_add(h, 210, zh, en))
        return PS_OK;
    int stride;
    const double *fund = ps_table_series(s->tab, "fund", 0, &stride);
    return ps_headline_fund(h, 10, "城乡居民基本养老保险基金", "Urban-rural resident pension fund",
                            PS_HOLDER_DECLARED, fund, stride, s->base, s->ny, NAN);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const RDECLARES[] = {&RTABLE, NULL};

const ps_module ps_pension_resident_module = {
    .name = "pension_resident",
    .label_zh = "城乡居民基本养老保险",
    .label_en = "Urban-rural resident pension",
    .declares = RDECLARES,
    .params = RPARAMS,
    .create = pr_create,
    .reset = pr_reset,
    .step = pr_step,
    .tables = pr_tables,
    .summarize = pr_summarize,
    .destroy = pr_destroy,
    .headline = pr_headline,
};

/* ================================================================ land guarantee */

enum {
    L_INSURED, L_CONTRIBUTORS, L_BENEFICIARIES, L_INCOME_TOTAL, L_EXPENDITURE, L_INTEREST,
    L_FUND, L_DIBAO, L_BENEFIT, L_NCOL
};

static const ps_column_def LCOLS[L_NCOL + 1] = {
    {"insured", "参保人数", "Insured persons", "persons", PS_KIND_STOCK, 1},
    {"contributors", "缴费人数", "Contributors", "persons", PS_KIND_STOCK, 1},
    {"beneficiaries", "待遇领取人数", "Beneficiaries", "persons", PS_KIND_STOCK, 1},
    {"income_total", "基金收入合计", "Fund income, total", "yuan", PS_KIND_FLOW, 1},
    {"expenditure", "基金支出", "Fund expenditure", "yuan", PS_KIND_FLOW, 1},
    {"interest", "利息收入", "Interest earned", "yuan", PS_KIND_FLOW, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 1},
    {"dibao_standard", "城乡低保标准", "Minimum living standard (dibao)", "yuan per person per month", PS_KIND_PRICE, 0},
    {"benefit", "保障金标准", "Guarantee benefit", "yuan per person per month", PS_KIND_PRICE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def LTABLE = {"land_guarantee.csv", NULL, LCOLS};

#define LK "land_guarantee."

static const ps_param_def LPARAMS[] = {
    {"land_guarantee", "section", 0, NULL, NULL, 0, 0, NULL,
     "the land-expropriated farmers' old-age guarantee (MODEL.md 3); absent: off"},
    {LK "coverage", "series", 0, "0.05", "share", 0, 1,
     "assumption: 5% of residents at or above the benefit age (range 0.02..0.15)",
     "share of residents at or above the benefit age who draw the guarantee"},
    {LK "enrolled", "series", 0, "0.02", "share", 0, 1,
     "assumption: 2% of residents 16 to the benefit age (range 0.01..0.08)",
     "share of residents 16 to the benefit age enrolled (premium paid at expropriation)"},
    {LK "benefit_age_male", "number", 0, "60", "years", 40, 75,
     "assumption: the statutory ages of the employee scheme before 2025", "benefit age, men"},
    {LK "benefit_age_female", "number", 0, "55", "years", 40, 75,
     "assumption: the statutory ages of the employee scheme before 2025",
     "benefit age, women"},
    {LK "dibao", "series", 0, "800", "yuan/month", 0, 1e6,
     "assumption: near the national urban average 798.1 in 2024 (" RULES
     "national average urban dibao standard; Hefei's not found)",
     "urban minimum living standard 低保标准 path"},
    {LK "benefit_ratio", "series", 0, "1", "x dibao", 0, 10,
     "assumption: the benefit equals the urban dibao standard (range 0.8..1.2)",
     "benefit per beneficiary as a multiple of the dibao standard"},
    {LK "funding_ratio", "series", 0, "1", "x expenditure", 0, 10,
     "assumption: land revenue and budget cover the year's spending (range 0.8..1.2)",
     "income of the year as a multiple of its expenditure"},
    {LK "interest_rate", "series", 0, "0.02", "per year", -0.5, 1,
     "assumption: 2% (range 1%..3%)", "return on the guarantee fund"},
    {LK "base_fund_months", "number", 0, "12", "months", 0, 240,
     "assumption: 12 months of base-year expenditure (range 0..36)", "opening fund"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

typedef struct {
    int active, base, ny;
    ps_scenario *sc;
    double age[PS_NSEX], months;
    const ps_series *s_cov, *s_enr, *s_dibao, *s_ratio, *s_fund, *s_r;
    double fund_prev;
    ps_table *tab; /* land_guarantee.csv, one row a year */
    double shares[PS_NSEX][PS_NAGE][3]; /* ps_pe_retire_shares(a + 1 - age[x]), base year's step */
} lg_state;

static void lg_destroy(void *self)
{
    lg_state *s = self;
    if (s)
        ps_table_free(s->tab);
    free(s);
}

static int lg_create(ps_run *run, void **self, ps_err *err)
{
    lg_state *s = calloc(1, sizeof *s);
    if (!s)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = s;
    ps_scenario *sc = s->sc = ps_run_scenario(run);
    s->base = ps_run_base_year(run);
    s->ny = ps_run_end_year(run) - s->base + 1;
    if (!(s->active = section_present(sc, "land_guarantee")))
        return PS_OK;
    if (!(s->tab = ps_table_new(&LTABLE, s->base, s->ny, 1, err)))
        return err->code;
    if (get_number(sc, LK "benefit_age_male", &s->age[PS_MALE], err) ||
        get_number(sc, LK "benefit_age_female", &s->age[PS_FEMALE], err) ||
        get_number(sc, LK "base_fund_months", &s->months, err) ||
        find_series(sc, LK "coverage", &s->s_cov, err) ||
        find_series(sc, LK "enrolled", &s->s_enr, err) ||
        find_series(sc, LK "dibao", &s->s_dibao, err) ||
        find_series(sc, LK "benefit_ratio", &s->s_ratio, err) ||
        find_series(sc, LK "funding_ratio", &s->s_fund, err) ||
        find_series(sc, LK "interest_rate", &s->s_r, err))
        return err->code;
    return PS_OK;
}

/* A new draw (issue 18): the results and the fund back to what lg_create
 * leaves; the keys stay. */
static int lg_reset(void *self, ps_run *run, ps_err *err)
{
    lg_state *s = self;
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    ps_table_clear(s->tab);
    memset(s->shares, 0, sizeof s->shares);
    s->fund_prev = 0.0;
    return PS_OK;
}

static int lg_step(void *self, ps_run *run, int year, ps_err *err)
{
    lg_state *s = self;
    if (!s->active)
        return PS_OK;
    int i = year - s->base, rc = 0;
    ps_scenario *sc = s->sc;
    const ps_pop *P = ps_run_pop(run, year);
    const ps_pop_year *yin = ps_run_year_inputs(run, year);
    if (!P || !yin)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double cov = eval(sc, s->s_cov, year, err, &rc);
    double enr = eval(sc, s->s_enr, year, err, &rc);
    double dibao = eval(sc, s->s_dibao, year, err, &rc);
    double ratio = eval(sc, s->s_ratio, year, err, &rc);
    double fr = eval(sc, s->s_fund, year, err, &rc);
    double r = eval(sc, s->s_r, year, err, &rc);
    if (rc)
        return rc;
    double ben = 0, enrolled = 0;
    if (i == 0) /* the same every year: once a projection (issue 18) */
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 16; a < PS_NAGE; a++)
                ps_pe_retire_shares(a + 1 - s->age[x], &s->shares[x][a][0], &s->shares[x][a][1],
                                    &s->shares[x][a][2]);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 16; a < PS_NAGE; a++) {
            double lived = s->shares[x][a][2];
            double py = P->p[x][a] * (1 - yin->q[x][a] / 2);
            ben += py * cov * lived;
            enrolled += py * enr * (1 - lived);
        }
    double benefit = ratio * dibao;
    double expenditure = ben * 12 * benefit;
    double income = fr * expenditure;
    if (i == 0)
        s->fund_prev = s->months * expenditure / 12;
    double interest = s->fund_prev * r;
    double fund = s->fund_prev + interest + income - expenditure;
    if (check_identity(fund, s->fund_prev, interest, income, expenditure, "land guarantee",
                       year, err))
        return err->code;
    double *row = ps_table_row(s->tab, s->base + i, 0);
    row[L_INSURED] = ben + enrolled;
    row[L_CONTRIBUTORS] = enrolled;
    row[L_BENEFICIARIES] = ben;
    row[L_INCOME_TOTAL] = income;
    row[L_EXPENDITURE] = expenditure;
    row[L_INTEREST] = interest;
    row[L_FUND] = fund;
    row[L_DIBAO] = dibao;
    row[L_BENEFIT] = benefit;
    s->fund_prev = fund;
    return PS_OK;
}

/* The run writes the table, registers its columns and answers state.get
 * and stochastic series from it (module.h). */
static int lg_tables(void *self, const ps_table **out, int max)
{
    lg_state *s = self;
    if (!s->active || max < 1)
        return 0;
    out[0] = s->tab;
    return 1;
}

static int lg_summarize(void *self, ps_run *run, ps_summary *sum, ps_err *err)
{
    lg_state *s = self;
    char b[32];
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    int dep = 0;
    double spend = 0;
    for (int i = 0; i < s->ny; i++) {
        if (!dep && ps_table_row(s->tab, s->base + i, 0)[L_FUND] < 0)
            dep = s->base + i;
        spend += ps_table_row(s->tab, s->base + i, 0)[L_EXPENDITURE];
    }
    if (dep)
        snprintf(b, sizeof b, "%d", dep);
    ps_summary_text(sum, 0, "land_guarantee_depletion_year", dep ? b : "none", "year",
                    "被征地农民养老保障基金首次出现负值的年份（none：预测期内不出现）",
                    "Land-expropriated farmers' pension: first year the fund is negative "
                    "(none: not within the projection)");
    ps_summary_headline(sum);
    ps_summary_num(sum, 0, "land_guarantee_expenditure_total", spend, "yuan",
                   "被征地农民养老保障预测期内基金支出合计",
                   "Land-expropriated farmers' pension: fund expenditure over the projection");
    int i = 2025 - s->base;
    if (i >= 0 && i < s->ny)
        ps_summary_num(sum, 2025, "land_guarantee_insured_{year}",
                       ps_table_row(s->tab, s->base + i, 0)[L_INSURED], "persons",
                       "{year}年被征地农民养老保障参保人数",
                       "Land-expropriated farmers' pension: insured persons in {year}");
    return PS_OK;
}

static int lg_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    lg_state *s = self;
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    int stride;
    const double *fund = ps_table_series(s->tab, "fund", 0, &stride);
    return ps_headline_fund(h, 15, "被征地农民养老保障基金",
                            "Land-expropriated farmers' guarantee fund", PS_HOLDER_DECLARED, fund,
                            stride, s->base, s->ny, NAN);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const LDECLARES[] = {&LTABLE, NULL};

const ps_module ps_land_guarantee_module = {
    .name = "land_guarantee",
    .label_zh = "被征地农民养老保障",
    .label_en = "Land-expropriated farmers' pension",
    .declares = LDECLARES,
    .holder = PS_HOLDER_COUNTY,
    .params = LPARAMS,
    .create = lg_create,
    .reset = lg_reset,
    .step = lg_step,
    .tables = lg_tables,
    .summarize = lg_summarize,
    .destroy = lg_destroy,
    .headline = lg_headline,
};
