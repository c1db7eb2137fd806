/* households_chart.h: charts and words of the households, housing and
 * funerals modules (issue 16), read by render.c beside its own lists.
 * GPL-3.0-or-later. */
#ifndef PS_HOUSEHOLDS_CHART_H
#define PS_HOUSEHOLDS_CHART_H

typedef struct ps_extra_chart {
    const char *module, *name, *title, *ylabel, *unit; /* title etc. are word keys */
    const char *cols[6];
} ps_extra_chart;

/* Terminated by a NULL module. */
extern const ps_extra_chart ps_households_charts[];

/* The zh or en word for a word key of these charts (a chart title, an
 * axis title, a unit: "@hh_..."), or NULL.  The modules' names and their
 * columns' labels are their declarations (declared.h). */
const char *ps_households_word(const char *key, int lang);

#endif
