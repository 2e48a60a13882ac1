//! proptest strategies for every wire type (feature `test-strategies`), for this crate's tests
//! and for other crates'.
