//! The fields of every folded key, each distinct field once, so a query's terms are
//! tested and scored once per distinct field instead of once per document. Reports share
//! dates, sources and programme names (and many titles, when syndicated or generated), so
//! a million keys hold far fewer distinct fields than fields.
//!
//! A field is kept as its place in the heads' folded keys, not copied: where every title
//! is distinct the table costs a few bytes per field, not the text again.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::heads::{Heads, SEP};

/// The distinct fields of the folded keys of some [`Heads`], and each key's fields.
#[derive(Debug, Default)]
pub(super) struct Fields {
    /// Each distinct field: its start and end in the folded keys' buffer.
    spans: Vec<(u32, u32)>,
    /// The fields of key `i`, in its order: `ids[starts[i]..starts[i + 1]]`.
    ids: Vec<u32>,
    starts: Vec<u32>,
}

/// The fields of some keys, numbered among themselves.
struct Part {
    spans: Vec<(u32, u32)>,
    ids: Vec<u32>,
    /// How many fields each key has.
    counts: Vec<u32>,
}

/// Keys taken per parallel task while the fields are found.
const PART: usize = 1 << 15;

impl Fields {
    /// The fields of `heads`; `None` when they are too large to be numbered in 32 bits.
    pub fn of(heads: &Heads) -> Option<Fields> {
        let (buf, ends) = heads.parts().1.parts();
        // A key has at most one field more than separators: numbers of fields and ends
        // stay below the buffer's length plus the number of keys.
        if buf.len() + ends.len() >= u32::MAX as usize {
            return None;
        }
        let key = |i: usize| {
            let start = if i == 0 { 0 } else { ends[i - 1] };
            (start, &buf[start..ends[i]])
        };
        // Each part numbers its own distinct fields, then the parts' numbers are mapped to
        // one numbering, in order of first appearance.
        let parts: Vec<Part> = (0..ends.len())
            .collect::<Vec<_>>()
            .par_chunks(PART)
            .map(|chunk| {
                let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
                let (mut spans, mut ids, mut counts) = (Vec::new(), Vec::new(), Vec::new());
                for &i in chunk {
                    let (start, k) = key(i);
                    let mut at = start;
                    let mut n = 0;
                    for f in k.split(SEP) {
                        let id = *seen.entry(f).or_insert_with(|| {
                            spans.push((at as u32, (at + f.len()) as u32));
                            spans.len() as u32 - 1
                        });
                        ids.push(id);
                        at += f.len() + SEP.len_utf8();
                        n += 1;
                    }
                    counts.push(n);
                }
                Part { spans, ids, counts }
            })
            .collect();
        let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
        let mut fields = Fields {
            starts: Vec::with_capacity(ends.len() + 1),
            ..Fields::default()
        };
        fields.starts.push(0);
        for Part { spans, ids, counts } in parts {
            let to: Vec<u32> = spans
                .iter()
                .map(|&(s, e)| {
                    *seen.entry(&buf[s as usize..e as usize]).or_insert_with(|| {
                        fields.spans.push((s, e));
                        fields.spans.len() as u32 - 1
                    })
                })
                .collect();
            fields.ids.extend(ids.iter().map(|&id| to[id as usize]));
            for n in counts {
                let last = fields.starts[fields.starts.len() - 1];
                fields.starts.push(last + n);
            }
        }
        Some(fields)
    }

    /// How many distinct fields there are.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The fields of key `i`, in its order.
    pub fn of_key(&self, i: usize) -> &[u32] {
        &self.ids[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Field `id`, read from the folded keys of the heads these fields were made of.
    pub fn text<'h>(&self, heads: &'h Heads, id: u32) -> &'h str {
        let (s, e) = self.spans[id as usize];
        &heads.parts().1.parts().0[s as usize..e as usize]
    }

    /// `f` of every field the keys `keys` (all if `None`) have, by field; `T::default()`
    /// for the others. Made in parallel, with one `init()` per task.
    pub fn each<T, S>(
        &self,
        keys: Option<&[usize]>,
        init: impl Fn() -> S + Sync + Send,
        f: impl Fn(&mut S, u32) -> T + Sync + Send,
    ) -> Vec<T>
    where
        T: Default + Send,
    {
        let used: Option<Vec<bool>> = keys.map(|keys| {
            let mut used = vec![false; self.len()];
            for &i in keys {
                for &id in self.of_key(i) {
                    used[id as usize] = true;
                }
            }
            used
        });
        (0..self.len() as u32)
            .into_par_iter()
            .map_init(init, |s, id| match &used {
                Some(u) if !u[id as usize] => T::default(),
                _ => f(s, id),
            })
            .collect()
    }

    /// The length of field `id` in bytes.
    pub fn field_len(&self, id: u32) -> usize {
        let (s, e) = self.spans[id as usize];
        (e - s) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_once_and_keys_in_order() {
        let heads = Heads::of_titles(
            ["Hà Nội", "Huế", "Hà Nội", "", "Huế"]
                .iter()
                .map(|t| (t.to_string(), 0)),
        );
        let f = Fields::of(&heads).unwrap();
        assert_eq!(f.len(), 3);
        let texts: Vec<&str> = (0..5).map(|i| f.text(&heads, f.of_key(i)[0])).collect();
        assert_eq!(texts, ["ha noi", "hue", "ha noi", "", "hue"]);
        assert_eq!(f.of_key(0), f.of_key(2));
        let lens: Vec<usize> = (0..5).map(|i| f.field_len(f.of_key(i)[0])).collect();
        assert_eq!(lens, [6, 3, 6, 0, 3]);
    }

    #[test]
    fn fields_split_at_the_separator_across_parts() {
        let mut heads = Heads::default();
        for i in 0..(PART * 2 + 7) {
            let date = format!("2020-01-{:02}", i % 3 + 1);
            heads.push("Tin", Some(&date), None, &[format!("p{}", i % 2)]);
        }
        let f = Fields::of(&heads).unwrap();
        // "tin", three dates, "" (no source), two programmes
        assert_eq!(f.len(), 1 + 3 + 1 + 2);
        for i in [0, PART - 1, PART, PART * 2 + 6] {
            let texts: Vec<&str> = f.of_key(i).iter().map(|&id| f.text(&heads, id)).collect();
            let key: Vec<&str> = heads.folded(i).split(SEP).collect();
            assert_eq!(texts, key);
        }
        let used = f.each(Some(&[1]), || (), |_, id| id + 1);
        assert_eq!(used.iter().filter(|&&v| v > 0).count(), 4);
    }
}
