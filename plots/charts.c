/* charts.c: see charts.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "charts.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <plplot.h>
#include <plstrm.h>
#include <zlib.h>

/* ------------------------------------------------------------ style */

/* Okabe-Ito, in the order series use them (yellow last: weak on white). */
static const unsigned char PALETTE[][3] = {
    {0x00, 0x72, 0xB2}, /* blue */
    {0xD5, 0x5E, 0x00}, /* vermillion */
    {0x00, 0x9E, 0x73}, /* bluish green */
    {0xE6, 0x9F, 0x00}, /* orange */
    {0xCC, 0x79, 0xA7}, /* reddish purple */
    {0x56, 0xB4, 0xE9}, /* sky blue */
    {0x00, 0x00, 0x00}, /* black */
    {0xF0, 0xE4, 0x42}, /* yellow */
};
#define NPAL ((int)(sizeof PALETTE / sizeof PALETTE[0]))
/* Line styles (pllsty) and markers: a second and third cue beside colour. */
static const int STYLES[] = {1, 2, 3, 4, 5, 6, 7, 8};
static const char *const MARKERS[] = {"●", "■", "▲", "◆", "▼", "★", "✚", "✖"};

enum { COL_BG = 0, COL_FG = 1, COL_GRID = 2, COL_PAL = 3, COL_TMP = 12, COL_CLEAR = 15, NCOL0 = 16 };

#define LINE_W 5.0
#define AXIS_W 2.0
#define CHR_LABEL 1.0
#define CHR_AXIS 1.15
#define CHR_TITLE 1.6
#define CHR_LEGEND 1.1

/* PLplot reports recoverable errors through a handler without a user
 * pointer, so the message has to live in thread-local storage. */
static _Thread_local char pl_msg[256];
static _Thread_local int pl_failed;

static void on_plabort(const char *msg)
{
    pl_failed = 1;
    snprintf(pl_msg, sizeof pl_msg, "%s", msg ? msg : "PLplot error");
}

/* LeakSanitizer (the sanitizer builds of the tests): fontconfig, pango,
 * cairo and glib keep process-wide caches until exit, which LSan reports
 * as leaks with stacks inside those libraries only.  Not ours; our own
 * allocations are still checked. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libpango\nleak:libcairo.so\nleak:libglib\n"
           "leak:libgobject\nleak:libharfbuzz\nleak:libfreetype\nleak:libplplot\n";
}

/* ...and says nothing about what it suppressed: a run under the sanitizers
 * prints what the plain program prints (run -q: nothing). */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

struct ps_plot {
    int strm;
    int pages;
    int format;           /* PS_FMT_PNG: drawn into px, encoded at close */
    int w, h;
    uint32_t *px;         /* owned, PNG only: cairo's RGB24 pixels (0x00RRGGBB) */
    cairo_surface_t *surface; /* PNG only: the image surface over px */
    cairo_t *cr;          /* PNG only: the context PLplot draws with */
    char path[4096];
};

static void mm_clear(void); /* the widths measured (text_mm) */

/* ------------------------------------------------------------ formats */

const char *ps_plot_ext(int format)
{
    switch (format) {
    case PS_FMT_PNG: return "png";
    case PS_FMT_SVG: return "svg";
    case PS_FMT_PDF: return "pdf";
    default: return "";
    }
}

int ps_plot_parse_formats(const char *s, int *formats, ps_err *err)
{
    int f = 0;
    char buf[256];
    if (!s || !*s || strlen(s) >= sizeof buf)
        return ps_err_set(err, PS_EUSAGE, "--plots: give one or more of png,svg,pdf");
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "png") == 0)
            f |= PS_FMT_PNG;
        else if (strcmp(tok, "svg") == 0)
            f |= PS_FMT_SVG;
        else if (strcmp(tok, "pdf") == 0)
            f |= PS_FMT_PDF;
        else
            return ps_err_set(err, PS_EUSAGE,
                              "--plots: unknown format '%s' (use png, svg, pdf)", tok);
    }
    if (!f)
        return ps_err_set(err, PS_EUSAGE, "--plots: give one or more of png,svg,pdf");
    *formats = f;
    return PS_OK;
}

/* ------------------------------------------------------------ streams */

static int have_device(const char *dev)
{
    const char *menu[128], *names[128];
    const char **pm = menu, **pn = names;
    int nd = 128;
    plgDevs(&pm, &pn, &nd);
    for (int i = 0; i < nd; i++)
        if (pn[i] && strcmp(pn[i], dev) == 0)
            return 1;
    return 0;
}

static void set_colours(void)
{
    plscmap0n(NCOL0);
    plscol0(COL_BG, 255, 255, 255);
    plscol0(COL_FG, 0, 0, 0);
    plscol0(COL_GRID, 200, 200, 200);
    for (int i = 0; i < NPAL && COL_PAL + i < COL_TMP; i++)
        plscol0(COL_PAL + i, PALETTE[i][0], PALETTE[i][1], PALETTE[i][2]);
}

