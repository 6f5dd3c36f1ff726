//! An index of the tokens of the folded bodies, so a full-text search reads the postings of
//! a few tokens instead of every body.
//!
//! Why this shape. A query term is a substring of the folded text, not a word, so a word
//! index (tantivy's, or any crate's) cannot give the scan's answer; but a term never holds
//! whitespace, so every occurrence lies inside one whitespace-separated token. The index
//! keeps each segment's distinct tokens in memory (9.7 MB for 1,000,000 documents) and, on
//! disk, each token's postings: (document, occurrences) pairs as varint gaps (416 MB beside
//! 1.7 GB of folded bodies). A term is found in the vocabulary (memmem over the tokens joined
//! by spaces) and only the postings of the tokens that hold it are read: a document's count
//! is the sum over its tokens of occurrences × the count of the terms in the token, exactly
//! what a scan of the body finds (`search::indexed`). One-letter terms (every first keystroke
//! of a term) would read most tokens' postings, so each ASCII byte has postings of its own:
//! that took such a keystroke from ~41 to ~5 ms at 100,000 documents. Measured at 1,000,000
//! (BENCHMARKS.md): per keystroke p95 ~120–170 ms against the scan's ~1–1.8 s. No crate
//! indexes substrings this way (a suffix array or n-gram index would be several times the
//! text), so the format is written here.
//!
//! The index is made of segments, each a run of documents with its own vocabulary, so it is
//! built a bounded slice of text at a time (peak RSS 228 MB at 1,000,000), and updated by
//! adding a small segment for new or changed documents while the old places are marked
//! deleted (they map to no document).

mod build;
mod varint;

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::Arc;

pub use build::{tokens, Builder};

/// The bytes that end a token: ASCII whitespace, which a query term never holds.
pub const SEPARATORS: &[u8] = b" \t\n\x0b\x0c\r";

/// Bytes with postings of their own (ASCII), for one-letter terms.
pub const LETTERS: usize = 128;

/// A document place that maps to no document (deleted or replaced).
pub const NONE: u32 = u32::MAX;

/// One segment of the index: its vocabulary in memory, its postings on disk.
pub struct Segment {
    /// The tokens, sorted, each followed by a space.
    vocab: Vec<u8>,
    /// Where each token starts in `vocab`.
    starts: Vec<u32>,
    /// Where each token's postings end, counted from `at`.
    ends: Vec<u64>,
    file: Arc<File>,
    /// Where the postings start in `file`.
    at: u64,
    /// Where each ASCII byte's postings end, counted from `letters_at`.
    letter_ends: Vec<u64>,
    letters_at: u64,
    /// The library document of each of the segment's documents, or [`NONE`].
    map: Vec<u32>,
}

fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

impl Segment {
    /// Read the segment written at `at` in `file` (of `len` bytes) by [`Builder::write`];
    /// returns it (mapping nothing yet) and where it ends. `None` if it does not hold
    /// together.
    pub fn load(file: &Arc<File>, at: u64, len: u64) -> Option<(Segment, u64)> {
        const HEAD: u64 = 40;
        let mut head = [0u8; HEAD as usize];
        read_at(file, at, &mut head).ok()?;
        let (docs, count, vocab_len) = (word(&head, 0), word(&head, 8), word(&head, 16));
        let (postings, letters) = (word(&head, 24), word(&head, 32));
        let tables = vocab_len.checked_add(count.checked_mul(8)?)?;
        let postings_at = at.checked_add(HEAD)?.checked_add(tables)?;
        let letters_at = postings_at
            .checked_add(postings)?
            .checked_add(LETTERS as u64 * 8)?;
        let end = letters_at.checked_add(letters)?;
        if end > len || docs >= u64::from(NONE) || vocab_len >= u64::from(u32::MAX) {
            return None;
        }
        let mut vocab = vec![0u8; vocab_len as usize];
        read_at(file, at + HEAD, &mut vocab).ok()?;
        let ends = read_u64s(file, at + HEAD + vocab_len, count as usize)?;
        let letter_ends = read_u64s(file, letters_at - LETTERS as u64 * 8, LETTERS)?;
        let mut starts = Vec::with_capacity(count as usize);
        let mut s = 0;
        for (i, &b) in vocab.iter().enumerate() {
            if b == b' ' {
                starts.push(s as u32);
                s = i + 1;
            }
        }
        let sorted = |e: &[u64], total: u64| {
            e.windows(2).all(|w| w[0] <= w[1]) && e.last().copied().unwrap_or(0) == total
        };
        let whole = s == vocab.len() && starts.len() == ends.len();
        if !whole || !sorted(&ends, postings) || !sorted(&letter_ends, letters) {
            return None;
        }
        let seg = Segment {
            vocab,
            starts,
            ends,
            file: file.clone(),
            at: postings_at,
            letter_ends,
            letters_at,
            map: vec![NONE; docs as usize],
        };
        Some((seg, end))
    }

