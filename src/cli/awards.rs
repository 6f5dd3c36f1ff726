//! `vanban awards`: the awards table as aligned text, CSV or JSON, written as the documents
//! are read.
//!
//! Statements go out a document at a time, totals and groups are added up on the way. Two
//! things need every statement first: `--sort` keeps one compact row per statement (not the
//! documents, nor their texts: memory grows with the statements), and the aligned text's
//! column widths, which a first pass measures while the cells wait in a temporary file.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

use rayon::prelude::*;
use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::{indented, printable, Source};
use crate::awards::group::{self, Count, Group, Grouper, Key};
use crate::awards::{AwardTable, Column, RowRef, Totals};
use crate::corpus::cache::Streamed;
use crate::corpus::Document;
use crate::search::{Heads, Index};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// What to print: which documents, in which order or groups, in which format.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub filter: Option<&'a str>,
    pub sort: Option<(Column, bool)>,
    pub group_by: &'a [Key],
    pub format: Format,
}

/// Write the table (or its groups) of the documents `source` gives, as `opts` asks.
pub fn write(source: Source, opts: Options, out: &mut dyn Write) -> io::Result<Streamed> {
    if !opts.group_by.is_empty() {
        return write_groups(source, opts, out);
    }
    let mut rows = Rows::new(opts.format)?;
    rows.start(out)?;
    let format = opts.format;
    let json = format == Format::Json;
    let mut kept = Kept::new(opts.filter);
    let streamed = match opts.sort {
        None => {
            let mut totals = Totals::default();
            let mut count = 0;
            let streamed = source(json, &mut |docs| {
                let tables = kept.tables(docs);
                // Each document's rows, made in parallel: `within` counts from the rows
                // written before the document.
                let mut firsts = Vec::with_capacity(tables.len());
                for (t, d) in &tables {
                    firsts.push(count);
                    count += t.len();
                    totals = totals.sum(t.totals(one(d)));
                }
                let pieces: Vec<Vec<Piece>> = tables
                    .par_iter()
                    .zip(firsts)
                    .map(|((t, d), first)| {
                        let within = within_positions(t, one(d));
                        t.rows(one(d))
                            .zip(within)
                            .map(|(r, w)| piece(format, &r, w.map(|w| w + first), statement(d, &r)))
                            .collect()
                    })
                    .collect();
                rows.write(out, pieces.into_iter().flatten())
            })?;
            rows.finish(out, &totals)?;
            streamed
        }
        Some((col, asc)) => {
            // The table's rows point into `parts`: of each document with statements, what
            // the table reads (not its text, nor the facts it does not show).
            let mut all = AwardTable::default();
            let mut parts: Vec<Document> = Vec::new();
            let mut statements: Vec<Option<String>> = Vec::new();
            let streamed = source(json, &mut |docs| {
                kept.each(docs, |_, d| {
                    if d.facts.awards.is_empty() {
                        return;
                    }
                    let first = all.len();
                    all.push_doc(parts.len(), d);
                    parts.push(d.awards_part());
                    if json {
                        let rows = all.rows(&parts).skip(first);
                        statements.extend(rows.map(|r| statement(d, &r).map(str::to_string)));
                    }
                });
                Ok(())
            })?;
            all.sort_by(col, asc, &parts);
            let within = within_positions(&all, &parts);
            let pieces = all.rows(&parts).zip(within).enumerate().map(|(n, (r, w))| {
                let s = statements.get(all.index_of(n)).and_then(|s| s.as_deref());
                piece(format, &r, w, s)
            });
            rows.write(out, pieces)?;
            rows.finish(out, &all.totals(&parts))?;
            streamed
        }
    };
    Ok(streamed)
}

/// The statement a row stands for, from its document's text.
fn statement<'d>(d: &'d Document, r: &RowRef) -> Option<&'d str> {
    let a = r.award;
    d.text().get(a.span.start..a.span.end)
}

/// A document as the documents a table of its own reads (its rows say document 0).
fn one(d: &Document) -> &[Document] {
    std::slice::from_ref(d)
}

