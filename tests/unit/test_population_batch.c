/* test_population_batch.c: the batched kernel (population_batch.h) against
 * the single-draw kernel (population.h), draw by draw, to the last bit.
 *
 * Generated cases (a fixed-seed generator, so a failure can be replayed):
 * populations with empty and tiny cells, rates near and above 1 (q is
 * capped), strong emigration (cells clamped to 0), improvement by age or
 * not, a mortality multiplier or not, and each draw of a batch with its own
 * TFR, SRB, migration and mortality.  Each draw is projected 80 years by the
 * single-draw path (ps_pop_year_make, the run's order of the improvement
 * and mortality factors, ps_pop_step, ps_pop_sum, ps_pop_identity_error) and
 * the whole batch by the batched path; every cell, flow, total and identity
 * error must be the same double.  A hand-worked step checks the batch on
 * its own, so that a mistake shared by both paths would still show.  And
 * the population sums against the four running totals written out.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include "population_batch.h"

/* splitmix64: small, fixed, the same everywhere. */
static uint64_t rng_state;
static double urand(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

#define YEARS 80

typedef struct {
    ps_pop_schedules s;
    double imp_age[PS_NSEX][PS_NAGE];
    int has_imp, has_mort;
    ps_pop start[PS_BATCH];
    double q_factor[YEARS][PS_BATCH], tfr[YEARS][PS_BATCH], srb[YEARS][PS_BATCH],
        mig[YEARS][PS_BATCH], mort[YEARS][PS_BATCH];
} gen_case;

/* Case k: its kind of difficulty chosen by k. */
static void generate(gen_case *c, int k)
{
    rng_state = 0x5EEDull + (uint64_t)k * 7919u;
    memset(c, 0, sizeof *c);
    int tiny = k % 5 == 1, emigration = k % 5 == 2, high_q = k % 5 == 3;
    c->has_imp = k % 2 == 0;
    c->has_mort = k % 3 != 1;
    double fsum = 0;
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++) {
        c->s.asfr[a] = urand() * 0.12;
        fsum += c->s.asfr[a];
    }
    c->s.asfr_sum = fsum;
    double msum = 0;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double q = 0.0002 * exp(0.085 * a) * (0.5 + urand());
            if (high_q && a > 85)
                q = 0.7 + 0.5 * urand(); /* some above 1 before the cap */
            c->s.q_base[x][a] = a == PS_AGE_OPEN ? 0.35 + 0.5 * urand() : q > 1 ? 1 : q;
            c->s.mig_share[x][a] = urand() * (a > 15 && a < 40 ? 4 : 1);
            msum += c->s.mig_share[x][a];
            c->imp_age[x][a] = (urand() - 0.3) * 0.04;
        }
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            c->s.mig_share[x][a] /= msum;
    for (int d = 0; d < PS_BATCH; d++) {
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double v = tiny ? floor(urand() * 3) : 3000 * urand() * (a < 90 ? 1 : 0.1);
                c->start[d].p[x][a] = urand() < 0.05 ? 0.0 : v;
            }
        double qf = 1, walk = 0, t = 1.0 + urand(), m = (urand() - 0.5) * 4000;
        for (int i = 0; i < YEARS; i++) {
            c->q_factor[i][d] = qf;
            qf *= 1.0 - (urand() - 0.2) * 0.03; /* sometimes rising: q capped */
            c->tfr[i][d] = t + (urand() - 0.5) * 0.2;
            c->srb[i][d] = 1.03 + 0.12 * urand();
            c->mig[i][d] = emigration ? -5000 - 20000 * urand() : m + (urand() - 0.5) * 500;
            c->mort[i][d] = exp(walk);
            walk += (urand() - 0.5) * 0.1;
        }
    }
}

/* The single-draw path, in the order the run resolves a year. */
static void single_year(const gen_case *c, int d, int i, double imp_cum[PS_NSEX][PS_NAGE],
                        ps_pop_year *y)
{
    ps_pop_year_make(&c->s, c->q_factor[i][d], c->tfr[i][d], c->srb[i][d], c->mig[i][d], y);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            if (c->has_imp) {
                imp_cum[x][a] = i == 0 ? 1.0 : imp_cum[x][a] * (1.0 - c->imp_age[x][a]);
                double q = y->q[x][a] * imp_cum[x][a];
                y->q[x][a] = q > 1.0 ? 1.0 : q;
            }
            if (c->has_mort) {
                double q = y->q[x][a] * c->mort[i][d];
                y->q[x][a] = q > 1.0 ? 1.0 : q;
            }
        }
}

