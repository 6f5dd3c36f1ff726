//! Documents on disk: discovery, loading, the in-memory library, the cache.

pub mod bodies;
pub mod cache;
pub mod discover;
pub mod document;
pub mod library;
pub mod open; // the paths a user gave opened for either face: cache folder, messages
pub mod progress;
mod read; // the files found read with few system calls
pub mod terms; // the token index for full-text search

pub use bodies::{Bodies, Folded};
pub use document::Document;
pub use library::{Library, Skipped};
