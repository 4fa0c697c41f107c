//! reprobook: Markdown chapters with experiments in, a checked static HTML site out.

pub mod book;
pub mod config;
pub mod diag;
pub mod document;
pub mod yaml;

use diag::Diagnostics;

/// Why a command failed, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The invocation itself is wrong (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Problems in the book's sources or output (exit code 1).
    #[error("{} problem(s) in the book", .0.items().len())]
    Content(Diagnostics),
}
