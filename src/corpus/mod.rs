//! Documents on disk: discovery, loading, the in-memory library.

pub mod document;
pub mod library;

pub use document::Document;
pub use library::{Library, Skipped};
