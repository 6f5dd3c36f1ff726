//! Moving around: panes, the facts panel, Esc and Enter, matches, scrolling.

use super::{go, Pane, State, Step};
use crate::tui::layout;

impl State {
    fn panes(&self) -> Vec<Pane> {
        let mut p = vec![Pane::List, Pane::Reader];
        if self.show_facts || self.size.width < layout::WIDE {
            p.push(Pane::Facts);
        }
        p
    }

    pub(super) fn cycle(&mut self, dir: isize) -> bool {
        self.editing = false;
        let p = self.panes();
        let i = p.iter().position(|&x| x == self.focus).unwrap_or(0) as isize;
        self.focus = p[(i + dir).rem_euclid(p.len() as isize) as usize];
        self.relayout();
        true
    }

    pub(super) fn toggle_facts(&mut self) -> bool {
        if self.size.width >= layout::WIDE {
            self.show_facts = !self.show_facts;
            if !self.show_facts && self.focus == Pane::Facts {
                self.focus = Pane::Reader;
            }
        } else {
            self.focus = if self.focus == Pane::Facts {
                Pane::Reader
            } else {
                Pane::Facts
            };
        }
        self.relayout();
        true
    }

    pub(super) fn back(&mut self) -> bool {
        if self.focus == Pane::Facts && self.areas().facts_overlay {
            self.focus = Pane::Reader;
            return true;
        }
        if self.focus != Pane::List {
            self.focus = Pane::List;
            return true;
        }
        if !self.query.is_empty() {
            self.query.clear();
            self.refilter(true);
            return true;
        }
        false
    }

    pub(super) fn activate(&mut self) -> bool {
        match self.focus {
            Pane::List if self.open.is_some() => {
                self.focus = Pane::Reader;
                true
            }
            Pane::Facts => self.jump(),
            _ => false,
        }
    }

    /// Scroll the reader to the selected fact's sentence and mark it.
    pub(super) fn jump(&mut self) -> bool {
        let Some(sel) = self.facts_sel else {
            return false;
        };
        match self.entries[sel].target {
            Some(span) => {
                self.reveal(span);
                if self.areas().facts_overlay {
                    self.focus = Pane::Reader;
                }
            }
            None => self.message = Some("this fact has no place in the text".into()),
        }
        true
    }

    pub(super) fn next_match(&mut self, forward: bool) -> bool {
        let n = self.matches.len();
        if n == 0 {
            self.message = Some(if self.query.trim().is_empty() {
                "no filter: press / and type to find text".into()
            } else {
                format!("“{}” is not in this document", self.query)
            });
            return true;
        }
        let line = |s: &State, i: usize| s.page.line_of(s.page.range(s.matches[i]).start);
        let i = match self.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None if forward => (0..n)
                .find(|&i| line(self, i) >= self.reader_top)
                .unwrap_or(0),
            None => (0..n)
                .rev()
                .find(|&i| line(self, i) < self.reader_top)
                .unwrap_or(n - 1),
        };
        self.current = Some(i);
        self.unfold_for(self.matches[i]);
        let l = line(self, i);
        let h = self.reader_height().max(1);
        if l < self.reader_top || l >= self.reader_top + h {
            self.reader_top = l.saturating_sub(h / 3).min(self.reader_max_top());
        }
        true
    }

    pub(super) fn move_in(&mut self, pane: Pane, step: Step) -> bool {
        match pane {
            Pane::List => {
                let page = self.list_page();
                let last = self.visible.len().saturating_sub(1);
                let row = go(self.selected, step, last, page);
                let changed = row != self.selected;
                self.select(row);
                changed
            }
            Pane::Reader => {
                let page = self.reader_height().saturating_sub(1).max(1);
                let top = go(self.reader_top, step, self.reader_max_top(), page);
                let changed = top != self.reader_top;
                self.reader_top = top;
                self.anchor = None;
                changed
            }
            Pane::Facts => {
                let items: Vec<usize> = (0..self.entries.len())
                    .filter(|&i| !self.entries[i].heading)
                    .collect();
                let Some(cur) = self
                    .facts_sel
                    .and_then(|s| items.iter().position(|&i| i == s))
                else {
                    return false;
                };
                let page = (self.inner(Pane::Facts).1 / 3).max(1);
                let next = items[go(cur, step, items.len() - 1, page)];
                let changed = Some(next) != self.facts_sel;
                self.facts_sel = Some(next);
                self.facts_into_view();
                changed
            }
        }
    }
}
