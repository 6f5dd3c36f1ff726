// Scratch (not committed).
use regex::Regex;
fn main() {
    let which: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let mention = Regex::new(r"(?i)(?:^|[^\d.,])(\d{1,3}(?:\.\d{3})+|\d+)\s+(?:lượt\s+)?(tập\s+thể|cá\s+nhân)(?:\s*(?:,|và|cùng|hoặc|/)\s*(?:các\s+)?(tập\s+thể|cá\s+nhân))?").unwrap();
    let mention_ascii = Regex::new(r"(?i)(?:^|[^0-9.,])([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)\s+(?:lượt\s+)?(tập\s+thể|cá\s+nhân)(?:\s*(?:,|và|cùng|hoặc|/)\s*(?:các\s+)?(tập\s+thể|cá\s+nhân))?").unwrap();
    let kind = Regex::new(r"(?i)huân\s+chương(?:\s+\p{Lu}\p{L}*)*(?:\s+hạng\s+\p{L}+)?|huy\s+chương(?:\s+\p{Lu}\p{L}*)*|bằng\s+khen|giấy\s+khen|cờ\s+thi\s+đua|chiến\s+sĩ\s+thi\s+đua|biểu\s+dương|tuyên\s+dương|vinh\s+danh|tôn\s+vinh|khen\s+thưởng").unwrap();
    let year = Regex::new(
        r"(?i)(?:^|[^\p{L}\p{N}])(từ\s+)?năm\s+((?:19|20)\d\d)(?:$|[^\p{L}\p{N}])(\s*(?:-|–|đến))?",
    )
    .unwrap();
    let ss = [
        "Kết quả năm 2010, có 1.565 tập thể, cá nhân được biểu dương, khen thưởng.",
        "Trong đó có 246 tập thể và 498 cá nhân được UBND tỉnh tặng Bằng khen.",
    ];
    let afters = [
        " được biểu dương, khen thưởng.",
        " được UBND tỉnh tặng Bằng khen.",
    ];
    let befores = ["Kết quả năm 2010, có ", "Trong đó có "];
    let n = 100_000;
    let mut k = 0;
    for i in 0..n {
        let s = ss[i % 2];
        k += match which {
            0 => mention.find_iter(s).count(),
            1 => mention_ascii.find_iter(s).count(),
            2 => kind.find_iter(afters[i % 2]).count(),
            3 => year.captures_iter(befores[i % 2]).count(),
            4 => year.find_iter(befores[i % 2]).count(),
            _ => 0,
        };
    }
    println!("{k}");
}
