/* test_population.c: the cohort-component kernel (MODEL.md section 1).
 *
 * Tiny populations with a few non-zero cells, so that every cell and every
 * flow of a step can be worked out by hand; the derivation is in the
 * comment next to each expected number.  Then the accounting identity on a
 * full population over many steps, life expectancy in closed form, and the
 * summaries.  GPL-3.0-or-later. */
#include "testutil.h"

#include "population.h"

/* Every cell of a population, each age and sex, against an expected one. */
static void assert_pop_close(const ps_pop *got, const ps_pop *want, double rtol)
{
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            if (!tu_rel_close(got->p[x][a], want->p[x][a], rtol))
                fail_msg("cell %s age %d: %.17g, expected %.17g", x ? "female" : "male",
                         a, got->p[x][a], want->p[x][a]);
}

/* A year with q = `q` everywhere and nothing else. */
static void year_flat_q(ps_pop_year *y, double q)
{
    memset(y, 0, sizeof *y);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            y->q[x][a] = q;
}

/* ================================================================ year_make */

static void test_year_make(void **state)
{
    (void)state;
    static ps_pop_schedules s;
    static ps_pop_year y;
    memset(&s, 0, sizeof s);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            s.q_base[x][a] = 0.0071;
    s.q_base[PS_MALE][65] = 0.0183;
    s.q_base[PS_MALE][100] = 0.74;
    s.q_base[PS_FEMALE][100] = 0.62;
    s.asfr[20] = 0.045;
    s.asfr[25] = 0.11;
    s.asfr[30] = 0.085;
    s.asfr[35] = 0.03;
    s.asfr_sum = 0.27; /* 0.045 + 0.11 + 0.085 + 0.03 */
    s.mig_share[PS_MALE][25] = 0.35;
    s.mig_share[PS_FEMALE][25] = 0.4;
    s.mig_share[PS_FEMALE][60] = 0.25;

    ps_pop_year_make(&s, 0.9412, 1.385, 1.067, 2380.0, &y);
    /* q = q_base * 0.9412 */
    assert_rel_close(y.q[PS_MALE][0], 0.00668252, TU_RTOL);     /* 0.0071*0.9412 */
    assert_rel_close(y.q[PS_FEMALE][47], 0.00668252, TU_RTOL);  /* same */
    assert_rel_close(y.q[PS_MALE][65], 0.01722396, TU_RTOL);    /* 0.0183*0.9412 */
    assert_rel_close(y.q[PS_MALE][100], 0.696488, TU_RTOL);     /* 0.74*0.9412 */
    assert_rel_close(y.q[PS_FEMALE][100], 0.583544, TU_RTOL);   /* 0.62*0.9412 */
    /* f = asfr * 1.385/0.27 */
    assert_rel_close(y.f[20], 0.23083333333333333, TU_RTOL); /* 0.062325/0.27 */
    assert_rel_close(y.f[25], 0.56425925925925926, TU_RTOL); /* 0.15235/0.27 */
    assert_rel_close(y.f[30], 0.43601851851851852, TU_RTOL); /* 0.117725/0.27 */
    assert_rel_close(y.f[35], 0.15388888888888889, TU_RTOL); /* 0.04155/0.27 */
    double tfr = 0.0;
    for (int a = 0; a < PS_NAGE; a++) {
        if (a != 20 && a != 25 && a != 30 && a != 35)
            assert_true(y.f[a] == 0.0);
        tfr += y.f[a];
    }
    assert_rel_close(tfr, 1.385, TU_RTOL); /* sum f = TFR by construction */
    assert_true(y.srb == 1.067);
    /* migrants = 2380 * share */
    assert_rel_close(y.mig[PS_MALE][25], 833.0, TU_RTOL);   /* 2380*0.35 */
    assert_rel_close(y.mig[PS_FEMALE][25], 952.0, TU_RTOL); /* 2380*0.4 */
    assert_rel_close(y.mig[PS_FEMALE][60], 595.0, TU_RTOL); /* 2380*0.25 */
    assert_true(y.mig[PS_MALE][60] == 0.0);
    assert_true(y.mig[PS_FEMALE][26] == 0.0);

    /* Worsening mortality (factor 1.45) and net emigration (-1240.5). */
    ps_pop_year_make(&s, 1.45, 1.385, 1.067, -1240.5, &y);
    assert_rel_close(y.q[PS_MALE][3], 0.010295, TU_RTOL);     /* 0.0071*1.45 */
    assert_rel_close(y.q[PS_FEMALE][100], 0.899, TU_RTOL);    /* 0.62*1.45 */
    assert_true(y.q[PS_MALE][100] == 1.0);                    /* 0.74*1.45 = 1.073, capped */
    assert_rel_close(y.mig[PS_MALE][25], -434.175, TU_RTOL);  /* -1240.5*0.35 */
    assert_rel_close(y.mig[PS_FEMALE][25], -496.2, TU_RTOL);  /* -1240.5*0.4 */
    assert_rel_close(y.mig[PS_FEMALE][60], -310.125, TU_RTOL); /* -1240.5*0.25 */
}

