"""Classify a request as completion, review, refactor or planning, with reasons.

Rules over request signals and tree-sitter facts, scored per kind:

1. The endpoint decides outright: ``/v1/completions`` (with or without ``suffix``) and
   chat requests carrying FIM or cursor markers are inline completion.
2. Mode markers decide outright: an agent's plan mode (Cline ``PLAN MODE``, Claude Code
   "Plan mode is active", aider's architect prompt) is planning.
3. Otherwise each kind scores the wording (``rules.toml``): the user's ask in the last
   turn weighs most (its opening sentence more, a pasted document in its middle less),
   earlier turns and the system prompt's role less. Rules about the topic rather than the
   ask are capped per kind. Then the code: language, whether it is whole definitions or
   cut mid-statement, how many definitions, files and services it spans, and its size.
4. The highest score wins; planning also wins when it is within a margin of the top, since
   planning served locally is the costliest mistake. With no signal at all, code alone is
   completion when cut and review when whole, and prose alone is planning.

Every matched rule adds a short reason string; the reasons go on the ledger row.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from sidecar.classify import learned
from sidecar.classify.context import (
    NOT_CODE_TAGS,
    CodeBlock,
    CodeFacts,
    analyse,
    extract_code,
    is_diff,
    language_from_path,
    mentioned_paths,
    normalise_language,
)
from sidecar.request import Endpoint, Message, Request, TaskKind
from sidecar.sessions import side_request


@dataclass(frozen=True, slots=True)
class Options:
    """How to decide.

    Attributes:
        learned: use the learned model (:mod:`sidecar.classify.learned`) when one ships;
            False decides by the rules alone.
        planning_threshold: planning wins when its probability reaches this; None takes the
            shipped model's calibrated default (``meta.json``).

    """

    learned: bool = True
    planning_threshold: float | None = None


DEFAULT_OPTIONS = Options()

C, V, R, P = TaskKind.COMPLETION, TaskKind.REVIEW, TaskKind.REFACTOR, TaskKind.PLANNING

PLANNING_MARGIN = 1.0
"""How close (score points) planning may trail the top kind and still win."""
EARLIER_TURN_WEIGHT = 0.3
"""Weight of earlier user turns relative to the last one."""
OPENING_WEIGHT = 1.5
"""Weight of matches in the instruction's opening sentence (the ask usually leads)."""
OPENING_CHARS = 160
BODY_WEIGHT = 0.5
"""Weight of matches deep inside a long instruction (a pasted document or log)."""
HEAD_CHARS, TAIL_CHARS = 600, 300
TOPIC_CAP = 3.0
"""Most points that topic rules can give one kind."""
CONTEXT_WEIGHT = 0.4
"""Weight of a client's template text around an explicitly marked instruction."""
NO_CODE_REFACTOR_WEIGHT = 0.6
"""Refactor changes given code: without code or file paths its wording counts less."""
MAX_SCAN_CHARS = 2_000
"""Instruction text beyond this many characters is not scanned (head and tail are kept)."""
SYSTEM_SCAN_CHARS = 4_000
"""System prompts state their role up front; only their head is scanned."""
MESSAGE_CHARS = 12_000
"""A longer message (logs, whole files) is classified on its first 8,000 and last 4,000."""
QUESTION_WEIGHT = 0.5
"""Weight of edit and write verbs inside a question about the code ("does this change...?")."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One wording rule from ``rules.toml``."""

    name: str
    kind: TaskKind
    weight: float
    topic: bool
    triggers: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules, compiled."""

    instruction: tuple[Rule, ...]
    system: tuple[Rule, ...]
    markers: tuple[Rule, ...]


@functools.cache
def rules() -> RuleSet:
    """Load and compile ``rules.toml`` (once).

    Raises:
        re.error, tomllib.TOMLDecodeError, KeyError: the shipped file is broken.

    """
    text = importlib.resources.files("sidecar.classify").joinpath("rules.toml").read_text("utf-8")
    data = tomllib.loads(text)

    def build(entry: dict[str, Any], flags: int) -> Rule:
        return Rule(
            name=str(entry["name"]),
            kind=TaskKind(str(entry["kind"])),
            weight=float(entry.get("weight", 0.0)),
            topic=bool(entry.get("topic", False)),
            triggers=tuple(entry.get("triggers", ())),
            pattern=re.compile(str(entry["pattern"]), flags),
        )

    # Wording rules run on lower-cased text (IGNORECASE doubles the cost of a scan).
    return RuleSet(
        instruction=tuple(build(e, 0) for e in data.get("instruction", [])),
        system=tuple(build(e, 0) for e in data.get("system", [])),
        markers=tuple(
            build(e, 0 if e.get("case_sensitive") else re.IGNORECASE)
            for e in data.get("marker", [])
        ),
    )


_NEGATION = re.compile(
    r"\b(don'?t|do not|no need to|without|not|never|no|instead of|rather than)\s+(\w+\s+){0,2}$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.?!\n]")
_STRIP_BLOCKS = re.compile(
    r"<(environment_details|system-reminder|repo-map|file_map|context)>.*?</\1>",
    re.DOTALL | re.IGNORECASE,
)
_MARKED_INSTRUCTION = re.compile(
    r"<(task|user_query|instruction|user_instruction|user_request|query)>(?P<tag>.*?)</\1>"
    r"|(?:^|\n)\s*(?:#+\s*)?(?:instructions?|task|user (?:request|query|prompt)|request)\s*:?\s*\n"
    r"(?P<block>.+?)(?=\n\s*#+ |\Z)"
    r"|\b(?:according to this instruction|the user'?s (?:request|instruction) is)\s*:\s*"
    r"(?P<inline>[^\n]+)",
    re.DOTALL | re.IGNORECASE,
)
_TOOL_ECHO = re.compile(r"\s*\[[\w\- ]{2,40}(?: for [^\]\n]{0,300})?\] Result:")
"""A tool result sent as a user message by text-tool agents: ``[read_file for 'x'] Result:``."""
_SERVICE = re.compile(r"\b[\w-]+[- ]service\b|\b[\w-]+-svc\b", re.IGNORECASE)


@dataclass(slots=True)
class Classification:
    """A task kind with the reasons that led to it, the scores per kind, and its features."""

    task: TaskKind
    reasons: list[str]
    scores: dict[TaskKind, float] = field(default_factory=dict)
    vector: tuple[tuple[int, ...], tuple[float, ...]] | None = None
    """The learned model's feature vector (rows, values) when it decided, else None."""


