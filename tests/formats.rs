//! Documents read from HTML, DOCX and PDF: the fixtures made by
//! tests/fixtures/formats/make.py from sample-data give the same facts as the `.txt` they
//! were made from; bad inputs are skipped with a message, never a panic or a hang.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use support::cli;
use support::paths::{root, sample_dir};
use unicode_normalization::UnicodeNormalization;
use vanban::corpus::{Document, Library};
use vanban::formats::{self, Format};
use vanban::text::{legacy, viet};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/formats")
}

/// The Rust legacy tables, as the fixture script reads them: every Vietnamese letter with
/// its TCVN3 and VNI bytes (whether the TCVN3 code is the letter's own or its lower case).
fn legacy_dump() -> String {
    let mut rows = Vec::new();
    for c in viet::all_letters() {
        let s = c.to_string();
        let t = legacy::encode_tcvn3(&s);
        let mut back = String::new();
        legacy::decode_tcvn3(&t, &mut back);
        let exact = back.nfc().collect::<String>() == s;
        let v = legacy::encode_vni(&s);
        rows.push(format!(
            "  {{\"c\": \"{c}\", \"tcvn3\": {t:?}, \"tcvn3_exact\": {exact}, \"vni\": {v:?}}}"
        ));
    }
    format!("[\n{}\n]\n", rows.join(",\n"))
}

#[test]
fn legacy_table_dump_is_current() {
    let path = fixtures().join("legacy_tables.json");
    let now = legacy_dump();
    if std::env::var_os("VANBAN_UPDATE_FIXTURES").is_some() {
        fs::write(&path, &now).unwrap();
    }
    let kept = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == now,
        "tests/fixtures/formats/legacy_tables.json is stale: run \
         VANBAN_UPDATE_FIXTURES=1 cargo test --test formats, then make.py"
    );
}

/// An award without its span: counts, year, awarding body, kind.
type AwardCore = (
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<i32>,
    Option<Arc<str>>,
    Option<Arc<str>>,
);

/// The facts that must not depend on the format (spans do: they point into each text).
#[derive(Debug, PartialEq)]
struct Core {
    title: String,
    date: Option<String>,
    awards: Vec<AwardCore>,
    refs: Vec<String>,
    programmes: Vec<String>,
}

fn core(d: &Document) -> Core {
    let f = &d.facts;
    Core {
        title: f.title.clone(),
        date: f.date.as_deref().map(str::to_string),
        awards: f
            .awards
            .iter()
            .map(|a| {
                (
                    a.collectives,
                    a.individuals,
                    a.combined,
                    a.year,
                    a.by.clone(),
                    a.kind.clone(),
                )
            })
            .collect(),
        refs: f.refs.to_vec(),
        programmes: f.programmes.to_vec(),
    }
}

fn load_one(path: &Path) -> Document {
    let lib = Library::load(&[path.to_path_buf()]);
    assert!(
        lib.skipped.is_empty(),
        "{path:?} skipped: {:?}",
        lib.skipped
    );
    assert_eq!(lib.docs.len(), 1, "{path:?}");
    lib.docs.into_iter().next().unwrap()
}

fn samples() -> Vec<(String, Document)> {
    let mut names: Vec<String> = fs::read_dir(sample_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let d = load_one(&sample_dir().join(&n));
            (n.trim_end_matches(".txt").to_string(), d)
        })
        .collect()
}

#[test]
fn html_pages_give_the_facts_of_their_text() {
    for (name, txt) in samples() {
        let page = load_one(&fixtures().join(format!("html/{name}.html")));
        assert_eq!(page.format(), Format::Html);
        assert_eq!(core(&page), core(&txt), "{name}.html");
        // The furniture is gone: nothing of the menus, scripts, share buttons or comments.
        for furniture in [
            "Trang chủ",
            "dataLayer",
            "Chia sẻ Facebook",
            "Bài viết rất hay",
            "Giấy phép số",
        ] {
            assert!(!page.text().contains(furniture), "{name}: {furniture} kept");
        }
    }
}

#[test]
fn pdfs_give_the_facts_of_their_text() {
    for (name, txt) in samples() {
        let pdf = load_one(&fixtures().join(format!("pdf/{name}.pdf")));
        assert_eq!(pdf.format(), Format::Pdf);
        assert_eq!(core(&pdf), core(&txt), "{name}.pdf");
    }
}

