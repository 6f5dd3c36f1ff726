//! Reading habits that persist between runs: bookmarks, the last position in each
//! document, the last library and document. Saved as JSON in the state directory
//! (`$XDG_STATE_HOME/vanban/state.json` on Linux), written atomically.
//!
//! Offsets are byte offsets into a document's clean text ([`crate::corpus::Document::text`]);
//! the file may have changed since, so callers clamp them with [`clamp_offset`].

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// Positions kept at most; the least recently used go first.
const MAX_POSITIONS: usize = 5000;

/// Size and modification time of a file when an offset into it was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub mtime: u64,
}

impl Stamp {
    /// The stamp of the file now; `None` if it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = fs::metadata(path).ok()?;
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        Some(Stamp {
            len: m.len(),
            mtime,
        })
    }
}

/// A named place in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// The document's key ([`doc_key`]).
    pub doc: String,
    /// Byte offset into the clean text.
    pub offset: usize,
    pub label: String,
    /// The file when the bookmark was set.
    pub stamp: Option<Stamp>,
}

impl Bookmark {
    /// True when the file is gone or changed since the bookmark was set, so the
    /// offset may point elsewhere.
    pub fn is_stale(&self) -> bool {
        self.stamp.is_none() || Stamp::of(Path::new(&self.doc)) != self.stamp
    }
}

/// Where reading stopped in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Byte offset of the first line shown.
    pub offset: usize,
    pub stamp: Option<Stamp>,
    /// When it was last set, in set order; the oldest are dropped first.
    pub seq: u64,
}

/// Everything remembered between runs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// Paths vanban was last started with.
    pub last_library: Vec<String>,
    /// The document last read ([`doc_key`]).
    pub last_document: Option<String>,
    /// In the order set.
    pub bookmarks: Vec<Bookmark>,
    /// By document key.
    pub positions: BTreeMap<String, Position>,
    seq: u64,
}

