//! What the reader remembers between runs, headless: a state is built, used, ended as the
//! event loop ends it (persist), and a new state built on the same store must be where the
//! first one was. Bookmarks, the saved-state warning, and places across document switches.

mod support;

use crossterm::event::KeyCode;
use support::tui::*;
use vanban::tui::{update, Action, Pane, Popup, State, Theme};

fn doc_name(s: &State) -> &str {
    &s.lib.docs[s.open.unwrap()].name
}

#[test]
fn the_last_document_and_place_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 80, 24);
    assert_eq!(
        (s.open, s.reader_top),
        (Some(0), 0),
        "a first run starts at the top"
    );
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char(' '));
    for _ in 0..3 {
        press(&mut s, KeyCode::Char('j'));
    }
    let (name, offset, top) = (doc_name(&s).to_string(), s.top_offset(), s.reader_top);
    assert!(top > 3 && offset.unwrap() > 0);
    let line = s.page.shown[s.page.lines[top].clone()].to_string();
    quit(&mut s);

    let s = start(dir.path(), 80, 24);
    assert_eq!(doc_name(&s), name);
    assert_eq!(s.top_offset(), offset);
    assert_eq!(s.reader_top, top);
    assert_eq!(s.focus, Pane::Reader, "back in the reader");
    assert_eq!(
        s.list_top, 0,
        "the list shows every document it has room for"
    );
    assert_eq!(s.page.shown[s.page.lines[s.reader_top].clone()], line);
    // On screen too: the first line of the reader is the one read last.
    let t = draw(&s);
    let reader = text_in(t.backend().buffer(), s.areas().reader.unwrap());
    assert!(reader.starts_with(line.trim()), "{reader}\n---\n{line}");
}

#[test]
fn a_restart_at_another_size_keeps_the_text_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 120, 40);
    press(&mut s, KeyCode::Enter);
    for _ in 0..12 {
        press(&mut s, KeyCode::Char('j'));
    }
    let offset = s.top_offset().unwrap();
    quit(&mut s);
    let s = start(dir.path(), 80, 24);
    // The wrapped line holding the saved offset is the first one shown.
    let line = s.page.lines[s.reader_top].clone();
    let (a, b) = (s.page.to_source(line.start), s.page.to_source(line.end));
    assert!(a <= offset && offset <= b, "{a}..{b} holds {offset}");
}

#[test]
fn each_document_keeps_its_own_place_saved_on_switching() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 80, 24);
    press(&mut s, KeyCode::Enter);
    for _ in 0..7 {
        press(&mut s, KeyCode::Char('j'));
    }
    let first = s.top_offset().unwrap();
    // Back to the list, another document: the switch writes the first one's place.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.open, Some(1));
    assert_eq!(s.reader_top, 0);
    let (on_disk, _) = store(dir.path()).load();
    assert_eq!(on_disk.position(&s.lib.docs[0].path).unwrap().offset, first);
    // Coming back in the same run restores it too.
    press(&mut s, KeyCode::Char('k'));
    assert_eq!(s.top_offset(), Some(first));
    // And in a later run, when that document is chosen again.
    press(&mut s, KeyCode::Char('j'));
    quit(&mut s);
    let mut s = start(dir.path(), 80, 24);
    assert_eq!(s.open, Some(1), "the last document");
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('k'));
    assert_eq!((s.open, s.top_offset()), (Some(0), Some(first)));
}