#[test]
fn pdf_hyphenation_at_line_ends_is_joined() {
    // make.py hyphenates sample 0's long paragraphs at their first line end.
    let (name, txt) = samples().into_iter().next().unwrap();
    let pdf = load_one(&fixtures().join(format!("pdf/{name}.pdf")));
    let raw = fs::read(fixtures().join(format!("pdf/{name}.pdf"))).unwrap();
    assert!(raw.len() > 1000);
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(norm(pdf.text()), norm(txt.text()));
}

#[test]
fn docx_in_every_encoding_gives_the_facts_of_its_text() {
    let samples = samples();
    for (i, (kind, encoding)) in [
        ("unicode", "utf8"),
        ("tcvn3", "tcvn3"),
        ("vni", "vni"),
        ("mixed", "vni"),
    ]
    .into_iter()
    .enumerate()
    {
        let (name, txt) = &samples[i];
        let doc = load_one(&fixtures().join(format!("docx/{kind}.docx")));
        assert_eq!(doc.format(), Format::Docx);
        assert_eq!(core(&doc), core(txt), "{kind}.docx from {name}");
        assert_eq!(
            serde_json::to_value(doc.encoding).unwrap(),
            serde_json::Value::from(encoding),
            "{kind}.docx"
        );
        if kind == "mixed" {
            let w = doc.warnings().join(" ");
            assert!(!w.contains(" 0 run") && !w.contains("and 0 in"), "{w}");
        }
        // The table is read as a row of cells; the header and the deleted text are not.
        assert!(
            doc.text()
                .lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["Huyện", "A", "Tốt"]),
            "{kind}: table row"
        );
        assert!(!doc.text().contains("999"), "{kind}: deleted text kept");
        assert!(
            !doc.text().contains("ỦY BAN NHÂN DÂN"),
            "{kind}: header kept"
        );
    }
}

#[test]
fn saved_page_folders_are_not_read() {
    let lib = Library::load(&[fixtures().join("html")]);
    assert_eq!(
        lib.docs.len(),
        5,
        "{:?}",
        lib.docs.iter().map(|d| &d.name).collect::<Vec<_>>()
    );
    assert!(lib.docs.iter().all(|d| d.format() == Format::Html));
}

fn skipped_reason(path: &Path) -> String {
    let lib = Library::load(&[path.to_path_buf()]);
    assert!(lib.docs.is_empty(), "{path:?} read");
    assert_eq!(lib.skipped.len(), 1, "{path:?}");
    lib.skipped[0].reason.clone()
}

#[test]
fn bad_inputs_are_skipped_with_a_reason() {
    let bad = fixtures().join("bad");
    let cases = [
        ("bomb.docx", "zip bomb"),
        ("notword.docx", "without word/document.xml"),
        ("garbage.docx", "not a zip archive"),
        ("truncated.pdf", "PDF"),
        ("encrypted.pdf", "encrypted PDF"),
        ("scan.pdf", "no text layer"),
        ("nounicode.pdf", "no text layer"),
    ];
    for (file, why) in cases {
        let reason = skipped_reason(&bad.join(file));
        assert!(reason.contains(why), "{file}: {reason}");
    }
    // The whole folder: every bad file skipped, the one readable (laughs) read.
    let lib = Library::load(&[bad]);
    assert_eq!(lib.skipped.len(), cases.len());
    assert_eq!(lib.docs.len(), 1);
}

#[test]
fn billion_laughs_expand_nothing() {
    let d = load_one(&fixtures().join("bad/laughs.docx"));
    assert!(d.text().starts_with("Bài"), "{}", d.text());
    assert!(d.text().len() < 100, "{} bytes", d.text().len());
    assert!(!d.text().contains("lol"));
}

#[test]
fn deeply_nested_html_on_a_small_stack() {
    let page = format!(
        "<html><body>{}Có 12 tập thể được khen thưởng{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let t = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || formats::convert(Format::Html, page.as_bytes()))
        .unwrap();
    let started = std::time::Instant::now();
    let c = t.join().expect("no stack overflow").unwrap();
    assert!(c.text.contains("Có 12 tập thể"), "{}", c.text);
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn random_bytes_in_every_format_never_panic() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for n in 0..200 {
        let mut bytes = Vec::new();
        for _ in 0..(n * 7 % 700) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.push(x as u8);
        }
        for (prefix, f) in [
            (&b"%PDF-1.4\n"[..], Format::Pdf),
            (b"PK\x03\x04", Format::Docx),
            (b"PK\x03\x04", Format::Odt),
            (b"<html><p>", Format::Html),
        ] {
            let mut b = prefix.to_vec();
            b.extend_from_slice(&bytes);
            let _ = formats::convert(f, &b);
        }
    }
}

