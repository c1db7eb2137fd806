/* county.c: see county.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "county.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <xlsxwriter.h>

#include "csv.h"
#include "module.h"
#include "output.h"
#include "population_io.h"
#include "records.h"
#include "safe_file.h"
#include "scenario.h"
#include "xlsx.h"

/* ---------------------------------------------------------------- census */

int ps_census_read(const char *path, const char *area, ps_age_group **groups, int *n,
                   ps_err *err)
{
    *groups = NULL;
    *n = 0;
    ps_csv *t = ps_table_open(path, "census", 1, err);
    if (!t)
        return err->code;
    int rc = PS_OK, cnt = 0;
    int ca = ps_csv_col(t, "age"), cs = ps_csv_col(t, "age_start"), ce = ps_csv_col(t, "age_end");
    int carea = ps_csv_col(t, "area_code"), cm, cf;
    ps_age_group *g = NULL;
    if (ca < 0 && (cs < 0 || ce < 0)) {
        ps_csv_require_col(t, "age", err);
        rc = ps_table_where(err, t);
        goto done;
    }
    if ((cm = ps_csv_require_col(t, "male", err)) < 0 ||
        (cf = ps_csv_require_col(t, "female", err)) < 0) {
        rc = ps_table_where(err, t);
        goto done;
    }
    if (carea >= 0 && !area) {
        const char *first = ps_csv_nrows(t) ? ps_csv_field(t, 0, carea) : "";
        char list[512] = "";
        size_t used = 0;
        int many = 0;
        for (int r = 0; r < ps_csv_nrows(t); r++) {
            const char *a = ps_csv_field(t, r, carea);
            int again = 0;
            for (int k = 0; k < r && !again; k++)
                again = strcmp(ps_csv_field(t, k, carea), a) == 0;
            if (!again && used < sizeof list - 40)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
                                         a);
            if (strcmp(a, first))
                many = 1;
        }
        if (many) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: the table holds several areas (%s): choose one with --area CODE",
                            path, list);
            goto done;
        }
    }
    if (!(g = calloc((size_t)ps_csv_nrows(t) + 1, sizeof *g))) {
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto done;
    }
    for (int r = 0; r < ps_csv_nrows(t); r++) {
        ps_age_group *x = &g[cnt];
        if (carea >= 0 && area && strcmp(ps_csv_field(t, r, carea), area))
            continue;
        if (ca >= 0) {
            if (ps_grad_parse_age(ps_csv_field(t, r, ca), &x->lo, &x->hi)) {
                ps_err_set(err, PS_EINPUT,
                           "%s:%d: column 'age': '%s' is not an age or age group (37, 1-4 or 85+)",
                           ps_csv_name(t), ps_csv_line(t, r), ps_csv_field(t, r, ca));
                rc = ps_table_where(err, t);
                goto done;
            }
        } else {
            if (ps_csv_int(t, r, cs, 0, 200, &x->lo, err)) {
                rc = ps_table_where(err, t);
                goto done;
            }
            if (!*ps_csv_field(t, r, ce))
                x->hi = -1;
            else if (ps_csv_int(t, r, ce, x->lo, 200, &x->hi, err)) {
                rc = ps_table_where(err, t);
                goto done;
            }
        }
        int cols[2] = {cm, cf};
        for (int s = 0; s < PS_NSEX; s++) {
            if (ps_csv_number(t, r, cols[s], &x->count[s], err)) {
                rc = ps_table_where(err, t);
                goto done;
            }
            if (x->count[s] < 0) {
                ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %s is negative", ps_csv_name(t),
                           ps_csv_line(t, r), ps_csv_header(t, cols[s]),
                           ps_csv_field(t, r, cols[s]));
                rc = ps_table_where(err, t);
                goto done;
            }
        }
        x->line = ps_csv_line(t, r);
        cnt++;
    }
    if (cnt == 0) {
        rc = area ? ps_err_set(err, PS_EINPUT, "%s: no rows for area '%s'", path, area)
                  : ps_err_set(err, PS_EINPUT, "%s: no age groups", path);
        goto done;
    }
    if (ps_grad_check(ps_csv_name(t), g, cnt, err)) {
        rc = ps_table_where(err, t);
        goto done;
    }
done:
    ps_csv_free(t);
    if (rc) {
        free(g);
        return rc;
    }
    *groups = g;
    *n = cnt;
    return PS_OK;
}

/* ---------------------------------------------------------------- template */

static const char *const README_ZH[] = {
    "policysim 县级数据模板",
    "本工作簿有两张数据表。填好后在情景文件中写 actuals = \"template.xlsx\" 和/或 records = "
    "\"template.xlsx\"(也可用同样列的 CSV 文件)。",
    "actuals(历史实际数):年份 year、指标 indicator、数值 value、单位 unit、来源 source。指标为"
    "结果列名“模块.列”,如 demography.population(常住人口,1月1日)、"
    "pension_employee.insured(职工养老保险参保人数)、childcare.supply(托位)。运行后 "
    "backtest.csv 给出每行的实际数、预测数、误差和误差百分比。",
    "records(县本级记录):基年存量,替代情景中的假设值。record 列为下列名称之一,或任一数值型"
    "情景参数名;year 为数据年份;value 留空的行不读取。每行必须写明来源。",
    "同一指标同一年份只能出现一次;数值单元格只能填数字;未知的指标或记录名会被拒绝并提示最接近"
    "的名称。",
    NULL};
