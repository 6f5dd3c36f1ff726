//! The filter: typing the query, ranking titles (or the full text) on the spot or in
//! a search worker, taking the worker's results, and listing what matched.

use std::cell::OnceCell;
use std::sync::Arc;

use super::{Pane, State};
use crate::extract::Span;
use crate::search;
use crate::tui::find::find_all;

/// The search: an index built once for ranking on the spot (headless), or, in the
/// terminal, a worker thread that ranks while the user goes on typing.
#[derive(Default)]
pub(super) struct Search {
    pub(super) index: OnceCell<search::Index>,
    pub(super) worker: Option<search::Worker>,
    /// What the worker calls when results are ready (kept to start a new worker).
    pub(super) wake: Option<Arc<dyn Fn() + Send + Sync>>,
    /// Keep the open document selected when the pending results come.
    pub(super) keep: bool,
    /// The query and number of documents the awards table was filtered with ahead of
    /// the ranking, so the ranked results need not filter it again.
    pub(super) early: Option<(String, usize)>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("worker", &self.worker.is_some())
            .finish()
    }
}

impl State {
    pub(super) fn find_matches(&mut self) {
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

    /// Filter the list (and the awards table) again after the query changed. The best
    /// match is selected, or, with `keep`, the open document when it is still listed.
    /// With a search worker, the query goes to it and the list changes when its results
    /// come ([`State::take_results`]).
    pub(super) fn refilter(&mut self, keep: bool) {
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
        if !r.ranked {
            return self.filter_table_early(r.docs);
        }
        let keep = self.search.keep;
        self.show(r.docs, r.counts, keep);
        true
    }

    /// Matches sent ahead of their ranking: the awards table, in its own order, shows them
    /// at once; the list waits for the ranking.
    fn filter_table_early(&mut self, docs: Vec<usize>) -> bool {
        if !self.table_open || self.table.is_none() {
            return false;
        }
        let docs: Vec<usize> = docs.into_iter().filter(|&d| self.listable(d)).collect();
        if let Some(t) = &mut self.table {
            t.filter(Some(&docs), &self.lib.docs);
        }
        self.search.early = Some((self.query.clone(), docs.len()));
        true
    }

    /// A document the list can show: one of the library, read or not as asked.
    fn listable(&self, d: usize) -> bool {
        d < self.lib.docs.len() && !(self.unread_only && self.is_read(d))
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
    pub(super) fn show(&mut self, docs: Vec<usize>, counts: Vec<usize>, keep: bool) {
        let all = self.query.trim().is_empty();
        let kept = docs
            .into_iter()
            .enumerate()
            .filter(|&(_, d)| self.listable(d));
        (self.visible, self.counts) = kept
            .map(|(i, d)| (d, counts.get(i).copied().unwrap_or(0)))
            .unzip();
        if !self.full_text || all {
            self.counts.clear();
        }
        // The ranking only orders what the table was filtered with ahead (the same query
        // and as many documents: the matches ahead hold every ranked one).
        let early = self.search.early.take();
        let filtered = early == Some((self.query.clone(), self.visible.len()));
        if let Some(t) = self.table.as_mut().filter(|_| !filtered) {
            t.filter(if all { None } else { Some(&self.visible) }, &self.lib.docs);
        }
        let row = match (keep, self.open) {
            (true, Some(d)) => self.visible.iter().position(|&v| v == d).unwrap_or(0),
            _ => 0,
        };
        self.list_top = 0;
        self.select(row);
        self.find_matches();
    }

    pub(super) fn type_char(&mut self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        self.query.push(c);
        self.refilter(false);
        true
    }

    pub(super) fn backspace(&mut self) -> bool {
        let popped = self.query.pop().is_some();
        if popped {
            self.refilter(false);
        }
        popped
    }

    /// Enter or Esc while typing a filter: keep it (and read), or clear it.
    pub(super) fn end_typing(&mut self, clear: bool) -> bool {
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
}
