"""Tree-sitter facts on real code, one parametrised test over languages."""

from __future__ import annotations

import pytest

from sidecar.classify import context

WHOLE = {
    "python": "import os\n\n\ndef read(path: str) -> str:\n    with open(path) as f:\n"
    "        return f.read()\n\n\nclass Cache:\n    def get(self, key):\n        return None\n",
    "javascript": "const fs = require('fs');\n\nfunction read(path) {\n  return fs.readFileSync"
    "(path, 'utf8');\n}\n\nclass Cache {\n  get(key) { return null; }\n}\n",
    "typescript": "interface User { id: number; name: string }\n\nexport function find(users: "
    "User[], id: number): User | undefined {\n  return users.find((u) => u.id === id);\n}\n",
    "go": 'package store\n\nimport "errors"\n\ntype Store struct{ items map[string]int }\n\n'
    "func (s *Store) Get(k string) (int, error) {\n\tv, ok := s.items[k]\n\tif !ok {\n\t\t"
    'return 0, errors.New("missing")\n\t}\n\treturn v, nil\n}\n',
    "rust": "use std::collections::HashMap;\n\npub struct Store { items: HashMap<String, i32> }\n"
    "\nimpl Store {\n    pub fn get(&self, k: &str) -> Option<i32> {\n        self.items.get(k)"
    ".copied()\n    }\n}\n",
    "java": "import java.util.Map;\n\npublic class Store {\n    private Map<String, Integer> "
    "items;\n\n    public Integer get(String k) {\n        return items.get(k);\n    }\n}\n",
}
CUT = {
    "python": "def total(items):\n    result = 0\n    for item in items:\n        result += item.",
    "javascript": "function total(items) {\n  let sum = 0;\n  for (const item of items) {\n"
    "    sum += item.",
    "typescript": "export function total(items: number[]): number {\n  return items.reduce((a, b) =>",
    "go": "func total(items []int) int {\n\tsum := 0\n\tfor _, it := range items {\n\t\tsum +=",
    "rust": "fn total(items: &[i32]) -> i32 {\n    items.iter().map(|x| x *",
    "java": "public int total(int[] items) {\n    int sum = 0;\n    for (int i = 0; i < items.",
}
DEFINITIONS = {"python": 3, "javascript": 3, "typescript": 2, "go": 2, "rust": 3, "java": 2}


def test_every_shipped_query_compiles() -> None:
    for language in context.supported_languages():
        assert context.definitions_query(language).pattern_count > 0


@pytest.mark.parametrize("language", sorted(WHOLE))
def test_whole_definitions(language: str) -> None:
    facts = context.analyse(WHOLE[language], language)
    assert facts.parsed and not facts.has_error and not facts.cut
    assert facts.whole_definition
    assert facts.definitions == DEFINITIONS[language]


@pytest.mark.parametrize("language", sorted(CUT))
def test_code_cut_mid_statement(language: str) -> None:
    facts = context.analyse(CUT[language], language)
    assert facts.has_error and facts.cut and not facts.whole_definition


@pytest.mark.parametrize("language", sorted(WHOLE))
def test_language_is_guessed_without_a_tag(language: str) -> None:
    guessed = context.guess_language(WHOLE[language])
    assert guessed == language


def test_statements_are_not_a_whole_definition() -> None:
    facts = context.analyse("x = compute()\nprint(x)\n", "python")
    assert not facts.has_error and not facts.whole_definition


def test_fences_paths_and_prose_are_separated() -> None:
    text = (
        "Please look at these.\n\nsrc/app.py\n```python\ndef a():\n    pass\n```\n"
        "and\n```ts title=web/ui.ts\nconst x = 1;\n```\nThanks"
    )
    blocks, prose = context.extract_code(text)
    assert [b.path for b in blocks] == ["src/app.py", "web/ui.ts"]
    assert "def a" not in prose and "Thanks" in prose


def test_unclosed_fence_runs_to_the_end() -> None:
    blocks, _ = context.extract_code("complete this\n```go\nfunc f() {\n\treturn")
    assert blocks[0].text.startswith("func f()")


def test_unfenced_code_is_found() -> None:
    text = "why does this fail?\n\ndef f(x):\n    y = x + 1\n    return y\n\nthanks"
    blocks, prose = context.extract_code(text)
    assert len(blocks) == 1 and "return y" in blocks[0].text
    assert "why does this fail?" in prose


def test_unknown_language_gets_line_counts_only() -> None:
    facts = context.analyse("SELECT * FROM users WHERE id = 1;", "sql")
    assert facts.language is None and not facts.parsed and facts.lines == 1
