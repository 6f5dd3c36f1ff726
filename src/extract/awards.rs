//! Award statements: how many collectives (tập thể) and individuals (cá nhân) were
//! commended, in which year, by whom and with what.

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{has_year, parse_count};
use super::sentences::{self, head, tail};
use super::{Award, Span};
use crate::text::chars;

/// "437 tập thể", "1.120 lượt tập thể, cá nhân", "01 cá nhân".
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d.,])(\d{1,3}(?:\.\d{3})+|\d+)\s+(?:lượt\s+)?(tập\s+thể|cá\s+nhân)(?:\s*(?:,|và|cùng|hoặc|/)\s*(?:các\s+)?(tập\s+thể|cá\s+nhân))?")
        .unwrap()
});
/// Words that make a statement an award, not a mere mention.
static AWARD_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)khen|biểu\s+dương|tuyên\s+dương|huân\s+chương|huy\s+chương|cờ\s+thi\s+đua|vinh\s+danh|danh\s+hiệu|tôn\s+vinh").unwrap()
});
/// A group that merely took part in something.
static TOOK_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:đã\s+)?(?:tham\s+gia|tham\s+dự|dự\s+thi|đăng\s+ký|đạt\s+giải|nhận\s+giải)",
    )
    .unwrap()
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}\p{N}])(từ\s+)?năm\s+((?:19|20)\d\d)(?:$|[^\p{L}\p{N}])(\s*(?:-|–|đến))?",
    )
    .unwrap()
});
static KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)huân\s+chương(?:\s+\p{Lu}\p{L}*)*(?:\s+hạng\s+\p{L}+)?|huy\s+chương(?:\s+\p{Lu}\p{L}*)*|bằng\s+khen|giấy\s+khen|cờ\s+thi\s+đua|chiến\s+sĩ\s+thi\s+đua|biểu\s+dương|tuyên\s+dương|vinh\s+danh|tôn\s+vinh|khen\s+thưởng")
        .unwrap()
});
/// "được UBND tỉnh tặng", "được Thủ tướng Chính phủ khen thưởng".
static BY_PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"được\s+(\p{Lu}[^;.]{1,80}?)\s+(?:trao\s+tặng|tặng|trao|khen\s+thưởng|biểu\s+dương|tuyên\s+dương|vinh\s+danh|công\s+nhận)").unwrap()
});
/// "Bằng khen của Thủ tướng Chính phủ".
static BY_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:bằng\s+khen|giấy\s+khen|cờ\s+thi\s+đua|huân\s+chương[^,;.]*?|huy\s+chương[^,;.]*?)\s+của\s+(\p{Lu}[^,;.]{1,80}?)(?:\s+(?:cho|vì|về|do|đã|có|năm|tại)(?:$|[^\p{L}])|[,;.(]|$)").unwrap()
});
/// "UBND tỉnh tặng Bằng khen cho": the subject before the verb, at the end of the text before a group.
static BY_ACTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[,:;]\s*|[^\p{L}]có\s+)(\p{Lu}[^,:;.]{1,80}?)\s+(?:đã\s+|vừa\s+)?(?:trao\s+tặng|tặng|trao|khen\s+thưởng|biểu\s+dương|tuyên\s+dương)(?:$|[^\p{L}][^,;.]{0,40}?$)").unwrap()
});
/// "khen thưởng cấp tỉnh".
static BY_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)khen\s+thưởng\s+(cấp\s+(?:trung\s+ương|tỉnh|thành\s+phố|huyện|xã|cơ\s+sở|bộ|ngành))",
    )
    .unwrap()
});

/// How far from a group of counts its year, kind and awarding body are looked for.
const MAX_WINDOW_BYTES: usize = 600;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Collectives,
    Individuals,
    Combined,
}

#[derive(Debug, Clone, Copy)]
struct Mention {
    start: usize,
    end: usize,
    count: u64,
    who: Who,
}

