//! Test fixture: `zhijian writer put PATH TEXT` asks the host to write TEXT to PATH,
//! whatever PATH is, so the tests can see what the host refuses and audits.

use zhijian_plugin_api::{
    ArgSpec, CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response,
};

/// Writes through `host.write` and reports the host's answer.
pub struct Writer;

impl Plugin for Writer {
    fn manifest(&self) -> Manifest {
        Manifest::new(
            "writer",
            env!("CARGO_PKG_VERSION"),
            "writes any file it is told to",
        )
        .command(
            CommandSpec::new("put", "write TEXT to PATH through the host")
                .arg(
                    ArgSpec::positional("path", "the file, relative to the knowledge base")
                        .required(),
                )
                .arg(ArgSpec::positional("text", "the whole new content").required()),
        )
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        let path = request.require_str("path")?;
        let text = request.require_str("text")?;
        host.write(path, text).map_err(PluginError::data)?;
        Ok(Response::new(format!("wrote {path}\n")))
    }
}

zhijian_plugin_api::export_plugin!(Writer);
