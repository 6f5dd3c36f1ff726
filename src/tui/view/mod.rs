//! Widgets that only draw the [`State`]; they change nothing.

mod awards;
mod facts;
mod help;
mod list;
mod popup;
mod progress;
mod reader;
mod status;

use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};
use ratatui::Frame;

use super::layout;
use super::safe;
use super::state::State;
use super::theme::Theme;
use crate::text::wrap::truncate;

/// Draw the whole screen.
pub fn draw(f: &mut Frame, s: &State) {
    let a = layout::areas(f.area(), s.focus, s.show_facts);
    if s.table_open {
        awards::draw(f, s);
    } else {
        panes(f, &a, s);
    }
    status::draw(f, a.status, s);
    if s.popup.is_some() {
        popup::draw(f, s);
    }
    if s.help.is_some() {
        help::draw(f, s);
    }
}

/// The list, the reader and the facts.
fn panes(f: &mut Frame, a: &layout::Areas, s: &State) {
    if let Some(r) = a.list {
        list::draw(f, r, s);
    }
    if let Some(r) = a.reader {
        reader::draw(f, r, s);
    }
    if let Some(r) = a.facts {
        if a.facts_overlay {
            f.render_widget(Clear, r);
        }
        facts::draw(f, r, s, a.facts_overlay);
    }
}

/// A pane's frame: thick and bold when it has the focus, so focus shows without colour.
fn block<'a>(title: &str, area: Rect, focused: bool, theme: &Theme) -> Block<'a> {
    let room = (area.width as usize).saturating_sub(4);
    let title = format!(" {} ", truncate(&safe(title), room.saturating_sub(2)));
    Block::bordered()
        .border_set(if focused {
            border::THICK
        } else {
            border::PLAIN
        })
        .border_style(theme.border(focused))
        .title(Line::from(title).style(theme.border(focused)))
}
