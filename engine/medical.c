/* medical.c: see medical.h and docs/medical.md.
 *
 * Timing: every flow of year t uses the pension module's person-years of
 * year t (contributors, retirees), its contribution base and wage of year
 * t, and the cost curve grown to year t.  Funds are balances at the end of
 * the year: fund(t) = fund(t-1) + interest(t) + income(t) - expenditure(t),
 * with interest(t) = rate(t) x fund(t-1) (a negative fund pays interest:
 * the county's notional account borrows).  The opening fund fund(base-1) is
 * opening_months of the base year's expenditure.
 * GPL-3.0-or-later. */
#include "medical.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "csv.h"
#include "output.h"
#include "pension_employee.h"
#include "population_io.h"
#include "scenario_read.h"

/* ================================================================ pure parts */

int ps_med_read_curve(const char *path, ps_med_curve *out, ps_err *err)
{
    /* Both columns first, so that a missing one is named before any cell. */
    ps_csv *csv = ps_csv_read(path, err);
    if (!csv)
        return err->code;
    int ok = ps_csv_require_col(csv, "inpatient", err) >= 0 &&
             ps_csv_require_col(csv, "outpatient", err) >= 0;
    ps_csv_free(csv);
    if (!ok)
        return err->code;
    if (ps_read_sex_age_table(path, "inpatient", 0, 1e7, 1, out->inpatient, err) ||
        ps_read_sex_age_table(path, "outpatient", 0, 1e7, 1, out->outpatient, err))
        return err->code;
    return PS_OK;
}

void ps_med_employee_year(const ps_med_emp_in *in, ps_med_emp_out *o)
{
    memset(o, 0, sizeof *o);
    /* the cost sums and the head counts in one pass, each sum in the same
     * order as a pass of its own would add it */
    double inpat = 0.0, outpat = 0.0, nc = 0.0, nr = 0.0;
    for (int s = 0; s < PS_NSEX; s++)
        for (int a = 0; a < PS_NAGE; a++) {
            double c = in->contributors[s][a], r = in->retirees[s][a], n = c + r;
            inpat += n * in->cost->inpatient[s][a];
            outpat += n * in->cost->outpatient[s][a];
            nc += c;
            nr += r;
        }
    o->contributors = nc;
    o->retirees = nr;
    o->insured = o->contributors + o->retirees;
    double payers = o->contributors + in->retiree_paying_share * o->retirees;
    o->employer_contrib = in->employer_rate * in->base * payers;
    o->employee_contrib = in->employee_rate * in->base * payers;
    double to_ia = in->reformed ? 0.0 : in->ia_employer_share * o->employer_contrib;
    o->income_total = o->employer_contrib - to_ia;
    o->retiree_ia_credit = in->retiree_ia_credit * o->retirees;
    o->ia_income = o->employee_contrib + to_ia + o->retiree_ia_credit;

    o->inpatient = inpat * in->inpatient_rate;
    double covered = outpat * in->outpatient_rate;
    o->outpatient_pool = covered * in->outpatient_pool_share;
    o->outpatient_ia_demand = covered - o->outpatient_pool;
    o->ia_interest = in->interest_rate * in->ia_prev;
    double avail = in->ia_prev + o->ia_interest + o->ia_income;
    o->outpatient_ia = fmin(o->outpatient_ia_demand, fmax(avail, 0.0));
    o->out_of_pocket_unfunded = o->outpatient_ia_demand - o->outpatient_ia;
    o->ia_balance = avail - o->outpatient_ia;

    o->expenditure = o->inpatient + o->outpatient_pool + o->retiree_ia_credit;
    o->interest = in->interest_rate * in->fund_prev;
    o->fund = in->fund_prev + o->interest + o->income_total - o->expenditure;
    o->months_held = ps_sifund_months(o->fund, o->expenditure);
}

/* o[k] = fmax(p[k] - e[k], 0) x rate over the sexes and ages as one array
 * (out never overlaps the inputs), fmax written out as glibc computes it
 * on x86-64 (maxsd: x if x > 0, else +0, a NaN too) so that it needs no
 * call per cell. */
static void positive_part(const double *restrict p, const double *restrict e, double rate,
                          double *restrict o)
{
    for (int k = 0; k < PS_NSEX * PS_NAGE; k++) {
        double x = p[k] - e[k];
        o[k] = (x > 0.0 ? x : 0.0) * rate;
    }
}

void ps_med_resident_participants(const double persons[PS_NSEX][PS_NAGE],
                                  const double employee_insured[PS_NSEX][PS_NAGE],
                                  double rate, double out[PS_NSEX][PS_NAGE])
{
    positive_part(&persons[0][0], &employee_insured[0][0], rate, &out[0][0]);
}

void ps_med_resident_year(const ps_med_res_in *in, ps_med_res_out *o)
{
    memset(o, 0, sizeof *o);
    double inpat = 0.0, outpat = 0.0, np = 0.0; /* one pass, see above */
    for (int s = 0; s < PS_NSEX; s++)
        for (int a = 0; a < PS_NAGE; a++) {
            double n = in->participants[s][a];
            inpat += n * in->cost->inpatient[s][a];
            outpat += n * in->cost->outpatient[s][a];
            np += n;
        }
    o->participants = np;
    o->premium_income = o->participants * in->premium;
    o->subsidy_income = o->participants * in->subsidy;
    o->income_total = o->premium_income + o->subsidy_income;
    o->inpatient = inpat * in->inpatient_rate;
    o->outpatient = outpat * in->outpatient_rate;
    o->expenditure = o->inpatient + o->outpatient;
    o->interest = in->interest_rate * in->fund_prev;
    o->fund = in->fund_prev + o->interest + o->income_total - o->expenditure;
    o->months_held = ps_sifund_months(o->fund, o->expenditure);
}

double ps_med_cost_index_base(int base_year, int curve_year, double back_growth)
{
    return pow(1.0 + back_growth, -(double)(curve_year - base_year));
}

double ps_med_cost_index_next(double prev, double wage_prev, double wage, double excess)
{
    return prev * wage / wage_prev * (1.0 + excess);
}

/* ================================================================ fund helpers */

