/* modules.c: the modules every run has, in step order.  GPL-3.0-or-later. */
#include "module.h"

extern const ps_module ps_demography_module;

const ps_module *const ps_modules[] = {
    &ps_demography_module,
    NULL,
};
