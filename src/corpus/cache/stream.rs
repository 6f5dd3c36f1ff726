//! The documents of a library a batch at a time, in library order, for output written as
//! it goes: never all documents (or their texts) in memory at once.
//!
//! With an up-to-date cache the documents come from its index, a few chunks at a time.
//! Otherwise every file is read, in batches, and the cache written as they come: the folded
//! bodies straight to the bodies file, the documents to a spool that becomes the index at
//! the end (the file list and heads, a few hundred bytes per document, are kept until
//! then). A cache holding documents of which only some changed is first brought up to date
//! by a full [`load`](super::load): that run costs the memory a load does.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::bodies_file;
use super::disk::{files_for, new_id};
use super::index_file::{self, DocChunks, FileList, Kind, Parts, PayloadWriter};
use super::listing::path_of;
use super::load::{index_terms, load_found, ready, Report, Terms};
use crate::corpus::discover::{discover, Discovery, Found};
use crate::corpus::library::{on_io, read_each_while, BATCH};
use crate::corpus::{Document, Library, Skipped};
use crate::search::Heads;
use crate::text::fold;

const FILES: Parts = Parts {
    heads: false,
    docs: false,
};

/// The documents under some paths, found and ready to be streamed ([`Stream::run`]).
pub struct Stream {
    paths: Vec<PathBuf>,
    dir: Option<PathBuf>,
    found: Discovery,
}

/// What a streamed run saw besides the documents.
#[derive(Debug, Default)]
pub struct Streamed {
    /// Files that are not documents, and why: the walk's, then the others in library order.
    pub skipped: Vec<Skipped>,
    pub report: Report,
}

/// Find the documents under `paths`, to stream them through the cache in `dir` (none:
/// every file is read, nothing written).
pub fn stream(paths: &[PathBuf], dir: Option<&Path>) -> Stream {
    Stream {
        paths: paths.to_vec(),
        dir: dir.map(Path::to_path_buf),
        found: discover(paths),
    }
}

impl Stream {
    /// The files found, in library order; some may turn out not to be documents.
    pub fn found(&self) -> &[Found] {
        &self.found.files
    }

    /// Give every document to `each`, a batch at a time, in library order; with `texts`,
    /// each batch's texts are in memory first (read in parallel). Stops at the first error
    /// of `each` (a closed pipe), leaving the cache as it was.
    pub fn run(
        self,
        texts: bool,
        mut each: impl FnMut(&[Document]) -> io::Result<()>,
    ) -> io::Result<Streamed> {
        let Some(dir) = self.dir else {
            return cold(self.found, None, &mut each, Report::default());
        };
        let (idx, bodies) = files_for(&self.paths, &dir);
        let mut report = Report::default();
        match index_file::read(&idx, FILES) {
            Ok(index) => {
                if ready(&self.found, &index, &bodies) {
                    match DocChunks::open(&idx, index.bodies_id) {
                        Ok(chunks) => return warm(self.found, index.files, chunks, texts, each),
                        Err(why) => report.invalid = Some(why),
                    }
                } else if index.files.kinds.contains(&Kind::Doc) {
                    let (lib, report) = load_found(self.found, &self.paths, &dir, None, Terms::Now);
                    return from_library(lib, texts, &mut each, report);
                }
            }
            Err(why) => {
                if idx.exists() {
                    report.invalid = Some(why);
                }
            }
        }
        let target = Target { dir, idx, bodies };
        cold(self.found, Some(target), &mut each, report)
    }
}

/// Hand a batch to `each`, its texts read first if asked (on the I/O threads).
fn give(
    docs: &[Document],
    texts: bool,
    each: &mut impl FnMut(&[Document]) -> io::Result<()>,
) -> io::Result<()> {
    if texts {
        on_io(|| {
            docs.par_iter().for_each(|d| {
                d.text();
            })
        });
    }
    each(docs)
}

fn damaged() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "cache damaged (documents do not match)",
    )
}

/// The documents of an up-to-date cache, chunk by chunk.
fn warm(
    found: Discovery,
    files: FileList,
    chunks: DocChunks,
    texts: bool,
    mut each: impl FnMut(&[Document]) -> io::Result<()>,
) -> io::Result<Streamed> {
    let skipped = cached_docs(found.skipped, &files, chunks, |docs| {
        give(&docs, texts, &mut each)
    })?;
    let report = Report {
        reused: files.len(),
        ..Report::default()
    };
    Ok(Streamed { skipped, report })
}

/// Give the documents of an up-to-date cache's `chunks` to `each`, a chunk at a time, in
/// order, each entry checked against the cache's `files`; returns the files skipped (the
/// walk's, `skipped`, then the cache's, with their reasons). The walk's list of files is
/// not needed: an up-to-date cache lists the same files.
pub(super) fn cached_docs(
    mut skipped: Vec<Skipped>,
    files: &FileList,
    chunks: DocChunks,
    mut each: impl FnMut(Vec<Document>) -> io::Result<()>,
) -> io::Result<Vec<Skipped>> {
    let mut reasons = (0..files.reasons.len()).map(|i| files.reasons.get(i).to_string());
    let mut at = 0;
    chunks.each(|chunk| {
        let mut docs = Vec::with_capacity(chunk.len());
        for entry in chunk {
            match (entry, files.kinds.get(at)) {
                (Some(d), Some(Kind::Doc)) => docs.push(d),
                (None, Some(Kind::Skipped)) => skipped.push(Skipped {
                    path: path_of(files.path(at)).ok_or_else(damaged)?,
                    reason: reasons.next().unwrap_or_default(),
                }),
                _ => return Err(damaged()),
            }
            at += 1;
        }
        each(docs)
    })?;
    if at != files.len() {
        return Err(damaged());
    }
    Ok(skipped)
}