/* ================================================================ one step by hand */

/* The hand case.  q = 0.0071 wherever not listed (those cells are empty, so
 * it must not matter).  Population and inputs:
 *
 *   male    age 0   1234.5   q 0.02   (also the boys' q0)
 *   male    age 1   -        q 0.004  migrants +40.5
 *   male    age 99  48.25    q 0.36
 *   male    age 100 21.75    q 0.52   migrants +3.5
 *   female  age 0   -        q 0.018  migrants +12.25
 *   female  age 14  300      q 0.001
 *   female  age 29  800      q 0.0025
 *   female  age 30  1500     q 0.003
 *   female  age 31  -        q 0.0035 migrants -95.2
 *   female  age 49  600      q 0.004
 *   f[15] 0.0375, f[30] 0.125, f[49] 0.01; f[14] 0.2 and f[50] 0.3 lie
 *   outside 15..49 and must be ignored; SRB 1.08.
 *
 * Births, B = sum f[a] (F[a] + F'[a])/2, F'[a] = F[a-1](1 - q[a-1]):
 *   age 15: 0.0375 * (0 + 300*0.999)/2     = 0.0375 * 149.85 = 5.619375
 *   age 30: 0.125 * (1500 + 800*0.9975)/2  = 0.125 * 1149    = 143.625
 *   age 49: 0.01 * (600 + 0)/2                                = 3
 *   B = 152.244375
 *   boys  = B * 1.08/2.08 = B * 27/52 = 4110.598125/52 = 79.049963942307692
 *   girls = B * 25/52 = 3806.109375/52                 = 73.194411057692308
 */
static void hand_case(ps_pop *in, ps_pop_year *y)
{
    memset(in, 0, sizeof *in);
    year_flat_q(y, 0.0071);
    in->p[PS_MALE][0] = 1234.5;
    in->p[PS_MALE][99] = 48.25;
    in->p[PS_MALE][100] = 21.75;
    in->p[PS_FEMALE][14] = 300.0;
    in->p[PS_FEMALE][29] = 800.0;
    in->p[PS_FEMALE][30] = 1500.0;
    in->p[PS_FEMALE][49] = 600.0;
    y->q[PS_MALE][0] = 0.02;
    y->q[PS_MALE][1] = 0.004;
    y->q[PS_MALE][99] = 0.36;
    y->q[PS_MALE][100] = 0.52;
    y->q[PS_FEMALE][0] = 0.018;
    y->q[PS_FEMALE][14] = 0.001;
    y->q[PS_FEMALE][29] = 0.0025;
    y->q[PS_FEMALE][30] = 0.003;
    y->q[PS_FEMALE][31] = 0.0035;
    y->q[PS_FEMALE][49] = 0.004;
    y->f[14] = 0.2;
    y->f[15] = 0.0375;
    y->f[30] = 0.125;
    y->f[49] = 0.01;
    y->f[50] = 0.3;
    y->srb = 1.08;
    y->mig[PS_MALE][1] = 40.5;
    y->mig[PS_MALE][100] = 3.5;
    y->mig[PS_FEMALE][0] = 12.25;
    y->mig[PS_FEMALE][31] = -95.2;
}

