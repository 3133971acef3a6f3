//! CSV from JSON records: nested objects flattened with `_` (`revenue_amount_minor`), arrays as
//! JSON text, null as an empty field. The header is the union of keys in first-seen order.

use std::io::Write;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

pub fn flatten(record: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    fn walk(prefix: &str, v: &Value, out: &mut Map<String, Value>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}_{k}")
                    };
                    walk(&key, v, out);
                }
            }
            other => {
                out.insert(prefix.to_string(), other.clone());
            }
        }
    }
    walk("", record, &mut out);
    out
}

/// Writes the records as CSV. Text cells that a spreadsheet would run as formulas are prefixed
/// with `'`, and control characters are replaced as on a terminal, unless `raw` (`--raw-csv`).
pub fn write(records: &[Value], out: &mut dyn Write) -> Result<()> {
    write_with(records, out, false)
}

pub fn write_with(records: &[Value], out: &mut dyn Write, raw: bool) -> Result<()> {
    let flat: Vec<Map<String, Value>> = records.iter().map(flatten).collect();
    let mut header: Vec<String> = Vec::new();
    for rec in &flat {
        for k in rec.keys() {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("stdout", io),
        other => Error::Other(anyhow::anyhow!("csv: {other:?}")),
    };
    if header.is_empty() {
        return Ok(());
    }
    w.write_record(&header).map_err(err)?;
    for rec in &flat {
        let row = header.iter().map(|k| match rec.get(k) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) if raw => s.clone(),
            Some(Value::String(s)) => {
                super::sanitize::csv_cell(&super::sanitize::for_terminal(s)).into_owned()
            }
            Some(v) => v.to_string(),
        });
        w.write_record(row).map_err(err)?;
    }
    w.flush().map_err(|e| Error::io("stdout", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formula_cells_are_neutralised_unless_raw() {
        let rec = [json!({"sku": "=cmd|' /C calc'!A0", "n": -3})];
        let mut buf = Vec::new();
        write(&rec, &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "sku,n\n'=cmd|' /C calc'!A0,-3\n"
        );
        let mut buf = Vec::new();
        write_with(&rec, &mut buf, true).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "sku,n\n=cmd|' /C calc'!A0,-3\n"
        );
    }

    #[test]
    fn flattens_nested_money() {
        let mut buf = Vec::new();
        write(
            &[
                json!({"sku": "A", "revenue": {"amount_minor": 1299, "currency": "USD"}, "tags": ["x"], "m": null}),
                json!({"sku": "B, b", "revenue": {"amount_minor": 5, "currency": "USD"}, "tags": [], "m": 1}),
            ],
            &mut buf,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "sku,revenue_amount_minor,revenue_currency,tags,m\nA,1299,USD,\"[\"\"x\"\"]\",\n\"B, b\",5,USD,[],1\n"
        );
    }
}
