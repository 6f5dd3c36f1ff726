//! Load and search timings on a large corpus (run by benches/run.sh; not by `cargo test`).
//!
//! cargo bench --bench search -- load DIR            load phases, cold and warm cache
//! cargo bench --bench search -- keys DIR QUERY      per-keystroke latency, both scorers
//! cargo bench --bench search -- fulltext DIR QUERY  full-text latency per keystroke
//! cargo bench --bench search -- index DIR QUERY...  per keystroke, token index vs scan
//! cargo bench --bench search -- index-build DIR     the token index made again, alone
//! cargo bench --bench search -- index-update DIR N  N files touched, the cache updated
//! cargo bench --bench search -- titles TSV QUERY    bare titles (e.g. 1,000,000 of them)
//! cargo bench --bench search -- stages DIR          cost of each load stage and extractor
//! cargo bench --bench search -- extract DIR [N]     extraction alone, texts in memory, N rounds

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use vanban::corpus::{cache, discover, Library};
use vanban::extract;
use vanban::search::{self, Index, Memo, Mode, Query, Scorer, Worker};

const ROUNDS: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    match arg(0).as_str() {
        "load" => load(&PathBuf::from(arg(1))),
        "memory" => memory(&PathBuf::from(arg(1))),
        "stages" => stages(&PathBuf::from(arg(1))),
        "extract" => extract_only(&PathBuf::from(arg(1)), arg(2).parse().unwrap_or(5)),
        "scratch" => {
            let lib = cached_library(&PathBuf::from(arg(1)));
            let index = Index::new(&lib);
            let q = Query::parse(&arg(2));
            let cancel = AtomicBool::new(false);
            let runs: Vec<Duration> = (0..50)
                .map(|_| time(|| index.rank_with(&q, None, Scorer::Nucleo, &cancel)).1)
                .collect();
            println!("from scratch {:?}: {}", arg(2), percentiles(runs));
        }
        "discover" => {
            for _ in 0..5 {
                let (found, t) = time(|| discover::discover(&[PathBuf::from(arg(1))]));
                println!("discover: {} files in {}", found.files.len(), ms(t));
            }
        }
        "keys" => keys(&PathBuf::from(arg(1)), &arg(2)),
        "fulltext" => fulltext(&PathBuf::from(arg(1)), &arg(2)),
        "index" => index_vs_scan(&PathBuf::from(arg(1)), &args[2.min(args.len())..]),
        "index-build" => index_build(&PathBuf::from(arg(1))),
        "index-update" => index_update(&PathBuf::from(arg(1)), arg(2).parse().unwrap_or(5)),
        "titles" => titles(&PathBuf::from(arg(1)), &arg(2)),
        _ => eprintln!("usage: search (load|keys|fulltext|titles) PATH [QUERY]"),
    }
}

/// Resident and peak resident memory of this process, from /proc (Linux).
fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or("?".to_string(), |kb| format!("{} MB", kb / 1024))
    };
    format!("rss {} peak {}", field("VmRSS:"), field("VmHWM:"))
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

fn load(dir: &Path) {
    let paths = vec![dir.to_path_buf()];
    let (found, t) = time(|| discover::discover(&paths));
    println!("discover: {} files in {}", found.files.len(), secs(t));
    let (lib, t) = time(|| Library::load(&paths));
    println!(
        "load+extract (no cache, {} threads): {} docs in {}",
        rayon::current_num_threads(),
        lib.docs.len(),
        secs(t)
    );
    println!(
        "folded bodies: {} MB; {}",
        lib.bodies().size() / 1_000_000,
        rss()
    );
    drop(lib);
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let ((_, report), t) = time(|| cache::load(&paths, cache_dir.path()));
    println!(
        "cache cold (load + write): {} {:?} {}",
        secs(t),
        report,
        rss()
    );
    let ((lib, report), t) = time(|| cache::load(&paths, cache_dir.path()));
    println!(
        "cache warm: {} (reused {}) {}",
        secs(t),
        report.reused,
        rss()
    );
    let (_, t) = time(|| lib.bodies().open());
    println!(
        "bodies file checked (first full-text): {} ({} docs, in memory: {}) {}",
        secs(t),
        lib.bodies().len(),
        lib.bodies().in_memory(),
        rss()
    );
    let (index, t) = time(|| Index::new(&lib));
    println!("index keys: {}", ms(t));
    let (hits, t) = time(|| index.rank("hoc tap bac"));
    println!("rank 'hoc tap bac': {} hits in {}", hits.len(), ms(t));
}

