//! The files a cold run lists in the index it writes, kept on disk as the files are read:
//! at a million files their paths, ends and stamps take some 75 MB, which the reader would
//! otherwise hold to the end of its load, when it is fullest.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use super::index_file::{reason_columns, stamp_bytes, Column, Kind};
use crate::corpus::discover::FileStamp;
use crate::search::Packed;

/// The files payload of an index, written as it grows: the large columns to anonymous
/// files beside the cache, the kinds and the reasons for skipping in memory.
pub(super) struct FileSpool {
    paths: Spool,
    ends: Spool,
    stamps: Spool,
    kinds: Vec<u8>,
    reasons: Packed,
}

/// One column being written to a file of its own.
struct Spool {
    out: BufWriter<File>,
    len: u64,
}

impl Spool {
    fn in_dir(dir: &Path) -> io::Result<Spool> {
        Ok(Spool {
            out: BufWriter::with_capacity(1 << 16, tempfile::tempfile_in(dir)?),
            len: 0,
        })
    }

    fn push(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    fn column(self) -> io::Result<Column<'static>> {
        let mut file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        Ok(Column::Spooled(file, self.len))
    }
}

impl FileSpool {
    /// An empty list whose columns are spooled in `dir` (not in a /tmp that may live in
    /// memory).
    pub fn in_dir(dir: &Path) -> io::Result<FileSpool> {
        Ok(FileSpool {
            paths: Spool::in_dir(dir)?,
            ends: Spool::in_dir(dir)?,
            stamps: Spool::in_dir(dir)?,
            kinds: Vec::new(),
            reasons: Packed::default(),
        })
    }

    /// Add a file, as [`super::index_file::FileList::push`] does.
    pub fn push(
        &mut self,
        path: &Path,
        stamp: FileStamp,
        kind: Kind,
        reason: Option<&str>,
    ) -> io::Result<()> {
        self.paths.push(path.as_os_str().as_encoded_bytes())?;
        self.ends.push(&self.paths.len.to_le_bytes())?;
        self.stamps.push(&stamp_bytes(&stamp))?;
        self.kinds.push(kind as u8);
        if kind == Kind::Skipped {
            self.reasons.push(reason.unwrap_or_default());
        }
        Ok(())
    }

    /// The columns of the files payload, in order.
    pub fn columns(self) -> io::Result<Vec<Column<'static>>> {
        let reasons = reason_columns(&self.reasons).map(Column::into_owned);
        let mut columns = vec![
            self.paths.column()?,
            self.ends.column()?,
            self.stamps.column()?,
            Column::Bytes(Cow::Owned(self.kinds)),
        ];
        columns.extend(reasons);
        Ok(columns)
    }
}

#[cfg(test)]
mod tests {
    use super::super::index_file::*;
    use super::*;

    /// The columns as written, their length and their hash.
    fn written<'a>(columns: impl IntoIterator<Item = Column<'a>>) -> (Vec<u8>, u64, u64) {
        let mut out = Vec::new();
        let (len, hash) = write_columns(&mut out, columns).unwrap();
        (out, len, hash)
    }

    #[test]
    fn a_spooled_list_is_written_as_the_same_list_held_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = FileSpool::in_dir(dir.path()).unwrap();
        let mut list = FileList::default();
        // Enough files that the paths column spans more than one hashed piece (1 MiB).
        for i in 0..40_000u64 {
            let path = format!("/lưu trữ/{:03}/báo-cáo-{i:06}.txt", i % 997);
            let stamp = FileStamp {
                size: i * 7,
                mtime_ns: -(i as i128) << 70 | i as i128,
            };
            let (kind, why) = match i % 9 {
                0 => (Kind::Skipped, Some(format!("binary file {i}"))),
                1 => (Kind::HeadOnly, None),
                _ => (Kind::Doc, None),
            };
            spool
                .push(Path::new(&path), stamp, kind, why.as_deref())
                .unwrap();
            list.push(Path::new(&path), stamp, kind, why.as_deref());
        }
        let (bytes, len, hash) = written(spool.columns().unwrap());
        assert!(len > 1 << 20, "{len}");
        assert_eq!((bytes.clone(), len, hash), written(files_columns(&list)));
        // Read back as an index is read: the same hash, the same files.
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&bytes).unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        let columns = read_columns(&mut file, len, FILE_COLUMNS).unwrap();
        assert_eq!(columns_hash(&columns), hash);
        let back = parse_files(columns).unwrap();
        assert_eq!(back.len(), list.len());
        assert_eq!(back.stamps, list.stamps);
        assert_eq!(back.kinds, list.kinds);
        assert_eq!(back.reasons, list.reasons);
        assert!((0..list.len()).all(|i| back.path(i) == list.path(i)));
    }
}
