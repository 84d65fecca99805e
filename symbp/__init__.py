"""symbp: symbolic backpropagation.

Turns a small neural network (a TOML spec) into a complete, verified, worked backpropagation
solution, and into randomized exercise variants.  Pipeline, one module per stage:

    spec.py (TOML -> Spec) -> network.py (symbols, local definitions) -> derivation.py (chain rule ->
    quantities) -> evaluate.py (exact numbers) -> verify.py (independent float path) -> render/
"""

__version__ = "0.1.0"
