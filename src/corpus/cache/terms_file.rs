//! The token index files beside the bodies file (see [`crate::corpus::terms`]).
//!
//! `lib-KEY.post`, the base: magic, format version, its own id, documents, segments, content
//! hash, then the segments. It is written once, when every body is indexed. `lib-KEY.plus`,
//! small and rewritten at each update: magic, version, the id of the bodies file it goes
//! with, the base's id, documents, base documents, added documents, content hash, then for
//! each base document its library document (or none: deleted), the library document of
//! each added one, and the segment of the added documents. When the added or deleted
//! documents grow past a share of the library, everything is indexed again.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::bodies_file::Source;
use super::disk::{new_id, Hasher, TempFile, FORMAT_VERSION, PIECE};
use crate::corpus::bodies::{FileStore, Stored};
use crate::corpus::progress::{self, Step};
use crate::corpus::terms::{read_at, Builder, Segment, Terms, NONE};
use crate::heap;

const BASE_MAGIC: &[u8; 8] = b"VANBANTI";
const PLUS_MAGIC: &[u8; 8] = b"VANBANTP";
const BASE_HEAD: usize = 8 + 4 + 8 + 8 + 8 + 8;
const PLUS_HEAD: usize = 8 + 4 + 8 * 6;
/// Text indexed per base segment: bounds the memory a build takes (postings of about a
/// quarter of the text, grown by doubling). The reader makes the index just after its
/// load, at its fullest; a smaller segment means more vocabularies held and searched.
pub(crate) const SEGMENT_TEXT: u64 = 128 << 20;
/// Bodies read, and tokenized in parallel, at once while building (their tokens take
/// about twice their size while they are added).
const BLOCK: u64 = 4 << 20;

/// The base and plus files that go with a bodies file.
pub(super) fn paths(bodies: &Path) -> (PathBuf, PathBuf) {
    (bodies.with_extension("post"), bodies.with_extension("plus"))
}

/// Remove the index files (when the bodies go).
pub(super) fn remove(bodies: &Path) {
    let (post, plus) = paths(bodies);
    let _ = fs::remove_file(plus);
    let _ = fs::remove_file(post);
}

/// A file being written whose content after the header is hashed in 1 MiB pieces.
struct Hashed {
    file: TempFile,
    piece: Vec<u8>,
    hasher: Hasher,
}

impl Hashed {
    fn create(path: &Path, head: usize) -> io::Result<Hashed> {
        let mut file = TempFile::create(path)?;
        file.write_all(&vec![0; head])?;
        Ok(Hashed {
            file,
            piece: Vec::with_capacity(PIECE),
            hasher: Hasher::default(),
        })
    }

    /// Write the header (`head` ending in the hash) and move the file into place.
    fn finish(mut self, path: &Path, mut head: Vec<u8>) -> io::Result<()> {
        use std::io::{Seek, SeekFrom};
        if !self.piece.is_empty() {
            self.hasher.add(&self.piece);
        }
        head.extend_from_slice(&self.hasher.finish().to_le_bytes());
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(&head)?;
        self.file.commit(path)
    }
}

impl Write for Hashed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(PIECE - self.piece.len());
        self.piece.extend_from_slice(&buf[..n]);
        if self.piece.len() == PIECE {
            self.hasher.add(&self.piece);
            self.piece.clear();
        }
        self.file.write_all(&buf[..n])?;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Hash of `file` from `from` to its end, as [`Hashed`] makes it.
fn hash_of(file: &File, from: u64, len: u64) -> io::Result<u64> {
    let mut hasher = Hasher::default();
    let mut buf = vec![0u8; 16 * PIECE];
    let mut at = from;
    while at < len {
        let n = (len - at).min(buf.len() as u64) as usize;
        read_at(file, at, &mut buf[..n])?;
        hasher.add_pieces(&buf[..n]);
        at += n as u64;
    }
    Ok(hasher.finish())
}

fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

