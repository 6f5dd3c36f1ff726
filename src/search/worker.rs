//! Matching off the input path: a thread that takes queries and sends back results.
//!
//! Only the newest query counts: queries that arrive while one is being matched cancel it,
//! and queries waiting in line are skipped. When a query only grows ("hoc" → "hoc t"),
//! only the previous query's matches are checked again (fzf's trick).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use super::full_text;
use super::heads::date_number;
use super::keys::{Index, Memo, Scorer};
use super::query::Query;
use crate::corpus::{Bodies, Library};

/// What to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Title, date, source, programmes.
    Keys,
    /// Document bodies.
    FullText,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// The query exactly as submitted.
    pub query: String,
    pub mode: Mode,
    /// Matching documents, best first.
    pub docs: Vec<usize>,
    /// In full-text mode, the match count of each of `docs`; empty otherwise.
    pub counts: Vec<usize>,
}

struct Request {
    query: String,
    mode: Mode,
}

/// A search thread. Dropping it stops the thread.
pub struct Worker {
    requests: Option<Sender<Request>>,
    results: Receiver<Results>,
    /// Set when a newer query arrives, so the running search gives up.
    newer: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Start a worker over the keys and bodies of `lib`.
    pub fn new(lib: &Library) -> Worker {
        Worker::with_scorer(lib, Scorer::default())
    }

    pub fn with_scorer(lib: &Library, scorer: Scorer) -> Worker {
        Worker::build(lib, scorer, None)
    }

    /// A worker that calls `wake` after each result it sends (so an event loop asleep
    /// in poll(2) can be woken by a byte on a pipe).
    pub fn with_waker(lib: &Library, wake: impl Fn() + Send + 'static) -> Worker {
        Worker::build(lib, Scorer::default(), Some(Box::new(wake)))
    }

    fn build(lib: &Library, scorer: Scorer, wake: Option<Box<dyn Fn() + Send>>) -> Worker {
        let index = Index::new(lib);
        let dates = lib
            .docs
            .iter()
            .map(|d| date_number(d.facts.date.as_deref()))
            .collect();
        let bodies = lib.bodies();
        let (req_tx, req_rx) = mpsc::channel();
        let (res_tx, res_rx) = mpsc::channel();
        let newer = Arc::new(AtomicBool::new(false));
        let state = State {
            index,
            dates,
            bodies,
            scorer,
            newer: newer.clone(),
            last: None,
            memo: Memo::default(),
            wake,
        };
        let thread = thread::Builder::new()
            .name("vanban-search".into())
            .spawn(move || state.run(req_rx, res_tx))
            .ok();
        Worker {
            requests: Some(req_tx),
            results: res_rx,
            newer,
            thread,
        }
    }

    /// Search the keys for `query`; the answer arrives on [`Worker::results`].
    pub fn submit(&self, query: &str) {
        self.send(query, Mode::Keys);
    }

    /// Search the bodies for `query`.
    pub fn submit_full_text(&self, query: &str) {
        self.send(query, Mode::FullText);
    }

    fn send(&self, query: &str, mode: Mode) {
        self.newer.store(true, Ordering::SeqCst);
        if let Some(tx) = &self.requests {
            let _ = tx.send(Request {
                query: query.to_string(),
                mode,
            });
        }
    }

    /// Results, each tagged with its query; stale queries may have none.
    pub fn results(&self) -> &Receiver<Results> {
        &self.results
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.newer.store(true, Ordering::SeqCst);
        self.requests = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct State {
    index: Index,
    dates: Vec<u32>,
    bodies: Bodies,
    scorer: Scorer,
    newer: Arc<AtomicBool>,
    /// The last query answered, in which mode, and its matches.
    last: Option<(Query, Mode, Vec<usize>)>,
    /// Term scores of the last key search.
    memo: Memo,
    wake: Option<Box<dyn Fn() + Send>>,
}

impl State {
    fn run(mut self, requests: Receiver<Request>, results: Sender<Results>) {
        while let Ok(mut req) = requests.recv() {
            // Skip to the newest request.
            self.newer.store(false, Ordering::SeqCst);
            while let Ok(r) = requests.try_recv() {
                req = r;
            }
            self.newer.store(false, Ordering::SeqCst);
            if let Some(res) = self.answer(req) {
                if results.send(res).is_err() {
                    return;
                }
                if let Some(wake) = &self.wake {
                    wake();
                }
            }
        }
    }

    fn answer(&mut self, req: Request) -> Option<Results> {
        let query = Query::parse(&req.query);
        let candidates = match &self.last {
            Some((prev, mode, docs)) if *mode == req.mode && query.narrows(prev) => {
                Some(docs.as_slice())
            }
            _ => None,
        };
        let (docs, counts) = match req.mode {
            Mode::Keys => {
                let docs = self.index.rank_memo(
                    &query,
                    candidates,
                    self.scorer,
                    &self.newer,
                    &mut self.memo,
                )?;
                (docs, Vec::new())
            }
            Mode::FullText => {
                let hits =
                    full_text::search(&self.bodies, &self.dates, &query, candidates, &self.newer)?;
                hits.into_iter().unzip()
            }
        };
        self.last = Some((query, req.mode, docs.clone()));
        Some(Results {
            query: req.query,
            mode: req.mode,
            docs,
            counts,
        })
    }
}