@dataclass(slots=True)
class _Scores:
    points: dict[TaskKind, float] = field(default_factory=lambda: dict.fromkeys(TaskKind, 0.0))
    topic: dict[TaskKind, float] = field(default_factory=lambda: dict.fromkeys(TaskKind, 0.0))
    reasons: list[str] = field(default_factory=list)

    def add(self, kind: TaskKind, weight: float, reason: str, *, topic: bool = False) -> None:
        if topic:
            weight = min(weight, TOPIC_CAP - self.topic[kind])
            if weight <= 0:
                return
            self.topic[kind] += weight
        weight = round(weight, 2)
        self.points[kind] += weight
        self.reasons.append(f"{reason} ({kind.value} +{weight:g})")


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text, max(0, start - 30), start))


def _position_weight(start: int, length: int, opening_end: int) -> float:
    if start < opening_end:
        return OPENING_WEIGHT
    if length > HEAD_CHARS + TAIL_CHARS and HEAD_CHARS < start < length - TAIL_CHARS:
        return BODY_WEIGHT
    return 1.0


_QUESTION_START = re.compile(
    r"\s*(?:so |and |but |ok |okay |wait,? |hmm,? )?(?:does|do|did|is|are|was|were|will|would|"
    r"should|can|could|what|why|how|where|when|which|who)\b(?! (?:you|u)\b)"
)


def _in_question(text: str, start: int) -> bool:
    """Return True when the match at ``start`` sits in a question (not a polite request)."""
    begin = max(text.rfind(c, 0, start) for c in ".?!\n") + 1
    ends = [i for i in (text.find(c, start) for c in ".?!\n") if i >= 0]
    end = min(ends) if ends else len(text)
    return end < len(text) and text[end] == "?" and bool(_QUESTION_START.match(text, begin))


