//! The arrows between the crates, as facts of the build rather than habits: the API client does
//! not know the emulator, the emulator knows only the API's wire model (not its HTTP client),
//! and the console's core (state, update, view) can name neither the network, the async
//! runtime, the terminal, nor the emulator. A `use` across an arrow fails to compile because the
//! dependency is absent; these tests keep the dependency absent, reading `cargo tree` (normal
//! dependencies only, as the crate is built on its own with its default features).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Every crate `package` depends on, directly or not, through normal dependencies.
fn dependencies_of(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "--locked", "--edges", "normal"])
        .args(["--package", package, "--prefix", "none", "--format", "{p}"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree -p {package} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).expect("UTF-8 from cargo tree");
    // Lines are `name vX.Y.Z`, perhaps followed by a path or `(*)`; the first is the package.
    let mut names: BTreeSet<String> = tree
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.remove(package);
    names
}

fn assert_none_of(package: &str, forbidden: &[&str]) {
    let dependencies = dependencies_of(package);
    assert!(
        dependencies.len() > 3,
        "cargo tree listed the dependencies of {package}: {dependencies:?}"
    );
    let found: Vec<&&str> = forbidden
        .iter()
        .filter(|name| dependencies.contains(**name))
        .collect();
    assert!(
        found.is_empty(),
        "{package} depends on {found:?}; see `cargo tree -e normal -p {package} -i {}`",
        found.first().map_or("", |name| **name)
    );
}

#[test]
fn the_api_client_does_not_depend_on_the_emulator_or_the_console() {
    assert_none_of("mnq-api", &["mnq-emulator", "mnq-app", "axum"]);
}

#[test]
fn the_emulator_uses_only_the_api_s_wire_model() {
    assert_none_of(
        "mnq-emulator",
        &["mnq-app", "reqwest", "rustls", "hyper-rustls"],
    );
    assert!(dependencies_of("mnq-emulator").contains("mnq-api"));
}

#[test]
fn the_console_s_core_names_no_network_runtime_terminal_or_emulator() {
    assert_none_of(
        "mnq-app",
        &[
            "axum",
            "mnq-emulator",
            "reqwest",
            "hyper",
            "tokio",
            "crossterm",
        ],
    );
}

// Inside a crate, the modules stand in layers: each may use the modules of the layers below its
// own and none of its own layer or above, so that nothing goes round in a circle and a newcomer
// can read the crate from the bottom up. The tables below are that order; the test reads every
// `crate::` and `super::` path of each module (tests aside) and names any that points up or
// sideways. A new module must be put in a layer, or the test says so.

