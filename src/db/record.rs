//! How records are stored: serde + postcard behind a one-byte format tag, in
//! tables whose value type is fixed at compile time by [`RecordTable`].
//!
//! Postcard is not self-describing, so a struct cannot simply grow a field:
//! old bytes would no longer decode. Each record type therefore carries a
//! `FORMAT` number written before the postcard bytes; when a field is added
//! the old shape is kept as a private struct, `FORMAT` is bumped and
//! [`Record::upgrade`] converts old bytes on read. Files never need to be
//! rewritten for a field addition.

use std::marker::PhantomData;

use redb::{Key, ReadableTable, Table, TableDefinition};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::DbError;

/// A type stored as a table value.
pub trait Record: Serialize + DeserializeOwned {
    /// Shown in error messages.
    const NAME: &'static str;
    /// The format tag written with every new value of this type.
    const FORMAT: u8;

    /// Decodes a value written with an older `format`. The default knows no
    /// older formats.
    fn upgrade(format: u8, bytes: &[u8]) -> Result<Self, DbError> {
        let _ = bytes;
        Err(DbError::Corrupt(format!(
            "{} record has unknown format {format} (this version writes {})",
            Self::NAME,
            Self::FORMAT
        )))
    }
}

pub fn encode<T: Record>(value: &T) -> Result<Vec<u8>, DbError> {
    postcard::to_extend(value, vec![T::FORMAT])
        .map_err(|e| DbError::Corrupt(format!("cannot encode {} record: {e}", T::NAME)))
}

pub fn decode<T: Record>(bytes: &[u8]) -> Result<T, DbError> {
    match bytes.split_first() {
        Some((&format, rest)) if format == T::FORMAT => postcard::from_bytes(rest)
            .map_err(|e| DbError::Corrupt(format!("cannot decode {} record: {e}", T::NAME))),
        Some((&format, rest)) => T::upgrade(format, rest),
        None => Err(DbError::Corrupt(format!("empty {} record", T::NAME))),
    }
}

/// A table of records of type `T` keyed by `K`. Declared as a `const`; the
/// raw redb table stores the encoded bytes.
pub struct RecordTable<K: Key + 'static, T> {
    def: TableDefinition<'static, K, &'static [u8]>,
    _record: PhantomData<fn() -> T>,
}

impl<K: Key + 'static, T> Clone for RecordTable<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Key + 'static, T> Copy for RecordTable<K, T> {}

impl<K: Key + 'static, T: Record> RecordTable<K, T> {
    pub const fn new(name: &'static str) -> Self {
        Self {
            def: TableDefinition::new(name),
            _record: PhantomData,
        }
    }

    pub fn def(self) -> TableDefinition<'static, K, &'static [u8]> {
        self.def
    }

    pub fn put<'k>(
        self,
        table: &mut Table<'_, K, &'static [u8]>,
        key: impl std::borrow::Borrow<K::SelfType<'k>>,
        value: &T,
    ) -> Result<(), DbError> {
        let bytes = encode(value)?;
        table.insert(key, bytes.as_slice())?;
        Ok(())
    }

    pub fn get<'k>(
        self,
        table: &impl ReadableTable<K, &'static [u8]>,
        key: impl std::borrow::Borrow<K::SelfType<'k>>,
    ) -> Result<Option<T>, DbError> {
        match table.get(key)? {
            Some(guard) => decode(guard.value()).map(Some),
            None => Ok(None),
        }
    }

    /// Every record in key order.
    pub fn all(self, table: &impl ReadableTable<K, &'static [u8]>) -> Result<Vec<T>, DbError> {
        let mut out = Vec::new();
        for entry in table.iter()? {
            let (_, v) = entry?;
            out.push(decode(v.value())?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Old {
        a: u32,
    }
    impl Record for Old {
        const NAME: &'static str = "test";
        const FORMAT: u8 = 1;
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct New {
        a: u32,
        b: String,
    }
    impl Record for New {
        const NAME: &'static str = "test";
        const FORMAT: u8 = 2;
        fn upgrade(format: u8, bytes: &[u8]) -> Result<Self, DbError> {
            match format {
                1 => {
                    let old: Old =
                        postcard::from_bytes(bytes).map_err(|e| DbError::Corrupt(e.to_string()))?;
                    Ok(New {
                        a: old.a,
                        b: "default".into(),
                    })
                }
                _ => Err(DbError::Corrupt("unknown".into())),
            }
        }
    }

    #[test]
    fn db_record_adding_a_field_reads_old_bytes() {
        let bytes = encode(&Old { a: 7 }).expect("encode");
        assert_eq!(bytes[0], 1);
        let new: New = decode(&bytes).expect("upgrade");
        assert_eq!(
            new,
            New {
                a: 7,
                b: "default".into()
            }
        );
        let again: New = decode(&encode(&new).expect("encode")).expect("decode");
        assert_eq!(again, new);
        // A format from the future is an error, not a misread.
        assert!(matches!(decode::<Old>(&[9, 0]), Err(DbError::Corrupt(_))));
        assert!(decode::<Old>(&[]).is_err());
    }

    #[test]
    fn db_record_garbage_is_an_error_never_a_panic() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..2000 {
            let bytes: Vec<u8> = (0..len % 97)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect();
            let _ = decode::<crate::db::models::Contact>(&bytes);
            let _ = decode::<crate::db::models::Product>(&bytes);
        }
    }
}
