/* households_chart.c: see households_chart.h.  GPL-3.0-or-later. */
#include "households_chart.h"

#include <string.h>

#include "charts.h"

const ps_extra_chart ps_households_charts[] = {
    {"households", "households", "@hh_households", "@hh_count", "@hh_unit",
     {"households", "one_person", "two_person", "three_person", "four_person", "five_plus"}},
    {"households", "households_elderly", "@hh_elderly", "@count", "@persons",
     {"elderly_alone", "empty_nest_elderly", "elderly_in_households", NULL}},
    {"households", "households_size", "@hh_size", "@hh_size_axis", "", {"average_size", NULL}},
    {"housing", "housing_rental", "@hh_rental", "@hh_count", "@hh_unit",
     {"demand", "subsidy_households", "unit_demand", "units", NULL}},
    {"housing", "housing_renovation", "@hh_renovation", "@count", "@hh_unit",
     {"old_renovated", "old_remaining", "rural_dilapidated", "rural_renovated", NULL}},
    {"housing", "housing_cost", "@hh_housing_cost", "@money", "@yuan",
     {"rental_cost", "old_community_cost", "rural_cost", "cost", "cost_county", NULL}},
    {"funerals", "funerals", "@hh_funerals", "@count", "@persons",
     {"deaths", "cremations", "eco_burials", "cemetery_burials", NULL}},
    {"funerals", "funerals_cemeteries", "@hh_cemeteries", "@hh_plots", "@hh_plot_unit",
     {"public_capacity", "public_used", "public_remaining", "plots_needed", NULL}},
    {"funerals", "funerals_cost", "@hh_funerals_cost", "@money", "@yuan",
     {"service_cost", "eco_award_cost", "cemetery_build_cost", "cost_county", NULL}},
    /* eldercare.csv's home-based care of the empty-nest elderly (when the
     * link to households is on) */
    {"eldercare", "eldercare_home", "@hh_home", "@count", "@persons",
     {"empty_nest_elderly", "empty_nest_dependent", "home_care_users", NULL}},
    {NULL, NULL, NULL, NULL, NULL, {NULL}}};

/* Words tied to no column: chart titles, axis titles and units.  The
 * modules' names and their columns' labels are the modules' own
 * declarations (declared.h), which ps_render_word asks. */
static const struct {
    const char *key, *zh, *en;
} WORDS[] = {
    {"@hh_households", "家庭户：按户规模", "Households by size"},
    {"@hh_elderly", "空巢与独居老人（65岁及以上）", "Older people (65+) living alone or as couples only"},
    {"@hh_size", "平均家庭户规模", "Average household size"},
    {"@hh_size_axis", "人/户", "Persons per household"},
    {"@hh_count", "户数", "Households"},
    {"@hh_unit", "户", "households"},
    {"@hh_rental", "公租房与租赁补贴：需求与供给", "Public rental housing and subsidies: demand and supply"},
    {"@hh_renovation", "老旧小区与农村危房改造", "Old-community and rural dilapidated housing renovation"},
    {"@hh_housing_cost", "住房保障支出", "Housing security cost"},
    {"@hh_funerals", "死亡、火化与安葬", "Deaths, cremations and burials"},
    {"@hh_cemeteries", "公益性公墓：容量与使用", "Public cemeteries: capacity and use"},
    {"@hh_plots", "墓穴", "Plots"},
    {"@hh_plot_unit", "穴", "plots"},
    {"@hh_funerals_cost", "殡葬支出", "Funeral services cost"},
    {"@hh_home", "居家养老：空巢老人探访与上门照护", "Home-based care of the empty-nest elderly"},
    {NULL, NULL, NULL}};

const char *ps_households_word(const char *key, int lang)
{
    for (int i = 0; WORDS[i].key; i++)
        if (strcmp(WORDS[i].key, key) == 0)
            return lang == PS_LANG_EN ? WORDS[i].en : WORDS[i].zh;
    return NULL;
}
