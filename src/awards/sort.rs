//! Sorting the awards table: for each column sorted, every row in that column's order,
//! made once (in parallel) and kept, so a later sort or filter picks rows out of it without
//! sorting. Text is compared folded (no case, no tone marks), then exactly, then by file
//! name; each distinct text is folded and ranked once, so the rows are sorted by numbers.
//! A document's title and date are ranked once for all its statements.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use super::{Column, Row};
use crate::corpus::Document;

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
}

impl Order {
    /// The order of `all` by `col`; `names` ranks the documents by name (for text columns).
    pub fn new(all: &[Row], docs: &[Document], names: &[u32], col: Column) -> Order {
        match col {
            Column::Document => {
                return by_document(all, docs, names, |d| Some(d.facts.title.as_str()))
            }
            Column::Date => return by_document(all, docs, names, |d| d.facts.date.as_deref()),
            _ => {}
        }
        let keys = keys(all, docs, names, col);
        Order::of_units(&keys, |i| i..i + 1, all.len())
    }

    /// The order of units, runs of rows side by side in `all` (a row, or a document's
    /// rows), by their `keys` (`MISSING` where unknown): the units with a key in its order,
    /// equal keys in library order and a unit's rows in theirs; then the others, in
    /// library order.
    fn of_units(keys: &[u64], rows_of: impl Fn(u32) -> Range<u32>, len: usize) -> Order {
        let mut known: Vec<(u64, u32)> = (0..keys.len() as u32)
            .filter(|&u| keys[u as usize] != MISSING)
            .map(|u| (keys[u as usize], u))
            .collect();
        known.par_sort_unstable();
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
        }
    }

    /// Call `f` with every row in order, ascending or descending; equal values stay in
    /// library order and rows without a value come last, either way.
    pub fn walk(&self, ascending: bool, mut f: impl FnMut(u32)) {
        let (known, missing) = self.rows.split_at(self.known);
        if ascending {
            known.iter().copied().for_each(&mut f);
        } else {
            let mut end = known.len();
            while end > 0 {
                let mut start = end - 1;
                while start > 0 && self.tie[start] {
                    start -= 1;
                }
                known[start..end].iter().copied().for_each(&mut f);
                end = start;
            }
        }
        missing.iter().copied().for_each(f);
    }
}

/// The order of `all` by a text of their document (its title, its date): the documents are
/// ordered once, not their rows, and each document's rows follow in library order (a
/// document's rows stand side by side in `all`).
fn by_document<'d>(
    all: &[Row],
    docs: &'d [Document],
    names: &[u32],
    text_of: impl Fn(&'d Document) -> Option<&'d str> + Sync,
) -> Order {
    // Each document's first row; a "unit" is a document that has rows.
    let firsts: Vec<u32> = (0..all.len() as u32)
        .filter(|&i| i == 0 || all[i as usize].doc != all[i as usize - 1].doc)
        .collect();
    let texts: Vec<Option<(&str, u32)>> = firsts
        .par_iter()
        .map(|&i| {
            let d = all[i as usize].doc as usize;
            text(text_of(&docs[d]), names[d])
        })
        .collect();
    let keys = text_keys(&texts);
    drop(texts);
    let rows_of = |u: u32| {
        let end = firsts.get(u as usize + 1).map_or(all.len() as u32, |&e| e);
        firsts[u as usize]..end
    };
    Order::of_units(&keys, rows_of, all.len())
}

/// Each document's rank by name (equal names, equal ranks).
pub(super) fn name_ranks(docs: &[Document]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..docs.len() as u32).collect();
    // A library is mostly in name order already (each folder is walked in name order).
    let in_order = docs.par_windows(2).all(|w| w[0].name <= w[1].name);
    if !in_order {
        order.par_sort_unstable_by(|&a, &b| docs[a as usize].name.cmp(&docs[b as usize].name));
    }
    let mut rank = vec![0; docs.len()];
    let mut n = 0;
    for (k, &d) in order.iter().enumerate() {
        if k > 0 && docs[order[k - 1] as usize].name != docs[d as usize].name {
            n += 1;
        }
        rank[d as usize] = n;
    }
    rank
}

/// The key of every row for `col`, in an order that sorts as the column does; `MISSING`
/// where unknown.
fn keys(all: &[Row], docs: &[Document], names: &[u32], col: Column) -> Vec<u64> {
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
            let texts: Vec<Option<(&str, u32)>> = all
                .par_iter()
                .map(|r| {
                    let a = award(r);
                    let s = if col == Column::By { &a.by } else { &a.kind };
                    text(s.as_deref(), names[r.doc as usize])
                })
                .collect();
            text_keys(&texts)
        }
        Column::Document | Column::Date => unreachable!("ordered by document"),
    }
}

/// A text with its document's name rank; `None` for no text or a blank one.
fn text(t: Option<&str>, name: u32) -> Option<(&str, u32)> {
    t.filter(|s| !s.trim().is_empty()).map(|s| (s, name))
}

/// Keys of texts with their document's name rank: the text's rank among the distinct texts
/// (folded, then exactly), then the name's.
fn text_keys(texts: &[Option<(&str, u32)>]) -> Vec<u64> {
    // The distinct texts, and each unit's among them.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let of: Vec<u32> = texts
        .iter()
        .map(|t| match t {
            Some((s, _)) => *ids.entry(s).or_insert_with(|| {
                distinct.push(s);
                distinct.len() as u32 - 1
            }),
            None => u32::MAX,
        })
        .collect();
    drop(ids);
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
    texts
        .par_iter()
        .zip(of)
        .map(|(t, d)| match t {
            Some((_, name)) => u64::from(rank[d as usize]) << 32 | u64::from(*name),
            None => MISSING,
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
