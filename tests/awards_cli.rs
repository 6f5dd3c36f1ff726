//! `vanban awards`, `show`, `completions` and the exit codes, run as the real binary
//! with every XDG directory pointed at a fresh temporary folder.

mod support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use support::cli::{self, stderr};
use support::paths::{root, sample_dir};
use vanban::corpus::Library;

/// Run vanban in the repository root with a private home and XDG directories.
fn vanban(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = cli::command();
    cli::with_private_home(cmd.args(args).current_dir(root()), home.path()).env_remove("NO_COLOR");
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
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

/// The CSV columns this file reads by position.
const YEAR: usize = 3;
const BY: usize = 4;
const KIND: usize = 5;
const PLACE: usize = 9;
const WITHIN: usize = 10;

/// The records that stand on their own (an empty `within`): what totals add.
fn top_level(rows: &[Vec<String>]) -> Vec<&Vec<String>> {
    rows.iter().filter(|r| r[WITHIN].is_empty()).collect()
}

fn sum(rows: &[&Vec<String>], col: usize) -> u64 {
    rows.iter()
        .map(|r| r[col].parse::<u64>().unwrap_or(0))
        .sum()
}

#[test]
fn csv_on_the_samples_counts_breakdowns_once() {
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
            "combined",
            "place",
            "within"
        ]
    );
    let body = &rows[1..];
    assert!(body.iter().all(|r| r.len() == 11));
    // Every row: 512 / 2.051 / 3.150, the breakdowns of sample 000 counted a second time.
    let every: Vec<&Vec<String>> = body.iter().collect();
    assert_eq!((sum(&every, 6), sum(&every, 7)), (512, 2051));
    // Counted once: 25 / 57 / 3.150.
    let top = top_level(body);
    assert_eq!(sum(&top, 6), 25, "collectives");
    assert_eq!(sum(&top, 7), 57, "individuals");
    assert_eq!(sum(&top, 8), 3150, "combined");
    for (n, r) in body.iter().enumerate() {
        assert!(Path::new(&root()).join(&r[0]).is_file(), "{}", r[0]);
        for c in [3, 6, 7, 8] {
            assert!(r[c].is_empty() || r[c].parse::<u64>().is_ok(), "{r:?}");
        }
        // A breakdown points back at a total of its own document.
        if let Ok(w) = r[WITHIN].parse::<usize>() {
            assert!(w < n && body[w][0] == r[0], "{r:?}");
        }
    }
}