/// The key of a document: its absolute, canonical path as text.
pub fn doc_key(path: &Path) -> String {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// The index in `lib` of the document with this key (from a bookmark, a position
/// or `last_document`), if it is loaded.
pub fn find_doc(lib: &crate::corpus::Library, key: &str) -> Option<usize> {
    lib.docs.iter().position(|d| doc_key(&d.path) == key)
}

/// `offset` moved back to a char boundary within `text`.
pub fn clamp_offset(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

impl State {
    /// Remember the paths vanban was started with.
    pub fn set_library(&mut self, paths: &[PathBuf]) {
        self.last_library = paths.iter().map(|p| doc_key(p)).collect();
    }

    /// Remember where reading of `doc` stopped; it becomes the last document.
    pub fn set_position(&mut self, doc: &Path, offset: usize) {
        let key = doc_key(doc);
        self.seq += 1;
        self.positions.insert(
            key.clone(),
            Position {
                offset,
                stamp: Stamp::of(doc),
                seq: self.seq,
            },
        );
        self.last_document = Some(key);
        if self.positions.len() > MAX_POSITIONS {
            let mut seqs: Vec<u64> = self.positions.values().map(|p| p.seq).collect();
            seqs.sort_unstable();
            let cut = seqs[self.positions.len() - MAX_POSITIONS];
            self.positions.retain(|_, p| p.seq >= cut);
        }
    }

    /// Where reading of `doc` stopped last time.
    pub fn position(&self, doc: &Path) -> Option<Position> {
        self.positions.get(&doc_key(doc)).copied()
    }

    /// Add a bookmark (replacing the label of one at the same place).
    pub fn add_bookmark(&mut self, doc: &Path, offset: usize, label: &str) {
        let key = doc_key(doc);
        let label = printable(label);
        match self
            .bookmarks
            .iter_mut()
            .find(|b| b.doc == key && b.offset == offset)
        {
            Some(b) => b.label = label,
            None => self.bookmarks.push(Bookmark {
                doc: key,
                offset,
                label,
                stamp: Stamp::of(doc),
            }),
        }
    }

    /// Remove the `i`th bookmark of [`State::bookmarks`]; returns it.
    pub fn remove_bookmark(&mut self, i: usize) -> Option<Bookmark> {
        (i < self.bookmarks.len()).then(|| self.bookmarks.remove(i))
    }

    /// The bookmarks of one document, by offset.
    pub fn bookmarks_in(&self, doc: &Path) -> Vec<&Bookmark> {
        let key = doc_key(doc);
        let mut v: Vec<&Bookmark> = self.bookmarks.iter().filter(|b| b.doc == key).collect();
        v.sort_by_key(|b| b.offset);
        v
    }
}

/// Control characters (a hand-edited state file could hold ESC) become U+FFFD.
fn printable(s: &str) -> String {
    crate::text::safe::one_line(s).into_owned()
}

/// Where the state lives on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    path: PathBuf,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// `$XDG_STATE_HOME/vanban/state.json` on Linux (`~/.local/state/vanban`); the
    /// local data directory elsewhere. `None` with no home directory.
    pub fn default_location() -> Option<Store> {
        let d = directories::ProjectDirs::from("", "", "vanban")?;
        let dir = d.state_dir().unwrap_or_else(|| d.data_local_dir());
        Some(Store::at(dir.join("state.json")))
    }

    /// A store at an explicit file path.
    pub fn at(path: impl Into<PathBuf>) -> Store {
        Store { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where a corrupt state file is moved.
    pub fn bad_path(&self) -> PathBuf {
        with_suffix(&self.path, ".bad")
    }

    /// Load the state. A missing file is a fresh start. A corrupt file is moved
    /// aside to `state.json.bad` and reported once in the returned warning.
    pub fn load(&self) -> (State, Option<String>) {
        let shown = self.path.display();
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (State::default(), None),
            Err(e) => {
                let w = format!("cannot read {shown}: {e}; bookmarks and positions not loaded");
                return (State::default(), Some(w));
            }
        };
        match serde_json::from_slice::<State>(&bytes) {
            Ok(mut s) => {
                for b in &mut s.bookmarks {
                    b.label = printable(&b.label);
                }
                (s, None)
            }
            Err(e) => {
                let bad = self.bad_path();
                let w = match fs::rename(&self.path, &bad) {
                    Ok(()) => format!(
                        "{shown} was corrupt ({e}); moved it to {}; starting with no bookmarks",
                        bad.display()
                    ),
                    Err(re) => format!("{shown} was corrupt ({e}) and could not be moved ({re}); starting with no bookmarks"),
                };
                (State::default(), Some(w))
            }
        }
    }

    /// Save atomically: a temporary file in the same folder is written and
    /// synced, then renamed over the old file, then the folder is synced. A
    /// crash at any point leaves either the old or the new file, whole.
    pub fn save(&self, state: &State) -> io::Result<()> {
        let tmp = self.write_temp(state)?;
        self.commit(&tmp).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
    }

    /// Step one of [`Store::save`]: the new content in a synced temporary file.
    fn write_temp(&self, state: &State) -> io::Result<PathBuf> {
        let dir = self.dir();
        fs::create_dir_all(dir)?;
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = with_suffix(&self.path, &format!(".tmp-{}-{n}", std::process::id()));
        let json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
        let written = File::create(&tmp).and_then(|mut f| {
            f.write_all(&json)?;
            f.write_all(b"\n")?;
            f.sync_all()
        });
        match written {
            Ok(()) => Ok(tmp),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Step two: rename into place and make the rename durable.
    fn commit(&self, tmp: &Path) -> io::Result<()> {
        fs::rename(tmp, &self.path)?;
        // Syncing a directory is how POSIX makes a rename durable; elsewhere it
        // may be unsupported, which is not an error for us.
        if let Ok(d) = File::open(self.dir()) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(dir: &Path) -> (State, PathBuf) {
        let doc = dir.join("doc.txt");
        fs::write(&doc, "Tiêu đề\nnội dung").unwrap();
        let mut s = State::default();
        s.set_position(&doc, 12);
        s.add_bookmark(&doc, 3, "đầu");
        (s, doc)
    }

    #[test]
    fn crash_before_rename_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        let (old, doc) = sample(dir.path());
        store.save(&old).unwrap();

        // The next save dies after writing (part of) its temporary file.
        let mut new = old.clone();
        new.set_position(&doc, 99);
        let tmp = store.write_temp(&new).unwrap();
        let full = fs::read(&tmp).unwrap();
        fs::write(&tmp, &full[..full.len() / 2]).unwrap();

        let (loaded, warning) = store.load();
        assert_eq!(warning, None);
        assert_eq!(loaded, old);
        assert_eq!(loaded.position(&doc).unwrap().offset, 12);
        // The stray temporary file does not stop the next save.
        store.save(&new).unwrap();
        assert_eq!(store.load().0.position(&doc).unwrap().offset, 99);
    }

    #[test]
    fn save_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sub/state.json"));
        let (s, _) = sample(dir.path());
        store.save(&s).unwrap();
        store.save(&s).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["state.json"]);
    }

    #[test]
    fn positions_are_capped_oldest_first() {
        let mut s = State::default();
        for i in 0..MAX_POSITIONS + 3 {
            s.set_position(Path::new(&format!("/nonexistent/{i}.txt")), i);
        }
        assert_eq!(s.positions.len(), MAX_POSITIONS);
        assert!(s.position(Path::new("/nonexistent/0.txt")).is_none());
        assert!(s.position(Path::new("/nonexistent/3.txt")).is_some());
    }

    #[test]
    fn clamp_offset_stays_on_char_boundaries() {
        let t = "Tiêu";
        assert_eq!(clamp_offset(t, 2), 2);
        assert_eq!(clamp_offset(t, 3), 2); // inside 'ê' (bytes 2..4)
        assert_eq!(clamp_offset(t, 4), 4);
        assert_eq!(clamp_offset(t, 100), t.len());
    }
}
