//! Reading the files a walk found, a batch at a time, with few system calls: each folder
//! is opened once and its files relative to it (the kernel then resolves one name, not the
//! whole path), and a file is read with one call into a buffer of the size the walk saw.
//!
//! std has no `openat`, hence `libc`. Anything unexpected (a name that is not a plain
//! file name, a folder that cannot be opened, a file whose size changed) goes the long way:
//! [`read_file`] on the full path, or a check of the open file and a read to its end.

use std::path::Path;

use rayon::prelude::*;

use super::discover::{read_file, Found};

/// Folders kept open at once while a batch is read.
const MAX_OPEN_FOLDERS: usize = 64;

/// Read the files of `batch` in parallel (on the calling pool), in order; a file that
/// cannot be read gets why.
pub(crate) fn read_batch(batch: &[&Found]) -> Vec<Result<Vec<u8>, String>> {
    #[cfg(unix)]
    {
        // The walk lists a folder's files together: one open folder per run of them, up to
        // a bound (a batch of one file per folder must not run out of file descriptors;
        // the folders past it are read by full paths).
        let mut folders: Vec<(&Path, Option<unix::Folder>)> = Vec::new();
        let mut folder_of = Vec::with_capacity(batch.len());
        let mut opened = 0;
        for f in batch {
            let parent = f.path.parent().unwrap_or(Path::new(""));
            if folders.last().is_none_or(|(p, _)| *p != parent) {
                let folder = (opened < MAX_OPEN_FOLDERS)
                    .then(|| unix::Folder::open(parent))
                    .flatten();
                opened += usize::from(folder.is_some());
                folders.push((parent, folder));
            }
            folder_of.push(folders.len() - 1);
        }
        batch
            .par_iter()
            .zip(folder_of)
            .map(|(f, k)| match &folders[k].1 {
                Some(folder) => unix::read_in(folder, f),
                None => read_file(&f.path),
            })
            .collect()
    }
    #[cfg(not(unix))]
    {
        batch.par_iter().map(|f| read_file(&f.path)).collect()
    }
}

#[cfg(unix)]
mod unix {
    use std::ffi::CString;
    use std::fs::File;
    use std::io::ErrorKind;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    use super::super::discover::{check, read_file, read_rest, Found, MAX_SIZE};

    /// An open folder, to open its files by their names alone.
    pub struct Folder(OwnedFd);

    impl Folder {
        /// `None` for the current folder (an empty parent) or one that cannot be opened.
        pub fn open(path: &Path) -> Option<Folder> {
            if path.as_os_str().is_empty() {
                return None;
            }
            let c = CString::new(path.as_os_str().as_bytes()).ok()?;
            let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC;
            // SAFETY: a valid NUL-terminated path; the fd returned is owned here.
            let fd = unsafe { libc::open(c.as_ptr(), flags) };
            // SAFETY: a fresh descriptor that nothing else owns.
            (fd >= 0).then(|| Folder(unsafe { OwnedFd::from_raw_fd(fd) }))
        }
    }

