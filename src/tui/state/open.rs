//! Choosing a document: selecting a row of the list, opening a document in the reader
//! where reading of it stopped, and going to a place in any document.

use super::{Anchor, Pane, State};
use crate::state as saved;
use crate::tui::facts;
use crate::tui::page::Page;

impl State {
    /// Select row `row` of the list and show that document.
    pub(super) fn select(&mut self, row: usize) {
        self.selected = row.min(self.visible.len().saturating_sub(1));
        self.list_into_view();
        match self.visible.get(self.selected) {
            Some(&d) => self.open_doc(d),
            None => {
                self.remember();
                self.open = None;
                self.page = Page::default();
                self.reader_top = 0;
                self.anchor = None;
                self.target = None;
                self.entries.clear();
                self.facts_rows.clear();
                self.facts_sel = None;
                self.matches.clear();
            }
        }
    }

    /// Show document `d` in the reader, where reading of it stopped last time.
    pub(super) fn open_doc(&mut self, d: usize) {
        if self.open == Some(d) {
            return;
        }
        if self.remember() {
            self.save_memory();
        }
        self.open = Some(d);
        // The side panel shows all the facts.
        self.lib.docs[d].hydrate();
        self.page = Page::default();
        self.kept = None;
        self.reader_top = 0;
        self.target = None;
        self.article = self.lib.docs[d].article();
        self.changed = self.changed_since_read(d);
        self.anchor = self
            .saved_offset(d)
            .map(|offset| Anchor { offset, above: 0 });
        self.entries = facts::entries(&self.lib.docs[d]);
        self.facts_sel = self.entries.iter().position(|e| !e.heading);
        self.facts_top = 0;
        self.find_matches();
        self.relayout();
    }

    /// Show document `d` in the reader at byte `offset` of its text, listing it first if
    /// the filter hides it.
    pub(super) fn goto(&mut self, d: usize, offset: usize) {
        if !self.visible.contains(&d) {
            self.query.clear();
            self.editing = false;
            self.refilter(false);
        }
        let row = self.visible.iter().position(|&v| v == d).unwrap_or(0);
        self.select(row);
        let text = self.lib.docs[d].text();
        self.anchor = Some(Anchor {
            offset: saved::clamp_offset(text, offset),
            above: 0,
        });
        self.apply_anchor();
        self.focus = Pane::Reader;
        self.relayout();
    }
}
