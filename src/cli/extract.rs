//! `vanban extract`: the facts of each document as text or JSON.

use serde_json::{json, Map, Value};

use crate::corpus::Library;

/// `extract --json`: {"documents": {NAME: {title, date, source, encoding, warnings, awards, refs, programmes, figures}}}
pub fn to_json(lib: &Library) -> String {
    let mut docs = Map::new();
    for d in &lib.docs {
        let f = &d.facts;
        docs.insert(
            d.name.clone(),
            json!({
                "title": f.title,
                "date": f.date,
                "source": f.source,
                "encoding": d.encoding,
                "warnings": d.warnings,
                "awards": f.awards,
                "refs": f.refs,
                "programmes": f.programmes,
                "figures": f.figures,
            }),
        );
    }
    let mut s = serde_json::to_string_pretty(&json!({ "documents": Value::Object(docs) }))
        .unwrap_or_default();
    s.push('\n');
    s
}

/// `extract` as plain text, one block per document.
pub fn to_text(lib: &Library) -> String {
    let mut s = String::new();
    for d in &lib.docs {
        let f = &d.facts;
        s += &format!(
            "{}\n  title: {}\n  date: {}\n  source: {}\n  encoding: {:?}\n",
            d.name,
            f.title,
            f.date.as_deref().unwrap_or("-"),
            f.source.as_deref().unwrap_or("-"),
            d.encoding
        );
        for a in &f.awards {
            s += &format!(
                "  award: collectives {} individuals {} combined {} year {} by {} kind {}\n",
                opt(a.collectives),
                opt(a.individuals),
                opt(a.combined),
                opt(a.year),
                a.by.as_deref().unwrap_or("-"),
                a.kind.as_deref().unwrap_or("-")
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
