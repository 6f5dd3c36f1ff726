//! The full-screen reader. Keys become [`Action`]s through [`keymap`]; [`update`] changes
//! the [`State`]; [`view`] draws it; [`terminal`] owns the terminal and the event loop.

pub mod facts;
pub mod find;
pub mod highlight;
pub mod keymap;
pub mod layout;
pub mod page;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod view;

use std::borrow::Cow;

pub use keymap::{event_actions, key_action, split_alt, Mode};
pub use state::{update, Action, Effect, Pane, State};
pub use theme::Theme;

use crate::corpus::Library;

/// How the reader runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Capture the mouse (wheel and clicks).
    pub mouse: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { mouse: true }
    }
}

/// Run the reader until the user quits.
pub fn run(lib: Library, opts: Options) -> std::io::Result<()> {
    terminal::run(lib, opts)
}

/// `s` made safe to draw on one line: every control character, bidi override and
/// zero-width character becomes U+FFFD, so no byte of a document can act on the terminal.
pub fn safe(s: &str) -> Cow<'_, str> {
    crate::text::safe::one_line(s)
}
