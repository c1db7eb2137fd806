/* budget.c: see budget.h.  The module always runs (the `budget` section is
 * optional: its keys have defaults) and writes budget.csv, pools.csv and
 * budget_decomposition.csv.
 *
 * Timing: every programme is computed for calendar year t from the other
 * modules' results for t (they step before this module) and the stock on
 * 1 January of t.  Prices: index(base) = 1, index(t) = index(t-1) *
 * (1 + budget.cpi_inflation(t)); real = nominal / index(t), in base-year
 * prices.  Revenue: R(t) = budget.revenue * prod (1 + revenue_growth(y)) over
 * the years from budget.revenue_year to t (divided for years before it).
 * GPL-3.0-or-later. */
#include "budget.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "output.h"
#include "summary.h"
#include "table.h"

/* ---------------------------------------------------------------- payers */

static const char *const PAYERS[PS_NPAYER] = {"central", "provincial", "municipal", "county",
                                              "fund",    "individual", "employer"};

const char *ps_budget_payer_name(int payer)
{
    return payer >= 0 && payer < PS_NPAYER ? PAYERS[payer] : NULL;
}

int ps_budget_payer_index(const char *name)
{
    for (int k = 0; k < PS_NPAYER; k++)
        if (strcmp(PAYERS[k], name) == 0)
            return k;
    return -1;
}

/* ---------------------------------------------------------------- arithmetic */

int ps_budget_check_shares(const double shares[3], const char *const keys[3], int year,
                           ps_err *err)
{
    double sum = 0.0;
    for (int k = 0; k < 3; k++) {
        if (!(shares[k] >= 0.0))
            return ps_err_set(err, PS_EINPUT, "'%s' is %.17g in %d: a share cannot be negative",
                              keys && keys[k] ? keys[k] : "share", shares[k], year);
        sum += shares[k];
    }
    if (!(sum <= 1.0 + 1e-12)) {
        char names[600] = "";
        for (int k = 0; k < 3; k++)
            if (shares[k] != 0.0 && keys && keys[k]) {
                size_t n = strlen(names);
                snprintf(names + n, sizeof names - n, "%s'%s'", n ? " + " : "", keys[k]);
            }
        return ps_err_set(err, PS_EINPUT,
                          "%s = %.17g in %d: the shares of the levels of government sum "
                          "above 1 (the county pays the remainder)",
                          names[0] ? names : "shares", sum, year);
    }
    return PS_OK;
}

void ps_budget_split(double total, double central, double provincial, double municipal,
                     double out[PS_NPAYER])
{
    for (int k = 0; k < PS_NPAYER; k++)
        out[k] = 0.0;
    out[PS_PAYER_CENTRAL] = total * central;
    out[PS_PAYER_PROVINCIAL] = total * provincial;
    out[PS_PAYER_MUNICIPAL] = total * municipal;
    /* the remainder, so that the payers sum to the total exactly in the
     * usual case (no rounding of a product of 1 - shares) */
    out[PS_PAYER_COUNTY] =
        total - out[PS_PAYER_CENTRAL] - out[PS_PAYER_PROVINCIAL] - out[PS_PAYER_MUNICIPAL];
}

double ps_budget_pv(const double *x, int n, double r)
{
    double pv = 0.0, v = 1.0;
    for (int t = 0; t < n; t++) {
        pv += x[t] * v;
        v /= 1.0 + r;
    }
    return pv;
}

double ps_budget_fiscal_gap(const double *cost, const double *revenue, int n, double r)
{
    double pr = ps_budget_pv(revenue, n, r);
    return pr > 0 ? ps_budget_pv(cost, n, r) / pr : NAN;
}

int ps_budget_lmdi(const double *f0, const double *f1, int nf, double *part)
{
    double c0 = 1.0, c1 = 1.0;
    for (int k = 0; k < nf; k++) {
        if (!(f0[k] > 0) || !(f1[k] > 0) || !isfinite(f0[k]) || !isfinite(f1[k]))
            return -1;
        c0 *= f0[k];
        c1 *= f1[k];
    }
    double lm = c1 == c0 ? c0 : (c1 - c0) / log(c1 / c0);
    for (int k = 0; k < nf; k++)
        part[k] = lm * log(f1[k] / f0[k]);
    return 0;
}

/* ---------------------------------------------------------------- parameters */

#define BK "budget."
#define RULES "data/rules/china_rules_parameters.csv: "
#define BRULES "data/rules/budget_rules.csv: "

