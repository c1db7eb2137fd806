/* test_graduation.c: census groups to single years (engine/graduation.c).
 *
 * Golden values come from independent methods: data/derive_feidong.py (a
 * separate Python implementation) for Feidong, exact polynomials (Sprague
 * reproduces polynomials of degree <= 4) and hand arithmetic for the rest.
 * Run from the repository root (make test-unit does).  GPL-3.0-or-later. */
#include "testutil.h"

#include <limits.h>

#include "csv.h"
#include "graduation.h"
#include "population_io.h"

static void read_mx(double mx[PS_NSEX][PS_NAGE])
{
    ps_err err;
    assert_int_equal(ps_read_sex_age_table("data/feidong/mortality_2020.csv", "mx", 0, 2, 1, mx,
                                           &err),
                     0);
}

/* Feidong's groups from the raw census table. */
static int feidong_groups(ps_age_group *g)
{
    ps_err err;
    ps_csv *c = ps_csv_read("data/raw/census2020_age_sex_feidong_hefei_anhui_china.csv", &err);
    assert_non_null(c);
    int ca = ps_csv_col(c, "area_code"), cs = ps_csv_col(c, "age_start"),
        ce = ps_csv_col(c, "age_end"), cm = ps_csv_col(c, "male"), cf = ps_csv_col(c, "female");
    int n = 0;
    for (int r = 0; r < ps_csv_nrows(c); r++) {
        if (strcmp(ps_csv_field(c, r, ca), "340122"))
            continue;
        g[n].lo = atoi(ps_csv_field(c, r, cs));
        g[n].hi = *ps_csv_field(c, r, ce) ? atoi(ps_csv_field(c, r, ce)) : -1;
        g[n].count[PS_MALE] = atof(ps_csv_field(c, r, cm));
        g[n].count[PS_FEMALE] = atof(ps_csv_field(c, r, cf));
        g[n].line = ps_csv_line(c, r);
        n++;
    }
    ps_csv_free(c);
    return n;
}

/* The C graduation reproduces data/feidong/population_2020.csv, which the
 * Python derivation wrote (independent code, same method). */
static void feidong_matches_python(void **state)
{
    (void)state;
    ps_age_group g[40];
    double mx[PS_NSEX][PS_NAGE], out[PS_NSEX][PS_NAGE];
    ps_pop py;
    ps_err err;
    int n = feidong_groups(g), fb;
    assert_int_equal(n, 19);
    read_mx(mx);
    assert_int_equal(ps_graduate(g, n, PS_GRAD_SPRAGUE, mx, NULL, out, &fb, &err), 0);
    assert_int_equal(ps_read_base_population("data/feidong/population_2020.csv", &py, &err), 0);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            assert_rel_close(out[x][a], py.p[x][a], 1e-9);
    /* Totals: 464,542 males and 420,250 females. */
    double t[2] = {0, 0};
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            t[x] += out[x][a];
    assert_rel_close(t[PS_MALE], 464542, 1e-12);
    assert_rel_close(t[PS_FEMALE], 420250, 1e-12);
}

/* A cubic population: Sprague's multipliers reproduce polynomials of
 * degree <= 3 exactly in every panel (the middle panel up to degree 4, the
 * end panels use four groups), so the graduated single years equal the
 * known ones, and group sums are exact. */
static double quartic(int a)
{
    double x = a;
    return 20000 + 300 * x - 12 * x * x + 0.1 * x * x * x;
}

