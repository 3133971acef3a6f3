//! The sales section: the P&L by period, channel and SKU against the previous window, the
//! movers and the ship-to places. The P&L lines are built once ([`pnl_lines`]) for the terminal,
//! Markdown and the page.

use std::fmt::Write as _;

use serde_json::Value;

use super::wire::{PreviousWindow, SalesDoc};
use super::{View, tagged, title_of};
use crate::money::Money;
use crate::output::chart::{PROFIT, REV, figure, money_bars, revenue_profit_chart};
use crate::output::html::{empty, escape, html_table, kpi};
use crate::output::table::{count, percent};
use crate::output::{Align, TableOpts, Titled, sanitize, table, to_json};
use crate::report::compare::TotalsChange;
use crate::report::sales::{Period, SalesRow};
use crate::report::{PlaceRow, SalesOverview};

pub(super) struct SalesView {
    pub o: SalesOverview,
    pub sku_count: usize,
    /// Per-SKU rows shown in tables (and in every format when --top is given).
    pub shown: usize,
}

/// Rows of the money section: periods then totals.
fn money_rows(m: &crate::report::money::MoneyOverview, multi: bool) -> Vec<Vec<String>> {
    m.by_period
        .iter()
        .chain(&m.totals)
        .map(|r| {
            vec![
                if multi {
                    format!("{} ({})", r.key, r.currency)
                } else {
                    r.key.clone()
                },
                r.net_sales.display(),
                r.net_profit.display(),
                r.ad_spend.display(),
                table::percent(r.tacos_bp),
                r.payouts.display(),
                r.payouts_less_profit.display(),
            ]
        })
        .collect()
}

const MONEY_SECTION_HEADERS: [&str; 7] = [
    "period",
    "net sales",
    "net profit",
    "ad spend",
    "TACoS",
    "payouts",
    "payouts − profit",
];

/// What the fee check says, one line per currency.
fn fee_check_note(m: &crate::report::money::MoneyOverview) -> String {
    let mut lines = Vec::new();
    for f in &m.fees {
        match (f.fee_basis, f.fee_estimate_error) {
            ("estimate", _) | (_, None) => lines.push(format!(
                "Fees ({}) are the fee engine's estimate: no ledger covers these orders (import a statement or `sellkit sync` a marketplace).",
                f.currency
            )),
            (basis, Some(e)) => lines.push(format!(
                "Fee estimate against the ledgers ({}): {} {} than charged{} over the orders they cover{}.",
                f.currency,
                Money::new(e.amount_minor.abs(), e.currency).display(),
                if e.amount_minor >= 0 { "higher" } else { "lower" },
                f.fee_estimate_error_bp
                    .map(|bp| format!(" ({})", table::percent(Some(bp.abs()))))
                    .unwrap_or_default(),
                if basis == "mixed" {
                    "; orders the ledgers do not cover carry the estimate"
                } else {
                    ""
                }
            )),
        }
    }
    for d in &m.deferred {
        let when = match (&d.next_release, &d.last_release) {
            (Some(a), Some(b)) if a != b => format!(", released {a} to {b}"),
            (Some(a), _) => format!(", released {a}"),
            _ => String::new(),
        };
        lines.push(format!(
            "Deferred by the marketplace ({}): {} in {} entr{}{when}: earned, not yet paid out.",
            d.currency,
            d.amount.display(),
            table::count(d.entries),
            if d.entries == 1 { "y" } else { "ies" }
        ));
    }
    lines.push("Payouts − profit is mostly the cost of goods (you paid it, not the marketplace), plus timing: payouts lag sales by each marketplace's schedule, and costs charged to the card on file never pass through a payout.".into());
    lines.join("\n")
}

fn money_table(m: &crate::report::money::MoneyOverview, opts: &TableOpts, multi: bool) -> Titled {
    let headers: Vec<(&str, Align)> = MONEY_SECTION_HEADERS
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, if i == 0 { Align::Left } else { Align::Right }))
        .collect();
    Titled {
        title: Some("Money: payouts against profit, ad spend".into()),
        table: table::build(opts, &headers, money_rows(m, multi)),
        note: Some(fee_check_note(m)),
    }
}

