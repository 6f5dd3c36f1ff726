//! The document list alone (names and heads), as `vanban list` needs it.
//!
//! An up-to-date cache gives it without reading a document. Without one, only the heads of
//! the documents are extracted (title, date, source, programmes: a fraction of the cost of
//! all the facts) and the cache is written with heads only; a later full load reads those
//! documents again for their other facts. A cache that holds full documents is brought up
//! to date by a full load instead, so its facts are never thrown away.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::disk::files_for;
use super::index_file::{self, FileList, Kind, Parts};
use super::load::{lazy_bodies, load_found, plan, unplanned, up_to_date, Report, Terms};
use super::terms_file;
use crate::corpus::discover::{discover, discover_unchecked_to, Discovery, FileStamp, Found};
use crate::corpus::document::clean_text;
use crate::corpus::library::{pipeline, read_each, BATCH};
use crate::corpus::progress::{self, Step};
use crate::corpus::read::{look_batch, Looked};
use crate::corpus::{Bodies, Library, Skipped};
use crate::extract;
use crate::formats::Format;
use crate::search::{Heads, OneHead, Packed};
use crate::text::safe;

const HEADS: Parts = Parts {
    heads: true,
    docs: false,
};

/// The documents of a library as a list shows them, in library order.
#[derive(Debug, Default)]
pub struct Listing {
    /// Each document's path relative to the folder given, made safe to show.
    pub names: Packed,
    /// Each document's file.
    pub paths: Vec<Arc<Path>>,
    pub heads: Heads,
    pub skipped: Vec<Skipped>,
    /// The documents' folded bodies, when the cache the listing came from has them: a
    /// preview made from it searches their full text without reading the files.
    pub bodies: Option<Bodies>,
}

impl Listing {
    /// The listing of a loaded library.
    pub fn of_library(lib: &Library) -> Listing {
        let mut names = Packed::default();
        for d in &lib.docs {
            names.push(&d.name);
        }
        Listing {
            names,
            paths: lib.docs.iter().map(|d| d.path.clone()).collect(),
            heads: Heads::of_docs(&lib.docs.iter().collect::<Vec<_>>()),
            skipped: lib.skipped.clone(),
            bodies: None,
        }
    }
}

/// The listing of the documents under `paths`, straight from the cache, if it is up to
/// date: `None` if any file is new, changed or gone, or the cache is missing or damaged.
pub fn load_heads(paths: &[PathBuf], dir: &Path) -> Option<Listing> {
    let (idx_path, _) = files_for(paths, dir);
    let (found, index) = rayon::join(|| discover(paths), || index_file::read(&idx_path, HEADS));
    let index = index.ok()?;
    index_file::same_files(&found, &index.files)
        .then(|| listing_of(found, &index.files, index.heads))
}

/// The listing of the documents under `paths` and their folded bodies, straight from an
/// up-to-date cache with all the facts (a full-text list needs nothing else); `None`
/// otherwise.
pub fn load_with_bodies(paths: &[PathBuf], dir: &Path) -> Option<(Listing, Bodies)> {
    let (idx_path, bodies_path) = files_for(paths, dir);
    let (found, index) = rayon::join(|| discover(paths), || index_file::read(&idx_path, HEADS));
    let index = index.ok()?;
    if !up_to_date(&found, &index) {
        return None;
    }
    let listing = listing_of(found, &index.files, index.heads);
    let bodies = cached_bodies(bodies_path, index.bodies_id, &listing.paths);
    Some((listing, bodies))
}

/// The bodies of the documents `paths` in the cache's bodies file `id`: as for a full
/// library, opened (and checked) at the first search; if that fails, folded from the files.
fn cached_bodies(bodies_path: PathBuf, id: u64, paths: &[Arc<Path>]) -> Bodies {
    let sources = paths.iter().map(|p| (p.clone(), None)).collect();
    lazy_bodies(sources, Some((bodies_path, id)), None)
}

