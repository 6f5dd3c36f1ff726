//! `vanban list`: the ranked list of documents, as the reader shows it.
//!
//! One line per document, `PATH<TAB>DATE<TAB>TITLE` (and `<TAB>COUNT` with `--full-text`),
//! or with `--json` an array of objects with the same fields. Control characters in names
//! and titles are replaced by U+FFFD so no byte of a document reaches the terminal raw.
//! With an up-to-date cache, the list is ranked from the cached heads alone.

use std::path::PathBuf;

use std::io::{self, Write};

use rayon::prelude::*;
use serde_json::json;

use crate::corpus::cache::{self, Listing};
use crate::search::{self, Index};
use crate::text::safe;

/// Run `vanban list`; returns the exit code.
pub fn run(paths: &[PathBuf], filter: Option<&str>, full_text: bool, json: bool) -> i32 {
    let q = filter.unwrap_or("");
    if full_text && !q.trim().is_empty() {
        let (listing, hits) = match full_text_listing(paths, q) {
            Ok(found) => found,
            Err(code) => return code,
        };
        let hits: Vec<_> = hits.into_iter().map(|(i, n)| (i, Some(n))).collect();
        return show(&listing, &hits, json);
    }
    if let Err(code) = super::check_paths(paths) {
        return code;
    }
    let (mut listing, unwritten) = match super::cache_dir() {
        Some(dir) => {
            let (listing, unwritten, _) = cache::list_unwritten(paths, &dir);
            (listing, unwritten)
        }
        None => (cache::read_listing(paths), None),
    };
    super::report_skipped(&listing.skipped);
    let index = Index::from(std::mem::take(&mut listing.heads));
    let hits: Vec<_> = index.rank(q).into_iter().map(|i| (i, None)).collect();
    listing.heads = index.into_heads();
    // A new cache is written while the list is.
    std::thread::scope(|scope| {
        if let Some(index) = unwritten {
            let listing = &listing;
            scope.spawn(move || index.write(listing, &mut cache::Report::default()));
        }
        show(&listing, &hits, json)
    })
}

/// Print the list of `hits`; returns the exit code.
fn show(listing: &Listing, hits: &[(usize, Option<usize>)], json: bool) -> i32 {
    let mut out = super::stdout();
    let written = if json {
        write_json(listing, hits, &mut out)
    } else {
        write_text(listing, hits, &mut out)
    };
    let skipped = super::Streamed::default(); // reported above
    super::done(written.map(|_| skipped), &mut out)
}

/// The documents and their full-text matches: from the cache's heads and bodies when it is
/// up to date (no facts loaded), else from the library, loaded and cached.
fn full_text_listing(paths: &[PathBuf], q: &str) -> Result<(Listing, Vec<(usize, usize)>), i32> {
    super::check_paths(paths)?;
    let cached = super::cache_dir().and_then(|dir| cache::load_with_bodies(paths, &dir));
    if let Some((listing, bodies)) = cached {
        super::report_skipped(&listing.skipped);
        let dates = listing.heads.parts().2;
        let hits = search::full_text_in(&bodies, dates, q);
        return Ok((listing, hits));
    }
    let lib = super::load(paths)?;
    let hits = search::full_text(&lib, q);
    Ok((Listing::of_library(&lib), hits))
}

/// Lines (or JSON objects) are made in parallel this many at a time, then written.
const PIECE: usize = 8192;

/// The list as tab-separated lines, written as they are made.
pub fn write_text(
    l: &Listing,
    hits: &[(usize, Option<usize>)],
    out: &mut dyn Write,
) -> io::Result<()> {
    // Lines are made in parallel pieces: each line reads three places of a large listing.
    for group in hits.chunks(PIECE * 16) {
        let pieces: Vec<String> = group
            .par_chunks(PIECE)
            .map(|chunk| {
                let mut s = String::with_capacity(chunk.len() * 128);
                for &(i, count) in chunk {
                    push_safe(&mut s, l.names.get(i));
                    s.push('\t');
                    push_safe(&mut s, l.heads.date(i).unwrap_or("-"));
                    s.push('\t');
                    push_safe(&mut s, l.heads.title(i));
                    if let Some(n) = count {
                        s += &format!("\t{n}");
                    }
                    s.push('\n');
                }
                s
            })
            .collect();
        for p in pieces {
            out.write_all(p.as_bytes())?;
        }
    }
    Ok(())
}

/// The list as a pretty JSON array of `{path, date, title}` (plus `count` in full-text
/// mode), written as it is made: each object as it stands in the array.
pub fn write_json(
    l: &Listing,
    hits: &[(usize, Option<usize>)],
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (k, group) in hits.chunks(PIECE).enumerate() {
        let items: Vec<String> = group
            .par_iter()
            .map(|&(i, count)| {
                let mut v = json!({
                    "path": l.names.get(i),
                    "date": l.heads.date(i),
                    "title": l.heads.title(i),
                });
                if let (Some(n), Some(obj)) = (count, v.as_object_mut()) {
                    obj.insert("count".into(), json!(n));
                }
                let s = serde_json::to_string_pretty(&v).unwrap_or_default();
                safe::json(&format!("  {}", super::indented(&s, 2))).into_owned()
            })
            .collect();
        for (n, item) in items.iter().enumerate() {
            out.write_all(if k == 0 && n == 0 { b"\n" } else { b",\n" })?;
            out.write_all(item.as_bytes())?;
        }
    }
    out.write_all(if hits.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// Append `s` with control and bidi characters (tab, newline, escape, C1 …) replaced by
/// U+FFFD.
fn push_safe(out: &mut String, s: &str) {
    out.push_str(&crate::text::safe::one_line(s));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_never_pass() {
        let safe = |s: &str| {
            let mut out = String::from(">");
            push_safe(&mut out, s);
            out
        };
        assert_eq!(
            safe("a\tb\x1b[31m\u{9b}\n"),
            ">a\u{FFFD}b\u{FFFD}[31m\u{FFFD}\u{FFFD}"
        );
        assert_eq!(safe("plain"), ">plain");
        assert_eq!(safe("Đức\u{202e}"), ">Đức\u{FFFD}");
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw() {
        let mut l = Listing::default();
        l.names.push("a\u{9b}.txt");
        l.heads.push("b\u{202e}c", None, None, &[]);
        let mut out = Vec::new();
        write_json(&l, &[(0, None)], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("a\\u009b.txt") && out.contains("b\\u202ec"),
            "{out}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back[0]["title"], "b\u{202e}c");
    }
}
