//! Text handling: bytes to clean Unicode, search keys, display wrapping.

pub mod chars; // char classes and lower case of Latin letters, from a table
pub mod clean; // NFC, newlines, control characters made safe
pub mod decode; // encoding detection and decoding
pub mod distinct; // numbering the distinct strings among many, in parallel
pub mod encoding; // the encodings a text is read in
pub mod fold; // search keys: no diacritics, đ → d, lowercase
pub mod intern; // one shared copy of texts many documents repeat
pub mod legacy; // TCVN3 and VNI tables, both ways
pub mod mojibake; // repair of TCVN3/VNI/UTF-8 text read as Latin-1
pub mod plain; // plain UTF-8 told in one look, the short way from bytes to text
pub mod safe; // what may be shown on a terminal
pub mod viet; // Vietnamese letters and syllables, scoring of candidate decodings
pub mod wrap; // display-width wrapping and truncation
