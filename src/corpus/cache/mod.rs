//! The cache of an extracted library, so a second start reads no document.
//!
//! Two files per set of paths, in the cache folder (`$XDG_CACHE_HOME/vanban` on Linux):
//! `lib-KEY.idx` holds every file's path, size, mtime and facts (postcard), and
//! `lib-KEY.bodies` the folded bodies for full-text search, streamed at each search.
//! A changed file is read again, a deleted one dropped. Each file starts with a magic, a
//! format version and hashes of its content (the index also names the build of vanban
//! that wrote it); anything that does not match makes the cache rebuilt, never a crash.
//! Files are written to a temporary name and renamed into place.

mod bodies_file;
mod index_file;
mod listing;
mod stream;

pub use listing::{cached_listing, list, load_heads, load_with_bodies, read_listing, Listing};
pub use stream::{stream, Stream, Streamed};

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::bodies::{self, Lazy, Opener, Stored};
use super::discover::{discover, Discovery, FileStamp, Found};
use super::document::{hash64, load_text};
use super::library::read_files;
use super::{Bodies, Document, Folded, Library, Skipped};
use crate::search::Heads;
use crate::text::fold;
use bodies_file::Source;
use index_file::{FileList, Kind, Parts};

/// Bump when the layout of the cache files or of [`Document`] changes.
pub const FORMAT_VERSION: u32 = 5;

/// The cache folder of this user (`None` if there is no home to put it in).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "vanban").map(|d| d.cache_dir().to_path_buf())
}

/// What a cached load did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files (documents or skipped) taken from the cache.
    pub reused: usize,
    /// Files read from disk because they were new or changed.
    pub read: usize,
    /// Cached files that are gone.
    pub dropped: usize,
    /// Why an existing cache was not used (damaged, older format …).
    pub invalid: Option<String>,
    /// True when the cache files were (re)written.
    pub written: bool,
    /// Why writing the cache failed.
    pub write_error: Option<String>,
}

/// One file of the library: a document, or why it was skipped.
struct Entry {
    path: PathBuf,
    stamp: FileStamp,
    /// Boxed: the entries of a large library are moved about twice before it is made.
    doc: Result<Box<Document>, String>,
}

/// What an index file held for each file, for a load to reuse.
#[derive(Default)]
struct Old {
    files: FileList,
    /// Per file: the document or why it was skipped; `None` for a head-only entry.
    entries: Vec<Option<Result<Box<Document>, String>>>,
    /// The heads of the documents (and head-only entries), in order.
    heads: Heads,
    bodies_id: Option<u64>,
}

impl Old {
    fn of(index: Option<index_file::Index>) -> Old {
        match index {
            Some(index) => {
                let mut reasons =
                    (0..index.files.reasons.len()).map(|i| index.files.reasons.get(i).to_string());
                let entries = index
                    .files
                    .kinds
                    .iter()
                    .zip(index.docs)
                    .map(|(kind, doc)| match kind {
                        Kind::Doc => doc.map(|d| Ok(Box::new(d))),
                        Kind::HeadOnly => None,
                        Kind::Skipped => Some(Err(reasons.next().unwrap_or_default())),
                    })
                    .collect();
                Old {
                    files: index.files,
                    entries,
                    heads: index.heads,
                    bodies_id: Some(index.bodies_id),
                }
            }
            None => Old::default(),
        }
    }
}

/// Where the folded bodies of freshly read files go.
enum Sink {
    /// Straight into a new bodies file (every file is read: a cold start).
    File(bodies_file::Writer),
    Memory(Folded),
    /// Writing failed: bodies are folded again from disk when first needed.
    Lost(io::Error),
}

impl Sink {
    fn push(&mut self, body: &[u8]) {
        let failed = match self {
            Sink::File(w) => w.push(body).err(),
            Sink::Memory(f) => {
                f.push(body);
                None
            }
            Sink::Lost(_) => None,
        };
        if let Some(e) = failed {
            *self = Sink::Lost(e);
        }
    }
}

/// Load the library under `paths`, reusing the cache in `dir` and updating it.
pub fn load(paths: &[PathBuf], dir: &Path) -> (Library, Report) {
    load_found(discover(paths), paths, dir, None)
}

/// As [`load`], given the search keys of the cached documents (the heads a preview was
/// made of): the library takes them if the cache was up to date, and its own are not read.
pub fn load_with(paths: &[PathBuf], dir: &Path, known: Arc<Heads>) -> (Library, Report) {
    load_found(discover(paths), paths, dir, Some(known))
}

