//! The open document laid out for the reader: its text with a placeholder glyph where
//! something was removed and, when folded, one line in place of the page's furniture,
//! wrapped to the reader's width. Offsets map both ways between the text and the page.

use std::ops::Range;

use crate::extract::Span;
use crate::text::clean::Mark;
use crate::text::wrap;

/// A part of the text left out of the page, shown as one line (`label`) instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub range: Range<usize>,
    pub label: String,
}

/// A document's text as shown, and its wrapped lines.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The text with each mark's glyph inserted where it stood and each fold's label in
    /// place of its text.
    pub shown: String,
    /// Wrapped lines, as byte ranges of `shown`.
    pub lines: Vec<Range<usize>>,
    /// Where the glyphs are in `shown`.
    pub marks: Vec<Range<usize>>,
    /// Where the folds' labels are in `shown`.
    pub folds: Vec<Range<usize>>,
    pub width: usize,
    /// What was put in place of what, in text order: a mark replaces nothing, a fold its text.
    edits: Vec<Edit>,
}

#[derive(Debug, Clone)]
struct Edit {
    /// Bytes of the source text replaced (empty for an inserted glyph).
    src: Range<usize>,
    /// Bytes of `shown` put there.
    shown: Range<usize>,
}

impl Page {
    /// Lay out `text` with its `marks`, leaving out each of `folds`, at `width` columns.
    /// A mark inside a fold goes with it.
    pub fn new(text: &str, marks: &[Mark], folds: &[Fold], width: usize) -> Page {
        // (source range, what is shown there, is a fold)
        let mut put: Vec<(Range<usize>, String, bool)> = Vec::new();
        for f in folds {
            let r = floor_boundary(text, f.range.start)..floor_boundary(text, f.range.end);
            if r.is_empty() {
                continue;
            }
            let mut label = f.label.replace(['\n', '\r'], " ");
            // The text after a fold keeps starting on its own line.
            if r.end < text.len() && text[r.clone()].ends_with('\n') {
                label.push('\n');
            }
            put.push((r, label, true));
        }
        let folded = |at: usize| put.iter().any(|(r, _, _)| r.start <= at && at < r.end);
        let glyphs: Vec<(Range<usize>, String, bool)> = marks
            .iter()
            .map(|m| (floor_boundary(text, m.at), m.glyph))
            .filter(|&(at, _)| !folded(at))
            .map(|(at, g)| {
                let g = if g.is_control() || wrap::width(&g.to_string()) == 0 {
                    '\u{FFFD}'
                } else {
                    g
                };
                (at..at, g.to_string(), false)
            })
            .collect();
        put.extend(glyphs);
        put.sort_by_key(|(r, _, _)| (r.start, r.end));
        let mut page = Page {
            width,
            ..Page::default()
        };
        let mut from = 0;
        for (r, s, fold) in put {
            if r.start < from {
                continue; // overlapping folds: the first one wins
            }
            page.shown.push_str(&text[from..r.start]);
            let at = page.shown.len();
            page.shown.push_str(&s);
            if fold {
                page.folds.push(at..at + s.trim_end_matches('\n').len());
            } else {
                page.marks.push(at..page.shown.len());
            }
            page.edits.push(Edit {
                src: r.clone(),
                shown: at..page.shown.len(),
            });
            from = r.end;
        }
        page.shown.push_str(&text[from..]);
        page.lines = wrap::wrap(&page.shown, width);
        page
    }

    /// Where a source span lies in `shown`, clamped to the text and to char boundaries. A
    /// span inside a fold lies at its label, with nothing of it shown.
    pub fn range(&self, span: Span) -> Range<usize> {
        let start = self.to_shown(span.start, true);
        let end = self.to_shown(span.end.max(span.start), false).max(start);
        floor_boundary(&self.shown, start)..floor_boundary(&self.shown, end)
    }

    /// A source byte offset in `shown`: a glyph standing at `at` comes before the char at
    /// `at`, so it counts for a start but not for an end; an offset inside a fold is its
    /// label's start.
    fn to_shown(&self, at: usize, start: bool) -> usize {
        let n = self.edits.partition_point(|e| {
            e.src.end < at || (e.src.end == at && (start || !e.src.is_empty()))
        });
        if let Some(e) = self.edits.get(n) {
            if e.src.start < at {
                return e.shown.start;
            }
        }
        let shown = match n.checked_sub(1) {
            Some(i) => self.edits[i].shown.end + (at - self.edits[i].src.end),
            None => at,
        };
        shown.min(self.shown.len())
    }

    /// The source byte offset of byte `at` of `shown`: the inverse of [`Page::range`]'s
    /// start. A glyph maps to the char it stands before, a fold's label to its start.
    pub fn to_source(&self, at: usize) -> usize {
        let at = at.min(self.shown.len());
        // Edits whose shown text ends at or before `at`.
        let n = self.edits.partition_point(|e| e.shown.end <= at);
        if let Some(e) = self.edits.get(n) {
            if e.shown.start <= at {
                return e.src.start;
            }
        }
        match n.checked_sub(1) {
            Some(i) => self.edits[i].src.end + (at - self.edits[i].shown.end),
            None => at,
        }
    }

    /// True when `span` starts in text a fold hides: inside it, or at its start for a span
    /// that is not empty (an empty one there is the place of the fold's label).
    pub fn hides(&self, span: Span) -> bool {
        self.edits.iter().any(|e| {
            !e.src.is_empty()
                && span.start < e.src.end
                && (span.start > e.src.start
                    || (span.start == e.src.start && span.end > span.start))
        })
    }

