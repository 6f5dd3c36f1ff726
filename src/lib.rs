//! vanban: read Vietnamese campaign reports in any encoding and extract their facts.
//!
//! Data flow: bytes → [`text::decode`] → [`text::clean`] → [`corpus::Document`]
//! → [`extract`] → [`extract::Facts`]; [`search`] ranks documents; [`cli`] and [`tui`]
//! are the two faces of one [`corpus::Library`].

pub mod awards; // the awards overview: rows, sort, filter, totals
pub mod cli; // non-interactive subcommands: text, JSON, CSV
pub mod clipboard; // OSC 52 copy
pub mod config; // the TOML settings file
pub mod corpus; // discovery of files, Document, Library, cache
pub mod exit; // exit codes of the binary
pub mod extract; // title, date, awards, refs, programmes, figures
pub mod formats; // HTML, DOCX/ODT and PDF readers that produce plain text
pub mod heap; // the allocator's settings for a long-running reader
pub mod later; // a value made once, on need or ahead on a thread of its own
pub mod search; // folded keys and ranking
pub mod state; // bookmarks and positions kept between runs
pub mod text; // decode, clean, fold, wrap
pub mod tui; // the ratatui reader