static ps_plot *open_common(const char *dev, const char *path, int w, int h,
                            unsigned char *mem, ps_err *err)
{
    if (w < 100 || h < 100 || w > 10000 || h > 10000) {
        ps_err_set(err, PS_EINTERNAL, "chart size %dx%d out of range", w, h);
        return NULL;
    }
    if (!have_device(dev)) {
        ps_err_set(err, PS_EIO,
                   "PLplot has no '%s' device: install Debian's plplot-driver-cairo", dev);
        return NULL;
    }
    ps_plot *p = calloc(1, sizeof *p);
    if (!p) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    if (path) {
        /* PLplot exits if it cannot open the file: find out first. */
        FILE *f = fopen(path, "wb");
        if (!f) {
            ps_err_set(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
            free(p);
            return NULL;
        }
        fclose(f);
        snprintf(p->path, sizeof p->path, "%s", path);
    }
    mm_clear();
    pl_failed = 0;
    pl_msg[0] = '\0';
    plsabort(on_plabort);
    plmkstrm(&p->strm);
    if (p->strm < 0) {
        ps_err_set(err, PS_EINTERNAL, "PLplot: no free stream");
        free(p);
        return NULL;
    }
    plsdev(dev);
    if (path)
        plsfnam(path);
    else if (mem)
        plsmem(w, h, mem);
    plspage(0.0, 0.0, w, h, 0, 0);
    plsfam(0, -1, -1);
    set_colours();
    plinit();
    return p;
}

ps_plot *ps_plot_open(const char *path, int format, int width, int height, ps_err *err)
{
    const char *dev = format == PS_FMT_PNG   ? "extcairo"
                      : format == PS_FMT_SVG ? "svgcairo"
                      : format == PS_FMT_PDF ? "pdfcairo"
                                             : NULL;
    if (!dev || !path) {
        ps_err_set(err, PS_EINTERNAL, "ps_plot_open: bad format %d", format);
        return NULL;
    }
    if (format != PS_FMT_PNG) {
        ps_plot *p = open_common(dev, path, width, height, NULL, err);
        if (p)
            p->format = format;
        return p;
    }
    if (width < 100 || height < 100 || width > 10000 || height > 10000) {
        ps_err_set(err, PS_EINTERNAL, "chart size %dx%d out of range", width, height);
        return NULL;
    }
    /* PNG: PLplot's cairo driver draws on our own image surface (the
     * extcairo device), white to start with, and write_png encodes its
     * pixels at close.  The memcairo device drew the same way on the same
     * kind of surface (RGB24), but copied a 3-byte buffer into it pixel by
     * pixel before drawing and back after: the pixels are the same. */
    size_t npx = (size_t)width * (size_t)height;
    uint32_t *px = malloc(npx * sizeof *px);
    if (!px) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    /* White as memcairo starts (0x00FFFFFF): one row, then copies of it. */
    for (int x = 0; x < width; x++)
        px[x] = 0x00FFFFFFu;
    for (int y = 1; y < height; y++)
        memcpy(px + (size_t)y * (size_t)width, px, (size_t)width * sizeof *px);
    FILE *f = fopen(path, "wb");
    if (!f) {
        ps_err_set(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
        free(px);
        return NULL;
    }
    fclose(f);
    cairo_surface_t *sf = cairo_image_surface_create_for_data(
        (unsigned char *)px, CAIRO_FORMAT_RGB24, width, height, width * 4);
    cairo_t *cr = cairo_create(sf);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS ||
        cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        ps_err_set(err, PS_EINTERNAL, "%s: cairo: %s", path,
                   cairo_status_to_string(cairo_status(cr) ? cairo_status(cr)
                                                           : cairo_surface_status(sf)));
        cairo_destroy(cr);
        cairo_surface_destroy(sf);
        free(px);
        return NULL;
    }
    ps_plot *p = open_common("extcairo", NULL, width, height, NULL, err);
    if (!p) {
        cairo_destroy(cr);
        cairo_surface_destroy(sf);
        free(px);
        return NULL;
    }
    pl_cmd(PLESC_DEVINIT, cr);
    p->format = PS_FMT_PNG;
    p->px = px;
    p->surface = sf;
    p->cr = cr;
    p->w = width;
    p->h = height;
    snprintf(p->path, sizeof p->path, "%s", path);
    return p;
}

/* ------------------------------------------------------------ PNG writer */

static void be32_put(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

static int png_chunk(FILE *f, const char *type, const unsigned char *data, size_t n)
{
    unsigned char head[8], tail[4];
    be32_put(head, (uint32_t)n);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (n)
        crc = crc32(crc, data, (uInt)n);
    be32_put(tail, (uint32_t)crc);
    return fwrite(head, 1, 8, f) == 8 && (!n || fwrite(data, 1, n, f) == n) &&
           fwrite(tail, 1, 4, f) == 4;
}

/* One row of the Up filter as PNG bytes R, G, B: each byte of the pixel
 * minus the same byte of the pixel above (up NULL: the first row), modulo
 * 256.  The three bytes are subtracted at once within a 32-bit word without
 * borrows between them; o must have room for 3 * w + 1 bytes. */
static void up_row(unsigned char *o, const uint32_t *in, const uint32_t *up, int w)
{
    const uint32_t H = 0x80808080u;
    for (int x = 0; x < w; x++, o += 3) {
        uint32_t a = in[x], b = up ? up[x] : 0;
        uint32_t d = ((a | H) - (b & ~H)) ^ ((a ^ ~b) & H);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint32_t v = __builtin_bswap32(d) >> 8; /* R, G, B, 0 in memory */
        memcpy(o, &v, 4);
#else
        o[0] = (unsigned char)(d >> 16);
        o[1] = (unsigned char)(d >> 8);
        o[2] = (unsigned char)d;
#endif
    }
}

/* An 8-bit RGB PNG.  Every row uses the Up filter (its difference from the
 * row above), which turns a chart's long vertical runs of one colour into
 * zeros, and zlib's fastest level: cairo's own writer (libpng's adaptive
 * filters, zlib level 6) took half the time of a chart.  Rows are filtered
 * and compressed one at a time and written as IDAT chunks of 64 KiB, so
 * that no second image-sized buffer is needed. */
static int write_png(const char *path, const uint32_t *px, int w, int h, ps_err *err)
{
    enum { ZBUF = 65536 };
    size_t stride = (size_t)w * 3;
    unsigned char *row = malloc(stride + 2), *z = malloc(ZBUF); /* (+1: up_row's last store) */
    FILE *f = fopen(path, "wb");
    int saved = errno, ok = row && z && f, zok = 0;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (ok) {
        unsigned char ihdr[13];
        be32_put(ihdr, (uint32_t)w);
        be32_put(ihdr + 4, (uint32_t)h);
        ihdr[8] = 8;  /* bits per channel */
        ihdr[9] = 2;  /* RGB */
        ihdr[10] = 0; /* deflate */
        ihdr[11] = 0; /* adaptive filtering (a filter byte per row) */
        ihdr[12] = 0; /* not interlaced */
        static const unsigned char SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        ok = fwrite(SIG, 1, 8, f) == 8 && png_chunk(f, "IHDR", ihdr, 13);
        zok = ok && deflateInit2(&zs, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
        ok = zok;
    }
    for (int y = 0; ok && y <= h; y++) {
        int flush = y == h ? Z_FINISH : Z_NO_FLUSH;
        if (y < h) {
            /* Pixels are 0x00RRGGBB; the row above is 0 for the first. */
            const uint32_t *in = px + (size_t)y * (size_t)w;
            row[0] = 2; /* Up */
            if (y)
                up_row(row + 1, in, in - w, w);
            else
                up_row(row + 1, in, NULL, w);
            zs.next_in = row;
            zs.avail_in = (uInt)(stride + 1);
        }
        int zr;
        do {
            zs.next_out = z;
            zs.avail_out = ZBUF;
            zr = deflate(&zs, flush);
            size_t have = ZBUF - zs.avail_out;
            if (zr == Z_STREAM_ERROR || (have && !png_chunk(f, "IDAT", z, have))) {
                ok = 0;
                break;
            }
        } while (zs.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
    }
    if (zok)
        deflateEnd(&zs);
    if (ok)
        ok = png_chunk(f, "IEND", NULL, 0);
    if (!ok && f)
        saved = errno;
    if (f && fclose(f) && ok) {
        saved = errno;
        ok = 0;
    }
    free(row);
    free(z);
    if (!ok)
        return ps_err_set(err, PS_EIO, "%s: cannot write the PNG file: %s", path,
                          strerror(saved));
    return PS_OK;
}

ps_plot *ps_plot_open_mem(unsigned char *rgb, int width, int height, ps_err *err)
{
    if (!rgb) {
        ps_err_set(err, PS_EINTERNAL, "ps_plot_open_mem: no buffer");
        return NULL;
    }
    return open_common("memcairo", NULL, width, height, rgb, err);
}

/* Whether the SVG or PDF file cairo wrote at `path` is whole: cairo
 * ignores write errors (a full disk leaves a truncated file behind and
 * PLplot says nothing), so the end of the file is checked: "</svg>" or
 * "%%EOF".  When it is not, the reason is found by writing one more byte
 * (then taken back): "No space left on device", "File too large". */
static int check_written(const char *path, int format, ps_err *err)
{
    const char *end = format == PS_FMT_SVG ? "</svg>" : "%%EOF";
    char tail[64];
    size_t got = 0;
    int saved = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ps_err_set(err, PS_EIO, "%s: cannot read back the chart: %s", path,
                          strerror(errno));
    if (fseek(f, -(long)sizeof tail, SEEK_END) != 0)
        rewind(f);
    got = fread(tail, 1, sizeof tail - 1, f);
    fclose(f);
    tail[got] = '\0';
    while (got && (tail[got - 1] == '\n' || tail[got - 1] == '\r' || tail[got - 1] == ' '))
        tail[--got] = '\0';
    if (got >= strlen(end) && strcmp(tail + got - strlen(end), end) == 0)
        return PS_OK;
    f = fopen(path, "ab");
    if (!f)
        saved = errno;
    else {
        long size = ftell(f);
        if (fputc('\n', f) == EOF || fflush(f) != 0)
            saved = errno;
        if (size >= 0 && truncate(path, size) != 0 && !saved)
            saved = errno;
        fclose(f);
    }
    return ps_err_set(err, PS_EIO, "%s: cannot write the %s chart: %s", path,
                      format == PS_FMT_SVG ? "SVG" : "PDF",
                      saved ? strerror(saved) : "the file is incomplete (was the disk full?)");
}

int ps_plot_close(ps_plot *p, ps_err *err)
{
    if (!p)
        return PS_OK;
    plsstrm(p->strm);
    if (p->pages == 0) {
        /* An empty file is useless but must still be a valid one. */
        pladv(0);
    }
    plend1();
    mm_clear();
    int failed = pl_failed, rc = PS_OK;
    if (failed)
        rc = ps_err_set(err, PS_EINTERNAL, "%s%sPLplot: %s", p->path, p->path[0] ? ": " : "",
                        pl_msg);
    else if (p->format == PS_FMT_PNG) {
        cairo_surface_flush(p->surface);
        rc = cairo_status(p->cr) != CAIRO_STATUS_SUCCESS
                 ? ps_err_set(err, PS_EINTERNAL, "%s: cairo: %s", p->path,
                              cairo_status_to_string(cairo_status(p->cr)))
                 : write_png(p->path, p->px, p->w, p->h, err);
    }
    else if (p->path[0] && (p->format == PS_FMT_SVG || p->format == PS_FMT_PDF))
        rc = check_written(p->path, p->format, err);
    if (p->cr)
        cairo_destroy(p->cr);
    if (p->surface)
        cairo_surface_destroy(p->surface);
    free(p->px);
    free(p);
    return rc;
}

/* ------------------------------------------------------------ helpers */

/* PLplot's text escape is '#': double it in labels we did not write. */
static const char *esc(char *buf, size_t n, const char *s)
{
    size_t j = 0;
    if (!s)
        s = "";
    for (; *s && j + 2 < n; s++) {
        if (*s == '#')
            buf[j++] = '#';
        buf[j++] = *s;
    }
    buf[j] = '\0';
    return buf;
}

static void palette(int i, unsigned char rgb[3])
{
    memcpy(rgb, PALETTE[i % NPAL], 3);
}

static void set_fill(int i, double alpha)
{
    unsigned char c[3];
    palette(i, c);
    plscol0a(COL_TMP, c[0], c[1], c[2], alpha);
    plcol0(COL_TMP);
}

/* Scale for large values and the unit text that goes with it. */
static double unit_scale(double amax, const char *unit, int lang, char *out, size_t n)
{
    double sc = 1.0;
    const char *word = "";
    if (!unit)
        unit = "";
    /* Money already in 万元 (the one convention for county money) stays so. */
    if (strstr(unit, "万元") || strstr(unit, "10,000 yuan")) {
        snprintf(out, n, "%s", unit);
        return 1.0;
    }
    if (lang == PS_LANG_ZH) {
        if (amax >= 1e9)
            sc = 1e8, word = "亿";
        else if (amax >= 1e5)
            sc = 1e4, word = "万";
    } else {
        if (amax >= 1e10)
            sc = 1e9, word = "billion ";
        else if (amax >= 1e7)
            sc = 1e6, word = "million ";
        else if (amax >= 1e5)
            sc = 1e3, word = "thousand ";
    }
    char u[128];
    snprintf(u, sizeof u, "%s%s", word, unit);
    size_t len = strlen(u);
    while (len && u[len - 1] == ' ')
        u[--len] = '\0';
    snprintf(out, n, "%s", u);
    return sc;
}

static void ylabel_text(char *buf, size_t n, const char *label, const char *u, int lang)
{
    char e[512];
    esc(e, sizeof e, label);
    if (!*u)
        snprintf(buf, n, "%s", e);
    else if (lang == PS_LANG_ZH)
        snprintf(buf, n, "%s（%s）", e, u);
    else
        snprintf(buf, n, "%s (%s)", e, u);
}

static int check_chart(const ps_chart *c, int min_points, ps_err *err)
{
    if (!c || c->n < min_points || !c->x || c->ns < 1 || !c->s)
        return ps_err_set(err, PS_EINTERNAL, "chart '%s': needs %d points and a series",
                          c && c->title ? c->title : "?", min_points);
    for (int i = 0; i < c->n; i++)
        if (!isfinite(c->x[i]) || (i && !(c->x[i] > c->x[i - 1])))
            return ps_err_set(err, PS_EINTERNAL, "chart '%s': x values must increase",
                              c->title ? c->title : "?");
    for (int k = 0; k < c->ns; k++)
        if (!c->s[k].y)
            return ps_err_set(err, PS_EINTERNAL, "chart '%s': series %d has no values",
                              c->title ? c->title : "?", k);
    return PS_OK;
}

/* Range of finite values; returns 0 if there is none. */
static int y_range(const ps_chart *c, int stacked, double *lo, double *hi)
{
    double mn = INFINITY, mx = -INFINITY;
    for (int i = 0; i < c->n; i++) {
        double sum = 0;
        for (int k = 0; k < c->ns; k++) {
            double v = c->s[k].y[i];
            if (!isfinite(v))
                continue;
            if (stacked) {
                sum += v > 0 ? v : 0;
                v = sum;
            }
            if (v < mn)
                mn = v;
            if (v > mx)
                mx = v;
        }
    }
    if (!(mn <= mx))
        return 0;
    *lo = mn;
    *hi = mx;
    return 1;
}

static void nice_range(double *lo, double *hi, int from_zero)
{
    if (from_zero && *lo >= 0)
        *lo = 0;
    if (*hi - *lo <= 0) {
        double d = fabs(*hi) > 0 ? fabs(*hi) * 0.1 : 1.0;
        *lo -= d;
        *hi += d;
    }
    double pad = (*hi - *lo) * 0.06;
    *hi += pad;
    if (!(from_zero && *lo == 0))
        *lo -= pad;
}

static void page_begin(ps_plot *p)
{
    plsstrm(p->strm);
    pladv(0);
    /* A provisional viewport, so that text can be measured before the
     * chart's own viewport is known. */
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    /* Plain numbers up to 8 digits: no "(x10^4)" that readers misread. */
    plsyax(8, 0);
    plsxax(8, 0);
    p->pages++;
    plcol0(COL_FG);
    pllsty(1);
    plwidth(AXIS_W);
}

void ps_plot_page(ps_plot *p) { page_begin(p); }

int ps_plot_status(ps_err *err)
{
    _Static_assert((int)PS_COL_FG == (int)COL_FG && (int)PS_COL_GRID == (int)COL_GRID &&
                       (int)PS_COL_PAL == (int)COL_PAL,
                   "charts.h colour indices");
    return pl_failed ? ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg) : PS_OK;
}

/* Width of text in mm at the current character size, from the driver
 * (cairo measures with the real font); -1 if it cannot tell.  PLplot's
 * cairo driver draws the text while it measures it: in a fully
 * transparent colour, which cairo drops (nothing reaches a PNG, an SVG or
 * a PDF).  The caller sets its colour afterwards. */
/* Widths already measured on the open outputs, by stream, character
 * height, font and text: a PDF table measures the same words again and
 * again while it wraps cells and tries text sizes, and one measurement
 * (a Pango layout) costs half a million instructions.  The driver's answer
 * depends on nothing else, so a width found here is the one it would give.
 * Emptied whenever an output is opened or closed (stream numbers are
 * reused). */
typedef struct {
    char *text;       /* NULL: a free slot */
    int strm;
    PLFLT ht;
    PLUNICODE fci;
    double w;
} mm_slot;
static mm_slot *mm_tab;
static size_t mm_cap, mm_used;

static void mm_clear(void)
{
    for (size_t i = 0; i < mm_cap; i++)
        free(mm_tab[i].text);
    free(mm_tab);
    mm_tab = NULL;
    mm_cap = mm_used = 0;
}

static size_t mm_hash(const char *text, int strm, PLFLT ht, PLUNICODE fci)
{
    uint64_t h = 1469598103934665603u, bits;
    memcpy(&bits, &ht, sizeof bits < sizeof ht ? sizeof bits : sizeof ht);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        h = (h ^ *c) * 1099511628211u;
    h = (h ^ bits) * 1099511628211u;
    h = (h ^ (uint64_t)fci) * 1099511628211u;
    h = (h ^ (uint64_t)(unsigned)strm) * 1099511628211u;
    return (size_t)(h ^ (h >> 29));
}

/* The slot of the key: its entry, or the free slot where it goes. */
static mm_slot *mm_find(const char *text, int strm, PLFLT ht, PLUNICODE fci)
{
    size_t i = mm_hash(text, strm, ht, fci) & (mm_cap - 1);
    for (;; i = (i + 1) & (mm_cap - 1)) {
        mm_slot *e = &mm_tab[i];
        if (!e->text || (e->strm == strm && e->ht == ht && e->fci == fci &&
                         strcmp(e->text, text) == 0))
            return e;
    }
}

static void mm_put(const char *text, int strm, PLFLT ht, PLUNICODE fci, double w)
{
    if (2 * (mm_used + 1) > mm_cap) { /* at most half full */
        size_t cap = mm_cap ? 2 * mm_cap : 1024;
        mm_slot *old = mm_tab, *tab = calloc(cap, sizeof *tab);
        size_t oldcap = mm_cap;
        if (!tab)
            return; /* not kept: measured again next time */
        mm_tab = tab;
        mm_cap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].text)
                *mm_find(old[i].text, old[i].strm, old[i].ht, old[i].fci) = old[i];
        free(old);
    }
    mm_slot *e = mm_find(text, strm, ht, fci);
    if (e->text || !(e->text = strdup(text)))
        return;
    e->strm = strm;
    e->ht = ht;
    e->fci = fci;
    e->w = w;
    mm_used++;
}

static double text_mm(const char *text)
{
    PLStream *pls = NULL;
    plgpls(&pls);
    if (!pls || !pls->has_string_length)
        return -1;
    plscol0a(COL_CLEAR, 0, 0, 0, 0.0);
    plcol0(COL_CLEAR);
    PLINT strm;
    PLFLT def, ht;
    PLUNICODE fci;
    plgstrm(&strm);
    plgchr(&def, &ht);
    plgfci(&fci);
    if (mm_cap) {
        const mm_slot *e = mm_find(text, (int)strm, ht, fci);
        if (e->text)
            return e->w;
    }
    pls->get_string_length = 1;
    plmtex("t", 0.0, 0.5, 0.5, text);
    pls->get_string_length = 0;
    mm_put(text, (int)strm, ht, fci, pls->string_length);
    return pls->string_length;
}

/* Sets the character scale so that text fits in `frac` of the page width
 * (at most `chr`), and returns it. */
static double fit_chr(const char *text, double chr, double frac)
{
    PLFLT xmin, xmax, ymin, ymax;
    plschr(0, chr);
    double len = text_mm(text);
    plgspa(&xmin, &xmax, &ymin, &ymax);
    double avail = (xmax - xmin) * frac;
    if (len > avail && avail > 0) {
        chr *= avail / len;
        plschr(0, chr);
    }
    return chr;
}

/* The title, centred on the viewport and shrunk to fit the page. */
static void title_text(const char *title)
{
    char e[1024];
    PLFLT vx0, vx1, vy0, vy1;
    esc(e, sizeof e, title);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    double cx = (vx0 + vx1) / 2;
    fit_chr(e, CHR_TITLE, 2 * fmin(cx, 1 - cx) * 0.96);
    plcol0(COL_FG);
    plmtex("t", 1.2, 0.5, 0.5, e);
}

/* For pages drawn in other files (plots/grid.c): text width in mm at the
 * current character size, the title, and PLplot's text escape. */
double ps_plot_text_mm(const char *text)
{
    char e[1024];
    return text_mm(esc(e, sizeof e, text));
}

void ps_plot_title(const char *title) { title_text(title); }

const char *ps_plot_esc(char *buf, size_t n, const char *s) { return esc(buf, n, s); }

/* How far (in character heights) the y-axis title sits from the axis:
 * beyond the widest tick label of the current window (money in 万元 can
 * have seven digits). */
static double ylabel_disp(void)
{
    PLFLT x0, x1, y0, y1;
    char b[64];
    plgvpw(&x0, &x1, &y0, &y1);
    int w0 = snprintf(b, sizeof b, "%.0f", y0), w1 = snprintf(b, sizeof b, "%.0f", y1);
    int digits = w0 > w1 ? w0 : w1;
    double d = 1.4 + 0.72 * digits * CHR_LABEL / CHR_AXIS;
    return d > 5.0 ? d : 5.0;
}

static void axes(const char *xlabel, const char *ylab, const char *xopt)
{
    char e[1024];
    plschr(0, CHR_LABEL);
    plcol0(COL_GRID);
    plwidth(1.0);
    plbox("g", 0, 0, "g", 0, 0);
    plcol0(COL_FG);
    plwidth(AXIS_W);
    plbox(xopt, 0, 0, "bcnstv", 0, 0);
    plschr(0, CHR_AXIS);
    plmtex("b", 3.0, 0.5, 0.5, esc(e, sizeof e, xlabel));
    plmtex("l", ylabel_disp(), 0.5, 0.5, ylab);
}

/* The polyline of y against x, broken at NaN. */
static void line_gaps(int n, const double *x, const double *y, double sc)
{
    PLFLT xs[2], ys[2];
    for (int i = 0; i + 1 < n; i++) {
        if (!isfinite(y[i]) || !isfinite(y[i + 1]))
            continue;
        xs[0] = x[i];
        xs[1] = x[i + 1];
        ys[0] = y[i] / sc;
        ys[1] = y[i + 1] / sc;
        plline(2, xs, ys);
    }
}

static void markers(int n, const double *x, const double *y, double sc, const char *glyph)
{
    int step = n > 12 ? (n + 7) / 8 : 1;
    for (int i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            continue;
        /* Every step-th point, and every isolated point (no line reaches
         * it: an actual figure drawn over a projection). */
        int isolated = (i == 0 || !isfinite(y[i - 1])) && (i == n - 1 || !isfinite(y[i + 1]));
        if (i % step && !isolated)
            continue;
        PLFLT xx = x[i], yy = y[i] / sc;
        plstring(1, &xx, &yy, glyph);
    }
}

/* How a legend is laid out: columns and text size. */
typedef struct {
    int ncol;
    double chr;
} legend_fit;

/* pllegend with every entry; dry: everything in the transparent colour
 * (nothing is drawn), to learn the legend's width.  The legend sits a
 * fixed distance under the viewport, clear of the x axis title.  Returns
 * the width as a fraction of the page. */
static double legend_call(int ns, const char *const *labels, const int *kinds,
                          const int *colours, const int *styles, const char *const *glyphs,
                          legend_fit fit, int dry)
{
    enum { MAXL = 16 };
    PLINT opt[MAXL], tcol[MAXL], bcol[MAXL], bpat[MAXL], lcol[MAXL], lsty[MAXL], scol[MAXL],
        snum[MAXL];
    PLFLT bscale[MAXL], bw[MAXL], lw[MAXL], sscale[MAXL];
    const char *text[MAXL], *sym[MAXL];
    char store[MAXL][256];
    if (ns > MAXL)
        ns = MAXL;
    if (ns < 1)
        return 0;
    if (dry)
        plscol0a(COL_CLEAR, 0, 0, 0, 0.0);
    for (int i = 0; i < ns; i++) {
        opt[i] = kinds ? kinds[i] : PL_LEGEND_LINE;
        tcol[i] = dry ? COL_CLEAR : COL_FG;
        bcol[i] = dry ? COL_CLEAR : colours[i];
        bpat[i] = 0;
        bscale[i] = 1.0;
        bw[i] = 1.0;
        lcol[i] = dry ? COL_CLEAR : colours[i];
        lsty[i] = styles ? styles[i] : 1;
        lw[i] = LINE_W;
        scol[i] = dry ? COL_CLEAR : colours[i];
        sscale[i] = 1.0;
        snum[i] = 1;
        sym[i] = glyphs ? glyphs[i] : "";
        text[i] = esc(store[i], sizeof store[i], labels[i]);
    }
    int nrow = (ns + fit.ncol - 1) / fit.ncol;
    PLFLT w = 0, h = 0, vx0, vx1, vy0, vy1;
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plschr(0, fit.chr);
    pllegend(&w, &h, PL_LEGEND_ROW_MAJOR, PL_POSITION_BOTTOM | PL_POSITION_OUTSIDE, 0.0,
             0.115 / (vy1 - vy0), 0.07, COL_BG, COL_FG, 1, nrow, fit.ncol, ns, opt, 0.8, 1.0,
             2.0, 0.0, tcol, text, bcol, bpat, bscale, bw, lcol, lsty, lw, scol, sscale, snum,
             sym);
    return w * (vx1 - vx0);
}

/* Legend layout: three columns (two for four entries) at the full text
 * size if PLplot's layout of it fits the page; else smaller text, then
 * fewer columns.  Measured in the current viewport, with nothing drawn. */
/* The widest legend (fraction of the page): the legend is centred under
 * the plot, whose viewport (0.15-0.95) is centred at 0.55, so it must
 * stay within 2 x 0.45 of the page, less a margin. */
#define LEGEND_MAX_W 0.86

static legend_fit legend_cols(int ns, const char *const *labels)
{
    static const double CHR[3] = {CHR_LEGEND, CHR_LEGEND * 0.88, CHR_LEGEND * 0.78};
    if (ns > 16)
        ns = 16;
    legend_fit fit = {ns < 3 ? ns : ns == 4 ? 2 : 3, CHR_LEGEND};
    if (fit.ncol < 1)
        fit.ncol = 1;
    for (; fit.ncol > 1; fit.ncol--)
        for (int k = 0; k < 3; k++) {
            fit.chr = CHR[k];
            if (legend_call(ns, labels, NULL, NULL, NULL, NULL, fit, 1) <= LEGEND_MAX_W)
                return fit;
        }
    fit.chr = CHR_LEGEND;
    for (int k = 0; k < 3; k++) {
        fit.chr = CHR[k];
        if (legend_call(ns, labels, NULL, NULL, NULL, NULL, fit, 1) <= LEGEND_MAX_W)
            break;
    }
    return fit;
}

static int rows_of(int ns, legend_fit fit)
{
    if (ns > 16)
        ns = 16;
    return (ns + fit.ncol - 1) / fit.ncol;
}

/* Legend under the plot, laid out by legend_cols.  kind:
 * PL_LEGEND_LINE|SYMBOL or PL_LEGEND_COLOR_BOX per entry. */
static void legend(int ns, const char *const *labels, const int *kinds, const int *colours,
                   const int *styles, const char *const *glyphs, legend_fit fit)
{
    legend_call(ns, labels, kinds, colours, styles, glyphs, fit, 0);
}

static void viewport(int nlegend_rows)
{
    double bottom = 0.25 + 0.05 * (nlegend_rows > 1 ? nlegend_rows - 1 : 0);
    plvpor(0.15, 0.95, bottom, 0.88);
}

static void vertical_mark(double x, const char *label, double ylo, double yhi, double xlo,
                          double xhi)
{
    char e[512];
    if (!isfinite(x) || x < xlo || x > xhi)
        return;
    PLFLT xs[2] = {x, x}, ys[2] = {ylo, yhi};
    plcol0(COL_FG);
    pllsty(2);
    plwidth(3.0);
    plline(2, xs, ys);
    pllsty(1);
    if (label) {
        plschr(0, CHR_LEGEND);
        double just = x > xlo + 0.75 * (xhi - xlo) ? 1.0 : 0.0;
        double off = (xhi - xlo) * 0.01 * (just > 0 ? -1 : 1);
        plptex(x + off, yhi - (yhi - ylo) * 0.05, 1.0, 0.0, just, esc(e, sizeof e, label));
    }
}

/* The viewport of a chart whose legend lists its series; returns the
 * legend's columns. */
static legend_fit viewport_series(const ps_chart *c)
{
    const char *labels[16];
    int ns = c->ns < 16 ? c->ns : 16;
    for (int k = 0; k < ns; k++)
        labels[k] = c->s[k].label;
    legend_fit fit = legend_cols(ns, labels);
    viewport(rows_of(ns, fit));
    return fit;
}

/* ------------------------------------------------------------ lines */

int ps_chart_line(ps_plot *p, const ps_chart *c, ps_err *err)
{
    if (!p || check_chart(c, 2, err))
        return p ? err->code : ps_err_set(err, PS_EINTERNAL, "ps_chart_line: no plot");
    if (c->ns > 16)
        return ps_err_set(err, PS_EINTERNAL, "chart '%s': at most 16 series", c->title);
    double lo, hi;
    if (!y_range(c, 0, &lo, &hi))
        return ps_err_set(err, PS_EINPUT, "chart '%s': no values to draw", c->title);
    char u[128], ylab[1024];
    double sc = 1;
    if (c->ymax > c->ymin) {
        /* A fixed axis (per cent): a little room so that lines at the
         * ends stay visible. */
        double pad = (c->ymax - c->ymin) * 0.03;
        lo = c->ymin - pad;
        hi = c->ymax + pad;
        snprintf(u, sizeof u, "%s", c->unit ? c->unit : "");
    } else {
        sc = unit_scale(fmax(fabs(lo), fabs(hi)), c->unit, c->lang, u, sizeof u);
        lo /= sc;
        hi /= sc;
        nice_range(&lo, &hi, c->from_zero);
    }
    ylabel_text(ylab, sizeof ylab, c->ylabel, u, c->lang);
    double xlo = c->x[0], xhi = c->x[c->n - 1];
    const char *labels[16], *glyphs[16];
    for (int k = 0; k < c->ns; k++)
        labels[k] = c->s[k].label;

    page_begin(p);
    legend_fit ncol = legend_cols(c->ns, labels);
    viewport(rows_of(c->ns, ncol));
    plwind(xlo, xhi, lo, hi);
    axes(c->xlabel, ylab, "bcnst");
    if (lo < 0 && hi > 0) {
        PLFLT xs[2] = {xlo, xhi}, ys[2] = {0, 0};
        plcol0(COL_FG);
        plwidth(AXIS_W);
        plline(2, xs, ys);
    }
    int kinds[16], cols[16], styles[16];
    plschr(0, 0.9);
    for (int k = 0; k < c->ns; k++) {
        cols[k] = COL_PAL + k % NPAL;
        styles[k] = STYLES[k % 8];
        glyphs[k] = MARKERS[k % 8];
        kinds[k] = PL_LEGEND_LINE | PL_LEGEND_SYMBOL;
        labels[k] = c->s[k].label;
        plcol0(cols[k]);
        pllsty(styles[k]);
        plwidth(LINE_W);
        line_gaps(c->n, c->x, c->s[k].y, sc);
        pllsty(1);
        markers(c->n, c->x, c->s[k].y, sc, glyphs[k]);
    }
    vertical_mark(c->mark_x, c->mark_label, lo, hi, xlo, xhi);
    title_text(c->title);
    legend(c->ns, labels, kinds, cols, styles, glyphs, ncol);
    return pl_failed ? ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg) : PS_OK;
}

