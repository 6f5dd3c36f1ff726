//! Matching off the input path: a thread that takes queries and sends back results.
//!
//! Only the newest query counts: queries that arrive while one is being matched cancel it,
//! and queries waiting in line are skipped. When a query only grows ("hoc" → "hoc t"),
//! only the previous query's matches are checked again (fzf's trick).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use super::full_text;
use super::heads::date_number;
use super::keys::{Index, Memo};
use super::query::Query;
use super::score::Scorer;
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
    /// `false` for the matches of a large key search sent ahead of their ranking, in
    /// library order (see [`Worker::early_from`]); the ranked results follow.
    pub ranked: bool,
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
    /// From how many documents to check a key search sends its matches ahead.
    early: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

/// Below this many documents to check, ranking is quick enough to wait for.
pub const EARLY_FROM: usize = 100_000;

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

    /// From now on, a key search that checks at least `n` documents sends its matches
    /// unranked first (the awards table needs no ranking), then ranks them. By default
    /// from [`EARLY_FROM`] documents.
    pub fn early_from(&self, n: usize) {
        self.early.store(n, Ordering::SeqCst);
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
        let early = Arc::new(AtomicUsize::new(EARLY_FROM));
        let state = State {
            early: early.clone(),
            index,
            dates,
            bodies,
            scorer,
            newer: newer.clone(),
            last: None,
            memo: Memo::default(),
            wake,
        };
        // Searches run on threads of their own: on the shared pool, the reader's own
        // parallel work (the awards table's totals as it draws) would wait behind a
        // ranking of a million keys for its whole length.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("vanban-search-{i}"))
            .build()
            .ok();
        let thread = thread::Builder::new()
            .name("vanban-search".into())
            .spawn(move || match pool {
                Some(pool) => pool.install(|| state.run(req_rx, res_tx)),
                None => state.run(req_rx, res_tx),
            })
            .ok();
        Worker {
            requests: Some(req_tx),
            results: res_rx,
            newer,
            early,
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
    early: Arc<AtomicUsize>,
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
            let answered = match self.answer(req, &results) {
                Ok(Some(res)) => self.send(&results, res),
                Ok(None) => true,
                Err(Gone) => false,
            };
            if !answered {
                return;
            }
        }
    }

    /// Send one result and wake the reader; false when nobody listens any more.
    fn send(&self, results: &Sender<Results>, res: Results) -> bool {
        if results.send(res).is_err() {
            return false;
        }
        if let Some(wake) = &self.wake {
            wake();
        }
        true
    }

    fn answer(&mut self, req: Request, results: &Sender<Results>) -> Result<Option<Results>, Gone> {
        let query = Query::parse(&req.query);
        let candidates = match &self.last {
            Some((prev, mode, docs)) if *mode == req.mode && query.narrows(prev) => {
                Some(docs.as_slice())
            }
            _ => None,
        };
        let (docs, counts) = match req.mode {
            Mode::Keys => {
                // The fields take memory: found once the keys are searched, not before.
                if !query.is_empty() {
                    self.index.prepare_later();
                }
                let n = candidates.map_or(self.index.len(), <[usize]>::len);
                if n >= self.early.load(Ordering::SeqCst) && !query.is_empty() {
                    let Some(docs) = self.index.matches(&query, candidates, &self.newer) else {
                        return Ok(None);
                    };
                    let early = Results {
                        query: req.query.clone(),
                        mode: req.mode,
                        docs,
                        counts: Vec::new(),
                        ranked: false,
                    };
                    if !self.send(results, early) {
                        return Err(Gone);
                    }
                }
                let Some(docs) = self.index.rank_memo(
                    &query,
                    candidates,
                    self.scorer,
                    &self.newer,
                    &mut self.memo,
                ) else {
                    return Ok(None);
                };
                (docs, Vec::new())
            }
            Mode::FullText => {
                let found =
                    full_text::search(&self.bodies, &self.dates, &query, candidates, &self.newer);
                let Some(hits) = found else {
                    return Ok(None);
                };
                hits.into_iter().unzip()
            }
        };
        self.last = Some((query, req.mode, docs.clone()));
        Ok(Some(Results {
            query: req.query,
            mode: req.mode,
            docs,
            counts,
            ranked: true,
        }))
    }
}

/// The reader stopped listening.
struct Gone;
