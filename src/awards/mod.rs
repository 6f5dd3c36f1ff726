//! The awards overview: every award statement in the library as one table,
//! sortable by any column, filtered by the document search, with totals.
//! Nothing here knows about terminals; the TUI and `vanban awards` both draw it.

mod arrange;
pub mod group;
mod ranks;
mod sort;

pub use ranks::Ranks;

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use arrange::PIECE;

use crate::corpus::{Document, Library};
use crate::extract::{Award, Span};

/// The columns of the table, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Column {
    /// The document's title (ties broken by file name).
    Document,
    Date,
    Year,
    By,
    Kind,
    Collectives,
    Individuals,
    Combined,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Document,
        Column::Date,
        Column::Year,
        Column::By,
        Column::Kind,
        Column::Collectives,
        Column::Individuals,
        Column::Combined,
    ];

    /// The header label.
    pub fn label(self) -> &'static str {
        match self {
            Column::Document => "document",
            Column::Date => "date",
            Column::Year => "year",
            Column::By => "by",
            Column::Kind => "kind",
            Column::Collectives => "collectives",
            Column::Individuals => "individuals",
            Column::Combined => "combined",
        }
    }

    /// Counts and years read best right-aligned.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Column::Year | Column::Collectives | Column::Individuals | Column::Combined
        )
    }
}

/// Marks `Row::parent` of a statement that stands on its own.
const NONE: u32 = u32::MAX;

/// Breakdowns deeper than this under their total are not followed further (a well-formed
/// document never has them, nor loops).
const MAX_DEPTH: u8 = 8;

/// One award statement, as indices into the documents the table was built from: a few
/// integers, so a million documents' statements take tens of megabytes. Read it with
/// [`AwardTable::rows`] and the same documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Row {
    /// Index of the document in the documents given to the table.
    doc: u32,
    /// Index of the statement in the document's `facts.awards`.
    award: u32,
    /// For a breakdown, the index (among all rows) of the total it breaks down; else `NONE`.
    parent: u32,
    /// 0 for a statement that stands on its own, 1 for its breakdowns, 2 for theirs …
    depth: u8,
    /// Its breakdowns, if any, are the rows right after it, and have none of their own
    /// (as most are): they are put under it without looking at the rest of its document.
    plain: bool,
}

// A million documents' statements in a few tens of megabytes.
const _: () = assert!(std::mem::size_of::<Row>() <= 16);

/// One award statement read from its document.
#[derive(Debug, Clone, Copy)]
pub struct RowRef<'a> {
    /// Index of the document in the documents given to the table.
    pub doc: usize,
    pub document: &'a Document,
    pub award: &'a Award,
    /// For a breakdown, the index (among all rows) of the total it breaks down.
    pub parent: Option<usize>,
    /// 0 for a statement that stands on its own, 1 for its breakdowns, 2 for theirs …
    pub depth: usize,
}

impl<'a> RowRef<'a> {
    /// Where Enter jumps: the document index and the statement's span in its clean text.
    pub fn target(&self) -> (usize, Span) {
        (self.doc, self.award.span)
    }

    /// The document's file on disk, as loaded.
    pub fn path(&self) -> std::borrow::Cow<'a, str> {
        self.document.path.to_string_lossy()
    }

    /// The document's name relative to the folder it was found in.
    pub fn name(&self) -> &'a str {
        &self.document.name
    }

    pub fn title(&self) -> &'a str {
        &self.document.facts.title
    }

    pub fn date(&self) -> Option<&'a str> {
        self.document.facts.date.as_deref()
    }

    /// The province the document is about.
    pub fn place(&self) -> Option<&'a str> {
        self.document.facts.place.as_deref()
    }

    /// The cell text of `col`; `None` where unknown.
    pub fn cell(&self, col: Column) -> Option<String> {
        let a = self.award;
        match col {
            Column::Document => Some(self.title().to_string()),
            Column::Date => self.date().map(str::to_string),
            Column::Year => a.year.map(|v| v.to_string()),
            Column::By => a.by.as_deref().map(str::to_string),
            Column::Kind => a.kind.as_deref().map(str::to_string),
            Column::Collectives => a.collectives.map(|v| v.to_string()),
            Column::Individuals => a.individuals.map(|v| v.to_string()),
            Column::Combined => a.combined.map(|v| v.to_string()),
        }
    }
}

