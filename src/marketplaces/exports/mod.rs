//! Marketplace export files: the CSV/TSV reports sellers download by hand from Etsy, Shopify,
//! Amazon Seller Central and eBay Seller Hub, imported into the store.
//!
//! - [`formats`]: the registry of known formats, each with the columns it needs (its header
//!   signature) and the aliases other languages and sites use; detection from the header row.
//! - [`reader`]: streaming reader (encoding, delimiter, quoting).
//! - [`parse`]: money, dates, counts, countries.
//! - one module per marketplace turns rows into [`Record`]s; [`super::sink`] upserts them.
//!
//! An import is one transaction over every file: by default any bad row rejects all of it;
//! lenient mode imports the good rows and writes the bad ones to a rejects CSV.

pub mod amazon;
pub mod ebay;
pub mod etsy;
pub mod formats;
pub mod ledger_amazon;
pub mod ledger_ebay;
pub mod ledger_etsy;
pub mod ledger_ids;
pub mod ledger_shopify;
pub mod lots;
pub mod parse;
pub mod reader;
pub mod shopify;

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Read;
use std::path::{Path, PathBuf};

use csv::{ByteRecord, StringRecord};
use rusqlite::TransactionBehavior;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::money::Currency;
use crate::progress::Progress;
use crate::store::Store;

pub use super::sink::{Counts, LedgerKind, LedgerRec, LotRec, PayoutRec, Record};
pub use formats::Format;
pub use reader::ForcedEncoding;

/// Where a file comes from.
pub enum InputSource {
    Path(PathBuf),
    /// Standard input (shown as `-`), with a reader supplied by the caller.
    Reader(Box<dyn Read>),
}

/// One file to import.
pub struct Input {
    /// Shown in messages: the path as given, or `-`.
    pub name: String,
    pub source: InputSource,
    /// Size in bytes, when known (for the progress bar).
    pub len: Option<u64>,
}

impl Input {
    pub fn path(path: &Path) -> Input {
        Input {
            name: path.display().to_string(),
            len: std::fs::metadata(path).ok().map(|m| m.len()),
            source: InputSource::Path(path.to_path_buf()),
        }
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Skip detection: read every file as this format.
    pub format: Option<Format>,
    /// Import good rows and write bad ones to a rejects file, instead of rejecting the import.
    pub lenient: bool,
    /// One rejects file for every input; `None` = `<input>.rejects.csv` beside each input.
    pub rejects: Option<PathBuf>,
    /// Currency of amounts in files that do not name one (Shopify products, Amazon listings).
    pub currency: Currency,
    /// Store name for files that do not say which store they come from.
    pub shop: String,
    pub encoding: Option<ForcedEncoding>,
    /// The import's time: `updated_at` of listings, `as_of` of inventory, cost/price dates.
    pub now: jiff::Timestamp,
}

/// A row that could not be imported: where and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BadRow {
    pub file: String,
    pub line: u64,
    /// 1-based column number, when one field is to blame.
    pub column: Option<usize>,
    /// The header name of that column.
    pub field: Option<String>,
    pub error: String,
}

impl BadRow {
    /// `file:line:column: field "X": why`.
    pub fn message(&self) -> String {
        let mut s = format!("{}:{}", self.file, self.line);
        if let Some(c) = self.column {
            s.push_str(&format!(":{c}"));
        }
        s.push_str(": ");
        if let Some(f) = &self.field {
            s.push_str(&format!("field {f:?}: "));
        }
        s.push_str(&self.error);
        s
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub format: String,
    pub encoding: String,
    pub rows_read: u64,
    pub rows_imported: u64,
    pub rows_rejected: u64,
    /// Rows identical to a row already read in this import (same identity, same values): counted once.
    pub rows_duplicate: u64,
    /// Blank rows and report footers passed over.
    pub rows_skipped: u64,
    pub bytes: u64,
    #[serde(flatten)]
    pub counts: Counts,
    /// Where this file's rejected rows were written (lenient mode).
    pub rejects_file: Option<String>,
}

/// The result of an import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSummary {
    pub files: Vec<FileSummary>,
    /// True when the data was written; false when bad rows rejected the whole import.
    pub committed: bool,
    pub lenient: bool,
    pub rows_rejected: u64,
    /// The first bad rows (at most [`MAX_REPORTED`]), in file order.
    pub bad_rows: Vec<BadRow>,
}

