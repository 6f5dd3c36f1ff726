//! The facts panel: awards, programmes, references and figures of the open document.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use super::{block, layout, safe};
use crate::text::wrap::truncate;
use crate::tui::state::{Pane, State};

pub fn draw(f: &mut Frame, area: Rect, s: &State, overlay: bool) {
    let focused = s.focus == Pane::Facts;
    let title = if overlay {
        "Facts · Esc closes"
    } else {
        "Facts"
    };
    let b = block(title, area, focused, &s.theme);
    let inner = layout::inner(Pane::Facts, area);
    f.render_widget(b, area);
    if s.open.is_none() {
        f.render_widget(Line::from(" No document selected."), inner);
        return;
    }
    let w = inner.width as usize;
    let rows = s
        .facts_rows
        .iter()
        .skip(s.facts_top)
        .take(inner.height as usize);
    for (i, r) in rows.enumerate() {
        let row = Rect {
            y: inner.y + i as u16,
            height: 1,
            ..inner
        };
        let e = &s.entries[r.entry];
        let style = if e.heading {
            s.theme.heading()
        } else if s.facts_sel == Some(r.entry) {
            s.theme.selected(focused)
        } else {
            Default::default()
        };
        if !e.heading && !r.text.is_empty() {
            f.buffer_mut().set_style(row, style);
        }
        f.render_widget(
            Line::styled(truncate(&safe(&r.text), w).into_owned(), style),
            row,
        );
    }
}
