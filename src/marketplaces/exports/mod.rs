//! Marketplace export files: the CSV/TSV reports sellers download by hand from Etsy, Shopify,
//! Amazon Seller Central and eBay Seller Hub, imported into the store.
//!
//! - [`formats`]: the registry of known formats, each with the columns it needs (its header
//!   signature) and the aliases other languages and sites use; detection from the header row.
//! - [`reader`]: streaming reader (encoding, delimiter, quoting).
//! - [`parse`]: money, dates, counts, countries.
//! - one module per marketplace turns rows into [`Record`]s; [`sink`] upserts them.
//!
//! An import is one transaction over every file: by default any bad row rejects all of it;
//! lenient mode imports the good rows and writes the bad ones to a rejects CSV.

pub mod amazon;
pub mod ebay;
pub mod etsy;
pub mod formats;
pub mod parse;
pub mod reader;
pub mod shopify;
pub mod sink;

use std::io::Read;
use std::path::{Path, PathBuf};

use csv::StringRecord;
use rusqlite::TransactionBehavior;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::money::Currency;
use crate::progress::Progress;
use crate::store::Store;

pub use formats::Format;
pub use reader::ForcedEncoding;
pub use sink::{Counts, Record};

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

    pub fn date(&self, col: Col, style: parse::DateStyle) -> Result<String, RowError> {
        parse::instant(self.req(col)?, style).map_err(|e| self.err(col, e))
    }

    pub fn date_opt(&self, col: Col, style: parse::DateStyle) -> Result<Option<String>, RowError> {
        match self.opt(col) {
            None => Ok(None),
            Some(t) => parse::instant(t, style)
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
}

/// Turns rows of one format into records.
pub trait Mapper {
    /// Rows passed over without error (report footers such as eBay's "N record(s) downloaded").
    fn skip(&self, _row: &Row<'_>) -> bool {
        false
    }
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError>;
    /// End of file: flush what is buffered.
    fn finish(&mut self, out: &mut Vec<Record>);
}

/// Imports `inputs` into `store` in one transaction.
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
    let mut sink = sink::Sink::new(&tx, &now)?;
    let mut summary = ImportSummary {
        files: Vec::new(),
        committed: false,
        lenient: opts.lenient,
        rows_rejected: 0,
        bad_rows: Vec::new(),
    };
    let shared_rejects = match (&opts.rejects, opts.lenient) {
        (Some(p), true) => Some(RejectsFile::create(p)?),
        _ => None,
    };
    let mut shared_rejects = shared_rejects;
    let mut pending: Vec<RejectsFile> = Vec::new();
    for input in inputs {
        let mut own = None;
        if opts.lenient && shared_rejects.is_none() {
            own = Some(RejectsFile::create(&default_rejects_path(&input.name))?);
        }
        let rejects = match (&mut shared_rejects, &mut own) {
            (Some(r), _) => Some(r),
            (None, Some(r)) => Some(r),
            _ => None,
        };
        let file = import_one(&mut sink, input, opts, &mut summary, rejects, progress)?;
        summary.files.push(file);
        if let Some(r) = own {
            pending.push(r);
        }
    }
    summary.rows_rejected = summary.files.iter().map(|f| f.rows_rejected).sum();
    if summary.rows_rejected > 0 && !opts.lenient {
        drop(sink);
        tx.rollback()?;
        return Ok(summary);
    }
    sink.record_run(&summary)?;
    drop(sink);
    tx.commit()?;
    summary.committed = true;
    if let Some(r) = shared_rejects {
        let path = r.finish()?;
        if let Some(p) = path {
            for f in summary.files.iter_mut().filter(|f| f.rows_rejected > 0) {
                f.rejects_file = Some(p.clone());
            }
        }
    }
    for (r, f) in pending.into_iter().zip(summary.files.iter_mut()) {
        f.rejects_file = r.finish()?;
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

/// Rejected rows, written to a temporary file and moved into place only if there are any.
struct RejectsFile {
    path: PathBuf,
    writer: csv::Writer<tempfile::NamedTempFile>,
    rows: u64,
}

impl RejectsFile {
    fn create(path: &Path) -> Result<RejectsFile> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
        let mut writer = csv::Writer::from_writer(tmp);
        writer
            .write_record(["file", "line", "column", "field", "error", "row"])
            .map_err(|e| Error::io(path, e.into()))?;
        Ok(RejectsFile {
            path: path.to_path_buf(),
            writer,
            rows: 0,
        })
    }

    fn push(&mut self, bad: &BadRow, raw: &str) -> Result<()> {
        let line = bad.line.to_string();
        let col = bad.column.map(|c| c.to_string()).unwrap_or_default();
        self.writer
            .write_record([
                bad.file.as_str(),
                &line,
                &col,
                bad.field.as_deref().unwrap_or(""),
                &bad.error,
                raw,
            ])
            .map_err(|e| Error::io(&self.path, e.into()))?;
        self.rows += 1;
        Ok(())
    }

    /// Moves the file into place when it holds rows; returns its path.
    fn finish(self) -> Result<Option<String>> {
        if self.rows == 0 {
            return Ok(None);
        }
        let path = self.path;
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        Ok(Some(path.display().to_string()))
    }
}

fn is_blank(rec: &StringRecord) -> bool {
    rec.iter().all(|f| f.trim().is_empty())
}

fn raw_text(rec: &StringRecord, delimiter: u8) -> String {
    let d = (delimiter as char).to_string();
    rec.iter().collect::<Vec<_>>().join(&d)
}

fn import_one(
    sink: &mut sink::Sink<'_>,
    input: Input,
    opts: &ImportOptions,
    summary: &mut ImportSummary,
    mut rejects: Option<&mut RejectsFile>,
    progress: &dyn Progress,
) -> Result<FileSummary> {
    let name = input.name.clone();
    let stream: Box<dyn Read> = match input.source {
        InputSource::Path(p) => Box::new(std::fs::File::open(&p).map_err(|e| Error::io(&p, e))?),
        InputSource::Reader(r) => r,
    };
    let mut opened = reader::open(&name, stream, opts.encoding)?;
    let mut rec = StringRecord::new();
    // The header: the first row that is not blank (eBay starts with a row of commas).
    let header_line;
    loop {
        match opened.reader.read_record(&mut rec) {
            Ok(true) if is_blank(&rec) => continue,
            Ok(true) => {
                header_line = rec.position().map_or(1, |p| p.line());
                break;
            }
            Ok(false) => {
                return Err(Error::input(format!(
                    "{name}: the file is empty (no header row): download the export again"
                )));
            }
            Err(e) => {
                return Err(Error::input(format!(
                    "{name}:1: cannot read the header row: {e}"
                )));
            }
        }
    }
    let header = Header::new(rec.clone());
    let format = match opts.format {
        Some(f) => {
            let missing = f.missing(&header);
            if !missing.is_empty() {
                return Err(Error::input(format!(
                    "{name}:{header_line}: not in the {} format ({}): the header lacks {}",
                    f.name(),
                    f.spec().title,
                    quote_list(&missing)
                )));
            }
            f
        }
        None => formats::detect(&header).map_err(|nearest| {
            let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            Error::input(format!(
                "{name}:{header_line}: unknown export format (header starts {:?}); sellkit knows {}; the nearest is {} ({}), which also needs {}: pass --as FORMAT if it is one of these",
                header.raw.iter().take(3).collect::<Vec<_>>().join(","),
                known.join(", "),
                nearest.0.name(),
                nearest.0.spec().title,
                quote_list(&nearest.1),
            ))
        })?,
    };
    let ctx = MapContext {
        currency: opts.currency,
        shop: opts.shop.clone(),
    };
    let mut mapper = format.mapper(&header, &ctx);
    let mut file = FileSummary {
        file: name.clone(),
        format: format.name().to_string(),
        encoding: opened.encoding.to_string(),
        rows_read: 0,
        rows_imported: 0,
        rows_rejected: 0,
        rows_skipped: 0,
        bytes: 0,
        counts: Counts::default(),
        rejects_file: None,
    };
    sink.start_file();
    let total = input.len.unwrap_or(0);
    progress.start_bytes(total, &short_name(&name));
    let mut out: Vec<Record> = Vec::new();
    let mut last_bytes = 0u64;
    let width = header.len();
    let mut stop_writing = false;
    loop {
        let res = opened.reader.read_record(&mut rec);
        let line = rec.position().map_or(0, |p| p.line());
        let mut bad: Option<RowError> = None;
        match res {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (line, col, msg) = match e.kind() {
                    csv::ErrorKind::Utf8 { pos, err } => (
                        pos.as_ref().map_or(line, |p| p.line()),
                        Some(err.field()),
                        "is not valid UTF-8 (the start of the file was): pass --encoding windows-1252 if the file is in that encoding, or re-save it as UTF-8".to_string(),
                    ),
                    csv::ErrorKind::Io(_) => {
                        return Err(Error::input(format!("{name}:{line}: cannot read: {e}")));
                    }
                    _ => (line, None, e.to_string()),
                };
                file.rows_read += 1;
                let b = bad_row(&name, &header, line, RowError { col, message: msg });
                reject(summary, &mut file, rejects.as_deref_mut(), b, "")?;
                stop_writing |= !opts.lenient;
                continue;
            }
        }
        if is_blank(&rec) {
            file.rows_skipped += 1;
            continue;
        }
        let row = Row { rec: &rec, line };
        if mapper.skip(&row) {
            file.rows_skipped += 1;
            continue;
        }
        file.rows_read += 1;
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
        if bad.is_none() {
            out.clear();
            let result = mapper.row(&row, &mut out);
            // Records of earlier rows flushed by this one are written even when this row is bad.
            if stop_writing {
                out.clear();
            }
            for r in out.drain(..) {
                sink.write(r, &mut file.counts)?;
            }
            match result {
                Ok(()) => file.rows_imported += 1,
                Err(e) => bad = Some(e),
            }
        }
        if let Some(e) = bad {
            let raw = raw_text(&rec, opened.delimiter);
            let b = bad_row(&name, &header, line, e);
            reject(summary, &mut file, rejects.as_deref_mut(), b, &raw)?;
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
        for r in out.drain(..) {
            sink.write(r, &mut file.counts)?;
        }
    }
    file.bytes = opened.bytes.get();
    progress.inc(file.bytes.saturating_sub(last_bytes));
    progress.finish();
    Ok(file)
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
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        error: e.message,
    }
}

fn reject(
    summary: &mut ImportSummary,
    file: &mut FileSummary,
    rejects: Option<&mut RejectsFile>,
    bad: BadRow,
    raw: &str,
) -> Result<()> {
    file.rows_rejected += 1;
    if let Some(r) = rejects {
        r.push(&bad, raw)?;
    }
    if summary.bad_rows.len() < MAX_REPORTED {
        summary.bad_rows.push(bad);
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
