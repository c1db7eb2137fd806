/* ps_error.h: the one error convention of policysim.
 *
 * Every engine function that can fail returns an int code (PS_OK on success)
 * and fills a ps_err the caller owns.  The engine never prints, exits or
 * aborts; only main() decides what the user sees and how the process exits.
 *
 * Copyright (C) 2026 the policysim authors.  GPL-3.0-or-later. */
#ifndef PS_ERROR_H
#define PS_ERROR_H

#include <stddef.h>

enum {
    PS_OK = 0,
    PS_EUSAGE = 1,    /* the command line is wrong */
    PS_EINPUT = 2,    /* a scenario or data file is wrong: the user must fix it */
    PS_EIO = 3,       /* the file system refused (permissions, disk full) */
    PS_ELIMIT = 4,    /* a scenario script hit its instruction or memory limit */
    PS_EINTERNAL = 5, /* a bug or a violated invariant inside the engine */
    PS_ESTOPPED = 6   /* stopped by the user (Ctrl-C) */
};

#define PS_ERR_MAX 4096

typedef struct ps_err {
    int code;              /* PS_OK or one of the codes above */
    char msg[PS_ERR_MAX];  /* one message for the user, no trailing newline */
} ps_err;

/* Sets err (if not NULL) and returns code, so callers can write
 * `return ps_err_set(err, PS_EINPUT, "%s:%d: ...", file, line);`. */
int ps_err_set(ps_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with more context ("while loading x: ...").
 * Returns err->code. */
int ps_err_prefix(ps_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void ps_err_clear(ps_err *err);

/* The exit status a command line should use for an error code. */
int ps_err_exit_status(int code);

#endif
