//! Whole screens drawn on a test terminal at 80×24 and 120×40, checked by snapshot and by
//! plain assertions on what must be on screen.

mod support;

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use support::tui::*;
use vanban::tui::{update, Action, State, Theme};

fn snap(s: &State) -> String {
    screen(draw(s).backend().buffer())
}

#[test]
fn list_80x24() {
    let s = state(samples(), 80, 24);
    let text = snap(&s);
    for d in &s.lib.docs {
        let t: String = d.facts.title.chars().take(15).collect();
        assert!(text.contains(&t), "title {t:?} on screen");
    }
    assert!(text.contains("5 documents"));
    assert!(text.contains("? help"));
    insta::assert_snapshot!(text);
}

#[test]
fn list_120x40() {
    let s = state(samples(), 120, 40);
    insta::assert_snapshot!(snap(&s));
}

#[test]
fn reader_on_a_vietnamese_document_80x24() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    let text = snap(&s);
    assert!(text.contains("Bí thư Tỉnh ủy"));
    insta::assert_snapshot!(text);
}

#[test]
fn reader_filtered_with_matches_120x40() {
    let mut s = state(samples(), 120, 40);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "Long An");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('n'));
    let text = snap(&s);
    assert!(text.contains("filter “Long An”"));
    assert!(text.contains("match 1/"));
    insta::assert_snapshot!(text);
}

/// Sample 000 with the awards the gold file gives, built by hand.
fn with_facts_000(w: u16, h: u16) -> State {
    let mut lib = samples();
    lib.docs[0].facts = facts_000(&lib.docs[0]);
    state(lib, w, h)
}

fn assert_award_counts(text: &str) {
    for want in ["3.150", "437 / 1.743", "50 / 251"] {
        assert!(text.contains(want), "{want} on screen:\n{text}");
    }
}

#[test]
fn facts_panel_of_000_120x40() {
    let mut s = with_facts_000(120, 40);
    let text = snap(&s);
    assert_award_counts(&text);
    insta::assert_snapshot!(text);
    // Enter on the third award scrolls the reader to its sentence.
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    let t = draw(&s);
    let reader = text_in(t.backend().buffer(), s.areas().reader.unwrap());
    assert!(reader.contains("có 50 tập thể và 251 cá nhân"), "{reader}");
    let text = screen(t.backend().buffer());
    insta::assert_snapshot!("facts_panel_of_000_120x40_jumped", text);
}

#[test]
fn facts_overlay_of_000_80x24() {
    let mut s = with_facts_000(80, 24);
    press(&mut s, KeyCode::Char('f'));
    let text = snap(&s);
    assert_award_counts(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn facts_panel_from_extraction_of_000() {
    // The counts the extraction finds in sample 000, as the panel shows them.
    let s = state(samples(), 120, 40);
    let text = snap(&s);
    assert!(text.contains("Awards (3)"), "{text}");
    assert_award_counts(&text);
    let facts = text_in(draw(&s).backend().buffer(), s.areas().facts.unwrap());
    assert!(facts.contains("2009  437 / 1.743"), "{facts}");
}

#[test]
fn award_sentences_their_counts_and_the_jump_target_are_styled() {
    let mut s = with_facts_000(120, 40);
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Char('G'));
    let t = draw(&s);
    let b = t.backend().buffer();
    let r = s.areas().reader.unwrap();
    // The first award's sentence, not the target: yellow; its count bold.
    let (x, y) = find_cell(b, r, "3.150").expect("3.150 in the reader");
    assert!(b[(x, y)].modifier.contains(Modifier::BOLD));
    assert_eq!(b[(x, y)].fg, Color::LightYellow);
    let (x, y) = find_cell(b, r, "khen thưởng từ").unwrap();
    assert_eq!(b[(x, y)].fg, s.theme.palette.award);
    let (x, y) = find_cell(b, r, "(Nguồn").unwrap();
    assert_eq!(
        (b[(x, y)].fg, b[(x, y)].modifier),
        (Color::Reset, Modifier::empty())
    );
    // After a jump the sentence is marked.
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Enter);
    let t = draw(&s);
    let b = t.backend().buffer();
    let (x, y) = find_cell(b, r, "khen thưởng từ").unwrap();
    assert_eq!(b[(x, y)].bg, Color::Blue);
}