static void test_step_by_hand_cells(void **state)
{
    (void)state;
    static ps_pop in, out, want;
    static ps_pop_year y;
    ps_pop_flows fl;
    hand_case(&in, &y);
    ps_pop_step(&in, &y, &out, &fl);

    memset(&want, 0, sizeof want);
    /* Boys 79.049963942307692 survive half a year of q0 = 0.02: *0.99 */
    want.p[PS_MALE][0] = 78.259464302884615;
    /* 1234.5*0.98 = 1209.81 survivors aged 1, plus migrants 40.5*(1 - 0.004/2)
     * = 40.419: 1250.229 */
    want.p[PS_MALE][1] = 1250.229;
    /* Open group: 48.25*0.64 = 30.88 from 99, 21.75*0.48 = 10.44 from 100,
     * migrants 3.5*(1 - 0.26) = 2.59: 43.91 */
    want.p[PS_MALE][100] = 43.91;
    /* Girls 73.194411057692308 and migrants 12.25 aged 0, both *(1 - 0.009):
     * 85.444411057692308 * 0.991 = 84.675411358173077 */
    want.p[PS_FEMALE][0] = 84.675411358173077;
    want.p[PS_FEMALE][15] = 299.7; /* 300*0.999 */
    want.p[PS_FEMALE][30] = 798.0; /* 800*0.9975 */
    /* 1500*0.997 = 1495.5, migrants -95.2*(1 - 0.00175) = -95.0334: 1400.4666 */
    want.p[PS_FEMALE][31] = 1400.4666;
    want.p[PS_FEMALE][50] = 597.6; /* 600*0.996 */
    /* Every other cell is 0 (checked with an absolute tolerance of 1e-13). */
    assert_pop_close(&out, &want, TU_RTOL);
}

static void test_step_by_hand_flows(void **state)
{
    (void)state;
    static ps_pop in, out;
    static ps_pop_year y;
    ps_pop_flows fl;
    hand_case(&in, &y);
    ps_pop_step(&in, &y, &out, &fl);

    assert_rel_close(fl.births[PS_MALE], 79.049963942307692, TU_RTOL);   /* B*27/52 */
    assert_rel_close(fl.births[PS_FEMALE], 73.194411057692308, TU_RTOL); /* B*25/52 */
    /* Male deaths: 1234.5*0.02 = 24.69, 48.25*0.36 = 17.37, 21.75*0.52 = 11.31,
     * boys 79.049963942307692*0.01 = 0.79049963942307692, migrants
     * 40.5*0.002 = 0.081 and 3.5*0.26 = 0.91:
     * 24.69 + 17.37 + 11.31 + 0.081 + 0.91 = 54.361, + 0.790499639423077
     * = 55.151499639423077 */
    assert_rel_close(fl.deaths[PS_MALE], 55.151499639423077, TU_RTOL);
    /* Female deaths: 300*0.001 = 0.3, 800*0.0025 = 2, 1500*0.003 = 4.5,
     * 600*0.004 = 2.4, girls 73.194411057692308*0.009 = 0.658749699519231,
     * migrants 12.25*0.009 = 0.11025 and -95.2*0.00175 = -0.1666:
     * 9.2 + 0.11025 - 0.1666 = 9.14365, + 0.658749699519231 = 9.802399699519231 */
    assert_rel_close(fl.deaths[PS_FEMALE], 9.802399699519231, TU_RTOL);
    assert_rel_close(fl.net_migration[PS_MALE], 44.0, TU_RTOL);     /* 40.5 + 3.5 */
    assert_rel_close(fl.net_migration[PS_FEMALE], -82.95, TU_RTOL); /* 12.25 - 95.2 */
    assert_true(fl.clamped == 0.0);

    /* Totals: before 1304.5 + 3200 = 4504.5; after, the sum of the cells of
     * test_step_by_hand_cells: 1372.398464302884615 + 3180.442011358173077
     * = 4552.840475661057692, which is also 4504.5 + 152.244375
     * - 64.953899338942308 + 44 - 82.95. */
    assert_rel_close(ps_pop_sum(&in, 0, 100), 4504.5, TU_RTOL);
    assert_rel_close(ps_pop_sum(&out, 0, 100), 4552.840475661057692, TU_RTOL);
    assert_true(ps_pop_identity_error(&in, &out, &fl) < 1e-12);

    /* The identity function sees a wrong flow: 2.5 births too many is an
     * error of 2.5/4552.840475661057692 = 5.4910775226250555e-4. */
    fl.births[PS_MALE] += 2.5;
    assert_rel_close(ps_pop_identity_error(&in, &out, &fl), 5.4910775226250555e-4, 1e-9);
}

