//! Full-text search: which documents contain every term, how often, and where.
//!
//! Bodies are compared folded (no diacritics, đ → d, lowercase). A match is an occurrence
//! of any term; overlapping occurrences count once. [`count_in`] over the folded body and
//! [`find_in`] over the clean text give the same number, so the count a list shows is the
//! number of highlights the reader steps through.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::memmem;

use super::keys::date_number;
use super::query::Query;
use crate::corpus::{Bodies, Library};
use crate::text::fold;

/// Documents whose text contains every term of `query`, with their match counts, most
/// matches first (ties: newest date, then library order). An empty query matches nothing.
pub fn full_text(lib: &Library, query: &str) -> Vec<(usize, usize)> {
    let dates: Vec<u32> = lib
        .docs
        .iter()
        .map(|d| date_number(d.facts.date.as_deref()))
        .collect();
    search(
        &lib.bodies(),
        &dates,
        &Query::parse(query),
        None,
        &AtomicBool::new(false),
    )
    .unwrap_or_default()
}

/// Byte ranges in `text` of every match of `query`, in order, not overlapping.
pub fn find_in(text: &str, query: &str) -> Vec<Range<usize>> {
    let q = Query::parse(query);
    let (folded, from) = fold::fold_with_map(text);
    let to_text = |i: usize| from.get(i).copied().unwrap_or(text.len());
    matches(folded.as_bytes(), &finders(&q))
        .into_iter()
        .map(|r| to_text(r.start)..to_text(r.end))
        .collect()
}

/// Number of matches of the folded `terms` in a folded body; 0 unless every term occurs.
pub fn count_in(body: &[u8], terms: &[memmem::Finder<'_>]) -> usize {
    if terms.is_empty() || terms.iter().any(|t| t.find(body).is_none()) {
        return 0;
    }
    match terms {
        [one] => one.find_iter(body).count(),
        _ => matches(body, terms).len(),
    }
}

pub(crate) fn finders(q: &Query) -> Vec<memmem::Finder<'_>> {
    q.terms
        .iter()
        .map(|t| memmem::Finder::new(t.folded.as_bytes()))
        .collect()
}

/// All occurrences of all terms, merged where they overlap.
fn matches(body: &[u8], terms: &[memmem::Finder<'_>]) -> Vec<Range<usize>> {
    if terms.is_empty() || terms.iter().any(|t| t.find(body).is_none()) {
        return Vec::new();
    }
    let mut all: Vec<Range<usize>> = terms
        .iter()
        .flat_map(|t| {
            let n = t.needle().len();
            t.find_iter(body).map(move |s| s..s + n)
        })
        .collect();
    all.sort_unstable_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(all.len());
    for r in all {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Search the folded bodies of `candidates` (all if `None`); `None` if cancelled.
pub(crate) fn search(
    bodies: &Bodies,
    dates: &[u32],
    query: &Query,
    candidates: Option<&[usize]>,
    cancel: &AtomicBool,
) -> Option<Vec<(usize, usize)>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    let terms = finders(query);
    let ids: Vec<usize> = match candidates {
        Some(c) => {
            let mut c = c.to_vec();
            c.sort_unstable();
            c
        }
        None => (0..bodies.len()).collect(),
    };
    let stop = || cancel.load(Ordering::Relaxed);
    let mut hits = bodies.scan(&ids, &stop, |i, body| {
        let n = count_in(body, &terms);
        (n > 0).then_some((i, n))
    })?;
    let date = |i: usize| dates.get(i).copied().unwrap_or(0);
    hits.sort_unstable_by(|a, b| {
        b.1.cmp(&a.1)
            .then(date(b.0).cmp(&date(a.0)))
            .then(a.0.cmp(&b.0))
    });
    Some(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_the_original_letters() {
        let text = "Học tập, HỌC TẬP và hóc";
        let r = find_in(text, "hoc");
        let found: Vec<&str> = r.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["Học", "HỌC", "hóc"]);
    }

    #[test]
    fn overlapping_terms_merge() {
        let text = "học tập";
        let r = find_in(text, "hoc oc tap");
        assert_eq!(r, vec![0.."học".len(), "học ".len()..text.len()]);
    }

    #[test]
    fn every_term_must_occur() {
        assert!(find_in("học tập", "hoc bac").is_empty());
    }
}
