#!/usr/bin/env python3
"""Validate tests/data/labelled_requests.jsonl (stdlib only).

Checks that every line is a JSON object with exactly the expected keys, that
labels/endpoints are valid, that bodies have the OpenAI wire shape for their
endpoint, that ids are unique and lines stay under the size limit. Prints
counts per label, per client and per language. Exits non-zero on any error.

Usage: python tests/data/check_labelled.py [path/to/file.jsonl]
"""

import json
import sys
from collections import Counter
from pathlib import Path

LABELS = {"completion", "review", "refactor", "planning"}
ENDPOINTS = {"/v1/chat/completions", "/v1/completions"}
KEYS = {"id", "endpoint", "body", "label", "client", "language"}
CHAT_KEYS = {"model", "messages", "stream", "temperature", "max_tokens", "stop", "top_p"}
COMP_KEYS = {"model", "prompt", "suffix", "max_tokens", "temperature", "stop", "stream", "top_p"}
ROLES = {"system", "user", "assistant", "developer"}
MAX_LINE = 20_000


def check_stop(stop):
    if isinstance(stop, str):
        return None
    if isinstance(stop, list) and all(isinstance(s, str) for s in stop) and len(stop) <= 16:
        return None
    return "stop must be a string or a list of strings"


def check_common(body):
    errs = []
    if not isinstance(body.get("model"), str) or not body["model"]:
        errs.append("model must be a non-empty string")
    if "stream" in body and not isinstance(body["stream"], bool):
        errs.append("stream must be a bool")
    for k in ("temperature", "top_p"):
        if k in body and (isinstance(body[k], bool) or not isinstance(body[k], (int, float))):
            errs.append(f"{k} must be a number")
    if "max_tokens" in body and (
        isinstance(body["max_tokens"], bool)
        or not isinstance(body["max_tokens"], int)
        or body["max_tokens"] <= 0
    ):
        errs.append("max_tokens must be a positive int")
    if "stop" in body:
        e = check_stop(body["stop"])
        if e:
            errs.append(e)
    return errs


def check_content(content, where):
    if isinstance(content, str):
        return [] if content.strip() else [f"{where}: empty content"]
    if isinstance(content, list) and content:
        errs = []
        for j, part in enumerate(content):
            if not (
                isinstance(part, dict)
                and part.get("type") == "text"
                and isinstance(part.get("text"), str)
                and set(part) == {"type", "text"}
            ):
                errs.append(f"{where}: part {j} must be {{'type': 'text', 'text': str}}")
        return errs
    return [f"{where}: content must be a string or a non-empty list of text parts"]


def check_chat(body):
    errs = []
    extra = set(body) - CHAT_KEYS
    if extra:
        errs.append(f"unexpected chat body keys {sorted(extra)}")
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return errs + ["messages must be a non-empty list"]
    for i, m in enumerate(msgs):
        if not isinstance(m, dict) or set(m) != {"role", "content"}:
            errs.append(f"message {i} must have exactly role and content")
            continue
        if m["role"] not in ROLES:
            errs.append(f"message {i} has bad role {m['role']!r}")
        errs.extend(check_content(m["content"], f"message {i}"))
    if isinstance(msgs[-1], dict) and msgs[-1].get("role") != "user":
        errs.append("last message must be from the user")
    return errs + check_common(body)


def check_completion(body):
    errs = []
    extra = set(body) - COMP_KEYS
    if extra:
        errs.append(f"unexpected completion body keys {sorted(extra)}")
    if not isinstance(body.get("prompt"), str) or not body["prompt"].strip():
        errs.append("prompt must be a non-empty string")
    if "suffix" in body and not isinstance(body["suffix"], str):
        errs.append("suffix must be a string")
    return errs + check_common(body)


def main(path):
    errors = []
    seen = set()
    by_label, by_client, by_lang, by_endpoint = Counter(), Counter(), Counter(), Counter()
    label_client = Counter()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            errors.append(f"line {n}: blank line")
            continue
        if len(raw) >= MAX_LINE:
            errors.append(f"line {n}: {len(raw)} chars (limit {MAX_LINE})")
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: invalid JSON: {e}")
            continue
        if not isinstance(obj, dict) or set(obj) != KEYS:
            errors.append(f"line {n}: keys must be exactly {sorted(KEYS)}")
            continue
        rid = obj["id"]
        tag = f"line {n} ({rid})"
        if not isinstance(rid, str) or not rid or " " in rid:
            errors.append(f"{tag}: id must be a non-empty slug")
        elif rid in seen:
            errors.append(f"{tag}: duplicate id")
        seen.add(rid)
        if obj["label"] not in LABELS:
            errors.append(f"{tag}: bad label {obj['label']!r}")
        if obj["endpoint"] not in ENDPOINTS:
            errors.append(f"{tag}: bad endpoint {obj['endpoint']!r}")
        for k in ("client", "language"):
            if not isinstance(obj[k], str) or not obj[k]:
                errors.append(f"{tag}: {k} must be a non-empty string")
        body = obj["body"]
        if not isinstance(body, dict):
            errors.append(f"{tag}: body must be an object")
            continue
        errs = (
            check_chat(body)
            if obj["endpoint"] == "/v1/chat/completions"
            else check_completion(body)
        )
        errors.extend(f"{tag}: {e}" for e in errs)
        by_label[obj["label"]] += 1
        by_client[obj["client"]] += 1
        by_lang[obj["language"]] += 1
        by_endpoint[obj["endpoint"]] += 1
        label_client[(obj["client"], obj["label"])] += 1

    def show(title, counter):
        print(f"\n{title}")
        for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {v:4d}  {k}")

    print(f"{len(lines)} lines, {len(seen)} unique ids")
    show("per label:", by_label)
    show("per endpoint:", by_endpoint)
    show("per client:", by_client)
    show("per language:", by_lang)
    print("\nclient x label:")
    clients = sorted(by_client)
    labels = sorted(LABELS)
    print("  " + "client".ljust(32) + "".join(l[:10].rjust(12) for l in labels))
    for c in clients:
        print("  " + c.ljust(32) + "".join(str(label_client[(c, l)]).rjust(12) for l in labels))

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    default = Path(__file__).with_name("labelled_requests.jsonl")
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else default))
