"""How symbp's own templates (no course folder) are compiled and rendered: Jinja's code with two
calls fewer, and no reference cycle left behind.

A worksheet variant reads ~1,900 keys of plain dicts (`row.lhs`) and makes ~130 calls (macros,
`_`) in its three templates.  For the plain `Trusted` environment only (render/sandbox.py; a
course's folder keeps Jinja's sandbox as it is):

    FastGenerator   `x.name` of a plain dict that holds the key reads it in place, and so
                    does `x[key]` with a str or int key (`loop.first` reads the LoopContext's
                    property); anything else (another object, a missing key, a dict method's
                    name) goes to `environment.getattr`/`getitem` as before.  A loop's target or
                    a macro's argument is read as itself; a loop that sets nothing tests once a
                    pass whether its target is a dict, and its calls get no (always empty)
                    `_loop_vars`; a template without blocks or extends appends its root's
                    text (outside macros; an include's text too) to a list and yields it once,
                    joined (a yield resumes every template generator it passes through)
    (its runtime: trusted_runtime.py — ListLoop, FastContext, FastTemplate)

The rendered text is the same: each shortcut is taken only where Jinja's own path would give the
same value (tests/test_templates_trusted.py).
"""

from __future__ import annotations

import re

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.idtracking import VAR_LOAD_PARAMETER

from .sandbox import _DICT_ATTRIBUTES  # `x.items` of a dict is its method (sandbox._DictKeysFirst)


# what `loop.x` reads of a LoopContext: attributes and properties every LoopContext has
_LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                              "depth", "depth0", "previtem", "nextitem"})


_EVENTS = re.compile(r"(\n[ ]*)for event in gen:\n[ ]*yield event(?=\n)")  # an include's loop (Jinja's visit_Include)
_ROOT = "_root_output"  # the root's buffer (FastGenerator.enter_frame)
_ROOT_EVENTS = re.compile(rf"(\n[ ]*)for event in gen:\n[ ]*{_ROOT}\.append\(event\)(?=\n)")  # an include's loop, buffered
_JOINED = "_output_joined"  # the buffer's name while an output statement is written (FastGenerator.visit_Output)


