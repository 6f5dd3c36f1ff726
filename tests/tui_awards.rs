//! The awards table inside the reader: the whole library's award statements, sorted,
//! filtered by the list's search, with totals, and Enter to read one in its document.

mod support;

use std::sync::Arc;

use crossterm::event::KeyCode;
use support::tui::*;
use vanban::awards::Column;
use vanban::corpus::{Document, Library};
use vanban::search::{Heads, Mode, Results};
use vanban::text::fold::fold;
use vanban::text::wrap::width;
use vanban::tui::{Pane, State};

fn open_table(w: u16, h: u16) -> State {
    let mut s = state(samples(), w, h);
    press(&mut s, KeyCode::Char('a'));
    assert!(s.table_open);
    s
}

fn snap(s: &State) -> String {
    screen(draw(s).backend().buffer())
}

/// The screen row holding the totals.
fn totals_row(text: &str) -> String {
    text.lines()
        .find(|l| l.contains("Total"))
        .unwrap_or_else(|| panic!("no totals row:\n{text}"))
        .to_string()
}

/// The numbers of a row, left to right.
fn numbers(row: &str) -> Vec<String> {
    row.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .map(String::from)
        .collect()
}

/// Each person counted once: the breakdowns of the 3.150 are not added again.
fn assert_sample_totals(text: &str) {
    assert_eq!(numbers(&totals_row(text)), ["25", "57", "3.150"]);
    assert!(text.contains("3.232 commended"), "{text}");
    assert!(text.contains("└ "), "breakdowns marked:\n{text}");
}

