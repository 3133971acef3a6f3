//! The rules for one listing: floor, ceiling, competitors, stock and elasticity to a price and
//! its reasons ([`decide`], pure and property-tested).

use super::*;

fn money(c: Currency, minor: i64) -> Money {
    Money::new(minor, c)
}

fn show(c: Currency, minor: i64) -> String {
    money(c, minor).display()
}

fn median(sorted: &[i64]) -> i64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        // Mean of the middle two, rounded half away from zero (prices are positive).
        (sorted[n / 2 - 1] + sorted[n / 2] + 1) / 2
    }
}

fn fee_options(f: &ListingFacts) -> FeeOptions {
    FeeOptions {
        // An Amazon listing with known measures is priced as FBA (the demo shop's channel).
        amazon_fba: f.marketplace == Marketplace::Amazon && f.package.is_some(),
        ..FeeOptions::default()
    }
}

/// The rules for one listing. Never returns a price below the floor or above the ceiling.
pub fn decide(
    f: &ListingFacts,
    policy: &Policy,
    schedules: &Schedules,
    today: Date,
) -> Result<Suggestion> {
    let c = f.currency;
    let elasticity_view = match &f.elasticity {
        None => ElasticityView {
            status: "off",
            estimate: None,
            lower: None,
            upper: None,
            observations: None,
            reason: None,
        },
        Some(Ok(e)) => ElasticityView {
            status: "estimated",
            estimate: Some(round2(e.elasticity)),
            lower: Some(round2(e.lower)),
            upper: Some(round2(e.upper)),
            observations: Some(e.observations),
            reason: None,
        },
        Some(Err(r)) => ElasticityView {
            status: "refused",
            estimate: None,
            lower: None,
            upper: None,
            observations: None,
            reason: Some(r.describe()),
        },
    };
    let mut out = Suggestion {
        listing_id: f.listing_id,
        shop_id: f.shop_id,
        sku: f.sku.clone(),
        marketplace: f.marketplace,
        external_id: f.external_id.clone(),
        action: "skip",
        current_price: money(c, f.current_minor),
        suggested_price: None,
        change_bp: None,
        floor: None,
        break_even: None,
        ceiling: None,
        unit_cost: f.cost_minor.map(|m| money(c, m)),
        strategy: policy.strategy,
        competition: None,
        stock: f.stock,
        elasticity: elasticity_view,
        reasons: Vec::new(),
        confidence_bp: 0,
        candidates: Vec::new(),
        analyst: None,
        draft: None,
    };
    let Some(cost) = f.cost_minor else {
        out.reasons
            .push("no unit cost for this SKU in the store: no floor, no suggestion".into());
        return Ok(out);
    };
    let schedule = match schedules.on(f.marketplace, today, c) {
        Ok(s) => s,
        Err(e) => {
            out.reasons.push(format!("no fee schedule: {e}"));
            return Ok(out);
        }
    };
    let input = QuoteInput {
        marketplace: f.marketplace,
        date: today,
        currency: c,
        sell_minor: f.current_minor,
        shipping_minor: 0,
        cost_minor: cost,
        ship_cost_minor: 0,
        category: f.category.clone(),
        package: f.package,
        options: fee_options(f),
    };
    let profit = |p: i64| profit_at(schedule, &input, p);
    let fba_missing = input.options.amazon_fba && f.package.is_none();
    if fba_missing {
        out.reasons
            .push("no package measures for the FBA fee".into());
        return Ok(out);
    }
    let be = break_even(schedule, &input)?;
    let Some(floor) = price_for_margin(schedule, &input, policy.min_margin_bp)? else {
        out.reasons.push(format!(
            "no price reaches a {} margin after fees",
            crate::output::table::percent(Some(policy.min_margin_bp))
        ));
        return Ok(out);
    };
    let current = f.current_minor;
    let max_move = apply_bp(current, policy.max_change_bp).max(1);
    let ceiling = floor.max(current + max_move);
    let lower = floor.max(current - max_move);
    out.floor = Some(money(c, floor));
    out.break_even = be.map(|b| money(c, b));
    out.ceiling = Some(money(c, ceiling));
    let mut reasons = Vec::new();
    let mut confidence: i64 = 4000;
    // Prices single rules arrive at, offered to the analyst beside the engine's blend.
    let mut alternatives: Vec<(i64, String)> = Vec::new();

    // 1. Competitors.
    let fresh: Vec<&Offer> = f
        .offers
        .iter()
        .filter(|o| o.age_days <= policy.offer_max_age_days)
        .collect();
    let mut target = current;
    if fresh.is_empty() {
        reasons.push(format!(
            "no competing offers seen in the last {} days: competitor rule not applied",
            policy.offer_max_age_days
        ));
    } else {
        let first_reason = reasons.len();
        let mut landed: Vec<i64> = fresh.iter().map(|o| o.landed_minor).collect();
        landed.sort_unstable();
        let lowest = landed[0];
        let med = median(&landed);
        let featured = fresh
            .iter()
            .filter(|o| o.featured)
            .map(|o| o.landed_minor)
            .min();
        out.competition = Some(Competition {
            offers: fresh.len(),
            lowest: money(c, lowest),
            median: money(c, med),
            featured: featured.map(|m| money(c, m)),
        });
        confidence += if fresh.len() >= 3 { 2500 } else { 1500 };
        let (t, why) = match policy.strategy {
            Strategy::MatchLowest => (
                lowest,
                format!(
                    "match the lowest of {} offers, {}",
                    fresh.len(),
                    show(c, lowest)
                ),
            ),
            Strategy::BeatLowest => (
                lowest - policy.step_minor,
                format!(
                    "beat the lowest of {} offers ({}) by {}",
                    fresh.len(),
                    show(c, lowest),
                    show(c, policy.step_minor)
                ),
            ),
            Strategy::MedianBand => {
                let band = apply_bp(med, policy.band_bp);
                let t = current.clamp(med - band, med + band);
                (
                    t,
                    format!(
                        "stay within {} of the median offer {} ({} to {})",
                        crate::output::table::percent(Some(policy.band_bp)),
                        show(c, med),
                        show(c, med - band),
                        show(c, med + band)
                    ),
                )
            }
            Strategy::Featured => match featured {
                Some(ft) => (ft, format!("target the featured offer, {}", show(c, ft))),
                None => (
                    lowest,
                    format!("no featured offer: match the lowest, {}", show(c, lowest)),
                ),
            },
        };
        reasons.push(format!("{why} (prices incl. shipping)"));
        if t < floor {
            match policy.below_floor {
                BelowFloor::Hold => {
                    reasons.push(format!(
                        "that is below your floor {}: not following, holding the current price",
                        show(c, floor)
                    ));
                    target = current;
                }
                BelowFloor::Floor => {
                    reasons.push(format!(
                        "that is below your floor {}: going to the floor",
                        show(c, floor)
                    ));
                    target = floor;
                }
            }
        } else {
            target = t;
        }
        alternatives.push((
            target,
            format!("competitors alone: {}", reasons[first_reason..].join("; ")),
        ));
    }

    // 2. Own-price elasticity.
    if let Some(Ok(e)) = &f.elasticity {
        let best = best_price_for_elasticity(&profit, current, lower, ceiling, e.elasticity)?;
        confidence += 1500;
        if let Some(best) = best {
            alternatives.push((
                best,
                format!(
                    "own-price elasticity {:.2} alone: the most profitable price in range",
                    e.elasticity
                ),
            ));
            if fresh.is_empty() {
                reasons.push(format!(
                    "own-price elasticity {:.2} (95% interval {:.2} to {:.2}): the most profitable price in range is {}",
                    e.elasticity,
                    e.lower,
                    e.upper,
                    show(c, best)
                ));
                target = best;
            } else {
                let blended = (target + best) / 2;
                reasons.push(format!(
                    "own-price elasticity {:.2} (95% interval {:.2} to {:.2}) favours {}: meeting halfway at {}",
                    e.elasticity,
                    e.lower,
                    e.upper,
                    show(c, best),
                    show(c, blended)
                ));
                target = blended;
            }
        }
    } else if let Some(Err(r)) = &f.elasticity {
        reasons.push(format!("elasticity not used: {}", r.describe()));
    }

    // 3. Stock position.
    if let Some(s) = &f.stock {
        confidence += 500;
        match s.days_of_cover {
            Some(days) if days < policy.stockout_days as f64 => {
                target += apply_bp(target, policy.stock_raise_bp);
                reasons.push(format!(
                    "stock covers {days:.0} days at {:.2}/day ({}), under {}: raise {}",
                    s.daily_demand,
                    s.demand_source,
                    policy.stockout_days,
                    crate::output::table::percent(Some(policy.stock_raise_bp))
                ));
            }
            Some(days) if days > policy.aging_days as f64 => {
                target -= apply_bp(target, policy.stock_lower_bp);
                reasons.push(format!(
                    "stock covers {days:.0} days ({}), over {}: aging, lower {}",
                    s.demand_source,
                    policy.aging_days,
                    crate::output::table::percent(Some(policy.stock_lower_bp))
                ));
            }
            None if s.available > 0 => {
                target -= apply_bp(target, policy.stock_lower_bp);
                reasons.push(format!(
                    "{} in stock and no sales in the last {VELOCITY_DAYS} days: aging, lower {}",
                    s.available,
                    crate::output::table::percent(Some(policy.stock_lower_bp))
                ));
            }
            _ => {}
        }
    }

    // 4. Bounds.
    let mut suggested = target.clamp(lower, ceiling);
    if suggested != target {
        if suggested == floor && target < floor {
            reasons.push(format!(
                "raised to the floor {} (break-even {} + {} margin)",
                show(c, floor),
                be.map_or("—".into(), |b| show(c, b)),
                crate::output::table::percent(Some(policy.min_margin_bp))
            ));
        } else {
            reasons.push(format!(
                "limited to a {} move from {}",
                crate::output::table::percent(Some(policy.max_change_bp)),
                show(c, current)
            ));
        }
    }
    if current < floor {
        reasons.push(format!(
            "the current price is below the floor {}",
            show(c, floor)
        ));
        confidence = confidence.max(9000);
    }
    let threshold = apply_bp(current, policy.min_change_bp);
    if current >= floor && (suggested - current).abs() < threshold.max(1) {
        if suggested != current {
            reasons.push(format!(
                "a move of {} is under the {} minimum: keep",
                show(c, suggested - current),
                crate::output::table::percent(Some(policy.min_change_bp))
            ));
        }
        suggested = current;
    }
    out.action = match suggested.cmp(&current) {
        std::cmp::Ordering::Greater => "raise",
        std::cmp::Ordering::Less => "lower",
        std::cmp::Ordering::Equal => "keep",
    };
    out.suggested_price = Some(money(c, suggested));
    out.change_bp = basis_points(suggested - current, current);
    out.reasons = reasons;
    out.confidence_bp = confidence.min(9500);
    // The floor guarantees a margin; report the profit at the suggested price in the reasons.
    let p = profit(suggested)?;
    out.reasons.push(format!(
        "profit at {}: {} per unit ({} margin)",
        show(c, suggested),
        show(c, p),
        crate::output::table::percent(basis_points(p, suggested))
    ));
    if out.action == "raise" || out.action == "lower" {
        let mut options: Vec<(i64, Vec<String>, bool)> =
            vec![(suggested, out.reasons.clone(), true)];
        if current >= floor {
            options.push((current, vec!["keep the current price".into()], false));
        }
        for (price, why) in alternatives {
            let price = price.clamp(lower, ceiling);
            if price != current && (price - current).abs() < threshold.max(1) {
                continue;
            }
            match options.iter_mut().find(|o| o.0 == price) {
                Some(o) if !o.2 => o.1.push(why),
                Some(_) => {}
                None => options.push((price, vec![why], false)),
            }
        }
        options.sort_by_key(|o| o.0);
        for (price, reasons, engine_pick) in options {
            out.candidates.push(Candidate {
                price: money(c, price),
                reasons,
                margin_bp: basis_points(profit(price)?, price),
                engine_pick,
            });
        }
    }
    Ok(out)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The price in `lower..=upper` that maximises expected profit = profit per unit × (p / current)^e,
/// over 41 evenly spaced candidates (money exact; only the demand ratio is a float).
fn best_price_for_elasticity(
    profit: &dyn Fn(i64) -> Result<i64>,
    current: i64,
    lower: i64,
    upper: i64,
    e: f64,
) -> Result<Option<i64>> {
    if upper < lower || current <= 0 {
        return Ok(None);
    }
    let mut best: Option<(f64, i64)> = None;
    let steps = 40i64;
    for k in 0..=steps {
        let p = lower + (upper - lower) * k / steps;
        if p <= 0 {
            continue;
        }
        let unit = profit(p)? as f64;
        let demand = (p as f64 / current as f64).powf(e);
        let value = unit * demand;
        if best.is_none_or(|(v, _)| value > v) {
            best = Some((value, p));
        }
    }
    Ok(best.map(|(_, p)| p))
}
