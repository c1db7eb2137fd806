/* graduation.h: census age groups of any width to single years of age.
 *
 * A census publishes counts by sex in groups such as 0, 1-4, 5-9, ...,
 * 80-84, 85+ (or single years, or any mix).  The engine needs ages
 * 0..100 (100 = 100 and over).  Two methods, both keeping every group's
 * sum exact:
 *
 *  - PS_GRAD_SPRAGUE: the closed groups are pooled into five-year blocks
 *    (0 and 1-4 into 0-4, single years into their block), the blocks are
 *    split with Sprague's fifth-difference multipliers (a block where
 *    Sprague gives a negative value takes the monotone cumulative-PCHIP
 *    split instead), and each original group is then rescaled to its own
 *    sum.  When the groups do not pool into five-year blocks (a group
 *    crossing a multiple of 5, such as 0-14 or ten-year groups) or there
 *    are fewer than five blocks, every group is split by the cumulative
 *    PCHIP of the group boundaries.  This reproduces
 *    data/derive_feidong.py.
 *  - PS_GRAD_SHAPE: within each closed group the single years follow a
 *    larger area's single-year counts of the same sex and date ("parent"),
 *    so cohorts such as those born in the 1959-61 famine keep their
 *    trough; a group whose parent counts are all 0 falls back to Sprague.
 *
 * In both, an open last group A+ is split over ages A..100 in proportion
 * to the stationary person-years L_x of the given mortality (q = m/(1+m/2),
 * L_a = l_a (1 - q_a/2), L_100 = l_100/m_100), as derive_feidong.py does.
 * Ages above 100 in closed groups are counted at 100.
 *
 * GPL-3.0-or-later. */
#ifndef PS_GRADUATION_H
#define PS_GRADUATION_H

#include "population.h"
#include "ps_error.h"

enum { PS_GRAD_SPRAGUE = 0, PS_GRAD_SHAPE = 1 };

/* One census group: ages lo..hi inclusive; hi < 0 for an open group lo+. */
typedef struct ps_age_group {
    int lo, hi;
    double count[PS_NSEX];
    int line;              /* source line or row, for messages (0: none) */
} ps_age_group;

/* Checks the groups (sorted by lo, contiguous from age 0, no overlap, an
 * open group only last, counts finite and >= 0).  `name` prefixes the
 * messages. */
int ps_grad_check(const char *name, const ps_age_group *g, int n, ps_err *err);

/* Graduates n checked groups into out.  mx: central death rates by sex
 * and age 0..100 (used for an open group; may be NULL if there is none).
 * parent: single-year counts for PS_GRAD_SHAPE (else ignored, may be NULL).
 * *fallbacks, if not NULL, receives how many five-year blocks used the
 * PCHIP fallback (or -1 when the whole split was PCHIP). */
int ps_graduate(const ps_age_group *g, int n, int method, const double mx[PS_NSEX][PS_NAGE],
                const double parent[PS_NSEX][PS_NAGE], double out[PS_NSEX][PS_NAGE],
                int *fallbacks, ps_err *err);

/* Parses a census age label: "37", "1-4", "85+", with an optional 岁,
 * 岁以上 or 岁及以上.  Returns 0 and sets lo, hi (-1 for open), or -1. */
int ps_grad_parse_age(const char *s, int *lo, int *hi);

#endif
