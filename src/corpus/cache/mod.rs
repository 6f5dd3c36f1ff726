//! The cache of an extracted library, so a second start reads no document.
//!
//! Two files per set of paths, in the cache folder (`$XDG_CACHE_HOME/vanban` on Linux):
//! `lib-KEY.idx` holds every file's path, size, mtime and facts (postcard), and
//! `lib-KEY.bodies` the folded bodies for full-text search, read only when first needed.
//! A changed file is read again, a deleted one dropped. Each file starts with a magic, a
//! format version and hashes of its content (the index also names the build of vanban
//! that wrote it); anything that does not match makes the cache rebuilt, never a crash.
//! Files are written to a temporary name and renamed into place.

mod bodies_file;
mod index_file;

pub use index_file::Head;

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use rayon::prelude::*;

use super::bodies::Lazy;
use super::discover::{discover, FileStamp, Found};
use super::document::{hash64, load_text};
use super::library::read_files;
use super::{Bodies, Document, Folded, Library, Skipped};
use crate::text::fold;
use bodies_file::{OldBodies, Source};
use index_file::HeadEntry;

/// Bump when the layout of the cache files or of [`Document`] changes.
pub const FORMAT_VERSION: u32 = 2;

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

/// One file of the library: what the list needs, and the document unless skipped.
struct Entry {
    head: HeadEntry,
    doc: Option<Document>,
}

/// The heads of the documents under `paths` and the files skipped, straight from the
/// cache, if it is up to date: `None` if any file is new, changed or gone, or the cache is
/// missing or damaged (then [`load`] brings it up to date).
pub fn load_heads(paths: &[PathBuf], dir: &Path) -> Option<(Vec<Head>, Vec<Skipped>)> {
    let found = discover(paths);
    let (idx_path, _) = files_for(paths, dir);
    let index = index_file::read(&idx_path, false).ok()?;
    let same = index.heads.len() == found.files.len()
        && index
            .heads
            .iter()
            .zip(&found.files)
            .all(|(h, f)| h.stamp == f.stamp && h.path.as_os_str() == f.path.as_os_str());
    if !same {
        return None;
    }
    let mut heads = Vec::with_capacity(index.heads.len());
    let mut skipped = found.skipped;
    for h in index.heads {
        match h.head {
            Ok(head) => heads.push(head),
            Err(reason) => skipped.push(Skipped {
                path: h.path,
                reason,
            }),
        }
    }
    Some((heads, skipped))
}

