//! Finding the documents under the paths given: every `.txt`, `.html`/`.htm`, `.docx`,
//! `.odt`, `.pdf` and `.doc` file, in sorted path order (a saved page's `NAME_files`
//! folder is not entered).
//!
//! Folders are walked recursively, following symbolic links; a folder already seen (a
//! symlink loop) is not entered twice. Unreadable folders, broken links, files that are not
//! regular files (a pipe would block the reading forever) and files over [`MAX_SIZE`] are
//! reported as skipped and the walk goes on. Names that are not UTF-8 are read lossily.

use std::collections::HashSet;
use std::fs::{self, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Skipped;
use crate::formats::Format;

/// A document file found on disk, with what the cache keys it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The path relative to the folder given (the file name for a file given directly).
    pub name: String,
    pub stamp: FileStamp,
}

/// Size and modification time of a file: when either changes, the file is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    /// Nanoseconds since the Unix epoch (negative before it).
    pub mtime_ns: i128,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        let mtime_ns = match meta.modified() {
            Ok(t) => match t.duration_since(UNIX_EPOCH) {
                Ok(d) => d.as_nanos() as i128,
                Err(e) => -(e.duration().as_nanos() as i128),
            },
            Err(_) => 0,
        };
        FileStamp {
            size: meta.len(),
            mtime_ns,
        }
    }
}

/// The largest file read as a document (a report is rarely over 1 MB).
pub const MAX_SIZE: u64 = 64 * 1024 * 1024;

/// Whether a file may be read as a document: a regular file of at most [`MAX_SIZE`] bytes.
pub fn check(meta: &Metadata) -> Result<(), String> {
    const MB: f64 = 1024.0 * 1024.0;
    if !meta.is_file() {
        Err("not a regular file (a pipe, socket or device)".into())
    } else if meta.len() > MAX_SIZE {
        Err(format!(
            "too large: {:.1} MB (the limit is {} MB)",
            meta.len() as f64 / MB,
            MAX_SIZE as f64 / MB
        ))
    } else {
        Ok(())
    }
}

/// Read a document file, checked as [`check`] says on the file actually opened (it may
/// have changed since it was found). Opening does not wait for a pipe's writer.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NONBLOCK);
    let file = opts.open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    check(&meta)?;
    read_rest(file, Vec::with_capacity(meta.len() as usize))
}

/// Read the rest of a checked file after the `bytes` already read from it, refusing it if
/// it grew over the limit since it was checked.
pub(super) fn read_rest(file: fs::File, mut bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let room = (MAX_SIZE + 1).saturating_sub(bytes.len() as u64);
    file.take(room)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err(format!("grew over the {} MB limit", MAX_SIZE >> 20));
    }
    Ok(bytes)
}

/// Everything found under the given paths.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Found>,
    pub skipped: Vec<Skipped>,
    /// Made by [`discover_unchecked`]: which files the walk did not look at (their stamps
    /// are unknown and they may yet be skipped), and where its skips fall.
    pub unchecked: Option<Unchecked>,
}

/// What a walk that leaves regular files unchecked notes (a few entries, not one per
/// file): every file but those it `looked_at` is unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unchecked {
    /// The files the walk did look at (those reached through a link), by their place.
    pub looked_at: Vec<usize>,
    /// For each of the walk's skips in turn, how many files it had found before it (the
    /// skips after the last file need none).
    pub skip_places: Vec<usize>,
}

impl Discovery {
    /// Whether each file was looked at by the walk.
    pub fn checked(&self) -> Vec<bool> {
        match &self.unchecked {
            None => vec![true; self.files.len()],
            Some(u) => {
                let mut checked = vec![false; self.files.len()];
                for &i in &u.looked_at {
                    checked[i] = true;
                }
                checked
            }
        }
    }

