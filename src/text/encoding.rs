//! The encodings a document can be read in (its own module so that decoding and
//! mojibake repair both name them without importing each other).

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
    /// UTF-8 that was read as Windows-1252/Latin-1 and saved as UTF-8 again.
    Utf8Mojibake,
}
