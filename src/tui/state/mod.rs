//! The reader's state and [`update`], the one function that changes it. Nothing here
//! touches the terminal, so every key's effect can be tested headless.
//!
//! What a key does depends on the layer on top: the help, an overlay (bookmarks,
//! warnings), the awards table, or the panes (list, reader, facts).

mod awards;
mod filter;
mod list;
mod memory;
mod mouse;
mod nav;
mod open;
mod popup;
mod reader;
mod reading;
mod swap;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

pub use awards::{AwardsView, Groups};
pub use list::{doc_title, title_lines};
pub use popup::{popup_areas, sentence_around, warning_rows, warnings_width, BookmarkRow, Popup};

pub use super::action::{Action, Effect, Pane};

use super::facts::{Entry, FactsRow};
use super::keymap::{self, Mode};
use super::layout::{self, Areas};
use super::page::Page;
use super::theme::Theme;
use crate::awards::Ranks;
use crate::config::Keymap;
use crate::corpus::progress::Progress;
use crate::corpus::Library;
use crate::extract::Span;
use crate::state as saved;
use filter::Search;

/// A movement inside the focused pane, table or overlay.
#[derive(Debug, Clone, Copy)]
enum Step {
    By(isize),
    Pages(isize),
    Top,
    Bottom,
}

impl Step {
    fn of(a: Action) -> Option<Step> {
        Some(match a {
            Action::Down => Step::By(1),
            Action::Up => Step::By(-1),
            Action::PageDown => Step::Pages(1),
            Action::PageUp => Step::Pages(-1),
            Action::Top => Step::Top,
            Action::Bottom => Step::Bottom,
            _ => return None,
        })
    }
}

/// The place the reader kept through a rewrap: byte `at` of the document's text, on line `top`
/// of the text wrapped to `width`. While the reader has not moved since, this is its place
/// rather than the start of that line, so widths going back and forth (the list widens
/// while choosing) never move the place back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kept {
    at: usize,
    top: usize,
    width: usize,
}

/// Where to put the reader once its text is laid out: this byte of the document's clean
/// text, with `above` lines shown before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    offset: usize,
    above: usize,
}

/// The documents found by their saved key so far, and which documents are links; both
/// made again for a new library.
#[derive(Debug, Default)]
struct DocIndex {
    found: RefCell<HashMap<String, Option<usize>>>,
    links: OnceCell<Vec<usize>>,
}

#[derive(Debug)]
pub struct State {
    pub lib: Library,
    pub theme: Theme,
    /// Keys in use (defaults, or the config file's).
    pub keys: Keymap,
    pub size: Rect,
    pub focus: Pane,
    /// The facts panel is wanted beside the reader (wide screens).
    pub show_facts: bool,
    /// The help overlay is open, scrolled this many rows.
    pub help: Option<usize>,
    /// The bookmarks or warnings overlay.
    pub popup: Option<Popup>,
    /// The awards table, built when first opened and kept (with its sort) after.
    pub table: Option<AwardsView>,
    /// The awards table fills the screen.
    pub table_open: bool,
    /// The documents' ranks by title and date, made in the background once a library
    /// with search heads is in place, for the awards table's sort.
    ranks: Option<Arc<Ranks>>,
    pub query: String,
    /// Keys go into the query.
    pub editing: bool,
    /// The filter searches the documents' text, not their titles.
    pub full_text: bool,
    /// In full-text mode, the number of matches of each listed document (as `visible`).
    pub counts: Vec<usize>,
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
    /// The page's furniture around the article is shown, not folded.
    pub furniture: bool,
    /// Where the open document's article is in its text.
    pub article: Range<usize>,
    /// The open document changed on disk since its place was saved.
    pub changed: bool,
    /// Occurrences of the query in the open document.
    pub matches: Vec<Span>,
    /// The occurrence n/N moved to.
    pub current: Option<usize>,
    pub entries: Vec<Entry>,
    pub facts_rows: Vec<FactsRow>,
    /// The selected entry (never a heading).
    pub facts_sel: Option<usize>,
    pub facts_top: usize,
    /// The sentence marked by the last jump from the facts panel or the awards table.
    pub target: Option<Span>,
    /// A one-off note for the status bar, gone at the next key.
    pub message: Option<String>,
    /// Problems found before the reader started (settings, saved state); listed with `w`.
    pub notes: Vec<String>,
    /// Bookmarks, places and read marks, kept between runs through `store`.
    pub memory: saved::State,
    /// Per document of `lib`: read ([`saved::State::read`], looked up once).
    read: Vec<bool>,
    unread: usize,
    /// The list shows unread documents only.
    pub unread_only: bool,
    /// The document last opened in the reader, marked read then.
    noted: Option<usize>,
    store: Option<saved::Store>,
    anchor: Option<Anchor>,
    kept: Option<Kept>,
    /// Text waiting to be sent to the terminal's clipboard.
    clipboard: Option<String>,
    /// Documents found by their key ([`saved::doc_key`]).
    doc_index: DocIndex,
    search: Search,
    /// The library is a preview of heads while the full one loads.
    /// While the library loads: how far it has got.
    loading: Option<Arc<Progress>>,
}

