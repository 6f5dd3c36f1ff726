//! Readers for the formats a report comes in besides plain text: saved web pages, Word
//! and OpenDocument files, PDF. Each turns a file into a plain text (title line, dateline,
//! paragraphs separated by blank lines) that then goes through the same decode, clean and
//! extraction as a `.txt` file, so every extraction rule applies unchanged.
//!
//! Every reader is bounded: sizes are limited before anything is inflated or parsed,
//! walks over trees are iterative, and third-party parsing that may panic is caught.

pub mod docx; // Word .docx and OpenDocument .odt: paragraphs, tables, legacy-font runs
pub mod html; // saved web pages: charset, the article without the page furniture
pub mod pdf; // the text layer of a PDF, in reading order
pub mod zipped; // bounded reading of zip entries (zip bombs)

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::text::decode::Encoding;

/// The format a document file is read in, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Html,
    Docx,
    Odt,
    Pdf,
    /// Word 97–2003: found, but not read (skipped with how to convert it).
    Doc,
}

impl Format {
    /// The format of a file name by its extension (any case); `None` for a file that is
    /// not a document.
    pub fn of_name(name: &str) -> Option<Format> {
        let (_, ext) = name.rsplit_once('.')?;
        if name.len() == ext.len() + 1 {
            return None; // ".txt" alone is a hidden file, not a document
        }
        let is = |e: &str| ext.eq_ignore_ascii_case(e);
        Some(if is("txt") {
            Format::Txt
        } else if is("html") || is("htm") || is("xhtml") {
            Format::Html
        } else if is("docx") {
            Format::Docx
        } else if is("odt") {
            Format::Odt
        } else if is("pdf") {
            Format::Pdf
        } else if is("doc") {
            Format::Doc
        } else {
            return None;
        })
    }

    /// The format of a path; a file of another extension (given by hand) is read as text.
    pub fn of_path(path: &Path) -> Format {
        path.file_name()
            .and_then(|n| n.to_str())
            .and_then(Format::of_name)
            .unwrap_or(Format::Txt)
    }

    /// The short name shown in the list and in `extract --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
            Format::Doc => "doc",
        }
    }
}

/// A document's text as a reader made it, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub text: String,
    /// The encoding the file's text was in (a page's charset, a legacy font's encoding).
    pub encoding: Encoding,
    /// Things noticed while reading.
    pub warnings: Vec<String>,
}

/// Read a file of a format other than text. `Err` says why it is skipped.
pub fn convert(format: Format, bytes: &[u8]) -> Result<Converted, String> {
    match format {
        Format::Txt => Err("plain text is decoded, not converted".into()),
        Format::Html => Ok(html::read(bytes)),
        Format::Docx => docx::read_docx(bytes),
        Format::Odt => docx::read_odt(bytes),
        Format::Pdf => pdf::read(bytes),
        Format::Doc => Err(
            "Word 97-2003 .doc is not read; save it as .docx (Word: File > Save As; \
             LibreOffice: soffice --headless --convert-to docx)"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of_name("a.TXT"), Some(Format::Txt));
        assert_eq!(Format::of_name("b.htm"), Some(Format::Html));
        assert_eq!(Format::of_name("c.Docx"), Some(Format::Docx));
        assert_eq!(Format::of_name("d.pdf"), Some(Format::Pdf));
        assert_eq!(Format::of_name("e.doc"), Some(Format::Doc));
        assert_eq!(Format::of_name(".txt"), None);
        assert_eq!(Format::of_name("f.png"), None);
        assert_eq!(Format::of_path(Path::new("/x/notes")), Format::Txt);
    }

    #[test]
    fn doc_is_skipped_with_how_to_convert() {
        let e = convert(Format::Doc, b"\xD0\xCF\x11\xE0").unwrap_err();
        assert!(e.contains("Word 97-2003") && e.contains(".docx"), "{e}");
    }
}
