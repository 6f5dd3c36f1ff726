//! Finding the documents under the paths given: every `.txt` file, in sorted path order.
//!
//! Folders are walked recursively, following symbolic links; a folder already seen (a
//! symlink loop) is not entered twice. Unreadable folders, broken links and names that are
//! not UTF-8 are reported as skipped and the walk goes on.

use std::collections::HashSet;
use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Skipped;

/// A document file found on disk, with what the cache keys it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The path relative to the folder given (the file name for a file given directly).
    pub name: String,
    pub stamp: FileStamp,
}

/// Size and modification time of a file: when either changes, the file is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    /// Nanoseconds since the Unix epoch (negative before it).
    pub mtime_ns: i128,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        let mtime_ns = match meta.modified() {
            Ok(t) => match t.duration_since(UNIX_EPOCH) {
                Ok(d) => d.as_nanos() as i128,
                Err(e) => -(e.duration().as_nanos() as i128),
            },
            Err(_) => 0,
        };
        FileStamp {
            size: meta.len(),
            mtime_ns,
        }
    }
}

/// Everything found under the given paths.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Found>,
    pub skipped: Vec<Skipped>,
}

/// Find the `.txt` files under `paths` (files or folders). Files given directly are taken
/// whatever their extension. Each root's files come in path order; roots keep their order;
/// a file reached twice through the same path is kept once.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut seen_files = HashSet::new();
    for root in paths {
        let mut files = Vec::new();
        walk_root(root, &mut files, &mut out.skipped);
        if paths.len() > 1 {
            files.retain(|f| seen_files.insert(f.path.clone()));
        }
        out.files.extend(files);
    }
    out
}

fn skip(path: &Path, reason: &str) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Collect the document files under one root, in path order: each folder's entries are
/// sorted by name and walked depth first.
fn walk_root(root: &Path, files: &mut Vec<Found>, skipped: &mut Vec<Skipped>) {
    let meta = match fs::metadata(root) {
        Ok(m) => m,
        Err(e) => return skipped.push(skip(root, &e.to_string())),
    };
    if !meta.is_dir() {
        match root.file_name().map(|n| n.to_str()) {
            Some(Some(name)) => files.push(Found {
                path: root.to_path_buf(),
                name: name.to_string(),
                stamp: FileStamp::of(&meta),
            }),
            _ => skipped.push(skip(root, "file name is not valid UTF-8")),
        }
        return;
    }
    let mut visited = HashSet::new();
    visited.insert(dir_id(root, &meta));
    walk_dir(root, "", &mut visited, files, skipped);
}

/// One entry of a folder, looked at.
enum Seen {
    File(Found),
    Dir(PathBuf, String, Metadata),
    Skip(Skipped),
    Ignore,
}

fn walk_dir(
    dir: &Path,
    prefix: &str,
    visited: &mut HashSet<(u64, u64, PathBuf)>,
    files: &mut Vec<Found>,
    skipped: &mut Vec<Skipped>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return skipped.push(skip(dir, &e.to_string())),
    };
    let mut entries: Vec<fs::DirEntry> = entries
        .filter_map(|e| e.map_err(|e| skipped.push(skip(dir, &e.to_string()))).ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    // Stat in parallel (relative to the open folder, which is cheap), walk in order.
    let seen: Vec<Seen> = entries.par_iter().map(|e| look(e, prefix)).collect();
    drop(entries);
    for s in seen {
        match s {
            Seen::File(f) => files.push(f),
            Seen::Skip(s) => skipped.push(s),
            Seen::Ignore => {}
            Seen::Dir(path, name, meta) => {
                if visited.insert(dir_id(&path, &meta)) {
                    walk_dir(&path, &format!("{name}/"), visited, files, skipped);
                } else {
                    skipped.push(skip(&path, "folder already visited (symlink loop)"));
                }
            }
        }
    }
}

fn look(entry: &fs::DirEntry, prefix: &str) -> Seen {
    let path = entry.path();
    let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
        return Seen::Skip(skip(&path, "file name is not valid UTF-8"));
    };
    let name = format!("{prefix}{file_name}");
    let Ok(kind) = entry.file_type() else {
        return Seen::Skip(skip(&path, "cannot read file type"));
    };
    let is_doc = has_txt_extension(&file_name);
    if !is_doc && !kind.is_dir() && !kind.is_symlink() {
        return Seen::Ignore;
    }
    // Links are followed; other entries are stat'ed relative to the folder.
    let meta = if kind.is_symlink() {
        fs::metadata(&path)
    } else {
        entry.metadata()
    };
    match meta {
        Ok(m) if m.is_dir() => Seen::Dir(path, name, m),
        Ok(m) if is_doc => Seen::File(Found {
            path,
            name,
            stamp: FileStamp::of(&m),
        }),
        Ok(_) => Seen::Ignore,
        Err(e) if is_doc || kind.is_dir() => Seen::Skip(skip(&path, &format!("cannot open: {e}"))),
        Err(_) => Seen::Ignore,
    }
}

fn has_txt_extension(name: &str) -> bool {
    name.len() > 4
        && name.is_char_boundary(name.len() - 4)
        && name[name.len() - 4..].eq_ignore_ascii_case(".txt")
}

/// What identifies a folder on disk, so a link back to it is noticed.
#[cfg(unix)]
fn dir_id(_path: &Path, meta: &Metadata) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn dir_id(path: &Path, _meta: &Metadata) -> (u64, u64, PathBuf) {
    (
        0,
        0,
        fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_extension_any_case() {
        assert!(has_txt_extension("a.txt"));
        assert!(has_txt_extension("B.TXT"));
        assert!(!has_txt_extension(".txt"));
        assert!(!has_txt_extension("a.text"));
        assert!(!has_txt_extension("ả.md"));
    }
}
