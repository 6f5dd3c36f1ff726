//! Which line of a page's header is the headline.
//!
//! A flattened news page starts with furniture: the site's name, menus ("Thời sự | Chính trị
//! | …"), breadcrumbs ("Trang chủ > Chính trị > …"), hotline and advert lines, the day's
//! date, a kicker above the headline ("HỌC TẬP VÀ LÀM THEO BÁC:"). Every line of the header
//! that could be a headline is scored by what surrounds it — a dateline just after it, the
//! lead paragraph after it, capitals, a full stop — and the best one wins, earlier lines
//! winning ties. Written by hand: no crate knows Vietnamese news page layouts.

use std::sync::LazyLock;

use regex::Regex;

use super::awards::is_caption;
use super::layout::LineDates;
use crate::text::chars;

/// What a line that reads as a photo's caption loses.
const CAPTION_PENALTY: i32 = 25;
/// Lines looked at for the headline at most.
const MAX_HEADER: usize = 40;

/// Site names and mastheads: "Báo điện tử …", "Cổng thông tin …", "www.…".
static SITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:báo\s|bao\s|cổng\s+thông\s+tin|trang\s+thông\s+tin|tạp\s+chí|đài\s|trang\s+chủ)|điện\s+tử|dien\s+tu|online$|www\.|\.vn(?-u:\b)|\.com(?-u:\b)|\s[>»|]\s").unwrap()
});
/// Page chrome that is never a headline: contact and advert lines, log-in, counters.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)hotline|đường\s+dây\s+nóng|quảng\s+cáo|liên\s+hệ\s*:|điện\s+thoại\s*:|e-?mail\s*:|fax\s*:|đăng\s+nhập|đăng\s+ký\s*(?:$|\|)|lượt\s+xem|cỡ\s+chữ|^(?:chia\s+sẻ|bình\s+luận)\s*(?:$|[:(])|^ảnh\s*:|\(ảnh\s*:|^video\s*:|^clip\s*:|^tin\s+nóng|^tiêu\s+điểm\s*:|^xem\s+thêm").unwrap()
});
/// A lead paragraph's opening: "(BGĐT) - ", "ĐTO - ", "TTXVN - ".
static LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\([^)\s]{2,12}\)|[A-ZĐ]{2,8})\s*[-–—]\s").unwrap());

/// The index in `lines` of the headline, if any line of the header looks like one.
pub fn choose(lines: &[&str], is_end_label: impl Fn(&str) -> bool) -> Option<usize> {
    choose_dated(&LineDates::new(lines), is_end_label)
}

