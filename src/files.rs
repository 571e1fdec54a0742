//! Writing a new secret to a file, for the secret pop-up's *Save to file*: atomically (a
//! `tempfile` in the same folder, then persisted under its name, so nobody ever reads half a
//! secret), mode 0600 from the first byte, its folder created 0700 when missing, and never
//! over an existing file unless asked. NATS credentials can also get a `nats` CLI context.

use std::fs::{self, DirBuilder, Permissions};
use std::io::{self, ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::app::{NatsContext, SaveError, SaveRequest, Saved};
use crate::dirs::{self, BaseDir};

/// Where relative paths and `~` lead, and where the `nats` CLI keeps its contexts.
#[derive(Debug, Clone)]
pub struct Places {
    pub working_dir: PathBuf,
    pub home: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    pub config_dir: Option<PathBuf>,
}

impl Places {
    /// From the process's working directory and environment.
    pub fn from_env() -> Places {
        Places {
            working_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            home: dirs::home(),
            config_dir: BaseDir::Config.path(),
        }
    }

    /// The absolute path for a path as typed.
    pub fn resolve(&self, typed: &str) -> Result<PathBuf, SaveError> {
        let path = match typed.strip_prefix("~/") {
            Some(rest) => match &self.home {
                Some(home) => home.join(rest),
                None => {
                    return Err(SaveError::Failed(
                        "~ means nothing here: HOME is not set".into(),
                    ));
                }
            },
            None => PathBuf::from(typed),
        };
        Ok(if path.is_absolute() {
            path
        } else {
            self.working_dir.join(path)
        })
    }
}

/// Writes the file (and the `nats` context) the request asks for.
pub fn save(request: &SaveRequest, places: &Places) -> Result<Saved, SaveError> {
    let path = places.resolve(&request.path)?;
    if path.is_dir() {
        return Err(SaveError::Failed(format!(
            "{} is a folder: type a file name",
            path.display()
        )));
    }
    let context = match &request.nats_context {
        Some(context) => Some(context_file(context, &path, places)?),
        None => None,
    };
    // Refuse before writing anything, so that "exists" leaves nothing half done.
    if !request.overwrite {
        for existing in std::iter::once(&path).chain(context.as_ref().map(|(file, _)| file)) {
            if fs::symlink_metadata(existing).is_ok() {
                return Err(SaveError::Exists(existing.clone()));
            }
        }
    }
    write_private(
        &path,
        request.contents.expose().as_bytes(),
        request.overwrite,
    )?;
    let nats_context = match (context, &request.nats_context) {
        (Some((file, json)), Some(context)) => {
            write_private(&file, json.as_bytes(), request.overwrite)?;
            Some((context.name.clone(), file))
        }
        _ => None,
    };
    Ok(Saved { path, nats_context })
}

/// A context as `nats` (natscli) reads it from `<config>/nats/context/<name>.json`.
#[derive(Serialize)]
struct ContextFile<'a> {
    description: &'a str,
    url: &'a str,
    creds: String,
}

/// The context's file and its JSON, pointing at the `.creds` saved at `creds`.
fn context_file(
    context: &NatsContext,
    creds: &Path,
    places: &Places,
) -> Result<(PathBuf, String), SaveError> {
    let Some(config) = &places.config_dir else {
        return Err(SaveError::Failed(
            "nowhere to put the nats context: neither XDG_CONFIG_HOME nor HOME is set".into(),
        ));
    };
    let file = config
        .join("nats")
        .join("context")
        .join(format!("{}.json", context.name));
    let json = serde_json::to_string_pretty(&ContextFile {
        description: &context.description,
        url: &context.url,
        creds: creds.display().to_string(),
    })
    .map_err(|error| SaveError::Failed(error.to_string()))?;
    Ok((file, json))
}

/// Writes `contents` to `path` atomically with mode 0600; without `overwrite`, fails with
/// [`SaveError::Exists`] rather than replace a file, even one that appeared meanwhile.
fn write_private(path: &Path, contents: &[u8], overwrite: bool) -> Result<(), SaveError> {
    let failed =
        |error: io::Error| SaveError::Failed(format!("{}: {}", path.display(), words(&error)));
    let folder = path.parent().unwrap_or(Path::new("/"));
    if !folder.exists() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
            .map_err(|error| {
                SaveError::Failed(format!("{}: {}", folder.display(), words(&error)))
            })?;
    }
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The temporary file is made 0600, and removed if anything below fails.
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .permissions(Permissions::from_mode(0o600))
        .tempfile_in(folder)
        .map_err(failed)?;
    temporary
        .write_all(contents)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(failed)?;
    let placed = if overwrite {
        temporary.persist(path)
    } else {
        // Fails if the name is taken, atomically: no check-then-write race.
        temporary.persist_noclobber(path)
    };
    match placed {
        Ok(_) => Ok(()),
        Err(refused) if refused.error.kind() == ErrorKind::AlreadyExists => {
            Err(SaveError::Exists(path.to_path_buf()))
        }
        Err(refused) => Err(failed(refused.error)),
    }
}