/* ------------------------------------------------------------ stacked areas */

int ps_chart_area(ps_plot *p, const ps_chart *c, ps_err *err)
{
    if (!p || check_chart(c, 2, err))
        return p ? err->code : ps_err_set(err, PS_EINTERNAL, "ps_chart_area: no plot");
    if (c->ns > 16)
        return ps_err_set(err, PS_EINTERNAL, "chart '%s': at most 16 series", c->title);
    double lo, hi;
    if (!y_range(c, 1, &lo, &hi))
        return ps_err_set(err, PS_EINPUT, "chart '%s': no values to draw", c->title);
    char u[128], ylab[1024];
    double sc = unit_scale(fmax(fabs(lo), fabs(hi)), c->unit, c->lang, u, sizeof u);
    ylabel_text(ylab, sizeof ylab, c->ylabel, u, c->lang);
    lo = 0;
    hi /= sc;
    nice_range(&lo, &hi, 1);
    double xlo = c->x[0], xhi = c->x[c->n - 1];
    int n = c->n;
    PLFLT *poly_x = malloc(sizeof(PLFLT) * 2 * (size_t)n);
    PLFLT *poly_y = malloc(sizeof(PLFLT) * 2 * (size_t)n);
    double *base = calloc((size_t)n, sizeof *base);
    if (!poly_x || !poly_y || !base) {
        free(poly_x);
        free(poly_y);
        free(base);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    page_begin(p);
    legend_fit ncol = viewport_series(c);
    plwind(xlo, xhi, lo, hi);
    const char *labels[16];
    int kinds[16], cols[16];
    for (int k = 0; k < c->ns; k++) {
        for (int i = 0; i < n; i++) {
            double v = c->s[k].y[i];
            double top = base[i] + (isfinite(v) && v > 0 ? v : 0) / sc;
            poly_x[i] = c->x[i];
            poly_y[i] = top;
            poly_x[2 * n - 1 - i] = c->x[i];
            poly_y[2 * n - 1 - i] = base[i];
        }
        set_fill(k, 1.0);
        plfill(2 * n, poly_x, poly_y);
        plcol0(COL_BG);
        plwidth(2.0);
        plline(n, poly_x, poly_y);
        for (int i = 0; i < n; i++)
            base[i] = poly_y[i];
        cols[k] = COL_PAL + k % NPAL;
        kinds[k] = PL_LEGEND_COLOR_BOX;
        labels[k] = c->s[k].label;
    }
    free(poly_x);
    free(poly_y);
    free(base);
    axes(c->xlabel, ylab, "bcnst");
    vertical_mark(c->mark_x, c->mark_label, lo, hi, xlo, xhi);
    title_text(c->title);
    legend(c->ns, labels, kinds, cols, NULL, NULL, ncol);
    return pl_failed ? ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg) : PS_OK;
}

