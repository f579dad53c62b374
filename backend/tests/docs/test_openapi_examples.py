"""Every operation of the OpenAPI document can be used from the document alone: it says what it
does in a sentence, each request body comes with an example, each JSON answer has a schema, and
every example is one the API would accept.

Each test gathers every problem before failing, so one run lists all that is missing, each line
naming the operation (``POST /api/v1/teams``) and what it lacks.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterator
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from heron.main import create_app
from tests.generated.routes import API_PREFIX, api_routes, collection_settings

APP = create_app(collection_settings())
DOCUMENT = APP.openapi()
SCHEMAS: dict[str, Any] = DOCUMENT["components"]["schemas"]
METHODS = {"get", "post", "put", "patch", "delete"}
JSON = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
# A sentence: starts with a capital (or a quoted name such as `PATCH`), ends with a full stop,
# question or exclamation mark (a closing bracket or quote may follow), and has a few words.
SENTENCE_START = re.compile(r"^[A-Z`\"']")
SENTENCE_END = re.compile(r"[.!?][)\"'`]?$")
MIN_WORDS = 3


def _operations() -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in DOCUMENT["paths"].items():
        if not path.startswith(API_PREFIX + "/"):
            continue
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref``; an optional body (``anyOf: [<ref>, null]``) is its non-null branch."""
    while True:
        if "$ref" in schema:
            schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
            continue
        branches = [s for s in schema.get("anyOf", []) if s != {"type": "null"}]
        if len(branches) == 1 and set(schema) <= {"anyOf", "title", "description", "default"}:
            schema = branches[0]
            continue
        return schema


def _name(schema: dict[str, Any]) -> str:
    refs = [s["$ref"] for s in [schema, *schema.get("anyOf", [])] if "$ref" in s]
    return refs[0].rsplit("/", 1)[-1] if refs else "an inline schema"


def _is_sentence(text: str) -> bool:
    text = text.strip()
    return (
        bool(SENTENCE_START.match(text))
        and bool(SENTENCE_END.search(text))
        and len(text.split()) >= MIN_WORDS
    )


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s) in the OpenAPI document:\n  " + "\n  ".join(problems)


class TestOperationsAreDescribed:
    def test_the_document_has_operations_under_api_v1(self) -> None:
        assert len(list(_operations())) > 50

    def test_every_operation_has_a_summary(self) -> None:
        problems = [
            f"{label}: no summary"
            for label, operation in _operations()
            if not operation.get("summary", "").strip()
        ]

        assert not problems, _report(problems)

    def test_every_operation_has_a_description_of_a_full_sentence(self) -> None:
        problems = []
        for label, operation in _operations():
            description = operation.get("description", "")
            if not description.strip():
                problems.append(f"{label}: no description (write the endpoint's docstring)")
            elif not _is_sentence(description):
                problems.append(
                    f"{label}: the description is not a full sentence "
                    f"(capital first, full stop last, {MIN_WORDS}+ words): {description!r}"
                )

        assert not problems, _report(problems)


class TestBodiesHaveExamples:
    def test_every_request_body_has_an_example(self) -> None:
        problems = []
        for label, operation in _operations():
            body = operation.get("requestBody")
            if body is None:
                continue
            for media_type, content in body.get("content", {}).items():
                schema = content.get("schema", {})
                name = _name(schema)
                resolved = _resolve(schema)
                if not any(
                    [
                        resolved.get("examples"),
                        "example" in resolved,
                        content.get("examples"),
                        "example" in content,
                    ]
                ):
                    problems.append(
                        f"{label}: the {media_type} request body ({name}) has no example; "
                        'add model_config json_schema_extra={"examples": [...]} to its model'
                    )

        assert not problems, _report(problems)

    def test_every_json_success_answer_references_a_schema(self) -> None:
        problems = []
        for label, operation in _operations():
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                for media_type, content in (response.get("content") or {}).items():
                    if JSON.match(media_type) and "$ref" not in content.get("schema", {}):
                        problems.append(
                            f"{label}: the {status} {media_type} answer does not reference a "
                            "schema (give the route a response_model)"
                        )

        assert not problems, _report(problems)


