//! indicatif bars behind [`crate::progress::Progress`].

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar on stderr, or nothing when hidden.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(visible: bool) -> Bar {
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:>12} [{bar:30}] {human_pos}/{human_len} {per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Bar { bar }
    }
}

impl crate::progress::Progress for Bar {
    fn start(&self, len: u64, message: &str) {
        self.bar.reset();
        // An unknown length (0): a counter and a rate, no bar that cannot fill.
        let template = if len == 0 {
            "{spinner} {msg:>12} {human_pos} {per_sec}"
        } else {
            "{msg:>12} [{bar:30}] {human_pos}/{human_len} {per_sec} eta {eta}"
        };
        self.bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        self.bar.set_length(len);
        self.bar.set_position(0);
        self.bar.set_message(super::sanitize::one_line(message));
    }
    fn inc(&self, n: u64) {
        self.bar.inc(n);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
    fn start_bytes(&self, len: u64, message: &str) {
        self.bar.reset();
        self.bar.set_style(
            ProgressStyle::with_template(
                "{msg:>24} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        self.bar.set_length(len);
        self.bar.set_position(0);
        self.bar.set_message(super::sanitize::one_line(message));
    }
    fn message(&self, message: &str) {
        self.bar.set_message(super::sanitize::one_line(message));
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
