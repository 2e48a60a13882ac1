//! AlertLevel. IANA keeps no registry for it, so the table is written here from the RFCs.

registry! {
    /// RFC 5246 §7.2 and RFC 8446 §6:
    ///
    /// ```text
    /// enum { warning(1), fatal(2), (255) } AlertLevel;
    /// ```
    pub struct AlertLevel(u8);
    WARNING = 1 => "warning",
    FATAL = 2 => "fatal",
}
