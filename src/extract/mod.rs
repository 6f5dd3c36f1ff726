//! Facts extracted from a clean document: title, date, source, awards, refs,
//! programmes and figures. Nothing here knows about terminals.

pub mod awards;
pub mod figures;
pub mod headline;
pub mod layout;
pub mod numbers;
pub mod place;
pub mod programmes;
pub mod refs;
pub mod sentences;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::text::intern;

/// Byte offsets `[start, end)` into the document's clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One statement that collectives and/or individuals were commended or awarded.
///
/// A library keeps every document's awards in memory, so this is kept small: counts are
/// `u32` (a count above `u32::MAX` is read as `u32::MAX`: no campaign commends four
/// billion), and the awarding body and kind, of which there are few, are shared copies
/// ([`crate::text::intern`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Award {
    pub collectives: Option<u32>,
    pub individuals: Option<u32>,
    /// One count given for "tập thể, cá nhân" together.
    pub combined: Option<u32>,
    pub year: Option<i32>,
    /// The awarding body, e.g. "UBND tỉnh".
    #[serde(default, deserialize_with = "intern::deserialize_opt")]
    pub by: Option<Arc<str>>,
    /// "Bằng khen", "Giấy khen", "biểu dương" …
    #[serde(default, deserialize_with = "intern::deserialize_opt")]
    pub kind: Option<Arc<str>>,
    /// For a breakdown of an earlier total ("Trong đó có …"), the index of that total in
    /// the same document's awards; `None` for a statement that stands on its own.
    pub within: Option<u32>,
    pub span: Span,
}

impl Award {
    /// The statement this one breaks down, as an index into the same document's awards.
    pub fn parent(&self) -> Option<usize> {
        self.within.map(|w| w as usize)
    }
}

/// A quantity with a unit: money, area, length, workdays, households …
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Figure {
    pub value: f64,
    pub unit: figures::Unit,
    /// The figure as written, e.g. "1,5 tỷ đồng".
    pub text: String,
    pub span: Span,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Facts {
    pub title: String,
    /// The article's date, YYYY-MM-DD; a shared copy ([`crate::text::intern`]): a library
    /// of a million reports has a few thousand dates.
    #[serde(default, deserialize_with = "intern::deserialize_opt")]
    pub date: Option<Arc<str>>,
    /// Author or source line, e.g. "Báo Long An".
    pub source: Option<String>,
    /// The province or centrally-run city the report is about, e.g. "Đồng Tháp"; a shared
    /// copy ([`crate::text::intern`]): there are 63.
    #[serde(default, deserialize_with = "intern::deserialize_opt")]
    pub place: Option<Arc<str>>,
    // Boxed slices, not lists: never grown once extracted, and 8 bytes smaller each.
    pub awards: Box<[Award]>,
    pub refs: Box<[String]>,
    pub programmes: Box<[String]>,
    pub figures: Box<[Figure]>,
}

impl Facts {
    /// Give back the room strings and lists were built with (a library keeps the facts
    /// of every document in memory).
    pub fn shrink(&mut self) {
        let strings = [&mut self.title]
            .into_iter()
            .chain(self.source.as_mut())
            .chain(self.refs.iter_mut())
            .chain(self.programmes.iter_mut())
            .chain(self.figures.iter_mut().map(|f| &mut f.text));
        for s in strings {
            s.shrink_to_fit();
        }
    }
}

/// Extract the facts of a clean text. Only the article counts: page furniture
/// before the headline and after the end labels is ignored.
pub fn extract(text: &str) -> Facts {
    let page = layout::analyse(text);
    let (a, b) = page.article;
    let article = &text[a..b];
    let shift = |mut s: Span| {
        s.start += a;
        s.end += a;
        s
    };
    let mut awards = awards::find(article, &page.title);
    for aw in &mut awards {
        aw.span = shift(aw.span);
    }
    let mut figures = figures::find(article);
    for f in &mut figures {
        f.span = shift(f.span);
    }
    Facts {
        place: place_of(text, &page).map(|p| intern::intern(&p)),
        date: page.date.as_deref().map(intern::intern),
        title: page.title,
        source: page.source,
        awards: awards.into(),
        refs: refs::find(article).into(),
        programmes: programmes::find(article).into(),
        figures: figures.into(),
    }
}

/// What a document list needs: title, date, source and programmes, the other facts (place
/// among them) left empty. The same as those fields of [`extract`], at a fraction of its cost.
pub fn head(text: &str) -> Facts {
    let page = layout::analyse(text);
    let (a, b) = page.article;
    // The place is left out: it costs a cold list of 100,000 documents a fifth more CPU,
    // and the list does not print it (the reader has it once the full facts load).
    Facts {
        date: page.date.as_deref().map(intern::intern),
        title: page.title,
        source: page.source,
        programmes: programmes::find(&text[a..b]).into(),
        ..Facts::default()
    }
}

/// How much of an article is read for its place: a report names its province early, and
/// reading all of a long one would cost a cold list more than all else.
const PLACE_BODY_BYTES: usize = 6000;

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The report's province from its page head (site name, kicker, dateline), headline,
/// source line and article, in falling order of weight. Longer lines of the page head are
/// other articles' headlines (a ticker, "Tin nóng"): they weigh least.
pub fn place_of(text: &str, page: &layout::Layout) -> Option<String> {
    let (a, b) = page.article;
    let part = |text, weight, head| place::Part { text, weight, head };
    let body_end = floor_char_boundary(text, b.min(a + PLACE_BODY_BYTES));
    let mut parts: Vec<place::Part> = text[..a]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            if headline::is_masthead(l.trim()) {
                part(l, 3.0, true)
            } else {
                part(l, 0.5, false)
            }
        })
        .collect();
    parts.extend([
        part(&page.title, 4.0, true),
        part(page.source.as_deref().unwrap_or(""), 3.0, false),
        part(&text[a..body_end], 1.0, false),
    ]);
    place::find(&parts, page.date.as_deref())
}
