//! The reader's behaviour without a terminal: keys go through the key table to actions,
//! actions through `update` to the state.

mod support;

use crossterm::event::{KeyCode, KeyModifiers};
use proptest::prelude::*;
use support::tui::*;
use vanban::tui::{update, Action, Effect, Mode, Pane, State};

fn title(s: &State) -> &str {
    &s.lib.docs[s.open.unwrap()].facts.title
}

/// The first visible line of the reader, as text.
fn top_line(s: &State) -> &str {
    &s.page.shown[s.page.lines[s.reader_top].clone()]
}

#[test]
fn filter_then_enter_opens_the_document() {
    let mut s = state(samples(), 120, 40);
    assert_eq!(s.visible.len(), 5);
    press(&mut s, KeyCode::Char('/'));
    assert_eq!(s.mode(), Mode::Filter);
    keys(&mut s, "Kết quả");
    assert_eq!(s.query, "Kết quả");
    // The list is the search's ranking (fuzzy, as in fzf), best match first.
    assert_eq!(s.visible, vanban::search::rank(&s.lib, "Kết quả"));
    assert!(title(&s).starts_with("Kết quả thực hiện chuyên đề"));
    press(&mut s, KeyCode::Enter);
    assert_eq!((s.mode(), s.focus), (Mode::Normal, Pane::Reader));
    assert!(s.lib.docs[s.open.unwrap()].name.starts_with("000_"));
    // The query's occurrences in the text are known, for n/N.
    assert!(!s.matches.is_empty());
}

#[test]
fn backspace_widens_and_esc_clears_keeping_the_document() {
    let mut s = state(samples(), 120, 40);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "Kết quả");
    let open = s.open;
    press(&mut s, KeyCode::Enter);
    // Esc from the reader goes back to the list, then clears the filter.
    press(&mut s, KeyCode::Esc);
    assert_eq!((s.focus, s.query.as_str()), (Pane::List, "Kết quả"));
    press(&mut s, KeyCode::Esc);
    assert_eq!((s.query.as_str(), s.visible.len()), ("", 5));
    assert_eq!(s.open, open, "the open document stays selected");
    assert_eq!(s.visible[s.selected], open.unwrap());
    // Typing then deleting everything lists every document again.
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "zzz");
    assert!(s.visible.is_empty());
    assert_eq!(s.open, None);
    for _ in 0..3 {
        press(&mut s, KeyCode::Backspace);
    }
    assert_eq!(s.visible.len(), 5);
    assert_eq!(press(&mut s, KeyCode::Backspace), Effect::None);
}

#[test]
fn letters_type_while_filtering_and_q_quits_otherwise() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Char('/'));
    assert_eq!(press(&mut s, KeyCode::Char('q')), Effect::Redraw);
    assert_eq!(s.query, "q");
    press(&mut s, KeyCode::Esc);
    assert_eq!(press(&mut s, KeyCode::Char('q')), Effect::Quit);
    assert_eq!(
        press_mod(&mut s, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::Quit
    );
    assert_eq!(
        press_mod(&mut s, KeyCode::Char('z'), KeyModifiers::CONTROL),
        Effect::Suspend
    );
}

#[test]
fn list_moves_and_the_reader_follows() {
    let mut s = state(samples(), 80, 24);
    assert_eq!((s.selected, s.open), (0, Some(0)));
    assert_eq!(
        press(&mut s, KeyCode::Char('k')),
        Effect::None,
        "already at the top"
    );
    press(&mut s, KeyCode::Char('j'));
    assert_eq!((s.selected, s.open), (1, Some(1)));
    press(&mut s, KeyCode::Down);
    assert_eq!(s.open, Some(2));
    press(&mut s, KeyCode::Char('G'));
    assert_eq!(s.selected, 4);
    assert_eq!(press(&mut s, KeyCode::End), Effect::None);
    press(&mut s, KeyCode::Home);
    assert_eq!(s.selected, 0);
    press(&mut s, KeyCode::PageDown);
    assert_eq!(
        s.selected, 4,
        "a page is more than five documents at 24 rows"
    );
}

