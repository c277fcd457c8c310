"""Fill-in-the-middle prompt templates, chosen from the model's vocabulary.

A template is used only when every one of its markers is a single token in the model's
vocabulary; otherwise the model gets the prefix alone (prefix-only completion). Marker
strings follow each model family's tokenizer and paper:

- Qwen2.5-Coder (``<|fim_prefix|>``), Qwen technical report, section 3;
- StarCoder / StarCoder2 (``<fim_prefix>``), Bavarian et al. 2022 "Efficient Training of
  Language Models to Fill in the Middle" as used by BigCode;
- CodeLlama (``<PRE>``/``<SUF>``/``<MID>``), Rozière et al. 2023, section 2.3;
- DeepSeek-Coder (``<｜fim▁begin｜>``), DeepSeek-Coder README;
- Codestral (``[SUFFIX]``/``[PREFIX]``, suffix first), Mistral's FIM docs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FimTemplate:
    """One FIM prompt format.

    Attributes:
        name: family name, shown in ``/healthz`` and reasons.
        markers: the special tokens that must all be single tokens in the vocabulary.
        format: ``format.format(prefix=..., suffix=...)`` builds the prompt.
        stop: strings that end a completion in this format.

    """

    name: str
    markers: tuple[str, ...]
    format: str
    stop: tuple[str, ...] = ()

    def build(self, prefix: str, suffix: str) -> str:
        """Return the FIM prompt text for ``prefix`` and ``suffix`` (characters)."""
        return self.format.format(prefix=prefix, suffix=suffix)


TEMPLATES: tuple[FimTemplate, ...] = (
    FimTemplate(
        "qwen",
        ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),
        "<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>",
        ("<|endoftext|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"),
    ),
    FimTemplate(
        "starcoder",
        ("<fim_prefix>", "<fim_suffix>", "<fim_middle>"),
        "<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>",
        ("<|endoftext|>", "<file_sep>"),
    ),
    FimTemplate(
        "codellama",
        ("▁<PRE>", "▁<SUF>", "▁<MID>"),
        "<PRE> {prefix} <SUF>{suffix} <MID>",
        ("<EOT>",),
    ),
    FimTemplate(
        "deepseek",
        ("<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"),
        "<｜fim▁begin｜>{prefix}<｜fim▁hole｜>{suffix}<｜fim▁end｜>",
        ("<|EOT|>",),
    ),
    FimTemplate("codestral", ("[SUFFIX]", "[PREFIX]"), "[SUFFIX]{suffix}[PREFIX]{prefix}"),
)


def choose_template(is_single_token: Callable[[str], bool]) -> FimTemplate | None:
    """Return the first template whose markers are all single vocabulary tokens, or None.

    Args:
        is_single_token: tells whether a marker string is one special token of the model.

    """
    for template in TEMPLATES:
        if all(is_single_token(marker) for marker in template.markers):
            return template
    return None
