/* output.c: see output.h.  GPL-3.0-or-later. */
#define _GNU_SOURCE /* renameat2 */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

const char *ps_fmt_msg(char buf[32], double v)
{
    if (isnan(v)) {
        snprintf(buf, 32, "NaN (not a number: 0/0?)");
        return buf;
    }
    return ps_fmt(buf, v);
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

/* ---------------------------------------------------------------- results folders
 *
 * Every folder we create holds PS_OUT_MARKER ("policysim results", the pid
 * of the run that wrote it).  Only a folder with the marker (or, for
 * results written before the marker existed, a manifest.json naming
 * policysim) or an empty one is replaced; anything else is refused unless
 * the caller passes PS_OUT_FORCE.  Temporary folders of runs that were
 * killed (their pid is gone) are removed by the next run into the same
 * place. */

static void strip_slashes(const char *in, char *out, size_t n)
{
    size_t len = strlen(in);
    while (len > 1 && in[len - 1] == '/')
        len--;
    snprintf(out, n, "%.*s", (int)len, in);
}

static int dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int empty = 1;
    for (struct dirent *e; empty && (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

/* Written whole then renamed, so a marker is never half there. */
static int write_marker(const char *dir)
{
    char path[4200], part[4300];
    snprintf(path, sizeof path, "%s/%s", dir, PS_OUT_MARKER);
    snprintf(part, sizeof part, "%s.part", path);
    FILE *f = fopen(part, "w");
    if (!f)
        return -1;
    fprintf(f, "policysim results\npid %ld\n", (long)getpid());
    if (fclose(f))
        return -1;
    return rename(part, path);
}

/* A folder holding nothing, or only a marker being written, and not
 * touched for a minute: what a run killed while starting leaves. */
static int abandoned_start(const char *dir)
{
    struct stat st;
    if (lstat(dir, &st) != 0 || time(NULL) - st.st_mtime < 60)
        return dir_is_empty(dir);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int only = 1;
    for (struct dirent *e; only && (e = readdir(d)) != NULL;)
        only = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
               !strcmp(e->d_name, PS_OUT_MARKER ".part");
    closedir(d);
    return only;
}

/* The pid in dir's marker, 0 if there is a marker without one, -1 if none. */
static long marker_pid(const char *dir)
{
    char path[4200], line[128];
    snprintf(path, sizeof path, "%s/%s", dir, PS_OUT_MARKER);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return -1;
    struct stat st;
    ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, line, sizeof line - 1) : -1;
    close(fd);
    if (n < 0)
        return -1;
    line[n] = '\0';
    if (strncmp(line, "policysim results\n", 18) != 0)
        return -1;
    const char *p = strstr(line, "\npid ");
    return p ? strtol(p + 5, NULL, 10) : 0;
}

/* Results written by an older policysim: a manifest.json naming the engine. */
static int legacy_results(const char *dir)
{
    char path[4200], head[256];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return 0;
    struct stat st;
    ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, head, sizeof head - 1) : -1;
    close(fd);
    if (n <= 0)
        return 0;
    head[n] = '\0';
    return strstr(head, "\"engine\": \"policysim\"") != NULL;
}


int ps_outdir_is_ours(const char *dir)
{
    return marker_pid(dir) >= 0 || legacy_results(dir) || dir_is_empty(dir);
}

/* May `final` be replaced?  Absent, or a folder of ours, or forced. */
static int check_final(const char *final, int flags, ps_err *err)
{
    struct stat st;
    if (lstat(final, &st) != 0)
        return errno == ENOENT ? PS_OK
                               : ps_err_set(err, PS_EIO, "%s: %s", final, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return ps_err_set(err, PS_EIO, "%s exists and is not a folder", final);
    if (!(flags & PS_OUT_FORCE) && !ps_outdir_is_ours(final))
        return ps_err_set(err, PS_EUSAGE,
                          "%s: the folder exists and does not hold policysim results; "
                          "choose another --out, or add --force to replace its contents",
                          final);
    return PS_OK;
}

/* Removes NAME.tmp-XXXXXX and NAME.old-XXXXXX beside `final` that a killed
 * run of ours left: they carry our marker and their pid is gone (or they
 * are empty). */
static void clean_stale(const char *final)
{
    char dir[4096], path[8300];
    snprintf(dir, sizeof dir, "%s", final);
    char *slash = strrchr(dir, '/');
    const char *base = final;
    if (slash) {
        base = final + (slash - dir) + 1;
        if (slash == dir)
            slash[1] = '\0';
        else
            *slash = '\0';
    } else {
        snprintf(dir, sizeof dir, ".");
    }
    size_t bl = strlen(base);
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        const char *n = e->d_name;
        if (strncmp(n, base, bl) != 0 || strlen(n) != bl + 11 ||
            (strncmp(n + bl, ".tmp-", 5) != 0 && strncmp(n + bl, ".old-", 5) != 0))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, n);
        struct stat st;
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        long pid = marker_pid(path);
        if (pid < 0) {
            if (abandoned_start(path))
                ps_remove_tree(path);
            continue;
        }
        if (pid > 0 && pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue; /* a live run (or one we may not signal): not ours to touch */
        if (pid == (long)getpid())
            continue;
        ps_remove_tree(path);
    }
    closedir(d);
}

int ps_outdir_prepare(const char *final_in, int flags, char *tmp, size_t tmpsz, ps_err *err)
{
    char final[4096], parent[4096];
    strip_slashes(final_in, final, sizeof final);
    if (tmpsz)
        tmp[0] = '\0';
    snprintf(parent, sizeof parent, "%s", final);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (mkdir_p(parent))
            return ps_err_set(err, PS_EIO, "%s: cannot create the folder: %s", parent,
                              strerror(errno));
    }
    if (check_final(final, flags, err))
        return err ? err->code : PS_EIO;
    clean_stale(final);
    if ((size_t)snprintf(tmp, tmpsz, "%s.tmp-XXXXXX", final) >= tmpsz)
        return ps_err_set(err, PS_EIO, "%s: path too long", final);
    if (!mkdtemp(tmp)) {
        int e = errno;
        char t[4200];
        snprintf(t, sizeof t, "%s", tmp);
        tmp[0] = '\0';
        return ps_err_set(err, PS_EIO, "%s: cannot create a temporary folder: %s", t,
                          strerror(e));
    }
    if (write_marker(tmp)) {
        int e = errno;
        ps_remove_tree(tmp);
        tmp[0] = '\0';
        return ps_err_set(err, PS_EIO, "%s: cannot write: %s", final, strerror(e));
    }
    return PS_OK;
}