static const char *const README_EN[] = {
    "policysim county data template",
    "Two data sheets. Once filled, name the workbook in the scenario: actuals = \"template.xlsx\" "
    "and/or records = \"template.xlsx\" (CSV files with the same columns work too).",
    "actuals (past figures): year, indicator, value, unit, source. The indicator is a result "
    "column 'module.column', e.g. demography.population (residents on 1 January), "
    "pension_employee.insured, childcare.supply. A run writes backtest.csv with the actual, "
    "the projection, the error and the error in percent for every row.",
    "records (the county's own base-year stocks): they replace the scenario's assumptions. "
    "record is one of the names below or any numeric scenario key; year is the year of the "
    "figure; rows with an empty value are not read. Every row needs its source.",
    "An indicator may appear once per year; number cells take numbers only; an unknown "
    "indicator or record is refused with the nearest known name.",
    NULL};

/* The '#' comment lines at the top of a CSV file (none for a workbook),
 * one string each with the '#' and one space dropped: *out[0..*n-1]. */
static int comment_lines(const char *path, char ***out, int *n, ps_err *err)
{
    *out = NULL;
    *n = 0;
    if (ps_is_xlsx_path(path))
        return PS_OK;
    size_t len;
    char *text = ps_read_regular(path, PS_MAX_INPUT_BYTES, &len, err);
    if (!text)
        return err->code;
    int rc = PS_OK;
    for (char *p = text; *p == '#' && !rc;) {
        char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l && p[l - 1] == '\r')
            l--;
        char *q = p + 1 + (l > 1 && p[1] == ' ');
        char **nl = realloc(*out, (size_t)(*n + 1) * sizeof *nl);
        if (!nl || !(nl[*n] = strndup(q, l - (size_t)(q - p)))) {
            if (nl)
                *out = nl;
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            break;
        }
        *out = nl;
        (*n)++;
        p = e ? e + 1 : p + l;
    }
    free(text);
    return rc;
}

/* The README sheet: what the workbook is (zh, en), the source files' own
 * notes, and the record names. */
static void readme_sheet(lxw_workbook *wb, lxw_format *bold, lxw_format *wrap,
                         const char *const *src, char **const *notes, const int *nnotes,
                         int nsrc)
{
    lxw_worksheet *rd = workbook_add_worksheet(wb, "README");
    worksheet_set_column(rd, 0, 0, 110, wrap);
    worksheet_set_column(rd, 1, 1, 30, NULL);
    int row = 0;
    for (int i = 0; README_ZH[i]; i++)
        worksheet_write_string(rd, (lxw_row_t)row++, 0, README_ZH[i], i ? wrap : bold);
    row++;
    for (int i = 0; README_EN[i]; i++)
        worksheet_write_string(rd, (lxw_row_t)row++, 0, README_EN[i], i ? wrap : bold);
    row++;
    for (int k = 0; k < nsrc; k++) {
        if (!src[k])
            continue;
        char head[1200];
        const char *base = strrchr(src[k], '/');
        snprintf(head, sizeof head, "本表数据取自 / The rows of this workbook come from: %s",
                 base ? base + 1 : src[k]);
        worksheet_write_string(rd, (lxw_row_t)row++, 0, head, bold);
        for (int i = 0; i < nnotes[k]; i++)
            worksheet_write_string(rd, (lxw_row_t)row++, 0, notes[k][i], wrap);
        row++;
    }
    worksheet_write_string(rd, (lxw_row_t)row, 0, "record / 记录名", bold);
    worksheet_write_string(rd, (lxw_row_t)row++, 1, "replaces / 替代参数", bold);
    for (const ps_record_def *r = ps_record_defs(); r->name; r++) {
        char text[512];
        snprintf(text, sizeof text, "%s: %s; %s (%s)", r->name, r->zh, r->en, r->unit);
        worksheet_write_string(rd, (lxw_row_t)row, 0, text, wrap);
        worksheet_write_string(rd, (lxw_row_t)row++, 1, r->key, NULL);
    }
}

/* The records sheet from a records table (CSV or sheet 'records'): record,
 * year, value (a number or empty), unit, source. */
static int records_rows(lxw_worksheet *re, const char *path, ps_err *err)
{
    ps_csv *t = ps_table_open(path, "records", 0, err);
    if (!t)
        return ps_err_prefix(err, "records: ");
    int c[5], rc = PS_OK;
    const char *names[] = {"record", "year", "value", "unit", "source"};
    for (int k = 0; k < 5 && !rc; k++)
        if ((c[k] = ps_csv_require_col(t, names[k], err)) < 0)
            rc = ps_table_where(err, t);
    for (int r = 0; r < ps_csv_nrows(t) && !rc; r++) {
        int year;
        double v;
        lxw_row_t row = (lxw_row_t)(r + 1);
        if ((rc = ps_csv_int(t, r, c[1], 1800, 2300, &year, err)) ||
            (*ps_csv_field(t, r, c[2]) && (rc = ps_csv_number(t, r, c[2], &v, err)))) {
            rc = ps_table_where(err, t);
            break;
        }
        worksheet_write_string(re, row, 0, ps_csv_field(t, r, c[0]), NULL);
        worksheet_write_number(re, row, 1, year, NULL);
        if (*ps_csv_field(t, r, c[2]))
            worksheet_write_number(re, row, 2, v, NULL);
        worksheet_write_string(re, row, 3, ps_csv_field(t, r, c[3]), NULL);
        worksheet_write_string(re, row, 4, ps_csv_field(t, r, c[4]), NULL);
    }
    ps_csv_free(t);
    return rc;
}

