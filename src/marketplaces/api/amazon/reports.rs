//! Bulk backfills through the Reports API: the All Orders and All Listings flat files, read by
//! the export-file mappers and written under the API shop.

use super::*;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreatedReport {
    pub(super) report_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReportStatus {
    pub(super) processing_status: String,
    #[serde(default)]
    pub(super) report_document_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReportDocument {
    pub(super) url: String,
    #[serde(default)]
    pub(super) compression_algorithm: Option<String>,
}

/// Which bulk report `sync amazon --report` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// All Orders by last update (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL)
    Orders,
    /// All Listings (GET_MERCHANT_LISTINGS_ALL_DATA)
    Listings,
}

impl ReportKind {
    pub fn report_type(self) -> &'static str {
        match self {
            ReportKind::Orders => "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            ReportKind::Listings => "GET_MERCHANT_LISTINGS_ALL_DATA",
        }
    }
    fn format(self) -> Format {
        match self {
            ReportKind::Orders => Format::AmazonOrders,
            ReportKind::Listings => Format::AmazonListings,
        }
    }
}

/// What a report backfill did.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSummary {
    pub marketplace: &'static str,
    pub shop: String,
    pub report_type: &'static str,
    pub report_id: String,
    /// CANCELLED reports (no data in the window) are not an error: nothing is written.
    pub processing_status: String,
    pub compression: Option<String>,
    pub bytes: u64,
    pub encoding: String,
    pub rows: u64,
    pub counts: Counts,
    pub calls: crate::marketplaces::api::CallStats,
}

impl AmazonConnector {
    /// Creates a report, waits for it, downloads and decompresses its document.
    /// Returns (report id, final status, compression, bytes, charset from Content-Type).
    pub(super) async fn fetch_report(
        &mut self,
        kind: ReportKind,
        since: Option<&str>,
    ) -> Result<(String, String, Option<String>, Vec<u8>, Option<String>)> {
        let mut spec = json!({
            "reportType": kind.report_type(),
            "marketplaceIds": [self.cfg.marketplace_id],
        });
        if let Some(s) = since {
            spec["dataStartTime"] = json!(s);
        }
        let url = self.url("/reports/2021-06-30/reports");
        let created: CreatedReport =
            json_authed(&self.client, &mut self.tokens, "createReport", |h, t| {
                h.post(&url).header("x-amz-access-token", t).json(&spec)
            })
            .await?;
        let id = created.report_id;
        let url = self.url(&format!("/reports/2021-06-30/reports/{}", urlencode(&id)));
        let mut polls = 0u32;
        let doc_id = loop {
            let st: ReportStatus = self.get("getReport", &url, &[]).await?;
            match st.processing_status.as_str() {
                "DONE" => match st.report_document_id {
                    Some(d) => break d,
                    None => {
                        return Err(Error::api(format!(
                            "amazon getReport: report {id} is DONE but names no reportDocumentId"
                        )));
                    }
                },
                "CANCELLED" => return Ok((id, st.processing_status, None, Vec::new(), None)),
                "FATAL" => {
                    return Err(Error::api(format!(
                        "amazon getReport: report {id} failed at Amazon (FATAL); request it again later"
                    )));
                }
                _ => {}
            }
            polls += 1;
            if polls >= self.cfg.report_max_polls {
                return Err(Error::api(format!(
                    "amazon getReport: report {id} still {} after {polls} polls; run the backfill again later",
                    st.processing_status
                )));
            }
            tokio::time::sleep(self.cfg.report_poll).await;
        };
        let url = self.url(&format!(
            "/reports/2021-06-30/documents/{}",
            urlencode(&doc_id)
        ));
        let doc: ReportDocument = self.get("getReportDocument", &url, &[]).await?;
        // The document URL is pre-signed: no access token goes with it.
        let doc_url = url::Url::parse(&doc.url)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
            .ok_or_else(|| {
                Error::api(format!(
                    "amazon getReportDocument: report {id}: the document URL is not an http(s) URL ({}); the answer is not what the API documents",
                    crate::marketplaces::api::paging::show_cursor(Some(&doc.url)).trim_start_matches("cursor ")
                ))
            })?;
        let resp = self
            .client
            .send("report download", |h| h.get(doc_url.clone()))
            .await
            .map_err(|e| self.client.fail("report download", e))?;
        let charset = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|ct| {
                ct.split(';')
                    .filter_map(|p| p.trim().strip_prefix("charset="))
                    .next()
                    .map(|c| c.trim_matches('"').to_string())
            });
        let raw = resp.bytes().await.map_err(|e| {
            Error::api(format!("amazon report download: reading the document: {e}"))
        })?;
        let bytes = decompress(&id, doc.compression_algorithm.as_deref(), &raw)?;
        Ok((id, "DONE".into(), doc.compression_algorithm, bytes, charset))
    }
}

/// The document's bytes, gunzipped when they are gzip. The magic bytes decide, not only the
/// stated `compressionAlgorithm` (documents flagged GZIP have arrived plain).
pub(super) fn decompress(report: &str, stated: Option<&str>, raw: &[u8]) -> Result<Vec<u8>> {
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw)
            .read_to_end(&mut out)
            .map_err(|e| {
                Error::api(format!(
                    "amazon report {report}: the document is not valid gzip ({e}); request the report again"
                ))
            })?;
        return Ok(out);
    }
    if stated.is_some_and(|s| s != "GZIP") {
        return Err(Error::api(format!(
            "amazon report {report}: unknown compressionAlgorithm {:?}",
            stated.unwrap_or_default()
        )));
    }
    Ok(raw.to_vec())
}

