//! The legacy Vietnamese 8-bit encodings: TCVN3 (ABC, ".VnTime" fonts) and VNI
//! ("VNI-Times" fonts), both ways, plus the Windows-1252 view of a byte that mojibake
//! repair needs.
//!
//! TCVN3 gives every lower-case letter one byte. Its upper-case toned letters mostly do
//! not exist: ".VnTimeH" fonts draw the lower-case codes as capitals, so such text
//! decodes to lower case. The sixteen capitals of the wider TCVN 5712 VN2 set that sit
//! in otherwise unused TCVN3 slots are decoded too.
//!
//! VNI writes a base letter followed by one byte that adds a circumflex or breve and/or
//! a tone; ơ ư đ and the toned i and ỵ have single bytes.

use super::viet::{self, ACUTE, DOT, GRAVE, HOOK, LEVEL, TILDE};

/// Windows-1252 for 0x80–0x9F (the five unassigned bytes stay C1 controls).
const CP1252_80: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The Windows-1252 character of a byte (Latin-1 outside 0x80–0x9F).
pub fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_80[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The byte a character came from when bytes were read as Windows-1252 or Latin-1.
pub fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    CP1252_80
        .iter()
        .position(|&x| x == c)
        .map(|i| 0x80 + i as u8)
}

/// TCVN3 bytes 0xA0–0xFF (0x00–0x9F are ASCII and Windows-1252).
/// 0xB0–0xB4 are the combining tone marks of TCVN 5712.
const TCVN3_A0: [char; 96] = [
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // A_
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // B_
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // C_
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // D_
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E_
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // F_
];

/// The character of one TCVN3 byte.
pub fn tcvn3_char(b: u8) -> char {
    if b >= 0xA0 {
        TCVN3_A0[(b - 0xA0) as usize]
    } else {
        cp1252_char(b)
    }
}

/// Decode TCVN3 bytes (combining tones are left for NFC to compose).
pub fn decode_tcvn3(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len() + bytes.len() / 2);
    for &b in bytes {
        out.push(tcvn3_char(b));
    }
}

/// Encode text as TCVN3. Upper-case toned letters without a code are written with the
/// lower-case code, as ".VnTimeH" documents do; anything else unencodable becomes '?'.
pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        out.push(tcvn3_byte(c).unwrap_or(b'?'));
    }
    out
}

fn tcvn3_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    let find = |c: char| {
        TCVN3_A0
            .iter()
            .position(|&x| x == c && !('\u{300}'..='\u{36F}').contains(&x))
            .map(|i| 0xA0 + i as u8)
    };
    find(c)
        .or_else(|| find(c.to_lowercase().next()?).filter(|_| viet::letter(c).is_some()))
        .or_else(|| cp1252_byte(c).filter(|b| (0x80..0xA0).contains(b)))
}

// ---- VNI ----

/// What a VNI mark byte adds to the letter before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hat {
    None,
    Circumflex,
    Breve,
}

/// The lower-case VNI mark bytes (upper case = byte − 0x20) and what each adds.
const VNI_MARKS: [(u8, Hat, u8); 17] = [
    (0xF9, Hat::None, ACUTE),       // ù
    (0xF8, Hat::None, GRAVE),       // ø
    (0xFB, Hat::None, HOOK),        // û
    (0xF5, Hat::None, TILDE),       // õ
    (0xEF, Hat::None, DOT),         // ï
    (0xE2, Hat::Circumflex, LEVEL), // â
    (0xE1, Hat::Circumflex, ACUTE), // á
    (0xE0, Hat::Circumflex, GRAVE), // à
    (0xE5, Hat::Circumflex, HOOK),  // å
    (0xE3, Hat::Circumflex, TILDE), // ã
    (0xE4, Hat::Circumflex, DOT),   // ä
    (0xEA, Hat::Breve, LEVEL),      // ê
    (0xE9, Hat::Breve, ACUTE),      // é
    (0xE8, Hat::Breve, GRAVE),      // è
    (0xFA, Hat::Breve, HOOK),       // ú
    (0xFC, Hat::Breve, TILDE),      // ü
    (0xEB, Hat::Breve, DOT),        // ë
];

/// Single VNI bytes for lower-case letters (upper case = byte − 0x20).
const VNI_SINGLE: [(u8, char); 9] = [
    (0xF4, 'ơ'),
    (0xF6, 'ư'),
    (0xF1, 'đ'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xEE, 'ỵ'),
];

// Vowel rows of viet::VOWELS.
const A: u8 = 0;
const A_BREVE: u8 = 1;
const A_HAT: u8 = 2;
const E: u8 = 3;
const E_HAT: u8 = 4;
const O: u8 = 6;
const O_HAT: u8 = 7;
const O_HORN: u8 = 8;
const U: u8 = 9;
const U_HORN: u8 = 10;
const Y: u8 = 11;

/// For each byte: 1 + index into [`VNI_MARKS`] if it is a mark (either case), else 0.
const VNI_MARK_INDEX: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < VNI_MARKS.len() {
        let b = VNI_MARKS[i].0 as usize;
        t[b] = i as u8 + 1;
        t[b - 0x20] = i as u8 + 1;
        i += 1;
    }
    t
};

fn vni_mark(b: u8) -> Option<(Hat, u8)> {
    match VNI_MARK_INDEX[b as usize] {
        0 => None,
        i => {
            let (_, hat, tone) = VNI_MARKS[i as usize - 1];
            Some((hat, tone))
        }
    }
}

