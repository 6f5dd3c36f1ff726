//! What looks like an award and is not: mere mentions, people who took part, registered,
//! were chosen or disciplined, targets and plans, photo captions, lists of other articles.

use std::sync::LazyLock;

use regex::Regex;

/// Words that make a statement an award, not a mere mention.
pub static AWARD_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)khen|biểu\s+dương|tuyên\s+dương|huân\s+chương|huy\s+chương|cờ\s+thi\s+đua|vinh\s+danh|danh\s+hiệu|tôn\s+vinh").unwrap()
});

/// Right after the counts: a group that took part, registered, won a prize or was punished.
pub static TOOK_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)^[\s"“”'()\-–:]*(?:đã\s+|được\s+)?(?:tham\s+gia|tham\s+dự|dự\s+thi|đăng\s+ký|đăng\s+kí|đạt\s+giải|nhận\s+giải|đoạt\s+giải|bị\s+|phải\s+|kỷ\s+luật|kỉ\s+luật|(?:lựa\s+)?chọn\s+(?:đi\s+)?(?:tham|dự)|cử\s+(?:đi\s+)?(?:tham|dự))"#,
    )
    .unwrap()
});

/// Just before the counts: what is aimed at or planned, not done; punishment; those taking
/// part; prizes.
static NOT_DONE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)phấn\s+đấu|chỉ\s+tiêu|dự\s+kiến|mục\s+tiêu|đề\s+ra|kế\s+hoạch\s+(?:sẽ\s+)?(?:khen|biểu|tuyên|tặng|trao|tôn)|(?:^|[^\p{L}])sẽ\s+(?:được\s+)?(?:khen|biểu|tuyên|tặng|trao|vinh|tôn)|kỷ\s+luật|kỉ\s+luật|xử\s+lý|khiển\s+trách|cảnh\s+cáo|đăng\s+ký|đăng\s+kí|tham\s+gia\s+của|tham\s+dự\s+của|giải\s+(?:nhất|nhì|ba|khuyến\s+khích|đặc\s+biệt|a|b|c)(?:$|[^\p{L}])|(?:^|[^\p{L}])trao\s+(?:\d+\s+)?giải")
        .unwrap()
});

/// "chọn 10 cá nhân tiêu biểu tham dự …": chosen to take part, not commended.
static CHOSEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:lựa\s+)?chọn|(?:^|[^\p{L}])cử(?:$|[^\p{L}])").unwrap());
static TO_TAKE_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)tham\s+dự|tham\s+gia|đi\s+dự|dự\s+(?:hội|lễ|đại|thi)").unwrap()
});

/// How much of the text before the counts the "not done" words are looked for in.
const NEAR_BEFORE: usize = 90;

/// True when the text around a group of counts says it is not an award made.
pub fn not_an_award(before: &str, after: &str) -> bool {
    let near = super::sentences::tail(before, NEAR_BEFORE);
    TOOK_PART.is_match(after)
        || NOT_DONE_BEFORE.is_match(near)
        || (CHOSEN.is_match(near)
            && TO_TAKE_PART.is_match(super::sentences::head(after, NEAR_BEFORE)))
}

/// A photo caption: "Ảnh: …", "(Ảnh …)", "Ảnh minh họa", people placed "(bìa trái)",
/// "(thứ 3 từ trái sang)".
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s(\[\-–])ảnh\s*(?::|minh\s+họa|minh\s+hoạ|\))|\(\s*ảnh(?:$|[^\p{L}])|\((?:\s*(?:bìa|thứ\s+\d+|từ\s+trái|từ\s+phải|giữa|đứng\s+giữa|ngoài\s+cùng|hàng\s+đầu|hàng\s+trước|trái|phải)(?:$|[^\p{L}]))|(?:^|[^\p{L}])ảnh\s*$")
        .unwrap()
});