/// The listing as the cache last saw the documents under `paths`, without a look at the
/// disk: a preview for the reader, which a full load then checks. `None` if there is no
/// usable cache, or its paths are not spelled from these `paths` (then they might not name
/// the same files from here).
pub fn cached_listing(paths: &[PathBuf], dir: &Path) -> Option<Listing> {
    let (idx_path, bodies_path) = files_for(paths, dir);
    let index = index_file::read(&idx_path, HEADS).ok()?;
    let files = &index.files;
    let mut found = Discovery::default();
    for i in 0..files.len() {
        let path = path_of(files.path(i))?;
        let name = name_under(&path, paths)?;
        found.files.push(Found {
            path,
            name,
            stamp: files.stamps[i],
        });
    }
    let with_bodies = !files.kinds.contains(&Kind::HeadOnly);
    let mut listing = listing_of(found, files, index.heads);
    if with_bodies {
        let bodies = cached_bodies(bodies_path, index.bodies_id, &listing.paths);
        listing.bodies = Some(bodies);
    }
    Some(listing)
}

#[cfg(unix)]
pub(super) fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
pub(super) fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(bytes).ok().map(PathBuf::from)
}

/// The name discovery gives `path` found under one of `roots`: relative to a folder, or
/// the file name of a file given directly.
fn name_under(path: &Path, roots: &[PathBuf]) -> Option<String> {
    roots.iter().find_map(|root| {
        if path == root {
            path.file_name().map(|n| n.to_string_lossy().into_owned())
        } else {
            let rest = path.strip_prefix(root).ok()?;
            Some(rest.to_string_lossy().into_owned())
        }
    })
}

/// The listing of the documents under `paths`, reusing the cache in `dir` and updating it.
pub fn list(paths: &[PathBuf], dir: &Path) -> (Listing, Report) {
    let (listing, unwritten, mut report) = list_unwritten(paths, dir);
    if let Some(index) = unwritten {
        index.write(&listing, &mut report);
    }
    (listing, report)
}

/// As [`list`], with the new head-only index left for the caller to write (so that it can
/// be written while the listing is shown); `None` when the cache needs no writing.
pub fn list_unwritten(paths: &[PathBuf], dir: &Path) -> (Listing, Option<Unwritten>, Report) {
    let (idx_path, bodies_path) = files_for(paths, dir);
    let mut report = Report::default();
    let (listing, new_files) = if !idx_path.exists() {
        // Nothing to compare the files' stamps with: each is looked at as it is read.
        read_unchecked(paths, &mut report)
    } else {
        // The folders are walked while the index is read.
        let (found, index) = rayon::join(|| discover(paths), || index_file::read(&idx_path, HEADS));
        let old = match index {
            Ok(index) => {
                if index_file::same_files(&found, &index.files) {
                    report.reused = found.files.len();
                    let listing = listing_of(found, &index.files, index.heads);
                    return (listing, None, report);
                }
                if index.files.kinds.contains(&Kind::Doc) {
                    let (lib, report) = load_found(found, paths, dir, None, Terms::Now);
                    return (Listing::of_library(&lib), None, report);
                }
                Some(index)
            }
            Err(why) => {
                if idx_path.exists() {
                    report.invalid = Some(why);
                }
                None
            }
        };
        let (files, old_heads) = match old {
            Some(index) => (index.files, index.heads),
            None => (FileList::default(), Heads::default()),
        };
        read_heads(found, &files, &old_heads, &mut report)
    };
    // Written if anything was read or dropped, or the old index was not usable.
    let changed = report.read > 0 || report.dropped > 0 || report.invalid.is_some();
    let unwritten = changed.then(|| Unwritten {
        idx_path,
        bodies_path,
        dir: dir.to_path_buf(),
        files: new_files,
    });
    (listing, unwritten, report)
}

/// The head-only index of a listing, to be written.
pub struct Unwritten {
    idx_path: PathBuf,
    bodies_path: PathBuf,
    dir: PathBuf,
    files: FileList,
}

impl Unwritten {
    /// Write the index of `listing` (the one it came with); the `report` says how it went.
    pub fn write(self, listing: &Listing, report: &mut Report) {
        let docs = vec![None; self.files.len()];
        // No bodies go with a head-only index.
        let _ = fs::remove_file(&self.bodies_path);
        terms_file::remove(&self.bodies_path);
        let written = fs::create_dir_all(&self.dir)
            .and_then(|_| index_file::write(&self.idx_path, 0, &self.files, &listing.heads, &docs));
        report.written = written.is_ok();
        report.write_error = written.err().map(|e| e.to_string());
    }
}

