//! Datasheet files: the operator's PDFs from `CHLORO_DATASHEETS_DIR`, or
//! small sample PDFs generated here, and serving them with byte ranges.

use std::fmt::Write as _;
use std::path::PathBuf;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

use super::AppError;
use crate::http::range::{self, ByteRange};
use crate::http::{conditional, hex};

pub struct Datasheets {
    dir: Option<PathBuf>,
}

impl Datasheets {
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { dir }
    }

    /// The PDF of datasheet `name` (its base name), or `None` when the
    /// configured directory has no such file.
    pub async fn load(&self, name: &str) -> Result<Option<Vec<u8>>, AppError> {
        let Some(dir) = &self.dir else {
            return Ok(Some(sample_pdf(name)));
        };
        if name.contains(['/', '\\', '\0']) || name.starts_with('.') {
            return Ok(None);
        }
        let path = dir.join(format!("{name}.pdf"));
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %path.display(), "datasheet file missing");
                Ok(None)
            }
            Err(e) => Err(AppError::Internal(format!(
                "cannot read datasheet {}: {e}",
                path.display()
            ))),
        }
    }
}

/// A one-page PDF saying it is a sample of datasheet `name`. Only
/// printable ASCII goes into the page text (Helvetica, standard encoding).
pub fn sample_pdf(name: &str) -> Vec<u8> {
    let text: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .flat_map(|c| {
            (matches!(c, '(' | ')' | '\\').then_some('\\'))
                .into_iter()
                .chain([c])
        })
        .collect();
    let mut content = String::new();
    let lines = [
        (20, 770, text.as_str()),
        (
            12,
            740,
            "Sample datasheet served by the ChloroMaster appliance.",
        ),
        (
            12,
            722,
            "Set CHLORO_DATASHEETS_DIR to serve the company's real datasheets.",
        ),
    ];
    for (size, y, line) in lines {
        let _ = writeln!(content, "BT /F1 {size} Tf 56 {y} Td ({line}) Tj ET");
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        let _ = write!(pdf, "{} 0 obj\n{obj}\nendobj\n", i + 1);
    }
    let xref = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        let _ = writeln!(pdf, "{off:010} 00000 n ");
    }
    let _ = write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.into_bytes()
}

/// The PDF as a download, honouring `Range` (and `If-Range` against the
/// ETag). Never cacheable by shared caches: the URL is a personal link.
pub fn serve(name: &str, bytes: Vec<u8>, request: &HeaderMap) -> Response {
    let len = bytes.len() as u64;
    let digest = Sha256::digest(&bytes);
    let etag = HeaderValue::from_str(&format!("\"{}\"", hex::encode(&digest[..12])))
        .unwrap_or(HeaderValue::from_static("\"\""));
    let range = match request.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        Some(r) if conditional::if_range(request, &etag, None) => range::parse(r, len),
        _ => ByteRange::Full,
    };
    let file_name = format!("{name}.pdf");
    let ascii_name: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
        utf8_percent_encode(&file_name, NON_ALPHANUMERIC)
    );
    let builder = Response::builder()
        .header(header::CONTENT_TYPE, "application/pdf")
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "private, no-store")
        .header(header::ETAG, etag)
        .header(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
        );
    let builder = match range.content_range(len) {
        Some(v) => builder.header(header::CONTENT_RANGE, v),
        None => builder,
    };
    let response = match range {
        ByteRange::Full => builder
            .status(StatusCode::OK)
            .header(header::CONTENT_LENGTH, len)
            .body(Body::from(bytes)),
        ByteRange::Partial { start, end } => {
            let part = bytes
                .get(
                    usize::try_from(start).unwrap_or(usize::MAX)
                        ..=usize::try_from(end).unwrap_or(usize::MAX),
                )
                .unwrap_or_default()
                .to_vec();
            builder
                .status(StatusCode::PARTIAL_CONTENT)
                .header(header::CONTENT_LENGTH, part.len())
                .body(Body::from(part))
        }
        ByteRange::Unsatisfiable => builder
            .status(StatusCode::RANGE_NOT_SATISFIABLE)
            .body(Body::empty()),
    };
    response.unwrap_or_else(|e| {
        AppError::Internal(format!("cannot build datasheet response: {e}")).into_response()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_sample_pdf_is_well_formed() {
        let pdf = sample_pdf("ChloroMaster Rupture Disc (R.D 05)");
        let text = String::from_utf8(pdf.clone()).expect("ascii");
        assert!(text.starts_with("%PDF-1.4\n"));
        assert!(text.ends_with("%%EOF\n"));
        assert!(text.contains("(ChloroMaster Rupture Disc \\(R.D 05\\)) Tj"));
        // startxref points at the xref table, and each entry at its object.
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(text[startxref..].starts_with("xref\n0 6\n"));
        let entries: Vec<usize> = text[startxref..]
            .lines()
            .skip(3)
            .take(5)
            .map(|l| l[..10].parse().expect("offset"))
            .collect();
        for (i, off) in entries.iter().enumerate() {
            assert!(
                text[*off..].starts_with(&format!("{} 0 obj", i + 1)),
                "object {}",
                i + 1
            );
        }
        // The stream length is exact.
        let stream_start = text.find("stream\n").expect("stream") + 7;
        let stream_end = text.find("endstream").expect("endstream");
        assert!(text.contains(&format!("/Length {}", stream_end - stream_start)));
    }
}
