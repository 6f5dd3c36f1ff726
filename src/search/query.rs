//! A query as typed, split into folded terms.

use crate::text::fold;

/// One space-separated term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Folded: no diacritics, đ → d, lowercase.
    pub folded: String,
    /// Lowercase NFC as typed, when it has diacritics (then exact matches rank higher).
    pub exact: Option<String>,
}

/// A parsed query: every term must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    /// The folded terms joined by single spaces.
    pub folded: String,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let terms: Vec<Term> = text
            .split_whitespace()
            .map(|t| Term {
                folded: fold::fold(t),
                exact: fold::has_marks(t).then(|| fold::lower(t)),
            })
            .filter(|t| !t.folded.is_empty())
            .collect();
        let folded = terms
            .iter()
            .map(|t| t.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Query { terms, folded }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when every document matching `self` also matches `prev` (the query only grew),
    /// so only `prev`'s matches need checking.
    pub fn narrows(&self, prev: &Query) -> bool {
        !prev.is_empty() && self.folded.starts_with(&prev.folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded() {
        let q = Query::parse("  Học   tap ");
        assert_eq!(q.folded, "hoc tap");
        assert_eq!(q.terms[0].exact.as_deref(), Some("học"));
        assert_eq!(q.terms[1].exact, None);
    }

    #[test]
    fn growing_query_narrows() {
        let p = |s| Query::parse(s);
        assert!(p("hoc t").narrows(&p("hoc")));
        assert!(p("hoc ta").narrows(&p("hoc t")));
        assert!(p("học").narrows(&p("hoc")));
        assert!(!p("ho").narrows(&p("hoc")));
        assert!(!p("hoc").narrows(&p("")));
    }
}
