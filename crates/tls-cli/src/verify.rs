//! `tls verify CHAIN.pem`: validates a certificate chain with tls-pki, as our client (or, with
//! `--client`, our server) would, and prints the path it found or which certificate it refused
//! and why.
//!
//! The chain file holds PEM certificates, the end-entity first and then the intermediates in any
//! order (a server's `fullchain.pem`). Trust anchors come from `--ca` files and `--ca-dir`
//! directories, or else from the system store. Names are shown with x509-cert, which parses
//! them for display only: verification itself never uses it.

use std::io::Write;
use std::path::PathBuf;

use der::Decode;
use tls::pki::name::ServerName;
use tls::pki::{Position, TrustAnchors, UnixTime, VerifiedPath, VerifyOptions};

/// The command's arguments.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// PEM file: the end-entity certificate, then its intermediates.
    chain: PathBuf,
    /// A PEM file of trust anchors (repeatable). Without --ca or --ca-dir, the system store.
    #[arg(long)]
    ca: Vec<PathBuf>,
    /// A directory of PEM trust anchors, as OpenSSL's hashed directories (repeatable).
    #[arg(long)]
    ca_dir: Vec<PathBuf>,
    /// The DNS name or IP address the certificate must be valid for (server certificates).
    #[arg(long)]
    name: Option<String>,
    /// Verify a TLS client certificate (clientAuth) rather than a server certificate.
    #[arg(long)]
    client: bool,
    /// The verification time, in seconds since the Unix epoch (default: now).
    #[arg(long)]
    at: Option<i64>,
    /// The most intermediates a path may hold.
    #[arg(long)]
    max_depth: Option<usize>,
}

/// Runs `tls verify`, writing the report to `out`.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<(), String> {
    let chain = read_certificates(&args.chain)?;
    let Some((end_entity, intermediates)) = chain.split_first() else {
        return Err(format!("{}: no CERTIFICATE block", args.chain.display()));
    };
    let anchors = load_anchors(args, out)?;

    let mut options = VerifyOptions::at(args.at.map_or_else(UnixTime::now, UnixTime::from_secs));
    if let Some(max_depth) = args.max_depth {
        options.max_depth = max_depth;
    }
    let name = args
        .name
        .as_deref()
        .map(|text| ServerName::try_from(text).map_err(|e| format!("--name {text}: {e}")))
        .transpose()?;
    let intermediates: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
    let result = if args.client {
        if name.is_some() {
            return Err("--name applies to server certificates only".to_owned());
        }
        anchors.verify_client(end_entity, &intermediates, &options)
    } else {
        anchors.verify_server(end_entity, &intermediates, name.as_ref(), &options)
    };
    match result {
        Ok(path) => print_path(&path, name.as_ref(), out).map_err(|e| e.to_string()),
        Err(rejection) => {
            let der = match rejection.certificate {
                Position::EndEntity => Some(end_entity.as_slice()),
                Position::Intermediate(index) => intermediates.get(index).copied(),
                Position::TrustAnchor => None,
            };
            let subject = der.map(subject_text).unwrap_or_default();
            Err(format!(
                "rejected: {rejection}{}{subject} (alert {})",
                if subject.is_empty() { "" } else { "; subject " },
                rejection.class()
            ))
        }
    }
}

fn load_anchors(args: &Args, out: &mut impl Write) -> Result<TrustAnchors, String> {
    if args.ca.is_empty() && args.ca_dir.is_empty() {
        let (anchors, report) = TrustAnchors::system().map_err(|e| format!("system store: {e}"))?;
        writeln!(out, "trust anchors: system store, {report}").map_err(|e| e.to_string())?;
        return Ok(anchors);
    }
    let mut anchors = TrustAnchors::new();
    for file in &args.ca {
        let report = anchors
            .add_pem_file(file)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        writeln!(out, "trust anchors: {}, {report}", file.display()).map_err(|e| e.to_string())?;
    }
    for dir in &args.ca_dir {
        let report = anchors
            .add_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        writeln!(out, "trust anchors: {}, {report}", dir.display()).map_err(|e| e.to_string())?;
    }
    Ok(anchors)
}

fn read_certificates(path: &PathBuf) -> Result<Vec<Vec<u8>>, String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let blocks = pem::parse_many(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(blocks
        .into_iter()
        .filter(|block| block.tag() == "CERTIFICATE")
        .map(pem::Pem::into_contents)
        .collect())
}

fn print_path(
    path: &VerifiedPath<'_>,
    name: Option<&ServerName>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let length = path.intermediates().len().saturating_add(2);
    writeln!(out, "verified: a path of {length} certificates")?;
    writeln!(
        out,
        "  end-entity    {}",
        subject_text(path.end_entity_der())
    )?;
    for intermediate in path.intermediates() {
        writeln!(out, "  intermediate  {}", subject_text(intermediate))?;
    }
    writeln!(out, "  trust anchor  {}", subject_text(path.anchor().der()))?;
    if let Some(name) = name {
        writeln!(out, "valid for {name}")?;
    }
    Ok(())
}

/// The certificate's subject in RFC 4514 form, or a note that it cannot be shown.
fn subject_text(der: &[u8]) -> String {
    match x509_cert::Certificate::from_der(der) {
        Ok(certificate) => certificate.tbs_certificate().subject().to_string(),
        Err(_) => "(subject not displayable)".to_owned(),
    }
}