/// The documents the filter keeps, a batch at a time, each with its library index.
struct Kept<'q> {
    /// `Some` when a filter was given (even a blank one: then its rows are ordered as a
    /// filtered table orders them, breakdowns under their totals).
    query: Option<&'q str>,
    /// Library index of the next batch's first document.
    next: usize,
}

impl<'q> Kept<'q> {
    fn new(query: Option<&'q str>) -> Kept<'q> {
        Kept { query, next: 0 }
    }

    /// Call `f` with each kept document of the batch and its library index.
    fn each<'d>(&mut self, docs: &'d [Document], mut f: impl FnMut(usize, &'d Document)) {
        let base = self.next;
        self.next += docs.len();
        let keep = match self.query.filter(|q| !q.trim().is_empty()) {
            None => vec![true; docs.len()],
            Some(q) => {
                // A document matches on its own head, as in the list's search.
                let heads = Heads::of_docs(&docs.iter().collect::<Vec<_>>());
                let mut keep = vec![false; docs.len()];
                for i in Index::from(heads).rank(q) {
                    keep[i] = true;
                }
                keep
            }
        };
        for (k, d) in docs.iter().enumerate().filter(|(k, _)| keep[*k]) {
            f(base + k, d);
        }
    }

    /// A table of its own for each kept document of the batch, with the document.
    fn tables<'d>(&mut self, docs: &'d [Document]) -> Vec<(AwardTable, &'d Document)> {
        let mut kept = Vec::new();
        self.each(docs, |i, d| kept.push((i, d)));
        let filtered = self.query.is_some();
        kept.into_par_iter()
            .map(|(_, d)| {
                let mut t = AwardTable::default();
                t.push_doc(0, d);
                if filtered {
                    t.unsort(one(d));
                }
                (t, d)
            })
            .collect()
    }
}

/// One row of output, ready to write.
enum Piece {
    /// A CSV record or a JSON object.
    Text(String),
    /// The cells of an aligned line.
    Cells(Vec<String>),
}

/// The rows of the table as they are written, in one of the formats.
struct Rows {
    format: Format,
    /// Rows written so far.
    written: usize,
    /// For text: the lines, measured, waiting for the widths.
    aligned: Option<Aligned>,
}

