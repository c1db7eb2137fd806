/* stochastic_mpi.c: see stochastic_mpi.h.  GPL-3.0-or-later. */
#include "stochastic_mpi.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#define MSG 512

int ps_mpi_init(int *argc, char ***argv, int *rank, int *nranks)
{
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, nranks);
    return 0;
}

void ps_mpi_finalize(void) { MPI_Finalize(); }

/* Every rank says whether it failed; if any did, rank 0's err names each
 * failing rank and its message, the others get "another rank failed".
 * Returns 1 if any rank failed (on every rank). */
static int agree_on_failure(int failed, int rank, int nranks, ps_err *err)
{
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (any) {
        char mine[MSG], *all = rank == 0 ? calloc((size_t)nranks, MSG) : NULL;
        int code = failed ? err->code : PS_OK, worst = 0;
        memset(mine, 0, sizeof mine);
        if (failed)
            memcpy(mine, err->msg, strnlen(err->msg, MSG - 1));
        MPI_Gather(mine, MSG, MPI_CHAR, all, MSG, MPI_CHAR, 0, MPI_COMM_WORLD);
        MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (rank == 0 && all) {
            char buf[PS_ERR_MAX] = "";
            size_t used = 0;
            for (int r = 0; r < nranks && used < sizeof buf - 1; r++)
                if (all[(size_t)r * MSG])
                    used += (size_t)snprintf(buf + used, sizeof buf - used, "%srank %d: %s",
                                             used ? "; " : "", r, all + (size_t)r * MSG);
            ps_err_set(err, worst ? worst : PS_EINTERNAL, "%s", buf);
        } else if (!failed) {
            ps_err_set(err, worst ? worst : PS_EINTERNAL, "another rank failed");
        }
        free(all);
        return 1;
    }
    return 0;
}

int ps_mpi_exchange(ps_stoch *st, int rank, int nranks, ps_err *err)
{
    int failed = st == NULL;
    /* A test hook: PS_TEST_FAIL_RANK=k makes rank k report a failure, to
     * show that the others do not hang. */
    const char *inject = getenv("PS_TEST_FAIL_RANK");
    if (inject && atoi(inject) == rank && !failed) {
        failed = 1;
        ps_err_set(err, PS_EINTERNAL, "injected failure (PS_TEST_FAIL_RANK=%d)", rank);
    }
    if (agree_on_failure(failed, rank, nranks, err))
        return err->code;
    /* Every rank ran the same scenario, so the buffers have one size. */
    unsigned long long n = ps_stoch_buffer_size(st), lo = 0, hi = 0;
    MPI_Allreduce(&n, &lo, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&n, &hi, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
    if (lo != hi)
        return ps_err_set(err, PS_EINTERNAL, "ranks disagree on the series to summarise");
    uint64_t *buf = malloc(n * sizeof *buf);
    int ok = buf != NULL, all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_ok) {
        free(buf);
        return ps_err_set(err, PS_EINTERNAL, "out of memory for the exchange of results");
    }
    ps_stoch_to_buffer(st, buf);
    /* Rank 0 receives one rank at a time (memory: two buffers) and adds the
     * counts; integer addition makes the order irrelevant. */
    int rc = PS_OK;
    if (rank == 0) {
        for (int r = 1; r < nranks; r++) {
            MPI_Recv(buf, (int)n, MPI_UINT64_T, r, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (!rc)
                rc = ps_stoch_add_buffer(st, buf, err);
        }
    } else {
        MPI_Send(buf, (int)n, MPI_UINT64_T, 0, 7, MPI_COMM_WORLD);
    }
    free(buf);
    return rc;
}

int ps_mpi_sweep_exchange(ps_sweep *sw, int rank, int nranks, ps_err *err)
{
    if (agree_on_failure(sw == NULL, rank, nranks, err))
        return err->code;
    /* Trial i was run by rank i % nranks; rank 0 collects the summaries. */
    for (int i = 0; i < ps_sweep_ntrials(sw); i++) {
        int owner = i % nranks;
        if (owner == 0)
            continue;
        char **slot = ps_sweep_slot(sw, i);
        if (rank == owner) {
            int len = *slot ? (int)strlen(*slot) : 0;
            MPI_Send(&len, 1, MPI_INT, 0, 8, MPI_COMM_WORLD);
            MPI_Send(*slot ? *slot : "", len, MPI_CHAR, 0, 9, MPI_COMM_WORLD);
        } else if (rank == 0) {
            int len = 0;
            MPI_Recv(&len, 1, MPI_INT, owner, 8, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            free(*slot);
            *slot = malloc((size_t)len + 1);
            if (!*slot) /* nothing sensible is left to do; MPI_Abort ends every rank */
                MPI_Abort(MPI_COMM_WORLD, 70);
            MPI_Recv(*slot, len, MPI_CHAR, owner, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            (*slot)[len] = '\0';
        }
    }
    return PS_OK;
}
