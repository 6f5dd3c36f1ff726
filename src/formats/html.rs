//! Saved web pages: the charset (BOM, `<meta charset>`, else the text detection), then
//! the article as plain text — title line, dateline, paragraphs separated by blank lines,
//! `<br>` and list items as lines — without scripts, styles, menus, share buttons,
//! comments and footers. Parsing is html5ever's (through `scraper`); the walk over the
//! tree is iterative, so a page nested 100,000 levels deep costs no stack.
//!
//! Which parts of a page are furniture is decided here by hand: no maintained crate
//! does article extraction for Vietnamese news sites without a network or a browser.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{Html, Node};

use super::Converted;
use crate::text::decode::{self, Encoding};

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "iframe", "svg", "object", "embed", "select", "menu", "head", "title", "canvas",
    "dialog",
];
/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "figcaption",
    "pre",
    "address",
    "hr",
    "center",
    "body",
];
/// Elements that end a line.
const LINES: &[&str] = &["li", "tr", "dt", "dd", "br"];

/// Classes and ids of page furniture.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|share|sharing|social|comments?|related|relate|footer|header|sidebar|banner|ads?|advert\w*|tags?|widget|cookie|toolbar|print|login|search|subscribe|other-news|tin-khac|most-viewed|pagination)(?:$|[\s_-])").unwrap()
});

/// Read a saved page.
pub fn read(bytes: &[u8]) -> Converted {
    let (text, encoding, mut warnings) = decode_page(bytes);
    let (text, flattened) = flatten_deep(&text);
    if flattened {
        warnings.push(format!("tags nested over {MAX_DEPTH} deep were dropped"));
    }
    let doc = Html::parse_document(&text);
    let mut page = Page::default();
    page.walk(&doc);
    let mut out = String::new();
    let body = collapse(&page.out);
    let title = page.title();
    if let Some(t) = &title {
        if !body.trim_start().starts_with(t.as_str()) {
            out.push_str(t);
            out.push_str("\n\n");
        }
    }
    if let Some(d) = page.meta_date.as_deref().and_then(dateline) {
        // The dateline after the headline, where the layout rules look for it.
        match body.split_once("\n\n") {
            Some((first, rest))
                if title.is_none() || body.starts_with(title.as_deref().unwrap_or("")) =>
            {
                out.push_str(first);
                out.push_str("\n\n");
                out.push_str(&d);
                out.push_str("\n\n");
                out.push_str(rest);
            }
            _ => {
                out.push_str(&d);
                out.push_str("\n\n");
                out.push_str(&body);
            }
        }
    } else {
        out.push_str(&body);
    }
    if out.trim().is_empty() {
        warnings.push("the page has no article text".into());
    }
    Converted {
        text: out,
        encoding,
        warnings,
    }
}

/// How deep elements may nest before their tags are dropped (their text is kept).
pub const MAX_DEPTH: usize = 256;

/// Drop the tags of elements nested deeper than [`MAX_DEPTH`], keeping their text.
///
/// html5ever scans the stack of open elements for many tags, so a page nested 100,000
/// deep takes quadratic time; real pages nest a few dozen levels. A rough scan of the
/// tags (void elements and `<!…>` not counted) finds the depth; only a page that goes
/// over the limit is rewritten. Written by hand: no parser offers a depth limit.
fn flatten_deep(text: &str) -> (std::borrow::Cow<'_, str>, bool) {
    const VOID: &[&str] = &[
        "br", "img", "meta", "link", "input", "hr", "area", "base", "col", "embed", "param",
        "source", "track", "wbr",
    ];
    let b = text.as_bytes();
    // Each tag: (start, end, depth after it, whether it is past the limit).
    let mut depth = 0usize;
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let start = i + off;
        let Some(len) = memchr::memchr(b'>', &b[start..]) else {
            break;
        };
        let end = start + len + 1;
        let tag = &text[start + 1..end - 1];
        i = end;
        if tag.starts_with(['!', '?']) {
            continue;
        }
        let (close, name) = match tag.strip_prefix('/') {
            Some(n) => (true, n),
            None => (false, tag),
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() || VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if close {
            if depth > MAX_DEPTH {
                cut.push((start, end));
            }
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_DEPTH {
                cut.push((start, end));
            }
        }
    }
    if cut.is_empty() {
        return (std::borrow::Cow::Borrowed(text), false);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e) in cut {
        out.push_str(&text[at..s]);
        at = e;
    }
    out.push_str(&text[at..]);
    (std::borrow::Cow::Owned(out), true)
}

