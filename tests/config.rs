//! The config file: parsing, warnings with line numbers, the default file, and
//! `vanban config` / the default library through the real binary.

mod support;

use std::path::Path;
use std::process::Output;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use support::cli;
use vanban::config::{Config, Key};
use vanban::tui::keymap::BINDABLE;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

#[test]
fn the_default_file_parses_back_to_the_defaults() {
    let (cfg, warnings) =
        Config::parse(&Config::default_file(&BINDABLE), "default.toml", &BINDABLE);
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(cfg, Config::new(&BINDABLE));
}

#[test]
fn a_good_file_sets_everything() {
    let text = r##"
library = "/srv/bao-cao"
mouse = false

[keys]
quit = ["x", "ctrl-q"]
down = "J"

[colors]
title = "#ff8800"
award = "light-blue"
"##;
    let (cfg, warnings) = Config::parse(text, "c.toml", &BINDABLE);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(cfg.library.as_deref(), Some(Path::new("/srv/bao-cao")));
    assert!(!cfg.mouse);
    assert_eq!(cfg.keys.keys("quit"), [key("x"), key("ctrl-q")]);
    assert_eq!(cfg.keys.action(&key("x")), Some("quit"));
    assert_eq!(cfg.keys.action(&key("q")), None, "replaced, not added");
    assert_eq!(cfg.keys.keys("down"), [key("J")]);
    // Untouched actions keep their defaults.
    assert_eq!(cfg.keys.action(&key("k")), Some("up"));
    assert_eq!(cfg.colors.get("title"), Color::Rgb(0xff, 0x88, 0x00));
    assert_eq!(cfg.colors.get("award"), Color::LightBlue);
    assert_eq!(
        cfg.colors.get("border"),
        Config::new(&BINDABLE).colors.get("border")
    );
    // A terminal event finds its action.
    let ev = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert_eq!(cfg.keys.action_for(&ev), Some("quit"));
}

#[test]
fn a_key_given_to_one_action_leaves_the_others() {
    let (cfg, warnings) = Config::parse("[keys]\nawards = [\"j\"]\n", "c.toml", &BINDABLE);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(cfg.keys.action(&key("j")), Some("awards"));
    assert_eq!(cfg.keys.keys("down"), [key("down")]);
}

#[test]
fn home_in_the_library_path_is_expanded() {
    let (cfg, _) = Config::parse("library = \"~/bao-cao\"\n", "c.toml", &BINDABLE);
    let lib = cfg.library.unwrap();
    assert!(lib.is_absolute() && lib.ends_with("bao-cao"), "{lib:?}");
}

#[test]
fn unknown_keys_are_named_with_their_line() {
    let text =
        "mouse = true\ncolour = \"red\"\n[keys]\nquiet = [\"q\"]\n[colors]\ntitel = \"red\"\n";
    let (cfg, warnings) = Config::parse(text, "c.toml", &BINDABLE);
    assert_eq!(cfg, Config::new(&BINDABLE));
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].starts_with("c.toml:2:") && warnings[0].contains("`colour`"));
    assert!(warnings[1].starts_with("c.toml:4:") && warnings[1].contains("`keys.quiet`"));
    assert!(warnings[2].starts_with("c.toml:6:") && warnings[2].contains("`colors.titel`"));
}

#[test]
fn bad_values_give_their_line_and_keep_the_default() {
    let text = "\
library = \"/docs\"
mouse = \"yes\"

[keys]
quit = [\"ctrl-\", \"q\"]
help = 5
up = [\"K\"]

[colors]
title = \"octarine\"
award = \"red\"
";
    let (cfg, warnings) = Config::parse(text, "c.toml", &BINDABLE);
    let lines: Vec<&str> = warnings
        .iter()
        .map(|w| w.split(':').nth(1).unwrap())
        .collect();
    assert_eq!(lines, ["2", "5", "6", "10"], "{warnings:?}");
    assert!(warnings[0].contains("mouse"));
    assert!(warnings[1].contains("keys.quit") && warnings[1].contains("\"ctrl-\""));
    assert!(warnings[2].contains("keys.help"));
    assert!(warnings[3].contains("colors.title"));
    let d = Config::new(&BINDABLE);
    // Bad settings keep their defaults …
    assert_eq!(cfg.mouse, d.mouse);
    assert_eq!(cfg.keys.keys("quit"), d.keys.keys("quit"));
    assert_eq!(cfg.keys.keys("help"), d.keys.keys("help"));
    assert_eq!(cfg.colors.get("title"), d.colors.get("title"));
    // … and good ones around them still apply.
    assert_eq!(cfg.library.as_deref(), Some(Path::new("/docs")));
    assert_eq!(cfg.keys.keys("up"), [key("K")]);
    assert_eq!(cfg.colors.get("award"), Color::Red);
}

#[test]
fn a_corrupt_file_is_reported_with_its_line_not_fatal() {
    let (cfg, warnings) = Config::parse(
        "mouse = false\n[keys\nquit = [\"x\"]\n",
        "c.toml",
        &BINDABLE,
    );
    assert_eq!(cfg, Config::new(&BINDABLE));
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].starts_with("c.toml:2:"), "{warnings:?}");
}

