//! The scw configuration: which profile, which value wins, and what the user is told when the
//! file or a value is wrong. Every test uses its own temporary files and environment.

use std::path::{Path, PathBuf};

use mnq_tui::api::model::Region;
use mnq_tui::config::{ConfigError, Env, Overrides, Settings, config_path};
use tempfile::TempDir;

const TOP_SECRET: &str = "11111111-1111-4111-8111-111111111111";
const STAGING_SECRET: &str = "22222222-2222-4222-8222-222222222222";
const ENV_SECRET: &str = "33333333-3333-4333-8333-333333333333";
const TOP_PROJECT: &str = "1aaaaaaa-0000-4000-8000-000000000001";
const STAGING_PROJECT: &str = "2bbbbbbb-0000-4000-8000-000000000002";
const ENV_PROJECT: &str = "3ccccccc-0000-4000-8000-000000000003";
const FLAG_PROJECT: &str = "4ddddddd-0000-4000-8000-000000000004";
const TOP_URL: &str = "https://top.example.com";
const STAGING_URL: &str = "https://staging.example.com";
const ENV_URL: &str = "https://env.example.com";
const DEFAULT_URL: &str = "https://api.scaleway.com";

/// A top level, a complete profile, a profile with only a region, and one with only a zone.
fn full_file(active_profile: Option<&str>) -> String {
    let active = active_profile
        .map(|name| format!("active_profile: {name}\n"))
        .unwrap_or_default();
    format!(
        "access_key: SCWTOPLEVEL000000000
secret_key: {TOP_SECRET}
default_organization_id: 0c9fd3a4-7f53-4fa7-9a34-4f0bb1c8a2f5
default_project_id: {TOP_PROJECT}
default_region: fr-par
default_zone: fr-par-1
api_url: {TOP_URL}
{active}profiles:
  staging:
    access_key: SCWSTAGING0000000000
    secret_key: {STAGING_SECRET}
    default_project_id: {STAGING_PROJECT}
    default_region: nl-ams
    api_url: {STAGING_URL}
  partial:
    default_region: nl-ams
  zoned:
    default_zone: nl-ams-1
"
    )
}

/// No region anywhere: only zones.
fn zones_only_file() -> String {
    format!(
        "secret_key: {TOP_SECRET}
default_project_id: {TOP_PROJECT}
profiles:
  zoned:
    default_zone: nl-ams-1
  legacy:
    default_region: par1
"
    )
}

/// A config file with mode 600, as `scw init` writes it.
fn write_config(dir: &TempDir, text: &str) -> PathBuf {
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, text).unwrap();
    set_mode(&path, 0o600);
    path
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

fn load(path: &Path, env: &[(&str, &str)], overrides: &Overrides) -> Result<Settings, ConfigError> {
    let path = path.to_str().unwrap();
    let mut pairs = vec![("SCW_CONFIG_PATH", path)];
    pairs.extend_from_slice(env);
    Settings::load_from(overrides, &Env::from_pairs(pairs))
}

/// What a case expects: profile, secret key, project, region, API URL.
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    Region,
    &'static str,
);

struct Case {
    name: &'static str,
    /// `None`: no config file at all.
    file: Option<String>,
    env: &'static [(&'static str, &'static str)],
    profile_flag: Option<&'static str>,
    project_flag: Option<&'static str>,
    region_flag: Option<&'static str>,
    expected: Expected,
}

impl Case {
    fn new(name: &'static str, file: Option<String>, expected: Expected) -> Case {
        Case {
            name,
            file,
            env: &[],
            profile_flag: None,
            project_flag: None,
            region_flag: None,
            expected,
        }
    }

    fn env(self, env: &'static [(&'static str, &'static str)]) -> Case {
        Case { env, ..self }
    }

    fn profile(self, profile: &'static str) -> Case {
        Case {
            profile_flag: Some(profile),
            ..self
        }
    }
}

const ENV_KEYS: &[(&str, &str)] = &[
    ("SCW_SECRET_KEY", ENV_SECRET),
    ("SCW_DEFAULT_PROJECT_ID", ENV_PROJECT),
];

