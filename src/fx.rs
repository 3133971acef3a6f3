//! Foreign exchange: the ECB's euro reference rates, read from the files the ECB publishes,
//! kept in `fx_rates`, and exact conversions of minor units between currencies.
//!
//! - Files: `eurofxref-hist.csv` (`Date,USD,JPY,...,` newest first, a trailing comma on every
//!   line, `N/A` where a currency has no rate), the zip it comes in, and the eurofxref XML
//!   (`<Cube time="YYYY-MM-DD"><Cube currency="USD" rate="1.0934"/>...`, daily or history). A bad
//!   cell is an error naming `file:line:column`; `N/A` and empty cells are no rate. A rate is
//!   kept as the decimal text the ECB published.
//! - [`import`] upserts the rates (source `ecb`) in one transaction.
//! - [`Rates`] holds the stored rates in memory (one query) and converts without SQL: the rate
//!   of a day is the one of the latest published day on or before it, at most
//!   [`MAX_CARRY_DAYS`] back (weekends and TARGET holidays have no rates); a cross rate is the
//!   quotient of both currencies' rates of one published day (USD→GBP = GBP/USD), EUR is 1.
//! - A marketplace's own rate (units of the target per unit of the source, as eBay's
//!   `exchangeRate` or Etsy's "Exchange Rate" give it) converts through [`convert_at_rate`], so
//!   a figure says which basis it used ([`Basis`]).
//!
//! Arithmetic is exact: a rate is an integer mantissa and a power of ten, a conversion one i128
//! quotient over the currencies' minor-unit exponents, rounded once, half away from zero (as
//! [`crate::money::apply_bp`] rounds fees). No floating point anywhere.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::time::Duration;

use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::store::Store;

/// The `source` of the ECB's rates in `fx_rates`.
pub const ECB: &str = "ecb";

/// How many days before the asked day a published rate still counts. TARGET closures are at
/// most four days (Good Friday to Easter Monday); ten covers them with room, and a rate older
/// than that is no rate (a stale table, not a holiday).
pub const MAX_CARRY_DAYS: i64 = 10;

/// Decimal places of a rate that is not exact as a decimal (a cross rate, or 1 / a published
/// rate) when shown as text. The conversion itself uses the exact quotient.
pub const RATE_PLACES: u32 = 10;

/// The most significant digits, and the most decimals, a rate may have: a mantissa and a power
/// of ten each stay below 10^18, so the product of two fits in i128.
const MAX_DIGITS: usize = 18;

/// The largest file or download read (the full history is about 2 MB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Decimal

/// An exact positive decimal as published: `mantissa / 10^scale` (`1.0934` is 10934 / 10^4).
/// Its text is the published text: [`Decimal::parse`] accepts only the plain form (digits, an
/// optional point and digits, no sign, no leading zeros), whose `Display` gives it back.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u64,
    scale: u32,
}

impl Decimal {
    pub const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };

    /// `1.0934`, `186.75`, `0.87058`, `13168`: a positive decimal in plain form. `None` for
    /// anything else (a sign, an exponent, a comma, `01.5`, `.5`, `5.`, zero, more than 18
    /// digits).
    pub fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || frac.is_some_and(|f| !digits(f)) {
            return None;
        }
        if int.len() > 1 && int.starts_with('0') {
            return None;
        }
        let frac = frac.unwrap_or("");
        if frac.len() > MAX_DIGITS {
            return None;
        }
        // Without allocating: the digits of both parts, leading zeros skipped.
        let mut mantissa: u64 = 0;
        let mut significant = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if significant == 0 && b == b'0' {
                continue;
            }
            significant += 1;
            if significant > MAX_DIGITS {
                return None;
            }
            mantissa = mantissa * 10 + u64::from(b - b'0');
        }
        (mantissa > 0).then_some(Decimal {
            mantissa,
            scale: frac.len() as u32,
        })
    }

    pub fn mantissa(&self) -> u64 {
        self.mantissa
    }

    pub fn scale(&self) -> u32 {
        self.scale
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let digits = format!(
            "{:0>width$}",
            self.mantissa,
            width = self.scale as usize + 1
        );
        let (int, frac) = digits.split_at(digits.len() - self.scale as usize);
        write!(f, "{int}.{frac}")
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn pow10(n: u32) -> i128 {
    10i128.pow(n)
}

/// `n / d` rounded half away from zero; `d > 0`.
fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d { q + n.signum() } else { q }
}

/// `n / d` as text with `places` decimals, rounded half away from zero; `n >= 0`, `d > 0`.
/// Long division, so that nothing exceeds `10·d` whatever the size of `n / d`.
pub fn decimal_text(n: i128, d: i128, places: u32) -> String {
    let mut int = n / d;
    let mut rem = n % d;
    let mut digits: Vec<u8> = Vec::with_capacity(places as usize);
    for _ in 0..places {
        rem *= 10;
        digits.push((rem / d) as u8);
        rem %= d;
    }
    if rem * 2 >= d {
        // Carry the rounding up through the digits (0.9999 -> 1.000).
        let mut carried = true;
        for digit in digits.iter_mut().rev() {
            if *digit == 9 {
                *digit = 0;
            } else {
                *digit += 1;
                carried = false;
                break;
            }
        }
        if carried {
            int += 1;
        }
    }
    let frac: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    if places == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

// ---------------------------------------------------------------------------------------------
// Files

/// What a file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// `eurofxref-hist.csv`.
    Csv,
    /// The eurofxref XML (daily, 90 days or history).
    Xml,
    /// A zip holding the CSV (or XML), as the ECB publishes `eurofxref-hist.zip`.
    Zip,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xml => "xml",
            FileFormat::Zip => "zip",
        }
    }
}

/// One published rate: units of `currency` per 1 EUR on `day`, as the text published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRow {
    pub day: Date,
    pub currency: Currency,
    pub per_eur: String,
}

/// A parsed file: its rates, in the file's order.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub format: FileFormat,
    /// The dated rows or `<Cube time>` elements, whether or not they had any rate.
    pub days: usize,
    pub rows: Vec<RateRow>,
}

/// Parses a file of ECB rates, its format told by its content: a zip (`PK`), XML (`<`) or the
/// CSV. `name` is the file's name in error messages (`name:line:column: ...`). Errors are
/// [`Error::Input`] (exit 5).
pub fn parse(name: &str, bytes: &[u8]) -> Result<Sheet> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let (member, inner) = unzip(name, bytes)?;
        let inner_name = format!("{name}!{member}");
        let mut sheet = parse_text(&inner_name, &inner)?;
        sheet.format = FileFormat::Zip;
        return Ok(sheet);
    }
    parse_text(name, bytes)
}

