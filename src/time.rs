//! Time as sellkit stores it: instants as UTC RFC 3339 text with whole seconds
//! (`2025-01-31T09:15:00Z`), calendar dates as `YYYY-MM-DD`.

use jiff::{Timestamp, civil::Date, tz::TimeZone};

/// `2025-01-31T09:15:00Z`.
pub fn rfc3339(ts: Timestamp) -> String {
    ts.to_zoned(TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Midnight UTC at the start of `date`, as stored text.
pub fn start_of_day(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Parses the `YYYY-MM-DD` prefix of a stored instant or date, fast (no allocation).
pub fn date_prefix(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<i32> {
        s.iter().try_fold(0i32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i32::from(c - b'0'))
        })
    };
    let y = num(&b[0..4])?;
    let m = num(&b[5..7])?;
    let d = num(&b[8..10])?;
    Date::new(y as i16, m as i8, d as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let ts: Timestamp = "2025-03-09T07:05:03.25Z".parse().unwrap();
        assert_eq!(rfc3339(ts), "2025-03-09T07:05:03Z");
        assert_eq!(
            date_prefix("2025-03-09T07:05:03Z"),
            Some(Date::constant(2025, 3, 9))
        );
        assert_eq!(date_prefix("2025-02-30"), None);
        assert_eq!(date_prefix("20250309"), None);
        assert_eq!(
            start_of_day(Date::constant(2025, 1, 2)),
            "2025-01-02T00:00:00Z"
        );
    }
}
