//! `vanban list`: the ranked list of documents, as the reader shows it.
//!
//! One line per document, `PATH<TAB>DATE<TAB>TITLE` (and `<TAB>COUNT` with `--full-text`),
//! or with `--json` an array of objects with the same fields. Control characters in names
//! and titles are replaced by U+FFFD so no byte of a document reaches the terminal raw.
//! With an up-to-date cache, the list is ranked from the cached heads alone.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::corpus::cache::{self, Head};
use crate::corpus::Library;
use crate::search::{self, Index};

/// Run `vanban list`; returns the exit code.
pub fn run(paths: &[PathBuf], filter: Option<&str>, full_text: bool, json: bool) -> i32 {
    let q = filter.unwrap_or("");
    let full_text = full_text && !q.trim().is_empty();
    let heads = match super::cache_dir() {
        Some(dir) if !full_text && super::check_paths(paths).is_ok() => {
            cache::load_heads(paths, &dir)
        }
        _ => None,
    };
    let (heads, hits) = match heads {
        Some((heads, skipped)) => {
            super::report_skipped(&skipped);
            let hits = rank_heads(&heads, q);
            (heads, hits)
        }
        None => match super::load(paths) {
            Ok(lib) if full_text => {
                let hits = ranked(&lib, q, true);
                (into_heads(lib), hits)
            }
            // The heads are taken out of the library document by document, so the facts
            // are freed before the index is built.
            Ok(lib) => {
                let heads = into_heads(lib);
                let hits = rank_heads(&heads, q);
                (heads, hits)
            }
            Err(code) => return code,
        },
    };
    let out = if json {
        to_json(&heads, &hits)
    } else {
        to_text(&heads, &hits)
    };
    // The process ends next: freeing 100,000 heads one string at a time is wasted work.
    std::mem::forget(heads);
    super::print_out(&out)
}

/// The heads matching `q`, best first, with no match counts.
fn rank_heads(heads: &[Head], q: &str) -> Vec<(usize, Option<usize>)> {
    Index::from_heads(heads)
        .rank(q)
        .into_iter()
        .map(|i| (i, None))
        .collect()
}

fn into_heads(lib: Library) -> Vec<Head> {
    lib.docs
        .into_iter()
        .map(|d| Head {
            name: d.name,
            title: d.facts.title,
            date: d.facts.date,
            source: d.facts.source,
            programmes: d.facts.programmes,
        })
        .collect()
}

/// The documents of `lib` matching `query` (all when empty), best first, with their
/// full-text match counts when `full_text`.
pub fn ranked(lib: &Library, query: &str, full_text: bool) -> Vec<(usize, Option<usize>)> {
    if full_text {
        search::full_text(lib, query)
            .into_iter()
            .map(|(i, n)| (i, Some(n)))
            .collect()
    } else {
        search::rank(lib, query)
            .into_iter()
            .map(|i| (i, None))
            .collect()
    }
}

/// The list as tab-separated lines.
pub fn to_text(heads: &[Head], hits: &[(usize, Option<usize>)]) -> String {
    let mut s = String::new();
    for &(i, count) in hits {
        let h = &heads[i];
        push_safe(&mut s, &h.name);
        s.push('\t');
        push_safe(&mut s, h.date.as_deref().unwrap_or("-"));
        s.push('\t');
        push_safe(&mut s, &h.title);
        if let Some(n) = count {
            s += &format!("\t{n}");
        }
        s.push('\n');
    }
    s
}

/// The list as a JSON array of `{path, date, title}` (plus `count` in full-text mode).
pub fn to_json(heads: &[Head], hits: &[(usize, Option<usize>)]) -> String {
    let items: Vec<Value> = hits
        .iter()
        .map(|&(i, count)| {
            let h = &heads[i];
            let mut v = json!({
                "path": h.name,
                "date": h.date,
                "title": h.title,
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
    // Plain printable ASCII, the common case, needs no look at each character.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        out.push_str(s);
    } else {
        out.push_str(&crate::text::safe::one_line(s));
    }
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
        let heads = [Head {
            name: "a\u{9b}.txt".into(),
            title: "b\u{202e}c".into(),
            date: None,
            source: None,
            programmes: Vec::new(),
        }];
        let out = to_json(&heads, &[(0, None)]);
        assert!(
            out.contains("a\\u009b.txt") && out.contains("b\\u202ec"),
            "{out}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back[0]["title"], "b\u{202e}c");
    }
}
