//! Page layout: which line is the headline, which date is the article's, where the
//! article ends and the page furniture (site names, "Phản hồi", "Các tin khác" …) begins.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::headline;
use super::numbers::has_year;
use crate::text::chars;

/// Where the parts of a page are, as byte offsets into the clean text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    /// The article: from the headline to the last line before the furniture.
    pub article: (usize, usize),
}

static DATE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?((?:19|20)\d\d)(?:$|[^\d])")
        .unwrap()
});
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)").unwrap()
});
static DATE_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d])((?:19|20)\d\d)-(\d{2})-(\d{2})(?:$|[^\d])").unwrap());
/// Labels that end the article: everything after them is page furniture.
static END_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:phản\s+hồi|các\s+tin\s+khác|tin\s+khác|tin\s+liên\s+quan|bài\s+liên\s+quan|tin\s+cùng\s+chuyên\s+mục|mới\s+nhất|tin\s+mới\s+nhất|xem\s+nhiều\s+nhất|đọc\s+nhiều\s+nhất|xem\s+thêm|thư\s+viện\s+ảnh|thư\s+viện\s+video|liên\s+kết\s+website|gửi\s+bình\s+luận(?:\s+của\s+bạn)?|bình\s+luận|ý\s+kiến\s+bạn\s+đọc|top|về\s+đầu\s+trang|lên\s+đầu\s+trang|in\s+bài(?:\s+viết)?|in\s+trang|chia\s+sẻ|từ\s+khóa|tags?|quay\s+lại|trở\s+về|bản\s+in|gửi\s+email)\s*[:.]?$",
    )
    .unwrap()
});
static SOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\(?\s*(?:nguồn|theo)\s*:?\s*(.+?)\s*\)?\.?$").unwrap());

struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// Find the headline, the article's date, the source line and the article's extent.
pub fn analyse(text: &str) -> Layout {
    // Room for every line at once (counting them is cheaper than growing the list).
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut at = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for end in ends {
        let raw = &text[at..end];
        let t = raw.trim();
        if !t.is_empty() {
            lines.push(Line {
                start: at + (t.as_ptr() as usize - raw.as_ptr() as usize),
                text: t,
            });
        }
        at = end + 1;
    }
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let dates = LineDates::new(&texts);
    let title_idx = headline::choose_dated(&dates, is_end_label)
        .or_else(|| (0..lines.len()).find(|&i| !dates.has(i) || lines[i].text.len() > 80));
    let end_idx = (title_idx.map_or(0, |t| t + 1)..lines.len())
        .find(|&i| is_end_label(lines[i].text))
        .unwrap_or(lines.len());
    let article = (
        title_idx.map_or(0, |i| lines[i].start),
        if end_idx < lines.len() {
            lines[end_idx].start
        } else {
            text.len()
        },
    );
    Layout {
        title: title_idx
            .map(|i| strip_date(headline::strip_site(lines[i].text)))
            .unwrap_or_default(),
        date: article_date(&dates, title_idx),
        source: title_idx.and_then(|t| source(&lines[t + 1..end_idx])),
        article,
    }
}

/// The article in whole lines: from the start of the headline's line to the start of the
/// first furniture line after it (the end of the text when there is none). What lies
/// outside is the page around the article: site name, menus, "Phản hồi", other stories.
pub fn article_lines(text: &str) -> Range<usize> {
    let (a, b) = analyse(text).article;
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = if b >= text.len() {
        text.len()
    } else {
        line_start(b)
    };
    line_start(a)..end
}

/// A furniture label such as "Phản hồi" or "Các tin khác" (short lines only).
fn is_end_label(line: &str) -> bool {
    line.len() <= 60 && END_LABEL.is_match(line)
}

/// A headline sometimes carries the date: "… (15/6/2014)". Drop it.
fn strip_date(title: &str) -> String {
    let t = title.trim();
    if let Some(open) = t.rfind('(') {
        if t.ends_with(')') && has_date(&t[open..]) {
            return t[..open].trim_end().to_string();
        }
    }
    t.to_string()
}

/// The date nearest the headline, among the short dated lines of the page header: up to
/// three lines after it, or any line before it; after wins over before at equal distance,
/// and a published date over an updated one ("Cập nhật: …").
fn article_date(dates: &LineDates, title: Option<usize>) -> Option<String> {
    let t = title?;
    let lines = dates.lines();
    let last = (t + 3).min(lines.len().saturating_sub(1));
    let mut dated = (1..=t.max(3))
        .flat_map(|d| [Some(t + d), t.checked_sub(d)])
        .flatten()
        .filter(|&i| i <= last && headline::is_short(lines[i]))
        .filter_map(|i| Some((i, lines[i], dates.iso(i)?)));
    let first = dated.next()?;
    if !UPDATED.is_match(first.1) {
        return Some(first.2);
    }
    // The published date next to it; a page's "today" further off is not the article's.
    match dated.next() {
        Some((i, line, date)) if i.abs_diff(t) <= 2 && !UPDATED.is_match(line) => Some(date),
        _ => Some(first.2),
    }
}

