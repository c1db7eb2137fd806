/* modules.c: the modules every run has, in step order.  GPL-3.0-or-later. */
#include "module.h"

extern const ps_module ps_demography_module;
extern const ps_module ps_indicators_module;

const ps_module *const ps_modules[] = {
    &ps_demography_module,
    /* New modules go here, above this line: the custom indicators must stay
     * last so that they can read every other module's results. */
    &ps_indicators_module,
    NULL,
};
