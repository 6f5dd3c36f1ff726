//! The index file: for every file found, its path, stamp and [`Head`], then the documents.
//!
//! Layout: magic, format version, build id, bodies id, then for each of the two payloads
//! (heads, documents) its length and hash, then the payloads. Each payload is a postcard
//! list of chunks, each chunk a postcard list of entries, so chunks decode in parallel and
//! a list needs only the heads.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{build_id, hash64, write_atomic, FORMAT_VERSION};
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

/// One file of the library: a document (`Ok`) or why it was skipped (`Err`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct HeadEntry {
    pub path: PathBuf,
    pub stamp: FileStamp,
    pub head: Result<Head, String>,
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
    if Some(file_len)
        != (HEADER as u64)
            .checked_add(heads_len)
            .and_then(|n| n.checked_add(docs_len))
    {
        return Err("cache damaged (length)".into());
    }
    let heads: Vec<HeadEntry> = decode(&payload(&mut file, heads_len, heads_hash)?)?;
    let docs: Vec<Option<Document>> = if with_docs {
        decode(&payload(&mut file, docs_len, docs_hash)?)?
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

fn payload(file: &mut File, len: u64, hash: u64) -> Result<Vec<u8>, String> {
    let mut buf = vec![0u8; usize::try_from(len).map_err(|e| e.to_string())?];
    file.read_exact(&mut buf).map_err(|e| e.to_string())?;
    if hash64(&buf) != hash {
        return Err("cache damaged (checksum)".into());
    }
    Ok(buf)
}

fn decode<T: DeserializeOwned + Send>(payload: &[u8]) -> Result<Vec<T>, String> {
    let damaged = |e: postcard::Error| format!("cache damaged: {e}");
    let chunks: Vec<&[u8]> = postcard::from_bytes(payload).map_err(damaged)?;
    let decoded: Vec<Vec<T>> = chunks
        .par_iter()
        .map(|c| postcard::from_bytes::<Vec<T>>(c))
        .collect::<Result<_, _>>()
        .map_err(damaged)?;
    Ok(decoded.into_iter().flatten().collect())
}

fn encode<T: Serialize + Sync>(items: &[T]) -> io::Result<Vec<u8>> {
    let chunks: Vec<Vec<u8>> = items
        .par_chunks(CHUNK)
        .map(postcard::to_stdvec)
        .collect::<Result<_, _>>()
        .map_err(io::Error::other)?;
    let slices: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
    postcard::to_stdvec(&slices).map_err(io::Error::other)
}

/// Write an index file (atomically).
pub(super) fn write(
    path: &Path,
    bodies_id: u64,
    heads: &[HeadEntry],
    docs: &[Option<&Document>],
) -> io::Result<()> {
    let heads = encode(heads)?;
    let docs = encode(docs)?;
    write_atomic(path, |w| {
        w.write_all(MAGIC)?;
        w.write_all(&FORMAT_VERSION.to_le_bytes())?;
        w.write_all(&build_id().to_le_bytes())?;
        w.write_all(&bodies_id.to_le_bytes())?;
        for p in [&heads, &docs] {
            w.write_all(&(p.len() as u64).to_le_bytes())?;
            w.write_all(&hash64(p).to_le_bytes())?;
        }
        w.write_all(&heads)?;
        w.write_all(&docs)
    })
}
