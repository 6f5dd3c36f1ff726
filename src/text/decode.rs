//! Encoding detection and decoding of document bytes.
//!
//! Order of business: a BOM decides; UTF-16 without BOM is recognised by its zero
//! bytes; valid UTF-8 is taken as is (the common, fast case) unless it holds
//! TCVN3, VNI or UTF-8 mojibake, which is repaired run by run; anything else is
//! scored as UTF-8, Windows-1258, TCVN3 and VNI, and the most Vietnamese-looking
//! reading wins (see [`viet::score`]).

use super::{legacy, mojibake, viet};

pub use super::encoding::Encoding;

/// Decoded text plus what the decoder noticed.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Invalid byte sequences replaced by U+FFFD.
    pub replaced: usize,
    /// Runs of words or lines read in another encoding than the rest of the text:
    /// mojibake repaired, or legacy-encoded lines inside a UTF-8 file.
    pub repaired: usize,
}

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// How much of a non-UTF-8 file is scored to choose its encoding.
const SAMPLE: usize = 64 * 1024;
/// Minimum score gain for reading bytes in a legacy encoding rather than as UTF-8.
const MIN_GAIN: i64 = 3;
/// The 8-bit encodings tried, in order of preference on a tie.
const LEGACY: [Encoding; 3] = [Encoding::Windows1258, Encoding::Tcvn3, Encoding::Vni];

/// Decode `bytes`, detecting the encoding. Never fails, never panics.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return eight_bit(rest, true);
    }
    if let Some((big_endian, skip)) = utf16_kind(bytes) {
        let (text, replaced) = utf16(&bytes[skip..], big_endian);
        let enc = if big_endian {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        };
        return unicode(text, enc, replaced, 0);
    }
    eight_bit(bytes, false)
}

/// As [`decode`], taking the bytes: valid UTF-8 without a BOM (the usual case) becomes
/// the text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    let plain = !bytes.starts_with(UTF8_BOM) && utf16_kind(&bytes).is_none();
    if plain && simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just checked to be UTF-8 (std's check is many times slower).
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return unicode(text, Encoding::Utf8, 0, 0);
    }
    decode(&bytes)
}

/// Finish a Unicode decoding: repair mojibake runs if there are any.
fn unicode(text: String, encoding: Encoding, replaced: usize, repaired: usize) -> Decoded {
    match mojibake::repair(&text) {
        Some(r) => Decoded {
            text: r.text,
            encoding: r.kind,
            replaced,
            repaired: repaired + r.runs,
        },
        None => Decoded {
            text,
            encoding,
            replaced,
            repaired,
        },
    }
}

/// Bytes that are UTF-8 or a legacy 8-bit encoding; `bom` = a UTF-8 BOM was seen.
fn eight_bit(bytes: &[u8], bom: bool) -> Decoded {
    let utf8 = if bom {
        Encoding::Utf8Bom
    } else {
        Encoding::Utf8
    };
    // SIMD validation: std's from_utf8 is many times slower on Vietnamese text.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return unicode(s.to_owned(), utf8, 0, 0);
    }
    let (multibyte, invalid) = utf8_counts(bytes);
    let utf8_dominant = bom || multibyte >= 4 * invalid;
    if !utf8_dominant {
        let (enc, score, base) = best_legacy(bytes);
        let wins = score.total >= base.total + MIN_GAIN && score.viet > 0;
        // Many invalid sequences and no clear winner: still not UTF-8, and the best
        // legacy reading keeps letters where U+FFFD would not. A few stray bytes,
        // though, do not make a UTF-8 or ASCII file legacy.
        let many = invalid >= 8 && invalid * 1000 >= bytes.len();
        if wins || many {
            return Decoded {
                text: legacy_decode(enc, bytes),
                encoding: enc,
                replaced: 0,
                repaired: 0,
            };
        }
    }
    let (text, replaced, repaired) = utf8_by_line(bytes);
    unicode(text, utf8, replaced, repaired)
}

/// The legacy encoding whose reading of `bytes` scores best, its score, and the score
/// of reading them as lossy UTF-8. Scores a growing head of the text, from 1 KiB up to
/// [`SAMPLE`], and stops as soon as one reading is clearly ahead.
fn best_legacy(bytes: &[u8]) -> (Encoding, viet::Score, viet::Score) {
    let mut size = 1024;
    loop {
        let head = head(bytes, size);
        let base = viet::score(&String::from_utf8_lossy(head));
        let mut scores = LEGACY.map(|e| (e, viet::score(&legacy_decode(e, head))));
        // stable sort: on a tie the earlier encoding of LEGACY stays first
        scores.sort_by_key(|s| std::cmp::Reverse(s.1.total));
        let (enc, best) = scores[0];
        let runner_up = scores[1].1.total.max(base.total);
        let clear = best.total - runner_up >= CLEAR_LEAD && best.viet > 0;
        if clear || head.len() == bytes.len() || size >= SAMPLE {
            return (enc, best, base);
        }
        size *= 4;
    }
}