    /// The discovery a walk that looked at every file would have made, given what each
    /// unchecked file turned out to be, in order: its stamp, or why the walk would have
    /// skipped it (that skip takes its place among the walk's).
    pub fn settle(self, looked: impl IntoIterator<Item = Result<FileStamp, String>>) -> Discovery {
        let Discovery {
            mut files,
            skipped: walk_skips,
            unchecked,
        } = self;
        let Some(unchecked) = unchecked else {
            return Discovery {
                files,
                skipped: walk_skips,
                unchecked: None,
            };
        };
        let mut skipped = Vec::with_capacity(walk_skips.len());
        let mut walk_skips = walk_skips.into_iter();
        let mut places = unchecked.skip_places.iter().peekable();
        let mut looked_at = unchecked.looked_at.iter().peekable();
        let mut looked = looked.into_iter();
        let mut i = 0;
        // In place: a million files are not copied to another list.
        files.retain_mut(|f| {
            let at = i;
            i += 1;
            while places.next_if(|&&p| p <= at).is_some() {
                skipped.extend(walk_skips.next());
            }
            if looked_at.next_if(|&&k| k == at).is_some() {
                return true;
            }
            match looked.next() {
                Some(Ok(stamp)) => {
                    f.stamp = stamp;
                    true
                }
                Some(Err(reason)) => {
                    let path = std::mem::take(&mut f.path);
                    skipped.push(Skipped { path, reason });
                    false
                }
                None => true, // not reached: one answer per unchecked file
            }
        });
        skipped.extend(walk_skips);
        Discovery {
            files,
            skipped,
            unchecked: None,
        }
    }
}

/// Find the `.txt` files under `paths` (files or folders). Files given directly are taken
/// whatever their extension. Each root's files come in path order; roots keep their order;
/// a file reached twice through the same path is kept once.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    discover_as(paths, Look::Stat, None)
}

/// As [`discover`], but a file its folder lists as a regular file is not stat'ed: it is
/// left [`Unchecked`], for the read to look at the open file (one lookup of its name, not
/// two). [`Discovery::settle`] then gives what [`discover`] would have. With several
/// roots, every file is looked at: a file reached twice is dropped by its path, and
/// only a file looked at is known to be skipped or kept.
pub fn discover_unchecked(paths: &[PathBuf]) -> Discovery {
    match paths.len() {
        1 => discover_as(paths, Look::Later, None),
        _ => discover(paths),
    }
}

/// Files found, in order, handed on `BATCH` at a time as the walk goes: each file with
/// whether the walk looked at it.
pub type Sink<'a> = &'a mut dyn FnMut(Vec<Found>, Vec<bool>);

/// As [`discover_unchecked`], handing the files to `sink` in batches of `batch` as they
/// are found, so that they can be read while the walk goes on. The discovery returned has
/// no files: put together in order, the batches are its files.
pub fn discover_unchecked_to(paths: &[PathBuf], batch: usize, sink: Sink) -> Discovery {
    let mut found = match paths.len() {
        1 => discover_as(paths, Look::Later, Some((batch.max(1), &mut *sink))),
        _ => discover(paths),
    };
    // Files not handed on yet: all of them, unless one folder was walked (it hands on
    // every file, and then `files` is empty and the places are not among them).
    if found.files.is_empty() {
        return found;
    }
    let mut checked = found.checked();
    let mut files = std::mem::take(&mut found.files);
    while !files.is_empty() {
        let rest = files.split_off(files.len().min(batch.max(1)));
        let flags = checked.split_off(files.len());
        sink(
            std::mem::replace(&mut files, rest),
            std::mem::replace(&mut checked, flags),
        );
    }
    found
}

/// Whether the walk stats a regular document file, or leaves that to its read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Stat,
    Later,
}

/// A sink, with the number of files it takes at a time.
type Batches<'a, 's> = Option<(usize, &'a mut (dyn FnMut(Vec<Found>, Vec<bool>) + 's))>;

fn discover_as(paths: &[PathBuf], look: Look, mut batches: Batches<'_, '_>) -> Discovery {
    super::progress::start(super::progress::Step::Finding, 0);
    let mut out = Discovery::default();
    let mut seen_files = HashSet::new();
    for root in paths {
        let mut files = Vec::new();
        let mut unchecked = Unchecked::default();
        let sink = batches.as_mut().map(|(n, sink)| (*n, &mut **sink));
        walk_root(
            root,
            look,
            sink,
            &mut files,
            &mut unchecked,
            &mut out.skipped,
        );
        if paths.len() > 1 {
            files.retain(|f| seen_files.insert(f.path.clone()));
        }
        // Only one root is walked so (see `discover_unchecked`).
        if look == Look::Later {
            out.unchecked = Some(unchecked);
        }
        out.files.extend(files);
    }
    out
}

