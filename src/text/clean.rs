//! Cleaning decoded text: NFC, LF newlines, no raw control characters.
//!
//! Text from documents is untrusted: every C0/C1 control but LF, every escape
//! sequence as a whole, and every bidi control is removed, and a [`Mark`] records
//! where, so the reader can draw a visible placeholder there. Zero-width characters
//! go without a mark.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Placeholder for a removed escape sequence (ESC …, 8-bit CSI/OSC/DCS …).
pub const ESCAPE_GLYPH: char = '␛';
/// Placeholder for a removed DEL.
pub const DEL_GLYPH: char = '␡';
/// Placeholder for a removed C1 control or bidi control.
pub const OTHER_GLYPH: char = '⍰';

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

impl Cleaned {
    fn mark(&mut self, glyph: char) {
        self.marks.push(Mark {
            at: self.text.len(),
            glyph,
        });
    }
}

/// Bytes the cleaning loop must look at: C0 but LF, DEL, and every lead byte except
/// 0xC3–0xCB (U+00C0–U+02FF: nothing to clean, always NFC). Never a continuation
/// byte, so a hit is always at a char boundary.
pub(crate) const VISIT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b < 0x20 && b != b'\n' as usize) || b == 0x7F || b == 0xC2 || b >= 0xCC;
        b += 1;
    }
    t
};

/// Whether the byte `x` (followed by `next`) needs a look from [`clean_nfc`]: one that
/// [`VISIT`] marks, unless it starts a toned Vietnamese letter (E1 B8–BB), passed over.
/// On x86_64 [`look_mask`] tests sixteen bytes at once, and this is its definition.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn needs_look(x: u8, next: u8) -> bool {
    let visit = ((x < 0x20) & (x != b'\n')) | (x == 0x7F) | (x == 0xC2) | (x >= 0xCC);
    visit & !((x == 0xE1) & (0xB8..=0xBB).contains(&next))
}

/// Bit k set when byte k of the block needs a look ([`needs_look`] of it and the byte
/// after it). By hand, as `mojibake`'s block test: no crate finds bytes of such a class.
#[cfg(target_arch = "x86_64")]
fn look_mask(w: &[u8; 17]) -> u32 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8,
        _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86_64; the loads read bytes 0..16 and 1..17 of `w`.
    unsafe {
        let v = _mm_loadu_si128(w.as_ptr().cast());
        let next = _mm_loadu_si128(w.as_ptr().add(1).cast());
        let is = |a, x: u8| _mm_cmpeq_epi8(a, _mm_set1_epi8(x as i8));
        // Unsigned v < 0x20 as min(v, 0x1F) == v; v >= 0xCC as max(v, 0xCC) == v.
        let below_space = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
        let control = _mm_andnot_si128(is(v, b'\n'), below_space);
        let high = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0xCCu8 as i8)), v);
        let visit = _mm_or_si128(
            _mm_or_si128(control, high),
            _mm_or_si128(is(v, 0x7F), is(v, 0xC2)),
        );
        // E1 B8–BB: a toned Vietnamese letter.
        let toned = _mm_and_si128(
            is(v, 0xE1),
            is(_mm_and_si128(next, _mm_set1_epi8(0xFCu8 as i8)), 0xB8),
        );
        _mm_movemask_epi8(_mm_andnot_si128(toned, visit)) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn look_mask(w: &[u8; 17]) -> u32 {
    (0..16).fold(0, |mask, k| {
        mask | u32::from(needs_look(w[k], w[k + 1])) << k
    })
}

/// Characters that are NFC whatever surrounds them: no combining class, no
/// decomposition that NFC would undo. Covers Vietnamese text; anything else sends
/// the cleaner to the full NFC check.
fn surely_nfc(c: char) -> bool {
    c < '\u{300}'
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        || ('\u{2002}'..='\u{207F}').contains(&c)
        || c == '\u{FEFF}'
        || c == '\u{FFFD}'
}

/// What to do with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Keep,
    /// CR, NEL, line and paragraph separators.
    Newline,
    Tab,
    /// Zero-width characters.
    Drop,
    /// A lone control, removed with this placeholder.
    Mark(char),
    /// ESC: the start of an escape sequence.
    Escape,
    /// 8-bit CSI.
    Csi,
    /// 8-bit DCS, SOS, OSC, PM, APC: a control string up to ST.
    ControlString,
}

fn action(c: char) -> Action {
    match c {
        '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Action::Newline,
        '\t' => Action::Tab,
        '\u{1B}' => Action::Escape,
        '\0'..='\u{1F}' => Action::Mark(char::from_u32(0x2400 + c as u32).unwrap_or(OTHER_GLYPH)),
        '\u{7F}' => Action::Mark(DEL_GLYPH),
        '\u{9B}' => Action::Csi,
        '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => Action::ControlString,
        '\u{80}'..='\u{9F}'
        | '\u{61C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Action::Mark(OTHER_GLYPH),
        '\u{200B}'..='\u{200D}'
        // U+2065 is unassigned, but ignorable and shown as nothing, like its neighbours.
        | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}' => Action::Drop,
        _ => Action::Keep,
    }
}

