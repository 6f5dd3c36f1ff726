//! `vanban extract`: the facts of each document as text or JSON, written as the documents
//! are read.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::{indented, Source};
use crate::corpus::cache::Streamed;
use crate::corpus::Document;
use crate::extract::{Award, Figure};
use crate::text::decode::Encoding;
use crate::text::safe;

/// One document in the JSON output, fields in schema order.
#[derive(Serialize)]
struct DocOut<'a> {
    title: &'a str,
    date: Option<&'a str>,
    source: Option<&'a str>,
    place: Option<&'a str>,
    format: &'static str,
    encoding: Encoding,
    warnings: &'a [String],
    awards: &'a [Award],
    refs: &'a [String],
    programmes: &'a [String],
    figures: &'a [Figure],
}

impl<'a> DocOut<'a> {
    fn of(d: &'a Document) -> DocOut<'a> {
        let f = &d.facts;
        DocOut {
            title: &f.title,
            date: f.date.as_deref(),
            source: f.source.as_deref(),
            place: f.place.as_deref(),
            format: d.format().as_str(),
            encoding: d.encoding,
            warnings: d.warnings(),
            awards: &f.awards,
            refs: &f.refs,
            programmes: &f.programmes,
            figures: &f.figures,
        }
    }
}

/// `extract --json`: {"documents": {NAME: {title, date, source, place, format, encoding,
/// warnings, awards, refs, programmes, figures}}}, names in byte order, pretty-printed as
/// serde_json prints the whole object, each document serialised on its own.
///
/// Names almost always come in byte order (library order is path order), and then each
/// document is written as it comes. When they do not (`in_order` false: a name with a
/// character below `/`, or the same name under two folders, the last one kept), the
/// documents wait in name order and the output is held until the end.
pub fn write_json(source: Source, in_order: bool, out: &mut dyn Write) -> io::Result<Streamed> {
    out.write_all(b"{\n  \"documents\": {")?;
    let mut first = true;
    let mut member = |out: &mut dyn Write, piece: &str| -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        out.write_all(piece.as_bytes())
    };
    let mut waiting: BTreeMap<String, String> = BTreeMap::new();
    let streamed = source(false, &mut |docs| {
        let pieces: Vec<String> = docs.par_iter().map(json_member).collect();
        for (d, piece) in docs.iter().zip(pieces) {
            if in_order {
                member(out, &piece)?;
            } else {
                waiting.insert(d.name.to_string(), piece);
            }
        }
        Ok(())
    })?;
    for piece in waiting.values() {
        member(out, piece)?;
    }
    out.write_all(if first { b"}\n}\n" } else { b"\n  }\n}\n" })?;
    Ok(streamed)
}

/// `    "NAME": {…}`, as it stands inside the whole object; nothing unsafe raw in it.
fn json_member(d: &Document) -> String {
    let key = serde_json::to_string(&d.name).unwrap_or_default();
    let value = serde_json::to_string_pretty(&DocOut::of(d)).unwrap_or_default();
    let piece = format!("    {key}: {}", indented(&value, 4));
    safe::json(&piece).into_owned()
}

/// True when the names of `files` are in strictly increasing byte order, as the JSON
/// object's keys must come.
pub fn names_in_order(files: &[crate::corpus::discover::Found]) -> bool {
    let mut last: Option<std::borrow::Cow<str>> = None;
    for f in files {
        let name = safe::one_line(&f.name);
        if last.as_ref().is_some_and(|l| *l >= name) {
            return false;
        }
        last = Some(name);
    }
    true
}

/// `extract` as plain text, one block per document, written as they come; nothing unsafe
/// in it.
pub fn write_text(source: Source, out: &mut dyn Write) -> io::Result<Streamed> {
    source(false, &mut |docs| {
        let blocks: Vec<String> = docs.par_iter().map(text_block).collect();
        for b in blocks {
            out.write_all(safe::printable(&b).as_bytes())?;
        }
        Ok(())
    })
}

fn text_block(d: &Document) -> String {
    let f = &d.facts;
    let mut s = format!(
        "{}\n  title: {}\n  date: {}\n  source: {}\n  place: {}\n  format: {}\n  encoding: {:?}\n",
        d.name,
        f.title,
        f.date.as_deref().unwrap_or("-"),
        f.source.as_deref().unwrap_or("-"),
        f.place.as_deref().unwrap_or("-"),
        d.format().as_str(),
        d.encoding
    );
    for a in &f.awards {
        s += &format!(
            "  award: collectives {} individuals {} combined {} year {} by {} kind {} within {}\n",
            opt(a.collectives),
            opt(a.individuals),
            opt(a.combined),
            opt(a.year),
            a.by.as_deref().unwrap_or("-"),
            a.kind.as_deref().unwrap_or("-"),
            opt(a.within)
        );
    }
    for r in &f.refs {
        s += &format!("  ref: {r}\n");
    }
    for p in &f.programmes {
        s += &format!("  programme: {p}\n");
    }
    for g in &f.figures {
        s += &format!("  figure: {} ({} {})\n", g.text, g.value, g.unit);
    }
    s
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "-".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::discover::Found;

    fn found(names: &[&str]) -> Vec<Found> {
        names
            .iter()
            .map(|n| Found {
                path: n.into(),
                name: n.to_string(),
                stamp: Default::default(),
            })
            .collect()
    }

    #[test]
    fn names_out_of_byte_order_are_noticed() {
        assert!(names_in_order(&found(&[
            "000/a.txt",
            "000/b.txt",
            "001/a.txt"
        ])));
        // Path order puts the folder "a" before "a b"; byte order puts ' ' before '/'.
        assert!(!names_in_order(&found(&["a/x.txt", "a b/x.txt"])));
        // The same name twice (two folders given): the object keeps one.
        assert!(!names_in_order(&found(&["x.txt", "x.txt"])));
    }
}