/// A folder with every format: text, a page, Word in TCVN3, a PDF, a scan and a .doc.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let s = samples();
    let copy = |from: PathBuf, to: &str| fs::copy(from, dir.path().join(to)).unwrap();
    copy(root().join(format!("sample-data/{}.txt", s[0].0)), "a.txt");
    copy(fixtures().join(format!("html/{}.html", s[4].0)), "b.html");
    copy(fixtures().join("docx/tcvn3.docx"), "c.docx");
    copy(fixtures().join(format!("pdf/{}.pdf", s[2].0)), "d.pdf");
    copy(fixtures().join("bad/scan.pdf"), "e.pdf");
    fs::write(
        dir.path().join("f.doc"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    )
    .unwrap();
    dir
}

fn vanban(home: &Path, args: &[&str]) -> std::process::Output {
    cli::with_private_cache(cli::command().args(args), home)
        .output()
        .unwrap()
}

#[test]
fn cli_on_a_folder_of_every_format() {
    let dir = mixed_folder();
    let home = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    let ok = |o: &std::process::Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout.clone()).unwrap()
    };
    let o = vanban(home.path(), &["extract", "--json", folder]);
    let json: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    let docs = json["documents"].as_object().unwrap();
    let formats: Vec<(&str, &str)> = docs
        .iter()
        .map(|(k, v)| (k.as_str(), v["format"].as_str().unwrap()))
        .collect();
    assert_eq!(
        formats,
        [
            ("a.txt", "txt"),
            ("b.html", "html"),
            ("c.docx", "docx"),
            ("d.pdf", "pdf")
        ]
    );
    assert_eq!(docs["c.docx"]["encoding"], "tcvn3");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("e.pdf") && stderr.contains("no text layer"),
        "{stderr}"
    );
    assert!(
        stderr.contains("f.doc") && stderr.contains("save it as .docx"),
        "{stderr}"
    );
    // Each document gives the facts of the text it was made from.
    let s = samples();
    for (name, i) in [("b.html", 4), ("c.docx", 1), ("d.pdf", 2)] {
        assert_eq!(
            docs[name]["title"].as_str().unwrap(),
            s[i].1.facts.title,
            "{name}"
        );
        assert_eq!(
            docs[name]["awards"].as_array().unwrap().len(),
            s[i].1.facts.awards.len(),
            "{name}"
        );
    }
    let list = ok(&vanban(home.path(), &["list", folder]));
    assert_eq!(list.lines().count(), 4, "{list}");
    assert!(list.contains("c.docx") && list.contains(&s[1].1.facts.title));
    let awards = ok(&vanban(home.path(), &["awards", "--json", folder]));
    let awards: serde_json::Value = serde_json::from_str(&awards).unwrap();
    let rows = awards["awards"].as_array().unwrap().len();
    let expected: usize = docs
        .values()
        .map(|d| d["awards"].as_array().unwrap().len())
        .sum();
    assert!(expected > 0);
    assert_eq!(rows, expected, "{awards}");
    let show = ok(&vanban(home.path(), &["show", &format!("{folder}/c.docx")]));
    let words = |t: &str| t.split_whitespace().take(30).collect::<Vec<_>>().join(" ");
    // The article, as the text file's.
    let (doc, article) = (&s[1].1, s[1].1.article());
    assert_eq!(words(&show), words(&doc.text()[article]));
}

#[test]
fn the_cache_keeps_documents_of_every_format() {
    let dir = mixed_folder();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    let (first, report) = vanban::corpus::cache::load(&paths, cache_dir.path());
    assert_eq!(report.read, 6, "{report:?}");
    assert!(report.written, "{report:?}");
    let (second, report) = vanban::corpus::cache::load(&paths, cache_dir.path());
    assert_eq!((report.read, report.reused), (0, 6), "{report:?}");
    let facts = |l: &Library| {
        l.docs
            .iter()
            .map(|d| (d.name.to_string(), d.format(), core(d)))
            .collect::<Vec<_>>()
    };
    assert_eq!(facts(&first), facts(&second));
    assert_eq!(second.skipped.len(), 2);
    // The text of a cached document is read again through its format's reader.
    let c = second.docs.iter().find(|d| &*d.name == "c.docx").unwrap();
    assert_eq!(
        c.text(),
        first
            .docs
            .iter()
            .find(|d| &*d.name == "c.docx")
            .unwrap()
            .text()
    );
    assert!(
        c.text().starts_with(&samples()[1].1.facts.title[..10])
            || c.text().contains(&samples()[1].1.facts.title)
    );
}
