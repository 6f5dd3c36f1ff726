//! Opening the paths a user gave, for the CLI and the reader alike: the cache folder
//! (none with `VANBAN_NO_CACHE=1`), paths that do not exist refused, files that could
//! not be read said on standard error.

use std::path::PathBuf;
use std::sync::Arc;

use super::progress::{self, Step};
use super::{cache, Document, Library, Skipped};
use crate::heap;
use crate::text::safe::printable;

/// A part of the reader's library, sent while it loads.
pub enum Part {
    /// The documents' heads, from the cache: the list works with them.
    Preview(Library),
    /// Documents with their facts, to take the places of the preview's from `start` on.
    Docs { start: usize, docs: Vec<Document> },
}

/// How the reader's load ends.
pub enum Loaded {
    /// A whole library, in place of what came before.
    Whole(Library),
    /// The rest of a library whose documents came in [`Part`]s: no documents, but the
    /// files skipped, the bodies and the search keys.
    Rest(Library),
}

/// Loads the reader's library on a thread of its own, sending its parts as they come.
pub type Loader = Box<dyn FnOnce(&mut dyn FnMut(Part)) -> Loaded + Send>;
/// Loads the library again after files changed on disk (or when asked).
pub type Reloader = Arc<dyn Fn() -> Library + Send + Sync>;

/// The cache folder, unless `VANBAN_NO_CACHE` is set or there is no home for one.
pub fn cache_dir() -> Option<PathBuf> {
    if std::env::var_os("VANBAN_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    cache::default_dir()
}

/// Every path must exist; else the message that says which does not.
pub fn check(paths: &[PathBuf]) -> Result<(), String> {
    match paths.iter().find(|p| std::fs::symlink_metadata(p).is_err()) {
        Some(p) => Err(format!(
            "{}: no such file or directory",
            printable(&p.to_string_lossy())
        )),
        None => Ok(()),
    }
}

/// Say on standard error which files were skipped, and why.
pub fn report_skipped(skipped: &[Skipped]) {
    for s in skipped {
        eprintln!(
            "vanban: skipped {}: {}",
            printable(&s.path.to_string_lossy()),
            printable(&s.reason)
        );
    }
}

/// The whole library, through the cache when there is one; skipped files said.
pub fn load(paths: &[PathBuf]) -> Library {
    let lib = match cache_dir() {
        Some(dir) => cache::load(paths, &dir).0,
        None => Library::load(paths),
    };
    report_skipped(&lib.skipped);
    lib
}

/// How the reader gets its library, nothing of which is read before it is called (the
/// reader calls it on another thread, after its first frame, reporting to a
/// [`super::progress::Progress`]). A preview of the documents' heads comes first, from the
/// cache as it last saw them, else read from the files. The documents follow in parts when
/// the cache is up to date or holds no facts to reuse; else the full library follows (files
/// changed since are read again).
/// Files skipped are not said here: the reader lists them, and says them when it ends.
pub fn for_reader(paths: &[PathBuf]) -> Loader {
    let paths = paths.to_vec();
    Box::new(move |send| {
        let Some(dir) = cache_dir() else {
            return Loaded::Whole(with_keys(Library::load(&paths)));
        };
        progress::start(Step::Listing, 0);
        // Without a cache, the titles alone are read first (a fraction of the work), so
        // the list can be used while the rest of the facts are read.
        let (listing, cached) = match cache::cached_listing(&paths, &dir) {
            Some(listing) => (listing, true),
            None => (cache::list(&paths, &dir).0, false),
        };
        let lib = Library::from_listing(listing);
        let heads = lib.heads();
        let listed: Vec<_> = lib.docs.iter().map(|d| d.path.clone()).collect();
        send(Part::Preview(lib));
        heap::give_back_freed();
        let mut docs = |start, docs| send(Part::Docs { start, docs });
        // The documents come in parts, each to take the place of the preview's: from the
        // cache if it is up to date, else read (when it holds none to reuse, as after a
        // first list).
        let rest = match cached {
            true => cache::complete(&paths, &dir, &listed, &mut docs),
            false => None,
        };
        let rest =
            rest.or_else(|| cache::read_in_parts(&paths, &dir, (&listed, &heads), &mut docs));
        if let Some(mut rest) = rest {
            heap::give_back_freed();
            make_terms_later(&rest);
            rest.heads.get_or_insert(heads);
            return Loaded::Rest(rest);
        }
        let lib = cache::load_with(&paths, &dir, heads).0;
        make_terms_later(&lib);
        Loaded::Whole(with_keys(lib))
    })
}

/// The full-text index a load left to make, made on a thread of its own: the reader does
/// not wait for it (a minute at a million documents); its searches scan until it is made.
fn make_terms_later(lib: &Library) {
    if !lib.bodies.terms_pending() {
        return;
    }
    let bodies = lib.bodies.clone();
    let _ = std::thread::Builder::new()
        .name("vanban-index".into())
        .spawn(move || bodies.make_terms());
}

/// How the reader loads the library again: through the cache when there is one (only
/// files changed since are read), else every file.
pub fn reloader(paths: &[PathBuf]) -> Reloader {
    let paths = paths.to_vec();
    let dir = cache_dir();
    Arc::new(move || match &dir {
        Some(dir) => with_keys(cache::load(&paths, dir).0),
        None => Library::load(&paths),
    })
}

/// A library loaded off the reader's thread, with its search keys made there too (from
/// all the facts), then its documents [`super::Document::lighten`]ed.
fn with_keys(mut lib: Library) -> Library {
    lib.heads = Some(lib.heads());
    lib.docs.iter_mut().for_each(|d| d.lighten());
    lib
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_path_is_named() {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(check(std::slice::from_ref(&here)), Ok(()));
        let gone = here.join("no-such-folder");
        let e = check(&[here, gone]).unwrap_err();
        assert!(
            e.contains("no-such-folder: no such file or directory"),
            "{e}"
        );
    }
}
