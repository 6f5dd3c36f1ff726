//! Sorting the awards table: one key per row for a column, made once (in parallel) and
//! kept while the filter changes. Text is compared folded (no case, no tone marks), then
//! exactly, then by file name; each distinct text is ranked once, so a sort of a million
//! statements compares numbers. A document's title and date are ranked once for all its
//! statements.

use std::cmp::Ordering;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::{Column, Row};

/// A row's key for one column: its number, or its text's rank among the column's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SortKey {
    Missing,
    Number(i64),
}

impl SortKey {
    /// Unknown values last in either direction.
    pub fn cmp_dir(&self, other: &SortKey, ascending: bool) -> Ordering {
        use SortKey::*;
        let o = match (self, other) {
            (Missing, Missing) => return Ordering::Equal,
            (Missing, _) => return Ordering::Greater,
            (_, Missing) => return Ordering::Less,
            (Number(a), Number(b)) => a.cmp(b),
        };
        if ascending {
            o
        } else {
            o.reverse()
        }
    }
}

/// The key of every row of `all` (a document's rows side by side) for `col`.
pub(super) fn keys(all: &[Row], col: Column) -> Vec<SortKey> {
    if col.is_numeric() {
        return all
            .par_iter()
            .map(|r| r.number(col).map_or(SortKey::Missing, SortKey::Number))
            .collect();
    }
    // The rows whose text is ranked: a document's first for its title and date.
    let per_doc = matches!(col, Column::Document | Column::Date);
    let firsts: Vec<usize> = (0..all.len())
        .filter(|&i| !per_doc || i == 0 || all[i].doc != all[i - 1].doc)
        .collect();
    let texts: Vec<Option<(String, String)>> = firsts
        .par_iter()
        .map(|&i| match all[i].cell(col) {
            Some(s) if !s.trim().is_empty() => Some((fold(&s), s)),
            _ => None,
        })
        .collect();
    let key = |u: usize| {
        texts[u]
            .as_ref()
            .map(|(folded, s)| (folded, s, &all[firsts[u]].name))
    };
    let mut order: Vec<usize> = (0..firsts.len()).filter(|&u| texts[u].is_some()).collect();
    order.par_sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
    let mut rank = vec![SortKey::Missing; firsts.len()];
    let mut n = 0;
    for (k, &u) in order.iter().enumerate() {
        if k > 0 && key(order[k - 1]) != key(u) {
            n += 1;
        }
        rank[u] = SortKey::Number(n);
    }
    if !per_doc {
        return rank;
    }
    let mut unit = 0;
    (0..all.len())
        .map(|i| {
            if i > 0 && all[i].doc != all[i - 1].doc {
                unit += 1;
            }
            rank[unit]
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