/// How the home-currency totals were converted, one line per currency, then what stayed out.
pub(crate) fn home_note(h: &crate::report::sales::HomeTotals) -> String {
    let mut lines = Vec::new();
    for s in h.sources.iter().filter(|s| s.currency != h.currency) {
        let rates = match (&s.rate_min, &s.rate_max) {
            (Some(a), Some(b)) if a == b => format!(" {a}"),
            (Some(a), Some(b)) => format!(" {a}–{b}"),
            _ => String::new(),
        };
        let how = match s.basis {
            "marketplace_rate" => "at the marketplace's own rates",
            "mixed" => "at the marketplace's own rates where its ledger gives one, else the ECB's",
            _ => "at the ECB reference rates",
        };
        lines.push(format!(
            "{} → {} {how} of each day ({}{rates}, {} day{}): net sales {} came to {}.",
            s.currency,
            h.currency,
            if s.days_marketplace_rate > 0 && s.days_ecb > 0 {
                format!(
                    "{} by the marketplace's rate, {} by the ECB's;",
                    s.days_marketplace_rate, s.days_ecb
                )
            } else {
                "rate".to_string()
            },
            table::count(s.days),
            if s.days == 1 { "" } else { "s" },
            s.net_sales.display(),
            s.net_sales_home.display()
        ));
    }
    for u in &h.unconverted {
        lines.push(format!(
            "Not in these totals: {} net sales {} ({} to {}): {}.",
            u.currency,
            u.net_sales.display(),
            u.first_day,
            u.last_day,
            sanitize::one_line(&u.reason)
        ));
    }
    if h.chosen_by == "most_sales" {
        lines.push(format!(
            "{} is the currency of most sales; `sellkit config set report.currency CODE` picks another.",
            h.currency
        ));
    }
    lines.join("\n")
}

fn money_cells(r: &SalesRow) -> Vec<String> {
    vec![
        table::count(r.orders),
        table::count(r.units),
        r.revenue.display(),
        r.discounts.display(),
        r.shipping.display(),
        r.fees.display(),
        r.cogs.display(),
        r.net_profit.display(),
        table::percent(r.margin_bp),
    ]
}

const MONEY_HEADERS: [(&str, Align); 9] = [
    ("orders", Align::Right),
    ("units", Align::Right),
    ("revenue", Align::Right),
    ("discounts", Align::Right),
    ("shipping", Align::Right),
    ("fees", Align::Right),
    ("cogs", Align::Right),
    ("net profit", Align::Right),
    ("margin", Align::Right),
];

/// One line of the profit and loss against the previous window.
struct PnlLine {
    table_label: &'static str,
    page_label: &'static str,
    now: Money,
    previous: Option<Money>,
    change_bp: Option<i64>,
}

/// The P&L lines of one currency's totals, from revenue to net profit.
fn pnl_lines(t: &SalesRow, p: Option<&SalesRow>, c: Option<&TotalsChange>) -> Vec<PnlLine> {
    let line = |table_label, page_label, f: fn(&SalesRow) -> Money, ch: Option<i64>| PnlLine {
        table_label,
        page_label,
        now: f(t),
        previous: p.map(f),
        change_bp: ch,
    };
    vec![
        line(
            "revenue",
            "Revenue (items)",
            |r| r.revenue,
            c.and_then(|c| c.revenue_change_bp),
        ),
        line(
            "discounts",
            "Discounts",
            |r| r.discounts,
            c.and_then(|c| c.discounts_change_bp),
        ),
        line(
            "shipping",
            "Shipping charged",
            |r| r.shipping,
            c.and_then(|c| c.shipping_change_bp),
        ),
        line(
            "fees",
            "Marketplace fees",
            |r| r.fees,
            c.and_then(|c| c.fees_change_bp),
        ),
        line(
            "cogs",
            "Cost of goods",
            |r| r.cogs,
            c.and_then(|c| c.cogs_change_bp),
        ),
    ]
    .into_iter()
    .chain(ledger_lines(t, p))
    .chain([line(
        "net profit",
        "Net profit",
        |r| r.net_profit,
        c.and_then(|c| c.net_profit_change_bp),
    )])
    .collect()
}

/// A P&L line's table label, page label and field.
type LedgerLine = (&'static str, &'static str, fn(&SalesRow) -> Money);

