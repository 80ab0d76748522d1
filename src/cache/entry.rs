//! What the keyspace holds: keys (a logical database and a name), values
//! (strings, hashes, lists, sets, sorted sets) with an optional absolute expiry, and the weigher
//! that charges each entry what it really costs in memory.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// An immutable byte string as stored. `Arc<[u8]>` rather than `Bytes`:
/// cloning it out of the cache is one refcount bump and never allocates, and
/// it owns exactly its bytes (a `Bytes` slice of a socket buffer would pin
/// the whole buffer and make the memory accounting a lie).
pub type Blob = Arc<[u8]>;

/// A key in one of the 16 logical databases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub db: u8,
    pub name: Name,
}

impl Key {
    pub fn new(db: u8, name: &[u8]) -> Self {
        Key {
            db,
            name: Name::new(name),
        }
    }
}

/// Key names up to this long are kept inside the key itself.
pub const INLINE_NAME: usize = 22;

/// A key's name. Short names (most keys) live inline: making one does not
/// allocate, and comparing one during a lookup reads the table slot already
/// in cache instead of chasing a pointer to a separate allocation, which
/// on a random-key workload was a third of the lookup's time. Longer names
/// are shared like values. 24 bytes either way.
#[derive(Clone)]
pub enum Name {
    Inline { len: u8, bytes: [u8; INLINE_NAME] },
    Shared(Blob),
}

impl Name {
    pub fn new(name: &[u8]) -> Self {
        if name.len() <= INLINE_NAME {
            let mut bytes = [0; INLINE_NAME];
            bytes[..name.len()].copy_from_slice(name);
            Name::Inline {
                len: name.len() as u8,
                bytes,
            }
        } else {
            Name::Shared(Arc::from(name))
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Name::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Name::Shared(b) => b,
        }
    }

    /// The name as a value (for replies such as `KEYS`).
    pub fn to_blob(&self) -> Blob {
        match self {
            Name::Inline { .. } => Arc::from(self.as_bytes()),
            Name::Shared(b) => b.clone(),
        }
    }
}

impl std::ops::Deref for Name {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Name {}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_bytes().escape_ascii().to_string())
    }
}

/// Heap bytes a key name of `len` bytes takes beyond the key itself.
fn name_cost(len: usize) -> u64 {
    if len <= INLINE_NAME {
        0
    } else {
        blob_cost(len)
    }
}

// `Key` and `KeyRef` must hash identically so lookups never allocate.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u8(self.db);
        state.write(&self.name);
    }
}

/// A borrowed key for lookups.
pub(crate) struct KeyRef<'a> {
    pub db: u8,
    pub name: &'a [u8],
}

impl Hash for KeyRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u8(self.db);
        state.write(self.name);
    }
}

impl quick_cache::Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.db == key.db && self.name == key.name.as_bytes()
    }
}

/// A hash value: the field map plus the byte count the weigher needs, kept
/// up to date on every change so re-weighing a big hash is O(1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HashValue {
    fields: HashMap<Blob, Blob>,
    payload: u64,
}

impl HashValue {
    pub fn len(&self) -> usize {
        self.fields.len()
    }
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
    pub fn get(&self, field: &[u8]) -> Option<&Blob> {
        self.fields.get(field)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&Blob, &Blob)> {
        self.fields.iter()
    }
    /// Sets a field; true when it is new.
    pub fn insert(&mut self, field: &[u8], value: &[u8]) -> bool {
        let value: Blob = Arc::from(value);
        let new_cost = field_cost(field.len(), value.len());
        if let Some(slot) = self.fields.get_mut(field) {
            self.payload = self.payload - field_cost(field.len(), slot.len()) + new_cost;
            *slot = value;
            false
        } else {
            self.payload += new_cost;
            self.fields.insert(Arc::from(field), value);
            true
        }
    }
    pub fn remove(&mut self, field: &[u8]) -> bool {
        match self.fields.remove(field) {
            Some(v) => {
                self.payload -= field_cost(field.len(), v.len());
                true
            }
            None => false,
        }
    }
    fn cost(&self) -> u64 {
        // The table itself: one (Blob, Blob) slot plus a control byte per bucket.
        HASH_OVERHEAD + self.fields.capacity() as u64 * 33 + self.payload
    }
    /// What a hash with `pairs` set costs at most: the table may double
    /// while the old one is still held (as `SetValue::growth`).
    pub(crate) fn growth(current: Option<&HashValue>, pairs: &[(&[u8], &[u8])]) -> u64 {
        let len = current.map_or(0, HashValue::len) + pairs.len();
        let table = ((len as u64) * 8 / 7).next_power_of_two() * 33;
        current.map_or(HASH_OVERHEAD, HashValue::cost)
            + table
            + pairs
                .iter()
                .map(|(f, v)| field_cost(f.len(), v.len()))
                .sum::<u64>()
    }
}

impl FromIterator<(Blob, Blob)> for HashValue {
    fn from_iter<I: IntoIterator<Item = (Blob, Blob)>>(iter: I) -> Self {
        let mut h = HashValue::default();
        for (k, v) in iter {
            h.insert(&k, &v);
        }
        h
    }
}

/// A value of one of the supported types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(Blob),
    /// A string holding a canonical integer, kept as one so `INCR` changes
    /// it in place (as Redis's `int` encoding); it reads as its decimal text.
    Int(i64),
    Hash(Arc<HashValue>),
    // Format 3 of the snapshot: lists, sets and sorted sets.
    List(Arc<super::lists::ListValue>),
    Set(Arc<super::sets::SetValue>),
    ZSet(Arc<super::zsets::ZSetValue>),
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) | Value::Int(_) => "string",
            Value::Hash(_) => "hash",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::ZSet(_) => "zset",
        }
    }
}

