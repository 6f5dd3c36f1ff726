//! The bodies file: every document's folded body, for full-text search.
//!
//! Layout: magic, format version, id (shared with the index written with it), count,
//! total length, content hash (little-endian), then the bodies end to end, then `count`
//! end offsets (u64). The table comes last so the file can be written as bodies are folded.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use super::disk::{Hasher, TempFile, FORMAT_VERSION};
use crate::corpus::bodies::{FileStore, Stored};
use crate::corpus::Folded;

const MAGIC: &[u8; 8] = b"VANBANBD";
const HEADER: u64 = 8 + 4 + 8 + 8 + 8 + 8;

/// Where one body of a new bodies file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// Body `i` of the old bodies file.
    Old(usize),
    /// Body `i` of the bodies just folded.
    Fresh(usize),
}

/// A bodies file being written, body by body.
pub(super) struct Writer {
    file: TempFile,
    ends: Vec<u64>,
    total: u64,
    hasher: Hasher,
}

impl Writer {
    pub fn create(path: &Path) -> io::Result<Writer> {
        let mut file = TempFile::create(path)?;
        file.write_all(&[0; HEADER as usize])?;
        Ok(Writer {
            file,
            ends: Vec::new(),
            total: 0,
            hasher: Hasher::default(),
        })
    }

    pub fn push(&mut self, body: &[u8]) -> io::Result<()> {
        self.file.write_all(body)?;
        self.hasher.add(body);
        self.total += body.len() as u64;
        self.ends.push(self.total);
        Ok(())
    }

    /// Number of bodies pushed.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Write the table and header and move the file into place.
    pub fn finish(mut self, path: &Path, id: u64) -> io::Result<()> {
        let table: Vec<u8> = self.ends.iter().flat_map(|e| e.to_le_bytes()).collect();
        self.file.write_all(&table)?;
        self.hasher.add(&table);
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(MAGIC)?;
        self.file.write_all(&FORMAT_VERSION.to_le_bytes())?;
        self.file.write_all(&id.to_le_bytes())?;
        self.file
            .write_all(&(self.ends.len() as u64).to_le_bytes())?;
        self.file.write_all(&self.total.to_le_bytes())?;
        self.file.write_all(&self.hasher.finish().to_le_bytes())?;
        self.file.commit(path)
    }
}

/// Write a bodies file taking each body from the old file or from `fresh`.
pub(super) fn write(
    path: &Path,
    id: u64,
    from: &[Source],
    fresh: &Folded,
    old: Option<&FileStore>,
) -> io::Result<()> {
    let mut w = Writer::create(path)?;
    let mut buf = Vec::new();
    for b in from {
        match (*b, old) {
            (Source::Fresh(i), _) => w.push(fresh.get(i))?,
            (Source::Old(i), Some(old)) => {
                let ends = old.ends();
                let start = if i == 0 { 0 } else { ends[i - 1] };
                buf.resize((ends[i] - start) as usize, 0);
                old.read_at(start, &mut buf)?;
                w.push(&buf)?;
            }
            (Source::Old(_), None) => w.push(&[])?,
        }
    }
    w.finish(path, id)
}

fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

/// The id and number of bodies a bodies file's header gives (not checked further).
pub(super) fn head(path: &Path) -> Option<(u64, usize)> {
    let mut head = [0u8; HEADER as usize];
    File::open(path).ok()?.read_exact(&mut head).ok()?;
    (&head[..8] == MAGIC).then(|| (word(&head, 12), word(&head, 20) as usize))
}

/// Open a bodies file written with `id` for `count` documents, checking its header, size
/// and table, and with `verify` its content hash too.
pub(super) fn open(path: &Path, id: u64, count: usize, verify: bool) -> Option<FileStore> {
    let mut file = File::open(path).ok()?;
    let mut head = [0u8; HEADER as usize];
    file.read_exact(&mut head).ok()?;
    let version = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default());
    if &head[..8] != MAGIC
        || version != FORMAT_VERSION
        || word(&head, 12) != id
        || word(&head, 20) != count as u64
    {
        return None;
    }
    let (total, hash) = (word(&head, 28), word(&head, 36));
    let table_len = (count as u64).checked_mul(8)?;
    if file.metadata().ok()?.len() != HEADER.checked_add(total)?.checked_add(table_len)? {
        return None;
    }
    file.seek(SeekFrom::Start(HEADER + total)).ok()?;
    let mut table = vec![0u8; usize::try_from(table_len).ok()?];
    file.read_exact(&mut table).ok()?;
    let ends: Vec<u64> = (0..count).map(|i| word(&table, i * 8)).collect();
    let sorted = ends.windows(2).all(|w| w[0] <= w[1]);
    if !sorted || ends.last().copied().unwrap_or(0) != total {
        return None;
    }
    let store = FileStore {
        file: Mutex::new(file),
        data_start: HEADER,
        ends,
    };
    if verify {
        let mut hasher = Hasher::default();
        hash_bodies(&store, &mut hasher).ok()?;
        hasher.add(&table);
        if hasher.finish() != hash {
            return None;
        }
    }
    Some(store)
}

/// Add every body to `hasher`, reading a few megabytes at a time.
fn hash_bodies(store: &FileStore, hasher: &mut Hasher) -> io::Result<()> {
    const BLOCK: u64 = 4 << 20;
    let ends = store.ends();
    let start = |i: usize| if i == 0 { 0 } else { ends[i - 1] };
    let mut buf = Vec::new();
    let mut i = 0;
    while i < ends.len() {
        let first = start(i);
        let mut j = i + 1;
        while j < ends.len() && ends[j] - first <= BLOCK {
            j += 1;
        }
        buf.resize((ends[j - 1] - first) as usize, 0);
        store.read_at(first, &mut buf)?;
        for k in i..j {
            hasher.add(&buf[(start(k) - first) as usize..(ends[k] - first) as usize]);
        }
        i = j;
    }
    Ok(())
}
