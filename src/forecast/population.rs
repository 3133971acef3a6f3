//! Population of places, for units per 100,000 people in `sellkit forecast --by`.
//!
//! The table (`population.csv`, embedded) has every country (GeoNames, CC BY 4.0), the U.S.
//! states (U.S. Census Bureau 2019 estimates, public domain) and the cities of 50,000 people or
//! more in the countries the demo shop ships to (GeoNames); its header names the sources and
//! `tools/extract_population.py` rebuilds it. A place that is not in the table has no
//! population: no rate is shown rather than a guess.
//!
//! Names match without regard to case or surrounding spaces, by name or by the listed alias
//! (ASCII spelling: `Montreal` for `Montréal`; `New York` for `New York City`). When a country
//! has several cities of one name, the order's region picks one (U.S. state codes are the
//! regions marketplaces export); a U.S. city whose state matches none of them is unknown (it is
//! under 50,000 people), and elsewhere the largest of the name is taken.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded table.
pub const CSV: &str = include_str!("population.csv");

/// Populations by country, region and city.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Table {
    countries: HashMap<String, i64>,
    /// (country, region code or lower-case name) → population.
    regions: HashMap<(String, String), i64>,
    /// (country, lower-case region name) → region code.
    region_codes: HashMap<(String, String), String>,
    /// (country, lower-case name or alias) → (region, population), largest first.
    cities: HashMap<(String, String), Vec<(String, i64)>>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

impl Table {
    /// Parses the CSV format of `population.csv` (`#` lines are comments).
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut t = Table::default();
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| format!("population.csv: {e}"))?;
        if header != vec!["level", "country", "region", "name", "alias", "population"] {
            return Err(format!(
                "population.csv: unexpected header {:?}",
                header.iter().collect::<Vec<_>>()
            ));
        }
        for row in reader.records() {
            let row = row.map_err(|e| format!("population.csv: {e}"))?;
            let n = row.position().map_or(0, |p| p.line());
            let (level, country, region, name, alias, population) =
                (&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]);
            let population: i64 = population.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
                format!(
                    "population.csv:{n}: population {population:?} is not a positive whole number"
                )
            })?;
            let country = country.trim().to_uppercase();
            match level {
                "country" => {
                    t.countries.insert(country, population);
                }
                "region" => {
                    let code = region.trim().to_uppercase();
                    t.regions
                        .insert((country.clone(), code.clone()), population);
                    t.regions.insert((country.clone(), key(name)), population);
                    t.region_codes.insert((country, key(name)), code);
                }
                "city" => {
                    for n in [name, alias].into_iter().filter(|s| !s.trim().is_empty()) {
                        t.cities
                            .entry((country.clone(), key(n)))
                            .or_default()
                            .push((region.trim().to_uppercase(), population));
                    }
                }
                other => {
                    return Err(format!("population.csv:{n}: unknown level {other:?}"));
                }
            }
        }
        for v in t.cities.values_mut() {
            v.sort_by_key(|x| std::cmp::Reverse(x.1));
        }
        Ok(t)
    }

    /// A country by ISO 3166 alpha-2 code.
    pub fn country(&self, iso: &str) -> Option<i64> {
        self.countries.get(&iso.trim().to_uppercase()).copied()
    }

    /// A region by code or name, within a country.
    pub fn region(&self, country: &str, region: &str) -> Option<i64> {
        let c = country.trim().to_uppercase();
        self.regions
            .get(&(c.clone(), region.trim().to_uppercase()))
            .or_else(|| self.regions.get(&(c, key(region))))
            .copied()
    }

    /// A city, with the order's region when known to tell same-named cities apart.
    pub fn city(&self, country: &str, region: Option<&str>, city: &str) -> Option<i64> {
        let c = country.trim().to_uppercase();
        let found = self.cities.get(&(c.clone(), key(city)))?;
        let Some(region) = region.map(str::trim).filter(|r| !r.is_empty()) else {
            return found.first().map(|x| x.1);
        };
        let mut codes = vec![region.to_uppercase()];
        // A region's name stands for its code.
        if let Some(code) = self.region_codes.get(&(c.clone(), key(region))) {
            codes.push(code.clone());
        }
        if let Some(x) = found.iter().find(|x| codes.contains(&x.0)) {
            return Some(x.1);
        }
        if c == "US" {
            None
        } else {
            found.first().map(|x| x.1)
        }
    }
}

/// The embedded table, parsed once.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(CSV).expect("the embedded population.csv parses (tested)"))
}

/// Units per 100,000 people, to two decimals.
pub fn per_100k(units: i64, population: i64) -> Option<f64> {
    (population > 0).then(|| (units as f64 * 100_000.0 / population as f64 * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_has_every_kind_of_place() {
        let t = Table::parse(CSV).unwrap();
        assert!(t.countries.len() > 200, "{}", t.countries.len());
        assert_eq!(
            t.regions.len(),
            51 * 2,
            "50 states and DC, by code and by name"
        );
        assert!(t.cities.len() > 1500);
        // Spot checks against the sources' figures.
        assert_eq!(t.country("us"), Some(327_167_434));
        assert_eq!(t.region("US", "NY"), Some(19_453_561));
        assert_eq!(t.region("us", " new york "), Some(19_453_561));
        assert_eq!(t.region("GB", "Scotland"), None);
        assert!(CSV.contains("CC BY 4.0") && CSV.contains("public domain"));
    }

    #[test]
    fn cities_match_by_alias_and_region() {
        let t = table();
        assert_eq!(t.city("US", Some("NY"), "New York"), Some(8_804_190));
        assert_eq!(t.city("US", None, "new york city"), Some(8_804_190));
        assert_eq!(t.city("CA", Some("QC"), "Montreal"), Some(1_762_949));
        assert_eq!(t.city("CA", None, "Montréal"), Some(1_762_949));
        // Portland: Oregon's, Maine's, or (no region) the largest.
        let or = t.city("US", Some("OR"), "Portland").unwrap();
        let me = t.city("US", Some("Maine"), "Portland").unwrap();
        assert!(or > 600_000 && (50_000..100_000).contains(&me), "{or} {me}");
        assert_eq!(t.city("US", None, "Portland"), Some(or));
        // Burlington, Vermont is under 50,000: unknown, not North Carolina's Burlington.
        assert_eq!(t.city("US", Some("VT"), "Burlington"), None);
        assert!(t.city("US", Some("NC"), "Burlington").is_some());
        // Outside the U.S. the region codes are GeoNames' own: the largest of the name.
        assert_eq!(t.city("GB", Some("Scotland"), "Edinburgh"), Some(514_990));
        assert_eq!(t.city("FR", None, "Nowhere-sur-Mer"), None);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let head = "# c\nlevel,country,region,name,alias,population\n";
        assert_eq!(
            Table::parse(&format!("{head}city,US,NY,X,,0\n")).unwrap_err(),
            "population.csv:3: population \"0\" is not a positive whole number"
        );
        assert_eq!(
            Table::parse(&format!("{head}town,US,NY,X,,5\n")).unwrap_err(),
            "population.csv:3: unknown level \"town\""
        );
        assert!(Table::parse("a,b\n").unwrap_err().contains("header"));
        assert!(
            Table::parse(&format!("{head}city,US\n"))
                .unwrap_err()
                .starts_with("population.csv: "),
        );
        assert_eq!(per_100k(3, 150_000), Some(2.0));
        assert_eq!(per_100k(1, 0), None);
    }
}
