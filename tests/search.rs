//! Folding and ranking rules: diacritics, đ, case and NFD ignored; exact diacritics, whole
//! phrases and newer dates first; every term required; full-text counts and ranges; the
//! worker's answers equal one-off searches.

mod support;

use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;
use support::paths::sample_dir;
use unicode_normalization::UnicodeNormalization;
use vanban::corpus::{Document, Library};
use vanban::search::{self, find_in, full_text, rank, Index, Memo, Mode, Query, Scorer, Worker};
use vanban::text::fold::fold;

/// A document whose facts are set by hand, so these tests do not depend on extraction.
fn doc(title: &str, date: Option<&str>, body: &str) -> Document {
    let name = format!("{}.txt", fold(title).replace(' ', "_"));
    let text = format!("{title}\n{body}");
    let mut d = Document::from_bytes(
        Path::new("/nowhere").join(&name).as_path(),
        &name,
        text.as_bytes(),
    );
    d.facts.title = title.to_string();
    d.facts.date = date.map(Into::into);
    d.facts.source = None;
    d.facts.programmes = Box::default();
    d
}

fn library(titles: &[&str]) -> Library {
    Library::from_docs(titles.iter().map(|t| doc(t, None, "")).collect())
}

fn titles(lib: &Library, hits: &[usize]) -> Vec<String> {
    hits.iter()
        .map(|&i| lib.docs[i].facts.title.clone())
        .collect()
}

#[test]
fn diacritics_and_d_are_optional() {
    let lib = library(&[
        "Học tập và làm theo",
        "Đức Hòa ra quân",
        "Bến Lức sơ kết",
        "Tân An",
    ]);
    assert_eq!(
        titles(&lib, &rank(&lib, "hoc tap")),
        ["Học tập và làm theo"]
    );
    assert_eq!(titles(&lib, &rank(&lib, "duc hoa")), ["Đức Hòa ra quân"]);
    assert_eq!(titles(&lib, &rank(&lib, "ben luc")), ["Bến Lức sơ kết"]);
    // Typed with other diacritics, or with đ, it still folds to the same letters.
    assert_eq!(titles(&lib, &rank(&lib, "đúc hoà")), ["Đức Hòa ra quân"]);
}

#[test]
fn case_is_ignored_for_vietnamese_capitals() {
    let lib = library(&["HỌC TẬP LÀM THEO", "không liên quan"]);
    assert_eq!(titles(&lib, &rank(&lib, "học tập")), ["HỌC TẬP LÀM THEO"]);
    let lib = library(&["học tập làm theo", "không liên quan"]);
    assert_eq!(titles(&lib, &rank(&lib, "HỌC TẬP")), ["học tập làm theo"]);
    assert_eq!(fold("ĐỨC HÒA"), fold("đức hòa"));
}

#[test]
fn nfd_and_nfc_are_the_same() {
    let nfc = "Thừa Thiên Huế học tập";
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let lib = library(&[&nfd, "Cà Mau"]);
    assert_eq!(rank(&lib, "hue hoc"), [0]);
    assert_eq!(rank(&lib, "Huế học"), [0]);
    let query_nfd: String = "Huế học".nfd().collect();
    assert_eq!(rank(&lib, &query_nfd), [0]);
    assert_eq!(Query::parse(&query_nfd), Query::parse("Huế học"));
}

#[test]
fn exact_diacritics_rank_first() {
    let lib = library(&["hóc búa", "học tập", "hộc tủ", "HỌC hành"]);
    let hits = titles(&lib, &rank(&lib, "học"));
    assert_eq!(hits.len(), 4, "all four fold to hoc");
    let exact: Vec<&str> = hits[..2].iter().map(String::as_str).collect();
    assert!(
        exact.contains(&"học tập") && exact.contains(&"HỌC hành"),
        "{hits:?}"
    );
    // Without diacritics in the query, none is preferred for them.
    assert_eq!(rank(&lib, "hoc").len(), 4);
    let lib = library(&["hóc búa", "học tập"]);
    assert_eq!(titles(&lib, &rank(&lib, "hóc")), ["hóc búa", "học tập"]);
}

#[test]
fn every_term_must_match() {
    let lib = library(&[
        "Học tập và làm theo gương Bác",
        "Học tập nghị quyết",
        "Làm theo Bác",
    ]);
    assert_eq!(
        titles(&lib, &rank(&lib, "hoc tap bac")),
        ["Học tập và làm theo gương Bác"]
    );
    assert!(rank(&lib, "hoc xyz").is_empty());
    // Terms may come in any order, as in fzf.
    assert_eq!(rank(&lib, "bac hoc"), rank(&lib, "hoc bac"));
}

