//! The format readers (HTML, DOCX, ODT, PDF) on any bytes: the first byte picks the
//! reader, the rest is the file. A reader may refuse a file, never panic or hang; what it
//! reads goes through the same clean + extract as text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::corpus::Document;
use vanban::formats::{self, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let format = [Format::Html, Format::Docx, Format::Odt, Format::Pdf][pick as usize % 4];
    if let Ok(c) = formats::convert(format, file) {
        let doc = Document::from_bytes(std::path::Path::new("f.txt"), "f", c.text.as_bytes());
        assert!(!doc.text().contains('\u{1B}'));
    }
});
