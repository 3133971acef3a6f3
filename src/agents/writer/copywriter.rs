//! The offline copywriter: the listing writer's built-in rules and templates over the trusted
//! facts (the product's attributes, the store's selling keywords, the live listing), within the
//! marketplace's limits. Used when no model is configured, and as the fallback.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::ListingCopy;
use crate::agents::validate::{self, Limits};
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Removes what no marketplace's title accepts, and `&`, `|`, `:` and `%` that Etsy limits.
fn clean(s: &str) -> String {
    let replaced = s.replace('&', " and ");
    let kept: String = replaced
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'' || c == '.' || c == ',' {
                c
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words_lower(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

struct Offline<'a> {
    facts: &'a Value,
    limits: Limits,
}

impl Offline<'_> {
    fn str(&self, path: &[&str]) -> Option<String> {
        let mut v = self.facts;
        for p in path {
            v = v.get(*p)?;
        }
        v.as_str()
            .map(str::to_string)
            .filter(|s| !s.trim().is_empty())
    }

    fn base(&self) -> String {
        match (
            self.str(&["product", "style"]),
            self.str(&["product", "product"]),
        ) {
            (Some(s), Some(p)) => clean(&format!("{s} {p}")),
            _ => clean(
                &self
                    .str(&["product", "title"])
                    .unwrap_or_else(|| "Item".into()),
            ),
        }
    }

    /// Keyword phrases in priority order: the product's own, then the store's best sellers in
    /// the category; lower case, cleaned, unique.
    fn phrases(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let own = self.facts["product"]["keywords"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let store = self.facts["store_keywords"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let product_words: HashSet<String> = self
            .str(&["product", "product"])
            .map(|p| words_lower(&p).into_iter().collect())
            .unwrap_or_default();
        // The seller's own tags on the live listing are trusted knowledge of the product.
        let live_tags: Vec<String> = self.facts["live"]["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let own_iter = own
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .chain(live_tags);
        // Store keywords only when they share a word with the product or its own keywords:
        // relevance over stuffing (Etsy's keyword-stuffing rule).
        let own_words: HashSet<String> = own
            .iter()
            .filter_map(Value::as_str)
            .flat_map(words_lower)
            .chain(product_words.iter().cloned())
            .collect();
        let store_iter = store
            .iter()
            .filter_map(|k| k["keyword"].as_str())
            .filter(|k| words_lower(k).iter().any(|w| own_words.contains(w)))
            .map(str::to_string);
        for p in own_iter.chain(store_iter) {
            let p = clean(&p).to_lowercase();
            if !p.is_empty() && !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    fn title(&self, phrases: &[String]) -> (String, Vec<String>) {
        let base = self.base();
        let max = self.limits.title_max;
        let base_lower = base.to_lowercase();
        let fresh: Vec<&String> = phrases
            .iter()
            .filter(|p| !base_lower.contains(p.as_str()))
            .collect();
        let mut used: Vec<String> = Vec::new();
        let title = match self.limits.marketplace {
            "ebay" => {
                let mut words: Vec<String> = base.split_whitespace().map(String::from).collect();
                let mut seen: HashSet<String> = words.iter().map(|w| w.to_lowercase()).collect();
                for p in &fresh {
                    let new: Vec<String> = p
                        .split_whitespace()
                        .filter(|w| !seen.contains(&w.to_lowercase()))
                        .map(title_case)
                        .collect();
                    if new.is_empty() {
                        continue;
                    }
                    let candidate = format!("{} {}", words.join(" "), new.join(" "));
                    if candidate.chars().count() > max {
                        continue;
                    }
                    for w in &new {
                        seen.insert(w.to_lowercase());
                    }
                    words.extend(new);
                    used.push((*p).clone());
                }
                words.join(" ")
            }
            "shopify" => {
                let mut t = base.clone();
                if let Some(p) = fresh.first() {
                    let c = format!("{base} - {}", title_case(p));
                    if c.chars().count() <= 70 {
                        t = c;
                        used.push((*p).clone());
                    }
                }
                t
            }
            _ => {
                // Etsy and Amazon: "Base - Phrase, Phrase, Phrase", at most four phrases.
                let mut t = base.clone();
                let mut counts: HashMap<String, usize> = HashMap::new();
                for w in words_lower(&base) {
                    *counts.entry(w).or_default() += 1;
                }
                for p in &fresh {
                    if used.len() == 4 {
                        break;
                    }
                    let sep = if used.is_empty() { " - " } else { ", " };
                    let c = format!("{t}{sep}{}", title_case(p));
                    if c.chars().count() > max {
                        continue;
                    }
                    let pw = words_lower(p);
                    if self.limits.marketplace == "amazon"
                        && pw.iter().any(|w| counts.get(w).copied().unwrap_or(0) >= 2)
                    {
                        continue;
                    }
                    for w in pw {
                        *counts.entry(w).or_default() += 1;
                    }
                    t = c;
                    used.push((*p).clone());
                }
                t
            }
        };
        let title: String = if title.chars().count() > max {
            title
                .chars()
                .take(max)
                .collect::<String>()
                .trim_end()
                .to_string()
        } else {
            title
        };
        (title, used)
    }

    fn tags(&self, phrases: &[String]) -> Vec<String> {
        let l = &self.limits;
        // The live listing's tags first (kept unless they break a rule), then ours.
        let mut cands: Vec<String> = self.facts["live"]["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|t| t.trim().to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        cands.push(self.base().to_lowercase());
        cands.extend(phrases.iter().cloned());
        if let Some(p) = self.str(&["product", "product"]) {
            cands.push(clean(&p).to_lowercase());
        }
        if let Some(s) = self.str(&["product", "style"]) {
            cands.push(clean(&s).to_lowercase());
        }
        let mut out: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        let mut bytes = 0usize;
        for c in cands {
            let c = c.trim().trim_start_matches(['-', '\'']).trim().to_string();
            if c.is_empty() || c.chars().count() > l.tag_max_chars || !seen.insert(c.clone()) {
                continue;
            }
            if let Some(max) = l.tags_total_bytes {
                let add = c.len() + usize::from(!out.is_empty());
                if bytes + add > max {
                    continue;
                }
                bytes += add;
            }
            out.push(c);
            if out.len() == l.tags_max {
                break;
            }
        }
        out
    }

    fn size_line(&self) -> Option<String> {
        let size = self.facts["product"]["size_mm"].as_array()?;
        let dims: Vec<i64> = size.iter().filter_map(Value::as_i64).collect();
        if dims.len() != 3 {
            return None;
        }
        let inch = |mm: i64| format!("{:.1}", mm as f64 / 25.4);
        let mut line = format!(
            "Size: {} x {} x {} mm ({} x {} x {} in).",
            dims[0],
            dims[1],
            dims[2],
            inch(dims[0]),
            inch(dims[1]),
            inch(dims[2])
        );
        if let Some(g) = self.facts["product"]["weight_g"].as_i64() {
            line.push_str(&format!(" Weight: {g} g ({:.1} oz).", g as f64 / 28.3495));
        }
        Some(line)
    }

    fn description(&self, phrases: &[String]) -> String {
        let live = self.str(&["live", "description"]);
        let size = self.size_line();
        if let Some(live) = live {
            return match size {
                Some(s) if !live.contains("Size:") => format!("{live}\n\n{s}"),
                _ => live,
            };
        }
        let base = self.base();
        let mut d = format!("{base}.");
        if let (Some(style), Some(product)) = (
            self.str(&["product", "style"]),
            self.str(&["product", "product"]),
        ) {
            d.push_str(&format!(
                "\n\nA {} {} in a {} style",
                style.to_lowercase(),
                product.to_lowercase(),
                style.to_lowercase()
            ));
            match self.str(&["product", "category"]) {
                Some(c) => d.push_str(&format!(", from our {c} range.")),
                None => d.push('.'),
            }
        }
        if let Some(s) = size {
            d.push_str(&format!("\n\n{s}"));
        }
        let good: Vec<&str> = phrases.iter().take(4).map(String::as_str).collect();
        if !good.is_empty() {
            d.push_str(&format!("\n\nGood for: {}.", good.join(", ")));
        }
        let max = self.limits.description_max;
        if d.chars().count() > max {
            d = d.chars().take(max).collect();
        }
        d
    }

    fn bullets(&self, phrases: &[String]) -> Vec<String> {
        if self.limits.marketplace != "amazon" {
            return Vec::new();
        }
        let mut b = vec![format!("STYLE: {}", self.base())];
        if let Some(s) = self.size_line() {
            b.push(format!(
                "SIZE AND WEIGHT: {}",
                s.trim_start_matches("Size: ")
            ));
        }
        if let Some(c) = self.str(&["product", "category"]) {
            b.push(format!("CATEGORY: {c}"));
        }
        let good: Vec<&str> = phrases.iter().take(4).map(String::as_str).collect();
        if !good.is_empty() {
            b.push(format!("GOOD FOR: {}", good.join(", ")));
        }
        b
    }

    fn answer(&self) -> ListingCopy {
        let phrases = self.phrases();
        let (title, used) = self.title(&phrases);
        let tags = self.tags(&phrases);
        let description = self.description(&phrases);
        let bullets = self.bullets(&phrases);
        let l = &self.limits;
        let mut reasons = Vec::new();
        let store_units: i64 = self.facts["store_keywords"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|k| {
                        k["keyword"].as_str().is_some_and(|k| {
                            used.iter().any(|u| u == k) || tags.iter().any(|t| t == k)
                        })
                    })
                    .filter_map(|k| k["units_90d"].as_i64())
                    .sum()
            })
            .unwrap_or(0);
        match self.facts.get("live").filter(|v| !v.is_null()) {
            Some(live) => {
                let old_title = live["title"].as_str().unwrap_or("");
                let old_tags: Vec<String> = live["tags"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default();
                let old_n = old_title.chars().count();
                if old_n > l.title_max {
                    reasons.push(format!(
                        "the live title is {old_n} characters, over the {} limit of {}",
                        l.marketplace, l.title_max
                    ));
                }
                let old_problems = validate::title_problems(l, old_title);
                if !old_problems.is_empty() && old_n <= l.title_max {
                    reasons.push(format!("the live title breaks a rule: {}", old_problems[0]));
                }
                if title != old_title {
                    let old_lower = old_title.to_lowercase();
                    let added: Vec<&str> = used
                        .iter()
                        .filter(|p| !old_lower.contains(p.as_str()))
                        .map(String::as_str)
                        .collect();
                    if added.is_empty() {
                        reasons.push(format!(
                            "title leads with the product's own words ({}) for search",
                            self.base()
                        ));
                    } else {
                        reasons.push(format!(
                            "title adds search phrases {} ({} of {} characters, was {old_n})",
                            added
                                .iter()
                                .map(|a| format!("{a:?}"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            title.chars().count(),
                            l.title_max
                        ));
                    }
                }
                if tags != old_tags {
                    let old_set: HashSet<String> =
                        old_tags.iter().map(|t| t.to_lowercase()).collect();
                    let added: Vec<&String> = tags
                        .iter()
                        .filter(|t| !old_set.contains(&t.to_lowercase()))
                        .take(3)
                        .collect();
                    let bad = validate::tag_problems(l, &old_tags);
                    if !bad.is_empty() {
                        reasons.push(format!("the live tags break a rule: {}", bad[0]));
                    }
                    if !added.is_empty() {
                        reasons.push(format!(
                            "uses {} of {} tags (was {}), adding {}",
                            tags.len(),
                            l.tags_max,
                            old_tags.len(),
                            added
                                .iter()
                                .map(|a| format!("{a:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    } else if bad.is_empty() {
                        reasons.push(format!(
                            "orders tags by what sells in the shop ({} tags)",
                            tags.len()
                        ));
                    }
                }
                if live["description"].as_str() != Some(description.as_str()) {
                    reasons.push("adds the size and weight to the description".into());
                }
                if reasons.is_empty() {
                    reasons.push("the live listing already follows these rules".into());
                }
            }
            None => {
                let sold: Vec<String> = self.facts["units_sold_90d"]
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .filter(|(_, v)| v.as_i64().unwrap_or(0) > 0)
                            .map(|(k, v)| format!("{} on {k}", v.as_i64().unwrap_or(0)))
                            .collect()
                    })
                    .unwrap_or_default();
                reasons.push(if sold.is_empty() {
                    format!("not listed on {} yet", l.marketplace)
                } else {
                    format!(
                        "not listed on {} yet; sold {} in the last 90 days",
                        l.marketplace,
                        sold.join(", ")
                    )
                });
                reasons.push(format!(
                    "title and tags built from the product's attributes within {}'s limits ({} characters, {} tags)",
                    l.marketplace, l.title_max, l.tags_max
                ));
            }
        }
        if store_units > 0 {
            reasons.push(format!(
                "its keywords sold {store_units} units in this shop's category in the last 90 days"
            ));
        }
        reasons.truncate(6);
        let has_attrs = self.str(&["product", "style"]).is_some()
            && self.str(&["product", "product"]).is_some();
        let confidence_bp =
            4000 + if has_attrs { 2000 } else { 0 } + if store_units > 0 { 1500 } else { 0 };
        ListingCopy {
            title,
            description,
            tags,
            bullets,
            seo_reasons: reasons,
            confidence_bp,
        }
    }
}

/// The offline writer's answer for a job's facts.
pub fn offline_answer(facts: &Value) -> ListingCopy {
    let marketplace = facts["marketplace"].as_str().unwrap_or("shopify");
    Offline {
        facts,
        limits: validate::limits(marketplace),
    }
    .answer()
}