    /// Number of documents the segment was built with.
    pub fn docs(&self) -> usize {
        self.map.len()
    }

    /// The library document of each of the segment's documents (or [`NONE`]).
    pub fn map(&self) -> &[u32] {
        &self.map
    }

    pub fn set_map(&mut self, map: Vec<u32>) {
        debug_assert_eq!(map.len(), self.map.len());
        self.map = map;
    }

    /// The tokens joined by spaces (with one after the last).
    pub fn vocab(&self) -> &[u8] {
        &self.vocab
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The token that byte `pos` of [`Segment::vocab`] belongs to.
    pub fn token_at(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s as usize <= pos) - 1
    }

    /// Where token `i` is in [`Segment::vocab`] (without its space).
    pub fn place(&self, i: usize) -> Range<usize> {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.vocab.len(), |&s| s as usize);
        start..end - 1
    }

    /// Token `i`'s bytes.
    pub fn token(&self, i: usize) -> &[u8] {
        &self.vocab[self.place(i)]
    }

    /// Where token `i`'s postings are in the file.
    pub fn span(&self, i: usize) -> Range<u64> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.at + start..self.at + self.ends[i]
    }

    /// Where the postings of ASCII byte `c` (documents holding it, how often) are in the
    /// file.
    pub fn letter_span(&self, c: u8) -> Range<u64> {
        let c = c as usize;
        let start = if c == 0 { 0 } else { self.letter_ends[c - 1] };
        self.letters_at + start..self.letters_at + self.letter_ends[c]
    }

    /// Read the bytes of the file in `span` into `buf`.
    pub fn read(&self, span: Range<u64>, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.resize((span.end - span.start) as usize, 0);
        read_at(&self.file, span.start, buf)
    }

    /// Call `f(document, occurrences)` for each posting in `bytes` (one token's postings)
    /// whose document is in the library; an error if they do not decode.
    #[inline]
    pub fn each(&self, bytes: &[u8], mut f: impl FnMut(usize, u32)) -> io::Result<()> {
        let bad = || io::Error::new(io::ErrorKind::InvalidData, "bad postings");
        let mut at = 0;
        let mut next: u32 = 0;
        while at < bytes.len() {
            let gap = varint::get(bytes, &mut at).ok_or_else(bad)?;
            let n = varint::get(bytes, &mut at).ok_or_else(bad)?;
            let local = next.checked_add(gap).ok_or_else(bad)?;
            let doc = *self.map.get(local as usize).ok_or_else(bad)?;
            if doc != NONE {
                f(doc as usize, n);
            }
            next = local + 1;
        }
        Ok(())
    }

    /// Bytes held in memory.
    pub fn memory(&self) -> usize {
        self.vocab.capacity()
            + self.starts.capacity() * 4
            + (self.ends.capacity() + self.letter_ends.capacity()) * 8
            + self.map.capacity() * 4
    }
}

/// The index of a library's bodies: its segments, which together map every document once.
pub struct Terms {
    segments: Vec<Segment>,
    docs: usize,
}

impl Terms {
    /// The index made of `segments`, for a library of `docs` documents; `None` unless the
    /// segments map each document exactly once.
    pub fn new(segments: Vec<Segment>, docs: usize) -> Option<Terms> {
        let mut seen = vec![false; docs];
        for seg in &segments {
            for &d in seg.map() {
                if d != NONE {
                    let slot = seen.get_mut(d as usize)?;
                    if *slot {
                        return None;
                    }
                    *slot = true;
                }
            }
        }
        seen.iter().all(|&s| s).then_some(Terms { segments, docs })
    }

    /// Number of library documents.
    pub fn docs(&self) -> usize {
        self.docs
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Bytes held in memory.
    pub fn memory(&self) -> usize {
        self.segments.iter().map(Segment::memory).sum()
    }
}

fn read_u64s(file: &File, at: u64, n: usize) -> Option<Vec<u64>> {
    let mut bytes = vec![0u8; n.checked_mul(8)?];
    read_at(file, at, &mut bytes).ok()?;
    Some((0..n).map(|i| word(&bytes, i * 8)).collect())
}

/// Fill `buf` from byte `at` of `file`.
pub fn read_at(file: &File, at: u64, buf: &mut [u8]) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buf, at)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = file.try_clone()?;
        f.seek(SeekFrom::Start(at))?;
        f.read_exact(buf)
    }
}
