//! Each marketplace's listing text limits (../shared reference: marketplace facts §4.5), as
//! checks that name every problem so that an LLM can fix them on its retry.

use std::collections::HashSet;

/// Limits of one marketplace's listing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Limits {
    pub marketplace: &'static str,
    pub title_max: usize,
    pub tags_max: usize,
    pub tag_max_chars: usize,
    /// Amazon search terms: total bytes, joined by spaces.
    pub tags_total_bytes: Option<usize>,
    pub description_max: usize,
    pub bullets_max: usize,
    pub bullet_max_chars: usize,
}

/// The limits for a channel (`etsy`, `ebay`, `amazon`, `shopify`).
pub fn limits(marketplace: &str) -> Limits {
    match marketplace {
        "etsy" => Limits {
            marketplace: "etsy",
            title_max: 140,
            tags_max: 13,
            tag_max_chars: 20,
            tags_total_bytes: None,
            description_max: 5000,
            bullets_max: 5,
            bullet_max_chars: 250,
        },
        "ebay" => Limits {
            marketplace: "ebay",
            title_max: 80,
            tags_max: 13,
            tag_max_chars: 50,
            tags_total_bytes: None,
            description_max: 4000,
            bullets_max: 5,
            bullet_max_chars: 250,
        },
        "amazon" => Limits {
            marketplace: "amazon",
            title_max: 200,
            tags_max: 13,
            tag_max_chars: 50,
            tags_total_bytes: Some(249),
            description_max: 2000,
            bullets_max: 5,
            bullet_max_chars: 500,
        },
        _ => Limits {
            marketplace: "shopify",
            title_max: 255,
            tags_max: 13,
            tag_max_chars: 255,
            tags_total_bytes: None,
            description_max: 5000,
            bullets_max: 5,
            bullet_max_chars: 250,
        },
    }
}

/// Characters Etsy rejects in titles.
pub const ETSY_TITLE_BANNED: &[char] = &['$', '^', '\\', '`'];
/// Characters Etsy allows at most once in a title.
pub const ETSY_TITLE_ONCE: &[char] = &['%', ':', '&'];
/// Characters Amazon rejects in titles (unless part of the brand).
pub const AMAZON_TITLE_BANNED: &[char] = &['!', '$', '?', '_', '{', '}', '^', '¬', '¦'];
/// Words Amazon lets a title repeat more than twice.
const AMAZON_SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "the", "of", "for", "in", "on", "with", "to", "or", "by", "at", "from", "as",
    "but", "nor", "so", "yet", "&", "-", "–", "|", ",",
];

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn has_control(s: &str, allow_newlines: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(allow_newlines && (c == '\n' || c == '\t')))
}

/// Problems with a title on a marketplace (empty when it is fine).
pub fn title_problems(limits: &Limits, title: &str) -> Vec<String> {
    let mut p = Vec::new();
    let n = chars(title);
    if title.trim().is_empty() {
        p.push("title is empty".to_string());
        return p;
    }
    if title.trim() != title {
        p.push("title has leading or trailing spaces".into());
    }
    if n > limits.title_max {
        p.push(format!(
            "title is {n} characters, over the {} limit of {}",
            limits.marketplace, limits.title_max
        ));
    }
    if has_control(title, false) {
        p.push("title contains control characters or line breaks".into());
    }
    match limits.marketplace {
        "etsy" => {
            for c in ETSY_TITLE_BANNED {
                if title.contains(*c) {
                    p.push(format!("Etsy titles may not contain {c:?}"));
                }
            }
            for c in ETSY_TITLE_ONCE {
                if title.matches(*c).count() > 1 {
                    p.push(format!("Etsy titles may contain {c:?} at most once"));
                }
            }
        }
        "amazon" => {
            for c in AMAZON_TITLE_BANNED {
                if title.contains(*c) {
                    p.push(format!("Amazon titles may not contain {c:?}"));
                }
            }
            let mut counts: std::collections::HashMap<String, usize> = Default::default();
            for w in title.split(|c: char| c.is_whitespace() || c == ',') {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if w.is_empty() || AMAZON_SMALL_WORDS.contains(&w.as_str()) {
                    continue;
                }
                *counts.entry(w).or_default() += 1;
            }
            let mut repeated: Vec<_> = counts.into_iter().filter(|(_, n)| *n > 2).collect();
            repeated.sort();
            for (w, n) in repeated {
                p.push(format!(
                    "Amazon titles may use a word at most twice; {w:?} appears {n} times"
                ));
            }
        }
        _ => {}
    }
    p
}

