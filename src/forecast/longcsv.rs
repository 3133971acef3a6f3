//! The long CSV format `unique_id,ds,y` shared with the benchmark harness: `ds` is an ISO date
//! (`YYYY-MM-DD`) or an integer index. Reading groups rows by series (in order of first
//! appearance) and sorts each series by `ds`; writing produces `unique_id,ds,y_hat` and the
//! interval columns `y_hat_lo_80`, `y_hat_hi_80`, `y_hat_lo_95`, `y_hat_hi_95`.

use std::collections::HashMap;
use std::io::{Read, Write};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::forecast::Forecast;

/// A time stamp of the long format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ds {
    Index(i64),
    Date(Date),
}

impl std::fmt::Display for Ds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ds::Index(i) => write!(f, "{i}"),
            Ds::Date(d) => write!(f, "{d}"),
        }
    }
}

/// One series of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct LongSeries {
    pub id: String,
    pub ds: Vec<Ds>,
    pub y: Vec<f64>,
}

/// What went wrong reading a long CSV file. `line` is 1-based and counts the header.
#[derive(Debug, thiserror::Error)]
pub enum LongCsvError {
    #[error("{source_name}: {source}")]
    Csv {
        source_name: String,
        #[source]
        source: csv::Error,
    },
    #[error("{source_name}: missing column \"{column}\" (expected unique_id,ds,y)")]
    MissingColumn {
        source_name: String,
        column: &'static str,
    },
    #[error("{source_name}:{line}: field \"{field}\": {value:?} is not {expected}")]
    BadField {
        source_name: String,
        line: u64,
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("{source_name}:{line}: series {id:?} mixes integer and date values in \"ds\"")]
    MixedDs {
        source_name: String,
        line: u64,
        id: String,
    },
    #[error("{source_name}: series {id:?} has two rows for ds {ds}")]
    DuplicateDs {
        source_name: String,
        id: String,
        ds: String,
    },
}

fn parse_ds(s: &str) -> Option<Ds> {
    let s = s.trim();
    if let Ok(i) = s.parse::<i64>() {
        return Some(Ds::Index(i));
    }
    let head = s.get(..10).unwrap_or(s);
    head.parse::<Date>().ok().map(Ds::Date)
}

/// Read the long format. `source_name` names the input in errors (a path or `-`).
pub fn read<R: Read>(input: R, source_name: &str) -> Result<Vec<LongSeries>, LongCsvError> {
    let csv_err = |source| LongCsvError::Csv {
        source_name: source_name.to_string(),
        source,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = rdr.headers().map_err(csv_err)?.clone();
    let col = |name: &'static str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(LongCsvError::MissingColumn {
                source_name: source_name.to_string(),
                column: name,
            })
    };
    let (ci, cd, cy) = (col("unique_id")?, col("ds")?, col("y")?);
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows: Vec<(String, Vec<(Ds, f64)>)> = Vec::new();
    let mut record = csv::StringRecord::new();
    while rdr.read_record(&mut record).map_err(csv_err)? {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let id = record.get(ci).unwrap_or("").to_string();
        let ds_raw = record.get(cd).unwrap_or("");
        let ds = parse_ds(ds_raw).ok_or_else(|| LongCsvError::BadField {
            source_name: source_name.to_string(),
            line,
            field: "ds",
            value: ds_raw.to_string(),
            expected: "an integer or a YYYY-MM-DD date",
        })?;
        let y_raw = record.get(cy).unwrap_or("");
        let y: f64 = y_raw
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| LongCsvError::BadField {
                source_name: source_name.to_string(),
                line,
                field: "y",
                value: y_raw.to_string(),
                expected: "a number",
            })?;
        let slot = *index.entry(id.clone()).or_insert_with(|| {
            rows.push((id.clone(), Vec::new()));
            rows.len() - 1
        });
        if let Some((first, _)) = rows[slot].1.first()
            && std::mem::discriminant(first) != std::mem::discriminant(&ds)
        {
            return Err(LongCsvError::MixedDs {
                source_name: source_name.to_string(),
                line,
                id,
            });
        }
        rows[slot].1.push((ds, y));
    }
    rows.into_iter()
        .map(|(id, mut pts)| {
            pts.sort_by_key(|p| p.0);
            if let Some(w) = pts.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(LongCsvError::DuplicateDs {
                    source_name: source_name.to_string(),
                    id,
                    ds: w[0].0.to_string(),
                });
            }
            Ok(LongSeries {
                id,
                ds: pts.iter().map(|p| p.0).collect(),
                y: pts.iter().map(|p| p.1).collect(),
            })
        })
        .collect()
}

