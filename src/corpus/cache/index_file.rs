//! The index file: every file found (path, stamp, and whether it is a document, a document
//! whose head alone was read, or skipped and why), the heads of the documents (what the list
//! shows and searches), then the documents with all their facts.
//!
//! Layout: magic, format version, build id, bodies id, then for each of the three payloads
//! (files, heads, documents) its length and hash; then the payloads. Files and heads are
//! columns of packed strings and numbers, read back whole with one allocation per column;
//! the documents are a run of chunks (each a postcard list of up to 2,048 entries), their
//! lengths, and their count, so they are written and read a few chunks at a time and chunks
//! decode in parallel. A list needs only the first two payloads.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::disk::{build_id, Hasher, TempFile, FORMAT_VERSION, PIECE};
use super::file_spool::FileSpool;
use crate::corpus::discover::Discovery;
use crate::corpus::discover::FileStamp;
use crate::corpus::progress::{self, Step};
use crate::corpus::Document;
use crate::search::{Heads, Packed};

const MAGIC: &[u8; 8] = b"VANBANIX";
const HEADER: usize = 8 + 4 + 8 + 8 + 6 * 8;
/// Entries per independently decoded chunk.
const CHUNK: usize = 2048;

/// What the cache knows of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A document with all its facts.
    Doc = 0,
    /// A document whose head alone was read (for a list): read again for its facts.
    HeadOnly = 1,
    /// Not a document; the reason is kept.
    Skipped = 2,
}

/// Every file of a library as the cache records it, in discovery order.
#[derive(Debug, Default)]
pub(super) struct FileList {
    paths: Vec<u8>,
    ends: Vec<usize>,
    pub stamps: Vec<FileStamp>,
    pub kinds: Vec<Kind>,
    /// Why each skipped file was skipped, in order.
    pub reasons: Packed,
}

impl FileList {
    pub fn push(&mut self, path: &Path, stamp: FileStamp, kind: Kind, reason: Option<&str>) {
        self.paths
            .extend_from_slice(path.as_os_str().as_encoded_bytes());
        self.ends.push(self.paths.len());
        self.stamps.push(stamp);
        self.kinds.push(kind);
        if kind == Kind::Skipped {
            self.reasons.push(reason.unwrap_or_default());
        }
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// For each file, its rank among the files whose kind passes `keep` (`None` if not).
    pub fn rank_of(&self, keep: impl Fn(Kind) -> bool) -> Vec<Option<usize>> {
        let mut n = 0;
        self.kinds
            .iter()
            .map(|&k| {
                let at = keep(k).then_some(n);
                n += usize::from(keep(k));
                at
            })
            .collect()
    }

    /// The path of file `i`, as bytes.
    pub fn path(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.paths[start..self.ends[i]]
    }
}

/// An index file read back.
pub(super) struct Index {
    pub bodies_id: u64,
    pub files: FileList,
    /// The heads of the documents (not of skipped files), in order; empty when not
    /// asked for.
    pub heads: Heads,
    /// One per file (`None` for a skipped or head-only file); empty when not asked for.
    pub docs: Vec<Option<Document>>,
}

fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

/// What to read of an index file besides the files.
#[derive(Debug, Clone, Copy)]
pub(super) struct Parts {
    pub heads: bool,
    pub docs: bool,
}

/// The header of an index file: its bodies id, and each payload's length and hash.
struct Header {
    bodies_id: u64,
    files: (u64, u64),
    heads: (u64, u64),
    docs: (u64, u64),
}

impl Header {
    /// Where the documents payload starts.
    fn docs_start(&self) -> u64 {
        HEADER as u64 + self.files.0 + self.heads.0
    }
}

/// Open an index file and check its header (magic, version, build, lengths); the file is
/// left just after the header.
fn open(path: &Path) -> Result<(File, Header), String> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let mut head = [0u8; HEADER];
    file.read_exact(&mut head)
        .map_err(|_| "not a vanban cache".to_string())?;
    if &head[..8] != MAGIC {
        return Err("not a vanban cache".into());
    }
    let version = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default());
    if version != FORMAT_VERSION {
        return Err(format!("cache format {version}, expected {FORMAT_VERSION}"));
    }
    if word(&head, 12) != build_id() {
        return Err("cache written by another build of vanban".into());
    }
    let h = Header {
        bodies_id: word(&head, 20),
        files: (word(&head, 28), word(&head, 36)),
        heads: (word(&head, 44), word(&head, 52)),
        docs: (word(&head, 60), word(&head, 68)),
    };
    let file_len = file.metadata().map_err(|e| e.to_string())?.len();
    let total = [h.files.0, h.heads.0, h.docs.0]
        .iter()
        .try_fold(HEADER as u64, |a, &n| a.checked_add(n));
    if Some(file_len) != total {
        return Err("cache damaged (length)".into());
    }
    Ok((file, h))
}

