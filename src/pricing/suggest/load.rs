//! Everything the rules need, read from the store in a few bulk queries.

use super::*;

/// Days since 1970-01-01 (proleptic Gregorian), for fast day arithmetic on stored dates.
fn day_number(d: Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub struct Loaded {
    pub facts: Vec<ListingFacts>,
}

/// Reads the listings and everything the rules need, in a few bulk queries.
pub fn load(
    store: &Store,
    req: &Request,
    policies: &PolicySet,
    forecast: &dyn Demand,
    progress: &dyn Progress,
) -> Result<Loaded> {
    let conn = store.conn();
    let today = day_number(req.today);
    let start = today - req.history_days;
    let start_date = req
        .today
        .checked_sub(jiff::Span::new().days(req.history_days))
        .map_err(|e| Error::usage(format!("history window: {e}")))?;
    let parse_day = |text: &str| date_prefix(text).map(day_number);

    // Listings.
    struct Row {
        id: i64,
        shop_id: i64,
        marketplace: Marketplace,
        external_id: String,
        sku: String,
        price: i64,
        currency: Currency,
    }
    let mut rows = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT l.id, l.shop_id, s.channel, l.external_id, l.sku, l.price_minor, l.currency
             FROM listings l JOIN shops s ON s.id = l.shop_id
             WHERE l.state = 'active' AND l.sku IS NOT NULL ORDER BY l.sku, s.channel, l.id",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let channel: String = r.get(2)?;
            let Some(m) = Marketplace::parse(&channel) else {
                continue;
            };
            if req.marketplace.is_some_and(|x| x != m) {
                continue;
            }
            let sku: String = r.get(4)?;
            if !req.skus.is_empty() && !req.skus.contains(&sku) {
                continue;
            }
            let cur: String = r.get(6)?;
            let Ok(currency) = Currency::new(&cur) else {
                continue;
            };
            rows.push(Row {
                id: r.get(0)?,
                shop_id: r.get(1)?,
                marketplace: m,
                external_id: r.get(3)?,
                sku,
                price: r.get(5)?,
                currency,
            });
        }
    }
    for sku in &req.skus {
        if !rows.iter().any(|r| &r.sku == sku) {
            let scope = req
                .marketplace
                .map(|m| format!(" on {m}"))
                .unwrap_or_default();
            return Err(Error::input(format!(
                "SKU {sku:?} has no active listing{scope} in the store: check the SKU (`sellkit report sales --sku {sku}`)"
            )));
        }
    }
    let mut sku_index: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        let n = sku_index.len();
        sku_index.entry(r.sku.clone()).or_insert(n);
    }
    let nsku = sku_index.len();

    // Products, costs, inventory.
    let mut category: Vec<Option<String>> = vec![None; nsku];
    let mut package: Vec<Option<Package>> = vec![None; nsku];
    {
        let mut stmt = conn.prepare(
            "SELECT sku, category, weight_g, length_mm, width_mm, height_mm FROM products",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            category[i] = r.get(1)?;
            let w: Option<i64> = r.get(2)?;
            let dims: (Option<i64>, Option<i64>, Option<i64>) = (r.get(3)?, r.get(4)?, r.get(5)?);
            if let (Some(w), (Some(a), Some(b), Some(c))) = (w, dims) {
                package[i] = Some(Package::from_metric(w, [a, b, c]));
            }
        }
    }
    let mut cost: Vec<Option<(i64, String)>> = vec![None; nsku];
    {
        let mut stmt = conn.prepare(
            "SELECT sku, unit_cost_minor, currency FROM product_costs WHERE effective_from <= ?1 ORDER BY sku, effective_from",
        )?;
        let mut q = stmt.query(params![req.today.to_string()])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            cost[i] = Some((r.get(1)?, r.get(2)?));
        }
    }
    let mut available: Vec<Option<i64>> = vec![None; nsku];
    {
        let mut stmt = conn
            .prepare("SELECT sku, SUM(on_hand - reserved + inbound) FROM inventory GROUP BY sku")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            available[i] = r.get(1)?;
        }
    }

    tracing::debug!("price suggest: listings, products, costs, inventory read");
    let t = std::time::Instant::now();
    // Sales by SKU and shop, by day; velocity by SKU.
    let mut sales: HashMap<(usize, i64), Vec<(i64, i64)>> = HashMap::new();
    let mut recent_units: Vec<i64> = vec![0; nsku];
    {
        let mut stmt = conn.prepare(
            // CROSS JOIN keeps this order: one pass over the lines, each order found by its rowid
            // (about twice as fast as walking the orders' date index).
            "SELECT ol.sku, o.shop_id, o.ordered_at, ol.quantity FROM order_lines ol CROSS JOIN orders o ON o.id = ol.order_id
             WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')",
        )?;
        let mut q = stmt.query(params![
            crate::time::start_of_day(start_date),
            crate::time::start_of_day(req.today)
        ])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            let Some(day) = parse_day(r.get_ref(2)?.as_str()?) else {
                continue;
            };
            let qty: i64 = r.get(3)?;
            sales
                .entry((i, r.get(1)?))
                .or_default()
                .push((day - start, qty));
            if day >= today - VELOCITY_DAYS {
                recent_units[i] += qty;
            }
        }
    }
    tracing::debug!("price suggest: sales read in {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut stockouts: Vec<Vec<i64>> = vec![Vec::new(); nsku];
    {
        let mut stmt =
            conn.prepare("SELECT sku, day FROM stockouts WHERE day >= ?1 ORDER BY sku, day")?;
        let mut q = stmt.query(params![start_date.to_string()])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            if let Some(day) = parse_day(r.get_ref(1)?.as_str()?) {
                stockouts[i].push(day - start);
            }
        }
    }
    let mut price_history: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT listing_id, effective_from, price_minor FROM listing_prices ORDER BY listing_id, effective_from",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(day) = parse_day(r.get_ref(1)?.as_str()?) else {
                continue;
            };
            price_history
                .entry(r.get(0)?)
                .or_default()
                .push((day - start, r.get(2)?));
        }
    }

    // Offers: the latest observation per (marketplace, SKU, seller).
    let max_age = policies.max_offer_age_days();
    let mut offers: HashMap<(Marketplace, usize), HashMap<String, (i64, Offer)>> = HashMap::new();
    {
        let since = req
            .today
            .checked_sub(jiff::Span::new().days(max_age))
            .map_err(|e| Error::usage(format!("offer window: {e}")))?;
        let mut stmt = conn.prepare(
            "SELECT marketplace, sku, seller, price_minor, shipping_minor, currency, is_featured, seen_at, title
             FROM offers WHERE sku IS NOT NULL AND seen_at >= ?1",
        )?;
        let mut q = stmt.query(params![crate::time::start_of_day(since)])?;
        while let Some(r) = q.next()? {
            let Some(m) = Marketplace::parse(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            let Some(&i) = sku_index.get(r.get_ref(1)?.as_str()?) else {
                continue;
            };
            let Some(seen) = parse_day(r.get_ref(7)?.as_str()?) else {
                continue;
            };
            let Ok(currency) = Currency::new(r.get_ref(5)?.as_str()?) else {
                continue;
            };
            let seller: String = r.get(2)?;
            let offer = Offer {
                currency,
                seller: seller.clone(),
                landed_minor: r.get::<_, i64>(3)? + r.get::<_, i64>(4)?,
                featured: r.get(6)?,
                age_days: (today - seen).max(0),
                title: r.get(8)?,
            };
            let slot = offers.entry((m, i)).or_default();
            let keep = slot.get(&seller).is_none_or(|(d, _)| seen >= *d);
            if keep {
                slot.insert(seller, (seen, offer));
            }
        }
    }

    tracing::debug!(
        "price suggest: stockouts, prices, offers read in {:?}",
        t.elapsed()
    );
    let t = std::time::Instant::now();
    progress.start(rows.len() as u64, "listings");
    let req_e = Requirements::default();
    let window = (today - start).max(0);
    let facts: Vec<ListingFacts> = rows
        .into_par_iter()
        .map(|r| {
            let i = sku_index[&r.sku];
            let policy = policies.for_listing(r.marketplace, &r.sku);
            let cost_minor = match &cost[i] {
                Some((m, cur)) if cur.eq_ignore_ascii_case(r.currency.code()) => Some(*m),
                _ => None,
            };
            let mut listing_offers: Vec<Offer> = offers
                .get(&(r.marketplace, i))
                .map(|m| {
                    m.values()
                        .filter(|(_, o)| o.currency == r.currency)
                        .map(|(_, o)| o.clone())
                        .collect()
                })
                .unwrap_or_default();
            listing_offers.sort_by(|a, b| a.seller.cmp(&b.seller));
            let stock = available[i]
                .map(|a| StockPosition::new(a, recent_units[i], forecast.daily_units(&r.sku)));
            let elasticity = policy.elasticity.then(|| {
                let listing_sales = sales.get(&(i, r.shop_id)).map(Vec::as_slice).unwrap_or(&[]);
                // Most of a long tail sells too little: say so without building the spells.
                let units: i64 = listing_sales.iter().map(|(_, q)| q).sum();
                if (units as f64) < req_e.min_units {
                    return Err(Refusal::TooFewSales {
                        units: units as f64,
                        needed: req_e.min_units,
                    });
                }
                let obs = observations(
                    price_history.get(&r.id).map(Vec::as_slice).unwrap_or(&[]),
                    listing_sales,
                    &stockouts[i],
                    window,
                );
                elasticity::estimate(&obs, &req_e)
            });
            progress.inc(1);
            ListingFacts {
                listing_id: r.id,
                shop_id: r.shop_id,
                marketplace: r.marketplace,
                external_id: r.external_id,
                sku: r.sku,
                currency: r.currency,
                current_minor: r.price,
                cost_minor,
                category: category[i].clone(),
                package: package[i],
                offers: listing_offers,
                stock,
                elasticity,
            }
        })
        .collect();
    progress.finish();
    tracing::debug!("price suggest: facts and elasticities in {:?}", t.elapsed());
    Ok(Loaded { facts })
}

