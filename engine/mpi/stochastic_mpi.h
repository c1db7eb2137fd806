/* stochastic_mpi.h: spreading stochastic draws over MPI ranks (`make mpi`).
 * Only the MPI build compiles this folder.  GPL-3.0-or-later. */
#ifndef PS_STOCHASTIC_MPI_H
#define PS_STOCHASTIC_MPI_H

#include "ps_error.h"
#include "stochastic.h"
#include "sweep.h"

int ps_mpi_init(int *argc, char ***argv, int *rank, int *nranks);
void ps_mpi_finalize(void);

/* Every rank calls this after its share of the draws (st NULL if it
 * failed, with its message in err).  All ranks learn whether any failed,
 * so that none waits for another forever; on rank 0 the other ranks'
 * results are merged into st, or err names the failing ranks.  Returns the
 * same status on every rank. */
int ps_mpi_exchange(ps_stoch *st, int rank, int nranks, ps_err *err);

/* The same for a sweep: every rank learns whether any failed; rank 0 then
 * receives the summaries of the trials the other ranks ran. */
int ps_mpi_sweep_exchange(ps_sweep *sw, int rank, int nranks, ps_err *err);

#endif
