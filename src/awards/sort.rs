//! Sorting the awards table: for each column sorted, every row in that column's order,
//! made once (in parallel) and kept, so a later sort or filter picks rows out of it without
//! sorting. Text is compared folded (no case, no tone marks), then exactly, then by file
//! name; each distinct text is folded and ranked once, so the rows are sorted by numbers.
//! A document's title and date are ranked once for all its statements.

use std::cmp::Ordering;
use std::sync::OnceLock;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::ranks::Ranks;
use super::{Column, Row};
use crate::corpus::Document;
use crate::text::distinct;

/// A row's key where it has no value.
const MISSING: u64 = u64::MAX;

/// The units of a table (its rows; for a text of the document, its documents) in one
/// column's ascending order: the units with a value (equal values in library order), then
/// those without, in library order.
#[derive(Debug, Clone)]
pub(super) struct Order {
    units: Vec<u32>,
    /// How many units have a value.
    known: usize,
    /// `tie[k]`: `units[k]` has the value of `units[k - 1]`.
    tie: Vec<bool>,
    /// The units are documents, not rows.
    docs: bool,
    /// The units in descending order, once asked for.
    descending: OnceLock<Vec<u32>>,
    /// For documents: their rows, ascending and descending, once asked for.
    rows: [OnceLock<Vec<u32>>; 2],
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
                return by_document(docs, names, titles, |d| Some(d.facts.title.as_str()));
            }
            Column::Date => {
                let dates = made.map(Ranks::dates);
                return by_document(docs, names, dates, |d| d.facts.date.as_deref());
            }
            _ => {}
        }
        let keys = keys(all, docs, names, col);
        let shift = if col.is_numeric() { 0 } else { names.shift() };
        Order::of_units(&keys, shift, false)
    }

    /// The order of units by their `keys` (`MISSING` where unknown), equal keys in
    /// library order. The keys' bits below `shift` rise with the units among equal
    /// higher bits.
    fn of_units(keys: &[u64], shift: u32, docs: bool) -> Order {
        let known = sorted_units(keys, shift);
        let tie = (0..known.len())
            .map(|n| n > 0 && known[n - 1].0 == known[n].0)
            .collect();
        let n = known.len();
        let mut units: Vec<u32> = known.into_iter().map(|(_, u)| u).collect();
        units.extend((0..keys.len() as u32).filter(|&u| keys[u as usize] == MISSING));
        Order::of_sorted(units, n, tie, docs)
    }

    /// The order of `units`, sorted: the first `known` with a value, `tie` between each
    /// of them and the one before.
    fn of_sorted(units: Vec<u32>, known: usize, tie: Vec<bool>, docs: bool) -> Order {
        Order {
            units,
            known,
            tie,
            docs,
            descending: OnceLock::new(),
            rows: Default::default(),
        }
    }

    /// Whether the units are documents (else rows).
    pub fn of_docs(&self) -> bool {
        self.docs
    }

    /// Every unit in order, ascending or descending; equal values stay in library order
    /// and units without a value come last, either way.
    pub fn units(&self, ascending: bool) -> &[u32] {
        if ascending {
            return &self.units;
        }
        self.descending.get_or_init(|| {
            // Runs of equal values from the last, each in library order; then the units
            // without a value.
            let (known, missing) = self.units.split_at(self.known);
            let mut units = Vec::with_capacity(self.units.len());
            let mut end = known.len();
            while end > 0 {
                let mut start = end - 1;
                while start > 0 && self.tie[start] {
                    start -= 1;
                }
                units.extend_from_slice(&known[start..end]);
                end = start;
            }
            units.extend_from_slice(missing);
            units
        })
    }

    /// Every row in order: the units', each document's rows side by side in library
    /// order (`starts[d]..starts[d + 1]`).
    pub fn rows(&self, ascending: bool, starts: &[u32]) -> &[u32] {
        let units = self.units(ascending);
        if !self.docs {
            return units;
        }
        self.rows[usize::from(ascending)].get_or_init(|| {
            let mut rows = Vec::with_capacity(starts.last().map_or(0, |&n| n as usize));
            for &d in units {
                rows.extend(starts[d as usize]..starts[d as usize + 1]);
            }
            rows
        })
    }
}

