/* test_csv.c: the strict CSV reader.  Each accepted feature is read back
 * field by field; each error is provoked on purpose and its message checked
 * for the file name, the line and the column.  GPL-3.0-or-later. */
#include "testutil.h"

#include "csv.h"

/* Parses a string held in memory under the name "in.csv". */
static ps_csv *parse(const char *text, ps_err *err)
{
    ps_err_clear(err);
    return ps_csv_parse("in.csv", text, strlen(text), err);
}

/* Asserts that parsing text fails with PS_EINPUT and a message holding
 * every needle. */
#define assert_parse_fails(text, ...)                \
    do {                                             \
        ps_err e_;                                   \
        ps_csv *c_ = parse((text), &e_);             \
        assert_null(c_);                             \
        assert_err(&e_, PS_EINPUT, __VA_ARGS__);     \
    } while (0)

/* ================================================================ accepted */

static void test_basic(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("sex,age,population\nmale,0,5123.25\nfemale,100,17.5\n", &err);
    assert_non_null(c);
    assert_string_equal(ps_csv_name(c), "in.csv");
    assert_int_equal(ps_csv_ncols(c), 3);
    assert_int_equal(ps_csv_nrows(c), 2);
    assert_string_equal(ps_csv_header(c, 0), "sex");
    assert_string_equal(ps_csv_header(c, 2), "population");
    assert_int_equal(ps_csv_col(c, "age"), 1);
    assert_int_equal(ps_csv_col(c, "population"), 2);
    assert_int_equal(ps_csv_col(c, "Age"), -1); /* names are case-sensitive */
    assert_int_equal(ps_csv_col(c, "share"), -1);
    assert_string_equal(ps_csv_field(c, 0, 0), "male");
    assert_string_equal(ps_csv_field(c, 1, 1), "100");
    assert_int_equal(ps_csv_line(c, 0), 2);
    assert_int_equal(ps_csv_line(c, 1), 3);
    double v;
    assert_int_equal(ps_csv_number(c, 0, 2, &v, &err), PS_OK);
    assert_true(v == 5123.25);
    int age;
    assert_int_equal(ps_csv_int(c, 1, 1, 0, 100, &age, &err), PS_OK);
    assert_int_equal(age, 100);
    ps_csv_free(c);
    ps_csv_free(NULL); /* a no-op */
}

/* Comments, blank lines, no final newline: line numbers still count every
 * physical line. */
static void test_comments_blank_lines_and_line_numbers(void **state)
{
    (void)state;
    ps_err err;
    const char *text = "# Feidong county, 2020 census\n" /* line 1 */
                       "\n"                               /* 2 */
                       "age,asfr\n"                       /* 3: header */
                       "15,0.0023\n"                      /* 4 */
                       "   \n"                            /* 5: blank */
                       "# a comment between rows\n"       /* 6 */
                       "  # indented comment\n"           /* 7 */
                       "16,0.0061\n"                      /* 8 */
                       "\t\n"                             /* 9 */
                       "17,0.0118";                       /* 10, no newline */
    ps_csv *c = parse(text, &err);
    assert_non_null(c);
    assert_int_equal(ps_csv_nrows(c), 3);
    assert_int_equal(ps_csv_line(c, 0), 4);
    assert_int_equal(ps_csv_line(c, 1), 8);
    assert_int_equal(ps_csv_line(c, 2), 10);
    assert_string_equal(ps_csv_field(c, 2, 1), "0.0118");
    ps_csv_free(c);
}

