//! The config file inside the reader (keys, colours, its warnings), the warnings overlay,
//! and copying with `y`.

mod support;

use std::path::PathBuf;

use crossterm::event::KeyCode;
use ratatui::style::Color;
use support::tui::*;
use vanban::config::Config;
use vanban::corpus::Skipped;
use vanban::tui::keymap::BINDABLE;
use vanban::tui::{Effect, Pane, Popup, State, Theme};

fn configured(text: &str) -> State {
    let (cfg, warnings) = Config::parse(text, "config.toml", &BINDABLE);
    let mut s = State::new(samples(), Theme::from_env(&cfg.colors));
    s.theme.color = true;
    s.keys = cfg.keys;
    s.notes = warnings;
    s.announce();
    vanban::tui::update(&mut s, vanban::tui::Action::Resize(80, 24));
    s
}

fn snap(s: &State) -> String {
    screen(draw(s).backend().buffer())
}

#[test]
fn a_config_remapping_quit_to_x_makes_x_quit_and_the_help_says_so() {
    let mut s = configured("[keys]\nquit = [\"x\"]\n");
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_ne!(
        press(&mut s, KeyCode::Char('q')),
        Effect::Quit,
        "q is free now"
    );
    // The status bar's hint and the help show the key in use.
    let text = snap(&s);
    assert!(text.lines().last().unwrap().contains("x quit"), "{text}");
    press(&mut s, KeyCode::Char('?'));
    let help: Vec<(String, &str)> = s.help_lines();
    assert!(help.iter().any(|(k, h)| k == "x" && *h == "quit"));
    assert!(!help.iter().any(|(k, _)| k.split(' ').any(|k| k == "q")));
    // The help is taller than 24 rows: its end has the program's keys.
    press(&mut s, KeyCode::Char('G'));
    let text = snap(&s);
    assert!(
        text.lines()
            .any(|l| l.contains("  x ") && l.contains("quit")),
        "help shows x for quit:\n{text}"
    );
    press(&mut s, KeyCode::Esc);
    assert_eq!(press(&mut s, KeyCode::Char('x')), Effect::Quit);
}

#[test]
fn a_key_given_to_another_command_moves_there() {
    let mut s = configured("[keys]\nawards = [\"t\"]\ndown = [\"J\", \"down\"]\n");
    press(&mut s, KeyCode::Char('a'));
    assert!(!s.table_open, "a is no longer the table's");
    press(&mut s, KeyCode::Char('t'));
    assert!(s.table_open);
    press(&mut s, KeyCode::Char('J'));
    assert_eq!(s.table.as_ref().unwrap().sel, 1);
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.table.as_ref().unwrap().sel, 1, "j does nothing now");
}

#[test]
fn config_colours_paint_the_reader() {
    let s = configured("[colors]\naward = \"red\"\nfocus = \"#ff8800\"\n");
    assert_eq!(s.theme.palette.award, Color::Red);
    let mut s = s;
    press(&mut s, KeyCode::Enter);
    let r = s.areas().reader.unwrap();
    // The focused pane's border.
    let t = draw(&s);
    assert_eq!(
        t.backend().buffer()[(r.x, r.y)].fg,
        Color::Rgb(0xff, 0x88, 0x00)
    );
    // Scroll until the first award sentence shows: it is in the award colour.
    for _ in 0..200 {
        let t = draw(&s);
        let b = t.backend().buffer();
        if let Some((x, y)) = find_cell(b, r, "khen thưởng từ") {
            assert_eq!(b[(x, y)].fg, Color::Red);
            return;
        }
        press(&mut s, KeyCode::Char('j'));
    }
    panic!("the award sentence never showed");
}

#[test]
fn config_warnings_show_once_in_the_status_bar_and_stay_in_the_overlay() {
    let mut s = configured("[keys]\nquit = [\"ctrl-\"]\ncolour = 1\n");
    assert_eq!(s.notes.len(), 2, "{:?}", s.notes);
    let status = snap(&s).lines().last().unwrap().to_string();
    assert!(status.contains("config.toml:2:"), "{status}");
    assert!(status.contains("2 problems (w lists them)"), "{status}");
    press(&mut s, KeyCode::Char('j'));
    assert!(!snap(&s).contains("config.toml"), "once");
    press(&mut s, KeyCode::Char('w'));
    assert!(matches!(s.popup, Some(Popup::Warnings { .. })));
    let text = snap(&s);
    assert!(
        text.contains("config.toml:2:") && text.contains("config.toml:3:"),
        "{text}"
    );
    press(&mut s, KeyCode::Char('w'));
    assert_eq!(s.popup, None);
}

#[test]
fn skipped_files_and_document_warnings_are_listed_never_dropped() {
    let mut lib = library(&["Tiêu đề\nnội dung \u{1b}[31m đỏ"]);
    lib.skipped = vec![
        Skipped {
            path: PathBuf::from("/bao-cao/anh.txt"),
            reason: "binary file".into(),
        },
        Skipped {
            path: PathBuf::from("/bao-cao/khoa.txt"),
            reason: "Permission denied (os error 13)".into(),
        },
    ];
    let mut s = state(lib, 80, 24);
    let status = snap(&s).lines().last().unwrap().to_string();
    assert!(status.contains("2 skipped (w)"), "{status}");
    press(&mut s, KeyCode::Char('w'));
    let text = snap(&s);
    for want in [
        "Files skipped (2)",
        "/bao-cao/anh.txt: binary file",
        "/bao-cao/khoa.txt: Permission denied",
        "Documents read with warnings (1)",
        "doc0.txt: 1 control character(s) or sequence(s) removed",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.popup, None);
}

#[test]
fn a_clean_library_says_there_are_no_warnings() {
    let mut s = state(library(&["Tiêu đề\nnội dung"]), 80, 24);
    assert!(!snap(&s).contains("skipped"));
    press(&mut s, KeyCode::Char('w'));
    assert!(snap(&s).contains("No warnings"));
}

#[test]
fn y_copies_the_selected_facts_sentence() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.focus, Pane::Facts);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('y'));
    let copied = s.take_clipboard().unwrap();
    assert!(copied.contains("437 tập thể và 1.743 cá nhân"), "{copied}");
    assert!(copied.ends_with('.'), "a whole sentence: {copied}");
    let status = snap(&s).lines().last().unwrap().to_string();
    assert!(status.contains("copied: “"), "{status}");
}

#[test]
fn y_in_the_reader_copies_the_sentence_at_the_top_or_the_marked_one() {
    let mut s = state(samples(), 80, 24);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('y'));
    let top = s.take_clipboard().unwrap();
    assert!(
        s.lib.docs[0].text().trim_start().starts_with(&top),
        "the first sentence: {top}"
    );
    // After a jump to a fact, its sentence is the one on screen that is marked.
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.focus, Pane::Reader);
    press(&mut s, KeyCode::Char('y'));
    let copied = s.take_clipboard().unwrap();
    assert!(
        copied.starts_with("có 50 tập thể") || copied.contains("có 50 tập thể và 251"),
        "{copied}"
    );
    // No key, no copy: nothing else ever fills the clipboard.
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.take_clipboard(), None);
}