/// Every award statement in `text`. Only paragraphs (lines) that name collectives or
/// individuals are split into sentences; a year carries from sentence to sentence within one.
pub fn find(text: &str) -> Vec<Award> {
    let bytes = text.as_bytes();
    // Every people word of the text (they cannot overlap, so none is missed).
    let people: Vec<(usize, usize)> = PEOPLE_ANY
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut awards = Vec::new();
    let mut next_line = 0;
    for &(at, _) in &people {
        if at < next_line {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        next_line = end;
        let line = &text[start..end];
        let mut last_year: Option<i32> = None;
        for s in sentences::split_para(line, start, 0) {
            let sentence = s.text(text);
            // A statement names people, and counts them in ASCII digits (others do not parse).
            let names_people = people.iter().any(|&(a, b)| a >= s.start && b <= s.end);
            if !names_people || !sentence.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let found = in_sentence(sentence, s.start, last_year);
            if let Some(a) = found.last() {
                last_year = a.year;
            }
            awards.extend(found);
        }
    }
    awards
}

/// "tập thể" or "cá nhân", in three common casings (a literal search).
static PEOPLE_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("tập thể|cá nhân|Tập thể|Cá nhân|TẬP THỂ|CÁ NHÂN").unwrap());

fn in_sentence(sentence: &str, base: usize, inherited: Option<i32>) -> Vec<Award> {
    let span = Span {
        start: base,
        end: base + sentence.len(),
    };
    let mut out = Vec::new();
    for clause in clauses(sentence) {
        let mentions = mentions(clause);
        let groups = group(clause, &mentions);
        for (i, g) in groups.iter().enumerate() {
            let prev_end = if i == 0 {
                0
            } else {
                groups[i - 1].last().unwrap().end
            };
            let next_start = groups.get(i + 1).map_or(clause.len(), |n| n[0].start);
            let before = tail(&clause[prev_end..g[0].start], MAX_WINDOW_BYTES);
            let after = head(&clause[g.last().unwrap().end..next_start], MAX_WINDOW_BYTES);
            if TOOK_PART.is_match(after)
                || !(AWARD_WORD.is_match(after) || AWARD_WORD.is_match(before))
            {
                continue;
            }
            let mut a = Award {
                span,
                ..Award::default()
            };
            for m in g.iter() {
                let slot = match m.who {
                    Who::Collectives => &mut a.collectives,
                    Who::Individuals => &mut a.individuals,
                    Who::Combined => &mut a.combined,
                };
                slot.get_or_insert(m.count);
            }
            let at = clause.as_ptr() as usize - sentence.as_ptr() as usize + g[0].start;
            a.year = year_before(tail(&sentence[..at], MAX_WINDOW_BYTES))
                .or_else(|| year_in(after))
                .or(inherited);
            a.kind = kind(after).or_else(|| kind(before));
            a.by = by(before, after);
            out.push(a);
        }
    }
    out
}

/// Split a sentence at ';', but keep a short piece with no award word of its own on the
/// piece before it: "khen thưởng cho 20 tập thể; 30 cá nhân" is one statement.
fn clauses(sentence: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    for piece in sentence.split(';') {
        let end = start + piece.len();
        match out.last_mut() {
            Some(last)
                if piece.split_whitespace().nth(6).is_none() && !AWARD_WORD.is_match(piece) =>
            {
                let from = end - piece.len() - last.len() - 1;
                *last = &sentence[from..end];
            }
            _ => out.push(piece),
        }
        start = end + 1;
    }
    out
}

fn mentions(clause: &str) -> Vec<Mention> {
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

/// Mentions joined only by "," / "và" (and a few words) form one statement.
/// Each group is a run of consecutive mentions.
fn group<'m>(clause: &str, ms: &'m [Mention]) -> Vec<&'m [Mention]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for (i, m) in ms.iter().enumerate().skip(1) {
        let g = &ms[start..i];
        let prev = g[g.len() - 1];
        let joins =
            !g.iter().any(|x| x.who == m.who || x.who == Who::Combined) && m.who != Who::Combined;
        if !(joins && m.start >= prev.end && joined(&clause[prev.end..m.start])) {
            groups.push(g);
            start = i;
        }
    }
    if start < ms.len() {
        groups.push(&ms[start..]);
    }
    groups
}