static void test_crlf_and_bom(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("\xEF\xBB\xBFsex,age,share\r\n"
                      "# comment\r\n"
                      "\r\n"
                      "female,23,0.0385\r\n"
                      "male,24,\"0.0417\"\r\n",
                      &err);
    assert_non_null(c);
    /* The BOM is not part of the first column's name. */
    assert_string_equal(ps_csv_header(c, 0), "sex");
    assert_int_equal(ps_csv_col(c, "sex"), 0);
    /* No '\r' is left at the end of the last column. */
    assert_string_equal(ps_csv_header(c, 2), "share");
    assert_int_equal(ps_csv_nrows(c), 2);
    assert_string_equal(ps_csv_field(c, 0, 2), "0.0385");
    assert_string_equal(ps_csv_field(c, 1, 2), "0.0417");
    assert_int_equal(ps_csv_line(c, 0), 4);
    assert_int_equal(ps_csv_line(c, 1), 5);
    double v;
    assert_int_equal(ps_csv_number(c, 0, 2, &v, &err), PS_OK);
    assert_true(v == 0.0385);
    ps_csv_free(c);
}

static void test_quotes_and_trimming(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("name,note,value\n"
                      "\"Hefei, Feidong\",\"he said \"\"no\"\"\",  2.385 \n"
                      "\t plain text ,\" kept  spaces \",\"\"\n"
                      "\"\"\"\",,-7\n",
                      &err);
    assert_non_null(c);
    assert_int_equal(ps_csv_nrows(c), 3);
    assert_string_equal(ps_csv_field(c, 0, 0), "Hefei, Feidong"); /* comma inside quotes */
    assert_string_equal(ps_csv_field(c, 0, 1), "he said \"no\"");  /* "" is one quote */
    assert_string_equal(ps_csv_field(c, 0, 2), "2.385");           /* spaces trimmed */
    assert_string_equal(ps_csv_field(c, 1, 0), "plain text");      /* tab and spaces */
    assert_string_equal(ps_csv_field(c, 1, 1), " kept  spaces ");  /* quoted: kept */
    assert_string_equal(ps_csv_field(c, 1, 2), "");                /* "" is empty */
    assert_string_equal(ps_csv_field(c, 2, 0), "\"");              /* """" is one quote */
    assert_string_equal(ps_csv_field(c, 2, 1), "");                /* empty unquoted */
    double v;
    assert_int_equal(ps_csv_number(c, 0, 2, &v, &err), PS_OK);
    assert_true(v == 2.385);
    int i;
    assert_int_equal(ps_csv_int(c, 2, 2, -10, 10, &i, &err), PS_OK);
    assert_int_equal(i, -7);
    ps_csv_free(c);
}

/* ps_csv_read on a real file: the path is the name in messages. */
static void test_read_file(void **state)
{
    (void)state;
    ps_err err;
    char *path = tu_write_temp("\xEF\xBB\xBF# header next\r\nsex,age,qx\r\nmale,65,0.0183\r\n");
    ps_csv *c = ps_csv_read(path, &err);
    assert_non_null(c);
    assert_string_equal(ps_csv_name(c), path);
    assert_int_equal(ps_csv_nrows(c), 1);
    assert_int_equal(ps_csv_line(c, 0), 3);
    assert_string_equal(ps_csv_field(c, 0, 2), "0.0183");
    ps_csv_free(c);

    /* Same file, one row short of a field: "<path>:3:". */
    tu_temp_free(path);
    path = tu_write_temp("# header next\nsex,age,qx\nmale,65\n");
    ps_err_clear(&err);
    assert_null(ps_csv_read(path, &err));
    assert_err(&err, PS_EINPUT, path, ":3:", "2 fields where the header has 3 columns");
    tu_temp_free(path);

    /* A file that is not there. */
    ps_err_clear(&err);
    assert_null(ps_csv_read("/nonexistent/ps_unit/none.csv", &err));
    assert_err(&err, PS_EINPUT, "/nonexistent/ps_unit/none.csv", "cannot open");
}