/* ------------------------------------------------------------ bars */

int ps_chart_bar(ps_plot *p, const ps_chart *c, const char *const *cat_labels, ps_err *err)
{
    if (!p)
        return ps_err_set(err, PS_EINTERNAL, "ps_chart_bar: no plot");
    if (!c || c->n < 1 || c->ns < 1 || c->ns > 16 || !c->s)
        return ps_err_set(err, PS_EINTERNAL, "bar chart: needs categories and 1-16 series");
    if (!cat_labels && check_chart(c, 1, err))
        return err->code;
    double lo, hi;
    if (!y_range(c, 0, &lo, &hi))
        return ps_err_set(err, PS_EINPUT, "chart '%s': no values to draw", c->title);
    char u[128], ylab[1024], e[256];
    double sc = unit_scale(fmax(fabs(lo), fabs(hi)), c->unit, c->lang, u, sizeof u);
    ylabel_text(ylab, sizeof ylab, c->ylabel, u, c->lang);
    lo /= sc;
    hi /= sc;
    nice_range(&lo, &hi, 1);
    page_begin(p);
    legend_fit ncol = viewport_series(c);
    plwind(-0.5, c->n - 0.5, lo, hi);
    const char *labels[16];
    int kinds[16], cols[16];
    double w = 0.8 / c->ns;
    for (int k = 0; k < c->ns; k++) {
        for (int i = 0; i < c->n; i++) {
            double v = c->s[k].y[i];
            if (!isfinite(v))
                continue;
            double x0 = i - 0.4 + k * w, y0 = lo < 0 ? 0 : lo;
            PLFLT bx[4] = {x0, x0 + w, x0 + w, x0}, by[4] = {y0, y0, v / sc, v / sc};
            set_fill(k, 1.0);
            plfill(4, bx, by);
            plcol0(COL_FG);
            plwidth(1.5);
            plline(4, bx, by);
        }
        cols[k] = COL_PAL + k % NPAL;
        kinds[k] = PL_LEGEND_COLOR_BOX;
        labels[k] = c->s[k].label;
    }
    plschr(0, CHR_LABEL);
    plcol0(COL_GRID);
    plwidth(1.0);
    plbox("", 0, 0, "g", 0, 0);
    plcol0(COL_FG);
    plwidth(AXIS_W);
    plbox("bc", 0, 0, "bcnstv", 0, 0);
    for (int i = 0; i < c->n; i++) {
        char num[32];
        const char *t = cat_labels ? cat_labels[i] : (snprintf(num, sizeof num, "%g", c->x[i]), num);
        plmtex("b", 1.2, (i + 0.5) / c->n, 0.5, esc(e, sizeof e, t));
    }
    plschr(0, CHR_AXIS);
    plmtex("b", 3.0, 0.5, 0.5, esc(e, sizeof e, c->xlabel));
    plmtex("l", ylabel_disp(), 0.5, 0.5, ylab);
    title_text(c->title);
    legend(c->ns, labels, kinds, cols, NULL, NULL, ncol);
    return pl_failed ? ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg) : PS_OK;
}

