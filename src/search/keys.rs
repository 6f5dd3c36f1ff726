//! Ranking documents by their keys: title, date, source and programme names.
//!
//! Every term of the query must match one field of a document's folded key as a
//! subsequence (as in fzf, where the line is the field). A fuzzy scorer rewards contiguous and word-start matches; on top of that a
//! document gains when the whole query appears as typed in one piece (earlier is better),
//! and much more for each term typed with diacritics that it contains exactly. Ties go to
//! the newest date, then to library order.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

use super::heads::{Heads, Packed, SEP};
use super::query::Query;
use crate::corpus::{Document, Library};

/// Which fuzzy scorer ranks the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scorer {
    /// fuzzy-matcher's skim v2 algorithm.
    Skim,
    /// nucleo-matcher (helix's port of fzf's algorithm).
    #[default]
    Nucleo,
}

/// Bonus for each term typed with diacritics that the key contains exactly.
const EXACT_BONUS: u32 = 1000;
/// Bonus for the whole query appearing in one piece at the start of the key.
const PHRASE_BONUS: u32 = 100;
/// Keys scored per parallel task (and between checks for a newer query).
const CHUNK: usize = 4096;

/// The search keys of a library, ready to rank for any query.
#[derive(Debug, Default)]
pub struct Index {
    heads: Arc<Heads>,
    /// The keys lowercased with diacritics, made on first need.
    lower: OnceLock<Packed>,
}

/// The text a document is found by: title, date, source, programme names.
pub fn key_of(doc: &Document) -> String {
    let mut h = Heads::default();
    h.push_doc(doc);
    h.key(0).to_string()
}

impl Index {
    pub fn new(lib: &Library) -> Index {
        Index::from(lib.heads())
    }

    /// The heads this index ranks.
    pub fn heads(&self) -> &Heads {
        &self.heads
    }

    pub fn into_heads(self) -> Heads {
        Arc::try_unwrap(self.heads).unwrap_or_else(|h| (*h).clone())
    }

    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Documents matching `query`, best first; all documents in order for an empty query.
    pub fn rank(&self, query: &str) -> Vec<usize> {
        self.rank_with(
            &Query::parse(query),
            None,
            Scorer::default(),
            &AtomicBool::new(false),
        )
        .unwrap_or_default()
    }

    /// Rank only `candidates` (all documents if `None`) with `scorer`. Returns `None` if
    /// `cancel` became true meanwhile.
    pub fn rank_with(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        scorer: Scorer,
        cancel: &AtomicBool,
    ) -> Option<Vec<usize>> {
        self.rank_memo(query, candidates, scorer, cancel, &mut Memo::default())
    }

