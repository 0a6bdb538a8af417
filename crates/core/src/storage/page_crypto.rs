#![allow(unsafe_code)] // The one FFI module of Carnet: every unsafe block says why it holds (SAFETY).
//! SQLCipher's page cryptography with each database's keys set up once,
//! instead of once per page.
//!
//! Why: a page that SQLite's cache does not hold is checked (HMAC-SHA512)
//! and decrypted (AES-256-CBC) as it is read. SQLCipher's OpenSSL provider
//! builds both operations from nothing for every page: it looks the HMAC
//! and its digest up by name in OpenSSL 3's provider tables, allocates
//! contexts, hashes the key into the HMAC pads and expands the AES key
//! schedule, then wipes and frees it all. That set-up cost as much as a
//! fifth of the hashing itself when measured alone (7.7 µs a page against
//! 6.0 µs with the set-up kept; the SHA-512 of the page is the rest), and
//! more in the middle of real queries, whose data evicts OpenSSL's tables
//! from the processor's caches. It is most of what encryption adds to a
//! query reading pages for the first time (a patient's file, a week of the
//! agenda): BENCHMARKS.md, « chiffré / clair ».
//!
//! Same algorithms, same bytes: the HMAC and the cipher are computed by
//! the same OpenSSL primitives (SHA-512, AES-256-CBC), so the file stays a
//! standard SQLCipher 4 file. The tests compare every output with
//! SQLCipher's own provider, and an independent SQLCipher build opens the
//! files (tests/independent). Anything else SQLCipher asks (another HMAC
//! algorithm, another key size, random bytes, the key derivation) goes to
//! SQLCipher's provider unchanged.
//!
//! Keys: the HMAC pads and the AES schedules are kept in the provider
//! context SQLCipher makes for each database it opens, and wiped when that
//! context is freed, as the connection closes or the cabinet locks (with
//! SQLCipher's own copy of the keys). They are never anywhere else. The
//! trade-off, stated: SQLCipher masks its own copy of the keys between two
//! pages (`sqlcipher_shield`); the kept pads and schedules are not masked.
//! While the cabinet is open they are as exposed to someone reading the
//! process's memory as the patient directory and the open file already
//! are; once it closes or locks, nothing of them is left.
//!
//! This is the one place of the core that calls C: SQLCipher's provider
//! interface (`sqlcipher_get_provider`, `sqlcipher_register_provider`,
//! public in SQLCipher 4 for this use) and OpenSSL's SHA-512.

use std::ffi::{c_char, c_int, c_uchar, c_void};
use std::sync::OnceLock;

use openssl::cipher::Cipher;
use openssl::cipher_ctx::CipherCtx;
use openssl_sys::{SHA512_Final, SHA512_Init, SHA512_Update, SHA512_CTX};
use zeroize::Zeroizing;

const SQLITE_OK: c_int = 0;
const SQLITE_ERROR: c_int = 1;
const SQLCIPHER_HMAC_SHA512: c_int = 2;
const SQLCIPHER_ENCRYPT: c_int = 1;
const AES_256_KEY: usize = 32;
const AES_BLOCK: usize = 16;
const SHA512_BLOCK: usize = 128;
const SHA512_DIGEST: usize = 64;

type HmacFn = unsafe extern "C" fn(
    ctx: *mut c_void,
    algorithm: c_int,
    key: *const c_uchar,
    key_sz: c_int,
    input: *const c_uchar,
    in_sz: c_int,
    in2: *const c_uchar,
    in2_sz: c_int,
    out: *mut c_uchar,
) -> c_int;
type KdfFn = unsafe extern "C" fn(
    ctx: *mut c_void,
    algorithm: c_int,
    pass: *const c_uchar,
    pass_sz: c_int,
    salt: *const c_uchar,
    salt_sz: c_int,
    workfactor: c_int,
    key_sz: c_int,
    key: *mut c_uchar,
) -> c_int;
type CipherFn = unsafe extern "C" fn(
    ctx: *mut c_void,
    mode: c_int,
    key: *const c_uchar,
    key_sz: c_int,
    iv: *const c_uchar,
    input: *const c_uchar,
    in_sz: c_int,
    out: *mut c_uchar,
) -> c_int;
type NameFn = unsafe extern "C" fn(ctx: *mut c_void) -> *const c_char;
type SizeFn = unsafe extern "C" fn(ctx: *mut c_void) -> c_int;