#[test]
fn each_value_comes_from_env_then_profile_then_top_level_then_default() {
    use Region::{FrPar, NlAms};
    let top = ("default", TOP_SECRET, TOP_PROJECT, FrPar, TOP_URL);
    let staging = (
        "staging",
        STAGING_SECRET,
        STAGING_PROJECT,
        NlAms,
        STAGING_URL,
    );
    let cases = [
        // Which profile.
        Case::new("the top level alone", Some(full_file(None)), top),
        Case::new(
            "active_profile chooses a profile",
            Some(full_file(Some("staging"))),
            staging,
        ),
        Case::new(
            "SCW_PROFILE beats active_profile",
            Some(full_file(Some("staging"))),
            ("partial", TOP_SECRET, TOP_PROJECT, NlAms, TOP_URL),
        )
        .env(&[("SCW_PROFILE", "partial")]),
        Case::new(
            "--profile beats SCW_PROFILE and active_profile",
            Some(full_file(Some("partial"))),
            staging,
        )
        .env(&[("SCW_PROFILE", "partial")])
        .profile("staging"),
        Case::new(
            "--profile default is the top level",
            Some(full_file(Some("staging"))),
            top,
        )
        .env(&[("SCW_PROFILE", "staging")])
        .profile("default"),
        Case::new(
            "active_profile: default is the top level",
            Some(full_file(Some("default"))),
            top,
        ),
        // Which value.
        Case::new(
            "a profile falls back on the top level for what it lacks",
            Some(full_file(None)),
            ("partial", TOP_SECRET, TOP_PROJECT, NlAms, TOP_URL),
        )
        .profile("partial"),
        Case::new(
            "the environment beats the chosen profile",
            Some(full_file(Some("staging"))),
            ("staging", ENV_SECRET, ENV_PROJECT, FrPar, ENV_URL),
        )
        .env(&[
            ("SCW_SECRET_KEY", ENV_SECRET),
            ("SCW_DEFAULT_PROJECT_ID", ENV_PROJECT),
            ("SCW_DEFAULT_REGION", "fr-par"),
            ("SCW_API_URL", ENV_URL),
        ]),
        Case::new(
            "the environment beats the top level",
            Some(full_file(None)),
            ("default", ENV_SECRET, TOP_PROJECT, NlAms, ENV_URL),
        )
        .env(&[
            ("SCW_SECRET_KEY", ENV_SECRET),
            ("SCW_DEFAULT_REGION", "nl-ams"),
            ("SCW_API_URL", ENV_URL),
        ]),
        Case::new(
            "an empty variable counts as unset",
            Some(full_file(Some("staging"))),
            staging,
        )
        .env(&[
            ("SCW_SECRET_KEY", ""),
            ("SCW_DEFAULT_REGION", ""),
            ("SCW_PROFILE", ""),
        ]),
        Case {
            project_flag: Some(FLAG_PROJECT),
            region_flag: Some("nl-ams"),
            ..Case::new(
                "--project and --region beat the environment",
                Some(full_file(None)),
                ("default", TOP_SECRET, FLAG_PROJECT, NlAms, TOP_URL),
            )
            .env(&[
                ("SCW_DEFAULT_PROJECT_ID", ENV_PROJECT),
                ("SCW_DEFAULT_REGION", "fr-par"),
            ])
        },
        Case::new(
            "without a file: the environment, then built-in defaults",
            None,
            ("default", ENV_SECRET, ENV_PROJECT, FrPar, DEFAULT_URL),
        )
        .env(ENV_KEYS),
        // Region from a zone.
        Case::new(
            "a profile's zone gives the region",
            Some(zones_only_file()),
            ("zoned", TOP_SECRET, TOP_PROJECT, NlAms, DEFAULT_URL),
        )
        .profile("zoned"),
        Case::new(
            "SCW_DEFAULT_ZONE gives the region",
            None,
            ("default", ENV_SECRET, ENV_PROJECT, NlAms, DEFAULT_URL),
        )
        .env(&[
            ("SCW_SECRET_KEY", ENV_SECRET),
            ("SCW_DEFAULT_PROJECT_ID", ENV_PROJECT),
            ("SCW_DEFAULT_ZONE", "nl-ams-2"),
        ]),
        Case::new(
            "a region set anywhere beats a zone, as in the scw CLI",
            Some(full_file(None)),
            ("zoned", TOP_SECRET, TOP_PROJECT, FrPar, TOP_URL),
        )
        .env(&[("SCW_DEFAULT_ZONE", "nl-ams-1")])
        .profile("zoned"),
        // Legacy names.
        Case::new(
            "SCW_TOKEN is a legacy SCW_SECRET_KEY",
            Some(full_file(Some("staging"))),
            ("staging", ENV_SECRET, STAGING_PROJECT, NlAms, STAGING_URL),
        )
        .env(&[("SCW_TOKEN", ENV_SECRET)]),
        Case::new(
            "SCALEWAY_TOKEN is a legacy SCW_SECRET_KEY",
            None,
            ("default", ENV_SECRET, ENV_PROJECT, FrPar, DEFAULT_URL),
        )
        .env(&[
            ("SCALEWAY_TOKEN", ENV_SECRET),
            ("SCW_DEFAULT_PROJECT_ID", ENV_PROJECT),
        ]),
        Case::new(
            "SCW_SECRET_KEY beats its legacy names",
            None,
            ("default", ENV_SECRET, ENV_PROJECT, FrPar, DEFAULT_URL),
        )
        .env(&[
            ("SCW_TOKEN", STAGING_SECRET),
            ("SCALEWAY_TOKEN", TOP_SECRET),
            ("SCW_SECRET_KEY", ENV_SECRET),
            ("SCW_DEFAULT_PROJECT_ID", ENV_PROJECT),
        ]),
        Case::new(
            "SCW_REGION and SCALEWAY_REGION are legacy SCW_DEFAULT_REGION",
            Some(full_file(None)),
            ("default", TOP_SECRET, TOP_PROJECT, NlAms, TOP_URL),
        )
        .env(&[("SCW_REGION", "nl-ams"), ("SCALEWAY_REGION", "fr-par")]),
        Case::new(
            "SCW_DEFAULT_REGION beats its legacy names",
            Some(full_file(None)),
            ("default", TOP_SECRET, TOP_PROJECT, FrPar, TOP_URL),
        )
        .env(&[("SCW_DEFAULT_REGION", "fr-par"), ("SCW_REGION", "nl-ams")]),
        Case::new(
            "legacy region names: ams1 in the environment",
            Some(full_file(None)),
            ("default", TOP_SECRET, TOP_PROJECT, NlAms, TOP_URL),
        )
        .env(&[("SCW_DEFAULT_REGION", "ams1")]),
        Case::new(
            "legacy region names: par1 in the file",
            Some(zones_only_file()),
            ("legacy", TOP_SECRET, TOP_PROJECT, FrPar, DEFAULT_URL),
        )
        .profile("legacy"),
    ];

    let mut failures = Vec::new();
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = match &case.file {
            Some(text) => write_config(&dir, text),
            None => dir.path().join("absent.yaml"),
        };
        let overrides = Overrides {
            profile: case.profile_flag.map(str::to_owned),
            project_id: case.project_flag.map(str::to_owned),
            region: case.region_flag.map(str::to_owned),
            allow_insecure_http: false,
        };
        let outcome = load(&path, case.env, &overrides).map(|s| {
            (
                s.profile.clone(),
                s.secret_key.expose().to_owned(),
                s.project_id.to_string(),
                s.region,
                s.api_url.clone(),
            )
        });
        let (profile, secret, project, region, url) = case.expected;
        let expected = (
            profile.to_owned(),
            secret.to_owned(),
            project.to_owned(),
            region,
            url.to_owned(),
        );
        if outcome.as_ref() != Ok(&expected) {
            failures.push(format!(
                "{}:\n   expected {expected:?}\n   got      {outcome:?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_other_values_follow_the_same_precedence() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(&dir, &full_file(Some("staging")));
    let settings = load(&path, &[], &Overrides::default()).unwrap();
    assert_eq!(settings.access_key.as_deref(), Some("SCWSTAGING0000000000"));
    assert_eq!(
        settings.organization_id.map(|id| id.to_string()).as_deref(),
        Some("0c9fd3a4-7f53-4fa7-9a34-4f0bb1c8a2f5"),
        "from the top level: the profile has none"
    );
    assert_eq!(settings.config_file.as_deref(), Some(path.as_path()));
    assert!(!settings.insecure);

    let settings = load(
        &path,
        &[
            ("SCALEWAY_ACCESS_KEY", "SCWLEGACY00000000000"),
            ("SCW_ORGANIZATION", "9f1c2d3e-0000-4000-8000-00000000000a"),
            ("SCW_INSECURE", "true"),
        ],
        &Overrides::default(),
    )
    .unwrap();
    assert_eq!(settings.access_key.as_deref(), Some("SCWLEGACY00000000000"));
    assert_eq!(
        settings.organization_id.map(|id| id.to_string()).as_deref(),
        Some("9f1c2d3e-0000-4000-8000-00000000000a")
    );
    assert!(settings.insecure);
    assert_eq!(
        settings.warnings,
        ["TLS certificate checks are off (insecure: true or SCW_INSECURE)"]
    );
}

#[test]
fn the_file_is_found_as_every_scaleway_tool_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let xdg = dir.path().join("xdg");
    let explicit = dir.path().join("explicit.yaml");
    let (home_str, xdg_str, explicit_str) = (
        home.to_str().unwrap(),
        xdg.to_str().unwrap(),
        explicit.to_str().unwrap(),
    );
    let find = |pairs: &[(&str, &str)]| config_path(&Env::from_pairs(pairs.iter().copied()));

    assert_eq!(find(&[]), None, "no HOME, no XDG, no SCW_CONFIG_PATH");
    assert_eq!(
        find(&[("HOME", home_str)]),
        Some(home.join(".config/scw/config.yaml"))
    );
    assert_eq!(
        find(&[("HOME", home_str), ("XDG_CONFIG_HOME", xdg_str)]),
        Some(xdg.join("scw/config.yaml"))
    );
    assert_eq!(
        find(&[
            ("HOME", home_str),
            ("XDG_CONFIG_HOME", xdg_str),
            ("SCW_CONFIG_PATH", explicit_str)
        ]),
        Some(explicit.clone())
    );
    // Without SCW_CONFIG_PATH, a lone config.yml is read.
    std::fs::create_dir_all(xdg.join("scw")).unwrap();
    std::fs::write(xdg.join("scw/config.yml"), "").unwrap();
    assert_eq!(
        find(&[("XDG_CONFIG_HOME", xdg_str)]),
        Some(xdg.join("scw/config.yml"))
    );
    std::fs::write(xdg.join("scw/config.yaml"), "").unwrap();
    assert_eq!(
        find(&[("XDG_CONFIG_HOME", xdg_str)]),
        Some(xdg.join("scw/config.yaml")),
        "config.yaml wins when both exist"
    );
}

#[test]
fn a_missing_file_is_fine_when_the_environment_has_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("nowhere/config.yaml");
    let settings = load(&absent, ENV_KEYS, &Overrides::default()).unwrap();
    assert_eq!(settings.config_file, None);
    assert_eq!(settings.secret_key.expose(), ENV_SECRET);
    assert_eq!(settings.warnings, Vec::<String>::new());
}

// What the user is told

fn error_text(path: &Path, env: &[(&str, &str)], overrides: &Overrides) -> String {
    load(path, env, overrides)
        .expect_err("the configuration is refused")
        .to_string()
}

#[test]
fn a_malformed_file_is_named_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(
        &dir,
        &format!("secret_key: {TOP_SECRET}\ndefault_project_id: [unclosed\n"),
    );
    let error = load(&path, &[], &Overrides::default()).unwrap_err();
    let ConfigError::Malformed { line, column, .. } = &error else {
        panic!("expected a malformed file, got {error:?}");
    };
    assert_eq!((*line, *column), (2, 21));
    let text = error.to_string();
    let prefix = format!(
        "the scw config file {} is not valid YAML (line 2, column 21): ",
        path.display()
    );
    assert!(text.starts_with(&prefix), "{text}");
    assert!(
        text.contains("unclosed bracket"),
        "says what is wrong: {text}"
    );
    assert!(
        !text.contains(" at line "),
        "the location is said once: {text}"
    );

    // A broken secret key is not quoted back.
    let path = write_config(
        &dir,
        "secret_key: \"SUPERSECRET-98765\ndefault_project_id: x\n",
    );
    let text = error_text(&path, &[], &Overrides::default());
    assert!(
        text.starts_with(&format!(
            "the scw config file {} is not valid YAML (line 1, column 13): ",
            path.display()
        )),
        "{text}"
    );
    assert!(!text.contains("SUPERSECRET"), "{text}");
}

