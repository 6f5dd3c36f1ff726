//! Putting a new library in place: the full one after a preview (the reader may open on
//! documents known by their heads alone, from the cache, while the full library loads on
//! another thread), or one read again after files changed on disk. Either way the user's
//! filter, selection, reader place and awards table stay.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::{Anchor, State};
use crate::awards::{Column, Ranks};
use crate::corpus::progress::{Progress, Snapshot};
use crate::corpus::{Document, Library};

impl State {
    /// True while the library is still loading (the reader shows none yet, or a preview).
    pub fn loading(&self) -> bool {
        self.loading.is_some()
    }

    /// How far the loading has got.
    pub fn progress(&self) -> Option<Snapshot> {
        self.loading.as_ref().map(|p| p.snapshot())
    }

    /// Mark the library as still loading, reporting to `progress`; `None` ends that, as
    /// [`State::replace_library`] does.
    pub fn set_loading(&mut self, progress: Option<Arc<Progress>>) {
        self.loading = progress;
    }

    /// Put `lib` in place of the preview. The list keeps its filter and selection, the
    /// reader its document and place (documents are matched by path).
    pub fn replace_library(&mut self, lib: Library) {
        self.put_in_place(|old| {
            let same = lib.docs.len() == old.docs.len()
                && lib
                    .docs
                    .iter()
                    .zip(&old.docs)
                    .all(|(a, b)| a.path == b.path);
            *old = lib;
            same
        });
    }

    /// Documents with their facts in place of the preview's, from `start` on (each only
    /// where the same file is).
    pub fn patch_docs(&mut self, start: usize, docs: Vec<Document>) {
        let mut patched = false;
        for (slot, doc) in self.lib.docs.iter_mut().skip(start).zip(docs) {
            if slot.path == doc.path {
                slot.take_facts(doc);
                patched = true;
            }
        }
        if patched {
            let table = self.take_table();
            self.remake_table(table);
        }
    }

    /// Drop the awards table, whose rows point into the documents (by index, and by the
    /// index of a statement in a document), before they change; with its sort if it was
    /// open, for [`State::remake_table`].
    fn take_table(&mut self) -> Option<Option<(Column, bool)>> {
        let sort = self.table.take().map(|t| t.table.sort());
        sort.filter(|_| self.table_open)
    }

    /// Make the table taken by [`State::take_table`] again, from the documents now in
    /// place and sorted as it was: its indices are those of these documents. A closed
    /// table is made when next opened.
    fn remake_table(&mut self, taken: Option<Option<(Column, bool)>>) {
        if let Some(sort) = taken {
            self.open_table();
            if let (Some((c, asc)), Some(t)) = (sort, &mut self.table) {
                t.table.sort_by(c, asc, &self.lib.docs);
            }
        }
    }

    /// The documents in place came in parts ([`State::patch_docs`]); `rest` brings the rest
    /// of the library (files skipped, bodies, search keys).
    pub fn complete_library(&mut self, rest: Library) {
        self.put_in_place(|lib| {
            lib.skipped = rest.skipped;
            lib.bodies = rest.bodies;
            if rest.heads.is_some() {
                lib.heads = rest.heads;
            }
            true
        });
    }

    /// Change the library with `swap` (which says whether the documents are still the same
    /// files in the same order); the list keeps its filter and selection, the reader its
    /// document and place.
    fn put_in_place(&mut self, swap: impl FnOnce(&mut Library) -> bool) {
        // The reader may start before any document is loaded; the first to come are
        // opened where reading stopped last time.
        let first = self.lib.docs.is_empty();
        let open_path = self.open.map(|d| self.lib.docs[d].path.clone());
        let at = self.open.map(|_| self.top_source());
        let table = self.take_table();
        let same = swap(&mut self.lib);
        self.rank_later();
        self.loading = None;
        self.noted = None;
        self.sync_read();
        self.doc_index = Default::default();
        self.search.index = OnceCell::new();
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
        self.remake_table(table);
        if first {
            self.restore();
        }
    }

    /// Ranks of the documents by title and date for the awards table, from the library's
    /// search heads (kept if they are the same heads), made on a thread of their own now
    /// that the library is in place: the table's first sort by title or date then waits
    /// for nothing.
    fn rank_later(&mut self) {
        let heads = self.lib.heads.clone();
        let heads = heads.filter(|h| h.len() == self.lib.docs.len());
        match heads {
            Some(h) if self.ranks.as_ref().is_some_and(|r| r.of(&h)) => {}
            Some(h) => self.ranks = Some(Ranks::new(h)),
            None => self.ranks = None,
        }
        if let Some(r) = &self.ranks {
            r.make_later();
        }
    }

    /// Put in place a library read again from disk, and say in the status bar what
    /// changed: files added, removed, changed (by their stamps).
    pub fn reload_library(&mut self, lib: Library) {
        let before: HashMap<&Path, Option<crate::corpus::document::TextStamp>> = self
            .lib
            .docs
            .iter()
            .map(|d| (&*d.path, d.stamp()))
            .collect();
        let mut added = 0;
        let mut changed = 0;
        for d in &lib.docs {
            match before.get(&*d.path) {
                None => added += 1,
                Some(s) if s.is_some() && *s != d.stamp() => changed += 1,
                Some(_) => {}
            }
        }
        let kept = lib.docs.len() - added;
        let removed = before.len().saturating_sub(kept);
        self.replace_library(lib);
        let mut said = Vec::new();
        for (n, what) in [(added, "added"), (removed, "removed"), (changed, "changed")] {
            if n > 0 {
                said.push(format!("{n} {what}"));
            }
        }
        self.message = Some(match said.is_empty() {
            true => "documents read again: no change".into(),
            false => format!("documents read again: {}", said.join(", ")),
        });
    }
}
