//! Sorting the awards table: for each column sorted, every row in that column's order,
//! made once (in parallel) and kept, so a later sort or filter picks rows out of it without
//! sorting. Text is compared folded (no case, no tone marks), then exactly, then by file
//! name; each distinct text is folded and ranked once, so the rows are sorted by numbers.
//! A document's title and date are ranked once for all its statements.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::ranks::Ranks;
use super::{Column, Row};
use crate::corpus::Document;
use crate::text::distinct;

/// A row's key where it has no value.
const MISSING: u64 = u64::MAX;

/// Every row of a table in one column's ascending order: the rows with a value (equal
/// values in library order), then those without, in library order.
#[derive(Debug, Clone)]
pub(super) struct Order {
    rows: Vec<u32>,
    /// How many rows have a value.
    known: usize,
    /// `tie[k]`: `rows[k]` has the value of `rows[k - 1]`.
    tie: Vec<bool>,
    /// The rows in descending order, once asked for.
    descending: OnceLock<Vec<u32>>,
}

impl Order {
    /// The order of `all` by `col`; `names` ranks the documents by name, to order equal
    /// texts (unused for numbers); `ranks`, if made, the documents by title and date.
    pub fn new(
        all: &[Row],
        docs: &[Document],
        names: &Names,
        ranks: Option<&Ranks>,
        col: Column,
    ) -> Order {
        let made = ranks.filter(|r| r.len() == docs.len());
        match col {
            Column::Document => {
                let titles = made.map(Ranks::titles);
                return by_document(all, docs, names, titles, |d| Some(d.facts.title.as_str()));
            }
            Column::Date => {
                let dates = made.map(Ranks::dates);
                return by_document(all, docs, names, dates, |d| d.facts.date.as_deref());
            }
            _ => {}
        }
        let keys = keys(all, docs, names, col);
        let shift = if col.is_numeric() { 0 } else { names.shift() };
        Order::of_units(&keys, shift, |i| i..i + 1, all.len())
    }

    /// The order of units, runs of rows side by side in `all` (a row, or a document's
    /// rows), by their `keys` (`MISSING` where unknown): the units with a key in its order,
    /// equal keys in library order and a unit's rows in theirs; then the others, in
    /// library order. The keys' bits below `shift` rise with the units among equal
    /// higher bits.
    fn of_units(
        keys: &[u64],
        shift: u32,
        rows_of: impl Fn(u32) -> Range<u32>,
        len: usize,
    ) -> Order {
        let known = sorted_units(keys, shift);
        let mut rows = Vec::with_capacity(len);
        let mut tie = Vec::with_capacity(len);
        for (n, &(key, u)) in known.iter().enumerate() {
            let same = n > 0 && known[n - 1].0 == key;
            for (j, r) in rows_of(u).enumerate() {
                rows.push(r);
                tie.push(j > 0 || same);
            }
        }
        let n = rows.len();
        for u in (0..keys.len() as u32).filter(|&u| keys[u as usize] == MISSING) {
            rows.extend(rows_of(u));
        }
        Order {
            rows,
            known: n,
            tie,
            descending: OnceLock::new(),
        }
    }

    /// Every row in order, ascending or descending; equal values stay in library order
    /// and rows without a value come last, either way.
    pub fn rows(&self, ascending: bool) -> &[u32] {
        if ascending {
            return &self.rows;
        }
        self.descending.get_or_init(|| {
            // Runs of equal values from the last, each in library order; then the rows
            // without a value.
            let (known, missing) = self.rows.split_at(self.known);
            let mut rows = Vec::with_capacity(self.rows.len());
            let mut end = known.len();
            while end > 0 {
                let mut start = end - 1;
                while start > 0 && self.tie[start] {
                    start -= 1;
                }
                rows.extend_from_slice(&known[start..end]);
                end = start;
            }
            rows.extend_from_slice(missing);
            rows
        })
    }
}

