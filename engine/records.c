/* records.c: see records.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "records.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "output.h"
#include "run.h"
#include "scenario.h"
#include "table.h"
#include "xlsx.h"

static const ps_record_def RECORDS[] = {
    {"childcare_slots", "childcare.supply_base", NULL, NULL, 1, "slots",
     "基期托育托位数(个)", "childcare slots (托位) in the base year"},
    {"eldercare_beds", "eldercare.beds_supply", NULL, NULL, 0, "beds",
     "养老机构床位数(张)", "elderly-care beds (养老床位) in the year"},
    {"dibao_standard_urban", "assistance.standard_urban", "land_guarantee.dibao",
     "assistance.standard_year", 0, "yuan/person/month", "城市低保标准(元/人·月)",
     "urban minimum living standard (城市低保标准) in the year"},
    {"dibao_standard_rural", "assistance.standard_rural", NULL, "assistance.standard_year", 0,
     "yuan/person/month", "农村低保标准(元/人·月)",
     "rural minimum living standard (农村低保标准) in the year"},
    {"employee_pension_retirees", "pension_employee.base_retirees", NULL, NULL, 1, "persons",
     "基期企业职工养老保险离退休人数(人)",
     "retirees drawing the urban employee pension in the base year"},
    {"employee_pension_fund", "pension_employee.base_fund", NULL, NULL, 1, "yuan",
     "基期职工养老保险基金结余(元)",
     "opening balance of the urban employee pension fund in the base year (yuan)"},
    {"county_payroll_staff", "budget.county_employer.staff", NULL, NULL, 0, "persons",
     "县财政供养(机关事业单位)在编人数(人)",
     "staff on the county payroll (机关事业单位), the county's pension and medical employer"},
    {"county_revenue", "budget.revenue", NULL, "budget.revenue_year", 0, "yuan",
     "县一般公共预算收入(元)", "the county's general public budget revenue (一般公共预算收入) in "
                               "the year, yuan"},
    {NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL}};

const ps_record_def *ps_record_defs(void) { return RECORDS; }

/* ---------------------------------------------------------------- names */

static int lev(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 200 || lb > 200)
        return 1000;
    int prev[201], cur[201];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int d = prev[j] + 1, e = cur[j - 1] + 1;
            cur[j] = c < d ? (c < e ? c : e) : (d < e ? d : e);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *cur);
    }
    return prev[lb];
}

const char *ps_nearest_name(const char *s, const char *const *names, int n)
{
    const char *best = NULL;
    int bd = 1 << 30;
    for (int i = 0; i < n; i++) {
        /* A name that contains the text, or whose column is the text, wins
         * ties; otherwise the edit distance decides. */
        /* The whole name, or (one step worse) the name without its module,
         * so that a column typed without its module finds it. */
        const char *dot = strchr(names[i], '.');
        int d = lev(s, names[i]);
        if (dot && strcmp(dot + 1, s) == 0)
            d = 0;
        else if (dot && lev(s, dot + 1) + 1 < d)
            d = lev(s, dot + 1) + 1;
        if (d < bd) {
            bd = d;
            best = names[i];
        }
    }
    return best;
}

/* ---------------------------------------------------------------- tables */

ps_csv *ps_table_open(const char *path, const char *sheet, int first_if_missing, ps_err *err)
{
    if (!ps_is_xlsx_path(path))
        return ps_csv_read(path, err);
    ps_xlsx *x = ps_xlsx_open(path, err);
    if (!x)
        return NULL;
    int i = ps_xlsx_sheet_index(x, sheet);
    if (i < 0 && first_if_missing)
        i = 0;
    if (i < 0) {
        char have[1024] = "";
        size_t n = 0;
        for (int k = 0; k < ps_xlsx_nsheets(x) && n < sizeof have - 4; k++)
            n += (size_t)snprintf(have + n, sizeof have - n, "%s'%s'", k ? ", " : "",
                                  ps_xlsx_sheet_name(x, k));
        ps_err_set(err, PS_EINPUT, "%s: no sheet '%s' (the workbook has %s)", path, sheet, have);
        ps_xlsx_free(x);
        return NULL;
    }
    ps_csv *t = ps_xlsx_sheet_table(x, i, err);
    ps_xlsx_free(x);
    return t;
}