/// Sums over the rows shown. Unknown counts add nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Award statements shown, breakdowns included.
    pub rows: usize,
    /// Distinct documents among them.
    pub documents: usize,
    // The counts add statements that stand on their own only: a breakdown counts people
    // its total already counts.
    pub collectives: u64,
    pub individuals: u64,
    pub combined: u64,
    /// Everyone commended: per statement its combined count, else collectives + individuals.
    pub all: u64,
}

impl Totals {
    /// Add one row; its counts only when it stands on its own.
    pub fn add(&mut self, r: &RowRef) {
        self.rows += 1;
        if r.parent.is_none() {
            let a = r.award;
            self.collectives += count(a.collectives);
            self.individuals += count(a.individuals);
            self.combined += count(a.combined);
            self.all += everyone(a);
        }
    }

    /// Both sums together (of rows with no document in common).
    pub fn sum(self, o: Totals) -> Totals {
        Totals {
            rows: self.rows + o.rows,
            documents: self.documents + o.documents,
            collectives: self.collectives + o.collectives,
            individuals: self.individuals + o.individuals,
            combined: self.combined + o.combined,
            all: self.all + o.all,
        }
    }
}

/// One document's counts over its statements that stand on their own, added as
/// [`Totals::add`] adds them, each sum in 32 bits: a few bytes a document.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    collectives: u32,
    individuals: u32,
    combined: u32,
    all: u32,
    /// It has statements.
    any: bool,
}

impl Sums {
    /// The sums of `rows`, all the rows of `d`; `None` if one does not fit.
    fn of(rows: &[Row], d: &Document) -> Option<Sums> {
        let mut s = Sums {
            any: !rows.is_empty(),
            ..Sums::default()
        };
        let add = |sum: u32, n: u64| u32::try_from(u64::from(sum) + n).ok();
        for r in rows.iter().filter(|r| r.parent == NONE) {
            let a = &d.facts.awards[r.award as usize];
            s.collectives = add(s.collectives, count(a.collectives))?;
            s.individuals = add(s.individuals, count(a.individuals))?;
            s.combined = add(s.combined, count(a.combined))?;
            s.all = add(s.all, everyone(a))?;
        }
        Some(s)
    }
}

/// The people one statement commends: its combined count, else collectives + individuals.
pub fn everyone(a: &Award) -> u64 {
    a.combined
        .map_or_else(|| count(a.collectives) + count(a.individuals), u64::from)
}

/// A count to add up: unknown adds nothing.
fn count(c: Option<u32>) -> u64 {
    u64::from(c.unwrap_or(0))
}

/// The table: all rows, the ones shown (filtered), and their order.
///
/// Rows point into the documents the table was built from (by their index and the index of
/// the statement), so every method that reads a cell takes those documents again, `docs`,
/// unchanged: a table must be made again when they change.
#[derive(Debug, Clone, Default)]
pub struct AwardTable {
    all: Vec<Row>,
    /// Where each document's rows start in `all`, and after the last, where they end
    /// (empty without documents).
    starts: Vec<u32>,
    /// Every row in library order as shown: each document's statements that stand on
    /// their own, each followed by its breakdowns (`starts` bound each document's).
    display: Vec<u32>,
    /// Indices into `all` of the rows shown, in display order.
    shown: Vec<u32>,
    /// The current sort; `None` is library order (document, then position in it).
    sort: Option<(Column, bool)>,
    /// Every row in the order of each column sorted so far, kept while filtering changes
    /// and for switching back (by `Column::ALL` position).
    orders: [Option<sort::Order>; 8],
    /// Each document's rank by name, to break ties between equal texts; made once.
    names: OnceLock<sort::Names>,
    /// The documents' ranks by title and date, if given ([`AwardTable::use_ranks`]).
    ranks: Option<Arc<Ranks>>,
    /// The totals of the rows shown, once asked for (each frame shows them).
    totals: OnceLock<Totals>,
    /// Each document's counts, for the totals of whole documents without reading them
    /// again; `None` once a sum did not fit (the totals then read every row shown).
    sums: Option<Vec<Sums>>,
    /// Which rows `shown` holds.
    showing: Showing,
    /// Flags per row while rows filtered one by one are put in order; all 0 in between.
    marks: Vec<u8>,
}

/// Which rows the table shows.
#[derive(Debug, Clone)]
enum Showing {
    /// Every row of the documents kept (all if `None`), by their index: as the search
    /// filters. Put in order and totalled without looking at each row's neighbours.
    Docs(Option<Vec<bool>>),
    /// Some rows of their documents ([`AwardTable::keep`]).
    Rows,
}

impl Default for Showing {
    fn default() -> Showing {
        Showing::Docs(None)
    }
}