fn skip(path: &Path, reason: &str) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Collect the document files under one root, in path order: each folder's entries are
/// sorted by name and walked depth first.
fn walk_root(
    root: &Path,
    look: Look,
    batches: Batches<'_, '_>,
    files: &mut Vec<Found>,
    unchecked: &mut Unchecked,
    skipped: &mut Vec<Skipped>,
) {
    let meta = match fs::metadata(root) {
        Ok(m) => m,
        Err(e) => return skipped.push(skip(root, &e.to_string())),
    };
    if !meta.is_dir() {
        match check(&meta) {
            Ok(()) => {
                unchecked.looked_at.push(files.len());
                files.push(Found {
                    path: root.to_path_buf(),
                    name: root
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    stamp: FileStamp::of(&meta),
                })
            }
            Err(why) => skipped.push(skip(root, &why)),
        }
        return;
    }
    let mut visited = HashSet::new();
    visited.insert(dir_id(root, &meta));
    let mut walk = Walk {
        look,
        visited,
        files,
        unchecked,
        skipped,
        batches,
        handed: 0,
        checked: Vec::new(),
    };
    walk.dir(scan(root, "", look));
    // The last batch, full or not.
    if let Some((_, sink)) = &mut walk.batches {
        if !walk.files.is_empty() {
            sink(
                std::mem::take(walk.files),
                std::mem::take(&mut walk.checked),
            );
        }
    }
}

/// One entry of a folder, looked at.
enum Seen {
    File(Found),
    /// A regular file as its folder says, not stat'ed ([`Look::Later`]).
    Unchecked(Found),
    Dir(PathBuf, String, Metadata),
    Skip(Skipped),
    Ignore,
}

/// A folder's entries looked at, in name order, and the entries that could not be read.
struct Scan {
    seen: Vec<Seen>,
    errors: Vec<Skipped>,
}

/// List a folder and look at its entries (stat'ed in parallel, relative to the open folder,
/// which is cheap); `Err` if it cannot be listed.
fn scan(dir: &Path, prefix: &str, how: Look) -> Result<Scan, Skipped> {
    let entries = fs::read_dir(dir).map_err(|e| skip(dir, &e.to_string()))?;
    let mut errors = Vec::new();
    // Each name is taken once, not at every comparison of the sort.
    let mut entries: Vec<(std::ffi::OsString, fs::DirEntry)> = entries
        .filter_map(|e| e.map_err(|e| errors.push(skip(dir, &e.to_string()))).ok())
        .map(|e| (e.file_name(), e))
        .collect();
    // Names in a folder differ, so an unstable sort gives the one order.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let seen = super::library::on_io(|| {
        entries
            .par_iter()
            .map(|(_, e)| look(e, prefix, how))
            .collect()
    });
    Ok(Scan { seen, errors })
}

/// Subfolders scanned together: enough to keep the I/O threads busy, few enough that the
/// entries of only a few folders wait in memory beside the files found.
const SCAN_AHEAD: usize = 16;

/// The state of one root's walk.
struct Walk<'a, 's> {
    look: Look,
    visited: HashSet<(u64, u64, PathBuf)>,
    files: &'a mut Vec<Found>,
    unchecked: &'a mut Unchecked,
    skipped: &'a mut Vec<Skipped>,
    /// Where full batches of files go, if anywhere.
    batches: Batches<'a, 's>,
    /// How many files went there.
    handed: usize,
    /// Whether each file in `files` was looked at, when there is a sink.
    checked: Vec<bool>,
}

impl Walk<'_, '_> {
    /// Keep a file found, `looked_at` or not, noting where the skips so far fall.
    fn found(&mut self, f: Found, looked_at: bool) {
        if self.look == Look::Later {
            let n = self.handed + self.files.len();
            let u = &mut *self.unchecked;
            u.skip_places.resize(self.skipped.len(), n);
            if looked_at {
                u.looked_at.push(n);
            }
        }
        self.files.push(f);
        if let Some((batch, sink)) = &mut self.batches {
            self.checked.push(looked_at);
            if self.files.len() == *batch {
                self.handed += *batch;
                sink(
                    std::mem::take(self.files),
                    std::mem::take(&mut self.checked),
                );
            }
        }
    }