/* ------------------------------------------------------------ pyramid */

/* Tick labels without the sign: the males' side is drawn negative. */
static void abs_label(PLINT axis, PLFLT value, char *label, PLINT length, PLPointer data)
{
    (void)axis;
    (void)data;
    snprintf(label, (size_t)length, "%g", fabs(value));
}

int ps_chart_pyramid(ps_plot *p, const ps_pyramid *c, ps_err *err)
{
    if (!p || !c || c->nage < 2 || c->nage > 200 || !c->male_a || !c->female_a ||
        (!c->male_b) != (!c->female_b))
        return ps_err_set(err, PS_EINTERNAL, "pyramid: needs ages and both sexes");
    double mx = 0;
    for (int a = 0; a < c->nage; a++) {
        const double *v[4] = {c->male_a, c->female_a, c->male_b, c->female_b};
        for (int k = 0; k < 4; k++) {
            if (!v[k])
                continue;
            if (!isfinite(v[k][a]) || v[k][a] < 0)
                return ps_err_set(err, PS_EINPUT, "pyramid '%s': age %d has no valid value",
                                  c->title, a);
            if (v[k][a] > mx)
                mx = v[k][a];
        }
    }
    if (!(mx > 0))
        return ps_err_set(err, PS_EINPUT, "pyramid '%s': no population", c->title);
    mx *= 1.08;
    char e[512];
    page_begin(p);
    plvpor(0.11, 0.97, 0.20, 0.88);
    plwind(-mx, mx, 0, c->nage);
    PLFLT *sx = malloc(sizeof(PLFLT) * (2 * (size_t)c->nage + 2));
    PLFLT *sy = malloc(sizeof(PLFLT) * (2 * (size_t)c->nage + 2));
    if (!sx || !sy) {
        free(sx);
        free(sy);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    for (int side = 0; side < 2; side++) {
        /* One step polygon per side: bars without seams between ages. */
        const double *v = side ? c->female_a : c->male_a;
        double sgn = side ? 1 : -1;
        int m = 0;
        for (int a = 0; a < c->nage; a++) {
            sx[m] = sgn * v[a];
            sy[m++] = a;
            sx[m] = sgn * v[a];
            sy[m++] = a + 1;
        }
        sx[m] = 0;
        sy[m++] = c->nage;
        sx[m] = 0;
        sy[m++] = 0;
        unsigned char col[3];
        palette(side, col);
        /* Lightened toward white so that year B's outline stands out. */
        plscol0(COL_TMP + 1 + side, (col[0] + 255) / 2, (col[1] + 255) / 2,
                (col[2] + 255) / 2);
        plcol0(COL_TMP + 1 + side);
        plfill(m, sx, sy);
        plcol0(COL_PAL + side);
        plwidth(1.5);
        plline(m - 2, sx, sy);
    }
    free(sx);
    free(sy);
    if (c->male_b) {
        int n = 2 * c->nage;
        PLFLT xs[2 * 200], ys[2 * 200];
        for (int side = 0; side < 2; side++) {
            const double *v = side ? c->female_b : c->male_b;
            double sgn = side ? 1 : -1;
            for (int a = 0; a < c->nage; a++) {
                xs[2 * a] = xs[2 * a + 1] = sgn * v[a];
                ys[2 * a] = a;
                ys[2 * a + 1] = a + 1;
            }
            plcol0(COL_FG);
            plwidth(3.5);
            plline(n, xs, ys);
        }
    }
    PLFLT zx[2] = {0, 0}, zy[2] = {0, c->nage};
    plcol0(COL_FG);
    plwidth(AXIS_W);
    plline(2, zx, zy);
    plslabelfunc(abs_label, NULL);
    plschr(0, CHR_LABEL);
    plcol0(COL_GRID);
    plwidth(1.0);
    plbox("g", 0, 0, "g", 10, 0);
    plcol0(COL_FG);
    plwidth(AXIS_W);
    plbox("bcnsto", 0, 0, "bcnstv", 10, 0);
    plslabelfunc(NULL, NULL);
    plschr(0, CHR_AXIS);
    plmtex("b", 3.0, 0.5, 0.5, esc(e, sizeof e, c->xlabel));
    plmtex("l", 3.6, 0.5, 0.5, esc(e, sizeof e, c->ylabel));
    plschr(0, CHR_TITLE);
    plptex(-mx * 0.95, c->nage * 0.95, 1, 0, 0.0, esc(e, sizeof e, c->male_label));
    plptex(mx * 0.95, c->nage * 0.95, 1, 0, 1.0, esc(e, sizeof e, c->female_label));
    title_text(c->title);
    char l1[256], l2[256], l3[256];
    snprintf(l1, sizeof l1, "%s %s", c->male_label, c->label_a ? c->label_a : "");
    snprintf(l2, sizeof l2, "%s %s", c->female_label, c->label_a ? c->label_a : "");
    snprintf(l3, sizeof l3, "%s", c->label_b ? c->label_b : "");
    const char *labels[3] = {l1, l2, l3};
    int kinds[3] = {PL_LEGEND_COLOR_BOX, PL_LEGEND_COLOR_BOX, PL_LEGEND_LINE};
    int cols[3] = {COL_TMP + 1, COL_TMP + 2, COL_FG};
    int styles[3] = {1, 1, 1};
    int nl = c->male_b ? 3 : 2;
    legend(nl, labels, kinds, cols, styles, NULL, legend_cols(nl, labels));
    return pl_failed ? ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg) : PS_OK;
}

