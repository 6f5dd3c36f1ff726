//! The cache of an extracted library, so a second start reads no document.
//!
//! Two files per set of paths, in the cache folder (`$XDG_CACHE_HOME/vanban` on Linux):
//! `lib-KEY.idx` holds every file's path, size, mtime and facts (postcard), and
//! `lib-KEY.bodies` the folded bodies for full-text search, streamed at each search.
//! A changed file is read again, a deleted one dropped. Each file starts with a magic, a
//! format version and hashes of its content (the index also names the build of vanban
//! that wrote it); anything that does not match makes the cache rebuilt, never a crash.
//! Files are written to a temporary name and renamed into place.

mod bodies_file;
mod complete; // a reader's preview completed in place from an up-to-date cache
mod disk; // file names, temporary files, hashes and ids: what every cache file uses
mod file_spool; // the files a cold run lists, kept on disk until the index is written
mod index_file;
mod listing;
mod load; // a whole library from the cache, with what changed read again
mod stream;
mod terms_file; // the token index beside the bodies file

pub use complete::complete;
pub use disk::FORMAT_VERSION;
pub use listing::{
    cached_listing, list, list_unwritten, load_heads, load_with_bodies, read_listing, Listing,
    Unwritten,
};
pub use load::{index_again, load, load_with, Indexed, Report};
pub use stream::{read_in_parts, stream, Stream, Streamed};

use std::path::PathBuf;

/// The cache folder of this user (`None` if there is no home to put it in).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "vanban").map(|d| d.cache_dir().to_path_buf())
}
