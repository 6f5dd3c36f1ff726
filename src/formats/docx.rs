//! Word `.docx` and OpenDocument `.odt`: the body's paragraphs in order, tables as rows
//! of cells (one line per row, cells separated by tabs); headers, footers, comments,
//! footnotes and deleted text are left out.
//!
//! Text in a TCVN3 font (".VnTime", ".VnArial", the upper-case ".VnTimeH" …) or a VNI
//! font ("VNI-Times" …) is stored by Word as the Windows-1252 characters of the legacy
//! bytes; each such run is turned back into bytes and decoded with the tables of
//! [`crate::text::legacy`], so legacy and Unicode runs mix in one paragraph.
//!
//! Written by hand over `quick-xml`: the docx crates that exist either write documents
//! or build a whole object model without the run fonts this needs. quick-xml does not
//! expand custom entities, so "billion laughs" DTDs inflate nothing.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::zipped::Archive;
use super::Converted;
use crate::text::decode::Encoding;
use crate::text::legacy;

/// The legacy encoding a font name implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    Unicode,
    Tcvn3,
    /// A TCVN3 font that draws every letter as a capital (".VnTimeH", ".VnArialH" …).
    Tcvn3Upper,
    Vni,
}

/// What a font name says about the encoding of the text set in it.
pub fn font_kind(name: &str) -> FontKind {
    let n = name.trim().to_ascii_lowercase();
    if n.starts_with(".vn") {
        // The upper-case fonts end in "H" (".VnTimeH", ".VnArialH", ".VnAvantH" …).
        if n.ends_with('h') {
            FontKind::Tcvn3Upper
        } else {
            FontKind::Tcvn3
        }
    } else if n.starts_with("vni-") || n.starts_with("vni ") {
        FontKind::Vni
    } else {
        FontKind::Unicode
    }
}

/// Text in a legacy font back to Unicode: each character to the byte it stands for, then
/// the legacy table. Characters with no byte (true Unicode typed in the font) stay.
pub fn decode_run(text: &str, kind: FontKind, out: &mut String) {
    if kind == FontKind::Unicode {
        out.push_str(text);
        return;
    }
    let mut bytes = Vec::with_capacity(text.len());
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        let start = out.len();
        match kind {
            FontKind::Vni => legacy::decode_vni(bytes, out),
            _ => legacy::decode_tcvn3(bytes, out),
        }
        if kind == FontKind::Tcvn3Upper {
            let upper = out[start..].to_uppercase();
            out.truncate(start);
            out.push_str(&upper);
        }
        bytes.clear();
    };
    for c in text.chars() {
        // Symbol-font style private-use code points (U+F020–U+F0FF) carry the byte too.
        let byte = match c as u32 {
            0xF020..=0xF0FF => Some((c as u32 - 0xF000) as u8),
            _ => legacy::cp1252_byte(c),
        };
        match byte {
            Some(b) => bytes.push(b),
            None => {
                flush(&mut bytes, out);
                out.push(c);
            }
        }
    }
    flush(&mut bytes, out);
}

/// Read a `.docx`.
pub fn read_docx(bytes: &[u8]) -> Result<Converted, String> {
    let mut zip = Archive::open(bytes, "Word .docx")?;
    if !zip.has("word/document.xml") {
        return Err("not a Word .docx file (a zip archive without word/document.xml)".into());
    }
    let styles = match zip.read("word/styles.xml")? {
        Some(x) => Styles::parse(&x),
        None => Styles::default(),
    };
    let doc = zip.read("word/document.xml")?.unwrap_or_default();
    Ok(Body::new(&styles).docx(&doc))
}

/// Fonts of the styles a document's paragraphs and runs name, resolved through
/// `basedOn`, and the document default.
#[derive(Debug, Default)]
struct Styles {
    default: Option<String>,
    fonts: HashMap<String, String>,
}

