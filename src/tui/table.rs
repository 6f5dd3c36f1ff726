//! The awards table's text: cells, labels and column widths that fit the screen. The
//! table itself (rows, sort, filter, totals) is [`crate::awards::AwardTable`].

use rayon::prelude::*;

use crate::awards::{AwardTable, Column, RowRef, Totals};
use crate::corpus::Document;
use crate::extract::numbers::format_count;
use crate::text::wrap::{truncate, width};

/// Spaces between columns.
pub const GAP: usize = 1;

/// Drawn where a value is unknown.
pub const UNKNOWN: &str = "–";

/// From this many columns inside the frame on, the headers are written out in full.
pub const LONG_LABELS: usize = 100;

/// The columns that share what room is left, with their shares.
const FLEXIBLE: [(Column, usize); 3] = [(Column::Document, 4), (Column::By, 3), (Column::Kind, 3)];

/// A column's header.
pub fn label(col: Column, long: bool) -> &'static str {
    match (col, long) {
        (Column::Document, _) => "Document",
        (Column::Date, _) => "Date",
        (Column::Year, _) => "Year",
        (Column::By, _) => "By",
        (Column::Kind, _) => "Kind",
        (Column::Collectives, true) => "Collectives",
        (Column::Collectives, false) => "Coll.",
        (Column::Individuals, true) => "Individuals",
        (Column::Individuals, false) => "Indiv.",
        (Column::Combined, true) => "Combined",
        (Column::Combined, false) => "Comb.",
    }
}

/// A row's cell as drawn: counts grouped the Vietnamese way (2.051), "–" where unknown,
/// document text made safe to draw.
pub fn cell(r: &RowRef, col: Column) -> String {
    let text = match col {
        Column::Document if r.title().trim().is_empty() => Some(r.name().to_string()),
        Column::Collectives => r.award.collectives.map(|n| format_count(n.into())),
        Column::Individuals => r.award.individuals.map(|n| format_count(n.into())),
        Column::Combined => r.award.combined.map(|n| format_count(n.into())),
        c => r.cell(c).filter(|s| !s.trim().is_empty()),
    };
    let text = match text {
        Some(t) => super::safe(&t).into_owned(),
        None => UNKNOWN.into(),
    };
    // A breakdown stands under its total, marked, and is not added to the totals again.
    match (col, r.depth) {
        (Column::Document, d) if d > 0 => format!("{}└ {text}", "  ".repeat(d - 1)),
        _ => text,
    }
}

/// The totals row's cell: "Total" under the document, the sums under the counts.
pub fn total_cell(t: &Totals, col: Column) -> String {
    match col {
        Column::Document => "Total".into(),
        Column::Collectives => format_count(t.collectives),
        Column::Individuals => format_count(t.individuals),
        Column::Combined => format_count(t.combined),
        _ => String::new(),
    }
}

/// The widest cell of each column over the rows shown of `table` (read from `docs`) and
/// its totals; in parallel, a document's title and date measured once for all its rows,
/// counts by their digits (a million statements are measured in a fraction of a second).
pub fn natural(table: &AwardTable, docs: &[Document]) -> [usize; 8] {
    let mut w = [0; 8];
    for (i, c) in Column::ALL.into_iter().enumerate() {
        w[i] = width(&total_cell(&table.totals(docs), c));
    }
    const CHUNK: usize = 4096;
    let rows = (0..table.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut w = [0; 8];
            let mut last = None;
            for n in c * CHUNK..((c + 1) * CHUNK).min(table.len()) {
                let Some(r) = table.get(n, docs) else { break };
                let same_doc = last == Some((r.doc, r.depth));
                for (i, c) in Column::ALL.into_iter().enumerate() {
                    let skip = matches!(c, Column::Document | Column::Date) && same_doc;
                    // Most texts are measured without looking at them: no wider than that.
                    if !skip && cell_bound(&r, c) > w[i] {
                        w[i] = w[i].max(cell_width(&r, c));
                    }
                }
                last = Some((r.doc, r.depth));
            }
            w
        })
        .reduce(|| [0; 8], |a, b| std::array::from_fn(|i| a[i].max(b[i])));
    std::array::from_fn(|i| w[i].max(rows[i]))
}

