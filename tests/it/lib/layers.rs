//! The module structure: every top-level module of src/ sits in a layer and imports only from
//! layers below it, so there is no cycle and no upward import. The one exception is the
//! commands' use of the CLI's `Context` (commands are the CLI's own bodies). Commands do not
//! reach into each other either: what two commands share lives below them.
//!
//! The check reads the source: every `crate::module` path outside comments and test code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lowest first. A module may use modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    &["error"],
    &["money", "time", "fsutil", "progress"],
    &["fees", "output", "env"],
    &["settings"],
    &["auth"],
    &["store"],
    &["fx"],
    &["drafts"],
    &["marketplaces"],
    &["forecast"],
    &["pricing"],
    &["agents"],
    &["report", "trends", "review"],
    &["post"],
    &["commands"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The source without comments, string contents kept (paths in strings are rare and harmless).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    // Test code may reach anywhere: a trailing `#[cfg(test)]` block is left out.
    match out.find("#[cfg(test)]\nmod tests {") {
        Some(i) => out[..i].to_string(),
        None => out,
    }
}

/// The top-level modules `text` refers to through `crate::`.
fn uses(text: &str) -> BTreeSet<String> {
    let code = code_only(text);
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

/// For each .rs file under `dir` (test-only files left out), `f(relative path, text)`.
fn walk(dir: &Path, root: &Path, f: &mut dyn FnMut(&Path, &str)) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, root, f);
        } else if p.extension().is_some_and(|e| e == "rs")
            && p.file_name().is_some_and(|n| n != "tests.rs")
        {
            let text = std::fs::read_to_string(&p).unwrap();
            f(p.strip_prefix(root).unwrap(), &text);
        }
    }
}

fn top_module(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn every_module_imports_only_from_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    walk(&src, &src, &mut |rel, text| {
        let module = top_module(rel);
        if module == "main" || module == "lib" {
            return;
        }
        let Some(layer) = layer_of(&module) else {
            problems.push(format!(
                "src/{}: module `{module}` has no layer in LAYERS",
                rel.display()
            ));
            return;
        };
        for used in uses(text) {
            if used == module || layer_of(&used).is_none() {
                continue;
            }
            graph
                .entry(module.clone())
                .or_default()
                .insert(used.clone());
            let allowed =
                layer_of(&used).unwrap() < layer || (module == "commands" && used == "cli");
            if !allowed {
                problems.push(format!(
                    "src/{}: `{module}` (layer {layer}) uses `{used}` (layer {})",
                    rel.display(),
                    layer_of(&used).unwrap()
                ));
            }
        }
    });
    assert!(
        problems.is_empty(),
        "upward or sideways imports:\n{}",
        problems.join("\n")
    );
    // Every module of src/ is in the table, and the table names no module that is gone.
    let declared: BTreeSet<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
    for m in &declared {
        assert!(
            src.join(format!("{m}.rs")).is_file() || src.join(m).join("mod.rs").is_file(),
            "LAYERS names `{m}`, which is not a module of src/"
        );
    }
    assert!(
        graph.contains_key("commands"),
        "the scan found no imports: {graph:?}"
    );
}

#[test]
fn commands_do_not_reach_into_each_other() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut problems = Vec::new();
    walk(&dir, &dir, &mut |rel, text| {
        let own = top_module(rel);
        let code = code_only(text);
        for (i, _) in code.match_indices("commands::") {
            let rest = &code[i + "commands::".len()..];
            let other: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !other.is_empty() && other != own {
                problems.push(format!(
                    "src/commands/{}: uses commands::{other}",
                    rel.display()
                ));
            }
        }
        // `super::x` from a command's own file (`x.rs` or `x/mod.rs`) is a sibling command.
        let depth = rel.components().count();
        let is_root = depth == 1 || (depth == 2 && rel.ends_with("mod.rs"));
        if is_root {
            for (i, _) in code.match_indices("super::") {
                let rest = &code[i + "super::".len()..];
                let other: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !other.is_empty() && own != "mod" {
                    problems.push(format!(
                        "src/commands/{}: uses super::{other}",
                        rel.display()
                    ));
                }
            }
        }
    });
    assert!(
        problems.is_empty(),
        "commands reaching into each other:\n{}",
        problems.join("\n")
    );
}