fn u32s(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Index every body of `store` (the bodies file `bodies_id`) into new index files.
fn build(store: &FileStore, bodies_id: u64, bodies: &Path) -> io::Result<()> {
    progress::start(Step::Index, 0);
    let built = build_in(store, bodies_id, bodies, SEGMENT_TEXT);
    heap::give_back_freed();
    built
}

pub(crate) fn build_in(
    store: &FileStore,
    bodies_id: u64,
    bodies: &Path,
    segment_text: u64,
) -> io::Result<()> {
    let (post, plus) = paths(bodies);
    let _ = fs::remove_file(&plus);
    let ends = store.ends();
    let n = ends.len();
    let start = |i: usize| if i == 0 { 0 } else { ends[i - 1] };
    let mut out = Hashed::create(&post, BASE_HEAD)?;
    let mut segments = 0u32;
    let mut builder = Builder::default();
    let mut buf = Vec::new();
    let block = BLOCK.min(segment_text);
    let mut i = 0;
    while i < n {
        let first = start(i);
        let mut j = i + 1;
        while j < n && ends[j] - first <= block {
            j += 1;
        }
        buf.resize((ends[j - 1] - first) as usize, 0);
        store.read_at(first, &mut buf)?;
        let block: Vec<&[u8]> = (i..j)
            .map(|k| &buf[(start(k) - first) as usize..(ends[k] - first) as usize])
            .collect();
        builder.push(&block);
        if builder.text >= segment_text {
            std::mem::take(&mut builder).write(&mut out)?;
            segments += 1;
            // A segment's many small lists, freed, lie among what the reader keeps.
            heap::give_back_freed();
        }
        i = j;
    }
    if builder.docs() > 0 || segments == 0 {
        builder.write(&mut out)?;
        segments += 1;
    }
    let base_id = new_id();
    let mut head = BASE_MAGIC.to_vec();
    head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    head.extend_from_slice(&base_id.to_le_bytes());
    head.extend_from_slice(&(n as u64).to_le_bytes());
    head.extend_from_slice(&u64::from(segments).to_le_bytes());
    out.finish(&post, head)?;
    let map: Vec<u32> = (0..n as u32).collect();
    write_plus(&plus, bodies_id, base_id, n, &map, &[], Builder::default())
}

fn write_plus(
    path: &Path,
    bodies_id: u64,
    base_id: u64,
    docs: usize,
    map: &[u32],
    added: &[u32],
    segment: Builder,
) -> io::Result<()> {
    let mut out = Hashed::create(path, PLUS_HEAD)?;
    let bytes: Vec<u8> = map
        .iter()
        .chain(added)
        .flat_map(|d| d.to_le_bytes())
        .collect();
    out.write_all(&bytes)?;
    segment.write(&mut out)?;
    let mut head = PLUS_MAGIC.to_vec();
    head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    for w in [
        bodies_id,
        base_id,
        docs as u64,
        map.len() as u64,
        added.len() as u64,
    ] {
        head.extend_from_slice(&w.to_le_bytes());
    }
    out.finish(path, head)
}

/// A plus file read whole: what the base's documents and the added ones are now.
struct Plus {
    file: Arc<File>,
    base_id: u64,
    docs: usize,
    map: Vec<u32>,
    added: Vec<u32>,
    /// Where the added documents' segment starts, and the file's length.
    segment: (u64, u64),
}

fn read_plus(path: &Path, bodies_id: u64) -> Option<Plus> {
    let mut file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut head = [0u8; PLUS_HEAD];
    file.read_exact(&mut head).ok()?;
    let version = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default());
    if &head[..8] != PLUS_MAGIC || version != FORMAT_VERSION || word(&head, 12) != bodies_id {
        return None;
    }
    let (base_id, docs, base, added) = (
        word(&head, 20),
        word(&head, 28),
        word(&head, 36),
        word(&head, 44),
    );
    if hash_of(&file, PLUS_HEAD as u64, len).ok()? != word(&head, 52) {
        return None;
    }
    let tables = base.checked_add(added)?.checked_mul(4)?;
    let segment = (PLUS_HEAD as u64).checked_add(tables)?;
    if segment > len || docs > u64::from(NONE) {
        return None;
    }
    let mut bytes = vec![0u8; tables as usize];
    read_at(&file, PLUS_HEAD as u64, &mut bytes).ok()?;
    let (map, added) = bytes.split_at((base * 4) as usize);
    Some(Plus {
        file: Arc::new(file),
        base_id,
        docs: docs as usize,
        map: u32s(map),
        added: u32s(added),
        segment: (segment, len),
    })
}