/// Read an index file: the files, and the heads and documents if asked for.
pub(super) fn read(path: &Path, parts: Parts) -> Result<Index, String> {
    let with_docs = parts.docs;
    let (mut file, h) = open(path)?;
    let bodies_id = h.bodies_id;
    let (files_len, files_hash) = h.files;
    let (heads_len, heads_hash) = h.heads;
    let (docs_len, docs_hash) = h.docs;
    let files = read_columns(&mut file, files_len, FILE_COLUMNS)?;
    if columns_hash(&files) != files_hash {
        return Err("cache damaged (checksum)".into());
    }
    let files = parse_files(files).ok_or("cache damaged (files)")?;
    let with_head = files.kinds.iter().filter(|k| **k != Kind::Skipped).count();
    if files.reasons.len() != files.len() - with_head {
        return Err("cache damaged (files)".into());
    }
    let heads = match parts.heads {
        true => {
            let heads = read_columns(&mut file, heads_len, HEAD_COLUMNS)?;
            if columns_hash(&heads) != heads_hash {
                return Err("cache damaged (checksum)".into());
            }
            let heads = parse_heads(heads).ok_or("cache damaged (heads)")?;
            if heads.len() != with_head {
                return Err("cache damaged (heads do not match)".into());
            }
            heads
        }
        false => Heads::default(),
    };
    let docs: Vec<Option<Document>> = if with_docs {
        progress::start(Step::Cache, files.len());
        read_payload(
            &mut file,
            HEADER as u64 + files_len + heads_len,
            docs_len,
            docs_hash,
        )?
    } else {
        Vec::new()
    };
    let consistent = !with_docs
        || (docs.len() == files.len()
            && files
                .kinds
                .iter()
                .zip(&docs)
                .all(|(k, d)| (*k == Kind::Doc) == d.is_some()));
    if !consistent {
        return Err("cache damaged (documents do not match)".into());
    }
    Ok(Index {
        bodies_id,
        files,
        heads,
        docs,
    })
}

/// Columns of the files payload: paths, their ends, stamps, kinds, reasons, their ends.
pub(super) const FILE_COLUMNS: usize = 6;
/// Columns of the heads payload: keys, their ends, folded keys, their ends, dates.
const HEAD_COLUMNS: usize = 5;

/// Read `n` columns (each a length and its bytes) making up `len` bytes at the file's
/// position, each into its own buffer.
pub(super) fn read_columns(file: &mut File, len: u64, n: usize) -> Result<Vec<Vec<u8>>, String> {
    let damaged = || "cache damaged (columns)".to_string();
    let mut left = len;
    let remaining = match (file.metadata(), file.stream_position()) {
        (Ok(m), Ok(at)) => m.len().saturating_sub(at),
        _ => 0,
    };
    let mut columns = Vec::with_capacity(n);
    for _ in 0..n {
        let mut size = [0u8; 8];
        file.read_exact(&mut size).map_err(|_| damaged())?;
        let size = u64::from_le_bytes(size);
        left = left
            .checked_sub(8)
            .and_then(|l| l.checked_sub(size))
            .ok_or_else(damaged)?;
        // Room for exactly the column (grown while read, a buffer keeps up to twice its
        // size), but never more than the file holds: a damaged length must not allocate.
        let mut column = Vec::with_capacity(size.min(remaining) as usize);
        Read::by_ref(file)
            .take(size)
            .read_to_end(&mut column)
            .map_err(|e| e.to_string())?;
        if column.len() as u64 != size {
            return Err(damaged());
        }
        columns.push(column);
    }
    if left != 0 {
        return Err(damaged());
    }
    Ok(columns)
}

/// A column to write: bytes, or a file of them (read from its start) and their length.
pub(super) enum Column<'a> {
    Bytes(Cow<'a, [u8]>),
    Spooled(File, u64),
}

impl Column<'_> {
    pub fn into_owned(self) -> Column<'static> {
        match self {
            Column::Bytes(b) => Column::Bytes(Cow::Owned(b.into_owned())),
            Column::Spooled(file, len) => Column::Spooled(file, len),
        }
    }
}

