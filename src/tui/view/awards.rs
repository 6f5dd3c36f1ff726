//! The awards table: a header, the statements, a rule and the totals of the rows shown.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{block, safe};
use crate::awards::group::Count;
use crate::awards::{Column, Totals};
use crate::extract::numbers::format_count;
use crate::text::wrap::truncate;
use crate::tui::layout::table_areas;
use crate::tui::state::{Groups, State};
use crate::tui::table::{self, label, GAP, LONG_LABELS};

pub fn draw(f: &mut Frame, s: &State) {
    let a = table_areas(f.area());
    let Some(v) = &s.table else { return };
    if let Some(g) = &v.groups {
        return draw_groups(f, s, g, &v.table.totals(&s.lib.docs));
    }
    let t = &v.table;
    let totals = t.totals(&s.lib.docs);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut title = format!(
        "Awards: {} statement{} in {} document{} · {} commended",
        format_count(totals.rows as u64),
        plural(totals.rows),
        format_count(totals.documents as u64),
        plural(totals.documents),
        format_count(totals.all)
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
    let shown = (v.top..t.len().min(v.top + h)).filter_map(|i| Some((i, t.get(i, &s.lib.docs)?)));
    for (i, r) in shown {
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
        let text = table::line(&table::cells(&r), &w);
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

/// The grouped view: one row per place and year, the counts of its statements (each person
/// once), the totals under them.
fn draw_groups(f: &mut Frame, s: &State, g: &Groups, totals: &Totals) {
    let a = table_areas(f.area());
    let mut title = format!(
        "Awards by {}: {} group{} · {} commended",
        g.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" and "),
        g.rows.len(),
        if g.rows.len() == 1 { "" } else { "s" },
        format_count(totals.all)
    );
    if !s.query.trim().is_empty() {
        title += &format!(" · filter “{}”", s.query);
    }
    if let Some((c, asc)) = g.sort {
        title += &format!(" · by {} {}", c.label(), if asc { "▲" } else { "▼" });
    }
    let mut b = block(&title, a.frame, true, &s.theme);
    if !g.rows.is_empty() {
        b = b.title_bottom(
            Line::from(format!(" group {}/{} ", g.sel + 1, g.rows.len())).right_aligned(),
        );
    }
    f.render_widget(b, a.frame);
    let room = a.header.width as usize;
    // Counts take what they need; the first key (place) the rest.
    let counts: Vec<(&str, usize)> = [
        ("Docs", 5),
        ("Stmts", 6),
        ("Coll.", 7),
        ("Indiv.", 7),
        ("Comb.", 7),
        ("All", 7),
    ]
    .to_vec();
    let fixed: usize =
        counts.iter().map(|c| c.1 + GAP).sum::<usize>() + (g.keys.len() - 1) * (6 + GAP);
    let first = room.saturating_sub(fixed).max(6);
    let key_width = |i: usize| if i == 0 { first } else { 6 };
    let line = |keys: Vec<String>, nums: Vec<String>| -> String {
        let mut parts: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| table::fit(k, key_width(i), false))
            .collect();
        parts.extend(
            nums.iter()
                .zip(&counts)
                .map(|(n, c)| table::fit(n, c.1, true)),
        );
        parts.join(&" ".repeat(GAP))
    };
    let header = line(
        g.keys.iter().map(|k| capitalise(k.label())).collect(),
        counts.iter().map(|c| c.0.to_string()).collect(),
    );
    f.render_widget(
        Line::styled(truncate(&header, room).into_owned(), s.theme.heading()),
        a.header,
    );
    let numbers = |t: &Totals| {
        Count::ALL
            .iter()
            .map(|c| format_count(c.of(t)))
            .collect::<Vec<_>>()
    };
    let h = a.body.height as usize;
    for (i, grp) in g.rows.iter().enumerate().skip(g.top).take(h) {
        let row = Rect {
            y: a.body.y + (i - g.top) as u16,
            height: 1,
            ..a.body
        };
        let style = if i == g.sel {
            s.theme.selected(true)
        } else {
            Style::new()
        };
        f.buffer_mut().set_style(row, style);
        let keys = grp
            .values
            .iter()
            .map(|v| {
                v.as_deref()
                    .map_or(table::UNKNOWN.to_string(), |v| safe(v).into_owned())
            })
            .collect();
        let text = line(keys, numbers(&grp.totals));
        f.render_widget(Line::styled(truncate(&text, room).into_owned(), style), row);
    }
    if a.rule.height > 0 {
        f.render_widget(
            Line::styled("─".repeat(room), s.theme.border(false)),
            a.rule,
        );
    }
    if a.totals.height > 0 {
        let mut keys = vec!["Total".to_string()];
        keys.resize(g.keys.len(), String::new());
        let text = line(keys, numbers(totals));
        let style = Style::new().add_modifier(Modifier::BOLD);
        f.render_widget(
            Line::styled(truncate(&text, room).into_owned(), style),
            a.totals,
        );
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