/// A crate's modules, bottom layer first.
struct Layers {
    /// The crate's folder, from the workspace's root.
    folder: &'static str,
    layers: &'static [&'static [&'static str]],
}

/// mnq-app: keys and commands at the bottom, the program that ties everything at the top.
const APP: Layers = Layers {
    folder: "crates/app",
    layers: &[
        &["key", "paste", "theme"],
        &["call", "change", "command"],
        &["keymap"],
        &["list", "target", "choice"],
        &["batch", "form", "secret"],
        &["screen", "requests"],
        &["hit"],
        &["event"],
        &["state"],
        &["update"],
        &["ui"],
        &["program"],
    ],
};

/// mnq-tui: configuration, files and the terminal; what the script commands and the console
/// are built from; the worker; the console; the command line that starts them all.
const ROOT: Layers = Layers {
    folder: ".",
    layers: &[
        &["dirs"],
        &[
            "config",
            "env_file",
            "files",
            "journal",
            "logging",
            "tui",
            "user_config",
        ],
        &["command_error", "connection", "listing"],
        &["find", "info_command", "list_command"],
        &["journal_command", "revoke_command", "worker"],
        &["console"],
        &["cli"],
    ],
};

#[test]
fn the_console_s_core_is_in_layers() {
    assert_layered(&APP);
}

#[test]
fn the_binary_s_modules_are_in_layers() {
    assert_layered(&ROOT);
}

fn assert_layered(crate_layers: &Layers) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(crate_layers.folder)
        .join("src");
    let root = std::fs::read_to_string(src.join("lib.rs")).expect("the crate has a lib.rs");
    let root = code_only(&root);
    let declared = declared_modules(&root);
    let other_crates = crate_aliases(&root);
    let layer_of = |module: &str| {
        crate_layers
            .layers
            .iter()
            .position(|layer| layer.contains(&module))
    };
    let mut problems = Vec::new();
    for module in &declared {
        if layer_of(module).is_none() {
            problems.push(format!(
                "{}/src/lib.rs: module {module} is in no layer of tests/it/architecture.rs",
                crate_layers.folder
            ));
        }
    }
    for module in crate_layers.layers.iter().flat_map(|layer| layer.iter()) {
        if !declared.iter().any(|declared| declared == module) {
            problems.push(format!(
                "tests/it/architecture.rs names {module}, not a module"
            ));
        }
    }
    for module in &declared {
        let Some(own) = layer_of(module) else {
            continue;
        };
        for (file, path) in module_files(&src, module) {
            let shown = file
                .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
                .unwrap_or(&file)
                .display()
                .to_string();
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            for (line, target) in references(&code_only(&text), &path) {
                if target == *module || other_crates.contains(&target) {
                    continue;
                }
                match layer_of(&target) {
                    None => problems.push(format!(
                        "{shown}:{line}: {module} uses crate::{target}, which is not a module: \
                         name the module that defines it"
                    )),
                    Some(layer) if layer >= own => problems.push(format!(
                        "{shown}:{line}: {module} (layer {own}) uses {target} (layer {layer}): \
                         a module uses only the layers below its own"
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The source without comments, strings, character literals and `#[cfg(test)]` modules, each
/// replaced by spaces so that offsets and lines stay where they were.
fn code_only(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let mut code = chars.clone();
    let blank = |code: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut code[from..to.min(chars.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut at = 0;
    while at < chars.len() {
        let rest = &chars[at..];
        let after_ident = at > 0 && is_ident(chars[at - 1]);
        let end = if rest.starts_with(&['/', '/']) {
            at + rest.iter().position(|c| *c == '\n').unwrap_or(rest.len())
        } else if rest.starts_with(&['/', '*']) {
            let mut depth = 0;
            let mut end = at;
            while end < chars.len() {
                if chars[end..].starts_with(&['/', '*']) {
                    depth += 1;
                    end += 2;
                } else if chars[end..].starts_with(&['*', '/']) {
                    depth -= 1;
                    end += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    end += 1;
                }
            }
            end
        } else if rest[0] == '"' {
            let mut end = at + 1;
            while end < chars.len() && chars[end] != '"' {
                end += if chars[end] == '\\' { 2 } else { 1 };
            }
            end + 1
        } else if rest[0] == 'r' && !after_ident && matches!(rest.get(1), Some('"' | '#')) {
            let hashes = rest[1..].iter().take_while(|c| **c == '#').count();
            if rest.get(1 + hashes) != Some(&'"') {
                at += 1;
                continue;
            }
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body = at + 2 + hashes;
            body + (body..chars.len())
                .position(|i| chars[i..].starts_with(&closing))
                .map_or(chars.len() - body, |i| i + closing.len())
        } else if rest[0] == '\'' && rest.get(1) == Some(&'\\') {
            at + 2 + rest[2..].iter().position(|c| *c == '\'').unwrap_or(0) + 1
        } else if rest[0] == '\'' && rest.get(2) == Some(&'\'') {
            at + 3
        } else {
            at += 1;
            continue;
        };
        blank(&mut code, at, end);
        at = end;
    }
    // Test modules may use anything; only the code they test is layered.
    let text: String = code.iter().collect();
    let mut from = 0;
    while let Some(found) = text[from..].find("#[cfg(test)]") {
        let attribute = from + found;
        let after = text[attribute + "#[cfg(test)]".len()..].trim_start();
        if let Some(open) = after
            .starts_with("mod ")
            .then(|| text[attribute..].find('{'))
            .flatten()
        {
            let open = attribute + open;
            let mut depth = 0;
            let mut close = open;
            for (offset, c) in text[open..].char_indices() {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                if depth == 0 {
                    close = open + offset;
                    break;
                }
            }
            let (start, end) = (
                text[..attribute].chars().count(),
                text[..=close].chars().count(),
            );
            blank(&mut code, start, end);
        }
        from = attribute + 1;
    }
    code
}

/// The modules `lib.rs` declares (`mod name;`).
fn declared_modules(root: &[char]) -> Vec<String> {
    let text: String = root.iter().collect();
    text.split(';')
        .filter_map(|item| {
            let words: Vec<&str> = item.split_whitespace().collect();
            match words.as_slice() {
                [.., "mod", name] => Some((*name).to_owned()),
                _ => None,
            }
        })
        .collect()
}

/// The names under which `lib.rs` re-exports other crates (`pub use mnq_api as api;`).
fn crate_aliases(root: &[char]) -> Vec<String> {
    let text: String = root.iter().collect();
    text.split(';')
        .filter_map(|item| {
            let words: Vec<&str> = item.split_whitespace().collect();
            match words.as_slice() {
                [.., "use", _, "as", alias] => Some((*alias).to_owned()),
                [.., "use", path] if path.matches("::").count() == 1 => {
                    path.rsplit("::").next().map(str::to_owned)
                }
                _ => None,
            }
        })
        .filter(|alias| !declared_modules(root).contains(alias))
        .collect()
}

/// The files of a module (`name.rs`, or every file under `name/`), each with its module path
/// (`["update", "scope"]` for `update/scope.rs`).
fn module_files(src: &Path, module: &str) -> Vec<(std::path::PathBuf, Vec<String>)> {
    let file = src.join(format!("{module}.rs"));
    if file.exists() {
        return vec![(file, vec![module.to_owned()])];
    }
    let mut files = Vec::new();
    let mut folders = vec![(src.join(module), vec![module.to_owned()])];
    while let Some((folder, path)) = folders.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .expect("a module's folder")
            .map(|entry| entry.expect("a folder entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            let stem = entry
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default()
                .to_owned();
            if entry.is_dir() {
                folders.push((entry, [path.clone(), vec![stem]].concat()));
            } else if entry.extension().is_some_and(|ext| ext == "rs") {
                let module_path = match stem.as_str() {
                    "mod" => path.clone(),
                    _ => [path.clone(), vec![stem]].concat(),
                };
                files.push((entry, module_path));
            }
        }
    }
    files
}

/// Each `crate::` and `super::` path of a file of module `path`: its line and the crate's
/// module it names first (for `crate::{a::x, b}`, each of `a` and `b`).
fn references(code: &[char], path: &[String]) -> Vec<(usize, String)> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let ident_at = |at: usize| -> String {
        code[at..]
            .iter()
            .take_while(|c| is_ident(**c) || **c == '*')
            .collect()
    };
    let skip_space = |mut at: usize| {
        while at < code.len() && code[at].is_whitespace() {
            at += 1;
        }
        at
    };
    let line_of = |at: usize| 1 + code[..at].iter().filter(|c| **c == '\n').count();
    let mut found = Vec::new();
    let mut at = 0;
    while at < code.len() {
        let starts_word = at == 0 || !(is_ident(code[at - 1]) || code[at - 1] == ':');
        let (prefix, crate_root) = if code[at..].starts_with(&['c', 'r', 'a', 't', 'e', ':', ':']) {
            ("crate::".len(), true)
        } else if code[at..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
            ("super::".len(), false)
        } else {
            at += 1;
            continue;
        };
        if !starts_word {
            at += 1;
            continue;
        }
        let line = line_of(at);
        let mut next = at + prefix;
        // Where the path starts from: the crate's root, or the module `super::`s lead to.
        let mut depth = if crate_root { 0 } else { path.len() - 1 };
        while code[next..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
            depth = depth.saturating_sub(1);
            next += "super::".len();
        }
        let mut firsts = Vec::new();
        if code.get(next) == Some(&'{') {
            // A group: the first name of each of its items.
            let mut level = 0;
            let mut item_start = true;
            while next < code.len() {
                match code[next] {
                    '{' => {
                        level += 1;
                        item_start = level == 1;
                    }
                    '}' => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    ',' if level == 1 => item_start = true,
                    c if item_start && level == 1 && !c.is_whitespace() => {
                        firsts.push(ident_at(next));
                        item_start = false;
                    }
                    _ => {}
                }
                next += 1;
            }
        } else {
            firsts.push(ident_at(skip_space(next)));
        }
        for first in firsts {
            let target = match depth {
                0 => first,
                _ => path[0].clone(),
            };
            if target != "self" {
                found.push((line, target));
            }
        }
        at += prefix;
    }
    found
}
