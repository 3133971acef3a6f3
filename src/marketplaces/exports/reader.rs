//! Opening an export file for streaming: encoding detection (UTF-8 with or without BOM, UTF-16
//! with BOM, Windows-1252), binary rejection, delimiter and quoting detection, a byte counter for
//! progress. Rows are then read one at a time by the csv crate: never the whole file in memory.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::{Error, Result};

/// How much of the start of a file is looked at to decide encoding and delimiter.
const SNIFF: usize = 64 * 1024;

/// Counts the raw bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// An encoding the user can force with `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ForcedEncoding {
    /// UTF-8 (a BOM, if present, is skipped)
    #[value(name = "utf-8")]
    Utf8,
    /// Windows-1252 (Western European; also read for Latin-1 / Cp1252 files)
    #[value(name = "windows-1252")]
    Windows1252,
}

/// A file ready to be read row by row.
pub struct Opened {
    pub reader: csv::Reader<Box<dyn Read>>,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or `windows-1252`.
    pub encoding: &'static str,
    pub delimiter: u8,
    /// Raw bytes consumed so far.
    pub bytes: Rc<Cell<u64>>,
}

/// Sniffs `input` and sets up a csv reader over it (decoded to UTF-8 when needed).
pub fn open(name: &str, input: Box<dyn Read>, forced: Option<ForcedEncoding>) -> Result<Opened> {
    let bytes = Rc::new(Cell::new(0u64));
    let mut counted = Counting {
        inner: input,
        count: bytes.clone(),
    };
    let mut head = Vec::with_capacity(SNIFF);
    (&mut counted)
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(name, e))?;
    let full = head.len() == SNIFF;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(format!(
            "{name}: the file is empty (no header row): download the export again"
        )));
    }
    let (encoding, label, bom_len): (&'static Encoding, &'static str, usize) = match forced {
        Some(ForcedEncoding::Windows1252) => (WINDOWS_1252, "windows-1252", 0),
        Some(ForcedEncoding::Utf8) => (
            UTF_8,
            "utf-8",
            if head.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            },
        ),
        None => {
            if head.starts_with(b"\xEF\xBB\xBF") {
                (UTF_8, "utf-8-bom", 3)
            } else if head.starts_with(b"\xFF\xFE") {
                (UTF_16LE, "utf-16le", 0)
            } else if head.starts_with(b"\xFE\xFF") {
                (UTF_16BE, "utf-16be", 0)
            } else if looks_binary(&head) {
                return Err(Error::input(format!(
                    "{name}: binary data, not a CSV or tab-separated export: check that this is the file you downloaded (not a spreadsheet or archive)"
                )));
            } else {
                // Decided on the whole sample, not on the first bad byte: a UTF-8 file with a few
                // damaged bytes stays UTF-8 (the rows holding them are bad rows), while a
                // Windows-1252 file, whose accented letters are never valid UTF-8 sequences,
                // has no multi-byte sequences at all.
                let (valid, invalid) = utf8_census(&head, full);
                if invalid == 0 || valid >= invalid {
                    (UTF_8, "utf-8", 0)
                } else {
                    (WINDOWS_1252, "windows-1252", 0)
                }
            }
        }
    };
    let head_text: String = if encoding == UTF_8 {
        String::from_utf8_lossy(&head[bom_len..]).into_owned()
    } else {
        encoding.decode(&head).0.into_owned()
    };
    let first_line = head_text
        .lines()
        .find(|l| !l.trim_matches([',', ' ', '\t', '\r']).is_empty())
        .unwrap_or("");
    let tabs = first_line.matches('\t').count();
    let commas = first_line.matches(',').count();
    let semis = first_line.matches(';').count();
    let delimiter = if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    };
    // Amazon's tab-separated flat files do not quote; a tab file re-saved by a spreadsheet does.
    let quoting = delimiter != b'\t' || first_line.starts_with('"');

    let rest: Box<dyn Read> = Box::new(io::Cursor::new(head).chain(counted));
    let stream: Box<dyn Read> = if encoding == UTF_8 {
        if bom_len > 0 {
            let mut r = rest;
            let mut bom = [0u8; 3];
            r.read_exact(&mut bom).map_err(|e| Error::io(name, e))?;
            r
        } else {
            rest
        }
    } else {
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_sniffing(true)
                .build(rest),
        )
    };
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(quoting)
        .double_quote(quoting)
        .buffer_capacity(256 * 1024)
        .from_reader(stream);
    Ok(Opened {
        reader,
        encoding: label,
        delimiter,
        bytes,
    })
}

