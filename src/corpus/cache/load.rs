//! Loading a whole library through the cache: the files found are matched with the
//! cached ones, what changed is read again, and the cache is written back.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::bodies_file::{self, Source};
use super::disk::{files_for, new_id};
use super::index_file::{self, FileList, Kind, Parts};
use super::terms_file;
use crate::corpus::bodies::{self, Lazy, Opener, Stored, TermsMaker, TermsOpener};
use crate::corpus::discover::{discover, Discovery, FileStamp, Found};
use crate::corpus::document::{load_text, TextStamp};
use crate::corpus::library::read_files;
use crate::corpus::{Bodies, Document, Folded, Library, Skipped};
use crate::search::Heads;
use crate::text::fold;

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
    /// The full-text token index made by this load, if any.
    pub terms: Option<Indexed>,
}

/// How the token index was made, and how long it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indexed {
    /// True when every body was indexed; false when the index was updated.
    pub whole: bool,
    pub time: Duration,
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
    load_found(discover(paths), paths, dir, None, Terms::Now)
}

/// As [`load`], given the search keys of the cached documents (the heads a preview was
/// made of): the library takes them if the cache was up to date, and its own are not read.
///
/// A token index to make from scratch is left to the library's bodies
/// ([`crate::corpus::Bodies::make_terms`]).
pub fn load_with(paths: &[PathBuf], dir: &Path, known: Arc<Heads>) -> (Library, Report) {
    load_found(discover(paths), paths, dir, Some(known), Terms::Later)
}

/// When a load that writes the bodies makes their token index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Terms {
    /// Before the load returns.
    Now,
    /// After (a whole index; an update is quick and made at once).
    Later,
}

