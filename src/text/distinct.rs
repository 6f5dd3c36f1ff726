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

/// Number the strings that `part(p, push)` pushes for each part `p` of `parts`, parts in
/// order (`None` for a missing string).
pub fn number<'a, F>(parts: usize, part: F) -> Numbered<'a>
where
    F: Fn(usize, &mut dyn FnMut(Option<&'a str>)) + Sync,
{
    let local: Vec<Numbered<'a>> = (0..parts)
        .into_par_iter()
        .map(|p| {
            let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
            let mut out = Numbered::default();
            part(p, &mut |s| {
                let id = s.map_or(NONE, |s| {
                    *seen.entry(s).or_insert_with(|| {
                        out.distinct.push(s);
                        out.distinct.len() as u32 - 1
                    })
                });
                out.ids.push(id);
            });
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
        let parts = [
            vec![Some("b"), None, Some("a"), Some("b")],
            vec![Some("a"), Some("c")],
            vec![],
        ];
        let n = number(parts.len(), |p, push| {
            parts[p].iter().for_each(|&s| push(s))
        });
        assert_eq!(n.distinct, ["b", "a", "c"]);
        assert_eq!(n.ids, [0, NONE, 1, 0, 1, 2]);
    }
}
