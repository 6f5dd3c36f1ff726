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
use std::sync::Arc;

use rayon::prelude::*;

use super::bodies_file;
use super::disk::{files_for, new_id};
use super::file_spool::FileSpool;
use super::index_file::{self, DocChunks, FileList, Kind, Parts, PayloadWriter};
use super::listing::path_of;
use super::load::{
    index_terms, lazy_bodies, load_found, ready, terms_maker, Places, Report, Terms,
};
use crate::corpus::discover::{discover, Discovery, Found};
use crate::corpus::library::{on_io, read_batches, BATCH};
use crate::corpus::progress::{self, Step};
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
        let mut give_each = |docs: Vec<Document>| give(&docs, texts, &mut each);
        let Some(dir) = self.dir else {
            let read = cold(
                self.found,
                None,
                read_doc,
                &mut give_each,
                Report::default(),
            );
            return read.map(|(streamed, _)| streamed);
        };
        let (idx, bodies) = files_for(&self.paths, &dir);
        let mut report = Report::default();
        match index_file::read(&idx, FILES) {
            Ok(index) => {
                if ready(&self.found, &index, &bodies) {
                    match DocChunks::open(&idx, index.bodies_id) {
                        Ok(chunks) => {
                            return warm(self.found, index.files, chunks, give_each);
                        }
                        Err(why) => report.invalid = Some(why),
                    }
                } else if index.files.kinds.contains(&Kind::Doc) {
                    let (lib, report) = load_found(self.found, &self.paths, &dir, None, Terms::Now);
                    return from_library(lib, &mut give_each, report);
                }
            }
            Err(why) => {
                if idx.exists() {
                    report.invalid = Some(why);
                }
            }
        }
        let target = Target {
            dir,
            idx,
            bodies,
            heads: None,
        };
        let (mut streamed, written) =
            cold(self.found, Some(&target), read_doc, &mut give_each, report)?;
        // The token index is a help to searches, not needed: without it they scan. The
        // heads go before it is made (its memory comes on top).
        if let Some(Written { id, n, made }) = written {
            drop(made);
            streamed.report.terms = index_terms(&target.bodies, id, n, None, &[]);
        }
        Ok(streamed)
    }
}

