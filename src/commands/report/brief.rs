//! The brief section: the risk sentinel's findings, the strategist's priorities and the drafts
//! waiting for review, over the last 28 days.

use std::fmt::Write as _;

use serde_json::Value;

use super::View;
use super::wire::{BriefDoc, BriefRecord, KindCount, PriorityRecord};
use crate::output::html::{empty, escape, html_table};
use crate::output::{Align, TableOpts, Titled, table, to_json};
use crate::report::BriefSection;

pub(super) struct BriefView {
    pub section: BriefSection,
    /// Rows per list in tables.
    pub shown: usize,
}

impl BriefView {
    /// The section's document.
    pub fn document(&self) -> BriefDoc<'_> {
        let b = &self.section;
        let mb = &b.brief;
        BriefDoc {
            headline: &mb.brief.headline,
            priorities: &mb.brief.priorities,
            confidence_bp: mb.brief.confidence_bp,
            provider: mb.brief_provider,
            model: &mb.brief_model,
            findings: &mb.findings,
            drafts_waiting: mb
                .drafts_waiting
                .iter()
                .map(|(kind, count)| KindCount {
                    kind,
                    count: *count,
                })
                .collect(),
            drafts_waiting_total: mb.drafts_waiting_total,
            drafts: &b.drafts,
            sales: &mb.sales,
        }
    }
}

impl View for BriefView {
    fn records(&self) -> Vec<Value> {
        let b = &self.section;
        let mb = &b.brief;
        let mut out: Vec<Value> = mb
            .brief
            .priorities
            .iter()
            .enumerate()
            .map(|(i, p)| {
                to_json(&PriorityRecord {
                    record: "priority",
                    rank: i + 1,
                    agent: "strategist",
                    action: &p.action,
                    why: &p.why,
                    skus: &p.skus,
                    confidence_bp: mb.brief.confidence_bp,
                })
            })
            .collect();
        out.extend(mb.findings.iter().map(|row| {
            to_json(&BriefRecord {
                record: "finding",
                row,
            })
        }));
        out.extend(b.drafts.iter().map(|row| {
            to_json(&BriefRecord {
                record: "draft",
                row,
            })
        }));
        out
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let (b, shown) = (&self.section, self.shown);
        let mb = &b.brief;
        let clean = |s: &str| crate::output::sanitize::one_line(s);
        let priorities = mb
            .brief
            .priorities
            .iter()
            .enumerate()
            .map(|(i, p)| vec![(i + 1).to_string(), clean(&p.action), clean(&p.why)])
            .collect();
        let findings = mb
            .findings
            .iter()
            .take(shown)
            .map(|f| {
                vec![
                    f.severity.as_str().to_string(),
                    f.kind.to_string(),
                    clean(&f.sku),
                    f.marketplace.clone().unwrap_or_else(|| "-".into()),
                    clean(&f.summary),
                ]
            })
            .collect();
        let drafts = b
            .drafts
            .iter()
            .take(shown)
            .map(|d| {
                vec![
                    d.id.to_string(),
                    d.kind.clone(),
                    d.marketplace.clone(),
                    clean(d.sku.as_deref().unwrap_or("-")),
                    d.agent.clone(),
                    clean(&d.rationale),
                ]
            })
            .collect();
        let change = mb
            .sales
            .units_change_bp
            .map(|c| format!(" ({:+.1}%)", c as f64 / 100.0))
            .unwrap_or_default();
        vec![
            Titled {
                title: Some(format!(
                    "Brief: {} [{} {}]",
                    clean(&mb.brief.headline),
                    mb.brief_provider,
                    mb.brief_model
                )),
                table: table::build(
                    opts,
                    &[
                        ("#", Align::Right),
                        ("action", Align::Left),
                        ("why", Align::Left),
                    ],
                    priorities,
                ),
                note: Some(format!(
                    "Units sold {} to {}: {} against {} the 28 days before{change}.",
                    mb.sales.since, mb.sales.until, mb.sales.units, mb.sales.units_previous
                )),
            },
            Titled {
                title: Some(format!("Risk findings ({})", mb.findings.len())),
                table: table::build(
                    opts,
                    &[
                        ("severity", Align::Left),
                        ("kind", Align::Left),
                        ("sku", Align::Left),
                        ("marketplace", Align::Left),
                        ("summary", Align::Left),
                    ],
                    findings,
                ),
                note: (shown < mb.findings.len()).then(|| {
                    format!(
                        "{} of {} findings shown; --top N for more, --json for all.",
                        shown,
                        mb.findings.len()
                    )
                }),
            },
            Titled {
                title: Some(format!(
                    "Drafts waiting for review ({})",
                    mb.drafts_waiting_total
                )),
                table: table::build(
                    opts,
                    &[
                        ("id", Align::Right),
                        ("kind", Align::Left),
                        ("marketplace", Align::Left),
                        ("sku", Align::Left),
                        ("agent", Align::Left),
                        ("rationale", Align::Left),
                    ],
                    drafts,
                ),
                note: Some(crate::drafts::waiting_line(mb.drafts_waiting_total)),
            },
        ]
    }