# The request models, found from the routes (not the document) to validate their examples with
# the very models the API validates requests with.


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The pydantic models an annotation names: itself, or those inside Optional/list/Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _models_in(get_args(annotation)[0])
    elif origin is not None or isinstance(annotation, types.UnionType):
        for argument in get_args(annotation):
            yield from _models_in(argument)


def _request_models() -> dict[type[BaseModel], str]:
    """Every model a request body is made of (nested ones too), with an operation using it."""
    found: dict[type[BaseModel], str] = {}
    pending: list[tuple[type[BaseModel], str]] = []
    for route in api_routes(APP):
        field = route.route.body_field
        if field is not None and route.original.include_in_schema:
            pending.extend((m, route.label) for m in _models_in(field.field_info.annotation))
    while pending:
        model, label = pending.pop()
        if model in found:
            continue
        found[model] = label
        for info in model.model_fields.values():
            pending.extend((m, label) for m in _models_in(info.annotation))
    return found


def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The field's type with its constraints (max_length, pattern, ...) as the model has them."""
    info = model.model_fields[name]
    if not info.metadata:
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[info.annotation, *info.metadata])


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc']) or '(body)'}: {first['msg']}"


REQUEST_MODELS = _request_models()


class TestExamplesAreValid:
    def test_request_models_are_found(self) -> None:
        names = {model.__name__ for model in REQUEST_MODELS}

        assert {"TeamCreate", "BulkRequest", "StageIn"} <= names

    def test_every_model_example_validates_against_its_model(self) -> None:
        problems = []
        checked = 0
        for model, label in REQUEST_MODELS.items():
            for example in model.model_json_schema().get("examples", []):
                checked += 1
                try:
                    # As a client sends it: JSON, so ids and amounts are strings.
                    model.model_validate_json(json.dumps(example))
                except ValidationError as error:
                    problems.append(
                        f"{label}: an example of {model.__name__} is refused "
                        f"({_first_error(error)}): {example}"
                    )

        assert checked > 20
        assert not problems, _report(problems)

    def test_every_field_example_validates_against_its_field(self) -> None:
        problems = []
        for model, label in REQUEST_MODELS.items():
            for name, info in model.model_fields.items():
                if not info.examples:
                    continue
                adapter = _field_adapter(model, name)
                for example in info.examples:
                    try:
                        adapter.validate_json(json.dumps(example))
                    except ValidationError as error:
                        problems.append(
                            f"{label}: the example {example!r} of {model.__name__}.{name} is "
                            f"refused ({_first_error(error)})"
                        )

        assert not problems, _report(problems)

    def test_media_type_examples_validate_against_the_body_model(self) -> None:
        """Examples given on the operation (``openapi_extra``) rather than on the model."""
        problems = []
        for route in api_routes(APP):
            field = route.route.body_field
            if field is None:
                continue
            operation = DOCUMENT["paths"][route.path][route.method.lower()]
            content = operation.get("requestBody", {}).get("content", {})
            # JSON bodies only: a multipart upload's file has no JSON form to validate.
            examples = [
                example
                for media_type, media in content.items()
                if media_type == "application/json"
                for example in (
                    ([media["example"]] if "example" in media else [])
                    + [e.get("value") for e in media.get("examples", {}).values()]
                )
            ]
            adapter: TypeAdapter[Any] = TypeAdapter(field.field_info.annotation)
            for example in examples:
                try:
                    adapter.validate_json(json.dumps(example))
                except ValidationError as error:
                    problems.append(
                        f"{route.label}: an example body is refused ({_first_error(error)})"
                    )

        assert not problems, _report(problems)