static void check_case(int k, int *clamped_seen)
{
    static gen_case c;
    static ps_pop single[YEARS + 1];
    static ps_popb_year by;
    static ps_pop_year y;
    static ps_pop lane;
    double imp_cum[PS_NSEX][PS_NAGE], imp_cum_b[PS_NSEX][PS_NAGE];
    ps_pop_flows fl, lfl;
    generate(&c, k);

    /* The batch, all years; each year's state kept to compare below. */
    static ps_popb hist[YEARS + 1];
    static ps_popb_flows fhist[YEARS];
    static double ehist[YEARS][PS_BATCH], thist[YEARS + 1][PS_BATCH];
    for (int d = 0; d < PS_BATCH; d++)
        ps_popb_set(&hist[0], d, &c.start[d]);
    ps_popb_total(&hist[0], thist[0]);
    for (int i = 0; i < YEARS; i++) {
        ps_popb_params par;
        memcpy(par.q_factor, c.q_factor[i], sizeof par.q_factor);
        memcpy(par.tfr, c.tfr[i], sizeof par.tfr);
        memcpy(par.srb, c.srb[i], sizeof par.srb);
        memcpy(par.mig_total, c.mig[i], sizeof par.mig_total);
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++)
                imp_cum_b[x][a] = i == 0 ? 1.0 : imp_cum_b[x][a] * (1.0 - c.imp_age[x][a]);
        par.imp_cum = c.has_imp ? (const double(*)[PS_NAGE])imp_cum_b : NULL;
        par.mort_mult = c.has_mort ? c.mort[i] : NULL;
        ps_popb_year_make(&c.s, &par, &by);
        ps_popb_step(&hist[i], &by, &hist[i + 1], &fhist[i]);
        ps_popb_total(&hist[i + 1], thist[i + 1]);
        ps_popb_identity_error(thist[i], thist[i + 1], &fhist[i], ehist[i]);
        for (int d = 0; d < PS_BATCH; d++)
            *clamped_seen |= fhist[i].clamped[d] > 0;
    }

    for (int d = 0; d < PS_BATCH; d++) {
        single[0] = c.start[d];
        for (int i = 0; i < YEARS; i++) {
            single_year(&c, d, i, imp_cum, &y);
            ps_pop_step(&single[i], &y, &single[i + 1], &fl);
            double e = ps_pop_identity_error(&single[i], &single[i + 1], &fl);
            ps_popb_get(&hist[i + 1], d, &lane);
            ps_popb_get_flows(&fhist[i], d, &lfl);
            for (int x = 0; x < PS_NSEX; x++)
                for (int a = 0; a < PS_NAGE; a++)
                    if (!same_bits(lane.p[x][a], single[i + 1].p[x][a]))
                        fail_msg("case %d draw %d year %d sex %d age %d: batch %.17g, single %.17g",
                                 k, d, i + 1, x, a, lane.p[x][a], single[i + 1].p[x][a]);
            for (int x = 0; x < PS_NSEX; x++)
                if (!same_bits(lfl.births[x], fl.births[x]) ||
                    !same_bits(lfl.deaths[x], fl.deaths[x]) ||
                    !same_bits(lfl.net_migration[x], fl.net_migration[x]))
                    fail_msg("case %d draw %d year %d sex %d: flows differ (births %.17g/%.17g, "
                             "deaths %.17g/%.17g, migration %.17g/%.17g)", k, d, i, x,
                             lfl.births[x], fl.births[x], lfl.deaths[x], fl.deaths[x],
                             lfl.net_migration[x], fl.net_migration[x]);
            if (!same_bits(lfl.clamped, fl.clamped))
                fail_msg("case %d draw %d year %d: clamped %.17g, single %.17g", k, d, i,
                         lfl.clamped, fl.clamped);
            if (!same_bits(thist[i + 1][d], ps_pop_sum(&single[i + 1], 0, PS_AGE_OPEN)))
                fail_msg("case %d draw %d year %d: total differs", k, d, i + 1);
            if (!same_bits(ehist[i][d], e))
                fail_msg("case %d draw %d year %d: identity error %.17g, single %.17g", k, d,
                         i, ehist[i][d], e);
            assert_true(e <= 1e-9);
        }
    }
}

