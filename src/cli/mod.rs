//! The non-interactive subcommands. Each prints the same facts the reader shows.

pub mod awards;
mod completions;
mod config;
pub mod extract;
pub mod list;
mod show;

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::awards::Column;
use crate::corpus::cache::{self, Streamed};
use crate::corpus::open::{self, cache_dir, report_skipped};
use crate::corpus::{Document, Library};

pub use crate::exit::{EXIT_ERROR, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Parser)]
#[command(
    name = "vanban",
    version,
    about = "Read Vietnamese campaign reports in the terminal",
    after_help = "With no PATHS, opens the `library` set in the config file (see `vanban config --path`).\n\
                  Exit codes: 0 ok, 1 error, 2 usage (bad arguments, missing path)."
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
    /// Do not watch the folders for changed files (R still reads them again).
    #[arg(long)]
    pub no_watch: bool,
}

impl Cli {
    /// Parse the command line as [`Parser::parse`] does, but print an error (which quotes
    /// the arguments, maybe hostile file names) with nothing unsafe in it.
    pub fn parse_safely() -> Cli {
        match Cli::try_parse() {
            Ok(cli) => cli,
            Err(e) if e.use_stderr() => {
                eprint!("{}", printable(&e.render().to_string()));
                std::process::exit(e.exit_code());
            }
            Err(e) => e.exit(), // --help, --version
        }
    }
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
    /// Print every award statement in the documents as a table, CSV or JSON.
    Awards {
        /// CSV (RFC 4180, UTF-8, CRLF line ends) with a header row.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// JSON: {"awards": [...], "totals": {...}}.
        #[arg(long)]
        json: bool,
        /// Only documents matching this search (as in the reader's list).
        #[arg(long, value_name = "QUERY")]
        filter: Option<String>,
        /// Sort by this column (unknown values last).
        #[arg(long, value_enum, value_name = "COLUMN")]
        sort: Option<Column>,
        /// Sort descending.
        #[arg(long, requires = "sort")]
        desc: bool,
        /// One row per group of statements (place, year, by, kind; several with commas),
        /// each person counted once. With --sort collectives|individuals|combined the
        /// groups are sorted by that count.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "KEY[,KEY]")]
        group_by: Vec<crate::awards::group::Key>,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print a document's article as clean text (coloured only on a terminal, unless
    /// NO_COLOR is set): the page's furniture around it (site name, menus, "Phản hồi",
    /// other stories) is left out unless --page is given.
    Show {
        /// The document file.
        doc: PathBuf,
        /// Print the whole page, furniture included.
        #[arg(long)]
        page: bool,
    },
    /// Show where the config file is, or print a commented default one.
    Config {
        /// Print the config file's path.
        #[arg(long, group = "what")]
        path: bool,
        /// Print a commented config file holding the defaults.
        #[arg(long, group = "what")]
        default: bool,
        /// Check the config file; exit 1 if it has problems.
        #[arg(long, group = "what")]
        check: bool,
    },
    /// Print a shell completion script, e.g. `vanban completions bash > ~/.local/share/bash-completion/completions/vanban`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// The whole library of `paths` (through the cache), or the usage exit code when a path
/// does not exist.
pub fn load(paths: &[PathBuf]) -> Result<Library, i32> {
    check_paths(paths)?;
    Ok(open::load(paths))
}

/// Every path must exist; else a message and the usage exit code.
pub(crate) fn check_paths(paths: &[PathBuf]) -> Result<(), i32> {
    open::check(paths).map_err(|e| {
        eprintln!("vanban: {e}");
        EXIT_USAGE
    })
}

/// Run a subcommand; returns the exit code.
pub fn run(cmd: Command) -> i32 {
    match cmd {
        Command::Extract { json, paths } => {
            let stream = match open_stream(&paths) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let mut out = stdout();
            let written = if json {
                let in_order = extract::names_in_order(stream.found());
                extract::write_json(source_of(stream), in_order, &mut out)
            } else {
                extract::write_text(source_of(stream), &mut out)
            };
            done(written, &mut out)
        }
        Command::List {
            filter,
            full_text,
            json,
            paths,
        } => list::run(&paths, filter.as_deref(), full_text, json),
        Command::Awards {
            csv,
            json,
            filter,
            sort,
            desc,
            group_by,
            paths,
        } => {
            let stream = match open_stream(&paths) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let format = if csv {
                awards::Format::Csv
            } else if json {
                awards::Format::Json
            } else {
                awards::Format::Text
            };
            let opts = awards::Options {
                filter: filter.as_deref(),
                sort: sort.map(|c| (c, !desc)),
                group_by: &group_by,
                format,
            };
            let mut out = stdout();
            let written = awards::write(source_of(stream), opts, &mut out);
            done(written, &mut out)
        }
        Command::Show { doc, page } => show::run(&doc, page),
        Command::Config {
            path,
            default,
            check,
        } => config::run(path, default, check),
        Command::Completions { shell } => completions::run(shell),
    }
}

pub use crate::text::safe::printable;

/// Where a command's documents come from: called once, with whether their texts are wanted,
/// it hands them to the function given a batch at a time, in library order.
pub type Source<'s> = Box<
    dyn for<'e> FnOnce(
            bool,
            &'e mut dyn FnMut(&[Document]) -> io::Result<()>,
        ) -> io::Result<Streamed>
        + 's,
>;

/// The documents under `paths` (which must exist), to be streamed through the cache
/// unless it is off.
fn open_stream(paths: &[PathBuf]) -> Result<cache::Stream, i32> {
    check_paths(paths)?;
    Ok(cache::stream(paths, cache_dir().as_deref()))
}

fn source_of(stream: cache::Stream) -> Source<'static> {
    Box::new(move |texts, each| stream.run(texts, each))
}

/// The documents of a library in memory, as one batch.
pub fn source_of_library(lib: &Library) -> Source<'_> {
    Box::new(move |_, each| {
        each(&lib.docs)?;
        Ok(Streamed {
            skipped: lib.skipped.clone(),
            ..Streamed::default()
        })
    })
}

/// Standard output, buffered: commands write to it as they go.
fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::with_capacity(1 << 16, io::stdout().lock())
}

/// The exit code of a command that wrote `out` as it went: the output flushed, skipped
/// files reported; a closed pipe (`| head`) is no error.
fn done(written: io::Result<Streamed>, out: &mut dyn Write) -> i32 {
    match written.and_then(|s| out.flush().map(|_| s)) {
        Ok(s) => {
            report_skipped(&s.skipped);
            EXIT_OK
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("vanban: {}", printable(&e.to_string()));
            EXIT_ERROR
        }
    }
}

/// Pretty JSON `s` as it stands nested `by` spaces deep: every line after the first
/// indented. (Pretty JSON has line breaks only between its parts, never in a string.)
pub(crate) fn indented(s: &str, by: usize) -> String {
    s.replace('\n', &format!("\n{}", " ".repeat(by)))
}

/// Pretty JSON ending in a newline, with nothing unsafe raw in it (see [`crate::text::safe::json`]).
pub(crate) fn to_json(v: &impl serde::Serialize) -> String {
    let s = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut s = crate::text::safe::json(&s).into_owned();
    s.push('\n');
    s
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