#[test]
fn a_secret_key_that_is_not_a_uuid_is_named_by_file_and_key_but_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "SCWNOTASECRET-but-a-leak-7";
    let path = write_config(
        &dir,
        &format!(
            "secret_key: {TOP_SECRET}\ndefault_project_id: {TOP_PROJECT}\n\
             profiles:\n  x:\n    secret_key: {bad}\n"
        ),
    );
    let error = load(&path, &[], &Overrides::default()).and_then(|_| {
        load(
            &path,
            &[],
            &Overrides {
                profile: Some("x".into()),
                ..Overrides::default()
            },
        )
    });
    let text = error.expect_err("profile x is refused").to_string();
    assert_eq!(
        text,
        format!(
            "{}: profiles.x.secret_key: the secret key is not a UUID (expected \
             xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx; got 26 characters, not shown) — copy the \
             secret key of an IAM API key, not its access key",
            path.display()
        )
    );
    assert!(!text.contains(bad));

    let text = error_text(&path, &[("SCW_SECRET_KEY", bad)], &Overrides::default());
    assert!(
        text.starts_with("SCW_SECRET_KEY: the secret key is not a UUID"),
        "{text}"
    );
    assert!(!text.contains(bad), "{text}");
}

#[test]
fn an_unknown_profile_lists_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(&dir, &full_file(None));
    let text = error_text(
        &path,
        &[],
        &Overrides {
            profile: Some("prod".into()),
            ..Overrides::default()
        },
    );
    assert_eq!(
        text,
        format!(
            "profile \"prod\" (chosen by --profile) is not in {}; its profiles are: partial, \
             staging, zoned",
            path.display()
        )
    );
    let text = error_text(&path, &[("SCW_PROFILE", "prod")], &Overrides::default());
    assert!(text.contains("(chosen by SCW_PROFILE)"), "{text}");
    let path = write_config(&dir, &full_file(Some("prod")));
    let text = error_text(&path, &[], &Overrides::default());
    assert!(text.contains("(chosen by active_profile)"), "{text}");

    let absent = dir.path().join("absent.yaml");
    let text = error_text(&absent, &[("SCW_PROFILE", "prod")], &Overrides::default());
    assert_eq!(
        text,
        format!(
            "profile \"prod\" (chosen by SCW_PROFILE) does not exist: the scw config file {} \
             does not exist (SCW_CONFIG_PATH names it) — fix SCW_CONFIG_PATH, or create the file \
             with `scw init`",
            absent.display()
        )
    );
}

