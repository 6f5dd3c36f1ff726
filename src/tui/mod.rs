//! The full-screen reader. Keys become [`Action`]s through [`keymap`]; [`update`] changes
//! the [`State`]; [`view`] draws it; [`terminal`] owns the terminal and the event loop.

pub mod action;
pub mod facts;
pub mod find;
pub mod highlight;
pub mod keymap;
pub mod layout;
pub mod page;
pub mod state;
pub mod table;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod watch;

use std::borrow::Cow;
use std::path::PathBuf;

pub use action::{Action, Effect, Pane};
pub use keymap::{event_actions, key_action, split_alt, Mode};
pub use state::{update, Popup, State};
pub use theme::Theme;

use crate::config::Config;
use crate::corpus::{self, Library};
use crate::exit::{EXIT_ERROR, EXIT_OK, EXIT_USAGE};
use crate::state::Store;
use crate::text::safe::printable;

/// How the reader runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Capture the mouse (wheel and clicks).
    pub mouse: bool,
    /// Keys and colours.
    pub config: Config,
    /// Where bookmarks and places are kept; `None` keeps nothing.
    pub store: Option<Store>,
    /// Problems found before the start (the config file's), shown in the status bar.
    pub notes: Vec<String>,
    /// The paths the documents were loaded from.
    pub paths: Vec<PathBuf>,
    /// How to load the documents again (`R`, and when the folders change).
    pub reload: Option<terminal::Reload>,
    /// Watch the folders and load again when documents change.
    pub watch: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            mouse: true,
            config: Config::new(&keymap::BINDABLE),
            store: None,
            notes: Vec::new(),
            paths: Vec::new(),
            reload: None,
            watch: true,
        }
    }
}

/// `vanban [PATHS]`: read the config file (its problems go to stderr before the reader
/// starts, and into the status bar), load the documents (the configured library when no
/// path is given) and run the reader with the saved state. Returns the exit code.
pub fn launch(paths: Vec<PathBuf>, no_mouse: bool, no_watch: bool) -> i32 {
    let (config, notes) = Config::load(&keymap::BINDABLE);
    for w in &notes {
        eprintln!("vanban: {}", printable(w));
    }
    let paths = match paths_or_default(paths, config.library.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(e) = corpus::open::check(&paths) {
        eprintln!("vanban: {e}");
        return EXIT_USAGE;
    }
    crate::heap::few_arenas();
    let loader = corpus::open::for_reader(&paths);
    let opts = Options {
        mouse: config.mouse && !no_mouse,
        config,
        store: Store::default_location(),
        notes,
        reload: Some(terminal::Reload(corpus::open::reloader(&paths))),
        watch: !no_watch,
        paths,
    };
    match terminal::run(Library::default(), opts, Some(loader)) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            report(&e.to_string());
            EXIT_ERROR
        }
    }
}

/// The paths to open: those given, else the configured `library`, else a short
/// explanation on stderr and the usage exit code.
fn paths_or_default(
    paths: Vec<PathBuf>,
    library: Option<&std::path::Path>,
) -> Result<Vec<PathBuf>, i32> {
    if !paths.is_empty() {
        return Ok(paths);
    }
    match library {
        Some(lib) => Ok(vec![lib.to_path_buf()]),
        None => {
            let where_ = crate::config::path()
                .map_or_else(|| "the config file".into(), |p| p.display().to_string());
            eprintln!(
                "vanban: no documents to open.\n\
                 \n  Open a folder (or file) of .txt reports:   vanban ~/bao-cao\n  \
                 Or set a default folder in {}:\n      library = \"~/bao-cao\"\n\
                 \n  `vanban config --default` prints a full example; `vanban --help` lists the commands.",
                printable(&where_)
            );
            Err(EXIT_USAGE)
        }
    }
}

/// Say something on stderr after the reader ended. Unlike `eprintln!`, a stderr that is
/// gone with its terminal (a dropped SSH connection) is no reason to panic.
fn report(msg: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "vanban: {}", printable(msg));
}

/// Run the reader until the user quits.
pub fn run(lib: Library, opts: Options) -> std::io::Result<()> {
    terminal::run(lib, opts, None)
}

/// `s` made safe to draw on one line: every control character, bidi override and
/// zero-width character becomes U+FFFD, so no byte of a document can act on the terminal.
pub fn safe(s: &str) -> Cow<'_, str> {
    crate::text::safe::one_line(s)
}
