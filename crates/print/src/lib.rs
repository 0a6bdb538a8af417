//! carnet-print: placeholder while dependencies build.