/// How many bad rows are kept for the summary (all of them go to the rejects file).
pub const MAX_REPORTED: usize = 50;

/// A header row with normalised names, for lookups by name in any case or spacing.
pub struct Header {
    pub raw: StringRecord,
    names: Vec<String>,
}

/// `Sessions\u{a0}– Total` → `sessions - total`: case, no-break spaces, dashes and quotes don't matter.
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().trim_matches('"').trim().chars() {
        let c = match c {
            '\u{a0}' | '\u{202f}' | '\t' => ' ',
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            c => c,
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            space = false;
            out.extend(c.to_lowercase());
        }
    }
    out.trim_end().to_string()
}

impl Header {
    pub fn new(raw: StringRecord) -> Header {
        let names = raw.iter().map(normalise_name).collect();
        Header { raw, names }
    }

    /// Index of the first column with one of `names`.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| {
            let n = normalise_name(n);
            self.names.iter().position(|h| *h == n)
        })
    }

    /// The column of `key` in `format`'s column list.
    pub fn col(&self, format: Format, key: &str) -> Col {
        let names = format
            .spec()
            .cols
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.names)
            .unwrap_or(&[]);
        Col(self.find(names))
    }

    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

/// A column index resolved once from the header (absent columns read as empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col(pub Option<usize>);

/// A field-level problem, before the file and line are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub col: Option<usize>,
    pub message: String,
}

impl RowError {
    pub fn row(message: impl Into<String>) -> RowError {
        RowError {
            col: None,
            message: message.into(),
        }
    }
}

/// Limits every row's dates are checked against: from 1990 to a year after the import's time.
#[derive(Debug, Clone)]
pub struct Checks {
    /// Earliest and latest accepted instant, as stored text (`1990-01-01T00:00:00Z`, now + 1 year).
    pub earliest: String,
    pub latest: String,
}

thread_local! {
    /// The checks of the import running on this thread (rows read elsewhere, as by the API
    /// report readers, are checked against the clock).
    static CHECKS: std::cell::RefCell<Option<Checks>> = const { std::cell::RefCell::new(None) };
}

/// Sets this thread's checks for the life of the guard.
struct ChecksGuard;

impl ChecksGuard {
    fn set(c: Checks) -> ChecksGuard {
        CHECKS.with(|x| *x.borrow_mut() = Some(c));
        ChecksGuard
    }
}

impl Drop for ChecksGuard {
    fn drop(&mut self) {
        CHECKS.with(|x| *x.borrow_mut() = None);
    }
}

impl Checks {
    /// Dates from 1990 to a year after `now`.
    pub fn new(now: jiff::Timestamp) -> Checks {
        let latest = now
            .to_zoned(jiff::tz::TimeZone::UTC)
            .checked_add(jiff::Span::new().years(1))
            .map(|z| crate::time::rfc3339(z.timestamp()))
            .unwrap_or_else(|_| "9999-12-31T23:59:59Z".to_string());
        Checks {
            earliest: "1990-01-01T00:00:00Z".to_string(),
            latest,
        }
    }

    /// `stored` (parsed from `text`) when it is within the bounds of this thread's import.
    fn date(stored: String, text: &str) -> Result<String, String> {
        CHECKS.with(|x| {
            let mut x = x.borrow_mut();
            let c = x.get_or_insert_with(|| Checks::new(jiff::Timestamp::now()));
            if stored < c.earliest || stored > c.latest {
                return Err(format!(
                    "{:?} is outside {} to {}: a typo in the year?",
                    bounded(text, 60),
                    &c.earliest[..10],
                    &c.latest[..10]
                ));
            }
            Ok(stored)
        })
    }
}

/// One data row as mappers see it.
pub struct Row<'a> {
    pub rec: &'a StringRecord,
    pub line: u64,
}

