/* pension_employee.c: the urban employee basic pension, MODEL.md section 2.
 *
 * State carried from year to year, by retirement group g (men, women
 * cadres, women workers) and completed age a on 1 January:
 *   ret[g][a]    retirees;
 *   pen[g][a]    their average monthly pension (indexed every 1 January);
 *   iapen[g][a]  the part of it that is the individual-account pension
 *                (fixed in nominal terms, as the law has it);
 *   iarem[g][a]  the individual account still held per retiree; once it is
 *                used up the pooled fund pays the IA pension;
 *   bal[g][a]    the IA balance per covered member of the cohort not yet
 *                retired (balances are carried by cohort).
 * A cohort born uniformly over its birth year with statutory age R retires
 * uniformly over [b + R, b + R + 1]: fractional ages (the 2025 reform's
 * monthly pace) become fractions of a cohort retiring within annual cells.
 * Contributors and retirees of a year are person-years lived in the year.
 * The pooled fund is the county's notional account (MODEL.md 2).
 * GPL-3.0-or-later. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>


#include "csv.h"
#include "pension_employee.h"
#include "population_io.h"
#include "scenario_read.h"

/* ---------------------------------------------------------------- columns */

enum {
    C_INSURED, C_CONTRIBUTORS, C_RETIREES, C_BENEFICIARIES, C_NEW_RETIREES, C_INCOME_TOTAL,
    C_EXPENDITURE, C_INTEREST, C_FUND, C_EMPLOYER_CONTRIBUTIONS, C_FISCAL_SUBSIDY,
    C_TRANSFERS_IN, C_TRANSFERS_OUT, C_BENEFITS_TOTAL, C_BENEFITS_FROM_IA,
    C_IA_CONTRIBUTIONS, C_IA_BALANCE, C_CURRENT_BALANCE, C_MONTHS_HELD, C_DEPENDENCY,
    C_PAYG_COST_RATE, C_AVG_PENSION, C_AVG_NEW_PENSION, C_REPLACEMENT_RATE,
    C_SUBSIDY_NEEDED, C_FUND_WITH_SUBSIDY, C_WAGE, C_WAGE_GROWTH, C_CONTRIBUTION_BASE,
    C_INDEXATION, C_RET_AGE_MALE, C_RET_AGE_FEMALE_CADRE, C_RET_AGE_FEMALE_WORKER,
    C_MIN_CONTRIBUTION_YEARS,
    /* issue 13: members, the individual accounts' own flows and the three views */
    C_MEMBERS, C_IA_INTEREST, C_IA_PENSIONS, C_IA_REFUNDS, C_CASH_INCOME,
    C_CASH_EXPENDITURE, C_CASH_BALANCE, C_CASH_FUND, C_NET_POSITION,
    C_NET_POSITION_CUMULATIVE, C_NCOL
};