/// Write columns as [`read_columns`] reads them, each made only when its turn comes and
/// let go once written (at a million files, a column of stamps is 24 MB); returns their
/// length and hash.
pub(super) fn write_columns<'a>(
    w: &mut impl Write,
    columns: impl IntoIterator<Item = Column<'a>>,
) -> io::Result<(u64, u64)> {
    let mut len = 0;
    let mut hasher = Hasher::default();
    for c in columns {
        let size = match &c {
            Column::Bytes(b) => b.len() as u64,
            Column::Spooled(_, size) => *size,
        };
        w.write_all(&size.to_le_bytes())?;
        match c {
            Column::Bytes(b) => {
                w.write_all(&b)?;
                add_column(&mut hasher, &b);
            }
            Column::Spooled(file, size) => {
                hasher.add(&size.to_le_bytes());
                copy_hashed(file, size, w, &mut hasher)?;
            }
        }
        len += 8 + size;
    }
    Ok((len, hasher.finish()))
}

/// Copy `size` bytes of `from` to `to`, hashed as [`Hasher::add_pieces`] hashes them.
fn copy_hashed(
    mut from: File,
    size: u64,
    to: &mut impl Write,
    hasher: &mut Hasher,
) -> io::Result<()> {
    let mut piece = vec![0u8; PIECE];
    let mut left = size;
    while left > 0 {
        let n = left.min(PIECE as u64) as usize;
        from.read_exact(&mut piece[..n])?;
        to.write_all(&piece[..n])?;
        hasher.add(&piece[..n]);
        left -= n as u64;
    }
    Ok(())
}

pub(super) fn columns_hash(columns: &[impl AsRef<[u8]>]) -> u64 {
    let mut hasher = Hasher::default();
    for c in columns {
        add_column(&mut hasher, c.as_ref());
    }
    hasher.finish()
}

fn add_column(hasher: &mut Hasher, c: &[u8]) {
    hasher.add(&(c.len() as u64).to_le_bytes());
    hasher.add_pieces(c);
}

pub(super) fn parse_files(columns: Vec<Vec<u8>>) -> Option<FileList> {
    let [paths, ends, stamps, kinds, reasons, reason_ends]: [Vec<u8>; FILE_COLUMNS] =
        columns.try_into().ok()?;
    let ends = parse_ends(&ends, paths.len())?;
    let n = ends.len();
    if stamps.len() != n.checked_mul(24)? || kinds.len() != n {
        return None;
    }
    let stamps = stamps
        .chunks_exact(24)
        .map(|s| FileStamp {
            size: word(s, 0),
            mtime_ns: (i128::from(word(s, 16) as i64) << 64) | i128::from(word(s, 8)),
        })
        .collect();
    let kinds = kinds
        .iter()
        .map(|k| match k {
            0 => Some(Kind::Doc),
            1 => Some(Kind::HeadOnly),
            2 => Some(Kind::Skipped),
            _ => None,
        })
        .collect::<Option<Vec<Kind>>>()?;
    Some(FileList {
        paths,
        ends,
        stamps,
        kinds,
        reasons: parse_packed(reasons, &reason_ends)?,
    })
}

fn parse_heads(columns: Vec<Vec<u8>>) -> Option<Heads> {
    let [keys, key_ends, folded, folded_ends, dates]: [Vec<u8>; HEAD_COLUMNS] =
        columns.try_into().ok()?;
    // Both string columns are checked for UTF-8 at once.
    let (keys, folded) = rayon::join(
        || parse_packed(keys, &key_ends),
        || parse_packed(folded, &folded_ends),
    );
    let dates = dates
        .chunks_exact(4)
        .map(|d| u32::from_le_bytes([d[0], d[1], d[2], d[3]]))
        .collect();
    Heads::from_parts(keys?, folded?, dates)
}

/// End offsets stored as u64, each at most `limit` and in order.
fn parse_ends(b: &[u8], limit: usize) -> Option<Vec<usize>> {
    if !b.len().is_multiple_of(8) {
        return None;
    }
    let ends: Vec<usize> = b
        .chunks_exact(8)
        .map(|e| usize::try_from(word(e, 0)).unwrap_or(usize::MAX))
        .collect();
    let ordered = ends.windows(2).all(|w| w[0] <= w[1]);
    (ordered && ends.last().is_none_or(|&e| e <= limit)).then_some(ends)
}

