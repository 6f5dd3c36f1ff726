//! Read and unread documents, headless: opening marks read, `u` `A` `U`, the marks kept
//! between runs, counts in the pane title and the status bar, whole titles in the list,
//! scrolling entries of different heights; snapshots of a list with read and unread ones.

mod support;

use crossterm::event::KeyCode;
use support::tui::*;
use vanban::tui::{update, Action, Pane, State};

fn snap(s: &State) -> String {
    screen(draw(s).backend().buffer())
}

fn read(s: &State) -> Vec<usize> {
    (0..s.lib.docs.len()).filter(|&d| s.is_read(d)).collect()
}

/// The list's row holding the start of document `d`'s title, as drawn.
fn list_row(s: &State, d: usize) -> String {
    let t = draw(s);
    let b = t.backend().buffer();
    let list = s.areas().list.unwrap();
    let start: String = s.lib.docs[d].facts.title.chars().take(12).collect();
    let (_, y) = find_cell(b, list, &start).expect("title on screen");
    rows(b)[y as usize].clone()
}

#[test]
fn opening_a_document_marks_it_read_and_choosing_it_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 120, 40);
    assert_eq!((s.unread(), s.focus), (5, Pane::List));
    assert!(snap(&s).contains("5 documents · 5 unread"));
    // Choosing shows it beside the list; it is not read yet.
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.open, Some(1));
    assert!(read(&s).is_empty());
    assert!(list_row(&s, 1).contains("┃• Long An: Nhân"));
    // Enter opens it: read, saved at once, counted.
    press(&mut s, KeyCode::Enter);
    assert_eq!(read(&s), [1]);
    assert!(snap(&s).contains("5 documents · 4 unread"));
    assert!(store(dir.path())
        .load()
        .0
        .is_read(&vanban::state::doc_key(&s.lib.docs[1].path)));
    assert!(!list_row(&s, 1).contains('•'));
    // u while reading: unread, and it stays so while it is read on.
    press(&mut s, KeyCode::Char('u'));
    assert_eq!(s.message.as_deref(), Some("marked unread"));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Tab);
    assert!(read(&s).is_empty());
    // Opened again, it is read again.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.focus, Pane::List);
    press(&mut s, KeyCode::Enter);
    assert_eq!(read(&s), [1]);
}

#[test]
fn read_marks_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 80, 24);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Esc);
    keys(&mut s, "jj");
    press(&mut s, KeyCode::Enter);
    quit(&mut s);
    let mut s = start(dir.path(), 80, 24);
    assert_eq!((read(&s), s.unread()), (vec![0, 2], 3));
    press(&mut s, KeyCode::Esc);
    assert!(!list_row(&s, 0).contains('•'));
    assert!(list_row(&s, 1).contains('•'));
}

#[test]
fn all_listed_read_and_unread_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 80, 24);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "Long An");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Esc);
    assert_eq!(
        (s.visible.len(), s.unread()),
        (4, 4),
        "Enter opened the best match"
    );
    // A: the four listed are read; the fifth is not.
    press(&mut s, KeyCode::Char('A'));
    assert_eq!(s.message.as_deref(), Some("3 marked read"));
    assert_eq!(s.unread(), 1);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.visible.len(), 5);
    // U lists the unread one only, and says so in the pane title and the status bar.
    press(&mut s, KeyCode::Char('U'));
    let unread: Vec<usize> = (0..5).filter(|&d| !s.is_read(d)).collect();
    assert_eq!(s.visible, unread);
    let text = snap(&s);
    assert!(text.contains("1 unread of 5"), "{text}");
    assert!(text.contains("1 unread (U lists all)"), "{text}");
    // Read now, it stays listed until the list is filtered again.
    press(&mut s, KeyCode::Enter);
    assert_eq!((s.unread(), s.visible.len()), (0, 1));
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('U'));
    press(&mut s, KeyCode::Char('U'));
    assert!(s.visible.is_empty());
    assert!(snap(&s).contains("Every document is read."));
    press(&mut s, KeyCode::Char('U'));
    assert_eq!(s.visible.len(), 5);
    // Kept on disk: a later run sees all five read.
    quit(&mut s);
    assert_eq!(start(dir.path(), 80, 24).unread(), 0);
}

