//! What to highlight in the open document, as ranges of the page's shown text.

use std::collections::HashMap;
use std::ops::Range;

use super::state::State;
use super::theme::Hl;
use crate::extract::numbers::{end_of_number, parse_count};

/// Highlighted ranges of `s.page.shown` that meet `window` (the part on screen), in
/// drawing order (later ones win). Awards sharing a span (a list in one sentence) are
/// painted once, and numbers are looked for only on screen, so a long sentence with
/// thousands of awards costs no more than the screen.
pub fn ranges(s: &State, window: Range<usize>) -> Vec<(Range<usize>, Hl)> {
    let Some(d) = s.open else {
        return Vec::new();
    };
    let page = &s.page;
    let meets = |r: &Range<usize>| r.start < window.end && r.end > window.start;
    let mut out = Vec::new();
    // The page around the article, dim whether folded (its lines) or shown.
    out.extend(page.folds.iter().map(|f| (f.clone(), Hl::Fold)));
    if page.folds.is_empty() {
        let len = s.lib.docs[d].text().len();
        let article = s.article.clone();
        for r in [0..article.start, article.end..len] {
            let r = page.range(crate::extract::Span {
                start: r.start,
                end: r.end,
            });
            out.push((r, Hl::Furniture));
        }
    }
    // Each span on screen once, with the counts of all its awards.
    let mut spans: Vec<(Range<usize>, Vec<u64>)> = Vec::new();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    for a in &s.lib.docs[d].facts.awards {
        let r = page.range(a.span);
        if !meets(&r) {
            continue;
        }
        let i = *index.entry((r.start, r.end)).or_insert_with(|| {
            spans.push((r.clone(), Vec::new()));
            spans.len() - 1
        });
        spans[i].1.extend(
            [a.collectives, a.individuals, a.combined]
                .into_iter()
                .flatten()
                .map(u64::from),
        );
    }
    for (r, counts) in spans {
        let from = r.start.max(window.start);
        let to = r.end.min(window.end);
        for n in numbers(page.shown.get(from..to).unwrap_or_default()) {
            if counts.contains(&n.1) {
                out.push((from + n.0.start..from + n.0.end, Hl::Number));
            }
        }
        out.push((r, Hl::Award));
    }
    if let Some(t) = s.target {
        out.push((page.range(t), Hl::Target));
    }
    for (i, m) in s.matches.iter().enumerate() {
        let h = if s.current == Some(i) {
            Hl::Current
        } else {
            Hl::Match
        };
        out.push((page.range(*m), h));
    }
    out.extend(page.marks.iter().map(|m| (m.clone(), Hl::Mark)));
    out.retain(|(r, _)| r.start < r.end && meets(r));
    out.sort_by_key(|(_, h)| *h);
    out
}

/// The whole numbers written in `s` and their values, read the Vietnamese way
/// ("3.150" is 3150; "1,5" is no count).
fn numbers(s: &str) -> Vec<(Range<usize>, u64)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        i = end_of_number(b, start);
        if let Some(v) = parse_count(&s[start..i]) {
            out.push((start..i, v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_grouped_numbers() {
        let s = "có 3.150 tập thể, 437 và 1,5 tỷ.";
        let got: Vec<(&str, u64)> = numbers(s).into_iter().map(|(r, v)| (&s[r], v)).collect();
        assert_eq!(got, [("3.150", 3150), ("437", 437)]);
    }
}
