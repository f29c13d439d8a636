//! One import at a time, and an audit line per import: the platform's lock and audit log.

use zhijian_kb::Kb;
use zhijian_kb::lock::Lock;

use crate::error::Result;

/// Waits for, then takes, the `docket` lock in `.zhijian/locks/`: two imports would otherwise
/// both read the old files and the later one would drop the other's rows.
pub fn lock(kb: &Kb) -> Result<Lock> {
    Ok(Lock::wait(kb.root(), "docket")?)
}

/// Appends one line to `.zhijian/audit.log` saying what an import did (counts only, never a
/// field value).
pub fn audit(kb: &Kb, command: &str, what: &str) -> Result<()> {
    Ok(zhijian_kb::audit::append(kb.root(), command, what, None)?)
}
