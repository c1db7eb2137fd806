/* test_xlsx.c: the .xlsx reader (engine/xlsx.c), the census reader and the
 * template (engine/county.c), records and actuals tables (engine/records.c).
 * Workbooks are written with libxlsxwriter, an independent writer.
 * Run from the repository root (make test-unit does).  GPL-3.0-or-later. */
#include "testutil.h"

#include <xlsxwriter.h>

#include "county.h"
#include "records.h"
#include "xlsx.h"

static char *temp_xlsx(void)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/ps_xlsx_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    strcat(path, ".xlsx");
    return path;
}

/* A workbook with a 'census' sheet: a comment row, a blank row, the
 * header, numbers and text, a row far below. */
static char *census_book(int bad)
{
    char *path = temp_xlsx();
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    lxw_worksheet *other = workbook_add_worksheet(wb, "notes");
    worksheet_write_string(other, 0, 0, "nothing here", NULL);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "census");
    worksheet_write_string(ws, 0, 0, "# Census 2020, test county", NULL);
    worksheet_write_string(ws, 2, 0, "age", NULL);
    worksheet_write_string(ws, 2, 1, "male", NULL);
    worksheet_write_string(ws, 2, 2, "female", NULL);
    int row = 3;
    worksheet_write_string(ws, (lxw_row_t)row, 0, "0", NULL);
    worksheet_write_number(ws, (lxw_row_t)row, 1, 120, NULL);
    worksheet_write_number(ws, (lxw_row_t)row++, 2, 110.5, NULL);
    worksheet_write_string(ws, (lxw_row_t)row, 0, "1-4", NULL);
    worksheet_write_number(ws, (lxw_row_t)row, 1, 500, NULL);
    worksheet_write_number(ws, (lxw_row_t)row++, 2, 470, NULL);
    for (int a = 5; a < 85; a += 5) {
        char lab[16];
        snprintf(lab, sizeof lab, "%d-%d", a, a + 4);
        worksheet_write_string(ws, (lxw_row_t)row, 0, lab, NULL);
        if (bad && a == 40)
            worksheet_write_string(ws, (lxw_row_t)row, 1, "n/a", NULL);
        else
            worksheet_write_number(ws, (lxw_row_t)row, 1, 700 - a, NULL);
        worksheet_write_number(ws, (lxw_row_t)row++, 2, 690 - a, NULL);
    }
    row += 3; /* blank rows in between */
    worksheet_write_string(ws, (lxw_row_t)row, 0, "85+", NULL);
    worksheet_write_number(ws, (lxw_row_t)row, 1, 30, NULL);
    worksheet_write_number(ws, (lxw_row_t)row, 2, 12345.678901, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    return path;
}

static void reads_sheets_and_rows(void **state)
{
    (void)state;
    char *path = census_book(0);
    ps_err err;
    ps_xlsx *x = ps_xlsx_open(path, &err);
    assert_non_null(x);
    assert_int_equal(ps_xlsx_nsheets(x), 2);
    assert_string_equal(ps_xlsx_sheet_name(x, 1), "census");
    assert_int_equal(ps_xlsx_sheet_index(x, "CENSUS"), 1);
    assert_int_equal(ps_xlsx_sheet_index(x, "none"), -1);
    ps_csv *t = ps_xlsx_sheet_table(x, 1, &err);
    assert_non_null(t);
    assert_int_equal(ps_csv_ncols(t), 3);
    assert_int_equal(ps_csv_nrows(t), 19);
    /* Line numbers are the sheet's row numbers (1-based): the header is
     * on row 3, "0" on row 4, 85+ on row 4 + 18 + 3. */
    assert_int_equal(ps_csv_line(t, 0), 4);
    assert_string_equal(ps_csv_field(t, 0, 0), "0");
    assert_string_equal(ps_csv_field(t, 0, 2), "110.5");
    assert_int_equal(ps_csv_line(t, 18), 25);
    double v;
    assert_int_equal(ps_csv_number(t, 18, 2, &v, &err), 0);
    assert_true(v == 12345.678901);
    ps_csv_free(t);
    ps_xlsx_free(x);

    ps_age_group *g;
    int n;
    assert_int_equal(ps_census_read(path, NULL, &g, &n, &err), 0);
    assert_int_equal(n, 19);
    assert_true(g[0].lo == 0 && g[0].hi == 0 && g[1].lo == 1 && g[1].hi == 4);
    assert_true(g[18].lo == 85 && g[18].hi == -1 && g[18].line == 25);
    free(g);
    unlink(path);
    free(path);
}

/* Text in a number cell: the message names the workbook, sheet, row and
 * column letter. */
static void census_error_names_cell(void **state)
{
    (void)state;
    char *path = census_book(1);
    ps_age_group *g;
    int n;
    ps_err err;
    assert_int_equal(ps_census_read(path, NULL, &g, &n, &err), PS_EINPUT);
    /* 40-44 is the 10th group: row 4 + 9 = 13. */
    assert_err(&err, PS_EINPUT, path, "sheet 'census'", "row 13", "column B ('male')",
               "'n/a' is not a number");
    unlink(path);
    free(path);
}

/* The template workbook the engine writes reads back: README, actuals and
 * records sheets, one records row per known record with the base year. */