impl Styles {
    fn parse(xml: &[u8]) -> Styles {
        let mut own: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        let mut default = None;
        let mut reader = Reader::from_reader(xml);
        let mut current: Option<String> = None;
        let mut in_defaults = false;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                    b"docDefaults" => in_defaults = true,
                    b"style" => {
                        current = attr(&e, b"styleId");
                        if let Some(id) = &current {
                            own.entry(id.clone()).or_default();
                        }
                    }
                    b"basedOn" => {
                        if let (Some(id), Some(v)) = (&current, attr(&e, b"val")) {
                            own.entry(id.clone()).or_default().1 = Some(v);
                        }
                    }
                    b"rFonts" => {
                        let font = run_font(&e);
                        if in_defaults && default.is_none() {
                            default = font;
                        } else if let (Some(id), Some(f)) = (&current, font) {
                            own.entry(id.clone()).or_default().0 = Some(f);
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    b"docDefaults" => in_defaults = false,
                    b"style" => current = None,
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        let mut fonts = HashMap::new();
        for id in own.keys() {
            // Follow basedOn, at most a few steps (a loop of styles ends too).
            let mut at = id.as_str();
            for _ in 0..16 {
                let Some((font, based)) = own.get(at) else {
                    break;
                };
                if let Some(f) = font {
                    fonts.insert(id.clone(), f.clone());
                    break;
                }
                match based {
                    Some(b) => at = b,
                    None => break,
                }
            }
        }
        Styles { default, fonts }
    }
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// The font a `w:rFonts` element sets for Latin text.
fn run_font(e: &BytesStart) -> Option<String> {
    attr(e, b"ascii").or_else(|| attr(e, b"hAnsi"))
}

/// The body text being put together.
struct Body<'s> {
    styles: &'s Styles,
    out: String,
    para: String,
    /// Cells of the table row being read, and the cell being read.
    row: Vec<String>,
    cell: Option<String>,
    tables: usize,
    para_style: Option<String>,
    run_style: Option<String>,
    run_font: Option<String>,
    /// Depth inside elements whose text is left out (deleted text, field codes …).
    skip: usize,
    legacy: [usize; 2],
}

impl<'s> Body<'s> {
    fn new(styles: &'s Styles) -> Body<'s> {
        Body {
            styles,
            out: String::new(),
            para: String::new(),
            row: Vec::new(),
            cell: None,
            tables: 0,
            para_style: None,
            run_style: None,
            run_font: None,
            skip: 0,
            legacy: [0, 0],
        }
    }

    fn font(&self) -> FontKind {
        let s = self.styles;
        let named = |id: &Option<String>| id.as_ref().and_then(|i| s.fonts.get(i));
        let font = self
            .run_font
            .as_ref()
            .or_else(|| named(&self.run_style))
            .or_else(|| named(&self.para_style))
            .or(s.default.as_ref());
        font.map_or(FontKind::Unicode, |f| font_kind(f))
    }

    fn text(&mut self, t: &str, kind: FontKind) {
        match kind {
            FontKind::Unicode => {}
            FontKind::Vni => self.legacy[1] += 1,
            _ => self.legacy[0] += 1,
        }
        decode_run(t, kind, &mut self.para);
    }

    /// The end of a paragraph: into the cell, or the body with a blank line after it.
    fn end_paragraph(&mut self) {
        let p = std::mem::take(&mut self.para);
        let p = p.trim();
        if let Some(cell) = &mut self.cell {
            if !p.is_empty() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(p);
            }
        } else if !p.is_empty() {
            self.out.push_str(p);
            self.out.push_str("\n\n");
        }
    }

    /// The end of a cell of an outermost table: its paragraph closed, the cell in the row.
    fn end_cell(&mut self) {
        self.end_paragraph();
        let cell = self.cell.take().unwrap_or_default();
        self.row.push(cell);
    }

    /// The end of a table; after the outermost one, a blank line.
    fn end_table(&mut self) {
        self.tables = self.tables.saturating_sub(1);
        if self.tables == 0 {
            self.out.push('\n');
        }
    }

    fn end_row(&mut self) {
        let row = std::mem::take(&mut self.row);
        if row.iter().any(|c| !c.is_empty()) {
            self.out.push_str(&row.join("\t"));
            self.out.push('\n');
        }
    }

    fn finish(mut self) -> Converted {
        self.end_paragraph();
        let encoding = match self.legacy {
            [0, 0] => Encoding::Utf8,
            [t, v] if t >= v => Encoding::Tcvn3,
            _ => Encoding::Vni,
        };
        let mut warnings = Vec::new();
        if self.legacy != [0, 0] {
            warnings.push(format!(
                "{} run(s) in TCVN3 fonts and {} in VNI fonts converted",
                self.legacy[0], self.legacy[1]
            ));
        }
        let text = self.out.trim_end().to_string() + "\n";
        Converted {
            text,
            encoding,
            warnings,
        }
    }

    /// `word/document.xml`.
    fn docx(mut self, xml: &[u8]) -> Converted {
        let mut reader = Reader::from_reader(xml);
        let mut in_text = false;
        loop {
            let ev = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        b"del" | b"instrText" | b"Fallback" | b"delText" | b"comment" => {
                            self.skip += 1
                        }
                        _ if self.skip > 0 => {}
                        b"p" => {
                            self.para.clear();
                            self.para_style = None;
                        }
                        b"r" => {
                            self.run_style = None;
                            self.run_font = None;
                        }
                        b"t" => in_text = true,
                        b"tbl" => {
                            self.end_paragraph();
                            self.tables += 1;
                        }
                        b"tr" if self.tables == 1 => self.row.clear(),
                        b"tc" if self.tables == 1 => self.cell = Some(String::new()),
                        _ => {}
                    }
                }
                Event::Empty(e) if self.skip == 0 => match e.local_name().as_ref() {
                    b"pStyle" => self.para_style = attr(&e, b"val"),
                    b"rStyle" => self.run_style = attr(&e, b"val"),
                    b"rFonts" => self.run_font = run_font(&e),
                    b"tab" => self.para.push('\t'),
                    b"br" | b"cr" => self.para.push('\n'),
                    b"noBreakHyphen" => self.para.push('-'),
                    _ => {}
                },
                Event::End(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        b"del" | b"instrText" | b"Fallback" | b"delText" | b"comment" => {
                            self.skip = self.skip.saturating_sub(1)
                        }
                        _ if self.skip > 0 => {}
                        b"t" => in_text = false,
                        b"p" => self.end_paragraph(),
                        b"tc" if self.tables == 1 => self.end_cell(),
                        b"tr" if self.tables == 1 => self.end_row(),
                        b"tbl" => self.end_table(),
                        _ => {}
                    }
                }
                Event::Text(t) if in_text && self.skip == 0 => {
                    let s = String::from_utf8_lossy(&t).into_owned();
                    let kind = self.font();
                    self.text(&s, kind);
                }
                Event::CData(t) if in_text && self.skip == 0 => {
                    let s = String::from_utf8_lossy(&t).into_owned();
                    let kind = self.font();
                    self.text(&s, kind);
                }
                Event::GeneralRef(r) if in_text && self.skip == 0 => {
                    if let Some(s) = entity(&r) {
                        let kind = self.font();
                        self.text(&s, kind);
                    }
                }
                _ => {}
            }
        }
        self.finish()
    }

    /// `content.xml` of an OpenDocument text.
    fn odt(mut self, xml: &[u8]) -> Converted {
        let mut reader = Reader::from_reader(xml);
        let mut depth_p = 0usize;
        let mut in_body = false;
        loop {
            let ev = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"text" if !in_body => in_body = true,
                    b"note" | b"annotation" | b"tracked-changes" => self.skip += 1,
                    _ if self.skip > 0 => {}
                    b"p" | b"h" => {
                        if depth_p == 0 {
                            self.para.clear();
                        }
                        depth_p += 1;
                    }
                    b"table" => {
                        self.end_paragraph();
                        self.tables += 1;
                    }
                    b"table-row" if self.tables == 1 => self.row.clear(),
                    b"table-cell" if self.tables == 1 => self.cell = Some(String::new()),
                    _ => {}
                },
                Event::Empty(e) if self.skip == 0 && depth_p > 0 => match e.local_name().as_ref() {
                    b"tab" => self.para.push('\t'),
                    b"line-break" => self.para.push('\n'),
                    b"s" => {
                        let n = attr(&e, b"c")
                            .and_then(|c| c.parse().ok())
                            .unwrap_or(1usize);
                        self.para.push_str(&" ".repeat(n.min(64)));
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    b"note" | b"annotation" | b"tracked-changes" => {
                        self.skip = self.skip.saturating_sub(1)
                    }
                    _ if self.skip > 0 => {}
                    b"p" | b"h" => {
                        depth_p = depth_p.saturating_sub(1);
                        if depth_p == 0 {
                            self.end_paragraph();
                        }
                    }
                    b"table-cell" if self.tables == 1 => self.end_cell(),
                    b"table-row" if self.tables == 1 => self.end_row(),
                    b"table" => self.end_table(),
                    _ => {}
                },
                Event::Text(t) if depth_p > 0 && self.skip == 0 => {
                    self.para.push_str(&String::from_utf8_lossy(&t));
                }
                Event::GeneralRef(r) if depth_p > 0 && self.skip == 0 => {
                    if let Some(s) = entity(&r) {
                        self.para.push_str(&s);
                    }
                }
                _ => {}
            }
        }
        self.finish()
    }
}

