//! `sellkit review`: the interactive approval queue (DESIGN §9), and `review list` for scripts.

use std::io::IsTerminal;

use console::{Term, style};
use dialoguer::{Editor, Input, Select};
use serde_json::{Value, json};

use crate::cli::Context;
use crate::error::{Error, Result};
use crate::money::Money;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table};
use crate::review::{self, DraftRow, Filter, Impact, Live, edit};

/// Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each.
///
/// Shows the queue, then each pending draft: a coloured diff against what is live (title,
/// description, tags, price, quantity), the agent's rationale and confidence, and the fees and
/// margin at the new price. Approving records the SHA-256 of exactly the payload you saw, who
/// you are (the OS account) and when; `sellkit post` sends only drafts whose payload still has
/// that hash. Editing opens $VISUAL or $EDITOR on the draft's fields as TOML, checks them with
/// the agents' validators and re-hashes the draft (an earlier approval no longer counts).
///
/// Approval needs a person at a terminal: without a TTY on stdin and stdout `review` refuses
/// (exit 6) and changes nothing. No flag or variable approves for you. Keys: arrows and Enter.
///
/// Examples:
///   sellkit review
///   sellkit review --marketplace etsy --kind price_change
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

fn filter(f: &Filters, status: Option<String>) -> Filter {
    Filter {
        marketplace: f.marketplace.clone(),
        kind: f.kind.clone(),
        sku: f.sku.clone(),
        status,
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
    rows: Vec<(DraftRow, Option<review::Decision>)>,
}

fn summary_of(d: &DraftRow) -> String {
    let p = review::proposed(d);
    if d.kind == "price_change" {
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

impl Render for Listed {
    fn document(&self) -> Value {
        json!({"schema_version": SCHEMA_VERSION, "drafts": self.records()})
    }
    fn records(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|(d, dec)| {
                json!({
                    "id": d.id, "kind": d.kind, "marketplace": d.marketplace, "sku": d.sku,
                    "status": d.status, "payload_hash": d.payload_hash, "payload_intact": d.payload_intact(),
                    "agent": d.agent, "rationale": d.rationale, "confidence_bp": d.confidence_bp,
                    "created_at": d.created_at, "updated_at": d.updated_at,
                    "payload": d.payload, "decision": dec,
                })
            })
            .collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .rows
            .iter()
            .map(|(d, dec)| {
                vec![
                    d.id.to_string(),
                    d.status.clone(),
                    d.kind.clone(),
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
            title: Some(format!("Drafts ({})", self.rows.len())),
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
    let drafts = review::load_drafts(store.conn(), &filter(&args.filters, args.status.clone()))?;
    let mut rows = Vec::with_capacity(drafts.len());
    for d in drafts {
        let dec = review::latest_decision(store.conn(), d.id)?;
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

#[derive(Default)]
struct Session {
    approved: Vec<i64>,
    rejected: Vec<i64>,
    edited: Vec<i64>,
    skipped: Vec<i64>,
    left: Vec<i64>,
}

impl Render for Session {
    fn document(&self) -> Value {
        json!({"schema_version": SCHEMA_VERSION, "approved": self.approved, "rejected": self.rejected,
               "edited": self.edited, "skipped": self.skipped, "not_reviewed": self.left})
    }
    fn records(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for (what, ids) in [
            ("approved", &self.approved),
            ("rejected", &self.rejected),
            ("skipped", &self.skipped),
            ("not_reviewed", &self.left),
        ] {
            for id in ids {
                out.push(
                    json!({"draft": id, "decision": what, "edited": self.edited.contains(id)}),
                );
            }
        }
        out
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let ids = |v: &Vec<i64>| {
            if v.is_empty() {
                "-".to_string()
            } else {
                v.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        vec![Titled {
            title: Some("Review".into()),
            table: table::key_values(
                opts,
                vec![
                    ("approved".into(), ids(&self.approved)),
                    ("rejected".into(), ids(&self.rejected)),
                    ("edited".into(), ids(&self.edited)),
                    ("skipped".into(), ids(&self.skipped)),
                    ("not reviewed".into(), ids(&self.left)),
                ],
            ),
            note: (!self.approved.is_empty())
                .then(|| "Approved drafts are sent by `sellkit post` (try `sellkit post --dry-run` first).".into()),
        }]
    }
}

const WIDTH: usize = 80;

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

/// The screen of one draft, as lines of at most 80 columns.
fn screen(
    d: &DraftRow,
    live: Option<&Live>,
    impact: Option<&Impact>,
    pos: usize,
    total: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let head = format!(
        " Draft {} ({pos}/{total}) {} on {} SKU {} ",
        d.id,
        d.kind,
        d.marketplace,
        sanitize::one_line(d.sku.as_deref().unwrap_or("-"))
    );
    let fill = WIDTH.saturating_sub(console::measure_text_width(&head) + 2);
    out.push(
        style(format!("--{head}{}", "-".repeat(fill)))
            .bold()
            .to_string(),
    );
    out.push(format!(
        "by {} · confidence {} · queued {}",
        sanitize::one_line(&d.agent),
        table::percent(d.confidence_bp),
        d.created_at
    ));
    if let Some(l) = live {
        out.push(format!(
            "live: listing {} ({})",
            sanitize::one_line(&l.external_id),
            l.state
        ));
    } else if d.kind == "new_listing" {
        out.push("live: nothing yet (a new listing)".into());
    } else {
        out.push(
            style("live: no listing found in the store; the diff shows the draft only")
                .yellow()
                .to_string(),
        );
    }
    if !d.rationale.trim().is_empty() {
        out.push(style("why").bold().to_string());
        out.extend(wrap(&d.rationale, "  ", WIDTH));
    }
    let p = review::proposed(d);
    let minus = |s: &str| style(s.to_string()).red().to_string();
    let plus = |s: &str| style(s.to_string()).green().to_string();
    let field = |out: &mut Vec<String>, name: &str, old: Option<&str>, new: &str| {
        out.push(style(name.to_string()).bold().to_string());
        match old {
            Some(o) if o == new => out.extend(
                wrap(new, "    ", WIDTH)
                    .into_iter()
                    .map(|l| style(l).dim().to_string()),
            ),
            Some(o) => {
                out.extend(wrap(o, "  - ", WIDTH).iter().map(|l| minus(l)));
                out.extend(wrap(new, "  + ", WIDTH).iter().map(|l| plus(l)));
            }
            None => out.extend(wrap(new, "  + ", WIDTH).iter().map(|l| plus(l))),
        }
    };
    if let Some(t) = &p.title {
        field(&mut out, "title", live.map(|l| l.title.as_str()), t);
    }
    if let Some(desc) = &p.description {
        out.push(style("description").bold().to_string());
        match live.map(|l| l.description.as_str()) {
            Some(old) if old != desc => {
                let diff = similar::TextDiff::from_lines(old, desc.as_str());
                let mut unchanged = 0usize;
                for change in diff.iter_all_changes() {
                    let text = change.value().trim_end_matches('\n');
                    match change.tag() {
                        similar::ChangeTag::Equal => unchanged += 1,
                        similar::ChangeTag::Delete => {
                            out.extend(wrap(text, "  - ", WIDTH).iter().map(|l| minus(l)))
                        }
                        similar::ChangeTag::Insert => {
                            out.extend(wrap(text, "  + ", WIDTH).iter().map(|l| plus(l)))
                        }
                    }
                }
                if unchanged > 0 {
                    out.push(
                        style(format!("    ({unchanged} unchanged line(s) not shown)"))
                            .dim()
                            .to_string(),
                    );
                }
            }
            Some(_) => out.push(style("    (unchanged)").dim().to_string()),
            None => {
                let lines = wrap(desc, "  + ", WIDTH);
                let n = lines.len();
                out.extend(lines.iter().take(12).map(|l| plus(l)));
                if n > 12 {
                    out.push(
                        style(format!("    ... {} more line(s); Edit shows all", n - 12))
                            .dim()
                            .to_string(),
                    );
                }
            }
        }
    }
    if let Some(tags) = &p.tags {
        out.push(style("tags").bold().to_string());
        let old: Vec<String> = live.map(|l| l.tags.clone()).unwrap_or_default();
        let mut parts = Vec::new();
        for t in &old {
            if !tags.contains(t) {
                parts.push(minus(&format!("-{}", sanitize::one_line(t))));
            }
        }
        for t in tags {
            if old.contains(t) {
                parts.push(sanitize::one_line(t));
            } else {
                parts.push(plus(&format!("+{}", sanitize::one_line(t))));
            }
        }
        // Wrap the tag list by visible width.
        let mut line = String::from("  ");
        for part in parts {
            if console::measure_text_width(&line) + console::measure_text_width(&part) + 1 > WIDTH
                && line.trim() != ""
            {
                out.push(line);
                line = String::from("  ");
            }
            if line.trim() != "" {
                line.push(' ');
            }
            line.push_str(&part);
        }
        out.push(line);
    }
    if let Some(b) = &p.bullets
        && !b.is_empty()
    {
        out.push(style("bullets").bold().to_string());
        for x in b {
            out.extend(wrap(x, "  * ", WIDTH));
        }
    }
    if let Some(new) = p.price {
        out.push(style("price").bold().to_string());
        let old = d
            .payload
            .get("old_price")
            .and_then(review::money_of)
            .or_else(|| live.map(|l| l.price));
        match old {
            Some(o) if o != new => {
                out.push(minus(&format!("  - {}", o.display())));
                out.push(plus(&format!(
                    "  + {}{}",
                    new.display(),
                    change_pct(o, new)
                )));
            }
            Some(_) => out.push(
                style(format!("    {} (unchanged)", new.display()))
                    .dim()
                    .to_string(),
            ),
            None => out.push(plus(&format!("  + {}", new.display()))),
        }
        if p.floor.is_some() || p.ceiling.is_some() {
            out.push(format!(
                "    band {} .. {}",
                p.floor.map(|m| m.display()).unwrap_or_else(|| "-".into()),
                p.ceiling.map(|m| m.display()).unwrap_or_else(|| "-".into())
            ));
        }
    }
    if let Some(q) = p.quantity {
        out.push(style("quantity").bold().to_string());
        match live.and_then(|l| l.quantity) {
            Some(o) if o != q => {
                out.push(minus(&format!("  - {o}")));
                out.push(plus(&format!("  + {q}")));
            }
            Some(_) => out.push(style(format!("    {q} (unchanged)")).dim().to_string()),
            None => out.push(plus(&format!("  + {q}"))),
        }
    }
    if let Some(i) = impact {
        out.push(style("money").bold().to_string());
        out.extend(wrap(&money_line("at", &i.new), "  ", WIDTH));
        if let Some(o) = &i.old {
            out.extend(wrap(&money_line("was", o), "  ", WIDTH));
        }
        for n in &i.notes {
            out.extend(
                wrap(n, "  ", WIDTH)
                    .into_iter()
                    .map(|l| style(l).dim().to_string()),
            );
        }
    }
    let problems = blockers(d);
    if !problems.is_empty() {
        out.push(style("cannot be approved yet").yellow().bold().to_string());
        for pr in problems {
            out.extend(
                wrap(&pr, "  ! ", WIDTH)
                    .into_iter()
                    .map(|l| style(l).yellow().to_string()),
            );
        }
    }
    out.push(
        style(format!("payload sha256 {}", d.payload_hash))
            .dim()
            .to_string(),
    );
    out
}

/// Why a draft cannot be approved as it is (empty when it can).
fn blockers(d: &DraftRow) -> Vec<String> {
    let mut out = edit::problems_of(d);
    if !d.payload_intact() {
        out.push("the payload does not match its hash (changed outside sellkit): reject it".into());
    }
    if d.kind == "new_listing" {
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
                    d.marketplace
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

const ACTIONS: [&str; 5] = ["Skip", "Approve", "Edit", "Reject", "Quit"];

fn interactive(ctx: &Context, filters: &Filters) -> Result<()> {
    require_terminal(
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
        std::io::stderr().is_terminal(),
    )?;
    let mut store = ctx.open_store()?;
    let who = review::os_user();
    let today = ctx.today();
    let queue = review::load_drafts(store.conn(), &filter(filters, Some("pending".into())))?;
    let term = Term::stderr();
    if queue.is_empty() {
        ctx.out.status("No drafts are waiting for review.");
        return ctx.out.print(&Session::default());
    }
    let mut intro = vec![
        style(format!("{} draft(s) waiting", queue.len()))
            .bold()
            .to_string(),
    ];
    for d in &queue {
        let line = format!(
            "  #{:<5} {:<14} {:<8} {:<14} {}",
            d.id,
            d.kind,
            d.marketplace,
            sanitize::one_line(d.sku.as_deref().unwrap_or("-")),
            summary_of(d)
        );
        intro.push(console::truncate_str(&line, WIDTH, "…").to_string());
    }
    show(&term, &intro)?;
    let mut session = Session::default();
    let total = queue.len();
    let mut quit = false;
    for (i, first) in queue.iter().enumerate() {
        if quit {
            session.left.push(first.id);
            continue;
        }
        let mut d = match review::load_draft(store.conn(), first.id)? {
            Some(d) if d.status == "pending" => d,
            _ => continue,
        };
        loop {
            let live = review::live_listing(store.conn(), &d)?;
            let imp = review::impact(store.conn(), &d, live.as_ref(), today)?;
            term.write_line("").map_err(|e| Error::io("terminal", e))?;
            show(
                &term,
                &screen(&d, live.as_ref(), imp.as_ref(), i + 1, total),
            )?;
            let choice = Select::new()
                .with_prompt(format!("Draft {}", d.id))
                .items(ACTIONS)
                .default(0)
                .interact_on_opt(&term)
                .map_err(ui_err)?;
            let now = crate::time::rfc3339(ctx.now);
            match choice.map(|c| ACTIONS[c]) {
                Some("Skip") => {
                    session.skipped.push(d.id);
                    break;
                }
                Some("Approve") => {
                    let problems = blockers(&d);
                    if !problems.is_empty() {
                        show(
                            &term,
                            &[style(format!(
                                "Draft {} cannot be approved: {}",
                                d.id,
                                problems.join("; ")
                            ))
                            .yellow()
                            .to_string()],
                        )?;
                        continue;
                    }
                    let (id, hash) = (d.id, d.payload_hash.clone());
                    store.write(|tx| review::approve(tx, id, &hash, &who, "tty", &now))?;
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
                    let reason: String = Input::new()
                        .with_prompt("Reason")
                        .validate_with(|s: &String| {
                            if s.trim().is_empty() {
                                Err("a reason is required")
                            } else {
                                Ok(())
                            }
                        })
                        .interact_text_on(&term)
                        .map_err(ui_err)?;
                    let (id, hash) = (d.id, d.payload_hash.clone());
                    store.write(|tx| review::reject(tx, id, &hash, &reason, &who, "tty", &now))?;
                    show(
                        &term,
                        &[style(format!("Rejected draft {id}")).red().to_string()],
                    )?;
                    session.rejected.push(id);
                    break;
                }
                Some("Edit") => {
                    if let Some(new) = edit_loop(&term, &d)? {
                        let (id, hash) = (d.id, d.payload_hash.clone());
                        let new_hash = store
                            .write(|tx| review::replace_payload(tx, id, &hash, &new, &who, &now))?;
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
                        d = review::load_draft(store.conn(), id)?
                            .ok_or_else(|| Error::safety(format!("draft {id} disappeared")))?;
                    }
                    continue;
                }
                _ => {
                    quit = true;
                    session.left.push(d.id);
                    break;
                }
            }
        }
    }
    ctx.out.print(&session)
}

/// Opens the editor until the document is valid or the person gives up; the new payload.
fn edit_loop(term: &Term, d: &DraftRow) -> Result<Option<Value>> {
    let mut text = edit::document(d);
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

    #[test]
    fn wrapped_lines_fit_80_columns() {
        let long = "word ".repeat(60) + &"x".repeat(200);
        for l in wrap(&long, "  - ", WIDTH) {
            assert!(console::measure_text_width(&l) <= WIDTH, "{l}");
        }
    }
}