static void template_round_trip(void **state)
{
    (void)state;
    char *path = temp_xlsx();
    ps_err err;
    assert_int_equal(ps_template_write_xlsx(path, 2020, &err), 0);
    ps_xlsx *x = ps_xlsx_open(path, &err);
    assert_non_null(x);
    assert_int_equal(ps_xlsx_nsheets(x), 3);
    assert_string_equal(ps_xlsx_sheet_name(x, 0), "README");
    ps_csv *r = ps_xlsx_sheet_table(x, ps_xlsx_sheet_index(x, "records"), &err);
    assert_non_null(r);
    int nrec = 0;
    while (ps_record_defs()[nrec].name)
        nrec++;
    assert_int_equal(ps_csv_nrows(r), nrec);
    assert_string_equal(ps_csv_field(r, 0, 0), ps_record_defs()[0].name);
    assert_string_equal(ps_csv_field(r, 0, 1), "2020");
    assert_string_equal(ps_csv_field(r, 0, 2), "");
    ps_csv_free(r);
    ps_csv *a = ps_xlsx_sheet_table(x, ps_xlsx_sheet_index(x, "actuals"), &err);
    assert_non_null(a);
    assert_int_equal(ps_csv_nrows(a), 0);
    assert_string_equal(ps_csv_header(a, 4), "source");
    ps_csv_free(a);
    ps_xlsx_free(x);
    /* Empty actuals read as no rows. */
    ps_actual *rows;
    int n = -1;
    assert_int_equal(ps_actuals_read(path, &rows, &n, &err), 0);
    assert_int_equal(n, 0);
    ps_actuals_free(rows, n);
    unlink(path);
    free(path);
}

/* Actuals: a duplicate year and indicator is refused naming both rows. */
static void actuals_duplicate(void **state)
{
    (void)state;
    char *path = temp_xlsx();
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "actuals");
    const char *h[] = {"year", "indicator", "value", "unit", "source"};
    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], NULL);
    for (int r = 1; r <= 3; r++) {
        worksheet_write_number(ws, (lxw_row_t)r, 0, r == 3 ? 2021 : 2020 + r, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 1, "demography.births", NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 2, 7000 + r, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 3, "persons", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 4, "bulletin", NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    ps_actual *rows;
    int n;
    ps_err err;
    assert_int_equal(ps_actuals_read(path, &rows, &n, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "sheet 'actuals'", "row 4", "column A ('year')",
               "demography.births for 2021 appears twice", "first at row 2");
    unlink(path);
    free(path);
}

static void nearest_names(void **state)
{
    (void)state;
    const char *names[] = {"demography.population", "demography.births",
                           "pension_employee.insured", "childcare.supply"};
    assert_string_equal(ps_nearest_name("demography.populaton", names, 4),
                        "demography.population");
    assert_string_equal(ps_nearest_name("insured", names, 4), "pension_employee.insured");
    assert_string_equal(ps_nearest_name("childcare.suply", names, 4), "childcare.supply");
    assert_null(ps_nearest_name("x", names, 0));
}

/* Not a workbook, a damaged one, and random damage to a good one: errors,
 * never a crash (the fuzz entry point). */
static void damaged_inputs(void **state)
{
    (void)state;
    ps_err err;
    assert_null(ps_xlsx_open_mem("x.xlsx", "hello", 5, &err));
    assert_err(&err, PS_EINPUT, "x.xlsx", "not an .xlsx workbook");
    assert_true(ps_xlsx_fuzz_one("", 0) != 0);
    char *path = census_book(0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static unsigned char buf[1 << 16], m[1 << 16];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(len > 1000 && len < sizeof buf);
    assert_int_equal(ps_xlsx_fuzz_one(buf, len), 0);
    assert_int_equal(ps_xlsx_fuzz_one(buf, len / 2), PS_EINPUT); /* truncated */
    unsigned s = 12345;
    int failures = 0;
    for (int k = 0; k < 300; k++) {
        memcpy(m, buf, len);
        for (int j = 0; j < 1 + k % 8; j++) {
            s = s * 1103515245u + 12345u;
            m[(s >> 8) % len] ^= (unsigned char)(1u << (s % 8));
        }
        failures += ps_xlsx_fuzz_one(m, len) != 0;
    }
    assert_true(failures > 0); /* the damage was noticed at least sometimes */
    unlink(path);
    free(path);
}

/* The Hefei 2020 census in the raw multi-area table, and the choice of area. */
static void census_raw_table(void **state)
{
    (void)state;
    const char *raw = "data/raw/census2020_age_sex_feidong_hefei_anhui_china.csv";
    ps_age_group *g;
    int n;
    ps_err err;
    assert_int_equal(ps_census_read(raw, NULL, &g, &n, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "several areas", "340100", "--area");
    assert_int_equal(ps_census_read(raw, "340100", &g, &n, &err), 0);
    assert_int_equal(n, 19);
    free(g);
    assert_int_equal(ps_census_read(raw, "999999", &g, &n, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "no rows for area '999999'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_sheets_and_rows),
        cmocka_unit_test(census_error_names_cell),
        cmocka_unit_test(template_round_trip),
        cmocka_unit_test(actuals_duplicate),
        cmocka_unit_test(nearest_names),
        cmocka_unit_test(damaged_inputs),
        cmocka_unit_test(census_raw_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