static const ps_param_def PARAMS[] = {
    {"budget", "section", 0, NULL, NULL, 0, 0, NULL,
     "the county budget ledger (MODEL.md 7); it runs in every run, the section only changes "
     "its keys"},
    {BK "cpi_inflation", "series", 0, "0.01", "per year", -0.2, 1,
     "assumption: 1% a year (" BRULES "CPI 2021-2024 averaged under 1%, unverified); try "
     "0-0.03",
     "consumer price inflation: real values are in base-year prices"},
    {BK "revenue", "number", 0, "6386000000", "yuan", 0, 1e13,
     BRULES "Feidong general public budget revenue 2023: 63.86 亿元 (news digest, unverified)",
     "the county's general public budget revenue (一般公共预算收入) in revenue_year"},
    {BK "revenue_year", "integer", 0, "2023", "year", 1900, 2300, BRULES "as revenue",
     "year of budget.revenue"},
    {BK "revenue_growth", "series", 0, "0.03", "per year", -0.5, 1,
     "assumption: 3% a year nominal (Feidong +6.3% in 2023, -10% in the first half of 2024, "
     BRULES "); try 0-0.06",
     "nominal growth of county revenue"},
    {BK "discount_rate", "number", 0, "0.03", "per year", -0.1, 1,
     "assumption: 3% a year nominal, near long government bond yields; try 0.02-0.05",
     "discount rate of present values and the fiscal gap"},
    {BK "first_year", "integer", 0, NULL, "year", 1900, 2300, NULL,
     "first year of the present value, the fiscal gap and the decomposition (default: the base "
     "year)"},
    {BK "risk_share", "number", 0, "0.06", "share of revenue", 0, 10,
     "assumption: 6% of revenue, a level worth watching (the baseline reaches it about "
     "2050); set the bureau's own",
     "stochastic runs: probability that the county's cost exceeds this share of revenue"},
    /* resident pension */
    {BK "resident_pension", "section", 0, NULL, NULL, 0, 0, NULL, "budget: resident pension (the programme's keys)"},
    {BK "resident_pension.municipal_share", "series", 0, "0", "share of the local cost", 0, 1,
     "assumption: the city pays none (range 0-0.3); pension_resident.province_share gives the "
     "province's",
     "share of the resident pension's local cost (other than top-ups) paid by the city"},
    {BK "resident_pension.topup_provincial", "series", 0, "0", "share of the top-up", 0, 1,
     "assumption: pension_resident.local_topup is the county's own top-up (range 0-1)",
     "share of the local top-up of the basic pension paid by the province"},
    {BK "resident_pension.topup_municipal", "series", 0, "0", "share of the top-up", 0, 1,
     "assumption: as topup_provincial", "share of the local top-up paid by the city"},
    {BK "resident_pension.long_contribution_bonus", "series", 0, "0", "yuan per month", 0, 1e5,
     "assumption: none (Anhui's 缴费年限 bonus per year above 15 not found); an average per "
     "beneficiary, try 0-10",
     "average long-contribution bonus (长缴多得) per beneficiary, paid like the local top-up"},
    {BK "resident_pension.premium_paid_rate", "series", 0, "0.03", "share of participants", 0,
     1,
     "assumption: dibao, extreme-poverty and severely disabled participants (range 0.01-0.06)",
     "participants whose premium the government pays (代缴)"},
    {BK "resident_pension.premium_paid_amount", "series", 0, "100", "yuan per year", 0, 1e6,
     "assumption: the lowest grade, 100 yuan (" RULES "Anhui grades not found; range 100-200)",
     "premium paid for each of them"},
    /* resident medical insurance */
    {BK "resident_medical", "section", 0, NULL, NULL, 0, 0, NULL, "budget: resident medical insurance (the programme's keys)"},
    {BK "resident_medical.central", "series", 0, "0.6", "share", 0, 1,
     BRULES "国办发〔2018〕6号: Anhui in the second tier, centre 60% (recalled, unverified)",
     "share of the resident medical fiscal subsidy paid by the central budget"},
    {BK "resident_medical.provincial", "series", 0, "0.2", "share", 0, 1,
     "assumption: half of the local part (range 0.1-0.3)",
     "share of the resident medical fiscal subsidy paid by the province"},
    {BK "resident_medical.municipal", "series", 0, "0.1", "share", 0, 1,
     "assumption: a quarter of the local part (range 0-0.2)",
     "share paid by the city (the county pays the remainder)"},
    {BK "resident_medical.coverage", "series", 0, "0.75", "share of residents", 0, 1,
     "assumption, used only without a medical_resident section (range 0.6-0.9)",
     "insured residents when the medical_resident module is off"},
    {BK "resident_medical.subsidy", "series", 0, "700", "yuan per insured per year", 0, 1e6,
     RULES "resident BMI minimum fiscal subsidy 2025: 700; used only without medical_resident",
     "per-capita fiscal subsidy when the medical_resident module is off"},
    {BK "resident_medical.premium", "series", 0, "400", "yuan per insured per year", 0, 1e6,
     RULES "resident BMI individual contribution 2025: 400; used without medical_resident",
     "individual premium when the medical_resident module is off"},
    /* medical assistance */
    {BK "medical_assistance", "section", 0, NULL, NULL, 0, 0, NULL, "budget: medical assistance (the programme's keys)"},
    {BK "medical_assistance.central", "series", 0, "0.5", "share", 0, 1,
     "assumption: central transfers fund half of medical assistance (range 0.3-0.7)",
     "share of medical assistance paid by the central budget"},
    {BK "medical_assistance.provincial", "series", 0, "0.2", "share", 0, 1,
     "assumption (range 0.1-0.3)", "share paid by the province"},
    {BK "medical_assistance.municipal", "series", 0, "0.1", "share", 0, 1,
     "assumption (range 0-0.2)", "share paid by the city (the county pays the remainder)"},
    {BK "medical_assistance.premium_share_dibao", "series", 0, "0.7", "share of the premium",
     0, 1,
     "assumption: extreme-poverty recipients' premium paid in full, dibao recipients' in part "
     "(range 0.5-1)",
     "share of a dibao recipient's resident medical premium paid by assistance"},
    {BK "medical_assistance.copay", "series", 0, "600", "yuan per recipient per year", 0, 1e7,
     "assumption: no local figure (range 300-1,500)",
     "co-payments covered by medical assistance per dibao or extreme-poverty recipient"},
    /* social assistance */
    {BK "social_assistance", "section", 0, NULL, NULL, 0, 0, NULL, "budget: social assistance (the programme's keys)"},
    {BK "social_assistance.central", "series", 0, "0.6", "share", 0, 1,
     "assumption: central transfers for 困难群众救助 fund most of it in central provinces "
     "(range 0.4-0.8)",
     "share of dibao, extreme-poverty and temporary assistance paid by the central budget"},
    {BK "social_assistance.provincial", "series", 0, "0.15", "share", 0, 1,
     "assumption (range 0.05-0.25)", "share paid by the province"},
    {BK "social_assistance.municipal", "series", 0, "0.1", "share", 0, 1,
     "assumption (range 0-0.2)", "share paid by the city (the county pays the remainder)"},
    {BK "social_assistance.extreme_poverty_rate", "series", 0, "0.005", "share of residents",
     0, 1, "assumption: no local figure (range 0.003-0.008)",
     "extreme-poverty (特困) recipients as a share of residents"},
    {BK "social_assistance.extreme_poverty_ratio", "series", 0, "1.3", "x rural dibao", 0, 10,
     BRULES "特困 basic living standard at least 1.3 x the local dibao standard (recalled, "
            "unverified)",
     "extreme-poverty support per person as a multiple of the rural dibao standard"},
    {BK "social_assistance.standard", "series", 0, "593.9", "yuan per person per month", 0,
     1e6, RULES "national average rural dibao 2024; used only without an assistance section",
     "rural dibao standard when the assistance module is off"},
    /* childcare */
    {BK "childcare", "section", 0, NULL, NULL, 0, 0, NULL, "budget: childcare (the programme's keys)"},
    {BK "childcare.subsidy", "series", 0, "3600", "yuan per child per year", 0, 1e7,
     BRULES "national childcare subsidy 3,600 yuan a year per child under 3 from 2025-01-01",
     "national childcare subsidy (育儿补贴) per child under 3"},
    {BK "childcare.subsidy_start", "integer", 0, "2025", "year", 1900, 2300,
     BRULES "from 2025-01-01", "first year of the national childcare subsidy"},
    {BK "childcare.take_up", "series", 0, "0.95", "share of children under 3", 0, 1,
     "assumption: nearly every family applies (range 0.85-1)",
     "children under 3 for whom the subsidy is paid"},
    {BK "childcare.central", "series", 0, "0.9", "share", 0, 1,
     BRULES "about 90% central nationally (MoF 2025, issue 12); Anhui's own split not found "
            "(range 0.8-1)",
     "share of the national childcare subsidy paid by the central budget"},
    {BK "childcare.provincial", "series", 0, "0.05", "share", 0, 1,
     "assumption: half of the local part (range 0-0.1)", "share paid by the province"},
    {BK "childcare.municipal", "series", 0, "0.025", "share", 0, 1,
     "assumption: a quarter of the local part (range 0-0.05)",
     "share paid by the city (the county pays the remainder)"},
    {BK "childcare.local_topup", "series", 0, "0", "yuan per child per year", 0, 1e7,
     "assumption: none", "county childcare voucher on top of the national subsidy (county pays)"},
    {BK "childcare.operating_subsidy", "series", 0, "2400", "yuan per inclusive slot per year",
     0, 1e7,
     BRULES "Sichuan 200 yuan a month per child in inclusive care (China Daily 2025-08-22); "
            "Feidong's not found (range 700-6,000)",
     "operating subsidy per inclusive (普惠) slot of the childcare module's supply"},
    {BK "childcare.inclusive_share", "series", 0, "0.6", "share of slots", 0, 1,
     "assumption (range 0.4-0.8)", "inclusive (普惠) slots as a share of the supply"},
    {BK "childcare.services_provincial", "series", 0, "0.25", "share", 0, 1,
     "assumption: Sichuan's province pays half of its operating subsidy (China Daily "
     "2025-08-22); range 0-0.5",
     "share of operating subsidies and construction paid by the province"},
    {BK "childcare.services_municipal", "series", 0, "0.1", "share", 0, 1,
     "assumption (range 0-0.3)", "share of operating subsidies and construction paid by the city"},
    /* elderly care */
    {BK "elderly_care", "section", 0, NULL, NULL, 0, 0, NULL, "budget: elderly care (the programme's keys)"},
    {BK "elderly_care.voucher", "series", 0, "800", "yuan per person per month", 0, 1e6,
     BRULES "national elderly-care consumption subsidy from 2026-01-01: up to 800 a month "
            "(Xinhua 2026-01-22)",
     "elderly-care consumption voucher (养老服务消费补贴) per user per month"},
    {BK "elderly_care.voucher_start", "integer", 0, "2026", "year", 1900, 2300,
     BRULES "from 2026-01-01", "first year of the vouchers"},
    {BK "elderly_care.voucher_end", "integer", 0, "2100", "year", 1900, 2300,
     "assumption: the 2026 programme (12 months announced) continues; set 2026 for one year",
     "last year of the vouchers"},
    {BK "elderly_care.take_up", "series", 0, "0.2", "share of the eligible", 0, 1,
     "assumption: assessment and co-payment (the voucher covers up to 50% of home care, 40% "
     "of institutional care) keep take-up low (range 0.1-0.6)",
     "eligible (moderately or severely disabled) older people who use the vouchers"},
    {BK "elderly_care.voucher_levels", "string", 0, "moderate,severe", NULL, 0, 0,
     "the rule: moderately disabled and above; names of the eldercare care levels",
     "eldercare care levels eligible for the vouchers, comma-separated"},
    {BK "elderly_care.disabled_rate", "series", 0, "0.05", "share of people 60+", 0, 1,
     "assumption, used only without an eldercare section: about half of the 11% who have "
     "difficulty caring for themselves (Xinhua 2026-01-22) are moderately disabled or worse",
     "moderately or severely disabled among people 60+ when the eldercare module is off"},
    {BK "elderly_care.central", "series", 0, "0.9", "share", 0, 1,
     "issue 12: 85-95% central by region; 0.9 for a central province is an assumption",
     "share of the vouchers paid by the central budget"},
    {BK "elderly_care.provincial", "series", 0, "0.05", "share", 0, 1, "assumption (range 0-0.1)",
     "share of the vouchers paid by the province"},
    {BK "elderly_care.municipal", "series", 0, "0.025", "share", 0, 1,
     "assumption (range 0-0.05)", "share of the vouchers paid by the city"},
    {BK "elderly_care.allowance", "series", 0, "600", "yuan per person 80+ per year", 0, 1e6,
     "assumption: an old-age allowance (高龄津贴) of 50 yuan a month at 80+ (range 300-1,200)",
     "old-age allowance per resident aged 80 or more"},
    {BK "elderly_care.services_provincial", "series", 0, "0.2", "share", 0, 1,
     "assumption (range 0-0.4)",
     "share of the eldercare module's cost and the allowances paid by the province"},
    {BK "elderly_care.services_municipal", "series", 0, "0.1", "share", 0, 1,
     "assumption (range 0-0.3)", "share of the same paid by the city"},
    /* the county as employer */
    {BK "county_employer", "section", 0, NULL, NULL, 0, 0, NULL, "budget: the county as employer (the programme's keys)"},
    {BK "county_employer.staff", "series", 0, "0", "persons", 0, 1e7,
     "assumption: none unless the county gives its payroll count",
     "staff on the county payroll (机关事业单位)"},
    {BK "county_employer.wage", "number", 0, "100000", "yuan per year", 0, 1e8,
     "assumption: contribution base of county staff in the base year (range 70,000-150,000)",
     "average contribution base per staff member in the base year"},
    {BK "county_employer.wage_growth", "series", 0, "0.04", "per year", -0.5, 1,
     "assumption (range 0.02-0.06)", "growth of the contribution base"},
    {BK "county_employer.pension_rate", "series", 0, "0.16", "share of the base", 0, 1,
     RULES "employer contribution rate to the pooled fund 16% (国办发〔2019〕13号)",
     "employer pension contribution"},
    {BK "county_employer.annuity_rate", "series", 0, "0.08", "share of the base", 0, 1,
     BRULES "occupational annuity 8% employer (国办发〔2015〕18号, recalled, unverified)",
     "employer occupational annuity (职业年金) contribution"},
    {BK "county_employer.medical_rate", "series", 0, "0.06", "share of the base", 0, 1,
     RULES "employee medical insurance employer rate about 6% (国发〔1998〕44号); Hefei's not "
           "found",
     "employer medical insurance contribution"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

/* ---------------------------------------------------------------- state */

enum {
    P_RESIDENT_PENSION, P_RESIDENT_MEDICAL, P_MEDICAL_ASSISTANCE, P_LAND_GUARANTEE,
    P_SOCIAL_ASSISTANCE, P_CHILDCARE, P_ELDERLY_CARE, P_COUNTY_EMPLOYER, P_NBUILTIN
};

static const char *const BUILTIN[P_NBUILTIN] = {
    "resident_pension",  "resident_medical", "medical_assistance", "land_guarantee",
    "social_assistance", "childcare",        "elderly_care",       "county_employer"};

/* Factors of the decomposition, MODEL.md 7. */
enum { F_DEMOGRAPHY, F_COVERAGE, F_BENEFIT, F_PRICES, F_SHARE, F_N };
static const char *const FACTORS[F_N] = {"demography", "coverage", "benefit", "prices",
                                         "share"};

/* Series keys read every year, in this order. */
enum {
    S_CPI, S_REV_GROWTH, S_RP_MUN, S_RP_TOP_PROV, S_RP_TOP_MUN, S_RP_PAID_RATE, S_RP_PAID_AMT,
    S_RM_C, S_RM_P, S_RM_M, S_RM_COV, S_RM_SUB, S_RM_PREM, S_MA_C, S_MA_P, S_MA_M,
    S_MA_PREM_SHARE, S_MA_COPAY, S_SA_C, S_SA_P, S_SA_M, S_SA_RATE, S_SA_RATIO, S_SA_STD,
    S_RP_BONUS, S_CC_SUB, S_CC_TAKE, S_CC_C, S_CC_P, S_CC_M, S_CC_TOPUP, S_CC_OPSUB, S_CC_INCL, S_CC_SP,
    S_CC_SM, S_EC_VOUCHER, S_EC_TAKE, S_EC_RATE, S_EC_C, S_EC_P, S_EC_M, S_EC_ALLOW, S_EC_SP,
    S_EC_SM, S_CE_STAFF, S_CE_GROWTH, S_CE_PEN, S_CE_ANN, S_CE_MED, S_N
};

static const char *const SKEYS[] = {
    BK "cpi_inflation", BK "revenue_growth", BK "resident_pension.municipal_share",
    BK "resident_pension.topup_provincial", BK "resident_pension.topup_municipal",
    BK "resident_pension.premium_paid_rate", BK "resident_pension.premium_paid_amount",
    BK "resident_medical.central", BK "resident_medical.provincial",
    BK "resident_medical.municipal", BK "resident_medical.coverage",
    BK "resident_medical.subsidy", BK "resident_medical.premium",
    BK "medical_assistance.central", BK "medical_assistance.provincial",
    BK "medical_assistance.municipal", BK "medical_assistance.premium_share_dibao",
    BK "medical_assistance.copay", BK "social_assistance.central",
    BK "social_assistance.provincial", BK "social_assistance.municipal",
    BK "social_assistance.extreme_poverty_rate", BK "social_assistance.extreme_poverty_ratio",
    BK "social_assistance.standard", BK "resident_pension.long_contribution_bonus",
    BK "childcare.subsidy", BK "childcare.take_up",
    BK "childcare.central", BK "childcare.provincial", BK "childcare.municipal",
    BK "childcare.local_topup", BK "childcare.operating_subsidy", BK "childcare.inclusive_share",
    BK "childcare.services_provincial", BK "childcare.services_municipal",
    BK "elderly_care.voucher", BK "elderly_care.take_up", BK "elderly_care.disabled_rate",
    BK "elderly_care.central", BK "elderly_care.provincial", BK "elderly_care.municipal",
    BK "elderly_care.allowance", BK "elderly_care.services_provincial",
    BK "elderly_care.services_municipal", BK "county_employer.staff",
    BK "county_employer.wage_growth", BK "county_employer.pension_rate",
    BK "county_employer.annuity_rate", BK "county_employer.medical_rate"};
_Static_assert(sizeof SKEYS / sizeof *SKEYS == S_N, "SKEYS and the S_ enum differ");

#define MAX_LEVELS 8

typedef struct {
    char name[PS_BUDGET_NAME];
    char label[2][PS_BUDGET_LABEL]; /* zh, en; "" = the name (ps_budget_label) */
    double *cell;        /* ny x PS_NPAYER */
    double *pop, *recip; /* ny drivers, NaN: not given */
} programme;

typedef struct {
    char name[PS_BUDGET_NAME];
    double *gap, *net; /* ny, NaN: no value */
} pool;

/* Derived series, refreshed from the cells whenever they are read. */
enum {
    D_COUNTY, D_COUNTY_REAL, D_SHARE_REVENUE, D_TOTAL, D_REVENUE, D_PRICE_INDEX, D_CENTRAL,
    D_PROVINCIAL, D_MUNICIPAL, D_RISK_MARGIN, D_N
};
/* budget_totals.csv columns (TOTAL_COLS, below) start in this order. */

typedef struct {
    int base, ny, first, nprog, npool, revenue_year, cc_start, ec_start, ec_end, nlevels;
    double revenue_ref, discount, risk_share, wage0;
    char levels[MAX_LEVELS][PS_BUDGET_NAME + 40];
    programme prog[PS_BUDGET_MAX_PROGRAMMES];
    pool pools[PS_BUDGET_MAX_POOLS];
    const ps_series *s[S_N];
    double *price, *revenue, *wage; /* ny, NaN until the year is computed */
    double (*d)[D_N];               /* ny derived rows */
    double *pcounty;                /* ny x PS_BUDGET_MAX_PROGRAMMES: county cost by programme */
    ps_table *tab;                  /* budget_totals.csv */
    double *block;                  /* every array above, one allocation */
    /* bu_step's reads (issue 18): each name's column (run.h,
     * ps_run_column), found once a projection, and two series by key */
    struct {
        const char *name; /* the caller's string (a literal or levels[]) */
        int projection;
        const double *col;
        int stride;
    } gc[64];
    int ngc, gc_next; /* gc_next: where the next name is likely (same order each year) */
    int last_prog;    /* the programme found last (find_programme looks there first) */
    const ps_series *s_topup, *s_prov;
} budget;

static const ps_table_def TOTALS;

static budget *state_of(ps_run *run) { return ps_run_module_state(run, "budget"); }

static int is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_') || strlen(s) >= PS_BUDGET_NAME)
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

static int find_programme(budget *b, const char *name, int create)
{
    int last = b->last_prog; /* a module adds its lines one after another */
    if (last < b->nprog && b->prog[last].name[0] == name[0] && strcmp(b->prog[last].name, name) == 0)
        return last;
    for (int p = 0; p < b->nprog; p++)
        if (b->prog[p].name[0] == name[0] && strcmp(b->prog[p].name, name) == 0)
            return b->last_prog = p;
    if (!create || b->nprog == PS_BUDGET_MAX_PROGRAMMES || !is_identifier(name))
        return -1;
    programme *g = &b->prog[b->nprog];
    snprintf(g->name, sizeof g->name, "%s", name);
    g->label[0][0] = g->label[1][0] = '\0';
    return b->nprog++;
}

static void clear(budget *b)
{
    for (int p = 0; p < PS_BUDGET_MAX_PROGRAMMES; p++)
        for (int i = 0; i < b->ny; i++) {
            for (int k = 0; k < PS_NPAYER; k++)
                b->prog[p].cell[i * PS_NPAYER + k] = 0.0;
            b->prog[p].pop[i] = b->prog[p].recip[i] = NAN;
        }
    for (int f = 0; f < PS_BUDGET_MAX_POOLS; f++)
        for (int i = 0; i < b->ny; i++)
            b->pools[f].gap[i] = b->pools[f].net[i] = NAN;
    for (int i = 0; i < b->ny; i++) {
        b->price[i] = b->revenue[i] = b->wage[i] = NAN;
        for (int k = 0; k < D_N; k++)
            b->d[i][k] = NAN;
    }
    b->npool = 0;
}

/* ---------------------------------------------------------------- the API */

/* ps_budget_add into the budget's state b; *p is the programme's index
 * once found (-1 before), so that a split finds it once (issue 18). */
static int add_line(budget *b, const char *programme_name, int *p, int payer, int year,
                    double nominal, ps_err *err)
{
    int i = year - b->base;
    if (payer < 0 || payer >= PS_NPAYER || i < 0 || i >= b->ny || !isfinite(nominal))
        return ps_err_set(err, PS_EINTERNAL,
                          "budget: bad line for '%s' (payer %d, year %d, amount %g)",
                          programme_name, payer, year, nominal);
    if (*p < 0 && (*p = find_programme(b, programme_name, 1)) < 0)
        return ps_err_set(err, PS_EINTERNAL,
                          "budget: cannot add programme '%s' (not an identifier under %d "
                          "characters, or more than %d programmes)",
                          programme_name, PS_BUDGET_NAME, PS_BUDGET_MAX_PROGRAMMES);
    b->prog[*p].cell[i * PS_NPAYER + payer] += nominal;
    return PS_OK;
}

int ps_budget_add(ps_run *run, const char *programme_name, int payer, int year, double nominal,
                  ps_err *err)
{
    budget *b = state_of(run);
    int p = -1;
    return b ? add_line(b, programme_name, &p, payer, year, nominal, err) : PS_OK;
}

int ps_budget_add_split(ps_run *run, const char *programme_name, int year, double total,
                        double central, double provincial, double municipal,
                        const char *const keys[3], ps_err *err)
{
    double sh[3] = {central, provincial, municipal}, out[PS_NPAYER];
    if (ps_budget_check_shares(sh, keys, year, err))
        return err->code;
    ps_budget_split(total, central, provincial, municipal, out);
    budget *b = state_of(run);
    int p = -1;
    if (!b)
        return PS_OK;
    for (int k = 0; k < PS_NPAYER; k++)
        if (out[k] != 0.0 || k == PS_PAYER_COUNTY)
            if (add_line(b, programme_name, &p, k, year, out[k], err))
                return err->code;
    return PS_OK;
}

/* Copies src into dst[PS_BUDGET_LABEL], cut before a UTF-8 continuation
 * byte if it does not fit. */
static void copy_label(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= PS_BUDGET_LABEL) {
        n = PS_BUDGET_LABEL - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void ps_budget_label(ps_run *run, const char *programme_name, const char *label_zh,
                     const char *label_en)
{
    budget *b = state_of(run);
    int p;
    if (!b || (p = find_programme(b, programme_name, 1)) < 0 || p < P_NBUILTIN)
        return;
    copy_label(b->prog[p].label[0], label_zh ? label_zh : "");
    copy_label(b->prog[p].label[1], label_en ? label_en : "");
}

void ps_budget_drivers(ps_run *run, const char *programme_name, int year, double population,
                       double recipients)
{
    budget *b = state_of(run);
    int p, i;
    if (!b || (i = year - b->base) < 0 || i >= b->ny ||
        (p = find_programme(b, programme_name, 1)) < 0)
        return;
    b->prog[p].pop[i] = population;
    b->prog[p].recip[i] = recipients;
}

int ps_budget_add_pool(ps_run *run, const char *fund, int year, double gap, double net_position,
                       ps_err *err)
{
    budget *b = state_of(run);
    if (!b)
        return PS_OK;
    int i = year - b->base, f;
    /* A pool already added has a name that passed is_identifier. */
    for (f = 0; f < b->npool; f++)
        if (b->pools[f].name[0] == fund[0] && strcmp(b->pools[f].name, fund) == 0)
            break;
    if (i < 0 || i >= b->ny || (f == b->npool && !is_identifier(fund)))
        return ps_err_set(err, PS_EINTERNAL, "budget: bad pool line '%s' in %d", fund, year);
    if (f == b->npool) {
        if (b->npool == PS_BUDGET_MAX_POOLS)
            return ps_err_set(err, PS_EINTERNAL, "budget: more than %d pools",
                              PS_BUDGET_MAX_POOLS);
        snprintf(b->pools[f].name, sizeof b->pools[f].name, "%s", fund);
        b->npool++;
    }
    b->pools[f].gap[i] = gap;
    b->pools[f].net[i] = net_position;
    return PS_OK;
}

double ps_budget_cell(ps_run *run, const char *programme_name, int payer, int year)
{
    budget *b = state_of(run);
    int p, i;
    if (!b || payer < 0 || payer >= PS_NPAYER || (i = year - b->base) < 0 || i >= b->ny ||
        (p = find_programme(b, programme_name, 0)) < 0)
        return NAN;
    return b->prog[p].cell[i * PS_NPAYER + payer];
}

/* ---------------------------------------------------------------- create */

static void bu_destroy(void *self)
{
    budget *b = self;
    if (b) {
        free(b->block);
        ps_table_free(b->tab);
    }
    free(b);
}

static int parse_levels(budget *b, const char *list, const char *path, ps_err *err)
{
    const char *s = list;
    b->nlevels = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        char name[PS_BUDGET_NAME];
        while (n > 0 && *s == ' ')
            s++, n--;
        if (n == 0 || n >= sizeof name || b->nlevels == MAX_LEVELS)
            return ps_err_set(err, PS_EINPUT,
                              "%s: 'budget.elderly_care.voucher_levels' is '%s': give care "
                              "level names separated by commas",
                              path, list);
        memcpy(name, s, n);
        name[n] = '\0';
        snprintf(b->levels[b->nlevels++], sizeof b->levels[0], "eldercare.level_%s_dependent", name);
        s += n;
        if (*s == ',')
            s++;
    }
    return PS_OK;
}

static int bu_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    budget *b = calloc(1, sizeof *b);
    if (!b)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    *self = b;
    b->base = ps_run_base_year(run);
    b->ny = ps_run_end_year(run) - b->base + 1;
    size_t ny = (size_t)b->ny;
    size_t per_prog = ny * (PS_NPAYER + 2);
    size_t n = PS_BUDGET_MAX_PROGRAMMES * per_prog + PS_BUDGET_MAX_POOLS * 2 * ny + 3 * ny +
               ny * D_N + ny * PS_BUDGET_MAX_PROGRAMMES;
    b->block = malloc(n * sizeof *b->block);
    if (!b->block)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    double *m = b->block;
    for (int p = 0; p < PS_BUDGET_MAX_PROGRAMMES; p++) {
        b->prog[p].cell = m, m += ny * PS_NPAYER;
        b->prog[p].pop = m, m += ny;
        b->prog[p].recip = m, m += ny;
    }
    for (int f = 0; f < PS_BUDGET_MAX_POOLS; f++) {
        b->pools[f].gap = m, m += ny;
        b->pools[f].net = m, m += ny;
    }
    b->price = m, m += ny;
    b->revenue = m, m += ny;
    b->wage = m, m += ny;
    b->d = (double(*)[D_N])m, m += ny * D_N;
    b->pcounty = m;
    if (!(b->tab = ps_table_new(&TOTALS, b->base, b->ny, 1, err)))
        return err->code;
    for (int p = 0; p < P_NBUILTIN; p++)
        find_programme(b, BUILTIN[p], 1);
    clear(b);
    for (int k = 0; k < S_N; k++)
        if (!(b->s[k] = ps_scenario_series(sc, SKEYS[k])))
            return ps_err_set(err, PS_EINTERNAL, "series '%s' not registered", SKEYS[k]);
    int set;
    double v;
    if (ps_scenario_number_opt(sc, BK "revenue", &set, &b->revenue_ref, err) ||
        ps_scenario_number_opt(sc, BK "discount_rate", &set, &b->discount, err) ||
        ps_scenario_number_opt(sc, BK "risk_share", &set, &b->risk_share, err) ||
        ps_scenario_number_opt(sc, BK "county_employer.wage", &set, &b->wage0, err))
        return err->code;
    if (ps_scenario_number_opt(sc, BK "revenue_year", &set, &v, err))
        return err->code;
    b->revenue_year = (int)v;
    if (ps_scenario_number_opt(sc, BK "childcare.subsidy_start", &set, &v, err))
        return err->code;
    b->cc_start = (int)v;
    if (ps_scenario_number_opt(sc, BK "elderly_care.voucher_start", &set, &v, err))
        return err->code;
    b->ec_start = (int)v;
    if (ps_scenario_number_opt(sc, BK "elderly_care.voucher_end", &set, &v, err))
        return err->code;
    b->ec_end = (int)v;
    if (ps_scenario_number_opt(sc, BK "first_year", &set, &v, err))
        return err->code;
    b->first = set ? (int)v : b->base;
    if (b->first < b->base || b->first > b->base + b->ny - 1) {
        char where[1200];
        if (!ps_scenario_where(sc, BK "first_year", where, sizeof where))
            snprintf(where, sizeof where, "%s", sc->path);
        return ps_err_set(err, PS_EINPUT, "%s: 'budget.first_year' %d is outside the run %d-%d",
                          where, b->first, b->base, b->base + b->ny - 1);
    }
    char *levels = ps_scenario_string(sc, BK "elderly_care.voucher_levels");
    int rc = parse_levels(b, levels ? levels : "moderate,severe", sc->path, err);
    free(levels);
    return rc;
}

static int bu_reset(void *self, ps_run *run, ps_err *err)
{
    (void)run;
    (void)err;
    clear(self);
    return PS_OK;
}

/* ---------------------------------------------------------------- step */

/* A module's value for the year, or NaN if the module is off or has none.
 * The modules' indicators are their columns' values, NaN for none, so the
 * column, found once a projection, gives the same (a name with no column
 * is looked up every time). */
static double get(budget *b, ps_run *run, const char *name, int year)
{
    double v;
    int proj = ps_run_projection(run), k = b->gc_next;
    if (!(k < b->ngc && b->gc[k].name == name)) { /* else look from the start */
        k = 0;
        while (k < b->ngc && b->gc[k].name != name)
            k++;
    }
    if (k == (int)(sizeof b->gc / sizeof b->gc[0]))
        return ps_run_indicator(run, name, year, &v) ? v : NAN;
    b->gc_next = k + 1;
    if (k == b->ngc || b->gc[k].projection != proj) {
        b->gc[k].name = name;
        b->gc[k].projection = proj;
        b->gc[k].col = ps_run_column(run, name, &b->gc[k].stride);
        if (k == b->ngc)
            b->ngc++;
    }
    if (b->gc[k].col && year >= b->base && year < b->base + b->ny)
        return b->gc[k].col[(size_t)(year - b->base) * (size_t)b->gc[k].stride];
    return ps_run_indicator(run, name, year, &v) ? v : NAN;
}

static double nz(double v) { return isnan(v) ? 0.0 : v; }

/* Adds x to programme p's line of `payer` in year i. */
static void add(budget *b, int p, int i, int payer, double x)
{
    b->prog[p].cell[i * PS_NPAYER + payer] += x;
}

/* The drivers of programme p's cost in year i (the decomposition): the
 * population it concerns and its recipients. */
static void drivers(budget *b, int p, int i, double pop, double recip)
{
    b->prog[p].pop[i] = pop;
    b->prog[p].recip[i] = recip;
}

/* Adds the lines out[] to programme p in year i. */
static void put(budget *b, int p, int i, const double out[PS_NPAYER])
{
    for (int k = 0; k < PS_NPAYER; k++)
        add(b, p, i, k, out[k]);
}

static int split_into(budget *b, int p, int i, double total, const double *v, int c, int pr,
                      int mu, int year, ps_err *err)
{
    double sh[3] = {c >= 0 ? v[c] : 0.0, v[pr], v[mu]}, out[PS_NPAYER];
    const char *keys[3] = {c >= 0 ? SKEYS[c] : NULL, SKEYS[pr], SKEYS[mu]};
    if (ps_budget_check_shares(sh, keys, year, err))
        return err->code;
    ps_budget_split(total, sh[0], sh[1], sh[2], out);
    put(b, p, i, out);
    return PS_OK;
}

/* Revenue in `year` from the reference year: R(ref) * prod over the years
 * after ref up to `year` of (1 + g), divided for years before ref. */
static int revenue_at(budget *b, ps_scenario *sc, int year, double *out, ps_err *err)
{
    double r = b->revenue_ref, g;
    for (int y = b->revenue_year + 1; y <= year; y++) {
        if (ps_series_at(sc, b->s[S_REV_GROWTH], y, &g, err))
            return err->code;
        r *= 1.0 + g;
    }
    for (int y = b->revenue_year; y > year; y--) {
        if (ps_series_at(sc, b->s[S_REV_GROWTH], y, &g, err))
            return err->code;
        r /= 1.0 + g;
    }
    *out = r;
    return PS_OK;
}

static int bu_step(void *self, ps_run *run, int year, ps_err *err)
{
    budget *b = self;
    ps_scenario *sc = ps_run_scenario(run);
    int i = year - b->base;
    const ps_pop *P = ps_run_pop(run, year);
    if (!P)
        return ps_err_set(err, PS_EINTERNAL, "population of %d not available", year);
    double v[S_N], out[PS_NPAYER];
    for (int k = 0; k < S_N; k++)
        if (ps_series_at(sc, b->s[k], year, &v[k], err))
            return err->code;
    b->price[i] = i == 0 ? 1.0 : b->price[i - 1] * (1.0 + v[S_CPI]);
    if (i == 0) {
        if (revenue_at(b, sc, year, &b->revenue[i], err))
            return err->code;
    } else {
        b->revenue[i] = b->revenue[i - 1] * (1.0 + v[S_REV_GROWTH]);
    }
    b->wage[i] = i == 0 ? b->wage0 : b->wage[i - 1] * (1.0 + v[S_CE_GROWTH]);
    double pop = ps_pop_sum(P, 0, PS_AGE_OPEN), p60 = ps_pop_sum(P, 60, PS_AGE_OPEN);
    double p80 = ps_pop_sum(P, 80, PS_AGE_OPEN), kids = ps_pop_sum(P, 0, 2);

    /* resident pension: pension_resident's own fiscal split, the top-up apart */
    double fc = get(b, run, "pension_resident.fiscal_central", year);
    if (!isnan(fc)) {
        double ft = get(b, run, "pension_resident.fiscal_total", year);
        double ben = get(b, run, "pension_resident.beneficiaries", year);
        double part = get(b, run, "pension_resident.participants", year);
        double ia_paid = get(b, run, "pension_resident.ia_pension_paid", year);
        double ia_budget = get(b, run, "pension_resident.ia_paid_by_budget", year);
        double topup, prov;
        const char *kp = "pension_resident.province_share";
        if (!b->s_topup)
            b->s_topup = ps_scenario_series(sc, "pension_resident.local_topup");
        if (!b->s_prov)
            b->s_prov = ps_scenario_series(sc, kp);
        if (ps_series_at(sc, b->s_topup, year, &topup, err) ||
            ps_series_at(sc, b->s_prov, year, &prov, err))
            return err->code;
        double sh[3] = {0, prov, v[S_RP_MUN]}, sh2[3] = {0, v[S_RP_TOP_PROV], v[S_RP_TOP_MUN]};
        const char *k1[3] = {NULL, kp, SKEYS[S_RP_MUN]};
        const char *k2[3] = {NULL, SKEYS[S_RP_TOP_PROV], SKEYS[S_RP_TOP_MUN]};
        if (ps_budget_check_shares(sh, k1, year, err) ||
            ps_budget_check_shares(sh2, k2, year, err))
            return err->code;
        double T = ben * 12.0 * topup;
        double paid = part * v[S_RP_PAID_RATE] * v[S_RP_PAID_AMT];
        double other = ft - fc - T + paid;
        ps_budget_split(other, 0.0, prov, v[S_RP_MUN], out);
        out[PS_PAYER_CENTRAL] = fc;
        put(b, P_RESIDENT_PENSION, i, out);
        /* the top-up and the long-contribution bonus: local, shared alike */
        ps_budget_split(T + ben * 12.0 * v[S_RP_BONUS], 0.0, v[S_RP_TOP_PROV], v[S_RP_TOP_MUN],
                        out);
        put(b, P_RESIDENT_PENSION, i, out);
        add(b, P_RESIDENT_PENSION, i, PS_PAYER_FUND, ia_paid - ia_budget);
        drivers(b, P_RESIDENT_PENSION, i, p60, ben);
    }

    /* resident medical insurance: insured x per-capita subsidy */
    double insured = get(b, run, "medical_resident.insured", year);
    double subsidy = get(b, run, "medical_resident.subsidy", year);
    double premium = get(b, run, "medical_resident.premium", year);
    if (isnan(insured) || isnan(subsidy) || isnan(premium)) {
        insured = pop * v[S_RM_COV];
        subsidy = v[S_RM_SUB];
        premium = v[S_RM_PREM];
    }
    if (split_into(b, P_RESIDENT_MEDICAL, i, insured * subsidy, v, S_RM_C, S_RM_P, S_RM_M, year,
                   err))
        return err->code;
    add(b, P_RESIDENT_MEDICAL, i, PS_PAYER_INDIVIDUAL, insured * premium);
    drivers(b, P_RESIDENT_MEDICAL, i, pop, insured);

    /* medical assistance: premiums and co-payments of dibao and extreme-poverty recipients */
    double dibao = nz(get(b, run, "assistance.recipients", year));
    double extreme = pop * v[S_SA_RATE];
    double ma = premium * (dibao * v[S_MA_PREM_SHARE] + extreme) + (dibao + extreme) * v[S_MA_COPAY];
    if (split_into(b, P_MEDICAL_ASSISTANCE, i, ma, v, S_MA_C, S_MA_P, S_MA_M, year, err))
        return err->code;
    drivers(b, P_MEDICAL_ASSISTANCE, i, pop, dibao + extreme);

    /* land-expropriated farmers: the county's land revenue pays the year's
     * income into the fund; the fund pays the rest (negative: it saves) */
    double lg_in = get(b, run, "land_guarantee.income_total", year);
    double lg_out = get(b, run, "land_guarantee.expenditure", year);
    if (!isnan(lg_in) && !isnan(lg_out)) {
        add(b, P_LAND_GUARANTEE, i, PS_PAYER_COUNTY, lg_in);
        add(b, P_LAND_GUARANTEE, i, PS_PAYER_FUND, lg_out - lg_in);
        drivers(b, P_LAND_GUARANTEE, i, p60, get(b, run, "land_guarantee.beneficiaries", year));
    }

    /* social assistance: the assistance module's dibao and temporary
     * assistance, plus extreme-poverty support */
    double rural = get(b, run, "assistance.standard_rural", year);
    if (isnan(rural))
        rural = v[S_SA_STD];
    double sa = nz(get(b, run, "assistance.spending", year)) +
                extreme * v[S_SA_RATIO] * rural * 12.0;
    if (split_into(b, P_SOCIAL_ASSISTANCE, i, sa, v, S_SA_C, S_SA_P, S_SA_M, year, err))
        return err->code;
    drivers(b, P_SOCIAL_ASSISTANCE, i, pop, dibao + extreme);

    /* childcare: the national subsidy, the county's voucher, and operating
     * subsidies and construction of the childcare module's slots */
    double paid_children = year >= b->cc_start ? kids * v[S_CC_TAKE] : 0.0;
    if (split_into(b, P_CHILDCARE, i, paid_children * v[S_CC_SUB], v, S_CC_C, S_CC_P, S_CC_M,
                   year, err))
        return err->code;
    add(b, P_CHILDCARE, i, PS_PAYER_COUNTY, paid_children * v[S_CC_TOPUP]);
    double slots = nz(get(b, run, "childcare.supply", year));
    double services = slots * v[S_CC_INCL] * v[S_CC_OPSUB] +
                      nz(get(b, run, "childcare.construction_cost", year));
    if (split_into(b, P_CHILDCARE, i, services, v, -1, S_CC_SP, S_CC_SM, year, err))
        return err->code;
    drivers(b, P_CHILDCARE, i, kids, paid_children + slots * v[S_CC_INCL]);

    /* elderly care: vouchers for the moderately and severely disabled, the
     * eldercare module's subsidies, meals and beds, and old-age allowances */
    double disabled = NAN;
    for (int l = 0; l < b->nlevels; l++) {
        double d = get(b, run, b->levels[l], year);
        if (!isnan(d))
            disabled = nz(disabled) + d;
    }
    if (isnan(disabled))
        disabled = p60 * v[S_EC_RATE];
    double users = year >= b->ec_start && year <= b->ec_end ? disabled * v[S_EC_TAKE] : 0.0;
    if (split_into(b, P_ELDERLY_CARE, i, users * v[S_EC_VOUCHER] * 12.0, v, S_EC_C, S_EC_P, S_EC_M,
                   year, err))
        return err->code;
    double ec = nz(get(b, run, "eldercare.cost", year)) + p80 * v[S_EC_ALLOW];
    if (split_into(b, P_ELDERLY_CARE, i, ec, v, -1, S_EC_SP, S_EC_SM, year, err))
        return err->code;
    drivers(b, P_ELDERLY_CARE, i, p60, users + p80);

    /* the county as employer */
    double staff = v[S_CE_STAFF];
    add(b, P_COUNTY_EMPLOYER, i, PS_PAYER_COUNTY,
        staff * b->wage[i] * (v[S_CE_PEN] + v[S_CE_ANN] + v[S_CE_MED]));
    drivers(b, P_COUNTY_EMPLOYER, i, staff, staff);

    /* pooled funds, apart */
    double net = get(b, run, "pension_employee.net_position", year);
    if (isnan(net)) /* before issue 13's column: contributions minus benefits */
        net = get(b, run, "pension_employee.employer_contributions", year) +
              get(b, run, "pension_employee.ia_contributions", year) -
              get(b, run, "pension_employee.benefits_total", year);
    if (!isnan(net) &&
        ps_budget_add_pool(run, "employee_pension", year,
                           get(b, run, "pension_employee.subsidy_needed", year), net, err))
        return err->code;
    static const char *const POOLED[] = {"medical_employee", "medical_resident", "unemployment",
                                         "work_injury"};
    static const char *const POOLED_KEYS[][3] = {
        {"medical_employee.income_total", "medical_employee.interest",
         "medical_employee.expenditure"},
        {"medical_resident.income_total", "medical_resident.interest",
         "medical_resident.expenditure"},
        {"unemployment.income_total", "unemployment.interest", "unemployment.expenditure"},
        {"work_injury.income_total", "work_injury.interest", "work_injury.expenditure"}};
    for (size_t f = 0; f < sizeof POOLED / sizeof POOLED[0]; f++) {
        const char *const *k = POOLED_KEYS[f];
        double n = get(b, run, k[0], year) - get(b, run, k[1], year) - get(b, run, k[2], year);
        if (!isnan(n) && ps_budget_add_pool(run, POOLED[f], year, fmax(0.0, -n), n, err))
            return err->code;
    }
    return PS_OK;
}

/* ---------------------------------------------------------------- derived */

static double cell(const budget *b, int p, int i, int k) { return b->prog[p].cell[i * PS_NPAYER + k]; }

static double prog_total(const budget *b, int p, int i)
{
    double t = 0;
    for (int k = 0; k < PS_NPAYER; k++)
        t += cell(b, p, i, k);
    return t;
}

/* The decomposition of programme p's county cost from year index i0 to i1
 * into FACTORS; returns the change.  A programme with no cost at one end
 * (it starts or stops) counts wholly as coverage. */
static double decompose(const budget *b, int p, int i0, int i1, double part[F_N])
{
    double f[2][F_N];
    int idx[2] = {i0, i1};
    double c0 = cell(b, p, i0, PS_PAYER_COUNTY), c1 = cell(b, p, i1, PS_PAYER_COUNTY);
    for (int k = 0; k < F_N; k++)
        part[k] = 0.0;
    for (int e = 0; e < 2; e++) {
        int i = idx[e];
        double tot = prog_total(b, p, i), N = b->prog[p].pop[i], R = b->prog[p].recip[i];
        if (isnan(N) || isnan(R)) /* no drivers: all is benefit level */
            N = R = 1.0;
        f[e][F_DEMOGRAPHY] = N;
        f[e][F_COVERAGE] = N > 0 ? R / N : NAN;
        f[e][F_BENEFIT] = R > 0 ? tot / R / b->price[i] : NAN;
        f[e][F_PRICES] = b->price[i];
        f[e][F_SHARE] = tot != 0 ? cell(b, p, i, PS_PAYER_COUNTY) / tot : NAN;
    }
    if (ps_budget_lmdi(f[0], f[1], F_N, part))
        part[F_COVERAGE] = c1 - c0;
    return c1 - c0;
}

/* ---------------------------------------------------------------- outputs */

/* Labels of the built-in programmes, for the summary and the sentences. */
static const char *const PROG_ZH[P_NBUILTIN] = {
    "城乡居民基本养老保险", "城乡居民医保财政补助", "医疗救助", "被征地农民养老保障",
    "社会救助（低保、特困、临时救助）", "托育与育儿补贴", "养老服务与养老消费补贴",
    "县级机关事业单位单位缴费"};
static const char *const PROG_EN[P_NBUILTIN] = {
    "resident pension", "resident medical insurance subsidy", "medical assistance",
    "land-expropriated farmers' guarantee", "social assistance (dibao, extreme poverty, temporary)", "childcare and the childcare subsidy", "elderly care and care vouchers",
    "the county as employer"};

const char *ps_budget_programme_label(const char *name, int lang)
{
    for (int p = 0; p < P_NBUILTIN; p++)
        if (strcmp(BUILTIN[p], name) == 0)
            return lang ? PROG_EN[p] : PROG_ZH[p];
    return name;
}

static const char *prog_label(const budget *b, int p, int lang)
{
    if (p < P_NBUILTIN)
        return lang ? PROG_EN[p] : PROG_ZH[p];
    return b->prog[p].label[lang ? 1 : 0][0] ? b->prog[p].label[lang ? 1 : 0] : b->prog[p].name;
}

/* ---------------------------------------------------------------- outputs */

static const ps_column_def BUDGET_COLS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"programme", "项目", "Programme", "-", PS_KIND_KEY, 0},
    {"payer", "支出主体（中央、省、市、县、基金、个人、单位）",
     "Payer (central, provincial, municipal, county, fund, individual, employer)", "-",
     PS_KIND_KEY, 0},
    {"nominal", "支出（当年价）", "Amount (current prices)", "yuan", PS_KIND_FLOW, 1},
    {"real", "支出（基年价）", "Amount (base-year prices)", "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_column_def POOL_COLS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"fund", "统筹基金（非县级财政负债）", "Pooled fund (not a county liability)", "-",
     PS_KIND_KEY, 0},
    {"gap", "基金缺口：县内参保人所需补助（非县级财政负债）",
     "Gap: subsidy the pool would need for the county's insured (not a county liability)",
     "yuan", PS_KIND_FLOW, 0},
    {"net_position", "县内净贡献：县内征收减县内支付（非县级财政负债）",
     "County's net position in the pool: collected in the county minus paid there (not a "
     "county liability)",
     "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

static const ps_column_def DECOMP_COLS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"programme", "项目（total为合计）", "Programme (total: all)", "-", PS_KIND_KEY, 0},
    {"from_year", "起始年份", "From year", "year", PS_KIND_KEY, 0},
    {"change", "县级支出变化", "Change in the county's cost", "yuan", PS_KIND_FLOW, 0},
    {"demography", "其中：人口因素", "of which demography", "yuan", PS_KIND_FLOW, 0},
    {"coverage", "其中：覆盖面因素", "of which coverage", "yuan", PS_KIND_FLOW, 0},
    {"benefit", "其中：待遇水平因素", "of which benefit level", "yuan", PS_KIND_FLOW, 0},
    {"prices", "其中：价格因素", "of which prices", "yuan", PS_KIND_FLOW, 0},
    {"share", "其中：县级分担比例因素", "of which the county's share", "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

/* budget_totals.csv, one row a year: the indicators (state.get, draws,
 * compare) in the order of the D_ enum, then the county's cost of each
 * built-in programme and of the programmes other modules add. */
enum { T_PROG = D_N, T_OTHER = D_N + P_NBUILTIN, T_NCOL };
static const ps_column_def TOTAL_COLS[T_NCOL + 1] = {
    {"county", "县级财政支出（本报告所列项目）", "County's own cost of these programmes", "yuan",
     PS_KIND_FLOW, 1},
    {"county_real", "县级财政支出（基年价）", "County's own cost, base-year prices", "yuan",
     PS_KIND_FLOW, 0},
    {"county_share_revenue", "县级支出占一般公共预算收入比例",
     "County's cost as a share of its general budget revenue", "share", PS_KIND_RATE, 1},
    {"total", "各项目支出合计（各支出主体）", "Total cost of these programmes, all payers", "yuan",
     PS_KIND_FLOW, 0},
    {"revenue", "县一般公共预算收入", "County general budget revenue", "yuan", PS_KIND_FLOW, 0},
    {"price_index", "价格指数（基年=1）", "Price index (base year = 1)", "ratio", PS_KIND_RATE, 0},
    {"central", "中央财政支出", "Paid by the central budget", "yuan", PS_KIND_FLOW, 0},
    {"provincial", "省级财政支出", "Paid by the province", "yuan", PS_KIND_FLOW, 0},
    {"municipal", "市级财政支出", "Paid by the city", "yuan", PS_KIND_FLOW, 0},
    {"risk_margin", "县级支出距风险线的余量（收入×风险比例－支出）",
     "Margin below the risk line (revenue x risk share minus the county's cost)", "yuan",
     PS_KIND_FLOW, 1},
    {"county_resident_pension", "县级支出：城乡居民基本养老保险", "County: resident pension",
     "yuan", PS_KIND_FLOW, 0},
    {"county_resident_medical", "县级支出：城乡居民医保财政补助",
     "County: resident medical insurance subsidy", "yuan", PS_KIND_FLOW, 0},
    {"county_medical_assistance", "县级支出：医疗救助", "County: medical assistance", "yuan",
     PS_KIND_FLOW, 0},
    {"county_land_guarantee", "县级支出：被征地农民养老保障",
     "County: land-expropriated farmers' guarantee", "yuan", PS_KIND_FLOW, 0},
    {"county_social_assistance", "县级支出：社会救助", "County: social assistance", "yuan",
     PS_KIND_FLOW, 0},
    {"county_childcare", "县级支出：托育与育儿补贴", "County: childcare", "yuan", PS_KIND_FLOW, 0},
    {"county_elderly_care", "县级支出：养老服务", "County: elderly care", "yuan", PS_KIND_FLOW, 0},
    {"county_county_employer", "县级支出：机关事业单位单位缴费", "County: as employer", "yuan",
     PS_KIND_FLOW, 0},
    {"county_other", "县级支出：其他模块登记的项目", "County: programmes other modules add",
     "yuan", PS_KIND_FLOW, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def TOTALS = {"budget_totals.csv", NULL, TOTAL_COLS};

/* Refreshes the derived rows from the cells (years with a price index). */
static void derive(budget *b)
{
    for (int i = 0; i < b->ny; i++) {
        double *d = b->d[i], *t = ps_table_row(b->tab, b->base + i, 0);
        if (isnan(b->price[i])) {
            for (int k = 0; k < D_N; k++)
                d[k] = NAN;
            for (int k = 0; k < T_NCOL; k++)
                t[k] = NAN;
            continue;
        }
        double county = 0, total = 0, c = 0, pr = 0, mu = 0, other = 0;
        for (int p = 0; p < b->nprog; p++) {
            double pc = cell(b, p, i, PS_PAYER_COUNTY);
            b->pcounty[i * PS_BUDGET_MAX_PROGRAMMES + p] = pc;
            county += pc;
            total += prog_total(b, p, i);
            c += cell(b, p, i, PS_PAYER_CENTRAL);
            pr += cell(b, p, i, PS_PAYER_PROVINCIAL);
            mu += cell(b, p, i, PS_PAYER_MUNICIPAL);
            if (p < P_NBUILTIN)
                t[T_PROG + p] = pc;
            else
                other += pc;
        }
        t[T_OTHER] = other;
        d[D_COUNTY] = county;
        d[D_COUNTY_REAL] = county / b->price[i];
        d[D_REVENUE] = b->revenue[i];
        d[D_SHARE_REVENUE] = b->revenue[i] > 0 ? county / b->revenue[i] : NAN;
        d[D_TOTAL] = total;
        d[D_PRICE_INDEX] = b->price[i];
        d[D_CENTRAL] = c;
        d[D_PROVINCIAL] = pr;
        d[D_MUNICIPAL] = mu;
        d[D_RISK_MARGIN] = b->revenue[i] * b->risk_share - county;
        for (int k = 0; k < D_N; k++)
            t[k] = d[k];
    }
}

/* Opens dir/name for writing with its header line (its columns' keys). */
static FILE *open_csv(const char *dir, const char *name, const ps_column_def *cols,
                      ps_err *err)
{
    FILE *f = ps_open_out(dir, name, err);
    for (int c = 0; f && cols[c].key; c++)
        fprintf(f, "%s%s", c ? "," : "", cols[c].key);
    if (f)
        fputc('\n', f);
    return f;
}

/* Closes it and registers its columns in columns.csv. */
static int close_csv(FILE *f, const char *dir, const char *name, const ps_column_def *cols,
                     ps_err *err)
{
    if (ps_close_out(f, dir, name, err))
        return err->code;
    return ps_columns_register(dir, name, cols, err);
}

static int write_budget(budget *b, const char *dir, ps_err *err)
{
    FILE *f = open_csv(dir, "budget.csv", BUDGET_COLS, err);
    char x[32], y[32];
    if (!f)
        return err->code;
    for (int i = 0; i < b->ny; i++)
        for (int p = 0; p < b->nprog; p++)
            for (int k = 0; k < PS_NPAYER; k++) {
                double n = cell(b, p, i, k);
                fprintf(f, "%d,%s,%s,%s,%s\n", b->base + i, b->prog[p].name, PAYERS[k],
                        ps_fmt(x, n), ps_fmt(y, n / b->price[i]));
            }
    return close_csv(f, dir, "budget.csv", BUDGET_COLS, err);
}

static int write_pools(budget *b, const char *dir, ps_err *err)
{
    FILE *f = open_csv(dir, "pools.csv", POOL_COLS, err);
    if (!f)
        return err->code;
    for (int i = 0; i < b->ny; i++)
        for (int p = 0; p < b->npool; p++) {
            fprintf(f, "%d,%s", b->base + i, b->pools[p].name);
            ps_put(f, b->pools[p].gap[i], 0);
            ps_put(f, b->pools[p].net[i], 0);
            fputc('\n', f);
        }
    return close_csv(f, dir, "pools.csv", POOL_COLS, err);
}

static int write_decomposition(budget *b, const char *dir, ps_err *err)
{
    FILE *f = open_csv(dir, "budget_decomposition.csv", DECOMP_COLS, err);
    if (!f)
        return err->code;
    int i0 = b->first - b->base;
    for (int i = i0 + 1; i < b->ny; i++) {
        double sum[F_N] = {0}, ch = 0, part[F_N];
        for (int p = 0; p <= b->nprog; p++) {
            const char *name = p < b->nprog ? b->prog[p].name : "total";
            double c;
            if (p < b->nprog) {
                c = decompose(b, p, i0, i, part);
                ch += c;
                for (int k = 0; k < F_N; k++)
                    sum[k] += part[k];
            } else {
                c = ch;
                memcpy(part, sum, sizeof part);
            }
            fprintf(f, "%d,%s,%d", b->base + i, name, b->first);
            ps_put(f, c, 0);
            for (int k = 0; k < F_N; k++)
                ps_put(f, part[k], 0);
            fputc('\n', f);
        }
    }
    return close_csv(f, dir, "budget_decomposition.csv", DECOMP_COLS, err);
}

static int bu_tables(void *self, const ps_table **out, int max)
{
    budget *b = self;
    if (max < 1)
        return 0;
    derive(b);
    out[0] = b->tab;
    return 1;
}

static int bu_write(void *self, ps_run *run, const char *dir, ps_err *err)
{
    budget *b = self;
    (void)run;
    derive(b);
    if (write_budget(b, dir, err) || write_pools(b, dir, err) ||
        write_decomposition(b, dir, err))
        return err->code;
    return PS_OK;
}

static const double *bu_column(void *self, const char *name, int *stride)
{
    budget *b = self;
    derive(b);
    const double *c = ps_table_series(b->tab, name, 0, stride);
    if (c)
        return c;
    if (strncmp(name, "county_", 7) == 0) {
        int p = find_programme(b, name + 7, 0);
        if (p >= 0) {
            *stride = PS_BUDGET_MAX_PROGRAMMES;
            return &b->pcounty[p];
        }
    }
    return NULL;
}

static int bu_indicator(void *self, const char *name, int year, double *out)
{
    budget *b = self;
    int stride, i = year - b->base;
    if (i < 0 || i >= b->ny)
        return 0;
    const double *c = bu_column(b, name, &stride);
    if (!c || isnan(c[i * stride]))
        return 0;
    *out = c[i * stride];
    return 1;
}

static const int SUMMARY_YEARS[] = {2025, 2030, 2035, 2050};

/* The present values and the fiscal gap from first_year to the end. */
static void pv_figures(const budget *b, double *pv_cost, double *pv_rev, double *gap)
{
    int i0 = b->first - b->base, n = b->ny - i0;
    double cost[400], rev[400];
    if (n > 400)
        n = 400;
    for (int i = 0; i < n; i++) {
        cost[i] = b->d[i0 + i][D_COUNTY];
        rev[i] = b->d[i0 + i][D_REVENUE];
    }
    *pv_cost = ps_budget_pv(cost, n, b->discount);
    *pv_rev = ps_budget_pv(rev, n, b->discount);
    *gap = ps_budget_fiscal_gap(cost, rev, n, b->discount);
}

static int bu_summarize(void *self, ps_run *run, ps_summary *s, ps_err *err)
{
    budget *b = self;
    char kz[200], ke[300], key[120];
    (void)run;
    derive(b);
    int i0 = b->first - b->base;
    static const char *const FZH[F_N] = {"人口", "覆盖面", "待遇水平", "价格", "县级分担比例"};
    for (size_t k = 0; k < sizeof SUMMARY_YEARS / sizeof SUMMARY_YEARS[0]; k++) {
        int y = SUMMARY_YEARS[k], i = y - b->base;
        if (i < 0 || i >= b->ny)
            continue;
        const double *d = b->d[i];
        ps_summary_num(s, y, "budget_county_{year}", d[D_COUNTY], "yuan",
                       "{year}年县级财政支出（本报告所列项目）",
                       "County's own cost of these programmes in {year}");
        ps_summary_headline(s);
        ps_summary_num(s, y, "budget_county_real_{year}", d[D_COUNTY_REAL], "yuan",
                       "{year}年县级财政支出（基年价）",
                       "County's own cost in {year}, base-year prices");
        ps_summary_num(s, y, "budget_county_share_revenue_{year}", d[D_SHARE_REVENUE], "share",
                       "{year}年县级支出占一般公共预算收入比例",
                       "County's cost as a share of its general budget revenue in {year}");
        ps_summary_num(s, y, "budget_revenue_{year}", d[D_REVENUE], "yuan",
                       "{year}年县一般公共预算收入", "County general budget revenue in {year}");
        for (int p = 0; p < b->nprog; p++) {
            snprintf(key, sizeof key, "budget_county_%s_{year}", b->prog[p].name);
            snprintf(kz, sizeof kz, "{year}年县级支出：%s", prog_label(b, p, 0));
            snprintf(ke, sizeof ke, "County's cost in {year}: %s", prog_label(b, p, 1));
            ps_summary_num(s, y, key, cell(b, p, i, PS_PAYER_COUNTY), "yuan", kz, ke);
        }
        if (i > i0) {
            double sum[F_N] = {0}, part[F_N];
            for (int p = 0; p < b->nprog; p++) {
                decompose(b, p, i0, i, part);
                for (int q = 0; q < F_N; q++)
                    sum[q] += part[q];
            }
            for (int q = 0; q < F_N; q++) {
                snprintf(key, sizeof key, "budget_growth_%s_{year}", FACTORS[q]);
                snprintf(kz, sizeof kz, "%d年至{year}年县级支出变化中%s因素的贡献", b->first,
                         FZH[q]);
                snprintf(ke, sizeof ke, "Change in the county's cost %d-{year} due to %s",
                         b->first, FACTORS[q]);
                ps_summary_num(s, y, key, sum[q], "yuan", kz, ke);
            }
        }
    }
    double pvc, pvr, gap;
    pv_figures(b, &pvc, &pvr, &gap);
    snprintf(kz, sizeof kz, "%d年起县级财政支出现值", b->first);
    snprintf(ke, sizeof ke, "Present value of the county's cost from %d", b->first);
    ps_summary_num(s, 0, "budget_county_pv", pvc, "yuan", kz, ke);
    ps_summary_headline(s);
    snprintf(kz, sizeof kz, "%d年起县一般公共预算收入现值", b->first);
    snprintf(ke, sizeof ke, "Present value of county revenue from %d", b->first);
    ps_summary_num(s, 0, "budget_revenue_pv", pvr, "yuan", kz, ke);
    ps_summary_num(s, 0, "budget_fiscal_gap", gap, "share",
                   "财政缺口：为支付全部县级支出现值所需的恒定收入比例",
                   "Fiscal gap: the constant share of revenue that funds the present value of "
                   "the county's cost");
    ps_summary_headline(s);
    ps_summary_num(s, b->first, "budget_pv_from", b->first, "year", "现值起始年份",
                   "First year of the present values");
    return ps_summary_error(s, err);
}

static int bu_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    budget *b = self;
    char zh[1200], en[1600], m[64], m2[64], pc[64], pc2[64];
    (void)run;
    derive(b);
    int order = 500;
    for (size_t k = 0; k < sizeof SUMMARY_YEARS / sizeof SUMMARY_YEARS[0]; k++) {
        int y = SUMMARY_YEARS[k], i = y - b->base;
        if (i < 0 || i >= b->ny || y == 2025)
            continue;
        const double *d = b->d[i];
        /* the two programmes costing the county most */
        int top[2] = {-1, -1};
        for (int p = 0; p < b->nprog; p++) {
            double v = cell(b, p, i, PS_PAYER_COUNTY);
            if (top[0] < 0 || v > cell(b, top[0], i, PS_PAYER_COUNTY)) {
                top[1] = top[0];
                top[0] = p;
            } else if (top[1] < 0 || v > cell(b, top[1], i, PS_PAYER_COUNTY)) {
                top[1] = p;
            }
        }
        snprintf(zh, sizeof zh,
                 "县级财政：%d年县本级为本报告所列民生项目支出%s，占县一般公共预算收入的%s；"
                 "最大两项为%s（%s）和%s（%s）。",
                 y, ps_words_money(m, d[D_COUNTY], 0), ps_words_pct(pc, d[D_SHARE_REVENUE]),
                 prog_label(b, top[0], 0),
                 ps_words_money(m2, cell(b, top[0], i, PS_PAYER_COUNTY), 0),
                 prog_label(b, top[1], 0),
                 ps_words_money(pc2, cell(b, top[1], i, PS_PAYER_COUNTY), 0));
        char a[64], c2[64];
        snprintf(en, sizeof en,
                 "County budget: in %d the county itself pays %s for these programmes, %s of "
                 "its general budget revenue; the largest are the %s (%s) and the %s (%s).",
                 y, ps_words_money(a, d[D_COUNTY], 1), ps_words_pct(pc, d[D_SHARE_REVENUE]),
                 prog_label(b, top[0], 1),
                 ps_words_money(m2, cell(b, top[0], i, PS_PAYER_COUNTY), 1),
                 prog_label(b, top[1], 1),
                 ps_words_money(c2, cell(b, top[1], i, PS_PAYER_COUNTY), 1));
        ps_headline_add(h, order++, zh, en);
        if (order > 502)
            break;
    }
    /* who pays, in the latest summary year */
    int yl = 0;
    for (size_t k = 0; k < sizeof SUMMARY_YEARS / sizeof SUMMARY_YEARS[0]; k++)
        if (SUMMARY_YEARS[k] - b->base < b->ny && SUMMARY_YEARS[k] >= b->base)
            yl = SUMMARY_YEARS[k] == 2050 && yl ? yl : SUMMARY_YEARS[k];
    if (yl) {
        const double *d = b->d[yl - b->base];
        double gov = d[D_CENTRAL] + d[D_PROVINCIAL] + d[D_MUNICIPAL] + d[D_COUNTY];
        if (gov > 0) {
            char p1[64], p2[64], p3[64], p4[64];
            snprintf(zh, sizeof zh,
                     "分担：%d年上述项目各级财政共支出%s，其中中央%s、省%s、市%s、县%s。", yl,
                     ps_words_money(m, gov, 0), ps_words_pct(p1, d[D_CENTRAL] / gov),
                     ps_words_pct(p2, d[D_PROVINCIAL] / gov),
                     ps_words_pct(p3, d[D_MUNICIPAL] / gov), ps_words_pct(p4, d[D_COUNTY] / gov));
            snprintf(en, sizeof en,
                     "Who pays: in %d governments spend %s on these programmes: the centre %s, "
                     "the province %s, the city %s and the county %s.",
                     yl, ps_words_money(m, gov, 1), ps_words_pct(p1, d[D_CENTRAL] / gov),
                     ps_words_pct(p2, d[D_PROVINCIAL] / gov),
                     ps_words_pct(p3, d[D_MUNICIPAL] / gov), ps_words_pct(p4, d[D_COUNTY] / gov));
            ps_headline_add(h, 510, zh, en);
        }
    }
    double pvc, pvr, gap;
    pv_figures(b, &pvc, &pvr, &gap);
    int last = b->base + b->ny - 1;
    snprintf(zh, sizeof zh,
             "财政缺口：%d至%d年，县本级须每年拿出一般公共预算收入的%s才能支付上述项目（按%s贴现的现值%s）。",
             b->first, last, ps_words_pct(pc, gap), ps_words_pct(pc2, b->discount),
             ps_words_money(m, pvc, 0));
    snprintf(en, sizeof en,
             "Fiscal gap: from %d to %d the county would need a constant %s of its general "
             "budget revenue to pay for these programmes (present value %s at %s a year).",
             b->first, last, ps_words_pct(pc, gap), ps_words_money(m, pvc, 1),
             ps_words_pct(pc2, b->discount));
    ps_headline_add(h, 520, zh, en);
    /* the pooled employee pension: not a county liability */
    for (int f = 0; f < b->npool && yl; f++)
        if (strcmp(b->pools[f].name, "employee_pension") == 0 &&
            !isnan(b->pools[f].net[yl - b->base])) {
            double net = b->pools[f].net[yl - b->base];
            snprintf(zh, sizeof zh,
                     "统筹基金：企业职工养老保险全国统筹、医保省级统筹，其收支不是县级财政负债；"
                     "%d年职工养老保险在县内%s%s。",
                     yl, net < 0 ? "支付多于征收" : "征收多于支付", ps_words_money(m, fabs(net), 0));
            snprintf(en, sizeof en,
                     "Pooled funds: the employee pension is pooled nationally and medical "
                     "insurance provincially, so their balances are not county liabilities; in "
                     "%d the employee pension %s %s more in the county than it %s there.",
                     yl, net < 0 ? "pays out" : "collects", ps_words_money(m, fabs(net), 1),
                     net < 0 ? "collects" : "pays out");
            ps_headline_add(h, 530, zh, en);
        }
    return ps_headline_error(h, err);
}

/* The module's static tables, for presenters (declared.h). */
static const ps_table_def *const DECLARES[] = {&TOTALS, NULL};

const ps_module ps_budget_module = {
    .name = "budget",
    .label_zh = "县级财政",
    .label_en = "County budget",
    .declares = DECLARES,
    .params = PARAMS,
    .create = bu_create,
    .step = bu_step,
    .tables = bu_tables,
    .write = bu_write,
    .indicator = bu_indicator,
    .column = bu_column,
    .reset = bu_reset,
    .summarize = bu_summarize,
    .headline = bu_headline,
    .destroy = bu_destroy,
};