impl AwardTable {
    /// Every award statement in `docs`, in their order, all shown.
    pub fn new(docs: &[Document]) -> AwardTable {
        // In parallel, a part of the documents at a time, then the parts end to end.
        const PART: usize = 1 << 16;
        let build = || {
            docs.par_chunks(PART)
                .enumerate()
                .map(|(p, chunk)| {
                    let mut part = Part::default();
                    for (k, d) in chunk.iter().enumerate() {
                        let first = part.all.len();
                        part.starts.push(first as u32);
                        push_rows(&mut part.all, p * PART + k, d);
                        part.sums.push(Sums::of(&part.all[first..], d));
                    }
                    part.display = arrange::docs(&part.all, None, None);
                    part
                })
                .collect::<Vec<Part>>()
        };
        // The names rank the documents for every sort by text: made beside the rows.
        let (parts, names) = rayon::join(build, || sort::Names::of(docs));
        // Where each part's rows go among all.
        let bases: Vec<u32> = parts
            .iter()
            .scan(0, |at, p| {
                let base = *at;
                *at += p.all.len() as u32;
                Some(base)
            })
            .collect();
        let n = parts.iter().map(|p| p.all.len()).sum::<usize>();
        let each = |f: fn(&Part) -> &[u32]| parts.iter().map(f).collect::<Vec<_>>();
        let row_at = |k: usize, r: u32| r + bases[k];
        let rows = parts.iter().map(|p| &p.all[..]).collect::<Vec<_>>();
        let mut starts = joined(&each(|p| &p.starts), row_at);
        starts.push(n as u32);
        let display = joined(&each(|p| &p.display), row_at);
        AwardTable {
            all: joined(&rows, |k, mut r: Row| {
                if r.parent != NONE {
                    r.parent += bases[k];
                }
                r
            }),
            starts,
            shown: display.clone(),
            display,
            sums: parts.iter().flat_map(|p| p.sums.iter().copied()).collect(),
            names: OnceLock::from(names),
            ..AwardTable::default()
        }
    }

    /// Add the statements of document `i` (its index in the documents later given to read
    /// the table) at the end, shown. A table can so be built one document at a time.
    ///
    /// Documents are pushed in library order (`i` rising; those skipped have no rows).
    pub fn push_doc(&mut self, i: usize, d: &Document) {
        let first = self.all.len();
        assert!(i + 1 >= self.starts.len(), "documents pushed out of order");
        self.starts.resize(i + 1, first as u32);
        push_rows(&mut self.all, i, d);
        self.starts.push(self.all.len() as u32);
        // The document's rows laid out on their own, then put at their place.
        let mut rows = self.all[first..].to_vec();
        for r in rows.iter_mut().filter(|r| r.parent != NONE) {
            r.parent -= first as u32;
        }
        let laid = arrange::docs(&rows, None, None);
        let at = self.display.len();
        self.display.extend(laid.iter().map(|&r| r + first as u32));
        self.shown.extend_from_slice(&self.display[at..]);
        if let Showing::Docs(Some(keep)) = &mut self.showing {
            keep.resize(keep.len().max(i + 1), false);
            keep[i] = true;
        }
        // Orders are made again for the new rows when next sorted.
        self.orders = Default::default();
        self.names = OnceLock::new();
        self.ranks = None;
        self.totals = OnceLock::new();
        let s = Sums::of(&self.all[first..], d);
        self.sums = self.sums.take().zip(s).and_then(|(mut v, s)| {
            // Documents are pushed in order; another order is summed row by row.
            (v.len() == i).then(|| {
                v.push(s);
                v
            })
        });
    }

    /// Sort by title and date with `ranks`, made of the same documents (their heads) that
    /// are given to read the table; ranks of another number of documents are not used.
    pub fn use_ranks(&mut self, ranks: Arc<Ranks>) {
        self.ranks = Some(ranks);
    }

