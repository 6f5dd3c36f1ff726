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
/// The levels a commendation is given at: "cấp tỉnh", "cấp huyện" …
macro_rules! level {
    () => {
        r"cấp\s+(?:trên|trung\s+ương|tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|cơ\s+sở|bộ|ngành)"
    };
}
/// "khen thưởng cấp tỉnh", "Giấy khen cấp huyện", "biểu dương ở cấp xã", "khen thưởng các cấp (…".
static BY_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:khen\s+thưởng|khen|biểu\s+dương|tuyên\s+dương)\s+(?:ở\s+)?(",
        level!(),
        r")|(các\s+cấp)(?:\s*[,;.()]|\s*$)"
    ))
    .unwrap()
});
/// "được các cấp khen thưởng", "được cấp trên tặng": a level in the passive, lower case.
static BY_LEVEL_PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"được\s+(các\s+cấp(?:,?\s+các\s+ngành)?|",
        level!(),
        r")\s+(?:khen\s+thưởng|tặng|trao|biểu\s+dương|tuyên\s+dương)"
    ))
    .unwrap()
});
/// "cấp tỉnh khen thưởng 150 tập thể": a level as the subject, just before a group.
static BY_LEVEL_ACTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[^\p{L}])(",
        level!(),
        r")\s+(?:đã\s+|vừa\s+)?(?:trao\s+tặng|tặng|trao|khen\s+thưởng|biểu\s+dương|tuyên\s+dương)(?:$|[^\p{L}][^,;.]{0,40}?$)"
    ))
    .unwrap()
});
/// "Bằng khen do Chủ tịch UBND tỉnh trao tặng".
static BY_DO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}])(?:do|bởi)\s+(\p{Lu}[^,:;.]{1,80}?)\s+(?:trao\s+tặng|tặng|trao|khen\s+thưởng|ký|ban\s+hành|cấp)(?:$|[^\p{L}])").unwrap()
});

/// Words that end a subject without being part of the body: "Hội LHPN tỉnh cũng tặng".
const NOT_THE_BODY: [&str; 17] = [
    "cũng",
    "đã",
    "vừa",
    "còn",
    "đều",
    "lại",
    "sẽ",
    "mới",
    "đồng thời",
    "trực tiếp",
    "chính thức",
    "luôn",
    "quyết định",
    "ra",
    "ký",
    "xét",
    "ban hành",
];

pub fn by(before: &str, after: &str) -> Option<String> {
    let found = by_passive(after)
        .or_else(|| group_if(&BY_OF, after, &["của"]))
        .or_else(|| group_if(&BY_DO, after, &["do", "bởi"]))
        .or_else(|| group_if(&BY_ACTIVE, before, &["tặng", "trao", "khen", "dương"]))
        .or_else(|| group_if(&BY_LEVEL_ACTIVE, before, &["ấ", "Ấ"]))
        .or_else(|| group_if(&BY_OF, before, &["của"]))
        .or_else(|| group_if(&BY_DO, before, &["do", "bởi"]))
        .or_else(|| group_if(&BY_LEVEL_PASSIVE, after, &["ấ"]))
        .or_else(|| group_if(&BY_LEVEL, after, &["ấ", "Ấ"]))
        .or_else(|| group_if(&BY_LEVEL, before, &["ấ", "Ấ"]));
    found.and_then(tidy)
}

/// The body as written, without the adverbs and punctuation a match may end with.
fn tidy(found: &str) -> Option<String> {
    let mut b = found.trim();
    loop {
        let t = b.trim_end_matches([',', ':', ';', '-', '–', ' ']);
        let t = NOT_THE_BODY
            .iter()
            .find_map(|w| t.strip_suffix(w).filter(|r| r.ends_with(' ')))
            .unwrap_or(t);
        if t.len() == b.len() {
            break;
        }
        b = t;
    }
    (!b.is_empty()
        && b.split_whitespace().nth(12).is_none()
        && !b.bytes().any(|c| c.is_ascii_digit()))
    .then(|| b.to_string())
}

/// `re.captures(text)`, skipped when `text` has none of `words`, one of which every match
/// of `re` contains: "của" in BY_OF, a verb in BY_ACTIVE (both case-sensitive there), the
/// "ấ" of "cấp" in either case in BY_LEVEL.
fn group_if<'t>(re: &Regex, text: &'t str, words: &[&str]) -> Option<&'t str> {
    if !words.iter().any(|w| text.contains(w)) {
        return None;
    }
    Some(first_group(&re.captures(text)?)?.as_str())
}

/// The first group that took part in a match (a regex may have one per alternative).
fn first_group<'t>(c: &regex::Captures<'t>) -> Option<regex::Match<'t>> {
    c.iter().skip(1).flatten().next()
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

    #[test]
    fn bodies_in_every_voice() {
        let cases = [
            (
                "Ban Thường vụ Tỉnh ủy biểu dương ",
                " tiêu biểu.",
                Some("Ban Thường vụ Tỉnh ủy"),
            ),
            (
                "Thủ tướng Chính phủ tặng Bằng khen cho ",
                ".",
                Some("Thủ tướng Chính phủ"),
            ),
            (
                "Có ",
                " được Chủ tịch UBND tỉnh tặng Bằng khen.",
                Some("Chủ tịch UBND tỉnh"),
            ),
            ("", " được khen thưởng cấp tỉnh.", Some("cấp tỉnh")),
            (
                "Dịp này, Hội LHPN tỉnh cũng tặng Giấy khen cho ",
                ".",
                Some("Hội LHPN tỉnh"),
            ),
            (
                "Bằng khen của Thủ tướng Chính phủ: ",
                ";",
                Some("Thủ tướng Chính phủ"),
            ),
            (
                "Có ",
                " nhận Bằng khen do Bộ trưởng Bộ Công an trao tặng.",
                Some("Bộ trưởng Bộ Công an"),
            ),
            ("Tặng Giấy khen cấp huyện cho ", ".", Some("cấp huyện")),
            ("(trong đó cấp tỉnh khen thưởng ", ")", Some("cấp tỉnh")),
            (
                "Toàn tỉnh có ",
                " được khen thưởng các cấp (trong đó",
                Some("các cấp"),
            ),
            ("Có ", " được biểu dương các cấp ủy quan tâm.", None),
            ("Có ", " được khen thưởng.", None),
            (
                "Toàn tỉnh có ",
                " được các cấp khen thưởng.",
                Some("các cấp"),
            ),
            (
                "UBND tỉnh đã ra quyết định khen thưởng ",
                ".",
                Some("UBND tỉnh"),
            ),
            (
                "Chủ tịch UBND huyện xét tặng Giấy khen cho ",
                ".",
                Some("Chủ tịch UBND huyện"),
            ),
        ];
        for (before, after, want) in cases {
            assert_eq!(by(before, after).as_deref(), want, "{before}…{after}");
        }
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
            "do ",
            "cũng ",
            ": ",
            "Giấy khen cấp xã ",
            "các cấp ",
            "quyết định ",
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
                .or_else(|| BY_DO.captures(&after))
                .or_else(|| BY_ACTIVE.captures(&before))
                .or_else(|| BY_LEVEL_ACTIVE.captures(&before))
                .or_else(|| BY_OF.captures(&before))
                .or_else(|| BY_DO.captures(&before))
                .or_else(|| BY_LEVEL_PASSIVE.captures(&after))
                .or_else(|| BY_LEVEL.captures(&after))
                .or_else(|| BY_LEVEL.captures(&before))
                .and_then(|c| tidy(first_group(&c).unwrap().as_str()));
            prop_assert_eq!(by(&before, &after), unguarded);
        }

    }
}