int ps_table_where(ps_err *err, const ps_csv *t)
{
    ps_xlsx_where(err, t);
    return err->code;
}

/* Where a cell is, for messages: "file:line: column 'x'" or "book.xlsx,
 * sheet 'S', row N, column C ('x')", as ps_xlsx_where writes them. */
static void cell_where(const ps_csv *t, int r, int c, char *buf, size_t n)
{
    const char *name = ps_csv_name(t);
    size_t nl = strlen(name);
    const char *br = strrchr(name, '[');
    if (br && nl > 2 && name[nl - 1] == ']')
        snprintf(buf, n, "%.*s, sheet '%.*s', row %d, column %c ('%s')", (int)(br - name), name,
                 (int)(nl - (size_t)(br - name) - 2), br + 1, ps_csv_line(t, r),
                 c < 26 ? 'A' + c : '?', ps_csv_header(t, c));
    else
        snprintf(buf, n, "%s:%d: column '%s'", name, ps_csv_line(t, r), ps_csv_header(t, c));
}

/* ---------------------------------------------------------------- records */

static int numeric_key(const ps_param_def *d)
{
    return d && (strcmp(d->type, "series") == 0 || strcmp(d->type, "number") == 0 ||
                 strcmp(d->type, "integer") == 0);
}

int ps_records_apply(ps_scenario *sc, ps_err *err)
{
    /* The actuals' layout is checked here too, so that `check` finds a
     * malformed table before any run (the indicator names need the
     * results, ps_backtest_write checks them). */
    char *apath = ps_scenario_string(sc, "actuals");
    if (apath) {
        ps_actual *rows;
        int n;
        int arc = ps_actuals_read(apath, &rows, &n, err);
        free(apath);
        if (arc)
            return arc;
        ps_actuals_free(rows, n);
    }
    char *path = ps_scenario_string(sc, "records");
    if (!path)
        return PS_OK;
    ps_csv *t = ps_table_open(path, "records", 0, err);
    int rc = PS_OK, cr, cy, cv, cu, cs;
    char cw[300];
    int *year_set = NULL;
    char **seen = NULL;
    int nseen = 0;
    if (!t) {
        free(path);
        return ps_err_prefix(err, "records: ");
    }
    if ((cr = ps_csv_require_col(t, "record", err)) < 0 ||
        (cy = ps_csv_require_col(t, "year", err)) < 0 ||
        (cv = ps_csv_require_col(t, "value", err)) < 0 ||
        (cu = ps_csv_require_col(t, "unit", err)) < 0 ||
        (cs = ps_csv_require_col(t, "source", err)) < 0) {
        rc = ps_table_where(err, t);
        goto done;
    }
    (void)cu;
    int nrec = 0;
    while (RECORDS[nrec].name)
        nrec++;
    year_set = calloc((size_t)nrec + 1, sizeof *year_set);
    seen = calloc((size_t)ps_csv_nrows(t) + 1, sizeof *seen);
    if (!year_set || !seen) {
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        const char *name = ps_csv_field(t, r, cr);
        double v;
        int year;
        if (!*ps_csv_field(t, r, cv))
            continue; /* not filled in */
        /* The record's definition, or a numeric scenario key. */
        const ps_record_def *rd = NULL;
        for (int k = 0; k < nrec; k++)
            if (strcmp(RECORDS[k].name, name) == 0)
                rd = &RECORDS[k];
        const ps_param_def *d = rd ? ps_scenario_def(sc, rd->key) : ps_scenario_def(sc, name);
        if (!rd && !numeric_key(d)) {
            int nn = 0, total = nrec + ps_scenario_ndefs(sc);
            const char **names = malloc((size_t)total * sizeof *names);
            if (!names) {
                rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
                goto done;
            }
            for (int k = 0; k < nrec; k++)
                names[nn++] = RECORDS[k].name;
            for (int k = 0; k < ps_scenario_ndefs(sc); k++)
                if (numeric_key(ps_scenario_def_at(sc, k)))
                    names[nn++] = ps_scenario_def_at(sc, k)->key;
            const char *near = ps_nearest_name(name, names, nn);
            cell_where(t, r, cr, cw, sizeof cw);
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: unknown record '%s'%s%s%s (a record name of the template or "
                            "a numeric scenario key)",
                            cw, name, near ? " (did you mean '" : "", near ? near : "",
                            near ? "'?)" : "");
            free(names);
            goto done;
        }
        if (rd && !d) {
            cell_where(t, r, cr, cw, sizeof cw);
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: record '%s' replaces '%s', which this version of the "
                            "engine does not have",
                            cw, name, rd->key);
            goto done;
        }
        if ((rc = ps_csv_int(t, r, cy, 1800, 2300, &year, err)) ||
            (rc = ps_csv_number(t, r, cv, &v, err))) {
            rc = ps_table_where(err, t);
            goto done;
        }
        if (!*ps_csv_field(t, r, cs)) {
            cell_where(t, r, cs, cw, sizeof cw);
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: empty; every record needs its source (the document, table "
                            "or office it comes from)",
                            cw);
            goto done;
        }
        if (v < 0) {
            cell_where(t, r, cv, cw, sizeof cw);
            rc = ps_err_set(err, PS_EINPUT, "%s: %s is negative", cw,
                            ps_csv_field(t, r, cv));
            goto done;
        }
        int base_only = rd ? rd->base_only : strcmp(d->type, "series") != 0;
        if (base_only && year != sc->base_year) {
            cell_where(t, r, cy, cw, sizeof cw);
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: '%s' is a base-year figure: the year must be the "
                            "scenario's base_year %d, not %d",
                            cw, name, sc->base_year, year);
            goto done;
        }
        /* The same record and year twice. */
        char tag[300];
        snprintf(tag, sizeof tag, "%s@%d", name, year);
        for (int k = 0; k < nseen; k++)
            if (strcmp(seen[k], tag) == 0) {
                cell_where(t, r, cy, cw, sizeof cw);
                rc = ps_err_set(err, PS_EINPUT, "%s: record '%s' for %d appears twice",
                                cw, name, year);
                goto done;
            }
        if (!(seen[nseen] = strdup(tag))) {
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            goto done;
        }
        nseen++;
        const char *file = ps_csv_name(t);
        int line = ps_csv_line(t, r);
        const char *src = ps_csv_field(t, r, cs);
        const char *key = rd ? rd->key : name;
        if ((rc = ps_scenario_override(sc, key, year, v, file, line, src, err)))
            goto done;
        if (rd && rd->key2 && ps_scenario_def(sc, rd->key2) &&
            (rc = ps_scenario_override(sc, rd->key2, year, v, file, line, src, err)))
            goto done;
        if (rd && rd->year_key) {
            /* Records sharing a year key (urban and rural dibao) must agree. */
            for (int k = 0; k < nrec; k++)
                if (year_set[k] && RECORDS[k].year_key &&
                    strcmp(RECORDS[k].year_key, rd->year_key) == 0 && year_set[k] != year) {
                    cell_where(t, r, cy, cw, sizeof cw);
                    rc = ps_err_set(err, PS_EINPUT,
                                    "%s: '%s' and '%s' set %s: they must be of the same year "
                                    "(%d and %d)",
                                    cw, RECORDS[k].name, name, rd->year_key, year_set[k], year);
                    goto done;
                }
            year_set[rd - RECORDS] = year;
            if ((rc = ps_scenario_override(sc, rd->year_key, 0, year, file, line, src, err)))
                goto done;
        }
    }