/// Valid multi-byte UTF-8 sequences in `head`, and runs of invalid bytes (adjacent invalid
/// sequences are one run: one damaged spot; in a Windows-1252 file each accented word is one).
/// A sequence cut at the end of a full sample is neither.
pub fn utf8_census(head: &[u8], full: bool) -> (usize, usize) {
    let mut valid = 0;
    let mut invalid = 0;
    let mut rest = head;
    let mut in_run = false;
    loop {
        match std::str::from_utf8(rest) {
            Ok(t) => {
                valid += t.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let good = &rest[..e.valid_up_to()];
                valid += good.iter().filter(|b| **b >= 0xC0).count();
                match e.error_len() {
                    Some(n) => {
                        if !(in_run && good.is_empty()) {
                            invalid += 1;
                        }
                        in_run = true;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    None => {
                        if !full {
                            invalid += 1;
                        }
                        break;
                    }
                }
            }
        }
    }
    (valid, invalid)
}

/// NUL bytes, or many control characters, mean this is not a text export.
fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls * 100 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Result<(Vec<Vec<String>>, &'static str, u8)> {
        let mut o = open("t.csv", Box::new(io::Cursor::new(bytes.to_vec())), None)?;
        let mut rows = Vec::new();
        for r in o.reader.records() {
            let r = r.map_err(|e| Error::input(e.to_string()))?;
            rows.push(r.iter().map(str::to_string).collect());
        }
        Ok((rows, o.encoding, o.delimiter))
    }

    #[test]
    fn detects_encodings_and_delimiters() {
        let (rows, enc, d) = read_all(b"\xEF\xBB\xBFa,b\r\n1,\"x\ny\"\r\n").unwrap();
        assert_eq!((enc, d), ("utf-8-bom", b','));
        assert_eq!(rows, vec![vec!["a", "b"], vec!["1", "x\ny"]]);
        let (rows, enc, _) = read_all(b"name,city\nJos\xE9,K\xF6ln\n").unwrap();
        assert_eq!(enc, "windows-1252");
        assert_eq!(rows[1], vec!["José", "Köln"]);
        let (rows, _, d) = read_all(b"a-b\tc\n\"q\tx\n").unwrap();
        assert_eq!(d, b'\t');
        assert_eq!(rows[1], vec!["\"q", "x"]);
    }

    #[test]
    fn a_few_bad_bytes_in_a_utf8_file_do_not_make_it_windows_1252() {
        // Six invalid bytes in the first title, then ordinary UTF-8 text.
        let mut bytes = b"title,city\nMug \xff\xfe\xff\xfe\xff\xfe,x\n".to_vec();
        for _ in 0..10 {
            bytes.extend_from_slice("Caf\u{e9},K\u{f6}ln\n".as_bytes());
        }
        let o = open("t.csv", Box::new(io::Cursor::new(bytes)), None).unwrap();
        assert_eq!(o.encoding, "utf-8");
        assert_eq!(utf8_census(b"a\xe9b", false), (0, 1));
        assert_eq!(utf8_census(b"M\xfcller und M\xfcller", false), (0, 2));
        assert_eq!(utf8_census(b"\xff\xfe\xfd\xfc\xfb\xfa ok", false), (0, 1));
        assert_eq!(utf8_census("é€".as_bytes(), false), (2, 0));
        // A character cut at the end of a full sample is not counted as invalid.
        assert_eq!(utf8_census(b"ab\xc3", true), (0, 0));
    }

    #[test]
    fn rejects_empty_and_binary() {
        let e = read_all(b"").unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
        let e = read_all(b"PK\x03\x04\x00\x00garbage")
            .unwrap_err()
            .to_string();
        assert!(e.contains("binary"), "{e}");
    }
}
