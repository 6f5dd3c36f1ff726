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
mod breakdown;
mod kind;
mod mention;
mod traps;
mod year;

use crate::text::chars;
use crate::text::intern::intern;
pub(crate) use traps::is_caption;
use traps::{AWARD_WORD, TOOK_PART};

/// How far from a group of counts its year, kind and awarding body are looked for.
const MAX_WINDOW_BYTES: usize = 600;

/// "tập thể" or "cá nhân", in three common casings (a literal search).
static PEOPLE_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("tập thể|cá nhân|Tập thể|Cá nhân|TẬP THỂ|CÁ NHÂN").unwrap());

/// Every award statement of an article whose headline is `title` (the headline itself is
/// no statement). Lines are paragraphs; a year carries from sentence to sentence within
/// one; breakdowns point at their totals (`within`).
pub fn find(text: &str, title: &str) -> Vec<Award> {
    let bytes = text.as_bytes();
    let people: Vec<usize> = PEOPLE_ANY.find_iter(text).map(|m| m.start()).collect();
    let mut f = Finder::default();
    let mut next_person = 0;
    let mut start = 0;
    while start <= bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &text[start..end];
        let trimmed = line.trim();
        while next_person < people.len() && people[next_person] < start {
            next_person += 1;
        }
        let names_people = people.get(next_person).is_some_and(|&p| p < end);
        if !trimmed.is_empty() {
            f.line(text, start, line, trimmed, names_people, title);
        }
        start = end + 1;
    }
    drop_repeated_captions(f.awards, &f.from_captions)
}

/// What the walk over an article's lines carries from line to line.
#[derive(Default)]
struct Finder {
    awards: Vec<Award>,
    /// For each award, whether its line reads like a caption or headline (no sentence end).
    from_captions: Vec<bool>,
    /// Inside a list of other articles ("Tin liên quan" and the links under it).
    related: bool,
    /// The total a "cụ thể:" list breaks down, while its items follow.
    list_total: Option<usize>,
    /// The awards of the previous non-empty line: a paragraph opening with "Trong đó"
    /// breaks down the last of them.
    previous_line: std::ops::Range<usize>,
}

impl Finder {
    fn line(
        &mut self,
        text: &str,
        start: usize,
        line: &str,
        trimmed: &str,
        names_people: bool,
        title: &str,
    ) {
        let first = self.awards.len();
        if traps::is_related_label(trimmed) {
            self.related = true;
        } else if self.related && !traps::is_paragraph(trimmed) {
            // a link to another article
        } else {
            self.related = false;
            let is_title = !title.is_empty() && trimmed.starts_with(title);
            if names_people && !is_title && !traps::is_caption(trimmed) {
                self.statements(text, start, line, trimmed);
            }
        }
        let found = first..self.awards.len();
        let sentence_like = traps::is_paragraph(trimmed);
        self.from_captions.resize(self.awards.len(), !sentence_like);
        // A line that ends with ':' after a statement opens a list of its parts.
        if trimmed.ends_with(':') && !found.is_empty() {
            self.list_total = Some(found.end - 1);
        } else if !breakdown::is_list_item(trimmed) {
            self.list_total = None;
        }
        self.previous_line = found;
    }

    fn statements(&mut self, text: &str, start: usize, line: &str, trimmed: &str) {
        let mut year: Option<i32> = None;
        let list_total = self.list_total.filter(|_| breakdown::is_list_item(trimmed));
        for (n, s) in sentences::split_para(line, start, 0).iter().enumerate() {
            let sentence = s.text(text);
            // The total this sentence breaks down, if it opens as a breakdown.
            let total = match n {
                0 if list_total.is_some() => list_total,
                0 if breakdown::opens(sentence) => self.previous_line.clone().last(),
                _ if breakdown::opens(sentence) => self.awards.len().checked_sub(1),
                _ => None,
            };
            let before = self.awards.len();
            self.sentence(sentence, s.start, year, total);
            if self.awards.len() > before {
                year = self.awards.last().and_then(|a| a.year);
            }
        }
    }

