//! Codes of cited Party and State documents: 05-CT/TW, 101-QĐ/TW, 1234/QĐ-UBND, 43/2022/QH15 …

use std::sync::LazyLock;

use regex::Regex;

use crate::text::chars;

/// Party style "05-CT/TW", "51-NQ/TU", "10-NQ/ĐU"; State style "1234/QĐ-UBND",
/// "43/2022/QH15", "15/2019/NĐ-CP", "09/CT-TTg". Matched against one token.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
          \d{1,4}-\p{Lu}[\p{Lu}\p{Ll}]{0,5}(?:/\p{Lu}[\p{Lu}\d]{0,7}){1,2}
        |
          \d{1,5}(?:/(?:19|20)\d\d)?/\p{Lu}[\p{Lu}\p{Ll}\d]{0,7}(?:-\p{Lu}[\p{Lu}\p{Ll}\d]{0,9}){0,2}
        )$",
    )
    .unwrap()
});

/// Every document code cited in `text`, first-seen order, without repeats.
pub fn find(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut next = 0;
    for slash in memchr::memchr_iter(b'/', text.as_bytes()) {
        if slash < next {
            continue;
        }
        let (start, end) = token_around(text, slash);
        next = end;
        let code: String = text[start..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '–' { '-' } else { c })
            .collect();
        if CODE.is_match(&code) && is_code(&code) && !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// The code-like token around a '/': letters, digits, '/', '-' and a spaced dash ("08 - KH/TU").
fn token_around(text: &str, at: usize) -> (usize, usize) {
    let part = |c: char| chars::is_alphanumeric(c) || c == '/' || c == '-' || c == '–';
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev() {
        if part(c) {
            start = i;
        } else if c == ' '
            && (text[..i].trim_end().ends_with(['-', '–']) || text[start..].starts_with(['-', '–']))
        {
            continue;
        } else {
            break;
        }
    }
    let start = text[start..at]
        .find(chars::is_alphanumeric)
        .map_or(at, |o| start + o);
    let end = text[at..]
        .find(|c: char| !part(c))
        .map_or(text.len(), |o| at + o);
    let end = text[..end].trim_end_matches(['-', '–', '/']).len().max(at);
    (start, end)
}

/// A code needs an upper-case letter part that is not a lone Roman numeral or unit.
fn is_code(code: &str) -> bool {
    code.chars()
        .filter(|&c| chars::is_alphabetic(c) && chars::is_uppercase(c))
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn party_and_state_codes() {
        let t = "Thực hiện Chỉ thị số 05-CT/TW, Quy định 101-QĐ/TW, Nghị quyết số 51-NQ/TU ngày 04/01/2023, \
                 Quyết định số 1234/QĐ-UBND, Luật số 43/2022/QH15, Nghị định 15/2019/NĐ-CP và Chỉ thị 09/CT-TTg.";
        assert_eq!(
            find(t),
            [
                "05-CT/TW",
                "101-QĐ/TW",
                "51-NQ/TU",
                "1234/QĐ-UBND",
                "43/2022/QH15",
                "15/2019/NĐ-CP",
                "09/CT-TTg"
            ]
        );
    }

    #[test]
    fn dates_and_repeats_are_not_codes() {
        assert!(find("ngày 25/10/2021, lúc 8:50, TP.Tân An, 2.208m2, PC 23").is_empty());
        assert_eq!(
            find("Kết luận 01-KL/TW; lại Kết luận 01-KL/TW."),
            ["01-KL/TW"]
        );
        assert_eq!(find("Kế hoạch số 08 - KH/TU"), ["08-KH/TU"]);
    }
}
