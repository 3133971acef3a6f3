//! Reconciliation: each payout against the ledger entries it settles, the money totals by kind,
//! and the exceptions (orders with no ledger entry, entries with no order, payouts that do not
//! add up).
//!
//! A payout's entries are the ledger entries of its shop whose `payout_ref` is the payout's
//! external id (Amazon settlements and Shopify payouts name theirs; an Etsy statement does not
//! link its entries to a deposit, so an Etsy deposit has no entries total and is listed as
//! unlinked, never as a difference). The payout transfer itself (kind `payout`) is not one of
//! the entries it settles. Money that never passed through a payout (Amazon ads or a negative
//! balance charged to the card on file, an Etsy "Card Payment") is its own total,
//! `charged_to_card`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use jiff::civil::Date;
use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::marketplaces::sink::LedgerKind;
use crate::money::{Currency, Money};
use crate::store::Store;

/// What to reconcile.
#[derive(Debug, Clone)]
pub struct PayoutsQuery {
    /// First day of payouts and entries (posted/paid date); `None`: from the first.
    pub since: Option<Date>,
    /// Last day; `None`: to the last.
    pub until: Option<Date>,
    /// Only this marketplace (etsy, ebay, amazon, shopify).
    pub marketplace: Option<String>,
    /// Today, for the age of orders with no ledger entry.
    pub today: Date,
    /// An order older than this many days with no ledger entry is an exception.
    pub grace_days: i64,
    /// How many examples each exception lists.
    pub examples: usize,
}

/// One payout and the entries it settles.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PayoutRow {
    pub payout_id: String,
    pub marketplace: String,
    pub date: String,
    /// What reached the bank.
    pub amount: Money,
    /// `paid`, `pending`, `in_transit`, `failed` or `reversed`.
    pub status: String,
    /// The sum of the entries the payout settles; `None` when the source does not link
    /// entries to payouts (`linked` is false then).
    pub entries_total: Option<Money>,
    /// `amount - entries_total` (for a converted payout, `original - entries_total`, in the
    /// original's currency): zero when the payout is complete.
    pub difference: Option<Money>,
    pub linked: bool,
    pub entries: i64,
    /// Distinct orders among its entries.
    pub orders: i64,
    pub refunds: i64,
    pub fees: i64,
    pub ads: i64,
    /// The payout's total before conversion, where the bank got another currency.
    pub original: Option<Money>,
    /// The conversion of `original` into `amount`, against the ECB reference rate of the payout
    /// day; `None` when nothing was converted.
    pub fx: Option<PayoutFx>,
}

/// The exchange rate a payout actually received, and what that gained or lost against the ECB
/// reference rate of its day.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PayoutFx {
    /// Units of the payout's currency received per 1 unit of the original's (`amount /
    /// original`), to 6 decimals.
    pub rate_received: String,
    /// The ECB rate of the payout day (carried forward over holidays) and its published day;
    /// `None` without stored rates (`sellkit fx fetch --history`).
    pub ecb_rate: Option<String>,
    pub ecb_day: Option<String>,
    /// The original at the ECB rate.
    pub at_ecb: Option<Money>,
    /// `amount - at_ecb`: positive when the marketplace's conversion paid more than the
    /// reference rate (an FX gain), negative for a loss.
    pub gain_loss: Option<Money>,
    /// Why there is no ECB comparison, when there is none.
    pub unconverted: Option<String>,
}

/// Money by kind in one currency, over the window.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub currency: Currency,
    pub sales: Money,
    pub refunds: Money,
    pub fees: Money,
    pub ads: Money,
    pub shipping_labels: Money,
    pub taxes: Money,
    /// Adjustments, reserves and entries of no other kind.
    pub other: Money,
    /// Money received in the bank: the amounts of the payouts marked paid (one in transit or
    /// pending is listed, not counted).
    pub payouts: Money,
    /// Costs paid by the card on file rather than from the balance (included in their kinds
    /// above; shown apart because no payout carries them).
    pub charged_to_card: Money,
    /// Entries still pending (deferred), included in their kinds above.
    pub pending: Money,
    /// Σ of every entry except payout transfers: the marketplace's net for the window.
    pub net: Money,
    /// Σ of the converted payouts' gains and losses against the ECB rate ([`PayoutFx`]).
    pub fx_gain_loss: Money,
}