static void known_single_years_recovered(void **state)
{
    (void)state;
    ps_age_group g[40];
    int n = 0;
    double out[PS_NSEX][PS_NAGE];
    ps_err err;
    /* 0, 1-4, 5-9, ..., 95-99 (closed, no open group). */
    int los[] = {0, 1};
    for (int k = 0; k < 2; k++) {
        g[n].lo = los[k];
        g[n].hi = k == 0 ? 0 : 4;
        n++;
    }
    for (int lo = 5; lo < 100; lo += 5, n++) {
        g[n].lo = lo;
        g[n].hi = lo + 4;
    }
    for (int i = 0; i < n; i++) {
        g[i].line = 0;
        g[i].count[0] = g[i].count[1] = 0;
        for (int a = g[i].lo; a <= g[i].hi; a++) {
            g[i].count[PS_MALE] += quartic(a);
            g[i].count[PS_FEMALE] += 0.9 * quartic(a);
        }
        assert_true(g[i].count[0] > 0);
    }
    int fb = -5;
    assert_int_equal(ps_graduate(g, n, PS_GRAD_SPRAGUE, NULL, NULL, out, &fb, &err), 0);
    assert_int_equal(fb, 0);
    for (int a = 0; a < 100; a++) {
        assert_rel_close(out[PS_MALE][a], quartic(a), 1e-9);
        assert_rel_close(out[PS_FEMALE][a], 0.9 * quartic(a), 1e-9);
    }
    assert_true(out[PS_MALE][100] == 0);
}

/* Single years in, the same single years out. */
static void single_years_unchanged(void **state)
{
    (void)state;
    ps_age_group g[PS_NAGE];
    double out[PS_NSEX][PS_NAGE];
    ps_err err;
    for (int a = 0; a < 90; a++) {
        g[a].lo = g[a].hi = a;
        g[a].count[PS_MALE] = 1000 + 37 * (a % 7);
        g[a].count[PS_FEMALE] = 900 + 11 * (a % 5);
        g[a].line = a + 2;
    }
    assert_int_equal(ps_graduate(g, 90, PS_GRAD_SPRAGUE, NULL, NULL, out, NULL, &err), 0);
    for (int a = 0; a < 90; a++) {
        assert_rel_close(out[PS_MALE][a], 1000 + 37 * (a % 7), 1e-12);
        assert_rel_close(out[PS_FEMALE][a], 900 + 11 * (a % 5), 1e-12);
    }
}

/* Ten-year groups and a 0-14 group (not five-year blocks): the cumulative
 * PCHIP split, group sums exact, nothing negative; the open group 90+ is
 * split by L_x, the last ages getting less than the first. */
static void wide_groups_pchip(void **state)
{
    (void)state;
    ps_age_group g[12];
    double mx[PS_NSEX][PS_NAGE], out[PS_NSEX][PS_NAGE];
    ps_err err;
    int n = 0, fb;
    int bounds[][2] = {{0, 14}, {15, 29}, {30, 39}, {40, 49}, {50, 59},
                       {60, 69}, {70, 79}, {80, 89}, {90, -1}};
    double counts[] = {15000, 18000, 13000, 14000, 12000, 9000, 5000, 2000, 300};
    for (; n < 9; n++) {
        g[n].lo = bounds[n][0];
        g[n].hi = bounds[n][1];
        g[n].count[PS_MALE] = counts[n];
        g[n].count[PS_FEMALE] = counts[n] * 1.1;
        g[n].line = n + 2;
    }
    read_mx(mx);
    assert_int_equal(ps_graduate(g, n, PS_GRAD_SPRAGUE, mx, NULL, out, &fb, &err), 0);
    assert_int_equal(fb, -1);
    for (int i = 0; i < n; i++) {
        int hi = g[i].hi < 0 ? 100 : g[i].hi;
        double s = 0;
        for (int a = g[i].lo; a <= hi; a++) {
            assert_true(out[PS_MALE][a] >= 0);
            s += out[PS_MALE][a];
        }
        assert_rel_close(s, counts[i], 1e-12);
    }
    assert_true(out[PS_MALE][99] < out[PS_MALE][90]);
}

/* The shape method: within each group the single years are the group's
 * count times the parent's share of the group (hand arithmetic), so the
 * parent's famine trough (ages 59-61 here) is kept; Sprague smooths it. */
