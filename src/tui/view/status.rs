//! The status bar: document count, the filter being typed or kept, a hint for help.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::safe;
use crate::text::wrap::{truncate, width};
use crate::tui::state::State;

pub fn draw(f: &mut Frame, area: Rect, s: &State) {
    let n = s.lib.docs.len();
    let (left, hint) = if s.editing {
        (
            format!("/{}", s.query),
            "Enter read · Esc clear · ↑↓ choose",
        )
    } else {
        let mut left = format!("{n} document{}", if n == 1 { "" } else { "s" });
        if !s.query.is_empty() {
            left += &format!(" · filter “{}”: {} shown", s.query, s.visible.len());
        }
        if let Some(m) = &s.message {
            left = m.clone();
        }
        (left, "? help · q quit")
    };
    let w = area.width as usize;
    let hint = if width(hint) + 20 <= w {
        hint
    } else {
        "? help"
    };
    let room = w.saturating_sub(width(hint) + 2);
    let left = format!(" {}", truncate(&safe(&left), room.saturating_sub(1)));
    let gap = w.saturating_sub(width(&left) + width(hint) + 1);
    let line = Line::from(vec![
        Span::raw(left.clone()),
        Span::raw(" ".repeat(gap)),
        Span::styled(hint, s.theme.dim()),
    ]);
    f.render_widget(line, area);
    if s.editing {
        let x = area.x + (width(&left) as u16).min(area.width.saturating_sub(1));
        f.set_cursor_position(Position::new(x, area.y));
    }
}