#[test]
fn the_pane_title_keeps_its_count_whole_at_every_width() {
    let texts: Vec<String> = (0..1234)
        .map(|i| format!("Báo cáo số {i}\nNội dung."))
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let lib = library(&texts);
    let mut s = state(lib, 80, 24);
    for (w, h) in [(40, 12), (60, 20), (80, 24), (100, 30), (120, 40)] {
        update(&mut s, Action::Resize(w, h));
        for focus in [Pane::List, Pane::Reader] {
            s.focus = focus;
            let list = s
                .areas()
                .list
                .map(|r| rows(draw(&s).backend().buffer())[r.y as usize].clone());
            if let Some(top) = list {
                assert!(top.contains("1.234"), "{w}x{h} {focus:?}: {top}");
            }
        }
    }
    s.focus = Pane::List;
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "12");
    s.settle();
    update(&mut s, Action::Resize(60, 20));
    let top = rows(draw(&s).backend().buffer())[0].clone();
    let shown = vanban::extract::numbers::format_count(s.visible.len() as u64);
    assert!(top.contains(&format!("{shown} of 1.234")), "{top}");
}

#[test]
fn entries_of_different_heights_scroll_with_the_selection_whole() {
    let texts: Vec<String> = (0..30)
        .map(|i| match i % 3 {
            0 => format!("Ngắn {i}\nx"),
            1 => format!("Một tiêu đề dài vừa phải cho mục số {i} của danh sách\nx"),
            _ => format!(
                "{}{i}\nx",
                "Một tiêu đề rất dài, dài hơn hai dòng của danh sách, ".repeat(3)
            ),
        })
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut s = state(library(&texts), 80, 24);
    let h = s.areas().list.unwrap().height as usize - 2;
    let shown = |s: &State| -> usize { (s.list_top..=s.selected).map(|r| s.entry_rows(r)).sum() };
    assert_eq!(
        s.entry_rows(0),
        2,
        "a short title: one line and the date line"
    );
    assert_eq!(s.entry_rows(1), 3);
    assert_eq!(s.entry_rows(2), 3, "a long one is cut after two lines");
    for _ in 0..29 {
        press(&mut s, KeyCode::Char('j'));
        assert!(shown(&s) <= h, "row {} whole", s.selected);
        let t = draw(&s);
        let title: String = s.lib.docs[s.selected]
            .facts
            .title
            .chars()
            .take(10)
            .collect();
        assert!(find_cell(t.backend().buffer(), s.areas().list.unwrap(), &title).is_some());
    }
    // At the end the screen is full: one more entry above would not fit.
    let rest: usize = (s.list_top..30).map(|r| s.entry_rows(r)).sum();
    assert!(rest <= h && rest + s.entry_rows(s.list_top - 1) > h);
    // A page is the entries shown.
    press(&mut s, KeyCode::Char('g'));
    press(&mut s, KeyCode::PageDown);
    assert!(s.selected >= 7 && shown(&s) <= h, "{}", s.selected);
    // The reader keeps its place while the list widens and narrows around it.
    press(&mut s, KeyCode::Enter);
    let place = s.top_offset();
    for _ in 0..4 {
        press(&mut s, KeyCode::Esc);
        press(&mut s, KeyCode::Enter);
    }
    assert_eq!(s.top_offset(), place);
}

/// Documents 1 and 3 read, the first selected.
fn read_and_unread(w: u16, h: u16) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), w, h);
    for d in [1, 3] {
        update(&mut s, Action::Top);
        for _ in 0..d {
            update(&mut s, Action::Down);
        }
        update(&mut s, Action::ToggleRead);
    }
    update(&mut s, Action::Top);
    assert_eq!(read(&s), [1, 3]);
    snap(&s)
}

#[test]
fn list_read_and_unread_80x24() {
    let text = read_and_unread(80, 24);
    assert!(text.contains("5 documents · 3 unread"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn list_read_and_unread_100x30() {
    insta::assert_snapshot!(read_and_unread(100, 30));
}

#[test]
fn list_read_and_unread_120x40() {
    insta::assert_snapshot!(read_and_unread(120, 40));
}
