//! `vanban awards`, `show`, `completions` and the exit codes, run as the real binary
//! with every XDG directory pointed at a fresh temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use vanban::corpus::Library;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run vanban in the repository root with a private home and XDG directories.
fn vanban(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.args(args)
        .current_dir(root())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("NO_COLOR");
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Split RFC 4180 text into records (enough for these tests: quotes, doubled quotes, CRLF).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (vec![], vec![], String::new(), false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("LF without CR outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "last record not ended");
    rows
}

fn sum(rows: &[Vec<String>], col: usize) -> u64 {
    rows.iter()
        .map(|r| r[col].parse::<u64>().unwrap_or(0))
        .sum()
}

#[test]
fn csv_on_the_samples_totals_512_2051_3150() {
    let o = vanban(&["awards", "--csv", "sample-data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    assert_eq!(
        rows[0],
        [
            "path",
            "title",
            "date",
            "year",
            "by",
            "kind",
            "collectives",
            "individuals",
            "combined"
        ]
    );
    let body = &rows[1..];
    assert!(body.iter().all(|r| r.len() == 9));
    assert_eq!(sum(body, 6), 512, "collectives");
    assert_eq!(sum(body, 7), 2051, "individuals");
    assert_eq!(sum(body, 8), 3150, "combined");
    // Every path is a real sample file; empty fields where unknown.
    for r in body {
        assert!(Path::new(&root()).join(&r[0]).is_file(), "{}", r[0]);
        for c in [3, 6, 7, 8] {
            assert!(r[c].is_empty() || r[c].parse::<u64>().is_ok(), "{r:?}");
        }
    }
}

#[test]
fn json_on_the_samples_totals_512_2051_3150() {
    let o = vanban(&["awards", "--json", "sample-data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let t = &v["totals"];
    assert_eq!(t["collectives"], 512);
    assert_eq!(t["individuals"], 2051);
    assert_eq!(t["combined"], 3150);
    let rows = v["awards"].as_array().unwrap();
    assert_eq!(t["rows"], rows.len());
    // Each row's span points at its statement in the document's clean text.
    let lib = Library::load(&[root().join("sample-data")]);
    for r in rows {
        let d = lib
            .docs
            .iter()
            .find(|d| d.name == r["name"].as_str().unwrap())
            .unwrap();
        let (s, e) = (
            r["span"]["start"].as_u64().unwrap() as usize,
            r["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(r["statement"].as_str(), d.text().get(s..e));
        assert!(s < e);
    }
}

#[test]
fn text_table_ends_with_the_totals() {
    let o = vanban(&["awards", "sample-data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let total: Vec<&str> = out.lines().last().unwrap().split_whitespace().collect();
    assert_eq!(total[..4], ["TOTAL", "512", "2051", "3150"]);
    assert!(!out.contains('\x1b'));
}

#[test]
fn filter_and_sort() {
    let all = parse_csv(&stdout(&vanban(&["awards", "--csv", "sample-data"])));
    // Filtered by the document list's search: exactly the awards of the documents
    // `search::rank` matches.
    let q = "Chuyển biến";
    let o = vanban(&["awards", "--csv", "--filter", q, "sample-data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let some = parse_csv(&stdout(&o));
    let lib = Library::load(&[root().join("sample-data")]);
    let matched = vanban::search::rank(&lib, q);
    let expected: usize = matched
        .iter()
        .map(|&i| lib.docs[i].facts.awards.len())
        .sum();
    assert!(
        expected > 0 && expected < all.len() - 1,
        "a filter that narrows"
    );
    assert_eq!(some.len() - 1, expected);
    for r in &some[1..] {
        assert!(
            matched.iter().any(|&i| r[0].ends_with(&lib.docs[i].name)),
            "{r:?}"
        );
    }

    let o = vanban(&[
        "awards",
        "--csv",
        "--sort",
        "individuals",
        "--desc",
        "sample-data",
    ]);
    let sorted = parse_csv(&stdout(&o));
    let ind: Vec<Option<u64>> = sorted[1..].iter().map(|r| r[7].parse().ok()).collect();
    let known: Vec<u64> = ind.iter().flatten().copied().collect();
    assert!(known.windows(2).all(|w| w[0] >= w[1]), "{ind:?}");
    // Unknown values come after every known one.
    let first_unknown = ind.iter().position(Option::is_none).unwrap_or(ind.len());
    assert!(ind[first_unknown..].iter().all(Option::is_none), "{ind:?}");
    assert_eq!(sorted.len(), all.len());
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["awards", "--csv", "--json", "sample-data"][..],
        &["awards", "--desc", "sample-data"],
        &["awards"],
        &["awards", "no/such/folder"],
        &["show", "no/such/file.txt"],
        &["show", "sample-data"],
        &["completions", "tcsh"],
        &["--no-such-flag"],
    ] {
        let o = vanban(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty(), "{args:?} says why");
    }
}

#[test]
fn help_and_version() {
    let o = vanban(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for word in ["awards", "show", "config", "completions", "Exit codes"] {
        assert!(stdout(&o).contains(word), "--help mentions {word}");
    }
    let o = vanban(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).trim(),
        format!("vanban {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef vanban"),
        ("fish", "complete -c vanban"),
    ] {
        let o = vanban(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let out = stdout(&o);
        assert!(
            out.contains(marker),
            "{shell}: {}",
            &out[..out.len().min(200)]
        );
        assert!(out.contains("awards"), "{shell} completes subcommands");
    }
}

#[test]
fn show_prints_the_clean_text_without_colour_when_piped() {
    let file = "sample-data/000_446bc425793f645a.txt";
    let o = vanban(&["show", file]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lib = Library::load(&[root().join(file)]);
    let text = lib.docs[0].text();
    let out = stdout(&o);
    assert_eq!(out.trim_end_matches('\n'), text.trim_end_matches('\n'));
    assert!(!out.contains('\x1b'));
}

#[test]
fn show_never_prints_document_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("evil.txt");
    std::fs::write(
        &f,
        "Tiêu đề\n\x1b]0;pwned\x07 Bằng khen \x1b[2J cho 5 tập thể\u{9b}31m\r\n",
    )
    .unwrap();
    let o = vanban(&["show", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(out.contains("Bằng khen"));
}

#[test]
fn no_path_and_no_library_explains_and_exits_2() {
    let o = vanban(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("no documents to open"), "{err}");
    assert!(err.contains("library = "), "{err}");
    assert!(stdout(&o).is_empty());
}
