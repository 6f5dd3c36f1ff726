//! Terminal safety: no byte of a document, a file name, a config value or an argument
//! reaches the terminal as a control sequence, through any subcommand or the reader.

mod support;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Output;

use crossterm::event::KeyCode;
use support::hostile::{self, contains, hazards, write_fixtures, PAYLOADS, SEQUENCES};
use support::{cli, tui};
use vanban::corpus::Library;

fn vanban(args: &[&OsStr], config_home: &Path) -> Output {
    cli::command()
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("XDG_CACHE_HOME", config_home.join("cache"))
        .env("XDG_STATE_HOME", config_home.join("state"))
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// Both streams of `out` are free of raw controls and of the document's payloads.
fn assert_safe(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let h = hazards(bytes);
        assert!(h.is_empty(), "{what}: {stream} carries {h:?}");
        for p in PAYLOADS {
            assert!(
                !contains(bytes, p.as_bytes()),
                "{what}: {stream} carries the payload {p}"
            );
        }
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn the_fixture_really_is_hostile() {
    let doc = hostile::document();
    for s in SEQUENCES {
        assert!(contains(&doc, s));
        assert!(!hazards(s).is_empty(), "{s:?} is caught by the check");
    }
    assert!(hazards("Tiêu đề\r\nCó 3 tập thể\n".as_bytes()).is_empty());
    assert!(!hazards(b"\xe1\xbb").is_empty(), "a cut UTF-8 sequence");
    assert!(!hazards(b"a\x9bb").is_empty(), "a raw 8-bit CSI byte");
}

#[test]
fn every_subcommand_prints_nothing_unsafe() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let (doc, named) = write_fixtures(&docs);
    // A binary file under a hostile name is skipped with a message naming it.
    let mut bin_name = hostile::hostile_name().to_owned();
    bin_name.push(".bin.txt");
    fs::write(docs.join(&bin_name), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let cfg = dir.path().join("config");
    let d = docs.as_os_str();
    let runs: Vec<(&str, Vec<&OsStr>)> = vec![
        ("extract", vec!["extract".as_ref(), d]),
        (
            "extract --json",
            vec!["extract".as_ref(), "--json".as_ref(), d],
        ),
        ("awards", vec!["awards".as_ref(), d]),
        ("awards --csv", vec!["awards".as_ref(), "--csv".as_ref(), d]),
        (
            "awards --json",
            vec!["awards".as_ref(), "--json".as_ref(), d],
        ),
        ("list", vec!["list".as_ref(), d]),
        ("list --json", vec!["list".as_ref(), "--json".as_ref(), d]),
        (
            "list --full-text",
            vec![
                "list".as_ref(),
                "--full-text".as_ref(),
                "--filter".as_ref(),
                "link".as_ref(),
                d,
            ],
        ),
        ("show (document)", vec!["show".as_ref(), doc.as_os_str()]),
        ("show (name)", vec!["show".as_ref(), named.as_os_str()]),
    ];
    for (what, args) in runs {
        let out = vanban(&args, &cfg);
        assert_eq!(out.status.code(), Some(0), "{what}: {out:?}");
        assert_safe(what, &out);
        assert!(!out.stdout.is_empty(), "{what} printed nothing");
        if args.len() == 2 && args[0] == "show" {
            continue;
        }
        // The skipped file is named, recognisably.
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("skipped") && err.contains("NAME-TITLE") && err.contains(".bin.txt"),
            "{what}: {err}"
        );
    }
    // The JSON still says everything: both documents, the named one under its (made
    // safe) name, with its facts.
    let out = vanban(&["extract".as_ref(), "--json".as_ref(), d], &cfg);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_object().unwrap();
    assert_eq!(docs.len(), 2, "{docs:?}");
    let (name, facts) = docs.iter().find(|(k, _)| k.contains("NAME-TITLE")).unwrap();
    assert!(
        name.contains('\u{FFFD}') && name.ends_with(".txt"),
        "{name:?}"
    );
    assert_eq!(facts["awards"][0]["collectives"], 3);
    assert!(docs["hostile.txt"]["awards"].as_array().unwrap().len() >= 30);
}

#[test]
fn config_values_and_paths_print_nothing_unsafe() {
    let dir = tempfile::tempdir().unwrap();
    // The config folder itself has a hostile name.
    let home = dir
        .path()
        .join(OsStr::from_bytes(b"cfg\x1b]0;PWNED-TITLE\x07"));
    fs::create_dir_all(home.join("vanban")).unwrap();
    fs::write(
        home.join("vanban/config.toml"),
        // TOML escapes: the values hold the raw controls once parsed.
        r#"library = "/no/such/\u001b]52;c;cHduZWQtY2xpcGJvYXJk\u0007"
"\u001b[6n" = 1
[colors]
title = "\u009b31m"
[keys]
quit = ["\u202e"]
"#,
    )
    .unwrap();
    let runs: [(&str, &[&str], i32); 4] = [
        ("config --path", &["config", "--path"], 0),
        ("config --check", &["config", "--check"], 1),
        ("config", &["config"], 1),
        ("no paths (the configured library)", &[], 2),
    ];
    for (what, args, code) in runs {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        let out = vanban(&args, &home);
        assert_eq!(out.status.code(), Some(code), "{what}: {out:?}");
        // The config file's own text is shown, so only raw controls count here.
        for bytes in [&out.stdout, &out.stderr] {
            assert!(hazards(bytes).is_empty(), "{what}: {:?}", hazards(bytes));
        }
    }
    let out = vanban(&[OsStr::new("config"), OsStr::new("--check")], &home);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml:2:") && err.contains("config.toml:4:"),
        "{err}"
    );
}

