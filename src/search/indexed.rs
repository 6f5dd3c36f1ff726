//! Full-text search through the token index ([`crate::corpus::terms`]): the same matches and
//! counts as scanning the bodies, from the postings of the tokens that hold a term.
//!
//! Every occurrence of a term lies inside one token, and occurrences in different tokens
//! never overlap, so a body's count (overlapping occurrences counted once) is the sum over
//! its tokens of how often the token occurs × the count of the terms in that token alone.
//! A document matches when each term is in one of its tokens. Postings are read a few
//! megabytes at a time and added up in parallel, one array of counts per thread.

use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::memmem;
use rayon::prelude::*;

use super::full_text::{disjoint, finders, rank, runs_in};
use super::query::Query;
use crate::corpus::terms::{Segment, Terms, SEPARATORS};

/// Postings that count: their segment, where they are in its file, the count of matches
/// in each of their occurrences, which terms they hold (a bit each).
#[derive(Clone)]
struct Hit {
    seg: usize,
    span: Range<u64>,
    weight: u32,
    terms: u32,
}

/// Postings closer than this are read in one go, the bytes between them too.
const GAP: u64 = 16 << 10;
/// Most bytes of postings read at once.
const READ: u64 = 8 << 20;

/// The documents matching `query` and their counts, ranked as [`super::full_text`] ranks
/// them; `Ok(None)` if cancelled; an error if the index cannot answer (a term with
/// whitespace or too many terms) or fails to read; then the bodies must be scanned.
pub(crate) fn search(
    terms: &Terms,
    dates: &[u32],
    query: &Query,
    cancel: &AtomicBool,
) -> io::Result<Option<Vec<(usize, usize)>>> {
    let finders = finders(query);
    if finders.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let unsupported = finders.len() > 32
        || finders
            .iter()
            .any(|f| f.needle().iter().any(|b| SEPARATORS.contains(b)));
    if unsupported {
        return Err(io::Error::new(io::ErrorKind::Unsupported, "query"));
    }
    let disjoint = disjoint(&finders);
    let mut hits = Vec::new();
    for (s, seg) in terms.segments().iter().enumerate() {
        let mut mine = Vec::new();
        // A one-letter term among terms that cannot overlap: counted from the letter's
        // postings (the count of a byte in a body), not from most tokens'.
        let letter = |f: &memmem::Finder<'_>| match f.needle() {
            [c] if disjoint && c.is_ascii() => Some(*c),
            _ => None,
        };
        for (k, f) in finders.iter().enumerate() {
            if let Some(c) = letter(f) {
                mine.push(Hit {
                    seg: s,
                    span: seg.letter_span(c),
                    weight: 1,
                    terms: 1 << k,
                });
            }
        }
        let words: Vec<(usize, &memmem::Finder<'_>)> = finders
            .iter()
            .enumerate()
            .filter(|(_, f)| letter(f).is_none())
            .collect();
        mine.extend(tokens_of(s, seg, &words, &finders, disjoint));
        mine.sort_unstable_by_key(|h| h.span.start);
        hits.extend(mine);
    }
    let all = (1u32 << (finders.len() - 1) << 1).wrapping_sub(1);
    // Pieces of about equal postings bytes, one per thread.
    let bytes: u64 = hits.iter().map(len).sum();
    let threads = rayon::current_num_threads().clamp(1, 8) as u64;
    let share = (bytes / threads).max(1 << 20);
    let mut pieces: Vec<&[Hit]> = Vec::new();
    let (mut from, mut sum) = (0, 0);
    for (i, h) in hits.iter().enumerate() {
        sum += len(h);
        if sum >= share {
            pieces.push(&hits[from..=i]);
            (from, sum) = (i + 1, 0);
        }
    }
    if from < hits.len() {
        pieces.push(&hits[from..]);
    }
    let n = terms.docs();
    let sums: Vec<io::Result<Option<Sums>>> = pieces
        .par_iter()
        .map(|p| add_up(terms, p, n, cancel))
        .collect();
    let mut total: Option<Sums> = None;
    for s in sums {
        let Some(s) = s? else { return Ok(None) };
        total = Some(match total {
            None => s,
            Some(mut t) => {
                t.add(&s);
                t
            }
        });
    }
    let Some(total) = total else {
        return Ok(Some(Vec::new()));
    };
    let found: Vec<(usize, usize)> = total
        .terms
        .iter()
        .zip(&total.counts)
        .enumerate()
        .filter(|(_, (&t, _))| t == all)
        .map(|(d, (_, &c))| (d, c as usize))
        .collect();
    Ok(Some(rank(found, dates)))
}

