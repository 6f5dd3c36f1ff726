//! Hostile text: every control character, escape sequence and bidi control is removed
//! as a whole, its place marked, and the words around it kept.

mod support;

use vanban::text::clean::{clean, Cleaned, Mark};

fn is_bidi_or_zero_width(c: char) -> bool {
    matches!(c,
        '\u{61C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Clean `s` and check the invariants every output must keep.
fn safe(s: &str) -> Cleaned {
    let c = clean(s);
    for ch in c.text.chars() {
        assert!(
            ch == '\n' || !(ch.is_control() || is_bidi_or_zero_width(ch)),
            "{ch:?} left in {:?}",
            c.text
        );
    }
    let mut last = 0;
    for m in &c.marks {
        assert!(m.at >= last && m.at <= c.text.len(), "{:?}", c.marks);
        assert!(c.text.is_char_boundary(m.at));
        last = m.at;
    }
    c
}

fn marks(list: &[(usize, char)]) -> Vec<Mark> {
    list.iter().map(|&(at, glyph)| Mark { at, glyph }).collect()
}

#[test]
fn example_from_the_brief() {
    let c = safe("3.150\x1b[31m tập thể");
    assert_eq!(c.text, "3.150 tập thể");
    assert_eq!(c.marks, marks(&[(5, '␛')]));
}

#[test]
fn osc_title_and_clipboard() {
    let c = safe("Tiêu đề\x1b]0;pwned title\x07 tiếp");
    assert_eq!(c.text, "Tiêu đề tiếp");
    assert_eq!(c.marks, marks(&[("Tiêu đề".len(), '␛')]));

    let c = safe("a\x1b]52;c;cm0gLXJmIH4=\x1b\\b");
    assert_eq!(c.text, "ab");
    assert_eq!(c.marks, marks(&[(1, '␛')]));

    // 8-bit OSC, ended by BEL; 8-bit ST
    let c = safe("x\u{9D}52;c;AAAA\x07y\u{9D}0;t\u{9C}z");
    assert_eq!(c.text, "xyz");
    assert_eq!(c.marks, marks(&[(1, '␛'), (2, '␛')]));
}

#[test]
fn osc_hyperlink_keeps_its_visible_text() {
    let c = safe("Xem \x1b]8;;http://evil.example/\x1b\\trang này\x1b]8;;\x1b\\ nhé");
    assert_eq!(c.text, "Xem trang này nhé");
    assert_eq!(c.marks, marks(&[(4, '␛'), ("Xem trang này".len(), '␛')]));
}

#[test]
fn dcs_sos_pm_apc() {
    for intro in [
        "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\u{90}", "\u{98}", "\u{9E}", "\u{9F}",
    ] {
        let c = safe(&format!("đầu{intro}1$r0;31m payload\x1b\\cuối"));
        assert_eq!(c.text, "đầucuối", "{intro:?}");
        assert_eq!(c.marks, marks(&[("đầu".len(), '␛')]));
    }
}

#[test]
fn csi_colours_and_cursor_moves() {
    let c = safe("\x1b[1;31mĐỏ\x1b[0m \x1b[2J\x1b[H\x1b[10;20Hxong\x1b[?25l\x1b[38;5;196m!");
    assert_eq!(c.text, "Đỏ xong!");
    let e = "Đỏ ".len();
    assert_eq!(
        c.marks,
        marks(&[
            (0, '␛'),
            ("Đỏ".len(), '␛'),
            (e, '␛'),
            (e, '␛'),
            (e, '␛'),
            (e + 4, '␛'),
            (e + 4, '␛'),
        ])
    );
}

#[test]
fn eight_bit_csi() {
    let c = safe("a\u{9B}31mb\u{9B}2Jc");
    assert_eq!(c.text, "abc");
    assert_eq!(c.marks, marks(&[(1, '␛'), (2, '␛')]));
}

#[test]
fn two_character_and_nf_escapes() {
    let c = safe("a\x1b7b\x1bcc\x1b(Bd\x1b#8e\x1b");
    assert_eq!(c.text, "abcde");
    assert_eq!(c.marks.len(), 5);
    assert!(c.marks.iter().all(|m| m.glyph == '␛'));
}

#[test]
fn c1_controls() {
    let c = safe("a\u{84}b\u{9C}c\u{80}d");
    assert_eq!(c.text, "abcd");
    assert_eq!(c.marks, marks(&[(1, '⍰'), (2, '⍰'), (3, '⍰')]));
    // NEL is a line break
    assert_eq!(safe("a\u{85}b").text, "a\nb");
}

#[test]
fn bidi_overrides_and_isolates() {
    let c = safe("abc\u{202E}fed\u{202C} \u{2066}x\u{2069}\u{200F}\u{200E}\u{61C}y");
    assert_eq!(c.text, "abcfed xy");
    assert_eq!(
        c.marks,
        marks(&[
            (3, '⍰'),
            (6, '⍰'),
            (7, '⍰'),
            (8, '⍰'),
            (8, '⍰'),
            (8, '⍰'),
            (8, '⍰'),
        ])
    );
}

#[test]
fn backspace_bell_nul_del() {
    let c = safe("a\x08b\x07c\x00d\x7Fe\x1Ff\x0Bg\x0Ch");
    assert_eq!(c.text, "abcdefgh");
    assert_eq!(
        c.marks,
        marks(&[
            (1, '␈'),
            (2, '␇'),
            (3, '␀'),
            (4, '␡'),
            (5, '␟'),
            (6, '␋'),
            (7, '␌')
        ])
    );
}

#[test]
fn zero_width_characters_go_without_a_mark() {
    let c = safe("\u{FEFF}Việt\u{200B}Nam\u{200D}\u{2060}");
    assert_eq!(c.text, "ViệtNam");
    assert!(c.marks.is_empty());
    // Every invisible of U+2060–U+206F, the unassigned U+2065 too (found by prop_decode).
    let c = safe("a\u{2064}b\u{2065}c\u{206A}d\u{206F}e");
    assert_eq!(c.text, "abcde");
    assert!(c.marks.is_empty());
}

#[test]
fn unterminated_strings_end_at_the_line() {
    let c = safe("a\x1b]0;title without end\nnext line");
    assert_eq!(c.text, "a\nnext line");
    assert_eq!(c.marks, marks(&[(1, '␛')]));
    let c = safe("a\x1bPq#0;2;0;0;0");
    assert_eq!(c.text, "a");
    // so does a C1 control, and each introducer is handled once (no quadratic rescans)
    let c = safe(&"\u{9D}a".repeat(20_000));
    assert_eq!(c.text, "");
    assert_eq!(c.marks.len(), 20_000);
    // an ESC inside a string ends it and starts its own sequence
    let c = safe("a\x1b]0;t\x1b[31mb");
    assert_eq!(c.text, "ab");
    assert_eq!(c.marks.len(), 2);
}

#[test]
fn malformed_csi_keeps_following_text() {
    // a byte that cannot be in a CSI ends it; the text after it stays
    let c = safe("a\x1b[31;ệt\x1b[2\nb");
    assert_eq!(c.text, "aệt\nb");
    assert_eq!(c.marks, marks(&[(1, '␛'), ("aệt".len(), '␛')]));
    // a letter is a final byte (ECMA-48), so it goes with the sequence
    assert_eq!(safe("a\x1b[31;Việt").text, "aiệt");
    let c = safe("x\x1b[");
    assert_eq!(c.text, "x");
}

#[test]
fn newlines_tabs_and_nfc() {
    let c = safe("một\r\nhai\rba\tbốn\u{2029}Vie\u{323}\u{302}t");
    assert_eq!(c.text, "một\nhai\nba    bốn\nViệt");
    assert!(c.marks.is_empty());
}

#[test]
fn replacement_character_is_kept() {
    let c = safe("a\u{FFFD}b");
    assert_eq!(c.text, "a\u{FFFD}b");
    assert!(c.marks.is_empty());
}

#[test]
fn clean_text_is_unchanged() {
    let (_, original) = (
        "sample",
        std::fs::read_to_string(support::paths::sample_dir().join("000_446bc425793f645a.txt"))
            .unwrap(),
    );
    let c = safe(&original);
    assert_eq!(c.text, original);
    assert!(c.marks.is_empty());
}

#[test]
fn hostile_document_extracts_like_the_clean_one() {
    let clean_doc = "Kết quả học tập\n\nNăm 2009, 3.150 tập thể được khen thưởng.\n";
    let hostile = "Kết quả\x1b[1m học tập\x1b]0;owned\x07\n\nNăm 2009, 3.150\x1b[31m tập thể được\u{202E} khen thưởng.\x07\n";
    let a = vanban::corpus::Document::from_bytes("a".as_ref(), "a", clean_doc.as_bytes());
    let b = vanban::corpus::Document::from_bytes("b".as_ref(), "b", hostile.as_bytes());
    assert_eq!(a.text(), b.text());
    assert_eq!(a.facts, b.facts);
    assert_eq!(b.marks().len(), 5);
}