/// The ledger's lines beyond the orders' own (refunds, ads, labels, account fees, other), those
/// that are not zero in either window. Shown as costs, like fees and cost of goods (the JSON
/// keeps the ledger's signs: negative is a cost).
fn ledger_lines(t: &SalesRow, p: Option<&SalesRow>) -> Vec<PnlLine> {
    let cost = |m: Money| Money::new(-m.amount_minor, m.currency);
    let lines: [LedgerLine; 5] = [
        ("refunds", "Refunds", |r| r.refunds),
        ("ads", "Advertising", |r| r.ads),
        ("shipping labels", "Shipping labels", |r| r.shipping_labels),
        ("account fees", "Account fees (listing, storage)", |r| {
            r.account_fees
        }),
        ("other charges", "Other charges less credits", |r| r.other),
    ];
    lines
        .into_iter()
        .filter(|(_, _, f)| f(t).amount_minor != 0 || p.is_some_and(|p| f(p).amount_minor != 0))
        .map(|(table_label, page_label, f)| {
            let now = cost(f(t));
            let previous = p.map(|p| cost(f(p)));
            PnlLine {
                table_label,
                page_label,
                now,
                previous,
                change_bp: previous.and_then(|b| {
                    crate::money::basis_points(
                        now.amount_minor - b.amount_minor,
                        b.amount_minor.abs(),
                    )
                }),
            }
        })
        .collect()
}

/// How a row's cost of goods was found, when purchase lots were used (`report.cost_method =
/// fifo`); `None` for the dated unit cost alone.
fn cost_basis_note(t: &SalesRow) -> Option<String> {
    use crate::output::table::count;
    (t.lines_cost_fifo > 0).then(|| {
        let mut note = format!(
            "Cost of goods in {}: {} line(s) first in, first out from purchase lots (landed cost included), the rest at the dated unit cost",
            t.currency.code(),
            count(t.lines_cost_fifo)
        );
        if t.lines_without_cost > 0 {
            note.push_str(&format!(
                "; {} line(s) have no cost (no dated cost, or no ECB rate for a lot's currency: sellkit fx fetch --history)",
                count(t.lines_without_cost)
            ));
        }
        note.push('.');
        note
    })
}

/// Where a row's fees come from, in words (the comparison table's note).
fn fee_basis_note(t: &SalesRow) -> Option<String> {
    match (t.fee_basis, t.fee_estimate_error) {
        ("estimate", _) => None,
        (basis, Some(err)) => Some(format!(
            "Fees{}: {} from the marketplaces' ledgers; the fee engine's estimate over those orders was {} {}.",
            if t.fee_basis == "mixed" {
                " (mixed)"
            } else {
                ""
            },
            if basis == "ledger" { "all" } else { "partly" },
            Money::new(err.amount_minor.abs(), err.currency).display(),
            if err.amount_minor >= 0 {
                "too high"
            } else {
                "too low"
            }
        )),
        _ => None,
    }
}

impl SalesView {
    /// The previous window's totals in `t`'s currency.
    fn previous_totals(&self, t: &SalesRow) -> Option<&SalesRow> {
        self.o
            .previous
            .totals
            .iter()
            .find(|p| p.currency == t.currency)
    }

    /// The section's document: the P&L with `by_sku` cut to the rows shown, then the rest.
    pub fn document(&self) -> SalesDoc<'_> {
        let o = &self.o;
        let mut report = o.report.clone();
        report.by_sku.truncate(self.shown);
        SalesDoc {
            report,
            previous: PreviousWindow {
                since: &o.previous.since,
                until: &o.previous.until,
                totals: &o.previous.totals,
            },
            change: &o.change,
            movers_up: &o.movers_up,
            movers_down: &o.movers_down,
            by_country: &o.by_country,
            by_region: &o.by_region,
            money: o.money.as_ref(),
        }
    }
}