#[test]
fn help_80x24() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Char('?'));
    let text = snap(&s);
    assert!(text.contains("Keys"));
    assert!(text.contains("j ↓"));
    // The rest is below: the program's keys come last.
    press(&mut s, KeyCode::Char('G'));
    assert!(snap(&s).contains("Ctrl-Z"));
    insta::assert_snapshot!(text);
}

#[test]
fn filter_typing_80x24() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "gương Bác");
    let t = draw(&s);
    let text = screen(t.backend().buffer());
    assert!(text.contains("/gương Bác"));
    insta::assert_snapshot!(text);
}

#[test]
fn no_color_uses_no_colour_and_keeps_the_selection_visible() {
    let mut s = state(samples(), 80, 24);
    s.theme = Theme {
        color: false,
        ..Theme::default()
    };
    let mut lib_s = with_facts_000(80, 24);
    lib_s.theme = Theme {
        color: false,
        ..Theme::default()
    };
    press(&mut lib_s, KeyCode::Char('/'));
    keys(&mut lib_s, "năm");
    press(&mut lib_s, KeyCode::Enter);
    press(&mut lib_s, KeyCode::Char('n'));
    for st in [&s, &lib_s] {
        let t = draw(st);
        let b = t.backend().buffer();
        for c in &b.content {
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "{:?}",
                c.symbol()
            );
        }
    }
    // Every row of the selected entry is reversed (its title takes two), the next is not.
    let t = draw(&s);
    let b = t.backend().buffer();
    let list = s.areas().list.unwrap();
    let rows = s.entry_rows(0) as u16;
    assert_eq!(rows, 3);
    for y in 1..=rows {
        let cell = &b[(list.x + 3, list.y + y)];
        assert!(cell.modifier.contains(Modifier::REVERSED), "row {y}");
    }
    let cell = &b[(list.x + 3, list.y + rows + 1)];
    assert!(!cell.modifier.contains(Modifier::REVERSED));
    // Unread titles are bold with a mark; read ones plain, without colour too.
    s.focus = vanban::tui::Pane::List;
    update(&mut s, Action::MarkAllRead);
    update(&mut s, Action::Down);
    update(&mut s, Action::ToggleRead);
    update(&mut s, Action::Up);
    let t = draw(&s);
    let b = t.backend().buffer();
    let unread = find_cell(b, list, "Long An: Nhân").unwrap();
    let read = find_cell(b, list, "Long An qua").unwrap();
    assert!(b[unread].modifier.contains(Modifier::BOLD));
    assert!(!b[read].modifier.contains(Modifier::BOLD));
    assert_eq!(b[(unread.0 - 2, unread.1)].symbol(), "•");
    assert_eq!(b[(read.0 - 2, read.1)].symbol(), " ");
}

/// A document that tries everything: escape sequences, a bell, CJK, emoji, NFD accents.
const HOSTILE: &str = "Tiêu đề \u{1b}[2J\u{1b}]0;pwned\u{7} xong\n\
    漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字\n\
    Emoji 😀😀😀 👨‍👩‍👧‍👦 và cờ 🇻🇳 giữa câu, Ke\u{302}\u{301}t qua\u{309} NFD.\n";

#[test]
fn hostile_text_cannot_touch_the_terminal_or_the_borders() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = state(library(&[HOSTILE]), w, h);
        press(&mut s, KeyCode::Enter);
        // The first lines are taken for the page around the article: folded, then shown.
        for unfold in [false, true] {
            if unfold {
                press(&mut s, KeyCode::Char('z'));
            }
            let t = draw(&s);
            let b = t.backend().buffer();
            for c in &b.content {
                assert!(
                    !c.symbol().chars().any(char::is_control),
                    "{:?}",
                    c.symbol()
                );
            }
            // Every row keeps the reader's two borders in their columns.
            let r = s.areas().reader.unwrap();
            for y in r.y..r.bottom() {
                for x in [r.x, r.right() - 1] {
                    let sym = b[(x, y)].symbol();
                    assert!("│┃┌┐└┘┏┓┗┛".contains(sym), "border at ({x},{y}) is {sym:?}");
                }
            }
        }
        let t = draw(&s);
        let b = t.backend().buffer();
        let text = screen(b);
        assert!(text.contains("Kết quả"), "NFD text shows as NFC:\n{text}");
        assert!(
            text.contains(vanban::text::clean::ESCAPE_GLYPH),
            "removed controls leave a visible mark"
        );
        if w == 80 {
            insta::assert_snapshot!(text);
        }
    }
}

