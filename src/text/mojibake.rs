//! Repair of TCVN3, VNI or UTF-8 text that was read as Windows-1252/Latin-1 and saved
//! as Unicode ("ViÖt Nam", "Vieät Nam", "Viá»‡t Nam"). Works run by run, so one
//! pasted paragraph is repaired while the rest of the document stays as it is.

use super::encoding::Encoding;
use super::legacy;
use super::viet;

/// The result of a repair.
#[derive(Debug)]
pub struct Repair {
    pub text: String,
    /// [`Encoding::Tcvn3Mojibake`], [`Encoding::VniMojibake`] or
    /// [`Encoding::Utf8Mojibake`], whichever repaired the most.
    pub kind: Encoding,
    /// Runs of words that were repaired.
    pub runs: usize,
}

/// Lower-case Latin-1 letters (U+00E0.. by low five bits) that Vietnamese uses.
const VIET_LATIN1: u32 = 1 << 0x00 // à
    | 1 << 0x01 // á
    | 1 << 0x02 // â
    | 1 << 0x03 // ã
    | 1 << 0x08 // è
    | 1 << 0x09 // é
    | 1 << 0x0A // ê
    | 1 << 0x0C // ì
    | 1 << 0x0D // í
    | 1 << 0x12 // ò
    | 1 << 0x13 // ó
    | 1 << 0x14 // ô
    | 1 << 0x15 // õ
    | 1 << 0x19 // ù
    | 1 << 0x1A // ú
    | 1 << 0x1D; // ý

/// True when the UTF-8 `text` has a character that Vietnamese text does not use but
/// mojibake does: a Latin-1 symbol or C1 control (U+0080–U+00BF but the
/// no-break space), a non-Vietnamese Latin-1 letter (Ö ñ ï …), or a Vietnamese
/// Latin-1 letter right after a vowel it cannot follow, which is how VNI adds a
/// mark ("oâ", "aù"), a Latin-1 capital inside a lower-case word ("nhÊt"), or a
/// toned vowel before an "i" it never precedes ("víi" for "với").
/// Cheap: only looks at the bytes 0xC2 and 0xC3.
pub fn suspicious(text: &[u8]) -> bool {
    // Sixteen bytes at a time: Vietnamese has one C2 or C3 in 20 bytes, too close
    // together for `memchr2`, which costs more to set up each time than this whole look.
    let mut i = 0;
    while let Some(block) = text
        .get(i..i + 16)
        .and_then(|b| <&[u8; 16]>::try_from(b).ok())
    {
        let mut mask = c2_c3_mask(block);
        while mask != 0 {
            if suspicious_at(text, i + mask.trailing_zeros() as usize) {
                return true;
            }
            mask &= mask - 1;
        }
        i += 16;
    }
    (i..text.len()).any(|j| text[j] & 0xFE == 0xC2 && suspicious_at(text, j))
}

/// Whether the C2 or C3 byte at `j` starts a suspicious character (see [`suspicious`]).
pub(crate) fn suspicious_at(text: &[u8], j: usize) -> bool {
    let Some(&x) = text.get(j + 1) else {
        return false;
    };
    if text[j] == 0xC2 {
        return x != 0xA0;
    }
    let letter = LATIN1[x as usize];
    letter.alone
        || (x < 0xA0 && after_lower_case(text, j))
        || (letter.vni_after != 0 && letter.vni_after & vowel_before(text, j) != 0)
        || (letter.before_i && text.get(j + 2) == Some(&b'i'))
}

/// What a Latin-1 character (C3 then the byte `x`, or its lower case) says of mojibake.
#[derive(Debug, Clone, Copy)]
struct Latin1 {
    /// Not a letter Vietnamese uses: suspicious wherever it stands.
    alone: bool,
    /// The vowels ([`vowel_bit`]) after which it is a VNI mark ("oâ", "aù").
    vni_after: u8,
    /// A toned vowel never found before an "i" ("víi" for "với").
    before_i: bool,
}

