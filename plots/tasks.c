/* tasks.c: see tasks.h.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE
#include "tasks.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The number of threads of this process (from /proc), or -1. */
static int thread_count(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int n = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "Threads:", 8) == 0) {
            n = atoi(line + 8);
            break;
        }
    fclose(f);
    return n;
}

int ps_tasks_procs(int n)
{
    int procs;
    const char *env = getenv("PS_CHART_PROCS");
    if (env && *env) {
        procs = atoi(env);
        if (procs < 1)
            procs = 1;
    } else {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        procs = ncpu < 1 ? 1 : ncpu > 4 ? 4 : (int)ncpu;
    }
    if (procs > PS_TASKS_MAX)
        procs = PS_TASKS_MAX;
    if (procs > n)
        procs = n;
    if (procs > 1 && thread_count() != 1)
        procs = 1;
    return procs < 1 ? 1 : procs;
}

/* Takes task numbers from fd until it is empty or a task fails. */
static int work(int fd, int n, ps_task_fn fn, void *ctx, ps_err *err)
{
    int k;
    for (;;) {
        ssize_t got = read(fd, &k, sizeof k);
        if (got < 0 && errno == EINTR)
            continue;
        if (got == 0)
            return PS_OK;
        if (got != (ssize_t)sizeof k || k < 0 || k >= n)
            return ps_err_set(err, PS_EINTERNAL, "chart tasks: bad read from the task pipe");
        int rc = fn(ctx, k, err);
        if (rc)
            return rc;
    }
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t done = 0;
    while (done < n) {
        ssize_t r = read(fd, p + done, n - done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        done += (size_t)r;
    }
    return (int)done == (int)n ? 0 : -1;
}

int ps_tasks_run(int n, ps_task_fn fn, void *ctx, ps_err *err)
{
    if (n <= 0)
        return PS_OK;
    int procs = ps_tasks_procs(n);
    if (procs == 1) {
        for (int k = 0; k < n; k++) {
            int rc = fn(ctx, k, err);
            if (rc)
                return rc;
        }
        return PS_OK;
    }
    /* Every task number goes into the pipe before any worker starts; the
     * pipe holds 16,384 of them (64 KiB), far more than a report has. */
    if ((size_t)n * sizeof(int) > 65536)
        return ps_err_set(err, PS_EINTERNAL, "chart tasks: %d tasks are too many", n);
    int tp[2];
    if (pipe(tp))
        return ps_err_set(err, PS_EINTERNAL, "chart tasks: pipe: %s", strerror(errno));
    int *all = malloc(sizeof(int) * (size_t)n);
    if (!all) {
        close(tp[0]);
        close(tp[1]);
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    }
    for (int k = 0; k < n; k++)
        all[k] = k;
    int wrc = write_all(tp[1], all, sizeof(int) * (size_t)n);
    free(all);
    close(tp[1]);
    if (wrc) {
        close(tp[0]);
        return ps_err_set(err, PS_EINTERNAL, "chart tasks: cannot fill the task pipe");
    }
    /* Nothing buffered may be copied into a child. */
    fflush(NULL);
    pid_t pid[PS_TASKS_MAX];
    int ep[PS_TASKS_MAX];
    int nchild = 0, rc = PS_OK;
    for (int c = 0; c < procs - 1; c++) {
        int p[2];
        if (pipe(p)) {
            rc = ps_err_set(err, PS_EINTERNAL, "chart tasks: pipe: %s", strerror(errno));
            break;
        }
        pid_t parent = getpid();
        pid_t q = fork();
        if (q < 0) {
            close(p[0]);
            close(p[1]);
            /* Fewer processes is fine: the others take the tasks. */
            break;
        }
        if (q == 0) {
            /* The child: work, report, and leave without exit handlers.
             * It dies with its parent (a killed run must not leave
             * children writing into a folder the next run cleans). */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(1);
            close(p[0]);
            for (int j = 0; j < nchild; j++)
                close(ep[j]);
            ps_err e;
            ps_err_clear(&e);
            int crc = work(tp[0], n, fn, ctx, &e);
            if (crc) {
                e.code = crc;
                write_all(p[1], &e, sizeof e);
            }
            close(p[1]);
            _exit(crc ? 1 : 0);
        }
        close(p[1]);
        pid[nchild] = q;
        ep[nchild] = p[0];
        nchild++;
    }
    if (!rc)
        rc = work(tp[0], n, fn, ctx, err);
    if (rc) {
        /* Take the tasks left so that the children stop soon. */
        int k;
        while (read(tp[0], &k, sizeof k) > 0)
            ;
    }
    close(tp[0]);
    for (int c = 0; c < nchild; c++) {
        int status = 0;
        ps_err e;
        ps_err_clear(&e);
        int got = read_all(ep[c], &e, sizeof e) == 0;
        close(ep[c]);
        while (waitpid(pid[c], &status, 0) < 0 && errno == EINTR)
            ;
        if (rc)
            continue;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            continue;
        if (got && e.code) {
            e.msg[sizeof e.msg - 1] = '\0';
            rc = ps_err_set(err, e.code, "%s", e.msg);
        } else if (WIFSIGNALED(status))
            rc = ps_err_set(err, PS_EINTERNAL, "chart process %d died of signal %d",
                            (int)pid[c], WTERMSIG(status));
        else
            rc = ps_err_set(err, PS_EINTERNAL, "chart process %d failed (status %d)",
                            (int)pid[c], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    return rc;
}
