/* test_table.c: the results table (table.h), the column register
 * columns.csv, summary rows and headline sentences (summary.h).
 * GPL-3.0-or-later. */
#include "testutil.h"

#include <sys/stat.h>

#include "csv.h"
#include "output.h"
#include "summary.h"
#include "table.h"

static char *make_dir(void)
{
    char *d = strdup("/tmp/ps_test_table_XXXXXX");
    assert_non_null(d);
    assert_non_null(mkdtemp(d));
    return d;
}

static void drop_dir(char *d)
{
    ps_remove_tree(d);
    free(d);
}

static ps_csv *read_in(const char *dir, const char *name)
{
    char path[4096];
    ps_err err;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ps_csv *t = ps_csv_read(path, &err);
    if (!t)
        fail_msg("%s", err.msg);
    return t;
}

/* Row of columns.csv for (file, column), or -1. */
static int reg_row(const ps_csv *reg, const char *file, const char *column)
{
    for (int r = 0; r < ps_csv_nrows(reg); r++)
        if (strcmp(ps_csv_field(reg, r, 0), file) == 0 &&
            strcmp(ps_csv_field(reg, r, 1), column) == 0)
            return r;
    return -1;
}

static const ps_column_def COLS[] = {
    {"slots", "托位", "Places", "slots", PS_KIND_STOCK, 1},
    {"cost", "费用，合计", "Cost, total", "yuan", PS_KIND_FLOW, 0},
    {"rate", "比率", "Rate", "per 1,000", PS_KIND_RATE, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def DEF = {"things.csv", NULL, COLS};

static const ps_column_def GROUPS[] = {
    {"sex", "性别", "Sex", "-", PS_KIND_KEY, 0},
    {"town", "乡镇", "Town", "-", PS_KIND_KEY, 0},
    {NULL, NULL, NULL, NULL, 0, 0}};
static const ps_table_def GDEF = {"by_town.csv", GROUPS, COLS};

/* ================================================================ the table */

static void test_rows_and_series(void **state)
{
    (void)state;
    ps_err err;
    ps_table *t = ps_table_new(&DEF, 2020, 3, 1, &err);
    assert_non_null(t);
    assert_int_equal(ps_table_ncols(t), 3);
    assert_int_equal(ps_table_col(t, "cost"), 1);
    assert_int_equal(ps_table_col(t, "nope"), -1);
    /* Every cell starts empty. */
    double v;
    assert_int_equal(ps_table_value(t, "slots", 2021, 0, &v), 0);
    for (int y = 2020; y <= 2022; y++) {
        double *r = ps_table_row(t, y, 0);
        assert_non_null(r);
        r[0] = 100.5 * (y - 2019);
        r[1] = 2.385e6 + y;
    }
    assert_null(ps_table_row(t, 2019, 0));
    assert_null(ps_table_row(t, 2023, 0));
    assert_null(ps_table_row(t, 2020, 1));
    int stride = 0;
    const double *s = ps_table_series(t, "cost", 0, &stride);
    assert_non_null(s);
    assert_int_equal(stride, 3);
    assert_true(s[0] == 2.385e6 + 2020 && s[2 * stride] == 2.385e6 + 2022);
    assert_int_equal(ps_table_value(t, "slots", 2022, 0, &v), 1);
    assert_true(v == 301.5);
    assert_int_equal(ps_table_value(t, "rate", 2022, 0, &v), 0); /* NaN: no value */
    ps_table_clear(t);
    assert_int_equal(ps_table_value(t, "slots", 2022, 0, &v), 0);
    ps_table_free(t);
    ps_table_free(NULL);
}

static void test_groups_layout(void **state)
{
    (void)state;
    ps_err err;
    ps_table *t = ps_table_new(&GDEF, 2020, 2, 3, &err);
    assert_non_null(t);
    const char *g0[] = {"male", "Dianbu"}, *g1[] = {"female", "Dianbu"}, *g2[] = {"male", "Qiao, Tou"};
    assert_int_equal(ps_table_set_group(t, 0, g0, &err), PS_OK);
    assert_int_equal(ps_table_set_group(t, 1, g1, &err), PS_OK);
    assert_int_equal(ps_table_set_group(t, 2, g2, &err), PS_OK);
    assert_int_equal(ps_table_set_group(t, 3, g2, &err), PS_EINTERNAL);
    /* Rows are (year, group) in order: the series of group 1 steps over
     * 3 groups x 3 columns. */
    for (int y = 2020; y <= 2021; y++)
        for (int g = 0; g < 3; g++)
            ps_table_row(t, y, g)[0] = 1000 * (y - 2020) + g;
    int stride;
    const double *s = ps_table_series(t, "slots", 1, &stride);
    assert_int_equal(stride, 9);
    assert_true(s[0] == 1 && s[stride] == 1001);
    char *dir = make_dir();
    assert_int_equal(ps_table_write_csv(t, dir, &err), PS_OK);
    ps_csv *c = read_in(dir, "by_town.csv");
    assert_int_equal(ps_csv_ncols(c), 6);
    assert_string_equal(ps_csv_header(c, 0), "year");
    assert_string_equal(ps_csv_header(c, 1), "sex");
    assert_string_equal(ps_csv_header(c, 2), "town");
    assert_int_equal(ps_csv_nrows(c), 6);
    assert_string_equal(ps_csv_field(c, 5, 0), "2021");
    assert_string_equal(ps_csv_field(c, 5, 2), "Qiao, Tou"); /* quoted and read back */
    assert_string_equal(ps_csv_field(c, 5, 3), "1002");
    assert_string_equal(ps_csv_field(c, 5, 4), ""); /* NaN: empty */
    ps_csv_free(c);
    ps_csv *reg = read_in(dir, "columns.csv");
    assert_true(reg_row(reg, "by_town.csv", "year") >= 0);
    assert_true(reg_row(reg, "by_town.csv", "sex") >= 0);
    assert_true(reg_row(reg, "by_town.csv", "town") < reg_row(reg, "by_town.csv", "slots"));
    ps_csv_free(reg);
    drop_dir(dir);
    ps_table_free(t);
}

static void test_bad_declarations(void **state)
{
    (void)state;
    ps_err err;
    static const ps_column_def no_label[] = {{"x", "", "X", "persons", PS_KIND_STOCK, 0},
                                             {NULL, NULL, NULL, NULL, 0, 0}};
    static const ps_column_def no_unit[] = {{"x", "甲", "X", NULL, PS_KIND_STOCK, 0},
                                            {NULL, NULL, NULL, NULL, 0, 0}};
    static const ps_column_def twice[] = {{"x", "甲", "X", "-", PS_KIND_STOCK, 0},
                                          {"x", "乙", "Y", "-", PS_KIND_STOCK, 0},
                                          {NULL, NULL, NULL, NULL, 0, 0}};
    static const ps_column_def year[] = {{"year", "年", "Year", "year", PS_KIND_KEY, 0},
                                         {NULL, NULL, NULL, NULL, 0, 0}};
    ps_table_def d1 = {"a.csv", NULL, no_label}, d2 = {"b.csv", NULL, no_unit},
                 d3 = {"c.csv", NULL, twice}, d4 = {"d.csv", NULL, year},
                 d5 = {"e.csv", GROUPS, COLS};
    assert_null(ps_table_new(&d1, 2020, 2, 1, &err));
    assert_err(&err, PS_EINTERNAL, "a.csv", "'x'", "Chinese label");
    assert_null(ps_table_new(&d2, 2020, 2, 1, &err));
    assert_err(&err, PS_EINTERNAL, "b.csv", "unit");
    assert_null(ps_table_new(&d3, 2020, 2, 1, &err));
    assert_err(&err, PS_EINTERNAL, "c.csv", "declared twice");
    assert_null(ps_table_new(&d4, 2020, 2, 1, &err));
    assert_err(&err, PS_EINTERNAL, "d.csv", "year");
    /* Groups but no group count, or groups without group columns. */
    ps_table *one = ps_table_new(&d5, 2020, 2, 1, &err);
    assert_non_null(one);
    ps_table_free(one);
    assert_null(ps_table_new(&DEF, 2020, 2, 2, &err));
    assert_null(ps_table_new(&DEF, 2020, 0, 1, &err));
    char *dir = make_dir();
    assert_int_equal(ps_columns_register(dir, "hand.csv", no_label, &err), PS_EINTERNAL);
    assert_err(&err, PS_EINTERNAL, "hand.csv");
    drop_dir(dir);
}

/* One group of a grouped table: its labels start empty. */
static void test_one_group_with_group_columns(void **state)
{
    (void)state;
    ps_err err;
    ps_table *t = ps_table_new(&GDEF, 2020, 2, 1, &err);
    assert_non_null(t);
    assert_string_equal(ps_table_group_label(t, 0, 0), "");
    ps_table_free(t);
}

/* ================================================================ columns.csv */

static void test_register_replaces_and_reads_back(void **state)
{
    (void)state;
    ps_err err;
    char *dir = make_dir();
    ps_table *t = ps_table_new(&DEF, 2020, 2, 1, &err);
    assert_non_null(t);
    assert_int_equal(ps_table_write_csv(t, dir, &err), PS_OK);
    static const ps_column_def hand[] = {{"year", "年份", "Year", "year", PS_KIND_KEY, 0},
                                         {"who", "谁", "Who", "-", PS_KIND_TEXT, 0},
                                         {NULL, NULL, NULL, NULL, 0, 0}};
    assert_int_equal(ps_columns_register(dir, "hand.csv", hand, &err), PS_OK);
    /* Written twice: the rows are replaced, not repeated. */
    assert_int_equal(ps_table_write_csv(t, dir, &err), PS_OK);
    ps_csv *reg = read_in(dir, "columns.csv");
    assert_int_equal(ps_csv_ncols(reg), 6);
    int n_things = 0;
    for (int r = 0; r < ps_csv_nrows(reg); r++) {
        n_things += strcmp(ps_csv_field(reg, r, 0), "things.csv") == 0;
        /* Never an empty label or unit. */
        for (int c = 2; c <= 4; c++)
            assert_true(*ps_csv_field(reg, r, c));
    }
    assert_int_equal(n_things, 4); /* year + 3 */
    int r = reg_row(reg, "things.csv", "rate");
    assert_true(r >= 0);
    assert_string_equal(ps_csv_field(reg, r, 4), "per 1,000");
    assert_string_equal(ps_csv_field(reg, r, 5), "rate");
    r = reg_row(reg, "things.csv", "cost");
    assert_string_equal(ps_csv_field(reg, r, 2), "费用，合计");
    assert_string_equal(ps_csv_field(reg, r, 3), "Cost, total");
    assert_true(reg_row(reg, "hand.csv", "who") >= 0);
    assert_true(reg_row(reg, "columns.csv", "unit") >= 0); /* it lists itself */
    ps_csv_free(reg);

    ps_columns *c = ps_columns_read(dir);
    assert_non_null(c);
    const ps_column_def *d = ps_columns_find(c, "things.csv", "slots");
    assert_non_null(d);
    assert_int_equal(d->kind, PS_KIND_STOCK);
    assert_string_equal(ps_columns_label(c, "things.csv", "slots", 0), "托位");
    assert_string_equal(ps_columns_label(c, "things.csv", "slots", 1), "Places");
    assert_string_equal(ps_columns_unit(c, "things.csv", "cost", 0), "元");
    assert_string_equal(ps_columns_unit(c, "things.csv", "cost", 1), "yuan");
    assert_string_equal(ps_columns_unit(c, "hand.csv", "who", 1), ""); /* "-" */
    assert_string_equal(ps_columns_label(c, "things.csv", "unknown", 1), "unknown");
    assert_null(ps_columns_find(c, "other.csv", "slots"));
    ps_columns_free(c);
    ps_table_free(t);
    drop_dir(dir);
    assert_null(ps_columns_read("/nonexistent/folder"));
}

/* ================================================================ summary and headline */

static void test_summary_rows(void **state)
{
    (void)state;
    ps_err err;
    ps_summary *s = ps_summary_new();
    assert_non_null(s);
    ps_summary_num(s, 2025, "slots_{year}", 4669.5, "slots", "{year}年托位", "Places in {year}");
    ps_summary_text(s, 0, "met", "yes", "-", "是否达到，规划", "Met, plan");
    assert_int_equal(ps_summary_error(s, &err), PS_OK);
    assert_int_equal(ps_summary_count(s), 2);
    assert_string_equal(ps_summary_key(s, 0), "slots_2025");
    assert_string_equal(ps_summary_value(s, 0), "4669.5");
    assert_string_equal(ps_summary_label(s, 0, 0), "2025年托位");
    assert_string_equal(ps_summary_label(s, 0, 1), "Places in 2025");
    assert_string_equal(ps_summary_get(s, "met"), "yes");
    assert_null(ps_summary_get(s, "slots_{year}"));
    char *dir = make_dir();
    assert_int_equal(ps_summary_write_csv(s, dir, &err), PS_OK);
    ps_csv *t = read_in(dir, "summary.csv");
    assert_int_equal(ps_csv_ncols(t), 6);
    assert_string_equal(ps_csv_header(t, 4), "unit");
    assert_string_equal(ps_csv_header(t, 5), "headline");
    assert_string_equal(ps_csv_field(t, 1, 2), "是否达到，规划");
    assert_string_equal(ps_csv_field(t, 1, 3), "Met, plan");
    assert_string_equal(ps_csv_field(t, 0, 4), "slots");
    ps_csv_free(t);
    /* Appended rows land under the same header. */
    ps_summary *more = ps_summary_new();
    ps_summary_num(more, 0, "draws", 40, "-", "模拟次数", "Draws");
    assert_int_equal(ps_summary_append_csv(more, dir, &err), PS_OK);
    t = read_in(dir, "summary.csv");
    assert_int_equal(ps_csv_nrows(t), 3);
    assert_string_equal(ps_csv_field(t, 2, 0), "draws");
    ps_csv_free(t);
    ps_summary_free(more);
    /* An empty label is refused, and the error sticks. */
    assert_int_equal(ps_summary_num(s, 0, "bad", 1, "-", "", "Bad"), PS_EINTERNAL);
    ps_summary_num(s, 0, "fine", 1, "-", "好", "Fine");
    assert_int_equal(ps_summary_error(s, &err), PS_EINTERNAL);
    assert_err(&err, PS_EINTERNAL, "bad");
    ps_summary_free(s);
    drop_dir(dir);
}

static void test_headline_order(void **state)
{
    (void)state;
    ps_err err;
    ps_headline *h = ps_headline_new();
    ps_headline_add(h, 400, "缺口", "gap");
    ps_headline_add(h, 100, "基金甲", "fund a");
    ps_headline_add(h, 400, "缺口二", "gap two");
    ps_headline_add(h, 100, "基金乙", "fund b");
    assert_int_equal(ps_headline_error(h, &err), PS_OK);
    assert_int_equal(ps_headline_count(h), 4);
    const char *want[] = {"fund a", "fund b", "gap", "gap two"};
    for (int i = 0; i < 4; i++)
        assert_string_equal(ps_headline_text(h, i, 1), want[i]);
    assert_string_equal(ps_headline_text(h, 1, 0), "基金乙");
    /* The county budget's answers (500-599) come first, in their order. */
    ps_headline_add(h, 510, "分担", "who pays");
    ps_headline_add(h, 600, "其他", "other");
    ps_headline_add(h, 500, "县级财政", "county budget");
    const char *want2[] = {"county budget", "who pays", "fund a", "fund b", "gap", "gap two",
                           "other"};
    assert_int_equal(ps_headline_count(h), 7);
    for (int i = 0; i < 7; i++)
        assert_string_equal(ps_headline_text(h, i, 1), want2[i]);
    assert_int_equal(ps_headline_order(h, 0), 500);
    assert_int_equal(ps_headline_add(h, 1, "", "x"), PS_EINTERNAL);
    assert_int_equal(ps_headline_error(h, &err), PS_EINTERNAL);
    ps_headline_free(h);
}

static void test_words(void **state)
{
    (void)state;
    char b[64];
    /* 1,667,630,322 yuan = 166,763.0322 万元 -> 166,763万元; = 1,667.63 million. */
    assert_string_equal(ps_words_money(b, 1667630322.0, 0), "166,763万元");
    assert_string_equal(ps_words_money(b, 1667630322.0, 1), "1,668 million yuan");
    assert_string_equal(ps_words_money(b, 12345678.0, 1), "12.3 million yuan");
    assert_string_equal(ps_words_money(b, 583000.0, 0), "58.3万元");
    assert_string_equal(ps_words_money(b, -2.5e8, 0), "-25,000万元");
    assert_string_equal(ps_words_money(b, 8300.0, 1), "8,300 yuan");
    assert_string_equal(ps_words_count(b, 4669.9999), "4,670");
    assert_string_equal(ps_words_count(b, 123456.0), "123,460");
    assert_string_equal(ps_words_count(b, -601.7), "-602");
    assert_string_equal(ps_words_count(b, -0.2), "0");
    assert_string_equal(ps_words_count(b, NAN), "-");
    assert_string_equal(ps_words_pct(b, 0.125), "12.5%");
    assert_string_equal(ps_unit_label("persons", 0), "人");
    assert_string_equal(ps_unit_label("persons", 1), "persons");
    assert_string_equal(ps_unit_label("-", 0), "");
    assert_string_equal(ps_unit_label("widgets", 0), "widgets");
    assert_string_equal(ps_kind_name(PS_KIND_FUND), "fund");
    assert_int_equal(ps_kind_parse("price"), PS_KIND_PRICE);
    assert_int_equal(ps_kind_parse("nope"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_series),
        cmocka_unit_test(test_groups_layout),
        cmocka_unit_test(test_bad_declarations),
        cmocka_unit_test(test_one_group_with_group_columns),
        cmocka_unit_test(test_register_replaces_and_reads_back),
        cmocka_unit_test(test_summary_rows),
        cmocka_unit_test(test_headline_order),
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