impl Totals {
    fn zero(currency: Currency) -> Totals {
        let z = Money::new(0, currency);
        Totals {
            currency,
            sales: z,
            refunds: z,
            fees: z,
            ads: z,
            shipping_labels: z,
            taxes: z,
            other: z,
            payouts: z,
            charged_to_card: z,
            pending: z,
            net: z,
            fx_gain_loss: z,
        }
    }

    fn add(&mut self, kind: LedgerKind, amount: i64) {
        let slot = match kind {
            LedgerKind::Sale => &mut self.sales,
            LedgerKind::Refund => &mut self.refunds,
            LedgerKind::Fee => &mut self.fees,
            LedgerKind::Ad => &mut self.ads,
            LedgerKind::ShippingLabel => &mut self.shipping_labels,
            LedgerKind::Tax => &mut self.taxes,
            // The transfer's money is counted from the payouts themselves.
            LedgerKind::Payout => return,
            LedgerKind::Adjustment | LedgerKind::Reserve | LedgerKind::Other => &mut self.other,
        };
        slot.amount_minor += amount;
        self.net.amount_minor += amount;
    }
}

/// An exception with a count and the first few examples.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Exception {
    pub count: i64,
    pub examples: Vec<String>,
}

/// What does not reconcile.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Exceptions {
    /// Orders older than the grace period, in a shop with ledger data, with no ledger entry.
    pub orders_without_ledger: Exception,
    /// Ledger entries naming an order the store does not have.
    pub entries_without_order: Exception,
    /// Payouts whose linked entries do not add up to the amount received.
    pub payouts_not_adding_up: Exception,
    /// Payouts whose source does not link entries to them (Etsy deposits).
    pub payouts_unlinked: Exception,
}

/// The reconciliation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PayoutsReport {
    pub since: Option<String>,
    pub until: Option<String>,
    pub payouts: Vec<PayoutRow>,
    /// One per currency, largest net first.
    pub totals: Vec<Totals>,
    pub exceptions: Exceptions,
    pub ledger_entries: i64,
    pub grace_days: i64,
}

fn window(q: &PayoutsQuery) -> (String, String) {
    (
        q.since
            .map_or_else(|| "0000".to_string(), |d| d.to_string()),
        // Posted times are RFC 3339 or bare dates: everything on the last day sorts below "~".
        q.until
            .map_or_else(|| "9999".to_string(), |d| format!("{d}~")),
    )
}