#[test]
fn contiguous_word_start_matches_rank_higher() {
    let lib = library(&[
        "Nhiều nhân tố mới được phát triển rộng khắp",
        "Long An: Nhân rộng cách làm hay",
        "Nhân rộng mô hình dân vận khéo",
        "Thanh niên rong ruổi",
    ]);
    let hits = titles(&lib, &rank(&lib, "nhan rong"));
    assert_eq!(hits[0], "Nhân rộng mô hình dân vận khéo", "{hits:?}");
    assert_eq!(hits[1], "Long An: Nhân rộng cách làm hay", "{hits:?}");
}

#[test]
fn nhan_rong_on_the_samples() {
    let lib = Library::load(&[sample_dir()]);
    let hits = rank(&lib, "nhan rong");
    assert!(!hits.is_empty());
    assert!(
        lib.docs[hits[0]].facts.title.contains("Nhân rộng"),
        "{}",
        lib.docs[hits[0]].facts.title
    );
}

#[test]
fn ties_go_to_the_newest_date() {
    let lib = Library::from_docs(vec![
        doc("Sơ kết học tập", Some("2012-05-01"), ""),
        doc("Sơ kết học tập", None, ""),
        doc("Sơ kết học tập", Some("2020-01-31"), ""),
        doc("Sơ kết học tập", Some("2015-12-31"), ""),
    ]);
    assert_eq!(rank(&lib, "so ket"), [2, 3, 0, 1]);
}

#[test]
fn empty_query_keeps_library_order() {
    let lib = library(&["b", "a", "c"]);
    assert_eq!(rank(&lib, ""), [0, 1, 2]);
    assert_eq!(rank(&lib, "   "), [0, 1, 2]);
}

#[test]
fn keys_include_date_source_and_programmes() {
    let mut d = doc("Tin tức", Some("2014-06-15"), "");
    d.facts.source = Some("Báo Long An".into());
    d.facts.programmes = Box::new(["Dân vận khéo".into()]);
    let lib = Library::from_docs(vec![d, doc("Khác", None, "")]);
    assert_eq!(rank(&lib, "2014"), [0]);
    assert_eq!(rank(&lib, "bao long an"), [0]);
    assert_eq!(rank(&lib, "dan van kheo"), [0]);
    // A term must match within one field, not across two.
    assert!(rank(&lib, "tucbao").is_empty());
}

#[test]
fn both_scorers_find_the_same_documents() {
    let lib = Library::load(&[sample_dir()]);
    let index = Index::new(&lib);
    for q in ["hoc tap", "nhan rong", "long an bac", "ho chi minh", "xyz"] {
        let q = Query::parse(q);
        let cancel = Default::default();
        let mut a = index.rank_with(&q, None, Scorer::Nucleo, &cancel).unwrap();
        let mut b = index.rank_with(&q, None, Scorer::Skim, &cancel).unwrap();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{q:?}");
    }
}

#[test]
fn full_text_counts_match_the_ranges() {
    let lib = Library::from_docs(vec![
        doc("Một", None, "Học tập, học tập nữa, HỌC TẬP mãi. Bác Hồ."),
        doc("Hai", None, "Học tập."),
        doc("Ba", None, "Không có gì."),
    ]);
    let hits = full_text(&lib, "hoc tap");
    assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), [0, 1]);
    for (i, count) in hits {
        let text = lib.docs[i].text();
        let ranges = find_in(text, "hoc tap");
        assert_eq!(ranges.len(), count);
        for r in &ranges {
            let word = fold(&text[r.clone()]);
            assert!(word == "hoc" || word == "tap", "{word}");
        }
    }
    assert!(full_text(&lib, "hoc bac zzz").is_empty());
    assert!(full_text(&lib, "").is_empty());
}

#[test]
fn find_in_ranges_cover_whole_letters_in_nfd() {
    let text: String = "Ở Đức Hòa, đức độ".nfd().collect();
    let ranges = find_in(&text, "duc");
    let found: Vec<String> = ranges
        .iter()
        .map(|r| text[r.clone()].nfc().collect())
        .collect();
    assert_eq!(found, ["Đức", "đức"]);
}

#[test]
fn full_text_on_samples_agrees_with_find_in() {
    let lib = Library::load(&[sample_dir()]);
    for q in ["tập thể", "bang khen", "ho chi minh"] {
        let hits = full_text(&lib, q);
        assert!(!hits.is_empty(), "{q}");
        for (i, n) in hits {
            assert_eq!(
                find_in(lib.docs[i].text(), q).len(),
                n,
                "{q} in {}",
                lib.docs[i].name
            );
        }
    }
}

