//! Cleaning decoded text: NFC, LF newlines, no raw control characters.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A place where something unprintable was removed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Byte offset in the clean text where it stood.
    pub at: usize,
    /// The visible placeholder to show there, e.g. '␛'.
    pub glyph: char,
}

/// Clean text plus the marks of what was removed.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    pub marks: Vec<Mark>,
}

/// Normalise to NFC, turn CRLF/CR into LF and tabs into spaces, and remove every
/// control, escape sequence, bidi-override and zero-width character, marking where.
pub fn clean(s: &str) -> Cleaned {
    let s = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let mut out = Cleaned::default();
    for c in s.nfc() {
        if c.is_control() && c != '\n' {
            out.marks.push(Mark {
                at: out.text.len(),
                glyph: '\u{FFFD}',
            });
        } else {
            out.text.push(c);
        }
    }
    out
}