/// A lead in score that settles the encoding before the whole sample is read.
const CLEAR_LEAD: i64 = 24;

/// The first `size` bytes, cut after a newline when there is one in the second half.
fn head(bytes: &[u8], size: usize) -> &[u8] {
    if bytes.len() <= size {
        return bytes;
    }
    let head = &bytes[..size];
    match memchr::memrchr(b'\n', head) {
        Some(i) if i > size / 2 => &head[..=i],
        _ => head,
    }
}

/// Valid multi-byte UTF-8 characters and invalid sequences.
fn utf8_counts(bytes: &[u8]) -> (usize, usize) {
    let (mut multibyte, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (multibyte, invalid)
}

/// Lossy UTF-8, one U+FFFD per invalid sequence; returns the count too.
fn utf8_lossy(bytes: &[u8], out: &mut String) -> usize {
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push('\u{FFFD}');
            replaced += 1;
        }
    }
    replaced
}

/// Mostly-UTF-8 bytes, line by line: a line with invalid bytes is read in a legacy
/// encoding when that makes it clearly more Vietnamese, else with U+FFFD.
fn utf8_by_line(bytes: &[u8]) -> (String, usize, usize) {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let (mut replaced, mut repaired) = (0, 0);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if let Ok(s) = std::str::from_utf8(line) {
            out.push_str(s);
            continue;
        }
        let mut lossy = String::with_capacity(line.len() + 8);
        let bad = utf8_lossy(line, &mut lossy);
        let base = viet::score(&lossy).total;
        let best = LEGACY
            .into_iter()
            .rev() // so that max_by_key, which keeps the last maximum, prefers the first
            .map(|e| {
                let text = legacy_decode(e, line);
                let score = viet::score(&text);
                (text, score)
            })
            .filter(|(_, s)| s.total >= base + MIN_GAIN && s.viet > 0)
            .max_by_key(|(_, s)| s.total);
        match best {
            Some((text, _)) => {
                out.push_str(&text);
                repaired += 1;
            }
            None => {
                out.push_str(&lossy);
                replaced += bad;
            }
        }
    }
    (out, replaced, repaired)
}

fn legacy_decode(enc: Encoding, bytes: &[u8]) -> String {
    let mut out = String::new();
    match enc {
        Encoding::Tcvn3 => legacy::decode_tcvn3(bytes, &mut out),
        Encoding::Vni => legacy::decode_vni(bytes, &mut out),
        _ => {
            return encoding_rs::WINDOWS_1258
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
    }
    out
}

/// UTF-16 by BOM, or by the zero bytes of its ASCII characters:
/// `(big_endian, bytes to skip)`.
fn utf16_kind(bytes: &[u8]) -> Option<(bool, usize)> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some((false, 2));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some((true, 2));
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 || memchr::memchr(0, head).is_none() {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    // ASCII characters in UTF-16 have a zero in one byte of the pair and a printable
    // byte in the other; most Vietnamese text is more than half ASCII.
    let ascii_like = |zero: usize| {
        let mut n = 0;
        let mut controls = 0;
        for p in head.chunks_exact(2).filter(|p| p[zero] == 0) {
            n += 1;
            controls += usize::from(p[1 - zero] < 0x20 && !b"\t\n\r".contains(&p[1 - zero]));
        }
        n * 2 >= pairs && controls * 20 <= n
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 2 >= pairs && even * 20 < pairs && ascii_like(1) {
        Some((false, 0))
    } else if even * 2 >= pairs && odd * 20 < pairs && ascii_like(0) {
        Some((true, 0))
    } else {
        None
    }
}

/// Decode UTF-16; unpaired surrogates and an odd last byte become U+FFFD and are counted.
fn utf16(bytes: &[u8], big_endian: bool) -> (String, usize) {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let units = pairs.map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut replaced = 0;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => text.push(c),
            Err(_) => {
                text.push('\u{FFFD}');
                replaced += 1;
            }
        }
    }
    if odd {
        text.push('\u{FFFD}');
        replaced += 1;
    }
    (text, replaced)
}

/// How much of a file [`looks_binary`] counts control bytes in.
pub(crate) const BINARY_HEAD: usize = 8192;

/// File signatures of common binary formats.
const MAGIC: [&[u8]; 18] = [
    b"\x89PNG\r\n\x1a\n",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"%PDF-",
    b"\x1f\x8b",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"\x7fELF",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"SQLite format 3\x00",
    b"\xca\xfe\xba\xbe",
    b"\x00asm",
];

