//! `vanban awards`: the awards table as aligned text, CSV or JSON.

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::printable;
use crate::awards::group::{self, Count, Group, Key};
use crate::awards::{AwardTable, Column, Row, Totals};
use crate::corpus::Library;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// The table of `lib`, filtered and sorted as asked, in `format`.
pub fn render(
    lib: &Library,
    filter: Option<&str>,
    sort: Option<(Column, bool)>,
    format: Format,
) -> String {
    let mut t = AwardTable::new(lib);
    if let Some(q) = filter {
        t.filter(lib, q);
    }
    if let Some((col, asc)) = sort {
        t.sort_by(col, asc);
    }
    match format {
        Format::Text => to_text(&t),
        Format::Csv => to_csv(&t),
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
fn within_positions(t: &AwardTable) -> Vec<Option<usize>> {
    let mut position = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(t.len());
    for (n, r) in t.rows().enumerate() {
        out.push(r.parent.and_then(|p| position.get(&p).copied()));
        position.insert(t.index_of(n), n);
    }
    out
}

/// RFC 4180: a header row, CRLF after every record, a field quoted when it holds
/// a comma, quote, CR or LF, inner quotes doubled; empty where unknown. `within` is the
/// 0-based position, among the records, of the total a breakdown breaks down.
pub fn to_csv(t: &AwardTable) -> String {
    let mut out = String::new();
    csv_record(&mut out, CSV_HEADER.iter().map(|s| s.to_string()));
    for (r, within) in t.rows().zip(within_positions(t)) {
        let mut fields = vec![r.path.clone()];
        fields.extend(Column::ALL.iter().map(|&c| r.cell(c).unwrap_or_default()));
        fields.push(r.place.clone().unwrap_or_default());
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
    let mut t = AwardTable::new(lib);
    if let Some(q) = filter {
        t.filter(lib, q);
    }
    let mut groups = group::groups(&t, keys);
    let count = |c| match c {
        Column::Collectives => Some(Count::Collectives),
        Column::Individuals => Some(Count::Individuals),
        Column::Combined => Some(Count::Combined),
        _ => None,
    };
    if let Some((c, asc)) = sort.and_then(|(c, asc)| Some((count(c)?, asc))) {
        group::sort(&mut groups, c, !asc);
    }
    let totals = t.totals();
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
    super::to_json(&json!({ "groups": rows, "totals": totals_json(totals) }))
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
        .rows()
        .zip(within_positions(t))
        .map(|(r, within)| {
            let a = &r.award;
            let statement = lib
                .docs
                .get(r.doc)
                .and_then(|d| d.text().get(a.span.start..a.span.end));
            json!({
                "path": r.path,
                "name": r.name,
                "title": r.title,
                "date": r.date,
                "place": r.place,
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
    } = t.totals();
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
    super::to_json(&v)
}

/// An aligned table (by display width, so Vietnamese lines up): file, the table's
/// columns, then the title; "-" where unknown; a TOTAL row last.
pub fn to_text(t: &AwardTable) -> String {
    let cols = &Column::ALL[1..]; // the title goes last, unpadded
    let mut header = vec!["FILE".to_string()];
    header.extend(cols.iter().map(|c| c.label().to_uppercase()));
    header.push("TITLE".into());

    let cell = |s: Option<String>| {
        s.map(|s| printable(&s).replace('\n', " "))
            .unwrap_or_else(|| "-".into())
    };
    let line = |r: &Row| {
        // A breakdown stands under its total, marked.
        let name = match r.depth {
            0 => r.name.clone(),
            d => format!("{}└ {}", "  ".repeat(d - 1), r.name),
        };
        let mut v = vec![cell(Some(name))];
        v.extend(cols.iter().map(|&c| cell(r.cell(c))));
        v.push(cell(Some(r.title.clone())));
        v
    };
    let tot = t.totals();
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
    lines.extend(t.rows().map(line));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::extract::{Award, Span};
    use std::path::Path;

    fn lib() -> Library {
        let mut lib = Library::default();
        let text =
            "Khen thưởng, \"tuyên dương\"\nỞ Long An, 437 tập thể và 1.743 cá nhân được khen.";
        let mut d = Document::from_bytes(Path::new("/x/a,b.txt"), "a,b.txt", text.as_bytes());
        d.facts.title = "Khen thưởng, \"tuyên dương\"".into();
        let start = text.find("437").unwrap();
        d.facts.awards = vec![
            Award {
                collectives: Some(437),
                individuals: Some(1743),
                year: Some(2009),
                by: Some("UBND tỉnh".into()),
                kind: Some("Bằng khen".into()),
                span: Span {
                    start,
                    end: start + "437 tập thể".len(),
                },
                ..Award::default()
            },
            Award {
                combined: Some(3150),
                span: Span { start: 0, end: 3 },
                ..Award::default()
            },
        ];
        lib.docs.push(d);
        lib
    }

    /// A small RFC 4180 reader, to check what a spreadsheet would see.
    fn parse_csv(s: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let mut row = vec![];
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => assert_eq!(chars.next(), Some('\n'), "bare CR"),
                (false, '\n') => panic!("bare LF outside quotes"),
                (false, c) => field.push(c),
            }
            if !quoted && c == '\r' {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
        }
        assert!(field.is_empty() && row.is_empty(), "last record not ended");
        rows
    }

    #[test]
    fn csv_quotes_per_rfc4180_and_round_trips() {
        let lib = lib();
        let csv = to_csv(&AwardTable::new(&lib));
        let rows = parse_csv(&csv);
        assert_eq!(rows[0], CSV_HEADER);
        assert_eq!(rows.len(), 3);
        // Library order: the span-0 row first; unknown fields are empty.
        assert_eq!(
            rows[1],
            [
                "/x/a,b.txt",
                "Khen thưởng, \"tuyên dương\"",
                "",
                "",
                "",
                "",
                "",
                "",
                "3150",
                "Long An",
                ""
            ]
        );
        assert_eq!(
            rows[2][3..],
            [
                "2009",
                "UBND tỉnh",
                "Bằng khen",
                "437",
                "1743",
                "",
                "Long An",
                ""
            ]
        );
        assert!(csv.contains("\"Khen thưởng, \"\"tuyên dương\"\"\""));
        assert!(csv.starts_with(
            "path,title,date,year,by,kind,collectives,individuals,combined,place,within\r\n"
        ));
    }

    #[test]
    fn csv_fields_with_newlines_and_controls() {
        let mut out = String::new();
        csv_record(
            &mut out,
            ["a\nb", "x\x1by", "plain"].iter().map(|s| s.to_string()),
        );
        assert_eq!(out, "\"a\nb\",x\u{FFFD}y,plain\r\n");
        assert_eq!(parse_csv(&out), [["a\nb", "x\u{FFFD}y", "plain"]]);
    }

    #[test]
    fn json_has_rows_spans_statement_and_totals() {
        let lib = lib();
        let v: serde_json::Value = serde_json::from_str(&render(
            &lib,
            None,
            Some((Column::Collectives, false)),
            Format::Json,
        ))
        .unwrap();
        let rows = v["awards"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["collectives"], 437);
        assert_eq!(rows[0]["statement"], "437 tập thể");
        assert_eq!(rows[1]["collectives"], serde_json::Value::Null);
        assert_eq!(rows[1]["combined"], 3150);
        assert_eq!(v["totals"]["collectives"], 437);
        assert_eq!(v["totals"]["combined"], 3150);
        assert_eq!(v["totals"]["rows"], 2);
        assert_eq!(v["totals"]["documents"], 1);
    }

    #[test]
    fn text_table_aligns_by_display_width() {
        let lib = lib();
        let out = to_text(&AwardTable::new(&lib));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("FILE"));
        assert!(lines[3].starts_with("TOTAL"));
        assert!(lines[3].contains("5330 in all, 2 statement(s) in 1 document(s)"));
        // Every column starts at the same display column on every line:
        // "KIND" and "Bằng khen" (more bytes than columns) line up.
        let col = |l: &str, needle: &str| l[..l.find(needle).unwrap()].width();
        assert_eq!(col(lines[0], "KIND"), col(lines[2], "Bằng khen"));
        assert_eq!(col(lines[0], "BY"), col(lines[2], "UBND tỉnh"));
        // Numbers are right-aligned: the ends of "COLLECTIVES" and "437" meet.
        let end = |l: &str, needle: &str| col(l, needle) + needle.width();
        assert_eq!(end(lines[0], "COLLECTIVES"), end(lines[2], "437"));
        assert_eq!(end(lines[0], "COMBINED"), end(lines[3], "3150"));
    }

    #[test]
    fn text_never_carries_control_characters() {
        let mut lib = lib();
        lib.docs[0].name = "evil\x1b]0;pwned\x07.txt".into();
        lib.docs[0].facts.awards[0].by = Some("UBND\x1b[2J".into());
        for f in [Format::Text, Format::Csv, Format::Json] {
            let out = render(&lib, None, None, f);
            assert!(
                !out.chars().any(|c| c.is_control() && !"\r\n".contains(c)),
                "{f:?}: {out:?}"
            );
        }
    }
}
