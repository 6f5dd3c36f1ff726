//! Where each pane goes for a terminal size. Shared by drawing, scrolling and the mouse.

use ratatui::layout::{Margin, Rect};

use super::action::Pane;

/// From this width on the facts panel sits beside the reader; below it, it is an overlay.
pub const WIDE: u16 = 100;
/// Below this width only one pane is shown at a time.
pub const NARROW: u16 = 60;
/// Columns the reader keeps beside the list while the list has the focus.
const PREVIEW: u16 = 28;
/// The widest the list gets: two lines of a long title (about 120 characters).
const LIST_MAX: u16 = 64;

/// The rectangles of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub facts: Option<Rect>,
    /// The facts panel is drawn over the reader.
    pub facts_overlay: bool,
    pub status: Rect,
}

/// The layout for a screen of `size` with `focus` and the facts panel wanted or not.
pub fn areas(size: Rect, focus: Pane, show_facts: bool) -> Areas {
    let main_h = size.height.saturating_sub(1);
    let main = Rect {
        height: main_h,
        ..size
    };
    let status = Rect {
        y: size.y + main_h,
        height: size.height.min(1),
        ..size
    };
    let w = size.width;
    let column = |x: u16, width: u16| Rect { x, width, ..main };
    let mut a = Areas {
        status,
        ..Areas::default()
    };
    // The list is a narrow column beside the text while reading. While choosing it takes
    // all the room beside the facts but a preview of the text, up to what two lines of
    // a long title need, so titles can be read whole.
    let choosing = |narrow: u16, beside: u16| {
        if focus == Pane::List {
            beside.saturating_sub(PREVIEW).clamp(narrow, LIST_MAX)
        } else {
            narrow
        }
    };
    if w >= WIDE {
        let facts_w = if show_facts {
            (w * 3 / 10).clamp(30, 48)
        } else {
            0
        };
        let list_w = choosing((w / 5).clamp(24, 40), w - facts_w);
        a.list = Some(column(main.x, list_w));
        a.reader = Some(column(main.x + list_w, w - list_w - facts_w));
        if show_facts {
            a.facts = Some(column(main.x + w - facts_w, facts_w));
        }
    } else if w >= NARROW {
        let list_w = choosing((w * 3 / 10).clamp(20, 32), w);
        a.list = Some(column(main.x, list_w));
        a.reader = Some(column(main.x + list_w, w - list_w));
    } else if focus == Pane::List {
        a.list = Some(main);
    } else {
        a.reader = Some(main);
    }
    if w < WIDE && focus == Pane::Facts {
        a.facts = a.reader;
        a.facts_overlay = true;
    }
    a
}

/// The part of a pane's rectangle inside its border and padding. The reader and the facts
/// keep a column free on each side so text never touches the border.
pub fn inner(pane: Pane, r: Rect) -> Rect {
    let pad = if pane == Pane::List { 1 } else { 2 };
    r.inner(Margin::new(pad, 1))
}

/// The awards table's parts: it fills the screen above the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableAreas {
    pub frame: Rect,
    pub header: Rect,
    /// The rows of award statements.
    pub body: Rect,
    /// The line above the totals.
    pub rule: Rect,
    pub totals: Rect,
}

/// Where the awards table's parts go on a screen of `size`. Below 4 rows inside the
/// frame there is no room for the totals: the body takes what there is.
pub fn table_areas(size: Rect) -> TableAreas {
    let frame = Rect {
        height: size.height.saturating_sub(1),
        ..size
    };
    let inner = frame.inner(Margin::new(2, 1));
    let row = |y: u16, height: u16| Rect { y, height, ..inner };
    let mut t = TableAreas {
        frame,
        header: row(inner.y, inner.height.min(1)),
        ..TableAreas::default()
    };
    if inner.height >= 4 {
        t.body = row(inner.y + 1, inner.height - 3);
        t.rule = row(inner.bottom() - 2, 1);
        t.totals = row(inner.bottom() - 1, 1);
    } else {
        t.body = row(inner.y + t.header.height, inner.height - t.header.height);
    }
    t
}

/// The help overlay: centred above the status bar, as tall as its `rows` of text allow.
/// The bookmarks and warnings overlays take the same place.
pub fn help_area(size: Rect, rows: usize) -> Rect {
    let main_h = size.height.saturating_sub(1);
    let w = size.width.saturating_sub(4).min(76);
    let h = main_h.min(rows.saturating_add(2).min(u16::MAX as usize) as u16);
    Rect::new(
        size.x + (size.width - w) / 2,
        size.y + (main_h - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(w: u16, h: u16) -> Rect {
        Rect::new(0, 0, w, h)
    }

    #[test]
    fn wide_screen_has_three_columns_that_fill_it() {
        for focus in [Pane::List, Pane::Reader] {
            let a = areas(rect(120, 40), focus, true);
            let (l, r, f) = (a.list.unwrap(), a.reader.unwrap(), a.facts.unwrap());
            assert_eq!(l.width + r.width + f.width, 120);
            assert_eq!((l.right(), r.right()), (r.x, f.x));
        }
        let a = areas(rect(120, 40), Pane::Reader, true);
        assert!(!a.facts_overlay);
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
    }

    #[test]
    fn the_list_is_wide_while_choosing_and_narrow_while_reading() {
        for (w, h) in [(80, 24), (100, 30), (120, 40)] {
            let choosing = areas(rect(w, h), Pane::List, true);
            let reading = areas(rect(w, h), Pane::Reader, true);
            let (lc, lr) = (choosing.list.unwrap().width, reading.list.unwrap().width);
            assert!(lc >= 42 && lr <= 32, "{w}: {lc} choosing, {lr} reading");
            assert_eq!(choosing.reader.unwrap().width, PREVIEW, "a preview stays");
            assert!(reading.reader.unwrap().width >= 46);
        }
        // Without the facts panel the list stops at what two lines of a title need.
        let a = areas(rect(160, 40), Pane::List, false);
        assert_eq!(a.list.unwrap().width, LIST_MAX);
        assert_eq!(a.reader.unwrap().width, 160 - LIST_MAX);
    }

    #[test]
    fn narrow_screen_shows_facts_over_the_reader_only_when_focused() {
        assert_eq!(areas(rect(80, 24), Pane::Reader, true).facts, None);
        let a = areas(rect(80, 24), Pane::Facts, true);
        assert!(a.facts_overlay);
        assert_eq!(a.facts, a.reader);
        assert!(a.reader.unwrap().width >= 48);
    }

    #[test]
    fn tiny_screen_shows_one_pane() {
        let a = areas(rect(40, 10), Pane::List, true);
        assert_eq!((a.list.is_some(), a.reader.is_some()), (true, false));
        let a = areas(rect(40, 10), Pane::Reader, true);
        assert_eq!((a.list.is_some(), a.reader.is_some()), (false, true));
    }

    #[test]
    fn the_table_has_a_header_a_body_and_totals() {
        let t = table_areas(rect(80, 24));
        assert_eq!(t.frame, Rect::new(0, 0, 80, 23));
        assert_eq!((t.header.y, t.body.y, t.body.height), (1, 2, 18));
        assert_eq!((t.rule.y, t.totals.y), (20, 21));
        assert_eq!((t.body.x, t.body.width), (2, 76));
        let tiny = table_areas(rect(10, 4));
        assert_eq!((tiny.body.height, tiny.totals.height), (0, 0));
        table_areas(rect(0, 0));
    }

    #[test]
    fn zero_size_does_not_panic() {
        let a = areas(rect(0, 0), Pane::Facts, true);
        assert_eq!(a.status.height, 0);
    }
}
