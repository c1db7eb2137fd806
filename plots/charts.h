/* charts.h: reusable chart types drawn with PLplot: lines with several
 * series, stacked areas, a population pyramid, grouped bars and a fan band.
 *
 * A ps_plot is one open output (a PNG, SVG or PDF file, or an RGB buffer
 * in memory for tests); each chart function draws one page on it, so a
 * file holds one chart and a PDF report holds many.  Every input is
 * validated before PLplot is called, because PLplot's fatal errors call
 * exit(): a bad chart is a returned error, never a dead process.
 *
 * Style: Okabe-Ito colours, each series also with its own line style and
 * marker so that charts stay readable in greyscale and for colour-blind
 * readers; large text and thick lines for projectors.  Text is UTF-8 and
 * drawn by PLplot's cairo driver through fontconfig/pango, so Chinese
 * labels use a CJK font (WenQuanYi Micro Hei on Debian).
 *
 * PLplot keeps process-wide state (its streams), so charts are drawn by
 * one thread at a time.  Labels are copied by PLplot; the caller keeps
 * ownership of every array.  GPL-3.0-or-later. */
#ifndef PS_CHARTS_H
#define PS_CHARTS_H

#include <stddef.h>

#include "ps_error.h"

enum { PS_FMT_PNG = 1, PS_FMT_SVG = 2, PS_FMT_PDF = 4 };
enum { PS_LANG_ZH = 0, PS_LANG_EN = 1 };

/* Parses "png,svg,pdf" (any non-empty subset, any order) into *formats. */
int ps_plot_parse_formats(const char *s, int *formats, ps_err *err);
/* File extension of a single format ("png"...). */
const char *ps_plot_ext(int format);

typedef struct ps_plot ps_plot;

/* Opens a file of one format (PS_FMT_*) of width x height pixels (points
 * for SVG and PDF).  Checks that the cairo device exists and the file can
 * be written before PLplot opens it.  NULL with err set on failure.  A PNG
 * is drawn into memory and encoded here at close (zlib's fastest level and
 * the Up filter: four times faster than cairo's PNG writer, files about
 * the same size). */
ps_plot *ps_plot_open(const char *path, int format, int width, int height, ps_err *err);
/* Draws into rgb (width * height * 3 bytes, caller-owned) instead. */
ps_plot *ps_plot_open_mem(unsigned char *rgb, int width, int height, ps_err *err);
/* For chart types drawn in other files (plots/towns_chart.c): starts the
 * next page of p in the common style (background, text colour, axis width,
 * plain numbers), and tells whether PLplot reported an error since
 * (PS_OK, or PS_EINTERNAL with its message).  Colour indices for plcol0:
 * PS_COL_FG (text and axes), PS_COL_GRID, PS_COL_PAL + k (Okabe-Ito). */
enum { PS_COL_FG = 1, PS_COL_GRID = 2, PS_COL_PAL = 3 };
void ps_plot_page(ps_plot *p);
int ps_plot_status(ps_err *err);
/* Also for them: the width in mm of text at the current character size
 * (plschr), measured by the cairo driver (-1 if it cannot tell); the page
 * title above the current viewport, shrunk to fit; text with PLplot's
 * escape character doubled. */
double ps_plot_text_mm(const char *text);
void ps_plot_title(const char *title);
const char *ps_plot_esc(char *buf, size_t n, const char *s);

/* Finishes the output and frees p.  Returns an error if PLplot reported one
 * on the way (the file is then not to be trusted). */
int ps_plot_close(ps_plot *p, ps_err *err);

/* One series: a label and n values (NaN = no value: the line has a gap). */
typedef struct ps_chart_series {
    const char *label;
    const double *y;
} ps_chart_series;

