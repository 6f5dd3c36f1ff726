//! Reading habits that persist between runs: bookmarks, the last position in each
//! document, the documents read, the last library and document. Saved as JSON in the state
//! directory (`$XDG_STATE_HOME/vanban/state.json` on Linux) by a [`Store`].
//!
//! Two readers may share the file. Each keeps the changes it made since it last saved;
//! a save re-reads the file under a lock and applies those changes to it (see
//! [`Store::save`]), so neither loses what the other saved.
//!
//! Offsets are byte offsets into a document's clean text ([`crate::corpus::Document::text`]);
//! the file may have changed since, so callers clamp them with [`clamp_offset`].

mod store;

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::Document;

pub use store::Store;

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

/// One change to what is remembered, kept until it is saved so that a save can apply it
/// again to what another reader saved meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    Library(Vec<String>),
    /// A place in a document (by key), which becomes the last document.
    Position(String, Position),
    AddBookmark(Bookmark),
    /// The bookmark at this place of this document goes.
    RemoveBookmark {
        doc: String,
        offset: usize,
    },
    /// A document (by key) marked read (`true`) or unread.
    Read(String, bool),
}

/// Everything remembered between runs.
#[derive(Debug, Clone, Eq, Default, Serialize, Deserialize)]
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
    /// The keys of the documents read. Unread is the default, so only read ones are kept.
    pub read: BTreeSet<String>,
    seq: u64,
    /// Made since the last save, in order.
    #[serde(skip)]
    changes: Vec<Change>,
}

/// Two states are equal when they remember the same things, saved or not.
impl PartialEq for State {
    fn eq(&self, o: &State) -> bool {
        self.last_library == o.last_library
            && self.last_document == o.last_document
            && self.bookmarks == o.bookmarks
            && self.positions == o.positions
            && self.read == o.read
            && self.seq == o.seq
    }
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
    find_among(&lib.docs, key, &OnceCell::new())
}