/// Problems with a tag list on a marketplace.
pub fn tag_problems(limits: &Limits, tags: &[String]) -> Vec<String> {
    let mut p = Vec::new();
    if tags.len() > limits.tags_max {
        p.push(format!(
            "{} tags, over the {} limit of {}",
            tags.len(),
            limits.marketplace,
            limits.tags_max
        ));
    }
    let mut seen = HashSet::new();
    for t in tags {
        let n = chars(t);
        if t.trim().is_empty() {
            p.push("a tag is empty".into());
            continue;
        }
        if n > limits.tag_max_chars {
            p.push(format!(
                "tag {t:?} is {n} characters, over the limit of {}",
                limits.tag_max_chars
            ));
        }
        if has_control(t, false) {
            p.push(format!("tag {t:?} contains control characters"));
        }
        if limits.marketplace == "etsy" && (t.starts_with('-') || t.starts_with('\'')) {
            p.push(format!("Etsy tags may not start with - or ': {t:?}"));
        }
        if !seen.insert(t.trim().to_lowercase()) {
            p.push(format!("tag {t:?} is a duplicate"));
        }
    }
    if let Some(max) = limits.tags_total_bytes {
        let total = tags.iter().map(|t| t.len()).sum::<usize>() + tags.len().saturating_sub(1);
        if total > max {
            p.push(format!(
                "search terms are {total} bytes together, over the {} limit of {max}",
                limits.marketplace
            ));
        }
    }
    p
}

/// Problems with a description and bullets.
pub fn body_problems(limits: &Limits, description: &str, bullets: &[String]) -> Vec<String> {
    let mut p = Vec::new();
    let n = chars(description);
    if description.trim().is_empty() {
        p.push("description is empty".into());
    }
    if n > limits.description_max {
        p.push(format!(
            "description is {n} characters, over the limit of {}",
            limits.description_max
        ));
    }
    if has_control(description, true) {
        p.push("description contains control characters".into());
    }
    if bullets.len() > limits.bullets_max {
        p.push(format!(
            "{} bullets, over the limit of {}",
            bullets.len(),
            limits.bullets_max
        ));
    }
    for b in bullets {
        if b.trim().is_empty() {
            p.push("a bullet is empty".into());
        } else if chars(b) > limits.bullet_max_chars {
            p.push(format!(
                "a bullet is {} characters, over the limit of {}",
                chars(b),
                limits.bullet_max_chars
            ));
        }
        if has_control(b, false) {
            p.push("a bullet contains control characters".into());
        }
    }
    p
}

/// Problems with a confidence in basis points.
pub fn confidence_problems(confidence_bp: i64) -> Vec<String> {
    if (0..=10_000).contains(&confidence_bp) {
        Vec::new()
    } else {
        vec![format!(
            "confidence_bp {confidence_bp} is outside 0..=10000"
        )]
    }
}

/// Problems with a short free text (reasons, explanations).
pub fn text_problems(field: &str, text: &str, max: usize) -> Vec<String> {
    let mut p = Vec::new();
    if text.trim().is_empty() {
        p.push(format!("{field} is empty"));
    }
    if chars(text) > max {
        p.push(format!(
            "{field} is {} characters, over the limit of {max}",
            chars(text)
        ));
    }
    if has_control(text, false) {
        p.push(format!(
            "{field} contains control characters or line breaks"
        ));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etsy_title_rules() {
        let l = limits("etsy");
        assert!(title_problems(&l, "Speckled Mug - Coffee Mug, Pottery Gift").is_empty());
        assert_eq!(title_problems(&l, &"a".repeat(141)).len(), 1);
        assert!(title_problems(&l, &"a".repeat(140)).is_empty());
        assert!(!title_problems(&l, "Mug $5").is_empty());
        assert!(!title_problems(&l, "Mug: big: small").is_empty());
        assert!(title_problems(&l, "Mug: big & small").is_empty());
        assert!(!title_problems(&l, " Mug").is_empty());
    }

    #[test]
    fn ebay_and_amazon_titles() {
        assert_eq!(title_problems(&limits("ebay"), &"b".repeat(81)).len(), 1);
        assert!(title_problems(&limits("ebay"), &"b".repeat(80)).is_empty());
        let a = limits("amazon");
        assert!(!title_problems(&a, "Great Mug!").is_empty());
        assert!(!title_problems(&a, "Mug mug, MUG gift").is_empty());
        assert!(title_problems(&a, "Mug for the mug lover and the tea lover").is_empty());
        assert_eq!(title_problems(&a, &"c".repeat(201)).len(), 1);
    }

    #[test]
    fn tag_rules() {
        let l = limits("etsy");
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(tag_problems(&l, &t(&["mug", "coffee mug"])).is_empty());
        assert!(!tag_problems(&l, &t(&["mug", "Mug"])).is_empty());
        assert!(!tag_problems(&l, &t(&["a very long tag indeed yes"])).is_empty());
        assert!(!tag_problems(&l, &t(&["-mug"])).is_empty());
        let fourteen: Vec<String> = (0..14).map(|i| format!("tag{i}")).collect();
        assert_eq!(tag_problems(&l, &fourteen).len(), 1);
        let amazon: Vec<String> = (0..13)
            .map(|_| "x".repeat(20))
            .enumerate()
            .map(|(i, s)| format!("{s}{i}"))
            .collect();
        assert!(!tag_problems(&limits("amazon"), &amazon).is_empty());
    }
}
