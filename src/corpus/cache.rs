//! The cache of an extracted library, so a second start reads no document.
//!
//! Two files per set of paths, in the cache folder (`$XDG_CACHE_HOME/vanban` on Linux):
//! `lib-KEY.idx` holds every document's facts keyed by path, size and mtime (postcard), and
//! `lib-KEY.bodies` the folded bodies for full-text search, read only when first needed.
//! A changed file is read again, a deleted one dropped. Each file starts with a magic, a
//! format version, the build of vanban that wrote it and a hash of its content; anything
//! that does not match makes the cache rebuilt, never a crash. Files are written to a
//! temporary name and renamed into place.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::bodies::{Folded, Lazy};
use super::discover::{discover, FileStamp, Found};
use super::document::hash64;
use super::library::read_files;
use super::{Bodies, Document, Library, Skipped};

/// Bump when the layout of the cache files or of [`Document`] changes.
pub const FORMAT_VERSION: u32 = 1;

const IDX_MAGIC: &[u8; 8] = b"VANBANIX";
const BODIES_MAGIC: &[u8; 8] = b"VANBANBD";
/// Magic, version, build, bodies id, payload length, payload hash.
const IDX_HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8;
/// Magic, version, bodies id, count, buffer length, content hash.
const BODIES_HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8;
/// Entries per independently decoded chunk of the index.
const CHUNK: usize = 2048;

/// The cache folder of this user (`None` if there is no home to put it in).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "vanban").map(|d| d.cache_dir().to_path_buf())
}

/// What a cached load did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Documents (and skipped files) taken from the cache.
    pub reused: usize,
    /// Files read from disk because they were new or changed.
    pub read: usize,
    /// Cached documents whose files are gone.
    pub dropped: usize,
    /// Why an existing cache was not used (damaged, older format …).
    pub invalid: Option<String>,
    /// True when the cache files were (re)written.
    pub written: bool,
    /// Why writing the cache failed.
    pub write_error: Option<String>,
}

/// One cached file: its stamp and what reading it gave.
#[derive(Serialize, Deserialize)]
struct Entry<D> {
    path: PathBuf,
    stamp: FileStamp,
    what: What<D>,
}

#[derive(Serialize, Deserialize)]
enum What<D> {
    Doc(D),
    Skipped(String),
}