# A match extends at most this far before and after the trigger it contains (characters).
WINDOW_BEFORE, WINDOW_AFTER = 200, 240


def rule_matches(rule: Rule, text: str) -> list[re.Match[str]]:
    r"""Return the matches of ``rule`` in lower-cased ``text``, searching only near triggers.

    Every match contains one of the rule's triggers, so only windows around trigger
    occurrences are searched (``Pattern.finditer`` with ``pos``/``endpos`` keeps ``\b`` and
    look-behind seeing the real text). This is what keeps long messages cheap.
    """
    if not rule.triggers:
        return list(rule.pattern.finditer(text))
    if len(text) <= WINDOW_BEFORE + WINDOW_AFTER:  # short text: one check, one scan
        if any(trigger in text for trigger in rule.triggers):
            return list(rule.pattern.finditer(text))
        return []
    spans: list[tuple[int, int]] = []
    for trigger in rule.triggers:
        at = text.find(trigger)
        while at >= 0:
            spans.append((max(0, at - WINDOW_BEFORE), at + len(trigger) + WINDOW_AFTER))
            at = text.find(trigger, at + 1)
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    matches: list[re.Match[str]] = []
    for start, end in merged:
        matches.extend(
            m
            for m in rule.pattern.finditer(text, start, end)
            if not matches or m.start() >= matches[-1].end()
        )
    return matches