/// One keyspace entry. `expires_at` is absolute Unix time in milliseconds,
/// so it survives a snapshot and restart unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    pub expires_at: Option<u64>,
}

impl Entry {
    pub fn new(value: Value, expires_at: Option<u64>) -> Self {
        Entry { value, expires_at }
    }
    pub fn string(bytes: &[u8], expires_at: Option<u64>) -> Self {
        Entry::new(Value::Str(Arc::from(bytes)), expires_at)
    }
    pub fn is_expired(&self, now_ms: u64) -> bool {
        self.expires_at.is_some_and(|t| t <= now_ms)
    }
}

/// Bytes an `Arc<[u8]>` allocation really takes in glibc's malloc: two
/// counters and the payload, plus the chunk's 8-byte size field, rounded up
/// to 16 bytes, and never less than the 32-byte minimum chunk. (Without the
/// size field a 10-byte value was charged 32 bytes for a 48-byte chunk.)
pub(crate) fn blob_cost(len: usize) -> u64 {
    ((16 + 8 + len as u64).div_ceil(16) * 16).max(32)
}

fn field_cost(field: usize, value: usize) -> u64 {
    blob_cost(field) + blob_cost(value)
}

/// Fixed cost of one entry beyond its key and value allocations: the
/// quick_cache slot (key 32 + entry 40 bytes + its own links and hash),
/// the ghost slots its S3-FIFO keeps for recently evicted keys, the index
/// bucket, and slack for the allocator. Calibrated against measured RSS of
/// a full cache (see the report in the cache module docs).
pub(crate) const ENTRY_OVERHEAD: u64 = 160;

/// What a value's growable arrays (a set's table, a sorted set's node
/// array and map) are charged per byte of their capacity, in halves: 2×.
/// Each time one doubles, the block it leaves is freed between live
/// blocks, too small for the next doubling, and glibc rarely reuses it;
/// the blocks left by the doublings so far add up to about the current
/// capacity. Charged at 1× (capacity alone), 1000 sorted sets grown by 1M
/// ZADDs on a 64 MB budget held 1.43× the budget in RSS above the idle
/// process, and sets churned the same way 1.38×, against the bound of
/// 1.3× (`tests/it/resp_memory.rs`).
pub(crate) const ARRAY_CHARGE_HALVES: u64 = 4;

/// `bytes` of array capacity as charged (see [`ARRAY_CHARGE_HALVES`]).
pub(crate) const fn array_charge(bytes: u64) -> u64 {
    bytes * ARRAY_CHARGE_HALVES / 2
}
const HASH_OVERHEAD: u64 = 64;

/// Charges an entry its honest memory cost.
#[derive(Clone, Copy, Debug, Default)]
pub struct Weigher;

impl quick_cache::Weighter<Key, Entry> for Weigher {
    fn weight(&self, key: &Key, entry: &Entry) -> u64 {
        entry_weight(key.name.len(), entry)
    }
}

/// What an entry with a key of `key_len` bytes costs.
pub(crate) fn entry_weight(key_len: usize, entry: &Entry) -> u64 {
    let value = match &entry.value {
        Value::Str(s) => blob_cost(s.len()),
        Value::Int(_) => 0,
        Value::Hash(h) => h.cost(),
        Value::List(l) => l.cost(),
        Value::Set(s) => s.cost(),
        Value::ZSet(z) => z.cost(),
    };
    ENTRY_OVERHEAD + name_cost(key_len) + value
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_cache::Weighter;

    #[test]
    fn weight_counts_key_value_and_overhead() {
        let w = Weigher.weight(&Key::new(0, b"k"), &Entry::string(&[0; 100], None));
        assert_eq!(w, ENTRY_OVERHEAD + 128);
        let long = [b'k'; INLINE_NAME + 1];
        let w = Weigher.weight(&Key::new(0, &long), &Entry::string(&[0; 100], None));
        assert_eq!(w, ENTRY_OVERHEAD + blob_cost(long.len()) + 128);
    }

    #[test]
    fn blob_cost_is_the_malloc_chunk() {
        // Counters (16) + payload + size field (8), rounded up to 16.
        assert_eq!(blob_cost(0), 32);
        assert_eq!(blob_cost(8), 32);
        assert_eq!(blob_cost(9), 48);
        assert_eq!(blob_cost(10), 48);
        assert_eq!(blob_cost(100), 128);
        assert_eq!(blob_cost(1000), 1024);
    }

    #[test]
    fn names_are_inline_up_to_the_limit_and_compare_by_bytes() {
        assert_eq!(std::mem::size_of::<Name>(), 24);
        assert_eq!(std::mem::size_of::<Key>(), 32);
        let short = Name::new(b"counter:000000012345");
        assert!(matches!(short, Name::Inline { .. }));
        assert_eq!(&*short, b"counter:000000012345");
        let exact = Name::new(&[7; INLINE_NAME]);
        assert!(matches!(exact, Name::Inline { .. }));
        let long = Name::new(&[7; INLINE_NAME + 1]);
        assert!(matches!(long, Name::Shared(_)));
        assert_eq!(long.len(), INLINE_NAME + 1);
        assert_eq!(Name::new(b""), Name::new(b""));
        assert_ne!(Name::new(b"a"), Name::new(b"a\0"));
        assert_eq!(&*long.to_blob(), &[7; INLINE_NAME + 1][..]);
    }

    #[test]
    fn hash_payload_tracks_changes() {
        let mut h = HashValue::default();
        assert!(h.insert(b"a", b"1"));
        assert!(!h.insert(b"a", b"22222222222222222222"));
        assert_eq!(h.payload, blob_cost(1) + blob_cost(20));
        assert!(h.remove(b"a"));
        assert_eq!(h.payload, 0);
    }
}
