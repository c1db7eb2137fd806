/* xlsx.c: see xlsx.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"
#include "safe_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#define MAX_ENTRY (64u << 20)    /* bytes of one uncompressed part */
#define MAX_FILE (256u << 20)    /* bytes of a workbook file */
#define MAX_CELL (1u << 20)      /* bytes of one cell's text */
#define MAX_COLS 16384           /* XFD */
#define MAX_ROWS 1048576
#define MAX_SHEETS 256

typedef struct {
    char *name;
    char *target; /* part name in the zip, e.g. xl/worksheets/sheet1.xml */
} sheet_ref;

struct ps_xlsx {
    char *name;
    void *owned;         /* file contents when opened from a path */
    zip_t *za;
    int nsheets;
    sheet_ref sheets[MAX_SHEETS];
    char **sst;          /* shared strings */
    int nsst;
    int sst_loaded;
};

/* ---------------------------------------------------------------- text buffer */

typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} buf;

static void buf_addn(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void buf_add(buf *b, const char *s) { buf_addn(b, s, strlen(s)); }

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *key)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), key) == 0)
            return atts[i + 1];
    return NULL;
}

/* ---------------------------------------------------------------- zip parts */

static char *read_part(ps_xlsx *x, const char *part, size_t *len, int required, ps_err *err)
{
    zip_int64_t idx = zip_name_locate(x->za, part, ZIP_FL_NOCASE);
    if (idx < 0) {
        if (required)
            ps_err_set(err, PS_EINPUT, "%s: not an .xlsx workbook (no %s inside)", x->name,
                       part);
        return NULL;
    }
    zip_stat_t st;
    if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) || !(st.valid & ZIP_STAT_SIZE) ||
        st.size > MAX_ENTRY) {
        ps_err_set(err, PS_EINPUT, "%s: %s is unreadable or larger than %u MB", x->name, part,
                   MAX_ENTRY >> 20);
        return NULL;
    }
    zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        ps_err_set(err, PS_EINPUT, "%s: cannot read %s: %s", x->name, part,
                   zip_strerror(x->za));
        return NULL;
    }
    char *data = malloc((size_t)st.size + 1);
    if (!data) {
        zip_fclose(zf);
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    zip_int64_t got = 0;
    while ((zip_uint64_t)got < st.size) {
        zip_int64_t r = zip_fread(zf, data + got, st.size - (zip_uint64_t)got);
        if (r <= 0)
            break;
        got += r;
    }
    char probe;
    int extra = zip_fread(zf, &probe, 1) > 0;
    zip_fclose(zf);
    if ((zip_uint64_t)got != st.size || extra) {
        free(data);
        ps_err_set(err, PS_EINPUT, "%s: %s is damaged (the zip data do not match)", x->name,
                   part);
        return NULL;
    }
    data[got] = '\0';
    *len = (size_t)got;
    return data;
}

/* ---------------------------------------------------------------- XML parsing */

typedef struct xctx xctx;
typedef void (*start_fn)(xctx *c, const char *el, const char **atts);
typedef void (*end_fn)(xctx *c, const char *el);

struct xctx {
    XML_Parser p;
    ps_xlsx *x;
    ps_err *err;
    const char *part;
    int failed;
    start_fn on_start;
    end_fn on_end;
    /* text collection */
    int collect;
    buf text;
    /* workbook */
    /* rels */
    char **rel_id, **rel_target;
    int nrel, relcap;
    /* shared strings */
    int in_si, in_rph;
    buf si;
    /* sheet */
    long row, last_row, col, ncols_header;
    long cell_col;   /* column of the open cell */
    int header_done;
    char ctype[16];
    int in_v, in_is;
    buf line;     /* fields of the current row */
    long line_cells;
    int line_nonempty, line_comment;
    buf out;      /* the CSV text */
};

static void fail(xctx *c, int code, const char *fmt, const char *a, long n)
{
    if (c->failed)
        return;
    c->failed = 1;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, a, n);
    ps_err_set(c->err, code, "%s: %s: %s", c->x->name, c->part, msg);
    XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL h_start(void *ud, const char *el, const char **atts)
{
    xctx *c = ud;
    if (!c->failed)
        c->on_start(c, local(el), atts);
}