/* Reads back the actuals written to the workbook: the same rows as the
 * source (a number needing more than the 16 digits a workbook keeps
 * would differ). */
static int same_actuals(const char *book, const char *src, const ps_actual *a, int n,
                        ps_err *err)
{
    ps_actual *b;
    int nb;
    if (ps_actuals_read(book, &b, &nb, err))
        return err->code;
    int rc = PS_OK;
    for (int i = 0; i < n && !rc; i++)
        if (i >= nb || a[i].year != b[i].year || a[i].value != b[i].value ||
            strcmp(a[i].indicator, b[i].indicator) || strcmp(a[i].unit, b[i].unit) ||
            strcmp(a[i].source, b[i].source)) {
            char vb[32];
            rc = ps_err_set(err, PS_EINPUT, "%s:%d: the row (%d, %s, %s) does not survive the "
                            "workbook unchanged (a workbook keeps 16 significant digits)", src,
                            a[i].line, a[i].year, a[i].indicator, ps_fmt(vb, a[i].value));
        }
    if (!rc && nb != n)
        rc = ps_err_set(err, PS_EINTERNAL, "%s: %d actuals read back, %d written", book, nb, n);
    ps_actuals_free(b, nb);
    return rc;
}

/* A data sheet: its five column names in bold, the name column (wide_col)
 * and the source column widened. */
static lxw_worksheet *data_sheet(lxw_workbook *wb, const char *name, const char *const head[5],
                                 lxw_format *bold, int wide_col, double width)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bold);
    worksheet_set_column(ws, (lxw_col_t)wide_col, (lxw_col_t)wide_col, width, NULL);
    worksheet_set_column(ws, 4, 4, 60, NULL);
    return ws;
}

int ps_template_write_xlsx_from(const char *path, int base_year, const char *actuals,
                                const char *records, ps_err *err)
{
    ps_actual *act = NULL;
    int nact = 0, rc = PS_OK;
    char **notes[2] = {NULL, NULL};
    int nnotes[2] = {0, 0};
    if (actuals && ps_actuals_read(actuals, &act, &nact, err))
        return err->code;
    if (actuals)
        rc = comment_lines(actuals, &notes[0], &nnotes[0], err);
    if (!rc && records)
        rc = comment_lines(records, &notes[1], &nnotes[1], err);
    /* Written beside the target and renamed into place when complete. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.part.xlsx", path);
    lxw_workbook *wb = rc ? NULL : workbook_new(tmp);
    if (!rc && !wb)
        rc = ps_err_set(err, PS_EIO, "%s: cannot create the workbook", path);
    if (wb) {
        /* A fixed creation date, so that the same rows give the same file. */
        lxw_doc_properties props = {0};
        props.title = "policysim county data template";
        props.created = 1609459200; /* 2021-01-01T00:00:00Z */
        workbook_set_properties(wb, &props);
        lxw_format *bold = workbook_add_format(wb);
        format_set_bold(bold);
        lxw_format *wrap = workbook_add_format(wb);
        format_set_text_wrap(wrap);
        const char *src[2] = {actuals, records};
        readme_sheet(wb, bold, wrap, src, notes, nnotes, 2);
        const char *ah[] = {"year", "indicator", "value", "unit", "source"};
        lxw_worksheet *ac = data_sheet(wb, "actuals", ah, bold, 1, 32);
        for (int i = 0; i < nact; i++) {
            lxw_row_t row = (lxw_row_t)(i + 1);
            worksheet_write_number(ac, row, 0, act[i].year, NULL);
            worksheet_write_string(ac, row, 1, act[i].indicator, NULL);
            worksheet_write_number(ac, row, 2, act[i].value, NULL);
            worksheet_write_string(ac, row, 3, act[i].unit, NULL);
            worksheet_write_string(ac, row, 4, act[i].source, NULL);
        }
        const char *rh[] = {"record", "year", "value", "unit", "source"};
        lxw_worksheet *re = data_sheet(wb, "records", rh, bold, 0, 28);
        if (records)
            rc = records_rows(re, records, err);
        else {
            int row = 1;
            for (const ps_record_def *r = ps_record_defs(); r->name; r++, row++) {
                worksheet_write_string(re, (lxw_row_t)row, 0, r->name, NULL);
                worksheet_write_number(re, (lxw_row_t)row, 1, base_year, NULL);
                worksheet_write_string(re, (lxw_row_t)row, 3, r->unit, NULL);
            }
        }
        lxw_error e = workbook_close(wb);
        if (!rc && e != LXW_NO_ERROR)
            rc = ps_err_set(err, PS_EIO, "%s: %s", path, lxw_strerror(e));
    }
    if (!rc && actuals)
        rc = same_actuals(tmp, actuals, act, nact, err);
    if (!rc && rename(tmp, path))
        rc = ps_err_set(err, PS_EIO, "%s: %s", path, strerror(errno));
    if (rc && wb)
        remove(tmp);
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < nnotes[k]; i++)
            free(notes[k][i]);
        free(notes[k]);
    }
    ps_actuals_free(act, nact);
    return rc;
}