/// [`Latin1`] by the byte after C3, each made from its lower case as the rules say.
const LATIN1: [Latin1; 256] = {
    let mut table = [Latin1 {
        alone: false,
        vni_after: 0,
        before_i: false,
    }; 256];
    let mut x = 0;
    while x < 256 {
        let lower = (x as u32 + 0x40) | 0x20;
        let ae = vowel_bit(b'a') | vowel_bit(b'e');
        table[x] = Latin1 {
            alone: VIET_LATIN1 >> (lower & 0x1F) & 1 == 0,
            vni_after: match lower {
                0xE2 => ae | vowel_bit(b'o'),                 // â
                0xE1 | 0xE0 | 0xE3 => ae,                     // á à ã
                0xEA | 0xE9 | 0xE8 | 0xFA => vowel_bit(b'a'), // ê é è ú
                0xF9 | 0xF5 => {
                    ae | vowel_bit(b'o') | vowel_bit(b'u') | vowel_bit(b'y') | vowel_bit(0xF4)
                } // ù õ
                _ => 0,
            },
            // è é ê ì í ý â
            before_i: matches!(lower, 0xE8 | 0xE9 | 0xEA | 0xEC | 0xED | 0xFD | 0xE2),
        };
        x += 1;
    }
    table
};

/// The rules of [`LATIN1`] in one byte each, by the low five bits of the byte after C3:
/// the [`vowel_bit`]s it is a VNI mark after (bits 0–5), [`C3_ALONE`] and
/// [`C3_BEFORE_I`]. In valid UTF-8 that byte is 80–BF, and its low five bits alone
/// decide its lower case (E0–FF), so this is [`LATIN1`] there; for a table lookup
/// sixteen or thirty-two bytes at a time ([`crate::text::plain`]).
pub(crate) const C3_RULES: [u8; 32] = {
    let mut rules = [0u8; 32];
    let mut y = 0;
    while y < 32 {
        let l = LATIN1[0x80 + y];
        rules[y] = l.vni_after | (C3_ALONE * l.alone as u8) | (C3_BEFORE_I * l.before_i as u8);
        y += 1;
    }
    rules
};
/// In [`C3_RULES`]: not a letter Vietnamese uses.
pub(crate) const C3_ALONE: u8 = 0x40;
/// In [`C3_RULES`]: a toned vowel never found before an "i".
pub(crate) const C3_BEFORE_I: u8 = 0x80;

/// One bit for each vowel a VNI mark follows: a e o u y, and 0xF4 for "ô".
pub(crate) const fn vowel_bit(lower: u8) -> u8 {
    match lower {
        b'a' => 1,
        b'e' => 2,
        b'o' => 4,
        b'u' => 8,
        b'y' => 16,
        0xF4 => 32,
        _ => 0,
    }
}

/// The [`vowel_bit`] of the letter before byte `j`: ASCII, or "ô" (C3 B4 or C3 94).
fn vowel_before(text: &[u8], j: usize) -> u8 {
    if j >= 2 && text[j - 2] == 0xC3 && (text[j - 1] | 0x20) == 0xB4 {
        vowel_bit(0xF4)
    } else if j >= 1 && text[j - 1].is_ascii() {
        vowel_bit(text[j - 1].to_ascii_lowercase())
    } else {
        0
    }
}

/// Bit k set when byte k of the block is C2 or C3.
#[cfg(target_arch = "x86_64")]
fn c2_c3_mask(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86_64; the load reads the 16 bytes of `block`.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let low_bit_off = _mm_and_si128(v, _mm_set1_epi8(0xFEu8 as i8));
        let hits = _mm_cmpeq_epi8(low_bit_off, _mm_set1_epi8(0xC2u8 as i8));
        _mm_movemask_epi8(hits) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn c2_c3_mask(block: &[u8; 16]) -> u32 {
    let mut mask = 0;
    for (k, &b) in block.iter().enumerate() {
        mask |= u32::from(b & 0xFE == 0xC2) << k;
    }
    mask
}

/// Whether the character at byte `j` follows a lower-case letter (ASCII or Latin-1):
/// a capital there is how TCVN3's ấ ệ ễ … (0xC6–0xDF) look when read as Latin-1.
fn after_lower_case(text: &[u8], j: usize) -> bool {
    (j >= 1 && text[j - 1].is_ascii_lowercase())
        || (j >= 2 && text[j - 2] == 0xC3 && text[j - 1] >= 0xA0)
}

fn mappable(word: &str) -> bool {
    word.chars().all(|c| legacy::cp1252_byte(c).is_some())
}

/// Minimum score gain for a repair (a score of −2 → +2 for one word clears it).
const MIN_GAIN: i64 = 3;
/// Runs scored both ways to learn which encoding the document's mojibake is in.
const LEARN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Tcvn3,
    Vni,
    /// UTF-8 read as Windows-1252 ("Viá»‡t" for "Việt").
    Utf8,
}

