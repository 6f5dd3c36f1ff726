//! The overlays over the panes or the table: bookmarks and warnings; and copying.

use ratatui::layout::{Margin, Position, Rect};

use super::{go, into_view, Action, Pane, State, Step};
use crate::extract::{sentences, Span};
use crate::state::clamp_offset;
use crate::text::wrap::{truncate, wrap};
use crate::tui::{keymap, layout, safe};

/// Most bytes sent to the clipboard at once (terminals cap OSC 52 near 100 kB).
const MAX_COPY: usize = 60_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Bookmarks {
        rows: Vec<BookmarkRow>,
        sel: usize,
        top: usize,
    },
    /// Lines (text, is a heading), wrapped when drawn; `top` counts wrapped rows.
    Warnings {
        lines: Vec<(String, bool)>,
        top: usize,
    },
}

/// One bookmark as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct BookmarkRow {
    /// Index in the remembered bookmarks.
    pub index: usize,
    /// The document's title (or file name).
    pub title: String,
    /// The text where the bookmark is.
    pub label: String,
    /// Why the place may be wrong: "changed" or "not open".
    pub note: Option<&'static str>,
}

/// The overlay's frame on a screen of `size`, and the rows inside it.
pub fn popup_areas(size: Rect, rows: usize) -> (Rect, Rect) {
    let area = layout::help_area(size, rows);
    (area, area.inner(Margin::new(2, 1)))
}

/// The width the warnings are wrapped to on a screen of `size`.
pub fn warnings_width(size: Rect) -> usize {
    popup_areas(size, 1).1.width as usize
}

/// The warnings wrapped to `width`: (row text, is a heading).
pub fn warning_rows(lines: &[(String, bool)], width: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (text, heading) in lines {
        let text = safe(text);
        for r in wrap(&text, width.max(1)) {
            out.push((text[r].to_string(), *heading));
        }
    }
    out
}

impl State {
    pub(super) fn open_bookmarks(&mut self) -> bool {
        self.popup = Some(Popup::Bookmarks {
            rows: self.bookmark_rows(),
            sel: 0,
            top: 0,
        });
        true
    }

    fn bookmark_rows(&self) -> Vec<BookmarkRow> {
        self.memory
            .bookmarks
            .iter()
            .enumerate()
            .map(|(index, b)| {
                let doc = self.find(&b.doc).map(|d| &self.lib.docs[d]);
                let title = match doc {
                    Some(d) if !d.facts.title.trim().is_empty() => d.facts.title.clone(),
                    Some(d) => d.name.to_string(),
                    None => b.doc.rsplit('/').next().unwrap_or(&b.doc).to_string(),
                };
                let note = if doc.is_none() {
                    Some("not open")
                } else if b.is_stale() {
                    Some("changed")
                } else {
                    None
                };
                BookmarkRow {
                    index,
                    title,
                    label: b.label.clone(),
                    note,
                }
            })
            .collect()
    }