/// The base file's header if it is the one `plus` goes with: its length and number of
/// segments.
fn base_head(file: &File, plus: &Plus) -> Option<(u64, u64)> {
    let mut head = [0u8; BASE_HEAD];
    read_at(file, 0, &mut head).ok()?;
    let version = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default());
    let fits = &head[..8] == BASE_MAGIC
        && version == FORMAT_VERSION
        && word(&head, 12) == plus.base_id
        && word(&head, 20) == plus.map.len() as u64;
    fits.then_some((file.metadata().ok()?.len(), word(&head, 28)))
}

/// True when index files for the bodies file `bodies_id` are there (their headers alone
/// are read: [`open`] checks them whole).
pub(super) fn present(bodies: &Path, bodies_id: u64) -> bool {
    let (post, plus) = paths(bodies);
    let head = |path: &Path, len: usize| -> Option<Vec<u8>> {
        let mut head = vec![0u8; len];
        File::open(path).ok()?.read_exact(&mut head).ok()?;
        Some(head)
    };
    let (Some(p), Some(b)) = (head(&plus, PLUS_HEAD), head(&post, BASE_HEAD)) else {
        return false;
    };
    &p[..8] == PLUS_MAGIC
        && word(&p, 12) == bodies_id
        && &b[..8] == BASE_MAGIC
        && word(&b, 12) == word(&p, 20)
}

/// The index of the bodies file `bodies_id` of `docs` documents, checked whole; `None` if
/// it is missing, stale or damaged.
pub(super) fn open(bodies: &Path, bodies_id: u64, docs: usize) -> Option<Terms> {
    let (post, plus) = paths(bodies);
    let plus = read_plus(&plus, bodies_id)?;
    if plus.docs != docs {
        return None;
    }
    let file = Arc::new(File::open(post).ok()?);
    let (len, count) = base_head(&file, &plus)?;
    let mut head = [0u8; BASE_HEAD];
    read_at(&file, 0, &mut head).ok()?;
    if hash_of(&file, BASE_HEAD as u64, len).ok()? != word(&head, 36) {
        return None;
    }
    let mut segments = Vec::new();
    let (mut at, mut first) = (BASE_HEAD as u64, 0usize);
    for _ in 0..count {
        let (mut seg, end) = Segment::load(&file, at, len)?;
        let map = plus.map.get(first..first + seg.docs())?.to_vec();
        first += seg.docs();
        seg.set_map(map);
        segments.push(seg);
        at = end;
    }
    if at != len || first != plus.map.len() {
        return None;
    }
    let (at, len) = plus.segment;
    let (mut seg, end) = Segment::load(&plus.file, at, len)?;
    if end != len || seg.docs() != plus.added.len() {
        return None;
    }
    seg.set_map(plus.added.clone());
    segments.push(seg);
    Terms::new(segments, docs)
}

/// Bring the index of the old bodies file `old_id` up to the new one `store` (id
/// `bodies_id`), whose bodies come from the old file or fresh as `from` says: the base's
/// documents are mapped to their new places, and the others indexed into a small segment.
/// Index everything again when there is no usable old index or the change is large.
/// True when everything was indexed again.
pub(super) fn update(
    old_id: Option<u64>,
    from: &[Source],
    store: &FileStore,
    bodies_id: u64,
    bodies: &Path,
) -> io::Result<bool> {
    match old_id.and_then(|id| plan_update(id, from, bodies)) {
        Some((plus, map, added)) => {
            let ends = store.ends();
            let mut builder = Builder::default();
            let mut buf = Vec::new();
            for &d in &added {
                let d = d as usize;
                let start = if d == 0 { 0 } else { ends[d - 1] };
                buf.resize((ends[d] - start) as usize, 0);
                store.read_at(start, &mut buf)?;
                builder.push(&[&buf]);
            }
            let path = paths(bodies).1;
            write_plus(
                &path,
                bodies_id,
                plus.base_id,
                from.len(),
                &map,
                &added,
                builder,
            )?;
            Ok(false)
        }
        None => build(store, bodies_id, bodies).map(|_| true),
    }
}

