//! An index of the tokens of the folded bodies, so a full-text search reads the postings of
//! a few tokens instead of every body.
//!
//! Why this shape. A query term is a substring of the folded text, not a word, so a word
//! index (tantivy's, or any crate's) cannot answer it; but a term never holds whitespace, so
//! every occurrence lies inside one whitespace-separated token. The index keeps the distinct
//! tokens (the vocabulary: ~25,000 at 10,000 documents, in memory) and for each token its
//! postings, (document, occurrences) pairs as varint gaps on disk. A term is answered by
//! finding it in the vocabulary (memmem over the tokens joined by spaces) and reading only
//! the postings of the tokens that hold it: a document's count is the sum over its tokens of
//! occurrences × the token's own count, which is exactly what a scan of the body finds
//! (see `search::indexed`). No crate indexes substrings this way (a suffix array or n-gram
//! index would be several times the text), so the format is written here.
//!
//! The index is made of segments, each a run of documents with its own vocabulary, so it is
//! built a bounded slice of text at a time, and updated by adding a small segment for new
//! or changed documents while the old ones are marked deleted (their place maps to nothing).

mod build;
mod varint;

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::Arc;

pub use build::{tokens, Builder};

/// The bytes that end a token: ASCII whitespace, which a query term never holds.
pub const SEPARATORS: &[u8] = b" \t\n\x0b\x0c\r";

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
        let mut head = [0u8; 32];
        read_at(file, at, &mut head).ok()?;
        let (docs, count, vocab_len, postings) =
            (word(&head, 0), word(&head, 8), word(&head, 16), word(&head, 24));
        let tables = vocab_len.checked_add(count.checked_mul(8)?)?;
        let end = at.checked_add(32)?.checked_add(tables)?.checked_add(postings)?;
        if end > len || docs >= u64::from(NONE) || vocab_len >= u64::from(u32::MAX) {
            return None;
        }
        let mut vocab = vec![0u8; vocab_len as usize];
        read_at(file, at + 32, &mut vocab).ok()?;
        let mut table = vec![0u8; (count * 8) as usize];
        read_at(file, at + 32 + vocab_len, &mut table).ok()?;
        let ends: Vec<u64> = (0..count as usize).map(|i| word(&table, i * 8)).collect();
        let mut starts = Vec::with_capacity(count as usize);
        let mut s = 0;
        for (i, &b) in vocab.iter().enumerate() {
            if b == b' ' {
                starts.push(s as u32);
                s = i + 1;
            }
        }
        let sorted = ends.windows(2).all(|w| w[0] <= w[1]);
        let whole = s == vocab.len() && starts.len() == ends.len();
        if !sorted || !whole || ends.last().copied().unwrap_or(0) != postings {
            return None;
        }
        let seg = Segment {
            vocab,
            starts,
            ends,
            file: file.clone(),
            at: at + 32 + tables,
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

    /// Where token `i`'s postings are, counted from the first token's.
    pub fn span(&self, i: usize) -> Range<u64> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        start..self.ends[i]
    }

    /// Read the postings bytes in `span` into `buf`.
    pub fn read(&self, span: Range<u64>, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.resize((span.end - span.start) as usize, 0);
        read_at(&self.file, self.at + span.start, buf)
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
        self.vocab.capacity() + self.starts.capacity() * 4 + self.ends.capacity() * 8
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
        seen.iter()
            .all(|&s| s)
            .then_some(Terms { segments, docs })
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
