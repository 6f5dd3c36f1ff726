//! Repair of TCVN3 or VNI text that was read as Windows-1252/Latin-1 and saved as
//! Unicode ("ViÖt Nam", "Vieät Nam"). Works run by run, so one pasted paragraph is
//! repaired while the rest of the document stays as it is.

use memchr::memchr2;

use super::decode::Encoding;
use super::legacy;
use super::viet;

/// The result of a repair.
#[derive(Debug)]
pub struct Repair {
    pub text: String,
    /// [`Encoding::Tcvn3Mojibake`] or [`Encoding::VniMojibake`], whichever repaired more.
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
/// TCVN3/VNI mojibake does: a Latin-1 symbol or C1 control (U+0080–U+00BF but the
/// no-break space), a non-Vietnamese Latin-1 letter (Ö ñ ï …), or a Vietnamese
/// Latin-1 letter right after a vowel it cannot follow, which is how VNI adds a
/// mark ("oâ", "aù"), a Latin-1 capital inside a lower-case word ("nhÊt"), or a
/// toned vowel before an "i" it never precedes ("víi" for "với").
/// Cheap: only looks at the bytes 0xC2 and 0xC3.
pub fn suspicious(text: &[u8]) -> bool {
    let mut i = 0;
    while let Some(p) = memchr2(0xC2, 0xC3, &text[i..]) {
        let j = i + p;
        let Some(&x) = text.get(j + 1) else {
            return false;
        };
        if text[j] == 0xC2 {
            if x != 0xA0 {
                return true;
            }
        } else {
            let lower = (x as u32 + 0x40) | 0x20; // the char, in lower case
            if VIET_LATIN1 >> (lower & 0x1F) & 1 == 0
                || (x < 0xA0 && after_lower_case(text, j))
                || vni_mark_after_vowel(text, j, lower)
                || (text.get(j + 2) == Some(&b'i') && "èéêìíýâ".contains(char_of(lower)))
            {
                return true;
            }
        }
        i = j + 1;
    }
    false
}

fn char_of(u: u32) -> char {
    char::from_u32(u).unwrap_or(' ')
}

/// Whether the character at byte `j` follows a lower-case letter (ASCII or Latin-1):
/// a capital there is how TCVN3's ấ ệ ễ … (0xC6–0xDF) look when read as Latin-1.
fn after_lower_case(text: &[u8], j: usize) -> bool {
    (j >= 1 && text[j - 1].is_ascii_lowercase())
        || (j >= 2 && text[j - 2] == 0xC3 && text[j - 1] >= 0xA0)
}

/// Whether the Latin-1 letter `lower` at byte `j` follows a vowel in a way only a
/// VNI mark byte does.
fn vni_mark_after_vowel(text: &[u8], j: usize, lower: u32) -> bool {
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
}

fn mappable(word: &str) -> bool {
    word.chars().all(|c| legacy::cp1252_byte(c).is_some())
}

/// A run of words that may be mojibake, with its candidate repairs.
struct Run {
    start: usize,
    end: usize,
    /// (text, gain over the original) for TCVN3 and VNI, when the gain is enough.
    tcvn3: Option<(String, i64)>,
    vni: Option<(String, i64)>,
}

/// Minimum score gain for a repair (a score of −2 → +2 for one word clears it).
const MIN_GAIN: i64 = 3;

fn candidate(orig: viet::Score, text: String) -> Option<(String, i64)> {
    let s = viet::score(&text);
    let gain = s.total - orig.total;
    (gain >= MIN_GAIN && s.viet > 0).then_some((text, gain))
}

fn examine(text: &str, start: usize, end: usize, relaxed: bool, runs: &mut Vec<Run>) {
    let s = &text[start..end];
    let worth = if relaxed {
        !s.is_ascii()
    } else {
        suspicious(s.as_bytes())
    };
    if !worth {
        return;
    }
    let bytes: Vec<u8> = s.chars().filter_map(legacy::cp1252_byte).collect();
    let orig = viet::score(s);
    let mut t = String::new();
    legacy::decode_tcvn3(&bytes, &mut t);
    let mut v = String::new();
    legacy::decode_vni(&bytes, &mut v);
    let run = Run {
        start,
        end,
        tcvn3: candidate(orig, t),
        vni: candidate(orig, v),
    };
    if run.tcvn3.is_some() || run.vni.is_some() {
        runs.push(run);
    }
}

/// Words are separated by white space, but not by C1 controls: U+0085 is what "…"
/// becomes when Windows-1252 bytes are read as Latin-1.
fn is_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{85}'
}

/// Find runs of whitespace-separated words that are entirely Latin-1/cp1252
/// (mojibake always is) and contain something suspicious, or (`relaxed`, once a
/// document is known to hold mojibake) any non-ASCII character.
fn find_runs(text: &str, relaxed: bool) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let worth = if relaxed {
            !line.is_ascii()
        } else {
            suspicious(line.as_bytes())
        };
        if worth {
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
                } else if let Some((a, b)) = run.take() {
                    examine(text, a, b, relaxed, &mut runs);
                }
            }
            if let Some((a, b)) = run {
                examine(text, a, b, relaxed, &mut runs);
            }
        }
        line_start += line.len();
    }
    runs
}

/// Repair the mojibake runs of `text`; `None` when there is nothing to repair.
/// Once one run is clearly mojibake, runs that only hold Latin-1 letters Vietnamese
/// also uses ("Míi" for "Mới") are examined too; they are repaired only when that
/// makes them more Vietnamese. Each run is repaired by the decoding that scores best for the whole document when
/// that one helps the run, else by the other one.
pub fn repair(text: &str) -> Option<Repair> {
    if !suspicious(text.as_bytes()) {
        return None;
    }
    if find_runs(text, false).is_empty() {
        return None;
    }
    // Mojibake is certain now: look again at every run, suspicious or not.
    let runs = find_runs(text, true);
    let gain = |f: fn(&Run) -> &Option<(String, i64)>| -> i64 {
        runs.iter().filter_map(|r| f(r).as_ref().map(|c| c.1)).sum()
    };
    let prefer_vni = gain(|r| &r.vni) > gain(|r| &r.tcvn3);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    let (mut tcvn3_bytes, mut vni_bytes) = (0, 0);
    for r in &runs {
        let (fixed, is_vni) = match (prefer_vni, &r.vni, &r.tcvn3) {
            (true, Some(v), _) | (false, Some(v), None) => (&v.0, true),
            (_, _, Some(t)) => (&t.0, false),
            _ => continue,
        };
        if is_vni {
            vni_bytes += r.end - r.start;
        } else {
            tcvn3_bytes += r.end - r.start;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(fixed);
        at = r.end;
    }
    out.push_str(&text[at..]);
    Some(Repair {
        text: out,
        kind: if vni_bytes > tcvn3_bytes {
            Encoding::VniMojibake
        } else {
            Encoding::Tcvn3Mojibake
        },
        runs: runs.len(),
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
