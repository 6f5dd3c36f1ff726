//! The reader started on a preview (documents known by their cached heads) while the full
//! library loads: what works at once, what waits, and the swap keeping the user's place.

mod support;

use std::fs;

use crossterm::event::KeyCode;
use support::paths::samples_copy;
use support::tui::*;
use vanban::corpus::progress::{Progress, Step};
use vanban::corpus::{cache, Library};
use vanban::tui::{update, Action, Pane, State};

fn titles(lib: &Library) -> Vec<(String, String, Option<String>)> {
    lib.docs
        .iter()
        .map(|d| {
            (
                d.name.to_string(),
                d.facts.title.clone(),
                d.facts.date.as_deref().map(str::to_string),
            )
        })
        .collect()
}

fn top_line(s: &State) -> String {
    s.page.shown[s.page.lines[s.reader_top].clone()].to_string()
}

#[test]
fn the_full_library_replaces_the_preview_keeping_the_place() {
    let (docs, cache_dir) = (samples_copy(), tempfile::tempdir().unwrap());
    let paths = vec![docs.path().to_path_buf()];
    let (listing, _) = cache::list(&paths, cache_dir.path());
    let full = Library::load(&paths);

    let mut s = state(Library::from_listing(listing), 120, 40);
    s.set_loading(Some(loading_facts()));
    // The list, titles, dates and search work on the preview.
    assert_eq!(titles(&s.lib), titles(&full));
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "Kết quả");
    press(&mut s, KeyCode::Enter);
    let d = s.open.expect("a document is open");
    assert_eq!(s.focus, Pane::Reader);
    assert!(
        s.lib.docs[d].text().contains("tập thể"),
        "the text is read from disk"
    );
    assert!(
        s.lib.docs[d].facts.awards.is_empty(),
        "no awards in a preview"
    );
    for _ in 0..6 {
        press(&mut s, KeyCode::Down);
    }
    let place = top_line(&s);
    assert!(s.reader_top > 0);
    let rows_before = s.entries.len();
    let screen = rows(draw(&s).backend().buffer()).join("\n");
    assert!(screen.contains("loading: facts ▕"), "{screen}");
    assert!(screen.contains("Awards (loading…)"), "{screen}");
    // The awards table waits for the full library, saying so.
    press(&mut s, KeyCode::Char('a'));
    assert!(!s.table_open);
    assert!(s.message.as_deref().unwrap_or("").contains("loaded"));
    // So does full text, which would read every file beside the load (no cache yet).
    update(&mut s, Action::FullText);
    assert!(!s.full_text);
    assert!(s.message.as_deref().unwrap_or("").contains("full text"));
    assert!(!s.lib.bodies.is_opened(), "no file was folded");

    s.replace_library(full);
    assert!(!s.loading());
    update(&mut s, Action::FullText);
    assert!(s.full_text, "full text once the library is in");
    update(&mut s, Action::FullText);
    assert_eq!(s.open, Some(d), "the same document stays open");
    assert_eq!(top_line(&s), place, "at the same place");
    assert_eq!(s.query, "Kết quả");
    assert_eq!(s.visible, vanban::search::rank(&s.lib, "Kết quả"));
    assert!(!s.lib.docs[d].facts.awards.is_empty());
    assert!(s.entries.len() > rows_before, "the facts panel fills in");
    let screen = rows(draw(&s).backend().buffer()).join("\n");
    assert!(!screen.contains("loading"), "{screen}");
    let awards = format!("Awards ({})", s.lib.docs[d].facts.awards.len());
    assert!(screen.contains(&awards), "{screen}");
    press(&mut s, KeyCode::Char('a'));
    assert!(s.table_open, "the awards table opens now");
}

#[test]
fn a_stale_preview_gives_way_to_the_files_as_they_are() {
    let (docs, cache_dir) = (samples_copy(), tempfile::tempdir().unwrap());
    let paths = vec![docs.path().to_path_buf()];
    cache::load(&paths, cache_dir.path());
    // The preview is what the cache saw; one file went away since.
    let seen = cache::cached_listing(&paths, cache_dir.path()).unwrap();
    let gone = seen.paths[0].clone();
    fs::remove_file(&gone).unwrap();
    let mut s = state(Library::from_listing(seen), 120, 40);
    s.set_loading(Some(loading_facts()));
    assert_eq!(s.lib.docs.len(), 5);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    let open = s.lib.docs[s.open.unwrap()].path.clone();

    s.replace_library(cache::load(&paths, cache_dir.path()).0);
    assert_eq!(s.lib.docs.len(), 4);
    assert_eq!(s.visible, (0..4).collect::<Vec<_>>());
    assert!(s.lib.docs.iter().all(|d| d.path != gone));
    assert_eq!(
        s.lib.docs[s.open.unwrap()].path,
        open,
        "the open document stays open"
    );
    assert_eq!(s.visible[s.selected], s.open.unwrap());
}

