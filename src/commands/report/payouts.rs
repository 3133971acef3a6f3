//! `sellkit report payouts`: each payout against the ledger entries it settles, the money
//! totals by kind, and what does not reconcile.

use serde_json::Value;

use super::{JournalFormat, PayoutsArgs};
use crate::cli::Context;
use crate::error::{Error, Result};
use crate::money::Money;
use crate::output::html::{escape, html_table, page};
use crate::output::table::count;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};
use crate::report::payouts::{self, Exception, PayoutsQuery, PayoutsReport};

const MARKETPLACES: [&str; 4] = ["etsy", "shopify", "amazon", "ebay"];

struct PayoutsView {
    report: PayoutsReport,
    /// Payout rows shown in tables (all in JSON, NDJSON and CSV).
    shown: usize,
}

mod wire {
    use serde::Serialize;

    use crate::report::payouts::{PayoutRow, PayoutsReport};

    /// `sellkit report payouts --json`: the reconciliation as computed.
    #[derive(Serialize)]
    pub struct Doc<'a> {
        pub schema_version: u32,
        pub report: &'static str,
        #[serde(flatten)]
        pub payouts: &'a PayoutsReport,
    }

    /// One payout as an NDJSON/CSV record.
    #[derive(Serialize)]
    pub struct Record<'a> {
        pub section: &'static str,
        #[serde(flatten)]
        pub row: &'a PayoutRow,
    }
}

fn money_or_dash(m: Option<Money>) -> String {
    m.map_or("—".into(), |m| m.display())
}

fn exception_rows(r: &PayoutsReport) -> Vec<(&'static str, &Exception)> {
    let e = &r.exceptions;
    vec![
        ("orders with no ledger entry", &e.orders_without_ledger),
        (
            "entries whose order is not in the store",
            &e.entries_without_order,
        ),
        ("payouts that do not add up", &e.payouts_not_adding_up),
        ("payouts not linked to entries", &e.payouts_unlinked),
    ]
}

impl Render for PayoutsView {
    fn document(&self) -> Value {
        to_json(&wire::Doc {
            schema_version: SCHEMA_VERSION,
            report: "payouts",
            payouts: &self.report,
        })
    }

    fn records(&self) -> Vec<Value> {
        self.report
            .payouts
            .iter()
            .map(|row| {
                to_json(&wire::Record {
                    section: "payout",
                    row,
                })
            })
            .collect()
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let r = &self.report;
        let rows = r
            .payouts
            .iter()
            .take(self.shown)
            .map(|p| {
                vec![
                    p.date[..p.date.len().min(10)].to_string(),
                    p.marketplace.clone(),
                    sanitize::one_line(&p.payout_id),
                    p.amount.display(),
                    money_or_dash(p.entries_total),
                    if p.linked {
                        money_or_dash(p.difference)
                    } else {
                        "not linked".into()
                    },
                    count(p.orders),
                    count(p.refunds),
                    count(p.fees),
                    count(p.ads),
                ]
            })
            .collect();
        let more = r.payouts.len().saturating_sub(self.shown);
        let mut out = vec![Titled {
            title: Some(format!("Payouts ({})", count(r.payouts.len() as i64))),
            table: table::build(
                opts,
                &[
                    ("date", Align::Left),
                    ("marketplace", Align::Left),
                    ("payout", Align::Left),
                    ("received", Align::Right),
                    ("entries", Align::Right),
                    ("difference", Align::Right),
                    ("orders", Align::Right),
                    ("refunds", Align::Right),
                    ("fees", Align::Right),
                    ("ads", Align::Right),
                ],
                rows,
            ),
            note: if r.payouts.is_empty() {
                Some("No payouts: import a statement, settlement or payouts file with `sellkit sync import FILE`.".into())
            } else if more > 0 {
                Some(format!(
                    "{} more: --top N shows more, --json all",
                    count(more as i64)
                ))
            } else {
                None
            },
        }];
        for t in &r.totals {
            let mut lines = vec![
                ("sales".to_string(), t.sales.display()),
                ("refunds".into(), t.refunds.display()),
                ("fees".into(), t.fees.display()),
                ("ads".into(), t.ads.display()),
                ("shipping labels".into(), t.shipping_labels.display()),
                ("taxes (pass-through)".into(), t.taxes.display()),
                ("other".into(), t.other.display()),
                ("net".into(), t.net.display()),
                ("received in payouts".into(), t.payouts.display()),
                (
                    "charged to the card on file".into(),
                    t.charged_to_card.display(),
                ),
                ("pending (deferred)".into(), t.pending.display()),
            ];
            let converted: Vec<&crate::report::payouts::PayoutRow> = r
                .payouts
                .iter()
                .filter(|p| p.amount.currency == t.currency && p.fx.is_some())
                .collect();
            let mut note = None;
            if !converted.is_empty() {
                lines.push((
                    "FX gain (loss) against the ECB".into(),
                    t.fx_gain_loss.display(),
                ));
                let missing = converted
                    .iter()
                    .filter(|p| p.fx.as_ref().is_some_and(|f| f.gain_loss.is_none()))
                    .count();
                note = Some(format!(
                    "{} payout{} converted by the marketplace; the gain or loss compares each with the ECB rate of its day{}.",
                    count(converted.len() as i64),
                    if converted.len() == 1 { "" } else { "s" },
                    if missing > 0 {
                        format!(
                            " ({} without a stored ECB rate: `sellkit fx fetch --history`)",
                            count(missing as i64)
                        )
                    } else {
                        String::new()
                    }
                ));
            }
            out.push(Titled {
                title: Some(format!("Money by kind, {}", t.currency.code())),
                table: table::key_values(opts, lines),
                note,
            });
        }
        let rows = exception_rows(r)
            .into_iter()
            .map(|(what, e)| {
                vec![
                    what.to_string(),
                    count(e.count),
                    sanitize::one_line(&e.examples.join("; ")),
                ]
            })
            .collect();
        out.push(Titled {
            title: Some("Exceptions".into()),
            table: table::build(
                opts,
                &[
                    ("what", Align::Left),
                    ("count", Align::Right),
                    ("first", Align::Left),
                ],
                rows,
            ),
            note: Some(format!(
                "An order counts after {} days (report.ledger_grace_days).",
                r.grace_days
            )),
        });
        out
    }

