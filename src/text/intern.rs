//! One shared copy of short texts that many documents repeat (awarding bodies, award
//! kinds, provinces), so a million documents hold pointers rather than millions of small
//! strings. A text once interned stays for the life of the process: there are few.

use std::cell::RefCell;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use rustc_hash::FxHashSet;
use serde::de::{self, Deserializer, Visitor};

static SHARED: LazyLock<Mutex<FxHashSet<Arc<str>>>> = LazyLock::new(Default::default);

thread_local! {
    // The texts this thread has seen: a cache is decoded on every core at once, and
    // each would otherwise wait on the shared set for every award.
    static NEAR: RefCell<FxHashSet<Arc<str>>> = RefCell::default();
}

/// The one shared copy of `text`.
pub fn intern(text: &str) -> Arc<str> {
    NEAR.with_borrow_mut(|near| {
        if let Some(a) = near.get(text) {
            return a.clone();
        }
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        let a = match shared.get(text) {
            Some(a) => a.clone(),
            None => {
                let a: Arc<str> = Arc::from(text);
                shared.insert(a.clone());
                a
            }
        };
        near.insert(a.clone());
        a
    })
}

/// `#[serde(deserialize_with = "…")]` for an `Option<Arc<str>>` to intern: reads the text
/// without an owned copy of its own.
pub fn deserialize_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    d.deserialize_option(OptText)
}

struct OptText;

impl<'de> Visitor<'de> for OptText {
    type Value = Option<Arc<str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an optional string")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(Text).map(Some)
    }
}

struct Text;

impl Visitor<'_> for Text {
    type Value = Arc<str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(intern(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_copy() {
        let a = intern("UBND tỉnh");
        let b = intern(&String::from("UBND tỉnh"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &intern("UBND huyện")));
    }

    #[test]
    fn threads_share_one_copy() {
        let here = intern("Bằng khen");
        let there = std::thread::spawn(|| intern("Bằng khen")).join().unwrap();
        assert!(Arc::ptr_eq(&here, &there));
    }

    #[test]
    fn deserialized_texts_are_interned() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct T {
            #[serde(deserialize_with = "deserialize_opt")]
            by: Option<Arc<str>>,
            #[serde(deserialize_with = "deserialize_opt")]
            kind: Option<Arc<str>>,
        }
        let t = T {
            by: Some("Thủ tướng Chính phủ".into()),
            kind: None,
        };
        let bytes = postcard::to_stdvec(&t).unwrap();
        let back: T = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.by.as_deref(), Some("Thủ tướng Chính phủ"));
        assert!(back.kind.is_none());
        assert!(Arc::ptr_eq(
            back.by.as_ref().unwrap(),
            &intern("Thủ tướng Chính phủ")
        ));
        let json: T = serde_json::from_str(r#"{"by":null,"kind":"Giấy khen"}"#).unwrap();
        assert!(json.by.is_none());
        assert!(Arc::ptr_eq(&json.kind.unwrap(), &intern("Giấy khen")));
    }
}