/// The encoding a report's `Content-Type` charset names, when it is one the reader knows.
pub(super) fn forced_encoding(charset: Option<&str>) -> Option<ForcedEncoding> {
    let c = charset?.to_ascii_lowercase().replace(['-', '_'], "");
    match c.as_str() {
        "utf8" => Some(ForcedEncoding::Utf8),
        "cp1252" | "windows1252" | "iso88591" | "latin1" => Some(ForcedEncoding::Windows1252),
        _ => None,
    }
}

/// `sync amazon --report`: requests a bulk report (All Orders by last update, or All Listings)
/// for the window, reads it with the export-file mappers, and writes it under the API shop in
/// one transaction. Any bad row rejects the whole report (exit 5) naming its line and column.
pub async fn backfill_report(
    conn: &mut AmazonConnector,
    store: &mut Store,
    kind: ReportKind,
    opts: &SyncOptions,
    progress: &dyn Progress,
) -> Result<ReportSummary> {
    let shop = conn.shop().await?;
    // dataStartTime defaults to now at Amazon: always send one. --full: two years, as far back
    // as the Orders API keeps; otherwise the last 30 days.
    let days = if opts.full { 729 } else { 30 };
    let since = Some(opts.since.clone().unwrap_or_else(|| {
        crate::time::rfc3339(conn.now - jiff::SignedDuration::from_hours(24 * days))
    }));
    progress.start(0, &format!("amazon report {}", kind.report_type()));
    let (id, status, compression, bytes, charset) =
        conn.fetch_report(kind, since.as_deref()).await?;
    let mut summary = ReportSummary {
        marketplace: "amazon",
        shop: shop.name.clone(),
        report_type: kind.report_type(),
        report_id: id.clone(),
        processing_status: status,
        compression,
        bytes: bytes.len() as u64,
        encoding: String::new(),
        rows: 0,
        counts: Counts::default(),
        calls: conn.client.stats(),
    };
    if bytes.is_empty() {
        progress.finish();
        return Ok(summary);
    }
    let name = format!("amazon report {id}");
    let mut opened = reader::open(
        &name,
        Box::new(std::io::Cursor::new(bytes)),
        forced_encoding(charset.as_deref()),
    )?;
    summary.encoding = opened.encoding.to_string();
    let mut rec = csv::StringRecord::new();
    let header = loop {
        match opened.reader.read_record(&mut rec) {
            Ok(true) if rec.iter().all(|f| f.trim().is_empty()) => continue,
            Ok(true) => break Header::new(rec.clone()),
            Ok(false) => {
                progress.finish();
                return Ok(summary);
            }
            Err(e) => {
                return Err(Error::input(format!(
                    "{name}:1: cannot read the header: {e}"
                )));
            }
        }
    };
    let format = kind.format();
    let missing = format.missing(&header);
    if !missing.is_empty() {
        return Err(Error::input(format!(
            "{name}: the {} report lacks the columns {}; Amazon changed its layout",
            kind.report_type(),
            missing.join(", ")
        )));
    }
    let ctx = MapContext {
        currency: shop.currency,
        shop: shop.external_id.clone(),
        file: name.clone(),
    };
    let mut mapper = format.mapper(&header, &ctx);
    let mut records: Vec<Record> = Vec::new();
    let width = header.len();
    loop {
        match opened.reader.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(Error::input(format!("{name}: {e}; nothing was written")));
            }
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() != width {
            return Err(Error::input(format!(
                "{name}:{line}: the row has {} fields but the header has {width}; nothing was written",
                rec.len()
            )));
        }
        let row = Row { rec: &rec, line };
        if mapper.skip(&row) {
            continue;
        }
        summary.rows += 1;
        mapper.row(&row, &mut records).map_err(|e| {
            let col = e.col.map(|c| format!(":{}", c + 1)).unwrap_or_default();
            let field = e
                .col
                .and_then(|c| header.raw.get(c))
                .map(|f| format!(" field {f:?}:"))
                .unwrap_or_default();
            Error::input(format!(
                "{name}:{line}{col}:{field} {}; nothing was written",
                e.message
            ))
        })?;
    }
    mapper.finish(&mut records);
    // The rows belong to the API shop, not to a shop named after the file's sales channel.
    for r in &mut records {
        match r {
            Record::Order(o) => o.shop = shop.clone(),
            Record::Listing(l) => l.shop = shop.clone(),
            _ => {}
        }
    }
    let now = opts.now.clone();
    let mut counts = Counts::default();
    let n = records.len() as u64;
    store.write(|tx| {
        let mut sink = Sink::with_origin(tx, &now, "api")?;
        for r in records {
            sink.write(r, &mut counts)?;
        }
        let run = serde_json::json!({"report": kind.report_type(), "report_id": id, "rows": summary.rows});
        tx.execute(
            "INSERT INTO sync_runs (marketplace, started_at, finished_at, counts, outcome) VALUES ('amazon', ?1, ?1, ?2, 'ok')",
            rusqlite::params![now, run.to_string()],
        )?;
        Ok(())
    })?;
    progress.inc(n);
    progress.finish();
    summary.counts = counts;
    summary.calls = conn.client.stats();
    Ok(summary)
}
