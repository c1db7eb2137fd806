/* test_scenario_read.c: the typed, protected readers through which C
 * reads a scenario (scenario_read.h): wrong types, out-of-range and NaN
 * values, whole numbers, lists, sorted keys, malformed paths, functions
 * that error, return the wrong kind or loop, and a metatable a scenario
 * function puts on its own table after loading (raw reads do not run its
 * __index or __len).  Every message names the file, the line where the key
 * was set and the path read.  GPL-3.0-or-later. */
#include "testutil.h"

#include "scenario.h"
#include "scenario_read.h"

/* The scenario, line by line (the line numbers are asserted below). */
static const char *const LINES[] = {
    /* 1 */ "local C = { { year = 2030.5, y2 = 2030, name = 'abc', flag = true,",
    /* 2 */ "  list = { 1, 2, 3 }, bad = { 1, 'x' } } }",
    /* 3 */ "return { extends = '%s/scenarios/feidong_baseline.lua', name = 'rd', end_year = 2022,",
    /* 4 */ "  calibrations = C,",
    /* 5 */ "  stochastic = { perturb = { ['population.srb'] = { sd = 0.1, ar = 'x', lo = 0/0 },",
    /* 6 */ "      ['b.key'] = {}, ['a.key'] = {} } },",
    /* 7 */ "  indicators = { num = function(y, g) return y * 2 + (g == 'f' and 1 or 0) end,",
    /* 8 */ "    str = function() return 'x' end,",
    /* 9 */ "    err = function() error('bad thing') end,",
    /* 10 */ "    meta = function() setmetatable(C[1], { __index = function() error('index ran') end,",
    /* 11 */ "      __len = function() while true do end end }) return 1 end,",
    /* 12 */ "    loop = function() while true do end end },",
    /* 13 */ "  population = { net_migration = { total = function(y)",
    /* 14 */ "    if y == 2021 then error('migration boom') elseif y == 2022 then return 'many'",
    /* 15 */ "    elseif y == 2023 then return 1e12 elseif y == 2024 then while true do end end",
    /* 16 */ "    return y - 2000 end } },",
    /* 17 */ "}",
    NULL};

static ps_scenario *load(char **dir)
{
    char cwd[2048], path[4200];
    *dir = tu_make_temp_dir();
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/s.lua", *dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; LINES[i]; i++) {
        if (i == 2)
            fprintf(f, LINES[i], cwd);
        else
            fputs(LINES[i], f);
        fputc('\n', f);
    }
    fclose(f);
    ps_err err;
    ps_err_clear(&err);
    ps_limits lim = {1000000, (size_t)64 << 20};
    ps_scenario *sc = ps_scenario_load(path, &lim, "scripts", &err);
    if (!sc)
        fail_msg("load: %s", err.msg);
    return sc;
}

