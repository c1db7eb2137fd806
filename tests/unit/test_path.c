/* test_path.c: ps_path_at, MODEL.md's dated paths: linear between the
 * points, flat outside them.  Every expected value is worked out by hand in
 * the comment beside it.  GPL-3.0-or-later. */
#include "testutil.h"

#include "path.h"

/* One point: the path is that value at every year. */
static void test_one_point_is_flat(void **state)
{
    (void)state;
    const int y[] = {2025};
    const double v[] = {1.385};
    assert_true(ps_path_at(y, v, 1, 1990.0) == 1.385);
    assert_true(ps_path_at(y, v, 1, 2024.999) == 1.385);
    assert_true(ps_path_at(y, v, 1, 2025.0) == 1.385);
    assert_true(ps_path_at(y, v, 1, 2025.5) == 1.385);
    assert_true(ps_path_at(y, v, 1, 2100.0) == 1.385);
}

/* Two points {2020 = 1.12, 2030 = 1.63}: slope 0.51 per 10 years. */
static void test_two_points(void **state)
{
    (void)state;
    const int y[] = {2020, 2030};
    const double v[] = {1.12, 1.63};
    /* Flat before the first and after the last point, exact there. */
    assert_true(ps_path_at(y, v, 2, 1949.0) == 1.12);
    assert_true(ps_path_at(y, v, 2, 2019.5) == 1.12);
    assert_true(ps_path_at(y, v, 2, 2020.0) == 1.12);
    assert_true(ps_path_at(y, v, 2, 2030.0) == 1.63);
    assert_true(ps_path_at(y, v, 2, 2030.5) == 1.63);
    assert_true(ps_path_at(y, v, 2, 2200.0) == 1.63);
    /* 2025: w = 5/10 = 0.5, 1.12 + 0.51*0.5 = 1.375 */
    assert_rel_close(ps_path_at(y, v, 2, 2025.0), 1.375, TU_RTOL);
    /* 2023: w = 0.3, 1.12 + 0.51*0.3 = 1.12 + 0.153 = 1.273 */
    assert_rel_close(ps_path_at(y, v, 2, 2023.0), 1.273, TU_RTOL);
    /* 2027.5: w = 0.75, 1.12 + 0.51*0.75 = 1.12 + 0.3825 = 1.5025 */
    assert_rel_close(ps_path_at(y, v, 2, 2027.5), 1.5025, TU_RTOL);
    /* 2020.25: w = 0.025, 1.12 + 0.51*0.025 = 1.12 + 0.01275 = 1.13275 */
    assert_rel_close(ps_path_at(y, v, 2, 2020.25), 1.13275, TU_RTOL);
}

/* A path through zero: net migration {2020 = 3250, 2030 = -1480}. */
static void test_sign_change(void **state)
{
    (void)state;
    const int y[] = {2020, 2030};
    const double v[] = {3250.0, -1480.0};
    /* 2024: w = 0.4, 3250 + (-1480 - 3250)*0.4 = 3250 - 4730*0.4 = 3250 - 1892 = 1358 */
    assert_rel_close(ps_path_at(y, v, 2, 2024.0), 1358.0, TU_RTOL);
    /* 2029: w = 0.9, 3250 - 4730*0.9 = 3250 - 4257 = -1007 */
    assert_rel_close(ps_path_at(y, v, 2, 2029.0), -1007.0, TU_RTOL);
    /* 2025: w = 0.5, (3250 - 1480)/2 = 1770/2 = 885 */
    assert_rel_close(ps_path_at(y, v, 2, 2025.0), 885.0, TU_RTOL);
}

/* Several segments of unequal length, rising and falling:
 *   2020 1.30 | 2023 1.45 | 2035 1.60 | 2036 1.20 | 2050 1.80 | 2080 1.65 */
static const int seg_y[] = {2020, 2023, 2035, 2036, 2050, 2080};
static const double seg_v[] = {1.30, 1.45, 1.60, 1.20, 1.80, 1.65};