/// A dateline that says when the page was updated, not published.
static UPDATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:cập\s+nhật|updated?|sửa\s+đổi|chỉnh\s+sửa)").unwrap());

/// The first valid date in a line, as YYYY-MM-DD.
pub fn date_in(line: &str) -> Option<String> {
    date_parts(line).map(|(y, m, d)| iso_date(y, m, d))
}

/// The date of each line of a page, looked for at most once: the lines about a headline
/// are asked about again and again.
pub struct LineDates<'a> {
    lines: &'a [&'a str],
    found: Vec<OnceCell<Option<(u32, u32, u32)>>>,
}

impl<'a> LineDates<'a> {
    pub fn new(lines: &'a [&'a str]) -> LineDates<'a> {
        let found = std::iter::repeat_with(OnceCell::new)
            .take(lines.len())
            .collect();
        LineDates { lines, found }
    }

    pub fn lines(&self) -> &'a [&'a str] {
        self.lines
    }

    fn parts(&self, i: usize) -> Option<(u32, u32, u32)> {
        *self.found[i].get_or_init(|| date_parts(self.lines[i]))
    }

    /// Whether line `i` holds a valid date, as [`has_date`] says.
    pub fn has(&self, i: usize) -> bool {
        self.parts(i).is_some()
    }

    /// The date in line `i`, as [`date_in`] gives it.
    pub fn iso(&self, i: usize) -> Option<String> {
        self.parts(i).map(|(y, m, d)| iso_date(y, m, d))
    }
}

/// Whether a line holds a valid date, as [`date_in`] says (without writing it out).
pub fn has_date(line: &str) -> bool {
    date_parts(line).is_some()
}

/// The year, month and day of the first valid date in a line.
fn date_parts(line: &str) -> Option<(u32, u32, u32)> {
    // Every form needs a year in ASCII digits (others do not parse): most lines have none.
    if !has_year(line) {
        return None;
    }
    let dmy = |d: &str, m: &str, y: &str| -> Option<(u32, u32, u32)> {
        let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
        ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some((y, m, d))
    };
    LOCAL_DATE_NUMERIC
        .with(|numeric| {
            numeric
                .find_iter(line)
                .find_map(|m| match digit_runs(m.as_str()) {
                    Some([d, m, y]) => dmy(d, m, y),
                    None => {
                        let c = numeric.captures_at(line, m.start())?;
                        dmy(&c[1], &c[2], &c[3])
                    }
                })
        })
        .or_else(|| {
            DATE_WORDS
                .captures_iter(line)
                .find_map(|c| dmy(&c[1], &c[2], &c[3]))
        })
        .or_else(|| {
            DATE_ISO
                .captures_iter(line)
                .find_map(|c| dmy(&c[3], &c[2], &c[1]))
        })
}

thread_local! {
    /// Each thread's own copy, as `programmes::CUES` (dates are looked for in several
    /// lines of every document).
    static LOCAL_DATE_NUMERIC: Regex = DATE_NUMERIC.clone();
}

/// The groups of an ASCII DATE_NUMERIC match, read off it (cheaper than captures): its
/// only digits are the day, the month and the year, the rest separators and boundaries.
/// None for a match with other characters.
fn digit_runs(t: &str) -> Option<[&str; 3]> {
    if !t.is_ascii() {
        return None;
    }
    let mut runs = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty());
    Some([runs.next()?, runs.next()?, runs.next()?])
}

/// "YYYY-MM-DD", as `format!("{y:04}-{m:02}-{d:02}")` writes it for y < 10000, m, d < 100.
fn iso_date(y: u32, m: u32, d: u32) -> String {
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        '-',
        digit(m / 10),
        digit(m),
        '-',
        digit(d / 10),
        digit(d),
    ]
    .iter()
    .collect()
}

