//! The full-text token index beside the cache gives exactly the scan's answer: the same
//! documents, counts and order, for random queries; after an update as after a fresh build;
//! and a damaged or missing index falls back to the scan.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use proptest::prelude::*;
use vanban::corpus::{cache, Library};
use vanban::search::{date_number, full_text, full_text_in, scan_full_text_in};
use vanban::text::fold::fold;

/// Words of the generated documents: Vietnamese with and without diacritics, numbers,
/// references, punctuation, runs of one letter (for overlapping terms), and a word joined
/// by a non-breaking space.
const WORDS: &[&str] = &[
    "Học",
    "tập",
    "và",
    "làm",
    "theo",
    "tư",
    "tưởng",
    "đạo",
    "đức",
    "phong",
    "cách",
    "Hồ",
    "Chí",
    "Minh",
    "thi",
    "đua",
    "khen",
    "thưởng",
    "Bác",
    "hoc",
    "tap",
    "bac",
    "HỌC",
    "TẬP",
    "Đảng",
    "bộ",
    "tỉnh",
    "Quảng",
    "Trị",
    "05-CT/TW",
    "01-KL/TW",
    "2012,",
    "34.197",
    "“Nâng",
    "cao”",
    "aaaa",
    "aa",
    "a",
    "ab",
    "aba",
    "nhân\u{a0}dân",
    "cá",
    "nhân",
    "tập",
    "thể",
    "Bằng",
    "khen",
    "ho\u{323}c",
    "giai",
    "đoạn",
    "2007-2012",
    "(",
];

const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "\n", "\t", ", ", "  ", "\n\n"];

/// A small pseudo-random generator, so the library is the same at every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn text(rng: &mut Lcg) -> String {
    let mut s = String::new();
    for _ in 0..3 + rng.next(120) {
        s += WORDS[rng.next(WORDS.len())];
        s += SEPARATORS[rng.next(SEPARATORS.len())];
    }
    s
}

/// Write `n` generated documents into `dir`, from `seed`.
fn write_docs(dir: &Path, n: usize, seed: u64) {
    let mut rng = Lcg(seed);
    for i in 0..n {
        let date = format!(
            "{}/{}/20{:02}",
            1 + rng.next(28),
            1 + rng.next(12),
            rng.next(20)
        );
        let body = format!("Thứ Hai, {date}\nBáo cáo {i}\n\n{}", text(&mut rng));
        fs::write(dir.join(format!("doc{i:03}.txt")), body).unwrap();
    }
}

fn dates(lib: &Library) -> Vec<u32> {
    lib.docs
        .iter()
        .map(|d| date_number(d.facts.date.as_deref()))
        .collect()
}

/// The generated library, loaded through its cache (which built the index).
struct Fixture {
    _docs: tempfile::TempDir,
    _cache: tempfile::TempDir,
    lib: Library,
    dates: Vec<u32>,
    /// The folded texts, to take queries from.
    texts: Vec<String>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let docs = tempfile::tempdir().unwrap();
        write_docs(docs.path(), 120, 7);
        let cache_dir = tempfile::tempdir().unwrap();
        let (lib, r) = cache::load(&[docs.path().to_path_buf()], cache_dir.path());
        assert!(r.written);
        let texts = lib.docs.iter().map(|d| fold(d.text())).collect();
        Fixture {
            dates: dates(&lib),
            lib,
            texts,
            _docs: docs,
            _cache: cache_dir,
        }
    })
}

/// A query: substrings of the texts (folded or not), words with or without diacritics,
/// one-letter terms, runs of spaces.
fn query() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        (0usize..120, 0usize..400, 1usize..9).prop_map(|(d, at, len)| {
            let t = &fixture().texts[d % fixture().texts.len()];
            t.chars()
                .skip(at % t.chars().count().max(1))
                .take(len)
                .collect::<String>()
        }),
        (0usize..WORDS.len()).prop_map(|i| WORDS[i].to_string()),
        (0usize..WORDS.len()).prop_map(|i| fold(WORDS[i])),
        "[a-dhot]{1,3}",
        Just("aa".to_string()),
        Just(" ".to_string()),
    ];
    prop::collection::vec(word, 0..4).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn the_index_gives_the_scans_matches(q in query()) {
        let f = fixture();
        let bodies = f.lib.bodies();
        prop_assert!(bodies.terms().is_some(), "the cache built an index");
        let scanned = scan_full_text_in(&bodies, &f.dates, &q);
        prop_assert_eq!(full_text_in(&bodies, &f.dates, &q), scanned, "{:?}", q);
    }
}

