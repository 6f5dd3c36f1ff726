//! Legacy encoders written independently of the library's tables, to make test inputs.
//!
//! VNI is built from the Unicode decomposition of each letter; TCVN3 from the byte
//! list of the TCVN 5712 standard (checked against glibc iconv's TCVN5712-1).

use unicode_normalization::UnicodeNormalization;

/// TCVN3 bytes 0xA1–0xFE that are letters, in byte order (TCVN 5712 VN3, plus
/// nothing else). '·' stands for bytes that are not VN3 letters.
pub const TCVN3_LETTERS: &str = "ĂÂÊÔƠƯĐăâêôơưđ·\
                             ·····àảãáạ·ằẳẵắ·\
                             ······ặầẩẫấậè·ẻẽ\
                             éẹềểễếệìỉ···ĩíịò\
                             ·ỏõóọồổỗốộờởỡớợù\
                             ·ủũúụừửữứựỳỷỹýỵ";

pub fn tcvn3_code(c: char) -> Option<u8> {
    TCVN3_LETTERS
        .chars()
        .position(|x| x == c && x != '·')
        .map(|i| 0xA1 + i as u8)
}

/// What TCVN3 can carry of `text`: upper-case toned letters are written with the
/// lower-case code (".VnTimeH" fonts), so they come back in lower case.
pub fn tcvn3_representable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if tcvn3_code(c).is_none() && !c.is_ascii() {
                let lower = c.to_lowercase().next().unwrap();
                if lower != c && tcvn3_code(lower).is_some() {
                    return lower;
                }
            }
            c
        })
        .collect()
}

pub fn cp1252(c: char) -> Option<u8> {
    let mut buf = [0; 4];
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    (!bad && bytes.len() == 1).then(|| bytes[0])
}

pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    tcvn3_representable(text)
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c as u8
            } else if c == '\u{A0}' {
                0xA0
            } else {
                tcvn3_code(c)
                    .or_else(|| cp1252(c).filter(|b| (0x80..0xA0).contains(b)))
                    .unwrap_or_else(|| panic!("TCVN3 cannot write {c:?}"))
            }
        })
        .collect()
}

/// VNI: base letter, then one byte for circumflex/breve and tone together.
pub fn encode_vni(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let upper = c.is_uppercase();
        let case = |b: u8| if upper { b - 0x20 } else { b };
        match c.to_lowercase().next().unwrap() {
            'đ' => {
                out.push(case(0xF1));
                continue;
            }
            '\u{A0}' => {
                out.push(0xA0);
                continue;
            }
            _ => {}
        }
        let parts: Vec<char> = c.to_lowercase().next().unwrap().nfd().collect();
        let Some((&base, marks)) = parts.split_first() else {
            unreachable!()
        };
        if !base.is_ascii_alphabetic() {
            out.push(cp1252(c).unwrap_or_else(|| panic!("VNI cannot write {c:?}")));
            continue;
        }
        let has = |m: char| marks.contains(&m);
        // tones: acute, grave, hook, tilde, dot
        let tone = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}']
            .iter()
            .position(|&t| has(t));
        let horn = has('\u{31B}');
        if base == 'i' {
            let b = match tone {
                None => b'i',
                Some(t) => [0xED, 0xEC, 0xE6, 0xF3, 0xF2][t],
            };
            out.push(if b == b'i' { b } else { case(b) });
            continue;
        }
        if base == 'y' && tone == Some(4) {
            out.push(case(0xEE));
            continue;
        }
        out.push(match (base, horn) {
            ('o', true) => case(0xF4),
            ('u', true) => case(0xF6),
            _ if upper => base.to_ascii_uppercase() as u8,
            _ => base as u8,
        });
        let row: Option<[u8; 6]> = if has('\u{302}') {
            // level, then acute, grave, hook, tilde, dot
            Some([0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4])
        } else if has('\u{306}') {
            Some([0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB])
        } else {
            None
        };
        match (row, tone) {
            (Some(r), t) => out.push(case(r[t.map_or(0, |t| t + 1)])),
            (None, Some(t)) => out.push(case([0xF9, 0xF8, 0xFB, 0xF5, 0xEF][t])),
            (None, None) => {}
        }
    }
    out
}

/// Windows-1258: each tone as a combining mark after a letter that keeps its
/// circumflex, breve or horn (the NFD of the tone only), as Windows writes it.
pub fn encode_cp1258(text: &str) -> Vec<u8> {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut form = String::new();
    for c in text.nfc() {
        let parts: Vec<char> = c.to_string().nfd().collect();
        let base: String = parts.iter().filter(|m| !TONES.contains(m)).collect();
        form.extend(base.nfc());
        form.extend(parts.iter().filter(|m| TONES.contains(m)));
    }
    let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&form);
    assert!(!bad, "Windows-1258 cannot write the text");
    bytes.into_owned()
}

pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// Legacy bytes shown as Windows-1252 (or Latin-1) and saved as UTF-8.
pub fn mojibake(bytes: &[u8], latin1: bool) -> Vec<u8> {
    let s: String = if latin1 {
        bytes.iter().map(|&b| b as char).collect()
    } else {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    };
    s.into_bytes()
}