impl View for SalesView {
    fn records(&self) -> Vec<Value> {
        let r = &self.o.report;
        let mut out: Vec<Value> = r
            .totals
            .iter()
            .chain(&r.by_period)
            .chain(&r.by_channel)
            .chain(r.by_sku.iter().take(self.shown))
            .chain(
                r.home
                    .iter()
                    .flat_map(|h| std::iter::once(&h.total).chain(&h.by_period)),
            )
            .map(to_json)
            .collect();
        // The previous window's totals are P&L rows of their own section.
        out.extend(self.o.previous.totals.iter().map(|row| {
            to_json(&SalesRow {
                section: "previous_total",
                ..row.clone()
            })
        }));
        out.extend(self.o.change.iter().map(|c| tagged("change", c)));
        if let Some(m) = &self.o.money {
            out.extend(
                m.by_period
                    .iter()
                    .chain(&m.totals)
                    .map(|row| tagged("money", row)),
            );
        }
        for (name, list) in [
            ("mover_up", &self.o.movers_up),
            ("mover_down", &self.o.movers_down),
        ] {
            out.extend(list.iter().map(|m| tagged(name, m)));
        }
        out.extend(
            self.o
                .by_country
                .iter()
                .chain(&self.o.by_region)
                .map(|p| tagged("place", p)),
        );
        out
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let r = &self.o.report;
        let with_first = |first: (&'static str, Align)| {
            let mut h = vec![first];
            h.extend(MONEY_HEADERS);
            h
        };
        let rows_of =
            |rows: &[SalesRow], label: &dyn Fn(&SalesRow) -> String| -> Vec<Vec<String>> {
                rows.iter()
                    .map(|row| {
                        let mut cells = vec![label(row)];
                        cells.extend(money_cells(row));
                        cells
                    })
                    .collect()
            };
        let multi = r.totals.len() > 1;
        let with_cur = |row: &SalesRow, text: String| {
            if multi {
                format!("{text} ({})", row.currency)
            } else {
                text
            }
        };
        let mut out = Vec::new();
        let period_name = match r.period {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        };
        let mut scope = format!("{} to {}", r.since, r.until);
        if let Some(c) = &r.channel {
            scope.push_str(&format!(", channel {c}"));
        }
        if let Some(s) = &r.sku {
            scope.push_str(&format!(", SKU {s}"));
        }
        let mut period_rows = rows_of(&r.by_period, &|row| with_cur(row, row.key.clone()));
        for t in &r.totals {
            let mut cells = vec![with_cur(t, "total".into())];
            cells.extend(money_cells(t));
            period_rows.push(cells);
        }
        let spark = r
            .totals
            .iter()
            .map(|t| {
                let series = |f: fn(&SalesRow) -> i64| -> Vec<i64> {
                    r.by_period
                        .iter()
                        .filter(|p| p.currency == t.currency)
                        .map(f)
                        .collect()
                };
                format!(
                    "Revenue {} · net profit {}{}",
                    table::sparkline(&series(|p| p.revenue.amount_minor)),
                    table::sparkline(&series(|p| p.net_profit.amount_minor)),
                    if multi {
                        format!(" ({})", t.currency)
                    } else {
                        String::new()
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let beyond = r.totals.iter().any(|t| {
            [t.refunds, t.ads, t.shipping_labels, t.account_fees, t.other]
                .iter()
                .any(|m| m.amount_minor != 0)
        });
        let mut note = spark;
        if beyond {
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str("Net profit also counts the ledger's refunds, ads, shipping labels and other charges (below).");
        }
        out.push(Titled {
            title: Some(format!("Sales by {period_name}, {scope}")),
            table: table::build(opts, &with_first((period_name, Align::Left)), period_rows),
            note: (!note.is_empty()).then_some(note),
        });
        // More than one currency: the same P&L in the home currency, with how it converted.
        if let Some(h) = r
            .home
            .as_ref()
            .filter(|h| h.basis != "same_currency" || multi)
        {
            let mut rows = rows_of(&h.by_period, &|row| row.key.clone());
            let mut cells = vec!["total".to_string()];
            cells.extend(money_cells(&h.total));
            rows.push(cells);
            out.push(Titled {
                title: Some(format!("Sales by {period_name} in {}", h.currency)),
                table: table::build(opts, &with_first((period_name, Align::Left)), rows),
                note: Some(home_note(h)),
            });
        }
        // Against the previous window.
        let change_rows: Vec<Vec<String>> = r
            .totals
            .iter()
            .flat_map(|t| {
                let pct = |v: Option<i64>| match v {
                    Some(bp) => format!(
                        "{}{}",
                        if bp >= 0 { "+" } else { "" },
                        table::percent(Some(bp))
                    ),
                    None => "—".into(),
                };
                let p = self.previous_totals(t);
                let c = self.o.change.iter().find(|c| c.currency == t.currency);
                let mut rows: Vec<Vec<String>> = pnl_lines(t, p, c)
                    .into_iter()
                    .map(|l| {
                        vec![
                            with_cur(t, l.table_label.to_string()),
                            l.now.display(),
                            l.previous
                                .map(|b| b.display())
                                .unwrap_or_else(|| "—".into()),
                            pct(l.change_bp),
                        ]
                    })
                    .collect();
                rows.push(vec![
                    with_cur(t, "margin".into()),
                    table::percent(t.margin_bp),
                    table::percent(p.and_then(|p| p.margin_bp)),
                    c.and_then(|c| c.margin_change_bp)
                        .map(|d| format!("{:+.1} pts", d as f64 / 100.0))
                        .unwrap_or_else(|| "—".into()),
                ]);
                rows
            })
            .collect();
        out.push(Titled {
            title: Some(format!(
                "Against {} to {} (previous window of equal length)",
                self.o.previous.since, self.o.previous.until
            )),
            table: table::build(
                opts,
                &[
                    ("", Align::Left),
                    ("this window", Align::Right),
                    ("previous", Align::Right),
                    ("change", Align::Right),
                ],
                change_rows,
            ),
            note: {
                let notes: Vec<String> = r
                    .totals
                    .iter()
                    .filter_map(fee_basis_note)
                    .chain(r.totals.iter().filter_map(cost_basis_note))
                    .collect();
                (!notes.is_empty()).then(|| notes.join("\n"))
            },
        });
        if let Some(m) = &self.o.money {
            out.push(money_table(m, opts, multi));
        }
        out.push(Titled {
            title: Some("By channel".into()),
            table: table::build(
                opts,
                &with_first(("channel", Align::Left)),
                rows_of(&r.by_channel, &|row| with_cur(row, row.key.clone())),
            ),
            note: None,
        });
        let shown = self.shown.min(r.by_sku.len());
        out.push(Titled {
            title: Some("By SKU, most profitable first".into()),
            table: table::build(
                opts,
                &with_first(("sku", Align::Left)),
                rows_of(&r.by_sku[..shown], &|row| with_cur(row, row.key.clone())),
            ),
            note: (shown < self.sku_count).then(|| {
                format!(
                    "{shown} of {} SKUs shown; --top N for more, --json for all.",
                    self.sku_count
                )
            }),
        });
        for (title, list) in [
            (
                "Top movers up (net sales against the previous window)",
                &self.o.movers_up,
            ),
            ("Top movers down", &self.o.movers_down),
        ] {
            let rows = list
                .iter()
                .map(|m| {
                    vec![
                        m.sku.clone(),
                        crate::output::sanitize::one_line(m.title.as_deref().unwrap_or("")),
                        m.net_sales_previous.display(),
                        m.net_sales.display(),
                        m.net_sales_change.display(),
                        format!("{} → {}", m.units_previous, m.units),
                        table::sparkline(
                            self.o
                                .mover_series
                                .get(&m.sku)
                                .map(Vec::as_slice)
                                .unwrap_or(&[]),
                        ),
                    ]
                })
                .collect();
            out.push(Titled {
                title: Some(title.into()),
                table: table::build(
                    opts,
                    &[
                        ("sku", Align::Left),
                        ("title", Align::Left),
                        ("before", Align::Right),
                        ("now", Align::Right),
                        ("change", Align::Right),
                        ("units", Align::Right),
                        ("units by period", Align::Left),
                    ],
                    rows,
                ),
                note: None,
            });
        }
        let countries = self
            .o
            .by_country
            .iter()
            .take(self.shown)
            .map(|p| {
                vec![
                    crate::output::sanitize::one_line(&p.place),
                    table::count(p.orders),
                    table::count(p.units),
                    p.net_sales.display(),
                ]
            })
            .collect();
        out.push(Titled {
            title: Some("Net sales by ship-to country".into()),
            table: table::build(
                opts,
                &[
                    ("country", Align::Left),
                    ("orders", Align::Right),
                    ("units", Align::Right),
                    ("net sales", Align::Right),
                ],
                countries,
            ),
            note: (self.o.by_country.len() > self.shown).then(|| {
                format!(
                    "{} of {} countries shown; by region in --json.",
                    self.shown,
                    self.o.by_country.len()
                )
            }),
        });
        out
    }

    fn html(&self) -> String {
        let s = &self.o;
        let r = &s.report;
        let mut out = String::from("<section id=\"sales\"><h2>Sales</h2>\n");
        let mut scope = format!(
            "{} to {} by {}, against {} to {}",
            r.since,
            r.until,
            match r.period {
                Period::Day => "day",
                Period::Week => "week",
                Period::Month => "month",
            },
            s.previous.since,
            s.previous.until
        );
        if let Some(c) = &r.channel {
            scope.push_str(&format!("; channel {c}"));
        }
        if let Some(k) = &r.sku {
            scope.push_str(&format!("; SKU {k}"));
        }
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&scope));
        if r.totals.is_empty() {
            out.push_str(&empty("No orders in this window."));
        }
        for t in &r.totals {
            let ch = s.change.iter().find(|c| c.currency == t.currency);
            out.push_str("<div class=\"kpis\">");
            out.push_str(&kpi(
                "Revenue",
                &t.revenue.display(),
                ch.and_then(|c| c.revenue_change_bp),
                false,
            ));
            out.push_str(&kpi(
                "Net profit",
                &t.net_profit.display(),
                ch.and_then(|c| c.net_profit_change_bp),
                false,
            ));
            out.push_str(&kpi(
                "Margin",
                &percent(t.margin_bp),
                ch.and_then(|c| c.margin_change_bp),
                true,
            ));
            out.push_str(&kpi(
                "Orders",
                &count(t.orders),
                ch.and_then(|c| c.orders_change_bp),
                false,
            ));
            out.push_str(&kpi(
                "Units",
                &count(t.units),
                ch.and_then(|c| c.units_change_bp),
                false,
            ));
            out.push_str(&kpi(
                "Fees",
                &t.fees.display(),
                ch.and_then(|c| c.fees_change_bp),
                false,
            ));
            out.push_str("</div>\n");
            let rows: Vec<Vec<String>> = pnl_lines(t, self.previous_totals(t), ch)
                .into_iter()
                .map(|l| {
                    vec![
                        l.page_label.to_string(),
                        l.now.display(),
                        l.previous
                            .map(|b| b.display())
                            .unwrap_or_else(|| "—".into()),
                        percent(l.change_bp),
                    ]
                })
                .collect();
            let _ = write!(out, "<h3>Profit and loss ({})</h3>", t.currency);
            out.push_str(&html_table(
                &["", "this window", "previous", "change"],
                &[false, true, true, true],
                &rows,
            ));
            let periods: Vec<(String, i64, i64)> = r
                .by_period
                .iter()
                .filter(|p| p.currency == t.currency)
                .map(|p| {
                    (
                        p.key.clone(),
                        p.revenue.amount_minor,
                        p.net_profit.amount_minor,
                    )
                })
                .collect();
            out.push_str("<div class=\"narrow\">");
            match revenue_profit_chart(&periods, t.currency) {
                Some(svg) => out.push_str(&figure(
                    svg,
                    &format!("Revenue and net profit by period ({})", t.currency),
                    &[(REV, "revenue"), (PROFIT, "net profit")],
                )),
                None => out.push_str(&empty("No sales by period to chart.")),
            }
            out.push_str("</div>\n<div class=\"grid\">");
            let channels: Vec<(String, i64)> = r
                .by_channel
                .iter()
                .filter(|c| c.currency == t.currency)
                .map(|c| (c.key.clone(), c.net_profit.amount_minor))
                .collect();
            match money_bars(&channels, t.currency, PROFIT, "Net profit by channel") {
                Some(svg) => out.push_str(&figure(
                    svg,
                    &format!("Net profit by channel ({})", t.currency),
                    &[],
                )),
                None => out.push_str(&empty("No channel had sales.")),
            }
            let skus: Vec<(String, i64)> = r
                .by_sku
                .iter()
                .filter(|c| c.currency == t.currency)
                .take(10)
                .map(|c| {
                    (
                        title_of(&c.key, c.title.as_deref()),
                        c.net_profit.amount_minor,
                    )
                })
                .collect();
            match money_bars(&skus, t.currency, REV, "Top SKUs by net profit") {
                Some(svg) => out.push_str(&figure(
                    svg,
                    &format!("Top 10 SKUs by net profit ({})", t.currency),
                    &[],
                )),
                None => out.push_str(&empty("No SKU sold.")),
            }
            let countries: Vec<(String, i64)> = s
                .by_country
                .iter()
                .filter(|p| p.currency == t.currency)
                .take(10)
                .map(|p| (p.place.clone(), p.net_sales.amount_minor))
                .collect();
            match money_bars(
                &countries,
                t.currency,
                "#7a5cc0",
                "Net sales by ship-to country",
            ) {
                Some(svg) => out.push_str(&figure(
                    svg,
                    &format!("Net sales by ship-to country, top 10 ({})", t.currency),
                    &[],
                )),
                None => out.push_str(&empty("No ship-to places recorded.")),
            }
            out.push_str("</div>\n");
        }
        let mover_rows = |list: &[crate::report::compare::Mover]| -> Vec<Vec<String>> {
            list.iter()
                .map(|m| {
                    vec![
                        m.sku.clone(),
                        m.title.clone().unwrap_or_default(),
                        m.net_sales_previous.display(),
                        m.net_sales.display(),
                        m.net_sales_change.display(),
                        format!("{} → {}", m.units_previous, m.units),
                    ]
                })
                .collect()
        };
        let headers = [
            "sku",
            "title",
            "net sales before",
            "net sales now",
            "change",
            "units",
        ];
        let num = [false, false, true, true, true, true];
        out.push_str("<div class=\"grid\"><div>");
        out.push_str("<h3>Top movers up</h3>");
        if s.movers_up.is_empty() {
            out.push_str(&empty("No SKU sold more than in the previous window."));
        } else {
            out.push_str(&html_table(&headers, &num, &mover_rows(&s.movers_up)));
        }
        out.push_str("</div><div><h3>Top movers down</h3>");
        if s.movers_down.is_empty() {
            out.push_str(&empty("No SKU sold less than in the previous window."));
        } else {
            out.push_str(&html_table(&headers, &num, &mover_rows(&s.movers_down)));
        }
        out.push_str("</div></div>\n");
        let regions: Vec<Vec<String>> = s
            .by_region
            .iter()
            .take(15)
            .map(|p: &PlaceRow| {
                vec![
                    p.place.clone(),
                    count(p.orders),
                    count(p.units),
                    p.net_sales.display(),
                ]
            })
            .collect();
        out.push_str("<h3>Sales by ship-to region (top 15)</h3>");
        if regions.is_empty() {
            out.push_str(&empty("No ship-to regions recorded."));
        } else {
            out.push_str(&html_table(
                &["region", "orders", "units", "net sales"],
                &[false, true, true, true],
                &regions,
            ));
        }
        if let Some(m) = &s.money {
            out.push_str("</section>\n<section id=\"money\"><h2>Money</h2>\n");
            for t in &m.totals {
                out.push_str("<div class=\"kpis\">");
                out.push_str(&kpi("Payouts received", &t.payouts.display(), None, false));
                out.push_str(&kpi("Net profit", &t.net_profit.display(), None, false));
                out.push_str(&kpi("Ad spend", &t.ad_spend.display(), None, false));
                out.push_str(&kpi("TACoS", &percent(t.tacos_bp), None, false));
                if let Some(f) = m.fees.iter().find(|f| f.currency == t.currency)
                    && let Some(e) = f.fee_estimate_error
                {
                    out.push_str(&kpi("Fee estimate error", &e.display(), None, false));
                }
                out.push_str("</div>\n");
                let periods: Vec<(String, i64, i64)> = m
                    .by_period
                    .iter()
                    .filter(|p| p.currency == t.currency)
                    .map(|p| {
                        (
                            p.key.clone(),
                            p.payouts.amount_minor,
                            p.net_profit.amount_minor,
                        )
                    })
                    .collect();
                out.push_str("<div class=\"narrow\">");
                if let Some(svg) = revenue_profit_chart(&periods, t.currency) {
                    out.push_str(&figure(
                        svg,
                        &format!("Payouts received and net profit by period ({})", t.currency),
                        &[(REV, "payouts received"), (PROFIT, "net profit")],
                    ));
                }
                out.push_str("</div>\n");
            }
            let multi = m.totals.len() > 1;
            out.push_str(&html_table(
                &MONEY_SECTION_HEADERS,
                &[false, true, true, true, true, true, true],
                &money_rows(m, multi),
            ));
            for line in fee_check_note(m).lines() {
                let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(line));
            }
        }
        out.push_str("</section>\n");
        out
    }
}