impl Row<'_> {
    /// The trimmed text of `col` (empty when the column is absent).
    pub fn get(&self, col: Col) -> &str {
        col.0
            .and_then(|i| self.rec.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// `Some(text)` when the cell is not empty.
    pub fn opt(&self, col: Col) -> Option<&str> {
        let v = self.get(col);
        (!v.is_empty()).then_some(v)
    }

    pub fn err(&self, col: Col, message: impl Into<String>) -> RowError {
        RowError {
            col: col.0,
            message: message.into(),
        }
    }

    /// A required cell.
    pub fn req(&self, col: Col) -> Result<&str, RowError> {
        self.opt(col).ok_or_else(|| self.err(col, "is empty"))
    }

    /// An amount in `currency` (the cell may name its own; another currency is an error).
    pub fn money(&self, col: Col, currency: Currency) -> Result<i64, RowError> {
        let a = parse::amount(self.get(col), currency).map_err(|e| self.err(col, e))?;
        match a.currency {
            Some(c) if c != currency => {
                Err(self.err(col, format!("is in {c}, but the row is in {currency}")))
            }
            _ => Ok(a.minor),
        }
    }

    /// An optional amount: empty means zero.
    pub fn money_or_zero(&self, col: Col, currency: Currency) -> Result<i64, RowError> {
        if self.get(col).is_empty() {
            Ok(0)
        } else {
            self.money(col, currency)
        }
    }

    pub fn count(&self, col: Col) -> Result<i64, RowError> {
        parse::count(self.req(col)?).map_err(|e| self.err(col, e))
    }

    /// A quantity: a whole number, not negative (no format writes returns as negative quantities).
    pub fn quantity(&self, col: Col) -> Result<i64, RowError> {
        let n = self.count(col)?;
        if n < 0 {
            return Err(self.err(col, format!("{n} is negative: a quantity cannot be")));
        }
        Ok(n)
    }

    /// A price: an amount that is not negative (refunds are not written as negative prices in
    /// any format sellkit reads).
    pub fn price(&self, col: Col, currency: Currency) -> Result<i64, RowError> {
        let v = self.money(col, currency)?;
        if v < 0 {
            return Err(self.err(
                col,
                format!(
                    "{:?} is negative: a price cannot be",
                    bounded(self.get(col), 60)
                ),
            ));
        }
        Ok(v)
    }

    /// An optional price: empty means zero.
    pub fn price_or_zero(&self, col: Col, currency: Currency) -> Result<i64, RowError> {
        if self.get(col).is_empty() {
            Ok(0)
        } else {
            self.price(col, currency)
        }
    }

    pub fn date(&self, col: Col, style: parse::DateStyle) -> Result<String, RowError> {
        let t = self.req(col)?;
        parse::instant(t, style)
            .and_then(|d| Checks::date(d, t))
            .map_err(|e| self.err(col, e))
    }

    pub fn date_opt(&self, col: Col, style: parse::DateStyle) -> Result<Option<String>, RowError> {
        match self.opt(col) {
            None => Ok(None),
            Some(t) => parse::instant(t, style)
                .and_then(|d| Checks::date(d, t))
                .map(Some)
                .map_err(|e| self.err(col, e)),
        }
    }

    pub fn country(&self, col: Col) -> Result<Option<String>, RowError> {
        match self.opt(col) {
            None => Ok(None),
            Some(t) => parse::country(t).map(Some).map_err(|e| self.err(col, e)),
        }
    }
}

/// What every mapper is given.
pub struct MapContext {
    pub currency: Currency,
    pub shop: String,
    /// The file's name as messages show it: mappers that flush buffered records at the end of
    /// the file give them their own `file:line` source with it.
    pub file: String,
}

/// Turns rows of one format into records.
pub trait Mapper {
    /// Rows passed over without error (report footers such as eBay's "N record(s) downloaded").
    fn skip(&self, _row: &Row<'_>) -> bool {
        false
    }
    /// What identifies the order line this row is, in words (`order 123, Transaction ID 456`),
    /// across every file of an import: a second row with the same identity and the same values
    /// is a duplicate (counted once), with other values a conflict (a bad row). `fingerprint`
    /// hashes the row's values, for formats whose rows have no identity of their own. `None`:
    /// rows of this format are not checked (listings and reports, which are upserts by key), or
    /// the identity's cells are empty (the mapper then says what is wrong).
    fn identity(&self, _row: &Row<'_>, _fingerprint: u64) -> Option<String> {
        None
    }
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError>;
    /// End of file: flush what is buffered.
    fn finish(&mut self, out: &mut Vec<Record>);
}

/// Whether a decoded field holds a control character other than tab and line breaks: C0, DEL
/// or C1 (U+0080 to U+009F, `C2 80`..`C2 9F` in UTF-8).
fn has_control(field: &str) -> bool {
    let b = field.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r'))
            || c == 0x7f
            || (c == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// Rows above the header a file may have (notes and definitions in a report's preamble).
const PREAMBLE_ROWS: usize = 30;

/// Imports `inputs` into `store` in one transaction.
///
/// Lenient mode writes the rejects files first and commits only when they are in place; when
/// they cannot be written nothing is committed.
pub fn import(
    store: &mut Store,
    inputs: Vec<Input>,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportSummary> {
    let now = crate::time::rfc3339(opts.now);
    let conn = store.conn_mut();
    // A bigger page cache for the bulk write (the default is 2 MB): 32 MB.
    conn.execute_batch("PRAGMA cache_size = -32768")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut sink = super::sink::Sink::new(&tx, &now)?;
    let mut summary = ImportSummary {
        files: Vec::new(),
        committed: false,
        lenient: opts.lenient,
        rows_rejected: 0,
        bad_rows: Vec::new(),
    };
    let mut rejects = RejectsSet {
        shared: opts.rejects.clone(),
        files: Vec::new(),
    };
    let mut ids = Identities::default();
    let _checks = ChecksGuard::set(Checks::new(opts.now));
    for (index, input) in inputs.into_iter().enumerate() {
        let mut run = FileRun {
            sink: &mut sink,
            opts,
            summary: &mut summary,
            rejects: opts.lenient.then_some(&mut rejects),
            ids: &mut ids,
            index,
        };
        let file = import_one(&mut run, input, progress)?;
        summary.files.push(file);
    }
    summary.rows_rejected = summary.files.iter().map(|f| f.rows_rejected).sum();
    if summary.rows_rejected > 0 && !opts.lenient {
        drop(sink);
        tx.rollback()?;
        return Ok(summary);
    }
    sink.record_run(&summary)?;
    drop(sink);
    // The rejected rows are saved before anything is committed: if they cannot be, the
    // transaction is dropped (rolled back) with the error.
    let written = rejects.persist()?;
    if let Err(e) = tx.commit() {
        for (path, _) in &written {
            let _ = std::fs::remove_file(path);
        }
        return Err(e.into());
    }
    summary.committed = true;
    for (path, files) in written {
        for i in files {
            if let Some(f) = summary.files.get_mut(i) {
                f.rejects_file = Some(path.display().to_string());
            }
        }
    }
    Ok(summary)
}

/// `orders.csv` → `orders.csv.rejects.csv` beside it; stdin → `stdin.rejects.csv` here.
pub fn default_rejects_path(name: &str) -> PathBuf {
    if name == "-" {
        PathBuf::from("stdin.rejects.csv")
    } else {
        PathBuf::from(format!("{name}.rejects.csv"))
    }
}

/// The trailing column of a rejects file: why the row was rejected. Importers map columns by
/// name, so a rejects file, fixed, imports as the original format.
pub const REJECT_REASON: &str = "sellkit_reject_reason";

/// One rejects file: the original header and the rejected rows as read, properly quoted, each
/// with its reason; written to a temporary file and moved into place before the commit.
struct RejectsFile {
    path: PathBuf,
    header: ByteRecord,
    writer: csv::Writer<tempfile::NamedTempFile>,
    rows: u64,
    /// Indexes of the inputs whose rows are in it.
    inputs: Vec<usize>,
}

/// The rejects files of one import: one per input (`FILE.rejects.csv`), or with `--rejects PATH`
/// one per distinct header (PATH, then PATH-2.csv, PATH-3.csv, … for inputs of other formats).
struct RejectsSet {
    shared: Option<PathBuf>,
    files: Vec<RejectsFile>,
}

impl RejectsSet {
    fn push(
        &mut self,
        input: usize,
        name: &str,
        header: &ByteRecord,
        bad: &BadRow,
        raw: &ByteRecord,
    ) -> Result<()> {
        let own = default_rejects_path(name);
        let found = self.files.iter().position(|f| match &self.shared {
            Some(_) => f.header == *header,
            None => f.path == own,
        });
        let i = match found {
            Some(i) => i,
            None => {
                let path = match &self.shared {
                    None => own,
                    Some(p) if self.files.is_empty() => p.clone(),
                    Some(p) => {
                        let stem = p.with_extension("");
                        PathBuf::from(format!("{}-{}.csv", stem.display(), self.files.len() + 1))
                    }
                };
                self.files.push(RejectsFile::create(&path, header)?);
                self.files.len() - 1
            }
        };
        let f = &mut self.files[i];
        if !f.inputs.contains(&input) {
            f.inputs.push(input);
        }
        f.push(bad, raw)
    }

    /// Moves every rejects file into place; returns (path, inputs) of each.
    fn persist(self) -> Result<Vec<(PathBuf, Vec<usize>)>> {
        let mut done: Vec<(PathBuf, Vec<usize>)> = Vec::new();
        for f in self.files {
            let path = f.path.clone();
            let inputs = f.inputs.clone();
            if let Err(e) = f.finish() {
                for (p, _) in &done {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e);
            }
            done.push((path, inputs));
        }
        Ok(done)
    }
}

impl RejectsFile {
    fn create(path: &Path, header: &ByteRecord) -> Result<RejectsFile> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| rejects_error(path, e))?;
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(tmp);
        let mut head = header.clone();
        head.push_field(REJECT_REASON.as_bytes());
        writer
            .write_byte_record(&head)
            .map_err(|e| rejects_error(path, e.into()))?;
        Ok(RejectsFile {
            path: path.to_path_buf(),
            header: header.clone(),
            writer,
            rows: 0,
            inputs: Vec::new(),
        })
    }

    fn push(&mut self, bad: &BadRow, raw: &ByteRecord) -> Result<()> {
        let mut rec = raw.clone();
        // A row cut short is padded, so that the reason stays in its own column.
        while rec.len() < self.header.len() {
            rec.push_field(b"");
        }
        rec.push_field(bad.message().as_bytes());
        self.writer
            .write_byte_record(&rec)
            .map_err(|e| rejects_error(&self.path, e.into()))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(self) -> Result<()> {
        let path = self.path;
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| rejects_error(&path, std::io::Error::other(e.to_string())))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| rejects_error(&path, e))?;
        tmp.persist(&path)
            .map_err(|e| rejects_error(&path, e.error))?;
        Ok(())
    }
}

fn rejects_error(path: &Path, e: std::io::Error) -> Error {
    let kind = e.kind();
    let full = kind == std::io::ErrorKind::StorageFull;
    let message = format!(
        "{}: cannot write the rejects file ({e}); nothing was imported: {}",
        path.display(),
        if full {
            "free space on that disk, or pass --rejects PATH on another one"
        } else {
            "pass --rejects PATH somewhere writable"
        }
    );
    Error::Config {
        message,
        source: Some(Box::new(e)),
    }
}

/// Row identities seen in this import (every file): hash of (format, identity) → where first
/// seen and a hash of its values, with one small hash per column to name the column that differs.
#[derive(Default)]
struct Identities {
    map: HashMap<(u64, u64), Seen>,
    field_hashes: Vec<u16>,
    files: Vec<String>,
}

struct Seen {
    fingerprint: u64,
    fields_at: usize,
    file: usize,
    line: u64,
}

/// What one identity check found.
enum Identity {
    New,
    Duplicate,
    Conflict(RowError),
}

fn sip(parts: &[&[u8]]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        h.write(p);
        h.write_u8(0xff);
    }
    h.finish()
}