/// For an update: the old plus file, the base's new map and the documents to add; `None`
/// when everything must be indexed again.
fn plan_update(old_id: u64, from: &[Source], bodies: &Path) -> Option<(Plus, Vec<u32>, Vec<u32>)> {
    let (post, plus_path) = paths(bodies);
    let plus = read_plus(&plus_path, old_id)?;
    base_head(&File::open(post).ok()?, &plus)?;
    let mut new_place = vec![NONE; plus.docs];
    for (j, s) in from.iter().enumerate() {
        if let Source::Old(b) = s {
            *new_place.get_mut(*b)? = j as u32;
        }
    }
    let map: Vec<u32> = plus
        .map
        .iter()
        .map(|&d| match d {
            NONE => NONE,
            d => new_place.get(d as usize).copied().unwrap_or(NONE),
        })
        .collect();
    let mut in_base = vec![false; from.len()];
    for &d in &map {
        if d != NONE {
            in_base[d as usize] = true;
        }
    }
    let added: Vec<u32> = (0..from.len() as u32)
        .filter(|&j| !in_base[j as usize])
        .collect();
    let deleted = map.iter().filter(|&&d| d == NONE).count();
    let merge = merge_now(from.len(), added.len(), map.len(), deleted);
    (!merge).then_some((plus, map, added))
}

/// True when the added or deleted documents are too many to keep beside the base.
fn merge_now(docs: usize, added: usize, base: usize, deleted: usize) -> bool {
    added > docs / 10 + 100 || deleted > base / 4 + 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use crate::corpus::cache::bodies_file;

    /// Every token's and letter's postings, as library documents, across the segments.
    fn postings(terms: &Terms) -> BTreeMap<Vec<u8>, Vec<(usize, u32)>> {
        let mut all: BTreeMap<Vec<u8>, Vec<(usize, u32)>> = BTreeMap::new();
        let mut buf = Vec::new();
        for seg in terms.segments() {
            let mut read = |key: Vec<u8>, span| {
                seg.read(span, &mut buf).unwrap();
                let list = all.entry(key).or_default();
                seg.each(&buf, |d, n| list.push((d, n))).unwrap();
            };
            for i in 0..seg.len() {
                read(seg.token(i).to_vec(), seg.span(i));
            }
            for c in 0..128u8 {
                read(vec![0xff, c], seg.letter_span(c));
            }
        }
        all.retain(|_, v| !v.is_empty());
        all.values_mut().for_each(|v| v.sort_unstable());
        all
    }

    #[test]
    fn many_segments_hold_what_one_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.bodies");
        let mut w = bodies_file::Writer::create(&path).unwrap();
        let words = ["hoc", "tap", "bac", "05-ct/tw", "khen", "thuong", "a", "aa"];
        for i in 0..300usize {
            let body: Vec<&str> = (0..i % 17).map(|k| words[(i * 7 + k * k) % 8]).collect();
            w.push(body.join(if i % 3 == 0 { "\n" } else { " " }).as_bytes())
                .unwrap();
        }
        w.finish(&path, 42).unwrap();
        let store = bodies_file::open(&path, 42, 300, true).unwrap();
        build_in(&store, 42, &path, 1 << 30).unwrap();
        let one = open(&path, 42, 300).unwrap();
        build_in(&store, 42, &path, 200).unwrap();
        let many = open(&path, 42, 300).unwrap();
        assert_eq!(
            one.segments().len(),
            2,
            "the base and an empty added segment"
        );
        assert!(many.segments().len() > 5);
        assert_eq!(postings(&many), postings(&one));
        assert!(open(&path, 43, 300).is_none(), "another bodies file");
        assert!(
            open(&path, 42, 299).is_none(),
            "another number of documents"
        );
    }

    #[test]
    fn large_changes_index_again() {
        assert!(!merge_now(1_000_000, 5, 1_000_000, 3));
        assert!(!merge_now(10, 10, 0, 0));
        assert!(merge_now(1_000_000, 100_200, 900_000, 0));
        assert!(merge_now(1_000_000, 0, 1_000_000, 250_101));
    }
}
