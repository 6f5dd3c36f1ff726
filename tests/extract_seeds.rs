//! The five sample documents against the gold extraction (a copy of ../shared/gold/seeds.json).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use vanban::corpus::Library;
use vanban::extract::programmes::key;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gold() -> Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/seeds.gold.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn triple(a: &Value) -> (Option<u64>, Option<u64>, Option<u64>, Option<i64>) {
    (
        a["collectives"].as_u64(),
        a["individuals"].as_u64(),
        a["combined"].as_u64(),
        a["year"].as_i64(),
    )
}

#[test]
fn samples_match_the_gold_file() {
    let lib = Library::load(&[root().join("sample-data")]);
    let gold = gold();
    let docs = gold["documents"].as_object().unwrap();
    assert_eq!(lib.docs.len(), docs.len());
    for (name, g) in docs {
        let d = lib
            .docs
            .iter()
            .find(|d| &d.name == name)
            .unwrap_or_else(|| panic!("{name} not loaded"));
        let f = &d.facts;
        assert_eq!(f.title, g["title"].as_str().unwrap(), "{name} title");
        assert_eq!(f.date.as_deref(), g["date"].as_str(), "{name} date");
        let mut want: Vec<_> = g["awards"].as_array().unwrap().iter().map(triple).collect();
        let mut got: Vec<_> = f
            .awards
            .iter()
            .map(|a| {
                (
                    a.collectives,
                    a.individuals,
                    a.combined,
                    a.year.map(i64::from),
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name} awards");
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
fn award_spans_point_at_their_sentences() {
    let lib = Library::load(&[root().join("sample-data")]);
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
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["extract", "--json"])
        .arg(root().join("sample-data"))
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
    assert!(d["awards"][0]["span"]["start"].as_u64().is_some());
}