static void unload(ps_scenario *sc, char *dir)
{
    char cmd[4300];
    ps_scenario_free(sc);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

static void test_values(void **state)
{
    (void)state;
    char *dir;
    ps_scenario *sc = load(&dir);
    ps_err err;
    int kind, set, n;
    double v = -1, nums[4];
    long long i = -1;
    char *s;

    /* kinds, and a missing part of a path reads as nil */
    assert_int_equal(ps_read_kind(sc, &kind, &err, "calibrations"), PS_OK);
    assert_int_equal(kind, PS_V_TABLE);
    assert_int_equal(ps_read_kind(sc, &kind, &err, "calibrations[1].name"), PS_OK);
    assert_int_equal(kind, PS_V_STRING);
    assert_int_equal(ps_read_kind(sc, &kind, &err, "calibrations[7].name.x"), PS_OK);
    assert_int_equal(kind, PS_V_NIL);
    assert_int_equal(ps_read_kind(sc, &kind, &err, "calibrations[1].name.x"), PS_OK);
    assert_int_equal(kind, PS_V_NIL);
    assert_true(ps_read_has_table(sc, "stochastic.perturb[\"%s\"]", "population.srb"));
    assert_false(ps_read_has_table(sc, "calibrations[1].name"));

    /* numbers: value, range, NaN, wrong kind, optional and required */
    assert_int_equal(ps_read_number(sc, 0, 1, &v, NULL, &err,
                                    "stochastic.perturb[\"population.srb\"].sd"), PS_OK);
    assert_true(v == 0.1);
    assert_int_equal(ps_read_number(sc, 0, 0.05, &v, NULL, &err,
                                    "stochastic.perturb[\"population.srb\"].sd"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:5: ", "'stochastic.perturb[\"population.srb\"].sd'",
               "is 0.1, outside [0, 0.05]");
    assert_int_equal(ps_read_number(sc, -1e9, 1e9, &v, NULL, &err,
                                    "stochastic.perturb[\"population.srb\"].lo"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:5: ", ".lo'", "NaN");
    assert_int_equal(ps_read_number(sc, 0, 1, &v, NULL, &err,
                                    "stochastic.perturb[\"population.srb\"].ar"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:5: ", ".ar' must be a number, got string");
    v = 7;
    set = -1;
    assert_int_equal(ps_read_number(sc, 0, 1, &v, &set, &err,
                                    "stochastic.perturb[\"population.srb\"].hi"), PS_OK);
    assert_int_equal(set, 0);
    assert_true(v == 7); /* untouched */
    assert_int_equal(ps_read_number(sc, 0, 1, &v, NULL, &err, "calibrations[1].zzz"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:4: ", "'calibrations[1].zzz' is missing");

    /* whole numbers: 2030.5 is not one; a range */
    assert_int_equal(ps_read_integer(sc, 1800, 2300, &i, NULL, &err, "calibrations[1].y2"), PS_OK);
    assert_int_equal(i, 2030);
    assert_int_equal(ps_read_integer(sc, 1800, 2300, &i, NULL, &err, "calibrations[1].year"),
                     PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:4: ", "'calibrations[1].year' must be a whole number");
    assert_int_equal(ps_read_integer(sc, 1800, 2020, &i, NULL, &err, "calibrations[1].y2"),
                     PS_EINPUT);
    assert_err(&err, PS_EINPUT, "is 2030, outside [1800, 2020]");

    /* strings and booleans */
    assert_int_equal(ps_read_string(sc, &s, NULL, &err, "calibrations[1].name"), PS_OK);
    assert_string_equal(s, "abc");
    free(s);
    assert_int_equal(ps_read_string(sc, &s, NULL, &err, "calibrations[1].flag"), PS_EINPUT);
    assert_null(s);
    assert_err(&err, PS_EINPUT, "'calibrations[1].flag' must be a string, got boolean");
    assert_int_equal(ps_read_bool(sc, &n, NULL, &err, "calibrations[1].flag"), PS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ps_read_bool(sc, &n, NULL, &err, "calibrations[1].name"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "must be true or false, got string");

    /* lists */
    assert_int_equal(ps_read_len(sc, &n, &err, "calibrations[1].list"), PS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ps_read_len(sc, &n, &err, "calibrations[1].name"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "must be a list, got string");
    assert_int_equal(ps_read_numbers(sc, 0, 10, nums, 4, &n, &err, "calibrations[1].list"), PS_OK);
    assert_int_equal(n, 3);
    assert_true(nums[0] == 1 && nums[1] == 2 && nums[2] == 3);
    assert_int_equal(ps_read_numbers(sc, 0, 10, nums, 2, &n, &err, "calibrations[1].list"),
                     PS_EINPUT);
    assert_err(&err, PS_EINPUT, "has 3 numbers, at most 2");
    assert_int_equal(ps_read_numbers(sc, 0, 2, nums, 4, &n, &err, "calibrations[1].list"),
                     PS_EINPUT);
    assert_err(&err, PS_EINPUT, "'calibrations[1].list' [3] is 3, outside [0, 2]");
    assert_int_equal(ps_read_numbers(sc, 0, 10, nums, 4, &n, &err, "calibrations[1].bad"),
                     PS_EINPUT);
    assert_err(&err, PS_EINPUT, "[2] must be a number, got string");

    /* keys, sorted; a table with a key that is not a name */
    char **keys;
    assert_int_equal(ps_read_keys(sc, &keys, &n, 10, &err, "stochastic.perturb"), PS_OK);
    assert_int_equal(n, 3);
    assert_string_equal(keys[0], "a.key");
    assert_string_equal(keys[1], "b.key");
    assert_string_equal(keys[2], "population.srb");
    ps_read_keys_free(keys, n);
    assert_int_equal(ps_read_keys(sc, &keys, &n, 2, &err, "stochastic.perturb"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "has more than 2 entries");
    assert_int_equal(ps_read_keys(sc, &keys, &n, 10, &err, "calibrations[1].list"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:4: ", "'calibrations[1].list' has a key that is not a name");
    assert_null(keys);

    /* a malformed path is the engine's bug, not the user's */
    assert_int_equal(ps_read_kind(sc, &kind, &err, "calibrations[x]"), PS_EINTERNAL);
    assert_int_equal(ps_read_kind(sc, &kind, &err, "a..b"), PS_EINTERNAL);
    unload(sc, dir);
}

static void test_functions(void **state)
{
    (void)state;
    char *dir;
    ps_scenario *sc = load(&dir);
    ps_err err;
    ps_fn fn;
    int kind;
    double v;
    ps_arg args[2] = {{PS_ARG_INT, 2020, NULL}, {PS_ARG_STRING, 0, "f"}};

    assert_int_equal(ps_read_function(sc, &fn, &err, "indicators.num"), PS_OK);
    assert_int_equal(ps_fn_call(sc, &fn, args, 2, &kind, &v, &err), PS_OK);
    assert_int_equal(kind, PS_V_NUMBER);
    assert_true(v == 4041); /* 2020 * 2 + 1 */
    assert_int_equal(ps_fn_call(sc, &fn, args, 1, &kind, &v, &err), PS_OK);
    assert_true(v == 4040);
    ps_fn_release(sc, &fn);
    ps_fn_release(sc, &fn); /* twice is harmless */

    assert_int_equal(ps_read_function(sc, &fn, &err, "indicators.str"), PS_OK);
    assert_int_equal(ps_fn_call(sc, &fn, args, 0, &kind, &v, &err), PS_OK);
    assert_int_equal(kind, PS_V_STRING);
    assert_true(isnan(v));
    ps_fn_release(sc, &fn);

    assert_int_equal(ps_read_function(sc, &fn, &err, "calibrations[1].name"), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "must be a function, got string");

    /* an error in the function: its file and line */
    assert_int_equal(ps_read_function(sc, &fn, &err, "indicators.err"), PS_OK);
    assert_int_equal(ps_fn_call(sc, &fn, args, 0, &kind, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:9:", "bad thing");
    ps_fn_release(sc, &fn);

    /* The function puts an erroring __index and a looping __len on the
     * scenario's own table: readers read raw, so neither runs. */
    assert_int_equal(ps_read_function(sc, &fn, &err, "indicators.meta"), PS_OK);
    assert_int_equal(ps_fn_call(sc, &fn, args, 0, &kind, &v, &err), PS_OK);
    ps_fn_release(sc, &fn);
    int n = -1;
    assert_int_equal(ps_read_kind(sc, &kind, &err, "calibrations[1].nothing"), PS_OK);
    assert_int_equal(kind, PS_V_NIL);
    assert_int_equal(ps_read_len(sc, &n, &err, "calibrations"), PS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ps_read_len(sc, &n, &err, "calibrations[1].list"), PS_OK);
    assert_int_equal(n, 3);

    /* a function that loops meets the instruction limit: an error value */
    assert_int_equal(ps_read_function(sc, &fn, &err, "indicators.loop"), PS_OK);
    assert_int_equal(ps_fn_call(sc, &fn, args, 0, &kind, &v, &err), PS_ELIMIT);
    assert_err(&err, PS_ELIMIT, "s.lua:12:", "instruction limit of 1000000 exceeded");
    /* the sandbox stays stopped; reading the scenario still works */
    assert_int_equal(ps_fn_call(sc, &fn, args, 0, &kind, &v, &err), PS_ELIMIT);
    ps_fn_release(sc, &fn);
    assert_int_equal(ps_read_len(sc, &n, &err, "calibrations[1].list"), PS_OK);
    assert_int_equal(n, 3);
    unload(sc, dir);
}

/* A per-year schedule given as a function: called protected, under the
 * limits; what it does wrong is named with the file, line, key and year. */
static void test_series_function(void **state)
{
    (void)state;
    char *dir;
    ps_scenario *sc = load(&dir);
    ps_err err;
    double v = -1;
    const ps_series *s = ps_scenario_series(sc, "population.net_migration.total");
    assert_non_null(s);
    assert_int_equal(s->kind, PS_SERIES_FUNC);
    assert_int_equal(ps_series_at(sc, s, 2020, &v, &err), PS_OK);
    assert_true(v == 20);
    assert_int_equal(ps_series_at(sc, s, 2021, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:13: ", "'population.net_migration.total' in 2021",
               "s.lua:14:", "migration boom");
    assert_int_equal(ps_series_at(sc, s, 2022, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:13: ", "returned string in 2022");
    assert_int_equal(ps_series_at(sc, s, 2023, &v, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "s.lua:13: ", "returned 1000000000000 in 2023, outside");
    assert_int_equal(ps_series_at(sc, s, 2024, &v, &err), PS_ELIMIT);
    assert_err(&err, PS_ELIMIT, "'population.net_migration.total' in 2024", "s.lua:15:",
               "instruction limit of 1000000 exceeded");
    unload(sc, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_series_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