/// Batches the walk may find ahead of the reads.
const WALK_AHEAD: usize = 8;

/// As [`read_heads`] with no old cache, for the files under `paths` as a walk that
/// leaves them to their read finds them ([`discover_unchecked_to`]): each batch is read
/// while the walk goes on, and each file the walk did not look at is looked at as it is
/// read, and kept or skipped as the walk would have.
fn read_unchecked(paths: &[PathBuf], report: &mut Report) -> (Listing, FileList) {
    let mut files: Vec<Found> = Vec::new();
    let mut fresh_heads = Heads::default();
    // Per unchecked file its stamp, and why the walk would skip the few it would (by their
    // place among the stamps); per file kept, its head's place among the fresh heads (or
    // why it is not a document).
    let mut stamps = Vec::new();
    let mut skips: Vec<(usize, String)> = Vec::new();
    let mut fresh = Vec::new();
    progress::start(Step::Titles, 0);
    // The walk waits when it is this many batches ahead of the reads: the files it found
    // would otherwise be held twice, queued and kept.
    let (send, found) = std::sync::mpsc::sync_channel(WALK_AHEAD);
    let walked = std::thread::scope(|scope| {
        let walk = scope.spawn(move || {
            discover_unchecked_to(paths, BATCH, &mut |files, checked| {
                let _ = send.send((files, checked));
            })
        });
        type Batch = (Vec<Found>, Vec<bool>);
        pipeline(
            move || found.recv().ok(),
            |(batch, checked): &Batch| look_batch(&batch.iter().collect::<Vec<_>>(), checked),
            |(batch, _): &Batch| {
                let lost = || Looked::Read(FileStamp::default(), Err("read failed".into()));
                batch.iter().map(|_| lost()).collect()
            },
            |(batch, _): &Batch, looked| {
                batch
                    .par_iter()
                    .zip(looked)
                    .map(|(f, looked)| match looked {
                        Looked::Skip(why) => Err(why),
                        Looked::Read(stamp, bytes) => {
                            Ok((stamp, bytes.and_then(|b| read_head(f, b))))
                        }
                    })
                    .collect()
            },
            |(batch, checked): Batch, done| {
                progress::add_total(batch.len());
                progress::advance(batch.len());
                for (r, checked) in done.into_iter().zip(checked) {
                    let stamp = match r {
                        Ok((stamp, head)) => {
                            fresh.push(head.map(|one| {
                                fresh_heads.push_one(&one);
                                fresh_heads.len() - 1
                            }));
                            stamp
                        }
                        Err(why) => {
                            skips.push((stamps.len(), why));
                            FileStamp::default()
                        }
                    };
                    // Only the unchecked files' stamps are wanted.
                    if !checked {
                        stamps.push(stamp);
                    }
                }
                files.extend(batch);
                true
            },
        );
        walk.join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let found = Discovery { files, ..walked };
    let mut skips = skips.into_iter().peekable();
    let looked =
        stamps
            .into_iter()
            .enumerate()
            .map(|(k, stamp)| match skips.next_if(|(at, _)| *at == k) {
                Some((_, why)) => Err(why),
                None => Ok(stamp),
            });
    let found = found.settle(looked);
    report.read = found.files.len();
    let plan = vec![None; found.files.len()];
    let none = (FileList::default(), Heads::default());
    assemble(found, &plan, fresh, fresh_heads, &none.0, &none.1)
}

/// The listing of the documents found: heads of unchanged files taken from the old cache's
/// `files` and `old_heads`, the others read (heads only); and the new cache's file list.
fn read_heads(
    found: Discovery,
    files: &FileList,
    old_heads: &Heads,
    report: &mut Report,
) -> (Listing, FileList) {
    let (plan, still_there) = plan(&found.files, files, |_| true);
    let to_read = unplanned(&found.files, &plan);
    report.read = to_read.len();
    report.reused = found.files.len() - to_read.len();
    report.dropped = files.len() - still_there;
    // Fresh heads go into one packed list as they come (a million small lists would take
    // twice the memory of the heads themselves); a file that is not a document leaves why.
    let mut fresh_heads = Heads::default();
    let mut fresh = Vec::with_capacity(to_read.len());
    progress::start(Step::Titles, to_read.len());
    read_each(&to_read, read_head, |_, r| {
        fresh.push(r.map(|one| {
            fresh_heads.push_one(&one);
            fresh_heads.len() - 1
        }))
    });
    assemble(found, &plan, fresh, fresh_heads, files, old_heads)
}

/// The listing of the documents found, and the new cache's file list, given the `plan`
/// (which file is reused from the old cache's `files` and `old_heads`) and the `fresh`
/// heads read for the others, in order.
fn assemble(
    found: Discovery,
    plan: &[Option<usize>],
    fresh: Vec<Result<usize, String>>,
    mut fresh_heads: Heads,
    files: &FileList,
    old_heads: &Heads,
) -> (Listing, FileList) {
    let head_at = files.rank_of(|k| k != Kind::Skipped);
    let reasons = files.rank_of(|k| k == Kind::Skipped);
    // Nothing reused (a cold list): the fresh heads are the listing's, as they are.
    let all_fresh = plan.iter().all(Option::is_none);
    let mut fresh = fresh.into_iter();

    let mut listing = Listing::default();
    if all_fresh {
        listing.heads = std::mem::take(&mut fresh_heads);
    }
    let mut new_files = FileList::default();
    // The paths move from the files found to the listing (a million of them is 100 MB).
    for (f, p) in found.files.into_iter().zip(plan) {
        let entry = match p {
            Some(i) => match (head_at[*i], reasons[*i]) {
                (Some(h), _) => Ok(Head::Old(h)),
                (None, Some(r)) => Err(files.reasons.get(r).to_string()),
                (None, None) => Err("could not be read".to_string()),
            },
            None => fresh
                .next()
                .unwrap_or_else(|| Err("could not be read".into()))
                .map(Head::New),
        };
        match entry {
            Ok(head) => {
                new_files.push(&f.path, f.stamp, Kind::HeadOnly, None);
                listing.names.push(&safe::one_line(&f.name));
                match head {
                    Head::Old(h) => listing.heads.push_from(old_heads, h),
                    Head::New(_) if all_fresh => {}
                    Head::New(j) => listing.heads.push_from(&fresh_heads, j),
                }
                listing.paths.push(Arc::from(f.path));
            }
            Err(reason) => {
                new_files.push(&f.path, f.stamp, Kind::Skipped, Some(&reason));
                listing.skipped.push(Skipped {
                    path: f.path,
                    reason,
                });
            }
        }
    }
    let mut skipped = found.skipped;
    skipped.append(&mut listing.skipped);
    listing.skipped = skipped;
    (listing, new_files)
}

/// The listing of the documents under `paths`, their heads read without a cache.
pub fn read_listing(paths: &[PathBuf]) -> Listing {
    read_unchecked(paths, &mut Report::default()).0
}

/// A head reused from the old cache (its position among the old heads), or just read (its
/// position among the fresh heads).
enum Head {
    Old(usize),
    New(usize),
}

/// Read one file for its head only (its search key folded here, on a worker thread).
fn read_head(found: &Found, bytes: Vec<u8>) -> Result<OneHead, String> {
    let f = extract::head(&clean_text(Format::of_path(&found.path), bytes)?);
    Ok(OneHead::new(
        &f.title,
        f.date.as_deref(),
        f.source.as_deref(),
        &f.programmes,
    ))
}

/// The listing from an index that lists exactly the files found.
fn listing_of(found: Discovery, files: &FileList, heads: Heads) -> Listing {
    let mut names = Packed::default();
    let mut paths = Vec::with_capacity(heads.len());
    let mut skipped = found.skipped;
    let mut reason = 0;
    for (f, kind) in found.files.into_iter().zip(&files.kinds) {
        if *kind == Kind::Skipped {
            skipped.push(Skipped {
                path: f.path,
                reason: files.reasons.get(reason).to_string(),
            });
            reason += 1;
        } else {
            names.push(&safe::one_line(&f.name));
            paths.push(Arc::from(f.path));
        }
    }
    Listing {
        names,
        paths,
        heads,
        skipped,
        bodies: None,
    }
}