fn load_found(
    found: Discovery,
    paths: &[PathBuf],
    dir: &Path,
    known: Option<Arc<Heads>>,
) -> (Library, Report) {
    let mut report = Report::default();
    let (idx_path, bodies_path) = files_for(paths, dir);
    let parts = Parts {
        heads: known.is_none(),
        docs: true,
    };
    let mut index = match index_file::read(&idx_path, parts) {
        Ok(index) => Some(index),
        Err(why) => {
            if idx_path.exists() {
                report.invalid = Some(why);
            }
            None
        }
    };
    // Nothing changed (the usual start): the cached documents are the library as they are.
    let reusable = |i: &mut index_file::Index| {
        let n = i.docs.iter().flatten().count();
        up_to_date(&found, i) && bodies_file::open(&bodies_path, i.bodies_id, n, false).is_some()
    };
    if let Some(index) = index.take_if(reusable) {
        report.reused = found.files.len();
        return (unchanged_library(found, index, bodies_path, known), report);
    }
    let old = Old::of(index);
    let old_bodies_id = old.bodies_id;
    let (plan, still_there) = plan(&found.files, &old.files, |i| old.entries[i].is_some());
    // Where each old document's body is in the old bodies file; `n` old documents.
    let old_body = old.files.rank_of(|k| k == Kind::Doc);
    let n = old.files.kinds.iter().filter(|&&k| k == Kind::Doc).count();
    let old_heads = old.heads;
    let mut old = old.entries;
    let to_read = unplanned(&found.files, &plan);
    report.read = to_read.len();
    let cold = to_read.len() == found.files.len();
    let mut sink = match cold {
        true => {
            match fs::create_dir_all(dir).and_then(|_| bodies_file::Writer::create(&bodies_path)) {
                Ok(w) => Sink::File(w),
                Err(e) => Sink::Lost(e),
            }
        }
        false => Sink::Memory(Folded::default()),
    };
    let fresh = read_files(&to_read, &mut |body| sink.push(body));

    // Merge reused and fresh results in discovery order.
    let mut fresh_docs = fresh.docs.into_iter().peekable();
    let mut fresh_skips = fresh.skipped.into_iter();
    let mut entries: Vec<Entry> = Vec::with_capacity(found.files.len());
    let mut body_from: Vec<Source> = Vec::new();
    let mut read_pos = 0;
    let mut fresh_body = 0;
    for (f, p) in found.files.iter().zip(&plan) {
        if let Some((i, doc)) = p.and_then(|i| old[i].take().map(|e| (i, e))) {
            if let (Ok(_), Some(b)) = (&doc, old_body[i]) {
                body_from.push(Source::Old(b));
            }
            report.reused += 1;
            entries.push(Entry {
                path: f.path.clone(),
                stamp: f.stamp,
                doc,
            });
            continue;
        }
        let doc = match fresh_docs.next_if(|(k, _)| *k == read_pos) {
            Some((_, doc)) => {
                body_from.push(Source::Fresh(fresh_body));
                fresh_body += 1;
                Ok(doc)
            }
            None => Err(fresh_skips
                .next()
                .map_or_else(|| "could not be read".into(), |s| s.reason)),
        };
        read_pos += 1;
        entries.push(Entry {
            path: f.path.clone(),
            stamp: f.stamp,
            doc,
        });
    }
    report.dropped = old.len() - still_there;
    drop(old);

    // The old bodies file must go with the old index.
    let old_bodies = old_bodies_id.and_then(|id| bodies_file::open(&bodies_path, id, n, false));
    let unchanged = !cold && report.read == 0 && report.dropped == 0;
    // The search keys of the documents, made here to be written; the library keeps them.
    let mut made = None;
    let bodies_id = match (unchanged, old_bodies_id, &old_bodies) {
        (true, Some(id), Some(_)) => Some(id),
        _ => {
            let files = Files {
                dir,
                idx: &idx_path,
                bodies: &bodies_path,
            };
            let docs: Vec<&Document> = entries
                .iter()
                .filter_map(|e| e.doc.as_deref().ok())
                .collect();
            let heads = Heads::of_docs(&docs);
            drop(docs);
            let id = save(
                files,
                &entries,
                &heads,
                body_from,
                sink,
                old_bodies,
                &mut report,
            );
            made = Some(heads);
            id
        }
    };
    let mut lib = library(
        entries,
        found.skipped,
        bodies_id.map(|id| (bodies_path, id)),
    );
    match (made, unchanged) {
        (Some(heads), _) => lib.set_heads(heads),
        (None, true) => match known {
            Some(h) if h.len() == lib.docs.len() => lib.heads = Some(h),
            _ if old_heads.len() == lib.docs.len() => lib.set_heads(old_heads),
            _ => {}
        },
        (None, false) => {}
    }
    (lib, report)
}