const KINDS: [Kind; 3] = [Kind::Tcvn3, Kind::Vni, Kind::Utf8];

/// One repaired run: `text[start..end]` becomes `fixed`.
struct Fix {
    start: usize,
    end: usize,
    fixed: String,
    kind: Kind,
}

/// The repair of `s` as `kind` and its score gain, when the gain is enough. Once a
/// document is known to hold UTF-8 mojibake (`known`), bytes that form valid
/// multi-byte UTF-8 need only not lose score: a stray "Â\u{A0}" is a no-break space.
fn try_kind(
    s: &str,
    bytes: &[u8],
    orig: viet::Score,
    kind: Kind,
    known: bool,
) -> Option<(String, i64)> {
    let mut fixed = String::with_capacity(s.len() + 8);
    match kind {
        Kind::Tcvn3 => legacy::decode_tcvn3(bytes, &mut fixed),
        Kind::Vni => legacy::decode_vni(bytes, &mut fixed),
        Kind::Utf8 => fixed.push_str(std::str::from_utf8(bytes).ok()?),
    }
    let sc = viet::score(&fixed);
    let gain = sc.total - orig.total;
    // Valid multi-byte UTF-8 is itself good evidence: no need for a long syllable.
    let ok = match kind {
        Kind::Utf8 if known => gain >= 0 && !fixed.is_ascii(),
        Kind::Utf8 => gain >= MIN_GAIN && !fixed.is_ascii(),
        _ => gain >= MIN_GAIN && sc.viet > 0,
    };
    ok.then_some((fixed, gain))
}

/// Words are separated by white space, but not by the Latin-1 kind: U+0085 is what
/// "…" becomes when Windows-1252 bytes are read as Latin-1, and U+00A0 is the second
/// half of "à" in UTF-8 read as Latin-1 ("Ã\u{A0}").
fn is_space(c: char) -> bool {
    c.is_whitespace() && !('\u{80}'..='\u{FF}').contains(&c)
}

/// Byte ranges of runs of whitespace-separated words that are entirely Latin-1/cp1252
/// (mojibake always is) and contain something suspicious, or (`relaxed`, once a
/// document is known to hold mojibake) any non-ASCII character.
fn spans(text: &str, relaxed: bool) -> Vec<(usize, usize)> {
    let worth = |s: &str| {
        if relaxed {
            !s.is_ascii()
        } else {
            suspicious(s.as_bytes())
        }
    };
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if worth(line) {
            let mut run: Option<(usize, usize)> = None;
            let mut pos = line_start;
            for word in line.split_inclusive(is_space) {
                let w_start = pos;
                pos += word.len();
                let w = word.trim_end_matches(is_space);
                if w.is_empty() {
                    continue;
                }
                let w_end = w_start + w.len();
                if mappable(w) {
                    run = Some((run.map_or(w_start, |r| r.0), w_end));
                } else if let Some(r) = run.take() {
                    out.push(r);
                }
            }
            out.extend(run);
        }
        line_start += line.len();
    }
    out.retain(|&(a, b)| worth(&text[a..b]));
    out
}

