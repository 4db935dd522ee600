#!/usr/bin/env python3
"""Seeds the fuzz corpora from the example widgets and the shared real-world corpus.

Writes fuzz/corpus/<target>/ (git-ignored: regenerated, never committed). JSON files seed the
JSON parser, images the image probe, and each widget packed as a zip (files over 64 KiB left
out, to keep inputs small enough for fast fuzzing) seeds the zip source and whole-widget targets.
"""
import hashlib
import io
import pathlib
import sys
import zipfile

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
# The shared corpus sits beside the main checkout (../shared); a worktree is one level deeper.
SHARED = next(
    (p / "shared" / "corpus" / "widgets" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()),
    ROOT.parent / "shared" / "corpus" / "widgets",
)
SOURCES = [ROOT / "examples" / "widgets", SHARED]
SOURCES += [pathlib.Path(p) for p in sys.argv[1:]]
MAX_MEMBER = 64 * 1024


def put(target, data):
    folder = FUZZ / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def widgets(source):
    for manifest in sorted(source.rglob("manifest.json")):
        yield manifest.parent


counts = {}
for source in SOURCES:
    if not source.is_dir():
        print(f"skipping {source}: not found")
        continue
    for widget in widgets(source):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(widget.rglob("*")):
                if not path.is_file() or path.is_symlink():
                    continue
                data = path.read_bytes()
                suffix = path.suffix.lower()
                if suffix == ".json":
                    put("json_parse", data)
                elif suffix in (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp"):
                    put("image_probe", data[:MAX_MEMBER])
                if len(data) <= MAX_MEMBER:
                    archive.writestr(str(path.relative_to(widget)), data)
        for target in ("zip_source", "widget_zip"):
            put(target, buffer.getvalue())

for folder in sorted((FUZZ / "corpus").iterdir()):
    files = list(folder.iterdir())
    print(f"{folder.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