int ps_template_write_xlsx(const char *path, int base_year, ps_err *err)
{
    return ps_template_write_xlsx_from(path, base_year, NULL, NULL, err);
}

int ps_template_write_csv(const char *actuals_path, const char *records_path, int base_year,
                          ps_err *err)
{
    FILE *f = fopen(actuals_path, "w");
    if (!f)
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", actuals_path, strerror(errno));
    fputs("# Past figures (actuals) for backtest.csv: one row per year and indicator, with its "
          "source.\n# indicator: a result column module.column (demography.population, "
          "pension_employee.insured, childcare.supply, ...). See template.xlsx, sheet README.\n"
          "year,indicator,value,unit,source\n",
          f);
    if (fclose(f))
        return ps_err_set(err, PS_EIO, "%s: cannot write", actuals_path);
    if (!(f = fopen(records_path, "w")))
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", records_path, strerror(errno));
    fputs("# The county's own base-year stocks, replacing the scenario's assumptions.\n# Fill "
          "value and source; rows with an empty value are not read. record: a name below or any "
          "numeric scenario key.\n",
          f);
    for (const ps_record_def *r = ps_record_defs(); r->name; r++)
        fprintf(f, "# %s: %s (%s) -> %s\n", r->name, r->en, r->unit, r->key);
    fputs("record,year,value,unit,source\n", f);
    for (const ps_record_def *r = ps_record_defs(); r->name; r++)
        fprintf(f, "%s,%d,,%s,\n", r->name, base_year, r->unit);
    if (fclose(f))
        return ps_err_set(err, PS_EIO, "%s: cannot write", records_path);
    return PS_OK;
}

/* ---------------------------------------------------------------- init */

/* Default schedules copied into DIR/data, with their source lines. */
static const char *const COPIES[][2] = {
    {"feidong/mortality_2020.csv", "mortality.csv"},
    {"feidong/mortality_improvement.csv", "mortality_improvement.csv"},
    {"feidong/asfr.csv", "asfr.csv"},
    {"feidong/migration_distribution.csv", "migration_distribution.csv"},
    {"pension/employment.csv", "employment.csv"},
    {"pension/coverage.csv", "coverage.csv"},
    {"pension/divisor.csv", "divisor.csv"},
    {"pension/resident_grades.csv", "resident_grades.csv"},
    {"services/eldercare_disability.csv", "eldercare_disability.csv"},
    {"services/eldercare_care_levels.csv", "eldercare_care_levels.csv"},
    {"services/assistance_groups.csv", "assistance_groups.csv"},
    {"medical/cost_employee.csv", "cost_employee.csv"},
    {"medical/cost_resident.csv", "cost_resident.csv"},
    {NULL, NULL}};

static int copy_file(const char *from, const char *to, ps_err *err)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return ps_err_set(err, PS_EINPUT, "%s: cannot open the project's default data: %s", from,
                          strerror(errno));
    FILE *out = fopen(to, "wb");
    if (!out) {
        fclose(in);
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", to, strerror(errno));
    }
    char b[65536];
    size_t n;
    while ((n = fread(b, 1, sizeof b, in)) > 0)
        if (fwrite(b, 1, n, out) != n)
            break;
    int bad = ferror(in) || ferror(out);
    fclose(in);
    if (fclose(out) || bad)
        return ps_err_set(err, PS_EIO, "%s: cannot copy to %s", from, to);
    return PS_OK;
}

/* The scenario keys init sets itself (Lua text) with why. */
typedef struct {
    const char *key;
    const char *lua;   /* value; "%TOTAL%"-style markers are filled in below */
    const char *why;
} init_value;

#define WPP_TFR                                                                                \
    "{ [2020] = 1.235682, [2021] = 1.11744, [2022] = 1.034399, [2023] = 0.999488,\n"           \
    "      [2024] = 1.012982, [2025] = 1.020907, [2030] = 1.06119, [2035] = 1.09691,\n"        \
    "      [2040] = 1.130892, [2045] = 1.158355, [2050] = 1.18416 }"
#define WPP_SRB                                                                                \
    "{ [2020] = 1.112, [2025] = 1.098, [2030] = 1.076, [2035] = 1.067, [2040] = 1.063,\n"      \
    "      [2045] = 1.062, [2050] = 1.061 }"

