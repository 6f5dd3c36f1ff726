//! Scoring one query term in the fields of a folded key (title, date, source, programme
//! names, separated by [`SEP`]).
//!
//! A term found whole is scored in the field of its first occurrence at a word start (else
//! its first occurrence): scattered matches elsewhere cannot beat it by much, and one field
//! costs less than all of them. A term not found whole takes its best fuzzy score among
//! the fields. What a term is in one field ([`InField`]) depends on that field alone, so
//! fields shared by many keys are looked at once ([`super::fields`]).

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::heads::SEP;

/// Which fuzzy scorer ranks the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scorer {
    /// fuzzy-matcher's skim v2 algorithm.
    Skim,
    /// nucleo-matcher (helix's port of fzf's algorithm).
    #[default]
    Nucleo,
}

/// Where a term occurs whole in a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Whole {
    #[default]
    No,
    Inside,
    AtWord,
}

/// A term in one field: where it occurs whole, and its score there (0: it does not match).
/// Found whole, the score is the scorer's for the term in one piece; else its fuzzy score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct InField {
    pub whole: Whole,
    pub score: u32,
}

/// A term's score in a key from what it is in each field, in the key's order; `None`
/// if it does not match.
pub(super) fn combine(fields: impl IntoIterator<Item = InField>) -> Option<u32> {
    let nonzero = |s: u32| (s > 0).then_some(s);
    let mut inside = None;
    let mut fuzzy = None;
    for f in fields {
        match f.whole {
            Whole::AtWord => return nonzero(f.score),
            Whole::Inside => {
                inside.get_or_insert(f.score);
            }
            Whole::No => fuzzy = fuzzy.max(nonzero(f.score)),
        }
    }
    match inside {
        Some(s) => nonzero(s),
        None => fuzzy,
    }
}

/// A fuzzy scorer with its per-thread scratch space.
pub(super) enum Scoring {
    /// A matcher is made for each score: one reused scores a text by what it scored
    /// before (its cached matrix; skim-rs/skim#1071), so a ranking would depend on how
    /// keys are split among threads; and `use_cache(false)` panics (fuzzy-matcher 0.3.7).
    Skim,
    Nucleo(Matcher, Vec<char>, Vec<char>),
}

impl Scoring {
    pub fn new(scorer: Scorer) -> Scoring {
        match scorer {
            Scorer::Skim => Scoring::Skim,
            Scorer::Nucleo => {
                Scoring::Nucleo(Matcher::new(Config::DEFAULT), Vec::new(), Vec::new())
            }
        }
    }

    /// The score of `term` (folded; `finder` finds it) in a whole key; `None` if no field
    /// matches it.
    pub fn in_key(&mut self, key: &str, term: &str, finder: &memmem::Finder<'_>) -> Option<u32> {
        if !is_subsequence(term.as_bytes(), key.as_bytes()) {
            return None;
        }
        // As [`combine`] over [`Scoring::in_field`], scoring only the field it takes.
        let mut chosen = None;
        for f in key.split(SEP) {
            match whole_in(f, finder) {
                Whole::AtWord => {
                    chosen = Some(f);
                    break;
                }
                Whole::Inside => {
                    chosen.get_or_insert(f);
                }
                Whole::No => {}
            }
        }
        match chosen {
            Some(f) => self.score(f, term, true),
            None => key
                .split(SEP)
                .filter_map(|f| self.score(f, term, false))
                .max(),
        }
    }

    /// What `term` is in one `field`.
    pub fn in_field(&mut self, field: &str, term: &str, finder: &memmem::Finder<'_>) -> InField {
        let whole = whole_in(field, finder);
        let score = self.score(field, term, whole != Whole::No).unwrap_or(0);
        InField { whole, score }
    }

