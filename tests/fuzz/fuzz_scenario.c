/* fuzz_scenario.c: libFuzzer target for the scenario loader and the run's
 * calls into the scenario (per-year functions, hooks, state, params): the
 * input is a scenario's Lua text, written to a file beside copies of
 * nothing but absolute paths (PS_FUZZ_DATA, the project's data/feidong).
 * Loaded with small limits, then, if valid, run year by year.  Any error
 * is fine; a crash, a leak or a hang (libFuzzer's -timeout) is a bug.
 * GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/ps-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        /* The data files by an absolute path: the seeds say DATA/x.csv. */
        char link[300];
        snprintf(link, sizeof link, "%s/DATA", dir);
        if (symlink(PS_FUZZ_DATA, link) && access(link, F_OK))
            abort();
    }
    char path[300];
    snprintf(path, sizeof path, "%s/scenario.lua", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    ps_limits lim = {2000000, (size_t)64 << 20};
    ps_err err;
    ps_scenario *sc = ps_scenario_load(path, &lim, NULL, &err);
    if (!sc)
        return 0;
    ps_run *run = ps_run_new(sc, &err);
    if (run)
        ps_run_project(run, &err);
    ps_run_free(run);
    ps_scenario_free(sc);
    return 0;
}
