//! The reader's text laid out: the open document wrapped to its pane, the page's
//! furniture folded around the article, anchors (a place to go once the text is laid
//! out) and the place kept through rewraps, and the facts panel wrapped beside it.

use super::{into_view, Anchor, Kept, Pane, State};
use crate::extract::Span;
use crate::tui::facts;
use crate::tui::keymap;
use crate::tui::layout::{self, Areas};
use crate::tui::page::{Fold, Page};

impl State {
    /// Inner (width, height) of a pane as it is when it has the focus.
    pub(super) fn inner(&self, pane: Pane) -> (usize, usize) {
        let of = |a: Areas| match pane {
            Pane::List => a.list,
            Pane::Reader => a.reader,
            Pane::Facts => a.facts,
        };
        // The pane as it is on screen; one hidden now, as it will be when it has the focus.
        let r = of(self.areas()).or_else(|| of(layout::areas(self.size, pane, self.show_facts)));
        r.map_or((0, 0), |r| {
            let i = layout::inner(pane, r);
            (i.width as usize, i.height as usize)
        })
    }

    pub fn reader_height(&self) -> usize {
        self.inner(Pane::Reader).1
    }

    /// The last first line the reader can scroll to.
    pub(super) fn reader_max_top(&self) -> usize {
        self.page.lines.len().saturating_sub(self.reader_height())
    }

    /// Re-wrap the open document and the facts for the current size and folding, keeping
    /// the reader on the text it showed (or moving it to a pending anchor).
    pub(super) fn relayout(&mut self) {
        let Some(d) = self.open else { return };
        let width = self.inner(Pane::Reader).0;
        let mut rewrapped = None;
        let folds = match self.furniture {
            true => Vec::new(),
            false => self.furniture_folds(),
        };
        // A document's folds are all there or none: their number tells the page's folding.
        // Nothing is laid out before the size is known.
        let refold = width > 0 && self.page.folds.len() != folds.len();
        if width != self.page.width || refold {
            let keep = self.page.width > 0;
            let at = self.kept_top().unwrap_or_else(|| self.top_source());
            let doc = &self.lib.docs[d];
            self.page = Page::new(doc.text(), doc.marks(), &folds, width);
            self.reader_top = match keep {
                true => self
                    .page
                    .line_of(self.page.range(Span { start: at, end: at }).start),
                false => 0,
            };
            rewrapped = keep.then_some(at);
        }
        let anchored = self.anchor.is_some();
        self.apply_anchor();
        self.reader_top = self.reader_top.min(self.reader_max_top());
        if let (Some(at), false) = (rewrapped, anchored) {
            self.kept = Some(Kept {
                at,
                top: self.reader_top,
                width: self.page.width,
            });
        }
        self.facts_rows = facts::rows(&self.entries, self.inner(Pane::Facts).0);
        self.facts_into_view();
    }

    /// The kept place ([`Kept`], a source offset) while the reader has not moved since it was kept.
    pub(super) fn kept_top(&self) -> Option<usize> {
        self.kept
            .filter(|k| k.top == self.reader_top && k.width == self.page.width)
            .map(|k| k.at)
    }

    /// Source offset of the reader's first line.
    pub(super) fn top_source(&self) -> usize {
        let line = self.page.lines.get(self.reader_top);
        line.map_or(0, |l| self.page.to_source(l.start))
    }

    /// The folds of the open document's page: the furniture before and after the article,
    /// each as one line saying how many lines it holds.
    pub(super) fn furniture_folds(&self) -> Vec<Fold> {
        let Some(d) = self.open else {
            return Vec::new();
        };
        let text = self.lib.docs[d].text();
        let a = self.article.clone();
        if a.is_empty() || a.end > text.len() {
            return Vec::new();
        }
        let key = keymap::first_key(&self.keys, "furniture");
        [0..a.start, a.end..text.len()]
            .into_iter()
            .filter_map(|range| {
                let n = text[range.clone()]
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .count();
                let s = if n == 1 { "" } else { "s" };
                let label = match &key {
                    Some(k) => format!("page: {n} line{s} — {k} shows them"),
                    None => format!("page: {n} line{s} folded"),
                };
                (n > 0).then_some(Fold { range, label })
            })
            .collect()
    }

    /// Show the furniture if `span` lies in it, so a jump there lands on it.
    pub(super) fn unfold_for(&mut self, span: Span) {
        if !self.furniture && self.page.hides(span) {
            self.furniture = true;
            self.relayout();
        }
    }

    /// `z`: show the page's furniture or fold it again, staying on the same text.
    pub(super) fn toggle_furniture(&mut self) -> bool {
        self.furniture = !self.furniture;
        self.relayout();
        if self.open.is_some() && self.furniture_folds().is_empty() {
            self.message = Some("this page has nothing around its article".into());
        }
        true
    }

    /// Move the reader to the pending anchor once the text is laid out; an anchor in
    /// folded furniture unfolds it.
    pub(super) fn apply_anchor(&mut self) {
        if self.page.width == 0 {
            return;
        }
        let Some(a) = self.anchor.take() else { return };
        let point = Span {
            start: a.offset,
            end: a.offset,
        };
        self.unfold_for(point);
        let line = self.page.line_of(self.page.range(point).start);
        self.reader_top = line.saturating_sub(a.above).min(self.reader_max_top());
        if a.above == 0 && self.reader_top == line {
            self.kept = Some(Kept {
                at: a.offset,
                top: line,
                width: self.page.width,
            });
        }
    }

    /// Scroll the reader so `span` shows near the top, and mark it.
    pub(super) fn reveal(&mut self, span: Span) {
        self.unfold_for(span);
        self.target = Some(span);
        self.anchor = Some(Anchor {
            offset: span.start,
            above: 2,
        });
        self.apply_anchor();
    }

    /// Scroll the facts so the selected entry shows, with the headings just above it.
    pub(super) fn facts_into_view(&mut self) {
        let Some(sel) = self.facts_sel else { return };
        let rows = &self.facts_rows;
        let Some(first) = rows.iter().position(|r| r.entry == sel) else {
            return;
        };
        let last = rows.iter().rposition(|r| r.entry == sel).unwrap_or(first);
        let mut start = first;
        while start > 0 && self.entries[rows[start - 1].entry].heading {
            start -= 1;
        }
        let h = self.inner(Pane::Facts).1.max(1);
        self.facts_top = into_view(self.facts_top, start, last, h);
    }
}
