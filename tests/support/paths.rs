//! Where things are: the repository, the sample documents, the fixtures, and copies of
//! the samples in temporary folders.

use std::fs;
use std::path::{Path, PathBuf};

/// The repository root (tests run with it as their working folder).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample documents the README runs on.
pub fn sample_dir() -> PathBuf {
    root().join("sample-data")
}

/// The sample documents as (file name, text), in name order.
pub fn sample_texts() -> Vec<(String, String)> {
    let mut names: Vec<_> = fs::read_dir(sample_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "sample-data has the sample documents");
    names
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// Copy the sample documents into the folder `dir`.
pub fn copy_samples_into(dir: &Path) {
    for e in fs::read_dir(sample_dir()).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
}

/// A copy of the sample documents in a temporary folder, to change or cache.
pub fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_samples_into(dir.path());
    dir
}
