//! How a command reports the agents' failed answers (shared by `agents write` and `price
//! suggest`).

use super::Context;

impl Context {
    /// What to do after a run in which some answers failed: `valid` answers came back valid. With
    /// none valid, the error (exit 4) is the first failure's, after a warning for each other
    /// distinct failure (at most five); with some valid, every distinct failure (at most five) is a
    /// warning, then one line says what was kept, and the run goes on (exit 0). None when nothing
    /// failed.
    pub fn agent_failures(
        &self,
        agent: crate::agents::Agent,
        failures: &[(String, crate::agents::Failure)],
        valid: usize,
    ) -> Option<crate::error::Error> {
        if failures.is_empty() {
            return None;
        }
        if valid == 0 {
            return self.agent_failures_error(agent, failures);
        }
        let mut shown = std::collections::HashSet::new();
        for (s, f) in failures {
            let msg = f.to_error(agent, s).to_string();
            if shown.len() < 5 && shown.insert(msg.clone()) {
                self.out.warn(&msg);
            }
        }
        self.out.warn(&format!(
            "{}: {valid} valid answer(s) kept, {} rejected (those subjects were skipped)",
            agent.name(),
            failures.len()
        ));
        None
    }

    /// The error for a run in which some answers failed: the first failure's, after a warning for
    /// each other distinct failure (at most five). None when nothing failed.
    fn agent_failures_error(
        &self,
        agent: crate::agents::Agent,
        failures: &[(String, crate::agents::Failure)],
    ) -> Option<crate::error::Error> {
        let (subject, failure) = failures.first()?;
        let first = failure.to_error(agent, subject);
        let mut shown = std::collections::HashSet::from([first.to_string()]);
        for (s, f) in failures.iter().skip(1) {
            let msg = f.to_error(agent, s).to_string();
            if shown.len() <= 5 && shown.insert(msg.clone()) {
                self.out.warn(&msg);
            }
        }
        Some(first)
    }
}
