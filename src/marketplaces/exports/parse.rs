//! Field parsers for export files: money with symbols, codes and either thousands style, dates in
//! each marketplace's own style and zone (normalised to UTC RFC 3339 text), counts, countries.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

use crate::money::{Currency, Money};

/// An amount read from a cell: minor units, and the currency the cell itself named, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub minor: i64,
    pub currency: Option<Currency>,
}

/// Currency symbols and prefixes seen in exports, longest first so that `US $` wins over `$`.
const SYMBOLS: &[(&str, Option<&str>)] = &[
    ("US $", Some("USD")),
    ("US$", Some("USD")),
    ("AU $", Some("AUD")),
    ("AU$", Some("AUD")),
    ("A$", Some("AUD")),
    ("C $", Some("CAD")),
    ("CA$", Some("CAD")),
    ("C$", Some("CAD")),
    ("NZ$", Some("NZD")),
    ("HK$", Some("HKD")),
    ("S$", Some("SGD")),
    ("R$", Some("BRL")),
    ("MX$", Some("MXN")),
    ("$", None), // dollar of the file's currency (USD when unknown)
    ("€", Some("EUR")),
    ("£", Some("GBP")),
    ("¥", Some("JPY")),
    ("₹", Some("INR")),
    ("zł", Some("PLN")),
    ("kr", None),
    ("Rs.", Some("INR")),
];

/// Parses an amount such as `12.5`, `$1,234.56`, `"2.103,33 €"`, `EUR 12,00`, `(3.00)`, `-£4`,
/// `1 234,50` into minor units of the currency the cell names, or `default` when it names none.
///
/// Decimal separator: when both `.` and `,` occur, the last one is the decimal point; a lone `,`
/// followed by exactly three digits is a thousands separator (`1,708`), otherwise a decimal comma
/// (`12,99`). More decimals than the currency has are an error, never rounded.
pub fn amount(text: &str, default: Currency) -> Result<Amount, String> {
    // Fast path: a plain decimal such as `12.34` or `-3` (most cells of most files).
    let b = text.as_bytes();
    if !b.is_empty()
        && b.len() < 19
        && b.iter()
            .all(|c| c.is_ascii_digit() || *c == b'.' || *c == b'-')
        && b.iter().filter(|c| **c == b'.').count() <= 1
        && b[1..].iter().all(|c| *c != b'-')
        && let Ok(m) = Money::parse_decimal(text, default)
    {
        return Ok(Amount {
            minor: m.amount_minor,
            currency: None,
        });
    }
    let bad = || format!("{:?} is not an amount", text);
    let mut s: String = text
        .chars()
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            '\u{2212}' => '-',
            c => c,
        })
        .collect();
    s = s.trim().to_string();
    if s.is_empty() {
        return Err("empty amount".into());
    }
    let mut neg = false;
    if s.starts_with('(') && s.ends_with(')') {
        neg = true;
        s = s[1..s.len() - 1].trim().to_string();
    }
    if let Some(rest) = s.strip_prefix('-') {
        neg = !neg;
        s = rest.trim().to_string();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim().to_string();
    }
    // Currency: a three-letter code or a symbol, before or after the number.
    let mut named: Option<Currency> = None;
    let mut dollar = false;
    let strip_marker = |s: &mut String, named: &mut Option<Currency>, dollar: &mut bool| {
        for (sym, code) in SYMBOLS {
            if let Some(rest) = s.strip_prefix(sym) {
                *s = rest.trim().to_string();
                match code {
                    Some(c) => *named = Currency::new(c).ok(),
                    None => *dollar = *sym == "$",
                }
                return true;
            }
            if let Some(rest) = s.strip_suffix(sym) {
                *s = rest.trim().to_string();
                match code {
                    Some(c) => *named = Currency::new(c).ok(),
                    None => *dollar = *sym == "$",
                }
                return true;
            }
        }
        let b = s.as_bytes();
        if b.len() > 3
            && b[..3].iter().all(u8::is_ascii_alphabetic)
            && let Ok(c) = Currency::new(&s[..3])
        {
            *named = Some(c);
            *s = s[3..].trim().to_string();
            return true;
        }
        if b.len() > 3
            && b[b.len() - 3..].iter().all(u8::is_ascii_alphabetic)
            && let Ok(c) = Currency::new(&s[s.len() - 3..])
        {
            *named = Some(c);
            *s = s[..s.len() - 3].trim().to_string();
            return true;
        }
        false
    };
    strip_marker(&mut s, &mut named, &mut dollar);
    // A sign after the symbol: `$-4.00`, `€ -3`.
    if let Some(rest) = s.strip_prefix('-') {
        neg = !neg;
        s = rest.trim().to_string();
    }
    let currency = match named {
        Some(c) => c,
        None if dollar && !is_dollar(default) => Currency::USD,
        None => default,
    };
    let plain = normalise_number(&s).ok_or_else(bad)?;
    let money = Money::parse_decimal(&plain, currency).map_err(|e| e.to_string())?;
    Ok(Amount {
        minor: if neg {
            -money.amount_minor
        } else {
            money.amount_minor
        },
        currency: named.or(if dollar { Some(currency) } else { None }),
    })
}