static const init_value VALUES[] = {
    {"population.base", "\"data/population.csv\"",
     "the census table graduated to single years by `policysim init` (see the file's header)"},
    {"population.mortality", "\"data/mortality.csv\"",
     "UN WPP 2024 China mx 2020-2025, single years (data/SOURCES.md 3.1); ASSUMPTION that the "
     "county's mortality is China's"},
    {"population.mortality_improvement_by_age", "\"data/mortality_improvement.csv\"",
     "UN WPP 2024 China, decline of q 2020-25 -> 2045-50 by sex and age"},
    {"population.fertility", "\"data/asfr.csv\"",
     "UN WPP 2024 China 2020 age pattern (shape only)"},
    {"population.tfr", WPP_TFR,
     "UN WPP 2024 China TFR (estimates to 2023, medium variant after). ASSUMPTION that the "
     "county follows China: multiply by the county's ratio of children 0-4 per woman to "
     "China's (Feidong: x1.065; range x0.9..x1.2)"},
    {"population.srb", WPP_SRB, "UN WPP 2024 China sex ratio at birth"},
    {"population.net_migration",
     "{\n      total = 0,\n      distribution = \"data/migration_distribution.csv\",\n    }",
     "ASSUMPTION: no net migration (closed population) until the county's figure is known: "
     "calibrate total to a later resident count (actuals) with `policysim calibrate`; the "
     "distribution is the Rogers-Castro standard profile (ASSUMPTION)"},
    {"childcare.supply_base", "%SLOTS%",
     "ASSUMPTION: China's 2020 level, 1.8 slots per 1,000 residents x the census total; "
     "replace with the county's record (records: childcare_slots)"},
    {"childcare.standard_per_1000", "{ [2020] = 1.8, [2025] = 4.5 }",
     "14th FYP national target 4.5 per 1,000 by 2025 from 1.8 in 2020 (rules file, childcare)"},
    {"eldercare.disability", "\"data/eldercare_disability.csv\"",
     "Chen et al. 2023 meta-analysis, national ADL disability by age"},
    {"eldercare.care_levels", "\"data/eldercare_care_levels.csv\"",
     "ASSUMPTION: care-level shares and bed rates (see the file)"},
    {"eldercare.beds_supply", "%BEDS%",
     "ASSUMPTION: about 30 beds per 1,000 people aged 60+ at the census; replace with the "
     "county's record (records: eldercare_beds)"},
    {"assistance.groups", "\"data/assistance_groups.csv\"",
     "national 2024 dibao recipients over the 2020 census urban/rural population"},
    {"assistance.urban_share", "0.6798",
     "ASSUMPTION: Feidong's 2020 census urban share; set the county's (census profile)"},
    {"pension_employee.employment", "\"data/employment.csv\"",
     "ASSUMPTION: stylised employment profile"},
    {"pension_employee.coverage", "\"data/coverage.csv\"", "ASSUMPTION: coverage shape"},
    {"pension_employee.divisor", "\"data/divisor.csv\"", "计发月数, 国发〔2005〕38号"},
    {"pension_employee.coverage_scale", "0.7235381919890642",
     "ASSUMPTION: Feidong's calibration to its plan's 81,000 insured in 2025; recalibrate: "
     "policysim calibrate scenario.lua --param pension_employee.coverage_scale --indicator "
     "pension_employee.insured --year Y --target N --range 0:2"},
    {"pension_employee.retirement_age", "require(\"policysim.retirement\").reform_2025",
     "the 2025 retirement reform (NPC decision of 2024-09-13)"},
    {"pension_employee.min_contribution_years",
     "require(\"policysim.retirement\").min_contribution_years",
     "the 2025 reform's minimum contribution years"},
    {"pension_resident.grades", "\"data/resident_grades.csv\"",
     "国发〔2014〕8号 national grades; ASSUMPTION: shares per grade"},
    {"pension_resident.participation", "0.6877314317971468",
     "ASSUMPTION: Feidong's calibration (plan: 520,000 insured in 2025); recalibrate to the "
     "county's insured"},
    {"medical_employee.cost_curve", "\"data/cost_employee.csv\"",
     "ASSUMPTION (shape) at NHSA 2024 national spending per insured"},
    {"medical_employee.cost_scale", "0.6440916191786528",
     "ASSUMPTION: Feidong's calibration to the national 2024 income/expenditure ratio"},
    {"medical_resident.cost_curve", "\"data/cost_resident.csv\"",
     "ASSUMPTION (shape) at NHSA 2024 national spending per participant"},
    {"medical_resident.cost_scale", "0.8988087242469192",
     "ASSUMPTION: Feidong's calibration to the national 2024 income/expenditure ratio"},
    {"unemployment.coverage", "0.11160102533176541",
     "ASSUMPTION: Feidong's calibration (plan: 62,000 insured in 2025)"},
    {"work_injury.coverage", "0.13320122379809618",
     "ASSUMPTION: Feidong's calibration (plan: 74,000 insured in 2025)"},
    {NULL, NULL, NULL}};

static const init_value *init_value_of(const char *key)
{
    for (const init_value *v = VALUES; v->key; v++)
        if (strcmp(v->key, key) == 0)
            return v;
    return NULL;
}

