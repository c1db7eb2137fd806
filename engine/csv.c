/* csv.c: see csv.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "csv.h"

#include <float.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safe_file.h"

struct ps_csv {
    char *name;
    int ncols, nrows, cap;
    char **header;    /* ncols pointers into store */
    char **cells;     /* nrows * ncols pointers into store */
    int *lines;       /* source line of each row (where its record starts) */
    int header_line;
    char *store;      /* every field's text, NUL-terminated, one after another */
};

/* ---------------------------------------------------------------- reading */

ps_csv *ps_csv_read(const char *path, ps_err *err)
{
    size_t len = 0;
    char *text = ps_read_regular(path, PS_MAX_INPUT_BYTES, &len, err);
    if (!text)
        return NULL;
    ps_csv *csv = ps_csv_parse(path, text, len, err);
    free(text);
    return csv;
}

/* ---------------------------------------------------------------- parsing
 *
 * One pass over the text: time linear in its length, memory about twice
 * it.  A quoted field may span lines (the engine writes such fields for
 * text with a newline); a row's line is the line where it starts. */

typedef struct {
    char **f;
    int n, cap;
} fieldvec;

static int fv_push(fieldvec *v, char *s)
{
    if (v->n == v->cap) {
        int ncap = v->cap ? v->cap * 2 : 16;
        char **nf = realloc(v->f, (size_t)ncap * sizeof *nf);
        if (!nf)
            return -1;
        v->f = nf;
        v->cap = ncap;
    }
    v->f[v->n++] = s;
    return 0;
}