fn field_hash(v: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(v.as_bytes());
    h.write_u8(0xff);
    h.finish()
}

/// The values of a row in the columns its format reads, hashed.
fn fingerprint(row: &Row<'_>, cols: &[Col]) -> (u64, Vec<u16>) {
    let mut all = rustc_hash::FxHasher::default();
    let mut each = Vec::with_capacity(cols.len());
    for c in cols {
        let v = row.get(*c);
        all.write(v.as_bytes());
        all.write_u8(0xff);
        each.push(field_hash(v) as u16);
    }
    (all.finish(), each)
}

/// The state of one import that each file's loop works with.
struct FileRun<'r, 's, 't> {
    sink: &'r mut super::sink::Sink<'t>,
    opts: &'r ImportOptions,
    summary: &'r mut ImportSummary,
    rejects: Option<&'r mut RejectsSet>,
    ids: &'s mut Identities,
    index: usize,
}

fn is_blank_bytes(rec: &ByteRecord) -> bool {
    rec.iter().all(|f| f.trim_ascii().is_empty())
}

/// At most `max` characters of `text`, then "…".
pub fn bounded(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((i, _)) => format!("{}…", &text[..i]),
    }
}

fn import_one(
    run: &mut FileRun<'_, '_, '_>,
    input: Input,
    progress: &dyn Progress,
) -> Result<FileSummary> {
    let opts = run.opts;
    let name = input.name.clone();
    let stream: Box<dyn Read> = match input.source {
        InputSource::Path(p) => Box::new(std::fs::File::open(&p).map_err(|e| Error::io(&p, e))?),
        InputSource::Reader(r) => r,
    };
    let mut opened = reader::open(&name, stream, opts.encoding)?;
    let mut brec = ByteRecord::new();
    // The header: the first row that is not blank (eBay starts with a row of commas). Reports
    // with a preamble (Amazon's date-range report, eBay's transaction report) put notes above
    // it: while no format is forced, rows that are no known header are passed over, up to
    // PREAMBLE_ROWS of them; the first row is the one an unknown format is reported on.
    let mut first: Option<(u64, Header)> = None;
    let mut found: Option<(u64, Header, Format)> = None;
    let mut seen = 0usize;
    while found.is_none() {
        match opened.reader.read_byte_record(&mut brec) {
            Ok(true) if is_blank_bytes(&brec) => continue,
            Ok(true) => {}
            Ok(false) if first.is_none() => {
                return Err(Error::input(format!(
                    "{name}: the file is empty (no header row): download the export again"
                )));
            }
            Ok(false) => break,
            Err(e) => {
                return Err(Error::input(format!(
                    "{name}:1: cannot read the header row: {}",
                    bounded(&e.to_string(), 200)
                )));
            }
        }
        let line = brec.position().map_or(1, |p| p.line());
        let header_rec = match StringRecord::from_byte_record(brec.clone()) {
            Ok(r) => r,
            Err(_) if first.is_some() => {
                seen += 1;
                if seen > PREAMBLE_ROWS {
                    break;
                }
                continue;
            }
            Err(e) => {
                return Err(Error::input(format!(
                    "{name}:{line}:{}: the header row is not valid {}: pass --encoding windows-1252 if the file is in that encoding, or re-save it as UTF-8",
                    e.utf8_error().field() + 1,
                    opened.encoding
                )));
            }
        };
        let header = Header::new(header_rec);
        if let Some(f) = opts.format {
            let missing = f.missing(&header);
            if !missing.is_empty() {
                return Err(Error::input(format!(
                    "{name}:{line}: not in the {} format ({}): the header lacks {}",
                    f.name(),
                    f.spec().title,
                    quote_list(&missing)
                )));
            }
            found = Some((line, header, f));
            break;
        }
        if let Ok(f) = formats::detect(&header) {
            found = Some((line, header, f));
            break;
        }
        if first.is_none() {
            first = Some((line, header));
        }
        seen += 1;
        if seen > PREAMBLE_ROWS {
            break;
        }
    }
    let Some((_, header, format)) = found else {
        let (line, header) = first.expect("a first row was read");
        let nearest = formats::detect(&header).expect_err("the first row is no known header");
        let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let start = header.raw.iter().take(3).collect::<Vec<_>>().join(",");
        return Err(Error::input(format!(
            "{name}:{line}: unknown export format (header starts {:?}); sellkit knows {}; the nearest is {} ({}), which also needs {}: pass --as FORMAT if it is one of these",
            bounded(&start, 200),
            known.join(", "),
            nearest.0.name(),
            nearest.0.spec().title,
            quote_list(&nearest.1),
        )));
    };
    let header_bytes = brec.clone();
    let ctx = MapContext {
        currency: opts.currency,
        shop: opts.shop.clone(),
        file: name.clone(),
    };
    let mut mapper = format.mapper(&header, &ctx);
    let value_cols: Vec<Col> = format
        .spec()
        .cols
        .iter()
        .map(|c| header.col(format, c.key))
        .collect();
    let mut file = FileSummary {
        file: name.clone(),
        format: format.name().to_string(),
        encoding: opened.encoding.to_string(),
        rows_read: 0,
        rows_imported: 0,
        rows_rejected: 0,
        rows_duplicate: 0,
        rows_skipped: 0,
        bytes: 0,
        counts: Counts::default(),
        rejects_file: None,
    };
    run.ids.files.push(name.clone());
    let file_no = run.ids.files.len() - 1;
    run.sink.start_file();
    let total = input.len.unwrap_or(0);
    progress.start_bytes(total, &short_name(&name));
    let mut out: Vec<Record> = Vec::new();
    let mut last_bytes = 0u64;
    let width = header.len();
    let mut stop_writing = false;
    let format_key = format.name().as_bytes();
    loop {
        let res = opened.reader.read_byte_record(&mut brec);
        let line = brec.position().map_or(0, |p| p.line());
        match res {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(Error::input(format!("{name}:{line}: cannot read: {e}")));
                }
                file.rows_read += 1;
                let b = bad_row(&name, &header, line, RowError::row(e.to_string()));
                reject(run, &mut file, &header_bytes, b, &brec)?;
                stop_writing |= !opts.lenient;
                continue;
            }
        }
        if is_blank_bytes(&brec) {
            file.rows_skipped += 1;
            continue;
        }
        let rec = match StringRecord::from_byte_record(brec.clone()) {
            Ok(r) => r,
            Err(e) => {
                file.rows_read += 1;
                let col = e.utf8_error().field();
                let b = bad_row(
                    &name,
                    &header,
                    line,
                    RowError {
                        col: Some(col),
                        message: format!(
                            "is not valid {} (the file as a whole is): a damaged byte? Fix the cell, or pass --encoding windows-1252 if the whole file is in that encoding",
                            opened.encoding
                        ),
                    },
                );
                reject(run, &mut file, &header_bytes, b, &brec)?;
                stop_writing |= !opts.lenient;
                continue;
            }
        };
        let row = Row { rec: &rec, line };
        if mapper.skip(&row) {
            file.rows_skipped += 1;
            continue;
        }
        file.rows_read += 1;
        let mut bad: Option<RowError> = None;
        if rec.len() < width {
            bad = Some(RowError {
                col: Some(rec.len()),
                message: format!(
                    "the row has {} fields but the header has {}: a truncated or broken row (a quote left open, or the last line cut short)",
                    rec.len(),
                    width
                ),
            });
        } else if rec.len() > width {
            bad = Some(RowError {
                col: Some(width),
                message: format!(
                    "the row has {} fields but the header has {}: a value with an unquoted {} in it?",
                    rec.len(),
                    width,
                    if opened.delimiter == b'\t' {
                        "tab"
                    } else {
                        "comma"
                    }
                ),
            });
        }
        // No export holds terminal control characters: an ESC or NUL in a SKU or an order id is
        // damage or an attack, whatever the file's encoding (checked on the decoded text).
        if bad.is_none()
            && let Some(col) = rec.iter().position(has_control)
        {
            bad = Some(RowError {
                col: Some(col),
                message: "contains control characters (such as ESC or NUL), which no marketplace export holds: fix the cell".into(),
            });
        }
        // Identity: the same order line read before (in this file or another of this import).
        let mut register: Option<((u64, u64), u64, Vec<u16>)> = None;
        if bad.is_none() {
            let (fp, fields) = fingerprint(&row, &value_cols);
            if let Some(ident) = mapper.identity(&row, fp) {
                let key = (
                    sip(&[format_key, b"a", ident.as_bytes()]),
                    sip(&[format_key, b"b", ident.as_bytes()]),
                );
                match check_identity(run.ids, key, fp, &fields, &value_cols, &ident) {
                    Identity::Duplicate => {
                        file.rows_duplicate += 1;
                        continue;
                    }
                    Identity::Conflict(e) => bad = Some(e),
                    Identity::New => register = Some((key, fp, fields)),
                }
            }
        }
        if bad.is_none() {
            out.clear();
            let result = mapper.row(&row, &mut out);
            // Records of earlier rows flushed by this one are written even when this row is bad.
            if stop_writing {
                out.clear();
            }
            for mut r in out.drain(..) {
                set_source(&mut r, &name, line);
                run.sink.write(r, &mut file.counts)?;
            }
            match result {
                Ok(()) => {
                    file.rows_imported += 1;
                    if let Some((key, fp, fields)) = register {
                        let ids = &mut *run.ids;
                        let at = ids.field_hashes.len();
                        ids.field_hashes.extend_from_slice(&fields);
                        ids.map.insert(
                            key,
                            Seen {
                                fingerprint: fp,
                                fields_at: at,
                                file: file_no,
                                line,
                            },
                        );
                    }
                }
                Err(e) => bad = Some(e),
            }
        }
        if let Some(e) = bad {
            let b = bad_row(&name, &header, line, e);
            reject(run, &mut file, &header_bytes, b, &brec)?;
            stop_writing |= !opts.lenient;
        }
        if file.rows_read.is_multiple_of(4096) {
            let now = opened.bytes.get();
            progress.inc(now - last_bytes);
            progress.message(&format!(
                "{}: {} rows",
                short_name(&name),
                crate::output::table::count(file.rows_read as i64)
            ));
            last_bytes = now;
        }
    }
    out.clear();
    mapper.finish(&mut out);
    if !stop_writing {
        for mut r in out.drain(..) {
            set_source(&mut r, &name, 0);
            run.sink.write(r, &mut file.counts)?;
        }
    }
    file.bytes = opened.bytes.get();
    progress.inc(file.bytes.saturating_sub(last_bytes));
    progress.finish();
    Ok(file)
}