fn answer(worker: &Worker, query: &str, mode: Mode) -> search::Results {
    match mode {
        Mode::Keys => worker.submit(query),
        Mode::FullText => worker.submit_full_text(query),
    }
    loop {
        let r = worker
            .results()
            .recv_timeout(Duration::from_secs(30))
            .expect("an answer");
        if r.query == query && r.mode == mode && r.ranked {
            return r;
        }
    }
}

#[test]
fn worker_answers_like_rank_while_typing() {
    let lib = Library::load(&[sample_dir()]);
    let worker = Worker::new(&lib);
    let typed = "hoc tap bac";
    for n in 1..=typed.len() {
        let q = &typed[..n];
        let r = answer(&worker, q, Mode::Keys);
        assert_eq!(r.docs, rank(&lib, q), "{q}");
        assert!(r.counts.is_empty());
    }
    // Deleting characters goes back to a full search.
    let r = answer(&worker, "ho", Mode::Keys);
    assert_eq!(r.docs, rank(&lib, "ho"));
    for q in ["bang", "bang khen"] {
        let r = answer(&worker, q, Mode::FullText);
        let expected = full_text(&lib, q);
        assert_eq!(r.docs, expected.iter().map(|h| h.0).collect::<Vec<_>>());
        assert_eq!(r.counts, expected.iter().map(|h| h.1).collect::<Vec<_>>());
    }
}

/// The next answer of the worker.
fn next(worker: &Worker) -> search::Results {
    worker
        .results()
        .recv_timeout(Duration::from_secs(30))
        .expect("an answer")
}

#[test]
fn a_large_key_search_sends_its_matches_ahead_of_the_ranking() {
    let lib = Library::load(&[sample_dir()]);
    let worker = Worker::new(&lib);
    worker.early_from(0);
    let typed = "hoc tap bac";
    for n in 1..=typed.len() {
        let q = &typed[..n];
        worker.submit(q);
        let (ahead, ranked) = (next(&worker), next(&worker));
        assert_eq!((ahead.query.as_str(), ahead.ranked), (q, false));
        assert_eq!((ranked.query.as_str(), ranked.ranked), (q, true));
        assert_eq!(ranked.docs, rank(&lib, q), "{q}");
        let mut same = ranked.docs.clone();
        same.sort_unstable();
        assert_eq!(
            ahead.docs, same,
            "{q}: the same documents, in library order"
        );
    }
    // Full text, and key searches below the bound, are only ranked.
    worker.submit_full_text("bang");
    assert!(next(&worker).ranked);
    worker.early_from(lib.docs.len() + 1);
    worker.submit("khen");
    let r = next(&worker);
    assert!(r.ranked);
    assert_eq!(r.docs, rank(&lib, "khen"));
}

