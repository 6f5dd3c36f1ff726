//! Counts of people: "437 tập thể", "1.120 lượt tập thể, cá nhân", "01 cá nhân".

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::numbers::{parse_count, parse_words};

/// "437 tập thể", "1.120 lượt tập thể, cá nhân", "01 cá nhân".
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d.,])(\d{1,3}(?:\.\d{3})+|\d+)\s+(?:lượt\s+)?(tập\s+thể|cá\s+nhân)(?:\s*(?:,|và|cùng|hoặc|/)\s*(?:các\s+)?(tập\s+thể|cá\s+nhân))?")
        .unwrap()
});

/// "hai tập thể và ba cá nhân", "mười hai cá nhân": small counts in words. The word before
/// is read too, to drop "hằng năm tập thể" (every year) and "thứ hai" (second).
static WORD_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}\p{N}])(?:(\p{L}+)\s+)??((?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)(?:\s+(?:mươi|mốt|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín))*)\s+(?:lượt\s+)?(tập\s+thể|cá\s+nhân)(?:\s*(?:,|và|cùng|hoặc|/)\s*(?:các\s+)?(tập\s+thể|cá\s+nhân))?")
        .unwrap()
});

/// Words before a number word that make it something else than a count.
const NOT_A_COUNT_AFTER: [&str; 16] = [
    "hằng", "hàng", "mỗi", "trong", "cả", "các", "những", "nhiều", "từng", "qua", "cuối", "đầu",
    "giữa", "thứ", "vài", "mấy",
];

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
    /// Inside parentheses: an aside, or the breakdown of the count before it.
    pub paren: bool,
}

/// Every count of people in `clause`, in digits or in words, in order.
pub fn mentions(clause: &str) -> Vec<Mention> {
    let parens = parentheses(clause);
    let mut out: Vec<Mention> = MENTION.find_iter(clause).filter_map(read_mention).collect();
    if has_number_word(clause) {
        out.extend(
            WORD_MENTION
                .captures_iter(clause)
                .filter_map(|c| word_mention(&c)),
        );
        out.sort_by_key(|m| m.start);
    }
    for m in &mut out {
        m.paren = parens.iter().any(|p| p.contains(&m.start));
    }
    out
}

/// A number word right before a people word: a test the lazy DFA answers fast, where the
/// captures WORD_MENTION needs are slow (and "năm", "ba", "hai" are in most sentences).
fn has_number_word(s: &str) -> bool {
    static NEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi|mốt)\s+(?:lượt\s+)?(?:tập\s+thể|cá\s+nhân)").unwrap()
    });
    NEAR.is_match(s)
}

fn word_mention(c: &regex::Captures) -> Option<Mention> {
    if let Some(before) = c.get(1) {
        if NOT_A_COUNT_AFTER.contains(&before.as_str().to_lowercase().as_str()) {
            return None;
        }
    }
    let (num, noun) = (c.get(2)?, c.get(3)?);
    let squash = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    let collectives = squash(noun.as_str()).starts_with('t');
    let other = c
        .get(4)
        .filter(|o| squash(o.as_str()) != squash(noun.as_str()));
    Some(Mention {
        start: num.start(),
        end: other.map_or(noun.end(), |o| o.end()),
        count: parse_words(num.as_str())?,
        who: match (other.is_some(), collectives) {
            (true, _) => Who::Combined,
            (false, true) => Who::Collectives,
            (false, false) => Who::Individuals,
        },
        paren: false,
    })
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
        paren: false,
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

    #[test]
    fn words_that_are_not_counts() {
        let counts = |t: &str| {
            mentions(t)
                .iter()
                .map(|m| (m.count, m.who))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            counts("hai tập thể và ba cá nhân"),
            [(2, Who::Collectives), (3, Who::Individuals)]
        );
        assert_eq!(counts("mười hai tập thể, cá nhân"), [(12, Who::Combined)]);
        assert!(counts("một số tập thể, các cá nhân, hàng trăm lượt cá nhân").is_empty());
        assert!(counts("Hằng năm tập thể lãnh đạo họp; thứ hai tập thể").is_empty());
    }

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
            paren: false,
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
        fn counts_in_words(n in 1u64..100) {
            let words = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
            let written = match (n / 10, n % 10) {
                (0, u) => words[u as usize].to_string(),
                (1, 0) => "mười".into(),
                (1, u) => format!("mười {}", words[u as usize]),
                (t, 0) => format!("{} mươi", words[t as usize]),
                (t, u) => format!("{} mươi {}", words[t as usize], words[u as usize]),
            };
            let text = format!("Có {written} tập thể được khen.");
            let found = mentions(&text);
            prop_assert_eq!(found.len(), 1);
            prop_assert_eq!(found[0].count, n);
            prop_assert_eq!(found[0].who, Who::Collectives);
        }

        #[test]
        fn mentions_read_as_the_regex_groups_say(text in pieces()) {
            let fast: Vec<_> = MENTION.find_iter(&text).map(read_mention).collect();
            let slow: Vec<_> = MENTION.captures_iter(&text).map(|c| mention_by_groups(&c)).collect();
            let key = |m: &Option<Mention>| m.map(|m| (m.start, m.end, m.count, m.who));
            prop_assert_eq!(fast.iter().map(key).collect::<Vec<_>>(), slow.iter().map(key).collect::<Vec<_>>());
        }
    }
}
