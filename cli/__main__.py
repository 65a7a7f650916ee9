"""`python -m cli` runs the `hyojunka` command line."""

from cli.main import main

if __name__ == "__main__":
    main()
