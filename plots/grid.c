/* grid.c: see grid.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "grid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plplot.h>

enum { MAXL = 24, LINE = 512, COL_BAND = 14 };

/* Character sizes (plschr scale) of the table text. */
#define CHR_MAX 0.7
#define CHR_MIN 0.5

typedef struct {
    int n;
    char l[MAXL][LINE];
} lines;

/* Bytes of the UTF-8 character at p (1 for a stray byte). */
static int ulen(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return i;
    return n;
}

/* Width in mm at the current character size: measured by the driver, or
 * estimated from the character height where it cannot measure. */
static double width(const char *s)
{
    if (!*s)
        return 0;
    double w = ps_plot_text_mm(s);
    if (w >= 0)
        return w;
    PLFLT def, ht;
    plgchr(&def, &ht);
    w = 0;
    for (; *s; s += ulen(s))
        w += ht * ((unsigned char)*s >= 0xE0 ? 1.1 : (unsigned char)*s >= 0xC0 ? 0.7 : 0.62);
    return w;
}

/* Closing punctuation that must not start a line: it stays with the
 * character before it. */
static int closing(const char *s)
{
    static const char *const P[] = {"，", "。", "）", "、", "：", "；", "）", "」", "％", ",",
                                    ".", ")", ":", ";", "%", NULL};
    for (int i = 0; P[i]; i++)
        if (strncmp(s, P[i], strlen(P[i])) == 0)
            return (int)strlen(P[i]);
    return 0;
}

/* The next unbreakable piece of text at s: one Chinese character (with
 * the closing punctuation after it), or a run of other characters up to a
 * space, a line break or a Chinese character.  Copies it to u, returns its
 * length in s. */
static size_t unit_at(const char *s, char *u, size_t n)
{
    size_t k = 0;
    const char *close = strncmp(s, "（", 3) == 0 ? strstr(s + 3, "）") : NULL;
    if (close && close - s <= 21 && !memchr(s, '\n', (size_t)(close - s))) {
        /* A short bracket such as （万元） stays whole. */
        k = (size_t)(close - s) + 3;
        int c;
        while ((c = closing(s + k)) > 0)
            k += (size_t)c;
    } else if ((unsigned char)*s >= 0xE0) {
        k = (size_t)ulen(s);
        int c;
        while ((c = closing(s + k)) > 0)
            k += (size_t)c;
    } else {
        while (s[k] && s[k] != ' ' && s[k] != '\n' && (unsigned char)s[k] < 0xE0)
            k += (size_t)ulen(s + k);
        int c;
        while ((c = closing(s + k)) > 0)
            k += (size_t)c;
    }
    snprintf(u, n, "%.*s", (int)(k < n ? k : n - 1), s);
    return k ? k : 1;
}

static void push(lines *out, const char *s)
{
    if (out->n < MAXL)
        snprintf(out->l[out->n++], LINE, "%s", s);
    else /* never cut: the rest joins the last line */
        snprintf(out->l[MAXL - 1] + strlen(out->l[MAXL - 1]),
                 LINE - strlen(out->l[MAXL - 1]), " %s", s);
}

/* A piece wider than w (a long number or word): broken by characters. */
static void split_long(char *cur, double w, lines *out)
{
    char head[LINE];
    while (width(cur) > w) {
        size_t k = 0, best = 0;
        while (cur[k]) {
            k += (size_t)ulen(cur + k);
            snprintf(head, sizeof head, "%.*s", (int)k, cur);
            if (width(head) > w)
                break;
            best = k;
        }
        if (best == 0)
            best = (size_t)ulen(cur); /* one character wider than w: it goes alone */
        if (!cur[best])
            break;
        snprintf(head, sizeof head, "%.*s", (int)best, cur);
        push(out, head);
        memmove(cur, cur + best, strlen(cur + best) + 1);
    }
}

