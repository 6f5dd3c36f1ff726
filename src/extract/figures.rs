//! Quantities with units: money, areas, lengths, workdays, households …

use super::numbers::{end_of_number, parse, scale};
use super::{Figure, Span};
use crate::text::chars;

/// Units a figure may carry, longest first within a shared prefix.
const UNITS: &[&str] = &[
    "ngày công",
    "giờ công",
    "căn nhà",
    "ngôi nhà",
    "cây cầu",
    "suất quà",
    "phần quà",
    "lượt người",
    "người",
    "đồng",
    "usd",
    "km2",
    "km²",
    "km",
    "m2",
    "m²",
    "m",
    "ha",
    "tấn",
    "kg",
    "hộ",
];
/// For each byte, whether a unit starts with it.
const UNIT_LEADS: [bool; 256] = {
    let mut leads = [false; 256];
    let mut i = 0;
    while i < UNITS.len() {
        leads[UNITS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    leads
};
/// Words after "đồng" that make it not money: "đồng chí", "đồng bào", "đồng thời" …
const NOT_MONEY: &[&str] = &[
    "chí", "bào", "thời", "tình", "hồ", "ý", "bằng", "nghiệp", "phục", "chủ", "loạt", "đều",
    "hành", "lòng", "minh", "dao", "hương", "khởi", "ruộng", "nát", "bộ", "chiều", "đội", "hành",
];

/// Every figure in `text`, in order: a number not glued to a word, an optional scale
/// word, then a unit.
pub fn find(text: &str) -> Vec<Figure> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = next_digit(b, i) {
        if start > 0 && glued_before(text, start) {
            i = start + 1;
            continue;
        }
        i = end_of_number(b, start);
        if let Some(f) = figure_at(text, start, i) {
            i = f.span.end;
            out.push(f);
        }
    }
    out
}

/// The first ASCII digit at or after `from`.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    const CHUNK: usize = 16;
    let mut i = from;
    // Skip whole chunks without a digit; `fold` (not `any`) lets the compiler test a
    // chunk's bytes all at once.
    while let Some(chunk) = b.get(i..i + CHUNK) {
        if chunk
            .iter()
            .fold(false, |seen, c| seen | c.is_ascii_digit())
        {
            break;
        }
        i += CHUNK;
    }
    b.get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

/// True when the character before byte `i` is a letter, a digit or a decimal mark.
fn glued_before(text: &str, i: usize) -> bool {
    let glued = |c: char| chars::is_alphanumeric(c) || c == '.' || c == ',';
    match text.as_bytes()[..i].last() {
        Some(&b) if b.is_ascii() => glued(char::from(b)),
        _ => text[..i].chars().next_back().is_some_and(glued),
    }
}

fn figure_at(text: &str, start: usize, num_end: usize) -> Option<Figure> {
    let mut value = 1.0;
    let mut rest = skip_spaces(text, num_end);
    let first = |at: usize| text[at..].chars().next().map(chars::lower_first);
    let mut lead = first(rest)?;
    // A scale word starts with n or t, then g, r, ỷ or ỉ (in any case).
    let second = || text[rest..].chars().nth(1).map(chars::lower_first);
    if matches!(lead, 'n' | 't') && matches!(second(), Some('g' | 'r' | 'ỷ' | 'ỉ')) {
        if let Some((word, after)) = next_word(text, rest) {
            if let Some(m) = scale(word) {
                value *= m;
                rest = skip_spaces(text, after);
                lead = first(rest)?;
            }
        }
    }
    let tail = &text[rest..];
    // The first byte first: `starts_with(char)` alone calls memcmp for every unit.
    let lead_byte = lead.encode_utf8(&mut [0; 4]).as_bytes()[0];
    if !UNIT_LEADS[usize::from(lead_byte)] {
        return None;
    }
    let unit = UNITS
        .iter()
        .filter(|u| u.as_bytes()[0] == lead_byte && u.starts_with(lead))
        .find(|u| starts_with_ci(tail, u) && boundary(&tail[u.len()..]))?;
    let end = rest + unit.len();
    value *= parse(&text[start..num_end])?;
    if *unit == "đồng" {
        let spaced = text[end..].starts_with(' ');
        if let Some((w, _)) = next_word(text, skip_spaces(text, end)).filter(|_| spaced) {
            if NOT_MONEY.contains(&w) {
                return None;
            }
        }
    }
    Some(Figure {
        value,
        unit: Unit(canonical_unit(unit)),
        text: text[start..end].to_string(),
        span: Span { start, end },
    })
}

/// Past the spaces and no-break spaces at byte `i`.
fn skip_spaces(text: &str, mut i: usize) -> usize {
    loop {
        let rest = &text.as_bytes()[i..];
        if rest.starts_with(b" ") {
            i += 1;
        } else if rest.starts_with("\u{a0}".as_bytes()) {
            i += '\u{a0}'.len_utf8();
        } else {
            return i;
        }
    }
}

fn next_word(text: &str, i: usize) -> Option<(&str, usize)> {
    let len = text[i..]
        .find(|c: char| !chars::is_alphabetic(c))
        .unwrap_or(text.len() - i);
    (len > 0).then(|| (&text[i..i + len], i + len))
}

fn starts_with_ci(s: &str, lower: &str) -> bool {
    let mut a = s.chars();
    lower.chars().all(|l| {
        a.next()
            .is_some_and(|c| c == l || chars::lower_one(c) == Some(l))
    }) && s.is_char_boundary(lower.len())
}

fn boundary(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_none_or(|c| !chars::is_alphanumeric(c))
}

/// A figure's unit: a reference into [`UNITS`], not a copy per figure (a library keeps
/// the figures of every document in memory). Serialised as its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unit(&'static str);

impl Unit {
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The unit written `text`, if it is one of the units reported.
    pub fn of(text: &str) -> Option<Unit> {
        UNITS
            .iter()
            .map(|u| canonical_unit(u))
            .find(|u| *u == text)
            .map(Unit)
    }
}

impl std::ops::Deref for Unit {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl serde::Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Unit::of(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown unit {text:?}")))
    }
}

/// The unit as reported: one of [`UNITS`] (written in lower case with single spaces), with
/// "m²" as "m2" and "usd" as "USD".
fn canonical_unit(u: &'static str) -> &'static str {
    match u {
        "m²" => "m2",
        "km²" => "km2",
        "usd" => "USD",
        _ => u,
    }
}

#[cfg(test)]
mod tests {
    use super::find;

    fn values(t: &str) -> Vec<(f64, String)> {
        find(t)
            .into_iter()
            .map(|f| (f.value, f.unit.to_string()))
            .collect()
    }

    #[test]
    fn units_read_back_as_the_same_reference() {
        for f in find("700 triệu đồng, 2.208m², 21 km, 40.000 ngày công, 90 hộ") {
            let json = serde_json::to_string(&f.unit).unwrap();
            let back: super::Unit = serde_json::from_str(&json).unwrap();
            assert_eq!(back, f.unit);
            assert!(std::ptr::eq(back.as_str(), f.unit.as_str()));
        }
        assert!(serde_json::from_str::<super::Unit>("\"furlong\"").is_err());
    }

    #[test]
    fn scale_words_in_any_case_start_as_figure_at_expects() {
        use crate::extract::numbers::scale;
        use crate::text::chars::lower_first;
        for name in ["nghìn", "ngàn", "triệu", "tỷ", "tỉ"] {
            let letters: Vec<char> = name.chars().collect();
            for mask in 0..1u32 << letters.len() {
                let word: String = letters
                    .iter()
                    .enumerate()
                    .flat_map(|(i, c)| match mask >> i & 1 {
                        1 => c.to_uppercase().collect::<Vec<_>>(),
                        _ => vec![*c],
                    })
                    .collect();
                assert!(scale(&word).is_some(), "{word}");
                let mut cs = word.chars().map(lower_first);
                assert!(matches!(cs.next(), Some('n' | 't')), "{word}");
                assert!(matches!(cs.next(), Some('g' | 'r' | 'ỷ' | 'ỉ')), "{word}");
            }
        }
    }

    #[test]
    fn money_with_scales() {
        assert_eq!(values("hơn 700 triệu đồng"), [(7e8, "đồng".to_string())]);
        assert_eq!(values("1,5 tỷ đồng"), [(1.5e9, "đồng".to_string())]);
        assert_eq!(
            values("mỗi ngày 1.000 đồng"),
            [(1000.0, "đồng".to_string())]
        );
    }

    #[test]
    fn areas_lengths_and_counts() {
        let t = "gần 21km đường, trên 22,7km, hiến 2.208m2 đất, 40.000 ngày công, 90 hộ nghèo";
        assert_eq!(
            values(t),
            [
                (21.0, "km".to_string()),
                (22.7, "km".to_string()),
                (2208.0, "m2".to_string()),
                (40000.0, "ngày công".to_string()),
                (90.0, "hộ".to_string())
            ]
        );
        let f = &find("gần 21km đường")[0];
        assert_eq!(f.text, "21km");
        assert_eq!(&"gần 21km đường"[f.span.start..f.span.end], "21km");
    }

    #[test]
    fn plain_numbers_and_codes_are_not_figures() {
        assert!(values("năm 2009, có 437 tập thể, Phòng PC 23, mẫu 2m3x").is_empty());
        assert!(values("năm 2014\nĐồng chí Mai Văn Chính").is_empty());
        assert!(values("năm 2014 đồng chí Chính, 3 đồng thời").is_empty());
    }
}