/* With q = 0 and nothing born or arriving, the population only ages:
 * out[a] = in[a-1] for 1..99, out[100] = in[99] + in[100], out[0] = 0. */
static void test_step_pure_ageing(void **state)
{
    (void)state;
    static ps_pop in, out, want;
    static ps_pop_year y;
    ps_pop_flows fl;
    year_flat_q(&y, 0.0);
    y.srb = 1.05;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            in.p[x][a] = 100.0 + 2.385 * a + 0.5 * x;
    ps_pop_step(&in, &y, &out, &fl);
    memset(&want, 0, sizeof want);
    for (int x = 0; x < PS_NSEX; x++) {
        for (int a = 1; a < 100; a++)
            want.p[x][a] = in.p[x][a - 1];
        /* e.g. male: (100 + 2.385*99) + (100 + 2.385*100) = 336.115 + 338.5 = 674.615 */
        want.p[x][100] = in.p[x][99] + in.p[x][100];
    }
    assert_rel_close(want.p[PS_MALE][100], 674.615, TU_RTOL);
    assert_pop_close(&out, &want, 1e-15);
    for (int x = 0; x < PS_NSEX; x++) {
        assert_true(fl.births[x] == 0.0);
        assert_true(fl.deaths[x] == 0.0);
        assert_true(fl.net_migration[x] == 0.0);
    }
    assert_true(ps_pop_identity_error(&in, &out, &fl) < 1e-15);
}

/* ================================================================ clamping */

/* Emigration larger than the cell, at age 41 and at age 0:
 *   male   age 60  250.75  q 0.012
 *   female age 30  400     q 0.003, f[30] 0.05, SRB 1.04, q0 (girls) 0.0125,
 *                                   q0 (boys) 0.014
 *   female age 40  50      q 0.01
 *   female age 41  -       q 0.015  migrants -80
 *   female age 0   -                migrants -30
 * Births 0.05*(400 + 0)/2 = 10: boys 10*1.04/2.04 = 5.098039215686275,
 * girls 10/2.04 = 4.901960784313725. */