    fn html(&self) -> String {
        let r = &self.report;
        let mut body = String::from("<h1>Payouts</h1>");
        let rows: Vec<Vec<String>> = r
            .payouts
            .iter()
            .map(|p| {
                vec![
                    p.date[..p.date.len().min(10)].to_string(),
                    p.marketplace.clone(),
                    p.payout_id.clone(),
                    p.amount.display(),
                    money_or_dash(p.entries_total),
                    if p.linked {
                        money_or_dash(p.difference)
                    } else {
                        "not linked".into()
                    },
                ]
            })
            .collect();
        body.push_str(&html_table(
            &[
                "date",
                "marketplace",
                "payout",
                "received",
                "entries",
                "difference",
            ],
            &[false, false, false, true, true, true],
            &rows,
        ));
        for t in &r.totals {
            body.push_str(&format!(
                "<h2>Money by kind, {}</h2>",
                escape(t.currency.code())
            ));
            let rows = vec![
                vec!["sales".to_string(), t.sales.display()],
                vec!["refunds".into(), t.refunds.display()],
                vec!["fees".into(), t.fees.display()],
                vec!["ads".into(), t.ads.display()],
                vec!["shipping labels".into(), t.shipping_labels.display()],
                vec!["taxes".into(), t.taxes.display()],
                vec!["other".into(), t.other.display()],
                vec!["received in payouts".into(), t.payouts.display()],
            ];
            body.push_str(&html_table(&["line", "amount"], &[false, true], &rows));
        }
        page("sellkit payouts", &body)
    }
}

pub(super) fn run(ctx: &Context, args: PayoutsArgs) -> Result<()> {
    if let (Some(s), Some(u)) = (args.since, args.until)
        && s > u
    {
        return Err(Error::usage(format!("--since {s} is after --until {u}")));
    }
    if let Some(m) = &args.marketplace
        && !MARKETPLACES.contains(&m.as_str())
    {
        return Err(Error::usage(format!(
            "--marketplace {m:?}: use one of {}",
            MARKETPLACES.join(", ")
        )));
    }
    let store = ctx.open_store()?;
    let query = PayoutsQuery {
        since: args.since,
        until: args.until,
        marketplace: args.marketplace,
        today: ctx.today(),
        grace_days: *ctx.config.report.ledger_grace_days,
        examples: 5,
    };
    let report = payouts::payouts(&store, &query)?;
    if let Some(format) = args.journal {
        let entries = payouts::journal(&store, &report)?;
        let text = match format {
            JournalFormat::Csv => payouts::journal_csv(&entries),
            JournalFormat::Beancount => payouts::journal_beancount(&entries),
        };
        // Account names are sellkit's own; payout ids and narrations come from the files.
        let text = sanitize::for_terminal(&text);
        return match &args.out.output {
            Some(path) => {
                crate::fsutil::write_atomic(path, text.as_bytes(), false)?;
                ctx.out.status(&format!(
                    "wrote {} journal entries to {}",
                    count(entries.len() as i64),
                    path.display()
                ));
                Ok(())
            }
            None => crate::output::print_line(text.trim_end()),
        };
    }
    let view = PayoutsView {
        report,
        shown: args.out.top.unwrap_or(20),
    };
    match &args.out.output {
        Some(path) => {
            let mut buf = Vec::new();
            ctx.out.write(&view, &mut buf)?;
            crate::fsutil::write_atomic(path, &buf, false)?;
            ctx.out.status(&format!("wrote {}", path.display()));
            Ok(())
        }
        None => ctx.out.print(&view),
    }
}
