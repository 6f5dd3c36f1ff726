//! The awards overview: every award statement in the library as one table,
//! sortable by any column, filtered by the document search, with totals.
//! Nothing here knows about terminals; the TUI and `vanban awards` both draw it.

pub mod group;
mod sort;

use std::sync::OnceLock;

use crate::corpus::{Document, Library};
use crate::extract::{Award, Span};
use sort::SortKey;

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

/// One award statement and the document it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index of the document in `Library::docs`.
    pub doc: usize,
    /// The province the document is about.
    pub place: Option<String>,
    /// For a breakdown, the index (among all rows) of the total it breaks down.
    pub parent: Option<usize>,
    /// 0 for a statement that stands on its own, 1 for its breakdowns, 2 for theirs …
    pub depth: usize,
    /// The document's file on disk, as loaded.
    pub path: String,
    /// The document's name relative to the folder it was found in.
    pub name: String,
    pub title: String,
    pub date: Option<String>,
    pub award: Award,
}

impl Row {
    /// Where Enter jumps: the document index and the statement's span in its clean text.
    pub fn target(&self) -> (usize, Span) {
        (self.doc, self.award.span)
    }

    /// The cell text of `col`; `None` where unknown.
    pub fn cell(&self, col: Column) -> Option<String> {
        let a = &self.award;
        match col {
            Column::Document => Some(self.title.clone()),
            Column::Date => self.date.clone(),
            Column::Year => a.year.map(|v| v.to_string()),
            Column::By => a.by.clone(),
            Column::Kind => a.kind.clone(),
            Column::Collectives => a.collectives.map(|v| v.to_string()),
            Column::Individuals => a.individuals.map(|v| v.to_string()),
            Column::Combined => a.combined.map(|v| v.to_string()),
        }
    }

    fn number(&self, col: Column) -> Option<i64> {
        let a = &self.award;
        match col {
            Column::Year => a.year.map(i64::from),
            Column::Collectives => a.collectives.map(saturate),
            Column::Individuals => a.individuals.map(saturate),
            Column::Combined => a.combined.map(saturate),
            _ => None,
        }
    }
}

fn saturate(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
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
    pub fn add(&mut self, r: &Row) {
        self.rows += 1;
        if r.parent.is_none() {
            let a = &r.award;
            self.collectives += a.collectives.unwrap_or(0);
            self.individuals += a.individuals.unwrap_or(0);
            self.combined += a.combined.unwrap_or(0);
            self.all += everyone(a);
        }
    }
}

/// The people one statement commends: its combined count, else collectives + individuals.
pub fn everyone(a: &Award) -> u64 {
    a.combined
        .unwrap_or_else(|| a.collectives.unwrap_or(0) + a.individuals.unwrap_or(0))
}

/// The table: all rows, the ones shown (filtered), and their order.
#[derive(Debug, Clone, Default)]
pub struct AwardTable {
    all: Vec<Row>,
    /// Indices into `all` of the rows shown, in display order.
    shown: Vec<usize>,
    /// The current sort; `None` is library order (document, then position in it).
    sort: Option<(Column, bool)>,
    /// Sort keys of every row for one column, kept while filtering changes.
    keys: Option<(Column, Vec<SortKey>)>,
    /// The totals of the rows shown, once asked for (each frame shows them).
    totals: OnceLock<Totals>,
}

impl AwardTable {
    /// Every award statement in the library, in library order, all shown.
    pub fn new(lib: &Library) -> AwardTable {
        let mut t = AwardTable::default();
        for (i, d) in lib.docs.iter().enumerate() {
            t.push_doc(i, d);
        }
        t
    }