/// Ledger entries and payouts say where they were read: `file:line` unless the mapper set it
/// (a record flushed at the end of the file keeps the line its mapper gave it).
fn set_source(r: &mut Record, name: &str, line: u64) {
    let source = match r {
        Record::Ledger(e) => &mut e.source,
        Record::Payout(p) => &mut p.source,
        Record::Lot(l) => &mut l.source,
        _ => return,
    };
    if source.is_empty() {
        *source = if line > 0 {
            format!("{name}:{line}")
        } else {
            name.to_string()
        };
    }
}

fn check_identity(
    ids: &Identities,
    key: (u64, u64),
    fp: u64,
    fields: &[u16],
    cols: &[Col],
    ident: &str,
) -> Identity {
    let Some(seen) = ids.map.get(&key) else {
        return Identity::New;
    };
    if seen.fingerprint == fp {
        return Identity::Duplicate;
    }
    let before = &ids.field_hashes[seen.fields_at..seen.fields_at + fields.len()];
    let col = fields
        .iter()
        .zip(before)
        .position(|(a, b)| a != b)
        .and_then(|i| cols[i].0);
    let at = format!(
        "{}:{}",
        ids.files.get(seen.file).map_or("?", String::as_str),
        seen.line
    );
    Identity::Conflict(RowError {
        col,
        message: format!(
            "conflicts with {at}: both rows are {} but their values differ (a duplicate row that was edited, or two downloads of different dates?): keep one of them",
            bounded(ident, 120)
        ),
    })
}

