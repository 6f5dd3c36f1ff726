//! The reader's awards table on a large library: opening it (build, sort keys, draw),
//! sorting, and one typed filter character (the list and the table refilter, then draw).
//!
//! `cargo bench --bench awards_table`. The library is the sample documents repeated
//! (2,000 documents, 2,800 award statements), held in memory: no disk in the loop.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use vanban::corpus::{Document, Library};
use vanban::tui::{update, view, Action, State, Theme};

const DOCS: usize = 2000;

fn library() -> Library {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let samples: Vec<Document> = files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            Document::from_bytes(p, &name, &std::fs::read(p).unwrap())
        })
        .collect();
    let docs = (0..DOCS)
        .map(|i| {
            let mut d = samples[i % samples.len()].clone();
            d.path = dir.join(format!("copy-{i:05}.txt")).into();
            d.name = format!("copy-{i:05}.txt").into();
            d
        })
        .collect();
    Library {
        docs,
        ..Library::default()
    }
}

fn reader(lib: &Library) -> State {
    let lib = Library {
        docs: lib.docs.clone(),
        ..Library::default()
    };
    let mut s = State::new(lib, Theme::default());
    update(&mut s, Action::Resize(120, 40));
    s
}

fn draw(term: &mut Terminal<TestBackend>, s: &State) {
    term.draw(|f| view::draw(f, s)).unwrap();
}

fn bench(c: &mut Criterion) {
    let lib = library();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut g = c.benchmark_group("awards_table");
    g.sample_size(20);
    g.bench_function("open and draw", |b| {
        b.iter_batched(
            || reader(&lib),
            |mut s| {
                update(&mut s, Action::Awards);
                draw(&mut term, &s);
                s
            },
            BatchSize::LargeInput,
        )
    });
    let mut s = reader(&lib);
    update(&mut s, Action::Awards);
    g.bench_function("sort by the next column and draw", |b| {
        b.iter(|| {
            update(&mut s, Action::Sort);
            draw(&mut term, &s);
        })
    });
    update(&mut s, Action::StartFilter);
    g.bench_function("type a filter character and draw", |b| {
        b.iter(|| {
            update(&mut s, Action::Type('L'));
            draw(&mut term, &s);
            update(&mut s, Action::Backspace);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
