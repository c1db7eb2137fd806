/* workbook.c: see workbook.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "workbook.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xlsxwriter.h>

#include "csv.h"
#include "declared.h"
#include "table.h"

/* ------------------------------------------------------------ units */

/* A column known only by its name (not registered in columns.csv, as
 * compare's "module.column" series): the unit some shipped module declares
 * for a column of that name (declared.h); "" if none does.  `year` and
 * `age` are keys of the core files, not of a module. */
const char *ps_column_unit(const char *column, int lang)
{
    if (strcmp(column, "year") == 0)
        return ps_unit_label(ps_year_column.unit, lang);
    if (strcmp(column, "age") == 0)
        return ps_unit_label("years of age", lang);
    const ps_column_def *d = ps_declared_any(column);
    return d ? ps_unit_label(d->unit, lang) : "";
}

/* ------------------------------------------------------------ files */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The CSV files in dir, sorted; caller frees names[i]. */
static int list_csv(const char *dir, char **names, int max)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d)) && n < max;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0 && e->d_name[0] != '.')
            if ((names[n] = strdup(e->d_name)))
                n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    return n;
}

static int as_number(const char *s, double *v)
{
    char *end;
    if (!*s)
        return 0;
    *v = strtod(s, &end);
    return !*end && isfinite(*v);
}

/* ------------------------------------------------------------ xlsx */

int ps_workbook_write(const char *dir, int lang, ps_err *err)
{
    char path[4096], *files[128];
    snprintf(path, sizeof path, "%s/results.xlsx", dir);
    int nf = list_csv(dir, files, 128), rc = PS_OK;
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        rc = ps_err_set(err, PS_EIO, "%s: cannot create the workbook", path);
        goto out;
    }
    lxw_format *bold = workbook_add_format(wb);
    lxw_format *unit = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bottom(bold, LXW_BORDER_THIN);
    format_set_italic(unit);
    format_set_bottom(unit, LXW_BORDER_THIN);
    char used[128][32];
    ps_columns *decl = ps_columns_read(dir);
    for (int i = 0; i < nf && !rc; i++) {
        char csvpath[4096], sheet[32];
        snprintf(csvpath, sizeof csvpath, "%s/%s", dir, files[i]);
        ps_csv *t = ps_csv_read(csvpath, err);
        if (!t) {
            rc = err->code;
            break;
        }
        /* Sheet names: the file name without .csv, at most 31 characters, unique. */
        snprintf(sheet, sizeof sheet, "%.*s", (int)(strlen(files[i]) - 4 < 31 ? strlen(files[i]) - 4 : 31),
                 files[i]);
        for (int k = 0; k < i; k++)
            if (strcmp(used[k], sheet) == 0)
                snprintf(sheet + 27, 5, "~%d", i % 1000);
        snprintf(used[i], sizeof used[i], "%s", sheet);
        lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
        if (!ws) {
            ps_csv_free(t);
            rc = ps_err_set(err, PS_EIO, "%s: cannot add sheet '%s'", path, sheet);
            break;
        }
        int nc = ps_csv_ncols(t), nr = ps_csv_nrows(t);
        /* Row 1 the column names (their labels as comments), row 2 the
         * units from columns.csv; money in yuan is shown in 万元, the one
         * convention for county money (the CSV files keep yuan). */
        double scale[1024];
        for (int c = 0; c < nc; c++) {
            const char *h = ps_csv_header(t, c);
            const ps_column_def *d = ps_columns_find(decl, files[i], h);
            const char *u = d ? ps_unit_label(d->unit, lang) : ps_column_unit(h, lang);
            scale[c < 1024 ? c : 1023] = 1.0;
            if (d && strcmp(d->unit, "yuan") == 0) {
                scale[c < 1024 ? c : 1023] = 1e-4;
                u = lang ? "10,000 yuan" : "万元";
            }
            worksheet_write_string(ws, 0, (lxw_col_t)c, h, bold);
            if (d)
                worksheet_write_comment(ws, 0, (lxw_col_t)c, lang ? d->label_en : d->label_zh);
            worksheet_write_string(ws, 1, (lxw_col_t)c, *u ? u : "-", unit);
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, strlen(h) + 4 > 12 ? (double)strlen(h) + 4 : 12, NULL);
        }
        worksheet_freeze_panes(ws, 2, 0);
        for (int r = 0; r < nr; r++)
            for (int c = 0; c < nc; c++) {
                const char *s = ps_csv_field(t, r, c);
                double v;
                if (as_number(s, &v))
                    worksheet_write_number(ws, (lxw_row_t)r + 2, (lxw_col_t)c,
                                           v * scale[c < 1024 ? c : 1023], NULL);
                else if (*s)
                    worksheet_write_string(ws, (lxw_row_t)r + 2, (lxw_col_t)c, s, NULL);
            }
        ps_csv_free(t);
    }
    ps_columns_free(decl);
    if (wb) {
        lxw_error e = workbook_close(wb);
        if (!rc && e != LXW_NO_ERROR)
            rc = ps_err_set(err, PS_EIO, "%s: %s", path, lxw_strerror(e));
    }