/* Writes one comment, wrapped at about 90 columns, indented. */
static void comment(FILE *f, const char *indent, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t len = strlen(p), cut = len;
        if (len > 86) {
            cut = 86;
            while (cut > 40 && p[cut] != ' ')
                cut--;
        }
        fprintf(f, "%s-- %.*s\n", indent, (int)cut, p);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

static void lua_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The section (first dotted part) of a key. */
static void section_of(const char *key, char *out, size_t n)
{
    const char *dot = strchr(key, '.');
    snprintf(out, n, "%.*s", dot ? (int)(dot - key) : (int)strlen(key), key);
}

static const ps_param_def *find_def(const char *key)
{
    for (const ps_param_def *d = ps_scenario_core_schema(); d->key; d++)
        if (strcmp(d->key, key) == 0)
            return d;
    for (int m = 0; ps_modules[m]; m++)
        for (const ps_param_def *d = ps_modules[m]->params; d && d->key; d++)
            if (strcmp(d->key, key) == 0)
                return d;
    return NULL;
}

/* One section of the scenario: the keys init sets, then every other key of
 * the section with its default and source as a comment. */
static void write_section(FILE *f, const char *sec, const ps_param_def *const *defs, int nd,
                          double slots, double beds, int base_year, const char *base_date)
{
    const ps_param_def *head = find_def(sec);
    size_t sl = strlen(sec);
    /* A section with a required key init cannot fill (a file only the
     * county has) is written as a comment: the module stays off. */
    const char *needs = NULL;
    for (int i = 0; i < nd && !needs; i++)
        if (strncmp(defs[i]->key, sec, sl) == 0 && defs[i]->key[sl] == '.' && defs[i]->required &&
            !init_value_of(defs[i]->key))
            needs = defs[i]->key;
    fprintf(f, "\n");
    if (head && head->doc)
        comment(f, "  ", head->doc);
    if (needs) {
        char why[512];
        snprintf(why, sizeof why, "OFF: this module needs '%s', which only the county has (%s)",
                 needs, find_def(needs)->doc ? find_def(needs)->doc : "");
        comment(f, "  ", why);
        fprintf(f, "  -- %s = { %s = \"...\", },\n", sec, needs + sl + 1);
        return;
    }
    fprintf(f, "  %s = {\n", sec);
    for (int i = 0; i < nd; i++) {
        const ps_param_def *d = defs[i];
        if (strncmp(d->key, sec, sl) || d->key[sl] != '.')
            continue;
        const char *sub = d->key + sl + 1;
        const init_value *v = init_value_of(d->key);
        if (strchr(sub, '.') && !v)
            continue; /* deeper keys are set with their parent */
        if (strcmp(d->type, "section") == 0 && !v)
            continue;
        if (v) {
            char num[64];
            const char *lua = v->lua;
            if (strcmp(lua, "%SLOTS%") == 0)
                lua = ps_fmt(num, slots);
            else if (strcmp(lua, "%BEDS%") == 0) {
                snprintf(num, sizeof num, "{ [%d] = %.0f }", base_year, beds);
                lua = num;
            }
            comment(f, "    ", v->why);
            fprintf(f, "    %s = %s,\n", sub, lua);
        } else if (strcmp(d->key, "population.base_date") == 0 && base_date) {
            comment(f, "    ", "the census date: the base population is carried to the next "
                               "1 January (docs/MODEL.md)");
            fprintf(f, "    base_date = ");
            lua_string(f, base_date);
            fprintf(f, ",\n");
        } else if (d->deflt && strcmp(d->type, "function") && strcmp(d->type, "table")) {
            char line[1024];
            snprintf(line, sizeof line, "%s = %s%s%s%s%s", sub,
                     strcmp(d->type, "string") == 0 ? "\"" : "", d->deflt,
                     strcmp(d->type, "string") == 0 ? "\"" : "", d->unit ? "  -- " : "",
                     d->unit ? d->unit : "");
            fprintf(f, "    -- %s\n", line);
            if (d->source) {
                char src[1024];
                snprintf(src, sizeof src, "default: %s", d->source);
                comment(f, "    ", src);
            }
        }
    }
    fprintf(f, "  },\n");
}

static int write_scenario(const char *path, const ps_init_spec *sp, const char *name,
                          int base_year, double slots, double beds, int has_base_date,
                          ps_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
    fprintf(f, "-- %s: a county project made by `policysim init` from %s.\n", name, sp->census);
    fputs("--\n-- Every value has its source in the comment above it; ASSUMPTION marks what is\n"
          "-- not the county's own figure, with a range worth trying.  Keys left as comments\n"
          "-- keep the engine's default shown (with its source).  Replace the assumptions\n"
          "-- first with the county's records (records.csv or template.xlsx: README.md says\n"
          "-- which), then check the projection against past figures (actuals.csv).\n\n",
          f);
    fputs("return {\n  name = ", f);
    lua_string(f, name);
    fprintf(f, ",\n  description = ");
    char desc[600];
    snprintf(desc, sizeof desc, "%s from its census (%s); default schedules of China (UN WPP 2024) "
                                "and the project's data.",
             name, sp->base_date ? sp->base_date : "2020-11-01");
    lua_string(f, desc);
    fprintf(f, ",\n  base_year = %d,\n  end_year = %d,\n", base_year, base_year + 30);
    fputs("  -- the county's past figures (backtest.csv) and own records (docs/county.md)\n"
          "  actuals = \"actuals.csv\",\n  records = \"records.csv\",\n",
          f);
    /* Every key, the core's then the modules', grouped by section. */
    const ps_param_def *defs[1024];
    int nd = 0;
    for (const ps_param_def *d = ps_scenario_core_schema(); d->key && nd < 1024; d++)
        defs[nd++] = d;
    for (int m = 0; ps_modules[m]; m++)
        for (const ps_param_def *d = ps_modules[m]->params; d && d->key && nd < 1024; d++)
            defs[nd++] = d;
    char done[64][64];
    int ndone = 0;
    for (int i = 0; i < nd; i++) {
        char sec[64];
        if (!strchr(defs[i]->key, '.'))
            continue;
        section_of(defs[i]->key, sec, sizeof sec);
        int seen = 0;
        for (int k = 0; k < ndone && !seen; k++)
            seen = strcmp(done[k], sec) == 0;
        if (seen || ndone == 64 || strcmp(sec, "hooks") == 0 || strcmp(sec, "indicators") == 0)
            continue;
        snprintf(done[ndone++], sizeof done[0], "%s", sec);
        write_section(f, sec, defs, nd, slots, beds, base_year,
                      has_base_date ? sp->base_date : NULL);
    }
    fputs("}\n", f);
    if (fclose(f))
        return ps_err_set(err, PS_EIO, "%s: cannot write", path);
    return PS_OK;
}

static int write_readme(const char *path, const char *name, const ps_init_spec *sp,
                        const ps_init_result *res, int has_base_date, ps_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
    fprintf(f, "# %s: a policysim county project\n\n", name);
    fprintf(f, "Made by `policysim init` from `%s`%s%s%s: %d age groups, %.0f males and %.0f "
               "females (%.0f residents).\n\n",
            sp->census, sp->area ? " (area " : "", sp->area ? sp->area : "", sp->area ? ")" : "",
            res->ngroups, res->total[0], res->total[1], res->total[0] + res->total[1]);
    fputs("Run it at once:\n\n    policysim run scenario.lua\n\n", f);
    fputs("## What to replace first\n\n"
          "1. **Net migration** (`population.net_migration.total`, now 0, an ASSUMPTION): put a "
          "later resident count in `actuals.csv` (`demography.population`, the stock on 1 "
          "January) and calibrate the total with `policysim calibrate`.\n"
          "2. **Fertility level** (`population.tfr`, China's path): multiply by the county's "
          "ratio of children 0-4 per woman to China's at the census.\n"
          "3. **Records** (`records.csv` or the sheet `records` of `template.xlsx`): childcare "
          "slots, elderly-care beds, dibao standards, pension retirees and fund balances; each "
          "replaces an assumption and `policysim params scenario.lua` shows it with your source.\n"
          "4. **Coverage of the insurance schemes** (`coverage_scale`, `participation`, "
          "`coverage`): these are Feidong's calibrations; recalibrate to the county's insured "
          "counts with `policysim calibrate`.\n"
          "5. **Urban share** (`assistance.urban_share`): the county's census figure.\n\n",
          f);
    fputs("## Files\n\n"
          "- `scenario.lua`: every module's section; ASSUMPTION marks what is not the county's "
          "own figure; keys left as comments keep the default shown.\n"
          "- `data/population.csv`: the census graduated to single years 0..100 (its header says "
          "how); group sums equal the census.\n"
          "- `data/*.csv`: default schedules copied from the project's data (China, UN WPP 2024, "
          "national rules), each with its source in its first lines.\n"
          "- `actuals.csv`, `records.csv`: empty data templates (CSV); `template.xlsx` is the "
          "same as a workbook with a README sheet in Chinese and English.  Name either form in "
          "the scenario (`actuals = ...`, `records = ...`).\n",
          f);
    if (!has_base_date)
        fprintf(f, "\nThe census date is %s; this engine version takes the base population as "
                   "the stock on 1 January %d.\n",
                sp->base_date ? sp->base_date : "2020-11-01", res->base_year);
    if (fclose(f))
        return ps_err_set(err, PS_EIO, "%s: cannot write", path);
    return PS_OK;
}

static int write_population(const char *path, const ps_init_spec *sp, const ps_init_result *res,
                            const double p[PS_NSEX][PS_NAGE], ps_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
    fprintf(f, "# Source: census table %s%s%s, %d age groups; %.17g males, %.17g females.\n",
            sp->census, sp->area ? ", area " : "", sp->area ? sp->area : "", res->ngroups,
            res->total[0], res->total[1]);
    if (sp->shape)
        fprintf(f, "# Method: policysim init, within each group the single-year shape of %s "
                   "(famine-aware); open group by stationary L_x of data/mortality.csv; group "
                   "sums exact.\n",
                sp->shape);
    else
        fprintf(f, "# Method: policysim init, Sprague multipliers (five-year blocks, %s), open "
                   "group by stationary L_x of data/mortality.csv; group sums exact.\n",
                res->fallbacks < 0 ? "cumulative-PCHIP split for groups that are not five-year "
                                     "blocks"
                                   : "monotone cumulative-PCHIP where Sprague is negative");
    fputs("sex,age,population\n", f);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            fprintf(f, "%s,%d,%.17g\n", ps_sex_name(x), a, p[x][a]);
    if (fclose(f))
        return ps_err_set(err, PS_EIO, "%s: cannot write", path);
    return PS_OK;
}

static int parse_date(const char *s, int *year)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900 || y > 2200 ||
        m < 1 || m > 12 || d < 1 || d > 31 || strlen(s) != 10)
        return -1;
    *year = y;
    return 0;
}

