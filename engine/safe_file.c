/* safe_file.c: see safe_file.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a pipe (FIFO)";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

FILE *ps_fopen_regular(const char *path, ps_err *err)
{
    /* O_NONBLOCK: opening a FIFO with no writer must not wait. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        ps_err_set(err, PS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        ps_err_set(err, PS_EINPUT, "%s: cannot open: %s", path, strerror(e));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        ps_err_set(err, PS_EINPUT, "%s: cannot read it: it is %s, not a file", path,
                   kind_of(st.st_mode));
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        ps_err_set(err, PS_EINTERNAL, "%s: out of memory", path);
    }
    return f;
}

char *ps_read_regular(const char *path, size_t max, size_t *len, ps_err *err)
{
    FILE *f = ps_fopen_regular(path, err);
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                ps_err_set(err, PS_EINTERNAL, "%s: out of memory", path);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > max) {
            free(buf);
            fclose(f);
            ps_err_set(err, PS_EINPUT, "%s: larger than %zu MiB, too large for an input file",
                       path, max >> 20);
            return NULL;
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        ps_err_set(err, PS_EINPUT, "%s: read error: %s", path, strerror(e));
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}
