/* test_population_io.c: the population input files, read strictly.
 *
 * Good files are written to temporary files and read back; every bad input
 * is one good file with one thing wrong, and the message must name the
 * file, the line and the column.  In a full sex-age table the header is
 * line 1 and the row of (sex x, age a) is line 2 + 101*x + a (male 0,
 * female 1), e.g. female age 37 is line 140.  GPL-3.0-or-later. */
#include "testutil.h"

#include "population_io.h"

/* ================================================================ file builders */

typedef double (*cell_fn)(int sex, int age);

/* A full sex-age table: header, then male 0..100 and female 0..100 with
 * value(sex, age) printed with 17 digits (so it reads back exactly).  The
 * row of (odd_sex, odd_age) is replaced by odd_row, or left out when
 * odd_row is NULL (odd_sex -1: no odd row); extra, if any, is appended. */
static char *table_file(const char *header, cell_fn value, int odd_sex, int odd_age,
                        const char *odd_row, const char *extra)
{
    tu_str b = {0};
    tu_str_add(&b, "%s\n", header);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            if (x == odd_sex && a == odd_age) {
                if (odd_row)
                    tu_str_add(&b, "%s\n", odd_row);
                continue;
            }
            tu_str_add(&b, "%s,%d,%.17g\n", x == PS_MALE ? "male" : "female", a,
                       value(x, a));
        }
    if (extra)
        tu_str_add(&b, "%s\n", extra);
    char *path = tu_write_temp(b.s);
    free(b.s);
    return path;
}

/* Multiples of 1/8, so exact in binary and positive: 2385.5 - 1725 > 0. */
static double pop_value(int sex, int age) { return 2385.5 - 17.25 * age + 101.125 * sex; }

/* A plausible q or m: rising with age, q[100] well above 0. */
static double q_value(int sex, int age)
{
    return 0.00071 + 0.0000385 * age * age * (1.0 + 0.125 * sex);
}

static double share_value(int sex, int age) { return 0.003 + 0.0001 * ((age * 7 + sex) % 13); }

enum { R_POP, R_QX_OPEN, R_QX_CLOSED, R_FERT, R_MIG };

/* Runs one reader on path; the results land in static buffers. */
static int run_reader(int which, const char *path, ps_err *err)
{
    static ps_pop pop;
    static double q[PS_NSEX][PS_NAGE], asfr[PS_NAGE], share[PS_NSEX][PS_NAGE];
    double sum;
    ps_err_clear(err);
    switch (which) {
    case R_POP: return ps_read_base_population(path, &pop, err);
    case R_QX_OPEN: return ps_read_mortality(path, 0, q, err);
    case R_QX_CLOSED: return ps_read_mortality(path, 1, q, err);
    case R_FERT: return ps_read_fertility(path, asfr, &sum, err);
    default: return ps_read_migration_distribution(path, share, err);
    }
}

/* The reader fails with PS_EINPUT and a message naming the file and
 * holding every needle; the temporary file is removed. */
#define assert_read_fails(which, path_expr, ...)                  \
    do {                                                          \
        char *p_ = (path_expr);                                   \
        ps_err e_;                                                \
        assert_int_equal(run_reader((which), p_, &e_), PS_EINPUT); \
        assert_err(&e_, PS_EINPUT, p_, __VA_ARGS__);              \
        tu_temp_free(p_);                                         \
    } while (0)

/* ================================================================ base population */

