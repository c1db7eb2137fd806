/* fuzz_xlsx.c: libFuzzer target for the workbook (.xlsx) reader, through
 * its fuzz entry point.  GPL-3.0-or-later. */
#include <stddef.h>
#include <stdint.h>

#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ps_xlsx_fuzz_one(data, size);
    return 0;
}
