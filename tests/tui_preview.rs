//! The reader started on a preview (documents known by their cached heads) while the full
//! library loads: what works at once, what waits, and the swap keeping the user's place.

mod support;

use std::fs;

use crossterm::event::KeyCode;
use support::paths::samples_copy;
use support::tui::*;
use vanban::corpus::progress::{Progress, Step};
use vanban::corpus::{cache, Library};
use vanban::tui::{Pane, State};

fn titles(lib: &Library) -> Vec<(String, String, Option<String>)> {
    lib.docs
        .iter()
        .map(|d| (d.name.clone(), d.facts.title.clone(), d.facts.date.clone()))
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
    assert!(screen.contains("loading facts"), "{screen}");
    assert!(screen.contains("Awards (loading…)"), "{screen}");
    // The awards table waits for the full library, saying so.
    press(&mut s, KeyCode::Char('a'));
    assert!(!s.table_open);
    assert!(s.message.as_deref().unwrap_or("").contains("loaded"));

    s.replace_library(full);
    assert!(!s.loading());
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