    /// The line holding byte `at` of `shown` (the last line for the end of the text).
    pub fn line_of(&self, at: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= at)
            .saturating_sub(1)
    }
}

/// The largest char boundary of `s` not after `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_are_inserted_and_spans_shift() {
        let text = "ab cd";
        let marks = [Mark {
            at: 3, glyph: '␛'
        }];
        let p = Page::new(text, &marks, &[], 80);
        assert_eq!(p.shown, "ab ␛cd");
        assert_eq!(&p.shown[p.marks[0].clone()], "␛");
        // "cd" starts after the glyph; "ab " ends before it.
        assert_eq!(&p.shown[p.range(Span { start: 3, end: 5 })], "cd");
        assert_eq!(&p.shown[p.range(Span { start: 0, end: 3 })], "ab ");
    }

    #[test]
    fn shown_offsets_map_back_to_the_source() {
        let text = "ab cd ef";
        let marks = [
            Mark {
                at: 3, glyph: '␛'
            },
            Mark {
                at: 6, glyph: '␀'
            },
        ];
        let p = Page::new(text, &marks, &[], 80);
        assert_eq!(p.shown, "ab ␛cd ␀ef");
        for src in 0..=text.len() {
            let shown = p
                .range(Span {
                    start: src,
                    end: src,
                })
                .start;
            assert_eq!(p.to_source(shown), src, "source {src}");
        }
        // Inside or at the start of a glyph: the char it stands before.
        assert_eq!(p.to_source(3), 3);
        assert_eq!(p.to_source(4), 3);
        assert_eq!(p.to_source(p.shown.len() + 3), text.len());
    }

    #[test]
    fn bad_offsets_are_clamped() {
        let text = "Kết";
        let marks = [
            Mark {
                at: 2,
                glyph: '\u{1b}',
            },
            Mark {
                at: 99, glyph: '␀'
            },
        ];
        let p = Page::new(text, &marks, &[], 80);
        assert_eq!(p.shown, "K\u{FFFD}ết␀");
        let r = p.range(Span { start: 2, end: 500 });
        assert!(p.shown.is_char_boundary(r.start) && r.end == p.shown.len());
    }

    #[test]
    fn line_of_finds_the_wrapped_line() {
        let p = Page::new("một hai ba\nbốn", &[], &[], 4);
        assert_eq!(p.lines.len(), 4);
        assert_eq!(p.line_of(0), 0);
        assert_eq!(p.line_of(p.shown.find("ba").unwrap()), 2);
        assert_eq!(p.line_of(p.shown.len()), 3);
    }

    fn fold(range: Range<usize>) -> Fold {
        Fold {
            range,
            label: "page: 2 lines".into(),
        }
    }

    #[test]
    fn folds_replace_their_text_with_one_line() {
        let text = "Báo X\nMenu\nTiêu đề\nBài ␀.\nPhản hồi\nTin khác";
        let a = text.find("Tiêu").unwrap();
        let b = text.find("Phản").unwrap();
        let marks = [
            Mark {
                at: 2, glyph: '␛'
            },
            Mark {
                at: text.find('␀').unwrap(),
                glyph: '␀',
            },
        ];
        let p = Page::new(text, &marks, &[fold(0..a), fold(b..text.len())], 80);
        // The mark inside the first fold went with it.
        assert_eq!(p.shown, "page: 2 lines\nTiêu đề\nBài ␀␀.\npage: 2 lines");
        assert_eq!(p.marks.len(), 1);
        assert_eq!(
            p.folds
                .iter()
                .map(|f| &p.shown[f.clone()])
                .collect::<Vec<_>>(),
            ["page: 2 lines", "page: 2 lines"]
        );
        assert_eq!(p.lines.len(), 4);
        // The article's text lands where it is shown; folded text at its fold's label.
        let at = |o: usize| p.range(Span { start: o, end: o }).start;
        assert_eq!(p.line_of(at(a)), 1);
        assert!(p.shown[at(a)..].starts_with("Tiêu"));
        assert_eq!(p.line_of(at(7)), 0);
        assert_eq!(p.line_of(at(b + 3)), 3);
        assert!(p.range(Span { start: 7, end: 10 }).is_empty());
        // And back: a label is its fold's start, the article its own offsets.
        assert_eq!(p.to_source(at(a)), a);
        assert_eq!(p.to_source(p.lines[0].start), 0);
        assert_eq!(p.to_source(p.lines[3].start + 2), b);
        for o in a..b {
            if text.is_char_boundary(o) {
                assert_eq!(p.to_source(at(o)), o, "offset {o}");
            }
        }
    }

    #[test]
    fn hidden_spans_are_inside_folds() {
        let text = "menu\nTiêu đề\nfoot";
        let a = text.find("Tiêu").unwrap();
        let b = text.find("foot").unwrap();
        let p = Page::new(text, &[], &[fold(0..a), fold(b..text.len())], 80);
        let span = |start, end| Span { start, end };
        assert!(p.hides(span(1, 3)));
        assert!(p.hides(span(0, 4)), "text at a fold's start");
        assert!(!p.hides(span(0, 0)), "the place of the label");
        assert!(!p.hides(span(a, a + 4)));
        assert!(p.hides(span(b + 1, b + 2)));
        assert!(!p.hides(span(b, b)));
        let open = Page::new(text, &[], &[], 80);
        assert!(!open.hides(span(1, 3)));
    }
}