    fn html(&self) -> String {
        let b = &self.section;
        let mb = &b.brief;
        let mut out = String::from("<section id=\"brief\"><h2>Brief</h2>\n");
        let _ = writeln!(
            out,
            "<p><strong>{}</strong></p><p class=\"meta\">{}</p>",
            escape(&mb.brief.headline),
            escape(&format!(
                "Strategist: {} {}. Units sold {} to {}: {} against {} the 28 days before.",
                mb.brief_provider,
                mb.brief_model,
                mb.sales.since,
                mb.sales.until,
                mb.sales.units,
                mb.sales.units_previous
            ))
        );
        if !mb.brief.priorities.is_empty() {
            out.push_str("<ol>");
            for p in &mb.brief.priorities {
                let _ = write!(
                    out,
                    "<li><strong>{}</strong> — {}</li>",
                    escape(&p.action),
                    escape(&p.why)
                );
            }
            out.push_str("</ol>\n");
        }
        let _ = write!(out, "<h3>Risk findings ({})</h3>", mb.findings.len());
        if mb.findings.is_empty() {
            out.push_str(&empty("The risk sentinel found nothing."));
        } else {
            let rows: Vec<Vec<String>> = mb
                .findings
                .iter()
                .take(30)
                .map(|f| {
                    vec![
                        f.severity.as_str().to_string(),
                        f.kind.to_string(),
                        f.sku.clone(),
                        f.marketplace.clone().unwrap_or_else(|| "-".into()),
                        f.summary.clone(),
                    ]
                })
                .collect();
            out.push_str(&html_table(
                &["severity", "kind", "sku", "marketplace", "summary"],
                &[false; 5],
                &rows,
            ));
            if mb.findings.len() > 30 {
                let _ = write!(
                    out,
                    "<p class=\"note\">30 of {} findings shown; `sellkit report brief --json` lists all.</p>",
                    mb.findings.len()
                );
            }
        }
        let _ = write!(
            out,
            "<h3>Drafts waiting for review ({})</h3>",
            mb.drafts_waiting_total
        );
        if b.drafts.is_empty() {
            out.push_str(&empty("No drafts waiting."));
        } else {
            let rows: Vec<Vec<String>> = b
                .drafts
                .iter()
                .map(|d| {
                    vec![
                        d.id.to_string(),
                        d.kind.clone(),
                        d.marketplace.clone(),
                        d.sku.clone().unwrap_or_default(),
                        d.agent.clone(),
                        d.rationale.clone(),
                    ]
                })
                .collect();
            out.push_str(&html_table(
                &["id", "kind", "marketplace", "sku", "agent", "rationale"],
                &[true, false, false, false, false, false],
                &rows,
            ));
        }
        out.push_str("</section>\n");
        out
    }
}
