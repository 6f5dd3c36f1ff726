//! Decode and clean throughput: the UTF-8 fast path, and each legacy path.
//!
//! `cargo bench --bench decode` (inputs are the sample documents, repeated).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vanban::text::{clean::clean, decode::decode, legacy};

fn samples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn mojibake(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .map(|&b| b as char)
        .collect::<String>()
        .into_bytes()
}

fn bench(c: &mut Criterion) {
    // 1,000 documents of about 5 KB, like the load benchmark's files.
    let docs: Vec<String> = samples().into_iter().cycle().take(1000).collect();
    let sets: Vec<(&str, Vec<Vec<u8>>)> = vec![
        (
            "utf-8",
            docs.iter().map(|d| d.clone().into_bytes()).collect(),
        ),
        (
            "tcvn3",
            docs.iter().map(|d| legacy::encode_tcvn3(d)).collect(),
        ),
        ("vni", docs.iter().map(|d| legacy::encode_vni(d)).collect()),
        (
            "windows-1258",
            docs.iter()
                .map(|d| encoding_rs::WINDOWS_1258.encode(d).0.into_owned())
                .collect(),
        ),
        (
            "tcvn3 mojibake",
            docs.iter()
                .map(|d| mojibake(&legacy::encode_tcvn3(d)))
                .collect(),
        ),
    ];
    let mut g = c.benchmark_group("decode");
    g.sample_size(20);
    for (name, set) in &sets {
        let total: usize = set.iter().map(Vec::len).sum();
        g.throughput(Throughput::Bytes(total as u64));
        g.bench_function(*name, |b| {
            b.iter(|| set.iter().map(|d| decode(d).text.len()).sum::<usize>())
        });
    }
    let texts: Vec<String> = sets[0].1.iter().map(|d| decode(d).text).collect();
    let total: usize = texts.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("clean utf-8", |b| {
        b.iter(|| texts.iter().map(|t| clean(t).text.len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
