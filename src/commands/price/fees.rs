//! `sellkit price fees`: the fee schedule in force on a date, with its sources.

use jiff::civil::Date;
use serde_json::Value;

use crate::cli::{Context, parse_date};
use crate::error::{Error, Result};
use crate::fees::{Marketplace, ScheduleRef, Schedules};
use crate::money::{Currency, Money};
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, table, to_json};

use super::wire::{FeeSchedule, FeesDoc};

/// The fee schedule in force, with its sources.
///
/// Shows each marketplace's fee rules as sellkit applies them on a date: rates, fixed fees,
/// categories, FBA size tiers and Shopify plans, when they took effect, where they come from,
/// and whether the figures were read on the marketplace's own pages ("published") or from
/// third-party tables ("unverified": re-check before relying on them). `--json` has every rule.
///
/// Examples:
///   sellkit price fees
///   sellkit price fees --marketplace ebay --on 2024-03-14
///   sellkit price fees --marketplace amazon --json | jq '.schedules[0].rules.size_tiers'
#[derive(Debug, clap::Args)]
pub struct FeesArgs {
    /// Only this marketplace
    #[arg(long, value_enum)]
    pub marketplace: Option<Marketplace>,
    /// The date (YYYY-MM-DD) [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<Date>,
    /// Currency of the schedules
    #[arg(long, default_value = "USD")]
    pub currency: String,
}

struct InForce<'a> {
    on: Date,
    currency: Currency,
    schedules: Vec<ScheduleRef<'a>>,
    missing: Vec<String>,
}

fn pct(bp: i64) -> String {
    let s = format!("{}.{:02}", bp / 100, bp % 100);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// A one-paragraph summary of the rules, for tables.
fn summary(s: &ScheduleRef<'_>, c: Currency) -> String {
    let m = |minor: i64| Money::new(minor, c).display();
    match s {
        ScheduleRef::Etsy(e) => format!(
            "listing {} per item sold; transaction {} of item + shipping; processing {} + {} of order total; offsite ads {} ({} for large shops, max {})",
            m(e.listing_fee_minor),
            pct(e.transaction_bp),
            pct(e.processing_bp),
            m(e.processing_fixed_minor),
            pct(e.offsite_ads_bp),
            pct(e.offsite_ads_large_shop_bp),
            m(e.offsite_ads_cap_minor)
        ),
        ScheduleRef::Ebay(e) => {
            let cats: Vec<String> = e
                .categories
                .iter()
                .map(|cat| {
                    let tiers: Vec<String> = cat
                        .tiers
                        .iter()
                        .map(|t| match t.up_to_minor {
                            Some(u) => format!("{} to {}", pct(t.rate_bp), m(u)),
                            None => format!("{} above", pct(t.rate_bp)),
                        })
                        .collect();
                    format!("{}: {}", cat.name, tiers.join(", "))
                })
                .collect();
            let per: Vec<String> = e
                .per_order
                .iter()
                .map(|p| match p.up_to_minor {
                    Some(u) => format!("{} up to {}", m(p.fee_minor), m(u)),
                    None => format!("{} otherwise", m(p.fee_minor)),
                })
                .collect();
            format!(
                "final value {} of the total amount; per order {}",
                cats.join("; "),
                per.join(", ")
            )
        }
        ScheduleRef::Amazon(a) => {
            let cats: Vec<String> = a
                .categories
                .iter()
                .map(|cat| {
                    let tiers: Vec<String> = cat
                        .tiers
                        .iter()
                        .map(|t| match t.up_to_minor {
                            Some(u) => format!("{} to {}", pct(t.rate_bp), m(u)),
                            None => pct(t.rate_bp),
                        })
                        .collect();
                    format!("{} {}", cat.name, tiers.join("/"))
                })
                .collect();
            let tiers: Vec<String> = a
                .size_tiers
                .iter()
                .map(|t| {
                    let from = t
                        .bands
                        .first()
                        .map(|b| b.fee_minor)
                        .or(t.over.as_ref().map(|o| o.base_fee_minor));
                    format!("{} from {}", t.name, from.map_or("—".into(), m))
                })
                .collect();
            format!(
                "referral (min {} per item): {}; FBA per unit ($10-$50 band): {}; dimensional weight L×W×H/{}; under {}: {} off",
                m(a.categories.first().map_or(0, |c| c.min_fee_minor)),
                cats.join(", "),
                tiers.join(", "),
                a.dim_divisor_in3_per_lb,
                m(a.low_price_below_minor),
                m(a.low_price_fba_discount_minor)
            )
        }
        ScheduleRef::Shopify(s) => {
            let plans: Vec<String> = s
                .plans
                .iter()
                .map(|p| {
                    format!(
                        "{} {} + {} (third-party gateway {})",
                        p.name,
                        pct(p.rate_bp),
                        m(p.fixed_minor),
                        pct(p.third_party_bp)
                    )
                })
                .collect();
            format!("Shopify Payments per order: {}", plans.join("; "))
        }
    }
}

impl InForce<'_> {
    fn wire_schedules(&self) -> Vec<FeeSchedule<'_>> {
        self.schedules
            .iter()
            .map(|s| FeeSchedule {
                marketplace: s.marketplace(),
                meta: s.meta(),
                rules: s.rules_json(),
            })
            .collect()
    }
}

impl Render for InForce<'_> {
    fn document(&self) -> Value {
        to_json(&FeesDoc {
            schema_version: SCHEMA_VERSION,
            on: self.on.to_string(),
            currency: self.currency,
            schedules: self.wire_schedules(),
            missing: &self.missing,
        })
    }
    fn records(&self) -> Vec<Value> {
        self.wire_schedules().iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .schedules
            .iter()
            .map(|s| {
                let meta = s.meta();
                vec![
                    s.marketplace().to_string(),
                    meta.effective_from.to_string(),
                    meta.status.clone(),
                    summary(s, self.currency),
                    meta.source.clone(),
                ]
            })
            .collect();
        let mut notes: Vec<String> = self
            .schedules
            .iter()
            .map(|s| format!("{}: {}", s.marketplace(), s.meta().note))
            .collect();
        notes.extend(self.missing.iter().cloned());
        vec![Titled {
            title: Some(format!(
                "Fee schedules in force on {} ({})",
                self.on, self.currency
            )),
            table: table::build(
                opts,
                &[
                    ("marketplace", Align::Left),
                    ("since", Align::Left),
                    ("status", Align::Left),
                    ("rules", Align::Left),
                    ("source", Align::Left),
                ],
                rows,
            ),
            note: Some(notes.join("\n")),
        }]
    }
}

pub fn run(ctx: &Context, args: FeesArgs) -> Result<()> {
    let on = args.on.unwrap_or_else(|| ctx.today());
    let currency =
        Currency::new(&args.currency).map_err(|e| Error::usage(format!("--currency: {e}")))?;
    let all = Schedules::embedded();
    let wanted: Vec<Marketplace> = match args.marketplace {
        Some(m) => vec![m],
        None => Marketplace::ALL.to_vec(),
    };
    let mut schedules = Vec::new();
    let mut missing = Vec::new();
    for m in wanted {
        match all.on(m, on, currency) {
            Ok(s) => schedules.push(s),
            Err(e) if args.marketplace.is_some() => return Err(Error::usage(e.to_string())),
            Err(e) => missing.push(e.to_string()),
        }
    }
    if schedules.is_empty() {
        return Err(Error::usage(format!(
            "no fee schedule in force on {on} in {currency}: {}",
            missing.join("; ")
        )));
    }
    ctx.out.print(&InForce {
        on,
        currency,
        schedules,
        missing,
    })
}
