//! Finding the filter text inside a document: case-insensitive, and accent-insensitive
//! when the query itself has no accents ("ket qua" finds "Kết quả", "kết" does not find "kẹt").

use unicode_normalization::char::decompose_canonical;

use crate::extract::Span;

/// Byte spans of every occurrence of `query` in `text`, in order, not overlapping.
pub fn find_all(text: &str, query: &str) -> Vec<Span> {
    let query = query.trim();
    if query.is_empty() {
        return Vec::new();
    }
    let plain = query.is_ascii();
    let (q, _) = fold(query, plain);
    let (folded, starts) = fold(text, plain);
    folded
        .match_indices(&q)
        .map(|(at, m)| Span {
            start: source(&starts, at),
            end: source_end(&starts, at + m.len(), text.len()),
        })
        .collect()
}

/// The folded text, and for each source char (folded byte, source byte) where it starts.
fn fold(s: &str, plain: bool) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(s.len());
    let mut starts = Vec::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        starts.push((out.len(), i));
        for l in c.to_lowercase() {
            out.push(if plain { base(l) } else { l });
        }
    }
    (out, starts)
}

/// The letter without its accents: 'ế' → 'e', 'đ' → 'd'.
fn base(c: char) -> char {
    if c == 'đ' {
        return 'd';
    }
    let mut first = c;
    let mut seen = false;
    decompose_canonical(c, |d| {
        if !seen {
            first = d;
            seen = true;
        }
    });
    first
}

/// Source byte of the char whose folded form contains folded byte `at`.
fn source(starts: &[(usize, usize)], at: usize) -> usize {
    match starts.binary_search_by_key(&at, |&(f, _)| f) {
        Ok(i) => starts[i].1,
        Err(i) => starts[i - 1].1,
    }
}

/// Source byte where the match ending at folded byte `end` ends.
fn source_end(starts: &[(usize, usize)], end: usize, len: usize) -> usize {
    match starts.binary_search_by_key(&end, |&(f, _)| f) {
        Ok(i) => starts[i].1,
        Err(i) => starts.get(i).map_or(len, |s| s.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(text: &'a str, q: &str) -> Vec<&'a str> {
        find_all(text, q)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn ignores_case() {
        assert_eq!(found("Kết quả, KẾT QUẢ", "kết quả"), ["Kết quả", "KẾT QUẢ"]);
    }

    #[test]
    fn plain_query_ignores_accents() {
        assert_eq!(found("Kết quả và kẹt xe; Đà Nẵng", "ket"), ["Kết", "kẹt"]);
        assert_eq!(found("Đà Nẵng", "da nang"), ["Đà Nẵng"]);
    }

    #[test]
    fn accented_query_keeps_accents() {
        assert_eq!(found("Kết quả và kẹt xe", "kết"), ["Kết"]);
    }

    #[test]
    fn empty_query_finds_nothing() {
        assert!(find_all("abc", "  ").is_empty());
    }
}