static void test_base_population_good(void **state)
{
    (void)state;
    static ps_pop p;
    ps_err err;
    char *path = table_file("sex,age,population", pop_value, -1, 0, NULL, NULL);
    assert_int_equal(ps_read_base_population(path, &p, &err), PS_OK);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            assert_true(p.p[x][a] == pop_value(x, a));
    /* male 0: 2385.5; female 100: 2385.5 - 1725 + 101.125 = 761.625 */
    assert_true(p.p[PS_MALE][0] == 2385.5);
    assert_true(p.p[PS_FEMALE][100] == 761.625);
    tu_temp_free(path);

    /* Columns in another order, sexes in any case, rows in any order. */
    tu_str b = {0};
    tu_str_add(&b, "population,age,sex\n");
    for (int a = PS_NAGE - 1; a >= 0; a--)
        tu_str_add(&b, "%g,%d,FEMALE\n%g,%d,Male\n", 10.5 + a, a, 20.25 + a, a);
    path = tu_write_temp(b.s);
    free(b.s);
    assert_int_equal(ps_read_base_population(path, &p, &err), PS_OK);
    assert_true(p.p[PS_FEMALE][37] == 47.5); /* 10.5 + 37 */
    assert_true(p.p[PS_MALE][100] == 120.25); /* 20.25 + 100 */
    tu_temp_free(path);
}

static void test_base_population_errors(void **state)
{
    (void)state;
    /* Missing column: the message lists what the header has. */
    assert_read_fails(R_POP, table_file("sex,age,persons", pop_value, -1, 0, NULL, NULL),
                      ":1:", "missing column 'population'", "sex,age,persons");
    /* Not a number at female 37 (line 140). */
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 1, 37,
                                        "female,37,many", NULL),
                      ":140:", "column 'population'", "'many' is not a number");
    /* Negative at male 5 (line 7). */
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 0, 5,
                                        "male,5,-12.5", NULL),
                      ":7:", "column 'population'", "-12.5 is negative");
    /* Ages out of range, in place of male 100 (line 102) and female 0 (line 103). */
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 0, 100,
                                        "male,101,12.5", NULL),
                      ":102:", "column 'age'", "101 is outside 0..100");
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 1, 0,
                                        "female,-1,12.5", NULL),
                      ":103:", "column 'age'", "-1 is outside 0..100");
    /* A repeated age, appended after the 202 rows: line 204. */
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, -1, 0, NULL,
                                        "female,64,3.5"),
                      ":204:", "column 'age'", "female age 64 appears twice");
    /* Unknown sexes at male 20 (line 22). */
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 0, 20,
                                        "M,20,12.5", NULL),
                      ":22:", "column 'sex'", "'M' is not a sex");
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 0, 20,
                                        "unknown,20,12.5", NULL),
                      ":22:", "column 'sex'", "'unknown' is not a sex");
    /* A missing (sex, age) row. */
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 1, 37, NULL, NULL),
                      "no row for female age 37");
    assert_read_fails(R_POP, table_file("sex,age,population", pop_value, 0, 100, NULL, NULL),
                      "no row for male age 100");
    /* An empty file and a file that is not there. */
    assert_read_fails(R_POP, tu_write_temp("# nothing\n"), "empty file");
    ps_err err;
    static ps_pop p;
    assert_int_equal(ps_read_base_population("/nonexistent/ps_unit/pop.csv", &p, &err),
                     PS_EINPUT);
    assert_err(&err, PS_EINPUT, "/nonexistent/ps_unit/pop.csv");
}

/* ================================================================ mortality */

static void test_mortality_qx_good(void **state)
{
    (void)state;
    static double q[PS_NSEX][PS_NAGE];
    ps_err err;
    char *path = table_file("sex,age,qx", q_value, -1, 0, NULL, NULL);
    assert_int_equal(ps_read_mortality(path, 0, q, &err), PS_OK);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            assert_true(q[x][a] == q_value(x, a));
    /* closed: the open age dies within the year, the rest is as read. */
    assert_int_equal(ps_read_mortality(path, 1, q, &err), PS_OK);
    assert_true(q[PS_MALE][100] == 1.0);
    assert_true(q[PS_FEMALE][100] == 1.0);
    assert_true(q[PS_FEMALE][99] == q_value(PS_FEMALE, 99));
    tu_temp_free(path);
}

