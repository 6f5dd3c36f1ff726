// Scratch: cost of single regex calls (not committed).
use regex::Regex;
use std::time::Instant;
fn t(name: &str, n: usize, mut f: impl FnMut() -> usize) {
    let s = Instant::now();
    let mut k = 0;
    for _ in 0..n {
        k += f();
    }
    println!(
        "{name:<40} {:>8.0} ns  ({k})",
        s.elapsed().as_nanos() as f64 / n as f64
    );
}
fn main() {
    let s1 = "Kết quả năm 2010, có 1.565 tập thể, cá nhân được biểu dương, khen thưởng.";
    let s2 = "Trong đó có 246 tập thể và 498 cá nhân được UBND tỉnh tặng Bằng khen.";
    let after = " được UBND tỉnh tặng Bằng khen.";
    let mention = Regex::new(r"(?i)(?:^|[^\d.,])(\d{1,3}(?:\.\d{3})+|\d+)\s+(?:lượt\s+)?(tập\s+thể|cá\s+nhân)(?:\s*(?:,|và|cùng|hoặc|/)\s*(?:các\s+)?(tập\s+thể|cá\s+nhân))?").unwrap();
    let by_passive = Regex::new(r"được\s+(\p{Lu}[^;.]{1,80}?)\s+(?:trao\s+tặng|tặng|trao|khen\s+thưởng|biểu\s+dương|tuyên\s+dương|vinh\s+danh|công\s+nhận)").unwrap();
    let by_passive_inf = Regex::new(r"được\s+(\p{Lu}[^;.]+?)\s+(?:trao\s+tặng|tặng|trao|khen\s+thưởng|biểu\s+dương|tuyên\s+dương|vinh\s+danh|công\s+nhận)").unwrap();
    let by_of = Regex::new(r"(?i:bằng\s+khen|giấy\s+khen|cờ\s+thi\s+đua|huân\s+chương[^,;.]*?|huy\s+chương[^,;.]*?)\s+của\s+(\p{Lu}[^,;.]{1,80}?)(?:\s+(?:cho|vì|về|do|đã|có|năm|tại)(?:$|[^\p{L}])|[,;.(]|$)").unwrap();
    let kind = Regex::new(r"(?i)huân\s+chương(?:\s+\p{Lu}\p{L}*)*(?:\s+hạng\s+\p{L}+)?|huy\s+chương(?:\s+\p{Lu}\p{L}*)*|bằng\s+khen|giấy\s+khen|cờ\s+thi\s+đua|chiến\s+sĩ\s+thi\s+đua|biểu\s+dương|tuyên\s+dương|vinh\s+danh|tôn\s+vinh|khen\s+thưởng").unwrap();
    let year = Regex::new(
        r"(?i)(?:^|[^\p{L}\p{N}])(từ\s+)?năm\s+((?:19|20)\d\d)(?:$|[^\p{L}\p{N}])(\s*(?:-|–|đến))?",
    )
    .unwrap();
    let award_word = Regex::new(r"(?i)khen|biểu\s+dương|tuyên\s+dương|huân\s+chương|huy\s+chương|cờ\s+thi\s+đua|vinh\s+danh|danh\s+hiệu|tôn\s+vinh").unwrap();
    let n = 200_000;
    for _ in 0..2 {
        t("mention find_iter s1", n, || mention.find_iter(s1).count());
        t("mention captures_iter s1", n, || {
            mention.captures_iter(s1).count()
        });
        t("mention find_iter s2", n, || mention.find_iter(s2).count());
        t("by_passive captures after", n, || {
            by_passive.captures(after).map_or(0, |c| c[1].len())
        });
        t("by_passive find after", n, || {
            by_passive.find(after).map_or(0, |c| c.len())
        });
        t("by_passive_inf captures after", n, || {
            by_passive_inf.captures(after).map_or(0, |c| c[1].len())
        });
        t("by_of captures after", n, || {
            by_of.captures(after).map_or(0, |c| c[1].len())
        });
        t("by_of is_match after", n, || by_of.is_match(after) as usize);
        t("kind find_iter after", n, || kind.find_iter(after).count());
        t("year captures_iter s1", n, || {
            year.captures_iter(s1).count()
        });
        t("year find_iter s1", n, || year.find_iter(s1).count());
        t("award_word is_match after", n, || {
            award_word.is_match(after) as usize
        });
        t("award_word is_match s1", n, || {
            award_word.is_match(s1) as usize
        });
    }
}