/// As [`choose`], with the lines' dates looked for once, in `dates`.
pub(super) fn choose_dated(
    dates: &LineDates,
    is_end_label: impl Fn(&str) -> bool,
) -> Option<usize> {
    let lines = dates.lines();
    let end = lines
        .iter()
        .take(MAX_HEADER)
        .position(|l| is_paragraph(l) || is_end_label(l))
        .unwrap_or(lines.len().min(MAX_HEADER));
    // Cheap scores first; the regexes for furniture and captions run only on the lines
    // that could still win, best first (a cold list extracts every document's headline).
    let mut scored: Vec<(i32, usize, usize)> = (0..end)
        .filter_map(|i| {
            let words = chars::count_words(lines[i], 71);
            Some((score(dates, i, end, words)?, i, words))
        })
        .collect();
    scored.sort_by_key(|&(score, i, _)| (std::cmp::Reverse(score), i));
    let mut best: Option<(i32, usize)> = None;
    for (k, &(score, i, words)) in scored.iter().enumerate() {
        if best.is_some_and(|(b, _)| score <= b) {
            break; // no later line can beat it: a check only lowers a score
        }
        let line = lines[i];
        if is_end_label(line) || is_furniture(line, words) {
            continue;
        }
        // Whether it is a caption matters only if that lets another line win.
        let rival = scored
            .get(k + 1)
            .map(|&(s, _, _)| s)
            .max(best.map(|(b, _)| b));
        let score = if rival.is_some_and(|r| score - CAPTION_PENALTY <= r) && is_caption(line) {
            score - CAPTION_PENALTY
        } else {
            score
        };
        if best.is_none_or(|(b, j)| score > b || score == b && i < j) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

/// How much a line looks like the headline, before the furniture and caption checks;
/// `None` when it cannot be one.
fn score(dates: &LineDates, i: usize, end: usize, words: usize) -> Option<i32> {
    let lines = dates.lines();
    let line = lines[i];
    if !(5..=70).contains(&words) || (words <= 12 && dates.has(i)) {
        return None;
    }
    let mut score = -2 * i32::try_from(i).unwrap_or(i32::MAX / 4);
    if !line
        .chars()
        .any(|c| !c.is_ascii() && chars::is_alphabetic(c))
    {
        score -= 20; // a Vietnamese headline has diacritics
    }
    if !line.chars().any(chars::is_lowercase) {
        score -= 30; // a section label or kicker in capitals, unless nothing better
    }
    if line.ends_with(['.', ';']) && !line.ends_with("..") {
        score -= 40; // a sentence
    }
    if words > 35 {
        score -= 20;
    }
    let short_date = |j: usize| lines.get(j).is_some_and(|l| is_short(l) && dates.has(j));
    if short_date(i + 1) {
        score += 40; // the dateline under a headline
    } else if short_date(i + 2) && !is_paragraph(lines[i + 1]) {
        score += 25; // a line (author, kicker) between
    } else if i > 0 && short_date(i - 1) {
        score += 25; // or over it
    }
    if lines
        .get(i + 1)
        .is_some_and(|l| is_lead(l) || i + 1 == end && is_paragraph(l))
    {
        score += 15; // the article starts right after it
    }
    Some(score)
}

/// At most 80 characters (counted only where the bytes leave it open).
pub fn is_short(line: &str) -> bool {
    line.len() <= 80 || (line.len() <= 320 && char_count(line) <= 80)
}

/// `s.chars().count()`: the bytes that start a character.
fn char_count(s: &str) -> usize {
    count_bytes(s, |b| b & 0xC0 != 0x80)
}

/// How many bytes of `s` are `like` that, counted in byte counters over short blocks
/// with no branches, so the loop is vectorised (decoding goes a character at a time).
fn count_bytes(s: &str, like: impl Fn(u8) -> bool) -> usize {
    s.as_bytes()
        .chunks(255)
        .map(|block| usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(like(b)))))
        .sum()
}

/// A lead paragraph's opening, as [`LEAD`] says, on lines that open as one can.
fn is_lead(line: &str) -> bool {
    // `[A-ZĐ]{2,8}` needs two capitals: most paragraphs open with one.
    let capital = |b: &[u8]| match b {
        [b'A'..=b'Z', ..] => Some(1),
        [0xC4, 0x90, ..] => Some(2), // 'Đ'
        _ => None,
    };
    let b = line.as_bytes();
    let may_open =
        b.first() == Some(&b'(') || capital(b).is_some_and(|n| capital(&b[n..]).is_some());
    may_open && LEAD.is_match(line)
}

/// A body paragraph: where the header ends.
fn is_paragraph(line: &str) -> bool {
    (line.len() > 320 && char_count(line) > 320)
        || line.len() > 80 && is_lead(line)
        || line.ends_with('.') && count_bytes(line, |b| b == b' ') >= 15
}

/// Menus, breadcrumbs, site names, kickers, contact and advert lines.
fn is_furniture(line: &str, words: usize) -> bool {
    // Separators are ASCII or start with the bytes C2 (» ·) or E2 (› • –), one each: a
    // line with too few of those bytes to be a menu has too few separators.
    let leads = count_bytes(line, |b| {
        matches!(b, b'|' | b'>' | b'/' | b'-' | 0xC2 | 0xE2)
    });
    let may_separate = leads >= 2 && words <= leads * 5;
    let separators = if may_separate {
        line.split_whitespace()
            .filter(|w| matches!(*w, "|" | "•" | "·" | ">" | "»" | "›" | "/" | "-" | "–"))
            .count()
    } else {
        0
    };
    // "Thời sự | Chính trị | Kinh tế", "Trang chủ > Tin tức > Xây dựng Đảng"
    let is_menu = separators >= 2 && words <= separators * 5;
    is_menu
        || line.ends_with(':') // a kicker: "HỌC TẬP VÀ LÀM THEO BÁC:"
        || (words <= 12 && (SITE.is_match(line) && words <= 10 || CHROME.is_match(line)))
}