/// Spells of one price within one week over days `0..window`, with in-stock days and units.
/// `prices` are (day, price) changes sorted by day; days before the first price are skipped.
pub fn observations(
    prices: &[(i64, i64)],
    sales: &[(i64, i64)],
    stockouts: &[i64],
    window: i64,
) -> Vec<Observation> {
    if prices.is_empty() || window <= 0 {
        return Vec::new();
    }
    let n = window as usize;
    let mut units = vec![0i64; n];
    for (d, q) in sales {
        if (0..window).contains(d) {
            units[*d as usize] += q;
        }
    }
    let mut out_of_stock = vec![false; n];
    for d in stockouts {
        if (0..window).contains(d) {
            out_of_stock[*d as usize] = true;
        }
    }
    let mut out = Vec::new();
    let mut k = 0usize; // index of the price in force
    let mut current: Option<(i64, i64, f64, f64)> = None; // (week, price, days, units)
    let mid = |week: i64| (week * 7 + 3) as f64;
    for day in 0..window {
        while k + 1 < prices.len() && prices[k + 1].0 <= day {
            k += 1;
        }
        if prices[k].0 > day {
            continue;
        }
        let price = prices[k].1;
        let week = day / 7;
        if let Some((w, p, d, u)) = current
            && (w != week || p != price)
        {
            if d > 0.0 {
                out.push(Observation {
                    price: p as f64,
                    day: mid(w),
                    days: d,
                    units: u,
                });
            }
            current = None;
        }
        let slot = current.get_or_insert((week, price, 0.0, 0.0));
        if !out_of_stock[day as usize] {
            slot.2 += 1.0;
            slot.3 += units[day as usize] as f64;
        }
    }
    if let Some((w, p, d, u)) = current
        && d > 0.0
    {
        out.push(Observation {
            price: p as f64,
            day: mid(w),
            days: d,
            units: u,
        });
    }
    out
}
