/* graduation.c: see graduation.h.  GPL-3.0-or-later. */
#include "graduation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sprague fifth-difference multipliers (Sprague 1880, J. Inst. Actuaries
 * 22:270-285; Shryock & Siegel 1976, Appendix C; the values DemoTools'
 * graduate_sprague() uses and data/derive_feidong.py copies).  Rows: the
 * five single years of the target block; columns: five consecutive block
 * totals.  The last two panels are the first two reversed. */
static const double SP_FIRST[5][5] = {
    {0.3616, -0.2768, 0.1488, -0.0336, 0.0},
    {0.2640, -0.0960, 0.0400, -0.0080, 0.0},
    {0.1840, 0.0400, -0.0320, 0.0080, 0.0},
    {0.1200, 0.1360, -0.0720, 0.0160, 0.0},
    {0.0704, 0.1968, -0.0848, 0.0176, 0.0},
};
static const double SP_SECOND[5][5] = {
    {0.0336, 0.2272, -0.0752, 0.0144, 0.0},
    {0.0080, 0.2320, -0.0480, 0.0080, 0.0},
    {-0.0080, 0.2160, -0.0080, 0.0000, 0.0},
    {-0.0160, 0.1840, 0.0400, -0.0080, 0.0},
    {-0.0176, 0.1408, 0.0912, -0.0144, 0.0},
};
static const double SP_MIDDLE[5][5] = {
    {-0.0128, 0.0848, 0.1504, -0.0240, 0.0016},
    {-0.0016, 0.0144, 0.2224, -0.0416, 0.0064},
    {0.0064, -0.0336, 0.2544, -0.0336, 0.0064},
    {0.0064, -0.0416, 0.2224, 0.0144, -0.0016},
    {0.0016, -0.0240, 0.1504, 0.0848, -0.0128},
};

#define MAXB 64 /* five-year blocks below the open group (ages < 320) */

int ps_grad_parse_age(const char *s, int *lo, int *hi)
{
    char buf[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n + 1);
    /* Strip 及以上 / 以上 / 岁 (UTF-8) at the end; "以上" means open. */
    int open = 0;
    const char *suffixes[] = {"\xe5\x8f\x8a\xe4\xbb\xa5\xe4\xb8\x8a", /* 及以上 */
                              "\xe4\xbb\xa5\xe4\xb8\x8a",             /* 以上 */
                              "\xe5\xb2\x81"};                        /* 岁 */
    for (int k = 0; k < 3; k++) {
        size_t l = strlen(suffixes[k]);
        n = strlen(buf);
        if (n > l && strcmp(buf + n - l, suffixes[k]) == 0) {
            buf[n - l] = '\0';
            if (k < 2)
                open = 1;
        }
    }
    char *end;
    if (buf[0] < '0' || buf[0] > '9')
        return -1;
    long a = strtol(buf, &end, 10);
    if (a < 0 || a > 200)
        return -1;
    if (*end == '\0') {
        *lo = (int)a;
        *hi = open ? -1 : (int)a;
        return 0;
    }
    if (*end == '+' && end[1] == '\0' && !open) {
        *lo = (int)a;
        *hi = -1;
        return 0;
    }
    if (*end == '-' && !open && end[1] >= '0' && end[1] <= '9') {
        char *e2;
        long b = strtol(end + 1, &e2, 10);
        if (*e2 != '\0' || b < a || b > 200)
            return -1;
        *lo = (int)a;
        *hi = (int)b;
        return 0;
    }
    return -1;
}

int ps_grad_check(const char *name, const ps_age_group *g, int n, ps_err *err)
{
    if (n < 1)
        return ps_err_set(err, PS_EINPUT, "%s: no age groups", name);
    int next = 0;
    for (int i = 0; i < n; i++) {
        char at[600];
        if (g[i].line > 0)
            snprintf(at, sizeof at, "%s:%d", name, g[i].line);
        else
            snprintf(at, sizeof at, "%s", name);
        if (g[i].lo != next) {
            if (g[i].lo > next)
                return ps_err_set(err, PS_EINPUT,
                                  "%s: column 'age': ages %d..%d are missing (groups must "
                                  "cover every age from 0, in order)",
                                  at, next, g[i].lo - 1);
            return ps_err_set(err, PS_EINPUT,
                              "%s: column 'age': the group starting at %d overlaps the one "
                              "before (groups must be in order without overlap)",
                              at, g[i].lo);
        }
        if (g[i].hi < 0 && i != n - 1)
            return ps_err_set(err, PS_EINPUT,
                              "%s: column 'age': the open group %d+ must be the last row", at,
                              g[i].lo);
        for (int x = 0; x < PS_NSEX; x++)
            if (!isfinite(g[i].count[x]) || g[i].count[x] < 0)
                return ps_err_set(err, PS_EINPUT, "%s: column '%s': %g is negative", at,
                                  x == PS_MALE ? "male" : "female", g[i].count[x]);
        next = g[i].hi < 0 ? -1 : g[i].hi + 1;
    }
    if (g[n - 1].hi >= 0 && g[n - 1].hi > 5 * MAXB)
        return ps_err_set(err, PS_EINPUT, "%s: ages above %d", name, 5 * MAXB);
    if (g[n - 1].hi < 0 && g[n - 1].lo > 5 * MAXB)
        return ps_err_set(err, PS_EINPUT, "%s: open group above %d", name, 5 * MAXB);
    return PS_OK;
}

