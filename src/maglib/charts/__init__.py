"""Altair chart builders: pure functions returning chart objects.

One module per page (``compare``, ``diet``, ``schedule``, ``journal``); tests
inspect the returned spec (``chart.to_dict()``) rather than pixels.
"""
