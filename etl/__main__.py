"""`python -m etl` runs the `hyojunka` command line."""

from etl.cli import main

if __name__ == "__main__":
    main()
