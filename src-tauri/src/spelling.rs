//! French spell-checking in the editor: WebKitGTK's own checker (enchant
//! over the hunspell-fr dictionary, Debian's `hunspell-fr`), switched on
//! from code because WebKitGTK ships with it off.
//!
//! The cabinet's medical word list is not handed to this checker: WebKit
//! exposes no call to add words, and enchant's only way is its personal
//! dictionary, a plaintext file in the home folder — words she adds may be
//! patients' names, which never leave the encrypted file. The list is kept
//! in the cabinet and applied by the page (see the editor's spelling).

/// Turns French spell-checking on for a web view (Linux), called as each
/// page loads. Other platforms use their system checker through the page's
/// `spellcheck`.
pub fn check_french<R: tauri::Runtime>(webview: &tauri::Webview<R>) {
    #[cfg(target_os = "linux")]
    {
        let done = webview.with_webview(|webview| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_spell_checking_enabled(true);
                context.set_spell_checking_languages(&["fr_FR"]);
            }
        });
        if let Err(error) = done {
            eprintln!("Carnet : correcteur orthographique non activé — {error}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = webview;
}
