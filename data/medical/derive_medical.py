#!/usr/bin/env python3
"""Builds the per-capita medical cost curves data/medical/cost_employee.csv and
cost_resident.csv (gross medical cost per person per year by sex and age, in
yuan of 2024, split into inpatient and outpatient care).

No usable national age-cost table was found (data/rules/china_rules_parameters.csv,
topic medical_cost_age_curve, verified=no), so the SHAPE is a labelled assumption
(see docs/medical.md and data/SOURCES.md section "medical"), and the LEVEL is
anchored to NHSA 2024 per-capita fund spending (same rules file, verified=yes):
  employee: 19,102.54e8 yuan / 37,948.34e4 insured = 5,033.8 yuan per insured
  resident: 10,661.49e8 yuan / (132,662.08e4 - 37,948.34e4) = 1,125.7 per participant
Fund spending per person = inpatient * r_in + outpatient * r_out with the
baseline's reimbursement rates, averaged over a reference population:
  employee: 27,491.84 actives spread over ages 20-59 and 10,457.50 retirees over
            60+, each in proportion to Feidong's 2020 census population;
  resident: Feidong's 2020 census population at all ages.
Run from the repository root: python3 data/medical/derive_medical.py
Deterministic; standard library only; reads data/feidong/population_2020.csv."""
import csv
import math

POP = "data/feidong/population_2020.csv"


def shape(sex, a):
    """Gross cost relative to a 40-year-old man (assumption, docs/medical.md)."""
    if a == 0:
        t = 1.3
    elif a <= 4:
        t = 0.8 * (0.45 / 0.8) ** ((a - 1) / 3)
    elif a <= 17:
        t = 0.35
    elif a < 40:
        t = 0.5 * 2 ** ((a - 18) / 22)
    elif a < 65:
        t = math.exp(0.028 * (a - 40))
    elif a < 85:
        t = math.exp(0.028 * 25) * math.exp(0.020 * (a - 65))
    else:
        t = math.exp(0.028 * 25) * math.exp(0.020 * 20)
    if sex == "female" and 18 <= a <= 44:
        t *= 1.15  # maternity and reproductive health
    return t


def inpatient_share(a):
    if a == 0:
        return 0.55
    if a <= 17:
        return 0.35
    if a <= 44:
        return 0.40
    if a <= 75:
        return 0.40 + 0.20 * (a - 44) / 31
    if a <= 85:
        return 0.60 + 0.05 * (a - 75) / 10
    return 0.65


def build(weights, r_in, r_out, anchor):
    raw = {}
    for (s, a) in weights:
        t = shape(s, a)
        f = inpatient_share(a)
        raw[(s, a)] = (t * f, t * (1 - f))
    paid = sum(w * (raw[k][0] * r_in + raw[k][1] * r_out) for k, w in weights.items())
    k = anchor * sum(weights.values()) / paid
    return {key: (v[0] * k, v[1] * k) for key, v in raw.items()}, k


def write(path, curve, header_lines):
    with open(path, "w", newline="") as f:
        for line in header_lines:
            f.write("# " + line + "\n")
        f.write("sex,age,inpatient,outpatient\n")
        for s in ("male", "female"):
            for a in range(101):
                i, o = curve[(s, a)]
                f.write("%s,%d,%.2f,%.2f\n" % (s, a, i, o))


def main():
    pop = {}
    with open(POP) as f:
        rows = [r for r in f if not r.startswith("#")]
    for r in csv.DictReader(rows):
        pop[(r["sex"], int(r["age"]))] = float(r["population"])
    work = sum(v for (s, a), v in pop.items() if 20 <= a <= 59)
    old = sum(v for (s, a), v in pop.items() if a >= 60)
    w_emp = {}
    for (s, a), v in pop.items():
        if 20 <= a <= 59:
            w_emp[(s, a)] = 27491.84 * v / work
        elif a >= 60:
            w_emp[(s, a)] = 10457.50 * v / old
        else:
            w_emp[(s, a)] = 0.0
    anchor_emp = 19102.54e8 / 37948.34e4
    anchor_res = 10661.49e8 / ((132662.08 - 37948.34) * 1e4)
    emp, k_emp = build(w_emp, 0.80, 0.55, anchor_emp)
    res, k_res = build(dict(pop), 0.60, 0.40, anchor_res)
    common = [
        "Gross medical cost per person per year (yuan of 2024), inpatient and outpatient care.",
        "ASSUMPTION (shape): no national age-cost table found (china_rules_parameters.csv, "
        "medical_cost_age_curve); J-shaped index, see docs/medical.md.",
    ]
    write("data/medical/cost_employee.csv", emp, common + [
        "Level: NHSA 2024 employee fund spending 19102.54e8 / 37948.34e4 insured = %.1f yuan "
        "at reimbursement 0.80 inpatient, 0.55 outpatient (scale %.2f); "
        "derive_medical.py." % (anchor_emp, k_emp)])
    write("data/medical/cost_resident.csv", res, common + [
        "Level: NHSA 2024 resident fund spending 10661.49e8 / 94713.74e4 participants = %.1f "
        "yuan at reimbursement 0.60 inpatient, 0.40 outpatient (scale %.2f); "
        "derive_medical.py." % (anchor_res, k_res)])
    print("employee anchor %.1f scale %.2f; resident anchor %.1f scale %.2f"
          % (anchor_emp, k_emp, anchor_res, k_res))
    for a in (0, 10, 30, 40, 65, 85):
        print(a, "emp m", [round(x) for x in emp[("male", a)]],
              "res m", [round(x) for x in res[("male", a)]])


main()
