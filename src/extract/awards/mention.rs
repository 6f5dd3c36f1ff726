//! Counts of people: "437 tập thể", "1.120 lượt tập thể, cá nhân", "01 cá nhân".

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::numbers::parse_count;

/// "437 tập thể", "1.120 lượt tập thể, cá nhân", "01 cá nhân".
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d.,])(\d{1,3}(?:\.\d{3})+|\d+)\s+(?:lượt\s+)?(tập\s+thể|cá\s+nhân)(?:\s*(?:,|và|cùng|hoặc|/)\s*(?:các\s+)?(tập\s+thể|cá\s+nhân))?")
        .unwrap()
});

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Who {
    Collectives,
    Individuals,
    Combined,
}

#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub count: u64,
    pub who: Who,
}

pub fn mentions(clause: &str) -> Vec<Mention> {
    let parens = parentheses(clause);
    MENTION
        .find_iter(clause)
        .filter_map(read_mention)
        .filter(|m| !parens.iter().any(|p| p.contains(&m.start)))
        .collect()
}

/// The mention a MENTION match states, read off the matched text rather than asked of the
/// regex engine (much slower): an optional boundary character, the number up to the first
/// space, spaces, an optional "lượt", the noun ("tập thể" or "cá nhân", any case), and an
/// optional list of a second noun, which runs to the end of the match.
fn read_mention(m: regex::Match) -> Option<Mention> {
    let t = m.as_str();
    let first = t.chars().next()?;
    let num_start = if is_digit(first) { 0 } else { first.len_utf8() };
    let num_end = num_start + t[num_start..].find(char::is_whitespace)?;
    let count = parse_count(&t[num_start..num_end])?;
    let mut noun = skip_spaces(t, num_end);
    if !t[noun..].starts_with(['t', 'T', 'c', 'C']) {
        noun = skip_spaces(t, noun + t[noun..].find(char::is_whitespace)?); // "lượt"
    }
    let collectives = t[noun..].starts_with(['t', 'T']);
    // The noun's second word: "thể" (3 letters) or "nhân" (4).
    let second = skip_spaces(t, noun + t[noun..].find(char::is_whitespace)?);
    let letters = if collectives { 3 } else { 4 };
    let noun_end = t[second..]
        .char_indices()
        .nth(letters)
        .map_or(t.len(), |(i, _)| second + i);
    // A second noun ends the match: "thể" ends in 'ể', "nhân" in 'n'.
    let other_noun = noun_end < t.len() && t.ends_with(['ể', 'Ể']) != collectives;
    let who = match (other_noun, collectives) {
        (true, _) => Who::Combined,
        (false, true) => Who::Collectives,
        (false, false) => Who::Individuals,
    };
    Some(Mention {
        start: m.start() + num_start,
        end: m.start() + if other_noun { t.len() } else { noun_end },
        count,
        who,
    })
}

/// A decimal digit of any script, as the regex's `\d` sees it.
fn is_digit(c: char) -> bool {
    static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d$").unwrap());
    c.is_ascii_digit() || (!c.is_ascii() && DIGIT.is_match(c.encode_utf8(&mut [0; 4])))
}

/// Byte offset of the first non-space at or after `at`.
fn skip_spaces(s: &str, at: usize) -> usize {
    s.len() - s[at..].trim_start().len()
}

/// Byte ranges inside parentheses (inclusive of the marks); an unclosed one runs to the end.
pub fn parentheses(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    for i in memchr::memchr2_iter(b'(', b')', s.as_bytes()) {
        match s.as_bytes()[i] {
            b'(' if open.is_none() => open = Some(i),
            b')' => {
                if let Some(o) = open.take() {
                    out.push(o..i + 1);
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(o..s.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The regex's own groups, as `read_mention` must read them.
    fn mention_by_groups(c: &regex::Captures) -> Option<Mention> {
        let (num, noun) = (c.get(1)?, c.get(2)?);
        let first = noun.as_str().to_lowercase();
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let who = match c.get(3).map(|m| m.as_str().to_lowercase()) {
            Some(second) if squash(&second) != squash(&first) => Who::Combined,
            _ if first.starts_with('t') => Who::Collectives,
            _ => Who::Individuals,
        };
        let end = if who == Who::Combined {
            c.get(0)?.end()
        } else {
            noun.end()
        };
        Some(Mention {
            start: num.start(),
            end,
            count: parse_count(num.as_str())?,
            who,
        })
    }

    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "12",
            "1.565",
            "01",
            "3.15",
            "٣",
            "²",
            "x",
            " ",
            "  ",
            "\u{a0}",
            "\t",
            ",",
            ".",
            "(",
            ")",
            "/",
            "và",
            " cùng ",
            "hoặc",
            "các ",
            "lượt ",
            "LƯỢT ",
            "tập thể",
            "Tập  Thể",
            "TẬP THỂ",
            "tập\u{a0}thể",
            "cá nhân",
            "CÁ NHÂN",
            "Cá nhân",
            "cá",
            "thể",
            "nhân",
            "khen",
            "“",
        ]);
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn mentions_read_as_the_regex_groups_say(text in pieces()) {
            let fast: Vec<_> = MENTION.find_iter(&text).map(read_mention).collect();
            let slow: Vec<_> = MENTION.captures_iter(&text).map(|c| mention_by_groups(&c)).collect();
            let key = |m: &Option<Mention>| m.map(|m| (m.start, m.end, m.count, m.who));
            prop_assert_eq!(fast.iter().map(key).collect::<Vec<_>>(), slow.iter().map(key).collect::<Vec<_>>());
        }
    }
}
