"""A blank answers file for `symbp check`: every quantity of a solution, in the order the worked
solution shows them (`display_order`, also the order of a worksheet key's summary), grouped under
the steps ①–⑧ of the worked solution (template text/check-answers.toml.jinja).

Each value is the empty string "" — not answered — until the student fills in a number; so are
`student` (a name) and, for a worksheet, `variant` (the variant's number).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import format_decimal

# stage of a quantity kind in one training step; the layer stages split output and hidden layers
_STAGE = {
    "pre_activation": "forward", "activation": "forward", "sample_loss": "cost", "loss": "cost",
    "activation_derivative": "layer", "backpropagated": "layer", "output_delta": "layer", "hidden_delta": "layer",
    "weight_gradient": "layer", "bias_gradient": "layer",
    "weight_update": "update", "bias_update": "update",
    # the optimizer and the regularization (training.py): R and J with the cost, ∂J/∂p and the
    # state of step t with the update that makes step t + 1's parameters
    "penalty": "cost", "regularized_cost": "cost", "regularized_gradient": "update", "optimizer_state": "update",
}
_AT_STEP = ("regularized_gradient", "optimizer_state")  # update quantities named by the step they use
_AFTER_TRAINING = {"forward": "new_forward", "cost": "new_cost"}


@dataclass
class Group:
    stage: str  # forward, cost, output_layer, hidden_layer, update, new_forward, new_cost
    step: int  # training step (updates: the step whose gradients they use)
    layer: int | None = None
    sample: int | None = None
    names: list = field(default_factory=list)


def _stage(quantity, depth: int, steps: int) -> str:
    stage = _STAGE[quantity.kind]
    if stage == "layer":
        return "output_layer" if quantity.layer == depth else "hidden_layer"
    if quantity.step > steps and stage in _AFTER_TRAINING:
        return _AFTER_TRAINING[stage]
    return stage


# Within a layer of the backward pass: f'(z), (W^T δ) and δ first (in the worked solution's
# order), then every ∂L/∂w, then every ∂L/∂b.
_BACKWARD_RANK = {"activation_derivative": 0, "backpropagated": 0, "output_delta": 0, "hidden_delta": 0,
                  "weight_gradient": 1, "bias_gradient": 2}


def display_order(solution) -> list:
    """The quantities in the worked solution's order: per training step the forward pass (sample by
    sample, layer by layer, z before a), the losses (each sample's, then the batch's), each
    sample's backward pass (output layer first; per layer δ, ∂L/∂w, ∂L/∂b), the batch's mean
    gradients (output layer first) and the update (output layer first); then the forward pass and
    loss with the final parameters."""
    spec = solution.spec
    batch_mean = len(spec.inputs) + 1  # a batch's own loss and gradients come after its samples

    def key(item):
        position, q = item
        stage = _STAGE[q.kind]
        if stage == "forward":
            return (q.step, 0, q.sample or 0, q.layer, position)
        if stage == "cost":
            return (q.step, 1, q.sample or batch_mean, 0, position)
        if stage == "layer":
            if spec.batch and q.sample is None:
                return (q.step, 3, 0, -q.layer, position)
            return (q.step, 2, q.sample or 0, -q.layer, _BACKWARD_RANK[q.kind], position)
        # the update that uses step q.step - 1's gradients
        return (q.step if q.kind in _AT_STEP else q.step - 1, 4, 0, -q.layer, position)

    return [q for _, q in sorted(enumerate(solution.derivation.quantities), key=key)]


def groups(solution, asked=None) -> list[Group]:
    """Consecutive quantities of one stage, step, layer and sample, in `display_order` (only those
    `asked`, if given)."""
    spec = solution.spec
    out: list[Group] = []
    for q in display_order(solution):
        if asked is not None and q.name not in asked:
            continue
        stage = _stage(q, spec.depth, spec.steps)
        step = q.step - 1 if stage == "update" and q.kind not in _AT_STEP else q.step
        layer = q.layer if stage in ("output_layer", "hidden_layer") else None
        key = (stage, step, layer, q.sample)
        if not out or (out[-1].stage, out[-1].step, out[-1].layer, out[-1].sample) != key:
            out.append(Group(stage, step, layer, q.sample))
        out[-1].names.append(q.name)
    return out


def spec_argument(source, spec_name: str) -> str:
    """How the answers file's first line tells `symbp check` the spec it answers: `--example NAME`
    for a built-in example, a file's name as it was given (quoted for the shell), SPEC for TOML
    text, a table or standard input; NAME.toml when the source is not known (`source`: the
    public spec's, set by symbp.load / symbp.example / symbp.spec_from_dict)."""
    import shlex

    if source is None:
        return f"{spec_name}.toml"
    if source[0] == "example":
        return f"--example {source[1]}"
    if source[0] == "file" and source[1].isprintable():
        return shlex.quote(source[1])
    return "SPEC"


def api_spec_argument(source, spec_name: str) -> str:
    """The spec as `symbp.check(...)` takes it, where the Python API made the answers file:
    symbp.example("NAME"), symbp.load("FILE") (NAME.toml where the source is not known), else spec."""
    import json

    if source is None:
        return f"symbp.load({json.dumps(f'{spec_name}.toml', ensure_ascii=False)})"
    if source[0] == "example":
        return f"symbp.example({json.dumps(source[1])})"
    if source[0] == "file" and source[1].isprintable():
        return f"symbp.load({json.dumps(source[1], ensure_ascii=False)})"
    return "spec"


def check_command(source, spec_name: str, worksheet: bool = False) -> tuple[str, str]:
    """The call that marks the filled answers file, as its first line names it, before and after the
    file's word (THIS-FILE): `symbp check SPEC THIS-FILE` (--key answers.json for a worksheet's) where
    the `symbp` command made it, `symbp.check(spec, "THIS-FILE")` where the Python API did
    (option_words.py)."""
    from ..option_words import on_command_line, option

    if on_command_line():
        return f"symbp check {option('key') if worksheet else spec_argument(source, spec_name)} ", ""
    return f"symbp.check({option('key') if worksheet else api_spec_argument(source, spec_name)}, \"", "\")"


def render_answers_template(solution, report=None, templates_dir=None, digits: int = 4, asked=None,
                            worksheet: bool = False, source=None, title: str | None = None, sheet: str | None = None,
                            numbers: dict | None = None, cost_change: str | None = None, variant_example=None,
                            **_options) -> str:
    """`asked`: only these quantities (a worksheet's tasks); `worksheet`: with a `variant` key;
    `source`: where the spec came from (see `spec_argument`); `title`: the sheet's (--title); `numbers`:
    task -> its number (tasks.task_numbers; a worksheet's, else the worked solution's steps ①–⑧, ⑦ without
    a hidden layer); `cost_change`: "fall" or "change" where the sheet asks by how much the cost fell
    (or changed), which has no line of its own; `variant_example`: the sheet's first variant, the one its
    `variant = …` comment shows (3 where there is none)."""
    from ..tasks import TASKS, task_numbers
    from ..agreement import default_min_digits
    from ..worksheet import default_title
    from .templates import render_template

    spec = solution.spec
    kept = [g for g in groups(solution, asked)]
    rate = format_decimal(spec.learning_rate)
    return render_template(
        "text/check-answers.toml.jinja", templates_dir,
        title=title or spec.title or default_title(spec, templates_dir),
        spec_argument=spec_argument(source, spec.name),
        check_command=check_command(source, spec.name, worksheet),
        worksheet=worksheet,
        variant_example=variant_example,
        sheet=sheet,  # a worksheet's id (key_seal.sheet_id): checked against the key's
        digits=digits,
        min_digits=default_min_digits(digits),
        groups=kept,
        steps=spec.steps,
        batch=spec.batch,
        softmax=any(layer.activation == "softmax" for layer in spec.layers),  # a worksheet's: the key's e^z
        learning_rate=rate.text,
        rate_relation="≈" if rate.rounded else "=",  # a rate of many digits: rounded
        first=kept[0].names[0],
        numbers=numbers or task_numbers(TASKS, spec.depth),
        cost_change=cost_change,
        # under the last cost (the mean of a batch's: the fall is the cost's, not each sample's)
        cost_change_at=max((i for i, g in enumerate(kept) if g.stage == "new_cost"), default=None),
    )
