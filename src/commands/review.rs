//! `sellkit review`: the interactive approval queue (DESIGN §9), and `review list` for scripts.

use std::io::IsTerminal;

use console::{Term, style};
use dialoguer::{Editor, Input, Select};
use serde_json::{Value, json};

use crate::cli::Context;
use crate::drafts::{self, Decider, DraftKind, DraftRow, DraftStatus, Filter};
use crate::error::{Error, Result};
use crate::money::Money;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};
use crate::review::{self, Impact, Live, edit};

/// Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each.
///
/// Opens on a summary of the waiting drafts (counts by kind, marketplace and agent), then pages
/// through them one screen at a time: what changes against what is live, the agent's rationale
/// and confidence, the fees and margin at the new price (Details shows everything). Approving
/// records the SHA-256 of exactly the payload you saw, who you are (the OS account) and when,
/// sealed with this install's secret; `sellkit post` sends only drafts whose payload still has
/// that hash. Editing opens $VISUAL or $EDITOR on the draft's fields as TOML, checks them with
/// the agents' validators and the price floor and ceiling, and re-hashes the draft (an earlier
/// approval no longer counts).
///
/// Bulk actions approve or reject every waiting draft the filters select: the list of them is
/// shown first, and you type the action and the count ("approve 37") to confirm. Each draft
/// still gets its own approval of its own hash.
///
/// Approval needs a person at a terminal: without a TTY on stdin and stdout `review` refuses
/// (exit 6) and changes nothing. No flag or variable approves for you. Keys: arrows and Enter.
///
/// Examples:
///
///   sellkit review
///
///   sellkit review --marketplace etsy --kind price_change
///
///   sellkit review --agent pricing --min-confidence 80
///
///   sellkit review list --status approved --json
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<ReviewCommand>,
    #[command(flatten)]
    pub filters: Filters,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Filters {
    /// Only drafts for this marketplace
    #[arg(long, value_name = "MARKETPLACE", value_parser = ["etsy", "shopify", "amazon", "ebay"])]
    pub marketplace: Option<String>,
    /// Only drafts of this kind
    #[arg(long, value_name = "KIND", value_parser = ["new_listing", "listing_update", "price_change"])]
    pub kind: Option<String>,
    /// Only drafts for this SKU
    #[arg(long, value_name = "SKU")]
    pub sku: Option<String>,
    /// Only drafts from this agent (e.g. pricing, listing_writer)
    #[arg(long, value_name = "AGENT")]
    pub agent: Option<String>,
    /// Only drafts whose confidence is at least this percentage (0-100)
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_confidence: Option<u8>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ReviewCommand {
    /// List drafts without changing anything (for scripts; no terminal needed)
    ///
    /// Examples:
    ///   sellkit review list
    ///   sellkit review list --status pending --marketplace ebay --json
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only drafts with this status (default: all)
    #[arg(long, value_name = "STATUS", value_parser = ["pending", "approved", "rejected", "posted", "failed", "superseded"])]
    pub status: Option<String>,
    #[command(flatten)]
    pub filters: Filters,
}

fn filter(f: &Filters, status: Option<DraftStatus>) -> Filter {
    Filter {
        marketplace: f.marketplace.clone(),
        kind: f.kind.as_deref().and_then(DraftKind::parse),
        sku: f.sku.clone(),
        status,
        agent: f.agent.clone(),
        min_confidence_bp: f.min_confidence.map(|p| i64::from(p) * 100),
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.command {
        Some(ReviewCommand::List(l)) => list(ctx, &l),
        None => interactive(ctx, &args.filters),
    }
}

// ---------------------------------------------------------------- review list

struct Listed {
    rows: Vec<(DraftRow, Option<drafts::Decision>)>,
}

fn summary_of(d: &DraftRow) -> String {
    let p = review::proposed(d);
    if d.kind == DraftKind::PriceChange {
        let old = d
            .payload
            .get("old_price")
            .and_then(review::money_of)
            .map(|m| m.display())
            .unwrap_or_else(|| "?".into());
        let new = p.price.map(|m| m.display()).unwrap_or_else(|| "?".into());
        format!("{old} -> {new}")
    } else {
        sanitize::one_line(p.title.as_deref().unwrap_or("-"))
    }
}

impl Listed {
    fn drafts(&self) -> Vec<wire::ListedDraft<'_>> {
        self.rows
            .iter()
            .map(|(d, dec)| wire::ListedDraft {
                id: d.id,
                kind: &d.kind,
                marketplace: &d.marketplace,
                sku: d.sku.as_deref(),
                status: &d.status,
                payload_hash: &d.payload_hash,
                payload_intact: d.payload_intact(),
                agent: &d.agent,
                rationale: &d.rationale,
                confidence_bp: d.confidence_bp,
                created_at: &d.created_at,
                updated_at: &d.updated_at,
                payload: &d.payload,
                decision: dec.as_ref(),
            })
            .collect()
    }
}

impl Render for Listed {
    fn document(&self) -> Value {
        to_json(&wire::ListDoc {
            schema_version: SCHEMA_VERSION,
            drafts: self.drafts(),
        })
    }
    fn records(&self) -> Vec<Value> {
        self.drafts().iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .rows
            .iter()
            .map(|(d, dec)| {
                vec![
                    d.id.to_string(),
                    d.status.to_string(),
                    d.kind.to_string(),
                    d.marketplace.clone(),
                    d.sku.clone().unwrap_or_else(|| "-".into()),
                    summary_of(d),
                    table::percent(d.confidence_bp),
                    d.payload_hash.chars().take(12).collect(),
                    dec.as_ref()
                        .map(|x| format!("{} by {}", x.decision, x.who))
                        .unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        vec![Titled {
            title: Some(format!("Drafts ({})", table::count(self.rows.len() as i64))),
            table: table::build(
                opts,
                &[
                    ("draft", Align::Right),
                    ("status", Align::Left),
                    ("kind", Align::Left),
                    ("marketplace", Align::Left),
                    ("sku", Align::Left),
                    ("change", Align::Left),
                    ("confidence", Align::Right),
                    ("hash", Align::Left),
                    ("decision", Align::Left),
                ],
                rows,
            ),
            note: None,
        }]
    }
}

fn list(ctx: &Context, args: &ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let status = args.status.as_deref().and_then(DraftStatus::parse);
    let found = drafts::load_drafts(store.conn(), &filter(&args.filters, status))?;
    let mut rows = Vec::with_capacity(found.len());
    for d in found {
        let dec = drafts::latest_decision(store.conn(), d.id)?;
        rows.push((d, dec));
    }
    ctx.out.print(&Listed { rows })
}

// ---------------------------------------------------------------- interactive review

/// Refuses unless a person is at a terminal: stdin, stdout and stderr (where the prompts draw).
pub fn require_terminal(stdin: bool, stdout: bool, stderr: bool) -> Result<()> {
    let mut missing = Vec::new();
    if !stdin {
        missing.push("stdin");
    }
    if !stdout {
        missing.push("stdout");
    }
    if !stderr {
        missing.push("stderr");
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::safety(format!(
        "review needs a person at a terminal, but {} {} not a TTY; nothing was approved or changed. \
         Run `sellkit review` in a terminal, or `sellkit review list` to read the queue from a script",
        missing.join(" and "),
        if missing.len() == 1 { "is" } else { "are" }
    )))
}

fn ui_err(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::NotConnected {
        Error::safety("review lost its terminal; nothing more was recorded")
    } else {
        Error::io("terminal", io)
    }
}

/// The person at the terminal and the secret their decisions are sealed with.
#[derive(Clone, Copy)]
struct Reviewer<'a> {
    term: &'a Term,
    seal: &'a drafts::Seal,
    who: &'a str,
}

/// What one review session did. Tables show counts; JSON also lists the ids decided on.
#[derive(Default)]
struct Session {
    approved: Vec<i64>,
    rejected: Vec<i64>,
    edited: Vec<i64>,
    skipped: Vec<i64>,
    /// Waiting drafts the session did not reach.
    left: usize,
    /// Drafts a bulk action left out because they cannot be approved as they are.
    held_back: usize,
}

impl Render for Session {
    fn document(&self) -> Value {
        to_json(&wire::SessionDoc {
            schema_version: SCHEMA_VERSION,
            approved: &self.approved,
            rejected: &self.rejected,
            edited: &self.edited,
            skipped: &self.skipped,
            not_reviewed: self.left,
            held_back: self.held_back,
        })
    }
    fn records(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for (what, ids) in [
            ("approved", &self.approved),
            ("rejected", &self.rejected),
            ("skipped", &self.skipped),
        ] {
            for &draft in ids {
                out.push(to_json(&wire::SessionRecord {
                    draft,
                    decision: what,
                    edited: self.edited.contains(&draft),
                }));
            }
        }
        out
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let n = |v: usize| table::count(v as i64);
        let mut rows = vec![
            ("approved".into(), n(self.approved.len())),
            ("rejected".into(), n(self.rejected.len())),
            ("edited".into(), n(self.edited.len())),
            ("skipped".into(), n(self.skipped.len())),
            ("not reviewed".into(), n(self.left)),
        ];
        if self.held_back > 0 {
            rows.push(("held back (need an edit)".into(), n(self.held_back)));
        }
        vec![Titled {
            title: Some("Review".into()),
            table: table::key_values(opts, rows),
            note: (!self.approved.is_empty())
                .then(|| "Approved drafts are sent by `sellkit post` (try `sellkit post --dry-run` first).".into()),
        }]
    }
}

const WIDTH: usize = 80;
/// Rows a draft's screen may use on a 24-row terminal: the rest is the blank line above it and
/// the action menu (a prompt and six actions).
const SCREEN_ROWS: usize = 16;
/// Rows of a page in the pager (a bulk action's list, a draft's details).
const PAGE_ROWS: usize = 20;

/// Wraps text to `width` columns after `indent`.
fn wrap(text: &str, indent: &str, width: usize) -> Vec<String> {
    let avail = width
        .saturating_sub(console::measure_text_width(indent))
        .max(20);
    let mut out = Vec::new();
    for para in sanitize::for_terminal(text).split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word = word.to_string();
            while console::measure_text_width(&word) > avail {
                let head: String = word.chars().take(avail).collect();
                if !line.is_empty() {
                    out.push(format!("{indent}{line}"));
                    line.clear();
                }
                out.push(format!("{indent}{head}"));
                word = word.chars().skip(avail).collect();
            }
            let need = console::measure_text_width(&line)
                + usize::from(!line.is_empty())
                + console::measure_text_width(&word);
            if need > avail && !line.is_empty() {
                out.push(format!("{indent}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        out.push(format!("{indent}{line}"));
    }
    out
}

/// One line of at most `width` columns (cut with …).
fn fit(text: &str, width: usize) -> String {
    console::truncate_str(text, width, "…").to_string()
}

fn money_line(label: &str, a: &review::AtPrice) -> String {
    let mut s = format!(
        "{label} {}: fees {}, net {}",
        a.price.display(),
        a.fees.display(),
        a.net_proceeds.display()
    );
    if let Some(p) = a.profit {
        s.push_str(&format!(", profit {}", p.display()));
    }
    if let Some(m) = a.margin_bp {
        s.push_str(&format!(", margin {}", table::percent(Some(m))));
    }
    s
}

fn change_pct(old: Money, new: Money) -> String {
    match crate::money::basis_points(new.amount_minor - old.amount_minor, old.amount_minor) {
        Some(bp) => format!(
            " ({}{})",
            if bp > 0 { "+" } else { "" },
            table::percent(Some(bp))
        ),
        None => String::new(),
    }
}

/// Tags as a quoted, comma-separated list, so that multi-word tags can be told apart.
fn quoted_tags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| format!("\"{}\"", sanitize::one_line(t)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tag change as two quoted lists: tags removed and tags added (kept ones counted).
fn tag_lines(old: &[String], new: &[String]) -> Vec<(char, String)> {
    let removed: Vec<String> = old.iter().filter(|t| !new.contains(t)).cloned().collect();
    let added: Vec<String> = new.iter().filter(|t| !old.contains(t)).cloned().collect();
    let kept = new.iter().filter(|t| old.contains(t)).count();
    let mut out = Vec::new();
    if !removed.is_empty() {
        out.push(('-', quoted_tags(&removed)));
    }
    if !added.is_empty() {
        out.push(('+', quoted_tags(&added)));
    }
    if kept > 0 {
        out.push((
            ' ',
            format!(
                "{kept} kept: {}",
                quoted_tags(
                    &new.iter()
                        .filter(|t| old.contains(t))
                        .cloned()
                        .collect::<Vec<_>>()
                )
            ),
        ));
    }
    out
}

/// A description diff: lines changed in place are diffed by words (`[-old-]{+new+}`), lines
/// only removed or added are shown whole, unchanged lines are counted.
fn description_diff(old: &str, new: &str) -> (Vec<String>, usize) {
    // A missing newline at the end does not make the last line a change.
    let line_end = |t: &str| {
        let mut t = sanitize::for_terminal(t);
        if !t.ends_with('\n') {
            t.push('\n');
        }
        t
    };
    let old = line_end(old);
    let new = line_end(new);
    let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
    let mut out = Vec::new();
    let mut unchanged = 0usize;
    let mut deleted: Vec<String> = Vec::new();
    let mut inserted: Vec<String> = Vec::new();
    let flush = |out: &mut Vec<String>, deleted: &mut Vec<String>, inserted: &mut Vec<String>| {
        let pairs = deleted.len().min(inserted.len());
        for i in 0..pairs {
            out.push(word_diff(&deleted[i], &inserted[i]));
        }
        for d in &deleted[pairs..] {
            out.push(style(format!("- {d}")).red().to_string());
        }
        for n in &inserted[pairs..] {
            out.push(style(format!("+ {n}")).green().to_string());
        }
        deleted.clear();
        inserted.clear();
    };
    for change in diff.iter_all_changes() {
        let text = change.value().trim_end_matches('\n').to_string();
        match change.tag() {
            similar::ChangeTag::Equal => {
                flush(&mut out, &mut deleted, &mut inserted);
                unchanged += 1;
            }
            similar::ChangeTag::Delete => deleted.push(text),
            similar::ChangeTag::Insert => inserted.push(text),
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    (out, unchanged)
}

/// One changed line, diffed by words.
fn word_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_words(old, new);
    let mut line = String::from("~ ");
    for change in diff.iter_all_changes() {
        let v = change.value();
        match change.tag() {
            similar::ChangeTag::Equal => line.push_str(v),
            similar::ChangeTag::Delete if v.trim().is_empty() => {}
            similar::ChangeTag::Insert if v.trim().is_empty() => line.push_str(v),
            similar::ChangeTag::Delete => {
                line.push_str(&style(format!("[-{v}-]")).red().to_string())
            }
            similar::ChangeTag::Insert => {
                line.push_str(&style(format!("{{+{v}+}}")).green().to_string())
            }
        }
    }
    line
}

/// The draft's price before and after, and its band.
fn price_lines(d: &DraftRow, live: Option<&Live>) -> Vec<String> {
    let p = review::proposed(d);
    let Some(new) = p.price else {
        return Vec::new();
    };
    let old = d
        .payload
        .get("old_price")
        .and_then(review::money_of)
        .or_else(|| live.map(|l| l.price));
    let mut line = match old {
        Some(o) if o != new => format!(
            "price  {} -> {}{}",
            style(format!("- {}", o.display())).red(),
            style(format!("+ {}", new.display())).green(),
            change_pct(o, new)
        ),
        Some(_) => format!("price  {} (unchanged)", new.display()),
        None => format!("price  {}", style(format!("+ {}", new.display())).green()),
    };
    if p.floor.is_some() || p.ceiling.is_some() {
        line.push_str(&format!(
            "  band {} .. {}",
            p.floor.map(|m| m.display()).unwrap_or_else(|| "-".into()),
            p.ceiling.map(|m| m.display()).unwrap_or_else(|| "-".into())
        ));
    }
    vec![line]
}

fn header(d: &DraftRow, pos: usize, total: usize) -> Vec<String> {
    let head = format!(
        " Draft {} ({}/{}) {} on {} SKU {} ",
        d.id,
        table::count(pos as i64),
        table::count(total as i64),
        d.kind,
        sanitize::one_line(&d.marketplace),
        sanitize::one_line(d.sku.as_deref().unwrap_or("-"))
    );
    let head = fit(&head, WIDTH - 4);
    let fill = WIDTH.saturating_sub(console::measure_text_width(&head) + 2);
    vec![
        style(format!("--{head}{}", "-".repeat(fill)))
            .bold()
            .to_string(),
        fit(
            &format!(
                "by {} · confidence {} · queued {}",
                sanitize::one_line(&d.agent),
                table::percent(d.confidence_bp),
                sanitize::one_line(&d.created_at)
            ),
            WIDTH,
        ),
    ]
}

/// The screen of one draft, at most [`SCREEN_ROWS`] lines of at most 80 columns: what changes,
/// in one or two lines a field. Details shows everything.
fn screen(
    d: &DraftRow,
    live: Option<&Live>,
    impact: Option<&Impact>,
    pos: usize,
    total: usize,
) -> Vec<String> {
    let mut out = header(d, pos, total);
    let mut body: Vec<String> = Vec::new();
    if !d.rationale.trim().is_empty() {
        let mut why = wrap(&d.rationale, "       ", WIDTH);
        if let Some(first) = why.first_mut() {
            *first = format!("why    {}", first.trim_start());
        }
        let n = why.len();
        body.extend(why.into_iter().take(2).map(|l| fit(&l, WIDTH)));
        if n > 2 {
            body.push(style("       … (Details shows all)").dim().to_string());
        }
    }
    let p = review::proposed(d);
    if let Some(t) = &p.title {
        match live.map(|l| l.title.as_str()) {
            Some(o) if o == t => body.push(fit(
                &format!("title  (unchanged) {}", sanitize::one_line(t)),
                WIDTH,
            )),
            Some(o) => {
                body.push(
                    style(fit(&format!("title  - {}", sanitize::one_line(o)), WIDTH))
                        .red()
                        .to_string(),
                );
                body.push(
                    style(fit(&format!("       + {}", sanitize::one_line(t)), WIDTH))
                        .green()
                        .to_string(),
                );
            }
            None => body.push(
                style(fit(&format!("title  + {}", sanitize::one_line(t)), WIDTH))
                    .green()
                    .to_string(),
            ),
        }
    }
    if let Some(desc) = &p.description {
        let line = match live.map(|l| l.description.as_str()) {
            Some(old) if old == desc => "description  (unchanged)".to_string(),
            Some(old) => {
                let (lines, unchanged) = description_diff(old, desc);
                format!(
                    "description  {} line(s) changed, {unchanged} unchanged (Details shows the words)",
                    lines.len()
                )
            }
            None => format!("description  {} line(s), new", desc.lines().count()),
        };
        body.push(fit(&line, WIDTH));
    }
    if let Some(tags) = &p.tags {
        let old: Vec<String> = live.map(|l| l.tags.clone()).unwrap_or_default();
        let lines = tag_lines(&old, tags);
        if lines.is_empty() {
            body.push("tags   (none)".into());
        }
        for (i, (sign, text)) in lines.into_iter().enumerate() {
            let label = if i == 0 { "tags   " } else { "       " };
            let l = fit(&format!("{label}{sign} {text}"), WIDTH);
            body.push(match sign {
                '-' => style(l).red().to_string(),
                '+' => style(l).green().to_string(),
                _ => style(l).dim().to_string(),
            });
        }
    }
    if let Some(b) = &p.bullets
        && !b.is_empty()
    {
        body.push(fit(
            &format!("bullets {} (Details shows them)", b.len()),
            WIDTH,
        ));
    }
    body.extend(price_lines(d, live));
    if let Some(q) = p.quantity {
        body.push(match live.and_then(|l| l.quantity) {
            Some(o) if o != q => format!("quantity  - {o} -> + {q}"),
            Some(_) => format!("quantity  {q} (unchanged)"),
            None => format!("quantity  + {q}"),
        });
    }
    if let Some(i) = impact {
        body.push(fit(&money_line("money  at", &i.new), WIDTH));
        if let Some(o) = &i.old {
            body.push(fit(&money_line("       was", o), WIDTH));
        }
    }
    let problems = blockers(d);
    if !problems.is_empty() {
        body.push(
            style(fit(
                &format!("cannot be approved yet: {}", problems.join("; ")),
                WIDTH,
            ))
            .yellow()
            .to_string(),
        );
    }
    let room = SCREEN_ROWS - out.len() - 1;
    if body.len() > room {
        body.truncate(room - 1);
        body.push(style("… more in Details").dim().to_string());
    }
    out.extend(body);
    out.push(
        style(format!(
            "sha256 {}",
            &d.payload_hash[..d.payload_hash.len().min(64)]
        ))
        .dim()
        .to_string(),
    );
    out
}

/// Everything about a draft, for the Details pager.
fn details(d: &DraftRow, live: Option<&Live>, impact: Option<&Impact>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(l) = live {
        out.push(format!(
            "live: listing {} ({})",
            sanitize::one_line(&l.external_id),
            sanitize::one_line(&l.state)
        ));
    } else if d.kind == DraftKind::NewListing {
        out.push("live: nothing yet (a new listing)".into());
    } else {
        out.push("live: no listing found in the store; the draft only".into());
    }
    if !d.rationale.trim().is_empty() {
        out.push(style("why").bold().to_string());
        out.extend(wrap(&d.rationale, "  ", WIDTH));
    }
    let p = review::proposed(d);
    if let Some(t) = &p.title {
        out.push(style("title").bold().to_string());
        if let Some(o) = live.map(|l| l.title.as_str()).filter(|o| o != t) {
            out.extend(
                wrap(o, "  - ", WIDTH)
                    .into_iter()
                    .map(|l| style(l).red().to_string()),
            );
        }
        out.extend(
            wrap(t, "  + ", WIDTH)
                .into_iter()
                .map(|l| style(l).green().to_string()),
        );
    }
    if let Some(desc) = &p.description {
        out.push(style("description").bold().to_string());
        match live.map(|l| l.description.as_str()) {
            Some(old) if old != desc => {
                let (lines, unchanged) = description_diff(old, desc);
                for l in lines {
                    out.extend(wrap_styled(&format!("  {l}")));
                }
                if unchanged > 0 {
                    out.push(
                        style(format!("  ({unchanged} unchanged line(s) not shown)"))
                            .dim()
                            .to_string(),
                    );
                }
            }
            Some(_) => out.push(style("  (unchanged)").dim().to_string()),
            None => out.extend(wrap(desc, "  + ", WIDTH)),
        }
    }
    if let Some(tags) = &p.tags {
        out.push(style("tags").bold().to_string());
        let old: Vec<String> = live.map(|l| l.tags.clone()).unwrap_or_default();
        for (sign, text) in tag_lines(&old, tags) {
            out.extend(wrap(&text, &format!("  {sign} "), WIDTH));
        }
        out.extend(wrap(&format!("now: {}", quoted_tags(tags)), "  ", WIDTH));
    }
    if let Some(b) = &p.bullets {
        out.push(style("bullets").bold().to_string());
        for x in b {
            out.extend(wrap(x, "  * ", WIDTH));
        }
    }
    out.extend(price_lines(d, live));
    if let Some(i) = impact {
        out.push(style("money").bold().to_string());
        out.extend(wrap(&money_line("at", &i.new), "  ", WIDTH));
        if let Some(o) = &i.old {
            out.extend(wrap(&money_line("was", o), "  ", WIDTH));
        }
        for n in &i.notes {
            out.extend(wrap(n, "  ", WIDTH));
        }
    }
    for pr in blockers(d) {
        out.extend(
            wrap(&pr, "  ! ", WIDTH)
                .into_iter()
                .map(|l| style(l).yellow().to_string()),
        );
    }
    out.push(format!("payload sha256 {}", d.payload_hash));
    out
}

/// A line that already carries colour, cut into pieces of at most 80 visible columns.
fn wrap_styled(line: &str) -> Vec<String> {
    if console::measure_text_width(line) <= WIDTH {
        return vec![line.to_string()];
    }
    let plain = console::strip_ansi_codes(line).to_string();
    wrap(&plain, "  ", WIDTH)
}

/// Why a draft cannot be approved as it is (empty when it can).
fn blockers(d: &DraftRow) -> Vec<String> {
    let mut out = edit::problems_of(d);
    if !d.payload_intact() {
        out.push("the payload does not match its hash (changed outside sellkit): reject it".into());
    }
    if let Err(why) = drafts::payload::destination(&d.payload) {
        out.push(why);
    }
    if d.kind == DraftKind::NewListing {
        let p = review::proposed(d);
        if p.price.is_none() {
            out.push("a new listing needs a price: use Edit".into());
        }
        if p.quantity.is_none() {
            out.push("a new listing needs a quantity: use Edit".into());
        }
        let attrs = d.payload.get("attributes");
        for a in edit::required_attributes(&d.marketplace) {
            if attrs.and_then(|x| x.get(*a)).is_none_or(Value::is_null) {
                out.push(format!(
                    "a new {} listing needs attributes.{a}: use Edit",
                    sanitize::one_line(&d.marketplace)
                ));
            }
        }
    }
    if d.sku.as_deref().is_none_or(str::is_empty) {
        out.push("the draft has no SKU".into());
    }
    out
}

fn show(term: &Term, lines: &[String]) -> Result<()> {
    for l in lines {
        term.write_line(l).map_err(|e| Error::io("terminal", e))?;
    }
    Ok(())
}

/// Shows `lines` a page at a time: Space, Enter, Page Down or arrow down for more, arrow up or
/// Page Up to go back, q or Esc to stop.
fn pager(term: &Term, title: &str, lines: &[String]) -> Result<()> {
    let pages = lines.len().div_ceil(PAGE_ROWS).max(1);
    let mut page = 0usize;
    loop {
        let _ = term.clear_screen();
        show(term, &[style(fit(title, WIDTH)).bold().to_string()])?;
        let from = page * PAGE_ROWS;
        show(term, &lines[from..(from + PAGE_ROWS).min(lines.len())])?;
        let last = page + 1 >= pages;
        show(
            term,
            &[style(format!(
                "-- page {} of {} -- {}",
                page + 1,
                pages,
                if last {
                    "Enter or q: back; Up: previous page"
                } else {
                    "Space/Down: next page, Up: previous, q: back"
                }
            ))
            .dim()
            .to_string()],
        )?;
        let key = term.read_key().map_err(|e| Error::io("terminal", e))?;
        match key {
            console::Key::Char('q') | console::Key::Escape => return Ok(()),
            console::Key::Enter if last => return Ok(()),
            console::Key::ArrowUp | console::Key::PageUp => page = page.saturating_sub(1),
            console::Key::Char(' ')
            | console::Key::Enter
            | console::Key::ArrowDown
            | console::Key::PageDown
                if !last =>
            {
                page += 1;
            }
            _ => {}
        }
    }
}

const ACTIONS: [&str; 6] = ["Skip", "Approve", "Edit", "Reject", "Details", "Quit"];

/// The opening screen: how many drafts wait, by kind, marketplace and agent.
fn summary_screen(c: &drafts::Counts, f: &Filters) -> Vec<String> {
    let n = |v: i64| table::count(v);
    let mut out = vec![
        style(format!(
            "{} {} waiting{}",
            n(c.total),
            if c.total == 1 { "draft" } else { "drafts" },
            if f.marketplace.is_some()
                || f.kind.is_some()
                || f.sku.is_some()
                || f.agent.is_some()
                || f.min_confidence.is_some()
            {
                " (filtered)"
            } else {
                ""
            }
        ))
        .bold()
        .to_string(),
    ];
    for (label, rows) in [
        ("by kind", &c.by_kind),
        ("by marketplace", &c.by_marketplace),
        ("by agent", &c.by_agent),
    ] {
        let mut parts: Vec<String> = rows
            .iter()
            .take(5)
            .map(|(k, v)| format!("{} {}", sanitize::one_line(k), n(*v)))
            .collect();
        if rows.len() > 5 {
            parts.push(format!("{} more", rows.len() - 5));
        }
        out.push(fit(&format!("  {label:<15} {}", parts.join(" · ")), WIDTH));
    }
    out.push(
        style("  Narrow with --kind, --marketplace, --sku, --agent, --min-confidence.")
            .dim()
            .to_string(),
    );
    out
}

fn interactive(ctx: &Context, filters: &Filters) -> Result<()> {
    require_terminal(
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
        std::io::stderr().is_terminal(),
    )?;
    let mut store = ctx.open_store()?;
    let who = review::os_user();
    let today = ctx.today();
    let pending = filter(filters, Some(DraftStatus::Pending));
    let counts = drafts::counts(store.conn(), &pending)?;
    let term = Term::stderr();
    if counts.total == 0 {
        ctx.out.status("No drafts are waiting for review.");
        return ctx.out.print(&Session::default());
    }
    let seal = store.seal()?;
    let mut session = Session::default();
    show(&term, &summary_screen(&counts, filters))?;
    let total = counts.total as usize;
    let menu = [
        "Review them one by one".to_string(),
        format!(
            "Approve all {} (shows them first)",
            table::count(counts.total)
        ),
        format!(
            "Reject all {} (shows them first)",
            table::count(counts.total)
        ),
        "Quit".to_string(),
    ];
    let start = Select::new()
        .with_prompt("Start")
        .items(&menu)
        .default(0)
        .interact_on_opt(&term)
        .map_err(ui_err)?;
    match start {
        Some(0) => {}
        Some(1) | Some(2) => {
            let approve = start == Some(1);
            let reviewer = Reviewer {
                term: &term,
                seal: &seal,
                who: &who,
            };
            bulk(ctx, reviewer, &mut store, &pending, approve, &mut session)?;
            return ctx.out.print(&session);
        }
        _ => {
            session.left = total;
            return ctx.out.print(&session);
        }
    }
    let ids = drafts::draft_ids(store.conn(), &pending)?;
    let mut quit = false;
    for (i, id) in ids.iter().enumerate() {
        if quit {
            session.left += 1;
            continue;
        }
        let mut d = match drafts::load_draft(store.conn(), *id)? {
            Some(d) if d.status == DraftStatus::Pending => d,
            _ => continue,
        };
        loop {
            let live = review::live_listing(store.conn(), &d)?;
            let imp = review::impact(store.conn(), &d, live.as_ref(), today)?;
            let _ = term.clear_screen();
            show(
                &term,
                &screen(&d, live.as_ref(), imp.as_ref(), i + 1, ids.len()),
            )?;
            let choice = Select::new()
                .with_prompt(format!("Draft {}", d.id))
                .items(ACTIONS)
                .default(0)
                .interact_on_opt(&term)
                .map_err(ui_err)?;
            let now = crate::time::rfc3339(ctx.clock());
            match choice.map(|c| ACTIONS[c]) {
                Some("Skip") => {
                    session.skipped.push(d.id);
                    break;
                }
                Some("Details") => {
                    pager(
                        &term,
                        &format!("Draft {} details", d.id),
                        &details(&d, live.as_ref(), imp.as_ref()),
                    )?;
                    continue;
                }
                Some("Approve") => {
                    let problems = blockers(&d);
                    if !problems.is_empty() {
                        show(
                            &term,
                            &[style(format!(
                                "Draft {} cannot be approved: {}",
                                d.id,
                                sanitize::one_line(&problems.join("; "))
                            ))
                            .yellow()
                            .to_string()],
                        )?;
                        pause(&term)?;
                        continue;
                    }
                    let (id, hash) = (d.id, d.payload_hash.clone());
                    let by = Decider {
                        seal: &seal,
                        who: &who,
                        how: "tty",
                        now: &now,
                    };
                    store.write(|tx| drafts::approve(tx, &by, id, &hash))?;
                    show(
                        &term,
                        &[
                            style(format!("Approved draft {id} (sha256 {})", &hash[..12]))
                                .green()
                                .to_string(),
                        ],
                    )?;
                    session.approved.push(id);
                    break;
                }
                Some("Reject") => {
                    let reason = ask_reason(&term)?;
                    let now = crate::time::rfc3339(ctx.clock());
                    let (id, hash) = (d.id, d.payload_hash.clone());
                    let by = Decider {
                        seal: &seal,
                        who: &who,
                        how: "tty",
                        now: &now,
                    };
                    store.write(|tx| drafts::reject(tx, &by, id, &hash, &reason))?;
                    show(
                        &term,
                        &[style(format!("Rejected draft {id}")).red().to_string()],
                    )?;
                    session.rejected.push(id);
                    break;
                }
                Some("Edit") => {
                    let context = bounds_context(store.conn(), &d, live.as_ref(), today)?;
                    if let Some(new) = edit_loop(&term, &d, &context)? {
                        let now = crate::time::rfc3339(ctx.clock());
                        let (id, hash) = (d.id, d.payload_hash.clone());
                        let new_hash = store.write(|tx| {
                            drafts::replace_payload(tx, &seal, id, &hash, &new, &who, &now)
                        })?;
                        if new_hash != hash {
                            if !session.edited.contains(&id) {
                                session.edited.push(id);
                            }
                            show(
                                &term,
                                &[format!("Draft {id} saved (sha256 {})", &new_hash[..12])],
                            )?;
                        } else {
                            show(&term, &["No change.".to_string()])?;
                        }
                        d = drafts::load_draft(store.conn(), id)?
                            .ok_or_else(|| Error::safety(format!("draft {id} disappeared")))?;
                    }
                    continue;
                }
                _ => {
                    quit = true;
                    session.left += 1;
                    break;
                }
            }
        }
    }
    ctx.out.print(&session)
}

fn pause(term: &Term) -> Result<()> {
    show(term, &[style("Press any key to go on.").dim().to_string()])?;
    term.read_key().map_err(|e| Error::io("terminal", e))?;
    Ok(())
}

fn ask_reason(term: &Term) -> Result<String> {
    Input::new()
        .with_prompt("Reason")
        .validate_with(|s: &String| {
            if s.trim().is_empty() {
                Err("a reason is required")
            } else {
                Ok(())
            }
        })
        .interact_text_on(term)
        .map_err(ui_err)
}

/// A bulk approval or rejection of every pending draft `pending` selects: the list first, then
/// a typed confirmation of the action and the count. Each draft gets its own decision on its
/// own hash; drafts that cannot be approved as they are are held back and counted.
fn bulk(
    ctx: &Context,
    reviewer: Reviewer<'_>,
    store: &mut crate::store::Store,
    pending: &Filter,
    approve: bool,
    session: &mut Session,
) -> Result<()> {
    let Reviewer { term, seal, who } = reviewer;
    let all = drafts::load_drafts(store.conn(), pending)?;
    let (ok, held): (Vec<DraftRow>, Vec<DraftRow>) = if approve {
        all.into_iter().partition(|d| blockers(d).is_empty())
    } else {
        (all, Vec::new())
    };
    let verb = if approve { "approve" } else { "reject" };
    let lines: Vec<String> = ok
        .iter()
        .map(|d| {
            fit(
                &format!(
                    "#{:<6} {:<14} {:<8} {:<14} {:>6}  {}",
                    d.id,
                    d.kind.as_str(),
                    sanitize::one_line(&d.marketplace),
                    sanitize::one_line(d.sku.as_deref().unwrap_or("-")),
                    table::percent(d.confidence_bp),
                    summary_of(d)
                ),
                WIDTH,
            )
        })
        .collect();
    let title = format!(
        "{} {} draft(s){}",
        if approve { "Approve" } else { "Reject" },
        table::count(ok.len() as i64),
        if held.is_empty() {
            String::new()
        } else {
            format!(
                " ({} held back: they need an edit first)",
                table::count(held.len() as i64)
            )
        }
    );
    session.held_back = held.len();
    if ok.is_empty() {
        show(term, &[title, "Nothing to do.".into()])?;
        session.left = held.len();
        return Ok(());
    }
    pager(term, &title, &lines)?;
    let _ = term.clear_screen();
    let expected = format!("{verb} {}", ok.len());
    let typed: String = Input::new()
        .with_prompt(format!(
            "Type \"{expected}\" to {verb} these {} drafts (anything else cancels)",
            ok.len()
        ))
        .allow_empty(true)
        .interact_text_on(term)
        .map_err(ui_err)?;
    if typed.trim() != expected {
        show(term, &["Cancelled: nothing recorded.".to_string()])?;
        session.left = ok.len() + held.len();
        return Ok(());
    }
    let reason = if approve {
        String::new()
    } else {
        ask_reason(term)?
    };
    let ids: Vec<(i64, String)> = ok.iter().map(|d| (d.id, d.payload_hash.clone())).collect();
    store.write(|tx| {
        for (id, hash) in &ids {
            let now = crate::time::rfc3339(ctx.clock());
            let by = Decider {
                seal,
                who,
                how: "tty-bulk",
                now: &now,
            };
            if approve {
                drafts::approve(tx, &by, *id, hash)?;
            } else {
                drafts::reject(tx, &by, *id, hash, &reason)?;
            }
        }
        Ok(())
    })?;
    let done: Vec<i64> = ids.into_iter().map(|(id, _)| id).collect();
    show(
        term,
        &[style(format!(
            "{} {} draft(s)",
            if approve { "Approved" } else { "Rejected" },
            table::count(done.len() as i64)
        ))
        .green()
        .to_string()],
    )?;
    if approve {
        session.approved = done;
    } else {
        session.rejected = done;
    }
    session.left = held.len();
    Ok(())
}

/// The editor's header lines for a priced draft: the current price and the margin at the
/// floor, the ceiling and the current price.
fn bounds_context(
    conn: &rusqlite::Connection,
    d: &DraftRow,
    live: Option<&Live>,
    today: jiff::civil::Date,
) -> Result<Vec<String>> {
    let p = review::proposed(d);
    if p.price.is_none() {
        return Ok(Vec::new());
    }
    let current = d
        .payload
        .get("old_price")
        .and_then(review::money_of)
        .or_else(|| live.map(|l| l.price));
    let mut out = Vec::new();
    for (label, price) in [
        ("Current price", current),
        ("Floor", p.floor),
        ("Ceiling", p.ceiling),
    ] {
        let Some(price) = price else { continue };
        let mut at = d.clone();
        at.payload[d.kind.price_key()] = json!(price);
        let margin = review::impact(conn, &at, live, today)?
            .and_then(|i| i.new.margin_bp)
            .map_or_else(
                || "margin not known".to_string(),
                |m| format!("margin {}", table::percent(Some(m))),
            );
        out.push(format!("{label}: {} ({margin})", price.decimal_string()));
    }
    Ok(out)
}

/// Opens the editor until the document is valid or the person gives up; the new payload.
fn edit_loop(term: &Term, d: &DraftRow, context: &[String]) -> Result<Option<Value>> {
    let mut text = edit::document_with(d, context);
    loop {
        let edited = Editor::new().extension(".toml").edit(&text).map_err(|e| {
            let dialoguer::Error::IO(io) = e;
            Error::config(format!(
                "could not run the editor ({io}): set VISUAL or EDITOR to an editor command"
            ))
        })?;
        let Some(edited) = edited else {
            show(term, &["Not saved: nothing changed.".to_string()])?;
            return Ok(None);
        };
        let problems = match edit::apply(d, &edited) {
            Ok(Ok(payload)) => return Ok(Some(payload)),
            Ok(Err(problems)) => problems,
            Err(e) => vec![e.to_string()],
        };
        let mut lines = vec![style("The edit is not valid:").yellow().bold().to_string()];
        for p in &problems {
            lines.extend(
                wrap(p, "  ! ", WIDTH)
                    .into_iter()
                    .map(|l| style(l).yellow().to_string()),
            );
        }
        show(term, &lines)?;
        let again = Select::new()
            .with_prompt("Edit")
            .items(["Edit again", "Discard the edit"])
            .default(0)
            .interact_on_opt(term)
            .map_err(ui_err)?;
        if again != Some(0) {
            return Ok(None);
        }
        text = edited;
    }
}

/// What `sellkit review` and `sellkit review list` print in JSON, NDJSON and CSV.
mod wire {
    use serde::Serialize;
    use serde_json::Value;

    use crate::drafts::{Decision, DraftKind, DraftStatus};

    /// The document `sellkit review list --json` prints.
    #[derive(Serialize)]
    pub struct ListDoc<'a> {
        pub schema_version: u32,
        /// Also the NDJSON/CSV records.
        pub drafts: Vec<ListedDraft<'a>>,
    }

    /// One draft of `sellkit review list`.
    #[derive(Serialize)]
    pub struct ListedDraft<'a> {
        pub id: i64,
        pub kind: &'a DraftKind,
        pub marketplace: &'a str,
        pub sku: Option<&'a str>,
        pub status: &'a DraftStatus,
        /// SHA-256 of the canonical payload, hex.
        pub payload_hash: &'a str,
        /// Whether the stored payload still hashes to `payload_hash`.
        pub payload_intact: bool,
        pub agent: &'a str,
        pub rationale: &'a str,
        pub confidence_bp: Option<i64>,
        pub created_at: &'a str,
        pub updated_at: &'a str,
        pub payload: &'a Value,
        /// The latest approval or rejection; `null` when there is none.
        pub decision: Option<&'a Decision>,
    }

    /// The document `sellkit review --json` prints when the session ends.
    #[derive(Serialize)]
    pub struct SessionDoc<'a> {
        pub schema_version: u32,
        /// Draft ids, in the order decided.
        pub approved: &'a [i64],
        pub rejected: &'a [i64],
        /// Drafts edited (and then approved, rejected or skipped).
        pub edited: &'a [i64],
        pub skipped: &'a [i64],
        /// Waiting drafts the session did not reach.
        pub not_reviewed: usize,
        /// Drafts a bulk action left out because they cannot be approved as they are.
        pub held_back: usize,
    }

    /// One NDJSON/CSV record of `sellkit review`: a draft decided on (or skipped).
    #[derive(Serialize)]
    pub struct SessionRecord {
        pub draft: i64,
        /// `approved`, `rejected` or `skipped`.
        pub decision: &'static str,
        pub edited: bool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_names_what_is_not_a_terminal() {
        assert!(require_terminal(true, true, true).is_ok());
        let e = require_terminal(false, true, true).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Safety);
        assert!(e.to_string().contains("stdin is not a TTY"), "{e}");
        let e = require_terminal(true, false, false).unwrap_err();
        assert!(e.to_string().contains("stdout and stderr are not"), "{e}");
    }

    fn listing(payload: Value) -> DraftRow {
        DraftRow {
            id: 12,
            kind: DraftKind::ListingUpdate,
            marketplace: "etsy".into(),
            shop_id: Some(1),
            sku: Some("MUG-00043".into()),
            listing_id: Some(1),
            payload_text: drafts::canonical_json(&payload),
            payload_hash: drafts::sha256_hex(drafts::canonical_json(&payload).as_bytes()),
            payload,
            agent: "listing_writer".into(),
            rationale: "Adds the material buyers search for. ".repeat(8),
            confidence_bp: Some(6500),
            status: DraftStatus::Pending,
            created_at: "2025-06-30T11:00:00Z".into(),
            updated_at: "2025-06-30T11:00:00Z".into(),
        }
    }

    #[test]
    fn a_listing_draft_screen_fits_80_by_24() {
        console::set_colors_enabled(false);
        let long = (0..30)
            .map(|i| format!("Line {i} of a long description about a mug."))
            .collect::<Vec<_>>()
            .join("\n");
        let d = listing(
            json!({"kind": "listing_update", "marketplace": "etsy", "sku": "MUG-00043",
            "shop": {"id": 1, "marketplace": "etsy", "external_id": "555", "origin": "api"},
            "listing_id": 1, "listing_external_id": "1001",
            "title": "Blue stoneware mug, thrown by hand, 350 ml, dishwasher safe, a gift for tea lovers",
            "description": long.replace("mug.", "cup."), "tags": ["mug", "stoneware mug", "tea gift", "handmade", "blue"],
            "bullets": ["Holds 350 ml", "Dishwasher safe"], "price": {"amount_minor": 2495, "currency": "USD"}, "quantity": 6}),
        );
        let live = Live {
            listing_id: 1,
            external_id: "1001".into(),
            title: "Blue mug".into(),
            description: long,
            tags: vec!["mug".into(), "blue".into(), "candle gift".into()],
            price: Money::new(2200, crate::money::Currency::USD),
            quantity: Some(4),
            state: "active".into(),
        };
        let lines = screen(&d, Some(&live), None, 1, 25_054);
        assert!(
            lines.len() <= SCREEN_ROWS,
            "{} lines:\n{}",
            lines.len(),
            lines.join("\n")
        );
        for l in &lines {
            assert!(console::measure_text_width(l) <= WIDTH, "{l}");
        }
        assert!(lines[0].contains("(1/25,054)"), "{}", lines[0]);
        let text = lines.join("\n");
        assert!(text.contains("- \"candle gift\""), "{text}");
        assert!(
            text.contains("+ \"stoneware mug\", \"tea gift\", \"handmade\""),
            "{text}"
        );
        // The whole of it is in Details, and fits 80 columns too.
        let all = details(&d, Some(&live), None);
        for l in &all {
            assert!(console::measure_text_width(l) <= WIDTH, "{l}");
        }
    }

    #[test]
    fn descriptions_are_diffed_by_words_within_lines() {
        console::set_colors_enabled(false);
        let (lines, unchanged) = description_diff(
            "A blue mug.\nThrown by hand.\nDishwasher safe.",
            "A blue stoneware mug.\nThrown by hand.\nDishwasher safe.",
        );
        assert_eq!(unchanged, 2);
        assert_eq!(lines, ["~ A blue {+stoneware+} mug."]);
        let (lines, _) = description_diff("One.\nTwo.", "One.\nTwo.\nThree.");
        assert_eq!(lines, ["+ Three."]);
        assert_eq!(
            quoted_tags(&["tea gift".into(), "mug".into()]),
            "\"tea gift\", \"mug\""
        );
    }

    #[test]
    fn wrapped_lines_fit_80_columns() {
        let long = "word ".repeat(60) + &"x".repeat(200);
        for l in wrap(&long, "  - ", WIDTH) {
            assert!(console::measure_text_width(&l) <= WIDTH, "{l}");
        }
    }

    /// A session's JSON document and NDJSON records (only reachable at a terminal), exactly.
    #[test]
    fn a_session_prints_ids_and_counts() {
        let session = Session {
            approved: vec![3, 1],
            rejected: vec![2],
            edited: vec![3, 2],
            skipped: vec![4],
            left: 5,
            held_back: 1,
        };
        assert_eq!(
            serde_json::to_string(&session.document()).unwrap(),
            r#"{"schema_version":1,"approved":[3,1],"rejected":[2],"edited":[3,2],"skipped":[4],"not_reviewed":5,"held_back":1}"#
        );
        let records: Vec<String> = session
            .records()
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        assert_eq!(
            records,
            [
                r#"{"draft":3,"decision":"approved","edited":true}"#,
                r#"{"draft":1,"decision":"approved","edited":false}"#,
                r#"{"draft":2,"decision":"rejected","edited":true}"#,
                r#"{"draft":4,"decision":"skipped","edited":false}"#,
            ]
        );
    }
}