/// True when the bytes look like a binary file rather than text: a known file
/// signature, or (outside UTF-16) more than 1% NUL bytes or 5% other control bytes
/// in the first 8 KiB. An empty file is an empty text.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if has_signature(bytes) {
        return true;
    }
    if bytes.is_empty() || utf16_kind(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(BINARY_HEAD)];
    // Most texts have no control byte but LF: then there is nothing to count.
    if !has_control(head) {
        return false;
    }
    let (mut nul, mut controls) = (0usize, 0usize);
    // Counted in byte counters over blocks short enough not to overflow them, with byte
    // comparisons only and no branches, so the loop is vectorised (16 or 32 bytes a step).
    for block in head.chunks(240) {
        let (mut n, mut c) = (0u8, 0u8);
        for &b in block {
            n += u8::from(b == 0);
            // Control bytes text may hold: tab, LF, FF, CR, ESC.
            let allowed = (b == 0x09) | (b == 0x0A) | (b == 0x0C) | (b == 0x0D) | (b == 0x1B);
            c += u8::from(b < 0x20) & u8::from(!allowed);
        }
        nul += usize::from(n);
        controls += usize::from(c);
    }
    nul * 100 > head.len() || controls * 20 > head.len()
}

/// Whether `bytes` start with the signature of a binary format.
pub(crate) fn has_signature(bytes: &[u8]) -> bool {
    MAGIC.iter().any(|m| bytes.starts_with(m))
        || (bytes.starts_with(b"BZh") && bytes.get(4..10) == Some(b"1AY&SY"))
}

/// Whether `bytes` hold a byte below 0x20 other than LF (NUL among them). Tested a block
/// at a time without branches inside it, so the test is vectorised.
fn has_control(bytes: &[u8]) -> bool {
    let control = |any: bool, &b: &u8| any | ((b < 0x20) & (b != b'\n'));
    let mut blocks = bytes.chunks_exact(64);
    blocks.any(|block| block.iter().fold(false, control))
        || blocks.remainder().iter().fold(false, control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_counting_matches_its_definition() {
        // The definition: NUL over 1 %, or other controls but tab, LF, FF, CR, ESC over 5 %.
        let by_definition = |head: &[u8]| {
            let nul = head.iter().filter(|&&b| b == 0).count();
            let controls = head
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
                .count();
            nul * 100 > head.len() || controls * 20 > head.len()
        };
        let mut x: u32 = 12345;
        for case in 0..3000 {
            let mut buf = b"Hoc tap va lam theo ".repeat(1 + case % 7);
            for _ in 0..case % 40 {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let at = (x >> 8) as usize % buf.len();
                buf[at] = (x >> 20) as u8 % 0x21;
            }
            if utf16_kind(&buf).is_some() || MAGIC.iter().any(|m| buf.starts_with(m)) {
                continue;
            }
            assert_eq!(looks_binary(&buf), by_definition(&buf), "{buf:?}");
        }
    }

    #[test]
    fn the_control_test_is_the_byte_test() {
        use proptest::prelude::*;
        let byte = prop::sample::select(vec![
            0u8, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x20, b'a', 0xC3, 0xFF,
        ]);
        let config = ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        // Mostly text, a control byte now and then, around the 64-byte blocks.
        let text = prop::collection::vec(prop_oneof![8 => Just(b'a'), 1 => byte], 0..300);
        proptest!(config, |(bytes in text)| {
            let bytewise = bytes.iter().any(|&b| b < 0x20 && b != b'\n');
            prop_assert_eq!(has_control(&bytes), bytewise);
        });
    }

    #[test]
    fn utf16_sniffing() {
        let le: Vec<u8> = "Hello Việt Nam"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Hello Việt Nam"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_kind(&le), Some((false, 0)));
        assert_eq!(utf16_kind(&be), Some((true, 0)));
        assert_eq!(utf16_kind(b"plain text"), None);
        assert_eq!(decode(&le).text, "Hello Việt Nam");
        assert!(!looks_binary(&le));
    }

    #[test]
    fn odd_utf16_byte_is_replaced() {
        let d = decode(&[0xFF, 0xFE, b'a', 0, b'b']);
        assert_eq!(d.text, "a\u{FFFD}");
        assert_eq!(d.replaced, 1);
        assert_eq!(d.encoding, Encoding::Utf16Le);
    }

    #[test]
    fn binary() {
        assert!(!looks_binary(b""));
        assert!(!looks_binary("Việt Nam\r\n\x1b[31m".as_bytes()));
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n...."));
        assert!(looks_binary(b"%PDF-1.4\n"));
        assert!(looks_binary(b"abc\x00\x01\x02def\x00\x00"));
        let mut long = "chữ ".repeat(1000).into_bytes();
        long[100] = 0;
        assert!(!looks_binary(&long), "one stray NUL in a long text");
    }
}