fn parse_text(name: &str, bytes: &[u8]) -> Result<Sheet> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::input(format!(
            "{name}: not UTF-8 text (byte {}); expected the ECB's eurofxref CSV or XML",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('<') {
        parse_xml(name, text)
    } else {
        parse_csv(name, text)
    }
}

fn cell_error(name: &str, line: usize, col: usize, what: impl fmt::Display) -> Error {
    Error::input(format!("{name}:{line}:{col}: {what}"))
}

/// A `YYYY-MM-DD` date, exactly.
fn parse_day(text: &str) -> Option<Date> {
    if text.len() != 10 {
        return None;
    }
    crate::time::date_prefix(text)
}

/// What a rate cell says: a rate, or none (`N/A`, empty).
fn rate_cell(text: &str) -> std::result::Result<Option<&str>, ()> {
    if text.is_empty() || text == "N/A" {
        return Ok(None);
    }
    match Decimal::parse(text) {
        Some(_) => Ok(Some(text)),
        None => Err(()),
    }
}

const NOT_A_RATE: &str = "is not a rate (a positive decimal such as 1.0934, N/A or empty)";

/// `eurofxref-hist.csv`: a `Date,USD,JPY,...` header, then one row per published day. The
/// trailing comma of every line makes an empty last column, which must stay empty. Rows may
/// come in any order (the ECB's is newest first); a day may appear once.
pub fn parse_csv(name: &str, text: &str) -> Result<Sheet> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split('\n').enumerate();
    let Some((_, header)) = lines.next() else {
        return Err(Error::input(format!("{name}: empty file")));
    };
    let header = header.strip_suffix('\r').unwrap_or(header);
    let cells: Vec<(usize, &str)> = split_cells(header);
    let first = cells.first().map_or("", |c| c.1);
    if !first.eq_ignore_ascii_case("date") {
        return Err(cell_error(
            name,
            1,
            1,
            format!(
                "expected the ECB header \"Date,USD,JPY,...\" (eurofxref-hist.csv), found {:?}",
                crate::output::sanitize::one_line(&header.chars().take(60).collect::<String>())
            ),
        ));
    }
    // The currency of each column after the date; `None` for the empty trailing column.
    let mut columns: Vec<Option<Currency>> = Vec::with_capacity(cells.len());
    let mut seen = BTreeSet::new();
    for (i, &(col, cell)) in cells.iter().enumerate().skip(1) {
        if cell.is_empty() && i == cells.len() - 1 {
            columns.push(None);
            continue;
        }
        let c = Currency::new(cell)
            .ok()
            .filter(|_| cell.bytes().all(|b| b.is_ascii_uppercase()))
            .ok_or_else(|| {
                cell_error(
                    name,
                    1,
                    col,
                    format!("{cell:?} is not a currency code (three capitals such as USD)"),
                )
            })?;
        if c == Currency::EUR {
            return Err(cell_error(
                name,
                1,
                col,
                "EUR cannot be a column: the rates are per 1 EUR",
            ));
        }
        if !seen.insert(c) {
            return Err(cell_error(name, 1, col, format!("{c} appears twice")));
        }
        columns.push(Some(c));
    }
    if seen.is_empty() {
        return Err(cell_error(name, 1, 1, "the header names no currency"));
    }
    let mut rows = Vec::new();
    let mut days: HashMap<Date, usize> = HashMap::new();
    for (i, raw) in lines {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let cells = split_cells(line);
        let (_, date_text) = cells[0];
        let day = parse_day(date_text).ok_or_else(|| {
            cell_error(
                name,
                line_no,
                1,
                format!("{date_text:?} is not a date (YYYY-MM-DD)"),
            )
        })?;
        if let Some(before) = days.insert(day, line_no) {
            return Err(cell_error(
                name,
                line_no,
                1,
                format!("{day} appears twice (also on line {before})"),
            ));
        }
        for (&(col, cell), currency) in cells[1..].iter().zip(&columns) {
            match currency {
                None if cell.is_empty() => {}
                None => {
                    return Err(cell_error(
                        name,
                        line_no,
                        col,
                        format!("{cell:?} is in the column without a currency"),
                    ));
                }
                Some(c) => match rate_cell(cell) {
                    Ok(None) => {}
                    Ok(Some(text)) => rows.push(RateRow {
                        day,
                        currency: *c,
                        per_eur: text.to_string(),
                    }),
                    Err(()) => {
                        return Err(cell_error(
                            name,
                            line_no,
                            col,
                            format!("{c} {:?} {NOT_A_RATE}", one_cell(cell)),
                        ));
                    }
                },
            }
        }
        // Checked after the cells, so that a decimal comma is named as the bad rate it is.
        if cells.len() != columns.len() + 1 {
            let col = cells
                .get(columns.len() + 1)
                .map_or(line.chars().count() + 1, |c| c.0);
            return Err(cell_error(
                name,
                line_no,
                col,
                format!(
                    "{} cells where the header has {}",
                    cells.len(),
                    columns.len() + 1
                ),
            ));
        }
    }
    if days.is_empty() {
        return Err(Error::input(format!("{name}: no data rows")));
    }
    Ok(Sheet {
        format: FileFormat::Csv,
        days: days.len(),
        rows,
    })
}

fn one_cell(cell: &str) -> String {
    crate::output::sanitize::one_line(&cell.chars().take(40).collect::<String>())
}

/// The comma-separated cells of a line, trimmed, each with its 1-based character column.
fn split_cells(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut col = 1;
    for cell in line.split(',') {
        let lead = cell.len() - cell.trim_start().len();
        out.push((col + cell[..lead].chars().count(), cell.trim()));
        col += cell.chars().count() + 1;
    }
    out
}

/// The eurofxref XML: every `<Cube time="YYYY-MM-DD">` with its `<Cube currency="USD"
/// rate="1.0934"/>` children. Anything else in a dated Cube, a bad date, code or rate, a day
/// or a currency of a day given twice, is an error at its line and column.
pub fn parse_xml(name: &str, text: &str) -> Result<Sheet> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        cell_error(
            name,
            pos.row as usize,
            pos.col as usize,
            format!("not XML: {e}"),
        )
    })?;
    let at = |pos: usize, what: String| {
        let p = doc.text_pos_at(pos);
        cell_error(name, p.row as usize, p.col as usize, what)
    };
    let mut rows = Vec::new();
    let mut days: HashMap<Date, usize> = HashMap::new();
    for cube in doc.descendants().filter(|n| n.has_tag_name("Cube")) {
        if cube.attribute("currency").is_some() || cube.attribute("rate").is_some() {
            let dated = cube
                .parent_element()
                .is_some_and(|p| p.has_tag_name("Cube") && p.attribute("time").is_some());
            if !dated {
                return Err(at(
                    cube.range().start,
                    "a rate outside a <Cube time=\"YYYY-MM-DD\"> element".into(),
                ));
            }
            continue;
        }
        let Some(time) = cube.attribute_node("time") else {
            continue;
        };
        let day = parse_day(time.value()).ok_or_else(|| {
            at(
                time.range_value().start,
                format!(
                    "time {:?} is not a date (YYYY-MM-DD)",
                    one_cell(time.value())
                ),
            )
        })?;
        let line = doc.text_pos_at(cube.range().start).row as usize;
        if let Some(before) = days.insert(day, line) {
            return Err(at(
                time.range_value().start,
                format!("{day} appears twice (also on line {before})"),
            ));
        }
        let mut seen = BTreeSet::new();
        for child in cube.children() {
            if child.is_text() && child.text().is_some_and(|t| t.trim().is_empty())
                || child.is_comment()
            {
                continue;
            }
            if !child.has_tag_name("Cube") {
                return Err(at(
                    child.range().start,
                    format!(
                        "unexpected {} in the Cube of {day} (expected <Cube currency=\"USD\" rate=\"1.0934\"/>)",
                        if child.is_element() {
                            "element"
                        } else {
                            "text"
                        }
                    ),
                ));
            }
            let attr = |key: &str| {
                child.attribute_node(key).ok_or_else(|| {
                    at(
                        child.range().start,
                        format!("a Cube of {day} without a {key} attribute"),
                    )
                })
            };
            let (code, rate) = (attr("currency")?, attr("rate")?);
            let currency = Currency::new(code.value())
                .ok()
                .filter(|c| c.code() == code.value() && *c != Currency::EUR)
                .ok_or_else(|| {
                    at(
                        code.range_value().start,
                        format!(
                            "currency {:?} is not a currency code (three capitals such as USD, not EUR)",
                            one_cell(code.value())
                        ),
                    )
                })?;
            if !seen.insert(currency) {
                return Err(at(
                    code.range_value().start,
                    format!("{currency} appears twice on {day}"),
                ));
            }
            match rate_cell(rate.value()) {
                Ok(None) => {}
                Ok(Some(text)) => rows.push(RateRow {
                    day,
                    currency,
                    per_eur: text.to_string(),
                }),
                Err(()) => {
                    return Err(at(
                        rate.range_value().start,
                        format!("{currency} {:?} {NOT_A_RATE}", one_cell(rate.value())),
                    ));
                }
            }
        }
    }
    if days.is_empty() {
        return Err(Error::input(format!(
            "{name}: no <Cube time=\"YYYY-MM-DD\"> element; expected the ECB's eurofxref XML"
        )));
    }
    Ok(Sheet {
        format: FileFormat::Xml,
        days: days.len(),
        rows,
    })
}

