/* path.c: see path.h.  GPL-3.0-or-later. */
#include "path.h"

#include <assert.h>

double ps_path_at(const int *years, const double *values, int n, double year)
{
    assert(n >= 1);
    if (year <= years[0])
        return values[0];
    if (year >= years[n - 1])
        return values[n - 1];
    int lo = 0, hi = n - 1; /* years[lo] < year < years[hi] */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (years[mid] <= year)
            lo = mid;
        else
            hi = mid;
    }
    double w = (year - years[lo]) / (double)(years[hi] - years[lo]);
    /* Written as a weighted sum so that the end points come out exactly. */
    return values[lo] * (1.0 - w) + values[hi] * w;
}