static void test_step_clamps_emigration(void **state)
{
    (void)state;
    static ps_pop in, out, want;
    static ps_pop_year y;
    ps_pop_flows fl;
    memset(&in, 0, sizeof in);
    year_flat_q(&y, 0.0071);
    in.p[PS_MALE][60] = 250.75;
    in.p[PS_FEMALE][30] = 400.0;
    in.p[PS_FEMALE][40] = 50.0;
    y.q[PS_MALE][0] = 0.014;
    y.q[PS_MALE][60] = 0.012;
    y.q[PS_FEMALE][0] = 0.0125;
    y.q[PS_FEMALE][30] = 0.003;
    y.q[PS_FEMALE][40] = 0.01;
    y.q[PS_FEMALE][41] = 0.015;
    y.f[30] = 0.05;
    y.srb = 1.04;
    y.mig[PS_FEMALE][41] = -80.0;
    y.mig[PS_FEMALE][0] = -30.0;
    ps_pop_step(&in, &y, &out, &fl);

    memset(&want, 0, sizeof want);
    want.p[PS_MALE][0] = 5.062352941176471;   /* 5.098039215686275*(1 - 0.007) */
    want.p[PS_MALE][61] = 247.741;            /* 250.75*0.988 */
    want.p[PS_FEMALE][31] = 398.8;            /* 400*0.997 */
    /* age 0 female: (4.901960784313725 - 30)*(1 - 0.00625) < 0 -> 0
     * age 41 female: 50*0.99 - 80*(1 - 0.0075) = 49.5 - 79.4 = -29.9 -> 0 */
    assert_pop_close(&out, &want, TU_RTOL);
    assert_true(out.p[PS_FEMALE][0] == 0.0);
    assert_true(out.p[PS_FEMALE][41] == 0.0);
    /* clamped: 29.9 + 25.098039215686275*0.99375 = 29.9 + 24.941176470588235
     * = 54.841176470588235 */
    assert_rel_close(fl.clamped, 54.841176470588235, TU_RTOL);
    assert_rel_close(fl.net_migration[PS_FEMALE], -110.0, TU_RTOL); /* -80 - 30 */
    assert_true(fl.net_migration[PS_MALE] == 0.0);
    /* male deaths: 250.75*0.012 = 3.009, boys 5.098039215686275*0.007
     * = 0.035686274509804: 3.044686274509804 */
    assert_rel_close(fl.deaths[PS_MALE], 3.044686274509804, TU_RTOL);
    /* female deaths: 400*0.003 = 1.2, 50*0.01 = 0.5, girls
     * 4.901960784313725*0.00625 = 0.030637254901961, migrants
     * -30*0.00625 = -0.1875 and -80*0.0075 = -0.6: 0.943137254901961 */
    assert_rel_close(fl.deaths[PS_FEMALE], 0.943137254901961, TU_RTOL);
    /* Identity: 700.75 + 10 - 3.987823529411765 - 110 + 54.841176470588235
     * = 651.603352941176470 = 5.062352941176471 + 247.741 + 398.8 */
    assert_rel_close(ps_pop_sum(&out, 0, 100), 651.60335294117647, TU_RTOL);
    assert_true(ps_pop_identity_error(&in, &out, &fl) < 1e-12);
}

/* ================================================================ identity, many steps */

/* A small deterministic generator (an LCG), so the "random" population is
 * the same on every machine. */
static double lcg_unit(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * (1.0 / 9007199254740992.0);
}

static void test_identity_many_steps(void **state)
{
    (void)state;
    static ps_pop a, b;
    static ps_pop_year y;
    uint64_t seed = 20260417;
    memset(&y, 0, sizeof y);
    for (int x = 0; x < PS_NSEX; x++)
        for (int k = 0; k < PS_NAGE; k++) {
            a.p[x][k] = 1500.0 + 9000.0 * lcg_unit(&seed) - 12.5 * k;
            double q = 0.0004 + 0.00003 * exp(0.1 * k) * (1.0 + 0.2 * x);
            y.q[x][k] = q > 0.9 ? 0.9 : q;
        }
    y.q[PS_MALE][100] = 0.62;
    y.q[PS_FEMALE][100] = 0.55;
    for (int k = PS_FERT_MIN; k <= PS_FERT_MAX; k++)
        y.f[k] = 0.09 * exp(-0.5 * ((k - 29.0) / 5.5) * ((k - 29.0) / 5.5));
    y.srb = 1.071;
    int clamped_steps = 0;
    ps_pop *in = &a, *out = &b;
    for (int t = 0; t < 300; t++) {
        /* Migrants of both signs; big emigration at some ages to force
         * clamping now and then. */
        for (int x = 0; x < PS_NSEX; x++)
            for (int k = 0; k < PS_NAGE; k++)
                y.mig[x][k] = 400.0 * (lcg_unit(&seed) - 0.55) * (k < 80 ? 1.0 : 0.05);
        y.mig[PS_FEMALE][90] = -300.0 * lcg_unit(&seed);
        ps_pop_flows fl;
        ps_pop_step(in, &y, out, &fl);
        double e = ps_pop_identity_error(in, out, &fl);
        if (!(e < 1e-12))
            fail_msg("step %d: identity error %.3g", t, e);
        for (int x = 0; x < PS_NSEX; x++)
            for (int k = 0; k < PS_NAGE; k++)
                if (!(out->p[x][k] >= 0.0) || !isfinite(out->p[x][k]))
                    fail_msg("step %d: cell %d/%d = %g", t, x, k, out->p[x][k]);
        assert_true(fl.clamped >= 0.0);
        clamped_steps += fl.clamped > 0.0;
        ps_pop *tmp = in;
        in = out;
        out = tmp;
    }
    /* The inputs were chosen so that clamping does happen. */
    assert_true(clamped_steps > 0);
}