int ps_init_county(const ps_init_spec *sp, ps_init_result *res, ps_err *err)
{
    memset(res, 0, sizeof *res);
    struct stat st;
    if (stat(sp->dir, &st) == 0)
        return ps_err_set(err, PS_EUSAGE,
                          "%s already exists: init makes a new folder (choose another name)",
                          sp->dir);
    const char *date = sp->base_date ? sp->base_date : "2020-11-01";
    ps_init_spec spd = *sp; /* with the effective date */
    spd.base_date = date;
    sp = &spd;
    if (parse_date(date, &res->base_year))
        return ps_err_set(err, PS_EUSAGE, "--base-date: '%s' is not a date YYYY-MM-DD", date);
    /* The scenario's name: --name or the folder's name. */
    const char *base = strrchr(sp->dir, '/');
    char dirname[256];
    snprintf(dirname, sizeof dirname, "%s", base && base[1] ? base + 1 : sp->dir);
    size_t dl = strlen(dirname);
    while (dl > 1 && dirname[dl - 1] == '/')
        dirname[--dl] = '\0';
    snprintf(res->name, sizeof res->name, "%s", sp->name ? sp->name : dirname);
    for (const char *p = res->name; *p; p++)
        if (*p == '/' || *p == '\\' || *p == '"' || (unsigned char)*p < 0x20 ||
            (p == res->name && *p == '.'))
            return ps_err_set(err, PS_EUSAGE,
                              "--name: '%s' must not contain '/', '\\', quotes or control "
                              "characters, nor start with '.'",
                              res->name);
    /* Read and graduate. */
    ps_age_group *g = NULL;
    int n = 0;
    if (ps_census_read(sp->census, sp->area, &g, &n, err))
        return err->code;
    char mpath[4200];
    double mx[PS_NSEX][PS_NAGE], pop[PS_NSEX][PS_NAGE], parent[PS_NSEX][PS_NAGE];
    snprintf(mpath, sizeof mpath, "%s/feidong/mortality_2020.csv", sp->data_dir);
    if (ps_read_sex_age_table(mpath, "mx", 0, 2, 1, mx, err)) {
        free(g);
        return ps_err_prefix(err, "the project's default mortality: ");
    }
    if (sp->shape) {
        ps_pop pp;
        if (ps_read_base_population(sp->shape, &pp, err)) {
            free(g);
            return err->code;
        }
        memcpy(parent, pp.p, sizeof parent);
    }
    int rc = ps_graduate(g, n, sp->shape ? PS_GRAD_SHAPE : PS_GRAD_SPRAGUE, mx,
                         sp->shape ? parent : NULL, pop, &res->fallbacks, err);
    res->ngroups = n;
    for (int i = 0; i < n; i++)
        for (int x = 0; x < PS_NSEX; x++)
            res->total[x] += g[i].count[x];
    free(g);
    if (rc)
        return rc;
    double total = res->total[0] + res->total[1], old = 0;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 60; a < PS_NAGE; a++)
            old += pop[x][a];
    int has_base_date = find_def("population.base_date") != NULL;

    /* Everything into a temporary folder, moved into place at the end. */
    char tmp[4300], path[4500];
    if ((rc = ps_outdir_begin(sp->dir, tmp, sizeof tmp, err)))
        return rc;
    snprintf(path, sizeof path, "%s/data", tmp);
    if (mkdir(path, 0777)) {
        rc = ps_err_set(err, PS_EIO, "%s: cannot create: %s", path, strerror(errno));
        goto fail;
    }
    for (int i = 0; COPIES[i][0]; i++) {
        char from[4300];
        snprintf(from, sizeof from, "%s/%s", sp->data_dir, COPIES[i][0]);
        snprintf(path, sizeof path, "%s/data/%s", tmp, COPIES[i][1]);
        if ((rc = copy_file(from, path, err)))
            goto fail;
    }
    snprintf(path, sizeof path, "%s/data/population.csv", tmp);
    if ((rc = write_population(path, sp, res, pop, err)))
        goto fail;
    snprintf(path, sizeof path, "%s/scenario.lua", tmp);
    if ((rc = write_scenario(path, sp, res->name, res->base_year, 1.8 * total / 1000.0,
                             round(0.030 * old), has_base_date, err)))
        goto fail;
    snprintf(path, sizeof path, "%s/README.md", tmp);
    if ((rc = write_readme(path, res->name, sp, res, has_base_date, err)))
        goto fail;
    char rpath[4500];
    snprintf(path, sizeof path, "%s/actuals.csv", tmp);
    snprintf(rpath, sizeof rpath, "%s/records.csv", tmp);
    if ((rc = ps_template_write_csv(path, rpath, res->base_year, err)))
        goto fail;
    snprintf(path, sizeof path, "%s/template.xlsx", tmp);
    if ((rc = ps_template_write_xlsx(path, res->base_year, err)))
        goto fail;
    if ((rc = ps_outdir_commit(tmp, sp->dir, err)))
        return rc;
    return PS_OK;
fail:
    ps_outdir_abort(tmp);
    return rc;
}
