//! Numbering the distinct strings among many (a million titles, five million key fields),
//! in parallel: each part of them is numbered on its own, then the parts' numbers are
//! mapped to one numbering. Equal strings get equal numbers, in order of first appearance.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The number of a missing string.
pub const NONE: u32 = u32::MAX;

/// Strings numbered: `ids[k]` is the number of the `k`th string (or [`NONE`]), and
/// `distinct[n]` the string numbered `n`.
#[derive(Debug, Default)]
pub struct Numbered<'a> {
    pub ids: Vec<u32>,
    pub distinct: Vec<&'a str>,
}

/// Items numbered per parallel task.
pub(crate) const PART: usize = 1 << 15;

/// Number the strings that `item(i, push)` pushes for each item `i` of `n`, items in
/// order (`None` for a missing string).
pub fn number<'a, F>(n: usize, item: F) -> Numbered<'a>
where
    F: Fn(usize, &mut dyn FnMut(Option<&'a str>)) + Sync,
{
    let local: Vec<Numbered<'a>> = (0..n.div_ceil(PART))
        .into_par_iter()
        .map(|p| {
            let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
            let mut out = Numbered::default();
            let mut push = |s: Option<&'a str>| {
                let id = s.map_or(NONE, |s| {
                    *seen.entry(s).or_insert_with(|| {
                        out.distinct.push(s);
                        out.distinct.len() as u32 - 1
                    })
                });
                out.ids.push(id);
            };
            for i in p * PART..n.min((p + 1) * PART) {
                item(i, &mut push);
            }
            out
        })
        .collect();
    let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
    let mut all = Numbered {
        ids: Vec::with_capacity(local.iter().map(|l| l.ids.len()).sum()),
        distinct: Vec::new(),
    };
    for l in local {
        let to: Vec<u32> = l
            .distinct
            .iter()
            .map(|&s| {
                *seen.entry(s).or_insert_with(|| {
                    all.distinct.push(s);
                    all.distinct.len() as u32 - 1
                })
            })
            .collect();
        all.ids.extend(
            l.ids
                .iter()
                .map(|&id| if id == NONE { NONE } else { to[id as usize] }),
        );
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_equal_numbers_across_parts() {
        // Items of several strings, of none, and one past the first part.
        let mut items = vec![vec![]; PART + 1];
        items[0] = vec![Some("b"), None, Some("a"), Some("b")];
        items[2] = vec![Some("a")];
        items[PART] = vec![Some("c"), Some("b")];
        let n = number(items.len(), |i, push| {
            items[i].iter().for_each(|&s| push(s))
        });
        assert_eq!(n.distinct, ["b", "a", "c"]);
        assert_eq!(n.ids, [0, NONE, 1, 0, 1, 2, 0]);
    }
}
