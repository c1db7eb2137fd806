#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""UN WPP 2024 China fertility by single year of age and calendar year (issue 13).

Reads data/raw/china_wpp2024_asfr_5yr_annual.csv and writes data/china/asfr_by_year.csv
(year,age,asfr for 2020..2050, ages 15..49): each year's five-year rates (TFR x pasfr)
split to single ages exactly as data/derive_feidong.py splits 2020's (Sprague, with its
monotone fallback), ages 10-14 and 50-54 dropped.  The engine rescales each year's shape
to the scenario's TFR, so the file carries the shift of the pattern to older ages.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import derive_feidong as dv  # noqa: E402

ORDER = ["10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54"]


def main():
    rows = dv.read_csv("china_wpp2024_asfr_5yr_annual.csv")
    out = []
    for year in range(2020, 2051):
        pasfr, tfr = {}, None
        for r in rows:
            if int(r["year"]) == year:
                pasfr[r["age_group"]] = float(r["pasfr_percent"])
                tfr = float(r["tfr"])
        assert sorted(pasfr) == sorted(ORDER), year
        groups = [tfr * pasfr[k] / 100.0 for k in ORDER]
        singles, _ = dv.sprague(groups)               # ages 10..54
        for a in range(15, 50):
            v = singles[a - 10]
            assert v >= 0.0, (year, a, v)
            out.append((year, a, v))
        for gi in range(1, 8):                         # group sums exact
            assert abs(sum(singles[gi * 5:gi * 5 + 5]) - groups[gi]) < 1e-12
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "china", "asfr_by_year.csv")
    with open(path, "w", newline="") as f:
        f.write("# Source: UN WPP 2024 China, pasfr x TFR by five-year group and year "
                "(data/raw/china_wpp2024_asfr_5yr_annual.csv, estimates to 2023, medium variant "
                "after).\n# Method: data/derive_china_asfr_by_year.py: Sprague split as "
                "data/derive_feidong.py does for 2020; ages 15-49; group sums exact.\n")
        f.write("year,age,asfr\n")
        for y, a, v in out:
            f.write("%d,%d,%s\n" % (y, a, dv.fmt(v)))


if __name__ == "__main__":
    main()
