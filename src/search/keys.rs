//! Ranking documents by their keys: title, date, source and programme names.
//!
//! Every term of the query must match one field of a document's folded key as a
//! subsequence (as in fzf, where the line is the field). A fuzzy scorer rewards contiguous and word-start matches; on top of that a
//! document gains when the whole query appears as typed in one piece (earlier is better),
//! and much more for each term typed with diacritics that it contains exactly. Ties go to
//! the newest date, then to library order.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use memchr::memmem;
use rayon::prelude::*;

use super::fields::Fields;
use super::heads::{Heads, Packed, SEP};
use super::query::Query;
use super::score::{self, InField, Scorer, Scoring};
use crate::corpus::{Document, Library};
use crate::later::Later;

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
    /// The keys' distinct fields, once made ([`Index::prepare`]); until then each key is
    /// read whole.
    fields: Later<Option<Fields>>,
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

    /// Find the keys' distinct fields now: searches then test and score each once.
    pub fn prepare(&self) {
        self.fields.get_or_init(|| Fields::of(&self.heads));
    }

    /// Find the keys' distinct fields on a thread of their own (once); searches read
    /// whole keys until they are found.
    pub fn prepare_later(&self) {
        let heads = self.heads.clone();
        self.fields
            .make_ahead("vanban-fields", move || Fields::of(&heads));
    }

    /// The distinct fields, if made.
    fn fields(&self) -> Option<&Fields> {
        self.fields.get().and_then(Option::as_ref)
    }

    /// Documents matching `query`, best first; all documents in order for an empty query.
    pub fn rank(&self, query: &str) -> Vec<usize> {
        if !query.trim().is_empty() {
            self.prepare();
        }
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
        // With the distinct fields, each term (unless known) and the phrase are looked
        // for once per field of the candidates.
        let by_field = match self.fields() {
            Some(f) => {
                let used = candidates.and_then(|_| f.used_by(&ids));
                let used = used.as_deref();
                let terms =
                    query
                        .terms
                        .iter()
                        .zip(&terms)
                        .zip(&known)
                        .map(|((t, finder), known)| {
                            let each = |sc: &mut Scoring, id| match cancel.load(Ordering::Relaxed) {
                                true => InField::default(),
                                false => sc.in_field(f.text(&self.heads, id), &t.folded, finder),
                            };
                            known
                                .is_none()
                                .then(|| f.each(used, || Scoring::new(scorer), each))
                        });
                let terms: Vec<Option<Vec<InField>>> = terms.collect();
                let at = f.each(
                    used,
                    || (),
                    |_, id| phrase.find(f.text(&self.heads, id).as_bytes()),
                );
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                Some((f, terms, at))
            }
            None => None,
        };
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
                        let key = || self.heads.folded(i);
                        let mark = per_term.len();
                        for (k, (t, term)) in terms.iter().zip(&query.terms).enumerate() {
                            let s = match (known[k], &by_field) {
                                (Some(scores), _) => Some(scores[i]),
                                (None, Some((f, in_fields, _))) => {
                                    let v = in_fields[k].as_deref().unwrap_or_default();
                                    score::combine(f.of_key(i).iter().map(|&id| v[id as usize]))
                                }
                                (None, None) => scoring.in_key(key(), &term.folded, t),
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
                        let at = match &by_field {
                            Some((f, _, at)) => phrase_in(f, at, i),
                            None => phrase.find(key().as_bytes()),
                        };
                        if let Some(pos) = at {
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
        // With the distinct fields: which fields each term can match in, found once.
        let by_field: Option<(&Fields, Vec<Vec<bool>>)> = self.fields().map(|f| {
            let used = candidates.and_then(|_| f.used_by(&ids));
            let used = used.as_deref();
            let in_field = |t: &str, id| {
                !cancel.load(Ordering::Relaxed)
                    && score::is_subsequence(t.as_bytes(), f.text(&self.heads, id).as_bytes())
            };
            let terms = terms
                .iter()
                .map(|(t, _)| f.each(used, || (), |_, id| in_field(t, id)));
            (f, terms.collect())
        });
        let parts: Vec<Option<Vec<usize>>> = ids
            .par_chunks(CHUNK)
            .map(|chunk| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let found = chunk.iter().copied().filter(|&i| match &by_field {
                    Some((f, can)) => can
                        .iter()
                        .all(|can| f.of_key(i).iter().any(|&id| can[id as usize])),
                    None => {
                        let key = self.heads.folded(i);
                        terms.iter().all(|(t, f)| score::can_match(key, t, f))
                    }
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
            fields: Later::default(),
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

/// Where the phrase first occurs in key `i`, in bytes from its start, from where it first
/// occurs in each of its fields (`at`).
fn phrase_in(f: &Fields, at: &[Option<usize>], i: usize) -> Option<usize> {
    let mut offset = 0;
    for &id in f.of_key(i) {
        if let Some(p) = at[id as usize] {
            return Some(offset + p);
        }
        offset += f.field_len(id) + SEP.len_utf8();
    }
    None
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
}