/// Load the library under `paths`, reusing the cache in `dir` and updating it.
pub fn load(paths: &[PathBuf], dir: &Path) -> (Library, Report) {
    let mut report = Report::default();
    let found = discover(paths);
    let (idx_path, bodies_path) = files_for(paths, dir);
    let (old, old_bodies_id) = match index_file::read(&idx_path, true) {
        Ok(index) => {
            let entries = index
                .heads
                .into_iter()
                .zip(index.docs)
                .map(|(head, doc)| Entry { head, doc })
                .collect();
            (entries, Some(index.bodies_id))
        }
        Err(why) => {
            if idx_path.exists() {
                report.invalid = Some(why);
            }
            (Vec::new(), None)
        }
    };
    let (plan, still_there) = plan(&found.files, &old);
    // Position of each old document's body in the old bodies file; `n` old documents.
    let mut old_body = Vec::with_capacity(old.len());
    let mut n = 0;
    for e in &old {
        old_body.push(n);
        n += usize::from(e.doc.is_some());
    }
    let to_read: Vec<&Found> = found
        .files
        .iter()
        .zip(&plan)
        .filter(|(_, p)| p.is_none())
        .map(|(f, _)| f)
        .collect();
    let fresh = read_files(&to_read);
    report.read = to_read.len();

    // Merge reused and fresh results in discovery order.
    let mut old: Vec<Option<Entry>> = old.into_iter().map(Some).collect();
    let mut fresh_docs = fresh.docs.into_iter().peekable();
    let mut fresh_skips = fresh.skipped.into_iter();
    let mut entries: Vec<Entry> = Vec::with_capacity(found.files.len());
    let mut body_from: Vec<Source> = Vec::new();
    let mut read_pos = 0;
    let mut fresh_body = 0;
    for (f, p) in found.files.iter().zip(&plan) {
        if let Some((i, e)) = p.and_then(|i| old[i].take().map(|e| (i, e))) {
            if e.doc.is_some() {
                body_from.push(Source::Old(old_body[i]));
            }
            report.reused += 1;
            entries.push(e);
            continue;
        }
        let (head, doc) = match fresh_docs.next_if(|(k, _)| *k == read_pos) {
            Some((_, doc)) => {
                body_from.push(Source::Fresh(fresh_body));
                fresh_body += 1;
                (Ok(Head::of(&doc)), Some(doc))
            }
            None => (
                Err(fresh_skips
                    .next()
                    .map_or_else(|| "could not be read".into(), |s| s.reason)),
                None,
            ),
        };
        read_pos += 1;
        let head = HeadEntry {
            path: f.path.clone(),
            stamp: f.stamp,
            head,
        };
        entries.push(Entry { head, doc });
    }
    report.dropped = old.len() - still_there;
    drop(old);

    // The old bodies file must go with the old index, else its bodies are folded again.
    let mut fresh_folded = fresh.folded;
    let old_bodies = old_bodies_id.and_then(|id| OldBodies::open(&bodies_path, id, n));
    if old_bodies.is_none() && body_from.iter().any(|b| matches!(b, Source::Old(_))) {
        refold(&entries, &mut body_from, &mut fresh_folded);
    }

    let changed = report.read > 0 || report.dropped > 0 || old_bodies.is_none();
    let mut bodies_id = old_bodies_id.unwrap_or(0);
    let mut in_memory = None;
    if changed {
        bodies_id = new_id();
        let heads: Vec<HeadEntry> = entries.iter().map(|e| e.head.clone()).collect();
        let docs: Vec<Option<&Document>> = entries.iter().map(|e| e.doc.as_ref()).collect();
        let written = fs::create_dir_all(dir)
            .and_then(|_| {
                bodies_file::write(
                    &bodies_path,
                    bodies_id,
                    &body_from,
                    &fresh_folded,
                    old_bodies,
                )
            })
            .and_then(|_| index_file::write(&idx_path, bodies_id, &heads, &docs));
        match written {
            Ok(()) => report.written = true,
            Err(e) => report.write_error = Some(e.to_string()),
        }
        if body_from.iter().all(|b| matches!(b, Source::Fresh(_))) {
            in_memory = Some(fresh_folded);
        }
    }

    let mut docs = Vec::with_capacity(entries.len());
    let mut skipped = found.skipped;
    for e in entries {
        match (e.doc, e.head.head) {
            (Some(d), _) => docs.push(d),
            (None, Err(reason)) => skipped.push(Skipped {
                path: e.head.path,
                reason,
            }),
            (None, Ok(_)) => {}
        }
    }
    let bodies = match in_memory {
        Some(folded) if folded.len() == docs.len() => Bodies::ready(folded),
        _ => {
            let n = docs.len();
            Bodies::lazy(Lazy {
                file: Some(Box::new(move || {
                    bodies_file::read(&bodies_path, bodies_id, n)
                })),
                sources: docs.iter().map(|d| (d.path.clone(), d.stamp())).collect(),
            })
        }
    };
    (Library::with_bodies(docs, skipped, bodies), report)
}

/// Fold again, from disk, the bodies of reused documents (when the old bodies are lost).
fn refold(entries: &[Entry], body_from: &mut [Source], folded: &mut Folded) {
    let docs: Vec<&Document> = entries.iter().filter_map(|e| e.doc.as_ref()).collect();
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

/// For each file found, the old entry to reuse (same path, size and mtime), if any; and
/// how many old entries have their file still there. Files usually come in the cached
/// order, so the entry at the same position is tried first.
fn plan(files: &[Found], old: &[Entry]) -> (Vec<Option<usize>>, usize) {
    let key = |p: &Path| p.as_os_str().as_encoded_bytes().to_vec();
    let mut by_path: Option<HashMap<Vec<u8>, usize>> = None;
    let mut used = vec![false; old.len()];
    let mut plan = Vec::with_capacity(files.len());
    for (k, f) in files.iter().enumerate() {
        let same_place = old
            .get(k)
            .is_some_and(|e| e.head.path.as_os_str() == f.path.as_os_str());
        let at = if same_place {
            Some(k)
        } else {
            let map = by_path.get_or_insert_with(|| {
                old.iter()
                    .enumerate()
                    .map(|(i, e)| (key(&e.head.path), i))
                    .collect()
            });
            map.get(&key(&f.path)).copied()
        };
        let at = at.filter(|&i| !used[i]);
        if let Some(i) = at {
            used[i] = true;
        }
        plan.push(at.filter(|&i| old[i].head.stamp == f.stamp));
    }
    (plan, used.iter().filter(|&&u| u).count())
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

/// Write to a temporary file beside `path`, then rename it into place.
fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}-{:x}", std::process::id(), new_id()));
    let result = (|| {
        let mut w = BufWriter::new(File::create(&tmp)?);
        fill(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