fn le16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The one CSV (or XML) member of a zip, as the ECB ships `eurofxref-hist.zip`: stored or
/// deflated, its size and CRC-32 checked. Zip64, encryption and other methods are refused.
fn unzip(name: &str, bytes: &[u8]) -> Result<(String, Vec<u8>)> {
    let bad = |what: &str| Error::input(format!("{name}: {what}"));
    let damaged = || bad("not a readable zip file (no central directory)");
    // The end-of-central-directory record: the last `PK\5\6` within its 64 KiB comment reach.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(damaged)?;
    let entries = le16(bytes, eocd + 10).ok_or_else(damaged)?;
    let mut at = le32(bytes, eocd + 16).ok_or_else(damaged)? as usize;
    let mut members = Vec::new();
    for _ in 0..entries {
        if le32(bytes, at) != Some(0x0201_4b50) {
            return Err(damaged());
        }
        let field = |off: usize| le16(bytes, at + off).ok_or_else(damaged);
        let flags = field(8)?;
        let method = field(10)?;
        let crc = le32(bytes, at + 16).ok_or_else(damaged)?;
        let packed = le32(bytes, at + 20).ok_or_else(damaged)?;
        let size = le32(bytes, at + 24).ok_or_else(damaged)?;
        let (n, e, c) = (field(28)?, field(30)?, field(32)?);
        let local = le32(bytes, at + 42).ok_or_else(damaged)? as usize;
        let member = bytes.get(at + 46..at + 46 + n).ok_or_else(damaged)?;
        let member = String::from_utf8_lossy(member).into_owned();
        at += 46 + n + e + c;
        if member.ends_with('/') {
            continue;
        }
        members.push((member, flags, method, crc, packed, size, local));
    }
    let wanted: Vec<_> = members
        .iter()
        .filter(|m| {
            let lower = m.0.to_ascii_lowercase();
            lower.ends_with(".csv") || lower.ends_with(".xml")
        })
        .collect();
    let (member, flags, method, crc, packed, size, local) = match wanted.as_slice() {
        [one] => (*one).clone(),
        [] => return Err(bad("the zip holds no .csv or .xml file")),
        _ => {
            return Err(bad(&format!(
                "the zip holds {} .csv/.xml files; extract the one to import",
                wanted.len()
            )));
        }
    };
    if flags & 1 != 0 {
        return Err(bad(&format!("{member} is encrypted")));
    }
    if packed == u32::MAX || size == u32::MAX {
        return Err(bad(&format!("{member} is a zip64 entry; extract it first")));
    }
    if u64::from(size) > MAX_BYTES {
        return Err(bad(&format!("{member} is larger than {MAX_BYTES} bytes")));
    }
    if le32(bytes, local) != Some(0x0403_4b50) {
        return Err(damaged());
    }
    let start = local + 30 + le16(bytes, local + 26).ok_or_else(damaged)?;
    let start = start + le16(bytes, local + 28).ok_or_else(damaged)?;
    let data = bytes
        .get(start..start + packed as usize)
        .ok_or_else(|| bad(&format!("{member} is cut short")))?;
    let out = match method {
        0 => data.to_vec(),
        8 => {
            use std::io::Read;
            let mut out = Vec::with_capacity(size as usize);
            flate2::read::DeflateDecoder::new(data)
                .take(u64::from(size) + 1)
                .read_to_end(&mut out)
                .map_err(|e| bad(&format!("{member}: cannot inflate: {e}")))?;
            out
        }
        m => {
            return Err(bad(&format!(
                "{member} uses compression method {m}; only stored and deflate are read"
            )));
        }
    };
    let mut check = flate2::Crc::new();
    check.update(&out);
    if out.len() != size as usize || check.sum() != crc {
        return Err(bad(&format!(
            "{member} is damaged (its size or CRC-32 does not match)"
        )));
    }
    Ok((member, out))
}

// ---------------------------------------------------------------------------------------------
// Store

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Days with at least one rate.
    pub days: usize,
    /// The currencies with at least one rate, sorted.
    pub currencies: Vec<Currency>,
    /// Rates in the file (each stored or already stored).
    pub rows: usize,
    /// Rates that were not stored before.
    pub new: usize,
    /// Stored rates whose text the file changed.
    pub changed: usize,
    pub first_day: Option<Date>,
    pub last_day: Option<Date>,
}

/// Upserts `rows` into `fx_rates` as source `ecb`, in one transaction: all of them or none.
pub fn import(store: &mut Store, rows: &[RateRow]) -> Result<Imported> {
    let count = |c: &Connection| -> Result<usize> {
        let n: i64 = c.query_row(
            "SELECT count(*) FROM fx_rates WHERE source = ?1",
            [ECB],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    };
    let (touched, before, after) = store.write(|tx| {
        let before = count(tx)?;
        let mut st = tx.prepare_cached(
            "INSERT INTO fx_rates (day, currency, per_eur, source) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (source, currency, day) DO UPDATE SET per_eur = excluded.per_eur
             WHERE per_eur <> excluded.per_eur",
        )?;
        let mut touched = 0;
        let mut day = String::with_capacity(10);
        for r in rows {
            use std::fmt::Write;
            day.clear();
            let _ = write!(day, "{}", r.day);
            touched += st.execute(rusqlite::params![day, r.currency.code(), r.per_eur, ECB])?;
        }
        drop(st);
        Ok((touched, before, count(tx)?))
    })?;
    let new = after - before;
    let days: BTreeSet<Date> = rows.iter().map(|r| r.day).collect();
    let currencies: BTreeSet<Currency> = rows.iter().map(|r| r.currency).collect();
    Ok(Imported {
        days: days.len(),
        currencies: currencies.into_iter().collect(),
        rows: rows.len(),
        new,
        changed: touched - new,
        first_day: days.first().copied(),
        last_day: days.last().copied(),
    })
}

// ---------------------------------------------------------------------------------------------
// Conversion

/// Where a converted figure's rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// No conversion: the figure was in the target currency already.
    SameCurrency,
    /// The ECB reference rates (an estimate of what the money was worth).
    Ecb,
    /// The marketplace's own rate, the one that moved the money.
    MarketplaceRate,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::SameCurrency => "same_currency",
            Basis::Ecb => "ecb",
            Basis::MarketplaceRate => "marketplace_rate",
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a figure stays unconverted: shown as such in a report, never guessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unconverted {
    /// No published rate of `currency` on `day` or in the [`MAX_CARRY_DAYS`] before it.
    #[error("no ECB rate for {currency} on {day} or in the {MAX_CARRY_DAYS} days before{}", latest_note(.latest))]
    NoRate {
        currency: Currency,
        day: Date,
        /// The newest rate of that currency before the window, among those loaded.
        latest: Option<Date>,
    },
    /// A marketplace rate that is not a positive decimal.
    #[error("the marketplace rate {0:?} is not a positive decimal")]
    BadRate(String),
    /// The converted amount does not fit in i64 minor units.
    #[error("{0} converted to {1} is too large")]
    Overflow(Money, Currency),
}

fn latest_note(latest: &Option<Date>) -> String {
    match latest {
        Some(d) => format!(" (the latest stored is {d})"),
        None => String::new(),
    }
}

impl From<Unconverted> for Error {
    /// A missing rate is missing data the user can fetch (exit 3, with the fix); a bad
    /// marketplace rate is bad input (exit 5).
    fn from(e: Unconverted) -> Error {
        match e {
            Unconverted::NoRate { .. } => Error::config(format!(
                "{e}; fetch the rates with `sellkit fx fetch` (today's) or `sellkit fx fetch --history`, or import eurofxref-hist.csv with `sellkit fx import FILE`"
            )),
            Unconverted::BadRate(_) | Unconverted::Overflow(..) => Error::input(e.to_string()),
        }
    }
}

/// A rate, `to` per 1 `from` in major units, exact: a fraction of integers, and the decimal it
/// is when it was published or given as one. `Display` shows that decimal, else the quotient to
/// [`RATE_PLACES`] decimals rounded half away from zero. Copy, so a converted figure carries
/// its rate without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    num: i128,
    den: i128,
    exact: Option<Decimal>,
}