int ps_outdir_begin(const char *final, char *tmp, size_t tmpsz, ps_err *err)
{
    return ps_outdir_prepare(final, 0, tmp, tmpsz, err);
}

int ps_outdir_commit_flags(const char *tmp, const char *final_in, int flags, ps_err *err)
{
    char final[4096];
    strip_slashes(final_in, final, sizeof final);
    if (check_final(final, flags, err)) {
        ps_outdir_abort(tmp);
        return err ? err->code : PS_EIO;
    }
    /* Swap the new folder with the old one in one step where the system
     * can (the results folder is complete at every moment), then remove
     * the old one, now under the temporary name. */
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_EXCHANGE) == 0) {
        ps_remove_tree(tmp);
        return PS_OK;
    }
    if (errno != ENOENT && errno != EINVAL && errno != ENOSYS) {
        int e = errno;
        ps_outdir_abort(tmp);
        return ps_err_set(err, PS_EIO, "%s: cannot move the results into place: %s", final,
                          strerror(e));
    }
    char old[4200] = "";
    struct stat st;
    if (lstat(final, &st) == 0) {
        snprintf(old, sizeof old, "%s.old-XXXXXX", final);
        if (!mkdtemp(old) || rename(final, old)) {
            int e = errno;
            if (old[0] && strstr(old, "XXXXXX") == NULL)
                rmdir(old);
            ps_outdir_abort(tmp);
            return ps_err_set(err, PS_EIO, "%s: cannot move the previous results aside: %s",
                              final, strerror(e));
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

int ps_outdir_commit(const char *tmp, const char *final, ps_err *err)
{
    return ps_outdir_commit_flags(tmp, final, 0, err);
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

void ps_err_name_final(ps_err *err, const char *tmp, const char *final)
{
    size_t lt = strlen(tmp), lf = strlen(final);
    char out[PS_ERR_MAX];
    size_t n = 0;
    if (!err || !lt || !strstr(err->msg, tmp))
        return;
    for (const char *p = err->msg; *p && n + 1 < sizeof out;) {
        if (strncmp(p, tmp, lt) == 0 && (p[lt] == '/' || p[lt] == ':' || p[lt] == '\0' ||
                                         p[lt] == ' ')) {
            size_t k = lf < sizeof out - 1 - n ? lf : sizeof out - 1 - n;
            memcpy(out + n, final, k);
            n += k;
            p += lt;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    memcpy(err->msg, out, n + 1);
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
