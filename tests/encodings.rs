//! Every sample document, written in every encoding vanban reads, must come back as
//! the same clean text with the same facts, and the encoding must be recognised.
//!
//! The legacy encoders (tests/support/encoders.rs) are written independently of the library's tables.

mod support;

use std::path::Path;

use support::encoders::*;
use support::paths::sample_texts;

use unicode_normalization::UnicodeNormalization;
use vanban::corpus::Document;
use vanban::text::clean::clean;
use vanban::text::decode::{decode, Encoding};
use vanban::text::legacy;

struct Variant {
    name: &'static str,
    bytes: Vec<u8>,
    encoding: Encoding,
    /// The text this variant can carry (the original, or less for TCVN3).
    expected: String,
}

fn variants(original: &str) -> Vec<Variant> {
    let t3 = tcvn3_representable(original);
    let v = |name, bytes, encoding, expected: &str| Variant {
        name,
        bytes,
        encoding,
        expected: expected.to_string(),
    };
    let nfd: String = original.nfd().collect();
    let crlf = original.replace('\n', "\r\n");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(original.as_bytes());
    vec![
        v(
            "utf-8",
            original.as_bytes().to_vec(),
            Encoding::Utf8,
            original,
        ),
        v("utf-8 bom", bom, Encoding::Utf8Bom, original),
        v("utf-8 nfd", nfd.into_bytes(), Encoding::Utf8, original),
        v("utf-8 crlf", crlf.into_bytes(), Encoding::Utf8, original),
        v(
            "utf-16le",
            utf16(original, false),
            Encoding::Utf16Le,
            original,
        ),
        v(
            "utf-16be",
            utf16(original, true),
            Encoding::Utf16Be,
            original,
        ),
        v(
            "windows-1258",
            encode_cp1258(original),
            Encoding::Windows1258,
            original,
        ),
        v("tcvn3", encode_tcvn3(original), Encoding::Tcvn3, &t3),
        v("vni", encode_vni(original), Encoding::Vni, original),
        v(
            "tcvn3 mojibake (cp1252)",
            mojibake(&encode_tcvn3(original), false),
            Encoding::Tcvn3Mojibake,
            &t3,
        ),
        v(
            "tcvn3 mojibake (latin-1)",
            mojibake(&encode_tcvn3(original), true),
            Encoding::Tcvn3Mojibake,
            &t3,
        ),
        v(
            "vni mojibake (cp1252)",
            mojibake(&encode_vni(original), false),
            Encoding::VniMojibake,
            original,
        ),
        v(
            "vni mojibake (latin-1)",
            mojibake(&encode_vni(original), true),
            Encoding::VniMojibake,
            original,
        ),
        v(
            "utf-8 mojibake (cp1252)",
            mojibake(original.as_bytes(), false),
            Encoding::Utf8Mojibake,
            original,
        ),
        v(
            "utf-8 mojibake (latin-1)",
            mojibake(original.as_bytes(), true),
            Encoding::Utf8Mojibake,
            original,
        ),
    ]
}

/// Up to 30 bytes either side of `at`, cut at char boundaries.
fn around(s: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(30);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 30).min(s.len());
    while !s.is_char_boundary(to) {
        to += 1;
    }
    &s[from..to]
}