static const ps_column_def COLS[C_NCOL + 1] = {
    {"insured", "参保人数", "Insured persons", "persons", PS_KIND_STOCK, 1},
    {"contributors", "缴费人数", "Contributors", "persons", PS_KIND_STOCK, 1},
    {"retirees", "退休人数", "Retirees", "persons", PS_KIND_STOCK, 1},
    {"beneficiaries", "待遇领取人数", "Beneficiaries", "persons", PS_KIND_STOCK, 1},
    {"new_retirees", "新退休人数", "New retirees", "persons", PS_KIND_FLOW, 0},
    {"income_total", "基金收入合计", "Fund income, total", "yuan", PS_KIND_FLOW, 1},
    {"expenditure", "基金支出", "Fund expenditure", "yuan", PS_KIND_FLOW, 1},
    {"interest", "利息收入", "Interest earned", "yuan", PS_KIND_FLOW, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 1},
    {"employer_contributions", "单位缴费（统筹基金）", "Employer contributions (pooled fund)", "yuan", PS_KIND_FLOW, 0},
    {"fiscal_subsidy", "财政补助", "Budget subsidy", "yuan", PS_KIND_FLOW, 0},
    {"transfers_in", "转移收入", "Transfers in", "yuan", PS_KIND_FLOW, 0},
    {"transfers_out", "转移支出", "Transfers out", "yuan", PS_KIND_FLOW, 0},
    {"benefits_total", "养老金支出合计", "Pensions paid, total", "yuan", PS_KIND_FLOW, 0},
    {"benefits_from_ia", "由个人账户支付的养老金", "Pensions paid from individual accounts", "yuan", PS_KIND_FLOW, 0},
    {"ia_contributions", "个人账户缴费", "Individual-account contributions", "yuan", PS_KIND_FLOW, 0},
    {"ia_balance", "个人账户累计余额", "Individual-account balance", "yuan", PS_KIND_FUND, 0},
    {"current_balance", "当期结余（收入减支出）", "Current balance (income minus expenditure)", "yuan", PS_KIND_FLOW, 0},
    {"months_held", "可支付月数", "Months of expenditure held", "months", PS_KIND_RATE, 1},
    {"system_dependency_ratio", "制度赡养率（退休人数/缴费人数）", "System dependency ratio (retirees per contributor)", "ratio", PS_KIND_RATE, 0},
    {"payg_cost_rate", "现收现付成本率（养老金/缴费工资总额）", "Pay-as-you-go cost rate (pensions over the wage bill)", "share", PS_KIND_RATE, 0},
    {"avg_pension", "平均养老金", "Average pension", "yuan per person per month", PS_KIND_PRICE, 0},
    {"avg_new_pension", "新退休人员平均养老金", "Average pension of new retirees", "yuan per person per month", PS_KIND_PRICE, 0},
    {"replacement_rate", "替代率（新退休养老金/平均工资）", "Replacement rate (new pension over the average wage)", "share", PS_KIND_RATE, 0},
    {"subsidy_needed", "维持基金不为负所需的财政补贴", "Subsidy needed to keep the fund from going negative", "yuan", PS_KIND_FLOW, 1},
    {"fund_with_subsidy", "含所需补贴的累计结余", "Fund balance with the subsidy needed", "yuan", PS_KIND_FUND, 0},
    {"wage", "社会平均工资", "Average wage", "yuan per person per year", PS_KIND_PRICE, 0},
    {"wage_growth", "工资增长率", "Wage growth", "share", PS_KIND_RATE, 0},
    {"contribution_base", "人均缴费基数", "Contribution base per contributor", "yuan per person per year", PS_KIND_PRICE, 0},
    {"indexation", "养老金调整率", "Pension indexation", "share", PS_KIND_RATE, 0},
    {"retirement_age_male", "男性退休年龄", "Retirement age, men", "years of age", PS_KIND_RATE, 0},
    {"retirement_age_female_cadre", "女干部退休年龄", "Retirement age, women (cadres)", "years of age", PS_KIND_RATE, 0},
    {"retirement_age_female_worker", "女工人退休年龄", "Retirement age, women (workers)", "years of age", PS_KIND_RATE, 0},
    {"min_contribution_years", "最低缴费年限", "Minimum contribution years", "years", PS_KIND_RATE, 0},
    {"members", "在职参保人数", "Members in service", "persons", PS_KIND_STOCK, 0},
    {"ia_interest", "个人账户记账利息", "Individual-account interest credited", "yuan", PS_KIND_FLOW, 0},
    {"ia_pensions", "个人账户养老金支出", "Individual-account pensions paid", "yuan", PS_KIND_FLOW, 0},
    {"ia_refunds", "个人账户退还与继承", "Individual accounts refunded or inherited", "yuan", PS_KIND_FLOW, 0},
    {"cash_income", "现金收入（含个人账户缴费）", "Cash income (with account contributions)", "yuan", PS_KIND_FLOW, 0},
    {"cash_expenditure", "现金支出（含个人账户支付）", "Cash expenditure (with account payments)", "yuan", PS_KIND_FLOW, 0},
    {"cash_balance", "现金当期结余", "Cash balance of the year", "yuan", PS_KIND_FLOW, 0},
    {"cash_fund", "现金口径累计结余（统筹基金加个人账户）", "Cash fund (pool plus individual accounts)", "yuan", PS_KIND_FUND, 0},
    {"net_position", "本县对全国统筹的当年净贡献", "The county's net contribution to the national pool in the year", "yuan", PS_KIND_FLOW, 1},
    {"net_position_cumulative", "本县对全国统筹的累计净贡献", "The county's cumulative net contribution to the national pool", "yuan", PS_KIND_FUND, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
/* pension_employee.csv: one row a year, the run writes it (module.h .tables) */
static const ps_table_def TABLE = {"pension_employee.csv", NULL, COLS};

/* ---------------------------------------------------------------- parameters */

#define K "pension_employee."
#define RULES "data/rules/china_rules_parameters.csv: "

static const ps_param_def PARAMS[] = {
    {"pension_employee", "section", 0, NULL, NULL, 0, 0, NULL,
     "the urban employee basic pension (MODEL.md 2); absent: the module is off"},
    {K "employment", "file", 1, NULL, "share", 0, 0, NULL,
     "CSV sex,age,employment: share of persons below the retirement age who work"},
    {K "coverage", "file", 1, NULL, "share", 0, 0, NULL,
     "CSV sex,age,coverage,retired: share of workers in the scheme; share of persons past "
     "the retirement age drawing an employee pension in the base year"},
    {K "divisor", "file", 1, NULL, "months", 0, 0, NULL,
     "CSV age,months: the IA divisor table 计发月数, whole ages without gaps"},
    {K "coverage_scale", "series", 0, "1", "factor", 0, 5,
     "assumption: 1 (the Feidong baseline calibrates it to the plan's 81,000 insured)",
     "multiplies both columns of the coverage file"},
    {K "wage", "number", 0, "68862", "yuan/year", 1, 1e8,
     "derived: Anhui 计发基数 2023 6,387 x 12 = 76,644 (W of 2022), back-cast to 2020 at "
     "5.5% a year (" RULES "Anhui basic pension calculation base)",
     "average wage W in the base year (the contribution base index)"},
    {K "wage_growth", "series", 0, "0.05", "per year", -0.5, 1,
     "assumption: 5% nominal (range 2%..7%)", "growth of W: W(t+1) = W(t) (1 + growth(t))"},
    {K "base_index", "series", 0, "0.8", "x W(t-1)", 0.6, 3.0,
     "assumption: 0.8, many county contributors pay near the 60% floor (range 0.6..1.0)",
     "average contribution base as a multiple of W(t-1) (legal band 0.6..3.0)"},
    {K "employer_rate", "series", 0, "0.16", "share of base", 0, 1,
     RULES "employer contribution rate 16% since 2019-05-01", "employer rate to the pooled fund"},
    {K "employee_rate", "series", 0, "0.08", "share of base", 0, 1,
     RULES "employee contribution rate 8% (国发〔2005〕38号)", "employee rate to the IA"},
    {K "crediting_rate", "series", 0, "0.03", "per year", 0, 1,
     "assumption: 3% after the published rates (" RULES "记账利率 2016-2025)",
     "IA crediting rate 记账利率"},
    {K "indexation", "series", 0, "0.02", "per year", 0, 0.5,
     "assumption: 2% after 2025 (" RULES "annual basic pension adjustment 2016-2025)",
     "adjustment of pensions in payment on 1 January of the year"},
    {K "transitional_coef", "series", 0, "0.012", "per deemed year", 0, 0.05,
     "assumption: 1.2% (provincial coefficients 1.0%..1.4%)",
     "transitional pension: W(t-1) x avg_index x deemed years x coef"},
    {K "contribution_density", "series", 0, "0.75", "share", 0, 1,
     "assumption: 0.75 of members' years are paid (range 0.6..0.9; the share of in-service "
     "members who pay, 缴费人员/参保职工, is reported near 0.8 nationally in the mid-2010s: "
     "unverified here)",
     "share of in-service members who pay in a year: contributors = density x members; "
     "each paid year earns a pension year and its account credit"},
    {K "career_start_age", "number", 0, "22", "years", 14, 40,
     "assumption: 22 (range 18..25)", "age at which contributions start"},
    {K "ia_start_year", "integer", 0, "1996", "year", 1990, 2010,
     "assumption: 1996 (国发〔1995〕6号 / 国发〔1997〕26号 introduced the IA)",
     "first year of the individual account; service before it is deemed (视同缴费)"},
    {K "female_cadre_share", "number", 0, "0.3", "share", 0, 1,
     "assumption: 0.3 of insured women had an original age of 55 (range 0.2..0.5)",
     "share of women in the original-55 (cadre) group"},
    {K "retirement_age", "function", 0, NULL, "years", 40, 75,
     "default: pre-2025 ages 60 / 55 / 50 (国发〔1978〕104号)",
     "function(birth_year, group) -> statutory age in years (fractional), group "
     "\"male\", \"female_cadre\" or \"female_worker\""},
    {K "min_contribution_years", "function", 0, NULL, "years", 0, 40,
     "default: 15 years (社会保险法 Art.16)",
     "function(year) -> minimum contribution years for those retiring in the year; "
     "shorter careers are brought up to it (extension or lump sum)"},
    {K "fiscal_subsidy", "series", 0, "0", "yuan/year", 0, 1e13,
     "assumption: none planned; see subsidy_needed", "fiscal subsidy into the pooled fund"},
    {K "transfers_in", "series", 0, "0", "yuan/year", 0, 1e13, "assumption: none",
     "transfers in (central adjustment 中央调剂, transferred accounts)"},
    {K "transfers_out", "series", 0, "0", "yuan/year", 0, 1e13, "assumption: none",
     "transfers out of the pooled fund"},
    {K "interest_rate", "series", 0, "0.025", "per year", -0.5, 1,
     "assumption: 2.5% on the fund (range 1.5%..4%)", "return on the pooled fund"},
    {K "fund_floor_months", "series", 0, "0", "months", 0, 240,
     "assumption: 0, the fund must not go negative (try 6..9)",
     "floor for subsidy_needed, in months of expenditure"},
    {K "base_pension", "number", 0, "2650", "yuan/month", 0, 1e6,
     "derived: Anhui 2010 expenses / retirees (data/raw/nbs_yearbook_urban_employee_pension_"
     "anhui.csv: 269.2e8 / 177.5e4 / 12 = 1,264) raised by the national adjustments to 2020",
     "base-year average pension of retirees (when local records are missing)"},
    {K "base_fund_months", "number", 0, "12", "months", 0, 240,
     "assumption: 12 months (Anhui 2010: 353.0 / 269.2 x 12 = 15.7; range 0..18)",
     "opening fund as months of base-year expenditure"},
    {K "base_fund", "number", 0, NULL, "yuan", -1e13, 1e13,
     "county records (replaces base_fund_months when set)",
     "opening pooled fund in yuan on 1 January of the base year"},
    {K "base_retirees", "number", 0, NULL, "persons", 0, 1e8,
     "county records (replaces the count implied by the coverage file's 'retired' column)",
     "employee pensioners on 1 January of the base year; the 'retired' column gives their "
     "spread by sex and age"},
    {K "backcast_wage_growth", "number", 0, "0.09", "per year", 0, 0.5,
     "assumption: 9% nominal wage growth before the base year (range 0.07..0.12)",
     "wage growth used to rebuild IA balances"},
    {K "backcast_crediting_rate", "number", 0, "0.03", "per year", 0, 0.5,
     "assumption: 3% before 2016 (deposit-rate era; range 0.02..0.04)",
     "crediting rate before 2016 used to rebuild IA balances"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- state */

typedef struct {
    int active;
    int base, ny;
    ps_scenario *sc;
    double emp[PS_NSEX][PS_NAGE], cov[PS_NSEX][PS_NAGE], retshare[PS_NSEX][PS_NAGE];
    double divisor[PS_NAGE];
    int div_lo, div_hi;
    const ps_series *s_scale, *s_growth, *s_index, *s_er, *s_ee, *s_cr, *s_idx, *s_trans,
        *s_density, *s_subsidy, *s_tin, *s_tout, *s_r, *s_floor;
    double wage_base, start_age, cadre_share, base_pension, base_months, back_g, back_cr;
    int has_base_fund, has_base_retirees;
    double base_fund, base_retirees;
    int ia_start;
    int bmin, nb;       /* birth years bmin .. bmin + nb - 1 */
    double *rage;       /* nb x groups: statutory age by birth year */
    double *minyears;   /* ny */
    /* the statutory age R of cell (year, group, age) and the retirement
     * shares of u = age + 1 - R (retire_shares), made once with the ages:
     * cells[(i * groups + g) * PS_NAGE + a] for year base + i (issue 18) */
    struct pe_cell {
        double R, g0, n, lived;
    } *cells;
    /* the carried state (1 January of the year being computed) */
    double wage, wage_prev;
    double ret[PS_PE_NGROUP][PS_NAGE], pen[PS_PE_NGROUP][PS_NAGE];
    double iapen[PS_PE_NGROUP][PS_NAGE], iarem[PS_PE_NGROUP][PS_NAGE];
    /* in-service members carried into the cell, and their accounts and
     * contribution years as totals (not per member): members who join
     * bring nothing, members who leave take their share out */
    double mem[PS_PE_NGROUP][PS_NAGE], tbal[PS_PE_NGROUP][PS_NAGE], tyrs[PS_PE_NGROUP][PS_NAGE];
    double nret[PS_PE_NGROUP][PS_NAGE], npen[PS_PE_NGROUP][PS_NAGE];
    double niapen[PS_PE_NGROUP][PS_NAGE], niarem[PS_PE_NGROUP][PS_NAGE];
    double nmem[PS_PE_NGROUP][PS_NAGE], ntbal[PS_PE_NGROUP][PS_NAGE], ntyrs[PS_PE_NGROUP][PS_NAGE];
    /* base-year rebuild, per member or per retiree */
    double bal0[PS_PE_NGROUP][PS_NAGE], yrs0[PS_PE_NGROUP][PS_NAGE];
    double iapen0[PS_PE_NGROUP][PS_NAGE], iarem0[PS_PE_NGROUP][PS_NAGE];
    double fund_prev, shadow_prev, ia_prev, netpos_cum;
    /* rebuild_balances' inputs by year before the base (issue 18): series
     * k (RB_*) of year rb_lo + j in rb_v[j][k] if bit k of rb_have[j]; the
     * rebuild is done again only when one of them changed (a draw's
     * shocks start at the base year, so usually none does) */
    int rb_lo, rb_n, rb_valid;
    double (*rb_v)[4];
    unsigned char *rb_have;
    int done;           /* years computed */
    ps_table *tab;      /* the results: one row a year, columns COLS */
    double (*contrib)[PS_NSEX][PS_NAGE], (*retir)[PS_NSEX][PS_NAGE];
} pe_state;

static const char *const GROUPS[PS_PE_NGROUP] = {"male", "female_cadre", "female_worker"};
static const double PRE_2025[PS_PE_NGROUP] = {60, 55, 50};

const char *ps_pe_group_name(int group)
{
    return group >= 0 && group < PS_PE_NGROUP ? GROUPS[group] : "?";
}

static int group_sex(int g) { return g == PS_PE_MALE ? PS_MALE : PS_FEMALE; }

/* ---------------------------------------------------------------- formulas */

double ps_pe_basic_pension(double wage_prev, double avg_index, double years)
{
    return wage_prev / 12.0 * (1.0 + avg_index) / 2.0 * years * 0.01;
}

double ps_pe_transitional_pension(double wage_prev, double avg_index, double deemed_years,
                                  double coef)
{
    return wage_prev / 12.0 * avg_index * deemed_years * coef;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

/* Integral of clamp01 from 0 to x. */
static double int_clamp01(double x) { return x <= 0 ? 0 : x < 1 ? x * x / 2 : x - 0.5; }

/* ps_pe_retire_shares, inlined in the yearly step (the same operations) */
static inline void retire_shares(double u, double *g0, double *n, double *lived)
{
    *g0 = clamp01(u);
    *n = clamp01(u + 1) - *g0;
    *lived = int_clamp01(u + 1) - int_clamp01(u);
}

void ps_pe_retire_shares(double u, double *g0, double *n, double *lived)
{
    retire_shares(u, g0, n, lived);
}

double ps_pe_divisor_at(const double *months, int lo, int hi, double age)
{
    if (!(age >= lo && age <= hi))
        return NAN;
    int a = (int)floor(age);
    if (a >= hi)
        return months[hi];
    double f = age - a;
    return months[a] + f * (months[a + 1] - months[a]);
}

int ps_pe_read_divisor(const char *path, double months[PS_NAGE], int *lo, int *hi, ps_err *err)
{
    ps_csv *csv = ps_csv_read(path, err);
    if (!csv)
        return err->code;
    int ca = ps_csv_require_col(csv, "age", err), cm = -1;
    if (ca >= 0)
        cm = ps_csv_require_col(csv, "months", err);
    if (cm < 0) {
        ps_csv_free(csv);
        return err->code;
    }
    int prev = -1;
    for (int a = 0; a < PS_NAGE; a++)
        months[a] = NAN;
    for (int r = 0; r < ps_csv_nrows(csv); r++) {
        int age;
        double m;
        if (ps_csv_int(csv, r, ca, 0, PS_NAGE - 1, &age, err) ||
            ps_csv_number(csv, r, cm, &m, err)) {
            ps_csv_free(csv);
            return err->code;
        }
        if (!(m > 0 && m <= 1200)) {
            ps_err_set(err, PS_EINPUT, "%s:%d: column 'months': %g is not in (0, 1200]",
                       path, ps_csv_line(csv, r), m);
            ps_csv_free(csv);
            return PS_EINPUT;
        }
        if (prev >= 0 && age != prev + 1) {
            ps_err_set(err, PS_EINPUT,
                       "%s:%d: column 'age': %d follows %d: the divisor table must list "
                       "every whole age in increasing order (a gap or a repeat)",
                       path, ps_csv_line(csv, r), age, prev);
            ps_csv_free(csv);
            return PS_EINPUT;
        }
        if (prev < 0)
            *lo = age;
        months[age] = m;
        prev = age;
    }
    ps_csv_free(csv);
    if (prev < 0)
        return ps_err_set(err, PS_EINPUT, "%s: the divisor table has no rows", path);
    *hi = prev;
    return PS_OK;
}

/* ---------------------------------------------------------------- scenario helpers */

static const char *where_of(ps_scenario *sc, const char *key, char *buf, size_t n)
{
    if (!ps_scenario_where(sc, key, buf, n))
        snprintf(buf, n, "%s", sc->path);
    return buf;
}

/* A "number" or "integer" key: its value or the default, range-checked. */
static int get_number(ps_scenario *sc, const char *key, double *out, ps_err *err)
{
    return ps_scenario_number(sc, key, out, err);
}

/* A file key resolved to a path; missing is an error naming the key. */
static char *get_file(ps_scenario *sc, const char *key, ps_err *err)
{
    char *p = ps_scenario_string(sc, key);
    if (!p)
        ps_err_set(err, PS_EINPUT, "%s: '%s' is missing", sc->path, key);
    return p;
}

/* Calls fn, the function of `key`, with (a, group-or-nil) and range-checks
 * the number it returns. */
static int call_age_fn(ps_scenario *sc, const ps_fn *fn, const char *key, int a,
                       const char *group, double lo, double hi, double *out, ps_err *err)
{
    char w[1200];
    ps_arg args[2] = {{PS_ARG_INT, a, NULL}, {PS_ARG_STRING, 0, group}};
    int kind;
    double v;
    if (ps_fn_call(sc, fn, args, group ? 2 : 1, &kind, &v, err))
        return ps_err_prefix(err, "%s: '%s'(%d%s%s): ", where_of(sc, key, w, sizeof w), key, a,
                             group ? ", " : "", group ? group : "");
    if (kind != PS_V_NUMBER)
        return ps_err_set(err, PS_EINPUT, "%s: '%s'(%d%s%s) returned %s (a number is needed)",
                          where_of(sc, key, w, sizeof w), key, a, group ? ", " : "",
                          group ? group : "", ps_value_kind_name(kind));
    if (!(v >= lo && v <= hi))
        return ps_err_set(err, PS_EINPUT, "%s: '%s'(%d%s%s) returned %g, outside %g..%g",
                          where_of(sc, key, w, sizeof w), key, a, group ? ", " : "",
                          group ? group : "", v, lo, hi);
    *out = v;
    return PS_OK;
}

static double rage_of(const pe_state *s, int birth_year, int g)
{
    int i = birth_year - s->bmin;
    if (i < 0)
        i = 0;
    if (i >= s->nb)
        i = s->nb - 1;
    return s->rage[i * PS_PE_NGROUP + g];
}

/* ---------------------------------------------------------------- create */

static void pe_destroy(void *self)
{
    pe_state *s = self;
    if (!s)
        return;
    free(s->rage);
    free(s->cells);
    free(s->minyears);
    free(s->rb_v);
    free(s->rb_have);
    ps_table_free(s->tab);
    free(s->contrib);
    free(s->retir);
    free(s);
}

static int read_inputs(pe_state *s, ps_err *err)
{
    ps_scenario *sc = s->sc;
    char *f_emp = get_file(sc, K "employment", err);
    char *f_cov = f_emp ? get_file(sc, K "coverage", err) : NULL;
    char *f_div = f_cov ? get_file(sc, K "divisor", err) : NULL;
    int rc = !f_div ? err->code
             : (ps_read_sex_age_table(f_emp, "employment", 0, 1, 0, s->emp, err) ||
                ps_read_sex_age_table(f_cov, "coverage", 0, 1, 0, s->cov, err) ||
                ps_read_sex_age_table(f_cov, "retired", 0, 1, 0, s->retshare, err) ||
                ps_pe_read_divisor(f_div, s->divisor, &s->div_lo, &s->div_hi, err))
                 ? err->code
                 : PS_OK;
    free(f_emp);
    free(f_cov);
    free(f_div);
    if (rc)
        return rc;
    double ia_start;
    if (get_number(sc, K "wage", &s->wage_base, err) ||
        get_number(sc, K "career_start_age", &s->start_age, err) ||
        get_number(sc, K "female_cadre_share", &s->cadre_share, err) ||
        get_number(sc, K "base_pension", &s->base_pension, err) ||
        get_number(sc, K "base_fund_months", &s->base_months, err) ||
        get_number(sc, K "backcast_wage_growth", &s->back_g, err) ||
        get_number(sc, K "backcast_crediting_rate", &s->back_cr, err) ||
        get_number(sc, K "ia_start_year", &ia_start, err) ||
        ps_scenario_number_opt(sc, K "base_fund", &s->has_base_fund, &s->base_fund, err) ||
        ps_scenario_number_opt(sc, K "base_retirees", &s->has_base_retirees,
                               &s->base_retirees, err))
        return err->code;
    s->ia_start = (int)ia_start;
    struct {
        const ps_series **dst;
        const char *key;
    } ser[] = {{&s->s_scale, K "coverage_scale"},   {&s->s_growth, K "wage_growth"},
               {&s->s_index, K "base_index"},       {&s->s_er, K "employer_rate"},
               {&s->s_ee, K "employee_rate"},       {&s->s_cr, K "crediting_rate"},
               {&s->s_idx, K "indexation"},         {&s->s_trans, K "transitional_coef"},
               {&s->s_density, K "contribution_density"}, {&s->s_subsidy, K "fiscal_subsidy"},
               {&s->s_tin, K "transfers_in"},       {&s->s_tout, K "transfers_out"},
               {&s->s_r, K "interest_rate"},        {&s->s_floor, K "fund_floor_months"}};
    for (size_t i = 0; i < sizeof ser / sizeof ser[0]; i++)
        if (!(*ser[i].dst = ps_scenario_series(sc, ser[i].key)))
            return ps_err_set(err, PS_EINTERNAL, "series '%s' not registered", ser[i].key);
    return PS_OK;
}

/* Statutory ages of every birth cohort the run can meet, one call each. */
static int cache_ages(pe_state *s, ps_err *err)
{
    ps_scenario *sc = s->sc;
    char w[1200];
    int end = s->base + s->ny - 1, kind, rc = PS_OK;
    s->bmin = s->base - PS_NAGE - 2;
    s->nb = end - s->bmin + 1;
    s->rage = malloc((size_t)s->nb * PS_PE_NGROUP * sizeof *s->rage);
    s->minyears = malloc((size_t)s->ny * sizeof *s->minyears);
    if (!s->rage || !s->minyears)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    ps_fn fn = {0};
    if (ps_read_kind(sc, &kind, err, K "retirement_age") ||
        (kind == PS_V_FUNCTION && ps_read_function(sc, &fn, err, K "retirement_age")))
        return err->code;
    for (int i = 0; i < s->nb && !rc; i++)
        for (int g = 0; g < PS_PE_NGROUP && !rc; g++) {
            double *r = &s->rage[i * PS_PE_NGROUP + g];
            if (kind != PS_V_FUNCTION) {
                *r = PRE_2025[g];
            } else if ((rc = call_age_fn(sc, &fn, K "retirement_age", s->bmin + i, GROUPS[g], 40,
                                         75, r, err))) {
                break;
            }
            if (isnan(ps_pe_divisor_at(s->divisor, s->div_lo, s->div_hi, *r)))
                rc = ps_err_set(err, PS_EINPUT,
                                "%s: '%s' gives %g for %s born %d, outside the divisor "
                                "table's ages %d..%d",
                                where_of(sc, K "retirement_age", w, sizeof w),
                                K "retirement_age", *r, GROUPS[g], s->bmin + i, s->div_lo,
                                s->div_hi);
        }
    ps_fn_release(sc, &fn);
    if (rc)
        return rc;
    if (ps_read_kind(sc, &kind, err, K "min_contribution_years") ||
        (kind == PS_V_FUNCTION && ps_read_function(sc, &fn, err, K "min_contribution_years")))
        return err->code;
    for (int i = 0; i < s->ny && !rc; i++) {
        if (kind != PS_V_FUNCTION)
            s->minyears[i] = 15;
        else
            rc = call_age_fn(sc, &fn, K "min_contribution_years", s->base + i, NULL, 0, 40,
                             &s->minyears[i], err);
    }
    ps_fn_release(sc, &fn);
    if (rc)
        return rc;
    /* every cell's age and shares, as the yearly step would compute them */
    s->cells = malloc((size_t)s->ny * PS_PE_NGROUP * PS_NAGE * sizeof *s->cells);
    if (!s->cells)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int i = 0; i < s->ny; i++)
        for (int g = 0; g < PS_PE_NGROUP; g++)
            for (int a = 0; a < PS_NAGE; a++) {
                struct pe_cell *c = &s->cells[((size_t)i * PS_PE_NGROUP + g) * PS_NAGE + a];
                c->R = rage_of(s, s->base + i - 1 - a, g);
                retire_shares(a + 1 - c->R, &c->g0, &c->n, &c->lived);
            }
    return PS_OK;
}

static int pe_create(ps_run *run, void **self, ps_err *err)
{
    pe_state *s = calloc(1, sizeof *s);
    if (!s)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = s;
    s->sc = ps_run_scenario(run);
    s->base = ps_run_base_year(run);
    s->ny = ps_run_end_year(run) - s->base + 1;
    s->active = ps_read_has_table(s->sc, "pension_employee");
    if (!s->active)
        return PS_OK;
    if (!(s->tab = ps_table_new(&TABLE, s->base, s->ny, 1, err)))
        return err->code;
    s->contrib = calloc((size_t)s->ny, sizeof *s->contrib);
    s->retir = calloc((size_t)s->ny, sizeof *s->retir);
    if (!s->contrib || !s->retir)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    if (read_inputs(s, err) || cache_ages(s, err))
        return err->code;
    return PS_OK;
}

/* A new projection of the same run (a stochastic draw): the inputs and
 * the cached statutory ages stay; the base year's step re-initialises the
 * cohorts, so only the results need clearing. */
static int pe_reset(void *self, ps_run *run, ps_err *err)
{
    pe_state *s = self;
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    ps_table_clear(s->tab);
    memset(s->contrib, 0, (size_t)s->ny * sizeof *s->contrib);
    memset(s->retir, 0, (size_t)s->ny * sizeof *s->retir);
    return PS_OK;
}

/* ---------------------------------------------------------------- step */

static double eval(pe_state *s, const ps_series *se, int year, ps_err *err, int *rc)
{
    double v = NAN;
    if (!*rc)
        *rc = ps_series_at(s->sc, se, year, &v, err);
    return v;
}

/* Per-member balances and contribution years of every cohort at 1 January
 * of the base year, rebuilt from the career start (years) and from the
 * start of the IA (balances) under the back-cast wage path; and, for the
 * part of a cohort already retired, the IA pension its balance bought at
 * retirement and what is left of the account after paying it since
 * (MODEL.md 2, base-year state; docs/pensions.md). */
enum { RB_DENS, RB_CR, RB_EE, RB_INDEX };

/* Series k of rebuild_balances in year y (< base), evaluated once. */
static double rb_eval(pe_state *s, int k, int y, ps_err *err, int *rc)
{
    static const size_t off[4] = {offsetof(pe_state, s_density), offsetof(pe_state, s_cr),
                                  offsetof(pe_state, s_ee), offsetof(pe_state, s_index)};
    int j = y - s->rb_lo;
    if (j < 0 || j >= s->rb_n) /* not expected: the memo covers every year */
        return eval(s, *(const ps_series **)((char *)s + off[k]), y, err, rc);
    if (!(s->rb_have[j] & (1u << k))) {
        s->rb_v[j][k] = eval(s, *(const ps_series **)((char *)s + off[k]), y, err, rc);
        if (*rc)
            return s->rb_v[j][k];
        s->rb_have[j] |= (unsigned char)(1u << k);
    }
    return s->rb_v[j][k];
}

/* Whether rebuild_balances' results still hold: every input it used,
 * evaluated again, has the same bits. */
static int rb_unchanged(pe_state *s, ps_err *err, int *rc)
{
    static const size_t off[4] = {offsetof(pe_state, s_density), offsetof(pe_state, s_cr),
                                  offsetof(pe_state, s_ee), offsetof(pe_state, s_index)};
    int same = s->rb_valid;
    for (int j = 0; j < s->rb_n; j++)
        for (int k = 0; k < 4; k++) {
            if (!(s->rb_have[j] & (1u << k)))
                continue;
            double v = eval(s, *(const ps_series **)((char *)s + off[k]), s->rb_lo + j, err, rc);
            if (*rc)
                return 0;
            if (memcmp(&v, &s->rb_v[j][k], sizeof v) != 0) {
                s->rb_v[j][k] = v;
                same = 0;
            }
        }
    return same;
}

static int rebuild_balances(pe_state *s, ps_err *err)
{
    int rc = 0;
    if (!s->rb_v) {
        int lo = (int)floor(s->base - PS_NAGE + s->start_age);
        s->rb_lo = lo < s->ia_start ? lo : s->ia_start;
        s->rb_n = s->base > s->rb_lo ? s->base - s->rb_lo : 0;
        s->rb_v = calloc((size_t)s->rb_n + 1, sizeof *s->rb_v);
        s->rb_have = calloc((size_t)s->rb_n + 1, 1);
        if (!s->rb_v || !s->rb_have)
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    if (rb_unchanged(s, err, &rc))
        return PS_OK;
    if (rc)
        return rc;
    s->rb_valid = 0;
    for (int g = 0; g < PS_PE_NGROUP; g++)
        for (int a = 0; a < PS_NAGE; a++) {
            int b = s->base - 1 - a;
            double R = rage_of(s, b, g), bal = 0, yrs = 0;
            int y0 = (int)floor(b + s->start_age);
            if (y0 > s->ia_start)
                y0 = s->ia_start;
            for (int y = y0; y < s->base; y++) {
                double age_y = y - b; /* completed age on 1 January y, plus one */
                double g0, n, lived, s0, sn, slived;
                ps_pe_retire_shares(age_y - R, &g0, &n, &lived);
                if (g0 >= 1)
                    break;
                /* share of the year after the career start, less the share retired */
                ps_pe_retire_shares(age_y - s->start_age, &s0, &sn, &slived);
                double work = (slived - lived) / (1 - g0);
                if (!(work > 0))
                    continue;
                double dens = rb_eval(s, RB_DENS, y, err, &rc);
                if (rc)
                    return rc;
                yrs += dens * work;
                if (y < s->ia_start)
                    continue;
                double wprev = s->wage_base / pow(1 + s->back_g, s->base - (y - 1));
                double cr = y < 2016 ? s->back_cr : rb_eval(s, RB_CR, y, err, &rc);
                double ee = rb_eval(s, RB_EE, y, err, &rc);
                double idx = rb_eval(s, RB_INDEX, y, err, &rc);
                if (rc)
                    return rc;
                bal = (bal + dens * ee * idx * wprev * work) * (1 + cr);
            }
            s->bal0[g][a] = bal;
            s->yrs0[g][a] = yrs;
            /* Retired before the base year: the account at retirement bought
             * ip = balance / divisor(R) a month (at most the whole pension),
             * paid since then for T years on average (T = u - 1/2 for a
             * cohort wholly retired, u/2 for one retiring within the last
             * year), credited at the back-cast rate c:
             * left = bal (1+c)^T - 12 ip ((1+c)^T - 1)/c, at least 0. */
            double u = a + 1 - R;
            s->iapen0[g][a] = s->iarem0[g][a] = 0;
            if (u > 0 && bal > 0) {
                double ip = bal / ps_pe_divisor_at(s->divisor, s->div_lo, s->div_hi, R);
                if (ip > s->base_pension)
                    ip = s->base_pension;
                double T = u >= 1 ? u - 0.5 : u / 2, c = s->back_cr, acc = pow(1 + c, T);
                double left = bal * acc - 12 * ip * (c > 0 ? (acc - 1) / c : T);
                s->iapen0[g][a] = ip;
                s->iarem0[g][a] = left > 0 ? left : 0;
            }
        }
    s->rb_valid = 1;
    return PS_OK;
}

/* Adds n persons with pension p (IA part ip, IA left ir) to cell (g, a). */
static inline void add_cell(pe_state *s, int g, int a, double n, double p, double ip, double ir)
{
    double tot = s->nret[g][a] + n;
    if (!(n > 0))
        return;
    s->npen[g][a] = (s->npen[g][a] * s->nret[g][a] + p * n) / tot;
    s->niapen[g][a] = (s->niapen[g][a] * s->nret[g][a] + ip * n) / tot;
    s->niarem[g][a] = (s->niarem[g][a] * s->nret[g][a] + ir * n) / tot;
    s->nret[g][a] = tot;
}

/* The base year's retirees, members, balances and contribution years. */
static int init_base(pe_state *s, const ps_pop *P, double scale, ps_err *err)
{
    double w_g[PS_PE_NGROUP] = {1, s->cadre_share, 1 - s->cadre_share}, tot = 0;
    if (rebuild_balances(s, err))
        return err->code;
    for (int g = 0; g < PS_PE_NGROUP; g++)
        for (int a = 0; a < PS_NAGE; a++) {
            int x = group_sex(g);
            double g0, n, lived;
            ps_pe_retire_shares(a + 1 - rage_of(s, s->base - 1 - a, g), &g0, &n, &lived);
            s->ret[g][a] = P->p[x][a] * w_g[g] * clamp01(s->retshare[x][a] * scale) * g0;
            s->pen[g][a] = s->base_pension;
            s->iapen[g][a] = s->iapen0[g][a];
            s->iarem[g][a] = s->iarem0[g][a];
            double k = P->p[x][a] * w_g[g] * s->emp[x][a] * clamp01(s->cov[x][a] * scale);
            s->mem[g][a] = k * (1 - g0);
            s->tbal[g][a] = s->mem[g][a] * s->bal0[g][a];
            s->tyrs[g][a] = s->mem[g][a] * s->yrs0[g][a];
            tot += s->ret[g][a];
        }
    if (s->has_base_retirees) {
        char w[1200];
        if (!(tot > 0) && s->base_retirees > 0)
            return ps_err_set(err, PS_EINPUT,
                              "%s: '%s' is %g but the coverage file's 'retired' column is 0 "
                              "at every age past the retirement age: nothing to spread them over",
                              where_of(s->sc, K "base_retirees", w, sizeof w),
                              K "base_retirees", s->base_retirees);
        double f = tot > 0 ? s->base_retirees / tot : 0;
        for (int g = 0; g < PS_PE_NGROUP; g++)
            for (int a = 0; a < PS_NAGE; a++)
                s->ret[g][a] *= f;
    }
    s->netpos_cum = 0;
    return PS_OK;
}

static int pe_step(void *self, ps_run *run, int year, ps_err *err)
{
    pe_state *s = self;
    if (!s->active)
        return PS_OK;
    int i = year - s->base, rc = 0;
    const ps_pop *P = ps_run_pop(run, year);
    const ps_pop_year *yin = ps_run_year_inputs(run, year);
    if (!P || !yin)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double scale = eval(s, s->s_scale, year, err, &rc);
    double growth = eval(s, s->s_growth, year, err, &rc);
    double idxb = eval(s, s->s_index, year, err, &rc);
    double er = eval(s, s->s_er, year, err, &rc);
    double ee = eval(s, s->s_ee, year, err, &rc);
    double cr = eval(s, s->s_cr, year, err, &rc);
    double trans = eval(s, s->s_trans, year, err, &rc);
    double dens = eval(s, s->s_density, year, err, &rc);
    double subsidy = eval(s, s->s_subsidy, year, err, &rc);
    double tin = eval(s, s->s_tin, year, err, &rc);
    double tout = eval(s, s->s_tout, year, err, &rc);
    double r = eval(s, s->s_r, year, err, &rc);
    double floor_m = eval(s, s->s_floor, year, err, &rc);
    if (rc)
        return rc;
    double *row = ps_table_row(s->tab, year, 0);
    if (i == 0) {
        s->wage = s->wage_base;
        s->wage_prev = s->wage_base / (1 + s->back_g);
    }
    row[C_WAGE] = s->wage;
    row[C_WAGE_GROWTH] = growth;
    /* indexation may be a function reading wage_growth through state.get */
    double idx = i == 0 ? 0 : eval(s, s->s_idx, year, err, &rc);
    if (rc)
        return rc;
    row[C_INDEXATION] = i == 0 ? NAN : idx;
    double base_amt = s->wage_prev * idxb; /* annual contribution base */
    double w_g[PS_PE_NGROUP] = {1, s->cadre_share, 1 - s->cadre_share};

    if (i == 0) {
        if (init_base(s, P, scale, err))
            return err->code;
    } else {
        for (int g = 0; g < PS_PE_NGROUP; g++)
            for (int a = 0; a < PS_NAGE; a++)
                s->pen[g][a] *= 1 + idx;
    }

    memset(s->nret, 0, sizeof s->nret);
    memset(s->npen, 0, sizeof s->npen);
    memset(s->niapen, 0, sizeof s->niapen);
    memset(s->niarem, 0, sizeof s->niarem);
    memset(s->nmem, 0, sizeof s->nmem);
    memset(s->ntbal, 0, sizeof s->ntbal);
    memset(s->ntyrs, 0, sizeof s->ntyrs);
    double M = 0, C = 0, newr = 0, newpen_sum = 0, newpen_n = 0, paid = 0, paid_ia = 0;
    double pen_years = 0, ia_total = 0, ia_open = 0, ia_int = 0, refunds = 0;
    double (*contrib)[PS_NAGE] = s->contrib[i], (*retir)[PS_NAGE] = s->retir[i];
    /* A cell with no members, no accounts and no retirees adds exact zeros
     * to every sum below (sums that start at +0 stay the same), when the
     * year's rates are finite: it is skipped (issue 18). */
    int zskip = isfinite(dens) && isfinite(ee * base_amt) && isfinite(cr);
    for (int g = 0; g < PS_PE_NGROUP; g++) {
        int x = group_sex(g);
        const struct pe_cell *cg = &s->cells[((size_t)i * PS_PE_NGROUP + g) * PS_NAGE];
        for (int a = 0; a < PS_NAGE; a++) {
            int b = year - 1 - a, a1 = a < PS_NAGE - 1 ? a + 1 : a;
            double R = cg[a].R, q = yin->q[x][a];
            /* members of the cohort (retired or not), in service on 1 January */
            double k = P->p[x][a] * w_g[g] * s->emp[x][a] * clamp01(s->cov[x][a] * scale);
            if (zskip && k == 0 && s->ret[g][a] == 0 && s->mem[g][a] == 0 &&
                s->tbal[g][a] == 0 && s->tyrs[g][a] == 0 && isfinite(q) &&
                isfinite(s->iarem[g][a]) && isfinite(s->iapen[g][a]) && isfinite(s->pen[g][a]))
                continue;
            double g0 = cg[a].g0, n = cg[a].n, lived = cg[a].lived;
            double m0 = k * (1 - g0);
            /* members: person-years in service; contributors: those who pay */
            double cm = k * (1 - q / 2) * (1 - lived), c = dens * cm;
            M += cm;
            C += c;
            contrib[x][a] += cm;

            /* --- in-service accounts (totals of the cell) */
            double tb = s->tbal[g][a], ty = s->tyrs[g][a], mc = s->mem[g][a];
            ia_open += tb;
            if (m0 < mc) { /* members who left take their share (refund or transfer out) */
                double keep = mc > 0 ? m0 / mc : 0;
                refunds += tb * (1 - keep);
                tb *= keep;
                ty *= keep;
            }                                 /* members who joined bring nothing */
            double X = ee * base_amt * c;     /* the year's account contributions */
            double pool = tb + X;
            ia_int += cr * pool;
            /* every member in service on 1 January holds an equal share at the
             * end of the year; those who die leave theirs to their heirs */
            double v = m0 > 0 ? pool * (1 + cr) / m0 : 0, vpre = m0 > 0 ? pool / m0 : 0;
            double ypc = m0 > 0 ? (ty + c) / m0 : 0; /* contribution years per member */
            double W1 = k * (1 - q) * (1 - g0 - n);
            s->nmem[g][a1] += W1;
            s->ntbal[g][a1] += W1 * v;
            s->ntyrs[g][a1] += W1 * ypc;
            ia_total += W1 * v;
            refunds += k * q * (1 - g0) * v; /* inheritances of members who die */

            /* --- retirees in payment since before the year */
            double rr = s->ret[g][a], ir = s->iarem[g][a], ip = s->iapen[g][a];
            double ry = rr * (1 - q / 2);
            ia_open += rr * ir;
            double d_full = 12 * ip < ir ? 12 * ip : ir, d_half = 6 * ip < ir ? 6 * ip : ir;
            paid += ry * 12 * s->pen[g][a];
            paid_ia += rr * (1 - q) * d_full + rr * q * d_half;
            ia_int += cr * (rr * (1 - q) * (ir - d_full) + rr * q * (ir - d_half));
            refunds += rr * q * (ir - d_half) * (1 + cr);
            pen_years += ry;
            retir[x][a] += ry;
            double left_pc = (ir - d_full) * (1 + cr);
            add_cell(s, g, a1, rr * (1 - q), s->pen[g][a], ip, left_pc);
            ia_total += rr * (1 - q) * left_pc;

            /* --- new retirees of the year */
            if (n > 0 && k > 0) {
                double span = R - s->start_age;
                double years = ypc < s->minyears[i] ? s->minyears[i] : ypc;
                double deemed = s->ia_start - (b + s->start_age);
                deemed = dens * (deemed < 0 ? 0 : deemed > span ? span : deemed);
                double ia_p = vpre / ps_pe_divisor_at(s->divisor, s->div_lo, s->div_hi, R);
                double np = ps_pe_basic_pension(s->wage_prev, idxb, years) +
                            ps_pe_transitional_pension(s->wage_prev, idxb, deemed, trans) + ia_p;
                double exp_y = k * (1 - q / 2) * (lived - g0); /* years in payment */
                double months_pc = 12 * (lived - g0) / n;     /* per new retiree */
                double f = ia_p * months_pc < v ? ia_p * months_pc : v;
                paid += exp_y * 12 * np;
                /* survivors draw f, those who die half of it (half the exposure) */
                paid_ia += k * n * (1 - q / 2) * f;
                refunds -= k * n * q * f / 2; /* already counted in the inheritances */
                pen_years += exp_y;
                retir[x][a] += exp_y;
                double survivors = k * n * (1 - q);
                add_cell(s, g, a1, survivors, np, ia_p, v - f);
                ia_total += survivors * (v - f);
                newr += k * n;
                newpen_sum += k * n * np;
                newpen_n += k * n;
            }
        }
    }
    double employer = er * base_amt * C, ia_contrib = ee * base_amt * C;
    double income = employer + subsidy + tin;
    double expenditure = paid - paid_ia + tout;
    if (i == 0) {
        s->fund_prev = s->shadow_prev =
            s->has_base_fund ? s->base_fund : s->base_months * expenditure / 12;
        s->ia_prev = ia_open;
    }
    double interest = s->fund_prev * r;
    double fund = s->fund_prev + interest + income - expenditure;
    /* The identity of the output, checked as it will be read back. */
    double lhs = fund - (s->fund_prev + interest + income - expenditure);
    double scale_id = fabs(fund) + fabs(s->fund_prev) + fabs(income) + fabs(expenditure) + 1;
    if (!(fabs(lhs) <= 1e-9 * scale_id))
        return ps_err_set(err, PS_EINTERNAL, "pooled fund identity violated in %d", year);
    /* The individual accounts: the stock summed over the cells at the end
     * of the year against last year's stock and the year's flows, summed
     * separately. */
    double ia_out = paid_ia + refunds;
    double ia_err = ia_total - (s->ia_prev + ia_contrib + ia_int - ia_out);
    double ia_scale = fabs(ia_total) + fabs(s->ia_prev) + ia_contrib + fabs(ia_int) + ia_out + 1;
    if (!(fabs(ia_err) <= 1e-9 * ia_scale))
        return ps_err_set(err, PS_EINTERNAL,
                          "individual-account identity violated in %d: balance %.10g, "
                          "last year's balance + flows %.10g",
                          year, ia_total, s->ia_prev + ia_contrib + ia_int - ia_out);
    double floor_v = floor_m * expenditure / 12;
    double shadow = s->shadow_prev * (1 + r) + income - expenditure, need = 0;
    if (shadow < floor_v) {
        need = floor_v - shadow;
        shadow = floor_v;
    }
    row[C_CONTRIBUTORS] = C;
    row[C_MEMBERS] = M;
    row[C_RETIREES] = pen_years;
    row[C_BENEFICIARIES] = pen_years;
    row[C_INSURED] = M + pen_years;
    row[C_NEW_RETIREES] = newr;
    row[C_INCOME_TOTAL] = income;
    row[C_EXPENDITURE] = expenditure;
    row[C_INTEREST] = interest;
    row[C_FUND] = fund;
    row[C_EMPLOYER_CONTRIBUTIONS] = employer;
    row[C_FISCAL_SUBSIDY] = subsidy;
    row[C_TRANSFERS_IN] = tin;
    row[C_TRANSFERS_OUT] = tout;
    row[C_BENEFITS_TOTAL] = paid;
    row[C_BENEFITS_FROM_IA] = ia_out;
    row[C_IA_PENSIONS] = paid_ia;
    row[C_IA_REFUNDS] = refunds;
    row[C_IA_CONTRIBUTIONS] = ia_contrib;
    row[C_IA_INTEREST] = ia_int;
    row[C_IA_BALANCE] = ia_total;
    row[C_CURRENT_BALANCE] = income - expenditure;
    /* the cash view: every contribution against every payment; its stock
     * is the pool plus the accounts, as published balances count it */
    row[C_CASH_INCOME] = employer + ia_contrib + subsidy + tin;
    row[C_CASH_EXPENDITURE] = paid + refunds + tout;
    row[C_CASH_BALANCE] = row[C_CASH_INCOME] - row[C_CASH_EXPENDITURE];
    row[C_CASH_FUND] = fund + ia_total;
    /* the county in the national pool: contributions collected here minus
     * benefits paid here (negative: the pool transfers the difference in) */
    row[C_NET_POSITION] = employer + ia_contrib - paid - refunds;
    s->netpos_cum += row[C_NET_POSITION];
    row[C_NET_POSITION_CUMULATIVE] = s->netpos_cum;
    row[C_MONTHS_HELD] = expenditure > 0 ? fund / (expenditure / 12) : NAN;
    row[C_DEPENDENCY] = C > 0 ? pen_years / C : NAN;
    row[C_PAYG_COST_RATE] = C > 0 ? paid / (base_amt * C) : NAN;
    row[C_AVG_PENSION] = pen_years > 0 ? paid / pen_years / 12 : NAN;
    row[C_AVG_NEW_PENSION] = newpen_n > 0 ? newpen_sum / newpen_n : NAN;
    row[C_REPLACEMENT_RATE] = newpen_n > 0 ? newpen_sum / newpen_n * 12 / s->wage : NAN;
    row[C_SUBSIDY_NEEDED] = need;
    row[C_FUND_WITH_SUBSIDY] = shadow;
    row[C_CONTRIBUTION_BASE] = base_amt;
    row[C_RET_AGE_MALE] = rage_of(s, year - 60, PS_PE_MALE);
    row[C_RET_AGE_FEMALE_CADRE] = rage_of(s, year - 55, PS_PE_FEMALE_CADRE);
    row[C_RET_AGE_FEMALE_WORKER] = rage_of(s, year - 50, PS_PE_FEMALE_WORKER);
    row[C_MIN_CONTRIBUTION_YEARS] = s->minyears[i];

    /* carry to 1 January of the next year */
    memcpy(s->ret, s->nret, sizeof s->ret);
    memcpy(s->pen, s->npen, sizeof s->pen);
    memcpy(s->iapen, s->niapen, sizeof s->iapen);
    memcpy(s->iarem, s->niarem, sizeof s->iarem);
    memcpy(s->mem, s->nmem, sizeof s->mem);
    memcpy(s->tbal, s->ntbal, sizeof s->tbal);
    memcpy(s->tyrs, s->ntyrs, sizeof s->tyrs);
    s->fund_prev = fund;
    s->shadow_prev = shadow;
    s->ia_prev = ia_total;
    s->wage_prev = s->wage;
    s->wage *= 1 + growth;
    s->done = i + 1;
    return PS_OK;
}
/* ---------------------------------------------------------------- results */

/* Row of year index i (0 = the base year) of the results. */
static const double *row_at(const pe_state *s, int i)
{
    return ps_table_row_const(s->tab, s->base + i, 0);
}

/* The run writes the table (registering its columns in columns.csv) and
 * answers state.get, stochastic series and other modules' column reads
 * from it (module.h). */
static int pe_tables(void *self, const ps_table **out, int max)
{
    pe_state *s = self;
    if (!s->active || max < 1)
        return 0;
    out[0] = s->tab;
    return 1;
}

static int pe_summarize(void *self, ps_run *run, ps_summary *sum, ps_err *err)
{
    pe_state *s = self;
    char b[32];
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    int dep = 0, cdep = 0;
    double need = 0;
    for (int i = 0; i < s->ny; i++) {
        const double *r = row_at(s, i);
        if (!dep && r[C_FUND] < 0)
            dep = s->base + i;
        if (!cdep && r[C_CASH_FUND] < 0)
            cdep = s->base + i;
        need += r[C_SUBSIDY_NEEDED];
    }
    /* The depletion year (the headline) is the pooled account's: employer
     * contributions against the pool's share of pensions.  The cash view
     * (pool and accounts together, as published balances count them) and
     * the county's net position in the national pool are reported beside it. */
    if (dep)
        snprintf(b, sizeof b, "%d", dep);
    ps_summary_text(sum, 0, "pension_employee_depletion_year", dep ? b : "none", "year",
                    "城镇职工养老保险统筹基金（本县口径）首次出现负值的年份（none：预测期内不出现）",
                    "Employee pension: first year the county's pooled fund is negative "
                    "(none: not within the projection)");
    ps_summary_headline(sum);
    ps_summary_text(sum, 0, "pension_employee_headline_view", "pooled_account", "-",
                    "城镇职工养老保险耗尽年份所指的余额口径（统筹基金）",
                    "Employee pension: the balance the depletion year refers to (the pooled "
                    "fund)");
    if (cdep)
        snprintf(b, sizeof b, "%d", cdep);
    ps_summary_text(sum, 0, "pension_employee_cash_depletion_year", cdep ? b : "none", "year",
                    "城镇职工养老保险现金口径（统筹基金加个人账户）首次出现负值的年份",
                    "Employee pension: first year the cash fund (pool plus individual "
                    "accounts) is negative");
    ps_summary_headline(sum);
    ps_summary_num(sum, 0, "pension_employee_subsidy_needed_total", need, "yuan",
                   "城镇职工养老保险预测期内所需财政补贴合计（全国统筹，非县级负担）",
                   "Employee pension: subsidy needed over the projection (pooled nationally, "
                   "not a county liability)");
    ps_summary_headline(sum);
    ps_summary_num(sum, 0, "pension_employee_net_position_total",
                   row_at(s, s->ny - 1)[C_NET_POSITION_CUMULATIVE], "yuan",
                   "城镇职工养老保险：本县对全国统筹的累计净贡献（预测期末）",
                   "Employee pension: the county's cumulative net contribution to the "
                   "national pool (last year)");
    static const int years[] = {2025, 2030, 2035, 2050};
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k], i = y - s->base;
        if (i < 0 || i >= s->ny)
            continue;
        const double *r = row_at(s, i);
        ps_summary_num(sum, y, "pension_employee_insured_{year}", r[C_INSURED], "persons",
                       "{year}年城镇职工养老保险参保人数",
                       "Employee pension: insured persons in {year}");
        ps_summary_num(sum, y, "pension_employee_retirees_{year}", r[C_RETIREES], "persons",
                       "{year}年城镇职工养老保险退休人数", "Employee pension: retirees in {year}");
        ps_summary_num(sum, y, "pension_employee_fund_{year}", r[C_FUND], "yuan",
                       "{year}年末城镇职工养老保险统筹基金累计结余（本县口径）",
                       "Employee pension: the county's pooled fund balance at the end of {year}");
        ps_summary_num(sum, y, "pension_employee_cash_fund_{year}", r[C_CASH_FUND], "yuan",
                       "{year}年末城镇职工养老保险现金口径累计结余（统筹基金加个人账户）",
                       "Employee pension: cash fund (pool plus individual accounts) at the end "
                       "of {year}");
        ps_summary_num(sum, y, "pension_employee_net_position_{year}", r[C_NET_POSITION], "yuan",
                       "{year}年本县对全国统筹的净贡献（城镇职工养老保险）",
                       "Employee pension: the county's net contribution to the national pool "
                       "in {year}");
    }
    return PS_OK;
}

int ps_pension_employee_wages(const void *state, int year, double *wage, double *base,
                              double *avg_pension)
{
    const pe_state *s = state;
    int ok = s && s->active && year >= s->base && year - s->base < s->done;
    const double *r = ok ? row_at(s, year - s->base) : NULL;
    if (wage)
        *wage = r ? r[C_WAGE] : NAN;
    if (base)
        *base = r ? r[C_CONTRIBUTION_BASE] : NAN;
    if (avg_pension)
        *avg_pension = r ? r[C_AVG_PENSION] : NAN;
    return ok;
}

int ps_pension_employee_active(const void *state)
{
    const pe_state *s = state;
    return s && s->active;
}

int ps_pension_employee_insured(void *state, int year, double contributors[PS_NSEX][PS_NAGE],
                                double retirees[PS_NSEX][PS_NAGE], ps_err *err)
{
    pe_state *s = state;
    int i = s ? year - s->base : 0;
    if (!s || !s->active || i < 0 || i >= s->done) {
        memset(contributors, 0, sizeof(double) * PS_NSEX * PS_NAGE);
        memset(retirees, 0, sizeof(double) * PS_NSEX * PS_NAGE);
        if (!s || !s->active)
            return ps_err_set(err, PS_EINPUT, "the scenario has no 'pension_employee' section");
        return ps_err_set(err, PS_EUSAGE, "pension_employee: year %d is not computed", year);
    }
    /* every cell is overwritten: no need to clear them first */
    memcpy(contributors, s->contrib[i], sizeof s->contrib[i]);
    memcpy(retirees, s->retir[i], sizeof s->retir[i]);
    return PS_OK;
}

/* The pooled account's position; the employee pension is pooled nationally,
 * so the county's balance is a pressure indicator. */
static int pe_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    pe_state *s = self;
    (void)run;
    (void)err;
    if (!s->active)
        return PS_OK;
    double need = 0;
    for (int i = 0; i < s->ny; i++)
        if (!isnan(row_at(s, i)[C_SUBSIDY_NEEDED]))
            need += row_at(s, i)[C_SUBSIDY_NEEDED];
    int stride;
    const double *fund = ps_table_series(s->tab, "fund", 0, &stride);
    return ps_headline_fund(h, 0, "城镇职工基本养老保险（本县统筹账户）",
                            "Urban employee pension (the county's pooled account)",
                            PS_HOLDER_DECLARED, fund, stride, s->base, s->ny, need);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TABLE, NULL};

const ps_module ps_pension_employee_module = {
    .name = "pension_employee",
    .label_zh = "城镇职工基本养老保险",
    .label_en = "Urban employee pension",
    .declares = DECLARES,
    .holder = PS_HOLDER_NATIONAL,
    .params = PARAMS,
    .create = pe_create,
    .reset = pe_reset,
    .step = pe_step,
    .tables = pe_tables,
    .summarize = pe_summarize,
    .destroy = pe_destroy,
    .headline = pe_headline,
};
