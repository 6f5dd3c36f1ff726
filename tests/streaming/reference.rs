//! The in-memory output of `extract`, `awards` and `list` as it was before they streamed
//! (the old functions, kept here word for word but for their imports): the streaming
//! output must be byte-identical to it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};
use unicode_width::UnicodeWidthStr;

use vanban::awards::group::{self, Count, Group, Key};
use vanban::awards::{AwardTable, Column, RowRef, Totals};
use vanban::cli::printable;
use vanban::corpus::cache::Listing;
use vanban::corpus::Library;
use vanban::extract::{Award, Figure};
use vanban::text::decode::Encoding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// Pretty JSON ending in a newline, with nothing unsafe raw in it.
fn pretty(v: &impl Serialize) -> String {
    let s = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut s = vanban::text::safe::json(&s).into_owned();
    s.push('\n');
    s
}

// ---- extract ----

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

pub fn extract_json(lib: &Library) -> String {
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
                warnings: d.warnings(),
                awards: &f.awards,
                refs: &f.refs,
                programmes: &f.programmes,
                figures: &f.figures,
            };
            (&*d.name, out)
        })
        .collect();
    #[derive(Serialize)]
    struct All<'a> {
        documents: BTreeMap<&'a str, DocOut<'a>>,
    }
    pretty(&All { documents })
}

