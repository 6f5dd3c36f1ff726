//! `vanban list`: the ranked list of documents, as the reader shows it.
//!
//! One line per document, `PATH<TAB>DATE<TAB>TITLE` (and `<TAB>COUNT` with `--full-text`),
//! or with `--json` an array of objects with the same fields. Control characters in names
//! and titles are replaced by U+FFFD so no byte of a document reaches the terminal raw.

use serde_json::{json, Value};

use crate::corpus::Library;
use crate::search;

/// The documents of `lib` matching `filter` (all when `None`), best first, with their
/// full-text match counts when `full_text`.
pub fn ranked(lib: &Library, filter: Option<&str>, full_text: bool) -> Vec<(usize, Option<usize>)> {
    let q = filter.unwrap_or("");
    if full_text && !q.trim().is_empty() {
        search::full_text(lib, q)
            .into_iter()
            .map(|(i, n)| (i, Some(n)))
            .collect()
    } else {
        search::rank(lib, q)
            .into_iter()
            .map(|i| (i, None))
            .collect()
    }
}

/// The list as tab-separated lines.
pub fn to_text(lib: &Library, hits: &[(usize, Option<usize>)]) -> String {
    let mut s = String::new();
    for &(i, count) in hits {
        let d = &lib.docs[i];
        s += &safe(&d.name);
        s.push('\t');
        s += &safe(d.facts.date.as_deref().unwrap_or("-"));
        s.push('\t');
        s += &safe(&d.facts.title);
        if let Some(n) = count {
            s += &format!("\t{n}");
        }
        s.push('\n');
    }
    s
}

/// The list as a JSON array of `{path, date, title}` (plus `count` in full-text mode).
pub fn to_json(lib: &Library, hits: &[(usize, Option<usize>)]) -> String {
    let items: Vec<Value> = hits
        .iter()
        .map(|&(i, count)| {
            let d = &lib.docs[i];
            let mut v = json!({
                "path": d.name,
                "date": d.facts.date,
                "title": d.facts.title,
            });
            if let (Some(n), Some(obj)) = (count, v.as_object_mut()) {
                obj.insert("count".into(), json!(n));
            }
            v
        })
        .collect();
    let mut s = escape_c1(&serde_json::to_string_pretty(&items).unwrap_or_default());
    s.push('\n');
    s
}

/// Control and bidi characters (tab, newline, escape, C1 …) replaced by U+FFFD.
fn safe(s: &str) -> String {
    super::printable(s).replace('\n', "\u{FFFD}")
}

/// JSON with DEL and C1 controls written as \u escapes (serde_json leaves them raw).
fn escape_c1(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            out += &format!("\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_never_pass() {
        assert_eq!(safe("a\tb\x1b[31m\u{9b}"), "a\u{FFFD}b\u{FFFD}[31m\u{FFFD}");
        assert_eq!(escape_c1("\"\u{9b}x\""), "\"\\u009bx\"");
    }
}