out:
    for (int i = 0; i < nf; i++)
        free(files[i]);
    return rc;
}

/* ------------------------------------------------------------ sqlite */

static void quote_ident(char *buf, size_t n, const char *s)
{
    size_t j = 0;
    buf[j++] = '"';
    for (; *s && j + 3 < n; s++) {
        if (*s == '"')
            buf[j++] = '"';
        buf[j++] = *s;
    }
    buf[j++] = '"';
    buf[j] = '\0';
}

int ps_sqlite_write(const char *dir, ps_err *err)
{
    char path[4096], *files[128];
    snprintf(path, sizeof path, "%s/results.sqlite", dir);
    unlink(path);
    int nf = list_csv(dir, files, 128), rc = PS_OK;
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        rc = ps_err_set(err, PS_EIO, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
        goto out;
    }
    sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < nf && !rc; i++) {
        char csvpath[4096], table[300], q[300];
        snprintf(csvpath, sizeof csvpath, "%s/%s", dir, files[i]);
        ps_csv *t = ps_csv_read(csvpath, err);
        if (!t) {
            rc = err->code;
            break;
        }
        snprintf(table, sizeof table, "%.*s", (int)strlen(files[i]) - 4, files[i]);
        int nc = ps_csv_ncols(t);
        size_t cap = 256 + (size_t)nc * 300;
        char *create = malloc(cap), *insert = malloc(cap);
        if (!create || !insert) {
            free(create);
            free(insert);
            ps_csv_free(t);
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            break;
        }
        quote_ident(q, sizeof q, table);
        size_t lc = (size_t)snprintf(create, cap, "CREATE TABLE %s (", q);
        size_t li = (size_t)snprintf(insert, cap, "INSERT INTO %s VALUES (", q);
        for (int c = 0; c < nc; c++) {
            quote_ident(q, sizeof q, ps_csv_header(t, c));
            lc += (size_t)snprintf(create + lc, cap - lc, "%s%s", c ? ", " : "", q);
            li += (size_t)snprintf(insert + li, cap - li, "%s?", c ? ", " : "");
        }
        snprintf(create + lc, cap - lc, ")");
        snprintf(insert + li, cap - li, ")");
        sqlite3_stmt *st = NULL;
        if (sqlite3_exec(db, create, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(db, insert, -1, &st, NULL) != SQLITE_OK) {
            rc = ps_err_set(err, PS_EIO, "%s: table %s: %s", path, table, sqlite3_errmsg(db));
        }
        for (int r = 0; !rc && r < ps_csv_nrows(t); r++) {
            sqlite3_reset(st);
            for (int c = 0; c < nc; c++) {
                const char *s = ps_csv_field(t, r, c);
                double v;
                if (as_number(s, &v))
                    sqlite3_bind_double(st, c + 1, v);
                else if (*s)
                    sqlite3_bind_text(st, c + 1, s, -1, SQLITE_TRANSIENT);
                else
                    sqlite3_bind_null(st, c + 1);
            }
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = ps_err_set(err, PS_EIO, "%s: table %s: %s", path, table, sqlite3_errmsg(db));
        }
        sqlite3_finalize(st);
        free(create);
        free(insert);
        ps_csv_free(t);
    }
    if (!rc && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = ps_err_set(err, PS_EIO, "%s: %s", path, sqlite3_errmsg(db));
out:
    if (db)
        sqlite3_close(db);
    for (int i = 0; i < nf; i++)
        free(files[i]);
    return rc;
}
