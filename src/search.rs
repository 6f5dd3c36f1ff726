//! Ranking documents for a query.

use crate::corpus::Library;

/// Indices of the documents matching `query`, best first.
pub fn rank(lib: &Library, query: &str) -> Vec<usize> {
    let q = query.to_lowercase();
    (0..lib.docs.len())
        .filter(|&i| lib.docs[i].facts.title.to_lowercase().contains(&q))
        .collect()
}