/// The `h` time stamps after the last one of `ds`: integer indices continue by the last step
/// (1 when unknown); dates continue by the last gap, in whole months when both dates fall on
/// the same day of the month (monthly, quarterly), else in days (daily, weekly).
pub fn future_ds(ds: &[Ds], h: usize) -> Vec<Ds> {
    match (ds.len().checked_sub(2).map(|i| ds[i]), ds.last()) {
        (_, None) => (1..=h as i64).map(Ds::Index).collect(),
        (prev, Some(Ds::Index(last))) => {
            let step = match prev {
                Some(Ds::Index(p)) if *last > p => last - p,
                _ => 1,
            };
            (1..=h as i64).map(|k| Ds::Index(last + k * step)).collect()
        }
        (prev, Some(Ds::Date(last))) => {
            let prev = match prev {
                Some(Ds::Date(p)) => Some(p),
                _ => None,
            };
            match prev {
                Some(p)
                    if p.day() == last.day()
                        && (p.year(), p.month()) != (last.year(), last.month()) =>
                {
                    let months = (last.year() as i32 - p.year() as i32) * 12
                        + (last.month() as i32 - p.month() as i32);
                    (1..=h as i32)
                        .map(|k| Ds::Date(last.checked_add((k * months).months()).unwrap_or(*last)))
                        .collect()
                }
                _ => {
                    let days = prev.map(|p| (*last - p).get_days().max(1)).unwrap_or(1);
                    (1..=h as i32)
                        .map(|k| Ds::Date(last.checked_add((k * days).days()).unwrap_or(*last)))
                        .collect()
                }
            }
        }
    }
}

/// Write forecasts in the long format (`unique_id,ds,y_hat` and interval columns).
pub fn write<W: Write>(
    out: W,
    series: &[LongSeries],
    forecasts: &[Forecast],
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "unique_id",
        "ds",
        "y_hat",
        "y_hat_lo_80",
        "y_hat_hi_80",
        "y_hat_lo_95",
        "y_hat_hi_95",
    ])?;
    for (s, f) in series.iter().zip(forecasts) {
        for (i, ds) in future_ds(&s.ds, f.point.len()).iter().enumerate() {
            w.write_record([
                s.id.clone(),
                ds.to_string(),
                fmt(f.point[i]),
                fmt(f.lo_80[i]),
                fmt(f.hi_80[i]),
                fmt(f.lo_95[i]),
                fmt(f.hi_95[i]),
            ])?;
        }
    }
    w.flush()
}

fn fmt(v: f64) -> String {
    // Six significant decimals are plenty for unit forecasts and keep files small.
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_groups_and_sorts() {
        let text = "unique_id,ds,y\nB,2,5\nA,1,1\nB,1,4\nA,2,2\n";
        let s = read(text.as_bytes(), "t.csv").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id, "B");
        assert_eq!(s[0].y, vec![4.0, 5.0]);
        assert_eq!(s[1].ds, vec![Ds::Index(1), Ds::Index(2)]);
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let text = "unique_id,ds,y\nA,1,1\nA,2,1x\n";
        let e = read(text.as_bytes(), "t.csv").unwrap_err().to_string();
        assert_eq!(e, "t.csv:3: field \"y\": \"1x\" is not a number");
        let e = read("id,ds,y\n".as_bytes(), "t.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing column \"unique_id\""), "{e}");
        let e = read("unique_id,ds,y\nA,1,1\nA,1,2\n".as_bytes(), "t.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("two rows"), "{e}");
    }

    #[test]
    fn future_dates_follow_the_calendar() {
        let d = |s: &str| Ds::Date(s.parse().unwrap());
        assert_eq!(
            future_ds(&[d("2020-01-01"), d("2020-02-01")], 2),
            vec![d("2020-03-01"), d("2020-04-01")]
        );
        assert_eq!(
            future_ds(&[d("2019-10-01"), d("2020-01-01")], 1),
            vec![d("2020-04-01")]
        );
        assert_eq!(
            future_ds(&[d("2000-06-05"), d("2000-06-12")], 2),
            vec![d("2000-06-19"), d("2000-06-26")]
        );
        assert_eq!(
            future_ds(&[Ds::Index(50), Ds::Index(51)], 2),
            vec![Ds::Index(52), Ds::Index(53)]
        );
    }

    #[test]
    fn numbers_are_written_compactly() {
        assert_eq!(fmt(2310.5), "2310.5");
        assert_eq!(fmt(3.0), "3");
        assert_eq!(fmt(-0.0000001), "0");
    }
}