/// The page's text: by BOM, by the charset it declares, else as plain text is detected.
fn decode_page(bytes: &[u8]) -> (String, Encoding, Vec<String>) {
    let declared = declared_charset(bytes);
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    if let (false, Some(label)) = (has_bom, declared) {
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            if enc != encoding_rs::UTF_8 {
                let (text, _, had_errors) = enc.decode(bytes);
                let ours = if enc == encoding_rs::WINDOWS_1258 {
                    Encoding::Windows1258
                } else {
                    Encoding::Utf8
                };
                let w = if had_errors {
                    vec![format!(
                        "invalid bytes for the declared charset {label} replaced"
                    )]
                } else {
                    Vec::new()
                };
                return (text.into_owned(), ours, w);
            }
        }
    }
    let d = decode::decode(bytes);
    let mut w = Vec::new();
    if d.replaced > 0 {
        w.push(format!("{} invalid byte sequence(s) replaced", d.replaced));
    }
    (d.text, d.encoding, w)
}

static CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.-]+)"#).unwrap()
});

/// The charset a page declares in its first 4 KiB (as browsers prescan).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    CHARSET.captures(&head).map(|c| c[1].to_ascii_lowercase())
}

/// "Ngày DD/MM/YYYY" from an ISO date-time ("2014-06-15T08:00:00+07:00").
fn dateline(iso: &str) -> Option<String> {
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)").unwrap());
    let c = ISO.captures(iso)?;
    Some(format!("Ngày {}/{}/{}", &c[3], &c[2], &c[1]))
}

#[derive(Default)]
struct Page {
    out: String,
    h1: Option<String>,
    og_title: Option<String>,
    title: Option<String>,
    meta_date: Option<String>,
}

impl Page {
    fn walk(&mut self, doc: &Html) {
        // Depth inside dropped elements; the text of the <title> is collected apart.
        let mut dropped = 0usize;
        let mut in_title = false;
        let mut in_h1: Option<String> = None;
        let mut pre = 0usize;
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        let name = e.name();
                        if name == "meta" {
                            self.meta(e);
                        }
                        if name == "title" && self.title.is_none() {
                            in_title = true;
                            self.title = Some(String::new());
                        }
                        let furniture = e
                            .attr("class")
                            .into_iter()
                            .chain(e.attr("id"))
                            .any(|c| FURNITURE.is_match(c))
                            || e.attr("role").is_some_and(|r| {
                                matches!(
                                    r,
                                    "navigation" | "banner" | "contentinfo" | "complementary"
                                )
                            })
                            || e.attr("hidden").is_some()
                            || e.attr("aria-hidden") == Some("true");
                        if dropped > 0 || DROPPED.contains(&name) || furniture {
                            dropped += 1;
                            continue;
                        }
                        if name == "h1" && self.h1.is_none() {
                            in_h1 = Some(String::new());
                        }
                        if name == "pre" {
                            pre += 1;
                        }
                        self.boundary(name);
                        if name == "td" || name == "th" {
                            self.out.push('\t');
                        }
                    }
                    Node::Text(t) => {
                        if in_title {
                            if let Some(title) = &mut self.title {
                                title.push_str(t);
                            }
                        }
                        if dropped > 0 {
                            continue;
                        }
                        if let Some(h) = &mut in_h1 {
                            h.push_str(t);
                        }
                        if pre > 0 {
                            self.out.push_str(t);
                        } else {
                            push_collapsed(&mut self.out, t);
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(e) = node.value() {
                        let name = e.name();
                        if name == "title" {
                            in_title = false;
                        }
                        if dropped > 0 {
                            dropped -= 1;
                            continue;
                        }
                        if name == "h1" {
                            if let Some(h) = in_h1.take() {
                                self.h1 = Some(h);
                            }
                        }
                        if name == "pre" {
                            pre = pre.saturating_sub(1);
                        }
                        if name != "br" {
                            self.boundary(name);
                        }
                    }
                }
            }
        }
    }

    fn boundary(&mut self, name: &str) {
        if BLOCKS.contains(&name) {
            self.out.push_str("\n\n");
        } else if LINES.contains(&name) && (name == "br" || !self.out.ends_with('\n')) {
            self.out.push('\n');
        }
    }

    fn meta(&mut self, e: &scraper::node::Element) {
        let key = e
            .attr("property")
            .or_else(|| e.attr("name"))
            .or_else(|| e.attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = e.attr("content") else {
            return;
        };
        match key.as_str() {
            "og:title" if self.og_title.is_none() => self.og_title = Some(content.to_string()),
            "article:published_time"
            | "datepublished"
            | "pubdate"
            | "date"
            | "dc.date.issued"
            | "dc.date"
            | "publishdate"
            | "og:published_time"
                if self.meta_date.is_none() =>
            {
                self.meta_date = Some(content.to_string())
            }
            _ => {}
        }
    }

    /// The headline: the page's `<h1>`, else `og:title`, else `<title>` without the
    /// site name after a separator.
    fn title(&self) -> Option<String> {
        let clean = |s: &str| {
            let mut t = String::new();
            push_collapsed(&mut t, s);
            t.trim().to_string()
        };
        if let Some(h) = self.h1.as_deref().map(clean).filter(|h| !h.is_empty()) {
            return Some(h);
        }
        if let Some(o) = self
            .og_title
            .as_deref()
            .map(clean)
            .filter(|h| !h.is_empty())
        {
            return Some(o);
        }
        let t = clean(self.title.as_deref()?);
        let t = [" | ", " - ", " – ", " :: "]
            .iter()
            .filter_map(|sep| t.rsplit_once(sep).map(|(a, _)| a.to_string()))
            .max_by_key(|a| a.len())
            .unwrap_or(t);
        (!t.is_empty()).then_some(t)
    }
}

