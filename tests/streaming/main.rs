//! `extract`, `awards` and `list` write as they go; their output must stay byte for byte
//! what the old in-memory functions ([`reference`]) made: on the samples and fixtures, and
//! on 10,000 generated documents; with a cold cache, a warm one, a head-only one (after a
//! `list`), a stale one, and none.

mod reference;
#[path = "../support/mod.rs"]
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use reference::Format;
use support::cli;
use support::paths::{copy_samples_into, root};
use vanban::awards::group::Key;
use vanban::awards::Column;
use vanban::corpus::cache::read_listing;
use vanban::corpus::Library;
use vanban::search::Index;

/// Run vanban with the cache under `cache` (none: the cache off); its standard output.
fn vanban(args: &[&str], paths: &[PathBuf], cache: Option<&Path>) -> String {
    let mut c = cli::command();
    c.args(args).args(paths);
    match cache {
        Some(dir) => c.env("XDG_CACHE_HOME", dir).env_remove("VANBAN_NO_CACHE"),
        None => c.env("VANBAN_NO_CACHE", "1"),
    };
    let out = c.output().expect("vanban runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

type Expected = Box<dyn Fn(&Library, &[PathBuf]) -> String>;

fn awards(filter: Option<&'static str>, sort: Option<(Column, bool)>, format: Format) -> Expected {
    Box::new(move |lib, _| reference::render(lib, filter, sort, format))
}

fn groups(
    filter: Option<&'static str>,
    keys: &'static [Key],
    sort: Option<(Column, bool)>,
    format: Format,
) -> Expected {
    Box::new(move |lib, _| reference::render_groups(lib, filter, keys, sort, format))
}

fn list(query: &'static str, json: bool) -> Expected {
    Box::new(move |_, paths| {
        let mut l = read_listing(paths);
        let index = Index::from(std::mem::take(&mut l.heads));
        let hits: Vec<_> = index.rank(query).into_iter().map(|i| (i, None)).collect();
        l.heads = index.into_heads();
        match json {
            true => reference::list_json(&l, &hits),
            false => reference::list_text(&l, &hits),
        }
    })
}

/// Every command compared, with what the old code printed for it.
fn cases() -> Vec<(Vec<&'static str>, Expected)> {
    use Format::*;
    vec![
        (vec!["list", "--json"], list("", true)),
        (
            vec!["list", "--json", "--filter", "hoc tap"],
            list("hoc tap", true),
        ),
        (vec!["list", "--filter", "bac"], list("bac", false)),
        (
            vec!["extract", "--json"],
            Box::new(|lib, _| reference::extract_json(lib)),
        ),
        (
            vec!["extract"],
            Box::new(|lib, _| reference::extract_text(lib)),
        ),
        (vec!["awards", "--json"], awards(None, None, Json)),
        (vec!["awards", "--csv"], awards(None, None, Csv)),
        (vec!["awards"], awards(None, None, Text)),
        (
            vec!["awards", "--json", "--filter", "hoc tap bac"],
            awards(Some("hoc tap bac"), None, Json),
        ),
        (
            vec!["awards", "--csv", "--filter", " "],
            awards(Some(" "), None, Csv),
        ),
        (
            vec!["awards", "--csv", "--sort", "collectives", "--desc"],
            awards(None, Some((Column::Collectives, false)), Csv),
        ),
        (
            vec!["awards", "--json", "--sort", "document"],
            awards(None, Some((Column::Document, true)), Json),
        ),
        (
            vec!["awards", "--sort", "kind", "--filter", "long an"],
            awards(Some("long an"), Some((Column::Kind, true)), Text),
        ),
        (
            vec!["awards", "--json", "--group-by", "place,year"],
            groups(None, &[Key::Place, Key::Year], None, Json),
        ),
        (
            vec![
                "awards",
                "--group-by",
                "kind",
                "--sort",
                "combined",
                "--desc",
            ],
            groups(None, &[Key::Kind], Some((Column::Combined, false)), Text),
        ),
        (
            vec!["awards", "--csv", "--group-by", "by", "--filter", "ninh"],
            groups(Some("ninh"), &[Key::By], None, Csv),
        ),
    ]
}

fn check(what: &str, args: &[&str], got: &str, want: &str) {
    if got != want {
        let at = got
            .bytes()
            .zip(want.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(want.len()));
        let from = at.saturating_sub(200);
        panic!(
            "{what} {args:?}: output differs at byte {at} (lengths {} and {})\n got: {:?}\nwant: {:?}",
            got.len(),
            want.len(),
            &got.get(from..(at + 200).min(got.len())).unwrap_or(""),
            &want.get(from..(at + 200).min(want.len())).unwrap_or(""),
        );
    }
}

/// All cases on `paths`: in a fresh cache (the lists first, so later commands find a
/// head-only cache and complete it); then the main streaming commands cold in a cache of
/// their own, warm from it, and without a cache.
fn compare_all(paths: &[PathBuf]) {
    let lib = Library::load(paths);
    assert!(!lib.docs.is_empty());
    let home = tempfile::tempdir().unwrap();
    let shared = home.path().join("shared");
    for (args, want) in cases() {
        let want = want(&lib, paths);
        check("cache", &args, &vanban(&args, paths, Some(&shared)), &want);
    }
    let cold: [&[&str]; 4] = [
        &["extract", "--json"],
        &["awards", "--json"],
        &["awards", "--csv"],
        &["awards"],
    ];
    let cases = cases().into_iter().enumerate();
    for (n, (args, want)) in cases.filter(|(_, (a, _))| cold.contains(&&a[..])) {
        let own = home.path().join(format!("cold{n}"));
        let want = want(&lib, paths);
        check("cold", &args, &vanban(&args, paths, Some(&own)), &want);
        // The cold run completed the cache: the same output from it.
        check("warm", &args, &vanban(&args, paths, Some(&own)), &want);
        if matches!(args[..], ["extract", "--json"] | ["awards", "--json"]) {
            check("no cache", &args, &vanban(&args, paths, None), &want);
        }
    }
}

fn samples() -> Vec<PathBuf> {
    let root = root();
    // Several roots: their names are not in byte order (the formats' "bad/…" after the
    // samples), and the fixtures hold files that are skipped.
    [
        "sample-data",
        "tests/fixtures/reports",
        "tests/fixtures/formats",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect()
}

#[test]
fn samples_stream_byte_for_byte() {
    compare_all(&samples());
}

#[test]
fn a_stale_cache_gives_the_changed_documents() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    copy_samples_into(&docs);
    let paths = vec![docs.clone()];
    let cache = dir.path().join("cache");
    vanban(&["extract", "--json"], &paths, Some(&cache));
    // One document changes, one goes, one comes.
    let mut names: Vec<_> = fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let changed = fs::read_to_string(&names[0]).unwrap();
    fs::write(
        &names[0],
        changed + "\nNăm 2024, 12 tập thể và 34 cá nhân được khen thưởng.\n",
    )
    .unwrap();
    fs::remove_file(&names[1]).unwrap();
    fs::copy(&names[2], docs.join("new.txt")).unwrap();
    let lib = Library::load(&paths);
    for (args, want) in cases().into_iter().skip(3) {
        let want = want(&lib, &paths);
        check("stale", &args, &vanban(&args, &paths, Some(&cache)), &want);
    }
}

/// The generator of the benchmark corpus, if it and python3 are here.
fn generator() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("GEN_CORPUS").map(PathBuf::from),
        Some(root().join("../shared/bench/gen_corpus.py")),
        Some(PathBuf::from("/work/shared/bench/gen_corpus.py")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

#[test]
fn ten_thousand_documents_stream_byte_for_byte() {
    let Some(gen) = generator() else {
        eprintln!("skipped: gen_corpus.py not found (set GEN_CORPUS)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let made = Command::new("python3")
        .arg(&gen)
        .arg(&corpus)
        .args(["--docs", "10000"])
        .status();
    match made {
        Ok(s) if s.success() => {}
        other => {
            eprintln!("skipped: python3 {} failed: {other:?}", gen.display());
            return;
        }
    }
    compare_all(&[corpus]);
}
