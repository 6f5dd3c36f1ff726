//! The library: every document found under the paths given.

use std::borrow::Borrow;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::bodies::Lazy;
use super::cache::Listing;
use super::discover::{discover, Found};
use super::progress::{self, Step};
use super::{Bodies, Document, Folded};
use crate::extract::Facts;
use crate::search::Heads;
use crate::text::fold;
use crate::text::intern::intern;

/// A file that could not be read as a document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// All documents loaded from the given paths, in path order.
#[derive(Debug, Default)]
pub struct Library {
    pub docs: Vec<Document>,
    pub skipped: Vec<Skipped>,
    /// Folded bodies for full-text search, in the order of `docs`; read them through
    /// [`Library::bodies`], which folds them again if `docs` was changed by hand.
    pub bodies: Bodies,
    /// The search keys of `docs` as loaded, when they came ready-made (from the cache);
    /// read them through [`Library::heads`], which ignores them if the number of `docs`
    /// changed.
    pub heads: Option<Arc<Heads>>,
}

impl Library {
    /// Load every `.txt` file under `paths` (files or folders, recursively), reading files in
    /// parallel. Document texts are not kept in memory: [`Document::text`] reads them again.
    pub fn load(paths: &[PathBuf]) -> Library {
        let found = discover(paths);
        let files: Vec<&Found> = found.files.iter().collect();
        let mut folded = Folded::default();
        let read = read_files(&files, &mut |body| folded.push(body));
        let mut skipped = found.skipped;
        skipped.extend(read.skipped);
        Library {
            docs: read.docs.into_iter().map(|(_, d)| *d).collect(),
            skipped,
            bodies: Bodies::ready(folded),
            heads: None,
        }
    }

    /// A library of documents known by their heads alone, as a cached list gives them
    /// ([`Document::from_head`]): enough to list, search and read them while the full
    /// library loads.
    pub fn from_listing(listing: Listing) -> Library {
        let h = &listing.heads;
        let docs: Vec<Document> = listing
            .paths
            .into_par_iter()
            .enumerate()
            .map(|(i, path)| {
                // Programmes stay with the search keys until the full library comes.
                let head = Facts {
                    title: h.title(i).to_string(),
                    date: h.date(i).map(intern),
                    source: h.source(i).map(str::to_string),
                    ..Facts::default()
                };
                Document::from_head(path, listing.names.get(i), head)
            })
            .collect();
        let bodies = listing.bodies.unwrap_or_else(|| {
            Bodies::lazy(Lazy {
                file: None,
                terms: None,
                make_terms: None,
                sources: docs.iter().map(|d| (d.path.clone(), d.stamp())).collect(),
            })
        });
        let mut lib = Library::with_bodies(docs, listing.skipped, bodies);
        lib.heads = Some(Arc::new(listing.heads));
        lib
    }

    /// The search keys of the documents: ready-made from the cache when the library came
    /// from it (and `docs` was not changed in number since), else made now.
    pub fn heads(&self) -> Arc<Heads> {
        match &self.heads {
            Some(h) if h.len() == self.docs.len() => h.clone(),
            _ => Arc::new(Heads::of_docs(&self.docs.iter().collect::<Vec<_>>())),
        }
    }

    pub(crate) fn set_heads(&mut self, heads: Heads) {
        self.heads = Some(Arc::new(heads));
    }

    /// A library of documents built in memory (their texts are kept).
    pub fn from_docs(docs: Vec<Document>) -> Library {
        let mut folded = Folded::default();
        for d in &docs {
            folded.push(fold::fold(d.text()).as_bytes());
        }
        Library {
            docs,
            skipped: Vec::new(),
            bodies: Bodies::ready(folded),
            heads: None,
        }
    }

    pub(crate) fn with_bodies(docs: Vec<Document>, skipped: Vec<Skipped>, bodies: Bodies) -> Self {
        Library {
            docs,
            skipped,
            bodies,
            heads: None,
        }
    }

    /// The folded bodies, for full-text search (loaded on first use). For a library whose
    /// `docs` were changed by hand, the bodies are folded again from the texts.
    pub fn bodies(&self) -> Bodies {
        let opened = self.bodies.is_opened();
        if opened && self.bodies.in_memory() && self.bodies.len() != self.docs.len() {
            let mut folded = Folded::default();
            for d in &self.docs {
                folded.push(fold::fold(d.text()).as_bytes());
            }
            return Bodies::ready(folded);
        }
        self.bodies.clone()
    }
}

/// Documents read from files, each with its position in the list given.
pub(crate) struct Read {
    /// Boxed, so moving them about while the library is put together copies little.
    pub docs: Vec<(usize, Box<Document>)>,
    pub skipped: Vec<Skipped>,
}

/// Files are read this many at a time, so only one batch of folded bodies is held.
pub(crate) const BATCH: usize = 2048;
/// Threads that wait on the disk: reading many files at once hides its latency even on two
/// cores (the work on the bytes uses the ordinary pool).
const IO_THREADS: usize = 8;

