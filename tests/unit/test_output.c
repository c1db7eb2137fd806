/* test_output.c: numbers written so that they read back exactly, and
 * results folders replaced atomically (begin, commit, abort).
 * GPL-3.0-or-later. */
#include "testutil.h"

#include <dirent.h>
#include <float.h>
#include <sys/stat.h>

#include "output.h"

/* ================================================================ ps_fmt */

/* strtod(ps_fmt(v)) == v, bit for bit (so -0.0 keeps its sign). */
static void assert_round_trip(double v)
{
    char buf[32];
    const char *s = ps_fmt(buf, v);
    assert_ptr_equal(s, buf);
    assert_true(strlen(s) > 0 && strlen(s) < 32);
    char *end;
    double back = strtod(s, &end);
    if (*end || memcmp(&back, &v, sizeof v) != 0)
        fail_msg("ps_fmt(%a) = \"%s\" reads back as %a", v, s, back);
}

static void test_fmt_round_trip_chosen(void **state)
{
    (void)state;
    const double v[] = {
        0.0, -0.0, 0.1, -0.1, 1.0 / 3.0, 2.0 / 3.0, 0.1 + 0.2, 2.385, -1234.5678,
        1e-300, -1e-300, 6.02e23, 6.02214076e23, 1e21, 1e22, 1e23, 1e308,
        100.0, 1.5, 12345678.9, 1e15 + 0.3, 0.000123456789012345678,
        9007199254740992.0,   /* 2^53 */
        9007199254740994.0,   /* 2^53 + 2 */
        123456789012345678.0, /* not exactly representable: rounds */
        -4503599627370497.0,  /* -(2^52 + 1) */
        18446744073709551616.0, /* 2^64 */
        DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN, DBL_EPSILON, 1.0 + DBL_EPSILON,
        DBL_MIN / 4.0,        /* subnormal */
        4.9406564584124654e-324, /* smallest subnormal */
        0.031205394497219078, 25.474025974025974, 5.4910775226250555e-4,
        HUGE_VAL, -HUGE_VAL,
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        assert_round_trip(v[i]);
}

/* Many bit patterns from a fixed LCG: every finite double class. */
static void test_fmt_round_trip_bit_patterns(void **state)
{
    (void)state;
    uint64_t s = 0x5eed2385u;
    for (int i = 0; i < 20000; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t bits = s ^ (s >> 29);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (isnan(v))
            continue;
        assert_round_trip(v);
        /* And ordinary magnitudes, where results live. */
        double w = (double)(s >> 11) * (1.0 / 9007199254740992.0) * 1e7 - 3e6;
        assert_round_trip(w);
    }
}

/* Short values print short: nothing a reader would not have typed. */
static void test_fmt_text(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(ps_fmt(buf, 0.1), "0.1");
    assert_string_equal(ps_fmt(buf, 2.385), "2.385");
    assert_string_equal(ps_fmt(buf, 100.0), "100");
    assert_string_equal(ps_fmt(buf, 6.02e23), "6.02e+23");
    assert_string_equal(ps_fmt(buf, 0.0), "0");
    assert_string_equal(ps_fmt(buf, -0.0), "-0");
    assert_string_equal(ps_fmt(buf, 9007199254740992.0), "9007199254740992"); /* 2^53 */
    /* 1/3 needs 16 digits, 0.1 + 0.2 needs 17. */
    assert_string_equal(ps_fmt(buf, 1.0 / 3.0), "0.3333333333333333");
    assert_string_equal(ps_fmt(buf, 0.1 + 0.2), "0.30000000000000004");
}

static void test_fmt_nan_is_empty(void **state)
{
    (void)state;
    char buf[32];
    memset(buf, 'x', sizeof buf);
    assert_string_equal(ps_fmt(buf, NAN), "");
    assert_string_equal(ps_fmt(buf, -NAN), "");
}

static void test_put(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    ps_put(f, 1.5, 1);
    ps_put(f, NAN, 0);
    ps_put(f, 0.1, 0);
    ps_put(f, -2.385, 0);
    fputc('\n', f);
    ps_put(f, NAN, 1);
    ps_put(f, 6.02e23, 0);
    rewind(f);
    char line[128];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "1.5,,0.1,-2.385\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, ",6.02e+23");
    fclose(f);
}

/* ================================================================ results folders */

/* out = a/b, failing the test if it does not fit. */
static void path_join(char *out, size_t n, const char *a, const char *b)
{
    int k = snprintf(out, n, "%s/%s", a, b);
    assert_true(k > 0 && (size_t)k < n);
}

/* Entries of a folder, "." and ".." left out, sorted, joined by '|';
 * "" for an empty folder, "(none)" if it cannot be opened. */
static void list_dir(const char *dir, char *out, size_t n)
{
    DIR *d = opendir(dir);
    out[0] = '\0';
    if (!d) {
        snprintf(out, n, "(none)");
        return;
    }
    char got[64][256];
    int k = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, PS_OUT_MARKER))
            continue;
        assert_true(k < 64);
        snprintf(got[k++], sizeof got[0], "%s", e->d_name);
    }
    closedir(d);
    for (int i = 1; i < k; i++) /* insertion sort: few entries */
        for (int j = i; j > 0 && strcmp(got[j - 1], got[j]) > 0; j--) {
            char t[256];
            memcpy(t, got[j], sizeof t);
            memcpy(got[j], got[j - 1], sizeof t);
            memcpy(got[j - 1], t, sizeof t);
        }
    for (int i = 0; i < k; i++) {
        size_t used = strlen(out);
        snprintf(out + used, n - used, "%s%s", i ? "|" : "", got[i]);
    }
}