#[test]
fn a_region_without_messaging_and_queuing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(&dir, &full_file(None));
    assert_eq!(
        error_text(
            &path,
            &[("SCW_DEFAULT_REGION", "pl-waw")],
            &Overrides::default()
        ),
        "SCW_DEFAULT_REGION: region \"pl-waw\" has no Messaging and Queuing (it exists in fr-par \
         and nl-ams)"
    );
    let path = write_config(
        &dir,
        &format!(
            "secret_key: {TOP_SECRET}\ndefault_project_id: {TOP_PROJECT}\n\
             profiles:\n  warsaw:\n    default_zone: pl-waw-1\n"
        ),
    );
    assert_eq!(
        error_text(&path, &[("SCW_PROFILE", "warsaw")], &Overrides::default()),
        format!(
            "{}: profiles.warsaw.default_zone: region \"pl-waw\" has no Messaging and Queuing \
             (it exists in fr-par and nl-ams)",
            path.display()
        )
    );
    assert_eq!(
        error_text(
            &path,
            &[],
            &Overrides {
                region: Some("it-mil".into()),
                ..Overrides::default()
            }
        ),
        "--region: region \"it-mil\" has no Messaging and Queuing (it exists in fr-par and \
         nl-ams)"
    );
}

#[test]
fn plain_http_is_refused_unless_it_stays_on_this_machine_or_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(&dir, &full_file(None));
    let with_url = |url: &'static str, allow: bool| {
        load(
            &path,
            &[("SCW_API_URL", url)],
            &Overrides {
                allow_insecure_http: allow,
                ..Overrides::default()
            },
        )
    };

    for url in [
        "http://api.example.com",
        "http://10.1.2.3:8080",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
    ] {
        let text = with_url(url, false).unwrap_err().to_string();
        assert_eq!(
            text,
            format!(
                "SCW_API_URL: \"{url}\" uses plain http to a host that is not this machine, so \
                 the secret key would cross the network unencrypted — use https://, or pass \
                 --allow-insecure-http if you really mean it"
            )
        );
        assert_eq!(with_url(url, true).unwrap().api_url, url, "allowed");
    }
    for url in [
        "http://127.0.0.1:8080",
        "http://127.0.0.1",
        "http://localhost:4000",
        "http://[::1]:4000",
    ] {
        assert_eq!(with_url(url, false).unwrap().api_url, url);
    }
    assert_eq!(
        with_url("ftp://api.scaleway.com", true)
            .unwrap_err()
            .to_string(),
        "SCW_API_URL: \"ftp://api.scaleway.com\" has scheme \"ftp\"; use https://"
    );
}

