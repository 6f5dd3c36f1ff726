//! The text layer of a PDF, through `pdf-extract`: lines in reading order, lines of one
//! paragraph joined, a hyphen at a line end joined to the next word. A PDF without a text
//! layer (a scan) is refused with "no text layer", never read as an empty document.
//!
//! The parser is third-party and may panic on a damaged file, so it runs under
//! `catch_unwind`; the file size is bounded by discovery ([`crate::corpus::discover::MAX_SIZE`]).

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::Converted;
use crate::text::decode::Encoding;

/// Read a PDF.
pub fn read(bytes: &[u8]) -> Result<Converted, String> {
    if !bytes.starts_with(b"%PDF-")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err("not a PDF file (no %PDF- header)".into());
    }
    let raw = quietly(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|why| format!("damaged PDF (the PDF reader failed: {why})"))?
        .map_err(|e| {
            let e = e.to_string();
            if e.to_ascii_lowercase().contains("encrypt") || e.contains("password") {
                "encrypted PDF (not read)".to_string()
            } else {
                format!("damaged or unreadable PDF: {e}")
            }
        })?;
    let text = paragraphs(&raw);
    if !text.chars().any(char::is_alphanumeric) {
        if memchr::memmem::find(bytes, b"/Encrypt").is_some() {
            return Err("encrypted PDF (not read: save an unprotected copy)".into());
        }
        return Err(
            "no text layer (a scan, or fonts without a Unicode map); run it through OCR first"
                .into(),
        );
    }
    let warnings = if text.contains('\u{FFFD}') {
        vec!["some characters have no Unicode in the PDF's fonts".into()]
    } else {
        Vec::new()
    };
    Ok(Converted {
        text,
        encoding: Encoding::Utf8,
        warnings,
    })
}

thread_local! {
    /// Set while this thread runs the PDF parser: its panics are caught, not printed.
    static PARSING: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, catching a panic; the panic hook stays quiet for panics on this thread
/// meanwhile (other threads' panics print as before).
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !PARSING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    PARSING.with(|p| p.set(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    PARSING.with(|p| p.set(false));
    r.map_err(|payload| {
        let why = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("a panic");
        crate::text::safe::one_line(why).chars().take(120).collect()
    })
}

/// Join the lines of each paragraph: a blank line (a wider gap in the PDF) separates
/// paragraphs; a line ending in a hyphen after a letter joins the next without a space.
pub fn paragraphs(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut para = String::new();
    let flush = |para: &mut String, out: &mut String| {
        if !para.is_empty() {
            out.push_str(para.trim());
            out.push_str("\n\n");
            para.clear();
        }
    };
    for line in raw.lines() {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        if para.is_empty() {
            para.push_str(line);
            continue;
        }
        let hyphen = para.ends_with('-')
            && para[..para.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase);
        if hyphen {
            para.pop();
        } else {
            para.push(' ');
        }
        para.push_str(line);
    }
    flush(&mut para, &mut out);
    let t = out.trim_end().to_string();
    t + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_joined_hyphens_mended() {
        assert_eq!(
            paragraphs(
                "Tiêu đề\n\nmột dòng và phong trào thi đua yêu nư-\nớc hai\nba\n\n\nđoạn hai\n"
            ),
            "Tiêu đề\n\nmột dòng và phong trào thi đua yêu nước hai ba\n\nđoạn hai\n"
        );
        // A dash between numbers or before a capital stays.
        assert_eq!(paragraphs("năm 2009-\n2010"), "năm 2009- 2010\n");
    }

    #[test]
    fn not_a_pdf() {
        assert!(read(b"hello").unwrap_err().contains("not a PDF"));
    }
}
