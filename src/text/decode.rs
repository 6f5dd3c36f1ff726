//! Encoding detection and decoding of document bytes.

use serde::{Deserialize, Serialize};

/// The encoding a document was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Tcvn3,
    Vni,
    /// TCVN3 bytes that were pasted into UTF-8 as Latin-1 text.
    Tcvn3Mojibake,
    /// VNI bytes that were pasted into UTF-8 as Latin-1 text.
    VniMojibake,
}

/// Decoded text plus what the decoder noticed.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Invalid byte sequences replaced by U+FFFD.
    pub replaced: usize,
}

/// Decode `bytes`, detecting the encoding. Never fails.
pub fn decode(bytes: &[u8]) -> Decoded {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let replaced = text.matches('\u{FFFD}').count();
    Decoded {
        text,
        encoding: Encoding::Utf8,
        replaced,
    }
}

/// True when the bytes look like a binary file rather than text.
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
        && !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
}
