//! The help overlay, generated from the key table.

use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use ratatui::Frame;

use super::block;
use crate::text::wrap::{truncate, width};
use crate::tui::keymap::first_key;
use crate::tui::layout::help_area;
use crate::tui::state::State;

pub fn draw(f: &mut Frame, s: &State) {
    let lines = s.help_lines();
    let area = help_area(f.area(), lines.len());
    f.render_widget(Clear, area);
    let top = s.help.unwrap_or(0);
    let mut b = block("Keys · Esc closes", area, true, &s.theme);
    let inner = b.inner(area);
    if top + (inner.height as usize) < lines.len() {
        let down = first_key(&s.keys, "down").unwrap_or_else(|| "↓".into());
        b = b.title_bottom(Line::from(format!(" {down} more ")).right_aligned());
    }
    f.render_widget(b, area);
    let keys_w = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0) + 2;
    let w = inner.width as usize;
    for (i, (keys, what)) in lines
        .iter()
        .skip(top)
        .take(inner.height as usize)
        .enumerate()
    {
        let row = ratatui::layout::Rect {
            y: inner.y + i as u16,
            height: 1,
            ..inner
        };
        let line = if keys.is_empty() {
            Line::from(Span::styled(
                format!(" {}", truncate(what, w.saturating_sub(1))),
                s.theme.heading(),
            ))
        } else {
            let k = format!("  {keys:<keys_w$}");
            let rest = w.saturating_sub(width(&k));
            Line::from(vec![
                Span::styled(k, s.theme.border(true)),
                Span::raw(truncate(what, rest).into_owned()),
            ])
        };
        f.render_widget(line, row);
    }
}