static void write_file(const char *dir, const char *name, const char *text)
{
    ps_err err;
    FILE *f = ps_open_out(dir, name, &err);
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(ps_close_out(f, dir, name, &err), PS_OK);
}

static void assert_file_text(const char *dir, const char *name, const char *text)
{
    char path[4096], buf[256];
    path_join(path, sizeof path, dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s does not exist", path);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, text);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A fresh base folder per test, removed afterwards. */
static int setup_dir(void **state)
{
    *state = tu_make_temp_dir();
    return 0;
}

static int teardown_dir(void **state)
{
    ps_remove_tree(*state);
    free(*state);
    return 0;
}

static void test_outdir_commit_new(void **state)
{
    const char *base = *state;
    char final[4096], parent[4096], tmp[4096], ls[2048];
    ps_err err;
    path_join(parent, sizeof parent, base, "out/feidong");
    path_join(final, sizeof final, parent, "baseline");
    /* Parents are created; the temporary folder sits beside final. */
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    assert_int_equal(strncmp(tmp, final, strlen(final)), 0);
    assert_non_null(strstr(tmp + strlen(final), ".tmp-"));
    assert_true(exists(tmp));
    assert_false(exists(final)); /* nothing visible until commit */
    write_file(tmp, "population.csv", "year,total\n2020,987654.5\n");
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_OK);
    assert_false(exists(tmp));
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "population.csv");
    assert_file_text(final, "population.csv", "year,total\n2020,987654.5\n");
    list_dir(parent, ls, sizeof ls);
    assert_string_equal(ls, "baseline"); /* no .tmp- or .old- left */
}

static void test_outdir_commit_replaces(void **state)
{
    const char *base = *state;
    char final[4096], tmp[4096], ls[2048], sub[4096];
    ps_err err;
    path_join(final, sizeof final, base, "results");
    /* A previous run's folder, with a file and a nested folder. */
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "old.csv", "a\n1\n");
    write_file(tmp, "shared.csv", "version 1\n");
    path_join(sub, sizeof sub, tmp, "charts");
    assert_int_equal(mkdir(sub, 0777), 0);
    write_file(sub, "deep.txt", "x");
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_OK);
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "charts|old.csv|shared.csv");

    /* The next run replaces the whole content. */
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "new.csv", "b\n2\n");
    write_file(tmp, "shared.csv", "version 2\n");
    /* Until commit, the old results are still there. */
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "charts|old.csv|shared.csv");
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_OK);
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "new.csv|shared.csv");
    assert_file_text(final, "shared.csv", "version 2\n");
    list_dir(base, ls, sizeof ls);
    assert_string_equal(ls, "results");
}

