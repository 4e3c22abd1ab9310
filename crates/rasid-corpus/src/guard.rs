//! Panics from damaged index files, turned into errors.
//!
//! tantivy trusts the bytes of its segment files once they are open: a segment with bytes
//! overwritten makes it index out of bounds (vint.rs, the fieldnorm reader) instead of
//! returning an error. Writers check every file's checksum, readers each file once
//! (`store::index::verify_new_files`); damage those checks cannot see (a file damaged after a
//! reader checked it, with its modification time kept) is the reason index work runs
//! inside [`guarded`], which catches such a panic and returns the caller's error, without
//! the panic message reaching the terminal.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use crate::store::StoreError;

thread_local! {
    /// How many [`guarded`] calls this thread is inside: their panics are not printed.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The message and place of the last panic caught here.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Installs, once, a panic hook that stays quiet inside [`guarded`] and hands every other
/// panic to the hook that was there before.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                LAST.with(|l| *l.borrow_mut() = Some(info.to_string().replace('\n', " ")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside it becomes `on_panic(message)`.
pub(crate) fn guarded<T>(
    f: impl FnOnce() -> Result<T, StoreError>,
    on_panic: impl FnOnce(String) -> StoreError,
) -> Result<T, StoreError> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    match r {
        Ok(r) => r,
        Err(payload) => {
            let msg = LAST
                .with(|l| l.borrow_mut().take())
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            Err(on_panic(msg))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_callers_error() {
        let r: Result<(), _> = guarded(|| panic!("index out of bounds"), StoreError::Other);
        match r {
            Err(StoreError::Other(m)) => assert!(m.contains("index out of bounds"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(guarded(|| Ok(7), StoreError::Other).unwrap(), 7);
    }
}
