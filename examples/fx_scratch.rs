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
    let line = "Thứ Năm, 21/7/2010 12:06";
    let title = "Tân An: Chuyển biến tích cực từ việc học tập và làm theo Bác giai đoạn 2005-2010";
    let u = Regex::new(
        r"(?:^|[^\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?((?:19|20)\d\d)(?:$|[^\d])",
    )
    .unwrap();
    let a = Regex::new(r"(?:^|[^0-9/.-])([0-9]{1,2})\s?[/.-]\s?([0-9]{1,2})\s?[/.-]\s?((?:19|20)[0-9][0-9])(?:$|[^0-9])").unwrap();
    let n = 300_000;
    for _ in 0..2 {
        t("unicode captures line", n, || u.captures_iter(line).count());
        t("ascii captures line", n, || a.captures_iter(line).count());
        t("unicode captures title", n, || {
            u.captures_iter(title).count()
        });
        t("ascii captures title", n, || a.captures_iter(title).count());
        t("unicode find line", n, || u.find_iter(line).count());
    }
}
