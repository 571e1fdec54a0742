"""Exits 0 when this Python has every package pinned in the requirements file given, at its
pinned version; otherwise names what is missing or differs, and exits 1."""

import importlib.metadata
import sys

wrong = []
with open(sys.argv[1], encoding="utf-8") as requirements:
    for line in requirements:
        pin = line.split("#")[0].strip()
        if not pin:
            continue
        name, version = pin.split("==")
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong.append(f"{name}=={version} (installed: {installed or 'none'})")
if wrong:
    print("missing or other versions: " + ", ".join(wrong))
    sys.exit(1)