done:
    if (seen)
        for (int k = 0; k < nseen; k++)
            free(seen[k]);
    free(seen);
    free(year_set);
    ps_csv_free(t);
    free(path);
    return rc;
}

/* ---------------------------------------------------------------- actuals */

void ps_actuals_free(ps_actual *rows, int n)
{
    for (int i = 0; rows && i < n; i++) {
        free(rows[i].indicator);
        free(rows[i].unit);
        free(rows[i].source);
    }
    free(rows);
}

int ps_actuals_read(const char *path, ps_actual **out, int *nout, ps_err *err)
{
    *out = NULL;
    *nout = 0;
    ps_csv *t = ps_table_open(path, "actuals", 0, err);
    if (!t)
        return ps_err_prefix(err, "actuals: ");
    int cy, ci, cv, cu, cs, rc = PS_OK, n = 0;
    char cw[300];
    ps_actual *rows = NULL;
    if ((cy = ps_csv_require_col(t, "year", err)) < 0 ||
        (ci = ps_csv_require_col(t, "indicator", err)) < 0 ||
        (cv = ps_csv_require_col(t, "value", err)) < 0 ||
        (cu = ps_csv_require_col(t, "unit", err)) < 0 ||
        (cs = ps_csv_require_col(t, "source", err)) < 0) {
        rc = ps_table_where(err, t);
        goto done;
    }
    rows = calloc((size_t)ps_csv_nrows(t) + 1, sizeof *rows);
    if (!rows) {
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        ps_actual a = {0};
        if (!*ps_csv_field(t, r, cv))
            continue;
        if ((rc = ps_csv_int(t, r, cy, 1800, 2300, &a.year, err)) ||
            (rc = ps_csv_number(t, r, cv, &a.value, err))) {
            rc = ps_table_where(err, t);
            goto done;
        }
        if (!*ps_csv_field(t, r, ci)) {
            cell_where(t, r, ci, cw, sizeof cw);
            rc = ps_err_set(err, PS_EINPUT, "%s: empty, an indicator name is needed", cw);
            goto done;
        }
        if (!*ps_csv_field(t, r, cs)) {
            cell_where(t, r, cs, cw, sizeof cw);
            rc = ps_err_set(err, PS_EINPUT, "%s: empty; every actual needs its source",
                            cw);
            goto done;
        }
        for (int k = 0; k < n; k++)
            if (rows[k].year == a.year && strcmp(rows[k].indicator, ps_csv_field(t, r, ci)) == 0) {
                cell_where(t, r, cy, cw, sizeof cw);
                rc = ps_err_set(err, PS_EINPUT,
                                "%s: %s for %d appears twice (first at %s %d)", cw,
                                rows[k].indicator, a.year,
                                ps_is_xlsx_path(path) ? "row" : "line", rows[k].line);
                goto done;
            }
        a.line = ps_csv_line(t, r);
        a.indicator = strdup(ps_csv_field(t, r, ci));
        a.unit = strdup(ps_csv_field(t, r, cu));
        a.source = strdup(ps_csv_field(t, r, cs));
        rows[n++] = a;
        if (!a.indicator || !a.unit || !a.source) {
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            goto done;
        }
    }
done:
    ps_csv_free(t);
    if (rc) {
        ps_actuals_free(rows, n);
        return rc;
    }
    *out = rows;
    *nout = n;
    return PS_OK;
}