#[test]
fn reader_scrolls_by_line_page_and_ends() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.focus, Pane::Reader);
    let h = s.reader_height();
    let n = s.page.lines.len();
    assert!(n > 2 * h, "sample 000 is longer than two screens at 80×24");
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.reader_top, 1);
    press(&mut s, KeyCode::Char(' '));
    assert_eq!(s.reader_top, h);
    press(&mut s, KeyCode::PageUp);
    assert_eq!(s.reader_top, 1);
    press(&mut s, KeyCode::Char('G'));
    assert_eq!(s.reader_top, n - h, "the last line sits at the bottom");
    assert_eq!(press(&mut s, KeyCode::Char('j')), Effect::None);
    press(&mut s, KeyCode::Char('g'));
    assert_eq!(s.reader_top, 0);
}

#[test]
fn tab_cycles_panes_and_narrow_screens_overlay_the_facts() {
    let mut s = state(samples(), 80, 24);
    assert!(s.areas().facts.is_none());
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.focus, Pane::Reader);
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.focus, Pane::Facts);
    assert!(s.areas().facts_overlay);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.focus, Pane::Reader, "Esc closes the overlay");
    press(&mut s, KeyCode::BackTab);
    assert_eq!(s.focus, Pane::List);
    press(&mut s, KeyCode::BackTab);
    assert_eq!(s.focus, Pane::Facts);
    press(&mut s, KeyCode::Char('f'));
    assert_eq!(s.focus, Pane::Reader);
}

#[test]
fn wide_screens_toggle_the_facts_panel_and_rewrap() {
    let mut s = state(samples(), 120, 40);
    assert!(s.areas().facts.is_some());
    let w = s.page.width;
    press(&mut s, KeyCode::Char('f'));
    assert!(s.areas().facts.is_none());
    assert!(s.page.width > w, "the reader takes the panel's room");
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.focus, Pane::List, "a hidden panel is skipped");
    press(&mut s, KeyCode::Char('f'));
    assert_eq!(s.page.width, w);
}

#[test]
fn resize_rewraps_and_keeps_the_place() {
    let mut s = state(samples(), 120, 40);
    press(&mut s, KeyCode::Enter);
    for _ in 0..10 {
        press(&mut s, KeyCode::Char('j'));
    }
    let at = s.page.lines[s.reader_top].start;
    let before: String = s.page.shown[at..].chars().take(20).collect();
    update(&mut s, Action::Resize(80, 24));
    assert!(s
        .page
        .lines
        .iter()
        .all(|l| vanban::text::wrap::width(&s.page.shown[l.clone()]) <= s.page.width));
    assert!(top_line(&s).len() + s.page.lines[s.reader_top].start > at);
    assert!(
        s.page.lines[s.reader_top].start <= at,
        "the old first line is still on screen"
    );
    assert!(s.page.shown[s.page.lines[s.reader_top].start..].contains(&before));
    assert_eq!(
        update(&mut s, Action::Resize(80, 24)),
        Effect::None,
        "same size: no redraw"
    );
}

#[test]
fn enter_on_a_fact_scrolls_to_its_sentence_and_marks_it() {
    let mut lib = samples();
    lib.docs[0].facts = facts_000(&lib.docs[0]);
    let mut s = state(lib, 80, 24);
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.focus, Pane::Facts);
    // The first entry is the 3.150 award; move to the second (437 / 1.743).
    press(&mut s, KeyCode::Char('j'));
    let e = &s.entries[s.facts_sel.unwrap()];
    assert_eq!(e.lines[0], "2009  437 / 1.743");
    let span = e.target.unwrap();
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.target, Some(span));
    assert_eq!(
        s.focus,
        Pane::Reader,
        "the overlay closes to show the sentence"
    );
    let line = s.page.line_of(s.page.range(span).start);
    assert!(line >= s.reader_top && line < s.reader_top + s.reader_height());
    assert!(s.reader_top > 0, "the sentence is below the first screen");
}