fn is_dollar(c: Currency) -> bool {
    matches!(
        c.code(),
        "USD" | "CAD" | "AUD" | "NZD" | "HKD" | "SGD" | "MXN"
    )
}

/// Turns `1,234.56`, `1.234,56`, `1 234,56`, `1'234.56` into `1234.56`; `None` when malformed.
fn normalise_number(s: &str) -> Option<String> {
    let s: String = s.chars().filter(|c| *c != ' ' && *c != '\'').collect();
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let (thousands, decimal) = match (last_dot, last_comma) {
        (Some(d), Some(c)) => {
            if d > c {
                (',', Some('.'))
            } else {
                ('.', Some(','))
            }
        }
        (None, Some(c)) => {
            let commas = s.matches(',').count();
            let after = s.len() - c - 1;
            if commas == 1 && after != 3 {
                ('.', Some(','))
            } else {
                (',', None)
            }
        }
        (Some(d), None) => {
            let dots = s.matches('.').count();
            let after = s.len() - d - 1;
            if dots > 1 && after == 3 {
                ('.', None)
            } else {
                (',', Some('.'))
            }
        }
        (None, None) => (',', None),
    };
    let (int, frac) = match decimal {
        Some(d) => {
            let i = s.rfind(d)?;
            (&s[..i], Some(&s[i + 1..]))
        }
        None => (s.as_str(), None),
    };
    if frac.is_some_and(|f| f.contains([',', '.'])) {
        return None;
    }
    // Thousands groups: the first 1-3 digits, then groups of exactly 3.
    let groups: Vec<&str> = int.split(thousands).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    if groups.iter().any(|g| g.contains([',', '.'])) {
        return None;
    }
    let mut out: String = groups.concat();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if out == "." || out.is_empty() {
        return None;
    }
    Some(out)
}

/// A whole count such as `3`, `1,708` or `2.0`.
pub fn count(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let cleaned: String = t.chars().filter(|c| *c != ',' && *c != '\u{a0}').collect();
    let cleaned = cleaned
        .strip_suffix(".0")
        .or_else(|| cleaned.strip_suffix(".00"))
        .unwrap_or(&cleaned);
    cleaned
        .parse::<i64>()
        .map_err(|_| format!("{t:?} is not a whole number"))
}

/// A percentage such as `2.56%` as basis points.
pub fn percent_bp(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let body = t.strip_suffix('%').unwrap_or(t).trim();
    let m = Money::parse_decimal(&body.replace(',', "."), Currency::USD)
        .map_err(|_| format!("{t:?} is not a percentage"))?;
    Ok(m.amount_minor)
}

/// How an export writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// Shopify: `2025-12-06 10:37:33 -0500` (also ISO 8601 with `T`, `Z` or `±HH:MM`).
    Offset,
    /// Etsy: `MM/DD/YY` or `MM/DD/YYYY`, a calendar day (stored as its midnight UTC).
    UsSlash,
    /// Amazon: ISO 8601 with offset, or `2019-03-14 10:13:43 PDT`.
    Iso,
    /// eBay: `Sep-30-26` or `Sep-30-2026 14:05:00`, seller's local time without zone (taken as UTC).
    MonDashDay,
    /// Etsy statements and deposits, eBay transaction reports: a calendar day with the month in
    /// words, `October 31, 2025`, `Oct 31, 2025`, `30-Apr-25`, `31 July, 2026`, `31 Jul 2025`
    /// (stored as its midnight UTC).
    MonthName,
    /// Amazon date-range reports: a month name in English, Portuguese or Spanish, a 12- or 24-hour
    /// clock and a zone: `28 de fev. de 2026 21:17:51 GMT-8`, `Dec 1, 2017 12:38:23 AM PST`.
    Spelled,
    /// Amazon settlement files: ISO 8601 as [`DateStyle::Iso`], or day first with dots as the
    /// European sites write it (`14.08.2025`, `14.08.2025 06:23:59 UTC`).
    Settlement,
}

