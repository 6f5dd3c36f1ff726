//! Ranking documents by their keys: title, date, source and programme names.
//!
//! Every term of the query must match one field of a document's folded key as a
//! subsequence (as in fzf, where the line is the field). A fuzzy scorer rewards contiguous and word-start matches; on top of that a
//! document gains when the whole query appears as typed in one piece (earlier is better),
//! and much more for each term typed with diacritics that it contains exactly. Ties go to
//! the newest date, then to library order.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

use super::query::Query;
use crate::corpus::{Document, Library};
use crate::text::fold;

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
/// Separates the fields of a key, so no term matches across two of them.
const SEP: char = '\u{1f}';
/// Keys scored per parallel task (and between checks for a newer query).
const CHUNK: usize = 4096;

/// Strings stored end to end in one buffer.
#[derive(Debug, Default)]
struct Strings {
    buf: String,
    ends: Vec<usize>,
}

impl Strings {
    fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len());
    }
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }
}

/// The search keys of a library, ready to rank for any query.
#[derive(Debug, Default)]
pub struct Index {
    /// The raw keys (for exact-diacritic comparison, folded into `lower` on first need).
    raw: Strings,
    folded: Strings,
    lower: OnceLock<Strings>,
    /// Dates as YYYYMMDD (0 when unknown), for ties.
    dates: Vec<u32>,
}

/// The text a document is found by: title, date, source, programme names.
pub fn key_of(doc: &Document) -> String {
    let f = &doc.facts;
    let mut parts: Vec<&str> = vec![f.title.as_str()];
    parts.extend(f.date.as_deref());
    parts.extend(f.source.as_deref());
    parts.extend(f.programmes.iter().map(String::as_str));
    parts.join(&SEP.to_string())
}

/// A YYYY-MM-DD date as the number YYYYMMDD (0 when absent or malformed).
pub fn date_number(date: Option<&str>) -> u32 {
    let digits: Vec<u8> = date
        .unwrap_or("")
        .bytes()
        .filter(u8::is_ascii_digit)
        .collect();
    if digits.len() != 8 {
        return 0;
    }
    digits.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

impl Index {
    pub fn new(lib: &Library) -> Index {
        Index::from_keys(
            lib.docs
                .iter()
                .map(|d| (key_of(d), date_number(d.facts.date.as_deref()))),
        )
    }

    /// An index of `(key, YYYYMMDD date)` pairs, e.g. bare titles for a benchmark.
    pub fn from_keys(keys: impl IntoIterator<Item = (String, u32)>) -> Index {
        let mut index = Index::default();
        for (key, date) in keys {
            index.folded.push(&fold_key(&key));
            index.raw.push(&key);
            index.dates.push(date);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
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
        if query.is_empty() {
            return Some(match candidates {
                Some(c) => {
                    let mut c = c.to_vec();
                    c.sort_unstable();
                    c
                }
                None => (0..self.len()).collect(),
            });
        }
        let lower = query
            .terms
            .iter()
            .any(|t| t.exact.is_some())
            .then(|| self.lower());
        let all: Vec<usize>;
        let ids = match candidates {
            Some(c) => c,
            None => {
                all = (0..self.len()).collect();
                &all
            }
        };
        let phrase = memmem::Finder::new(query.folded.as_bytes());
        let chunks: Vec<Option<Vec<(u32, u32, usize)>>> = ids
            .par_chunks(CHUNK)
            .map_init(
                || Scoring::new(scorer),
                |scoring, chunk| {
                    if cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let hits = chunk.iter().filter_map(|&i| {
                        let key = self.folded.get(i);
                        let mut score = 0;
                        for t in &query.terms {
                            score += scoring.score_fields(key, &t.folded)?;
                        }
                        if let Some(pos) = phrase.find(key.as_bytes()) {
                            score += PHRASE_BONUS - (pos as u32).min(PHRASE_BONUS / 2);
                        }
                        if let Some(lower) = lower {
                            let l = lower.get(i);
                            let exact = query.terms.iter().filter_map(|t| t.exact.as_deref());
                            score += EXACT_BONUS * exact.filter(|e| l.contains(e)).count() as u32;
                        }
                        Some((score, self.dates[i], i))
                    });
                    Some(hits.collect())
                },
            )
            .collect();
        let mut hits: Vec<(u32, u32, usize)> = Vec::new();
        for c in chunks {
            hits.extend(c?);
        }
        hits.par_sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        Some(hits.into_iter().map(|h| h.2).collect())
    }

    fn lower(&self) -> &Strings {
        self.lower.get_or_init(|| {
            let mut lower = Strings::default();
            for i in 0..self.len() {
                lower.push(&fold::lower(self.raw.get(i)));
            }
            lower
        })
    }
}

/// A key folded, with typographic quotes and dashes made ASCII so that most keys are.
fn fold_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        match c {
            '“' | '”' | '„' | '«' | '»' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '–' | '—' | '‐' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            SEP => out.push(SEP),
            c if c.is_whitespace() || c.is_control() => out.push(' '),
            c => out.extend(fold::fold_char(c)),
        }
    }
    out
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

    /// Best score of `term` in one of the fields of `key`.
    fn score_fields(&mut self, key: &str, term: &str) -> Option<u32> {
        if !is_subsequence(term.as_bytes(), key.as_bytes()) {
            return None;
        }
        key.split(SEP).filter_map(|f| self.score(f, term)).max()
    }

    /// Score of `term` in `key` (both folded), `None` if it is not a subsequence.
    fn score(&mut self, key: &str, term: &str) -> Option<u32> {
        if !is_subsequence(term.as_bytes(), key.as_bytes()) {
            return None;
        }
        match self {
            Scoring::Skim(m) => m.fuzzy_match(key, term).map(|s| s.max(1) as u32),
            Scoring::Nucleo(m, kb, tb) => m
                .fuzzy_match(Utf32Str::new(key, kb), Utf32Str::new(term, tb))
                .map(|s| u32::from(s).max(1)),
        }
    }
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
    fn dates_as_numbers() {
        assert_eq!(date_number(Some("2014-06-15")), 20140615);
        assert_eq!(date_number(Some("2014")), 0);
        assert_eq!(date_number(None), 0);
    }

    #[test]
    fn subsequence() {
        assert!(is_subsequence(b"htb", b"hoc tap bac"));
        assert!(!is_subsequence(b"bh", b"hoc tap bac"));
    }

    #[test]
    fn keys_fold_typography() {
        assert_eq!(fold_key("“Dân vận khéo” – Đức"), "\"dan van kheo\" - duc");
    }
}
