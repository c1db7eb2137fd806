/* grid.h: tables of text on report pages (PDF), laid out to fit.
 *
 * Column 0 holds the row labels; columns 1.. hold values (one per
 * scenario in a comparison).  Text wraps inside its column (at spaces, and
 * between any two Chinese characters; "\n" breaks a line), header texts
 * wrap too, rows that do not fit go on to a further page with the header
 * repeated, and value columns that do not fit the page width go to a
 * further block of columns with the row labels (and, if asked, the first
 * value columns) repeated: no column is ever
 * cut or drawn over another.  The text shrinks only when a single value
 * column cannot fit beside the labels.  GPL-3.0-or-later. */
#ifndef PS_GRID_H
#define PS_GRID_H

#include "charts.h"

typedef struct ps_grid {
    const char *title;          /* page title; later pages add "(continued)" */
    const char *note;           /* a line under the title, or NULL */
    int ncol;                   /* 1 + value columns (1..64) */
    const char *const *header;  /* ncol texts, or NULL for no header row */
    int nrow;
    const char *const *cells;   /* nrow * ncol, row by row; NULL = empty */
    const int *heading;         /* nrow flags or NULL: 1 = a section heading
                                 * (cell 0 spans the row) */
    int lang;                   /* PS_LANG_* */
    int repeat;                 /* when the columns go into blocks, the first
                                 * `repeat` value columns (the reference
                                 * scenario) are in every block */
} ps_grid;

/* Draws g on as many pages of p as it needs.  Returns the number of pages
 * drawn (>= 1), or -1 with err set. */
int ps_chart_grid(ps_plot *p, const ps_grid *g, ps_err *err);

#endif
