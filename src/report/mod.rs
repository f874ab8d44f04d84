//! Rendering findings. One model, several renderers, one color decision.
//!
//! Streams: in `scan`, results go to stdout in every format (so `--format json > r.json`
//! works) and problems with individual files go to stderr. In the shim everything goes to
//! stderr, after the linker's own output.

pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod sarif;
pub mod shell;
pub mod shim;

use owo_colors::Style;

/// `--format` of `scan` and `doctor`: a report for people or the JSON document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Decided once, for the stream actually written to.
    pub fn enabled(self, stream_is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stream_is_terminal && !crate::env::no_color(),
        }
    }
}

/// Styles picked once from the color decision, passed down explicitly.
#[derive(Clone, Copy, Default)]
pub struct Palette {
    pub error: Style,
    pub warning: Style,
    pub note: Style,
    pub help: Style,
    pub arrow: Style,
    pub bold: Style,
}

impl Palette {
    pub fn new(color: bool) -> Palette {
        if !color {
            return Palette::default();
        }
        Palette {
            error: Style::new().red().bold(),
            warning: Style::new().yellow().bold(),
            note: Style::new().bold(),
            help: Style::new().cyan().bold(),
            arrow: Style::new().blue().bold(),
            bold: Style::new().bold(),
        }
    }
}