def _score_text(
    scores: _Scores,
    rule_list: tuple[Rule, ...],
    text: str,
    weight: float,
    label: str,
    *,
    positional: bool = True,
    damp: dict[TaskKind, float] | None = None,
) -> None:
    if len(text) > MAX_SCAN_CHARS:
        text = text[: MAX_SCAN_CHARS // 2] + "\n" + text[-MAX_SCAN_CHARS // 2 :]
    text = text.lower()
    opening_end = _opening_end(text) if positional else 0
    length = len(text) if positional else 0
    for rule in rule_list:
        best = 0.0
        for match in rule_matches(rule, text):
            if _negated(text, match.start()):
                continue
            factor = _position_weight(match.start(), length, opening_end)
            if rule.kind in (R, C) and _in_question(text, match.start()):
                factor *= QUESTION_WEIGHT
            best = max(best, factor)
            if factor >= OPENING_WEIGHT:
                break
        if best:
            points = rule.weight * best * weight * (damp or {}).get(rule.kind, 1.0)
            scores.add(rule.kind, points, f"{label}: {rule.name}", topic=rule.topic)


def _opening_end(text: str) -> int:
    stripped = len(text) - len(text.lstrip())
    match = _SENTENCE_END.search(text, stripped + 12)
    end = match.end() if match else len(text)
    return min(end, stripped + OPENING_CHARS)


def classify(request: Request, options: Options = DEFAULT_OPTIONS) -> Classification:
    """Classify a request.

    Args:
        request: the internal request (chat or legacy completions).
        options: learned model or rules alone, and the planning threshold.

    Returns:
        The task kind, its reasons (short strings, in the order they were found) and the
        score of each kind (the rules' points, or the learned model's probabilities). An agent's side request (:func:`sidecar.sessions.side_request`)
        is ``background`` without scoring.

    Only the tail of each code block (:data:`~sidecar.classify.context.MAX_PARSE_CHARS`
    characters) is parsed and at most :data:`MAX_SCAN_CHARS` of an instruction is
    scanned, which keeps one classification in the low milliseconds.

    """
    if request.endpoint is Endpoint.COMPLETIONS:
        return _classify_completions(request, options)
    side = side_request(request)
    if side is not None:
        return Classification(TaskKind.BACKGROUND, [side])
    return _classify_chat(request, options)


_CHAT_TEMPLATES: tuple[re.Pattern[str], ...] = (
    # ChatML (Qwen, SmolLM, many fine-tunes)
    re.compile(
        r"<\|im_start\|>(?P<role>system|user|assistant)\s*\n(?P<text>.*?)(?=<\|im_end\|>|<\|im_start\|>|\Z)",
        re.S,
    ),
    # Llama 3
    re.compile(
        r"<\|start_header_id\|>(?P<role>system|user|assistant)<\|end_header_id\|>\s*(?P<text>.*?)(?=<\|eot_id\|>|<\|start_header_id\|>|\Z)",
        re.S,
    ),
    # Llama 2 / Mistral [INST] (user turns; a <<SYS>> block inside counts as user text)
    re.compile(r"\[INST\](?P<text>.*?)(?=\[/INST\]|\Z)(?P<role>)", re.S),
    # Alpaca / DeepSeek-Coder instruct / Vicuna style headings
    re.compile(
        r"(?:^|\n)\s*(?:###\s*)?(?P<role>Instruction|Human|User|USER|Question|Input)\s*:\s*(?P<text>.*?)(?=\n\s*(?:###\s*)?(?:Response|Assistant|ASSISTANT|Answer|Output)\s*:|\Z)",
        re.S,
    ),
)


def _chat_from_prompt(prompt: str) -> tuple[Message, ...]:
    """Return the turns of a chat template found in a completion prompt, or ()."""
    for template in _CHAT_TEMPLATES:
        turns = [
            Message(m.group("role").lower() or "user", m.group("text").strip())
            for m in template.finditer(prompt)
        ]
        turns = [
            Message("user" if t.role not in ("system", "assistant") else t.role, t.content)
            for t in turns
            if t.content
        ]
        if any(t.role == "user" for t in turns):
            return tuple(turns)
    return ()


def _classify_completions(request: Request, options: Options) -> Classification:
    reasons = ["endpoint /v1/completions"]
    prompt = request.prompt or ""
    turns = () if request.suffix else _chat_from_prompt(prompt[: MAX_SCAN_CHARS * 4])
    if turns:
        chat = _classify_chat(Request(Endpoint.CHAT, request.model, turns), options)
        chat.reasons.insert(0, "chat template in a completions prompt")
        return chat
    if request.suffix:
        reasons.append("fim: suffix given")
    elif any(m.pattern.search(prompt) for m in rules().markers if m.kind is C):
        reasons.append("fim: template tokens in prompt")
    else:
        reasons.append("prefix-only completion")
    facts = analyse(prompt[-1500:], None) if prompt else None
    if facts and facts.language:
        reasons.append(_describe_code([facts]))
    return Classification(C, reasons, {C: 1.0})


def _clip(text: str, limit: int = MESSAGE_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[: limit * 2 // 3] + "\n" + text[-limit // 3 :]


def _split_instruction(prose: str) -> tuple[str, str]:
    """Return (the user's marked instruction, the template text around it), if marked."""
    match = _MARKED_INSTRUCTION.search(prose)
    if not match:
        return prose, ""
    inner = match.group("tag") or match.group("block") or match.group("inline") or ""
    if not inner.strip():
        return prose, ""
    return inner.strip(), prose[: match.start()] + " " + prose[match.end() :]


@dataclass(slots=True)
class RulePass:
    """What the rules read from a chat request: their scores and the signals behind them.

    The learned decision (:mod:`sidecar.classify.learned`) takes these as features.

    Attributes:
        scores: points per kind and the reasons that gave them.
        facts: tree-sitter facts of the last code blocks (at most 4).
        blocks: the code blocks found in the user turns.
        paths: file names given or mentioned.
        instruction: the user's ask in the last user turn (prose, clipped).
        template: a client's template text around a marked instruction.
        earlier: prose of earlier user turns (at most 3, oldest first).
        system: the system prompt's head.
        agent: tools were offered or tool results are in the conversation.
        rule_decision: the rules' own verdict.

    """

    scores: _Scores
    facts: list[CodeFacts]
    blocks: list[CodeBlock]
    paths: set[str]
    instruction: str
    template: str
    earlier: list[str]
    system: str
    agent: bool
    rule_decision: Classification


def _classify_chat(request: Request, options: Options) -> Classification:
    found = rule_pass(request)
    if isinstance(found, Classification):
        return found
    model = learned.shipped_model() if options.learned else None
    if model is None:
        return found.rule_decision
    prediction = model.predict(model_features(request, found))
    probabilities = prediction.probabilities
    threshold = options.planning_threshold
    if threshold is None:
        threshold = float(model.meta.get("planning_threshold", 0.5))
    if probabilities[P] >= threshold:
        task = P
        rule = f"planning {probabilities[P]:.2f} >= threshold {threshold:g}"
    else:
        task = max((k for k in probabilities if k is not P), key=lambda k: probabilities[k])
        rule = f"planning {probabilities[P]:.2f} < threshold {threshold:g}"
    rules_said = found.rule_decision.task
    reasons = [
        learned.describe(prediction),
        rule,
        f"rules: {rules_said.value}" + ("" if rules_said is task else " (overruled)"),
        *found.scores.reasons[:6],
    ]
    return Classification(task, reasons, dict(probabilities), prediction.vector)


def model_features(request: Request, found: RulePass) -> dict[str, float]:
    """Return the learned model's features of a chat ``request`` the rules have read."""
    return learned.features(
        found,
        last_is_tool=bool(request.messages) and request.messages[-1].role == "tool",
        turns=sum(1 for m in request.messages if m.role == "user"),
    )


def chat_view(request: Request) -> Request | None:
    """Return the chat request the rules and the learned model read, or None.

    None when the request is decided without them: a ``/v1/completions`` prompt that is no
    chat template (FIM or a prefix to continue) and an agent's side request.
    """
    if request.endpoint is Endpoint.COMPLETIONS:
        turns = () if request.suffix else _chat_from_prompt((request.prompt or "")[: MAX_SCAN_CHARS * 4])
        return Request(Endpoint.CHAT, request.model, turns) if turns else None
    return None if side_request(request) is not None else request


def rule_pass(request: Request) -> Classification | RulePass:
    """Run the rules over a chat request.

    Returns:
        A :class:`Classification` when a marker decides outright (an agent's plan mode, a
        cursor marker), else the :class:`RulePass` with the rules' verdict and signals.

    """
    system = "\n".join(m.content for m in request.messages if m.role in ("system", "developer"))
    system = system[:SYSTEM_SCAN_CHARS]
    users = [_clip(m.content) for m in request.messages if m.role == "user"]
    last_user = users[-1] if users else ""
    ruleset = rules()

    # Markers sit at a message's start (reminders, templates) or end (agent mode, cursor).
    edges = last_user if len(last_user) <= 6000 else last_user[:2000] + "\n" + last_user[-4000:]
    for marker in ruleset.markers:
        found = marker.pattern.search(edges) or marker.pattern.search(system)
        if found:
            reason = f"{marker.name}: {found.group(0).strip()[:40]!r}"
            return Classification(marker.kind, [reason], {marker.kind: 1.0})

    scores = _Scores()
    blocks: list[CodeBlock] = []
    # Agents that carry tools in text (Cline, Roo, Kilo Code) send each tool's result as a
    # user message: the ask is the last user message that is not one.
    ask_at = len(users) - 1
    while ask_at > 0 and _TOOL_ECHO.match(users[ask_at]):
        ask_at -= 1
    for echo in users[ask_at + 1 :][-2:]:
        blocks.extend(extract_code(_STRIP_BLOCKS.sub(" ", echo))[0])
    last_blocks, last_prose = extract_code(_STRIP_BLOCKS.sub(" ", users[ask_at] if users else ""))
    earlier_prose = []
    for earlier in users[:ask_at][-6:]:
        earlier_blocks, prose = extract_code(_STRIP_BLOCKS.sub(" ", earlier))
        blocks.extend(earlier_blocks)
        earlier_prose.append(prose)
    blocks.extend(last_blocks)

    instruction, template = _split_instruction(_clip(last_prose.strip(), MAX_SCAN_CHARS * 2))
    paths = {b.path.rsplit("/", 1)[-1] for b in blocks if b.path}
    paths |= mentioned_paths(instruction[:MAX_SCAN_CHARS])
    damp = {R: NO_CODE_REFACTOR_WEIGHT} if not blocks and not paths else None
    _score_text(scores, ruleset.instruction, instruction, 1.0, "asks", damp=damp)
    if template.strip():
        _score_text(
            scores,
            ruleset.instruction,
            template,
            CONTEXT_WEIGHT,
            "template",
            positional=False,
            damp=damp,
        )
    for prose in earlier_prose[-3:]:
        _score_text(
            scores,
            ruleset.instruction,
            prose[:1500],
            EARLIER_TURN_WEIGHT,
            "earlier turn",
            positional=False,
            damp=damp,
        )
    if system:
        _score_text(
            scores, ruleset.system, system[:SYSTEM_SCAN_CHARS], 1.0, "system", positional=False
        )

    facts = [_facts(block) for block in blocks[-4:]]
    # In an agent loop the code lives in tool calls and results, not in the user's words:
    # a prose instruction there is execution unless it asks for planning.
    agent = bool(request.tools) or any(m.role == "tool" for m in request.messages)
    _score_code(scores, facts, blocks, paths, instruction, agent=agent)
    verdict = _decide(scores, facts, agent=agent)
    return RulePass(
        scores, facts, blocks, paths, instruction, template, earlier_prose[-3:], system, agent,
        verdict,
    )  # fmt: skip


def _facts(block: CodeBlock) -> CodeFacts:
    head = block.info.split()[0].lower() if block.info.split() else ""
    if head in NOT_CODE_TAGS:
        return CodeFacts(language=None, lines=block.text.count("\n") + 1)
    language = (
        normalise_language(head)
        or language_from_path(block.path)
        or normalise_language(head.split(":")[0])
    )
    return analyse(block.text, language)


def _describe_code(facts: list[CodeFacts]) -> str:
    languages = sorted({f.language for f in facts if f.language})
    definitions = sum(f.definitions for f in facts)
    if any(f.cut for f in facts):
        state = "cut mid-statement"
    elif facts and all(f.whole_definition for f in facts):
        state = "whole definitions"
    else:
        state = "fragment"
    lines = sum(f.lines for f in facts)
    return f"code: {'/'.join(languages) or 'unknown'}, {lines} lines, {definitions} defs, {state}"


def _score_code(
    scores: _Scores,
    facts: list[CodeFacts],
    blocks: list[CodeBlock],
    paths: set[str],
    instruction: str,
    *,
    agent: bool = False,
) -> None:
    words = len(instruction.split())
    services = {m.group(0).lower() for m in _SERVICE.finditer(instruction[:MAX_SCAN_CHARS])}
    if len(services) >= 2:
        scores.add(P, 2.5, f"spans {len(services)} services")
    if not facts:
        if words >= 120:
            scores.add(P, 1.5, f"long prose, no code ({words} words)")
        elif words and not agent:
            scores.add(P, 0.5, "prose only, no code")
        return
    scores.reasons.append(_describe_code(facts))
    if any(is_diff(b) for b in blocks[-4:]):
        scores.add(V, 2.5, "code: a diff")
    if len(paths) >= 3:
        scores.add(P, 1.5, f"spans {len(paths)} files")
    elif len(blocks) >= 4:
        scores.add(P, 1.0, f"{len(blocks)} code blocks")
    if any(f.cut for f in facts[-2:]):
        scores.add(C, 2.0 if words <= 12 else 1.0, "code cut mid-statement")
    if words <= 3 and not any(f.cut for f in facts):
        whole = all(f.whole_definition or not f.has_error for f in facts)
        scores.add(V if whole else C, 1.5, "code with little or no instruction")
    total_lines = sum(f.lines for f in facts)
    if total_lines > 400:
        scores.add(P, 1.0, f"large context ({total_lines} lines)")


def _decide(scores: _Scores, facts: list[CodeFacts], *, agent: bool = False) -> Classification:
    points = scores.points
    top_kind = max(points, key=lambda k: points[k])
    top = points[top_kind]
    reasons = scores.reasons
    if top < 1.5:
        if facts:
            kind = C if any(f.cut for f in facts) else V
            reasons.append(f"no clear instruction: code -> {kind.value}")
        elif agent:
            kind = R
            reasons.append("agent instruction, no clear kind -> refactor (execution)")
        else:
            kind = P
            reasons.append("no clear instruction, no code -> planning")
        return Classification(kind, reasons, dict(points))
    if top_kind is not P and points[P] >= 2.5 and points[P] >= top - PLANNING_MARGIN:
        reasons.append(f"planning within {PLANNING_MARGIN:g} of {top_kind.value}: planning")
        top_kind = P
    return Classification(top_kind, reasons, dict(points))
