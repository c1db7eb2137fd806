/* fuzz_csv.c: libFuzzer target for the CSV reader: any bytes are parsed;
 * every field of a parsed table is read as a number and as an integer.
 * Nothing may crash, leak or read out of bounds.  GPL-3.0-or-later. */
#include <stddef.h>
#include <stdint.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ps_err err;
    ps_csv *c = ps_csv_parse("fuzz.csv", (const char *)data, size, &err);
    if (!c)
        return 0;
    for (int r = 0; r < ps_csv_nrows(c) && r < 64; r++)
        for (int k = 0; k < ps_csv_ncols(c) && k < 64; k++) {
            double v;
            int i;
            ps_csv_number(c, r, k, &v, &err);
            ps_csv_int(c, r, k, 0, 100, &i, &err);
        }
    ps_csv_require_col(c, "sex", &err);
    ps_csv_free(c);
    return 0;
}