fn len(h: &Hit) -> u64 {
    h.span.end - h.span.start
}

/// A token of a segment that holds a term.
struct Token {
    token: usize,
    weight: u32,
    terms: u32,
}

/// The tokens of `seg` that hold one of `words` (numbered among all the terms,
/// `finders`), in order, with their weights.
fn tokens_of(
    s: usize,
    seg: &Segment,
    words: &[(usize, &memmem::Finder<'_>)],
    finders: &[memmem::Finder<'_>],
    disjoint: bool,
) -> Vec<Hit> {
    let vocab = seg.vocab();
    let mut found: Vec<Token> = Vec::new();
    for &(k, f) in words {
        // Where the token of the last hit ends in the vocabulary: hits come in order.
        let mut last_end = 0;
        for at in f.find_iter(vocab) {
            if at < last_end {
                if let Some(h) = found.last_mut() {
                    h.weight += 1;
                }
                continue;
            }
            let token = seg.token_at(at);
            last_end = seg.place(token).end;
            found.push(Token {
                token,
                weight: 1,
                terms: 1 << k,
            });
        }
    }
    if words.len() > 1 {
        found.sort_unstable_by_key(|h| h.token);
    }
    let mut merged: Vec<Token> = Vec::with_capacity(found.len());
    for h in found {
        match merged.last_mut() {
            Some(m) if m.token == h.token => {
                m.weight += h.weight;
                m.terms |= h.terms;
            }
            _ => merged.push(h),
        }
    }
    if !disjoint {
        for m in &mut merged {
            m.weight = runs_in(seg.token(m.token), finders) as u32;
        }
    }
    merged
        .into_iter()
        .map(|m| Hit {
            seg: s,
            span: seg.span(m.token),
            weight: m.weight,
            terms: m.terms,
        })
        .collect()
}

/// Per document: its count, and which terms it holds.
struct Sums {
    counts: Vec<u32>,
    terms: Vec<u32>,
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a = a.saturating_add(*b);
        }
        for (a, b) in self.terms.iter_mut().zip(&other.terms) {
            *a |= *b;
        }
    }
}

/// Read and add up the postings of `hits` (in file order).
fn add_up(terms: &Terms, hits: &[Hit], n: usize, cancel: &AtomicBool) -> io::Result<Option<Sums>> {
    let mut sums = Sums {
        counts: vec![0; n],
        terms: vec![0; n],
    };
    let mut buf = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let seg = &terms.segments()[hits[i].seg];
        // A run of hits in one segment read at once.
        let first = hits[i].span.start;
        let mut j = i + 1;
        let mut end = hits[i].span.end;
        while let Some(h) = hits.get(j) {
            if h.seg != hits[i].seg || h.span.start > end + GAP || h.span.end - first > READ {
                break;
            }
            end = end.max(h.span.end);
            j += 1;
        }
        seg.read(first..end, &mut buf)?;
        for h in &hits[i..j] {
            let bytes = &buf[(h.span.start - first) as usize..(h.span.end - first) as usize];
            let (w, t) = (u64::from(h.weight), h.terms);
            seg.each(bytes, |d, n| {
                let c = &mut sums.counts[d];
                *c = c.saturating_add((u64::from(n) * w).min(u64::from(u32::MAX)) as u32);
                sums.terms[d] |= t;
            })?;
        }
        i = j;
    }
    Ok(Some(sums))
}