/* ------------------------------------------------------------ fan */

int ps_chart_fan(ps_plot *p, const ps_fan *f, ps_err *err)
{
    if (!p || !f)
        return ps_err_set(err, PS_EINTERNAL, "ps_chart_fan: no plot");
    const ps_chart *c = &f->base;
    if (check_chart(c, 2, err))
        return err->code;
    if (c->ns > 2)
        return ps_err_set(err, PS_EINTERNAL, "fan '%s': a median and at most one more line",
                          c->title);
    if (f->nb < 1 || f->nb > 8 || !f->lo || !f->hi)
        return ps_err_set(err, PS_EINTERNAL, "fan '%s': needs 1-8 bands", c->title);
    double lo = INFINITY, hi = -INFINITY;
    for (int b = 0; b < f->nb; b++) {
        if (!f->lo[b] || !f->hi[b])
            return ps_err_set(err, PS_EINTERNAL, "fan '%s': band %d has no values", c->title, b);
        for (int i = 0; i < c->n; i++) {
            if (!isfinite(f->lo[b][i]) || !isfinite(f->hi[b][i]) || f->lo[b][i] > f->hi[b][i])
                return ps_err_set(err, PS_EINPUT, "fan '%s': band %d is not valid at %g",
                                  c->title, b, c->x[i]);
            lo = fmin(lo, f->lo[b][i]);
            hi = fmax(hi, f->hi[b][i]);
        }
    }
    for (int k = 0; k < c->ns; k++)
        for (int i = 0; i < c->n; i++)
            if (isfinite(c->s[k].y[i])) {
                lo = fmin(lo, c->s[k].y[i]);
                hi = fmax(hi, c->s[k].y[i]);
            }
    char u[128], ylab[1024];
    double sc = unit_scale(fmax(fabs(lo), fabs(hi)), c->unit, c->lang, u, sizeof u);
    ylabel_text(ylab, sizeof ylab, c->ylabel, u, c->lang);
    lo /= sc;
    hi /= sc;
    nice_range(&lo, &hi, c->from_zero);
    int n = c->n;
    double xlo = c->x[0], xhi = c->x[n - 1];
    PLFLT *px = malloc(sizeof(PLFLT) * 2 * (size_t)n), *py = malloc(sizeof(PLFLT) * 2 * (size_t)n);
    if (!px || !py) {
        free(px);
        free(py);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    const char *labels[10];
    int kinds[10], cols[10], styles[10], nl = 0;
    for (int b = 0; b < f->nb; b++)
        labels[nl++] = f->band_labels ? f->band_labels[b] : "";
    for (int k = 0; k < c->ns; k++)
        labels[nl++] = c->s[k].label;
    page_begin(p);
    legend_fit ncol = legend_cols(nl, labels);
    viewport(rows_of(nl, ncol));
    plwind(xlo, xhi, lo, hi);
    /* Bands nest: each translucent layer darkens the ones inside it. */
    const double alpha = 0.25;
    for (int b = 0; b < f->nb; b++) {
        for (int i = 0; i < n; i++) {
            px[i] = c->x[i];
            py[i] = f->hi[b][i] / sc;
            px[2 * n - 1 - i] = c->x[i];
            py[2 * n - 1 - i] = f->lo[b][i] / sc;
        }
        int col = COL_TMP - 1 - b;
        plscol0a(col, PALETTE[0][0], PALETTE[0][1], PALETTE[0][2], alpha);
        plcol0(col);
        plfill(2 * n, px, py);
        /* The legend shows the colour where b + 1 layers overlap, opaque. */
        double cover = 1 - pow(1 - alpha, b + 1);
        plscol0(col, (PLINT)lround(255 - cover * (255 - PALETTE[0][0])),
                (PLINT)lround(255 - cover * (255 - PALETTE[0][1])),
                (PLINT)lround(255 - cover * (255 - PALETTE[0][2])));
        cols[b] = col;
        kinds[b] = PL_LEGEND_COLOR_BOX;
        styles[b] = 1;
    }
    free(px);
    free(py);
    axes(c->xlabel, ylab, "bcnst");
    if (lo < 0 && hi > 0) {
        PLFLT xs[2] = {xlo, xhi}, ys[2] = {0, 0};
        plcol0(COL_FG);
        plwidth(AXIS_W);
        plline(2, xs, ys);
    }
    plcol0(COL_FG);
    plwidth(LINE_W);
    line_gaps(n, c->x, c->s[0].y, sc);
    if (c->ns > 1) {
        /* The deterministic projection: dashed, vermillion, over the
         * median (the two are often close). */
        plcol0(COL_PAL + 1);
        pllsty(2);
        plwidth(LINE_W * 0.7);
        line_gaps(n, c->x, c->s[1].y, sc);
        pllsty(1);
    }
    for (int k = 0; k < c->ns; k++) {
        cols[f->nb + k] = k ? COL_PAL + 1 : COL_FG;
        kinds[f->nb + k] = PL_LEGEND_LINE;
        styles[f->nb + k] = k ? 2 : 1;
    }
    vertical_mark(c->mark_x, c->mark_label, lo, hi, xlo, xhi);
    title_text(c->title);
    legend(nl, labels, kinds, cols, styles, NULL, ncol);
    return pl_failed ? ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg) : PS_OK;
}

