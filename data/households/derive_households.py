#!/usr/bin/env python3
"""Derives data/households/rates_2020.csv: headship, collective-quarters,
living-alone and couple-only rates by sex and age band for Feidong County.

Totals (sourced): Feidong 2020 census profile (data/raw/census2020_profile_*):
  family households 329,719; family-household persons 804,667 (so collective
  quarters 884,792 - 804,667 = 80,125); one-person households 89,064;
  households with one, two, three or more persons 65+ 63,269 / 43,153 / 854.
Age shapes (ASSUMPTION, no age table of household reference persons for
Feidong, Hefei or Anhui was found): stylised East Asian patterns written
below; each is scaled by one factor so that the 2020 base population
(data/feidong/population_2020.csv, the engine's own base) reproduces the
census totals exactly.

Run from the repository root: python3 data/households/derive_households.py
Standard library only; deterministic."""
import csv, math

BANDS = [(0, 14), (15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49),
         (50, 54), (55, 59), (60, 64), (65, 69), (70, 74), (75, 79), (80, 84), (85, 100)]

# ASSUMPTION: shapes by band (relative levels; scaled below).
HEAD = {'male':   [0, .06, .25, .40, .55, .65, .70, .70, .70, .70, .72, .72, .70, .70, .55, .45],
        'female': [0, .05, .16, .20, .18, .18, .18, .18, .18, .18, .22, .22, .28, .32, .35, .35]}
COLL_YOUNG = [.01, .30, .25, .12, .07, .07, .05, .05, .05, .05, .03]          # bands < 65
COLL_OLD = [1, 1, 1, 3, 3]                                                     # bands 65+
ALONE_YOUNG = [0, .02, .08, .09, .07, .05, .05, .05, .05, .05, .06]
ALONE_OLD = [.10, .10, .16, .16, .22]
ALONE_SEX = {'male': 1.3, 'female': 1.0}      # under 65: men more often alone
ALONE_SEX_OLD = {'male': 1.0, 'female': 1.2}  # 65+: widows
COUPLE_OLD = [.40, .40, .35, .35, .15]
# ASSUMPTION: of the 63,269 households with exactly one person 65+, 35% are that person
# alone (range 0.25-0.5); of the 43,153 with two, 60% are the couple only (range 0.4-0.8).
ALONE_OF_ONE_ELDER = 0.35
COUPLE_OF_TWO_ELDERS = 0.60


def profile(path, code):
    out = {}
    with open(path, encoding='utf-8') as f:
        for r in csv.DictReader(f):
            if r['area_code'] == code:
                out[r['indicator_zh']] = r['value']
    return out


def base_pop():
    pop = {'male': [0.0] * 101, 'female': [0.0] * 101}
    with open('data/feidong/population_2020.csv', encoding='utf-8') as f:
        rows = [l for l in f if not l.startswith('#')]
    for r in csv.DictReader(rows):
        pop[r['sex']][int(r['age'])] = float(r['population'])
    return pop


def band_pop(pop, sex, b):
    lo, hi = BANDS[b]
    return sum(pop[sex][lo:hi + 1])