/// The source or author line: "(Nguồn: Báo Long An)", "TTX", "M.X", "Vân Giang".
fn source(article: &[Line]) -> Option<String> {
    let last = article.last()?.text;
    // Counted only where they decide: the last line is most often a long sentence.
    let words = || chars::count_words(last, 13); // enough for the tests below
    if SOURCE.is_match(last) && words() <= 12 {
        if let Some(c) = SOURCE.captures(last) {
            return Some(c[1].trim().to_string());
        }
    }
    let sentence_like = last.ends_with(['.', ';', ':', '…', '!', '?']) && !last.ends_with("./.");
    (!sentence_like && article.len() > 1 && words() <= 6 && !has_date(last))
        .then(|| last.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_dates_answer_as_the_line_does() {
        let lines = [
            "Thứ hai, 27/08/2012 - 10:05",
            "Tiêu đề",
            "ngày 7 tháng 8 năm 2011",
            "32/13/2012",
            "2020-08-06 05:43",
        ];
        let dates = LineDates::new(&lines);
        for _ in 0..2 {
            for (i, line) in lines.iter().enumerate() {
                assert_eq!(dates.has(i), has_date(line), "{line}");
                assert_eq!(dates.iso(i), date_in(line), "{line}");
            }
        }
    }

    #[test]
    fn headline_after_site_name_section_label_and_dates() {
        let t = "Bao dien tu Bac Ninh\nThứ Ba, 1/10/2024\nThực tiễn kinh nghiệm\nChủ Nhật, 15/6/2014 8:50'(GMT+7)\n\nLong An: Nhân rộng cách làm hay, mô hình hiệu quả\n\nNội dung bài viết.\n\nTTX\nPhản hồi\nCác tin khác\nMột bài khác có 3 tập thể được khen thưởng.";
        let l = analyse(t);
        assert_eq!(l.title, "Long An: Nhân rộng cách làm hay, mô hình hiệu quả");
        assert_eq!(l.date.as_deref(), Some("2014-06-15"));
        assert_eq!(l.source.as_deref(), Some("TTX"));
        assert!(t[l.article.0..l.article.1].starts_with("Long An:"));
        assert!(!t[l.article.0..l.article.1].contains("Một bài khác"));
    }

    #[test]
    fn article_lines_start_and_end_on_line_starts() {
        let t = "Báo Long An\n  Long An: Nhân rộng cách làm hay, mô hình hiệu quả\nNội dung.\n  Phản hồi\nTin khác\n";
        let r = article_lines(t);
        assert_eq!(&t[..r.start], "Báo Long An\n");
        assert!(t[r.clone()].ends_with("Nội dung.\n"), "{:?}", &t[r.clone()]);
        assert_eq!(&t[r.end..], "  Phản hồi\nTin khác\n");
        // No furniture: the whole text.
        let t = "Long An: Nhân rộng cách làm hay, mô hình hiệu quả\nNội dung.";
        assert_eq!(article_lines(t), 0..t.len());
    }

    #[test]
    fn date_after_headline_and_no_date() {
        let t = "LAI VUNG\n\nChuyển biến tích cực từ việc học tập và làm theo Bác\n\nCập nhật ngày: 06/08/2020 05:43:21\n\nBài.";
        assert_eq!(analyse(t).date.as_deref(), Some("2020-08-06"));
        assert_eq!(
            analyse(t).title,
            "Chuyển biến tích cực từ việc học tập và làm theo Bác"
        );
        let t = "Long An qua 2 năm học tập và làm theo gương Bác\n\nNgày 25/10/2021, Ban Chấp hành Trung ương ban hành kết luận về việc này và nhiều việc khác nữa.";
        assert_eq!(analyse(t).date, None);
    }

    #[test]
    fn mixed_case_headline_beats_shouted_section_label() {
        let t = "XÂY DỰNG ĐẢNG - CHÍNH QUYỀN ĐỊA PHƯƠNG\nBáo chí góp phần lan tỏa gương người tốt việc tốt\n\nBài.";
        assert_eq!(
            analyse(t).title,
            "Báo chí góp phần lan tỏa gương người tốt việc tốt"
        );
        let t = "LONG AN: NHÂN RỘNG CÁCH LÀM HAY, MÔ HÌNH HIỆU QUẢ\n\nNội dung bài viết rất dài.";
        assert_eq!(
            analyse(t).title,
            "LONG AN: NHÂN RỘNG CÁCH LÀM HAY, MÔ HÌNH HIỆU QUẢ"
        );
    }

    #[test]
    fn numeric_dates_read_as_the_regex_groups_say() {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "1", "21", "7", "12", "2010", "1999", "١", "/", ".", "-", " ", "\u{a0}", "x", "(",
            "ngày",
        ]);
        let line = prop::collection::vec(piece, 0..12).prop_map(|v| v.concat());
        proptest!(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() }, |(line in line)| {
            let groups = |c: regex::Captures| (c[1].to_string(), c[2].to_string(), c[3].to_string());
            for m in DATE_NUMERIC.find_iter(&line).filter(|m| m.as_str().is_ascii()) {
                let exact = DATE_NUMERIC.captures_at(&line, m.start()).map(groups);
                let read = digit_runs(m.as_str()).map(|[d, m, y]| (d.to_string(), m.to_string(), y.to_string()));
                prop_assert_eq!(read, exact);
            }
        });
    }

    #[test]
    fn dates_in_other_shapes() {
        assert_eq!(
            date_in("ngày 7 tháng 8 năm 2011").as_deref(),
            Some("2011-08-07")
        );
        assert_eq!(date_in("2020-08-06 05:43").as_deref(), Some("2020-08-06"));
        assert_eq!(
            date_in("Thứ hai, 27/08/2012 - 10:05").as_deref(),
            Some("2012-08-27")
        );
        assert_eq!(date_in("32/13/2012"), None);
    }

    #[test]
    fn source_line_forms() {
        let t = "Tiêu đề bài viết về học tập và làm theo Bác\n\nNội dung.\n\n(Nguồn: Báo Long An)\n\nPhản hồi";
        assert_eq!(analyse(t).source.as_deref(), Some("Báo Long An"));
    }
}