#[test]
fn n_and_shift_n_cycle_through_matches() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Char('n'));
    assert!(s.message.as_deref().unwrap().contains("press /"));
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "Long An");
    press(&mut s, KeyCode::Enter);
    let n = s.matches.len();
    assert!(n >= 3);
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(s.current, Some(0));
    press(&mut s, KeyCode::Char('N'));
    assert_eq!(s.current, Some(n - 1), "N wraps around to the last match");
    let line = s.page.line_of(s.page.range(s.matches[n - 1]).start);
    assert!(line >= s.reader_top && line < s.reader_top + s.reader_height());
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(s.current, Some(0));
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Char('?'));
    assert_eq!(s.mode(), Mode::Help);
    press(&mut s, KeyCode::Char('G'));
    assert!(s.help.unwrap() > 0, "the help is taller than 24 rows allow");
    assert_eq!(s.selected, 0, "keys move the help, not the list");
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.mode(), Mode::Normal);
    press(&mut s, KeyCode::Char('?'));
    press(&mut s, KeyCode::Char('?'));
    assert_eq!(s.help, None);
}

#[test]
fn mouse_clicks_and_wheel() {
    let mut s = state(samples(), 120, 40);
    let list = s.areas().list.unwrap();
    let t = draw(&s);
    let at = |needle: &str| find_cell(t.backend().buffer(), list, needle).expect(needle);
    // A click on the third document's title chooses it.
    let (x, y) = at("Long An qua 2 năm");
    update(&mut s, Action::Click(x, y));
    assert_eq!((s.selected, s.open, s.focus), (2, Some(2), Pane::List));
    // Entries differ in height: the second title takes two lines, then its date line;
    // a click on any of them chooses it, and the row below is the next entry.
    let (x, y) = at("Long An: Nhân rộng");
    assert_eq!(at("2014-06-15").1, y + 2, "two title lines, then the date");
    for dy in 0..3 {
        update(&mut s, Action::Click(x, y + dy));
        assert_eq!(s.selected, 1, "row {dy} of the entry");
    }
    update(&mut s, Action::Click(x, y + 3));
    assert_eq!(s.selected, 2);
    let reader = s.areas().reader.unwrap();
    update(
        &mut s,
        Action::Wheel {
            x: reader.x + 5,
            y: reader.y + 5,
            down: true,
        },
    );
    assert_eq!(s.reader_top, 3);
    assert_eq!(s.focus, Pane::List, "the wheel does not move the focus");
    update(&mut s, Action::Click(reader.x + 5, reader.y + 5));
    assert_eq!(s.focus, Pane::Reader);
}

#[test]
fn an_empty_library_is_calm() {
    let mut s = state(library(&[]), 80, 24);
    for code in [
        KeyCode::Char('j'),
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::Char('n'),
        KeyCode::Char('G'),
    ] {
        press(&mut s, code);
    }
    assert_eq!(s.open, None);
    let t = draw(&s);
    assert!(screen(t.backend().buffer()).contains("No documents loaded."));
}