#[test]
fn an_api_url_with_a_trailing_slash_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(&dir, &full_file(None));
    assert_eq!(
        error_text(
            &path,
            &[("SCW_API_URL", "https://api.scaleway.com/")],
            &Overrides::default()
        ),
        "SCW_API_URL: \"https://api.scaleway.com/\" ends with a slash; remove it"
    );
    let path = write_config(
        &dir,
        &full_file(None).replace(TOP_URL, "http://127.0.0.1:4000/"),
    );
    assert_eq!(
        error_text(&path, &[], &Overrides::default()),
        format!(
            "{}: api_url: \"http://127.0.0.1:4000/\" ends with a slash; remove it",
            path.display()
        )
    );
}

#[test]
fn a_missing_secret_key_says_where_to_set_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(&dir, &format!("default_project_id: {TOP_PROJECT}\n"));
    assert_eq!(
        error_text(&path, &[], &Overrides::default()),
        format!(
            "no secret key is configured: set secret_key in {}, or export SCW_SECRET_KEY",
            path.display()
        )
    );
    let absent = dir.path().join("absent.yaml");
    assert_eq!(
        error_text(
            &absent,
            &[("SCW_DEFAULT_PROJECT_ID", TOP_PROJECT)],
            &Overrides::default()
        ),
        format!(
            "no secret key is configured: the scw config file {} does not exist \
             (SCW_CONFIG_PATH names it) — create it with secret_key, fix SCW_CONFIG_PATH, or \
             export SCW_SECRET_KEY",
            absent.display()
        )
    );
    assert_eq!(
        error_text(
            &absent,
            &[("SCW_SECRET_KEY", ENV_SECRET)],
            &Overrides::default()
        ),
        format!(
            "no project is configured: the scw config file {} does not exist (SCW_CONFIG_PATH \
             names it) — create it with default_project_id, fix SCW_CONFIG_PATH, export \
             SCW_DEFAULT_PROJECT_ID, or pass --project",
            absent.display()
        )
    );

    // Without SCW_CONFIG_PATH, and no file where the Scaleway tools look: where to create one.
    let home = dir.path().join("home");
    let env = Env::from_pairs([("HOME", home.to_str().unwrap())]);
    assert_eq!(
        Settings::load_from(&Overrides::default(), &env)
            .expect_err("the configuration is refused")
            .to_string(),
        "no secret key is configured: set secret_key in ~/.config/scw/config.yaml (or run `scw \
         init`), or export SCW_SECRET_KEY"
    );
}