static double m_value(int sex, int age)
{
    if (sex == PS_MALE && age == 60)
        return 0.0317;
    if (sex == PS_MALE && age == 3)
        return 0.0;
    if (sex == PS_FEMALE && age == 100)
        return 2.0;
    if (sex == PS_FEMALE && age == 90)
        return 0.5;
    return q_value(sex, age);
}

static void test_mortality_mx_good(void **state)
{
    (void)state;
    static double q[PS_NSEX][PS_NAGE];
    ps_err err;
    char *path = table_file("sex,age,mx", m_value, -1, 0, NULL, NULL);
    assert_int_equal(ps_read_mortality(path, 0, q, &err), PS_OK);
    /* q = m/(1 + m/2): 0.0317/1.01585 = 0.031205394497219078 */
    assert_rel_close(q[PS_MALE][60], 0.031205394497219078, TU_RTOL);
    assert_true(q[PS_MALE][3] == 0.0);                      /* 0/1 */
    assert_rel_close(q[PS_FEMALE][90], 0.4, TU_RTOL);      /* 0.5/1.25 */
    assert_rel_close(q[PS_FEMALE][100], 1.0, TU_RTOL);     /* 2/2, the top of the range */
    /* male 0: m = 0.00071, q = 0.00071/1.000355 = 7.0974803944599667e-4 */
    assert_rel_close(q[PS_MALE][0], 7.0974803944599667e-4, TU_RTOL);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double m = m_value(x, a);
            assert_rel_close(q[x][a], m / (1.0 + m / 2.0), TU_RTOL);
        }
    tu_temp_free(path);
}

/* A table whose open age has q = 0 for one sex. */
static double q_value_zero_at_100(int sex, int age)
{
    return sex == PS_FEMALE && age == 100 ? 0.0 : q_value(sex, age);
}

static void test_mortality_errors(void **state)
{
    (void)state;
    assert_read_fails(R_QX_OPEN, table_file("sex,years,qx", q_value, -1, 0, NULL, NULL),
                      ":1:", "missing column 'age'", "sex,years,qx");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,px", q_value, -1, 0, NULL, NULL),
                      "missing column 'qx' or 'mx'");
    /* Both: build by hand, a few rows are enough to be refused. */
    assert_read_fails(R_QX_OPEN, tu_write_temp("sex,age,qx,mx\nmale,0,0.01,0.01\n"),
                      "both 'qx' and 'mx'");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 1, 37,
                                            "female,37,1.2", NULL),
                      ":140:", "column 'qx'", "1.2 is outside [0, 1]");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 0, 40,
                                            "male,40,-0.001", NULL),
                      ":42:", "column 'qx'", "-0.001 is outside [0, 1]");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,mx", q_value, 1, 80,
                                            "female,80,2.5", NULL),
                      ":183:", "column 'mx'", "2.5 is outside [0, 2]");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 0, 40,
                                            "male,40,abc", NULL),
                      ":42:", "column 'qx'", "'abc' is not a number");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 0, 40,
                                            "male,40,", NULL),
                      ":42:", "column 'qx'", "empty");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 0, 100,
                                            "male,101,0.5", NULL),
                      ":102:", "column 'age'", "101 is outside 0..100");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 0, 0,
                                            "male,-1,0.5", NULL),
                      ":2:", "column 'age'", "-1 is outside 0..100");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, -1, 0, NULL,
                                            "male,0,0.01"),
                      ":204:", "male age 0 appears twice");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 1, 50,
                                            "F,50,0.01", NULL),
                      ":153:", "column 'sex'", "'F' is not a sex");
    assert_read_fails(R_QX_OPEN, table_file("sex,age,qx", q_value, 1, 50, NULL, NULL),
                      "no row for female age 50");
    assert_read_fails(R_QX_OPEN,
                      table_file("sex,age,qx", q_value_zero_at_100, -1, 0, NULL, NULL),
                      "female mortality at the open age 100 is 0");
    /* mx = 0 at 100 is the same mistake. */
    assert_read_fails(R_QX_OPEN,
                      table_file("sex,age,mx", q_value_zero_at_100, -1, 0, NULL, NULL),
                      "female mortality at the open age 100 is 0");
    /* A closed table makes the open age's q 1 whatever the file says. */
    char *path = table_file("sex,age,qx", q_value_zero_at_100, -1, 0, NULL, NULL);
    ps_err err;
    assert_int_equal(run_reader(R_QX_CLOSED, path, &err), PS_OK);
    tu_temp_free(path);
}

