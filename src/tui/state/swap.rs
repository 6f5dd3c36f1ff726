//! Starting on a preview: the reader may open on documents known by their heads alone
//! (from the cache, in a fraction of the time) while the full library loads on another
//! thread, then put the full library in place without losing the user's place.

use std::cell::OnceCell;

use super::{Anchor, State};
use crate::corpus::Library;

impl State {
    /// True while the reader shows a preview and the full library is still loading.
    pub fn loading(&self) -> bool {
        self.loading
    }

    /// Mark the library as a preview ([`State::replace_library`] ends that).
    pub fn set_loading(&mut self, loading: bool) {
        self.loading = loading;
    }

    /// Put `lib` in place of the preview. The list keeps its filter and selection, the
    /// reader its document and place (documents are matched by path).
    pub fn replace_library(&mut self, lib: Library) {
        let open_path = self.open.map(|d| self.lib.docs[d].path.clone());
        let at = self.page.lines.get(self.reader_top).map(|l| l.start);
        let same = lib.docs.len() == self.lib.docs.len()
            && lib
                .docs
                .iter()
                .zip(&self.lib.docs)
                .all(|(a, b)| a.path == b.path);
        self.lib = lib;
        self.loading = false;
        self.noted = None;
        self.sync_read();
        self.doc_index = OnceCell::new();
        self.search.index = OnceCell::new();
        self.table = None;
        self.table_open = false;
        if let Some(wake) = self.search.wake.clone() {
            self.start_search(move || wake());
        }
        let d = open_path.and_then(|p| self.lib.docs.iter().position(|d| d.path == p));
        if !same {
            // Files changed meanwhile: list again, from all documents.
            self.visible = (0..self.lib.docs.len()).collect();
            self.counts.clear();
        }
        // Open the document again, with its full facts, at the same place.
        self.open = None;
        match d.and_then(|d| self.visible.iter().position(|&v| v == d)) {
            Some(row) => self.select(row),
            None => self.select(0),
        }
        if let (Some(offset), true) = (at, self.open.is_some() && self.open == d) {
            self.anchor = Some(Anchor { offset, above: 0 });
            self.relayout();
        }
        // The old worker went with its pending results: ask again.
        if !self.query.trim().is_empty() {
            self.refilter(true);
        }
    }
}