pub fn extract_text(lib: &Library) -> String {
    printable(&text_blocks(lib)).into_owned()
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

// ---- list (the old code made the same lines in parallel pieces) ----

pub fn list_text(l: &Listing, hits: &[(usize, Option<usize>)]) -> String {
    let mut s = String::new();
    for &(i, count) in hits {
        s += &vanban::text::safe::one_line(l.names.get(i));
        s.push('\t');
        s += &vanban::text::safe::one_line(l.heads.date(i).unwrap_or("-"));
        s.push('\t');
        s += &vanban::text::safe::one_line(l.heads.title(i));
        if let Some(n) = count {
            s += &format!("\t{n}");
        }
        s.push('\n');
    }
    s
}

pub fn list_json(l: &Listing, hits: &[(usize, Option<usize>)]) -> String {
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
    pretty(&items)
}

// ---- awards ----

/// The table of `lib`, filtered and sorted as asked, in `format`.
pub fn render(
    lib: &Library,
    filter: Option<&str>,
    sort: Option<(Column, bool)>,
    format: Format,
) -> String {
    let mut t = AwardTable::new(&lib.docs);
    if let Some(q) = filter {
        t.filter(lib, q);
    }
    if let Some((col, asc)) = sort {
        t.sort_by(col, asc, &lib.docs);
    }
    match format {
        Format::Text => to_text(lib, &t),
        Format::Csv => to_csv(lib, &t),
        Format::Json => to_json(lib, &t),
    }
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 11] = [
    "path",
    "title",
    "date",
    "year",
    "by",
    "kind",
    "collectives",
    "individuals",
    "combined",
    "place",
    "within",
];

/// For each row shown, the position among the rows shown of the total it breaks down.
fn within_positions(lib: &Library, t: &AwardTable) -> Vec<Option<usize>> {
    let mut position = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(t.len());
    for (n, r) in t.rows(&lib.docs).enumerate() {
        out.push(r.parent.and_then(|p| position.get(&p).copied()));
        position.insert(t.index_of(n), n);
    }
    out
}

/// RFC 4180: a header row, CRLF after every record, a field quoted when it holds
/// a comma, quote, CR or LF, inner quotes doubled; empty where unknown. `within` is the
/// 0-based position, among the records, of the total a breakdown breaks down.
pub fn to_csv(lib: &Library, t: &AwardTable) -> String {
    let mut out = String::new();
    csv_record(&mut out, CSV_HEADER.iter().map(|s| s.to_string()));
    for (r, within) in t.rows(&lib.docs).zip(within_positions(lib, t)) {
        let mut fields = vec![r.path().into_owned()];
        fields.extend(Column::ALL.iter().map(|&c| r.cell(c).unwrap_or_default()));
        fields.push(r.place().unwrap_or_default().to_string());
        fields.push(within.map(|w| w.to_string()).unwrap_or_default());
        csv_record(&mut out, fields.into_iter());
    }
    out
}

/// The groups of `lib`'s statements (filtered as asked) by `keys`, in `format`; sorted by
/// key, or by a count when `sort` names one.
pub fn render_groups(
    lib: &Library,
    filter: Option<&str>,
    keys: &[Key],
    sort: Option<(Column, bool)>,
    format: Format,
) -> String {
    let mut t = AwardTable::new(&lib.docs);
    if let Some(q) = filter {
        t.filter(lib, q);
    }
    let mut groups = group::groups(&t, &lib.docs, keys);
    let count = |c| match c {
        Column::Collectives => Some(Count::Collectives),
        Column::Individuals => Some(Count::Individuals),
        Column::Combined => Some(Count::Combined),
        _ => None,
    };
    if let Some((c, asc)) = sort.and_then(|(c, asc)| Some((count(c)?, asc))) {
        group::sort(&mut groups, c, !asc);
    }
    let totals = t.totals(&lib.docs);
    match format {
        Format::Text => groups_text(keys, &groups, &totals),
        Format::Csv => groups_csv(keys, &groups),
        Format::Json => groups_json(keys, &groups, &totals),
    }
}

fn groups_csv(keys: &[Key], groups: &[Group]) -> String {
    let mut out = String::new();
    let header = keys
        .iter()
        .map(|k| k.label())
        .chain(Count::ALL.iter().map(|c| c.label()));
    csv_record(&mut out, header.map(String::from));
    for g in groups {
        let values = g.values.iter().map(|v| v.clone().unwrap_or_default());
        let counts = Count::ALL.iter().map(|c| c.of(&g.totals).to_string());
        csv_record(&mut out, values.chain(counts));
    }
    out
}

fn totals_json(t: &Totals) -> serde_json::Value {
    json!({
        "documents": t.documents,
        "statements": t.rows,
        "collectives": t.collectives,
        "individuals": t.individuals,
        "combined": t.combined,
        "all": t.all,
    })
}

/// {"groups": [{KEY: value, …, documents, statements, collectives, individuals, combined,
/// all}], "totals": {…}}; years are numbers.
fn groups_json(keys: &[Key], groups: &[Group], totals: &Totals) -> String {
    let rows: Vec<_> = groups
        .iter()
        .map(|g| {
            let mut o = serde_json::Map::new();
            for (k, v) in keys.iter().zip(&g.values) {
                let value = match (k, v) {
                    (Key::Year, Some(y)) => y.parse::<i64>().map_or(json!(y), |n| json!(n)),
                    (_, v) => json!(v),
                };
                o.insert(k.label().into(), value);
            }
            if let serde_json::Value::Object(counts) = totals_json(&g.totals) {
                o.extend(counts);
            }
            serde_json::Value::Object(o)
        })
        .collect();
    pretty(&json!({ "groups": rows, "totals": totals_json(totals) }))
}

/// An aligned table: the keys, then the counts; "-" for an unknown value; TOTAL last.
fn groups_text(keys: &[Key], groups: &[Group], totals: &Totals) -> String {
    let mut lines = vec![keys
        .iter()
        .map(|k| k.label().to_uppercase())
        .chain(Count::ALL.iter().map(|c| c.label().to_uppercase()))
        .collect::<Vec<_>>()];
    let counts = |t: &Totals| {
        Count::ALL
            .iter()
            .map(|c| c.of(t).to_string())
            .collect::<Vec<_>>()
    };
    for g in groups {
        let mut l: Vec<String> = g
            .values
            .iter()
            .map(|v| {
                v.as_deref()
                    .map_or("-".into(), |v| printable(v).replace('\n', " "))
            })
            .collect();
        l.extend(counts(&g.totals));
        lines.push(l);
    }
    let mut total = vec!["TOTAL".to_string()];
    total.resize(keys.len(), String::new());
    total.extend(counts(totals));
    lines.push(total);
    align(&lines, |i| i >= keys.len())
}

/// Lines of cells padded to their column's display width; `numeric` columns right-aligned.
fn align(lines: &[Vec<String>], numeric: impl Fn(usize) -> bool) -> String {
    let n = lines[0].len();
    let widths: Vec<usize> = (0..n)
        .map(|i| lines.iter().map(|l| l[i].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for l in lines {
        let mut s = String::new();
        for (i, f) in l.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = " ".repeat(widths[i] - f.width());
            if numeric(i) {
                s.push_str(&pad);
                s.push_str(f);
            } else {
                s.push_str(f);
                s.push_str(&pad);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
    out
}

fn csv_record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let f = printable(&f);
        if f.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
    }
    out.push_str("\r\n");
}

/// {"awards": [{path, name, title, date, place, year, by, kind, collectives, individuals,
/// combined, within, span, statement}], "totals": {rows, documents, collectives,
/// individuals, combined, all}}; `within` is the position in `awards` of the total a
/// breakdown breaks down, and totals count each person once.
pub fn to_json(lib: &Library, t: &AwardTable) -> String {
    let rows: Vec<_> = t
        .rows(&lib.docs)
        .zip(within_positions(lib, t))
        .map(|(r, within)| {
            let a = r.award;
            let statement = lib
                .docs
                .get(r.doc)
                .and_then(|d| d.text().get(a.span.start..a.span.end));
            json!({
                "path": r.path(),
                "name": r.name(),
                "title": r.title(),
                "date": r.date(),
                "place": r.place(),
                "year": a.year,
                "by": a.by,
                "kind": a.kind,
                "collectives": a.collectives,
                "individuals": a.individuals,
                "combined": a.combined,
                "within": within,
                "span": a.span,
                "statement": statement,
            })
        })
        .collect();
    let Totals {
        rows: n,
        documents,
        collectives,
        individuals,
        combined,
        all,
    } = t.totals(&lib.docs);
    let v = json!({
        "awards": rows,
        "totals": {
            "rows": n,
            "documents": documents,
            "collectives": collectives,
            "individuals": individuals,
            "combined": combined,
            "all": all,
        },
    });
    pretty(&v)
}

/// An aligned table (by display width, so Vietnamese lines up): file, the table's
/// columns, then the title; "-" where unknown; a TOTAL row last.
pub fn to_text(lib: &Library, t: &AwardTable) -> String {
    let cols = &Column::ALL[1..]; // the title goes last, unpadded
    let mut header = vec!["FILE".to_string()];
    header.extend(cols.iter().map(|c| c.label().to_uppercase()));
    header.push("TITLE".into());

    let cell = |s: Option<String>| {
        s.map(|s| printable(&s).replace('\n', " "))
            .unwrap_or_else(|| "-".into())
    };
    let line = |r: RowRef| {
        // A breakdown stands under its total, marked.
        let name = match r.depth {
            0 => r.name().to_string(),
            d => format!("{}└ {}", "  ".repeat(d - 1), r.name()),
        };
        let mut v = vec![cell(Some(name))];
        v.extend(cols.iter().map(|&c| cell(r.cell(c))));
        v.push(cell(Some(r.title().to_string())));
        v
    };
    let tot = t.totals(&lib.docs);
    let mut total = vec!["TOTAL".to_string()];
    for c in cols {
        total.push(match c {
            Column::Collectives => tot.collectives.to_string(),
            Column::Individuals => tot.individuals.to_string(),
            Column::Combined => tot.combined.to_string(),
            _ => String::new(),
        });
    }
    total.push(format!(
        "{} in all, {} statement(s) in {} document(s); breakdowns (└) are not added again",
        tot.all, tot.rows, tot.documents
    ));

    let mut lines = vec![header];
    lines.extend(t.rows(&lib.docs).map(line));
    lines.push(total);

    let n = lines[0].len();
    let widths: Vec<usize> = (0..n)
        .map(|i| lines.iter().map(|l| l[i].width()).max().unwrap_or(0))
        .collect();
    let numeric = |i: usize| i > 0 && i < n - 1 && cols[i - 1].is_numeric();
    let mut out = String::new();
    for l in &lines {
        let mut s = String::new();
        for (i, f) in l.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = " ".repeat(widths[i] - f.width());
            if i == n - 1 {
                s.push_str(f);
            } else if numeric(i) {
                s.push_str(&pad);
                s.push_str(f);
            } else {
                s.push_str(f);
                s.push_str(&pad);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
    out
}
