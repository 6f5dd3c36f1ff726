//! Mouse actions: what lies under a click or a wheel turn.

use ratatui::layout::{Position, Rect};

use super::{Pane, State, Step};
use crate::tui::layout;

impl State {
    /// The pane under a screen position, with the position inside its border.
    fn pane_at(&self, x: u16, y: u16) -> Option<(Pane, usize)> {
        let a = self.areas();
        let p = Position::new(x, y);
        let hit = |pane: Pane, r: Option<Rect>| {
            r.filter(|r| r.contains(p))
                .map(|r| (pane, y.saturating_sub(layout::inner(pane, r).y) as usize))
        };
        // The overlay lies over the reader, so it is tested first.
        hit(Pane::Facts, a.facts)
            .or_else(|| hit(Pane::List, a.list))
            .or_else(|| hit(Pane::Reader, a.reader))
    }

    pub(super) fn click(&mut self, x: u16, y: u16) -> bool {
        let Some((pane, row)) = self.pane_at(x, y) else {
            return false;
        };
        self.editing = false;
        self.focus = pane;
        match pane {
            Pane::List => {
                if let Some(r) = self.entry_at(row) {
                    self.select(r);
                }
            }
            Pane::Facts => {
                let entry = self.facts_rows.get(self.facts_top + row).map(|r| r.entry);
                if let Some(e) = entry.filter(|&e| !self.entries[e].heading) {
                    self.facts_sel = Some(e);
                    self.jump();
                }
            }
            Pane::Reader => {}
        }
        true
    }

    pub(super) fn wheel(&mut self, x: u16, y: u16, down: bool) -> bool {
        let Some((pane, _)) = self.pane_at(x, y) else {
            return false;
        };
        let n = if pane == Pane::Reader { 3 } else { 1 };
        self.move_in(pane, Step::By(if down { n } else { -n }))
    }
}