    pub(super) fn open_warnings(&mut self) -> bool {
        let mut lines = Vec::new();
        let mut section = |title: String, items: Vec<String>| {
            if !items.is_empty() {
                lines.push((title, true));
                lines.extend(items.into_iter().map(|i| (i, false)));
            }
        };
        section("Settings and saved state".into(), self.notes.clone());
        let skipped: Vec<String> = self
            .lib
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.path.display(), s.reason))
            .collect();
        section(format!("Files skipped ({})", skipped.len()), skipped);
        let per_doc: Vec<String> = self
            .lib
            .docs
            .iter()
            .flat_map(|d| d.warnings().iter().map(move |w| format!("{}: {w}", d.name)))
            .collect();
        section(
            format!("Documents read with warnings ({})", per_doc.len()),
            per_doc,
        );
        if lines.is_empty() {
            lines.push(("No warnings: every file was read cleanly.".into(), false));
        }
        self.popup = Some(Popup::Warnings { lines, top: 0 });
        true
    }

    /// Rows the open overlay has (wrapped, for the warnings).
    fn popup_len(&self) -> usize {
        match &self.popup {
            Some(Popup::Bookmarks { rows, .. }) => rows.len().max(1),
            Some(Popup::Warnings { lines, .. }) => {
                warning_rows(lines, warnings_width(self.size)).len()
            }
            None => 0,
        }
    }

    fn popup_height(&self) -> usize {
        popup_areas(self.size, self.popup_len()).1.height as usize
    }

    pub(super) fn popup_into_view(&mut self) {
        let (n, h) = (self.popup_len(), self.popup_height().max(1));
        match &mut self.popup {
            Some(Popup::Bookmarks { rows, sel, top }) => {
                *sel = (*sel).min(rows.len().saturating_sub(1));
                *top = into_view(*top, *sel, *sel, h);
            }
            Some(Popup::Warnings { top, .. }) => *top = (*top).min(n.saturating_sub(h)),
            None => {}
        }
    }

    pub(super) fn popup_action(&mut self, action: Action) -> bool {
        let bookmarks = matches!(self.popup, Some(Popup::Bookmarks { .. }));
        match action {
            Action::Back => {
                self.popup = None;
                true
            }
            Action::Bookmarks if bookmarks => {
                self.popup = None;
                true
            }
            Action::Warnings if !bookmarks => {
                self.popup = None;
                true
            }
            Action::Bookmarks => self.open_bookmarks(),
            Action::Warnings => self.open_warnings(),
            Action::Activate => match &self.popup {
                Some(Popup::Bookmarks { rows, sel, .. }) => match rows.get(*sel) {
                    Some(r) => self.goto_bookmark(r.index),
                    None => false,
                },
                _ => {
                    self.popup = None;
                    true
                }
            },
            Action::Delete => self.delete_bookmark(),
            Action::Click(x, y) => {
                let (area, inner) = popup_areas(self.size, self.popup_len());
                if !area.contains(Position::new(x, y)) {
                    self.popup = None;
                } else if let Some(Popup::Bookmarks { rows, sel, top }) = &mut self.popup {
                    let row = *top + y.saturating_sub(inner.y) as usize;
                    if y >= inner.y && row < rows.len() {
                        *sel = row;
                    }
                }
                true
            }
            Action::Wheel { down, .. } => self.popup_move(Step::By(if down { 3 } else { -3 })),
            a => Step::of(a).is_some_and(|s| self.popup_move(s)),
        }
    }

    fn popup_move(&mut self, step: Step) -> bool {
        let (n, h) = (self.popup_len(), self.popup_height().max(1));
        let before = self.popup.clone();
        match &mut self.popup {
            Some(Popup::Bookmarks { sel, .. }) => *sel = go(*sel, step, n.saturating_sub(1), h),
            Some(Popup::Warnings { top, .. }) => *top = go(*top, step, n.saturating_sub(h), h),
            None => {}
        }
        self.popup_into_view();
        self.popup != before
    }

    fn delete_bookmark(&mut self) -> bool {
        let Some(Popup::Bookmarks { rows, sel, .. }) = &self.popup else {
            return false;
        };
        let Some(i) = rows.get(*sel).map(|r| r.index) else {
            return false;
        };
        let sel = *sel;
        if let Some(b) = self.memory.remove_bookmark(i) {
            if self.save_memory() {
                self.message = Some(format!("bookmark deleted: {}", b.label));
            }
        }
        self.popup = Some(Popup::Bookmarks {
            rows: self.bookmark_rows(),
            sel,
            top: 0,
        });
        self.popup_into_view();
        true
    }

    /// `y`: the selected fact's sentence, or in the reader the marked sentence, the
    /// current match's sentence or the sentence at the first line.
    pub(super) fn copy(&mut self) -> bool {
        let text = self.open.and_then(|d| {
            let text = self.lib.docs[d].text();
            let span = if self.focus == Pane::Facts {
                self.facts_sel.and_then(|i| self.entries[i].target)?
            } else {
                let on_screen = |s: &Span| {
                    let line = self.page.line_of(self.page.range(*s).start);
                    line >= self.reader_top && line < self.reader_top + self.reader_height()
                };
                let current = self.current.and_then(|i| self.matches.get(i)).copied();
                let top = self.top_offset().map(|o| Span { start: o, end: o });
                [self.target, current]
                    .into_iter()
                    .flatten()
                    .find(on_screen)
                    .or(top)?
            };
            Some(sentence_around(text, span).to_string())
        });
        self.put_clipboard(text)
    }

    /// Queue `text` for the clipboard and say so in the status bar.
    pub(super) fn put_clipboard(&mut self, text: Option<String>) -> bool {
        match text.filter(|t| !t.trim().is_empty()) {
            Some(mut t) => {
                if t.len() > MAX_COPY {
                    t.truncate(clamp_offset(&t, MAX_COPY));
                }
                let one_line = t.split_whitespace().collect::<Vec<_>>().join(" ");
                self.message = Some(format!("copied: “{}”", truncate(&one_line, 50)));
                self.clipboard = Some(t);
            }
            None => {
                let key = keymap::first_key(&self.keys, "help").unwrap_or_default();
                self.message = Some(format!("nothing to copy here (see {key})"));
            }
        }
        true
    }
}

/// The whole sentences of `text` that `span` touches (the span itself when no sentence
/// does; the sentence after it for an empty span between sentences).
pub fn sentence_around(text: &str, span: Span) -> &str {
    let start = clamp_offset(text, span.start);
    let end = clamp_offset(text, span.end.max(start));
    let all = sentences::split(text);
    let Some(first) = all.iter().position(|s| s.end > start) else {
        return &text[start..end];
    };
    let last = all
        .iter()
        .rposition(|s| s.start < end)
        .filter(|&l| l >= first)
        .unwrap_or(first);
    let (s, e) = (all[first].start.min(start), all[last].end.max(end));
    &text[clamp_offset(text, s)..clamp_offset(text, e)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_around_a_span() {
        let t = "Mở đầu. Có 50 tập thể được khen. Hết bài.\nDòng hai.";
        let at = t.find("50").unwrap();
        let one = Span {
            start: at,
            end: at + 2,
        };
        assert_eq!(sentence_around(t, one), "Có 50 tập thể được khen.");
        let two = Span {
            start: at,
            end: t.find("Hết").unwrap() + 3,
        };
        assert_eq!(sentence_around(t, two), "Có 50 tập thể được khen. Hết bài.");
        let line2 = t.find("Dòng").unwrap();
        assert_eq!(
            sentence_around(
                t,
                Span {
                    start: line2,
                    end: line2
                }
            ),
            "Dòng hai."
        );
        let end = Span {
            start: t.len() + 5,
            end: t.len() + 9,
        };
        assert_eq!(sentence_around(t, end), "");
    }
}
