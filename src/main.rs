//! vanban: argument parsing and dispatch only.

use vanban::cli::{self, Cli};

fn main() {
    let args = Cli::parse_safely();
    let code = match args.command {
        Some(cmd) => cli::run(cmd),
        None => vanban::tui::launch(args.paths, args.no_mouse, args.no_watch),
    };
    std::process::exit(code);
}