fn short_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

fn quote_list(cols: &[&str]) -> String {
    cols.iter()
        .map(|c| format!("{c:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bad_row(file: &str, header: &Header, line: u64, e: RowError) -> BadRow {
    BadRow {
        file: file.to_string(),
        line,
        column: e.col.map(|c| c + 1),
        field: e
            .col
            .and_then(|c| header.raw.get(c))
            .map(|s| bounded(s.trim(), 80))
            .filter(|s| !s.is_empty()),
        error: bounded(&e.message, 400),
    }
}

fn reject(
    run: &mut FileRun<'_, '_, '_>,
    file: &mut FileSummary,
    header: &ByteRecord,
    bad: BadRow,
    raw: &ByteRecord,
) -> Result<()> {
    file.rows_rejected += 1;
    if let Some(r) = run.rejects.as_deref_mut() {
        r.push(run.index, &file.file, header, &bad, raw)?;
    }
    if run.summary.bad_rows.len() < MAX_REPORTED {
        run.summary.bad_rows.push(bad);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(
            normalise_name(" Sessions\u{a0}– Total "),
            "sessions - total"
        );
        assert_eq!(normalise_name("\"Sale Date\""), "sale date");
        assert_eq!(normalise_name("Units ordered – B2B"), "units ordered - b2b");
    }
}