impl Rows {
    fn new(format: Format) -> io::Result<Rows> {
        let aligned = match format {
            Format::Text => Some(Aligned::new()?),
            _ => None,
        };
        Ok(Rows {
            format,
            written: 0,
            aligned,
        })
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Csv => {
                let mut s = String::new();
                csv_record(&mut s, CSV_HEADER.iter().map(|s| s.to_string()));
                out.write_all(s.as_bytes())
            }
            Format::Json => out.write_all(b"{\n  \"awards\": ["),
            Format::Text => {
                let mut header = vec!["FILE".to_string()];
                header.extend(TEXT_COLUMNS.iter().map(|c| c.label().to_uppercase()));
                header.push("TITLE".into());
                self.aligned.as_mut().map_or(Ok(()), |a| a.push(header))
            }
        }
    }

    /// Write pieces in order (JSON objects with the commas between them).
    fn write(
        &mut self,
        out: &mut dyn Write,
        pieces: impl Iterator<Item = Piece>,
    ) -> io::Result<()> {
        for p in pieces {
            match p {
                Piece::Text(s) => {
                    if self.format == Format::Json {
                        let first = self.written == 0;
                        out.write_all(if first { b"\n" } else { b",\n" })?;
                    }
                    self.written += 1;
                    out.write_all(s.as_bytes())?;
                }
                Piece::Cells(cells) => {
                    if let Some(a) = &mut self.aligned {
                        a.push(cells)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Write what follows the rows: the totals.
    fn finish(self, out: &mut dyn Write, tot: &Totals) -> io::Result<()> {
        match self.format {
            Format::Csv => Ok(()),
            Format::Json => {
                out.write_all(if self.written == 0 { b"]" } else { b"\n  ]" })?;
                let totals = json!({
                    "rows": tot.rows,
                    "documents": tot.documents,
                    "collectives": tot.collectives,
                    "individuals": tot.individuals,
                    "combined": tot.combined,
                    "all": tot.all,
                });
                let totals = serde_json::to_string_pretty(&totals).unwrap_or_default();
                write!(out, ",\n  \"totals\": {}\n}}\n", indented(&totals, 2))
            }
            Format::Text => {
                let mut total = vec!["TOTAL".to_string()];
                for c in TEXT_COLUMNS {
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
                let Some(mut a) = self.aligned else {
                    return Ok(());
                };
                a.push(total)?;
                let n = TEXT_COLUMNS.len() + 2;
                let numeric = |i: usize| i > 0 && i < n - 1 && TEXT_COLUMNS[i - 1].is_numeric();
                a.write(out, numeric)
            }
        }
    }
}

/// The output of row `r`; `within` is the position of its total among the rows.
fn piece(format: Format, r: &RowRef, within: Option<usize>, statement: Option<&str>) -> Piece {
    match format {
        Format::Csv => {
            let mut fields = vec![r.path().into_owned()];
            fields.extend(Column::ALL.iter().map(|&c| r.cell(c).unwrap_or_default()));
            fields.push(r.place().unwrap_or_default().to_string());
            fields.push(within.map(|w| w.to_string()).unwrap_or_default());
            let mut s = String::new();
            csv_record(&mut s, fields.into_iter());
            Piece::Text(s)
        }
        Format::Json => Piece::Text(json_row(r, within, statement)),
        Format::Text => Piece::Cells(text_cells(r)),
    }
}

/// The table's columns in the aligned text, between the file and the title (which goes
/// last, unpadded).
const TEXT_COLUMNS: &[Column] = Column::ALL.split_at(1).1;

/// The cells of a row in the aligned text: "-" where unknown, nothing unsafe, one line.
fn text_cells(r: &RowRef) -> Vec<String> {
    let cell = |s: Option<String>| {
        s.map(|s| printable(&s).replace('\n', " "))
            .unwrap_or_else(|| "-".into())
    };
    // A breakdown stands under its total, marked.
    let name = match r.depth {
        0 => r.name().to_string(),
        d => format!("{}└ {}", "  ".repeat(d - 1), r.name()),
    };
    let mut v = vec![cell(Some(name))];
    v.extend(TEXT_COLUMNS.iter().map(|&c| cell(r.cell(c))));
    v.push(cell(Some(r.title().to_string())));
    v
}

/// Lines of cells aligned by display width in two passes: while the widths are measured
/// the cells wait in a temporary file (so no line is held in memory), then they are read
/// back and padded. Cells hold no control character, so U+001F and LF separate them.
struct Aligned {
    spool: BufWriter<File>,
    widths: Vec<usize>,
}

const SEP: char = '\u{1f}';

impl Aligned {
    fn new() -> io::Result<Aligned> {
        Ok(Aligned {
            spool: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            widths: Vec::new(),
        })
    }

    fn push(&mut self, cells: Vec<String>) -> io::Result<()> {
        if self.widths.len() < cells.len() {
            self.widths.resize(cells.len(), 0);
        }
        for (i, c) in cells.iter().enumerate() {
            self.widths[i] = self.widths[i].max(c.width());
            if i > 0 {
                write!(self.spool, "{SEP}")?;
            }
            self.spool.write_all(c.as_bytes())?;
        }
        self.spool.write_all(b"\n")
    }

    /// Pad every cell to its column's width (`numeric` columns on the left); the last
    /// column is not padded, and trailing spaces are trimmed.
    fn write(self, out: &mut dyn Write, numeric: impl Fn(usize) -> bool) -> io::Result<()> {
        let mut file = self.spool.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let n = self.widths.len();
        let mut line = String::new();
        for cells in BufReader::with_capacity(1 << 20, file).lines() {
            let cells = cells?;
            line.clear();
            for (i, f) in cells.split(SEP).enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = " ".repeat(self.widths[i] - f.width());
                if i == n - 1 {
                    line.push_str(f);
                } else if numeric(i) {
                    line.push_str(&pad);
                    line.push_str(f);
                } else {
                    line.push_str(f);
                    line.push_str(&pad);
                }
            }
            out.write_all(line.trim_end().as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Groups: added up document by document, written at the end (there are only as many as
/// distinct key values); sorted by key, or by a count when `sort` names one.
fn write_groups(source: Source, opts: Options, out: &mut dyn Write) -> io::Result<Streamed> {
    let keys = opts.group_by;
    let mut kept = Kept::new(opts.filter);
    let mut grouper = Grouper::new(keys);
    let mut totals = Totals::default();
    let streamed = source(false, &mut |docs| {
        for (t, d) in kept.tables(docs) {
            totals = totals.sum(t.totals(one(d)));
            grouper.add(&t, one(d));
        }
        Ok(())
    })?;
    let mut groups = grouper.finish();
    let count = |c| match c {
        Column::Collectives => Some(Count::Collectives),
        Column::Individuals => Some(Count::Individuals),
        Column::Combined => Some(Count::Combined),
        _ => None,
    };
    if let Some((c, asc)) = opts.sort.and_then(|(c, asc)| Some((count(c)?, asc))) {
        group::sort(&mut groups, c, !asc);
    }
    let s = match opts.format {
        Format::Text => groups_text(keys, &groups, &totals),
        Format::Csv => groups_csv(keys, &groups),
        Format::Json => groups_json(keys, &groups, &totals),
    };
    out.write_all(s.as_bytes())?;
    Ok(streamed)
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
fn within_positions(t: &AwardTable, docs: &[Document]) -> Vec<Option<usize>> {
    let mut position = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(t.len());
    for (n, r) in t.rows(docs).enumerate() {
        out.push(r.parent.and_then(|p| position.get(&p).copied()));
        position.insert(t.index_of(n), n);
    }
    out
}

/// One element of "awards": {path, name, title, date, place, year, by, kind, collectives,
/// individuals, combined, within, span, statement}, indented as it stands in the array,
/// nothing unsafe raw in it. `within` is the position in "awards" of the total a breakdown
/// breaks down.
fn json_row(r: &RowRef, within: Option<usize>, statement: Option<&str>) -> String {
    let a = r.award;
    let v = json!({
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
    });
    let s = serde_json::to_string_pretty(&v).unwrap_or_default();
    crate::text::safe::json(&format!("    {}", indented(&s, 4))).into_owned()
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

/// The whole output for a library in memory, as `vanban awards` writes it.
#[cfg(test)]
pub fn render(lib: &crate::corpus::Library, opts: Options) -> String {
    let mut out = Vec::new();
    write(super::source_of_library(lib), opts, &mut out).expect("written to memory");
    String::from_utf8(out).expect("UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Library};
    use crate::extract::{Award, Span};
    use std::path::Path;

    fn opts(filter: Option<&str>, format: Format) -> Options<'_> {
        Options {
            filter,
            sort: None,
            group_by: &[],
            format,
        }
    }

    fn lib() -> Library {
        let mut lib = Library::default();
        let text =
            "Khen thưởng, \"tuyên dương\"\nỞ Long An, 437 tập thể và 1.743 cá nhân được khen.";
        let mut d = Document::from_bytes(Path::new("/x/a,b.txt"), "a,b.txt", text.as_bytes());
        d.facts.title = "Khen thưởng, \"tuyên dương\"".into();
        let start = text.find("437").unwrap();
        d.facts.awards = Box::new([
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
        ]);
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
        let csv = render(&lib, opts(None, Format::Csv));
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
        let sorted = Options {
            sort: Some((Column::Collectives, false)),
            ..opts(None, Format::Json)
        };
        let v: serde_json::Value = serde_json::from_str(&render(&lib, sorted)).unwrap();
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
        let out = render(&lib, opts(None, Format::Text));
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
            let out = render(&lib, opts(None, f));
            assert!(
                !out.chars().any(|c| c.is_control() && !"\r\n".contains(c)),
                "{f:?}: {out:?}"
            );
        }
    }
}