/// Score a span as each kind (`first` first, the others only when it fails); the
/// best repair that clears the bar, with each kind's gain.
fn evaluate(
    text: &str,
    (start, end): (usize, usize),
    first: Option<Kind>,
) -> (Option<Fix>, [i64; 3]) {
    let s = &text[start..end];
    let bytes: Vec<u8> = s.chars().filter_map(legacy::cp1252_byte).collect();
    let orig = viet::score(s);
    let mut gains = [0; 3];
    let order = first
        .into_iter()
        .chain(KINDS.into_iter().filter(|&k| Some(k) != first));
    let mut best: Option<(String, i64, Kind)> = None;
    for kind in order {
        let known = first == Some(Kind::Utf8);
        if let Some((fixed, gain)) = try_kind(s, &bytes, orig, kind, known) {
            gains[kind as usize] = gain;
            if best.as_ref().is_none_or(|b| gain > b.1) {
                best = Some((fixed, gain, kind));
            }
            if first.is_some() {
                break;
            }
        }
    }
    let fix = best.map(|(fixed, _, kind)| Fix {
        start,
        end,
        fixed,
        kind,
    });
    (fix, gains)
}

/// Repair the mojibake runs of `text`; `None` when there is nothing to repair.
///
/// Once one suspicious run is clearly mojibake, runs that only hold Latin-1 letters
/// Vietnamese also uses ("Míi" for "Mới") are examined too; each is repaired only
/// when that makes it more Vietnamese. The first runs are scored both ways to learn
/// the document's encoding, which is then tried first.
pub fn repair(text: &str) -> Option<Repair> {
    if !suspicious(text.as_bytes()) {
        return None;
    }
    let strict = spans(text, false);
    let mut learned = [0i64; 3];
    let mut tried = 0;
    for &span in &strict {
        let (fix, gains) = evaluate(text, span, None);
        if fix.is_some() {
            for (l, g) in learned.iter_mut().zip(gains) {
                *l += g;
            }
            tried += 1;
            if tried == LEARN {
                break;
            }
        }
    }
    if tried == 0 {
        return None;
    }
    let first = KINDS
        .into_iter()
        .rev()
        .max_by_key(|&k| learned[k as usize])
        .unwrap_or(Kind::Tcvn3);
    // Mojibake is certain now: look at every run, suspicious or not.
    let fixes: Vec<Fix> = spans(text, true)
        .into_iter()
        .filter_map(|span| evaluate(text, span, Some(first)).0)
        .collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    let mut bytes = [0usize; 3];
    for f in &fixes {
        out.push_str(&text[at..f.start]);
        out.push_str(&f.fixed);
        at = f.end;
        bytes[f.kind as usize] += f.end - f.start;
    }
    out.push_str(&text[at..]);
    Some(Repair {
        text: out,
        kind: match KINDS.into_iter().rev().max_by_key(|&k| bytes[k as usize]) {
            Some(Kind::Vni) => Encoding::VniMojibake,
            Some(Kind::Utf8) => Encoding::Utf8Mojibake,
            _ => Encoding::Tcvn3Mojibake,
        },
        runs: fixes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspicious_only_for_mojibake() {
        for s in [
            "Việt Nam được công nhận, có các cán bộ",
            "xuân quá hoà thuê chuyên tiên",
            "giá\u{A0}100 đồng",
            "",
        ] {
            assert!(!suspicious(s.as_bytes()), "{s}");
        }
        for s in [
            "ViÖt Nam",
            "®\u{AD}îc",
            "Vieät",
            "ñöôïc",
            "coâng",
            "taùc",
            "laõnh",
        ] {
            assert!(suspicious(s.as_bytes()), "{s}");
        }
    }

    fn char_of(u: u32) -> char {
        char::from_u32(u).unwrap_or(' ')
    }

    /// [`suspicious`] as its rules were first written: each C2 or C3 found by `memchr2`,
    /// the letters' sets written as characters.
    fn suspicious_by_rules(text: &[u8]) -> bool {
        let vni_mark = |j: usize, lower: u32| {
            let prev = if j >= 2 && text[j - 2] == 0xC3 && (text[j - 1] | 0x20) == 0xB4 {
                'ô'
            } else if j >= 1 && text[j - 1].is_ascii() {
                text[j - 1].to_ascii_lowercase() as char
            } else {
                return false;
            };
            let after: &str = match char_of(lower) {
                'â' => "aeo",
                'á' | 'à' | 'ã' => "ae",
                'ê' | 'é' | 'è' | 'ú' => "a",
                'ù' | 'õ' => "aeouyô",
                _ => "",
            };
            after.contains(prev)
        };
        for j in memchr::memchr2_iter(0xC2, 0xC3, text) {
            let Some(&x) = text.get(j + 1) else {
                return false;
            };
            if text[j] == 0xC2 {
                if x != 0xA0 {
                    return true;
                }
                continue;
            }
            let lower = (x as u32 + 0x40) | 0x20;
            if VIET_LATIN1 >> (lower & 0x1F) & 1 == 0
                || (x < 0xA0 && after_lower_case(text, j))
                || vni_mark(j, lower)
                || (text.get(j + 2) == Some(&b'i') && "èéêìíýâ".contains(char_of(lower)))
            {
                return true;
            }
        }
        false
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 5000, failure_persistence: None, ..Default::default() })]
        #[test]
        fn suspicious_is_its_rules(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b'e', b'O', b'u', b'y', b'i', b' ', 0xC2, 0xC3, 0xC4, 0xE1, 0x80, 0x94, 0xA0, 0xA2, 0xB4, 0xB9, 0xE2, 0xF4]), 0..70),
            text in "[aeouyiAÔô ÂâáàãêéèúùõÖñïÊíìýòóÝ\u{A0}\u{AD}®«\u{85}đệ]{0,40}",
        ) {
            proptest::prop_assert_eq!(suspicious(&bytes), suspicious_by_rules(&bytes));
            // Valid UTF-8, as the text is when it is asked.
            let text = text.as_bytes();
            proptest::prop_assert_eq!(suspicious(text), suspicious_by_rules(text));
        }
    }

    #[test]
    fn the_latin1_table_is_the_rules() {
        // Every byte after C3, after every vowel, before "i" or not.
        for x in 0..=255u8 {
            for prev in [
                &b"a"[..],
                b"E",
                b"o",
                b"U",
                b"y",
                b"x",
                b"\xC3\xB4",
                b"\xC3\x94",
                b"\xC4\x91",
            ] {
                for after in [&b"i"[..], b"n", b""] {
                    let text = [prev, &[0xC3, x], after].concat();
                    assert_eq!(suspicious(&text), suspicious_by_rules(&text), "{text:x?}");
                }
            }
        }
    }

    #[test]
    fn the_c3_rules_are_the_latin1_table() {
        // Every byte that may follow C3 in valid UTF-8.
        for x in 0x80..=0xBFu8 {
            let (l, r) = (LATIN1[x as usize], C3_RULES[(x & 0x1F) as usize]);
            assert_eq!(l.vni_after, r & 0x3F, "{x:x}");
            assert_eq!(l.alone, r & C3_ALONE != 0, "{x:x}");
            assert_eq!(l.before_i, r & C3_BEFORE_I != 0, "{x:x}");
        }
    }

    #[test]
    fn repairs_runs_only() {
        let r = repair("Việt Nam: ViÖt Nam ®\u{AD}îc c«ng nhËn.\nCông nhận thật.").unwrap();
        assert_eq!(
            r.text,
            "Việt Nam: Việt Nam được công nhận.\nCông nhận thật."
        );
        assert_eq!(r.kind, Encoding::Tcvn3Mojibake);
        let r = repair("Vieät Nam ñöôïc coâng nhaän").unwrap();
        assert_eq!(r.text, "Việt Nam được công nhận");
        assert_eq!(r.kind, Encoding::VniMojibake);
        let r = repair("Viá»‡t Nam Ä‘Æ°á»£c cÃ´ng nháº\u{AD}n").unwrap();
        assert_eq!(r.text, "Việt Nam được công nhận");
        assert_eq!(r.kind, Encoding::Utf8Mojibake);
    }

    #[test]
    fn leaves_foreign_words_alone() {
        for s in [
            "Ông José Muñoz đến thăm",
            "nhiệt độ 30°C có thể",
            "Microsoft® Word",
            "\u{9b}1m \u{9b}2m \u{9b}3m có",
        ] {
            assert!(repair(s).is_none(), "{s}");
        }
    }
}
