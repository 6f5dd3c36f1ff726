//! The folded bodies of all documents, for full-text search.
//!
//! Folded text ([`crate::text::fold`]) is searched, never shown. A library read without a
//! cache keeps it in memory; a library read through the cache leaves it in the cache's
//! bodies file and streams it through a buffer at each search, so a large library's memory
//! holds only its facts. If that file is gone or damaged, the texts are folded again from
//! disk, once, into memory.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::document::{load_text, TextStamp};
use super::terms::Terms;
use crate::text::fold;

/// Folded bodies held in memory, one per document, in library order.
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
}

/// Bodies stored end to end in a file: where each ends, and a way to read bytes.
pub(crate) trait Stored: Send + Sync {
    /// `ends[i]` is where body `i` ends, counted from the first body's start.
    fn ends(&self) -> &[u64];
    /// Fill `buf` from byte `at` (counted like `ends`).
    fn read_at(&self, at: u64, buf: &mut [u8]) -> io::Result<()>;
}

enum Store {
    Memory(Folded),
    File(Box<dyn Stored>),
}

/// Opens (and checks) a bodies file.
pub(crate) type Opener = Box<dyn Fn() -> Option<Box<dyn Stored>> + Send + Sync>;

/// Opens (and checks) the token index of a bodies file.
pub(crate) type TermsOpener = Box<dyn Fn() -> Option<Terms> + Send + Sync>;

/// Makes the token index of a bodies file (true if it was made).
pub(crate) type TermsMaker = Box<dyn FnOnce() -> bool + Send + Sync>;

/// Where the bodies come from when first asked for.
pub(crate) struct Lazy {
    pub file: Option<Opener>,
    /// The token index that goes with the file.
    pub terms: Option<TermsOpener>,
    /// Makes the token index when it is still to be made ([`Bodies::make_terms`]):
    /// searches scan until then.
    pub make_terms: Option<TermsMaker>,
    /// Each document's file and text stamp, to fold from disk if the cache file fails.
    pub sources: Vec<(Arc<Path>, Option<TextStamp>)>,
}

struct Inner {
    store: OnceLock<Store>,
    lazy: Option<Lazy>,
    /// A file read failed during a search: fold from disk from then on.
    failed: OnceLock<Folded>,
    /// The token index, if there is a good one for these bodies.
    terms: OnceLock<Option<Terms>>,
    /// Searches leave the index aside (to compare it with the scan).
    no_terms: AtomicBool,
    /// The token index still to be made, and whether it is (until made or given up).
    make_terms: Mutex<Option<TermsMaker>>,
    terms_pending: AtomicBool,
}

/// The folded bodies of a library, opened at most once; cheap to clone and share with a
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
            .field("opened", &self.is_opened())
            .finish()
    }
}

/// Bytes read from a bodies file per block of a search.
const BLOCK: u64 = 4 << 20;
/// Bodies in memory searched per parallel task.
const TASK: usize = 512;

impl Bodies {
    /// Bodies already in memory.
    pub fn ready(folded: Folded) -> Bodies {
        Bodies(Arc::new(Inner {
            store: OnceLock::from(Store::Memory(folded)),
            lazy: None,
            failed: OnceLock::new(),
            terms: OnceLock::new(),
            no_terms: AtomicBool::new(false),
            make_terms: Mutex::new(None),
            terms_pending: AtomicBool::new(false),
        }))
    }

    pub(crate) fn lazy(mut lazy: Lazy) -> Bodies {
        let make = lazy.make_terms.take();
        Bodies(Arc::new(Inner {
            store: OnceLock::new(),
            terms_pending: AtomicBool::new(make.is_some()),
            make_terms: Mutex::new(make),
            lazy: Some(lazy),
            failed: OnceLock::new(),
            terms: OnceLock::new(),
            no_terms: AtomicBool::new(false),
        }))
    }

    /// True while the token index is left to be made ([`Bodies::make_terms`]).
    pub fn terms_pending(&self) -> bool {
        self.0.terms_pending.load(Ordering::Acquire)
    }

    /// Make the token index, if it was left to be made after the load (a reader does so on
    /// a thread of its own once the library is in); true if it was made now. Until then,
    /// searches scan.
    pub fn make_terms(&self) -> bool {
        let make = self.0.make_terms.lock().ok().and_then(|mut m| m.take());
        let made = make.is_some_and(|make| make());
        self.0.terms_pending.store(false, Ordering::Release);
        made
    }

