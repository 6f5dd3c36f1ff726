//! One loaded document: where it came from, its clean text and its facts.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::extract::{self, Facts};
use crate::text::{clean, decode, safe};

/// A document read from disk and cleaned.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// The file on disk.
    pub path: PathBuf,
    /// The path relative to the folder given on the command line (the file name for a file),
    /// made safe to show: unsafe characters become U+FFFD ([`crate::text::safe::one_line`]).
    pub name: String,
    pub encoding: decode::Encoding,
    /// Things noticed while reading: replaced bytes, removed controls …
    pub warnings: Vec<String>,
    /// Where control characters or escape sequences were removed from the text, so the
    /// reader can show a visible placeholder there.
    pub marks: Vec<clean::Mark>,
    /// The clean text; every span in `facts` points into it. Read it with [`Document::text`].
    text: String,
    pub facts: Facts,
}

impl Document {
    /// Build a document from raw bytes.
    pub fn from_bytes(path: &Path, name: &str, bytes: &[u8]) -> Document {
        let decoded = decode::decode(bytes);
        let mut warnings = Vec::new();
        if decoded.replaced > 0 {
            warnings.push(format!(
                "{} invalid byte sequence(s) replaced",
                decoded.replaced
            ));
        }
        if decoded.repaired > 0 {
            warnings.push(format!(
                "{} run(s) of mis-encoded text repaired",
                decoded.repaired
            ));
        }
        let cleaned = clean::clean(&decoded.text);
        if !cleaned.marks.is_empty() {
            warnings.push(format!(
                "{} control character(s) or sequence(s) removed",
                cleaned.marks.len()
            ));
        }
        let text = cleaned.text;
        let facts = extract::extract(&text);
        Document {
            path: path.to_path_buf(),
            name: safe::one_line(name).into_owned(),
            encoding: decoded.encoding,
            warnings,
            marks: cleaned.marks,
            text,
            facts,
        }
    }
}

impl Document {
    /// The clean text (NFC, LF newlines, no control characters).
    pub fn text(&self) -> &str {
        &self.text
    }
}
