//! The awards table as a screen: every award statement of the library, sorted, filtered by
//! the list's search, Enter to read one in its document.

use ratatui::layout::Position;

use super::{go, Action, State, Step};
use crate::awards::group::{self, Count, Group, Key};
use crate::awards::{AwardTable, Column};
use crate::corpus::Document;
use crate::tui::{layout, table};

#[derive(Debug)]
pub struct AwardsView {
    pub table: AwardTable,
    /// Selected row of the rows shown.
    pub sel: usize,
    /// First row on screen.
    pub top: usize,
    /// Widest cell of each column over all rows and their totals, so columns keep
    /// their width while the filter changes.
    pub natural: [usize; 8],
    /// The statements' totals by place and year, while that view is on.
    pub groups: Option<Groups>,
}

/// The awards table as totals by place and year.
#[derive(Debug)]
pub struct Groups {
    pub keys: Vec<Key>,
    pub rows: Vec<Group>,
    pub sel: usize,
    pub top: usize,
    /// The count sorted by (`true` = ascending); `None` is place then year.
    pub sort: Option<(Count, bool)>,
}

/// What the grouped view groups by.
pub const GROUP_KEYS: [Key; 2] = [Key::Place, Key::Year];

impl AwardsView {
    /// The table of `docs`, the library's documents: the table points into them, so it is
    /// made again whenever they change ([`State::put_in_place`], [`State::patch_docs`]).
    pub fn new(docs: &[Document]) -> AwardsView {
        let table = AwardTable::new(docs);
        let natural = table::natural(&table, docs);
        AwardsView {
            table,
            sel: 0,
            top: 0,
            natural,
            groups: None,
        }
    }

    /// Show the rows of these documents (`None`: all).
    pub(super) fn filter(&mut self, which: Option<&[usize]>, docs: &[Document]) {
        self.table.filter_docs(which, docs);
        self.sel = 0;
        self.top = 0;
        if self.groups.is_some() {
            self.regroup(docs);
        }
    }

    /// The groups of the statements shown, sorted as asked.
    fn regroup(&mut self, docs: &[Document]) {
        let (keys, sort) = match &self.groups {
            Some(g) => (g.keys.clone(), g.sort),
            None => (GROUP_KEYS.to_vec(), None),
        };
        let mut rows = group::groups(&self.table, docs, &keys);
        if let Some((c, asc)) = sort {
            group::sort(&mut rows, c, !asc);
        }
        let (sel, top) = self.groups.as_ref().map_or((0, 0), |g| (g.sel, g.top));
        self.groups = Some(Groups {
            sel: sel.min(rows.len().saturating_sub(1)),
            top,
            keys,
            rows,
            sort,
        });
    }
}

impl State {
    pub(super) fn open_table(&mut self) -> bool {
        if self.table.is_none() {
            let mut t = AwardsView::new(&self.lib.docs);
            if let Some(r) = &self.ranks {
                t.table.use_ranks(r.clone());
            }
            if !self.query.trim().is_empty() {
                t.filter(Some(&self.visible), &self.lib.docs);
            }
            self.table = Some(t);
        }
        self.table_open = true;
        self.table_into_view();
        true
    }

    fn table_height(&self) -> usize {
        layout::table_areas(self.size).body.height as usize
    }

    /// Keep the selected row on screen.
    pub(super) fn table_into_view(&mut self) {
        let h = self.table_height().max(1);
        if let Some(t) = &mut self.table {
            t.sel = t.sel.min(t.table.len().saturating_sub(1));
            t.top = super::into_view(t.top, t.sel, t.sel, h);
        }
    }

    pub(super) fn table_action(&mut self, action: Action) -> bool {
        if self.table.as_ref().is_some_and(|t| t.groups.is_some()) {
            return self.groups_action(action);
        }
        match action {
            Action::Back | Action::Awards => {
                self.table_open = false;
                true
            }
            Action::Activate => self.table_jump(),
            Action::StartFilter => {
                self.editing = true;
                true
            }
            Action::Sort => self.sort_next(),
            Action::Reverse => self.sort_reverse(),
            Action::Group => self.show_groups(),
            Action::Copy => self.copy_row(),
            Action::Bookmarks => self.open_bookmarks(),
            Action::Warnings => self.open_warnings(),
            Action::Click(x, y) => {
                let body = layout::table_areas(self.size).body;
                let Some(t) = &mut self.table else {
                    return false;
                };
                if !body.contains(Position::new(x, y)) {
                    return false;
                }
                let row = t.top + (y - body.y) as usize;
                if row < t.table.len() {
                    t.sel = row;
                }
                true
            }
            Action::Wheel { down, .. } => self.table_move(Step::By(if down { 3 } else { -3 })),
            a => Step::of(a).is_some_and(|s| self.table_move(s)),
        }
    }