    /// The token index of the bodies, opened (and checked) on first use; `None` when there
    /// is none or it is damaged: then searches scan the bodies.
    pub fn terms(&self) -> Option<&Terms> {
        if self.0.no_terms.load(Ordering::Relaxed) {
            return None;
        }
        if self.0.terms_pending.load(Ordering::Acquire) {
            return None;
        }
        self.0
            .terms
            .get_or_init(|| {
                let open = self.0.lazy.as_ref()?.terms.as_ref()?;
                open().filter(|t| t.docs() == self.0.lazy.as_ref().map_or(0, |l| l.sources.len()))
            })
            .as_ref()
    }

    /// Whether searches use the token index (they do unless told not to; to compare them
    /// with the scan).
    pub fn use_terms(&self, on: bool) {
        self.0.no_terms.store(!on, Ordering::Relaxed);
    }

    /// True once the bodies are in memory or their file is open and checked.
    pub fn is_opened(&self) -> bool {
        self.0.store.get().is_some()
    }

    /// True when a search would fold every document's file from disk first (no cache file
    /// holds the bodies, and they are not in memory yet).
    pub fn from_files(&self) -> bool {
        self.0.store.get().is_none() && self.0.lazy.as_ref().is_some_and(|l| l.file.is_none())
    }

    /// True when the bodies are held in memory (not streamed from the cache).
    pub fn in_memory(&self) -> bool {
        matches!(self.store(), Store::Memory(_)) || self.0.failed.get().is_some()
    }

    /// Open the bodies now (check the cache file, or fold from disk) rather than at the
    /// first search.
    pub fn open(&self) {
        self.store();
    }

