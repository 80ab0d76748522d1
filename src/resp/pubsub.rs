//! Pub/Sub between RESP clients: who listens to which channel or pattern,
//! shared by every connection on every RESP thread. It belongs to the
//! protocol, not the store: the appliance's own state never travels on it.
//!
//! A subscriber's messages wait in a bounded queue its connection drains
//! into the socket. One that falls behind by more than
//! the `client-output-buffer-limit pubsub` hard limit ([`MAX_PENDING_BYTES`]
//! unless `CONFIG SET` changed it) or [`MAX_PENDING`] messages is
//! disconnected, as redis-server does, so a subscriber that never reads
//! cannot make the publishers fill memory.

use crate::cache::glob::glob_match;
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Messages a subscriber may have waiting.
pub const MAX_PENDING: usize = 4096;
/// Bytes of messages a subscriber may have waiting by default
/// (redis-server's pubsub soft limit is 8 MB; its hard limit 32 MB).
pub const MAX_PENDING_BYTES: usize = 8 << 20;

/// A message on its way to a subscriber.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    /// The pattern it matched, for `pmessage`.
    pub pattern: Option<Bytes>,
    pub channel: Bytes,
    pub payload: Bytes,
}

/// The sending side of one subscriber.
pub(crate) struct Mailbox {
    tx: mpsc::Sender<Message>,
    pending: AtomicUsize,
    kill: CancellationToken,
    /// Counted when a subscriber is closed for falling behind.
    overflowed: Arc<AtomicUsize>,
}

impl Mailbox {
    /// `limit`: bytes that may wait, 0 for no byte bound.
    fn deliver(&self, m: Message, limit: u64) {
        let size = m.payload.len() + m.channel.len() + 64;
        let pending = self.pending.fetch_add(size, Ordering::Relaxed) + size;
        if (limit != 0 && pending as u64 > limit) || self.tx.try_send(m).is_err() {
            if !self.kill.is_cancelled() {
                self.overflowed.fetch_add(1, Ordering::Relaxed);
            }
            self.kill.cancel();
        }
    }
}

/// One connection's subscriptions and its queue.
pub(crate) struct Subscriber {
    pub id: u64,
    mailbox: Arc<Mailbox>,
    pub rx: mpsc::Receiver<Message>,
    pub channels: Vec<Bytes>,
    pub patterns: Vec<Bytes>,
}

impl Subscriber {
    pub fn new(id: u64, kill: CancellationToken, overflowed: Arc<AtomicUsize>) -> Self {
        let (tx, rx) = mpsc::channel(MAX_PENDING);
        Subscriber {
            id,
            mailbox: Arc::new(Mailbox {
                tx,
                pending: AtomicUsize::new(0),
                kill,
                overflowed,
            }),
            rx,
            channels: Vec::new(),
            patterns: Vec::new(),
        }
    }
    pub fn count(&self) -> usize {
        self.channels.len() + self.patterns.len()
    }
    /// Marks a received message as no longer pending.
    pub fn received(&self, m: &Message) {
        let size = m.payload.len() + m.channel.len() + 64;
        self.mailbox.pending.fetch_sub(size, Ordering::Relaxed);
    }
}

type Table = HashMap<Bytes, HashMap<u64, Arc<Mailbox>>>;

/// Channels and patterns with their subscribers.
#[derive(Default)]
pub(crate) struct PubSub {
    channels: Mutex<Table>,
    patterns: Mutex<Table>,
    /// Subscribers closed for falling behind (`INFO stats`).
    pub overflowed: Arc<AtomicUsize>,
}

fn table(m: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl PubSub {
    fn which(&self, pattern: bool) -> &Mutex<Table> {
        if pattern {
            &self.patterns
        } else {
            &self.channels
        }
    }

    /// Adds `name` to `sub`'s channels (or patterns); false if it was there.
    pub fn subscribe(&self, sub: &mut Subscriber, pattern: bool, name: &[u8]) -> bool {
        let list = if pattern {
            &mut sub.patterns
        } else {
            &mut sub.channels
        };
        if list.iter().any(|c| &c[..] == name) {
            return false;
        }
        let name = Bytes::copy_from_slice(name);
        list.push(name.clone());
        table(self.which(pattern))
            .entry(name)
            .or_default()
            .insert(sub.id, sub.mailbox.clone());
        true
    }

    /// Removes `name`; false if `sub` did not have it.
    pub fn unsubscribe(&self, sub: &mut Subscriber, pattern: bool, name: &[u8]) -> bool {
        let list = if pattern {
            &mut sub.patterns
        } else {
            &mut sub.channels
        };
        let Some(i) = list.iter().position(|c| &c[..] == name) else {
            return false;
        };
        list.remove(i);
        let mut t = table(self.which(pattern));
        if let Some(subs) = t.get_mut(name) {
            subs.remove(&sub.id);
            if subs.is_empty() {
                t.remove(name);
            }
        }
        true
    }

    /// Drops every subscription of a closing connection.
    pub fn forget(&self, sub: &mut Subscriber) {
        let all = [
            (false, std::mem::take(&mut sub.channels)),
            (true, std::mem::take(&mut sub.patterns)),
        ];
        for (pattern, names) in all {
            let mut t = table(self.which(pattern));
            for name in names {
                if let Some(subs) = t.get_mut(&name) {
                    subs.remove(&sub.id);
                    if subs.is_empty() {
                        t.remove(&name);
                    }
                }
            }
        }
    }

    /// `PUBLISH`: the number of subscribers that got the message. A
    /// subscriber with more than `limit` bytes waiting (0: no byte bound)
    /// is disconnected.
    pub fn publish(&self, channel: &[u8], payload: &[u8], limit: u64) -> usize {
        let channel = Bytes::copy_from_slice(channel);
        let payload = Bytes::copy_from_slice(payload);
        let mut n = 0;
        if let Some(subs) = table(&self.channels).get(&channel[..]) {
            for mailbox in subs.values() {
                mailbox.deliver(
                    Message {
                        pattern: None,
                        channel: channel.clone(),
                        payload: payload.clone(),
                    },
                    limit,
                );
                n += 1;
            }
        }
        for (pattern, subs) in table(&self.patterns).iter() {
            if !glob_match(pattern, &channel) {
                continue;
            }
            for mailbox in subs.values() {
                mailbox.deliver(
                    Message {
                        pattern: Some(pattern.clone()),
                        channel: channel.clone(),
                        payload: payload.clone(),
                    },
                    limit,
                );
                n += 1;
            }
        }
        n
    }

    /// `PUBSUB CHANNELS [pattern]`.
    pub fn channels(&self, pattern: Option<&[u8]>) -> Vec<Bytes> {
        table(&self.channels)
            .keys()
            .filter(|c| pattern.is_none_or(|p| glob_match(p, c)))
            .cloned()
            .collect()
    }

    /// `PUBSUB NUMSUB`: subscribers of one channel.
    pub fn numsub(&self, channel: &[u8]) -> usize {
        table(&self.channels).get(channel).map_or(0, HashMap::len)
    }

    /// `PUBSUB NUMPAT`: patterns subscribed to (by anyone).
    pub fn numpat(&self) -> usize {
        table(&self.patterns).len()
    }
}
