//! `vanban config`: where the config file is, a commented default one, or a check.

use super::{print_out, printable, EXIT_ERROR};
use crate::config::{self, Config};
use crate::tui::keymap::BINDABLE;

pub fn run(path: bool, default: bool, check: bool) -> i32 {
    let Some(file) = config::path() else {
        eprintln!("vanban: no home directory, so no config file");
        return EXIT_ERROR;
    };
    let shown = printable(&file.to_string_lossy()).into_owned();
    if default {
        return print_out(&Config::default_file(&BINDABLE));
    }
    if path && !check {
        return print_out(&format!("{shown}\n"));
    }
    // --check, or no option: report on the file.
    let (_, warnings) = Config::load_from(&file, &BINDABLE);
    for w in &warnings {
        eprintln!("vanban: {}", printable(w));
    }
    if !file.exists() {
        print_out(&format!(
            "{shown} (not present: the defaults are in use; `vanban config --default > {shown}` writes one)\n"
        ))
    } else if warnings.is_empty() {
        print_out(&format!("{shown}: ok\n"))
    } else {
        EXIT_ERROR
    }
}