/// Parses `text` in `style` into stored UTC text `YYYY-MM-DDTHH:MM:SSZ`.
pub fn instant(text: &str, style: DateStyle) -> Result<String, String> {
    let t = text.trim();
    let bad = |want: &str| format!("{t:?} is not a date ({want})");
    match style {
        DateStyle::Offset | DateStyle::Iso => iso_like(t).ok_or_else(|| {
            bad(if style == DateStyle::Offset {
                "expected YYYY-MM-DD HH:MM:SS ±HHMM"
            } else {
                "expected ISO 8601 such as 2025-09-20T09:15:00+00:00"
            })
        }),
        DateStyle::UsSlash => us_slash(t)
            .map(|d| format!("{d}T00:00:00Z"))
            .ok_or_else(|| bad("expected MM/DD/YY or MM/DD/YYYY")),
        DateStyle::MonDashDay => {
            mon_dash_day(t).ok_or_else(|| bad("expected Mon-DD-YY such as Sep-30-26"))
        }
        DateStyle::MonthName => month_name(t)
            .map(|d| format!("{d}T00:00:00Z"))
            .ok_or_else(|| bad("expected a day such as \"October 31, 2025\" or 30-Apr-25")),
        DateStyle::Spelled => spelled(t).ok_or_else(|| {
            bad("expected a date such as 28 de fev. de 2026 21:17:51 GMT-8 or Dec 1, 2017 12:38:23 AM PST")
        }),
        DateStyle::Settlement => day_dotted(t)
            .or_else(|| iso_like(t))
            .ok_or_else(|| bad("expected ISO 8601 such as 2025-08-14T06:23:59+00:00, or 14.08.2025")),
    }
}

