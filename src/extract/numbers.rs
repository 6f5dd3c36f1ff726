//! Vietnamese numerals: "." groups thousands, "," is the decimal mark, "01" is 1,
//! and "nghìn/ngàn", "triệu", "tỷ/tỉ" multiply.

use crate::text::chars;

/// Parse a written number such as "3.150", "1,5", "01" or "2.208". Returns None for
/// anything that is not a number.
pub fn parse(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    if !s.as_bytes()[0].is_ascii_digit() || !s.as_bytes()[s.len() - 1].is_ascii_digit() {
        return None;
    }
    let (int_part, frac) = match s.split_once(',') {
        Some((i, f)) if f.bytes().all(|b| b.is_ascii_digit()) => (i, Some(f)),
        Some(_) => return None,
        None => (s, None),
    };
    let (mut groups, mut first_len, mut threes) = (0, 0, true);
    for (i, g) in int_part.split('.').enumerate() {
        groups += 1;
        match i {
            0 => first_len = g.len(),
            _ => threes &= g.len() == 3,
        }
    }
    let thousands = groups > 1 && threes && first_len <= 3;
    if thousands || groups == 1 {
        if frac.is_none() {
            if let Some(n) = whole_number(int_part) {
                return Some(n);
            }
        }
        let mut text = String::with_capacity(s.len());
        text.extend(int_part.split('.'));
        if let Some(f) = frac {
            text.push('.');
            text.push_str(f);
        }
        text.parse().ok()
    } else if groups == 2 && frac.is_none() {
        // "1.5": a decimal point written the English way.
        int_part.parse().ok()
    } else {
        None
    }
}

/// ASCII digits (group dots skipped) as f64 when it holds them exactly, i.e. the value
/// `str::parse::<f64>` gives.
fn whole_number(digits: &str) -> Option<f64> {
    let mut n: u64 = 0;
    for b in digits.bytes().filter(|&b| b != b'.') {
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    (n <= 1 << f64::MANTISSA_DIGITS).then_some(n as f64)
}

/// True when `text` has "19" or "20" and two more ASCII digits: a year a pattern
/// `(?:19|20)\d\d` can match and `str::parse` can read.
pub fn has_year(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        matches!(b.get(i..i + 2), Some(b"19" | b"20"))
            && b.get(i + 2..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    })
}

/// Where the written number starting at byte `start` ends: digits, with '.' or ','
/// between digits ("1.743", "22,7").
pub fn end_of_number(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len()
        && (bytes[i].is_ascii_digit()
            || (matches!(bytes[i], b'.' | b',')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
    {
        i += 1;
    }
    i
}

/// Parse a whole count ("01", "1.743"); None for fractions.
pub fn parse_count(s: &str) -> Option<u64> {
    let v = parse(s)?;
    (v.fract() == 0.0 && (0.0..1e15).contains(&v)).then_some(v as u64)
}

/// A small number written in words, 1 to 99: "một", "mười hai", "hai mươi", "ba mươi lăm".
/// Words are compared in lower case; anything else (including "một số") is `None`.
pub fn parse_words(s: &str) -> Option<u64> {
    let words: Vec<String> = s.split_whitespace().map(str::to_lowercase).collect();
    let unit = |w: &str, after_tens: bool| -> Option<u64> {
        Some(match w {
            "một" => 1,
            "mốt" if after_tens => 1,
            "hai" => 2,
            "ba" => 3,
            "bốn" => 4,
            "tư" if after_tens => 4,
            "năm" => 5,
            "lăm" if after_tens => 5,
            "sáu" => 6,
            "bảy" | "bẩy" => 7,
            "tám" => 8,
            "chín" => 9,
            _ => return None,
        })
    };
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    match w.as_slice() {
        [u] if *u == "mười" => Some(10),
        [u] => unit(u, false),
        ["mười", u] => Some(10 + unit(u, true).filter(|&n| n != 1 || *u == "một")?),
        [t, "mươi"] => Some(unit(t, false).filter(|&n| n >= 2)? * 10),
        [t, "mươi", u] => Some(unit(t, false).filter(|&n| n >= 2)? * 10 + unit(u, true)?),
        _ => None,
    }
}

/// The multiplier of a scale word, if it is one.
pub fn scale(word: &str) -> Option<f64> {
    const SCALES: [(&str, f64); 5] = [
        ("nghìn", 1e3),
        ("ngàn", 1e3),
        ("triệu", 1e6),
        ("tỷ", 1e9),
        ("tỉ", 1e9),
    ];
    // The word in lower case, if it is short enough to be one (five letters at most).
    let mut lower = ['\0'; 5];
    let mut len = 0;
    for c in word.chars().flat_map(chars::lowercase) {
        *lower.get_mut(len)? = c;
        len += 1;
    }
    let lower = &lower[..len];
    SCALES
        .iter()
        .find(|(name, _)| name.chars().eq(lower.iter().copied()))
        .map(|&(_, m)| m)
}

/// Format a count the Vietnamese way: 3150 → "3.150".
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_in_words() {
        let cases = [
            ("một", Some(1)),
            ("Hai", Some(2)),
            ("mười", Some(10)),
            ("mười hai", Some(12)),
            ("mười lăm", Some(15)),
            ("hai mươi", Some(20)),
            ("hai mươi mốt", Some(21)),
            ("ba mươi tư", Some(34)),
            ("chín mươi chín", Some(99)),
            ("một số", None),
            ("mười mốt", None),
            ("tư", None),
            ("một mươi", None),
            ("hai ba", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_words(text), want, "{text}");
        }
    }

    #[test]
    fn vietnamese_grouping_and_decimals() {
        assert_eq!(parse("3.150"), Some(3150.0));
        assert_eq!(parse("1.743"), Some(1743.0));
        assert_eq!(parse("1.000.000"), Some(1_000_000.0));
        assert_eq!(parse("1,5"), Some(1.5));
        assert_eq!(parse("22,7"), Some(22.7));
        assert_eq!(parse("2.208"), Some(2208.0));
        assert_eq!(parse("01"), Some(1.0));
        assert_eq!(parse("1.5"), Some(1.5));
        assert_eq!(parse("1.2.3"), None);
        assert_eq!(parse("abc"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("3."), None);
    }

    #[test]
    fn whole_numbers_past_f64_precision_round_as_str_parse_does() {
        for s in [
            "9007199254740992",
            "9007199254740993",
            "9.007.199.254.740.993",
            "123456789012345678901234567890",
        ] {
            assert_eq!(parse(s), s.replace('.', "").parse::<f64>().ok(), "{s}");
        }
    }

    #[test]
    fn years_in_ascii_digits() {
        assert!(has_year("năm 2009,"));
        assert!(has_year("1999"));
        assert!(!has_year("năm 209, 2.01, 19, 1.9"));
        assert!(!has_year("năm ٢٠٠٩"));
    }

    #[test]
    fn counts_are_whole() {
        assert_eq!(parse_count("01"), Some(1));
        assert_eq!(parse_count("1.120"), Some(1120));
        assert_eq!(parse_count("1,5"), None);
    }

    #[test]
    fn scales_and_format() {
        assert_eq!(scale("Triệu"), Some(1e6));
        assert_eq!(scale("tỉ"), Some(1e9));
        assert_eq!(scale("ngàn"), Some(1e3));
        assert_eq!(scale("người"), None);
        assert_eq!(format_count(3150), "3.150");
        assert_eq!(format_count(251), "251");
        assert_eq!(format_count(1_000_000), "1.000.000");
    }
}
