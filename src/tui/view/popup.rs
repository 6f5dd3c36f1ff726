//! The bookmarks and warnings overlays.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Clear;
use ratatui::Frame;

use super::block;
use crate::text::wrap::{truncate, width};
use crate::tui::keymap::first_key;
use crate::tui::safe;
use crate::tui::state::{popup_areas, warning_rows, warnings_width, Popup, State};

pub fn draw(f: &mut Frame, s: &State) {
    let key = |name: &str| first_key(&s.keys, name).unwrap_or_else(|| "–".into());
    match &s.popup {
        Some(Popup::Bookmarks { rows, sel, top }) => {
            let (area, inner) = popup_areas(f.area(), rows.len().max(1));
            f.render_widget(Clear, area);
            let title = format!(
                "Bookmarks · {} go · {} delete · {} close",
                key("open"),
                key("delete"),
                key("back")
            );
            f.render_widget(block(&title, area, true, &s.theme), area);
            let w = inner.width as usize;
            if rows.is_empty() {
                let msg = format!(
                    "No bookmarks yet: press {} in a document to set one.",
                    key("bookmark")
                );
                f.render_widget(Line::from(truncate(&msg, w).into_owned()), inner);
            }
            for (i, r) in rows
                .iter()
                .enumerate()
                .skip(*top)
                .take(inner.height as usize)
            {
                let row = Rect {
                    y: inner.y + (i - top) as u16,
                    height: 1,
                    ..inner
                };
                // The title takes at most two fifths, so the label always shows.
                let note = r.note.map(|n| format!(" ({n})")).unwrap_or_default();
                let title = truncate(&safe(&r.title), w * 2 / 5).into_owned();
                let text = format!("{title} — {}", safe(&r.label));
                let room = w.saturating_sub(width(&note));
                let line = format!("{}{note}", truncate(&text, room));
                let style = if i == *sel {
                    s.theme.selected(true)
                } else {
                    Style::new()
                };
                f.buffer_mut().set_style(row, style);
                f.render_widget(Line::styled(line, style), row);
            }
        }
        Some(Popup::Warnings { lines, top }) => {
            let rows = warning_rows(lines, warnings_width(f.area()));
            let (area, inner) = popup_areas(f.area(), rows.len());
            f.render_widget(Clear, area);
            let mut b = block(
                &format!("Warnings · {} closes", key("back")),
                area,
                true,
                &s.theme,
            );
            if top + (inner.height as usize) < rows.len() {
                b = b.title_bottom(Line::from(format!(" {} more ", key("down"))).right_aligned());
            }
            f.render_widget(b, area);
            for (i, (text, heading)) in rows
                .iter()
                .skip(*top)
                .take(inner.height as usize)
                .enumerate()
            {
                let row = Rect {
                    y: inner.y + i as u16,
                    height: 1,
                    ..inner
                };
                let style = if *heading {
                    s.theme.heading()
                } else {
                    Style::new()
                };
                f.render_widget(Line::styled(text.clone(), style), row);
            }
        }
        None => {}
    }
}