fn parse_packed(buf: Vec<u8>, ends: &[u8]) -> Option<Packed> {
    let ends = parse_ends(ends, buf.len())?;
    Packed::from_parts(utf8(buf)?, ends)
}

/// The bytes as a string, if they are UTF-8: checked with SIMD (std's check is several
/// times slower on Vietnamese text, and a warm list checks every key in the cache).
fn utf8(buf: Vec<u8>) -> Option<String> {
    simdutf8::basic::from_utf8(&buf).ok()?;
    // SAFETY: `buf` was just checked to be valid UTF-8.
    Some(unsafe { String::from_utf8_unchecked(buf) })
}

/// The columns of the files payload, each made when asked for; large ones are borrowed.
pub(super) fn files_columns(files: &FileList) -> impl Iterator<Item = Column<'_>> {
    (0..FILE_COLUMNS - 2)
        .map(move |i| {
            Column::Bytes(match i {
                0 => Cow::Borrowed(&files.paths[..]),
                1 => ends_column(&files.ends),
                2 => files.stamps.iter().flat_map(stamp_bytes).collect(),
                _ => files.kinds.iter().map(|k| *k as u8).collect(),
            })
        })
        .chain(reason_columns(&files.reasons))
}

/// The last two columns of the files payload: why each skipped file was skipped.
pub(super) fn reason_columns(reasons: &Packed) -> [Column<'_>; 2] {
    let (buf, ends) = reasons.parts();
    [
        Column::Bytes(Cow::Borrowed(buf.as_bytes())),
        Column::Bytes(ends_column(ends)),
    ]
}

/// A stamp as the files payload holds it: size, then the mtime's low and high words.
pub(super) fn stamp_bytes(s: &FileStamp) -> [u8; 24] {
    let mut b = [0u8; 24];
    b[..8].copy_from_slice(&s.size.to_le_bytes());
    b[8..16].copy_from_slice(&(s.mtime_ns as u64).to_le_bytes());
    b[16..].copy_from_slice(&((s.mtime_ns >> 64) as u64).to_le_bytes());
    b
}

/// The columns of the heads payload, each made when asked for.
fn heads_columns(heads: &Heads) -> impl Iterator<Item = Column<'_>> {
    let (keys, folded, dates) = heads.parts();
    (0..HEAD_COLUMNS).map(move |i| {
        Column::Bytes(match i {
            0 => Cow::Borrowed(keys.parts().0.as_bytes()),
            1 => ends_column(keys.parts().1),
            2 => Cow::Borrowed(folded.parts().0.as_bytes()),
            3 => ends_column(folded.parts().1),
            _ => dates.iter().flat_map(|d| d.to_le_bytes()).collect(),
        })
    })
}

fn ends_column(ends: &[usize]) -> Cow<'static, [u8]> {
    ends.iter()
        .flat_map(|&e| (e as u64).to_le_bytes())
        .collect()
}

/// Chunks decoded together (in parallel) while reading.
const BATCH: usize = 2;

/// Where a payload's chunks are: their lengths, and the table and count that end it.
struct Table {
    lens: Vec<u64>,
    table: Vec<u8>,
    count: [u8; 8],
}

fn read_table(file: &mut File, start: u64, len: u64) -> Result<Table, String> {
    let damaged = |what: &str| format!("cache damaged ({what})");
    let io = |e: io::Error| e.to_string();
    if len < 8 {
        return Err(damaged("payload"));
    }
    let mut n = [0u8; 8];
    file.seek(SeekFrom::Start(start + len - 8)).map_err(io)?;
    file.read_exact(&mut n).map_err(io)?;
    let count = u64::from_le_bytes(n);
    let table_len = count
        .checked_mul(8)
        .filter(|t| *t <= len - 8)
        .ok_or_else(|| damaged("table"))?;
    let data_len = len - 8 - table_len;
    let mut table = vec![0u8; table_len as usize];
    file.seek(SeekFrom::Start(start + data_len)).map_err(io)?;
    file.read_exact(&mut table).map_err(io)?;
    let lens: Vec<u64> = (0..count as usize).map(|i| word(&table, i * 8)).collect();
    if lens.iter().try_fold(0u64, |a, &l| a.checked_add(l)) != Some(data_len) {
        return Err(damaged("table"));
    }
    Ok(Table {
        lens,
        table,
        count: n,
    })
}