static void XMLCALL h_end(void *ud, const char *el)
{
    xctx *c = ud;
    if (!c->failed)
        c->on_end(c, local(el));
}

static void XMLCALL h_text(void *ud, const char *s, int len)
{
    xctx *c = ud;
    if (c->failed || !c->collect)
        return;
    if (c->text.n + (size_t)len > MAX_CELL) {
        fail(c, PS_EINPUT, "a cell's text is longer than %s%ld bytes", "", (long)MAX_CELL);
        return;
    }
    buf_addn(&c->text, s, (size_t)len);
}

static void XMLCALL h_doctype(void *ud, const char *name, const char *sys, const char *pub,
                              int internal)
{
    (void)name, (void)sys, (void)pub, (void)internal;
    fail(ud, PS_EINPUT, "a DTD%s is not allowed in a workbook part (%ld)", "", 0);
}

static int parse(xctx *c, const char *data, size_t len)
{
    c->p = XML_ParserCreate(NULL);
    if (!c->p)
        return ps_err_set(c->err, PS_EINTERNAL, "out of memory");
    XML_SetUserData(c->p, c);
    XML_SetElementHandler(c->p, h_start, h_end);
    XML_SetCharacterDataHandler(c->p, h_text);
    XML_SetDoctypeDeclHandler(c->p, h_doctype, NULL);
    if (len > (size_t)1 << 30)
        len = (size_t)1 << 30;
    enum XML_Status st = XML_Parse(c->p, data, (int)len, 1);
    if (st != XML_STATUS_OK && !c->failed) {
        c->failed = 1;
        ps_err_set(c->err, PS_EINPUT, "%s: %s: XML error at line %lu: %s", c->x->name, c->part,
                   (unsigned long)XML_GetCurrentLineNumber(c->p),
                   XML_ErrorString(XML_GetErrorCode(c->p)));
    }
    if (!c->failed && (c->text.oom || c->si.oom || c->line.oom || c->out.oom)) {
        c->failed = 1;
        ps_err_set(c->err, PS_EINTERNAL, "out of memory");
    }
    XML_ParserFree(c->p);
    return c->failed ? c->err->code : PS_OK;
}

static void ctx_free(xctx *c)
{
    free(c->text.s);
    free(c->si.s);
    free(c->line.s);
    free(c->out.s);
    for (int i = 0; i < c->nrel; i++) {
        free(c->rel_id[i]);
        free(c->rel_target[i]);
    }
    free(c->rel_id);
    free(c->rel_target);
}

/* ---------------------------------------------------------------- workbook.xml */

static char *xstrdup(xctx *c, const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        fail(c, PS_EINTERNAL, "out of memory%s (%ld)", "", 0);
    return d;
}

static void wb_start(xctx *c, const char *el, const char **atts)
{
    if (strcmp(el, "sheet") != 0)
        return;
    const char *name = attr(atts, "name"), *id = attr(atts, "id");
    if (!name || !id) {
        fail(c, PS_EINPUT, "a sheet without a name or id%s (%ld)", "", 0);
        return;
    }
    if (c->x->nsheets == MAX_SHEETS) {
        fail(c, PS_EINPUT, "more than %s%ld sheets", "", MAX_SHEETS);
        return;
    }
    sheet_ref *s = &c->x->sheets[c->x->nsheets];
    s->name = xstrdup(c, name);
    s->target = xstrdup(c, id); /* the relationship id until resolved */
    c->x->nsheets++;
}

static void no_end(xctx *c, const char *el) { (void)c, (void)el; }

