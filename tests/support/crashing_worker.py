"""A model worker that really segfaults while loading, for the supervisor's tests.

``python crashing_worker.py MODE SETTINGS_JSON on|off``: MODE ``always`` crashes every
time; ``repack`` crashes only when weight repacking is on (the AMX crash of llama.cpp
#20824) and otherwise runs the real worker.
"""

from __future__ import annotations

import os
import signal
import sys

mode = sys.argv.pop(1)
if mode == "always" or sys.argv[-1] == "on":
    os.kill(os.getpid(), signal.SIGSEGV)

from sidecar.backends.worker import main  # noqa: E402 - only when not crashing

main()