/* text wrapped into lines no wider than w mm at the current size. */
static void wrap(const char *text, double w, lines *out)
{
    char cur[LINE] = "", u[LINE], cand[2 * LINE + 2];
    int space = 0;
    out->n = 0;
    /* A column is as wide as its widest text, its edges sums of widths:
     * rounding must not wrap that text (1,055,50|8). */
    w += 1e-6;
    for (const char *p = text ? text : "";;) {
        if (!*p || *p == '\n') {
            push(out, cur);
            cur[0] = '\0';
            space = 0;
            if (!*p)
                break;
            p++;
            continue;
        }
        if (*p == ' ') {
            space = cur[0] != '\0';
            p++;
            continue;
        }
        p += unit_at(p, u, sizeof u);
        snprintf(cand, sizeof cand, "%s%s%s", cur, space ? " " : "", u);
        if (!cur[0] || width(cand) <= w) {
            size_t k = strlen(cand) < LINE ? strlen(cand) : LINE - 1;
            memcpy(cur, cand, k);
            cur[k] = '\0';
        } else {
            push(out, cur);
            snprintf(cur, sizeof cur, "%s", u);
        }
        space = 0;
        split_long(cur, w, out);
    }
}

/* The widest line of text split at "\n" only. */
static double widest_line(const char *text)
{
    char buf[LINE];
    double m = 0;
    for (const char *p = text ? text : ""; *p;) {
        size_t k = strcspn(p, "\n");
        snprintf(buf, sizeof buf, "%.*s", (int)(k < LINE ? k : LINE - 1), p);
        double w = width(buf);
        m = w > m ? w : m;
        p += k;
        if (*p)
            p++;
    }
    return m;
}

/* The widest unbreakable piece of text. */
static double widest_unit(const char *text)
{
    char u[LINE];
    double m = 0;
    for (const char *p = text ? text : ""; *p;) {
        if (*p == ' ' || *p == '\n') {
            p++;
            continue;
        }
        p += unit_at(p, u, sizeof u);
        double w = width(u);
        m = w > m ? w : m;
    }
    return m;
}

typedef struct {
    double vw, vh;  /* the viewport in mm (world coordinates) */
    double chr, ht, line_h, pad;
    double wl;      /* label column */
    int per;        /* value columns per block */
    int nb;         /* blocks */
} layout;

static void text_at(double x, double y, double just, const char *s)
{
    char e[2 * LINE + 2];
    plptex(x, y, 1, 0, just, ps_plot_esc(e, sizeof e, s));
}

static void hline(double x0, double x1, double y, int col, double w)
{
    PLFLT lx[2] = {x0, x1}, ly[2] = {y, y};
    plcol0(col);
    plwidth(w);
    plline(2, lx, ly);
}

static void vline(double x, double y0, double y1)
{
    PLFLT lx[2] = {x, x}, ly[2] = {y0, y1};
    plcol0(PS_COL_GRID);
    plwidth(1.0);
    plline(2, lx, ly);
}

static int measure(const ps_grid *g, layout *L, double chr);

/* A new page: title, note, the viewport in mm (on the first page, the
 * layout is measured first).  Returns the y (mm) where the table starts. */
static double new_page(ps_plot *p, const ps_grid *g, layout *L, int page)
{
    char t[1024];
    ps_plot_page(p);
    PLFLT x0, x1, y0, y1;
    plgspa(&x0, &x1, &y0, &y1);
    L->vw = (x1 - x0) * 0.92;
    L->vh = (y1 - y0) * 0.84;
    plvpor(0.04, 0.96, 0.04, 0.88);
    plwind(0, L->vw, 0, L->vh);
    if (page == 0) {
        /* The fewest blocks of columns (one: every column side by side)
         * the text allows down to CHR_MIN, at the largest size that gives
         * them; smaller only if not even one column fits. */
        int fits = 0, best_nb = 1 << 30;
        double best = 0;
        /* (One block, or none, cannot be bettered: smaller sizes are not
         * measured then.) */
        for (double chr = CHR_MAX; chr >= CHR_MIN * 0.999 && best_nb > 1; chr *= 0.92)
            if (measure(g, L, chr) && L->nb < best_nb) /* the fewest blocks, largest text */
                best_nb = L->nb, best = chr;
        if (best > 0)
            fits = measure(g, L, best);
        for (double chr = CHR_MIN * 0.9; !fits && chr > 0.3; chr *= 0.9)
            fits = measure(g, L, chr);
        if (!fits) { /* one value column beside the labels, its text wrapped */
            L->per = 1;
            L->nb = g->ncol - 1 - (g->repeat > 0 && g->repeat < g->ncol - 1 ? g->repeat : 0);
            L->wl = fmin(L->wl, 0.5 * L->vw);
        }
    }
    snprintf(t, sizeof t, "%s%s", g->title ? g->title : "",
             page ? (g->lang ? " (continued)" : "（续）") : "");
    ps_plot_title(t);
    plschr(0, L->chr);
    plcol0(PS_COL_FG);
    double y = L->vh;
    if (g->note && *g->note) {
        lines nl;
        wrap(g->note, L->vw, &nl);
        plcol0(PS_COL_FG); /* (measuring leaves a clear colour) */
        for (int k = 0; k < nl.n; k++) {
            y -= L->line_h;
            text_at(0, y + L->line_h * 0.5, 0.0, nl.l[k]);
        }
        y -= L->line_h * 0.4;
    }
    return y;
}