    /// Row `i` of all, read from `docs`.
    fn read<'a>(&self, i: u32, docs: &'a [Document]) -> RowRef<'a> {
        let r = self.all[i as usize];
        let document = &docs[r.doc as usize];
        RowRef {
            doc: r.doc as usize,
            document,
            award: &document.facts.awards[r.award as usize],
            parent: (r.parent != NONE).then_some(r.parent as usize),
            depth: r.depth as usize,
        }
    }

    /// The rows shown, in display order, read from `docs`.
    pub fn rows<'a>(&'a self, docs: &'a [Document]) -> impl ExactSizeIterator<Item = RowRef<'a>> {
        self.shown.iter().map(move |&i| self.read(i, docs))
    }

    /// The `n`th row shown.
    pub fn get<'a>(&self, n: usize, docs: &'a [Document]) -> Option<RowRef<'a>> {
        self.shown.get(n).map(|&i| self.read(i, docs))
    }

    /// Number of rows shown.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The current sort column and direction (`true` = ascending), if any.
    pub fn sort(&self) -> Option<(Column, bool)> {
        self.sort
    }

    /// Show only the rows of documents matching `query` under the list's search
    /// ([`crate::search::rank`]); an empty (or blank) query shows every row.
    pub fn filter(&mut self, lib: &Library, query: &str) {
        if query.trim().is_empty() {
            self.filter_docs(None, &lib.docs);
        } else {
            self.filter_docs(Some(&crate::search::rank(lib, query)), &lib.docs);
        }
    }

    /// Show only the rows of these documents (`None`: all), keeping the current sort.
    /// For a caller that already has the list's matches.
    pub fn filter_docs(&mut self, which: Option<&[usize]>, docs: &[Document]) {
        let keep: Option<Vec<bool>> = which.map(|w| {
            let mut keep = vec![false; docs.len()];
            for &i in w.iter().filter(|&&i| i < docs.len()) {
                keep[i] = true;
            }
            keep
        });
        self.showing = Showing::Docs(keep);
        self.totals = OnceLock::new();
        self.arrange(docs);
    }

    /// The totals when the rows shown are every row of the documents kept (`None`: of
    /// all), from the documents' sums; `None` without them.
    fn doc_totals(&self, keep: Option<&[bool]>) -> Option<Totals> {
        let sums = self.sums.as_ref()?;
        let kept = |d: usize| keep.is_none_or(|k| k.get(d).copied().unwrap_or(false));
        let mut t = Totals {
            rows: self.shown.len(),
            ..Totals::default()
        };
        for s in (0..sums.len()).filter(|&d| kept(d)).map(|d| &sums[d]) {
            t.documents += usize::from(s.any);
            t.collectives += u64::from(s.collectives);
            t.individuals += u64::from(s.individuals);
            t.combined += u64::from(s.combined);
            t.all += u64::from(s.all);
        }
        Some(t)
    }

    /// Of the rows shown, keep those whose statement (for a breakdown: its total) passes
    /// `keep`; the sort stays.
    pub fn keep(&mut self, docs: &[Document], keep: impl Fn(&RowRef) -> bool) {
        let pass: Vec<bool> = self
            .shown
            .iter()
            .map(|&i| keep(&self.read(self.top_of(i, MAX_DEPTH), docs)))
            .collect();
        let mut pass = pass.into_iter();
        self.shown.retain(|_| pass.next().unwrap_or(false));
        self.showing = Showing::Rows;
        self.totals = OnceLock::new();
    }

    /// The statement the breakdown chain of `r` starts from (`r` for one on its own).
    pub fn top<'a>(&self, r: &RowRef<'a>, docs: &'a [Document]) -> RowRef<'a> {
        match r.parent {
            None => *r,
            Some(p) => self.read(self.top_of(p as u32, MAX_DEPTH - 1), docs),
        }
    }

    /// The row `hops` parents (or fewer, to the top) above row `i`.
    fn top_of(&self, i: u32, hops: u8) -> u32 {
        let mut at = i;
        for _ in 0..hops {
            match self.all[at as usize].parent {
                NONE => break,
                p => at = p,
            }
        }
        at
    }

    /// Sort the shown rows by `col`. Unknown values go last in either direction;
    /// ties keep library order. Text compares case- and diacritic-insensitively first.
    pub fn sort_by(&mut self, col: Column, ascending: bool, docs: &[Document]) {
        self.sort = Some((col, ascending));
        self.arrange(docs);
    }

    /// Back to library order.
    pub fn unsort(&mut self, docs: &[Document]) {
        self.sort = None;
        self.arrange(docs);
    }

    /// Put the shown rows in display order: the statements that stand on their own in the
    /// sort's order (library order without one), each followed by its breakdowns in the
    /// order of the text. No sorting here: the rows are picked out of the column's order of
    /// all rows, made once.
    fn arrange(&mut self, docs: &[Document]) {
        let order = match self.sort {
            Some((col, _)) => {
                let k = col_index(col);
                if self.orders[k].is_none() {
                    let names = self.names.get_or_init(|| sort::Names::of(docs));
                    let ranks = self.ranks.as_deref();
                    self.orders[k] = Some(sort::Order::new(&self.all, docs, names, ranks, col));
                }
                self.orders[k].as_ref()
            }
            None => None,
        };
        let order = order.zip(self.sort).map(|(o, (_, asc))| (o, asc));
        self.shown = match &self.showing {
            // Documents in order (or rows of a document's own, in theirs): each
            // document's rows go as laid out in library order.
            Showing::Docs(keep) => match order {
                Some((o, asc)) if !o.of_docs() => {
                    arrange::docs(&self.all, Some(o.units(asc)), keep.as_deref())
                }
                _ => {
                    let docs = order.map(|(o, asc)| o.units(asc));
                    arrange::by_docs(&self.display, &self.starts, docs, keep.as_deref())
                }
            },
            Showing::Rows => {
                self.marks.resize(self.all.len(), 0);
                let order = order.map(|(o, asc)| o.rows(asc, &self.starts));
                arrange::rows(&self.all, order, &self.shown, &mut self.marks)
            }
        };
    }

    /// Totals over the rows shown, each person counted once (see [`Totals`]).
    pub fn totals(&self, docs: &[Document]) -> Totals {
        *self.totals.get_or_init(|| {
            let by_docs = match &self.showing {
                Showing::Docs(keep) => self.doc_totals(keep.as_deref()),
                Showing::Rows => None,
            };
            if let Some(t) = by_docs {
                return t;
            }
            // Summed in row order, which reads the documents front to back.
            let all = &self.all;
            let mut on = vec![false; all.len()];
            for &i in &self.shown {
                on[i as usize] = true;
            }
            let on = &on;
            on.par_chunks(PIECE)
                .enumerate()
                .map(|(p, part)| {
                    let mut t = Totals::default();
                    for i in (0..part.len()).filter(|&k| part[k]).map(|k| p * PIECE + k) {
                        t.add(&self.read(i as u32, docs));
                        // A document counts at the first of its rows shown.
                        let d = all[i].doc;
                        let earlier = (0..i).rev().take_while(|&j| all[j].doc == d);
                        t.documents += usize::from(!earlier.into_iter().any(|j| on[j]));
                    }
                    t
                })
                .reduce(Totals::default, Totals::sum)
        })
    }

    /// The position among the rows shown of row `index` (of all), if shown.
    pub fn position_of(&self, index: usize) -> Option<usize> {
        self.shown.iter().position(|&i| i as usize == index)
    }

    /// The index among all rows of the `n`th row shown.
    pub fn index_of(&self, n: usize) -> usize {
        self.shown[n] as usize
    }
}

