//! The facts panel's content: one entry per award, programme, reference and figure of the
//! open document, each knowing which sentence of the text it points at.

use crate::corpus::Document;
use crate::extract::numbers::format_count as group;
use crate::extract::{Award, Span};
use crate::text::wrap;

/// One row group of the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Lines of text; the first is the entry's label.
    pub lines: Vec<String>,
    /// A section heading or an information line, not selectable.
    pub heading: bool,
    /// The part of the text the entry came from; Enter scrolls the reader there.
    pub target: Option<Span>,
}

impl Entry {
    fn heading(s: String) -> Entry {
        Entry {
            lines: vec![s],
            heading: true,
            target: None,
        }
    }
    fn item(lines: Vec<String>, target: Option<Span>) -> Entry {
        Entry {
            lines,
            heading: false,
            target,
        }
    }
}

/// The panel's entries for `doc`.
pub fn entries(doc: &Document) -> Vec<Entry> {
    let f = &doc.facts;
    let text = doc.text();
    let mut out = Vec::new();
    if let Some(d) = &f.date {
        out.push(Entry::heading(format!("Date    {d}")));
    }
    if let Some(s) = &f.source {
        out.push(Entry::heading(format!("Source  {s}")));
    }
    // A document known by its head alone has its other facts on the way.
    let count = |n: usize| match doc.head_only() {
        true => "loading…".to_string(),
        false => n.to_string(),
    };
    out.push(Entry::heading(format!(
        "Awards ({})",
        count(f.awards.len())
    )));
    if !f.awards.is_empty() {
        out.push(Entry::heading("      tập thể / cá nhân".into()));
    }
    out.extend(f.awards.iter().map(award));
    let quoted = |s: &String| format!("“{s}”");
    match doc.head_only() {
        true => out.push(Entry::heading(format!("Programmes ({})", count(0)))),
        false => section(&mut out, "Programmes", &f.programmes, quoted, text),
    }
    match doc.head_only() {
        true => out.push(Entry::heading(format!("References ({})", count(0)))),
        false => section(&mut out, "References", &f.refs, String::clone, text),
    }
    out.push(Entry::heading(format!(
        "Figures ({})",
        count(f.figures.len())
    )));
    out.extend(
        f.figures
            .iter()
            .map(|g| Entry::item(vec![g.text.clone()], Some(g.span))),
    );
    out
}

fn section(
    out: &mut Vec<Entry>,
    name: &str,
    items: &[String],
    label: impl Fn(&String) -> String,
    text: &str,
) {
    out.push(Entry::heading(format!("{name} ({})", items.len())));
    for s in items {
        // The first place the text names it.
        let target = text.find(s.as_str()).map(|at| Span {
            start: at,
            end: at + s.len(),
        });
        out.push(Entry::item(vec![label(s)], target));
    }
}

/// "2009  437 / 1.743" and, under it, the kind and who gave it.
fn award(a: &Award) -> Entry {
    let year = a.year.map_or("    ".to_string(), |y| y.to_string());
    let count = |n: Option<u32>| n.map_or("–".to_string(), |n| group(n.into()));
    let counts = match (a.collectives, a.individuals, a.combined) {
        (None, None, Some(c)) => format!("{} tập thể, cá nhân", group(c.into())),
        (c, i, None) => format!("{} / {}", count(c), count(i)),
        (c, i, Some(t)) => format!("{} / {} ({} in all)", count(c), count(i), group(t.into())),
    };
    let mut lines = vec![format!("{year}  {counts}")];
    let detail: Vec<&str> = [a.kind.as_deref(), a.by.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !detail.is_empty() {
        lines.push(detail.join(" · "));
    }
    Entry::item(lines, Some(a.span))
}

/// One row of the facts panel: which entry it belongs to and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct FactsRow {
    pub entry: usize,
    pub text: String,
}

/// The facts entries wrapped to `width` columns: headings flush left, items indented,
/// a blank row before each heading that follows an item.
pub fn rows(entries: &[Entry], width: usize) -> Vec<FactsRow> {
    let mut rows = Vec::new();
    let mut push = |entry: usize, text: String| rows.push(FactsRow { entry, text });
    for (n, e) in entries.iter().enumerate() {
        if e.heading && n > 0 && !entries[n - 1].heading {
            push(n, String::new());
        }
        let w = width.saturating_sub(if e.heading { 1 } else { 4 }).max(1);
        let mut first = true;
        for line in &e.lines {
            for r in wrap::wrap(line, w) {
                let indent = match (e.heading, first) {
                    (true, _) => "",
                    (false, true) => " ",
                    (false, false) => "   ",
                };
                push(n, format!("{indent}{}", &line[r]));
                first = false;
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn award_labels() {
        let a = Award {
            collectives: Some(437),
            individuals: Some(1743),
            year: Some(2009),
            kind: Some("Bằng khen".into()),
            by: Some("UBND tỉnh".into()),
            ..Award::default()
        };
        assert_eq!(
            award(&a).lines,
            ["2009  437 / 1.743", "Bằng khen · UBND tỉnh"]
        );
        let b = Award {
            combined: Some(3150),
            ..Award::default()
        };
        assert_eq!(award(&b).lines, ["      3.150 tập thể, cá nhân"]);
    }
}