/* Measures the columns at character size chr: fills L, returns 1 if at
 * least one value column fits beside the labels. */
static int measure(const ps_grid *g, layout *L, double chr)
{
    PLFLT def, ht;
    plschr(0, chr);
    plgchr(&def, &ht);
    L->chr = chr;
    L->ht = ht;
    L->line_h = ht * 1.75;
    L->pad = ht * 0.6;
    int nv = g->ncol - 1;
    double lab = 0, wv = 0, pref = 0; /* pref: headers in at most 3 lines */
    for (int r = 0; r < g->nrow; r++) {
        if (g->heading && g->heading[r])
            continue;
        double w = widest_line(g->cells[(size_t)r * (size_t)g->ncol]);
        lab = w > lab ? w : lab;
        for (int j = 1; j < g->ncol; j++) {
            w = widest_line(g->cells[(size_t)r * (size_t)g->ncol + (size_t)j]);
            wv = w > wv ? w : wv;
        }
    }
    if (g->header) {
        double w = widest_unit(g->header[0]);
        lab = w > lab ? w : lab;
        for (int j = 1; j < g->ncol; j++) {
            double u = widest_unit(g->header[j]), t = width(g->header[j] ? g->header[j] : "") / 5;
            wv = u > wv ? u : wv;
            wv = t > wv ? t : wv;
            pref = 5 * t / 3 > pref ? 5 * t / 3 : pref;
        }
    }
    lab += 2 * L->pad;
    wv += 2 * L->pad;
    if (wv < 0.08 * L->vw)
        wv = 0.08 * L->vw;
    if (nv == 0) {
        L->wl = L->vw;
        L->per = L->nb = 0;
        return 1;
    }
    /* The labels take what the values leave (values wide enough for
     * headers of 3 lines), at least 42% of the page if they need it,
     * narrower (down to 26%) if that lets every column fit. */
    pref = fmax(pref + 2 * L->pad, wv);
    double wl = fmin(lab, fmax(0.42 * L->vw, L->vw - nv * pref));
    int k = (int)floor((L->vw - wl) / wv);
    if (k < nv) {
        double wl2 = fmax(fmin(lab, 0.26 * L->vw), L->vw - nv * wv);
        if (wl2 < wl) {
            wl = wl2;
            k = (int)floor((L->vw - wl) / wv);
        }
    }
    L->wl = wl;
    if (k < 1)
        return 0;
    if (k >= nv) {
        L->nb = 1;
        L->per = nv;
        return 1;
    }
    /* Blocks: the repeated columns, then as many others as fit. */
    int rep = g->repeat > 0 && g->repeat < nv ? g->repeat : 0, rest = nv - rep;
    if (k - rep < 1)
        return 0;
    L->nb = (rest + (k - rep) - 1) / (k - rep);
    L->per = (rest + L->nb - 1) / L->nb;
    return 1;
}

/* One block of columns being drawn. */
typedef struct {
    const ps_grid *g;
    layout *L;
    int cols[65], nc;
    double x[66];
    lines *cl;
} block;

