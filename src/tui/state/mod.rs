//! The reader's state and [`update`], the one function that changes it. Nothing here
//! touches the terminal, so every key's effect can be tested headless.

mod mouse;
mod nav;

use ratatui::layout::Rect;

use super::facts::{self, Entry, FactsRow};
use super::find::find_all;
use super::keymap::Mode;
use super::layout::{self, Areas};
use super::page::Page;
use super::theme::Theme;
use crate::corpus::Library;
use crate::extract::Span;
use crate::search;

/// Screen rows one document takes in the list: its title, then date, source and matches.
pub const ITEM_ROWS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
    Facts,
}

/// Everything the user can ask for. Keys and mouse events become actions in [`keymap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Suspend,
    Help,
    NextPane,
    PrevPane,
    ToggleFacts,
    StartFilter,
    Type(char),
    Backspace,
    Back,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Activate,
    NextMatch,
    PrevMatch,
    /// Draw the whole screen again (after something else wrote on it).
    Redraw,
    Resize(u16, u16),
    Click(u16, u16),
    Wheel {
        x: u16,
        y: u16,
        down: bool,
    },
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing visible changed: draw nothing.
    None,
    Redraw,
    /// Clear the terminal, then draw everything.
    Clear,
    Quit,
    Suspend,
}

/// A movement inside the focused pane.
#[derive(Debug, Clone, Copy)]
enum Step {
    By(isize),
    Pages(isize),
    Top,
    Bottom,
}

#[derive(Debug)]
pub struct State {
    pub lib: Library,
    pub theme: Theme,
    pub size: Rect,
    pub focus: Pane,
    /// The facts panel is wanted beside the reader (wide screens).
    pub show_facts: bool,
    /// The help overlay is open, scrolled this many rows.
    pub help: Option<usize>,
    pub query: String,
    /// Keys go into the query.
    pub editing: bool,
    /// Documents listed, as indices into `lib.docs`, best match first.
    pub visible: Vec<usize>,
    /// Selected row of `visible`.
    pub selected: usize,
    /// First row of `visible` on screen.
    pub list_top: usize,
    /// The document in the reader (always the selected one).
    pub open: Option<usize>,
    pub page: Page,
    pub reader_top: usize,
    /// Occurrences of the query in the open document.
    pub matches: Vec<Span>,
    /// The occurrence n/N moved to.
    pub current: Option<usize>,
    pub entries: Vec<Entry>,
    pub facts_rows: Vec<FactsRow>,
    /// The selected entry (never a heading).
    pub facts_sel: Option<usize>,
    pub facts_top: usize,
    /// The sentence marked by the last jump from the facts panel.
    pub target: Option<Span>,
    /// A one-off note for the status bar, gone at the next key.
    pub message: Option<String>,
}

impl State {
    pub fn new(lib: Library, theme: Theme) -> State {
        let mut s = State {
            visible: (0..lib.docs.len()).collect(),
            lib,
            theme,
            size: Rect::default(),
            focus: Pane::List,
            show_facts: true,
            help: None,
            query: String::new(),
            editing: false,
            selected: 0,
            list_top: 0,
            open: None,
            page: Page::default(),
            reader_top: 0,
            matches: Vec::new(),
            current: None,
            entries: Vec::new(),
            facts_rows: Vec::new(),
            facts_sel: None,
            facts_top: 0,
            target: None,
            message: None,
        };
        s.select(0);
        s
    }

    /// Which key table applies.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if self.editing {
            Mode::Filter
        } else {
            Mode::Normal
        }
    }

    pub fn areas(&self) -> Areas {
        layout::areas(self.size, self.focus, self.show_facts)
    }

    /// Inner (width, height) of a pane as it is when it has the focus.
    fn inner(&self, pane: Pane) -> (usize, usize) {
        let a = layout::areas(self.size, pane, self.show_facts);
        let r = match pane {
            Pane::List => a.list,
            Pane::Reader => a.reader,
            Pane::Facts => a.facts,
        };
        r.map_or((0, 0), |r| {
            let i = layout::inner(pane, r);
            (i.width as usize, i.height as usize)
        })
    }

    pub fn reader_height(&self) -> usize {
        self.inner(Pane::Reader).1
    }

    /// The last first line the reader can scroll to.
    fn reader_max_top(&self) -> usize {
        self.page.lines.len().saturating_sub(self.reader_height())
    }

    /// Select row `row` of the list and show that document.
    fn select(&mut self, row: usize) {
        self.selected = row.min(self.visible.len().saturating_sub(1));
        let items = (self.inner(Pane::List).1 / ITEM_ROWS).max(1);
        self.list_top = into_view(self.list_top, self.selected, self.selected, items);
        match self.visible.get(self.selected) {
            Some(&d) => self.open_doc(d),
            None => {
                self.open = None;
                self.page = Page::default();
                self.reader_top = 0;
                self.target = None;
                self.entries.clear();
                self.facts_rows.clear();
                self.facts_sel = None;
                self.matches.clear();
            }
        }
    }

    fn open_doc(&mut self, d: usize) {
        if self.open == Some(d) {
            return;
        }
        self.open = Some(d);
        self.page = Page::default();
        self.reader_top = 0;
        self.target = None;
        self.entries = facts::entries(&self.lib.docs[d]);
        self.facts_sel = self.entries.iter().position(|e| !e.heading);
        self.facts_top = 0;
        self.find_matches();
        self.relayout();
    }

    fn find_matches(&mut self) {
        self.current = None;
        self.matches = match self.open {
            Some(d) => find_all(self.lib.docs[d].text(), &self.query),
            None => Vec::new(),
        };
    }

    /// Re-wrap the open document and the facts for the current size, keeping the reader
    /// on the text it showed.
    fn relayout(&mut self) {
        let Some(d) = self.open else { return };
        let doc = &self.lib.docs[d];
        let width = self.inner(Pane::Reader).0;
        if width != self.page.width {
            let at = self.page.lines.get(self.reader_top).map_or(0, |l| l.start);
            let keep = self.page.width > 0;
            self.page = Page::new(doc.text(), &doc.marks, width);
            self.reader_top = if keep { self.page.line_of(at) } else { 0 };
        }
        self.reader_top = self.reader_top.min(self.reader_max_top());
        self.facts_rows = facts::rows(&self.entries, self.inner(Pane::Facts).0);
        self.facts_into_view();
    }

    /// Scroll the facts so the selected entry shows, with the headings just above it.
    fn facts_into_view(&mut self) {
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

    /// Filter the list again after the query changed. The best match is selected, or,
    /// with `keep`, the open document when it is still listed.
    fn refilter(&mut self, keep: bool) {
        let n = self.lib.docs.len();
        self.visible = if self.query.trim().is_empty() {
            (0..n).collect()
        } else {
            search::rank(&self.lib, &self.query)
                .into_iter()
                .filter(|&i| i < n)
                .collect()
        };
        let row = match (keep, self.open) {
            (true, Some(d)) => self.visible.iter().position(|&v| v == d).unwrap_or(0),
            _ => 0,
        };
        self.list_top = 0;
        self.select(row);
        self.find_matches();
    }
}