static void test_batch_equals_single(void **state)
{
    (void)state;
    int clamped_seen = 0;
    for (int k = 0; k < 20; k++)
        check_case(k, &clamped_seen);
    /* The generated cases did reach the clamping branch. */
    assert_true(clamped_seen);
}

/* The year's inputs of the batch, cell by cell, against ps_pop_year_make
 * and the run's improvement and mortality factors. */
static void test_year_make_equals_single(void **state)
{
    (void)state;
    static gen_case c;
    static ps_popb_year by;
    static ps_pop_year y;
    double imp_cum[PS_NSEX][PS_NAGE];
    for (int k = 0; k < 6; k++) {
        generate(&c, k);
        double imp_b[PS_NSEX][PS_NAGE];
        for (int i = 0; i < 3; i++) {
            for (int x = 0; x < PS_NSEX; x++)
                for (int a = 0; a < PS_NAGE; a++)
                    imp_b[x][a] = i == 0 ? 1.0 : imp_b[x][a] * (1.0 - c.imp_age[x][a]);
            ps_popb_params par;
            memcpy(par.q_factor, c.q_factor[i], sizeof par.q_factor);
            memcpy(par.tfr, c.tfr[i], sizeof par.tfr);
            memcpy(par.srb, c.srb[i], sizeof par.srb);
            memcpy(par.mig_total, c.mig[i], sizeof par.mig_total);
            par.imp_cum = c.has_imp ? (const double(*)[PS_NAGE])imp_b : NULL;
            par.mort_mult = c.has_mort ? c.mort[i] : NULL;
            ps_popb_year_make(&c.s, &par, &by);
            for (int d = 0; d < PS_BATCH; d++) {
                /* single_year carries imp_cum from year 0 on */
                for (int j = 0; j <= i; j++)
                    single_year(&c, d, j, imp_cum, &y);
                for (int x = 0; x < PS_NSEX; x++)
                    for (int a = 0; a < PS_NAGE; a++) {
                        assert_true(same_bits(by.q[x][a][d], y.q[x][a]));
                        assert_true(same_bits(by.mig[x][a][d], y.mig[x][a]));
                        assert_true(by.q[x][a][d] <= 1.0);
                    }
                for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++)
                    assert_true(same_bits(by.f[a][d], y.f[a]));
                assert_true(same_bits(by.srb[d], y.srb));
            }
        }
    }
}

/* One step worked by hand, lane by lane: lane b has 1000 women aged 20
 * and (b + 1) * 100 men aged 100; q = 0.1 everywhere; f(20) = 0.2;
 * srb = 1; no migration except 10 male immigrants aged 0 in odd lanes.
 *   women 20: deaths 100, survivors 900 at age 21;
 *   births = 0.2 * (1000 + 0) * 0.5 = 100 (age 20 at the end of the year
 *            is the survivors of 19, none): 50 boys, 50 girls, of whom
 *            50 * 0.1 * 0.5 = 2.5 die: 47.5 each at age 0;
 *   men 100: deaths (b + 1) * 10, 90 (b + 1) remain in the open group;
 *   immigrants: 10 * 0.1 * 0.5 = 0.5 die, 9.5 added to men aged 0. */