static void shape_keeps_trough(void **state)
{
    (void)state;
    ps_age_group g[40];
    double mx[PS_NSEX][PS_NAGE], parent[PS_NSEX][PS_NAGE], out[PS_NSEX][PS_NAGE],
        spr[PS_NSEX][PS_NAGE];
    ps_err err;
    int n = feidong_groups(g);
    read_mx(mx);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            parent[x][a] = 1e6 * (a >= 59 && a <= 61 ? 0.45 : 1.0);
    assert_int_equal(ps_graduate(g, n, PS_GRAD_SHAPE, mx, parent, out, NULL, &err), 0);
    assert_int_equal(ps_graduate(g, n, PS_GRAD_SPRAGUE, mx, NULL, spr, NULL, &err), 0);
    /* Group 60-64 (index 13: 0, 1-4, 5-9, ..., 60-64): parent shares
     * .45,.45,1,1,1 of 3.9, so age 60 gets count*0.45/3.9. */
    assert_int_equal(g[13].lo, 60);
    for (int x = 0; x < PS_NSEX; x++) {
        assert_rel_close(out[x][60], g[13].count[x] * 0.45 / 3.9, 1e-12);
        assert_rel_close(out[x][62], g[13].count[x] * 1.0 / 3.9, 1e-12);
        /* 55-59: .. 59 is in the trough: 1,1,1,1,.45 of 4.45 */
        assert_rel_close(out[x][59], g[12].count[x] * 0.45 / 4.45, 1e-12);
        for (int i = 0; i < n; i++) {
            int hi = g[i].hi < 0 ? 100 : g[i].hi;
            double s = 0;
            for (int a = g[i].lo; a <= hi; a++)
                s += out[x][a];
            assert_rel_close(s, g[i].count[x], 1e-12);
        }
        /* The open group is split as in Sprague (L_x), identical. */
        assert_rel_close(out[x][90], spr[x][90], 1e-12);
    }
}

static void parse_ages(void **state)
{
    (void)state;
    int lo, hi;
    assert_int_equal(ps_grad_parse_age("37", &lo, &hi), 0);
    assert_true(lo == 37 && hi == 37);
    assert_int_equal(ps_grad_parse_age("1-4", &lo, &hi), 0);
    assert_true(lo == 1 && hi == 4);
    assert_int_equal(ps_grad_parse_age("85+", &lo, &hi), 0);
    assert_true(lo == 85 && hi == -1);
    assert_int_equal(ps_grad_parse_age("85\xe5\xb2\x81\xe5\x8f\x8a\xe4\xbb\xa5\xe4\xb8\x8a", &lo,
                                       &hi),
                     0); /* 85岁及以上 */
    assert_true(lo == 85 && hi == -1);
    assert_int_equal(ps_grad_parse_age("5-9\xe5\xb2\x81", &lo, &hi), 0); /* 5-9岁 */
    assert_true(lo == 5 && hi == 9);
    assert_int_equal(ps_grad_parse_age("9-5", &lo, &hi), -1);
    assert_int_equal(ps_grad_parse_age("x", &lo, &hi), -1);
    assert_int_equal(ps_grad_parse_age("", &lo, &hi), -1);
    assert_int_equal(ps_grad_parse_age("5-", &lo, &hi), -1);
}

static void bad_groups(void **state)
{
    (void)state;
    ps_age_group g[3] = {{0, 4, {1, 1}, 2}, {6, 9, {1, 1}, 3}, {10, -1, {1, 1}, 4}};
    ps_err err;
    assert_int_equal(ps_grad_check("c.csv", g, 3, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "c.csv:3", "ages 5..5 are missing");
    g[1].lo = 4;
    assert_int_equal(ps_grad_check("c.csv", g, 3, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "c.csv:3", "overlaps");
    g[1].lo = 5;
    g[1].hi = -1;
    assert_int_equal(ps_grad_check("c.csv", g, 3, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "c.csv:3", "open group 5+ must be the last");
    g[1].hi = 9;
    g[2].count[1] = -3;
    assert_int_equal(ps_grad_check("c.csv", g, 3, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "c.csv:4", "female", "negative");
    g[2].count[1] = 3;
    assert_int_equal(ps_grad_check("c.csv", g, 3, &err), PS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(feidong_matches_python),
        cmocka_unit_test(known_single_years_recovered),
        cmocka_unit_test(single_years_unchanged),
        cmocka_unit_test(wide_groups_pchip),
        cmocka_unit_test(shape_keeps_trough),
        cmocka_unit_test(parse_ages),
        cmocka_unit_test(bad_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