/// `October 31, 2025`, `Oct 31, 2025`, `30-Apr-25`, `31 July, 2026`, `31 Jul 2025`: day, month in
/// English words (full or abbreviated), year of two or four digits, in either order.
fn month_name(t: &str) -> Option<Date> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let parts: Vec<&str> = t
        .split([' ', ',', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, y] = parts[..] else {
        return None;
    };
    let month = |s: &str| -> Option<i8> {
        let s = s.to_ascii_lowercase();
        if s.len() < 3 {
            return None;
        }
        let s = if s == "sept" { "sep".to_string() } else { s };
        MONTHS
            .iter()
            .position(|m| m.starts_with(&s))
            .map(|i| i as i8 + 1)
    };
    let num = |s: &str, max: usize| -> Option<i16> {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (m, d) = match month(a) {
        Some(m) => (m, num(b, 2)?),
        None => (month(b)?, num(a, 2)?),
    };
    let y = match y.len() {
        2 => 2000 + num(y, 2)?,
        4 => num(y, 4)?,
        _ => return None,
    };
    Date::new(y, m, i8::try_from(d).ok()?).ok()
}

fn ts_text(ts: Timestamp) -> String {
    crate::time::rfc3339(ts)
}

fn iso_like(t: &str) -> Option<String> {
    if t.is_empty() {
        return None;
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Some(ts_text(ts));
    }
    // `2025-12-06 10:37:33 -0500` / `2025-12-06T10:37:33-0500`.
    let (dt_part, zone) = match t.rsplit_once(' ') {
        Some((a, z)) if !z.contains(':') || z.starts_with(['+', '-']) => (a.trim(), Some(z.trim())),
        _ => (t, None),
    };
    let dt_part = dt_part.replace('T', " ");
    let naive = parse_naive(&dt_part);
    if let (Some(dt), Some(z)) = (naive, zone) {
        if let Some(off) = parse_offset(z) {
            let ts = dt.to_zoned(TimeZone::fixed(off)).ok()?.timestamp();
            return Some(ts_text(ts));
        }
        if let Some(tz) = zone_abbreviation(z) {
            let ts = dt.to_zoned(tz).ok()?.timestamp();
            return Some(ts_text(ts));
        }
        return None;
    }
    // Offset glued on: `2025-12-06T10:37:33-0500`.
    if zone.is_none() && t.len() > 5 && t.is_char_boundary(t.len() - 5) {
        let (head, tail) = t.split_at(t.len() - 5);
        if let (Some(off), Some(dt)) = (parse_offset(tail), parse_naive(&head.replace('T', " "))) {
            let ts = dt.to_zoned(TimeZone::fixed(off)).ok()?.timestamp();
            return Some(ts_text(ts));
        }
    }
    // A bare date or date-time without zone: UTC.
    if let Some(dt) = parse_naive(&t.replace('T', " ")) {
        let z: Zoned = dt.to_zoned(TimeZone::UTC).ok()?;
        return Some(ts_text(z.timestamp()));
    }
    if let Ok(d) = t.parse::<Date>() {
        return Some(format!("{d}T00:00:00Z"));
    }
    None
}

fn parse_naive(s: &str) -> Option<DateTime> {
    let s = s.trim();
    if let Ok(dt) = s.parse::<DateTime>() {
        return Some(dt);
    }
    let (d, t) = s.split_once(' ')?;
    let date = d.parse::<Date>().ok()?;
    let time = t.trim().parse::<Time>().ok()?;
    Some(date.to_datetime(time))
}

/// `-0500`, `+05:30`, `Z`, `UTC`, `GMT`.
fn parse_offset(z: &str) -> Option<Offset> {
    if matches!(z, "Z" | "UTC" | "GMT") {
        return Some(Offset::UTC);
    }
    let (sign, rest) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// Zone abbreviations Amazon writes in listing reports.
fn zone_abbreviation(z: &str) -> Option<TimeZone> {
    let hours = match z {
        "UTC" | "GMT" => 0,
        "PST" => -8,
        "PDT" => -7,
        "MST" => -7,
        "MDT" => -6,
        "CST" => -6,
        "CDT" => -5,
        "EST" => -5,
        "EDT" => -4,
        "BST" | "CET" => 1,
        "CEST" => 2,
        "JST" => 9,
        _ => return None,
    };
    Some(TimeZone::fixed(Offset::from_hours(hours).ok()?))
}

fn us_slash(t: &str) -> Option<Date> {
    let mut it = t.split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let num = |s: &str| -> Option<i32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (m, d) = (num(m)?, num(d)?);
    let y = match y.len() {
        2 => 2000 + num(y)?,
        4 => num(y)?,
        _ => return None,
    };
    Date::new(y as i16, m as i8, d as i8).ok()
}

fn mon_dash_day(t: &str) -> Option<String> {
    let (date, time) = match t.split_once(' ') {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    let mut it = date.split('-');
    let (mon, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = MONTHS.iter().position(|x| x.eq_ignore_ascii_case(mon))? as i8 + 1;
    let d: i8 = d.parse().ok()?;
    let y: i16 = match y.len() {
        2 => 2000 + y.parse::<i16>().ok()?,
        4 => y.parse().ok()?,
        _ => return None,
    };
    let date = Date::new(y, m, d).ok()?;
    let time = match time {
        Some(tt) => {
            let tt = tt
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .trim();
            tt.parse::<Time>().ok()?
        }
        None => Time::midnight(),
    };
    let ts = date
        .to_datetime(time)
        .to_zoned(TimeZone::UTC)
        .ok()?
        .timestamp();
    Some(ts_text(ts))
}

/// Month names and abbreviations (English, Portuguese, Spanish) as Amazon's reports write them,
/// lower case without the abbreviation's dot: one line per month.
const MONTH_NAMES: [&str; 12] = [
    "jan january janeiro ene enero",
    "feb february fev fevereiro febrero",
    "mar march março marzo",
    "apr april abr abril",
    "may mai maio mayo",
    "jun june junho junio",
    "jul july julho julio",
    "aug august ago agosto",
    "sep sept september set setembro septiembre setiembre",
    "oct october out outubro octubre",
    "nov november novembro noviembre",
    "dec december dez dezembro dic diciembre",
];

fn month_named(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    let m = MONTH_NAMES
        .iter()
        .position(|names| names.split(' ').any(|n| n == w))?;
    Some(m as i8 + 1)
}

/// `28 de fev. de 2026 21:17:51 GMT-8`, `Dec 1, 2017 12:38:23 AM PST`, `1 Mar 2026 00:15:19 UTC`,
/// or a date alone (midnight UTC).
fn spelled(t: &str) -> Option<String> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !matches!(w.to_lowercase().as_str(), "de" | "del"))
        .collect();
    if words.len() < 3 {
        return None;
    }
    let (day, month) = match month_named(words[0]) {
        Some(m) => (words[1], m),
        None => (words[0], month_named(words[1])?),
    };
    fn digits(s: &str, max: usize) -> Option<&str> {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
    }
    let day: i8 = digits(day, 2)?.parse().ok()?;
    let year = digits(words[2], 4).filter(|y| y.len() == 4)?.parse().ok()?;
    let date = Date::new(year, month, day).ok()?;
    let mut rest = &words[3..];
    let mut time = Time::midnight();
    if let Some(clock) = rest.first().filter(|w| w.contains(':')) {
        let mut parts = clock.split(':');
        let (h, m) = (parts.next()?, parts.next()?);
        let s = parts.next().unwrap_or("0");
        if parts.next().is_some() {
            return None;
        }
        let mut h: i8 = digits(h, 2)?.parse().ok()?;
        let m: i8 = digits(m, 2)?.parse().ok()?;
        let s: i8 = digits(s, 2)?.parse().ok()?;
        rest = &rest[1..];
        let meridiem = rest
            .first()
            .map(|w| w.to_lowercase().replace('.', ""))
            .filter(|w| w == "am" || w == "pm");
        if let Some(ap) = meridiem {
            if !(1..=12).contains(&h) {
                return None;
            }
            h = match (ap.as_str(), h) {
                ("am", 12) => 0,
                ("pm", 12) => 12,
                ("pm", h) => h + 12,
                (_, h) => h,
            };
            rest = &rest[1..];
        }
        time = Time::new(h, m, s, 0).ok()?;
    }
    let zone = rest.concat();
    let tz = if zone.is_empty() {
        TimeZone::UTC
    } else {
        gmt_offset(&zone)
            .map(TimeZone::fixed)
            .or_else(|| zone_abbreviation(&zone))?
    };
    let ts = date.to_datetime(time).to_zoned(tz).ok()?.timestamp();
    Some(ts_text(ts))
}

/// `GMT-8`, `GMT+5:30`, `UTC-03:00`, `GMT`, `-0800`.
fn gmt_offset(z: &str) -> Option<Offset> {
    let rest = z
        .strip_prefix("GMT")
        .or_else(|| z.strip_prefix("UTC"))
        .unwrap_or(z);
    if rest.is_empty() {
        return Some(Offset::UTC);
    }
    if let Some(off) = parse_offset(rest) {
        return Some(off);
    }
    let (sign, body) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = body.split_once(':').unwrap_or((body, "0"));
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if m.len() > 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// `14.08.2025` or `14.08.2025 06:23:59 UTC` (day first, as Amazon's European settlement files
/// write it), read as the ISO date it stands for.
fn day_dotted(t: &str) -> Option<String> {
    let (date, rest) = match t.split_once(' ') {
        Some((d, r)) => (d, Some(r.trim())),
        None => (t, None),
    };
    let mut it = date.split('.');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || d.len() > 2
        || m.len() > 2
        || y.len() != 4
        || ![d, m, y]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
    match rest {
        None => Some(format!("{date}T00:00:00Z")),
        Some(r) => iso_like(&format!("{date} {r}")),
    }
}

/// An amount written with a decimal comma and dots between thousands, as Amazon's pt-BR
/// reports write them (`69,97`, `-3.263,25`, `0`): here a dot is never a decimal point.
pub fn amount_decimal_comma(text: &str, currency: Currency) -> Result<i64, String> {
    let t = text.trim();
    let bad = || format!("{t:?} is not an amount (decimal comma expected, such as -3.263,25)");
    let (neg, body) = match t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|g| digits(g))
        || (groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)))
        || frac.is_some_and(|f| !digits(f))
    {
        return Err(bad());
    }
    let mut plain = groups.concat();
    if let Some(f) = frac {
        plain.push('.');
        plain.push_str(f);
    }
    let m = Money::parse_decimal(&plain, currency).map_err(|e| e.to_string())?;
    Ok(if neg { -m.amount_minor } else { m.amount_minor })
}