#[test]
fn worker_skips_stale_queries() {
    let lib = Library::load(&[sample_dir()]);
    let worker = Worker::new(&lib);
    for q in ["h", "ho", "hoc", "hoc t", "hoc ta"] {
        worker.submit(q);
    }
    worker.submit("hoc tap");
    // Every answer is tagged with its own query; the last one always comes.
    let mut seen = Vec::new();
    loop {
        let r = worker
            .results()
            .recv_timeout(Duration::from_secs(30))
            .unwrap();
        assert_eq!(r.docs, rank(&lib, &r.query));
        seen.push(r.query.clone());
        if r.query == "hoc tap" {
            break;
        }
    }
    assert!(seen.len() <= 6);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Narrowing (re-checking only the previous matches, reusing the scores of terms
    /// already typed) gives what a fresh search gives.
    #[test]
    fn narrowing_equals_a_fresh_search(
        titles in prop::collection::vec("[aăâbcdđeêhoôơuưy àáảãạ]{0,24}", 1..40),
        typed in "[aăâbcdđeêhoôơuưy àáạ]{1,12}",
    ) {
        let lib = library(&titles.iter().map(String::as_str).collect::<Vec<_>>());
        let index = Index::new(&lib);
        let cancel = Default::default();
        let chars: Vec<char> = typed.chars().collect();
        let mut prev: Option<(Query, Vec<usize>)> = None;
        let mut memo = Memo::default();
        for n in 1..=chars.len() {
            let q = Query::parse(&chars[..n].iter().collect::<String>());
            let cands = prev.as_ref().filter(|(p, _)| q.narrows(p)).map(|(_, c)| c.as_slice());
            let narrowed = index.rank_memo(&q, cands, Scorer::Nucleo, &cancel, &mut memo).unwrap();
            let fresh = index.rank_with(&q, None, Scorer::Nucleo, &cancel).unwrap();
            prop_assert_eq!(&narrowed, &fresh);
            prev = Some((q, narrowed));
        }
    }

    /// The matches found without scores are the documents the ranking finds, for both
    /// scorers, fresh and narrowed.
    #[test]
    fn matches_are_what_the_ranking_finds(
        titles in prop::collection::vec("[aăâbcdđeêhoôơuưy àáảãạ]{0,24}", 1..40),
        typed in "[aăâbcdđeêhoôơuưy àáạ]{1,12}",
    ) {
        let lib = library(&titles.iter().map(String::as_str).collect::<Vec<_>>());
        let index = Index::new(&lib);
        let cancel = Default::default();
        let q = Query::parse(&typed);
        for scorer in [Scorer::Nucleo, Scorer::Skim] {
            let mut ranked = index.rank_with(&q, None, scorer, &cancel).unwrap();
            ranked.sort_unstable();
            prop_assert_eq!(&index.matches(&q, None, &cancel).unwrap(), &ranked);
            let half: Vec<usize> = (0..lib.docs.len()).step_by(2).collect();
            let mut within = index.rank_with(&q, Some(&half), scorer, &cancel).unwrap();
            within.sort_unstable();
            prop_assert_eq!(&index.matches(&q, Some(&half), &cancel).unwrap(), &within);
        }
    }

    /// Testing and scoring each distinct field once ranks exactly as reading each key
    /// whole: same order, same matches, fresh, within candidates and narrowed; on keys
    /// of several fields that repeat (titles, dates, sources, programmes).
    #[test]
    fn distinct_fields_rank_as_whole_keys(
        parts in prop::collection::vec(
            // Few letters, so terms often occur whole in several fields of a key.
            ("[abođô -]{0,14}", 0..4usize, prop::option::of("[abo ]{0,6}"), prop::collection::vec("[abo ]{0,8}", 0..3)),
            1..40,
        ),
        typed in "[abođô 0-9-]{1,8}",
    ) {
        let docs = parts.iter().map(|(title, date, source, programmes)| {
            let dates = ["2021-05-01", "2019-12-31", ""];
            let mut d = doc(title, dates.get(*date).copied(), "");
            d.facts.source = source.clone();
            d.facts.programmes = programmes.clone().into();
            d
        });
        let lib = Library::from_docs(docs.collect());
        let whole = Index::new(&lib);
        let fielded = Index::new(&lib);
        fielded.prepare();
        let cancel = Default::default();
        let half: Vec<usize> = (0..lib.docs.len()).step_by(2).collect();
        // Candidates fewer than a quarter of the fields: only their fields are tested.
        let one = [lib.docs.len() / 2];
        for scorer in [Scorer::Nucleo, Scorer::Skim] {
            let chars: Vec<char> = typed.chars().collect();
            let (mut m1, mut m2) = (Memo::default(), Memo::default());
            let mut prev: Option<(Query, Vec<usize>)> = None;
            for n in 1..=chars.len() {
                let q = Query::parse(&chars[..n].iter().collect::<String>());
                for cands in [None, Some(half.as_slice()), Some(one.as_slice())] {
                    let a = whole.rank_with(&q, cands, scorer, &cancel).unwrap();
                    let b = fielded.rank_with(&q, cands, scorer, &cancel).unwrap();
                    prop_assert_eq!(&a, &b, "{:?} {:?}", q.folded, scorer);
                    let a = whole.matches(&q, cands, &cancel).unwrap();
                    prop_assert_eq!(&a, &fielded.matches(&q, cands, &cancel).unwrap());
                }
                let cands = prev.as_ref().filter(|(p, _)| q.narrows(p)).map(|(_, c)| c.clone());
                let a = whole.rank_memo(&q, cands.as_deref(), scorer, &cancel, &mut m1).unwrap();
                let b = fielded.rank_memo(&q, cands.as_deref(), scorer, &cancel, &mut m2).unwrap();
                prop_assert_eq!(&a, &b);
                prev = Some((q, a));
            }
        }
    }

    /// Folding maps every match back onto whole characters of the original text.
    #[test]
    fn find_in_ranges_are_char_boundaries(text in "[a-zđĐàáạăắâấêếôốơớưứ \\u{0300}\\u{0301}\\u{0323}]{0,60}", q in "[a-dđ ]{1,4}") {
        for r in find_in(&text, &q) {
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(r.start < r.end);
        }
    }
}