static void test_outdir_abort(void **state)
{
    const char *base = *state;
    char final[4096], tmp[4096], ls[2048];
    ps_err err;
    path_join(final, sizeof final, base, "run");

    /* Abort with no previous results: nothing at all is left. */
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "half.csv", "year\n2020\n");
    ps_outdir_abort(tmp);
    assert_false(exists(tmp));
    assert_false(exists(final));
    list_dir(base, ls, sizeof ls);
    assert_string_equal(ls, "");

    /* Abort over previous results: they stay as they were. */
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "keep.csv", "kept\n");
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_OK);
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "keep.csv", "overwritten\n");
    write_file(tmp, "half.csv", "year\n");
    ps_outdir_abort(tmp);
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "keep.csv");
    assert_file_text(final, "keep.csv", "kept\n");
    list_dir(base, ls, sizeof ls);
    assert_string_equal(ls, "run");

    /* No-ops. */
    ps_outdir_abort(NULL);
    ps_outdir_abort("");
}

static void test_outdir_final_is_a_file(void **state)
{
    const char *base = *state;
    char final[4096], tmp[4096], ls[2048];
    ps_err err;
    path_join(final, sizeof final, base, "results");
    write_file(base, "results", "a file in the way\n");
    /* Refused before anything is written... */
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_EIO);
    assert_err(&err, PS_EIO, final, "not a folder");
    /* ...and at commit, if the file appeared during the run. */
    unlink(final);
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "x.csv", "1\n");
    write_file(base, "results", "a file in the way\n");
    ps_err_clear(&err);
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_EIO);
    assert_err(&err, PS_EIO, final, "not a folder");
    /* The temporary folder is cleaned up, the file left alone. */
    list_dir(base, ls, sizeof ls);
    assert_string_equal(ls, "results");
    assert_file_text(base, "results", "a file in the way\n");
}

/* A folder that does not hold our results is never emptied without
 * PS_OUT_FORCE: the user's files stay. */
static void test_outdir_refuses_foreign_folder(void **state)
{
    const char *base = *state;
    char final[4096], tmp[4096], ls[2048];
    ps_err err;
    path_join(final, sizeof final, base, "mine");
    assert_int_equal(mkdir(final, 0777), 0);
    write_file(final, "thesis.docx", "years of work\n");
    ps_err_clear(&err);
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_EUSAGE);
    assert_err(&err, PS_EUSAGE, final, "--force");
    list_dir(base, ls, sizeof ls);
    assert_string_equal(ls, "mine"); /* no temporary folder either */
    assert_file_text(final, "thesis.docx", "years of work\n");
    /* Became foreign during the run: refused at commit, results dropped. */
    path_join(final, sizeof final, base, "later");
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    assert_int_equal(mkdir(final, 0777), 0);
    write_file(final, "notes.txt", "mine\n");
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_EUSAGE);
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "notes.txt");
    /* With PS_OUT_FORCE it is replaced. */
    path_join(final, sizeof final, base, "mine");
    assert_int_equal(ps_outdir_prepare(final, PS_OUT_FORCE, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "a.csv", "x\n1\n");
    assert_int_equal(ps_outdir_commit_flags(tmp, final, PS_OUT_FORCE, &err), PS_OK);
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "a.csv");
    /* An empty folder, or results of an older version, are ours. */
    path_join(final, sizeof final, base, "empty");
    assert_int_equal(mkdir(final, 0777), 0);
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_OK);
    path_join(final, sizeof final, base, "legacy");
    assert_int_equal(mkdir(final, 0777), 0);
    write_file(final, "manifest.json", "{\n  \"engine\": \"policysim\",\n}\n");
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    write_file(tmp, "b.csv", "x\n");
    assert_int_equal(ps_outdir_commit(tmp, final, &err), PS_OK);
    list_dir(final, ls, sizeof ls);
    assert_string_equal(ls, "b.csv");
}

