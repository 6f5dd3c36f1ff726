//! The fields of every folded key, each distinct field once, so a query's terms are
//! tested and scored once per distinct field instead of once per document. Reports share
//! dates, sources and programme names (and many titles, when syndicated or generated), so
//! a million keys hold far fewer distinct fields than fields.
//!
//! A field is kept as its place in the heads' folded keys, not copied: where every title
//! is distinct the table costs a few bytes per field, not the text again.

use rayon::prelude::*;

use super::heads::{Heads, SEP};
use crate::text::distinct;

/// The distinct fields of the folded keys of some [`Heads`], and each key's fields.
#[derive(Debug, Default)]
pub(super) struct Fields {
    /// Each distinct field: its start and end in the folded keys' buffer.
    spans: Vec<(u32, u32)>,
    /// The fields of key `i`, in its order: `ids[starts[i]..starts[i + 1]]`.
    ids: Vec<u32>,
    starts: Vec<u32>,
}

impl Fields {
    /// The fields of `heads`; `None` when they are too large to be numbered in 32 bits.
    pub fn of(heads: &Heads) -> Option<Fields> {
        let (buf, ends) = heads.parts().1.parts();
        // A key has at most one field more than separators: numbers of fields and ends
        // stay below the buffer's length plus the number of keys.
        if buf.len() + ends.len() >= u32::MAX as usize {
            return None;
        }
        let key = |i: usize| &buf[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let numbered = distinct::number(ends.len(), |i, push| {
            key(i).split(SEP).for_each(|f| push(Some(f)));
        });
        // A field's place in the buffer it is a slice of.
        let spans = numbered.distinct.iter().map(|f| {
            let start = f.as_ptr() as usize - buf.as_ptr() as usize;
            (start as u32, (start + f.len()) as u32)
        });
        let counts: Vec<u32> = (0..ends.len())
            .into_par_iter()
            .map(|i| memchr::memchr_iter(SEP as u8, key(i).as_bytes()).count() as u32 + 1)
            .collect();
        let mut starts = Vec::with_capacity(ends.len() + 1);
        starts.push(0);
        for n in counts {
            starts.push(starts[starts.len() - 1] + n);
        }
        Some(Fields {
            spans: spans.collect(),
            ids: numbered.ids,
            starts,
        })
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

    /// Which fields the keys `keys` have, where knowing pays: for keys fewer than a
    /// quarter of the fields, marking theirs costs less than testing the others. `None`:
    /// test every field.
    pub fn used_by(&self, keys: &[usize]) -> Option<Vec<bool>> {
        if keys.len().saturating_mul(4) >= self.len() {
            return None;
        }
        let mut used = vec![false; self.len()];
        for &i in keys {
            for &id in self.of_key(i) {
                used[id as usize] = true;
            }
        }
        Some(used)
    }

    /// `f` of every field `used` marks (all if `None`), by field; `T::default()` for the
    /// others. Made in parallel, with one `init()` per task.
    pub fn each<T, S>(
        &self,
        used: Option<&[bool]>,
        init: impl Fn() -> S + Sync + Send,
        f: impl Fn(&mut S, u32) -> T + Sync + Send,
    ) -> Vec<T>
    where
        T: Default + Send,
    {
        (0..self.len() as u32)
            .into_par_iter()
            .map_init(init, |s, id| match used {
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
    use crate::text::distinct::PART;

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
        let used = f.used_by(&[1]).unwrap();
        let tested = f.each(Some(&used), || (), |_, id| id + 1);
        assert_eq!(tested.iter().filter(|&&v| v > 0).count(), 4);
        // As many keys as a quarter of the fields: every field is tested.
        assert_eq!(f.used_by(&[1, 2]), None);
    }
}
