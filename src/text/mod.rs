//! Text handling: bytes to clean Unicode, search keys, display wrapping.

pub mod clean; // NFC, newlines, control characters made safe
pub mod decode; // encoding detection and decoding
pub mod safe; // what may be shown on a terminal
pub mod wrap; // display-width wrapping and truncation