/// True when the text between two mentions only joins them: "437 tập thể xuất sắc và 1.743 cá nhân".
fn joined(between: &str) -> bool {
    let parens = parentheses(between);
    let outside: std::borrow::Cow<str> = match parens.is_empty() {
        true => between.into(),
        false => between
            .char_indices()
            .filter(|(i, _)| !parens.iter().any(|p| p.contains(i)))
            .map(|(_, c)| c)
            .collect::<String>()
            .into(),
    };
    let between = &*outside;
    // Award words and "took part" phrases have four letters or more.
    let words_possible = between
        .chars()
        .filter(|&c| chars::is_alphabetic(c))
        .nth(3)
        .is_some();
    between.split_whitespace().nth(5).is_none()
        && !between.contains(|c: char| c.is_ascii_digit() || c == '.' || c == ':')
        && !between.contains("được")
        && !(words_possible && (AWARD_WORD.is_match(between) || TOOK_PART.is_match(between)))
}

/// Byte ranges inside parentheses (inclusive of the marks); an unclosed one runs to the end.
fn parentheses(s: &str) -> Vec<std::ops::Range<usize>> {
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

// Both read a year only when the text has one in ASCII digits (others do not parse).
fn year_before(text: &str) -> Option<i32> {
    if !has_year(text) {
        return None;
    }
    YEAR.find_iter(text)
        .map(|m| read_year(m.as_str()))
        .filter(|&(plain, _)| plain)
        .last()
        .and_then(|(_, year)| year.parse().ok())
}

fn year_in(text: &str) -> Option<i32> {
    if !has_year(text) {
        return None;
    }
    YEAR.find_iter(text)
        .map(|m| read_year(m.as_str()))
        .find(|&(plain, _)| plain)
        .and_then(|(_, year)| year.parse().ok())
}

/// A YEAR match read off its text rather than asked of the regex engine: whether it is a
/// plain "năm 2019" (no "từ" before, no range mark after), and the year's four characters.
/// A match is a boundary character unless it starts with a letter, "từ" and spaces
/// (group 1), "năm" and spaces, the year (group 2), then a boundary character and, last,
/// a range mark (group 3).
fn read_year(t: &str) -> (bool, &str) {
    let body = match t.chars().next() {
        Some(c) if !matches!(c, 't' | 'T' | 'n' | 'N') => &t[c.len_utf8()..],
        _ => t,
    };
    let from = body.starts_with(['t', 'T']);
    let nam = if from { after_word(body, 2) } else { body };
    let year = after_word(nam, 3);
    let end = year.char_indices().nth(4).map_or(year.len(), |(i, _)| i);
    let plain = !from && year[end..].chars().nth(1).is_none();
    (plain, &year[..end])
}

/// `s` after its first `letters` characters and the spaces that follow them.
fn after_word(s: &str, letters: usize) -> &str {
    let at = s.char_indices().nth(letters).map_or(s.len(), |(i, _)| i);
    s[at..].trim_start()
}

/// Kinds that are verbs rather than named awards; reported in lower case.
const GENERIC_KINDS: [&str; 5] = [
    "biểu dương",
    "tuyên dương",
    "vinh danh",
    "tôn vinh",
    "khen thưởng",
];

fn kind(window: &str) -> Option<String> {
    let mut specific: Vec<String> = Vec::new();
    let mut generic = None;
    for m in KIND.find_iter(window) {
        let k = canonical_kind(m.as_str());
        if GENERIC_KINDS.contains(&k.as_str()) {
            generic.get_or_insert(k);
        } else if !specific.contains(&k) {
            specific.push(k);
        }
    }
    if specific.is_empty() {
        generic
    } else {
        Some(specific.join(", "))
    }
}

/// "giấy  khen" → "Giấy khen"; generic verbs stay lower case. The first two words are
/// the literal words of a KIND alternative and are lower-cased (char by char, which is
/// exact for them); later ones stay as written. Generic verbs are exactly two words.
fn canonical_kind(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut words = 0;
    for (i, w) in s.split_whitespace().enumerate() {
        words += 1;
        if i > 0 {
            out.push(' ');
        }
        match i {
            0 | 1 => w.chars().for_each(|c| chars::push_lower(c, &mut out)),
            _ => out.push_str(w),
        }
    }
    if words == 2 && GENERIC_KINDS.contains(&out.as_str()) {
        return out;
    }
    // A named award starts with a capital.
    if let Some(first) = s.trim_start().chars().next() {
        let lower_len: usize = chars::lowercase(first).map(char::len_utf8).sum();
        out.replace_range(..lower_len, &first.to_uppercase().collect::<String>());
    }
    out
}

fn by(before: &str, after: &str) -> Option<String> {
    let found = by_passive(after)
        .or_else(|| group_if(&BY_OF, after, &["của"]))
        .or_else(|| group_if(&BY_ACTIVE, before, &["tặng", "trao", "khen", "dương"]))
        .or_else(|| group_if(&BY_OF, before, &["của"]))
        .or_else(|| group_if(&BY_LEVEL, after, &["ấ", "Ấ"]))
        .map(|g| g.trim().trim_end_matches(',').trim().to_string());
    found.filter(|b| {
        !b.is_empty()
            && b.split_whitespace().nth(12).is_none()
            && !b.bytes().any(|c| c.is_ascii_digit())
    })
}

/// `re.captures(text)`, skipped when `text` has none of `words`, one of which every match
/// of `re` contains: "của" in BY_OF, a verb in BY_ACTIVE (both case-sensitive there), the
/// "ấ" of "cấp" in either case in BY_LEVEL.
fn group_if<'t>(re: &Regex, text: &'t str, words: &[&str]) -> Option<&'t str> {
    if !words.iter().any(|w| text.contains(w)) {
        return None;
    }
    Some(re.captures(text)?.get(1)?.as_str())
}

