//! The non-interactive subcommands. Each prints the same facts the reader shows.

mod extract;

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::corpus::Library;

/// Exit codes: 0 ok, 1 error, 2 usage.
pub const EXIT_OK: i32 = 0;
pub const EXIT_ERROR: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "vanban",
    version,
    about = "Read Vietnamese campaign reports in the terminal"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders of .txt documents to open in the reader.
    pub paths: Vec<PathBuf>,
    /// Turn mouse support off.
    #[arg(long)]
    pub no_mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the extracted facts of each document.
    Extract {
        /// Print JSON in the shape {"documents": {NAME: {...}}}.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

/// Load the library, reporting skipped files on stderr. Missing paths are a usage error.
pub fn load(paths: &[PathBuf]) -> Result<Library, i32> {
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            eprintln!("vanban: {}: no such file or directory", p.display());
            return Err(EXIT_USAGE);
        }
    }
    let lib = Library::load(paths);
    for s in &lib.skipped {
        eprintln!("vanban: skipped {}: {}", s.path.display(), s.reason);
    }
    Ok(lib)
}

/// Run a subcommand; returns the exit code.
pub fn run(cmd: Command) -> i32 {
    match cmd {
        Command::Extract { json, paths } => match load(&paths) {
            Ok(lib) => print_out(&if json {
                extract::to_json(&lib)
            } else {
                extract::to_text(&lib)
            }),
            Err(code) => code,
        },
    }
}

pub(crate) fn print_out(s: &str) -> i32 {
    let mut out = io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("vanban: {e}");
            EXIT_ERROR
        }
    }
}
