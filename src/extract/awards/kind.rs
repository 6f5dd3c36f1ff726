//! What was given: "Bằng khen", "Huân chương Lao động hạng Ba", or a verb ("biểu dương").

use std::sync::LazyLock;

use regex::Regex;

use crate::text::chars;

static KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)huân\s+chương(?:\s+\p{Lu}\p{L}*)*(?:\s+hạng\s+\p{L}+)?|huy\s+chương(?:\s+\p{Lu}\p{L}*)*|bằng\s+khen|giấy\s+khen|cờ\s+thi\s+đua|chiến\s+sĩ\s+thi\s+đua|biểu\s+dương|tuyên\s+dương|vinh\s+danh|tôn\s+vinh|khen\s+thưởng")
        .unwrap()
});

/// Kinds that are verbs rather than named awards; reported in lower case.
const GENERIC_KINDS: [&str; 5] = [
    "biểu dương",
    "tuyên dương",
    "vinh danh",
    "tôn vinh",
    "khen thưởng",
];

pub fn kind(window: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    }
}