/// An ISO 3166-1 alpha-2 code for a country cell: a code (`US`, `usa`) or an English name
/// (`United States`, `Austria`). `Err` names the value when it is neither.
pub fn country(text: &str) -> Result<String, String> {
    let t = text.trim();
    // Fast path: an ISO alpha-2 code (Shopify, Amazon).
    if t.len() == 2
        && t.bytes().all(|b| b.is_ascii_alphabetic())
        && let Ok(c) = celes::Country::from_alpha2(t)
    {
        return Ok(c.alpha2.to_string());
    }
    let key: String = t
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if key.is_empty() {
        return Err(format!("{t:?} is not a country"));
    }
    let extra = match key.as_str() {
        "uk" | "gb" => Some("GB"),
        "usa" | "us" | "unitedstatesus" => Some("US"),
        "southkorea" | "korea" | "republicofkorea" => Some("KR"),
        "vietnam" | "vietnamese" => Some("VN"),
        "ivorycoast" | "cotedivoire" | "ctedivoire" => Some("CI"),
        "macedonia" | "northmacedonia" => Some("MK"),
        "bolivia" => Some("BO"),
        "laos" => Some("LA"),
        "moldova" => Some("MD"),
        "tanzania" => Some("TZ"),
        "syria" => Some("SY"),
        "palestine" => Some("PS"),
        "kosovo" => Some("XK"),
        "reunion" | "runion" => Some("RE"),
        "curacao" | "curaao" => Some("CW"),
        "turkiye" | "trkiye" => Some("TR"),
        _ => None,
    };
    if let Some(code) = extra {
        return Ok(code.to_string());
    }
    use std::str::FromStr;
    let found = celes::Country::from_alias(&key)
        .or_else(|_| celes::Country::from_name(&key))
        .or_else(|_| celes::Country::from_str(&key));
    match found {
        Ok(c) => Ok(c.alpha2.to_string()),
        Err(_) => Err(format!("{t:?} is not a country name or ISO code")),
    }
}

/// Splits a line total into lines of whole minor units: `total` over `qty` units gives at most
/// two (quantity, unit price) pairs whose sum is exactly `total`.
pub fn split_total(total: i64, qty: i64) -> Vec<(i64, i64)> {
    if qty <= 0 {
        return vec![(qty.max(0), 0)];
    }
    let unit = total.div_euclid(qty);
    let rem = total.rem_euclid(qty);
    if rem == 0 {
        vec![(qty, unit)]
    } else {
        vec![(qty - rem, unit), (rem, unit + 1)]
    }
}