/// A short line with no sentence end that shows someone handing something over: the text
/// under a photo ("Đồng chí … trao Bằng khen cho 10 tập thể").
static SHOWS_SOMEONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:đồng\s+chí|ông|bà|lãnh\s+đạo|bí\s+thư|phó\s|chủ\s+tịch|bộ\s+trưởng|thứ\s+trưởng|đại\s+diện|đại\s+biểu|các\s+đại\s+biểu|quang\s+cảnh|thượng\s+tướng|trung\s+tướng|thiếu\s+tướng|đại\s+tướng|đại\s+tá|thượng\s+tá)(?:$|[^\p{L}]).{0,200}?[^\p{L}](?:trao|tặng|chúc\s+mừng)(?:$|[^\p{L}])")
        .unwrap()
});

pub fn is_caption(line: &str) -> bool {
    CAPTION.is_match(line)
        || (!is_paragraph(line)
            && line.split_whitespace().nth(45).is_none()
            && SHOWS_SOMEONE.is_match(line))
}

/// A label above a list of other articles.
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:tin|bài)\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|khác|mới(?:\s+hơn|\s+nhất)?|cũ\s+hơn|đã\s+đưa|nổi\s+bật|xem\s+nhiều)|^\W*(?:các\s+tin\s+khác|đọc\s+thêm|xem\s+thêm|bài\s+viết\s+liên\s+quan|có\s+thể\s+bạn\s+quan\s+tâm)\W*$")
        .unwrap()
});

pub fn is_related_label(line: &str) -> bool {
    line.len() <= 80 && RELATED.is_match(line)
}

/// A line that reads as running text (a sentence's end, or long), not a headline or link.
pub fn is_paragraph(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '…', ':', ';', '"', '”', ')'])
        || line.split_whitespace().nth(40).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions() {
        assert!(is_caption(
            "Lãnh đạo tỉnh trao Bằng khen cho các tập thể. Ảnh: T.L"
        ));
        assert!(is_caption(
            "Đồng chí Nguyễn Văn A (bìa trái) trao bằng khen cho 5 cá nhân"
        ));
        assert!(is_caption("Trao khen thưởng cho 20 tập thể (Ảnh: Thu Hà)"));
        assert!(is_caption("Ảnh minh họa"));
        assert!(is_caption(
            "Đồng chí Trần Văn B, Chủ tịch UBND tỉnh trao Bằng khen cho 10 tập thể"
        ));
        assert!(!is_caption(
            "Đồng chí Trần Văn B, Chủ tịch UBND tỉnh trao Bằng khen cho 10 tập thể."
        ));
        assert!(!is_caption(
            "Năm 2022, tỉnh có 2 cá nhân được Thủ tướng Chính phủ tặng bằng khen."
        ));
        assert!(!is_caption(
            "Hình ảnh người cán bộ gần dân: tỉnh khen 5 tập thể."
        ));
    }

    #[test]
    fn related_lists() {
        for l in [
            "Tin liên quan",
            "TIN CÙNG CHUYÊN MỤC",
            "Tin khác:",
            "Đọc thêm",
            "Bài viết liên quan",
        ] {
            assert!(is_related_label(l), "{l}");
        }
        assert!(!is_related_label(
            "Tin tưởng vào sự lãnh đạo của Đảng, tỉnh khen 5 tập thể."
        ));
    }

    #[test]
    fn not_done() {
        assert!(not_an_award(
            "Năm 2025, tỉnh phấn đấu có ",
            " được khen thưởng."
        ));
        assert!(not_an_award("Dự kiến khen thưởng ", "."));
        assert!(not_an_award("Trong năm, ", " bị kỷ luật."));
        assert!(not_an_award("Đã kỷ luật ", "."));
        assert!(not_an_award(
            "Ban tổ chức chọn ",
            " tiêu biểu tham dự Hội nghị biểu dương toàn quốc."
        ));
        assert!(not_an_award(
            "Có ",
            " đăng ký xây dựng mô hình, được biểu dương."
        ));
        assert!(!not_an_award(
            "Thực hiện Kế hoạch số 12-KH/TU, UBND tỉnh khen thưởng ",
            "."
        ));
        assert!(!not_an_award(
            "UBND tỉnh tặng Bằng khen cho ",
            " có thành tích."
        ));
    }
}
