//! A short run of the fuzz target (fuzz/fuzz_targets/pipeline.rs) as a property test:
//! random bytes and mutated sample and hostile documents go through decode → clean →
//! extract → the reader drawn on a TestBackend, with no panic and nothing unsafe drawn.
//! The long run is `cargo +nightly fuzz run pipeline` (see fuzz/README.md).

mod support;

use proptest::prelude::*;
use support::paths::{root, sample_dir};
use support::{hostile, pipeline};

/// Sample documents, the hostile one and a UTF-16 one: what mutations start from.
fn seeds() -> Vec<Vec<u8>> {
    let dir = sample_dir();
    let mut v: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    v.sort();
    v.push(hostile::document());
    let text = String::from_utf8_lossy(&v[0]).into_owned();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    v.push(utf16);
    v
}

/// (position fraction, byte, kind): overwrite, insert or delete one byte.
fn mutate(mut doc: Vec<u8>, edits: &[(f64, u8, u8)]) -> Vec<u8> {
    for &(at, b, kind) in edits {
        let i = ((doc.len() as f64) * at) as usize;
        match kind % 3 {
            0 if i < doc.len() => doc[i] = b,
            1 => doc.insert(i.min(doc.len()), b),
            _ if i < doc.len() => {
                doc.remove(i);
            }
            _ => {}
        }
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(data in proptest::collection::vec(any::<u8>(), 0..3000)) {
        pipeline::run(&data);
    }

    #[test]
    fn mutated_documents(
        seed in 0usize..7,
        head in proptest::collection::vec(any::<u8>(), 67),
        edits in proptest::collection::vec((0.0f64..1.0, any::<u8>(), any::<u8>()), 0..40),
    ) {
        let seeds = seeds();
        let mut input = head;
        input.extend(mutate(seeds[seed % seeds.len()].clone(), &edits));
        pipeline::run(&input);
    }
}

#[test]
fn every_seed_runs_whole() {
    for s in seeds() {
        // Wide and narrow, every scripted action once.
        for (w, h) in [(120, 40), (12, 5)] {
            let mut input = vec![w, h, 58];
            input.extend((0..29).flat_map(|a| [a, 7]));
            input.extend(&s);
            pipeline::run(&input);
        }
    }
}

/// Every input the fuzzer found a crash with (tests/fuzz_regressions/) runs clean now.
#[test]
fn fuzz_regressions() {
    let dir = root().join("tests/fuzz_regressions");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        pipeline::run(&std::fs::read(e.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n > 0);
}