/// The width of [`cell`], mostly without making it.
fn cell_width(r: &RowRef, col: Column) -> usize {
    let a = r.award;
    let text = match col {
        Column::Collectives => return count_width(a.collectives),
        Column::Individuals => return count_width(a.individuals),
        Column::Combined => return count_width(a.combined),
        Column::Year => return a.year.map_or(width(UNKNOWN), digits),
        Column::Document if r.title().trim().is_empty() => Some(r.name()),
        Column::Document => Some(r.title()),
        Column::Date => r.date(),
        Column::By => a.by.as_deref(),
        Column::Kind => a.kind.as_deref(),
    };
    let w = match text.filter(|s| !s.trim().is_empty()) {
        Some(t) => width(&super::safe(t)),
        None => width(UNKNOWN),
    };
    match (col, r.depth) {
        (Column::Document, d) if d > 0 => 2 * (d - 1) + width("└ ") + w,
        _ => w,
    }
}

/// At least [`cell_width`], found without measuring text: a text is no wider than its
/// bytes (a character two columns wide takes three or four, U+FFFD for a control byte
/// takes one column).
fn cell_bound(r: &RowRef, col: Column) -> usize {
    let a = r.award;
    let text = match col {
        Column::Document if r.title().trim().is_empty() => Some(r.name()),
        Column::Document => Some(r.title()),
        Column::Date => r.date(),
        Column::By => a.by.as_deref(),
        Column::Kind => a.kind.as_deref(),
        c => return cell_width(r, c),
    };
    let w = text.map_or(0, str::len).max(width(UNKNOWN));
    match (col, r.depth) {
        (Column::Document, d) if d > 0 => 2 * (d - 1) + width("└ ") + w,
        _ => w,
    }
}

/// The width of a year as written: its digits, and a minus sign.
fn digits(y: i32) -> usize {
    usize::from(y < 0) + y.unsigned_abs().checked_ilog10().unwrap_or(0) as usize + 1
}

/// The width of a count as [`cell`] writes it: digits grouped by dots, "–" unknown.
fn count_width(n: Option<u32>) -> usize {
    match n {
        None => width(UNKNOWN),
        Some(n) => {
            let digits = n.checked_ilog10().unwrap_or(0) as usize + 1;
            digits + (digits - 1) / 3
        }
    }
}

/// Column widths for `room` columns: every column as wide as its widest cell (and label)
/// when that fits; otherwise dates and counts keep theirs and the document, the awarding
/// body and the kind share what is left, none wider than it needs.
pub fn widths(room: usize, natural: [usize; 8], long: bool) -> [usize; 8] {
    let mut w = natural;
    for (i, c) in Column::ALL.into_iter().enumerate() {
        w[i] = w[i].max(width(label(c, long)));
    }
    let gaps = GAP * (w.len() - 1);
    if w.iter().sum::<usize>() + gaps <= room {
        return w;
    }
    let idx = |c: Column| Column::ALL.iter().position(|&x| x == c).unwrap_or(0);
    let fixed: usize = (0..w.len())
        .filter(|&i| FLEXIBLE.iter().all(|(c, _)| idx(*c) != i))
        .map(|i| w[i])
        .sum();
    let mut left = room.saturating_sub(gaps + fixed);
    let mut flex = FLEXIBLE;
    // Narrowest need per share first, so what they leave goes to the others.
    flex.sort_by(|(a, wa), (b, wb)| (w[idx(*a)] * wb).cmp(&(w[idx(*b)] * wa)));
    let mut shares: usize = flex.iter().map(|(_, s)| s).sum();
    for (c, s) in flex {
        let i = idx(c);
        w[i] = w[i].min(left * s / shares);
        left -= w[i];
        shares -= s;
    }
    w
}

/// `text` cut or padded to exactly `w` columns, right-aligned if `right`.
pub fn fit(text: &str, w: usize, right: bool) -> String {
    let t = truncate(text, w);
    let pad = " ".repeat(w.saturating_sub(width(&t)));
    if right {
        pad + &t
    } else {
        t.into_owned() + &pad
    }
}

