"""The core: one engine for every backprop exercise — micrograd's shape, symbolic.

Two levels, as in micrograd (`engine.py`, `nn.py`): operations, and builders that assemble
exercises from them.  Nothing above the operations knows a derivative.

    identity.py    structured identities (kind, layer, indices, step, sample, label; a derivative's
                   `of` and `wrt`) and the one scheme that prints their names and parses them back
                   (identity_parse.py)
    expr.py        local definitions as ordered trees (Ref, Const, Call of an operation, Cases) <-> SymPy
    operations.py  the registry: forward rule (SymPy), local derivative (SymPy differentiating the
                   rule, cached), display, rational or not, kinks and branches, undefined points
    floats.py      the independent float64 twin of every operation (verification only)
    numeric.py     values: exact Fractions while rational, 50-digit mpmath numbers from the first
                   transcendental function of a non-special argument on
    graph.py       a graph of named nodes (givens and local definitions, in order) and its values
    chain.py       the chain rule, generic: dX = Σ over X's consumers C of dC · ∂C/∂X, every local
                   derivative and every gradient a node of the graph (evaluated, verified, shown)
    display.py     the one printer of trees and names (LaTeX, text; symbolic or with numbers), its
                   notations over tree_printer.py (precedences, parentheses, dispatch)

The network's builders live beside the core, not in it (symbp/network.py, losses.py).

How the network moves onto the core (the later port is mechanical):

1. Builders replace derivation.py.  `network.build_network(spec)` already builds, per step and
   sample, z = W a + b and a = f(z) (`dense`), the loss (`LOSS_BUILDERS`, one entry per loss, as
   trees of registered operations), the chain rule from each sample's own loss (`chain.backward`
   from L[s]@t with respect to the parameters at step t), the batch means, and the SGD update
   w@t+1 = w@t − α·dL/dw@t.  Its values equal today's engine (tests/test_core_network.py).  An
   optimizer (issue 11) is another builder of update nodes (its state quantities are nodes with
   identities of new kinds, e.g. "v" for a velocity); an activation or a loss is one registry
   entry plus its float twin; a layer kind is another builder like `dense`.
2. Quantities of the worked solution are nodes.  δ_j^l is gradient(L, z_j^l) (printed `delta_j^l`),
   (W^T δ)_k is gradient(L, a_k^l) (`dL/da_k^l`), f'(z) is local(a, z) (`local:da_j^l/dz_j^l`):
   render/worked.py stops computing and checking numbers and only prints nodes.  Its groupings
   (forward pass, ③ formulas, ④ output layer, …) select nodes by identity kind and role.
3. Names (done): identity.py prints and parses every name (tests/test_core_identity.py), the
   general formulas' too (`generic`: w_jk^l+1, delta_j^l, a_k^l-1); names.py is its door and
   render/printers.py prints a name from its parsed identity; JSON keys, answers templates and
   `check` keep their spellings.
4. Numbers: numeric.Domain is the hybrid domain issue 8 asks for: a quantity stays a Fraction
   unless a transcendental function made it irrational; evaluate.py's compiler gives way to
   `numeric.compile_tree`, and `graph.solve_values` keeps today's fallback to 50 digits for
   exact numbers that outgrow 400 bits.  The calculator mode becomes an evaluation that rounds
   each node's value as it is written (a `round_to` in `graph.evaluate`).
5. Verification: verify.py's float path runs every graph through `floats.FLOAT_TWINS` (as
   graph/verify.py does), so a missing twin is a registry test failure, not a KeyError.
6. Display: printers.py's Printer gives way to display.py's (dispatch by node class and by the
   operation's registered display style); templates keep their context keys.
"""