#[test]
fn bookmarks_are_set_listed_jumped_to_kept_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 80, 24);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    for _ in 0..9 {
        press(&mut s, KeyCode::Char('j'));
    }
    let (doc, offset) = (s.open, s.top_offset().unwrap());
    assert!(offset > 0);
    press(&mut s, KeyCode::Char('m'));
    let msg = s.message.clone().unwrap();
    assert!(msg.starts_with("bookmarked: "), "{msg}");
    assert!(screen(draw(&s).backend().buffer()).contains("bookmarked"));
    // Somewhere else entirely.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('G'));
    assert_ne!(s.open, doc);
    // ' lists it; Enter goes there.
    press(&mut s, KeyCode::Char('\''));
    let Some(Popup::Bookmarks { rows, .. }) = &s.popup else {
        panic!("no bookmarks overlay");
    };
    assert_eq!(rows.len(), 1);
    let title = &s.lib.docs[doc.unwrap()].facts.title;
    assert_eq!(&rows[0].title, title);
    let label = rows[0].label.clone();
    assert!(!label.is_empty());
    // On screen the title is cut so that the label shows.
    let text = screen(draw(&s).backend().buffer());
    assert!(text.contains("Bookmarks"), "{text}");
    let shown: String = label.chars().take(20).collect();
    assert!(text.contains(&format!("— {shown}")), "{shown}:\n{text}");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.popup, None);
    assert_eq!(
        (s.open, s.top_offset(), s.focus),
        (doc, Some(offset), Pane::Reader)
    );
    quit(&mut s);

    // Saved at once and at the end: a new run lists it and can delete it.
    let mut s = start(dir.path(), 80, 24);
    assert_eq!(s.memory.bookmarks.len(), 1);
    assert_eq!(s.memory.bookmarks[0].offset, offset);
    press(&mut s, KeyCode::Char('\''));
    press(&mut s, KeyCode::Char('d'));
    assert!(s
        .message
        .as_deref()
        .unwrap()
        .starts_with("bookmark deleted"));
    assert!(s.memory.bookmarks.is_empty());
    assert!(
        store(dir.path()).load().0.bookmarks.is_empty(),
        "deleted on disk"
    );
    let text = screen(draw(&s).backend().buffer());
    assert!(text.contains("No bookmarks yet: press m"), "{text}");
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.popup, None);
}

#[test]
fn a_bookmark_of_a_document_not_open_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut saved = vanban::state::State::default();
    saved.add_bookmark(&dir.path().join("gone.txt"), 5, "đã xoá");
    store(dir.path()).save(&mut saved).unwrap();
    let mut s = start(dir.path(), 80, 24);
    press(&mut s, KeyCode::Char('\''));
    let text = screen(draw(&s).backend().buffer());
    assert!(text.contains("gone.txt — đã xoá (not open)"), "{text}");
    press(&mut s, KeyCode::Enter);
    assert!(s
        .message
        .as_deref()
        .unwrap()
        .contains("not in the documents open"));
    assert_eq!(s.open, Some(0), "nothing moved");
}

#[test]
fn a_corrupt_state_file_is_set_aside_and_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    std::fs::create_dir_all(st.path().parent().unwrap()).unwrap();
    std::fs::write(st.path(), "{ not json").unwrap();
    let mut s = start(dir.path(), 120, 40);
    let text = screen(draw(&s).backend().buffer());
    let status = text.lines().last().unwrap();
    assert!(status.contains("corrupt"), "{status}");
    assert!(st.bad_path().exists());
    // Once: the next key takes it away; `w` lists it for good.
    press(&mut s, KeyCode::Char('j'));
    let status = screen(draw(&s).backend().buffer());
    assert!(!status.lines().last().unwrap().contains("corrupt"));
    press(&mut s, KeyCode::Char('w'));
    let text = screen(draw(&s).backend().buffer());
    assert!(text.contains("Settings and saved state"), "{text}");
    assert!(text.contains("corrupt"), "{text}");
    // And the new state is saved in its place.
    quit(&mut s);
    assert!(store(dir.path()).load().1.is_none());
}

#[test]
fn without_a_store_nothing_is_kept_and_nothing_fails() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Char('m'));
    assert!(s.message.as_deref().unwrap().starts_with("bookmarked"));
    quit(&mut s);
}

