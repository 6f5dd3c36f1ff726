//! The five sample documents against the gold extraction (a copy of ../shared/gold/seeds.json).

mod support;

use std::collections::BTreeSet;

use serde_json::Value;
use support::cli;
use support::paths::{root, sample_dir};
use vanban::corpus::Library;
use vanban::extract::programmes::key;

/// An award as the scorer compares it: counts, year, awarding body (ignoring case and
/// punctuation) and the counts of the total it breaks down.
type Row = (
    Option<u64>,
    Option<u64>,
    Option<u64>,
    Option<i64>,
    Option<String>,
    Option<(Option<u64>, Option<u64>, Option<u64>)>,
);

fn gold_rows(awards: &[Value]) -> Vec<Row> {
    let counts = |a: &Value| {
        (
            a["collectives"].as_u64(),
            a["individuals"].as_u64(),
            a["combined"].as_u64(),
        )
    };
    let mut rows: Vec<Row> = awards
        .iter()
        .map(|a| {
            let (c, i, k) = counts(a);
            let within = a["within"].as_u64().map(|w| counts(&awards[w as usize]));
            (
                c,
                i,
                k,
                a["year"].as_i64(),
                a["by"].as_str().map(key),
                within,
            )
        })
        .collect();
    rows.sort();
    rows
}

fn rows(awards: &[vanban::extract::Award]) -> Vec<Row> {
    let counts = |a: &vanban::extract::Award| {
        let n = |c: Option<u32>| c.map(u64::from);
        (n(a.collectives), n(a.individuals), n(a.combined))
    };
    let mut rows: Vec<Row> = awards
        .iter()
        .map(|a| {
            let (c, i, k) = counts(a);
            let within = a.parent().map(|w| counts(&awards[w]));
            (
                c,
                i,
                k,
                a.year.map(i64::from),
                a.by.as_deref().map(key),
                within,
            )
        })
        .collect();
    rows.sort();
    rows
}

/// "Tỉnh Long An" and "Long An" name one place.
fn place_key(p: Option<&str>) -> Option<String> {
    let k = vanban::text::fold::fold(p?);
    let k = ["tinh ", "thanh pho ", "tp "]
        .iter()
        .find_map(|w| k.strip_prefix(w))
        .unwrap_or(&k)
        .to_string();
    Some(k.chars().filter(char::is_ascii_alphanumeric).collect())
}

/// Every document of `dir` against the gold file `gold` (the scorer's shape), field by field.
fn matches_gold(dir: &str, gold: &str, titles: bool) {
    let lib = Library::load(&[root().join(dir)]);
    let text = std::fs::read_to_string(root().join(gold)).unwrap();
    let gold: Value = serde_json::from_str(&text).unwrap();
    let docs = gold["documents"].as_object().unwrap();
    assert_eq!(lib.docs.len(), docs.len());
    for (name, g) in docs {
        let d = lib
            .docs
            .iter()
            .find(|d| *d.name == **name)
            .unwrap_or_else(|| panic!("{name} not loaded"));
        let f = &d.facts;
        if titles {
            assert_eq!(f.title, g["title"].as_str().unwrap(), "{name} title");
            assert_eq!(f.date.as_deref(), g["date"].as_str(), "{name} date");
        }
        assert_eq!(
            place_key(f.place.as_deref()),
            place_key(g["place"].as_str()),
            "{name} place"
        );
        assert_eq!(
            rows(&f.awards),
            gold_rows(g["awards"].as_array().unwrap()),
            "{name} awards"
        );
        let want: BTreeSet<&str> = g["refs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let got: BTreeSet<&str> = f.refs.iter().map(String::as_str).collect();
        assert_eq!(got, want, "{name} refs");
        let want: BTreeSet<String> = g["programmes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| key(p.as_str().unwrap()))
            .collect();
        let got: BTreeSet<String> = f.programmes.iter().map(|p| key(p)).collect();
        assert_eq!(got, want, "{name} programmes");
    }
}

#[test]
fn samples_match_the_gold_file() {
    matches_gold("sample-data", "tests/fixtures/seeds.gold.json", true);
}

/// Reports written for the tests: page furniture, breakdowns (nested, in parentheses, in a
/// "cụ thể:" list), counts in words, and traps (targets, discipline, prizes, captions,
/// links to other articles), in other provinces and a national one.
#[test]
fn written_reports_match_their_expected_facts() {
    matches_gold(
        "tests/fixtures/reports",
        "tests/fixtures/reports/expected.json",
        false,
    );
}

#[test]
fn award_spans_point_at_their_sentences() {
    let lib = Library::load(&[sample_dir()]);
    let d = lib.docs.iter().find(|d| d.name.starts_with("000")).unwrap();
    let texts: Vec<&str> = d
        .facts
        .awards
        .iter()
        .map(|a| &d.text()[a.span.start..a.span.end])
        .collect();
    assert!(
        texts[0].starts_with("Kết quả năm 2009, có 3.150 tập thể, cá nhân"),
        "{texts:?}"
    );
    assert!(texts[1].contains("437 tập thể và 1.743 cá nhân"));
    assert!(texts[2].contains("50 tập thể và 251 cá nhân"));
    assert_eq!(d.facts.awards[1].by.as_deref(), Some("UBND tỉnh, huyện"));
    assert_eq!(d.facts.source.as_deref(), Some("Báo Long An"));
    for f in &d.facts.figures {
        assert_eq!(&d.text()[f.span.start..f.span.end], f.text);
    }
}

#[test]
fn extract_json_has_the_gold_shape() {
    let out = cli::command()
        .args(["extract", "--json"])
        .arg(sample_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_object().unwrap();
    assert_eq!(docs.len(), 5);
    let d = &docs["000_446bc425793f645a.txt"];
    for field in [
        "title",
        "date",
        "source",
        "place",
        "encoding",
        "warnings",
        "awards",
        "refs",
        "programmes",
        "figures",
    ] {
        assert!(d.get(field).is_some(), "missing {field}");
    }
    assert_eq!(d["awards"][0]["combined"], 3150);
    assert_eq!(d["place"], "Long An");
    assert!(d["awards"][0]["within"].is_null());
    assert_eq!(d["awards"][1]["within"], 0);
    assert!(d["awards"][0]["span"]["start"].as_u64().is_some());
}