/* ================================================================ fertility */

static void test_fertility_good(void **state)
{
    (void)state;
    double asfr[PS_NAGE], sum = -1.0;
    ps_err err;
    char *path = tu_write_temp("# Feidong 2020\n"
                               "age,asfr\n"
                               "25,0.11\n"
                               "20,0.045\n"
                               "35,0.03\n"
                               "30,0.085\n"
                               "49,0\n");
    for (int a = 0; a < PS_NAGE; a++)
        asfr[a] = 99.0; /* must all be overwritten */
    assert_int_equal(ps_read_fertility(path, asfr, &sum, &err), PS_OK);
    assert_rel_close(sum, 0.27, TU_RTOL); /* 0.11 + 0.045 + 0.03 + 0.085 + 0 */
    assert_true(asfr[20] == 0.045);
    assert_true(asfr[25] == 0.11);
    assert_true(asfr[30] == 0.085);
    assert_true(asfr[35] == 0.03);
    for (int a = 0; a < PS_NAGE; a++)
        if (a != 20 && a != 25 && a != 30 && a != 35)
            assert_true(asfr[a] == 0.0);
    tu_temp_free(path);

    /* The bounds 15 and 49 are inside; a rate of 1 is allowed. */
    path = tu_write_temp("asfr,age\n0.0023,15\n1,49\n");
    assert_int_equal(ps_read_fertility(path, asfr, &sum, &err), PS_OK);
    assert_rel_close(sum, 1.0023, TU_RTOL);
    assert_true(asfr[15] == 0.0023);
    assert_true(asfr[49] == 1.0);
    tu_temp_free(path);
}

static void test_fertility_errors(void **state)
{
    (void)state;
    assert_read_fails(R_FERT, tu_write_temp("age,rate\n20,0.05\n"), ":1:",
                      "missing column 'asfr'", "age,rate");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n20,0.05\n14,0.001\n"), ":3:",
                      "column 'age'", "14 is outside 15..49");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n50,0.001\n20,0.05\n"), ":2:",
                      "column 'age'", "50 is outside 15..49");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n20,0.05\n\n20,0.06\n"), ":4:",
                      "column 'age'", "age 20 appears twice");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n20,0.05\n21,1.5\n"), ":3:",
                      "column 'asfr'", "1.5 is outside [0, 1]");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n20,-0.05\n"), ":2:",
                      "column 'asfr'", "-0.05 is outside [0, 1]");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n20,five\n"), ":2:",
                      "column 'asfr'", "'five' is not a number");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n20,0\n30,0\n"), "sum to 0");
    assert_read_fails(R_FERT, tu_write_temp("age,asfr\n"), "sum to 0");
}

/* ================================================================ migration */

