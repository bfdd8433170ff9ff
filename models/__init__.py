"""The trained model files, installed with mtaudit as the package ``mtaudit_models``.

This folder holds data, not code: it is a package only so that a wheel carries the files the
default pipeline needs and ``audit.lexicon.models_dir`` finds them with ``importlib.resources``
wherever mtaudit is installed (``pip install .``, a git URL, a wheel), not only in a checkout.
Each subfolder has a ``metadata.json`` with the size, SHA-256, corpus and licence of its files.
"""
