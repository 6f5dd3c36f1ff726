//! The awarding body or level: "UBND tỉnh", "Thủ tướng Chính phủ", "cấp huyện".

use std::sync::LazyLock;

use regex::Regex;

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

pub fn by(before: &str, after: &str) -> Option<String> {
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

    }
}