/* Adds name to the list if the run answers it in some year. */
static void add_known(ps_run *run, char ***names, int *n, int *cap, const char *module,
                      const char *col)
{
    char full[512];
    double v;
    if (strcmp(col, "year") == 0)
        return;
    snprintf(full, sizeof full, "%s.%s", module, col);
    for (int k = 0; k < *n; k++)
        if (strcmp((*names)[k], full) == 0)
            return;
    int base = ps_run_base_year(run), end = ps_run_end_year(run);
    if (!ps_run_indicator(run, full, base, &v) && !ps_run_indicator(run, full, base + 1, &v) &&
        !ps_run_indicator(run, full, end - 1, &v))
        return;
    if (*n == *cap) {
        int nc = *cap ? 2 * *cap : 256;
        char **nn = realloc(*names, (size_t)nc * sizeof *nn);
        if (!nn)
            return;
        *names = nn;
        *cap = nc;
    }
    if (((*names)[*n] = strdup(full)))
        (*n)++;
}

/* The indicators "module.column" the run can answer: every column of the
 * CSV files in dir (columns.csv, else the modules' own files) under every
 * module's name, kept if the module gives a value for it. */
static char **known_indicators(ps_run *run, const char *dir, int *nout)
{
    char **names = NULL;
    int n = 0, cap = 0;
    char path[4200];
    ps_err e;
    snprintf(path, sizeof path, "%s/columns.csv", dir);
    ps_csv *cols = NULL;
    FILE *f = fopen(path, "r");
    if (f) {
        fclose(f);
        cols = ps_csv_read(path, &e);
    }
    int cc = cols ? ps_csv_col(cols, "column") : -1;
    for (int m = 0; ps_modules[m]; m++) {
        const char *mod = ps_modules[m]->name;
        for (int r = 0; cc >= 0 && r < ps_csv_nrows(cols); r++)
            add_known(run, &names, &n, &cap, mod, ps_csv_field(cols, r, cc));
        snprintf(path, sizeof path, "%s/%s.csv", dir, mod);
        if (!(f = fopen(path, "r")))
            continue;
        fclose(f);
        ps_csv *t = ps_csv_read(path, &e);
        for (int c = 0; t && c < ps_csv_ncols(t); c++)
            add_known(run, &names, &n, &cap, mod, ps_csv_header(t, c));
        ps_csv_free(t);
    }
    ps_csv_free(cols);
    *nout = n;
    return names;
}

