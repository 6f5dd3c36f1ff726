//! The open document laid out for the reader: its text with a placeholder glyph where
//! something was removed, wrapped to the reader's width.

use std::ops::Range;

use crate::extract::Span;
use crate::text::clean::Mark;
use crate::text::wrap;

/// A document's text as shown, and its wrapped lines.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The text with each mark's glyph inserted where it stood.
    pub shown: String,
    /// Wrapped lines, as byte ranges of `shown`.
    pub lines: Vec<Range<usize>>,
    /// Where the glyphs are in `shown`.
    pub marks: Vec<Range<usize>>,
    pub width: usize,
    /// (source byte, bytes inserted before it so far), one per mark, in order.
    shifts: Vec<(usize, usize)>,
}

impl Page {
    /// Lay out `text` with its `marks` at `width` columns.
    pub fn new(text: &str, marks: &[Mark], width: usize) -> Page {
        let mut marks: Vec<Mark> = marks.to_vec();
        for m in &mut marks {
            m.at = floor_boundary(text, m.at);
        }
        marks.sort_by_key(|m| m.at);
        let mut page = Page {
            width,
            ..Page::default()
        };
        let mut from = 0;
        for m in &marks {
            page.shown.push_str(&text[from..m.at]);
            let glyph = if m.glyph.is_control() || wrap::width(&m.glyph.to_string()) == 0 {
                '\u{FFFD}'
            } else {
                m.glyph
            };
            let at = page.shown.len();
            page.shown.push(glyph);
            page.marks.push(at..page.shown.len());
            page.shifts.push((m.at, page.shown.len() - m.at));
            from = m.at;
        }
        page.shown.push_str(&text[from..]);
        page.lines = wrap::wrap(&page.shown, width);
        page
    }

    /// Where a source span lies in `shown`, clamped to the text and to char boundaries.
    pub fn range(&self, span: Span) -> Range<usize> {
        let start = self.to_shown(span.start, true);
        let end = self.to_shown(span.end.max(span.start), false);
        floor_boundary(&self.shown, start)..floor_boundary(&self.shown, end)
    }

    /// A source byte offset in `shown`: a glyph standing at `at` comes before the char at
    /// `at`, so it counts for a start but not for an end.
    fn to_shown(&self, at: usize, start: bool) -> usize {
        let n = self
            .shifts
            .partition_point(|&(m, _)| m < at || (start && m == at));
        let shift = if n == 0 { 0 } else { self.shifts[n - 1].1 };
        at.saturating_add(shift).min(self.shown.len())
    }

    /// The source byte offset of byte `at` of `shown`: the inverse of [`Page::range`]'s
    /// start. A glyph maps to the char it stands before.
    pub fn to_source(&self, at: usize) -> usize {
        let at = at.min(self.shown.len());
        // Marks whose glyph ends at or before `at`.
        let n = self.shifts.partition_point(|&(m, shift)| m + shift <= at);
        let shift = if n == 0 { 0 } else { self.shifts[n - 1].1 };
        let src = at - shift;
        match self.shifts.get(n) {
            Some(&(m, _)) => src.min(m),
            None => src,
        }
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
        let p = Page::new(text, &marks, 80);
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
        let p = Page::new(text, &marks, 80);
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
        let p = Page::new(text, &marks, 80);
        assert_eq!(p.shown, "K\u{FFFD}ết␀");
        let r = p.range(Span { start: 2, end: 500 });
        assert!(p.shown.is_char_boundary(r.start) && r.end == p.shown.len());
    }

    #[test]
    fn line_of_finds_the_wrapped_line() {
        let p = Page::new("một hai ba\nbốn", &[], 4);
        assert_eq!(p.lines.len(), 4);
        assert_eq!(p.line_of(0), 0);
        assert_eq!(p.line_of(p.shown.find("ba").unwrap()), 2);
        assert_eq!(p.line_of(p.shown.len()), 3);
    }
}
