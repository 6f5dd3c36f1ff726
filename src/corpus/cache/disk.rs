//! What every cache file uses: its name for a set of paths, the build and write ids,
//! a file written under a temporary name, and a hash of pieces.

use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::corpus::discover::FileStamp;
use crate::corpus::document::hash64;

/// Bump when the layout of the cache files or of [`Document`] changes.
pub const FORMAT_VERSION: u32 = 6;

/// The index and bodies file names for this set of paths.
pub(super) fn files_for(paths: &[PathBuf], dir: &Path) -> (PathBuf, PathBuf) {
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
pub(super) fn build_id() -> u64 {
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

pub(super) fn new_id() -> u64 {
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
        if let Some(dir) = beside.parent() {
            sweep(dir);
        }
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

    /// Flush to disk, then rename into place.
    pub fn commit(self, to: &Path) -> io::Result<()> {
        self.commit_with(to, true)
    }

    /// Rename into place without waiting for the disk. Only for a file whose every part is
    /// checked against its hash before it is used (the index): what a crash leaves of it
    /// (cut short, or zeros) is refused and rebuilt, so a flush would buy only wall time
    /// (0.9 s for the 545 MB index of a cold list of 1M documents).
    pub fn commit_unsynced(self, to: &Path) -> io::Result<()> {
        self.commit_with(to, false)
    }

    fn commit_with(mut self, to: &Path, sync: bool) -> io::Result<()> {
        let w = self.file.take().expect("committed once");
        let file = w.into_inner().map_err(|e| e.into_error())?;
        if sync {
            file.sync_all()?;
        }
        fs::rename(&self.tmp, to)
    }
}

/// Remove the temporary files in `dir` left by vanban processes that were killed while
/// writing (a cold load of a million documents leaves more than a gigabyte).
fn sweep(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(writer_pid) else {
            continue;
        };
        if !alive(pid) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// The process that writes a temporary file named `lib-KEY.tmpPID-ID` (see
/// [`TempFile::create`]); `None` for any other name.
fn writer_pid(name: &str) -> Option<i32> {
    let rest = name.strip_prefix("lib-")?;
    let (_, tail) = rest.split_once(".tmp")?;
    let (pid, id) = tail.split_once('-')?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(())?;
    pid.parse().ok().filter(|&p| p > 0)
}

/// True unless no process has this id.
fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
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

/// The pieces [`Hasher::add_pieces`] hashes one by one.
pub(super) const PIECE: usize = 1 << 20;

impl Hasher {
    pub fn add(&mut self, piece: &[u8]) {
        self.mix(hash64(piece));
    }
    /// The same as [`Hasher::add`] on each [`PIECE`] of `bytes`, the pieces hashed in
    /// parallel.
    pub fn add_pieces(&mut self, bytes: &[u8]) {
        let hashes: Vec<u64> = bytes.par_chunks(PIECE).map(hash64).collect();
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

#[cfg(test)]
mod sweep_tests {
    use super::*;

    #[test]
    fn temporary_files_of_dead_writers_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let at = |n: &str| dir.path().join(n);
        // A pid above the kernel's largest (2^22) belongs to no process.
        let dead = at("lib-1234abcd.tmp4194400-9f3a");
        let ours = at(&format!("lib-1234abcd.tmp{}-9f3a", std::process::id()));
        let other = at("notes.tmp4194400-9f3a");
        for f in [&dead, &ours, &other] {
            fs::write(f, b"x").unwrap();
        }
        let t = TempFile::create(&at("lib-1234abcd.idx")).unwrap();
        assert!(!dead.exists(), "a dead writer's file is removed");
        assert!(ours.exists(), "a live writer's file stays");
        assert!(other.exists(), "files not named as the cache's stay");
        drop(t);
        assert_eq!(writer_pid("lib-a.tmp12-ff"), Some(12));
        assert_eq!(writer_pid("lib-a.idx"), None);
        assert_eq!(writer_pid("lib-a.tmp12-"), None);
    }
}