/// Load the library under `paths`, reusing the cache in `dir` and updating it.
pub fn load(paths: &[PathBuf], dir: &Path) -> (Library, Report) {
    let mut report = Report::default();
    let found = discover(paths);
    let (idx_path, bodies_path) = files_for(paths, dir);

    let old = match read_index(&idx_path) {
        Ok(o) => o,
        Err(why) => {
            if idx_path.exists() {
                report.invalid = Some(why);
            }
            OldIndex::default()
        }
    };
    let mut old_entries: Vec<Option<Entry<Document>>> = old.entries.into_iter().map(Some).collect();
    let by_path: HashMap<PathBuf, usize> = old_entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.as_ref().map(|e| (e.path.clone(), i)))
        .collect();

    // For each file found: the cache entry to reuse, or None to read it.
    let mut plan: Vec<Option<usize>> = Vec::with_capacity(found.files.len());
    for f in &found.files {
        let hit = by_path
            .get(&f.path)
            .copied()
            .filter(|&i| old_entries[i].as_ref().is_some_and(|e| e.stamp == f.stamp));
        plan.push(hit);
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
    let mut fresh_docs = fresh.docs.into_iter().peekable();
    let mut fresh_skips: HashMap<PathBuf, String> = fresh
        .skipped
        .into_iter()
        .map(|s| (s.path, s.reason))
        .collect();
    let mut entries: Vec<Entry<Document>> = Vec::with_capacity(found.files.len());
    // Where each document's folded body is: Ok(old body index) or Err(fresh body index).
    let mut body_from: Vec<Result<usize, usize>> = Vec::new();
    let mut read_pos = 0;
    let mut fresh_body = 0;
    let mut old_body_of = vec![usize::MAX; old_entries.len()];
    let mut n = 0;
    for (i, e) in old_entries.iter().enumerate() {
        if matches!(
            e,
            Some(Entry {
                what: What::Doc(_),
                ..
            })
        ) {
            old_body_of[i] = n;
            n += 1;
        }
    }
    for (f, p) in found.files.iter().zip(&plan) {
        match p {
            Some(i) => {
                let e = old_entries[*i]
                    .take()
                    .expect("each cache entry is used once");
                if matches!(e.what, What::Doc(_)) {
                    body_from.push(Ok(old_body_of[*i]));
                }
                report.reused += 1;
                entries.push(e);
            }
            None => {
                let what = match fresh_docs.next_if(|(k, _)| *k == read_pos) {
                    Some((_, doc)) => {
                        body_from.push(Err(fresh_body));
                        fresh_body += 1;
                        What::Doc(doc)
                    }
                    None => What::Skipped(
                        fresh_skips
                            .remove(&f.path)
                            .unwrap_or_else(|| "could not be read".into()),
                    ),
                };
                read_pos += 1;
                entries.push(Entry {
                    path: f.path.clone(),
                    stamp: f.stamp,
                    what,
                });
            }
        }
    }
    report.dropped = old_entries.iter().filter(|e| e.is_some()).count();
    drop(old_entries);

    let changed =
        report.read > 0 || report.dropped > 0 || report.invalid.is_some() || !idx_path.exists();
    let mut bodies_id = old.bodies_id;
    let mut in_memory = None;
    if changed {
        bodies_id = new_id();
        let all_fresh = body_from.iter().all(|b| b.is_err());
        let written = fs::create_dir_all(dir)
            .and_then(|_| {
                write_bodies(
                    &bodies_path,
                    bodies_id,
                    &body_from,
                    &fresh.folded,
                    &old.bodies_path,
                )
            })
            .and_then(|_| write_index(&idx_path, bodies_id, &entries));
        match written {
            Ok(()) => report.written = true,
            Err(e) => report.write_error = Some(e.to_string()),
        }
        if all_fresh || !report.written {
            in_memory = Some(fresh.folded);
        }
    }

    let mut docs = Vec::with_capacity(entries.len());
    let mut skipped = found.skipped;
    for e in entries {
        match e.what {
            What::Doc(d) => docs.push(d),
            What::Skipped(reason) => skipped.push(Skipped {
                path: e.path,
                reason,
            }),
        }
    }
    let bodies = match in_memory {
        Some(folded) if folded.len() == docs.len() => Bodies::ready(folded),
        _ => Bodies::lazy(Lazy {
            file: Some({
                let n = docs.len();
                Box::new(move || read_bodies(&bodies_path, bodies_id, n))
            }),
            sources: docs.iter().map(|d| (d.path.clone(), d.stamp())).collect(),
        }),
    };
    (Library::with_bodies(docs, skipped, bodies), report)
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

#[derive(Default)]
struct OldIndex {
    entries: Vec<Entry<Document>>,
    bodies_id: u64,
    /// The bodies file that goes with this index, if any.
    bodies_path: Option<PathBuf>,
}

fn read_index(path: &Path) -> Result<OldIndex, String> {
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    if bytes.len() < IDX_HEADER || &bytes[..8] != IDX_MAGIC {
        return Err("not a vanban cache".into());
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap_or_default());
    if version != FORMAT_VERSION {
        return Err(format!("cache format {version}, expected {FORMAT_VERSION}"));
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    if word(12) != build_id() {
        return Err("cache written by another build of vanban".into());
    }
    let bodies_id = word(20);
    let len = word(28) as usize;
    let hash = word(36);
    let payload = &bytes[IDX_HEADER..];
    if payload.len() != len || hash64(payload) != hash {
        return Err("cache damaged (length or checksum)".into());
    }
    let chunks: Vec<&[u8]> =
        postcard::from_bytes(payload).map_err(|e| format!("cache damaged: {e}"))?;
    let decoded: Result<Vec<Vec<Entry<Document>>>, _> = chunks
        .par_iter()
        .map(|c| postcard::from_bytes::<Vec<Entry<Document>>>(c))
        .collect();
    let entries = decoded
        .map_err(|e| format!("cache damaged: {e}"))?
        .into_iter()
        .flatten()
        .collect();
    Ok(OldIndex {
        entries,
        bodies_id,
        bodies_path: Some(path.with_extension("bodies")),
    })
}

fn write_index(path: &Path, bodies_id: u64, entries: &[Entry<Document>]) -> io::Result<()> {
    let chunks: Result<Vec<Vec<u8>>, postcard::Error> = entries
        .par_chunks(CHUNK)
        .map(|c| {
            let refs: Vec<Entry<&Document>> = c
                .iter()
                .map(|e| Entry {
                    path: e.path.clone(),
                    stamp: e.stamp,
                    what: match &e.what {
                        What::Doc(d) => What::Doc(d),
                        What::Skipped(r) => What::Skipped(r.clone()),
                    },
                })
                .collect();
            postcard::to_stdvec(&refs)
        })
        .collect();
    let chunks = chunks.map_err(io::Error::other)?;
    let slices: Vec<&[u8]> = chunks.iter().map(|c| c.as_slice()).collect();
    let payload = postcard::to_stdvec(&slices).map_err(io::Error::other)?;
    write_atomic(path, |w| {
        w.write_all(IDX_MAGIC)?;
        w.write_all(&FORMAT_VERSION.to_le_bytes())?;
        w.write_all(&build_id().to_le_bytes())?;
        w.write_all(&bodies_id.to_le_bytes())?;
        w.write_all(&(payload.len() as u64).to_le_bytes())?;
        w.write_all(&hash64(&payload).to_le_bytes())?;
        w.write_all(&payload)
    })
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

/// Write the bodies file: each body comes from the old bodies file (`Ok(index)`) or from
/// the bodies just folded (`Err(index)`).
fn write_bodies(
    path: &Path,
    id: u64,
    from: &[Result<usize, usize>],
    fresh: &Folded,
    old_path: &Option<PathBuf>,
) -> io::Result<()> {
    let mut old = match old_path {
        Some(p) if from.iter().any(|b| b.is_ok()) => Some(OldBodies::open(p)?),
        _ => None,
    };
    // Lengths first, to write the table of ends before the bytes.
    let mut ends = Vec::with_capacity(from.len());
    let mut total = 0u64;
    for b in from {
        let len = match b {
            Ok(i) => old.as_ref().map_or(0, |o| o.len(*i)),
            Err(i) => fresh.get(*i).len() as u64,
        };
        total += len;
        ends.push(total);
    }
    // The content hash covers the ends and the bytes, computed before writing.
    let mut hasher = Hasher::default();
    for e in &ends {
        hasher.add(&e.to_le_bytes());
    }
    let mut buf = Vec::new();
    for b in from {
        hasher.add(body(b, &mut old, fresh, &mut buf)?);
    }
    let hash = hasher.finish();
    write_atomic(path, |w| {
        w.write_all(BODIES_MAGIC)?;
        w.write_all(&FORMAT_VERSION.to_le_bytes())?;
        w.write_all(&id.to_le_bytes())?;
        w.write_all(&(from.len() as u64).to_le_bytes())?;
        w.write_all(&total.to_le_bytes())?;
        w.write_all(&hash.to_le_bytes())?;
        for e in &ends {
            w.write_all(&e.to_le_bytes())?;
        }
        for b in from {
            w.write_all(body(b, &mut old, fresh, &mut buf)?)?;
        }
        Ok(())
    })
}

fn body<'a>(
    b: &Result<usize, usize>,
    old: &mut Option<OldBodies>,
    fresh: &'a Folded,
    buf: &'a mut Vec<u8>,
) -> io::Result<&'a [u8]> {
    match b {
        Err(i) => Ok(fresh.get(*i)),
        Ok(i) => match old {
            Some(o) => {
                o.read(*i, buf)?;
                Ok(buf)
            }
            None => Ok(&[]),
        },
    }
}

/// Hash of a stream of pieces, as [`hash64`] of each piece combined.
#[derive(Default)]
struct Hasher(u64);

impl Hasher {
    fn add(&mut self, piece: &[u8]) {
        self.0 = (self.0 ^ hash64(piece))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(23);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// An old bodies file read body by body, for copying into a new one.
struct OldBodies {
    file: BufReader<File>,
    ends: Vec<u64>,
    data_start: u64,
}

impl OldBodies {
    fn open(path: &Path) -> io::Result<OldBodies> {
        let bad = || io::Error::new(io::ErrorKind::InvalidData, "damaged bodies file");
        let mut file = BufReader::new(File::open(path)?);
        let mut head = [0u8; BODIES_HEADER];
        file.read_exact(&mut head)?;
        if &head[..8] != BODIES_MAGIC {
            return Err(bad());
        }
        let word = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().unwrap_or_default());
        let count = word(20) as usize;
        let file_len = file.get_ref().metadata()?.len();
        if count as u64 > file_len / 8 {
            return Err(bad());
        }
        let mut table = vec![0u8; count * 8];
        file.read_exact(&mut table)?;
        let ends: Vec<u64> = table
            .chunks_exact(8)
            .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
            .collect();
        let data_start = (BODIES_HEADER + count * 8) as u64;
        if ends.windows(2).any(|w| w[0] > w[1])
            || ends.last().is_some_and(|&e| data_start + e > file_len)
        {
            return Err(bad());
        }
        Ok(OldBodies {
            file,
            ends,
            data_start,
        })
    }

    fn len(&self, i: usize) -> u64 {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        self.ends.get(i).map_or(0, |&e| e - start)
    }

    fn read(&mut self, i: usize, buf: &mut Vec<u8>) -> io::Result<()> {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        buf.resize(self.len(i) as usize, 0);
        let pos = self.data_start + start;
        if self.file.stream_position()? != pos {
            self.file.seek(SeekFrom::Start(pos))?;
        }
        self.file.read_exact(buf)
    }
}

fn read_bodies(path: &Path, id: u64, count: usize) -> Option<Folded> {
    let mut file = File::open(path).ok()?;
    let mut head = [0u8; BODIES_HEADER];
    file.read_exact(&mut head).ok()?;
    let word = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().unwrap_or_default());
    let version = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default());
    if &head[..8] != BODIES_MAGIC
        || version != FORMAT_VERSION
        || word(12) != id
        || word(20) as usize != count
    {
        return None;
    }
    let total = word(28) as usize;
    let hash = word(36);
    let file_len = file.metadata().ok()?.len() as usize;
    let table_len = count.checked_mul(8)?;
    if file_len != BODIES_HEADER.checked_add(table_len)?.checked_add(total)? {
        return None;
    }
    let mut table = vec![0u8; table_len];
    file.read_exact(&mut table).ok()?;
    let mut buf = vec![0u8; total];
    file.read_exact(&mut buf).ok()?;
    let mut hasher = Hasher::default();
    let ends: Vec<usize> = table
        .chunks_exact(8)
        .map(|w| {
            hasher.add(w);
            u64::from_le_bytes(w.try_into().unwrap_or_default()) as usize
        })
        .collect();
    let folded = Folded::from_parts(buf, ends)?;
    for i in 0..folded.len() {
        hasher.add(folded.get(i));
    }
    (hasher.finish() == hash).then_some(folded)
}