/// Peak memory of one cold cached load, then of one warm load, each in a fresh process
/// (run this mode twice with the same cache folder in VANBAN_BENCH_CACHE).
fn memory(dir: &Path) {
    let cache_dir = std::env::var_os("VANBAN_BENCH_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("vanban-bench-cache"));
    println!("before: {}", rss());
    let ((lib, report), t) = time(|| cache::load(&[dir.to_path_buf()], &cache_dir));
    println!(
        "cache::load: {} docs in {} (read {}, reused {}) {}",
        lib.docs.len(),
        secs(t),
        report.read,
        report.reused,
        rss()
    );
    let (_, t) = time(|| lib.bodies().open());
    println!(
        "bodies: {} MB in {} (in memory: {}) {}",
        lib.bodies().size() / 1_000_000,
        secs(t),
        lib.bodies().in_memory(),
        rss()
    );
    let (hits, t) = time(|| search::full_text(&lib, "hoc tap bac"));
    println!(
        "full text 'hoc tap bac': {} docs in {} {}",
        hits.len(),
        secs(t),
        rss()
    );
}

/// CPU time of each stage of loading, one thread, over the first 10,000 documents.
fn stages(dir: &Path) {
    use vanban::text::{clean, decode, fold};
    let found = discover::discover(&[dir.to_path_buf()]);
    let files: Vec<PathBuf> = found
        .files
        .iter()
        .take(10_000)
        .map(|f| f.path.clone())
        .collect();
    let mut total = [Duration::ZERO; 5];
    let mut parts = [Duration::ZERO; 7];
    let mut bytes = 0;
    for f in &files {
        let (raw, t) = time(|| std::fs::read(f).unwrap_or_default());
        total[0] += t;
        bytes += raw.len();
        let (decoded, t) = time(|| decode::decode(&raw));
        total[1] += t;
        let (cleaned, t) = time(|| clean::clean(&decoded.text));
        total[2] += t;
        let (facts, t) = time(|| vanban::extract::extract(&cleaned.text));
        total[3] += t;
        let (folded, t) = time(|| fold::fold(&cleaned.text));
        total[4] += t;
        std::hint::black_box((facts, folded));
        let page = extract::layout::analyse(&cleaned.text);
        let article = &cleaned.text[page.article.0..page.article.1];
        parts[0] += time(|| extract::sentences::split(article)).1;
        parts[1] += time(|| extract::layout::analyse(&cleaned.text)).1;
        parts[2] += time(|| extract::awards::find(article, "")).1;
        parts[3] += time(|| extract::figures::find(article)).1;
        parts[4] += time(|| extract::refs::find(article)).1;
        parts[5] += time(|| extract::programmes::find(article)).1;
        parts[6] += time(|| extract::place_of(&cleaned.text, &page)).1;
    }
    let n = files.len().max(1) as f64;
    println!(
        "{} documents, {} MB, one thread:",
        files.len(),
        bytes / 1_000_000
    );
    for (name, t) in ["read", "decode", "clean", "extract", "fold"]
        .iter()
        .zip(total)
    {
        println!(
            "  {name:<8} {:>8.1} µs/doc  {:>7.0} MB/s  (100k docs: {:.2} CPU-s)",
            t.as_secs_f64() * 1e6 / n,
            bytes as f64 / t.as_secs_f64().max(1e-9) / 1e6,
            t.as_secs_f64() / n * 100_000.0
        );
    }
    println!("extract, by part:");
    let names = [
        "sentences",
        "layout",
        "awards",
        "figures",
        "refs",
        "programmes",
        "place",
    ];
    for (name, t) in names.iter().zip(parts) {
        println!("  {name:<10} {:>6.1} µs/doc", t.as_secs_f64() * 1e6 / n);
    }
    println!("  (sentences: a full split; awards splits only the paragraphs it needs)");
}

/// Extraction alone over clean texts held in memory (for profiling): best of `rounds`.
fn extract_only(dir: &Path, rounds: usize) {
    use vanban::text::{clean, decode};
    let found = discover::discover(&[dir.to_path_buf()]);
    let texts: Vec<String> = found
        .files
        .iter()
        .take(10_000)
        .map(|f| {
            clean::clean(&decode::decode(&std::fs::read(&f.path).unwrap_or_default()).text).text
        })
        .collect();
    let n = texts.len().max(1) as f64;
    let best = (0..rounds.max(1))
        .map(|_| {
            time(|| {
                for t in &texts {
                    std::hint::black_box(extract::extract(t));
                }
            })
            .1
        })
        .min()
        .unwrap_or_default();
    println!(
        "extract: {} documents, best of {rounds}: {:.1} µs/doc",
        texts.len(),
        best.as_secs_f64() * 1e6 / n
    );
}

/// Type `query` one character at a time into a worker; latency of each answer.
fn type_into(worker: &Worker, query: &str, full_text: bool) -> Vec<Duration> {
    let mut out = Vec::new();
    let chars: Vec<char> = query.chars().collect();
    worker.submit("");
    let _ = worker.results().recv();
    for n in 1..=chars.len() {
        let q: String = chars[..n].iter().collect();
        let t = Instant::now();
        if full_text {
            worker.submit_full_text(&q);
        } else {
            worker.submit(&q);
        }
        while let Ok(r) = worker.results().recv() {
            if r.query == q {
                break;
            }
        }
        out.push(t.elapsed());
    }
    out
}

fn percentiles(mut v: Vec<Duration>) -> String {
    if v.is_empty() {
        return "not run".into();
    }
    v.sort();
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!(
        "p50 {}  p95 {}  max {}",
        ms(p(0.5)),
        ms(p(0.95)),
        ms(p(1.0))
    )
}

fn report_typing(label: &str, worker: &Worker, query: &str, full_text: bool) {
    let mut all = Vec::new();
    let mut per_key = vec![Vec::new(); query.chars().count()];
    for _ in 0..ROUNDS {
        for (i, d) in type_into(worker, query, full_text).into_iter().enumerate() {
            per_key[i].push(d);
            all.push(d);
        }
    }
    println!(
        "{label}: every keystroke of {query:?}: {}",
        percentiles(all)
    );
    let chars: Vec<char> = query.chars().collect();
    for (i, v) in per_key.into_iter().enumerate() {
        let q: String = chars[..=i].iter().collect();
        println!("    {q:<14} {}", percentiles(v));
    }
}

/// Both scorers, or the one named in VANBAN_BENCH_SCORER (nucleo, skim).
fn scorers() -> Vec<Scorer> {
    match std::env::var("VANBAN_BENCH_SCORER").as_deref() {
        Ok("nucleo") => vec![Scorer::Nucleo],
        Ok("skim") => vec![Scorer::Skim],
        _ => vec![Scorer::Nucleo, Scorer::Skim],
    }
}

fn cached_library(dir: &Path) -> Library {
    let cache_dir = std::env::temp_dir().join("vanban-bench-cache");
    cache::load(&[dir.to_path_buf()], &cache_dir).0
}

fn keys(dir: &Path, query: &str) {
    let lib = cached_library(dir);
    for scorer in scorers() {
        let worker = Worker::with_scorer(&lib, scorer);
        report_typing(&format!("{scorer:?} (narrowing)"), &worker, query, false);
        let index = Index::new(&lib);
        let q = Query::parse(query);
        let cancel = AtomicBool::new(false);
        let runs: Vec<Duration> = (0..ROUNDS)
            .map(|_| time(|| index.rank_with(&q, None, scorer, &cancel)).1)
            .collect();
        let n = index
            .rank_with(&q, None, scorer, &cancel)
            .map_or(0, |v| v.len());
        println!(
            "{scorer:?} whole query from scratch: {n} hits, {}",
            percentiles(runs)
        );
    }
}

fn fulltext(dir: &Path, query: &str) {
    let lib = match std::env::var_os("VANBAN_BENCH_IN_MEMORY") {
        Some(_) => Library::load(&[dir.to_path_buf()]),
        None => cached_library(dir),
    };
    let stop = || false;
    let all: Vec<usize> = (0..lib.docs.len()).collect();
    let runs: Vec<Duration> = (0..10)
        .map(|_| time(|| lib.bodies().scan(&all, &stop, |_, b| b.first().copied())).1)
        .collect();
    println!("reading every body (no search): {}", percentiles(runs));
    let (_, t) = time(|| lib.bodies().open());
    println!("bodies file checked in {}", ms(t));
    let worker = Worker::new(&lib);
    report_typing("full text (narrowing)", &worker, query, true);
    let runs: Vec<Duration> = (0..ROUNDS)
        .map(|_| time(|| search::full_text(&lib, query)).1)
        .collect();
    let hits = search::full_text(&lib, query);
    let total: usize = hits.iter().map(|h| h.1).sum();
    println!(
        "full text whole query from scratch: {} docs, {} matches, {}",
        hits.len(),
        total,
        percentiles(runs)
    );
    let d = hits.first().map(|h| h.0).unwrap_or(0);
    let (ranges, t) = time(|| search::find_in(lib.docs[d].text(), query));
    println!("find_in best doc: {} ranges in {}", ranges.len(), ms(t));
    let _ = Mode::FullText;
}

fn titles(tsv: &Path, query: &str) {
    let text = std::fs::read_to_string(tsv).expect("titles file");
    let (index, t) = time(|| {
        Index::from(search::Heads::of_titles(
            text.lines()
                .map(|l| (l.split('\t').nth(1).unwrap_or(l).to_string(), 0)),
        ))
    });
    println!("{} titles indexed in {}", index.len(), secs(t));
    let q = Query::parse(query);
    let cancel = AtomicBool::new(false);
    for scorer in scorers() {
        let (hits, t) = time(|| index.rank_with(&q, None, scorer, &cancel));
        println!(
            "{scorer:?}: {:?} matches {} in {}",
            query,
            hits.map_or(0, |h| h.len()),
            ms(t)
        );
        // Per keystroke, narrowing as the worker does.
        let chars: Vec<char> = query.chars().collect();
        let mut all = Vec::new();
        for _ in 0..5 {
            let mut prev: Option<(Query, Vec<usize>)> = None;
            let mut memo = Memo::default();
            for n in 1..=chars.len() {
                let typed: String = chars[..n].iter().collect();
                let q = Query::parse(&typed);
                let cands = prev
                    .as_ref()
                    .filter(|(p, _)| q.narrows(p))
                    .map(|(_, c)| c.as_slice());
                let (hits, t) = time(|| index.rank_memo(&q, cands, scorer, &cancel, &mut memo));
                all.push(t);
                prev = Some((q, hits.unwrap_or_default()));
            }
        }
        println!("{scorer:?} per keystroke: {}", percentiles(all));
    }
}

/// The cache folder of the index cases: VANBAN_BENCH_CACHE, else a temporary one.
fn bench_cache() -> PathBuf {
    std::env::var_os("VANBAN_BENCH_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("vanban-bench-cache"))
}

fn env_rounds(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every keystroke of each query through a worker (as the reader types), `rounds` times:
/// p50/p95 over all keystrokes of all queries, and per query.
fn typing_all(label: &str, lib: &Library, queries: &[String], rounds: usize) {
    let worker = Worker::new(lib);
    let mut all = Vec::new();
    let mut lines = Vec::new();
    for q in queries {
        let chars: Vec<char> = q.chars().collect();
        let mut per_key = vec![Vec::new(); chars.len()];
        for _ in 0..rounds {
            for (i, d) in type_into(&worker, q, true).into_iter().enumerate() {
                per_key[i].push(d);
            }
        }
        let mine: Vec<Duration> = per_key.iter().flatten().copied().collect();
        lines.push(format!("  {q:<14} {}", percentiles(mine.clone())));
        for (i, v) in per_key.into_iter().enumerate() {
            let typed: String = chars[..=i].iter().collect();
            lines.push(format!("      {typed:<14} {}", percentiles(v)));
        }
        all.extend(mine);
    }
    println!(
        "{label}: {} keystrokes x {rounds} rounds: {}",
        all.len() / rounds.max(1),
        percentiles(all)
    );
    for l in lines {
        println!("{l}");
    }
}

/// Per keystroke, the token index against today's scan (with the worker's narrowing), same
/// library, same run; and that both give the same answers.
fn index_vs_scan(dir: &Path, queries: &[String]) {
    let paths = [dir.to_path_buf()];
    let ((lib, report), t) = time(|| cache::load(&paths, &bench_cache()));
    println!(
        "cache::load: {} docs in {} (read {}, index {:?}) {}",
        lib.docs.len(),
        secs(t),
        report.read,
        report.terms,
        rss()
    );
    let bodies = lib.bodies();
    let (terms, t) = time(|| bodies.terms().map(|t| (t.segments().len(), t.memory())));
    let Some((segments, memory)) = terms else {
        println!("no token index");
        return;
    };
    println!(
        "index opened and checked in {}: {segments} segments, {:.1} MB held; {}",
        ms(t),
        memory as f64 / 1e6,
        rss()
    );
    let dates: Vec<u32> = lib
        .docs
        .iter()
        .map(|d| search::date_number(d.facts.date.as_deref()))
        .collect();
    typing_all(
        "index",
        &lib,
        queries,
        env_rounds("VANBAN_BENCH_ROUNDS", ROUNDS),
    );
    println!("after the index runs: {}", rss());
    for q in queries {
        let runs: Vec<Duration> = (0..5)
            .map(|_| time(|| search::full_text_in(&bodies, &dates, q)).1)
            .collect();
        let (scan, t) = time(|| search::scan_full_text_in(&bodies, &dates, q));
        let same = search::full_text_in(&bodies, &dates, q) == scan;
        println!(
            "    {q:<14} whole query: index {}, scan {} ({} docs; same answer: {same})",
            percentiles(runs),
            ms(t),
            scan.len()
        );
    }
    bodies.use_terms(false);
    typing_all(
        "scan",
        &lib,
        queries,
        env_rounds("VANBAN_BENCH_SCAN_ROUNDS", 2),
    );
    println!("after the scan runs: {}", rss());
}

/// The token index of an up-to-date cache made again, alone in this process (for its
/// time, size and peak memory).
fn index_build(dir: &Path) {
    let cache_dir = bench_cache();
    match cache::index_again(&[dir.to_path_buf()], &cache_dir) {
        Ok(made) => println!("index built in {}; {}", secs(made.time), rss()),
        Err(e) => println!("no index: {e}"),
    }
    for e in std::fs::read_dir(&cache_dir)
        .into_iter()
        .flatten()
        .flatten()
    {
        let p = e.path();
        let len = e.metadata().map_or(0, |m| m.len());
        println!("    {}: {:.1} MB", p.display(), len as f64 / 1e6);
    }
}

/// `n` files of the library touched (their mtime moved, then put back): each time the
/// cache is updated, the token index with it.
fn index_update(dir: &Path, n: usize) {
    let paths = [dir.to_path_buf()];
    let cache_dir = bench_cache();
    let (lib, _) = cache::load(&paths, &cache_dir);
    let step = (lib.docs.len() / n.max(1)).max(1);
    let files: Vec<PathBuf> = lib
        .docs
        .iter()
        .step_by(step)
        .take(n)
        .map(|d| d.path.to_path_buf())
        .collect();
    drop(lib);
    let stamps: Vec<std::time::SystemTime> = files
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .and_then(|m| m.modified())
                .expect("mtime")
        })
        .collect();
    let set = |later: bool| {
        for (f, &m) in files.iter().zip(&stamps) {
            let to = if later { m + Duration::from_secs(1) } else { m };
            let file = std::fs::File::options().write(true).open(f).expect("open");
            file.set_modified(to).expect("set mtime");
        }
    };
    for later in [true, false] {
        set(later);
        let ((lib, report), t) = time(|| cache::load(&paths, &cache_dir));
        println!(
            "{} files touched: cache::load {} (read {}), index {:?}; {}",
            files.len(),
            secs(t),
            report.read,
            report.terms,
            rss()
        );
        let q = "khen thuong";
        let bodies = lib.bodies();
        let dates: Vec<u32> = lib
            .docs
            .iter()
            .map(|d| search::date_number(d.facts.date.as_deref()))
            .collect();
        let same = search::full_text_in(&bodies, &dates, q)
            == search::scan_full_text_in(&bodies, &dates, q);
        println!("    index after the update equals the scan for {q:?}: {same}");
    }
}
