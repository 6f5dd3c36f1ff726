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
/// whatever their extension. Each root's files are sorted by path; roots keep their order;
/// a file reached twice is kept once.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut seen_files = HashSet::new();
    for root in paths {
        let mut files = Vec::new();
        walk_root(root, &mut files, &mut out.skipped);
        files.sort();
        files.retain(|(p, _)| seen_files.insert(p.clone()));
        let stamped: Vec<Result<Found, Skipped>> = files
            .into_par_iter()
            .map(|(path, name)| match fs::metadata(&path) {
                Ok(m) => Ok(Found {
                    stamp: FileStamp::of(&m),
                    path,
                    name,
                }),
                Err(e) => Err(skip(&path, &e.to_string())),
            })
            .collect();
        for r in stamped {
            match r {
                Ok(f) => out.files.push(f),
                Err(s) => out.skipped.push(s),
            }
        }
    }
    out
}

fn skip(path: &Path, reason: &str) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Collect `(path, name)` of the document files under one root.
fn walk_root(root: &Path, files: &mut Vec<(PathBuf, String)>, skipped: &mut Vec<Skipped>) {
    let meta = match fs::metadata(root) {
        Ok(m) => m,
        Err(e) => return skipped.push(skip(root, &e.to_string())),
    };
    if !meta.is_dir() {
        match root.file_name().map(|n| n.to_str()) {
            Some(Some(name)) => files.push((root.to_path_buf(), name.to_string())),
            _ => skipped.push(skip(root, "file name is not valid UTF-8")),
        }
        return;
    }
    let mut visited = HashSet::new();
    visited.insert(dir_id(root, &meta));
    // Folders still to read, with their names relative to the root.
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                skipped.push(skip(&dir, &e.to_string()));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    skipped.push(skip(&dir, &e.to_string()));
                    continue;
                }
            };
            let path = entry.path();
            let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
                skipped.push(skip(&path, "file name is not valid UTF-8"));
                continue;
            };
            let name = format!("{prefix}{file_name}");
            let Ok(kind) = entry.file_type() else {
                skipped.push(skip(&path, "cannot read file type"));
                continue;
            };
            let is_doc = has_txt_extension(&file_name);
            let (is_dir, meta) = if kind.is_symlink() {
                match fs::metadata(&path) {
                    Ok(m) => (m.is_dir(), Some(m)),
                    Err(e) => {
                        if is_doc {
                            skipped.push(skip(&path, &format!("broken link: {e}")));
                        }
                        continue;
                    }
                }
            } else {
                (kind.is_dir(), None)
            };
            if is_dir {
                let meta = match meta.map(Ok).unwrap_or_else(|| fs::metadata(&path)) {
                    Ok(m) => m,
                    Err(e) => {
                        skipped.push(skip(&path, &e.to_string()));
                        continue;
                    }
                };
                if visited.insert(dir_id(&path, &meta)) {
                    stack.push((path, format!("{name}/")));
                } else {
                    skipped.push(skip(&path, "folder already visited (symlink loop)"));
                }
            } else if is_doc {
                files.push((path, name));
            }
        }
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