/// The reader's load of a library whose cache holds no document's facts (there is none,
/// or only the heads a list wrote): every file under `paths` is read in batches and the
/// cache written as they come, as a cold [`Stream::run`] does, and each batch is given to
/// `each` (the position of its first document, and the documents, lightened and without
/// their texts) to take the places of the preview's documents `listed`. So the reader never
/// holds a million documents' full facts at once. Returns the rest of the library: no
/// documents, but the files skipped and the bodies, whose token index is left to make.
///
/// The preview's `heads` are written to the cache as they are when the cache's list (the
/// one the preview was made of) has the same files, unchanged; else they are made again
/// from the documents read, and the library returned carries them.
///
/// `None` when the cache holds documents (a load reuses them), and when what was read is
/// not the documents `listed`, in order (files changed since the preview): then a full load
/// must follow, which finds the cache written here up to date.
pub fn read_in_parts(
    paths: &[PathBuf],
    dir: &Path,
    (listed, heads): (&[Arc<Path>], &Arc<Heads>),
    each: &mut dyn FnMut(usize, Vec<Document>),
) -> Option<Library> {
    let (idx, bodies) = files_for(paths, dir);
    let index = index_file::read(&idx, FILES).ok();
    if index
        .as_ref()
        .is_some_and(|i| i.files.kinds.contains(&Kind::Doc))
    {
        return None;
    }
    progress::start(Step::Finding, 0);
    let found = discover(paths);
    let unchanged = index.is_some_and(|i| index_file::same_files(&found, &i.files));
    progress::start(Step::Reading, found.files.len());
    let mut places = Places::new(listed);
    let mut give = |mut docs: Vec<Document>| {
        each(places.take(&mut docs), docs);
        Ok(())
    };
    let target = Target {
        dir: dir.to_path_buf(),
        idx,
        bodies,
        heads: (unchanged && heads.len() == listed.len()).then(|| heads.clone()),
    };
    let (streamed, written) = cold(
        found,
        Some(&target),
        read_doc_unloaded,
        &mut give,
        Report::default(),
    )
    .ok()?;
    if !places.same || places.sources.len() != listed.len() {
        return None;
    }
    let (bodies, later, made) = match written {
        Some(Written { id, n, made }) => (
            Some((target.bodies.clone(), id)),
            Some(terms_maker(target.bodies, id, n)),
            made.map(Arc::new),
        ),
        // Nothing written, and the preview's heads not known to be the files' still.
        None if target.heads.is_none() => return None,
        None => (None, None, None),
    };
    let bodies = lazy_bodies(places.sources, bodies, later);
    let mut rest = Library::with_bodies(Vec::new(), streamed.skipped, bodies);
    rest.heads = made;
    Some(rest)
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
    each: impl FnMut(Vec<Document>) -> io::Result<()>,
) -> io::Result<Streamed> {
    let skipped = cached_docs(found.skipped, &files, chunks, each)?;
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
    each: &mut impl FnMut(Vec<Document>) -> io::Result<()>,
    report: Report,
) -> io::Result<Streamed> {
    let mut docs = lib.docs.into_iter();
    loop {
        let batch: Vec<Document> = docs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        each(batch)?;
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
    /// The heads of the documents, when known already (read for a list of the same files).
    heads: Option<Arc<Heads>>,
}

/// A cache being written as the files are read.
struct Writing {
    bodies: bodies_file::Writer,
    docs: PayloadWriter<BufWriter<File>>,
    list: FileSpool,
    heads: IndexHeads,
}

/// The heads an index is written with.
enum IndexHeads {
    /// Known before the documents were read.
    Known(Arc<Heads>),
    /// Made of the documents as they are read.
    Made(Heads),
}

impl Writing {
    /// An empty cache, to be written to `t` as the files are read.
    fn create(t: &Target) -> io::Result<Writing> {
        fs::create_dir_all(&t.dir)?;
        // The spool is anonymous, beside the cache (not in a /tmp that may live in memory).
        let spool = tempfile::tempfile_in(&t.dir)?;
        Ok(Writing {
            bodies: bodies_file::Writer::create(&t.bodies)?,
            docs: PayloadWriter::new(BufWriter::with_capacity(1 << 20, spool)),
            list: FileSpool::in_dir(&t.dir)?,
            heads: match &t.heads {
                Some(known) => IndexHeads::Known(known.clone()),
                None => IndexHeads::Made(Heads::default()),
            },
        })
    }

    /// Add a batch of files (each a document or why it is not one, in `kept`) to the cache.
    fn push(
        &mut self,
        files: &[Found],
        kept: &[Result<(), String>],
        docs: &[Document],
        bodies: &[String],
    ) -> io::Result<()> {
        let mut next = docs.iter();
        let mut entries: Vec<Option<&Document>> = Vec::with_capacity(files.len());
        for (f, kept) in files.iter().zip(kept) {
            match kept {
                Ok(()) => {
                    self.list.push(&f.path, f.stamp, Kind::Doc, None)?;
                    entries.push(next.next());
                }
                Err(why) => {
                    self.list.push(&f.path, f.stamp, Kind::Skipped, Some(why))?;
                    entries.push(None);
                }
            }
        }
        for b in bodies {
            self.bodies.push(b.as_bytes())?;
        }
        if let IndexHeads::Made(heads) = &mut self.heads {
            heads.append(Heads::of_docs(&docs.iter().collect::<Vec<_>>()));
        }
        self.docs.push(&entries)
    }

    /// Write the bodies file and the index.
    fn finish(self, t: &Target) -> io::Result<Written> {
        let id = new_id();
        let n = self.bodies.len();
        self.bodies.finish(&t.bodies, id)?;
        let heads = match &self.heads {
            IndexHeads::Known(heads) => heads,
            IndexHeads::Made(heads) => heads,
        };
        index_file::write_spooled(&t.idx, id, self.list, heads, self.docs)?;
        let made = match self.heads {
            IndexHeads::Known(_) => None,
            IndexHeads::Made(heads) => Some(heads),
        };
        Ok(Written { id, n, made })
    }
}

/// A cache written by a cold run.
struct Written {
    /// The bodies file's id, and how many bodies it holds.
    id: u64,
    n: usize,
    /// The heads made of the documents read (none when they were known).
    made: Option<Heads>,
}

/// Read every file found with `read` (a document, and its folded body), in batches; the
/// cache is written as they come when `target` is given (and what was written returned).
fn cold(
    found: Discovery,
    target: Option<&Target>,
    read: impl Fn(&Found, Vec<u8>) -> Result<(Document, String), String> + Sync,
    each: &mut impl FnMut(Vec<Document>) -> io::Result<()>,
    mut report: Report,
) -> io::Result<(Streamed, Option<Written>)> {
    let mut writing = target.and_then(|t| match Writing::create(t) {
        Ok(w) => Some(w),
        Err(e) => {
            report.write_error = Some(e.to_string());
            None
        }
    });
    report.read = found.files.len();
    let mut skipped = found.skipped;
    let mut batches = in_batches(found.files).into_iter();
    let mut result = Ok(());
    read_batches(
        || batches.next(),
        read,
        |batch, done| {
            let mut kept = Vec::with_capacity(batch.len());
            let mut docs = Vec::with_capacity(batch.len());
            let mut bodies = Vec::with_capacity(batch.len());
            for (f, r) in batch.iter().zip(done) {
                match r {
                    Ok((doc, body)) => {
                        docs.push(doc);
                        bodies.push(body);
                        kept.push(Ok(()));
                    }
                    Err(why) => {
                        skipped.push(Skipped {
                            path: f.path.clone(),
                            reason: why.clone(),
                        });
                        kept.push(Err(why));
                    }
                }
            }
            if let Some(w) = &mut writing {
                if let Err(e) = w.push(&batch, &kept, &docs, &bodies) {
                    report.write_error = Some(e.to_string());
                    writing = None;
                }
            }
            result = each(docs);
            result.is_ok()
        },
    );
    result?;
    let mut written = None;
    if let (Some(w), Some(t)) = (writing, target) {
        match w.finish(t) {
            Ok(w) => {
                report.written = true;
                written = Some(w);
            }
            Err(e) => report.write_error = Some(e.to_string()),
        }
    }
    Ok((Streamed { skipped, report }, written))
}

/// `files` in batches of [`BATCH`], in order, each its own list: each is let go once read
/// (one list of a million would be held, in part, to the end).
fn in_batches(mut files: Vec<Found>) -> Vec<Vec<Found>> {
    let mut batches = Vec::with_capacity(files.len().div_ceil(BATCH));
    while !files.is_empty() {
        let last = (files.len() - 1) / BATCH * BATCH;
        batches.push(files.split_off(last));
    }
    batches.reverse();
    batches
}

/// Read one document, keeping its text (its batch's output may want it), and fold its
/// body for the cache.
fn read_doc(f: &Found, bytes: Vec<u8>) -> Result<(Document, String), String> {
    let doc = Document::from_file(&f.path, &f.name, &bytes)?;
    let body = fold::fold(doc.text());
    Ok((doc, body))
}

/// As [`read_doc`], the text let go once folded (it is read again when shown).
fn read_doc_unloaded(f: &Found, bytes: Vec<u8>) -> Result<(Document, String), String> {
    let (mut doc, body) = read_doc(f, bytes)?;
    doc.unload_text();
    Ok((doc, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_the_files_in_order() {
        for n in [0, 1, BATCH - 1, BATCH, BATCH + 1, 3 * BATCH + 5] {
            let files: Vec<Found> = (0..n)
                .map(|i| Found {
                    path: PathBuf::from(i.to_string()),
                    name: i.to_string(),
                    stamp: Default::default(),
                })
                .collect();
            let batches = in_batches(files);
            assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= BATCH));
            assert!(batches.iter().rev().skip(1).all(|b| b.len() == BATCH));
            let names: Vec<String> = batches.into_iter().flatten().map(|f| f.name).collect();
            assert_eq!(
                names,
                (0..n).map(|i| i.to_string()).collect::<Vec<_>>(),
                "{n}"
            );
        }
    }
}
