//! The rows shown put in display order: the statements that stand on their own in the
//! sort's order (library order without one), each followed by its shown breakdowns in the
//! order of the text. Nothing is sorted here: the rows are picked, a piece at a time in
//! parallel, out of an order of all rows made once per column.

use rayon::prelude::*;

use super::{Row, NONE};

/// Rows picked per parallel task.
pub(super) const PIECE: usize = 1 << 16;

/// `marks` flags: the row is shown, its total is shown, a breakdown of it is shown.
const SHOWN: u8 = 1;
const UNDER: u8 = 2;
const KIDS: u8 = 4;

/// Which rows are shown, as the picking asks.
#[derive(Debug, Clone, Copy)]
enum Test<'a> {
    /// Every row of the documents kept (all if `None`): a breakdown then stands under its
    /// total, which is of the same document, so nothing needs marking.
    Docs(Option<&'a [bool]>),
    /// The rows flagged in these marks.
    Marks(&'a [u8]),
}

impl Test<'_> {
    fn shown(self, all: &[Row], i: u32) -> bool {
        match self {
            Test::Docs(keep) => keep.is_none_or(|k| k[all[i as usize].doc as usize]),
            Test::Marks(m) => m[i as usize] & SHOWN != 0,
        }
    }

    /// Shown, and not under a shown total.
    fn stands_alone(self, all: &[Row], i: u32) -> bool {
        match self {
            Test::Docs(_) => all[i as usize].parent == NONE && self.shown(all, i),
            Test::Marks(m) => m[i as usize] & (SHOWN | UNDER) == SHOWN,
        }
    }

    /// It may have breakdowns shown.
    fn has_kids(self, i: u32) -> bool {
        match self {
            Test::Docs(_) => true,
            Test::Marks(m) => m[i as usize] & KIDS != 0,
        }
    }
}

/// Every row of the documents kept (all if `None`, by document index), in the order of
/// `order` (library order if `None`).
pub(super) fn docs(all: &[Row], order: Option<&[u32]>, keep: Option<&[bool]>) -> Vec<u32> {
    in_order(all, order, Test::Docs(keep))
}

/// Every row of the documents kept (all if `None`), documents in the order of `order`
/// (library order if `None`), each document's rows as laid out in library order:
/// `display[starts[d]..starts[d + 1]]` ([`docs`] of the rows in library order).
pub(super) fn by_docs(
    display: &[u32],
    starts: &[u32],
    order: Option<&[u32]>,
    keep: Option<&[bool]>,
) -> Vec<u32> {
    let n = starts.len().saturating_sub(1);
    let per_doc = display.len() as f64 / n.max(1) as f64;
    let lay = |docs: &mut dyn Iterator<Item = u32>| {
        let mut out = Vec::with_capacity((PIECE as f64 * per_doc) as usize);
        for d in docs.map(|d| d as usize) {
            if keep.is_none_or(|k| k[d]) {
                out.extend_from_slice(&display[starts[d] as usize..starts[d + 1] as usize]);
            }
        }
        out
    };
    let pieces: Vec<Vec<u32>> = match order {
        Some(order) => order
            .par_chunks(PIECE)
            .map(|docs| lay(&mut docs.iter().copied()))
            .collect(),
        None if keep.is_none() => return display.to_vec(),
        None => (0..n.div_ceil(PIECE))
            .into_par_iter()
            .map(|p| lay(&mut (p * PIECE..n.min((p + 1) * PIECE)).map(|d| d as u32)))
            .collect(),
    };
    pieces.concat()
}

/// The rows `shown` (in any order), in the order of `order` (library order if `None`).
/// `marks`, one per row, are all 0 before and after.
pub(super) fn rows(
    all: &[Row],
    order: Option<&[u32]>,
    shown: &[u32],
    marks: &mut [u8],
) -> Vec<u32> {
    for &i in shown {
        marks[i as usize] = SHOWN;
    }
    // In row order: reading all rows front to back is many times faster than in the
    // order shown.
    for (i, r) in all.iter().enumerate() {
        if marks[i] & SHOWN != 0 && r.parent != NONE && marks[r.parent as usize] & SHOWN != 0 {
            marks[i] |= UNDER;
            marks[r.parent as usize] |= KIDS;
        }
    }
    let out = in_order(all, order, Test::Marks(marks));
    for &i in shown {
        marks[i as usize] = 0;
    }
    out
}

fn in_order(all: &[Row], order: Option<&[u32]>, test: Test) -> Vec<u32> {
    let pieces: Vec<Vec<u32>> = match order {
        Some(order) => order
            .par_chunks(PIECE)
            .map(|rows| pick(all, test, rows.iter().copied()))
            .collect(),
        None => (0..all.len().div_ceil(PIECE))
            .into_par_iter()
            .map(|p| {
                let rows = p * PIECE..all.len().min((p + 1) * PIECE);
                pick(all, test, rows.map(|i| i as u32))
            })
            .collect(),
    };
    let mut out = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    for p in pieces {
        out.extend(p);
    }
    out
}

/// Of `rows` (in display order), those shown that stand on their own, each followed by
/// its shown breakdowns.
fn pick(all: &[Row], test: Test, rows: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut out = Vec::with_capacity(rows.size_hint().0);
    let mut stack = Vec::new();
    for i in rows {
        if !test.stands_alone(all, i) {
            continue;
        }
        out.push(i);
        if !test.has_kids(i) {
            continue;
        }
        if all[i as usize].plain {
            let kids = (i + 1..all.len() as u32).take_while(|&j| all[j as usize].parent == i);
            out.extend(kids.filter(|&j| test.shown(all, j)));
        } else {
            breakdowns(all, test, i, &mut stack, &mut out);
        }
    }
    out
}

/// Append the shown breakdowns of row `top` (a document's rows stand side by side, a
/// breakdown among them), depth first, each level in the order of the text.
fn breakdowns(all: &[Row], test: Test, top: u32, stack: &mut Vec<u32>, out: &mut Vec<u32>) {
    let doc = all[top as usize].doc;
    let (mut lo, mut hi) = (top as usize, top as usize + 1);
    while lo > 0 && all[lo - 1].doc == doc {
        lo -= 1;
    }
    while hi < all.len() && all[hi].doc == doc {
        hi += 1;
    }
    stack.clear();
    stack.push(top);
    while let Some(r) = stack.pop() {
        if r != top {
            out.push(r);
        }
        let from = stack.len();
        stack.extend(
            (lo as u32..hi as u32).filter(|&j| all[j as usize].parent == r && test.shown(all, j)),
        );
        stack[from..].reverse();
    }
}
