//! The document list: title, then date, source and the number of matches.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{block, layout, safe};
use crate::text::wrap::truncate;
use crate::tui::find::find_all;
use crate::tui::state::{Pane, State, ITEM_ROWS};

pub fn draw(f: &mut Frame, area: Rect, s: &State) {
    let focused = s.focus == Pane::List;
    let n = s.lib.docs.len();
    let title = if s.query.is_empty() {
        format!("Documents ({n})")
    } else {
        format!("{} of {n}", s.visible.len())
    };
    let b = block(&title, area, focused, &s.theme);
    let inner = layout::inner(Pane::List, area);
    f.render_widget(b, area);
    let w = (inner.width as usize).saturating_sub(1);
    if s.visible.is_empty() {
        let msg = if n == 0 {
            "No documents loaded.".to_string()
        } else {
            format!("Nothing matches “{}”.", s.query)
        };
        f.render_widget(Line::from(format!(" {}", truncate(&safe(&msg), w))), inner);
        return;
    }
    let items = inner.height as usize / ITEM_ROWS;
    for (row, &d) in s.visible.iter().enumerate().skip(s.list_top).take(items) {
        let doc = &s.lib.docs[d];
        let y = inner.y + ((row - s.list_top) * ITEM_ROWS) as u16;
        let title = match doc.facts.title.trim() {
            "" => doc.name.as_str(),
            t => t,
        };
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
        let known = [&doc.facts.date, &doc.facts.source].into_iter().flatten();
        meta.extend(known.cloned());
        if doc.facts.date.is_none() && doc.facts.source.is_none() {
            meta.push(doc.name.clone());
        }
        let selected = row == s.selected;
        let base = if selected {
            s.theme.selected(focused)
        } else {
            Default::default()
        };
        let title_row = Rect {
            y,
            height: 1,
            ..inner
        };
        f.buffer_mut().set_style(title_row, base);
        let title = format!(" {}", truncate(&safe(title), w));
        let style = if selected { base } else { s.theme.title() };
        f.render_widget(Line::styled(title, style), title_row);
        if ITEM_ROWS > 1 && y + 1 < inner.bottom() {
            let meta_row = Rect {
                y: y + 1,
                ..title_row
            };
            f.buffer_mut().set_style(meta_row, base);
            let meta = format!(" {}", truncate(&safe(&meta.join(" · ")), w));
            let style = if selected { base } else { s.theme.dim() };
            f.render_widget(Line::from(Span::styled(meta, style)), meta_row);
        }
    }
}
