/* childcare.h: childcare (托育) slots for children under 3, MODEL.md
 * section 5: demand from enrolment propensities and from the planning
 * standard, supply from the opening stock plus planned additions less
 * closures, the gap, carers needed and cost.  The module itself is
 * ps_childcare_module (modules.c); these are its pure pieces, exported so
 * that the unit tests can check the arithmetic by hand.  No allocation, no
 * state.  GPL-3.0-or-later. */
#ifndef PS_CHILDCARE_H
#define PS_CHILDCARE_H

/* Classes of the 托育机构设置标准: 乳儿班 (under 1), 托小班 (1-2),
 * 托大班 (2-3), indexed by completed age 0, 1, 2. */
#define PS_CHILDCARE_NAGE 3

/* Slots the planning standard asks for: population * per_1000 / 1000. */
double ps_childcare_standard_demand(double population, double per_1000);

/* Children enrolled at the propensities: sum over ages 0..2 of
 * children[a] * propensity[a]; enrolled[a] (OUT, may be NULL) gets each term. */
double ps_childcare_enrolment_demand(const double children[PS_CHILDCARE_NAGE],
                                     const double propensity[PS_CHILDCARE_NAGE],
                                     double enrolled[PS_CHILDCARE_NAGE]);

/* Carers needed for enrolled[a] children at ratio[a] children per carer
 * (ratio > 0): sum of enrolled[a] / ratio[a].  Fractional: a planner rounds
 * up per institution, which depends on class sizes the model does not know. */
double ps_childcare_carers(const double enrolled[PS_CHILDCARE_NAGE],
                           const double ratio[PS_CHILDCARE_NAGE]);

/* One year of supply: prev - closures + additions, closures = prev *
 * closure_rate (written to *closures, may be NULL). */
double ps_childcare_supply_next(double prev, double additions, double closure_rate,
                                double *closures);

#endif
