//! Arbitrary bytes never panic through decode → clean → extract, and the clean text
//! never holds a control character (other than LF), a bidi control or a zero-width
//! character.

use proptest::prelude::*;
use vanban::text::clean::clean;
use vanban::text::decode::{decode, looks_binary};

fn check(bytes: &[u8]) {
    let _ = looks_binary(bytes);
    let d = decode(bytes);
    assert!(d.replaced <= bytes.len() + 1);
    let c = clean(&d.text);
    for ch in c.text.chars() {
        assert!(!(ch.is_control() && ch != '\n'), "{ch:?} in {:?}", c.text);
        assert!(
            !matches!(ch, '\u{61C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}' | '\u{FEFF}'),
            "{ch:?} in {:?}",
            c.text
        );
    }
    let mut last = 0;
    for m in &c.marks {
        assert!(m.at >= last && c.text.is_char_boundary(m.at));
        last = m.at;
    }
    let _ = vanban::extract::extract(&c.text);
    let doc = vanban::corpus::Document::from_bytes("p".as_ref(), "p", bytes);
    assert_eq!(doc.text(), c.text);
}

/// Pieces that reach the interesting paths: Vietnamese in UTF-8 and the legacy
/// encodings, mojibake, escape sequences, BOMs, invalid bytes.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just("Việt Nam được công nhận ".as_bytes().to_vec()),
        Just("3.150 tập thể, 1,5 tỷ đồng\n".as_bytes().to_vec()),
        Just(b"Vi\xD6t Nam \xAE\xAD\xEEc ".to_vec()),
        Just(b"Vie\xE4t Nam \xF1\xF6\xF4\xEFc ".to_vec()),
        Just("ViÖt Nam ®\u{AD}îc Vieät ñöôïc ".as_bytes().to_vec()),
        Just(b"\x1b[31m".to_vec()),
        Just(b"\x1b]0;title\x07".to_vec()),
        Just(b"\x1b]8;;http://x\x1b\\".to_vec()),
        Just(b"\x1bP".to_vec()),
        Just(b"\x1b".to_vec()),
        Just(
            "\u{9B}\u{9D}\u{85}\u{202E}\u{200B}\u{FEFF}"
                .as_bytes()
                .to_vec()
        ),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\r\n\t\x00\x08\x7F".to_vec()),
        Just(b"\xC3\xE1\x80\xBF\xF0\x9F".to_vec()),
        prop::collection::vec(any::<u8>(), 0..16),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2500))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn mixed_pieces(pieces in prop::collection::vec(piece(), 0..40)) {
        check(&pieces.concat());
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,300}|[\\x00-\\x{FF}]{0,300}") {
        check(s.as_bytes());
        let c = clean(&s);
        prop_assert!(c.text.chars().all(|ch| !ch.is_control() || ch == '\n'));
    }
}
