//! Opening the paths a user gave, for the CLI and the reader alike: the cache folder
//! (none with `VANBAN_NO_CACHE=1`), paths that do not exist refused, files that could
//! not be read said on standard error.

use std::path::PathBuf;
use std::sync::Arc;

use super::{cache, Library, Skipped};
use crate::text::safe::printable;

/// The rest of a library the reader loads on a thread after its first frame.
pub type FullLoad = Box<dyn FnOnce() -> Library + Send>;
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

/// The library for the reader. With a cache, a preview of the documents' heads as the
/// cache saw them comes at once, with the function that loads the full library (the
/// reader runs it on another thread; it also notices files changed since); otherwise the
/// full library, loaded here.
pub fn for_reader(paths: &[PathBuf]) -> (Library, Option<FullLoad>) {
    let Some(dir) = cache_dir() else {
        return (load(paths), None);
    };
    let Some(listing) = cache::cached_listing(paths, &dir) else {
        return (load(paths), None);
    };
    report_skipped(&listing.skipped);
    let preview = Library::from_listing(listing);
    let heads = preview.heads();
    let paths = paths.to_vec();
    let full = move || with_keys(cache::load_with(&paths, &dir, heads).0);
    (preview, Some(Box::new(full)))
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

/// A library loaded off the reader's thread, with its search keys made there too.
fn with_keys(mut lib: Library) -> Library {
    lib.heads = Some(lib.heads());
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