impl Table {
    /// Read the chunks from `start`, [`BATCH`] at a time, each batch to `f`; so only one
    /// batch of encoded bytes is held.
    fn each_batch<E: From<io::Error>>(
        &self,
        file: &mut File,
        start: u64,
        mut f: impl FnMut(&[&[u8]]) -> Result<(), E>,
    ) -> Result<(), E> {
        file.seek(SeekFrom::Start(start))?;
        let mut buf = Vec::new();
        for batch in self.lens.chunks(BATCH) {
            buf.resize(batch.iter().sum::<u64>() as usize, 0);
            file.read_exact(&mut buf)?;
            let mut pieces = Vec::with_capacity(batch.len());
            let mut at = 0;
            for &l in batch {
                pieces.push(&buf[at..at + l as usize]);
                at += l as usize;
            }
            f(&pieces)?;
        }
        Ok(())
    }

    /// The hash of the payload, given the hasher that took its chunks.
    fn finish(&self, mut hasher: Hasher) -> u64 {
        hasher.add(&self.table);
        hasher.add(&self.count);
        hasher.finish()
    }
}

fn decode<T: DeserializeOwned + Send>(pieces: &[&[u8]]) -> Result<Vec<Vec<T>>, String> {
    pieces
        .par_iter()
        .map(|p| postcard::from_bytes::<Vec<T>>(p))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cache damaged: {e}"))
}