/// The pool of threads for file reads and stats.
pub(crate) fn io_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(IO_THREADS)
            .thread_name(|i| format!("vanban-io-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Run `f` on the I/O pool (or here, if it could not be made).
pub(crate) fn on_io<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match io_pool() {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// Read, decode, clean, extract and fold `files` in parallel, keeping their order; each
/// document's folded body goes to `sink`, in order.
pub(crate) fn read_files(files: &[&Found], sink: &mut dyn FnMut(&[u8])) -> Read {
    progress::start(Step::Reading, files.len());
    let mut read = Read {
        docs: Vec::with_capacity(files.len()),
        skipped: Vec::new(),
    };
    read_each(files, read_one, |i, r| match r {
        Ok((doc, folded)) => {
            sink(folded.as_bytes());
            read.docs.push((i, Box::new(doc)));
        }
        Err(reason) => read.skipped.push(Skipped {
            path: files[i].path.clone(),
            reason,
        }),
    });
    read
}

/// Read `files` and run `work` on each one's bytes, in parallel; `out` gets each result in
/// the order of `files` (a file that cannot be read gets why). The next batch of files is
/// read while one is worked on.
pub(crate) fn read_each<T: Send>(
    files: &[&Found],
    work: impl Fn(&Found, Vec<u8>) -> Result<T, String> + Sync,
    mut out: impl FnMut(usize, Result<T, String>),
) {
    let mut batches = files.chunks(BATCH);
    let mut start = 0;
    read_batches(
        || batches.next().map(<[_]>::to_vec),
        work,
        |batch, done| {
            for (i, r) in done.into_iter().enumerate() {
                out(start + i, r);
            }
            start += batch.len();
            true
        },
    );
}

/// Read the files of each batch `next` gives, in turn, and run `work` on each one's bytes,
/// in parallel; `out` takes each batch back with its results, in order (a file that cannot
/// be read gets why), and stops the reads by returning `false`. The batches are the
/// caller's: each can be let go once done.
pub(crate) fn read_batches<F: Borrow<Found> + Send + Sync, T: Send>(
    next: impl FnMut() -> Option<Vec<F>> + Send,
    work: impl Fn(&Found, Vec<u8>) -> Result<T, String> + Sync,
    mut out: impl FnMut(Vec<F>, Vec<Result<T, String>>) -> bool,
) {
    pipeline(
        next,
        |batch| super::read::read_batch(&batch.iter().map(Borrow::borrow).collect::<Vec<_>>()),
        |batch| batch.iter().map(|_| Err("read failed".into())).collect(),
        |batch, read| {
            batch
                .par_iter()
                .zip(read)
                .map(|(f, r)| r.and_then(|bytes| work(f.borrow(), bytes)))
                .collect()
        },
        |batch, done| {
            progress::advance(done.len());
            out(batch, done)
        },
    );
}

/// Work on batches as they come: `next` gives each in turn (it may wait for one), `load`
/// reads it on the I/O pool, `work` works on it with what was read, and `out` takes it
/// with its results, in order; stops after `out` first returns `false`. A batch whose
/// `load` panicked gets `lost` instead.
///
/// Three batches are under way at once: the next one read, this one worked on, and the
/// one before handed to `out` (on this thread), so neither core waits for `out`.
pub(crate) fn pipeline<X: Send + Sync, B: Send, T: Send>(
    mut next: impl FnMut() -> Option<X> + Send,
    load: impl Fn(&X) -> Vec<B> + Sync,
    lost: impl Fn(&X) -> Vec<B> + Sync,
    work: impl Fn(&X, Vec<B>) -> Vec<T> + Sync,
    mut out: impl FnMut(X, Vec<T>) -> bool,
) {
    let fetch = |next: &mut dyn FnMut() -> Option<X>| -> Option<(X, Vec<B>)> {
        let x = next()?;
        let read = std::panic::catch_unwind(AssertUnwindSafe(|| on_io(|| load(&x))));
        let read = read.unwrap_or_else(|_| lost(&x));
        Some((x, read))
    };
    let mut loaded = fetch(&mut next);
    // The batch before this one and its results, not yet given to `out`.
    let mut ready: Option<(X, Vec<T>)> = None;
    while let Some((x, read)) = loaded.take() {
        let before = ready.take();
        // Plain threads wait for the next batch's reads and for this batch's work, so
        // both workers of the main pool stay on this batch.
        let (after, done, go_on) = std::thread::scope(|scope| {
            let after = scope.spawn(|| fetch(&mut next));
            let done = scope.spawn(|| work(&x, read));
            let go_on = before.is_none_or(|(x, done)| out(x, done));
            let done = done.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            let after = after
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (after, done, go_on)
        });
        if !go_on {
            return;
        }
        loaded = after;
        ready = Some((x, done));
    }
    if let Some((x, done)) = ready {
        out(x, done);
    }
}

fn read_one(f: &Found, bytes: Vec<u8>) -> Result<(Document, String), String> {
    let mut doc = Document::from_file(&f.path, &f.name, &bytes)?;
    let folded = doc
        .unload_text()
        .map(|t| fold::fold(&t))
        .unwrap_or_default();
    Ok((doc, folded))
}
