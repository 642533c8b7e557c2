"""maglib — the pure domain library behind the magnesium app.

Data flows one way: ``data/*.csv`` → :mod:`maglib.data` (validated once) → pure
functions in the domain modules → thin Streamlit pages. Nothing in this package
imports streamlit; only :mod:`maglib.data` (and the offline build script
:mod:`maglib.build_foods`) touch files.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