/* ------------------------------------------------------------ tornado */

/* A value for a label, scaled, with `digits` decimals. */
static void tornado_value(char *buf, size_t n, double v, double sc, int digits)
{
    snprintf(buf, n, "%.*f", digits, v / sc);
}

int ps_chart_tornado(ps_plot *p, const ps_tornado *t, ps_err *err)
{
    enum { MAXT = 16 };
    if (!p || !t)
        return ps_err_set(err, PS_EINTERNAL, "ps_chart_tornado: no plot");
    if (t->n < 1 || t->n > MAXT || !t->labels || !t->at_low || !t->at_high)
        return ps_err_set(err, PS_EINTERNAL, "tornado '%s': needs 1-%d parameters",
                          t->title ? t->title : "?", MAXT);
    if (!isfinite(t->centre))
        return ps_err_set(err, PS_EINPUT, "tornado '%s': the scenario's value is not a number",
                          t->title ? t->title : "?");
    int order[MAXT];
    double lo = t->centre, hi = t->centre;
    for (int i = 0; i < t->n; i++) {
        if (!isfinite(t->at_low[i]) || !isfinite(t->at_high[i]))
            return ps_err_set(err, PS_EINPUT, "tornado '%s': parameter %d has no value",
                              t->title ? t->title : "?", i);
        lo = fmin(lo, fmin(t->at_low[i], t->at_high[i]));
        hi = fmax(hi, fmax(t->at_low[i], t->at_high[i]));
        order[i] = i;
    }
    /* Widest swing on top (insertion sort: stable, at most 16). */
    for (int i = 1; i < t->n; i++) {
        int k = order[i], j = i;
        double w = fabs(t->at_high[k] - t->at_low[k]);
        while (j > 0 && fabs(t->at_high[order[j - 1]] - t->at_low[order[j - 1]]) < w) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
    char u[128], xlab[1024], e[512], num[64];
    double sc = t->years ? 1 : unit_scale(fmax(fabs(lo), fabs(hi)), t->unit, t->lang, u, sizeof u);
    if (t->years)
        u[0] = '\0';
    ylabel_text(xlab, sizeof xlab, t->xlabel, u, t->lang);
    double wlo = lo / sc, whi = hi / sc, span = whi - wlo;
    /* Decimals: enough to tell the values apart over the chart's span. */
    double mag = span > 0 ? span : fabs(t->centre / sc);
    int digits = t->years || !(mag > 0) ? 0 : 2 - (int)floor(log10(mag));
    digits = digits < 0 ? 0 : digits > 3 ? 3 : digits;
    if (span <= 0)
        span = fabs(whi) > 0 ? fabs(whi) * 0.02 : 1;
    if (t->years && span < 4)
        span = 4;
    /* Room beside the bars for their values. */
    wlo -= span * 0.22;
    whi += span * 0.22;
    for (int i = 0; i < t->n; i++)
        if ((t->low_capped && t->low_capped[i]) || (t->high_capped && t->high_capped[i])) {
            whi += span * 0.1; /* "none ▶" is longer than a year */
            break;
        }
    int n = t->n, two_lines = n <= 8 && t->ranges;
    page_begin(p);
    /* One size for every parameter label, the largest that fits them all
     * in the left margin. */
    double chr_lab = CHR_LEGEND * (n > 8 ? 0.8 : 1.0);
    for (int i = 0; i < n; i++) {
        char lab[512];
        if (two_lines)
            snprintf(lab, sizeof lab, "%s", t->labels[i]);
        else
            snprintf(lab, sizeof lab, "%s (%s)", t->labels[i],
                     t->ranges && t->ranges[i] ? t->ranges[i] : "");
        chr_lab = fit_chr(esc(e, sizeof e, lab), chr_lab, 0.27);
    }
    plvpor(0.30, 0.95, 0.27, 0.88);
    plwind(wlo, whi, 0, n);
    plschr(0, CHR_LABEL);
    plcol0(COL_GRID);
    plwidth(1.0);
    plbox("g", 0, 0, "", 0, 0);
    double c0 = t->centre / sc, h = n <= 4 ? 0.32 : 0.36;
    for (int r = 0; r < n; r++) {
        int i = order[r];
        double yc = n - r - 0.5;
        double v[2] = {t->at_low[i] / sc, t->at_high[i] / sc};
        int capped[2] = {t->low_capped && t->low_capped[i], t->high_capped && t->high_capped[i]};
        /* The longer half first, so that the shorter stays visible on top
         * when both lie on one side of the scenario's value. */
        int first = fabs(v[0] - c0) >= fabs(v[1] - c0) ? 0 : 1;
        for (int pass = 0; pass < 2; pass++) {
            int k = pass ? 1 - first : first;
            if (v[k] == c0)
                continue;
            PLFLT bx[4] = {c0, v[k], v[k], c0}, by[4] = {yc - h, yc - h, yc + h, yc + h};
            set_fill(k == 0 ? 0 : 3, 1.0);
            plfill(4, bx, by);
            plcol0(COL_FG);
            plwidth(1.5);
            plline(4, bx, by);
        }
        /* Values at the ends of the bar, outside it. */
        plschr(0, CHR_LEGEND * (n > 8 ? 0.8 : 1.0));
        plcol0(COL_FG);
        int same = (v[0] - c0) * (v[1] - c0) > 0;
        for (int k = 0; k < 2; k++) {
            if (v[k] == c0 && !(v[0] == c0 && v[1] == c0 && k == 0))
                continue;
            tornado_value(num, sizeof num, k ? t->at_high[i] : t->at_low[i], sc, digits);
            char text[160];
            if (capped[k])
                snprintf(text, sizeof text, "%s %s", t->cap_label ? t->cap_label : "", "▶");
            else
                snprintf(text, sizeof text, "%s", num);
            int right = v[k] >= c0;
            double x = v[k] + (right ? 1 : -1) * span * 0.012;
            double yt = yc - 0.12;
            if (same && k == (fabs(v[0] - c0) >= fabs(v[1] - c0) ? 1 : 0)) {
                /* The shorter half's value goes above the bar. */
                yt = yc + h + 0.05;
            }
            if (v[0] == c0 && v[1] == c0) {
                snprintf(text, sizeof text, "%s", t->lang == PS_LANG_EN ? "no change" : "无变化");
                x = c0 + span * 0.012;
                right = 1;
            }
            plptex(x, yt, 1, 0, right ? 0.0 : 1.0, esc(e, sizeof e, text));
        }
        /* The parameter on the left: its name, and its range below. */
        plschr(0, chr_lab);
        char lab[512];
        if (two_lines) {
            plmtex("lv", 0.8, (yc + 0.15) / n, 1.0, esc(e, sizeof e, t->labels[i]));
            plschr(0, fmin(chr_lab, CHR_LEGEND * 0.85));
            plmtex("lv", 0.8, (yc - 0.35) / n, 1.0,
                   esc(e, sizeof e, t->ranges[i] ? t->ranges[i] : ""));
        } else {
            snprintf(lab, sizeof lab, "%s%s%s%s", t->labels[i],
                     t->ranges && t->ranges[i] ? " (" : "",
                     t->ranges && t->ranges[i] ? t->ranges[i] : "",
                     t->ranges && t->ranges[i] ? ")" : "");
            plmtex("lv", 0.8, (yc - 0.2) / n, 1.0, esc(e, sizeof e, lab));
        }
    }
    /* The scenario's own answer. */
    PLFLT lx[2] = {c0, c0}, ly[2] = {0, n};
    plcol0(COL_FG);
    plwidth(3.5);
    plline(2, lx, ly);
    plwidth(AXIS_W);
    plschr(0, CHR_LABEL);
    plbox("bcnst", 0, 0, "bc", 0, 0);
    plschr(0, CHR_AXIS);
    plmtex("b", 3.0, 0.5, 0.5, xlab);
    char cl[256];
    tornado_value(num, sizeof num, t->centre, sc, digits);
    snprintf(cl, sizeof cl, "%s%s%s", t->centre_label ? t->centre_label : "",
             t->centre_label ? (t->lang == PS_LANG_EN ? ": " : "：") : "",
             t->centre_capped ? (t->cap_label ? t->cap_label : "") : num);
    const char *labels[3] = {t->low_label ? t->low_label : "low value",
                             t->high_label ? t->high_label : "high value", cl};
    int kinds[3] = {PL_LEGEND_COLOR_BOX, PL_LEGEND_COLOR_BOX, PL_LEGEND_LINE};
    int cols[3] = {COL_PAL + 0, COL_PAL + 3, COL_FG}, styles[3] = {1, 1, 1};
    /* The legend centred on the page, not on the plot beside the labels,
     * and a little lower, clear of the axis title. */
    plvpor(0.03, 0.97, 0.25, 0.88);
    title_text(t->title);
    legend(3, labels, kinds, cols, styles, NULL, legend_cols(3, labels));
    if (t->note && *t->note) {
        plvpor(0, 1, 0, 1);
        plwind(0, 1, 0, 1);
        esc(e, sizeof e, t->note);
        fit_chr(e, CHR_LEGEND * 0.9, 0.94);
        plcol0(COL_FG);
        plptex(0.5, 0.035, 1, 0, 0.5, e);
    }
    return pl_failed ? ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg) : PS_OK;
}