/// Read a payload: chunks, then their lengths, then their count; decoded a batch of chunks
/// at a time so only one batch of encoded bytes is held.
fn read_payload<T: DeserializeOwned + Send>(
    file: &mut File,
    start: u64,
    len: u64,
    hash: u64,
) -> Result<Vec<T>, String> {
    let t = read_table(file, start, len)?;
    let mut hasher = Hasher::default();
    let mut items = Vec::new();
    t.each_batch(file, start, |pieces| -> io::Result<()> {
        for p in pieces {
            hasher.add(p);
        }
        let decoded = decode::<T>(pieces).map_err(io::Error::other)?;
        let before = items.len();
        items.extend(decoded.into_iter().flatten());
        progress::advance(items.len() - before);
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    if t.finish(hasher) != hash {
        return Err("cache damaged (checksum)".into());
    }
    Ok(items)
}

/// The documents of an index file, checked whole against their hash before any is given
/// out, then read a few chunks at a time: for output written as it goes.
pub(super) struct DocChunks {
    file: File,
    start: u64,
    table: Table,
}

impl DocChunks {
    /// Open the index at `path`, which must still be the one with `bodies_id`, and check
    /// its documents payload.
    pub fn open(path: &Path, bodies_id: u64) -> Result<DocChunks, String> {
        let (mut file, h) = open(path)?;
        if h.bodies_id != bodies_id {
            return Err("cache changed while read".into());
        }
        let start = h.docs_start();
        let table = read_table(&mut file, start, h.docs.0)?;
        let mut hasher = Hasher::default();
        table
            .each_batch(&mut file, start, |pieces| -> io::Result<()> {
                for p in pieces {
                    hasher.add(p);
                }
                Ok(())
            })
            .map_err(|e| e.to_string())?;
        if table.finish(hasher) != h.docs.1 {
            return Err("cache damaged (checksum)".into());
        }
        Ok(DocChunks { file, start, table })
    }

    /// Give each chunk of entries (one per file: `None` for a file without a document) to
    /// `each`, in order.
    pub fn each(
        mut self,
        mut each: impl FnMut(Vec<Option<Document>>) -> io::Result<()>,
    ) -> io::Result<()> {
        let (start, table) = (self.start, &self.table);
        table.each_batch(&mut self.file, start, |pieces| {
            let chunks = decode::<Option<Document>>(pieces).map_err(io::Error::other)?;
            chunks.into_iter().try_for_each(&mut each)
        })
    }
}

/// A payload written a batch of items at a time (see [`read_payload`]).
pub(super) struct PayloadWriter<W: Write> {
    w: W,
    hasher: Hasher,
    lens: Vec<u64>,
}

impl<W: Write> PayloadWriter<W> {
    pub fn new(w: W) -> Self {
        PayloadWriter {
            w,
            hasher: Hasher::default(),
            lens: Vec::new(),
        }
    }

    /// Encode `items` in chunks of up to [`CHUNK`], in parallel, and write them.
    pub fn push<T: Serialize + Sync>(&mut self, items: &[T]) -> io::Result<()> {
        for batch in items.chunks(CHUNK * BATCH) {
            let encoded: Vec<Vec<u8>> = batch
                .par_chunks(CHUNK)
                .map(postcard::to_stdvec)
                .collect::<Result<_, _>>()
                .map_err(io::Error::other)?;
            for e in encoded {
                self.w.write_all(&e)?;
                self.hasher.add(&e);
                self.lens.push(e.len() as u64);
            }
        }
        Ok(())
    }

    /// Write the table of chunk lengths and their count; returns the writer, and the
    /// payload's length and hash.
    pub fn finish(mut self) -> io::Result<(W, u64, u64)> {
        let table: Vec<u8> = self.lens.iter().flat_map(|l| l.to_le_bytes()).collect();
        let n = (self.lens.len() as u64).to_le_bytes();
        self.w.write_all(&table)?;
        self.w.write_all(&n)?;
        self.hasher.add(&table);
        self.hasher.add(&n);
        let len = self.lens.iter().sum::<u64>() + table.len() as u64 + 8;
        Ok((self.w, len, self.hasher.finish()))
    }
}

/// Write a payload (see [`read_payload`]); returns its length and hash.
fn write_payload<T: Serialize + Sync>(w: &mut impl Write, items: &[T]) -> io::Result<(u64, u64)> {
    let mut p = PayloadWriter::new(w);
    p.push(items)?;
    p.finish().map(|(_, len, hash)| (len, hash))
}

/// Write an index file (atomically).
pub(super) fn write(
    path: &Path,
    bodies_id: u64,
    files: &FileList,
    heads: &Heads,
    docs: &[Option<&Document>],
) -> io::Result<()> {
    let files = files_columns(files);
    write_with(path, bodies_id, files, heads, |w| write_payload(w, docs))
}

/// Write an index file whose files and documents were written beforehand, to spools.
pub(super) fn write_spooled(
    path: &Path,
    bodies_id: u64,
    files: FileSpool,
    heads: &Heads,
    spool: PayloadWriter<io::BufWriter<File>>,
) -> io::Result<()> {
    let (spool, len, hash) = spool.finish()?;
    let mut spool = spool.into_inner().map_err(|e| e.into_error())?;
    spool.seek(SeekFrom::Start(0))?;
    let files = files.columns()?;
    write_with(path, bodies_id, files, heads, |w| {
        let copied = io::copy(&mut spool, w)?;
        match copied == len {
            true => Ok((len, hash)),
            false => Err(io::Error::other("documents spool cut short")),
        }
    })
}

fn write_with<'a>(
    path: &Path,
    bodies_id: u64,
    files: impl IntoIterator<Item = Column<'a>>,
    heads: &Heads,
    docs: impl FnOnce(&mut TempFile) -> io::Result<(u64, u64)>,
) -> io::Result<()> {
    let mut file = TempFile::create(path)?;
    file.write_all(&[0; HEADER])?;
    let mut sums = Vec::new();
    for (len, hash) in [
        write_columns(&mut file, files)?,
        write_columns(&mut file, heads_columns(heads))?,
    ] {
        sums.extend([len, hash]);
    }
    let (docs_len, docs_hash) = docs(&mut file)?;
    sums.extend([docs_len, docs_hash]);
    file.seek(SeekFrom::Start(0))?;
    file.write_all(MAGIC)?;
    file.write_all(&FORMAT_VERSION.to_le_bytes())?;
    file.write_all(&build_id().to_le_bytes())?;
    file.write_all(&bodies_id.to_le_bytes())?;
    for n in sums {
        file.write_all(&n.to_le_bytes())?;
    }
    // Every payload is checked against its hash when read (the header by its magic,
    // version, build and the file's length), so the index needs no flush.
    file.commit_unsynced(path)
}

/// True when the cache lists exactly the files found, with the same stamps.
pub(super) fn same_files(found: &Discovery, files: &FileList) -> bool {
    files.len() == found.files.len()
        && found.files.iter().enumerate().all(|(i, f)| {
            files.stamps[i] == f.stamp && files.path(i) == f.path.as_os_str().as_encoded_bytes()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_strings_must_be_utf8() {
        let text = "Học tập".as_bytes().to_vec();
        let ends = ((text.len() as u64).to_le_bytes()).to_vec();
        assert_eq!(parse_packed(text, &ends).unwrap().get(0), "Học tập");
        // A cut "ọ", and a lone continuation byte.
        assert!(parse_packed(b"H\xe1\xbb".to_vec(), &3u64.to_le_bytes()).is_none());
        assert!(parse_packed(b"a\x80b".to_vec(), &3u64.to_le_bytes()).is_none());
    }
}
