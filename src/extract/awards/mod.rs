//! Award statements: how many collectives (tập thể) and individuals (cá nhân) were
//! commended, in which year, by whom and with what.

use std::sync::LazyLock;

use regex::Regex;

use super::sentences::{self, head, tail};
use super::{Award, Span};
use body::by;
use kind::kind;
use mention::{mentions, parentheses, Mention, Who};
use year::{year_before, year_in};

mod body;
mod kind;
mod mention;
mod year;
use crate::text::chars;

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

/// How far from a group of counts its year, kind and awarding body are looked for.
const MAX_WINDOW_BYTES: usize = 600;

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]
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