/// Any sequence of actions at any size keeps the state consistent and draws without panic.
fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Down),
        Just(Action::Up),
        Just(Action::PageDown),
        Just(Action::PageUp),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::NextPane),
        Just(Action::PrevPane),
        Just(Action::ToggleFacts),
        Just(Action::StartFilter),
        Just(Action::Backspace),
        Just(Action::Back),
        Just(Action::Activate),
        Just(Action::NextMatch),
        Just(Action::PrevMatch),
        Just(Action::Help),
        Just(Action::Awards),
        Just(Action::Sort),
        Just(Action::Reverse),
        Just(Action::Bookmark),
        Just(Action::Bookmarks),
        Just(Action::Delete),
        Just(Action::Copy),
        Just(Action::Warnings),
        Just(Action::ToggleRead),
        Just(Action::MarkAllRead),
        Just(Action::UnreadOnly),
        Just(Action::Furniture),
        Just(Action::Reload),
        prop::sample::select(vec!['a', 'K', 'ế', 't', ' ', '漢', 'q']).prop_map(Action::Type),
        (0u16..130, 0u16..45).prop_map(|(w, h)| Action::Resize(w, h)),
        (0u16..130, 0u16..45).prop_map(|(x, y)| Action::Click(x, y)),
        (0u16..130, 0u16..45, any::<bool>()).prop_map(|(x, y, down)| Action::Wheel { x, y, down }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_actions_keep_the_state_sound(actions in prop::collection::vec(action(), 1..40)) {
        let mut s = state(samples(), 80, 24);
        for a in actions {
            update(&mut s, a);
            prop_assert!(s.visible.is_empty() || s.selected < s.visible.len());
            prop_assert_eq!(s.open, s.visible.get(s.selected).copied());
            prop_assert!(s.reader_top <= s.page.lines.len());
            prop_assert!(s.visible.is_empty() || s.list_top <= s.selected);
            let n = s.lib.docs.len();
            prop_assert_eq!(s.unread(), (0..n).filter(|&d| !s.is_read(d)).count());
            if let Some(f) = s.facts_sel {
                prop_assert!(!s.entries[f].heading);
            }
            if let Some(t) = &s.table {
                prop_assert!(t.table.is_empty() || t.sel < t.table.len());
                prop_assert!(t.top <= t.sel || t.table.is_empty());
            }
            if let Some(vanban::tui::Popup::Bookmarks { rows, sel, .. }) = &s.popup {
                prop_assert!(rows.is_empty() || *sel < rows.len());
                prop_assert_eq!(rows.len(), s.memory.bookmarks.len());
            }
            if s.size.width > 0 && s.size.height > 0 {
                draw(&s);
            }
        }
    }
}

