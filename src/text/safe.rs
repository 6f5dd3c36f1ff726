//! Text that may be shown on a terminal. Everything vanban prints or draws that did not
//! come from its own code (document text, file names, config values, error messages
//! holding them) goes through here, so no byte of it can act on the terminal.

use std::borrow::Cow;

/// True for a character that must not reach a terminal raw: a C0 or C1 control (LF
/// included: callers that keep lines use [`printable`]), DEL, a bidi control (which
/// reorders what the terminal shows), a line separator, or an invisible formatting
/// character. The zero-width joiners (U+200C, U+200D) stay: scripts and emoji need them.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

/// `s` with every unsafe character but LF replaced by U+FFFD.
pub fn printable(s: &str) -> Cow<'_, str> {
    replace(s, true)
}

/// `s` on one line: every unsafe character, LF included, replaced by U+FFFD.
pub fn one_line(s: &str) -> Cow<'_, str> {
    replace(s, false)
}

/// JSON text with every unsafe character written as a `\uXXXX` escape: the same JSON
/// value, with nothing raw. (serde_json escapes only C0 controls.)
pub fn json(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c != '\n' && is_unsafe(c);
    if !has_unsafe(s, true) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if bad(c) {
            // Every unsafe character is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// True when `s` holds an unsafe character ([`is_unsafe`]), judged from its bytes: each
/// unsafe character is an ASCII control or one of a few two- and three-byte sequences.
/// Blocks of 16 bytes where none of those can start are passed over with comparisons
/// that are vectorised; the others are looked at byte by byte.
fn has_unsafe(s: &str, keep_lf: bool) -> bool {
    let b = s.as_bytes();
    let may_start =
        |x: u8| (x < 0x20) | (x == 0x7f) | (x == 0xc2) | (x == 0xd8) | (x == 0xe2) | (x == 0xef);
    let mut start = 0;
    for block in b.chunks(16) {
        if block.iter().fold(false, |any, &x| any | may_start(x))
            && (start..start + block.len()).any(|i| unsafe_at(b, i, keep_lf))
        {
            return true;
        }
        start += block.len();
    }
    false
}

/// Whether an unsafe character starts at byte `i` of `b`.
fn unsafe_at(b: &[u8], i: usize, keep_lf: bool) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    match b[i] {
        b'\n' => !keep_lf,
        0..=0x1f | 0x7f => true,
        0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
        0xd8 => at(i + 1) == 0x9c,
        0xe2 => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x8b | 0x8e | 0x8f | 0xa8..=0xae),
            0x81 => (0xa0..=0xaf).contains(&at(i + 2)),
            _ => false,
        },
        0xef => at(i + 1) == 0xbb && at(i + 2) == 0xbf,
        _ => false,
    }
}

fn replace(s: &str, keep_lf: bool) -> Cow<'_, str> {
    let bad = |c: char| !(keep_lf && c == '\n') && is_unsafe(c);
    if has_unsafe(s, keep_lf) {
        Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_keeps_text_and_lines() {
        assert_eq!(printable("Bằng khen\n2009"), "Bằng khen\n2009");
        assert!(matches!(printable("Bằng khen"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\x1b[31mb\u{202e}c\u{9b}d\x07e\x08f\u{2066}g\u{7f}"),
            "a\u{FFFD}[31mb\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\u{FFFD}"
        );
        assert_eq!(one_line("a\nb\tc"), "a\u{FFFD}b\u{FFFD}c");
    }

    #[test]
    fn the_byte_test_agrees_with_the_character_test() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(has_unsafe(&s, false), is_unsafe(c), "{:x}", c as u32);
            assert_eq!(has_unsafe(&s, true), c != '\n' && is_unsafe(c));
        }
        assert!(!has_unsafe("“Học tập” – theo gương Bác", false));
    }

    #[test]
    fn unsafe_characters_are_found_anywhere_in_a_long_text() {
        // Across the blocks the test passes over: at every offset, split or not.
        for c in [
            '\u{1b}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{feff}', '\u{61c}',
        ] {
            for at in 0..40 {
                let s = format!(
                    "{}{c}{}",
                    "ệ".repeat(at / 3) + &"a".repeat(at % 3),
                    "x".repeat(20)
                );
                assert!(has_unsafe(&s, false), "{:x} at {at}", c as u32);
            }
        }
        let long = "Học tập và làm theo “tấm gương” — đạo đức\n".repeat(9);
        assert!(!has_unsafe(&long, true) && has_unsafe(&long, false));
    }

    #[test]
    fn every_unsafe_character_is_in_the_bmp() {
        let unsafe_above = (0x10000..=0x10FFFF)
            .filter_map(char::from_u32)
            .any(is_unsafe);
        assert!(!unsafe_above);
    }

    #[test]
    fn json_escapes_keep_the_value() {
        let v = serde_json::json!({"k\u{9b}": "a\u{202e}b\u{1b}c\nd"});
        let raw = serde_json::to_string(&v).unwrap();
        let safe = json(&raw);
        assert!(!safe.chars().any(|c| c != '\n' && is_unsafe(c)), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }
}