int ps_sifund_check(const char *module, int year, double fund_prev, double interest,
                    double income, double expenditure, double fund, ps_err *err)
{
    double want = fund_prev + interest + income - expenditure;
    double scale = fmax(fmax(fabs(fund_prev), fabs(income)), fmax(fabs(expenditure), 1.0));
    if (!(fabs(fund - want) <= 1e-9 * scale))
        return ps_err_set(err, PS_EINTERNAL,
                          "%s %d: fund identity violated: fund %.17g, expected %.17g "
                          "(previous %.17g + interest %.17g + income %.17g - expenditure %.17g)",
                          module, year, fund, want, fund_prev, interest, income, expenditure);
    return PS_OK;
}

double ps_sifund_months(double fund, double expenditure)
{
    return expenditure > 0 ? fund / (expenditure / 12.0) : NAN;
}

double *ps_sitab_row(ps_sitab *t, int year)
{
    int i = year - t->base;
    return t->v && i >= 0 && i < t->ny ? t->v + (size_t)i * (size_t)t->ncol : NULL;
}

ps_sitab ps_sitab_view(const ps_table *t)
{
    ps_sitab v = {0, 0, 0, NULL, NULL};
    if (!t || ps_table_ngroups(t) != 1)
        return v;
    const ps_table_def *d = ps_table_get_def(t);
    int stride;
    const double *first = ps_table_series(t, d->columns[0].key, 0, &stride);
    v.base = ps_table_base(t);
    v.ny = ps_table_nyears(t);
    v.ncol = ps_table_ncols(t);
    v.cols = d->columns;
    v.v = (double *)first; /* read only: the helpers below never write through a view */
    return v;
}

static const double *row_c(const ps_sitab *t, int year)
{
    return ps_sitab_row((ps_sitab *)t, year);
}

int ps_sifund_headline(ps_headline *h, const ps_sitab *t, int col_fund, int rank,
                       const char *name_zh, const char *name_en)
{
    if (!t->v)
        return PS_OK;
    return ps_headline_fund(h, rank, name_zh, name_en, PS_HOLDER_DECLARED, t->v + col_fund,
                            t->ncol, t->base, t->ny, NAN);
}

int ps_sitab_depletion_year(const ps_sitab *t, int col)
{
    for (int i = 0; i < t->ny; i++) {
        const double *r = row_c(t, t->base + i);
        if (r[col] < 0)
            return t->base + i;
    }
    return 0;
}

/* A row labelled by templates whose one %s is the fund's name (zh_fmt,
 * en_fmt hold {year} where the year goes). */
static void sifund_row(ps_summary *s, int year, const char *key, double value, const char *unit,
                       const char *name_zh, const char *name_en, const char *zh_fmt,
                       const char *en_fmt)
{
    char zh[256], en[256];
    snprintf(zh, sizeof zh, zh_fmt, name_zh);
    snprintf(en, sizeof en, en_fmt, name_en);
    ps_summary_num(s, year, key, value, unit, zh, en);
}

void ps_sifund_summarize(ps_summary *s, const ps_sitab *t, const char *prefix,
                         const char *name_zh, const char *name_en, int col_insured,
                         int col_fund, int plan_year, int has_target, double target)
{
    char b[32], key[160], zh[256], en[256];
    int dep = ps_sitab_depletion_year(t, col_fund);
    if (dep)
        snprintf(b, sizeof b, "%d", dep);
    snprintf(key, sizeof key, "%s_depletion_year", prefix);
    snprintf(zh, sizeof zh, "%s基金累计结余首次出现负值的年份（none：预测期内不出现）", name_zh);
    snprintf(en, sizeof en, "%s: first year the fund is negative (none: not within the "
             "projection)", name_en);
    ps_summary_text(s, 0, key, dep ? b : "none", "year", zh, en);
    ps_summary_headline(s);
    static const int years[] = {2025, 2030, 2035};
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        const double *r = row_c(t, years[k]);
        if (!r)
            continue;
        snprintf(key, sizeof key, "%s_insured_{year}", prefix);
        sifund_row(s, years[k], key, r[col_insured], "persons", name_zh, name_en,
                   "{year}年%s参保人数", "%s: insured persons in {year}");
        snprintf(key, sizeof key, "%s_fund_{year}", prefix);
        sifund_row(s, years[k], key, r[col_fund], "yuan", name_zh, name_en,
                   "{year}年末%s基金累计结余", "%s: fund balance at the end of {year}");
    }
    const double *r = row_c(t, plan_year);
    if (has_target && r) {
        snprintf(key, sizeof key, "%s_plan_insured_{year}", prefix);
        sifund_row(s, plan_year, key, target, "persons", name_zh, name_en,
                   "{year}年%s规划参保人数目标", "%s: the plan's target of insured persons for {year}");
        snprintf(key, sizeof key, "%s_plan_met_{year}", prefix);
        snprintf(zh, sizeof zh, "{year}年%s是否达到规划参保人数目标（yes/no）", name_zh);
        snprintf(en, sizeof en, "%s: the plan's target of insured persons met in {year} "
                 "(yes/no)", name_en);
        ps_summary_text(s, plan_year, key,
                        fabs(r[col_insured] - target) <= 0.005 * target ||
                                r[col_insured] >= target
                            ? "yes"
                            : "no",
                        "-", zh, en);
        ps_summary_headline(s);
    }
}

void ps_sifund_summarize_months(ps_summary *s, const ps_sitab *t, const char *prefix,
                                const char *name_zh, const char *name_en, int col_months)
{
    static const int years[] = {2025, 2030, 2035};
    char key[160];
    snprintf(key, sizeof key, "%s_months_held_{year}", prefix);
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        const double *r = row_c(t, years[k]);
        if (r)
            sifund_row(s, years[k], key, r[col_months], "months", name_zh, name_en,
                       "{year}年%s基金累计结余可支付月数",
                       "%s: months of expenditure the fund holds in {year}");
    }
}

int ps_sifund_number(ps_scenario *sc, const char *key, int *set, double *out, ps_err *err)
{
    return ps_scenario_number_opt(sc, key, set, out, err);
}

/* The adapter to the pension module: the one place that knows its accessor
 * and its indicator names. */
