"""The JSON Schema of a structured output, checked against the keywords' own shapes.

A client's ``response_format`` (Chat), ``text.format`` (Responses) or
``output_config.format`` (Anthropic) schema becomes a llama.cpp grammar on the local route.
A schema that breaks the JSON Schema meta-schema (``{"type": []}``, ``{"anyOf": {}}``), or
one that admits no value at all (``{"enum": []}``: the spec says an enum SHOULD have an
element), converts to a grammar with an empty rule, which llama.cpp fails to parse and the
worker then crashes on. So the schema's keywords are checked here, with the meta-schema's
rules (JSON Schema 2020-12 "Core" and "Validation", plus draft-07's array ``items`` and
``definitions``), and a bad one is a 400 naming the keyword. Keywords not listed are left
alone.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from sidecar.protocols.inbound import parameters

JSON_TYPES = frozenset({"string", "number", "integer", "object", "array", "boolean", "null"})


def _boolean_schema(value: Any) -> Any:
    # ``true`` and ``false`` are schemas too; only their shape matters here.
    return {} if isinstance(value, bool) else value


class Schema(BaseModel):
    """A JSON Schema, as far as its keywords' shapes go."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    type: Any = None
    enum: Annotated[list[Any], Field(min_length=1)] | None = None
    anyOf: Annotated[list[SubSchema], Field(min_length=1)] | None = None
    oneOf: Annotated[list[SubSchema], Field(min_length=1)] | None = None
    allOf: Annotated[list[SubSchema], Field(min_length=1)] | None = None
    not_: SubSchema | None = Field(None, alias="not")
    properties: dict[str, SubSchema] | None = None
    patternProperties: dict[str, SubSchema] | None = None
    additionalProperties: SubSchema | None = None
    required: list[str] | None = None
    items: SubSchema | None = None
    prefixItems: list[SubSchema] | None = None
    defs: dict[str, SubSchema] | None = Field(None, alias="$defs")
    definitions: dict[str, SubSchema] | None = None
    ref: str | None = Field(None, alias="$ref")
    pattern: str | None = None
    format: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusiveMinimum: float | None = None
    exclusiveMaximum: float | None = None
    minLength: Annotated[int, Field(ge=0)] | None = None
    maxLength: Annotated[int, Field(ge=0)] | None = None
    minItems: Annotated[int, Field(ge=0)] | None = None
    maxItems: Annotated[int, Field(ge=0)] | None = None

    @field_validator("type", mode="after")
    @classmethod
    def _type(cls, value: Any) -> Any:
        names = [value] if isinstance(value, str) else value
        if value is not None and not (
            isinstance(names, list)
            and names
            and all(isinstance(name, str) and name in JSON_TYPES for name in names)
        ):
            raise ValueError(f"expected one of {sorted(JSON_TYPES)} or a non-empty array of them")
        return value

    @model_validator(mode="before")
    @classmethod
    def _tuple_items(cls, value: Any) -> Any:
        """Draft-07 tuples (``"items": [...]``, as generators for draft-07 write) as prefixItems."""
        if isinstance(value, dict) and isinstance(value.get("items"), list):
            return {**value, "items": None, "prefixItems": value["items"]}
        return value


SubSchema = Annotated[Schema, BeforeValidator(_boolean_schema)]
Schema.model_rebuild()


def check_schema(schema: dict[str, Any], param: str) -> None:
    """Check ``schema``'s keywords (see the module docstring).

    Raises:
        RequestError: a keyword of the wrong shape, named in ``param`` as
            ``<param>.properties.path.enum``.

    """
    parameters(Schema, schema, prefix=param)