/* ------------------------------------------------------------ table page */

int ps_chart_table(ps_plot *p, const char *title, int ncol, const double *widths,
                   const char *const *header, int nrow, const char *const *cells, ps_err *err)
{
    if (!p || ncol < 1 || ncol > 16 || !widths || nrow < 0 || (nrow && !cells))
        return ps_err_set(err, PS_EINTERNAL, "ps_chart_table: bad arguments");
    char e[1024];
    const double row_h = 0.045;
    int fit = (int)((0.86 - 0.05) / row_h) - 1;
    if (nrow > fit)
        nrow = fit;
    double total = 0, x[17];
    for (int j = 0; j < ncol; j++)
        total += widths[j] > 0 ? widths[j] : 1;
    x[0] = 0;
    for (int j = 0; j < ncol; j++)
        x[j + 1] = x[j] + (widths[j] > 0 ? widths[j] : 1) / total;
    page_begin(p);
    plvpor(0.05, 0.95, 0.05, 0.88);
    plwind(0, 1, 0, 1);
    title_text(title);
    double y = 1.0 - row_h;
    plschr(0, 1.0);
    plcol0(COL_FG);
    for (int r = -1; r < nrow; r++) {
        for (int j = 0; j < ncol; j++) {
            const char *t = r < 0 ? (header ? header[j] : "") : cells[r * ncol + j];
            plptex(x[j] + 0.005, y + row_h * 0.5, 1, 0, 0, esc(e, sizeof e, t ? t : ""));
        }
        PLFLT lx[2] = {0, 1}, ly[2] = {y, y};
        plcol0(r < 0 ? COL_FG : COL_GRID);
        plwidth(r < 0 ? AXIS_W : 1.0);
        plline(2, lx, ly);
        plcol0(COL_FG);
        y -= row_h;
    }
    if (pl_failed)
        return ps_err_set(err, PS_EINTERNAL, "PLplot: %s", pl_msg);
    return nrow;
}
