//! The full-screen reader.

use crate::corpus::Library;

/// Run the reader until the user quits.
pub fn run(_lib: Library) -> std::io::Result<()> {
    Ok(())
}
