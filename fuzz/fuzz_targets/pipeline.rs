//! decode → clean → extract → the reader drawn on a TestBackend, on any bytes. The input
//! format and the checks are in tests/pipeline_common (shared with tests/fuzz_pipeline.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/pipeline_common/mod.rs"]
mod pipeline_common;

fuzz_target!(|data: &[u8]| {
    pipeline_common::run(data);
});