/* The columns of backtest.csv (table.h), registered in columns.csv. */
static const ps_column_def BACKTEST_COLUMNS[] = {
    {"year", "年份", "Year", "year", PS_KIND_KEY, 0},
    {"indicator", "指标", "Indicator", "-", PS_KIND_KEY, 0},
    {"actual", "实际数", "Actual", "-", PS_KIND_STOCK, 0},
    {"projected", "预测数", "Projected", "-", PS_KIND_STOCK, 0},
    {"error", "误差(预测-实际)", "Error (projected - actual)", "-", PS_KIND_STOCK, 0},
    {"error_pct", "误差百分比", "Error in percent of the actual", "percent", PS_KIND_RATE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};

int ps_backtest_write(ps_run *run, const char *dir, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    char *path = ps_scenario_string(sc, "actuals");
    if (!path)
        return PS_OK;
    ps_actual *rows;
    int n, nk = 0, rc = PS_OK;
    if (ps_actuals_read(path, &rows, &n, err)) {
        free(path);
        return err->code;
    }
    char **known = known_indicators(run, dir, &nk);
    for (int i = 0; i < n && !rc; i++) {
        int ok = 0;
        for (int k = 0; k < nk && !ok; k++)
            ok = strcmp(known[k], rows[i].indicator) == 0;
        if (!ok) {
            const char *near = ps_nearest_name(rows[i].indicator, (const char *const *)known, nk);
            char where[1200];
            if (ps_is_xlsx_path(path))
                snprintf(where, sizeof where, "%s, sheet 'actuals', row %d, column B ('indicator')",
                         path, rows[i].line);
            else
                snprintf(where, sizeof where, "%s:%d: column 'indicator'", path, rows[i].line);
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: unknown indicator '%s'%s%s%s (indicators are result columns "
                            "module.column, as in the results' CSV files)",
                            where, rows[i].indicator, near ? " (did you mean '" : "",
                            near ? near : "", near ? "'?)" : "");
        }
    }
    for (int k = 0; k < nk; k++)
        free(known[k]);
    free(known);
    char out[4200];
    snprintf(out, sizeof out, "%s/backtest.csv", dir);
    FILE *f = rc ? NULL : fopen(out, "w");
    if (!rc && !f)
        rc = ps_err_set(err, PS_EIO, "%s: %s", out, strerror(errno));
    if (f) {
        fputs("year,indicator,actual,projected,error,error_pct\n", f);
        for (int i = 0; i < n; i++) {
            double p;
            char b1[32], b2[32], b3[32], b4[32];
            int have = ps_run_indicator(run, rows[i].indicator, rows[i].year, &p) && isfinite(p);
            fprintf(f, "%d,%s,%s,", rows[i].year, rows[i].indicator, ps_fmt(b1, rows[i].value));
            if (have) {
                double e = p - rows[i].value;
                fprintf(f, "%s,%s,%s\n", ps_fmt(b2, p), ps_fmt(b3, e),
                        rows[i].value != 0 ? ps_fmt(b4, 100 * e / rows[i].value) : "");
            } else {
                fputs(",,\n", f);
            }
        }
        if (fclose(f))
            rc = ps_err_set(err, PS_EIO, "%s: cannot write", out);
        if (!rc)
            rc = ps_columns_register(dir, "backtest.csv", BACKTEST_COLUMNS, err);
    }
    ps_actuals_free(rows, n);
    free(path);
    return rc;
}