#[test]
fn the_same_key_for_two_actions_is_reported() {
    let (cfg, warnings) = Config::parse(
        "[keys]\nquit = [\"x\"]\nhelp = [\"x\"]\n",
        "c.toml",
        &BINDABLE,
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("\"x\"")
            && warnings[0].contains("quit")
            && warnings[0].contains("help")
    );
    // One of them gets it, and the warning says which.
    let winner = cfg.keys.action(&key("x")).unwrap();
    assert!(
        warnings[0].contains(&format!("`{winner}` gets it")),
        "{warnings:?}"
    );
    assert_eq!(
        cfg.keys
            .keys(if winner == "quit" { "help" } else { "quit" }),
        []
    );
}

#[test]
fn unreadable_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, w) = Config::load_from(&dir.path().join("none.toml"), &BINDABLE);
    assert_eq!((cfg, w), (Config::new(&BINDABLE), vec![]));
    let p = dir.path().join("latin1.toml");
    std::fs::write(&p, b"library = \"/t\xe0i li\xeau\"\n").unwrap();
    let (cfg, w) = Config::load_from(&p, &BINDABLE);
    assert_eq!(cfg, Config::new(&BINDABLE));
    assert!(w[0].contains("not UTF-8"), "{w:?}");
}

// ---- the real binary ----

fn vanban(config_home: &Path, args: &[&str]) -> Output {
    cli::with_private_home(cli::command().args(args), config_home)
        .output()
        .unwrap()
}

fn write_config(home: &Path, text: &str) -> std::path::PathBuf {
    let p = home.join("config/vanban/config.toml");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn config_path_follows_xdg_config_home() {
    let home = tempfile::tempdir().unwrap();
    let o = vanban(home.path(), &["config", "--path"]);
    assert!(o.status.success());
    let printed = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        Path::new(printed.trim()),
        home.path().join("config/vanban/config.toml")
    );
}

#[test]
fn config_default_from_the_binary_parses_to_the_defaults() {
    let home = tempfile::tempdir().unwrap();
    let o = vanban(home.path(), &["config", "--default"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("# "), "commented");
    assert_eq!(
        Config::parse(&text, "x", &BINDABLE),
        (Config::new(&BINDABLE), vec![])
    );
    // Written where `--path` says, `--check` is happy with it.
    write_config(home.path(), &text);
    let o = vanban(home.path(), &["config", "--check"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn config_check_reports_problems_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), "mouse = 3\nfoo = 1\n");
    let o = vanban(home.path(), &["config", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("config.toml:1:") && err.contains("mouse"),
        "{err}"
    );
    assert!(
        err.contains("config.toml:2:") && err.contains("`foo`"),
        "{err}"
    );
}

#[test]
fn no_path_uses_the_configured_library() {
    let home = tempfile::tempdir().unwrap();
    // A library that does not exist: vanban must try to open it (and stop with
    // the usage code, naming it) rather than say no library is configured.
    let missing = home.path().join("bao-cao-missing");
    write_config(
        home.path(),
        &format!("library = {:?}\n", missing.to_str().unwrap()),
    );
    let o = vanban(home.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bao-cao-missing"), "{err}");
    assert!(!err.contains("no documents to open"), "{err}");
}

#[test]
fn a_broken_config_is_not_fatal_to_commands() {
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), "[[[ not toml");
    let o = vanban(home.path(), &[]);
    // Still the helpful message (no library configured), plus the config problem.
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("config.toml:1:"), "{err}");
    assert!(err.contains("no documents to open"), "{err}");
}

#[test]
fn a_corrupt_config_is_set_aside_once_and_check_leaves_it() {
    let home = tempfile::tempdir().unwrap();
    let p = write_config(home.path(), "mouse = false\n[[[ not toml");
    let bad = p.with_file_name("config.toml.bad");
    // `config --check` reports but moves nothing.
    let o = vanban(home.path(), &["config", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(p.exists() && !bad.exists());
    // A run moves it aside and says where.
    let o = vanban(home.path(), &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("config.toml:2:"), "{err}");
    assert!(err.contains("config.toml.bad"), "{err}");
    assert!(!p.exists());
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        "mouse = false\n[[[ not toml"
    );
    // The next run has nothing to say about it.
    let o = vanban(home.path(), &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("config.toml:2:") && !err.contains(".bad"),
        "{err}"
    );
    // A file that is merely wrong in places is kept.
    let p = write_config(home.path(), "mouse = 3\n");
    vanban(home.path(), &[]);
    assert!(p.exists());
}

#[test]
fn a_config_that_is_not_utf8_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(&p, b"library = \"/t\xe0i\"\n").unwrap();
    let (cfg, w) = Config::load_or_set_aside(&p, &BINDABLE);
    assert_eq!(cfg, Config::new(&BINDABLE));
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].contains("not UTF-8") && w[1].contains("config.toml.bad"));
    assert!(!p.exists() && dir.path().join("config.toml.bad").exists());
}
