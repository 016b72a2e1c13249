"""Counting model parameters: a line has two, a small dense network has many."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParameterCount:
    """How many model parameters a straight line and a dense network have."""

    line: int
    network_widths: str  # the layer widths, as "784 → 256 → 128 → 10"
    network_weights: int
    network_biases: int
    network_total: int


# --8<-- [start:count]
def dense_network_parameters(widths):
    """Weights and biases of a fully connected network with these layer widths.

    Each layer maps fan_in inputs to fan_out units: a fan_in x fan_out weight
    matrix plus one bias per unit.
    """
    layers = zip(widths[:-1], widths[1:], strict=True)
    weights = sum(fan_in * fan_out for fan_in, fan_out in layers)
    biases = sum(widths[1:])
    return weights, biases


# --8<-- [end:count]


# --8<-- [start:compute]
def compute(widths=(784, 256, 128, 10)):
    """Count the parameters of y = m x + c and of a dense network with these widths.

    No data and no randomness: the counts follow from the shapes alone. The default
    widths are a small classifier of 28 x 28 images into 10 classes.
    """
    weights, biases = dense_network_parameters(widths)
    return ParameterCount(
        line=sum(dense_network_parameters((1, 1))),  # y = m x + c: one weight, one bias
        network_widths=" → ".join(str(w) for w in widths),
        network_weights=weights,
        network_biases=biases,
        network_total=weights + biases,
    )


# --8<-- [end:compute]