/* Cumulative PCHIP over boundaries x[0..k] (x increasing) with totals
 * t[0..k-1]: the single-year values of ages x[0]..x[k]-1 into out.
 * Fritsch-Carlson/Fritsch-Butland tangents (weighted harmonic mean of the
 * adjacent secants, 0 where one is 0; the end secants at the ends). */
static void cum_pchip(const int *x, const double *t, int k, double *out)
{
    double cum[5 * MAXB + 2], d[5 * MAXB + 1], m[5 * MAXB + 2];
    cum[0] = 0;
    for (int i = 0; i < k; i++) {
        cum[i + 1] = cum[i] + t[i];
        d[i] = t[i] / (x[i + 1] - x[i]);
    }
    m[0] = d[0];
    m[k] = d[k - 1];
    for (int i = 1; i < k; i++) {
        double h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i];
        if (d[i - 1] > 0 && d[i] > 0) {
            double w1 = 2 * h1 + h0, w2 = h1 + 2 * h0;
            m[i] = (w1 + w2) / (w1 / d[i - 1] + w2 / d[i]);
        } else {
            m[i] = 0;
        }
    }
    for (int i = 0; i < k; i++) {
        double h = x[i + 1] - x[i];
        double prev = cum[i];
        for (int j = 1; j <= (int)h; j++) {
            double s = j / h, s2 = s * s, s3 = s2 * s;
            double c = (2 * s3 - 3 * s2 + 1) * cum[i] + (s3 - 2 * s2 + s) * h * m[i] +
                       (-2 * s3 + 3 * s2) * cum[i + 1] + (s3 - s2) * h * m[i + 1];
            if (j == (int)h)
                c = cum[i + 1];
            double v = c - prev;
            out[x[i] - x[0] + j - 1] = v < 0 && v > -1e-9 * (t[i] + 1) ? 0 : v;
            prev = c;
        }
    }
}

/* Sprague over nb >= 5 five-year blocks b; negative blocks take the PCHIP
 * values.  Returns the number of fallback blocks. */
static int sprague(const double *b, int nb, double *out)
{
    int x[MAXB + 1], fb = 0;
    double pch[5 * MAXB];
    for (int i = 0; i <= nb; i++)
        x[i] = 5 * i;
    cum_pchip(x, b, nb, pch);
    for (int i = 0; i < nb; i++) {
        double v[5];
        int base;
        for (int r = 0; r < 5; r++) {
            double s = 0;
            for (int c = 0; c < 5; c++) {
                double w;
                if (i == 0)
                    w = SP_FIRST[r][c], base = 0;
                else if (i == 1)
                    w = SP_SECOND[r][c], base = 0;
                else if (i == nb - 2)
                    w = SP_SECOND[4 - r][4 - c], base = nb - 5;
                else if (i == nb - 1)
                    w = SP_FIRST[4 - r][4 - c], base = nb - 5;
                else
                    w = SP_MIDDLE[r][c], base = i - 2;
                s += w * b[base + c];
            }
            v[r] = s;
        }
        int neg = 0;
        for (int r = 0; r < 5; r++)
            if (v[r] < 0)
                neg = 1;
        if (neg) {
            memcpy(v, pch + 5 * i, sizeof v);
            fb++;
        }
        double s = v[0] + v[1] + v[2] + v[3] + v[4];
        for (int r = 0; r < 5; r++)
            out[5 * i + r] = s > 0 ? v[r] * (b[i] / s) : v[r];
    }
    return fb;
}

