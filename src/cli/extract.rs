//! `vanban extract`: the facts of each document as text or JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::Library;
use crate::extract::{Award, Figure};
use crate::text::decode::Encoding;

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

/// `extract --json`: {"documents": {NAME: {title, date, source, place, format, encoding, warnings, awards, refs, programmes, figures}}}
pub fn to_json(lib: &Library) -> String {
    let documents: BTreeMap<&str, DocOut> = lib
        .docs
        .iter()
        .map(|d| {
            let f = &d.facts;
            let out = DocOut {
                title: &f.title,
                date: f.date.as_deref(),
                source: f.source.as_deref(),
                place: f.place.as_deref(),
                format: d.format().as_str(),
                encoding: d.encoding,
                warnings: &d.warnings,
                awards: &f.awards,
                refs: &f.refs,
                programmes: &f.programmes,
                figures: &f.figures,
            };
            (d.name.as_str(), out)
        })
        .collect();
    #[derive(Serialize)]
    struct All<'a> {
        documents: BTreeMap<&'a str, DocOut<'a>>,
    }
    super::to_json(&All { documents })
}

/// `extract` as plain text, one block per document; nothing unsafe in it.
pub fn to_text(lib: &Library) -> String {
    super::printable(&text_blocks(lib)).into_owned()
}

fn text_blocks(lib: &Library) -> String {
    let mut s = String::new();
    for d in &lib.docs {
        let f = &d.facts;
        s += &format!(
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
    }
    s
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "-".into())
}
