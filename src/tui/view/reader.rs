//! The reader: the open document's wrapped text with its highlights, and where you are.

use std::ops::Range;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{block, layout, safe};
use crate::text::wrap::truncate;
use crate::tui::highlight;
use crate::tui::state::{Pane, State};
use crate::tui::theme::Hl;

pub fn draw(f: &mut Frame, area: Rect, s: &State) {
    let focused = s.focus == Pane::Reader;
    let doc = s.open.map(|d| &s.lib.docs[d]);
    let title = doc.map_or("Reader", |d| match d.facts.title.trim() {
        "" => &d.name,
        t => t,
    });
    let mut b = block(title, area, focused, &s.theme);
    let inner = layout::inner(Pane::Reader, area);
    let page = &s.page;
    let n = page.lines.len();
    let h = inner.height as usize;
    if doc.is_some() && n > 0 {
        let mut pos = Vec::new();
        if s.changed {
            pos.push("changed since last read".to_string());
        }
        if let Some(c) = s.current {
            pos.push(format!("match {}/{}", c + 1, s.matches.len()));
        } else if !s.matches.is_empty() {
            pos.push(format!("{} matches: n/N", s.matches.len()));
        }
        let bottom = (s.reader_top + h).min(n);
        pos.push(format!(
            "lines {}-{bottom}/{n} {}%",
            s.reader_top + 1,
            bottom * 100 / n
        ));
        let pos = truncate(&pos.join(" · "), (area.width as usize).saturating_sub(4)).into_owned();
        b = b.title_bottom(Line::from(format!(" {pos} ")).right_aligned());
    }
    f.render_widget(b, area);
    if doc.is_none() {
        f.render_widget(Line::from(" No document selected."), inner);
        return;
    }
    let shown = page.lines.get(s.reader_top..(s.reader_top + h).min(n));
    let shown = shown.unwrap_or_default();
    let window = shown.first().map_or(0, |l| l.start)..shown.last().map_or(0, |l| l.end);
    let ranges = highlight::ranges(s, window);
    for (i, line) in page.lines.iter().enumerate().skip(s.reader_top).take(h) {
        let row = Rect {
            y: inner.y + (i - s.reader_top) as u16,
            height: 1,
            ..inner
        };
        f.render_widget(styled(&page.shown, line.clone(), &ranges, s), row);
    }
}

/// One wrapped line cut into pieces of equal style.
fn styled<'a>(
    text: &'a str,
    line: Range<usize>,
    ranges: &[(Range<usize>, Hl)],
    s: &State,
) -> Line<'a> {
    let here: Vec<&(Range<usize>, Hl)> = ranges
        .iter()
        .filter(|(r, _)| r.start < line.end && r.end > line.start)
        .collect();
    let mut cuts = vec![line.start, line.end];
    for (r, _) in &here {
        cuts.extend([r.start.max(line.start), r.end.min(line.end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans = cuts.windows(2).map(|w| {
        let style = here
            .iter()
            .filter(|(r, _)| r.start <= w[0] && r.end >= w[1])
            .fold(Style::new(), |st, (_, h)| st.patch(s.theme.hl(*h)));
        Span::styled(safe(&text[w[0]..w[1]]), style)
    });
    Line::from(spans.collect::<Vec<_>>())
}
