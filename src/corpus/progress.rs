//! How far a load has got, for a progress bar: the step under way, and how many of its
//! items are done of how many. A load reports to the [`Progress`] that the thread running it
//! was given with [`report_to`]; without one (the CLI, tests), reporting does nothing. This
//! keeps the loaders' signatures free of a progress argument threaded through every layer.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The step a load is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Walking the folders (`done` counts nothing yet).
    Finding,
    /// Reading the cache's list of documents.
    Listing,
    /// Taking the documents' facts from the cache (`done` of `total` documents).
    Cache,
    /// Reading the files' titles, dates and sources first (`done` of `total` files).
    Titles,
    /// Reading files for all their facts (`done` of `total` files).
    Reading,
    /// Building the full-text index.
    Index,
}

impl Step {
    const ALL: [Step; 6] = [
        Step::Finding,
        Step::Listing,
        Step::Cache,
        Step::Titles,
        Step::Reading,
        Step::Index,
    ];
}

/// Shared between the loading thread, which moves it on, and the reader, which shows it.
#[derive(Debug)]
pub struct Progress {
    step: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
    /// When the step began.
    since: Mutex<Instant>,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress {
            step: AtomicU8::new(Step::Finding as u8),
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            since: Mutex::new(Instant::now()),
        }
    }
}

/// What a progress bar shows at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    pub step: Step,
    pub done: usize,
    pub total: usize,
    /// Items a second since the step began; `None` before there is a rate to tell.
    pub rate: Option<f64>,
    /// At that rate, the time the rest of the step takes.
    pub left: Option<Duration>,
}

impl Progress {
    /// Begin `step`, of `total` items.
    pub fn start(&self, step: Step, total: usize) {
        self.step.store(step as u8, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        if let Ok(mut since) = self.since.lock() {
            *since = Instant::now();
        }
    }

    /// `n` more items for the step (found while it goes on).
    pub fn add_total(&self, n: usize) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    pub fn advance(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Snapshot {
        let step = Step::ALL
            .get(self.step.load(Ordering::Relaxed) as usize)
            .copied()
            .unwrap_or(Step::Finding);
        let total = self.total.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed).min(total);
        let secs = self
            .since
            .lock()
            .map_or(0.0, |since| since.elapsed().as_secs_f64());
        // A rate over less than a moment, or of nothing yet, tells nothing.
        let rate = (secs >= 0.2 && done > 0).then(|| done as f64 / secs);
        let left = rate.map(|r| Duration::from_secs_f64((total - done) as f64 / r));
        Snapshot {
            step,
            done,
            total,
            rate,
            left,
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Progress>>> = const { RefCell::new(None) };
}

/// Run `f` on this thread, its loads reporting to `progress`.
pub fn report_to<T>(progress: Arc<Progress>, f: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|c| c.replace(Some(progress)));
    let out = f();
    CURRENT.with(|c| *c.borrow_mut() = before);
    out
}

/// Begin `step` of `total` items, if this thread reports its progress.
pub(crate) fn start(step: Step, total: usize) {
    CURRENT.with(|c| {
        if let Some(p) = c.borrow().as_ref() {
            p.start(step, total);
        }
    });
}

/// `n` more items for the step, if this thread reports its progress.
pub(crate) fn add_total(n: usize) {
    CURRENT.with(|c| {
        if let Some(p) = c.borrow().as_ref() {
            p.add_total(n);
        }
    });
}

/// `n` more items of the step are done, if this thread reports its progress.
pub(crate) fn advance(n: usize) {
    CURRENT.with(|c| {
        if let Some(p) = c.borrow().as_ref() {
            p.advance(n);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_reach_the_progress_given_and_no_other() {
        let p = Arc::new(Progress::default());
        report_to(p.clone(), || {
            start(Step::Reading, 10);
            advance(3);
            advance(4);
        });
        let s = p.snapshot();
        assert_eq!((s.step, s.done, s.total), (Step::Reading, 7, 10));
        // Outside `report_to` nothing is reported.
        advance(3);
        assert_eq!(p.snapshot().done, 7);
        // Another thread's reports go to its own progress.
        let q = Arc::new(Progress::default());
        let q2 = q.clone();
        std::thread::spawn(move || report_to(q2, || start(Step::Cache, 5)))
            .join()
            .unwrap();
        assert_eq!(q.snapshot().step, Step::Cache);
        assert_eq!(p.snapshot().step, Step::Reading);
    }

    #[test]
    fn time_left_follows_the_rate() {
        let p = Progress::default();
        p.start(Step::Reading, 100);
        // Pretend the step began a second ago.
        *p.since.lock().unwrap() -= Duration::from_secs(1);
        p.advance(25);
        let s = p.snapshot();
        let rate = s.rate.unwrap();
        assert!((20.0..=25.0).contains(&rate), "{rate}");
        let left = s.left.unwrap().as_secs_f64();
        assert!((2.9..=3.8).contains(&left), "{left}");
        // Done can never pass the total.
        p.advance(500);
        assert_eq!(p.snapshot().done, 100);
        assert_eq!(p.snapshot().left, Some(Duration::ZERO));
    }
}
