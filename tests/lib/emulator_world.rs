//! World files: the demo world's contract, loading from disk, and located errors.

use std::path::Path;

use crate::common::world_scenario::export_demo_world;
use cozescope::emulator::{Sandbox, SandboxConfig, World};

#[test]
fn demo_world_exposes_variables_files_and_secrets() {
    let world = World::demo();
    let variables = world.variables();
    for name in [
        "COZE_API_TOKEN",
        "COZE_JWT_OAUTH_CLIENT_ID",
        "COZE_JWT_OAUTH_PUBLIC_KEY_ID",
        "COZE_JWT_OAUTH_PRIVATE_KEY",
        "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH",
        "COZE_WORKSPACE_ID",
        "COZE_UNBOUND_WORKSPACE_ID",
        "COZE_CHANNEL_JWT_OAUTH_CLIENT_ID",
        "COZE_COM_API_TOKEN",
        "COZE_COM_JWT_OAUTH_CLIENT_ID",
        "COZE_WORKFLOW_ID",
        "COZE_DRAFT_WORKFLOW_ID",
        "COZE_DATASET_ID",
        "COZE_PROJECT_ID",
    ] {
        assert!(variables.contains_key(name), "{name}");
    }
    let token = &variables["COZE_API_TOKEN"];
    assert!(token.starts_with("pat_") && token.len() == 68);
    assert!(token[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(variables["COZE_JWT_OAUTH_CLIENT_ID"], "1127900106117");
    assert_eq!(variables["COZE_WORKSPACE_ID"], "7351411557182226472");
    let path = &variables["COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH"];
    assert!(world.files()[path].contains("BEGIN PRIVATE KEY"));
    let secrets = world.secrets();
    assert!(secrets.contains(token));
    assert!(secrets.contains(&world.files()[path]));
}

fn write(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("world.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn world_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "[[workspace]]\nid = \"1\"\nname = \"a\"\n\n[[pat]]\ntoken = \"pat_x\"\nworkspaces = [\"2\"]\n",
    );
    let error = World::load(&path).unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("world.toml:7:15: unknown workspace `2`"),
        "{shown}"
    );

    let path = write(dir.path(), "[[app]]\nid = \"1\"\nkind = \"norml\"\n");
    let shown = World::load(&path).unwrap_err().to_string();
    assert!(shown.contains("world.toml:3:8"), "{shown}");

    let shown = World::load(&dir.path().join("missing.toml"))
        .unwrap_err()
        .to_string();
    assert!(shown.contains("missing.toml"), "{shown}");
}

#[tokio::test]
async fn an_exported_world_serves_like_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    export_demo_world(dir.path());
    let world = World::load(&dir.path().join("world.toml")).unwrap();
    let sandbox = Sandbox::start(world, SandboxConfig::default())
        .await
        .unwrap();
    assert!(
        sandbox
            .base_url(cozescope::coze::region::Region::Com)
            .is_some()
    );
    sandbox.shutdown().await;
}
