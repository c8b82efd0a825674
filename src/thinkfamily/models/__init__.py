"""Every file format once, one module per family of formats (see `common`)."""
