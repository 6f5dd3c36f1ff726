//! What the reader remembers between runs: the place in each document, the last
//! document, bookmarks, read marks. Kept in [`crate::state`] and saved through its
//! [`Store`], which merges them with what another reader saved meanwhile.

use std::io;
use std::path::PathBuf;

use super::{Anchor, Pane, State};
use crate::state::{clamp_offset, find_among, Stamp, Store};

/// Longest bookmark label, in characters.
const LABEL_CHARS: usize = 60;

impl State {
    /// Take the saved state from `store` (a corrupt file is set aside and reported) and go
    /// back to where the user was: the last document, at its place, in the reader.
    pub fn attach(&mut self, store: Store, paths: &[PathBuf]) {
        let (memory, warning) = store.load();
        self.notes.extend(warning);
        self.memory = memory;
        self.memory.set_library(paths);
        self.store = Some(store);
        self.sync_read();
        self.restore();
        self.announce();
    }

    /// Go to the last document read, at its place; or, when it is not in this library,
    /// put the open document at its own saved place.
    pub fn restore(&mut self) {
        if let Some(d) = self.open {
            self.changed = self.changed_since_read(d);
        }
        let last = self.memory.last_document.clone();
        match last.and_then(|k| self.find(&k)) {
            Some(d) => {
                let offset = self.saved_offset(d).unwrap_or(0);
                self.goto(d, offset);
            }
            None => {
                if let Some(d) = self.open {
                    self.anchor = self
                        .saved_offset(d)
                        .map(|offset| Anchor { offset, above: 0 });
                    self.relayout();
                }
            }
        }
    }

    /// The first problem found before the start, once in the status bar.
    pub fn announce(&mut self) {
        if let Some(first) = self.notes.first() {
            let more = self.notes.len() - 1;
            let key = crate::tui::keymap::first_key(&self.keys, "warnings").unwrap_or_default();
            // The count first: a long first warning is cut on a narrow screen.
            self.message = Some(if more > 0 {
                format!("{} problems ({key} lists them): {first}", more + 1)
            } else {
                first.clone()
            });
        }
    }

    /// Save the place in the open document and everything remembered. Called when the
    /// reader ends, however it ends.
    pub fn persist(&mut self) -> io::Result<()> {
        if let Some(d) = self.open {
            let offset = self.top_offset().unwrap_or(0);
            self.memory.set_position(&self.lib.docs[d].path, offset);
        }
        match &self.store {
            Some(store) => store.save(&mut self.memory),
            None => Ok(()),
        }
    }

    /// Byte offset (in the document's clean text) of the reader's first line.
    pub fn top_offset(&self) -> Option<usize> {
        self.open?;
        if let Some(a) = self.anchor {
            return Some(a.offset);
        }
        if let Some(at) = self.kept_top() {
            return Some(at); // a source offset already
        }
        let line = self.page.lines.get(self.reader_top)?;
        Some(self.page.to_source(line.start))
    }

    /// True when document `d`'s file is not the one its place was saved with (changed, or
    /// gone). A document never read is not changed.
    pub(super) fn changed_since_read(&self, d: usize) -> bool {
        let path = &self.lib.docs[d].path;
        let saved = self.memory.position(path).and_then(|p| p.stamp);
        saved.is_some_and(|s| Stamp::of(path) != Some(s))
    }

    /// Where reading of document `d` stopped, clamped to its text.
    pub(super) fn saved_offset(&self, d: usize) -> Option<usize> {
        let doc = &self.lib.docs[d];
        let p = self.memory.position(&doc.path)?;
        Some(clamp_offset(doc.text(), p.offset))
    }

    /// Note the open document's place; true when it changed what is remembered.
    pub(super) fn remember(&mut self) -> bool {
        let (Some(d), Some(offset)) = (self.open, self.top_offset()) else {
            return false;
        };
        let path = &self.lib.docs[d].path;
        let before = self.memory.position(path).map(|p| p.offset);
        // A changed file read again is remembered again, with its new stamp.
        if (before == Some(offset) && !self.changed) || (before.is_none() && offset == 0) {
            return false;
        }
        self.memory.set_position(path, offset);
        true
    }

    /// Write the remembered state now, merged with the file; a failure is said in the
    /// status bar (the changes stay remembered and go with the next save).
    pub(super) fn save_memory(&mut self) -> bool {
        let Some(store) = &self.store else {
            self.sync_read();
            return true;
        };
        let saved = match store.save(&mut self.memory) {
            Ok(()) => true,
            Err(e) => {
                self.message = Some(format!(
                    "could not save bookmarks, places and read marks to {}: {e}",
                    store.path().display()
                ));
                false
            }
        };
        // The save brought in what another reader saved meanwhile.
        self.sync_read();
        saved
    }

    /// The loaded document with this key (remembered for the next time it is asked).
    pub(super) fn find(&self, key: &str) -> Option<usize> {
        if let Some(&found) = self.doc_index.found.borrow().get(key) {
            return found;
        }
        let found = find_among(&self.lib.docs, key, &self.doc_index.links);
        self.doc_index
            .found
            .borrow_mut()
            .insert(key.to_string(), found);
        found
    }

    /// `m`: a bookmark at the reader's first line, labelled with its text.
    pub(super) fn set_bookmark(&mut self) -> bool {
        let Some(d) = self.open else {
            self.message = Some("no document open to bookmark".into());
            return true;
        };
        let offset = self.top_offset().unwrap_or(0);
        let doc = &self.lib.docs[d];
        let label = label_at(doc.text(), offset);
        self.memory.add_bookmark(&doc.path, offset, &label);
        if self.save_memory() {
            self.message = Some(format!("bookmarked: {label}"));
        }
        true
    }

    /// Go to bookmark `i` of the remembered ones.
    pub(super) fn goto_bookmark(&mut self, i: usize) -> bool {
        let Some(b) = self.memory.bookmarks.get(i).cloned() else {
            return false;
        };
        match self.find(&b.doc) {
            Some(d) => {
                self.popup = None;
                self.table_open = false;
                self.goto(d, b.offset);
                self.focus = Pane::Reader;
                if b.is_stale() {
                    self.message = Some(
                        "the file changed since this bookmark was set; the place may have moved"
                            .into(),
                    );
                }
            }
            None => {
                self.message = Some(format!(
                    "not in the documents open now: {}",
                    crate::tui::safe(&b.doc)
                ));
            }
        }
        true
    }
}

/// A bookmark's label: the start of the text at `offset`, on one line.
fn label_at(text: &str, offset: usize) -> String {
    let rest = &text[clamp_offset(text, offset)..];
    let line = rest.trim_start().lines().next().unwrap_or("").trim();
    let mut label: String = line.chars().take(LABEL_CHARS).collect();
    if line.chars().count() > LABEL_CHARS {
        label.push('…');
    }
    if label.is_empty() {
        label = "(end of the text)".into();
    }
    // A clean text has no control characters, but the label is kept on disk: be sure.
    crate::tui::safe(&label).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_one_short_line() {
        assert_eq!(label_at("Tiêu đề\nnội dung", 0), "Tiêu đề");
        assert_eq!(label_at("Tiêu đề\n  nội dung", 12), "nội dung");
        let long = "ạ".repeat(100);
        assert_eq!(label_at(&long, 0).chars().count(), LABEL_CHARS + 1);
        assert_eq!(label_at("abc", 3), "(end of the text)");
        // An offset inside a character is moved back to its start.
        assert_eq!(label_at("Tiêu", 3), "êu");
    }
}