    /// The statements of one sentence; `total` is the award the sentence breaks down.
    fn sentence(
        &mut self,
        sentence: &str,
        base: usize,
        inherited: Option<i32>,
        total: Option<usize>,
    ) {
        let span = Span {
            start: base,
            end: base + sentence.len(),
        };
        let first = self.awards.len();
        let mut total = total;
        for clause in clauses(sentence) {
            let all = mentions(clause);
            let plain: Vec<Mention> = all.iter().filter(|m| !m.paren).copied().collect();
            let groups = group(clause, &plain);
            let clause_at = clause.as_ptr() as usize - sentence.as_ptr() as usize;
            for (i, g) in groups.iter().enumerate() {
                let prev_end = if i == 0 {
                    0
                } else {
                    groups[i - 1].last().unwrap().end
                };
                let next_start = groups.get(i + 1).map_or(clause.len(), |n| n[0].start);
                let between = &clause[prev_end..g[0].start];
                let before = tail(between, MAX_WINDOW_BYTES);
                let after = head(&clause[g.last().unwrap().end..next_start], MAX_WINDOW_BYTES);
                // "…, trong đó có 40 tập thể": a breakdown of the statement just made.
                if breakdown::leads(between) && self.awards.len() > first {
                    total = Some(self.awards.len() - 1);
                }
                if traps::not_an_award(breakdown::after_lead(between), after) {
                    continue;
                }
                let parent = total.filter(|&t| t < self.awards.len());
                let awarded = AWARD_WORD.is_match(after) || AWARD_WORD.is_match(before);
                if !awarded && parent.is_none() {
                    continue;
                }
                let at = clause_at + g[0].start;
                let mut a = statement(g, span);
                a.year = year_before(tail(&sentence[..at], MAX_WINDOW_BYTES))
                    .or_else(|| year_in(after))
                    .or(inherited);
                a.kind = kind(after).or_else(|| kind(before)).map(|k| intern(&k));
                a.by = by(before.trim_start(), after).map(|b| intern(&b));
                self.push(a, parent);
                // Counts in parentheses right after the group break it down.
                let index = self.awards.len() - 1;
                let reach = g.last().unwrap().end..next_start;
                self.parenthesised(clause, &all, g[0].start..reach.end, index, span);
            }
        }
    }

    fn parenthesised(
        &mut self,
        clause: &str,
        all: &[Mention],
        reach: std::ops::Range<usize>,
        total: usize,
        span: Span,
    ) {
        for p in parentheses(clause) {
            if !reach.contains(&p.start) || !breakdown::paren_breaks_down(&clause[p.clone()]) {
                continue;
            }
            let inside: Vec<Mention> = all
                .iter()
                .filter(|m| m.paren && p.contains(&m.start))
                .copied()
                .collect();
            for g in group(clause, &inside) {
                let mut a = statement(g, span);
                let window = &clause[p.clone()];
                a.kind = kind(window).map(|k| intern(&k));
                let end = g.last().map_or(g[0].end, |m| m.end);
                a.by = by(&clause[p.start..g[0].start], &clause[end..p.end]).map(|b| intern(&b));
                self.push(a, Some(total));
            }
        }
    }

    /// Add a statement; a breakdown that fits its total points at it and takes its year.
    fn push(&mut self, mut a: Award, total: Option<usize>) {
        if let Some(t) = total.filter(|&t| breakdown::fits(&a, &self.awards[t])) {
            a.within = Some(t as u32);
            a.year = a.year.or(self.awards[t].year);
        }
        self.awards.push(a);
    }
}

/// An award with the counts of one group of mentions.
fn statement(g: &[Mention], span: Span) -> Award {
    let mut a = Award {
        span,
        ..Award::default()
    };
    for m in g {
        let slot = match m.who {
            Who::Collectives => &mut a.collectives,
            Who::Individuals => &mut a.individuals,
            Who::Combined => &mut a.combined,
        };
        // Saturated: see `Award`.
        slot.get_or_insert(u32::try_from(m.count).unwrap_or(u32::MAX));
    }
    a
}

/// A caption or headline that repeats the counts of a statement made in the text adds
/// nothing: drop it, and renumber the breakdown links.
fn drop_repeated_captions(awards: Vec<Award>, from_captions: &[bool]) -> Vec<Award> {
    let key = |a: &Award| (a.collectives, a.individuals, a.combined);
    let drop: Vec<bool> = (0..awards.len())
        .map(|i| {
            from_captions[i]
                && awards
                    .iter()
                    .enumerate()
                    .any(|(j, b)| j != i && !from_captions[j] && key(b) == key(&awards[i]))
        })
        .collect();
    if !drop.contains(&true) {
        return awards;
    }
    let mut new_index = vec![None; awards.len()];
    let mut kept = 0;
    for (i, d) in drop.iter().enumerate() {
        if !d {
            new_index[i] = Some(kept as u32);
            kept += 1;
        }
    }
    awards
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(mut a, _)| {
            a.within = a.within.and_then(|w| new_index[w as usize]);
            a
        })
        .collect()
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
        let between = &clause[prev.end.min(m.start)..m.start];
        if !(joins
            && m.start >= prev.end
            && joined(between)
            && !breakdown::leads(&outside_parens(between))
            && !traps::not_an_award(between, ""))
        {
            groups.push(g);
            start = i;
        }
    }
    if start < ms.len() {
        groups.push(&ms[start..]);
    }
    groups
}