/// `sql` with each `/*range COL ?A ?B*/` marker replaced by `AND COL >= ?A AND COL <= ?B` when
/// the report has a window, and by nothing when it has none.
fn windowed(sql: &str, bounded: bool) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(i) = rest.find("/*range ") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("*/").map_or(rest.len(), |e| i + e);
        let parts: Vec<&str> = rest[i + "/*range ".len()..end].split_whitespace().collect();
        if bounded && let [col, a, b] = parts[..] {
            out.push_str(&format!("AND {col} >= {a} AND {col} <= {b}"));
        }
        rest = &rest[(end + 2).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// The rate `amount` received for `original` on the payout's day, against the ECB's.
fn payout_fx(rates: &crate::fx::Rates, original: Money, amount: Money, date: &str) -> PayoutFx {
    // amount / original in major units: (a / 10^dt) / (o / 10^df).
    let (df, dt) = (
        original.currency.minor_digits(),
        amount.currency.minor_digits(),
    );
    let mut num = i128::from(amount.amount_minor).abs();
    let mut den = i128::from(original.amount_minor).abs();
    if df >= dt {
        num *= 10i128.pow(df - dt);
    } else {
        den *= 10i128.pow(dt - df);
    }
    let rate_received = crate::fx::decimal_text(num, den, 6);
    let day = crate::time::date_prefix(date);
    let quote = match day {
        Some(d) => rates
            .quote(original.currency, amount.currency, d)
            .map_err(|e| e.to_string()),
        None => Err(format!("the payout date {date:?} is not a date")),
    };
    match quote.and_then(|qt| {
        qt.apply(original.amount_minor)
            .map(|c| (qt, c))
            .map_err(|e| e.to_string())
    }) {
        Ok((qt, c)) => PayoutFx {
            rate_received,
            ecb_rate: Some(qt.rate.to_string()),
            ecb_day: Some(qt.day.to_string()),
            at_ecb: Some(c.amount),
            gain_loss: Some(Money::new(
                amount.amount_minor - c.amount.amount_minor,
                amount.currency,
            )),
            unconverted: None,
        },
        Err(why) => PayoutFx {
            rate_received,
            ecb_rate: None,
            ecb_day: None,
            at_ecb: None,
            gain_loss: None,
            unconverted: Some(why),
        },
    }
}

fn currency(text: &str) -> Currency {
    Currency::new(text).unwrap_or_else(|_| Currency::new("XXX").expect("XXX is a code"))
}

/// What one payout's entries add up to (all posting dates).
#[derive(Default)]
struct Linked {
    entries: i64,
    total: i64,
    /// Distinct orders, by a 64-bit SipHash of their id (no copy of the text per order).
    orders: HashSet<u64>,
    refunds: i64,
    fees: i64,
    ads: i64,
}

/// An order a shop's ledger names.
#[derive(Default)]
struct Named {
    /// Its first entry posted in the window, if any.
    first_in_window: Option<Box<str>>,
    /// The store has the order.
    exists: bool,
}

/// Reconciles the payouts and entries of the window.
pub fn payouts(store: &Store, q: &PayoutsQuery) -> Result<PayoutsReport> {
    let conn = store.conn();
    let (from, to) = window(q);
    // With no window every row is in it: no range condition, so whole tables are scanned in
    // order rather than through a date index row by row.
    let bounded = q.since.is_some() || q.until.is_some();
    let market = q.marketplace.as_deref();

    // One pass over the ledger (a table scan in storage order: no index walk, no sort) gives
    // the totals by currency and kind over the window, what each payout's entries add up to
    // (all dates), each shop's first and last posting day, and every order the ledger names.
    let channels: HashMap<i64, String> = {
        let mut stmt = conn.prepare("SELECT id, channel FROM shops")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let in_market =
        |shop: i64| market.is_none_or(|m| channels.get(&shop).map(String::as_str) == Some(m));
    let mut totals: BTreeMap<String, Totals> = BTreeMap::new();
    let mut linked: HashMap<i64, HashMap<Box<str>, Linked>> = HashMap::new();
    let mut covered: HashMap<i64, (String, String)> = HashMap::new();
    // Per shop: the orders its entries name, with the first posting in the window.
    let mut named: HashMap<i64, HashMap<Box<str>, Named>> = HashMap::new();
    let mut ledger_entries = 0;
    {
        let mut stmt = conn.prepare(
            "SELECT shop_id, payout_ref, kind, currency, amount_minor, status, type, order_ref, posted_at
             FROM ledger_entries",
        )?;
        let mut rows = stmt.query([])?;
        let mut last_cur = String::new();
        let mut last_kind = String::new();
        let mut kind = LedgerKind::Other;
        while let Some(r) = rows.next()? {
            let shop: i64 = r.get(0)?;
            let posted = r.get_ref(8)?.as_str()?;
            let day = &posted[..posted.len().min(10)];
            match covered.get_mut(&shop) {
                Some((first, last)) => {
                    if day < first.as_str() {
                        *first = day.to_string();
                    }
                    if day > last.as_str() {
                        *last = day.to_string();
                    }
                }
                None => {
                    covered.insert(shop, (day.to_string(), day.to_string()));
                }
            }
            let kind_text = r.get_ref(2)?.as_str()?;
            if kind_text != last_kind {
                kind = LedgerKind::parse(kind_text).unwrap_or(LedgerKind::Other);
                last_kind.clear();
                last_kind.push_str(kind_text);
            }
            let amount: i64 = r.get(4)?;
            let order = r.get_ref(7)?.as_str_or_null()?;
            let windowed = posted >= from.as_str() && posted <= to.as_str();
            if let Some(p) = r.get_ref(1)?.as_str_or_null()? {
                let of_shop = linked.entry(shop).or_default();
                let l = match of_shop.get_mut(p) {
                    Some(l) => l,
                    None => of_shop.entry(p.into()).or_default(),
                };
                if kind != LedgerKind::Payout {
                    l.entries += 1;
                    l.total += amount;
                }
                match kind {
                    LedgerKind::Refund => l.refunds += 1,
                    LedgerKind::Fee => l.fees += 1,
                    LedgerKind::Ad => l.ads += 1,
                    _ => {}
                }
                if let Some(o) = order {
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    o.hash(&mut h);
                    l.orders.insert(h.finish());
                }
            }
            if let Some(o) = order {
                let refs = named.entry(shop).or_default();
                let n = match refs.get_mut(o) {
                    Some(n) => n,
                    None => refs.entry(o.into()).or_default(),
                };
                if windowed && n.first_in_window.as_deref().is_none_or(|f| posted < f) {
                    n.first_in_window = Some(posted.into());
                }
            }
            if !windowed || !in_market(shop) {
                continue;
            }
            ledger_entries += 1;
            let cur = r.get_ref(3)?.as_str()?;
            if cur != last_cur {
                last_cur.clear();
                last_cur.push_str(cur);
            }
            let t = match totals.get_mut(cur) {
                Some(t) => t,
                None => totals
                    .entry(cur.to_string())
                    .or_insert_with(|| Totals::zero(currency(cur))),
            };
            t.add(kind, amount);
            if r.get_ref(6)?.as_str()? == "charged_to_card" {
                t.charged_to_card.amount_minor += amount;
            }
            if r.get_ref(5)?.as_str()? == "pending" {
                t.pending.amount_minor += amount;
            }
        }
    }

    // Payouts, with their linked entries.
    // The entries of every payout in one pass (grouped by payout reference), joined to the
    // payouts: one scan of the ledger however many payouts there are.
    let mut stmt = conn.prepare(&windowed(
        "SELECT p.external_id, s.channel, p.paid_at, p.amount_minor, p.currency, p.status,
                p.original_minor, p.original_currency, p.shop_id
         FROM payouts p JOIN shops s ON s.id = p.shop_id
         WHERE 1 /*range p.paid_at ?1 ?2*/ AND (?3 IS NULL OR s.channel = ?3)
         ORDER BY p.paid_at, s.channel, p.external_id",
        bounded,
    ))?;
    let mut payouts = Vec::new();
    let mut exceptions = Exceptions::default();
    // Loaded at the first converted payout: most shops are paid in their own currency.
    let mut rates: Option<crate::fx::Rates> = None;
    let note = |e: &mut Exception, text: String, max: usize| {
        e.count += 1;
        if e.examples.len() < max {
            e.examples.push(text);
        }
    };
    let rows = stmt.query_map(params![from, to, market], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<i64>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, i64>(8)?,
        ))
    })?;
    for row in rows {
        let (id, channel, date, amount, cur, status, orig, orig_cur, shop) = row?;
        let l = linked.get(&shop).and_then(|m| m.get(id.as_str()));
        let entries = l.map_or(0, |l| l.entries);
        let sum = l.map(|l| l.total);
        let counts = l.map_or([0; 4], |l| {
            [l.orders.len() as i64, l.refunds, l.fees, l.ads]
        });
        let cur = currency(&cur);
        let linked = entries > 0;
        // A converted payout's entries are in the marketplace's currency: they settle the
        // total before conversion.
        let settles = match (orig, orig_cur.as_deref()) {
            (Some(a), Some(c)) if currency(c) != cur => Money::new(a, currency(c)),
            _ => Money::new(amount, cur),
        };
        let entries_total = sum
            .filter(|_| linked)
            .map(|s| Money::new(s, settles.currency));
        let difference = entries_total
            .map(|t| Money::new(settles.amount_minor - t.amount_minor, settles.currency));
        if let Some(d) = difference
            && d.amount_minor != 0
        {
            note(
                &mut exceptions.payouts_not_adding_up,
                format!("{channel} {id} ({date}): {} off", d.display()),
                q.examples,
            );
        }
        if !linked {
            note(
                &mut exceptions.payouts_unlinked,
                format!("{channel} {id} ({date})"),
                q.examples,
            );
        }
        let t = totals
            .entry(cur.code().to_string())
            .or_insert_with(|| Totals::zero(cur));
        if status == "paid" {
            t.payouts.amount_minor += amount;
        }
        let original = match (orig, orig_cur) {
            (Some(a), Some(c)) => Some(Money::new(a, currency(&c))),
            _ => None,
        };
        let fx = match original.filter(|o| o.currency != cur && o.amount_minor != 0) {
            Some(o) => {
                if rates.is_none() {
                    rates = Some(crate::fx::Rates::load_between(
                        conn,
                        q.since.unwrap_or(Date::MIN),
                        q.until.unwrap_or(q.today),
                    )?);
                }
                let r = rates.as_ref().expect("loaded above");
                Some(payout_fx(r, o, Money::new(amount, cur), &date))
            }
            None => None,
        };
        if let Some(g) = fx.as_ref().and_then(|f| f.gain_loss) {
            t.fx_gain_loss.amount_minor += g.amount_minor;
        }
        payouts.push(PayoutRow {
            payout_id: id,
            marketplace: channel,
            date,
            amount: Money::new(amount, cur),
            status,
            entries_total,
            difference,
            linked,
            entries,
            orders: counts[0],
            refunds: counts[1],
            fees: counts[2],
            ads: counts[3],
            original,
            fx,
        });
    }

    // Orders in a shop with ledger data, inside the ledger's dates, older than the grace period
    // and without an entry; marking on the way every order the ledger names that exists.
    let cutoff = q
        .today
        .checked_sub(jiff::Span::new().days(q.grace_days))
        .unwrap_or(q.today)
        .to_string();
    let mut missing: Vec<(String, String, String)> = Vec::new();
    {
        let mut stmt =
            conn.prepare("SELECT shop_id, external_id, status, ordered_at FROM orders")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let shop: i64 = r.get(0)?;
            let ext = r.get_ref(1)?.as_str()?;
            if let Some(n) = named.get_mut(&shop).and_then(|m| m.get_mut(ext)) {
                n.exists = true;
                continue;
            }
            let Some((first, last)) = covered.get(&shop) else {
                continue;
            };
            let at = r.get_ref(3)?.as_str()?;
            let day = &at[..at.len().min(10)];
            let status = r.get_ref(2)?.as_str()?;
            if matches!(status, "cancelled" | "pending")
                || day < first.as_str()
                || day > last.as_str()
                || day > cutoff.as_str()
                || !(at >= from.as_str() && at <= to.as_str())
                || !in_market(shop)
            {
                continue;
            }
            missing.push((at.to_string(), ext.to_string(), channels[&shop].clone()));
        }
    }
    missing.sort();
    for (at, order, channel) in missing {
        note(
            &mut exceptions.orders_without_ledger,
            format!("{channel} order {order} ({})", &at[..at.len().min(10)]),
            q.examples,
        );
    }
    // Entries naming an order the store does not have (those posted in the window).
    let mut orphans: Vec<(&str, &str, &str)> = named
        .iter()
        .filter(|(shop, _)| in_market(**shop))
        .flat_map(|(shop, refs)| {
            refs.iter().filter(|(_, n)| !n.exists).filter_map(|(o, n)| {
                n.first_in_window
                    .as_deref()
                    .map(|at| (at, o.as_ref(), channels[shop].as_str()))
            })
        })
        .collect();
    orphans.sort();
    for (at, order, channel) in orphans {
        note(
            &mut exceptions.entries_without_order,
            format!("{channel} order {order} ({})", &at[..at.len().min(10)]),
            q.examples,
        );
    }

    let mut totals: Vec<Totals> = totals.into_values().collect();
    totals.sort_by(|a, b| {
        b.net
            .amount_minor
            .abs()
            .cmp(&a.net.amount_minor.abs())
            .then_with(|| a.currency.code().cmp(b.currency.code()))
    });
    Ok(PayoutsReport {
        since: q.since.map(|d| d.to_string()),
        until: q.until.map(|d| d.to_string()),
        payouts,
        totals,
        exceptions,
        ledger_entries,
        grace_days: q.grace_days,
    })
}