#[test]
fn awards_overview_80x24() {
    let s = open_table(80, 24);
    let text = snap(&s);
    assert_sample_totals(&text);
    assert!(
        text.contains("Awards: 7 statements in 3 documents"),
        "{text}"
    );
    // Narrow columns are cut with an ellipsis, and no row is wider than the screen.
    assert!(text.contains("Kết quả thực"), "{text}");
    assert!(text.contains('…'));
    for row in text.lines() {
        assert_eq!(width(row), 80, "{row:?}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn awards_overview_120x40() {
    let s = open_table(120, 40);
    let text = snap(&s);
    assert_sample_totals(&text);
    for label in ["Collectives", "Individuals", "Combined", "Document", "Kind"] {
        assert!(text.contains(label), "{label} header:\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn every_statement_is_a_row_in_library_order() {
    let s = open_table(120, 40);
    let t = &s.table.as_ref().unwrap().table;
    assert_eq!(t.len(), 7);
    let docs: Vec<usize> = t.rows(&s.lib.docs).map(|r| r.doc).collect();
    assert_eq!(docs, [0, 0, 0, 2, 2, 4, 4]);
    let text = snap(&s);
    // Row by row, the counts the extraction found, grouped the Vietnamese way.
    assert!(text.contains("437"), "{text}");
    assert!(text.contains("1.743"), "{text}");
    assert!(text.contains("2020-08-06"), "{text}");
}

#[test]
fn s_cycles_the_sort_column_and_shift_s_reverses() {
    let mut s = open_table(120, 40);
    let sort = |s: &State| s.table.as_ref().unwrap().table.sort();
    assert_eq!(sort(&s), None);
    for col in Column::ALL {
        press(&mut s, KeyCode::Char('s'));
        assert_eq!(sort(&s), Some((col, true)));
    }
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(sort(&s), None, "after the last column: library order again");
    for _ in 0..6 {
        press(&mut s, KeyCode::Char('s'));
    }
    assert_eq!(sort(&s), Some((Column::Collectives, true)));
    let collectives = |s: &State| -> Vec<Option<u32>> {
        let t = &s.table.as_ref().unwrap().table;
        t.rows(&s.lib.docs).map(|r| r.award.collectives).collect()
    };
    // Statements that stand on their own are sorted; the two breakdowns of the 3.150
    // (no collectives of its own, so among the last) follow it.
    assert_eq!(
        collectives(&s),
        [Some(1), Some(4), Some(20), None, Some(437), Some(50), None]
    );
    press(&mut s, KeyCode::Char('S'));
    assert_eq!(sort(&s), Some((Column::Collectives, false)));
    assert_eq!(
        collectives(&s),
        [Some(20), Some(4), Some(1), None, Some(437), Some(50), None],
        "unknown counts stay last"
    );
    // On screen: the title says the order, the first row is the largest.
    let text = snap(&s);
    assert!(text.contains("by collectives ▼"), "{text}");
    let first = text.lines().nth(2).unwrap();
    assert!(first.contains("20") && first.contains("49"), "{first}");
    // The totals do not depend on the order.
    assert_sample_totals(&text);
}

#[test]
fn sorting_keeps_the_selected_row() {
    let mut s = open_table(120, 40);
    press(&mut s, KeyCode::Char('j'));
    let v = s.table.as_ref().unwrap();
    let chosen = v.table.get(v.sel, &s.lib.docs).unwrap().target();
    for _ in 0..8 {
        press(&mut s, KeyCode::Char('s'));
        let v = s.table.as_ref().unwrap();
        assert_eq!(v.table.get(v.sel, &s.lib.docs).unwrap().target(), chosen);
    }
}

#[test]
fn the_filter_narrows_the_table_and_its_totals() {
    // The list's filter applies when the table opens …
    let mut s = state(samples(), 120, 40);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "qua 2");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('a'));
    let text = snap(&s);
    assert!(
        text.contains("Awards: 2 statements in 1 document"),
        "{text}"
    );
    assert_eq!(numbers(&totals_row(&text)), ["1", "4", "0"]);
    // … and `/` inside the table changes it for both.
    press(&mut s, KeyCode::Char('/'));
    for _ in 0.."qua 2".len() {
        press(&mut s, KeyCode::Backspace);
    }
    keys(&mut s, "Chuyển biến");
    press(&mut s, KeyCode::Enter);
    assert!(
        s.table_open,
        "Enter keeps the filter and stays in the table"
    );
    let text = snap(&s);
    assert!(text.contains("filter “Chuyển biến”"), "{text}");
    // The totals are those of the documents the search finds (fuzzily, as in fzf).
    let found = vanban::search::rank(&s.lib, "Chuyển biến");
    let sum = |f: fn(&vanban::extract::Award) -> Option<u32>| -> u64 {
        found
            .iter()
            .flat_map(|&d| &s.lib.docs[d].facts.awards)
            .filter(|a| a.within.is_none())
            .filter_map(f)
            .map(u64::from)
            .sum()
    };
    let want = [
        sum(|a| a.collectives),
        sum(|a| a.individuals),
        sum(|a| a.combined),
    ];
    assert!(
        want != [25, 57, 3150] && want.iter().any(|&n| n > 0),
        "a filter that narrows: {want:?}"
    );
    assert_eq!(
        numbers(&totals_row(&text)),
        want.map(vanban::extract::numbers::format_count).to_vec()
    );
    assert_eq!(s.visible, found, "the list follows the same filter");
    // Nothing matching: a message and zero totals.
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "zzz");
    let text = snap(&s);
    assert!(text.contains("No award statements in the documents matching"));
    assert_eq!(numbers(&totals_row(&text)), ["0", "0", "0"]);
    // Esc while typing clears the filter: every row again.
    press(&mut s, KeyCode::Esc);
    assert_sample_totals(&snap(&s));
    assert!(s.table_open);
}

#[test]
fn enter_reads_the_statement_in_its_document() {
    let mut s = open_table(80, 24);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    let v = s.table.as_ref().unwrap();
    let (doc, span) = v.table.get(v.sel, &s.lib.docs).unwrap().target();
    press(&mut s, KeyCode::Enter);
    assert!(!s.table_open);
    assert_eq!(
        (s.open, s.focus, s.target),
        (Some(doc), Pane::Reader, Some(span))
    );
    let t = draw(&s);
    let reader = text_in(t.backend().buffer(), s.areas().reader.unwrap());
    assert!(reader.contains("có 50 tập thể và 251 cá nhân"), "{reader}");
    let line = s.page.line_of(s.page.range(span).start);
    assert!(line >= s.reader_top && line < s.reader_top + s.reader_height());
    // Back to the table: it kept its place.
    press(&mut s, KeyCode::Char('a'));
    assert_eq!(s.table.as_ref().unwrap().sel, 2);
    press(&mut s, KeyCode::Esc);
    assert!(!s.table_open, "Esc closes it");
}

#[test]
fn enter_on_a_row_of_another_document_opens_it() {
    let mut s = open_table(120, 40);
    press(&mut s, KeyCode::Char('G'));
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.open, Some(4));
    let t = draw(&s);
    let reader = text_in(t.backend().buffer(), s.areas().reader.unwrap());
    assert!(reader.contains("khen thưởng"), "{reader}");
}

