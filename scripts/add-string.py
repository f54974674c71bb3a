#!/usr/bin/env python3
"""Add or update UI strings in both resource files of a module (zh-CN is the neutral language, en the satellite).

usage: scripts/add-string.py [--module NAME] KEY "中文" "English" [KEY "中文" "English" ...]

Each module keeps its own text beside its code: src/Renhe/Modules/Sales/SalesStrings.resx and
SalesStrings.en.resx for Sales, likewise Org, Risk, ...; the platform's text, and every key that
several modules use, lives in src/Renhe/Platform/Localization/Strings(.en).resx. The application
looks a key up in all of them (IStringLocalizer<Strings>), so where a key lives never changes the
code that shows it.

Where a key goes:
  --module NAME     that module (Platform, Sales, Org, Risk, ...); a key already defined in another
                    module's files moves here, e.g. --module Platform once a second module uses it.
  (no --module)     where the key is already defined; a new key goes to the module its prefix names
                    (Sales.* and Permission.sales.* to Sales), anything else to Platform.

A module without resource files yet gets an empty pair created; it still needs its marker class
(public sealed class NAMEStrings; in the module's root namespace) and
services.AddModuleStrings<NAMEStrings>() in its registration.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src/Renhe"
PLATFORM = "Platform"
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
"""


def pair(neutral):
    """The zh-CN (neutral) file and its English satellite."""
    return {"zh": neutral, "en": neutral.with_name(neutral.stem + ".en.resx")}


def modules():
    """Every module that has resources: name -> {"zh": path, "en": path}, the platform included."""
    found = {PLATFORM: pair(SRC / "Platform/Localization/Strings.resx")}
    for neutral in sorted((SRC / "Modules").rglob("*Strings.resx")):
        found[neutral.stem.removesuffix("Strings")] = pair(neutral)
    return found


def new_module(name):
    """The resource pair a module without text yet would have: Modules/NAME or Modules/*/NAME."""
    folders = [p for p in (SRC / "Modules").glob(name) if p.is_dir()] + \
              [p for p in (SRC / "Modules").glob("*/" + name) if p.is_dir()]
    if len(folders) != 1:
        sys.exit(f"No module folder named {name} under {SRC / 'Modules'}.")
    print(f"Creating resources for {name}: add its marker class {name}Strings and "
          f"services.AddModuleStrings<{name}Strings>() to its registration.", file=sys.stderr)
    return pair(folders[0] / f"{name}Strings.resx")


def infer(key, names):
    """The module a new key's prefix names (Sales.X, Permission.sales.x), or the platform."""
    parts = key.split(".")
    candidates = {n for n in names if n != PLATFORM and
                  (parts[0] == n or (len(parts) > 2 and parts[0] == "Permission" and parts[1] == n.lower()))}
    return candidates.pop() if len(candidates) == 1 else PLATFORM


def load(path):
    if not path.exists():
        path.write_text(HEADER, encoding="utf-8")
    return ET.parse(path)


def save(tree, path):
    root = tree.getroot()
    data = sorted(root.findall("data"), key=lambda d: d.get("name"))
    for d in root.findall("data"):
        root.remove(d)
    for d in data:
        root.append(d)
    ET.indent(tree, space="  ")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n")


def find(tree, key):
    return next((d for d in tree.getroot().findall("data") if d.get("name") == key), None)


def main(args):
    module = None
    if args[:1] == ["--module"] and len(args) > 1:
        module, args = args[1], args[2:]
    if len(args) % 3 != 0 or not args:
        sys.exit(__doc__)
    files = modules()
    if module is not None and module not in files:
        module = next((n for n in files if n.lower() == module.lower()), module)
        if module not in files:
            files[module] = new_module(module)
    trees = {}  # path -> parsed tree, each file read once and written once

    def tree(path):
        if path not in trees:
            trees[path] = load(path)
        return trees[path]

    for i in range(0, len(args), 3):
        key, zh, en = args[i:i + 3]
        defined = [name for name, p in files.items() if p["zh"].exists() and find(tree(p["zh"]), key) is not None]
        target = module or (defined[0] if defined else infer(key, files))
        for lang, text in (("zh", zh), ("en", en)):
            for name in defined:
                if name != target:
                    other = tree(files[name][lang])
                    node = find(other, key)
                    if node is not None:
                        other.getroot().remove(node)
            t = tree(files[target][lang])
            node = find(t, key)
            if node is None:
                node = ET.SubElement(t.getroot(), "data", {"name": key, "xml:space": "preserve"})
                ET.SubElement(node, "value")
            node.find("value").text = text
        moved = [n for n in defined if n != target]
        print(f"{key}: {target}" + (f" (moved from {', '.join(moved)})" if moved else ""))
    for path, t in trees.items():
        save(t, path)


if __name__ == "__main__":
    main(sys.argv[1:])
