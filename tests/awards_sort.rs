//! The awards table's sort against its definition, on random libraries: rows with a value
//! first, ordered by it (text folded, then exactly, then by file name), equal values in
//! library order either way; rows without a value last, in library order.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use vanban::awards::{AwardTable, Column, Ranks, Totals};
use vanban::corpus::Document;
use vanban::extract::{Award, Span};
use vanban::search::Heads;
use vanban::text::fold::fold;

const TEXTS: [&str; 14] = [
    // Long texts that share their first 16 folded bytes, or all but the last.
    "Học tập và làm theo tư tưởng, đạo đức B",
    "hoc tap va lam theo tu tuong, dao duc a",
    "Học tập và làm theo tư tưởng",
    "Học tập và làm theo tư tưởng, đạo đức b",
    "Học tập và làm theo tư tưởng, đạo đức B",
    "Bằng khen",
    "bằng khen",
    "Bang khen",
    "",
    "  ",
    "Đảng bộ",
    "dang bo",
    "Zeta",
    "ăn",
];
const NAMES: [&str; 4] = ["a.txt", "b.txt", "Á.txt", "c/a.txt"];

fn text(i: usize) -> Option<String> {
    (i < TEXTS.len()).then(|| TEXTS[i].to_string())
}

/// A document: (title, date, name, awards as (by, kind, collectives)), as indices.
type Spec = (usize, usize, usize, Vec<(usize, usize, Option<u32>)>);

/// A document of this name with no facts yet.
fn document(name: &str) -> Document {
    Document::from_bytes(&Path::new("/lib").join(name), name, b"text")
}

/// Where statement `k` stands in its text (the tests read `k` back as `start / 10`).
fn span(k: usize) -> Span {
    Span {
        start: k * 10,
        end: k * 10 + 5,
    }
}

fn docs(specs: &[Spec]) -> Vec<Document> {
    specs
        .iter()
        .map(|(title, date, name, awards)| {
            let mut d = document(NAMES[*name]);
            d.facts.title = text(*title).unwrap_or_default();
            d.facts.date = text(*date).map(Into::into);
            d.facts.awards = awards
                .iter()
                .enumerate()
                .map(|(k, (by, kind, n))| Award {
                    by: text(*by).map(Into::into),
                    kind: text(*kind).map(Into::into),
                    collectives: *n,
                    span: span(k),
                    ..Award::default()
                })
                .collect();
            d
        })
        .collect()
}

/// The value a row sorts by, `None` where it has none.
fn value(d: &Document, a: &Award, col: Column) -> Option<(String, String, String, u32)> {
    let t = |s: Option<&str>| {
        s.filter(|s| !s.trim().is_empty())
            .map(|s| (fold(s), s.to_string(), d.name.to_string(), 0))
    };
    match col {
        Column::Document => t(Some(&d.facts.title)),
        Column::Date => t(d.facts.date.as_deref()),
        Column::By => t(a.by.as_deref()),
        Column::Kind => t(a.kind.as_deref()),
        // Numbers tie on the number alone.
        Column::Collectives => a
            .collectives
            .map(|n| (String::new(), String::new(), String::new(), n)),
        _ => None,
    }
}

/// (document, statement) of every row in the order the definition gives.
fn expected(docs: &[Document], col: Column, ascending: bool) -> Vec<(usize, usize)> {
    let rows: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| (0..d.facts.awards.len()).map(move |k| (i, k)))
        .collect();
    let of = |&(i, k): &(usize, usize)| value(&docs[i], &docs[i].facts.awards[k], col);
    let (mut known, missing): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| of(r).is_some());
    // A stable sort keeps library order among equal values.
    known.sort_by(|a, b| {
        let o = of(a).cmp(&of(b));
        if ascending {
            o
        } else {
            o.reverse()
        }
    });
    known.extend(missing);
    known
}

fn spec() -> impl Strategy<Value = Vec<Spec>> {
    let award = (
        0..=TEXTS.len(),
        0..=TEXTS.len(),
        // Few counts close together, or any (sorted by comparison, not counted).
        proptest::option::of(prop_oneof![3 => 0..4u32, 1 => any::<u32>()]),
    );
    prop::collection::vec(
        (
            0..=TEXTS.len(),
            0..=TEXTS.len(),
            0..NAMES.len(),
            prop::collection::vec(award, 0..4),
        ),
        0..24,
    )
}

