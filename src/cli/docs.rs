//! Completions and man pages rendered in memory from the clap tree. A test compares them with
//! the checked-in files in completions/ and man/ (`SELLKIT_BLESS=1 cargo test --test it generated`
//! rewrites them).

use clap_complete::Shell;

/// (file name, contents) for every completion script.
pub fn completions() -> Vec<(String, Vec<u8>)> {
    let shells = [
        (Shell::Bash, "sellkit.bash"),
        (Shell::Zsh, "_sellkit"),
        (Shell::Fish, "sellkit.fish"),
        (Shell::PowerShell, "_sellkit.ps1"),
        (Shell::Elvish, "sellkit.elv"),
    ];
    shells
        .into_iter()
        .map(|(shell, name)| {
            let mut cmd = super::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "sellkit", &mut buf);
            (name.to_string(), buf)
        })
        .collect()
}

/// (file name, roff) for `sellkit.1` and one `sellkit-<command>.1` per subcommand.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut root = super::command();
    root.build();
    let mut pages = Vec::new();
    let mut buf = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = clap_mangen::Man::new(root.clone()).render(&mut buf);
    pages.push(("sellkit.1".to_string(), buf));
    for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("sellkit-{}", sub.get_name());
        let cmd = sub.clone().name(name.clone());
        let mut buf = Vec::new();
        let _ = clap_mangen::Man::new(cmd).render(&mut buf);
        pages.push((format!("{name}.1"), buf));
    }
    pages
}
