/* render.h: the charts of a results folder.
 *
 * A ps_render is a list of charts (each a name, a title, a chart type and
 * its own copy of the data), planned from the CSV files a run has written
 * (ps_render_plan_run: the files and columns present are discovered at run
 * time, so a module added later gets its charts without a change here) or
 * built by a caller such as `compare` (ps_render_add_*).  The list is then
 * drawn to files (one per chart and format) or page by page onto one
 * output (the PDF report).  GPL-3.0-or-later. */
#ifndef PS_RENDER_H
#define PS_RENDER_H

#include "charts.h"
#include "ps_error.h"

/* Pixel size of PNG charts; SVG and PDF use the same aspect. */
#define PS_CHART_W 1280
#define PS_CHART_H 800

typedef struct ps_render ps_render;

ps_render *ps_render_new(int lang);
void ps_render_free(ps_render *r); /* NULL is a no-op */
int ps_render_lang(const ps_render *r);

enum { PS_CHART_LINE, PS_CHART_AREA, PS_CHART_BAR };

/* Adds a chart of `kind`; name is the file name without extension
 * ([a-z0-9_-], unique).  Everything is copied.  cat_labels only for bars. */
int ps_render_add(ps_render *r, int kind, const char *name, const ps_chart *c,
                  const char *const *cat_labels, ps_err *err);
int ps_render_add_pyramid(ps_render *r, const char *name, const ps_pyramid *c, ps_err *err);
/* A fan chart (bands, median and the optional deterministic line). */
int ps_render_add_fan(ps_render *r, const char *name, const ps_fan *f, ps_err *err);

/* A chart drawn by its own function (small multiples and ranked bars of
 * plots/towns_chart.c): draw(data, p, lang, err) draws one page on p.  The
 * list owns data from here on (also on error) and releases it with
 * free_data (may be NULL). */
typedef int (*ps_render_draw_fn)(const void *data, ps_plot *p, int lang, ps_err *err);
int ps_render_add_custom(ps_render *r, const char *name, const char *title,
                         ps_render_draw_fn draw, void *data, void (*free_data)(void *),
                         ps_err *err);

/* Where a chart belongs in a report: the charts of the central projection,
 * or the risk section (fan charts and depletion probabilities of a run
 * with --draws).  Charts are added to the general section; the planner
 * puts the stochastic ones in PS_SECTION_RISK. */
enum { PS_SECTION_MAIN = 0, PS_SECTION_RISK = 1 };
int ps_render_section(const ps_render *r, int i);

int ps_render_count(const ps_render *r);
const char *ps_render_name(const ps_render *r, int i);
const char *ps_render_title(const ps_render *r, int i);

/* Draws chart i as the next page of p. */
int ps_render_draw(const ps_render *r, int i, ps_plot *p, ps_err *err);

/* Writes chart i as one file of one format (PS_FMT_*). */
int ps_render_file(const ps_render *r, int i, const char *path, int format, ps_err *err);

/* Writes outdir/<name>.<ext> for every chart and every format in formats
 * (outdir is created), in parallel processes (ps_tasks_run). */
int ps_render_write(const ps_render *r, const char *outdir, int formats, ps_err *err);

/* Plans the charts of the run results in dir (demography.csv and
 * population.csv required; every other file optional).  With
 * quantiles.csv (a run with --draws): fan charts (fan_<indicator>) of
 * population, old-age dependency, births, each fund's balance, subsidy,
 * service gaps and each module's insured, and with depletion.csv the
 * probability that each fund is depleted by each year
 * (depletion_probability); these are in PS_SECTION_RISK. */
int ps_render_plan_run(ps_render *r, const char *dir, ps_err *err);

/* Plans and writes dir/plots/<name>.<ext>: what `policysim run` calls. */
int ps_render_run(const char *dir, int formats, int lang, ps_err *err);

/* Words for labels in the chosen language: a known column or module name
 * (demography, fund and service columns) or NULL if unknown. */
const char *ps_render_word(const char *key, int lang);

#endif