#[test]
fn nfc_and_nfd_sources_look_the_same() {
    let nfc = "Kết quả năm 2009 ở Long An, thực hiện chuyên đề";
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
    assert_ne!(nfc, nfd);
    let screens: Vec<String> = [nfc, nfd.as_str()]
        .iter()
        .map(|t| {
            let s = state(library(&[t]), 80, 24);
            snap(&s)
        })
        .collect();
    assert_eq!(screens[0], screens[1]);
}

#[test]
fn every_size_from_tiny_to_wide_draws() {
    let mut s = with_facts_000(10, 3);
    for (w, h) in [
        (1, 1),
        (10, 3),
        (30, 8),
        (59, 20),
        (60, 20),
        (99, 30),
        (100, 30),
        (200, 60),
    ] {
        update(&mut s, Action::Resize(w, h));
        for code in [KeyCode::Tab, KeyCode::Tab, KeyCode::Char('?')] {
            press(&mut s, code);
            let t = draw(&s);
            assert_eq!(t.backend().buffer().area.width, w);
        }
        press(&mut s, KeyCode::Esc);
    }
}

#[test]
fn reader_on_a_tcvn3_docx_80x24() {
    let path = support::paths::root().join("tests/fixtures/formats/docx/tcvn3.docx");
    let lib = vanban::corpus::Library::load(&[path]);
    assert_eq!(lib.docs.len(), 1);
    let mut s = state(lib, 80, 24);
    press(&mut s, KeyCode::Enter);
    let text = snap(&s);
    // Decoded from the .VnTime runs, not shown as their Windows-1252 bytes.
    assert!(text.contains("Nhân rộng cách làm hay"), "{text}");
    assert!(
        text.contains("docx"),
        "format on the list's second line: {text}"
    );
    insta::assert_snapshot!(text);
}

/// Sample 001 in the reader: a site's page with dates and a section label before the
/// headline, and "Phản hồi", "Các tin khác", "Mới nhất" after the article.
fn reader_on_001(w: u16, h: u16) -> State {
    let mut s = state(samples(), w, h);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    assert!(s.lib.docs[s.open.unwrap()].name.starts_with("001_"));
    s
}

#[test]
fn reader_with_folded_furniture_80x24() {
    let s = reader_on_001(80, 24);
    let text = snap(&s);
    assert!(text.contains("page: 3 lines — z shows them"), "{text}");
    assert!(
        !text.contains("Thực tiễn kinh nghiệm"),
        "the section label is folded"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn reader_with_folded_furniture_at_the_end_80x24() {
    let mut s = reader_on_001(80, 24);
    press(&mut s, KeyCode::Char('G'));
    let text = snap(&s);
    assert!(text.contains("lines — z shows them"), "{text}");
    for furniture in ["Phản hồi", "Các tin khác", "Mới nhất"] {
        assert!(!text.contains(furniture), "{furniture} folded");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn reader_with_folded_furniture_120x40() {
    let s = reader_on_001(120, 40);
    let t = draw(&s);
    // The fold's line is dim, in colour and without.
    let reader = s.areas().reader.unwrap();
    let (x, y) = find_cell(t.backend().buffer(), reader, "page: 3 lines").expect("fold line");
    let cell = &t.backend().buffer()[(x, y)];
    assert!(cell.modifier.contains(Modifier::ITALIC), "{cell:?}");
    insta::assert_snapshot!(screen(t.backend().buffer()));
}

#[test]
fn reader_with_furniture_shown_120x40() {
    let mut s = reader_on_001(120, 40);
    press(&mut s, KeyCode::Char('z'));
    let text = snap(&s);
    assert!(text.contains("Thực tiễn kinh nghiệm") && !text.contains("z shows them"));
    insta::assert_snapshot!(text);
}