/// A byte that can carry a VNI mark: the vowel row and whether it is upper case.
fn vni_base(b: u8) -> Option<(u8, bool)> {
    let v = match b.to_ascii_lowercase() {
        b'a' => A,
        b'e' => E,
        b'o' => O,
        b'u' => U,
        b'y' => Y,
        _ => match b {
            0xF4 | 0xD4 => O_HORN,
            0xF6 | 0xD6 => U_HORN,
            _ => return None,
        },
    };
    Some((v, b.is_ascii_uppercase() || b == 0xD4 || b == 0xD6))
}

fn put_hat(v: u8, hat: Hat) -> Option<u8> {
    match (v, hat) {
        (_, Hat::None) => Some(v),
        (A, Hat::Circumflex) => Some(A_HAT),
        (E, Hat::Circumflex) => Some(E_HAT),
        (O, Hat::Circumflex) => Some(O_HAT),
        (A, Hat::Breve) => Some(A_BREVE),
        _ => None,
    }
}

/// The character of one VNI byte standing alone.
pub fn vni_char(b: u8) -> char {
    let lower = if (0xC0..0xE0).contains(&b) {
        b + 0x20
    } else {
        b
    };
    match VNI_SINGLE.iter().find(|s| s.0 == lower) {
        Some(&(_, c)) if b < 0xE0 => viet::upper(c),
        Some(&(_, c)) => c,
        None => cp1252_char(b),
    }
}

/// Decode VNI bytes.
pub fn decode_vni(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len() + bytes.len() / 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if b.is_ascii() && VNI_MARK_INDEX[next as usize] == 0 {
            out.push(b as char);
            i += 1;
            continue;
        }
        if let (Some((v, up)), Some(&next)) = (vni_base(b), bytes.get(i + 1)) {
            if let Some((hat, tone)) = vni_mark(next) {
                if let Some(c) = put_hat(v, hat).and_then(|v| viet::compose(v, tone, up)) {
                    out.push(c);
                    i += 2;
                    continue;
                }
            }
        }
        out.push(vni_char(b));
        i += 1;
    }
}

/// Encode text as VNI; anything unencodable becomes '?'.
pub fn encode_vni(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some(l) = viet::letter(c) {
            vni_letter(l, &mut out);
        } else {
            match cp1252_byte(c) {
                Some(b) if (0x80..0xA0).contains(&b) => out.push(b),
                _ => out.push(b'?'),
            }
        }
    }
    out
}

fn vni_letter(l: viet::Letter, out: &mut Vec<u8>) {
    let case = |b: u8| if l.upper { b - 0x20 } else { b };
    let single = |c: char| VNI_SINGLE.iter().find(|s| s.1 == c).map(|s| case(s.0));
    let lower = viet::compose(l.vowel, l.tone, false).unwrap_or('?');
    if let Some(b) = single(lower) {
        out.push(b);
        return;
    }
    let (base, hat) = match l.vowel {
        A_BREVE => (b'a', Hat::Breve),
        A_HAT => (b'a', Hat::Circumflex),
        E_HAT => (b'e', Hat::Circumflex),
        O_HAT => (b'o', Hat::Circumflex),
        O_HORN => (0xF4, Hat::None),
        U_HORN => (0xF6, Hat::None),
        v => (viet::VOWELS[v as usize].as_bytes()[0], Hat::None),
    };
    out.push(if base.is_ascii() {
        if l.upper {
            base.to_ascii_uppercase()
        } else {
            base
        }
    } else {
        case(base)
    });
    if hat != Hat::None || l.tone != LEVEL {
        if let Some(m) = VNI_MARKS.iter().find(|m| m.1 == hat && m.2 == l.tone) {
            out.push(case(m.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcvn3(bytes: &[u8]) -> String {
        let mut s = String::new();
        decode_tcvn3(bytes, &mut s);
        s
    }

    fn vni(bytes: &[u8]) -> String {
        let mut s = String::new();
        decode_vni(bytes, &mut s);
        s
    }

    #[test]
    fn examples() {
        assert_eq!(tcvn3(b"Vi\xD6t Nam"), "Việt Nam");
        assert_eq!(tcvn3(b"\xAE\xAD\xEEc"), "được");
        assert_eq!(vni(b"Vie\xE4t Nam"), "Việt Nam");
        assert_eq!(vni(b"\xF1\xF6\xF4\xEFc"), "được");
        assert_eq!(vni(b"VIE\xC4T NAM"), "VIỆT NAM");
    }

    #[test]
    fn every_letter_round_trips() {
        for c in viet::all_letters() {
            let s = c.to_string();
            assert_eq!(vni(&encode_vni(&s)), s, "VNI {c}");
            let back = tcvn3(&encode_tcvn3(&s));
            let lower: String = c.to_lowercase().collect();
            assert!(back == s || back == lower, "TCVN3 {c} -> {back}");
            if c.is_lowercase() || "ĂÂÊÔƠƯĐ".contains(c) {
                assert_eq!(back, s, "TCVN3 {c}");
            }
        }
    }

    #[test]
    fn cp1252_inverse() {
        for b in 0..=255u8 {
            assert_eq!(cp1252_byte(cp1252_char(b)), Some(b));
        }
        assert_eq!(cp1252_byte('ệ'), None);
    }
}