/// The char boundary at or before `at`.
fn floor(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn doc(bytes: &[u8]) -> Document {
    Document::from_bytes(Path::new("x.txt"), "x.txt", bytes)
}

#[test]
fn every_variant_of_every_sample_reads_the_same() {
    let mut failures = Vec::new();
    for (name, original) in sample_texts() {
        for v in variants(&original) {
            let d = decode(&v.bytes);
            let text = clean(&d.text).text;
            let want = clean(&v.expected).text;
            if d.encoding != v.encoding {
                failures.push(format!(
                    "{name} {}: detected {:?}, want {:?}",
                    v.name, d.encoding, v.encoding
                ));
            }
            if text != want {
                let at = text
                    .char_indices()
                    .zip(want.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(text.len().min(want.len()), |((i, _), _)| i);
                failures.push(format!(
                    "{name} {}: text differs at byte {at}: {:?}",
                    v.name,
                    around(&text, at)
                ));
            }
            assert_eq!(d.replaced, 0, "{name} {}", v.name);
            let facts = doc(&v.bytes).facts;
            assert_eq!(facts, doc(v.expected.as_bytes()).facts, "{name} {}", v.name);
            if v.expected == original {
                assert_eq!(facts, doc(original.as_bytes()).facts, "{name} {}", v.name);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn samples_have_letters_tcvn3_cannot_write() {
    // So that the TCVN3 comparison above is a real restriction, not a no-op.
    let all: String = sample_texts().into_iter().map(|s| s.1).collect();
    assert_ne!(tcvn3_representable(&all), all);
}

#[test]
fn tcvn3_decoder_matches_the_standard_byte_list() {
    for (i, c) in TCVN3_LETTERS.chars().enumerate() {
        if c == '·' {
            continue;
        }
        let mut s = String::new();
        legacy::decode_tcvn3(&[0xA1 + i as u8], &mut s);
        assert_eq!(s, c.to_string(), "byte {:#X}", 0xA1 + i);
    }
}

#[test]
fn every_letter_round_trips_through_the_independent_encoders() {
    let letters: Vec<char> = vanban::text::viet::all_letters().collect();
    assert_eq!(letters.len(), 134);
    for c in letters {
        let s = c.to_string();
        let mut back = String::new();
        legacy::decode_vni(&encode_vni(&s), &mut back);
        assert_eq!(back, s, "VNI {c}");
        let mut back = String::new();
        legacy::decode_tcvn3(&encode_tcvn3(&s), &mut back);
        assert_eq!(back, tcvn3_representable(&s), "TCVN3 {c}");
        let bytes = encode_cp1258(&s);
        let (back, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&bytes);
        assert_eq!(clean(&back).text, s, "Windows-1258 {c}");
    }
}

#[test]
fn examples_from_the_brief() {
    let d = decode("ViÖt Nam ®\u{AD}îc c«ng nhËn".as_bytes());
    assert_eq!(d.text, "Việt Nam được công nhận");
    assert_eq!(d.encoding, Encoding::Tcvn3Mojibake);
    let d = decode("Vieät Nam ñöôïc coâng nhaän".as_bytes());
    assert_eq!(d.text, "Việt Nam được công nhận");
    assert_eq!(d.encoding, Encoding::VniMojibake);
    let d = decode("Viá»‡t Nam Ä‘Æ°á»£c cÃ´ng nháº\u{AD}n".as_bytes());
    assert_eq!(d.text, "Việt Nam được công nhận");
    assert_eq!(d.encoding, Encoding::Utf8Mojibake);
    let d = decode(b"Vi\xD6t Nam \xAE\xAD\xEEc c\xABng nh\xCBn");
    assert_eq!(d.text, "Việt Nam được công nhận");
    assert_eq!(d.encoding, Encoding::Tcvn3);
    let d = decode(b"Vie\xE4t Nam \xF1\xF6\xF4\xEFc co\xE2ng nha\xE4n");
    assert_eq!(d.text, "Việt Nam được công nhận");
    assert_eq!(d.encoding, Encoding::Vni);
}

#[test]
fn one_pasted_paragraph_of_mojibake_is_repaired_alone() {
    for (name, original) in sample_texts() {
        let paras: Vec<&str> = original.split('\n').collect();
        let i = paras.len() / 2;
        for (kind, enc) in [
            (Encoding::Tcvn3Mojibake, encode_tcvn3 as fn(&str) -> Vec<u8>),
            (Encoding::VniMojibake, encode_vni),
            (Encoding::Utf8Mojibake, |s: &str| s.as_bytes().to_vec()),
        ] {
            let mut mixed = paras.clone();
            let bad = String::from_utf8(mojibake(&enc(paras[i]), false)).unwrap();
            if bad == paras[i] {
                continue;
            }
            mixed[i] = &bad;
            let d = decode(mixed.join("\n").as_bytes());
            let mut want = paras.clone();
            let fixed = if kind == Encoding::Tcvn3Mojibake {
                tcvn3_representable(paras[i])
            } else {
                paras[i].to_string()
            };
            want[i] = &fixed;
            assert_eq!(d.text, want.join("\n"), "{name} {kind:?}");
            assert_eq!(d.encoding, kind, "{name}");
            assert!(d.repaired >= 1);
        }
    }
}

#[test]
fn plain_utf8_is_never_repaired() {
    for (name, original) in sample_texts() {
        let d = decode(original.as_bytes());
        assert_eq!(d.text, original, "{name}");
        assert_eq!((d.encoding, d.replaced, d.repaired), (Encoding::Utf8, 0, 0));
    }
}

#[test]
fn a_bad_byte_in_utf8_is_replaced_not_a_reason_to_switch() {
    for (name, original) in sample_texts() {
        for bad in [0xFFu8, 0xD6, 0x80, 0xC3] {
            let cut = floor(&original, original.len() / 2);
            let mut bytes = original.as_bytes()[..cut].to_vec();
            bytes.push(bad);
            bytes.extend(&original.as_bytes()[cut..]);
            let d = decode(&bytes);
            assert_eq!(d.encoding, Encoding::Utf8, "{name} {bad:#X}");
            assert_eq!(d.replaced, 1, "{name} {bad:#X}");
            assert_eq!(
                d.text,
                format!("{}\u{FFFD}{}", &original[..cut], &original[cut..])
            );
        }
    }
    // also in text that is all ASCII
    let d = decode(b"Report 2009\nTotal: 12\xFF units\n");
    assert_eq!((d.encoding, d.replaced), (Encoding::Utf8, 1));
    assert_eq!(d.text, "Report 2009\nTotal: 12\u{FFFD} units\n");
}

#[test]
fn a_raw_legacy_line_inside_utf8_is_read_as_legacy() {
    let (_, original) = &sample_texts()[0];
    let line = "Việt Nam được công nhận là thành viên";
    let mut bytes = original.as_bytes().to_vec();
    bytes.push(b'\n');
    bytes.extend(encode_tcvn3(line));
    bytes.push(b'\n');
    let d = decode(&bytes);
    assert_eq!(d.encoding, Encoding::Utf8);
    assert_eq!(d.text, format!("{original}\n{line}\n"));
    assert_eq!((d.replaced, d.repaired), (0, 1));
}

#[test]
fn utf16_with_odd_length_and_lone_surrogate() {
    let mut b = utf16("Việt", false);
    b.extend([0x00, 0xD8]); // lone high surrogate
    b.extend("Nam".encode_utf16().flat_map(u16::to_le_bytes));
    b.push(b'!');
    let d = decode(&b);
    assert_eq!(d.encoding, Encoding::Utf16Le);
    assert_eq!(d.text, "Việt\u{FFFD}Nam\u{FFFD}");
    assert_eq!(d.replaced, 2);
}

#[test]
fn empty_input() {
    let d = decode(b"");
    assert_eq!(
        (d.text.as_str(), d.encoding, d.replaced),
        ("", Encoding::Utf8, 0)
    );
    assert!(!vanban::text::decode::looks_binary(b""));
}

#[test]
fn repairs_are_reported_as_warnings() {
    let d = doc("Tin mới\nViÖt Nam ®\u{AD}îc c«ng nhËn\n".as_bytes());
    assert_eq!(d.text(), "Tin mới\nViệt Nam được công nhận\n");
    assert!(
        d.warnings().iter().any(|w| w.contains("repaired")),
        "{:?}",
        d.warnings()
    );
    assert!(doc("Tin mới\n".as_bytes()).warnings().is_empty());
}
