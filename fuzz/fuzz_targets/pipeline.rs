//! decode → clean → extract → the reader drawn on a TestBackend, on any bytes. The input
//! format and the checks are in tests/support/pipeline.rs (shared with tests/fuzz_pipeline.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/pipeline.rs"]
mod pipeline;

fuzz_target!(|data: &[u8]| {
    pipeline::run(data);
});