/// A site's name, a section label or a kicker: a short line of the page head that names
/// where the page is from, not another article's headline.
pub fn is_masthead(line: &str) -> bool {
    let words = chars::count_words(line, 11);
    words <= 4 || (words <= 10 && SITE.is_match(line)) || line.ends_with(':')
}

/// The headline without a site name after it: "… - Báo Bắc Giang điện tử", "… | baobacgiang.vn".
pub fn strip_site(title: &str) -> &str {
    let mut t = title.trim();
    // Every separator has a '-', a '|' or (for the long dashes) the byte E2.
    if memchr::memchr3(b'-', b'|', 0xE2, t.as_bytes()).is_none() {
        return t;
    }
    while let Some(at) = last_separator(t) {
        let (head, tail) = t.split_at(at);
        let tail = tail.trim_start_matches([' ', '-', '|', '–', '—']).trim();
        if chars::count_words(head, 4) < 4
            || chars::count_words(tail, 9) > 8
            || !SITE.is_match(tail)
        {
            break;
        }
        t = head.trim_end();
    }
    t
}

/// Where the last " - ", " | ", " – " or " — " in a line starts (not at its start).
fn last_separator(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    // Looked for from the mark ('-', '|', or E2 for the long dashes), which few words
    // hold, not from the space before it, which nearly all do.
    memchr::memrchr3_iter(b'-', b'|', 0xE2, b).find_map(|mark| {
        let space = mark.checked_sub(1).filter(|&i| i > 0 && b[i] == b' ')?;
        ["- ", "| ", "– ", "— "]
            .iter()
            .any(|sep| t[mark..].starts_with(sep))
            .then_some(space)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]
        /// The byte counts and the quick look at a lead's opening answer as the plain
        /// definitions do.
        #[test]
        fn counts_and_leads_as_defined(
            s in "[(A-ZĐa-zđệ ).\u{a0}-]{0,12}",
            rep in 0usize..40,
            tail in "[ đ.a-]{0,3}",
        ) {
            let line = s.repeat(rep) + &tail;
            prop_assert_eq!(char_count(&line), line.chars().count());
            prop_assert_eq!(
                is_short(&line),
                line.len() <= 80 || (line.len() <= 320 && line.chars().nth(80).is_none())
            );
            let spaces = memchr::memchr_iter(b' ', line.as_bytes()).nth(14).is_some();
            prop_assert_eq!(count_bytes(&line, |b| b == b' ') >= 15, spaces);
            prop_assert_eq!(is_lead(&line), LEAD.is_match(&line));
            let lead_line = s.clone() + " - " + &tail;
            prop_assert_eq!(is_lead(&lead_line), LEAD.is_match(&lead_line));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]
        /// A line is a menu by its separators as counted word by word, also when the bytes
        /// that start separators are counted first.
        #[test]
        fn menus_as_counted_word_by_word(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "Thời", "sự", "|", "•", "·", ">", "»", "›", "/", "-", "–", "a-b", "x/y", "“", "ệ",
            ]), 0..30),
        ) {
            let line = pieces.join(" ");
            let words = chars::count_words(&line, 71);
            let separators = line
                .split_whitespace()
                .filter(|w| matches!(*w, "|" | "•" | "·" | ">" | "»" | "›" | "/" | "-" | "–"))
                .count();
            let menu = separators >= 2 && words <= separators * 5;
            let kicker_or_site = line.ends_with(':')
                || (words <= 12 && (SITE.is_match(&line) && words <= 10 || CHROME.is_match(&line)));
            prop_assert_eq!(is_furniture(&line, words), menu || kicker_or_site, "{:?}", line);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]
        /// The last separator is the last space followed by one.
        #[test]
        fn the_last_separator_is_the_last_space_before_one(
            pieces in prop::collection::vec(prop::sample::select(vec![
                " ", "-", "|", "–", "—", "“", "a", "ệ", "- ", " -", "2005-2010",
            ]), 0..20),
        ) {
            let t = pieces.concat();
            let want = (1..t.len()).rev().find(|&i| {
                t.as_bytes()[i] == b' '
                    && ["- ", "| ", "– ", "— "].iter().any(|sep| t[i + 1..].starts_with(sep))
            });
            prop_assert_eq!(last_separator(&t), want, "{:?}", t);
        }
    }

    fn headline(page: &str) -> Option<&str> {
        let lines: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        choose(&lines, |l| l == "Tin liên quan").map(|i| lines[i])
    }

    #[test]
    fn menus_breadcrumbs_hotlines_and_kickers_are_passed_over() {
        let page = "Báo Bắc Giang điện tử\nThời sự | Chính trị | Kinh tế | Xã hội | Văn hóa | Thể thao\nHotline: 0204.3854.xxx - Quảng cáo\nTrang chủ > Chính trị > Xây dựng Đảng\nHỌC TẬP VÀ LÀM THEO BÁC:\nBắc Giang biểu dương 120 tập thể, cá nhân điển hình năm 2023\nThứ Sáu, 19/05/2023 - 10:15\n(BGĐT) - Sáng 19/5, Ban Thường vụ Tỉnh ủy Bắc Giang tổ chức hội nghị sơ kết việc học tập và làm theo Bác.";
        assert_eq!(
            headline(page),
            Some("Bắc Giang biểu dương 120 tập thể, cá nhân điển hình năm 2023")
        );
    }

    #[test]
    fn the_headline_with_a_dateline_beats_a_ticker_of_other_news() {
        let page = "Điện Biên tổ chức hội thi kể chuyện về Bác cho đoàn viên\nHà Giang khánh thành cầu dân sinh tại xã vùng cao\nTuyên Quang tổng kết 5 năm thực hiện Chỉ thị 05-CT/TW\n15/06/2021 09:30\nNội dung của bài.";
        assert_eq!(
            headline(page),
            Some("Tuyên Quang tổng kết 5 năm thực hiện Chỉ thị 05-CT/TW")
        );
    }

    #[test]
    fn a_shouted_headline_stands_when_nothing_else_does() {
        assert_eq!(
            headline("XÂY DỰNG ĐẢNG\nLONG AN: NHÂN RỘNG CÁCH LÀM HAY, MÔ HÌNH HIỆU QUẢ\nBài."),
            Some("LONG AN: NHÂN RỘNG CÁCH LÀM HAY, MÔ HÌNH HIỆU QUẢ")
        );
        assert_eq!(
            headline("HỌC TẬP VÀ LÀM THEO BÁC HỒ TRONG CÁN BỘ\nBến Tre sơ kết 3 năm thực hiện Chỉ thị 05\nBài."),
            Some("Bến Tre sơ kết 3 năm thực hiện Chỉ thị 05")
        );
    }

    #[test]
    fn related_headlines_after_the_label_are_not_the_headline() {
        assert_eq!(
            headline("Trang chủ\nTin liên quan\nLạng Giang khen thưởng 30 tập thể, cá nhân"),
            None
        );
    }

    #[test]
    fn site_names_after_the_headline_go() {
        assert_eq!(
            strip_site("Bắc Giang biểu dương 120 điển hình - Báo Bắc Giang điện tử"),
            "Bắc Giang biểu dương 120 điển hình"
        );
        assert_eq!(
            strip_site("Sơ kết Chỉ thị 05 ở Cần Thơ | baocantho.com.vn"),
            "Sơ kết Chỉ thị 05 ở Cần Thơ"
        );
        // A dash inside the headline stays.
        assert_eq!(
            strip_site("Quảng Trị: Biểu dương điển hình - Đoạn đường kiểu mẫu"),
            "Quảng Trị: Biểu dương điển hình - Đoạn đường kiểu mẫu"
        );
    }
}