    /// Add the statements of document `i` (its index in the library) at the end, shown.
    /// A table can so be built one document at a time, without the whole library.
    pub fn push_doc(&mut self, i: usize, d: &Document) {
        let all = &mut self.all;
        let first = all.len();
        let mut order: Vec<usize> = (0..d.facts.awards.len()).collect();
        order.sort_by_key(|&n| {
            let a = &d.facts.awards[n];
            (a.span.start, a.span.end, n)
        });
        let mut row_of = vec![0; order.len()];
        for (k, &n) in order.iter().enumerate() {
            row_of[n] = first + k;
        }
        for &n in &order {
            let a = &d.facts.awards[n];
            let parent = a
                .within
                .filter(|&w| w < row_of.len() && w != n)
                .map(|w| row_of[w]);
            all.push(Row {
                doc: i,
                place: d.facts.place.clone(),
                parent,
                depth: 0,
                path: d.path.to_string_lossy().into_owned(),
                name: d.name.clone(),
                title: d.facts.title.clone(),
                date: d.facts.date.clone(),
                award: a.clone(),
            });
        }
        // Depths, following parents (which a well-formed document never loops).
        for i in first..all.len() {
            let (mut depth, mut at) = (0, all[i].parent);
            while let Some(p) = at.filter(|_| depth < 8) {
                depth += 1;
                at = all[p].parent;
            }
            all[i].depth = depth;
        }
        self.shown.extend(first..all.len());
        // Sort keys are made again for the new rows when next sorted.
        self.keys = None;
        self.totals = OnceLock::new();
    }

    /// The rows shown, in display order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &Row> + '_ {
        self.shown.iter().map(|&i| &self.all[i])
    }

    /// The `n`th row shown.
    pub fn get(&self, n: usize) -> Option<&Row> {
        self.shown.get(n).map(|&i| &self.all[i])
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
            self.filter_docs(None);
        } else {
            self.filter_docs(Some(&crate::search::rank(lib, query)));
        }
    }

    /// Show only the rows of these documents (`None`: all), keeping the current sort.
    /// For a caller that already has the list's matches.
    pub fn filter_docs(&mut self, docs: Option<&[usize]>) {
        let keep: Option<Vec<bool>> = docs.map(|d| {
            let n = self.all.iter().map(|r| r.doc + 1).max().unwrap_or(0);
            let mut keep = vec![false; n];
            for &i in d.iter().filter(|&&i| i < n) {
                keep[i] = true;
            }
            keep
        });
        self.shown = (0..self.all.len())
            .filter(|&i| keep.as_ref().is_none_or(|k| k[self.all[i].doc]))
            .collect();
        self.totals = OnceLock::new();
        self.apply_sort();
    }

    /// Of the rows shown, keep those whose statement (for a breakdown: its total) passes
    /// `keep`; the sort stays.
    pub fn keep(&mut self, keep: impl Fn(&Row) -> bool) {
        let pass: Vec<bool> = self
            .shown
            .iter()
            .map(|&i| keep(group::top_of(self, &self.all[i])))
            .collect();
        let mut pass = pass.into_iter();
        self.shown.retain(|_| pass.next().unwrap_or(false));
        self.totals = OnceLock::new();
    }

    /// Sort the shown rows by `col`. Unknown values go last in either direction;
    /// ties keep library order. Text compares case- and diacritic-insensitively first.
    pub fn sort_by(&mut self, col: Column, ascending: bool) {
        self.sort = Some((col, ascending));
        self.apply_sort();
    }

    /// Back to library order.
    pub fn unsort(&mut self) {
        self.sort = None;
        self.apply_sort();
    }

    fn apply_sort(&mut self) {
        // `shown` is built in library order by `filter_docs`; restore it first so
        // that ties (and `unsort`) are always in library order.
        self.shown.sort_unstable();
        if let Some((col, asc)) = self.sort {
            if !matches!(&self.keys, Some((c, _)) if *c == col) {
                self.keys = Some((col, sort::keys(&self.all, col)));
            }
            let keys = &self.keys.as_ref().expect("just set").1;
            self.shown.sort_by(|&a, &b| keys[a].cmp_dir(&keys[b], asc));
        }
        self.keep_breakdowns_under_totals();
    }

    /// Statements that stand on their own keep the order just made; each one's breakdowns
    /// follow it, in the order of the text.
    fn keep_breakdowns_under_totals(&mut self) {
        if self.shown.iter().all(|&i| self.all[i].parent.is_none()) {
            return;
        }
        let n = self.all.len();
        let mut shown = vec![false; n];
        for &i in &self.shown {
            shown[i] = true;
        }
        let under = |i: usize| self.all[i].parent.filter(|&p| shown[p]);
        // Each row's breakdowns shown, in text order: a list through `first` and `next`.
        const NONE: usize = usize::MAX;
        let (mut first, mut next) = (vec![NONE; n], vec![NONE; n]);
        let mut kids: Vec<usize> = self
            .shown
            .iter()
            .copied()
            .filter(|&i| under(i).is_some())
            .collect();
        kids.sort_unstable_by(|a, b| b.cmp(a));
        for i in kids {
            if let Some(p) = under(i) {
                next[i] = first[p];
                first[p] = i;
            }
        }
        let mut out = Vec::with_capacity(self.shown.len());
        let mut stack = Vec::new();
        for &i in self.shown.iter().filter(|&&i| under(i).is_none()) {
            stack.push(i);
            while let Some(r) = stack.pop() {
                out.push(r);
                let from = stack.len();
                let mut c = first[r];
                while c != NONE {
                    stack.push(c);
                    c = next[c];
                }
                stack[from..].reverse();
            }
        }
        self.shown = out;
    }

    /// Totals over the rows shown, each person counted once (see [`Totals`]).
    pub fn totals(&self) -> Totals {
        *self.totals.get_or_init(|| {
            let mut t = Totals::default();
            let n = self.all.iter().map(|r| r.doc + 1).max().unwrap_or(0);
            let mut seen = vec![false; n];
            for r in self.rows() {
                t.add(r);
                t.documents += usize::from(!std::mem::replace(&mut seen[r.doc], true));
            }
            t
        })
    }

    /// The index among all rows of the `n`th row shown.
    pub fn index_of(&self, n: usize) -> usize {
        self.shown[n]
    }

    /// The `n`th row of all (not only those shown).
    pub fn row(&self, n: usize) -> &Row {
        &self.all[n]
    }
}

