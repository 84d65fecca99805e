"""A spec -> a PrairieLearn question folder whose variants symbp draws and marks.

In:  the spec (with its [variants] table), the built `Worksheet` (its first variant names the
     asked quantities, the same in every variant of the spec), the sheet's `SheetOptions`.
Out: the folder's files (name -> text):

    info.json             uuid (a UUID5 of the spec and the options: the same export gives the
                          same UUID, another spec or other options another), title, topic, tags
    question.html         the givens (from params), one pl-number-input per asked quantity in the
                          worksheet's tasks, the worked solution in the answer panel
    server.py             generate/parse/grade, each one call into symbp.export.pl_runtime
    symbp-question.json   what server.py needs: the spec, the agreement rule, the tasks, the parts

server.py draws the variant from PrairieLearn's variant seed (as `symbp worksheet` draws variant k
from its seed) and marks with `symbp check`'s error-carried-forward marking (pl_runtime.py).

Templates: prairielearn/question.html.jinja, prairielearn/server.py.jinja, prairielearn/texts.jinja.
"""

from __future__ import annotations

import html
import json
import uuid
from pathlib import PurePosixPath

CONFIG = "symbp-question.json"
FILES = ("info.json", "question.html", "server.py", CONFIG)
SERVER = PurePosixPath("prairielearn/server.py.jinja")  # the code PrairieLearn runs: symbp's template alone


def _read(path) -> bytes | None:
    try:
        return path.read_bytes() if path.stat().st_size <= 1 << 20 else None
    except OSError:
        return None
# Fixed namespace of symbp's question UUIDs (uuid5 of the export's content within it).
NAMESPACE = uuid.UUID("6f1b3c52-94e4-5b0e-9d2a-73a1c0de5b13")


def question_config(spec, options, rule, asked: list[dict], ask, solution) -> dict:
    from .. import __version__
    from ..spec import spec_to_dict
    from ..tasks import asked_names

    computed = {name: place for place, name in enumerate(asked_names(solution, ask))}
    in_computation_order = sorted(asked, key=lambda part: computed[part["name"]])
    return {
        "symbp_version": __version__,
        "name": spec.name,
        "spec": {**spec_to_dict(spec), **({"variants": spec.variants} if spec.variants else {})},
        "digits": rule.digits,
        "min_digits": rule.minimum,
        "detail": options.detail,
        "ask": list(ask),
        # in order of computation, as before the sheet showed them in the key's order: the question's UUID is a
        # hash of this config, and PrairieLearn keeps a question's students' work by its UUID
        "parts": [{"name": p["name"], "slug": p["slug"], "points": p["points"]} for p in in_computation_order],
        **({"locale": options.locale} if options.locale != "en" else {}),  # the language of its texts at run time
        **({"key": options.key} if options.key != "carried" else {}),  # an exact key's answer panel (stop 55)
    }


def question_uuid(config: dict) -> str:
    """Reproducible: a UUID5 of everything that makes the question what it is."""
    content = json.dumps({k: v for k, v in config.items() if k != "symbp_version"}, sort_keys=True)
    return str(uuid.uuid5(NAMESPACE, content))


def question_folder(spec, worksheet, seed: int, options, rule=None) -> dict[str, str]:
    """The files of the question folder (see the module docstring)."""
    from ..agreement import Rule
    from ..errors import SpecError
    from ..render.templates import render_template, template_macros, templates_folder
    from ..resources import templates_dir
    from ..variants import settings_from_spec
    from ..worksheet import sheet_metadata
    from . import cloze, view

    rule = rule or Rule(options.digits)
    ask = settings_from_spec(spec).ask
    first = worksheet.variants[0]
    asked = view.parts(first.solution, ask, rule)
    for part in asked:
        part["label"] = html.escape(part["symbol"].replace("{{", "{ {").replace("}}", "} }"))  # never a mustache tag
    context = view.variant_view(first, ask, options)
    groups = view.task_groups(context["tasks"], asked)
    config = question_config(spec, options, rule, asked, ask, first.solution)
    meta = sheet_metadata(spec, options)
    texts = template_macros("prairielearn/texts.jinja", options.templates_dir)
    info = {
        "uuid": question_uuid(config),
        "title": str(texts.title(meta)).strip(),
        "topic": str(texts.topic()).strip(),
        "tags": ["symbp", spec.name],
        "type": "v3",
    }
    question = render_template("prairielearn/question.html.jinja", options.templates_dir,
                           sheet={k: cloze.text(v) for k, v in meta.items()}, groups=groups, rule=rule,
                               setting=context["setting"])
    server = render_template(SERVER.as_posix(), None, config_file=CONFIG)  # symbp's code, never a course's
    course_server = templates_folder(options.templates_dir) / SERVER if options.templates_dir else None
    if course_server is not None and course_server.exists() and _read(course_server) != _read(templates_dir() / SERVER):
        # (a copy of symbp's own folder, the file unchanged, is no course's code)
        raise SpecError("template prairielearn/server.py.jinja", "a course's folder may not replace server.py, the "
                                                                  "code PrairieLearn runs: word the question with "
                                                                  "prairielearn/texts.jinja and question.html.jinja")
    return {
        "info.json": json.dumps(info, indent=2, ensure_ascii=False) + "\n",
        "question.html": question,
        "server.py": server,
        CONFIG: json.dumps(config, indent=2, ensure_ascii=False) + "\n",
    }