    /// Walk a folder already scanned, depth first in name order. Its subfolders are
    /// scanned [`SCAN_AHEAD`] at a time, in parallel, before they are walked in order (a
    /// folder found to be visited already is then not walked).
    fn dir(&mut self, scanned: Result<Scan, Skipped>) {
        let Scan { seen, errors } = match scanned {
            Ok(s) => s,
            Err(why) => return self.skipped.push(why),
        };
        self.skipped.extend(errors);
        let dirs: Vec<(PathBuf, String)> = seen
            .iter()
            .filter_map(|s| match s {
                Seen::Dir(path, name, _) => Some((path.clone(), format!("{name}/"))),
                _ => None,
            })
            .collect();
        let mut ahead = dirs.chunks(SCAN_AHEAD);
        let mut scans = Vec::new().into_iter();
        for s in seen {
            match s {
                Seen::File(f) => self.found(f, true),
                Seen::Unchecked(f) => self.found(f, false),
                Seen::Skip(s) => self.skipped.push(s),
                Seen::Ignore => {}
                Seen::Dir(path, _, meta) => {
                    if scans.as_slice().is_empty() {
                        let group = ahead.next().unwrap_or_default();
                        let how = self.look;
                        let group: Vec<_> = super::library::on_io(|| {
                            group
                                .par_iter()
                                .map(|(p, prefix)| scan(p, prefix, how))
                                .collect()
                        });
                        scans = group.into_iter();
                    }
                    let scanned = scans.next().unwrap_or_else(|| Err(skip(&path, "lost")));
                    if self.visited.insert(dir_id(&path, &meta)) {
                        self.dir(scanned);
                    } else {
                        let why = skip(&path, "folder already visited (symlink loop)");
                        self.skipped.push(why);
                    }
                }
            }
        }
    }
}

fn look(entry: &fs::DirEntry, prefix: &str, how: Look) -> Seen {
    let os_name = entry.file_name();
    let file_name = os_name.to_string_lossy();
    let Ok(kind) = entry.file_type() else {
        return Seen::Skip(skip(&entry.path(), "cannot read file type"));
    };
    let is_doc = Format::of_name(&file_name).is_some();
    if !is_doc && !kind.is_dir() && !kind.is_symlink() {
        return Seen::Ignore;
    }
    if kind.is_dir() && is_saved_page_folder(&file_name) {
        return Seen::Ignore;
    }
    let path = entry.path();
    let name = format!("{prefix}{file_name}");
    // The file type comes from the folder listing where the file system gives it (else
    // from a stat, in std).
    if how == Look::Later && is_doc && kind.is_file() {
        let stamp = FileStamp::default();
        return Seen::Unchecked(Found { path, name, stamp });
    }
    // Links are followed; other entries are stat'ed relative to the folder.
    let meta = if kind.is_symlink() {
        fs::metadata(&path)
    } else {
        entry.metadata()
    };
    match meta {
        Ok(m) if m.is_dir() => Seen::Dir(path, name, m),
        Ok(m) if is_doc => match check(&m) {
            Ok(()) => Seen::File(Found {
                path,
                name,
                stamp: FileStamp::of(&m),
            }),
            Err(why) => Seen::Skip(skip(&path, &why)),
        },
        Ok(_) => Seen::Ignore,
        Err(e) if is_doc || kind.is_dir() => Seen::Skip(skip(&path, &format!("cannot open: {e}"))),
        Err(_) => Seen::Ignore,
    }
}

/// The folder of images and scripts a browser saves beside a page ("Bài_files").
fn is_saved_page_folder(name: &str) -> bool {
    name.ends_with("_files") || name.ends_with("-Dateien") || name.ends_with("_fichiers")
}

/// What identifies a folder on disk, so a link back to it is noticed.
#[cfg(unix)]
fn dir_id(_path: &Path, meta: &Metadata) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn dir_id(path: &Path, _meta: &Metadata) -> (u64, u64, PathBuf) {
    (
        0,
        0,
        fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn read_file_takes_only_regular_files_under_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        // A pipe with no writer: opening it must not wait, and it is refused.
        let fifo = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_file(&fifo).unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
        // A sparse file just over the limit.
        let big = dir.path().join("big.txt");
        fs::File::create(&big)
            .unwrap()
            .set_len(MAX_SIZE + 1)
            .unwrap();
        let err = read_file(&big).unwrap_err();
        assert!(
            err.contains("64.0 MB") && err.contains("limit is 64 MB"),
            "{err}"
        );
        let ok = dir.path().join("ok.txt");
        fs::write(&ok, "Bài").unwrap();
        assert_eq!(read_file(&ok).unwrap(), "Bài".as_bytes());
    }

    #[test]
    fn document_extensions_any_case() {
        let is_doc = |n: &str| Format::of_name(n).is_some();
        assert!(is_doc("a.txt") && is_doc("B.TXT") && is_doc("c.html") && is_doc("d.DOCX"));
        assert!(!is_doc(".txt"));
        assert!(!is_doc("a.text"));
        assert!(!is_doc("ả.md"));
        assert!(is_saved_page_folder("Bài_files") && !is_saved_page_folder("files"));
    }
}
