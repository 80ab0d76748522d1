//! List values: Redis's list command semantics (`LPUSH` … `LMOVE`). The
//! blocking forms wait through `blocking.rs`; a push wakes them because
//! every write calls `Store::changed`.

use super::entry::{ENTRY_OVERHEAD, blob_cost};
use super::{Blob, Change, Entry, Store, StoreError, Value};
use std::collections::VecDeque;
use std::sync::Arc;

/// Fixed cost of a list beyond its elements: the `Arc` allocation holding
/// the deque header and the byte count.
const LIST_OVERHEAD: u64 = 64;
/// Per slot of the deque's buffer: one `Arc<[u8]>` (pointer and length).
const SLOT: u64 = 16;

/// A list value: the elements plus the byte count the weigher needs, kept
/// up to date on every change so re-weighing a long list is O(1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListValue {
    items: VecDeque<Blob>,
    payload: u64,
}

/// Which end of a list (`LEFT`/`RIGHT`, head/tail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Left,
    Right,
}

impl ListValue {
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn get(&self, i: usize) -> Option<&Blob> {
        self.items.get(i)
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Blob> + ExactSizeIterator {
        self.items.iter()
    }
    /// What redis-server 7.0 reports for `OBJECT ENCODING` of a list: it
    /// keeps every list as a quicklist.
    pub fn encoding(&self) -> &'static str {
        "quicklist"
    }
    fn push(&mut self, end: End, item: Blob) {
        self.payload += blob_cost(item.len());
        match end {
            End::Left => self.items.push_front(item),
            End::Right => self.items.push_back(item),
        }
    }
    fn pop(&mut self, end: End) -> Option<Blob> {
        let item = match end {
            End::Left => self.items.pop_front(),
            End::Right => self.items.pop_back(),
        }?;
        self.payload -= blob_cost(item.len());
        Some(item)
    }
    /// Gives back buffer space once most of it is unused, so a drained
    /// list's charge (and memory) follows its length.
    fn shrink(&mut self) {
        if self.items.capacity() > 64 && self.items.capacity() > 4 * self.items.len() {
            self.items.shrink_to(self.items.len() * 2);
        }
    }
    pub(crate) fn cost(&self) -> u64 {
        LIST_OVERHEAD + self.items.capacity() as u64 * SLOT + self.payload
    }
    fn recount(&mut self) {
        self.payload = self.items.iter().map(|i| blob_cost(i.len())).sum();
    }
}

impl FromIterator<Blob> for ListValue {
    fn from_iter<I: IntoIterator<Item = Blob>>(iter: I) -> Self {
        let mut l = ListValue::default();
        for item in iter {
            l.push(End::Right, item);
        }
        l
    }
}

/// What adding `items` to a list costs at most (the deque may double).
fn growth(current: Option<&ListValue>, items: &[&[u8]]) -> u64 {
    let len = current.map_or(0, ListValue::len) + items.len();
    let buffer = (len as u64).next_power_of_two() * SLOT;
    current.map_or(LIST_OVERHEAD, |l| l.cost())
        + buffer
        + items.iter().map(|i| blob_cost(i.len())).sum::<u64>()
}

/// Refuses a list that would outgrow `limit` (one entry's share of the
/// budget, read before the shard lock is taken: quick_cache's
/// `shard_capacity` takes a shard's lock itself), before anything is
/// allocated.
fn check_growth(
    limit: u64,
    key: &[u8],
    current: Option<&ListValue>,
    items: &[&[u8]],
) -> Result<(), StoreError> {
    let weight = ENTRY_OVERHEAD + key.len() as u64 + growth(current, items);
    if weight > limit {
        return Err(StoreError::OutOfMemory);
    }
    Ok(())
}

fn list_of(entry: Option<&Entry>) -> Result<Option<&Arc<ListValue>>, StoreError> {
    match entry.map(|e| &e.value) {
        None => Ok(None),
        Some(Value::List(l)) => Ok(Some(l)),
        Some(_) => Err(StoreError::WrongType),
    }
}