/// The units with a key, `(key, unit)`, by key then unit; the keys' bits below `shift`
/// rise with the units among equal higher bits.
fn sorted_units(keys: &[u64], shift: u32) -> Vec<(u64, u32)> {
    let known = || (0..keys.len() as u32).filter(|&u| keys[u as usize] != MISSING);
    let (lo, hi) = known().fold((MISSING, 0), |(lo, hi), u| {
        let k = keys[u as usize] >> shift;
        (lo.min(k), hi.max(k))
    });
    let n = keys.len() as u64;
    if lo > hi || hi - lo > 2 * n + 1024 {
        let mut known: Vec<(u64, u32)> = known().map(|u| (keys[u as usize], u)).collect();
        known.par_sort_unstable();
        return known;
    }
    // Keys few and close together (ranks, years, counts): counted into place by their
    // high bits, which keeps units in their order among equal ones, in linear time.
    let mut at = vec![0u32; (hi - lo) as usize + 2];
    for u in known() {
        at[((keys[u as usize] >> shift) - lo) as usize + 1] += 1;
    }
    for k in 1..at.len() {
        at[k] += at[k - 1];
    }
    let mut out = vec![(0, 0); at[at.len() - 1] as usize];
    for u in known() {
        let k = keys[u as usize];
        let slot = &mut at[((k >> shift) - lo) as usize];
        out[*slot as usize] = (k, u);
        *slot += 1;
    }
    out
}

/// The order of `all` by a text of their document (its title, its date): the documents are
/// ordered once, not their rows, and each document's rows follow in library order (a
/// document's rows stand side by side in `all`). The documents' ranks by that text are
/// `ranked` if made, else made here.
fn by_document<'d>(
    all: &[Row],
    docs: &'d [Document],
    names: &Names,
    ranked: Option<&[u32]>,
    text_of: impl Fn(&'d Document) -> Option<&'d str> + Sync,
) -> Order {
    // Each document's first row; a "unit" is a document that has rows.
    let firsts: Vec<u32> = (0..all.len() as u32)
        .filter(|&i| i == 0 || all[i as usize].doc != all[i as usize - 1].doc)
        .collect();
    let doc = |u: usize| all[firsts[u] as usize].doc as usize;
    let name = |u| names.rank[doc(u)];
    let keys = match ranked {
        Some(ranks) => keys_of(firsts.len(), |u| ranks[doc(u)], name),
        None => {
            let ranks = text_ranks(firsts.len(), |u| text_of(&docs[doc(u)]));
            keys_of(firsts.len(), |u| ranks[u], name)
        }
    };
    let rows_of = |u: u32| {
        let end = firsts.get(u as usize + 1).map_or(all.len() as u32, |&e| e);
        firsts[u as usize]..end
    };
    Order::of_units(&keys, names.shift(), rows_of, all.len())
}

/// Each document's rank by name (equal names, equal ranks).
#[derive(Debug, Clone)]
pub(super) struct Names {
    rank: Vec<u32>,
    /// The documents are in name order, as a library mostly is (each folder is walked in
    /// name order): then ranks rise with the documents.
    in_order: bool,
}

impl Names {
    pub fn of(docs: &[Document]) -> Names {
        // Each name against the one before.
        let steps: Vec<Ordering> = docs
            .par_windows(2)
            .map(|w| w[0].name.cmp(&w[1].name))
            .collect();
        let in_order = steps.iter().all(|&s| s != Ordering::Greater);
        let mut rank = Vec::with_capacity(docs.len());
        if in_order {
            let mut n = 0;
            rank.extend((0..docs.len()).map(|d| {
                n += u32::from(d > 0 && steps[d - 1] == Ordering::Less);
                n
            }));
            return Names { rank, in_order };
        }
        let mut order: Vec<u32> = (0..docs.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| docs[a as usize].name.cmp(&docs[b as usize].name));
        rank.resize(docs.len(), 0);
        let mut n = 0;
        for (k, &d) in order.iter().enumerate() {
            if k > 0 && docs[order[k - 1] as usize].name != docs[d as usize].name {
                n += 1;
            }
            rank[d as usize] = n;
        }
        Names { rank, in_order }
    }

    /// What [`Order::of_units`] may count by: with names in order, a text key's low half
    /// (the name) rises with the units among equal texts.
    fn shift(&self) -> u32 {
        if self.in_order {
            32
        } else {
            0
        }
    }
}

