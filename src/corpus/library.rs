//! The library: every document found under the paths given.

use std::path::PathBuf;

use rayon::prelude::*;

use super::discover::{discover, read_file, Found};
use super::{Bodies, Document, Folded};
use crate::text::{decode, fold};

/// A file that could not be read as a document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// All documents loaded from the given paths, in path order.
#[derive(Debug, Default)]
pub struct Library {
    pub docs: Vec<Document>,
    pub skipped: Vec<Skipped>,
    /// Folded bodies for full-text search, in the order of `docs`; read them through
    /// [`Library::bodies`], which folds them again if `docs` was changed by hand.
    pub bodies: Bodies,
}

impl Library {
    /// Load every `.txt` file under `paths` (files or folders, recursively), reading files in
    /// parallel. Document texts are not kept in memory: [`Document::text`] reads them again.
    pub fn load(paths: &[PathBuf]) -> Library {
        let found = discover(paths);
        let files: Vec<&Found> = found.files.iter().collect();
        let mut folded = Folded::default();
        let read = read_files(&files, &mut |body| folded.push(body));
        let mut skipped = found.skipped;
        skipped.extend(read.skipped);
        Library {
            docs: read.docs.into_iter().map(|(_, d)| d).collect(),
            skipped,
            bodies: Bodies::ready(folded),
        }
    }

    /// A library of documents built in memory (their texts are kept).
    pub fn from_docs(docs: Vec<Document>) -> Library {
        let mut folded = Folded::default();
        for d in &docs {
            folded.push(fold::fold(d.text()).as_bytes());
        }
        Library {
            docs,
            skipped: Vec::new(),
            bodies: Bodies::ready(folded),
        }
    }

    pub(crate) fn with_bodies(docs: Vec<Document>, skipped: Vec<Skipped>, bodies: Bodies) -> Self {
        Library {
            docs,
            skipped,
            bodies,
        }
    }

    /// The folded bodies, for full-text search (loaded on first use). For a library whose
    /// `docs` were changed by hand, the bodies are folded again from the texts.
    pub fn bodies(&self) -> Bodies {
        if self.bodies.in_memory() && self.bodies.len() != self.docs.len() {
            let mut folded = Folded::default();
            for d in &self.docs {
                folded.push(fold::fold(d.text()).as_bytes());
            }
            return Bodies::ready(folded);
        }
        self.bodies.clone()
    }
}

/// Documents read from files, each with its position in the list given.
pub(crate) struct Read {
    pub docs: Vec<(usize, Document)>,
    pub skipped: Vec<Skipped>,
}

/// Files are read this many at a time, so only one batch of folded bodies is held.
const BATCH: usize = 2048;

/// Read, decode, clean, extract and fold `files` in parallel, keeping their order; each
/// document's folded body goes to `sink`, in order.
pub(crate) fn read_files(files: &[&Found], sink: &mut dyn FnMut(&[u8])) -> Read {
    let mut read = Read {
        docs: Vec::with_capacity(files.len()),
        skipped: Vec::new(),
    };
    for (b, batch) in files.chunks(BATCH).enumerate() {
        let done: Vec<Result<(Document, String), Skipped>> =
            batch.par_iter().map(|f| read_one(f)).collect();
        for (i, r) in done.into_iter().enumerate() {
            match r {
                Ok((doc, folded)) => {
                    sink(folded.as_bytes());
                    read.docs.push((b * BATCH + i, doc));
                }
                Err(s) => read.skipped.push(s),
            }
        }
    }
    read
}

fn read_one(f: &Found) -> Result<(Document, String), Skipped> {
    let skip = |reason: String| Skipped {
        path: f.path.clone(),
        reason,
    };
    let bytes = read_file(&f.path).map_err(skip)?;
    if decode::looks_binary(&bytes) {
        return Err(skip("binary file".into()));
    }
    let mut doc = Document::from_bytes(&f.path, &f.name, &bytes);
    let folded = doc
        .unload_text()
        .map(|t| fold::fold(&t))
        .unwrap_or_default();
    Ok((doc, folded))
}
