/* ps_error.c: see ps_error.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "ps_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ps_err_set(ps_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

int ps_err_prefix(ps_err *err, const char *fmt, ...)
{
    char head[1024], tail[PS_ERR_MAX];
    va_list ap;
    if (!err)
        return PS_EINTERNAL;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(tail, err->msg, sizeof tail);
    size_t hl = strlen(head);
    if (hl >= sizeof err->msg)
        hl = sizeof err->msg - 1;
    memcpy(err->msg, head, hl);
    size_t tl = strnlen(tail, sizeof tail);
    if (tl > sizeof err->msg - 1 - hl)
        tl = sizeof err->msg - 1 - hl;
    memcpy(err->msg + hl, tail, tl);
    err->msg[hl + tl] = '\0';
    return err->code;
}

void ps_err_clear(ps_err *err)
{
    if (err) {
        err->code = PS_OK;
        err->msg[0] = '\0';
    }
}

/* sysexits.h values, which shells and schedulers already know. */
int ps_err_exit_status(int code)
{
    switch (code) {
    case PS_OK: return 0;
    case PS_EUSAGE: return 64;    /* EX_USAGE */
    case PS_EINPUT: return 65;    /* EX_DATAERR */
    case PS_ELIMIT: return 65;    /* the scenario is at fault */
    case PS_EIO: return 74;       /* EX_IOERR */
    case PS_ESTOPPED: return 130; /* as a shell reports SIGINT */
    default: return 70;           /* EX_SOFTWARE */
    }
}
