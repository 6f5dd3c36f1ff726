//! Quantities with units: money, areas, lengths, workdays, households …

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{parse, scale};
use super::{Figure, Span};

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:^|[^\p{L}\d.,])
        (\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)
        [\ \u{a0}]*
        (?:(nghìn|ngàn|triệu|tỷ|tỉ)[\ \u{a0}]+)?
        (đồng|usd|m2|m²|km2|km²|ha|km|m|tấn|kg|ngày\s+công|giờ\s+công|hộ|căn\s+nhà|ngôi\s+nhà|cây\s+cầu|suất\s+quà|phần\s+quà|lượt\s+người|người)
        (?:$|[^\p{L}\d])
        (?:[\ \u{a0}]*(chí|bào|thời|tình|hồ|ý|bằng|nghiệp|phục|chủ|loạt|đều|hành|lòng|minh|dao|hương|khởi|ruộng|nát|bộ|chiều|đội)(?:$|[^\p{L}]))?",
    )
    .unwrap()
});

/// Every figure in `text`, in order.
pub fn find(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = FIGURE.captures_at(text, at) {
        let num = c.get(1).unwrap();
        let unit = c.get(3).unwrap();
        at = unit.end();
        if c.get(4).is_some() && unit.as_str().to_lowercase() == "đồng" {
            continue; // "đồng chí", "đồng bào", "đồng thời" …
        }
        let Some(mut value) = parse(num.as_str()) else {
            continue;
        };
        if let Some(s) = c.get(2).and_then(|m| scale(m.as_str())) {
            value *= s;
        }
        out.push(Figure {
            value,
            unit: canonical_unit(unit.as_str()),
            text: text[num.start()..unit.end()].to_string(),
            span: Span {
                start: num.start(),
                end: unit.end(),
            },
        });
    }
    out
}

fn canonical_unit(u: &str) -> String {
    let u = u
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    match u.as_str() {
        "m²" => "m2".into(),
        "km²" => "km2".into(),
        "usd" => "USD".into(),
        _ => u,
    }
}

#[cfg(test)]
mod tests {
    use super::find;

    fn values(t: &str) -> Vec<(f64, String)> {
        find(t).into_iter().map(|f| (f.value, f.unit)).collect()
    }

    #[test]
    fn money_with_scales() {
        assert_eq!(values("hơn 700 triệu đồng"), [(7e8, "đồng".to_string())]);
        assert_eq!(values("1,5 tỷ đồng"), [(1.5e9, "đồng".to_string())]);
        assert_eq!(
            values("mỗi ngày 1.000 đồng"),
            [(1000.0, "đồng".to_string())]
        );
    }

    #[test]
    fn areas_lengths_and_counts() {
        let t = "gần 21km đường, trên 22,7km, hiến 2.208m2 đất, 40.000 ngày công, 90 hộ nghèo";
        assert_eq!(
            values(t),
            [
                (21.0, "km".to_string()),
                (22.7, "km".to_string()),
                (2208.0, "m2".to_string()),
                (40000.0, "ngày công".to_string()),
                (90.0, "hộ".to_string())
            ]
        );
        let f = &find("gần 21km đường")[0];
        assert_eq!(f.text, "21km");
        assert_eq!(&"gần 21km đường"[f.span.start..f.span.end], "21km");
    }

    #[test]
    fn plain_numbers_and_codes_are_not_figures() {
        assert!(values("năm 2009, có 437 tập thể, Phòng PC 23, mẫu 2m3x").is_empty());
        assert!(values("năm 2014\nĐồng chí Mai Văn Chính").is_empty());
        assert!(values("năm 2014 đồng chí Chính, 3 đồng thời").is_empty());
    }
}
