//! `vanban list`: the ranked list as lines or JSON, the same with or without a cache, and
//! discovery that survives links, loops, unreadable folders and odd names.

mod support;

use std::fs;
use std::path::Path;
use std::process::Output;

use support::cli;
use support::paths::root;
use vanban::corpus::Library;
use vanban::search;

/// Run vanban with a private HOME and cache.
fn vanban(cache: &Path, args: &[&str]) -> Output {
    cli::with_private_cache(cli::command().args(args).current_dir(root()), cache)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The lines the list should print for these documents, in this order.
fn expected_lines(lib: &Library, order: &[usize]) -> Vec<String> {
    order
        .iter()
        .map(|&i| {
            let d = &lib.docs[i];
            format!(
                "{}\t{}\t{}",
                d.name,
                d.facts.date.as_deref().unwrap_or("-"),
                d.facts.title
            )
        })
        .collect()
}

#[test]
fn lists_every_document_in_library_order() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout(&vanban(home.path(), &["list", "sample-data"]));
    let lib = Library::load(&[root().join("sample-data")]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected_lines(&lib, &[0, 1, 2, 3, 4]));
    assert!(lines[0].starts_with("000_446bc425793f645a.txt\t"));
}

#[test]
fn filter_ranks_as_the_search_does_cold_and_warm() {
    let home = tempfile::tempdir().unwrap();
    let lib = Library::load(&[root().join("sample-data")]);
    for q in ["nhan rong", "học tập", "long an bac", "2014"] {
        let want = expected_lines(&lib, &search::rank(&lib, q));
        assert!(!want.is_empty(), "{q}");
        // First run fills the cache, the second reads only its heads.
        for run in ["cold", "warm"] {
            let out = stdout(&vanban(
                home.path(),
                &["list", "--filter", q, "sample-data"],
            ));
            assert_eq!(out.lines().collect::<Vec<_>>(), want, "{q} {run}");
        }
    }
    let out = stdout(&vanban(
        home.path(),
        &["list", "--filter", "nhan rong", "sample-data"],
    ));
    assert!(out.lines().next().unwrap().contains("Nhân rộng"));
    let none = stdout(&vanban(
        home.path(),
        &["list", "--filter", "qqq zzz", "sample-data"],
    ));
    assert_eq!(none, "");
}

