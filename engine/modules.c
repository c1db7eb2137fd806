/* modules.c: the modules every run has, in step order.  GPL-3.0-or-later. */
#include "module.h"

extern const ps_module ps_demography_module;
extern const ps_module ps_pension_employee_module;
extern const ps_module ps_pension_resident_module;
extern const ps_module ps_land_guarantee_module;
extern const ps_module ps_childcare_module;
extern const ps_module ps_eldercare_module;
extern const ps_module ps_assistance_module;
extern const ps_module ps_medical_employee_module;
extern const ps_module ps_medical_resident_module;
extern const ps_module ps_unemployment_module;
extern const ps_module ps_work_injury_module;
extern const ps_module ps_towns_module;
extern const ps_module ps_budget_module;
extern const ps_module ps_households_module;
extern const ps_module ps_housing_module;
extern const ps_module ps_funerals_module;
extern const ps_module ps_indicators_module;

const ps_module *const ps_modules[] = {
    &ps_demography_module,
    &ps_pension_employee_module,
    &ps_pension_resident_module,
    &ps_land_guarantee_module,
    &ps_childcare_module,
    &ps_eldercare_module,
    &ps_assistance_module,
    &ps_medical_employee_module,
    &ps_medical_resident_module,
    &ps_unemployment_module,
    &ps_work_injury_module,
    &ps_towns_module,
    &ps_budget_module, /* after the modules whose costs it reads */
    &ps_households_module,
    &ps_housing_module,
    &ps_funerals_module,
    /* New modules go here, above this line: the custom indicators must stay
     * last so that they can read every other module's results. */
    &ps_indicators_module,
    NULL,
};
