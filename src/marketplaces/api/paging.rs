//! Pagination guards shared by every connector. A walk over the pages of one operation does
//! not follow a next page when the answers cannot be trusted to end, in two ways:
//!
//! - **The answer contradicts itself about its end**: an empty page, or a short page of an
//!   offset walk, that still names a next one, or a next page that would start past the total
//!   the answer states. Its own counts say this is the last page, so the walk ends there
//!   ([`Walk::take_cut`] says why): what was read is kept, the sync warns and goes on with the
//!   next resource. Random but schema-valid answers (Prism's dynamic mode) are like this.
//! - **The answer never ends**: a cursor or token seen before, or more pages than the cap
//!   (`sync.max_pages_per_resource`). Following it would not end, and stopping would leave
//!   pages unread that the answer says are there: an API error (exit 4) naming the
//!   marketplace, the operation and the cursor.
//!
//! The top-level pages of a resource are walked by [`super::sync`]; nested listings inside a
//! page (an Amazon order's items, a Shopify order's line items) by the connector, with a
//! [`Walk`] of their own. Their continuation pages also draw on the `--max-pages` budget kept in
//! the [`super::ApiClient`], so that the flag bounds every request that pages.

use std::collections::HashSet;

use crate::error::{Error, Result};

/// The cap when none is configured (`sync.max_pages_per_resource`'s default).
pub const DEFAULT_PAGE_CAP: u64 = 10_000;

/// What a page said about where it is, for the guards. Connectors fill what their API states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// The operation that served the page (`getOrders`); empty = the resource's name.
    pub op: &'static str,
    /// Items in the answer, before mapping (one order is one item, whatever it maps to).
    pub items: u64,
    /// Items asked for, where the API fills every page but the last (offset paging); `None`
    /// where a short page is allowed (token paging).
    pub limit: Option<u64>,
    /// Position of the page's first item, and the total the answer states, for offset paging.
    pub start: Option<u64>,
    pub total: Option<u64>,
    /// The connector started the walk again from the first page (Amazon's FBA nextToken lives
    /// 30 seconds, so a resumed run starts over): the cursors seen so far no longer count.
    pub restarted: bool,
}

/// The pages of one operation walked so far.
#[derive(Debug)]
pub struct Walk {
    marketplace: &'static str,
    op: &'static str,
    seen: HashSet<String>,
    pages: u64,
    cap: u64,
    cut: Option<String>,
}

/// A cursor as it may appear in a message: quoted and escaped (it is untrusted text), cut short.
pub fn show_cursor(c: Option<&str>) -> String {
    match c {
        None => "the first page".to_string(),
        Some(c) => {
            let cut: String = c.chars().take(80).collect();
            let more = if c.chars().count() > 80 { "..." } else { "" };
            format!("cursor {cut:?}{more}")
        }
    }
}

impl Walk {
    /// A walk that starts at `first` (`None`: the first page), with at most `cap` pages.
    pub fn new(marketplace: &'static str, op: &'static str, cap: u64, first: Option<&str>) -> Walk {
        let mut seen = HashSet::new();
        if let Some(f) = first {
            seen.insert(f.to_string());
        }
        Walk {
            marketplace,
            op,
            seen,
            pages: 0,
            cap: cap.max(1),
            cut: None,
        }
    }

    pub fn pages(&self) -> u64 {
        self.pages
    }

    fn error(&self, op: &str, at: Option<&str>, why: impl std::fmt::Display) -> Error {
        Error::api(self.message(op, at, why))
    }

    fn message(&self, op: &str, at: Option<&str>, why: impl std::fmt::Display) -> String {
        let op = if op.is_empty() { self.op } else { op };
        format!(
            "{} {op}: pagination stopped at {}: {why}",
            self.marketplace,
            show_cursor(at)
        )
    }

    /// Ends the walk at a page whose own counts say it is the last one.
    fn end_here(&mut self, op: &str, at: Option<&str>, why: String) -> Result<Option<String>> {
        self.cut = Some(format!(
            "{}; taken as the last page",
            self.message(op, at, why)
        ));
        Ok(None)
    }

    /// Why the walk ended at a page that still named a next one (its counts said it was the
    /// last), once; `None` when it ended as the answers said or goes on.
    pub fn take_cut(&mut self) -> Option<String> {
        self.cut.take()
    }

    /// Checks a page served at cursor `at` and the cursor `next` it gives; returns `next` when
    /// it can be followed, `None` at the end (see [`Walk::take_cut`] for an end the answer
    /// contradicts), or the error that stops the walk.
    pub fn advance(
        &mut self,
        at: Option<&str>,
        info: &PageInfo,
        next: Option<String>,
    ) -> Result<Option<String>> {
        self.pages += 1;
        let Some(next) = next else {
            return Ok(None);
        };
        let op = info.op;
        // An empty token is how some APIs say "no more" (SP-API's NextToken "").
        if next.is_empty() {
            return Ok(None);
        }
        if info.items == 0 {
            return self.end_here(
                op,
                at,
                format!(
                    "an empty page still says there is a next one ({})",
                    show_cursor(Some(&next))
                ),
            );
        }
        if let Some(limit) = info.limit
            && info.items < limit
        {
            return self.end_here(
                op,
                at,
                format!(
                    "a short page ({} of {limit} items) still says there is a next one ({})",
                    info.items,
                    show_cursor(Some(&next))
                ),
            );
        }
        if let (Some(start), Some(total)) = (info.start, info.total)
            && start + info.items >= total
        {
            return self.end_here(
                op,
                at,
                format!(
                    "the next page ({}) would start at item {}, past the stated total of {total}",
                    show_cursor(Some(&next)),
                    start + info.items
                ),
            );
        }
        if !self.seen.insert(next.clone()) {
            return Err(self.error(
                op,
                at,
                format!(
                    "the answer repeats a cursor already followed ({})",
                    show_cursor(Some(&next))
                ),
            ));
        }
        if self.pages >= self.cap {
            return Err(self.error(
                op,
                at,
                format!(
                    "{} pages read and the answer still says there is a next one; the cap is sync.max_pages_per_resource = {}",
                    self.pages, self.cap
                ),
            ));
        }
        Ok(Some(next))
    }
}