/// BY_PASSIVE's group, without asking the regex engine for it (slow on that regex's large
/// automaton). A match is "được", spaces, then the group: a capital and at least one more
/// character, as few as can be followed by spaces and a verb. So the group ends where the
/// first such verb after its second character starts.
fn by_passive(after: &str) -> Option<&str> {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s+(?:trao\s+tặng|tặng|trao|khen\s+thưởng|biểu\s+dương|tuyên\s+dương|vinh\s+danh|công\s+nhận)").unwrap()
    });
    let t = BY_PASSIVE.find(after)?.as_str();
    let group = t.len() - t["được".len()..].trim_start().len();
    let mut first_two = t[group..].char_indices().skip(2).map(|(i, _)| i);
    let from = group + first_two.next().unwrap_or(t.len() - group);
    Some(&t[group..from + VERB.find(&t[from..])?.start()])
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

    /// canonical_kind as it was written first (two passes, `str::to_lowercase`).
    fn canonical_kind_before(s: &str) -> String {
        let words: Vec<&str> = s.split_whitespace().collect();
        let lower = words.join(" ").to_lowercase();
        if GENERIC_KINDS.contains(&lower.as_str()) {
            return lower;
        }
        let mut out = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let mut cs = w.chars();
            match (i, cs.next()) {
                (0, Some(c)) => {
                    out.extend(c.to_uppercase());
                    out.push_str(&cs.as_str().to_lowercase());
                }
                (1, _) => out.push_str(&w.to_lowercase()),
                _ => out.push_str(w),
            }
        }
        out
    }

    fn by_words() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "được ",
            "UBND tỉnh ",
            "Thủ tướng ",
            "của ",
            "CỦA ",
            "Của ",
            "tặng ",
            "TẶNG ",
            "trao ",
            "khen thưởng ",
            "KHEN THƯỞNG ",
            "biểu dương ",
            "tuyên dương ",
            "Bằng khen ",
            "giấy khen ",
            "huân chương Lao động ",
            "cấp tỉnh",
            "CẤP HUYỆN",
            "Cấp xã",
            "vì ",
            ", ",
            ". ",
            "; ",
            "(",
            "có ",
            "Ban Thường vụ ",
            "đã ",
            "5 ",
        ]);
        prop::collection::vec(piece, 0..14).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn kinds_are_written_as_before(words in prop::collection::vec(prop::sample::select(vec![
            "bằng", "BẰNG", "Bằng", "khen", "KHEN", "biểu", "Biểu", "dương", "DƯƠNG", "huân",
            "chương", "Lao", "động", "hạng", "Ba", "ΣΑΣ", "İ", "ß", "tôn", "vinh", "thưởng", "x",
        ]), 1..8), gap in prop::sample::select(vec![" ", "  ", "\u{a0}"])) {
            let text = words.join(gap);
            for kind in KIND.find_iter(&text).map(|m| m.as_str()) {
                prop_assert_eq!(canonical_kind(kind), canonical_kind_before(kind));
            }
        }

        #[test]
        fn joined_skips_only_regexes_that_cannot_match(between in prop::collection::vec(prop::sample::select(vec![
            " ", "và", "khen", "KHEN", "dự thi", "tham gia", "(", ")", "x", "ở", "cùng", "Kh", "en", ",",
        ]), 0..6).prop_map(|v| v.concat())) {
            let parens = parentheses(&between);
            let outside: String = between
                .char_indices()
                .filter(|(i, _)| !parens.iter().any(|p| p.contains(i)))
                .map(|(_, c)| c)
                .collect();
            let b = outside.as_str();
            let unguarded = b.split_whitespace().nth(5).is_none()
                && !b.contains(|c: char| c.is_ascii_digit() || c == '.' || c == ':')
                && !b.contains("được")
                && !AWARD_WORD.is_match(b)
                && !TOOK_PART.is_match(b);
            prop_assert_eq!(joined(&between), unguarded);
        }

        #[test]
        fn years_read_as_the_regex_groups_say(text in prop::collection::vec(prop::sample::select(vec![
            "năm", "NĂM", "Năm", "từ", "TỪ", "Từ", " ", "  ", "\u{a0}", "2019", "1999", "20١9", "205",
            "-", "–", "đến", "ĐẾN", ",", "x", "5", "(", "ă",
        ]), 0..14).prop_map(|v| v.concat())) {
            let read: Vec<_> = YEAR.find_iter(&text).map(|m| read_year(m.as_str())).collect();
            let groups: Vec<_> = YEAR
                .captures_iter(&text)
                .map(|c| (c.get(1).is_none() && c.get(3).is_none(), c.get(2).unwrap().as_str()))
                .collect();
            prop_assert_eq!(read, groups);
        }

        #[test]
        fn passive_body_is_the_regex_group(text in prop::collection::vec(prop::sample::select(vec![
            "được", " ", "  ", "\u{a0}", "A", "UBND", "tỉnh", "X;", ".", "trao", "tặng", "trao tặng",
            "khen", "thưởng", "khen thưởng", "công nhận", "Đ", "ÊÊÊÊÊÊÊÊÊÊÊÊÊÊÊÊÊÊÊÊ", "x",
        ]), 0..30).prop_map(|v| v.concat())) {
            let want = BY_PASSIVE.captures(&text).map(|c| c.get(1).unwrap().as_str());
            prop_assert_eq!(by_passive(&text), want);
        }

        #[test]
        fn awarding_body_skips_only_regexes_that_cannot_match(before in by_words(), after in by_words()) {
            let unguarded = BY_PASSIVE
                .captures(&after)
                .or_else(|| BY_OF.captures(&after))
                .or_else(|| BY_ACTIVE.captures(&before))
                .or_else(|| BY_OF.captures(&before))
                .or_else(|| BY_LEVEL.captures(&after))
                .map(|c| c[1].trim().trim_end_matches(',').trim().to_string())
                .filter(|b| !b.is_empty() && b.split_whitespace().count() <= 12 && !b.chars().any(|c| c.is_ascii_digit()));
            prop_assert_eq!(by(&before, &after), unguarded);
        }

        #[test]
        fn mentions_read_as_the_regex_groups_say(text in pieces()) {
            let fast: Vec<_> = MENTION.find_iter(&text).map(read_mention).collect();
            let slow: Vec<_> = MENTION.captures_iter(&text).map(|c| mention_by_groups(&c)).collect();
            let key = |m: &Option<Mention>| m.map(|m| (m.start, m.end, m.count, m.who));
            prop_assert_eq!(fast.iter().map(key).collect::<Vec<_>>(), slow.iter().map(key).collect::<Vec<_>>());
        }
    }

    type Row = (Option<u64>, Option<u64>, Option<u64>, Option<i32>);

    fn awards(t: &str) -> Vec<Row> {
        find(t)
            .iter()
            .map(|a| (a.collectives, a.individuals, a.combined, a.year))
            .collect()
    }

    #[test]
    fn phrasings() {
        assert_eq!(
            awards("UBND tỉnh khen thưởng 20 tập thể, 30 cá nhân."),
            [(Some(20), Some(30), None, None)]
        );
        assert_eq!(
            awards("Tặng Bằng khen cho 2 tập thể, 4 cá nhân năm 2021."),
            [(Some(2), Some(4), None, Some(2021))]
        );
        assert_eq!(
            awards("Có 01 tập thể được tặng Cờ thi đua."),
            [(Some(1), None, None, None)]
        );
        assert_eq!(
            awards("Năm 2023 có 1.120 lượt tập thể, cá nhân được khen thưởng."),
            [(None, None, Some(1120), Some(2023))]
        );
    }

    #[test]
    fn lists_across_semicolons_and_asides_in_parentheses() {
        assert_eq!(
            awards("Huyện khen thưởng cho 20 tập thể; 30 cá nhân."),
            [(Some(20), Some(30), None, None)]
        );
        assert_eq!(
            awards("Tỉnh khen thưởng 30 tập thể (trong đó 10 tập thể cấp xã) và 50 cá nhân."),
            [(Some(30), Some(50), None, None)]
        );
        assert_eq!(
            awards(
                "Có 2 tập thể được tặng Cờ thi đua, 5 tập thể và 10 cá nhân được tặng Bằng khen."
            ),
            [(Some(2), None, None, None), (Some(5), Some(10), None, None)]
        );
    }

    #[test]
    fn participants_and_prizes_are_not_awards() {
        assert!(awards("Hội thi có 1.200 cá nhân tham gia.").is_empty());
        assert!(awards("Có 300 cá nhân tham gia, được biểu dương.").is_empty());
        assert!(awards("Ban tổ chức trao 10 giải cho các đội.").is_empty());
        assert!(awards("Nhiều tập thể, cá nhân được khen thưởng.").is_empty());
        assert!(awards("Ban tổ chức trao giải cho 5 tập thể, 10 cá nhân.").is_empty());
        assert!(awards("Có 25 cá nhân đạt giải, được biểu dương.").is_empty());
    }

    #[test]
    fn year_carries_into_the_next_sentence_of_a_paragraph() {
        let t = "Kết quả năm 2009, có 3.150 tập thể, cá nhân được biểu dương. Trong đó có 437 tập thể và 1.743 cá nhân được tặng Bằng khen; có 50 tập thể và 251 cá nhân được UBND tỉnh khen thưởng.";
        assert_eq!(
            awards(t),
            [
                (None, None, Some(3150), Some(2009)),
                (Some(437), Some(1743), None, Some(2009)),
                (Some(50), Some(251), None, Some(2009))
            ]
        );
        assert_eq!(
            awards("Từ năm 2016 đến nay có 4 tập thể được khen thưởng."),
            [(Some(4), None, None, None)]
        );
    }

    #[test]
    fn by_and_kind() {
        let t = "Năm 2022, tỉnh có 2 cá nhân được Thủ tướng Chính phủ tặng bằng khen.";
        let a = &find(t)[0];
        assert_eq!(a.by.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(a.kind.as_deref(), Some("Bằng khen"));
        let t = "Dịp này, Ban Thường vụ Tỉnh ủy đã tặng Giấy khen cho 5 tập thể.";
        let a = &find(t)[0];
        assert_eq!(a.by.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
        assert_eq!(a.kind.as_deref(), Some("Giấy khen"));
        let t = "Có 3 tập thể được tặng Huân chương Lao động hạng Ba.";
        let a = &find(t)[0];
        assert_eq!(a.kind.as_deref(), Some("Huân chương Lao động hạng Ba"));
    }
}
