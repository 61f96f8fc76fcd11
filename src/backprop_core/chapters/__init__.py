"""Helpers that serve one chapter each.

- worked_example   the worked example: one network's backward pass, every number in one table
- gradient_timing  why gradients: finite differences against one backward pass, timed
"""