/// A character or predefined entity reference; custom entities are not expanded.
fn entity(r: &quick_xml::events::BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = String::from_utf8_lossy(r);
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
}

/// Read an `.odt`.
pub fn read_odt(bytes: &[u8]) -> Result<Converted, String> {
    let mut zip = Archive::open(bytes, "OpenDocument .odt")?;
    let Some(content) = zip.read("content.xml")? else {
        return Err("not an OpenDocument text (a zip archive without content.xml)".into());
    };
    Ok(Body::new(&Styles::default()).odt(&content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_names() {
        assert_eq!(font_kind(".VnTime"), FontKind::Tcvn3);
        assert_eq!(font_kind(".VnTimeH"), FontKind::Tcvn3Upper);
        assert_eq!(font_kind(".VnArial"), FontKind::Tcvn3);
        assert_eq!(font_kind("VNI-Times"), FontKind::Vni);
        assert_eq!(font_kind("Times New Roman"), FontKind::Unicode);
    }

    #[test]
    fn legacy_runs_decode_through_cp1252() {
        let tcvn: String = legacy::encode_tcvn3("Học tập")
            .iter()
            .map(|&b| legacy::cp1252_char(b))
            .collect();
        let mut out = String::new();
        decode_run(&tcvn, FontKind::Tcvn3, &mut out);
        assert_eq!(out, "Học tập".chars().collect::<String>());
        let mut up = String::new();
        decode_run(&tcvn, FontKind::Tcvn3Upper, &mut up);
        assert_eq!(up, "HỌC TẬP");
        let vni: String = legacy::encode_vni("Việt Nam")
            .iter()
            .map(|&b| legacy::cp1252_char(b))
            .collect();
        let mut v = String::new();
        decode_run(&vni, FontKind::Vni, &mut v);
        use unicode_normalization::UnicodeNormalization;
        assert_eq!(v.nfc().collect::<String>(), "Việt Nam");
    }
}
