//! End to end: the real binary in a real terminal (tmux), driven by keys, read back with
//! capture-pane. Each test has its own tmux server on a private socket.

mod support;

use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use support::paths::sample_dir;
use support::tmux::{pid_of, quote, Tmux};

/// True when an SGR sequence sets a foreground or background colour (39/49 only reset).
fn has_colour(styled: &str) -> bool {
    styled
        .split("\x1b[")
        .skip(1)
        .filter_map(|s| s.split_once('m').map(|(sgr, _)| sgr))
        .flat_map(|sgr| sgr.split(';'))
        .filter_map(|p| p.parse::<u32>().ok())
        .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

#[test]
fn colour_detection() {
    assert!(has_colour("a\x1b[1m\x1b[38;5;6mb"));
    assert!(!has_colour("a\x1b[0;1m\x1b[39m\x1b[49m\x1b[7mb"));
}

/// The first 15 characters of every sample title, as the list shows them.
fn title_starts() -> Vec<String> {
    support::tui::samples()
        .docs
        .iter()
        .map(|d| d.facts.title.chars().take(15).collect())
        .collect()
}

#[test]
fn filter_open_and_quit_at_120x40() {
    let Some(t) = Tmux::start("wide", 120, 40) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    t.launch(&dir.path().join("pid"), "");
    let titles = title_starts();
    t.wait_for("every title", |s| {
        titles.iter().all(|x| s.contains(x.as_str()))
    });
    assert_eq!(t.flag("alternate_on"), "1");

    // Nothing is written while the reader sits idle.
    let log = dir.path().join("idle.out");
    let pipe = format!("cat >> {}", quote(&log.display().to_string()));
    t.tmux(&["pipe-pane", "-o", "-t", "t", &pipe]);
    sleep(Duration::from_millis(1500));
    t.tmux(&["pipe-pane", "-t", "t"]);
    let idle = std::fs::metadata(&log).map_or(0, |m| m.len());
    assert_eq!(idle, 0, "bytes written while idle");

    t.key("/");
    t.text("Kết quả");
    // Terms match fuzzily (as in fzf), so the count is the search's, whatever it is.
    let lib = vanban::corpus::Library::load(&[sample_dir()]);
    let shown = format!("{} of 5", vanban::search::rank(&lib, "Kết quả").len());
    t.wait_for("the filter", |s| {
        s.contains("/Kết quả") && s.contains(&shown)
    });
    t.key("Enter");
    // Enter ends the typing (the status bar shows the kept filter) and reads 000.
    t.wait_for("document 000 with its award counts", |s| {
        s.contains("filter “Kết quả”")
            && s.contains("Năm 2009, toàn tỉnh Long An")
            && s.contains("3.150")
            && s.contains("437 / 1.743")
            && s.contains("50 / 251")
    });
    t.key("q");
    t.assert_restored(Some("0"));
}

#[test]
fn full_text_filter_counts_matches_at_100x30() {
    let Some(t) = Tmux::start("fulltext", 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    t.launch(&dir.path().join("pid"), "");
    t.wait_for("the list", |s| s.contains("Documents (5)"));
    t.key("C-f");
    t.key("/");
    t.text("thi dua");
    // The search thread's results show without another key: they wake the loop.
    let lib = vanban::corpus::Library::load(&[sample_dir()]);
    let hits = vanban::search::full_text(&lib, "thi dua");
    let shown = format!("{} of 5", hits.len());
    let best = format!("{} matches", hits[0].1);
    t.wait_for("the full-text filter with counts", |s| {
        s.contains("/thi dua (full text)") && s.contains(&shown) && s.contains(&best)
    });
    t.key("Enter");
    t.wait_for("the kept filter", |s| s.contains("· full text"));
    t.key("q");
    t.assert_restored(Some("0"));
}

#[test]
fn start_and_quit_at_80x24() {
    let Some(t) = Tmux::start("narrow", 80, 24) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    t.launch(&dir.path().join("pid"), "NO_COLOR=1");
    let titles = title_starts();
    let s = t.wait_for("the list", |s| s.contains("Documents (5)"));
    // NO_COLOR: no colour on screen, the selection still in reverse video.
    let styled = t.tmux(&["capture-pane", "-p", "-e", "-t", "t"]);
    assert!(
        !has_colour(&styled),
        "colour in the NO_COLOR screen:\n{styled:?}"
    );
    assert!(styled.contains("\x1b[7m"), "the selection is reversed");
    for x in &titles {
        let short: String = x.chars().take(10).collect();
        assert!(s.contains(&short), "{short} on screen:\n{s}");
    }
    // The facts open as an overlay and close again.
    t.key("f");
    t.wait_for("the facts overlay", |s| s.contains("Facts · Esc closes"));
    t.key("Escape");
    t.wait_for("the reader again", |s| !s.contains("Facts · Esc closes"));
    // Widened to 100 columns, the facts panel stands beside the reader.
    t.tmux(&["resize-window", "-t", "t", "-x", "100", "-y", "30"]);
    t.wait_for("the three panes", |s| {
        s.lines().count() >= 29 && s.contains("┌ Facts ") && s.contains("Awards (3)")
    });
    t.key("q");
    t.assert_restored(Some("0"));
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some(t) = Tmux::start("term", 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pidf = dir.path().join("pid");
    t.launch(&pidf, "");
    t.wait_for("the list", |s| s.contains("Documents (5)"));
    let pid = pid_of(&pidf);
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    t.assert_restored(Some("143"));
}

// A closed terminal, a hangup and a terminal gone without one: tests/e2e_hostile.rs.

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_resumes() {
    let Some(t) = Tmux::start("tstp", 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    t.launch(&dir.path().join("pid"), "");
    t.wait_for("the list", |s| s.contains("Documents (5)"));
    t.key("C-z");
    t.wait_for("the job stopped", |s| {
        s.contains("Stopped") && s.contains("EXIT=148")
    });
    assert_eq!(t.flag("alternate_on"), "0");
    assert_eq!(t.flag("mouse_any_flag"), "0");
    t.text("fg");
    t.key("Enter");
    t.wait_for("the reader again", |s| s.contains("Documents (5)"));
    assert_eq!(t.flag("alternate_on"), "1");
    t.key("q");
    // The shell already printed the status of the stopped job; after fg the
    // process ends without one.
    t.assert_restored(None);
}

#[test]
fn awards_table_totals_and_enter_at_80x24() {
    let Some(t) = Tmux::start("awards", 80, 24) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    t.launch(&dir.path().join("pid"), "");
    t.wait_for("the list", |s| s.contains("Documents (5)"));
    t.key("a");
    let s = t.wait_for("the awards table with its totals", |s| {
        s.contains("Awards: 7 statements in 3 documents · 3.232 commended")
            && s.lines().any(|l| {
                l.contains("Total")
                    && l.contains(" 25 ")
                    && l.contains(" 57 ")
                    && l.contains("3.150")
            })
    });
    assert!(s.contains("Kết quả thực hi…"), "{s}");
    // The breakdowns of the 3.150 stand marked under it.
    assert!(s.contains("└ Kết quả"), "{s}");
    t.key("Enter");
    t.wait_for("the first statement in the reader", |s| {
        !s.contains("Awards:") && s.contains("Kết quả năm 2009, có 3.150")
    });
    t.key("q");
    t.assert_restored(Some("0"));
}

/// The screen without its last row (the status bar, which may hold a message).
fn above_status(s: &str) -> String {
    let rows: Vec<&str> = s.lines().collect();
    rows[..rows.len().saturating_sub(1)].join("\n")
}

#[test]
fn a_restart_returns_to_the_same_document_and_place() {
    let Some(t) = Tmux::start("restart", 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    t.launch(&dir.path().join("pid"), "");
    t.wait_for("the list", |s| s.contains("Documents (5)"));
    t.key("j");
    t.key("j");
    t.key("Enter");
    t.wait_for("document 002 at its top", |s| {
        s.contains("Long An qua 2 năm") && s.contains("lines 1-")
    });
    t.key("PgDn");
    t.key("PgDn");
    for _ in 0..5 {
        t.key("j");
    }
    // The first start reads the titles first, then the facts: wait for them.
    let before = t.wait_for("the reader scrolled, facts loaded", |s| {
        s.contains("lines 58-") && !s.contains("loading")
    });
    t.key("q");
    t.assert_restored(Some("0"));
    let saved = t.state_home().join("vanban/state.json");
    assert!(saved.exists(), "state kept under XDG_STATE_HOME");
    let json = std::fs::read_to_string(&saved).unwrap();
    assert!(json.contains("002_"), "{json}");

    t.text("clear");
    t.key("Enter");
    t.launch(&dir.path().join("pid2"), "");
    // The cache is warm now: the reader opens on a preview of the list at once, then
    // the full library takes its place without moving the reader.
    let after = t.wait_for("the same place, facts loaded", |s| {
        s.contains("lines 58-") && !s.contains("loading")
    });
    assert_eq!(above_status(&after), above_status(&before));
    t.key("q");
    t.assert_restored(Some("0"));
}

/// Run inside tmux by `a_panic_restores_the_terminal`: take the terminal, then panic.
#[test]
#[ignore = "run by a_panic_restores_the_terminal in a terminal"]
fn panic_child() {
    if std::env::var_os("VANBAN_PANIC_CHILD").is_none() {
        return;
    }
    let _ = vanban::tui::terminal::with_terminal(true, |_| -> std::io::Result<()> {
        panic!("deliberate panic inside the reader")
    });
}

#[test]
fn a_panic_restores_the_terminal() {
    let Some(t) = Tmux::start("panic", 100, 30) else {
        return;
    };
    let me = std::env::current_exe().unwrap();
    let cmd = format!(
        "VANBAN_PANIC_CHILD=1 {} --exact panic_child --ignored --nocapture; echo EXIT=$?",
        quote(&me.display().to_string())
    );
    t.text(&cmd);
    t.key("Enter");
    t.wait_for("the panic message", |s| {
        s.contains("deliberate panic inside the reader")
    });
    t.assert_restored(Some("101"));
}

#[test]
fn two_windows_on_one_state_keep_both_bookmarks_and_read_marks() {
    let (Some(a), Some(b)) = (
        Tmux::start("shared-a", 100, 30),
        Tmux::start("shared-b", 100, 30),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Both on a's state directory (the later assignments win).
    a.launch(&dir.path().join("pid-a"), "");
    b.launch_on(
        &dir.path().join("pid-b"),
        &a.home_env(),
        "",
        &[&sample_dir()],
    );
    for t in [&a, &b] {
        t.wait_for("the list", |s| s.contains("5 documents · 5 unread"));
    }
    // a reads and bookmarks the second document, then b the fourth: b's save brings in
    // a's mark, so b counts three unread. a quits first, b last.
    let plan = [
        (&a, 1, "Long An: Nhân", "· 4 unread"),
        (&b, 3, "Thực hiện Cuộc", "· 3 unread"),
    ];
    for (t, downs, title, unread) in plan {
        for _ in 0..downs {
            t.key("j");
        }
        t.key("Enter");
        t.wait_for("read", |s| s.contains(unread) && s.contains(title));
        t.key("m");
        t.wait_for("bookmarked", |s| s.contains("bookmarked: "));
    }
    a.key("q");
    a.assert_restored(Some("0"));
    b.key("q");
    b.assert_restored(Some("0"));
    let store = vanban::state::Store::at(a.state_home().join("vanban/state.json"));
    let (saved, warning) = store.load();
    assert_eq!(warning, None);
    assert_eq!(saved.bookmarks.len(), 2, "{saved:?}");
    assert_eq!(saved.read.len(), 2, "{saved:?}");
    // A new run shows both read: no mark before their titles, three unread.
    a.text("clear");
    a.key("Enter");
    a.launch(&dir.path().join("pid-a2"), "");
    let s = a.wait_for("the marks", |s| s.contains("· 3 unread"));
    for title in ["Long An: Nhân", "Thực hiện Cuộc"] {
        let row = s.lines().find(|l| l.contains(title)).expect(title);
        assert!(!row.contains('•'), "{row}");
    }
    a.key("q");
    a.assert_restored(Some("0"));
}

#[test]
fn files_copied_into_and_removed_from_the_watched_folder_show_in_the_list() {
    let Some(t) = Tmux::start("watch", 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let sample = |name: &str| sample_dir().join(name);
    for name in ["000_446bc425793f645a.txt", "003_ba0ab269d834ec73.txt"] {
        std::fs::copy(sample(name), docs.join(name)).unwrap();
    }
    let cache = format!(
        "XDG_CACHE_HOME={}",
        quote(&dir.path().join("cache").display().to_string())
    );
    t.launch_on(&dir.path().join("pid"), &cache, "", &[&docs]);
    t.wait_for("two documents", |s| s.contains("Documents (2)"));
    // Read the second one; the selection must stay on it.
    t.key("j");
    t.wait_for("document 003 in the reader", |s| {
        s.contains("Hưởng ứng Cuộc vận động")
    });
    // A new file sorts between the two.
    let new = "001_d047bf3af448a55e.txt";
    std::fs::copy(sample(new), docs.join(new)).unwrap();
    t.wait_for("the new title in the list, 003 still read", |s| {
        s.contains("Documents (3)")
            && s.contains("Long An: Nhân rộng")
            && s.contains("Hưởng ứng Cuộc vận động")
            && s.contains("1 added")
    });
    std::fs::remove_file(docs.join("000_446bc425793f645a.txt")).unwrap();
    t.wait_for("the removed title gone", |s| {
        s.contains("Documents (2)")
            && !s.contains("Kết quả thực hiện")
            && s.contains("Hưởng ứng Cuộc vận động")
    });
    t.key("q");
    t.assert_restored(Some("0"));
}

/// A library large enough to take a few seconds to read: the samples copied `n` times.
fn many_documents(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let texts = support::paths::sample_texts();
    for i in 0..n {
        let (name, text) = &texts[i % texts.len()];
        let folder = dir.path().join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("{i:05}-{name}")), text).unwrap();
    }
    dir
}

#[test]
fn a_progress_bar_shows_while_the_library_loads_and_goes_away() {
    let Some(t) = Tmux::start("loading", 100, 30) else {
        return;
    };
    // Enough documents that reading them takes longer than a redraw (200 ms) in an
    // optimised build too: 3,000 were read before the first frame in a release build.
    let docs = many_documents(12_000);
    let dir = tempfile::tempdir().unwrap();
    // No cache: every file is read, as on a first start.
    t.launch_on(
        &dir.path().join("pid"),
        "VANBAN_NO_CACHE=1",
        "",
        &[docs.path()],
    );
    let s = t.wait_for("the progress bar", |s| s.contains("reading files ▕"));
    assert!(s.contains(" / 12.000"), "the total is shown:\n{s}");
    // The reader answers keys while it loads: the help opens and closes.
    t.key("?");
    t.wait_for("the help", |s| s.contains("Keys"));
    t.key("Escape");
    let s = t.wait_for("the whole library", |s| {
        s.contains("12.000 documents") && !s.contains("reading files")
    });
    assert!(!s.contains('▕'), "the bar is gone:\n{s}");
    t.key("q");
    t.assert_restored(Some("0"));

    // With a cache folder, the titles are read first: the list is there, and a document
    // opens, while the rest of the facts are read.
    let cache = tempfile::tempdir().unwrap();
    let env = format!(
        "XDG_CACHE_HOME={}",
        quote(&cache.path().display().to_string())
    );
    t.launch_on(&dir.path().join("pid2"), &env, "", &[docs.path()]);
    // Reading the titles can take less than a redraw: the list while the facts load is
    // what must be seen.
    let s = t.wait_for("the list while the facts load", |s| {
        s.contains("12.000 documents") && s.contains("reading files ▕")
    });
    assert!(s.contains("Kết quả"), "titles are listed:\n{s}");
    t.wait_for("the whole library", |s| {
        s.contains("12.000 documents") && !s.contains('▕')
    });
    t.key("q");
    t.assert_restored(Some("0"));
}