impl Rate {
    fn decimal(d: Decimal) -> Rate {
        Rate {
            num: i128::from(d.mantissa),
            den: pow10(d.scale),
            exact: Some(d),
        }
    }

    /// `to / from` of two rates per EUR: `(mt / 10^st) / (mf / 10^sf)`, the powers of ten
    /// cancelled (no gcd loop: a P&L quotes thousands of days).
    fn cross(from: Decimal, to: Decimal) -> Rate {
        let (mut num, mut den) = (i128::from(to.mantissa), i128::from(from.mantissa));
        if from.scale >= to.scale {
            num *= pow10(from.scale - to.scale);
        } else {
            den *= pow10(to.scale - from.scale);
        }
        Rate {
            num,
            den,
            exact: None,
        }
    }

    /// Whether the text is the exact rate (published or given), not a rounded quotient.
    pub fn is_exact(&self) -> bool {
        self.exact.is_some()
    }

    /// The exact rate as `(numerator, denominator)`, both positive (not necessarily reduced).
    pub fn ratio_parts(&self) -> (i128, i128) {
        (self.num, self.den)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.exact {
            Some(d) => fmt::Display::fmt(&d, f),
            None => f.write_str(&decimal_text(self.num, self.den, RATE_PLACES)),
        }
    }
}

/// The rate from one currency to another on a day, and what it rests on. Quote once per
/// currency and day, then [`Quote::apply`] to every amount of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub from: Currency,
    pub to: Currency,
    /// The day asked about.
    pub on: Date,
    /// The published day of the rate used (`on` itself for the same currency and for a
    /// marketplace rate).
    pub day: Date,
    pub basis: Basis,
    /// The published legs (ECB basis): units of `from` and of `to` per 1 EUR; `None` for EUR
    /// and for other bases.
    pub from_per_eur: Option<Decimal>,
    pub to_per_eur: Option<Decimal>,
    /// `to` per 1 `from`.
    pub rate: Rate,
}

impl Quote {
    fn new(from: Currency, to: Currency, on: Date, day: Date, basis: Basis, rate: Rate) -> Quote {
        Quote {
            from,
            to,
            on,
            day,
            basis,
            from_per_eur: None,
            to_per_eur: None,
            rate,
        }
    }

    fn same(currency: Currency, on: Date) -> Quote {
        Quote::new(
            currency,
            currency,
            on,
            on,
            Basis::SameCurrency,
            Rate::decimal(Decimal::ONE),
        )
    }

    /// The rate as text ([`Rate`]'s `Display`): exactly as published (EUR to a currency), as
    /// given (a marketplace rate), `1` for the same currency, else the quotient to
    /// [`RATE_PLACES`] decimals, rounded half away from zero.
    pub fn rate_text(&self) -> String {
        self.rate.to_string()
    }

    /// Whether [`Quote::rate_text`] is the exact rate (not a rounded quotient).
    pub fn rate_is_exact(&self) -> bool {
        self.rate.is_exact()
    }

    /// Days between the day asked and the published day used (2 on a Sunday for Friday's rate).
    pub fn carried_days(&self) -> i64 {
        i64::from((self.on - self.day).get_days())
    }

    /// `amount_minor` of `from` in minor units of `to`: `amount × rate × 10^(to's digits − from's
    /// digits)`, one i128 quotient rounded once, half away from zero.
    pub fn apply(&self, amount_minor: i64) -> std::result::Result<Converted, Unconverted> {
        let overflow = || Unconverted::Overflow(Money::new(amount_minor, self.from), self.to);
        let (df, dt) = (self.from.minor_digits(), self.to.minor_digits());
        let mut num = i128::from(amount_minor)
            .checked_mul(self.rate.num)
            .ok_or_else(overflow)?;
        let mut den = self.rate.den;
        if dt >= df {
            num = num.checked_mul(pow10(dt - df)).ok_or_else(overflow)?;
        } else {
            den = den.checked_mul(pow10(df - dt)).ok_or_else(overflow)?;
        }
        let minor = i64::try_from(div_round(num, den)).map_err(|_| overflow())?;
        Ok(Converted {
            amount: Money::new(minor, self.to),
            rate: self.rate,
            day: self.day,
            basis: self.basis,
        })
    }
}

/// A converted figure, and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Converted {
    /// The amount in the target currency.
    pub amount: Money,
    /// The rate used, target per 1 source: `rate.to_string()` is its decimal text, exact when
    /// `rate.is_exact()` (else rounded to [`RATE_PLACES`] for display; the conversion used the
    /// exact quotient).
    pub rate: Rate,
    /// The published day of the rate (the day of the figure for a marketplace rate).
    pub day: Date,
    pub basis: Basis,
}

/// A quote from a caller-given rate (a marketplace's): `rate` is units of `to` per 1 `from`,
/// a plain positive decimal (`0.8523`; no sign, exponent or thousands separator).
pub fn quote_at_rate(
    from: Currency,
    to: Currency,
    rate: &str,
    day: Date,
) -> std::result::Result<Quote, Unconverted> {
    if from == to {
        return Ok(Quote::same(from, day));
    }
    let d = Decimal::parse(rate.trim()).ok_or_else(|| Unconverted::BadRate(rate.to_string()))?;
    Ok(Quote::new(
        from,
        to,
        day,
        day,
        Basis::MarketplaceRate,
        Rate::decimal(d),
    ))
}

/// Converts at a caller-given rate (basis `marketplace_rate`): `rate` is units of `to` per 1
/// `from` (eBay's `exchangeRate`, Etsy's "Exchange Rate", `ledger_entries.fx_rate`). The same
/// currency needs no rate (basis `same_currency`).
pub fn convert_at_rate(
    amount_minor: i64,
    from: Currency,
    to: Currency,
    rate: &str,
    day: Date,
) -> std::result::Result<Converted, Unconverted> {
    quote_at_rate(from, to, rate, day)?.apply(amount_minor)
}

/// The ECB rates in memory: per currency, its published days in order, for lookups without SQL.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    by_currency: HashMap<Currency, Vec<(Date, Decimal)>>,
}

impl Rates {
    /// Every stored ECB rate, in one query.
    pub fn load(conn: &Connection) -> Result<Rates> {
        Rates::query(conn, None)
    }

