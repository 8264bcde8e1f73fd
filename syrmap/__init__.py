"""The `syrmap` command-line app: thin commands over gazetteer, geo and maps."""