#[test]
fn json_has_the_same_rows() {
    let home = tempfile::tempdir().unwrap();
    let text = stdout(&vanban(
        home.path(),
        &["list", "--filter", "hoc tap", "sample-data"],
    ));
    let json = stdout(&vanban(
        home.path(),
        &["list", "--json", "--filter", "hoc tap", "sample-data"],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{}\t{}\t{}",
                o["path"].as_str().unwrap(),
                o["date"].as_str().unwrap_or("-"),
                o["title"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(rows, text.lines().collect::<Vec<_>>());
    assert!(v[0].get("count").is_none());
}

#[test]
fn full_text_adds_counts() {
    let home = tempfile::tempdir().unwrap();
    let lib = Library::load(&[root().join("sample-data")]);
    let q = "tập thể";
    let hits = search::full_text(&lib, q);
    assert!(hits.len() >= 2);
    let out = stdout(&vanban(
        home.path(),
        &["list", "--full-text", "--filter", q, "sample-data"],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), hits.len());
    for (line, (i, n)) in lines.iter().zip(&hits) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        assert_eq!(cols[0], &*lib.docs[*i].name);
        assert_eq!(cols[3], n.to_string());
        assert_eq!(search::find_in(lib.docs[*i].text(), q).len(), *n);
    }
    let json = stdout(&vanban(
        home.path(),
        &[
            "list",
            "--full-text",
            "--json",
            "--filter",
            q,
            "sample-data",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["count"].as_u64(), Some(hits[0].1 as u64));
}

#[test]
fn no_cache_prints_the_same() {
    let home = tempfile::tempdir().unwrap();
    let cached = stdout(&vanban(
        home.path(),
        &["list", "--filter", "bac", "sample-data"],
    ));
    let o = cli::command()
        .args(["list", "--filter", "bac", "sample-data"])
        .current_dir(root())
        .env("HOME", home.path())
        .env("VANBAN_NO_CACHE", "1")
        .output()
        .unwrap();
    assert_eq!(stdout(&o), cached);
}

#[test]
fn missing_path_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let o = vanban(home.path(), &["list", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such file"));
}

#[test]
fn hostile_names_and_titles_stay_inert() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a\x1b[31mred\tx.txt"),
        "Tiêu đề \u{9b}31m có mã\nnội dung",
    )
    .unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    for args in [vec!["list", dir_arg], vec!["list", "--json", dir_arg]] {
        let out = stdout(&vanban(home.path(), &args));
        assert!(!out.contains('\x1b') && !out.contains('\u{9b}'), "{out:?}");
        assert!(out.contains("red"), "{out:?}");
    }
    let out = stdout(&vanban(home.path(), &["list", dir_arg]));
    assert_eq!(
        out.lines().next().unwrap().split('\t').count(),
        3,
        "a tab in a name is replaced"
    );
}

#[cfg(unix)]
#[test]
fn discovery_survives_loops_odd_names_and_unreadable_folders() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};

    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("b/inner")).unwrap();
    fs::write(d.join("a.txt"), "Bài A").unwrap();
    fs::write(d.join("b/inner/c.TXT"), "Bài C").unwrap();
    fs::write(d.join("b/notes.md"), "không phải tài liệu").unwrap();
    symlink(d, d.join("b/inner/loop")).unwrap(); // back to the root
    symlink(d.join("nowhere.txt"), d.join("broken.txt")).unwrap();
    let bad = std::ffi::OsStr::from_bytes(b"bad\xff.txt");
    fs::write(d.join(bad), "Tên lỗi").unwrap();
    fs::create_dir(d.join("locked")).unwrap();
    fs::write(d.join("locked/hidden.txt"), "Bị khóa").unwrap();
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
    let locked_readable = fs::read_dir(d.join("locked")).is_ok(); // true for root

    let o = vanban(home.path(), &["list", d.to_str().unwrap()]);
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    let out = stdout(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    let names: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    // A name that is not UTF-8 is read, shown with U+FFFD for the bad byte.
    let mut want = vec!["a.txt", "b/inner/c.TXT", "bad\u{fffd}.txt"];
    if locked_readable {
        want.push("locked/hidden.txt");
    } else {
        assert!(err.contains("locked"), "{err}");
    }
    assert_eq!(names, want);
    assert!(err.contains("symlink loop"), "{err}");
    assert!(err.contains("broken.txt"), "{err}");
}

#[test]
fn full_text_is_the_same_from_every_kind_of_cache() {
    let home = tempfile::tempdir().unwrap();
    let args = ["list", "--full-text", "--filter", "tap the", "sample-data"];
    let uncached = cli::command()
        .args(args)
        .current_dir(root())
        .env("HOME", home.path())
        .env("VANBAN_NO_CACHE", "1")
        .output()
        .unwrap();
    let want = stdout(&uncached);
    assert!(want.lines().count() >= 3, "{want}");
    // A list leaves heads only; the first full-text run completes the cache (a full load),
    // the next one reads the cached heads and bodies alone.
    stdout(&vanban(home.path(), &["list", "sample-data"]));
    assert_eq!(stdout(&vanban(home.path(), &args)), want, "after a list");
    assert_eq!(stdout(&vanban(home.path(), &args)), want, "complete cache");
    // Damaged bodies: still the same answer.
    let dir = home.path().join("cache/vanban");
    for e in fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "bodies") {
            let mut b = fs::read(&p).unwrap();
            let at = b.len() / 2;
            b[at] ^= 0x55;
            fs::write(&p, b).unwrap();
        }
    }
    assert_eq!(stdout(&vanban(home.path(), &args)), want, "damaged bodies");
}
