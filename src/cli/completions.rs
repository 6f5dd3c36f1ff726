//! `vanban completions SHELL`: a completion script for the shell.

use clap::CommandFactory;

use super::{print_out, Cli};

pub fn run(shell: clap_complete::Shell) -> i32 {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "vanban", &mut out);
    print_out(&String::from_utf8_lossy(&out))
}