int ps_sifund_pension(ps_run *run, const char *who, int year,
                      double contributors[PS_NSEX][PS_NAGE],
                      double retirees[PS_NSEX][PS_NAGE], double *wage, double *base,
                      double *avg_pension, ps_err *err)
{
    void *pe = ps_run_module_state(run, "pension_employee");
    if (!ps_pension_employee_active(pe))
        return ps_err_set(err, PS_EINPUT,
                          "%s: needs the 'pension_employee' section (its insured population "
                          "and contribution base)", who);
    if (contributors && ps_pension_employee_insured(pe, year, contributors, retirees, err))
        return ps_err_prefix(err, "%s: ", who);
    /* The columns wage, contribution_base and avg_pension of the year, read
     * from the module's table (state.get would give the same values). */
    static const char *const names[3] = {"pension_employee.wage",
                                         "pension_employee.contribution_base",
                                         "pension_employee.avg_pension"};
    double v[3];
    ps_pension_employee_wages(pe, year, &v[0], &v[1], &v[2]);
    double *outs[3] = {wage, base, avg_pension};
    for (int k = 0; k < 3; k++) {
        if (!outs[k])
            continue;
        *outs[k] = v[k];
        /* avg_pension is empty in a year without pensioners: NaN is fine. */
        if (isnan(v[k]) && k < 2)
            return ps_err_set(err, PS_EINTERNAL, "%s: '%s' of %d is not available", who,
                              names[k], year);
    }
    return PS_OK;
}

/* o[k] = (a[k] + b[k]) / 2 over the sexes and ages as one array (o never
 * overlaps a or b). */
static void mean_of(const double *restrict a, const double *restrict b, double *restrict o)
{
    for (int k = 0; k < PS_NSEX * PS_NAGE; k++)
        o[k] = (a[k] + b[k]) / 2.0;
}

int ps_sifund_persons(ps_run *run, int year, double out[PS_NSEX][PS_NAGE], ps_err *err)
{
    const ps_pop *p = ps_run_pop(run, year), *q = ps_run_pop(run, year + 1);
    if (!p)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    if (year >= ps_run_end_year(run))
        q = NULL;
    /* one run over the sexes and ages as one array, the test of q outside */
    const double *a0 = &p->p[0][0];
    double *o = &out[0][0];
    if (!q) {
        memcpy(o, a0, sizeof(double) * PS_NSEX * PS_NAGE);
        return PS_OK;
    }
    mean_of(a0, &q->p[0][0], o);
    return PS_OK;
}

/* A series' value in a year (shorthand: *rc keeps the first error). */
static double eval(ps_scenario *sc, const ps_series *s, int year, ps_err *err, int *rc)
{
    double v = NAN;
    if (*rc == PS_OK)
        *rc = ps_series_at(sc, s, year, &v, err);
    return v;
}

/* Reads a required file key into a cost curve. */
static int read_curve_key(ps_scenario *sc, const char *key, ps_med_curve *c, ps_err *err)
{
    char *path = ps_scenario_string(sc, key);
    if (!path)
        return ps_err_set(err, PS_EINPUT, "%s: '%s' is not set", sc->path, key);
    int rc = ps_med_read_curve(path, c, err);
    free(path);
    return rc ? ps_err_prefix(err, "%s: ", key) : PS_OK;
}

/* Is a section present? */
static int has_section(ps_scenario *sc, const char *name)
{
    return ps_read_has_table(sc, "%s", name);
}

static void scale_curve(const ps_med_curve *c, double k, ps_med_curve *out)
{
    /* each curve as one array over the sexes and ages */
    const double *ci = &c->inpatient[0][0], *co = &c->outpatient[0][0];
    double *oi = &out->inpatient[0][0], *oo = &out->outpatient[0][0];
    for (int j = 0; j < PS_NSEX * PS_NAGE; j++)
        oi[j] = ci[j] * k;
    for (int j = 0; j < PS_NSEX * PS_NAGE; j++)
        oo[j] = co[j] * k;
}

#define RULES "data/rules/china_rules_parameters.csv: "

/* ================================================================ employee */

/* The module's name for labels (summary rows). */
#define EMP_NAME_ZH "职工基本医疗保险"
#define EMP_NAME_EN "Employee medical insurance"

#define KE "medical_employee."

