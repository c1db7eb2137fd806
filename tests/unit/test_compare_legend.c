/* test_compare_legend.c: how `compare` names a scenario in its charts'
 * legends (ps_compare_legend): the description, or the name in words,
 * without a closing full stop, shortened to a number of display columns
 * (a Chinese character counts two) at the end of a word where one ends in
 * the last third, with "...".  The expected strings are counted by hand
 * in the comments.  GPL-3.0-or-later. */
#include "testutil.h"

#include "compare.h"

static const char *legend(const char *desc, const char *name, int cols)
{
    static char out[512];
    ps_compare_legend(desc, name, cols, out, sizeof out);
    return out;
}

static void test_a_description_that_fits_is_kept_whole(void **state)
{
    (void)state;
    /* 44 characters and a full stop: the stop goes. */
    assert_string_equal(legend("Baseline with the TFR rising to 1.6 by 2030.", "x", 64),
                        "Baseline with the TFR rising to 1.6 by 2030");
    /* A Chinese full stop too; 9 characters, 18 columns <= 18 (with 17:
     * at most 14 before "...", 7 characters). */
    assert_string_equal(legend("基线：无净迁入人口。", "x", 18), "基线：无净迁入人口");
    assert_string_equal(legend("基线：无净迁入人口。", "x", 17), "基线：无净迁入...");
    /* Exactly 64 columns: whole; 65: shortened (61 letters and "...",
     * no space to end at). */
    char a64[65], a65[66], want[70];
    memset(a64, 'a', 64);
    a64[64] = '\0';
    memset(a65, 'a', 65);
    a65[65] = '\0';
    assert_string_equal(legend(a64, "x", 64), a64);
    snprintf(want, sizeof want, "%.61s...", a65);
    assert_string_equal(legend(a65, "x", 64), want);
}

static void test_without_a_description_the_name_in_words(void **state)
{
    (void)state;
    assert_string_equal(legend(NULL, "feidong_low_fertility", 64), "feidong low fertility");
    assert_string_equal(legend("", "feidong_low_fertility", 64), "feidong low fertility");
}

static void test_a_long_description_ends_at_a_word(void **state)
{
    (void)state;
    /* 110 characters; at most 61 before "...": the first 61 end in
     * "pension o", the last space before them follows "pension" (59
     * characters, within the last third of 61). */
    assert_string_equal(legend("Baseline with a county top-up of the resident basic pension of "
                               "+20 yuan a month from 2026, paid by the county.",
                               "x", 64),
                        "Baseline with a county top-up of the resident basic pension...");
    /* 59 columns: at most 56, which end with "schedules;" followed by a
     * space: the word ends there and the semicolon goes. */
    assert_string_equal(legend("Feidong County, 2020 census base, UN WPP 2024 schedules; "
                               "baseline policies.",
                               "x", 59),
                        "Feidong County, 2020 census base, UN WPP 2024 schedules...");
}

static void test_chinese_counts_two_columns_and_is_cut_between_characters(void **state)
{
    (void)state;
    /* 20 columns: at most 17 before "...": 基线：撮镇镇 (6 characters, 12
     * columns) and 2027 (4) make 16; 年 (2 more) would make 18. */
    assert_string_equal(legend("基线：撮镇镇2027年迁入5000名居民，由县财政承担安置费用", "x", 20),
                        "基线：撮镇镇2027...");
    /* A space in the first third only is not used: at 12 columns, at most
     * 9 before "...": a, b, the space and 基线迁 (3 + 6); the word "ab"
     * ends after 2 of those 9 columns, not in the last third. */
    assert_string_equal(legend("ab 基线迁入人口居民安置", "x", 12), "ab 基线迁...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_description_that_fits_is_kept_whole),
        cmocka_unit_test(test_without_a_description_the_name_in_words),
        cmocka_unit_test(test_a_long_description_ends_at_a_word),
        cmocka_unit_test(test_chinese_counts_two_columns_and_is_cut_between_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