static void rel_start(xctx *c, const char *el, const char **atts)
{
    if (strcmp(el, "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *t = attr(atts, "Target");
    if (!id || !t)
        return;
    if (c->nrel == c->relcap) {
        int cap = c->relcap ? 2 * c->relcap : 16;
        if (cap > 4096) {
            fail(c, PS_EINPUT, "more than %s%ld relationships", "", 4096);
            return;
        }
        char **a = realloc(c->rel_id, (size_t)cap * sizeof *a);
        if (a)
            c->rel_id = a;
        char **b = realloc(c->rel_target, (size_t)cap * sizeof *b);
        if (b)
            c->rel_target = b;
        if (!a || !b) {
            fail(c, PS_EINTERNAL, "out of memory%s (%ld)", "", 0);
            return;
        }
        c->relcap = cap;
    }
    c->rel_id[c->nrel] = xstrdup(c, id);
    c->rel_target[c->nrel] = xstrdup(c, t);
    c->nrel++;
}

/* ---------------------------------------------------------------- sharedStrings.xml */

static void sst_start(xctx *c, const char *el, const char **atts)
{
    (void)atts;
    if (strcmp(el, "si") == 0) {
        c->in_si = 1;
        c->si.n = 0;
        buf_add(&c->si, "");
    } else if (strcmp(el, "rPh") == 0) {
        c->in_rph = 1;
    } else if (strcmp(el, "t") == 0 && c->in_si && !c->in_rph) {
        c->collect = 1;
        c->text.n = 0;
        buf_add(&c->text, "");
    }
}

static void sst_end(xctx *c, const char *el)
{
    ps_xlsx *x = c->x;
    if (strcmp(el, "t") == 0 && c->collect) {
        c->collect = 0;
        if (c->si.n + c->text.n > MAX_CELL) {
            fail(c, PS_EINPUT, "a shared string is longer than %s%ld bytes", "",
                 (long)MAX_CELL);
            return;
        }
        buf_addn(&c->si, c->text.s ? c->text.s : "", c->text.n);
    } else if (strcmp(el, "rPh") == 0) {
        c->in_rph = 0;
    } else if (strcmp(el, "si") == 0) {
        c->in_si = 0;
        if (x->nsst % 256 == 0) {
            if (x->nsst >= 4000000) {
                fail(c, PS_EINPUT, "more than %s%ld shared strings", "", 4000000);
                return;
            }
            char **a = realloc(x->sst, (size_t)(x->nsst + 256) * sizeof *a);
            if (!a) {
                fail(c, PS_EINTERNAL, "out of memory%s (%ld)", "", 0);
                return;
            }
            x->sst = a;
        }
        x->sst[x->nsst] = xstrdup(c, c->si.s ? c->si.s : "");
        if (x->sst[x->nsst])
            x->nsst++;
    }
}

static int load_sst(ps_xlsx *x, ps_err *err)
{
    if (x->sst_loaded)
        return PS_OK;
    size_t len;
    char *data = read_part(x, "xl/sharedStrings.xml", &len, 0, err);
    x->sst_loaded = 1;
    if (!data)
        return zip_name_locate(x->za, "xl/sharedStrings.xml", ZIP_FL_NOCASE) < 0 ? PS_OK
                                                                                : err->code;
    xctx c;
    memset(&c, 0, sizeof c);
    c.x = x;
    c.err = err;
    c.part = "xl/sharedStrings.xml";
    c.on_start = sst_start;
    c.on_end = sst_end;
    int rc = parse(&c, data, len);
    free(data);
    ctx_free(&c);
    return rc;
}

/* ---------------------------------------------------------------- worksheets */

/* "BC12" -> column 54 (0-based 54), row 12; -1 if malformed. */
static int cell_ref(const char *r, long *col, long *row)
{
    long c = 0, n = 0;
    int letters = 0;
    while (*r >= 'A' && *r <= 'Z' && letters < 4) {
        c = c * 26 + (*r - 'A' + 1);
        r++;
        letters++;
    }
    if (!letters || c > MAX_COLS)
        return -1;
    int digits = 0;
    while (*r >= '0' && *r <= '9' && digits < 8) {
        n = n * 10 + (*r - '0');
        r++;
        digits++;
    }
    if (*r || !digits || n < 1 || n > MAX_ROWS)
        return -1;
    *col = c - 1;
    *row = n;
    return 0;
}

static void col_letters(long col, char *out)
{
    char tmp[8];
    int n = 0;
    col++;
    while (col > 0 && n < 7) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static void emit_field(buf *b, const char *s)
{
    buf_add(b, "\"");
    for (; *s; s++) {
        if (*s == '"')
            buf_add(b, "\"\"");
        else if (*s == '\n' || *s == '\r')
            buf_add(b, " ");
        else
            buf_addn(b, s, 1);
    }
    buf_add(b, "\"");
}

static void sh_row_begin(xctx *c, long row)
{
    if (row <= c->last_row) {
        fail(c, PS_EINPUT, "row %s%ld is out of order", "", row);
        return;
    }
    /* Blank lines for the rows in between keep line numbers = rows. */
    for (long r = c->last_row + 1; r < row; r++)
        buf_add(&c->out, "\n");
    c->row = row;
    c->col = -1;
    c->line.n = 0;
    buf_add(&c->line, "");
    c->line_cells = 0;
    c->line_nonempty = 0;
    c->line_comment = 0;
}

static void sh_row_end(xctx *c)
{
    if (c->line_comment || !c->line_nonempty) {
        buf_add(&c->out, c->line_comment ? "#\n" : "\n");
    } else {
        long want = c->header_done ? c->ncols_header : c->line_cells;
        if (!c->header_done) {
            c->header_done = 1;
            c->ncols_header = c->line_cells;
        }
        buf_addn(&c->out, c->line.s, c->line.n);
        for (long k = c->line_cells; k < want; k++)
            buf_add(&c->out, k ? ",\"\"" : "\"\"");
        buf_add(&c->out, "\n");
    }
    c->last_row = c->row;
    c->row = 0;
}

/* Adds the cell at column col with text s to the current row. */
static void sh_cell(xctx *c, long col, const char *s)
{
    if (col <= c->col) {
        char ref[8];
        col_letters(col, ref);
        fail(c, PS_EINPUT, "cell %s is out of order in row %ld", ref, c->row);
        return;
    }
    if (!*s) {
        c->col = col;
        return; /* empty: filled in when a later cell or the header needs it */
    }
    if (col == 0 && s[0] == '#')
        c->line_comment = 1;
    /* A cell right of the header's last is kept: the CSV reader then
     * reports the row's field count. */
    for (long k = c->line_cells; k < col; k++)
        buf_add(&c->line, k ? ",\"\"" : "\"\"");
    if (col)
        buf_add(&c->line, ",");
    emit_field(&c->line, s);
    c->line_cells = col + 1;
    c->line_nonempty = 1;
    c->col = col;
}

static void sh_start(xctx *c, const char *el, const char **atts)
{
    if (strcmp(el, "row") == 0) {
        const char *r = attr(atts, "r");
        long row = c->last_row + 1;
        if (r) {
            char *end;
            row = strtol(r, &end, 10);
            if (*end || row < 1 || row > MAX_ROWS) {
                fail(c, PS_EINPUT, "bad row number '%s'%ld", r, 0);
                return;
            }
        }
        if (c->row) {
            fail(c, PS_EINPUT, "a row inside row %s%ld", "", c->row);
            return;
        }
        sh_row_begin(c, row);
    } else if (strcmp(el, "c") == 0) {
        if (!c->row) {
            fail(c, PS_EINPUT, "a cell outside a row%s (%ld)", "", 0);
            return;
        }
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        long col = c->col + 1, row = c->row;
        if (r && (cell_ref(r, &col, &row) || row != c->row)) {
            fail(c, PS_EINPUT, "bad cell reference '%s' in row %ld", r, c->row);
            return;
        }
        if (col >= MAX_COLS) {
            fail(c, PS_EINPUT, "too many columns in row %s%ld", "", c->row);
            return;
        }
        snprintf(c->ctype, sizeof c->ctype, "%s", t ? t : "n");
        c->text.n = 0;
        buf_add(&c->text, "");
        c->in_v = c->in_is = 0;
        c->collect = 0;
        c->cell_col = col;
    } else if (strcmp(el, "v") == 0) {
        c->in_v = 1;
        c->collect = 1;
    } else if (strcmp(el, "is") == 0) {
        c->in_is = 1;
    } else if (strcmp(el, "t") == 0 && c->in_is) {
        c->collect = 1;
    }
}

static void sh_end(xctx *c, const char *el)
{
    if (strcmp(el, "v") == 0) {
        c->in_v = 0;
        c->collect = 0;
    } else if (strcmp(el, "t") == 0) {
        c->collect = 0;
    } else if (strcmp(el, "is") == 0) {
        c->in_is = 0;
    } else if (strcmp(el, "c") == 0) {
        long col = c->cell_col;
        const char *s = c->text.s ? c->text.s : "";
        if (strcmp(c->ctype, "s") == 0) {
            char *end;
            long i = strtol(s, &end, 10);
            if (!*s || *end || i < 0 || i >= c->x->nsst) {
                fail(c, PS_EINPUT, "shared string '%s' does not exist (row %ld)", s, c->row);
                return;
            }
            s = c->x->sst[i];
        } else if (strcmp(c->ctype, "b") == 0) {
            s = strcmp(s, "1") == 0 ? "TRUE" : "FALSE";
        }
        sh_cell(c, col, s);
    } else if (strcmp(el, "row") == 0) {
        if (c->row)
            sh_row_end(c);
    }
}

ps_csv *ps_xlsx_sheet_table(ps_xlsx *x, int i, ps_err *err)
{
    if (i < 0 || i >= x->nsheets) {
        ps_err_set(err, PS_EINTERNAL, "no sheet %d", i);
        return NULL;
    }
    if (load_sst(x, err))
        return NULL;
    size_t len;
    char *data = read_part(x, x->sheets[i].target, &len, 1, err);
    if (!data)
        return NULL;
    xctx c;
    memset(&c, 0, sizeof c);
    c.x = x;
    c.err = err;
    c.part = x->sheets[i].target;
    c.on_start = sh_start;
    c.on_end = sh_end;
    buf_add(&c.out, "");
    int rc = parse(&c, data, len);
    free(data);
    ps_csv *csv = NULL;
    if (!rc) {
        size_t nl = strlen(x->name) + strlen(x->sheets[i].name) + 3;
        char *name = malloc(nl);
        if (!name) {
            ps_err_set(err, PS_EINTERNAL, "out of memory");
        } else {
            snprintf(name, nl, "%s[%s]", x->name, x->sheets[i].name);
            csv = ps_csv_parse(name, c.out.s ? c.out.s : "", c.out.n, err);
            if (!csv && strstr(err->msg, "empty file"))
                ps_err_set(err, PS_EINPUT, "%s, sheet '%s': the sheet is empty", x->name,
                           x->sheets[i].name);
            free(name);
        }
    }
    ctx_free(&c);
    return csv;
}

/* ---------------------------------------------------------------- opening */

static ps_xlsx *open_common(ps_xlsx *x, const void *data, size_t len, ps_err *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        ps_xlsx_free(x);
        return NULL;
    }
    x->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!x->za) {
        zip_source_free(src);
        ps_err_set(err, PS_EINPUT, "%s: not an .xlsx workbook (%s)", x->name,
                   zip_error_strerror(&ze));
        zip_error_fini(&ze);
        ps_xlsx_free(x);
        return NULL;
    }
    zip_error_fini(&ze);
    /* The sheets and where their parts are. */
    size_t n;
    char *wb = read_part(x, "xl/workbook.xml", &n, 1, err);
    if (!wb) {
        ps_xlsx_free(x);
        return NULL;
    }
    xctx c;
    memset(&c, 0, sizeof c);
    c.x = x;
    c.err = err;
    c.part = "xl/workbook.xml";
    c.on_start = wb_start;
    c.on_end = no_end;
    int rc = parse(&c, wb, n);
    free(wb);
    char *rels = rc ? NULL : read_part(x, "xl/_rels/workbook.xml.rels", &n, 1, err);
    if (!rc && !rels)
        rc = err->code;
    if (!rc) {
        c.part = "xl/_rels/workbook.xml.rels";
        c.on_start = rel_start;
        rc = parse(&c, rels, n);
    }
    free(rels);
    for (int i = 0; !rc && i < x->nsheets; i++) {
        const char *t = NULL;
        for (int k = 0; k < c.nrel; k++)
            if (strcmp(c.rel_id[k], x->sheets[i].target) == 0)
                t = c.rel_target[k];
        if (!t) {
            rc = ps_err_set(err, PS_EINPUT, "%s: sheet '%s' has no part in the workbook",
                            x->name, x->sheets[i].name);
            break;
        }
        size_t tl = strlen(t) + 4;
        char *full = malloc(tl);
        if (!full) {
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            break;
        }
        if (t[0] == '/')
            snprintf(full, tl, "%s", t + 1);
        else
            snprintf(full, tl, "xl/%s", t);
        free(x->sheets[i].target);
        x->sheets[i].target = full;
    }
    if (!rc && x->nsheets == 0)
        rc = ps_err_set(err, PS_EINPUT, "%s: the workbook has no sheets", x->name);
    ctx_free(&c);
    if (rc) {
        ps_xlsx_free(x);
        return NULL;
    }
    return x;
}

ps_xlsx *ps_xlsx_open_mem(const char *name, const void *data, size_t len, ps_err *err)
{
    ps_xlsx *x = calloc(1, sizeof *x);
    if (!x || !(x->name = strdup(name))) {
        free(x);
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    return open_common(x, data, len, err);
}

ps_xlsx *ps_xlsx_open(const char *path, ps_err *err)
{
    FILE *f = ps_fopen_regular(path, err); /* a FIFO or a device is refused at once */
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    while (data) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= MAX_FILE) {
            free(data);
            fclose(f);
            ps_err_set(err, PS_EINPUT, "%s: larger than %u MB", path, MAX_FILE >> 20);
            return NULL;
        }
        char *nd = realloc(data, cap * 2);
        if (!nd)
            free(data);
        data = nd;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!data) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    if (bad) {
        free(data);
        ps_err_set(err, PS_EINPUT, "%s: read error", path);
        return NULL;
    }
    ps_xlsx *x = calloc(1, sizeof *x);
    if (!x || !(x->name = strdup(path))) {
        free(x);
        free(data);
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    x->owned = data;
    return open_common(x, data, n, err);
}

void ps_xlsx_free(ps_xlsx *x)
{
    if (!x)
        return;
    if (x->za)
        zip_discard(x->za);
    for (int i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].target);
    }
    for (int i = 0; i < x->nsst; i++)
        free(x->sst[i]);
    free(x->sst);
    free(x->owned);
    free(x->name);
    free(x);
}

