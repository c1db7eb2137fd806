/* test_headline_holder.c: a fund's headline sentence says who holds the
 * fund as the module's record declares it (ps_module.holder): the module
 * passes PS_HOLDER_DECLARED to ps_headline_fund and ps_run_headline tells
 * the sentence list each module's holder before asking it, so the
 * sentence and the decision table (ps_module_holder) have one source.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include "module.h"
#include "run.h"
#include "scenario.h"
#include "summary.h"

extern const ps_module ps_demography_module;

/* A balance that stays positive over 2020-2022 (1,000,000 yuan at the end). */
static const double FUND[3] = {3e6, 2e6, 1e6};

static int fund_sentence(ps_headline *h, int holder)
{
    return ps_headline_fund(h, 0, "测试基金", "Test fund", holder, FUND, 1, 2020, 3, NAN);
}

static void test_sentence_by_holder(void **state)
{
    (void)state;
    static const struct {
        int declared, passed;
        const char *en, *zh; /* what the sentence says after the name */
    } C[] = {
        /* a new list: nothing declared, nothing said */
        {-2, PS_HOLDER_DECLARED, "Test fund: the balance", "测试基金："},
        {PS_HOLDER_PROVINCE, PS_HOLDER_DECLARED, "Test fund (pooled by the province, so the county does not hold the fund",
         "测试基金（省级统筹，"},
        {PS_HOLDER_NATIONAL, PS_HOLDER_DECLARED, "Test fund (pooled nationally, so", "测试基金（全国统筹，"},
        {PS_HOLDER_COUNTY, PS_HOLDER_DECLARED, "Test fund (a county fund):", "测试基金（县级基金）："},
        {PS_HOLDER_UNSTATED, PS_HOLDER_DECLARED, "Test fund: the balance", "测试基金："},
        /* a constant passed is said as passed, whatever is declared */
        {PS_HOLDER_NATIONAL, PS_HOLDER_COUNTY, "Test fund (a county fund):", "测试基金（县级基金）："},
    };
    for (size_t i = 0; i < sizeof C / sizeof *C; i++) {
        ps_headline *h = ps_headline_new();
        assert_non_null(h);
        if (C[i].declared != -2)
            ps_headline_set_holder(h, C[i].declared);
        assert_int_equal(fund_sentence(h, C[i].passed), PS_OK);
        assert_int_equal(ps_headline_count(h), 1);
        const char *en = ps_headline_text(h, 0, 1), *zh = ps_headline_text(h, 0, 0);
        if (strncmp(en, C[i].en, strlen(C[i].en)) != 0 || strncmp(zh, C[i].zh, strlen(C[i].zh)) != 0)
            fail_msg("case %zu: '%s' / '%s'", i, en, zh);
        ps_headline_free(h);
    }
}

/* Two modules in one run, each with a fund sentence passing
 * PS_HOLDER_DECLARED: each says its own record's holder. */
static int mod_create(ps_run *run, void **self, ps_err *err)
{
    (void)run;
    (void)err;
    *self = NULL;
    return PS_OK;
}
static int mod_step(void *self, ps_run *run, int year, ps_err *err)
{
    (void)self;
    (void)run;
    (void)year;
    (void)err;
    return PS_OK;
}
static int mod_headline(void *self, ps_run *run, ps_headline *h, ps_err *err)
{
    (void)self;
    (void)run;
    (void)err;
    return fund_sentence(h, PS_HOLDER_DECLARED);
}
static void mod_destroy(void *self) { (void)self; }

static const ps_module POOLED = {.name = "pooled_test", .label_zh = "统筹测试", .label_en = "Pooled test",
                                 .holder = PS_HOLDER_PROVINCE, .create = mod_create,
                                 .step = mod_step, .headline = mod_headline,
                                 .destroy = mod_destroy};
static const ps_module OWN = {.name = "own_test", .label_zh = "县级测试", .label_en = "Own test",
                              .holder = PS_HOLDER_COUNTY, .create = mod_create, .step = mod_step,
                              .headline = mod_headline, .destroy = mod_destroy};
static const ps_module SILENT = {.name = "silent_test", .label_zh = "无", .label_en = "None",
                                 .create = mod_create, .step = mod_step,
                                 .headline = mod_headline, .destroy = mod_destroy};
static const ps_module *const MODS[] = {&ps_demography_module, &POOLED, &OWN, &SILENT, NULL};

static void test_run_headline_takes_each_modules_holder(void **state)
{
    (void)state;
    char cwd[2048], text[8192];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(text, sizeof text,
             "return { name = 'holder_test', base_year = 2020, end_year = 2022,\n"
             "  population = { base = '%s/data/feidong/population_2020.csv',\n"
             "    mortality = '%s/data/feidong/mortality_2020.csv',\n"
             "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2, srb = 1.11 } }\n",
             cwd, cwd, cwd);
    char *path = tu_write_temp(text);
    ps_err err;
    ps_err_clear(&err);
    ps_scenario *sc = ps_scenario_load(path, NULL, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new_with(sc, MODS, &err);
    if (!run || ps_run_project(run, &err))
        fail_msg("%s", err.msg);
    ps_headline *h = ps_headline_new();
    assert_non_null(h);
    assert_int_equal(ps_run_headline(run, h, &err), PS_OK);
    assert_int_equal(ps_headline_count(h), 3);
    /* (same order: the sentences keep the modules' order) */
    assert_non_null(strstr(ps_headline_text(h, 0, 1), "(pooled by the province"));
    assert_non_null(strstr(ps_headline_text(h, 1, 1), "(a county fund)"));
    assert_null(strchr(ps_headline_text(h, 2, 1), '('));
    assert_non_null(strstr(ps_headline_text(h, 0, 0), "省级统筹"));
    assert_non_null(strstr(ps_headline_text(h, 1, 0), "县级基金"));
    ps_headline_free(h);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentence_by_holder),
        cmocka_unit_test(test_run_headline_takes_each_modules_holder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