/// Normalise to NFC, turn CRLF/CR into LF and tabs into four spaces, and remove every
/// control, escape sequence, bidi-override and zero-width character, marking where.
///
/// NFC runs before removal, so a combining mark separated from its base by a removed
/// control stays uncomposed (the placeholder stands between them).
pub fn clean(s: &str) -> Cleaned {
    clean_cow(Cow::Borrowed(s))
}

/// As [`clean`], taking the text: a text with nothing to clean is given back as it is,
/// without a copy.
pub fn clean_owned(s: String) -> Cleaned {
    clean_cow(Cow::Owned(s))
}

fn clean_cow(s: Cow<str>) -> Cleaned {
    let whole = |text: String| Cleaned {
        text,
        marks: Vec::new(),
    };
    // One pass when the text is plainly NFC (the usual case); else compose first.
    match clean_nfc(&s, true) {
        Outcome::Cleaned(c) => c,
        Outcome::Unchanged => whole(s.into_owned()),
        Outcome::NotNfc => {
            let composed: String = s.nfc().collect();
            match clean_nfc(&composed, false) {
                Outcome::Cleaned(c) => c,
                Outcome::Unchanged | Outcome::NotNfc => whole(composed),
            }
        }
    }
}

/// What [`clean_nfc`] found.
enum Outcome {
    Cleaned(Cleaned),
    /// Nothing to change: the text is clean as it is.
    Unchanged,
    /// A character that may not be NFC (only when asked to check).
    NotNfc,
}

/// Clean text that is NFC. With `check`, verify that on the way and give up at the first
/// character that may not be.
fn clean_nfc(s: &str, mut check: bool) -> Outcome {
    let b = s.as_bytes();
    // Made at the first change: most texts have none.
    let mut out = Cleaned::default();
    let (mut run, mut i) = (0, 0);
    while i < b.len() {
        // Sixteen bytes at a time to the next byte that needs a look. Most Vietnamese text
        // is ASCII, two-byte letters and toned letters; quote marks and dashes need one.
        while let Some(w) = b.get(i..i + 17).and_then(|w| <&[u8; 17]>::try_from(w).ok()) {
            let mask = look_mask(w);
            if mask != 0 {
                i += mask.trailing_zeros() as usize;
                break;
            }
            i += 16;
        }
        if !VISIT[b[i] as usize] {
            i += 1;
            continue;
        }
        // U+1E00–U+1EFF, the toned Vietnamese letters: nothing to do.
        if b[i] == 0xE1 && matches!(b.get(i + 1), Some(0xB8..=0xBB)) {
            i += 3;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break; // not reached: i is on a char boundary, before the end
        };
        if check && !surely_nfc(c) {
            if is_nfc_quick(s.chars()) != IsNormalized::Yes {
                return Outcome::NotNfc;
            }
            check = false;
        }
        let next = i + c.len_utf8();
        let act = action(c);
        if act == Action::Keep {
            i = next;
            continue;
        }
        if out.text.capacity() == 0 {
            out.text.reserve(s.len() + s.len() / 32);
        }
        out.text.push_str(&s[run..i]);
        i = match act {
            Action::Newline => {
                if !(c == '\r' && b.get(next) == Some(&b'\n')) {
                    out.text.push('\n');
                }
                next
            }
            Action::Tab => {
                out.text.push_str("    ");
                next
            }
            Action::Mark(glyph) => {
                out.mark(glyph);
                next
            }
            Action::Escape => {
                out.mark(ESCAPE_GLYPH);
                escape_end(b, i)
            }
            Action::Csi => {
                out.mark(ESCAPE_GLYPH);
                csi_end(b, next)
            }
            Action::ControlString => {
                out.mark(ESCAPE_GLYPH);
                string_end(b, next)
            }
            Action::Drop | Action::Keep => next,
        };
        run = i;
    }
    if run == 0 {
        // Every change moves `run` past what it removed or replaced.
        return Outcome::Unchanged;
    }
    out.text.push_str(&s[run..]);
    Outcome::Cleaned(out)
}

/// The end of the escape sequence that starts with ESC at `i`.
fn escape_end(b: &[u8], i: usize) -> usize {
    match b.get(i + 1) {
        Some(b'[') => csi_end(b, i + 2),
        Some(b']' | b'P' | b'X' | b'^' | b'_') => string_end(b, i + 2),
        // nF: intermediates, then a final byte (ESC ( B, ESC # 8 …)
        Some(0x20..=0x2F) => {
            let mut j = i + 1;
            while matches!(b.get(j), Some(0x20..=0x2F)) {
                j += 1;
            }
            if matches!(b.get(j), Some(0x30..=0x7E)) {
                j + 1
            } else {
                j
            }
        }
        // two-character escapes: ESC 7, ESC c, ESC M, ESC = …
        Some(0x30..=0x7E) => i + 2,
        // ESC alone
        _ => i + 1,
    }
}