    /// The stored ECB rates a conversion of any day from `first` to `last` can use (from
    /// [`MAX_CARRY_DAYS`] before `first`), in one query: what a report over that window loads.
    pub fn load_between(conn: &Connection, first: Date, last: Date) -> Result<Rates> {
        let from = first
            .checked_sub(MAX_CARRY_DAYS.days())
            .unwrap_or(Date::MIN);
        Rates::query(conn, Some((from, last)))
    }

    fn query(conn: &Connection, window: Option<(Date, Date)>) -> Result<Rates> {
        let mut sql = String::from("SELECT currency, day, per_eur FROM fx_rates WHERE source = ?1");
        let (lo, hi) = window.map_or((String::new(), String::new()), |(a, b)| {
            (a.to_string(), b.to_string())
        });
        if window.is_some() {
            sql.push_str(" AND day >= ?2 AND day <= ?3");
        }
        sql.push_str(" ORDER BY currency, day");
        let mut st = conn.prepare(&sql)?;
        let mut rows = if window.is_some() {
            st.query(rusqlite::params![ECB, lo, hi])?
        } else {
            st.query([ECB])?
        };
        let mut rates = Rates::default();
        let mut current: Option<(Currency, Vec<(Date, Decimal)>)> = None;
        while let Some(r) = rows.next()? {
            let (code, day, text) = (
                r.get_ref(0)?.as_str()?,
                r.get_ref(1)?.as_str()?,
                r.get_ref(2)?.as_str()?,
            );
            let bad = || {
                Error::input(format!(
                    "fx_rates: the stored rate {code} {day} {text:?} is not a currency, date and positive decimal; re-import the file"
                ))
            };
            let currency = Currency::new(code).map_err(|_| bad())?;
            let day = parse_day(day).ok_or_else(bad)?;
            let rate = Decimal::parse(text).ok_or_else(bad)?;
            match &mut current {
                Some((c, list)) if *c == currency => list.push((day, rate)),
                _ => {
                    if let Some((c, list)) = current.take() {
                        rates.by_currency.insert(c, list);
                    }
                    current = Some((currency, vec![(day, rate)]));
                }
            }
        }
        if let Some((c, list)) = current {
            rates.by_currency.insert(c, list);
        }
        Ok(rates)
    }

    /// Rates from rows in memory (a parsed file, tests). Later rows of a day win.
    pub fn from_rows(rows: &[RateRow]) -> Rates {
        let mut rates = Rates::default();
        for r in rows {
            if let Some(d) = Decimal::parse(&r.per_eur) {
                rates
                    .by_currency
                    .entry(r.currency)
                    .or_default()
                    .push((r.day, d));
            }
        }
        for list in rates.by_currency.values_mut() {
            list.sort_by_key(|e| e.0);
            // Keep the last of equal days (a stable sort keeps the file's order among them).
            let mut deduped: Vec<(Date, Decimal)> = Vec::with_capacity(list.len());
            for e in list.drain(..) {
                match deduped.last_mut() {
                    Some(last) if last.0 == e.0 => *last = e,
                    _ => deduped.push(e),
                }
            }
            *list = deduped;
        }
        rates
    }

    /// No rate at all.
    pub fn is_empty(&self) -> bool {
        self.by_currency.is_empty()
    }

    /// The currencies with rates, sorted.
    pub fn currencies(&self) -> Vec<Currency> {
        let mut out: Vec<Currency> = self.by_currency.keys().copied().collect();
        out.sort();
        out
    }

    /// The latest published rate of `currency` on or before `on` and not before `oldest`.
    fn latest(
        &self,
        currency: Currency,
        on: Date,
        oldest: Date,
        asked: Date,
    ) -> std::result::Result<(Date, Decimal), Unconverted> {
        let list = self
            .by_currency
            .get(&currency)
            .map_or(&[][..], Vec::as_slice);
        let i = list.partition_point(|e| e.0 <= on);
        match i.checked_sub(1).map(|i| list[i]) {
            Some(e) if e.0 >= oldest => Ok(e),
            found => Err(Unconverted::NoRate {
                currency,
                day: asked,
                latest: found.map(|e| e.0),
            }),
        }
    }

    /// The ECB rate from `from` to `to` on `on`: both legs from the latest published day on or
    /// before `on` on which both currencies have a rate, at most [`MAX_CARRY_DAYS`] back.
    pub fn quote(
        &self,
        from: Currency,
        to: Currency,
        on: Date,
    ) -> std::result::Result<Quote, Unconverted> {
        if from == to {
            return Ok(Quote::same(from, on));
        }
        let oldest = on.checked_sub(MAX_CARRY_DAYS.days()).unwrap_or(Date::MIN);
        let leg =
            |c: Currency, d: Date| -> std::result::Result<Option<(Date, Decimal)>, Unconverted> {
                if c == Currency::EUR {
                    Ok(None)
                } else {
                    self.latest(c, d, oldest, on).map(Some)
                }
            };
        // Walk back until both legs are of the same published day.
        let mut d = on;
        let (f, t) = loop {
            let f = leg(from, d)?;
            let t = leg(to, d)?;
            match (f, t) {
                (Some(a), Some(b)) if a.0 != b.0 => d = a.0.min(b.0),
                _ => break (f, t),
            }
        };
        let day = f.or(t).map_or(on, |e| e.0);
        let rate = match (f, t) {
            // EUR to a currency: the published rate itself.
            (None, Some((_, rt))) => Rate::decimal(rt),
            (f, t) => Rate::cross(
                f.map_or(Decimal::ONE, |e| e.1),
                t.map_or(Decimal::ONE, |e| e.1),
            ),
        };
        let mut q = Quote::new(from, to, on, day, Basis::Ecb, rate);
        q.from_per_eur = f.map(|e| e.1);
        q.to_per_eur = t.map(|e| e.1);
        Ok(q)
    }

    /// `amount_minor` of `from` in `to` on `day` at the ECB rate ([`Rates::quote`]).
    pub fn convert(
        &self,
        amount_minor: i64,
        from: Currency,
        to: Currency,
        day: Date,
    ) -> std::result::Result<Converted, Unconverted> {
        self.quote(from, to, day)?.apply(amount_minor)
    }

    /// At the marketplace's own rate when it gives one (`to` per 1 `from`), else at the ECB's:
    /// what a ledger entry with an optional `fx_rate` converts through.
    pub fn convert_preferring(
        &self,
        amount_minor: i64,
        from: Currency,
        to: Currency,
        day: Date,
        marketplace_rate: Option<&str>,
    ) -> std::result::Result<Converted, Unconverted> {
        match marketplace_rate {
            Some(rate) => convert_at_rate(amount_minor, from, to, rate, day),
            None => self.convert(amount_minor, from, to, day),
        }
    }
}

/// One conversion straight from the store (loads the few rates it needs). A missing rate is an
/// error with the fix (exit 3); a report converting many figures loads [`Rates`] once instead
/// and shows [`Unconverted`] figures as such.
pub fn convert(
    conn: &Connection,
    amount_minor: i64,
    from: Currency,
    to: Currency,
    day: Date,
) -> Result<Converted> {
    let rates = Rates::load_between(conn, day, day)?;
    Ok(rates.convert(amount_minor, from, to, day)?)
}

// ---------------------------------------------------------------------------------------------
// Download

/// Attempts per download (the first and two retries).
const ATTEMPTS: u32 = 3;