static void test_hand_step(void **state)
{
    (void)state;
    static ps_popb in, out;
    static ps_popb_year y;
    ps_popb_flows fl;
    memset(&in, 0, sizeof in);
    memset(&y, 0, sizeof y);
    for (int b = 0; b < PS_BATCH; b++) {
        in.p[PS_FEMALE][20][b] = 1000;
        in.p[PS_MALE][100][b] = (b + 1) * 100.0;
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++)
                y.q[x][a][b] = 0.1;
        y.f[20][b] = 0.2;
        y.srb[b] = 1.0;
        y.mig[PS_MALE][0][b] = b % 2 ? 10.0 : 0.0;
    }
    ps_popb_step(&in, &y, &out, &fl);
    for (int b = 0; b < PS_BATCH; b++) {
        double imm = b % 2 ? 9.5 : 0.0;
        assert_rel_close(out.p[PS_FEMALE][21][b], 900.0, 1e-15);
        assert_true(out.p[PS_FEMALE][20][b] == 0.0);
        assert_rel_close(out.p[PS_FEMALE][0][b], 47.5, 1e-15);
        assert_rel_close(out.p[PS_MALE][0][b], 47.5 + imm, 1e-15);
        assert_rel_close(out.p[PS_MALE][100][b], 90.0 * (b + 1), 1e-15);
        assert_rel_close(fl.births[PS_MALE][b], 50.0, 1e-15);
        assert_rel_close(fl.births[PS_FEMALE][b], 50.0, 1e-15);
        assert_rel_close(fl.deaths[PS_FEMALE][b], 102.5, 1e-15);
        assert_rel_close(fl.deaths[PS_MALE][b], 10.0 * (b + 1) + 2.5 + (b % 2 ? 0.5 : 0), 1e-15);
        assert_rel_close(fl.net_migration[PS_MALE][b], b % 2 ? 10.0 : 0.0, 1e-15);
        assert_true(fl.clamped[b] == 0.0);
    }
    double t0[PS_BATCH], t1[PS_BATCH], e[PS_BATCH];
    ps_popb_total(&in, t0);
    ps_popb_total(&out, t1);
    assert_true(ps_popb_identity_error(t0, t1, &fl, e) <= 1e-12);
    /* A flow lost on the way shows as an identity error. */
    fl.births[PS_FEMALE][3] -= 1.0;
    assert_true(ps_popb_identity_error(t0, t1, &fl, e) > 1e-6);
    assert_true(e[3] > 1e-6 && e[2] <= 1e-12);
}

/* The population sums modules call every year (ps_pop_sum, ps_pop_sum_sex,
 * with a shortcut for one age and the four totals added as vectors) against
 * the four running totals written out one by one, for every age range of
 * generated populations with zeros and negative zeros: the same bits. */
static double plain_sum4(const double *x, int n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i];
        s1 += x[i + 1];
        s2 += x[i + 2];
        s3 += x[i + 3];
    }
    for (; i < n; i++)
        s0 += x[i];
    return (s0 + s1) + (s2 + s3);
}

static void test_sums_equal_plain(void **state)
{
    (void)state;
    static ps_pop p;
    for (int k = 0; k < 4; k++) {
        rng_state = 77u + (uint64_t)k;
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double u = urand();
                p.p[x][a] = u < 0.1 ? 0.0 : u < 0.2 ? -0.0 : 1e4 * urand() + 1e-7 * urand();
            }
        for (int lo = 0; lo < PS_NAGE; lo++)
            for (int hi = lo; hi < PS_NAGE; hi++) {
                double m = plain_sum4(&p.p[PS_MALE][lo], hi - lo + 1);
                double f = plain_sum4(&p.p[PS_FEMALE][lo], hi - lo + 1);
                if (!same_bits(ps_pop_sum_sex(&p, PS_MALE, lo, hi), m) ||
                    !same_bits(ps_pop_sum_sex(&p, PS_FEMALE, lo, hi), f) ||
                    !same_bits(ps_pop_sum(&p, lo, hi), m + f))
                    fail_msg("population %d, ages %d..%d: sums differ", k, lo, hi);
            }
        /* A single -0 cell sums to +0, as the four totals give. */
        p.p[PS_MALE][7] = -0.0;
        p.p[PS_FEMALE][7] = -0.0;
        assert_false(signbit(ps_pop_sum(&p, 7, 7)));
        assert_false(signbit(ps_pop_sum_sex(&p, PS_MALE, 7, 7)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sums_equal_plain),
        cmocka_unit_test(test_hand_step),
        cmocka_unit_test(test_year_make_equals_single),
        cmocka_unit_test(test_batch_equals_single),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
