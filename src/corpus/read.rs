//! Reading the files a walk found, a batch at a time, with few system calls: each folder
//! is opened once and its files relative to it (the kernel then resolves one name, not the
//! whole path), and a file is read with one call into a buffer of the size the walk saw.
//!
//! std has no `openat`, hence `libc`. Anything unexpected (a name that is not a plain
//! file name, a folder that cannot be opened, a file whose size changed) goes the long way:
//! [`read_file`] on the full path, or a check of the open file and a read to its end.

use std::fs;
use std::path::Path;

use rayon::prelude::*;

use super::discover::{check, read_file, FileStamp, Found};

/// Folders kept open at once while a batch is read.
const MAX_OPEN_FOLDERS: usize = 64;

/// Read the files of `batch` in parallel (on the calling pool), in order; a file that
/// cannot be read gets why.
pub(crate) fn read_batch(batch: &[&Found]) -> Vec<Result<Vec<u8>, String>> {
    #[cfg(unix)]
    {
        let folders = unix::Folders::of(batch);
        batch
            .par_iter()
            .enumerate()
            .map(|(i, f)| match folders.of_file(i) {
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

/// A file of a walk that did not stat it, looked at as the walk would have, and read.
#[derive(Debug)]
pub(crate) enum Looked {
    /// Not a document for the walk (gone, too large, not a regular file …): why.
    Skip(String),
    /// A document file: its stamp, and its bytes or why they could not be read.
    Read(FileStamp, Result<Vec<u8>, String>),
}

/// Read the files of `batch` as [`read_batch`] does, looking first at those the walk did
/// not (`checked` false): on the open file, which gives their stamps.
pub(crate) fn look_batch(batch: &[&Found], checked: &[bool]) -> Vec<Looked> {
    let read_checked = |f: &Found, bytes| Looked::Read(f.stamp, bytes);
    #[cfg(unix)]
    {
        let folders = unix::Folders::of(batch);
        batch
            .par_iter()
            .enumerate()
            .map(|(i, f)| match (checked[i], folders.of_file(i)) {
                (true, Some(folder)) => read_checked(f, unix::read_in(folder, f)),
                (true, None) => read_checked(f, read_file(&f.path)),
                (false, folder) => unix::look_in(folder, f),
            })
            .collect()
    }
    #[cfg(not(unix))]
    {
        batch
            .par_iter()
            .zip(checked)
            .map(|(f, &checked)| match checked {
                true => read_checked(f, read_file(&f.path)),
                false => look_at(&f.path, fs::File::open(&f.path)),
            })
            .collect()
    }
}

/// Look at a file the walk did not, as it would have, given its opening: an open file is
/// checked and read; one that did not open is stat'ed (not following a link), as the walk
/// stats, and if the walk would have kept it, the read fails as the opening did.
fn look_at(path: &Path, opened: std::io::Result<fs::File>) -> Looked {
    let (meta, file) = match opened {
        Ok(file) => match file.metadata() {
            Ok(meta) => (meta, Ok(file)),
            Err(e) => return Looked::Skip(format!("cannot open: {e}")),
        },
        Err(open_error) => match fs::symlink_metadata(path) {
            Ok(meta) => (meta, Err(open_error.to_string())),
            Err(e) => return Looked::Skip(format!("cannot open: {e}")),
        },
    };
    // A folder where the walk saw a file is skipped here: it is too late to walk it.
    if let Err(why) = check(&meta) {
        return Looked::Skip(why);
    }
    let stamp = FileStamp::of(&meta);
    Looked::Read(stamp, file.and_then(|f| read_sized(f, meta.len())))
}

/// Read an open file checked `size` bytes long, as [`read_open`](unix::read_open) does.
fn read_sized(file: fs::File, size: u64) -> Result<Vec<u8>, String> {
    #[cfg(unix)]
    return unix::read_open(file, size);
    #[cfg(not(unix))]
    return super::discover::read_rest(file, Vec::with_capacity(size as usize));
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
    use super::{look_at, Looked};

    /// An open folder, to open its files by their names alone.
    pub struct Folder(OwnedFd);

    /// The folders of a batch's files, opened.
    pub struct Folders<'a> {
        folders: Vec<(&'a Path, Option<Folder>)>,
        /// Each file's place in `folders`.
        folder_of: Vec<usize>,
    }

    impl<'a> Folders<'a> {
        /// The walk lists a folder's files together: one open folder per run of them, up
        /// to a bound (a batch of one file per folder must not run out of file
        /// descriptors; the folders past it are read by full paths).
        pub fn of(batch: &[&'a Found]) -> Folders<'a> {
            let mut folders: Vec<(&Path, Option<Folder>)> = Vec::new();
            let mut folder_of = Vec::with_capacity(batch.len());
            let mut opened = 0;
            for f in batch {
                let parent = f.path.parent().unwrap_or(Path::new(""));
                if folders.last().is_none_or(|(p, _)| *p != parent) {
                    let folder = (opened < super::MAX_OPEN_FOLDERS)
                        .then(|| Folder::open(parent))
                        .flatten();
                    opened += usize::from(folder.is_some());
                    folders.push((parent, folder));
                }
                folder_of.push(folders.len() - 1);
            }
            Folders { folders, folder_of }
        }

        /// The open folder of the batch's `i`-th file, if it is open.
        pub fn of_file(&self, i: usize) -> Option<&Folder> {
            self.folders[self.folder_of[i]].1.as_ref()
        }
    }

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

    /// Look at `found`, which the walk did not stat, in its `folder` if open, and read it
    /// (see [`look_at`]). A link is not followed: the walk would have seen it as one.
    pub fn look_in(folder: Option<&Folder>, found: &Found) -> Looked {
        let flags = libc::O_NOFOLLOW;
        let name = found.path.file_name().map(|n| CString::new(n.as_bytes()));
        let opened = match (folder, name) {
            (Some(folder), Some(Ok(name))) => open_in(folder, &name, flags),
            _ => {
                let mut opts = std::fs::OpenOptions::new();
                opts.read(true);
                std::os::unix::fs::OpenOptionsExt::custom_flags(
                    &mut opts,
                    libc::O_NONBLOCK | flags,
                );
                opts.open(&found.path)
            }
        };
        look_at(&found.path, opened)
    }

    /// Open the file `name` of `folder` to read, not waiting for a pipe's writer, as
    /// `read_file`; `flags` are added.
    fn open_in(folder: &Folder, name: &CString, flags: i32) -> std::io::Result<File> {
        let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC | flags;
        // SAFETY: an open folder and a valid NUL-terminated name; the fd is owned below.
        let fd = unsafe { libc::openat(folder.0.as_raw_fd(), name.as_ptr(), flags) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: a fresh descriptor that nothing else owns.
        Ok(unsafe { File::from_raw_fd(fd) })
    }

    /// Read `found`, a file of `folder`, as [`read_file`] does.
    pub fn read_in(folder: &Folder, found: &Found) -> Result<Vec<u8>, String> {
        let Some(name) = found.path.file_name() else {
            return read_file(&found.path);
        };
        let Ok(c) = CString::new(name.as_bytes()) else {
            return read_file(&found.path);
        };
        let file = open_in(folder, &c, 0).map_err(|e| e.to_string())?;
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

    use super::{look_batch, read_batch, Looked};
    use crate::corpus::discover::MAX_SIZE;
    use crate::corpus::discover::{discover, discover_unchecked, discover_unchecked_to};
    use crate::corpus::discover::{Discovery, FileStamp, Found};

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

    /// The files of an unchecked walk of `dir`, looked at and read, and the walk settled.
    fn look(dir: &Path) -> (Discovery, Vec<Looked>) {
        let found = discover_unchecked(&[dir.to_path_buf()]);
        let files: Vec<&Found> = found.files.iter().collect();
        let looked = look_batch(&files, &found.checked());
        let stamps: Vec<_> = found
            .checked()
            .iter()
            .zip(&looked)
            .filter(|(checked, _)| !**checked)
            .map(|(_, l)| match l {
                Looked::Skip(why) => Err(why.clone()),
                Looked::Read(stamp, _) => Ok(*stamp),
            })
            .collect();
        (found.settle(stamps), looked)
    }

    #[test]
    fn a_walk_that_leaves_files_to_their_read_settles_as_a_walk_that_stats() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        fs::create_dir(p("sub")).unwrap();
        fs::write(p("a.txt"), "một").unwrap();
        fs::write(p("sub/b.txt"), "hai").unwrap();
        fs::write(p("sub/c.txt"), "").unwrap();
        fs::write(p("z.txt"), "ba").unwrap();
        fs::File::create(p("big.txt"))
            .unwrap()
            .set_len(MAX_SIZE + 1)
            .unwrap();
        let c = std::ffi::CString::new(p("sub/pipe.txt").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        std::os::unix::fs::symlink("z.txt", p("link.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere.txt", p("broken.txt")).unwrap();
        let unchecked = discover_unchecked(&[dir.path().to_path_buf()]);
        // The link is followed and stat'ed by the walk; the pipe is not a regular file.
        let names = |d: &Discovery, checked: bool| -> Vec<String> {
            let flags = d.checked();
            d.files
                .iter()
                .zip(flags)
                .filter(|(_, c)| *c == checked)
                .map(|(f, _)| f.name.clone())
                .collect()
        };
        assert_eq!(names(&unchecked, true), ["link.txt"]);
        assert_eq!(
            names(&unchecked, false),
            ["a.txt", "big.txt", "sub/b.txt", "sub/c.txt", "z.txt"]
        );
        let (settled, looked) = look(dir.path());
        let stats = discover(&[dir.path().to_path_buf()]);
        assert_eq!(settled.files, stats.files);
        assert_eq!(settled.skipped, stats.skipped);
        assert_eq!(settled.skipped.len(), 3, "{:?}", settled.skipped);
        assert!(settled.unchecked.is_none());
        let bytes: Vec<_> = looked
            .iter()
            .map(|l| match l {
                Looked::Read(_, Ok(b)) => String::from_utf8(b.clone()).unwrap(),
                Looked::Read(_, Err(e)) => panic!("{e}"),
                Looked::Skip(why) => format!("skip: {why}"),
            })
            .collect();
        assert_eq!(bytes[0], "một");
        assert!(bytes[1].starts_with("skip: too large"), "{}", bytes[1]);
        assert_eq!(bytes[2..], ["ba", "hai", "", "ba"]);
    }

    #[test]
    fn a_walk_handing_on_batches_finds_what_a_whole_walk_does() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        fs::create_dir_all(p("sub/deep")).unwrap();
        for name in [
            "a.txt",
            "b.txt",
            "sub/c.txt",
            "sub/deep/d.txt",
            "sub/e.txt",
            "z.txt",
        ] {
            fs::write(p(name), name).unwrap();
        }
        fs::File::create(p("sub/big.txt"))
            .unwrap()
            .set_len(MAX_SIZE + 1)
            .unwrap();
        std::os::unix::fs::symlink("z.txt", p("sub/link.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere.txt", p("broken.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), p("sub/loop")).unwrap();
        let one = [dir.path().to_path_buf()];
        let two = [p("sub"), dir.path().to_path_buf()];
        for roots in [&one[..], &two[..], &[p("a.txt")][..]] {
            let whole = discover_unchecked(roots);
            for batch in [1, 2, 3, 100] {
                let mut files = Vec::new();
                let mut checked = Vec::new();
                let mut sizes = Vec::new();
                let rest = discover_unchecked_to(roots, batch, &mut |f, c| {
                    assert_eq!(f.len(), c.len());
                    sizes.push(f.len());
                    files.extend(f);
                    checked.extend(c);
                });
                assert!(sizes.iter().rev().skip(1).all(|&n| n == batch), "{sizes:?}");
                assert_eq!(files, whole.files);
                assert_eq!(checked, whole.checked());
                assert_eq!(rest.skipped, whole.skipped);
                assert_eq!(rest.unchecked, whole.unchecked);
            }
        }
    }

    #[test]
    fn files_changed_or_gone_since_an_unchecked_walk_are_taken_as_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        for name in ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"] {
            fs::write(p(name), "short").unwrap();
        }
        let found = discover_unchecked(&[dir.path().to_path_buf()]);
        // After the walk: b grows, c vanishes, d grows over the limit, e becomes a link.
        fs::write(p("b.txt"), "longer than it was").unwrap();
        fs::remove_file(p("c.txt")).unwrap();
        fs::File::create(p("d.txt"))
            .unwrap()
            .set_len(MAX_SIZE + 1)
            .unwrap();
        fs::remove_file(p("e.txt")).unwrap();
        std::os::unix::fs::symlink("a.txt", p("e.txt")).unwrap();
        let files: Vec<&Found> = found.files.iter().collect();
        let looked = look_batch(&files, &found.checked());
        let stamp_of = |n: &str| FileStamp::of(&fs::metadata(p(n)).unwrap());
        match &looked[1] {
            Looked::Read(stamp, Ok(bytes)) => {
                assert_eq!(bytes, b"longer than it was");
                assert_eq!(*stamp, stamp_of("b.txt"));
            }
            other => panic!("{other:?}"),
        }
        let skip = |i: usize| match &looked[i] {
            Looked::Skip(why) => why.clone(),
            other => panic!("{other:?}"),
        };
        assert!(skip(2).contains("cannot open: No such file"), "{}", skip(2));
        assert!(skip(3).contains("too large"), "{}", skip(3));
        assert!(skip(4).contains("not a regular file"), "{}", skip(4));
        // Settled, the gone file is skipped where the walk met it.
        let stamps = looked.iter().map(|l| match l {
            Looked::Skip(why) => Err(why.clone()),
            Looked::Read(stamp, _) => Ok(*stamp),
        });
        let settled = found.settle(stamps);
        let names: Vec<_> = settled.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
        let skipped: Vec<_> = settled.skipped.iter().map(|s| s.path.clone()).collect();
        assert_eq!(skipped, [p("c.txt"), p("d.txt"), p("e.txt")]);
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