#[test]
fn readme_key_table_matches_the_keymap() {
    let path = support::paths::root().join("README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let keymap = vanban::config::Keymap::new(&vanban::tui::keymap::BINDABLE);
    for (keys, what) in vanban::tui::keymap::help_lines(&keymap) {
        if !keys.is_empty() {
            let row = format!("| {keys} | {what} |");
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
    }
}

/// A page as a site prints it: site name, menu and date, the article, then furniture.
fn page() -> String {
    let mut p = String::from(
        "Báo điện tử Long An\nTrang chủ > Xây dựng Đảng\nThứ Ba, 1/10/2024\n\n\
         Long An: Khen thưởng 12 tập thể điển hình học tập và làm theo Bác\n\n",
    );
    for i in 1..=8 {
        p += &format!("Đoạn {i}: Ban Thường vụ Tỉnh ủy biểu dương các điển hình của huyện.\n\n");
    }
    p + "Phản hồi\nCác tin khác\nMới nhất\nXem nhiều nhất\nMột bài khác về Bến Lức\n"
}

fn shown(s: &State) -> String {
    screen(draw(s).backend().buffer())
}

#[test]
fn furniture_is_folded_into_one_line_each_and_z_shows_it() {
    let mut s = state(library(&[&page()]), 100, 40);
    press(&mut s, KeyCode::Enter);
    let text = shown(&s);
    assert!(text.contains("page: 3 lines — z shows them"), "{text}");
    assert!(text.contains("page: 5 lines — z shows them"), "{text}");
    for furniture in [
        "Trang chủ",
        "Thứ Ba, 1/10/2024",
        "Phản hồi",
        "Xem nhiều nhất",
    ] {
        assert!(!text.contains(furniture), "{furniture} folded");
    }
    assert_eq!(top_line(&s), "page: 3 lines — z shows them");
    assert!(s.page.shown[s.page.lines[1].clone()].starts_with("Long An: Khen"));
    // z shows it all, and folds it again.
    press(&mut s, KeyCode::Char('z'));
    let text = shown(&s);
    for furniture in ["Trang chủ > Xây dựng Đảng", "Phản hồi", "Xem nhiều nhất"] {
        assert!(text.contains(furniture), "{furniture} shown");
    }
    assert!(!text.contains("page: "));
    press(&mut s, KeyCode::Char('z'));
    assert!(shown(&s).contains("page: 5 lines — z shows them"));
    // A page without furniture says so.
    let mut s = state(
        library(&["Long An: Khen thưởng 12 tập thể điển hình\nBài."]),
        100,
        40,
    );
    press(&mut s, KeyCode::Char('z'));
    assert!(shown(&s).contains("nothing around its article"));
}

#[test]
fn places_stay_on_the_same_text_folded_or_not() {
    let text = page();
    let head = text.find("Long An: Khen").unwrap();
    let mut s = state(library(&[&text]), 80, 12);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.focus, Pane::Reader);
    assert_eq!(
        s.top_offset(),
        Some(0),
        "the fold's line is the top of the text"
    );
    press(&mut s, KeyCode::Char('j'));
    assert!(top_line(&s).starts_with("Long An: Khen"));
    assert_eq!(s.top_offset(), Some(head));
    // Unfolded, the headline stays the first line shown; folded again too.
    press(&mut s, KeyCode::Char('z'));
    assert!(top_line(&s).starts_with("Long An: Khen"));
    assert_eq!(s.top_offset(), Some(head));
    press(&mut s, KeyCode::Char('k'));
    assert_eq!(top_line(&s), "");
    // Folded, a place in the furniture is the fold's line.
    press(&mut s, KeyCode::Char('z'));
    assert_eq!(top_line(&s), "page: 3 lines — z shows them");
    // At the end: the last fold's line is the last line, and stands for where it starts.
    press(&mut s, KeyCode::Char('G'));
    let last = s.page.lines.last().unwrap().clone();
    assert_eq!(&s.page.shown[last.clone()], "page: 5 lines — z shows them");
    assert_eq!(s.page.to_source(last.start), text.find("Phản hồi").unwrap());
}

#[test]
fn a_match_in_the_furniture_unfolds_it() {
    let mut s = state(library(&[&page()]), 80, 12);
    press_mod(&mut s, KeyCode::Char('f'), KeyModifiers::CONTROL);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "Bến Lức");
    press(&mut s, KeyCode::Enter);
    assert!(!s.matches.is_empty());
    assert!(!s.furniture);
    press(&mut s, KeyCode::Char('n'));
    assert!(s.furniture, "shown for the match");
    let text = shown(&s);
    assert!(text.contains("Một bài khác về Bến Lức"), "{text}");
    assert!(text.contains("match 1/"));
}

#[test]
fn reading_again_adds_removes_and_changes_documents_keeping_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "a.txt",
        "Bài thứ nhất về học tập và làm theo Bác\nNội dung.",
    );
    write("b.txt", &page());
    let load = || vanban::corpus::Library::load(&[dir.path().to_path_buf()]);
    let mut s = state(load(), 100, 30);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('j'));
    let (open, top) = (s.open.unwrap(), s.top_offset());
    assert!(s.lib.docs[open].path.ends_with("b.txt"));
    assert_eq!(press(&mut s, KeyCode::Char('R')), Effect::Reload);
    write(
        "c.txt",
        "Bài mới: ba tập thể được khen thưởng trong năm\nNội dung.",
    );
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    s.reload_library(load());
    let names: Vec<&str> = s.lib.docs.iter().map(|d| &*d.name).collect();
    assert_eq!(names, ["b.txt", "c.txt"]);
    assert!(s.lib.docs[s.open.unwrap()].path.ends_with("b.txt"));
    assert_eq!(s.visible[s.selected], s.open.unwrap());
    assert_eq!(s.top_offset(), top, "the same place");
    assert_eq!(s.focus, Pane::Reader);
    assert!(shown(&s).contains("documents read again: 1 added, 1 removed"));
    write(
        "c.txt",
        "Bài mới: bốn tập thể được khen thưởng trong năm\nNội dung.",
    );
    s.reload_library(load());
    assert_eq!(
        s.message.as_deref(),
        Some("documents read again: 1 changed")
    );
    s.reload_library(load());
    assert_eq!(
        s.message.as_deref(),
        Some("documents read again: no change")
    );
}