#[test]
fn argument_errors_print_nothing_unsafe() {
    let dir = tempfile::tempdir().unwrap();
    let runs: [&[&[u8]]; 3] = [
        &[b"--\x1b]0;PWNED-TITLE\x07"],
        &[b"extract", b"/no/such/\x1b]0;PWNED-TITLE\x07\xc2\x9b6n"],
        &[b"awards", b"--sort", b"\x1b[6n\xe2\x80\xae", b"."],
    ];
    for args in runs {
        let args: Vec<&OsStr> = args.iter().map(|a| OsStr::from_bytes(a)).collect();
        let out = vanban(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(!out.stderr.is_empty());
        for bytes in [&out.stdout, &out.stderr] {
            assert!(hazards(bytes).is_empty(), "{args:?}: {:?}", hazards(bytes));
        }
    }
}

/// Every cell of the screen is free of raw controls.
fn assert_screen_safe(t: &ratatui::Terminal<ratatui::backend::TestBackend>, what: &str) {
    for c in &t.backend().buffer().content {
        let sym = c.symbol();
        let h = hazards(sym.as_bytes());
        assert!(
            h.is_empty() && !sym.contains(['\t', '\n']),
            "{what}: a cell holds {sym:?}"
        );
    }
}

#[test]
fn the_reader_draws_nothing_unsafe_and_shows_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    write_fixtures(dir.path());
    let lib = Library::load(&[dir.path().to_path_buf()]);
    assert_eq!(lib.docs.len(), 2);
    let hostile = lib.docs.iter().find(|d| &*d.name == "hostile.txt").unwrap();
    let glyphs: Vec<char> = hostile.marks().iter().map(|m| m.glyph).collect();
    assert!(!glyphs.is_empty());
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = tui::state(Library::load(&[dir.path().to_path_buf()]), w, h);
        let list = tui::draw(&s);
        assert_screen_safe(&list, "the list");
        let screen = tui::screen(list.backend().buffer());
        assert!(
            screen.contains("NAME-TITLE"),
            "the odd name is listed:\n{screen}"
        );
        // Open each document and page through it to the end.
        for _ in 0..2 {
            tui::press(&mut s, KeyCode::Enter);
            let mut seen = String::new();
            for _ in 0..200 {
                let t = tui::draw(&s);
                assert_screen_safe(&t, "the reader");
                seen += &tui::screen(t.backend().buffer());
                tui::press(&mut s, KeyCode::PageDown);
            }
            if s.open.map(|i| &s.lib.docs[i].name) == Some(&hostile.name) {
                assert!(seen.contains("Đoạn 30"), "paged to the end");
                for g in &glyphs {
                    assert!(seen.contains(*g), "placeholder {g:?} on screen");
                }
            }
            for p in PAYLOADS {
                assert!(!seen.contains(p), "payload {p} on screen");
            }
            tui::press(&mut s, KeyCode::Esc);
            tui::press(&mut s, KeyCode::Down);
        }
    }
}

#[test]
fn config_keys_shown_in_the_reader_are_safe() {
    // Characters a key may be bound to that must not be drawn raw.
    let (cfg, _) = vanban::config::Config::parse(
        "[keys]\nquit = [\"\\u202e\"]\nhelp = [\"\\u2066\", \"f1\"]\ndown = [\"\\u200f\"]\n",
        "c.toml",
        &vanban::tui::keymap::BINDABLE,
    );
    let mut s = tui::state(tui::samples(), 100, 40);
    s.keys = cfg.keys;
    tui::press(&mut s, KeyCode::F(1));
    let t = tui::draw(&s);
    let screen = tui::screen(t.backend().buffer());
    assert!(screen.contains("Keys"), "the help is open:\n{screen}");
    assert_screen_safe(&t, "the help");
}
