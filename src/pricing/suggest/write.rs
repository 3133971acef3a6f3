//! The outcome as `price_change` drafts, written in one transaction.

use super::*;

/// The `price_change` draft for a raise or lower: the new price with the floor and ceiling it
/// must stay inside (an edit in `review` is held to them), the listing it changes and why.
pub fn new_draft(s: &Suggestion) -> Option<crate::drafts::NewDraft> {
    let new = s.suggested_price?;
    // The draft records who chose its price, why, and how sure: the analyst when it was asked
    // (always, for a raise or lower from `suggest`), else the engine's rules.
    let (agent, rationale, confidence) = match &s.analyst {
        Some(a) => (
            a.agent,
            format!("{} | engine: {}", a.explanation, s.reasons.join("; ")),
            a.confidence_bp,
        ),
        None => (AGENT, s.reasons.join("; "), s.confidence_bp),
    };
    Some(crate::drafts::NewDraft {
        kind: crate::drafts::DraftKind::PriceChange,
        marketplace: s.marketplace.as_str().to_string(),
        shop_id: Some(s.shop_id),
        sku: Some(s.sku.clone()),
        listing_id: Some(s.listing_id),
        payload: json!({
            "listing_external_id": s.external_id,
            "old_price": s.current_price,
            "new_price": new,
            "floor": s.floor,
            "ceiling": s.ceiling,
        }),
        agent: agent.to_string(),
        rationale,
        confidence_bp: Some(confidence),
    })
}

/// Writes a pending draft per raise/lower (one transaction), superseding older pending price
/// drafts of the same listing; an identical pending draft is left as it is. A "keep" withdraws
/// older pending price drafts of the listing (superseded), since they are no longer advised.
pub fn write_drafts(
    store: &mut Store,
    suggestions: &mut [Suggestion],
    now: &str,
    dry_run: bool,
    summary: &mut Summary,
) -> Result<()> {
    if dry_run {
        for s in suggestions
            .iter_mut()
            .filter(|s| s.action == "raise" || s.action == "lower")
        {
            if let Some(d) = new_draft(s) {
                let prepared = drafts::prepare(store.conn(), &d)?;
                s.draft = Some(DraftOutcome {
                    id: None,
                    status: "dry_run",
                    payload_hash: prepared.hash,
                });
            }
        }
        return Ok(());
    }
    let seal = store.seal()?;
    store.write(|tx| {
        // Every pending price draft, read once.
        let mut pending: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        for (listing, id, hash) in drafts::pending_price_drafts(tx)? {
            pending.entry(listing).or_default().push((id, hash));
        }
        for s in suggestions.iter_mut() {
            if s.action == "skip" {
                continue;
            }
            let existing: Vec<(i64, String)> = pending.remove(&s.listing_id).unwrap_or_default();
            if s.action == "keep" {
                for (id, _) in &existing {
                    summary.drafts_superseded += usize::from(drafts::supersede(tx, *id, now)?);
                }
                continue;
            }
            let Some(d) = new_draft(s) else { continue };
            let prepared = drafts::prepare(tx, &d)?;
            if let Some((id, _)) = existing.iter().find(|(_, h)| *h == prepared.hash) {
                for (other, _) in existing.iter().filter(|(i, _)| i != id) {
                    summary.drafts_superseded += usize::from(drafts::supersede(tx, *other, now)?);
                }
                summary.drafts_unchanged += 1;
                s.draft = Some(DraftOutcome {
                    id: Some(*id),
                    status: "unchanged",
                    payload_hash: prepared.hash,
                });
                continue;
            }
            for (id, _) in &existing {
                summary.drafts_superseded += usize::from(drafts::supersede(tx, *id, now)?);
            }
            let id = drafts::insert_prepared(tx, &d, &prepared, now)?;
            summary.drafts_created += 1;
            s.draft = Some(DraftOutcome {
                id: Some(id),
                status: "created",
                payload_hash: prepared.hash,
            });
        }
        drafts::posting::note(
            tx,
            &seal,
            now,
            AGENT,
            "price_suggest",
            "drafts",
            &json!({"created": summary.drafts_created, "unchanged": summary.drafts_unchanged, "superseded": summary.drafts_superseded}),
        )?;
        Ok(())
    })
}