/// The page budget of one sync run (`--max-pages`) and the cap per walk, kept in the client so
/// that nested walks draw on it too.
#[derive(Debug, Clone)]
pub struct Budget {
    pub cap: u64,
    /// Pages left (`None`: no `--max-pages`).
    pub left: Option<u64>,
    /// A nested walk wanted a page the budget did not have: the page under way is incomplete.
    pub overdrawn: bool,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            cap: DEFAULT_PAGE_CAP,
            left: None,
            overdrawn: false,
        }
    }
}

impl Budget {
    /// Takes one page; false (and marks the budget overdrawn) when none is left.
    pub fn take(&mut self) -> bool {
        match self.left.as_mut() {
            None => true,
            Some(0) => {
                self.overdrawn = true;
                false
            }
            Some(n) => {
                *n -= 1;
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(items: u64) -> PageInfo {
        PageInfo {
            op: "getOrders",
            items,
            ..PageInfo::default()
        }
    }

    #[test]
    fn each_guard_names_marketplace_operation_and_cursor() {
        let mut w = Walk::new("amazon", "getOrders", 100, None);
        assert_eq!(
            w.advance(None, &info(3), Some("t1".into())).unwrap(),
            Some("t1".into())
        );
        let e = w
            .advance(Some("t1"), &info(3), Some("t1".into()))
            .unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("amazon getOrders") && m.contains("cursor \"t1\"") && m.contains("repeats"),
            "{m}"
        );
        assert_eq!(e.kind(), crate::error::ErrorKind::Api);

        // An answer whose own counts say it is the last page ends the walk there, and says why.
        let mut w = Walk::new("ebay", "getOrders", 100, None);
        assert_eq!(w.advance(None, &info(0), Some("x".into())).unwrap(), None);
        let cut = w.take_cut().expect("the empty page is told");
        assert!(
            cut.contains("ebay getOrders: pagination stopped at the first page")
                && cut.contains("empty page")
                && cut.contains("cursor \"x\"")
                && cut.contains("taken as the last page"),
            "{cut}"
        );
        assert_eq!(w.take_cut(), None, "told once");

        let mut w = Walk::new("ebay", "getOrders", 100, None);
        let short = PageInfo {
            limit: Some(10),
            ..info(4)
        };
        assert_eq!(w.advance(None, &short, Some("1".into())).unwrap(), None);
        let cut = w.take_cut().unwrap();
        assert!(cut.contains("short page (4 of 10"), "{cut}");

        let mut w = Walk::new("ebay", "getOrders", 100, None);
        let past = PageInfo {
            start: Some(10),
            total: Some(12),
            ..info(2)
        };
        assert_eq!(w.advance(Some("1"), &past, Some("2".into())).unwrap(), None);
        let cut = w.take_cut().unwrap();
        assert!(cut.contains("past the stated total of 12"), "{cut}");
        // The last page, with no next, ends the walk whatever it says, and is no cut.
        assert_eq!(w.advance(Some("1"), &past, None).unwrap(), None);
        assert_eq!(w.take_cut(), None);
        // A full page inside the total is followed.
        let mut w = Walk::new("ebay", "getOrders", 100, None);
        let inside = PageInfo {
            limit: Some(2),
            start: Some(0),
            total: Some(12),
            ..info(2)
        };
        assert_eq!(
            w.advance(None, &inside, Some("2".into())).unwrap(),
            Some("2".into())
        );
        assert_eq!(w.take_cut(), None);

        let mut w = Walk::new("etsy", "getShopReceipts", 3, None);
        w.advance(None, &info(1), Some("a".into())).unwrap();
        w.advance(Some("a"), &info(1), Some("b".into())).unwrap();
        let e = w
            .advance(Some("b"), &info(1), Some("c".into()))
            .unwrap_err();
        assert!(e.to_string().contains("3 pages read"), "{e}");
    }

    #[test]
    fn a_resumed_walk_knows_its_first_cursor_and_cursors_are_escaped() {
        let mut w = Walk::new("amazon", "getOrders", 10, Some("t0"));
        assert!(w.advance(Some("t0"), &info(1), Some("t0".into())).is_err());
        let shown = show_cursor(Some("a\u{1b}[31mb"));
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(show_cursor(Some(&"x".repeat(200))).ends_with("..."));
    }

    #[test]
    fn the_budget_runs_out_and_says_so() {
        let mut b = Budget {
            left: Some(1),
            ..Budget::default()
        };
        assert!(b.take());
        assert!(!b.overdrawn);
        assert!(!b.take());
        assert!(b.overdrawn);
        assert!(Budget::default().take());
    }
}
