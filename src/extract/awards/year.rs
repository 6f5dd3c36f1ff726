//! The year an award statement is about: "năm 2019", not "từ năm 2016 đến nay".

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::numbers::has_year;

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}\p{N}])(từ\s+)?năm\s+((?:19|20)\d\d)(?:$|[^\p{L}\p{N}])(\s*(?:-|–|đến))?",
    )
    .unwrap()
});

// Both read a year only when the text has one in ASCII digits (others do not parse).
pub fn year_before(text: &str) -> Option<i32> {
    if !has_year(text) {
        return None;
    }
    YEAR.find_iter(text)
        .map(|m| read_year(m.as_str()))
        .filter(|&(plain, _)| plain)
        .last()
        .and_then(|(_, year)| year.parse().ok())
}

pub fn year_in(text: &str) -> Option<i32> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]
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

    }
}