#[test]
fn y_copies_the_selected_statement() {
    let mut s = open_table(80, 24);
    press(&mut s, KeyCode::Char('y'));
    let copied = s.take_clipboard().expect("something to copy");
    assert!(
        copied.starts_with("Kết quả năm 2009, có 3.150 tập thể, cá nhân"),
        "{copied}"
    );
    assert!(s.message.as_deref().unwrap().starts_with("copied"));
    assert!(snap(&s).contains("copied"));
    assert_eq!(s.take_clipboard(), None, "sent once");
}

#[test]
fn the_mouse_selects_and_scrolls_rows() {
    let mut s = open_table(120, 40);
    let body = vanban::tui::layout::table_areas(s.size).body;
    vanban::tui::update(&mut s, vanban::tui::Action::Click(body.x + 3, body.y + 4));
    assert_eq!(s.table.as_ref().unwrap().sel, 4);
    vanban::tui::update(
        &mut s,
        vanban::tui::Action::Wheel {
            x: 5,
            y: 5,
            down: false,
        },
    );
    assert_eq!(s.table.as_ref().unwrap().sel, 1);
}

#[test]
fn tiny_screens_draw_the_table() {
    let mut s = open_table(120, 40);
    for (w, h) in [(1, 1), (20, 5), (40, 8), (59, 12)] {
        vanban::tui::update(&mut s, vanban::tui::Action::Resize(w, h));
        press(&mut s, KeyCode::Char('j'));
        let text = snap(&s);
        for row in text.lines() {
            assert!(width(row) <= w as usize);
        }
    }
}

/// `v`: the totals by place and year, each person once; sorted with `s`; Enter on a group
/// shows its statements; `v` again goes back to every statement.
#[test]
fn grouped_by_place_and_year() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = open_table(w, h);
        press(&mut s, KeyCode::Char('v'));
        let text = snap(&s);
        assert!(
            text.contains("Awards by place and year: 3 groups · 3.232 commended"),
            "{text}"
        );
        for want in ["Long An", "Đồng Tháp", "2009", "2022"] {
            assert!(text.contains(want), "{want}:\n{text}");
        }
        // Every row's numbers: documents, statements, collectives, individuals, combined, all.
        let row = |place: &str, year: &str| {
            let line = text
                .lines()
                .find(|l| l.contains(place) && l.contains(year))
                .unwrap_or_else(|| panic!("{place} {year}:\n{text}"))
                .to_string();
            numbers(&line.replace(year, ""))
        };
        assert_eq!(
            row("Long An", "2009"),
            ["1", "3", "0", "0", "3.150", "3.150"]
        );
        assert_eq!(row("Long An", "2022"), ["1", "2", "1", "4", "0", "5"]);
        assert_eq!(
            numbers(&totals_row(&text)),
            ["3", "7", "25", "57", "3.150", "3.232"]
        );
        insta::assert_snapshot!(format!("grouped_{w}x{h}"), text);
    }
    let mut s = open_table(120, 40);
    press(&mut s, KeyCode::Char('v'));
    // Sorted by documents, then statements: the 2009 group (3 statements) first, descending.
    press(&mut s, KeyCode::Char('s'));
    press(&mut s, KeyCode::Char('s'));
    press(&mut s, KeyCode::Char('S'));
    let text = snap(&s);
    assert!(text.contains("by statements ▼"), "{text}");
    let first = text.lines().nth(2).unwrap();
    assert!(
        first.contains("Long An") && first.contains("2009"),
        "{first}"
    );
    // Enter: that group's statements, the breakdowns with their total.
    press(&mut s, KeyCode::Enter);
    let t = &s.table.as_ref().unwrap();
    assert!(t.groups.is_none());
    let rows: Vec<_> = t
        .table
        .rows(&s.lib.docs)
        .map(|r| (r.award.combined, r.depth))
        .collect();
    assert_eq!(rows, [(Some(3150), 0), (None, 1), (None, 1)]);
    // `v` twice: the groups again, then every statement.
    press(&mut s, KeyCode::Char('v'));
    assert_eq!(
        s.table
            .as_ref()
            .unwrap()
            .groups
            .as_ref()
            .unwrap()
            .rows
            .len(),
        3
    );
    press(&mut s, KeyCode::Char('v'));
    assert_eq!(s.table.as_ref().unwrap().table.len(), 7);
}

