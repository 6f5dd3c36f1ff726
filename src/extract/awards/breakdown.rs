//! Breakdowns: "3.150 tập thể, cá nhân … Trong đó có 437 tập thể và 1.743 cá nhân …" counts
//! the same people twice unless the parts know their total.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Award;

/// A sentence or list line that opens with a breakdown word.
static OPENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:trong\s+đó|trong\s+số\s+(?:này|đó|trên)|cụ\s+thể|bao\s+gồm|gồm)(?:$|[^\p{L}])",
    )
    .unwrap()
});

/// Between two groups of counts: the second breaks the first down.
static LEADS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}])(?:trong\s+đó|trong\s+số\s+(?:này|đó)|bao\s+gồm|gồm|cụ\s+thể|chia\s+ra)(?:$|[^\p{L}])").unwrap()
});

/// Parentheses that compare rather than break down: "(tăng 5 tập thể so với năm 2019)".
static COMPARES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)tăng|giảm|so\s+với|năm\s+(?:19|20)\d\d|bằng\s+\d|đạt\s+\d|tỷ\s+lệ|%").unwrap()
});

/// A bullet at the start of a list line.
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-–+•*·]|\d{1,2}[.)]|[a-zđ][)])\s*").unwrap());

pub fn opens(sentence: &str) -> bool {
    OPENS.is_match(sentence)
}

pub fn leads(between: &str) -> bool {
    LEADS.is_match(between)
}

/// The text after the last breakdown word, or all of it: what belongs to the counts that
/// follow ("500 cá nhân đăng ký, trong đó 45 cá nhân được khen": the registering is not theirs).
pub fn after_lead(between: &str) -> &str {
    LEADS
        .find_iter(between)
        .last()
        .map_or(between, |m| &between[m.end()..])
}

pub fn is_list_item(line: &str) -> bool {
    BULLET.is_match(line)
}

/// Parenthesised counts that break down the counts before them: "(trong đó 10 tập thể cấp
/// xã)", "(20 tập thể, 30 cá nhân)"; not a comparison.
pub fn paren_breaks_down(inside: &str) -> bool {
    !COMPARES.is_match(inside)
}

/// True when `part` can be a part of `total`: no count larger than the total's.
pub fn fits(part: &Award, total: &Award) -> bool {
    let n = |c: Option<u32>| u64::from(c.unwrap_or(0));
    let all = |a: &Award| n(a.combined).max(n(a.collectives) + n(a.individuals));
    let within = |p: Option<u32>, t: Option<u32>| match (p, t) {
        (Some(p), Some(t)) => p <= t,
        _ => true,
    };
    all(part) <= all(total)
        && within(part.collectives, total.collectives.or(total.combined))
        && within(part.individuals, total.individuals.or(total.combined))
        && !(part.combined.is_some() && total.combined.is_none() && all(part) == all(total))
        && (total.combined.is_some() || part.collectives.is_none() || total.collectives.is_some())
        && (total.combined.is_some() || part.individuals.is_none() || total.individuals.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aw(c: Option<u32>, i: Option<u32>, k: Option<u32>) -> Award {
        Award {
            collectives: c,
            individuals: i,
            combined: k,
            ..Award::default()
        }
    }

    #[test]
    fn parts_fit_their_total() {
        let total = aw(None, None, Some(3150));
        assert!(fits(&aw(Some(437), Some(1743), None), &total));
        assert!(!fits(&aw(Some(4000), None, None), &total));
        let total = aw(Some(30), Some(50), None);
        assert!(fits(&aw(Some(10), None, None), &total));
        assert!(!fits(&aw(Some(40), None, None), &total));
        // Individuals are no part of a total of collectives.
        assert!(!fits(&aw(None, Some(5), None), &aw(Some(30), None, None)));
    }

    #[test]
    fn words_that_open_a_breakdown() {
        assert!(opens("Trong đó có 437 tập thể"));
        assert!(opens("Trong số này, 20 cá nhân"));
        assert!(opens("- Cụ thể: 5 tập thể"));
        assert!(!opens("Trong đợt này, 5 tập thể"));
        assert!(leads(", trong đó có "));
        assert!(leads(", gồm "));
        assert!(!leads(" và "));
        assert!(is_list_item("- 5 tập thể"));
        assert!(is_list_item("2) 5 tập thể"));
        assert!(!is_list_item("Năm 2020, 5 tập thể"));
        assert!(paren_breaks_down("trong đó 10 tập thể cấp xã"));
        assert!(!paren_breaks_down("tăng 5 tập thể so với năm 2019"));
    }
}