class FastGenerator(CodeGenerator):
    @optimizeconst
    def visit_Getattr(self, node, frame) -> None:
        if node.attr in _DICT_ATTRIBUTES or self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        name = repr(node.attr)
        local = self._parameter(node.node, frame)  # (read as itself: no `_ga :=`)
        if local is None:
            self.write(f"(_ga[{name}] if type(_ga := ")
            self.visit(node.node, frame)
            self.write(") is dict")
            local = "_ga"
        else:  # (a loop's target: whether it is a dict known once per pass, see visit_For)
            self.write(f"({local}[{name}] if {self.dict_flags.get(local) or f'type({local}) is dict'}")
        loop = f"{local}.{node.attr} if type({local}) is LoopContext else " if node.attr in _LOOP_ATTRIBUTES else ""
        self.write(f" and {name} in {local} else {loop}environment.getattr({local}, {name}))")

    def _parameter(self, node, frame) -> str | None:
        """The Python name of a loop's target or a macro's argument, read as itself (Jinja's visit_Name
        writes only its name where it is surely defined); None for anything else."""
        if type(node) is not nodes.Name or node.ctx != "load":
            return None
        ref = frame.symbols.ref(node.name)
        load = frame.symbols.find_load(ref)
        if load is None or load[0] != VAR_LOAD_PARAMETER or self.parameter_is_undeclared(ref):
            return None
        return ref

    @optimizeconst
    def visit_Getitem(self, node, frame) -> None:
        if isinstance(node.arg, nodes.Slice) or self.environment.is_async:
            super().visit_Getitem(node, frame)
            return
        self.getitems = getattr(self, "getitems", 0) + 1  # names of their own: an item's key may hold another item
        item, key = f"_gi{self.getitems}", f"_gk{self.getitems}"
        self.write(f"({item}[{key}] if type({item} := ")
        self.visit(node.node, frame)
        self.write(f") is dict and (type({key} := ")
        self.visit(node.arg, frame)
        self.write(f") is str or type({key}) is int) and {key} in {item} else environment.getitem({item}, {key} "
                   f"if type({item}) is dict else ")
        self.visit(node.arg, frame)
        self.write("))")


    def visit_Macro(self, node, frame) -> None:
        outer, self.loop_sets = self.loop_sets, _loop_sets(node)  # (a macro's loops are in its own function)
        try:
            super().visit_Macro(node, frame)
        finally:
            self.loop_sets = outer

    def visit_Call(self, node, frame, **kwargs) -> None:
        """A call in a loop without `_loop_vars=_loop_vars` where no loop of the macro (or of the template,
        outside macros) sets a variable: its `_loop_vars` is {} then, which Jinja's Context.call and ours
        read as none passed (a loop's frame is its function's: an inner frame is no loop frame).
        A call of a function the environment calls directly
        (`direct_calls`: our `_` and `memo`) or of a plain macro (`_plain`) with as many positional
        arguments as it takes, calls it (the macro's function) at once; anything else through
        `context.call` (FastContext.call)."""
        if frame.loop_frame and not self.loop_sets:
            frame.loop_frame = False  # (read by visit_Call for its arguments only: an expression stores nothing)
            try:
                self.visit_Call(node, frame, **kwargs)
            finally:
                frame.loop_frame = True
            return
        if kwargs.get("forward_caller") or self.environment.is_async:
            super().visit_Call(node, frame, **kwargs)
            return
        # a loop's or block's variables go to context.call only (which Jinja's Context.call reads for a
        # function taking the context; FastContext.call drops them for a macro or a plain function)
        fallback = "partial(context.call, _dc" + "".join(
            f", {name}={name}" for name, passed in (("_loop_vars", frame.loop_frame), ("_block_vars", frame.block_frame))
            if passed) + ")"
        positional = not (node.kwargs or node.dyn_args or node.dyn_kwargs)
        if positional:  # (a plain macro given all its arguments: its function, as FastContext.call calls it)
            self.write("(_dc._func if type(_dc := ")  # (the callee is on the stack before the arguments rebind _dc)
            self.visit(node.node, frame)
            self.write(f") is Macro and _dc._argument_count == {len(node.args)} and "
                       f"(_dc.__dict__.get('symbp_plain') or plain_macro(_dc)) else _dc if _dc in direct_calls "
                       f"else {fallback})(")
        else:
            self.write("(_dc if (_dc := ")
            self.visit(node.node, frame)
            self.write(f") in direct_calls else {fallback})(")
        start = self.stream.tell()
        self.signature(node, frame)
        arguments = self.stream.getvalue()[start:]
        self.stream.seek(start)
        self.stream.truncate()
        self.stream.write(arguments[2:] if arguments.startswith(", ") else arguments)  # (its leading comma)
        self.write(")")

    def visit_For(self, node, frame) -> None:
        """A loop over one name that sets nothing (no else, filter or recursion): whether its target
        is a dict tested once a pass (`_dict_l_2_row = type(l_2_row) is dict`), not at each `row.x`."""
        plain = type(node.target) is nodes.Name and not (node.test or node.recursive or node.else_) \
            and node.find(nodes.Assign) is None and node.find(nodes.AssignBlock) is None
        self.for_target = node.target.name if plain else None
        before = set(self.dict_flags)
        try:
            super().visit_For(node, frame)
        finally:
            self.for_target = None
            for ref in set(self.dict_flags) - before:
                del self.dict_flags[ref]

    def enter_frame(self, frame) -> None:
        super().enter_frame(frame)
        if frame.rootlevel and frame.buffer is None and self.root_buffered:  # (the root's frame: see visit_Template)
            self.writeline(f"{_ROOT} = []")
            frame.buffer = _ROOT
        if self.for_target is not None and frame.loop_frame:  # (the loop's own frame: its target's name)
            self.target_ref, self.for_target = frame.symbols.ref(self.for_target), None

    def writeline(self, x: str, node=None, extra: int = 0) -> None:
        if x == "_loop_vars = {}":  # (the first line of a loop's body)
            ref, self.target_ref = self.target_ref, None
            if ref is not None:
                self.dict_flags[ref] = flag = f"_dict_{ref}"
                super().writeline(f"{flag} = type({ref}) is dict", node, extra)
            if not self.loop_sets:  # (read by no call: see visit_Call)
                x = "pass"
        super().writeline(x, node, extra)

    def visit_Output(self, node, frame) -> None:
        """The pieces of one output statement made one text by one `%` of a format holding its constant
        text (`'\\summaryentry{%s}{%s}' % (a, b)`: each value made a text by str, as Jinja's `str(a)`),
        yielded once or appended to the macro's buffer once: each yield resumes every template generator
        it passes through (an include's, its includer's), ~2,000 a variant.  Where something else
        than str makes the text (autoescape, a finalize function) or only under a condition (extends),
        as Jinja writes it, the pieces of an unbuffered output yielded as one text (`_concat_output`)."""
        if frame.require_output_check or self.environment.is_async or self.environment.finalize \
                or frame.eval_ctx.volatile or frame.eval_ctx.autoescape:
            self._concat_output(node, frame)
            return
        finalize = self._make_finalize()
        pieces, values = [], []
        for child in node.nodes:
            try:  # (a constant as Jinja's visit_Output finds it)
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):  # noqa: BLE001 (Jinja's own test: evaluated when rendered)
                pieces.append("%s")
                values.append(child)
                continue
            pieces.append(const.replace("%", "%%"))
        if not values:
            super().visit_Output(node, frame)
            return
        text = repr("".join(pieces))
        self.writeline(f"yield {text} % (" if frame.buffer is None else f"{frame.buffer}.append({text} % (", node)
        for child in values:
            self.visit(child, frame)
            self.write(", ")
        self.write(")" if frame.buffer is None else "))")

    def _concat_output(self, node, frame) -> None:
        if frame.buffer is not None or self.environment.is_async or len(node.nodes) < 2:
            super().visit_Output(node, frame)
            return
        start = self.stream.tell()
        frame.buffer = _JOINED
        try:
            super().visit_Output(node, frame)
        finally:
            frame.buffer = None
        code = self.stream.getvalue()[start:]
        if f"{_JOINED}.append(" in code:  # one piece: `.append(piece,)`
            code = code.replace(f"{_JOINED}.append(", "yield concat((", 1) + ")"
        else:
            code = code.replace(f"{_JOINED}.extend((", "yield concat((", 1)
        self.stream.seek(start)
        self.stream.truncate()
        self.stream.write(code)

    def visit_Include(self, node, frame) -> None:
        """An include's text passed on by `yield from` (each piece in C), or in a root's buffer by
        `extend`, instead of a loop passing on each piece again; the loop's second line kept as
        `pass`, so that the code's lines still map to the template's."""
        start = self.stream.tell()
        super().visit_Include(node, frame)
        if frame.buffer not in (None, _ROOT) or self.environment.is_async:
            return
        code = self.stream.getvalue()[start:]
        if frame.buffer is None:
            passed = _EVENTS.sub(r"\1yield from gen\1pass", code)
        else:  # (the root's buffer: the pieces appended in C)
            passed = _ROOT_EVENTS.sub(rf"\1{_ROOT}.extend(gen)\1pass", code)
        if passed != code:
            self.stream.seek(start)
            self.stream.truncate()
            self.stream.write(passed)

    def leave_frame(self, frame, with_python_scope: bool = False) -> None:
        if frame.rootlevel and frame.buffer == _ROOT:
            self.writeline(f"yield concat({_ROOT})")
        super().leave_frame(frame, with_python_scope)

    def visit_Template(self, node, frame=None) -> None:
        """The root's text (outside macros) appended to a list and yielded once, joined, where the
        template has no blocks, extends nothing and includes nothing without context (root_buffered): a yield resumes every template
        generator it passes through (an include's and its includer's), ~300 a variant."""
        # (an include without context is written `yield from …_body_stream` whatever the frame's buffer: its
        # text would come out before the buffered root's, so such a template is not buffered)
        self.root_buffered = not (self.environment.is_async or node.find(nodes.Extends) or node.find(nodes.Block)
                                  or any(not include.with_context for include in node.find_all(nodes.Include)))
        self.loop_sets = _loop_sets(node)
        self.dict_flags: dict = {}  # a loop target's Python name -> the name of its flag "is a dict", in its loop
        self.for_target = self.target_ref = None  # (visit_For -> enter_frame -> writeline)
        super().visit_Template(node, frame)
        self.writeline("LoopContext = environment.list_loop")  # (read when a loop runs: after this line)
        self.writeline("direct_calls = environment.direct_calls")  # (and when a call runs)
        self.writeline("from functools import partial")
        self.writeline("from symbp.render.trusted_runtime import _plain as plain_macro")


def _loop_sets(node) -> bool:
    """Whether a loop anywhere inside `node` sets a variable (what fills a loop's `_loop_vars`)."""
    return any(loop.find(nodes.Assign) is not None or loop.find(nodes.AssignBlock) is not None
               for loop in node.find_all(nodes.For))