int ps_xlsx_nsheets(const ps_xlsx *x) { return x->nsheets; }
const char *ps_xlsx_sheet_name(const ps_xlsx *x, int i) { return x->sheets[i].name; }

int ps_xlsx_sheet_index(const ps_xlsx *x, const char *name)
{
    for (int i = 0; i < x->nsheets; i++)
        if (strcasecmp(x->sheets[i].name, name) == 0)
            return i;
    return -1;
}

int ps_is_xlsx_path(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

void ps_xlsx_where(ps_err *err, const ps_csv *t)
{
    const char *name = ps_csv_name(t);
    size_t nl = strlen(name);
    const char *br = strrchr(name, '[');
    if (!br || nl < 2 || name[nl - 1] != ']' || strncmp(err->msg, name, nl) != 0 ||
        err->msg[nl] != ':')
        return;
    char *end;
    long row = strtol(err->msg + nl + 1, &end, 10);
    if (end == err->msg + nl + 1 || *end != ':')
        return;
    const char *rest = end + 1;
    char colpart[300] = "";
    if (strncmp(rest, " column '", 9) == 0) {
        const char *cn = rest + 9, *q = strchr(cn, '\'');
        if (q) {
            char col[200];
            snprintf(col, sizeof col, "%.*s", (int)(q - cn), cn);
            int ci = ps_csv_col(t, col);
            if (ci >= 0) {
                char letters[8];
                col_letters(ci, letters);
                snprintf(colpart, sizeof colpart, ", column %s ('%s')", letters, col);
            } else {
                snprintf(colpart, sizeof colpart, ", column '%s'", col);
            }
            rest = q + 1;
            if (*rest == ':')
                rest++;
        }
    }
    char msg[PS_ERR_MAX];
    snprintf(msg, sizeof msg, "%.*s, sheet '%.*s', row %ld%s:%s", (int)(br - name), name,
             (int)(nl - (size_t)(br - name) - 2), br + 1, row, colpart, rest);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

int ps_xlsx_fuzz_one(const void *data, size_t len)
{
    ps_err err;
    ps_err_clear(&err);
    ps_xlsx *x = ps_xlsx_open_mem("fuzz.xlsx", data, len, &err);
    if (!x)
        return err.code;
    int rc = 0;
    for (int i = 0; i < ps_xlsx_nsheets(x); i++) {
        ps_csv *t = ps_xlsx_sheet_table(x, i, &err);
        if (!t) {
            rc = err.code;
            continue;
        }
        for (int r = 0; r < ps_csv_nrows(t); r++)
            for (int k = 0; k < ps_csv_ncols(t); k++)
                (void)ps_csv_field(t, r, k);
        ps_csv_free(t);
    }
    ps_xlsx_free(x);
    return rc;
}
