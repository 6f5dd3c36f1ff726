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
    /// A headline or page head, where a district may stand alone ("Tân An: …").
    pub head: bool,
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

/// Add to `scores` what the names in one part of the page say.
fn score(g: &Gazetteer, part: &Part, scores: &mut [f32]) {
    let text = part.text;
    for m in g.writings.find_iter(text) {
        let whole_word = !text[..m.start()]
            .chars()
            .next_back()
            .is_some_and(chars::is_alphanumeric)
            && !text[m.end()..]
                .chars()
                .next()
                .is_some_and(chars::is_alphanumeric);
        if !whole_word {
            continue;
        }
        let key = &g.writing_keys[m.pattern().as_usize()];
        let kind = match prefix_before(&text[..m.start()]) {
            Kind::Bare if part.head => Kind::BareInHead,
            k => k,
        };
        if let Some((p, w)) = g.lookup(key, kind) {
            scores[p] += w * part.weight;
        }
    }
    // Web addresses: a word with a dot inside, ending in a known domain.
    let b = text.as_bytes();
    let mut last_end = 0;
    for dot in memchr::memchr_iter(b'.', b) {
        if dot < last_end
            || !gazetteer::ADDRESS_ENDS
                .iter()
                .any(|e| b[dot + 1..].starts_with(e))
        {
            continue;
        }
        let start = b[..dot]
            .iter()
            .rposition(|c| c.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        let end = b[dot..]
            .iter()
            .position(|c| c.is_ascii_whitespace())
            .map_or(b.len(), |i| dot + i);
        last_end = end;
        if let Some(p) = g.domain(&fold::fold(&text[start..end])) {
            scores[p] += gazetteer::DOMAIN * part.weight;
        }
    }
}

/// What the words just before a name say it is: "tỉnh", "Tỉnh ủy", "huyện", "Huyện ủy",
/// "quận", "thị xã", "Thị ủy", "thành phố", "TP", "Thành ủy".
fn prefix_before(before: &str) -> Kind {
    let mut words = before
        .rsplit(|c: char| !chars::is_alphanumeric(c))
        .filter(|w| !w.is_empty())
        .take(2)
        .map(fold::fold);
    let last = words.next().unwrap_or_default();
    let previous = words.next().unwrap_or_default();
    // Only spaces and dots ("TP. Cần Thơ") may stand between the prefix and the name.
    let gap = before.len() - before.trim_end_matches([' ', '.', '\u{a0}']).len();
    if gap == 0 && !before.is_empty() {
        return Kind::Bare;
    }
    match (previous.as_str(), last.as_str()) {
        (_, "tinh") | ("tinh", "uy") => Kind::Province,
        ("thanh", "pho") | ("thanh", "uy") | (_, "tp") => Kind::City,
        (_, "huyen") | (_, "quan") | ("huyen", "uy") | ("quan", "uy") => Kind::District,
        ("thi", "xa") | ("thi", "uy") => Kind::District,
        _ => Kind::Bare,
    }
}

#[cfg(test)]
fn body(text: &str) -> Part<'_> {
    Part {
        text,
        weight: 1.0,
        head: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, date: Option<&str>) -> Option<String> {
        find(&[body(text)], date)
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
    fn a_district_alone_counts_in_a_headline_only() {
        let title = Part {
            text: "Tân An: Chuyển biến tích cực",
            weight: 4.0,
            head: true,
        };
        assert_eq!(find(&[title], None).as_deref(), Some("Long An"));
        assert_eq!(find(&[body("Tân An: Tân An, Tân An.")], None), None);
        let kicker = Part {
            text: "LAI VUNG",
            weight: 3.0,
            head: true,
        };
        assert_eq!(find(&[kicker], None).as_deref(), Some("Đồng Tháp"));
    }

    #[test]
    fn domains_name_their_province() {
        assert_eq!(
            one("Nguồn: baodongthap.vn", None).as_deref(),
            Some("Đồng Tháp")
        );
    }
}