proptest! {
    #[test]
    fn every_column_sorts_as_defined(specs in spec(), by_name in any::<bool>()) {
        let mut docs = docs(&specs);
        if by_name {
            // A library in name order (as walked), equal names side by side.
            docs.sort_by(|a, b| a.name.cmp(&b.name));
        }
        // Documents ranked here, and by the ranks made from the library's heads.
        let mut t = AwardTable::new(&docs);
        let mut ranked = AwardTable::new(&docs);
        let refs: Vec<&Document> = docs.iter().collect();
        ranked.use_ranks(Ranks::new(Arc::new(Heads::of_docs(&refs))));
        for col in [Column::Document, Column::Date, Column::By, Column::Kind, Column::Collectives] {
            for ascending in [true, false, true] {
                for t in [&mut t, &mut ranked] {
                    t.sort_by(col, ascending, &docs);
                    let got: Vec<(usize, usize)> = t
                        .rows(&docs)
                        .map(|r| (r.doc, (r.award.span.start / 10)))
                        .collect();
                    prop_assert_eq!(got, expected(&docs, col, ascending), "{:?} ascending {}", col, ascending);
                }
            }
        }
    }
}

/// A table of more rows than one parallel piece picks (and more documents and distinct
/// values than one part numbers) sorts as defined.
#[test]
fn large_tables_sort_as_defined() {
    // A fixed pseudo-random library: 50,000 documents, 0–3 statements each.
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let specs: Vec<Spec> = (0..50_000)
        .map(|_| {
            let awards = (0..next(4))
                .map(|_| {
                    (
                        next(TEXTS.len() + 1),
                        next(TEXTS.len() + 1),
                        Some(next(50) as u32),
                    )
                })
                .collect();
            (
                next(TEXTS.len() + 1),
                next(TEXTS.len() + 1),
                next(NAMES.len()),
                awards,
            )
        })
        .collect();
    let docs = docs(&specs);
    let mut t = AwardTable::new(&docs);
    assert!(t.len() > 1 << 16);
    for col in [Column::Document, Column::Collectives] {
        for ascending in [true, false] {
            t.sort_by(col, ascending, &docs);
            let got: Vec<(usize, usize)> = t
                .rows(&docs)
                .map(|r| (r.doc, r.award.span.start / 10))
                .collect();
            assert!(
                got == expected(&docs, col, ascending),
                "{col:?} ascending {ascending}"
            );
        }
    }
}

#[test]
fn equal_titles_are_ordered_by_file_name() {
    let specs: Vec<Spec> = vec![
        (0, 99, 1, vec![(99, 99, None)]),
        (0, 99, 0, vec![(99, 99, None), (99, 99, None)]),
        (99, 99, 0, vec![(99, 99, None)]),
    ];
    let docs = docs(&specs);
    let mut t = AwardTable::new(&docs);
    t.sort_by(Column::Document, true, &docs);
    let order: Vec<usize> = t.rows(&docs).map(|r| r.doc).collect();
    // a.txt before b.txt; the blank title last.
    assert_eq!(order, vec![1, 1, 0, 2]);
}

/// A document's title (as an index) and statements: their collectives, their ranks (a
/// random order), and which statement ranked before each it breaks down, if any (picked
/// by a number).
type Tree = (usize, Vec<Option<u32>>, Vec<usize>, Vec<Option<usize>>);

/// Documents of statements whose breakdowns may stand before or after their total, apart
/// from it, or have breakdowns of their own, but never loop (a total ranks first).
fn tree_docs(specs: &[Tree]) -> Vec<Document> {
    specs
        .iter()
        .enumerate()
        .map(|(i, (title, counts, rank, pick))| {
            let mut d = document(&format!("d{i:03}.txt"));
            d.facts.title = text(*title).unwrap_or_default();
            let n = counts.len();
            d.facts.awards = (0..n)
                .map(|k| {
                    // A total among those ranked before this one, if any.
                    let before: Vec<usize> = (0..n).filter(|&j| rank[j] < rank[k]).collect();
                    let within = pick[k]
                        .filter(|_| !before.is_empty())
                        .map(|p| before[p % before.len()] as u32);
                    Award {
                        collectives: counts[k],
                        within,
                        span: span(k),
                        ..Award::default()
                    }
                })
                .collect();
            d
        })
        .collect()
}