/// One line of a payout's journal entry: an account and a signed amount (positive: debit).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JournalLine {
    pub account: String,
    pub amount: Money,
}

/// A balanced journal entry for one payout: the bank is debited with what it received and each
/// kind of money the payout settles is posted to its account. The lines add up to zero; a
/// payout whose entries do not add up gets a `Reconciliation difference` line (and is an
/// exception in the report), one whose source links no entries posts against the
/// marketplace's clearing account.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JournalEntry {
    pub payout_id: String,
    pub marketplace: String,
    pub date: String,
    pub narration: String,
    pub lines: Vec<JournalLine>,
}

/// The account each kind of money posts to.
pub fn account_of(kind: LedgerKind) -> &'static str {
    match kind {
        LedgerKind::Sale => "Sales",
        LedgerKind::Refund => "Refunds",
        LedgerKind::Fee => "Marketplace fees",
        LedgerKind::Ad => "Advertising",
        LedgerKind::ShippingLabel => "Shipping labels",
        LedgerKind::Tax => "Sales tax collected",
        LedgerKind::Adjustment => "Marketplace adjustments",
        LedgerKind::Reserve => "Marketplace reserves",
        LedgerKind::Payout | LedgerKind::Other => "Other marketplace charges",
    }
}

fn title_case(channel: &str) -> String {
    let mut c = channel.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The journal entries of the report's paid payouts, in date order.
pub fn journal(store: &Store, report: &PayoutsReport) -> Result<Vec<JournalEntry>> {
    // Every payout's sums by kind in one pass.
    let mut sums: BTreeMap<(String, String), Vec<(String, i64)>> = BTreeMap::new();
    let mut stmt = store.conn().prepare(
        "SELECT s.channel, e.payout_ref, e.kind, SUM(e.amount_minor)
         FROM ledger_entries e JOIN shops s ON s.id = e.shop_id
         WHERE e.payout_ref IS NOT NULL AND e.kind <> 'payout'
         GROUP BY e.shop_id, e.payout_ref, e.kind",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    for row in rows {
        let (channel, payout, kind, sum) = row?;
        sums.entry((channel, payout)).or_default().push((kind, sum));
    }
    let mut out = Vec::new();
    for p in report.payouts.iter().filter(|p| p.status == "paid") {
        let cur = p.amount.currency;
        let mut lines = vec![JournalLine {
            account: "Bank".into(),
            amount: p.amount,
        }];
        let mut posted = p.amount.amount_minor;
        if p.linked {
            let key = (p.marketplace.clone(), p.payout_id.clone());
            // Kinds sharing an account are posted as one line.
            let mut by_account: BTreeMap<&'static str, i64> = BTreeMap::new();
            for (kind, sum) in sums.get(&key).into_iter().flatten() {
                let sum = *sum;
                let account = account_of(LedgerKind::parse(kind).unwrap_or(LedgerKind::Other));
                *by_account.entry(account).or_default() += sum;
            }
            for (account, sum) in by_account {
                if sum != 0 {
                    lines.push(JournalLine {
                        account: account.into(),
                        amount: Money::new(-sum, cur),
                    });
                    posted -= sum;
                }
            }
            if posted != 0 {
                lines.push(JournalLine {
                    account: "Reconciliation difference".into(),
                    amount: Money::new(-posted, cur),
                });
            }
        } else {
            lines.push(JournalLine {
                account: format!("{} clearing", title_case(&p.marketplace)),
                amount: Money::new(-p.amount.amount_minor, cur),
            });
        }
        out.push(JournalEntry {
            payout_id: p.payout_id.clone(),
            marketplace: p.marketplace.clone(),
            date: p.date[..p.date.len().min(10)].to_string(),
            narration: format!("{} payout {}", title_case(&p.marketplace), p.payout_id),
            lines,
        });
    }
    Ok(out)
}

/// Minor units as a plain decimal in the currency's digits (`-62.31`, `1200`).
pub fn decimal(m: Money) -> String {
    let digits = m.currency.minor_digits();
    let sign = if m.amount_minor < 0 { "-" } else { "" };
    let abs = m.amount_minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs}");
    }
    let unit = 10u64.pow(digits);
    format!(
        "{sign}{}.{:0width$}",
        abs / unit,
        abs % unit,
        width = digits as usize
    )
}