/// How long one download may take.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// An address from the config (`fx.daily_url`, `fx.history_url`): http or https only.
pub fn url(key: &str, text: &str) -> Result<String> {
    let t = text.trim();
    let ok = url::Url::parse(t)
        .ok()
        .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if !ok {
        return Err(Error::config(format!(
            "{key} = {t:?} is not an http(s) address; e.g. `sellkit config set {key} https://...`"
        )));
    }
    Ok(t.to_string())
}

/// Downloads `url` (a 429, a 5xx, a timeout or a refused connection is retried twice). Errors
/// are [`Error::Api`] (exit 4) naming the address.
pub async fn download(url: &str, timeout: Duration) -> Result<Vec<u8>> {
    let client = reqwest::Client::builder()
        .user_agent(concat!("sellkit/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10).min(timeout))
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("HTTP client: {e}")))?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let retry = |attempt: u32| Duration::from_millis(250 << attempt);
        let resp = match client.get(url).send().await {
            Ok(r) => r,
            Err(e) if attempt < ATTEMPTS && (e.is_timeout() || e.is_connect()) => {
                tracing::info!("{url}: {e}; retrying");
                tokio::time::sleep(retry(attempt)).await;
                continue;
            }
            Err(e) => {
                let why = if e.is_timeout() {
                    format!("timed out after {timeout:?}")
                } else {
                    e.without_url().to_string()
                };
                return Err(Error::api(format!("{url}: download failed: {why}")));
            }
        };
        let status = resp.status();
        if !status.is_success() {
            let retryable = status.as_u16() == 429 || status.is_server_error();
            if retryable && attempt < ATTEMPTS {
                tracing::info!("{url}: HTTP {status}; retrying");
                tokio::time::sleep(retry(attempt)).await;
                continue;
            }
            let body = resp.text().await.unwrap_or_default();
            let detail: String = crate::output::sanitize::one_line(&body)
                .chars()
                .take(200)
                .collect();
            return Err(Error::api(format!(
                "{url}: HTTP {}{}{detail}",
                status.as_u16(),
                if detail.is_empty() { "" } else { ": " }
            )));
        }
        if resp.content_length().is_some_and(|n| n > MAX_BYTES) {
            return Err(Error::api(format!(
                "{url}: the answer is larger than {MAX_BYTES} bytes"
            )));
        }
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| Error::api(format!("{url}: reading the answer: {}", e.without_url())))?;
        return Ok(bytes.to_vec());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const USD: Currency = Currency::USD;
    const EUR: Currency = Currency::EUR;
    const GBP: Currency = Currency::GBP;

    fn jpy() -> Currency {
        Currency::new("JPY").unwrap()
    }

    /// The real file's first rows (newest first), a Maundy Thursday, Easter closed Good Friday
    /// 2026-04-03 and Easter Monday 2026-04-06, and an N/A.
    const HIST: &str = "Date,USD,JPY,BGN,GBP,\n\
        2026-04-13,1.1684,186.75,N/A,0.87058,\n\
        2026-04-10,1.1711,186.43,N/A,0.87105,\n\
        2026-04-09,1.1685,185.7,N/A,0.87053,\n\
        2026-04-07,1.1565,184.65,N/A,N/A,\n\
        2026-04-02,1.1520,183.1,1.9558,0.86930,\n";

    fn rates() -> Rates {
        Rates::from_rows(&parse_csv("hist.csv", HIST).unwrap().rows)
    }

    #[test]
    fn decimals_are_exact_and_plain() {
        for t in ["1.0934", "186.75", "0.87058", "13168", "1.10", "0.001"] {
            assert_eq!(Decimal::parse(t).unwrap().to_string(), t);
        }
        let d = Decimal::parse("0.87058").unwrap();
        assert_eq!((d.mantissa(), d.scale()), (87058, 5));
        for t in [
            "",
            "N/A",
            "-1.2",
            "+1.2",
            "1,2",
            "1e3",
            ".5",
            "5.",
            "01.5",
            "0",
            "0.000",
            "1.2.3",
            " 1.2",
            "1234567890123456789",
            "0.0000000000000000001",
        ] {
            assert_eq!(Decimal::parse(t), None, "{t:?}");
        }
    }

    #[test]
    fn csv_trailing_comma_na_and_newest_first() {
        let s = parse_csv("hist.csv", HIST).unwrap();
        assert_eq!(s.format, FileFormat::Csv);
        assert_eq!(s.days, 5);
        // 5 days × 4 currencies, less the N/A: BGN on four days and GBP on one.
        assert_eq!(s.rows.len(), 5 * 4 - 5);
        assert_eq!(
            s.rows[0],
            RateRow {
                day: date(2026, 4, 13),
                currency: USD,
                per_eur: "1.1684".into()
            }
        );
        // The published text is kept, trailing zero included.
        assert!(s.rows.iter().any(|r| r.per_eur == "1.1520"));
        assert!(s.rows.iter().any(|r| r.per_eur == "0.86930"));
        // Oldest first reads the same, and CRLF and a BOM are fine; so is no trailing comma.
        let flipped =
            "\u{feff}Date,USD,GBP\r\n2026-04-09,1.1685,0.87053\r\n2026-04-10,1.1711,0.87105\r\n";
        let s = parse_csv("x.csv", flipped).unwrap();
        assert_eq!(s.rows.len(), 4);
        let imported: BTreeSet<Date> = s.rows.iter().map(|r| r.day).collect();
        assert_eq!(imported.first(), Some(&date(2026, 4, 9)));
        // Empty cells are no rate.
        let s = parse_csv("x.csv", "Date,USD,GBP,\n2026-04-09,,0.87053,\n").unwrap();
        assert_eq!(s.rows.len(), 1);
    }

    #[test]
    fn bad_cells_name_the_line_and_column() {
        let err = |text: &str| parse_csv("f.csv", text).unwrap_err().to_string();
        let e = err("Date,USD,GBP,\n2026-04-10,1.1711,0.87105,\n2026-04-09,1.16x5,0.87053,\n");
        assert!(
            e.starts_with("f.csv:3:12: USD \"1.16x5\" is not a rate"),
            "{e}"
        );
        let e = err("Date,USD,GBP,\n2026-04-10,1.1711,0,87105,\n");
        assert!(e.starts_with("f.csv:2:19: GBP \"0\" is not a rate"), "{e}");
        let e = err("Date,USD,GBP,\n2026-04-10,1.1711,0.8,87105,\n");
        assert!(
            e.starts_with("f.csv:2:23: \"87105\" is in the column without a currency"),
            "{e}"
        );
        let e = err("Date,USD,GBP\n2026-04-10,1.1711,0.8,87105\n");
        assert!(
            e.starts_with("f.csv:2:23: 4 cells where the header has 3"),
            "{e}"
        );
        let e = err("Date,USD,GBP,\n10/04/2026,1.1711,0.87105,\n");
        assert!(
            e.starts_with("f.csv:2:1: \"10/04/2026\" is not a date"),
            "{e}"
        );
        let e = err("Date,USD,GBP,\n2026-04-10,1.1711,\n");
        assert!(
            e.starts_with("f.csv:2:19: 3 cells where the header has 4"),
            "{e}"
        );
        let e = err("Date,USD,US,\n");
        assert!(e.starts_with("f.csv:1:10: \"US\" is not a currency"), "{e}");
        let e = err("Date,USD,USD,\n2026-04-10,1,1,\n");
        assert!(e.contains("USD appears twice"), "{e}");
        let e = err("Date,USD,\n2026-04-10,1.1,\n2026-04-10,1.2,\n");
        assert!(
            e.starts_with("f.csv:3:1: 2026-04-10 appears twice (also on line 2)"),
            "{e}"
        );
        let e = err("Day,USD\n");
        assert!(e.starts_with("f.csv:1:1: expected the ECB header"), "{e}");
        let e = err("Date,USD,\n");
        assert!(e.contains("no data rows"), "{e}");
        let e = err("Date,USD,\n2026-04-10,1.1,x\n");
        assert!(e.starts_with("f.csv:2:16:"), "{e}");
        let e = parse("f.csv", b"Date,USD\n2026-04-10,\xff\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not UTF-8"), "{e}");
    }

    const DAILY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender>
		<gesmes:name>European Central Bank</gesmes:name>
	</gesmes:Sender>
	<Cube>
		<Cube time='2026-04-13'>
			<Cube currency='USD' rate='1.1684'/>
			<Cube currency='JPY' rate='186.75'/>
			<Cube currency='GBP' rate='0.87058'/>
		</Cube>
	</Cube>
