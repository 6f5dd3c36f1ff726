//! vanban: argument parsing and dispatch only.

use vanban::cli::{self, Cli};

/// A library of a million documents is millions of small strings, made on several threads:
/// mimalloc keeps them with less overhead and fragmentation than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = Cli::parse_safely();
    let code = match args.command {
        Some(cmd) => cli::run(cmd),
        None => vanban::tui::launch(args.paths, args.no_mouse, args.no_watch),
    };
    std::process::exit(code);
}