/// Where a cache lives.
struct Files<'a> {
    dir: &'a Path,
    idx: &'a Path,
    bodies: &'a Path,
}

/// Write the bodies file (finishing a streamed one, or merging old and fresh bodies) and
/// the index; returns the id of the bodies file if it was written.
fn save(
    files: Files<'_>,
    entries: &[Entry],
    heads: &Heads,
    mut body_from: Vec<Source>,
    sink: Sink,
    old: Option<bodies::FileStore>,
    report: &mut Report,
) -> Option<u64> {
    let id = new_id();
    let bodies = match sink {
        Sink::File(w) => w.finish(files.bodies, id),
        Sink::Lost(e) => Err(e),
        Sink::Memory(mut fresh) => {
            if old.is_none() {
                refold(entries, &mut body_from, &mut fresh);
            }
            fs::create_dir_all(files.dir).and_then(|_| {
                bodies_file::write(files.bodies, id, &body_from, &fresh, old.as_ref())
            })
        }
    };
    let mut list = FileList::default();
    for e in entries {
        let (kind, reason) = match &e.doc {
            Ok(_) => (Kind::Doc, None),
            Err(why) => (Kind::Skipped, Some(why.as_str())),
        };
        list.push(&e.path, e.stamp, kind, reason);
    }
    let docs: Vec<Option<&Document>> = entries.iter().map(|e| e.doc.as_deref().ok()).collect();
    let index = fs::create_dir_all(files.dir)
        .and_then(|_| index_file::write(files.idx, id, &list, heads, &docs));
    report.written = bodies.is_ok() && index.is_ok();
    report.write_error = bodies
        .as_ref()
        .err()
        .or(index.as_ref().err())
        .map(|e| e.to_string());
    bodies.ok().map(|_| id)
}

/// True when the index lists exactly the files found, with the same stamps, each with its
/// full facts or skipped.
fn up_to_date(found: &Discovery, index: &index_file::Index) -> bool {
    listing::same_files(found, &index.files) && !index.files.kinds.contains(&Kind::HeadOnly)
}

/// The library of an index that is [`up_to_date`], its documents taken as they are.
fn unchanged_library(
    found: Discovery,
    index: index_file::Index,
    bodies_path: PathBuf,
    known: Option<Arc<Heads>>,
) -> Library {
    // Collected in place: no second list of 100,000 documents while the first is freed.
    let docs: Vec<Document> = index.docs.into_iter().flatten().collect();
    let mut skipped = found.skipped;
    let reasons = index.files.rank_of(|k| k == Kind::Skipped);
    for (f, r) in found.files.into_iter().zip(reasons) {
        if let Some(r) = r {
            skipped.push(Skipped {
                path: f.path,
                reason: index.files.reasons.get(r).to_string(),
            });
        }
    }
    let mut lib = assemble(docs, skipped, Some((bodies_path, index.bodies_id)));
    match known {
        Some(h) if h.len() == lib.docs.len() => lib.heads = Some(h),
        _ if index.heads.len() == lib.docs.len() => lib.set_heads(index.heads),
        _ => {}
    }
    lib
}

/// The library of these entries; its bodies come from the bodies file `(path, id)` if any,
/// else are folded from disk when first searched.
fn library(
    entries: Vec<Entry>,
    mut skipped: Vec<Skipped>,
    bodies: Option<(PathBuf, u64)>,
) -> Library {
    let mut docs = Vec::with_capacity(entries.len());
    for e in entries {
        match e.doc {
            Ok(d) => docs.push(*d),
            Err(reason) => skipped.push(Skipped {
                path: e.path,
                reason,
            }),
        }
    }
    assemble(docs, skipped, bodies)
}

fn assemble(docs: Vec<Document>, skipped: Vec<Skipped>, bodies: Option<(PathBuf, u64)>) -> Library {
    let n = docs.len();
    let file = bodies.map(|(path, id)| {
        let open =
            move || bodies_file::open(&path, id, n, true).map(|s| Box::new(s) as Box<dyn Stored>);
        Box::new(open) as Opener
    });
    let lazy = Lazy {
        file,
        sources: docs.iter().map(|d| (d.path.clone(), d.stamp())).collect(),
    };
    Library::with_bodies(docs, skipped, Bodies::lazy(lazy))
}

/// Fold again, from disk, the bodies of reused documents (when the old bodies are lost).
fn refold(entries: &[Entry], body_from: &mut [Source], folded: &mut Folded) {
    let docs: Vec<&Document> = entries
        .iter()
        .filter_map(|e| e.doc.as_deref().ok())
        .collect();
    let again: Vec<(usize, String)> = body_from
        .par_iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Source::Old(_)))
        .map(|(k, _)| (k, fold::fold(&load_text(&docs[k].path, docs[k].stamp()))))
        .collect();
    for (k, body) in again {
        folded.push(body.as_bytes());
        body_from[k] = Source::Fresh(folded.len() - 1);
    }
}

