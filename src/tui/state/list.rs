//! The list's entries: each is its title wrapped over one or two lines, then a line of
//! date, place and source. Entries differ in height, so scrolling, paging and the mouse
//! count rows through [`State::entry_rows`].

use super::{Pane, State};
use crate::corpus::Document;
use crate::text::wrap::{truncate, wrap};
use crate::tui::safe;

/// Lines a title may take in the list; more is cut with '…'.
const TITLE_LINES: usize = 2;

/// The title the list shows: the one found in the text, or the file name.
pub fn doc_title(doc: &Document) -> &str {
    match doc.facts.title.trim() {
        "" => &doc.name,
        t => t,
    }
}

/// `title` made safe and wrapped to `width` columns over at most two lines, the second
/// ending with '…' when the title is longer.
pub fn title_lines(title: &str, width: usize) -> Vec<String> {
    let title = safe(title);
    let lines = wrap(&title, width.max(1));
    let mut out: Vec<String> = lines
        .iter()
        .take(TITLE_LINES)
        .map(|r| title[r.clone()].to_string())
        .collect();
    if lines.len() > TITLE_LINES {
        let rest = title[lines[TITLE_LINES - 1].start..].trim_end();
        out[TITLE_LINES - 1] = truncate(rest, width).into_owned();
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

impl State {
    /// Columns for a title in the list: the pane inside its border, less the two of
    /// the unread mark.
    pub fn title_width(&self) -> usize {
        self.inner(Pane::List).0.saturating_sub(2)
    }

    /// Screen rows of the entry at row `row` of `visible`: its title lines and one more.
    pub fn entry_rows(&self, row: usize) -> usize {
        let doc = &self.lib.docs[self.visible[row]];
        title_lines(doc_title(doc), self.title_width()).len() + 1
    }

    /// Scroll the list so the selected entry shows whole, moving as little as possible,
    /// and leave no empty rows at the bottom while entries above are hidden.
    pub(super) fn list_into_view(&mut self) {
        let n = self.visible.len();
        if n == 0 {
            self.list_top = 0;
            return;
        }
        let h = self.inner(Pane::List).1.max(1);
        let sel = self.selected.min(n - 1);
        if sel < self.list_top {
            self.list_top = sel;
        } else {
            // The highest first entry that still shows the selected one whole.
            let first = self.first_filling(sel, h);
            self.list_top = self.list_top.max(first);
        }
        self.list_top = self.list_top.min(self.first_filling(n - 1, h));
    }

    /// The first entry of the screen of `h` rows that ends with entry `last`.
    fn first_filling(&self, last: usize, h: usize) -> usize {
        let mut first = last;
        let mut rows = self.entry_rows(last);
        while first > 0 {
            let more = self.entry_rows(first - 1);
            if rows + more > h {
                break;
            }
            rows += more;
            first -= 1;
        }
        first
    }

    /// Entries shown whole from the top of the list: a page.
    pub(super) fn list_page(&self) -> usize {
        let h = self.inner(Pane::List).1;
        let mut rows = 0;
        let mut n = 0;
        for row in self.list_top..self.visible.len() {
            rows += self.entry_rows(row);
            if rows > h {
                break;
            }
            n += 1;
        }
        n.max(1)
    }

    /// The row of `visible` whose entry covers screen row `y` of the list (from its top).
    pub(super) fn entry_at(&self, y: usize) -> Option<usize> {
        let mut rows = 0;
        for row in self.list_top..self.visible.len() {
            rows += self.entry_rows(row);
            if y < rows {
                return Some(row);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_over_two_lines_then_end_with_an_ellipsis() {
        assert_eq!(title_lines("Long An", 20), ["Long An"]);
        assert_eq!(
            title_lines("Long An: Nhân rộng cách làm hay", 20),
            ["Long An: Nhân rộng", "cách làm hay"]
        );
        let long = title_lines("Long An: Nhân rộng cách làm hay, mô hình hiệu quả", 20);
        assert_eq!(long, ["Long An: Nhân rộng", "cách làm hay, mô hì…"]);
        assert!(long.iter().all(|l| crate::text::wrap::width(l) <= 20));
        assert_eq!(title_lines("", 20), [""]);
        // A control character cannot reach the screen, nor change the count of lines.
        assert_eq!(title_lines("a\u{1b}[2Jb", 20).len(), 1);
    }
}