/// A load that has got to the cache's facts.
fn loading_facts() -> std::sync::Arc<Progress> {
    let p = Progress::default();
    p.start(Step::Cache, 5);
    std::sync::Arc::new(p)
}

#[test]
fn a_lightened_document_gets_its_facts_back_when_opened() {
    let full = samples();
    let mut lib = samples();
    for d in &mut lib.docs {
        d.lighten();
    }
    // Lightened: what the list and the awards table need stays, the rest is left out.
    assert!(full.docs.iter().any(|d| !d.facts.figures.is_empty()));
    assert!(full.docs.iter().any(|d| !d.facts.programmes.is_empty()));
    for (l, f) in lib.docs.iter().zip(&full.docs) {
        assert!(l.is_light());
        assert_eq!(
            (&l.facts.title, &l.facts.place, &l.facts.awards),
            (&f.facts.title, &f.facts.place, &f.facts.awards)
        );
        assert!(l.facts.figures.is_empty() && l.facts.programmes.is_empty());
    }
    // Opening a document brings its facts back, and the side panel is the same.
    let mut s = state(lib, 120, 40);
    let mut whole = state(samples(), 120, 40);
    for row in 0..full.docs.len() {
        if row > 0 {
            press(&mut s, KeyCode::Down);
            press(&mut whole, KeyCode::Down);
        }
        let d = s.open.unwrap();
        assert_eq!(whole.open, Some(d));
        assert!(!s.lib.docs[d].is_light());
        assert_eq!(s.lib.docs[d].facts, full.docs[d].facts);
        let lines =
            |s: &State| -> Vec<Vec<String>> { s.entries.iter().map(|e| e.lines.clone()).collect() };
        assert_eq!(lines(&s), lines(&whole));
    }
}

#[test]
fn a_preview_completed_in_parts_reads_as_the_full_library() {
    let (docs, cache_dir) = (samples_copy(), tempfile::tempdir().unwrap());
    let paths = vec![docs.path().to_path_buf()];
    let full = cache::load(&paths, cache_dir.path()).0;
    let listing = cache::cached_listing(&paths, cache_dir.path()).unwrap();
    let listed = listing.paths.clone();

    let mut s = state(Library::from_listing(listing), 120, 40);
    s.set_loading(Some(loading_facts()));
    // With the cache's bodies, full text works on the preview.
    update(&mut s, Action::FullText);
    assert!(s.full_text);
    update(&mut s, Action::FullText);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    let d = s.open.expect("a document is open");
    press(&mut s, KeyCode::Tab);
    for _ in 0..6 {
        press(&mut s, KeyCode::Down);
    }
    let place = top_line(&s);

    // The documents come a few at a time, then the rest of the library.
    let mut parts = Vec::new();
    let rest = cache::complete(&paths, cache_dir.path(), &listed, &mut |start, docs| {
        parts.push((start, docs))
    })
    .unwrap();
    for (start, docs) in parts {
        for (k, doc) in docs.into_iter().enumerate() {
            s.patch_docs(start + k, vec![doc]);
            assert!(s.loading(), "still loading until the rest comes");
        }
    }
    s.complete_library(rest);
    assert!(!s.loading());
    assert_eq!(s.open, Some(d), "the same document stays open");
    assert_eq!(top_line(&s), place, "at the same place");

    // It reads as the full library: the facts panel, the awards table, full text.
    let mut whole = state(full, 120, 40);
    press(&mut whole, KeyCode::Down);
    press(&mut whole, KeyCode::Down);
    assert_eq!(whole.open, Some(d));
    let lines =
        |s: &State| -> Vec<Vec<String>> { s.entries.iter().map(|e| e.lines.clone()).collect() };
    assert_eq!(lines(&s), lines(&whole));
    assert_eq!(s.lib.docs[d].facts, whole.lib.docs[d].facts);
    for st in [&mut s, &mut whole] {
        press(st, KeyCode::Esc);
        press(st, KeyCode::Char('a'));
        assert!(st.table_open);
    }
    // The table without the status bar (reading one marks it read).
    let table = |s: &State| {
        let mut r = rows(draw(s).backend().buffer());
        r.pop();
        r.join("\n")
    };
    assert_eq!(table(&s), table(&whole));
    assert_eq!(
        vanban::search::full_text(&s.lib, "khen thuong"),
        vanban::search::full_text(&whole.lib, "khen thuong")
    );
}