/// The table's rows point into the documents: when the loading patches in documents with
/// other statements, an open table is made again from them, sorted as it was.
#[test]
fn the_table_follows_documents_patched_in() {
    let mut s = open_table(120, 40);
    press(&mut s, KeyCode::Char('s'));
    let mut docs = s.lib.docs.clone();
    // The first document (three statements) has none now.
    docs[0].facts.awards = Box::default();
    s.patch_docs(0, docs);
    assert!(s.table_open);
    let t = &s.table.as_ref().unwrap().table;
    assert_eq!(t.sort(), Some((Column::Document, true)));
    let mut docs: Vec<usize> = t.rows(&s.lib.docs).map(|r| r.doc).collect();
    docs.sort();
    assert_eq!(docs, [2, 2, 4, 4]);
    let text = snap(&s);
    assert!(
        text.contains("Awards: 4 statements in 2 documents"),
        "{text}"
    );
    // A closed table is dropped, and made from the documents in place when opened.
    press(&mut s, KeyCode::Esc);
    s.patch_docs(0, s.lib.docs.clone());
    assert!(s.table.is_none());
    press(&mut s, KeyCode::Char('a'));
    assert_eq!(s.table.as_ref().unwrap().table.len(), 4);
}

/// A search of a large library sends its matches ahead of their ranking: the table takes
/// them at once, the list waits for the ranking.
#[test]
fn matches_sent_ahead_filter_the_table_before_the_list() {
    let mut s = open_table(120, 40);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "a");
    let listed = s.visible.clone();
    let rows = |s: &State| {
        let t = &s.table.as_ref().unwrap().table;
        let mut docs: Vec<usize> = t.rows(&s.lib.docs).map(|r| r.doc).collect();
        docs.dedup();
        (t.len(), docs)
    };
    let before = rows(&s);
    assert!(before.1.len() > 1, "{before:?}");
    let one = before.1[0];
    let result = |s: &State, docs: Vec<usize>, ranked: bool| Results {
        query: s.query.clone(),
        mode: Mode::Keys,
        docs,
        counts: Vec::new(),
        ranked,
    };
    assert!(s.apply(result(&s, vec![one], false)));
    assert_eq!(s.visible, listed, "the list waits for the ranking");
    let ahead = rows(&s);
    assert_eq!(ahead.1, [one]);
    assert_eq!(ahead.0, s.lib.docs[one].facts.awards.len());
    // Not for another query, nor with the table closed.
    let mut stale = result(&s, listed.clone(), false);
    stale.query.push('x');
    assert!(!s.apply(stale));
    assert_eq!(rows(&s), ahead);
    // The ranking lists its documents, and the table follows when they differ.
    assert!(s.apply(result(&s, listed.clone(), true)));
    assert_eq!(s.visible, listed);
    assert_eq!(rows(&s), before);
    press(&mut s, KeyCode::Esc);
    s.table_open = false;
    assert!(!s.apply(result(&s, vec![one], false)));
}

/// A library put in place with its search heads is ranked by title in the background; the
/// table sorts by those ranks, and by new ones when another library (as many documents,
/// other titles) takes its place.
#[test]
fn the_table_sorts_by_the_ranks_of_the_library_in_place() {
    let with_heads = |mut lib: Library| {
        let refs: Vec<&Document> = lib.docs.iter().collect();
        lib.heads = Some(Arc::new(Heads::of_docs(&refs)));
        lib
    };
    let titles = |s: &State| -> Vec<String> {
        let t = &s.table.as_ref().unwrap().table;
        let mut out: Vec<String> = t.rows(&s.lib.docs).map(|r| r.title().to_string()).collect();
        out.dedup();
        out
    };
    let sorted = |mut v: Vec<String>| {
        v.sort_by_key(|t| fold(t));
        v
    };
    let mut s = state(Library::default(), 120, 40);
    s.replace_library(with_heads(samples()));
    press(&mut s, KeyCode::Char('a'));
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(
        s.table.as_ref().unwrap().table.sort(),
        Some((Column::Document, true))
    );
    let first = titles(&s);
    assert_eq!(first, sorted(first.clone()));
    // The same files with other titles: the last comes first, the first last.
    let mut lib = samples();
    let n = lib.docs.len();
    lib.docs[0].facts.title = format!("Zz {}", lib.docs[0].facts.title);
    lib.docs[n - 1].facts.title = format!("Aa {}", lib.docs[n - 1].facts.title);
    s.replace_library(with_heads(lib));
    let second = titles(&s);
    assert_eq!(second, sorted(second.clone()));
    assert!(second[0].starts_with("Aa ") && second[second.len() - 1].starts_with("Zz "));
}