static int is_blank_or_comment(const char *t, size_t i, size_t end)
{
    while (i < end && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
        i++;
    return i >= end || t[i] == '\n' || t[i] == '#';
}

/* Splits the record starting at *pos into fields copied into *out (the
 * store); *line advances over newlines inside quotes. */
static int split_record(const char *name, const char *t, size_t len, size_t *pos, int *line,
                        char **out, fieldvec *fv, ps_err *err)
{
    size_t i = *pos, rec = *pos;
    int start_line = *line;
    for (;;) {
        char *o = *out, *field = o;
        if (i < len && t[i] == '"') {
            int qline = *line;
            i++;
            for (;;) {
                if (i >= len)
                    return ps_err_set(err, PS_EINPUT, "%s:%d: unterminated quoted field",
                                      name, qline);
                if (t[i] == '"') {
                    if (i + 1 < len && t[i + 1] == '"') {
                        *o++ = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (t[i] == '\n')
                    (*line)++;
                *o++ = t[i++];
                if (i - rec > PS_CSV_MAX_LINE)
                    return ps_err_set(err, PS_EINPUT,
                                      "%s:%d: a line (or quoted field) longer than %d bytes",
                                      name, start_line, PS_CSV_MAX_LINE);
            }
            while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
                i++;
            if (i < len && t[i] != ',' && t[i] != '\n')
                return ps_err_set(err, PS_EINPUT, "%s:%d: text after a closing quote", name,
                                  *line);
        } else {
            size_t s = i;
            while (i < len && t[i] != ',' && t[i] != '\n')
                i++;
            const char *fs = t + s;
            size_t fl = i - s;
            if (fl && fs[fl - 1] == '\r')
                fl--;
            while (fl && (*fs == ' ' || *fs == '\t')) {
                fs++;
                fl--;
            }
            while (fl && (fs[fl - 1] == ' ' || fs[fl - 1] == '\t'))
                fl--;
            if (memchr(fs, '"', fl))
                return ps_err_set(err, PS_EINPUT, "%s:%d: stray quote in field %d", name,
                                  *line, fv->n + 1);
            memcpy(o, fs, fl);
            o += fl;
        }
        if (i - rec > PS_CSV_MAX_LINE)
            return ps_err_set(err, PS_EINPUT, "%s:%d: a line longer than %d bytes", name,
                              start_line, PS_CSV_MAX_LINE);
        *o++ = '\0';
        *out = o;
        if (fv->n == PS_CSV_MAX_COLS)
            return ps_err_set(err, PS_EINPUT, "%s:%d: more than %d fields", name, start_line,
                              PS_CSV_MAX_COLS);
        if (fv_push(fv, field))
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
        if (i < len && t[i] == ',') {
            i++;
            continue;
        }
        break;
    }
    if (i < len && t[i] == '\n')
        i++;
    *pos = i;
    return PS_OK;
}

/* Is s like a column name (so that listing the header helps and echoes no
 * secret first line of a file that is not a table)? */
static int name_like(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
              (s[n] >= '0' && s[n] <= '9') || s[n] == '_' || s[n] == '.' || s[n] == '-'))
            return 0;
    return n > 0 && n <= 48;
}

ps_csv *ps_csv_parse(const char *name, const char *text, size_t len, ps_err *err)
{
    ps_csv *csv = calloc(1, sizeof *csv);
    fieldvec fv = {0};
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
    /* Every field's text plus its NUL fits in 2 * len + 1 bytes. */
    csv->store = malloc(2 * len + 2);
    if (!csv->store) {
        ps_err_set(err, PS_EINTERNAL, "%s: out of memory", name);
        goto fail;
    }
    char *out = csv->store;
    while (i < len) {
        size_t eol = i;
        while (eol < len && text[eol] != '\n' && eol - i <= PS_CSV_MAX_LINE)
            eol++;
        if (eol - i > PS_CSV_MAX_LINE) {
            ps_err_set(err, PS_EINPUT, "%s:%d: a line longer than %d bytes", name, line,
                       PS_CSV_MAX_LINE);
            goto fail;
        }
        if (is_blank_or_comment(text, i, eol)) {
            i = eol < len ? eol + 1 : eol;
            line++;
            continue;
        }
        int rec_line = line;
        fv.n = 0;
        if (split_record(name, text, len, &i, &line, &out, &fv, err))
            goto fail;
        line++;
        if (!csv->header) {
            for (int c = 0; c < fv.n; c++) {
                if (!fv.f[c][0]) {
                    ps_err_set(err, PS_EINPUT, "%s:%d: header column %d is empty", name,
                               rec_line, c + 1);
                    goto fail;
                }
                for (int d = 0; d < c; d++)
                    if (strcmp(fv.f[c], fv.f[d]) == 0) {
                        if (name_like(fv.f[c]))
                            ps_err_set(err, PS_EINPUT, "%s:%d: column '%s' appears twice",
                                       name, rec_line, fv.f[c]);
                        else
                            ps_err_set(err, PS_EINPUT, "%s:%d: column %d appears twice",
                                       name, rec_line, c + 1);
                        goto fail;
                    }
            }
            csv->header = malloc((size_t)fv.n * sizeof *csv->header);
            if (!csv->header) {
                ps_err_set(err, PS_EINTERNAL, "out of memory");
                goto fail;
            }
            memcpy(csv->header, fv.f, (size_t)fv.n * sizeof *csv->header);
            csv->ncols = fv.n;
            csv->header_line = rec_line;
            continue;
        }
        if (fv.n != csv->ncols) {
            ps_err_set(err, PS_EINPUT, "%s:%d: %d field%s where the header has %d columns", name,
                       rec_line, fv.n, fv.n == 1 ? "" : "s", csv->ncols);
            goto fail;
        }
        if (csv->nrows == csv->cap) {
            int ncap = csv->cap ? csv->cap * 2 : 64;
            char **nc = realloc(csv->cells, (size_t)ncap * (size_t)csv->ncols * sizeof *nc);
            if (nc)
                csv->cells = nc;
            int *nl = realloc(csv->lines, (size_t)ncap * sizeof *nl);
            if (nl)
                csv->lines = nl;
            if (!nc || !nl) {
                ps_err_set(err, PS_EINTERNAL, "out of memory");
                goto fail;
            }
            csv->cap = ncap;
        }
        memcpy(csv->cells + (size_t)csv->nrows * (size_t)csv->ncols, fv.f,
               (size_t)csv->ncols * sizeof *fv.f);
        csv->lines[csv->nrows] = rec_line;
        csv->nrows++;
    }
    free(fv.f);
    if (!csv->header) {
        ps_err_set(err, PS_EINPUT, "%s: empty file (no header line)", name);
        goto fail_nofv;
    }
    return csv;
fail:
    free(fv.f);
fail_nofv:
    ps_csv_free(csv);
    return NULL;
}

void ps_csv_free(ps_csv *csv)
{
    if (!csv)
        return;
    free(csv->header);
    free(csv->cells);
    free(csv->lines);
    free(csv->store);
    free(csv->name);
    free(csv);
}

/* ---------------------------------------------------------------- access */

const char *ps_csv_name(const ps_csv *csv) { return csv->name; }
int ps_csv_nrows(const ps_csv *csv) { return csv->nrows; }
int ps_csv_ncols(const ps_csv *csv) { return csv->ncols; }
const char *ps_csv_header(const ps_csv *csv, int col) { return csv->header[col]; }
const char *ps_csv_field(const ps_csv *csv, int row, int col)
{
    return csv->cells[(size_t)row * (size_t)csv->ncols + (size_t)col];
}
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
    int listable = csv->ncols >= 2;
    for (int k = 0; k < csv->ncols && listable; k++)
        listable = name_like(csv->header[k]);
    for (int k = 0; k < csv->ncols && listable && n < sizeof have - 4; k++)
        n += (size_t)snprintf(have + n, sizeof have - n, "%s%s", k ? "," : "",
                              csv->header[k]);
    if (listable)
        ps_err_set(err, PS_EINPUT, "%s:%d: missing column '%s' (the header has: %s)",
                   csv->name, csv->header_line, name, have);
    else
        /* Not echoed: the first line may be anything (a wrong file). */
        ps_err_set(err, PS_EINPUT,
                   "%s:%d: missing column '%s' (the first line is not a header of column "
                   "names: is this the right file?)",
                   csv->name, csv->header_line, name);
    return -1;
}

