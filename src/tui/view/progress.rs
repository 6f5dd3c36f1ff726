//! The loading progress as one line of text: what is being done, a bar, how many of how
//! many, the rate and the time left.

use crate::corpus::progress::{Snapshot, Step};
use crate::extract::numbers::format_count;

/// Cells of the bar.
const BAR: usize = 12;

/// E.g. "loading: reading files ▕████▌       ▏ 312.000 / 1.000.000 · 52.000/s · 13 s left".
pub fn line(p: &Snapshot) -> String {
    let what = match p.step {
        Step::Finding => return "loading: finding the documents…".into(),
        Step::Listing => return "loading: reading the cache…".into(),
        Step::Index => return "loading: building the full-text index…".into(),
        Step::Cache => "facts",
        Step::Titles => "reading titles",
        Step::Reading => "reading files",
    };
    let mut out = format!(
        "loading: {what} {} {} / {}",
        bar(p.done, p.total),
        format_count(p.done as u64),
        format_count(p.total as u64)
    );
    if let Some(rate) = p.rate {
        out += &format!(" · {}/s", format_count(rate.round() as u64));
    }
    if let Some(left) = p.left {
        out += &format!(" · {} left", duration(left.as_secs()));
    }
    out
}

/// `done` of `total` as a bar of eighth blocks between two edges.
fn bar(done: usize, total: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = match total {
        0 => 0,
        _ => (done.min(total) as u128 * (BAR * 8) as u128 / total as u128) as usize,
    };
    let mut s = String::from("▕");
    for cell in 0..BAR {
        let filled = eighths.saturating_sub(cell * 8).min(8);
        s.push(if filled == 8 { '█' } else { PARTS[filled] });
    }
    s.push('▏');
    s
}

/// "13 s", "2 min 5 s", "1 h 20 min".
fn duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min {} s", secs / 60, secs % 60),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::wrap::width;
    use std::time::Duration;

    fn snap(step: Step, done: usize, total: usize, rate: Option<f64>) -> Snapshot {
        Snapshot {
            step,
            done,
            total,
            rate,
            left: rate.map(|r| Duration::from_secs_f64((total - done) as f64 / r)),
        }
    }

    #[test]
    fn says_how_many_of_how_many_how_fast_and_how_long() {
        let l = line(&snap(Step::Reading, 312_000, 1_000_000, Some(52_000.0)));
        assert!(
            l.starts_with("loading: reading files ▕███▋        ▏"),
            "{l}"
        );
        assert!(
            l.ends_with("▏ 312.000 / 1.000.000 · 52.000/s · 13 s left"),
            "{l}"
        );
        let l = line(&snap(Step::Cache, 10, 1_000_000, Some(10.0)));
        assert!(l.starts_with("loading: facts ▕"), "{l}");
        assert!(l.ends_with("· 27 h 46 min left"), "{l}");
        // Before there is a rate, no rate and no time.
        let l = line(&snap(Step::Reading, 0, 5, None));
        assert!(l.ends_with("0 / 5"), "{l}");
    }

    #[test]
    fn the_bar_keeps_its_width_and_fills_in_eighths() {
        for (done, total) in [
            (0, 0),
            (0, 9),
            (1, 96),
            (50, 100),
            (99, 100),
            (7, 7),
            (9, 7),
        ] {
            assert_eq!(width(&bar(done, total)), BAR + 2, "{done}/{total}");
        }
        assert_eq!(bar(1, 96), format!("▕▏{}▏", " ".repeat(BAR - 1)));
        assert_eq!(bar(7, 7), format!("▕{}▏", "█".repeat(BAR)));
        assert_eq!(bar(0, 0), format!("▕{}▏", " ".repeat(BAR)));
    }

    #[test]
    fn steps_without_a_count_say_what_they_do() {
        assert_eq!(
            line(&snap(Step::Finding, 0, 0, None)),
            "loading: finding the documents…"
        );
        assert_eq!(
            line(&snap(Step::Listing, 0, 0, None)),
            "loading: reading the cache…"
        );
    }
}
