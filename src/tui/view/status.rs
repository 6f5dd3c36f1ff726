//! The status bar: document and unread counts, files skipped, the filter being typed or kept, a
//! one-off message, and a hint with the keys in use.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::safe;
use crate::extract::numbers::format_count;
use crate::text::wrap::{truncate, width};
use crate::tui::keymap::first_key;
use crate::tui::state::{Popup, State};

pub fn draw(f: &mut Frame, area: Rect, s: &State) {
    let n = s.lib.docs.len();
    let mode = if s.full_text { " (full text)" } else { "" };
    let left = if s.editing {
        format!("/{}{mode}", s.query)
    } else if let Some(m) = &s.message {
        m.clone()
    } else {
        let mut left = format!(
            "{} document{} · {} unread",
            format_count(n as u64),
            if n == 1 { "" } else { "s" },
            format_count(s.unread() as u64)
        );
        if s.unread_only && !s.table_open {
            left += &format!(
                " ({} lists all)",
                first_key(&s.keys, "unread_only").unwrap_or_default()
            );
        }
        let skipped = s.lib.skipped.len();
        if skipped > 0 {
            let w = first_key(&s.keys, "warnings").unwrap_or_default();
            left += &format!(" · {skipped} skipped ({w})");
        }
        if !s.query.is_empty() && !s.table_open {
            left += &format!(" · filter “{}”: {} shown", s.query, s.visible.len());
        }
        if s.full_text {
            left += " · full text";
        }
        // The progress first, so a narrow screen cuts the counts rather than it.
        match s.progress() {
            Some(p) => format!("{} · {left}", super::progress::line(&p)),
            None => left,
        }
    };
    let (hint, short) = hints(s);
    let w = area.width as usize;
    let hint = if width(&hint) + 20 <= w { hint } else { short };
    let room = w.saturating_sub(width(&hint) + 2);
    let left = format!(" {}", truncate(&safe(&left), room.saturating_sub(1)));
    let gap = w.saturating_sub(width(&left) + width(&hint) + 1);
    let line = Line::from(vec![
        Span::styled(left.clone(), s.theme.status()),
        Span::raw(" ".repeat(gap)),
        Span::styled(hint, s.theme.dim()),
    ]);
    f.render_widget(line, area);
    if s.editing {
        let x = area.x + (width(&left) as u16).min(area.width.saturating_sub(1));
        f.set_cursor_position(Position::new(x, area.y));
    }
}

/// The hint for what is on top, with the keys in use; and a short one for narrow screens.
fn hints(s: &State) -> (String, String) {
    let key = |name: &str| first_key(&s.keys, name).unwrap_or_else(|| "–".into());
    let help = format!("{} help", key("help"));
    let hint = if s.editing {
        let enter = if s.table_open { "keep" } else { "read" };
        format!("Enter {enter} · {} clear · ↑↓ choose", key("back"))
    } else if matches!(s.popup, Some(Popup::Bookmarks { .. })) {
        format!(
            "{} go · {} delete · {} close",
            key("open"),
            key("delete"),
            key("back")
        )
    } else if s.popup.is_some() {
        format!("{} close", key("back"))
    } else if s.table_open && s.table.as_ref().is_some_and(|t| t.groups.is_some()) {
        format!(
            "{} statements · {} sort · {} reverse · {} all statements · {} close",
            key("open"),
            key("sort"),
            key("reverse"),
            key("group"),
            key("back")
        )
    } else if s.table_open {
        format!(
            "{} read · {} sort · {} reverse · {} by place · {} copy · {} close",
            key("open"),
            key("sort"),
            key("reverse"),
            key("group"),
            key("copy"),
            key("back")
        )
    } else {
        format!("{help} · {} quit", key("quit"))
    };
    (hint, help)
}