    /// As [`Index::rank_with`], reusing the scores `memo` kept of terms that were already
    /// in the last query (valid for its matches, so only with `candidates` among them),
    /// and keeping this query's term scores in it.
    pub fn rank_memo(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        scorer: Scorer,
        cancel: &AtomicBool,
        memo: &mut Memo,
    ) -> Option<Vec<usize>> {
        if query.is_empty() {
            memo.terms.clear();
            return Some(match candidates {
                Some(c) => self.sorted(c),
                None => (0..self.len()).collect(),
            });
        }
        let lower = query
            .terms
            .iter()
            .any(|t| t.exact.is_some())
            .then(|| self.lower());
        // Candidates in index order, so keys are read front to back.
        let ids = match candidates {
            Some(c) => self.sorted(c),
            None => (0..self.len()).collect(),
        };
        let known: Vec<Option<&Vec<u32>>> = query
            .terms
            .iter()
            .map(|t| {
                let t = &t.folded;
                candidates.and(memo.terms.iter().find(|m| &m.0 == t).map(|m| &m.1))
            })
            .collect();
        let phrase = memmem::Finder::new(query.folded.as_bytes());
        let terms: Vec<memmem::Finder<'_>> = query
            .terms
            .iter()
            .map(|t| memmem::Finder::new(t.folded.as_bytes()))
            .collect();
        let nterms = terms.len();
        // Per chunk: (score, date, doc) of each match, and its term scores end to end.
        type Chunk = (Vec<(u32, u32, usize)>, Vec<u32>);
        let chunks: Vec<Option<Chunk>> = ids
            .par_chunks(CHUNK)
            .map_init(
                || Scoring::new(scorer),
                |scoring, chunk| {
                    if cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let mut hits = Vec::new();
                    let mut per_term = Vec::new();
                    'doc: for &i in chunk {
                        let key = self.heads.folded(i);
                        let mark = per_term.len();
                        for ((t, known), term) in terms.iter().zip(&known).zip(&query.terms) {
                            let s = match known {
                                Some(scores) => Some(scores[i]),
                                None => scoring.score_fields(key, &term.folded, t),
                            };
                            match s {
                                Some(s) => per_term.push(s),
                                None => {
                                    per_term.truncate(mark);
                                    continue 'doc;
                                }
                            }
                        }
                        let mut score: u32 = per_term[mark..].iter().sum();
                        if let Some(pos) = phrase.find(key.as_bytes()) {
                            score += PHRASE_BONUS - (pos as u32).min(PHRASE_BONUS / 2);
                        }
                        if let Some(lower) = lower {
                            let l = lower.get(i);
                            let exact = query.terms.iter().filter_map(|t| t.exact.as_deref());
                            score += EXACT_BONUS * exact.filter(|e| l.contains(e)).count() as u32;
                        }
                        hits.push((score, self.heads.dates[i], i));
                    }
                    Some((hits, per_term))
                },
            )
            .collect();
        let reused: Vec<bool> = known.iter().map(Option::is_some).collect();
        drop(known);
        let mut hits: Vec<(u32, u32, usize)> = Vec::new();
        let mut per_term = Vec::new();
        for c in chunks {
            let (h, p) = c?;
            hits.extend(h);
            per_term.extend(p);
        }
        // Keep each term's scores for the next query: reused arrays as they are, new
        // ones filled in for the matches.
        let mut old = std::mem::take(&mut memo.terms);
        for (k, t) in query.terms.iter().enumerate() {
            if memo.terms.iter().any(|m| m.0 == t.folded) {
                continue; // the same term twice
            }
            let reused = reused[k];
            let at = old.iter().position(|m| m.0 == t.folded);
            let mut scores = match (reused, at) {
                (true, Some(at)) => old.swap_remove(at).1,
                _ => vec![0; self.len()],
            };
            if !reused {
                for (h, s) in hits.iter().zip(per_term.iter().skip(k).step_by(nterms)) {
                    scores[h.2] = *s;
                }
            }
            memo.terms.push((t.folded.clone(), scores));
        }
        Some(sort_hits(hits))
    }

    /// The documents among `candidates` (all if `None`) that `query` matches, in index
    /// order, not ranked: found without scores, several times faster than
    /// [`Index::rank_memo`]. Every document it ranks is here; a few more only if a scorer
    /// refused a match that the folded bytes allow. `None` if `cancel` became true.
    pub fn matches(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        cancel: &AtomicBool,
    ) -> Option<Vec<usize>> {
        let ids = match candidates {
            Some(c) => self.sorted(c),
            None => (0..self.len()).collect(),
        };
        let terms: Vec<(&str, memmem::Finder<'_>)> = query
            .terms
            .iter()
            .map(|t| (t.folded.as_str(), memmem::Finder::new(t.folded.as_bytes())))
            .collect();
        let parts: Vec<Option<Vec<usize>>> = ids
            .par_chunks(CHUNK)
            .map(|chunk| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let found = chunk.iter().copied().filter(|&i| {
                    let key = self.heads.folded(i);
                    terms.iter().all(|(t, f)| can_score(key, t, f))
                });
                Some(found.collect())
            })
            .collect();
        let mut out = Vec::new();
        for p in parts {
            out.extend(p?);
        }
        Some(out)
    }

    /// `ids` in index order (each at most once).
    fn sorted(&self, ids: &[usize]) -> Vec<usize> {
        let mut seen = vec![false; self.len()];
        for &i in ids {
            if let Some(s) = seen.get_mut(i) {
                *s = true;
            }
        }
        (0..self.len()).filter(|&i| seen[i]).collect()
    }

    fn lower(&self) -> &Packed {
        self.lower.get_or_init(|| self.heads.lowered())
    }
}

impl From<Heads> for Index {
    fn from(heads: Heads) -> Index {
        Index::from(Arc::new(heads))
    }
}

impl From<Arc<Heads>> for Index {
    fn from(heads: Arc<Heads>) -> Index {
        Index {
            heads,
            lower: OnceLock::new(),
        }
    }
}

/// Best first: higher score, then newer date, then library order. Packed into one u64
/// per match when they fit (they do below 32 million documents), which sorts fastest.
fn sort_hits(hits: Vec<(u32, u32, usize)>) -> Vec<usize> {
    const IDX_BITS: u32 = 25;
    const DATE_BITS: u32 = 17;
    const SCORE_MAX: u64 = (1 << (64 - IDX_BITS - DATE_BITS)) - 1;
    const DATE_MAX: u64 = (1 << DATE_BITS) - 1;
    if hits.len() as u64 >= 1 << IDX_BITS || hits.iter().any(|h| h.2 as u64 >= 1 << IDX_BITS) {
        let mut hits = hits;
        hits.par_sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        return hits.into_iter().map(|h| h.2).collect();
    }
    let mut keys: Vec<u64> = hits
        .into_iter()
        .map(|(score, date, i)| {
            let score = SCORE_MAX - u64::from(score).min(SCORE_MAX);
            let date = DATE_MAX - u64::from(day_number(date)).min(DATE_MAX);
            score << (IDX_BITS + DATE_BITS) | date << IDX_BITS | i as u64
        })
        .collect();
    keys.par_sort_unstable();
    keys.into_iter()
        .map(|k| (k & ((1 << IDX_BITS) - 1)) as usize)
        .collect()
}