/// `s` without what stands in parentheses.
fn outside_parens(s: &str) -> std::borrow::Cow<'_, str> {
    let parens = parentheses(s);
    match parens.is_empty() {
        true => s.into(),
        false => s
            .char_indices()
            .filter(|(i, _)| !parens.iter().any(|p| p.contains(i)))
            .map(|(_, c)| c)
            .collect::<String>()
            .into(),
    }
}

/// True when the text between two mentions only joins them: "437 tập thể xuất sắc và 1.743 cá nhân".
fn joined(between: &str) -> bool {
    let outside = outside_parens(between);
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

    type Row = (Option<u32>, Option<u32>, Option<u32>, Option<i32>);

    fn awards(t: &str) -> Vec<Row> {
        find(t, "")
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
            awards(
                "Có 2 tập thể được tặng Cờ thi đua, 5 tập thể và 10 cá nhân được tặng Bằng khen."
            ),
            [(Some(2), None, None, None), (Some(5), Some(10), None, None)]
        );
        let t = "Tỉnh khen thưởng 30 tập thể (tăng 5 tập thể so với năm trước) và 50 cá nhân.";
        assert_eq!(awards(t), [(Some(30), Some(50), None, None)]);
    }

    type Linked = (Option<u32>, Option<u32>, Option<u32>, Option<u32>);

    fn links(t: &str) -> Vec<Linked> {
        find(t, "")
            .iter()
            .map(|a| (a.collectives, a.individuals, a.combined, a.within))
            .collect()
    }

    #[test]
    fn breakdowns_point_at_their_total() {
        let t = "Năm 2023, có 120 tập thể, cá nhân được khen thưởng, trong đó có 40 tập thể và 80 cá nhân được tặng Giấy khen.";
        assert_eq!(
            links(t),
            [
                (None, None, Some(120), None),
                (Some(40), Some(80), None, Some(0))
            ]
        );
        assert_eq!(find(t, "")[1].year, Some(2023));
        let t = "Tỉnh khen thưởng 30 tập thể (trong đó 10 tập thể cấp xã) và 50 cá nhân.";
        assert_eq!(
            links(t),
            [
                (Some(30), Some(50), None, None),
                (Some(10), None, None, Some(0))
            ]
        );
        let t = "UBND tỉnh khen thưởng 50 tập thể, cá nhân (20 tập thể, 30 cá nhân).";
        assert_eq!(
            links(t),
            [
                (None, None, Some(50), None),
                (Some(20), Some(30), None, Some(0))
            ]
        );
        // A paragraph that opens with "Trong đó" breaks down the paragraph before.
        let t = "Năm 2021, toàn tỉnh khen thưởng 500 tập thể, cá nhân.\nTrong đó, 100 tập thể và 200 cá nhân cấp xã.";
        assert_eq!(
            links(t),
            [
                (None, None, Some(500), None),
                (Some(100), Some(200), None, Some(0))
            ]
        );
        // Nested: a breakdown's own parenthesis points at the breakdown.
        let t = "Có 300 tập thể, cá nhân được khen thưởng. Trong đó, UBND tỉnh tặng Bằng khen cho 30 tập thể (gồm 10 tập thể cấp xã), 70 cá nhân; Chủ tịch UBND huyện tặng Giấy khen cho 50 tập thể.";
        assert_eq!(
            links(t),
            [
                (None, None, Some(300), None),
                (Some(30), Some(70), None, Some(0)),
                (Some(10), None, None, Some(1)),
                (Some(50), None, None, Some(0)),
            ]
        );
        // Parts larger than the total are no breakdown.
        let t = "Có 20 cá nhân được khen. Trong đó có 400 cá nhân được biểu dương.";
        assert_eq!(
            links(t),
            [(None, Some(20), None, None), (None, Some(400), None, None)]
        );
    }

    #[test]
    fn a_list_of_parts_after_a_colon() {
        let t = "Dịp này, UBND tỉnh khen thưởng 45 tập thể, cá nhân, cụ thể:\n- 15 tập thể;\n- 30 cá nhân.\nNăm sau, tỉnh khen thưởng 9 tập thể.";
        assert_eq!(
            links(t),
            [
                (None, None, Some(45), None),
                (Some(15), None, None, Some(0)),
                (None, Some(30), None, Some(0)),
                (Some(9), None, None, None),
            ]
        );
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(
            awards("Dịp này, hai tập thể và ba cá nhân được tặng Giấy khen."),
            [(Some(2), Some(3), None, None)]
        );
        assert_eq!(awards("Một số tập thể, các cá nhân được khen thưởng."), []);
        assert_eq!(awards("Hàng trăm lượt cá nhân được biểu dương."), []);
    }

    #[test]
    fn traps_are_not_awards() {
        assert_eq!(
            awards("Năm 2025, tỉnh phấn đấu có 100 tập thể được khen thưởng."),
            []
        );
        assert_eq!(awards("Chỉ tiêu khen thưởng 50 tập thể, 80 cá nhân."), []);
        assert_eq!(awards("Dự kiến sẽ khen thưởng 20 tập thể."), []);
        assert_eq!(
            awards("Có 3 cá nhân bị kỷ luật, 2 tập thể bị phê bình và khiển trách."),
            []
        );
        assert_eq!(
            awards("Có 200 tập thể, 500 cá nhân đăng ký làm theo, được biểu dương."),
            []
        );
        assert_eq!(
            awards("Tỉnh chọn 10 cá nhân tiêu biểu tham dự Hội nghị biểu dương toàn quốc."),
            []
        );
        assert_eq!(
            awards("Khen thưởng 20 tập thể; kỷ luật 2 cá nhân."),
            [(Some(20), None, None, None)]
        );
    }

    #[test]
    fn captions_headlines_and_related_articles() {
        let title = "Long An khen thưởng 50 tập thể và 100 cá nhân";
        let t = format!(
            "{title}\nLãnh đạo tỉnh trao Bằng khen cho 5 tập thể. Ảnh: T.L\nChủ tịch UBND tỉnh trao bằng khen cho 20 tập thể, 30 cá nhân\nNăm 2022, UBND tỉnh khen thưởng 20 tập thể, 30 cá nhân có thành tích.\nTin liên quan\nBến Tre tuyên dương 10 tập thể, 12 cá nhân\nĐồng Tháp biểu dương 7 tập thể"
        );
        let found: Vec<_> = find(&t, title)
            .iter()
            .map(|a| (a.collectives, a.individuals))
            .collect();
        assert_eq!(found, [(Some(20), Some(30))]);
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
        let a = &find(t, "")[0];
        assert_eq!(a.by.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(a.kind.as_deref(), Some("Bằng khen"));
        let t = "Dịp này, Ban Thường vụ Tỉnh ủy đã tặng Giấy khen cho 5 tập thể.";
        let a = &find(t, "")[0];
        assert_eq!(a.by.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
        assert_eq!(a.kind.as_deref(), Some("Giấy khen"));
        let t = "Có 3 tập thể được tặng Huân chương Lao động hạng Ba.";
        let a = &find(t, "")[0];
        assert_eq!(a.kind.as_deref(), Some("Huân chương Lao động hạng Ba"));
    }

    #[test]
    fn by_and_kind_are_shared() {
        let one = &find("Có 2 cá nhân được UBND tỉnh tặng Bằng khen.", "")[0];
        let two = &find("Năm 2020, 7 tập thể được UBND tỉnh tặng Bằng khen.", "")[0];
        assert!(std::sync::Arc::ptr_eq(
            one.by.as_ref().unwrap(),
            two.by.as_ref().unwrap()
        ));
        assert!(std::sync::Arc::ptr_eq(
            one.kind.as_ref().unwrap(),
            two.kind.as_ref().unwrap()
        ));
    }

    #[test]
    fn counts_above_u32_are_saturated() {
        assert_eq!(
            awards("Có 5.000.000.000 tập thể và 4.294.967.295 cá nhân được khen thưởng."),
            [(Some(u32::MAX), Some(u32::MAX), None, None)]
        );
        // The total of a statement is not cut down to u32 with its counts.
        let a = &find(
            "Có 4.000.000.000 tập thể và 4.000.000.000 cá nhân được khen thưởng.",
            "",
        )[0];
        assert_eq!(crate::awards::everyone(a), 8_000_000_000);
    }
}
