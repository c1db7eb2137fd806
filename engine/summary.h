/* summary.h: a run's answers, as data (summary.csv) and in words
 * (headline sentences).
 *
 * Summary rows: a module's `summarize` callback (module.h) adds rows with a
 * key (unchanged from earlier versions: users' scripts read them), a value
 * (a number, written as ps_put writes it, or a text such as "yes", "none"),
 * Chinese and English labels and a unit, and whether it is a headline
 * answer (ps_summary_headline).  summary.csv is
 * key,value,label_zh,label_en,unit,headline (headline 1 or 0; the column
 * was added at the end, so folders written before have five columns).
 *
 * Headline sentences: a module's `headline` callback adds sentences in
 * both languages, with rounded figures and units (the ps_words_* helpers),
 * each with an order: the report's first section and `run` list them by
 * order (then as added), except that the county budget's answers
 * (500-599) come first, before the funds.  Orders in use:
 *   100-199 fund positions (and who holds the fund),
 *   200-299 subsidy needed,  300-399 the plan's checks,
 *   400-499 service gaps,    500-599 the county budget,
 *   600-699 other answers.
 * A sentence names no key, file or snake_case word: it is read by a
 * bureau head.
 * GPL-3.0-or-later. */
#ifndef PS_SUMMARY_H
#define PS_SUMMARY_H

#include <stdio.h>

#include "csv.h"
#include "ps_error.h"

/* ------------------------------------------------------------ summary rows */

typedef struct ps_summary ps_summary;

/* An empty list (NULL if out of memory).  The caller owns it. */
ps_summary *ps_summary_new(void);
void ps_summary_free(ps_summary *s); /* NULL is a no-op */

/* Adds a row.  Every "{year}" in key and labels is replaced by `year`
 * (pass 0 when there is none).  unit as in table.h ("-" for none).
 * Returns PS_OK or PS_EINTERNAL (out of memory, empty label or unit); an
 * error also sticks to s (ps_summary_error), so a module may add many rows
 * and check once. */
int ps_summary_num(ps_summary *s, int year, const char *key, double value, const char *unit,
                   const char *label_zh, const char *label_en);
int ps_summary_text(ps_summary *s, int year, const char *key, const char *text,
                    const char *unit, const char *label_zh, const char *label_en);
/* Marks the row added last as a headline answer: one a decision turns on
 * (a fund's depletion year, the subsidy it needs, the plan's checks and
 * their targets, a service gap, the population, what the county budget
 * pays).  summary.csv's `headline` column carries the mark; the report
 * and the comparison show those rows first, and `sweep` shows its
 * numeric ones (unit not "-") in its tornado.  A no-op on an empty list. */
void ps_summary_headline(ps_summary *s);
/* PS_OK, or the first failed add's code with the message in err. */
int ps_summary_error(const ps_summary *s, ps_err *err);

int ps_summary_count(const ps_summary *s);
const char *ps_summary_key(const ps_summary *s, int i);
const char *ps_summary_value(const ps_summary *s, int i); /* as written */
const char *ps_summary_label(const ps_summary *s, int i, int lang);
const char *ps_summary_unit(const ps_summary *s, int i);
int ps_summary_is_headline(const ps_summary *s, int i); /* ps_summary_headline */
/* The value of `key` as written, or NULL. */
const char *ps_summary_get(const ps_summary *s, const char *key);

/* Whether row r of a summary.csv read back (csv.h) is a headline answer:
 * its `headline` column says so; a summary.csv written before that column
 * existed (key,value[,label_zh,label_en,unit]) falls back on the key
 * patterns presenters used then ("depletion", "subsidy", "target", "_met",
 * "gap").  kc: the key column. */
int ps_summary_csv_headline(const ps_csv *t, int r, int kc);

/* "key,value" lines (no header), the form sweeps read. */
void ps_summary_write_pairs(const ps_summary *s, FILE *f);
/* dir/summary.csv (key,value,label_zh,label_en,unit), registered in
 * columns.csv. */
int ps_summary_write_csv(const ps_summary *s, const char *dir, ps_err *err);
/* Appends rows to an existing dir/summary.csv (the draws' rows). */
int ps_summary_append_csv(const ps_summary *s, const char *dir, ps_err *err);

/* ------------------------------------------------------------ headline sentences */

typedef struct ps_headline ps_headline;

ps_headline *ps_headline_new(void);
void ps_headline_free(ps_headline *h); /* NULL is a no-op */

/* Adds one sentence in both languages (copied; never empty).  Errors stick
 * as for ps_summary. */
int ps_headline_add(ps_headline *h, int order, const char *zh, const char *en);
int ps_headline_error(const ps_headline *h, ps_err *err);

/* The sentences sorted by order (stable), the county budget's first. */
int ps_headline_count(const ps_headline *h);
const char *ps_headline_text(const ps_headline *h, int i, int lang);
int ps_headline_order(const ps_headline *h, int i);

/* dir/headline.csv: order,text_zh,text_en, registered in columns.csv. */
int ps_headline_write_csv(const ps_headline *h, const char *dir, ps_err *err);

/* Who holds a fund, for its headline sentence. */
enum {
    PS_HOLDER_DECLARED = -1, /* as the module declares it (ps_module.holder, module.h) */
    PS_HOLDER_UNSTATED,      /* say nothing */
    PS_HOLDER_COUNTY,        /* the county's own fund */
    PS_HOLDER_NATIONAL,      /* pooled nationally: the county's balance is a pressure indicator */
    PS_HOLDER_PROVINCE       /* pooled by the province: likewise */
};

/* The holder the module whose headline is being asked for declares
 * (ps_run_headline sets it before each module's headline callback; a
 * new ps_headline has PS_HOLDER_UNSTATED). */
void ps_headline_set_holder(ps_headline *h, int holder);

/* A fund's position as one sentence (order 100 + rank): the name, who
 * holds it (holder: PS_HOLDER_DECLARED, the module's own declaration, so
 * that the sentence and the decision table have one source; a constant
 * only where there is no module record), the first year the balance (yuan, base year first, `stride`
 * doubles apart, ny years) is negative or that it stays positive to the
 * last year with the balance then; subsidy_total (yuan, NaN for none)
 * adds the subsidy needed over the horizon. */
int ps_headline_fund(ps_headline *h, int rank, const char *name_zh, const char *name_en,
                     int holder, const double *fund, int stride, int base, int ny,
                     double subsidy_total);

/* ------------------------------------------------------------ numbers in words */

/* For sentences: a count of people, slots or beds rounded for reading
 * ("12,350", "about 1.2 million" is not used: always digits with
 * thousands separators; below 100 as is, rounded to an integer; above
 * 10,000 to the nearest 10).  buf needs 64 bytes.  NaN gives "-". */
const char *ps_words_count(char buf[64], double v);
/* Money in yuan for sentences: zh in 万元 ("166,763万元", one decimal
 * below 100万元), en in million yuan ("1,667.6 million yuan", or
 * "83,000 yuan" below 10,000 yuan). */
const char *ps_words_money(char buf[64], double yuan, int lang);
/* A share as a percentage with one decimal ("12.5%"). */
const char *ps_words_pct(char buf[64], double share);

#endif