/// The entries as a CSV that QuickBooks Online's and Xero's journal imports take: one row per
/// line, debits and credits in their own columns, rows of one entry sharing its number.
pub fn journal_csv(entries: &[JournalEntry]) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out =
        String::from("Journal No,Journal Date,Account,Debits,Credits,Description,Currency\n");
    for (n, e) in entries.iter().enumerate() {
        for l in &e.lines {
            let a = l.amount;
            let (debit, credit) = if a.amount_minor >= 0 {
                (decimal(a), String::new())
            } else {
                (
                    String::new(),
                    decimal(Money::new(-a.amount_minor, a.currency)),
                )
            };
            out.push_str(&format!(
                "{},{},{},{},{},{},{}\n",
                n + 1,
                e.date,
                quote(&l.account),
                debit,
                credit,
                quote(&e.narration),
                a.currency.code()
            ));
        }
    }
    out
}

/// The entries as beancount transactions (accounts under Assets, Income and Expenses).
pub fn journal_beancount(entries: &[JournalEntry]) -> String {
    let account = |name: &str, marketplace: &str| -> String {
        let m = title_case(marketplace);
        match name {
            "Bank" => "Assets:Bank".to_string(),
            "Sales" => format!("Income:Sales:{m}"),
            "Refunds" => format!("Income:Refunds:{m}"),
            "Sales tax collected" => format!("Liabilities:SalesTax:{m}"),
            "Reconciliation difference" => "Equity:Reconciliation".to_string(),
            n if n.ends_with(" clearing") => format!("Assets:Clearing:{m}"),
            n => format!(
                "Expenses:{}:{m}",
                n.split_whitespace().map(title_case).collect::<String>()
            ),
        }
    };
    let mut out = String::new();
    for e in entries {
        out.push_str(&format!(
            "{} * \"{}\"\n",
            e.date,
            e.narration.replace('"', "'")
        ));
        for l in &e.lines {
            out.push_str(&format!(
                "  {:<40} {:>14} {}\n",
                account(&l.account, &e.marketplace),
                decimal(l.amount),
                l.amount.currency.code()
            ));
        }
        out.push('\n');
    }
    out
}