/// Redis's `LRANGE`/`LTRIM` index arithmetic: the inclusive range of
/// positions `start..=stop` selects in a list of `len`, `None` if empty.
pub fn list_range(start: i64, stop: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    let mut start = if start < 0 { start + len } else { start };
    let mut stop = if stop < 0 { stop + len } else { stop };
    if start < 0 {
        start = 0;
    }
    if start > stop || start >= len {
        return None;
    }
    if stop >= len {
        stop = len - 1;
    }
    Some((start as usize, stop as usize))
}

impl Store {
    /// The whole list at `key` (cheap: shares the stored list).
    pub fn list(&self, db: u8, key: &[u8]) -> Result<Option<Arc<ListValue>>, StoreError> {
        let entry = self.lookup(db, key);
        Ok(list_of(entry.as_ref())?.cloned())
    }

    /// True if `key` holds a list, false if it is absent; WRONGTYPE else.
    pub fn is_list(&self, db: u8, key: &[u8]) -> Result<bool, StoreError> {
        Ok(list_of(self.read(db, key).as_ref())?.is_some())
    }

    /// `LPUSH`/`RPUSH` (`only_existing`: `LPUSHX`/`RPUSHX`): the length
    /// after, 0 when `only_existing` and the key is absent.
    pub fn push(
        &self,
        db: u8,
        key: &[u8],
        end: End,
        items: &[&[u8]],
        only_existing: bool,
    ) -> Result<usize, StoreError> {
        let limit = self.max_entry_weight();
        self.modify(db, key, |current| match current {
            None if only_existing => Ok((Change::None, 0)),
            None => {
                check_growth(limit, key, None, items)?;
                let mut l = ListValue::default();
                for item in items {
                    l.push(end, Arc::from(*item));
                }
                let len = l.len();
                Ok((Change::Set(Entry::new(Value::List(Arc::new(l)), None)), len))
            }
            Some(entry) => {
                let Value::List(l) = &mut entry.value else {
                    return Err(StoreError::WrongType);
                };
                check_growth(limit, key, Some(l), items)?;
                let l = Arc::make_mut(l);
                for item in items {
                    l.push(end, Arc::from(*item));
                }
                Ok((Change::Updated, l.len()))
            }
        })
    }