/// Change the state; say what the loop must do.
pub fn update(s: &mut State, action: Action) -> Effect {
    let had_message = s.message.take().is_some();
    let changed = match action {
        Action::Quit => return Effect::Quit,
        Action::Suspend => return Effect::Suspend,
        Action::Redraw => return Effect::Clear,
        Action::Resize(w, h) if Rect::new(0, 0, w, h) == s.size => false,
        Action::Resize(w, h) => {
            s.size = Rect::new(0, 0, w, h);
            if s.help.is_some() {
                s.help = Some(0);
            }
            let items = (s.inner(Pane::List).1 / ITEM_ROWS).max(1);
            s.list_top = into_view(s.list_top, s.selected, s.selected, items);
            s.relayout();
            true
        }
        Action::Help => {
            s.help = if s.help.is_some() { None } else { Some(0) };
            true
        }
        Action::NextPane => s.cycle(1),
        Action::PrevPane => s.cycle(-1),
        Action::ToggleFacts => s.toggle_facts(),
        Action::StartFilter => {
            s.editing = true;
            s.focus = Pane::List;
            true
        }
        Action::Type(c) if !c.is_control() => {
            s.query.push(c);
            s.refilter(false);
            true
        }
        Action::Type(_) => false,
        Action::Backspace => {
            let popped = s.query.pop().is_some();
            if popped {
                s.refilter(false);
            }
            popped
        }
        Action::Back => s.back(),
        Action::Activate => s.activate(),
        Action::NextMatch => s.next_match(true),
        Action::PrevMatch => s.next_match(false),
        Action::Down => s.move_in(s.focus, Step::By(1)),
        Action::Up => s.move_in(s.focus, Step::By(-1)),
        Action::PageDown => s.move_in(s.focus, Step::Pages(1)),
        Action::PageUp => s.move_in(s.focus, Step::Pages(-1)),
        Action::Top => s.move_in(s.focus, Step::Top),
        Action::Bottom => s.move_in(s.focus, Step::Bottom),
        Action::Click(x, y) => s.click(x, y),
        Action::Wheel { x, y, down } => s.wheel(x, y, down),
    };
    if changed || had_message {
        Effect::Redraw
    } else {
        Effect::None
    }
}

/// Apply a step to a position in `0..=last`.
fn go(cur: usize, step: Step, last: usize, page: usize) -> usize {
    let by = |n: isize| (cur as isize).saturating_add(n).clamp(0, last as isize) as usize;
    match step {
        Step::By(n) => by(n),
        Step::Pages(n) => by(n.saturating_mul(page as isize)),
        Step::Top => 0,
        Step::Bottom => last,
    }
}

/// The first row to show so that rows `first..=last` are on a screen of `height` rows,
/// moving as little as possible from `top`.
fn into_view(top: usize, first: usize, last: usize, height: usize) -> usize {
    if first < top {
        first
    } else if last >= top + height {
        (last + 1 - height).min(first)
    } else {
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_clamps() {
        assert_eq!(go(0, Step::By(-1), 5, 3), 0);
        assert_eq!(go(4, Step::Pages(1), 5, 3), 5);
        assert_eq!(go(4, Step::Top, 5, 3), 0);
        assert_eq!(go(0, Step::Bottom, 0, 3), 0);
    }

    #[test]
    fn into_view_moves_least() {
        assert_eq!(into_view(5, 2, 2, 10), 2);
        assert_eq!(into_view(0, 12, 13, 10), 4);
        assert_eq!(into_view(3, 5, 6, 10), 3);
        // A block taller than the screen shows its start.
        assert_eq!(into_view(0, 5, 30, 10), 5);
    }
}