</gesmes:Envelope>
"#;

    #[test]
    fn daily_xml() {
        let s = parse("daily.xml", DAILY.as_bytes()).unwrap();
        assert_eq!((s.format, s.days, s.rows.len()), (FileFormat::Xml, 1, 3));
        assert_eq!(s.rows[2].currency, GBP);
        assert_eq!(s.rows[2].per_eur, "0.87058");
        let bad = DAILY.replace("rate='186.75'", "rate='186,75'");
        let e = parse("daily.xml", bad.as_bytes()).unwrap_err().to_string();
        assert!(
            e.starts_with("daily.xml:10:31: JPY \"186,75\" is not a rate"),
            "{e}"
        );
        let bad = DAILY.replace("2026-04-13", "13 April 2026");
        let e = parse("daily.xml", bad.as_bytes()).unwrap_err().to_string();
        assert!(
            e.starts_with("daily.xml:8:15: time \"13 April 2026\""),
            "{e}"
        );
        let e = parse("daily.xml", b"<a><b></a>").unwrap_err().to_string();
        assert!(e.starts_with("daily.xml:1:"), "{e}");
        let e = parse("daily.xml", b"<html><body>Not found</body></html>")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no <Cube time"), "{e}");
    }

    /// A zip with one stored member, as a test fixture (the real one is deflated: see the
    /// integration tests).
    fn stored_zip(member: &str, data: &[u8]) -> Vec<u8> {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let (crc, len, n) = (crc.sum(), data.len() as u32, member.len() as u16);
        let mut z = Vec::new();
        z.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
        z.extend_from_slice(&crc.to_le_bytes());
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&n.to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z.extend_from_slice(member.as_bytes());
        z.extend_from_slice(data);
        let cd = z.len() as u32;
        z.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
        z.extend_from_slice(&crc.to_le_bytes());
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&n.to_le_bytes());
        z.extend_from_slice(&[0; 12]);
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(member.as_bytes());
        let cd_len = z.len() as u32 - cd;
        z.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
        z.extend_from_slice(&cd_len.to_le_bytes());
        z.extend_from_slice(&cd.to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z
    }

    #[test]
    fn zip_of_the_csv() {
        let z = stored_zip("eurofxref-hist.csv", HIST.as_bytes());
        let s = parse("hist.zip", &z).unwrap();
        assert_eq!((s.format, s.days), (FileFormat::Zip, 5));
        let bad = stored_zip(
            "eurofxref-hist.csv",
            HIST.replace("186.43", "186.4x").as_bytes(),
        );
        let e = parse("hist.zip", &bad).unwrap_err().to_string();
        assert!(e.starts_with("hist.zip!eurofxref-hist.csv:3:"), "{e}");
        let mut damaged = z.clone();
        damaged[60] ^= 1;
        let e = parse("hist.zip", &damaged).unwrap_err().to_string();
        assert!(e.contains("damaged"), "{e}");
        let e = parse("hist.zip", &z[..z.len() - 30])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a readable zip"), "{e}");
    }

    #[test]
    fn carry_forward_over_a_weekend_and_a_holiday() {
        let r = rates();
        // Saturday and Sunday take Friday's rate.
        for (d, carried) in [(date(2026, 4, 11), 1), (date(2026, 4, 12), 2)] {
            let q = r.quote(EUR, USD, d).unwrap();
            assert_eq!(
                (q.day, q.rate_text(), q.carried_days()),
                (date(2026, 4, 10), "1.1711".into(), carried)
            );
        }
        // Good Friday to Easter Monday take Maundy Thursday's.
        for d in [date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6)] {
            let q = r.quote(EUR, USD, d).unwrap();
            assert_eq!((q.day, q.rate_text()), (date(2026, 4, 2), "1.1520".into()));
        }
        // A published day is its own.
        assert_eq!(
            r.quote(EUR, USD, date(2026, 4, 13)).unwrap().day,
            date(2026, 4, 13)
        );
    }

    #[test]
    fn no_rate_older_than_the_limit_or_before_the_first_day() {
        let only = Rates::from_rows(
            &parse_csv("x.csv", "Date,USD,\n2026-04-02,1.1520,\n")
                .unwrap()
                .rows,
        );
        let ok = only.quote(EUR, USD, date(2026, 4, 12)).unwrap();
        assert_eq!(ok.carried_days(), 10);
        let e = only.quote(EUR, USD, date(2026, 4, 13)).unwrap_err();
        assert_eq!(
            e,
            Unconverted::NoRate {
                currency: USD,
                day: date(2026, 4, 13),
                latest: Some(date(2026, 4, 2))
            }
        );
        assert!(
            e.to_string().contains("the latest stored is 2026-04-02"),
            "{e}"
        );
        assert!(matches!(
            only.convert(100, USD, EUR, date(2026, 4, 1)),
            Err(Unconverted::NoRate { latest: None, .. })
        ));
        // A currency the ECB does not publish.
        let kwd = Currency::new("KWD").unwrap();
        assert!(
            matches!(only.quote(kwd, EUR, date(2026, 4, 2)), Err(Unconverted::NoRate { currency, .. }) if currency == kwd)
        );
        // The same currency needs no rate.
        let same = only.convert(1234, kwd, kwd, date(2030, 1, 1)).unwrap();
        assert_eq!(
            (same.amount, same.basis, same.rate.to_string().as_str()),
            (Money::new(1234, kwd), Basis::SameCurrency, "1")
        );
        let e: Error = only.quote(EUR, USD, date(2027, 1, 1)).unwrap_err().into();
        assert_eq!(e.kind(), crate::error::ErrorKind::Config);
        assert!(e.to_string().contains("sellkit fx fetch"), "{e}");
    }

    #[test]
    fn cross_rate_is_the_quotient_of_one_day() {
        let r = rates();
        let q = r.quote(USD, GBP, date(2026, 4, 13)).unwrap();
        // 0.87058 / 1.1684 = 0.745104416295789...
        assert_eq!(
            (q.day, q.rate_text(), q.rate_is_exact()),
            (date(2026, 4, 13), "0.7451044163".into(), false)
        );
        assert_eq!(q.from_per_eur, Decimal::parse("1.1684"));
        assert_eq!(q.to_per_eur, Decimal::parse("0.87058"));
        // 100.00 USD = 74.5104... GBP.
        assert_eq!(
            r.convert(10_000, USD, GBP, date(2026, 4, 13))
                .unwrap()
                .amount,
            Money::new(7451, GBP)
        );
        // GBP is N/A on 2026-04-07: the pair walks back to the last day both have, 2026-04-02,
        // rather than mixing USD of the 7th with GBP of the 2nd.
        let q = r.quote(USD, GBP, date(2026, 4, 8)).unwrap();
        assert_eq!(q.day, date(2026, 4, 2));
        assert_eq!(q.from_per_eur, Decimal::parse("1.1520"));
        // USD alone on the 8th is the 7th's.
        assert_eq!(
            r.quote(USD, EUR, date(2026, 4, 8)).unwrap().day,
            date(2026, 4, 7)
        );
        // To EUR: 1 / 1.1684.
        let q = r.quote(USD, EUR, date(2026, 4, 13)).unwrap();
        assert_eq!(q.rate_text(), "0.8558712770");
        assert_eq!(
            r.convert(10_000, USD, EUR, date(2026, 4, 13))
                .unwrap()
                .amount,
            Money::new(8559, EUR)
        );
    }

    #[test]
    fn jpy_has_no_minor_digits() {
        let r = rates();
        let d = date(2026, 4, 13);
        // 10.00 EUR = 1867.5 JPY -> 1868 yen (half away from zero).
        let c = r.convert(1_000, EUR, jpy(), d).unwrap();
        assert_eq!(
            (
                c.amount,
                c.rate.to_string().as_str(),
                c.rate.is_exact(),
                c.basis
            ),
            (Money::new(1868, jpy()), "186.75", true, Basis::Ecb)
        );
        // 1000 yen = 5.3547 EUR -> 535 cents.
        assert_eq!(
            r.convert(1_000, jpy(), EUR, d).unwrap().amount,
            Money::new(535, EUR)
        );
        // 1000 yen in USD: 1000 × 1.1684 / 186.75 = 6.2565 USD -> 626 cents.
        assert_eq!(
            r.convert(1_000, jpy(), USD, d).unwrap().amount,
            Money::new(626, USD)
        );
        // 12.34 USD in yen: 12.34 × 186.75 / 1.1684 = 1972.33 -> 1972.
        assert_eq!(
            r.convert(1_234, USD, jpy(), d).unwrap().amount,
            Money::new(1972, jpy())
        );
        // Three-digit currencies too: 1.000 KWD at 3.25 USD per KWD is 3.25 USD.
        let kwd = Currency::new("KWD").unwrap();
        assert_eq!(
            convert_at_rate(1_000, kwd, USD, "3.25", d).unwrap().amount,
            Money::new(325, USD)
        );
        assert_eq!(
            convert_at_rate(325, USD, kwd, "0.3077", d).unwrap().amount,
            Money::new(1000, kwd)
        );
    }

    #[test]
    fn rounds_half_away_from_zero_once() {
        let d = date(2026, 4, 13);
        let r = Rates::from_rows(
            &parse_csv("x.csv", "Date,USD,\n2026-04-13,2.5,\n")
                .unwrap()
                .rows,
        );
        for (eur, usd) in [(1, 3), (-1, -3), (3, 8), (-3, -8), (2, 5), (0, 0)] {
            assert_eq!(
                r.convert(eur, EUR, USD, d).unwrap().amount.amount_minor,
                usd,
                "{eur}"
            );
        }
        // 1 cent USD = 0.4 cent EUR -> 0; 5 cents = 2 cents exactly; 3 cents = 1.2 -> 1.
        for (usd, eur) in [(1, 0), (5, 2), (3, 1), (-4, -2)] {
            assert_eq!(
                r.convert(usd, USD, EUR, d).unwrap().amount.amount_minor,
                eur,
                "{usd}"
            );
        }
        // Rounded once, on the whole product: not per leg.
        let c = convert_at_rate(1, USD, GBP, "0.5", d).unwrap();
        assert_eq!(c.amount.amount_minor, 1);
        assert_eq!(decimal_text(2, 3, 4), "0.6667");
        assert_eq!(decimal_text(1, 8, 2), "0.13");
        assert_eq!(decimal_text(9_999, 10_000, 2), "1.00");
        assert_eq!(decimal_text(19_995, 10_000, 3), "2.000");
        assert_eq!(decimal_text(5, 2, 0), "3");
        // Huge quotients do not overflow.
        let big = 10i128.pow(36);
        assert_eq!(decimal_text(big, 3, 2), format!("{}.33", big / 3));
    }

    #[test]
    fn marketplace_rates_say_so() {
        let r = rates();
        let d = date(2026, 4, 11);
        let c = r
            .convert_preferring(10_000, USD, GBP, d, Some("0.7400"))
            .unwrap();
        assert_eq!(
            (c.amount, c.basis, c.rate.to_string().as_str(), c.day),
            (Money::new(7400, GBP), Basis::MarketplaceRate, "0.7400", d)
        );
        let c = r.convert_preferring(10_000, USD, GBP, d, None).unwrap();
        assert_eq!((c.basis, c.day), (Basis::Ecb, date(2026, 4, 10)));
        let c = r
            .convert_preferring(10_000, GBP, GBP, d, Some("0.7400"))
            .unwrap();
        assert_eq!(
            (c.amount, c.basis),
            (Money::new(10_000, GBP), Basis::SameCurrency)
        );
        // One quote, many amounts.
        let q = r.quote(USD, GBP, d).unwrap();
        let total: i64 = (1..=100)
            .map(|cents| q.apply(cents).unwrap().amount.amount_minor)
            .sum();
        assert_eq!(
            total,
            (1..=100)
                .map(|c| r.convert(c, USD, GBP, d).unwrap().amount.amount_minor)
                .sum::<i64>()
        );
        assert_eq!(
            convert_at_rate(1, USD, GBP, "-1", d).unwrap_err(),
            Unconverted::BadRate("-1".into())
        );
        assert!(matches!(
            convert_at_rate(i64::MAX, USD, jpy(), "200", d),
            Err(Unconverted::Overflow(..))
        ));
    }

    #[test]
    fn imports_upsert_in_one_transaction_and_load_back() {
        let mut store = Store::open_in_memory().unwrap();
        let sheet = parse_csv("hist.csv", HIST).unwrap();
        let i = import(&mut store, &sheet.rows).unwrap();
        assert_eq!((i.days, i.rows, i.new, i.changed), (5, 15, 15, 0));
        assert_eq!(
            i.currencies,
            vec![Currency::new("BGN").unwrap(), GBP, jpy(), USD]
        );
        assert_eq!(
            (i.first_day, i.last_day),
            (Some(date(2026, 4, 2)), Some(date(2026, 4, 13)))
        );
        // Again: nothing new; one rate revised.
        let revised = HIST.replace("186.43", "186.44");
        let sheet = parse_csv("hist.csv", &revised).unwrap();
        let i = import(&mut store, &sheet.rows).unwrap();
        assert_eq!((i.rows, i.new, i.changed), (15, 0, 1));
        let loaded = Rates::load(store.conn()).unwrap();
        let q = loaded.quote(EUR, jpy(), date(2026, 4, 11)).unwrap();
        assert_eq!(q.rate_text(), "186.44");
        let window =
            Rates::load_between(store.conn(), date(2026, 4, 12), date(2026, 4, 12)).unwrap();
        assert_eq!(
            window.quote(EUR, jpy(), date(2026, 4, 12)).unwrap().day,
            date(2026, 4, 10)
        );
        let c = convert(store.conn(), 10_000, USD, GBP, date(2026, 4, 13)).unwrap();
        assert_eq!(c.amount, Money::new(7451, GBP));
        let e = convert(store.conn(), 1, USD, GBP, date(2025, 1, 1)).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Config);
    }

    #[test]
    fn addresses_are_http() {
        assert!(url("fx.daily_url", "https://www.ecb.europa.eu/x.xml").is_ok());
        assert!(url("fx.daily_url", "http://127.0.0.1:9/x").is_ok());
        let e = url("fx.daily_url", "ftp://example.com/x").unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Config);
        assert!(url("fx.daily_url", "www.ecb.europa.eu").is_err());
    }
}
