//! The awards table: a header, the statements, a rule and the totals of the rows shown.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{block, safe};
use crate::awards::Column;
use crate::text::wrap::truncate;
use crate::tui::layout::table_areas;
use crate::tui::state::State;
use crate::tui::table::{self, label, GAP, LONG_LABELS};

pub fn draw(f: &mut Frame, s: &State) {
    let a = table_areas(f.area());
    let Some(v) = &s.table else { return };
    let t = &v.table;
    let totals = t.totals();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut title = format!(
        "Awards: {} statement{} in {} document{} · {} commended",
        totals.rows,
        plural(totals.rows),
        totals.documents,
        plural(totals.documents),
        crate::extract::numbers::format_count(totals.all)
    );
    if !s.query.trim().is_empty() {
        title += &format!(" · filter “{}”", s.query);
    }
    if let Some((c, asc)) = t.sort() {
        let dir = if asc { "▲" } else { "▼" };
        title += &format!(" · by {} {dir}", label(c, true).to_lowercase());
    }
    let mut b = block(&title, a.frame, true, &s.theme);
    if !t.is_empty() {
        b = b.title_bottom(Line::from(format!(" row {}/{} ", v.sel + 1, t.len())).right_aligned());
    }
    f.render_widget(b, a.frame);

    let room = a.header.width as usize;
    let long = room >= LONG_LABELS;
    let w = table::widths(room, v.natural, long);
    let sorted = t.sort().map(|(c, _)| c);
    let mut header = Vec::new();
    for (i, c) in Column::ALL.into_iter().enumerate() {
        if i > 0 {
            header.push(Span::raw(" ".repeat(GAP)));
        }
        let mut style = s.theme.heading();
        if sorted == Some(c) {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        header.push(Span::styled(
            table::fit(label(c, long), w[i], c.is_numeric()),
            style,
        ));
    }
    f.render_widget(Line::from(header), a.header);

    if t.is_empty() {
        let msg = if s.query.trim().is_empty() {
            "No award statements in these documents.".to_string()
        } else {
            format!(
                "No award statements in the documents matching “{}”.",
                s.query
            )
        };
        f.render_widget(Line::from(truncate(&safe(&msg), room).into_owned()), a.body);
    }
    let h = a.body.height as usize;
    for (i, r) in t.rows().enumerate().skip(v.top).take(h) {
        let row = Rect {
            y: a.body.y + (i - v.top) as u16,
            height: 1,
            ..a.body
        };
        let style = if i == v.sel {
            s.theme.selected(true)
        } else {
            Style::new()
        };
        f.buffer_mut().set_style(row, style);
        let text = table::line(&table::cells(r), &w);
        f.render_widget(Line::styled(truncate(&text, room).into_owned(), style), row);
    }
    if a.rule.height > 0 {
        f.render_widget(
            Line::styled("─".repeat(room), s.theme.border(false)),
            a.rule,
        );
    }
    if a.totals.height > 0 {
        let text = table::line(&table::total_cells(&totals), &w);
        let style = Style::new().add_modifier(Modifier::BOLD);
        f.render_widget(
            Line::styled(truncate(&text, room).into_owned(), style),
            a.totals,
        );
    }
}
