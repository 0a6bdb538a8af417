//! How WebKitGTK paints the window.
//!
//! WebKitGTK paints through the GPU whenever it can create a GL context. On
//! a machine without a GPU driver (a virtual machine, a remote desktop, an
//! old laptop on a generic driver) that context is Mesa's software
//! emulation (llvmpipe): every frame is rasterized by a CPU pretending to be
//! a GPU. Measured on such a machine (dataset M, an agenda week of five
//! doctors): a week switch took p50 264 ms through llvmpipe, 129 ms with
//! WebKit's own CPU painter (Skia). So where there is no GPU, Carnet asks
//! for the CPU painter; where there is one, WebKit's choice stands.

use std::path::Path;

/// WebKitGTK's switch for its CPU painter (documented in WebKit's
/// `environment-variables.md`).
const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Call first thing in `main`, before any thread or WebKit process exists
/// (the web process inherits the environment).
pub fn prefer_cpu_painting_without_gpu() {
    let already_chosen = std::env::var_os(CPU_PAINTING).is_some();
    if !already_chosen && !has_gpu_render_node(Path::new("/dev/dri")) {
        std::env::set_var(CPU_PAINTING, "1");
    }
}

/// A GPU usable for rendering shows as a DRM render node (`renderD128`…);
/// without one Mesa can only emulate it.
fn has_gpu_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries
                .flatten()
                .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu_and_none_means_emulation() {
        let dir = tempfile::tempdir().unwrap();
        let dri = dir.path().join("dri");
        assert!(!has_gpu_render_node(&dri), "no /dev/dri at all: no GPU");
        std::fs::create_dir(&dri).unwrap();
        std::fs::write(dri.join("card0"), "").unwrap();
        assert!(
            !has_gpu_render_node(&dri),
            "a display card without a render node cannot render"
        );
        std::fs::write(dri.join("renderD128"), "").unwrap();
        assert!(has_gpu_render_node(&dri));
    }
}
