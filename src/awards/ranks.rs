//! Each document's rank by title and by date, made from the search heads (which hold
//! every document's title and date, packed) on a thread of their own once the reader's
//! library is in place: the awards table then orders a million documents by title without
//! reading a million titles while the user waits.

use std::sync::Arc;

use super::sort::{rank_order, text_ranks};
use crate::later::Later;
use crate::search::Heads;

/// The ranks of the documents whose heads these are, made once, on first need.
#[derive(Debug)]
pub struct Ranks {
    heads: Arc<Heads>,
    made: Later<Made>,
}

#[derive(Debug)]
struct Made {
    titles: Vec<u32>,
    dates: Vec<u32>,
    /// The documents by title and by date ([`rank_order`]).
    by_title: Vec<u32>,
    by_date: Vec<u32>,
}

impl Made {
    fn of(h: &Heads) -> Made {
        let titles = text_ranks(h.len(), |i| Some(h.title(i)));
        let dates = text_ranks(h.len(), |i| h.date(i));
        Made {
            by_title: rank_order(&titles),
            by_date: rank_order(&dates),
            titles,
            dates,
        }
    }
}

impl Ranks {
    /// Ranks for the documents of `heads` (the heads of a library, which hold the same
    /// titles and dates as its documents' facts).
    pub fn new(heads: Arc<Heads>) -> Arc<Ranks> {
        Arc::new(Ranks {
            heads,
            made: Later::default(),
        })
    }

    /// Make the ranks on a thread of their own (once). A table that needs them first
    /// makes them itself, or waits for this thread if it has begun.
    pub fn make_later(&self) {
        let heads = self.heads.clone();
        self.made
            .make_ahead("vanban-ranks", move || Made::of(&heads));
    }

    /// Whether these are the ranks of `heads`.
    pub fn of(&self, heads: &Arc<Heads>) -> bool {
        Arc::ptr_eq(&self.heads, heads)
    }

    /// How many documents are ranked.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Each document's rank by title among the distinct titles (folded, then exactly),
    /// and the documents in that order ([`rank_order`]).
    pub(super) fn titles(&self) -> (&[u32], &[u32]) {
        let m = self.made();
        (&m.titles, &m.by_title)
    }

    /// Each document's rank by date (`distinct::NONE` where it has none), and the
    /// documents in that order.
    pub(super) fn dates(&self) -> (&[u32], &[u32]) {
        let m = self.made();
        (&m.dates, &m.by_date)
    }

    fn made(&self) -> &Made {
        self.made.get_or_init(|| Made::of(&self.heads))
    }
}
