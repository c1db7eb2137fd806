/* output.c: see output.h.  GPL-3.0-or-later. */
#define _XOPEN_SOURCE 700
#include "output.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *ps_fmt(char buf[32], double v)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

void ps_put(FILE *f, double v, int first)
{
    char b[32];
    if (!first)
        fputc(',', f);
    fputs(ps_fmt(b, v), f);
}

static int mkdir_p(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(buf, 0777) && errno != EEXIST)
        return -1;
    return 0;
}

int ps_outdir_begin(const char *final, char *tmp, size_t tmpsz, ps_err *err)
{
    char parent[4096];
    size_t len = strlen(final);
    while (len > 1 && final[len - 1] == '/')
        len--;
    snprintf(parent, sizeof parent, "%.*s", (int)len, final);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (mkdir_p(parent))
            return ps_err_set(err, PS_EIO, "%s: cannot create the folder: %s", parent,
                              strerror(errno));
    }
    if ((size_t)snprintf(tmp, tmpsz, "%.*s.tmp-XXXXXX", (int)len, final) >= tmpsz)
        return ps_err_set(err, PS_EIO, "%s: path too long", final);
    if (!mkdtemp(tmp))
        return ps_err_set(err, PS_EIO, "%s: cannot create a temporary folder: %s", tmp,
                          strerror(errno));
    return PS_OK;
}

int ps_outdir_commit(const char *tmp, const char *final, ps_err *err)
{
    char old[4200] = "";
    struct stat st;
    if (stat(final, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            ps_outdir_abort(tmp);
            return ps_err_set(err, PS_EIO, "%s exists and is not a folder", final);
        }
        snprintf(old, sizeof old, "%s.old-XXXXXX", final);
        if (!mkdtemp(old) || rename(final, old)) {
            ps_outdir_abort(tmp);
            return ps_err_set(err, PS_EIO, "%s: cannot move the previous results aside: %s",
                              final, strerror(errno));
        }
    }
    if (rename(tmp, final)) {
        int e = errno;
        if (old[0])
            rename(old, final);
        ps_outdir_abort(tmp);
        return ps_err_set(err, PS_EIO, "%s: cannot move the results into place: %s", final,
                          strerror(e));
    }
    if (old[0])
        ps_remove_tree(old);
    return PS_OK;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

int ps_remove_tree(const char *path)
{
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void ps_outdir_abort(const char *tmp)
{
    if (tmp && tmp[0])
        ps_remove_tree(tmp);
}

FILE *ps_open_out(const char *dir, const char *name, ps_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        ps_err_set(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

int ps_close_out(FILE *f, const char *dir, const char *name, ps_err *err)
{
    int bad = ferror(f);
    if (fclose(f) || bad)
        return ps_err_set(err, PS_EIO, "%s/%s: write failed (disk full?)", dir, name);
    return PS_OK;
}
