"""The worker protocol, the weight-repacking decision, editor settings, the discovery file."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from sidecar.backends.local import extra_buffers
from sidecar.backends.supervisor import describe_exit
from sidecar.backends.worker import (
    cpu_flags,
    error_info,
    frame,
    read_frame,
    rebuild_error,
    weight_repack,
)
from sidecar.daemon import DaemonInfo, private_dir, read_discovery, write_discovery
from sidecar.errors import ContextOverflow, DaemonError
from sidecar.lsp.server import editor_overrides
from sidecar.request import Chunk, Endpoint, Message, Request, Usage

# Flags lines as the kernel prints them (trimmed): a Sapphire Rapids Xeon, an EPYC.
SAPPHIRE_RAPIDS = (
    "flags\t\t: fpu vme de pse tsc msr avx2 avx512f avx512bw avx512_bf16 amx_bf16 "
    "avx512_fp16 amx_tile amx_int8\n"
)
EPYC = "flags\t\t: fpu vme de pse tsc msr sse4_2 avx2 avx512f avx512bw avx512_bf16\n"


@pytest.mark.parametrize(
    ("cpuinfo", "setting", "expected"),
    [
        (SAPPHIRE_RAPIDS, "auto", False),  # AMX: llama.cpp's AMX matmul can segfault
        (EPYC, "auto", True),  # AVX-512 without AMX repacks as usual
        ("", "auto", True),  # no cpuinfo (macOS): nothing to avoid
        (SAPPHIRE_RAPIDS, "on", True),  # the user's explicit choice wins
        (EPYC, "off", False),
    ],
)
def test_weight_repack_decision_from_cpu_flags(
    tmp_path: Path, cpuinfo: str, setting: str, expected: bool
) -> None:
    path = tmp_path / "cpuinfo"
    path.write_text("processor\t: 0\nmodel name\t: x\n" + cpuinfo + "bugs\t\t: spectre_v1\n")
    flags = cpu_flags(str(path))
    assert ("amx_tile" in flags) == ("amx_tile" in cpuinfo)
    assert weight_repack(setting, flags) is expected  # type: ignore[arg-type]


def test_cpu_flags_of_this_machine_are_read() -> None:
    flags = cpu_flags()
    if Path("/proc/cpuinfo").exists():
        assert "fpu" in flags or "sse2" in flags or "fp" in flags


def testextra_buffers_off_only_inside_the_block() -> None:
    import llama_cpp.llama_cpp as native

    assert native.llama_model_default_params().use_extra_bufts is True
    with extra_buffers(False):
        assert native.llama_model_default_params().use_extra_bufts is False
    assert native.llama_model_default_params().use_extra_bufts is True
    with extra_buffers(True):
        assert native.llama_model_default_params().use_extra_bufts is True


async def test_frames_round_trip_through_a_stream() -> None:
    request = Request(
        endpoint=Endpoint.CHAT,
        model="sidecar/local",
        messages=(Message("user", "héllo \U0001f600"),),
        max_tokens=7,
    )
    chunk = Chunk(text="x", finish_reason="stop", usage=Usage(3, 4, 1))
    reader = asyncio.StreamReader()
    reader.feed_data(frame(("stream", 1, request, None)) + frame(("chunk", 1, chunk)))
    reader.feed_eof()
    assert await read_frame(reader) == ("stream", 1, request, None)
    assert await read_frame(reader) == ("chunk", 1, chunk)
    with pytest.raises(asyncio.IncompleteReadError):
        await read_frame(reader)


def test_errors_keep_their_status_and_code_across_the_pipe() -> None:
    overflow = ContextOverflow(5000, 256, 4096)
    rebuilt = rebuild_error(error_info(overflow))
    assert rebuilt.message == overflow.message
    assert (rebuilt.status, rebuilt.code, rebuilt.error_type) == (
        400,
        "context_length_exceeded",
        "invalid_request_error",
    )


def test_exits_are_named_by_signal() -> None:
    assert describe_exit(-11) == "SIGSEGV"
    assert describe_exit(-9) == "SIGKILL"
    assert describe_exit(-6) == "SIGABRT"
    assert describe_exit(3) == "exit 3"


def test_editors_set_only_their_own_keys() -> None:
    kept, ignored = editor_overrides(
        {
            "local": {"completion_temperature": 0, "model_path": "/tmp/evil.gguf"},
            "gateway": {"base_url": "https://elsewhere.example", "api_key_env": "HOME"},
            "budgets": {"daily_usd": 1e9},
        }
    )
    assert kept == {"local": {"completion_temperature": 0}}
    assert sorted(ignored) == [
        "budgets.daily_usd",
        "gateway.api_key_env",
        "gateway.base_url",
        "local.model_path",
    ]


def test_the_runtime_dir_must_be_private_and_ours(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    assert private_dir(shared).stat().st_mode & 0o777 == 0o700
    if os.getuid() != 0:
        pytest.skip("giving a directory to another user needs root")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    with pytest.raises(DaemonError, match="belongs to another user"):
        private_dir(theirs)


def test_a_discovery_file_written_by_another_user_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIDECAR_RUNTIME_DIR", str(tmp_path / "run"))
    write_discovery(DaemonInfo(1, "http://127.0.0.1:1", "t", "0", "user", "now"))
    assert read_discovery() is not None
    assert (tmp_path / "run" / "daemon.json").stat().st_mode & 0o777 == 0o600
    if os.getuid() != 0:
        pytest.skip("giving a file to another user needs root")
    os.chown(tmp_path / "run" / "daemon.json", 65534, 65534)
    assert read_discovery() is None


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("services/api/.env", True),
        (".env.production", True),
        ("/home/me/app/.env", True),
        ("deploy/tls/server.pem", True),
        ("config/secrets/prod.yaml", True),
        ("secrets/prod.yaml", True),
        ("/home/me/.ssh/config", True),
        ("deploy/config.py", False),
        ("docs/environment.md", False),
        ("src/keys.py", False),
        ("envoy.yaml", False),
    ],
)
def test_never_escalate_globs(path: str, kept: bool) -> None:
    from sidecar.config import BoundarySettings
    from sidecar.security.boundary import Boundary

    boundary = Boundary(None, BoundarySettings().never_escalate)
    assert boundary._matches(path) is kept