#[test]
fn a_document_changed_on_disk_since_it_was_read_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let file = docs.join("bài.txt");
    let body = "Long An: Khen thưởng 12 tập thể điển hình học tập và làm theo Bác\n\n";
    std::fs::write(&file, body.repeat(30)).unwrap();
    let run = || {
        let lib = vanban::corpus::Library::load(std::slice::from_ref(&docs));
        let mut s = State::new(lib, Theme::default());
        s.attach(store(dir.path()), std::slice::from_ref(&docs));
        update(&mut s, Action::Resize(100, 30));
        s
    };
    let marked = |s: &State| screen(draw(s).backend().buffer()).contains("changed since last read");
    // Never read: not marked. Read and left: not marked when nothing changed.
    let mut s = run();
    assert!(!s.changed && !marked(&s));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char(' '));
    let offset = s.top_offset();
    quit(&mut s);
    let mut s = run();
    assert!(!s.changed && !marked(&s));
    assert_eq!(s.top_offset(), offset, "opens where reading stopped");
    quit(&mut s);
    // Changed meanwhile: marked, still at the place it was read to.
    std::fs::write(&file, body.repeat(31)).unwrap();
    let mut s = run();
    assert!(s.changed, "changed");
    assert!(marked(&s), "{}", screen(draw(&s).backend().buffer()));
    assert_eq!(s.top_offset(), offset);
    quit(&mut s);
    // Read since: the mark is gone.
    let s = run();
    assert!(!s.changed && !marked(&s));
}

/// The library read through a link to the folder: its paths are not the keys saved (the
/// canonical paths), so the document is found by resolving them.
#[cfg(unix)]
#[test]
fn the_last_document_is_found_through_a_linked_folder() {
    use vanban::corpus::Library;
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), 80, 24);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    let name = doc_name(&s).to_string();
    quit(&mut s);

    let link = dir.path().join("linked");
    std::os::unix::fs::symlink(support::paths::sample_dir(), &link).unwrap();
    let lib = Library::load(std::slice::from_ref(&link));
    assert!(lib.docs.iter().all(|d| d.path.starts_with(&link)));
    let mut s = State::new(lib, Theme::default());
    s.attach(store(dir.path()), &[link]);
    update(&mut s, Action::Resize(80, 24));
    assert_eq!(doc_name(&s), name);
}

/// A document that is itself a link to a file of another name is saved under that file's
/// key, and found again by it.
#[cfg(unix)]
#[test]
fn the_last_document_is_found_when_it_is_a_link_of_another_name() {
    use vanban::corpus::Library;
    let dir = tempfile::tempdir().unwrap();
    let (lib_dir, elsewhere) = (dir.path().join("lib"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(&lib_dir).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    for (i, (_, text)) in support::paths::sample_texts().iter().enumerate() {
        std::fs::write(lib_dir.join(format!("{i}.txt")), text).unwrap();
    }
    std::fs::write(
        elsewhere.join("real.txt"),
        "Báo cáo\n\nMột văn bản ở nơi khác.",
    )
    .unwrap();
    std::os::unix::fs::symlink(elsewhere.join("real.txt"), lib_dir.join("9-link.txt")).unwrap();
    let open = |lib: Library| {
        let mut s = State::new(lib, Theme::default());
        s.attach(store(dir.path()), std::slice::from_ref(&lib_dir));
        update(&mut s, Action::Resize(80, 24));
        s
    };
    let mut s = open(Library::load(std::slice::from_ref(&lib_dir)));
    let link = s
        .lib
        .docs
        .iter()
        .position(|d| &*d.name == "9-link.txt")
        .unwrap();
    for _ in 0..link {
        press(&mut s, KeyCode::Char('j'));
    }
    press(&mut s, KeyCode::Enter);
    assert_eq!(doc_name(&s), "9-link.txt");
    quit(&mut s);

    let s = open(Library::load(std::slice::from_ref(&lib_dir)));
    assert_eq!(doc_name(&s), "9-link.txt");
}
