//! The folded bodies of all documents, for full-text search.
//!
//! Folded text ([`crate::text::fold`]) is kept in one buffer. A library read from files
//! builds it while loading; a library read from the cache loads it from the cache's bodies
//! file the first time it is needed, and if that file is gone or damaged, folds the texts
//! again from disk.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::document::{load_text, TextStamp};
use crate::text::fold;

/// Folded bodies, one per document, in library order.
#[derive(Default)]
pub struct Folded {
    buf: Vec<u8>,
    /// `ends[i]` is where body `i` ends in `buf`.
    ends: Vec<usize>,
}

impl Folded {
    /// The folded body of document `i` (empty if out of range).
    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        match self.ends.get(i) {
            Some(&end) => self.buf.get(start..end).unwrap_or_default(),
            None => &[],
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes held.
    pub fn size(&self) -> usize {
        self.buf.len()
    }

    pub fn push(&mut self, body: &[u8]) {
        self.buf.extend_from_slice(body);
        self.ends.push(self.buf.len());
    }

    /// Build from a buffer and the end of each body; `None` unless the ends are sorted and
    /// inside the buffer.
    pub(crate) fn from_parts(buf: Vec<u8>, ends: Vec<usize>) -> Option<Folded> {
        let sorted = ends.windows(2).all(|w| w[0] <= w[1]);
        let inside = ends.last().copied().unwrap_or(0) <= buf.len();
        (sorted && inside).then_some(Folded { buf, ends })
    }
}

/// Where the folded bodies come from when first asked for.
pub(crate) struct Lazy {
    /// Reads the bodies from a cache file.
    pub file: Option<Box<dyn Fn() -> Option<Folded> + Send + Sync>>,
    /// Each document's file and text stamp, to fold from disk if the cache file fails.
    pub sources: Vec<(PathBuf, TextStamp)>,
}

struct Inner {
    cell: OnceLock<Arc<Folded>>,
    lazy: Option<Lazy>,
}

/// The folded bodies of a library, loaded at most once; cheap to clone and share with a
/// search thread.
#[derive(Clone)]
pub struct Bodies(Arc<Inner>);

impl Default for Bodies {
    fn default() -> Self {
        Bodies::ready(Folded::default())
    }
}

impl fmt::Debug for Bodies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bodies")
            .field("loaded", &self.is_loaded())
            .finish()
    }
}

impl Bodies {
    /// Bodies already in memory.
    pub fn ready(folded: Folded) -> Bodies {
        Bodies(Arc::new(Inner {
            cell: OnceLock::from(Arc::new(folded)),
            lazy: None,
        }))
    }

    pub(crate) fn lazy(lazy: Lazy) -> Bodies {
        Bodies(Arc::new(Inner {
            cell: OnceLock::new(),
            lazy: Some(lazy),
        }))
    }

    pub fn is_loaded(&self) -> bool {
        self.0.cell.get().is_some()
    }

    /// The folded bodies, loading them on first use.
    pub fn get(&self) -> Arc<Folded> {
        self.0
            .cell
            .get_or_init(|| Arc::new(self.0.lazy.as_ref().map(load).unwrap_or_default()))
            .clone()
    }
}

fn load(lazy: &Lazy) -> Folded {
    let n = lazy.sources.len();
    if let Some(folded) = lazy.file.as_ref().and_then(|read| read()) {
        if folded.len() == n {
            return folded;
        }
    }
    let bodies: Vec<String> = lazy
        .sources
        .par_iter()
        .map(|(path, stamp)| fold::fold(&load_text(path, *stamp)))
        .collect();
    let mut folded = Folded::default();
    for b in bodies {
        folded.push(b.as_bytes());
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_by_index() {
        let mut f = Folded::default();
        f.push(b"hoc tap");
        f.push(b"");
        f.push(b"lam theo");
        assert_eq!(f.get(0), b"hoc tap");
        assert_eq!(f.get(1), b"");
        assert_eq!(f.get(2), b"lam theo");
        assert_eq!(f.get(3), b"");
    }

    #[test]
    fn bad_parts_are_refused() {
        assert!(Folded::from_parts(b"abc".to_vec(), vec![2, 1]).is_none());
        assert!(Folded::from_parts(b"abc".to_vec(), vec![1, 4]).is_none());
        assert!(Folded::from_parts(b"abc".to_vec(), vec![1, 3]).is_some());
    }
}
