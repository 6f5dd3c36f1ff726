//! The reader's state and [`update`], the one function that changes it. Nothing here
//! touches the terminal, so every key's effect can be tested headless.
//!
//! What a key does depends on the layer on top: the help, an overlay (bookmarks,
//! warnings), the awards table, or the panes (list, reader, facts).

mod awards;
mod list;
mod memory;
mod mouse;
mod nav;
mod popup;
mod reading;
mod swap;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

pub use awards::{AwardsView, Groups};
pub use list::{doc_title, title_lines};
pub use popup::{popup_areas, sentence_around, warning_rows, warnings_width, BookmarkRow, Popup};

pub use super::action::{Action, Effect, Pane};

use super::facts::{self, Entry, FactsRow};
use super::find::find_all;
use super::keymap::{self, Mode};
use super::layout::{self, Areas};
use super::page::{Fold, Page};
use super::theme::Theme;
use crate::config::Keymap;
use crate::corpus::Library;
use crate::extract::Span;
use crate::search;
use crate::state as saved;

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
    /// Document key ([`saved::doc_key`]) → index, built when first needed.
    doc_index: OnceCell<HashMap<String, usize>>,
    search: Search,
    /// The library is a preview of heads while the full one loads.
    loading: bool,
}

/// The search: an index built once for ranking on the spot (headless), or, in the
/// terminal, a worker thread that ranks while the user goes on typing.
#[derive(Default)]
struct Search {
    index: OnceCell<search::Index>,
    worker: Option<search::Worker>,
    /// What the worker calls when results are ready (kept to start a new worker).
    wake: Option<Arc<dyn Fn() + Send + Sync>>,
    /// Keep the open document selected when the pending results come.
    keep: bool,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("worker", &self.worker.is_some())
            .finish()
    }
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
            doc_index: OnceCell::new(),
            search: Search::default(),
            loading: false,
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

    /// Inner (width, height) of a pane as it is when it has the focus.
    fn inner(&self, pane: Pane) -> (usize, usize) {
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
    fn reader_max_top(&self) -> usize {
        self.page.lines.len().saturating_sub(self.reader_height())
    }

    /// Select row `row` of the list and show that document.
    fn select(&mut self, row: usize) {
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
    fn open_doc(&mut self, d: usize) {
        if self.open == Some(d) {
            return;
        }
        if self.remember() {
            self.save_memory();
        }
        self.open = Some(d);
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

    fn find_matches(&mut self) {
        self.current = None;
        self.matches = match self.open {
            Some(d) if self.full_text => search::find_in(self.lib.docs[d].text(), &self.query)
                .into_iter()
                .map(|r| Span {
                    start: r.start,
                    end: r.end,
                })
                .collect(),
            Some(d) => find_all(self.lib.docs[d].text(), &self.query),
            None => Vec::new(),
        };
    }

    /// Re-wrap the open document and the facts for the current size and folding, keeping
    /// the reader on the text it showed (or moving it to a pending anchor).
    fn relayout(&mut self) {
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
            self.page = Page::new(doc.text(), &doc.marks, &folds, width);
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
    fn kept_top(&self) -> Option<usize> {
        self.kept
            .filter(|k| k.top == self.reader_top && k.width == self.page.width)
            .map(|k| k.at)
    }

    /// Source offset of the reader's first line.
    fn top_source(&self) -> usize {
        let line = self.page.lines.get(self.reader_top);
        line.map_or(0, |l| self.page.to_source(l.start))
    }

    /// The folds of the open document's page: the furniture before and after the article,
    /// each as one line saying how many lines it holds.
    fn furniture_folds(&self) -> Vec<Fold> {
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
    fn unfold_for(&mut self, span: Span) {
        if !self.furniture && self.page.hides(span) {
            self.furniture = true;
            self.relayout();
        }
    }

    /// `z`: show the page's furniture or fold it again, staying on the same text.
    fn toggle_furniture(&mut self) -> bool {
        self.furniture = !self.furniture;
        self.relayout();
        if self.open.is_some() && self.furniture_folds().is_empty() {
            self.message = Some("this page has nothing around its article".into());
        }
        true
    }

    /// Move the reader to the pending anchor once the text is laid out; an anchor in
    /// folded furniture unfolds it.
    fn apply_anchor(&mut self) {
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
    fn reveal(&mut self, span: Span) {
        self.unfold_for(span);
        self.target = Some(span);
        self.anchor = Some(Anchor {
            offset: span.start,
            above: 2,
        });
        self.apply_anchor();
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

    /// Filter the list (and the awards table) again after the query changed. The best
    /// match is selected, or, with `keep`, the open document when it is still listed.
    /// With a search worker, the query goes to it and the list changes when its results
    /// come ([`State::take_results`]).
    fn refilter(&mut self, keep: bool) {
        let n = self.lib.docs.len();
        if self.query.trim().is_empty() {
            self.show((0..n).collect(), Vec::new(), keep);
            return;
        }
        if let Some(w) = &self.search.worker {
            if self.full_text {
                w.submit_full_text(&self.query);
            } else {
                w.submit(&self.query);
            }
            self.search.keep = keep;
            self.find_matches();
            return;
        }
        let (docs, counts) = if self.full_text {
            search::full_text(&self.lib, &self.query)
                .into_iter()
                .unzip()
        } else {
            let index = self
                .search
                .index
                .get_or_init(|| search::Index::new(&self.lib));
            (index.rank(&self.query), Vec::new())
        };
        self.show(docs, counts, keep);
    }

    /// Rank in a worker thread from now on; `wake` is called when results are ready.
    pub fn start_search(&mut self, wake: impl Fn() + Send + Sync + 'static) {
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let call = wake.clone();
        self.search.worker = Some(search::Worker::with_waker(&self.lib, move || call()));
        self.search.wake = Some(wake);
    }

    /// Apply results from the search worker if they answer the current query and mode;
    /// stale ones are dropped. True when the list changed.
    pub fn apply(&mut self, r: search::Results) -> bool {
        let mode = if self.full_text {
            search::Mode::FullText
        } else {
            search::Mode::Keys
        };
        if r.query != self.query || r.mode != mode || self.query.trim().is_empty() {
            return false;
        }
        let keep = self.search.keep;
        self.show(r.docs, r.counts, keep);
        true
    }

    /// Apply every result the worker has sent. True when the list changed.
    pub fn take_results(&mut self) -> bool {
        let ready: Vec<search::Results> = match &self.search.worker {
            Some(w) => w.results().try_iter().collect(),
            None => return false,
        };
        let mut changed = false;
        for r in ready {
            changed |= self.apply(r);
        }
        changed
    }

    /// Wait (up to ten seconds) until the worker answered the current query. For tests
    /// and scripts; the terminal never waits. True when the list is up to date.
    pub fn settle(&mut self) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let r = match &self.search.worker {
                Some(w) => {
                    let left = deadline.saturating_duration_since(std::time::Instant::now());
                    match w.results().recv_timeout(left) {
                        Ok(r) => r,
                        Err(_) => return false,
                    }
                }
                None => return true,
            };
            if self.apply(r) {
                return true;
            }
        }
    }

    /// List `docs` (with their match counts in full-text mode), filter the awards table
    /// the same way, and select the best match or, with `keep`, the open document.
    fn show(&mut self, docs: Vec<usize>, counts: Vec<usize>, keep: bool) {
        let n = self.lib.docs.len();
        let all = self.query.trim().is_empty();
        let kept = docs
            .into_iter()
            .enumerate()
            .filter(|&(_, d)| d < n && !(self.unread_only && self.is_read(d)));
        (self.visible, self.counts) = kept
            .map(|(i, d)| (d, counts.get(i).copied().unwrap_or(0)))
            .unzip();
        if !self.full_text || all {
            self.counts.clear();
        }
        if let Some(t) = &mut self.table {
            t.filter(if all { None } else { Some(&self.visible) });
        }
        let row = match (keep, self.open) {
            (true, Some(d)) => self.visible.iter().position(|&v| v == d).unwrap_or(0),
            _ => 0,
        };
        self.list_top = 0;
        self.select(row);
        self.find_matches();
    }

    /// Show document `d` in the reader at byte `offset` of its text, listing it first if
    /// the filter hides it.
    fn goto(&mut self, d: usize, offset: usize) {
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

    fn type_char(&mut self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        self.query.push(c);
        self.refilter(false);
        true
    }

    fn backspace(&mut self) -> bool {
        let popped = self.query.pop().is_some();
        if popped {
            self.refilter(false);
        }
        popped
    }

    /// Enter or Esc while typing a filter: keep it (and read), or clear it.
    fn end_typing(&mut self, clear: bool) -> bool {
        self.editing = false;
        if clear {
            if !self.query.is_empty() {
                self.query.clear();
                self.refilter(true);
            }
        } else if !self.table_open && self.open.is_some() {
            self.focus = Pane::Reader;
        }
        true
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
            Action::Awards if self.loading => {
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
