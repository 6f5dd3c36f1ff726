//! The library: every document found under the paths given.

use std::fs;
use std::path::{Path, PathBuf};

use super::Document;
use crate::text::decode;

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
}

impl Library {
    /// Load every `.txt` file under `paths` (files or folders, recursively).
    pub fn load(paths: &[PathBuf]) -> Library {
        let mut lib = Library::default();
        for root in paths {
            let mut files = Vec::new();
            collect(root, &mut files, &mut lib.skipped);
            files.sort();
            for f in files {
                let name = relative_name(root, &f);
                match fs::read(&f) {
                    Ok(bytes) if decode::looks_binary(&bytes) => lib.skipped.push(Skipped {
                        path: f,
                        reason: "binary file".into(),
                    }),
                    Ok(bytes) => lib.docs.push(Document::from_bytes(&f, &name, &bytes)),
                    Err(e) => lib.skipped.push(Skipped {
                        path: f,
                        reason: e.to_string(),
                    }),
                }
            }
        }
        lib
    }
}

fn relative_name(root: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    match rel {
        Some(r) => r.to_string_lossy().into_owned(),
        None => file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

fn collect(path: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => match fs::read_dir(path) {
            Ok(entries) => {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.is_dir() || p.extension().is_some_and(|x| x == "txt") {
                        collect(&p, out, skipped);
                    }
                }
            }
            Err(e) => skipped.push(Skipped {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }),
        },
        Ok(_) => out.push(path.to_path_buf()),
        Err(e) => skipped.push(Skipped {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }),
    }
}
