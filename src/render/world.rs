//! The world of one report: the engine's templates and fonts, and this report's view
//! as `/data.json`. It is also the sandbox: a template can read the templates and the
//! data, nothing else on the machine.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::Engine;

/// Where the view is served to templates.
const DATA_PATH: &str = "/data.json";

/// File ids are interned globally and never freed: make them once.
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id(DATA_PATH));

/// The id of one of our own absolute paths.
pub(super) fn file_id(path: &str) -> FileId {
    // The paths are ours and absolute: VirtualPath::new only fails on relative escapes.
    let vpath = VirtualPath::new(path)
        .unwrap_or_else(|_| VirtualPath::new("/invalid").expect("static path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The world of one report: the engine's templates plus this report's data.
pub(super) struct ReportWorld<'a> {
    pub(super) engine: &'a Engine,
    pub(super) main: FileId,
    pub(super) data: Bytes,
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.engine
            .templates
            .sources
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            return Ok(self.data.clone());
        }
        if let Some(bytes) = self.engine.templates.assets.get(&id) {
            return Ok(bytes.clone());
        }
        match self.engine.templates.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_string())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the same input gives the same bytes.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