    /// Read `found`, a file of `folder`, as [`read_file`] does.
    pub fn read_in(folder: &Folder, found: &Found) -> Result<Vec<u8>, String> {
        let Some(name) = found.path.file_name() else {
            return read_file(&found.path);
        };
        let Ok(c) = CString::new(name.as_bytes()) else {
            return read_file(&found.path);
        };
        // Not waiting for a pipe's writer, as `read_file`.
        let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC;
        // SAFETY: an open folder and a valid NUL-terminated name; the fd is owned below.
        let fd = unsafe { libc::openat(folder.0.as_raw_fd(), c.as_ptr(), flags) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
        // SAFETY: a fresh descriptor that nothing else owns.
        let file = unsafe { File::from_raw_fd(fd) };
        read_open(file, found.stamp.size)
    }

    /// Read an open file the walk saw `size` bytes long. One read asks for a byte more:
    /// getting exactly `size` bytes means the end was reached (a regular file reads short
    /// only at its end), so neither a stat nor a read that finds the end is needed. Any
    /// other count (grown, shrunk, empty, or not a regular file any more) is checked as
    /// [`read_file`] checks, and the file read to its end.
    pub fn read_open(file: File, size: u64) -> Result<Vec<u8>, String> {
        let want = usize::try_from(size.min(MAX_SIZE)).unwrap_or(0) + 1;
        let mut bytes: Vec<u8> = Vec::with_capacity(want);
        // Straight into the buffer's room: `Read::read` would have it zeroed first.
        let n = loop {
            // SAFETY: an open descriptor, and `want` bytes of room at the pointer.
            let n = unsafe { libc::read(file.as_raw_fd(), bytes.as_mut_ptr().cast(), want) };
            match usize::try_from(n) {
                Ok(n) => break n,
                Err(_) => {
                    let e = std::io::Error::last_os_error();
                    if e.kind() != ErrorKind::Interrupted {
                        return Err(e.to_string());
                    }
                }
            }
        };
        // SAFETY: the read wrote the first `n` bytes (n <= want).
        unsafe { bytes.set_len(n.min(want)) };
        if n as u64 == size && n > 0 {
            return Ok(bytes);
        }
        let meta = file.metadata().map_err(|e| e.to_string())?;
        check(&meta)?;
        read_rest(file, bytes)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::read_batch;
    use crate::corpus::discover::{discover, Found, MAX_SIZE};

    fn found(dir: &Path) -> Vec<Found> {
        discover(&[dir.to_path_buf()]).files
    }

    fn read(files: &[Found]) -> Vec<Result<Vec<u8>, String>> {
        read_batch(&files.iter().collect::<Vec<_>>())
    }

    #[test]
    fn files_changed_since_the_walk_are_read_whole_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        for (name, text) in [
            ("a.txt", "same"),
            ("b.txt", "short"),
            ("c.txt", "a long one"),
        ] {
            fs::write(p(name), text).unwrap();
        }
        fs::write(p("d.txt"), "x").unwrap();
        fs::write(p("e.txt"), "").unwrap();
        let files = found(dir.path());
        assert_eq!(files.len(), 5);
        // After the walk: b grows, c shrinks, d becomes a pipe, e gets text.
        fs::write(p("b.txt"), "short, and then much longer").unwrap();
        fs::write(p("c.txt"), "brief").unwrap();
        fs::remove_file(p("d.txt")).unwrap();
        let c = std::ffi::CString::new(p("d.txt").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        fs::write(p("e.txt"), "now some").unwrap();
        let got = read(&files);
        assert_eq!(got[0].as_deref(), Ok("same".as_bytes()));
        assert_eq!(
            got[1].as_deref(),
            Ok("short, and then much longer".as_bytes())
        );
        assert_eq!(got[2].as_deref(), Ok("brief".as_bytes()));
        assert!(got[3].as_ref().unwrap_err().contains("not a regular file"));
        assert_eq!(got[4].as_deref(), Ok("now some".as_bytes()));
    }

    #[test]
    fn a_batch_of_more_folders_than_are_kept_open_reads_whole() {
        let dir = tempfile::tempdir().unwrap();
        let n = super::MAX_OPEN_FOLDERS * 2 + 3;
        for i in 0..n {
            let sub = dir.path().join(format!("{i:04}"));
            fs::create_dir(&sub).unwrap();
            fs::write(sub.join("a.txt"), format!("Bài {i}")).unwrap();
        }
        let got = read(&found(dir.path()));
        assert_eq!(got.len(), n);
        for (i, r) in got.into_iter().enumerate() {
            assert_eq!(r.unwrap(), format!("Bài {i}").into_bytes());
        }
    }

    #[test]
    fn a_file_that_grew_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        fs::write(&big, "small").unwrap();
        let files = found(dir.path());
        fs::File::create(&big)
            .unwrap()
            .set_len(MAX_SIZE + 1)
            .unwrap();
        let err = read(&files).remove(0).unwrap_err();
        assert!(err.contains("limit is 64 MB"), "{err}");
    }

    #[test]
    fn gone_and_unreadable_files_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.txt");
        fs::write(&gone, "text").unwrap();
        let files = found(dir.path());
        fs::remove_file(&gone).unwrap();
        let err = read(&files).remove(0).unwrap_err();
        assert!(err.contains("No such file"), "{err}");
        // A folder that cannot be opened: the full path is tried, and its error given.
        let lost = Found {
            path: PathBuf::from("/nonexistent-vanban/a.txt"),
            name: "a.txt".into(),
            stamp: Default::default(),
        };
        let err = read(&[lost]).remove(0).unwrap_err();
        assert!(err.contains("No such file"), "{err}");
    }

    #[test]
    fn links_odd_names_and_bare_file_names_read() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        fs::write(real.join("bài.txt"), "Bài một").unwrap();
        let odd = std::ffi::OsStr::from_bytes(b"t\xe0i.txt");
        fs::write(real.join(odd), "Bài hai").unwrap();
        fs::write(dir.path().join("target.txt"), "Bài ba").unwrap();
        std::os::unix::fs::symlink("../target.txt", real.join("link.txt")).unwrap();
        let root = dir.path().join("root");
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&real, root.join("via")).unwrap();
        let files = found(&root);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["via/bài.txt", "via/link.txt", "via/t\u{fffd}i.txt"]);
        let got: Vec<String> = read(&files)
            .into_iter()
            .map(|r| String::from_utf8(r.unwrap()).unwrap())
            .collect();
        assert_eq!(got, ["Bài một", "Bài ba", "Bài hai"]);
        // A file named without a folder is opened from the current one.
        let here = Found {
            path: PathBuf::from("Cargo.toml"),
            name: "Cargo.toml".into(),
            stamp: Default::default(),
        };
        assert!(read(&[here]).remove(0).unwrap().starts_with(b"[package]"));
    }
}
