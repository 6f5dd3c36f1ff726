//! The document list: each title whole over up to two lines, unread ones bold with a
//! mark, then date · place · source and the number of matches.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::Frame;

use super::{block, layout, safe};
use crate::extract::numbers::format_count;
use crate::text::wrap::{truncate, width};
use crate::tui::find::find_all;
use crate::tui::state::{doc_title, title_lines, Pane, State};

/// Put before the title of a document not read yet (the mark shows without colour), and
/// what is put before every other line.
const UNREAD: &str = "• ";
const INDENT: &str = "  ";

pub fn draw(f: &mut Frame, area: Rect, s: &State) {
    let focused = s.focus == Pane::List;
    let b = block(&pane_title(s, area.width), area, focused, &s.theme);
    let inner = layout::inner(Pane::List, area);
    f.render_widget(b, area);
    let w = s.title_width();
    if s.visible.is_empty() {
        let msg = if let (Some(p), true) = (s.progress(), s.lib.docs.is_empty()) {
            super::progress::line(&p)
        } else if s.lib.docs.is_empty() {
            "No documents loaded.".to_string()
        } else if s.query.is_empty() {
            "Every document is read.".to_string()
        } else {
            format!("Nothing matches “{}”.", s.query)
        };
        f.render_widget(
            Line::from(format!("{INDENT}{}", truncate(&safe(&msg), w))),
            inner,
        );
        return;
    }
    let mut y = inner.y;
    for (row, &d) in s.visible.iter().enumerate().skip(s.list_top) {
        if y >= inner.bottom() {
            break;
        }
        let doc = &s.lib.docs[d];
        let selected = row == s.selected;
        let read = s.is_read(d);
        let base = if selected {
            s.theme.selected(focused)
        } else {
            Default::default()
        };
        let mut title_style = if selected { base } else { s.theme.title() };
        if !read {
            title_style = title_style.add_modifier(Modifier::BOLD);
        }
        let meta_style = if selected { base } else { s.theme.dim() };
        let lines = title_lines(doc_title(doc), w);
        let mut put = |y: u16, text: String, style| {
            let r = Rect {
                y,
                height: 1,
                ..inner
            };
            f.buffer_mut().set_style(r, base);
            f.render_widget(Line::styled(text, style), r);
        };
        for (i, line) in lines.into_iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            let mark = if i == 0 && !read { UNREAD } else { INDENT };
            put(y, format!("{mark}{line}"), title_style);
            y += 1;
        }
        if y < inner.bottom() {
            let meta = truncate(&safe(&meta(s, row, d)), w).into_owned();
            put(y, format!("{INDENT}{meta}"), meta_style);
            y += 1;
        }
    }
}

/// The line under a title: matches, format, date, place, source (or the file name).
fn meta(s: &State, row: usize, d: usize) -> String {
    let doc = &s.lib.docs[d];
    let mut meta = Vec::new();
    if !s.query.trim().is_empty() {
        let k = match s.counts.get(row) {
            Some(&k) if s.full_text => k,
            _ => find_all(doc.text(), &s.query).len(),
        };
        meta.push(format!("{k} match{}", if k == 1 { "" } else { "es" }));
    }
    // A document read from another format than text says which, first (it fits).
    let format = doc.format();
    if format != crate::formats::Format::Txt {
        meta.push(format.as_str().to_string());
    }
    let f = &doc.facts;
    let known: Vec<&str> = [f.date.as_deref(), f.place.as_deref(), f.source.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if known.is_empty() {
        meta.push(doc.name.to_string());
    }
    meta.extend(known.into_iter().map(str::to_string));
    meta.join(" · ")
}

/// The pane's title with its counts whole: shorter words go first on a narrow pane.
fn pane_title(s: &State, pane_width: u16) -> String {
    let n = format_count(s.lib.docs.len() as u64);
    let shown = format_count(s.visible.len() as u64);
    let options = if s.query.is_empty() && !s.unread_only {
        vec![format!("Documents ({n})"), format!("Docs ({n})"), n]
    } else {
        let what = if s.unread_only { " unread" } else { "" };
        vec![
            format!("{shown}{what} of {n}"),
            format!("{shown}/{n}"),
            shown,
        ]
    };
    // What the frame has room for (see `block`).
    let room = (pane_width as usize).saturating_sub(6);
    let last = options.len() - 1;
    options
        .into_iter()
        .enumerate()
        .find(|(i, t)| width(t) <= room || *i == last)
        .map(|(_, t)| t)
        .unwrap_or_default()
}
