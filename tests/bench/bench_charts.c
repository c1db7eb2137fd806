/* bench_charts.c: times ps_report_run (every chart of a results folder as
 * PNG, report.html with inline SVG, report.pdf, results.xlsx and .sqlite)
 * on a results folder written by `policysim run`.  Usage:
 * bench_charts DIR [N].  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "charts.h"
#include "report.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double cpu(void)
{
    struct rusage a, b;
    getrusage(RUSAGE_SELF, &a);
    getrusage(RUSAGE_CHILDREN, &b);
    return a.ru_utime.tv_sec + a.ru_utime.tv_usec * 1e-6 + a.ru_stime.tv_sec +
           a.ru_stime.tv_usec * 1e-6 + b.ru_utime.tv_sec + b.ru_utime.tv_usec * 1e-6 +
           b.ru_stime.tv_sec + b.ru_stime.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_charts RESULTS_DIR [N]\n");
        return 64;
    }
    int n = argc > 2 ? atoi(argv[2]) : 5;
    ps_err err;
    double best = 1e9, c0 = cpu(), t0 = now();
    for (int i = 0; i < n; i++) {
        double t = now();
        if (ps_report_run(argv[1], PS_FMT_PNG, PS_LANG_ZH, &err)) {
            fprintf(stderr, "bench_charts: %s\n", err.msg);
            return 1;
        }
        t = now() - t;
        best = t < best ? t : best;
    }
    printf("charts and report: %s, %d runs, %.0f ms per run wall (best %.0f ms), %.0f ms CPU\n",
           argv[1], n, (now() - t0) / n * 1000, best * 1000, (cpu() - c0) / n * 1000);
    return 0;
}
