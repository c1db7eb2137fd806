/* test_fund_tables.c: the employee pension and the two medical funds keep
 * their results in the one results table (table.h) and their CSVs come out
 * of the generic writer (issue 11).
 *
 * For each of pension_employee, medical_employee and medical_resident, on
 * the Feidong baseline:
 *   - the module gives its table through `tables` and has no write,
 *     indicator or column callback of its own (the run writes the CSV and
 *     answers state.get and stochastic series from the table);
 *   - the table is a ps_table of the module's declared definition (the one
 *     `declares` lists), one row a year over the run's years;
 *   - the CSV written by ps_run_write has the header year + the declared
 *     keys, one line a year, and every number equals the table's cell bit
 *     for bit (ps_put writes the shortest round-trip form);
 *   - columns.csv has one row per column of the file with the declared
 *     labels and unit;
 *   - ps_run_indicator and ps_run_column answer from the table, and so
 *     does ps_pension_employee_wages, which the other funds read.
 * And the fund identity on the files written (fundcheck.h) holds for the
 * three funds and fails when one flow of one year is written wrong.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include "csv.h"
#include "fundcheck.h"
#include "medical.h"
#include "module.h"
#include "pension_employee.h"
#include "run.h"
#include "scenario.h"
#include "table.h"

#define BASELINE "scenarios/feidong_baseline.lua"

static const ps_module *module_at(int k)
{
    static const ps_module *const m[3] = {&ps_pension_employee_module,
                                          &ps_medical_employee_module,
                                          &ps_medical_resident_module};
    return m[k];
}

/* The declarations alone: tables, no callbacks of their own. */
static void test_modules_declare_tables(void **state)
{
    (void)state;
    for (int k = 0; k < 3; k++) {
        const ps_module *mod = module_at(k);
        assert_non_null(mod->tables);
        assert_null(mod->write);
        assert_null(mod->indicator);
        assert_null(mod->column);
        assert_non_null(mod->declares);
        assert_non_null(mod->declares[0]);
        assert_null(mod->declares[1]);
        char want[64];
        snprintf(want, sizeof want, "%s.csv", mod->name);
        assert_string_equal(mod->declares[0]->file, want);
        assert_null(mod->declares[0]->groups);
    }
}

/* Reads file `name` of dir as CSV (fails the test if it cannot). */
static ps_csv *read_csv(const char *dir, const char *name)
{
    char path[4200];
    ps_err err;
    ps_err_clear(&err);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ps_csv *c = ps_csv_read(path, &err);
    if (!c)
        fail_msg("%s", err.msg);
    return c;
}

