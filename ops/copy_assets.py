"""Copy the front-end libraries installed by `npm ci` into web/static/vendor/ (never committed)."""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "web" / "static" / "vendor"

# source under node_modules → destination under web/static/vendor
FILES = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "bpmn-js/dist/bpmn-navigated-viewer.production.min.js": "bpmn-navigated-viewer.production.min.js",
    "bpmn-js/dist/assets/bpmn-js.css": "bpmn-js.css",
    "bpmn-js/dist/assets/diagram-js.css": "diagram-js.css",
    "chart.js/dist/chart.umd.min.js": "chart.umd.min.js",
    "chart.js/dist/chart.umd.js": "chart.umd.js",
}
# The viewer's icons (markers in the palette and on elements) come from this font.
DIRECTORIES = {"bpmn-js/dist/assets/bpmn-font": "bpmn-font"}


def copy_assets(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> list[Path]:
    missing = [src for src in [*FILES, *DIRECTORIES] if not (node_modules / src).exists()]
    if missing:
        raise SystemExit("Faltan paquetes de npm (ejecute `npm ci`): " + ", ".join(missing))
    vendor.mkdir(parents=True, exist_ok=True)
    copied = []
    for src, dest in FILES.items():
        copied.append(Path(shutil.copyfile(node_modules / src, vendor / dest)))
    for src, dest in DIRECTORIES.items():
        shutil.rmtree(vendor / dest, ignore_errors=True)
        copied.append(Path(shutil.copytree(node_modules / src, vendor / dest)))
    return copied


if __name__ == "__main__":
    for path in copy_assets():
        print(path.relative_to(ROOT))
    sys.exit(0)
