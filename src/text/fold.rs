//! Search keys: text folded so that "hoc tap" finds "Học tập" and "duc hoa" finds "Đức Hòa".
//!
//! Folding drops every diacritic (tone marks, circumflex, breve, horn), maps đ/Đ to `d`,
//! lowercases, and gives the same result for NFC and NFD input. It works one character at a
//! time, so [`fold_with_map`] can map a match in the folded text back to the original bytes.

use std::sync::OnceLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// Characters below this are folded through a table built once.
const TABLE_LEN: usize = 0x2000;
/// Table value for a character that folds to nothing (a combining mark).
const DROP: u32 = u32::MAX;

/// `text` folded: no diacritics, đ → d, lowercase.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Append `text` folded to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if let Some(f) = fold_char(c) {
            out.push(f);
        }
    }
}

/// `text` folded, plus for every byte of the result the byte offset in `text` of the
/// character it came from. Characters that fold to nothing (combining marks) belong to the
/// character before them.
pub fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if let Some(f) = fold_char(c) {
            out.push(f);
            from.resize(out.len(), i);
        }
    }
    (out, from)
}

/// `text` lowercased in NFC: the form used to prefer matches with the exact diacritics typed.
pub fn lower(text: &str) -> String {
    text.nfc().flat_map(char::to_lowercase).collect()
}

/// True when `text` has a diacritic (precomposed or combining) or đ, i.e. when the exact
/// form is worth comparing.
pub fn has_marks(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && fold_char(c).is_none_or(|f| f.is_ascii()))
}

/// One character folded; `None` for a combining mark.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let code = c as usize;
    if code < TABLE_LEN {
        let v = table()[code];
        return if v == DROP { None } else { char::from_u32(v) };
    }
    fold_slow(c)
}

fn table() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_LEN as u32)
            .map(|code| match char::from_u32(code).and_then(fold_slow) {
                Some(f) => f as u32,
                None => DROP,
            })
            .collect()
    })
}

fn fold_slow(c: char) -> Option<char> {
    if is_combining_mark(c) {
        return None;
    }
    // Đ, đ, and the look-alikes legacy Vietnamese encodings produce (Ð, ð, Ɖ, ɖ).
    if matches!(c, 'Đ' | 'đ' | 'Ð' | 'ð' | 'Ɖ' | 'ɖ') {
        return Some('d');
    }
    let mut base = c;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    base.to_lowercase()
        .find(|l| !is_combining_mark(*l))
        .or(Some(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_letters() {
        assert_eq!(fold("Học tập"), "hoc tap");
        assert_eq!(fold("Đức Hòa"), "duc hoa");
        assert_eq!(fold("BẾN LỨC"), "ben luc");
        assert_eq!(fold("ơ ư ă â ê ô"), "o u a a e o");
    }

    #[test]
    fn nfd_and_nfc_fold_alike() {
        let nfc = "Thừa Thiên Huế";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(fold(nfc), fold(&nfd));
    }

    #[test]
    fn map_points_at_source_characters() {
        let text = "Đức";
        let (f, from) = fold_with_map(text);
        assert_eq!(f, "duc");
        assert_eq!(from, vec![0, 2, 5]);
    }

    #[test]
    fn lower_and_marks() {
        assert_eq!(lower("HỌC"), "học");
        assert!(has_marks("học"));
        assert!(!has_marks("hoc “x”"));
        assert!(has_marks("ho\u{323}c"));
    }
}