/// Allocates `total` over `weights` in proportion (largest remainder), summing exactly to
/// `total`. All-zero weights share equally; an empty list gets nothing.
pub fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    if total < 0 {
        // Mirror of the positive case, so that signs never change how cents are rounded.
        return allocate(total.checked_neg().unwrap_or(i64::MAX), weights)
            .into_iter()
            .map(|v| -v)
            .collect();
    }
    let w: Vec<i128> = if weights.iter().all(|w| *w <= 0) {
        vec![1; n]
    } else {
        weights.iter().map(|w| i128::from((*w).max(0))).collect()
    };
    let sum: i128 = w.iter().sum();
    let t = i128::from(total);
    let mut out: Vec<i64> = Vec::with_capacity(n);
    let mut rems: Vec<(i128, usize)> = Vec::with_capacity(n);
    let mut given: i128 = 0;
    for (i, wi) in w.iter().enumerate() {
        let num = t * wi;
        let q = num.div_euclid(sum);
        let r = num.rem_euclid(sum);
        out.push(q as i64);
        given += q;
        rems.push((r, i));
    }
    let mut left = t - given;
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut k = 0;
    while left > 0 {
        out[rems[k % n].1] += 1;
        left -= 1;
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(t: &str) -> i64 {
        amount(t, Currency::USD).unwrap().minor
    }

    #[test]
    fn amounts_in_every_style() {
        assert_eq!(usd("12.5"), 1250);
        assert_eq!(usd("$1,234.56"), 123456);
        assert_eq!(usd("1,708"), 170800);
        assert_eq!(usd("12,99"), 1299);
        assert_eq!(usd("(3.00)"), -300);
        assert_eq!(usd("-$4"), -400);
        assert_eq!(usd("$-4.10"), -410);
        let eur = amount("2.103,33\u{a0}€", Currency::USD).unwrap();
        assert_eq!(
            (eur.minor, eur.currency),
            (210333, Currency::new("EUR").ok())
        );
        let code = amount("EUR 12,00", Currency::USD).unwrap();
        assert_eq!(
            (code.minor, code.currency),
            (1200, Currency::new("EUR").ok())
        );
        let gbp = amount("£1,000", Currency::USD).unwrap();
        assert_eq!(gbp.minor, 100000);
        let cad = amount("C $5.00", Currency::USD).unwrap();
        assert_eq!(cad.currency, Currency::new("CAD").ok());
        assert_eq!(usd("1.234.567"), 123456700);
        assert_eq!(amount("1 234,50", Currency::EUR).unwrap().minor, 123450);
        assert!(amount("12.3.4", Currency::USD).is_err());
        assert!(amount("abc", Currency::USD).is_err());
        assert!(amount("1,23,4", Currency::USD).is_err());
        assert!(amount("", Currency::USD).is_err());
        assert!(amount("1.005", Currency::USD).is_err());
        let inr = Currency::new("INR").unwrap();
        assert_eq!(amount("1299.00", inr).unwrap().minor, 129900);
    }

    #[test]
    fn dates_in_every_style() {
        assert_eq!(
            instant("2025-12-06 10:37:33 -0500", DateStyle::Offset).unwrap(),
            "2025-12-06T15:37:33Z"
        );
        assert_eq!(
            instant("2026-04-10 11:11:26 +0530", DateStyle::Offset).unwrap(),
            "2026-04-10T05:41:26Z"
        );
        assert_eq!(
            instant("2025-09-20T09:15:00+00:00", DateStyle::Iso).unwrap(),
            "2025-09-20T09:15:00Z"
        );
        assert_eq!(
            instant("2025-09-20T09:15:00-07:00", DateStyle::Iso).unwrap(),
            "2025-09-20T16:15:00Z"
        );
        assert_eq!(
            instant("2019-03-14 10:13:43 PDT", DateStyle::Iso).unwrap(),
            "2019-03-14T17:13:43Z"
        );
        assert_eq!(
            instant("09/05/25", DateStyle::UsSlash).unwrap(),
            "2025-09-05T00:00:00Z"
        );
        assert_eq!(
            instant("09/05/2025", DateStyle::UsSlash).unwrap(),
            "2025-09-05T00:00:00Z"
        );
        assert_eq!(
            instant("Sep-30-26", DateStyle::MonDashDay).unwrap(),
            "2026-09-30T00:00:00Z"
        );
        assert_eq!(
            instant("Sep-30-2026 14:05:09", DateStyle::MonDashDay).unwrap(),
            "2026-09-30T14:05:09Z"
        );
        assert!(instant("13/05/25", DateStyle::UsSlash).is_err());
        assert!(instant("2025-02-30 10:00:00 -0500", DateStyle::Offset).is_err());
        assert!(instant("yesterday", DateStyle::Iso).is_err());
        assert!(instant("Foo-30-26", DateStyle::MonDashDay).is_err());
    }

    #[test]
    fn spelled_and_settlement_dates() {
        let sp = |t: &str| instant(t, DateStyle::Spelled);
        assert_eq!(
            sp("28 de fev. de 2026 21:17:51 GMT-8").unwrap(),
            "2026-03-01T05:17:51Z"
        );
        assert_eq!(
            sp("8 de mar. de 2026 07:19:19 GMT-7").unwrap(),
            "2026-03-08T14:19:19Z"
        );
        assert_eq!(
            sp("Dec 1, 2017 12:38:23 AM PST").unwrap(),
            "2017-12-01T08:38:23Z"
        );
        assert_eq!(
            sp("Jul 4, 2025 1:05:00 PM PDT").unwrap(),
            "2025-07-04T20:05:00Z"
        );
        assert_eq!(
            sp("1 Mar 2026 00:15:19 UTC").unwrap(),
            "2026-03-01T00:15:19Z"
        );
        assert_eq!(sp("Mar 5, 2026").unwrap(), "2026-03-05T00:00:00Z");
        assert_eq!(
            sp("5 de set. de 2025 10:00:00 GMT+5:30").unwrap(),
            "2025-09-05T04:30:00Z"
        );
        assert!(sp("31 de fev. de 2026 21:17:51 GMT-8").is_err());
        assert!(sp("28 de foo. de 2026 21:17:51 GMT-8").is_err());
        assert!(sp("Dec 1, 2017 13:38:23 PM PST").is_err());
        assert!(sp("28 de fev. de 2026 21:17:51 XYZ").is_err());
        let st = |t: &str| instant(t, DateStyle::Settlement);
        assert_eq!(
            st("2025-08-14T06:23:59+00:00").unwrap(),
            "2025-08-14T06:23:59Z"
        );
        assert_eq!(
            st("14.08.2025 06:23:59 UTC").unwrap(),
            "2025-08-14T06:23:59Z"
        );
        assert_eq!(st("14.08.2025").unwrap(), "2025-08-14T00:00:00Z");
        assert!(st("32.08.2025").is_err());
    }

    #[test]
    fn decimal_comma_amounts() {
        let brl = Currency::new("BRL").unwrap();
        let a = |t: &str| amount_decimal_comma(t, brl);
        assert_eq!(a("69,97"), Ok(6997));
        assert_eq!(a("-3.263,25"), Ok(-326325));
        assert_eq!(a("0"), Ok(0));
        assert_eq!(a("-0,21"), Ok(-21));
        assert_eq!(a("1.076"), Ok(107600));
        assert_eq!(a("12.345.678,9"), Ok(1234567890));
        assert!(a("1,234.56").is_err());
        assert!(a("12.34").is_err());
        assert!(a("1,234").is_err());
        assert!(a("abc").is_err());
        assert!(a("").is_err());
        assert!(a("-").is_err());
    }

    #[test]
    fn countries_by_name_and_code() {
        assert_eq!(country("United States").unwrap(), "US");
        assert_eq!(country("Austria").unwrap(), "AT");
        assert_eq!(country("United Kingdom").unwrap(), "GB");
        assert_eq!(country("IN").unwrap(), "IN");
        assert_eq!(country("Germany").unwrap(), "DE");
        assert_eq!(country("Canada").unwrap(), "CA");
        assert_eq!(country("Australia").unwrap(), "AU");
        assert_eq!(country("France").unwrap(), "FR");
        assert_eq!(country("Japan").unwrap(), "JP");
        assert_eq!(country("Netherlands").unwrap(), "NL");
        assert!(country("Narnia").is_err());
    }

    #[test]
    fn splits_and_allocations_are_exact() {
        assert_eq!(split_total(1000, 3), vec![(2, 333), (1, 334)]);
        assert_eq!(split_total(900, 3), vec![(3, 300)]);
        assert_eq!(allocate(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(allocate(0, &[5, 7]), vec![0, 0]);
        assert_eq!(allocate(10, &[0, 0]), vec![5, 5]);
        assert_eq!(allocate(-10, &[1, 3]), vec![-3, -7]);
    }

    #[test]
    fn month_name_dates() {
        let day = |t: &str| instant(t, DateStyle::MonthName);
        assert_eq!(day("October 31, 2025").unwrap(), "2025-10-31T00:00:00Z");
        assert_eq!(day("July 3, 2025").unwrap(), "2025-07-03T00:00:00Z");
        assert_eq!(day("Oct 5, 2025").unwrap(), "2025-10-05T00:00:00Z");
        assert_eq!(day("Sept 5, 2025").unwrap(), "2025-09-05T00:00:00Z");
        assert_eq!(day("30-Apr-25").unwrap(), "2025-04-30T00:00:00Z");
        assert_eq!(day("30-Apr-2025").unwrap(), "2025-04-30T00:00:00Z");
        assert_eq!(day("31 July, 2026").unwrap(), "2026-07-31T00:00:00Z");
        assert_eq!(day("31 Jul 2025").unwrap(), "2025-07-31T00:00:00Z");
        assert!(day("31-Foo-25").is_err());
        assert!(day("February 30, 2025").is_err());
        assert!(day("2025-10-31").is_err());
        assert!(day("Ju 3, 2025").is_err());
        assert!(day("October 31").is_err());
        assert!(day("").is_err());
    }

    proptest! {
        #[test]
        fn month_name_garbage_never_panics(s in "\\PC{0,24}") {
            let _ = instant(&s, DateStyle::MonthName);
        }

        #[test]
        fn month_name_days_round_trip(days in 0i32..36_000) {
            let d = Date::constant(2000, 1, 1).checked_add(jiff::Span::new().days(i64::from(days))).unwrap();
            let long = d.strftime("%B %-d, %Y").to_string();
            prop_assert_eq!(instant(&long, DateStyle::MonthName).unwrap(), format!("{d}T00:00:00Z"));
            let short = d.strftime("%d-%b-%y").to_string();
            if d.year() < 2100 {
                prop_assert_eq!(instant(&short, DateStyle::MonthName).unwrap(), format!("{d}T00:00:00Z"));
            }
        }
    }

    proptest! {
        #[test]
        fn us_style_round_trips(minor in -1_000_000_000_000i64..1_000_000_000_000i64) {
            let m = Money::new(minor, Currency::USD);
            // $1,234,567.89 with sign in front
            let shown = m.display();
            prop_assert_eq!(amount(&shown, Currency::EUR).unwrap().minor, minor);
            prop_assert_eq!(amount(&m.decimal_string(), Currency::USD).unwrap().minor, minor);
        }

        #[test]
        fn european_style_round_trips(minor in 0i64..1_000_000_000_000i64) {
            let plain = Money::new(minor, Currency::EUR).display(); // €1,234.56
            let eu = plain.trim_start_matches('€').replace(',', "_").replace('.', ",").replace('_', ".");
            let text = format!("{eu}\u{a0}€");
            let a = amount(&text, Currency::USD).unwrap();
            prop_assert_eq!(a.minor, minor);
            prop_assert_eq!(a.currency, Some(Currency::EUR));
        }

        #[test]
        fn garbage_never_panics(s in "\\PC{0,24}") {
            let _ = amount(&s, Currency::USD);
            let _ = count(&s);
            let _ = percent_bp(&s);
            let _ = country(&s);
            let _ = amount_decimal_comma(&s, Currency::USD);
            for style in [DateStyle::Offset, DateStyle::UsSlash, DateStyle::Iso, DateStyle::MonDashDay, DateStyle::Spelled, DateStyle::Settlement] {
                let _ = instant(&s, style);
            }
        }

        #[test]
        fn offset_dates_match_jiff(secs in 0i64..4_000_000_000i64, off_min in -720i32..840i32) {
            let ts = Timestamp::from_second(secs).unwrap();
            let off = Offset::from_seconds(off_min * 60).unwrap();
            let local = ts.to_zoned(TimeZone::fixed(off));
            let sign = if off_min < 0 { '-' } else { '+' };
            let text = format!("{} {}{:02}{:02}", local.strftime("%Y-%m-%d %H:%M:%S"), sign, off_min.abs() / 60, off_min.abs() % 60);
            prop_assert_eq!(instant(&text, DateStyle::Offset).unwrap(), crate::time::rfc3339(ts));
        }

        #[test]
        fn us_slash_dates_are_calendar_days(days in 0i32..36_000) {
            let d = Date::constant(2000, 1, 1).checked_add(jiff::Span::new().days(i64::from(days))).unwrap();
            let long = format!("{:02}/{:02}/{:04}", d.month(), d.day(), d.year());
            prop_assert_eq!(instant(&long, DateStyle::UsSlash).unwrap(), format!("{d}T00:00:00Z"));
            if d.year() < 2100 {
                let short = format!("{:02}/{:02}/{:02}", d.month(), d.day(), d.year() % 100);
                prop_assert_eq!(instant(&short, DateStyle::UsSlash).unwrap(), format!("{d}T00:00:00Z"));
            }
        }

        #[test]
        fn allocation_sums_exactly(total in -1_000_000i64..1_000_000, w in proptest::collection::vec(0i64..10_000, 1..20)) {
            let a = allocate(total, &w);
            prop_assert_eq!(a.iter().sum::<i64>(), total);
        }

        #[test]
        fn split_sums_exactly(total in 0i64..10_000_000, qty in 1i64..500) {
            let parts = split_total(total, qty);
            prop_assert_eq!(parts.iter().map(|(q, u)| q * u).sum::<i64>(), total);
            prop_assert_eq!(parts.iter().map(|(q, _)| q).sum::<i64>(), qty);
        }
    }
}
