//! The place a report is about: the province or centrally-run city, found from the names
//! of provinces, districts and towns in its title, page head, source and body, weighed by
//! where they stand. The gazetteer is generated from the `vietnam-provinces` package by
//! `make_gazetteer.py` beside this file.
//!
//! Written here rather than taken from a crate: no crate resolves Vietnamese districts to
//! provinces across the 2025 merger, and the weighing is particular to these reports.

mod gazetteer;

use gazetteer::{Gazetteer, Kind};

use crate::text::{chars, fold};

/// The first day the 34 merged provinces exist; a report dated from then on names them.
const MERGER: &str = "2025-07-01";

/// Where a text stands on the page, and how much a name in it says about the report.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub text: &'a str,
    pub weight: f32,
}

/// The report's province, as named at `date` (before the merger the old provinces), from
/// parts of the page with their weights; `None` when no province stands out.
pub fn find(parts: &[Part], date: Option<&str>) -> Option<String> {
    let g = gazetteer::get();
    let mut scores = vec![0f32; g.provinces.len()];
    for part in parts {
        score(g, part, &mut scores);
    }
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let best = *order.first()?;
    let second = order.get(1).map_or(0.0, |&i| scores[i]);
    if scores[best] < 3.0 || scores[best] < 2.0 * second {
        return None;
    }
    let p = &g.provinces[best];
    let name = match date {
        Some(d) if d >= MERGER => &g.provinces[p.merged_into].name,
        _ => &p.name,
    };
    Some(display(g, name))
}

/// "Hồ Chí Minh" reads as the person; the city is written "TP Hồ Chí Minh".
fn display(g: &Gazetteer, name: &str) -> String {
    match g.provinces.iter().find(|p| p.name == name) {
        Some(p) if p.needs_prefix => format!("TP {name}"),
        _ => name.to_string(),
    }
}

/// A word of the text: its folded form and whether it was written with a capital or digit.
struct Word {
    folded: std::ops::Range<usize>,
    capital: bool,
}

fn words(text: &str, folded: &mut String) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let mut capital = false;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let letter = chars::is_alphanumeric(c);
        match (letter, start) {
            (true, None) => {
                start = Some(folded.len());
                capital = chars::is_uppercase(c) || c.is_ascii_digit();
            }
            (false, Some(s)) => {
                out.push(Word {
                    folded: s..folded.len(),
                    capital,
                });
                start = None;
            }
            _ => {}
        }
        if letter && i < text.len() {
            if let Some(f) = fold::fold_char(c) {
                folded.push(f);
            }
        }
    }
    out
}

/// Add to `scores` what the names in one part of the page say.
fn score(g: &Gazetteer, part: &Part, scores: &mut [f32]) {
    let mut folded = String::with_capacity(part.text.len());
    let ws = words(part.text, &mut folded);
    let word = |i: usize| &folded[ws[i].folded.clone()];
    let mut key = String::new();
    let mut i = 0;
    while i < ws.len() {
        let (kind, after) = prefix_at(&ws, i, &word);
        let from = after.unwrap_or(i);
        let mut hit = None;
        for len in (1..=g.longest.min(ws.len() - from)).rev() {
            if !(from..from + len).all(|j| ws[j].capital) {
                continue;
            }
            key.clear();
            for j in from..from + len {
                if j > from {
                    key.push(' ');
                }
                key.push_str(word(j));
            }
            if let Some((province, weight)) = g.lookup(&key, kind) {
                hit = Some((province, weight, from + len));
                break;
            }
        }
        match hit {
            Some((p, w, end)) => {
                scores[p] += w * part.weight;
                i = end;
            }
            None => i = after.unwrap_or(i + 1),
        }
    }
    for chunk in part.text.split_whitespace() {
        if let Some(p) = g.domain(&fold::fold(chunk)) {
            scores[p] += gazetteer::DOMAIN * part.weight;
        }
    }
}

/// A word that says what kind of place the next name is: "tỉnh", "Tỉnh ủy", "huyện",
/// "Huyện ủy", "quận", "thị xã", "thành phố", "TP", "Thành ủy". Returns the kind and the
/// index of the word after the prefix.
fn prefix_at<'w>(ws: &[Word], i: usize, word: &impl Fn(usize) -> &'w str) -> (Kind, Option<usize>) {
    let next = |j: usize| if j < ws.len() { word(j) } else { "" };
    let uy = next(i + 1) == "uy";
    let (kind, len) = match (word(i), next(i + 1)) {
        ("tinh", _) => (Kind::Province, 1),
        ("thanh", "pho") => (Kind::City, 2),
        ("thanh", "uy") | ("tp", _) => (Kind::City, if uy { 2 } else { 1 }),
        ("huyen", _) => (Kind::District, 1),
        ("quan", _) => (Kind::District, 1),
        ("thi", "xa") | ("thi", "uy") => (Kind::District, 2),
        _ => return (Kind::Bare, None),
    };
    let len = if uy && len == 1 { 2 } else { len };
    (kind, Some(i + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, date: Option<&str>) -> Option<String> {
        find(&[Part { text, weight: 1.0 }], date)
    }

    #[test]
    fn provinces_named_with_and_without_their_word() {
        assert_eq!(
            one("Tỉnh ủy Long An tổ chức hội nghị.", None).as_deref(),
            Some("Long An")
        );
        assert_eq!(
            one("Đại hội ở tỉnh Bắc Ninh.", None).as_deref(),
            Some("Bắc Ninh")
        );
        assert_eq!(
            one("Bao dien tu Bac Ninh, Bac Ninh.", None).as_deref(),
            Some("Bắc Ninh")
        );
    }

    #[test]
    fn districts_resolve_to_their_province() {
        let t = "Ban Thường vụ Huyện ủy Lai Vung chỉ đạo; huyện Lai Vung có nhiều mô hình.";
        assert_eq!(one(t, None).as_deref(), Some("Đồng Tháp"));
        // A name many provinces share says nothing.
        assert_eq!(one("Huyện Châu Thành, huyện Châu Thành.", None), None);
    }

    #[test]
    fn the_president_is_not_a_city() {
        let t = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Hồ Chí Minh.";
        assert_eq!(one(t, None), None);
        let t = "Thành ủy Thành phố Hồ Chí Minh biểu dương; TP.HCM";
        assert_eq!(one(t, None).as_deref(), Some("TP Hồ Chí Minh"));
    }

    #[test]
    fn after_the_merger_the_new_province() {
        let t = "Tỉnh ủy Long An; tỉnh Long An.";
        assert_eq!(one(t, Some("2024-12-01")).as_deref(), Some("Long An"));
        assert_eq!(one(t, Some("2025-08-01")).as_deref(), Some("Tây Ninh"));
    }

    #[test]
    fn no_province_stands_out() {
        assert_eq!(one("Các tỉnh Long An, Bắc Ninh, Đồng Tháp.", None), None);
        assert_eq!(one("Toàn quốc có nhiều mô hình hay.", None), None);
        // Lower-case words are not names.
        assert_eq!(one("tỉnh long an, tỉnh long an", None), None);
    }

    #[test]
    fn domains_name_their_province() {
        assert_eq!(
            one("Nguồn: baodongthap.vn", None).as_deref(),
            Some("Đồng Tháp")
        );
    }
}