/// `parts` end to end, each item moved by `at` (given its part's index), copied in
/// parallel: a million documents' rows are tens of megabytes.
fn joined<T: Copy + Default + Send + Sync>(
    parts: &[&[T]],
    at: impl Fn(usize, T) -> T + Sync,
) -> Vec<T> {
    let mut out = vec![T::default(); parts.iter().map(|p| p.len()).sum()];
    let mut rest = out.as_mut_slice();
    let mut jobs = Vec::with_capacity(parts.len());
    for (k, p) in parts.iter().enumerate() {
        let (to, tail) = std::mem::take(&mut rest).split_at_mut(p.len());
        jobs.push((k, to, *p));
        rest = tail;
    }
    jobs.into_par_iter().for_each(|(k, to, from)| {
        for (t, &f) in to.iter_mut().zip(from) {
            *t = at(k, f);
        }
    });
    out
}

/// The rows of a part of the documents, built on a thread of its own.
#[derive(Default)]
struct Part {
    all: Vec<Row>,
    starts: Vec<u32>,
    sums: Vec<Option<Sums>>,
    display: Vec<u32>,
}

/// Append the rows of document `i`, `d`, to `all`, in the order of the text.
fn push_rows(all: &mut Vec<Row>, i: usize, d: &Document) {
    let first = all.len();
    let awards = &d.facts.awards;
    let key = |n: usize| (awards[n].span.start, awards[n].span.end, n);
    // Rows follow the text; statements mostly come in its order already.
    let order: Option<Vec<usize>> = (1..awards.len()).any(|n| key(n - 1) > key(n)).then(|| {
        let mut order: Vec<usize> = (0..awards.len()).collect();
        order.sort_by_key(|&n| key(n));
        order
    });
    let row_of: Option<Vec<usize>> = order.as_ref().map(|order| {
        let mut row_of = vec![0; order.len()];
        for (k, &n) in order.iter().enumerate() {
            row_of[n] = k;
        }
        row_of
    });
    for k in 0..awards.len() {
        let n = order.as_ref().map_or(k, |o| o[k]);
        let parent = awards[n]
            .parent()
            .filter(|&w| w < awards.len() && w != n)
            .map_or(NONE, |w| {
                (first + row_of.as_ref().map_or(w, |r| r[w])) as u32
            });
        all.push(Row {
            doc: i as u32,
            award: n as u32,
            parent,
            depth: 0,
            plain: true,
        });
    }
    // Depths, following parents (which a well-formed document never loops).
    for i in first..all.len() {
        let (mut depth, mut at) = (0, all[i].parent);
        while at != NONE && depth < MAX_DEPTH {
            depth += 1;
            at = all[at as usize].parent;
        }
        all[i].depth = depth;
    }
    // Plain rows: as many breakdowns right after them as they have, each with none.
    let mut kids = vec![0usize; all.len() - first];
    for i in first..all.len() {
        if all[i].parent != NONE {
            kids[all[i].parent as usize - first] += 1;
        }
    }
    for p in first..all.len() {
        let after = p + 1..p + 1 + kids[p - first];
        all[p].plain = after.end <= all.len()
            && after
                .clone()
                .all(|j| all[j].parent == p as u32 && kids[j - first] == 0);
    }
}