#[test]
fn overlapping_and_empty_queries() {
    let f = fixture();
    let bodies = f.lib.bodies();
    for q in [
        "aa a",
        "a aa aaa",
        "aba ab ba",
        "hoc oc",
        "",
        "   ",
        "tap ta t",
        "05-ct/tw",
    ] {
        let scanned = scan_full_text_in(&bodies, &f.dates, q);
        assert_eq!(full_text_in(&bodies, &f.dates, q), scanned, "{q:?}");
    }
    assert!(!scan_full_text_in(&bodies, &f.dates, "aa a").is_empty());
}

/// Set a file's mtime forward so a rewrite is noticed even within one clock tick.
fn touch_later(path: &Path) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
}

fn cache_file(dir: &Path, ext: &str) -> PathBuf {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in the cache"))
}

const QUERIES: &[&str] = &[
    "hoc tap",
    "a",
    "aa a",
    "khen thuong bac",
    "05-ct",
    "nhan",
    "đức",
];

#[test]
fn an_update_equals_a_fresh_build_and_the_scan() {
    let docs = tempfile::tempdir().unwrap();
    write_docs(docs.path(), 60, 11);
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    cache::load(&paths, cache_dir.path());
    let post = cache_file(cache_dir.path(), "post");
    let base = fs::read(&post).unwrap();

    // Two files change, one is added, one goes.
    let mut rng = Lcg(99);
    for name in ["doc003.txt", "doc040.txt"] {
        let p = docs.path().join(name);
        fs::write(
            &p,
            format!("Báo cáo mới\n\n{} khen thưởng aaa", text(&mut rng)),
        )
        .unwrap();
        touch_later(&p);
    }
    fs::write(docs.path().join("doc100.txt"), "Mới\n\nhọc tập aa khen").unwrap();
    fs::remove_file(docs.path().join("doc017.txt")).unwrap();
    let (updated, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.read, r.dropped), (3, 1));
    assert_eq!(
        fs::read(&post).unwrap(),
        base,
        "the base is kept, not rebuilt"
    );
    let terms = updated.bodies().terms().map(|t| t.segments().len());
    assert_eq!(terms, Some(2), "the base and one added segment");

    let fresh_cache = tempfile::tempdir().unwrap();
    let (fresh, _) = cache::load(&paths, fresh_cache.path());
    assert_eq!(fresh.bodies().terms().map(|t| t.segments().len()), Some(2));
    let (d1, d2) = (dates(&updated), dates(&fresh));
    for q in QUERIES {
        let got = full_text_in(&updated.bodies(), &d1, q);
        assert_eq!(got, full_text_in(&fresh.bodies(), &d2, q), "{q}");
        assert_eq!(got, scan_full_text_in(&updated.bodies(), &d1, q), "{q}");
    }
    // A second update starts from the first.
    fs::write(docs.path().join("doc101.txt"), "Mới nữa\n\nhọc a aa").unwrap();
    let (again, _) = cache::load(&paths, cache_dir.path());
    let d = dates(&again);
    for q in QUERIES {
        let got = full_text_in(&again.bodies(), &d, q);
        assert_eq!(got, scan_full_text_in(&again.bodies(), &d, q), "{q}");
    }
}