    /// `LPOP`/`RPOP` of up to `count` elements; `None` when the key is
    /// absent. The key goes when the list empties.
    pub fn pop(
        &self,
        db: u8,
        key: &[u8],
        end: End,
        count: usize,
    ) -> Result<Option<Vec<Blob>>, StoreError> {
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::None, None));
            };
            let Value::List(l) = &mut entry.value else {
                return Err(StoreError::WrongType);
            };
            if count == 0 {
                return Ok((Change::None, Some(Vec::new())));
            }
            let l = Arc::make_mut(l);
            let n = count.min(l.len());
            let out: Vec<Blob> = (0..n).filter_map(|_| l.pop(end)).collect();
            l.shrink();
            let change = if l.is_empty() {
                Change::Removed
            } else {
                Change::Updated
            };
            Ok((change, Some(out)))
        })
    }

    /// `LSET`.
    pub fn lset(&self, db: u8, key: &[u8], index: i64, value: &[u8]) -> Result<(), StoreError> {
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Err(StoreError::NoSuchKey);
            };
            let Value::List(l) = &mut entry.value else {
                return Err(StoreError::WrongType);
            };
            let len = l.len() as i64;
            let i = if index < 0 { index + len } else { index };
            if !(0..len).contains(&i) {
                return Err(StoreError::IndexOutOfRange);
            }
            let l = Arc::make_mut(l);
            let i = i as usize;
            let new: Blob = Arc::from(value);
            l.payload = l.payload - blob_cost(l.items[i].len()) + blob_cost(new.len());
            l.items[i] = new;
            Ok((Change::Updated, ()))
        })
    }

    /// `LREM`: removes up to `count` elements equal to `value` (from the
    /// tail when negative, all when 0); the number removed.
    pub fn lrem(&self, db: u8, key: &[u8], count: i64, value: &[u8]) -> Result<usize, StoreError> {
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::None, 0));
            };
            let Value::List(l) = &mut entry.value else {
                return Err(StoreError::WrongType);
            };
            if !l.iter().any(|i| &i[..] == value) {
                return Ok((Change::None, 0));
            }
            let l = Arc::make_mut(l);
            let limit = if count == 0 {
                usize::MAX
            } else {
                count.unsigned_abs() as usize
            };
            let mut removed = 0;
            let items = std::mem::take(&mut l.items);
            let keep = |item: &Blob, removed: &mut usize| {
                if *removed < limit && &item[..] == value {
                    *removed += 1;
                    false
                } else {
                    true
                }
            };
            l.items = if count < 0 {
                let mut kept: VecDeque<Blob> = items
                    .into_iter()
                    .rev()
                    .filter(|i| keep(i, &mut removed))
                    .collect();
                kept.make_contiguous().reverse();
                kept
            } else {
                items
                    .into_iter()
                    .filter(|i| keep(i, &mut removed))
                    .collect()
            };
            l.recount();
            l.shrink();
            let change = if l.is_empty() {
                Change::Removed
            } else {
                Change::Updated
            };
            Ok((change, removed))
        })
    }

    /// `LTRIM`: keeps only `start..=stop`; the key goes when nothing is left.
    pub fn ltrim(&self, db: u8, key: &[u8], start: i64, stop: i64) -> Result<(), StoreError> {
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::None, ()));
            };
            let Value::List(l) = &mut entry.value else {
                return Err(StoreError::WrongType);
            };
            let Some((from, to)) = list_range(start, stop, l.len()) else {
                return Ok((Change::Removed, ()));
            };
            if from == 0 && to + 1 == l.len() {
                return Ok((Change::None, ()));
            }
            let l = Arc::make_mut(l);
            l.items.truncate(to + 1);
            l.items.drain(..from);
            l.recount();
            l.shrink();
            Ok((Change::Updated, ()))
        })
    }

    /// `LINSERT`: the length after, -1 when `pivot` is not there, 0 when the
    /// key is absent.
    pub fn linsert(
        &self,
        db: u8,
        key: &[u8],
        before: bool,
        pivot: &[u8],
        value: &[u8],
    ) -> Result<i64, StoreError> {
        let limit = self.max_entry_weight();
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::None, 0));
            };
            let Value::List(l) = &mut entry.value else {
                return Err(StoreError::WrongType);
            };
            let Some(at) = l.iter().position(|i| &i[..] == pivot) else {
                return Ok((Change::None, -1));
            };
            check_growth(limit, key, Some(l), &[value])?;
            let l = Arc::make_mut(l);
            let item: Blob = Arc::from(value);
            l.payload += blob_cost(item.len());
            l.items.insert(if before { at } else { at + 1 }, item);
            Ok((Change::Updated, l.len() as i64))
        })
    }

    /// `LMOVE`: pops from `from` of `src`, pushes to `to` of `dst`; `None`
    /// when `src` is absent. Checks both types before changing anything.
    /// Run under the exclusive guard (two keys).
    pub fn lmove(
        &self,
        db: u8,
        src: &[u8],
        dst: &[u8],
        from: End,
        to: End,
    ) -> Result<Option<Blob>, StoreError> {
        if !self.is_list(db, src)? {
            return Ok(None);
        }
        let dst_list = list_of(self.read(db, dst).as_ref())?.cloned();
        let Some(item) = self.pop(db, src, from, 1)?.and_then(|mut v| v.pop()) else {
            return Ok(None);
        };
        if let Err(e) = check_growth(self.max_entry_weight(), dst, dst_list.as_deref(), &[&item]) {
            // Put it back where it was.
            self.push(db, src, from, &[&item], false)?;
            return Err(e);
        }
        self.push(db, dst, to, &[&item], false)?;
        Ok(Some(item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_redis() {
        assert_eq!(list_range(0, -1, 3), Some((0, 2)));
        assert_eq!(list_range(-100, 100, 3), Some((0, 2)));
        assert_eq!(list_range(2, 1, 3), None);
        assert_eq!(list_range(3, 5, 3), None);
        assert_eq!(list_range(0, 0, 0), None);
        assert_eq!(list_range(-1, -1, 3), Some((2, 2)));
    }

    #[test]
    fn payload_tracks_every_change() {
        let store = Store::in_memory(64 << 20);
        store
            .push(0, b"l", End::Right, &[b"a", b"bb", b"a", b"c"], false)
            .expect("push");
        assert_eq!(store.lrem(0, b"l", -1, b"a").expect("lrem"), 1);
        store
            .lset(0, b"l", 0, b"zzzzzzzzzzzzzzzzzzzzzzzz")
            .expect("lset");
        store.linsert(0, b"l", true, b"c", b"d").expect("linsert");
        store.ltrim(0, b"l", 1, -1).expect("ltrim");
        let l = store.list(0, b"l").expect("list").expect("present");
        let items: Vec<&[u8]> = l.iter().map(|i| &i[..]).collect();
        assert_eq!(items, [&b"bb"[..], b"d", b"c"]);
        let mut fresh = (*l).clone();
        fresh.recount();
        assert_eq!(fresh.payload, l.payload);
    }

    #[test]
    fn a_push_past_the_entry_bound_is_refused_before_allocating() {
        let store = Store::in_memory(8 << 20);
        let big = vec![0u8; 1 << 20];
        let items: Vec<&[u8]> = (0..64).map(|_| &big[..]).collect();
        assert_eq!(
            store.push(0, b"l", End::Left, &items, false),
            Err(StoreError::OutOfMemory)
        );
        assert!(store.list(0, b"l").expect("list").is_none());
    }

    fn rss() -> u64 {
        std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map_or(0, |p| p * 4096)
    }

    /// The honest-charge bound for lists: 512 MB pushed into lists of a
    /// 64 MB store keeps the process within 1.3x the bound plus a small
    /// constant.
    #[test]
    fn lists_filled_to_eviction_stay_within_the_memory_bound() {
        let bound: u64 = 64 << 20;
        let before = rss();
        let st = Store::in_memory(bound);
        let value = [b'x'; 100];
        let batch: Vec<&[u8]> = (0..50).map(|_| &value[..]).collect();
        let mut written = 0u64;
        let mut i = 0u64;
        while written < 512 << 20 {
            // Each list grows by two batches: appended, not replaced.
            let key = format!("list:{}", i / 2);
            st.push(0, key.as_bytes(), End::Right, &batch, false)
                .expect("push");
            written += 50 * 100;
            i += 1;
        }
        let grown = rss().saturating_sub(before);
        let allowed = bound * 13 / 10 + (16 << 20);
        eprintln!(
            "lists: RSS grew {} MB for a {} MB bound ({} keys left)",
            grown >> 20,
            bound >> 20,
            st.total_keys()
        );
        assert!(
            grown <= allowed,
            "RSS grew {} MB for a {} MB bound (allowed {} MB)",
            grown >> 20,
            bound >> 20,
            allowed >> 20
        );
        assert!(st.used_memory() <= bound);
    }

    #[test]
    fn lists_survive_a_snapshot() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cfg = crate::config::CacheConfig {
            max_memory: 64 << 20,
            snapshot_interval: std::time::Duration::from_secs(60),
        };
        {
            let st = Store::open(&cfg, dir.path()).expect("open");
            st.push(2, b"l", End::Right, &[b"a", b"", b"c"], false)
                .expect("push");
            st.snapshot_now().expect("snapshot");
        }
        let st = Store::open(&cfg, dir.path()).expect("reopen");
        let l = st.list(2, b"l").expect("list").expect("restored");
        let items: Vec<&[u8]> = l.iter().map(|i| &i[..]).collect();
        assert_eq!(items, [&b"a"[..], b"", b"c"]);
        assert_eq!(st.key_type(2, b"l"), "list");
    }
}