/* Wraps row r (-1: the header) into b->cl; returns its height in mm. */
static double row_wrap(block *b, int r)
{
    const ps_grid *g = b->g;
    int head = r >= 0 && g->heading && g->heading[r], nl = 1;
    for (int k = 0; k < (head ? 1 : b->nc); k++) {
        const char *t = r < 0 ? g->header[b->cols[k]]
                              : g->cells[(size_t)r * (size_t)g->ncol + (size_t)b->cols[k]];
        double w = (head ? b->L->vw : b->x[k + 1] - b->x[k]) - 2 * b->L->pad;
        wrap(t, w, &b->cl[k]);
        nl = b->cl[k].n > nl ? b->cl[k].n : nl;
    }
    return nl * b->L->line_h + b->L->pad;
}

/* Draws row r as wrapped by row_wrap, its top at y; returns the y below. */
static double row_draw(block *b, int r, double y, double h)
{
    const ps_grid *g = b->g;
    const layout *L = b->L;
    int head = r >= 0 && g->heading && g->heading[r];
    if (head) {
        PLFLT bx[4] = {0, L->vw, L->vw, 0}, by[4] = {y, y, y - h, y - h};
        plscol0a(COL_BAND, 235, 235, 235, 1.0);
        plcol0(COL_BAND);
        plfill(4, bx, by);
    }
    plcol0(PS_COL_FG);
    for (int k = 0; k < (head ? 1 : b->nc); k++)
        for (int i = 0; i < b->cl[k].n; i++) {
            double yl = y - L->pad * 0.5 - (i + 0.5) * L->line_h;
            if (k == 0)
                text_at(b->x[0] + L->pad, yl, 0.0, b->cl[k].l[i]);
            else if (r < 0)
                text_at((b->x[k] + b->x[k + 1]) / 2, yl, 0.5, b->cl[k].l[i]);
            else
                text_at(b->x[k + 1] - L->pad, yl, 1.0, b->cl[k].l[i]);
        }
    if (!head)
        for (int k = 1; k < b->nc; k++)
            vline(b->x[k], y, y - h);
    y -= h;
    hline(0, L->vw, y, r < 0 ? PS_COL_FG : PS_COL_GRID, r < 0 ? 2.0 : 1.0);
    plcol0(PS_COL_FG);
    return y;
}

int ps_chart_grid(ps_plot *p, const ps_grid *g, ps_err *err)
{
    if (!p || !g || g->ncol < 1 || g->ncol > 64 || g->nrow < 0 || (g->nrow && !g->cells)) {
        ps_err_set(err, PS_EINTERNAL, "ps_chart_grid: bad arguments");
        return -1;
    }
    layout L = {0};
    L.chr = 0.9;
    int pages = 0;
    double y = new_page(p, g, &L, pages++);
    block B = {g, &L, {0}, 0, {0}, calloc((size_t)g->ncol, sizeof(lines))};
    if (!B.cl) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return -1;
    }
    int nb = g->ncol > 1 ? L.nb : 1;
    for (int b = 0; b < nb; b++) {
        int rep = nb > 1 && g->repeat > 0 && g->repeat < g->ncol - 1 ? g->repeat : 0;
        int c0 = 1 + rep + b * L.per, c1 = g->ncol > 1 ? c0 + L.per : 1;
        if (c1 > g->ncol)
            c1 = g->ncol;
        B.nc = 0;
        B.cols[B.nc++] = 0;
        for (int j = 1; j <= rep; j++) /* (the reference columns, in every block) */
            B.cols[B.nc++] = j;
        for (int j = c0; j < c1; j++)
            B.cols[B.nc++] = j;
        B.x[0] = 0;
        B.x[1] = B.nc > 1 ? L.wl : L.vw;
        for (int k = 1; k < B.nc; k++)
            B.x[k + 1] = B.x[k] + (L.vw - L.wl) / (B.nc - 1);
        if (b > 0)
            y = new_page(p, g, &L, pages++);
        if (g->header)
            y = row_draw(&B, -1, y, row_wrap(&B, -1));
        for (int r = 0; r < g->nrow; r++) {
            double h = row_wrap(&B, r);
            if (y - h < 0) { /* the next page, with the header again */
                y = new_page(p, g, &L, pages++);
                if (g->header) {
                    y = row_draw(&B, -1, y, row_wrap(&B, -1));
                    h = row_wrap(&B, r);
                }
            }
            y = row_draw(&B, r, y, h);
        }
    }
    free(B.cl);
    if (ps_plot_status(err))
        return -1;
    return pages;
}