/* Rescales single years lo..hi of `v` to `total` (uniform if they sum to 0). */
static void rescale(double *v, int lo, int hi, double total)
{
    double s = 0;
    for (int a = lo; a <= hi; a++)
        s += v[a];
    for (int a = lo; a <= hi; a++)
        v[a] = s > 0 ? v[a] * (total / s) : total / (hi - lo + 1);
}

/* The closed groups of one sex into single years 0..top-1 (Sprague path). */
static int split_closed(const ps_age_group *g, int nc, int x, double *v)
{
    int top = g[nc - 1].hi + 1;
    int pooled = top % 5 == 0 && top / 5 >= 5 && top / 5 <= MAXB;
    for (int i = 0; pooled && i < nc; i++)
        if (g[i].lo / 5 != g[i].hi / 5)
            pooled = 0;
    if (pooled) {
        double b[MAXB] = {0};
        for (int i = 0; i < nc; i++)
            b[g[i].lo / 5] += g[i].count[x];
        int fb = sprague(b, top / 5, v);
        for (int i = 0; i < nc; i++)
            rescale(v, g[i].lo, g[i].hi, g[i].count[x]);
        return fb;
    }
    int bx[5 * MAXB + 1];
    double t[5 * MAXB];
    for (int i = 0; i < nc; i++) {
        bx[i] = g[i].lo;
        t[i] = g[i].count[x];
    }
    bx[nc] = top;
    cum_pchip(bx, t, nc, v);
    for (int i = 0; i < nc; i++)
        rescale(v, g[i].lo, g[i].hi, g[i].count[x]);
    return -1;
}

int ps_graduate(const ps_age_group *g, int n, int method, const double mx[PS_NSEX][PS_NAGE],
                const double parent[PS_NSEX][PS_NAGE], double out[PS_NSEX][PS_NAGE],
                int *fallbacks, ps_err *err)
{
    if (ps_grad_check("census", g, n, err))
        return err->code;
    int open = g[n - 1].hi < 0;
    int nc = open ? n - 1 : n;
    if (open && !mx)
        return ps_err_set(err, PS_EINTERNAL, "graduation: an open group needs mortality");
    if (method == PS_GRAD_SHAPE && !parent)
        return ps_err_set(err, PS_EINTERNAL, "graduation: the shape method needs a parent");
    memset(out, 0, sizeof(double) * PS_NSEX * PS_NAGE);
    if (fallbacks)
        *fallbacks = 0;
    for (int x = 0; x < PS_NSEX; x++) {
        double v[5 * MAXB + 5] = {0};
        if (nc > 0) {
            int fb = split_closed(g, nc, x, v);
            if (fallbacks && x == PS_MALE)
                *fallbacks = fb;
            else if (fallbacks && fb >= 0 && *fallbacks >= 0)
                *fallbacks += fb;
        }
        if (method == PS_GRAD_SHAPE) {
            for (int i = 0; i < nc; i++) {
                double s = 0;
                for (int a = g[i].lo; a <= g[i].hi; a++)
                    s += a < PS_NAGE ? parent[x][a] : 0;
                if (!(s > 0) || g[i].hi >= PS_AGE_OPEN)
                    continue; /* keep the Sprague split */
                for (int a = g[i].lo; a <= g[i].hi; a++)
                    v[a] = g[i].count[x] * parent[x][a] / s;
            }
        }
        int top = nc > 0 ? g[nc - 1].hi + 1 : 0;
        for (int a = 0; a < top; a++)
            out[x][a < PS_AGE_OPEN ? a : PS_AGE_OPEN] += v[a];
        if (open) {
            int lo = g[n - 1].lo < PS_AGE_OPEN ? g[n - 1].lo : PS_AGE_OPEN;
            double L[PS_NAGE], l = 1, sL = 0;
            for (int a = lo; a < PS_AGE_OPEN; a++) {
                double m = mx[x][a], q = m / (1 + m / 2);
                L[a] = l * (1 - q / 2);
                l *= 1 - q;
            }
            if (!(mx[x][PS_AGE_OPEN] > 0))
                return ps_err_set(err, PS_EINPUT, "graduation: mortality at 100 is 0");
            L[PS_AGE_OPEN] = l / mx[x][PS_AGE_OPEN];
            for (int a = lo; a <= PS_AGE_OPEN; a++)
                sL += L[a];
            for (int a = lo; a <= PS_AGE_OPEN; a++)
                out[x][a] += g[n - 1].count[x] * L[a] / sL;
        }
    }
    return PS_OK;
}