/* ================================================================ stationary */

/* A stationary population: B = 1000 births a year (SRB 1.06) and a life
 * table q, no migration.  Built so that one step must reproduce it:
 *   P[s][0] = B_s (1 - q[s][0]/2)                 (newborns of last year)
 *   P[s][a] = P[s][a-1] (1 - q[s][a-1])           1 <= a <= 99
 *   P[s][100] = P[s][99] (1 - q[s][99]) / q[s][100]
 *     (from P100 = P99 (1 - q99) + P100 (1 - q100))
 * and all births at age 30 with f = B / F[30]: then F'[30] = F[29](1 - q29)
 * = F[30], so births = f (F30 + F30)/2 = B exactly.  After one step
 * out = in, births = B, boys = 1000*1.06/2.06 = 514.5631067961165, and
 * deaths = births = B (the total does not change, no migration). */
static void test_stationary_population(void **state)
{
    (void)state;
    static ps_pop a, b;
    static ps_pop_year y;
    const double B = 1000.0, srb = 1.06;
    memset(&y, 0, sizeof y);
    for (int x = 0; x < PS_NSEX; x++) {
        for (int k = 0; k < PS_NAGE; k++)
            y.q[x][k] = 0.0021 + 0.000041 * exp(0.093 * k) * (x == PS_MALE ? 1.3 : 1.0);
        y.q[x][100] = x == PS_MALE ? 0.47 : 0.41;
        double Bs = x == PS_MALE ? B * srb / (1.0 + srb) : B / (1.0 + srb);
        a.p[x][0] = Bs * (1.0 - y.q[x][0] / 2.0);
        for (int k = 1; k < 100; k++)
            a.p[x][k] = a.p[x][k - 1] * (1.0 - y.q[x][k - 1]);
        a.p[x][100] = a.p[x][99] * (1.0 - y.q[x][99]) / y.q[x][100];
    }
    y.f[30] = B / a.p[PS_FEMALE][30];
    y.srb = srb;

    ps_pop_flows fl;
    ps_pop_step(&a, &y, &b, &fl);
    assert_pop_close(&b, &a, 1e-13);
    assert_rel_close(fl.births[PS_MALE] + fl.births[PS_FEMALE], 1000.0, 1e-13);
    assert_rel_close(fl.births[PS_MALE], 514.5631067961165, 1e-13); /* 1060/2.06 */
    assert_rel_close(fl.deaths[PS_MALE] + fl.deaths[PS_FEMALE], 1000.0, 1e-12);

    /* And it stays put over fifty years. */
    ps_pop *in = &b, *out = &a;
    static ps_pop start;
    start = b;
    for (int t = 0; t < 50; t++) {
        ps_pop_step(in, &y, out, &fl);
        ps_pop *tmp = in;
        in = out;
        out = tmp;
    }
    assert_pop_close(in, &start, 1e-11);
}

/* ================================================================ life expectancy */

/* q = 0 below 100, q[100] = 0.385: l = 1 everywhere, L_a = 1 below 100,
 * L_100 = 1/m with m = 0.385/(1 - 0.1925) = 0.385/0.8075, so
 * 1/m = 0.8075/0.385 = 2.0974025974025974 and e_a = 100 - a + 1/m. */
