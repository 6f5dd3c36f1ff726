//! The bodies file: every document's folded body, for full-text search.
//!
//! Layout: magic, format version, id (shared with the index written with it), count,
//! total length, content hash (all little-endian), then `count` end offsets (u64) and the
//! bodies end to end.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::{hash64, write_atomic, FORMAT_VERSION};
use crate::corpus::Folded;

const MAGIC: &[u8; 8] = b"VANBANBD";
const HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8;

/// Where one body of a new bodies file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// Body `i` of the old bodies file.
    Old(usize),
    /// Body `i` of the bodies just folded.
    Fresh(usize),
}

/// Write a bodies file, copying old bodies from `old` and new ones from `fresh`.
pub(super) fn write(
    path: &Path,
    id: u64,
    from: &[Source],
    fresh: &Folded,
    mut old: Option<OldBodies>,
) -> io::Result<()> {
    let mut ends = Vec::with_capacity(from.len());
    let mut total = 0u64;
    for b in from {
        total += match *b {
            Source::Old(i) => old.as_ref().map_or(0, |o| o.len(i)),
            Source::Fresh(i) => fresh.get(i).len() as u64,
        };
        ends.push(total);
    }
    // The hash goes in the header, so it is computed in a first pass.
    let mut hasher = Hasher::default();
    for e in &ends {
        hasher.add(&e.to_le_bytes());
    }
    let mut buf = Vec::new();
    for b in from {
        hasher.add(body(*b, &mut old, fresh, &mut buf)?);
    }
    let hash = hasher.finish();
    write_atomic(path, |w| {
        w.write_all(MAGIC)?;
        w.write_all(&FORMAT_VERSION.to_le_bytes())?;
        w.write_all(&id.to_le_bytes())?;
        w.write_all(&(from.len() as u64).to_le_bytes())?;
        w.write_all(&total.to_le_bytes())?;
        w.write_all(&hash.to_le_bytes())?;
        for e in &ends {
            w.write_all(&e.to_le_bytes())?;
        }
        for b in from {
            w.write_all(body(*b, &mut old, fresh, &mut buf)?)?;
        }
        Ok(())
    })
}

fn body<'a>(
    b: Source,
    old: &mut Option<OldBodies>,
    fresh: &'a Folded,
    buf: &'a mut Vec<u8>,
) -> io::Result<&'a [u8]> {
    match (b, old) {
        (Source::Fresh(i), _) => Ok(fresh.get(i)),
        (Source::Old(i), Some(o)) => {
            o.read(i, buf)?;
            Ok(buf)
        }
        (Source::Old(_), None) => Ok(&[]),
    }
}

/// Hash of a sequence of pieces.
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

fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

/// Read and check the header; `(total length, content hash)`.
fn header(file: &mut impl Read, id: u64, count: usize) -> Option<(u64, u64)> {
    let mut head = [0u8; HEADER];
    file.read_exact(&mut head).ok()?;
    let version = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default());
    let ok = &head[..8] == MAGIC
        && version == FORMAT_VERSION
        && word(&head, 12) == id
        && word(&head, 20) == count as u64;
    ok.then(|| (word(&head, 28), word(&head, 36)))
}

/// An old bodies file read body by body, for copying into a new one.
pub(super) struct OldBodies {
    file: BufReader<File>,
    ends: Vec<u64>,
    data_start: u64,
}

impl OldBodies {
    /// Open a bodies file, checking its header, size and table (not its content hash).
    pub fn open(path: &Path, id: u64, count: usize) -> Option<OldBodies> {
        let mut file = BufReader::new(File::open(path).ok()?);
        let (total, _) = header(&mut file, id, count)?;
        let data_start = (HEADER as u64).checked_add((count as u64).checked_mul(8)?)?;
        if file.get_ref().metadata().ok()?.len() != data_start.checked_add(total)? {
            return None;
        }
        let mut table = vec![0u8; count * 8];
        file.read_exact(&mut table).ok()?;
        let ends: Vec<u64> = (0..count).map(|i| word(&table, i * 8)).collect();
        let sorted = ends.windows(2).all(|w| w[0] <= w[1]);
        (sorted && ends.last().copied().unwrap_or(0) == total).then_some(OldBodies {
            file,
            ends,
            data_start,
        })
    }

    fn start(&self, i: usize) -> u64 {
        if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        }
    }

    fn len(&self, i: usize) -> u64 {
        self.ends.get(i).map_or(0, |&e| e - self.start(i))
    }

    fn read(&mut self, i: usize, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.resize(self.len(i) as usize, 0);
        let pos = self.data_start + self.start(i);
        if self.file.stream_position()? != pos {
            self.file.seek(SeekFrom::Start(pos))?;
        }
        self.file.read_exact(buf)
    }
}

/// Read a whole bodies file, checking everything; `None` if anything is off.
pub(super) fn read(path: &Path, id: u64, count: usize) -> Option<Folded> {
    let mut file = File::open(path).ok()?;
    let (total, hash) = header(&mut file, id, count)?;
    let table_len = count.checked_mul(8)?;
    let expected = (HEADER as u64)
        .checked_add(table_len as u64)?
        .checked_add(total)?;
    if file.metadata().ok()?.len() != expected {
        return None;
    }
    let mut table = vec![0u8; table_len];
    file.read_exact(&mut table).ok()?;
    let mut buf = vec![0u8; usize::try_from(total).ok()?];
    file.read_exact(&mut buf).ok()?;
    let mut hasher = Hasher::default();
    let ends: Vec<usize> = table
        .chunks_exact(8)
        .map(|w| {
            hasher.add(w);
            word(w, 0) as usize
        })
        .collect();
    let folded = Folded::from_parts(buf, ends)?;
    for i in 0..folded.len() {
        hasher.add(folded.get(i));
    }
    (hasher.finish() == hash).then_some(folded)
}