static void test_baseline_tables(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    ps_scenario *sc = ps_scenario_load(BASELINE, NULL, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new(sc, &err);
    if (!run || ps_run_project(run, &err))
        fail_msg("%s", err.msg);
    char *dir = tu_make_temp_dir();
    if (ps_run_write(run, dir, &err))
        fail_msg("%s", err.msg);
    int base = ps_run_base_year(run), ny = ps_run_end_year(run) - base + 1;
    ps_csv *reg = read_csv(dir, "columns.csv");
    int rf = ps_csv_col(reg, "file"), rc = ps_csv_col(reg, "column");
    int rz = ps_csv_col(reg, "label_zh"), re = ps_csv_col(reg, "label_en");
    int ru = ps_csv_col(reg, "unit");
    assert_true(rf >= 0 && rc >= 0 && rz >= 0 && re >= 0 && ru >= 0);

    for (int k = 0; k < 3; k++) {
        const ps_module *mod = module_at(k);
        const ps_table_def *def = mod->declares[0];
        void *st = ps_run_module_state(run, mod->name);
        assert_non_null(st);
        const ps_table *tabs[PS_MODULE_MAX_TABLES];
        assert_int_equal(mod->tables(st, tabs, PS_MODULE_MAX_TABLES), 1);
        const ps_table *t = tabs[0];
        /* the declared definition itself, not a copy */
        assert_ptr_equal(ps_table_get_def(t), def);
        int nc = ps_column_count(def->columns);
        assert_true(nc >= 18);
        assert_int_equal(ps_table_ncols(t), nc);
        assert_int_equal(ps_table_ngroups(t), 1);
        assert_int_equal(ps_table_base(t), base);
        assert_int_equal(ps_table_nyears(t), ny);

        /* the CSV: header and every cell */
        ps_csv *c = read_csv(dir, def->file);
        assert_int_equal(ps_csv_ncols(c), nc + 1);
        assert_string_equal(ps_csv_header(c, 0), "year");
        for (int j = 0; j < nc; j++)
            assert_string_equal(ps_csv_header(c, j + 1), def->columns[j].key);
        assert_int_equal(ps_csv_nrows(c), ny);
        int filled = 0;
        for (int i = 0; i < ny; i++) {
            assert_int_equal(atoi(ps_csv_field(c, i, 0)), base + i);
            const double *row = ps_table_row_const(t, base + i, 0);
            for (int j = 0; j < nc; j++) {
                const char *f = ps_csv_field(c, i, j + 1);
                if (isnan(row[j])) {
                    assert_string_equal(f, "");
                    continue;
                }
                char *end;
                double v = strtod(f, &end);
                assert_true(*f && *end == '\0');
                if (memcmp(&v, &row[j], sizeof v) != 0)
                    fail_msg("%s %d %s: file %s, table %.17g", def->file, base + i,
                             def->columns[j].key, f, row[j]);
                filled++;
            }
        }
        assert_true(filled > ny * nc / 2);
        ps_csv_free(c);

        /* columns.csv: every column of the file once, with its declaration */
        int seen = 0;
        for (int r = 0; r < ps_csv_nrows(reg); r++) {
            if (strcmp(ps_csv_field(reg, r, rf), def->file) != 0)
                continue;
            const char *col = ps_csv_field(reg, r, rc);
            seen++;
            if (strcmp(col, "year") == 0)
                continue;
            int j = ps_table_col(t, col);
            assert_true(j >= 0);
            assert_string_equal(ps_csv_field(reg, r, rz), def->columns[j].label_zh);
            assert_string_equal(ps_csv_field(reg, r, re), def->columns[j].label_en);
            assert_string_equal(ps_csv_field(reg, r, ru), def->columns[j].unit);
        }
        assert_int_equal(seen, nc + 1);

        /* state.get and stochastic series read the table */
        char key[96];
        snprintf(key, sizeof key, "%s.fund", mod->name);
        int stride = 0, ts = 0;
        const double *col = ps_run_column(run, key, &stride);
        assert_non_null(col);
        assert_ptr_equal(col, ps_table_series(t, "fund", 0, &ts));
        assert_int_equal(stride, ts);
        for (int y = base; y < base + ny; y++) {
            double v, w;
            assert_true(ps_run_indicator(run, key, y, &v));
            assert_true(ps_table_value(t, "fund", y, 0, &w));
            assert_true(memcmp(&v, &w, sizeof v) == 0);
            assert_true(memcmp(&v, &col[(size_t)(y - base) * (size_t)stride], sizeof v) == 0);
        }
    }
    /* The typed accessor the other funds read gives state.get's values. */
    void *pe = ps_run_module_state(run, "pension_employee");
    static const char *const wk[3] = {"pension_employee.wage",
                                      "pension_employee.contribution_base",
                                      "pension_employee.avg_pension"};
    for (int y = base; y < base + ny; y++) {
        double w[3];
        assert_int_equal(ps_pension_employee_wages(pe, y, &w[0], &w[1], &w[2]), 1);
        for (int k = 0; k < 3; k++) {
            double v;
            if (ps_run_indicator(run, wk[k], y, &v))
                assert_true(memcmp(&v, &w[k], sizeof v) == 0);
            else
                assert_true(isnan(w[k]));
        }
        assert_true(w[0] > 0 && w[1] > 0);
    }
    double w = 0;
    assert_int_equal(ps_pension_employee_wages(pe, base + ny, &w, NULL, NULL), 0);
    assert_true(isnan(w));
    assert_int_equal(ps_pension_employee_wages(NULL, base, &w, NULL, NULL), 0);
    ps_csv_free(reg);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
    ps_run_free(run);
    ps_scenario_free(sc);
}

/* Reads a whole file (fails the test if it cannot). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    return b;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* text with field `col` (0-based) of the line starting "year," replaced
 * by that number plus delta (%.17g); the caller frees the result. */
static char *bump_field(const char *text, int year, int col, double delta)
{
    char start[16];
    snprintf(start, sizeof start, "\n%d,", year);
    const char *line = strstr(text, start);
    assert_non_null(line);
    line++;
    const char *p = line;
    for (int k = 0; k < col; k++) {
        p = strchr(p, ',');
        assert_non_null(p);
        p++;
    }
    char *end;
    double v = strtod(p, &end);
    assert_true(end > p);
    tu_str out = {0};
    tu_str_add(&out, "%.*s%.17g%s", (int)(p - text), text, v + delta, end);
    return out.s;
}

/* The identity checked on the folder of the baseline: it holds; with 1,000
 * yuan added to one year's written expenditure (the balance carried left
 * as it is) it fails, naming the file and the year; as written again it
 * holds.  1,000 yuan is well above the check's tolerance (1e-9 of the
 * amounts, a few yuan for these funds) and far below any fund's size. */
static void test_fund_check_on_written_files(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    ps_scenario *sc = ps_scenario_load(BASELINE, NULL, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new(sc, &err);
    if (!run || ps_run_project(run, &err))
        fail_msg("%s", err.msg);
    char *dir = tu_make_temp_dir();
    if (ps_run_write(run, dir, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(ps_fund_check_dir(dir, &err), PS_OK);
    static const char *const flows[3] = {"expenditure", "income_total", "interest"};
    for (int k = 0; k < 3; k++) {
        const char *file = module_at(k)->declares[0]->file;
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, file);
        ps_csv *c = read_csv(dir, file);
        int col = ps_csv_col(c, flows[k]);
        assert_true(col > 0);
        ps_csv_free(c);
        char *good = slurp(path);
        char *bad = bump_field(good, 2030, col, 1000.0);
        spit(path, bad);
        ps_err_clear(&err);
        assert_int_equal(ps_fund_check_dir(dir, &err), PS_EINTERNAL);
        assert_err(&err, PS_EINTERNAL, file, "in 2030", "fund identity violated");
        spit(path, good);
        assert_int_equal(ps_fund_check_dir(dir, &err), PS_OK);
        free(bad);
        free(good);
    }
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
    ps_run_free(run);
    ps_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modules_declare_tables),
        cmocka_unit_test(test_baseline_tables),
        cmocka_unit_test(test_fund_check_on_written_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
