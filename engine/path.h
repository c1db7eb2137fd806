/* path.h: dated paths {year = value, ...}, MODEL.md's interpolation:
 * linear between the points, flat outside them.  GPL-3.0-or-later. */
#ifndef PS_PATH_H
#define PS_PATH_H

/* Value at `year` of the path given by n >= 1 points, years strictly
 * increasing.  Pure: safe from any thread. */
double ps_path_at(const int *years, const double *values, int n, double year);

#endif
