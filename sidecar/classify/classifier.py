"""Classify a request as completion, review, refactor or planning, with reasons.

Rules over request signals and tree-sitter facts, scored per kind:

1. The endpoint decides outright: ``/v1/completions`` (with or without ``suffix``) and
   chat requests carrying FIM or cursor markers are inline completion.
2. Mode markers decide outright: an agent's plan mode (Cline ``PLAN MODE``, Claude Code
   "Plan mode is active", aider's architect prompt) is planning.
3. Otherwise each kind scores the instruction's wording (the last user turn weighs most, its
   opening sentence more), the system prompt's role, and the code: language, whether it is
   whole definitions or cut mid-statement, how many definitions and files it spans, and size.
4. The highest score wins; planning also wins when it is within a margin of the top, since
   planning served locally is the costliest mistake. With no signal at all, code alone is
   completion when cut and review when whole, and prose alone is planning.

Every matched rule adds a short reason string; the reasons go on the ledger row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sidecar.classify.context import (
    CodeBlock,
    CodeFacts,
    analyse,
    extract_code,
    language_from_path,
    mentioned_paths,
    normalise_language,
)
from sidecar.request import Endpoint, Request, TaskKind

C, V, R, P = TaskKind.COMPLETION, TaskKind.REVIEW, TaskKind.REFACTOR, TaskKind.PLANNING

# How close (in score points) planning may trail the top kind and still win.
PLANNING_MARGIN = 1.0
# Weight of earlier user turns relative to the last one.
EARLIER_TURN_WEIGHT = 0.3
# Weight of matches in the opening of the instruction (the imperative usually leads).
OPENING_WEIGHT = 1.5
OPENING_CHARS = 160


@dataclass(frozen=True, slots=True)
class Rule:
    """One wording rule: a regex over lower-cased text, the kind it votes for, a weight."""

    name: str
    kind: TaskKind
    weight: float
    pattern: re.Pattern[str]


def _rule(name: str, kind: TaskKind, weight: float, pattern: str) -> Rule:
    return Rule(name, kind, weight, re.compile(pattern, re.IGNORECASE))


# Markers that decide the kind on their own, searched in every message.
FIM_MARKERS = re.compile(
    r"<\|fim_(?:prefix|suffix|middle)\|>|<fim_(?:prefix|suffix|middle)>|<PRE>\s|\s<SUF>|\s<MID>"
    r"|<｜fim▁(?:begin|hole|end)｜>|\[SUFFIX\]|\[PREFIX\]|\{\{FILL_HERE\}\}|<FILL_ME>|<\|cursor\|>"
    r"|<CURSOR>|\[CURSOR\]|<cursor>|\{\{HOLE\}\}|<HOLE>|<\|editable_region_start\|>"
)
PLAN_MODE_MARKERS = re.compile(
    r"current mode\W*\s*plan mode|plan mode is (?:active|on|enabled)|you are in plan mode"
    r"|act as an expert architect engineer|<plan_mode>|\bplan_mode_respond\b.{0,40}you are in",
    re.IGNORECASE,
)

# Wording of the instruction (the user's words, code removed).
INSTRUCTION_RULES: tuple[Rule, ...] = (
    # planning
    _rule("plan", P, 3.0, r"\b(plan|planning|game ?plan)\b(?! (?:tier|id|type|name|price)s?\b)"),
    _rule(
        "implementation plan",
        P,
        2.0,
        r"\b(implementation|migration|rollout|action|step[- ]by[- ]step|test(ing)?) plan\b",
    ),
    _rule(
        "design/architecture",
        P,
        3.0,
        r"\b(architect(ure|ural|ing)?|system design|design (doc|document|proposal|review)"
        r"|(how|should) (to|we|i) design|design (a|an|the|our|my)\b)",
    ),
    _rule("high-level", P, 2.0, r"\bhigh[- ]level\b|\bbig picture\b|\boverall (structure|design)"),
    _rule(
        "approach/strategy",
        P,
        2.0,
        r"\b(approach(es)?|strateg(y|ies)|direction|options for|alternatives?)\b",
    ),
    _rule("trade-offs", P, 3.0, r"\btrade[- ]?offs?\b|\bpros (and|&) cons\b|\bdownsides?\b"),
    _rule(
        "roadmap/phases",
        P,
        2.5,
        r"\b(roadmap|milestones?|phased?|phases|rollout|roll (it )?out|sprints?|epics?)\b",
    ),
    _rule(
        "migration",
        P,
        2.0,
        r"\bmigrat(e|ion|ing)\b.{0,60}\b(from|to)\b|\bupgrade (path|strategy)\b",
    ),
    _rule(
        "break down",
        P,
        2.5,
        r"\bbreak (it |this |that |the \w+ )?(down|up|into)\b|\b(tasks?|steps|subtasks) (needed|required)"
        r"|\bwhat (steps|needs to (change|happen))\b|\bwhere (do|should) (i|we) (start|begin)",
    ),
    _rule(
        "how should we",
        P,
        3.0,
        r"\bhow (should|would|could|do|can|might) (i|we|one|you)\b.{0,50}\b(structure|organi[sz]e|design"
        r"|architect|approach|handle|scale|model|split|go about|plan|lay ?out|integrate|migrate|evolve"
        r"|roll|deploy|version|manage|coordinate|tackle)\b",
    ),
    _rule(
        "recommendation",
        P,
        2.0,
        r"\b(should (i|we) (use|go with|pick|choose|switch|adopt|move|split|build)|would you recommend"
        r"|which (one|is better|library|framework|database|db|stack|pattern|approach|option|tool)"
        r"|(what'?s|what is|what would be) the best (way|approach|option|practice|architecture)"
        r"|is it (worth|better|a good idea))\b",
    ),
    _rule("comparison", P, 1.5, r"\b(compare|comparison|versus|vs\.?)\b"),
    _rule(
        "system scope",
        P,
        1.5,
        r"\b(scal(e|able|ability|ing)|distributed|microservices?|monolith(ic)?|event[- ]driven"
        r"|message (queue|bus)|kafka|sharding|replication|multi[- ]?tenan\w+|high availability"
        r"|fault[- ]toleran\w+|consistency|caching layer|service mesh|infrastructure|deployment)\b",
    ),
    _rule(
        "codebase scope",
        P,
        1.5,
        r"\b(codebase|code base|repo(sitory)?|monorepo|whole (app|project|system|module)|entire"
        r"|across (the|all|our|multiple|several|every)|end[- ]to[- ]end|(several|multiple|many|all"
        r" the|all our) (files|modules|services|packages|components|endpoints|repos)|project structure"
        r"|folder structure|directory (structure|layout)|module (structure|boundaries)|data model"
        r"|(database|db|api) (schema|design))\b",
    ),
    _rule(
        "document",
        P,
        2.5,
        r"\b(rfc|adr|design doc|tech(nical)? spec|specification|proposal|requirements"
        r"|write[- ]?up)\b",
    ),
    _rule(
        "estimate/risk",
        P,
        1.5,
        r"\b(feasib\w+|estimate|effort|risks?|timeline|prioriti[sz]e|dependencies between)\b",
    ),
    _rule(
        "investigation",
        P,
        1.5,
        r"\b(root cause|investigat\w+|intermittent(ly)?|only in production|postmortem|post-mortem)\b",
    ),
    _rule(
        "build a feature",
        P,
        2.5,
        r"\b(add|implement|build|create|introduce|support|integrate|set ?up|develop|design|wire up)\b"
        r"[^.?!\n]{0,50}\b(feature|system|subsystem|service|support for|authenticat\w+|auth|oauth"
        r"|sso|login|sign[- ]?up|payments?|billing|subscriptions?|checkout|notifications?|search"
        r"|i18n|internationali[sz]ation|locali[sz]ation|rbac|permissions|roles|audit log\w*"
        r"|rate limit\w*|webhooks?|plugin system|admin (panel|dashboard)|dashboard|pipeline"
        r"|ci/?cd|workflow|backend|frontend|app|application|platform|integration|real[- ]?time"
        r"|offline mode|dark mode|feature flags?|multi[- ]?\w+ support)\b",
    ),
    _rule(
        "no code yet",
        P,
        4.0,
        r"\b(don'?t|do not|no need to|without) (write|writ\w+|generat\w+|chang\w+|touch\w*|edit\w*|modify\w*)"
        r" (any )?(code|files|anything)\b|\bbefore (writing|coding|we (start|write|code)|implementing)"
        r"|\bno code( yet)?\b|\bjust (the )?plan\b|\bthink (it )?through\b|\bthink about how\b",
    ),
    # review
    _rule("review", V, 4.0, r"\b(review|reviewing|code ?review|cr)\b"),
    _rule(
        "critique",
        V,
        3.0,
        r"\b(critique|feedback|look over|look at (this|my)|lgtm|sanity[- ]check|second (pair of )?eyes"
        r"|audit|nitpicks?|nits|roast|thoughts on|what do you think|does (this|it|my \w+) look"
        r"|looks? (ok|good|right|fine|correct)\b)",
    ),
    _rule(
        "find problems",
        V,
        3.0,
        r"\b(any|find|spot|see|are there|catch|identify|point out|list|detect|look for|check for|hunt)\b"
        r"[^.?!\n]{0,30}\b(bugs?|issues?|problems?|mistakes?|flaws?|vulnerabilit\w+|smells?|edge ?cases?"
        r"|race conditions?|leaks?|errors?|gotchas|pitfalls|anti-?patterns?|concerns)\b",
    ),
    _rule(
        "what's wrong",
        V,
        3.0,
        r"\bwhat'?s (wrong|the (bug|issue|problem|error))\b|\bwhat is (wrong|the (bug|issue|problem))\b"
        r"|\bwhere('?s| is) the (bug|issue|problem|leak)\b|\bany (bugs?|issues?|problems?)\b",
    ),
    _rule(
        "why does",
        V,
        2.5,
        r"\bwhy (does|is|do|are|did|would|doesn'?t|isn'?t|won'?t|can'?t|am i|i am|i'?m)\b"
        r"|\bhow come\b|\bwhat (causes|is causing|could cause)\b",
    ),
    _rule(
        "is it correct",
        V,
        3.0,
        r"\b(is|are|was) (this|it|these|that|my \w+|the \w+) (correct|right|safe|ok|okay|fine|good"
        r"|idiomatic|thread[- ]?safe|secure|valid|efficient|buggy|broken|wrong|reasonable|sound"
        r"|production[- ]ready)\b|\bwill (this|it) (work|break|leak|deadlock)\b"
        r"|\b(correct|right|safe|ok|okay)\?",
    ),
    _rule(
        "explain",
        V,
        3.0,
        r"\b(explain\w*|walk me through|what does (this|it|the \w+)|how does (this|it|the \w+)"
        r"|help me understand|what (is|are) (this|these) (doing|for)|what'?s (this|going on)"
        r"|(don'?t|do not|can'?t) understand|describe what|summari[sz]e (this|what)|eli5)\b",
    ),
    _rule(
        "security",
        V,
        1.5,
        r"\b(security|secure|vulnerab\w+|injection|xss|csrf|ssrf|exploit\w*|unsafe|cve)\b",
    ),
    _rule("diff/PR", V, 2.0, r"\b(diff|pull request|pr|patch|changeset|merge request|mr|commit)\b"),
    _rule(
        "assess",
        V,
        1.5,
        r"\b(check|verify|validate|inspect|analy[sz]e|evaluate|assess|judge|grade|rate)\b",
    ),
    _rule(
        "improvements?",
        V,
        2.0,
        r"\b(suggest\w*|recommend\w*) (some |any )?(improvements?|changes)\b"
        r"|\bhow (can|could|would) (i|we|this|it) (be )?improve",
    ),
    _rule("complexity", V, 1.5, r"\b(time|space) complexity\b|\bbig[- ]?o\b"),
    # refactor
    _rule("refactor", R, 5.0, r"\b(refactor\w*|re-factor\w*)\b"),
    _rule(
        "rename/extract",
        R,
        4.0,
        r"\b(rename|extract|inline|pull (out|up)|push down|hoist|encapsulate|decouple)\b",
    ),
    _rule(
        "simplify/clean",
        R,
        3.5,
        r"\b(simplif\w+|clean(ed)? ?up|cleaner|tidy|tidier|restructure|reorgani[sz]e|declutter|flatten"
        r"|reduce (the )?(duplication|nesting|complexity|boilerplate)|dedup\w*|dry (it|this) up"
        r"|less (verbose|nested|repetitive|ugly)|more (readable|pythonic|idiomatic|concise|modular"
        r"|maintainable|functional|declarative|testable|elegant))\b",
    ),
    _rule(
        "rewrite/convert",
        R,
        3.5,
        r"\b(rewrite|re-write|rewritten|convert\w*|port(ing)? (this|it|the|to)|translate (this|it|to)"
        r"|modernize|moderni[sz]e|upgrade (this|it|the) (code|snippet|function)|turn (this|it) into"
        r"|change (this|it) (to|into)|use \w+ instead|instead of|replace|swap|switch (this|it|to))\b",
    ),
    _rule(
        "optimise",
        R,
        2.5,
        r"\b(optimi[sz]e|speed (it |this )?up|make (it|this) (faster|quicker|more efficient)"
        r"|faster|performance of this|reduce (allocations|memory|latency))\b",
    ),
    _rule(
        "fix",
        R,
        3.0,
        r"(^|\s)/fix\b|\b(fix|fixes|fixed|fixing|repair|patch up|correct (this|it|the))\b",
    ),
    _rule(
        "edit",
        R,
        2.0,
        r"\b(change|update|modify|edit|remove|delete|drop|move|rearrange|split|merge|combine|apply"
        r"|adjust|tweak|make (it|this|the)|wrap|unwrap|parametri[sz]e|generali[sz]e)\b",
    ),
    _rule(
        "add types/handling",
        R,
        3.0,
        r"\badd(ing)? (proper |some |the |missing )?(type hints?|types|typing|type annotations?"
        r"|annotations|generics|error handling|exception handling|logging|validation|null checks?"
        r"|guards?|retries|retry logic|timeouts?|context managers?|async|await|const|final|readonly"
        r"|comments)\b|\bmake (it|this|the \w+) (async|generic|immutable|thread[- ]?safe|typed)\b",
    ),
    _rule(
        "mechanical",
        R,
        2.5,
        r"\b(callbacks? to (async|promises?)|promises? to async|to async/await|to (a )?dataclass"
        r"|to (a )?(list|dict|set) comprehension|to f-?strings?|to (hooks|typescript|kotlin|rust"
        r"|go|python|java|es6|es modules|esm|commonjs)|(class|function) component)\b",
    ),
    # completion
    _rule(
        "complete",
        C,
        3.5,
        r"\b(complete|finish|continue|fill in|fill out|fill the|autocomplete|auto-complete)\b"
        r"(?! (plan|design|picture|guide|overview|list|rewrite|architecture|spec|answer|solution))",
    ),
    _rule(
        "implement unit",
        C,
        4.0,
        r"\bimplement(ing)? (this|the|that|these|a|an|my|our)? ?(missing |empty |remaining )?"
        r"(function|method|stub|todos?|body|class|interface|trait|constructor|helper|handler|function body"
        r"|endpoint handler|callback|getter|setter|test|algorithm|parser|validator)s?\b",
    ),
    _rule(
        "write code unit",
        C,
        3.0,
        r"\b(write|create|generate|give me|make|code|need|produce|show me|add)\b[^.?!\n]{0,30}"
        r"\b(function|method|snippet|regex|regexp|regular expression|sql query|query|one-?liner|script"
        r"|class|struct|enum|helper|decorator|hook|component|unit tests?|tests?|test cases?|test suite"
        r"|spec|fixtures?|docstrings?|jsdoc|javadoc|doc ?comments?|type definitions?|example|lambda"
        r"|closure|comparator|implementation|code|program|cli|bash|command)\b",
    ),
    _rule(
        "tests/docs",
        C,
        3.0,
        r"(^|\s)/(tests?|doc|docs)\b|\b(unit|integration|property[- ]based) tests? for\b"
        r"|\bdocstrings?\b|\bjsdoc\b|\bjavadoc\b|\bpytest\b|\bjest\b",
    ),
    _rule("todo", C, 2.0, r"\b(todo|fixme|stub(bed)?|placeholder|not implemented|unimplemented)\b"),
    _rule(
        "how do I",
        C,
        1.5,
        r"\bhow (do|can|to) (i|you)?\s*(write|get|read|parse|convert|check|make|create|sort|format"
        r"|send|call|open|iterate|loop|find|remove|split|join|print|use)\b",
    ),
    _rule("slash review", V, 5.0, r"(^|\s)/(review|explain)\b"),
    _rule("slash plan", P, 5.0, r"(^|\s)/(plan|design|architect|new|spec)\b"),
)

# Role of the system prompt (or developer message): weaker than the user's words.
SYSTEM_RULES: tuple[Rule, ...] = (
    _rule(
        "system: completion engine",
        C,
        5.0,
        r"code completion|autocomplet\w*|auto-complete|fill[- ]in[- ]the[- ]middle|hole filler"
        r"|fill (in )?the (hole|gap|blank)|complete the (code|line|function|snippet)|at the cursor"
        r"|continue the code|only (output|return|respond with|reply with) the (code|completion|missing)"
        r"|inline (completion|suggestion)|code suggestions? as the user types",
    ),
    _rule(
        "system: planner",
        P,
        4.0,
        r"software architect|architect engineer|technical lead|planning (assistant|agent|mode)"
        r"|you (are|act as) an? (expert )?(architect|planner)|produce (a|an) (plan|design)"
        r"|read-only (mode|agent)|do not (write|make|edit|modify) (any )?(code|files|changes)",
    ),
    _rule(
        "system: reviewer",
        V,
        3.0,
        r"code reviewer|review(ing)? (code|pull requests|diffs|changes)|expert code analyst"
        r"|answer questions about the (supplied )?code|you review",
    ),
    _rule(
        "system: editor",
        R,
        2.0,
        r"rewrite the (following|selected|above) code|search/replace|\*search/replace block\*"
        r"|editing assistant|unified diff|apply (the|these) (changes|edits)|output only the (rewritten|modified)"
        r"|editor engineer",
    ),
)

_NEGATION = re.compile(
    r"\b(don'?t|do not|no need to|without|not|never|instead of)\s+(\w+\s+){0,2}$"
)
_SENTENCE_END = re.compile(r"[.?!\n]")
_STRIP_BLOCKS = re.compile(
    r"<(environment_details|system-reminder|repo-map|file_map|context)>.*?</\1>", re.DOTALL | re.I
)


@dataclass(slots=True)
class Classification:
    """A task kind with the reasons that led to it, and the scores per kind."""

    task: TaskKind
    reasons: list[str]
    scores: dict[TaskKind, float] = field(default_factory=dict)


@dataclass(slots=True)
class _Scores:
    points: dict[TaskKind, float] = field(default_factory=lambda: dict.fromkeys(TaskKind, 0.0))
    reasons: list[str] = field(default_factory=list)

    def add(self, kind: TaskKind, weight: float, reason: str) -> None:
        self.points[kind] += weight
        self.reasons.append(f"{reason} ({kind.value} +{weight:g})")


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 30) : start]))


def _score_rules(
    scores: _Scores, rules: Iterable[Rule], text: str, weight: float, label: str
) -> None:
    opening_end = _opening_end(text)
    for rule in rules:
        best = 0.0
        for match in rule.pattern.finditer(text):
            if _negated(text, match.start()):
                continue
            factor = OPENING_WEIGHT if match.start() < opening_end else 1.0
            best = max(best, factor)
            if factor == OPENING_WEIGHT:
                break
        if best:
            scores.add(rule.kind, round(rule.weight * best * weight, 2), f"{label}: {rule.name}")


def _opening_end(text: str) -> int:
    stripped = len(text) - len(text.lstrip())
    match = _SENTENCE_END.search(text, stripped + 12)
    end = match.end() if match else len(text)
    return min(end, stripped + OPENING_CHARS)


def classify(request: Request) -> Classification:
    """Classify a request.

    Args:
        request: the internal request (chat or legacy completions).

    Returns:
        The task kind and its reasons (short strings, most decisive first).

    Classification is pure and runs in well under a millisecond for typical requests; only
    the first :data:`~sidecar.classify.context.MAX_PARSE_CHARS` characters of a code block's
    tail are parsed.

    """
    if request.endpoint is Endpoint.COMPLETIONS:
        return _classify_completions(request)
    return _classify_chat(request)


def _classify_completions(request: Request) -> Classification:
    reasons = ["endpoint /v1/completions"]
    prompt = request.prompt or ""
    if request.suffix:
        reasons.append("fim: suffix given")
    elif FIM_MARKERS.search(prompt):
        reasons.append("fim: template tokens in prompt")
    else:
        reasons.append("prefix-only completion")
    facts = analyse(prompt[-4000:], None) if prompt else None
    if facts and facts.language:
        reasons.append(_describe_code([facts]))
    return Classification(C, reasons, {C: 1.0})


def _classify_chat(request: Request) -> Classification:
    system = "\n".join(m.content for m in request.messages if m.role in ("system", "developer"))
    users = [m.content for m in request.messages if m.role == "user"]
    last_user = users[-1] if users else ""
    all_text = system + "\n" + "\n".join(users)

    if FIM_MARKERS.search(all_text):
        return Classification(C, ["fim/cursor marker in chat"], {C: 1.0})
    mode = PLAN_MODE_MARKERS.search(all_text[-20000:] if len(all_text) > 20000 else all_text)
    if mode and (PLAN_MODE_MARKERS.search(last_user) or PLAN_MODE_MARKERS.search(system)):
        return Classification(P, [f"plan mode: {mode.group(0).strip()[:40]!r}"], {P: 1.0})

    scores = _Scores()
    # Code facts from every user turn (aider and Continue send files in earlier turns).
    blocks: list[CodeBlock] = []
    last_blocks, last_prose = extract_code(_STRIP_BLOCKS.sub(" ", last_user))
    for earlier in users[:-1]:
        blocks.extend(extract_code(_STRIP_BLOCKS.sub(" ", earlier))[0])
    blocks.extend(last_blocks)

    instruction = last_prose.strip()
    _score_rules(scores, INSTRUCTION_RULES, instruction, 1.0, "asks")
    for earlier in users[:-1][-3:]:
        _, prose = extract_code(_STRIP_BLOCKS.sub(" ", earlier))
        _score_rules(scores, INSTRUCTION_RULES, prose[:4000], EARLIER_TURN_WEIGHT, "earlier turn")
    if system:
        _score_rules(scores, SYSTEM_RULES, system[:30000], 1.0, "system")

    facts = [_facts(block) for block in blocks[-6:]]
    _score_code(scores, facts, blocks, instruction)

    return _decide(scores, facts, instruction)


def _facts(block: CodeBlock) -> CodeFacts:
    language = (
        normalise_language(block.info.split()[0] if block.info else None)
        or language_from_path(block.path)
        or normalise_language(block.info.split(":")[0] if block.info else None)
    )
    return analyse(block.text, language)


def _describe_code(facts: list[CodeFacts]) -> str:
    languages = sorted({f.language for f in facts if f.language})
    definitions = sum(f.definitions for f in facts)
    state = (
        "cut mid-statement"
        if any(f.cut for f in facts)
        else (
            "whole definitions" if facts and all(f.whole_definition for f in facts) else "fragment"
        )
    )
    lines = sum(f.lines for f in facts)
    return f"code: {'/'.join(languages) or 'unknown'}, {lines} lines, {definitions} defs, {state}"


def _score_code(
    scores: _Scores, facts: list[CodeFacts], blocks: list[CodeBlock], instruction: str
) -> None:
    words = len(instruction.split())
    if not facts:
        if words >= 120:
            scores.add(P, 1.5, f"long prose, no code ({words} words)")
        elif words:
            scores.add(P, 0.5, "prose only, no code")
        return
    scores.reasons.append(_describe_code(facts))
    paths = {b.path for b in blocks if b.path} | mentioned_paths(instruction)
    if len(paths) >= 3:
        scores.add(P, 1.5, f"spans {len(paths)} files")
    elif len(blocks) >= 4:
        scores.add(P, 1.0, f"{len(blocks)} code blocks")
    if any(f.cut for f in facts[-2:]):
        scores.add(C, 2.0 if words <= 12 else 1.0, "code cut mid-statement")
    if words <= 3:
        whole = all(f.whole_definition or not f.has_error for f in facts)
        if not any(f.cut for f in facts):
            scores.add(V if whole else C, 1.5, "code with little or no instruction")
    total_lines = sum(f.lines for f in facts)
    if total_lines > 400:
        scores.add(P, 1.0, f"large context ({total_lines} lines)")


def _decide(scores: _Scores, facts: list[CodeFacts], instruction: str) -> Classification:
    points = scores.points
    top_kind = max(points, key=lambda k: points[k])
    top = points[top_kind]
    reasons = scores.reasons
    if top < 1.5:
        if facts:
            kind = C if any(f.cut for f in facts) else V
            reasons.append(f"no clear instruction: code -> {kind.value}")
        else:
            kind = P
            reasons.append("no clear instruction, no code -> planning")
        return Classification(kind, reasons, dict(points))
    if top_kind is not P and points[P] >= 2.5 and points[P] >= top - PLANNING_MARGIN:
        reasons.append(f"planning within {PLANNING_MARGIN:g} of {top_kind.value}: planning")
        top_kind = P
    return Classification(top_kind, reasons, dict(points))
