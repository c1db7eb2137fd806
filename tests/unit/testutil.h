/* testutil.h: small helpers shared by the cmocka unit tests.
 *
 * Include this header first in every test file: it sets the POSIX feature
 * level (mkstemp, mkdtemp) before any system header is read, and pulls in
 * cmocka with the headers cmocka needs before it.
 *
 * Every helper is `static inline`, so a test file that does not use one
 * gets no unused-function warning.  Nothing here keeps state.
 *
 * GPL-3.0-or-later. */
#ifndef PS_TESTUTIL_H
#define PS_TESTUTIL_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ps_error.h"

/* ------------------------------------------------------------ numbers */

/* |actual - expected| <= rtol * |expected|; when expected is 0 the
 * tolerance is absolute (rtol itself), since nothing is relative to 0. */
static inline int tu_rel_close(double actual, double expected, double rtol)
{
    double tol = expected != 0.0 ? rtol * fabs(expected) : rtol;
    return fabs(actual - expected) <= tol;
}

#define assert_rel_close(actual, expected, rtol)                                 \
    do {                                                                         \
        double tu_a_ = (actual), tu_e_ = (expected), tu_r_ = (rtol);             \
        if (!tu_rel_close(tu_a_, tu_e_, tu_r_))                                  \
            fail_msg("%s = %.17g, expected %.17g (relative tolerance %g, "       \
                     "relative error %.3g)",                                     \
                     #actual, tu_a_, tu_e_, tu_r_,                               \
                     tu_e_ != 0.0 ? fabs(tu_a_ - tu_e_) / fabs(tu_e_)            \
                                  : fabs(tu_a_));                                \
    } while (0)

/* The tolerance for values computed in a few floating-point operations. */
#define TU_RTOL 1e-13

/* ------------------------------------------------------------ errors */

/* err->code == code and every NULL-terminated needle is in err->msg. */
static inline void tu_assert_err(const ps_err *err, int code, const char *file, int line,
                                 ...)
{
    va_list ap;
    if (err->code != code)
        fail_msg("%s:%d: error code %d, expected %d (message: %s)", file, line,
                 err->code, code, err->msg);
    va_start(ap, line);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
        if (!strstr(err->msg, s)) {
            va_end(ap);
            fail_msg("%s:%d: message \"%s\" lacks \"%s\"", file, line, err->msg, s);
        }
    va_end(ap);
}

/* assert_err(&err, PS_EINPUT, "file.csv", ":7:", "column 'age'") */
#define assert_err(err, code, ...) \
    tu_assert_err((err), (code), __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)

/* ------------------------------------------------------------ text */

/* A growing string the caller frees with free(tu_str.s). */
typedef struct tu_str {
    char *s;
    size_t n, cap;
} tu_str;

static inline void tu_str_add(tu_str *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void tu_str_add(tu_str *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(need >= 0);
    if (b->n + (size_t)need + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->n + (size_t)need + 1 > cap)
            cap *= 2;
        char *s = realloc(b->s, cap);
        assert_non_null(s);
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

/* ------------------------------------------------------------ files */

/* Writes len bytes of text to a fresh file made by mkstemp under $TMPDIR
 * (or /tmp) and returns its path; the caller unlinks it and frees the
 * string (tu_temp_free does both). */
static inline char *tu_write_temp_n(const char *text, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/ps_unit_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static inline char *tu_write_temp(const char *text)
{
    return tu_write_temp_n(text, strlen(text));
}

static inline void tu_temp_free(char *path)
{
    if (path) {
        unlink(path);
        free(path);
    }
}

/* Makes a fresh folder under $TMPDIR (or /tmp); the caller removes it. */
static inline char *tu_make_temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/ps_unit_dir_XXXXXX", dir && *dir ? dir : "/tmp");
    assert_non_null(mkdtemp(path));
    return path;
}

#endif
