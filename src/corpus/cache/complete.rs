//! Completing, in place, a reader's preview of the cache's listing: when the cache is up to
//! date, its documents are handed out a chunk at a time, [`Document::lighten`]ed, to take
//! the place of the preview's documents one by one. So the reader never holds a million
//! previewed documents and a million loaded ones at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::disk::files_for;
use super::index_file::{self, DocChunks, Kind, Parts};
use super::load::{lazy_bodies, ready, terms_maker, Places};
use super::stream::cached_docs;
use super::terms_file;
use crate::corpus::discover::discover;
use crate::corpus::progress::{self, Step};
use crate::corpus::{Document, Library};

const FILES: Parts = Parts {
    heads: false,
    docs: false,
};

/// If the cache in `dir` is up to date with the files under `paths` and lists the
/// documents `listed` (their files, in order), give its documents to `each` (the position
/// of the first, and the documents, lightened, sharing the paths of `listed`), in order, and
/// return the rest of the library: no documents, but the files skipped and the folded
/// bodies. `None` if it is not (then nothing was given): the library must be loaded in full.
pub fn complete(
    paths: &[PathBuf],
    dir: &Path,
    listed: &[Arc<Path>],
    each: &mut dyn FnMut(usize, Vec<Document>),
) -> Option<Library> {
    let (idx_path, bodies_path) = files_for(paths, dir);
    let found = discover(paths);
    let index = index_file::read(&idx_path, FILES).ok()?;
    let files = &index.files;
    let docs: Vec<usize> = (0..files.len())
        .filter(|&i| files.kinds[i] == Kind::Doc)
        .collect();
    let same = docs.len() == listed.len()
        && docs
            .iter()
            .zip(listed)
            .all(|(&i, p)| files.path(i) == bytes(p));
    if !same || !ready(&found, &index, &bodies_path) {
        return None;
    }
    drop(docs);
    // The walk's list is done with: a million paths need not stay while the documents come.
    let skipped = found.skipped;
    drop(found.files);
    let chunks = DocChunks::open(&idx_path, index.bodies_id).ok()?;
    progress::start(Step::Cache, files.len());
    // The same files (checked above): each document takes its listed place.
    let mut places = Places::new(listed);
    let given = cached_docs(skipped, files, chunks, |mut docs| {
        progress::advance(docs.len());
        each(places.take(&mut docs), docs);
        Ok(())
    });
    // A chunk that cannot be read (the payload was checked whole when opened, so hardly
    // ever): the documents given are dropped with the rest by a full load.
    let skipped = given.ok()?;
    // An index lost (or never finished) is made again after the load.
    let sources = places.sources;
    let (id, n) = (index.bodies_id, sources.len());
    let later =
        (!terms_file::present(&bodies_path, id)).then(|| terms_maker(bodies_path.clone(), id, n));
    let bodies = lazy_bodies(sources, Some((bodies_path, id)), later);
    Some(Library::with_bodies(Vec::new(), skipped, bodies))
}

fn bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}
