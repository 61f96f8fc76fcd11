"""The version of backprop-book and its package: the one place it is written.

``backprop_core.__version__`` re-exports it; pyproject.toml and tools/bpb_run.py read it
from this file without importing the package; quiz.progress writes it into the progress
page and its export.
"""

__version__ = "0.2.0"