/// [`find_doc`] among `docs`, resolving as few paths as can be (a million of them take
/// seconds): `links` keeps which documents are links, once it is known, for the next key.
pub fn find_among(docs: &[Document], key: &str, links: &OnceCell<Vec<usize>>) -> Option<usize> {
    // Loaded from a canonical folder, a document's key is its path.
    if let Some(i) = docs.iter().position(|d| d.path.as_os_str() == key) {
        return Some(i);
    }
    // A path resolves to a file of its own name, unless the file itself is a link: the
    // documents of the key's name are resolved first, then the links.
    let is = |&i: &usize| doc_key(&docs[i].path) == key;
    let name = Path::new(key).file_name();
    (0..docs.len())
        .filter(|&i| docs[i].path.file_name() == name)
        .find(is)
        .or_else(|| {
            let links = links.get_or_init(|| {
                (0..docs.len())
                    .into_par_iter()
                    .filter(|&i| fs::symlink_metadata(&docs[i].path).is_ok_and(|m| m.is_symlink()))
                    .collect()
            });
            links.iter().copied().find(is)
        })
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
    /// Make a change and keep it for the next save.
    fn change(&mut self, c: Change) {
        self.apply(&c);
        self.changes.push(c);
    }

    /// Apply one change. Applying the same changes to another copy of the state (one
    /// another reader saved since) gives that copy this reader's changes too.
    fn apply(&mut self, c: &Change) {
        match c {
            Change::Library(paths) => self.last_library = paths.clone(),
            Change::Position(key, p) => {
                self.seq += 1;
                let p = Position {
                    seq: self.seq,
                    ..*p
                };
                self.positions.insert(key.clone(), p);
                self.last_document = Some(key.clone());
                self.cap_positions();
            }
            Change::AddBookmark(new) => match self
                .bookmarks
                .iter_mut()
                .find(|b| b.doc == new.doc && b.offset == new.offset)
            {
                Some(b) => b.label = new.label.clone(),
                None => self.bookmarks.push(new.clone()),
            },
            Change::RemoveBookmark { doc, offset } => self
                .bookmarks
                .retain(|b| !(b.doc == *doc && b.offset == *offset)),
            Change::Read(key, true) => {
                self.read.insert(key.clone());
            }
            Change::Read(key, false) => {
                self.read.remove(key);
            }
        }
    }

    fn cap_positions(&mut self) {
        if self.positions.len() > MAX_POSITIONS {
            let mut seqs: Vec<u64> = self.positions.values().map(|p| p.seq).collect();
            seqs.sort_unstable();
            let cut = seqs[self.positions.len() - MAX_POSITIONS];
            self.positions.retain(|_, p| p.seq >= cut);
        }
    }

    /// Remember the paths vanban was started with.
    pub fn set_library(&mut self, paths: &[PathBuf]) {
        let keys = paths.iter().map(|p| doc_key(p)).collect();
        self.change(Change::Library(keys));
    }

    /// Remember where reading of `doc` stopped; it becomes the last document.
    pub fn set_position(&mut self, doc: &Path, offset: usize) {
        let p = Position {
            offset,
            stamp: Stamp::of(doc),
            seq: 0,
        };
        self.change(Change::Position(doc_key(doc), p));
    }

    /// Where reading of `doc` stopped last time.
    pub fn position(&self, doc: &Path) -> Option<Position> {
        self.positions.get(&doc_key(doc)).copied()
    }

    /// Add a bookmark (replacing the label of one at the same place).
    pub fn add_bookmark(&mut self, doc: &Path, offset: usize, label: &str) {
        self.change(Change::AddBookmark(Bookmark {
            doc: doc_key(doc),
            offset,
            label: printable(label),
            stamp: Stamp::of(doc),
        }));
    }

    /// Remove the `i`th bookmark of [`State::bookmarks`]; returns it.
    pub fn remove_bookmark(&mut self, i: usize) -> Option<Bookmark> {
        let b = self.bookmarks.get(i)?.clone();
        self.change(Change::RemoveBookmark {
            doc: b.doc.clone(),
            offset: b.offset,
        });
        Some(b)
    }

    /// The bookmarks of one document, by offset.
    pub fn bookmarks_in(&self, doc: &Path) -> Vec<&Bookmark> {
        let key = doc_key(doc);
        let mut v: Vec<&Bookmark> = self.bookmarks.iter().filter(|b| b.doc == key).collect();
        v.sort_by_key(|b| b.offset);
        v
    }

    /// Mark the document with this key ([`doc_key`]) read or unread; true when that
    /// changed anything.
    pub fn set_read(&mut self, key: &str, read: bool) -> bool {
        if self.read.contains(key) == read {
            return false;
        }
        self.change(Change::Read(key.to_string(), read));
        true
    }

    /// True when the document with this key was read.
    pub fn is_read(&self, key: &str) -> bool {
        self.read.contains(key)
    }
}

/// Control characters (a hand-edited state file could hold ESC) become U+FFFD.
fn printable(s: &str) -> String {
    crate::text::safe::one_line(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn changes_applied_to_another_copy_give_the_same_marks() {
        let mut base = State::default();
        base.set_read("/d/old.txt", true);
        base.add_bookmark(Path::new("/d/old.txt"), 1, "cũ");
        let mut mine = base.clone();
        mine.changes.clear();
        mine.set_read("/d/a.txt", true);
        mine.set_read("/d/old.txt", false);
        assert!(!mine.set_read("/d/old.txt", false), "no change, none kept");
        mine.remove_bookmark(0);
        mine.add_bookmark(Path::new("/d/a.txt"), 5, "năm");
        // Someone else saved meanwhile: a read mark and a bookmark of their own.
        let mut theirs = base.clone();
        theirs.set_read("/d/b.txt", true);
        theirs.add_bookmark(Path::new("/d/b.txt"), 2, "hai");
        for c in &mine.changes {
            theirs.apply(c);
        }
        let read: Vec<&str> = theirs.read.iter().map(String::as_str).collect();
        assert_eq!(read, ["/d/a.txt", "/d/b.txt"]);
        let marks: Vec<(&str, usize)> = theirs
            .bookmarks
            .iter()
            .map(|b| (b.label.as_str(), b.offset))
            .collect();
        assert_eq!(marks, [("hai", 2), ("năm", 5)]);
    }
}