static void test_life_expectancy_open_group_only(void **state)
{
    (void)state;
    double q[PS_NAGE] = {0}, e[PS_NAGE];
    q[100] = 0.385;
    ps_life_expectancy(q, e);
    assert_rel_close(e[0], 102.0974025974026, TU_RTOL);   /* 100 + 2.0974025974026 */
    assert_rel_close(e[60], 42.0974025974026, TU_RTOL);   /* 40 + 2.0974025974026 */
    assert_rel_close(e[99], 3.0974025974025974, TU_RTOL); /* 1 + 2.0974025974026 */
    assert_rel_close(e[100], 2.0974025974025974, TU_RTOL);
}

/* Constant q = c, p = 1 - c: l_a = p^a, L_a = p^a (1 - c/2) below 100,
 * m = c/(1 - c/2), L_100 = p^100 (1 - c/2)/c.
 *   T_0 = (1 - c/2)(1 - p^100)/(1 - p) + p^100 (1 - c/2)/c
 *       = (1 - c/2)/c (1 - p^100 + p^100) = 1/c - 1/2,
 * and the same at every age (the table is memoryless): e_a = 1/c - 1/2.
 * c = 0.0385: 25.974025974025974 - 0.5 = 25.474025974025974;
 * c = 0.2: 5 - 0.5 = 4.5. */
static void test_life_expectancy_constant_q(void **state)
{
    (void)state;
    double q[PS_NAGE], e[PS_NAGE];
    for (int a = 0; a < PS_NAGE; a++)
        q[a] = 0.0385;
    ps_life_expectancy(q, e);
    for (int a = 0; a < PS_NAGE; a++)
        assert_rel_close(e[a], 25.474025974025974, 1e-12);
    for (int a = 0; a < PS_NAGE; a++)
        q[a] = 0.2;
    ps_life_expectancy(q, e);
    assert_rel_close(e[0], 4.5, 1e-12);
    assert_rel_close(e[60], 4.5, 1e-12);
    assert_rel_close(e[100], 4.5, 1e-12);
}

/* q0 = 0.1, q = 0 from 1 to 99, q100 = 0.5:
 *   L_0 = 1 - 0.05 = 0.95, l_1..l_100 = 0.9, L_1..L_99 = 0.9 each (89.1),
 *   m = 0.5/0.75 = 2/3, L_100 = 0.9*1.5 = 1.35.
 *   e0 = 0.95 + 89.1 + 1.35 = 91.4; e1 = (89.1 + 1.35)/0.9 = 100.5;
 *   e99 = (0.9 + 1.35)/0.9 = 2.5; e100 = 1.5. */
static void test_life_expectancy_infant_mortality(void **state)
{
    (void)state;
    double q[PS_NAGE] = {0}, e[PS_NAGE];
    q[0] = 0.1;
    q[100] = 0.5;
    ps_life_expectancy(q, e);
    assert_rel_close(e[0], 91.4, TU_RTOL);
    assert_rel_close(e[1], 100.5, TU_RTOL);
    assert_rel_close(e[99], 2.5, TU_RTOL);
    assert_rel_close(e[100], 1.5, TU_RTOL);
}

/* q0 = 1: everyone dies in the first year, living half of it: e0 = 0.5. */
static void test_life_expectancy_certain_death(void **state)
{
    (void)state;
    double q[PS_NAGE], e[PS_NAGE];
    for (int a = 0; a < PS_NAGE; a++)
        q[a] = 0.0385;
    q[0] = 1.0;
    ps_life_expectancy(q, e);
    assert_rel_close(e[0], 0.5, TU_RTOL);
    for (int a = 0; a < PS_NAGE; a++)
        assert_true(isfinite(e[a]));
}

/* ================================================================ summaries */