/// The key of every row for `col`, in an order that sorts as the column does; `MISSING`
/// where unknown.
fn keys(all: &[Row], docs: &[Document], names: &Names, col: Column) -> Vec<u64> {
    let award = |r: &Row| &docs[r.doc as usize].facts.awards[r.award as usize];
    let count = |n: Option<u32>| n.map_or(MISSING, u64::from);
    match col {
        Column::Year => all
            .par_iter()
            .map(|r| {
                award(r)
                    .year
                    .map_or(MISSING, |y| (i64::from(y) - i64::from(i32::MIN)) as u64)
            })
            .collect(),
        Column::Collectives => all
            .par_iter()
            .map(|r| count(award(r).collectives))
            .collect(),
        Column::Individuals => all
            .par_iter()
            .map(|r| count(award(r).individuals))
            .collect(),
        Column::Combined => all.par_iter().map(|r| count(award(r).combined)).collect(),
        Column::By | Column::Kind => {
            let text = |i: usize| {
                let a = award(&all[i]);
                if col == Column::By { &a.by } else { &a.kind }.as_deref()
            };
            let ranks = text_ranks(all.len(), text);
            keys_of(all.len(), |i| ranks[i], |i| names.rank[all[i].doc as usize])
        }
        Column::Document | Column::Date => unreachable!("ordered by document"),
    }
}

/// The rank of each of `n` texts (`text(k)`) among the distinct ones, folded then
/// exactly; [`distinct::NONE`] for none or a blank one.
pub(super) fn text_ranks<'t>(n: usize, text: impl Fn(usize) -> Option<&'t str> + Sync) -> Vec<u32> {
    let numbered = distinct::number(n, |u, push| {
        push(text(u).filter(|s| !s.trim().is_empty()));
    });
    let distinct = &numbered.distinct;
    let folded: Vec<String> = distinct.par_iter().map(|s| fold(s)).collect();
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        (&folded[a], distinct[a]).cmp(&(&folded[b], distinct[b]))
    });
    let mut rank = vec![0u32; distinct.len()];
    for (k, &d) in order.iter().enumerate() {
        rank[d as usize] = k as u32;
    }
    numbered
        .ids
        .par_iter()
        .map(|&d| match d {
            distinct::NONE => distinct::NONE,
            d => rank[d as usize],
        })
        .collect()
}

/// The keys of `n` units: each unit's text rank (`rank(u)`, [`distinct::NONE`] for none:
/// `MISSING`), then its document's name rank (`name(u)`).
fn keys_of(
    n: usize,
    rank: impl Fn(usize) -> u32 + Sync,
    name: impl Fn(usize) -> u32 + Sync,
) -> Vec<u64> {
    (0..n)
        .into_par_iter()
        .map(|u| match rank(u) {
            distinct::NONE => MISSING,
            r => u64::from(r) << 32 | u64::from(name(u)),
        })
        .collect()
}

/// Lower case without diacritics ("Bằng khen" → "bang khen"), so sorting groups
/// words regardless of tone marks.
pub(super) fn fold(s: &str) -> String {
    // Latin and Vietnamese text folds the same through the search's table, many times
    // faster than decomposing it (a test holds the two to the same answers).
    if s.chars().all(latin) {
        return crate::text::fold::fold(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)) {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Characters whose folding the search's table does as [`fold`] does (the search also
/// takes the eths and the African D for d).
fn latin(c: char) -> bool {
    matches!(c, '\0'..='\u{24f}' | '\u{300}'..='\u{36f}' | '\u{1ea0}'..='\u{1ef9}')
        && !matches!(c, 'Ð' | 'ð' | 'Ɖ')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`fold`] the long way.
    fn decomposed(s: &str) -> String {
        let mut out = String::new();
        for c in s.nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)) {
            match c {
                'đ' | 'Đ' => out.push('d'),
                c => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    #[test]
    fn the_quick_fold_is_the_long_one() {
        let chars = ('\0'..='\u{24f}')
            .chain('\u{300}'..='\u{36f}')
            .chain('\u{1ea0}'..='\u{1ef9}');
        let bad: Vec<char> = chars
            .filter(|c| {
                let s = format!("A{c}e\u{301}{c}");
                fold(&s) != decomposed(&s)
            })
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(fold("Bằng Khen"), "bang khen");
        assert_eq!(fold("Đảng ủy 漢"), decomposed("Đảng ủy 漢"));
    }
}