#[test]
fn json_on_the_samples_totals_25_57_3150_3232() {
    let o = vanban(&["awards", "--json", "sample-data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let t = &v["totals"];
    assert_eq!(t["collectives"], 25);
    assert_eq!(t["individuals"], 57);
    assert_eq!(t["combined"], 3150);
    assert_eq!(t["all"], 3232);
    let rows = v["awards"].as_array().unwrap();
    assert_eq!(t["rows"], rows.len());
    // Each row's span points at its statement in the document's clean text.
    let lib = Library::load(&[sample_dir()]);
    for r in rows {
        let d = lib
            .docs
            .iter()
            .find(|d| &*d.name == r["name"].as_str().unwrap())
            .unwrap();
        let (s, e) = (
            r["span"]["start"].as_u64().unwrap() as usize,
            r["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(r["statement"].as_str(), d.text().get(s..e));
        assert!(s < e);
        assert_eq!(r["place"].as_str(), d.facts.place.as_deref());
    }
    let breakdowns = rows.iter().filter(|r| !r["within"].is_null()).count();
    assert_eq!(breakdowns, 2);
}

#[test]
fn text_table_ends_with_the_totals() {
    let o = vanban(&["awards", "sample-data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let total: Vec<&str> = out.lines().last().unwrap().split_whitespace().collect();
    assert_eq!(total[..5], ["TOTAL", "25", "57", "3150", "3232"]);
    // The two breakdowns stand marked right under their total.
    let lines: Vec<&str> = out.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("└")).unwrap();
    assert!(lines[first - 1].contains("3150"));
    assert!(lines[first + 1].starts_with("└"));
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
    let lib = Library::load(&[sample_dir()]);
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
            matched.iter().any(|&i| r[0].ends_with(&*lib.docs[i].name)),
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
    // The statements that stand on their own are sorted; breakdowns follow their total.
    let top = top_level(&sorted[1..]);
    let ind: Vec<Option<u64>> = top.iter().map(|r| r[7].parse().ok()).collect();
    let known: Vec<u64> = ind.iter().flatten().copied().collect();
    assert!(known.windows(2).all(|w| w[0] >= w[1]), "{ind:?}");
    // Unknown values come after every known one.
    let first_unknown = ind.iter().position(Option::is_none).unwrap_or(ind.len());
    assert!(ind[first_unknown..].iter().all(Option::is_none), "{ind:?}");
    assert_eq!(sorted.len(), all.len());
    for (n, r) in sorted[1..].iter().enumerate() {
        if let Ok(w) = r[WITHIN].parse::<usize>() {
            assert!(w < n, "a breakdown after its total: {r:?}");
        }
    }
}

/// Per group value of `key`, (documents, statements, collectives, individuals, combined,
/// all), worked out from the statements' CSV: a breakdown goes with its total's value and
/// adds no counts.
fn groups_from_statements(
    rows: &[Vec<String>],
    key: usize,
) -> std::collections::BTreeMap<String, [u64; 6]> {
    let mut out: std::collections::BTreeMap<
        String,
        ([u64; 6], std::collections::BTreeSet<String>),
    > = Default::default();
    for r in rows {
        let mut top = r;
        while let Ok(w) = top[WITHIN].parse::<usize>() {
            top = &rows[w];
        }
        let e = out.entry(top[key].clone()).or_default();
        e.1.insert(r[0].clone());
        e.0[1] += 1;
        if r[WITHIN].is_empty() {
            let n = |c: usize| r[c].parse::<u64>().unwrap_or(0);
            e.0[2] += n(6);
            e.0[3] += n(7);
            e.0[4] += n(8);
            e.0[5] += if r[8].is_empty() { n(6) + n(7) } else { n(8) };
        }
    }
    out.into_iter()
        .map(|(k, (mut c, docs))| {
            c[0] = docs.len() as u64;
            (k, c)
        })
        .collect()
}

#[test]
fn group_by_each_key_in_csv_json_and_text() {
    let statements = parse_csv(&stdout(&vanban(&["awards", "--csv", "sample-data"])));
    let statements = &statements[1..];
    for (key, col) in [("place", PLACE), ("year", YEAR), ("by", BY), ("kind", KIND)] {
        let want = groups_from_statements(statements, col);
        // CSV: the key, then the six counts.
        let o = vanban(&["awards", "--group-by", key, "--csv", "sample-data"]);
        assert!(o.status.success(), "{key}: {}", stderr(&o));
        let rows = parse_csv(&stdout(&o));
        assert_eq!(
            rows[0],
            [
                key,
                "documents",
                "statements",
                "collectives",
                "individuals",
                "combined",
                "all"
            ]
        );
        let got: std::collections::BTreeMap<String, [u64; 6]> = rows[1..]
            .iter()
            .map(|r| {
                let c: Vec<u64> = r[1..].iter().map(|x| x.parse().unwrap()).collect();
                (r[0].clone(), c.try_into().unwrap())
            })
            .collect();
        assert_eq!(got, want, "{key} csv");
        // JSON: the same groups, and the totals counted once.
        let o = vanban(&["awards", "--group-by", key, "--json", "sample-data"]);
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let groups = v["groups"].as_array().unwrap();
        assert_eq!(groups.len(), want.len(), "{key} json");
        for g in groups {
            let value = match &g[key] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                n => n.to_string(),
            };
            let counts = [
                "documents",
                "statements",
                "collectives",
                "individuals",
                "combined",
                "all",
            ]
            .map(|c| g[c].as_u64().unwrap());
            assert_eq!(want[&value], counts, "{key} json {value}");
        }
        assert_eq!(v["totals"]["all"], 3232);
        // Text: one line per group and a total line.
        let o = vanban(&["awards", "--group-by", key, "sample-data"]);
        let out = stdout(&o);
        assert_eq!(out.lines().count(), want.len() + 2, "{key} text:\n{out}");
        assert!(out.lines().last().unwrap().starts_with("TOTAL"));
    }
    // Over the samples by place: Long An 1 / 4 / 3.150, Đồng Tháp 24 / 53.
    let o = vanban(&["awards", "--group-by", "place", "--json", "sample-data"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let by_place = |p: &str| {
        let g = v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["place"] == p)
            .unwrap()
            .clone();
        (
            g["collectives"].as_u64(),
            g["individuals"].as_u64(),
            g["combined"].as_u64(),
        )
    };
    assert_eq!(by_place("Long An"), (Some(1), Some(4), Some(3150)));
    assert_eq!(by_place("Đồng Tháp"), (Some(24), Some(53), Some(0)));
    // Two keys: place and year, and groups sorted by a count.
    let o = vanban(&[
        "awards",
        "--group-by",
        "place,year",
        "--sort",
        "individuals",
        "--desc",
        "--csv",
        "sample-data",
    ]);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(rows[0][..2], ["place", "year"]);
    let ind: Vec<u64> = rows[1..].iter().map(|r| r[5].parse().unwrap()).collect();
    assert!(ind.windows(2).all(|w| w[0] >= w[1]), "{ind:?}");
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
fn show_prints_the_article_and_with_page_the_whole_clean_text() {
    let file = "sample-data/001_d047bf3af448a55e.txt";
    let lib = Library::load(&[root().join(file)]);
    let text = lib.docs[0].text();
    // The article: from the headline to the line before "Phản hồi".
    let o = vanban(&["show", file]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Long An: Nhân rộng cách làm hay"), "{out}");
    assert!(text.contains(out.trim_end()), "a part of the clean text");
    for furniture in ["Thứ Ba, 1/10/2024", "Phản hồi", "Các tin khác", "Mới nhất"] {
        assert!(text.contains(furniture), "the page has {furniture}");
        assert!(!out.contains(furniture), "the article has no {furniture}");
    }
    assert!(!out.contains('\x1b'));
    // --page: the clean text as it is, without colour when piped.
    let o = vanban(&["show", "--page", file]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.trim_end_matches('\n'), text.trim_end_matches('\n'));
    assert!(!out.contains('\x1b'));
    let help = stdout(&vanban(&["show", "--help"]));
    assert!(
        help.contains("--page") && help.contains("furniture"),
        "{help}"
    );
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