/// What went wrong, in the words a person acts on.
fn words(error: &io::Error) -> String {
    match error.kind() {
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::IsADirectory => "it is a folder".into(),
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder".into(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::api::model::Secret;

    fn places(root: &Path) -> Places {
        Places {
            working_dir: root.join("work"),
            home: Some(root.join("home")),
            config_dir: Some(root.join("config")),
        }
    }

    fn request(path: &str, contents: &str) -> SaveRequest {
        SaveRequest {
            path: path.into(),
            contents: Secret::new(contents),
            overwrite: false,
            nats_context: None,
        }
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).expect("it exists").permissions().mode() & 0o777
    }

    #[test]
    fn a_new_file_is_0600_in_a_new_0700_folder_and_leaves_no_temporary_file() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let places = places(root.path());
        let saved = save(&request("keys/ci.env", "SECRET=1\n"), &places).expect("saved");
        let path = root.path().join("work/keys/ci.env");
        assert_eq!(saved.path, path);
        assert_eq!(fs::read_to_string(&path).expect("readable"), "SECRET=1\n");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&root.path().join("work/keys")), 0o700);
        let names: Vec<_> = fs::read_dir(root.path().join("work/keys"))
            .expect("listable")
            .map(|entry| entry.expect("an entry").file_name())
            .collect();
        assert_eq!(names, ["ci.env"]);
    }

    #[test]
    fn an_existing_file_is_kept_unless_overwriting_is_asked() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let places = places(root.path());
        fs::create_dir_all(root.path().join("home")).expect("a home");
        let path = root.path().join("home/ci.creds");
        fs::write(&path, "old").expect("written");
        let mut asked = request("~/ci.creds", "new");
        assert_eq!(save(&asked, &places), Err(SaveError::Exists(path.clone())));
        assert_eq!(fs::read_to_string(&path).expect("readable"), "old");
        asked.overwrite = true;
        save(&asked, &places).expect("overwritten");
        assert_eq!(fs::read_to_string(&path).expect("readable"), "new");
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn a_file_that_appears_before_the_write_is_kept_and_no_temporary_file_stays() {
        // save() refuses an existing file before writing; this is the race after that check.
        let root = tempfile::tempdir().expect("a temporary folder");
        let path = root.path().join("ci.env");
        fs::write(&path, "theirs").expect("written");
        assert_eq!(
            write_private(&path, b"ours", false),
            Err(SaveError::Exists(path.clone()))
        );
        assert_eq!(fs::read_to_string(&path).expect("readable"), "theirs");
        let names: Vec<_> = fs::read_dir(root.path())
            .expect("listable")
            .map(|entry| entry.expect("an entry").file_name())
            .collect();
        assert_eq!(names, ["ci.env"]);
    }

    #[test]
    fn a_folder_or_a_file_in_the_way_is_a_clear_error() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let places = places(root.path());
        fs::create_dir_all(root.path().join("work/dir")).expect("a folder");
        fs::write(root.path().join("work/file"), "").expect("a file");
        let folder = save(&request("dir", "x"), &places).expect_err("a folder");
        assert_eq!(
            folder,
            SaveError::Failed(format!(
                "{} is a folder: type a file name",
                root.path().join("work/dir").display()
            ))
        );
        let Err(SaveError::Failed(reason)) = save(&request("file/x.env", "x"), &places) else {
            panic!("a file is in the way");
        };
        assert!(
            reason.contains("not a folder") || reason.contains("Not a directory"),
            "{reason}"
        );
    }

    #[test]
    fn a_nats_context_points_at_the_saved_creds() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let places = places(root.path());
        let mut asked = request("orders-ci.creds", "creds");
        asked.nats_context = Some(NatsContext {
            name: "orders-ci".into(),
            url: "nats://127.0.0.1:4222".into(),
            description: "Scaleway NATS account orders".into(),
        });
        let saved = save(&asked, &places).expect("saved");
        let (name, file) = saved.nats_context.expect("a context");
        assert_eq!(name, "orders-ci");
        assert_eq!(file, root.path().join("config/nats/context/orders-ci.json"));
        let context: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&file).expect("readable")).expect("JSON");
        assert_eq!(context["url"], "nats://127.0.0.1:4222");
        assert_eq!(
            context["creds"],
            root.path()
                .join("work/orders-ci.creds")
                .display()
                .to_string()
        );
        // A second save of the same context asks first, and writes nothing.
        fs::remove_file(root.path().join("work/orders-ci.creds")).expect("removed");
        assert_eq!(save(&asked, &places), Err(SaveError::Exists(file)));
        assert!(!root.path().join("work/orders-ci.creds").exists());
    }
}
