//! The checked-in completions/ and man/ must match what the clap tree generates.
//! `SELLKIT_BLESS=1 cargo test --test it generated` rewrites them.

use std::path::Path;

fn check(dir: &str, files: Vec<(String, Vec<u8>)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let bless = std::env::var_os("SELLKIT_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    if bless {
        std::fs::create_dir_all(&root).unwrap();
        for entry in std::fs::read_dir(&root).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !files.iter().any(|(n, _)| *n == name) {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    for (name, bytes) in &files {
        let path = root.join(name);
        if bless {
            std::fs::write(&path, bytes).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(format!("{dir}/{name}"));
        }
    }
    if !bless {
        for entry in std::fs::read_dir(&root).into_iter().flatten() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !files.iter().any(|(n, _)| *n == name) {
                stale.push(format!("{dir}/{name} (no longer generated)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {}\nregenerate them with: SELLKIT_BLESS=1 cargo test --test it generated",
        stale.join(", ")
    );
}

#[test]
fn generated_completions_are_up_to_date() {
    check("completions", sellkit::cli::docs::completions());
}

#[test]
fn generated_man_pages_are_up_to_date() {
    let pages = sellkit::cli::docs::man_pages();
    assert!(pages.iter().any(|(n, _)| n == "sellkit-report.1"));
    let root = String::from_utf8_lossy(&pages[0].1).into_owned();
    assert!(
        root.contains("Exit codes"),
        "the root page documents exit codes"
    );
    check("man", pages);
}
