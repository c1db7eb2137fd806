/* safe_file.h: opening the files a user names (scenarios, modules, data)
 * so that a name that is not a regular file (a FIFO, a device such as
 * /dev/zero, a folder) is refused at once instead of hanging or eating
 * memory, and a file is read with a bound on its size.
 * GPL-3.0-or-later. */
#ifndef PS_SAFE_FILE_H
#define PS_SAFE_FILE_H

#include <stdio.h>

#include "ps_error.h"

/* Largest input file read (1 GiB): policysim's inputs are small tables. */
#define PS_MAX_INPUT_BYTES ((size_t)1 << 30)

/* Opens path for reading if it is a regular file (without blocking on a
 * FIFO).  NULL with err (PS_EINPUT, naming the file) otherwise. */
FILE *ps_fopen_regular(const char *path, ps_err *err);

/* Reads a whole regular file (at most max bytes) into a NUL-terminated
 * buffer the caller frees.  NULL with err set on failure. */
char *ps_read_regular(const char *path, size_t max, size_t *len, ps_err *err);

#endif
