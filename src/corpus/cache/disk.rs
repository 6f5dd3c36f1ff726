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
pub const FORMAT_VERSION: u32 = 5;

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
