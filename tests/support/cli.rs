//! Running the real binary: the command, private homes, its output as text.

use std::path::Path;
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_vanban");

/// A command running the binary under test.
pub fn command() -> Command {
    Command::new(BIN)
}

/// Keep config, state and data in `home`, never the user's.
pub fn with_private_home<'c>(cmd: &'c mut Command, home: &Path) -> &'c mut Command {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
}

/// Keep config and the library cache in `home`, with the cache on.
pub fn with_private_cache<'c>(cmd: &'c mut Command, home: &Path) -> &'c mut Command {
    cmd.env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("VANBAN_NO_CACHE")
}

/// Standard error as text (lossy).
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
