//! Bookmarks and positions surviving a restart, atomic saves, corrupt files set aside.

use std::fs;
use std::path::Path;

use vanban::corpus::Library;
use vanban::state::{clamp_offset, doc_key, find_doc, State, Store};

fn doc(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn bookmarks_and_positions_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let a = doc(dir.path(), "a.txt", "Tiêu đề A\nnội dung");
    let b = doc(dir.path(), "b.txt", "Tiêu đề B\nnội dung");
    let file = dir.path().join("state/state.json");
    {
        let mut s = State::default();
        s.set_library(&[dir.path().to_path_buf()]);
        s.set_position(&a, 120);
        s.set_position(&b, 7);
        s.add_bookmark(&a, 40, "437 tập thể");
        s.add_bookmark(&b, 3, "đầu bài");
        s.add_bookmark(&a, 10, "mở đầu");
        Store::at(&file).save(&mut s).unwrap();
    }
    // A new store, as a new run would make, reads the same values back.
    let (s, warning) = Store::at(&file).load();
    assert_eq!(warning, None);
    assert_eq!(s.position(&a).unwrap().offset, 120);
    assert_eq!(s.position(&b).unwrap().offset, 7);
    assert_eq!(s.last_document.as_deref(), Some(doc_key(&b).as_str()));
    assert_eq!(s.last_library, [doc_key(dir.path())]);
    let in_a: Vec<(usize, &str)> = s
        .bookmarks_in(&a)
        .iter()
        .map(|b| (b.offset, b.label.as_str()))
        .collect();
    assert_eq!(in_a, [(10, "mở đầu"), (40, "437 tập thể")]);
    assert_eq!(s.bookmarks.len(), 3);
    assert!(s.bookmarks.iter().all(|b| !b.is_stale()));
}

#[test]
fn the_same_document_by_another_path_is_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let a = doc(dir.path(), "a.txt", "x");
    let mut s = State::default();
    s.set_position(&a, 5);
    let other = dir.path().join(".").join("a.txt");
    assert_eq!(s.position(&other).unwrap().offset, 5);
}

#[test]
fn bookmarks_replace_remove_and_go_stale() {
    let dir = tempfile::tempdir().unwrap();
    let a = doc(dir.path(), "a.txt", "Tiêu đề\nnội dung");
    let mut s = State::default();
    s.add_bookmark(&a, 4, "một");
    s.add_bookmark(&a, 4, "hai\x1b[31m");
    assert_eq!(s.bookmarks.len(), 1, "same place: label replaced");
    assert_eq!(s.bookmarks[0].label, "hai\u{FFFD}[31m", "no raw ESC kept");
    assert!(!s.bookmarks[0].is_stale());
    fs::write(&a, "Tiêu đề\nnội dung đã sửa, dài hơn").unwrap();
    assert!(s.bookmarks[0].is_stale(), "file changed since");
    assert_eq!(s.remove_bookmark(0).unwrap().offset, 4);
    assert!(s.remove_bookmark(0).is_none());
}

#[test]
fn a_stray_partial_temp_file_leaves_the_old_state_loadable() {
    let dir = tempfile::tempdir().unwrap();
    let a = doc(dir.path(), "a.txt", "x");
    let store = Store::at(dir.path().join("state.json"));
    let mut s = State::default();
    s.set_position(&a, 1);
    store.save(&mut s).unwrap();
    // What a crash in the middle of the next save would leave behind.
    fs::write(
        dir.path().join("state.json.tmp-4242-0"),
        "{\"positions\": {\"",
    )
    .unwrap();
    let (loaded, warning) = store.load();
    assert_eq!((loaded, warning), (s.clone(), None));
    // And the next save still works and replaces the file whole.
    s.set_position(&a, 2);
    store.save(&mut s).unwrap();
    assert_eq!(store.load().0.position(&a).unwrap().offset, 2);
}

#[test]
fn a_corrupt_state_file_is_set_aside_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("state.json"));
    fs::write(store.path(), "{\"bookmarks\": [1, 2").unwrap();
    let (s, warning) = store.load();
    assert_eq!(s, State::default());
    let warning = warning.expect("reported");
    assert!(warning.contains("state.json.bad"), "{warning}");
    assert_eq!(
        fs::read_to_string(store.bad_path()).unwrap(),
        "{\"bookmarks\": [1, 2"
    );
    assert!(!store.path().exists());
    // Reported once: the next run starts clean and quiet.
    assert_eq!(store.load(), (State::default(), None));
    // A wrong shape (valid JSON) counts as corrupt too.
    fs::write(store.path(), "[1, 2, 3]").unwrap();
    assert!(store.load().1.is_some());
}

#[test]
fn the_default_location_follows_xdg_state_home() {
    // The only test in this file that touches the environment.
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("XDG_STATE_HOME", dir.path());
    let store = Store::default_location().unwrap();
    assert_eq!(store.path(), dir.path().join("vanban/state.json"));
    let a = doc(dir.path(), "a.txt", "x");
    let mut s = State::default();
    s.add_bookmark(&a, 0, "đầu");
    store.save(&mut s).unwrap();
    assert_eq!(Store::default_location().unwrap().load().0, s);
}

#[test]
fn a_bookmark_leads_back_to_its_document_and_place() {
    let dir = tempfile::tempdir().unwrap();
    doc(dir.path(), "a.txt", "Tiêu đề A\nnội dung");
    let b = doc(dir.path(), "b.txt", "Tiêu đề B\nnội dung thứ hai");
    let lib = Library::load(&[dir.path().to_path_buf()]);
    let mut s = State::default();
    s.add_bookmark(&b, 14, "nội");
    let bm = &s.bookmarks[0];
    let i = find_doc(&lib, &bm.doc).unwrap();
    assert_eq!(&*lib.docs[i].name, "b.txt");
    let text = lib.docs[i].text();
    let at = clamp_offset(text, bm.offset);
    assert!(
        text[at..].starts_with("nội dung thứ hai"),
        "{:?}",
        &text[at..]
    );
    assert_eq!(find_doc(&lib, "/no/such/doc.txt"), None);
}
