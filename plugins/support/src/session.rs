//! The session: what the zhijian host hands its first-party plugins in-process.
//!
//! The host opens the knowledge base once, with every plugin's document types, and
//! keeps the real error when it cannot: a broken `zhijian.toml` is reported as such
//! by every plugin, never as "no knowledge base found".

use zhijian_kb::Kb;
use zhijian_plugin_api::{Host, PluginError};

use crate::messages::Lang;

/// The state of one zhijian run that first-party plugins share.
#[derive(Debug, Clone)]
pub struct Session {
    kb: Result<Kb, PluginError>,
    lang: Lang,
}

impl Session {
    /// A session over `kb` (or the error that kept it from opening), speaking `lang`.
    pub fn new(kb: Result<Kb, PluginError>, lang: Lang) -> Session {
        Session { kb, lang }
    }

    /// The session of the host running this plugin.
    pub fn of(host: &dyn Host) -> Result<&Session, PluginError> {
        host.in_process()
            .and_then(|state| state.downcast_ref::<Session>())
            .ok_or_else(|| {
                PluginError::internal(
                    "a first-party plugin was run by a host that does not hand over its session",
                )
            })
    }

    /// The opened knowledge base, or why there is none.
    pub fn kb(&self) -> Result<&Kb, PluginError> {
        self.kb.as_ref().map_err(Clone::clone)
    }

    /// The language messages are written in.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// The knowledge base of the host running this plugin, or the real reason there is none.
pub fn open_kb(host: &dyn Host) -> Result<Kb, PluginError> {
    Session::of(host)?.kb().cloned()
}

/// A host that only hands over a session: for first-party plugins run in tests and
/// by tools that link the plugins directly.
#[derive(Debug, Clone)]
pub struct SessionHost {
    session: Session,
}

impl SessionHost {
    /// A host handing over `session`; every host call is refused.
    pub fn new(session: Session) -> SessionHost {
        SessionHost { session }
    }
}

impl Host for SessionHost {
    fn call(&self, _request: zhijian_plugin_api::HostRequest) -> Result<serde_json::Value, String> {
        Err("this host answers no calls".into())
    }

    fn in_process(&self) -> Option<&dyn std::any::Any> {
        Some(&self.session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhijian_plugin_api::{ErrorKind, NoHost};

    #[test]
    fn the_real_error_reaches_every_plugin() {
        let broken = PluginError::config("zhijian.toml:3: expected `=`");
        let host = SessionHost::new(Session::new(Err(broken.clone()), Lang::Zh));
        assert_eq!(open_kb(&host).expect_err("no kb"), broken);
        let err = open_kb(&NoHost).expect_err("no session");
        assert_eq!(err.kind, ErrorKind::Internal);
    }

    #[test]
    fn an_opened_kb_is_handed_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("zhijian.toml"), "").expect("config");
        let kb = Kb::open(dir.path(), zhijian_kb::Types::default()).expect("kb");
        let host = SessionHost::new(Session::new(Ok(kb), Lang::En));
        assert_eq!(open_kb(&host).expect("kb").root(), dir.path());
        assert_eq!(Session::of(&host).expect("session").lang(), Lang::En);
    }
}