    /// The grouped view: the statements shown, as the list's query filters them, grouped.
    fn show_groups(&mut self) -> bool {
        let docs = (!self.query.trim().is_empty()).then_some(&self.visible[..]);
        let Some(t) = &mut self.table else {
            return false;
        };
        // Back from a group's statements: every statement the query shows.
        t.table.filter_docs(docs, &self.lib.docs);
        t.regroup(&self.lib.docs);
        self.table_into_view();
        true
    }

    fn groups_action(&mut self, action: Action) -> bool {
        let h = self.table_height().max(1);
        let Some(t) = &mut self.table else {
            return false;
        };
        let Some(g) = &mut t.groups else {
            return false;
        };
        match action {
            Action::Back | Action::Awards => {
                self.table_open = false;
                true
            }
            Action::Group => {
                t.groups = None;
                true
            }
            Action::StartFilter => {
                self.editing = true;
                true
            }
            // Enter: the statements of the group, in the statements view.
            Action::Activate => {
                let Some(chosen) = g.rows.get(g.sel) else {
                    return false;
                };
                let (keys, values) = (g.keys.clone(), chosen.values.clone());
                t.groups = None;
                t.table.keep(&self.lib.docs, |r| {
                    keys.iter().zip(&values).all(|(k, v)| k.value(r) == *v)
                });
                t.sel = 0;
                t.top = 0;
                true
            }
            Action::Sort | Action::Reverse => {
                g.sort = match (action, g.sort) {
                    (Action::Sort, None) => Some((Count::ALL[0], true)),
                    (Action::Sort, Some((c, asc))) => {
                        let i = Count::ALL.iter().position(|&x| x == c).unwrap_or(0);
                        Count::ALL.get(i + 1).map(|&n| (n, asc))
                    }
                    (_, None) => Some((Count::ALL[0], false)),
                    (_, Some((c, asc))) => Some((c, !asc)),
                };
                t.regroup(&self.lib.docs);
                true
            }
            a => match Step::of(a) {
                Some(step) => {
                    let before = g.sel;
                    g.sel = go(g.sel, step, g.rows.len().saturating_sub(1), h);
                    g.top = super::into_view(g.top, g.sel, g.sel, h);
                    g.sel != before
                }
                None => false,
            },
        }
    }

    fn table_move(&mut self, step: Step) -> bool {
        let h = self.table_height().max(1);
        let Some(t) = &mut self.table else {
            return false;
        };
        let before = t.sel;
        t.sel = go(t.sel, step, t.table.len().saturating_sub(1), h);
        self.table_into_view();
        self.table.as_ref().is_some_and(|t| t.sel != before)
    }

    /// Enter: the document of the selected row in the reader, at the statement, marked.
    fn table_jump(&mut self) -> bool {
        let Some((d, span)) = self
            .table
            .as_ref()
            .and_then(|t| t.table.get(t.sel, &self.lib.docs))
            .map(|r| r.target())
        else {
            return false;
        };
        self.table_open = false;
        self.goto(d, span.start);
        self.reveal(span);
        true
    }

    /// Sort by the next column; after the last, back to library order. The direction stays.
    fn sort_next(&mut self) -> bool {
        self.resort(|sort| match sort {
            None => Some((Column::ALL[0], true)),
            Some((c, asc)) => {
                let i = Column::ALL.iter().position(|&x| x == c).unwrap_or(0);
                Column::ALL.get(i + 1).map(|&n| (n, asc))
            }
        })
    }

    fn sort_reverse(&mut self) -> bool {
        self.resort(|sort| match sort {
            None => Some((Column::ALL[0], false)),
            Some((c, asc)) => Some((c, !asc)),
        })
    }

    /// Change the sort, keeping the selected row selected.
    fn resort(&mut self, next: impl Fn(Option<(Column, bool)>) -> Option<(Column, bool)>) -> bool {
        let Some(t) = &mut self.table else {
            return false;
        };
        let docs = &self.lib.docs;
        let chosen = (t.sel < t.table.len()).then(|| t.table.index_of(t.sel));
        match next(t.table.sort()) {
            Some((c, asc)) => t.table.sort_by(c, asc, docs),
            None => t.table.unsort(docs),
        }
        t.sel = chosen.and_then(|c| t.table.position_of(c)).unwrap_or(0);
        self.table_into_view();
        true
    }

    /// `y` on a row: its statement.
    fn copy_row(&mut self) -> bool {
        let text = self
            .table
            .as_ref()
            .and_then(|t| t.table.get(t.sel, &self.lib.docs))
            .map(|r| {
                let (d, span) = r.target();
                let text = self.lib.docs[d].text();
                let s = crate::state::clamp_offset(text, span.start);
                let e = crate::state::clamp_offset(text, span.end.max(s));
                text[s..e].to_string()
            });
        self.put_clipboard(text)
    }
}