/// Documents with a rank (`ranks`, [`distinct::NONE`] for none) by rank, equal ranks in
/// library order; then those without, in library order. With the documents' names in
/// order, this is their order by that text: the awards ranks make it ahead.
pub(super) fn rank_order(ranks: &[u32]) -> Vec<u32> {
    // Made ahead of need, while the library's load may be at its peak: counted on the
    // ranks alone, with no key wider than a rank.
    let top = ranks.iter().filter(|&&r| r != distinct::NONE).max();
    let slots = top.map_or(0, |&r| r as usize + 1);
    let rank = |d: usize| (ranks[d] != distinct::NONE).then_some(ranks[d] as usize);
    let mut out = counted(ranks.len(), slots, rank, |d| d as u32);
    out.extend((0..ranks.len() as u32).filter(|&d| ranks[d as usize] == distinct::NONE));
    out
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
    // high bits.
    let slot = |u: usize| (keys[u] != MISSING).then(|| ((keys[u] >> shift) - lo) as usize);
    counted(keys.len(), (hi - lo) as usize + 1, slot, |u| {
        (keys[u], u as u32)
    })
}

/// `item(u)` of each unit `u` of `0..n` that has a slot (`slot(u)`, below `slots`), by
/// slot, units in their order among equal ones: counted into place, in linear time.
fn counted<T: Copy + Default>(
    n: usize,
    slots: usize,
    slot: impl Fn(usize) -> Option<usize>,
    item: impl Fn(usize) -> T,
) -> Vec<T> {
    let mut at = vec![0u32; slots + 1];
    for s in (0..n).filter_map(&slot) {
        at[s + 1] += 1;
    }
    for k in 1..at.len() {
        at[k] += at[k - 1];
    }
    let mut out = vec![T::default(); at[slots] as usize];
    for u in 0..n {
        if let Some(s) = slot(u) {
            out[at[s] as usize] = item(u);
            at[s] += 1;
        }
    }
    out
}

/// The documents in order of a text of theirs (their title, their date), then of their
/// names; a table lays out each document's rows side by side. `ranked`, if made, holds
/// the documents' ranks by that text and their [`rank_order`]; else they are made here.
fn by_document<'d>(
    docs: &'d [Document],
    names: &Names,
    ranked: Option<(&[u32], &[u32])>,
    text_of: impl Fn(&'d Document) -> Option<&'d str> + Sync,
) -> Order {
    let made;
    let ranks = match ranked {
        Some((ranks, _)) => ranks,
        None => {
            made = text_ranks(docs.len(), |d| text_of(&docs[d]));
            &made
        }
    };
    let key = |d: usize| match ranks[d] {
        distinct::NONE => MISSING,
        r => u64::from(r) << 32 | u64::from(names.rank[d]),
    };
    match ranked {
        // Names in order: equal texts are in library order, as the rank order has them.
        Some((_, order)) if names.in_order => {
            let known = order.partition_point(|&d| ranks[d as usize] != distinct::NONE);
            // Names all different: no two documents have the same key.
            let tie = match names.distinct {
                true => vec![false; known],
                false => (0..known)
                    .into_par_iter()
                    .map(|k| k > 0 && key(order[k] as usize) == key(order[k - 1] as usize))
                    .collect(),
            };
            Order::of_sorted(order.to_vec(), known, tie, true)
        }
        _ => {
            let keys: Vec<u64> = (0..docs.len()).into_par_iter().map(key).collect();
            Order::of_units(&keys, names.shift(), true)
        }
    }
}

/// Each document's rank by name (equal names, equal ranks).
#[derive(Debug, Clone)]
pub(super) struct Names {
    rank: Vec<u32>,
    /// The documents are in name order, as a library mostly is (each folder is walked in
    /// name order): then ranks rise with the documents.
    in_order: bool,
    /// In order, and no two the same.
    distinct: bool,
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
            let distinct = steps.iter().all(|&s| s == Ordering::Less);
            return Names {
                rank,
                in_order,
                distinct,
            };
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
        Names {
            rank,
            in_order,
            distinct: false,
        }
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
