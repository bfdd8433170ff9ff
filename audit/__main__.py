"""python -m audit: the same program as the ``mtaudit`` console script."""

from audit.cli import main

if __name__ == "__main__":
    main()