/// The documents of a library loaded whole, handed out (and dropped) a batch at a time.
fn from_library(
    lib: Library,
    texts: bool,
    each: &mut impl FnMut(&[Document]) -> io::Result<()>,
    report: Report,
) -> io::Result<Streamed> {
    let mut docs = lib.docs.into_iter();
    loop {
        let batch: Vec<Document> = docs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        give(&batch, texts, each)?;
    }
    Ok(Streamed {
        skipped: lib.skipped,
        report,
    })
}

/// Where a cold run writes the cache.
struct Target {
    dir: PathBuf,
    idx: PathBuf,
    bodies: PathBuf,
}

/// A cache being written as the files are read.
struct Writing {
    bodies: bodies_file::Writer,
    docs: PayloadWriter<BufWriter<File>>,
    list: FileList,
    heads: Heads,
}

impl Writing {
    fn create(t: &Target) -> io::Result<Writing> {
        fs::create_dir_all(&t.dir)?;
        // The spool is anonymous, beside the cache (not in a /tmp that may live in memory).
        let spool = tempfile::tempfile_in(&t.dir)?;
        Ok(Writing {
            bodies: bodies_file::Writer::create(&t.bodies)?,
            docs: PayloadWriter::new(BufWriter::with_capacity(1 << 20, spool)),
            list: FileList::default(),
            heads: Heads::default(),
        })
    }

    /// Add a batch of files (each a document or why it is not one) to the cache.
    fn push(
        &mut self,
        files: &[&Found],
        batch: &[Entry],
        docs: &[Document],
        bodies: &[String],
    ) -> io::Result<()> {
        let mut next = docs.iter();
        let mut entries: Vec<Option<&Document>> = Vec::with_capacity(batch.len());
        for (i, e) in batch {
            let f = files[*i];
            match e {
                Ok(()) => {
                    self.list.push(&f.path, f.stamp, Kind::Doc, None);
                    entries.push(next.next());
                }
                Err(why) => {
                    self.list.push(&f.path, f.stamp, Kind::Skipped, Some(why));
                    entries.push(None);
                }
            }
        }
        for b in bodies {
            self.bodies.push(b.as_bytes())?;
        }
        self.heads
            .append(Heads::of_docs(&docs.iter().collect::<Vec<_>>()));
        self.docs.push(&entries)
    }

    fn finish(self, t: &Target) -> io::Result<()> {
        let id = new_id();
        let n = self.bodies.len();
        self.bodies.finish(&t.bodies, id)?;
        index_file::write_spooled(&t.idx, id, &self.list, &self.heads, self.docs)?;
        // The file list and heads go before the token index is built (its memory comes on
        // top); the index is a help to searches, not needed: without it they scan.
        drop((self.list, self.heads));
        index_terms(&t.bodies, id, n, None, &[]);
        Ok(())
    }
}

/// One file of a batch: its position among the files, and whether it is a document.
type Entry = (usize, Result<(), String>);

/// Read every file found, in batches (each document keeps its text until its batch is
/// done); the cache is written as they come when `target` is given.
fn cold(
    found: Discovery,
    target: Option<Target>,
    each: &mut impl FnMut(&[Document]) -> io::Result<()>,
    mut report: Report,
) -> io::Result<Streamed> {
    let mut writing = target.as_ref().and_then(|t| match Writing::create(t) {
        Ok(w) => Some(w),
        Err(e) => {
            report.write_error = Some(e.to_string());
            None
        }
    });
    let files: Vec<&Found> = found.files.iter().collect();
    report.read = files.len();
    let mut skipped = found.skipped;
    let mut batch: Vec<Entry> = Vec::with_capacity(BATCH);
    let mut docs: Vec<Document> = Vec::with_capacity(BATCH);
    let mut bodies: Vec<String> = Vec::with_capacity(BATCH);
    let mut result = Ok(());
    read_each_while(&files, read_doc, |i, r| {
        match r {
            Ok((doc, body)) => {
                batch.push((i, Ok(())));
                docs.push(doc);
                bodies.push(body);
            }
            Err(why) => {
                skipped.push(Skipped {
                    path: files[i].path.clone(),
                    reason: why.clone(),
                });
                batch.push((i, Err(why)));
            }
        }
        if batch.len() < BATCH && i + 1 < files.len() {
            return true;
        }
        if let Some(w) = &mut writing {
            if let Err(e) = w.push(&files, &batch, &docs, &bodies) {
                report.write_error = Some(e.to_string());
                writing = None;
            }
        }
        result = each(&docs);
        batch.clear();
        docs.clear();
        bodies.clear();
        result.is_ok()
    });
    result?;
    if let (Some(w), Some(t)) = (writing, &target) {
        match w.finish(t) {
            Ok(()) => report.written = true,
            Err(e) => report.write_error = Some(e.to_string()),
        }
    }
    Ok(Streamed { skipped, report })
}

/// Read one document, keeping its text (its batch's output may want it), and fold its
/// body for the cache.
fn read_doc(f: &Found, bytes: Vec<u8>) -> Result<(Document, String), String> {
    let doc = Document::from_file(&f.path, &f.name, &bytes)?;
    let body = fold::fold(doc.text());
    Ok((doc, body))
}