def main():
    p20 = profile('data/raw/census2020_profile_feidong_hefei_anhui_china.csv', '340122')
    total = float(p20['人口数_合计'])
    fam_pop = float(p20['家庭户人口数'])
    hh = float(p20['家庭户数'])
    one = float(p20['一人户数'])
    one_elder = float(p20['有一个老人'])
    two_elders = float(p20['有二个老人'])
    three_elders = float(p20['有三个及以上老人'])
    pop = base_pop()
    assert abs(sum(pop['male']) + sum(pop['female']) - total) < 1e-6 * total
    nb = len(BANDS)
    old = [b for b in range(nb) if BANDS[b][0] >= 65]
    young = [b for b in range(nb) if BANDS[b][0] < 65]
    p65 = sum(band_pop(pop, s, b) for s in pop for b in old)
    # Persons 65+ in family households, counted from the households holding them
    # (3+ counted as 3): the rest live in collective quarters (institutions).
    fam65 = one_elder + 2 * two_elders + 3 * three_elders
    coll_old_total = p65 - fam65
    coll_young_total = (total - fam_pop) - coll_old_total
    assert coll_old_total > 0 and coll_young_total > 0
    coll = {s: [0.0] * nb for s in pop}
    k_old = coll_old_total / sum(band_pop(pop, s, b) * COLL_OLD[b - old[0]] for s in pop for b in old)
    k_young = coll_young_total / sum(band_pop(pop, s, b) * COLL_YOUNG[b] for s in pop for b in young)
    for s in pop:
        for b in range(nb):
            coll[s][b] = COLL_OLD[b - old[0]] * k_old if b in old else COLL_YOUNG[b] * k_young
    fam = {s: [band_pop(pop, s, b) * (1 - coll[s][b]) for b in range(nb)] for s in pop}
    assert abs(sum(map(sum, fam.values())) - fam_pop) < 1e-6 * fam_pop
    # Headship: one factor for both sexes.
    k_head = hh / sum(fam[s][b] * HEAD[s][b] for s in pop for b in range(nb))
    head = {s: [min(1.0, HEAD[s][b] * k_head) for b in range(nb)] for s in pop}
    assert all(v < 1 for s in head for v in head[s])
    # Living alone: 65+ to the assumed elderly total, the rest to the census total.
    alone_old_total = ALONE_OF_ONE_ELDER * one_elder
    k_ao = alone_old_total / sum(fam[s][b] * ALONE_OLD[b - old[0]] * ALONE_SEX_OLD[s] for s in pop for b in old)
    k_ay = (one - alone_old_total) / sum(fam[s][b] * ALONE_YOUNG[b] * ALONE_SEX[s] for s in pop for b in young)
    alone = {s: [(ALONE_OLD[b - old[0]] * ALONE_SEX_OLD[s] * k_ao) if b in old
                 else ALONE_YOUNG[b] * ALONE_SEX[s] * k_ay for b in range(nb)] for s in pop}
    for s in pop:
        for b in range(nb):
            assert alone[s][b] <= head[s][b], (s, BANDS[b], alone[s][b], head[s][b])
    couple_total = COUPLE_OF_TWO_ELDERS * two_elders  # households
    k_c = 2 * couple_total / sum(fam[s][b] * COUPLE_OLD[b - old[0]] for s in pop for b in old)
    couple = {s: [COUPLE_OLD[b - old[0]] * k_c if b in old else 0.0 for b in range(nb)] for s in pop}
    for s in pop:
        for b in old:
            assert alone[s][b] + couple[s][b] <= 1
    # Checks of the totals the engine will reproduce in 2020.
    got_hh = sum(fam[s][b] * head[s][b] for s in pop for b in range(nb))
    got_one = sum(fam[s][b] * alone[s][b] for s in pop for b in range(nb))
    assert abs(got_hh - hh) < 1e-6 * hh and abs(got_one - one) < 1e-6 * one

    # The headship trend net of ageing: 2010 census population at these rates.
    p10 = profile('data/raw/census2010_profile_feidong_hefei_anhui.csv', '340122')
    hh10, fam10 = float(p10['户数']), float(p10['人口数'])
    g10 = {}
    with open('data/raw/census2010_age_sex_feidong_hefei_anhui.csv', encoding='utf-8') as f:
        for r in csv.DictReader(f):
            if r['area_code'] == '340122':
                g10[int(r['age_start'])] = (float(r['male']), float(r['female']))
    def b10(sex, b):
        lo, hi = BANDS[b]
        return sum(v[0 if sex == 'male' else 1] for a, v in g10.items() if lo <= a <= hi)
    fam10_pred = {s: [b10(s, b) * (1 - coll[s][b]) for b in range(nb)] for s in pop}
    scale = fam10 / sum(map(sum, fam10_pred.values()))  # to the counted 2010 family population
    hh10_pred = scale * sum(fam10_pred[s][b] * head[s][b] for s in pop for b in range(nb))
    trend = (hh10_pred / hh10) ** (1 / 10) - 1
    # hh10_pred: households the 2020 rates give for 2010's people; the 2010 rates
    # were lower by hh10 / hh10_pred, so the rates rose by this much a year.

    with open('data/households/rates_2020.csv', 'w', encoding='utf-8', newline='') as f:
        f.write('# Household rates by sex and age band, Feidong County 2020: headship (household\n'
                '# reference persons per person in family households), collective (persons in\n'
                '# collective quarters per person), alone (one-person households per person in family\n'
                '# households), couple_only (persons 65+ in couple-only households of two people 65+).\n'
                '# Source: totals from the 2020 census profile of Feidong (data/raw/census2020_profile_*):\n'
                '#   329,719 households, 804,667 persons in them, 89,064 one-person households,\n'
                '#   63,269 / 43,153 / 854 households with 1 / 2 / 3+ persons 65+.\n'
                '# ASSUMPTION: the age shapes (no age table of household heads was found for Feidong,\n'
                '#   Hefei or Anhui), 35% of one-elder households the elder alone (0.25-0.5), 60% of\n'
                '#   two-elder households the couple only (0.4-0.8). Method and shapes:\n'
                '#   data/households/derive_households.py; data/SOURCES.md section households.\n')
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['sex', 'age_from', 'age_to', 'headship', 'collective', 'alone', 'couple_only'])
        for s in ('male', 'female'):
            for b in range(nb):
                w.writerow([s, BANDS[b][0], BANDS[b][1], '%.8f' % head[s][b], '%.8f' % coll[s][b],
                            '%.8f' % alone[s][b], '%.8f' % couple[s][b]])
    print('collective 65+ %.0f, under 65 %.0f' % (coll_old_total, coll_young_total))
    print('headship factor %.6f, households %.1f, one-person %.1f' % (k_head, got_hh, got_one))
    print('elderly alone %.1f, couple-only households %.1f' % (alone_old_total, couple_total))
    print('2010: households at 2020 rates %.0f, counted %.0f: rates rose %.4f a year'
          % (hh10_pred, hh10, trend))


if __name__ == '__main__':
    main()