/// Append text with runs of white space as one space (HTML's rendering of it).
fn push_collapsed(out: &mut String, t: &str) {
    for (i, word) in t
        .split(|c: char| c.is_whitespace() && c != '\u{A0}')
        .enumerate()
    {
        if i > 0 && !out.ends_with([' ', '\n', '\t']) && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Lines trimmed, blank runs made one blank line, the whole trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.split('\n') {
        let line = line.trim_matches([' ', '\t']);
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_without_furniture() {
        let page = r#"<html><head><meta charset="utf-8"><title>Tin - Site</title>
            <meta property="article:published_time" content="2014-06-15T08:00:00+07:00">
            <script>var x = "Bằng khen";</script><style>p{}</style></head>
            <body><nav><a>Trang chủ</a></nav><div class="breadcrumb">Tin tức</div>
            <article><h1>Học tập &amp; làm theo</h1><p>Đoạn một<br>dòng hai</p>
            <ul><li>một</li><li>hai</li></ul><div class="share-buttons">Chia sẻ</div></article>
            <footer>Bản quyền</footer></body></html>"#;
        let c = read(page.as_bytes());
        assert_eq!(
            c.text,
            "Học tập & làm theo\n\nNgày 15/06/2014\n\nĐoạn một\ndòng hai\n\nmột\nhai\n"
        );
    }

    #[test]
    fn declared_charset_is_used() {
        let (text, _, _) = encoding_rs::WINDOWS_1258.encode("Vi\u{1EC7}t Nam");
        let mut page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"><p>"
                .to_vec();
        page.extend_from_slice(&text);
        let c = read(&page);
        assert_eq!(c.encoding, Encoding::Windows1258);
        assert!(
            c.text.contains("Việt Nam") || c.text.contains("Việt Nam"),
            "{}",
            c.text
        );
    }

    #[test]
    fn title_falls_back_to_og_then_title() {
        let c = read("<title>Tin hay | Báo X</title><p>Nội dung</p>".as_bytes());
        assert!(c.text.starts_with("Tin hay\n\nNội dung"), "{}", c.text);
        let c =
            read("<meta property='og:title' content='Tiêu đề'><title>T</title><p>N</p>".as_bytes());
        assert!(c.text.starts_with("Tiêu đề\n\n"), "{}", c.text);
    }
}