/// The rows of the documents kept, as defined: the statements that stand on their own in
/// order of `col` (library order without one; equal values in library order, none last),
/// each followed by its breakdowns, depth first, each level in the order of the text.
fn expected_tree(
    docs: &[Document],
    keep: &[bool],
    col: Option<Column>,
    ascending: bool,
) -> Vec<(usize, usize)> {
    let mut tops: Vec<(usize, usize)> = (0..docs.len())
        .filter(|&d| keep[d])
        .flat_map(|d| (0..docs[d].facts.awards.len()).map(move |k| (d, k)))
        .filter(|&(d, k)| docs[d].facts.awards[k].within.is_none())
        .collect();
    let of = |&(d, k): &(usize, usize)| match col {
        Some(col) => value(&docs[d], &docs[d].facts.awards[k], col),
        None => Some(Default::default()),
    };
    let (mut known, missing): (Vec<_>, Vec<_>) = tops.drain(..).partition(|r| of(r).is_some());
    known.sort_by(|a, b| match ascending {
        true => of(a).cmp(&of(b)),
        false => of(b).cmp(&of(a)),
    });
    fn under(docs: &[Document], d: usize, k: usize, out: &mut Vec<(usize, usize)>) {
        out.push((d, k));
        let awards = &docs[d].facts.awards;
        for j in (0..awards.len()).filter(|&j| awards[j].within == Some(k as u32)) {
            under(docs, d, j, out);
        }
    }
    let mut out = Vec::new();
    for (d, k) in known.into_iter().chain(missing) {
        under(docs, d, k, &mut out);
    }
    out
}

proptest! {
    #[test]
    fn breakdowns_stand_under_their_totals_filtered_and_sorted(
        specs in prop::collection::vec(
            (1..6usize).prop_flat_map(|n| (
                0..=TEXTS.len(),
                prop::collection::vec(proptest::option::of(0..4u32), n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
                prop::collection::vec(proptest::option::of(0..8usize), n),
            )),
            0..30,
        ),
        keep in prop::collection::vec(any::<bool>(), 30),
    ) {
        let docs = tree_docs(&specs);
        let mut t = AwardTable::new(&docs);
        let which: Vec<usize> = (0..docs.len()).filter(|&d| keep[d]).collect();
        t.filter_docs(Some(&which), &docs);
        // The same with the documents ranked by title and date ahead.
        let mut ranked = t.clone();
        let refs: Vec<&Document> = docs.iter().collect();
        ranked.use_ranks(Ranks::new(Arc::new(Heads::of_docs(&refs))));
        // The same rows through a filter of rows, which marks each row shown and has no
        // documents' sums to add.
        let mut rows = t.clone();
        rows.keep(&docs, |_| true);
        let mut ranked_rows = ranked.clone();
        ranked_rows.keep(&docs, |_| true);
        // Totals by definition: every row, each document once, the people of the
        // statements that stand on their own.
        let kept = || docs.iter().enumerate().filter(|&(d, _)| keep[d]).map(|(_, d)| d);
        let tops = || kept().flat_map(|d| d.facts.awards.iter()).filter(|a| a.within.is_none());
        let people: u64 = tops().map(|a| u64::from(a.collectives.unwrap_or(0))).sum();
        let want = Totals {
            rows: kept().map(|d| d.facts.awards.len()).sum(),
            documents: kept().filter(|d| !d.facts.awards.is_empty()).count(),
            collectives: people,
            all: people,
            ..Totals::default()
        };
        let sorts = [Column::Collectives, Column::Document].into_iter().map(Some).chain([None]);
        let sorts: Vec<Option<Column>> = sorts.collect();
        for t in [&mut t, &mut rows, &mut ranked, &mut ranked_rows] {
            prop_assert_eq!(t.totals(&docs), want);
            for &col in &sorts {
                for ascending in [true, false] {
                    match col {
                        Some(col) => t.sort_by(col, ascending, &docs),
                        None => t.unsort(&docs),
                    }
                    let got: Vec<(usize, usize)> = t
                        .rows(&docs)
                        .map(|r| (r.doc, r.award.span.start / 10))
                        .collect();
                    let want = expected_tree(&docs, &keep, col, ascending || col.is_none());
                    prop_assert_eq!(got, want, "{:?} ascending {}", col, ascending);
                }
            }
        }
    }
}
