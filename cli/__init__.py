"""The `hyojunka` command line: the root group and entry point in `cli.main`, the commands by subject."""