int ps_csv_number(const ps_csv *csv, int row, int col, double *out, ps_err *err)
{
    const char *s = ps_csv_field(csv, row, col);
    char *end;
    *out = 0.0;
    if (!*s)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': empty, a number is needed",
                          csv->name, csv->lines[row], csv->header[col]);
    errno = 0;
    double v = strtod(s, &end);
    /* Decimal numbers only (strtod would also take "nan", "inf", hex). */
    int decimal = 1;
    for (const char *c = s; *c && decimal; c++)
        decimal = (*c >= '0' && *c <= '9') || *c == '.' || *c == 'e' || *c == 'E' ||
                  *c == '+' || *c == '-';
    if (*end || end == s || !decimal)
        return ps_err_set(err, PS_EINPUT, "%s:%d: column '%s': '%.40s' is not a number",
                          csv->name, csv->lines[row], csv->header[col], s);
    if (!isfinite(v) || fabs(v) > PS_CSV_MAX_ABS)
        return ps_err_set(err, PS_EINPUT,
                          "%s:%d: column '%s': '%.40s' is out of range (at most %g in size)",
                          csv->name, csv->lines[row], csv->header[col], s, PS_CSV_MAX_ABS);
    if (v != 0 && fabs(v) < DBL_MIN)
        return ps_err_set(err, PS_EINPUT,
                          "%s:%d: column '%s': '%.40s' is too close to zero (write 0)",
                          csv->name, csv->lines[row], csv->header[col], s);
    *out = v;
    return PS_OK;
}

int ps_csv_int(const ps_csv *csv, int row, int col, int lo, int hi, int *out,
               ps_err *err)
{
    const char *s = ps_csv_field(csv, row, col);
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
