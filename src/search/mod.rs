//! Finding documents: folded keys ranked by a fuzzy scorer, and full-text matches.
//!
//! Matching ignores diacritics, đ/d, case and NFC/NFD ([`crate::text::fold`]); a query
//! typed with diacritics ranks exact matches first. Space-separated terms must all match.
//! [`rank`] and [`full_text`] answer one query; [`Worker`] answers queries on its own
//! thread, dropping stale ones, for a reader that must never wait.

mod fields;
mod full_text;
mod heads;
mod indexed;
mod keys;
mod query;
mod score;
mod worker;

pub use full_text::{count_in, find_in, full_text, full_text_in, scan_full_text_in};
pub use heads::{date_number, Heads, OneHead, Packed};
pub use keys::{key_of, Index, Memo};
pub use query::{Query, Term};
pub use score::Scorer;
pub use worker::{Mode, Results, Worker};

use crate::corpus::Library;

/// Indices of the documents matching `query` by title, date, source or programme names,
/// best first; every document in library order for an empty query.
pub fn rank(lib: &Library, query: &str) -> Vec<usize> {
    Index::new(lib).rank(query)
}
