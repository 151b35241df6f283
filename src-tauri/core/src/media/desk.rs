//! The desk's image operations, for the app and the CLI: add (as an editor), list, change the
//! text, remove, read a file. The intake runs without holding the store, so a slow decode
//! never blocks the rest of the desk.

use std::path::Path;

use super::library::{self, Added, MediaDir, MediaError, MediaItem, MediaText, MediaUse};
use crate::desk::{require, Desk, DeskError};
use crate::workflow::Role;

impl Desk {
    fn media_dir(&self) -> MediaDir {
        MediaDir::of(self.data_dir())
    }

    /// Adds the image file at `path` as `profile` (an editor).
    pub fn add_media_file(
        &self,
        profile: &str,
        path: &Path,
        text: &MediaText,
    ) -> Result<Added, DeskError> {
        drop(require(&self.store(), profile, Role::Editor, "add images")?);
        let bytes = super::read_file(path).map_err(MediaError::from)?;
        self.add_media(profile, &super::display_name(path), &bytes, text)
    }

    /// Adds an image from its bytes (a drop, a paste) as `profile` (an editor); `name` is the
    /// file's name, for messages and the list.
    pub fn add_media(
        &self,
        profile: &str,
        name: &str,
        bytes: &[u8],
        text: &MediaText,
    ) -> Result<Added, DeskError> {
        drop(require(&self.store(), profile, Role::Editor, "add images")?);
        let taken = super::intake(name, bytes).map_err(MediaError::from)?;
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "add images")?;
        let slug = actor.slug.clone();
        drop(actor);
        Ok(library::add(
            &mut store,
            &self.media_dir(),
            &taken,
            name,
            text,
            Some(&slug),
        )?)
    }

    pub fn media_list(&self) -> Result<Vec<MediaItem>, DeskError> {
        Ok(self.store().media_list()?)
    }

    /// The image whose hash is or starts with `hash` (8 or more hex digits).
    pub fn media_item(&self, hash: &str) -> Result<MediaItem, DeskError> {
        let store = self.store();
        let hash = store.media_hash(hash)?;
        Ok(store
            .media_item(&hash)?
            .ok_or(MediaError::NotFound { hash })?)
    }

    pub fn media_uses(&self, hash: &str) -> Result<Vec<MediaUse>, DeskError> {
        let store = self.store();
        let hash = store.media_hash(hash)?;
        Ok(store.media_uses(&hash)?)
    }

    /// Changes an image's alt text, credit or decorative mark as `profile` (an editor): a new
    /// revision of the image's text by them (restorable; a change for the team on a team desk).
    pub fn set_media_text(
        &self,
        profile: &str,
        hash: &str,
        text: &MediaText,
    ) -> Result<MediaItem, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "change images")?;
        let hash = store.media_hash(hash)?;
        Ok(library::set_text(&mut store, actor.ctx(), &hash, text)?)
    }

    /// Removes an image as `profile` (an editor); refused while anything shows it.
    pub fn remove_media(&self, profile: &str, hash: &str) -> Result<MediaItem, DeskError> {
        let mut store = self.store();
        drop(require(&store, profile, Role::Editor, "remove images")?);
        let hash = store.media_hash(hash)?;
        Ok(library::remove(&mut store, &self.media_dir(), &hash)?)
    }

    /// One of an image's files (`original.jpg`, `640w.webp`, …): its type and bytes.
    pub fn media_file(&self, hash: &str, name: &str) -> Result<(String, Vec<u8>), DeskError> {
        let store = self.store();
        Ok(library::file(&store, &self.media_dir(), hash, name)?)
    }
}

impl From<MediaError> for DeskError {
    fn from(e: MediaError) -> Self {
        match e {
            MediaError::Store(s) => DeskError::Store(s),
            other => DeskError::Media(other),
        }
    }
}

impl Desk {
    /// Makes the image `hash` (or its first 8+ digits) the logo of `tool`, as `profile` (an
    /// editor): the step behind `verdict media add FILE --logo-of TOOL`. Returns the tool.
    pub fn set_tool_logo(
        &self,
        profile: &str,
        tool: &str,
        hash: &str,
    ) -> Result<crate::model::Tool, DeskError> {
        let hash = self.media_item(hash)?.hash;
        let mut entry = self.tool(tool)?;
        entry.logo = Some(hash);
        self.save_tool(profile, &entry)
    }
}
