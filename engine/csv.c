/* csv.c: see csv.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ps_csv {
    char *name;
    int ncols, nrows, cap;
    char **header;    /* ncols strings */
    char ***rows;     /* nrows arrays of ncols strings */
    int *lines;       /* source line of each row */
    int header_line;
};

/* ---------------------------------------------------------------- reading */

static char *slurp(const char *path, size_t *len, ps_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) {
        ps_err_set(err, PS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        if (n + 4096 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                ps_err_set(err, PS_EINTERNAL, "%s: out of memory", path);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        ps_err_set(err, PS_EINPUT, "%s: read error", path);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

ps_csv *ps_csv_read(const char *path, ps_err *err)
{
    size_t len = 0;
    char *text = slurp(path, &len, err);
    if (!text)
        return NULL;
    ps_csv *csv = ps_csv_parse(path, text, len, err);
    free(text);
    return csv;
}

/* ---------------------------------------------------------------- parsing */

typedef struct {
    char **f;
    int n, cap;
} fieldvec;

static int fv_push(fieldvec *v, const char *s, size_t len)
{
    if (v->n == v->cap) {
        int ncap = v->cap ? v->cap * 2 : 8;
        char **nf = realloc(v->f, (size_t)ncap * sizeof *nf);
        if (!nf)
            return -1;
        v->f = nf;
        v->cap = ncap;
    }
    char *c = malloc(len + 1);
    if (!c)
        return -1;
    memcpy(c, s, len);
    c[len] = '\0';
    v->f[v->n++] = c;
    return 0;
}

static void fv_free(fieldvec *v)
{
    for (int i = 0; i < v->n; i++)
        free(v->f[i]);
    free(v->f);
    v->f = NULL;
    v->n = v->cap = 0;
}

/* Trims spaces around an unquoted field. */
static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* Splits one logical line starting at *pos into fields.  Quoted fields may
 * not span lines (our inputs never need it; a stray quote is an error). */
static int split_line(const char *name, const char *t, size_t end, size_t *pos,
                      int line, fieldvec *out, ps_err *err)
{
    size_t i = *pos;
    char *tmp = malloc(end - i + 1);
    if (!tmp)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (;;) {
        size_t tl = 0;
        if (i < end && t[i] == '"') {
            i++;
            for (;;) {
                if (i >= end || t[i] == '\n') {
                    free(tmp);
                    return ps_err_set(err, PS_EINPUT,
                                      "%s:%d: unterminated quoted field", name, line);
                }
                if (t[i] == '"') {
                    if (i + 1 < end && t[i + 1] == '"') {
                        tmp[tl++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                tmp[tl++] = t[i++];
            }
            while (i < end && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
                i++;
            if (i < end && t[i] != ',' && t[i] != '\n') {
                free(tmp);
                return ps_err_set(err, PS_EINPUT,
                                  "%s:%d: text after a closing quote", name, line);
            }
            if (fv_push(out, tmp, tl)) {
                free(tmp);
                return ps_err_set(err, PS_EINTERNAL, "out of memory");
            }
        } else {
            size_t s = i;
            while (i < end && t[i] != ',' && t[i] != '\n')
                i++;
            const char *fs = t + s;
            size_t fl = i - s;
            if (fl && fs[fl - 1] == '\r')
                fl--;
            trim(&fs, &fl);
            if (memchr(fs, '"', fl)) {
                free(tmp);
                return ps_err_set(err, PS_EINPUT,
                                  "%s:%d: stray quote in field %d", name, line, out->n + 1);
            }
            if (fv_push(out, fs, fl)) {
                free(tmp);
                return ps_err_set(err, PS_EINTERNAL, "out of memory");
            }
        }
        if (i < end && t[i] == ',') {
            i++;
            continue;
        }
        break;
    }
    if (i < end && t[i] == '\n')
        i++;
    *pos = i;
    free(tmp);
    return PS_OK;
}

static int is_blank_or_comment(const char *t, size_t i, size_t end)
{
    while (i < end && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
        i++;
    return i >= end || t[i] == '\n' || t[i] == '#';
}

ps_csv *ps_csv_parse(const char *name, const char *text, size_t len, ps_err *err)
{
    ps_csv *csv = calloc(1, sizeof *csv);
    size_t i = 0;
    int line = 1;
    if (!csv || !(csv->name = strdup(name))) {
        free(csv);
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (memchr(text, '\0', len)) {
        ps_err_set(err, PS_EINPUT, "%s: binary data (NUL byte) in a CSV file", name);
        goto fail;
    }
    while (i < len) {
        size_t eol = i;
        while (eol < len && text[eol] != '\n')
            eol++;
        if (is_blank_or_comment(text, i, eol)) {
            i = eol < len ? eol + 1 : eol;
            line++;
            continue;
        }
        fieldvec fv = {0};
        size_t pos = i;
        if (split_line(name, text, len, &pos, line, &fv, err)) {
            fv_free(&fv);
            goto fail;
        }
        if (!csv->header) {
            for (int c = 0; c < fv.n; c++) {
                if (!fv.f[c][0]) {
                    ps_err_set(err, PS_EINPUT, "%s:%d: header column %d is empty",
                               name, line, c + 1);
                    fv_free(&fv);
                    goto fail;
                }
                for (int d = 0; d < c; d++)
                    if (strcmp(fv.f[c], fv.f[d]) == 0) {
                        ps_err_set(err, PS_EINPUT, "%s:%d: column '%s' appears twice",
                                   name, line, fv.f[c]);
                        fv_free(&fv);
                        goto fail;
                    }
            }
            csv->header = fv.f;
            csv->ncols = fv.n;
            csv->header_line = line;
        } else {
            if (fv.n != csv->ncols) {
                ps_err_set(err, PS_EINPUT,
                           "%s:%d: %d field%s where the header has %d columns", name,
                           line, fv.n, fv.n == 1 ? "" : "s", csv->ncols);
                fv_free(&fv);
                goto fail;
            }
            if (csv->nrows == csv->cap) {
                int ncap = csv->cap ? csv->cap * 2 : 64;
                char ***nr = realloc(csv->rows, (size_t)ncap * sizeof *nr);
                int *nl = realloc(csv->lines, (size_t)ncap * sizeof *nl);
                if (nr)
                    csv->rows = nr;
                if (nl)
                    csv->lines = nl;
                if (!nr || !nl) {
                    fv_free(&fv);
                    ps_err_set(err, PS_EINTERNAL, "out of memory");
                    goto fail;
                }
                csv->cap = ncap;
            }
            csv->rows[csv->nrows] = fv.f;
            csv->lines[csv->nrows] = line;
            csv->nrows++;
        }
        i = pos;
        line++;
    }
    if (!csv->header) {
        ps_err_set(err, PS_EINPUT, "%s: empty file (no header line)", name);
        goto fail;
    }
    return csv;
fail:
    ps_csv_free(csv);
    return NULL;
}

void ps_csv_free(ps_csv *csv)
{
    if (!csv)
        return;
    for (int r = 0; r < csv->nrows; r++) {
        for (int c = 0; c < csv->ncols; c++)
            free(csv->rows[r][c]);
        free(csv->rows[r]);
    }
    if (csv->header)
        for (int c = 0; c < csv->ncols; c++)
            free(csv->header[c]);
    free(csv->header);
    free(csv->rows);
    free(csv->lines);
    free(csv->name);
    free(csv);
}

/* ---------------------------------------------------------------- access */

const char *ps_csv_name(const ps_csv *csv) { return csv->name; }
int ps_csv_nrows(const ps_csv *csv) { return csv->nrows; }
int ps_csv_ncols(const ps_csv *csv) { return csv->ncols; }
const char *ps_csv_header(const ps_csv *csv, int col) { return csv->header[col]; }
const char *ps_csv_field(const ps_csv *csv, int row, int col) { return csv->rows[row][col]; }
int ps_csv_line(const ps_csv *csv, int row) { return csv->lines[row]; }

int ps_csv_col(const ps_csv *csv, const char *name)
{
    for (int c = 0; c < csv->ncols; c++)
        if (strcmp(csv->header[c], name) == 0)
            return c;
    return -1;
}

int ps_csv_require_col(const ps_csv *csv, const char *name, ps_err *err)
{
    int c = ps_csv_col(csv, name);
    if (c >= 0)
        return c;
    char have[1024] = "";
    size_t n = 0;
    for (int k = 0; k < csv->ncols && n < sizeof have - 4; k++)
        n += (size_t)snprintf(have + n, sizeof have - n, "%s%s", k ? "," : "",
                              csv->header[k]);
    ps_err_set(err, PS_EINPUT, "%s:%d: missing column '%s' (the header has: %s)",
               csv->name, csv->header_line, name, have);
    return -1;
}

int ps_csv_number(const ps_csv *csv, int row, int col, double *out, ps_err *err)
{
    const char *s = csv->rows[row][col];
    char *end;
    *out = 0.0;
    if (!*s)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': empty, a number is needed",
                          csv->name, csv->lines[row], csv->header[col]);
    errno = 0;
    double v = strtod(s, &end);
    if (*end || end == s || !isfinite(v))
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': '%s' is not a number",
                          csv->name, csv->lines[row], csv->header[col], s);
    *out = v;
    return PS_OK;
}

int ps_csv_int(const ps_csv *csv, int row, int col, int lo, int hi, int *out,
               ps_err *err)
{
    const char *s = csv->rows[row][col];
    char *end;
    *out = 0;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': '%s' is not a whole number",
                          csv->name, csv->lines[row], csv->header[col], s);
    if (v < lo || v > hi)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': %ld is outside %d..%d",
                          csv->name, csv->lines[row], csv->header[col], v, lo, hi);
    *out = (int)v;
    return PS_OK;
}