pub(super) fn load_found(
    found: Discovery,
    paths: &[PathBuf],
    dir: &Path,
    known: Option<Arc<Heads>>,
    terms: Terms,
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
    let reusable = |i: &mut index_file::Index| ready(&found, i, &bodies_path);
    if let Some(index) = index.take_if(reusable) {
        report.reused = found.files.len();
        let mut later = None;
        if !terms_file::present(&bodies_path, index.bodies_id) {
            let (id, n) = (index.bodies_id, index.docs.iter().flatten().count());
            later = make_index(terms, &bodies_path, (id, n), (None, &[]), &mut report);
        }
        let lib = unchanged_library(found, index, bodies_path, known, later);
        return (lib, report);
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
    let mut later = None;
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
                (body_from, old_bodies_id),
                (sink, terms),
                old_bodies,
                (&mut report, &mut later),
            );
            made = Some(heads);
            id
        }
    };
    let mut lib = library(
        entries,
        found.skipped,
        bodies_id.map(|id| (bodies_path, id)),
        later,
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

/// Write the bodies file (finishing a streamed one, or merging old and fresh bodies), its
/// token index (updated from the old one's when there is one) and the index; returns the
/// id of the bodies file if it was written. `from`: where each body comes from, and the
/// id of the old bodies file.
fn save(
    files: Files<'_>,
    entries: &[Entry],
    heads: &Heads,
    from: (Vec<Source>, Option<u64>),
    (sink, terms): (Sink, Terms),
    old: Option<bodies::FileStore>,
    (report, later): (&mut Report, &mut Option<TermsMaker>),
) -> Option<u64> {
    let (mut body_from, old_id) = from;
    let id = new_id();
    let mut update = None;
    let bodies = match sink {
        Sink::File(w) => w.finish(files.bodies, id),
        Sink::Lost(e) => Err(e),
        Sink::Memory(mut fresh) => {
            if old.is_none() {
                refold(entries, &mut body_from, &mut fresh);
            } else {
                update = old_id;
            }
            fs::create_dir_all(files.dir).and_then(|_| {
                bodies_file::write(files.bodies, id, &body_from, &fresh, old.as_ref())
            })
        }
    };
    drop(old);
    if bodies.is_ok() {
        let n = body_from.len();
        *later = make_index(terms, files.bodies, (id, n), (update, &body_from), report);
    } else {
        terms_file::remove(files.bodies);
    }
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

/// The token index of the bodies file `(id, n)`: made now (updated from the old bodies
/// file's, as in [`index_terms`]), its time in `report`; or, a whole one for a load that
/// makes it [`Terms::Later`], left to what this returns.
fn make_index(
    terms: Terms,
    bodies: &Path,
    (id, n): (u64, usize),
    (old, from): (Option<u64>, &[Source]),
    report: &mut Report,
) -> Option<TermsMaker> {
    if terms == Terms::Later && old.is_none() {
        return Some(terms_maker(bodies.to_path_buf(), id, n));
    }
    report.terms = index_terms(bodies, id, n, old, from);
    None
}

/// Make the token index of the bodies file `id` of `n` documents: updated from the index
/// of the bodies file `old` (the bodies coming as `from` says) when there is one, else
/// built. Without it searches scan the bodies, so a failure only removes it.
pub(super) fn index_terms(
    bodies: &Path,
    id: u64,
    n: usize,
    old: Option<u64>,
    from: &[Source],
) -> Option<Indexed> {
    let t = Instant::now();
    let made = match bodies_file::open(bodies, id, n, false) {
        Some(store) => terms_file::update(old, from, &store, id, bodies),
        None => Err(io::Error::other("bodies file")),
    };
    if made.is_err() {
        terms_file::remove(bodies);
    }
    made.ok().map(|whole| Indexed {
        whole,
        time: t.elapsed(),
    })
}

/// Index every body of the up-to-date cache of `paths` in `dir` again (the index a load
/// makes when it writes the bodies); an error if there is no such cache.
pub fn index_again(paths: &[PathBuf], dir: &Path) -> io::Result<Indexed> {
    let (_, bodies) = files_for(paths, dir);
    let (id, n) = bodies_file::head(&bodies).ok_or_else(|| io::Error::other("no bodies file"))?;
    index_terms(&bodies, id, n, None, &[]).ok_or_else(|| io::Error::other("not indexed"))
}

/// True when the index lists exactly the files found, with the same stamps, each with its
/// full facts or skipped.
pub(super) fn up_to_date(found: &Discovery, index: &index_file::Index) -> bool {
    index_file::same_files(found, &index.files) && !index.files.kinds.contains(&Kind::HeadOnly)
}

/// [`up_to_date`], with the bodies file of the index there and whole.
pub(super) fn ready(found: &Discovery, index: &index_file::Index, bodies: &Path) -> bool {
    let n = index
        .files
        .kinds
        .iter()
        .filter(|&&k| k == Kind::Doc)
        .count();
    up_to_date(found, index) && bodies_file::open(bodies, index.bodies_id, n, false).is_some()
}

/// The library of an index that is [`up_to_date`], its documents taken as they are.
fn unchanged_library(
    found: Discovery,
    index: index_file::Index,
    bodies_path: PathBuf,
    known: Option<Arc<Heads>>,
    later: Option<TermsMaker>,
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
    let mut lib = assemble(docs, skipped, Some((bodies_path, index.bodies_id)), later);
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
    later: Option<TermsMaker>,
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
    assemble(docs, skipped, bodies, later)
}

fn assemble(
    docs: Vec<Document>,
    skipped: Vec<Skipped>,
    bodies: Option<(PathBuf, u64)>,
    later: Option<TermsMaker>,
) -> Library {
    let sources = docs.iter().map(|d| (d.path.clone(), d.stamp())).collect();
    Library::with_bodies(docs, skipped, lazy_bodies(sources, bodies, later))
}

/// The folded bodies of the documents of `sources` (their files and stamps, in order): from
/// the bodies file `(path, id)` if any, with its token index (or what makes it, `later`),
/// else folded from disk when first searched.
/// A reader's preview completed in parts: each batch of documents read (from the cache or
/// the files) is lightened and takes the places of the preview's documents `listed`, whose
/// paths it shares rather than holding them twice; its sources are kept for
/// [`lazy_bodies`].
pub(super) struct Places<'a> {
    listed: &'a [Arc<Path>],
    pub sources: Vec<(Arc<Path>, Option<TextStamp>)>,
    /// Every document so far is the listed file at its place.
    pub same: bool,
}

impl<'a> Places<'a> {
    pub fn new(listed: &'a [Arc<Path>]) -> Places<'a> {
        Places {
            listed,
            sources: Vec::with_capacity(listed.len()),
            same: true,
        }
    }

    /// Take in the next documents; returns the place of the first.
    pub fn take(&mut self, docs: &mut [Document]) -> usize {
        let start = self.sources.len();
        for d in docs {
            d.lighten();
            match self.listed.get(self.sources.len()) {
                Some(p) if *p == d.path => d.path = p.clone(),
                _ => self.same = false,
            }
            self.sources.push((d.path.clone(), d.stamp()));
        }
        start
    }
}

pub(super) fn lazy_bodies(
    sources: Vec<(Arc<Path>, Option<TextStamp>)>,
    bodies: Option<(PathBuf, u64)>,
    later: Option<TermsMaker>,
) -> Bodies {
    let n = sources.len();
    let terms = bodies.clone().map(|(path, id)| terms_opener(path, id, n));
    let file = bodies.map(|(path, id)| {
        let open =
            move || bodies_file::open(&path, id, n, true).map(|s| Box::new(s) as Box<dyn Stored>);
        Box::new(open) as Opener
    });
    Bodies::lazy(Lazy {
        file,
        terms,
        make_terms: later,
        sources,
    })
}

/// Makes the whole token index of the bodies file `(path, id)` of `n` documents.
pub(super) fn terms_maker(path: PathBuf, id: u64, n: usize) -> TermsMaker {
    Box::new(move || index_terms(&path, id, n, None, &[]).is_some())
}

/// Opens the token index of the bodies file `(path, id)` of `n` documents.
fn terms_opener(path: PathBuf, id: u64, n: usize) -> TermsOpener {
    Box::new(move || terms_file::open(&path, id, n))
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
pub(super) fn plan(
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
pub(super) fn unplanned<'a>(files: &'a [Found], plan: &[Option<usize>]) -> Vec<&'a Found> {
    files
        .iter()
        .zip(plan)
        .filter(|(_, p)| p.is_none())
        .map(|(f, _)| f)
        .collect()
}
