//! Extensions: the ordered [`Extensions`] list and the typed [`Extension`] forms, decoded with the
//! [`ExtensionContext`] of the message they sit in.
