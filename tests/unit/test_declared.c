/* test_declared.c: the modules' declarations read without a run
 * (declared.h): module names in words, static tables, column labels,
 * units and headline flags, and the presenters' look-ups that now go
 * through them (columns.csv read back, ps_column_unit).
 * GPL-3.0-or-later. */
#include "testutil.h"

#include "declared.h"
#include "output.h"
#include "summary.h"
#include "table.h"
#include "workbook.h"

/* Every shipped module names itself in both languages, and no two share a
 * name (a chart title or table would not tell them apart). */
static void modules_have_labels(void **state)
{
    (void)state;
    int n = 0;
    for (int m = 0; ps_modules[m]; m++, n++) {
        const ps_module *a = ps_modules[m];
        assert_non_null(a->label_zh);
        assert_non_null(a->label_en);
        assert_true(*a->label_zh && *a->label_en);
        assert_ptr_equal(ps_module_find(a->name), a);
        assert_string_equal(ps_module_label(a->name, 0), a->label_zh);
        assert_string_equal(ps_module_label(a->name, 1), a->label_en);
        for (int k = 0; k < m; k++) {
            assert_string_not_equal(ps_modules[k]->label_zh, a->label_zh);
            assert_string_not_equal(ps_modules[k]->label_en, a->label_en);
        }
    }
    assert_true(n >= 17);
    assert_null(ps_module_find("no_such_module"));
    assert_null(ps_module_label("no_such_module", 1));
}

/* Every static table a module declares passes the table's own checks
 * (labels and units never empty, no key twice), and the modules that have
 * a yearly file of their own declare it. */
static void declared_tables_are_valid(void **state)
{
    (void)state;
    ps_err err;
    int ntables = 0;
    for (int m = 0; ps_modules[m]; m++) {
        const ps_table_def *defs[PS_MODULE_MAX_TABLES];
        int nd = ps_module_table_defs(ps_modules[m], NULL, defs, PS_MODULE_MAX_TABLES);
        for (int k = 0; k < nd; k++, ntables++) {
            int ng = defs[k]->groups ? 2 : 1;
            ps_table *t = ps_table_new(defs[k], 2020, 2, ng, &err);
            if (!t)
                fail_msg("%s: %s", ps_modules[m]->name, err.msg);
            ps_table_free(t);
        }
    }
    assert_true(ntables >= 16);
    static const char *const FILES[] = {
        "demography.csv", "pension_employee.csv", "pension_resident.csv", "land_guarantee.csv",
        "childcare.csv", "eldercare.csv", "assistance.csv", "medical_employee.csv",
        "medical_resident.csv", "unemployment.csv", "work_injury.csv", "budget_totals.csv"};
    for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i++) {
        int found = 0;
        for (int m = 0; ps_modules[m] && !found; m++)
            for (int k = 0; ps_modules[m]->declares && ps_modules[m]->declares[k]; k++)
                found |= strcmp(ps_modules[m]->declares[k]->file, FILES[i]) == 0;
        if (!found)
            fail_msg("%s is not declared by any module", FILES[i]);
    }
}

/* Look-ups: a module's column by file and as "module.column", with its
 * unit and headline flag as written in the module's file. */
static void lookups(void **state)
{
    (void)state;
    const ps_column_def *d = ps_declared_column("pension_employee.csv", "fund");
    assert_non_null(d);
    assert_string_equal(d->unit, "yuan");
    assert_int_equal(d->kind, PS_KIND_FUND);
    assert_int_equal(d->headline, 1);
    assert_ptr_equal(ps_declared_indicator("pension_employee", "fund"), d);
    d = ps_declared_column("pension_employee.csv", "interest");
    assert_non_null(d);
    assert_int_equal(d->headline, 0);
    /* budget's yearly totals are in budget_totals.csv, named budget.county. */
    d = ps_declared_indicator("budget", "county");
    assert_non_null(d);
    assert_string_equal(d->unit, "yuan");
    assert_int_equal(d->headline, 1);
    assert_null(ps_declared_indicator("budget", "no_such_column"));
    assert_null(ps_declared_column("childcare.csv", "fund"));
    d = ps_declared_indicator("demography", "old_age_dependency");
    assert_non_null(d);
    assert_string_equal(d->unit, "ratio");
    /* ps_column_unit (compare's series, known by name only) from them. */
    assert_string_equal(ps_column_unit("births", 1), "persons");
    assert_string_equal(ps_column_unit("births", 0), "人");
    assert_string_equal(ps_column_unit("beds_needed", 1), "beds");
    assert_string_equal(ps_column_unit("no_such_column", 1), "");
}