/// Load the library of `docs` through `cache_dir` after `spoil` did something to the
/// index files, and check full text equals the scan (no index).
fn falls_back(spoil: impl Fn(&Path)) {
    let docs = tempfile::tempdir().unwrap();
    write_docs(docs.path(), 40, 5);
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    cache::load(&paths, cache_dir.path());
    let (lib, _) = cache::load(&paths, cache_dir.path());
    spoil(cache_dir.path());
    assert!(lib.bodies().terms().is_none());
    let plain = Library::load(&paths);
    for q in QUERIES {
        assert_eq!(full_text(&lib, q), full_text(&plain, q), "{q}");
    }
}

#[test]
fn a_damaged_index_falls_back_to_the_scan() {
    falls_back(|dir| {
        let post = cache_file(dir, "post");
        let mut bytes = fs::read(&post).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x55;
        fs::write(&post, bytes).unwrap();
    });
    falls_back(|dir| {
        let plus = cache_file(dir, "plus");
        let bytes = fs::read(&plus).unwrap();
        fs::write(&plus, &bytes[..bytes.len() - 3]).unwrap();
    });
    falls_back(|dir| fs::write(cache_file(dir, "plus"), b"VANBANTP").unwrap());
}

#[test]
fn a_missing_index_falls_back_then_is_built_again() {
    falls_back(|dir| fs::remove_file(cache_file(dir, "post")).unwrap());
    let docs = tempfile::tempdir().unwrap();
    write_docs(docs.path(), 10, 3);
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    cache::load(&paths, cache_dir.path());
    fs::remove_file(cache_file(cache_dir.path(), "plus")).unwrap();
    let (lib, _) = cache::load(&paths, cache_dir.path());
    assert!(lib.bodies().terms().is_some(), "a warm load makes it again");
}

/// The reader's cold load hands the library over before the token index is made: its
/// searches scan meanwhile, and use the index once it is there, with the same results.
#[test]
fn a_reader_load_makes_the_index_after_the_library() {
    let docs = tempfile::tempdir().unwrap();
    write_docs(docs.path(), 40, 8);
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    let none = std::sync::Arc::new(vanban::search::Heads::default());
    let (lib, report) = cache::load_with(&paths, cache_dir.path(), none);
    assert_eq!(report.terms, None, "nothing indexed yet");
    assert!(lib.bodies.terms_pending());
    let index_files = || {
        cache_dir.path().read_dir().unwrap().any(|e| {
            let p = e.unwrap().path();
            p.extension().is_some_and(|x| x == "post" || x == "plus")
        })
    };
    assert!(!index_files());
    let d = dates(&lib);
    let scanned: Vec<_> = QUERIES
        .iter()
        .map(|q| full_text_in(&lib.bodies(), &d, q))
        .collect();
    assert!(lib.bodies().terms().is_none(), "searches scan meanwhile");

    assert!(lib.bodies.make_terms(), "made");
    assert!(index_files() && !lib.bodies.terms_pending());
    assert!(lib.bodies().terms().is_some(), "then the index is used");
    for (q, before) in QUERIES.iter().zip(&scanned) {
        assert_eq!(&full_text_in(&lib.bodies(), &d, q), before, "{q}");
    }
    assert!(!lib.bodies.make_terms(), "made once");
    // Later loads find it made.
    let (again, r) = cache::load(&paths, cache_dir.path());
    assert_eq!(r.terms, None);
    assert!(!again.bodies.terms_pending());
}

/// A reader that quit before the index was made finds it missing at its next start: the
/// completed preview leaves it to be made, as the cold load did.
#[test]
fn a_missing_index_is_left_to_make_after_a_warm_start() {
    let docs = tempfile::tempdir().unwrap();
    write_docs(docs.path(), 30, 4);
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    cache::load(&paths, cache_dir.path());
    fs::remove_file(cache_file(cache_dir.path(), "post")).unwrap();
    let listing = cache::cached_listing(&paths, cache_dir.path()).unwrap();
    let mut docs_given = 0;
    let rest = cache::complete(&paths, cache_dir.path(), &listing.paths, &mut |_, d| {
        docs_given += d.len()
    })
    .expect("up to date");
    assert_eq!(docs_given, 30);
    assert!(rest.bodies.terms_pending());
    assert!(rest.bodies.make_terms());
    assert!(rest.bodies.terms().is_some());
}