    /// Score of `term` in `field` (both folded), `None` if it does not match; `whole` when
    /// the term occurs in the field as it is.
    fn score(&mut self, field: &str, term: &str, whole: bool) -> Option<u32> {
        if !whole && !is_subsequence(term.as_bytes(), field.as_bytes()) {
            return None;
        }
        match self {
            Scoring::Skim => {
                let m = SkimMatcherV2::default().ignore_case();
                m.fuzzy_match(field, term).map(|s| s.max(1) as u32)
            }
            Scoring::Nucleo(m, fb, tb) => {
                let (f, t) = (Utf32Str::new(field, fb), Utf32Str::new(term, tb));
                let s = match whole {
                    true => m.substring_match(f, t),
                    false => m.fuzzy_match(f, t),
                };
                s.map(|s| u32::from(s).max(1))
            }
        }
    }
}

/// Where the term `finder` finds occurs whole in `field`: at a word start (the first such
/// occurrence among those found one after another), or only inside words.
fn whole_in(field: &str, finder: &memmem::Finder<'_>) -> Whole {
    let bytes = field.as_bytes();
    let mut whole = Whole::No;
    for at in finder.find_iter(bytes) {
        if at == 0 || !bytes[at - 1].is_ascii_alphanumeric() {
            return Whole::AtWord;
        }
        whole = Whole::Inside;
    }
    whole
}

/// Whether `term` can match in `key`: it is a subsequence of one of its fields (what
/// [`Scoring::in_key`] tests before it scores).
pub(super) fn can_match(key: &str, term: &str, finder: &memmem::Finder<'_>) -> bool {
    let t = term.as_bytes();
    is_subsequence(t, key.as_bytes())
        && (finder.find(key.as_bytes()).is_some()
            || key.split(SEP).any(|f| is_subsequence(t, f.as_bytes())))
}

/// Cheap test before scoring: every byte of `needle` occurs in `hay` in order.
pub(super) fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
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
    fn subsequence() {
        assert!(is_subsequence(b"htb", b"hoc tap bac"));
        assert!(!is_subsequence(b"bh", b"hoc tap bac"));
    }

    fn in_field(field: &str, term: &str) -> InField {
        Scoring::new(Scorer::Nucleo).in_field(field, term, &memmem::Finder::new(term))
    }

    #[test]
    fn where_a_term_is_whole() {
        assert_eq!(in_field("hoc tap", "tap").whole, Whole::AtWord);
        assert_eq!(in_field("hoc tap", "hoc").whole, Whole::AtWord);
        assert_eq!(in_field("hoc tap", "ap").whole, Whole::Inside);
        assert_eq!(in_field("hoc tap", "htp").whole, Whole::No);
        assert!(in_field("hoc tap", "htp").score > 0);
        assert_eq!(in_field("hoc tap", "pth").score, 0);
    }

    #[test]
    fn a_score_does_not_depend_on_what_was_scored_before() {
        let (t, sep) = ("ooo", SEP);
        let f = memmem::Finder::new(t);
        for scorer in [Scorer::Skim, Scorer::Nucleo] {
            let alone = Scoring::new(scorer).in_key(&format!("{sep}booo "), t, &f);
            let mut s = Scoring::new(scorer);
            s.in_key(&format!("o boboo-{sep}{sep}oo{sep}o  o"), t, &f);
            assert_eq!(s.in_key(&format!("{sep}booo "), t, &f), alone, "{scorer:?}");
        }
    }

    #[test]
    fn the_first_word_start_field_wins_then_the_first_inside() {
        let f = |whole, score| InField { whole, score };
        let (no, inside, word) = (Whole::No, Whole::Inside, Whole::AtWord);
        assert_eq!(combine([f(no, 90), f(inside, 5), f(word, 7)]), Some(7));
        assert_eq!(combine([f(no, 90), f(inside, 5), f(inside, 9)]), Some(5));
        assert_eq!(combine([f(no, 3), f(no, 0), f(no, 8)]), Some(8));
        assert_eq!(combine([f(no, 3), f(word, 0)]), None);
        assert_eq!(combine([f(no, 0)]), None);
    }
}