/// A YYYYMMDD date as a small number in the same order (0 for none; years 1900–2250).
fn day_number(date: u32) -> u32 {
    if date == 0 {
        return 0;
    }
    let (y, m, d) = (date / 10000, date / 100 % 100, date % 100);
    1 + (y.clamp(1900, 2250) - 1900) * 372 + m.min(12) * 31 + d.min(31)
}

/// Scores of each term of the last query, per document, to reuse while the query grows.
#[derive(Debug, Default)]
pub struct Memo {
    terms: Vec<(String, Vec<u32>)>,
}

/// A fuzzy scorer with its per-thread scratch space.
enum Scoring {
    Skim(Box<SkimMatcherV2>),
    Nucleo(Matcher, Vec<char>, Vec<char>),
}

impl Scoring {
    fn new(scorer: Scorer) -> Scoring {
        match scorer {
            Scorer::Skim => Scoring::Skim(Box::new(SkimMatcherV2::default().ignore_case())),
            Scorer::Nucleo => {
                Scoring::Nucleo(Matcher::new(Config::DEFAULT), Vec::new(), Vec::new())
            }
        }
    }

    /// Best score of `term` in one of the fields of `key`. A term found whole is scored
    /// in the field of its first occurrence at a word start (else its first occurrence):
    /// scattered matches elsewhere cannot beat it by much, and one field costs less than
    /// all of them.
    fn score_fields(&mut self, key: &str, whole: &str, term: &memmem::Finder<'_>) -> Option<u32> {
        if !is_subsequence(whole.as_bytes(), key.as_bytes()) {
            return None;
        }
        if let Some(field) = field_with(key, term) {
            return self.score(field, whole, true);
        }
        key.split(SEP)
            .filter_map(|f| self.score(f, whole, false))
            .max()
    }

    /// Score of `term` in `field` (both folded), `None` if it does not match; `whole` when
    /// the term occurs in the field as it is.
    fn score(&mut self, field: &str, term: &str, whole: bool) -> Option<u32> {
        if !whole && !is_subsequence(term.as_bytes(), field.as_bytes()) {
            return None;
        }
        let score = match self {
            Scoring::Skim(m) => m.fuzzy_match(field, term).map(|s| s.max(1) as u32),
            Scoring::Nucleo(m, fb, tb) => {
                let (f, t) = (Utf32Str::new(field, fb), Utf32Str::new(term, tb));
                let s = match whole {
                    true => m.substring_match(f, t),
                    false => m.fuzzy_match(f, t),
                };
                s.map(|s| u32::from(s).max(1))
            }
        };
        score
    }
}

/// Whether [`Scoring::score_fields`] can give `whole` a score in `key`: the tests it makes
/// before it scores.
fn can_score(key: &str, whole: &str, term: &memmem::Finder<'_>) -> bool {
    let w = whole.as_bytes();
    is_subsequence(w, key.as_bytes())
        && (term.find(key.as_bytes()).is_some()
            || key.split(SEP).any(|f| is_subsequence(w, f.as_bytes())))
}

/// The field of `key` holding the first occurrence of the term at a word start (or else
/// its first occurrence).
fn field_with<'k>(key: &'k str, term: &memmem::Finder<'_>) -> Option<&'k str> {
    let bytes = key.as_bytes();
    let mut first = None;
    for at in term.find_iter(bytes) {
        first.get_or_insert(at);
        if at == 0 || !bytes[at - 1].is_ascii_alphanumeric() {
            first = Some(at);
            break;
        }
    }
    let at = first?;
    let sep = SEP as u8;
    let start = memchr::memrchr(sep, &bytes[..at]).map_or(0, |p| p + 1);
    let end = memchr::memchr(sep, &bytes[at..]).map_or(bytes.len(), |p| at + p);
    key.get(start..end)
}

/// Cheap test before scoring: every byte of `needle` occurs in `hay` in order.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut rest = hay;
    for &b in needle {
        match memchr::memchr(b, rest) {
            Some(p) => rest = &rest[p + 1..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_sort_orders_like_the_tuples() {
        let hits = vec![
            (5, 20200101, 3),
            (7, 0, 1),
            (5, 20200101, 2),
            (5, 20210101, 9),
            (0, 19991231, 4),
            (5, 0, 0),
        ];
        assert_eq!(sort_hits(hits), [1, 9, 2, 3, 0, 4]);
        assert!(day_number(20200102) > day_number(20200101));
        assert!(day_number(20200201) > day_number(20200131));
        assert!(day_number(19000101) > day_number(0));
    }

    #[test]
    fn subsequence() {
        assert!(is_subsequence(b"htb", b"hoc tap bac"));
        assert!(!is_subsequence(b"bh", b"hoc tap bac"));
    }
}
