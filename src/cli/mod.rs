//! The non-interactive subcommands. Each prints the same facts the reader shows.

mod extract;
pub mod list;

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::corpus::{self, Library};

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
    /// Print the documents as the reader lists them: PATH<TAB>DATE<TAB>TITLE, best match first.
    List {
        /// Keep only documents matching this query (title, date, source, programmes;
        /// diacritics optional; every space-separated term must match).
        #[arg(long, value_name = "QUERY")]
        filter: Option<String>,
        /// Search the document texts instead; adds a fourth column, the match count.
        #[arg(long)]
        full_text: bool,
        /// Print a JSON array of {path, date, title[, count]}.
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
    let lib = match cache_dir() {
        Some(dir) => corpus::cache::load(paths, &dir).0,
        None => Library::load(paths),
    };
    for s in &lib.skipped {
        eprintln!("vanban: skipped {}: {}", s.path.display(), s.reason);
    }
    Ok(lib)
}

/// The cache folder, unless `VANBAN_NO_CACHE` is set or there is no home.
fn cache_dir() -> Option<PathBuf> {
    if std::env::var_os("VANBAN_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    corpus::cache::default_dir()
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
        Command::List {
            filter,
            full_text,
            json,
            paths,
        } => match load(&paths) {
            Ok(lib) => {
                let hits = list::ranked(&lib, filter.as_deref(), full_text);
                print_out(&if json {
                    list::to_json(&lib, &hits)
                } else {
                    list::to_text(&lib, &hits)
                })
            }
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