#[cfg(test)]
mod tests {
    use super::sort::fold;
    use super::*;
    use crate::corpus::Document;
    use std::path::Path;

    fn award(
        c: Option<u64>,
        i: Option<u64>,
        k: Option<u64>,
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
        lib.docs[0].facts.awards = vec![a1, a2];
        lib.docs[1].facts.awards = vec![b1];
        lib.docs[2].facts.awards.clear();
        lib
    }

    fn counts(t: &AwardTable) -> Vec<(usize, Option<u64>)> {
        t.rows().map(|r| (r.doc, r.award.collectives)).collect()
    }

    #[test]
    fn rows_in_library_order_with_jump_targets() {
        let t = AwardTable::new(&lib());
        assert_eq!(t.len(), 3);
        // Within a document, rows follow the text (span 10 before span 30).
        let targets: Vec<_> = t.rows().map(|r| r.target()).collect();
        assert_eq!(
            targets,
            vec![
                (0, Span { start: 10, end: 15 }),
                (0, Span { start: 30, end: 35 }),
                (1, Span { start: 3, end: 8 }),
            ]
        );
        assert_eq!(t.get(2).unwrap().title, "Đảng bộ Bến Lức khen thưởng");
        assert!(t.get(3).is_none());
    }

    #[test]
    fn totals_sum_known_counts_of_shown_rows() {
        let mut t = AwardTable::new(&lib());
        assert_eq!(
            t.totals(),
            Totals {
                rows: 3,
                documents: 2,
                collectives: 457,
                individuals: 1743,
                combined: 3150,
                all: 437 + 1743 + 3150 + 20,
            }
        );
        t.filter_docs(Some(&[1]));
        assert_eq!(
            t.totals(),
            Totals {
                rows: 1,
                documents: 1,
                collectives: 20,
                individuals: 0,
                combined: 0,
                all: 20,
            }
        );
        t.filter_docs(Some(&[2]));
        assert_eq!(t.totals(), Totals::default());
    }

    /// `lib` with the 437 / 1.743 statement a breakdown of the 3.150 one.
    fn lib_with_breakdown() -> Library {
        let mut l = lib();
        l.docs[0].facts.awards[0].within = Some(1);
        l
    }

    #[test]
    fn breakdowns_are_counted_once_and_stand_under_their_total() {
        let mut t = AwardTable::new(&lib_with_breakdown());
        let tot = t.totals();
        assert_eq!(
            (tot.rows, tot.collectives, tot.individuals, tot.combined),
            (3, 20, 0, 3150)
        );
        assert_eq!(tot.all, 3170);
        let order = |t: &AwardTable| -> Vec<(Option<u64>, usize)> {
            t.rows()
                .map(|r| (r.award.collectives.or(r.award.combined), r.depth))
                .collect()
        };
        assert_eq!(order(&t), [(Some(3150), 0), (Some(437), 1), (Some(20), 0)]);
        // Sorted by collectives, the total without any (3.150 combined) goes last, and its
        // breakdown with it, although 437 would sort first on its own.
        t.sort_by(Column::Collectives, false);
        assert_eq!(order(&t), [(Some(20), 0), (Some(3150), 0), (Some(437), 1)]);
        t.sort_by(Column::Combined, true);
        assert_eq!(order(&t), [(Some(3150), 0), (Some(437), 1), (Some(20), 0)]);
    }