/* columns.csv read back carries each column's headline flag from the
 * declaration (columns.csv has no such column). */
static void register_keeps_headline(void **state)
{
    (void)state;
    char dir[] = "/tmp/ps_test_declared_XXXXXX";
    assert_non_null(mkdtemp(dir));
    ps_err err;
    const ps_table_def *defs[PS_MODULE_MAX_TABLES];
    int nd = ps_module_table_defs(ps_module_find("unemployment"), NULL, defs,
                                  PS_MODULE_MAX_TABLES);
    assert_int_equal(nd, 1);
    assert_int_equal(ps_columns_register_table(dir, defs[0], &err), PS_OK);
    ps_columns *c = ps_columns_read(dir);
    assert_non_null(c);
    const ps_column_def *fund = ps_columns_find(c, "unemployment.csv", "fund");
    const ps_column_def *interest = ps_columns_find(c, "unemployment.csv", "interest");
    assert_non_null(fund);
    assert_non_null(interest);
    assert_int_equal(fund->headline, 1);
    assert_int_equal(interest->headline, 0);
    int nh = 0, nd_head = 0;
    for (int i = 0; i < ps_columns_count(c); i++)
        nh += ps_columns_def(c, i)->headline;
    for (const ps_column_def *k = defs[0]->columns; k->key; k++)
        nd_head += k->headline;
    assert_int_equal(nh, nd_head);
    ps_columns_free(c);
    ps_remove_tree(dir);
}

/* A summary row marked as a headline answer (what sweep's tornado shows)
 * keeps the mark; the others have none. */
static void summary_headline_flag(void **state)
{
    (void)state;
    ps_summary *s = ps_summary_new();
    assert_non_null(s);
    ps_summary_headline(s); /* nothing to mark yet: a no-op */
    ps_summary_num(s, 2030, "x_fund_{year}", 1.5, "yuan", "{year}年基金", "Fund in {year}");
    ps_summary_text(s, 0, "x_depletion_year", "none", "year", "耗尽年份", "Depletion year");
    ps_summary_headline(s);
    ps_summary_num(s, 0, "x_other", 2, "persons", "其他", "Other");
    ps_err err;
    assert_int_equal(ps_summary_error(s, &err), PS_OK);
    assert_int_equal(ps_summary_count(s), 3);
    assert_string_equal(ps_summary_key(s, 0), "x_fund_2030");
    assert_int_equal(ps_summary_is_headline(s, 0), 0);
    assert_int_equal(ps_summary_is_headline(s, 1), 1);
    assert_int_equal(ps_summary_is_headline(s, 2), 0);
    ps_summary_free(s);
}

/* Who holds each fund, as the modules declare it (module.h `holder`): the
 * decision table places the funds by it.  The employee pension is pooled
 * nationally, Anhui's medical insurance by the province, the land
 * guarantee is the county's own; the others say nothing.  A holder is
 * only declared by a module with a fund balance column. */
static void fund_holders(void **state)
{
    (void)state;
    assert_int_equal(ps_module_holder("pension_employee"), PS_HOLDER_NATIONAL);
    assert_int_equal(ps_module_holder("medical_employee"), PS_HOLDER_PROVINCE);
    assert_int_equal(ps_module_holder("medical_resident"), PS_HOLDER_PROVINCE);
    assert_int_equal(ps_module_holder("land_guarantee"), PS_HOLDER_COUNTY);
    assert_int_equal(ps_module_holder("pension_resident"), PS_HOLDER_UNSTATED);
    assert_int_equal(ps_module_holder("unemployment"), PS_HOLDER_UNSTATED);
    assert_int_equal(ps_module_holder("childcare"), PS_HOLDER_UNSTATED);
    assert_int_equal(ps_module_holder("no_such_module"), PS_HOLDER_UNSTATED);
    assert_int_equal(ps_module_holder(NULL), PS_HOLDER_UNSTATED);
    for (int m = 0; ps_modules[m]; m++) {
        if (ps_modules[m]->holder == PS_HOLDER_UNSTATED)
            continue;
        const ps_column_def *d = ps_declared_indicator(ps_modules[m]->name, "fund");
        if (!d || d->kind != PS_KIND_FUND)
            fail_msg("%s declares a holder but no fund column", ps_modules[m]->name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(modules_have_labels),
        cmocka_unit_test(declared_tables_are_valid),
        cmocka_unit_test(lookups),
        cmocka_unit_test(register_keeps_headline),
        cmocka_unit_test(summary_headline_flag),
        cmocka_unit_test(fund_holders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
