//! Full-text search: which documents contain every term, how often, and where.
//!
//! Bodies are compared folded (no diacritics, đ → d, lowercase). A match is an occurrence
//! of any term; overlapping occurrences count once. [`count_in`] over the folded body and
//! [`find_in`] over the clean text give the same number, so the count a list shows is the
//! number of highlights the reader steps through.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::memmem;
use rayon::prelude::*;

use super::heads::date_number;
use super::indexed;
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
    full_text_in(&lib.bodies(), &dates, query)
}

/// [`full_text`] over folded bodies, given each document's date (YYYYMMDD, 0 unknown):
/// through the bodies' token index if they have one.
pub fn full_text_in(bodies: &Bodies, dates: &[u32], query: &str) -> Vec<(usize, usize)> {
    whole(search, bodies, dates, query)
}

/// [`full_text_in`] by reading every body, never through an index (to compare the two).
pub fn scan_full_text_in(bodies: &Bodies, dates: &[u32], query: &str) -> Vec<(usize, usize)> {
    whole(scan, bodies, dates, query)
}

/// The way searches run.
type Run =
    fn(&Bodies, &[u32], &Query, Option<&[usize]>, &AtomicBool) -> Option<Vec<(usize, usize)>>;

/// `query` run by `run` over every document, never cancelled.
fn whole(run: Run, bodies: &Bodies, dates: &[u32], query: &str) -> Vec<(usize, usize)> {
    run(
        bodies,
        dates,
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
    count(body, terms, disjoint(terms))
}

/// [`count_in`], told whether the terms' occurrences can never overlap (see [`disjoint`]):
/// then the count is the sum of each term's count, which is quicker to find.
fn count(body: &[u8], terms: &[memmem::Finder<'_>], disjoint: bool) -> usize {
    if !disjoint {
        let mut n = 0;
        merged(body, terms, true, |_| n += 1);
        return n;
    }
    let mut total = 0;
    for t in terms {
        let n = match t.needle() {
            [b] => memchr::memchr_iter(*b, body).count(),
            _ => t.find_iter(body).count(),
        };
        if n == 0 {
            return 0;
        }
        total += n;
    }
    total
}

/// True when no occurrence of one term can overlap an occurrence of another: no term
/// holds another, and no end of one is the start of another.
pub(crate) fn disjoint(terms: &[memmem::Finder<'_>]) -> bool {
    let overlap = |a: &[u8], b: &[u8]| {
        memmem::find(a, b).is_some()
            || (1..a.len().min(b.len())).any(|n| a[a.len() - n..] == b[..n])
    };
    terms.iter().enumerate().all(|(i, a)| {
        terms[i + 1..]
            .iter()
            .all(|b| !overlap(a.needle(), b.needle()) && !overlap(b.needle(), a.needle()))
    })
}

pub(crate) fn finders(q: &Query) -> Vec<memmem::Finder<'_>> {
    q.terms
        .iter()
        .map(|t| memmem::Finder::new(t.folded.as_bytes()))
        .collect()
}

/// All occurrences of all terms, merged where they overlap.
fn matches(body: &[u8], terms: &[memmem::Finder<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    merged(body, terms, true, |r| out.push(r));
    out
}

/// The number of runs of overlapping occurrences of any of the terms in `token`, whether
/// or not every term occurs (a body's count is the sum of its tokens').
pub(crate) fn runs_in(token: &[u8], terms: &[memmem::Finder<'_>]) -> usize {
    let mut n = 0;
    merged(token, terms, false, |_| n += 1);
    n
}

/// Call `emit` with each run of overlapping occurrences of the terms, in order; with
/// `every`, nothing unless every term occurs. The terms' occurrences (each term's leftmost,
/// not overlapping) are merged as they come, with no list to sort.
fn merged(
    body: &[u8],
    terms: &[memmem::Finder<'_>],
    every: bool,
    mut emit: impl FnMut(Range<usize>),
) {
    if terms.is_empty() {
        return;
    }
    let mut iters: Vec<_> = terms
        .iter()
        .map(|t| (t.find_iter(body), t.needle().len()))
        .collect();
    let mut next: Vec<Option<usize>> = Vec::with_capacity(iters.len());
    for (it, _) in &mut iters {
        let at = it.next();
        if at.is_none() && every {
            return; // a term that does not occur: no match at all
        }
        next.push(at);
    }
    let mut run: Option<Range<usize>> = None;
    while let Some((k, start)) = next
        .iter()
        .enumerate()
        .filter_map(|(k, n)| n.map(|s| (k, s)))
        .min_by_key(|&(_, s)| s)
    {
        let end = start + iters[k].1;
        next[k] = iters[k].0.next();
        run = match run {
            Some(r) if start < r.end => Some(r.start..r.end.max(end)),
            Some(r) => {
                emit(r);
                Some(start..end)
            }
            None => Some(start..end),
        };
    }
    if let Some(r) = run {
        emit(r);
    }
}

/// Search the folded bodies of `candidates` (all if `None`); `None` if cancelled. With
/// the bodies' token index, the index answers for all documents (the same as for
/// `candidates`, which only ever hold every match); without it, or if it fails, the bodies
/// are scanned.
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
    if let Some(terms) = bodies.terms() {
        if let Ok(found) = indexed::search(terms, dates, query, cancel) {
            return found;
        }
    }
    scan(bodies, dates, query, candidates, cancel)
}

/// [`search`] by reading every body (of `candidates`).
pub(crate) fn scan(
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
    let disjoint = disjoint(&terms);
    let ids: Vec<usize> = match candidates {
        Some(c) => {
            let mut c = c.to_vec();
            c.sort_unstable();
            c
        }
        None => (0..bodies.len()).collect(),
    };
    let stop = || cancel.load(Ordering::Relaxed);
    let hits = bodies.scan(&ids, &stop, |i, body| {
        let n = count(body, &terms, disjoint);
        (n > 0).then_some((i, n))
    })?;
    Some(rank(hits, dates))
}

/// `hits` sorted most matches first, ties newest date, then library order.
pub(crate) fn rank(mut hits: Vec<(usize, usize)>, dates: &[u32]) -> Vec<(usize, usize)> {
    let date = |i: usize| dates.get(i).copied().unwrap_or(0);
    if hits.iter().any(|&(i, _)| i > u32::MAX as usize) {
        hits.par_sort_unstable_by(|a, b| {
            b.1.cmp(&a.1)
                .then(date(b.0).cmp(&date(a.0)))
                .then(a.0.cmp(&b.0))
        });
        return hits;
    }
    // One number per hit, smallest first: a million are sorted without looking dates up.
    let mut keys: Vec<u128> = hits
        .into_iter()
        .map(|(i, n)| {
            (u128::from(u64::MAX - n as u64) << 64)
                | (u128::from(u32::MAX - date(i)) << 32)
                | i as u128
        })
        .collect();
    keys.par_sort_unstable();
    keys.into_iter()
        .map(|k| {
            let n = u64::MAX - (k >> 64) as u64;
            ((k as u32) as usize, n as usize)
        })
        .collect()
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

    /// The plain way: every occurrence of every term, sorted, merged.
    fn naive(body: &[u8], terms: &[&str]) -> Vec<Range<usize>> {
        if terms
            .iter()
            .any(|t| memmem::find(body, t.as_bytes()).is_none())
        {
            return Vec::new();
        }
        let mut all: Vec<Range<usize>> = terms
            .iter()
            .flat_map(|t| memmem::find_iter(body, t.as_bytes()).map(move |s| s..s + t.len()))
            .collect();
        all.sort_unstable_by_key(|r| (r.start, r.end));
        let mut out: Vec<Range<usize>> = Vec::new();
        for r in all {
            match out.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn merging_as_they_come_equals_sorting(
            body in "[abc ]{0,40}",
            terms in proptest::collection::vec("[abc]{1,3}", 1..4),
        ) {
            let refs: Vec<&str> = terms.iter().map(String::as_str).collect();
            let finders: Vec<memmem::Finder<'_>> =
                refs.iter().map(|t| memmem::Finder::new(t.as_bytes())).collect();
            let want = naive(body.as_bytes(), &refs);
            proptest::prop_assert_eq!(matches(body.as_bytes(), &finders), want.clone());
            proptest::prop_assert_eq!(count_in(body.as_bytes(), &finders), want.len());
            proptest::prop_assert_eq!(count(body.as_bytes(), &finders, false), want.len());
            // Per token, whether or not every term occurs: the runs add up to the body's.
            let by_token: usize = body.split(' ').map(|t| runs_in(t.as_bytes(), &finders)).sum();
            let every = finders.iter().all(|f| f.find(body.as_bytes()).is_some());
            proptest::prop_assert_eq!(if every { by_token } else { 0 }, want.len());
        }
    }

    #[test]
    fn terms_that_cannot_overlap() {
        let f = |ts: &[&'static str]| -> bool {
            let finders: Vec<memmem::Finder<'static>> = ts
                .iter()
                .map(|t| memmem::Finder::new(t.as_bytes()))
                .collect();
            disjoint(&finders)
        };
        assert!(f(&["hoc", "tap", "bac"]));
        assert!(f(&["hoc", "t"]));
        assert!(!f(&["hoc", "oc"]), "one holds the other");
        assert!(!f(&["hoc", "cac"]), "an end is a start");
        assert!(!f(&["tap", "ho", "ot"]));
        assert!(f(&["abc"]));
    }

    #[test]
    fn every_term_must_occur() {
        assert!(find_in("học tập", "hoc bac").is_empty());
    }
}
