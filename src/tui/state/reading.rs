//! Read and unread documents. A document becomes read when it is opened in the reader;
//! keys mark the selected one read or unread, mark all listed read, and list unread ones
//! only. The marks are kept with the bookmarks ([`crate::state::State::read`]) and saved
//! at once; here a flag per document answers "read?" without touching the disk.

use std::borrow::Cow;
use std::path::Path;

use super::{Pane, State};
use crate::extract::numbers::format_count;
use crate::state::doc_key;

/// A document's key, without file system calls for the usual case: a library loaded
/// from folders holds canonical absolute paths, which are their own keys.
fn key_of(path: &Path) -> Cow<'_, str> {
    match path.to_str() {
        Some(p) if path.is_absolute() => Cow::Borrowed(p),
        _ => Cow::Owned(doc_key(path)),
    }
}

impl State {
    /// True when document `d` (an index into `lib.docs`) was read.
    pub fn is_read(&self, d: usize) -> bool {
        self.read.get(d).copied().unwrap_or(false)
    }

    /// Documents of the library not read yet.
    pub fn unread(&self) -> usize {
        self.unread
    }

    /// Take the read marks from what is remembered (after loading, saving or a new library).
    pub(super) fn sync_read(&mut self) {
        let marks = &self.memory.read;
        self.read = if marks.is_empty() {
            vec![false; self.lib.docs.len()]
        } else {
            let docs = &self.lib.docs;
            docs.iter()
                .map(|d| marks.contains(key_of(&d.path).as_ref()))
                .collect()
        };
        self.unread = self.read.iter().filter(|&&r| !r).count();
    }

    /// Mark documents read or unread and save; the number whose mark changed.
    fn mark(&mut self, docs: &[usize], read: bool) -> usize {
        let mut changed = 0;
        for &d in docs {
            let key = doc_key(&self.lib.docs[d].path);
            if self.memory.set_read(&key, read) {
                changed += 1;
            }
        }
        if changed > 0 {
            // Unsaved marks (the status bar says why) still count: they are remembered
            // and go with the next save.
            self.save_memory();
        }
        changed
    }

    /// After every action: the document open in the reader, when the reader has the
    /// focus, is read. Once per opening, so marking it unread while reading sticks until
    /// it is opened again.
    pub(super) fn note_reading(&mut self) {
        if self.focus == Pane::List {
            self.noted = None;
        }
        let reading = matches!(self.focus, Pane::Reader | Pane::Facts)
            && !self.table_open
            && self.popup.is_none();
        let Some(d) = self.open.filter(|_| reading) else {
            return;
        };
        if self.noted == Some(d) {
            return;
        }
        self.noted = Some(d);
        if !self.is_read(d) {
            self.mark(&[d], true);
        }
    }

    /// `u`: the selected document read or unread.
    pub(super) fn toggle_read(&mut self) -> bool {
        let Some(d) = self.open else {
            self.message = Some("no document selected".into());
            return true;
        };
        let read = !self.is_read(d);
        self.mark(&[d], read);
        self.message
            .get_or_insert_with(|| format!("marked {}", if read { "read" } else { "unread" }));
        true
    }

    /// `A`: every document listed, read.
    pub(super) fn mark_all_read(&mut self) -> bool {
        let docs = self.visible.clone();
        let n = self.mark(&docs, true);
        self.message.get_or_insert_with(|| match n {
            0 => "every document listed was read already".into(),
            n => format!("{} marked read", format_count(n as u64)),
        });
        true
    }

    /// `U`: list unread documents only, or all again. Documents read meanwhile stay
    /// listed until the list is filtered again, so the selection does not jump away.
    pub(super) fn toggle_unread_only(&mut self) -> bool {
        self.unread_only = !self.unread_only;
        self.refilter(true);
        true
    }
}
