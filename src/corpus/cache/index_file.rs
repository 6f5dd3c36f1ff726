//! The index file: for every file found, its path, stamp and [`Head`], then the documents.
//!
//! Layout: magic, format version, build id, bodies id, then for each of the two payloads
//! (heads, documents) its length and hash; then the payloads. A payload is a run of chunks
//! (each a postcard list of up to 2,048 entries), their lengths, and their count, so it is
//! written and read a few chunks at a time, chunks decode in parallel, and a list needs
//! only the heads.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{build_id, Hasher, TempFile, FORMAT_VERSION};
use crate::corpus::discover::FileStamp;
use crate::corpus::Document;

const MAGIC: &[u8; 8] = b"VANBANIX";
const HEADER: usize = 8 + 4 + 8 + 8 + 4 * 8;
/// Entries per independently decoded chunk.
const CHUNK: usize = 2048;

/// What the document list shows and searches of one document, without its other facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub name: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub programmes: Vec<String>,
}

impl Head {
    pub fn of(doc: &Document) -> Head {
        Head {
            name: doc.name.clone(),
            title: doc.facts.title.clone(),
            date: doc.facts.date.clone(),
            source: doc.facts.source.clone(),
            programmes: doc.facts.programmes.clone(),
        }
    }
}

/// One file of the library as read back: a document's head (`Ok`) or why it was skipped.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct HeadEntry {
    pub path: PathBuf,
    pub stamp: FileStamp,
    pub head: Result<Head, String>,
}

/// The same, borrowed from a document for writing (serialized identically).
#[derive(Serialize)]
pub(super) struct HeadRef<'a> {
    pub path: &'a Path,
    pub stamp: FileStamp,
    pub head: Result<HeadFields<'a>, &'a str>,
}

#[derive(Serialize)]
pub(super) struct HeadFields<'a> {
    name: &'a str,
    title: &'a str,
    date: &'a Option<String>,
    source: &'a Option<String>,
    programmes: &'a [String],
}

impl<'a> HeadFields<'a> {
    pub fn of(doc: &'a Document) -> HeadFields<'a> {
        HeadFields {
            name: &doc.name,
            title: &doc.facts.title,
            date: &doc.facts.date,
            source: &doc.facts.source,
            programmes: &doc.facts.programmes,
        }
    }
}

/// An index file read back.
pub(super) struct Index {
    pub bodies_id: u64,
    pub heads: Vec<HeadEntry>,
    /// One per head (`None` for a skipped file); empty when read without documents.
    pub docs: Vec<Option<Document>>,
}

fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

/// Read an index file, with the documents or only the heads.
pub(super) fn read(path: &Path, with_docs: bool) -> Result<Index, String> {
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
    let bodies_id = word(&head, 20);
    let (heads_len, heads_hash) = (word(&head, 28), word(&head, 36));
    let (docs_len, docs_hash) = (word(&head, 44), word(&head, 52));
    let file_len = file.metadata().map_err(|e| e.to_string())?.len();
    let docs_start = (HEADER as u64).checked_add(heads_len);
    if Some(file_len) != docs_start.and_then(|n| n.checked_add(docs_len)) {
        return Err("cache damaged (length)".into());
    }
    let heads: Vec<HeadEntry> = read_payload(&mut file, HEADER as u64, heads_len, heads_hash)?;
    let docs: Vec<Option<Document>> = if with_docs {
        read_payload(&mut file, HEADER as u64 + heads_len, docs_len, docs_hash)?
    } else {
        Vec::new()
    };
    let consistent = !with_docs
        || (docs.len() == heads.len()
            && heads
                .iter()
                .zip(&docs)
                .all(|(h, d)| h.head.is_ok() == d.is_some()));
    if !consistent {
        return Err("cache damaged (documents do not match)".into());
    }
    Ok(Index {
        bodies_id,
        heads,
        docs,
    })
}

/// Chunks decoded together (in parallel) while reading.
const BATCH: usize = 2;

/// Read a payload: chunks, then their lengths, then their count; decoded a batch of chunks
/// at a time so only one batch of encoded bytes is held.
fn read_payload<T: DeserializeOwned + Send>(
    file: &mut File,
    start: u64,
    len: u64,
    hash: u64,
) -> Result<Vec<T>, String> {
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
    file.seek(SeekFrom::Start(start)).map_err(io)?;
    let mut hasher = Hasher::default();
    let mut items = Vec::new();
    let mut buf = Vec::new();
    for batch in lens.chunks(BATCH) {
        buf.resize(batch.iter().sum::<u64>() as usize, 0);
        file.read_exact(&mut buf).map_err(io)?;
        let mut pieces = Vec::with_capacity(batch.len());
        let mut at = 0;
        for &l in batch {
            let piece = &buf[at..at + l as usize];
            hasher.add(piece);
            pieces.push(piece);
            at += l as usize;
        }
        let decoded: Vec<Vec<T>> = pieces
            .par_iter()
            .map(|p| postcard::from_bytes::<Vec<T>>(p))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("cache damaged: {e}"))?;
        items.extend(decoded.into_iter().flatten());
    }
    hasher.add(&table);
    hasher.add(&n);
    if hasher.finish() != hash {
        return Err(damaged("checksum"));
    }
    Ok(items)
}

/// Write a payload (see [`read_payload`]); returns its length and hash.
fn write_payload<T: Serialize + Sync>(w: &mut impl Write, items: &[T]) -> io::Result<(u64, u64)> {
    let mut hasher = Hasher::default();
    let mut lens = Vec::new();
    for batch in items.chunks(CHUNK * BATCH) {
        let encoded: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .map(postcard::to_stdvec)
            .collect::<Result<_, _>>()
            .map_err(io::Error::other)?;
        for e in encoded {
            w.write_all(&e)?;
            hasher.add(&e);
            lens.push(e.len() as u64);
        }
    }
    let table: Vec<u8> = lens.iter().flat_map(|l| l.to_le_bytes()).collect();
    let n = (lens.len() as u64).to_le_bytes();
    w.write_all(&table)?;
    w.write_all(&n)?;
    hasher.add(&table);
    hasher.add(&n);
    let len = lens.iter().sum::<u64>() + table.len() as u64 + 8;
    Ok((len, hasher.finish()))
}

/// Write an index file (atomically).
pub(super) fn write(
    path: &Path,
    bodies_id: u64,
    heads: &[HeadRef<'_>],
    docs: &[Option<&Document>],
) -> io::Result<()> {
    let mut file = TempFile::create(path)?;
    file.write_all(&[0; HEADER])?;
    let (heads_len, heads_hash) = write_payload(&mut file, heads)?;
    let (docs_len, docs_hash) = write_payload(&mut file, docs)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(MAGIC)?;
    file.write_all(&FORMAT_VERSION.to_le_bytes())?;
    file.write_all(&build_id().to_le_bytes())?;
    file.write_all(&bodies_id.to_le_bytes())?;
    for n in [heads_len, heads_hash, docs_len, docs_hash] {
        file.write_all(&n.to_le_bytes())?;
    }
    file.commit(path)
}
