"""backprop_core: the machinery every chapter of backprop-book calls.

One module, one job; chapters import from here and never redefine these functions.
"""

__version__ = "0.1.0"
