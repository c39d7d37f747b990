//! The embedded demo world (`demo/world.toml` and the demo RSA keys), used when no `--world` is given.

use std::path::Path;

use super::world::World;
use super::world_file::{FileSource, parse};

/// The demo world file as shipped.
pub const DEMO_WORLD_TOML: &str = include_str!("demo/world.toml");

/// The Studio demo world (`flavour = "studio"`), served by `--flavour studio` when no `--world` is given.
pub const STUDIO_WORLD_TOML: &str = include_str!("demo/studio.toml");

/// Files the demo world names, compiled in.
pub const DEMO_FILES: &[(&str, &str)] = &[
    ("demo-app.pem", include_str!("demo/demo-app.pem")),
    ("demo-app.pub.pem", include_str!("demo/demo-app.pub.pem")),
    ("demo-channel.pem", include_str!("demo/demo-channel.pem")),
    (
        "demo-channel.pub.pem",
        include_str!("demo/demo-channel.pub.pem"),
    ),
    ("demo-com.pem", include_str!("demo/demo-com.pem")),
    ("demo-com.pub.pem", include_str!("demo/demo-com.pub.pem")),
    ("demo-team.pem", include_str!("demo/demo-team.pem")),
    ("demo-team.pub.pem", include_str!("demo/demo-team.pub.pem")),
];

/// The name the demo world goes by in messages.
pub const DEMO_ORIGIN: &str = "<embedded demo world>";

/// The name the Studio demo world goes by in messages.
pub const STUDIO_ORIGIN: &str = "<embedded Studio demo world>";

/// Loads the embedded demo world. It is checked by a unit test, so loading cannot fail at run time; if it
/// ever did, an empty world is returned rather than a panic.
pub fn demo_world() -> World {
    embedded(DEMO_ORIGIN, DEMO_WORLD_TOML)
}

/// Loads the embedded Studio demo world (checked by a unit test, as the demo world).
pub fn studio_world() -> World {
    embedded(STUDIO_ORIGIN, STUDIO_WORLD_TOML)
}

fn embedded(origin: &str, text: &str) -> World {
    match parse(Path::new(origin), text, &FileSource::Embedded(DEMO_FILES)) {
        Ok(world) => world,
        Err(error) => {
            tracing::error!("the embedded demo world is invalid: {error}");
            World {
                data: Default::default(),
            }
        }
    }
}

/// The demo world's files by name: `world.toml` and the key files it names, for `--export-world`.
pub fn export_files() -> Vec<(&'static str, &'static str)> {
    world_files(DEMO_WORLD_TOML)
}

/// The Studio demo world's files by name, for `--export-world` with `--flavour studio`.
pub fn export_studio_files() -> Vec<(&'static str, &'static str)> {
    world_files(STUDIO_WORLD_TOML)
}

fn world_files(world: &'static str) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("world.toml", world))
        .chain(DEMO_FILES.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_world_loads() {
        let world = parse(
            Path::new(DEMO_ORIGIN),
            DEMO_WORLD_TOML,
            &FileSource::Embedded(DEMO_FILES),
        )
        .unwrap();
        assert_eq!(world.data.apps.len(), 4);
        for app in &world.data.apps {
            assert_eq!(app.keys[0].kid, app.keys[0].key.fingerprint(), "{}", app.id);
        }
        let variables = world.variables();
        assert!(variables["COZE_JWT_OAUTH_PRIVATE_KEY"].contains("BEGIN PRIVATE KEY"));
        assert_eq!(
            world.files()[&variables["COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH"]],
            variables["COZE_JWT_OAUTH_PRIVATE_KEY"]
        );
        let secrets = world.secrets();
        assert!(secrets.contains(&variables["COZE_API_TOKEN"]));
        assert!(secrets.contains(&variables["COZE_COM_JWT_OAUTH_PRIVATE_KEY"]));
        assert!(!secrets.contains(&variables["COZE_WORKSPACE_ID"]));
        assert!(!secrets.contains(&variables["COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH"]));
    }

    #[test]
    fn the_studio_demo_world_loads() {
        let world = parse(
            Path::new(STUDIO_ORIGIN),
            STUDIO_WORLD_TOML,
            &FileSource::Embedded(DEMO_FILES),
        )
        .unwrap();
        assert_eq!(
            world.flavour(),
            crate::emulator::Flavour::Studio(crate::emulator::StudioVersion::V05)
        );
        let token = &world.variables()["COZE_API_TOKEN"];
        assert_eq!(token.len(), 68, "Studio's PAT format");
        let dir = tempfile::tempdir().unwrap();
        for (name, contents) in export_studio_files() {
            std::fs::write(dir.path().join(name), contents).unwrap();
        }
        let exported = World::load(&dir.path().join("world.toml")).unwrap();
        assert_eq!(exported.variables(), world.variables());
    }

    #[test]
    fn an_exported_demo_world_loads_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        for (name, contents) in export_files() {
            std::fs::write(dir.path().join(name), contents).unwrap();
        }
        let world = World::load(&dir.path().join("world.toml")).unwrap();
        assert_eq!(world.variables(), World::demo().variables());
    }
}