    /// Number of bodies.
    pub fn len(&self) -> usize {
        match self.store() {
            Store::Memory(f) => f.len(),
            Store::File(s) => s.ends().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Total bytes of folded text.
    pub fn size(&self) -> u64 {
        match self.store() {
            Store::Memory(f) => f.size() as u64,
            Store::File(s) => s.ends().last().copied().unwrap_or(0),
        }
    }

    fn store(&self) -> &Store {
        self.0.store.get_or_init(|| {
            let Some(lazy) = &self.0.lazy else {
                return Store::Memory(Folded::default());
            };
            match lazy.file.as_ref().and_then(|open| open()) {
                Some(s) if s.ends().len() == lazy.sources.len() => Store::File(s),
                _ => Store::Memory(fold_from_disk(&lazy.sources)),
            }
        })
    }

    /// `f(i, body)` for each document `i` of `ids` (ascending), in parallel; the results in
    /// the order of `ids`, skipping `None`. Returns `None` as soon as `stop()` is true.
    pub fn scan<T: Send>(
        &self,
        ids: &[usize],
        stop: &(dyn Fn() -> bool + Sync),
        f: impl Fn(usize, &[u8]) -> Option<T> + Sync,
    ) -> Option<Vec<T>> {
        if let Some(folded) = self.0.failed.get() {
            return scan_memory(folded, ids, stop, &f);
        }
        match self.store() {
            Store::Memory(folded) => scan_memory(folded, ids, stop, &f),
            Store::File(s) => match scan_file(s.as_ref(), ids, stop, &f) {
                Ok(r) => r,
                Err(_) => {
                    let lazy = self.0.lazy.as_ref()?;
                    let folded = self.0.failed.get_or_init(|| fold_from_disk(&lazy.sources));
                    scan_memory(folded, ids, stop, &f)
                }
            },
        }
    }
}

fn fold_from_disk(sources: &[(Arc<Path>, Option<TextStamp>)]) -> Folded {
    let bodies: Vec<String> = sources
        .par_iter()
        .map(|(path, stamp)| fold::fold(&load_text(path, *stamp)))
        .collect();
    let mut folded = Folded::default();
    for b in bodies {
        folded.push(b.as_bytes());
    }
    folded
}

fn scan_memory<T: Send>(
    folded: &Folded,
    ids: &[usize],
    stop: &(dyn Fn() -> bool + Sync),
    f: &(impl Fn(usize, &[u8]) -> Option<T> + Sync),
) -> Option<Vec<T>> {
    let parts: Vec<Option<Vec<T>>> = ids
        .par_chunks(TASK)
        .map(|chunk| {
            if stop() {
                return None;
            }
            Some(chunk.iter().filter_map(|&i| f(i, folded.get(i))).collect())
        })
        .collect();
    let mut out = Vec::new();
    for p in parts {
        out.extend(p?);
    }
    Some(out)
}

/// Read the bodies of `ids` block by block and search each block in parallel, reading the
/// next block meanwhile.
fn scan_file<T: Send>(
    stored: &dyn Stored,
    ids: &[usize],
    stop: &(dyn Fn() -> bool + Sync),
    f: &(impl Fn(usize, &[u8]) -> Option<T> + Sync),
) -> io::Result<Option<Vec<T>>> {
    let ends = stored.ends();
    let span = |i: usize| {
        let start = if i == 0 { 0 } else { ends[i - 1] };
        (start, ends[i])
    };
    let ids: Vec<usize> = ids.iter().copied().filter(|&i| i < ends.len()).collect();
    // Blocks: runs of ids whose bytes fit in BLOCK (at least one id each), and where their
    // bytes start and end.
    let mut blocks: Vec<(Range<usize>, u64, u64)> = Vec::new();
    let mut k = 0;
    while k < ids.len() {
        let (first, _) = span(ids[k]);
        let mut j = k + 1;
        while j < ids.len() && span(ids[j]).1 - first <= BLOCK {
            j += 1;
        }
        blocks.push((k..j, first, span(ids[j - 1]).1));
        k = j;
    }
    let read = |b: usize, buf: &mut Vec<u8>| -> io::Result<()> {
        let (_, first, last) = &blocks[b];
        buf.resize((last - first) as usize, 0);
        stored.read_at(*first, buf)
    };
    let mut out = Vec::new();
    let (mut cur, mut next) = (Vec::new(), Vec::new());
    if !blocks.is_empty() {
        read(0, &mut cur)?;
    }
    for b in 0..blocks.len() {
        if stop() {
            return Ok(None);
        }
        let (range, first, _) = &blocks[b];
        let buf = &cur;
        let (was_read, found) = rayon::join(
            || match b + 1 < blocks.len() {
                true => read(b + 1, &mut next),
                false => Ok(()),
            },
            || {
                ids[range.clone()]
                    .par_iter()
                    .with_min_len(64)
                    .filter_map(|&i| {
                        let (s, e) = span(i);
                        f(i, &buf[(s - first) as usize..(e - first) as usize])
                    })
                    .collect::<Vec<T>>()
            },
        );
        was_read?;
        out.extend(found);
        std::mem::swap(&mut cur, &mut next);
    }
    Ok(Some(out))
}

/// A file of bodies read with positioned reads.
pub(crate) struct FileStore {
    pub file: Mutex<std::fs::File>,
    /// Where the first body starts in the file.
    pub data_start: u64,
    pub ends: Vec<u64>,
}

impl Stored for FileStore {
    fn ends(&self) -> &[u64] {
        &self.ends
    }

    fn read_at(&self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = self
            .file
            .lock()
            .map_err(|_| io::Error::other("bodies file lock poisoned"))?;
        file.seek(SeekFrom::Start(self.data_start + at))?;
        file.read_exact(buf)
    }
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

    struct InFile(Vec<u8>, Vec<u64>);

    impl Stored for InFile {
        fn ends(&self) -> &[u64] {
            &self.1
        }
        fn read_at(&self, at: u64, buf: &mut [u8]) -> io::Result<()> {
            let at = at as usize;
            buf.copy_from_slice(&self.0[at..at + buf.len()]);
            Ok(())
        }
    }

    #[test]
    fn file_scan_equals_memory_scan() {
        let texts: Vec<String> = (0..3000)
            .map(|i| format!("doc {i} hoc tap {}", "x".repeat(i % 5000)))
            .collect();
        let mut folded = Folded::default();
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        for t in &texts {
            folded.push(t.as_bytes());
            bytes.extend_from_slice(t.as_bytes());
            ends.push(bytes.len() as u64);
        }
        let in_file = InFile(bytes, ends);
        let never = || false;
        let ids: Vec<usize> = (0..texts.len()).filter(|i| i % 7 != 3).collect();
        let f = |i: usize, b: &[u8]| (!b.len().is_multiple_of(3)).then_some((i, b.len()));
        let a = scan_memory(&folded, &ids, &never, &f).unwrap();
        let b = scan_file(&in_file, &ids, &never, &f).unwrap().unwrap();
        assert_eq!(a, b);
        assert!(scan_file(&in_file, &ids, &|| true, &f).unwrap().is_none());
    }
}
