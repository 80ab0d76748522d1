//! The re-encoding worker: one OS thread at a lowered priority (nice 10,
//! set on its own thread id) does the CPU work, one image at a time; an
//! async task feeds it from the queue and records the results.
//!
//! The queue is durable: an image's record says `Processing` until its
//! variants are committed, and [`MediaStore::sweep`] queues every such
//! record at start, so work pending at a crash or a stop is done after the
//! restart.

use std::sync::Arc;

use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use super::{MediaStore, OnReady, process};
use crate::db::{MediaKind, MediaStatus, MediaVariant};

/// The priority the worker thread runs at (0 normal, 19 lowest): the
/// requests of a 2-core host keep the CPU when both compete.
const NICE: i32 = 10;

struct Job {
    path: std::path::PathBuf,
    kind: MediaKind,
    done: oneshot::Sender<Result<Done, String>>,
}

struct Done {
    size: (u32, u32),
    variants: Vec<process::Encoded>,
}

/// Runs until `shutdown`: processes queued and pending images, calling
/// `on_ready` after each commit.
pub async fn run(store: Arc<MediaStore>, on_ready: OnReady, shutdown: CancellationToken) {
    let Some(mut queue) = store.queue_rx.lock().ok().and_then(|mut q| q.take()) else {
        tracing::error!("the media worker was started twice");
        return;
    };
    let (jobs, rx) = std::sync::mpsc::channel::<Job>();
    let thread = std::thread::Builder::new()
        .name("chloro-media".into())
        .spawn(move || {
            lower_priority();
            while let Ok(job) = rx.recv() {
                let result = encode(&job.path, job.kind);
                let _ = job.done.send(result);
            }
        });
    if let Err(e) = thread {
        tracing::error!(error = %e, "cannot start the media worker thread");
        return;
    }
    loop {
        let id = tokio::select! {
            () = shutdown.cancelled() => break,
            id = queue.recv() => match id {
                Some(id) => id,
                None => break,
            },
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = process_one(&store, &jobs, id, &on_ready) => {}
        }
    }
    // Dropping `jobs` ends the thread after its current image.
}

fn lower_priority() {
    let tid = rustix::thread::gettid();
    if let Err(e) = rustix::process::setpriority_process(Some(tid), NICE) {
        tracing::warn!(error = %e, "cannot lower the media worker's priority");
    }
}

fn encode(path: &std::path::Path, kind: MediaKind) -> Result<Done, String> {
    let decoded = process::decode_file(path, kind).map_err(|e| match e {
        process::DecodeFileError::Io(e) => format!("cannot read the original: {e}"),
        process::DecodeFileError::Refused(r) => r.to_string(),
    })?;
    if decoded.profile_ignored {
        tracing::info!(file = %path.display(), "colour profile not applied (not an RGB ICC profile); pixels taken as sRGB");
    }
    let size = (decoded.image.width(), decoded.image.height());
    let variants = process::variants(&decoded.image)?;
    Ok(Done { size, variants })
}

async fn process_one(
    store: &MediaStore,
    jobs: &std::sync::mpsc::Sender<Job>,
    id: [u8; 32],
    on_ready: &OnReady,
) {
    let media = match store.db.media(id).await {
        Ok(Some(m)) if m.status == MediaStatus::Processing => m,
        Ok(_) => return,
        Err(e) => {
            tracing::error!(error = %e, "media worker cannot read a record");
            return;
        }
    };
    let (done, rx) = oneshot::channel();
    if jobs
        .send(Job {
            path: store.original_path(&id),
            kind: media.kind,
            done,
        })
        .is_err()
    {
        return;
    }
    let started = std::time::Instant::now();
    let result = match rx.await {
        Ok(r) => r,
        Err(_) => Err("the media worker thread stopped".into()),
    };
    let (status, size, variants) = match result {
        Ok(done) => match write_variants(store, done.variants).await {
            Ok(variants) => (MediaStatus::Ready, Some(done.size), variants),
            Err(e) => {
                // Left `Processing`: retried at the next start.
                tracing::error!(error = %e, "cannot write media variants");
                return;
            }
        },
        Err(reason) => (MediaStatus::Failed(reason), None, Vec::new()),
    };
    let written = variants.clone();
    match store
        .db
        .media_processed(id, status.clone(), size, variants)
        .await
    {
        Ok(true) => {
            tracing::info!(
                id = %crate::http::hex::encode(&id),
                ms = started.elapsed().as_millis() as u64,
                ready = status == MediaStatus::Ready,
                "media processed"
            );
            on_ready();
        }
        Ok(false) => {
            // Deleted while processing.
            for v in written {
                let _ = tokio::fs::remove_file(store.variant_path(&v.hash, v.format.ext())).await;
            }
        }
        Err(e) => tracing::error!(error = %e, "cannot record processed media"),
    }
}

async fn write_variants(
    store: &MediaStore,
    encoded: Vec<process::Encoded>,
) -> std::io::Result<Vec<MediaVariant>> {
    let tmp_dir = store.dir.join(super::TMP);
    let mut jobs = Vec::new();
    let mut out = Vec::new();
    for e in encoded {
        let hash: [u8; 32] =
            sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&e.bytes))
                .into();
        let dest = store.variant_path(&hash, e.format.ext());
        out.push(MediaVariant {
            format: e.format,
            width: e.width,
            height: e.height,
            hash,
            bytes: e.bytes.len() as u64,
        });
        jobs.push((dest, e.bytes));
    }
    tokio::task::spawn_blocking(move || {
        for (dest, bytes) in jobs {
            super::write_durably(&tmp_dir, &dest, &bytes)?;
        }
        Ok::<(), std::io::Error>(())
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(out)
}
