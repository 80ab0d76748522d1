//! Embeds the site under `assets/` into the binary, processed ahead of time
//! (fingerprinted names, rewritten HTML, gzip and brotli variants) so the
//! appliance starts serving at once with nothing to compute.

#[path = "src/assets/pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

fn main() {
    let root = PathBuf::from("assets");
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=src/assets/pipeline.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");

    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));

    // Last-Modified of embedded files: the release's SOURCE_DATE_EPOCH when
    // set (reproducible builds), else the newest file.
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    let newest = files.iter().map(|f| f.mtime).max().unwrap_or(0);
    for f in &mut files {
        f.mtime = epoch.unwrap_or(newest);
    }

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let blob_dir = out_dir.join("assets");
    std::fs::create_dir_all(&blob_dir).expect("create OUT_DIR/assets");

    let processed = pipeline::process(files, pipeline::Effort::Max);
    let mut code = String::from("pub(crate) static EMBEDDED: &[EmbeddedFile] = &[\n");
    for (i, p) in processed.iter().enumerate() {
        let blob = |suffix: &str, bytes: &[u8]| -> String {
            let path = blob_dir.join(format!("{i}{suffix}"));
            std::fs::write(&path, bytes).expect("write embedded blob");
            format!("include_bytes!({:?})", path.display().to_string())
        };
        let data = blob("", &p.data);
        let gzip = p.gzip.as_deref().map(|g| blob(".gz", g));
        let br = p.br.as_deref().map(|b| blob(".br", b));
        writeln!(
            code,
            "    EmbeddedFile {{ path: {:?}, data: {data}, gzip: {}, br: {}, hash: {:?}, content_type: {:?}, immutable: {}, mtime: {} }},",
            p.path,
            gzip.map_or("None".into(), |g| format!("Some({g})")),
            br.map_or("None".into(), |b| format!("Some({b})")),
            p.hash,
            p.content_type,
            p.immutable,
            p.mtime,
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded_assets.rs"), code).expect("write embedded_assets.rs");
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<pipeline::SourceFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !pipeline::is_servable_path(&rel) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            collect(root, &path, out);
        } else if meta.is_file() {
            let data = std::fs::read(&path).expect("read asset");
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            out.push(pipeline::SourceFile {
                path: rel,
                data,
                mtime,
            });
        }
    }
}
