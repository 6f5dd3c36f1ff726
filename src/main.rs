//! vanban: argument parsing and dispatch only.

use clap::Parser;
use vanban::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let code = match args.command {
        Some(cmd) => cli::run(cmd),
        None => match cli::load(&args.paths) {
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
