"""Specs of the whole public API for the contract test (tests/api/): one module per
subpackage of backprop_core, each with a list ``SPECS`` (see support/contract.py)."""