static void test_migration_good(void **state)
{
    (void)state;
    static double share[PS_NSEX][PS_NAGE];
    ps_err err;
    /* Shares 2.385 + 1.115 + 0.75 + 0.25 = 4.5; unlisted cells are 0. */
    char *path = tu_write_temp("sex,age,share\n"
                               "male,25,2.385\n"
                               "female,25,1.115\n"
                               "female,60,0.75\n"
                               "male,0,0.25\n");
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            share[x][a] = 99.0;
    assert_int_equal(ps_read_migration_distribution(path, share, &err), PS_OK);
    assert_rel_close(share[PS_MALE][25], 0.53, TU_RTOL);                  /* 2.385/4.5 */
    assert_rel_close(share[PS_FEMALE][25], 0.24777777777777778, TU_RTOL); /* 1.115/4.5 */
    assert_rel_close(share[PS_FEMALE][60], 0.16666666666666667, TU_RTOL); /* 0.75/4.5 */
    assert_rel_close(share[PS_MALE][0], 0.055555555555555556, TU_RTOL);   /* 0.25/4.5 */
    double sum = 0.0;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            sum += share[x][a];
            if (!((x == PS_MALE && (a == 25 || a == 0)) ||
                  (x == PS_FEMALE && (a == 25 || a == 60))))
                assert_true(share[x][a] == 0.0);
        }
    assert_rel_close(sum, 1.0, TU_RTOL);
    tu_temp_free(path);

    /* A full table is normalised to 1 as well. */
    path = table_file("sex,age,share", share_value, -1, 0, NULL, NULL);
    assert_int_equal(ps_read_migration_distribution(path, share, &err), PS_OK);
    sum = 0.0;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            sum += share[x][a];
    assert_rel_close(sum, 1.0, TU_RTOL);
    /* Ratios are kept: male 0 is 0.003, male 2 is 0.003 + 0.0001*(14 % 13)
     * = 0.0031, so share[m][2]/share[m][0] = 0.0031/0.003 = 1.0333333333333333 */
    assert_rel_close(share[PS_MALE][2] / share[PS_MALE][0], 1.0333333333333333, TU_RTOL);
    tu_temp_free(path);
}

static void test_migration_errors(void **state)
{
    (void)state;
    assert_read_fails(R_MIG, tu_write_temp("sex,age,weight\nmale,20,1\n"), ":1:",
                      "missing column 'share'", "sex,age,weight");
    assert_read_fails(R_MIG, tu_write_temp("sex,age,share\nmale,20,1\nfemale,20,-0.5\n"),
                      ":3:", "column 'share'", "-0.5 is negative");
    assert_read_fails(R_MIG, tu_write_temp("sex,age,share\nmale,20,0\nfemale,20,0\n"),
                      "shares sum to 0");
    assert_read_fails(R_MIG, tu_write_temp("sex,age,share\n"), "shares sum to 0");
    assert_read_fails(R_MIG, tu_write_temp("sex,age,share\nmale,20,1\nmale,20,2\n"),
                      ":3:", "male age 20 appears twice");
    assert_read_fails(R_MIG, tu_write_temp("sex,age,share\nboth,20,1\n"), ":2:",
                      "'both' is not a sex");
    assert_read_fails(R_MIG, tu_write_temp("sex,age,share\nmale,101,1\n"), ":2:",
                      "101 is outside 0..100");
    assert_read_fails(R_MIG, tu_write_temp("sex,age,share\nmale,30,x\n"), ":2:",
                      "column 'share'", "'x' is not a number");
}

/* ================================================================ sex names */

static void test_sex_names(void **state)
{
    (void)state;
    assert_int_equal(ps_sex_from_name("male"), PS_MALE);
    assert_int_equal(ps_sex_from_name("Female"), PS_FEMALE);
    assert_int_equal(ps_sex_from_name("MALE"), PS_MALE);
    assert_int_equal(ps_sex_from_name("M"), -1);
    assert_int_equal(ps_sex_from_name("f"), -1);
    assert_int_equal(ps_sex_from_name(""), -1);
    assert_int_equal(ps_sex_from_name("males"), -1);
    assert_string_equal(ps_sex_name(PS_MALE), "male");
    assert_string_equal(ps_sex_name(PS_FEMALE), "female");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_population_good),
        cmocka_unit_test(test_base_population_errors),
        cmocka_unit_test(test_mortality_qx_good),
        cmocka_unit_test(test_mortality_mx_good),
        cmocka_unit_test(test_mortality_errors),
        cmocka_unit_test(test_fertility_good),
        cmocka_unit_test(test_fertility_errors),
        cmocka_unit_test(test_migration_good),
        cmocka_unit_test(test_migration_errors),
        cmocka_unit_test(test_sex_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