/* A file larger than the reader's first buffer (64 KiB) reads whole. */
static void test_read_large_file(void **state)
{
    (void)state;
    tu_str b = {0};
    tu_str_add(&b, "k,v\n");
    for (int i = 0; i < 20000; i++)
        tu_str_add(&b, "%d,%d.125\n", i, i * 3);
    assert_true(b.n > 3 * 65536); /* the buffer doubles more than once */
    char *path = tu_write_temp(b.s);
    ps_err err;
    ps_csv *c = ps_csv_read(path, &err);
    assert_non_null(c);
    assert_int_equal(ps_csv_nrows(c), 20000);
    assert_string_equal(ps_csv_field(c, 19999, 0), "19999");
    assert_string_equal(ps_csv_field(c, 19999, 1), "59997.125"); /* 19999*3 */
    assert_int_equal(ps_csv_line(c, 19999), 20001);
    ps_csv_free(c);
    tu_temp_free(path);
    free(b.s);
}

/* ================================================================ structural errors */

static void test_wrong_field_count(void **state)
{
    (void)state;
    assert_parse_fails("a,b,c\n1,2,3\n\n# x\n1,2,3,4\n", "in.csv:5:",
                       "4 fields where the header has 3 columns");
    assert_parse_fails("a,b,c\n1,2,3\n7\n", "in.csv:3:", "1 field where the header has 3");
    /* A trailing comma is one more (empty) field. */
    assert_parse_fails("a,b\n1,2,\n", "in.csv:2:", "3 fields where the header has 2");
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    assert_parse_fails("a,b\n1,2\n\"open,3\n", "in.csv:3:", "unterminated quoted field");
    assert_parse_fails("a,b\n1,\"2", "in.csv:2:", "unterminated quoted field");
}

static void test_stray_quotes(void **state)
{
    (void)state;
    assert_parse_fails("a,b\n1,x\"y\n", "in.csv:2:", "stray quote in field 2");
    assert_parse_fails("a,b\n\"1\"x,2\n", "in.csv:2:", "text after a closing quote");
}

/* Quoted fields may hold newlines (the engine writes them for text with a
 * newline, and must read its own files back); the row's line is where it
 * starts, and lines after it keep their numbers. */
static void test_multiline_quoted(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("key,value\n"
                      "description,\"two\nlines, \"\"quoted\"\"\"\n"
                      "x,\"\r\n\"\n"
                      "y,3\n", &err);
    assert_non_null(c);
    assert_int_equal(ps_csv_nrows(c), 3);
    assert_string_equal(ps_csv_field(c, 0, 1), "two\nlines, \"quoted\"");
    assert_int_equal(ps_csv_line(c, 0), 2);
    assert_string_equal(ps_csv_field(c, 1, 1), "\r\n");
    assert_int_equal(ps_csv_line(c, 1), 4);
    assert_int_equal(ps_csv_line(c, 2), 6);
    ps_csv_free(c);
    /* An unterminated quote names the line where it opened. */
    assert_parse_fails("a,b\n1,2\n3,\"x\ny\nz\n", "in.csv:3:", "unterminated quoted field");
}

/* Limits: a line of more than PS_CSV_MAX_LINE bytes and more than
 * PS_CSV_MAX_COLS fields are refused with the line; a long line below the
 * limit is read. */
static void test_limits(void **state)
{
    (void)state;
    size_t n = (size_t)PS_CSV_MAX_LINE + 10;
    char *big = malloc(n + 16);
    assert_non_null(big);
    memcpy(big, "a\n", 2);
    memset(big + 2, 'x', n);
    big[n + 2] = '\n';
    big[n + 3] = '\0';
    assert_parse_fails(big, "in.csv:2:", "longer than");
    /* The same inside a quoted field. */
    big[2] = '"';
    big[n + 1] = '"';
    assert_parse_fails(big, "in.csv:2:", "longer than");
    /* Just below the limit: one field of PS_CSV_MAX_LINE - 1 bytes. */
    memset(big + 2, 'y', (size_t)PS_CSV_MAX_LINE - 1);
    big[2 + PS_CSV_MAX_LINE - 1] = '\n';
    big[2 + PS_CSV_MAX_LINE] = '\0';
    ps_err err;
    ps_csv *c = parse(big, &err);
    assert_non_null(c);
    assert_int_equal(strlen(ps_csv_field(c, 0, 0)), PS_CSV_MAX_LINE - 1);
    ps_csv_free(c);
    /* Too many columns: PS_CSV_MAX_COLS + 1 commas-separated names. */
    size_t m = (size_t)(PS_CSV_MAX_COLS + 1) * 2;
    char *wide = malloc(m + 2);
    assert_non_null(wide);
    for (size_t i = 0; i < m; i += 2) {
        wide[i] = 'c';
        wide[i + 1] = ',';
    }
    wide[m - 1] = '\n';
    wide[m] = '\0';
    assert_parse_fails(wide, "in.csv:1:", "more than 4096 fields");
    free(wide);
    free(big);
}

