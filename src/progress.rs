//! Progress reporting as the core sees it. The core calls these; `output` decides whether a bar
//! is drawn (only on a terminal, never with -q or -v).

/// Something that can show progress. Implementations must be cheap to call from many threads.
pub trait Progress: Sync {
    /// Starts (or restarts) a phase with a known number of steps.
    fn start(&self, len: u64, message: &str);
    fn inc(&self, n: u64);
    fn finish(&self);
    /// Starts a phase measured in bytes (a file being read); bars show sizes and rates.
    fn start_bytes(&self, len: u64, message: &str) {
        self.start(len, message);
    }
    /// Replaces the phase's message (e.g. rows read so far).
    fn message(&self, _message: &str) {}
}

/// Shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _len: u64, _message: &str) {}
    fn inc(&self, _n: u64) {}
    fn finish(&self) {}
}
