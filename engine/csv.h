/* csv.h: a strict reader for the small tables policysim takes as input.
 *
 * Format: UTF-8 (a leading BOM is skipped), comma-separated, first non-comment
 * line is the header, lines starting with '#' and blank lines are ignored,
 * fields may be double-quoted ("" inside quotes is a quote; a quoted field
 * may hold newlines), CRLF accepted.  Limits: a line (or quoted field) of
 * PS_CSV_MAX_LINE bytes, PS_CSV_MAX_COLS fields, numbers up to
 * PS_CSV_MAX_ABS in size; reading is linear in the file's size.
 * Every row must have as many fields as the header.  Errors name the file,
 * the line and the column, which is what a planner needs to fix the file.
 *
 * GPL-3.0-or-later. */
#ifndef PS_CSV_H
#define PS_CSV_H

#include "ps_error.h"

typedef struct ps_csv ps_csv;

#define PS_CSV_MAX_LINE (1 << 20)
#define PS_CSV_MAX_COLS 4096
#define PS_CSV_MAX_ABS 1e15

/* Reads and parses the whole file.  Returns NULL and fills err on failure.
 * The caller owns the result and frees it with ps_csv_free. */
ps_csv *ps_csv_read(const char *path, ps_err *err);

/* Parses text already in memory; `name` is used in messages only. */
ps_csv *ps_csv_parse(const char *name, const char *text, size_t len, ps_err *err);

void ps_csv_free(ps_csv *csv); /* NULL is a no-op */

const char *ps_csv_name(const ps_csv *csv);
int ps_csv_nrows(const ps_csv *csv);
int ps_csv_ncols(const ps_csv *csv);
const char *ps_csv_header(const ps_csv *csv, int col);

/* Index of the column `name`, or -1. */
int ps_csv_col(const ps_csv *csv, const char *name);

/* Like ps_csv_col but a missing column is an error naming the file and
 * listing the columns it has.  Returns the index or -1 with err set. */
int ps_csv_require_col(const ps_csv *csv, const char *name, ps_err *err);

/* Field text (never NULL; "" for an empty field) and source line number. */
const char *ps_csv_field(const ps_csv *csv, int row, int col);
int ps_csv_line(const ps_csv *csv, int row);

/* Parses a finite number from the field.  On failure returns PS_EINPUT with
 * "file:line: column 'x': 'text' is not a number". */
int ps_csv_number(const ps_csv *csv, int row, int col, double *out, ps_err *err);

/* Parses an integer in [lo, hi]. */
int ps_csv_int(const ps_csv *csv, int row, int col, int lo, int hi, int *out,
               ps_err *err);

#endif
