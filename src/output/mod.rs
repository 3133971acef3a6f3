//! Everything that reaches stdout or stderr goes through here: results in the chosen format on
//! stdout; status, warnings and progress bars on stderr.

pub mod chart;
pub mod csv_out;
pub mod html;
pub mod json_safe;
pub mod markdown;
pub mod progress;
pub mod sanitize;
pub mod table;

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::error::{Error, Result};

pub use table::{Align, TableOpts, Titled};

/// Output formats of every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// One JSON document with `schema_version`.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header row; nested fields joined with `_`.
    Csv,
    /// Markdown: a heading and a pipe table per table (for notes, issues, chat).
    Markdown,
    /// One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts.
    /// Written to -o FILE, or to stdout when stdout is not a terminal.
    Html,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "ndjson" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

/// The version of every JSON document's shape. Additive changes keep it; renames bump it.
pub const SCHEMA_VERSION: u32 = 1;

/// A command's wire struct (its document or one of its records) as the JSON value [`Render`]
/// returns. Field order is declaration order; `null` only if the value cannot be JSON at all
/// (a map with non-text keys), which no wire struct has.
pub fn to_json<T: Serialize + ?Sized>(wire: &T) -> serde_json::Value {
    serde_json::to_value(wire).unwrap_or_default()
}

/// A command's result, renderable in every format.
pub trait Render {
    /// The JSON document: a top-level object that starts with `schema_version`.
    fn document(&self) -> serde_json::Value;
    /// Self-contained records for NDJSON and CSV.
    fn records(&self) -> Vec<serde_json::Value>;
    /// Tables for people.
    fn tables(&self, opts: &TableOpts) -> Vec<Titled>;
    /// Markdown: by default the tables, each under a heading.
    fn markdown(&self) -> String {
        markdown::from_tables(&self.tables(&TableOpts::plain()))
    }
    /// A self-contained HTML page: by default the tables.
    fn html(&self) -> String {
        html::page(
            "sellkit",
            &html::from_tables(&self.tables(&TableOpts::plain())),
        )
    }
}

/// How output should look, decided once at start-up.
#[derive(Debug, Clone)]
pub struct OutputOpts {
    pub format: Format,
    pub quiet: bool,
    pub verbose: u8,
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    pub width: Option<u16>,
    /// `--raw-csv`: CSV text cells exactly as stored (no formula neutralising).
    pub raw_csv: bool,
}

impl OutputOpts {
    /// Decides colour and terminal facts from flags and the environment.
    pub fn detect(
        format: Format,
        quiet: bool,
        verbose: u8,
        color: &str,
        no_color_env: bool,
    ) -> OutputOpts {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let allowed = match color {
            "always" => true,
            "never" => false,
            _ => !no_color_env,
        };
        let auto = color != "always";
        OutputOpts {
            format,
            quiet,
            verbose,
            color_stdout: allowed && (!auto || stdout_tty) && format == Format::Table,
            color_stderr: allowed && (!auto || stderr_tty),
            stdout_tty,
            stderr_tty,
            width: if stdout_tty {
                console::Term::stdout().size_checked().map(|(_, w)| w)
            } else {
                None
            },
            raw_csv: false,
        }
    }
}

fn json_err(e: serde_json::Error) -> Error {
    if e.is_io() {
        Error::io("stdout", std::io::Error::from(e))
    } else {
        Error::Other(e.into())
    }
}

/// The one printer.
pub struct Printer {
    pub opts: OutputOpts,
}

impl Printer {
    pub fn new(opts: OutputOpts) -> Printer {
        console::set_colors_enabled(opts.color_stdout);
        console::set_colors_enabled_stderr(opts.color_stderr);
        Printer { opts }
    }

    pub fn format(&self) -> Format {
        self.opts.format
    }

    /// Writes a result to stdout in the chosen format.
    pub fn print(&self, result: &dyn Render) -> Result<()> {
        if self.opts.format == Format::Html && self.opts.stdout_tty {
            return Err(Error::usage(
                "--format html writes a whole page: pass -o FILE (e.g. -o report.html) or redirect stdout to a file",
            ));
        }
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        self.write(result, &mut out)?;
        out.flush().map_err(|e| Error::io("stdout", e))
    }

    /// Renders a result into any writer (used for stdout and `-o FILE`).
    pub fn write(&self, result: &dyn Render, out: &mut dyn Write) -> Result<()> {
        let io = |e| Error::io("stdout", e);
        match self.opts.format {
            Format::Json => {
                json_safe::write(&mut *out, &result.document(), true).map_err(json_err)?;
                writeln!(out).map_err(io)?;
            }
            Format::Ndjson => {
                for record in result.records() {
                    json_safe::write(&mut *out, &record, false).map_err(json_err)?;
                    writeln!(out).map_err(io)?;
                }
            }
            Format::Csv => csv_out::write_with(&result.records(), out, self.opts.raw_csv)?,
            Format::Markdown => out.write_all(result.markdown().as_bytes()).map_err(io)?,
            Format::Html => out.write_all(result.html().as_bytes()).map_err(io)?,
            Format::Table => {
                let opts = TableOpts {
                    tty: self.opts.stdout_tty,
                    width: self.opts.width,
                    color: self.opts.color_stdout,
                };
                let tables = result.tables(&opts);
                for (i, t) in tables.iter().enumerate() {
                    if i > 0 {
                        writeln!(out).map_err(io)?;
                    }
                    if let Some(title) = &t.title {
                        let title = sanitize::for_terminal(title);
                        let title = if opts.color {
                            console::style(title).bold().to_string()
                        } else {
                            title
                        };
                        writeln!(out, "{title}").map_err(io)?;
                    }
                    writeln!(out, "{}", t.table).map_err(io)?;
                    if let Some(note) = &t.note {
                        writeln!(out, "{}", sanitize::for_terminal(note)).map_err(io)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A status line on stderr (hidden by -q).
    pub fn status(&self, message: &str) {
        if !self.opts.quiet {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{}", sanitize::for_terminal(message));
        }
    }

    /// A warning on stderr (always shown).
    pub fn warn(&self, message: &str) {
        let prefix = if self.opts.color_stderr {
            console::style("sellkit: warning:")
                .yellow()
                .bold()
                .to_string()
        } else {
            "sellkit: warning:".to_string()
        };
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{prefix} {}", sanitize::for_terminal(message));
    }

    /// A progress bar on stderr, drawn only on a terminal and never with -q or -v.
    pub fn progress(&self) -> progress::Bar {
        progress::Bar::new(self.opts.stderr_tty && !self.opts.quiet && self.opts.verbose == 0)
    }
}

/// A bare line on stdout, for `path`-style results that scripts use as `$(sellkit ... path)`.
pub fn print_line(text: &str) -> crate::error::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| crate::error::Error::io("stdout", e))
}