/* male a: 2.5 + a, female a: 3.75, ages 0..100. */
static void test_sums(void **state)
{
    (void)state;
    static ps_pop p;
    for (int a = 0; a < PS_NAGE; a++) {
        p.p[PS_MALE][a] = 2.5 + a;
        p.p[PS_FEMALE][a] = 3.75;
    }
    /* male 0..100: 101*2.5 + 5050 = 5302.5; female 101*3.75 = 378.75 */
    assert_rel_close(ps_pop_sum_sex(&p, PS_MALE, 0, 100), 5302.5, TU_RTOL);
    assert_rel_close(ps_pop_sum_sex(&p, PS_FEMALE, 0, 100), 378.75, TU_RTOL);
    assert_rel_close(ps_pop_sum(&p, 0, 100), 5681.25, TU_RTOL); /* 5302.5 + 378.75 */
    /* 65..100 (36 ages): male 36*2.5 + (65 + 100)*36/2 = 90 + 2970 = 3060,
     * female 36*3.75 = 135: 3195 */
    assert_rel_close(ps_pop_sum(&p, 65, 100), 3195.0, TU_RTOL);
    /* women 15..49: 35*3.75 = 131.25 */
    assert_rel_close(ps_pop_sum_sex(&p, PS_FEMALE, 15, 49), 131.25, TU_RTOL);
    /* 3..5: male 5.5 + 6.5 + 7.5 = 19.5, female 11.25: 30.75 */
    assert_rel_close(ps_pop_sum(&p, 3, 5), 30.75, TU_RTOL);
    /* one age: 2.5 + 3.75 = 6.25 */
    assert_rel_close(ps_pop_sum(&p, 0, 0), 6.25, TU_RTOL);
    /* an empty range */
    assert_true(ps_pop_sum(&p, 10, 9) == 0.0);
}

static void test_median_age(void **state)
{
    (void)state;
    static ps_pop p;
    memset(&p, 0, sizeof p);
    /* age 20: 13.75 + 17.65 = 31.4; age 21: 25.1 + 27.2 = 52.3; age 40: 33.5.
     * Total 117.2, half 58.6; 31.4 before age 21, 27.2 more of its 52.3:
     * 21 + 27.2/52.3 = 21.520076481835564 */
    p.p[PS_MALE][20] = 13.75;
    p.p[PS_FEMALE][20] = 17.65;
    p.p[PS_MALE][21] = 25.1;
    p.p[PS_FEMALE][21] = 27.2;
    p.p[PS_FEMALE][40] = 33.5;
    assert_rel_close(ps_pop_median_age(&p), 21.520076481835564, TU_RTOL);

    /* Half reached exactly at the end of age 30: 40.25 at 30, 40.25 at 31,
     * half 40.25 -> 30 + 40.25/40.25 = 31 */
    memset(&p, 0, sizeof p);
    p.p[PS_MALE][30] = 40.25;
    p.p[PS_FEMALE][31] = 40.25;
    assert_rel_close(ps_pop_median_age(&p), 31.0, TU_RTOL);

    /* Everyone in the open group: 7.3 there, half 3.65 -> 100 + 0.5 */
    memset(&p, 0, sizeof p);
    p.p[PS_FEMALE][100] = 7.3;
    assert_rel_close(ps_pop_median_age(&p), 100.5, TU_RTOL);

    /* Nobody: no median. */
    memset(&p, 0, sizeof p);
    assert_true(isnan(ps_pop_median_age(&p)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_make),
        cmocka_unit_test(test_step_by_hand_cells),
        cmocka_unit_test(test_step_by_hand_flows),
        cmocka_unit_test(test_step_pure_ageing),
        cmocka_unit_test(test_step_clamps_emigration),
        cmocka_unit_test(test_identity_many_steps),
        cmocka_unit_test(test_stationary_population),
        cmocka_unit_test(test_life_expectancy_open_group_only),
        cmocka_unit_test(test_life_expectancy_constant_q),
        cmocka_unit_test(test_life_expectancy_infant_mortality),
        cmocka_unit_test(test_life_expectancy_certain_death),
        cmocka_unit_test(test_sums),
        cmocka_unit_test(test_median_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
