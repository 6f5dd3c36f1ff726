//! vanban: argument parsing and dispatch only.

use vanban::cli::{self, Cli};

fn main() {
    let args = Cli::parse_safely();
    let code = match args.command {
        Some(cmd) => cli::run(cmd),
        None => match cli::paths_or_default(args.paths).and_then(|p| cli::load(&p)) {
            Ok(lib) => match vanban::tui::run(
                lib,
                vanban::tui::Options {
                    mouse: !args.no_mouse,
                },
            ) {
                Ok(()) => cli::EXIT_OK,
                Err(e) => {
                    eprintln!("vanban: {e}");
                    cli::EXIT_ERROR
                }
            },
            Err(code) => code,
        },
    };
    std::process::exit(code);
}