/// `struct sqlcipher_provider` of SQLCipher 4 (sqlcipher.c), field for
/// field; the version is pinned by libsqlite3-sys (`sqlcipher-src`).
#[repr(C)]
#[derive(Clone, Copy)]
struct Provider {
    init: Option<unsafe extern "C" fn() -> c_int>,
    shutdown: Option<unsafe extern "C" fn()>,
    get_provider_name: Option<NameFn>,
    add_random: Option<unsafe extern "C" fn(*mut c_void, *const c_void, c_int) -> c_int>,
    random: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, c_int) -> c_int>,
    hmac: Option<HmacFn>,
    kdf: Option<KdfFn>,
    cipher: Option<CipherFn>,
    get_cipher: Option<NameFn>,
    get_key_sz: Option<SizeFn>,
    get_iv_sz: Option<SizeFn>,
    get_block_sz: Option<SizeFn>,
    get_hmac_sz: Option<unsafe extern "C" fn(*mut c_void, c_int) -> c_int>,
    ctx_init: Option<unsafe extern "C" fn(*mut *mut c_void) -> c_int>,
    ctx_free: Option<unsafe extern "C" fn(*mut *mut c_void) -> c_int>,
    fips_status: Option<SizeFn>,
    get_provider_version: Option<NameFn>,
    next: *mut Provider,
}

extern "C" {
    fn sqlcipher_get_provider() -> *mut Provider;
    fn sqlcipher_register_provider(provider: *mut Provider) -> c_int;
    fn sqlcipher_malloc(size: u64) -> *mut c_void;
    fn sqlcipher_free(memory: *mut c_void, size: u64);
}

/// SQLCipher's own provider, as it was before ours was registered.
struct Original(Provider);
// SAFETY: a copy of function pointers and a list pointer SQLCipher never
// frees while the process runs; only read after it is set.
unsafe impl Send for Original {}
// SAFETY: as above; shared reads of pointers that never change once set.
unsafe impl Sync for Original {}

/// Set before ours is registered, so that no call of ours (from any
/// thread) can find it missing.
static ORIGINAL: OnceLock<Original> = OnceLock::new();
static INSTALLED: OnceLock<bool> = OnceLock::new();

fn original() -> Option<&'static Provider> {
    ORIGINAL.get().map(|original| &original.0)
}

/// Puts this provider in front of SQLCipher's, once per process, before a
/// database is opened (databases opened earlier keep the provider they
/// started with). Answers whether it is in place; when SQLCipher has no
/// provider to wrap, nothing changes and its own one does the work.
pub(crate) fn install() -> bool {
    *INSTALLED.get_or_init(|| {
        // SAFETY: sqlite3_initialize is idempotent and registers
        // SQLCipher's default provider; the provider list is only
        // changed here, under the OnceLock.
        unsafe {
            if rusqlite::ffi::sqlite3_initialize() != SQLITE_OK {
                return false;
            }
            let current = sqlcipher_get_provider();
            if current.is_null() {
                return false;
            }
            if ORIGINAL.set(Original(*current)).is_err() {
                return false;
            }
            // SQLCipher frees every registered provider with its own
            // allocator when SQLite shuts down: ours must come from it.
            let ours = sqlcipher_malloc(std::mem::size_of::<Provider>() as u64).cast::<Provider>();
            if ours.is_null() {
                return false;
            }
            ours.write(Provider {
                init: None,
                shutdown: None,
                get_provider_name: Some(get_provider_name),
                add_random: Some(add_random),
                random: Some(random),
                hmac: Some(hmac),
                kdf: Some(kdf),
                cipher: Some(cipher),
                get_cipher: Some(get_cipher),
                get_key_sz: Some(get_key_sz),
                get_iv_sz: Some(get_iv_sz),
                get_block_sz: Some(get_block_sz),
                get_hmac_sz: Some(get_hmac_sz),
                ctx_init: Some(ctx_init),
                ctx_free: Some(ctx_free),
                fips_status: Some(fips_status),
                get_provider_version: Some(get_provider_version),
                next: std::ptr::null_mut(),
            });
            if sqlcipher_register_provider(ours) != SQLITE_OK {
                sqlcipher_free(ours.cast(), std::mem::size_of::<Provider>() as u64);
                return false;
            }
            true
        }
    })
}

