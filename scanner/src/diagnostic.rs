//! Diagnostics: problems with the scan itself (a file that does not parse, a policy that
//! failed, a resource that could not be read), located where possible. They never stop the
//! scan of other files; every format reports them.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// A problem with the scan itself (a file that does not parse, a policy that failed), located
/// where possible; it never stops the scan of other files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub level: Level,
    pub message: String,
    /// Set when a rule failed (rather than a file): a policy error, exit code 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The file was not scanned at all (too big, unreadable, not parseable, a template): no
    /// rule saw it. Counted in every report's summary; `--strict` fails the run on it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_scanned: bool,
}

impl Diagnostic {
    pub fn new(level: Level, file: Option<&str>, line: Option<u32>, message: impl Into<String>) -> Self {
        let message = crate::redact::mask_owned(message.into());
        Diagnostic { file: file.map(str::to_string), line, level, message, rule: None, not_scanned: false }
    }

    /// The same diagnostic, saying that its file was not scanned.
    pub fn unscanned(mut self) -> Self {
        self.not_scanned = true;
        self
    }

    pub fn error(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Level::Error, Some(file), line, message)
    }

    pub fn warning(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Level::Warning, Some(file), line, message)
    }

    pub fn info(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Level::Info, Some(file), line, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, whatever a file name or message holds: this is printed to terminals and
        // CI logs, where a newline could forge a line (a workflow command) of its own.
        let one_line = crate::redact::one_line;
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{}:{line}: ", one_line(file))?,
            (Some(file), None) => write!(f, "{}: ", one_line(file))?,
            _ => {}
        }
        write!(f, "{}: {}", self.level.as_str(), one_line(&self.message))
    }
}