static const ps_param_def EMP_PARAMS[] = {
    {"medical_employee", "section", 0, NULL, NULL, 0, 0, NULL,
     "employee basic medical insurance 职工医保 (MODEL.md 4); needs pension_employee"},
    {KE "cost_curve", "file", 1, NULL, "yuan/person/year", 0, 0, NULL,
     "CSV sex,age,inpatient,outpatient: gross cost per person in yuan of curve_year"},
    {KE "curve_year", "integer", 0, "2024", "year", 1990, 2100,
     "data/medical/cost_employee.csv is anchored to NHSA 2024 (" RULES "employee BMI fund "
     "expenditure 2024)", "year whose yuan the cost curve is in"},
    {KE "back_growth", "number", 0, "0.094", "per year", -0.5, 1,
     "derived: employee fund spending per insured 2022 4,206 (data/raw/cited_facts.csv "
     "15243.80e8 / 36243e4) to 2024 5,034 (" RULES "19102.54e8 / 37948.34e4): 9.4% a year",
     "growth of per-capita cost used to bring the curve from curve_year back to the base year"},
    {KE "excess_cost_growth", "series", 0, "0.01", "per year", -0.5, 1,
     "assumption: 1% above wage growth (range 0..3%)",
     "growth of per-capita cost above the wage growth: K(t) = K(t-1) W(t)/W(t-1) (1 + x)"},
    {KE "cost_scale", "series", 0, "1", "factor", 0, 10,
     "assumption: 1, the national 2024 level (a county with local data calibrates it)",
     "multiplies the cost curve (local price and utilisation level)"},
    {KE "employer_rate", "series", 0, "0.065", "share of base", 0, 1,
     "assumption: " RULES "national guideline about 6% (国发〔1998〕44号) + about 0.5% "
     "maternity merged in 2019 (Hefei's actual rate not found; range 0.06..0.10)",
     "employer contribution rate on the base"},
    {KE "employee_rate", "series", 0, "0.02", "share of base", 0, 1,
     RULES "employee BMI employee contribution rate 2% (national guideline)",
     "employee contribution rate on the base (all to the individual account)"},
    {KE "reform_year", "integer", 0, "2021", "year", 1990, 3000,
     RULES "国办发〔2021〕14号 (outpatient mutual-aid reform, 2021)",
     "first year of the outpatient mutual-aid reform (a year after the horizon reverses it)"},
    {KE "ia_employer_share", "series", 0, "0.3", "share of employer part", 0, 1,
     RULES "employer rate row note: pre-2021 about 30% of the employer contribution went "
     "to the individual account", "before the reform: share of the employer part credited to IAs"},
    {KE "retiree_ia_rate_pre", "series", 0, "0.04", "share of average pension", 0, 1,
     "assumption: 4% of the average pension before the reform (local rules 3%..6%)",
     "before the reform: retirees' IA credit from the pool, share of the year's average pension"},
    {KE "retiree_ia_rate", "number", 0, "0.02", "share of average pension", 0, 1,
     RULES "国办发〔2021〕14号 retiree IA inflow: about 2% of the average basic pension in the "
     "reform year, not adjusted afterwards",
     "after the reform: fixed credit = rate x the reform year's average pension"},
    {KE "retiree_paying_share", "series", 0, "0", "share of retirees", 0, 1,
     "assumption: 0, retirees short of the required years settle by lump sum at retirement "
     "(try 0..0.05)", "retirees who keep paying both rates on the base (the others pay nothing)"},
    {KE "inpatient_rate", "series", 0, "0.8", "share of cost", 0, 1,
     "assumption: 0.80 (employee policy-range inpatient reimbursement about 80-85%; "
     "range 0.7..0.9)", "share of inpatient cost the scheme pays"},
    {KE "outpatient_rate", "series", 0, "0.55", "share of cost", 0, 1,
     "assumption: 0.55 of outpatient cost paid by the IA or the pool (range 0.4..0.7)",
     "share of outpatient cost the scheme pays (IA and pool together)"},
    {KE "outpatient_pool_share_pre", "number", 0, "0.1", "share", 0, 1,
     "assumption: 10% (chronic and special-disease outpatient care 门慢门特 from the pool; "
     "range 0.05..0.2)", "before the reform: share of the covered outpatient cost the pool pays"},
    {KE "outpatient_pool_share", "series", 0, "0.4", "share", 0, 1,
     "assumption: 40% after the reform (general outpatient pooling 门诊共济; NHSA 2024 "
     "IA spending was 31% of the fund's; range 0.2..0.6)",
     "from the reform year: share of the covered outpatient cost the pool pays"},
    {KE "interest_rate", "series", 0, "0.02", "per year", -0.5, 1,
     "assumption: 2% (bank deposits; range 1%..3%)", "return on the pooled fund and on IAs"},
    {KE "opening_months", "number", 0, "20", "months", -240, 240,
     "assumption: 20 months (national 2024: 30445.50 / 13222.71 x 12 = 27.6, " RULES
     "pooled fund balance; range 9..30)", "pooled fund at the start as months of base-year spending"},
    {KE "opening_ia_months", "number", 0, "24", "months", 0, 240,
     "assumption: 24 months (national 2024: 14471.75 / 6390.01 x 12 = 27.2, " RULES
     "individual accounts; range 12..30)", "IA balances at the start as months of base-year IA income"},
    {KE "plan_year", "integer", 0, "2025", "year", 1900, 2300, "the plan's target year",
     "year of the plan's insured target (summary rows)"},
    {KE "plan_target", "number", 0, NULL, "persons", 0, 1e9, NULL,
     "the plan's insured target in plan_year (none set: no plan rows)"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

enum {
    E_INSURED, E_CONTRIBUTORS, E_RETIREES, E_BENEFICIARIES, E_INCOME, E_EXPENDITURE,
    E_INTEREST, E_FUND, E_MONTHS, E_CURRENT, E_EMPLOYER, E_EMPLOYEE, E_IA_INCOME,
    E_RETIREE_IA, E_INPATIENT, E_OUT_POOL, E_OUT_IA, E_OUT_UNFUNDED, E_IA_INTEREST,
    E_IA_BALANCE, E_BASE, E_WAGE, E_COST_INDEX, E_REFORMED, E_COVER, E_NCOL
};

static const ps_column_def EMP_COLS[E_NCOL + 1] = {
    {"insured", "参保人数", "Insured persons", "persons", PS_KIND_STOCK, 1},
    {"contributors", "缴费人数", "Contributors", "persons", PS_KIND_STOCK, 1},
    {"retirees", "退休人数", "Retirees", "persons", PS_KIND_STOCK, 1},
    {"beneficiaries", "待遇领取人数", "Beneficiaries", "persons", PS_KIND_STOCK, 1},
    {"income_total", "基金收入合计", "Fund income, total", "yuan", PS_KIND_FLOW, 1},
    {"expenditure", "基金支出", "Fund expenditure", "yuan", PS_KIND_FLOW, 1},
    {"interest", "利息收入", "Interest earned", "yuan", PS_KIND_FLOW, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 1},
    {"months_held", "可支付月数", "Months of expenditure held", "months", PS_KIND_RATE, 1},
    {"current_balance", "当期结余（收入减支出）", "Current balance (income minus expenditure)", "yuan", PS_KIND_FLOW, 0},
    {"employer_contributions", "单位缴费", "Employer contributions", "yuan", PS_KIND_FLOW, 0},
    {"employee_contributions", "个人缴费", "Employee contributions", "yuan", PS_KIND_FLOW, 0},
    {"ia_income", "个人账户收入", "Individual-account income", "yuan", PS_KIND_FLOW, 0},
    {"retiree_ia_credit", "退休人员个人账户划入", "Credited to retirees' individual accounts", "yuan", PS_KIND_FLOW, 0},
    {"inpatient", "住院支出", "Inpatient spending", "yuan", PS_KIND_FLOW, 0},
    {"outpatient_pool", "门诊统筹支出", "Outpatient spending from the pool", "yuan", PS_KIND_FLOW, 0},
    {"outpatient_ia", "个人账户门诊支出", "Outpatient spending from individual accounts", "yuan", PS_KIND_FLOW, 0},
    {"outpatient_unfunded", "统筹基金外的门诊费用", "Outpatient cost not covered by the pool", "yuan", PS_KIND_FLOW, 0},
    {"ia_interest", "个人账户利息", "Individual-account interest", "yuan", PS_KIND_FLOW, 0},
    {"ia_balance", "个人账户累计余额", "Individual-account balance", "yuan", PS_KIND_FUND, 0},
    {"contribution_base", "人均缴费基数", "Contribution base per contributor", "yuan per person per year", PS_KIND_PRICE, 0},
    {"wage", "社会平均工资", "Average wage", "yuan per person per year", PS_KIND_PRICE, 0},
    {"cost_index", "医疗费用指数（基年=1）", "Medical cost index (base year = 1)", "ratio", PS_KIND_RATE, 0},
    {"reformed", "门诊共济改革已实施（1为是）", "Outpatient pooling reform in force (1 = yes)", "-", PS_KIND_RATE, 0},
    {"cover_ratio", "基金收入覆盖支出的比率", "Income over expenditure", "ratio", PS_KIND_RATE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
/* medical_employee.csv: one row a year, the run writes it (module.h .tables) */
static const ps_table_def EMP_TABLE = {"medical_employee.csv", NULL, EMP_COLS};

typedef struct {
    int active, base, reform_year, plan_year, has_target;
    double back_growth, retiree_ia_rate, pool_share_pre, opening_months, opening_ia_months;
    double plan_target, k, k0, wage_prev, fund_prev, ia_prev, fixed_credit;
    const ps_series *excess, *scale, *er, *ee, *ia_share, *ria_pre, *paying, *inrate,
        *outrate, *pool_share, *r;
    ps_med_curve curve, cur;
    ps_med_emp_in in;
    ps_table *tab; /* the module's results: medical_employee.csv */
} med_emp;

static void emp_destroy(void *self)
{
    med_emp *m = self;
    if (m)
        ps_table_free(m->tab);
    free(m);
}

static int emp_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    med_emp *m = calloc(1, sizeof *m);
    if (!m)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = m;
    if (!has_section(sc, "medical_employee"))
        return PS_OK;
    m->active = 1;
    m->base = ps_run_base_year(run);
    int set;
    double cy, ry, py;
    if (read_curve_key(sc, KE "cost_curve", &m->curve, err) ||
        ps_sifund_number(sc, KE "curve_year", &set, &cy, err) ||
        ps_sifund_number(sc, KE "back_growth", &set, &m->back_growth, err) ||
        ps_sifund_number(sc, KE "reform_year", &set, &ry, err) ||
        ps_sifund_number(sc, KE "retiree_ia_rate", &set, &m->retiree_ia_rate, err) ||
        ps_sifund_number(sc, KE "outpatient_pool_share_pre", &set, &m->pool_share_pre, err) ||
        ps_sifund_number(sc, KE "opening_months", &set, &m->opening_months, err) ||
        ps_sifund_number(sc, KE "opening_ia_months", &set, &m->opening_ia_months, err) ||
        ps_sifund_number(sc, KE "plan_year", &set, &py, err) ||
        ps_sifund_number(sc, KE "plan_target", &m->has_target, &m->plan_target, err))
        return err->code;
    m->reform_year = (int)ry;
    m->plan_year = (int)py;
    m->k = m->k0 = ps_med_cost_index_base(m->base, (int)cy, m->back_growth);
    m->excess = ps_scenario_series(sc, KE "excess_cost_growth");
    m->scale = ps_scenario_series(sc, KE "cost_scale");
    m->er = ps_scenario_series(sc, KE "employer_rate");
    m->ee = ps_scenario_series(sc, KE "employee_rate");
    m->ia_share = ps_scenario_series(sc, KE "ia_employer_share");
    m->ria_pre = ps_scenario_series(sc, KE "retiree_ia_rate_pre");
    m->paying = ps_scenario_series(sc, KE "retiree_paying_share");
    m->inrate = ps_scenario_series(sc, KE "inpatient_rate");
    m->outrate = ps_scenario_series(sc, KE "outpatient_rate");
    m->pool_share = ps_scenario_series(sc, KE "outpatient_pool_share");
    m->r = ps_scenario_series(sc, KE "interest_rate");
    m->tab = ps_table_new(&EMP_TABLE, m->base, ps_run_end_year(run) - m->base + 1, 1, err);
    return m->tab ? PS_OK : err->code;
}

static int emp_step(void *self, ps_run *run, int year, ps_err *err)
{
    med_emp *m = self;
    if (!m->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    ps_med_emp_in *in = &m->in;
    double wage, avgpen;
    if (ps_sifund_pension(run, "medical_employee", year, in->contributors, in->retirees, &wage,
                          &in->base, &avgpen, err))
        return err->code;
    int rc = PS_OK;
    double excess = eval(sc, m->excess, year, err, &rc);
    double scale = eval(sc, m->scale, year, err, &rc);
    in->employer_rate = eval(sc, m->er, year, err, &rc);
    in->employee_rate = eval(sc, m->ee, year, err, &rc);
    in->ia_employer_share = eval(sc, m->ia_share, year, err, &rc);
    double ria_pre = eval(sc, m->ria_pre, year, err, &rc);
    in->retiree_paying_share = eval(sc, m->paying, year, err, &rc);
    in->inpatient_rate = eval(sc, m->inrate, year, err, &rc);
    in->outpatient_rate = eval(sc, m->outrate, year, err, &rc);
    double pool_share = eval(sc, m->pool_share, year, err, &rc);
    in->interest_rate = eval(sc, m->r, year, err, &rc);
    if (rc)
        return rc;
    if (year > m->base)
        m->k = ps_med_cost_index_next(m->k, m->wage_prev, wage, excess);
    m->wage_prev = wage;
    scale_curve(&m->curve, m->k * scale, &m->cur);
    in->cost = &m->cur;
    in->reformed = year >= m->reform_year;
    double pension = isnan(avgpen) ? 0.0 : avgpen * 12.0;
    /* The post-reform credit is fixed at the reform year's (or, for a reform
     * before the base year, the base year's) average pension. */
    if (in->reformed && (year == m->reform_year || year == m->base))
        m->fixed_credit = m->retiree_ia_rate * pension;
    in->retiree_ia_credit = in->reformed ? m->fixed_credit : ria_pre * pension;
    in->outpatient_pool_share = in->reformed ? pool_share : m->pool_share_pre;

    ps_med_emp_out o;
    if (year == m->base) {
        /* Opening balances from the base year's own flows. */
        in->fund_prev = in->ia_prev = 0.0;
        ps_med_employee_year(in, &o);
        m->fund_prev = m->opening_months * o.expenditure / 12.0;
        m->ia_prev = m->opening_ia_months * o.ia_income / 12.0;
    }
    in->fund_prev = m->fund_prev;
    in->ia_prev = m->ia_prev;
    ps_med_employee_year(in, &o);
    if (ps_sifund_check("medical_employee", year, in->fund_prev, o.interest, o.income_total,
                        o.expenditure, o.fund, err))
        return err->code;
    m->fund_prev = o.fund;
    m->ia_prev = o.ia_balance;
    double *r = ps_table_row(m->tab, year, 0);
    r[E_INSURED] = o.insured;
    r[E_CONTRIBUTORS] = o.contributors;
    r[E_RETIREES] = o.retirees;
    r[E_BENEFICIARIES] = o.insured;
    r[E_INCOME] = o.income_total;
    r[E_EXPENDITURE] = o.expenditure;
    r[E_INTEREST] = o.interest;
    r[E_FUND] = o.fund;
    r[E_MONTHS] = o.months_held;
    r[E_CURRENT] = o.income_total - o.expenditure;
    r[E_EMPLOYER] = o.employer_contrib;
    r[E_EMPLOYEE] = o.employee_contrib;
    r[E_IA_INCOME] = o.ia_income;
    r[E_RETIREE_IA] = o.retiree_ia_credit;
    r[E_INPATIENT] = o.inpatient;
    r[E_OUT_POOL] = o.outpatient_pool;
    r[E_OUT_IA] = o.outpatient_ia;
    r[E_OUT_UNFUNDED] = o.out_of_pocket_unfunded;
    r[E_IA_INTEREST] = o.ia_interest;
    r[E_IA_BALANCE] = o.ia_balance;
    r[E_BASE] = in->base;
    r[E_WAGE] = wage;
    r[E_COST_INDEX] = m->k * scale;
    r[E_REFORMED] = in->reformed;
    r[E_COVER] = o.expenditure > 0 ? o.income_total / o.expenditure : NAN;
    return PS_OK;
}

/* The run writes the table, registers its columns and answers state.get,
 * stochastic series and other modules' column reads from it (module.h). */
static int emp_tables(void *self, const ps_table **out, int max)
{
    med_emp *m = self;
    if (!m->active || max < 1)
        return 0;
    out[0] = m->tab;
    return 1;
}

static int emp_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    med_emp *m = self;
    (void)run;
    (void)err;
    if (!m->active)
        return PS_OK;
    ps_sitab view = ps_sitab_view(m->tab);
    ps_sifund_summarize(s, &view, "medical_employee", EMP_NAME_ZH, EMP_NAME_EN, E_INSURED,
                        E_FUND, m->plan_year, m->has_target, m->plan_target);
    ps_sifund_summarize_months(s, &view, "medical_employee", EMP_NAME_ZH, EMP_NAME_EN,
                               E_MONTHS);
    return PS_OK;
}

/* A new projection (a stochastic draw): inputs and curves stay, the running
 * state goes back to what create left. */
static int emp_reset(void *self, ps_run *run, ps_err *err)
{
    med_emp *m = self;
    (void)run;
    (void)err;
    m->k = m->k0;
    m->wage_prev = m->fund_prev = m->ia_prev = m->fixed_credit = 0;
    if (m->tab)
        ps_table_clear(m->tab);
    return PS_OK;
}

static int emp_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    med_emp *m = self;
    (void)run;
    (void)err;
    ps_sitab view = ps_sitab_view(m->tab);
    return m->active ? ps_sifund_headline(h, &view, E_FUND, 20, "职工基本医疗保险统筹基金",
                                          EMP_NAME_EN)
                     : PS_OK;
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const EMP_DECLARES[] = {&EMP_TABLE, NULL};

const ps_module ps_medical_employee_module = {
    .name = "medical_employee",
    .label_zh = EMP_NAME_ZH,
    .label_en = EMP_NAME_EN,
    .declares = EMP_DECLARES,
    .holder = PS_HOLDER_PROVINCE,
    .params = EMP_PARAMS,
    .create = emp_create,
    .step = emp_step,
    .tables = emp_tables,
    .reset = emp_reset,
    .summarize = emp_summarize,
    .destroy = emp_destroy,
    .headline = emp_headline,
};

/* ================================================================ resident */

#define RES_NAME_ZH "城乡居民基本医疗保险"
#define RES_NAME_EN "Resident medical insurance"

#define KR "medical_resident."

static const ps_param_def RES_PARAMS[] = {
    {"medical_resident", "section", 0, NULL, NULL, 0, 0, NULL,
     "urban-rural resident basic medical insurance 城乡居民医保 (MODEL.md 4); needs "
     "pension_employee"},
    {KR "cost_curve", "file", 1, NULL, "yuan/person/year", 0, 0, NULL,
     "CSV sex,age,inpatient,outpatient: gross cost per person in yuan of curve_year"},
    {KR "curve_year", "integer", 0, "2024", "year", 1990, 2100,
     "data/medical/cost_resident.csv is anchored to NHSA 2024 (" RULES "resident BMI fund "
     "expenditure 2024, derived)", "year whose yuan the cost curve is in"},
    {KR "back_growth", "number", 0, "0.088", "per year", -0.5, 1,
     "derived: resident fund spending per participant 2022 951 (data/raw/cited_facts.csv "
     "9353.44e8 / 98349e4) to 2024 1,126 (" RULES "10661.49e8 / 94713.74e4): 8.8% a year",
     "growth of per-capita cost used to bring the curve back to the base year"},
    {KR "excess_cost_growth", "series", 0, "0.01", "per year", -0.5, 1,
     "assumption: 1% above wage growth (range 0..3%)",
     "growth of per-capita cost above the wage growth (wages: pension_employee.wage)"},
    {KR "cost_scale", "series", 0, "1", "factor", 0, 10,
     "assumption: 1, the national 2024 level", "multiplies the cost curve"},
    {KR "participation", "series", 0, "0.95", "share", 0, 1,
     "assumption: 0.95 (national basic medical insurance coverage above 95%, "
     "data/raw/cited_facts.csv 2022; range 0.9..1)",
     "share of residents outside the employee scheme who take part"},
    {KR "premium", "series", 0, "400", "yuan/person/year", 0, 1e6,
     RULES "resident BMI individual contribution standard 2025: 400",
     "individual premium per participant"},
    {KR "subsidy", "series", 0, "700", "yuan/person/year", 0, 1e6,
     RULES "resident BMI minimum fiscal subsidy per enrollee 2025: 700",
     "fiscal subsidy per participant"},
    {KR "inpatient_rate", "series", 0, "0.6", "share of cost", 0, 1,
     "assumption: 0.60 of all inpatient cost (" RULES "policy-range target about 70%; "
     "out-of-range items lower the actual rate; range 0.5..0.7)",
     "share of inpatient cost the scheme pays"},
    {KR "outpatient_rate", "series", 0, "0.4", "share of cost", 0, 1,
     "assumption: 0.40 (outpatient pooling pays about half within limits; range 0.3..0.5)",
     "share of outpatient cost the scheme pays"},
    {KR "interest_rate", "series", 0, "0.02", "per year", -0.5, 1,
     "assumption: 2% (range 1%..3%)", "return on the fund"},
    {KR "opening_months", "number", 0, "9", "months", -240, 240,
     "assumption: 9 months (national 2022: 7534.13 / 9353.44 x 12 = 9.7, "
     "data/raw/cited_facts.csv; range 6..12)", "fund at the start as months of base-year spending"},
    {KR "plan_year", "integer", 0, "2025", "year", 1900, 2300, "the plan's target year",
     "year of the plan's participant target (summary rows)"},
    {KR "plan_target", "number", 0, NULL, "persons", 0, 1e9, NULL,
     "the plan's participant target in plan_year (none set: no plan rows)"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

enum {
    R_INSURED, R_CONTRIBUTORS, R_BENEFICIARIES, R_INCOME, R_EXPENDITURE, R_INTEREST,
    R_FUND, R_MONTHS, R_CURRENT, R_PREMIUM_INCOME, R_SUBSIDY_INCOME, R_INPATIENT,
    R_OUTPATIENT, R_PREMIUM, R_SUBSIDY, R_PARTICIPATION, R_COST_INDEX, R_COVER, R_NCOL
};

static const ps_column_def RES_COLS[R_NCOL + 1] = {
    {"insured", "参保人数", "Insured persons", "persons", PS_KIND_STOCK, 1},
    {"contributors", "缴费人数", "Contributors", "persons", PS_KIND_STOCK, 1},
    {"beneficiaries", "待遇领取人数", "Beneficiaries", "persons", PS_KIND_STOCK, 1},
    {"income_total", "基金收入合计", "Fund income, total", "yuan", PS_KIND_FLOW, 1},
    {"expenditure", "基金支出", "Fund expenditure", "yuan", PS_KIND_FLOW, 1},
    {"interest", "利息收入", "Interest earned", "yuan", PS_KIND_FLOW, 0},
    {"fund", "累计结余（年末）", "Fund balance (end of year)", "yuan", PS_KIND_FUND, 1},
    {"months_held", "可支付月数", "Months of expenditure held", "months", PS_KIND_RATE, 1},
    {"current_balance", "当期结余（收入减支出）", "Current balance (income minus expenditure)", "yuan", PS_KIND_FLOW, 0},
    {"premium_income", "个人缴费收入", "Premiums paid by residents", "yuan", PS_KIND_FLOW, 0},
    {"subsidy_income", "财政补助收入", "Budget subsidies received", "yuan", PS_KIND_FLOW, 0},
    {"inpatient", "住院支出", "Inpatient spending", "yuan", PS_KIND_FLOW, 0},
    {"outpatient", "门诊支出", "Outpatient spending", "yuan", PS_KIND_FLOW, 0},
    {"premium", "个人缴费标准", "Premium per resident", "yuan per person per year", PS_KIND_PRICE, 0},
    {"subsidy", "财政补助标准", "Budget subsidy per resident", "yuan per person per year", PS_KIND_PRICE, 0},
    {"participation", "参保率", "Participation", "share", PS_KIND_RATE, 0},
    {"cost_index", "医疗费用指数（基年=1）", "Medical cost index (base year = 1)", "ratio", PS_KIND_RATE, 0},
    {"cover_ratio", "基金收入覆盖支出的比率", "Income over expenditure", "ratio", PS_KIND_RATE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
/* medical_resident.csv: one row a year, the run writes it (module.h .tables) */
static const ps_table_def RES_TABLE = {"medical_resident.csv", NULL, RES_COLS};

typedef struct {
    int active, base, plan_year, has_target;
    double opening_months, plan_target, k, k0, wage_prev, fund_prev;
    const ps_series *excess, *scale, *part, *prem, *subs, *inrate, *outrate, *r;
    ps_med_curve curve, cur;
    ps_med_res_in in;
    double persons[PS_NSEX][PS_NAGE], contrib[PS_NSEX][PS_NAGE], retir[PS_NSEX][PS_NAGE];
    ps_table *tab; /* the module's results: medical_resident.csv */
} med_res;

static void res_destroy(void *self)
{
    med_res *m = self;
    if (m)
        ps_table_free(m->tab);
    free(m);
}

static int res_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    med_res *m = calloc(1, sizeof *m);
    if (!m)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = m;
    if (!has_section(sc, "medical_resident"))
        return PS_OK;
    m->active = 1;
    m->base = ps_run_base_year(run);
    int set;
    double cy, bg, py;
    if (read_curve_key(sc, KR "cost_curve", &m->curve, err) ||
        ps_sifund_number(sc, KR "curve_year", &set, &cy, err) ||
        ps_sifund_number(sc, KR "back_growth", &set, &bg, err) ||
        ps_sifund_number(sc, KR "opening_months", &set, &m->opening_months, err) ||
        ps_sifund_number(sc, KR "plan_year", &set, &py, err) ||
        ps_sifund_number(sc, KR "plan_target", &m->has_target, &m->plan_target, err))
        return err->code;
    m->plan_year = (int)py;
    m->k = m->k0 = ps_med_cost_index_base(m->base, (int)cy, bg);
    m->excess = ps_scenario_series(sc, KR "excess_cost_growth");
    m->scale = ps_scenario_series(sc, KR "cost_scale");
    m->part = ps_scenario_series(sc, KR "participation");
    m->prem = ps_scenario_series(sc, KR "premium");
    m->subs = ps_scenario_series(sc, KR "subsidy");
    m->inrate = ps_scenario_series(sc, KR "inpatient_rate");
    m->outrate = ps_scenario_series(sc, KR "outpatient_rate");
    m->r = ps_scenario_series(sc, KR "interest_rate");
    m->tab = ps_table_new(&RES_TABLE, m->base, ps_run_end_year(run) - m->base + 1, 1, err);
    return m->tab ? PS_OK : err->code;
}

static int res_step(void *self, ps_run *run, int year, ps_err *err)
{
    med_res *m = self;
    if (!m->active)
        return PS_OK;
    ps_scenario *sc = ps_run_scenario(run);
    ps_med_res_in *in = &m->in;
    double wage;
    if (ps_sifund_pension(run, "medical_resident", year, m->contrib, m->retir, &wage, NULL,
                          NULL, err) ||
        ps_sifund_persons(run, year, m->persons, err))
        return err->code;
    int rc = PS_OK;
    double excess = eval(sc, m->excess, year, err, &rc);
    double scale = eval(sc, m->scale, year, err, &rc);
    double part = eval(sc, m->part, year, err, &rc);
    in->premium = eval(sc, m->prem, year, err, &rc);
    in->subsidy = eval(sc, m->subs, year, err, &rc);
    in->inpatient_rate = eval(sc, m->inrate, year, err, &rc);
    in->outpatient_rate = eval(sc, m->outrate, year, err, &rc);
    in->interest_rate = eval(sc, m->r, year, err, &rc);
    if (rc)
        return rc;
    /* the employee scheme's insured */
    double *ins = &m->contrib[0][0];
    const double *ret = &m->retir[0][0];
    for (int j = 0; j < PS_NSEX * PS_NAGE; j++)
        ins[j] += ret[j];
    ps_med_resident_participants(m->persons, m->contrib, part, in->participants);
    if (year > m->base)
        m->k = ps_med_cost_index_next(m->k, m->wage_prev, wage, excess);
    m->wage_prev = wage;
    scale_curve(&m->curve, m->k * scale, &m->cur);
    in->cost = &m->cur;
    ps_med_res_out o;
    if (year == m->base) {
        in->fund_prev = 0.0;
        ps_med_resident_year(in, &o);
        m->fund_prev = m->opening_months * o.expenditure / 12.0;
    }
    in->fund_prev = m->fund_prev;
    ps_med_resident_year(in, &o);
    if (ps_sifund_check("medical_resident", year, in->fund_prev, o.interest, o.income_total,
                        o.expenditure, o.fund, err))
        return err->code;
    m->fund_prev = o.fund;
    double *r = ps_table_row(m->tab, year, 0);
    r[R_INSURED] = o.participants;
    r[R_CONTRIBUTORS] = o.participants;
    r[R_BENEFICIARIES] = o.participants;
    r[R_INCOME] = o.income_total;
    r[R_EXPENDITURE] = o.expenditure;
    r[R_INTEREST] = o.interest;
    r[R_FUND] = o.fund;
    r[R_MONTHS] = o.months_held;
    r[R_CURRENT] = o.income_total - o.expenditure;
    r[R_PREMIUM_INCOME] = o.premium_income;
    r[R_SUBSIDY_INCOME] = o.subsidy_income;
    r[R_INPATIENT] = o.inpatient;
    r[R_OUTPATIENT] = o.outpatient;
    r[R_PREMIUM] = in->premium;
    r[R_SUBSIDY] = in->subsidy;
    r[R_PARTICIPATION] = part;
    r[R_COST_INDEX] = m->k * scale;
    r[R_COVER] = o.expenditure > 0 ? o.income_total / o.expenditure : NAN;
    return PS_OK;
}

/* The run writes the table, registers its columns and answers state.get,
 * stochastic series and other modules' column reads from it (module.h). */
static int res_tables(void *self, const ps_table **out, int max)
{
    med_res *m = self;
    if (!m->active || max < 1)
        return 0;
    out[0] = m->tab;
    return 1;
}

static int res_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    med_res *m = self;
    (void)run;
    (void)err;
    if (!m->active)
        return PS_OK;
    ps_sitab view = ps_sitab_view(m->tab);
    ps_sifund_summarize(s, &view, "medical_resident", RES_NAME_ZH, RES_NAME_EN, R_INSURED,
                        R_FUND, m->plan_year, m->has_target, m->plan_target);
    ps_sifund_summarize_months(s, &view, "medical_resident", RES_NAME_ZH, RES_NAME_EN,
                               R_MONTHS);
    return PS_OK;
}

static int res_reset(void *self, ps_run *run, ps_err *err)
{
    med_res *m = self;
    (void)run;
    (void)err;
    m->k = m->k0;
    m->wage_prev = m->fund_prev = 0;
    if (m->tab)
        ps_table_clear(m->tab);
    return PS_OK;
}

static int res_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    med_res *m = self;
    (void)run;
    (void)err;
    ps_sitab view = ps_sitab_view(m->tab);
    return m->active ? ps_sifund_headline(h, &view, R_FUND, 30, "城乡居民基本医疗保险基金",
                                          RES_NAME_EN)
                     : PS_OK;
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const RES_DECLARES[] = {&RES_TABLE, NULL};

const ps_module ps_medical_resident_module = {
    .name = "medical_resident",
    .label_zh = RES_NAME_ZH,
    .label_en = RES_NAME_EN,
    .declares = RES_DECLARES,
    .holder = PS_HOLDER_PROVINCE,
    .params = RES_PARAMS,
    .create = res_create,
    .step = res_step,
    .tables = res_tables,
    .reset = res_reset,
    .summarize = res_summarize,
    .destroy = res_destroy,
    .headline = res_headline,
};
