//! Reading entries of a zip archive (DOCX, ODT) within fixed limits, so a zip bomb is
//! refused instead of filling memory: the declared size is not trusted, the inflated
//! bytes are counted as they come.

use std::io::{Cursor, Read};

/// The most one entry may inflate to.
pub const MAX_ENTRY: u64 = 64 * 1024 * 1024;
/// The most all entries read from one archive may inflate to together.
pub const MAX_TOTAL: u64 = 128 * 1024 * 1024;

/// An open archive and what has been inflated from it so far.
pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    inflated: u64,
}

impl<'a> Archive<'a> {
    /// Open the archive; `what` names the format in the message if it is not a zip.
    pub fn open(bytes: &'a [u8], what: &str) -> Result<Archive<'a>, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("not a {what} file (not a zip archive: {e})"))?;
        Ok(Archive { zip, inflated: 0 })
    }

    /// Whether the archive has an entry of this name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The inflated bytes of an entry (`Ok(None)` if there is none), within the limits.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(i) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let mut entry = self
            .zip
            .by_index(i)
            .map_err(|e| format!("cannot read {name} in the archive: {e}"))?;
        if entry.encrypted() {
            return Err(format!("{name} in the archive is encrypted"));
        }
        let limit = MAX_ENTRY.min(MAX_TOTAL - self.inflated);
        let mut out = Vec::with_capacity(entry.size().min(1 << 20) as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot inflate {name}: {e}"))?;
        if out.len() as u64 > limit {
            return Err(format!(
                "{name} inflates to more than {} MB (a zip bomb?)",
                limit >> 20
            ));
        }
        self.inflated += out.len() as u64;
        Ok(Some(out))
    }
}