/// A whole row of cells laid out in `widths`.
pub fn line(cells: &[String; 8], widths: &[usize; 8]) -> String {
    let parts: Vec<String> = Column::ALL
        .into_iter()
        .enumerate()
        .map(|(i, c)| fit(&cells[i], widths[i], c.is_numeric()))
        .collect();
    parts.join(&" ".repeat(GAP))
}

/// The cells of a row.
pub fn cells(r: &RowRef) -> [String; 8] {
    Column::ALL.map(|c| cell(r, c))
}

/// The cells of the totals row.
pub fn total_cells(t: &Totals) -> [String; 8] {
    Column::ALL.map(|c| total_cell(t, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_widths_are_the_widths_of_the_cells() {
        let lib = crate::corpus::Library::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-data"
        ))]);
        let table = AwardTable::new(&lib.docs);
        let mut rows: Vec<RowRef> = table.rows(&lib.docs).collect();
        assert!(rows.iter().any(|r| r.depth > 0));
        let mut doc = rows[0].document.clone();
        doc.facts.title = "  ".into();
        let mut award = rows[0].award.clone();
        award.by = Some("a\u{1b}[31mb 漢字".into());
        award.kind = Some(" ".into());
        award.year = Some(-12);
        award.collectives = Some(1_234_567);
        award.individuals = Some(0);
        rows.push(RowRef {
            document: &doc,
            award: &award,
            depth: 3,
            ..rows[0]
        });
        for r in &rows {
            for c in Column::ALL {
                assert_eq!(cell_width(r, c), width(&cell(r, c)), "{c:?} {r:?}");
                assert!(cell_bound(r, c) >= cell_width(r, c), "{c:?} {r:?}");
            }
        }
        for y in [0, 7, 10, 2009, -1, -12, i32::MIN, i32::MAX] {
            assert_eq!(digits(y), y.to_string().len(), "{y}");
        }
    }

    /// What [`cell_bound`] stands on: no character is wider on screen than its bytes.
    #[test]
    fn no_character_is_wider_than_its_bytes() {
        let bad: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| {
                let s = format!("{c}\u{fe0f}a{c}\u{301}");
                let one = c.to_string();
                width(&crate::tui::safe(&s)) > s.len() || width(&crate::tui::safe(&one)) > one.len()
            })
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
    }

    #[test]
    fn everything_fits_when_there_is_room() {
        let nat = [20, 10, 4, 9, 9, 3, 5, 5];
        let w = widths(200, nat, true);
        // Labels widen the count columns.
        assert_eq!(w, [20, 10, 4, 9, 9, 11, 11, 8]);
    }

    #[test]
    fn narrow_screens_share_the_rest_by_need() {
        let nat = [120, 10, 4, 32, 20, 3, 5, 5];
        let w = widths(76, nat, false);
        assert_eq!(w.iter().sum::<usize>() + GAP * 7, 76);
        // Dates and counts keep their width.
        assert_eq!(&w[1..3], &[10, 4]);
        assert_eq!(&w[5..], &[5, 6, 5]);
        assert!(w[0] > w[3] && w[3] >= w[4] - 1, "{w:?}");
        // A flexible column needing less than its share gives the rest away.
        let w = widths(76, [120, 10, 4, 4, 20, 3, 5, 5], false);
        assert_eq!(w[3], 4);
        assert_eq!(w.iter().sum::<usize>() + GAP * 7, 76);
    }

    #[test]
    fn tiny_rooms_do_not_panic() {
        for room in 0..30 {
            let w = widths(room, [50, 10, 4, 20, 20, 5, 5, 5], false);
            assert!(w[0] <= 50);
        }
    }

    #[test]
    fn fit_is_display_width_aware() {
        assert_eq!(fit("Bằng khen", 6, false), "Bằng …");
        assert_eq!(fit("漢字漢字", 6, false), "漢字… ");
        assert_eq!(fit("2.051", 7, true), "  2.051");
        assert_eq!(width(&fit("Kết quả thực hiện", 10, false)), 10);
    }
}