static void test_several_segments_interpolate(void **state)
{
    (void)state;
    /* 2021: w = 1/3 in [2020, 2023], 1.30 + 0.15/3 = 1.35 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2021.0), 1.35, TU_RTOL);
    /* 2022.5: w = 2.5/3, 1.30 + 0.15*2.5/3 = 1.30 + 0.125 = 1.425 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2022.5), 1.425, TU_RTOL);
    /* 2029: w = 6/12 in [2023, 2035], 1.45 + 0.15*0.5 = 1.525 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2029.0), 1.525, TU_RTOL);
    /* 2032: w = 9/12 = 0.75, 1.45 + 0.15*0.75 = 1.45 + 0.1125 = 1.5625 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2032.0), 1.5625, TU_RTOL);
    /* 2035.25: w = 0.25 in [2035, 2036], 1.60 - 0.40*0.25 = 1.50 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2035.25), 1.50, TU_RTOL);
    /* 2035.8: w = 0.8, 1.60 - 0.40*0.8 = 1.60 - 0.32 = 1.28 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2035.8), 1.28, TU_RTOL);
    /* 2043: w = 7/14 = 0.5 in [2036, 2050], 1.20 + 0.60*0.5 = 1.50 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2043.0), 1.50, TU_RTOL);
    /* 2046.5: w = 10.5/14 = 0.75, 1.20 + 0.60*0.75 = 1.20 + 0.45 = 1.65 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2046.5), 1.65, TU_RTOL);
    /* 2060: w = 10/30 in [2050, 2080], 1.80 - 0.15/3 = 1.75 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2060.0), 1.75, TU_RTOL);
    /* 2077: w = 27/30 = 0.9, 1.80 - 0.15*0.9 = 1.80 - 0.135 = 1.665 */
    assert_rel_close(ps_path_at(seg_y, seg_v, 6, 2077.0), 1.665, TU_RTOL);
}

static void test_several_segments_points_and_ends(void **state)
{
    (void)state;
    /* At each point the value is the point's own, exactly (a path written
     * {2035 = 1.60} must give 1.60 in 2035, not 1.5999999999999999). */
    for (int k = 0; k < 6; k++)
        assert_true(ps_path_at(seg_y, seg_v, 6, seg_y[k]) == seg_v[k]);
    /* Flat outside. */
    assert_true(ps_path_at(seg_y, seg_v, 6, 1900.0) == 1.30);
    assert_true(ps_path_at(seg_y, seg_v, 6, 2019.0) == 1.30);
    assert_true(ps_path_at(seg_y, seg_v, 6, 2081.0) == 1.65);
    assert_true(ps_path_at(seg_y, seg_v, 6, 2500.0) == 1.65);
}

/* Many points (one a year, 2020..2060): every point exact, every
 * mid-year the mean of its two neighbours ((v_k + v_k+1)/2 is w = 0.5). */
static void test_many_points(void **state)
{
    (void)state;
    enum { N = 41 };
    int y[N];
    double v[N];
    for (int k = 0; k < N; k++) {
        y[k] = 2020 + k;
        v[k] = 2.385 - 0.0625 * k + 0.11 * (k % 3);
    }
    for (int k = 0; k < N; k++)
        assert_true(ps_path_at(y, v, N, y[k]) == v[k]);
    for (int k = 0; k + 1 < N; k++)
        assert_rel_close(ps_path_at(y, v, N, y[k] + 0.5), 0.5 * (v[k] + v[k + 1]), TU_RTOL);
    /* 2033.25 lies in [2033, 2034]: k = 13, v13 = 2.385 - 0.8125 + 0.11*1 = 1.6825,
     * v14 = 2.385 - 0.875 + 0.11*2 = 1.73; 1.6825 + 0.0475*0.25 = 1.694375 */
    assert_rel_close(ps_path_at(y, v, N, 2033.25), 1.694375, TU_RTOL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_point_is_flat),
        cmocka_unit_test(test_two_points),
        cmocka_unit_test(test_sign_change),
        cmocka_unit_test(test_several_segments_interpolate),
        cmocka_unit_test(test_several_segments_points_and_ends),
        cmocka_unit_test(test_many_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