#[cfg(unix)]
#[test]
fn a_file_others_can_read_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(&dir, &full_file(None));
    let settings = load(&path, &[], &Overrides::default()).unwrap();
    assert_eq!(settings.warnings, Vec::<String>::new(), "mode 600 is fine");

    set_mode(&path, 0o644);
    let settings = load(&path, &[], &Overrides::default()).unwrap();
    assert_eq!(
        settings.warnings,
        [format!(
            "{path} can be read by other users (mode 644); it holds your secret key: run chmod \
             600 {path}",
            path = path.display()
        )]
    );
}

#[test]
fn debug_masks_the_secret_key() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "1c289622-4b27-445f-89df-54e71b9913a6";
    let path = write_config(
        &dir,
        &format!("secret_key: {secret}\ndefault_project_id: {TOP_PROJECT}\n"),
    );
    let settings = load(&path, &[], &Overrides::default()).unwrap();
    let debug = format!("{settings:?}");
    assert!(
        debug.contains("secret_key: \"1c289622-xxxx-xxxx-xxxx-xxxxxxxxxxxx\""),
        "{debug}"
    );
    assert!(!debug.contains(secret), "{debug}");
    assert!(!debug.contains("4b27-445f"), "{debug}");
    let pretty = format!("{settings:#?}");
    assert!(!pretty.contains(secret), "{pretty}");
}