/* Temporary folders of a killed run (dead pid in the marker) go at the
 * next run; a live run's, and folders that are not ours, stay. */
static void test_outdir_cleans_stale(void **state)
{
    const char *base = *state;
    char final[4096], dead[4096], live[4096], other[4096], ls[2048], tmp[4096];
    ps_err err;
    path_join(final, sizeof final, base, "res");
    path_join(dead, sizeof dead, base, "res.tmp-AAAAAA");
    path_join(live, sizeof live, base, "res.old-BBBBBB");
    path_join(other, sizeof other, base, "res.tmp-CCCCCC");
    assert_int_equal(mkdir(dead, 0777), 0);
    assert_int_equal(mkdir(live, 0777), 0);
    assert_int_equal(mkdir(other, 0777), 0);
    /* A pid that cannot exist (above pid_max) is dead. */
    write_file(dead, PS_OUT_MARKER, "policysim results\npid 2147483000\n");
    write_file(dead, "half.csv", "year\n");
    char mine[64];
    snprintf(mine, sizeof mine, "policysim results\npid %ld\n", (long)getppid());
    write_file(live, PS_OUT_MARKER, mine);
    write_file(other, "user.txt", "not ours\n");
    assert_int_equal(ps_outdir_begin(final, tmp, sizeof tmp, &err), PS_OK);
    ps_outdir_abort(tmp);
    list_dir(base, ls, sizeof ls);
    assert_string_equal(ls, "res.old-BBBBBB|res.tmp-CCCCCC");
}

static void test_open_out_error(void **state)
{
    const char *base = *state;
    char dir[4096];
    ps_err err;
    path_join(dir, sizeof dir, base, "missing-folder");
    ps_err_clear(&err);
    assert_null(ps_open_out(dir, "x.csv", &err));
    assert_err(&err, PS_EIO, "missing-folder/x.csv");
}

/* A failed run's message names the results folder, not its temporary
 * folder (removed by then); a longer name that only starts the same is
 * left alone. */
static void test_err_name_final(void **state)
{
    (void)state;
    ps_err err;
    ps_err_set(&err, PS_EIO, "out/b.tmp-Ab12Cd/plots/c.svg: cannot write the SVG chart: No "
               "space left on device (out/b.tmp-Ab12Cd: out/b.tmp-Ab12CdX/y)");
    ps_err_name_final(&err, "out/b.tmp-Ab12Cd", "out/b");
    assert_string_equal(err.msg, "out/b/plots/c.svg: cannot write the SVG chart: No space "
                        "left on device (out/b: out/b.tmp-Ab12CdX/y)");
    assert_int_equal(err.code, PS_EIO);
    ps_err_set(&err, PS_EINPUT, "s.lua:3: bad");
    ps_err_name_final(&err, "out/b.tmp-Ab12Cd", "out/b");
    assert_string_equal(err.msg, "s.lua:3: bad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_round_trip_chosen),
        cmocka_unit_test(test_fmt_round_trip_bit_patterns),
        cmocka_unit_test(test_fmt_text),
        cmocka_unit_test(test_fmt_nan_is_empty),
        cmocka_unit_test(test_put),
        cmocka_unit_test(test_err_name_final),
        cmocka_unit_test_setup_teardown(test_outdir_commit_new, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_outdir_commit_replaces, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_outdir_abort, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_outdir_final_is_a_file, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_outdir_refuses_foreign_folder, setup_dir,
                                        teardown_dir),
        cmocka_unit_test_setup_teardown(test_outdir_cleans_stale, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_open_out_error, setup_dir, teardown_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