    #[test]
    fn groups_add_each_person_once() {
        use group::{groups, Key};
        let mut l = lib_with_breakdown();
        l.docs[0].facts.place = Some("Long An".into());
        l.docs[1].facts.place = Some("Long An".into());
        let t = AwardTable::new(&l);
        let g = groups(&t, &[Key::Place]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].values, [Some("Long An".to_string())]);
        assert_eq!(
            (g[0].totals.documents, g[0].totals.rows, g[0].totals.all),
            (2, 3, 3170)
        );
        // The breakdown (year 2009 of its own) goes with its total's year.
        let g = groups(&t, &[Key::Year]);
        let years: Vec<_> = g
            .iter()
            .map(|g| (g.values[0].clone(), g.totals.rows, g.totals.all))
            .collect();
        assert_eq!(
            years,
            [(Some("2009".into()), 2, 3150), (Some("2012".into()), 1, 20)]
        );
        // Unknown values form a group of their own, last.
        let g = groups(&t, &[Key::By]);
        assert_eq!(g.last().unwrap().values, [None]);
    }

    #[test]
    fn sort_numbers_both_ways_unknown_last() {
        let mut t = AwardTable::new(&lib());
        t.sort_by(Column::Collectives, true);
        assert_eq!(counts(&t), vec![(1, Some(20)), (0, Some(437)), (0, None)]);
        t.sort_by(Column::Collectives, false);
        assert_eq!(counts(&t), vec![(0, Some(437)), (1, Some(20)), (0, None)]);
        t.sort_by(Column::Year, false);
        let years: Vec<_> = t.rows().map(|r| r.award.year).collect();
        assert_eq!(years, vec![Some(2012), Some(2009), Some(2009)]);
        // Ties keep library order: the span-10 row stays before the span-30 row.
        assert_eq!(t.get(1).unwrap().award.span.start, 10);
        t.unsort();
        assert_eq!(t.get(0).unwrap().award.span.start, 10);
        assert_eq!(t.sort(), None);
    }

    #[test]
    fn sort_text_ignores_tone_marks_and_case() {
        let mut t = AwardTable::new(&lib());
        t.sort_by(Column::Kind, true);
        let kinds: Vec<_> = t.rows().map(|r| r.award.kind.clone()).collect();
        // "Bằng" folds to "bang" < "giay"; the unknown kind goes last.
        assert_eq!(
            kinds,
            vec![Some("Bằng khen".into()), Some("Giấy khen".into()), None]
        );
        t.sort_by(Column::Document, true);
        // "Đảng…" folds to "dang…", before "Tuyên…".
        assert_eq!(t.get(0).unwrap().doc, 1);
        t.sort_by(Column::Document, false);
        assert_eq!(t.get(2).unwrap().doc, 1);
    }

    #[test]
    fn filter_uses_the_list_search_and_keeps_the_sort() {
        let lib = lib();
        let mut t = AwardTable::new(&lib);
        t.sort_by(Column::Collectives, false);
        // Terms match fuzzily (as in fzf), so "long an" would also find "Luc khen thuong".
        t.filter(&lib, "tuyên dương");
        assert_eq!(counts(&t), vec![(0, Some(437)), (0, None)]);
        assert_eq!(t.totals().combined, 3150);
        t.filter(&lib, "xyzzy");
        assert!(t.is_empty());
        assert_eq!(t.totals().rows, 0);
        t.filter(&lib, "  ");
        assert_eq!(t.len(), 3);
        assert_eq!(t.sort(), Some((Column::Collectives, false)));
        assert_eq!(t.get(0).unwrap().award.collectives, Some(437));
    }

    #[test]
    fn fold_removes_vietnamese_marks() {
        assert_eq!(fold("Bằng Khen"), "bang khen");
        assert_eq!(fold("Đảng ủy"), "dang uy");
        assert_eq!(fold("Giấy khen"), "giay khen");
    }
}