/* A chart over a numeric x axis (years). */
typedef struct ps_chart {
    const char *title;
    const char *xlabel;
    const char *ylabel;      /* the quantity, without unit */
    const char *unit;        /* base unit ("人", "元", "persons", "yuan"), "" for ratios;
                                large values are scaled: 万/亿 or thousand/million/billion */
    int lang;                /* PS_LANG_ZH or PS_LANG_EN: words for scaled units */
    int n;                   /* points */
    const double *x;
    int ns;                  /* series */
    const ps_chart_series *s;
    double mark_x;           /* vertical marker (a depletion year) or NaN */
    const char *mark_label;  /* text beside the marker, may be NULL */
    int from_zero;           /* y axis starts at 0 (if all values >= 0) */
    double ymin, ymax;       /* fixed y axis (after scaling) when ymax > ymin, as for
                                a probability in per cent; else from the data */
} ps_chart;

/* Lines with markers, one per series. */
int ps_chart_line(ps_plot *p, const ps_chart *c, ps_err *err);
/* Series stacked on each other as filled areas (values >= 0). */
int ps_chart_area(ps_plot *p, const ps_chart *c, ps_err *err);
/* Grouped bars: x holds n categories (drawn as labels cat_labels[i] if
 * given, else the x values), one bar per series in each group. */
int ps_chart_bar(ps_plot *p, const ps_chart *c, const char *const *cat_labels, ps_err *err);

/* Population pyramid: ages 0..nage-1, males to the left, females to the
 * right; year A as filled bars, year B (optional, NULL) as an outline. */
typedef struct ps_pyramid {
    const char *title;
    const char *label_a, *label_b;       /* legend: "2020", "2050" */
    const char *male_label, *female_label;
    const char *xlabel;                  /* "persons" */
    const char *ylabel;                  /* "age" */
    int nage;
    const double *male_a, *female_a;
    const double *male_b, *female_b;     /* may be NULL */
} ps_pyramid;
int ps_chart_pyramid(ps_plot *p, const ps_pyramid *c, ps_err *err);

/* Fan chart: nb bands, widest first (lo[0]/hi[0] the widest), each lo/hi
 * of n values, translucent so that they darken toward the centre; then the
 * central line s[0] (the median: solid, black) and, if base.ns == 2, a
 * second line s[1] (the deterministic projection: dashed, vermillion;
 * NaN where absent).  base.mark_x marks a year (where a fund's probability
 * of depletion passes one half). */
typedef struct ps_fan {
    ps_chart base;           /* title, axes, x; s[0] the median, s[1] optional */
    int nb;
    const double *const *lo;
    const double *const *hi;
    const char *const *band_labels;
} ps_fan;
int ps_chart_fan(ps_plot *p, const ps_fan *c, ps_err *err);

/* Tornado chart: one horizontal bar per parameter, the widest swing on
 * top.  Each bar spans from the answer at the parameter's low value to the
 * answer at its high value, drawn from a vertical line at the scenario's
 * own answer: the low-value half in one colour, the high-value half in
 * another (legend low_label / high_label).  Labels on the left: the
 * parameter (labels[i]) and its range (ranges[i], may be NULL).  A value
 * flagged in low_capped/high_capped (may be NULL) lies beyond the axis
 * (a fund never depleted within the horizon: drawn at the horizon's end)
 * and is marked with an arrow and cap_label; note is printed under the
 * chart (may be NULL). */
typedef struct ps_tornado {
    const char *title;
    const char *xlabel;      /* the answer, without unit */
    const char *unit;        /* as in ps_chart (scaled when large); "" for years */
    int lang;
    int n;                   /* parameters, 1..16 */
    const char *const *labels;
    const char *const *ranges;
    const double *at_low, *at_high;
    const unsigned char *low_capped, *high_capped;
    double centre;           /* the scenario's own answer */
    int centre_capped;
    const char *centre_label;/* legend text of the vertical line */
    const char *low_label, *high_label;
    const char *cap_label;   /* text beside a capped end, e.g. "none" */
    const char *note;
    int years;               /* values are years: printed without separators */
} ps_tornado;
int ps_chart_tornado(ps_plot *p, const ps_tornado *t, ps_err *err);

/* A page of text lines (title + rows of cells), for report PDFs: ncol
 * columns with relative widths; rows beyond what fits are dropped (the
 * caller pages).  Returns the number of rows drawn. */
int ps_chart_table(ps_plot *p, const char *title, int ncol, const double *widths,
                   const char *const *header, int nrow, const char *const *cells,
                   ps_err *err);

#endif
