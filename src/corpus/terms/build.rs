//! Building one segment: the distinct tokens of some bodies and, for each, the documents
//! that hold it and how often.

use std::io::{self, Write};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::varint;
use super::{LETTERS, SEPARATORS};

/// A body's distinct tokens and how often each occurs.
type Tokens<'a> = Vec<(&'a [u8], u32)>;

/// The distinct tokens of a folded body, sorted, each with how often it occurs. Tokens are
/// the runs of bytes between ASCII whitespace.
pub fn tokens(body: &[u8]) -> Tokens<'_> {
    let mut all: Vec<&[u8]> = body
        .split(|b| SEPARATORS.contains(b))
        .filter(|t| !t.is_empty())
        .collect();
    all.sort_unstable();
    let mut out: Tokens<'_> = Vec::with_capacity(all.len());
    for t in all {
        match out.last_mut() {
            Some((last, n)) if *last == t => *n += 1,
            _ => out.push((t, 1)),
        }
    }
    out
}

/// A segment being built from bodies given in order; document `k` is the `k`-th pushed.
#[derive(Default)]
pub struct Builder {
    ids: FxHashMap<Box<[u8]>, u32>,
    /// Per token: its postings, (gap, count) pairs as varints, the gap counted from the
    /// document after the previous one.
    lists: Vec<Vec<u8>>,
    /// Per token: the document after the last one in its postings.
    next: Vec<u32>,
    /// Per ASCII byte: postings of the documents holding it and how often, as for tokens
    /// (a one-letter term would otherwise read the postings of most tokens).
    letters: Vec<Vec<u8>>,
    letter_next: Vec<u32>,
    docs: u32,
    /// Bytes of text pushed.
    pub text: u64,
}

impl Builder {
    pub fn docs(&self) -> usize {
        self.docs as usize
    }

    /// Add these bodies (tokenized in parallel) as the next documents.
    pub fn push(&mut self, bodies: &[&[u8]]) {
        if self.letters.is_empty() {
            self.letters = vec![Vec::new(); LETTERS];
            self.letter_next = vec![0; LETTERS];
        }
        let tokenized: Vec<(Tokens<'_>, [u32; LETTERS])> = bodies
            .par_iter()
            .map(|b| {
                let mut counts = [0u32; LETTERS];
                for &c in b.iter() {
                    if let Some(n) = counts.get_mut(c as usize) {
                        *n += 1;
                    }
                }
                (tokens(b), counts)
            })
            .collect();
        for (body, (toks, counts)) in bodies.iter().zip(tokenized) {
            let doc = self.docs;
            for (c, &n) in counts.iter().enumerate() {
                if n > 0 {
                    varint::put(&mut self.letters[c], doc - self.letter_next[c]);
                    varint::put(&mut self.letters[c], n);
                    self.letter_next[c] = doc + 1;
                }
            }
            for (t, n) in toks {
                let id = match self.ids.get(t) {
                    Some(&id) => id as usize,
                    None => {
                        self.ids.insert(t.into(), self.lists.len() as u32);
                        self.lists.push(Vec::new());
                        self.next.push(0);
                        self.lists.len() - 1
                    }
                };
                varint::put(&mut self.lists[id], doc - self.next[id]);
                varint::put(&mut self.lists[id], n);
                self.next[id] = doc + 1;
            }
            self.docs += 1;
            self.text += body.len() as u64;
        }
    }

    /// Write the segment: a header (documents, tokens, vocabulary bytes, postings bytes,
    /// letter postings bytes, little-endian u64), the tokens sorted, each followed by a
    /// space, where each token's postings end (u64), the postings, where each ASCII byte's
    /// postings end (u64, 128 of them), then those postings.
    pub fn write(self, out: &mut impl Write) -> io::Result<()> {
        let mut tokens: Vec<(Box<[u8]>, u32)> = self.ids.into_iter().collect();
        tokens.par_sort_unstable();
        let vocab_len: usize = tokens.iter().map(|(t, _)| t.len() + 1).sum();
        let mut ends = Vec::with_capacity(tokens.len() * 8);
        let mut end = 0u64;
        for (_, id) in &tokens {
            end += self.lists[*id as usize].len() as u64;
            ends.extend_from_slice(&end.to_le_bytes());
        }
        let mut letter_ends = Vec::with_capacity(LETTERS * 8);
        let mut letters_end = 0u64;
        for c in 0..LETTERS {
            letters_end += self.letters.get(c).map_or(0, Vec::len) as u64;
            letter_ends.extend_from_slice(&letters_end.to_le_bytes());
        }
        let head = [
            self.docs as u64,
            tokens.len() as u64,
            vocab_len as u64,
            end,
            letters_end,
        ];
        for n in head {
            out.write_all(&n.to_le_bytes())?;
        }
        let mut vocab = Vec::with_capacity(vocab_len);
        for (t, _) in &tokens {
            vocab.extend_from_slice(t);
            vocab.push(b' ');
        }
        out.write_all(&vocab)?;
        out.write_all(&ends)?;
        for (_, id) in &tokens {
            out.write_all(&self.lists[*id as usize])?;
        }
        out.write_all(&letter_ends)?;
        for l in &self.letters {
            out.write_all(l)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_on_ascii_whitespace() {
        let t = tokens(b"hoc tap\t hoc\n\n05-ct/tw hoc\xc2\xa0x");
        assert_eq!(
            t,
            vec![
                (&b"05-ct/tw"[..], 1),
                (&b"hoc"[..], 2),
                (&b"hoc\xc2\xa0x"[..], 1),
                (&b"tap"[..], 1),
            ]
        );
        assert!(tokens(b"  \n").is_empty());
    }
}
