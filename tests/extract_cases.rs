//! Extraction on documents written for these tests: other provinces, other phrasings.

use vanban::extract::{extract, Facts};

type Row = (Option<u32>, Option<u32>, Option<u32>, Option<i32>);

fn rows(f: &Facts) -> Vec<Row> {
    f.awards
        .iter()
        .map(|a| (a.collectives, a.individuals, a.combined, a.year))
        .collect()
}

fn doc(body: &str) -> String {
    format!("Cổng thông tin điện tử tỉnh Bến Tre\nThứ Sáu, 12/05/2023 09:15\n\nBến Tre sơ kết 7 năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị\n\n{body}\n\nHữu Phước\n\nTin liên quan\nHà Tĩnh khen thưởng 99 tập thể, 99 cá nhân điển hình")
}

#[test]
fn award_phrasings_from_other_provinces() {
    let cases: Vec<(&str, Vec<Row>)> = vec![
        ("Dịp này, UBND tỉnh khen thưởng 20 tập thể, 30 cá nhân có thành tích xuất sắc.", vec![(Some(20), Some(30), None, None)]),
        ("Năm 2021, Chủ tịch UBND tỉnh tặng Bằng khen cho 2 tập thể, 4 cá nhân.", vec![(Some(2), Some(4), None, Some(2021))]),
        ("Có 01 tập thể được tặng Cờ thi đua của Chính phủ.", vec![(Some(1), None, None, None)]),
        ("Giai đoạn 2016-2021, toàn tỉnh có 1.120 lượt tập thể, cá nhân được các cấp khen thưởng.", vec![(None, None, Some(1120), None)]),
        ("Biểu dương, khen thưởng 98 tập thể và 214 cá nhân điển hình tiên tiến năm 2019.", vec![(Some(98), Some(214), None, Some(2019))]),
        ("Có 12 tập thể xuất sắc và 30 cá nhân được tuyên dương.", vec![(Some(12), Some(30), None, None)]),
        ("Có 3 tập thể được tặng Huân chương Lao động hạng Ba; 15 cá nhân được tặng Bằng khen.", vec![(Some(3), None, None, None), (None, Some(15), None, None)]),
        ("Hội thi thu hút 1.200 cá nhân tham gia; ban tổ chức trao 10 giải A, 20 giải B.", vec![]),
        ("Nhiều tập thể, cá nhân được biểu dương, khen thưởng.", vec![]),
        ("Trong năm 2022 có 500 cá nhân đăng ký làm theo, trong đó 45 cá nhân được khen thưởng.", vec![(None, Some(45), None, Some(2022))]),
    ];
    for (body, want) in cases {
        let f = extract(&doc(body));
        assert_eq!(rows(&f), want, "{body}");
    }
}

#[test]
fn furniture_after_the_article_is_not_extracted() {
    let f = extract(&doc("Nội dung không có khen thưởng."));
    assert!(f.awards.is_empty(), "{:?}", f.awards);
    assert_eq!(
        f.title,
        "Bến Tre sơ kết 7 năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị"
    );
    assert_eq!(f.date.as_deref(), Some("2023-05-12"));
    assert_eq!(f.source.as_deref(), Some("Hữu Phước"));
    assert_eq!(*f.refs, ["05-CT/TW"]);
}

#[test]
fn awarding_bodies_and_kinds() {
    let f = extract(&doc(
        "Nhân dịp này, Ban Thường vụ Tỉnh ủy tặng Giấy khen cho 10 tập thể, 20 cá nhân.",
    ));
    assert_eq!(f.awards[0].by.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
    assert_eq!(f.awards[0].kind.as_deref(), Some("Giấy khen"));
    let f = extract(&doc(
        "Có 5 cá nhân được nhận Bằng khen của Thủ tướng Chính phủ.",
    ));
    assert_eq!(f.awards[0].by.as_deref(), Some("Thủ tướng Chính phủ"));
}

#[test]
fn refs_of_party_and_state_documents() {
    let f = extract(&doc(
        "Thực hiện Hướng dẫn số 12-HD/BTGTW, Kế hoạch 45-KH/HU, Công văn số 123/UBND-VX, Nghị định 91/2017/NĐ-CP, \
         Thông tư 12/2019/TT-BNV ngày 04/11/2019 và Quyết định 1234/QĐ-TTg.",
    ));
    assert_eq!(
        *f.refs,
        [
            "05-CT/TW",
            "12-HD/BTGTW",
            "45-KH/HU",
            "123/UBND-VX",
            "91/2017/NĐ-CP",
            "12/2019/TT-BNV",
            "1234/QĐ-TTg"
        ]
    );
}

#[test]
fn programmes_in_other_wordings() {
    let f = extract(&doc(
        "Phong trào thi đua “Dân vận khéo” được nhân rộng. Chương trình “Mỗi xã một sản phẩm” gắn với chủ đề năm 2023 \
         “Đoàn kết, kỷ cương, sáng tạo”. Hội thi “Kể chuyện về Bác” thu hút nhiều người; cuốn sách “Bác Hồ với Bến Tre” \
         được phát hành; khẩu hiệu “Tất cả vì nhân dân” được treo khắp nơi.",
    ));
    assert_eq!(
        *f.programmes,
        [
            "Dân vận khéo",
            "Mỗi xã một sản phẩm",
            "Đoàn kết, kỷ cương, sáng tạo"
        ]
    );
}