impl State {
    pub fn new(lib: Library, theme: Theme) -> State {
        let mut s = State {
            visible: (0..lib.docs.len()).collect(),
            lib,
            theme,
            keys: Keymap::new(&keymap::BINDABLE),
            size: Rect::default(),
            focus: Pane::List,
            show_facts: true,
            help: None,
            popup: None,
            table: None,
            table_open: false,
            ranks: None,
            query: String::new(),
            editing: false,
            full_text: false,
            counts: Vec::new(),
            selected: 0,
            list_top: 0,
            open: None,
            page: Page::default(),
            reader_top: 0,
            furniture: false,
            article: 0..0,
            changed: false,
            matches: Vec::new(),
            current: None,
            entries: Vec::new(),
            facts_rows: Vec::new(),
            facts_sel: None,
            facts_top: 0,
            target: None,
            message: None,
            notes: Vec::new(),
            memory: saved::State::default(),
            read: Vec::new(),
            unread: 0,
            unread_only: false,
            noted: None,
            store: None,
            anchor: None,
            kept: None,
            clipboard: None,
            doc_index: DocIndex::default(),
            search: Search::default(),
            loading: None,
        };
        s.sync_read();
        s.select(0);
        s
    }

    /// Which keys apply.
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

    /// The help's lines for the keys in use.
    pub fn help_lines(&self) -> Vec<(String, &'static str)> {
        keymap::help_lines(&self.keys)
    }

    fn resize(&mut self, w: u16, h: u16) -> bool {
        if Rect::new(0, 0, w, h) == self.size {
            return false;
        }
        self.size = Rect::new(0, 0, w, h);
        if self.help.is_some() {
            self.help = Some(0);
        }
        self.list_into_view();
        self.relayout();
        self.table_into_view();
        self.popup_into_view();
        true
    }

    /// Actions while the help is open: move it or close it.
    fn help_action(&mut self, action: Action) -> bool {
        match action {
            Action::Back | Action::Activate | Action::Click(..) => {
                self.help = None;
                true
            }
            a => match Step::of(a) {
                Some(step) => {
                    let top = self.help.unwrap_or(0);
                    let n = self.help_lines().len();
                    let h = layout::help_area(self.size, n).height.saturating_sub(2) as usize;
                    self.help = Some(go(top, step, n.saturating_sub(h), h));
                    self.help != Some(top)
                }
                None => false,
            },
        }
    }

    /// Actions on the panes: the list, the reader and the facts.
    fn pane_action(&mut self, action: Action) -> bool {
        match action {
            Action::NextPane => self.cycle(1),
            Action::PrevPane => self.cycle(-1),
            Action::ToggleFacts => self.toggle_facts(),
            Action::StartFilter => {
                self.editing = true;
                self.focus = Pane::List;
                true
            }
            Action::Back => self.back(),
            Action::Activate => self.activate(),
            Action::NextMatch => self.next_match(true),
            Action::PrevMatch => self.next_match(false),
            Action::Awards if self.loading() => {
                self.message = Some("the awards table opens once the library has loaded".into());
                true
            }
            Action::Awards => self.open_table(),
            Action::Sort | Action::Reverse | Action::Group => {
                let key = keymap::first_key(&self.keys, "awards").unwrap_or_default();
                self.message = Some(format!("sorting is for the awards table ({key})"));
                true
            }
            Action::Bookmark => self.set_bookmark(),
            Action::Bookmarks => self.open_bookmarks(),
            Action::Warnings => self.open_warnings(),
            Action::ToggleRead => self.toggle_read(),
            Action::MarkAllRead => self.mark_all_read(),
            Action::UnreadOnly => self.toggle_unread_only(),
            Action::Furniture => self.toggle_furniture(),
            Action::Copy => self.copy(),
            Action::Click(x, y) => self.click(x, y),
            Action::Wheel { x, y, down } => self.wheel(x, y, down),
            a => match Step::of(a) {
                Some(step) => self.move_in(self.focus, step),
                None => false,
            },
        }
    }

    /// Text to send to the clipboard, taken by the event loop.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }
}

/// Change the state; say what the loop must do.
pub fn update(s: &mut State, action: Action) -> Effect {
    // A message stays until the user acts; a resize is not an act (the first one comes
    // before anything is drawn, and would take a start-up warning away unseen).
    let had_message = match action {
        Action::Resize(..) => false,
        _ => s.message.take().is_some(),
    };
    let focus = s.focus;
    let changed = match action {
        Action::Quit => return Effect::Quit,
        Action::Suspend => return Effect::Suspend,
        Action::Redraw => return Effect::Clear,
        Action::Reload => {
            s.message = Some("reading the folder again…".into());
            return Effect::Reload;
        }
        Action::Resize(w, h) => s.resize(w, h),
        Action::Help => {
            s.help = if s.help.is_some() { None } else { Some(0) };
            true
        }
        _ if s.help.is_some() => s.help_action(action),
        // A preview without a cache would read every file for it, beside the load.
        Action::FullText if !s.full_text && s.loading() && s.lib.bodies.from_files() => {
            s.message = Some("full text searches once the library has loaded".into());
            true
        }
        Action::FullText => {
            s.full_text = !s.full_text;
            s.refilter(true);
            true
        }
        Action::Type(c) => s.type_char(c),
        Action::Backspace => s.backspace(),
        Action::Activate if s.editing => s.end_typing(false),
        Action::Back if s.editing => s.end_typing(true),
        _ if s.popup.is_some() => s.popup_action(action),
        _ if s.table_open => s.table_action(action),
        _ => s.pane_action(action),
    };
    if s.focus != focus {
        // The list widens while it has the focus and narrows for reading.
        s.relayout();
        s.list_into_view();
    }
    s.note_reading();
    if changed || had_message || s.message.is_some() {
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
