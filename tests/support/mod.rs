//! Helpers shared by the integration tests, one file per part:
//!
//! - `paths`: the repository, the sample documents and fixtures, copies in temporary folders;
//! - `cli`: running the real binary;
//! - `encoders`: legacy encoders written independently of the library's tables;
//! - `tui`: a headless reader (a `State` at a size, keys, a `TestBackend` screen);
//! - `tmux`: the real binary in a real terminal, for the end-to-end tests;
//! - `hostile`: documents and file names full of terminal escapes, and a check for them;
//! - `pipeline`: the whole pipeline on arbitrary bytes (also the fuzz target's code).

// Each test crate compiles this module on its own and uses only some of it.
#![allow(dead_code)]

pub mod cli;
pub mod encoders;
pub mod hostile;
pub mod paths;
pub mod pipeline;
pub mod tmux;
pub mod tui;