/// What SQLCipher keeps for one database: the wrapped provider's own
/// context, and the keys' set-up.
struct PageKeys {
    wrapped: *mut c_void,
    hmac: Option<HmacPads>,
    encrypt: Option<AesContext>,
    decrypt: Option<AesContext>,
}

/// HMAC-SHA512 of a key, half done: SHA-512 after the key's inner pad and
/// after its outer pad (RFC 2104), so each page costs two hashes, not four.
struct HmacPads {
    key: Zeroizing<Vec<u8>>,
    inner: SHA512_CTX,
    outer: SHA512_CTX,
}

impl HmacPads {
    fn new(key: &[u8]) -> Option<HmacPads> {
        let mut block = Zeroizing::new([0u8; SHA512_BLOCK]);
        if key.len() > SHA512_BLOCK {
            let digest = sha512(&[key])?;
            block[..SHA512_DIGEST].copy_from_slice(&*digest);
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let padded = |pad: u8| -> Option<SHA512_CTX> {
            let mut with_pad = Zeroizing::new(*block);
            with_pad.iter_mut().for_each(|byte| *byte ^= pad);
            let mut state = new_sha512()?;
            update(&mut state, &*with_pad)?;
            Some(state)
        };
        Some(HmacPads {
            key: Zeroizing::new(key.to_vec()),
            inner: padded(0x36)?,
            outer: padded(0x5c)?,
        })
    }

    fn sign(&self, parts: &[&[u8]], out: &mut [u8; SHA512_DIGEST]) -> Option<()> {
        let mut state = self.inner.clone();
        let mut digest = Zeroizing::new([0u8; SHA512_DIGEST]);
        let inner_done = parts
            .iter()
            .try_for_each(|part| update(&mut state, part))
            .and_then(|()| finish(&mut state, &mut digest));
        wipe(&mut state);
        inner_done?;
        let mut state = self.outer.clone();
        let outer_done = update(&mut state, &*digest).and_then(|()| finish(&mut state, out));
        wipe(&mut state);
        outer_done
    }
}

impl Drop for HmacPads {
    fn drop(&mut self) {
        wipe(&mut self.inner);
        wipe(&mut self.outer);
    }
}

/// AES-256-CBC with its key schedule made, one per direction; freeing the
/// OpenSSL context wipes the schedule.
struct AesContext {
    key: Zeroizing<[u8; AES_256_KEY]>,
    context: CipherCtx,
}

impl AesContext {
    fn new(key: &[u8], encrypt: bool) -> Option<AesContext> {
        let mut context = CipherCtx::new().ok()?;
        let cipher = Cipher::aes_256_cbc();
        if encrypt {
            context.encrypt_init(Some(cipher), Some(key), None).ok()?;
        } else {
            context.decrypt_init(Some(cipher), Some(key), None).ok()?;
        }
        context.set_padding(false);
        let mut kept = Zeroizing::new([0u8; AES_256_KEY]);
        kept.copy_from_slice(key);
        Some(AesContext { key: kept, context })
    }
}

fn new_sha512() -> Option<SHA512_CTX> {
    let mut state = std::mem::MaybeUninit::<SHA512_CTX>::uninit();
    // SAFETY: SHA512_Init fills the whole structure when it answers 1.
    unsafe { (SHA512_Init(state.as_mut_ptr()) == 1).then(|| state.assume_init()) }
}

fn update(state: &mut SHA512_CTX, data: &[u8]) -> Option<()> {
    // SAFETY: `data` is a valid slice for its length.
    (unsafe { SHA512_Update(state, data.as_ptr().cast(), data.len()) } == 1).then_some(())
}

fn finish(state: &mut SHA512_CTX, out: &mut [u8; SHA512_DIGEST]) -> Option<()> {
    // SAFETY: SHA-512 writes exactly 64 bytes.
    (unsafe { SHA512_Final(out.as_mut_ptr(), state) } == 1).then_some(())
}

fn sha512(parts: &[&[u8]]) -> Option<Zeroizing<[u8; SHA512_DIGEST]>> {
    let mut state = new_sha512()?;
    let mut digest = Zeroizing::new([0u8; SHA512_DIGEST]);
    let done = parts
        .iter()
        .try_for_each(|part| update(&mut state, part))
        .and_then(|()| finish(&mut state, &mut digest));
    wipe(&mut state);
    done.map(|()| digest)
}

/// Overwrites a SHA-512 state (after a key's pad it is as good as the key).
fn wipe(state: &mut SHA512_CTX) {
    // SAFETY: a plain C structure of integers; all zeros is a valid value.
    unsafe {
        std::ptr::write_volatile(state, std::mem::zeroed());
    }
}

/// A C buffer as a slice: `None` for a null pointer or a negative length.
///
/// # Safety
/// A non-null `data` must be readable for `length` bytes.
unsafe fn bytes<'a>(data: *const c_uchar, length: c_int) -> Option<&'a [u8]> {
    let length = usize::try_from(length).ok()?;
    (!data.is_null()).then(|| std::slice::from_raw_parts(data, length))
}

/// The wrapped provider's context for `ctx` (ours, or null).
///
/// # Safety
/// `ctx` is null or was made by [`ctx_init`].
unsafe fn wrapped(ctx: *mut c_void) -> *mut c_void {
    if ctx.is_null() {
        ctx
    } else {
        (*ctx.cast::<PageKeys>()).wrapped
    }
}

unsafe extern "C" fn ctx_init(ctx: *mut *mut c_void) -> c_int {
    let Some(init) = original().and_then(|o| o.ctx_init) else {
        return SQLITE_ERROR;
    };
    let mut wrapped: *mut c_void = std::ptr::null_mut();
    let rc = init(&mut wrapped);
    if rc != SQLITE_OK {
        return rc;
    }
    *ctx = Box::into_raw(Box::new(PageKeys {
        wrapped,
        hmac: None,
        encrypt: None,
        decrypt: None,
    }))
    .cast();
    SQLITE_OK
}

unsafe extern "C" fn ctx_free(ctx: *mut *mut c_void) -> c_int {
    let mut wrapped: *mut c_void = std::ptr::null_mut();
    if !(*ctx).is_null() {
        // Dropping wipes the pads and frees (wiping) the AES schedules.
        let keys = Box::from_raw((*ctx).cast::<PageKeys>());
        wrapped = keys.wrapped;
        drop(keys);
        *ctx = std::ptr::null_mut();
    }
    match original().and_then(|o| o.ctx_free) {
        Some(free) => free(&mut wrapped),
        None => SQLITE_OK,
    }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn hmac(
    ctx: *mut c_void,
    algorithm: c_int,
    key: *const c_uchar,
    key_sz: c_int,
    input: *const c_uchar,
    in_sz: c_int,
    in2: *const c_uchar,
    in2_sz: c_int,
    out: *mut c_uchar,
) -> c_int {
    let keys = ctx.cast::<PageKeys>();
    if !keys.is_null() && algorithm == SQLCIPHER_HMAC_SHA512 && !out.is_null() {
        if let (Some(key), Some(input)) = (bytes(key, key_sz), bytes(input, in_sz)) {
            let second = if in2.is_null() {
                Some(&[][..])
            } else {
                bytes(in2, in2_sz)
            };
            if let Some(second) = second {
                let keys = &mut *keys;
                if keys.hmac.as_ref().is_none_or(|pads| *pads.key != key) {
                    keys.hmac = HmacPads::new(key);
                }
                let out = &mut *out.cast::<[u8; SHA512_DIGEST]>();
                return match keys
                    .hmac
                    .as_ref()
                    .and_then(|p| p.sign(&[input, second], out))
                {
                    Some(()) => SQLITE_OK,
                    None => SQLITE_ERROR,
                };
            }
        }
    }
    match original().and_then(|o| o.hmac) {
        Some(hmac) => hmac(
            wrapped(ctx),
            algorithm,
            key,
            key_sz,
            input,
            in_sz,
            in2,
            in2_sz,
            out,
        ),
        None => SQLITE_ERROR,
    }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn cipher(
    ctx: *mut c_void,
    mode: c_int,
    key: *const c_uchar,
    key_sz: c_int,
    iv: *const c_uchar,
    input: *const c_uchar,
    in_sz: c_int,
    out: *mut c_uchar,
) -> c_int {
    let keys = ctx.cast::<PageKeys>();
    let whole_blocks = usize::try_from(in_sz).is_ok_and(|n| n > 0 && n % AES_BLOCK == 0);
    if !keys.is_null() && whole_blocks && !out.is_null() {
        if let (Some(key), Some(iv), Some(input)) = (
            bytes(key, key_sz),
            bytes(iv, AES_BLOCK as c_int),
            bytes(input, in_sz),
        ) {
            let output_start = out as usize;
            let input_start = input.as_ptr() as usize;
            let apart = output_start + input.len() <= input_start
                || input_start + input.len() <= output_start;
            if key.len() == AES_256_KEY && apart {
                let output = std::slice::from_raw_parts_mut(out, input.len());
                return match crypt(
                    &mut *keys,
                    mode == SQLCIPHER_ENCRYPT,
                    key,
                    iv,
                    input,
                    output,
                ) {
                    Some(()) => SQLITE_OK,
                    None => SQLITE_ERROR,
                };
            }
        }
    }
    match original().and_then(|o| o.cipher) {
        Some(cipher) => cipher(wrapped(ctx), mode, key, key_sz, iv, input, in_sz, out),
        None => SQLITE_ERROR,
    }
}

/// One page through AES-256-CBC, no padding (whole blocks in and out).
fn crypt(
    keys: &mut PageKeys,
    encrypt: bool,
    key: &[u8],
    iv: &[u8],
    input: &[u8],
    output: &mut [u8],
) -> Option<()> {
    let slot = if encrypt {
        &mut keys.encrypt
    } else {
        &mut keys.decrypt
    };
    if slot.as_ref().is_none_or(|aes| *aes.key != key) {
        *slot = AesContext::new(key, encrypt);
    }
    let context = &mut slot.as_mut()?.context;
    if encrypt {
        context.encrypt_init(None, None, Some(iv)).ok()?;
    } else {
        context.decrypt_init(None, None, Some(iv)).ok()?;
    }
    // SAFETY: without padding, whole blocks in give exactly as many bytes
    // out, and `output` is as long as `input`.
    let written = unsafe { context.cipher_update_unchecked(input, Some(output)) }.ok()?;
    (written == input.len()).then_some(())
}

/// Pass-throughs to the wrapped provider, its own context in place of ours.
macro_rules! asked_of_the_wrapped {
    ($($name:ident($($arg:ident: $type:ty),*) -> $answer:ty, $without:expr;)*) => {
        $(
            #[allow(clippy::too_many_arguments)]
            unsafe extern "C" fn $name(ctx: *mut c_void, $($arg: $type),*) -> $answer {
                match original().and_then(|o| o.$name) {
                    Some(ask) => ask(wrapped(ctx), $($arg),*),
                    None => $without,
                }
            }
        )*
    };
}

asked_of_the_wrapped! {
    kdf(
        algorithm: c_int,
        pass: *const c_uchar,
        pass_sz: c_int,
        salt: *const c_uchar,
        salt_sz: c_int,
        workfactor: c_int,
        key_sz: c_int,
        key: *mut c_uchar
    ) -> c_int, SQLITE_ERROR;
    add_random(buffer: *const c_void, length: c_int) -> c_int, SQLITE_ERROR;
    random(buffer: *mut c_void, length: c_int) -> c_int, SQLITE_ERROR;
    get_hmac_sz(algorithm: c_int) -> c_int, 0;
    get_provider_name() -> *const c_char, std::ptr::null();
    get_cipher() -> *const c_char, std::ptr::null();
    get_provider_version() -> *const c_char, std::ptr::null();
    get_key_sz() -> c_int, 0;
    get_iv_sz() -> c_int, 0;
    get_block_sz() -> c_int, 0;
    fips_status() -> c_int, 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A context of ours, and SQLCipher's own provider to compare with.
    fn both() -> (*mut c_void, &'static Provider) {
        assert!(install(), "SQLCipher's provider is wrapped");
        let mut ctx: *mut c_void = std::ptr::null_mut();
        // SAFETY: as SQLCipher calls it.
        assert_eq!(unsafe { ctx_init(&mut ctx) }, SQLITE_OK);
        (ctx, original().unwrap())
    }

    fn free(mut ctx: *mut c_void) {
        // SAFETY: made by ctx_init.
        assert_eq!(unsafe { ctx_free(&mut ctx) }, SQLITE_OK);
        assert!(ctx.is_null());
    }

    fn sign(f: HmacFn, ctx: *mut c_void, key: &[u8], page: &[u8], pgno: [u8; 4]) -> [u8; 64] {
        let mut out = [0u8; 64];
        // SAFETY: valid buffers of the given lengths.
        let rc = unsafe {
            f(
                ctx,
                SQLCIPHER_HMAC_SHA512,
                key.as_ptr(),
                key.len() as c_int,
                page.as_ptr(),
                page.len() as c_int,
                pgno.as_ptr(),
                4,
                out.as_mut_ptr(),
            )
        };
        assert_eq!(rc, SQLITE_OK);
        out
    }

    fn crypt_with(
        f: CipherFn,
        ctx: *mut c_void,
        mode: c_int,
        key: &[u8; 32],
        iv: &[u8; 16],
        input: &[u8],
    ) -> Vec<u8> {
        let mut out = vec![0u8; input.len()];
        // SAFETY: valid buffers of the given lengths.
        let rc = unsafe {
            f(
                ctx,
                mode,
                key.as_ptr(),
                32,
                iv.as_ptr(),
                input.as_ptr(),
                input.len() as c_int,
                out.as_mut_ptr(),
            )
        };
        assert_eq!(rc, SQLITE_OK);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The HMAC of a page is SQLCipher's, byte for byte, whatever the
        /// key (short, as SQLCipher's 32 bytes, or longer than a SHA-512
        /// block), the page and its number, and when the key changes on
        /// the same context.
        #[test]
        fn the_page_hmac_is_sqlciphers(
            keys in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..200), 1..4),
            page in proptest::collection::vec(any::<u8>(), 0..5000),
            pgno in any::<[u8; 4]>(),
        ) {
            let (ctx, stock) = both();
            for key in &keys {
                let ours = sign(hmac, ctx, key, &page, pgno);
                let theirs = sign(stock.hmac.unwrap(), std::ptr::null_mut(), key, &page, pgno);
                prop_assert_eq!(ours.to_vec(), theirs.to_vec());
                // Again from the kept pads.
                prop_assert_eq!(sign(hmac, ctx, key, &page, pgno).to_vec(), theirs.to_vec());
            }
            free(ctx);
        }

        /// A page encrypted here is SQLCipher's ciphertext for the same IV,
        /// and each side decrypts what the other encrypted, across keys.
        #[test]
        fn pages_cipher_as_sqlcipher_does(
            keys in proptest::collection::vec(any::<[u8; 32]>(), 1..3),
            iv in any::<[u8; 16]>(),
            blocks in 1usize..260,
            seed in any::<u8>(),
        ) {
            let (ctx, stock) = both();
            let stock_cipher = stock.cipher.unwrap();
            let page: Vec<u8> = (0..blocks * 16).map(|i| (i as u8).wrapping_mul(31) ^ seed).collect();
            for key in &keys {
                let ours = crypt_with(cipher, ctx, SQLCIPHER_ENCRYPT, key, &iv, &page);
                let theirs = crypt_with(stock_cipher, std::ptr::null_mut(), SQLCIPHER_ENCRYPT, key, &iv, &page);
                prop_assert_eq!(&ours, &theirs);
                prop_assert_ne!(&ours, &page);
                prop_assert_eq!(&crypt_with(cipher, ctx, 0, key, &iv, &theirs), &page);
                prop_assert_eq!(&crypt_with(stock_cipher, std::ptr::null_mut(), 0, key, &iv, &ours), &page);
            }
            free(ctx);
        }
    }

    /// A tampered page fails the check: one bit changes the HMAC.
    #[test]
    fn one_bit_changes_the_hmac() {
        let (ctx, _) = both();
        let key = [7u8; 32];
        let mut page = vec![0x5au8; 4016];
        let before = sign(hmac, ctx, &key, &page, [1, 0, 0, 0]);
        page[1234] ^= 0x10;
        assert_ne!(sign(hmac, ctx, &key, &page, [1, 0, 0, 0]), before);
        page[1234] ^= 0x10;
        assert_ne!(
            sign(hmac, ctx, &key, &page, [2, 0, 0, 0]),
            before,
            "page number"
        );
        assert_eq!(sign(hmac, ctx, &key, &page, [1, 0, 0, 0]), before);
        free(ctx);
    }

    /// What is not HMAC-SHA512 or AES-256 goes to SQLCipher's provider.
    #[test]
    fn other_algorithms_are_sqlciphers() {
        let (ctx, stock) = both();
        let key = [3u8; 32];
        let page = [9u8; 100];
        for algorithm in [0, 1] {
            let mut ours = [0u8; 64];
            let mut theirs = [0u8; 64];
            // SAFETY: valid buffers.
            unsafe {
                hmac(
                    ctx,
                    algorithm,
                    key.as_ptr(),
                    32,
                    page.as_ptr(),
                    100,
                    std::ptr::null(),
                    0,
                    ours.as_mut_ptr(),
                );
                stock.hmac.unwrap()(
                    std::ptr::null_mut(),
                    algorithm,
                    key.as_ptr(),
                    32,
                    page.as_ptr(),
                    100,
                    std::ptr::null(),
                    0,
                    theirs.as_mut_ptr(),
                );
            }
            assert_eq!(ours, theirs, "algorithm {algorithm}");
        }
        // SAFETY: as SQLCipher asks.
        unsafe {
            assert_eq!(get_key_sz(ctx), 32);
            assert_eq!(get_hmac_sz(ctx, SQLCIPHER_HMAC_SHA512), 64);
        }
        free(ctx);
    }
}
