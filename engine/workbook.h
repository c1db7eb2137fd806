/* workbook.h: the result tables of a folder as one Excel workbook and one
 * SQLite database, for analysts who open Excel or query with SQL.
 *
 * results.xlsx (libxlsxwriter): one sheet per CSV file in dir, sorted by
 * name (sheet name = file name without .csv, cut to Excel's 31
 * characters); row 1 the column names, row 2 their units, both frozen;
 * numbers as numbers, other text as text, empty cells empty.
 * results.sqlite: one table per CSV file with the same columns; numbers
 * stored as REAL, other fields as TEXT, empty fields as NULL.
 * GPL-3.0-or-later. */
#ifndef PS_WORKBOOK_H
#define PS_WORKBOOK_H

#include "ps_error.h"

/* Unit of a result column ("persons", "yuan", ...; "" if none known),
 * in Chinese (lang 0) or English (lang 1). */
const char *ps_column_unit(const char *column, int lang);

int ps_workbook_write(const char *dir, int lang, ps_err *err);
int ps_sqlite_write(const char *dir, ps_err *err);

#endif
