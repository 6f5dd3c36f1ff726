//! `vanban list`: the ranked list of documents, as the reader shows it.
//!
//! One line per document, `PATH<TAB>DATE<TAB>TITLE` (and `<TAB>COUNT` with `--full-text`),
//! or with `--json` an array of objects with the same fields. Control characters in names
//! and titles are replaced by U+FFFD so no byte of a document reaches the terminal raw.
//! With an up-to-date cache, the list is ranked from the cached heads alone.

use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::corpus::cache::{self, Listing};
use crate::search::{self, Index};

/// Run `vanban list`; returns the exit code.
pub fn run(paths: &[PathBuf], filter: Option<&str>, full_text: bool, json: bool) -> i32 {
    let q = filter.unwrap_or("");
    let (listing, hits): (Listing, Vec<_>) = if full_text && !q.trim().is_empty() {
        let (listing, hits) = match full_text_listing(paths, q) {
            Ok(found) => found,
            Err(code) => return code,
        };
        let hits = hits.into_iter().map(|(i, n)| (i, Some(n))).collect();
        (listing, hits)
    } else {
        if let Err(code) = super::check_paths(paths) {
            return code;
        }
        let mut listing = match super::cache_dir() {
            Some(dir) => cache::list(paths, &dir).0,
            None => cache::read_listing(paths),
        };
        super::report_skipped(&listing.skipped);
        let index = Index::from(std::mem::take(&mut listing.heads));
        let hits = index.rank(q).into_iter().map(|i| (i, None)).collect();
        listing.heads = index.into_heads();
        (listing, hits)
    };
    let out = if json {
        to_json(&listing, &hits)
    } else {
        to_text(&listing, &hits)
    };
    super::print_out(&out)
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

/// The list as tab-separated lines.
pub fn to_text(l: &Listing, hits: &[(usize, Option<usize>)]) -> String {
    // Lines are made in parallel pieces: each line reads three places of a large listing.
    let pieces: Vec<String> = hits
        .par_chunks(8192)
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
    pieces.concat()
}

/// The list as a JSON array of `{path, date, title}` (plus `count` in full-text mode).
pub fn to_json(l: &Listing, hits: &[(usize, Option<usize>)]) -> String {
    let items: Vec<Value> = hits
        .iter()
        .map(|&(i, count)| {
            let mut v = json!({
                "path": l.names.get(i),
                "date": l.heads.date(i),
                "title": l.heads.title(i),
            });
            if let (Some(n), Some(obj)) = (count, v.as_object_mut()) {
                obj.insert("count".into(), json!(n));
            }
            v
        })
        .collect();
    super::to_json(&items)
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
        let out = to_json(&l, &[(0, None)]);
        assert!(
            out.contains("a\\u009b.txt") && out.contains("b\\u202ec"),
            "{out}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back[0]["title"], "b\u{202e}c");
    }
}