/// The end of a CSI whose parameters start at `j`: parameter bytes, intermediate
/// bytes, final byte. A malformed sequence ends before the first byte that does not fit.
fn csi_end(b: &[u8], mut j: usize) -> usize {
    while matches!(b.get(j), Some(0x30..=0x3F)) {
        j += 1;
    }
    while matches!(b.get(j), Some(0x20..=0x2F)) {
        j += 1;
    }
    if matches!(b.get(j), Some(0x40..=0x7E)) {
        j + 1
    } else {
        j
    }
}

/// The end of a control string (OSC, DCS …) whose body starts at `j`: after BEL, ST
/// (ESC \ or U+009C), CAN or SUB; before another ESC or C1 control. An unterminated string ends at
/// the end of its line, so a stray introducer never swallows the rest of a document.
fn string_end(b: &[u8], mut j: usize) -> usize {
    while j < b.len() {
        match b[j] {
            0x07 | 0x18 | 0x1A => return j + 1,
            0x1B if b.get(j + 1) == Some(&b'\\') => return j + 2,
            0x1B | b'\n' | b'\r' => return j,
            0xC2 if b.get(j + 1) == Some(&0x9C) => return j + 2,
            // another 8-bit control ends the string and is handled on its own
            0xC2 if matches!(b.get(j + 1), Some(0x80..=0x9F)) => return j,
            _ => j += 1,
        }
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_copied() {
        let s = "Việt Nam “được” — 100%\n";
        let c = clean(s);
        assert_eq!(c.text, s);
        assert!(c.marks.is_empty());
    }

    #[test]
    fn newlines_tabs_nfc() {
        let c = clean("a\r\nb\rc\td\u{2028}Vie\u{323}\u{302}t");
        assert_eq!(c.text, "a\nb\nc    d\nViệt");
        assert!(c.marks.is_empty());
    }

    #[test]
    fn text_outside_the_fast_check_is_still_composed() {
        assert_eq!(clean("\u{2126} αβγ e\u{301}").text, "\u{3A9} αβγ é");
        assert_eq!(clean("αβγ \x1b[1m").text, "αβγ ");
    }

    #[test]
    fn the_block_test_agrees_with_visit() {
        for x in 0..=255u8 {
            for next in 0..=255u8 {
                let toned = x == 0xE1 && (0xB8..=0xBB).contains(&next);
                assert_eq!(
                    needs_look(x, next),
                    VISIT[x as usize] && !toned,
                    "{x:x} {next:x}"
                );
            }
        }
    }

    #[test]
    fn the_block_mask_is_the_byte_test() {
        use proptest::prelude::*;
        // Bytes about the edges of each class, and runs of them.
        let byte = prop::sample::select(vec![
            0x00u8, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xB7, 0xB8, 0xBB, 0xBC,
            0xC1, 0xC2, 0xC3, 0xCB, 0xCC, 0xE0, 0xE1, 0xE2, 0xFF,
        ]);
        let block = prop::collection::vec(byte, 17);
        let config = ProptestConfig {
            cases: 5000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(w in block, any in any::<[u8; 17]>())| {
            for w in [<[u8; 17]>::try_from(w).unwrap(), any] {
                let bytewise = (0..16).fold(0, |m, k| m | u32::from(needs_look(w[k], w[k + 1])) << k);
                prop_assert_eq!(look_mask(&w), bytewise, "{:x?}", w);
            }
        });
    }

    #[test]
    fn every_offset_of_a_long_text_is_looked_at() {
        let base = "Học tập và làm theo “tấm gương” đạo đức, phong cách Hồ Chí Minh; ";
        let ats = (0..=base.len()).filter(|&at| base.is_char_boundary(at));
        for at in ats {
            let (a, b) = base.split_at(at);
            // A control, a CR and a decomposed letter, each after `at` bytes of text.
            let c = clean(&format!("{base}{a}\u{7}{b}"));
            assert_eq!(c.text, format!("{base}{a}{b}"));
            let at = base.len() + a.len();
            assert_eq!(c.marks, vec![Mark { at, glyph: '␇' }]);
            assert_eq!(
                clean(&format!("{base}{a}\r{b}")).text,
                format!("{base}{a}\n{b}")
            );
            let c = clean(&format!("{base}{a}Vie\u{323}\u{302}t{b}"));
            assert_eq!(c.text, format!("{base}{a}Việt{b}"));
        }
        assert_eq!(clean(&base.repeat(5)).text, base.repeat(5));
    }

    #[test]
    fn csi_removed_whole() {
        let c = clean("3.150\x1b[31m tập thể");
        assert_eq!(c.text, "3.150 tập thể");
        assert_eq!(
            c.marks,
            vec![Mark {
                at: 5, glyph: '␛'
            }]
        );
    }
}