/* Numbers: decimal only, within +-1e15, no subnormals; text of a field is
 * not echoed beyond 40 characters. */
static void test_number_ranges(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("v\n0x10\n1e16\n-2e15\n1e-310\n0\n-0.0\n1e15\n2.2250738585072014e-308\n",
                      &err);
    assert_non_null(c);
    double v;
    assert_int_equal(ps_csv_number(c, 0, 0, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:2:", "'0x10' is not a number");
    assert_int_equal(ps_csv_number(c, 1, 0, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:3:", "out of range");
    assert_int_equal(ps_csv_number(c, 2, 0, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:4:", "out of range");
    assert_int_equal(ps_csv_number(c, 3, 0, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:5:", "too close to zero");
    assert_int_equal(ps_csv_number(c, 4, 0, &v, &err), PS_OK);
    assert_true(v == 0.0);
    assert_int_equal(ps_csv_number(c, 5, 0, &v, &err), PS_OK);
    assert_int_equal(ps_csv_number(c, 6, 0, &v, &err), PS_OK);
    assert_true(v == 1e15);
    assert_int_equal(ps_csv_number(c, 7, 0, &v, &err), PS_OK); /* DBL_MIN itself is normal */
    ps_csv_free(c);
}

/* A missing column lists the header only when it looks like column names:
 * the first line of a wrong file (a key, a password) is not echoed. */
static void test_header_not_echoed(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("sk-live-SECRET token here\n1\n", &err);
    assert_non_null(c);
    assert_int_equal(ps_csv_require_col(c, "sex", &err), -1);
    assert_err(&err, PS_EINPUT, "in.csv:1:", "missing column 'sex'", "right file");
    assert_null(strstr(err.msg, "SECRET"));
    ps_csv_free(c);
    c = parse("age,population\n1,2\n", &err);
    assert_int_equal(ps_csv_require_col(c, "sex", &err), -1);
    assert_err(&err, PS_EINPUT, "the header has: age,population");
    ps_csv_free(c);
}

static void test_empty_file(void **state)
{
    (void)state;
    assert_parse_fails("", "in.csv", "empty file");
    assert_parse_fails("\xEF\xBB\xBF", "in.csv", "empty file");
    assert_parse_fails("# only a comment\n\n  \r\n", "in.csv", "empty file");
    char *path = tu_write_temp("");
    ps_err err;
    ps_err_clear(&err);
    assert_null(ps_csv_read(path, &err));
    assert_err(&err, PS_EINPUT, path, "empty file");
    tu_temp_free(path);
}

static void test_header_errors(void **state)
{
    (void)state;
    assert_parse_fails("# c\nsex,age,age\n", "in.csv:2:", "column 'age' appears twice");
    /* Trimmed names are compared. */
    assert_parse_fails("sex, age ,age\n", "in.csv:1:", "column 'age' appears twice");
    assert_parse_fails("sex,,share\n", "in.csv:1:", "header column 2 is empty");
}

static void test_nul_byte(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    static const char text[] = "a,b\n1,\0002\n";
    assert_null(ps_csv_parse("bin.csv", text, sizeof text - 1, &err));
    assert_err(&err, PS_EINPUT, "bin.csv", "NUL");
}

/* ================================================================ column and field errors */

static void test_require_col(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("# c\nsex,age,population\nmale,3,12.5\n", &err);
    assert_non_null(c);
    assert_int_equal(ps_csv_require_col(c, "age", &err), 1);
    ps_err_clear(&err);
    assert_int_equal(ps_csv_require_col(c, "share", &err), -1);
    /* Names the file, the header's line, the column, and lists the header. */
    assert_err(&err, PS_EINPUT, "in.csv:2:", "missing column 'share'", "sex,age,population");
    ps_csv_free(c);
}

static void test_number_errors(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("sex,age,population\n"
                      "male,1,abc\n"     /* line 2 */
                      "male,2,\n"        /* 3 */
                      "male,3,1e400\n"   /* 4: overflows to inf */
                      "male,4,nan\n"     /* 5 */
                      "male,5,12.5kg\n"  /* 6 */
                      "male,6, -3.25e2 \n" /* 7: fine, -325 */
                      "male,7,inf\n",    /* 8 */
                      &err);
    assert_non_null(c);
    double v = 99.0;
    ps_err_clear(&err);
    assert_int_equal(ps_csv_number(c, 0, 2, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:2:", "column 'population'", "'abc' is not a number");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_number(c, 1, 2, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:3:", "column 'population'", "empty");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_number(c, 2, 2, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:4:", "'1e400' is out of range");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_number(c, 3, 2, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:5:", "'nan' is not a number");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_number(c, 4, 2, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:6:", "'12.5kg' is not a number");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_number(c, 6, 2, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:8:", "'inf' is not a number");
    assert_int_equal(ps_csv_number(c, 5, 2, &v, &err), PS_OK);
    assert_true(v == -325.0); /* -3.25e2 */
    ps_csv_free(c);
}

static void test_int_errors(void **state)
{
    (void)state;
    ps_err err;
    ps_csv *c = parse("sex,age\n"
                      "female,101\n"                 /* line 2 */
                      "female,-1\n"                  /* 3 */
                      "female,3.5\n"                 /* 4 */
                      "female,99999999999999999999\n" /* 5: beyond long */
                      "female,\n"                    /* 6 */
                      "female,x7\n"                  /* 7 */
                      "female,0\n"                   /* 8 */
                      "female,100\n",                /* 9 */
                      &err);
    assert_non_null(c);
    int a = 42;
    ps_err_clear(&err);
    assert_int_equal(ps_csv_int(c, 0, 1, 0, 100, &a, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:2:", "column 'age'", "101 is outside 0..100");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_int(c, 1, 1, 0, 100, &a, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:3:", "column 'age'", "-1 is outside 0..100");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_int(c, 2, 1, 0, 100, &a, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:4:", "'3.5' is not a whole number");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_int(c, 3, 1, 0, 100, &a, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:5:", "column 'age'", "99999999999999999999");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_int(c, 4, 1, 0, 100, &a, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:6:", "column 'age'");
    ps_err_clear(&err);
    assert_int_equal(ps_csv_int(c, 5, 1, 0, 100, &a, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:7:", "'x7' is not a whole number");
    /* The bounds themselves are inside. */
    assert_int_equal(ps_csv_int(c, 6, 1, 0, 100, &a, &err), PS_OK);
    assert_int_equal(a, 0);
    assert_int_equal(ps_csv_int(c, 7, 1, 0, 100, &a, &err), PS_OK);
    assert_int_equal(a, 100);
    /* And another range: 100 is outside 15..49. */
    ps_err_clear(&err);
    assert_int_equal(ps_csv_int(c, 7, 1, 15, 49, &a, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "in.csv:9:", "100 is outside 15..49");
    ps_csv_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_comments_blank_lines_and_line_numbers),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_quotes_and_trimming),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_large_file),
        cmocka_unit_test(test_wrong_field_count),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_stray_quotes),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_require_col),
        cmocka_unit_test(test_number_errors),
        cmocka_unit_test(test_int_errors),
        cmocka_unit_test(test_multiline_quoted),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_number_ranges),
        cmocka_unit_test(test_header_not_echoed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