/// A column's position in [`Column::ALL`].
fn col_index(col: Column) -> usize {
    Column::ALL.iter().position(|&c| c == col).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::sort::fold;
    use super::*;
    use crate::corpus::Document;
    use std::path::Path;

    fn award(
        c: Option<u32>,
        i: Option<u32>,
        k: Option<u32>,
        year: Option<i32>,
        at: usize,
    ) -> Award {
        Award {
            collectives: c,
            individuals: i,
            combined: k,
            year,
            by: None,
            kind: None,
            within: None,
            span: Span {
                start: at,
                end: at + 5,
            },
        }
    }

    /// Three documents with awards built by hand (extraction is not needed here).
    fn lib() -> Library {
        let mut lib = Library::default();
        let texts = [
            ("a.txt", "Tuyên dương ở Long An\nnội dung"),
            ("b.txt", "Đảng bộ Bến Lức khen thưởng\nnội dung"),
            ("c.txt", "Không có khen thưởng\nnội dung"),
        ];
        for (name, text) in texts {
            let p = Path::new("/lib").join(name);
            let mut d = Document::from_bytes(&p, name, text.as_bytes());
            // Set by hand so these tests do not depend on title extraction.
            d.facts.title = text.lines().next().unwrap().into();
            lib.docs.push(d);
        }
        let mut a1 = award(Some(437), Some(1743), None, Some(2009), 30);
        a1.by = Some("UBND tỉnh".into());
        a1.kind = Some("Bằng khen".into());
        let a2 = award(None, None, Some(3150), Some(2009), 10);
        let mut b1 = award(Some(20), None, None, Some(2012), 3);
        b1.kind = Some("Giấy khen".into());
        b1.by = Some("Ban Thường vụ Huyện ủy".into());
        lib.docs[0].facts.awards = Box::new([a1, a2]);
        lib.docs[1].facts.awards = Box::new([b1]);
        lib.docs[2].facts.awards = Box::default();
        lib
    }

    fn counts(t: &AwardTable, l: &Library) -> Vec<(usize, Option<u32>)> {
        t.rows(&l.docs)
            .map(|r| (r.doc, r.award.collectives))
            .collect()
    }

    #[test]
    fn rows_in_library_order_with_jump_targets() {
        let l = lib();
        let t = AwardTable::new(&l.docs);
        assert_eq!(t.len(), 3);
        // Within a document, rows follow the text (span 10 before span 30).
        let targets: Vec<_> = t.rows(&l.docs).map(|r| r.target()).collect();
        assert_eq!(
            targets,
            vec![
                (0, Span { start: 10, end: 15 }),
                (0, Span { start: 30, end: 35 }),
                (1, Span { start: 3, end: 8 }),
            ]
        );
        assert_eq!(
            t.get(2, &l.docs).unwrap().title(),
            "Đảng bộ Bến Lức khen thưởng"
        );
        assert!(t.get(3, &l.docs).is_none());
    }

    #[test]
    fn totals_sum_known_counts_of_shown_rows() {
        let l = lib();
        let mut t = AwardTable::new(&l.docs);
        assert_eq!(
            t.totals(&l.docs),
            Totals {
                rows: 3,
                documents: 2,
                collectives: 457,
                individuals: 1743,
                combined: 3150,
                all: 437 + 1743 + 3150 + 20,
            }
        );
        t.filter_docs(Some(&[1]), &l.docs);
        assert_eq!(
            t.totals(&l.docs),
            Totals {
                rows: 1,
                documents: 1,
                collectives: 20,
                individuals: 0,
                combined: 0,
                all: 20,
            }
        );
        t.filter_docs(Some(&[2]), &l.docs);
        assert_eq!(t.totals(&l.docs), Totals::default());
    }

    /// `lib` with the 437 / 1.743 statement a breakdown of the 3.150 one.
    fn lib_with_breakdown() -> Library {
        let mut l = lib();
        l.docs[0].facts.awards[0].within = Some(1);
        l
    }

    /// Totals of a table longer than a piece, filtered and sorted, as defined over the rows
    /// shown: each row counted, each document once, a breakdown's people not again.
    #[test]
    fn totals_over_many_pieces_are_the_sums_of_the_rows_shown() {
        let one = lib_with_breakdown();
        let docs: Vec<Document> = (0..PIECE).flat_map(|_| one.docs.iter().cloned()).collect();
        let mut t = AwardTable::new(&docs);
        assert!(t.len() > 2 * PIECE);
        let some: Vec<usize> = (0..docs.len()).filter(|d| d % 3 != 1).collect();
        t.filter_docs(Some(&some), &docs);
        t.sort_by(Column::Collectives, false, &docs);
        let mut want = Totals::default();
        let mut seen = std::collections::HashSet::new();
        for r in t.rows(&docs) {
            want.add(&r);
            want.documents += usize::from(seen.insert(r.doc));
        }
        assert_eq!(t.totals(&docs), want);
        assert!(want.documents > 0 && want.rows > want.documents);
    }

    /// A document whose counts add past 32 bits is totalled in full, filtered or not.
    #[test]
    fn a_table_built_in_parts_is_the_table_built_a_document_at_a_time() {
        let one = lib_with_breakdown();
        let docs: Vec<Document> = (0..=PIECE).flat_map(|_| one.docs.iter().cloned()).collect();
        let mut parts = AwardTable::new(&docs);
        let mut pushed = AwardTable::default();
        for (i, d) in docs.iter().enumerate() {
            pushed.push_doc(i, d);
        }
        let seen = |t: &AwardTable| -> Vec<(usize, usize, Option<usize>, usize)> {
            t.rows(&docs)
                .map(|r| (r.doc, r.award.span.start, r.parent, r.depth))
                .collect()
        };
        assert!(parts.len() > PIECE && seen(&parts).iter().any(|r| r.2.is_some()));
        assert_eq!(seen(&parts), seen(&pushed));
        for col in [Column::Document, Column::Collectives] {
            parts.sort_by(col, false, &docs);
            pushed.sort_by(col, false, &docs);
            assert_eq!(seen(&parts), seen(&pushed), "{col:?}");
        }
        assert_eq!(parts.totals(&docs), pushed.totals(&docs));
    }

    #[test]
    fn totals_add_counts_past_32_bits() {
        let mut l = lib();
        l.docs[0].facts.awards[1].collectives = Some(u32::MAX);
        let mut t = AwardTable::new(&l.docs);
        let big = u64::from(u32::MAX) + 437;
        assert_eq!(t.totals(&l.docs).collectives, big + 20);
        t.filter_docs(Some(&[0]), &l.docs);
        assert_eq!(t.totals(&l.docs).collectives, big);
        assert_eq!(t.totals(&l.docs).documents, 1);
    }

    #[test]
    fn breakdowns_are_counted_once_and_stand_under_their_total() {
        let l = lib_with_breakdown();
        let mut t = AwardTable::new(&l.docs);
        let tot = t.totals(&l.docs);
        assert_eq!(
            (tot.rows, tot.collectives, tot.individuals, tot.combined),
            (3, 20, 0, 3150)
        );
        assert_eq!(tot.all, 3170);
        let order = |t: &AwardTable| -> Vec<(Option<u32>, usize)> {
            t.rows(&l.docs)
                .map(|r| (r.award.collectives.or(r.award.combined), r.depth))
                .collect()
        };
        assert_eq!(order(&t), [(Some(3150), 0), (Some(437), 1), (Some(20), 0)]);
        // Sorted by collectives, the total without any (3.150 combined) goes last, and its
        // breakdown with it, although 437 would sort first on its own.
        t.sort_by(Column::Collectives, false, &l.docs);
        assert_eq!(order(&t), [(Some(20), 0), (Some(3150), 0), (Some(437), 1)]);
        t.sort_by(Column::Combined, true, &l.docs);
        assert_eq!(order(&t), [(Some(3150), 0), (Some(437), 1), (Some(20), 0)]);
    }

    #[test]
    fn groups_add_each_person_once() {
        use group::{groups, Key};
        let mut l = lib_with_breakdown();
        l.docs[0].facts.place = Some("Long An".into());
        l.docs[1].facts.place = Some("Long An".into());
        let t = AwardTable::new(&l.docs);
        let g = groups(&t, &l.docs, &[Key::Place]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].values, [Some("Long An".to_string())]);
        assert_eq!(
            (g[0].totals.documents, g[0].totals.rows, g[0].totals.all),
            (2, 3, 3170)
        );
        // The breakdown (year 2009 of its own) goes with its total's year.
        let g = groups(&t, &l.docs, &[Key::Year]);
        let years: Vec<_> = g
            .iter()
            .map(|g| (g.values[0].clone(), g.totals.rows, g.totals.all))
            .collect();
        assert_eq!(
            years,
            [(Some("2009".into()), 2, 3150), (Some("2012".into()), 1, 20)]
        );
        // Unknown values form a group of their own, last.
        let g = groups(&t, &l.docs, &[Key::By]);
        assert_eq!(g.last().unwrap().values, [None]);
    }

    #[test]
    fn sort_numbers_both_ways_unknown_last() {
        let l = lib();
        let mut t = AwardTable::new(&l.docs);
        t.sort_by(Column::Collectives, true, &l.docs);
        assert_eq!(
            counts(&t, &l),
            vec![(1, Some(20)), (0, Some(437)), (0, None)]
        );
        t.sort_by(Column::Collectives, false, &l.docs);
        assert_eq!(
            counts(&t, &l),
            vec![(0, Some(437)), (1, Some(20)), (0, None)]
        );
        t.sort_by(Column::Year, false, &l.docs);
        let years: Vec<_> = t.rows(&l.docs).map(|r| r.award.year).collect();
        assert_eq!(years, vec![Some(2012), Some(2009), Some(2009)]);
        // Ties keep library order: the span-10 row stays before the span-30 row.
        assert_eq!(t.get(1, &l.docs).unwrap().award.span.start, 10);
        t.unsort(&l.docs);
        assert_eq!(t.get(0, &l.docs).unwrap().award.span.start, 10);
        assert_eq!(t.sort(), None);
    }

    #[test]
    fn sort_text_ignores_tone_marks_and_case() {
        let l = lib();
        let mut t = AwardTable::new(&l.docs);
        t.sort_by(Column::Kind, true, &l.docs);
        let kinds: Vec<_> = t.rows(&l.docs).map(|r| r.award.kind.clone()).collect();
        // "Bằng" folds to "bang" < "giay"; the unknown kind goes last.
        assert_eq!(
            kinds,
            vec![Some("Bằng khen".into()), Some("Giấy khen".into()), None]
        );
        t.sort_by(Column::Document, true, &l.docs);
        // "Đảng…" folds to "dang…", before "Tuyên…".
        assert_eq!(t.get(0, &l.docs).unwrap().doc, 1);
        t.sort_by(Column::Document, false, &l.docs);
        assert_eq!(t.get(2, &l.docs).unwrap().doc, 1);
    }

    #[test]
    fn filter_uses_the_list_search_and_keeps_the_sort() {
        let lib = lib();
        let mut t = AwardTable::new(&lib.docs);
        t.sort_by(Column::Collectives, false, &lib.docs);
        // Terms match fuzzily (as in fzf), so "long an" would also find "Luc khen thuong".
        t.filter(&lib, "tuyên dương");
        assert_eq!(counts(&t, &lib), vec![(0, Some(437)), (0, None)]);
        assert_eq!(t.totals(&lib.docs).combined, 3150);
        t.filter(&lib, "xyzzy");
        assert!(t.is_empty());
        assert_eq!(t.totals(&lib.docs).rows, 0);
        t.filter(&lib, "  ");
        assert_eq!(t.len(), 3);
        assert_eq!(t.sort(), Some((Column::Collectives, false)));
        assert_eq!(t.get(0, &lib.docs).unwrap().award.collectives, Some(437));
    }

    #[test]
    fn fold_removes_vietnamese_marks() {
        assert_eq!(fold("Bằng Khen"), "bang khen");
        assert_eq!(fold("Đảng ủy"), "dang uy");
        assert_eq!(fold("Giấy khen"), "giay khen");
    }
}
