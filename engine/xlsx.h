/* xlsx.h: reads the sheets of an .xlsx workbook (Office Open XML) as
 * tables, strictly and with bounded memory, for census tables, actuals and
 * records a county fills in a spreadsheet.
 *
 * The zip container is read with libzip and the XML with expat (Debian's
 * libzip-dev and libexpat1-dev).  Cell values come back as text: numbers
 * as written in the file (full precision), shared and inline strings,
 * booleans as TRUE/FALSE; formulas give their cached value.  A sheet
 * becomes a ps_csv whose "line" numbers are the sheet's row numbers, so the
 * strict CSV readers serve both forms; ps_xlsx_where() turns the CSV-style
 * "NAME:ROW: column 'x'" prefix of an error into "book.xlsx, sheet 'S',
 * row ROW, column C ('x')".
 *
 * GPL-3.0-or-later. */
#ifndef PS_XLSX_H
#define PS_XLSX_H

#include <stddef.h>

#include "csv.h"
#include "ps_error.h"

typedef struct ps_xlsx ps_xlsx;

/* Opens a workbook from a file, or from memory (data must outlive the
 * workbook; `name` is used in messages).  NULL with err set if it is not a
 * readable .xlsx. */
ps_xlsx *ps_xlsx_open(const char *path, ps_err *err);
ps_xlsx *ps_xlsx_open_mem(const char *name, const void *data, size_t len, ps_err *err);
void ps_xlsx_free(ps_xlsx *x); /* NULL is a no-op */

int ps_xlsx_nsheets(const ps_xlsx *x);
const char *ps_xlsx_sheet_name(const ps_xlsx *x, int i);
/* Index of the sheet `name` (case-insensitive), or -1. */
int ps_xlsx_sheet_index(const ps_xlsx *x, const char *name);

/* Sheet i as a table: its first non-empty row is the header, rows whose
 * first cell starts with '#' and empty rows are skipped.  The table's name
 * is "PATH[SHEET]"; its line numbers are row numbers. */
ps_csv *ps_xlsx_sheet_table(ps_xlsx *x, int i, ps_err *err);

/* True if path ends in .xlsx (any case). */
int ps_is_xlsx_path(const char *path);

/* Rewrites an error raised on a table from ps_xlsx_sheet_table (its
 * message starting "PATH[SHEET]:ROW: column 'x'") to name the workbook,
 * sheet, row and column letter.  Messages that do not start so are kept. */
void ps_xlsx_where(ps_err *err, const ps_csv *table);

/* Fuzz entry point: opens the bytes as a workbook and reads every sheet.
 * Never crashes on any input; returns 0 if the bytes were a readable
 * workbook, else the error code. */
int ps_xlsx_fuzz_one(const void *data, size_t len);

#endif
