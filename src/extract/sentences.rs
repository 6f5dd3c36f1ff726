//! Splitting clean text into paragraphs and sentences, keeping byte offsets.

use std::sync::LazyLock;

use crate::text::chars;

/// A sentence: byte range in the text and the index of its paragraph (line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub para: usize,
}

impl Sentence {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Every sentence of `text`, in order. Lines are paragraphs; inside a line a sentence ends
/// at '.', '!', '?' or '…' followed by a space and a capital letter, digit or quote.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut ends = Vec::new();
    let mut line_start = 0;
    for (para, line) in text.split('\n').enumerate() {
        split_line(line, line_start, para, &mut ends, &mut out);
        line_start += line.len() + 1;
    }
    out
}

/// The sentences of one line (paragraph `para`) that starts at byte `base` of its text:
/// the same sentences [`split`] finds there.
pub fn split_para(line: &str, base: usize, para: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    split_line(line, base, para, &mut Vec::new(), &mut out);
    out
}

static ELLIPSIS: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("…".as_bytes()));

/// `ends` is scratch space: the candidate ends of the line, as (mark, byte after the mark).
fn split_line(
    line: &str,
    base: usize,
    para: usize,
    ends: &mut Vec<(usize, usize)>,
    out: &mut Vec<Sentence>,
) {
    let mut start = 0;
    let bytes = line.as_bytes();
    ends.clear();
    ends.extend(memchr::memchr3_iter(b'.', b'!', b'?', bytes).map(|i| (i, i + 1)));
    let marks = ends.len();
    ends.extend(ELLIPSIS.find_iter(bytes).map(|i| (i, i + '…'.len_utf8())));
    if ends.len() > marks {
        ends.sort_unstable();
    }
    for &(i, after) in ends.iter() {
        if after >= bytes.len() || bytes[after] != b' ' || i < start {
            continue;
        }
        let next = line[after..].trim_start_matches(' ').chars().next();
        let starts_new = next
            .is_some_and(|n| chars::is_uppercase(n) || n.is_ascii_digit() || "\"“(«".contains(n));
        if starts_new && !(bytes[i] == b'.' && is_abbreviation(&line[start..i])) {
            push(line, base, para, start, after, out);
            start = after;
        }
    }
    push(line, base, para, start, line.len(), out);
}

/// "TP. Hồ Chí Minh": a short capitalised word before the dot is an abbreviation.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit([' ', '(']).next().unwrap_or("");
    let n = word.chars().count();
    (1..=3).contains(&n)
        && word.chars().all(chars::is_alphabetic)
        && word.starts_with(chars::is_uppercase)
}

fn push(line: &str, base: usize, para: usize, s: usize, e: usize, out: &mut Vec<Sentence>) {
    let piece = &line[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Sentence {
            start: base + s + lead,
            end: base + e - trail,
            para,
        });
    }
}

/// The last `max` bytes of `s` or fewer, cut at a character boundary.
pub fn tail(s: &str, max: usize) -> &str {
    let mut at = s.len().saturating_sub(max);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// The first `max` bytes of `s` or fewer, cut at a character boundary.
pub fn head(s: &str, max: usize) -> &str {
    let mut at = max.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    &s[..at]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t).iter().map(|s| s.text(t)).collect()
    }

    #[test]
    fn splits_lines_and_sentences() {
        let t = "Kết quả năm 2009, có 3.150 tập thể. Trong đó có 437 tập thể.\n\nDòng hai";
        assert_eq!(
            texts(t),
            [
                "Kết quả năm 2009, có 3.150 tập thể.",
                "Trong đó có 437 tập thể.",
                "Dòng hai"
            ]
        );
        let s = split(t);
        assert_eq!(s[0].para, 0);
        assert_eq!(s[2].para, 2);
    }

    #[test]
    fn head_and_tail_cut_at_char_boundaries() {
        assert_eq!(tail("tập thể", 4), "hể");
        assert_eq!(head("tập thể", 3), "t");
        assert_eq!(head("ab", 10), "ab");
        assert_eq!(tail("ab", 10), "ab");
    }

    #[test]
    fn keeps_abbreviations_and_numbers() {
        assert_eq!(
            texts("Ở TP. Hồ Chí Minh có 1.743 cá nhân."),
            ["Ở TP. Hồ Chí Minh có 1.743 cá nhân."]
        );
        assert_eq!(
            texts("TP.Tân An với mô hình mới"),
            ["TP.Tân An với mô hình mới"]
        );
    }
}