/// For each file found, the old entry to reuse (same path, size and mtime, and `usable`),
/// if any; and how many old entries have their file still there. Files usually come in the
/// cached order, so the entry at the same position is tried first.
fn plan(
    files: &[Found],
    old: &FileList,
    usable: impl Fn(usize) -> bool,
) -> (Vec<Option<usize>>, usize) {
    fn key(f: &Found) -> &[u8] {
        f.path.as_os_str().as_encoded_bytes()
    }
    let mut by_path: Option<HashMap<&[u8], usize>> = None;
    let mut used = vec![false; old.len()];
    let mut plan = Vec::with_capacity(files.len());
    for (k, f) in files.iter().enumerate() {
        let same_place = k < old.len() && old.path(k) == key(f);
        let at = if same_place {
            Some(k)
        } else {
            let map =
                by_path.get_or_insert_with(|| (0..old.len()).map(|i| (old.path(i), i)).collect());
            map.get(key(f)).copied()
        };
        let at = at.filter(|&i| !used[i]);
        if let Some(i) = at {
            used[i] = true;
        }
        plan.push(at.filter(|&i| old.stamps[i] == f.stamp && usable(i)));
    }
    (plan, used.iter().filter(|&&u| u).count())
}

/// The files with nothing to reuse: to be read.
fn unplanned<'a>(files: &'a [Found], plan: &[Option<usize>]) -> Vec<&'a Found> {
    files
        .iter()
        .zip(plan)
        .filter(|(_, p)| p.is_none())
        .map(|(f, _)| f)
        .collect()
}

/// The index and bodies file names for this set of paths.
fn files_for(paths: &[PathBuf], dir: &Path) -> (PathBuf, PathBuf) {
    let mut key = Vec::new();
    for p in paths {
        let abs = fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        key.extend_from_slice(abs.to_string_lossy().as_bytes());
        key.push(0);
    }
    let name = format!("lib-{:016x}", hash64(&key));
    (
        dir.join(format!("{name}.idx")),
        dir.join(format!("{name}.bodies")),
    )
}

/// Identifies the vanban binary: a cache written by another build is rebuilt, since its
/// extraction may differ.
fn build_id() -> u64 {
    static ID: OnceLock<u64> = OnceLock::new();
    *ID.get_or_init(|| {
        let mut key = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
        if let Ok(m) = std::env::current_exe().and_then(fs::metadata) {
            let s = FileStamp::of(&m);
            key.extend_from_slice(&s.size.to_le_bytes());
            key.extend_from_slice(&s.mtime_ns.to_le_bytes());
        }
        hash64(&key)
    })
}

fn new_id() -> u64 {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut key = now.to_le_bytes().to_vec();
    key.extend_from_slice(&std::process::id().to_le_bytes());
    key.extend_from_slice(&COUNT.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hash64(&key)
}

/// A file written under a temporary name beside its final path, renamed into place by
/// [`TempFile::commit`], removed if dropped before.
pub(super) struct TempFile {
    file: Option<BufWriter<File>>,
    tmp: PathBuf,
}

impl TempFile {
    pub fn create(beside: &Path) -> io::Result<TempFile> {
        let tmp = beside.with_extension(format!("tmp{}-{:x}", std::process::id(), new_id()));
        let file = File::create(&tmp)?;
        Ok(TempFile {
            file: Some(BufWriter::with_capacity(1 << 20, file)),
            tmp,
        })
    }

    fn writer(&mut self) -> &mut BufWriter<File> {
        self.file
            .as_mut()
            .expect("a TempFile is used until committed")
    }

    pub fn commit(mut self, to: &Path) -> io::Result<()> {
        let w = self.file.take().expect("committed once");
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&self.tmp, to)
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

impl Seek for TempFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.writer().seek(pos)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Hash of a sequence of pieces.
#[derive(Default)]
pub(super) struct Hasher(u64);

impl Hasher {
    pub fn add(&mut self, piece: &[u8]) {
        self.mix(hash64(piece));
    }
    /// The same as [`Hasher::add`] on each 1 MiB piece of `bytes`, the pieces hashed in
    /// parallel.
    pub fn add_pieces(&mut self, bytes: &[u8]) {
        let hashes: Vec<u64> = bytes.par_chunks(1 << 20).map(hash64).collect();
        for h in hashes {
            self.mix(h);
        }
    }

    fn mix(&mut self, h: u64) {
        self.0 = (self.0 ^ h)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(23);
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}
